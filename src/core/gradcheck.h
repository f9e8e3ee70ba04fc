/* gradcheck.h - backprop's dL/dw of one weight beside a central finite
 * difference on the same batch, as the inspector's gradient check shows.
 *
 * The difference re-runs the forward pass and the loss (penalty included)
 * of the trainer's current batch with the weight moved by +h and -h, with
 * plain loops independent of the trainer's kernels:
 *     numeric = (L(w + h) - L(w - h)) / (2h).
 * The weights are the ones the batch's forward pass used (a change the
 * batch's update applied is taken back). Nothing here includes SDL. */
#ifndef NNVIZ_CORE_GRADCHECK_H
#define NNVIZ_CORE_GRADCHECK_H

#include <stddef.h>

#include "engine/trainer.h"

typedef struct {
    double backprop;   /* the trainer's dL/dw for the batch */
    double numeric;    /* the central difference */
    double rel;        /* |backprop - numeric| / max(|backprop|, |numeric|, 1e-12) */
    double h;          /* the step used */
} app_GradCheck;

/* Checks weight i -> j of dense layer l (j = -1: the bias of unit i) on t's
 * current batch; h <= 0 picks 1e-3. Needs the layer's backward phase to
 * have run in this batch. 0, or -1 with one line in err. */
int app_gradcheck(const nn_Trainer *t, int l, int i, int j, double h, app_GradCheck *out,
                  char *err, size_t err_len);

#endif
