/* edit_log.h - the hand edits made to the runs (a weight typed in, a point
 * drawn, removed or the drawn set cleared), each with where the focused run
 * stood when it was made, so that "save this moment as a step"
 * (lesson/lesson_capture.h) can write them back as the same commands at the
 * same batch and phase. The timeline keeps settings but not these, and a
 * drawn point outlives the branch it was drawn on.
 *
 * An edit is noted after its command was applied. Branch ids restart when a
 * run's network is rebuilt, so every entry also carries a generation that
 * changes whenever the first run's session is replaced (every run is
 * rebuilt with it; choosing another run to show is no rebuild). The log keeps the
 * last APP_EDIT_LOG_CAP edits. No SDL, no globals. */
#ifndef NNVIZ_CORE_EDIT_LOG_H
#define NNVIZ_CORE_EDIT_LOG_H

#include <stdint.h>

#include "core/command.h"

#define APP_EDIT_LOG_CAP 256

typedef struct {
    int64_t seq;              /* the edit's number: edits noted before it */
    int gen;                  /* generation of the first run's session then */
    int branch;               /* live timeline branch just after the edit */
    int64_t step;             /* the focused run's batch count ... */
    int phase;                /* ... and next phase when it was made */
    app_CmdKind kind;         /* SET_PARAM, ADD_POINT, REMOVE_POINT or CLEAR_POINTS */
    int i[3];                 /* the command's arguments */
    double f, f2;
} app_Edit;

typedef struct {
    app_Edit e[APP_EDIT_LOG_CAP]; /* ring: entry seq at e[seq % CAP] */
    int64_t total;            /* edits noted so far */
    int gen;                  /* the current generation */
    const void *session;      /* the first run's session the generation belongs to */
} app_EditLog;

/* 1 for the commands that are noted. */
int app_edit_is_hand(app_CmdKind kind);
/* Starts a new generation when the first run's session is not the one seen
 * last (the network was rebuilt or a file opened). Cheap: call it around
 * anything that may replace sessions. */
void app_edit_log_sync(app_EditLog *log, const void *session);
/* Notes cmd (if it is a hand edit) made at branch, step, phase. */
void app_edit_log_note(app_EditLog *log, const app_Command *cmd, int branch, int64_t step,
                       int phase);
/* The entry numbered seq, NULL when it is not kept (too old or not yet). */
const app_Edit *app_edit_log_at(const app_EditLog *log, int64_t seq);

#endif
