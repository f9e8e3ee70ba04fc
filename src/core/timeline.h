/* timeline.h - a run's past, kept so training can go back to any step of it,
 * and its branches.
 *
 * Every step is reachable: checkpoints are taken at batch boundaries, every
 * `every` batches from the branch's first step, and going to step k restores
 * the last checkpoint at or before k and replays the batches after it.
 * Training is deterministic, so the replay lands on exactly the state the
 * run had (a point inside a batch is the boundary plus phases).
 *
 * Memory is bounded: all checkpoints together take at most `budget` bytes
 * (64 MB by default). When a new one would not fit, the branch holding the
 * most loses every other checkpoint (its first always stays) and its
 * spacing doubles, so a run of any length stays covered evenly and a seek
 * replays at most `every` batches.
 *
 * Branches. Settings in force (learning rate, optimizer, batch size,
 * regularization: the session's spec) and edits (weights typed in, a reset)
 * decide what replay gives, so an edit starts a new branch at the next batch
 * boundary: training goes on there with the new settings, while the branch
 * it left keeps its checkpoints, its settings and its loss history up to the
 * furthest step it reached (its tip), to be drawn as a ghost and returned
 * to. A step before a branch's first step belongs to the branch it left:
 * going there switches back to that branch and its settings (both branches
 * share that past). Going to another branch's tip switches to it.
 * An edit made where nothing has been trained since the last one changes
 * the current branch's settings instead of making one more. At most
 * APP_TL_MAX_BRANCHES are kept; beyond that the oldest one the run does not
 * stand on is dropped.
 *
 * Not kept: the training data. A hand-drawn point starts a branch like any
 * edit, but returning to an older branch trains on the points as they are.
 *
 * Everything here runs on the thread that owns the session (the training
 * lock held in the window). */
#ifndef NNVIZ_CORE_TIMELINE_H
#define NNVIZ_CORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/checkpoint.h"
#include "engine/session.h"

#define APP_TL_MAX_BRANCHES 8
#define APP_TIMELINE_BUDGET ((size_t)64 << 20) /* bytes of checkpoints per run */

typedef struct {
    int id;                   /* 1, 2, ... in order of creation */
    int parent;               /* id of the branch it left; 0: none (or dropped) */
    int64_t fork;             /* its first step: earlier ones are the parent's */
    int64_t tip;              /* the furthest step reached on it */
    nn_Checkpoint **cp;       /* (n_cp) its checkpoints, sorted by step */
    int n_cp, cap_cp;
    int64_t every;            /* batches between its checkpoints */
    nn_Experiment spec;       /* the settings it trains with */
    nn_EpochRecord *hist;     /* (n_hist) its epochs up to its tip */
    int64_t n_hist, cap_hist;
} app_Branch;

typedef struct {
    app_Branch br[APP_TL_MAX_BRANCHES];
    int n_br;                 /* branches in use, oldest first */
    int live;                 /* index of the branch training is on */
    int next_id;
    size_t budget;            /* bytes all checkpoints may take */
    size_t bytes;             /* bytes they take now */
    int version;              /* changes when branches or histories change */
} app_Timeline;

/* Starts with one branch at the session's next batch boundary (a checkpoint
 * taken there if that is now). budget: bytes for checkpoints, at least two
 * of them always fit. 0, or -1 with err (nothing allocated). */
int app_timeline_init(app_Timeline *t, const nn_Session *s, size_t budget, char *err,
                      size_t err_len);
void app_timeline_free(app_Timeline *t);
/* After an edit of the session's settings, weights or counters: a new
 * branch from the next batch boundary (or, when nothing was trained since
 * the last edit, the current branch takes the new settings). 0, or -1 with
 * err when out of memory (the timeline then starts over with one branch). */
int app_timeline_branch(app_Timeline *t, const nn_Session *s, char *err, size_t err_len);
/* After each batch: notes the tip and the new epochs, takes a checkpoint
 * when one is due. */
void app_timeline_after_batch(app_Timeline *t, const nn_Session *s);
/* Puts the session at the last checkpoint at or before step, on the branch
 * the step belongs to (see above: its settings and history come along);
 * the caller replays the batches up to step. 0, or -1 with err when the
 * step is before every kept branch or nothing was kept. */
int app_timeline_restore(app_Timeline *t, nn_Session *s, int64_t step, char *err,
                         size_t err_len);
/* Switches to branch index b at its last checkpoint; *tip gets the step to
 * replay to. 0, or -1 with err. */
int app_timeline_switch(app_Timeline *t, nn_Session *s, int b, int64_t *tip, char *err,
                        size_t err_len);
/* The earliest step the live branch can go back to. */
int64_t app_timeline_floor(const app_Timeline *t);
/* Whether branch b is worth showing on its own: live, or it reached steps
 * beyond where every branch that left it did. */
int app_timeline_shown(const app_Timeline *t, int b);

#endif
