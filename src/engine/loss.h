/* loss.h - loss functions, computed together with the gradient at the output.
 *
 * Losses are means over the batch (Keras semantics). For a sigmoid output
 * with binary cross-entropy and a softmax output with (sparse) categorical
 * cross-entropy the loss is computed from the logits z in the numerically
 * stable fused form and dL/dz = (p - t)/rows directly; every other pairing
 * goes through dL/da and the activation's derivative.
 *
 * Targets: (rows, cols) floats, except sparse categorical cross-entropy whose
 * target is (rows, 1) holding the class index as a float. */
#ifndef NN_LOSS_H
#define NN_LOSS_H

#include <stddef.h>

#include "activation.h"
#include "nn_status.h"

typedef enum {
    NN_LOSS_MSE = 0,          /* mean over outputs of (y-t)^2, mean over batch */
    NN_LOSS_BCE,              /* binary cross-entropy */
    NN_LOSS_CCE,              /* categorical cross-entropy, one-hot targets */
    NN_LOSS_SPARSE_CCE,       /* categorical cross-entropy, class-index targets */
    NN_LOSS_HALF_SQUARED,     /* Playground: sum over outputs of 1/2 (y-t)^2, mean over batch */
    NN_LOSS_COUNT
} nn_Loss;

/* Keras-style name: "mse", "binary_crossentropy", "categorical_crossentropy",
 * "sparse_categorical_crossentropy", "half_squared". Never NULL. */
const char *nn_loss_name(nn_Loss loss);
/* Accepts the names above and common aliases ("mean_squared_error", "bce",
 * "square"); returns 0 on success, -1 if unknown. */
int nn_loss_from_name(const char *name, nn_Loss *out);

/* Checks the loss can be used with this output layer: cross-entropies need
 * probabilities (BCE: sigmoid or softmax output; CCE: softmax with >= 2
 * units; sparse CCE likewise). Writes one line to err on failure. */
nn_Status nn_loss_check_output(nn_Loss loss, nn_Act out_act, int n_out,
                               char *err, size_t err_len);

/* Mean loss over the batch, accumulated in double. If dz is not NULL it
 * receives dL/dz (rows, cols) for the output layer's pre-activation z (the
 * 1/rows of the batch mean included). z and a are the output layer's
 * pre-activation and activation. */
double nn_loss_eval(nn_Loss loss, nn_Act out_act, const float *z, const float *a,
                    const float *target, int rows, int cols, float *dz);

/* How targets are encoded for this loss/output: number of target floats per
 * row (1 for sparse CCE, else cols) */
int nn_loss_target_width(nn_Loss loss, int n_out);

#endif
