/* activation.h - activation functions and their derivatives.
 *
 * The value and the derivative of each activation live side by side in
 * activation.c (one switch each, same order) so they cannot drift apart.
 * Definitions follow Keras 3 (see ../shared/FORMULAS.md): leaky_relu slope
 * 0.2, relu'(0) = 0, softmax only on the output layer. */
#ifndef NN_ACTIVATION_H
#define NN_ACTIVATION_H

typedef enum {
    NN_ACT_LINEAR = 0,
    NN_ACT_SIGMOID,
    NN_ACT_TANH,
    NN_ACT_RELU,
    NN_ACT_LEAKY_RELU,
    NN_ACT_ELU,
    NN_ACT_SOFTPLUS,
    NN_ACT_SWISH,
    NN_ACT_SOFTMAX,
    NN_ACT_COUNT
} nn_Act;
/* Softmax stays last: the window's hidden-layer menus list every activation
 * before it (a hidden layer is not offered softmax). */
_Static_assert(NN_ACT_SOFTMAX == NN_ACT_COUNT - 1, "softmax is the last activation");

#define NN_LEAKY_RELU_SLOPE 0.2f

/* Keras name ("relu", "leaky_relu", ...). Never NULL. */
const char *nn_act_name(nn_Act act);
/* Parse a Keras name; returns 0 and sets *out on success, -1 if unknown. */
int nn_act_from_name(const char *name, nn_Act *out);

/* f(z) of one unit. Softmax has no per-unit form: returns z unchanged. */
float nn_act_scalar(nn_Act act, float z);
/* f'(z) given z and a = f(z). Softmax: the diagonal term a(1-a). */
float nn_act_derivative_scalar(nn_Act act, float z, float a);

/* a = f(z) for a (rows, cols) block; softmax is taken along each row. */
void nn_act_forward(nn_Act act, float *a, const float *z, int rows, int cols);
/* dz = da * f'(z) for a (rows, cols) block; for softmax the row-wise
 * Jacobian-vector product dz_i = a_i (da_i - sum_j a_j da_j). dz may alias da. */
void nn_act_backward(nn_Act act, float *dz, const float *da, const float *z,
                     const float *a, int rows, int cols);

#endif
