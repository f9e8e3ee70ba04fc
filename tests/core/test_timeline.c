/* test_timeline.c - the timeline alone: any recorded step comes back bit for
 * bit, a branch leaves the recorded one alone, and the memory bound holds
 * on Fashion-MNIST's network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "core/timeline.h"

static nn_Session *spiral(void)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.data.samples = 200;
    e.n_hidden = 2;
    e.hidden[0] = 6;
    e.hidden[1] = 4;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_TANH;
    e.batch_size = 10;
    e.shuffle = 1;
    e.seed = 7;
    nn_opt_config_default(&e.opt, NN_OPT_ADAM);
    e.opt.lr = 0.01f;
    char err[256] = "";
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK)
        print_error("%s\n", err);
    assert_non_null(s);
    return s;
}

/* Trains n batches as the window does: epochs recorded, the timeline told. */
static void train(nn_Session *s, app_Timeline *t, int n)
{
    for (int i = 0; i < n; i++) {
        int64_t ep = nn_trainer_cursor(s->trainer).epoch;
        assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
        if (nn_trainer_cursor(s->trainer).epoch != ep)
            assert_int_equal(nn_session_record_epoch(s, 0.0, NULL), NN_OK);
        if (t)
            app_timeline_after_batch(t, s);
    }
}

static void go(nn_Session *s, app_Timeline *t, int64_t step)
{
    char err[256] = "";
    int rc = app_timeline_restore(t, s, step, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    int64_t now = nn_trainer_cursor(s->trainer).step;
    assert_true(now <= step);
    train(s, t, (int)(step - now));
    assert_int_equal(nn_trainer_cursor(s->trainer).step, step);
}

/* Parameters, optimizer state and update count, as bytes. */
static float *state_copy(const nn_Session *s, int64_t *iterations)
{
    size_t n = s->model->n_params;
    float *p = malloc(3 * n * sizeof *p);
    assert_non_null(p);
    memcpy(p, s->model->params, n * sizeof *p);
    memcpy(p + n, s->opt->slot[0], n * sizeof *p);
    memcpy(p + 2 * n, s->opt->slot[1], n * sizeof *p);
    *iterations = s->opt->iterations;
    return p;
}

static void assert_state(const nn_Session *s, const float *p, int64_t iterations)
{
    size_t n = s->model->n_params;
    assert_memory_equal(s->model->params, p, n * sizeof *p);
    assert_memory_equal(s->opt->slot[0], p + n, n * sizeof *p);
    assert_memory_equal(s->opt->slot[1], p + 2 * n, n * sizeof *p);
    assert_int_equal(s->opt->iterations, iterations);
}

/* Rewinding to step k and replaying gives what the first pass gave, for
 * steps on and between checkpoints, on a small budget that forces thinning. */
static void test_rewind_replays_bit_for_bit(void **state)
{
    (void)state;
    nn_Session *s = spiral();
    app_Timeline t;
    char err[256];
    size_t per = sizeof(nn_Checkpoint) + s->model->n_params * 3 * sizeof(float);
    assert_int_equal(app_timeline_init(&t, s, 20 * per, err, sizeof err), 0);
    const int64_t ks[] = {0, 1, 37, 128, 129, 301, 599};
    float *at[7];
    int64_t it[7];
    int64_t done = 0;
    for (int i = 0; i < 7; i++) {
        train(s, &t, (int)(ks[i] - done));
        done = ks[i];
        at[i] = state_copy(s, &it[i]);
    }
    train(s, &t, 50);
    assert_true(t.br[0].every > 1); /* the budget made it thin out */
    assert_true(t.bytes <= t.budget);
    for (int i = 6; i >= 0; i--) {
        go(s, &t, ks[i]);
        assert_state(s, at[i], it[i]);
    }
    for (int i = 0; i < 7; i++) { /* and forward again */
        go(s, &t, ks[i]);
        assert_state(s, at[i], it[i]);
        free(at[i]);
    }
    /* a guard: another step is not the same state */
    go(s, &t, 300);
    int64_t i300;
    float *p300 = state_copy(s, &i300);
    go(s, &t, 301);
    assert_true(memcmp(p300, s->model->params, s->model->n_params * sizeof(float)) != 0);
    free(p300);
    app_timeline_free(&t);
    nn_session_destroy(s);
}

/* An edit at a past step branches; the recorded branch is still there,
 * bit for bit, with its settings, history and future. */
static void test_branch_keeps_the_recorded_one(void **state)
{
    (void)state;
    nn_Session *s = spiral();
    app_Timeline t;
    char err[256];
    assert_int_equal(app_timeline_init(&t, s, APP_TIMELINE_BUDGET, err, sizeof err), 0);
    train(s, &t, 100);
    int64_t i100;
    float *p100 = state_copy(s, &i100);
    train(s, &t, 100);
    int64_t i200;
    float *p200 = state_copy(s, &i200);
    int64_t hist200 = s->n_history;
    float lr0 = s->opt->cfg.lr;

    go(s, &t, 100);
    s->opt->cfg.lr = s->spec.opt.lr = 0.05f; /* an edit at a past point */
    assert_int_equal(app_timeline_branch(&t, s, err, sizeof err), 0);
    assert_int_equal(t.n_br, 2);
    assert_int_equal(t.live, 1);
    assert_int_equal(t.br[1].fork, 100);
    assert_int_equal(t.br[0].tip, 200);
    train(s, &t, 150);
    int64_t i250;
    float *p250 = state_copy(s, &i250);
    assert_true(memcmp(p250, p200, s->model->n_params * sizeof(float)) != 0);
    assert_true(app_timeline_shown(&t, 0) && app_timeline_shown(&t, 1));

    /* back to the first branch's tip: its state and learning rate */
    int64_t tip = -1;
    assert_int_equal(app_timeline_switch(&t, s, 0, &tip, err, sizeof err), 0);
    assert_int_equal(tip, 200);
    train(s, &t, (int)(tip - nn_trainer_cursor(s->trainer).step));
    assert_state(s, p200, i200);
    assert_true(s->opt->cfg.lr == lr0);
    assert_int_equal(s->n_history, hist200);
    /* a step before the fork from the new branch is the old one's */
    go(s, &t, 100);
    assert_state(s, p100, i100);

    /* and the new branch is there too */
    assert_int_equal(app_timeline_switch(&t, s, 1, &tip, err, sizeof err), 0);
    assert_int_equal(tip, 250);
    train(s, &t, (int)(tip - nn_trainer_cursor(s->trainer).step));
    assert_state(s, p250, i250);
    assert_true(s->opt->cfg.lr == 0.05f);

    /* an edit where nothing was trained since the last one: no new branch */
    go(s, &t, 180);
    s->opt->cfg.lr = s->spec.opt.lr = 0.02f;
    assert_int_equal(app_timeline_branch(&t, s, err, sizeof err), 0);
    s->opt->cfg.lr = s->spec.opt.lr = 0.03f;
    assert_int_equal(app_timeline_branch(&t, s, err, sizeof err), 0);
    assert_int_equal(t.n_br, 3);
    assert_true(t.br[2].spec.opt.lr == 0.03f);
    free(p100);
    free(p200);
    free(p250);
    app_timeline_free(&t);
    nn_session_destroy(s);
}

/* A branch recorded on other training rows cannot be restored (its
 * checkpoints name other rows): refused, and the run stays where it was,
 * on the branch it was on. */
static void test_branch_on_other_rows_is_refused(void **state)
{
    (void)state;
    nn_Session *s = spiral();
    app_Timeline t;
    char err[256] = "";
    assert_int_equal(app_timeline_init(&t, s, APP_TIMELINE_BUDGET, err, sizeof err), 0);
    train(s, &t, 60);
    go(s, &t, 30);
    const nn_Dataset *src = s->train;
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, src->task, src->n + 1, 2, 1, src->n_classes, 0, err,
                                       sizeof err), NN_OK);
    memcpy(d->x, src->x, (size_t)src->n * 2 * sizeof *d->x);
    memcpy(d->label, src->label, (size_t)src->n * sizeof *d->label);
    d->x[src->n * 2] = 0.5f;
    d->x[src->n * 2 + 1] = -0.5f;
    d->label[src->n] = 1;
    assert_int_equal(nn_session_set_train(s, d, 1, err, sizeof err), NN_OK);
    assert_int_equal(app_timeline_branch(&t, s, err, sizeof err), 0);
    train(s, &t, 20);
    int64_t i50;
    float *p50 = state_copy(s, &i50);
    int64_t hist = s->n_history;
    int64_t tip = 0;
    assert_int_equal(app_timeline_switch(&t, s, 0, &tip, err, sizeof err), -1);
    assert_int_equal(t.live, 1);
    assert_int_equal(nn_trainer_cursor(s->trainer).step, 50);
    assert_state(s, p50, i50);
    assert_int_equal(s->n_history, hist);
    err[0] = '\0';
    assert_int_equal(app_timeline_restore(&t, s, 10, err, sizeof err), -1);
    assert_true(err[0] != '\0');
    assert_int_equal(t.live, 1);
    assert_state(s, p50, i50);
    free(p50);
    app_timeline_free(&t);
    nn_session_destroy(s);
}

/* Fashion-MNIST's 784-128-64-10 with Adam (1.3 MB a checkpoint): the
 * default 64 MB hold however long it trains, and steps still come back. */
static void test_memory_bound_on_a_wide_network(void **state)
{
    (void)state;
    char err[256] = "";
    enum { ROWS = 64, DIM = 784 };
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, ROWS, DIM, 1, 10, 0, err, sizeof err),
                     NN_OK);
    nn_Rng rng;
    nn_rng_seed(&rng, 3);
    for (int i = 0; i < ROWS * DIM; i++)
        d->x[i] = (float)nn_rng_uniform(&rng);
    for (int i = 0; i < ROWS; i++)
        d->label[i] = i % 10;
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_CSV; /* borrowed: the file is never read */
    snprintf(e.data.path, sizeof e.data.path, "wide.csv");
    snprintf(e.data.label, sizeof e.data.label, "label");
    e.n_hidden = 2;
    e.hidden[0] = 128;
    e.hidden[1] = 64;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_RELU;
    e.out_act = NN_ACT_SOFTMAX;
    e.loss = NN_LOSS_SPARSE_CCE;
    e.batch_size = 4;
    nn_opt_config_default(&e.opt, NN_OPT_ADAM);
    nn_Session *s = NULL;
    if (nn_session_create_borrowed(&s, &e, d, NULL, err, sizeof err) != NN_OK)
        print_error("%s\n", err);
    assert_non_null(s);
    assert_int_equal(s->model->n_params, 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
    app_Timeline t;
    assert_int_equal(app_timeline_init(&t, s, APP_TIMELINE_BUDGET, err, sizeof err), 0);
    int64_t i77 = -1;
    float *p77 = NULL;
    size_t most = 0;
    for (int k = 0; k < 200; k++) {
        train(s, &t, 1);
        if (nn_trainer_cursor(s->trainer).step == 77)
            p77 = state_copy(s, &i77);
        assert_true(t.bytes <= t.budget);
        if (t.bytes > most)
            most = t.bytes;
    }
    assert_true(most > t.budget / 2); /* it did use the memory */
    assert_true(t.br[0].every >= 4);
    go(s, &t, 77);
    assert_state(s, p77, i77);
    free(p77);
    app_timeline_free(&t);
    nn_session_destroy(s);
    nn_dataset_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewind_replays_bit_for_bit),
        cmocka_unit_test(test_branch_keeps_the_recorded_one),
        cmocka_unit_test(test_branch_on_other_rows_is_refused),
        cmocka_unit_test(test_memory_bound_on_a_wide_network),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
