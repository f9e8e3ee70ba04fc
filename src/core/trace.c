/* trace.c - the first batches of training written out number by number. */
#include "core/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/loss.h"
#include "engine/model_io.h"

/* A growing text buffer; a failed growth sets oom and drops the rest. */
typedef struct {
    char *p;
    size_t len, cap;
    int oom;
} Buf;

static void put(Buf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : (size_t)1 << 16;
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
}

/* Where a line sits: batch, phase name and layer (1-based; 0 = inputs, -1
 * = none: the field is left empty). */
typedef struct {
    Buf *b;
    long long batch;
    const char *phase;
    int layer;
} At;

static void head(const At *at, const char *q)
{
    if (at->layer >= 0)
        put(at->b, "%lld,%s,%d,%s,", at->batch, at->phase, at->layer, q);
    else
        put(at->b, "%lld,%s,,%s,", at->batch, at->phase, q);
}

/* One scalar (row, i, j empty). %.9g gives a float back exactly. */
static void scalar(const At *at, const char *q, double v)
{
    head(at, q);
    put(at->b, ",,,%.9g\n", v);
}

/* (rows, cols): row and j filled. */
static void per_row(const At *at, const char *q, const float *v, int rows, int cols)
{
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++) {
            head(at, q);
            put(at->b, "%d,,%d,%.9g\n", r, j, (double)v[(size_t)r * (size_t)cols + (size_t)j]);
        }
}

/* A kernel (in, out): i and j filled. */
static void kernel(const At *at, const char *q, const float *v, int in, int out)
{
    for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++) {
            head(at, q);
            put(at->b, ",%d,%d,%.9g\n", i, j, (double)v[(size_t)i * (size_t)out + (size_t)j]);
        }
}

/* A bias-shaped vector (out): j filled. */
static void vec(const At *at, const char *q, const float *v, int out)
{
    for (int j = 0; j < out; j++) {
        head(at, q);
        put(at->b, ",,%d,%.9g\n", j, (double)v[j]);
    }
}

/* The optimizer's state slots under their names ("m_W", "velocity_b"). */
static void opt_state(const At *at, const nn_Session *s, int l)
{
    const nn_Arch *a = &s->model->arch;
    for (int k = 0; k < 2; k++) {
        const char *name = nn_opt_slot_name(s->opt->cfg.kind, k);
        const float *w = nn_trainer_slot_W(s->trainer, k, l);
        const float *bb = nn_trainer_slot_b(s->trainer, k, l);
        if (!name || !w || !bb)
            continue;
        char q[40];
        snprintf(q, sizeof q, "%s_W", name);
        for (char *c = q; *c; c++)
            if (*c == ' ')
                *c = '_';
        kernel(at, q, w, a->sizes[l], a->sizes[l + 1]);
        q[strlen(q) - 1] = 'b';
        vec(at, q, bb, a->sizes[l + 1]);
    }
}

/* The parameters and optimizer state a batch starts from. */
static void batch_start(At *at, const nn_Session *s)
{
    const nn_Arch *a = &s->model->arch;
    at->phase = "start";
    at->layer = -1;
    scalar(at, "iterations", (double)s->opt->iterations);
    scalar(at, "lr", (double)nn_opt_current_lr(s->opt));
    for (int l = 0; l < a->n_layers; l++) {
        at->layer = l + 1;
        kernel(at, "W", s->model->W[l], a->sizes[l], a->sizes[l + 1]);
        vec(at, "b", s->model->b[l], a->sizes[l + 1]);
        opt_state(at, s, l);
    }
}

/* What the phase just run computed. */
static void phase_done(At *at, const nn_Session *s)
{
    const nn_Trainer *t = s->trainer;
    const nn_Arch *a = &s->model->arch;
    int L = a->n_layers, rows = nn_trainer_batch_rows(t);
    nn_Phase ph = nn_trainer_last_phase(t);
    at->phase = nn_phase_name(ph.kind);
    at->layer = ph.kind == NN_PHASE_FORWARD || ph.kind == NN_PHASE_BACKWARD ? ph.layer + 1 : -1;
    switch (ph.kind) {
    case NN_PHASE_FORWARD:
        if (ph.layer == 0) {
            const int *idx = nn_trainer_batch_index(t);
            int tw = nn_loss_target_width(s->model->loss, a->sizes[L]);
            at->layer = 0;
            for (int r = 0; r < rows; r++) {
                head(at, "data_row");
                put(at->b, "%d,,,%d\n", r, idx[r]);
            }
            per_row(at, "x", nn_trainer_batch_x(t), rows, a->sizes[0]);
            per_row(at, "y", nn_trainer_batch_target(t), rows, tw);
            at->layer = 1;
        }
        per_row(at, "z", nn_trainer_z(t, ph.layer), rows, a->sizes[ph.layer + 1]);
        per_row(at, "a", nn_trainer_a(t, ph.layer), rows, a->sizes[ph.layer + 1]);
        break;
    case NN_PHASE_LOSS: {
        nn_Cursor c = nn_trainer_cursor(t);
        scalar(at, "loss", c.last_loss);
        scalar(at, "data_loss", c.last_data_loss);
        int n = a->sizes[L], tw = nn_loss_target_width(s->model->loss, n);
        const float *z = nn_trainer_z(t, L - 1), *act = nn_trainer_a(t, L - 1);
        const float *y = nn_trainer_batch_target(t);
        for (int r = 0; r < rows; r++) {
            double v = nn_loss_eval(s->model->loss, a->act[L - 1], z + (size_t)r * n,
                                    act + (size_t)r * n, y + (size_t)r * tw, 1, n, NULL);
            head(at, "row_loss");
            put(at->b, "%d,,,%.9g\n", r, v);
        }
        at->layer = L;
        per_row(at, "delta", nn_trainer_delta(t, L - 1), rows, n);
        break;
    }
    case NN_PHASE_BACKWARD: {
        int l = ph.layer;
        if (l < L - 1)
            per_row(at, "delta", nn_trainer_delta(t, l), rows, a->sizes[l + 1]);
        kernel(at, "dW", nn_trainer_dW(t, l), a->sizes[l], a->sizes[l + 1]);
        vec(at, "db", nn_trainer_db(t, l), a->sizes[l + 1]);
        if (l > 0) {
            at->layer = l; /* dL/da of the layer below */
            per_row(at, "dA", nn_trainer_dA(t, l - 1), rows, a->sizes[l]);
        }
        break;
    }
    case NN_PHASE_UPDATE:
        scalar(at, "iterations", (double)s->opt->iterations);
        for (int l = 0; l < L; l++) {
            at->layer = l + 1;
            opt_state(at, s, l);
            kernel(at, "change_W", nn_trainer_update_W(t, l), a->sizes[l], a->sizes[l + 1]);
            vec(at, "change_b", nn_trainer_update_b(t, l), a->sizes[l + 1]);
            kernel(at, "W_after", s->model->W[l], a->sizes[l], a->sizes[l + 1]);
            vec(at, "b_after", s->model->b[l], a->sizes[l + 1]);
        }
        break;
    }
}

int app_trace_write(nn_Session *s, const char *path, int batches, char *err, size_t err_len)
{
    nn_Checkpoint *cp = NULL;
    if (nn_checkpoint_create(&cp, s->model, s->opt, err, err_len) != NN_OK)
        return -1;
    if (nn_session_checkpoint_take(s, cp, err, err_len) != NN_OK) {
        nn_checkpoint_destroy(cp);
        return -1;
    }
    Buf b = {0};
    At at = {&b, 0, "", -1};
    put(&b, "batch,phase,layer,quantity,row,i,j,value\n");
    int64_t step0 = nn_trainer_cursor(s->trainer).step;
    int phases = nn_trainer_phases_per_batch(s->trainer);
    nn_Status st = NN_OK;
    for (int k = 0; k < batches && st == NN_OK && !b.oom; k++) {
        if (s->spec.steps > 0 && step0 + k >= s->spec.steps)
            break;
        at.batch = k;
        batch_start(&at, s);
        for (int p = 0; p < phases && st == NN_OK; p++) {
            at.phase = "";
            st = nn_trainer_step_phase(s->trainer);
            if (st == NN_OK || nn_trainer_last_phase(s->trainer).kind == NN_PHASE_LOSS)
                phase_done(&at, s);
        }
    }
    int rc = 0;
    if (b.oom) {
        snprintf(err, err_len, "%s: out of memory for the trace (try fewer --trace-batches)", path);
        rc = -1;
    } else if (nn_write_file_atomic(path, b.p, b.len, err, err_len) != NN_OK) {
        rc = -1;
    }
    free(b.p);
    char err2[256];
    if (nn_session_checkpoint_restore(s, cp, err2, sizeof err2) != NN_OK && rc == 0) {
        snprintf(err, err_len, "%s", err2);
        rc = -1;
    }
    nn_checkpoint_destroy(cp);
    return rc;
}
