/* checkpoint.c - copies of the training state (parameters, optimizer state,
 * cursor), taken between batches and restored without allocating.
 *
 * Every entry point checks shapes first and copies afterwards, so a refused
 * call has changed nothing. */
#include "checkpoint.h"

#include <stdlib.h>
#include <string.h>

/* The struct and its arrays share one 64-byte-aligned allocation; each
 * array starts on a cache line, as the model's and optimizer's do. */
#define NN_CKPT_HEADER (((sizeof(nn_Checkpoint) + 63u) / 64u) * 64u)
#define NN_CKPT_PAD(n) ((((n) + 15u) / 16u) * 16u)

/* ---- shapes ------------------------------------------------------------- */

/* Same layer count and sizes (the parameter layout); activations may differ. */
static int same_layers(const nn_Arch *a, const nn_Arch *b)
{
    if (a->n_layers != b->n_layers)
        return 0;
    for (int l = 0; l <= a->n_layers; l++)
        if (a->sizes[l] != b->sizes[l])
            return 0;
    return 1;
}

/* cp was made for m and opt's shape: parameter layout, optimizer kind and
 * which slots exist (RMSprop's momentum slot only with momentum > 0). */
static nn_Status check_shape(const nn_Checkpoint *cp, const nn_Model *m, const nn_Optimizer *opt,
                             char *err, size_t err_len)
{
    if (m->n_params != cp->n_params || !same_layers(&m->arch, &cp->arch)) {
        nn_errorf(err, err_len,
                  "the checkpoint's network (%zu parameters in %d layers) is shaped unlike the "
                  "model (%zu parameters in %d layers)",
                  cp->n_params, cp->arch.n_layers, m->n_params, m->arch.n_layers);
        return NN_ERR_INVALID_ARG;
    }
    int cp_slots = 0, opt_slots = 0, slots_differ = 0;
    for (int k = 0; k < 2; k++) {
        cp_slots += cp->slot[k] != NULL;
        opt_slots += opt->slot[k] != NULL;
        slots_differ |= (opt->slot[k] == NULL) != (cp->slot[k] == NULL);
    }
    if (opt->n != cp->n_params || opt->cfg.kind != cp->opt_kind || slots_differ) {
        nn_errorf(err, err_len,
                  "the checkpoint holds the state of %s (%d slots), the optimizer is %s (%d slots)",
                  nn_opt_name(cp->opt_kind), cp_slots, nn_opt_name(opt->cfg.kind), opt_slots);
        return NN_ERR_INVALID_ARG;
    }
    return NN_OK;
}

/* t trains m with opt: otherwise the cursor would go to one run and the
 * weights to another. */
static nn_Status check_trainer(const nn_Trainer *t, const nn_Model *m, const nn_Optimizer *opt,
                               char *err, size_t err_len)
{
    if (nn_trainer_model(t) != m || nn_trainer_optimizer(t) != opt) {
        nn_errorf(err, err_len, "the trainer trains another model or optimizer");
        return NN_ERR_INVALID_ARG;
    }
    return NN_OK;
}

/* ---- lifetime ----------------------------------------------------------- */

nn_Status nn_checkpoint_create(nn_Checkpoint **out, const nn_Model *m, const nn_Optimizer *opt,
                               char *err, size_t err_len)
{
    *out = NULL;
    if (opt->n != m->n_params) {
        nn_errorf(err, err_len, "the optimizer holds %zu parameters but the model has %zu",
                  opt->n, m->n_params);
        return NN_ERR_INVALID_ARG;
    }
    size_t stride = NN_CKPT_PAD(m->n_params), arrays = 1;
    for (int k = 0; k < 2; k++)
        arrays += opt->slot[k] != NULL;
    unsigned char *mem = aligned_alloc(64, NN_CKPT_HEADER + arrays * stride * sizeof(float));
    if (!mem) {
        nn_errorf(err, err_len, "out of memory for a checkpoint of %zu parameters",
                  m->n_params);
        return NN_ERR_NOMEM;
    }
    nn_Checkpoint *cp = (nn_Checkpoint *)(void *)mem;
    memset(cp, 0, sizeof *cp);
    cp->arch = m->arch;
    cp->n_params = m->n_params;
    cp->opt_kind = opt->cfg.kind;
    float *p = (float *)(void *)(mem + NN_CKPT_HEADER);
    memset(p, 0, arrays * stride * sizeof(float));
    cp->params = p;
    for (int k = 0; k < 2; k++) {
        if (opt->slot[k]) {
            p += stride;
            cp->slot[k] = p;
        }
    }
    cp->n_history = -1;
    *out = cp;
    return NN_OK;
}

void nn_checkpoint_destroy(nn_Checkpoint *cp)
{
    free(cp);
}

/* ---- take and restore --------------------------------------------------- */

nn_Status nn_checkpoint_take(nn_Checkpoint *cp, const nn_Model *m, const nn_Optimizer *opt,
                             const nn_Trainer *t, char *err, size_t err_len)
{
    nn_Status st = check_shape(cp, m, opt, err, err_len);
    if (st == NN_OK)
        st = check_trainer(t, m, opt, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Cursor c = nn_trainer_cursor(t);
    if (c.phase != 0) {
        /* the batch's intermediates are not kept: see checkpoint.h */
        nn_errorf(err, err_len,
                  "a checkpoint is taken between batches, not at phase %d of %d (restore the "
                  "batch's start and replay its phases)",
                  c.phase, nn_trainer_phases_per_batch(t));
        return NN_ERR_INVALID_ARG;
    }
    size_t bytes = cp->n_params * sizeof(float);
    memcpy(cp->params, m->params, bytes);
    for (int k = 0; k < 2; k++)
        if (cp->slot[k])
            memcpy(cp->slot[k], opt->slot[k], bytes);
    cp->iterations = opt->iterations;
    cp->cursor = c;
    cp->rows = nn_trainer_data(t)->n;
    cp->batches = nn_trainer_batches_per_epoch(t);
    cp->n_history = -1; /* until a session says otherwise */
    cp->batch_size = 0;
    cp->taken = 1;
    return NN_OK;
}

nn_Status nn_checkpoint_restore(const nn_Checkpoint *cp, nn_Model *m, nn_Optimizer *opt,
                                nn_Trainer *t, char *err, size_t err_len)
{
    if (!cp->taken) {
        nn_errorf(err, err_len, "the checkpoint was never taken");
        return NN_ERR_INVALID_ARG;
    }
    nn_Status st = check_shape(cp, m, opt, err, err_len);
    if (st == NN_OK)
        st = check_trainer(t, m, opt, err, err_len);
    if (st != NN_OK)
        return st;
    int rows = nn_trainer_data(t)->n, batches = nn_trainer_batches_per_epoch(t);
    if (rows != cp->rows || batches != cp->batches) {
        nn_errorf(err, err_len,
                  "the checkpoint was taken on %d rows in %d batches per epoch, the trainer has "
                  "%d in %d",
                  cp->rows, cp->batches, rows, batches);
        return NN_ERR_INVALID_ARG;
    }
    size_t bytes = cp->n_params * sizeof(float);
    memcpy(m->params, cp->params, bytes);
    for (int k = 0; k < 2; k++)
        if (cp->slot[k])
            memcpy(opt->slot[k], cp->slot[k], bytes);
    opt->iterations = cp->iterations;
    nn_trainer_set_cursor(t, &cp->cursor);
    return NN_OK;
}

nn_Cursor nn_checkpoint_cursor(const nn_Checkpoint *cp)
{
    return cp->cursor;
}
