/* run_snap.c - the frame's copy of a run's session.
 *
 * Taken under the training lock once a frame, so the training thread can go
 * on stepping while the frame is drawn: the model's parameters (copied into
 * a model of the same architecture), the cursor, the history (only new
 * records are copied), the gradients and last update when the edges show
 * them, and the inspected neuron's numbers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/run.h"

static int copy_model(app_Snap *S, const nn_Model *m)
{
    if (S->model && memcmp(&S->model->arch, &m->arch, sizeof m->arch) == 0 &&
        S->model->n_params == m->n_params) {
        memcpy(S->model->params, m->params, m->n_params * sizeof *m->params);
        S->model->loss = m->loss;
        S->model->reg = m->reg;
        S->model->reg_rate = m->reg_rate;
        memcpy(S->model->dropout, m->dropout, sizeof m->dropout);
        return 0;
    }
    char err[256];
    nn_Model *c = NULL;
    if (nn_model_clone(&c, m, err, sizeof err) != NN_OK)
        return -1; /* keep the old copy: the frame shows it a while longer */
    nn_model_destroy(S->model);
    S->model = c;
    return 0;
}

static void copy_history(app_Snap *S, const nn_Session *s)
{
    if (s->n_history < S->n_history)
        S->n_history = 0; /* reset or rebuilt */
    if (s->n_history > S->cap_history) {
        int64_t cap = S->cap_history ? S->cap_history : 64;
        while (cap < s->n_history)
            cap *= 2;
        nn_EpochRecord *h = realloc(S->history, (size_t)cap * sizeof *h);
        if (!h)
            return;
        S->history = h;
        S->cap_history = cap;
    }
    if (s->n_history > S->n_history)
        memcpy(S->history + S->n_history, s->history + S->n_history,
               (size_t)(s->n_history - S->n_history) * sizeof *S->history);
    S->n_history = s->n_history;
}

static int grow(float **buf, size_t *have, size_t n)
{
    if (*have >= n && *buf)
        return 0;
    float *b = realloc(*buf, n * sizeof *b);
    if (!b)
        return -1;
    *buf = b;
    *have = n;
    return 0;
}

static void copy_grads(app_Snap *S, const nn_Trainer *t, size_t n)
{
    size_t cap = S->n_grads;
    if (grow(&S->grads, &cap, n) != 0)
        return;
    size_t cap2 = S->n_grads;
    if (grow(&S->update, &cap2, n) != 0)
        return;
    S->n_grads = n;
    const float *g = nn_trainer_grads(t), *u = nn_trainer_update(t);
    if (g)
        memcpy(S->grads, g, n * sizeof *g);
    else
        memset(S->grads, 0, n * sizeof *S->grads);
    if (u)
        memcpy(S->update, u, n * sizeof *u);
    else
        memset(S->update, 0, n * sizeof *S->update);
    S->have_grads = 1;
}

/* ======================================================================== */
/* the inspected neuron                                                      */
/* ======================================================================== */

/* Which parts of the current batch have run, from the cursor's next phase:
 * FORWARD 0 .. L-1 are phases 0 .. L-1, LOSS is L, BACKWARD l is 2L - l,
 * UPDATE is 2L + 1; phase 0 with step > 0 means the last batch is complete. */
static void take_probe(app_Run *run, const app_SnapWants *want)
{
    const nn_Trainer *t = run->s->trainer;
    const nn_Model *m = run->s->model;
    app_Snap *S = &run->snap;
    app_Probe *P = &S->probe;
    int L = m->arch.n_layers;
    int l = want->layer, j = want->unit;
    S->have_probe = 0;
    if (l < 0 || l >= L || j < 0 || j >= m->arch.sizes[l + 1])
        return;
    memset(P, 0, sizeof *P);
    P->layer = l;
    P->unit = j;
    int in = m->arch.sizes[l], out = m->arch.sizes[l + 1];
    P->n_in = in;
    nn_Cursor c = nn_trainer_cursor(t);
    int p = c.phase;
    int done = p == 0 && c.step > 0; /* a whole batch ran */
    int started = done || p > 0;
    int have_in = done || (p > 0 && p >= (l > 0 ? l : 1));
    P->have_fwd = done || p > l;
    P->have_bwd = done || p > 2 * L - l;
    P->have_upd = done && !c.diverged;
    P->rows = started ? nn_trainer_batch_rows(t) : 0;
    int r = want->row;
    if (r >= P->rows)
        r = P->rows - 1;
    if (r < 0)
        r = 0;
    P->row = r;
    P->data_row = P->rows > 0 ? nn_trainer_batch_index(t)[r] : -1;

    const float *xin = NULL;
    if (have_in && P->rows > 0)
        xin = (l == 0 ? nn_trainer_batch_x(t) : nn_trainer_a(t, l - 1)) + (size_t)r * (size_t)in;
    const float *W = m->W[l];
    const float *g = nn_trainer_grads(t), *u = nn_trainer_update(t);
    const float *uW = P->have_upd && u ? u + m->W_off[l] : NULL;
    const float *gW = P->have_bwd && g ? g + m->W_off[l] : NULL;

    /* the weights the forward pass used: before this batch's update */
    P->ub = uW ? u[m->b_off[l] + (size_t)j] : NAN;
    P->bias = m->b[l][j] - (uW ? P->ub : 0.0f);
    P->db = gW ? g[m->b_off[l] + (size_t)j] : NAN;
    if (P->have_fwd && P->rows > 0) {
        P->z = nn_trainer_z(t, l)[(size_t)r * (size_t)out + (size_t)j];
        P->act = nn_trainer_a(t, l)[(size_t)r * (size_t)out + (size_t)j];
    } else {
        P->z = P->act = NAN;
    }
    P->delta = P->have_bwd && P->rows > 0 ? nn_trainer_delta(t, l)[(size_t)r * (size_t)out + (size_t)j]
                                          : NAN;

    /* list every input of a small layer in order; of a large one the
     * APP_PROBE_MAX largest contributions |w a| (or |w| before the forward pass) */
    double sum = 0;
    float key[APP_PROBE_MAX];
    int n = 0;
    for (int i = 0; i < in; i++) {
        size_t k = (size_t)i * (size_t)out + (size_t)j;
        float w = W[k] - (uW ? uW[k] : 0.0f);
        float x = xin ? xin[i] : NAN;
        if (xin)
            sum += (double)w * (double)x;
        float kv = in <= APP_PROBE_MAX ? (float)(in - i) : fabsf(xin ? w * x : w);
        if (n < APP_PROBE_MAX || kv > key[n - 1]) {
            int pos = n < APP_PROBE_MAX ? n++ : n - 1;
            while (pos > 0 && key[pos - 1] < kv) {
                key[pos] = key[pos - 1];
                P->idx[pos] = P->idx[pos - 1];
                P->w[pos] = P->w[pos - 1];
                P->x[pos] = P->x[pos - 1];
                P->dw[pos] = P->dw[pos - 1];
                P->uw[pos] = P->uw[pos - 1];
                pos--;
            }
            key[pos] = kv;
            P->idx[pos] = i;
            P->w[pos] = w;
            P->x[pos] = x;
            P->dw[pos] = gW ? gW[k] : NAN;
            P->uw[pos] = uW ? uW[k] : NAN;
        }
    }
    P->n_list = n;
    /* the slots of the listed weights, and what the inspector needs to
     * work the update out by hand */
    const nn_Optimizer *o = nn_trainer_optimizer(t);
    P->opt_kind = (int)o->cfg.kind;
    P->opt_t = o->iterations;
    P->lr = nn_opt_current_lr(o);
    P->beta1 = o->cfg.beta1;
    P->beta2 = o->cfg.beta2;
    P->eps = o->cfg.epsilon;
    P->momentum = o->cfg.momentum;
    P->rho = o->cfg.rho;
    for (int k = 0; k < n; k++) {
        size_t q = m->W_off[l] + (size_t)P->idx[k] * (size_t)out + (size_t)j;
        P->s0[k] = o->slot[0] ? o->slot[0][q] : NAN;
        P->s1[k] = o->slot[1] ? o->slot[1][q] : NAN;
    }
    P->fprime = P->have_fwd ? nn_act_derivative_scalar(m->arch.act[l], P->z, P->act) : NAN;
    P->da = P->have_bwd && l < L - 1 && P->rows > 0
                ? nn_trainer_dA(t, l)[(size_t)r * (size_t)out + (size_t)j]
                : NAN;
    int p_loss = done || p > L;
    P->have_loss = l == L - 1 && p_loss && P->rows > 0;
    P->target = NAN;
    P->row_loss = NAN;
    if (P->have_loss) {
        int tw = nn_loss_target_width(m->loss, out);
        const float *tg = nn_trainer_batch_target(t) + (size_t)r * (size_t)tw;
        P->target = tg[tw == out ? j : 0];
        size_t at = (size_t)r * (size_t)out;
        P->row_loss = nn_loss_eval(m->loss, m->arch.act[L - 1], nn_trainer_z(t, L - 1) + at,
                                   nn_trainer_a(t, L - 1) + at, tg, 1, out, NULL);
        /* the output's delta comes with the loss, before its backward phase */
        P->delta = nn_trainer_delta(t, l)[at + (size_t)j];
    }
    double listed = 0;
    for (int k = 0; k < n && xin; k++)
        listed += (double)P->w[k] * (double)P->x[k];
    P->sum_wx = xin ? sum : NAN;
    P->rest_wx = xin ? sum - listed : NAN;
    S->have_probe = 1;
}

/* The health log's new samples (all of it when it was thinned or cut). */
static void copy_health(app_Snap *S, const app_HealthLog *h)
{
    S->health_every = h->every;
    if (h->n == 0) {
        S->n_health = 0;
        S->health_version = h->version;
        return;
    }
    if (!S->health) {
        S->health = malloc(APP_HEALTH_CAP * sizeof *S->health);
        if (!S->health)
            return;
        S->n_health = 0;
    }
    int from = S->health_version == h->version && S->n_health <= h->n ? S->n_health : 0;
    if (h->n > from)
        memcpy(S->health + from, h->s + from, (size_t)(h->n - from) * sizeof *h->s);
    S->n_health = h->n;
    S->health_version = h->version;
}

void app_run_snap_take(app_Run *r, const app_SnapWants *w)
{
    app_Snap *S = &r->snap;
    const nn_Session *s = r->s;
    S->spec = s->spec;
    S->train = s->train;
    S->test = s->test;
    S->phase_view = r->phase_view;
    S->diverged = r->diverged;
    copy_model(S, s->model);
    S->cursor = nn_trainer_cursor(s->trainer);
    S->batches_per_epoch = nn_trainer_batches_per_epoch(s->trainer);
    S->phases = nn_trainer_phases_per_batch(s->trainer);
    S->last_phase = nn_trainer_last_phase(s->trainer);
    copy_history(S, s);
    S->have_grads = 0;
    /* stepping by phase, the edges show the gradients and the update */
    if (w->grads || r->phase_view)
        copy_grads(S, s->trainer, s->model->n_params);
    S->have_probe = 0;
    if (w->inspect)
        take_probe(r, w);
    app_run_snap_timeline(r);
    copy_health(S, &r->health);
    app_row_view_take(&S->rowv, s->trainer, w->row);
}
