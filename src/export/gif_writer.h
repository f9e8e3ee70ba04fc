/* gif_writer.h - an animated GIF built frame by frame in memory (giflib for
 * the encoding, libimagequant for each frame's 256-colour palette), saved
 * atomically. No SDL: frames are plain 0xAARRGGBB pixel arrays, as the
 * platform layer reads them back. */
#ifndef NNVIZ_EXPORT_GIF_WRITER_H
#define NNVIZ_EXPORT_GIF_WRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct ex_Gif ex_Gif;

/* A w x h GIF that shows each frame for 1/fps s and loops forever.
 * NULL with the reason in err (bad size or fps, no memory). */
ex_Gif *ex_gif_create(int w, int h, int fps, char *err, size_t err_len);
/* Appends one frame of w*h pixels (rows of pitch_px pixels; alpha ignored),
 * quantized to its own palette without dithering (the window's flat colours
 * stay flat and compress well). 0, or -1 with err; on error the frames kept
 * so far are unchanged. */
int ex_gif_add(ex_Gif *g, const uint32_t *argb, int pitch_px, char *err, size_t err_len);
int ex_gif_frames(const ex_Gif *g);
/* Finishes the file and writes it to path atomically (temp file + rename).
 * 0, or -1 with "path: reason" in err. g stays valid (free it after). */
int ex_gif_save(ex_Gif *g, const char *path, char *err, size_t err_len);
void ex_gif_free(ex_Gif *g);

#endif
