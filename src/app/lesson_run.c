/* lesson_run.c - walking a lesson in the window: opening a lesson file for
 * its walk, and the moves the panel's buttons ask for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

static int ensure(app_State *a)
{
    if (!a->lesson)
        a->lesson = calloc(1, sizeof *a->lesson);
    return a->lesson ? 0 : -1;
}

int app_lesson_open(app_State *a, const char *path, char *err, size_t err_len)
{
    lesson_File *f = NULL;
    if (lesson_load(path, &f, err, err_len) != 0)
        return -1;
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
    return 0;
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
