/* runner.h - the training thread: steps a set of runs in lockstep.
 *
 * Playing trains here, not on the UI thread, so drawing never waits for
 * training and training never waits for a frame. The runner knows runs and
 * a lock, nothing of the window: whoever owns the runs (the app's core)
 * takes the lock to change them or copy what it draws, and sets whether and
 * how fast the runner trains. One round is one batch of every run that has
 * not diverged, in order, so synchronized runs stay batch for batch together.
 * After every batch of a run, the after_batch hook runs (the core takes its
 * checkpoints there). */
#ifndef NNVIZ_CORE_RUNNER_H
#define NNVIZ_CORE_RUNNER_H

#include <stdint.h>

#include "core/run.h"

typedef struct app_Runner app_Runner;

/* runs and n_runs are read under the lock each chunk; they belong to the
 * caller and may change while the caller holds the lock. */
int app_runner_create(app_Runner **out, app_Run *const *runs, const int *n_runs,
                      void (*after_batch)(void *ctx, app_Run *run), void *ctx);
/* Stops and joins the thread (if it ran) and frees the lock. */
void app_runner_destroy(app_Runner *r);
/* The training lock. The UI thread takes it once a frame; the thread gives
 * it up between chunks as soon as the UI thread waits. */
void app_runner_lock(app_Runner *r);
void app_runner_unlock(app_Runner *r);
/* With the lock held: train (run) at rate rounds per second (0: as fast as
 * possible) or stop; starts the thread the first time. -1 when the thread
 * cannot start (training then only moves by hand). */
int app_runner_set(app_Runner *r, int run, int rate);
/* With the lock held: the thread stops by itself once the first run's
 * cursor reaches this many epochs or batches (0: no such limit; a lesson's
 * `epochs`). Set again to go on past it. */
void app_runner_set_limit(app_Runner *r, int64_t epochs, int64_t steps);
/* With the lock held: after every round the thread runs, reached(ctx) is
 * asked (with the lock held, on the thread); when it returns non-zero the
 * thread stops by itself (APP_RUNNER_UNTIL) before the next round, so a
 * lesson's RUN_UNTIL stops at the batch it would stop at headless. NULL: no
 * such check. */
void app_runner_set_until(app_Runner *r, int (*reached)(void *ctx), void *ctx);
/* Why the thread stopped by itself. */
enum { APP_RUNNER_FAILED = -1, APP_RUNNER_DIVERGED = 1, APP_RUNNER_LIMIT = 2, APP_RUNNER_UNTIL = 3 };
/* With the lock held, once after the thread stopped by itself: one of the
 * APP_RUNNER_* reasons; else 0. */
int app_runner_take_stop(app_Runner *r);
/* Rounds the thread has run (with the lock held). */
int64_t app_runner_rounds(const app_Runner *r);
/* With the lock held: one round now, on the calling thread; the same
 * result codes as app_run_step_batch, for the whole set. */
int app_runner_round(app_Runner *r);

#endif
