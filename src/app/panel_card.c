/* panel_card.c - the lesson card: when a lesson opens, its title and
 * description over the window, as a teacher would introduce it, until the
 * next key or click. */
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

#define CARD_MAX_LINES 24

/* Cuts text into lines no wider than w at blanks (a word wider than w gets
 * a line of its own). starts/lens receive each line; returns the count. */
static int wrap(app_State *a, int font_px, const char *text, int w, const char **starts, int *lens,
                int max_lines)
{
    ui_Context *ui = &a->ui;
    int n = 0;
    const char *s = text;
    char buf[1024];
    while (*s && n < max_lines) {
        while (*s == ' ')
            s++;
        size_t best = 0, i = 0;
        while (s[i]) {
            size_t j = i;
            while (s[j] == ' ')
                j++;
            while (s[j] && s[j] != ' ')
                j++;
            if (j >= sizeof buf)
                break;
            memcpy(buf, s, j);
            buf[j] = '\0';
            if (best > 0 && ui_text_width(ui, font_px, 0, buf) > w)
                break;
            best = j;
            i = j;
        }
        if (best == 0)
            break;
        starts[n] = s;
        lens[n] = (int)best;
        n++;
        s += best;
    }
    return n;
}

void app_panel_card(app_State *a)
{
    if (!a->card)
        return;
    const nn_Experiment *e = app_spec(a);
    if (!e->title[0] && !e->description[0]) {
        a->card = 0;
        return;
    }
    ui_Context *ui = &a->ui;
    int big = ui_font(ui, UI_FONT_BIG), base = ui_font(ui, UI_FONT_BASE);
    int sm = ui_font(ui, UI_FONT_SMALL);
    int pad = ui_px(ui, 24);
    int w = ui_px(ui, 640);
    if (w > ui->width - 2 * ui_px(ui, 16))
        w = ui->width - 2 * ui_px(ui, 16);
    const char *starts[CARD_MAX_LINES];
    int lens[CARD_MAX_LINES];
    int n = wrap(a, base, e->description, w - 2 * pad, starts, lens, CARD_MAX_LINES);
    int lh = ui_text_height(ui, base);
    int h = pad + ui_text_height(ui, big) + ui_px(ui, 12) + n * lh + ui_px(ui, 16) +
            ui_text_height(ui, sm) + pad;
    if (h > ui->height - 2 * ui_px(ui, 16)) {
        /* a small window keeps the lines that fit */
        int room = ui->height - 2 * ui_px(ui, 16) - (h - n * lh);
        n = room > 0 ? room / lh : 0;
        h = pad + ui_text_height(ui, big) + ui_px(ui, 12) + n * lh + ui_px(ui, 16) +
            ui_text_height(ui, sm) + pad;
    }
    int x = (ui->width - w) / 2, y = (ui->height - h) / 2;

    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui->in_overlay = 1;
    ui_draw_rect(ui, (ui_Rect){0, 0, ui->width, ui->height}, (ui_Color){0, 0, 0, 70});
    ui_Rect r = {x, y, w, h};
    ui_draw_rect(ui, r, ui->style.popup);
    ui_draw_rect(ui, (ui_Rect){x, y, w, ui_px(ui, 6)}, ui->style.accent);
    int ty = y + pad;
    char title[160];
    app_fit_text(a, big, 1, e->title, w - 2 * pad, title, sizeof title);
    ui_draw_text(ui, big, 1, x + pad, ty, title, ui->style.text);
    ty += ui_text_height(ui, big) + ui_px(ui, 12);
    for (int k = 0; k < n; k++) {
        char line[1024];
        memcpy(line, starts[k], (size_t)lens[k]);
        line[lens[k]] = '\0';
        ui_draw_text(ui, base, 0, x + pad, ty, line, ui->style.text);
        ty += lh;
    }
    ty += ui_px(ui, 16);
    char hint[200];
    app_fit_text(a, sm, 0, tr(STR_CARD_HINT), w - 2 * pad, hint, sizeof hint);
    ui_draw_text(ui, sm, 0, x + pad, ty, hint, ui->style.text_muted);
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
}
