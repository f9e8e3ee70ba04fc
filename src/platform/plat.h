/* plat.h - the platform layer: the only code in nnviz that includes SDL.
 *
 * A plat_Ctx is either a real window (resizable, high-DPI aware) or an
 * offscreen surface drawn by SDL's software renderer (for `nnviz render`,
 * the tests and the frame benchmark). Both draw the same ui command lists,
 * so a PNG from the offscreen context is the window's frame. */
#ifndef NNVIZ_PLAT_H
#define NNVIZ_PLAT_H

#include <stddef.h>
#include <stdint.h>

#include "ui/ui.h"

typedef struct plat_Ctx plat_Ctx;

#define PLAT_PATH_MAX 1024

/* Window-level events of one frame (input for widgets goes to ui_Input). */
typedef struct {
    int quit;                   /* window closed */
    int resized;                /* drawable size changed */
    int dropped;                /* a file was dropped on the window */
    char drop_path[PLAT_PATH_MAX];
    int any;                    /* events read (of any kind): the window may have changed */
} plat_Events;

/* Opens a window of w x h points. NULL on failure with SDL's reason in err.
 * Without a display SDL falls back to its offscreen (or dummy) driver, where
 * a window runs unseen: then, unless the driver was asked for by name
 * (SDL_VIDEODRIVER), no window is opened, *no_display is set to 1 and err
 * names the driver. Otherwise *no_display is 0. */
plat_Ctx *plat_open_window(const char *title, int w, int h, int *no_display, char *err,
                           size_t err_len);
/* An offscreen w x h surface with the software renderer; needs no display. */
plat_Ctx *plat_open_offscreen(int w, int h, char *err, size_t err_len);
void plat_close(plat_Ctx *p);

/* Drawable size in pixels, and pixels per window point (high-DPI: 2). */
void plat_size(const plat_Ctx *p, int *w, int *h);
float plat_pixel_ratio(const plat_Ctx *p);

/* Collects this frame's events. in is rebuilt: pressed/released/keys/text
 * reset, held state carried over. */
void plat_poll(plat_Ctx *p, ui_Input *in, plat_Events *ev);
/* Blocks until an event is waiting or timeout_ms passed (an idle window
 * sleeps); the event stays queued for plat_poll. 1 when one is waiting. */
int plat_wait(plat_Ctx *p, int timeout_ms);
void plat_set_fullscreen(plat_Ctx *p, int on);
int plat_is_fullscreen(const plat_Ctx *p);
void plat_set_title(plat_Ctx *p, const char *title);

/* Seconds from an arbitrary origin, high resolution. */
double plat_now(void);
void plat_sleep_ms(int ms);

/* ---- fonts (plat_font.c) ---- */

/* Path of the UI font found on this machine (NNVIZ_FONT, assets/, DejaVu). */
const char *plat_font_path(const plat_Ctx *p);
/* Path of the CJK font that draws the characters the UI font lacks
 * (NNVIZ_FONT_CJK, fonts-wqy-microhei, Noto CJK, Droid fallback); "" when
 * none was found: Chinese text then shows as boxes, English is unaffected. */
const char *plat_font_cjk_path(const plat_Ctx *p);
/* How many font sizes have opened the CJK face: it is opened lazily, on the
 * first character the UI font lacks, so English text keeps this 0. */
int plat_font_cjk_opened(const plat_Ctx *p);
/* Bytes held by the glyph atlases of the open font sizes (texture and its
 * pixel copy): English sizes stay small, a size showing Chinese grows. */
size_t plat_font_atlas_bytes(const plat_Ctx *p);
/* The window's bound on rasterizing fallback (Chinese) glyphs: at most ms
 * per frame, the rest in the next frames, so switching the language live
 * costs no long frame. 0 (the default, offscreen renders): every glyph in
 * the frame that shows it. */
void plat_font_set_budget(plat_Ctx *p, double ms);
#define PLAT_GLYPH_BUDGET_MS 4.0 /* the window's: a 16 ms frame keeps 12 ms for the rest */
/* 1 when the last frame left glyphs for a later one: draw another frame. */
int plat_font_pending(const plat_Ctx *p);
/* Ahead of a language switch: opens the CJK face for one open size that
 * lacks it (a few ms each), so the switch frame does not. Returns 1 when
 * it opened one, 0 when every open size has it (or there is no CJK font). */
int plat_font_warm_cjk(plat_Ctx *p);
/* Renders ahead the fallback (CJK) glyphs of UTF-8 text s in every open
 * font size up to max_px, so a later switch to its language finds them
 * drawn; stops once plat_now() passes until. 1 when all of s is done, 0
 * when time ran out first (call again: drawn glyphs are skipped). */
int plat_font_warm_text(plat_Ctx *p, const char *s, double until, int max_px);
/* Font sizes open now (a zoom or a new panel may open more). */
int plat_font_open_sizes(const plat_Ctx *p);
/* Fonts opened since start: steady frames open none (each open reads the
 * font file and renders its glyphs anew). */
long plat_font_opens(const plat_Ctx *p);
/* Callbacks with the signatures ui_Context expects (user = plat_Ctx). */
int plat_text_width(void *user, int font_px, int bold, const char *s, int len);
int plat_text_height(void *user, int font_px);

/* ---- textures (plat_draw.c) ---- */

/* A w x h opaque (alpha ignored) ARGB8888 streaming texture; a handle > 0, or 0 on failure.
 * smooth: linear filtering when scaled (where the renderer offers it). */
int plat_texture_create(plat_Ctx *p, int w, int h, int smooth);
/* Uploads w*h pixels (0xAARRGGBB, rows of pitch_px pixels). */
void plat_texture_update(plat_Ctx *p, int tex, const uint32_t *px, int pitch_px);
void plat_texture_destroy(plat_Ctx *p, int tex);

/* ---- frames ---- */

/* Clears to bg and replays the base then the overlay command list. */
void plat_render(plat_Ctx *p, const ui_Context *ui, ui_Color bg);
void plat_present(plat_Ctx *p);
/* Reads the last rendered frame as 0xAARRGGBB pixels (w*h). 0 on success. */
int plat_read_pixels(plat_Ctx *p, uint32_t *dst, int w, int h);
/* Saves the last rendered frame as PNG (SDL_image). 0 on success. */
int plat_save_png(plat_Ctx *p, const char *path, char *err, size_t err_len);

/* ---- pictures drawn aside (plat_capture.c) ---- */

/* Until plat_capture_end, frames are drawn into a w x h picture of their
 * own instead of the window (plat_size reports w x h), so a frame can be
 * saved at another resolution while the window keeps its own. 0, or -1 with
 * err (the renderer draws into no texture, or no memory). */
int plat_capture_begin(plat_Ctx *p, int w, int h, char *err, size_t err_len);
/* Back to the window (its contents are those before the capture). */
void plat_capture_end(plat_Ctx *p);

#endif
