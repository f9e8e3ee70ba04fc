/* panel_card.c - the lesson card: when a lesson opens, its title and
 * description over the window, as a teacher would introduce it, until the
 * next key or click. */
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "i18n/linebreak.h"

#define CARD_MAX_LINES 24

typedef struct {
    ui_Context *ui;
    int font_px;
} CardMeasure;

static int card_measure(void *ctx, const char *s, int n)
{
    CardMeasure *m = ctx;
    char buf[1024];
    if (n >= (int)sizeof buf)
        return 1 << 30; /* longer than any line */
    memcpy(buf, s, (size_t)n);
    buf[n] = '\0';
    return ui_text_width(m->ui, m->font_px, 0, buf);
}

/* Cuts text into lines no wider than w where a line may end (linebreak.h:
 * at blanks, between Chinese characters but not before closing
 * punctuation; a word wider than w gets a line of its own). starts/lens
 * receive each line; returns the count. */
static int wrap(app_State *a, int font_px, const char *text, int w, const char **starts, int *lens,
                int max_lines)
{
    CardMeasure m = {&a->ui, font_px};
    int n = 0, len = (int)strlen(text), at = 0;
    while (at < len && n < max_lines) {
        int start, next;
        int line = lb_next_line(text + at, len - at, w, card_measure, &m, &start, &next);
        starts[n] = text + at + start;
        lens[n] = line;
        n++;
        at += next;
    }
    return n;
}

void app_panel_card(app_State *a)
{
    if (!a->card)
        return;
    const nn_Experiment *e = app_spec(a);
    /* a lesson walked: its title and description in the window's language */
    int walk = app_lesson_walking(a);
    const char *e_title = walk ? lesson_title(a->lesson->walk.file, app_lesson_zh()) : e->title;
    const char *e_desc = walk ? lesson_description(a->lesson->walk.file, app_lesson_zh()) : e->description;
    if (!e_title[0] && !e_desc[0]) {
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
    int n = wrap(a, base, e_desc, w - 2 * pad, starts, lens, CARD_MAX_LINES);
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
    app_fit_text(a, big, 1, e_title, w - 2 * pad, title, sizeof title);
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
    app_fit_text(a, sm, 0, tr(walk ? STR_LESSON_CARD_HINT : STR_CARD_HINT), w - 2 * pad, hint, sizeof hint);
    ui_draw_text(ui, sm, 0, x + pad, ty, hint, ui->style.text_muted);
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
}
