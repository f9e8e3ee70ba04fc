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
#define NN_SPARSE_MAX_CELLS (1 << 22) /* batch x inputs up to which inputs are listed */
#define NN_PROBE_WARMUP 16             /* batches before the first timing */
#define NN_PROBE_PERIOD 512            /* batches from one timing probe to the next */
#define NN_PROBE_RUN 10                /* batches run each way per probe ... */
#define NN_PROBE_BATCHES 6             /* ... of which the last ones are timed */
#define NN_PROBE_MARGIN 0.95           /* threads must save 5 %: a second busy core for
                                          less is not worth it, and noise decides less */

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
    float *scratch;                /* (max in*out): W transposed */
    float *partial;                /* (batch, max units): a large layer's second half-sum */
    float *zeros;                  /* (max units), never written: the zero bias of the
                                      second half-sum and of dL/da */
    nn_Pool *pool;                 /* threads for large layers (NULL: one thread) */
    int pool_on;                   /* use the pool for the current batch */
    /* Whether threads pay off depends on how the host places them (two
     * virtual processors may share one core); the trainer keeps timing both
     * ways and uses the faster. Results are identical either way. */
    double probe_ns[2][NN_PROBE_BATCHES]; /* the last probe's batch times: [0] one thread, [1] pool */
    int64_t batches_seen;          /* whole batches stepped since creation */
    float *block;                  /* one allocation behind the float buffers */
    nn_SparseWork sparse[NN_POOL_MAX_THREADS]; /* per thread: lists of non-zero inputs */
    void *sparse_mem;
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
        size_t s = PAD((size_t)arch->sizes[l] * arch->sizes[l + 1]);
        scratch = s > scratch ? s : scratch;
    }
    total += PAD(scratch);
    int widest = 1;
    for (int l = 1; l <= L; l++)
        widest = arch->sizes[l] > widest ? arch->sizes[l] : widest;
    total += PAD((size_t)B * widest) + PAD(widest);

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
    t->partial = p, p += PAD((size_t)B * widest);
    t->zeros = p, p += PAD(widest);
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
    /* one list buffer per thread, for a batch of the widest layer's inputs;
     * huge batches do without (the lists would double the batch's memory) */
    int parts = t->pool ? nn_pool_threads(t->pool) : 1, widest_in = 1;
    for (int l = 0; l < L; l++)
        widest_in = arch->sizes[l] > widest_in ? arch->sizes[l] : widest_in;
    if ((size_t)B * widest_in <= NN_SPARSE_MAX_CELLS) {
        size_t per = (nn_sparse_work_size(B, widest_in) + 63) / 64 * 64;
        t->sparse_mem = aligned_alloc(64, per * (size_t)parts);
        for (int q = 0; t->sparse_mem && q < parts; q++)
            nn_sparse_work_init(&t->sparse[q], (char *)t->sparse_mem + per * (size_t)q, B,
                                widest_in);
    }
    nn_trainer_reset(t);
    *out = t;
    return NN_OK;
}

void nn_trainer_destroy(nn_Trainer *t)
{
    if (!t)
        return;
    nn_pool_destroy(t->pool);
    free(t->sparse_mem);
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

/* ---- large layers -----------------------------------------------------------
 * A large layer's weight rows (its inputs) are cut in two halves, and each
 * half of z = x W + b is summed on its own: z = (b + x[:, A] W[A]) +
 * x[:, B] W[B]. That grouping depends only on the layer's shape, so one
 * thread or several give the same bits. With threads, each owns a contiguous
 * share of every layer's weight rows: it computes its half of z, that share
 * of dW, and applies the update to it, so a weight's value, gradient and
 * optimizer state stay in one core's cache from step to step and no core
 * reads weights another has just written. */

typedef enum { JOB_FORWARD_HALF, JOB_FORWARD_FINISH, JOB_FORWARD_ROWS, JOB_PARAMS,
               JOB_UPDATE } JobKind;

typedef struct {
    nn_Trainer *t;
    JobKind kind;
    float *y;          /* z (forward) or dW (params) */
    float *db;
    const float *x, *W, *b, *dz;
    int rows, in, out;
    nn_Act act;        /* JOB_FORWARD_FINISH: the activation applied after the sum */
    float *a;
} Job;

/* The weight rows of a layer with `in` inputs that part `part` owns, as
 * even as whole blocks allow. With two parts these are the halves the
 * forward pass sums separately, and the input columns each thread gathers.
 * Blocks are whole cache lines of an input row (16 floats), and for wide
 * inputs 64 columns, a line of an image's bytes: a line read or written by
 * two cores stalls both while it moves between them. */
static void weight_rows(int in, int part, int parts, int *lo, int *hi)
{
    int align = in >= 256 ? 64 : 16;
    int64_t a = ((int64_t)in * part / parts + align / 2) / align * align;
    int64_t b = part + 1 == parts ? in : ((int64_t)in * (part + 1) / parts + align / 2) / align * align;
    *lo = (int)(a < in ? a : in);
    *hi = (int)(b < in ? b : in);
    if (*hi < *lo)
        *hi = *lo;
}

/* y = x W + b over all columns, x's rows ldx apart: the sparse kernel when
 * the trainer has input lists (it falls back by itself when x is dense),
 * with part's lists. */
static void kernel_forward(nn_Trainer *t, int part, float *y, const float *x, int ldx,
                           const float *W, const float *b, int rows, int in, int out)
{
    if (t->sparse_mem)
        t->k->forward_sparse(y, x, ldx, W, b, rows, in, out, &t->sparse[part]);
    else
        t->k->forward(y, x, ldx, W, b, rows, in, out, 0, out);
}

/* Half h (0 or 1) of z's sum, batch rows [r0, r1): half 0 starts from the
 * bias and goes to z, half 1 starts from zero and goes to the partial sum. */
static void forward_half(nn_Trainer *t, const Job *j, int h, int r0, int r1, int part)
{
    int lo, hi;
    weight_rows(j->in, h, 2, &lo, &hi);
    float *dst = h == 0 ? j->y : t->partial;
    const float *bias = h == 0 ? j->b : t->zeros;
    if (r0 < r1)
        kernel_forward(t, part, dst + (size_t)r0 * j->out, j->x + (size_t)r0 * j->in + lo, j->in,
                       j->W + (size_t)lo * j->out, bias, r1 - r0, hi - lo, j->out);
}

/* A layer large enough to be split: by its shape alone, never by whether
 * threads are running, so the grouping of sums is always the same. */
static int large_layer(const nn_Trainer *t, int rows, int in, int out)
{
    return t->model->n_params >= NN_PARALLEL_MIN_PARAMS && in >= 16 &&
           (int64_t)rows * in * out >= NN_PARALLEL_MIN_MACS;
}

static int worth_threads(const nn_Trainer *t, int rows, int in, int out)
{
    return t->pool_on && large_layer(t, rows, in, out);
}

/* Whether the first layer's threads gather the batch's raw inputs
 * themselves (in the forward job), each the block it computes with. */
static int gathers_in_job(const nn_Trainer *t)
{
    const nn_Arch *a = &t->model->arch;
    return t->cfg.features == 0 && worth_threads(t, t->rows, a->sizes[0], a->sizes[1]);
}

/* The rows of the batch after the current one within this epoch's order
 * (none at the epoch's end): where to prefetch. */
static void next_batch(const nn_Trainer *t, int *start, int *rows)
{
    int next = (int)t->cur.batch * t->cfg.batch_size + t->rows;
    int left = t->data->n - next;
    *start = next;
    *rows = left <= 0 ? 0 : (left < t->cfg.batch_size ? left : t->cfg.batch_size);
}

/* Which half of a large layer's sum part `part` computes, and over which of
 * `rows` batch rows: the first half of the threads take the first half of
 * the weight rows, the others the second, each over a share of the batch. */
static void half_share(int part, int parts, int rows, int *h, int *r0, int *r1)
{
    int first = (parts + 1) / 2;
    *h = part < first ? 0 : 1;
    int q = *h == 0 ? part : part - first, nq = *h == 0 ? first : parts - first;
    nn_pool_share(rows, 8, q, nq, r0, r1);
}

/* The batch's input columns of half h, rows [r0, r1), converted from the
 * data set by the thread that sums half h over those rows: no other core
 * writes those lines of x or reads those lines of the images. */
static void gather_block(nn_Trainer *t, int h, int r0, int r1)
{
    int dim = t->data->dim, c0, c1;
    weight_rows(dim, h, 2, &c0, &c1);
    const int *idx = t->perm + (size_t)t->cur.batch * t->cfg.batch_size;
    if (r0 < r1)
        nn_dataset_gather_x_cols(t->data, idx + r0, r1 - r0, t->x + (size_t)r0 * dim, c0, c1);
}

/* Starts loading the block of the next batch that part `part` will gather. */
static void prefetch_block(nn_Trainer *t, int part, int parts)
{
    int next, next_rows, h, r0, r1, c0, c1;
    next_batch(t, &next, &next_rows);
    half_share(part, parts, next_rows, &h, &r0, &r1);
    weight_rows(t->data->dim, h, 2, &c0, &c1);
    nn_dataset_prefetch(t->data, t->perm + next + r0, r1 - r0, c0, c1);
}

/* y = x W + b for batch rows [r0, r1), one sum per element (the sparse
 * kernel pays for dL/da = delta W^T, whose delta is zero wherever relu was). */
static void forward_rows(nn_Trainer *t, const Job *j, int r0, int r1, int part)
{
    if (r0 < r1)
        kernel_forward(t, part, j->y + (size_t)r0 * j->out, j->x + (size_t)r0 * j->in, j->in,
                       j->W, j->b, r1 - r0, j->in, j->out);
}

/* z = half 0 + half 1 and a = f(z), batch rows [r0, r1). */
static void forward_finish(nn_Trainer *t, const Job *j, int r0, int r1)
{
    size_t o = (size_t)r0 * j->out, n = (size_t)(r1 - r0) * j->out;
    float *restrict z = j->y + o;
    const float *restrict p = t->partial + o;
    for (size_t i = 0; i < n; i++)
        z[i] += p[i];
    if (r0 < r1)
        t->k->act_forward(j->act, j->a + o, z, r1 - r0, j->out);
}

static void run_job(void *ctx, int part, int parts)
{
    Job *j = ctx;
    nn_Trainer *t = j->t;
    int lo, hi;
    switch (j->kind) {
    case JOB_FORWARD_HALF: {
        int h;
        half_share(part, parts, j->rows, &h, &lo, &hi);
        if (j->x == t->x && gathers_in_job(t))
            gather_block(t, h, lo, hi);
        forward_half(t, j, h, lo, hi, part);
        break;
    }
    case JOB_FORWARD_FINISH:
        nn_pool_share(j->rows, 8, part, parts, &lo, &hi);
        forward_finish(t, j, lo, hi);
        break;
    case JOB_FORWARD_ROWS:
        nn_pool_share(j->rows, 8, part, parts, &lo, &hi);
        forward_rows(t, j, lo, hi, part);
        break;
    case JOB_PARAMS:
        weight_rows(j->in, part, parts, &lo, &hi);
        if (lo < hi)
            t->k->backward_params(j->y, part == 0 ? j->db : NULL, j->x, j->dz, j->rows, j->in,
                                  j->out, lo, hi, 0, j->out);
        break;
    case JOB_UPDATE: {
        /* each layer's weight rows as in JOB_PARAMS, its biases split alike */
        const nn_Model *m = t->model;
        if (gathers_in_job(t)) /* the next batch's inputs, while the update computes */
            prefetch_block(t, part, parts);
        for (int l = 0; l < t->L; l++) {
            int in = m->arch.sizes[l], out = m->arch.sizes[l + 1];
            weight_rows(in, part, parts, &lo, &hi);
            if (lo < hi)
                nn_opt_step_range(t->opt, m->params, t->grads, t->update,
                                  m->W_off[l] + (size_t)lo * out, m->W_off[l] + (size_t)hi * out);
            nn_pool_share(out, 16, part, parts, &lo, &hi);
            if (lo < hi)
                nn_opt_step_range(t->opt, m->params, t->grads, t->update, m->b_off[l] + lo,
                                  m->b_off[l] + hi);
        }
        break;
    }
    }
}

/* z = x W + b, a = f(z): a large layer in two halves (see above), on the
 * threads when they run. */
static void layer_forward(nn_Trainer *t, float *z, float *a, nn_Act act, const float *x,
                          const float *W, const float *b, int rows, int in, int out)
{
    if (!large_layer(t, rows, in, out)) {
        t->k->forward(z, x, in, W, b, rows, in, out, 0, out);
        t->k->act_forward(act, a, z, rows, out);
        return;
    }
    Job j = {t, JOB_FORWARD_HALF, z, NULL, x, W, b, NULL, rows, in, out, act, a};
    if (t->pool_on) {
        nn_pool_run(t->pool, run_job, &j);
        j.kind = JOB_FORWARD_FINISH;
        nn_pool_run(t->pool, run_job, &j);
    } else {
        forward_half(t, &j, 0, 0, rows, 0);
        forward_half(t, &j, 1, 0, rows, 0);
        forward_finish(t, &j, 0, rows);
    }
}

/* y = x W (+ b) with one sum per element, split by batch rows when large */
static void dense_forward(nn_Trainer *t, float *y, const float *x, const float *W,
                          const float *b, int rows, int in, int out)
{
    if (!large_layer(t, rows, in, out)) {
        t->k->forward(y, x, in, W, b, rows, in, out, 0, out);
        return;
    }
    Job j = {t, JOB_FORWARD_ROWS, y, NULL, x, W, b, NULL, rows, in, out, NN_ACT_LINEAR, NULL};
    if (t->pool_on)
        nn_pool_run(t->pool, run_job, &j);
    else
        forward_rows(t, &j, 0, rows, 0);
}

static void dense_params(nn_Trainer *t, float *dW, float *db, const float *x, const float *dz,
                         int rows, int in, int out)
{
    if (!worth_threads(t, rows, in, out)) {
        t->k->backward_params(dW, db, x, dz, rows, in, out, 0, in, 0, out);
        return;
    }
    Job j = {t, JOB_PARAMS, dW, db, x, NULL, NULL, dz, rows, in, out, NN_ACT_LINEAR, NULL};
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
        if (!gathers_in_job(t)) { /* else the forward job's threads gather */
            nn_dataset_gather_x(t->data, idx, t->rows, t->cfg.features, t->x);
            /* large rows (images) come from all over memory: start loading
             * the next batch's now, while this one is computed */
            int next, next_rows;
            next_batch(t, &next, &next_rows);
            nn_dataset_prefetch(t->data, t->perm + next, next_rows, 0, t->data->dim);
        }
        nn_dataset_gather_targets(t->data, idx, t->rows, m->loss, m->arch.act[t->L - 1],
                                  m->arch.sizes[t->L], t->t);
    }
    const float *in = l == 0 ? t->x : t->a[l - 1];
    int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
    layer_forward(t, t->z[l], t->a[l], m->arch.act[l], in, m->W[l], m->b[l], t->rows, ni, no);
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
        nn_dense_transpose(t->scratch, m->W[l], ni, no);
        dense_forward(t, t->da[l - 1], t->delta[l], t->scratch, t->zeros, t->rows, no, ni);
    }
}

/* UPDATE: the optimizer over every parameter, then the cursor moves on. */
static void phase_update(nn_Trainer *t)
{
    if (t->pool_on) {
        Job j = {t, JOB_UPDATE, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NN_ACT_LINEAR,
                 NULL};
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

/* The middle of the NN_PROBE_BATCHES times (the upper of the two middles). */
static double median(const double *v)
{
    double s[NN_PROBE_BATCHES];
    memcpy(s, v, sizeof s);
    for (int i = 1; i < NN_PROBE_BATCHES; i++)
        for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
            double x = s[j];
            s[j] = s[j - 1];
            s[j - 1] = x;
        }
    return s[NN_PROBE_BATCHES / 2];
}

static double mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Which way the next batch runs. Every NN_PROBE_PERIOD batches a probe runs
 * NN_PROBE_RUN batches on the threads, then NN_PROBE_RUN on one thread, and
 * times the last NN_PROBE_BATCHES of each run (the first ones pay for moving
 * the weights between the cores' caches, a cost the steady state does not
 * have). Threads then run until the next probe if their median is at least
 * NN_PROBE_MARGIN faster, because the host can change its mind. The first
 * batches warm the caches and are not timed. */
static int probe_slot(const nn_Trainer *t, int *pool_on)
{
    *pool_on = 1;
    int64_t n = t->batches_seen - NN_PROBE_WARMUP;
    if (n < 0)
        return -1;
    int k = (int)(n % NN_PROBE_PERIOD);
    if (k >= 2 * NN_PROBE_RUN)
        return -1;
    *pool_on = k < NN_PROBE_RUN;
    int i = k % NN_PROBE_RUN - (NN_PROBE_RUN - NN_PROBE_BATCHES);
    return i < 0 ? -1 : i;
}

static void choose_pool(nn_Trainer *t)
{
    if (!t->pool) {
        t->pool_on = 0;
        return;
    }
    int64_t n = t->batches_seen - NN_PROBE_WARMUP;
    int probe_on;
    if (n < 0) {
        t->pool_on = 1;
    } else if (n % NN_PROBE_PERIOD < 2 * NN_PROBE_RUN) {
        probe_slot(t, &probe_on);
        t->pool_on = probe_on;
    } else if (n % NN_PROBE_PERIOD == 2 * NN_PROBE_RUN) {
        t->pool_on = median(t->probe_ns[1]) < NN_PROBE_MARGIN * median(t->probe_ns[0]);
    }
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
        int on, i = probe_slot(t, &on);
        if (i >= 0)
            t->probe_ns[on][i] = mono_ns() - t0;
        t->batches_seen++;
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
