/* activation.c - activation values and derivatives, side by side.
 *
 * nn_act_forward and nn_act_backward switch over the same cases in the same
 * order; each case's loop body is the activation and its derivative written
 * as formulas (Keras 3 definitions, ../shared/FORMULAS.md). */
#include "activation.h"

#include <math.h>
#include <string.h>

#include "fastmath.h"

static const char *const act_names[NN_ACT_COUNT] = {
    "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish", "softmax",
};

const char *nn_act_name(nn_Act act)
{
    return (unsigned)act < NN_ACT_COUNT ? act_names[act] : "unknown";
}

int nn_act_from_name(const char *name, nn_Act *out)
{
    if (!name)
        return -1;
    for (int i = 0; i < NN_ACT_COUNT; i++) {
        if (strcmp(name, act_names[i]) == 0) {
            *out = (nn_Act)i;
            return 0;
        }
    }
    /* Keras accepts these spellings too */
    if (strcmp(name, "silu") == 0) { *out = NN_ACT_SWISH; return 0; }
    if (strcmp(name, "none") == 0 || strcmp(name, "identity") == 0) { *out = NN_ACT_LINEAR; return 0; }
    if (strcmp(name, "leakyrelu") == 0) { *out = NN_ACT_LEAKY_RELU; return 0; }
    return -1;
}

/* softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^-|z|), stable for large |z| */
static inline float softplus(float z)
{
    float az = fabsf(z);
    return (z > 0.0f ? z : 0.0f) + log1pf(nn_expf_fast(-az));
}

float nn_act_scalar(nn_Act act, float z)
{
    switch (act) {
    case NN_ACT_LINEAR: return z;
    case NN_ACT_SIGMOID: return nn_sigmoidf_fast(z);
    case NN_ACT_TANH: return nn_tanhf_fast(z);
    case NN_ACT_RELU: return z > 0.0f ? z : 0.0f;
    case NN_ACT_LEAKY_RELU: return z > 0.0f ? z : NN_LEAKY_RELU_SLOPE * z;
    case NN_ACT_ELU: return z > 0.0f ? z : nn_expm1f_fast(z);
    case NN_ACT_SOFTPLUS: return softplus(z);
    case NN_ACT_SWISH: return z * nn_sigmoidf_fast(z);
    case NN_ACT_SOFTMAX:
    case NN_ACT_COUNT: break;
    }
    return z;
}

float nn_act_derivative_scalar(nn_Act act, float z, float a)
{
    switch (act) {
    case NN_ACT_LINEAR: return 1.0f;
    case NN_ACT_SIGMOID: return a * (1.0f - a);
    case NN_ACT_TANH: return 1.0f - a * a;
    case NN_ACT_RELU: return z > 0.0f ? 1.0f : 0.0f; /* relu'(0) = 0 as in TensorFlow */
    case NN_ACT_LEAKY_RELU: return z > 0.0f ? 1.0f : NN_LEAKY_RELU_SLOPE;
    case NN_ACT_ELU: return z > 0.0f ? 1.0f : a + 1.0f; /* d/dz (e^z - 1) = e^z = a + 1 */
    case NN_ACT_SOFTPLUS: return nn_sigmoidf_fast(z);
    case NN_ACT_SWISH: {
        /* d/dz z s(z) = s + z s (1 - s) */
        float s = nn_sigmoidf_fast(z);
        return s + z * s * (1.0f - s);
    }
    case NN_ACT_SOFTMAX: return a * (1.0f - a);
    case NN_ACT_COUNT: break;
    }
    return 1.0f;
}

static void softmax_rows(float *restrict a, const float *restrict z, int rows, int cols)
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

void nn_act_forward(nn_Act act, float *a, const float *z, int rows, int cols)
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
            a[i] = softplus(z[i]);
        return;
    case NN_ACT_SWISH:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] * nn_sigmoidf_fast(z[i]);
        return;
    case NN_ACT_SOFTMAX:
        softmax_rows(a, z, rows, cols);
        return;
    case NN_ACT_COUNT: break;
    }
}

void nn_act_backward(nn_Act act, float *dz, const float *da, const float *z, const float *a,
                     int rows, int cols)
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
