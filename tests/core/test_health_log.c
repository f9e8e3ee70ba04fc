/* test_health_log.c - a run's health over time: every sample is what
 * nn_health_measure says of the trainer at that step, going back cuts the
 * log where the loss history is cut (and replaying records the same bits),
 * the log stays within its bound on a grid that doubles, compared runs each
 * keep their own, and an 8-layer sigmoid network's recorded first-layer
 * gradient norm lies orders of magnitude below its last layer's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "core/core.h"
#include "core/health_log.h"

static void spiral_spec(nn_Experiment *e, int layers, nn_Act act)
{
    nn_experiment_default(e);
    e->data.kind = NN_SRC_PLAYGROUND;
    e->data.playground = NN_PG_SPIRAL;
    e->data.samples = 200;
    e->n_hidden = layers;
    for (int l = 0; l < layers; l++) {
        e->hidden[l] = 6;
        e->hidden_act[l] = act;
    }
    e->batch_size = 10;
    e->shuffle = 1;
    e->seed = 7;
}

static void open_core(app_Core *c, int layers, nn_Act act)
{
    nn_Experiment e;
    spiral_spec(&e, layers, act);
    char err[512] = "";
    int rc = app_core_init_spec(c, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

static void say(app_Core *c, const char *line)
{
    app_Command cmd;
    char err[256] = "";
    int rc = app_cmd_parse(line, &cmd, err, sizeof err);
    if (rc != 0)
        print_error("'%s': %s\n", line, err);
    assert_int_equal(rc, 0);
    app_core_push(c, cmd);
    app_core_sync(c, app_clock());
}

/* Every batch stepped by hand is measured while the log is not full, and
 * the sample is bit for bit what nn_health_measure gives right then. */
static void test_sample_is_the_measure(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 2, NN_ACT_TANH);
    app_Run *r = c.runs[0];
    app_runner_lock(c.runner);
    for (int i = 1; i <= 40; i++) {
        assert_int_equal(app_run_step_batch(r), 0);
        nn_HealthSample direct;
        assert_int_equal(nn_health_measure(r->s->trainer, &direct), NN_OK);
        assert_int_equal(r->health.n, i);
        assert_int_equal(r->health.s[i - 1].step, i);
        assert_memory_equal(&r->health.s[i - 1], &direct, sizeof direct);
    }
    /* by phases: the sample is taken when the batch completes */
    int phases = nn_trainer_phases_per_batch(r->s->trainer);
    for (int p = 0; p < phases - 1; p++) {
        assert_int_equal(app_run_step_phase(r), 0);
        assert_int_equal(r->health.n, 40);
    }
    assert_int_equal(app_run_step_phase(r), 0);
    assert_int_equal(r->health.n, 41);
    nn_HealthSample direct;
    assert_int_equal(nn_health_measure(r->s->trainer, &direct), NN_OK);
    assert_memory_equal(&r->health.s[40], &direct, sizeof direct);
    app_runner_unlock(c.runner);
    /* and the frame's copy holds the same */
    app_core_sync(&c, app_clock());
    assert_int_equal(r->snap.n_health, 41);
    assert_memory_equal(r->snap.health, r->health.s, 41 * sizeof *r->health.s);
    app_core_free(&c);
}

/* Step back, going to an earlier step and a reset cut the log to the step
 * the run is at; training on records the very samples it had. */
static void test_truncated_on_going_back(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 2, NN_ACT_TANH);
    app_Run *r = c.runs[0];
    say(&c, "TRAIN 60");
    assert_int_equal(r->snap.n_health, 60);
    nn_HealthSample *was = malloc(60 * sizeof *was);
    assert_non_null(was);
    memcpy(was, r->snap.health, 60 * sizeof *was);

    say(&c, "STEP_BACK");
    assert_int_equal(nn_trainer_cursor(r->s->trainer).step, 59);
    assert_int_equal(r->snap.n_health, 59);
    assert_int_equal(r->snap.health[58].step, 59);

    say(&c, "GOTO_STEP 23");
    assert_int_equal(r->snap.n_health, 23);
    for (int i = 0; i < r->snap.n_health; i++)
        assert_true(r->snap.health[i].step <= 23);

    say(&c, "TRAIN 37");
    assert_int_equal(r->snap.n_health, 60);
    assert_memory_equal(r->snap.health, was, 60 * sizeof *was);

    say(&c, "RESET");
    assert_int_equal(r->snap.n_health, 0);
    assert_int_equal(r->health.every, 1);
    free(was);
    app_core_free(&c);
}

/* Past the bound the log keeps at most APP_HEALTH_CAP samples, on steps
 * that are multiples of a spacing that doubled, spread over the whole run. */
static void test_bounded_and_thinned(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 2, NN_ACT_TANH);
    app_Run *r = c.runs[0];
    say(&c, "TRAIN 3000");
    const app_HealthLog *h = &r->health;
    assert_true(h->n <= APP_HEALTH_CAP);
    assert_true(h->n >= APP_HEALTH_CAP / 2);
    assert_int_equal(h->every, 8); /* 3000 steps: 512 at 1, 2, 4, then 8 apart */
    for (int i = 0; i < h->n; i++) {
        assert_int_equal(h->s[i].step % h->every, 0);
        if (i > 0)
            assert_int_equal(h->s[i].step - h->s[i - 1].step, h->every);
    }
    assert_int_equal(h->s[0].step, h->every);
    assert_true(h->s[h->n - 1].step > 3000 - h->every);
    /* the copy follows the thinning */
    assert_int_equal(r->snap.n_health, h->n);
    assert_memory_equal(r->snap.health, h->s, (size_t)h->n * sizeof *h->s);
    /* going back past the thinned part keeps the grid */
    say(&c, "GOTO_STEP 1000");
    for (int i = 0; i < r->snap.n_health; i++)
        assert_true(r->snap.health[i].step <= 1000);
    assert_int_equal(r->snap.health[r->snap.n_health - 1].step, 1000);
    app_core_free(&c);
}

/* Going to another branch's tip keeps the health the branches share and
 * records that branch's own again: the log is what it was on that branch. */
static void test_branch_switch(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 2, NN_ACT_TANH);
    app_Run *r = c.runs[0];
    say(&c, "TRAIN 30");
    nn_HealthSample *was = malloc(30 * sizeof *was);
    assert_non_null(was);
    memcpy(was, r->snap.health, 30 * sizeof *was);
    say(&c, "SET_LEARNING_RATE 0.3"); /* a new branch from step 30 */
    say(&c, "TRAIN 20");
    assert_int_equal(r->snap.n_health, 50);
    nn_HealthSample *was2 = malloc(50 * sizeof *was2);
    assert_non_null(was2);
    memcpy(was2, r->snap.health, 50 * sizeof *was2);
    assert_int_equal(r->timeline.n_br, 2);
    assert_int_equal(r->timeline.br[1].fork, 30);
    /* the samples after 30 differ from branch 1's (another learning rate) */
    say(&c, "SELECT_BRANCH 1");
    assert_int_equal(nn_trainer_cursor(r->s->trainer).step, 30);
    assert_int_equal(r->snap.n_health, 30);
    assert_memory_equal(r->snap.health, was, 30 * sizeof *was);
    say(&c, "SELECT_BRANCH 2");
    assert_int_equal(nn_trainer_cursor(r->s->trainer).step, 50);
    assert_int_equal(r->snap.n_health, 50);
    /* branch 2's log as it was: the shared past, then its own */
    assert_memory_equal(r->snap.health, was2, 50 * sizeof *was2);
    assert_memory_equal(r->snap.health, was, 30 * sizeof *was);
    free(was);
    free(was2);
    app_core_free(&c);
}

/* The median over the recorded history of a layer's gradient norm. */
static double median_norm(const app_Snap *S, int l)
{
    double *v = malloc((size_t)S->n_health * sizeof *v);
    assert_non_null(v);
    for (int i = 0; i < S->n_health; i++)
        v[i] = S->health[i].grad_norm[l];
    for (int i = 1; i < S->n_health; i++) /* insertion sort: a few hundred values */
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    double m = v[S->n_health / 2];
    free(v);
    return m;
}

/* Compared sigmoid and relu runs of 8 dense layers each record their own
 * log: the sigmoid run's first layer learns orders of magnitude slower than
 * its last, relu's does not. */
static void test_compared_deep_sigmoid_vanishes(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 7, NN_ACT_SIGMOID);
    say(&c, "COMPARE activation=sigmoid,relu");
    assert_int_equal(c.n_runs, 2);
    say(&c, "TRAIN 300");
    double ratio[2];
    for (int i = 0; i < 2; i++) {
        const app_Snap *S = &c.runs[i]->snap;
        assert_int_equal(S->n_health, 300);
        assert_int_equal(S->health[0].n_layers, 8);
        ratio[i] = median_norm(S, 0) / median_norm(S, 7);
    }
    print_message("recorded first/last layer gradient norm: sigmoid %.3g, relu %.3g\n", ratio[0],
                  ratio[1]);
    assert_true(ratio[0] < 1e-3);
    assert_true(ratio[1] > 100.0 * ratio[0]);
    app_core_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_is_the_measure),
        cmocka_unit_test(test_truncated_on_going_back),
        cmocka_unit_test(test_bounded_and_thinned),
        cmocka_unit_test(test_branch_switch),
        cmocka_unit_test(test_compared_deep_sigmoid_vanishes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
