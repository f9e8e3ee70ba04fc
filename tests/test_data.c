/* test_data.c - generated data sets: Playground's six generators against
 * Playground's definitions (dataset.ts), input features, batch gathering,
 * target encodings, prediction thresholds, model checks, the train/test
 * split, 1-D regression and random binary data. CSV and IDX files have
 * their own tests (test_csv.c, test_idx.c). */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "dataset.h"

#define PI 3.14159265358979323846

static nn_Dataset *gen(nn_PlaygroundSet set, int n, double noise, uint64_t seed)
{
    char err[256];
    nn_Rng r;
    nn_rng_seed(&r, seed);
    nn_Dataset *d = NULL;
    if (nn_data_playground(&d, set, n, noise, &r, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    return d;
}

static int count_class(const nn_Dataset *d, int c)
{
    int k = 0;
    for (int i = 0; i < d->n; i++)
        k += d->label[i] == c;
    return k;
}

/* ---- the generators ---- */

static void test_names(void **state)
{
    (void)state;
    const char *names[NN_PG_COUNT] = {"circle", "xor", "gauss", "spiral", "plane", "multigauss"};
    for (int s = 0; s < NN_PG_COUNT; s++) {
        nn_PlaygroundSet back = NN_PG_COUNT;
        assert_string_equal(nn_playground_name((nn_PlaygroundSet)s), names[s]);
        assert_int_equal(nn_playground_from_name(names[s], &back), 0);
        assert_int_equal(back, s);
        nn_Dataset *d = gen((nn_PlaygroundSet)s, 20, 0.0, 1);
        assert_string_equal(d->name, names[s]);
        assert_int_equal(d->dim, 2);
        assert_int_equal(d->task, s <= NN_PG_SPIRAL ? NN_TASK_CLASSIFY : NN_TASK_REGRESS);
        nn_dataset_destroy(d);
    }
    nn_PlaygroundSet back = NN_PG_CIRCLE;
    assert_int_equal(nn_playground_from_name("multi-gauss", &back), 0);
    assert_int_equal(back, NN_PG_MULTIGAUSS);
    assert_int_equal(nn_playground_from_name("moons", &back), -1);
    assert_string_equal(nn_playground_name(NN_PG_COUNT), "unknown");
}

static void test_counts_per_class(void **state)
{
    (void)state;
    /* circle, gauss, spiral: two halves, class 1 (Playground's +1) first */
    const nn_PlaygroundSet two_part[3] = {NN_PG_CIRCLE, NN_PG_GAUSS, NN_PG_SPIRAL};
    for (int k = 0; k < 3; k++) {
        nn_Dataset *d = gen(two_part[k], 500, 10.0, 3);
        assert_int_equal(d->n, 500);
        assert_int_equal(d->n_classes, 2);
        if (two_part[k] != NN_PG_CIRCLE) { /* circle's labels move with noise */
            for (int i = 0; i < 500; i++)
                assert_int_equal(d->label[i], i < 250 ? 1 : 0);
        }
        nn_dataset_destroy(d);
        /* Playground loops i < numSamples / 2 in floating point: 7 -> 4 + 4 */
        d = gen(two_part[k], 7, 0.0, 3);
        assert_int_equal(d->n, 8);
        assert_int_equal(count_class(d, 1), 4);
        nn_dataset_destroy(d);
    }
    /* circle with noise 0: exactly half inside */
    nn_Dataset *c = gen(NN_PG_CIRCLE, 500, 0.0, 3);
    assert_int_equal(count_class(c, 1), 250);
    assert_int_equal(count_class(c, 0), 250);
    nn_dataset_destroy(c);
    /* xor, plane, multigauss make exactly n points */
    const nn_PlaygroundSet one_part[3] = {NN_PG_XOR, NN_PG_PLANE, NN_PG_MULTIGAUSS};
    for (int k = 0; k < 3; k++) {
        nn_Dataset *d = gen(one_part[k], 333, 0.0, 3);
        assert_int_equal(d->n, 333);
        nn_dataset_destroy(d);
    }
    /* xor's classes are balanced up to chance: 500 fair coin flips */
    nn_Dataset *x = gen(NN_PG_XOR, 500, 0.0, 4);
    int ones = count_class(x, 1);
    assert_true(ones > 200 && ones < 300);
    nn_dataset_destroy(x);
}

static void test_circle_radii(void **state)
{
    (void)state;
    nn_Dataset *c = gen(NN_PG_CIRCLE, 500, 0.0, 2);
    double max_in = 0, min_out = 1e9, max_out = 0;
    for (int i = 0; i < c->n; i++) {
        double r = hypot(c->x[2 * i], c->x[2 * i + 1]);
        if (i < 250) {
            assert_int_equal(c->label[i], 1);
            max_in = r > max_in ? r : max_in;
        } else {
            assert_int_equal(c->label[i], 0);
            min_out = r < min_out ? r : min_out;
            max_out = r > max_out ? r : max_out;
        }
    }
    assert_true(max_in < 2.5);
    assert_true(max_in > 2.3); /* the radius is uniform on [0, 2.5): the edge is reached */
    assert_true(min_out >= 3.5 - 1e-6 && min_out < 3.7);
    assert_true(max_out <= 5.0 + 1e-6 && max_out > 4.8);
    nn_dataset_destroy(c);
    /* with noise, labels follow the noisy point, so some change sides */
    nn_Dataset *n = gen(NN_PG_CIRCLE, 500, 50.0, 2);
    int inside_as_0 = 0;
    for (int i = 0; i < 250; i++)
        inside_as_0 += n->label[i] == 0;
    assert_true(inside_as_0 > 10);
    nn_dataset_destroy(n);
}

static void test_xor_quadrants(void **state)
{
    (void)state;
    nn_Dataset *x = gen(NN_PG_XOR, 500, 0.0, 3);
    int quadrant[4] = {0};
    for (int i = 0; i < x->n; i++) {
        float a = x->x[2 * i], b = x->x[2 * i + 1];
        /* same sign -> class 1, opposite -> class 0 */
        assert_int_equal(x->label[i], (a > 0) == (b > 0) ? 1 : 0);
        /* padding 0.3 keeps points off the axes; |x| <= 5.3 */
        assert_true(fabsf(a) >= 0.3f && fabsf(b) >= 0.3f);
        assert_true(fabsf(a) <= 5.3f && fabsf(b) <= 5.3f);
        quadrant[(a > 0) * 2 + (b > 0)]++;
    }
    for (int q = 0; q < 4; q++)
        assert_true(quadrant[q] > 80); /* about 125 each */
    nn_dataset_destroy(x);
    /* noise flips some labels against the rule */
    nn_Dataset *n = gen(NN_PG_XOR, 500, 50.0, 3);
    int against = 0;
    for (int i = 0; i < n->n; i++)
        against += n->label[i] != ((n->x[2 * i] > 0) == (n->x[2 * i + 1] > 0));
    assert_true(against > 20);
    nn_dataset_destroy(n);
}

static void test_gauss_means(void **state)
{
    (void)state;
    for (int noisy = 0; noisy < 2; noisy++) {
        nn_Dataset *g = gen(NN_PG_GAUSS, 2000, noisy ? 50.0 : 0.0, 4);
        double sx[2] = {0}, sy[2] = {0}, sxx[2] = {0};
        for (int i = 0; i < g->n; i++) {
            int c = g->label[i];
            sx[c] += g->x[2 * i];
            sy[c] += g->x[2 * i + 1];
            sxx[c] += (g->x[2 * i] - (c ? 2.0 : -2.0)) * (g->x[2 * i] - (c ? 2.0 : -2.0));
        }
        assert_close(sx[1] / 1000, 2.0, 0.15);
        assert_close(sy[1] / 1000, 2.0, 0.15);
        assert_close(sx[0] / 1000, -2.0, 0.15);
        assert_close(sy[0] / 1000, -2.0, 0.15);
        /* Playground's variance: 0.5 at noise 0, 4 at noise 50 */
        double var = sxx[1] / 1000;
        assert_close(var, noisy ? 4.0 : 0.5, noisy ? 0.5 : 0.08);
        nn_dataset_destroy(g);
    }
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
            assert_true(d->x[2 * k] == (float)(r * sin(t)));
            assert_true(d->x[2 * k + 1] == (float)(r * cos(t)));
            assert_int_equal(d->label[k], part == 0 ? 1 : 0);
        }
    nn_dataset_destroy(d);
    /* noise moves each coordinate by at most noise/100 */
    nn_Dataset *n = gen(NN_PG_SPIRAL, 500, 20.0, 1);
    double moved = 0;
    for (int part = 0; part < 2; part++)
        for (int i = 0; i < 250; i++) {
            double r = i / 250.0 * 5, t = 1.75 * i / 250.0 * 2 * PI + (part ? PI : 0);
            int k = part * 250 + i;
            double dx = fabs(n->x[2 * k] - r * sin(t));
            assert_true(dx <= 0.2 + 1e-5);
            moved += dx;
        }
    assert_true(moved / 500 > 0.05); /* uniform on [-0.2, 0.2]: mean 0.1 */
    nn_dataset_destroy(n);
}

/* Playground's multi-gauss label, written out from dataset.ts. */
static double multigauss(double x, double y)
{
    const double g[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1},
                            {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
    double label = 0;
    for (int k = 0; k < 6; k++) {
        double s = 1 - hypot(x - g[k][0], y - g[k][1]) / 2;
        s = fmin(1, fmax(0, s));
        if (fabs(g[k][2] * s) > fabs(label))
            label = g[k][2] * s;
    }
    return label;
}

static void test_regression_sets(void **state)
{
    (void)state;
    nn_Dataset *p = gen(NN_PG_PLANE, 500, 0.0, 5);
    assert_int_equal(p->task, NN_TASK_REGRESS);
    assert_int_equal(p->n_targets, 1);
    assert_null(p->label);
    double lo = 1, hi = -1;
    for (int i = 0; i < p->n; i++) {
        float x = p->x[2 * i], y = p->x[2 * i + 1];
        assert_true(fabsf(x) <= 6 && fabsf(y) <= 6);
        assert_close(p->y[i], (x + y) / 10.0, 1e-6);
        lo = fmin(lo, p->y[i]), hi = fmax(hi, p->y[i]);
    }
    assert_true(lo >= -1.2 && hi <= 1.2 && lo < -0.7 && hi > 0.7);
    nn_dataset_destroy(p);
    nn_Dataset *m = gen(NN_PG_MULTIGAUSS, 500, 0.0, 6);
    int pos = 0, neg = 0;
    for (int i = 0; i < m->n; i++) {
        assert_true(m->y[i] >= -1.0f && m->y[i] <= 1.0f);
        assert_close(m->y[i], multigauss(m->x[2 * i], m->x[2 * i + 1]), 1e-5);
        pos += m->y[i] > 0.5f, neg += m->y[i] < -0.5f;
    }
    assert_true(pos > 5 && neg > 5);
    nn_dataset_destroy(m);
    /* targets stay in [-1, 1] with full noise too */
    for (int s = NN_PG_PLANE; s <= NN_PG_MULTIGAUSS; s++) {
        nn_Dataset *d = gen((nn_PlaygroundSet)s, 500, 50.0, 7);
        for (int i = 0; i < d->n; i++)
            assert_true(d->y[i] >= -1.6f && d->y[i] <= 1.6f);
        if (s == NN_PG_MULTIGAUSS)
            for (int i = 0; i < d->n; i++)
                assert_true(d->y[i] >= -1.0f && d->y[i] <= 1.0f);
        nn_dataset_destroy(d);
    }
}

static void test_seeds(void **state)
{
    (void)state;
    for (int set = 0; set < NN_PG_COUNT; set++) {
        nn_Dataset *a = gen((nn_PlaygroundSet)set, 200, 25.0, 11);
        nn_Dataset *b = gen((nn_PlaygroundSet)set, 200, 25.0, 11);
        nn_Dataset *c = gen((nn_PlaygroundSet)set, 200, 25.0, 12);
        assert_int_equal(a->n, b->n);
        assert_memory_equal(a->x, b->x, (size_t)a->n * 2 * sizeof(float));
        if (a->label)
            assert_memory_equal(a->label, b->label, (size_t)a->n * sizeof *a->label);
        else
            assert_memory_equal(a->y, b->y, (size_t)a->n * sizeof *a->y);
        assert_memory_not_equal(a->x, c->x, (size_t)a->n * 2 * sizeof(float));
        nn_dataset_destroy(a);
        nn_dataset_destroy(b);
        nn_dataset_destroy(c);
    }
}

static void test_generator_arguments(void **state)
{
    (void)state;
    char err[256];
    nn_Rng r;
    nn_rng_seed(&r, 1);
    nn_Dataset *d = (nn_Dataset *)&r;
    assert_int_equal(nn_data_playground(&d, NN_PG_SPIRAL, 500, 51.0, &r, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "noise"));
    assert_null(d);
    assert_int_equal(nn_data_playground(&d, NN_PG_SPIRAL, 500, NAN, &r, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_int_equal(nn_data_playground(&d, NN_PG_SPIRAL, 500, -1.0, &r, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_int_equal(nn_data_playground(&d, NN_PG_XOR, 1, 0.0, &r, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "samples"));
    assert_int_equal(nn_data_playground(&d, NN_PG_COUNT, 100, 0.0, &r, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_null(d);
}

/* ---- features ---- */

static void test_features(void **state)
{
    (void)state;
    uint32_t m = 0;
    assert_int_equal(nn_features_from_string("x1, x2,x1^2 , x1*x2, sin(x2)", &m), 0);
    assert_int_equal(m, NN_FEAT_X1 | NN_FEAT_X2 | NN_FEAT_X1SQ | NN_FEAT_X1X2 | NN_FEAT_SIN2);
    assert_int_equal(nn_features_from_string("x2sq,x1x2,sinx1,sin_x2", &m), 0);
    assert_int_equal(m, NN_FEAT_X2SQ | NN_FEAT_X1X2 | NN_FEAT_SIN1 | NN_FEAT_SIN2);
    /* bad lists leave the mask alone */
    m = 12345;
    assert_int_equal(nn_features_from_string("x1, x3", &m), -1);
    assert_int_equal(nn_features_from_string("", &m), -1);
    assert_int_equal(nn_features_from_string(" , ", &m), -1);
    assert_int_equal(nn_features_from_string("x1 x2", &m), -1);
    assert_int_equal(m, 12345);
    for (int b = 0; b < NN_FEAT_COUNT; b++) {
        assert_int_equal(nn_features_from_string(nn_feature_name(b), &m), 0);
        assert_int_equal(m, 1u << b);
    }
    assert_string_equal(nn_feature_name(7), "?");
    float out[7];
    nn_features_apply(NN_FEAT_ALL, 2.0f, -3.0f, out);
    const float want[7] = {2, -3, 4, 9, -6, sinf(2.0f), sinf(-3.0f)};
    assert_memory_equal(out, want, sizeof want);
    /* the order is fixed, whatever bits are set */
    float two[3] = {0, 0, 99};
    nn_features_apply(NN_FEAT_SIN1 | NN_FEAT_X2SQ, 0.5f, 1.5f, two);
    assert_true(two[0] == 2.25f && two[1] == sinf(0.5f) && two[2] == 99);
    nn_Dataset *d = gen(NN_PG_CIRCLE, 20, 0.0, 1);
    assert_int_equal(nn_dataset_input_width(d, NN_FEAT_X1 | NN_FEAT_X2SQ), 2);
    assert_int_equal(nn_dataset_input_width(d, NN_FEAT_ALL), 7);
    assert_int_equal(nn_dataset_input_width(d, NN_FEAT_X1X2), 1);
    assert_int_equal(nn_dataset_input_width(d, 0), 2); /* raw */
    nn_dataset_destroy(d);
    /* features only apply to 2-D data */
    char err[256];
    nn_Dataset *w = NULL;
    assert_int_equal(nn_dataset_create(&w, NN_TASK_CLASSIFY, 3, 5, 1, 2, 0, err, sizeof err), NN_OK);
    assert_int_equal(nn_dataset_input_width(w, NN_FEAT_ALL), 5);
    nn_dataset_destroy(w);
}

/* ---- batches ---- */

static void test_gather_x(void **state)
{
    (void)state;
    nn_Dataset *d = gen(NN_PG_CIRCLE, 20, 0.0, 1);
    int idx[3] = {5, 0, 17};
    float x[21];
    nn_dataset_gather_x(d, idx, 3, NN_FEAT_X1 | NN_FEAT_X2SQ | NN_FEAT_SIN2, x);
    for (int r = 0; r < 3; r++) {
        float a = d->x[2 * idx[r]], b = d->x[2 * idx[r] + 1];
        assert_true(x[3 * r] == a);
        assert_true(x[3 * r + 1] == b * b);
        assert_true(x[3 * r + 2] == sinf(b));
    }
    nn_dataset_gather_x(d, idx, 3, 0, x); /* raw columns */
    for (int r = 0; r < 3; r++)
        assert_true(x[2 * r] == d->x[2 * idx[r]] && x[2 * r + 1] == d->x[2 * idx[r] + 1]);
    nn_dataset_destroy(d);
    /* float data wider than 2 is copied as it is */
    char err[256];
    nn_Dataset *f = NULL;
    assert_int_equal(nn_dataset_create(&f, NN_TASK_REGRESS, 4, 3, 1, 0, 0, err, sizeof err), NN_OK);
    for (int k = 0; k < 12; k++)
        f->x[k] = (float)k * 0.5f;
    int two[2] = {3, 1};
    nn_dataset_gather_x(f, two, 2, NN_FEAT_ALL, x);
    const float want[6] = {4.5f, 5.0f, 5.5f, 1.5f, 2.0f, 2.5f};
    assert_memory_equal(x, want, sizeof want);
    nn_dataset_destroy(f);
    /* bytes are scaled by x_scale */
    nn_Dataset *b = NULL;
    assert_int_equal(nn_dataset_create(&b, NN_TASK_CLASSIFY, 3, 4, 1, 2, 1, err, sizeof err), NN_OK);
    assert_non_null(b->x_u8);
    assert_null(b->x);
    b->x_scale = 1.0f / 255.0f;
    const uint8_t bytes[12] = {0, 1, 2, 3, 255, 51, 0, 128, 7, 8, 9, 10};
    memcpy(b->x_u8, bytes, sizeof bytes);
    int one[2] = {1, 1};
    nn_dataset_gather_x(b, one, 2, 0, x);
    const float s = b->x_scale; /* value = byte * x_scale, as documented */
    assert_true(x[0] == 255 * s && x[1] == 51 * s && x[2] == 0.0f && x[3] == 128 * s);
    assert_close(x[0], 1.0, 1e-7);
    assert_close(x[1], 0.2, 1e-7);
    assert_memory_equal(x, x + 4, 4 * sizeof(float));
    assert_close(nn_dataset_x(b, 2, 3), 10 / 255.0, 1e-7);
    nn_dataset_destroy(b);
    /* two byte columns take Playground features too (a 1x2 image) */
    nn_Dataset *b2 = NULL;
    assert_int_equal(nn_dataset_create(&b2, NN_TASK_CLASSIFY, 2, 2, 1, 2, 1, err, sizeof err), NN_OK);
    b2->x_scale = 0.5f;
    b2->x_u8[2] = 4, b2->x_u8[3] = 6;
    int r1 = 1;
    nn_dataset_gather_x(b2, &r1, 1, NN_FEAT_X1 | NN_FEAT_X1X2, x);
    assert_true(x[0] == 2.0f && x[1] == 6.0f);
    nn_dataset_destroy(b2);
}

static void test_gather_targets(void **state)
{
    (void)state;
    nn_Dataset *d = gen(NN_PG_XOR, 40, 0.0, 1);
    int idx[4], n1 = 0, n0 = 0;
    for (int i = 0; i < d->n && (n1 < 2 || n0 < 2); i++) { /* two of each class */
        if (d->label[i] == 1 && n1 < 2)
            idx[n1++ * 2] = i;
        else if (d->label[i] == 0 && n0 < 2)
            idx[n0++ * 2 + 1] = i;
    }
    assert_true(n1 == 2 && n0 == 2);
    const float sign[4] = {1, -1, 1, -1}, prob[4] = {1, 0, 1, 0};
    float t[12];
    /* one output: -1/+1 for tanh and linear (Playground), 0/1 for sigmoid */
    nn_dataset_gather_targets(d, idx, 4, NN_LOSS_HALF_SQUARED, NN_ACT_TANH, 1, t);
    assert_memory_equal(t, sign, sizeof sign);
    nn_dataset_gather_targets(d, idx, 4, NN_LOSS_MSE, NN_ACT_LINEAR, 1, t);
    assert_memory_equal(t, sign, sizeof sign);
    nn_dataset_gather_targets(d, idx, 4, NN_LOSS_BCE, NN_ACT_SIGMOID, 1, t);
    assert_memory_equal(t, prob, sizeof prob);
    nn_dataset_gather_targets(d, idx, 4, NN_LOSS_MSE, NN_ACT_RELU, 1, t);
    assert_memory_equal(t, prob, sizeof prob);
    /* several outputs: one-hot; sparse CCE: the class index */
    nn_dataset_gather_targets(d, idx, 4, NN_LOSS_CCE, NN_ACT_SOFTMAX, 3, t);
    const float hot[12] = {0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0};
    assert_memory_equal(t, hot, sizeof hot);
    nn_dataset_gather_targets(d, idx, 4, NN_LOSS_SPARSE_CCE, NN_ACT_SOFTMAX, 2, t);
    const float index[4] = {1, 0, 1, 0};
    assert_memory_equal(t, index, sizeof index);
    nn_dataset_destroy(d);
    /* regression: the targets as they are */
    nn_Dataset *p = gen(NN_PG_PLANE, 10, 0.0, 2);
    int rows[3] = {9, 2, 4};
    nn_dataset_gather_targets(p, rows, 3, NN_LOSS_MSE, NN_ACT_LINEAR, 1, t);
    for (int r = 0; r < 3; r++)
        assert_true(t[r] == p->y[rows[r]]);
    nn_dataset_destroy(p);
}

static void test_predict_class(void **state)
{
    (void)state;
    const float pos[1] = {0.1f}, zero[1] = {0.0f}, neg[1] = {-0.1f}, half[1] = {0.5f},
                above[1] = {0.51f};
    assert_int_equal(nn_predict_class(pos, 1, NN_ACT_TANH), 1);
    assert_int_equal(nn_predict_class(zero, 1, NN_ACT_TANH), 0);
    assert_int_equal(nn_predict_class(neg, 1, NN_ACT_LINEAR), 0);
    assert_int_equal(nn_predict_class(pos, 1, NN_ACT_LINEAR), 1);
    assert_int_equal(nn_predict_class(pos, 1, NN_ACT_SIGMOID), 0);
    assert_int_equal(nn_predict_class(half, 1, NN_ACT_SIGMOID), 0);
    assert_int_equal(nn_predict_class(above, 1, NN_ACT_SIGMOID), 1);
    const float o3[3] = {0.1f, 0.7f, 0.2f}, last[4] = {-3, -2, -1, 0}, tie[2] = {0.5f, 0.5f};
    assert_int_equal(nn_predict_class(o3, 3, NN_ACT_SOFTMAX), 1);
    assert_int_equal(nn_predict_class(last, 4, NN_ACT_LINEAR), 3);
    assert_int_equal(nn_predict_class(tie, 2, NN_ACT_SOFTMAX), 0); /* first of equals */
}

static void check_model_is(const nn_Dataset *d, uint32_t feat, int n_in, int n_out, nn_Loss loss,
                         const char *frag)
{
    char err[256] = "";
    nn_Status st = nn_dataset_check_model(d, feat, n_in, n_out, loss, err, sizeof err);
    if (!frag) {
        if (st != NN_OK) {
            print_error("unexpected: %s\n", err);
            fail();
        }
        return;
    }
    if (st != NN_ERR_INVALID_ARG || !strstr(err, frag)) {
        print_error("status %d, '%s', expected '%s'\n", st, err, frag);
        fail();
    }
}

static void test_check_model(void **state)
{
    (void)state;
    nn_Dataset *d = gen(NN_PG_CIRCLE, 20, 0.0, 1);
    check_model_is(d, NN_FEAT_X1 | NN_FEAT_X2, 2, 1, NN_LOSS_HALF_SQUARED, NULL);
    check_model_is(d, NN_FEAT_ALL, 7, 2, NN_LOSS_SPARSE_CCE, NULL);
    check_model_is(d, NN_FEAT_X1, 2, 1, NN_LOSS_MSE, "the data gives 1 inputs but the network takes 2");
    check_model_is(d, 0, 3, 1, NN_LOSS_MSE, "gives 2 inputs");
    nn_dataset_destroy(d);
    char err[256];
    nn_Dataset *c3 = NULL;
    assert_int_equal(nn_dataset_create(&c3, NN_TASK_CLASSIFY, 4, 3, 1, 3, 0, err, sizeof err), NN_OK);
    check_model_is(c3, 0, 3, 3, NN_LOSS_CCE, NULL);
    check_model_is(c3, 0, 3, 1, NN_LOSS_BCE, "one output unit can only separate 2 classes, the data has 3");
    check_model_is(c3, 0, 3, 2, NN_LOSS_CCE, "the data has 3 classes but the network has 2 outputs");
    nn_dataset_destroy(c3);
    nn_Dataset *p = gen(NN_PG_PLANE, 20, 0.0, 1);
    check_model_is(p, NN_FEAT_X1 | NN_FEAT_X2, 2, 1, NN_LOSS_MSE, NULL);
    check_model_is(p, NN_FEAT_X1 | NN_FEAT_X2, 2, 1, NN_LOSS_BCE, "needs class labels");
    check_model_is(p, NN_FEAT_X1 | NN_FEAT_X2, 2, 2, NN_LOSS_SPARSE_CCE, "needs class labels");
    check_model_is(p, NN_FEAT_X1 | NN_FEAT_X2, 2, 3, NN_LOSS_MSE, "1 targets but the network has 3 outputs");
    nn_dataset_destroy(p);
}

static void test_create_limits(void **state)
{
    (void)state;
    char err[256];
    nn_Dataset *d = (nn_Dataset *)err;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, 0, 2, 1, 2, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(d);
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, 10, 2, 1, 1, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "2 to 256 classes"));
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, 10, 2, 1, 257, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_dataset_create(&d, NN_TASK_REGRESS, 10, 2, 0, 0, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_dataset_create(&d, NN_TASK_REGRESS, 1 << 20, 4096, 1, 0, 0, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "GiB"));
    assert_null(d);
    nn_dataset_destroy(NULL);
}

/* ---- split ---- */

static void test_split(void **state)
{
    (void)state;
    char err[256];
    nn_Dataset *d = gen(NN_PG_XOR, 101, 0.0, 8), *tr = NULL, *te = NULL;
    nn_Rng r;
    nn_rng_seed(&r, 3);
    assert_int_equal(nn_dataset_split(d, 0.7, &r, &tr, &te, err, sizeof err), NN_OK);
    assert_int_equal(tr->n, 71); /* round(101 * 0.7) */
    assert_int_equal(te->n, 30);
    assert_int_equal(tr->n_classes, 2);
    assert_string_equal(te->name, "xor");
    /* every row lands on exactly one side: match rows by their coordinates */
    int *used = calloc((size_t)d->n, sizeof *used);
    int in_order = 1;
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
            if (s == 0)
                in_order &= found == i;
        }
    }
    for (int k = 0; k < d->n; k++)
        assert_int_equal(used[k], 1);
    free(used);
    assert_false(in_order); /* the rows were shuffled before the cut */
    /* the same seed gives the same split */
    nn_Dataset *tr2 = NULL, *te2 = NULL;
    nn_rng_seed(&r, 3);
    assert_int_equal(nn_dataset_split(d, 0.7, &r, &tr2, &te2, err, sizeof err), NN_OK);
    assert_memory_equal(tr2->x, tr->x, 71 * 2 * sizeof(float));
    nn_dataset_destroy(tr);
    nn_dataset_destroy(te);
    nn_dataset_destroy(tr2);
    nn_dataset_destroy(te2);
    /* regression rows keep their targets; class names are copied */
    nn_Dataset *p = gen(NN_PG_PLANE, 10, 0.0, 8);
    assert_int_equal(nn_dataset_split(p, 0.5, &r, &tr, &te, err, sizeof err), NN_OK);
    for (int i = 0; i < tr->n; i++)
        assert_close(tr->y[i], (tr->x[2 * i] + tr->x[2 * i + 1]) / 10.0, 1e-6);
    nn_dataset_destroy(tr);
    nn_dataset_destroy(te);
    nn_dataset_destroy(p);
    /* a side left empty, or a ratio out of (0, 1), is an error with nothing returned */
    nn_Dataset *tiny = gen(NN_PG_XOR, 2, 0.0, 8);
    tr = te = (nn_Dataset *)err;
    assert_int_equal(nn_dataset_split(tiny, 0.9, &r, &tr, &te, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "empty"));
    assert_null(tr);
    assert_null(te);
    assert_int_equal(nn_dataset_split(tiny, 0.1, &r, &tr, &te, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_dataset_split(d, 1.0, &r, &tr, &te, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "between 0 and 1"));
    assert_int_equal(nn_dataset_split(d, NAN, &r, &tr, &te, err, sizeof err), NN_ERR_INVALID_ARG);
    nn_dataset_destroy(tiny);
    nn_dataset_destroy(d);
}

/* ---- 1-D regression and random binary ---- */

static void test_regression1d(void **state)
{
    (void)state;
    char err[256];
    nn_Rng r;
    nn_rng_seed(&r, 4);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_regression1d(&d, NN_REG1D_LINEAR, 100, 0.0, &r, err, sizeof err), NN_OK);
    assert_int_equal(d->task, NN_TASK_REGRESS);
    assert_int_equal(d->dim, 1);
    assert_string_equal(d->name, "linear1d");
    double lo = 1, hi = -1;
    for (int i = 0; i < 100; i++) {
        assert_close(d->y[i], 2.0 * d->x[i] + 3.0, 1e-6);
        assert_true(d->x[i] >= -1.0f && d->x[i] <= 1.0f);
        lo = fmin(lo, d->x[i]), hi = fmax(hi, d->x[i]);
    }
    assert_true(lo < -0.8 && hi > 0.8);
    nn_dataset_destroy(d);
    assert_int_equal(nn_data_regression1d(&d, NN_REG1D_SINE, 100, 0.0, &r, err, sizeof err), NN_OK);
    assert_string_equal(d->name, "sine1d");
    for (int i = 0; i < 100; i++) {
        assert_close(d->y[i], sin(d->x[i]), 1e-6);
        assert_true(fabsf(d->x[i]) <= (float)PI);
    }
    nn_dataset_destroy(d);
    /* noise of stddev 0.5: residuals have about that spread */
    assert_int_equal(nn_data_regression1d(&d, NN_REG1D_LINEAR, 4000, 0.5, &r, err, sizeof err), NN_OK);
    double s2 = 0;
    for (int i = 0; i < d->n; i++)
        s2 += (d->y[i] - (2.0 * d->x[i] + 3.0)) * (d->y[i] - (2.0 * d->x[i] + 3.0));
    assert_close(sqrt(s2 / d->n), 0.5, 0.03);
    nn_dataset_destroy(d);
    assert_int_equal(nn_data_regression1d(&d, NN_REG1D_LINEAR, 1, 0.0, &r, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_data_regression1d(&d, NN_REG1D_LINEAR, 10, -1.0, &r, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(d);
}

static void test_random_binary(void **state)
{
    (void)state;
    char err[256];
    nn_Rng r;
    nn_rng_seed(&r, 4);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_random_binary(&d, 200, 9, &r, err, sizeof err), NN_OK);
    assert_int_equal(d->dim, 9);
    assert_int_equal(d->n_classes, 2);
    int ones_total = 0, class1 = 0;
    for (int i = 0; i < 200; i++) {
        int ones = 0;
        for (int c = 0; c < 9; c++) {
            float v = d->x[i * 9 + c];
            assert_true(v == 0.0f || v == 1.0f);
            ones += v == 1.0f;
        }
        assert_int_equal(d->label[i], ones > 4); /* majority of 9 bits */
        ones_total += ones;
        class1 += d->label[i];
    }
    assert_true(ones_total > 700 && ones_total < 1100); /* about half the 1800 bits */
    assert_true(class1 > 70 && class1 < 130);
    nn_dataset_destroy(d);
    /* an even width: exactly half set is not a majority */
    assert_int_equal(nn_data_random_binary(&d, 300, 4, &r, err, sizeof err), NN_OK);
    int ties = 0;
    for (int i = 0; i < 300; i++) {
        int ones = 0;
        for (int c = 0; c < 4; c++)
            ones += d->x[i * 4 + c] == 1.0f;
        assert_int_equal(d->label[i], ones >= 3);
        ties += ones == 2;
    }
    assert_true(ties > 50);
    nn_dataset_destroy(d);
    /* absurd sizes are refused up front, not allocated */
    d = (nn_Dataset *)&r;
    assert_int_equal(nn_data_random_binary(&d, 1000000, 4096, &r, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(d);
    assert_non_null(strstr(err, "GiB"));
    assert_int_equal(nn_data_random_binary(&d, 10, 0, &r, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "bits"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_counts_per_class),
        cmocka_unit_test(test_circle_radii),
        cmocka_unit_test(test_xor_quadrants),
        cmocka_unit_test(test_gauss_means),
        cmocka_unit_test(test_spiral_closed_form),
        cmocka_unit_test(test_regression_sets),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_generator_arguments),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_gather_x),
        cmocka_unit_test(test_gather_targets),
        cmocka_unit_test(test_predict_class),
        cmocka_unit_test(test_check_model),
        cmocka_unit_test(test_create_limits),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_regression1d),
        cmocka_unit_test(test_random_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
