/* bench_compare.h - T5: four synchronized runs in the window, offscreen. */
#ifndef NNVIZ_BENCH_COMPARE_H
#define NNVIZ_BENCH_COMPARE_H

#include "app/bench_frame.h"

/* Draws `frames` full frames of w x h with SDL's software renderer while
 * four runs of the T1 network (learning rates 0.003, 0.01, 0.03, 0.1, built
 * by APP_CMD_COMPARE) train in lockstep at full speed; every run's heatmaps
 * (every neuron and the output) are recomputed and uploaded every frame,
 * not only the shown run's. *ms_per_frame receives the mean wall time of a
 * frame and *rounds the lockstep rounds trained meanwhile. 0, or -1. */
int app_bench_compare_frames(int w, int h, int frames, double *ms_per_frame, long long *rounds);
/* The same, with processor times as well. 0, or -1. */
int app_bench_compare_measure(int w, int h, int frames, app_BenchFrames *out);
/* The same with a what-if preview every frame (T5h): the learning rate 1
 * hovered, so the ghost of the shown run and the strip over the learning
 * rate's range re-train each frame within their budgets. 0, or -1. */
int app_bench_compare_whatif_measure(int w, int h, int frames, app_BenchFrames *out);

#endif
