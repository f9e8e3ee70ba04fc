/* lesson_walk.h - walking a lesson over the app's core: a step's narration,
 * then its action (commands pushed on the core's queue, as keys and menus
 * push them), then its checks; and back, to the exact state the step
 * started from (the timeline's checkpoints).
 *
 * The window calls lesson_walk_next on Space and lesson_walk_back on
 * Backspace, and lesson_walk_poll once a frame after app_core_sync; `nnviz
 * lesson` calls lesson_walk_run_step for each step and prints what it
 * returns. No SDL here. */
#ifndef NNVIZ_LESSON_WALK_H
#define NNVIZ_LESSON_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "lesson/lesson_file.h"

typedef enum {
    LESSON_AT_CARD = 0,       /* the title card (step = -1) */
    LESSON_AT_TEXT,           /* the step's text is shown, its action not run */
    LESSON_AT_RUNNING,        /* its commands are applied / its RUN_UNTIL trains */
    LESSON_AT_DONE            /* its action ended; checks evaluated */
} lesson_Stage;

typedef struct {
    int result;               /* 1 holds, 0 does not, -1 cannot be evaluated */
    double lhs, rhs;
    char err[160];
} lesson_CheckResult;

/* Where a step started: enough to return there bit for bit. */
typedef struct {
    int valid;
    int64_t batches;          /* the focused run's batch count */
    int phase;                /* next phase of the batch in progress */
    int branch;               /* timeline branch */
    nn_Experiment spec;       /* the focused run's experiment then */
    int n_runs;               /* runs shown then (a comparison) */
    char compare[128];        /* COMPARE's argument then ("" one run) */
    app_LessonView view;
    int row;                  /* selected batch row */
    int inspect_layer, inspect_unit; /* -1: none */
    int64_t edit_seq;         /* hand edits noted before it (c->edits.total) */
    int edit_gen;             /* the edit log's generation then */
} lesson_Mark;

/* What a mark keeps besides lesson_Mark: every run's parameters (to know
 * that a return landed on the same bits) and the run shown. */
typedef struct {
    float *params;            /* owned: the runs' parameters one after another */
    size_t n_params;
    int focus;
} lesson_MarkData;

typedef struct {
    lesson_File *file;        /* owned */
    int zh;                   /* narration in Simplified Chinese */
    int step;                 /* -1: the title card */
    lesson_Stage stage;
    int choice;               /* the prediction chosen (-1: none yet) */
    lesson_Mark marks[LESSON_MAX_STEPS];
    lesson_CheckResult checks[LESSON_MAX_CHECKS];
    int n_checks_done;        /* checks of the current step evaluated */
    lesson_MarkData mark_data[LESSON_MAX_STEPS];
    char compare_now[128];    /* the comparison the steps opened ("" one run) */
    lesson_Mark end_mark;     /* where the last action ended (the set-up at the card), */
    lesson_MarkData end_data; /* from where a captured step starts (lesson_capture.h) */
    int next_action;          /* the current step's next command to push */
} lesson_Walk;

/* Takes the lesson (owned from now on, even on failure) and opens its
 * set-up in the core: the title card. 0, or -1 with one line in err. */
int lesson_walk_begin(lesson_Walk *w, app_Core *c, lesson_File *f, int zh, char *err,
                      size_t err_len);
void lesson_walk_end(lesson_Walk *w);

/* Space: from the card to the first step's text; from a step's text to its
 * action (a prediction must be chosen first: returns 1 and does nothing
 * while none is); from a finished action to the next step's text. 0 moved,
 * 1 nothing to do (the end, or waiting), -1 with err. */
int lesson_walk_next(lesson_Walk *w, app_Core *c, char *err, size_t err_len);

/* Backspace: back to the start of the current step (if its action ran) or
 * of the previous one, the state restored bit for bit. */
int lesson_walk_back(lesson_Walk *w, app_Core *c, char *err, size_t err_len);

/* Once a frame after app_core_sync: notices the end of a RUN_UNTIL and
 * evaluates the step's checks then. */
void lesson_walk_poll(lesson_Walk *w, app_Core *c);

/* The class's answer to the current step's prediction (0-based option).
 * 0, or -1 when the step asks none or there is no such option. */
int lesson_walk_choose(lesson_Walk *w, int option);

/* Headless: runs step k from its text to its checks at once (the core's
 * RUN_UNTIL trains on the calling thread). 0, or -1 with err. */
int lesson_walk_run_step(lesson_Walk *w, app_Core *c, int k, char *err, size_t err_len);

/* The metric function checks use, over the core (ctx is the app_Core). */
int lesson_core_metric(void *ctx, const lesson_Term *t, double *out, char *err, size_t err_len);

#endif
