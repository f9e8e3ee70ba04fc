/* test_exercise.c - "You compute it": the question is asked at the phase
 * before its number is computed, running that phase reveals it, the value
 * revealed is the one recomputed here by hand (z = sum w a + b, the hidden
 * delta from the layer above, SGD's new weight), and the tolerance judges. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#include "core/core.h"
#include "core/exercise.h"

static void open_core(app_Core *c)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_XOR;
    e.data.samples = 40;
    e.n_hidden = 2;
    e.hidden[0] = 4;
    e.hidden[1] = 3;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_TANH;
    e.out_act = NN_ACT_TANH;
    e.loss = NN_LOSS_HALF_SQUARED;
    e.opt.kind = NN_OPT_SGD;
    e.opt.lr = 0.1f;
    e.batch_size = 8;
    e.seed = 11;
    char err[512] = "";
    int rc = app_core_init_spec(c, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

static void run(app_Core *c, const char *line)
{
    app_Command cmd;
    char err[128] = "";
    int rc = app_cmd_parse(line, &cmd, err, sizeof err);
    if (rc != 0)
        print_error("%s: %s\n", line, err);
    assert_int_equal(rc, 0);
    app_core_push(c, cmd);
    app_core_sync(c, app_clock());
}

static const app_Probe *probe(const app_Core *c)
{
    assert_true(c->runs[0]->snap.have_probe);
    return &c->runs[0]->snap.probe;
}

static void test_ask_phase(void **st)
{
    (void)st;
    /* L = 3: FORWARD 0 1 2 (0-2), LOSS 3, BACKWARD 2 1 0 (4-6), UPDATE 7 */
    assert_int_equal(app_exercise_ask_phase(APP_EX_Z, 0, 3), -1);
    assert_int_equal(app_exercise_ask_phase(APP_EX_Z, 1, 3), 1);
    assert_int_equal(app_exercise_ask_phase(APP_EX_Z, 2, 3), 2);
    assert_int_equal(app_exercise_ask_phase(APP_EX_DELTA, 2, 3), 3);
    assert_int_equal(app_exercise_ask_phase(APP_EX_DELTA, 1, 3), 5);
    assert_int_equal(app_exercise_ask_phase(APP_EX_GRAD_W, 0, 3), 6);
    assert_int_equal(app_exercise_ask_phase(APP_EX_NEW_W, 0, 3), 7);
    assert_int_equal(app_exercise_ask_phase(APP_EX_DELTA, 3, 3), -1);
    assert_int_equal(app_exercise_ask_phase(APP_EX_COUNT, 1, 3), -1);
}

static void test_judge(void **st)
{
    (void)st;
    assert_int_equal(app_exercise_judge(2.019, 2.0), 1);
    assert_int_equal(app_exercise_judge(1.981, 2.0), 1);
    assert_int_equal(app_exercise_judge(2.021, 2.0), 0);
    assert_int_equal(app_exercise_judge(-2.0, 2.0), 0);
    /* near zero the least tolerance: numbers shown have 4 decimals */
    assert_int_equal(app_exercise_judge(0.0009, 0.0), 1);
    assert_int_equal(app_exercise_judge(0.0011, 0.0), 0);
    assert_int_equal(app_exercise_judge(NAN, 1.0), -1);
    assert_int_equal(app_exercise_judge(1.0, INFINITY), -1);
    assert_true(fabs(app_exercise_tolerance(-50.0) - 0.5) < 1e-12);
}

/* Asked, the number is not shown yet; one phase later it is, and it is the
 * one computed by hand from the numbers shown at the question. */
static void test_z_revealed(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c);
    run(&c, "STEP_BATCH");
    run(&c, "STEP_BATCH");
    run(&c, "STEP_PHASE");
    run(&c, "STEP_PHASE");
    run(&c, "STEP_PHASE"); /* past the question: it steps back to it */
    run(&c, "EXERCISE z 1 2 0");
    assert_false(c.status_error);
    assert_true(c.exercise.active);
    const nn_Trainer *t = c.runs[0]->s->trainer;
    nn_Cursor cur = nn_trainer_cursor(t);
    assert_int_equal(cur.step, 2);
    assert_int_equal(cur.phase, 1);
    double v = 0;
    assert_int_equal(app_exercise_value(probe(&c), APP_EX_Z, -1, &v), 0);
    /* by hand: row 0's activations of layer 0 and the weights into unit 2 */
    const nn_Model *m = c.runs[0]->s->model;
    const float *a0 = nn_trainer_a(t, 0);
    double z = m->b[1][2];
    for (int i = 0; i < 4; i++)
        z += (double)a0[i] * m->W[1][(size_t)i * 3 + 2];
    run(&c, "STEP_PHASE");
    assert_int_equal(app_exercise_value(probe(&c), APP_EX_Z, -1, &v), 1);
    assert_true(fabs(v - z) < 1e-5);
    assert_int_equal(app_exercise_judge(z, v), 1);
    assert_int_equal(app_exercise_judge(z + 0.05 * fmax(1.0, fabs(z)), v), 0);
    app_core_free(&c);
}

/* A hidden delta from the output's: delta1_j = delta2 * W2[j] * tanh'(z1_j),
 * asked before BACKWARD 1; then the row's share of a weight's gradient. */
static void test_delta_and_grad(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c);
    run(&c, "STEP_BATCH");
    run(&c, "EXERCISE delta 1 0 0");
    const nn_Trainer *t = c.runs[0]->s->trainer;
    nn_Cursor cur = nn_trainer_cursor(t);
    assert_int_equal(cur.step, 1);
    assert_int_equal(cur.phase, 5);
    double v = 0;
    assert_int_equal(app_exercise_value(probe(&c), APP_EX_DELTA, -1, &v), 0);
    const nn_Model *m = c.runs[0]->s->model;
    /* row 0: dL/da of unit 0 of layer 1 through the output's one unit */
    double da = (double)nn_trainer_delta(t, 2)[0] * m->W[2][0];
    double a1 = nn_trainer_a(t, 1)[0];
    double delta = da * (1.0 - a1 * a1); /* tanh' */
    run(&c, "STEP_PHASE");
    assert_int_equal(app_exercise_value(probe(&c), APP_EX_DELTA, -1, &v), 1);
    assert_true(fabs(v - delta) < 1e-6);
    /* the row's share of dL/dw for the weight from unit 3 of layer 0 */
    double share = 0;
    assert_int_equal(app_exercise_value(probe(&c), APP_EX_GRAD_W, 3, &share), 1);
    assert_true(fabs(share - delta * nn_trainer_a(t, 0)[3]) < 1e-6);
    app_core_free(&c);
}

/* SGD's update: w' = w - lr * dL/dw (the batch's). */
static void test_new_weight(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c);
    run(&c, "STEP_BATCH");
    run(&c, "EXERCISE weight 0 1 1");
    const nn_Trainer *t = c.runs[0]->s->trainer;
    assert_int_equal(nn_trainer_cursor(t).phase, 7);
    const nn_Model *m = c.runs[0]->s->model;
    size_t at = (size_t)1 * 4 + 1; /* input 1 -> unit 1 of layer 0 (4 units) */
    double expect = m->W[0][at] - 0.1 * (double)nn_trainer_dW(t, 0)[at];
    double v = 0;
    assert_int_equal(app_exercise_value(probe(&c), APP_EX_NEW_W, 1, &v), 0);
    run(&c, "STEP_PHASE");
    assert_int_equal(app_exercise_value(probe(&c), APP_EX_NEW_W, 1, &v), 1);
    if (fabs(v - expect) >= 1e-6)
        print_error("new weight %.8g, by hand %.8g (now %.8g)\n", v, expect, (double)m->W[0][at]);
    assert_true(fabs(v - expect) < 1e-6);
    app_core_free(&c);
}

/* Questions that cannot be asked change nothing and say why. */
static void test_refused(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c);
    run(&c, "STEP_BATCH");
    run(&c, "STEP_PHASE");
    run(&c, "EXERCISE z 0 0 0");
    assert_true(c.status_error);
    assert_false(c.exercise.active);
    assert_int_equal(nn_trainer_cursor(c.runs[0]->s->trainer).phase, 1);
    run(&c, "EXERCISE delta 1 3 0"); /* layer 1 has 3 units */
    assert_false(c.exercise.active);
    run(&c, "EXERCISE weight 1 0 4"); /* layer 1 has 4 inputs */
    assert_false(c.exercise.active);
    char err[128];
    app_Command cmd;
    assert_int_equal(app_cmd_parse("EXERCISE bias 1 0 0", &cmd, err, sizeof err), -1);
    assert_non_null(strstr(err, "delta"));
    app_core_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ask_phase),   cmocka_unit_test(test_judge),
        cmocka_unit_test(test_z_revealed),  cmocka_unit_test(test_delta_and_grad),
        cmocka_unit_test(test_new_weight),  cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
