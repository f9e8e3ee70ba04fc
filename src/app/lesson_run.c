/* lesson_run.c - walking a lesson in the window (src/lesson/lesson_walk.h
 * does the walking): opening a lesson file for its walk, Space and
 * Backspace (and the panel's buttons, which ask for the same moves), the
 * walk's poll once a frame, the views a step opens, "save this moment as a
 * step", and forgetting the walk when another file opens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "app/landscape_view.h"
#include "app/race_view.h"
#include "lesson/lesson_capture.h"

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
    (void)open_setup; /* the walk opens its set-up itself, for a start it can return to */
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
    lesson_walk_end(&a->lesson->walk);
    if (lesson_walk_begin(&a->lesson->walk, &a->core, f, app_lesson_zh(), err, err_len) != 0) {
        lesson_walk_end(&a->lesson->walk); /* it took the file */
        return -1;
    }
    a->lesson->want = 0;
    a->lesson->seen_opened = a->core.opened;
    a->lesson->seen_view = APP_VIEW_MAIN;
    a->card = a->cards; /* the lesson's title card, in the window */
    app_set_status(a, 0, tr(STR_STATUS_LESSON_OPEN), lesson_title(f, app_lesson_zh()), f->n_steps);
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
    /* the steps before run headless, as `nnviz lesson` runs them */
    for (int s = 0; s < k - 1; s++)
        if (lesson_walk_run_step(w, &a->core, s, err, err_len) != 0)
            return -1;
    if (acted)
        return lesson_walk_run_step(w, &a->core, k - 1, err, err_len);
    /* to the step's text: from the end of the step before (or the card) */
    return lesson_walk_next(w, &a->core, err, err_len) < 0 ? -1 : 0;
}

int app_lesson_next(app_State *a)
{
    if (!app_lesson_walking(a))
        return 1;
    lesson_Walk *w = &a->lesson->walk;
    if (w->stage == LESSON_AT_TEXT && w->choice >= 0)
        lesson_walk_choose(w, w->choice);
    char err[256];
    int rc = lesson_walk_next(w, &a->core, err, sizeof err);
    if (rc < 0)
        app_set_status(a, 1, tr(STR_STATUS_LESSON_ERROR), err);
    return rc == 0 ? 0 : 1;
}

int app_lesson_back(app_State *a)
{
    if (!app_lesson_walking(a))
        return 1;
    char err[256];
    int rc = lesson_walk_back(&a->lesson->walk, &a->core, err, sizeof err);
    if (rc < 0)
        app_set_status(a, 1, tr(STR_STATUS_LESSON_ERROR), err);
    return rc == 0 ? 0 : 1;
}

/* VIEW: opens the view a step asks for, as its key does (once per change). */
static void follow_view(app_State *a)
{
    app_ViewId v = a->core.lesson_view.view;
    if ((int)v == a->lesson->seen_view)
        return;
    a->lesson->seen_view = (int)v;
    a->gallery_col = 0;
    a->health_on = v == APP_VIEW_HEALTH; /* in place of the output and the chart */
    if (a->race)
        a->race->open = 0;
    if (a->land)
        a->land->open = 0;
    switch (v) {
    case APP_VIEW_RACE: {
        /* the settings the window's race has: its surface and start */
        char buf[256], *save = NULL;
        int surf = -1, has_start = 0;
        float x0 = 0, y0 = 0;
        snprintf(buf, sizeof buf, "%s", a->core.lesson_view.view_args);
        for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
            race_SurfKind k;
            if (strncmp(t, "surface=", 8) == 0 && race_surface_from_name(t + 8, &k) == 0)
                surf = (int)k;
            else if (sscanf(t, "start=%f,%f", &x0, &y0) == 2)
                has_start = 1;
        }
        app_race_window_show(a, surf, has_start, x0, y0);
        break;
    }
    case APP_VIEW_LANDSCAPE:
        app_landscape_window_show(a);
        break;
    case APP_VIEW_GALLERY: {
        int layer = atoi(a->core.lesson_view.view_args);
        a->gallery_col = layer + 1 > 0 ? layer + 1 : 1;
        a->gallery_page = 0;
        break;
    }
    default:
        break; /* main; health: the health view, set above */
    }
    if (v == APP_VIEW_HEALTH)
        a->edge_mode = APP_EDGE_GRAD; /* and the diagram's edges show the gradients */
}

void app_lesson_frame(app_State *a)
{
    if (!a->lesson || !a->lesson->walk.file)
        return;
    if (a->core.opened > a->lesson->seen_opened) {
        /* another file opened: the walk is over */
        lesson_walk_end(&a->lesson->walk);
        return;
    }
    lesson_walk_poll(&a->lesson->walk, &a->core);
    int want = a->lesson->want;
    a->lesson->want = 0;
    if (want > 0)
        app_lesson_next(a);
    else if (want < 0)
        app_lesson_back(a);
    follow_view(a);
}

void app_lesson_capture(app_State *a)
{
    char err[512], path[1024] = "";
    lesson_Walk *w = a->lesson && a->lesson->walk.file ? &a->lesson->walk : NULL;
    if (!w) {
        /* a new lesson in the out dir */
        app_next_free_path(a->core.out_dir, "nnviz-lesson", "ini", path, sizeof path);
    }
    if (lesson_capture_save(w, &a->core, w ? NULL : path, err, sizeof err) != 0) {
        app_set_status(a, 1, tr(STR_STATUS_CAPTURE_FAIL), err);
        return;
    }
    if (w) {
        a->lesson->seen_opened = a->core.opened;
        app_set_status(a, 0, tr(STR_STATUS_CAPTURED), w->file->n_steps, w->file->path);
    } else {
        app_set_status(a, 0, tr(STR_STATUS_CAPTURED), 1, path);
    }
}

void app_lesson_free(app_State *a)
{
    if (!a->lesson)
        return;
    lesson_walk_end(&a->lesson->walk);
    free(a->lesson);
    a->lesson = NULL;
}
