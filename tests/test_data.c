/* test_data.c - data sets: Playground's generators, features, batches and
 * target encodings, split, 1-D regression, random binary, CSV and IDX files. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dataset.h"

#define PI 3.14159265358979323846

static nn_Dataset *gen(nn_PlaygroundSet set, int n, double noise, uint64_t seed)
{
    char err[256];
    nn_Rng r;
    nn_rng_seed(&r, seed);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_playground(&d, set, n, noise, &r, err, sizeof err), NN_OK);
    return d;
}

static void test_spiral_closed_form(void **state)
{
    (void)state;
    nn_Dataset *d = gen(NN_PG_SPIRAL, 500, 0.0, 1);
    assert_int_equal(d->n, 500);
    for (int part = 0; part < 2; part++)
        for (int i = 0; i < 250; i++) {
            double r = i / 250.0 * 5, t = 1.75 * i / 250.0 * 2 * PI + (part ? PI : 0);
            int k = part * 250 + i;
            assert_close(d->x[2 * k], r * sin(t), 1e-6);
            assert_close(d->x[2 * k + 1], r * cos(t), 1e-6);
            assert_int_equal(d->label[k], part == 0 ? 1 : 0);
        }
    nn_dataset_destroy(d);
}

static void test_generator_statistics(void **state)
{
    (void)state;
    /* circle, noise 0: class 1 inside r < 2.5, class 0 in 3.5 .. 5 */
    nn_Dataset *c = gen(NN_PG_CIRCLE, 400, 0.0, 2);
    int ones = 0;
    for (int i = 0; i < c->n; i++) {
        double r = hypot(c->x[2 * i], c->x[2 * i + 1]);
        if (c->label[i] == 1)
            assert_true(r < 2.5);
        else
            assert_true(r >= 3.5 - 1e-6 && r <= 5.0 + 1e-6);
        ones += c->label[i];
    }
    assert_int_equal(ones, 200);
    nn_dataset_destroy(c);
    /* xor, noise 0: class 1 where x*y >= 0, and |x|, |y| >= 0.3 (padding) */
    nn_Dataset *x = gen(NN_PG_XOR, 500, 0.0, 3);
    int pos = 0;
    for (int i = 0; i < x->n; i++) {
        float a = x->x[2 * i], b = x->x[2 * i + 1];
        assert_int_equal(x->label[i], a * b >= 0);
        assert_true(fabsf(a) >= 0.3f && fabsf(b) >= 0.3f && fabsf(a) <= 5.3f);
        pos += x->label[i];
    }
    assert_true(pos > 200 && pos < 300);
    nn_dataset_destroy(x);
    /* gauss: two clouds around (2,2) and (-2,-2) */
    nn_Dataset *g = gen(NN_PG_GAUSS, 1000, 0.0, 4);
    double m1 = 0, m0 = 0;
    for (int i = 0; i < g->n; i++) {
        double v = g->x[2 * i] + g->x[2 * i + 1];
        if (g->label[i])
            m1 += v;
        else
            m0 += v;
    }
    assert_close(m1 / 500 / 2, 2.0, 0.15);
    assert_close(m0 / 500 / 2, -2.0, 0.15);
    nn_dataset_destroy(g);
    /* regression sets: targets in [-1, 1], plane = (x + y) / 10 with noise 0 */
    nn_Dataset *p = gen(NN_PG_PLANE, 300, 0.0, 5);
    assert_int_equal(p->task, NN_TASK_REGRESS);
    for (int i = 0; i < p->n; i++)
        assert_close(p->y[i], (p->x[2 * i] + p->x[2 * i + 1]) / 10.0, 1e-6);
    nn_dataset_destroy(p);
    nn_Dataset *mg = gen(NN_PG_MULTIGAUSS, 300, 20.0, 6);
    for (int i = 0; i < mg->n; i++)
        assert_true(mg->y[i] >= -1.0f && mg->y[i] <= 1.0f);
    nn_dataset_destroy(mg);
}

static void test_seeds(void **state)
{
    (void)state;
    for (int set = 0; set < NN_PG_COUNT; set++) {
        nn_Dataset *a = gen((nn_PlaygroundSet)set, 200, 25.0, 11);
        nn_Dataset *b = gen((nn_PlaygroundSet)set, 200, 25.0, 11);
        nn_Dataset *c = gen((nn_PlaygroundSet)set, 200, 25.0, 12);
        assert_memory_equal(a->x, b->x, 400 * sizeof(float));
        assert_memory_not_equal(a->x, c->x, 400 * sizeof(float));
        nn_dataset_destroy(a);
        nn_dataset_destroy(b);
        nn_dataset_destroy(c);
    }
    char err[256];
    nn_Rng r;
    nn_rng_seed(&r, 1);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_playground(&d, NN_PG_SPIRAL, 500, 51.0, &r, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "noise"));
}

static void test_features_and_gather(void **state)
{
    (void)state;
    uint32_t m = 0;
    assert_int_equal(nn_features_from_string("x1, x2,x1^2 , x1*x2, sin(x2)", &m), 0);
    assert_int_equal(m, NN_FEAT_X1 | NN_FEAT_X2 | NN_FEAT_X1SQ | NN_FEAT_X1X2 | NN_FEAT_SIN2);
    assert_int_equal(nn_features_from_string("x1, x3", &m), -1);
    float out[7];
    nn_features_apply(NN_FEAT_ALL, 2.0f, -3.0f, out);
    assert_close(out[0], 2, 0);
    assert_close(out[1], -3, 0);
    assert_close(out[2], 4, 0);
    assert_close(out[3], 9, 0);
    assert_close(out[4], -6, 0);
    assert_close(out[5], sin(2.0), 1e-6);
    assert_close(out[6], sin(-3.0), 1e-6);
    nn_Dataset *d = gen(NN_PG_CIRCLE, 20, 0.0, 1);
    assert_int_equal(nn_dataset_input_width(d, NN_FEAT_X1 | NN_FEAT_X2SQ), 2);
    assert_int_equal(nn_dataset_input_width(d, 0), 2);
    int idx[3] = {5, 0, 17};
    float x[6];
    nn_dataset_gather_x(d, idx, 3, NN_FEAT_X1 | NN_FEAT_X2SQ, x);
    assert_true(x[0] == d->x[10] && x[1] == d->x[11] * d->x[11]);
    assert_true(x[4] == d->x[34]);
    /* targets: -1/+1 for tanh and linear, 0/1 for sigmoid, one-hot, index */
    float t[6];
    nn_dataset_gather_targets(d, idx, 3, NN_LOSS_HALF_SQUARED, NN_ACT_TANH, 1, t);
    for (int r = 0; r < 3; r++)
        assert_true(t[r] == (d->label[idx[r]] ? 1.0f : -1.0f));
    nn_dataset_gather_targets(d, idx, 3, NN_LOSS_BCE, NN_ACT_SIGMOID, 1, t);
    for (int r = 0; r < 3; r++)
        assert_true(t[r] == (float)d->label[idx[r]]);
    nn_dataset_gather_targets(d, idx, 3, NN_LOSS_CCE, NN_ACT_SOFTMAX, 2, t);
    for (int r = 0; r < 3; r++)
        assert_true(t[2 * r + d->label[idx[r]]] == 1.0f && t[2 * r + 1 - d->label[idx[r]]] == 0.0f);
    nn_dataset_gather_targets(d, idx, 3, NN_LOSS_SPARSE_CCE, NN_ACT_SOFTMAX, 2, t);
    for (int r = 0; r < 3; r++)
        assert_true(t[r] == (float)d->label[idx[r]]);
    float o1[1] = {0.1f}, o2[3] = {0.1f, 0.7f, 0.2f};
    assert_int_equal(nn_predict_class(o1, 1, NN_ACT_TANH), 1);
    assert_int_equal(nn_predict_class(o1, 1, NN_ACT_SIGMOID), 0);
    assert_int_equal(nn_predict_class(o2, 3, NN_ACT_SOFTMAX), 1);
    char err[256];
    assert_int_equal(nn_dataset_check_model(d, NN_FEAT_X1, 2, 1, NN_LOSS_MSE, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "1 inputs"));
    nn_dataset_destroy(d);
    /* bytes are scaled */
    nn_Dataset *b = NULL;
    assert_int_equal(nn_dataset_create(&b, NN_TASK_CLASSIFY, 2, 3, 1, 2, 1, err, sizeof err), NN_OK);
    b->x_scale = 1.0f / 255.0f;
    b->x_u8[3] = 255, b->x_u8[4] = 51;
    int one = 1;
    nn_dataset_gather_x(b, &one, 1, 0, x);
    assert_close(x[0], 1.0, 1e-7);
    assert_close(x[1], 0.2, 1e-7);
    nn_dataset_destroy(b);
}

static void test_split(void **state)
{
    (void)state;
    char err[256];
    nn_Dataset *d = gen(NN_PG_XOR, 101, 0.0, 8), *tr = NULL, *te = NULL;
    nn_Rng r;
    nn_rng_seed(&r, 3);
    assert_int_equal(nn_dataset_split(d, 0.7, &r, &tr, &te, err, sizeof err), NN_OK);
    assert_int_equal(tr->n, 71);
    assert_int_equal(te->n, 30);
    /* every row lands on exactly one side: match rows by their coordinates */
    int *used = calloc((size_t)d->n, sizeof *used);
    for (int s = 0; s < 2; s++) {
        nn_Dataset *part = s ? te : tr;
        for (int i = 0; i < part->n; i++) {
            int found = -1;
            for (int k = 0; k < d->n && found < 0; k++)
                if (!used[k] && d->x[2 * k] == part->x[2 * i] && d->x[2 * k + 1] == part->x[2 * i + 1])
                    found = k;
            assert_true(found >= 0);
            used[found] = 1;
            assert_int_equal(part->label[i], d->label[found]);
        }
    }
    free(used);
    nn_dataset_destroy(tr);
    nn_dataset_destroy(te);
    nn_Dataset *tiny = gen(NN_PG_XOR, 2, 0.0, 8);
    assert_int_equal(nn_dataset_split(tiny, 0.9, &r, &tr, &te, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "empty"));
    nn_dataset_destroy(tiny);
    nn_dataset_destroy(d);
}

static void test_regression_and_binary(void **state)
{
    (void)state;
    char err[256];
    nn_Rng r;
    nn_rng_seed(&r, 4);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_regression1d(&d, NN_REG1D_LINEAR, 100, 0.0, &r, err, sizeof err), NN_OK);
    for (int i = 0; i < 100; i++) {
        assert_close(d->y[i], 2.0 * d->x[i] + 3.0, 1e-5);
        assert_true(d->x[i] >= -1.0f && d->x[i] <= 1.0f);
    }
    nn_dataset_destroy(d);
    assert_int_equal(nn_data_regression1d(&d, NN_REG1D_SINE, 100, 0.0, &r, err, sizeof err), NN_OK);
    for (int i = 0; i < 100; i++)
        assert_close(d->y[i], sin(d->x[i]), 1e-5);
    nn_dataset_destroy(d);
    assert_int_equal(nn_data_random_binary(&d, 200, 9, &r, err, sizeof err), NN_OK);
    int ones_total = 0;
    for (int i = 0; i < 200; i++) {
        int ones = 0;
        for (int c = 0; c < 9; c++) {
            float v = d->x[i * 9 + c];
            assert_true(v == 0.0f || v == 1.0f);
            ones += v == 1.0f;
        }
        assert_int_equal(d->label[i], ones > 4);
        ones_total += ones;
    }
    assert_true(ones_total > 700 && ones_total < 1100); /* about half the 1800 bits */
    nn_dataset_destroy(d);
    /* absurd sizes are refused up front, not allocated */
    d = (nn_Dataset *)1;
    assert_int_equal(nn_data_random_binary(&d, 1000000, 4096, &r, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(d);
    assert_non_null(strstr(err, "GiB"));
}

/* ---- CSV ---- */

static char dir[128];

static void put_file(const char *name, const char *text, char *path_out, size_t n)
{
    snprintf(path_out, n, "%s/%s", dir, name);
    FILE *f = fopen(path_out, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_csv_good(void **state)
{
    (void)state;
    char p[256], err[256];
    nn_Dataset *d = NULL;
    put_file("iris.csv", "\xEF\xBB\xBFsepal_length,sepal_width,species\r\n5.1,3.5,setosa\r\n"
                         "7.0,3.2,versicolor\r\n6.3,3.3,virginica\r\n4.9,3.0,setosa\r\n\r\n\n",
             p, sizeof p);
    assert_int_equal(nn_data_csv(&d, p, "species", err, sizeof err), NN_OK);
    assert_int_equal(d->n, 4);
    assert_int_equal(d->dim, 2);
    assert_int_equal(d->n_classes, 3);
    assert_string_equal(d->class_names[0], "setosa");
    assert_string_equal(d->class_names[2], "virginica");
    assert_int_equal(d->label[3], 0);
    assert_true(d->x[2] == 7.0f && d->x[3] == 3.2f);
    nn_dataset_destroy(d);
    put_file("ints.csv", "label,a,\"b, quoted\"\n3,1,2\n1,\"4\",5\n3,6,7\n", p, sizeof p);
    assert_int_equal(nn_data_csv(&d, p, "label", err, sizeof err), NN_OK);
    assert_int_equal(d->n_classes, 2);
    assert_string_equal(d->class_names[0], "1");
    assert_int_equal(d->label[0], 1);
    assert_int_equal(d->label[1], 0);
    assert_true(d->x[2] == 4.0f);
    nn_dataset_destroy(d);
    put_file("reg.csv", "x,y\n0,0.5\n1,1.5\n2,2.25\n", p, sizeof p);
    assert_int_equal(nn_data_csv(&d, p, "y", err, sizeof err), NN_OK);
    assert_int_equal(d->task, NN_TASK_REGRESS);
    assert_true(d->y[2] == 2.25f);
    nn_dataset_destroy(d);
}

static void csv_bad(const char *name, const char *text, const char *label, const char *frag)
{
    char p[256], err[512] = "";
    put_file(name, text, p, sizeof p);
    nn_Dataset *d = (nn_Dataset *)1;
    nn_Status st = nn_data_csv(&d, p, label, err, sizeof err);
    if (st == NN_OK || !strstr(err, name) || !strstr(err, frag) || strchr(err, '\n')) {
        print_error("%s: status %d, '%s', expected '%s'\n", name, st, err, frag);
        fail();
    }
    assert_null(d);
}

static void test_csv_bad(void **state)
{
    (void)state;
    csv_bad("nolabel.csv", "a,b\n1,2\n3,4\n", "kind", "no column named 'kind' (columns: a, b)");
    csv_bad("cols.csv", "a,b,kind\n1,2,0\n3,4\n5,6,1\n", "kind", "cols.csv:3: 2 columns, the header has 3");
    csv_bad("word.csv", "a,b,kind\n1,2,0\n3,abc,1\n", "kind", "word.csv:3: column 'b': 'abc' is not a number");
    csv_bad("nan.csv", "a,b,kind\n1,nan,0\n3,4,1\n", "kind", "nan.csv:2: column 'b': value is not finite");
    csv_bad("inf.csv", "a,b,kind\n1,2,0\n1e999,4,1\n", "kind", "inf.csv:3: column 'a'");
    csv_bad("empty.csv", "", "kind", "empty file");
    csv_bad("header.csv", "a,kind\n", "kind", "at least 2 data rows");
    csv_bad("one.csv", "a,kind\n1,x\n2,x\n", "kind", "1 classes");
    csv_bad("quote.csv", "a,kind\n\"1,0\n2,1\n", "kind", "quote.csv:2:");
    csv_bad("onlylabel.csv", "kind\n1\n0\n", "kind", "no input columns");
    /* more classes than nnviz takes */
    char *big = malloc(300 * 16 + 32);
    size_t k = (size_t)sprintf(big, "a,kind\n");
    for (int i = 0; i < 300; i++)
        k += (size_t)sprintf(big + k, "%d,c%d\n", i, i);
    csv_bad("classes.csv", big, "kind", "classes");
    free(big);
    char err[256];
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_csv(&d, "/nonexistent/x.csv", "kind", err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/x.csv"));
}

/* ---- IDX ---- */

static void put_idx(const char *name, int gz, const unsigned char *bytes, size_t n, char *p, size_t pn)
{
    snprintf(p, pn, "%s/%s", dir, name);
    if (gz) {
        gzFile g = gzopen(p, "wb");
        assert_non_null(g);
        assert_int_equal(gzwrite(g, bytes, (unsigned)n), (int)n);
        gzclose(g);
    } else {
        FILE *f = fopen(p, "wb");
        fwrite(bytes, 1, n, f);
        fclose(f);
    }
}

static size_t idx_images(unsigned char *buf, uint32_t n, uint32_t h, uint32_t w, size_t pixels)
{
    unsigned char head[16] = {0, 0, 8, 3, n >> 24, n >> 16, n >> 8, n, h >> 24, h >> 16, h >> 8, h,
                              w >> 24, w >> 16, w >> 8, w};
    memcpy(buf, head, 16);
    for (size_t i = 0; i < pixels; i++)
        buf[16 + i] = (unsigned char)(i * 37);
    return 16 + pixels;
}

static void test_idx(void **state)
{
    (void)state;
    unsigned char img[256], lab[32];
    char pi[256], pl[256], err[512];
    size_t ni = idx_images(img, 5, 4, 3, 60);
    unsigned char lhead[8] = {0, 0, 8, 1, 0, 0, 0, 5};
    memcpy(lab, lhead, 8);
    unsigned char labels[5] = {0, 3, 1, 3, 2};
    memcpy(lab + 8, labels, 5);
    for (int gz = 0; gz < 2; gz++) {
        put_idx("img", gz, img, ni, pi, sizeof pi);
        put_idx("lab", gz, lab, 13, pl, sizeof pl);
        nn_Dataset *d = NULL;
        assert_int_equal(nn_data_idx(&d, pi, pl, err, sizeof err), NN_OK);
        assert_int_equal(d->n, 5);
        assert_int_equal(d->dim, 12);
        assert_int_equal(d->img_h, 4);
        assert_int_equal(d->img_w, 3);
        assert_int_equal(d->n_classes, 4);
        assert_non_null(d->x_u8);
        assert_null(d->x);
        assert_int_equal(d->x_u8[13], (unsigned char)(13 * 37));
        assert_close(nn_dataset_x(d, 1, 1), (unsigned char)(13 * 37) / 255.0, 1e-6);
        assert_int_equal(d->label[1], 3);
        nn_dataset_destroy(d);
    }
    struct { const unsigned char *bytes; size_t n; int images; const char *frag; } bad[] = {
        {img, 40, 1, "truncated: expected 60 bytes of pixels, got 24"},
        {img, 10, 1, "header ends early"},
        {lab, 13, 1, "wrong magic"},
        {lab, 10, 0, "truncated: expected 5 labels, got 2"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        put_idx("img", 1, bad[k].images ? bad[k].bytes : img, bad[k].images ? bad[k].n : ni, pi, sizeof pi);
        put_idx("lab", 1, bad[k].images ? lab : bad[k].bytes, bad[k].images ? 13 : bad[k].n, pl, sizeof pl);
        nn_Dataset *d = NULL;
        err[0] = '\0';
        assert_int_not_equal(nn_data_idx(&d, pi, pl, err, sizeof err), NN_OK);
        if (!strstr(err, bad[k].frag)) {
            print_error("case %zu: '%s', expected '%s'\n", k, err, bad[k].frag);
            fail();
        }
        assert_null(d);
    }
    /* absurd dimensions and mismatched counts */
    unsigned char absurd[16];
    idx_images(absurd, 0xFFFFFFFFu, 0xFFFFFFFFu, 28, 0);
    put_idx("img", 0, absurd, 16, pi, sizeof pi);
    put_idx("lab", 0, lab, 13, pl, sizeof pl);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_idx(&d, pi, pl, err, sizeof err), NN_ERR_PARSE);
    assert_non_null(strstr(err, "absurd dimension"));
    ni = idx_images(img, 4, 4, 3, 48);
    put_idx("img", 0, img, ni, pi, sizeof pi);
    assert_int_equal(nn_data_idx(&d, pi, pl, err, sizeof err), NN_ERR_PARSE);
    assert_non_null(strstr(err, "4 images but lab has 5 labels"));
    assert_int_equal(nn_data_idx(&d, "/nonexistent/img", pl, err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/img"));
}

static void test_fashion_mnist(void **state)
{
    (void)state;
    if (access(NN_FASHION_DIR "/train-images-idx3-ubyte.gz", R_OK) != 0) {
        print_message("Fashion-MNIST is not installed (dataset-fashion-mnist); skipped\n");
        skip();
    }
    char err[256];
    nn_Dataset *tr = NULL, *te = NULL;
    assert_int_equal(nn_data_fashion(&tr, NULL, 0, err, sizeof err), NN_OK);
    assert_int_equal(nn_data_fashion(&te, NULL, 1, err, sizeof err), NN_OK);
    assert_int_equal(tr->n, 60000);
    assert_int_equal(te->n, 10000);
    assert_int_equal(tr->dim, 784);
    assert_int_equal(tr->n_classes, 10);
    assert_string_equal(tr->class_names[9], "Ankle boot");
    int count[10] = {0};
    for (int i = 0; i < tr->n; i++)
        count[tr->label[i]]++;
    for (int k = 0; k < 10; k++)
        assert_int_equal(count[k], 6000); /* Fashion-MNIST is balanced */
    nn_dataset_destroy(tr);
    nn_dataset_destroy(te);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_fashion(&d, "/nonexistent", 0, err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/train-images-idx3-ubyte"));
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/nnviz-data-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spiral_closed_form),
        cmocka_unit_test(test_generator_statistics),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_features_and_gather),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_regression_and_binary),
        cmocka_unit_test(test_csv_good),
        cmocka_unit_test(test_csv_bad),
        cmocka_unit_test(test_idx),
        cmocka_unit_test(test_fashion_mnist),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
