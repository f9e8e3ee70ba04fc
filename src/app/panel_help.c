/* panel_help.c - the shortcut sheet (? or H), drawn over everything. */
#include <stdio.h>

#include "app/app.h"
#include "i18n/i18n.h"

/* Key, what it does; STR_NONE: no key (a line continuing the one above). */
static const i18n_Id keys[][2] = {
    {STR_HELP_KEY_SPACE, STR_HELP_PLAY},
    {STR_HELP_KEY_RIGHT, STR_HELP_STEP_BATCH},
    {STR_HELP_KEY_EPOCH, STR_HELP_STEP_EPOCH},
    {STR_HELP_KEY_PHASE, STR_HELP_STEP_PHASE},
    {STR_HELP_KEY_BACK, STR_HELP_STEP_BACK},
    {STR_HELP_KEY_PHASE_BACK, STR_HELP_STEP_PHASE_BACK},
    {STR_HELP_KEY_EPOCH_BACK, STR_HELP_STEP_EPOCH_BACK},
    {STR_HELP_KEY_ROW, STR_HELP_ROW},
    {STR_HELP_KEY_SLOWMO, STR_HELP_SLOWMO},
    {STR_HELP_KEY_EXERCISE, STR_HELP_EXERCISE},
    {STR_HELP_KEY_NEURON, STR_HELP_INSPECTOR},
    {STR_HELP_KEY_RESET, STR_HELP_RESET},
    {STR_HELP_KEY_EDGES, STR_HELP_EDGES},
    {STR_HELP_KEY_VIEWS, STR_HELP_VIEWS},
    {STR_HELP_KEY_SCREENSHOT, STR_HELP_SCREENSHOT},
    {STR_HELP_KEY_EXPORT, STR_HELP_EXPORT},
    {STR_HELP_KEY_SLIDES, STR_HELP_SLIDES},
    {STR_HELP_KEY_ZOOM, STR_HELP_ZOOM},
    {STR_HELP_KEY_CONTROLS, STR_HELP_CONTROLS},
    {STR_HELP_KEY_COMPARE, STR_HELP_COMPARE},
    {STR_HELP_KEY_CODE, STR_HELP_CODE},
    {STR_HELP_KEY_FULLSCREEN, STR_HELP_FULLSCREEN},
    {STR_HELP_KEY_LANG, STR_HELP_LANG},
    {STR_HELP_KEY_HSPACE, STR_HELP_HSPACE},
    {STR_HELP_KEY_HEALTH, STR_HELP_HEALTH},
    {STR_HELP_KEY_LESSON_WALK, STR_HELP_LESSON_WALK},
    {STR_HELP_KEY_LESSONS, STR_HELP_LESSONS},
    {STR_HELP_KEY_CAPTURE, STR_HELP_CAPTURE},
    {STR_RACE_HELP_KEY, STR_RACE_HELP},
    {STR_LAND_HELP_KEY, STR_LAND_HELP},
    {STR_HELP_KEY_HELP, STR_HELP_HELP},
    {STR_HELP_KEY_QUIT, STR_HELP_QUIT},
    {STR_HELP_KEY_MOUSE, STR_HELP_MOUSE_EDIT},
    {STR_NONE, STR_HELP_MOUSE_POINTS},
    {STR_NONE, STR_HELP_MOUSE_DROP},
};

void app_panel_help(app_State *a)
{
    ui_Context *ui = &a->ui;
    int n = (int)(sizeof keys / sizeof keys[0]);
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_TITLE);
    int lh = ui_text_height(ui, base) + ui_px(ui, 6);
    int kw = 0, dw = 0;
    for (int i = 0; i < n; i++) {
        int w1 = ui_text_width(ui, base, 1, tr(keys[i][0]));
        int w2 = ui_text_width(ui, base, 0, tr(keys[i][1]));
        kw = w1 > kw ? w1 : kw;
        dw = w2 > dw ? w2 : dw;
    }
    int pad = ui_px(ui, 24);
    int room = ui->height - ui_text_height(ui, big) - 3 * pad; /* the lines close up to fit */
    if (n * lh > room && room / n >= ui_text_height(ui, base))
        lh = room / n;
    int w = kw + dw + 3 * pad, h = n * lh + ui_text_height(ui, big) + 3 * pad;
    if (h > ui->height) {
        /* a short window: tighter margins and rows, so the sheet ends inside it */
        pad = ui_px(ui, 12);
        int fit = (ui->height - ui_text_height(ui, big) - 3 * pad) / n;
        int min_lh = ui_text_height(ui, base);
        lh = fit > min_lh ? fit : min_lh;
        w = kw + dw + 3 * pad;
        h = n * lh + ui_text_height(ui, big) + 3 * pad;
    }
    if (w > ui->width - 20)
        w = ui->width - 20;
    int x = (ui->width - w) / 2, y = (ui->height - h) / 2;
    if (y < 0)
        y = 0;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui_draw_rect(ui, (ui_Rect){0, 0, ui->width, ui->height}, (ui_Color){0, 0, 0, 90});
    ui_Rect r = {x, y, w, h};
    ui_draw_rect(ui, r, ui->style.panel);
    ui_draw_box(ui, r, ui->style.accent, ui_px(ui, 2));
    ui_draw_text(ui, big, 1, x + pad, y + pad, tr(STR_HELP_TITLE), ui->style.text);
    int ty = y + pad + ui_text_height(ui, big) + pad / 2;
    for (int i = 0; i < n; i++) {
        ui_draw_text(ui, base, 1, x + pad, ty + i * lh, tr(keys[i][0]), ui->style.accent);
        ui_draw_text(ui, base, 0, x + 2 * pad + kw, ty + i * lh, tr(keys[i][1]), ui->style.text);
    }
    ui_set_layer(ui, UI_LAYER_BASE);
    if (ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y))
        a->help = 0;
}
