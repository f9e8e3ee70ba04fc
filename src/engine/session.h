/* session.h - an experiment turned into live objects: data, model, optimizer,
 * trainer and evaluators, plus the history of per-epoch metrics.
 *
 * This is what the CLI, the window and the benchmark drive. All objects are
 * owned by the session. Changing the architecture or the data rebuilds the
 * affected objects (nn_session_rebuild); changing the learning rate or the
 * optimizer keeps the weights (nn_session_set_optimizer). */
#ifndef NN_SESSION_H
#define NN_SESSION_H

#include <stdint.h>

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
    double seconds;       /* wall time of the epoch */
} nn_EpochRecord;

typedef struct {
    nn_Experiment spec;
    nn_Dataset *train;        /* owned */
    nn_Dataset *test;         /* owned, may be NULL */
    nn_Model *model;          /* owned */
    nn_Optimizer *opt;        /* owned */
    nn_Trainer *trainer;      /* owned */
    nn_Evaluator *eval;       /* owned: chunked evaluation workspace */
    nn_EpochRecord *history;  /* per-epoch records, grows (outside the step loop) */
    int64_t n_history, cap_history;
} nn_Session;

/* Builds data, model (initialized from spec.seed), optimizer and trainer. */
nn_Status nn_session_create(nn_Session **out, const nn_Experiment *spec, char *err, size_t err_len);
void nn_session_destroy(nn_Session *s);
/* Re-initializes weights from the seed, resets optimizer state, cursor and history. */
void nn_session_reset(nn_Session *s);
/* Rebuilds everything from a new spec (data regenerated only if the data spec
 * changed). On failure the session is unchanged. */
nn_Status nn_session_rebuild(nn_Session *s, const nn_Experiment *spec, char *err, size_t err_len);
/* Swaps the optimizer (fresh state, weights kept), e.g. a new learning rate. */
nn_Status nn_session_set_optimizer(nn_Session *s, const nn_OptConfig *cfg, char *err, size_t err_len);
/* Replaces the model by a loaded one of matching input/output width (weights
 * and, if given, optimizer are taken over). */
nn_Status nn_session_adopt_model(nn_Session *s, nn_Model *m, nn_Optimizer *opt,
                                 char *err, size_t err_len);

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

/* Writes the history as CSV (epoch,step,train_loss,train_acc,test_loss,test_acc,seconds), atomically. */
nn_Status nn_session_save_history(const nn_Session *s, const char *path, char *err, size_t err_len);

#endif
