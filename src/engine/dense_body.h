/* dense_body.h - dense-layer kernel bodies, included by one file per
 * instruction set (dense_portable.c, dense_avx2.c, dense_avx512.c) with
 * NN_DENSE_SUFFIX set. Column tiles of 16, 8 and 4 units are GCC vector
 * types (may_alias: they read float arrays) held in registers across the
 * whole reduction; every output element
 * is still summed in input order, so all variants agree up to FMA rounding.
 * Columns left over (fewer than 4) use plain scalar loops. */
#include <string.h>

#define NN_CAT2(a, b) a##_##b
#define NN_CAT(a, b) NN_CAT2(a, b)
#define NN_K(name) NN_CAT(name, NN_DENSE_SUFFIX)

/* GCC vector types: the same source becomes one AVX-512 register, two AVX2
 * registers or four SSE registers per 16 floats, depending on the build. The
 * aligned(4) attribute makes loads through them unaligned-safe. */
typedef float NN_K(v16) __attribute__((vector_size(64), aligned(4), may_alias));
typedef float NN_K(v8) __attribute__((vector_size(32), aligned(4), may_alias));
typedef float NN_K(v4) __attribute__((vector_size(16), aligned(4), may_alias));

/* z[r][j..j+T) = b + sum_i x[r][i] W[i][j..j+T): blocks of R rows share each
 * loaded W tile, and R independent accumulators keep the FMA units busy. */
#define NN_FWD_BLOCK(T, R)                                                                      \
    static inline void NN_K(fwd_##T##x##R)(float *restrict z, const float *restrict x,          \
                                           const float *restrict W, const float *restrict b,    \
                                           int r, int j, int in, int out)                       \
    {                                                                                           \
        typedef NN_K(v##T) V;                                                                   \
        V acc[R];                                                                               \
        V bias = *(const V *)(b + j);                                                           \
        for (int q = 0; q < R; q++)                                                             \
            acc[q] = bias;                                                                      \
        const float *x0 = x + (size_t)r * in;                                                   \
        for (int i = 0; i < in; i++) {                                                          \
            V w = *(const V *)(W + (size_t)i * out + j);                                        \
            for (int q = 0; q < R; q++)                                                         \
                acc[q] += x0[(size_t)q * in + i] * w;                                           \
        }                                                                                       \
        for (int q = 0; q < R; q++)                                                             \
            *(V *)(z + (size_t)(r + q) * out + j) = acc[q];                                     \
    }

/* dW[i..i+R)[j..j+T) = sum_r x[r][i..i+R) dz[r][j..j+T): R inputs at a time
 * share each loaded dz tile, again R independent accumulators. */
#define NN_DW_BLOCK(T, R)                                                                       \
    static inline void NN_K(dw_##T##x##R)(float *restrict dW, const float *restrict x,          \
                                          const float *restrict dz, int rows, int i, int j,     \
                                          int in, int out)                                      \
    {                                                                                           \
        typedef NN_K(v##T) V;                                                                   \
        V acc[R];                                                                               \
        for (int q = 0; q < R; q++)                                                             \
            acc[q] = (V){0};                                                                    \
        for (int r = 0; r < rows; r++) {                                                        \
            V d = *(const V *)(dz + (size_t)r * out + j);                                       \
            const float *xr = x + (size_t)r * in + i;                                           \
            for (int q = 0; q < R; q++)                                                         \
                acc[q] += xr[q] * d;                                                            \
        }                                                                                       \
        for (int q = 0; q < R; q++)                                                             \
            *(V *)(dW + (size_t)(i + q) * out + j) = acc[q];                                    \
    }

#define NN_TILE_KERNELS(T)                                                                      \
    NN_FWD_BLOCK(T, 8)                                                                          \
    NN_FWD_BLOCK(T, 4)                                                                          \
    NN_FWD_BLOCK(T, 1)                                                                          \
    NN_DW_BLOCK(T, 8)                                                                           \
    NN_DW_BLOCK(T, 4)                                                                           \
    NN_DW_BLOCK(T, 1)                                                                           \
    static void NN_K(fwd_cols##T)(float *restrict z, const float *restrict x,                   \
                                  const float *restrict W, const float *restrict b, int rows,   \
                                  int j, int in, int out)                                       \
    {                                                                                           \
        int r = 0;                                                                              \
        for (; r + 8 <= rows; r += 8)                                                           \
            NN_K(fwd_##T##x8)(z, x, W, b, r, j, in, out);                                       \
        for (; r + 4 <= rows; r += 4)                                                           \
            NN_K(fwd_##T##x4)(z, x, W, b, r, j, in, out);                                       \
        for (; r < rows; r++)                                                                   \
            NN_K(fwd_##T##x1)(z, x, W, b, r, j, in, out);                                       \
    }                                                                                           \
    static void NN_K(dw_cols##T)(float *restrict dW, const float *restrict x,                   \
                                 const float *restrict dz, int rows, int j, int in, int out)    \
    {                                                                                           \
        int i = 0;                                                                              \
        for (; i + 8 <= in; i += 8)                                                             \
            NN_K(dw_##T##x8)(dW, x, dz, rows, i, j, in, out);                                   \
        for (; i + 4 <= in; i += 4)                                                             \
            NN_K(dw_##T##x4)(dW, x, dz, rows, i, j, in, out);                                   \
        for (; i < in; i++)                                                                     \
            NN_K(dw_##T##x1)(dW, x, dz, rows, i, j, in, out);                                   \
    }

NN_TILE_KERNELS(16)
NN_TILE_KERNELS(8)
NN_TILE_KERNELS(4)

/* z (rows, out) = x (rows, in) W (in, out) + b */
static void NN_K(forward)(float *restrict z, const float *restrict x, const float *restrict W,
                          const float *restrict b, int rows, int in, int out)
{
    int j = 0;
    for (; j + 16 <= out; j += 16)
        NN_K(fwd_cols16)(z, x, W, b, rows, j, in, out);
    for (; j + 8 <= out; j += 8)
        NN_K(fwd_cols8)(z, x, W, b, rows, j, in, out);
    for (; j + 4 <= out; j += 4)
        NN_K(fwd_cols4)(z, x, W, b, rows, j, in, out);
    for (; j < out; j++) {
        for (int r = 0; r < rows; r++) {
            const float *xr = x + (size_t)r * in;
            float s = b[j];
            for (int i = 0; i < in; i++)
                s += xr[i] * W[(size_t)i * out + j];
            z[(size_t)r * out + j] = s;
        }
    }
}

/* dW (in, out) = x^T dz ; db (out) = sum over rows of dz */
static void NN_K(backward_params)(float *restrict dW, float *restrict db, const float *restrict x,
                                  const float *restrict dz, int rows, int in, int out)
{
    for (int j = 0; j < out; j++)
        db[j] = 0.0f;
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < out; j++)
            db[j] += dz[(size_t)r * out + j];
    int j = 0;
    for (; j + 16 <= out; j += 16)
        NN_K(dw_cols16)(dW, x, dz, rows, j, in, out);
    for (; j + 8 <= out; j += 8)
        NN_K(dw_cols8)(dW, x, dz, rows, j, in, out);
    for (; j + 4 <= out; j += 4)
        NN_K(dw_cols4)(dW, x, dz, rows, j, in, out);
    for (; j < out; j++) {
        for (int i = 0; i < in; i++) {
            float s = 0.0f;
            for (int r = 0; r < rows; r++)
                s += x[(size_t)r * in + i] * dz[(size_t)r * out + j];
            dW[(size_t)i * out + j] = s;
        }
    }
}

/* dx (rows, in) = dz (rows, out) W^T. Transposing W (a cheap copy next to
 * the multiply) turns this into the forward kernel's register-tiled form
 * instead of one short dot product per entry. */
static void NN_K(backward_input)(float *restrict dx, const float *restrict dz,
                                 const float *restrict W, int rows, int in, int out,
                                 float *restrict scratch)
{
    float *WT = scratch, *zero = scratch + (size_t)in * out;
    for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++)
            WT[(size_t)j * in + i] = W[(size_t)i * out + j];
    for (int i = 0; i < in; i++)
        zero[i] = 0.0f;
    NN_K(forward)(dx, dz, WT, zero, rows, out, in);
}

#include "act_loops.h"

static const nn_DenseKernels NN_K(kernels) = {
    NN_DENSE_NAME, NN_K(forward), NN_K(backward_params), NN_K(backward_input),
    NN_K(act_forward), NN_K(act_backward),
};
