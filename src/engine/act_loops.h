/* act_loops.h - the activation loops: value and derivative of every
 * activation, side by side in two switches over the same cases in the same
 * order (Keras 3 definitions, ../shared/FORMULAS.md). Included by
 * activation.c (the portable build behind nn_act_forward/backward) and by
 * the per-instruction-set kernel files, with NN_K(name) naming the copy. */
#include <math.h>
#include <string.h>

#include "activation.h"
#include "fastmath.h"

#ifndef NN_K
#error "define NN_K(name) before including act_loops.h"
#endif

/* softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^-|z|), stable for large |z| */
static inline float NN_K(softplus)(float z)
{
    float az = fabsf(z);
    return (z > 0.0f ? z : 0.0f) + log1pf(nn_expf_fast(-az));
}

static void NN_K(softmax_rows)(float *restrict a, const float *restrict z, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *zr = z + (size_t)r * cols;
        float *ar = a + (size_t)r * cols;
        float mx = zr[0];
        for (int j = 1; j < cols; j++)
            mx = zr[j] > mx ? zr[j] : mx;
        float sum = 0.0f;
        for (int j = 0; j < cols; j++) {
            ar[j] = nn_expf_fast(zr[j] - mx); /* subtracting the max keeps e^x <= 1 */
            sum += ar[j];
        }
        float inv = 1.0f / sum;
        for (int j = 0; j < cols; j++)
            ar[j] *= inv;
    }
}

static void NN_K(act_forward)(nn_Act act, float *a, const float *z, int rows, int cols)
{
    size_t n = (size_t)rows * cols;
    switch (act) {
    case NN_ACT_LINEAR:
        if (a != z)
            memmove(a, z, n * sizeof *a);
        return;
    case NN_ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            a[i] = nn_sigmoidf_fast(z[i]);
        return;
    case NN_ACT_TANH:
        for (size_t i = 0; i < n; i++)
            a[i] = nn_tanhf_fast(z[i]);
        return;
    case NN_ACT_RELU:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] > 0.0f ? z[i] : 0.0f;
        return;
    case NN_ACT_LEAKY_RELU:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] > 0.0f ? z[i] : NN_LEAKY_RELU_SLOPE * z[i];
        return;
    case NN_ACT_ELU:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] > 0.0f ? z[i] : nn_expm1f_fast(z[i]);
        return;
    case NN_ACT_SOFTPLUS:
        for (size_t i = 0; i < n; i++)
            a[i] = NN_K(softplus)(z[i]);
        return;
    case NN_ACT_SWISH:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] * nn_sigmoidf_fast(z[i]);
        return;
    case NN_ACT_SOFTMAX:
        NN_K(softmax_rows)(a, z, rows, cols);
        return;
    case NN_ACT_COUNT: break;
    }
}

static void NN_K(act_backward)(nn_Act act, float *dz, const float *da, const float *z,
                                const float *a, int rows, int cols)
{
    size_t n = (size_t)rows * cols;
    switch (act) {
    case NN_ACT_LINEAR:
        if (dz != da)
            memmove(dz, da, n * sizeof *dz);
        return;
    case NN_ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            dz[i] = da[i] * (a[i] * (1.0f - a[i]));
        return;
    case NN_ACT_TANH:
        for (size_t i = 0; i < n; i++)
            dz[i] = da[i] * (1.0f - a[i] * a[i]);
        return;
    case NN_ACT_RELU:
        for (size_t i = 0; i < n; i++)
            dz[i] = z[i] > 0.0f ? da[i] : 0.0f;
        return;
    case NN_ACT_LEAKY_RELU:
        for (size_t i = 0; i < n; i++)
            dz[i] = z[i] > 0.0f ? da[i] : NN_LEAKY_RELU_SLOPE * da[i];
        return;
    case NN_ACT_ELU:
        for (size_t i = 0; i < n; i++)
            dz[i] = z[i] > 0.0f ? da[i] : da[i] * (a[i] + 1.0f);
        return;
    case NN_ACT_SOFTPLUS:
        for (size_t i = 0; i < n; i++)
            dz[i] = da[i] * nn_sigmoidf_fast(z[i]);
        return;
    case NN_ACT_SWISH:
        for (size_t i = 0; i < n; i++) {
            float s = nn_sigmoidf_fast(z[i]);
            dz[i] = da[i] * (s + z[i] * s * (1.0f - s));
        }
        return;
    case NN_ACT_SOFTMAX:
        /* Jacobian-vector product: dz_i = a_i (da_i - sum_j a_j da_j) */
        for (int r = 0; r < rows; r++) {
            const float *ar = a + (size_t)r * cols, *dar = da + (size_t)r * cols;
            float *dzr = dz + (size_t)r * cols;
            float dot = 0.0f;
            for (int j = 0; j < cols; j++)
                dot += ar[j] * dar[j];
            for (int j = 0; j < cols; j++)
                dzr[j] = ar[j] * (dar[j] - dot);
        }
        return;
    case NN_ACT_COUNT: break;
    }
}
