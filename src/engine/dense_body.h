/* dense_body.h - dense-layer kernel bodies, included by one file per
 * instruction set (dense_portable.c, dense_avx2.c, dense_avx512.c) with
 * NN_DENSE_SUFFIX set. They compute the plain loops of dense_ref.c, faster;
 * tests/test_dense.c checks every variant against those. Column tiles of
 * 16, 8 and 4 units are GCC vector types (may_alias: they read float arrays)
 * held in registers across the whole reduction; every output element is
 * still summed in input order, so all variants agree up to FMA rounding.
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
                                           int r, int j, int in, int ldx, int out)              \
    {                                                                                           \
        typedef NN_K(v##T) V;                                                                   \
        V acc[R];                                                                               \
        V bias = *(const V *)(b + j);                                                           \
        for (int q = 0; q < R; q++)                                                             \
            acc[q] = bias;                                                                      \
        const float *x0 = x + (size_t)r * ldx;                                                  \
        for (int i = 0; i < in; i++) {                                                          \
            V w = *(const V *)(W + (size_t)i * out + j);                                        \
            for (int q = 0; q < R; q++)                                                         \
                acc[q] += x0[(size_t)q * ldx + i] * w;                                          \
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
                                  int j, int in, int ldx, int out)                              \
    {                                                                                           \
        int r = 0;                                                                              \
        for (; r + 8 <= rows; r += 8)                                                           \
            NN_K(fwd_##T##x8)(z, x, W, b, r, j, in, ldx, out);                                  \
        for (; r + 4 <= rows; r += 4)                                                           \
            NN_K(fwd_##T##x4)(z, x, W, b, r, j, in, ldx, out);                                  \
        for (; r < rows; r++)                                                                   \
            NN_K(fwd_##T##x1)(z, x, W, b, r, j, in, ldx, out);                                  \
    }                                                                                           \
    static void NN_K(dw_cols##T)(float *restrict dW, const float *restrict x,                   \
                                 const float *restrict dz, int rows, int j, int in, int out,    \
                                 int i0, int i1)                                                \
    {                                                                                           \
        int i = i0;                                                                             \
        for (; i + 8 <= i1; i += 8)                                                             \
            NN_K(dw_##T##x8)(dW, x, dz, rows, i, j, in, out);                                   \
        for (; i + 4 <= i1; i += 4)                                                             \
            NN_K(dw_##T##x4)(dW, x, dz, rows, i, j, in, out);                                   \
        for (; i < i1; i++)                                                                     \
            NN_K(dw_##T##x1)(dW, x, dz, rows, i, j, in, out);                                   \
    }

NN_TILE_KERNELS(16)
NN_TILE_KERNELS(8)
NN_TILE_KERNELS(4)

/* z rows r..r+8, columns j..j+16, over only the inputs listed in nz (those
 * non-zero in at least one of the 8 rows): the skipped terms are exact
 * zeros, so the sums equal the dense block's. */
static inline void NN_K(fwd_16x8_list)(float *restrict z, const float *restrict x,
                                       const float *restrict W, const float *restrict b,
                                       const int *restrict nz, int n_nz, int r, int j, int ldx,
                                       int out)
{
    typedef NN_K(v16) V;
    V acc[8];
    V bias = *(const V *)(b + j);
    for (int q = 0; q < 8; q++)
        acc[q] = bias;
    const float *x0 = x + (size_t)r * ldx;
    for (int k = 0; k < n_nz; k++) {
        int i = nz[k];
        V w = *(const V *)(W + (size_t)i * out + j);
        for (int q = 0; q < 8; q++)
            acc[q] += x0[(size_t)q * ldx + i] * w;
    }
    for (int q = 0; q < 8; q++)
        *(V *)(z + (size_t)(r + q) * out + j) = acc[q];
}

/* Inputs i (of in) that are non-zero in some of the 8 rows (ldx apart)
 * starting at x. */
static inline int NN_K(inputs_with_nonzero)(int *restrict list, const float *restrict x, int in,
                                            int ldx)
{
    const size_t s = (size_t)ldx;
    int n = 0;
    for (int i = 0; i < in; i++) {
        int any = (x[i] != 0.0f) | (x[s + i] != 0.0f) | (x[2 * s + i] != 0.0f) |
                  (x[3 * s + i] != 0.0f) | (x[4 * s + i] != 0.0f) | (x[5 * s + i] != 0.0f) |
                  (x[6 * s + i] != 0.0f) | (x[7 * s + i] != 0.0f);
        list[n] = i;
        n += any;
    }
    return n;
}

#define NN_FWD_LIST_BLOCKS 16   /* row blocks of 8 whose input lists fit the stack buffer */
#define NN_FWD_LIST_INPUTS 1024

/* dW[i..i+8)[j..j+16) over only the rows where some of x[r][i..i+8) is not
 * zero (listed in rows_nz): image borders and relu zeros skip whole rows.
 * The skipped terms are exact zeros, so the sums are the dense path's. */
static inline void NN_K(dw_16x8_rows)(float *restrict dW, const float *restrict x,
                                      const float *restrict dz, const int *restrict rows_nz,
                                      int n_nz, int i, int j, int in, int out)
{
    typedef NN_K(v16) V;
    V acc[8];
    for (int q = 0; q < 8; q++)
        acc[q] = (V){0};
    for (int k = 0; k < n_nz; k++) {
        int r = rows_nz[k];
        V d = *(const V *)(dz + (size_t)r * out + j);
        const float *xr = x + (size_t)r * in + i;
        for (int q = 0; q < 8; q++)
            acc[q] += xr[q] * d;
    }
    for (int q = 0; q < 8; q++)
        *(V *)(dW + (size_t)(i + q) * out + j) = acc[q];
}

/* dW[i..i+4)[j..j+64) over the rows listed in rows_nz: four inputs by four
 * 16-wide column tiles, so each loaded slice of dz feeds four inputs and
 * each broadcast input four tiles. Skipped rows add exact zeros. */
static inline void NN_K(dw_64x4_rows)(float *restrict dW, const float *restrict x,
                                      const float *restrict dz, const int *restrict rows_nz,
                                      int n_nz, int i, int j, int in, int out)
{
    typedef NN_K(v16) V;
    V acc[4][4];
    for (int q = 0; q < 4; q++)
        for (int c = 0; c < 4; c++)
            acc[q][c] = (V){0};
    for (int k = 0; k < n_nz; k++) {
        int r = rows_nz[k];
        const float *d = dz + (size_t)r * out + j;
        const float *xr = x + (size_t)r * in + i;
        V d0 = *(const V *)d, d1 = *(const V *)(d + 16), d2 = *(const V *)(d + 32),
          d3 = *(const V *)(d + 48);
        for (int q = 0; q < 4; q++) {
            float v = xr[q];
            acc[q][0] += v * d0;
            acc[q][1] += v * d1;
            acc[q][2] += v * d2;
            acc[q][3] += v * d3;
        }
    }
    for (int q = 0; q < 4; q++)
        for (int c = 0; c < 4; c++)
            *(V *)(dW + (size_t)(i + q) * out + j + 16 * c) = acc[q][c];
}

/* Rows r (of rows) where x[r][i..i+width) has a non-zero, listed without
 * branches (width is a constant at every call, so the test unrolls). */
static inline int NN_K(rows_with_nonzero)(int *restrict list, const float *restrict x, int rows,
                                          int i, int in, int width)
{
    int n = 0;
    for (int r = 0; r < rows; r++) {
        const float *xr = x + (size_t)r * in + i;
        int any = 0;
        for (int q = 0; q < width; q++)
            any |= xr[q] != 0.0f;
        list[n] = r;
        n += any;
    }
    return n;
}


#if defined(__AVX512F__)
#include <immintrin.h>

/* A layer 9 to 15 columns wide as one 16-wide tile whose loads and stores
 * are masked (nothing past the row is read or written): a 10-class output
 * layer runs at the speed of the wide ones instead of an 8-wide tile and
 * scalar columns. Each element is still one chain of multiply-adds in input
 * order. Checked first, so the small layers' common path is unchanged. */
__attribute__((noinline)) static void NN_K(fwd_masked)(float *restrict z, const float *restrict x, int ldx,
                             const float *restrict W, const float *restrict b, int rows, int in,
                             int out, int j, int n)
{
    const __mmask16 m = (__mmask16)((1u << n) - 1u);
    const __m512 bias = _mm512_maskz_loadu_ps(m, b + j);
    int r = 0;
    for (; r + 8 <= rows; r += 8) {
        __m512 acc[8];
        for (int q = 0; q < 8; q++)
            acc[q] = bias;
        const float *x0 = x + (size_t)r * ldx;
        for (int i = 0; i < in; i++) {
            __m512 w = _mm512_maskz_loadu_ps(m, W + (size_t)i * out + j);
            for (int q = 0; q < 8; q++)
                acc[q] = _mm512_fmadd_ps(_mm512_set1_ps(x0[(size_t)q * ldx + i]), w, acc[q]);
        }
        for (int q = 0; q < 8; q++)
            _mm512_mask_storeu_ps(z + (size_t)(r + q) * out + j, m, acc[q]);
    }
    for (; r < rows; r++) {
        __m512 acc = bias;
        const float *xr = x + (size_t)r * ldx;
        for (int i = 0; i < in; i++)
            acc = _mm512_fmadd_ps(_mm512_set1_ps(xr[i]),
                                  _mm512_maskz_loadu_ps(m, W + (size_t)i * out + j), acc);
        _mm512_mask_storeu_ps(z + (size_t)r * out + j, m, acc);
    }
}

/* dW rows [i0, i1), the last n < 16 columns from j, masked as above. */
__attribute__((noinline)) static void NN_K(dw_masked)(float *restrict dW, const float *restrict x,
                            const float *restrict dz, int rows, int in, int out, int i0, int i1,
                            int j, int n)
{
    const __mmask16 m = (__mmask16)((1u << n) - 1u);
    int i = i0;
    for (; i + 8 <= i1; i += 8) {
        __m512 acc[8];
        for (int q = 0; q < 8; q++)
            acc[q] = _mm512_setzero_ps();
        for (int r = 0; r < rows; r++) {
            __m512 d = _mm512_maskz_loadu_ps(m, dz + (size_t)r * out + j);
            const float *xr = x + (size_t)r * in + i;
            for (int q = 0; q < 8; q++)
                acc[q] = _mm512_fmadd_ps(_mm512_set1_ps(xr[q]), d, acc[q]);
        }
        for (int q = 0; q < 8; q++)
            _mm512_mask_storeu_ps(dW + (size_t)(i + q) * out + j, m, acc[q]);
    }
    for (; i < i1; i++) {
        __m512 acc = _mm512_setzero_ps();
        for (int r = 0; r < rows; r++)
            acc = _mm512_fmadd_ps(_mm512_set1_ps(x[(size_t)r * in + i]),
                                  _mm512_maskz_loadu_ps(m, dz + (size_t)r * out + j), acc);
        _mm512_mask_storeu_ps(dW + (size_t)i * out + j, m, acc);
    }
}
#endif

/* z[:, j0..j1) of z (rows, out) = x (rows, in; rows ldx apart) W (in, out)
 * + b. Each output element is the same chain of multiply-adds whatever range
 * it falls in, so splitting the columns or rows between threads does not
 * change any result. */
static void NN_K(forward)(float *restrict z, const float *restrict x, int ldx,
                          const float *restrict W, const float *restrict b, int rows, int in,
                          int out, int j0, int j1)
{
#if defined(__AVX512F__)
    if (j1 - j0 > 8 && j1 - j0 < 16) { /* 9 to 15 columns: one masked tile beats 8 plus scalar */
        NN_K(fwd_masked)(z, x, ldx, W, b, rows, in, out, j0, j1 - j0);
        return;
    }
#endif
    int j = j0;
    int nblk = rows / 8;
    if (j + 16 <= j1 && in >= 64 && in <= NN_FWD_LIST_INPUTS && nblk >= 1 &&
        nblk <= NN_FWD_LIST_BLOCKS) {
        /* wide inputs that are often zero (pixels, relu outputs): list each
         * 8-row block's non-zero inputs once, use the lists for every tile */
        int lists[NN_FWD_LIST_BLOCKS][NN_FWD_LIST_INPUTS], n_nz[NN_FWD_LIST_BLOCKS];
        for (int k = 0; k < nblk; k++)
            n_nz[k] = NN_K(inputs_with_nonzero)(lists[k], x + (size_t)k * 8 * ldx, in, ldx);
        for (; j + 16 <= j1; j += 16) {
            for (int k = 0; k < nblk; k++)
                NN_K(fwd_16x8_list)(z, x, W, b, lists[k], n_nz[k], 8 * k, j, ldx, out);
            int r = nblk * 8;
            for (; r + 4 <= rows; r += 4)
                NN_K(fwd_16x4)(z, x, W, b, r, j, in, ldx, out);
            for (; r < rows; r++)
                NN_K(fwd_16x1)(z, x, W, b, r, j, in, ldx, out);
        }
    }
    for (; j + 16 <= j1; j += 16)
        NN_K(fwd_cols16)(z, x, W, b, rows, j, in, ldx, out);
    for (; j + 8 <= j1; j += 8)
        NN_K(fwd_cols8)(z, x, W, b, rows, j, in, ldx, out);
    for (; j + 4 <= j1; j += 4)
        NN_K(fwd_cols4)(z, x, W, b, rows, j, in, ldx, out);
    for (; j < j1; j++) {
        for (int r = 0; r < rows; r++) {
            const float *xr = x + (size_t)r * ldx;
            float s = b[j];
            for (int i = 0; i < in; i++)
                s += xr[i] * W[(size_t)i * out + j];
            z[(size_t)r * out + j] = s;
        }
    }
}

#define NN_DW_MAX_ROWS 256 /* batches up to this size take the row-skipping path */
#define NN_DW_CHUNK 16     /* blocks of 8 inputs whose row lists are kept at once */

/* Rows i0..i1, columns j0..j1 of dW (in, out) = x^T dz, and (db not NULL)
 * columns j0..j1 of db = column sums of dz. Threads split dW by rows: the
 * same rows of the weights as they update, so each core keeps its own. */
static void NN_K(backward_params)(float *restrict dW, float *restrict db, const float *restrict x,
                                  const float *restrict dz, int rows, int in, int out, int i0,
                                  int i1, int j0, int j1)
{
    if (db) {
        for (int j = j0; j < j1; j++)
            db[j] = 0.0f;
        for (int r = 0; r < rows; r++)
            for (int j = j0; j < j1; j++)
                db[j] += dz[(size_t)r * out + j];
    }
#if defined(__AVX512F__)
    if (j1 - j0 > 8 && j1 - j0 < 16) { /* 9 to 15 columns, as in forward */
        NN_K(dw_masked)(dW, x, dz, rows, in, out, i0, i1, j0, j1 - j0);
        return;
    }
#endif
    int j = j0;
    int j64 = j0 + (j1 - j0) / 64 * 64; /* columns covered by 64-wide tiles */
    if (j64 > j0 && rows <= NN_DW_MAX_ROWS) {
        /* blocks of 4 inputs: their non-zero rows listed once, then every
         * 64-column tile runs over the list (dz stays in L1) */
        int list[NN_DW_MAX_ROWS + 1];
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int n = NN_K(rows_with_nonzero)(list, x, rows, i, in, 4);
            for (int jj = j0; jj < j64; jj += 64)
                NN_K(dw_64x4_rows)(dW, x, dz, list, n, i, jj, in, out);
        }
        for (int jj = j0; jj < j64; jj += 16)
            NN_K(dw_cols16)(dW, x, dz, rows, jj, in, out, i, i1);
        j = j64;
    }
    int jw = j + (j1 - j) / 16 * 16; /* columns covered by 16-wide tiles */
    if (jw > j && rows <= NN_DW_MAX_ROWS) {
        /* Inputs in chunks of 16 blocks of 8: each block's non-zero rows are
         * listed once, then every column tile runs over the chunk while its
         * slice of dz stays in the L1 cache. */
        int lists[NN_DW_CHUNK][NN_DW_MAX_ROWS + 1], n_nz[NN_DW_CHUNK];
        int i = i0;
        while (i + 8 <= i1) {
            int nb = 0;
            for (; nb < NN_DW_CHUNK && i + 8 * (nb + 1) <= i1; nb++)
                n_nz[nb] = NN_K(rows_with_nonzero)(lists[nb], x, rows, i + 8 * nb, in, 8);
            for (int jj = j; jj < jw; jj += 16)
                for (int k = 0; k < nb; k++)
                    NN_K(dw_16x8_rows)(dW, x, dz, lists[k], n_nz[k], i + 8 * k, jj, in, out);
            i += 8 * nb;
        }
        for (int jj = j; jj < jw; jj += 16)
            NN_K(dw_cols16)(dW, x, dz, rows, jj, in, out, i, i1);
        j = jw;
    }
    for (; j + 16 <= j1; j += 16)
        NN_K(dw_cols16)(dW, x, dz, rows, j, in, out, i0, i1);
    for (; j + 8 <= j1; j += 8)
        NN_K(dw_cols8)(dW, x, dz, rows, j, in, out, i0, i1);
    for (; j + 4 <= j1; j += 4)
        NN_K(dw_cols4)(dW, x, dz, rows, j, in, out, i0, i1);
    for (; j < j1; j++) {
        for (int i = i0; i < i1; i++) {
            float s = 0.0f;
            for (int r = 0; r < rows; r++)
                s += x[(size_t)r * in + i] * dz[(size_t)r * out + j];
            dW[(size_t)i * out + j] = s;
        }
    }
}

/* ---- inputs that are mostly zero -------------------------------------- */

/* Lists row r's non-zero inputs block by block: idx/val from n on, seg[k]
 * where block k starts, seg[blocks] the end. Returns the new n. */
static int NN_K(list_row)(int *restrict idx, float *restrict val, int *restrict seg,
                          const float *restrict xr, int in, int n)
{
    int blocks = (in + NN_SPARSE_BLOCK - 1) / NN_SPARSE_BLOCK;
    for (int k = 0; k < blocks; k++) {
        seg[k] = n;
        int i = k * NN_SPARSE_BLOCK, e = i + NN_SPARSE_BLOCK < in ? i + NN_SPARSE_BLOCK : in;
#if defined(__AVX512F__)
        /* compress in registers, then store whole vectors (a masked store to
         * memory is microcoded and slow on some processors) */
        const __m512i step = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        for (; i + 16 <= e; i += 16) {
            __m512 v = _mm512_loadu_ps(xr + i);
            __mmask16 nz = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
            __m512i id = _mm512_add_epi32(_mm512_set1_epi32(i), step);
            _mm512_storeu_si512((void *)(idx + n), _mm512_maskz_compress_epi32(nz, id));
            _mm512_storeu_ps(val + n, _mm512_maskz_compress_ps(nz, v));
            n += __builtin_popcount((unsigned)nz);
        }
#endif
        for (; i < e; i++) {
            idx[n] = i;
            val[n] = xr[i];
            n += xr[i] != 0.0f;
        }
    }
    seg[blocks] = n;
    return n;
}

/* Columns [j, j + 16 NV) of z rows [0, rows) += the listed inputs of block k
 * (z holds b at k == 0's start, earlier blocks' sums after). The block's
 * NN_SPARSE_BLOCK weight rows stay in L1 while every batch row uses them. */
#define NN_SPARSE_TILE(NV)                                                                      \
    static void NN_K(sparse_tile##NV)(float *restrict z, const float *restrict W,              \
                                      const float *restrict b, const nn_SparseWork *w,          \
                                      int rows, int blocks, int out, int j, int k)              \
    {                                                                                           \
        typedef NN_K(v16) V;                                                                    \
        for (int r = 0; r < rows; r++) {                                                        \
            const int *seg = w->seg + (size_t)r * (blocks + 1);                                 \
            float *zr = z + (size_t)r * out + j;                                                \
            const float *src = k == 0 ? b + j : zr;                                             \
            V acc[NV];                                                                          \
            for (int c = 0; c < NV; c++)                                                        \
                acc[c] = *(const V *)(src + 16 * c);                                            \
            for (int q = seg[k]; q < seg[k + 1]; q++) {                                         \
                const float *wr = W + (size_t)w->idx[q] * out + j;                              \
                float v = w->val[q];                                                            \
                for (int c = 0; c < NV; c++)                                                    \
                    acc[c] += v * *(const V *)(wr + 16 * c);                                    \
            }                                                                                   \
            for (int c = 0; c < NV; c++)                                                        \
                *(V *)(zr + 16 * c) = acc[c];                                                   \
        }                                                                                       \
    }

NN_SPARSE_TILE(8)
NN_SPARSE_TILE(4)
NN_SPARSE_TILE(1)

/* Inputs at most this dense take the sparse path: listing costs about what
 * the skipped zeros save when 3/4 of the inputs are non-zero. */
#define NN_SPARSE_MAX_DENSITY 0.65

static void NN_K(forward_sparse)(float *restrict z, const float *restrict x, int ldx,
                                 const float *restrict W, const float *restrict b, int rows,
                                 int in, int out, const nn_SparseWork *w)
{
    if (out % 16 != 0 || in < NN_SPARSE_BLOCK) {
        NN_K(forward)(z, x, ldx, W, b, rows, in, out, 0, out);
        return;
    }
    int blocks = (in + NN_SPARSE_BLOCK - 1) / NN_SPARSE_BLOCK, n = 0;
    for (int r = 0; r < rows; r++)
        n = NN_K(list_row)(w->idx, w->val, w->seg + (size_t)r * (blocks + 1), x + (size_t)r * ldx,
                           in, n);
    if (n > NN_SPARSE_MAX_DENSITY * rows * in) {
        NN_K(forward)(z, x, ldx, W, b, rows, in, out, 0, out);
        return;
    }
    int j = 0;
    for (; j + 128 <= out; j += 128)
        for (int k = 0; k < blocks; k++)
            NN_K(sparse_tile8)(z, W, b, w, rows, blocks, out, j, k);
    for (; j + 64 <= out; j += 64)
        for (int k = 0; k < blocks; k++)
            NN_K(sparse_tile4)(z, W, b, w, rows, blocks, out, j, k);
    for (; j < out; j += 16)
        for (int k = 0; k < blocks; k++)
            NN_K(sparse_tile1)(z, W, b, w, rows, blocks, out, j, k);
}

/* z = p0 + a p1 + b p2 over n floats, in fixed blocks of 16 the compiler
 * turns into vector code (see nn_dense_ref_lincomb3). */
static void NN_K(lincomb3)(float *restrict z, const float *restrict p0, const float *restrict p1,
                           const float *restrict p2, float a, float b, size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int v = 0; v < 16; v++)
            z[i + v] = p0[i + v] + a * p1[i + v] + b * p2[i + v];
    for (; i < n; i++)
        z[i] = p0[i] + a * p1[i] + b * p2[i];
}

/* The unit-major forward (see nn_dense_ref_forward_unit_major): vectorized
 * across rows in blocks of 16, for layers too narrow to fill a vector with
 * their units. Each entry is b[j] plus the products in input order. */
static void NN_K(forward_unit_major)(float *restrict zt, const float *restrict xt,
                                     const float *restrict W, const float *restrict b, int ld,
                                     int in, int out)
{
    for (int j = 0; j < out; j++)
        for (int r = 0; r < ld; r += 16) {
            NN_K(v16) acc;
            for (int v = 0; v < 16; v++)
                acc[v] = b[j];
            for (int i = 0; i < in; i++)
                acc += *(const NN_K(v16) *)(xt + (size_t)i * ld + r) * W[(size_t)i * out + j];
            *(NN_K(v16) *)(zt + (size_t)j * ld + r) = acc;
        }
}

#include "act_loops.h"

static const nn_DenseKernels NN_K(kernels) = {
    NN_DENSE_NAME, NN_K(forward), NN_K(backward_params), NN_K(forward_sparse),
    NN_K(act_forward), NN_K(act_backward), NN_K(lincomb3), NN_K(forward_unit_major),
};
