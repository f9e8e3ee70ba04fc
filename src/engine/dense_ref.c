/* dense_ref.c - the dense layer in plain loops: what every fast kernel computes.
 *
 * Read this file first. A dense layer maps a batch of rows of `in` inputs to
 * rows of `out` units; its kernel W is laid out (in, out) like Keras's, so
 * W[i][j] is the weight from input i to unit j:
 *
 *     x  (rows, in)     W  (in, out)     b  (out)
 *     z, dz (rows, out)                  dx (rows, in)
 *
 * The fast kernels (dense_body.h, built once per instruction set and chosen
 * in dense.c) compute exactly these sums, each element in input order, but
 * tiled into vector registers, skipping exact zeros and split between
 * threads; tests/test_dense.c checks every one of them against these loops.
 * Like the fast kernels, these overwrite their outputs. */
#include "dense.h"

/* Forward:   z = x W + b
 *            z[r][j] = b[j] + sum_i x[r][i] W[i][j] */
void nn_dense_ref_forward(float *z, const float *x, const float *W, const float *b, int rows,
                          int in, int out)
{
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < out; j++) {
            float s = b[j];
            for (int i = 0; i < in; i++)
                s += x[(size_t)r * in + i] * W[(size_t)i * out + j];
            z[(size_t)r * out + j] = s;
        }
}

/* Weights:   dW = x^T dz
 *            dW[i][j] = sum_r x[r][i] dz[r][j]
 * Bias:      db = the sum of dz over the batch's rows
 *            db[j] = sum_r dz[r][j]
 * (dz is dL/dz; the trainer adds a regularizer's gradient to dW afterwards.) */
void nn_dense_ref_backward_params(float *dW, float *db, const float *x, const float *dz,
                                  int rows, int in, int out)
{
    for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++) {
            float s = 0.0f;
            for (int r = 0; r < rows; r++)
                s += x[(size_t)r * in + i] * dz[(size_t)r * out + j];
            dW[(size_t)i * out + j] = s;
        }
    for (int j = 0; j < out; j++) {
        float s = 0.0f;
        for (int r = 0; r < rows; r++)
            s += dz[(size_t)r * out + j];
        db[j] = s;
    }
}

/* Inputs:    dx = dz W^T   (dL/da of the layer below)
 *            dx[r][i] = sum_j dz[r][j] W[i][j] */
void nn_dense_ref_backward_input(float *dx, const float *dz, const float *W, int rows, int in,
                                 int out)
{
    for (int r = 0; r < rows; r++)
        for (int i = 0; i < in; i++) {
            float s = 0.0f;
            for (int j = 0; j < out; j++)
                s += dz[(size_t)r * out + j] * W[(size_t)i * out + j];
            dx[(size_t)r * in + i] = s;
        }
}

/* A point of a plane through p0 along p1 and p2: z = p0 + a p1 + b p2 */
void nn_dense_ref_lincomb3(float *z, const float *p0, const float *p1, const float *p2, float a,
                           float b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        z[i] = p0[i] + a * p1[i] + b * p2[i];
}

/* Forward with rows and units swapped in memory (unit-major, ld floats a
 * unit): zt[j][r] = b[j] + sum_i xt[i][r] W[i][j] */
void nn_dense_ref_forward_unit_major(float *zt, const float *xt, const float *W, const float *b,
                                     int ld, int in, int out)
{
    for (int j = 0; j < out; j++)
        for (int r = 0; r < ld; r++) {
            float s = b[j];
            for (int i = 0; i < in; i++)
                s += xt[(size_t)i * ld + r] * W[(size_t)i * out + j];
            zt[(size_t)j * ld + r] = s;
        }
}
