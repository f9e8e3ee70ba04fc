/* panel_confusion.c - the confusion matrix under the output panel's class
 * bars: rows the true class, columns the predicted one, shaded by row
 * share. The panel's size is the layout's; the matrix fits itself into
 * what the bars leave: its cells take the room, its row labels step down
 * in size until each is no taller than its row (so no two rows' glyphs
 * touch), and are cut to the class numbers when the names do not fit. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/panel_confusion.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

/* How the matrix sits in its room. */
typedef struct {
    int px;    /* font size of the row labels, the axes' titles and the column numbers */
    int names; /* row labels: 1 "3 Dress", 0 "3", -1 none (the rows are too low) */
    int lw;    /* width of the label column, its gap to the cells included */
    int head;  /* height of the header: the column numbers' line (and the title's) */
    int cell;  /* pitch of the rows and columns */
    int pred;  /* the columns' title: 0 after the column numbers, 1 on the title's
                * line, 2 on a line of its own over the numbers, -1 none */
} ConfFit;

static void row_label(const nn_Dataset *d, int t, int names, char *out, size_t len)
{
    char nb[48];
    if (names > 0)
        snprintf(out, len, "%d %s", t, app_class_name(d, t, nb, sizeof nb));
    else
        snprintf(out, len, "%d", t);
}

/* The matrix's geometry in r with labels of kind `names` at font px: cells
 * as large as r less `reserve` px on the right and `extra` px of header
 * (a line for the columns' title) allows, up to `cap`. Returns 1 when that
 * is readable: the label column takes at most 2/5 of the width, every
 * label is no taller than the row pitch, and cells are at least 4 px. */
static int try_fit(app_State *a, ui_Rect r, const nn_Dataset *d, int k, int truth, int px, int names,
                   int cap, int reserve, int extra, ConfFit *f)
{
    ui_Context *ui = &a->ui;
    int th = ui_text_height(ui, px);
    int lw = ui_text_width(ui, px, 0, tr(STR_OUT_AXIS_TRUE));
    for (int t = 0; t < k && names >= 0; t++) {
        char lab[80];
        row_label(d, t, names, lab, sizeof lab);
        int w = ui_text_width(ui, px, t == truth, lab); /* the true row is bold */
        lw = w > lw ? w : lw;
    }
    lw += ui_px(ui, 6);
    if (names < 0 && lw > r.w * 2 / 5)
        lw = 0; /* no room even for the rows' title: the cells alone */
    f->px = px;
    f->names = names;
    f->lw = lw;
    f->head = th + extra;
    int by_w = (r.w - lw - reserve) / k, by_h = (r.h - f->head) / k;
    f->cell = by_w < by_h ? by_w : by_h;
    if (f->cell > cap)
        f->cell = cap;
    return lw <= r.w * 2 / 5 && (names < 0 || th <= f->cell) && f->cell >= 4;
}

/* Whether the columns' title fits, at f's size, after the column numbers
 * (f->pred 0) or else on the title's line, whose title is title_w wide
 * (f->pred 1). */
static int place_pred(app_State *a, ui_Rect r, int k, int title_w, ConfFit *f)
{
    ui_Context *ui = &a->ui;
    int pw = ui_text_width(ui, f->px, 0, tr(STR_OUT_AXIS_PREDICTED)) + ui_px(ui, 6);
    f->pred = r.x + f->lw + k * f->cell + pw <= r.x + r.w ? 0 : 1;
    return f->pred == 0 || title_w + pw <= r.w;
}

/* Where conf_fit's search for labels of kind `names` starts: the size at
 * which the labels' width and height, measured at the small font sm and
 * scaled, first fit (one size above it for rounding). Each size measured
 * opens a font, so a frame that tried every size down to the floor would
 * open more than the platform keeps and reopen them all every frame. */
static int fit_start(app_State *a, ui_Rect r, const nn_Dataset *d, int k, int truth, int names, int sm,
                     int floor_px)
{
    ui_Context *ui = &a->ui;
    int th_sm = ui_text_height(ui, sm), lw_sm = ui_text_width(ui, sm, 0, tr(STR_OUT_AXIS_TRUE));
    for (int t = 0; t < k; t++) {
        char lab[80];
        row_label(d, t, names, lab, sizeof lab);
        int w = ui_text_width(ui, sm, t == truth, lab);
        lw_sm = w > lw_sm ? w : lw_sm;
    }
    int px = sm;
    for (; px > floor_px; px--) {
        int th = th_sm * px / sm, lw = lw_sm * px / sm + ui_px(ui, 6);
        int by_w = (r.w - lw) / k, by_h = (r.h - th) / k;
        if (lw <= r.w * 2 / 5 && th <= (by_w < by_h ? by_w : by_h))
            break;
    }
    return px + 1 < sm ? px + 1 : sm;
}

/* The largest label font from the panel's small one down to a readable
 * floor at which the names fit their rows; else the numbers; else no row
 * labels. Both axes keep their titles: the columns' after the numbers, on
 * the title's line, or at the cost of the cells. Returns 0 when not even
 * the cells fit. */
static int conf_fit(app_State *a, ui_Rect r, const nn_Dataset *d, int k, int truth, int title_w, ConfFit *f)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    int floor_px = sm * 3 / 5 > 8 ? sm * 3 / 5 : 8;
    if (floor_px > sm)
        floor_px = sm;
    /* a few classes: cells a few lines high, not the whole panel */
    int cap = 3 * ui_text_height(ui, sm);
    for (int names = 1; names >= -1; names--)
        for (int px = names < 0 ? floor_px : fit_start(a, r, d, k, truth, names, sm, floor_px); px >= floor_px;
             px--) {
            if (!try_fit(a, r, d, k, truth, px, names, cap, 0, 0, f))
                continue;
            if (place_pred(a, r, k, title_w, f))
                return 1;
            /* the title costs room: beside the numbers (narrower cells) or
             * over them (lower ones), whichever leaves the larger cells */
            int pw = ui_text_width(ui, px, 0, tr(STR_OUT_AXIS_PREDICTED)) + ui_px(ui, 6);
            ConfFit side, over;
            int ok_side = try_fit(a, r, d, k, truth, px, names, cap, pw, 0, &side);
            int ok_over =
                pw <= r.w && try_fit(a, r, d, k, truth, px, names, cap, 0, ui_text_height(ui, px), &over);
            side.pred = 0;
            over.pred = 2;
            if (ok_side || ok_over) {
                *f = ok_side && (!ok_over || side.cell >= over.cell) ? side : over;
                return 1;
            }
        }
    /* the smallest rooms: the cells alone, still showing what was confused */
    f->pred = -1;
    return try_fit(a, r, d, k, truth, floor_px, -1, cap, 0, 0, f);
}

void app_confusion_draw(app_State *a, ui_Rect r, const nn_Dataset *d, int k, int truth)
{
    ui_Context *ui = &a->ui;
    const app_Run *run = app_focus(a);
    if (!run->confusion || run->n_conf != k || k < 1 || k > 20)
        return;
    int sm = ui_font(ui, UI_FONT_SMALL), rowh = ui_text_height(ui, sm);
    if (r.h < 2 * rowh + 4 * k)
        return;
    char title[96];
    app_fit_text(a, sm, 1, tr(app_test(a) ? STR_OUT_CONFUSION_TEST : STR_OUT_CONFUSION_TRAIN), r.w, title,
                 sizeof title);
    int title_w = ui_text_width(ui, sm, 1, title);
    int y = r.y + rowh + ui_px(ui, 2);
    ConfFit f;
    if (!conf_fit(a, (ui_Rect){r.x, y, r.w, r.y + r.h - y}, d, k, truth, title_w + ui_px(ui, 12), &f))
        return;
    ui_draw_text(ui, sm, 1, r.x, r.y, title, ui->style.text_muted);
    int x = r.x, gx = r.x + f.lw, th = ui_text_height(ui, f.px);

    /* header: the rows' title over the labels, the columns' over the cells
     * (on a line of its own above the numbers when it has one) */
    const char *pred = tr(STR_OUT_AXIS_PREDICTED);
    int pw = ui_text_width(ui, f.px, 0, pred);
    if (f.pred == 2) {
        /* from the columns' left end, as far left as the room needs */
        int px = r.x + r.w - pw < gx ? r.x + r.w - pw : gx;
        ui_draw_text(ui, f.px, 0, px, y, pred, ui->style.text_muted);
        y += th;
    }
    if (f.lw > 0)
        ui_draw_text(ui, f.px, 0, x, y, tr(STR_OUT_AXIS_TRUE), ui->style.text_muted);
    int dw = ui_text_width(ui, f.px, 0, "0");
    for (int q = 0; q < k && f.cell >= dw * (q >= 10 ? 2 : 1) + 2; q++) {
        char cl[8];
        snprintf(cl, sizeof cl, "%d", q);
        ui_draw_text_in(ui, (ui_Rect){gx + q * f.cell, y, f.cell, th}, f.px, 0, cl, ui->style.text_muted, 0);
    }
    if (f.pred == 0) {
        ui_draw_text(ui, f.px, 0, gx + k * f.cell + ui_px(ui, 6), y, pred, ui->style.text_muted);
    } else if (f.pred == 1) {
        /* over the right end of the columns, after the title */
        int px = gx + k * f.cell - pw, min_x = r.x + title_w + ui_px(ui, 12);
        ui_draw_text(ui, f.px, 0, px > min_x ? px : min_x, r.y + rowh - th, pred, ui->style.text_muted);
    }
    y += th;

    for (int t = 0; t < k; t++) {
        int ry = y + t * f.cell;
        if (f.names >= 0) {
            char lab[80];
            row_label(d, t, f.names, lab, sizeof lab);
            /* centred on its row, which is at least as high as the text */
            ui_draw_text(ui, f.px, t == truth, x, ry + (f.cell - th) / 2, lab,
                         t == truth ? ui->style.text : ui->style.text_muted);
        }
        int64_t row = 0;
        for (int q = 0; q < k; q++)
            row += run->confusion[t * k + q];
        for (int q = 0; q < k; q++) {
            float share = row ? (float)run->confusion[t * k + q] / (float)row : 0.0f;
            viz_Color base = q == t ? viz_hex(VIZ_POS_HEX) : viz_hex(VIZ_NEG_HEX);
            viz_Color vc = viz_lerp(viz_hex(0xffffff), base, fminf(1.0f, share * (q == t ? 1.0f : 3.0f)));
            ui_Rect cr = {gx + q * f.cell, ry, f.cell - 1, f.cell - 1};
            ui_draw_rect(ui, cr, (ui_Color){vc.r, vc.g, vc.b, vc.a});
            if (ui_mouse_over(ui, cr)) {
                char tip[160], n1[48], n2[48];
                snprintf(tip, sizeof tip, tr(STR_OUT_TIP_CONFUSION), app_class_name(d, t, n1, sizeof n1),
                         app_class_name(d, q, n2, sizeof n2), (long long)run->confusion[t * k + q]);
                ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
            }
        }
    }
}
