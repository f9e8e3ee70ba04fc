/* session.c - turns an nn_Experiment into data, model, optimizer, trainer and
 * evaluator, and keeps the per-epoch history. */
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model_io.h"

#define NN_EVAL_CHUNK 1024

/* Distinct generator streams from one seed, so changing the batch order
 * never changes the initial weights and vice versa. */
static void seed_stream(nn_Rng *r, uint64_t seed, uint64_t stream)
{
    nn_rng_seed(r, seed ^ (stream * 0x9E3779B97F4A7C15ULL));
}

/* The trainer settings a spec asks for (batch order from its own stream). */
static void train_config(const nn_Experiment *e, nn_TrainConfig *tc)
{
    memset(tc, 0, sizeof *tc);
    tc->batch_size = e->batch_size;
    tc->shuffle = e->shuffle;
    tc->features = e->data.features;
    seed_stream(&tc->rng, e->seed, 3);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Loads or generates the data a spec names, split into train and test. */
static nn_Status load_data(const nn_DataSpec *ds, nn_Dataset **train, nn_Dataset **test, char *err,
                           size_t err_len)
{
    *train = *test = NULL;
    nn_Rng rng;
    seed_stream(&rng, ds->seed, 1);
    nn_Dataset *all = NULL;
    nn_Status st = NN_OK;
    switch (ds->kind) {
    case NN_SRC_PLAYGROUND:
        st = nn_data_playground(&all, ds->playground, ds->samples, ds->noise, &rng, err, err_len);
        break;
    case NN_SRC_REG1D:
        st = nn_data_regression1d(&all, ds->reg1d, ds->samples, ds->noise, &rng, err, err_len);
        break;
    case NN_SRC_BINARY:
        st = nn_data_random_binary(&all, ds->samples, ds->binary_dim, &rng, err, err_len);
        break;
    case NN_SRC_CSV:
        st = nn_data_csv(&all, ds->path, ds->label, err, err_len);
        if (st == NN_OK && ds->test_path[0]) {
            st = nn_data_csv(test, ds->test_path, ds->label, err, err_len);
            if (st == NN_OK)
                st = nn_dataset_conform(*test, all, ds->test_path, ds->path, err, err_len);
            if (st != NN_OK) {
                nn_dataset_destroy(*test);
                *test = NULL;
                nn_dataset_destroy(all);
                return st;
            }
            *train = all;
            return NN_OK;
        }
        if (st == NN_OK && ds->train_ratio >= 1.0) {
            *train = all; /* every row trains, in the file's order; no test set */
            return NN_OK;
        }
        break;
    case NN_SRC_IDX:
        st = nn_data_fashion(train, ds->path[0] ? ds->path : NULL, 0, err, err_len);
        if (st != NN_OK)
            return st;
        st = nn_data_fashion(test, ds->path[0] ? ds->path : NULL, 1, err, err_len);
        if (st != NN_OK) {
            nn_dataset_destroy(*train);
            *train = NULL;
            return st;
        }
        if (ds->max_rows > 0 && ds->max_rows < (*train)->n) {
            /* the first rows, and only their memory */
            st = nn_dataset_keep_rows(*train, ds->max_rows, err, err_len);
            if (st != NN_OK) {
                nn_dataset_destroy(*train);
                nn_dataset_destroy(*test);
                *train = *test = NULL;
                return st;
            }
        }
        return NN_OK;
    case NN_SRC_COUNT:
        nn_errorf(err, err_len, "unknown data source");
        return NN_ERR_INVALID_ARG;
    }
    if (st != NN_OK)
        return st;
    st = nn_dataset_split(all, ds->train_ratio, &rng, train, test, err, err_len);
    nn_dataset_destroy(all);
    return st;
}

/* Output units the data asks for when the spec leaves it at 0. */
static int derive_outputs(const nn_Experiment *e, const nn_Dataset *d)
{
    if (e->n_out > 0)
        return e->n_out;
    if (d->task == NN_TASK_REGRESS)
        return d->n_targets;
    if (d->n_classes == 2 && e->loss != NN_LOSS_CCE && e->loss != NN_LOSS_SPARSE_CCE)
        return 1;
    return d->n_classes;
}

/* The data checks live in nn_experiment_validate: run them on a default
 * experiment carrying ds, so a bad data spec never reaches load_data. */
static nn_Status validate_data(const nn_DataSpec *ds, char *err, size_t err_len)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data = *ds;
    return nn_experiment_validate(&e, err, err_len);
}

nn_Status nn_session_load_data(const nn_DataSpec *ds, nn_Dataset **train, nn_Dataset **test,
                               char *err, size_t err_len)
{
    *train = *test = NULL;
    nn_Status st = validate_data(ds, err, err_len);
    if (st != NN_OK)
        return st;
    return load_data(ds, train, test, err, err_len);
}

/* Frees what the session owns and clears it; borrowed data is the caller's.
 * One set may be both train and test (trained on its own test set): freed once. */
static void free_parts(nn_Session *s)
{
    nn_trainer_destroy(s->trainer);
    nn_evaluator_destroy(s->eval);
    nn_opt_destroy(s->opt);
    nn_model_destroy(s->model);
    if (s->owns_train)
        nn_dataset_destroy(s->train);
    if (s->owns_test && !(s->owns_train && s->test == s->train))
        nn_dataset_destroy(s->test);
    free(s->history);
    memset(s, 0, sizeof *s);
}

static void init_weights(nn_Session *s)
{
    nn_Rng rng;
    seed_stream(&rng, s->spec.seed, 2);
    nn_model_init(s->model, s->spec.init, &rng);
}

/* Everything after the data: model, optimizer, trainer, evaluator. */
static nn_Status build_training(nn_Session *s, char *err, size_t err_len)
{
    const nn_Experiment *e = &s->spec;
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = e->n_hidden + 1;
    if (arch.n_layers > NN_MAX_LAYERS) {
        nn_errorf(err, err_len, "at most %d hidden layers, not %d", NN_MAX_LAYERS - 1, e->n_hidden);
        return NN_ERR_INVALID_ARG;
    }
    arch.sizes[0] = nn_dataset_input_width(s->train, e->data.features);
    for (int l = 0; l < e->n_hidden; l++) {
        arch.sizes[l + 1] = e->hidden[l];
        arch.act[l] = e->hidden_act[l];
    }
    arch.sizes[arch.n_layers] = derive_outputs(e, s->train);
    arch.act[arch.n_layers - 1] = e->out_act;
    nn_Status st = nn_model_create(&s->model, &arch, e->loss, err, err_len);
    if (st != NN_OK)
        return st;
    s->model->reg = e->reg;
    s->model->reg_rate = e->reg_rate;
    for (int l = 0; l < e->n_hidden; l++)
        s->model->dropout[l] = nn_experiment_dropout(e, l);
    s->model->dropout_in = e->input_dropout;
    init_weights(s);
    st = nn_opt_create(&s->opt, &e->opt, s->model->n_params, err, err_len);
    if (st != NN_OK)
        return st;
    nn_TrainConfig tc;
    train_config(e, &tc);
    st = nn_trainer_create(&s->trainer, s->model, s->opt, s->train, &tc, err, err_len);
    if (st != NN_OK)
        return st;
    if (s->test) {
        st = nn_dataset_check_model(s->test, e->data.features, arch.sizes[0],
                                    arch.sizes[arch.n_layers], e->loss, err, err_len);
        if (st != NN_OK)
            return st;
    }
    return nn_evaluator_create(&s->eval, &arch, NN_EVAL_CHUNK, err, err_len);
}

/* A session around data it is given, owned or not. On failure *out is NULL
 * and the data is untouched: whoever loaded it frees it. */
static nn_Status session_new(nn_Session **out, const nn_Experiment *spec, nn_Dataset *train,
                             nn_Dataset *test, int owns, char *err, size_t err_len)
{
    *out = NULL;
    nn_Session *s = calloc(1, sizeof *s);
    if (!s) {
        nn_errorf(err, err_len, "out of memory for the session");
        return NN_ERR_NOMEM;
    }
    s->spec = *spec;
    s->train = train;
    s->test = test;
    nn_Status st = build_training(s, err, err_len);
    if (st != NN_OK) {
        free_parts(s); /* owns nothing yet: the data stays */
        free(s);
        return st;
    }
    s->owns_train = s->owns_test = owns;
    *out = s;
    return NN_OK;
}

nn_Status nn_session_create(nn_Session **out, const nn_Experiment *spec, char *err, size_t err_len)
{
    *out = NULL;
    nn_Status st = nn_experiment_validate(spec, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Dataset *train = NULL, *test = NULL;
    st = load_data(&spec->data, &train, &test, err, err_len);
    if (st != NN_OK)
        return st;
    st = session_new(out, spec, train, test, 1, err, err_len);
    if (st != NN_OK) {
        nn_dataset_destroy(train);
        nn_dataset_destroy(test);
    }
    return st;
}

nn_Status nn_session_create_borrowed(nn_Session **out, const nn_Experiment *spec,
                                     nn_Dataset *train, nn_Dataset *test, char *err,
                                     size_t err_len)
{
    *out = NULL;
    nn_Status st = nn_experiment_validate(spec, err, err_len);
    if (st != NN_OK)
        return st;
    if (!train) {
        nn_errorf(err, err_len, "a session needs a training set");
        return NN_ERR_INVALID_ARG;
    }
    return session_new(out, spec, train, test, 0, err, err_len);
}

void nn_session_destroy(nn_Session *s)
{
    if (!s)
        return;
    free_parts(s);
    free(s);
}

void nn_session_reset(nn_Session *s)
{
    init_weights(s);
    nn_opt_reset(s->opt);
    nn_trainer_reset(s->trainer);
    s->n_history = 0;
}

nn_Status nn_session_rebuild(nn_Session *s, const nn_Experiment *spec, char *err, size_t err_len)
{
    nn_Status st = nn_experiment_validate(spec, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Session fresh;
    memset(&fresh, 0, sizeof fresh);
    fresh.spec = *spec;
    int same_data = memcmp(&spec->data, &s->spec.data, sizeof spec->data) == 0;
    if (same_data) {
        /* the build borrows the data (fresh owns nothing), so a failed
         * build frees none of it; ownership moves only on success */
        fresh.train = s->train;
        fresh.test = s->test;
    } else {
        st = load_data(&spec->data, &fresh.train, &fresh.test, err, err_len);
        if (st != NN_OK)
            return st;
        fresh.owns_train = fresh.owns_test = 1;
    }
    st = build_training(&fresh, err, err_len);
    if (st != NN_OK) {
        free_parts(&fresh);
        return st;
    }
    if (same_data) {
        fresh.owns_train = s->owns_train;
        fresh.owns_test = s->owns_test;
        s->owns_train = s->owns_test = 0;
    }
    free_parts(s);
    *s = fresh;
    return NN_OK;
}

nn_Status nn_session_set_optimizer(nn_Session *s, const nn_OptConfig *cfg, char *err, size_t err_len)
{
    nn_Optimizer *opt = NULL;
    nn_Status st = nn_opt_create(&opt, cfg, s->model->n_params, err, err_len);
    if (st != NN_OK)
        return st;
    nn_TrainConfig tc;
    train_config(&s->spec, &tc);
    nn_Trainer *tr = NULL;
    st = nn_trainer_create(&tr, s->model, opt, s->train, &tc, err, err_len);
    if (st != NN_OK) {
        nn_opt_destroy(opt);
        return st;
    }
    /* training goes on from where it was */
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    nn_trainer_set_cursor(tr, &c);
    nn_trainer_destroy(s->trainer);
    nn_opt_destroy(s->opt);
    s->trainer = tr;
    s->opt = opt;
    s->spec.opt = *cfg;
    return NN_OK;
}

/* The cursor for a trainer that takes over mid-training: the counters (epoch,
 * step, samples), the running diverged flag and the generator go on; the
 * current epoch starts over at batch 0 and is shuffled again from the
 * generator state it began with, so the spec's seed stream alone decides the
 * order. At an epoch boundary nothing of the new epoch ran yet: the generator
 * is already its start state (epoch_rng still belongs to the epoch before,
 * whose sums nn_session_record_epoch may still want). */
static nn_Cursor epoch_restarted(nn_Cursor c)
{
    if (c.batch > 0 || c.phase > 0) {
        c.rng = c.epoch_rng;
        c.epoch_loss_sum = 0.0;
        c.epoch_rows = 0;
        c.epoch_correct = 0;
    }
    c.batch = 0;
    c.phase = 0;
    return c;
}

/* A trainer for the session's model and optimizer on d in batches of
 * batch_size, with the spec's other training settings, continuing the
 * session's cursor at the start of its epoch. On failure *out is NULL. */
static nn_Status trainer_taking_over(const nn_Session *s, const nn_Dataset *d, int batch_size,
                                     nn_Trainer **out, char *err, size_t err_len)
{
    nn_TrainConfig tc;
    train_config(&s->spec, &tc);
    tc.batch_size = batch_size;
    nn_Status st = nn_trainer_create(out, s->model, s->opt, d, &tc, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Cursor c = epoch_restarted(nn_trainer_cursor(s->trainer));
    nn_trainer_set_cursor(*out, &c);
    return NN_OK;
}

nn_Status nn_session_set_train(nn_Session *s, nn_Dataset *d, int take_ownership, char *err,
                               size_t err_len)
{
    nn_Trainer *tr = NULL;
    nn_Status st = trainer_taking_over(s, d, s->spec.batch_size, &tr, err, err_len);
    if (st != NN_OK)
        return st;
    nn_trainer_destroy(s->trainer);
    s->trainer = tr;
    if (d == s->train) {
        /* the same set again (edited in place): it stays the session's if it was */
        s->owns_train = s->owns_train || take_ownership;
        return NN_OK;
    }
    if (s->train == s->test) /* it stays on as the test set, and with it its owner */
        s->owns_test = s->owns_test || s->owns_train;
    else if (s->owns_train)
        nn_dataset_destroy(s->train);
    s->train = d;
    s->owns_train = take_ownership != 0;
    return NN_OK;
}

nn_Status nn_session_set_batch_size(nn_Session *s, int batch_size, char *err, size_t err_len)
{
    nn_Trainer *tr = NULL;
    nn_Status st = trainer_taking_over(s, s->train, batch_size, &tr, err, err_len);
    if (st != NN_OK)
        return st;
    nn_trainer_destroy(s->trainer);
    s->trainer = tr;
    s->spec.batch_size = batch_size;
    return NN_OK;
}

nn_Status nn_session_adopt_model(nn_Session *s, nn_Model *m, nn_Optimizer *opt, char *err,
                                 size_t err_len)
{
    nn_Optimizer *own_opt = opt;
    nn_Status st = NN_OK;
    if (!own_opt) {
        st = nn_opt_create(&own_opt, &s->spec.opt, m->n_params, err, err_len);
        if (st != NN_OK)
            return st;
    }
    nn_TrainConfig tc;
    train_config(&s->spec, &tc);
    nn_Trainer *tr = NULL;
    nn_Evaluator *ev = NULL;
    st = nn_trainer_create(&tr, m, own_opt, s->train, &tc, err, err_len);
    if (st == NN_OK)
        st = nn_evaluator_create(&ev, &m->arch, NN_EVAL_CHUNK, err, err_len);
    if (st != NN_OK) {
        nn_trainer_destroy(tr);
        if (!opt)
            nn_opt_destroy(own_opt);
        return st;
    }
    nn_trainer_destroy(s->trainer);
    nn_evaluator_destroy(s->eval);
    nn_opt_destroy(s->opt);
    nn_model_destroy(s->model);
    s->trainer = tr;
    s->eval = ev;
    s->opt = own_opt;
    s->model = m;
    s->spec.opt = own_opt->cfg;
    s->spec.loss = m->loss;
    s->spec.reg = m->reg;
    s->spec.reg_rate = m->reg_rate;
    s->spec.n_dropout = nn_model_has_dropout(m) ? m->arch.n_layers - 1 : 0;
    for (int l = 0; l < NN_MAX_LAYERS; l++)
        s->spec.dropout[l] = l + 1 < m->arch.n_layers ? m->dropout[l] : 0.0f;
    s->spec.input_dropout = m->dropout_in;
    s->n_history = 0;
    return NN_OK;
}

nn_Status nn_session_checkpoint_take(const nn_Session *s, nn_Checkpoint *cp, char *err,
                                     size_t err_len)
{
    nn_Status st = nn_checkpoint_take(cp, s->model, s->opt, s->trainer, err, err_len);
    if (st != NN_OK)
        return st;
    cp->n_history = s->n_history;
    cp->batch_size = s->spec.batch_size;
    return NN_OK;
}

nn_Status nn_session_checkpoint_restore(nn_Session *s, const nn_Checkpoint *cp, char *err,
                                        size_t err_len)
{
    /* the same number of batches per epoch can come from two batch sizes */
    if (cp->batch_size > 0 && cp->batch_size != s->spec.batch_size) {
        nn_errorf(err, err_len,
                  "the checkpoint was taken in batches of %d, the session trains in %d",
                  cp->batch_size, s->spec.batch_size);
        return NN_ERR_INVALID_ARG;
    }
    nn_Status st = nn_checkpoint_restore(cp, s->model, s->opt, s->trainer, err, err_len);
    if (st != NN_OK)
        return st;
    if (cp->n_history >= 0 && cp->n_history < s->n_history)
        s->n_history = cp->n_history;
    return NN_OK;
}

void nn_session_evaluate(nn_Session *s, nn_Metrics *train, nn_Metrics *test, int64_t *confusion)
{
    if (train)
        nn_evaluate(s->eval, s->model, s->train, s->spec.data.features, train, NULL);
    if (test) {
        if (s->test) {
            nn_evaluate(s->eval, s->model, s->test, s->spec.data.features, test, confusion);
        } else {
            test->loss = test->data_loss = test->accuracy = NAN;
            test->rows = 0;
        }
    }
}

nn_Status nn_session_train_epoch(nn_Session *s, nn_EpochRecord *rec)
{
    double t0 = now_seconds();
    nn_Status st = nn_trainer_step_epoch(s->trainer);
    double secs = now_seconds() - t0;
    if (st != NN_OK)
        return st;
    return nn_session_record_epoch(s, secs, rec);
}

nn_Status nn_session_record_epoch(nn_Session *s, double secs, nn_EpochRecord *rec)
{
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    nn_EpochRecord r;
    r.epoch = c.epoch;
    r.step = c.step;
    r.train_loss = c.epoch_rows ? c.epoch_loss_sum / c.epoch_rows : NAN;
    r.train_acc = s->train->task == NN_TASK_CLASSIFY && c.epoch_rows
                      ? (double)c.epoch_correct / c.epoch_rows
                      : NAN;
    r.seconds = secs;
    r.samples = c.samples;
    /* from the record before, so a history cut back to a checkpoint's
     * length (nn_session_restore) sums only what it keeps */
    r.elapsed = (s->n_history > 0 ? s->history[s->n_history - 1].elapsed : 0.0) + secs;
    nn_Metrics te;
    nn_session_evaluate(s, NULL, &te, NULL);
    r.test_loss = te.loss;
    r.test_acc = te.accuracy;
    if (s->n_history == s->cap_history) {
        int64_t cap = s->cap_history ? 2 * s->cap_history : 64;
        nn_EpochRecord *h = realloc(s->history, (size_t)cap * sizeof *h);
        if (!h)
            return NN_ERR_NOMEM;
        s->history = h;
        s->cap_history = cap;
    }
    s->history[s->n_history++] = r;
    if (rec)
        *rec = r;
    return NN_OK;
}

nn_Status nn_session_save_history(const nn_Session *s, const char *path, char *err, size_t err_len)
{
    size_t cap = 128 + (size_t)s->n_history * 160, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        nn_errorf(err, err_len, "%s: out of memory", path);
        return NN_ERR_NOMEM;
    }
    len += (size_t)snprintf(buf + len, cap - len,
                            "epoch,step,train_loss,train_acc,test_loss,test_acc,seconds\n");
    for (int64_t i = 0; i < s->n_history; i++) {
        const nn_EpochRecord *r = &s->history[i];
        len += (size_t)snprintf(buf + len, cap - len, "%lld,%lld,%.9g,%.9g,%.9g,%.9g,%.6f\n",
                                (long long)r->epoch, (long long)r->step, r->train_loss,
                                r->train_acc, r->test_loss, r->test_acc, r->seconds);
    }
    nn_Status st = nn_write_file_atomic(path, buf, len, err, err_len);
    free(buf);
    return st;
}

const char *nn_stop_reason_name(nn_StopReason r)
{
    switch (r) {
    case NN_STOP_EPOCHS: return "epochs reached";
    case NN_STOP_STEPS: return "steps reached";
    case NN_STOP_LOSS: return "loss below the threshold";
    case NN_STOP_CALLER: return "stopped";
    }
    return "stopped";
}

nn_Status nn_session_train(nn_Session *s, int (*on_epoch)(const nn_EpochRecord *rec, void *ctx),
                           void *ctx, nn_StopReason *why)
{
    return nn_session_train_hooked(s, on_epoch, NULL, ctx, why);
}

nn_Status nn_session_train_hooked(nn_Session *s,
                                  int (*on_epoch)(const nn_EpochRecord *rec, void *ctx),
                                  void (*on_batch)(const nn_Session *s, void *ctx), void *ctx,
                                  nn_StopReason *why)
{
    const nn_Experiment *e = &s->spec;
    double t_epoch = now_seconds();
    *why = NN_STOP_EPOCHS;
    for (;;) {
        nn_Cursor c = nn_trainer_cursor(s->trainer);
        if (e->epochs > 0 && c.epoch >= e->epochs && c.batch == 0 && c.phase == 0)
            return NN_OK;
        if (e->steps > 0 && c.step >= e->steps) {
            *why = NN_STOP_STEPS;
            return NN_OK;
        }
        if (e->epochs <= 0 && e->steps <= 0 && !(e->stop_loss > 0.0))
            return NN_OK; /* nothing says when to stop: do nothing */
        nn_Status st = nn_trainer_step_batch(s->trainer);
        if (st != NN_OK)
            return st;
        int new_epoch = nn_trainer_cursor(s->trainer).epoch != c.epoch;
        if (on_batch && !new_epoch)
            on_batch(s, ctx);
        if (new_epoch) {
            double now = now_seconds();
            nn_EpochRecord r;
            st = nn_session_record_epoch(s, now - t_epoch, &r);
            if (st != NN_OK)
                return st;
            t_epoch = now;
            if (on_batch) /* after the record, which a checkpoint notes */
                on_batch(s, ctx);
            if (on_epoch && on_epoch(&r, ctx)) {
                *why = NN_STOP_CALLER;
                return NN_OK;
            }
            if (e->stop_loss > 0.0 && r.train_loss < e->stop_loss) {
                *why = NN_STOP_LOSS;
                return NN_OK;
            }
        }
    }
}
