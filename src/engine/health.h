/* health.h - how healthy training is, layer by layer, after one batch.
 *
 * Read from a trainer's intermediates of the batch it just ran (no model
 * pass of its own, so it costs one sweep over the batch's activations and
 * gradients): per dense layer the norm of the kernel gradient (vanishing
 * gradients in a deep sigmoid network show as norms falling by orders of
 * magnitude towards the input), a histogram of the activations, the
 * fraction of dead units (relu: zero on every row of the batch) and the
 * fraction of saturated outputs (sigmoid below 0.01 or above 0.99, tanh
 * beyond +-0.99: where their slope is under 4 % of its peak, so almost no
 * gradient passes). Nothing here allocates. */
#ifndef NN_HEALTH_H
#define NN_HEALTH_H

#include <stdint.h>

#include "model.h"
#include "nn_status.h"
#include "trainer.h"

#define NN_HEALTH_BINS 12
#define NN_HEALTH_SAT 0.99f /* |tanh| or 2|sigmoid - 0.5| at or beyond: saturated */

typedef struct {
    int64_t step;                   /* batches completed when measured */
    int n_layers;
    float grad_norm[NN_MAX_LAYERS]; /* sqrt(sum dW^2) of layer l, penalty included */
    float dead[NN_MAX_LAYERS];      /* relu layers: units zero on every row / units; else 0 */
    float saturated[NN_MAX_LAYERS]; /* sigmoid/tanh layers: saturated outputs / outputs; else 0 */
    float hist_lo[NN_MAX_LAYERS], hist_hi[NN_MAX_LAYERS]; /* the histogram's range */
    float hist[NN_MAX_LAYERS][NN_HEALTH_BINS]; /* fraction of the layer's outputs per bin */
} nn_HealthSample;

/* The health of the batch t ran last (its phases must all have run).
 * NN_ERR_INVALID_ARG when no batch has completed. */
nn_Status nn_health_measure(const nn_Trainer *t, nn_HealthSample *out);

/* The histogram's range for an activation over values lo..hi seen:
 * bounded activations use their whole range, others what was seen. */
void nn_health_range(nn_Act act, float seen_lo, float seen_hi, float *lo, float *hi);

#endif
