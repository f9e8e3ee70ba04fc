/* dropout.c - inverted dropout's forward and backward over a batch. */
#include "dropout.h"

/* SplitMix64's finalizer: every input bit reaches every output bit, so
 * neighbouring steps and layers get unrelated streams. */
static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t nn_dropout_key(const nn_Rng *run_rng)
{
    return mix64(mix64(run_rng->state) ^ run_rng->inc ^ (uint64_t)run_rng->kind << 1);
}

void nn_dropout_forward(float *out, uint8_t *mask, const float *a, int n, float rate, uint64_t key,
                        int64_t step, int layer)
{
    nn_Rng r;
    nn_rng_seed(&r, mix64(key ^ mix64((uint64_t)step * 64u + (uint64_t)layer)));
    /* Keras: keep_prob = 1 - rate in float32, kept values divided by it */
    const float keep = 1.0f - rate;
    for (int i = 0; i < n; i++) {
        mask[i] = nn_rng_uniform(&r) < (double)keep;
        out[i] = mask[i] ? a[i] / keep : 0.0f;
    }
}

void nn_dropout_backward(float *d, const uint8_t *mask, int n, float rate)
{
    const float keep = 1.0f - rate;
    for (int i = 0; i < n; i++)
        d[i] = mask[i] ? d[i] / keep : 0.0f;
}
