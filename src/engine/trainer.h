/* trainer.h - the training cursor: one phase, one batch or one epoch at a time.
 *
 * A batch is a fixed sequence of phases over a network of L layers:
 *     FORWARD 0 (gathers the batch), FORWARD 1 .. FORWARD L-1,
 *     LOSS (loss and dL/dz of the output layer),
 *     BACKWARD L-1 .. BACKWARD 0 (delta, dW, db of layer k, then dL/da of k-1),
 *     UPDATE (the optimizer over every parameter).
 * step_batch and step_epoch run exactly these phases, so stepping by phase,
 * by batch or by epoch gives bit-identical results. After every phase the
 * intermediates are readable through the const accessors below; nothing is
 * allocated while stepping.
 *
 * The trainer borrows the model, optimizer and data set; they must outlive it
 * and keep their sizes. Epoch order: rows in order, or (shuffle on) the
 * identity permutation shuffled by the trainer's generator at the start of
 * every epoch; the last partial batch is kept (Keras). */
#ifndef NN_TRAINER_H
#define NN_TRAINER_H

#include <stdint.h>

#include "dataset.h"
#include "model.h"
#include "optimizer.h"

typedef enum { NN_PHASE_FORWARD = 0, NN_PHASE_LOSS, NN_PHASE_BACKWARD, NN_PHASE_UPDATE } nn_PhaseKind;

typedef struct {
    nn_PhaseKind kind;
    int layer; /* FORWARD/BACKWARD: the layer; else -1 */
} nn_Phase;

typedef struct {
    int batch_size;       /* rows per batch, >= 1 */
    int shuffle;          /* reshuffle every epoch */
    uint32_t features;    /* Playground feature mask for 2-D data (0: raw columns) */
    nn_Rng rng;           /* drives the shuffle */
    int threads;          /* threads for large layers: 0 = one per processor, 1 = none;
                             results are the same for every count */
    /* Optional: writes the row order of an epoch (a permutation of 0..n-1)
     * instead of the shuffle, e.g. to replay another program's batch order.
     * Must give the same order for the same epoch every time. */
    void (*order)(void *ctx, int64_t epoch, int *perm, int n);
    void *order_ctx;
} nn_TrainConfig;

/* Where training is: a small value type, so it can be saved and restored. */
typedef struct {
    int64_t epoch;          /* completed epochs */
    int64_t batch;          /* completed batches in the current epoch */
    int64_t step;           /* completed batches in total */
    int64_t samples;        /* rows trained on in total */
    int phase;              /* index of the next phase within the batch, 0 .. 2L+1 */
    nn_Rng epoch_rng;       /* generator state at the start of the current epoch */
    nn_Rng rng;             /* generator state now */
    int diverged;           /* set when a loss came out NaN/Inf */
    double last_loss;       /* loss of the last completed LOSS phase (data + penalty) */
    double last_data_loss;  /* ... without the regularization penalty */
    double epoch_loss_sum;  /* sum of batch losses x rows in this epoch */
    int64_t epoch_rows;     /* rows in epoch_loss_sum */
    int64_t epoch_correct;  /* correctly classified training rows this epoch */
} nn_Cursor;

typedef struct nn_Trainer nn_Trainer;

nn_Status nn_trainer_create(nn_Trainer **out, nn_Model *model, nn_Optimizer *opt,
                            const nn_Dataset *train, const nn_TrainConfig *cfg,
                            char *err, size_t err_len);
void nn_trainer_destroy(nn_Trainer *t);

/* Run one phase. NN_OK, or NN_DIVERGED when the loss is not finite (the
 * update is then skipped and every later step returns NN_DIVERGED until the
 * cursor is reset or restored). */
nn_Status nn_trainer_step_phase(nn_Trainer *t);
/* Run the phases left in the current batch (a whole batch at a boundary). */
nn_Status nn_trainer_step_batch(nn_Trainer *t);
/* Run batches until the current epoch ends. */
nn_Status nn_trainer_step_epoch(nn_Trainer *t);

/* Back to epoch 0, phase 0 with the generator from the config. The model and
 * optimizer are not touched (re-initialize them separately). */
void nn_trainer_reset(nn_Trainer *t);
/* Read and restore the cursor (for rewind/branch: restore the model
 * parameters and optimizer state alongside). */
nn_Cursor nn_trainer_cursor(const nn_Trainer *t);
void nn_trainer_set_cursor(nn_Trainer *t, const nn_Cursor *c);

/* The next phase to run, and the one just run (kind -1 before any). */
nn_Phase nn_trainer_next_phase(const nn_Trainer *t);
nn_Phase nn_trainer_last_phase(const nn_Trainer *t);
int nn_trainer_phases_per_batch(const nn_Trainer *t);
int nn_trainer_batches_per_epoch(const nn_Trainer *t);
const char *nn_phase_name(nn_PhaseKind k);

/* ---- intermediates of the current batch (valid once their phase ran) ---- */
int nn_trainer_batch_rows(const nn_Trainer *t);
const int *nn_trainer_batch_index(const nn_Trainer *t);   /* (rows) data-set rows */
const float *nn_trainer_batch_x(const nn_Trainer *t);     /* (rows, sizes[0]) */
const float *nn_trainer_batch_target(const nn_Trainer *t);/* (rows, target width) */
const float *nn_trainer_z(const nn_Trainer *t, int layer);     /* (rows, units) */
const float *nn_trainer_a(const nn_Trainer *t, int layer);     /* (rows, units) */
const float *nn_trainer_delta(const nn_Trainer *t, int layer); /* dL/dz (rows, units) */
const float *nn_trainer_dW(const nn_Trainer *t, int layer);    /* (in, out), penalty included */
const float *nn_trainer_db(const nn_Trainer *t, int layer);    /* (out) */
const float *nn_trainer_dA(const nn_Trainer *t, int layer);    /* dL/da (rows, units), hidden layers */
const float *nn_trainer_grads(const nn_Trainer *t);            /* all, laid out like params */
/* Dropout of hidden layer l in the current batch (dropout.h): its mask
 * (rows, units), 1 kept and 0 dropped, valid once FORWARD l ran; NULL when
 * the batch's forward applied no dropout there. The rate it used (0: none). */
const uint8_t *nn_trainer_dropout_mask(const nn_Trainer *t, int layer);
float nn_trainer_dropout_rate(const nn_Trainer *t, int layer);
/* Dropout on the inputs in the current batch: its mask (rows, inputs),
 * valid once FORWARD 0 ran; NULL when the trainer drops no inputs.
 * nn_trainer_batch_x stays the inputs before the mask. */
const uint8_t *nn_trainer_input_dropout_mask(const nn_Trainer *t);
/* Optimizer state of one layer: slot 0/1 (see nn_Optimizer.slot) of its
 * kernel (in, out) or bias (out); NULL if the optimizer has no such slot. */
const float *nn_trainer_slot_W(const nn_Trainer *t, int slot, int layer);
const float *nn_trainer_slot_b(const nn_Trainer *t, int slot, int layer);
/* The change the last update made to a layer's kernel (in, out) and bias. */
const float *nn_trainer_update_W(const nn_Trainer *t, int layer);
const float *nn_trainer_update_b(const nn_Trainer *t, int layer);
const float *nn_trainer_update(const nn_Trainer *t);           /* delta just applied, like params */
const nn_Model *nn_trainer_model(const nn_Trainer *t);
const nn_Optimizer *nn_trainer_optimizer(const nn_Trainer *t);
const nn_Dataset *nn_trainer_data(const nn_Trainer *t);

#endif
