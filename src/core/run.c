/* run.c - one training run: stepping it, recording its epochs, going back. */
#include "core/run.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"

/* Memory the timeline of one run may take (timeline.h): Fashion-MNIST's
 * 784-128-64-10 network (1.3 MB a checkpoint with Adam's two slots) keeps
 * about 48 checkpoints; Playground's small networks thousands, so a seek
 * replays a few hundred batches at most. */
#define TIMELINE_BUDGET APP_TIMELINE_BUDGET

double app_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void fresh_figures(app_Run *r)
{
    r->metrics_step = -1;
    r->heat.drawn_step = -1;
    r->epoch_t0 = app_clock();
    r->epoch_secs = 0;
    r->phase_view = 0;
    r->diverged = 0;
    r->snap.n_history = 0;
    app_health_log_truncate(&r->health, 0);
    for (int i = 0; i < APP_TL_MAX_BRANCHES; i++)
        r->health_kept_id[i] = 0; /* a new timeline: its ids start again */
    free(r->confusion);
    r->confusion = NULL;
    r->n_conf = 0;
}

int app_run_set_session(app_Run *r, nn_Session *s, char *err, size_t err_len)
{
    app_Timeline t;
    /* a run's share of the window's budget stays through rebuilds */
    size_t budget = r->timeline.budget ? r->timeline.budget : TIMELINE_BUDGET;
    if (app_timeline_init(&t, s, budget, err, err_len) != 0) {
        nn_session_destroy(s);
        return -1;
    }
    app_timeline_free(&r->timeline);
    r->timeline = t;
    nn_session_destroy(r->s);
    r->s = s;
    fresh_figures(r);
    return 0;
}

int app_run_create(app_Run **out, nn_Session *s, const char *label, uint32_t color, char *err,
                   size_t err_len)
{
    *out = NULL;
    app_Run *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, err_len, "out of memory for a run");
        nn_session_destroy(s);
        return -1;
    }
    app_health_log_init(&r->health);
    if (app_run_set_session(r, s, err, err_len) != 0) {
        free(r);
        return -1;
    }
    snprintf(r->label, sizeof r->label, "%s", label ? label : "");
    r->color = color;
    *out = r;
    return 0;
}

void app_run_destroy(app_Run *r)
{
    if (!r)
        return;
    nn_model_destroy(r->snap.model);
    free(r->snap.grads);
    free(r->snap.update);
    free(r->snap.history);
    free(r->snap.health);
    app_health_log_free(&r->health);
    for (int i = 0; i < APP_TL_MAX_BRANCHES; i++)
        app_health_log_free(&r->health_kept[i]);
    for (int i = 0; i < APP_TL_MAX_BRANCHES; i++)
        free(r->snap.tl_hist[i]);
    app_row_view_free(&r->snap.rowv);
    app_timeline_free(&r->timeline);
    nn_evaluator_destroy(r->eval);
    nn_session_destroy(r->s);
    free(r->confusion);
    free(r);
}

/* ======================================================================== */
/* training                                                                  */
/* ======================================================================== */

/* Epochs are recorded densely at first and then ever more sparsely, so a
 * class left training at full speed for an hour does not fill the memory
 * (the chart shows the whole run either way). */
static int should_record(int64_t epoch)
{
    if (epoch <= 2000)
        return 1;
    int64_t stride = 1;
    while (epoch / stride > 2000)
        stride *= 2;
    return epoch % stride == 0;
}

/* The record's seconds are the time spent in the trainer since the last
 * record, not the clock: a paused window does not add to the x axis by
 * seconds (an unrecorded epoch's time goes to the next record). */
static void epoch_done(app_Run *r)
{
    nn_Cursor c = nn_trainer_cursor(r->s->trainer);
    double now = app_clock();
    if (should_record(c.epoch)) {
        nn_session_record_epoch(r->s, r->epoch_secs, NULL);
        r->epoch_secs = 0;
    }
    r->epoch_t0 = now;
}

/* One move of the trainer, its time added to the epoch's training time. */
static nn_Status timed(app_Run *r, nn_Status (*move)(nn_Trainer *))
{
    double t0 = app_clock();
    nn_Status st = move(r->s->trainer);
    r->epoch_secs += app_clock() - t0;
    return st;
}

/* What one move of the trainer did: the epoch it finished, the divergence
 * it found. */
static int after_move(app_Run *r, nn_Status st, int64_t epoch_before)
{
    if (st == NN_DIVERGED) {
        r->diverged = 1;
        return 1;
    }
    if (st != NN_OK)
        return -1;
    nn_Cursor c = nn_trainer_cursor(r->s->trainer);
    if (c.epoch != epoch_before)
        epoch_done(r);
    /* out of memory for the log: the view shows what it has */
    app_health_log_after_batch(&r->health, r->s->trainer);
    return 0;
}

int app_run_step_batch(app_Run *r)
{
    int64_t ep = nn_trainer_cursor(r->s->trainer).epoch;
    r->phase_view = 0;
    return after_move(r, timed(r, nn_trainer_step_batch), ep);
}

int app_run_step_phase(app_Run *r)
{
    int64_t ep = nn_trainer_cursor(r->s->trainer).epoch;
    r->phase_view = 1;
    return after_move(r, timed(r, nn_trainer_step_phase), ep);
}

int app_run_step_epoch(app_Run *r)
{
    /* the rest of this epoch: at most a full epoch of batches and one more
     * for a half-run batch */
    int64_t ep = nn_trainer_cursor(r->s->trainer).epoch;
    int64_t n = (int64_t)nn_trainer_batches_per_epoch(r->s->trainer) + 2;
    for (int64_t i = 0; i < n && nn_trainer_cursor(r->s->trainer).epoch == ep; i++) {
        int st = app_run_step_batch(r);
        if (st != 0)
            return st;
        app_run_checkpoint(r);
    }
    return 0;
}

void app_run_checkpoint(app_Run *r)
{
    app_timeline_after_batch(&r->timeline, r->s);
}

void app_run_touched(app_Run *r)
{
    /* a reset puts the cursor back: the health after it is gone */
    app_health_log_truncate(&r->health, nn_trainer_cursor(r->s->trainer).step);
    r->metrics_step = -1;
    r->heat.drawn_step = -1;
    char err[256];
    /* on failure (no memory) the timeline starts over from here */
    app_timeline_branch(&r->timeline, r->s, err, sizeof err);
}

static int replay_to(app_Run *r, int64_t step, char *err, size_t err_len);

int app_run_goto(app_Run *r, int64_t step, char *err, size_t err_len)
{
    nn_Cursor c = nn_trainer_cursor(r->s->trainer);
    if (step < c.step || (step == c.step && c.phase > 0) || c.diverged) {
        /* the health after step goes, as the loss history does; the
         * replay below records again from the checkpoint on */
        app_health_log_truncate(&r->health, step);
        if (app_timeline_restore(&r->timeline, r->s, step, err, err_len) != 0)
            return -1;
        r->diverged = 0;
        r->snap.n_history = 0; /* the copy is taken again from the start */
    }
    return replay_to(r, step, err, err_len);
}

/* The last health sample the live branch and branch b share: every step
 * before the first fork on either branch's line back to the root belongs
 * to the root, when they have the same root (0 when not: a dropped parent
 * left the past unknown). The sample at a fork is shared too: it measured
 * the batch that ended there, trained before the edit that forked. */
static int64_t shared_past(const app_Timeline *t, int b)
{
    int64_t least = INT64_MAX;
    int root[2] = {-1, -1}, from[2] = {t->live, b};
    for (int k = 0; k < 2; k++)
        for (int i = from[k], guard = 0; i >= 0 && i < t->n_br && guard < APP_TL_MAX_BRANCHES;
             guard++) {
            root[k] = i;
            int p = t->br[i].parent, next = -1;
            for (int j = 0; j < t->n_br; j++)
                if (t->br[j].id == p)
                    next = j;
            if (next >= 0 && t->br[i].fork < least)
                least = t->br[i].fork; /* steps from here on are this branch's own */
            i = next;
        }
    if (root[0] != root[1] || root[0] < 0)
        return 0;
    if (t->live == b)
        return INT64_MAX;
    return least == INT64_MAX ? 0 : least;
}

/* Keeps the live branch's health log, in a free slot or one of a branch
 * the timeline has dropped. */
static void keep_health(app_Run *r)
{
    const app_Timeline *t = &r->timeline;
    int id = t->br[t->live].id, slot = -1;
    for (int i = 0; i < APP_TL_MAX_BRANCHES && slot < 0; i++)
        if (r->health_kept_id[i] == id)
            slot = i;
    for (int i = 0; i < APP_TL_MAX_BRANCHES && slot < 0; i++) {
        int alive = 0;
        for (int k = 0; k < t->n_br; k++)
            alive |= r->health_kept_id[i] != 0 && t->br[k].id == r->health_kept_id[i];
        if (!alive)
            slot = i;
    }
    if (slot < 0)
        return;
    r->health_kept_id[slot] = app_health_log_copy(&r->health_kept[slot], &r->health) == 0 ? id : 0;
}

int app_run_switch_branch(app_Run *r, int b, char *err, size_t err_len)
{
    int64_t tip = 0;
    int64_t shared = shared_past(&r->timeline, b);
    int to = r->timeline.br[b].id;
    keep_health(r);
    if (app_timeline_switch(&r->timeline, r->s, b, &tip, err, err_len) != 0)
        return -1;
    /* the log the branch had when it was left, else the health the two
     * branches share; the replay to the tip records the rest */
    int kept = -1;
    for (int i = 0; i < APP_TL_MAX_BRANCHES; i++)
        if (r->health_kept_id[i] == to)
            kept = i;
    if (kept < 0 || app_health_log_copy(&r->health, &r->health_kept[kept]) != 0)
        app_health_log_truncate(&r->health, shared);
    app_health_log_truncate(&r->health, nn_trainer_cursor(r->s->trainer).step);
    r->diverged = 0;
    r->snap.n_history = 0;
    return replay_to(r, tip, err, err_len);
}

/* Trains forward to step (after a restore: replays). */
static int replay_to(app_Run *r, int64_t step, char *err, size_t err_len)
{
    while (nn_trainer_cursor(r->s->trainer).step < step) {
        int st = app_run_step_batch(r);
        if (st != 0) {
            snprintf(err, err_len, "%s", tr(st == 1 ? STR_STATUS_REPLAY_DIVERGED : STR_STATUS_TRAIN_FAILED));
            return -1;
        }
        app_run_checkpoint(r);
    }
    r->metrics_step = -1;
    r->heat.drawn_step = -1;
    r->phase_view = 0;
    r->epoch_t0 = app_clock();
    return 0;
}
