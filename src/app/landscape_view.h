/* landscape_view.h - the loss-landscape view: one computed slice
 * (src/race/landscape_slice.h) and its heatmap texture. */
#ifndef NNVIZ_LANDSCAPE_VIEW_H
#define NNVIZ_LANDSCAPE_VIEW_H

#include <stdint.h>

#include "race/landscape_slice.h"
#include "platform/plat.h"
#include "ui/ui.h"

typedef struct {
    const race_Slice *slice; /* borrowed: what to draw */
    long long batches;       /* training batches behind the current weights */
    int tex, tex_w, tex_h;   /* heatmap texture (0: none yet) */
    const race_Slice *tex_slice; /* the slice the texture shows */
    uint32_t *px;            /* (tex_w * tex_h) */
    float *val;              /* (tex_w * tex_h) loss interpolated to pixels */
} app_LandscapeView;

/* Draws the slice into r: loss contours (log scale), the projected
 * trajectory with the initial and current weights marked, what the axes
 * are (with the principal directions' caveat), and the 1-D loss from the
 * initial to the current weights. */
void app_landscape_draw(ui_Context *ui, plat_Ctx *p, ui_Rect r, app_LandscapeView *v);
/* Frees the texture and pixels (the slice is the caller's). */
void app_landscape_free(app_LandscapeView *v, plat_Ctx *p);

#endif
