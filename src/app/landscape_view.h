/* landscape_view.h - the loss-landscape view: one computed slice
 * (src/race/landscape_slice.h) and its heatmap texture. */
#ifndef NNVIZ_LANDSCAPE_VIEW_H
#define NNVIZ_LANDSCAPE_VIEW_H

#include <stdint.h>

#include "race/landscape_slice.h"
#include "race/landscape_worker.h"
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

/* The landscape in the window (panel_landscape_win.c, app_State.land):
 * the focused run's weights recorded as it trains, and the slice through
 * them recomputed at most every LAND_WIN_PERIOD seconds while they move, on
 * a worker thread (race/landscape_worker.h): the window draws the last
 * slice finished and never waits for one. */
struct app_LandWin {
    int open;
    app_LandscapeView v;
    race_Slice *slice;      /* the last computed, or NULL */
    float *traj;            /* (cap, n) recorded weights, the oldest first */
    int T, cap;
    size_t n;               /* parameters per record */
    int64_t stride;         /* batches between records (doubles when full) */
    int64_t last_step;      /* trainer step of the last record */
    int64_t slice_step;     /* trainer step the slice shows (-1: none) */
    double slice_time;      /* when it was computed */
    race_SliceWorker *worker; /* computes the slices (NULL until first needed) */
    int64_t job_step[4];    /* trainer step of job generation g, at [g % 4] */
    race_DirMode job_mode[4]; /* and its directions */
    int64_t asked_gen;      /* the last job submitted (0: none) */
};

/* Draws the slice into r: loss contours (log scale), the projected
 * trajectory with the initial and current weights marked, what the axes
 * are (with the principal directions' caveat), and the 1-D loss from the
 * initial to the current weights. */
void app_landscape_draw(ui_Context *ui, plat_Ctx *p, ui_Rect r, app_LandscapeView *v);
/* Frees the texture and pixels (the slice is the caller's). */
void app_landscape_free(app_LandscapeView *v, plat_Ctx *p);

#endif
