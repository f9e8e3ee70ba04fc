/* timeline.c - a run's checkpoints and branches within a memory budget. */
#include "core/timeline.h"

#include "i18n/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- sizes ---------------------------------------------------------------- */

static size_t cp_bytes(const nn_Checkpoint *cp)
{
    size_t arrays = 1 + (cp->slot[0] != NULL) + (cp->slot[1] != NULL);
    return sizeof *cp + cp->n_params * arrays * sizeof(float);
}

/* What one checkpoint of s's shape will take. */
static size_t new_cp_bytes(const nn_Session *s)
{
    size_t arrays = 1 + (s->opt->slot[0] != NULL) + (s->opt->slot[1] != NULL);
    return sizeof(nn_Checkpoint) + s->model->n_params * arrays * sizeof(float);
}

static int64_t step_of(const nn_Checkpoint *cp)
{
    return nn_checkpoint_cursor(cp).step;
}

/* ---- branches --------------------------------------------------------------- */

static int index_of(const app_Timeline *t, int id)
{
    for (int i = 0; i < t->n_br; i++)
        if (id != 0 && t->br[i].id == id)
            return i;
    return -1;
}

static int is_ancestor_of_live(const app_Timeline *t, int b)
{
    for (int i = t->live; i >= 0; i = index_of(t, t->br[i].parent))
        if (i == b)
            return 1;
    return 0;
}

static void free_cps(app_Timeline *t, app_Branch *b)
{
    for (int i = 0; i < b->n_cp; i++) {
        t->bytes -= cp_bytes(b->cp[i]);
        nn_checkpoint_destroy(b->cp[i]);
    }
    b->n_cp = 0;
}

/* Copies records [from, n) of h into b's history (grown as needed), whose
 * first `from` records are h's already. -1: no memory. */
static int copy_hist(app_Timeline *t, app_Branch *b, const nn_EpochRecord *h, int64_t from,
                     int64_t n)
{
    if (n > b->cap_hist) {
        int64_t cap = b->cap_hist ? b->cap_hist : 64;
        while (cap < n)
            cap *= 2;
        nn_EpochRecord *p = realloc(b->hist, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        t->bytes += (size_t)(cap - b->cap_hist) * sizeof *p;
        b->hist = p;
        b->cap_hist = cap;
    }
    if (n > from)
        memcpy(b->hist + from, h + from, (size_t)(n - from) * sizeof *h);
    b->n_hist = n;
    t->version++;
    return 0;
}

/* b's history becomes h's n records. */
static int set_hist(app_Timeline *t, app_Branch *b, const nn_EpochRecord *h, int64_t n)
{
    return copy_hist(t, b, h, 0, n);
}

/* The live branch's history is the session's, as long as it ever got: a
 * replay after going back gives the same records again, so only the new
 * ones are copied. */
static void sync_hist(app_Timeline *t, const nn_Session *s)
{
    app_Branch *b = &t->br[t->live];
    if (s->n_history > b->n_hist)
        copy_hist(t, b, s->history, b->n_hist, s->n_history);
}

static void drop_branch(app_Timeline *t, int i)
{
    app_Branch *b = &t->br[i];
    free_cps(t, b);
    free(b->cp);
    t->bytes -= (size_t)b->cap_hist * sizeof *b->hist;
    free(b->hist);
    for (int k = 0; k < t->n_br; k++)
        if (t->br[k].parent == b->id)
            t->br[k].parent = 0; /* its past is gone: its first step is a floor */
    memmove(&t->br[i], &t->br[i + 1], (size_t)(t->n_br - i - 1) * sizeof *t->br);
    t->n_br--;
    if (t->live > i)
        t->live--;
    t->version++;
}

/* The oldest branch the run does not stand on, else the oldest of those it
 * does (never the live one). -1 when only the live branch is left. */
static int droppable(const app_Timeline *t)
{
    for (int i = 0; i < t->n_br; i++)
        if (i != t->live && !is_ancestor_of_live(t, i))
            return i;
    for (int i = 0; i < t->n_br; i++)
        if (i != t->live)
            return i;
    return -1;
}

/* Every other checkpoint of b goes (its first stays), its spacing doubles. */
static void thin(app_Timeline *t, app_Branch *b)
{
    int keep = 0;
    for (int i = 0; i < b->n_cp; i++) {
        if (i == 0 || (step_of(b->cp[i]) - b->fork) % (2 * b->every) == 0) {
            b->cp[keep++] = b->cp[i];
        } else {
            t->bytes -= cp_bytes(b->cp[i]);
            nn_checkpoint_destroy(b->cp[i]);
        }
    }
    b->n_cp = keep;
    b->every *= 2;
}

/* Frees room for one more checkpoint: halves the branch with the most, or
 * drops a branch. 0 when nothing could go. */
static int make_room(app_Timeline *t)
{
    int most = -1;
    for (int i = 0; i < t->n_br; i++)
        if (t->br[i].n_cp >= 3 && (most < 0 || t->br[i].n_cp > t->br[most].n_cp))
            most = i;
    if (most >= 0) {
        thin(t, &t->br[most]);
        return 1;
    }
    int d = droppable(t);
    if (d < 0)
        return 0;
    drop_branch(t, d);
    return 1;
}

/* A checkpoint of the session now (a batch boundary) on the live branch, if
 * one is still due after making room. */
static void take(app_Timeline *t, const nn_Session *s)
{
    size_t per = new_cp_bytes(s);
    size_t limit = t->budget > 2 * per ? t->budget : 2 * per; /* two always fit */
    while (t->bytes + per > limit && make_room(t))
        ;
    if (t->bytes + per > limit)
        return;
    app_Branch *b = &t->br[t->live];
    int64_t step = nn_trainer_cursor(s->trainer).step;
    if ((step - b->fork) % b->every != 0)
        return; /* the spacing doubled just now */
    if (b->n_cp == b->cap_cp) {
        int cap = b->cap_cp ? 2 * b->cap_cp : 16;
        nn_Checkpoint **p = realloc(b->cp, (size_t)cap * sizeof *p);
        if (!p)
            return;
        b->cp = p;
        b->cap_cp = cap;
    }
    char err[256];
    nn_Checkpoint *cp = NULL;
    if (nn_checkpoint_create(&cp, s->model, s->opt, err, sizeof err) != NN_OK)
        return;
    if (nn_session_checkpoint_take(s, cp, err, sizeof err) != NN_OK) {
        nn_checkpoint_destroy(cp);
        return;
    }
    b->cp[b->n_cp++] = cp;
    t->bytes += cp_bytes(cp);
}

/* A branch at the next batch boundary with the session's settings, appended
 * and made live. -1: no memory. */
static int add_branch(app_Timeline *t, const nn_Session *s, int parent_id)
{
    if (t->n_br == APP_TL_MAX_BRANCHES) {
        int d = droppable(t);
        if (d < 0)
            return -1;
        drop_branch(t, d);
    }
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    app_Branch *b = &t->br[t->n_br];
    memset(b, 0, sizeof *b);
    b->id = ++t->next_id;
    b->parent = parent_id;
    b->fork = b->tip = c.step + (c.phase > 0);
    b->every = 1;
    b->spec = s->spec;
    if (set_hist(t, b, s->history, s->n_history) != 0)
        return -1;
    t->n_br++;
    t->live = t->n_br - 1;
    t->version++;
    if (c.phase == 0)
        take(t, s);
    return 0;
}

/* ---- the contract ------------------------------------------------------------ */

void app_timeline_free(app_Timeline *t)
{
    while (t->n_br > 0) {
        t->live = -1;
        drop_branch(t, t->n_br - 1);
    }
    memset(t, 0, sizeof *t);
}

int app_timeline_init(app_Timeline *t, const nn_Session *s, size_t budget, char *err,
                      size_t err_len)
{
    memset(t, 0, sizeof *t);
    t->budget = budget;
    if (add_branch(t, s, 0) != 0) {
        app_timeline_free(t);
        snprintf(err, err_len, "out of memory for the timeline");
        return -1;
    }
    return 0;
}

int app_timeline_branch(app_Timeline *t, const nn_Session *s, char *err, size_t err_len)
{
    if (t->n_br == 0)
        return app_timeline_init(t, s, t->budget ? t->budget : APP_TIMELINE_BUDGET, err, err_len);
    sync_hist(t, s);
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    app_Branch *l = &t->br[t->live];
    int64_t at = c.step + (c.phase > 0);
    int has_child = 0;
    for (int i = 0; i < t->n_br; i++)
        has_child |= t->br[i].parent == l->id;
    if (l->tip <= l->fork && at == l->fork && !has_child) {
        /* nothing trained since the last edit: this branch takes the new
         * settings and starts again from the edited state */
        free_cps(t, l);
        l->every = 1;
        l->spec = s->spec;
        if (set_hist(t, l, s->history, s->n_history) != 0) {
            snprintf(err, err_len, "out of memory for the timeline");
            return -1;
        }
        if (c.phase == 0)
            take(t, s);
        return 0;
    }
    if (add_branch(t, s, l->id) != 0) {
        size_t budget = t->budget;
        app_timeline_free(t);
        app_timeline_init(t, s, budget, err, err_len);
        snprintf(err, err_len, "out of memory for the timeline");
        return -1;
    }
    return 0;
}

void app_timeline_after_batch(app_Timeline *t, const nn_Session *s)
{
    if (t->n_br == 0)
        return;
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    if (c.phase != 0)
        return;
    app_Branch *b = &t->br[t->live];
    sync_hist(t, s);
    if (c.step > b->tip)
        b->tip = c.step;
    if (c.step < b->fork || (c.step - b->fork) % b->every != 0)
        return;
    if (b->n_cp > 0 && step_of(b->cp[b->n_cp - 1]) >= c.step)
        return; /* replaying a stretch already kept */
    take(t, s);
}

int64_t app_timeline_floor(const app_Timeline *t)
{
    int64_t floor = 0;
    for (int i = t->live; i >= 0 && i < t->n_br; i = index_of(t, t->br[i].parent))
        floor = t->br[i].fork;
    return floor;
}

int app_timeline_shown(const app_Timeline *t, int b)
{
    if (b == t->live)
        return 1;
    for (int i = 0; i < t->n_br; i++)
        if (t->br[i].parent == t->br[b].id && t->br[i].fork >= t->br[b].tip)
            return 0;
    return 1;
}

/* The session takes branch b's settings and history. 0, or -1 with err
 * (nothing changed then but what the failing call leaves). */
static int enter(app_Timeline *t, nn_Session *s, int b, char *err, size_t err_len)
{
    const nn_Experiment *e = &t->br[b].spec;
    if (e->batch_size != s->spec.batch_size &&
        nn_session_set_batch_size(s, e->batch_size, err, err_len) != NN_OK)
        return -1;
    int same_slots = e->opt.kind == s->opt->cfg.kind &&
                     (e->opt.kind != NN_OPT_RMSPROP || (e->opt.momentum > 0) == (s->opt->slot[1] != NULL));
    if (same_slots) {
        s->opt->cfg = e->opt;
        s->spec.opt = e->opt;
    } else if (nn_session_set_optimizer(s, &e->opt, err, err_len) != NN_OK) {
        return -1;
    }
    s->model->reg = s->spec.reg = e->reg;
    s->model->reg_rate = s->spec.reg_rate = e->reg_rate;
    const app_Branch *br = &t->br[b];
    if (br->n_hist > s->cap_history) {
        nn_EpochRecord *h = realloc(s->history, (size_t)br->n_hist * sizeof *h);
        if (!h) {
            snprintf(err, err_len, "out of memory for the timeline");
            return -1;
        }
        s->history = h;
        s->cap_history = br->n_hist;
    }
    if (br->n_hist > 0)
        memcpy(s->history, br->hist, (size_t)br->n_hist * sizeof *br->hist);
    s->n_history = br->n_hist;
    t->live = b;
    t->version++;
    return 0;
}

/* After a refused restore (the training points changed since the branch
 * was recorded, so its checkpoints name other rows): back to branch was,
 * whose state the session still holds. */
static void leave(app_Timeline *t, nn_Session *s, int was)
{
    char err[256];
    if (t->live == was || enter(t, s, was, err, sizeof err) != 0)
        return;
    int64_t now = nn_trainer_cursor(s->trainer).step, keep = 0;
    while (keep < s->n_history && s->history[keep].step <= now)
        keep++;
    s->n_history = keep; /* the branch's records up to where the session is */
}

/* The last checkpoint of b at or before step, -1 if none. */
static int best_cp(const app_Branch *b, int64_t step)
{
    int lo = 0, hi = b->n_cp; /* first with step_of > step */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (step_of(b->cp[mid]) <= step)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

int app_timeline_restore(app_Timeline *t, nn_Session *s, int64_t step, char *err,
                         size_t err_len)
{
    if (t->n_br == 0) {
        snprintf(err, err_len, tr(STR_STATUS_NO_CHECKPOINT), (long long)step);
        return -1;
    }
    sync_hist(t, s);
    int b = t->live;
    while (b >= 0 && step < t->br[b].fork)
        b = index_of(t, t->br[b].parent);
    if (b < 0) {
        snprintf(err, err_len, tr(STR_STATUS_BEFORE_FLOOR), (long long)app_timeline_floor(t));
        return -1;
    }
    int k = best_cp(&t->br[b], step);
    if (k < 0) {
        snprintf(err, err_len, tr(STR_STATUS_NO_CHECKPOINT), (long long)step);
        return -1;
    }
    int was = t->live;
    if (b != t->live && enter(t, s, b, err, err_len) != 0)
        return -1;
    if (nn_session_checkpoint_restore(s, t->br[b].cp[k], err, err_len) != NN_OK) {
        leave(t, s, was);
        return -1;
    }
    return 0;
}

int app_timeline_switch(app_Timeline *t, nn_Session *s, int b, int64_t *tip, char *err,
                        size_t err_len)
{
    if (b < 0 || b >= t->n_br || t->br[b].n_cp == 0) {
        snprintf(err, err_len, tr(STR_STATUS_NO_CHECKPOINT), (long long)0);
        return -1;
    }
    sync_hist(t, s);
    int was = t->live;
    if (b != t->live && enter(t, s, b, err, err_len) != 0)
        return -1;
    const app_Branch *br = &t->br[b];
    if (nn_session_checkpoint_restore(s, br->cp[br->n_cp - 1], err, err_len) != NN_OK) {
        leave(t, s, was);
        return -1;
    }
    *tip = br->tip;
    return 0;
}
