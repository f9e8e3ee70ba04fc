/* timeline.h - a run's checkpoints, so training can go back in time.
 *
 * Checkpoints are taken at batch boundaries, every `every` batches from the
 * floor; when the slots are full, every other one is dropped and the
 * spacing doubles, so a run of any length is covered evenly by at most `cap`
 * of them, the floor always among them. Going to
 * step k restores the last checkpoint at or before k and replays the batches
 * after it: training is deterministic, so the replay lands on exactly the
 * state the run had (a point inside a batch is the boundary plus phases).
 *
 * The future stays valid after going back: replaying it gives the same
 * states. An edit (new weights typed in, another learning rate, a drawn
 * point) changes what replay would give, so it clears the timeline and
 * becomes its floor: the run cannot go back past it. */
#ifndef NNVIZ_CORE_TIMELINE_H
#define NNVIZ_CORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/checkpoint.h"
#include "engine/session.h"

typedef struct {
    nn_Checkpoint **slot;     /* (cap) allocated once for the session's shape */
    int cap, n;               /* slots, and those in use (sorted by step) */
    int64_t every;            /* batches between checkpoints */
    int64_t floor;            /* earliest step the run can go back to */
    size_t n_params;          /* shape the slots were made for */
    nn_OptKind opt_kind;
} app_Timeline;

/* Sizes the slots for s within budget bytes (at least 2 slots) and takes the
 * first checkpoint. On failure the timeline is empty and going back fails. */
int app_timeline_init(app_Timeline *t, const nn_Session *s, size_t budget, char *err,
                      size_t err_len);
void app_timeline_free(app_Timeline *t);
/* After an edit: forget every checkpoint; the floor is the next batch
 * boundary. The slots are made again when the network or the optimizer
 * changed shape (0, or -1 with err: then the timeline is empty). */
int app_timeline_restart(app_Timeline *t, const nn_Session *s, size_t budget, char *err,
                         size_t err_len);
/* After each batch: takes a checkpoint when one is due. */
void app_timeline_after_batch(app_Timeline *t, const nn_Session *s);
/* Restores the last checkpoint at or before step (>= floor). 0, or -1 with
 * err when step is before the floor or nothing was kept. */
int app_timeline_restore(const app_Timeline *t, nn_Session *s, int64_t step, char *err,
                         size_t err_len);

#endif
