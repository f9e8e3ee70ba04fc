/* checkpoint.h - where training is, kept aside and brought back: the model's
 * parameters, the optimizer's state and the trainer's cursor.
 *
 * A checkpoint holds every value the next batches read and then change:
 *     params          the model's weights and biases
 *     slot[0..1]      the optimizer's state (velocity, accumulator, m, v, ...)
 *     iterations      updates applied; the learning rate the schedule gives
 *                     follows from it, and Adam's bias correction too
 *     cursor          epoch and batch position, step and sample counters, the
 *                     data-order generator at the epoch's start and now, the
 *                     epoch's running loss and accuracy sums, the diverged flag
 * so restoring it and training N batches gives, bit for bit, what training
 * N batches gave after it was taken (on any thread count: the trainer's
 * results do not depend on it). The optimizer keeps no other state.
 *
 * Between batches only. A checkpoint is taken at a batch boundary (cursor
 * phase 0). The intermediates of a batch (z, a, delta, gradients, the last
 * update) are not saved: they would cost a batch's worth of buffers per
 * checkpoint, and they are not needed, because UPDATE is a batch's last
 * phase. Anywhere inside a batch the parameters are still those of its
 * start, so a point inside a batch is reached by restoring the boundary and
 * running its first p phases again, which recomputes exactly the same
 * intermediates (the phases are deterministic, see trainer.h). Until a phase
 * runs after a restore, the trainer's intermediates are stale
 * (nn_trainer_last_phase reports none).
 *
 * Not in a checkpoint: the settings, which stay the caller's. The optimizer's
 * hyperparameters (a learning rate lowered since is kept), the model's loss
 * and regularization, the training data and the trainer's configuration
 * (batch size, shuffle) are whatever they are at restore time. A restore
 * needs the same shapes: a model with the same layer sizes, an optimizer of
 * the same kind with the same slots, and a trainer of that model and
 * optimizer with as many rows in as many batches per epoch (else the
 * cursor's batch would name other rows, or none). Anything else is refused
 * with NN_ERR_INVALID_ARG and changes nothing.
 *
 * Neither take nor restore allocates, so a timeline can keep a checkpoint
 * every N steps and jump between them while the window runs. */
#ifndef NN_CHECKPOINT_H
#define NN_CHECKPOINT_H

#include <stdint.h>

#include "model.h"
#include "optimizer.h"
#include "trainer.h"

/* Fields are written by nn_checkpoint_take (and the session's wrappers);
 * callers read them, e.g. params to draw the weights a checkpoint holds. */
typedef struct {
    /* the shape it was made for */
    nn_Arch arch;          /* layer count and sizes are compared, not activations */
    size_t n_params;
    nn_OptKind opt_kind;
    /* the state, valid once taken */
    int taken;             /* 0 until a take succeeds */
    float *params;         /* (n_params) */
    float *slot[2];        /* (n_params) each, NULL where the optimizer has no such slot */
    int64_t iterations;
    nn_Cursor cursor;      /* at phase 0 */
    int rows;              /* training rows of the trainer it was taken from */
    int batches;           /* batches per epoch of that trainer */
    /* written by nn_session_checkpoint_take (session.h) */
    int64_t n_history;     /* the session's history records; -1 when taken without one */
    int batch_size;        /* the session's spec.batch_size; 0 when taken without one */
} nn_Checkpoint;

/* Allocates a checkpoint for this model and optimizer's shape (not yet
 * taken). The struct and its arrays are one allocation. Returns
 * NN_ERR_INVALID_ARG if opt is not sized for m, NN_ERR_NOMEM if the
 * allocation fails; on failure *out is NULL. */
nn_Status nn_checkpoint_create(nn_Checkpoint **out, const nn_Model *m, const nn_Optimizer *opt,
                               char *err, size_t err_len);
void nn_checkpoint_destroy(nn_Checkpoint *cp); /* NULL is fine */

/* Copies the state of training into cp: m's parameters, opt's slots and
 * iterations and t's cursor. Only between batches: at any other phase it
 * returns NN_ERR_INVALID_ARG (restore the last boundary and replay phases
 * instead, see above). NN_ERR_INVALID_ARG also for a model or optimizer of
 * another shape than cp's, or a trainer that does not train m with opt. On
 * failure cp is unchanged. Allocates nothing. */
nn_Status nn_checkpoint_take(nn_Checkpoint *cp, const nn_Model *m, const nn_Optimizer *opt,
                             const nn_Trainer *t, char *err, size_t err_len);
/* Puts the state cp holds back into m, opt and t (the cursor through
 * nn_trainer_set_cursor, so a diverged run trains again). Returns
 * NN_ERR_INVALID_ARG, changing nothing, if cp was never taken, a shape
 * differs (see above) or t does not train m with opt. Allocates nothing. */
nn_Status nn_checkpoint_restore(const nn_Checkpoint *cp, nn_Model *m, nn_Optimizer *opt,
                                nn_Trainer *t, char *err, size_t err_len);

/* The cursor cp holds: its epoch, step and samples say where it was taken
 * (all zero before the first take). */
nn_Cursor nn_checkpoint_cursor(const nn_Checkpoint *cp);

#endif
