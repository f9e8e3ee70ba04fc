/* test_gradcheck_core.c - the inspector's gradient check agrees with
 * backprop for every activation, and can tell a wrong gradient. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#include "core/core.h"
#include "core/exercise.h"
#include "core/gradcheck.h"

static void open_core(app_Core *c, nn_Act hidden, nn_Act out, nn_Loss loss, nn_Reg reg)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_XOR;
    e.data.samples = 40;
    e.n_hidden = 2;
    e.hidden[0] = 4;
    e.hidden[1] = 3;
    e.hidden_act[0] = e.hidden_act[1] = hidden;
    e.out_act = out;
    e.loss = loss;
    e.reg = reg;
    e.reg_rate = reg ? 0.01f : 0.0f;
    e.batch_size = 8;
    e.seed = 5;
    char err[512] = "";
    int rc = app_core_init_spec(c, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

static void steps(app_Core *c, const char *kind, int n)
{
    for (int k = 0; k < n; k++) {
        app_Command cmd;
        char err[64];
        assert_int_equal(app_cmd_parse(kind, &cmd, err, sizeof err), 0);
        app_core_push(c, cmd);
        app_core_sync(c, app_clock());
    }
}

/* Every weight and bias of every layer, after the batch's backward pass
 * (phase view: before the update) and after the update (the weights the
 * forward pass used are recovered). */
static void check_all(app_Core *c, const char *what)
{
    const nn_Trainer *t = c->runs[0]->s->trainer;
    const nn_Model *m = c->runs[0]->s->model;
    int checked = 0;
    for (int l = 0; l < m->arch.n_layers; l++) {
        int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
        for (int i = 0; i < ni; i++)
            for (int j = -1; j < no; j++) {
                if (j < 0 && i >= no)
                    continue;
                app_GradCheck g;
                char err[256] = "";
                int rc = app_gradcheck(t, l, i, j, 0, &g, err, sizeof err);
                if (rc != 0)
                    print_error("%s: %s\n", what, err);
                assert_int_equal(rc, 0);
                double tol = 2e-3 * fmax(fabs(g.backprop), fabs(g.numeric)) + 2e-5;
                if (fabs(g.backprop - g.numeric) > tol)
                    print_error("%s: layer %d %d->%d backprop %.8g numeric %.8g\n", what, l, i, j,
                                g.backprop, g.numeric);
                assert_true(fabs(g.backprop - g.numeric) <= tol);
                checked++;
            }
    }
    assert_true(checked > 20);
}

static void test_every_activation(void **st)
{
    (void)st;
    for (int act = 0; act < NN_ACT_SOFTMAX; act++) {
        app_Core c;
        open_core(&c, (nn_Act)act, NN_ACT_TANH, NN_LOSS_HALF_SQUARED, NN_REG_NONE);
        steps(&c, "STEP_BATCH", 3);
        steps(&c, "STEP_PHASE", 7); /* through BACKWARD 0 of the fourth batch */
        char what[64];
        snprintf(what, sizeof what, "%s before the update", nn_act_name((nn_Act)act));
        check_all(&c, what);
        steps(&c, "STEP_PHASE", 1);
        snprintf(what, sizeof what, "%s after the update", nn_act_name((nn_Act)act));
        check_all(&c, what);
        app_core_free(&c);
    }
}

/* Other outputs and losses, and a penalty. */
static void test_outputs_and_penalty(void **st)
{
    (void)st;
    struct { nn_Act out; nn_Loss loss; nn_Reg reg; } cases[] = {
        {NN_ACT_SIGMOID, NN_LOSS_BCE, NN_REG_NONE},
        {NN_ACT_LINEAR, NN_LOSS_MSE, NN_REG_L2},
        {NN_ACT_TANH, NN_LOSS_HALF_SQUARED, NN_REG_L1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        app_Core c;
        open_core(&c, NN_ACT_TANH, cases[k].out, cases[k].loss, cases[k].reg);
        steps(&c, "STEP_BATCH", 2);
        check_all(&c, nn_loss_name(cases[k].loss));
        app_core_free(&c);
    }
}

/* Through dropout: the difference runs the batch's own masks (a forward
 * without them would not agree), in the phase view and after the update. */
static void test_dropout(void **st)
{
    (void)st;
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_XOR;
    e.data.samples = 40;
    e.n_hidden = 2;
    e.hidden[0] = 6;
    e.hidden[1] = 5;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_TANH;
    e.out_act = NN_ACT_TANH;
    e.loss = NN_LOSS_HALF_SQUARED;
    e.batch_size = 8;
    e.seed = 5;
    e.n_dropout = 1;
    e.dropout[0] = 0.4f;
    app_Core c;
    char err[512] = "";
    assert_int_equal(app_core_init_spec(&c, &e, err, sizeof err), 0);
    steps(&c, "STEP_BATCH", 3);
    steps(&c, "STEP_PHASE", 7);
    const nn_Trainer *t = c.runs[0]->s->trainer;
    assert_non_null(nn_trainer_dropout_mask(t, 0));
    assert_non_null(nn_trainer_dropout_mask(t, 1));
    check_all(&c, "dropout before the update");
    steps(&c, "STEP_PHASE", 1);
    check_all(&c, "dropout after the update");
    app_core_free(&c);
}

/* The guard: a check of one weight does not agree with another weight's
 * gradient, and a layer the backward pass has not reached is refused. */
static void test_check_can_fail(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_ACT_TANH, NN_ACT_TANH, NN_LOSS_HALF_SQUARED, NN_REG_NONE);
    steps(&c, "STEP_BATCH", 2);
    const nn_Trainer *t = c.runs[0]->s->trainer;
    app_GradCheck a, b;
    char err[256];
    assert_int_equal(app_gradcheck(t, 0, 0, 0, 0, &a, err, sizeof err), 0);
    assert_int_equal(app_gradcheck(t, 0, 1, 2, 0, &b, err, sizeof err), 0);
    assert_true(fabs(a.numeric - b.backprop) > 1e-3 * fmax(fabs(a.numeric), fabs(b.backprop)));
    steps(&c, "STEP_PHASE", 4); /* forward 0..2, loss: no backward yet */
    assert_int_equal(app_gradcheck(t, 0, 0, 0, 0, &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "backward"));
    assert_int_equal(app_gradcheck(t, 5, 0, 0, 0, &a, err, sizeof err), -1);
    app_core_free(&c);
}

/* Through the queue, as the inspector's button asks: the result is kept
 * for that weight at that position; a refused check says why. */
static void test_command(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_ACT_RELU, NN_ACT_TANH, NN_LOSS_HALF_SQUARED, NN_REG_NONE);
    steps(&c, "STEP_BATCH", 1);
    steps(&c, "GRADCHECK 1 2 0", 1);
    assert_true(c.gradcheck.valid);
    assert_int_equal(c.gradcheck.layer, 1);
    assert_int_equal(c.gradcheck.i, 2);
    assert_int_equal(c.gradcheck.step, 1);
    assert_true(c.gradcheck.r.rel < 2e-3);
    steps(&c, "STEP_PHASE", 1);
    steps(&c, "GRADCHECK 1 2 0", 1);
    assert_false(c.gradcheck.valid);
    assert_true(c.status_error);
    app_core_free(&c);
}

/* Predict-then-reveal: the update's change of a weight judges the guess;
 * under SGD the change is -lr * dL/dw, so the gradient's sign decides. */
static void test_predict_judge(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_ACT_TANH, NN_ACT_TANH, NN_LOSS_HALF_SQUARED, NN_REG_NONE);
    steps(&c, "STEP_BATCH", 1);
    steps(&c, "STEP_PHASE", 7); /* every backward phase: the update is next */
    const nn_Trainer *t = c.runs[0]->s->trainer;
    float g = nn_trainer_dW(t, 0)[1];
    int guess = g < 0 ? 1 : -1; /* against the gradient: up when it is negative */
    steps(&c, "STEP_PHASE", 1);
    float change = nn_trainer_update_W(t, 0)[1];
    assert_int_equal(app_predict_judge(guess, change), 1);
    assert_int_equal(app_predict_judge(-guess, change), 0);
    assert_int_equal(app_predict_judge(0, change), -1);
    assert_int_equal(app_predict_judge(1, 0.0f), -1);
    assert_int_equal(app_predict_judge(1, NAN), -1);
    app_core_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_activation),
        cmocka_unit_test(test_outputs_and_penalty),
        cmocka_unit_test(test_dropout),
        cmocka_unit_test(test_check_can_fail),
        cmocka_unit_test(test_command),
        cmocka_unit_test(test_predict_judge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
