/* app_exports.h - exports for slides and handouts: the window at S times
 * its pixels (PNG), the network diagram as SVG, a GIF of training; from
 * `nnviz render` (--scale, --svg, --gif) and from the window (Shift+S, X, F
 * and the top bar's Export menu). */
#ifndef NNVIZ_APP_EXPORTS_H
#define NNVIZ_APP_EXPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

#define APP_GIF_SECONDS 5   /* what F records */
#define APP_GIF_FPS 10      /* frames a second of a GIF unless --fps says otherwise */

/* Batches a second that the GIF's time stands for: the speed setting's
 * (index into app_speeds); "as fast as possible" (0) counts as the fastest
 * listed speed, so a GIF's content never depends on the machine. */
int app_gif_speed(int speed_index);
/* Batches trained between frame k-1 and frame k (k >= 1) of a GIF at fps
 * that stands for bps batches a second: frame k shows the run after
 * floor(k * bps / fps) batches, so N seconds train N * bps batches whatever
 * the frame rate. */
int64_t app_gif_batches(int bps, int fps, int k);

/* Renders a GIF of the next `seconds` of training at the window's speed:
 * frame 0 as things are, then each frame after app_gif_batches more batches
 * (deterministic), at a->plat's size. 0, or -1 with err. */
int app_render_gif(app_State *a, double seconds, int fps, const char *path, char *err,
                   size_t err_len);

/* Writes the network panel of the last drawn frame as SVG: edges as paths
 * with the window's colours and widths, neurons as their heatmap tiles in
 * vector squares, biases, layer captions and the input names as text.
 * 0, or -1 with err. */
int app_save_svg(app_State *a, const char *path, char *err, size_t err_len);

/* The window's part. Keys of this frame (Shift+S, X, F; call from the
 * shortcuts, with no text field focused). */
void app_export_keys(app_State *a);
/* The Export menu in r (the top bar), and the width it wants. */
void app_export_menu(app_State *a, ui_Rect r);
int app_export_menu_width(const app_State *a);
/* After the frame is rendered, before it is presented: a pending SVG is
 * written, a recording GIF takes this frame when one is due. */
void app_export_after_draw(app_State *a);
/* After the frame is presented: a pending 2x save draws one frame aside at
 * twice the pixels and writes it. */
void app_export_after_present(app_State *a);
/* 1 while a GIF is recorded or encoded: the window keeps drawing frames. */
int app_export_busy(const app_State *a);
void app_export_free(app_State *a);

#endif
