/* trainer.c - the training cursor: phases, batches, epochs.
 *
 * One batch is the phase sequence documented in trainer.h. Every entry point
 * (phase, batch, epoch) runs the same phase functions, which is what makes
 * their results bit-identical. All buffers are allocated in create. */
#include "trainer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dense.h"
#include "fpmode.h"
#include "pool.h"

#define NN_PARALLEL_MIN_PARAMS 20000   /* smaller networks stay on one thread */
#define NN_PARALLEL_MIN_MACS (1 << 17) /* rows*in*out worth waking a worker for */

struct nn_Trainer {
    nn_Model *model;               /* borrowed */
    nn_Optimizer *opt;             /* borrowed */
    const nn_Dataset *data;        /* borrowed */
    nn_TrainConfig cfg;
    const nn_DenseKernels *k;
    nn_Cursor cur;
    nn_Phase last;
    int L;                         /* layers */
    int batches_per_epoch;
    int rows;                      /* rows of the current batch */
    int target_width;
    int *perm;                     /* (n) epoch order */
    float *x;                      /* (batch, sizes[0]) */
    float *t;                      /* (batch, target_width) */
    float *z[NN_MAX_LAYERS];       /* (batch, units) */
    float *a[NN_MAX_LAYERS];
    float *delta[NN_MAX_LAYERS];   /* dL/dz */
    float *da[NN_MAX_LAYERS];      /* dL/da, written by the layer above's backward */
    float *grads;                  /* (n_params), laid out like params */
    float *update;                 /* (n_params), the delta the last update applied */
    float *scratch;                /* (max in*out + in): W transposed and a zero bias */
    nn_Pool *pool;                 /* threads for large layers (NULL: one thread) */
    int pool_on;                   /* use the pool for the current batch */
    /* Whether threads pay off depends on how the host places them (two
     * virtual processors may share one core); the trainer keeps timing both
     * ways and uses the faster. Results are identical either way. */
    double batch_ns[2];            /* smoothed time per batch: [0] one thread, [1] pool */
    int64_t batches_timed;         /* batches since creation */
    float *block;                  /* one allocation behind the float buffers */
};

const char *nn_phase_name(nn_PhaseKind k)
{
    switch (k) {
    case NN_PHASE_FORWARD: return "forward";
    case NN_PHASE_LOSS: return "loss";
    case NN_PHASE_BACKWARD: return "backward";
    case NN_PHASE_UPDATE: return "update";
    }
    return "unknown";
}

nn_Status nn_trainer_create(nn_Trainer **out, nn_Model *model, nn_Optimizer *opt,
                            const nn_Dataset *train, const nn_TrainConfig *cfg, char *err,
                            size_t err_len)
{
    *out = NULL;
    if (cfg->batch_size < 1 || cfg->batch_size > (1 << 20)) {
        nn_errorf(err, err_len, "batch size must be 1 to %d, not %d", 1 << 20, cfg->batch_size);
        return NN_ERR_INVALID_ARG;
    }
    if (opt->n != model->n_params) {
        nn_errorf(err, err_len, "the optimizer holds %zu parameters but the model has %zu", opt->n,
                  model->n_params);
        return NN_ERR_INVALID_ARG;
    }
    if (!train || train->n < 1) {
        nn_errorf(err, err_len, "the training set is empty");
        return NN_ERR_INVALID_ARG;
    }
    const nn_Arch *arch = &model->arch;
    int L = arch->n_layers;
    nn_Status st = nn_dataset_check_model(train, cfg->features, arch->sizes[0], arch->sizes[L],
                                          model->loss, err, err_len);
    if (st != NN_OK)
        return st;

    int B = cfg->batch_size < train->n ? cfg->batch_size : train->n;
    int tw = nn_loss_target_width(model->loss, arch->sizes[L]);
    /* every buffer starts on a cache line (16 floats) */
#define PAD(n) ((((size_t)(n)) + 15) / 16 * 16)
    size_t total = PAD((size_t)B * arch->sizes[0]) + PAD((size_t)B * tw) + 2 * PAD(model->n_params);
    size_t scratch = 0;
    for (int l = 0; l < L; l++) {
        total += 4 * PAD((size_t)B * arch->sizes[l + 1]);
        size_t s = PAD((size_t)arch->sizes[l] * arch->sizes[l + 1]) + arch->sizes[l];
        scratch = s > scratch ? s : scratch;
    }
    total += PAD(scratch);

    nn_Trainer *t = calloc(1, sizeof *t);
    float *block = aligned_alloc(64, total * sizeof *block);
    int *perm = malloc((size_t)train->n * sizeof *perm);
    if (!t || !block || !perm) {
        free(t);
        free(block);
        free(perm);
        nn_errorf(err, err_len, "out of memory for the trainer (%zu floats)", total);
        return NN_ERR_NOMEM;
    }
    memset(block, 0, total * sizeof *block);
    t->model = model;
    t->opt = opt;
    t->data = train;
    t->cfg = *cfg;
    t->cfg.batch_size = B;
    t->k = nn_dense_kernels();
    t->L = L;
    t->target_width = tw;
    t->batches_per_epoch = (train->n + B - 1) / B;
    t->perm = perm;
    t->block = block;
    float *p = block;
    t->x = p, p += PAD((size_t)B * arch->sizes[0]);
    t->t = p, p += PAD((size_t)B * tw);
    t->grads = p, p += PAD(model->n_params);
    t->update = p, p += PAD(model->n_params);
    t->scratch = p, p += PAD(scratch);
    for (int l = 0; l < L; l++) {
        size_t n = PAD((size_t)B * arch->sizes[l + 1]);
        t->z[l] = p, p += n;
        t->a[l] = p, p += n;
        t->delta[l] = p, p += n;
        t->da[l] = p, p += n;
    }
#undef PAD
    int threads = cfg->threads > 0 ? cfg->threads : nn_pool_default_threads();
    if (threads > 1 && model->n_params >= NN_PARALLEL_MIN_PARAMS &&
        nn_pool_create(&t->pool, threads, err, err_len) != NN_OK)
        t->pool = NULL; /* one thread is slower, not wrong */
    t->pool_on = t->pool != NULL;
    nn_trainer_reset(t);
    *out = t;
    return NN_OK;
}

void nn_trainer_destroy(nn_Trainer *t)
{
    if (!t)
        return;
    nn_pool_destroy(t->pool);
    free(t->block);
    free(t->perm);
    free(t);
}

/* The epoch order follows from the generator state at the epoch's start. */
static void build_perm(nn_Trainer *t, nn_Rng *rng)
{
    int n = t->data->n;
    if (t->cfg.order) {
        t->cfg.order(t->cfg.order_ctx, t->cur.epoch, t->perm, n);
        return;
    }
    for (int i = 0; i < n; i++)
        t->perm[i] = i;
    if (t->cfg.shuffle)
        nn_rng_shuffle_int(rng, t->perm, n);
}

void nn_trainer_reset(nn_Trainer *t)
{
    memset(&t->cur, 0, sizeof t->cur);
    t->cur.rng = t->cfg.rng;
    t->cur.epoch_rng = t->cfg.rng;
    t->cur.last_loss = NAN;
    t->cur.last_data_loss = NAN;
    t->last.kind = (nn_PhaseKind)-1;
    t->last.layer = -1;
    t->rows = 0;
    build_perm(t, &t->cur.rng);
}

nn_Cursor nn_trainer_cursor(const nn_Trainer *t)
{
    return t->cur;
}

void nn_trainer_set_cursor(nn_Trainer *t, const nn_Cursor *c)
{
    t->cur = *c;
    /* intermediates of a half-run batch are not part of the cursor: restart it */
    t->cur.phase = 0;
    nn_Rng r = c->epoch_rng;
    build_perm(t, &r);
    t->last.kind = (nn_PhaseKind)-1;
    t->last.layer = -1;
}

static nn_Phase phase_at(const nn_Trainer *t, int p)
{
    nn_Phase ph;
    int L = t->L;
    if (p < L) {
        ph.kind = NN_PHASE_FORWARD;
        ph.layer = p;
    } else if (p == L) {
        ph.kind = NN_PHASE_LOSS;
        ph.layer = -1;
    } else if (p <= 2 * L) {
        ph.kind = NN_PHASE_BACKWARD;
        ph.layer = 2 * L - p;
    } else {
        ph.kind = NN_PHASE_UPDATE;
        ph.layer = -1;
    }
    return ph;
}

nn_Phase nn_trainer_next_phase(const nn_Trainer *t) { return phase_at(t, t->cur.phase); }
nn_Phase nn_trainer_last_phase(const nn_Trainer *t) { return t->last; }
int nn_trainer_phases_per_batch(const nn_Trainer *t) { return 2 * t->L + 2; }
int nn_trainer_batches_per_epoch(const nn_Trainer *t) { return t->batches_per_epoch; }

/* ---- splitting large layers between threads ------------------------------
 * The forward pass and dW are split by bands of output columns (whole cache
 * lines), the update by contiguous halves of the parameters (its optimizer
 * state then stays with one core). Every value is computed by one thread in
 * the same order as on one thread: the thread count never changes a result. */

typedef enum { JOB_FORWARD, JOB_PARAMS, JOB_UPDATE, JOB_GATHER } JobKind;

typedef struct {
    nn_Trainer *t;
    JobKind kind;
    float *y;          /* z (forward) or dW (params) */
    float *db;
    const float *x, *W, *b, *dz;
    int rows, in, out;
} Job;

/* Part `part` of [0, n) in chunks that are multiples of align. */
static void split(int n, int align, int part, int parts, int *lo, int *hi)
{
    int chunk = (n + parts - 1) / parts;
    chunk = (chunk + align - 1) / align * align;
    *lo = part * chunk < n ? part * chunk : n;
    *hi = *lo + chunk < n ? *lo + chunk : n;
}

static void run_job(void *ctx, int part, int parts)
{
    Job *j = ctx;
    nn_Trainer *t = j->t;
    int lo, hi;
    switch (j->kind) {
    case JOB_FORWARD:
        split(j->out, 16, part, parts, &lo, &hi);
        if (lo < hi)
            t->k->forward(j->y, j->x, j->W, j->b, j->rows, j->in, j->out, lo, hi);
        break;
    case JOB_PARAMS:
        split(j->out, 16, part, parts, &lo, &hi);
        if (lo < hi)
            t->k->backward_params(j->y, j->db, j->x, j->dz, j->rows, j->in, j->out, lo, hi);
        break;
    case JOB_GATHER: {
        /* batch rows dealt out; image rows are converted from bytes here */
        const int *idx = t->perm + (size_t)t->cur.batch * t->cfg.batch_size;
        split(t->rows, 1, part, parts, &lo, &hi);
        if (lo < hi)
            nn_dataset_gather_x(t->data, idx + lo, hi - lo, t->cfg.features,
                                t->x + (size_t)lo * t->model->arch.sizes[0]);
        break;
    }
    case JOB_UPDATE: {
        /* contiguous halves of the parameter vector: the optimizer state
         * each thread owns never moves between cores */
        size_t n = t->model->n_params, chunk = (n + (size_t)parts - 1) / (size_t)parts;
        chunk = (chunk + 15) / 16 * 16;
        size_t a = (size_t)part * chunk < n ? (size_t)part * chunk : n;
        size_t e = a + chunk < n ? a + chunk : n;
        if (a < e)
            nn_opt_step_range(t->opt, t->model->params, t->grads, t->update, a, e);
        break;
    }
    }
}

static int worth_threads(const nn_Trainer *t, int rows, int in, int out)
{
    return t->pool_on && (int64_t)rows * in * out >= NN_PARALLEL_MIN_MACS;
}

/* y = x W + b, split between threads when large */
static void dense_forward(nn_Trainer *t, float *y, const float *x, const float *W,
                          const float *b, int rows, int in, int out)
{
    if (!worth_threads(t, rows, in, out)) {
        t->k->forward(y, x, W, b, rows, in, out, 0, out);
        return;
    }
    Job j = {t, JOB_FORWARD, y, NULL, x, W, b, NULL, rows, in, out};
    nn_pool_run(t->pool, run_job, &j);
}

static void dense_params(nn_Trainer *t, float *dW, float *db, const float *x, const float *dz,
                         int rows, int in, int out)
{
    if (!worth_threads(t, rows, in, out)) {
        t->k->backward_params(dW, db, x, dz, rows, in, out, 0, out);
        return;
    }
    Job j = {t, JOB_PARAMS, dW, db, x, NULL, NULL, dz, rows, in, out};
    nn_pool_run(t->pool, run_job, &j);
}

/* FORWARD l: z_l = a_{l-1} W_l + b_l, a_l = f(z_l); layer 0 first gathers the batch. */
static void phase_forward(nn_Trainer *t, int l)
{
    const nn_Model *m = t->model;
    if (l == 0) {
        if (t->cur.batch == 0) {
            /* a new epoch: its order comes from the generator as it is now */
            t->cur.epoch_rng = t->cur.rng;
            build_perm(t, &t->cur.rng);
            t->cur.epoch_loss_sum = 0.0;
            t->cur.epoch_rows = 0;
            t->cur.epoch_correct = 0;
        }
        int start = (int)t->cur.batch * t->cfg.batch_size;
        int rows = t->data->n - start;
        t->rows = rows < t->cfg.batch_size ? rows : t->cfg.batch_size;
        const int *idx = t->perm + start;
        if (worth_threads(t, t->rows, m->arch.sizes[0], m->arch.sizes[1])) {
            Job j = {t, JOB_GATHER, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0};
            nn_pool_run(t->pool, run_job, &j);
        } else {
            nn_dataset_gather_x(t->data, idx, t->rows, t->cfg.features, t->x);
        }
        nn_dataset_gather_targets(t->data, idx, t->rows, m->loss, m->arch.act[t->L - 1],
                                  m->arch.sizes[t->L], t->t);
        /* large rows (images) come from all over memory: start loading the
         * next batch's now, while this one is computed */
        int next = start + t->rows;
        if (next < t->data->n) {
            int nrows = t->data->n - next < t->cfg.batch_size ? t->data->n - next : t->cfg.batch_size;
            nn_dataset_prefetch(t->data, t->perm + next, nrows);
        }
    }
    const float *in = l == 0 ? t->x : t->a[l - 1];
    int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
    dense_forward(t, t->z[l], in, m->W[l], m->b[l], t->rows, ni, no);
    t->k->act_forward(m->arch.act[l], t->a[l], t->z[l], t->rows, no);
}

/* LOSS: mean loss over the batch (+ penalty) and dL/dz of the output layer. */
static nn_Status phase_loss(nn_Trainer *t)
{
    const nn_Model *m = t->model;
    int L = t->L, no = m->arch.sizes[L];
    nn_Act out_act = m->arch.act[L - 1];
    double data_loss = nn_loss_eval(m->loss, out_act, t->z[L - 1], t->a[L - 1], t->t, t->rows,
                                    no, t->delta[L - 1]);
    double loss = data_loss + nn_model_reg_penalty(m);
    t->cur.last_data_loss = data_loss;
    t->cur.last_loss = loss;
    if (!isfinite(loss)) {
        t->cur.diverged = 1;
        return NN_DIVERGED;
    }
    t->cur.epoch_loss_sum += loss * t->rows;
    t->cur.epoch_rows += t->rows;
    if (t->data->task == NN_TASK_CLASSIFY) {
        const int *idx = t->perm + (size_t)t->cur.batch * t->cfg.batch_size;
        for (int r = 0; r < t->rows; r++)
            if (nn_predict_class(t->a[L - 1] + (size_t)r * no, no, out_act) == t->data->label[idx[r]])
                t->cur.epoch_correct++;
    }
    return NN_OK;
}

/* BACKWARD l: delta_l = dL/da_l * f'(z_l) (the output's came from the loss),
 * dW_l = a_{l-1}^T delta_l (+ penalty gradient), db_l = sum delta_l,
 * then dL/da_{l-1} = delta_l W_l^T for the layer below. */
static void phase_backward(nn_Trainer *t, int l)
{
    const nn_Model *m = t->model;
    int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
    if (l < t->L - 1)
        t->k->act_backward(m->arch.act[l], t->delta[l], t->da[l], t->z[l], t->a[l], t->rows, no);
    const float *in = l == 0 ? t->x : t->a[l - 1];
    float *dW = t->grads + m->W_off[l], *db = t->grads + m->b_off[l];
    dense_params(t, dW, db, in, t->delta[l], t->rows, ni, no);
    if (m->reg != NN_REG_NONE && m->reg_rate != 0.0f) {
        const float *W = m->W[l];
        float lam = m->reg_rate, lam2 = 2.0f * m->reg_rate;
        size_t n = (size_t)ni * no;
        if (m->reg == NN_REG_L2) {
            for (size_t i = 0; i < n; i++)
                dW[i] += lam2 * W[i]; /* d/dw lambda w^2 */
        } else {
            for (size_t i = 0; i < n; i++) /* d/dw lambda |w|, 0 at w = 0 */
                dW[i] += W[i] > 0.0f ? lam : (W[i] < 0.0f ? -lam : 0.0f);
        }
    }
    if (l > 0) {
        /* dL/da_{l-1} = delta_l W_l^T: the forward kernel on W transposed */
        float *WT = t->scratch, *zero = t->scratch + (size_t)ni * no;
        nn_dense_transpose(WT, m->W[l], ni, no);
        memset(zero, 0, (size_t)ni * sizeof *zero);
        dense_forward(t, t->da[l - 1], t->delta[l], WT, zero, t->rows, no, ni);
    }
}

/* UPDATE: the optimizer over every parameter, then the cursor moves on. */
static void phase_update(nn_Trainer *t)
{
    if (t->pool_on) {
        Job j = {t, JOB_UPDATE, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0};
        nn_pool_run(t->pool, run_job, &j);
        nn_opt_finish_step(t->opt);
    } else {
        nn_opt_step(t->opt, t->model->params, t->grads, t->update);
    }
    t->cur.step++;
    t->cur.samples += t->rows;
    t->cur.batch++;
    if (t->cur.batch >= t->batches_per_epoch) {
        t->cur.batch = 0;
        t->cur.epoch++;
    }
}

static nn_Status step_phase(nn_Trainer *t)
{
    if (t->cur.diverged)
        return NN_DIVERGED;
    nn_Phase ph = phase_at(t, t->cur.phase);
    switch (ph.kind) {
    case NN_PHASE_FORWARD: phase_forward(t, ph.layer); break;
    case NN_PHASE_LOSS: {
        nn_Status st = phase_loss(t);
        t->last = ph;
        if (st != NN_OK)
            return st;
        break;
    }
    case NN_PHASE_BACKWARD: phase_backward(t, ph.layer); break;
    case NN_PHASE_UPDATE: phase_update(t); break;
    }
    t->last = ph;
    t->cur.phase = ph.kind == NN_PHASE_UPDATE ? 0 : t->cur.phase + 1;
    return NN_OK;
}

static double mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Which way the next batch runs: mostly the faster one, and a few batches
 * the other way every so often, because the host can change its mind. */
static void choose_pool(nn_Trainer *t)
{
    if (!t->pool) {
        t->pool_on = 0;
        return;
    }
    int64_t k = t->batches_timed % 512;
    if (k < 8)
        t->pool_on = 1; /* probe threads */
    else if (k < 16)
        t->pool_on = 0; /* probe one thread */
    else
        t->pool_on = t->batch_ns[1] <= t->batch_ns[0];
}

static nn_Status step_batch(nn_Trainer *t)
{
    int whole = t->cur.phase == 0 && t->pool;
    double t0 = 0.0;
    if (whole) {
        choose_pool(t);
        t0 = mono_ns();
    }
    do {
        nn_Status st = step_phase(t);
        if (st != NN_OK)
            return st;
    } while (t->cur.phase != 0);
    if (whole) {
        double dt = mono_ns() - t0, *ema = &t->batch_ns[t->pool_on];
        *ema = *ema == 0.0 ? dt : 0.8 * *ema + 0.2 * dt;
        t->batches_timed++;
    }
    return NN_OK;
}

/* The public steps run with subnormals flushed (fpmode.h), restoring the
 * caller's mode on return. */
nn_Status nn_trainer_step_phase(nn_Trainer *t)
{
    nn_FpMode fp = nn_fp_enter();
    nn_Status st = step_phase(t);
    nn_fp_leave(fp);
    return st;
}

nn_Status nn_trainer_step_batch(nn_Trainer *t)
{
    nn_FpMode fp = nn_fp_enter();
    nn_Status st = step_batch(t);
    nn_fp_leave(fp);
    return st;
}

nn_Status nn_trainer_step_epoch(nn_Trainer *t)
{
    nn_FpMode fp = nn_fp_enter();
    nn_Status st = NN_OK;
    int64_t epoch = t->cur.epoch;
    while (st == NN_OK && t->cur.epoch == epoch)
        st = step_batch(t);
    nn_fp_leave(fp);
    return st;
}

int nn_trainer_batch_rows(const nn_Trainer *t) { return t->rows; }
const int *nn_trainer_batch_index(const nn_Trainer *t)
{
    int64_t b = t->cur.batch;
    if (t->cur.phase == 0 && t->cur.step > 0) /* between batches: the one just finished */
        b = b == 0 ? t->batches_per_epoch - 1 : b - 1;
    return t->perm + (size_t)b * t->cfg.batch_size;
}
const float *nn_trainer_batch_x(const nn_Trainer *t) { return t->x; }
const float *nn_trainer_batch_target(const nn_Trainer *t) { return t->t; }
static int layer_ok(const nn_Trainer *t, int l) { return l >= 0 && l < t->L; }
const float *nn_trainer_z(const nn_Trainer *t, int l) { return layer_ok(t, l) ? t->z[l] : NULL; }
const float *nn_trainer_a(const nn_Trainer *t, int l) { return layer_ok(t, l) ? t->a[l] : NULL; }
const float *nn_trainer_delta(const nn_Trainer *t, int l) { return layer_ok(t, l) ? t->delta[l] : NULL; }
const float *nn_trainer_dW(const nn_Trainer *t, int l)
{
    return layer_ok(t, l) ? t->grads + t->model->W_off[l] : NULL;
}
const float *nn_trainer_db(const nn_Trainer *t, int l)
{
    return layer_ok(t, l) ? t->grads + t->model->b_off[l] : NULL;
}
const float *nn_trainer_dA(const nn_Trainer *t, int l)
{
    return layer_ok(t, l) && l < t->L - 1 ? t->da[l] : NULL;
}
const float *nn_trainer_grads(const nn_Trainer *t) { return t->grads; }
static const float *slot(const nn_Trainer *t, int s, int l, int bias)
{
    if (!layer_ok(t, l) || s < 0 || s > 1 || !t->opt->slot[s])
        return NULL;
    return t->opt->slot[s] + (bias ? t->model->b_off[l] : t->model->W_off[l]);
}
const float *nn_trainer_slot_W(const nn_Trainer *t, int s, int l) { return slot(t, s, l, 0); }
const float *nn_trainer_slot_b(const nn_Trainer *t, int s, int l) { return slot(t, s, l, 1); }
const float *nn_trainer_update_W(const nn_Trainer *t, int l)
{
    return layer_ok(t, l) ? t->update + t->model->W_off[l] : NULL;
}
const float *nn_trainer_update_b(const nn_Trainer *t, int l)
{
    return layer_ok(t, l) ? t->update + t->model->b_off[l] : NULL;
}
const float *nn_trainer_update(const nn_Trainer *t) { return t->update; }
const nn_Model *nn_trainer_model(const nn_Trainer *t) { return t->model; }
const nn_Optimizer *nn_trainer_optimizer(const nn_Trainer *t) { return t->opt; }
const nn_Dataset *nn_trainer_data(const nn_Trainer *t) { return t->data; }
