/* test_lesson_cmds.c - the commands lesson steps use (RUN_UNTIL, HIGHLIGHT,
 * HIDE_CONTROLS, SHOW_CONTROLS, VIEW), driven through the core's queue with
 * no window: their text is checked when read, RUN_UNTIL stops at the batch
 * an independent batch-by-batch reference says, and at the same batch
 * whether it trains at once (headless) or plays on the training thread
 * (the window). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test_util.h"

#include "core/core.h"

/* Playground's circle with a small tanh network, shuffled batches of 10. */
static void circle_spec(nn_Experiment *e)
{
    nn_experiment_default(e);
    e->data.kind = NN_SRC_PLAYGROUND;
    e->data.playground = NN_PG_CIRCLE;
    e->data.samples = 200;
    e->n_hidden = 1;
    e->hidden[0] = 4;
    e->hidden_act[0] = NN_ACT_TANH;
    e->batch_size = 10;
    e->shuffle = 1;
    e->seed = 3;
    e->opt.lr = 0.03f;
}

static void open_core(app_Core *c)
{
    nn_Experiment e;
    circle_spec(&e);
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

static int64_t step_of(const app_Core *c)
{
    return nn_trainer_cursor(app_core_focus(c)->s->trainer).step;
}

/* ---- reading ----------------------------------------------------------- */

static void refused(const char *line, const char *says)
{
    app_Command c;
    char err[256] = "";
    int rc = app_cmd_parse(line, &c, err, sizeof err);
    if (rc != -1 || !strstr(err, says))
        print_error("'%s' gave %d '%s', wanted '%s'\n", line, rc, err, says);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, says));
}

static void test_text_checked_when_read(void **state)
{
    (void)state;
    refused("RUN_UNTIL epochs 5", "unknown target 'epochs'");
    refused("RUN_UNTIL epoch", "wants KIND VALUE");
    refused("RUN_UNTIL accuracy 1.5", "from 0 to 1");
    refused("RUN_UNTIL step 10 0", "most epochs");
    refused("HIGHLIGHT neuron 1", "wants a layer and a unit");
    refused("HIGHLIGHT panel plot", "unknown panel 'plot'");
    refused("HIGHLIGHT control lr", "unknown control 'lr'");
    refused("HIDE_CONTROLS learning_rate,sed", "unknown control 'sed'");
    refused("VIEW race surface=rosenbrok", "unknown surface 'rosenbrok'");
    refused("VIEW race optimizers=sgd,adamm", "adamm");
    refused("VIEW race lr=-1", "lr should be");
    refused("VIEW race start=1", "start should be X,Y");
    refused("VIEW race colour=red", "unknown setting 'colour'");
    refused("VIEW landscape mode=pcb", "pcb");
    refused("VIEW gallery", "gallery wants one layer");
    refused("VIEW compare", "unknown view 'compare'");
    refused("VIEW", "wants main");

    app_Command c;
    char err[256] = "", line[700];
    assert_int_equal(app_cmd_parse("VIEW landscape mode=pca", &c, err, sizeof err), 0);
    app_LessonArg a;
    assert_int_equal(app_lesson_arg_parse(c.kind, c.text, &a, err, sizeof err), 0);
    assert_int_equal(a.view, APP_VIEW_LANDSCAPE);
    assert_string_equal(a.view_args, "mode=pca");
    app_cmd_format(&c, line, sizeof line);
    assert_string_equal(line, "VIEW landscape mode=pca");
    assert_int_equal(app_cmd_parse("RUN_UNTIL test_loss 0.25", &c, err, sizeof err), 0);
    assert_int_equal(app_lesson_arg_parse(c.kind, c.text, &a, err, sizeof err), 0);
    assert_int_equal(a.until, APP_UNTIL_TEST_LOSS);
    assert_true(a.target == 0.25);
    assert_int_equal(a.max_epochs, 1000);
    /* every name reads back to its id */
    for (int k = 0; k < APP_PANEL_COUNT; k++)
        assert_int_equal(app_panel_parse(app_panel_name((app_PanelId)k)), k);
    for (int k = 0; k < APP_CTL_COUNT; k++)
        assert_int_equal(app_control_parse(app_control_name((app_ControlId)k)), k);
    for (int k = 0; k < APP_VIEW_COUNT; k++)
        assert_int_equal(app_view_parse(app_view_name((app_ViewId)k)), k);
    assert_null(app_panel_name(APP_PANEL_COUNT));
    assert_int_equal(app_control_parse("nothing"), -1);
}

/* ---- what the window is asked to show ---------------------------------- */

static void test_view_state(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c);
    const app_LessonView *v = &c.lesson_view;
    say(&c, "HIGHLIGHT edge 0 1 3");
    assert_int_equal(v->highlight.kind, APP_HL_EDGE);
    assert_int_equal(v->highlight.layer, 0);
    assert_int_equal(v->highlight.i, 1);
    assert_int_equal(v->highlight.j, 3);
    say(&c, "HIGHLIGHT control batch_size");
    assert_int_equal(v->highlight.kind, APP_HL_CONTROL);
    assert_int_equal(v->highlight.id, APP_CTL_BATCH_SIZE);
    say(&c, "HIDE_CONTROLS learning_rate, seed");
    assert_int_equal(v->hidden, (1u << APP_CTL_LEARNING_RATE) | (1u << APP_CTL_SEED));
    say(&c, "SHOW_CONTROLS seed");
    assert_int_equal(v->hidden, 1u << APP_CTL_LEARNING_RATE);
    say(&c, "HIDE_CONTROLS all");
    assert_int_equal(v->hidden, (1u << APP_CTL_COUNT) - 1u);
    say(&c, "SHOW_CONTROLS all");
    assert_int_equal(v->hidden, 0);
    say(&c, "VIEW race surface=bowl optimizers=sgd,momentum");
    assert_int_equal(v->view, APP_VIEW_RACE);
    assert_string_equal(v->view_args, "surface=bowl optimizers=sgd,momentum");
    char line[512];
    app_lesson_view_describe(v, line, sizeof line);
    assert_string_equal(line, "highlight control batch_size; view race surface=bowl "
                              "optimizers=sgd,momentum");
    say(&c, "VIEW main");
    assert_int_equal(v->view, APP_VIEW_MAIN);
    assert_string_equal(v->view_args, "");
    say(&c, "HIGHLIGHT none");
    assert_int_equal(v->highlight.kind, APP_HL_NONE);
    assert_false(c.status_error);
    app_core_free(&c);
}

/* ---- RUN_UNTIL --------------------------------------------------------- */

static void test_until_counts(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c);
    int bpe = nn_trainer_batches_per_epoch(app_core_focus(&c)->s->trainer);
    say(&c, "RUN_UNTIL step 37");
    assert_int_equal(step_of(&c), 37);
    assert_int_equal(c.lesson_view.until.reached, 1);
    assert_false(app_core_until_running(&c));
    assert_true(37 < 5 * bpe);
    say(&c, "RUN_UNTIL epoch 5");
    nn_Cursor cur = nn_trainer_cursor(app_core_focus(&c)->s->trainer);
    assert_int_equal(cur.epoch, 5);
    assert_int_equal(cur.batch, 0);
    assert_int_equal(cur.step, 5 * bpe);
    /* already there: nothing trains */
    say(&c, "RUN_UNTIL step 5");
    assert_int_equal(step_of(&c), 5 * bpe);
    assert_int_equal(c.lesson_view.until.reached, 1);
    app_core_free(&c);
}

/* The test accuracy of the focused run, evaluated here with an evaluator of
 * this test's own (the reference the core's figure is checked against). */
static double test_accuracy_now(const app_Core *c)
{
    const nn_Session *s = app_core_focus(c)->s;
    nn_Evaluator *ev = NULL;
    char err[256];
    assert_int_equal(nn_evaluator_create(&ev, &s->model->arch, 64, err, sizeof err), NN_OK);
    nn_Metrics m;
    nn_evaluate(ev, s->model, s->test, s->spec.data.features, &m, NULL);
    nn_evaluator_destroy(ev);
    return m.accuracy;
}

/* The reference: batch by batch, the first batch count after which the test
 * accuracy is at least target. */
static int64_t first_batch_reaching(double target, int64_t most)
{
    app_Core c;
    open_core(&c);
    int64_t at = -1;
    for (int64_t k = 0; k <= most && at < 0; k++) {
        if (test_accuracy_now(&c) >= target)
            at = k;
        else
            say(&c, "TRAIN 1");
    }
    app_core_free(&c);
    return at;
}

static void test_until_accuracy_headless(void **state)
{
    (void)state;
    const double target = 0.9;
    int64_t want = first_batch_reaching(target, 4000);
    assert_true(want > 1); /* the lesson's point: it takes training */
    app_Core c;
    open_core(&c);
    say(&c, "RUN_UNTIL test_accuracy 0.9");
    assert_int_equal(step_of(&c), want);
    assert_int_equal(c.lesson_view.until.reached, 1);
    double fig;
    char err[128];
    assert_int_equal(app_core_figure(&c, 0, APP_UNTIL_TEST_ACCURACY, &fig, err, sizeof err), 0);
    assert_true(fig >= target);
    assert_true(fig == test_accuracy_now(&c));
    assert_int_equal(app_core_figure(&c, 3, APP_UNTIL_LOSS, &fig, err, sizeof err), -1);
    assert_non_null(strstr(err, "run 3 does not exist"));
    app_core_free(&c);
}

/* Never reached: it gives up after its most epochs. */
static void test_until_gives_up(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c);
    say(&c, "RUN_UNTIL loss 0 2");
    nn_Cursor cur = nn_trainer_cursor(app_core_focus(&c)->s->trainer);
    assert_int_equal(cur.epoch, 2);
    assert_int_equal(cur.batch, 0);
    assert_int_equal(c.lesson_view.until.reached, -1);
    app_core_free(&c);
}

/* In the window the training thread plays it and pauses at the batch the
 * headless walk stops at: the parameters are the same bits. */
static void test_until_window_same_batch(void **state)
{
    (void)state;
    app_Core h, w;
    open_core(&h);
    say(&h, "RUN_UNTIL test_accuracy 0.9");
    open_core(&w);
    w.interactive = 1;
    say(&w, "SET_SPEED 9");
    say(&w, "RUN_UNTIL test_accuracy 0.9");
    assert_true(w.playing);
    double t0 = app_clock();
    while ((w.playing || app_core_until_running(&w)) && app_clock() - t0 < 30.0) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
        app_core_sync(&w, app_clock());
    }
    assert_false(w.playing);
    assert_int_equal(w.lesson_view.until.reached, 1);
    assert_int_equal(step_of(&w), step_of(&h));
    const nn_Model *a = app_core_focus(&h)->s->model, *b = app_core_focus(&w)->s->model;
    assert_int_equal(a->n_params, b->n_params);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof *a->params);
    app_core_free(&h);
    app_core_free(&w);
}

/* A rewind ends a RUN_UNTIL in progress; pausing keeps it. */
static void test_until_ended_by_a_move(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c);
    c.interactive = 1;
    say(&c, "SET_SPEED 0"); /* one batch a second: it is still running below */
    say(&c, "RUN_UNTIL epoch 50");
    assert_true(app_core_until_running(&c));
    say(&c, "PAUSE");
    assert_true(app_core_until_running(&c));
    say(&c, "GOTO_STEP 0");
    assert_false(app_core_until_running(&c));
    assert_int_equal(c.lesson_view.until.kind, APP_UNTIL_NONE);
    app_core_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_checked_when_read),
        cmocka_unit_test(test_view_state),
        cmocka_unit_test(test_until_counts),
        cmocka_unit_test(test_until_accuracy_headless),
        cmocka_unit_test(test_until_gives_up),
        cmocka_unit_test(test_until_window_same_batch),
        cmocka_unit_test(test_until_ended_by_a_move),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
