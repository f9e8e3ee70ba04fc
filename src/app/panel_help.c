/* panel_help.c - the shortcut sheet (? or H), drawn over everything. */
#include <stdio.h>

#include "app/app.h"

static const char *const keys[][2] = {
    {"Space", "play / pause training"},
    {"\xe2\x86\x92", "step one batch"},
    {"Shift+\xe2\x86\x92  or  E", "step one epoch"},
    {".", "step one phase (forward, loss, backward, update)"},
    {"Click a neuron", "inspector: z = \xce\xa3 w\xc2\xb7" "a + b with the numbers; Esc closes"},
    {"R", "reset the weights"},
    {"G", "edges: weights \xe2\x86\x92 gradients \xe2\x86\x92 last update"},
    {"T / D / L", "test points / discretize / log-scale loss"},
    {"S", "save a screenshot (PNG)"},
    {"C / M", "export loss history (CSV) / model (JSON)"},
    {"Ctrl + =  /  Ctrl + \xe2\x88\x92", "bigger / smaller (Ctrl+0 resets)"},
    {"F11", "fullscreen"},
    {"? or H", "this help;  Esc closes it"},
    {"Ctrl+Q", "quit"},
    {"Mouse", "hover an edge or bias for its value, click to edit it"},
    {"", "click the output plot to add a point, right-click removes"},
    {"", "drop a lesson (.ini), model (.json) or CSV on the window"},
};

void app_panel_help(app_State *a)
{
    ui_Context *ui = &a->ui;
    int n = (int)(sizeof keys / sizeof keys[0]);
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_TITLE);
    int lh = ui_text_height(ui, base) + ui_px(ui, 6);
    int kw = 0, dw = 0;
    for (int i = 0; i < n; i++) {
        int w1 = ui_text_width(ui, base, 1, keys[i][0]), w2 = ui_text_width(ui, base, 0, keys[i][1]);
        kw = w1 > kw ? w1 : kw;
        dw = w2 > dw ? w2 : dw;
    }
    int pad = ui_px(ui, 24);
    int w = kw + dw + 3 * pad, h = n * lh + ui_text_height(ui, big) + 3 * pad;
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
    ui_draw_text(ui, big, 1, x + pad, y + pad, "Keyboard and mouse", ui->style.text);
    int ty = y + pad + ui_text_height(ui, big) + pad / 2;
    for (int i = 0; i < n; i++) {
        ui_draw_text(ui, base, 1, x + pad, ty + i * lh, keys[i][0], ui->style.accent);
        ui_draw_text(ui, base, 0, x + 2 * pad + kw, ty + i * lh, keys[i][1], ui->style.text);
    }
    ui_set_layer(ui, UI_LAYER_BASE);
    if (ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y))
        a->help = 0;
}
