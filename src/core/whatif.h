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

#endif
