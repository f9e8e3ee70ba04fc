/* lesson_ui.h - the window's side of a lesson: the walk it shows in the
 * lesson panel, the lessons menu's list, and where the panel was drawn.
 * The functions are declared in app.h (sections panel_lesson.c and
 * lesson_menu.c). */
#ifndef NNVIZ_APP_LESSON_UI_H
#define NNVIZ_APP_LESSON_UI_H

#include "lesson/lesson_walk.h"
#include "ui/ui.h"

#define APP_LESSONS_MAX 48   /* lessons the menu lists */

typedef struct app_LessonUi {
    lesson_Walk walk;        /* walk.file NULL: no lesson walked */
    int seen_opened;         /* core.opened when the walk began (another opening ends it) */
    ui_Rect rect;            /* the panel as drawn last frame */
    int want;                /* the panel's buttons ask: +1 next, -1 back (0: nothing) */
    int seen_view;           /* app_ViewId last opened for the walk's VIEW */
    int text_px;             /* the narration's font size as drawn last frame */
    int scroll;              /* the narration's lines scrolled off its top */
    int scroll_at;           /* the step and stage the scroll belongs to */
    struct {
        int open;            /* the lessons menu is up (B, the top bar's button) */
        int n;
        char path[APP_LESSONS_MAX][512];
        char title[APP_LESSONS_MAX][128];   /* in the language it was read in */
        char lang[16];       /* that language's code */
        ui_Rect rect;        /* the menu as drawn last frame */
    } menu;
} app_LessonUi;

#endif
