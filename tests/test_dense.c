/* test_dense.c - every fast dense kernel against the plain loops of dense_ref.c.
 *
 * The fast kernels tile columns into vector registers, list the non-zero
 * inputs of a block of rows, skip rows of x that are zero, mask layers 9 to
 * 15 units wide (AVX-512), and the trainer splits large layers into two
 * half-sums and between threads. Each output is still a float sum of the
 * same terms as the reference's, rounded in another order (and with fused
 * multiply-adds), so results are compared within the error two such sums can
 * show (sum_tol). Each check runs the portable, AVX2 and AVX-512 variants,
 * as many as this processor runs, over odd and tiny widths, batches of 1 to
 * 70 rows, and inputs that are dense or mostly exact zeros (relu outputs,
 * image borders). A last test proves the comparison catches one missing term. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "dense.h"
#include "model.h"
#include "optimizer.h"
#include "rng.h"
#include "trainer.h"

/* ---- comparing within rounding ------------------------------------------- */

/* Two float sums of the same n terms, each rounded in its own order (with or
 * without fused multiply-add), both lie within gamma(n) sum|terms| of the
 * exact sum, gamma(n) = n u / (1 - n u), u = 2^-24 (Higham, "Accuracy and
 * Stability of Numerical Algorithms", 3.1), so they differ by at most twice
 * that. The FLT_MIN term covers subnormals flushed to zero. */
static double sum_tol(double magnitude, int n_terms)
{
    const double u = FLT_EPSILON / 2;
    double gamma = n_terms * u / (1.0 - n_terms * u);
    return 2.0 * gamma * magnitude + n_terms * (double)FLT_MIN;
}

static int g_quiet;        /* the guard test expects mismatches: do not print them */
static long g_nonzero;     /* compared elements whose reference is not zero */

/* 1 if |got - want| <= tol; else prints both values, the tolerance and
 * where (what, row, column), and is 0. A NaN never passes. */
#define NEAR(got, want, tol, what, r, c)                                                       \
    near_or_report((double)(got), (double)(want), (tol), (what), (r), (c))

static int near_or_report(double got, double want, double tol, const char *what, int r, int c)
{
    if (fabs(got - want) <= tol)
        return 1;
    if (!g_quiet)
        print_error("%s [%d][%d] = %.9g, reference %.9g (difference %.3g, tolerance %.3g)\n",
                    what, r, c, got, want, fabs(got - want), tol);
    return 0;
}

/* Elements of got (rows, cols; ld apart) in columns [c0, c1) that are not
 * within sum_tol(mag, n_terms) of want; prints the first few. */
static int count_far(const char *what, const float *got, const float *want, const double *mag,
                     int n_terms, int rows, int ld, int c0, int c1)
{
    int bad = 0;
    for (int r = 0; r < rows; r++)
        for (int c = c0; c < c1; c++) {
            size_t k = (size_t)r * ld + c;
            g_nonzero += want[k] != 0.0f;
            int quiet = g_quiet;
            g_quiet = quiet || bad >= 5;
            bad += !NEAR(got[k], want[k], sum_tol(mag[k], n_terms), what, r, c);
            g_quiet = quiet;
        }
    return bad;
}

/* Elements of v (rows, cols; ld apart) outside columns [c0, c1) that are no
 * longer the NaN they were filled with: a kernel wrote where it must not. */
static int count_written_outside(const float *v, int rows, int ld, int cols, int c0, int c1)
{
    int bad = 0;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            if ((c < c0 || c >= c1) && !isnan(v[(size_t)r * ld + c]))
                bad++;
    return bad;
}

static void fill_nan(float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = NAN;
}

/* ---- inputs ---------------------------------------------------------------- */

typedef enum {
    FILL_DENSE,  /* signed, no zeros */
    FILL_RELU,   /* about half exact zeros, the rest positive; some rows all zero */
    FILL_SPARSE, /* about 95 % exact zeros (image borders, dead units) */
    FILL_COUNT
} Fill;

static const char *fill_name[FILL_COUNT] = {"dense", "relu", "sparse"};

/* v (rows, cols) with rows ld apart; columns [cols, ld) get NaN, which a
 * kernel reading past its inputs would carry into its sums. */
static void fill(float *v, int rows, int cols, int ld, Fill f, nn_Rng *rng)
{
    for (int r = 0; r < rows; r++) {
        int dead_row = f != FILL_DENSE && nn_rng_below(rng, 8) == 0;
        for (int c = 0; c < ld; c++) {
            float *p = v + (size_t)r * ld + c;
            double u = nn_rng_uniform(rng);
            if (c >= cols)
                *p = NAN;
            else if (f == FILL_DENSE)
                *p = (float)(u < 0.5 ? u - 0.75 : u + 0.25); /* |v| >= 0.25 */
            else if (dead_row || (f == FILL_RELU && u < 0.5) || (f == FILL_SPARSE && u < 0.95))
                *p = 0.0f;
            else
                *p = (float)nn_rng_uniform(rng) + 0.01f;
        }
    }
}

static float *alloc_floats(size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof *p);
    assert_non_null(p);
    return p;
}

static double *alloc_doubles(size_t n)
{
    double *p = malloc((n ? n : 1) * sizeof *p);
    assert_non_null(p);
    return p;
}

/* Uniform weights in [-1, 1). */
static void fill_weights(float *w, size_t n, nn_Rng *rng)
{
    for (size_t i = 0; i < n; i++)
        w[i] = (float)(nn_rng_uniform(rng) * 2.0 - 1.0);
}

/* |b| + sum_i |x W| for every element of z = x W + b (x's rows ldx apart;
 * b may be NULL for none): the scale of the sum's rounding error. */
static void forward_magnitude(double *mag, const float *x, int ldx, const float *W,
                              const float *b, int rows, int in, int out)
{
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < out; j++) {
            double s = b ? fabs(b[j]) : 0.0;
            for (int i = 0; i < in; i++)
                s += fabs((double)x[(size_t)r * ldx + i] * W[(size_t)i * out + j]);
            mag[(size_t)r * out + j] = s;
        }
}

/* x packed to rows `in` apart, for the reference. */
static void pack(float *dst, const float *x, int rows, int in, int ldx)
{
    for (int r = 0; r < rows; r++)
        memcpy(dst + (size_t)r * in, x + (size_t)r * ldx, (size_t)in * sizeof *dst);
}

static const nn_DenseKernels *g_variants[NN_DENSE_VARIANTS];
static int g_n_variants;

static int setup_variants(void **state)
{
    (void)state;
    g_n_variants = nn_dense_kernels_all(g_variants);
    for (int v = 0; v < g_n_variants; v++)
        print_message("dense kernels: %s\n", g_variants[v]->name);
    return 0;
}

/* Widths of inputs and of layers: tiny, odd, one either side of the 16- and
 * 64-wide tiles, and 9 to 15 (the masked tile). */
static const int k_in[] = {1, 2, 3, 7, 9, 15, 16, 17, 63, 64, 65, 128, 200};
static const int k_out[] = {1, 2, 3, 7, 9, 15, 16, 17, 63, 64, 65, 128, 130};
/* batch sizes: below, at and above the kernels' 4- and 8-row blocks (every
 * size up to 70 is run for a few widths) */
static const int k_rows[] = {1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 33};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- forward: z = x W + b ---------------------------------------------- */

/* Every variant's forward over all columns, then over three column ranges
 * (one 9 to 15 wide when out allows) with x's rows ldx > in apart, against
 * nn_dense_ref_forward. */
static void check_forward(int rows, int in, int out, Fill f, uint64_t seed)
{
    nn_Rng rng;
    nn_rng_seed(&rng, seed);
    int ldx = in + 3;
    float *x = alloc_floats((size_t)rows * ldx), *xp = alloc_floats((size_t)rows * in);
    float *W = alloc_floats((size_t)in * out), *b = alloc_floats((size_t)out);
    float *ref = alloc_floats((size_t)rows * out), *z = alloc_floats((size_t)rows * out);
    double *mag = alloc_doubles((size_t)rows * out);
    fill(x, rows, in, ldx, f, &rng);
    fill_weights(W, (size_t)in * out, &rng);
    fill_weights(b, (size_t)out, &rng);
    pack(xp, x, rows, in, ldx);
    nn_dense_ref_forward(ref, xp, W, b, rows, in, out);
    forward_magnitude(mag, xp, in, W, b, rows, in, out);

    int p = out / 4, q = p + (out - p < 13 ? out - p : 13);
    const int cuts[] = {0, p, q, out};
    char what[160];
    for (int v = 0; v < g_n_variants; v++) {
        const nn_DenseKernels *k = g_variants[v];
        snprintf(what, sizeof what, "%s forward rows=%d in=%d out=%d %s", k->name, rows, in, out,
                 fill_name[f]);
        fill_nan(z, (size_t)rows * out);
        k->forward(z, xp, in, W, b, rows, in, out, 0, out);
        if (count_far(what, z, ref, mag, in + 1, rows, out, 0, out))
            fail_msg("%s: differs from the reference", what);
        for (int c = 0; c < 3; c++) {
            int j0 = cuts[c], j1 = cuts[c + 1];
            if (j0 == j1)
                continue;
            snprintf(what, sizeof what, "%s forward rows=%d in=%d ldx=%d out=%d columns [%d,%d) %s",
                     k->name, rows, in, ldx, out, j0, j1, fill_name[f]);
            fill_nan(z, (size_t)rows * out);
            k->forward(z, x, ldx, W, b, rows, in, out, j0, j1);
            if (count_far(what, z, ref, mag, in + 1, rows, out, j0, j1))
                fail_msg("%s: differs from the reference", what);
            if (count_written_outside(z, rows, out, out, j0, j1))
                fail_msg("%s: wrote outside its columns", what);
        }
    }
    free(x), free(xp), free(W), free(b), free(ref), free(z), free(mag);
}

static void test_forward(void **state)
{
    (void)state;
    long before = g_nonzero;
    uint64_t seed = 1;
    for (int a = 0; a < COUNT(k_in); a++)
        for (int o = 0; o < COUNT(k_out); o++)
            for (int r = 0; r < COUNT(k_rows); r++, seed++)
                check_forward(k_rows[r], k_in[a], k_out[o], (Fill)(seed % FILL_COUNT), seed);
    /* every batch size from 1 to 70 through the row blocks of 8, 4 and 1,
     * and images: 784 inputs, most of them zero */
    for (int rows = 1; rows <= 70; rows++) {
        check_forward(rows, 65, 33, FILL_RELU, seed++);
        check_forward(rows, 17, 9, FILL_DENSE, seed++);
    }
    const int images[][3] = {{64, 128, FILL_SPARSE}, {70, 128, FILL_RELU}, {9, 16, FILL_DENSE},
                             {1, 10, FILL_SPARSE}, {8, 15, FILL_RELU}};
    for (int s = 0; s < COUNT(images); s++)
        check_forward(images[s][0], 784, images[s][1], (Fill)images[s][2], seed++);
    assert_true(g_nonzero - before > 1000000);
}

/* ---- backward: dW = x^T dz, db = sum_r dz ------------------------------- */

/* |x|^T |dz| for every element of dW, and sum_r |dz| for db. */
static void params_magnitude(double *mag_w, double *mag_b, const float *x, const float *dz,
                             int rows, int in, int out)
{
    for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++) {
            double s = 0.0;
            for (int r = 0; r < rows; r++)
                s += fabs((double)x[(size_t)r * in + i] * dz[(size_t)r * out + j]);
            mag_w[(size_t)i * out + j] = s;
        }
    for (int j = 0; j < out; j++) {
        double s = 0.0;
        for (int r = 0; r < rows; r++)
            s += fabs((double)dz[(size_t)r * out + j]);
        mag_b[j] = s;
    }
}

/* Every variant's backward_params over the whole of dW with db, then split
 * into blocks of weight rows (as threads own them, at a cache-line cut and at
 * an odd one) without db, then over a column range, against
 * nn_dense_ref_backward_params. x gets fill fx, dz fill fd. */
static void check_params(int rows, int in, int out, Fill fx, Fill fd, uint64_t seed)
{
    nn_Rng rng;
    nn_rng_seed(&rng, seed);
    size_t nw = (size_t)in * out;
    float *x = alloc_floats((size_t)rows * in), *dz = alloc_floats((size_t)rows * out);
    float *ref_w = alloc_floats(nw), *ref_b = alloc_floats((size_t)out);
    float *dW = alloc_floats(nw), *db = alloc_floats((size_t)out);
    double *mag_w = alloc_doubles(nw), *mag_b = alloc_doubles((size_t)out);
    fill(x, rows, in, in, fx, &rng);
    fill(dz, rows, out, out, fd, &rng);
    for (size_t i = 0; i < (size_t)rows * out; i++) /* dL/dz is signed */
        dz[i] = nn_rng_below(&rng, 2) ? -dz[i] : dz[i];
    nn_dense_ref_backward_params(ref_w, ref_b, x, dz, rows, in, out);
    params_magnitude(mag_w, mag_b, x, dz, rows, in, out);

    int icut16 = in / 2 / 16 * 16, icut_odd = in / 3 + (in > 2);
    int p = out / 4, q = p + (out - p < 13 ? out - p : 13);
    char what[160];
    for (int v = 0; v < g_n_variants; v++) {
        const nn_DenseKernels *k = g_variants[v];
        snprintf(what, sizeof what, "%s dW rows=%d in=%d out=%d x %s dz %s", k->name, rows, in,
                 out, fill_name[fx], fill_name[fd]);
        fill_nan(dW, nw);
        fill_nan(db, (size_t)out);
        k->backward_params(dW, db, x, dz, rows, in, out, 0, in, 0, out);
        if (count_far(what, dW, ref_w, mag_w, rows, in, out, 0, out))
            fail_msg("%s: dW differs from the reference", what);
        if (count_far(what, db, ref_b, mag_b, rows, 1, out, 0, out))
            fail_msg("%s: db differs from the reference", what);

        const int cuts[] = {icut16, icut_odd};
        for (int c = 0; c < 2; c++) {
            snprintf(what, sizeof what, "%s dW rows=%d in=%d out=%d weight rows [0,%d) [%d,%d)",
                     k->name, rows, in, out, cuts[c], cuts[c], in);
            fill_nan(dW, nw);
            fill_nan(db, (size_t)out);
            k->backward_params(dW, NULL, x, dz, rows, in, out, 0, cuts[c], 0, out);
            k->backward_params(dW, NULL, x, dz, rows, in, out, cuts[c], in, 0, out);
            if (count_far(what, dW, ref_w, mag_w, rows, in, out, 0, out))
                fail_msg("%s: dW differs from the reference", what);
            if (count_written_outside(db, 1, out, out, 0, 0))
                fail_msg("%s: wrote db though it was NULL", what);
        }
        if (q > p) {
            snprintf(what, sizeof what, "%s dW rows=%d in=%d out=%d columns [%d,%d)", k->name,
                     rows, in, out, p, q);
            fill_nan(dW, nw);
            fill_nan(db, (size_t)out);
            k->backward_params(dW, db, x, dz, rows, in, out, 0, in, p, q);
            if (count_far(what, dW, ref_w, mag_w, rows, in, out, p, q) ||
                count_far(what, db, ref_b, mag_b, rows, 1, out, p, q))
                fail_msg("%s: differs from the reference", what);
            if (count_written_outside(dW, in, out, out, p, q) ||
                count_written_outside(db, 1, out, out, p, q))
                fail_msg("%s: wrote outside its columns", what);
        }
    }
    free(x), free(dz), free(ref_w), free(ref_b), free(dW), free(db), free(mag_w), free(mag_b);
}

static void test_backward_params(void **state)
{
    (void)state;
    long before = g_nonzero;
    uint64_t seed = 1000;
    for (int a = 0; a < COUNT(k_in); a++)
        for (int o = 0; o < COUNT(k_out); o++)
            for (int r = 0; r < COUNT(k_rows); r++, seed++)
                check_params(k_rows[r], k_in[a], k_out[o], (Fill)(seed % FILL_COUNT),
                             (Fill)(seed / 3 % 2), seed);
    for (int rows = 1; rows <= 70; rows++) {
        check_params(rows, 40, 64, FILL_RELU, FILL_DENSE, seed++); /* 64-wide row-skipping blocks */
        check_params(rows, 19, 33, FILL_SPARSE, FILL_RELU, seed++); /* 16-wide ones, 1 left over */
    }
    check_params(64, 784, 128, FILL_SPARSE, FILL_RELU, seed++);     /* an image layer */
    check_params(300, 20, 70, FILL_RELU, FILL_DENSE, seed++);       /* too many rows to list */
    assert_true(g_nonzero - before > 1000000);
}

/* ---- backward: dx = dz W^T ------------------------------------------------ */

/* dL/da of the layer below, as the trainer computes it: the forward kernel
 * on W transposed with a zero bias, against nn_dense_ref_backward_input. */
static void check_input_grad(int rows, int in, int out, Fill fd, uint64_t seed)
{
    nn_Rng rng;
    nn_rng_seed(&rng, seed);
    size_t nw = (size_t)in * out;
    float *dz = alloc_floats((size_t)rows * out), *W = alloc_floats(nw), *WT = alloc_floats(nw);
    float *zero = calloc((size_t)in, sizeof(float));
    float *ref = alloc_floats((size_t)rows * in), *dx = alloc_floats((size_t)rows * in);
    double *mag = alloc_doubles((size_t)rows * in);
    assert_non_null(zero);
    fill(dz, rows, out, out, fd, &rng);
    fill_weights(W, nw, &rng);
    nn_dense_ref_backward_input(ref, dz, W, rows, in, out);
    nn_dense_transpose(WT, W, in, out);
    forward_magnitude(mag, dz, out, WT, NULL, rows, out, in);
    char what[160];
    for (int v = 0; v < g_n_variants; v++) {
        const nn_DenseKernels *k = g_variants[v];
        snprintf(what, sizeof what, "%s dx rows=%d in=%d out=%d dz %s", k->name, rows, in, out,
                 fill_name[fd]);
        fill_nan(dx, (size_t)rows * in);
        k->forward(dx, dz, out, WT, zero, rows, out, in, 0, in);
        if (count_far(what, dx, ref, mag, out + 1, rows, in, 0, in))
            fail_msg("%s: differs from the reference", what);
    }
    free(dz), free(W), free(WT), free(zero), free(ref), free(dx), free(mag);
}

static void test_backward_input(void **state)
{
    (void)state;
    long before = g_nonzero;
    uint64_t seed = 2000;
    for (int a = 0; a < COUNT(k_in); a++)
        for (int o = 0; o < COUNT(k_out); o++)
            for (int r = 0; r < COUNT(k_rows); r += 2, seed++)
                check_input_grad(k_rows[r], k_in[a], k_out[o], (Fill)(seed % FILL_COUNT), seed);
    assert_true(g_nonzero - before > 100000);
}

/* ---- the sparse forward kernel ---------------------------------------------- */

/* forward_sparse (lists of non-zero inputs, block by block) against the
 * reference, and bit for bit against forward, which it promises to equal;
 * x's rows ldx apart. */
static void check_sparse(int rows, int in, int out, int ldx, Fill f, uint64_t seed)
{
    nn_Rng rng;
    nn_rng_seed(&rng, seed);
    float *x = alloc_floats((size_t)rows * ldx), *xp = alloc_floats((size_t)rows * in);
    float *W = alloc_floats((size_t)in * out), *b = alloc_floats((size_t)out);
    float *ref = alloc_floats((size_t)rows * out), *z = alloc_floats((size_t)rows * out);
    float *zd = alloc_floats((size_t)rows * out);
    double *mag = alloc_doubles((size_t)rows * out);
    void *mem = malloc(nn_sparse_work_size(rows, in));
    assert_non_null(mem);
    nn_SparseWork work;
    nn_sparse_work_init(&work, mem, rows, in);
    fill(x, rows, in, ldx, f, &rng);
    fill_weights(W, (size_t)in * out, &rng);
    fill_weights(b, (size_t)out, &rng);
    pack(xp, x, rows, in, ldx);
    nn_dense_ref_forward(ref, xp, W, b, rows, in, out);
    forward_magnitude(mag, xp, in, W, b, rows, in, out);
    char what[160];
    for (int v = 0; v < g_n_variants; v++) {
        const nn_DenseKernels *k = g_variants[v];
        snprintf(what, sizeof what, "%s forward_sparse rows=%d in=%d ldx=%d out=%d %s", k->name,
                 rows, in, ldx, out, fill_name[f]);
        fill_nan(z, (size_t)rows * out);
        k->forward_sparse(z, x, ldx, W, b, rows, in, out, &work);
        if (count_far(what, z, ref, mag, in + 1, rows, out, 0, out))
            fail_msg("%s: differs from the reference", what);
        k->forward(zd, x, ldx, W, b, rows, in, out, 0, out);
        if (memcmp(z, zd, (size_t)rows * out * sizeof *z) != 0)
            fail_msg("%s: not the dense forward's bits", what);
    }
    free(x), free(xp), free(W), free(b), free(ref), free(z), free(zd), free(mag), free(mem);
}

static void test_sparse_forward(void **state)
{
    (void)state;
    long before = g_nonzero;
    /* below a block of 64 inputs and widths not a multiple of 16 fall back */
    static const int ins[] = {1, 15, 63, 64, 65, 128, 200};
    static const int outs[] = {1, 9, 16, 17, 64, 128, 130, 208};
    static const int rows_[] = {1, 2, 7, 8, 9, 33};
    uint64_t seed = 3000;
    for (int a = 0; a < COUNT(ins); a++)
        for (int o = 0; o < COUNT(outs); o++)
            for (int r = 0; r < COUNT(rows_); r++)
                for (int f = 0; f < FILL_COUNT; f++, seed++)
                    check_sparse(rows_[r], ins[a], outs[o], ins[a] + (f == FILL_RELU ? 5 : 0),
                                 (Fill)f, seed);
    for (int rows = 1; rows <= 70; rows++)
        check_sparse(rows, 100, 80, 100, (Fill)(rows % FILL_COUNT), seed++);
    check_sparse(64, 784, 128, 784, FILL_SPARSE, seed++); /* Fashion-MNIST's first layer */
    check_sparse(64, 784, 128, 784, FILL_DENSE, seed++);  /* ... falls back when dense */
    check_sparse(70, 392, 128, 784, FILL_RELU, seed++);   /* one half of its inputs */
    assert_true(g_nonzero - before > 1000000);
}

/* ---- the trainer's kernel jobs ------------------------------------------------- */

/* A network whose large layers the trainer cuts into two half-sums, lists
 * sparse inputs for and shares between `threads` threads, stepped phase by
 * phase through one epoch (the last batch short): after each forward phase
 * z, after each backward phase dW, db and dL/da of the layer below, all
 * against the reference on the trainer's own intermediates. */
static void check_trainer(const nn_Arch *arch, int n, int batch, int bytes, int threads)
{
    char err[256];
    nn_Rng rng;
    nn_rng_seed(&rng, 77);
    int dim = arch->sizes[0], L = arch->n_layers, classes = arch->sizes[L];
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, n, dim, 1, classes, bytes, err,
                                       sizeof err), NN_OK);
    for (int i = 0; i < n; i++) {
        for (int c = 0; c < dim; c++) {
            int on = nn_rng_below(&rng, 3) == 0; /* two thirds of the pixels are zero */
            uint32_t v = on ? 1 + nn_rng_below(&rng, 255) : 0;
            if (bytes)
                d->x_u8[(size_t)i * d->x_u8_stride + c] = (uint8_t)v;
            else
                d->x[(size_t)i * dim + c] = (float)v / 255.0f;
        }
        d->label[i] = (int32_t)nn_rng_below(&rng, (uint32_t)classes);
    }
    if (bytes)
        d->x_scale = 1.0f / 255.0f;
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, arch, NN_LOSS_SPARSE_CCE, err, sizeof err), NN_OK);
    assert_true(m->n_params >= 20000); /* large enough for the trainer's split */
    nn_model_init(m, NN_INIT_GLOROT_UNIFORM, &rng);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_ADAM);
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = batch;
    tc.shuffle = 1;
    tc.threads = threads;
    nn_rng_seed(&tc.rng, 3);
    nn_Trainer *t = NULL;
    assert_int_equal(nn_trainer_create(&t, m, opt, d, &tc, err, sizeof err), NN_OK);

    int widest = 1;
    for (int l = 0; l <= L; l++)
        widest = arch->sizes[l] > widest ? arch->sizes[l] : widest;
    size_t cells = (size_t)batch * widest, wcells = (size_t)widest * widest;
    float *ref = alloc_floats(cells), *ref_b = alloc_floats((size_t)widest);
    float *ref_w = alloc_floats(wcells), *WT = alloc_floats(wcells);
    double *mag = alloc_doubles(wcells > cells ? wcells : cells);
    double *mag_b = alloc_doubles((size_t)widest);
    char what[160];
    int batches = nn_trainer_batches_per_epoch(t), phases = nn_trainer_phases_per_batch(t);
    for (int bt = 0; bt < batches; bt++)
        for (int ph = 0; ph < phases; ph++) {
            nn_Phase next = nn_trainer_next_phase(t);
            assert_int_equal(nn_trainer_step_phase(t), NN_OK);
            int l = next.layer, rows = nn_trainer_batch_rows(t);
            if (next.kind != NN_PHASE_FORWARD && next.kind != NN_PHASE_BACKWARD)
                continue;
            int in = arch->sizes[l], out = arch->sizes[l + 1];
            const float *x = l == 0 ? nn_trainer_batch_x(t) : nn_trainer_a(t, l - 1);
            snprintf(what, sizeof what, "trainer %d-%d layer %d rows=%d threads=%d %s", in, out,
                     l, rows, threads, next.kind == NN_PHASE_FORWARD ? "z" : "dW, db, dx");
            if (next.kind == NN_PHASE_FORWARD) {
                nn_dense_ref_forward(ref, x, m->W[l], m->b[l], rows, in, out);
                forward_magnitude(mag, x, in, m->W[l], m->b[l], rows, in, out);
                /* two half-sums added: one more rounding than a single sum */
                if (count_far(what, nn_trainer_z(t, l), ref, mag, in + 2, rows, out, 0, out))
                    fail_msg("%s: differs from the reference", what);
                continue;
            }
            const float *delta = nn_trainer_delta(t, l);
            nn_dense_ref_backward_params(ref_w, ref_b, x, delta, rows, in, out);
            params_magnitude(mag, mag_b, x, delta, rows, in, out);
            if (count_far(what, nn_trainer_dW(t, l), ref_w, mag, rows, in, out, 0, out) ||
                count_far(what, nn_trainer_db(t, l), ref_b, mag_b, rows, 1, out, 0, out))
                fail_msg("%s: dW or db differs from the reference", what);
            if (l > 0) {
                nn_dense_ref_backward_input(ref, delta, m->W[l], rows, in, out);
                nn_dense_transpose(WT, m->W[l], in, out);
                forward_magnitude(mag, delta, out, WT, NULL, rows, out, in);
                if (count_far(what, nn_trainer_dA(t, l - 1), ref, mag, out + 1, rows, in, 0, in))
                    fail_msg("%s: dL/da below differs from the reference", what);
            }
        }
    free(ref), free(ref_b), free(ref_w), free(WT), free(mag), free(mag_b);
    nn_trainer_destroy(t);
    nn_opt_destroy(opt);
    nn_model_destroy(m);
    nn_dataset_destroy(d);
}

static void test_trainer_jobs(void **state)
{
    (void)state;
    long before = g_nonzero;
    nn_Arch image, odd;
    memset(&image, 0, sizeof image);
    image.n_layers = 3; /* T2's network: every layer but the last is split */
    image.sizes[0] = 784, image.sizes[1] = 128, image.sizes[2] = 64, image.sizes[3] = 10;
    image.act[0] = NN_ACT_RELU, image.act[1] = NN_ACT_RELU, image.act[2] = NN_ACT_SOFTMAX;
    memset(&odd, 0, sizeof odd);
    odd.n_layers = 3; /* odd widths, a first layer of 65 units, a masked-width output */
    odd.sizes[0] = 300, odd.sizes[1] = 65, odd.sizes[2] = 17, odd.sizes[3] = 9;
    odd.act[0] = NN_ACT_RELU, odd.act[1] = NN_ACT_TANH, odd.act[2] = NN_ACT_SOFTMAX;
    for (int threads = 1; threads <= 3; threads++) {
        check_trainer(&image, 100, 64, 1, threads);
        check_trainer(&odd, 160, 70, 0, threads);
    }
    assert_true(g_nonzero - before > 100000);
}

/* ---- the comparison can fail -------------------------------------------------- */

/* The tolerance is loose enough for rounding but not for a bug: a result
 * with one term of its sum missing (what a wrong list of non-zero inputs or
 * rows would give), a NaN (an element never written) and a sign flipped are
 * all reported, for small and wide sums; the reference itself passes. */
static void test_comparison_can_fail(void **state)
{
    (void)state;
    static const int shapes[][3] = {{1, 3, 2}, {9, 784, 10}, {70, 200, 130}, {8, 65, 15}};
    for (int s = 0; s < COUNT(shapes); s++) {
        int rows = shapes[s][0], in = shapes[s][1], out = shapes[s][2];
        nn_Rng rng;
        nn_rng_seed(&rng, 99 + (uint64_t)s);
        float *x = alloc_floats((size_t)rows * in), *W = alloc_floats((size_t)in * out);
        float *b = alloc_floats((size_t)out), *ref = alloc_floats((size_t)rows * out);
        float *bad = alloc_floats((size_t)rows * out);
        double *mag = alloc_doubles((size_t)rows * out);
        fill(x, rows, in, in, FILL_DENSE, &rng);
        fill_weights(W, (size_t)in * out, &rng);
        fill_weights(b, (size_t)out, &rng);
        nn_dense_ref_forward(ref, x, W, b, rows, in, out);
        forward_magnitude(mag, x, in, W, b, rows, in, out);
        assert_int_equal(count_far("guard", ref, ref, mag, in + 1, rows, out, 0, out), 0);

        /* element (r, j) without its largest term x[r][i] W[i][j] */
        int r = rows / 2, j = out - 1, imax = 0;
        for (int i = 1; i < in; i++)
            if (fabsf(x[(size_t)r * in + i] * W[(size_t)i * out + j]) >
                fabsf(x[(size_t)r * in + imax] * W[(size_t)imax * out + j]))
                imax = i;
        size_t e = (size_t)r * out + j;
        g_quiet = 1;
        memcpy(bad, ref, (size_t)rows * out * sizeof *bad);
        bad[e] -= x[(size_t)r * in + imax] * W[(size_t)imax * out + j];
        assert_int_equal(count_far("guard", bad, ref, mag, in + 1, rows, out, 0, out), 1);
        memcpy(bad, ref, (size_t)rows * out * sizeof *bad);
        bad[e] = NAN;
        assert_int_equal(count_far("guard", bad, ref, mag, in + 1, rows, out, 0, out), 1);
        memcpy(bad, ref, (size_t)rows * out * sizeof *bad);
        for (size_t k = 0; k < (size_t)rows * out; k++)
            bad[k] = -bad[k];
        assert_true(count_far("guard", bad, ref, mag, in + 1, rows, out, 0, out) > rows * out / 2);
        g_quiet = 0;
        free(x), free(W), free(b), free(ref), free(bad), free(mag);
    }
}

/* ---- a plane's points and the unit-major forward (loss landscapes) -------- */

/* Every variant's lincomb3 and forward_unit_major against the reference
 * loops: lincomb3 within the rounding of its two products (a fused
 * multiply-add may skip one), forward_unit_major within sum_tol of the
 * reference's sums. A point with one term left out fails both. */
static void test_plane_kernels(void **state)
{
    (void)state;
    nn_Rng rng;
    nn_rng_seed(&rng, 77);
    long compared = 0;
    for (int n = 1; n <= 70; n++) {
        float *p[3], *ref = alloc_floats((size_t)n), *z = alloc_floats((size_t)n);
        for (int q = 0; q < 3; q++) {
            p[q] = alloc_floats((size_t)n);
            fill(p[q], 1, n, n, FILL_DENSE, &rng);
        }
        float a = 0.37f, b = -1.25f;
        nn_dense_ref_lincomb3(ref, p[0], p[1], p[2], a, b, (size_t)n);
        for (int v = 0; v < g_n_variants; v++) {
            fill_nan(z, (size_t)n);
            g_variants[v]->lincomb3(z, p[0], p[1], p[2], a, b, (size_t)n);
            for (int i = 0; i < n; i++, compared++) {
                double mag = fabs(p[0][i]) + fabs(a * p[1][i]) + fabs(b * p[2][i]);
                if (!NEAR(z[i], ref[i], sum_tol(mag, 3), g_variants[v]->name, 0, i))
                    fail_msg("%s lincomb3 n=%d: differs from the reference", g_variants[v]->name, n);
            }
        }
        /* the guard: without its last term the point is far off */
        g_quiet = 1;
        double mag = fabs(p[0][0]) + fabs(a * p[1][0]) + fabs(b * p[2][0]);
        assert_false(NEAR(p[0][0] + a * p[1][0], ref[0], sum_tol(mag, 3), "guard", 0, 0));
        g_quiet = 0;
        for (int q = 0; q < 3; q++)
            free(p[q]);
        free(ref), free(z);
    }
    static const int shapes[][2] = {{2, 8}, {8, 8}, {8, 1}, {7, 3}, {16, 16}, {3, 17}};
    for (int s = 0; s < COUNT(shapes); s++)
        for (int ld = 16; ld <= 64; ld += 48) {
            int in = shapes[s][0], out = shapes[s][1];
            float *xt = alloc_floats((size_t)in * ld), *W = alloc_floats((size_t)in * out);
            float *b = alloc_floats((size_t)out), *ref = alloc_floats((size_t)out * ld);
            float *zt = alloc_floats((size_t)out * ld), *x = alloc_floats((size_t)ld * in);
            double *mag = alloc_doubles((size_t)ld * out), *magt = alloc_doubles((size_t)out * ld);
            fill(xt, in, ld, ld, (Fill)(s % FILL_COUNT), &rng);
            fill_weights(W, (size_t)in * out, &rng);
            fill_weights(b, (size_t)out, &rng);
            nn_dense_ref_forward_unit_major(ref, xt, W, b, ld, in, out);
            for (int r = 0; r < ld; r++) /* the magnitudes, row-major, turned */
                for (int i = 0; i < in; i++)
                    x[(size_t)r * in + i] = xt[(size_t)i * ld + r];
            forward_magnitude(mag, x, in, W, b, ld, in, out);
            for (int r = 0; r < ld; r++)
                for (int j = 0; j < out; j++)
                    magt[(size_t)j * ld + r] = mag[(size_t)r * out + j];
            for (int v = 0; v < g_n_variants; v++) {
                fill_nan(zt, (size_t)out * ld);
                g_variants[v]->forward_unit_major(zt, xt, W, b, ld, in, out);
                if (count_far(g_variants[v]->name, zt, ref, magt, in + 1, out, ld, 0, ld))
                    fail_msg("%s forward_unit_major in=%d out=%d ld=%d: differs from the reference",
                             g_variants[v]->name, in, out, ld);
                compared += (long)out * ld;
            }
            free(xt), free(W), free(b), free(ref), free(zt), free(x), free(mag), free(magt);
        }
    assert_true(compared > 5000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comparison_can_fail),
        cmocka_unit_test(test_forward),
        cmocka_unit_test(test_backward_params),
        cmocka_unit_test(test_backward_input),
        cmocka_unit_test(test_sparse_forward),
        cmocka_unit_test(test_trainer_jobs),
        cmocka_unit_test(test_plane_kernels),
    };
    return cmocka_run_group_tests(tests, setup_variants, NULL);
}
