/* health_log.h - a run's training health over time (engine/health.h), as
 * the window's health view draws it.
 *
 * One nn_HealthSample per batch at first, then ever more sparsely: at most
 * APP_HEALTH_CAP samples are kept; when the log is full every other one is
 * dropped and the spacing (`every`, in batches) doubles, like the epoch
 * history's thinning, so a run of any length is covered evenly in bounded
 * memory (512 samples of 2.2 kB: 1.1 MB per run, 4.5 MB for four compared
 * runs).
 *
 * Why not every batch: a measurement sweeps the batch's activations and
 * kernel gradients and sorts them into histograms; on the T1 network it
 * takes 1.2 us, as long as the whole batch (nnviz-bench --task T1H), so
 * measuring every batch would halve the training speed. With the doubling
 * spacing a run of n batches measures about 512 + 256 log2(n / 512)
 * times: 3 304 over 10^6 batches, and T1H trains at 98-101 % of the speed
 * without the log.
 *
 * The log follows the timeline: going back (a step back, a rewind, a
 * restored checkpoint, a reset) truncates it to the step the run is at,
 * as the loss history is cut there; replaying forward records again.
 * Going to another branch of the timeline takes the log that branch had
 * when it was left (app_Run keeps one per branch), since the replay to its
 * tip starts from its last checkpoint and would not record what came before.
 * Samples are taken at steps that are multiples of `every` (the same steps
 * whatever path training took), so a replay records what was recorded. No
 * SDL; runs on the thread that owns the session (the training lock held). */
#ifndef NNVIZ_CORE_HEALTH_LOG_H
#define NNVIZ_CORE_HEALTH_LOG_H

#include <stdint.h>

#include "engine/health.h"
#include "engine/trainer.h"

#define APP_HEALTH_CAP 512 /* samples kept per run (even) */

typedef struct {
    nn_HealthSample *s;       /* (APP_HEALTH_CAP) once the first sample is taken */
    int n;                    /* samples held, steps increasing */
    int64_t every;            /* batches between samples (1, 2, 4, ...) */
    uint32_t version;         /* changes when samples are dropped or replaced, not when one is added */
} app_HealthLog;

/* An empty log (nothing allocated until the first sample). */
void app_health_log_init(app_HealthLog *h);
void app_health_log_free(app_HealthLog *h);
/* After a move of t: when a whole batch has just completed at a step that
 * is due (a multiple of every, past the last sample), measures it. A
 * cursor behind the last sample (the trainer was put back without the log
 * being told) truncates first. 1 when a sample was added, 0 when none was
 * due, -1 out of memory (the log is unchanged). */
int app_health_log_after_batch(app_HealthLog *h, const nn_Trainer *t);
/* Drops the samples after step (step 0: all, the spacing back to 1). */
void app_health_log_truncate(app_HealthLog *h, int64_t step);
/* dst becomes a copy of src (its version changed). 0, or -1 out of memory
 * (dst is then empty). */
int app_health_log_copy(app_HealthLog *dst, const app_HealthLog *src);

#endif
