/* test_checkpoint.c - a checkpoint brings training back to where it was.
 *
 * The reference is the run itself: train to step m and copy the state
 * (parameters, optimizer slots and iterations, the per-epoch history); then
 * restore a checkpoint taken at step k < m, train to m again, and compare
 * bit for bit (memcmp). Done for every optimizer on a decaying learning
 * rate with shuffling, across thread counts, out of a diverged run, and
 * inside a batch (restore, replay p phases, compare the intermediates with
 * a run that stepped there directly). A guard shows the comparison fails
 * when any part of the state is missing or taken elsewhere. Restores are
 * counted to allocate nothing (with a malloc wrapper that steps aside under
 * the sanitizers, which own malloc). */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "dataset.h"
#include "experiment.h"
#include "session.h"
#include "trainer.h"

/* ------------------------------------------------------------------------ */
/* Counting allocations (glibc, not under a sanitizer, which owns malloc)    */
/* ------------------------------------------------------------------------ */

#include "alloc_count.h"

/* ------------------------------------------------------------------------ */
/* Sessions and their state                                                 */
/* ------------------------------------------------------------------------ */

typedef struct {
    nn_OptKind kind;
    float lr;
    float momentum; /* RMSprop: 0 (one slot) or > 0 (two) */
} OptCase;

/* Spiral with noise, 250 training rows in batches of 16 (15 full, one of
 * 10), shuffled every epoch, the optimizer on an exponentially decaying
 * learning rate (it changes every update, so a wrong iteration count shows). */
static void spec_make(nn_Experiment *e, const OptCase *oc)
{
    nn_experiment_default(e);
    e->data.noise = 10.0;
    e->hidden[0] = 6;
    e->hidden[1] = 4;
    nn_opt_config_default(&e->opt, oc->kind);
    e->opt.lr = oc->lr;
    if (oc->kind == NN_OPT_RMSPROP)
        e->opt.momentum = oc->momentum;
    e->opt.schedule.kind = NN_SCHED_EXPONENTIAL;
    e->opt.schedule.decay_steps = 7;
    e->opt.schedule.decay_rate = 0.95f;
    e->batch_size = 16;
    e->shuffle = 1;
    e->seed = 5;
}

static const OptCase ADAM = {NN_OPT_ADAM, 0.01f, 0.0f};

static nn_Session *session_make(const OptCase *oc)
{
    char err[256];
    nn_Experiment e;
    spec_make(&e, oc);
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    return s;
}

static nn_Checkpoint *checkpoint_for(const nn_Session *s)
{
    char err[256];
    nn_Checkpoint *cp = NULL;
    assert_int_equal(nn_checkpoint_create(&cp, s->model, s->opt, err, sizeof err), NN_OK);
    return cp;
}

/* Trains batch by batch to `step`, recording every epoch that ends as the
 * window does (with a wall time of 0, so records compare bit for bit). */
static void train_to(nn_Session *s, int64_t step)
{
    for (;;) {
        nn_Cursor c = nn_trainer_cursor(s->trainer);
        if (c.step >= step)
            break;
        assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
        if (nn_trainer_cursor(s->trainer).epoch != c.epoch)
            assert_int_equal(nn_session_record_epoch(s, 0.0, NULL), NN_OK);
    }
    assert_int_equal(nn_trainer_cursor(s->trainer).step, step);
}

/* A copy of everything training changes, to compare runs with. */
typedef struct {
    size_t n;
    float *params, *slot[2];
    int64_t iterations;
    nn_Cursor cur;
    int64_t n_history;
    nn_EpochRecord *history;
} State;

static float *copy_floats(const float *p, size_t n)
{
    if (!p)
        return NULL;
    float *q = malloc(n * sizeof *q);
    memcpy(q, p, n * sizeof *q);
    return q;
}

static State state_copy(const nn_Model *m, const nn_Optimizer *opt, const nn_Trainer *t,
                        const nn_Session *s)
{
    State st;
    st.n = m->n_params;
    st.params = copy_floats(m->params, st.n);
    for (int k = 0; k < 2; k++)
        st.slot[k] = copy_floats(opt->slot[k], st.n);
    st.iterations = opt->iterations;
    st.cur = nn_trainer_cursor(t);
    st.n_history = s ? s->n_history : 0;
    st.history = NULL;
    if (st.n_history > 0) {
        st.history = malloc((size_t)st.n_history * sizeof *st.history);
        memcpy(st.history, s->history, (size_t)st.n_history * sizeof *st.history);
    }
    return st;
}

static State session_state(const nn_Session *s)
{
    return state_copy(s->model, s->opt, s->trainer, s);
}

static void state_free(State *st)
{
    free(st->params);
    free(st->slot[0]);
    free(st->slot[1]);
    free(st->history);
}

static void assert_same_cursor(const nn_Cursor *a, const nn_Cursor *b)
{
    assert_int_equal(a->epoch, b->epoch);
    assert_int_equal(a->batch, b->batch);
    assert_int_equal(a->step, b->step);
    assert_int_equal(a->samples, b->samples);
    assert_int_equal(a->phase, b->phase);
    assert_memory_equal(&a->rng, &b->rng, sizeof a->rng);
    assert_memory_equal(&a->epoch_rng, &b->epoch_rng, sizeof a->epoch_rng);
    assert_int_equal(a->diverged, b->diverged);
    assert_memory_equal(&a->last_loss, &b->last_loss, sizeof a->last_loss);
    assert_memory_equal(&a->epoch_loss_sum, &b->epoch_loss_sum, sizeof a->epoch_loss_sum);
    assert_int_equal(a->epoch_rows, b->epoch_rows);
    assert_int_equal(a->epoch_correct, b->epoch_correct);
}

/* Bit for bit the same state. */
static void assert_same_state(const State *a, const State *b)
{
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->params, b->params, a->n * sizeof(float));
    for (int k = 0; k < 2; k++) {
        assert_true((a->slot[k] == NULL) == (b->slot[k] == NULL));
        if (a->slot[k])
            assert_memory_equal(a->slot[k], b->slot[k], a->n * sizeof(float));
    }
    assert_int_equal(a->iterations, b->iterations);
    assert_same_cursor(&a->cur, &b->cur);
    assert_int_equal(a->n_history, b->n_history);
    if (a->n_history > 0)
        assert_memory_equal(a->history, b->history, (size_t)a->n_history * sizeof *a->history);
}

static int params_differ(const State *a, const State *b)
{
    return memcmp(a->params, b->params, a->n * sizeof(float)) != 0;
}

/* ------------------------------------------------------------------------ */
/* Replay after a restore                                                   */
/* ------------------------------------------------------------------------ */

/* Take at step k, train to m, restore, train to m again: the same state,
 * history included; the history is cut back to k's on restore. */
static void replay_case(const OptCase *oc, int64_t k, int64_t m)
{
    char err[256];
    nn_Session *s = session_make(oc);
    nn_Checkpoint *cp = checkpoint_for(s);
    train_to(s, k);
    State at_k = session_state(s);
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_OK);
    assert_int_equal(nn_checkpoint_cursor(cp).step, k);
    assert_int_equal(nn_checkpoint_cursor(cp).epoch, k / 16);
    assert_int_equal(cp->n_history, k / 16);
    float lr_k = nn_opt_current_lr(s->opt);
    train_to(s, m);
    State first = session_state(s);
    assert_true(nn_opt_current_lr(s->opt) != lr_k); /* the schedule moved on */
    assert_true(params_differ(&at_k, &first));      /* guard: training moved the weights */
    assert_true(first.n_history > at_k.n_history);

    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_OK);
    State back = session_state(s);
    assert_same_state(&at_k, &back);
    train_to(s, m);
    State again = session_state(s);
    assert_same_state(&first, &again);
    state_free(&at_k);
    state_free(&first);
    state_free(&back);
    state_free(&again);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(s);
}

static void test_replay_every_optimizer(void **state)
{
    (void)state;
    const OptCase cases[] = {
        {NN_OPT_SGD, 0.1f, 0.0f},     {NN_OPT_MOMENTUM, 0.02f, 0.0f},
        {NN_OPT_NESTEROV, 0.02f, 0.0f}, {NN_OPT_ADAGRAD, 0.1f, 0.0f},
        {NN_OPT_RMSPROP, 0.005f, 0.0f}, {NN_OPT_RMSPROP, 0.005f, 0.9f},
        {NN_OPT_ADAM, 0.01f, 0.0f},   {NN_OPT_ADAMW, 0.01f, 0.0f},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* mid-epoch (37 = 2 epochs and 5 batches) and at an epoch boundary */
        replay_case(&cases[i], i % 2 ? 32 : 37, 100);
    }
}

/* A layer large enough for the thread pool (64 -> 256 -> 80 -> 4, 37 780
 * parameters, as in test_trainer.c): the checkpoint taken on one thread and
 * restored into a trainer on two gives the one-thread run's bits. */
typedef struct {
    nn_Dataset *data;
    nn_Model *model;
    nn_Optimizer *opt;
    nn_Trainer *trainer;
} Rig;

static nn_Dataset *wide_data(void)
{
    char err[256];
    nn_Rng rng;
    nn_rng_seed(&rng, 5);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, 300, 64, 1, 4, 0, err, sizeof err),
                     NN_OK);
    for (int i = 0; i < 300 * 64; i++)
        d->x[i] = (i % 5 == 0) ? 0.0f : (float)(nn_rng_uniform(&rng) * 2 - 1);
    for (int i = 0; i < 300; i++)
        d->label[i] = (d->x[i * 64] > 0) + 2 * (d->x[i * 64 + 1] > 0);
    return d;
}

static void rig_make(Rig *r, nn_Dataset *d, int threads)
{
    char err[256];
    r->data = d;
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 3;
    arch.sizes[0] = 64, arch.sizes[1] = 256, arch.sizes[2] = 80, arch.sizes[3] = 4;
    arch.act[0] = NN_ACT_RELU, arch.act[1] = NN_ACT_ELU, arch.act[2] = NN_ACT_SOFTMAX;
    assert_int_equal(nn_model_create(&r->model, &arch, NN_LOSS_SPARSE_CCE, err, sizeof err),
                     NN_OK);
    assert_true(r->model->n_params >= 20000);
    nn_Rng init;
    nn_rng_seed(&init, 3);
    nn_model_init(r->model, NN_INIT_HE_NORMAL, &init);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_ADAM);
    oc.schedule.kind = NN_SCHED_COSINE;
    oc.schedule.decay_steps = 30;
    assert_int_equal(nn_opt_create(&r->opt, &oc, r->model->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = 64; /* 300 rows: four full batches and one of 44 */
    tc.shuffle = 1;
    tc.threads = threads;
    nn_rng_seed(&tc.rng, 17);
    assert_int_equal(nn_trainer_create(&r->trainer, r->model, r->opt, d, &tc, err, sizeof err),
                     NN_OK);
}

static void rig_free(Rig *r)
{
    nn_trainer_destroy(r->trainer);
    nn_opt_destroy(r->opt);
    nn_model_destroy(r->model);
}

static void rig_train_to(Rig *r, int64_t step)
{
    while (nn_trainer_cursor(r->trainer).step < step)
        assert_int_equal(nn_trainer_step_batch(r->trainer), NN_OK);
}

static State rig_state(const Rig *r)
{
    return state_copy(r->model, r->opt, r->trainer, NULL);
}

static void test_restore_across_thread_counts(void **state)
{
    (void)state;
    char err[256];
    nn_Dataset *d = wide_data();
    Rig one, two;
    rig_make(&one, d, 1);
    rig_make(&two, d, 2);
    nn_Checkpoint *cp = NULL;
    assert_int_equal(nn_checkpoint_create(&cp, one.model, one.opt, err, sizeof err), NN_OK);
    rig_train_to(&one, 7);
    assert_int_equal(nn_checkpoint_take(cp, one.model, one.opt, one.trainer, err, sizeof err),
                     NN_OK);
    rig_train_to(&one, 20);
    State ref = rig_state(&one);

    rig_train_to(&two, 3); /* somewhere else entirely */
    assert_int_equal(nn_checkpoint_restore(cp, two.model, two.opt, two.trainer, err, sizeof err),
                     NN_OK);
    rig_train_to(&two, 20);
    State got = rig_state(&two);
    assert_same_state(&ref, &got);

    /* and back: taken on two threads, restored on one */
    assert_int_equal(nn_checkpoint_take(cp, two.model, two.opt, two.trainer, err, sizeof err),
                     NN_OK);
    rig_train_to(&two, 26);
    State ref2 = rig_state(&two);
    assert_int_equal(nn_checkpoint_restore(cp, one.model, one.opt, one.trainer, err, sizeof err),
                     NN_OK);
    rig_train_to(&one, 26);
    State got2 = rig_state(&one);
    assert_same_state(&ref2, &got2);
    assert_true(params_differ(&ref, &ref2));
    state_free(&ref);
    state_free(&got);
    state_free(&ref2);
    state_free(&got2);
    nn_checkpoint_destroy(cp);
    rig_free(&one);
    rig_free(&two);
    nn_dataset_destroy(d);
}

/* A run made to diverge (learning rate 1e30) comes back with a restore and
 * trains on as if it never had. */
static void test_restore_recovers_diverged_run(void **state)
{
    (void)state;
    char err[256];
    nn_Experiment e;
    const OptCase sgd = {NN_OPT_SGD, 0.05f, 0.0f};
    spec_make(&e, &sgd);
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_RELU; /* unbounded, so the loss can blow up */
    e.out_act = NN_ACT_SOFTMAX;
    e.loss = NN_LOSS_SPARSE_CCE;
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    nn_Checkpoint *cp = checkpoint_for(s);
    train_to(s, 30);
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_OK);
    train_to(s, 60);
    State ref = session_state(s);

    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_OK);
    s->opt->cfg.lr = 1e30f;
    nn_Status st = NN_OK;
    for (int k = 0; k < 50 && st == NN_OK; k++) {
        int64_t ep = nn_trainer_cursor(s->trainer).epoch;
        st = nn_trainer_step_batch(s->trainer);
        if (st == NN_OK && nn_trainer_cursor(s->trainer).epoch != ep)
            assert_int_equal(nn_session_record_epoch(s, 0.0, NULL), NN_OK);
    }
    assert_int_equal(st, NN_DIVERGED);
    assert_int_equal(nn_trainer_cursor(s->trainer).diverged, 1);
    assert_int_equal(nn_trainer_step_batch(s->trainer), NN_DIVERGED);

    s->opt->cfg.lr = 0.05f; /* the setting is the caller's: put it back first */
    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_OK);
    assert_int_equal(nn_trainer_cursor(s->trainer).diverged, 0);
    train_to(s, 60);
    State got = session_state(s);
    assert_same_state(&ref, &got);
    assert_true(nn_model_all_finite(s->model));
    state_free(&ref);
    state_free(&got);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(s);
}

/* Inside a batch: restoring its start and running p phases gives the
 * intermediates a run that stepped there directly has, for every p. */
static void assert_same_intermediates(const nn_Trainer *a, const nn_Trainer *b, int p)
{
    const nn_Model *m = nn_trainer_model(a);
    int L = m->arch.n_layers, rows = nn_trainer_batch_rows(a);
    assert_int_equal(rows, nn_trainer_batch_rows(b));
    assert_memory_equal(nn_trainer_batch_index(a), nn_trainer_batch_index(b),
                        (size_t)rows * sizeof(int));
    for (int l = 0; l < L; l++) {
        size_t bytes = (size_t)rows * (size_t)m->arch.sizes[l + 1] * sizeof(float);
        if (p > l) { /* FORWARD l ran */
            assert_memory_equal(nn_trainer_z(a, l), nn_trainer_z(b, l), bytes);
            assert_memory_equal(nn_trainer_a(a, l), nn_trainer_a(b, l), bytes);
        }
        if ((l == L - 1 && p > L) || p > 2 * L - l) /* LOSS, or BACKWARD l, ran */
            assert_memory_equal(nn_trainer_delta(a, l), nn_trainer_delta(b, l), bytes);
        if (p > 2 * L - l) {
            size_t w = (size_t)m->arch.sizes[l] * (size_t)m->arch.sizes[l + 1] * sizeof(float);
            assert_memory_equal(nn_trainer_dW(a, l), nn_trainer_dW(b, l), w);
            assert_memory_equal(nn_trainer_db(a, l), nn_trainer_db(b, l),
                                (size_t)m->arch.sizes[l + 1] * sizeof(float));
        }
    }
    if (p > L) {
        nn_Cursor ca = nn_trainer_cursor(a), cb = nn_trainer_cursor(b);
        assert_memory_equal(&ca.last_loss, &cb.last_loss, sizeof ca.last_loss);
    }
}

static void test_replay_phases_inside_batch(void **state)
{
    (void)state;
    char err[256];
    nn_Session *replayed = session_make(&ADAM), *direct = session_make(&ADAM);
    nn_Checkpoint *cp = checkpoint_for(replayed);
    train_to(replayed, 21);
    train_to(direct, 21);
    assert_int_equal(nn_session_checkpoint_take(replayed, cp, err, sizeof err), NN_OK);
    train_to(replayed, 30); /* its buffers now hold another batch */
    int phases = nn_trainer_phases_per_batch(direct->trainer);
    int L = direct->model->arch.n_layers;
    size_t zbytes = (size_t)16 * (size_t)direct->model->arch.sizes[1] * sizeof(float);
    for (int p = 1; p < phases; p++) {
        assert_int_equal(nn_trainer_step_phase(direct->trainer), NN_OK);
        assert_int_equal(nn_session_checkpoint_restore(replayed, cp, err, sizeof err), NN_OK);
        if (p == 1) /* guard: what is compared below is recomputed, not left over */
            assert_true(memcmp(nn_trainer_z(replayed->trainer, 0),
                               nn_trainer_z(direct->trainer, 0), zbytes) != 0);
        for (int q = 0; q < p; q++)
            assert_int_equal(nn_trainer_step_phase(replayed->trainer), NN_OK);
        assert_same_intermediates(replayed->trainer, direct->trainer, p);
        assert_int_equal(nn_trainer_cursor(replayed->trainer).phase, p);
        /* no phase before UPDATE moves a weight */
        assert_memory_equal(replayed->model->params, cp->params,
                            cp->n_params * sizeof(float));
    }
    assert_int_equal(phases, 2 * L + 2);
    assert_int_equal(nn_trainer_step_phase(direct->trainer), NN_OK); /* UPDATE */
    assert_int_equal(nn_trainer_step_phase(replayed->trainer), NN_OK);
    State a = session_state(replayed), b = session_state(direct);
    assert_same_state(&a, &b);
    state_free(&a);
    state_free(&b);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(replayed);
    nn_session_destroy(direct);
}

/* ------------------------------------------------------------------------ */
/* Guards: the comparison above can fail                                    */
/* ------------------------------------------------------------------------ */

/* Leaving out any part of the state, or restoring a checkpoint of another
 * step, ends somewhere else: each part a checkpoint holds is needed, and
 * the memcmp of the tests above notices a missing one. */
static void test_missing_state_gives_another_run(void **state)
{
    (void)state;
    char err[256];
    nn_Session *s = session_make(&ADAM);
    nn_Checkpoint *cp = checkpoint_for(s), *later = checkpoint_for(s);
    train_to(s, 37);
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_OK);
    train_to(s, 38);
    assert_int_equal(nn_session_checkpoint_take(s, later, err, sizeof err), NN_OK);
    train_to(s, 100);
    State ref = session_state(s);
    size_t bytes = cp->n_params * sizeof(float);

    for (int broken = 0; broken < 4; broken++) {
        assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_OK);
        int64_t to = 100;
        if (broken == 0) { /* the optimizer's count: another learning rate and bias correction */
            s->opt->iterations = 0;
        } else if (broken == 1) { /* Adam's second moments */
            memset(s->opt->slot[1], 0, bytes);
        } else if (broken == 2) { /* the data-order generator */
            nn_Cursor c = nn_trainer_cursor(s->trainer);
            c.epoch_rng.state ^= 1;
            c.rng.state ^= 1;
            nn_trainer_set_cursor(s->trainer, &c);
        } else { /* the checkpoint one step later, trained as many batches */
            assert_int_equal(nn_session_checkpoint_restore(s, later, err, sizeof err), NN_OK);
            to = 101;
        }
        for (int64_t k = nn_trainer_cursor(s->trainer).step; k < to; k++)
            assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
        State got = session_state(s);
        assert_true(params_differ(&ref, &got));
        state_free(&got);
    }
    state_free(&ref);
    nn_checkpoint_destroy(cp);
    nn_checkpoint_destroy(later);
    nn_session_destroy(s);
}

/* ------------------------------------------------------------------------ */
/* Refusals change nothing                                                  */
/* ------------------------------------------------------------------------ */

/* A refused restore: the status, a message, and the session as it was. */
static void expect_refused_restore(nn_Session *s, const nn_Checkpoint *cp)
{
    char err[256] = "";
    State before = session_state(s);
    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_true(err[0] != '\0');
    State after = session_state(s);
    assert_same_state(&before, &after);
    state_free(&before);
    state_free(&after);
}

static void test_shape_mismatch_refused(void **state)
{
    (void)state;
    char err[256] = "";
    nn_Session *s = session_make(&ADAM);
    nn_Checkpoint *cp = checkpoint_for(s);
    train_to(s, 20);
    expect_refused_restore(s, cp); /* never taken */
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_OK);
    train_to(s, 25);

    /* another layer size, same optimizer */
    nn_Experiment e;
    spec_make(&e, &ADAM);
    e.hidden[1] = 5;
    nn_Session *wider = NULL;
    assert_int_equal(nn_session_create(&wider, &e, err, sizeof err), NN_OK);
    train_to(wider, 3);
    expect_refused_restore(wider, cp);
    nn_Checkpoint *cp_wider = checkpoint_for(wider);
    assert_int_equal(nn_session_checkpoint_take(s, cp_wider, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_false(cp_wider->taken);

    /* the same model, optimizers with other slots or another kind */
    const OptCase rms0 = {NN_OPT_RMSPROP, 0.005f, 0.0f}, rms9 = {NN_OPT_RMSPROP, 0.005f, 0.9f};
    const OptCase mom = {NN_OPT_MOMENTUM, 0.02f, 0.0f}, ada = {NN_OPT_ADAGRAD, 0.1f, 0.0f};
    nn_Session *r0 = session_make(&rms0), *r9 = session_make(&rms9);
    nn_Session *sm = session_make(&mom), *sa = session_make(&ada);
    nn_Checkpoint *cp_r0 = checkpoint_for(r0), *cp_m = checkpoint_for(sm);
    assert_int_equal(nn_session_checkpoint_take(r0, cp_r0, err, sizeof err), NN_OK);
    assert_int_equal(nn_session_checkpoint_take(sm, cp_m, err, sizeof err), NN_OK);
    train_to(r9, 2);
    train_to(sa, 2);
    expect_refused_restore(r9, cp_r0);
    expect_refused_restore(sa, cp_m);
    expect_refused_restore(s, cp_m);

    /* a trainer on other rows (a point added) */
    nn_Session *more = session_make(&ADAM);
    nn_Dataset *d = NULL;
    const nn_Dataset *src = more->train;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, src->n + 1, 2, 1, 2, 0, err,
                                       sizeof err),
                     NN_OK);
    memcpy(d->x, src->x, (size_t)src->n * 2 * sizeof(float));
    memcpy(d->label, src->label, (size_t)src->n * sizeof(int32_t));
    assert_int_equal(nn_session_set_train(more, d, 1, err, sizeof err), NN_OK);
    train_to(more, 2);
    expect_refused_restore(more, cp);

    /* a model and an optimizer of different sizes make no checkpoint */
    nn_Checkpoint *none = cp;
    assert_int_equal(nn_checkpoint_create(&none, s->model, wider->opt, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_null(none);
    /* and a trainer of another run is refused: weights and cursor would part */
    assert_int_equal(nn_checkpoint_restore(cp, s->model, s->opt, sm->trainer, err, sizeof err),
                     NN_ERR_INVALID_ARG);

    /* the original run still restores */
    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_OK);
    assert_int_equal(nn_trainer_cursor(s->trainer).step, 20);
    nn_checkpoint_destroy(cp_r0);
    nn_checkpoint_destroy(cp_m);
    nn_checkpoint_destroy(cp_wider);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(more);
    nn_session_destroy(r0);
    nn_session_destroy(r9);
    nn_session_destroy(sm);
    nn_session_destroy(sa);
    nn_session_destroy(wider);
    nn_session_destroy(s);
}

/* Inside a batch a take is refused and the checkpoint stays as it was. */
static void test_take_only_between_batches(void **state)
{
    (void)state;
    char err[256] = "";
    nn_Session *s = session_make(&ADAM);
    nn_Checkpoint *cp = checkpoint_for(s);
    train_to(s, 4);
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_OK);
    assert_int_equal(nn_trainer_step_phase(s->trainer), NN_OK);
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_true(strstr(err, "between batches") != NULL);
    assert_int_equal(nn_checkpoint_cursor(cp).step, 4);
    assert_int_equal(cp->n_history, 0);
    /* the rest of the batch, then a take works again */
    assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_OK);
    assert_int_equal(nn_checkpoint_cursor(cp).step, 5);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(s);
}

/* A batch size change is refused by the session even when the number of
 * batches per epoch is the same. */
static void test_session_refuses_other_batch_size(void **state)
{
    (void)state;
    char err[256] = "";
    nn_Experiment e;
    spec_make(&e, &ADAM);
    e.batch_size = 50; /* 5 batches of 250 rows; so are batches of 55 */
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    nn_Checkpoint *cp = checkpoint_for(s);
    train_to(s, 3);
    assert_int_equal(nn_session_checkpoint_take(s, cp, err, sizeof err), NN_OK);
    assert_int_equal(nn_session_set_batch_size(s, 55, err, sizeof err), NN_OK);
    assert_int_equal(nn_trainer_batches_per_epoch(s->trainer), 5);
    expect_refused_restore(s, cp);
    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_true(strstr(err, "batches of 50") != NULL);
    /* the trainer level cannot tell: it restores (documented) */
    assert_int_equal(nn_checkpoint_restore(cp, s->model, s->opt, s->trainer, err, sizeof err),
                     NN_OK);
    assert_int_equal(nn_session_set_batch_size(s, 50, err, sizeof err), NN_OK);
    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_OK);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(s);
}

/* A checkpoint taken without the session leaves the history alone. */
static void test_history_kept_without_session_note(void **state)
{
    (void)state;
    char err[256];
    nn_Session *s = session_make(&ADAM);
    nn_Checkpoint *cp = checkpoint_for(s);
    train_to(s, 20);
    assert_int_equal(nn_checkpoint_take(cp, s->model, s->opt, s->trainer, err, sizeof err),
                     NN_OK);
    assert_int_equal(cp->n_history, -1);
    train_to(s, 70);
    assert_int_equal(s->n_history, 4);
    assert_int_equal(nn_session_checkpoint_restore(s, cp, err, sizeof err), NN_OK);
    assert_int_equal(s->n_history, 4);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(s);
}

/* ------------------------------------------------------------------------ */
/* No allocation                                                            */
/* ------------------------------------------------------------------------ */

static void test_take_and_restore_allocate_nothing(void **state)
{
    (void)state;
#ifdef NN_TEST_COUNT_ALLOCS
    char err[256];
    nn_Session *s = session_make(&ADAM);
    nn_Checkpoint *cp = checkpoint_for(s);
    train_to(s, 10);
    nn_Dataset *d = wide_data();
    Rig big;
    rig_make(&big, d, 2);
    nn_Checkpoint *cp_big = NULL;
    assert_int_equal(nn_checkpoint_create(&cp_big, big.model, big.opt, err, sizeof err), NN_OK);
    rig_train_to(&big, 2);

    allocations = 0;
    counting = 1;
    nn_Status st[4];
    st[0] = nn_session_checkpoint_take(s, cp, err, sizeof err);
    st[1] = nn_session_checkpoint_restore(s, cp, err, sizeof err);
    st[2] = nn_checkpoint_take(cp_big, big.model, big.opt, big.trainer, err, sizeof err);
    st[3] = nn_checkpoint_restore(cp_big, big.model, big.opt, big.trainer, err, sizeof err);
    counting = 0;
    for (int k = 0; k < 4; k++)
        assert_int_equal(st[k], NN_OK);
    assert_int_equal(allocations, 0);
    rig_train_to(&big, 3);

    /* the counter counts, so the zero above means something */
    counting = 1;
    nn_Checkpoint *counted = NULL;
    st[0] = nn_checkpoint_create(&counted, s->model, s->opt, err, sizeof err);
    counting = 0;
    assert_int_equal(st[0], NN_OK);
    assert_true(allocations >= 1);
    nn_checkpoint_destroy(counted);
    nn_checkpoint_destroy(cp_big);
    rig_free(&big);
    nn_dataset_destroy(d);
    nn_checkpoint_destroy(cp);
    nn_session_destroy(s);
#else
    skip(); /* a sanitizer owns malloc */
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_every_optimizer),
        cmocka_unit_test(test_restore_across_thread_counts),
        cmocka_unit_test(test_restore_recovers_diverged_run),
        cmocka_unit_test(test_replay_phases_inside_batch),
        cmocka_unit_test(test_missing_state_gives_another_run),
        cmocka_unit_test(test_shape_mismatch_refused),
        cmocka_unit_test(test_take_only_between_batches),
        cmocka_unit_test(test_session_refuses_other_batch_size),
        cmocka_unit_test(test_history_kept_without_session_note),
        cmocka_unit_test(test_take_and_restore_allocate_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
