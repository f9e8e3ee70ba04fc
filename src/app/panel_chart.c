/* panel_chart.c - the loss chart: train and test loss per epoch, log scale
 * on a toggle, accuracy on a second axis, epoch marks, values on hover. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_chart.h"
#include "viz/viz_color.h"

#define C_TRAIN 0x0877bd
#define C_TEST 0xf59322

static double field(const nn_EpochRecord *r, int which)
{
    switch (which) {
    case 0: return r->train_loss;
    case 1: return r->test_loss;
    case 2: return r->train_acc;
    default: return r->test_acc;
    }
}

static void series(app_State *a, const app_Snap *s, const viz_Scale *sx, const viz_Scale *sy,
                   int which, ui_Color c, float width, int stride)
{
    ui_Context *ui = &a->ui;
    float px = 0, py = 0;
    int have = 0;
    for (int64_t i = 0; i < s->n_history; i += stride) {
        int64_t k = i + stride >= s->n_history ? s->n_history - 1 : i;
        const nn_EpochRecord *r = &s->history[k];
        double v = field(r, which);
        if (!isfinite(v) || (sy->log && !(v > 0))) {
            have = 0;
            continue;
        }
        float x = viz_scale_map(sx, (double)r->epoch), y = viz_scale_map(sy, v);
        if (have)
            ui_draw_line(ui, px, py, x, y, width, c);
        else if (s->n_history == 1)
            ui_draw_circle(ui, x, y, width * 1.5f, c, (ui_Color){0, 0, 0, 0});
        px = x;
        py = y;
        have = 1;
        if (k == s->n_history - 1)
            break;
    }
}

/* Widens [lo, hi] to a run's train and test losses. */
static void loss_range(const app_Snap *s, int log, double *lo, double *hi)
{
    int stride = (int)(sizeof(nn_EpochRecord) / sizeof(double));
    double l0, h0;
    if (s->n_history > 0 &&
        viz_range(&s->history[0].train_loss, (int)s->n_history, stride, log, &l0, &h0)) {
        *lo = fmin(*lo, l0);
        *hi = fmax(*hi, h0);
    }
    if (s->n_history > 0 &&
        viz_range(&s->history[0].test_loss, (int)s->n_history, stride, log, &l0, &h0)) {
        *lo = fmin(*lo, l0);
        *hi = fmax(*hi, h0);
    }
}

static void legend(app_State *a, int x, int y, uint32_t hex, const char *text)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    int th = ui_text_height(ui, sm);
    ui_draw_rect(ui, (ui_Rect){x, y + th / 2 - ui_px(ui, 2), ui_px(ui, 16), ui_px(ui, 4)}, app_rgb(hex));
    ui_draw_text(ui, sm, 0, x + ui_px(ui, 20), y, text, ui->style.text);
}

void app_panel_chart(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const app_Snap *s = app_snap(a);
    const nn_Dataset *train = app_train(a);
    if (r.w <= 0 || r.h <= 0)
        return;
    /* the title and its toggles are controls; the chart's numbers grow with
     * the zoom as far as the panel's height allows (190 px at scale 1) */
    ui->scale = a->ctrl_scale;
    app_panel_frame(a, r, tr(STR_CHART_TITLE));
    ui_clip(ui, r);
    int pad = ui_px(ui, 10);

    /* toggles on the title row */
    int cbw = ui_px(ui, 64), cy = r.y + ui_px(ui, 4), ch = ui_px(ui, 26);
    int has_acc = train->task == NN_TASK_CLASSIFY;
    ui->widget_font = UI_FONT_SMALL;
    ui_checkbox_at(ui, (ui_Rect){r.x + r.w - pad - cbw, cy, cbw, ch}, tr(STR_CHART_LOG), &a->log_loss);
    if (has_acc)
        ui_checkbox_at(ui, (ui_Rect){r.x + r.w - pad - 2 * cbw - ui_px(ui, 6), cy, cbw, ch},
                       tr(STR_CHART_ACC), &a->show_acc);
    ui->widget_font = UI_FONT_BASE;
    int ly = r.y + ui_px(ui, 32);

    ui->scale = r.h >= (int)lroundf(190.0f * a->scale) ? a->scale : app_pick_scale(a, (float)r.h / 190.0f);
    int sm = ui_font(ui, UI_FONT_SMALL);
    int th = ui_text_height(ui, sm);
    pad = ui_px(ui, 10);
    int cur_x = r.x + pad; /* the legend's cursor */
    if (a->core.n_runs > 1) {
        /* one entry per run, in its colour (train solid, test faint) */
        for (int k = 0; k < a->core.n_runs; k++) {
            const app_Run *run = a->core.runs[k];
            legend(a, cur_x, ly, run->color, run->label);
            cur_x += ui_px(ui, 28) + ui_text_width(ui, sm, 0, run->label);
        }
    } else {
        legend(a, cur_x, ly, C_TRAIN, tr(STR_CHART_TRAIN));
        legend(a, cur_x + ui_px(ui, 80), ly, C_TEST, tr(STR_CHART_TEST));
        cur_x += ui_px(ui, 150);
    }
    int show_acc = has_acc && a->show_acc;
    const char *acc_note = tr(STR_CHART_ACCURACY);
    if (show_acc && cur_x + ui_px(ui, 20) + ui_text_width(ui, sm, 0, acc_note) <= r.x + r.w - pad) {
        /* only where it fits beside the runs */
        ui_draw_rect(ui, (ui_Rect){cur_x, ly + th / 2 - 1, ui_px(ui, 16), 2}, app_rgb(0x7f8a93));
        ui_draw_text(ui, sm, 0, cur_x + ui_px(ui, 20), ly, acc_note, ui->style.text_muted);
    }

    int left = ui_px(ui, 52);
    int right = show_acc ? ui_text_width(ui, sm, 0, "100%") + ui_px(ui, 12) : ui_px(ui, 14);
    ui_Rect plot = {r.x + left, ly + th + ui_px(ui, 8), r.w - left - right,
                    r.y + r.h - (ly + th + ui_px(ui, 8)) - th - ui_px(ui, 10)};
    if (plot.w < 20 || plot.h < 20) {
        ui_unclip(ui);
        ui->scale = a->scale;
        return;
    }
    ui_draw_rect(ui, plot, app_rgb(0xfbfbfb));
    /* the epoch in progress: its running mean loss, drawn at its fraction
     * of the way to the next epoch, so long epochs (Fashion-MNIST) show
     * progress before the first one ends */
    const nn_Cursor *cur = &s->cursor;
    int live = cur->batch > 0 && cur->epoch_rows > 0 && s->batches_per_epoch > 0 && !cur->diverged;
    double live_x = live ? (double)cur->epoch + (double)cur->batch / s->batches_per_epoch : 0.0;
    double live_loss = live ? cur->epoch_loss_sum / (double)cur->epoch_rows : NAN;
    if (live && (!isfinite(live_loss) || (a->log_loss && !(live_loss > 0))))
        live = 0;
    if (s->n_history == 0 && !live) {
        ui_draw_text_in(ui, plot, sm, 0, tr(STR_CHART_EMPTY), ui->style.text_muted, 0);
        ui_draw_box(ui, plot, ui->style.border, 1);
        ui_unclip(ui);
        ui->scale = a->scale;
        return;
    }

    /* y: both losses of every run; x: epochs */
    double lo = INFINITY, hi = -INFINITY;
    int n_runs = a->core.n_runs;
    for (int k = 0; k < n_runs; k++)
        loss_range(&a->core.runs[k]->snap, a->log_loss, &lo, &hi);
    if (live) {
        lo = fmin(lo, live_loss);
        hi = fmax(hi, live_loss);
    }
    if (!isfinite(lo)) {
        lo = a->log_loss ? 0.01 : 0;
        hi = 1;
    }
    double ticks[24], step = 0;
    int nt;
    if (a->log_loss) {
        nt = viz_log_ticks(&lo, &hi, ticks, 24);
    } else {
        lo = 0; /* a loss chart starts at zero */
        nt = viz_nice_ticks(&lo, &hi, 5, ticks, 24, &step);
    }
    viz_Scale sy, sx, sa;
    viz_scale_init(&sy, lo, hi, (float)(plot.y + plot.h), (float)plot.y, a->log_loss);
    double e0 = s->n_history ? (double)s->history[0].epoch : 0.0;
    double e1 = 0.0;
    for (int k = 0; k < n_runs; k++) {
        const app_Snap *rs = &a->core.runs[k]->snap;
        if (rs->n_history > 0 && (double)rs->history[rs->n_history - 1].epoch > e1)
            e1 = (double)rs->history[rs->n_history - 1].epoch;
    }
    if (live && ceil(live_x) > e1)
        e1 = ceil(live_x); /* the running point travels towards the next epoch mark */
    if (e0 > 1)
        e0 = 0;
    if (e1 <= e0)
        e1 = e0 + 1;
    viz_scale_init(&sx, e0, e1, (float)plot.x, (float)(plot.x + plot.w), 0);
    viz_scale_init(&sa, 0, 1, (float)(plot.y + plot.h), (float)plot.y, 0);

    for (int k = 0; k < nt; k++) {
        int y = (int)viz_scale_map(&sy, ticks[k]);
        if (y < plot.y - 1 || y > plot.y + plot.h + 1)
            continue;
        ui_draw_rect(ui, (ui_Rect){plot.x, y, plot.w, 1}, app_rgb(0xe3e5e8));
        char b[24];
        viz_format_tick(ticks[k], a->log_loss ? 0 : step, b, sizeof b);
        int tw = ui_text_width(ui, sm, 0, b);
        ui_draw_text(ui, sm, 0, plot.x - tw - ui_px(ui, 5), y - th / 2, b, ui->style.text_muted);
    }
    /* epoch marks */
    double et[16], estep = 0, a0 = e0, a1 = e1;
    int ne = viz_nice_ticks(&a0, &a1, 5, et, 16, &estep);
    if (estep < 1)
        estep = 1;
    for (int k = 0; k < ne; k++) {
        if (et[k] < e0 || et[k] > e1 || et[k] != floor(et[k]))
            continue;
        int x = (int)viz_scale_map(&sx, et[k]);
        ui_draw_rect(ui, (ui_Rect){x, plot.y + plot.h, 1, ui_px(ui, 5)}, app_rgb(0x9aa0a6));
        char b[24];
        viz_format_tick(et[k], estep, b, sizeof b);
        int tw = ui_text_width(ui, sm, 0, b);
        int tx = x - tw / 2;
        if (tx + tw > plot.x + plot.w + right)
            tx = plot.x + plot.w + right - tw;
        ui_draw_text(ui, sm, 0, tx, plot.y + plot.h + ui_px(ui, 5), b, ui->style.text_muted);
    }
    if (show_acc) {
        for (int k = 0; k <= 4; k++) {
            char b[16];
            snprintf(b, sizeof b, "%d%%", k * 25);
            int y = (int)viz_scale_map(&sa, k * 0.25);
            ui_draw_text(ui, sm, 0, plot.x + plot.w + ui_px(ui, 5), y - th / 2, b, ui->style.text_muted);
        }
    }

    int stride = 1;
    while (s->n_history / stride > plot.w / 2)
        stride *= 2;
    ui_clip(ui, plot);
    if (n_runs > 1) {
        /* several runs: each in its colour, test loss fainter than train */
        for (int k = 0; k < n_runs; k++) {
            const app_Run *run = a->core.runs[k];
            ui_Color rc = app_rgb(run->color);
            ui_Color faint = {rc.r, rc.g, rc.b, 110};
            if (show_acc)
                series(a, &run->snap, &sx, &sa, 2, (ui_Color){rc.r, rc.g, rc.b, 70}, 1.5f * ui->scale, stride);
            series(a, &run->snap, &sx, &sy, 1, faint, 2.0f * ui->scale, stride);
            series(a, &run->snap, &sx, &sy, 0, rc, 2.5f * ui->scale, stride);
        }
    } else {
        if (show_acc) {
            series(a, s, &sx, &sa, 2, (ui_Color){8, 119, 189, 110}, 1.5f * ui->scale, stride);
            series(a, s, &sx, &sa, 3, (ui_Color){245, 147, 34, 120}, 1.5f * ui->scale, stride);
        }
        series(a, s, &sx, &sy, 1, app_rgb(C_TEST), 2.5f * ui->scale, stride);
        series(a, s, &sx, &sy, 0, app_rgb(C_TRAIN), 2.5f * ui->scale, stride);
    }
    if (live) {
        /* a thin line from the last finished epoch to the running point */
        float lx = viz_scale_map(&sx, live_x), lyy = viz_scale_map(&sy, live_loss);
        ui_Color c = app_rgb(C_TRAIN);
        if (s->n_history > 0) {
            const nn_EpochRecord *last = &s->history[s->n_history - 1];
            if (isfinite(last->train_loss) && (!a->log_loss || last->train_loss > 0))
                ui_draw_line(ui, viz_scale_map(&sx, (double)last->epoch),
                             viz_scale_map(&sy, last->train_loss), lx, lyy, 1.2f * ui->scale, c);
        }
        ui_draw_circle(ui, lx, lyy, 3.5f * ui->scale, c, (ui_Color){0, 0, 0, 0});
    }

    /* hover: the nearest epoch's values */
    if (ui_mouse_over(ui, plot) && s->n_history > 0) {
        double ep = viz_scale_invert(&sx, (float)ui->in.mouse_x);
        int64_t best = 0;
        for (int64_t i = 1; i < s->n_history; i++)
            if (fabs((double)s->history[i].epoch - ep) < fabs((double)s->history[best].epoch - ep))
                best = i;
        const nn_EpochRecord *rec = &s->history[best];
        int x = (int)viz_scale_map(&sx, (double)rec->epoch);
        ui_draw_rect(ui, (ui_Rect){x, plot.y, 1, plot.h}, app_rgb(0x5f6368));
        char tip[200], l1[32], l2[32];
        app_fmt_value(rec->train_loss, l1, sizeof l1);
        app_fmt_value(rec->test_loss, l2, sizeof l2);
        if (has_acc)
            snprintf(tip, sizeof tip, tr(STR_CHART_TIP_ACC),
                     (long long)rec->epoch, l1, 100 * rec->train_acc, l2, 100 * rec->test_acc);
        else
            snprintf(tip, sizeof tip, tr(STR_CHART_TIP), (long long)rec->epoch, l1, l2);
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
    }
    ui_unclip(ui);
    ui_clip(ui, r);
    ui_draw_box(ui, plot, ui->style.border, 1);
    ui_unclip(ui);
    ui->scale = a->scale;
}
