/* dropout.h - inverted dropout, as Keras's Dropout layer computes it.
 *
 * While training, each value a of a hidden layer's output is kept with
 * probability keep = 1 - rate and passed on as a / keep, or dropped (0):
 *     mask ~ Bernoulli(keep),  out = mask ? a / keep : 0
 * and the backward pass sends dL/da = mask ? dL/dout / keep : 0 down. At
 * evaluation and prediction the layer is the identity.
 *
 * The mask is a function of the run's seeded generator (its state when the
 * trainer was configured), the step (batches completed) and the layer, never
 * of a generator that moves on: a run rewound to a checkpoint, replayed or
 * stepped phase by phase draws the very same mask, and the same seed gives
 * the same bits. */
#ifndef NN_DROPOUT_H
#define NN_DROPOUT_H

#include <stdint.h>

#include "rng.h"

/* The key every mask of a run derives from: a hash of the generator. */
uint64_t nn_dropout_key(const nn_Rng *run_rng);

/* out = mask ? a / (1 - rate) : 0 over n values (a batch's (rows, units)),
 * the mask (1 kept, 0 dropped) drawn for (key, step, layer): a PCG32 stream
 * seeded from them, one uniform u per value in row-major order, kept when
 * u < 1 - rate (jax.random.bernoulli's rule). 0 < rate < 1. */
void nn_dropout_forward(float *out, uint8_t *mask, const float *a, int n, float rate, uint64_t key,
                        int64_t step, int layer);

/* d = mask ? d / (1 - rate) : 0, in place: the gradient through the layer. */
void nn_dropout_backward(float *d, const uint8_t *mask, int n, float rate);

#endif
