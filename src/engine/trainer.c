/* trainer.c - the training cursor: phases, batches, epochs.
 *
 * One batch is the phase sequence documented in trainer.h. Every entry point
 * (phase, batch, epoch) runs the same phase functions, which is what makes
 * their results bit-identical. All buffers are allocated in create. */
#include "trainer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dense.h"

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
    float *scratch;                /* (max in*out + in) for backward_input */
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
    size_t total = (size_t)B * arch->sizes[0] + (size_t)B * tw + 2 * model->n_params;
    size_t scratch = 0;
    for (int l = 0; l < L; l++) {
        total += 4 * (size_t)B * arch->sizes[l + 1];
        size_t s = (size_t)arch->sizes[l] * arch->sizes[l + 1] + arch->sizes[l];
        scratch = s > scratch ? s : scratch;
    }
    total += scratch;

    nn_Trainer *t = calloc(1, sizeof *t);
    float *block = calloc(total, sizeof *block);
    int *perm = malloc((size_t)train->n * sizeof *perm);
    if (!t || !block || !perm) {
        free(t);
        free(block);
        free(perm);
        nn_errorf(err, err_len, "out of memory for the trainer (%zu floats)", total);
        return NN_ERR_NOMEM;
    }
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
    t->x = p, p += (size_t)B * arch->sizes[0];
    t->t = p, p += (size_t)B * tw;
    t->grads = p, p += model->n_params;
    t->update = p, p += model->n_params;
    t->scratch = p, p += scratch;
    for (int l = 0; l < L; l++) {
        size_t n = (size_t)B * arch->sizes[l + 1];
        t->z[l] = p, p += n;
        t->a[l] = p, p += n;
        t->delta[l] = p, p += n;
        t->da[l] = p, p += n;
    }
    nn_trainer_reset(t);
    *out = t;
    return NN_OK;
}

void nn_trainer_destroy(nn_Trainer *t)
{
    if (!t)
        return;
    free(t->block);
    free(t->perm);
    free(t);
}

/* The epoch order follows from the generator state at the epoch's start. */
static void build_perm(nn_Trainer *t, nn_Rng *rng)
{
    int n = t->data->n;
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
        nn_dataset_gather_x(t->data, idx, t->rows, t->cfg.features, t->x);
        nn_dataset_gather_targets(t->data, idx, t->rows, m->loss, m->arch.act[t->L - 1],
                                  m->arch.sizes[t->L], t->t);
    }
    const float *in = l == 0 ? t->x : t->a[l - 1];
    int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
    t->k->forward(t->z[l], in, m->W[l], m->b[l], t->rows, ni, no);
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
    t->k->backward_params(dW, db, in, t->delta[l], t->rows, ni, no);
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
    if (l > 0)
        t->k->backward_input(t->da[l - 1], t->delta[l], m->W[l], t->rows, ni, no, t->scratch);
}

/* UPDATE: the optimizer over every parameter, then the cursor moves on. */
static void phase_update(nn_Trainer *t)
{
    nn_opt_step(t->opt, t->model->params, t->grads, t->update);
    t->cur.step++;
    t->cur.samples += t->rows;
    t->cur.batch++;
    if (t->cur.batch >= t->batches_per_epoch) {
        t->cur.batch = 0;
        t->cur.epoch++;
    }
}

nn_Status nn_trainer_step_phase(nn_Trainer *t)
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

nn_Status nn_trainer_step_batch(nn_Trainer *t)
{
    do {
        nn_Status st = nn_trainer_step_phase(t);
        if (st != NN_OK)
            return st;
    } while (t->cur.phase != 0);
    return NN_OK;
}

nn_Status nn_trainer_step_epoch(nn_Trainer *t)
{
    int64_t epoch = t->cur.epoch;
    while (t->cur.epoch == epoch) {
        nn_Status st = nn_trainer_step_batch(t);
        if (st != NN_OK)
            return st;
    }
    return NN_OK;
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
const float *nn_trainer_grads(const nn_Trainer *t) { return t->grads; }
const float *nn_trainer_update(const nn_Trainer *t) { return t->update; }
const nn_Model *nn_trainer_model(const nn_Trainer *t) { return t->model; }
const nn_Optimizer *nn_trainer_optimizer(const nn_Trainer *t) { return t->opt; }
const nn_Dataset *nn_trainer_data(const nn_Trainer *t) { return t->data; }
