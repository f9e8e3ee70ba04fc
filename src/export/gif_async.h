/* gif_async.h - a GIF recorded while the window keeps drawing: the window
 * hands over each captured frame (a copy) and a worker thread quantizes and
 * encodes it (gif_writer.h), then saves the file. No SDL. */
#ifndef NNVIZ_EXPORT_GIF_ASYNC_H
#define NNVIZ_EXPORT_GIF_ASYNC_H

#include <stddef.h>
#include <stdint.h>

typedef struct ex_GifAsync ex_GifAsync;

/* Starts the worker for a w x h GIF at fps written to path when finished.
 * NULL with err on failure. */
ex_GifAsync *ex_gif_async_start(const char *path, int w, int h, int fps, char *err, size_t err_len);
/* Queues a copy of one w x h frame (rows of pitch_px pixels). -1 when no
 * memory is left for the copy or the worker has failed (the frame is lost). */
int ex_gif_async_push(ex_GifAsync *r, const uint32_t *argb, int pitch_px);
/* No more frames: the worker encodes what is queued, then saves. */
void ex_gif_async_finish(ex_GifAsync *r);
/* Where the worker is: 0 still working, 1 saved, -1 failed (msg says why).
 * *encoded counts the frames encoded so far. Never blocks for long. */
int ex_gif_async_poll(ex_GifAsync *r, int *encoded, char *msg, size_t msg_len);
/* Stops (finishing first if it was not asked to), joins the worker and frees. */
void ex_gif_async_free(ex_GifAsync *r);

#endif
