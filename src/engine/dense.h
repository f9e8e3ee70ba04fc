/* dense.h - the dense-layer kernels, compiled once per instruction set.
 *
 * What they compute is written out in plain loops in dense_ref.c (the
 * nn_dense_ref_* functions below): start there. Layouts are batch-major: x (rows, in), z and dz (rows, out), W (in, out),
 * b (out). Kernels overwrite their outputs (no accumulation). The table is
 * chosen once per trainer/inference object from what the processor supports;
 * every variant runs the same operations in the same order, so the variants
 * agree up to float rounding (fused multiply-add), and the portable one can
 * be forced with the environment variable NNVIZ_PORTABLE=1. */
#ifndef NN_DENSE_H
#define NN_DENSE_H

#include <stddef.h>

#include "activation.h"

/* Scratch for forward_sparse: the non-zero inputs of each batch row, in
 * blocks of NN_SPARSE_BLOCK inputs. Size it with nn_sparse_work_size. */
#define NN_SPARSE_BLOCK 64
typedef struct {
    int *idx;    /* (rows * in + 16) input numbers */
    float *val;  /* (rows * in + 16) their values */
    int *seg;    /* (rows * (blocks + 1)) where each row's block starts in idx */
} nn_SparseWork;

/* ---- the reference: plain loops (dense_ref.c) ------------------------------
 * z = x W + b; dW = x^T dz and db = column sums of dz; dx = dz W^T. Slow and
 * obvious, for reading and for checking the fast kernels against. */
void nn_dense_ref_forward(float *z, const float *x, const float *W, const float *b, int rows,
                          int in, int out);
void nn_dense_ref_backward_params(float *dW, float *db, const float *x, const float *dz,
                                  int rows, int in, int out);
void nn_dense_ref_backward_input(float *dx, const float *dz, const float *W, int rows, int in,
                                 int out);
/* z[i] = p0[i] + a p1[i] + b p2[i], i < n: a point w + a d1 + b d2 of a plane */
void nn_dense_ref_lincomb3(float *z, const float *p0, const float *p1, const float *p2, float a,
                           float b, size_t n);
/* The forward pass on unit-major data (xt: (in, ld), zt: (out, ld)):
 * zt[j][r] = b[j] + sum_i xt[i][r] W[i][j] */
void nn_dense_ref_forward_unit_major(float *zt, const float *xt, const float *W, const float *b,
                                     int ld, int in, int out);

/* ---- the fast kernels (dense_body.h) ----------------------------------------- */
typedef struct nn_DenseKernels {
    const char *name; /* "portable", "avx2", "avx512" */
    /* columns [j0, j1) of z = x W + b, x's rows ldx floats apart (ldx > in
     * when x is a block of inputs out of wider rows) */
    void (*forward)(float *z, const float *x, int ldx, const float *W, const float *b, int rows,
                    int in, int out, int j0, int j1);
    /* rows [i0, i1) and columns [j0, j1) of dW = x^T dz; columns [j0, j1)
     * of db = column sums of dz unless db is NULL */
    void (*backward_params)(float *dW, float *db, const float *x, const float *dz, int rows,
                            int in, int out, int i0, int i1, int j0, int j1);
    /* forward, all columns, for inputs that are mostly zero (image pixels,
     * relu outputs): each row's non-zero inputs are listed and only those
     * are summed, in input order, so the result is forward's. Falls back to
     * forward when too few inputs are zero to gain. */
    void (*forward_sparse)(float *z, const float *x, int ldx, const float *W, const float *b,
                           int rows, int in, int out, const nn_SparseWork *work);
    /* a = f(z) and dz = da * f'(z), as nn_act_forward/nn_act_backward */
    void (*act_forward)(nn_Act act, float *a, const float *z, int rows, int cols);
    void (*act_backward)(nn_Act act, float *dz, const float *da, const float *z, const float *a,
                         int rows, int cols);
    /* z = p0 + a p1 + b p2 over n floats (z distinct from the p's) */
    void (*lincomb3)(float *z, const float *p0, const float *p1, const float *p2, float a, float b,
                     size_t n);
    /* the forward pass unit-major: zt[j*ld + r] = b[j] + sum_i xt[i*ld + r] W[i][j]
     * for rows r < ld, ld a multiple of 16 (pad rows are computed too) */
    void (*forward_unit_major)(float *zt, const float *xt, const float *W, const float *b, int ld,
                               int in, int out);
} nn_DenseKernels;

/* dx = dz W^T is the forward kernel on W transposed (WT: (out, in)) with a
 * zero bias: the register-tiled form instead of one short dot product per
 * entry. nn_dense_transpose writes WT. */
void nn_dense_transpose(float *WT, const float *W, int in, int out);

/* Bytes of scratch nn_sparse_work_init needs for up to `rows` rows of `in`
 * inputs, and the scratch laid out in `mem` (64-byte aligned). */
size_t nn_sparse_work_size(int rows, int in);
void nn_sparse_work_init(nn_SparseWork *w, void *mem, int rows, int in);

/* The fastest variant this processor runs (portable if NNVIZ_PORTABLE=1). */
const nn_DenseKernels *nn_dense_kernels(void);
/* The portable variant (plain C, baseline x86-64 or any other target). */
const nn_DenseKernels *nn_dense_kernels_portable(void);
/* Every variant this processor runs, portable first (NNVIZ_PORTABLE does not
 * apply): up to NN_DENSE_VARIANTS of them in out, the count returned. */
#define NN_DENSE_VARIANTS 3
int nn_dense_kernels_all(const nn_DenseKernels *out[NN_DENSE_VARIANTS]);

#endif
