/* test_compare.c - runs that differ in one knob: the same value gives the
 * same bits, the start and the batch order are shared, a compared run is the
 * run trained alone, the seed bands use the seeds they claim, and bad knobs
 * and values are refused with one line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "core/compare.h"
#include "core/core.h"
#include "core/whatif.h"
#include "engine/infer.h"
#include "i18n/i18n.h"

/* Playground's spiral with a small tanh network, shuffled batches of 10. */
static void spiral_spec(nn_Experiment *e)
{
    nn_experiment_default(e);
    e->data.kind = NN_SRC_PLAYGROUND;
    e->data.playground = NN_PG_SPIRAL;
    e->data.samples = 200;
    e->n_hidden = 2;
    e->hidden[0] = 6;
    e->hidden[1] = 4;
    e->hidden_act[0] = e->hidden_act[1] = NN_ACT_TANH;
    e->batch_size = 10;
    e->shuffle = 1;
    e->seed = 7;
}

static app_Compare *make_from(const nn_Experiment *base, const char *vary, int seeds,
                              int64_t epochs, int64_t steps, int health)
{
    nn_Experiment e = *base;
    app_Vary v;
    char err[512] = "";
    int rc = app_vary_parse(vary, &v, err, sizeof err);
    if (rc != 0)
        print_error("%s: %s\n", vary, err);
    assert_int_equal(rc, 0);
    app_Compare *c = NULL;
    rc = app_compare_create(&c, &e, &v, seeds, epochs, steps, health, err, sizeof err);
    if (rc != 0)
        print_error("%s: %s\n", vary, err);
    assert_int_equal(rc, 0);
    return c;
}

static app_Compare *make(const char *vary, int seeds, int64_t epochs, int64_t steps, int health)
{
    nn_Experiment e;
    spiral_spec(&e);
    return make_from(&e, vary, seeds, epochs, steps, health);
}

static void run_all(app_Compare *c)
{
    char err[256] = "";
    int rc = app_compare_run(c, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

/* Histories equal in every figure but the wall time. */
static int same_history(const nn_Session *a, const nn_Session *b)
{
    if (a->n_history != b->n_history)
        return 0;
    for (int64_t i = 0; i < a->n_history; i++) {
        const nn_EpochRecord *x = &a->history[i], *y = &b->history[i];
        if (x->epoch != y->epoch || x->step != y->step ||
            memcmp(&x->train_loss, &y->train_loss, sizeof(double)) != 0 ||
            memcmp(&x->train_acc, &y->train_acc, sizeof(double)) != 0 ||
            memcmp(&x->test_loss, &y->test_loss, sizeof(double)) != 0 ||
            memcmp(&x->test_acc, &y->test_acc, sizeof(double)) != 0)
            return 0;
    }
    return 1;
}

static int same_params(const nn_Session *a, const nn_Session *b)
{
    return a->model->n_params == b->model->n_params &&
           memcmp(a->model->params, b->model->params, a->model->n_params * sizeof(float)) == 0;
}

static void test_same_value_same_bits(void **state)
{
    (void)state;
    app_Compare *c = make("optimizer=adam,adam,sgd", 1, 4, 0, 0);
    run_all(c);
    assert_int_equal(c->n_runs, 3);
    assert_true(c->runs[0].s->n_history == 4);
    assert_true(same_history(c->runs[0].s, c->runs[1].s));
    assert_true(same_params(c->runs[0].s, c->runs[1].s));
    /* guard: another value does give another history */
    assert_false(same_history(c->runs[0].s, c->runs[2].s));
    assert_false(same_params(c->runs[0].s, c->runs[2].s));
    app_compare_destroy(c);
}

static void test_start_and_batch_order_shared(void **state)
{
    (void)state;
    const char *knobs[] = {"activation=sigmoid,tanh,relu", "optimizer=sgd,momentum,adam",
                           "learning_rate=0.001,0.1,3", "regularization=none,l1,l2",
                           "loss=mse,half_squared"};
    for (size_t k = 0; k < sizeof knobs / sizeof knobs[0]; k++) {
        app_Compare *c = make(knobs[k], 2, 0, 30, 0);
        /* every run shares the one copy of the data */
        for (int i = 0; i < c->n_runs; i++) {
            assert_ptr_equal(c->runs[i].s->train, c->train);
            assert_ptr_equal(c->runs[i].s->test, c->test);
        }
        /* before training: the runs of one seed hold the same weights, the
         * seeds differ (so the check can fail) */
        for (int i = 1; i < c->vary.n_values; i++)
            for (int s = 0; s < 2; s++)
                assert_true(same_params(app_compare_at(c, 0, s)->s, app_compare_at(c, i, s)->s));
        assert_false(same_params(app_compare_at(c, 0, 0)->s, app_compare_at(c, 0, 1)->s));
        /* round by round, the runs of one seed train on the same rows */
        char err[256];
        for (int round = 0; round < 30; round++) {
            assert_true(app_compare_round(c, err, sizeof err) >= 0);
            for (int s = 0; s < 2; s++) {
                const nn_Trainer *t0 = app_compare_at(c, 0, s)->s->trainer;
                for (int i = 1; i < c->vary.n_values; i++) {
                    const nn_Trainer *ti = app_compare_at(c, i, s)->s->trainer;
                    if (app_compare_at(c, i, s)->diverged)
                        continue;
                    assert_int_equal(nn_trainer_batch_rows(t0), nn_trainer_batch_rows(ti));
                    assert_memory_equal(nn_trainer_batch_index(t0), nn_trainer_batch_index(ti),
                                        sizeof(int) * (size_t)nn_trainer_batch_rows(t0));
                    assert_int_equal(nn_trainer_cursor(t0).step, nn_trainer_cursor(ti).step);
                }
            }
            const nn_Trainer *a = app_compare_at(c, 0, 0)->s->trainer;
            const nn_Trainer *b = app_compare_at(c, 0, 1)->s->trainer;
            if (round == 0) /* another seed shuffles otherwise */
                assert_true(memcmp(nn_trainer_batch_index(a), nn_trainer_batch_index(b),
                                   sizeof(int) * 10) != 0);
        }
        app_compare_destroy(c);
    }
    /* the initializer knob starts from other weights, by design */
    app_Compare *c = make("init=glorot_uniform,he_normal", 1, 0, 1, 0);
    assert_false(same_params(c->runs[0].s, c->runs[1].s));
    app_compare_destroy(c);
}

/* Each compared run is, bit for bit, the run nn_session_train trains alone
 * from its spec (owning its own copy of the data). */
static void check_alone(app_Compare *c)
{
    for (int i = 0; i < c->n_runs; i++) {
        nn_Session *s = NULL;
        char err[256] = "";
        assert_int_equal(nn_session_create(&s, &c->runs[i].spec, err, sizeof err), NN_OK);
        nn_StopReason why;
        nn_Status st = nn_session_train(s, NULL, NULL, &why);
        assert_int_equal(st == NN_DIVERGED, c->runs[i].diverged);
        assert_true(same_history(s, c->runs[i].s));
        assert_true(same_params(s, c->runs[i].s));
        nn_session_destroy(s);
    }
}

static void test_compared_run_equals_run_alone(void **state)
{
    (void)state;
    app_Compare *c = make("optimizer=sgd,adam,rmsprop", 1, 5, 0, 0);
    run_all(c);
    check_alone(c);
    app_compare_destroy(c);
    c = make("batch_size=1,7,32", 1, 0, 61, 0); /* steps, ends mid-epoch */
    run_all(c);
    check_alone(c);
    app_compare_destroy(c);
    c = make("activation:2=relu,sigmoid", 2, 3, 0, 1);
    run_all(c);
    check_alone(c);
    /* activation:2 changed the second hidden layer only */
    assert_int_equal(c->runs[0].spec.hidden_act[0], NN_ACT_TANH);
    assert_int_equal(c->runs[0].spec.hidden_act[1], NN_ACT_RELU);
    assert_int_equal(c->runs[2].spec.hidden_act[1], NN_ACT_SIGMOID);
    app_compare_destroy(c);
    /* a learning rate far too large diverges, and alone it diverges too */
    nn_Experiment e;
    spiral_spec(&e);
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_RELU;
    e.out_act = NN_ACT_LINEAR;
    e.loss = NN_LOSS_MSE;
    c = make_from(&e, "learning_rate=0.03,1e6", 1, 3, 0, 0);
    run_all(c);
    assert_false(c->runs[0].diverged);
    assert_true(c->runs[1].diverged);
    check_alone(c);
    app_compare_destroy(c);
}

static void test_seed_bands(void **state)
{
    (void)state;
    app_Compare *c = make("activation=tanh,relu", 3, 6, 0, 0);
    run_all(c);
    assert_int_equal(c->n_runs, 6);
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 3; k++) {
            app_CmpRun *r = app_compare_at(c, i, k);
            assert_int_equal(r->value, i);
            assert_int_equal(r->seed_index, k);
            assert_int_equal(r->seed, 7 + (uint64_t)k);
            assert_int_equal(r->spec.seed, 7 + (uint64_t)k);
            assert_int_equal(r->spec.data.seed, c->runs[0].spec.data.seed); /* data shared */
            /* the seed it claims is the seed it trained with: alone, with
             * that seed, the same bits */
            nn_Experiment e = r->spec;
            nn_Session *s = NULL;
            char err[256];
            assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
            nn_StopReason why;
            assert_int_equal(nn_session_train(s, NULL, NULL, &why), NN_OK);
            assert_true(same_params(s, r->s));
            nn_session_destroy(s);
        }
    /* the band is the median, min and max of the three runs' own figures */
    for (int i = 0; i < 2; i++) {
        double x[3];
        for (int k = 0; k < 3; k++)
            x[k] = app_compare_at(c, i, k)->test.loss;
        double lo = fmin(x[0], fmin(x[1], x[2])), hi = fmax(x[0], fmax(x[1], x[2]));
        double med = x[0]; /* the one that is neither lowest nor highest */
        for (int k = 0; k < 3; k++)
            if ((x[k] > lo || x[k] == x[(k + 1) % 3]) && (x[k] < hi || x[k] == x[(k + 2) % 3]))
                med = x[k];
        app_Band b = app_compare_band(c, i, APP_FIG_TEST_LOSS, 0.0);
        assert_int_equal(b.n, 3);
        assert_true(b.med == med && b.lo == lo && b.hi == hi);
        assert_true(lo < hi); /* the seeds really differ */
    }
    /* within the spread exactly when the ranges overlap */
    app_Band a = app_compare_band(c, 0, APP_FIG_TEST_LOSS, 0.0);
    app_Band b = app_compare_band(c, 1, APP_FIG_TEST_LOSS, 0.0);
    assert_int_equal(app_compare_within_spread(c, 0, 1, APP_FIG_TEST_LOSS, 0.0),
                     !(a.hi < b.lo || b.hi < a.lo));
    /* one value against itself is always within its own spread */
    assert_true(app_compare_within_spread(c, 0, 0, APP_FIG_TEST_LOSS, 0.0));
    app_compare_destroy(c);

    /* two values that differ in nothing are within the spread; a ruinous
     * learning rate against a good one is not */
    c = make("learning_rate=0.03,0.03,0.0000001", 3, 20, 0, 0);
    run_all(c);
    assert_true(app_compare_within_spread(c, 0, 1, APP_FIG_LOSS, 0.0));
    assert_false(app_compare_within_spread(c, 0, 2, APP_FIG_LOSS, 0.0));
    app_compare_destroy(c);
}

static void test_steps_to_target(void **state)
{
    (void)state;
    app_Compare *c = make("learning_rate=0.03,0.3", 1, 30, 0, 0);
    run_all(c);
    double target = app_compare_default_target(c);
    assert_true(target > 0.0 && target < c->runs[0].initial_loss);
    for (int i = 0; i < 2; i++) {
        const nn_Session *s = c->runs[i].s;
        int64_t want = -1;
        for (int64_t h = s->n_history - 1; h >= 0; h--)
            if (s->history[h].train_loss <= target)
                want = s->history[h].step;
        assert_int_equal(app_cmp_steps_to(&c->runs[i], target), want);
    }
    assert_int_equal(app_cmp_steps_to(&c->runs[0], -1.0), -1);
    app_compare_destroy(c);
}

/* The loss trace: every batch's loss when the run is short, the mean of
 * trace_stride batches when long; checked against a session stepped alone. */
static void test_loss_trace(void **state)
{
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        int64_t steps = pass == 0 ? 300 : 2500;
        app_Compare *c = make("learning_rate=0.03,0.3", 1, 0, steps, 0);
        run_all(c);
        assert_int_equal(c->trace_stride, pass == 0 ? 1 : 3);
        for (int i = 0; i < 2; i++) {
            const app_CmpRun *r = &c->runs[i];
            assert_int_equal(r->n_trace, steps / c->trace_stride);
            nn_Session *s = NULL;
            char err[256];
            assert_int_equal(nn_session_create(&s, &r->spec, err, sizeof err), NN_OK);
            double sum = 0.0;
            int k = 0;
            for (int64_t t = 1; t <= steps; t++) {
                assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
                sum += nn_trainer_cursor(s->trainer).last_loss;
                if (t % c->trace_stride == 0) {
                    assert_int_equal(r->trace_step[k], t);
                    assert_true(r->trace_loss[k] == (float)(sum / (double)c->trace_stride));
                    sum = 0.0;
                    k++;
                }
            }
            nn_session_destroy(s);
        }
        app_compare_destroy(c);
    }
}

/* A what-if preview is the run of that value, re-trained from the same
 * start: the same weights as the compared run at that step. */
static void test_whatif_is_the_run(void **state)
{
    (void)state;
    app_Compare *c = make("learning_rate=0.03,0.3", 1, 0, 150, 0);
    run_all(c);
    static app_WhatIf w[2];
    for (int i = 0; i < 2; i++) {
        char err[256] = "";
        int rc = app_whatif_run(&c->runs[i].spec, c->train, c->test, 150, 6.0f, &w[i], err,
                                sizeof err);
        if (rc != 0)
            print_error("%s\n", err);
        assert_int_equal(rc, 0);
        assert_int_equal(w[i].steps, 150);
        assert_false(w[i].diverged);
        assert_true(w[i].loss == c->runs[i].train.loss); /* same weights, same bits */
        /* the grid: the compared run's model at one point of it */
        const nn_Model *m = c->runs[i].s->model;
        nn_Infer *inf = NULL;
        assert_int_equal(nn_infer_create(&inf, &m->arch, 1, err, sizeof err), NN_OK);
        enum { G = APP_WHATIF_GRID };
        int py = 5, q = 17;
        float x1 = -6.0f + 12.0f * ((float)q + 0.5f) / G, x2 = 6.0f - 12.0f * ((float)py + 0.5f) / G;
        float in[NN_FEAT_COUNT + 2];
        uint32_t f = c->runs[i].spec.data.features;
        if (f)
            nn_features_apply(f, x1, x2, in);
        else
            in[0] = x1, in[1] = x2;
        nn_infer_run(inf, m, in, 1);
        assert_true(w[i].out[py * G + q] == inf->a[m->arch.n_layers - 1][0]);
        nn_infer_destroy(inf);
    }
    assert_true(w[0].loss != w[1].loss); /* another value, another run */
    app_compare_destroy(c);
}

static void test_health_samples(void **state)
{
    (void)state;
    app_Compare *c = make("activation=sigmoid,relu", 1, 0, 1000, 1);
    run_all(c);
    for (int i = 0; i < c->n_runs; i++) {
        const app_CmpRun *r = &c->runs[i];
        assert_true(r->n_health > 100 && r->n_health <= APP_CMP_HEALTH_MAX);
        for (int h = 1; h < r->n_health; h++)
            assert_true(r->health[h].step > r->health[h - 1].step);
        assert_int_equal(r->health[0].n_layers, 3);
    }
    app_compare_destroy(c);
}

static void refused(const char *vary, const char *want)
{
    nn_Experiment e;
    spiral_spec(&e);
    app_Vary v;
    char err[512] = "";
    int rc = app_vary_parse(vary, &v, err, sizeof err);
    if (rc == 0) {
        app_Compare *c = NULL;
        rc = app_compare_create(&c, &e, &v, 1, 1, 0, 0, err, sizeof err);
        app_compare_destroy(c);
    }
    if (rc == 0 || !strstr(err, want) || strchr(err, '\n'))
        print_error("--vary %s: rc %d, '%s' (wanted '%s')\n", vary, rc, err, want);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, want));
}

static void test_refused(void **state)
{
    (void)state;
    refused("colour=red,blue", "unknown knob 'colour'");
    refused("activation", "expected KNOB=VALUE");
    refused("activation=relu", "at least two values");
    refused("activation=relu,,tanh", "empty value");
    refused("activation=relu,banana", "'banana' is not a hidden-layer activation");
    refused("activation=relu,softmax", "'softmax' is not a hidden-layer activation");
    refused("activation:3=relu,tanh", "activation:3: the network has 2 hidden layers");
    refused("activation:0=relu,tanh", "only activation takes a layer");
    refused("optimizer:1=sgd,adam", "only activation takes a layer");
    refused("optimizer=sgd,fast", "'fast' is not an optimizer");
    refused("learning_rate=0.1,-1", "'-1' is not a positive number");
    refused("lr=0.1,x", "'x' is not a positive number");
    refused("batch_size=10,2.5", "'2.5' is not a whole number");
    refused("init=zeros,big", "'big' is not an initializer");
    refused("regularization=l1,l3", "'l3' is not a regularization");
    refused("regularization_rate=0.1,0.2", "no regularization is on");
    refused("loss=mse,hinge", "'hinge' is not a loss");
    refused("activation=relu,relu,relu,relu,relu,relu,relu,relu,relu", "more than 8 values");
    refused("loss=mse,categorical_crossentropy", "--vary loss=categorical_crossentropy: ");
}

/* ---- the window's comparison: the COMPARE command ---- */

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

static void test_compare_command(void **state)
{
    (void)state;
    nn_Experiment e;
    spiral_spec(&e);
    app_Core core;
    memset(&core, 0, sizeof core);
    char err[512] = "";
    assert_int_equal(app_core_init_spec(&core, &e, err, sizeof err), 0);
    int opened = core.opened;
    say(&core, "COMPARE activation=sigmoid,tanh,relu");
    assert_int_equal(core.n_runs, 3);
    assert_int_equal(core.opened, opened); /* no lesson card for a comparison */
    /* named as the layer menu names them, not by the --vary ids */
    const char *labels[3] = {tr(STR_ACT_SIGMOID), tr(STR_ACT_TANH), tr(STR_ACT_RELU)};
    nn_Act acts[3] = {NN_ACT_SIGMOID, NN_ACT_TANH, NN_ACT_RELU};
    for (int i = 0; i < 3; i++) {
        assert_string_equal(core.runs[i]->label, labels[i]);
        assert_int_equal(core.runs[i]->color, app_cmp_palette[i]);
        assert_int_equal(app_run_spec(core.runs[i])->hidden_act[0], acts[i]);
        assert_ptr_equal(core.runs[i]->s->train, core.runs[0]->s->train); /* one copy */
        assert_true(same_params(core.runs[i]->s, core.runs[0]->s));       /* one start */
    }
    say(&core, "TRAIN 37");
    /* each window run is the compared run of the engine, bit for bit */
    app_Compare *c = make("activation=sigmoid,tanh,relu", 1, 0, 37, 0);
    run_all(c);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(nn_trainer_cursor(core.runs[i]->s->trainer).step, 37);
        assert_true(same_params(core.runs[i]->s, c->runs[i].s));
    }
    app_compare_destroy(c);

    /* refused: the runs stay as they were, the status says why */
    say(&core, "COMPARE activation=relu,banana");
    assert_int_equal(core.n_runs, 3);
    assert_true(core.status_error);
    assert_non_null(strstr(core.status, "'banana'"));
    say(&core, "COMPARE lr=1,2,3,4,5");
    assert_int_equal(core.n_runs, 3);
    assert_non_null(strstr(core.status, "at most 4"));

    /* promote the relu run to the main view, then back to it alone */
    say(&core, "SELECT_RUN 2");
    assert_int_equal(core.focus, 2);
    say(&core, "COMPARE");
    assert_int_equal(core.n_runs, 1);
    assert_int_equal(app_run_spec(core.runs[0])->hidden_act[0], NN_ACT_RELU);
    app_core_free(&core);
}

/* The compared runs' names, colours and knob values, and which one the
 * main view shows. */
static void assert_compared(const app_Core *c, const char *const *labels, const nn_Loss *losses,
                            int n, int focus)
{
    assert_int_equal(c->n_runs, n);
    for (int i = 0; i < n; i++) {
        assert_string_equal(c->runs[i]->label, labels[i]);
        assert_int_equal(c->runs[i]->color, app_cmp_palette[i]);
        assert_int_equal(app_run_spec(c->runs[i])->loss, losses[i]);
        assert_ptr_equal(c->runs[i]->s->train, c->train); /* still one copy */
    }
    assert_int_equal(c->focus, focus);
}

/* The data changes under a comparison (a set, the noise, an input, new
 * samples, a drawn point): the runs are rebuilt on the new data and stay the
 * comparison, each training its own value of the knob. */
static void test_compare_survives_data_change(void **state)
{
    (void)state;
    nn_Experiment e;
    spiral_spec(&e);
    e.out_act = NN_ACT_SIGMOID;
    e.n_out = 1;
    e.loss = NN_LOSS_BCE;
    app_Core core;
    memset(&core, 0, sizeof core);
    char err[512] = "";
    assert_int_equal(app_core_init_spec(&core, &e, err, sizeof err), 0);
    say(&core, "COMPARE loss=mse,binary_crossentropy");
    const char *labels[2] = {tr(STR_LOSS_MSE), tr(STR_LOSS_BCE)};
    const nn_Loss losses[2] = {NN_LOSS_MSE, NN_LOSS_BCE};
    assert_compared(&core, labels, losses, 2, 0);
    say(&core, "SELECT_RUN 1");

    const char *changes[] = {"SET_DATASET xor", "SET_NOISE 0.3", "TOGGLE_FEATURE x1^2",
                             "REGENERATE", "SET_TRAIN_RATIO 0.6", "ADD_POINT 0.5 0.5 1"};
    for (size_t k = 0; k < sizeof changes / sizeof changes[0]; k++) {
        const nn_Dataset *before = core.train;
        say(&core, changes[k]);
        if (core.status_error)
            print_error("%s: %s\n", changes[k], core.status);
        assert_false(core.status_error);
        assert_ptr_not_equal(core.train, before); /* the data did change */
        assert_compared(&core, labels, losses, 2, 1);
    }
    /* a regression set would take the output's sigmoid that Binary CE
     * needs: refused, with the reason, rather than a run called "Binary CE"
     * training another loss */
    const nn_Dataset *before = core.train;
    say(&core, "SET_DATASET plane");
    assert_true(core.status_error);
    assert_non_null(strstr(core.status, tr(STR_LOSS_BCE)));
    assert_ptr_equal(core.train, before);
    assert_compared(&core, labels, losses, 2, 1);

    /* the rebuilt runs train their own variants: the losses differ */
    say(&core, "TRAIN 20");
    double l0 = nn_trainer_cursor(core.runs[0]->s->trainer).last_loss;
    double l1 = nn_trainer_cursor(core.runs[1]->s->trainer).last_loss;
    assert_true(isfinite(l0) && isfinite(l1));
    assert_true(l0 != l1);

    /* a language switch still names them */
    assert_int_equal(i18n_set_language("zh", err, sizeof err), I18N_OK);
    app_core_compare_labels(&core);
    assert_string_equal(core.runs[1]->label, tr(STR_LOSS_BCE));
    assert_int_equal(i18n_set_language("en", err, sizeof err), I18N_OK);
    app_core_compare_labels(&core);
    app_core_free(&core);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_value_same_bits),
        cmocka_unit_test(test_start_and_batch_order_shared),
        cmocka_unit_test(test_compared_run_equals_run_alone),
        cmocka_unit_test(test_seed_bands),
        cmocka_unit_test(test_steps_to_target),
        cmocka_unit_test(test_loss_trace),
        cmocka_unit_test(test_whatif_is_the_run),
        cmocka_unit_test(test_health_samples),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_compare_command),
        cmocka_unit_test(test_compare_survives_data_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
