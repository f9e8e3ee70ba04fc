/* test_row_dropout.c - the row view carries the selected row's dropout mask:
 * after FORWARD l it equals the trainer's mask of that row (negated: 1 is
 * dropped), for every phase of the batch and for the next batch's new mask;
 * with rate 0 it is empty. The inputs' mask (dropout on the inputs) is
 * carried the same way from FORWARD 0 on. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "core/core.h"

/* Playground's spiral, 2-6-4-1 tanh, batches of 10, dropout `rate` after
 * both hidden layers. */
static void open_core_in(app_Core *c, float rate, float in_rate)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.data.samples = 60;
    e.n_hidden = 2;
    e.hidden[0] = 6;
    e.hidden[1] = 4;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_TANH;
    e.batch_size = 10;
    e.shuffle = 1;
    e.seed = 11;
    e.n_dropout = rate > 0.0f ? 1 : 0;
    e.dropout[0] = rate;
    e.input_dropout = in_rate;
    char err[512] = "";
    int rc = app_core_init_spec(c, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

static void open_core(app_Core *c, float rate)
{
    open_core_in(c, rate, 0.0f);
}

static void run_cmd(app_Core *c, app_Command cmd)
{
    app_core_push(c, cmd);
    app_core_sync(c, app_clock());
}

/* The view's bytes for layer l against the trainer's mask of row `row`;
 * layers whose forward has not run show nothing. Returns the units dropped. */
static int check_layer(const app_RowView *v, const nn_Trainer *t, int l, int row)
{
    int n = v->sizes[l + 1], dropped = 0;
    const uint8_t *mask = nn_trainer_dropout_mask(t, l);
    for (int j = 0; j < n; j++) {
        int want = l < v->fwd && mask ? !mask[(size_t)row * (size_t)n + (size_t)j] : 0;
        assert_int_equal(v->dropped[v->off[l] + j], want);
        dropped += want;
    }
    if (l < v->fwd && mask)
        assert_close(v->drop_rate[l], nn_trainer_dropout_rate(t, l), 0);
    else
        assert_close(v->drop_rate[l], 0, 0);
    return dropped;
}

static void test_mask_follows_trainer(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, 0.5f);
    run_cmd(&c, app_cmd_i(APP_CMD_SELECT_ROW, 3));
    const app_RowView *v = &c.runs[0]->snap.rowv;
    const nn_Trainer *t = c.runs[0]->s->trainer;
    run_cmd(&c, app_cmd(APP_CMD_STEP_PHASE)); /* FORWARD 0 */
    assert_true(v->valid);
    assert_int_equal(v->row, 3);
    assert_int_equal(v->fwd, 1);
    assert_close(v->drop_rate[0], 0.5, 0);
    check_layer(v, t, 0, 3);
    check_layer(v, t, 1, 3); /* not yet run: empty */
    /* the comparison can fail: another row of the batch has another mask,
     * so a view of the wrong row would not match */
    const uint8_t *m0 = nn_trainer_dropout_mask(t, 0);
    assert_non_null(m0);
    int differ = 0;
    for (int r = 0; r < v->rows && !differ; r++)
        differ = r != 3 && memcmp(m0 + r * 6, m0 + 3 * 6, 6) != 0;
    assert_true(differ);
    /* the whole batch: every later phase keeps both layers' masks */
    int total = 0;
    for (int k = 0; k < 7; k++) {
        run_cmd(&c, app_cmd(APP_CMD_STEP_PHASE));
        assert_true(v->valid);
        total += check_layer(v, t, 0, 3) + check_layer(v, t, 1, 3);
    }
    assert_int_equal(v->upd, 1);
    assert_true(total > 0); /* rate 0.5 over 10 units, 7 times: some dropped */
    /* another row, and the next batch's own mask */
    run_cmd(&c, app_cmd_i(APP_CMD_SELECT_ROW, 7));
    assert_int_equal(v->row, 7);
    check_layer(v, t, 0, 7);
    check_layer(v, t, 1, 7);
    run_cmd(&c, app_cmd(APP_CMD_STEP_PHASE));
    assert_int_equal(v->fwd, 1);
    check_layer(v, t, 0, 7);
    check_layer(v, t, 1, 7);
    app_core_free(&c);
}

/* The inputs' marks against the trainer's input mask of `row`; returns
 * the inputs dropped. */
static int check_inputs(const app_RowView *v, const nn_Trainer *t, int row)
{
    int n = v->sizes[0], dropped = 0;
    const uint8_t *mask = nn_trainer_input_dropout_mask(t);
    for (int i = 0; i < n; i++) {
        int want = v->fwd > 0 && mask ? !mask[(size_t)row * (size_t)n + (size_t)i] : 0;
        assert_int_equal(v->dropped[v->drop_in_at + (size_t)i], want);
        dropped += want;
    }
    return dropped;
}

static void test_input_mask_follows_trainer(void **st)
{
    (void)st;
    app_Core c;
    open_core_in(&c, 0.0f, 0.5f);
    run_cmd(&c, app_cmd_i(APP_CMD_SELECT_ROW, 2));
    const app_RowView *v = &c.runs[0]->snap.rowv;
    const nn_Trainer *t = c.runs[0]->s->trainer;
    int total = 0, rows_differ = 0;
    for (int k = 0; k < 40; k++) {
        run_cmd(&c, app_cmd(APP_CMD_STEP_PHASE));
        assert_true(v->valid);
        total += check_inputs(v, t, 2);
        if (v->fwd > 0)
            assert_close(v->drop_rate_in, 0.5, 0);
        /* the comparison can fail: another row's mask differs somewhere */
        const uint8_t *m = nn_trainer_input_dropout_mask(t);
        int n = v->sizes[0];
        for (int r = 0; m && r < v->rows; r++)
            rows_differ |= r != 2 && memcmp(m + r * n, m + 2 * n, (size_t)n) != 0;
    }
    assert_true(total > 0);   /* half of two inputs over five batches: some dropped */
    assert_true(rows_differ);
    app_core_free(&c);
}

static void test_rate_zero_is_empty(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, 0.0f);
    run_cmd(&c, app_cmd_i(APP_CMD_SELECT_ROW, 3));
    const app_RowView *v = &c.runs[0]->snap.rowv;
    const nn_Trainer *t = c.runs[0]->s->trainer;
    for (int k = 0; k < 8; k++) {
        run_cmd(&c, app_cmd(APP_CMD_STEP_PHASE));
        assert_true(v->valid);
        assert_null(nn_trainer_dropout_mask(t, 0));
        for (int l = 0; l < v->n_layers; l++) {
            assert_close(v->drop_rate[l], 0, 0);
            for (int j = 0; j < v->sizes[l + 1]; j++)
                assert_int_equal(v->dropped[v->off[l] + j], 0);
        }
    }
    app_core_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_follows_trainer),
        cmocka_unit_test(test_rate_zero_is_empty),
        cmocka_unit_test(test_input_mask_follows_trainer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
