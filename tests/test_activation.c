/* test_activation.c - the vectorizable exp/expm1/tanh/sigmoid against libm,
 * activation values and derivatives against their formulas, and the dense
 * kernels (every variant this processor runs) against a plain reference. */
#include "test_util.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "activation.h"
#include "dense.h"
#include "fastmath.h"
#include "rng.h"

/* |a - e| in units of float spacing at e (at least FLT_MIN spacing). */
static double ulps(double a, double e)
{
    double spacing = fmax(fabs(e) * FLT_EPSILON, FLT_MIN);
    return fabs(a - e) / spacing;
}

static void test_fast_math_accuracy(void **state)
{
    (void)state;
    double worst_exp = 0, worst_tanh = 0, worst_expm1 = 0, worst_sig = 0;
    for (int i = -200000; i <= 200000; i++) {
        float x = (float)i * 4e-4f; /* [-80, 80] */
        worst_exp = fmax(worst_exp, ulps(nn_expf_fast(x), exp((double)x)));
        worst_expm1 = fmax(worst_expm1, ulps(nn_expm1f_fast(x), expm1((double)x)));
        float xt = (float)i * 1e-4f; /* [-20, 20] */
        worst_tanh = fmax(worst_tanh, ulps(nn_tanhf_fast(xt), tanh((double)xt)));
        worst_sig = fmax(worst_sig, ulps(nn_sigmoidf_fast(xt), 1.0 / (1.0 + exp(-(double)xt))));
    }
    /* tiny arguments keep full relative precision */
    for (float x = 1e-30f; x < 1e-2f; x *= 1.7f) {
        worst_tanh = fmax(worst_tanh, ulps(nn_tanhf_fast(x), tanh((double)x)));
        worst_tanh = fmax(worst_tanh, ulps(nn_tanhf_fast(-x), tanh(-(double)x)));
        worst_expm1 = fmax(worst_expm1, ulps(nn_expm1f_fast(x), expm1((double)x)));
    }
    print_message("worst ulps: exp %.2f expm1 %.2f tanh %.2f sigmoid %.2f\n", worst_exp, worst_expm1,
                  worst_tanh, worst_sig);
    assert_true(worst_exp < 4.0);
    assert_true(worst_expm1 < 4.0);
    assert_true(worst_tanh < 4.0);
    assert_true(worst_sig < 4.0);
    assert_true(nn_tanhf_fast(100.0f) == 1.0f && nn_tanhf_fast(-100.0f) == -1.0f);
    assert_true(nn_sigmoidf_fast(-200.0f) >= 0.0f && nn_sigmoidf_fast(200.0f) == 1.0f);
}

static double keras_act(nn_Act act, double z)
{
    switch (act) {
    case NN_ACT_LINEAR: return z;
    case NN_ACT_SIGMOID: return 1 / (1 + exp(-z));
    case NN_ACT_TANH: return tanh(z);
    case NN_ACT_RELU: return z > 0 ? z : 0;
    case NN_ACT_LEAKY_RELU: return z > 0 ? z : 0.2 * z;
    case NN_ACT_ELU: return z > 0 ? z : exp(z) - 1;
    case NN_ACT_SOFTPLUS: return log1p(exp(z));
    case NN_ACT_SWISH: return z / (1 + exp(-z));
    default: return NAN;
    }
}

static void test_activation_values_and_derivatives(void **state)
{
    (void)state;
    for (int act = 0; act < NN_ACT_SOFTMAX; act++) {
        float z[41], a[41], ones[41], dz[41];
        for (int i = 0; i < 41; i++) {
            z[i] = (float)(i - 20) * 0.37f;
            ones[i] = 1.0f;
        }
        nn_act_forward((nn_Act)act, a, z, 1, 41);
        nn_act_backward((nn_Act)act, dz, ones, z, a, 1, 41);
        for (int i = 0; i < 41; i++) {
            assert_close_rel(a[i], keras_act((nn_Act)act, z[i]), 1e-6);
            assert_close_rel(a[i], nn_act_scalar((nn_Act)act, z[i]), 1e-7);
            double h = 1e-4, num = (keras_act((nn_Act)act, z[i] + h) - keras_act((nn_Act)act, z[i] - h)) / (2 * h);
            if (fabs(z[i]) > 1e-3) /* away from the relu kinks */
                assert_close_rel(dz[i], num, 1e-4);
            assert_close_rel(dz[i], nn_act_derivative_scalar((nn_Act)act, z[i], a[i]), 1e-6);
        }
    }
    /* relu'(0) = 0 and leaky_relu'(0) = 0.2, as TensorFlow */
    assert_true(nn_act_derivative_scalar(NN_ACT_RELU, 0.0f, 0.0f) == 0.0f);
    assert_true(nn_act_derivative_scalar(NN_ACT_LEAKY_RELU, 0.0f, 0.0f) == 0.2f);
    nn_Act act;
    assert_int_equal(nn_act_from_name("leaky_relu", &act), 0);
    assert_int_equal(act, NN_ACT_LEAKY_RELU);
    assert_int_equal(nn_act_from_name("silu", &act), 0);
    assert_int_equal(act, NN_ACT_SWISH);
    assert_int_equal(nn_act_from_name("sigmoidal", &act), -1);
}

static void test_softmax_stable(void **state)
{
    (void)state;
    float z[3] = {1000.0f, 1001.0f, 1002.0f}, a[3];
    nn_act_forward(NN_ACT_SOFTMAX, a, z, 1, 3);
    double e0 = exp(-2.0), e1 = exp(-1.0), s = e0 + e1 + 1.0;
    assert_close_rel(a[0], e0 / s, 1e-6);
    assert_close_rel(a[2], 1.0 / s, 1e-6);
}

/* ---- dense kernels ---- */

static void ref_forward(double *z, const float *x, const float *W, const float *b, int rows, int in, int out)
{
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < out; j++) {
            double s = b[j];
            for (int i = 0; i < in; i++)
                s += (double)x[r * in + i] * W[i * out + j];
            z[r * out + j] = s;
        }
}

static void check_kernels(const nn_DenseKernels *k, int rows, int in, int out)
{
    nn_Rng rng;
    nn_rng_seed(&rng, (uint64_t)(rows * 1000 + in * 10 + out));
    size_t nx = (size_t)rows * in, nw = (size_t)in * out, nz = (size_t)rows * out;
    float *x = malloc(nx * 4), *W = malloc(nw * 4), *b = malloc(out * 4), *z = malloc(nz * 4);
    float *dz = malloc(nz * 4), *dW = malloc(nw * 4), *db = malloc(out * 4), *dx = malloc(nx * 4);
    double *rz = malloc(nz * 8);
    for (size_t i = 0; i < nx; i++)
        x[i] = (i % 3 == 0) ? 0.0f : (float)(nn_rng_uniform(&rng) * 2 - 1);
    for (size_t i = 0; i < nw; i++)
        W[i] = (float)(nn_rng_uniform(&rng) * 2 - 1);
    for (int i = 0; i < out; i++)
        b[i] = (float)(nn_rng_uniform(&rng) - 0.5);
    for (size_t i = 0; i < nz; i++)
        dz[i] = (float)(nn_rng_uniform(&rng) * 2 - 1);
    k->forward(z, x, in, W, b, rows, in, out, 0, out);
    /* any split of the columns gives the same bits */
    float *z2 = malloc(nz * 4);
    int cut = out / 2 / 16 * 16;
    k->forward(z2, x, in, W, b, rows, in, out, 0, cut);
    k->forward(z2, x, in, W, b, rows, in, out, cut, out);
    assert_memory_equal(z, z2, nz * 4);
    free(z2);
    ref_forward(rz, x, W, b, rows, in, out);
    double tol = 1e-5 * sqrt((double)in + 1);
    for (size_t i = 0; i < nz; i++)
        assert_close(z[i], rz[i], tol);
    k->backward_params(dW, db, x, dz, rows, in, out, 0, in, 0, out);
    /* split into column bands: same bits */
    float *dW2 = malloc(nw * 4), *db2 = malloc(out * 4);
    k->backward_params(dW2, db2, x, dz, rows, in, out, 0, in, 0, cut);
    k->backward_params(dW2, db2, x, dz, rows, in, out, 0, in, cut, out);
    assert_memory_equal(dW, dW2, nw * 4);
    assert_memory_equal(db, db2, (size_t)out * 4);
    /* split into blocks of weight rows (inputs), as threads own them: same
     * bits, and no bias written when db is NULL */
    int icut = in / 2 / 8 * 8;
    memset(dW2, 0, nw * 4);
    for (int j = 0; j < out; j++)
        db2[j] = -7.0f;
    k->backward_params(dW2, NULL, x, dz, rows, in, out, 0, icut, 0, out);
    k->backward_params(dW2, NULL, x, dz, rows, in, out, icut, in, 0, out);
    assert_memory_equal(dW, dW2, nw * 4);
    for (int j = 0; j < out; j++)
        assert_true(db2[j] == -7.0f);
    free(dW2);
    free(db2);
    /* a block of inputs out of wider rows (ldx > in): the two halves of the
     * weight rows summed apart, then added, match the reference */
    if (icut > 0) {
        float *h0 = malloc(nz * 4), *h1 = malloc(nz * 4), *zb = calloc((size_t)out, 4);
        k->forward(h0, x, in, W, b, rows, icut, out, 0, out);
        k->forward(h1, x + icut, in, W + (size_t)icut * out, zb, rows, in - icut, out, 0, out);
        double *rz2 = malloc(nz * 8);
        ref_forward(rz2, x, W, b, rows, in, out);
        for (size_t i = 0; i < nz; i++)
            assert_close(h0[i] + h1[i], rz2[i], 1e-5 * sqrt((double)in + 1));
        free(h0);
        free(h1);
        free(zb);
        free(rz2);
    }
    for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++) {
            double s = 0;
            for (int r = 0; r < rows; r++)
                s += (double)x[r * in + i] * dz[r * out + j];
            assert_close(dW[i * out + j], s, 1e-5 * sqrt((double)rows + 1));
        }
    for (int j = 0; j < out; j++) {
        double s = 0;
        for (int r = 0; r < rows; r++)
            s += dz[r * out + j];
        assert_close(db[j], s, 1e-5 * sqrt((double)rows + 1));
    }
    float *WT = malloc(nw * 4), *zero = calloc((size_t)in, 4);
    nn_dense_transpose(WT, W, in, out);
    k->forward(dx, dz, out, WT, zero, rows, out, in, 0, in);
    free(WT);
    free(zero);
    for (int r = 0; r < rows; r++)
        for (int i = 0; i < in; i++) {
            double s = 0;
            for (int j = 0; j < out; j++)
                s += (double)dz[r * out + j] * W[i * out + j];
            assert_close(dx[r * in + i], s, 1e-5 * sqrt((double)out + 1));
        }
    free(x), free(W), free(b), free(z), free(dz), free(dW), free(db), free(dx), free(rz);
}

static void test_dense_kernels(void **state)
{
    (void)state;
    const nn_DenseKernels *variants[] = {nn_dense_kernels_portable(), nn_dense_kernels()};
    static const int shapes[][3] = {{1, 1, 1},  {10, 2, 8},   {10, 8, 1},   {3, 5, 7},  {64, 784, 128},
                                    {64, 128, 64}, {32, 64, 10}, {7, 17, 33}, {5, 16, 16}, {9, 3, 100}};
    for (int v = 0; v < 2; v++) {
        print_message("dense kernels: %s\n", variants[v]->name);
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            check_kernels(variants[v], shapes[s][0], shapes[s][1], shapes[s][2]);
    }
}

/* The sparse forward pass gives the dense one's bits: on mostly-zero inputs
 * (it lists them), on dense inputs (it falls back), on a block of inputs out
 * of wider rows, and for widths it does not tile. */
static void check_sparse(const nn_DenseKernels *k, int rows, int in, int out, int keep_every)
{
    nn_Rng rng;
    nn_rng_seed(&rng, (uint64_t)(rows * 7 + in * 3 + out + keep_every));
    int ldx = in + 16;
    size_t nx = (size_t)rows * ldx, nw = (size_t)in * out, nz = (size_t)rows * out;
    float *x = malloc(nx * 4), *W = malloc(nw * 4), *b = malloc(out * 4);
    float *z = malloc(nz * 4), *z2 = malloc(nz * 4);
    for (size_t i = 0; i < nx; i++)
        x[i] = (nn_rng_below(&rng, (uint32_t)keep_every) == 0) ? (float)(nn_rng_uniform(&rng) - 0.3) : 0.0f;
    for (size_t i = 0; i < nw; i++)
        W[i] = (float)(nn_rng_uniform(&rng) * 2 - 1);
    for (int i = 0; i < out; i++)
        b[i] = (float)(nn_rng_uniform(&rng) - 0.5);
    void *mem = malloc(nn_sparse_work_size(rows, in));
    nn_SparseWork w;
    nn_sparse_work_init(&w, mem, rows, in);
    k->forward(z, x, ldx, W, b, rows, in, out, 0, out);
    memset(z2, 0xff, nz * 4);
    k->forward_sparse(z2, x, ldx, W, b, rows, in, out, &w);
    assert_memory_equal(z, z2, nz * 4);
    free(mem), free(x), free(W), free(b), free(z), free(z2);
}

static void test_sparse_forward(void **state)
{
    (void)state;
    const nn_DenseKernels *variants[] = {nn_dense_kernels_portable(), nn_dense_kernels()};
    for (int v = 0; v < 2; v++) {
        check_sparse(variants[v], 64, 392, 128, 2);  /* half an image's pixels */
        check_sparse(variants[v], 64, 392, 128, 1);  /* no zeros: falls back */
        check_sparse(variants[v], 37, 200, 80, 3);   /* 64- and 16-wide tiles, a short block */
        check_sparse(variants[v], 9, 130, 256, 4);   /* two 128-wide tiles */
        check_sparse(variants[v], 8, 100, 10, 3);    /* untiled width: falls back */
        check_sparse(variants[v], 5, 40, 32, 3);     /* fewer inputs than a block */
    }
}

/* The per-instruction-set activation loops agree with the portable ones. */
static void test_kernel_activations(void **state)
{
    (void)state;
    const nn_DenseKernels *k = nn_dense_kernels();
    enum { N = 333 };
    float z[N], a0[N], a1[N], da[N], d0[N], d1[N];
    for (int i = 0; i < N; i++) {
        z[i] = (float)(i - N / 2) * 0.05f;
        da[i] = (float)((i * 7) % 11) - 5.0f;
    }
    for (int act = 0; act < NN_ACT_COUNT; act++) {
        int rows = act == NN_ACT_SOFTMAX ? 9 : 1, cols = act == NN_ACT_SOFTMAX ? 37 : N;
        nn_act_forward((nn_Act)act, a0, z, rows, cols);
        k->act_forward((nn_Act)act, a1, z, rows, cols);
        nn_act_backward((nn_Act)act, d0, da, z, a0, rows, cols);
        k->act_backward((nn_Act)act, d1, da, z, a0, rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            assert_true(ulps(a1[i], a0[i]) <= 4.0);
            assert_close(d1[i], d0[i], 1e-6 * (fabs(d0[i]) + 1.0));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_math_accuracy),
        cmocka_unit_test(test_activation_values_and_derivatives),
        cmocka_unit_test(test_softmax_stable),
        cmocka_unit_test(test_dense_kernels),
        cmocka_unit_test(test_sparse_forward),
        cmocka_unit_test(test_kernel_activations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
