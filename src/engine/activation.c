/* activation.c - activation names, per-unit values and derivatives, and the
 * portable build of the activation loops (act_loops.h). */
#include "activation.h"

#include <math.h>
#include <string.h>

#include "fastmath.h"

#define NN_K(name) name##_base
#include "act_loops.h"

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

float nn_act_scalar(nn_Act act, float z)
{
    switch (act) {
    case NN_ACT_LINEAR: return z;
    case NN_ACT_SIGMOID: return nn_sigmoidf_fast(z);
    case NN_ACT_TANH: return nn_tanhf_fast(z);
    case NN_ACT_RELU: return z > 0.0f ? z : 0.0f;
    case NN_ACT_LEAKY_RELU: return z > 0.0f ? z : NN_LEAKY_RELU_SLOPE * z;
    case NN_ACT_ELU: return z > 0.0f ? z : nn_expm1f_fast(z);
    case NN_ACT_SOFTPLUS: return softplus_base(z);
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

void nn_act_forward(nn_Act act, float *a, const float *z, int rows, int cols)
{
    act_forward_base(act, a, z, rows, cols);
}

void nn_act_backward(nn_Act act, float *dz, const float *da, const float *z, const float *a,
                     int rows, int cols)
{
    act_backward_base(act, dz, da, z, a, rows, cols);
}
