/* landscape_worker.h - loss-landscape slices computed on a thread of their
 * own, so a window keeps drawing while a slice (the trajectory's PCA and
 * the grid) is computed.
 *
 * The caller submits a job (spec, weights, trajectory, data rows): the
 * worker copies all of it, so the caller's model and data may change or go
 * at once. Each submission gets the next generation number; a submission
 * made while the worker is busy replaces a job still waiting (only the
 * latest matters). The worker keeps its landscape workspace between jobs
 * (rebuilt only when the architecture changes). The caller takes finished
 * slices when it likes and draws the last one it took: a slice from the
 * worker equals race_slice_compute's for the same job bit for bit. */
#ifndef RACE_LANDSCAPE_WORKER_H
#define RACE_LANDSCAPE_WORKER_H

#include <stdint.h>

#include "landscape_slice.h"

typedef struct race_SliceWorker race_SliceWorker;

/* Starts the thread. On failure *out is NULL and err names the problem. */
nn_Status race_slice_worker_create(race_SliceWorker **out, char *err, size_t err_len);
/* Stops the thread after the job it is on (if any) and frees everything. */
void race_slice_worker_destroy(race_SliceWorker *w); /* NULL is fine */

/* Queues the slice race_slice_compute(spec, m, d, features, traj, T) would
 * compute; only d's first spec->max_rows rows (all when 0) are copied.
 * *gen (may be NULL) receives the job's generation (1, 2, ...). NN_ERR_NOMEM
 * leaves the queue as it was. */
nn_Status race_slice_worker_submit(race_SliceWorker *w, const race_SliceSpec *spec,
                                   const nn_Model *m, const nn_Dataset *d, uint32_t features,
                                   const float *traj, int T, int64_t *gen, char *err,
                                   size_t err_len);

/* The newest finished slice not taken yet: 1 and *out (the caller's to
 * destroy) with its generation in *gen, or 0 when there is none. A job that
 * failed hands over no slice: its error is in err (when given) and it
 * still counts as finished (*gen is set, *out is NULL, 1 is returned). */
int race_slice_worker_take(race_SliceWorker *w, race_Slice **out, int64_t *gen, char *err,
                           size_t err_len);

/* 1 while a job is queued or being computed. */
int race_slice_worker_busy(race_SliceWorker *w);

/* Waits until nothing is queued or being computed. */
void race_slice_worker_wait(race_SliceWorker *w);

#endif
