/* panel_lessons.c - the lessons menu (key B, the top bar's button): the
 * lesson files of the lessons directory by their title in the window's
 * language; choosing one opens it (with its walk when it has steps). Its
 * last item saves the moment as a step (key N). The list is lesson_menu.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

void app_lessons_toggle(app_State *a)
{
    if (!a->lesson)
        a->lesson = calloc(1, sizeof *a->lesson);
    if (!a->lesson)
        return;
    a->lesson->menu.open = !a->lesson->menu.open;
    if (a->lesson->menu.open)
        app_lessons_scan(a->lesson);
}

void app_panel_lessons(app_State *a)
{
    if (!a->lesson || !a->lesson->menu.open)
        return;
    app_LessonUi *L = a->lesson;
    if (strcmp(L->menu.lang, i18n_language()) != 0)
        app_lessons_scan(L); /* the language changed: the titles follow */
    ui_Context *ui = &a->ui;
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_BIG);
    int pad = ui_px(ui, 16), rowh = ui_px(ui, 32), gap = ui_px(ui, 4);
    int w = ui_px(ui, 460);
    if (w > ui->width - 2 * pad)
        w = ui->width - 2 * pad;
    int rows = L->menu.n > 0 ? L->menu.n : 1;
    int head = ui_text_height(ui, big) + ui_px(ui, 10);
    int h = pad + head + rows * (rowh + gap) + ui_px(ui, 10) + rowh + pad;
    if (h > ui->height - 2 * pad) {
        rows = (ui->height - 2 * pad - (h - rows * (rowh + gap))) / (rowh + gap);
        rows = rows < 1 ? 1 : rows;
        h = pad + head + rows * (rowh + gap) + ui_px(ui, 10) + rowh + pad;
    }
    ui_Rect r = {(ui->width - w) / 2, (ui->height - h) / 2, w, h};
    L->menu.rect = r;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui->in_overlay = 1;
    ui_draw_rect(ui, r, ui->style.popup);
    ui_draw_box(ui, r, ui->style.border, 1);
    ui_draw_rect(ui, (ui_Rect){r.x, r.y, r.w, ui_px(ui, 4)}, ui->style.accent);
    ui_draw_text(ui, big, 1, r.x + pad, r.y + pad, tr(STR_LESSONS_TITLE), ui->style.text);
    int y = r.y + pad + head;
    if (L->menu.n == 0)
        ui_draw_text_in(ui, (ui_Rect){r.x + pad, y, w - 2 * pad, rowh}, base, 0, tr(STR_LESSONS_NONE),
                        ui->style.text_muted, -1);
    int chosen = -1;
    for (int k = 0; k < L->menu.n && k < rows; k++) {
        char lab[160];
        app_fit_text(a, base, 0, L->menu.title[k], w - 2 * pad - ui_px(ui, 16), lab, sizeof lab);
        ui_push_id_int(ui, k);
        if (ui_button_at(ui, ui_id_str(ui, "lesson-file"), (ui_Rect){r.x + pad, y, w - 2 * pad, rowh}, lab,
                         strcmp(L->menu.path[k], a->core.source) == 0 ? UI_OPT_SELECTED : 0))
            chosen = k;
        ui_pop_id(ui);
        y += rowh + gap;
    }
    y += ui_px(ui, 10);
    int capture = ui_button_at(ui, ui_id_str(ui, "lesson-capture"), (ui_Rect){r.x + pad, y, w - 2 * pad, rowh},
                               tr(STR_LESSONS_CAPTURE), UI_OPT_ACCENT);
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
    if (chosen >= 0) {
        char err[512];
        L->menu.open = 0;
        int rc = app_lesson_open(a, L->menu.path[chosen], 1, err, sizeof err);
        if (rc > 0)
            app_push(a, app_cmd_text(APP_CMD_OPEN, L->menu.path[chosen])); /* a set-up only */
        else if (rc < 0)
            app_set_status(a, 1, tr(STR_STATUS_LESSON_ERROR), err);
    }
    if (capture) {
        L->menu.open = 0;
        app_lesson_capture(a);
    }
}
