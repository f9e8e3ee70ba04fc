/* lesson_run.c - walking a lesson in the window: opening a lesson file for
 * its walk, Space and Backspace (and the panel's buttons, which ask for the
 * same moves), and forgetting the walk when another file opens.
 *
 * A step's action is its commands pushed on the core's queue, as keys and
 * menus push them. Back returns to the previous step's text and clears
 * what the steps asked the window to show; the timeline's exact return is
 * lesson_walk_back's (src/lesson/lesson_walk.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

int app_lesson_zh(void)
{
    return strncmp(i18n_language(), "zh", 2) == 0;
}

static int ensure(app_State *a)
{
    if (!a->lesson)
        a->lesson = calloc(1, sizeof *a->lesson);
    return a->lesson ? 0 : -1;
}

int app_lesson_open(app_State *a, const char *path, int open_setup, char *err, size_t err_len)
{
    lesson_File *f = NULL;
    if (lesson_load(path, &f, err, err_len) != 0)
        return -1;
    if (f->n_steps == 0) {
        lesson_free(f);
        return 1;
    }
    if (ensure(a) != 0) {
        lesson_free(f);
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    lesson_free(a->lesson->walk.file);
    memset(&a->lesson->walk, 0, sizeof a->lesson->walk);
    a->lesson->walk.file = f;
    a->lesson->walk.step = -1;
    a->lesson->walk.choice = -1;
    a->lesson->walk.zh = app_lesson_zh();
    a->lesson->want = 0;
    /* its set-up opens through the queue; the opening that follows is this
     * lesson's (any later one ends the walk) */
    a->lesson->seen_opened = a->core.opened + (open_setup ? 1 : 0);
    memset(&a->core.lesson_view, 0, sizeof a->core.lesson_view);
    if (open_setup)
        app_push(a, app_cmd_text(APP_CMD_OPEN, path));
    app_set_status(a, 0, tr(STR_STATUS_LESSON_OPEN), lesson_title(f, app_lesson_zh()), f->n_steps);
    return 0;
}

/* The step's action: its commands, in order, on the queue. */
static void act(app_State *a, const lesson_Step *st)
{
    for (int i = 0; i < st->n_actions; i++)
        app_push(a, st->actions[i].cmd);
}

int app_lesson_next(app_State *a)
{
    if (!app_lesson_walking(a))
        return 1;
    lesson_Walk *w = &a->lesson->walk;
    const lesson_File *f = w->file;
    if (w->step < 0 || w->stage == LESSON_AT_DONE) {
        if (w->step + 1 >= f->n_steps)
            return 1; /* the end */
        w->step++;
        w->stage = LESSON_AT_TEXT;
        w->choice = -1;
        w->n_checks_done = 0;
        return 0;
    }
    if (w->stage == LESSON_AT_TEXT) {
        const lesson_Step *st = &f->steps[w->step];
        if (lesson_step_predict(st, app_lesson_zh())->n_options > 0 && w->choice < 0)
            return 1; /* the class predicts first */
        act(a, st);
        w->stage = LESSON_AT_DONE;
        return 0;
    }
    return 1;
}

int app_lesson_back(app_State *a)
{
    if (!app_lesson_walking(a))
        return 1;
    lesson_Walk *w = &a->lesson->walk;
    if (w->step < 0)
        return 1;
    if (w->stage == LESSON_AT_TEXT)
        w->step--;
    w->stage = w->step < 0 ? LESSON_AT_CARD : LESSON_AT_TEXT;
    w->choice = -1;
    w->n_checks_done = 0;
    memset(&a->core.lesson_view, 0, sizeof a->core.lesson_view);
    /* the steps before keep what they asked the window to show */
    for (int s = 0; s < w->step; s++) {
        const lesson_Step *st = &w->file->steps[s];
        for (int i = 0; i < st->n_actions; i++) {
            int k = st->actions[i].cmd.kind;
            if (k == APP_CMD_HIGHLIGHT || k == APP_CMD_HIDE_CONTROLS || k == APP_CMD_SHOW_CONTROLS)
                app_push(a, st->actions[i].cmd);
        }
    }
    return 0;
}

void app_lesson_frame(app_State *a)
{
    if (!a->lesson || !a->lesson->walk.file)
        return;
    if (a->core.opened > a->lesson->seen_opened) {
        /* another file opened: the walk is over */
        lesson_free(a->lesson->walk.file);
        memset(&a->lesson->walk, 0, sizeof a->lesson->walk);
        memset(&a->core.lesson_view, 0, sizeof a->core.lesson_view);
        return;
    }
    int want = a->lesson->want;
    a->lesson->want = 0;
    if (want > 0)
        app_lesson_next(a);
    else if (want < 0)
        app_lesson_back(a);
}

int app_lesson_goto(app_State *a, int k, int acted, char *err, size_t err_len)
{
    if (!app_lesson_walking(a)) {
        snprintf(err, err_len, "the lesson has no steps");
        return -1;
    }
    lesson_Walk *w = &a->lesson->walk;
    if (k < 1 || k > w->file->n_steps) {
        snprintf(err, err_len, "step %d: the lesson has %d steps", k, w->file->n_steps);
        return -1;
    }
    /* every earlier step's action, and this one's when acted, through the
     * command queue as keys would push them */
    int upto = acted ? k : k - 1;
    for (int s = 0; s < upto; s++) {
        const lesson_Step *st = &w->file->steps[s];
        for (int i = 0; i < st->n_actions; i++) {
            app_push(a, st->actions[i].cmd);
            app_sync(a, plat_now());
        }
    }
    w->step = k - 1;
    w->stage = acted ? LESSON_AT_DONE : LESSON_AT_TEXT;
    return 0;
}

void app_lesson_free(app_State *a)
{
    if (!a->lesson)
        return;
    lesson_free(a->lesson->walk.file);
    free(a->lesson);
    a->lesson = NULL;
}
