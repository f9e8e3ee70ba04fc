/* row_view.c - one batch row's numbers through every layer. */
#include "core/row_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void app_row_view_free(app_RowView *v)
{
    free(v->mem);
    free(v->batch_rows);
    free(v->batch_loss);
    free(v->dropped);
    memset(v, 0, sizeof *v);
}

void app_row_view_take(app_RowView *v, const nn_Trainer *t, int row)
{
    const nn_Model *m = nn_trainer_model(t);
    const nn_Arch *ar = &m->arch;
    int L = ar->n_layers;
    v->valid = 0;
    size_t units = 0;
    for (int l = 0; l < L; l++)
        units += (size_t)ar->sizes[l + 1];
    size_t need = (size_t)ar->sizes[0] + 3 * units;
    if (need > v->cap) {
        float *mem = realloc(v->mem, need * sizeof *mem);
        if (!mem)
            return;
        v->mem = mem;
        v->cap = need;
    }
    /* the hidden units' marks, then the inputs' */
    size_t drop_need = units + (size_t)ar->sizes[0];
    if (drop_need > v->drop_cap) {
        uint8_t *d = realloc(v->dropped, drop_need);
        if (!d)
            return;
        v->dropped = d;
        v->drop_cap = drop_need;
    }
    nn_Cursor c = nn_trainer_cursor(t);
    /* which phases of the current batch ran (trainer.h's order): FORWARD l
     * is phase l, LOSS is L, BACKWARD l is 2L - l; phase 0 after a batch
     * means the whole last batch ran */
    int done = c.phase == 0 && c.step > 0;
    int p = done ? 2 * L + 2 : c.phase;
    /* right after a checkpoint is restored the trainer has no batch in its
     * buffers yet (rows 0), whatever its cursor says: nothing to show */
    if (p == 0 || nn_trainer_batch_rows(t) <= 0)
        return;
    v->n_layers = L;
    memcpy(v->sizes, ar->sizes, sizeof(int) * (size_t)(L + 1));
    v->rows = nn_trainer_batch_rows(t);
    v->row = row < 0 ? 0 : row >= v->rows ? v->rows - 1 : row;
    v->data_row = nn_trainer_batch_index(t)[v->row];
    v->fwd = p < L ? p : L;
    /* a diverged loss phase stopped with the phase still at LOSS */
    v->loss = p > L;
    /* BACKWARD l ran when 2L - l < p; the loss phase already gave the
     * output layer its delta */
    v->bwd = L;
    if (p > L)
        v->bwd = p > 2 * L ? 0 : (2 * L - p + 1 < L - 1 ? 2 * L - p + 1 : L - 1);
    v->upd = done && !c.diverged;
    v->x = v->mem;
    memcpy(v->x, nn_trainer_batch_x(t) + (size_t)v->row * ar->sizes[0],
           sizeof(float) * (size_t)ar->sizes[0]);
    v->z = v->x + ar->sizes[0];
    v->a = v->z + units;
    v->delta = v->a + units;
    size_t off = 0;
    for (int l = 0; l < L; l++) {
        int n = ar->sizes[l + 1];
        v->off[l] = (int)off;
        size_t at = (size_t)v->row * (size_t)n;
        if (l < v->fwd) {
            memcpy(v->z + off, nn_trainer_z(t, l) + at, sizeof(float) * (size_t)n);
            memcpy(v->a + off, nn_trainer_a(t, l) + at, sizeof(float) * (size_t)n);
        }
        if (l >= v->bwd)
            memcpy(v->delta + off, nn_trainer_delta(t, l) + at, sizeof(float) * (size_t)n);
        /* the mask stays the batch's own until the next batch's forward
         * overwrites it: shown through the backward pass and the update */
        const uint8_t *mask = l < v->fwd ? nn_trainer_dropout_mask(t, l) : NULL;
        v->drop_rate[l] = mask ? nn_trainer_dropout_rate(t, l) : 0.0f;
        for (int j = 0; j < n; j++)
            v->dropped[off + (size_t)j] = mask ? !mask[at + (size_t)j] : 0;
        off += (size_t)n;
    }
    /* the inputs' mask, once FORWARD 0 drew it */
    int n_in = ar->sizes[0];
    const uint8_t *in_mask = v->fwd > 0 ? nn_trainer_input_dropout_mask(t) : NULL;
    v->drop_in_at = units;
    v->drop_rate_in = in_mask ? m->dropout_in : 0.0f;
    for (int i = 0; i < n_in; i++)
        v->dropped[units + (size_t)i] = in_mask ? !in_mask[(size_t)v->row * (size_t)n_in + (size_t)i] : 0;
    v->n_target = 0;
    v->row_loss = NAN;
    if (v->fwd == L) {
        int no = ar->sizes[L];
        int tw = nn_loss_target_width(m->loss, no);
        const float *tg = nn_trainer_batch_target(t) + (size_t)v->row * (size_t)tw;
        v->n_target = tw < APP_ROW_TARGETS ? tw : APP_ROW_TARGETS;
        memcpy(v->target, tg, sizeof(float) * (size_t)v->n_target);
        if (v->loss) {
            size_t at = (size_t)v->row * (size_t)no;
            v->row_loss = nn_loss_eval(m->loss, ar->act[L - 1], nn_trainer_z(t, L - 1) + at,
                                       nn_trainer_a(t, L - 1) + at, tg, 1, no, NULL);
        }
    }
    /* the whole batch: where its rows are and what each one costs */
    if (v->rows > v->batch_cap) {
        int *br = realloc(v->batch_rows, (size_t)v->rows * sizeof *br);
        if (br)
            v->batch_rows = br;
        float *bl = br ? realloc(v->batch_loss, (size_t)v->rows * sizeof *bl) : NULL;
        if (bl)
            v->batch_loss = bl;
        if (!br || !bl)
            return;
        v->batch_cap = v->rows;
    }
    memcpy(v->batch_rows, nn_trainer_batch_index(t), (size_t)v->rows * sizeof *v->batch_rows);
    int no = ar->sizes[L], tw = nn_loss_target_width(m->loss, no);
    for (int r = 0; r < v->rows; r++) {
        size_t at = (size_t)r * (size_t)no;
        v->batch_loss[r] = v->loss ? (float)nn_loss_eval(m->loss, ar->act[L - 1], nn_trainer_z(t, L - 1) + at,
                                                          nn_trainer_a(t, L - 1) + at,
                                                          nn_trainer_batch_target(t) + (size_t)r * (size_t)tw,
                                                          1, no, NULL)
                                   : NAN;
    }
    v->valid = 1;
}
