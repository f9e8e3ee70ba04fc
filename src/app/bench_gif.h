/* bench_gif.h - the GIF export measured for nnviz-bench: the spiral lesson's
 * next seconds of training rendered offscreen and encoded (app_exports.h). */
#ifndef NNVIZ_APP_BENCH_GIF_H
#define NNVIZ_APP_BENCH_GIF_H

#include <stddef.h>

/* Exports `seconds` at fps of lessons/spiral.ini, the picture of a w x h
 * window at `scale` times its pixels, to a temporary file, as `nnviz render
 * spiral.ini --gif SECONDS --size WxH --scale S --fps N` does, and removes
 * it. *wall_s and *cpu_s: the export's wall and processor time (window
 * set-up excluded); *bytes the file's size. 0, or -1 with err. */
int app_bench_gif(int w, int h, float scale, double seconds, int fps, double *wall_s, double *cpu_s,
                  long *bytes, char *err, size_t err_len);

#endif
