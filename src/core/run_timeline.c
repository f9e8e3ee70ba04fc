/* run_timeline.c - the snapshot's copy of a run's timeline: branch spans,
 * memory, and each branch's loss history (what the ghost curves draw). */
#include "core/run.h"

#include <stdlib.h>
#include <string.h>

/* Branch b's history into slot b of the snapshot: only the new records
 * when it is the branch copied there before and has grown (a history is
 * only ever extended, or replaced when a branch starts). */
static void copy_hist(app_Snap *S, int b, const app_Branch *br, int same)
{
    int64_t from = same && br->n_hist >= S->tl_n_hist[b] ? S->tl_n_hist[b] : 0;
    if (br->n_hist > S->tl_cap_hist[b]) {
        int64_t cap = S->tl_cap_hist[b] ? S->tl_cap_hist[b] : 64;
        while (cap < br->n_hist)
            cap *= 2;
        nn_EpochRecord *h = realloc(S->tl_hist[b], (size_t)cap * sizeof *h);
        if (!h) {
            S->tl_n_hist[b] = 0;
            return;
        }
        S->tl_hist[b] = h;
        S->tl_cap_hist[b] = cap;
    }
    if (br->n_hist > from)
        memcpy(S->tl_hist[b] + from, br->hist + from, (size_t)(br->n_hist - from) * sizeof *br->hist);
    S->tl_n_hist[b] = br->n_hist;
}

void app_run_snap_timeline(app_Run *r)
{
    app_Snap *S = &r->snap;
    const app_Timeline *t = &r->timeline;
    for (int b = 0; b < t->n_br; b++) {
        const app_Branch *br = &t->br[b];
        int same = b < S->tl_n && S->tl_id[b] == br->id;
        copy_hist(S, b, br, same);
        S->tl_id[b] = br->id;
        S->tl_fork[b] = br->fork;
        S->tl_tip[b] = br->tip;
        S->tl_shown[b] = app_timeline_shown(t, b);
    }
    S->tl_n = t->n_br;
    S->tl_live = t->live;
    S->tl_floor = app_timeline_floor(t);
    S->tl_bytes = t->bytes;
    S->tl_budget = t->budget;
}
