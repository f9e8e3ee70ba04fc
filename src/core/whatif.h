/* whatif.h - a what-if preview: the run a knob's other value would have
 * given, re-trained from the identical start (the same seed: the same
 * initial weights and batch order, on the same data) to the same step.
 * Nothing here includes SDL. */
#ifndef NNVIZ_CORE_WHATIF_H
#define NNVIZ_CORE_WHATIF_H

#include <stdint.h>

#include "engine/session.h"

#define APP_WHATIF_GRID 24 /* the preview's decision boundary: GRID x GRID points */

typedef struct {
    int64_t steps;          /* batches trained (fewer when it diverged) */
    int diverged;
    double loss;            /* training loss of the final weights (NaN: diverged) */
    float out[APP_WHATIF_GRID * APP_WHATIF_GRID]; /* first output over the plane,
                                                    rows top (x2 = +r) to bottom */
    float radius;           /* the plane shown: [-radius, radius]^2 */
} app_WhatIf;

/* Trains spec on train/test (borrowed, read only, as nn_session_load_data
 * gave them for spec->data) for steps batches from the start, then, for
 * 2-D data, evaluates the first output over [-radius, radius]^2.
 * 0, or -1 with one line in err. */
int app_whatif_run(const nn_Experiment *spec, nn_Dataset *train, nn_Dataset *test, int64_t steps,
                   float radius, app_WhatIf *out, char *err, size_t err_len);

/* The same preview trained a few batches at a time, so that one far along
 * the timeline never stalls a frame, and kept, so that a preview of a run
 * that goes on training only trains the batches it lacks. */
typedef struct {
    nn_Session *s;
    nn_Dataset *own_train, *own_test; /* data loaded for it (NULL: borrowed) */
    int record;             /* finished epochs go into s->history (a ghost curve) */
    int64_t steps;          /* batches trained */
    int diverged;
    double t0;              /* seconds of the epoch under way (for its record) */
} app_WhatIfJob;

/* Starts a job at step 0: on train/test (borrowed as for app_whatif_run),
 * or, train NULL, on data of its own loaded for spec->data (another noise).
 * record: keep one history record per finished epoch. *j zeroed first.
 * 0, or -1 with one line in err (nothing left allocated). */
int app_whatif_job_start(app_WhatIfJob *j, const nn_Experiment *spec, nn_Dataset *train,
                         nn_Dataset *test, int record, char *err, size_t err_len);
/* Trains at most budget batches towards step target. 1 when the job is at
 * target or has diverged, 0 when it needs more calls, -1 with err on an
 * engine error. A job past target (the timeline went back) cannot go back:
 * 1 is returned and the caller starts a new one. */
int app_whatif_job_advance(app_WhatIfJob *j, int64_t target, int64_t budget, char *err,
                           size_t err_len);
/* The preview of the job's weights now (loss, and the grid for 2-D data);
 * the job goes on. 0, or -1 with err. */
int app_whatif_job_result(app_WhatIfJob *j, float radius, app_WhatIf *out, char *err,
                          size_t err_len);
/* Frees the job's session and data; a zeroed job is fine. */
void app_whatif_job_free(app_WhatIfJob *j);

#endif
