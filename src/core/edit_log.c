/* edit_log.c - the hand edits made to the runs (edit_log.h). */
#include "core/edit_log.h"

#include <stddef.h>

#include "core/core.h"

int app_edit_is_hand(app_CmdKind kind)
{
    return kind == APP_CMD_SET_PARAM || kind == APP_CMD_ADD_POINT ||
           kind == APP_CMD_REMOVE_POINT || kind == APP_CMD_CLEAR_POINTS;
}

void app_edit_log_sync(app_EditLog *log, const void *session)
{
    /* a new session is allocated while the old one still lives (sessions
     * are built aside, then swapped), so the pointer differs across a
     * rebuild seen here */
    if (log->session != session) {
        log->session = session;
        log->gen++;
    }
}

void app_edit_log_note(app_EditLog *log, const app_Command *cmd, int branch, int64_t step,
                       int phase)
{
    if (!app_edit_is_hand(cmd->kind))
        return;
    app_Edit *e = &log->e[log->total % APP_EDIT_LOG_CAP];
    e->seq = log->total++;
    e->gen = log->gen;
    e->branch = branch;
    e->step = step;
    e->phase = phase;
    e->kind = cmd->kind;
    for (int k = 0; k < 3; k++)
        e->i[k] = cmd->i[k];
    e->f = cmd->f;
    e->f2 = cmd->f2;
}

const app_Edit *app_edit_log_at(const app_EditLog *log, int64_t seq)
{
    if (seq < 0 || seq >= log->total || seq < log->total - APP_EDIT_LOG_CAP)
        return NULL;
    return &log->e[seq % APP_EDIT_LOG_CAP];
}

void app_core_note_edit(app_Core *c, const app_Command *cmd)
{
    const app_Run *r = app_core_focus(c);
    app_edit_log_sync(&c->edits, c->runs[0]->s);
    if (!app_edit_is_hand(cmd->kind))
        return;
    nn_Cursor cur = nn_trainer_cursor(r->s->trainer);
    const app_Timeline *t = &r->timeline;
    int branch = t->n_br > 0 ? t->br[t->live].id : 0;
    app_edit_log_note(&c->edits, cmd, branch, cur.step, cur.phase);
}
