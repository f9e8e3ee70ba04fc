/* session.h - an experiment turned into live objects: data, model, optimizer,
 * trainer and evaluators, plus the history of per-epoch metrics.
 *
 * This is what the CLI, the window and the benchmark drive. The model,
 * optimizer, trainer and evaluator are owned by the session. The data is
 * owned too, unless the session was made with nn_session_create_borrowed:
 * several runs of one data set (four optimizers racing on Fashion-MNIST)
 * then share one copy of it. Changing the architecture or the data rebuilds
 * the affected objects (nn_session_rebuild); changing the learning rate or
 * the optimizer keeps the weights (nn_session_set_optimizer). */
#ifndef NN_SESSION_H
#define NN_SESSION_H

#include <stdint.h>

#include "checkpoint.h"
#include "experiment.h"
#include "metrics.h"
#include "trainer.h"

typedef struct {
    int64_t epoch;        /* epochs completed when measured */
    int64_t step;         /* batches completed */
    double train_loss;    /* mean batch loss over the epoch (as Keras prints) */
    double train_acc;     /* training accuracy over the epoch's batches (NaN: regression) */
    double test_loss;     /* NaN when there is no test set */
    double test_acc;
    double seconds;       /* wall time of the epoch (in the window: training only,
                           * since the record before when epochs go unrecorded) */
    int64_t samples;      /* rows trained on in total (the cursor's samples) */
    double elapsed;       /* training seconds in total: the records' seconds summed */
} nn_EpochRecord;

typedef struct {
    nn_Experiment spec;
    nn_Dataset *train;        /* owned if owns_train, else borrowed */
    nn_Dataset *test;         /* may be NULL; owned if owns_test, else borrowed */
    int owns_train;           /* 1: destroyed with the session; 0: the caller's */
    int owns_test;
    nn_Model *model;          /* owned */
    nn_Optimizer *opt;        /* owned */
    nn_Trainer *trainer;      /* owned */
    nn_Evaluator *eval;       /* owned: chunked evaluation workspace */
    nn_EpochRecord *history;  /* per-epoch records, grows (outside the step loop) */
    int64_t n_history, cap_history;
} nn_Session;

/* Loads or generates the data a data spec names, split into train and test
 * (test may come back NULL: no test set), exactly as nn_session_create does,
 * so that several sessions can share one copy (nn_session_create_borrowed).
 * The caller owns both. On failure *train and *test are NULL and nothing is
 * left allocated. */
nn_Status nn_session_load_data(const nn_DataSpec *ds, nn_Dataset **train, nn_Dataset **test,
                               char *err, size_t err_len);
/* Builds data, model (initialized from spec.seed), optimizer and trainer.
 * On failure *out is NULL. */
nn_Status nn_session_create(nn_Session **out, const nn_Experiment *spec, char *err, size_t err_len);
/* Like nn_session_create, but trains on data sets it does not own: train
 * (required) and test (may be NULL) should be what nn_session_load_data gave
 * for spec->data, since spec->data is what rebuild compares. They must
 * outlive the session (or its next rebuild with another data spec) and keep
 * their rows; the session only reads them, so sessions on several threads
 * may share them. Given the same spec and data, a borrowed session trains
 * bit for bit like an owning one. On failure *out is NULL and the data is
 * untouched (still the caller's). */
nn_Status nn_session_create_borrowed(nn_Session **out, const nn_Experiment *spec,
                                     nn_Dataset *train, nn_Dataset *test, char *err,
                                     size_t err_len);
/* Frees what the session owns; borrowed data is left to its owner. */
void nn_session_destroy(nn_Session *s);
/* Re-initializes weights from the seed, resets optimizer state, cursor and history. */
void nn_session_reset(nn_Session *s);
/* Rebuilds everything from a new spec. With an unchanged data spec the data
 * sets are kept as they are, owned or borrowed; with a changed one the
 * session loads its own and from then on owns them (borrowed sets are left
 * to their owner). On failure the session is unchanged. */
nn_Status nn_session_rebuild(nn_Session *s, const nn_Experiment *spec, char *err, size_t err_len);
/* Swaps the optimizer (fresh state, weights kept), e.g. a new learning rate. */
nn_Status nn_session_set_optimizer(nn_Session *s, const nn_OptConfig *cfg, char *err, size_t err_len);
/* Replaces the training set (e.g. a point drawn or erased by hand), keeping
 * the weights, the optimizer state and the cursor's counters (epoch, step,
 * samples; a diverged run stays diverged). The new trainer uses the spec's
 * training settings, and the current epoch starts over at batch 0, shuffled
 * from the generator state it began with (the spec's seed stream: two
 * sessions of one spec given the same set at the same point keep training
 * alike; at an epoch boundary a set with the same rows changes nothing).
 * d must fit the model. With take_ownership the session destroys d when done
 * with it; otherwise d is borrowed and must outlive its use. A training set
 * the session owned is destroyed. On failure nothing changed and d is still
 * the caller's, whatever take_ownership says. */
nn_Status nn_session_set_train(nn_Session *s, nn_Dataset *d, int take_ownership, char *err,
                               size_t err_len);
/* Trains in batches of batch_size (1 .. 2^20) from now on, keeping the
 * weights, the optimizer state and the cursor's counters; the current epoch
 * starts over at batch 0 as in nn_session_set_train, and spec.batch_size is
 * updated. On failure nothing changed. */
nn_Status nn_session_set_batch_size(nn_Session *s, int batch_size, char *err, size_t err_len);
/* Replaces the model by a loaded one of matching input/output width (weights
 * and, if given, optimizer are taken over). */
nn_Status nn_session_adopt_model(nn_Session *s, nn_Model *m, nn_Optimizer *opt,
                                 char *err, size_t err_len);

/* Checkpoints of the session's training (checkpoint.h); cp comes from
 * nn_checkpoint_create(&cp, s->model, s->opt, ...). Take also notes the
 * history length and spec.batch_size; take it after recording the epoch
 * that just ended, as the window does. Same errors as nn_checkpoint_take,
 * cp unchanged on failure. */
nn_Status nn_session_checkpoint_take(const nn_Session *s, nn_Checkpoint *cp, char *err,
                                     size_t err_len);
/* Restores cp (nn_checkpoint_restore) and drops the history records after
 * the point it was taken: the first n_history records it noted are kept.
 * Records the history has lost since (a reset, or a restore to an earlier
 * checkpoint) are not brought back. A checkpoint not taken through a
 * session leaves the history alone. Returns NN_ERR_INVALID_ARG, changing
 * nothing, for the errors of nn_checkpoint_restore and for a checkpoint
 * taken with another batch size. Allocates nothing. */
nn_Status nn_session_checkpoint_restore(nn_Session *s, const nn_Checkpoint *cp, char *err,
                                        size_t err_len);

/* Evaluate on train/test (test fields NaN without a test set). */
void nn_session_evaluate(nn_Session *s, nn_Metrics *train, nn_Metrics *test, int64_t *confusion);
/* Runs one epoch (with NN_DIVERGED passed through), appends a history record. */
nn_Status nn_session_train_epoch(nn_Session *s, nn_EpochRecord *rec);
/* Appends the record of the epoch the trainer just completed (train figures
 * from the cursor, test figures evaluated now); for callers that step
 * batches themselves. */
nn_Status nn_session_record_epoch(nn_Session *s, double seconds, nn_EpochRecord *rec);
typedef enum {
    NN_STOP_EPOCHS = 0, /* the epoch limit was reached */
    NN_STOP_STEPS,      /* the batch limit was reached */
    NN_STOP_LOSS,       /* an epoch's training loss fell below stop_loss */
    NN_STOP_CALLER      /* the callback asked to stop */
} nn_StopReason;

const char *nn_stop_reason_name(nn_StopReason r);

/* Trains until spec.epochs, spec.steps or spec.stop_loss says stop (at
 * least one must be set), recording every completed epoch and calling
 * on_epoch (may be NULL; return non-zero to stop) after each. Returns NN_OK
 * or NN_DIVERGED (the session can then be reset); *why says what stopped it. */
nn_Status nn_session_train(nn_Session *s, int (*on_epoch)(const nn_EpochRecord *rec, void *ctx),
                           void *ctx, nn_StopReason *why);

/* nn_session_train with on_batch (may be NULL) called after every batch,
 * e.g. to keep a timeline; its return value is ignored. */
nn_Status nn_session_train_hooked(nn_Session *s,
                                  int (*on_epoch)(const nn_EpochRecord *rec, void *ctx),
                                  void (*on_batch)(const nn_Session *s, void *ctx), void *ctx,
                                  nn_StopReason *why);

/* Writes the history as CSV (epoch,step,train_loss,train_acc,test_loss,test_acc,seconds), atomically. */
nn_Status nn_session_save_history(const nn_Session *s, const char *path, char *err, size_t err_len);

#endif
