/* trainer.c - the training cursor: phases, batches, epochs.
 *
 * One batch is the phase sequence documented in trainer.h. Every entry point
 * (phase, batch, epoch) runs the same phase functions, which is what makes
 * their results bit-identical. All buffers are allocated in create.
 *
 * Read from the top: create and the cursor, then the four phases, each with
 * its equation above it, then the steps and the accessors. A phase calls one
 * nn_tr_ function per kernel job (z = x W + b, dW = x^T delta, ...): a small
 * layer runs its kernel at once (trainer_internal.h), a large one is split
 * into blocks that one thread or several compute (trainer_parallel.c).
 * dense_ref.c shows the sums every job computes, as plain loops. */
#include "trainer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dropout.h"
#include "fpmode.h"
#include "trainer_internal.h"

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

    size_t drop_total = 0; /* floats, then as many bytes, per hidden layer */
    for (int l = 0; l + 1 < L; l++)
        drop_total += PAD((size_t)B * arch->sizes[l + 1]);

    /* dropout on the inputs: a batch of dropped inputs, then its mask */
    size_t in_cells = model->dropout_in > 0.0f ? PAD((size_t)B * arch->sizes[0]) : 0;
    size_t in_bytes = (in_cells * (sizeof(float) + 1) + 63) / 64 * 64; /* aligned_alloc's rule */

    nn_Trainer *t = calloc(1, sizeof *t);
    float *block = aligned_alloc(64, total * sizeof *block);
    int *perm = malloc((size_t)train->n * sizeof *perm);
    void *drop_block = drop_total ? calloc(drop_total, sizeof(float) + 1) : NULL;
    float *in_block = in_cells ? aligned_alloc(64, in_bytes) : NULL;
    if (!t || !block || !perm || (drop_total && !drop_block) || (in_cells && !in_block)) {
        free(t);
        free(block);
        free(perm);
        free(drop_block);
        free(in_block);
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
    t->drop_block = drop_block;
    t->drop_key = nn_dropout_key(&cfg->rng);
    if (in_block) {
        memset(in_block, 0, in_bytes);
        t->drop_in_rate = model->dropout_in;
        t->x_dropped = in_block;
        t->x_mask = (uint8_t *)(in_block + in_cells);
    }
    float *dp = drop_block;
    uint8_t *mp = (uint8_t *)(dp + drop_total);
    for (int l = 0; l + 1 < L; l++) {
        size_t n = PAD((size_t)B * arch->sizes[l + 1]);
        t->dropped[l] = dp, dp += n;
        t->mask[l] = mp, mp += n;
    }
#undef PAD
    nn_tr_threads_create(t, cfg->threads > 0 ? cfg->threads : nn_pool_default_threads());
    nn_trainer_reset(t);
    *out = t;
    return NN_OK;
}

void nn_trainer_destroy(nn_Trainer *t)
{
    if (!t)
        return;
    nn_tr_threads_destroy(t);
    free(t->block);
    free(t->x_dropped);
    free(t->drop_block);
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
    memset(t->drop_rate, 0, sizeof t->drop_rate);
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
    t->rows = 0; /* the batch buffers hold no batch of this position */
    memset(t->drop_rate, 0, sizeof t->drop_rate);
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

/* What layer l reads: x (or x after the inputs' dropout), the output of
 * layer l-1, or that output after its dropout when the current batch's
 * forward applied one. */
static const float *layer_input(const nn_Trainer *t, int l)
{
    if (l == 0)
        return t->drop_in_rate > 0.0f ? t->x_dropped : t->x;
    return t->drop_rate[l - 1] > 0.0f ? t->dropped[l - 1] : t->a[l - 1];
}

/* FORWARD l: z_l = a_{l-1} W_l + b_l, a_l = f(z_l), with a_{-1} = x; layer 0
 * first gathers the batch: x and the targets of its rows. A hidden layer
 * with dropout then passes on d_l = m_l * a_l / (1 - rate), the mask m_l
 * drawn for this step and layer (dropout.h); a_l itself stays as f(z_l),
 * which the backward pass's f' needs. */
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
        nn_tr_gather_inputs(t, idx);
        nn_dataset_gather_targets(t->data, idx, t->rows, m->loss, m->arch.act[t->L - 1],
                                  m->arch.sizes[t->L], t->t);
        /* dropout on the inputs: x_d = m_x * x / (1 - rate), its own mask
         * stream (layer number NN_MAX_LAYERS, after every hidden layer's);
         * no gradient flows below the inputs, so only dW_0 reads x_d */
        if (t->drop_in_rate > 0.0f)
            nn_dropout_forward(t->x_dropped, t->x_mask, t->x, t->rows * m->arch.sizes[0],
                               t->drop_in_rate, t->drop_key, t->cur.step, NN_MAX_LAYERS);
    }
    const float *in = layer_input(t, l);
    int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
    nn_tr_layer_forward(t, t->z[l], t->a[l], m->arch.act[l], in, m->W[l], m->b[l], t->rows, ni, no);
    float rate = l + 1 < t->L ? m->dropout[l] : 0.0f;
    t->drop_rate[l] = rate;
    if (rate > 0.0f)
        nn_dropout_forward(t->dropped[l], t->mask[l], t->a[l], t->rows * no, rate, t->drop_key,
                           t->cur.step, l);
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
 * then dL/da_{l-1} = delta_l W_l^T for the layer below; through a dropout
 * after layer l-1 (a_{l-1} then stands for its output d_{l-1}), that is
 * dL/da_{l-1} = m_{l-1} * (delta_l W_l^T) / (1 - rate), the forward's mask. */
static void phase_backward(nn_Trainer *t, int l)
{
    const nn_Model *m = t->model;
    int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
    if (l < t->L - 1)
        t->k->act_backward(m->arch.act[l], t->delta[l], t->da[l], t->z[l], t->a[l], t->rows, no);
    const float *in = layer_input(t, l);
    float *dW = t->grads + m->W_off[l], *db = t->grads + m->b_off[l];
    nn_tr_dense_params(t, dW, db, in, t->delta[l], t->rows, ni, no);
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
        nn_tr_dense_forward(t, t->da[l - 1], t->delta[l], t->scratch, t->zeros, t->rows, no, ni);
        if (t->drop_rate[l - 1] > 0.0f)
            nn_dropout_backward(t->da[l - 1], t->mask[l - 1], t->rows * ni, t->drop_rate[l - 1]);
    }
}

/* UPDATE: every parameter takes the optimizer's step from its gradient
 * (SGD: w -= lr * dL/dw; optimizer.c has the others), then the cursor moves on. */
static void phase_update(nn_Trainer *t)
{
    nn_tr_optimizer_step(t);
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

static nn_Status step_batch(nn_Trainer *t)
{
    /* a whole batch is timed, to choose between one thread and the pool */
    int whole = t->cur.phase == 0;
    double start = whole ? nn_tr_batch_start(t) : 0.0;
    do {
        nn_Status st = step_phase(t);
        if (st != NN_OK)
            return st;
    } while (t->cur.phase != 0);
    if (whole)
        nn_tr_batch_done(t, start);
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
const uint8_t *nn_trainer_dropout_mask(const nn_Trainer *t, int l)
{
    return layer_ok(t, l) && t->drop_rate[l] > 0.0f && t->rows > 0 ? t->mask[l] : NULL;
}
const uint8_t *nn_trainer_input_dropout_mask(const nn_Trainer *t)
{
    return t->drop_in_rate > 0.0f && t->rows > 0 ? t->x_mask : NULL;
}
float nn_trainer_dropout_rate(const nn_Trainer *t, int l)
{
    return layer_ok(t, l) ? t->drop_rate[l] : 0.0f;
}
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
