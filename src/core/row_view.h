/* row_view.h - one row of the current batch, every layer: what the
 * network diagram writes on its neurons while stepping through a batch.
 *
 * Copied from the trainer's intermediates (nn_trainer_z, _a, _delta) after
 * each phase, for the row the teacher selected; a layer's values are valid
 * as their phase has run (fwd, loss, bwd below). Nothing here includes SDL. */
#ifndef NNVIZ_CORE_ROW_VIEW_H
#define NNVIZ_CORE_ROW_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "engine/trainer.h"

#define APP_ROW_TARGETS 16    /* target values kept (one per output unit) */

typedef struct {
    int valid;                /* a batch has started: the fields below mean something */
    int rows;                 /* rows in the batch */
    int row;                  /* the row shown (the selection, clamped) */
    int data_row;             /* its row in the training set */
    int n_layers;             /* L */
    int sizes[NN_MAX_LAYERS + 1];
    int fwd;                  /* layers 0 .. fwd-1 have z and a for this batch */
    int loss;                 /* the loss phase ran: target, row loss, output delta */
    int bwd;                  /* layers bwd .. L-1 have delta (L: none yet) */
    int upd;                  /* the batch's update was applied */
    float *x;                 /* (sizes[0]) the row's inputs (features applied) */
    float *z, *a, *delta;     /* per layer l at off[l], sizes[l+1] values */
    int off[NN_MAX_LAYERS];
    float target[APP_ROW_TARGETS]; /* the row's target as the loss reads it */
    int n_target;
    double row_loss;          /* the loss of this row alone (mean over a batch of one) */
    size_t cap;               /* floats allocated behind x, z, a, delta */
    float *mem;
    /* every row of the batch, for the data plot's spotlight */
    int *batch_rows;          /* (rows) their rows in the training set */
    float *batch_loss;        /* (rows) each row's loss, once the loss phase ran */
    int batch_cap;
    /* dropout of the row, from FORWARD l on (l < fwd) until the next batch:
     * dropped[off[l] + j] is 1 when the batch's mask dropped unit j of
     * hidden layer l for this row (the trainer's mask negated, a byte per
     * unit), 0 when kept or when the layer had no dropout (drop_rate 0) */
    uint8_t *dropped;         /* (units) laid out like z, a and delta */
    float drop_rate[NN_MAX_LAYERS]; /* the rate layer l's forward used (0: none) */
    size_t drop_cap;          /* bytes allocated behind dropped */
    /* dropout on the inputs, from FORWARD 0 on: dropped[drop_in_at + i] is
     * 1 when the batch's mask dropped input i of the row */
    size_t drop_in_at;
    float drop_rate_in;       /* the rate the inputs' mask used (0: none) */
} app_RowView;

/* Copies row `row` (clamped to the batch) of t's current batch. Allocates
 * on first use or when the network grew; on no memory v->valid is 0. */
void app_row_view_take(app_RowView *v, const nn_Trainer *t, int row);
void app_row_view_free(app_RowView *v);

#endif
