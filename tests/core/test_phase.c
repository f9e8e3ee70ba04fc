/* test_phase.c - stepping one batch phase by phase, both ways in time:
 * the phase sequence and its captions backward mirror them forward, and a
 * position reached backward holds the bits it held the first time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "core/core.h"
#include "core/run_phase.h"
#include "i18n/i18n.h"

/* Playground's spiral, 2-6-4-1 tanh, Adam (so there is optimizer state),
 * shuffled batches of 10. */
static void open_core(app_Core *c, nn_OptKind opt)
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
    float lr = e.opt.lr;
    nn_opt_config_default(&e.opt, opt);
    e.opt.lr = lr;
    char err[512] = "";
    int rc = app_core_init_spec(c, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

static void run_cmd(app_Core *c, app_CmdKind k)
{
    app_core_push(c, app_cmd(k));
    app_core_sync(c, app_clock());
}

/* Everything a position holds, as bytes: parameters, optimizer state and
 * counters, the cursor's fields, the last phase, and the intermediates of
 * the phases run in the current batch. */
typedef struct {
    unsigned char *b;
    size_t n, cap;
} Bytes;

static void put(Bytes *s, const void *p, size_t n)
{
    if (s->n + n > s->cap) {
        s->cap = (s->n + n) * 2;
        s->b = realloc(s->b, s->cap);
        assert_non_null(s->b);
    }
    memcpy(s->b + s->n, p, n);
    s->n += n;
}

static Bytes state_of(const app_Run *r)
{
    Bytes s = {0};
    const nn_Session *ss = r->s;
    const nn_Trainer *t = ss->trainer;
    const nn_Model *m = ss->model;
    put(&s, m->params, m->n_params * sizeof *m->params);
    for (int k = 0; k < 2; k++)
        if (ss->opt->slot[k])
            put(&s, ss->opt->slot[k], ss->opt->n * sizeof(float));
    put(&s, &ss->opt->iterations, sizeof ss->opt->iterations);
    nn_Cursor c = nn_trainer_cursor(t);
    put(&s, &c.epoch, sizeof c.epoch);
    put(&s, &c.batch, sizeof c.batch);
    put(&s, &c.step, sizeof c.step);
    put(&s, &c.samples, sizeof c.samples);
    put(&s, &c.phase, sizeof c.phase);
    put(&s, &c.rng.state, sizeof c.rng.state);
    put(&s, &c.rng.inc, sizeof c.rng.inc);
    put(&s, &c.last_loss, sizeof c.last_loss);
    put(&s, &c.epoch_loss_sum, sizeof c.epoch_loss_sum);
    put(&s, &c.epoch_rows, sizeof c.epoch_rows);
    put(&s, &c.epoch_correct, sizeof c.epoch_correct);
    nn_Phase ph = nn_trainer_last_phase(t);
    put(&s, &ph.kind, sizeof ph.kind);
    put(&s, &ph.layer, sizeof ph.layer);
    int L = m->arch.n_layers, rows = nn_trainer_batch_rows(t);
    int done = c.phase == 0 && c.step > 0;
    for (int l = 0; l < L; l++) {
        size_t n = (size_t)rows * (size_t)m->arch.sizes[l + 1];
        if (done || c.phase > l) {
            put(&s, nn_trainer_z(t, l), n * sizeof(float));
            put(&s, nn_trainer_a(t, l), n * sizeof(float));
        }
        if (done || c.phase > 2 * L - l) {
            put(&s, nn_trainer_delta(t, l), n * sizeof(float));
            put(&s, nn_trainer_dW(t, l), (size_t)m->arch.sizes[l] * m->arch.sizes[l + 1] * sizeof(float));
            put(&s, nn_trainer_db(t, l), (size_t)m->arch.sizes[l + 1] * sizeof(float));
        }
    }
    if (done)
        put(&s, nn_trainer_update(t), m->n_params * sizeof(float));
    return s;
}

static void assert_same(const Bytes *a, const Bytes *b)
{
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->b, b->b, a->n);
}

static void caption_of(const app_Run *r, char *out, size_t len)
{
    app_phase_caption(nn_trainer_last_phase(r->s->trainer), r->s->model->arch.n_layers, out, len);
}

#define SPAN 27 /* three batches of 8 phases and a bit: crosses batch boundaries */

/* Forward SPAN phases recording every position; back one at a time, each
 * position equals the recorded one (bits and caption); then forward again,
 * each equal once more. */
static void back_and_forth(nn_OptKind opt, int64_t start_batches)
{
    app_Core c;
    open_core(&c, opt);
    for (int64_t k = 0; k < start_batches; k++)
        run_cmd(&c, APP_CMD_STEP_BATCH);
    const app_Run *r = c.runs[0];
    static Bytes seen[SPAN + 1];
    static char caps[SPAN + 1][256];
    seen[0] = state_of(r);
    caption_of(r, caps[0], sizeof caps[0]);
    for (int k = 1; k <= SPAN; k++) {
        run_cmd(&c, APP_CMD_STEP_PHASE);
        seen[k] = state_of(r);
        caption_of(r, caps[k], sizeof caps[k]);
    }
    for (int k = SPAN - 1; k >= 0; k--) {
        run_cmd(&c, APP_CMD_STEP_PHASE_BACK);
        assert_false(c.status_error);
        Bytes now = state_of(r);
        assert_same(&now, &seen[k]);
        free(now.b);
        char cap[256];
        caption_of(r, cap, sizeof cap);
        if (k > 0 || start_batches > 0)
            assert_string_equal(cap, caps[k]);
        assert_true(r->phase_view);
    }
    for (int k = 1; k <= SPAN; k++) {
        run_cmd(&c, APP_CMD_STEP_PHASE);
        Bytes now = state_of(r);
        assert_same(&now, &seen[k]);
        free(now.b);
    }
    for (int k = 0; k <= SPAN; k++)
        free(seen[k].b);
    app_core_free(&c);
}

static void test_back_and_forth_sgd(void **st)
{
    (void)st;
    back_and_forth(NN_OPT_SGD, 0);
}

static void test_back_and_forth_adam_later(void **st)
{
    (void)st;
    back_and_forth(NN_OPT_ADAM, 9); /* crosses an epoch end (6 batches an epoch) */
}

/* The guard: the comparison can fail. A position one phase off, or the
 * same position after a weight was changed, differs. */
static void test_state_comparison_can_fail(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_OPT_ADAM);
    run_cmd(&c, APP_CMD_STEP_BATCH);
    Bytes a = state_of(c.runs[0]);
    run_cmd(&c, APP_CMD_STEP_PHASE);
    Bytes b = state_of(c.runs[0]);
    assert_true(a.n != b.n || memcmp(a.b, b.b, a.n) != 0);
    c.runs[0]->s->model->params[0] += 1e-6f;
    Bytes d = state_of(c.runs[0]);
    assert_int_equal(b.n, d.n);
    assert_true(memcmp(b.b, d.b, b.n) != 0);
    free(a.b);
    free(b.b);
    free(d.b);
    app_core_free(&c);
}

/* The sequence one batch walks through, and its captions. */
static void test_phase_sequence_and_captions(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_OPT_SGD);
    const app_Run *r = c.runs[0];
    int L = r->s->model->arch.n_layers; /* 3 */
    assert_int_equal(L, 3);
    const char *expect[] = {"Forward, layer 1:", "Forward, layer 2:", "Forward, layer 3:", "Loss:",
                            "Backward, layer 3 (output):", "Backward, layer 2:",
                            "Backward, layer 1:", "Update:"};
    nn_PhaseKind kinds[] = {NN_PHASE_FORWARD, NN_PHASE_FORWARD, NN_PHASE_FORWARD, NN_PHASE_LOSS,
                            NN_PHASE_BACKWARD, NN_PHASE_BACKWARD, NN_PHASE_BACKWARD, NN_PHASE_UPDATE};
    int layers[] = {0, 1, 2, -1, 2, 1, 0, -1};
    char cap[256];
    caption_of(r, cap, sizeof cap);
    assert_string_equal(cap, tr(STR_CAPTION_START));
    for (int k = 0; k < 8; k++) {
        run_cmd(&c, APP_CMD_STEP_PHASE);
        nn_Phase ph = nn_trainer_last_phase(r->s->trainer);
        assert_int_equal(ph.kind, kinds[k]);
        assert_int_equal(ph.layer, layers[k]);
        caption_of(r, cap, sizeof cap);
        assert_true(strncmp(cap, expect[k], strlen(expect[k])) == 0);
    }
    /* the hidden backward caption carries its equation */
    caption_of(r, cap, sizeof cap);
    nn_Phase b1 = {NN_PHASE_BACKWARD, 1};
    app_phase_caption(b1, L, cap, sizeof cap);
    assert_non_null(strstr(cap, "\xce\xb4 = \xe2\x88\x82L/\xe2\x88\x82" "a \xe2\x8a\x99 f\xe2\x80\xb2(z)"));
    /* backward: the same sequence in reverse, down to the batch's start */
    for (int k = 6; k >= 0; k--) {
        run_cmd(&c, APP_CMD_STEP_PHASE_BACK);
        nn_Phase ph = nn_trainer_last_phase(r->s->trainer);
        assert_int_equal(ph.kind, kinds[k]);
        assert_int_equal(ph.layer, layers[k]);
        caption_of(r, cap, sizeof cap);
        assert_true(strncmp(cap, expect[k], strlen(expect[k])) == 0);
        assert_int_equal(nn_trainer_cursor(r->s->trainer).phase, k + 1);
    }
    run_cmd(&c, APP_CMD_STEP_PHASE_BACK);
    assert_int_equal(nn_trainer_cursor(r->s->trainer).phase, 0);
    assert_int_equal(nn_trainer_cursor(r->s->trainer).step, 0);
    /* at the very start nothing is before: nothing changes, no error */
    run_cmd(&c, APP_CMD_STEP_PHASE_BACK);
    assert_false(c.status_error);
    assert_int_equal(nn_trainer_cursor(r->s->trainer).step, 0);
    app_core_free(&c);
}

/* Shift+left: to the epoch's start, then one epoch further back. */
static void test_epoch_back(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_OPT_SGD);
    const app_Run *r = c.runs[0];
    int bpe = nn_trainer_batches_per_epoch(r->s->trainer); /* 6 */
    for (int k = 0; k < bpe + 2; k++)
        run_cmd(&c, APP_CMD_STEP_BATCH);
    run_cmd(&c, APP_CMD_STEP_PHASE);
    Bytes at_epoch1 = {0};
    run_cmd(&c, APP_CMD_STEP_EPOCH_BACK);
    nn_Cursor cur = nn_trainer_cursor(r->s->trainer);
    assert_int_equal(cur.step, bpe);
    assert_int_equal(cur.batch, 0);
    assert_int_equal(cur.phase, 0);
    at_epoch1 = state_of(r);
    run_cmd(&c, APP_CMD_STEP_EPOCH_BACK);
    assert_int_equal(nn_trainer_cursor(r->s->trainer).step, 0);
    run_cmd(&c, APP_CMD_STEP_EPOCH_BACK); /* nothing before the start */
    assert_false(c.status_error);
    assert_int_equal(nn_trainer_cursor(r->s->trainer).step, 0);
    run_cmd(&c, APP_CMD_STEP_EPOCH);
    Bytes again = state_of(r);
    /* the last phase differs (a whole epoch ran vs. a restore): compare the
     * parameters, which lead the bytes */
    size_t np = r->s->model->n_params * sizeof(float);
    assert_memory_equal(again.b, at_epoch1.b, np);
    free(again.b);
    free(at_epoch1.b);
    app_core_free(&c);
}

/* The text form of the new commands reads back. */
static void test_text_form(void **st)
{
    (void)st;
    const char *lines[] = {"STEP_PHASE_BACK", "STEP_EPOCH_BACK", "SELECT_ROW 3"};
    for (int k = 0; k < 3; k++) {
        app_Command cmd;
        char err[128], out[128];
        assert_int_equal(app_cmd_parse(lines[k], &cmd, err, sizeof err), 0);
        app_cmd_format(&cmd, out, sizeof out);
        assert_string_equal(out, lines[k]);
    }
}

/* The row the diagram shows: z recomputed from the inputs and the weights
 * the forward pass used, the output delta of Playground's half-squared loss
 * on tanh, (a - y)(1 - a^2)/B, by hand. */
static void test_row_view(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_OPT_SGD);
    app_core_push(&c, app_cmd_i(APP_CMD_SELECT_ROW, 3));
    app_core_sync(&c, app_clock());
    const app_RowView *v = &c.runs[0]->snap.rowv;
    assert_false(v->valid); /* no phase ran */
    run_cmd(&c, APP_CMD_STEP_PHASE);
    assert_true(v->valid);
    assert_int_equal(v->row, 3);
    assert_int_equal(v->fwd, 1);
    assert_int_equal(v->loss, 0);
    const nn_Model *m = c.runs[0]->s->model;
    int n0 = m->arch.sizes[0], n1 = m->arch.sizes[1];
    for (int j = 0; j < n1; j++) {
        double z = m->b[0][j];
        for (int i = 0; i < n0; i++)
            z += (double)v->x[i] * m->W[0][i * n1 + j];
        assert_true(fabs(z - v->z[v->off[0] + j]) < 1e-5);
        assert_true(fabs(tanh(z) - v->a[v->off[0] + j]) < 1e-5);
    }
    for (int k = 0; k < 3; k++)
        run_cmd(&c, APP_CMD_STEP_PHASE); /* forward 2, 3, loss */
    assert_int_equal(v->loss, 1);
    assert_int_equal(v->bwd, 2); /* the output's delta came with the loss */
    int L = m->arch.n_layers;
    float a = v->a[v->off[L - 1]], y = v->target[0];
    double want = (a - y) * (1.0 - (double)a * a) / v->rows;
    assert_true(fabs(want - v->delta[v->off[L - 1]]) < 1e-6);
    assert_true(fabs(v->row_loss - 0.5 * (a - y) * (a - y)) < 1e-6);
    run_cmd(&c, APP_CMD_STEP_PHASE);
    run_cmd(&c, APP_CMD_STEP_PHASE);
    assert_int_equal(v->bwd, 1);
    assert_int_equal(v->upd, 0);
    run_cmd(&c, APP_CMD_STEP_PHASE);
    run_cmd(&c, APP_CMD_STEP_PHASE);
    assert_int_equal(v->bwd, 0);
    assert_int_equal(v->upd, 1);
    app_core_free(&c);
}

/* Slow motion: one phase each time its interval has passed, none before;
 * any other move stops it; the pace is kept within 200 ms .. 5 s. */
static void test_slow_motion(void **st)
{
    (void)st;
    app_Core c;
    open_core(&c, NN_OPT_SGD);
    const nn_Trainer *t = c.runs[0]->s->trainer;
    double now = app_clock();
    app_core_push(&c, app_cmd_i(APP_CMD_SET_SLOWMO, 500));
    app_core_sync(&c, now);
    assert_int_equal(c.slowmo_ms, 500);
    assert_int_equal(nn_trainer_cursor(t).phase, 1); /* the first at once */
    app_core_sync(&c, now + 0.2);
    assert_int_equal(nn_trainer_cursor(t).phase, 1);
    app_core_sync(&c, now + 0.55);
    assert_int_equal(nn_trainer_cursor(t).phase, 2);
    app_core_sync(&c, now + 0.6);
    assert_int_equal(nn_trainer_cursor(t).phase, 2);
    app_core_sync(&c, now + 1.1);
    assert_int_equal(nn_trainer_cursor(t).phase, 3);
    assert_true(c.runs[0]->phase_view);
    assert_false(c.playing);
    app_core_push(&c, app_cmd(APP_CMD_STEP_PHASE_BACK));
    app_core_sync(&c, now + 1.2);
    assert_int_equal(c.slowmo_ms, 0);
    assert_int_equal(nn_trainer_cursor(t).phase, 2);
    app_core_sync(&c, now + 5.0);
    assert_int_equal(nn_trainer_cursor(t).phase, 2);
    app_core_push(&c, app_cmd_i(APP_CMD_SET_SLOWMO, 50));
    app_core_sync(&c, now + 6.0);
    assert_int_equal(c.slowmo_ms, 200);
    app_core_push(&c, app_cmd_i(APP_CMD_SET_SLOWMO, 99999));
    app_core_sync(&c, now + 7.0);
    assert_int_equal(c.slowmo_ms, 5000);
    app_core_free(&c);
}

/* The update caption names the optimizer's own rule, not SGD's under Adam;
 * the other phases keep their captions. */
static void test_update_caption_rule(void **st)
{
    (void)st;
    nn_Phase up = {NN_PHASE_UPDATE, -1}, fw = {NN_PHASE_FORWARD, 0};
    char adam[256], sgd[256], rms[256], plain[256], f1[256], f2[256];
    app_phase_caption_opt(up, 3, NN_OPT_ADAM, adam, sizeof adam);
    app_phase_caption_opt(up, 3, NN_OPT_SGD, sgd, sizeof sgd);
    app_phase_caption_opt(up, 3, NN_OPT_RMSPROP, rms, sizeof rms);
    app_phase_caption_opt(up, 3, -1, plain, sizeof plain);
    assert_non_null(strstr(adam, "Adam"));
    assert_null(strstr(adam, "SGD"));
    assert_non_null(strstr(adam, "\xce\xb1\xc2\xb7m/(")); /* alpha m / (sqrt v + eps) */
    assert_non_null(strstr(sgd, "SGD"));
    assert_non_null(strstr(rms, "RMSprop"));
    assert_string_equal(plain, tr(STR_CAPTION_UPDATE));
    app_phase_caption_opt(fw, 3, NN_OPT_ADAM, f1, sizeof f1);
    app_phase_caption(fw, 3, f2, sizeof f2);
    assert_string_equal(f1, f2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phase_sequence_and_captions),
        cmocka_unit_test(test_back_and_forth_sgd),
        cmocka_unit_test(test_back_and_forth_adam_later),
        cmocka_unit_test(test_state_comparison_can_fail),
        cmocka_unit_test(test_epoch_back),
        cmocka_unit_test(test_text_form),
        cmocka_unit_test(test_row_view),
        cmocka_unit_test(test_slow_motion),
        cmocka_unit_test(test_update_caption_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
