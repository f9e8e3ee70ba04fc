/* dense_body.h - dense-layer kernel bodies, included by one file per
 * instruction set (dense_portable.c, dense_avx2.c, dense_avx512.c) with
 * NN_DENSE_SUFFIX set. Loops are written so GCC vectorizes them without
 * reassociating sums: accumulators are fixed-width local arrays (kept in
 * registers), and reductions keep explicit lanes combined in a fixed order. */
#include <string.h>

#define NN_CAT2(a, b) a##_##b
#define NN_CAT(a, b) NN_CAT2(a, b)
#define NN_K(name) NN_CAT(name, NN_DENSE_SUFFIX)

#define NN_TILE 16
#define NN_ROWB 4

/* z (rows, out) = x (rows, in) W (in, out) + b */
static void NN_K(forward)(float *restrict z, const float *restrict x, const float *restrict W,
                          const float *restrict b, int rows, int in, int out)
{
    int r = 0;
    /* four rows at a time share each loaded W tile */
    for (; r + NN_ROWB <= rows; r += NN_ROWB) {
        const float *x0 = x + (size_t)r * in;
        int j = 0;
        for (; j + NN_TILE <= out; j += NN_TILE) {
            float acc[NN_ROWB][NN_TILE];
            for (int q = 0; q < NN_ROWB; q++)
                for (int k = 0; k < NN_TILE; k++)
                    acc[q][k] = b[j + k];
            for (int i = 0; i < in; i++) {
                const float *w = W + (size_t)i * out + j;
                for (int q = 0; q < NN_ROWB; q++) {
                    float xi = x0[(size_t)q * in + i];
                    for (int k = 0; k < NN_TILE; k++)
                        acc[q][k] += xi * w[k];
                }
            }
            for (int q = 0; q < NN_ROWB; q++)
                memcpy(z + (size_t)(r + q) * out + j, acc[q], sizeof acc[q]);
        }
        for (; j < out; j++) {
            for (int q = 0; q < NN_ROWB; q++) {
                const float *xr = x0 + (size_t)q * in;
                float s = b[j];
                for (int i = 0; i < in; i++)
                    s += xr[i] * W[(size_t)i * out + j];
                z[(size_t)(r + q) * out + j] = s;
            }
        }
    }
    for (; r < rows; r++) {
        const float *xr = x + (size_t)r * in;
        float *zr = z + (size_t)r * out;
        int j = 0;
        for (; j + NN_TILE <= out; j += NN_TILE) {
            float acc[NN_TILE];
            for (int k = 0; k < NN_TILE; k++)
                acc[k] = b[j + k];
            for (int i = 0; i < in; i++) {
                float xi = xr[i];
                const float *w = W + (size_t)i * out + j;
                for (int k = 0; k < NN_TILE; k++)
                    acc[k] += xi * w[k];
            }
            memcpy(zr + j, acc, sizeof acc);
        }
        for (; j < out; j++) {
            float s = b[j];
            for (int i = 0; i < in; i++)
                s += xr[i] * W[(size_t)i * out + j];
            zr[j] = s;
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
    for (int i = 0; i < in; i++) {
        float *dwi = dW + (size_t)i * out;
        int j = 0;
        for (; j + NN_TILE <= out; j += NN_TILE) {
            float acc[NN_TILE] = {0};
            for (int r = 0; r < rows; r++) {
                float xi = x[(size_t)r * in + i];
                const float *d = dz + (size_t)r * out + j;
                for (int k = 0; k < NN_TILE; k++)
                    acc[k] += xi * d[k];
            }
            memcpy(dwi + j, acc, sizeof acc);
        }
        for (; j < out; j++) {
            float s = 0.0f;
            for (int r = 0; r < rows; r++)
                s += x[(size_t)r * in + i] * dz[(size_t)r * out + j];
            dwi[j] = s;
        }
    }
}

/* dx (rows, in) = dz (rows, out) W^T: each entry a dot product over out,
 * summed in 8 explicit lanes then combined pairwise */
static void NN_K(backward_input)(float *restrict dx, const float *restrict dz,
                                 const float *restrict W, int rows, int in, int out)
{
    for (int r = 0; r < rows; r++) {
        const float *d = dz + (size_t)r * out;
        for (int i = 0; i < in; i++) {
            const float *w = W + (size_t)i * out;
            float lane[8] = {0};
            int j = 0;
            for (; j + 8 <= out; j += 8)
                for (int k = 0; k < 8; k++)
                    lane[k] += d[j + k] * w[j + k];
            for (int k = 0; j < out; j++, k++)
                lane[k] += d[j] * w[j];
            dx[(size_t)r * in + i] =
                ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
        }
    }
}

static const nn_DenseKernels NN_K(kernels) = {
    NN_DENSE_NAME, NN_K(forward), NN_K(backward_params), NN_K(backward_input),
};
