/* whatif_hover.h - the what-if preview of a hovered or dragged control: while
 * the pointer is on a learning rate, regularization rate, noise or batch
 * size other than the run's, the run is re-trained from its identical start
 * to its current step with that value, and the result is drawn as a ghost
 * decision boundary over the output plot and a ghost loss curve over the
 * chart. The previews train within a time budget a frame (the ghost and the
 * strip together) and go on in the following frames, so that hovering never
 * slows the window; previews are kept per value, so coming back to a value
 * (or the run training on) only trains the batches it lacks. */
#ifndef NNVIZ_APP_WHATIF_HOVER_H
#define NNVIZ_APP_WHATIF_HOVER_H

#include <stdint.h>

#include "core/whatif.h"

#define APP_WH_CACHE 8       /* values kept */
/* Seconds of catch-up training (and evaluation) a frame, the ghost's and the
 * strip's together: T5's four compared runs draw in 5 to 7 ms a frame, and
 * hovering a knob over them must stay within 10 (T5h). 2 ms are about 1000
 * batches of the T1 network (T5w), 60000 a second: the window's default
 * pace (1000 a second) is kept up with by all nine previews. The ghost may
 * take half of it, the strip the rest (all of it when the ghost is whole). */
#define APP_WH_TIME_S 0.002

typedef enum {
    APP_WH_NONE = 0,
    APP_WH_LR,
    APP_WH_REG_RATE,
    APP_WH_NOISE,
    APP_WH_BATCH,
    APP_WH_KNOBS
} app_WhKnob;

typedef struct {
    int used;
    int knob;                 /* app_WhKnob */
    float value;
    nn_Experiment spec;       /* the run's experiment with the value set */
    const void *data;         /* the run's training set it borrows (NULL: its own) */
    int64_t data_n;
    app_WhatIfJob job;
    app_WhatIf res;           /* the preview at res.steps (valid when have_res) */
    int have_res;
    int64_t last_use;         /* frame it was last wanted (the oldest goes first) */
} app_WhEntry;

/* The strip of small multiples over the hovered knob's range (whatif_strip.c):
 * APP_WS_N values from "too small" to "diverged", each the run re-trained
 * from its identical start to its current step, kept so that they only
 * train the batches they lack, within the frame's time (APP_WH_TIME_S). */
#define APP_WS_N 8

typedef struct {
    int knob;                 /* the knob spanned (APP_WH_NONE: none yet) */
    nn_Experiment base;       /* the run's experiment the values were set in */
    const void *data;         /* the run's training set (NULL: each value's own, noise) */
    int64_t data_n;
    int n;                    /* values, at most APP_WS_N */
    float value[APP_WS_N];
    app_WhatIfJob job[APP_WS_N];
    app_WhatIf res[APP_WS_N]; /* each at res.steps (valid when have[k]) */
    int have[APP_WS_N];
    int next;                 /* the value trained next: round robin */
    int64_t target;           /* the step re-trained to this frame */
    int tex[APP_WS_N];        /* the cells' pictures (0: none yet) */
    int shown;                /* drawn this frame */
    int pending;              /* a value still short of the target: more frames owed */
} app_WhatIfStrip;

typedef struct {
    int want_knob;            /* set by the panels this frame (APP_WH_NONE: nothing hovered) */
    float want_value;
    int frame_knob;           /* the knob and value wanted this frame (after app_wh_update) */
    float frame_value;
    int shown;                /* entry drawn this frame plus one (0: none) */
    int64_t target;           /* the step it is re-trained to */
    int pending;              /* the ghost still short of the target: more frames owed */
    int64_t frame;
    double budget_s;          /* the frame's catch-up time (0: APP_WH_TIME_S; tests set less) */
    double start;             /* plat_now() when this frame's catch-up began */
    double spent_s;           /* seconds app_wh_update took, all frames (for T5h) */
    app_WhEntry e[APP_WH_CACHE];
    app_WhatIfStrip strip;    /* the knob's range, while it is hovered */
} app_WhatIfHover;

/* Trains j towards step target until plat_now() passes deadline, and at
 * least one batch, so that every frame moves it (a preview is never stale
 * for good). The batches go in chunks sized from the time the last one
 * took, so the clock is read a few times a frame, not once a batch, and the
 * deadline is overrun by about one batch at most. The result is the same,
 * bit for bit, however the batches are split over calls. Returns as
 * app_whatif_job_advance: 1 at target or diverged, 0 when more calls are
 * needed, -1 with err. */
int app_wh_advance_until(app_WhatIfJob *j, int64_t target, double deadline, char *err,
                         size_t err_len);

#endif
