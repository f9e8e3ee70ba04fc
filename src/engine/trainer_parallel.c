/* trainer_parallel.c - how the trainer's large layers run: on one thread, or
 * shared between the pool's threads.
 *
 * trainer.c states each phase's math and calls one function per kernel job
 * (nn_tr_layer_forward, nn_tr_dense_forward, nn_tr_dense_params in
 * trainer_internal.h, nn_tr_optimizer_step here). A small layer runs its
 * kernel there and then; a large one comes here, to the jobs below: two
 * half-sums of the forward pass, dW by blocks of weight rows, the update by
 * the same blocks, shared between the pool's threads. The first layer's
 * threads gather and prefetch the inputs they use, and a probe keeps timing
 * one thread against the pool. Which way a batch runs never changes its
 * results. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trainer_internal.h"

/* NN_PARALLEL_MIN_PARAMS and NN_PARALLEL_MIN_MACS: trainer_internal.h */
#define NN_SPARSE_MAX_CELLS (1 << 22) /* batch x inputs up to which inputs are listed */
#define NN_PROBE_WARMUP 16             /* batches before the first timing */
#define NN_PROBE_PERIOD 512            /* batches from one timing probe to the next */
#define NN_PROBE_RUN 10                /* batches run each way per probe ... */
/* NN_PROBE_BATCHES (trainer_internal.h): ... of which the last ones are timed */
#define NN_PROBE_MARGIN 0.95           /* threads must save 5 %: a second busy core for
                                          less is not worth it, and noise decides less */

/* ---- the pool and the input lists ------------------------------------------ */

void nn_tr_threads_create(nn_Trainer *t, int threads)
{
    const nn_Arch *arch = &t->model->arch;
    int B = t->cfg.batch_size, L = t->L;
    char err[256];
    if (threads > 1 && t->model->n_params >= NN_PARALLEL_MIN_PARAMS &&
        nn_pool_create(&t->pool, threads, err, sizeof err) != NN_OK)
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
}

void nn_tr_threads_destroy(nn_Trainer *t)
{
    nn_pool_destroy(t->pool);
    free(t->sparse_mem);
}

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

static int worth_threads(const nn_Trainer *t, int rows, int in, int out)
{
    return t->pool_on && nn_tr_large_layer(t, rows, in, out);
}

/* Whether the first layer's threads gather the batch's raw inputs
 * themselves (in the forward job), each the block it computes with. Not
 * with dropout on the inputs: its mask is drawn over the whole batch first. */
static int gathers_in_job(const nn_Trainer *t)
{
    const nn_Arch *a = &t->model->arch;
    return t->cfg.features == 0 && t->drop_in_rate == 0.0f &&
           worth_threads(t, t->rows, a->sizes[0], a->sizes[1]);
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
        if (j->x == t->x && gathers_in_job(t)) {
            gather_block(t, h, lo, hi);
            /* the next batch's block starts loading now, a whole step
             * ahead: images come from all over memory */
            prefetch_block(t, part, parts);
        }
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

/* ---- the kernel jobs of large layers, and the steps around them ------------ */

/* x = the batch's inputs, gathered here unless the first layer's forward
 * job gathers them; then the next batch's rows start loading (large rows,
 * images, come from all over memory), while this one is computed. */
void nn_tr_gather_inputs(nn_Trainer *t, const int *idx)
{
    if (gathers_in_job(t))
        return;
    nn_dataset_gather_x(t->data, idx, t->rows, t->cfg.features, t->x);
    int next, next_rows;
    next_batch(t, &next, &next_rows);
    nn_dataset_prefetch(t->data, t->perm + next, next_rows, 0, t->data->dim);
}

/* z = x W + b, a = f(z) of a large layer: in two halves (see above), on the
 * threads when they run. */
void nn_tr_layer_forward_large(nn_Trainer *t, float *z, float *a, nn_Act act, const float *x,
                               const float *W, const float *b, int rows, int in, int out)
{
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

/* y = x W (+ b) of a large layer, one sum per element: split by batch rows
 * on the threads, and the sparse kernel on one thread as on several. */
void nn_tr_dense_forward_large(nn_Trainer *t, float *y, const float *x, const float *W,
                               const float *b, int rows, int in, int out)
{
    Job j = {t, JOB_FORWARD_ROWS, y, NULL, x, W, b, NULL, rows, in, out, NN_ACT_LINEAR, NULL};
    if (t->pool_on)
        nn_pool_run(t->pool, run_job, &j);
    else
        forward_rows(t, &j, 0, rows, 0);
}

/* dW and db of a large layer: split by weight rows when the threads run
 * (each element is one sum either way). */
void nn_tr_dense_params_large(nn_Trainer *t, float *dW, float *db, const float *x,
                              const float *dz, int rows, int in, int out)
{
    if (!t->pool_on) {
        t->k->backward_params(dW, db, x, dz, rows, in, out, 0, in, 0, out);
        return;
    }
    Job j = {t, JOB_PARAMS, dW, db, x, NULL, NULL, dz, rows, in, out, NN_ACT_LINEAR, NULL};
    nn_pool_run(t->pool, run_job, &j);
}

/* Every parameter at once, or on the threads each its blocks of weight rows */
void nn_tr_optimizer_step(nn_Trainer *t)
{
    if (t->pool_on) {
        Job j = {t, JOB_UPDATE, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NN_ACT_LINEAR,
                 NULL};
        nn_pool_run(t->pool, run_job, &j);
        nn_opt_finish_step(t->opt);
    } else {
        nn_opt_step(t->opt, t->model->params, t->grads, t->update);
    }
}

/* ---- one thread or the pool: the timing probe --------------------------------- */

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

double nn_tr_batch_start(nn_Trainer *t)
{
    if (!t->pool)
        return 0.0;
    choose_pool(t);
    return mono_ns();
}

void nn_tr_batch_done(nn_Trainer *t, double start)
{
    if (!t->pool)
        return;
    int on, i = probe_slot(t, &on);
    if (i >= 0)
        t->probe_ns[on][i] = mono_ns() - start;
    t->batches_seen++;
}
