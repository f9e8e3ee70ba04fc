/* timeline.c - a run's checkpoints, evenly spread over its whole length. */
#include "core/timeline.h"

#include "i18n/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SLOTS 64

void app_timeline_free(app_Timeline *t)
{
    for (int i = 0; i < t->cap; i++)
        nn_checkpoint_destroy(t->slot[i]);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

static int64_t step_of(const nn_Checkpoint *cp)
{
    return nn_checkpoint_cursor(cp).step;
}

static void take(app_Timeline *t, const nn_Session *s)
{
    if (t->n == t->cap) {
        /* full: keep every other checkpoint, counted from the floor (so the
         * floor itself always stays), and double the spacing */
        int keep = 0;
        for (int i = 0; i < t->n; i++) {
            if ((step_of(t->slot[i]) - t->floor) % (2 * t->every) != 0)
                continue;
            nn_Checkpoint *c = t->slot[keep];
            t->slot[keep++] = t->slot[i];
            t->slot[i] = c;
        }
        t->n = keep;
        t->every *= 2;
        nn_Cursor c = nn_trainer_cursor(s->trainer);
        if ((c.step - t->floor) % t->every != 0 || t->n == t->cap)
            return;
    }
    char err[256];
    if (nn_session_checkpoint_take(s, t->slot[t->n], err, sizeof err) == NN_OK)
        t->n++;
}

/* Empty, with the floor at the next batch boundary (taken there if now). */
static void start(app_Timeline *t, const nn_Session *s)
{
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    t->n = 0;
    t->every = 1;
    t->floor = c.step + (c.phase > 0);
    if (t->cap > 0 && c.phase == 0)
        take(t, s);
}

int app_timeline_init(app_Timeline *t, const nn_Session *s, size_t budget, char *err,
                      size_t err_len)
{
    memset(t, 0, sizeof *t);
    /* parameters and up to two optimizer slots per parameter */
    size_t per = s->model->n_params * 3 * sizeof(float) + 256;
    size_t cap = budget / per;
    if (cap > MAX_SLOTS)
        cap = MAX_SLOTS;
    if (cap < 2)
        cap = 2;
    t->slot = calloc(cap, sizeof *t->slot);
    if (!t->slot) {
        snprintf(err, err_len, "out of memory for the timeline");
        return -1;
    }
    for (size_t i = 0; i < cap; i++) {
        if (nn_checkpoint_create(&t->slot[i], s->model, s->opt, err, err_len) != NN_OK) {
            t->cap = (int)i;
            app_timeline_free(t);
            return -1;
        }
    }
    t->cap = (int)cap;
    t->n_params = s->model->n_params;
    t->opt_kind = s->opt->cfg.kind;
    start(t, s);
    return 0;
}

int app_timeline_restart(app_Timeline *t, const nn_Session *s, size_t budget, char *err,
                         size_t err_len)
{
    if (t->cap == 0 || t->n_params != s->model->n_params || t->opt_kind != s->opt->cfg.kind) {
        app_timeline_free(t);
        return app_timeline_init(t, s, budget, err, err_len);
    }
    start(t, s);
    return 0;
}

void app_timeline_after_batch(app_Timeline *t, const nn_Session *s)
{
    if (t->cap == 0)
        return;
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    if (c.phase != 0 || c.step < t->floor || (c.step - t->floor) % t->every != 0)
        return;
    if (t->n > 0 && step_of(t->slot[t->n - 1]) >= c.step)
        return; /* replaying a stretch already kept */
    take(t, s);
}

int app_timeline_restore(const app_Timeline *t, nn_Session *s, int64_t step, char *err,
                         size_t err_len)
{
    if (step < t->floor) {
        snprintf(err, err_len, tr(STR_STATUS_BEFORE_FLOOR), (long long)t->floor);
        return -1;
    }
    int best = -1;
    for (int i = 0; i < t->n; i++)
        if (step_of(t->slot[i]) <= step)
            best = i;
    if (best < 0) {
        snprintf(err, err_len, tr(STR_STATUS_NO_CHECKPOINT), (long long)step);
        return -1;
    }
    if (nn_session_checkpoint_restore(s, t->slot[best], err, err_len) != NN_OK)
        return -1;
    return 0;
}
