/* test_landscape.c - loss slices through a session's weights.
 *
 * The slice's loss is checked against the session's own evaluation (at
 * (0, 0) it must be the current loss, and elsewhere the loss of a model
 * whose weights were moved by hand); filter normalization against norms
 * computed here; the PCA directions against a trajectory built on known
 * directions. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "landscape.h"
#include "landscape_slice.h"
#include "session.h"

static nn_Session *spiral_session(int epochs)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.noise = 10.0;
    e.hidden[0] = 6;
    e.hidden[1] = 4;
    nn_opt_config_default(&e.opt, NN_OPT_ADAM);
    e.opt.lr = 0.02f;
    e.batch_size = 16;
    e.seed = 5;
    char err[256];
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    for (int k = 0; k < epochs; k++) {
        nn_EpochRecord rec;
        assert_int_equal(nn_session_train_epoch(s, &rec), NN_OK);
    }
    return s;
}

static void test_slice_origin_is_the_current_loss(void **state)
{
    (void)state;
    nn_Session *s = spiral_session(3);
    char err[256];
    race_Landscape *L = NULL;
    assert_int_equal(race_landscape_create(&L, s->model, err, sizeof err), NN_OK);
    size_t n = s->model->n_params;
    float *d1 = malloc(n * sizeof *d1), *d2 = malloc(n * sizeof *d2);
    nn_Rng rng;
    nn_rng_seed(&rng, 3);
    race_dir_random_filter_norm(s->model, &rng, d1);
    race_dir_random_filter_norm(s->model, &rng, d2);
    const float a[3] = {-0.5f, 0.0f, 0.5f}, b[3] = {-0.25f, 0.0f, 0.75f};
    float loss[9];
    assert_int_equal(race_landscape_grid(L, s->model, s->train, s->spec.data.features, d1, d2, a,
                                         3, b, 3, loss, err, sizeof err),
                     NN_OK);
    nn_Metrics train, test;
    nn_session_evaluate(s, &train, &test, NULL);
    /* (0, 0): the current loss. Not bit for bit: the slice sums rows in
     * chunks of another size than nn_evaluate and its small-network path
     * and activations run without fused multiply-adds, so each of the few
     * float operations behind a row's loss may round differently (float
     * epsilon 1.2e-7); 1e-6 relative allows that, while a wrong weight, row
     * or penalty moves the loss by far more (see the guards below). */
    assert_close(loss[4], train.loss, 1e-6 * train.loss);
    /* another point: the loss of a model moved there by hand */
    float *saved = malloc(n * sizeof *saved);
    memcpy(saved, s->model->params, n * sizeof *saved);
    for (size_t k = 0; k < n; k++)
        s->model->params[k] = saved[k] + 0.5f * d1[k] + 0.75f * d2[k];
    nn_Metrics moved;
    nn_session_evaluate(s, &moved, &test, NULL);
    memcpy(s->model->params, saved, n * sizeof *saved);
    assert_close(loss[8], moved.loss, 1e-6 * moved.loss);
    /* guard: the plane is not flat, so a slice that ignored a, b would fail */
    assert_true(fabs(loss[8] - loss[4]) > 1e-3);
    assert_true(fabs(loss[0] - loss[4]) > 1e-3);
    /* the line from the weights to themselves moved by d1: t = 0 and t = 1 */
    for (size_t k = 0; k < n; k++)
        saved[k] = s->model->params[k] + 0.5f * d1[k];
    const float t[2] = {0.0f, 1.0f};
    float line[2];
    assert_int_equal(race_landscape_line(L, s->model, s->train, s->spec.data.features,
                                         s->model->params, saved, t, 2, line, err, sizeof err),
                     NN_OK);
    assert_close(line[0], train.loss, 1e-6 * train.loss);
    assert_close(line[1], loss[5], 1e-5 * loss[5]);
    free(saved);
    free(d1);
    free(d2);
    race_landscape_destroy(L);
    nn_session_destroy(s);
}

/* A network too wide for the small-network path (24 and 20 relu units)
 * with an L2 penalty: the engine's kernels on the shared first-layer
 * products, checked against moved models as above, on 1 and 3 threads. */
static void test_wide_network_with_penalty(void **state)
{
    (void)state;
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.noise = 10.0;
    e.n_hidden = 2;
    e.hidden[0] = 24;
    e.hidden[1] = 20;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_RELU;
    e.reg = NN_REG_L2;
    e.reg_rate = 0.003f;
    e.seed = 7;
    char err[256];
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    nn_EpochRecord rec;
    assert_int_equal(nn_session_train_epoch(s, &rec), NN_OK);
    size_t n = s->model->n_params;
    float *d1 = malloc(n * sizeof *d1), *d2 = malloc(n * sizeof *d2);
    float *saved = malloc(n * sizeof *saved);
    nn_Rng rng;
    nn_rng_seed(&rng, 9);
    race_dir_random_filter_norm(s->model, &rng, d1);
    race_dir_random_filter_norm(s->model, &rng, d2);
    const float a[3] = {-0.8f, 0.0f, 0.6f}, b[3] = {-0.4f, 0.0f, 0.9f};
    float loss[2][9];
    const char *counts[2] = {"1", "3"};
    for (int c = 0; c < 2; c++) {
        setenv("NNVIZ_THREADS", counts[c], 1);
        race_Landscape *L = NULL;
        assert_int_equal(race_landscape_create(&L, s->model, err, sizeof err), NN_OK);
        assert_int_equal(race_landscape_grid(L, s->model, s->train, s->spec.data.features, d1,
                                             d2, a, 3, b, 3, loss[c], err, sizeof err),
                         NN_OK);
        race_landscape_destroy(L);
    }
    unsetenv("NNVIZ_THREADS");
    assert_memory_equal(loss[0], loss[1], sizeof loss[0]);
    nn_Metrics train, test, moved;
    nn_session_evaluate(s, &train, &test, NULL);
    assert_close(loss[0][4], train.loss, 1e-6 * train.loss); /* tolerance: see above */
    memcpy(saved, s->model->params, n * sizeof *saved);
    for (int q = 0; q < 9; q += 8) { /* the corners (-0.8, -0.4) and (0.6, 0.9) */
        for (size_t k = 0; k < n; k++)
            s->model->params[k] = saved[k] + a[q % 3] * d1[k] + b[q / 3] * d2[k];
        nn_session_evaluate(s, &moved, &test, NULL);
        memcpy(s->model->params, saved, n * sizeof *saved);
        assert_close(loss[0][q], moved.loss, 1e-6 * moved.loss);
        assert_true(fabs(loss[0][q] - loss[0][4]) > 1e-3); /* guard: the points differ */
    }
    /* guard: the penalty is in the slice (it is a visible part of the loss) */
    assert_true(nn_model_reg_penalty(s->model) > 1e-4);
    free(saved);
    free(d1);
    free(d2);
    nn_session_destroy(s);
}

/* The grid split over threads gives the numbers one thread gives. */
static void test_threads_change_nothing(void **state)
{
    (void)state;
    nn_Session *s = spiral_session(1);
    size_t n = s->model->n_params;
    float *d1 = malloc(n * sizeof *d1), *d2 = malloc(n * sizeof *d2);
    nn_Rng rng;
    nn_rng_seed(&rng, 4);
    race_dir_random_filter_norm(s->model, &rng, d1);
    race_dir_random_filter_norm(s->model, &rng, d2);
    float a[7], b[5], one[35], many[35];
    for (int k = 0; k < 7; k++)
        a[k] = -1.0f + k / 3.0f;
    for (int k = 0; k < 5; k++)
        b[k] = -1.0f + k / 2.0f;
    char err[256];
    const char *counts[2] = {"1", "3"};
    float *out[2] = {one, many};
    for (int c = 0; c < 2; c++) {
        setenv("NNVIZ_THREADS", counts[c], 1);
        race_Landscape *L = NULL;
        assert_int_equal(race_landscape_create(&L, s->model, err, sizeof err), NN_OK);
        assert_int_equal(race_landscape_grid(L, s->model, s->train, s->spec.data.features, d1,
                                             d2, a, 7, b, 5, out[c], err, sizeof err),
                         NN_OK);
        race_landscape_destroy(L);
    }
    unsetenv("NNVIZ_THREADS");
    assert_memory_equal(one, many, sizeof one);
    assert_true(one[0] != one[34]); /* guard: the points differ */
    free(d1);
    free(d2);
    nn_session_destroy(s);
}

/* A slice over the first rows only: its centre is the loss of those rows. */
static void test_slice_over_first_rows(void **state)
{
    (void)state;
    nn_Session *s = spiral_session(2);
    size_t n = s->model->n_params;
    float *traj = malloc(n * sizeof *traj);
    memcpy(traj, s->model->params, n * sizeof *traj);
    race_SliceSpec spec = race_slice_spec_default(RACE_DIRS_RANDOM);
    spec.nx = spec.ny = 3;
    spec.n_line = 3;
    spec.max_rows = 50;
    char err[256];
    race_Slice *S = NULL;
    assert_int_equal(race_slice_compute(&S, &spec, s->model, s->train, s->spec.data.features,
                                        traj, 1, err, sizeof err),
                     NN_OK);
    assert_int_equal(S->rows, 50);
    assert_int_equal(S->data_rows, s->train->n);
    nn_Dataset sub = *s->train;
    sub.n = 50;
    nn_Evaluator *ev = NULL;
    assert_int_equal(nn_evaluator_create(&ev, &s->model->arch, 64, err, sizeof err), NN_OK);
    nn_Metrics part, all;
    nn_evaluate(ev, s->model, &sub, s->spec.data.features, &part, NULL);
    nn_evaluate(ev, s->model, s->train, s->spec.data.features, &all, NULL);
    nn_evaluator_destroy(ev);
    assert_close(S->current_loss, part.loss, 1e-6 * part.loss);
    assert_close(S->loss[4], part.loss, 1e-6 * part.loss); /* the grid's centre */
    assert_true(fabs(part.loss - all.loss) > 1e-6); /* guard: the rows matter */
    race_slice_destroy(S);
    free(traj);
    nn_session_destroy(s);
}

static void test_filter_normalization(void **state)
{
    (void)state;
    nn_Session *s = spiral_session(1);
    const nn_Model *m = s->model;
    size_t n = m->n_params;
    float *d = malloc(n * sizeof *d);
    nn_Rng rng;
    nn_rng_seed(&rng, 9);
    race_dir_random_filter_norm(m, &rng, d);
    int not_parallel = 0;
    for (int l = 0; l < m->arch.n_layers; l++) {
        int in = m->arch.sizes[l], out = m->arch.sizes[l + 1];
        for (int j = 0; j < out; j++) {
            double nw = 0, nd = 0, dot = 0;
            for (int i = 0; i < in; i++) {
                double w = m->W[l][i * out + j], x = d[m->W_off[l] + (size_t)i * out + j];
                nw += w * w;
                nd += x * x;
                dot += w * x;
            }
            assert_true(nw > 0);
            assert_close(sqrt(nd), sqrt(nw), 1e-5 * sqrt(nw));
            if (fabs(dot) < 0.99 * nw)
                not_parallel++; /* a random direction, not the weights themselves */
        }
        for (int j = 0; j < out; j++)
            assert_true(d[m->b_off[l] + (size_t)j] == 0.0f);
    }
    assert_true(not_parallel > 0);
    /* one weight's direction */
    char err[256];
    assert_int_equal(race_dir_weight(m, 1, 2, 3, d, err, sizeof err), NN_OK);
    double sum = 0;
    for (size_t k = 0; k < n; k++)
        sum += d[k];
    assert_close(sum, 1.0, 0);
    assert_true(d[m->W_off[1] + 2u * (size_t)m->arch.sizes[2] + 3u] == 1.0f);
    assert_int_equal(race_dir_weight(m, 7, 0, 0, d, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "layer 8 does not exist"));
    assert_int_equal(race_dir_weight(m, 0, 0, 99, d, err, sizeof err), NN_ERR_INVALID_ARG);
    free(d);
    nn_session_destroy(s);
}

/* A trajectory w_t = c + p_t e1 + q_t e2 with orthonormal e1, e2 and the
 * spread of p larger than q's: PCA must give +-e1 then +-e2, and the
 * projection must give back (p_t - p_last, q_t - q_last). */
static void test_pca_directions(void **state)
{
    (void)state;
    enum { T = 12, N = 6 };
    const float e1[N] = {0.6f, 0.8f, 0, 0, 0, 0}, e2[N] = {0, 0, 0, 0, 0.8f, -0.6f};
    float traj[T * N], p[T], q[T];
    for (int t = 0; t < T; t++) {
        p[t] = 0.3f * (float)(T - 1 - t) * (float)(T - 1 - t) / 10.0f;
        q[t] = (float)sin(0.9 * t);
        for (int k = 0; k < N; k++)
            traj[t * N + k] = 0.1f * (float)k + p[t] * e1[k] + q[t] * e2[k];
    }
    float d1[N], d2[N];
    double ex[2];
    char err[256];
    assert_int_equal(race_dir_pca(traj, T, N, d1, d2, ex, err, sizeof err), NN_OK);
    /* in the (e1, e2) plane the second-moment matrix of the rows minus the
     * last is S = [[spp, spq], [spq, sqq]]; its leading eigenvector, mapped
     * back, is the first direction, and the second is the plane's other axis */
    double spp = 0, spq = 0, sqq = 0;
    for (int t = 0; t < T - 1; t++) {
        double pp = p[t] - p[T - 1], qq = q[t] - q[T - 1];
        spp += pp * pp;
        spq += pp * qq;
        sqq += qq * qq;
    }
    double l1 = 0.5 * (spp + sqq) + sqrt(0.25 * (spp - sqq) * (spp - sqq) + spq * spq);
    double vx = spq, vy = l1 - spp, vn = sqrt(vx * vx + vy * vy);
    vx /= vn;
    vy /= vn;
    double c1 = 0, c2 = 0, in_plane = 0;
    for (int k = 0; k < N; k++) {
        c1 += d1[k] * (vx * e1[k] + vy * e2[k]);
        c2 += d2[k] * (-vy * e1[k] + vx * e2[k]);
        in_plane += d2[k] * d2[k];
    }
    assert_close(fabs(c1), 1.0, 1e-5);
    assert_close(fabs(c2), 1.0, 1e-4);
    assert_close(in_plane, 1.0, 1e-5);
    assert_close(ex[0], l1 / (spp + sqq), 1e-5);
    assert_true(ex[0] > ex[1] && ex[1] > 0.01 && ex[0] + ex[1] <= 1.0 + 1e-6);
    double a, b;
    assert_int_equal(race_project(traj + (T - 1) * N, d1, d2, N, traj, &a, &b), 0);
    /* back in (e1, e2) coordinates: (a d1 + b d2) . e1 = p_0 - p_last */
    double pe = 0, qe = 0;
    for (int k = 0; k < N; k++) {
        pe += (a * d1[k] + b * d2[k]) * e1[k];
        qe += (a * d1[k] + b * d2[k]) * e2[k];
    }
    assert_close(pe, p[0] - p[T - 1], 1e-4);
    assert_close(qe, q[0] - q[T - 1], 1e-4);
    /* a trajectory along one line has no second direction */
    for (int t = 0; t < T; t++)
        for (int k = 0; k < N; k++)
            traj[t * N + k] = p[t] * e1[k];
    assert_int_equal(race_dir_pca(traj, T, N, d1, d2, NULL, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(race_dir_pca(traj, 2, N, d1, d2, NULL, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(race_project(traj, e1, e1, N, traj, &a, &b), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slice_origin_is_the_current_loss),
        cmocka_unit_test(test_threads_change_nothing),
        cmocka_unit_test(test_wide_network_with_penalty),
        cmocka_unit_test(test_slice_over_first_rows),
        cmocka_unit_test(test_filter_normalization),
        cmocka_unit_test(test_pca_directions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
