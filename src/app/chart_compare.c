/* chart_compare.c - the loss chart's parts for comparing: the smoothing
 * slider and its smoothed curves, and the hover box with every run's
 * value at one x (an epoch, or the nearest record on the other axes). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_smooth.h"

void app_chart_smooth_control(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    const char *cap = tr(STR_CHART_SMOOTH);
    int cw = ui_text_width(ui, sm, 0, cap) + ui_px(ui, 8);
    if (r.w - cw < ui_px(ui, 40))
        return; /* no room: the curves stay as they are */
    ui_draw_text_in(ui, (ui_Rect){r.x, r.y, cw, r.h}, sm, 0, cap, ui->style.text_muted, -1);
    ui_Rect sr = {r.x + cw, r.y, r.w - cw, r.h};
    ui_Id id = ui_id_str(ui, "chart-smooth");
    ui_slider_at(ui, id, sr, &a->chart_smooth, 0.0f, 0.95f, 0.05f);
    if (ui->hover == id) {
        char tip[160];
        snprintf(tip, sizeof tip, tr(STR_CHART_SMOOTH_TIP), (int)lroundf(100.0f * a->chart_smooth));
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
    }
}

nn_EpochRecord *app_chart_smoothed(const nn_EpochRecord *h, int64_t n, double w)
{
    if (n <= 0 || n > INT32_MAX)
        return NULL;
    nn_EpochRecord *out = malloc((size_t)n * sizeof *out);
    double *y = malloc((size_t)n * 2 * sizeof *y);
    if (!out || !y) {
        free(out);
        free(y);
        return NULL;
    }
    memcpy(out, h, (size_t)n * sizeof *out);
    double *z = y + n;
    for (int k = 0; k < 2; k++) {
        for (int64_t i = 0; i < n; i++)
            y[i] = k == 0 ? h[i].train_loss : h[i].test_loss;
        viz_ema(y, z, (int)n, w);
        for (int64_t i = 0; i < n; i++) {
            if (k == 0)
                out[i].train_loss = z[i];
            else
                out[i].test_loss = z[i];
        }
    }
    free(y);
    return out;
}

/* The record of h nearest to x on axis ax, or NULL for an empty history. */
static const nn_EpochRecord *nearest(const nn_EpochRecord *h, int64_t n, double x, int ax)
{
    const nn_EpochRecord *best = NULL;
    for (int64_t i = 0; i < n; i++)
        if (!best || fabs(app_chart_x(&h[i], ax) - x) < fabs(app_chart_x(best, ax) - x))
            best = &h[i];
    return best;
}

void app_chart_runs_tip(app_State *a, ui_Rect plot, const viz_Scale *sx)
{
    ui_Context *ui = &a->ui;
    if (!ui_mouse_over(ui, plot))
        return;
    int ax = a->chart_x;
    double ep = viz_scale_invert(sx, (float)ui->in.mouse_x);
    /* the x: the nearest one any run has recorded */
    const nn_EpochRecord *at = NULL;
    for (int k = 0; k < a->core.n_runs; k++) {
        const app_Snap *s = &a->core.runs[k]->snap;
        const nn_EpochRecord *r = nearest(s->history, s->n_history, ep, ax);
        if (r && (!at || fabs(app_chart_x(r, ax) - ep) < fabs(app_chart_x(at, ax) - ep)))
            at = r;
    }
    if (!at)
        return;
    int64_t epoch = at->epoch;
    double xat = app_chart_x(at, ax);
    int x = (int)viz_scale_map(sx, xat);
    ui_draw_rect(ui, (ui_Rect){x, plot.y, 1, plot.h}, app_rgb(0x5f6368));

    enum { MAXL = 9 };
    char line[MAXL][160];
    uint32_t color[MAXL];
    int n = 0;
    if (ax == APP_CHART_X_EPOCHS) {
        snprintf(line[n], sizeof line[n], tr(STR_CHART_RUNS_TIP_EPOCH), (long long)epoch);
    } else {
        char v[40];
        app_chart_x_tick(ax, xat, ax == APP_CHART_X_SECONDS ? 0.001 : 1, v, sizeof v);
        snprintf(line[n], sizeof line[n], tr(STR_CHART_RUNS_TIP_X), app_chart_x_title(ax), v);
    }
    color[n++] = 0;
    for (int k = 0; k < a->core.n_runs && n < MAXL; k++) {
        const app_Run *run = a->core.runs[k];
        /* on the epoch axis the same epoch; elsewhere each run's nearest
         * record (runs of other batch sizes record at other samples) */
        const nn_EpochRecord *r = NULL;
        if (ax == APP_CHART_X_EPOCHS) {
            for (int64_t i = 0; i < run->snap.n_history; i++)
                if (run->snap.history[i].epoch == epoch)
                    r = &run->snap.history[i];
        } else {
            r = nearest(run->snap.history, run->snap.n_history, xat, ax);
        }
        char l1[32], l2[32];
        app_fmt_value(r ? r->train_loss : NAN, l1, sizeof l1);
        app_fmt_value(r ? r->test_loss : NAN, l2, sizeof l2);
        snprintf(line[n], sizeof line[n], tr(STR_CHART_RUNS_TIP_ROW), run->label, l1, l2);
        color[n++] = run->color;
    }
    int fpx = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fpx);
    int pad = ui_px(ui, 6), sw = ui_px(ui, 12), w = 0;
    for (int i = 0; i < n; i++) {
        int lw = ui_text_width(ui, fpx, i == 0, line[i]) + (i ? sw + pad : 0);
        w = lw > w ? lw : w;
    }
    w += 2 * pad;
    int h = n * th + 2 * pad;
    int bx = ui->in.mouse_x + ui_px(ui, 14), by = ui->in.mouse_y - h - ui_px(ui, 6);
    if (bx + w > ui->width)
        bx = ui->in.mouse_x - w - ui_px(ui, 6);
    if (by < 0)
        by = ui->in.mouse_y + ui_px(ui, 14);
    bx = bx < 0 ? 0 : bx;
    int prev = ui->layer;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui_draw_rect(ui, (ui_Rect){bx + 2, by + 2, w, h}, (ui_Color){0, 0, 0, 50});
    ui_draw_rect(ui, (ui_Rect){bx, by, w, h}, (ui_Color){33, 33, 33, 240});
    for (int i = 0; i < n; i++) {
        int ty = by + pad + i * th, tx = bx + pad;
        if (i > 0) {
            ui_draw_rect(ui, (ui_Rect){tx, ty + th / 2 - ui_px(ui, 2), sw, ui_px(ui, 4)}, app_rgb(color[i]));
            tx += sw + pad;
        }
        ui_draw_text(ui, fpx, i == 0, tx, ty, line[i], (ui_Color){255, 255, 255, 255});
    }
    ui_set_layer(ui, prev);
}
