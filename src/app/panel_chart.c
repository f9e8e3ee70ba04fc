/* panel_chart.c - the loss chart: train and test loss per epoch, log scale
 * on a toggle, accuracy on a second axis, x by epochs, steps, samples or
 * seconds (chart_axis.c), values on hover. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_chart.h"
#include "viz/viz_color.h"

#define C_TRAIN 0x0877bd
/* what a chart without its toggles needs besides the curve, at scale 1:
 * the title's row, the x axis' numbers and the scrubber */
#define CHART_COMPACT_ROOM 72.0f
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

static void series_of(app_State *a, const nn_EpochRecord *h, int64_t n, const viz_Scale *sx,
                      const viz_Scale *sy, int which, ui_Color c, float width, int stride)
{
    ui_Context *ui = &a->ui;
    float px = 0, py = 0;
    int have = 0;
    for (int64_t i = 0; i < n; i += stride) {
        int64_t k = i + stride >= n ? n - 1 : i;
        const nn_EpochRecord *r = &h[k];
        double v = field(r, which);
        if (!isfinite(v) || (sy->log && !(v > 0))) {
            have = 0;
            continue;
        }
        float x = viz_scale_map(sx, app_chart_x(r, a->chart_x)), y = viz_scale_map(sy, v);
        if (have)
            ui_draw_line(ui, px, py, x, y, width, c);
        else if (n == 1)
            ui_draw_circle(ui, x, y, width * 1.5f, c, (ui_Color){0, 0, 0, 0});
        px = x;
        py = y;
        have = 1;
        if (k == n - 1)
            break;
    }
}

static void series(app_State *a, const app_Snap *s, const viz_Scale *sx, const viz_Scale *sy,
                   int which, ui_Color c, float width, int stride)
{
    series_of(a, s->history, s->n_history, sx, sy, which, c, width, stride);
}

/* A loss curve smoothed as the slider says (chart_compare.c), the raw one
 * faint under it; accuracy curves are drawn by series as they are. */
static void loss_series(app_State *a, const app_Snap *s, const viz_Scale *sx, const viz_Scale *sy,
                        int which, ui_Color c, float width, int stride)
{
    nn_EpochRecord *sm = a->chart_smooth > 0 && s->n_history > 2
                             ? app_chart_smoothed(s->history, s->n_history, a->chart_smooth)
                             : NULL;
    if (!sm) {
        series(a, s, sx, sy, which, c, width, stride);
        return;
    }
    series(a, s, sx, sy, which, (ui_Color){c.r, c.g, c.b, (uint8_t)(c.a / 3)}, 0.6f * width, stride);
    series_of(a, sm, s->n_history, sx, sy, which, c, width, stride);
    free(sm);
}

/* ---- the timeline: ghost curves and the scrubber ------------------------ */

/* Branches drawn as ghosts: the live one's recorded future, and the other
 * branches shown (timeline.h). Their train loss, faint. */
static void ghosts(app_State *a, const app_Snap *s, const viz_Scale *sx, const viz_Scale *sy,
                   ui_Color live_c, int width_px)
{
    ui_Context *ui = &a->ui;
    for (int b = 0; b < s->tl_n; b++) {
        if (!s->tl_shown[b] || s->tl_n_hist[b] <= 0)
            continue;
        int stride = 1;
        while (s->tl_n_hist[b] / stride > width_px / 2)
            stride *= 2;
        /* in the run's colour, faint: recorded, not where the run is (the
         * accuracy's grey stays apart) */
        ui_Color c = {live_c.r, live_c.g, live_c.b, b == s->tl_live ? 90 : 70};
        series_of(a, s->tl_hist[b], s->tl_n_hist[b], sx, sy, 0, c, 2.0f * ui->scale, stride);
    }
}

/* Steps and the chart's x on the live branch: its epoch records note
 * both, so the scrubber lines up with the curve also where the batch size
 * changed on the way; past the last record, the pace now
 * (app_chart_x_per_step). */
static double live_per_step(const app_Snap *s, int ax)
{
    const nn_EpochRecord *h = s->tl_n > 0 ? s->tl_hist[s->tl_live] : s->history;
    int64_t n = s->tl_n > 0 ? s->tl_n_hist[s->tl_live] : s->n_history;
    return app_chart_x_per_step(h, n, ax, s->batches_per_epoch, s->spec.batch_size);
}

static double step_x(const app_Snap *s, int ax, int64_t k)
{
    double per = live_per_step(s, ax);
    const nn_EpochRecord *h = s->tl_n > 0 ? s->tl_hist[s->tl_live] : NULL;
    int64_t n = s->tl_n > 0 ? s->tl_n_hist[s->tl_live] : 0;
    if (n == 0 || k <= 0)
        return (double)k * per;
    int64_t lo = 0, hi = n; /* first record past k */
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        if (h[mid].step <= k)
            lo = mid + 1;
        else
            hi = mid;
    }
    int64_t i = lo - 1;
    if (i < 0)
        return h[0].step > 0 ? (double)k * app_chart_x(&h[0], ax) / (double)h[0].step : (double)k * per;
    double xi = app_chart_x(&h[i], ax);
    if (i == n - 1 || h[i + 1].step == h[i].step)
        return xi + (double)(k - h[i].step) * per;
    double f = (double)(k - h[i].step) / (double)(h[i + 1].step - h[i].step);
    return xi + f * (app_chart_x(&h[i + 1], ax) - xi);
}

/* The step at x coordinate e on the live branch (step_x's inverse). */
static int64_t x_step(const app_Snap *s, int ax, double e)
{
    double per = live_per_step(s, ax);
    const nn_EpochRecord *h = s->tl_n > 0 ? s->tl_hist[s->tl_live] : NULL;
    int64_t n = s->tl_n > 0 ? s->tl_n_hist[s->tl_live] : 0;
    if (n == 0 || e <= 0)
        return (int64_t)llround(e / per);
    int64_t i = -1;
    for (int64_t lo = 0, hi = n; lo < hi;) { /* the last record at or before e */
        int64_t mid = (lo + hi) / 2;
        if (app_chart_x(&h[mid], ax) <= e) {
            i = mid;
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (i < 0) {
        double x0 = app_chart_x(&h[0], ax);
        return x0 > 0 ? (int64_t)llround(e * (double)h[0].step / x0) : (int64_t)llround(e / per);
    }
    double xi = app_chart_x(&h[i], ax);
    if (i == n - 1 || app_chart_x(&h[i + 1], ax) == xi)
        return h[i].step + (int64_t)llround((e - xi) / per);
    double f = (e - xi) / (app_chart_x(&h[i + 1], ax) - xi);
    return h[i].step + (int64_t)llround(f * (double)(h[i + 1].step - h[i].step));
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The furthest x a branch shown reaches (0 when none): its last record,
 * then its steps past it at the pace now. */
static double ghost_end(const app_Snap *s, int ax)
{
    double e = 0, per = live_per_step(s, ax);
    for (int b = 0; b < s->tl_n; b++) {
        if (!s->tl_shown[b])
            continue;
        int64_t n = s->tl_n_hist[b];
        const nn_EpochRecord *last = n > 0 ? &s->tl_hist[b][n - 1] : NULL;
        double x = last ? app_chart_x(last, ax) : 0;
        int64_t k = last ? last->step : 0;
        if (s->batches_per_epoch > 0 && s->tl_tip[b] > k)
            x += (double)(s->tl_tip[b] - k) * per;
        e = fmax(e, x);
    }
    return e;
}

/* The scrubber, aligned with the chart's epoch axis: the steps done, the
 * steps recorded ahead, a knob at the current step; a click or a drag goes
 * there (GOTO_STEP). Below it: the step, the steps ahead, one button per
 * branch shown, and the timeline's memory against its bound. */
static void scrubber(app_State *a, const app_Snap *s, ui_Rect track, ui_Rect cap,
                     const viz_Scale *sx, ui_Color col)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    int th = ui_text_height(ui, sm);
    int64_t now = s->cursor.step;
    int64_t tip = s->tl_n > 0 ? s->tl_tip[s->tl_live] : now;
    if (tip < now)
        tip = now;
#define STEP_X(k) viz_scale_map(sx, step_x(s, a->chart_x, (k)))
    ui_Id id = ui_id_str(ui, "timeline");
    ui_update_control(ui, id, track);
    int held = (ui->in.mouse_down | ui->in.mouse_pressed) & UI_MOUSE_LEFT;
    if (ui->focus == id && held) {
        int64_t k = x_step(s, a->chart_x, viz_scale_invert(sx, (float)ui->in.mouse_x));
        k = k < 0 ? 0 : k > tip ? tip : k;
        if (k != now || s->cursor.phase > 0)
            app_push(a, app_cmd_u(APP_CMD_GOTO_STEP, (uint64_t)k));
    }
    int cy = track.y + track.h / 2, bh = ui_px(ui, 6);
    int x0 = clampi((int)STEP_X(s->tl_floor), track.x, track.x + track.w);
    int xn = clampi((int)STEP_X(now), track.x, track.x + track.w);
    int xt = clampi((int)STEP_X(tip), track.x, track.x + track.w);
    ui_draw_rect(ui, (ui_Rect){track.x, cy - bh / 2, track.w, bh}, app_rgb(0xe3e5e8));
    ui_draw_rect(ui, (ui_Rect){xn, cy - bh / 2, xt - xn, bh}, (ui_Color){col.r, col.g, col.b, 90});
    ui_draw_rect(ui, (ui_Rect){x0, cy - bh / 2, xn - x0, bh}, col);
    /* where branches left the one before them */
    for (int b = 0; b < s->tl_n; b++)
        if (s->tl_shown[b] && s->tl_fork[b] > 0) {
            int fx = clampi((int)STEP_X(s->tl_fork[b]), track.x + 1, track.x + track.w - 1);
            ui_draw_rect(ui, (ui_Rect){fx - 1, track.y, ui_px(ui, 2), track.h}, app_rgb(0x5f6368));
        }
    int active = ui->hover == id || ui->focus == id;
    ui_draw_circle(ui, (float)xn, (float)cy, (float)ui_px(ui, active ? 7 : 6), ui->style.panel, col);
    if (ui->hover == id && !held) {
        int64_t k = x_step(s, a->chart_x, viz_scale_invert(sx, (float)ui->in.mouse_x));
        k = k < 0 ? 0 : k > tip ? tip : k;
        char tipline[256];
        snprintf(tipline, sizeof tipline, tr(STR_TL_TIP_TRACK), (long long)k);
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tipline);
    }

    /* the caption row, when there is room for it */
    if (cap.h <= 0)
        return;
    char left[96], ahead[64], mem[64];
    snprintf(left, sizeof left, tr(STR_TL_STEP), (long long)now);
    int tx = cap.x, ty = cap.y + (cap.h - th) / 2;
    ui_draw_text(ui, sm, 1, tx, ty, left, ui->style.text);
    tx += ui_text_width(ui, sm, 1, left) + ui_px(ui, 6);
    if (tip > now) {
        snprintf(ahead, sizeof ahead, tr(STR_TL_AHEAD), (long long)(tip - now));
        ui_draw_text(ui, sm, 0, tx, ty, ahead, ui->style.text_muted);
        tx += ui_text_width(ui, sm, 0, ahead) + ui_px(ui, 6);
    }
    int n_shown = 0;
    for (int b = 0; b < s->tl_n; b++)
        n_shown += s->tl_shown[b];
    int bw = ui_px(ui, 22), gap = ui_px(ui, 4);
    int buttons = n_shown > 1 ? n_shown * (bw + gap) + ui_px(ui, 8) : 0;
    /* the memory in words where it fits beside the rest, else in short */
    double used = 0, bound = 0; /* every run's timeline: they share the bound */
    for (int k = 0; k < a->core.n_runs; k++) {
        used += (double)a->core.runs[k]->snap.tl_bytes / (1 << 20);
        bound += (double)a->core.runs[k]->snap.tl_budget / (1 << 20);
    }
    snprintf(mem, sizeof mem, tr(STR_TL_MEMORY), used, bound);
    int mw = ui_text_width(ui, sm, 0, mem);
    if (tx + buttons + mw > cap.x + cap.w) {
        snprintf(mem, sizeof mem, tr(STR_TL_MEMORY_SHORT), used, bound);
        mw = ui_text_width(ui, sm, 0, mem);
    }
    int mx = cap.x + cap.w - mw;
    ui_draw_text(ui, sm, 0, mx, ty, mem, ui->style.text_muted);
    /* branch buttons between the two, when there is more than one */
    if (n_shown < 2)
        return;
    int bx = mx - buttons;
    if (bx < tx)
        return; /* no room (SELECT_BRANCH still works) */
    ui->widget_font = UI_FONT_SMALL;
    for (int b = 0; b < s->tl_n; b++) {
        if (!s->tl_shown[b])
            continue;
        char num[16];
        snprintf(num, sizeof num, "%d", s->tl_id[b]);
        ui_Rect br = {bx, cap.y, bw, cap.h};
        ui_push_id_int(ui, s->tl_id[b]);
        if (ui_button_at(ui, ui_id_str(ui, "branch"), br, num, 0))
            app_push(a, app_cmd_i(APP_CMD_SELECT_BRANCH, s->tl_id[b]));
        ui_pop_id(ui);
        if (b == s->tl_live)
            ui_draw_box(ui, br, col, ui_px(ui, 2));
        if (ui_mouse_over(ui, br)) {
            char t2[200];
            snprintf(t2, sizeof t2, tr(STR_TL_TIP_BRANCH), s->tl_id[b], (long long)s->tl_fork[b],
                     (long long)s->tl_tip[b]);
            ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, t2);
        }
        bx += bw + gap;
    }
    ui->widget_font = UI_FONT_BASE;
#undef STEP_X
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

/* A loss axis number as drawn: log ticks as powers of ten, others to
 * the ticks' step. */
static void y_tick_text(int log, double v, double step, char *b, size_t len)
{
    if (log)
        viz_format_log_tick(v, b, len);
    else
        viz_format_tick(v, step, b, len);
}

static void legend(app_State *a, int x, int y, uint32_t hex, const char *text)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    int th = ui_text_height(ui, sm);
    ui_draw_rect(ui, (ui_Rect){x, y + th / 2 - ui_px(ui, 2), ui_px(ui, 16), ui_px(ui, 4)}, app_rgb(hex));
    ui_draw_text(ui, sm, 0, x + ui_px(ui, 20), y, text, ui->style.text);
}

/* The title row's controls at the controls' scale: the smoothing slider,
 * the x axis, the accuracy and log toggles, each toggle as wide as its
 * label needs (a translation may be longer), at least cbw. Returns the
 * axis button's width when a narrow chart puts it on the legend's row
 * instead (0: it is in this row). */
static int chart_controls(app_State *a, ui_Rect r, int has_acc)
{
    ui_Context *ui = &a->ui;
    int pad = ui_px(ui, 10);
    int cbw = ui_px(ui, 64), cy = r.y + ui_px(ui, 4), ch = ui_px(ui, 26);
    ui->widget_font = UI_FONT_SMALL;
    int fs = ui_font(ui, UI_FONT_SMALL), box = ui_px(ui, 28);
    int log_w = ui_text_width(ui, fs, 0, tr(STR_CHART_LOG)) + box;
    int acc_w = ui_text_width(ui, fs, 0, tr(STR_CHART_ACC)) + box;
    log_w = log_w > cbw ? log_w : cbw;
    acc_w = acc_w > cbw ? acc_w : cbw;
    int title_w = ui_text_width(ui, ui_font(ui, UI_FONT_BASE), 1, tr(STR_CHART_TITLE)) + ui_px(ui, 36);
    ui_Rect row = {r.x + title_w, cy, r.w - title_w - pad, ch};
    int sp = ui_px(ui, (float)ui->style.spacing);
    int xw = app_chart_x_width(a), x_below = 0;
    int toggles = log_w + (has_acc ? acc_w + sp : 0);
    /* the slider keeps its place in a narrow chart: the axis button then
     * goes to the right end of the legend's row */
    int smooth_need = ui_text_width(ui, fs, 0, tr(STR_CHART_SMOOTH)) + ui_px(ui, 8 + 60);
    if (toggles + 3 * sp + xw + smooth_need > row.w) {
        x_below = xw;
        xw = 0;
    }
    int fixed = toggles + (xw > 0 ? xw + sp : 0);
    int smooth_w = row.w - fixed - 2 * sp; /* the slider, the rest a spacer */
    if (smooth_w > ui_px(ui, 170))
        smooth_w = ui_px(ui, 170);
    int widths[5], nw = 0;
    widths[nw++] = 0; /* spacer */
    widths[nw++] = smooth_w > 1 ? smooth_w : 1;
    if (xw > 0)
        widths[nw++] = xw;
    if (has_acc)
        widths[nw++] = acc_w;
    widths[nw++] = log_w;
    ui_layout_begin(ui, row);
    ui_layout_row(ui, nw, widths, ch);
    ui_layout_next(ui);
    ui_Rect smooth_r = ui_layout_next(ui);
    if (smooth_w > 1)
        app_chart_smooth_control(a, smooth_r);
    if (xw > 0)
        app_chart_x_control(a, ui_layout_next(ui));
    if (has_acc)
        ui_checkbox_at(ui, ui_layout_next(ui), tr(STR_CHART_ACC), &a->show_acc);
    ui_checkbox_at(ui, ui_layout_next(ui), tr(STR_CHART_LOG), &a->log_loss);
    ui->widget_font = UI_FONT_BASE;
    return x_below;
}

void app_panel_chart(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const app_Snap *s = app_snap(a);
    const nn_Dataset *train = app_train(a);
    if (r.w <= 0 || r.h <= 0)
        return;
    int has_acc = train->task == NN_TASK_CLASSIFY;
    /* With the controls shown, the title and its toggles are controls, and
     * the chart's numbers grow with the zoom as far as the panel's height
     * allows (190 px at scale 1). In presenter mode (the controls hidden,
     * as when zoomed in) the toggles give their row to the curve: the
     * legend sits beside the title, and the title, the legend and the
     * numbers take the labels' scale wherever the curve keeps a third of
     * the panel (the axis and log stay as chosen; L toggles log). */
    int compact = !a->controls;
    ui->scale = a->ctrl_scale;
    if (compact) {
        /* as large as the labels, while the curve keeps 40% of the panel;
         * in eighths, so a window size does not make a font size of its own */
        float fit = floorf((float)r.h * 0.6f / CHART_COMPACT_ROOM * 8.0f) / 8.0f;
        float cs = fminf(a->label_scale, fit);
        ui->scale = cs > a->ctrl_scale ? cs : a->ctrl_scale;
    }
    app_panel_frame(a, r, tr(STR_CHART_TITLE));
    ui_clip(ui, r);
    int ly, cur_x, x_below = 0; /* the legend's row and cursor */
    if (compact) {
        int base_th = ui_text_height(ui, ui_font(ui, UI_FONT_BASE));
        ly = r.y + ui_px(ui, 6) + (base_th - ui_text_height(ui, ui_font(ui, UI_FONT_SMALL))) / 2;
        cur_x = r.x + ui_px(ui, 10) + ui_text_width(ui, ui_font(ui, UI_FONT_BASE), 1, tr(STR_CHART_TITLE)) +
                ui_px(ui, 18);
    } else {
        x_below = chart_controls(a, r, has_acc);
        ly = r.y + ui_px(ui, 32);
        ui->scale = r.h >= (int)lroundf(190.0f * a->scale) ? a->scale : app_pick_scale(a, (float)r.h / 190.0f);
        cur_x = r.x + ui_px(ui, 10);
    }
    int sm = ui_font(ui, UI_FONT_SMALL);
    int th = ui_text_height(ui, sm);
    int pad = ui_px(ui, 10);
    if (a->core.n_runs > 1) {
        /* one entry per run, in its colour (train solid, test faint) */
        for (int k = 0; k < a->core.n_runs; k++) {
            const app_Run *run = a->core.runs[k];
            int ew = ui_px(ui, 28) + ui_text_width(ui, sm, 0, run->label);
            if (compact && cur_x + ew > r.x + r.w - pad)
                break; /* the title's row is full: the curves' colours say the rest */
            legend(a, cur_x, ly, run->color, run->label);
            cur_x += ew;
        }
    } else {
        int tw = ui_text_width(ui, sm, 0, tr(STR_CHART_TRAIN));
        int gap = ui_px(ui, 80) > tw + ui_px(ui, 32) ? ui_px(ui, 80) : tw + ui_px(ui, 32);
        legend(a, cur_x, ly, C_TRAIN, tr(STR_CHART_TRAIN));
        legend(a, cur_x + gap, ly, C_TEST, tr(STR_CHART_TEST));
        cur_x += gap + ui_px(ui, 28) + ui_text_width(ui, sm, 0, tr(STR_CHART_TEST)) + ui_px(ui, 14);
    }
    int show_acc = has_acc && a->show_acc;
    const char *acc_note = tr(STR_CHART_ACCURACY);
    int legend_end = r.x + r.w - pad;
    if (x_below > 0) {
        ui->widget_font = UI_FONT_SMALL;
        ui_Rect xb = {legend_end - x_below, ly - ui_px(ui, 3), x_below, th + ui_px(ui, 4)};
        if (xb.x > cur_x) { /* else no room: the axis stays as chosen */
            app_chart_x_control(a, xb);
            legend_end = xb.x - ui_px(ui, 6);
        }
        ui->widget_font = UI_FONT_BASE;
    }
    if (show_acc && cur_x + ui_px(ui, 20) + ui_text_width(ui, sm, 0, acc_note) <= legend_end) {
        /* only where it fits beside the runs */
        ui_draw_rect(ui, (ui_Rect){cur_x, ly + th / 2 - 1, ui_px(ui, 16), 2}, app_rgb(0x7f8a93));
        ui_draw_text(ui, sm, 0, cur_x + ui_px(ui, 20), ly, acc_note, ui->style.text_muted);
    }

    int left = ui_px(ui, 52);
    int right = show_acc ? ui_text_width(ui, sm, 0, "100%") + ui_px(ui, 12) : ui_px(ui, 14);
    /* under the epoch numbers: the scrubber and its caption row */
    int track_h = ui_px(ui, 14), cap_h = th + ui_px(ui, 6);
    int scrub_h = track_h + cap_h + ui_px(ui, 4);
    int plot_top = ly + th + ui_px(ui, 8);
    if (compact) /* presenter mode: no caption row under the scrubber (the top bar counts) */
        cap_h = 0, scrub_h = track_h + ui_px(ui, 4);
    int full_h = r.y + r.h - plot_top - th - ui_px(ui, 10);
    /* a short panel keeps the chart: the caption row goes first, then the
     * scrubber (GOTO_STEP and the keys still reach every step) */
    if (full_h - scrub_h < ui_px(ui, 50)) {
        cap_h = 0;
        scrub_h = track_h + ui_px(ui, 2);
        if (full_h - scrub_h < ui_px(ui, 40))
            track_h = scrub_h = 0;
    }
    ui_Rect plot = {r.x + left, plot_top, r.w - left - right, full_h - scrub_h};
    ui_Rect track = {plot.x, plot.y + plot.h + th + ui_px(ui, 8), plot.w, track_h};
    ui_Rect cap = {r.x + pad, track.y + track_h + ui_px(ui, 2), r.w - 2 * pad, cap_h};
    if (plot.w < 20 || plot.h < 20) {
        ui_unclip(ui);
        ui->scale = a->scale;
        return;
    }
    /* the epoch in progress: its running mean loss, drawn at its fraction
     * of the way to the next epoch, so long epochs (Fashion-MNIST) show
     * progress before the first one ends */
    const nn_Cursor *cur = &s->cursor;
    int live_tip = 0; /* the pointer is on the running point: its tooltip wins */
    int live = cur->batch > 0 && cur->epoch_rows > 0 && s->batches_per_epoch > 0 && !cur->diverged;
    int ax = a->chart_x;
    double live_x = !live ? 0.0
                    : ax == APP_CHART_X_EPOCHS ? (double)cur->epoch + (double)cur->batch / s->batches_per_epoch
                                               : step_x(s, ax, cur->step);
    /* the value is the top bar's training loss (the running mean for large
     * data, the whole training set's loss for small), so the two agree */
    double live_loss = live ? app_focus(a)->m_train.loss : NAN;
    if (live && (!isfinite(live_loss) || (a->log_loss && !(live_loss > 0))))
        live = 0;
    if (s->n_history == 0 && !live && ghost_end(s, ax) <= 0) {
        ui_draw_text_in(ui, plot, sm, 0, tr(STR_CHART_EMPTY), ui->style.text_muted, 0);
        ui_draw_box(ui, plot, ui->style.border, 1);
        ui_unclip(ui);
        ui->scale = a->scale;
        return;
    }

    /* y: both losses of every run; x: epochs, steps, samples or seconds */
    double lo = INFINITY, hi = -INFINITY;
    int n_runs = a->core.n_runs;
    for (int k = 0; k < n_runs; k++) {
        const app_Snap *rs = &a->core.runs[k]->snap;
        loss_range(rs, a->log_loss, &lo, &hi);
        int stride = (int)(sizeof(nn_EpochRecord) / sizeof(double));
        for (int b = 0; b < rs->tl_n; b++) { /* the ghosts' train losses */
            double l0, h0;
            if (rs->tl_shown[b] && rs->tl_n_hist[b] > 0 &&
                viz_range(&rs->tl_hist[b][0].train_loss, (int)rs->tl_n_hist[b], stride,
                          a->log_loss, &l0, &h0)) {
                lo = fmin(lo, l0);
                hi = fmax(hi, h0);
            }
        }
    }
    if (live) {
        lo = fmin(lo, live_loss);
        hi = fmax(hi, live_loss);
    }
    double wh_e1 = 0; /* the what-if preview's ghost curve (whatif_hover.c) */
    app_wh_chart_range(a, a->log_loss, &lo, &hi, &wh_e1); /* wh_e1 on the x axis chosen */
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
        int want = plot.h / (2 * th); /* a short plot (the scrubber under it) gets fewer */
        nt = viz_nice_ticks(&lo, &hi, want < 2 ? 2 : want > 5 ? 5 : want, ticks, 24, &step);
    }
    if (compact) {
        /* the numbers' own width rather than the widest a loss could
         * need: at the labels' scale the curve takes the rest */
        int need = 0;
        for (int k = 0; k < nt; k++) {
            char b[24];
            y_tick_text(a->log_loss, ticks[k], step, b, sizeof b);
            int tw = ui_text_width(ui, sm, 0, b);
            need = tw > need ? tw : need;
        }
        int l2 = need + ui_px(ui, 12);
        if (l2 < left) {
            plot.x -= left - l2;
            plot.w += left - l2;
            track.x = plot.x;
            track.w = plot.w;
        }
    }
    ui_draw_rect(ui, plot, app_rgb(0xfbfbfb));
    viz_Scale sy, sx, sa;
    viz_scale_init(&sy, lo, hi, (float)(plot.y + plot.h), (float)plot.y, a->log_loss);
    /* from 0, so the scrubber under the axis reaches every step */
    double e0 = 0.0;
    double e1 = 0.0;
    /* whole epochs on the epoch axis: the running point travels towards
     * the next epoch mark; the other axes end where the data ends */
    double (*up)(double) = ax == APP_CHART_X_EPOCHS ? ceil : NULL;
    for (int k = 0; k < n_runs; k++) {
        const app_Snap *rs = &a->core.runs[k]->snap;
        if (rs->n_history > 0)
            e1 = fmax(e1, app_chart_x(&rs->history[rs->n_history - 1], ax));
    }
    if (live)
        e1 = fmax(e1, up ? up(live_x) : live_x);
    for (int k = 0; k < n_runs; k++) { /* the steps recorded ahead, other branches */
        double g = ghost_end(&a->core.runs[k]->snap, ax);
        e1 = fmax(e1, up ? up(g) : g);
    }
    e1 = fmax(e1, wh_e1);
    if (e1 <= e0)
        e1 = e0 + (ax == APP_CHART_X_SECONDS ? 0.001 : 1);
    viz_scale_init(&sx, e0, e1, (float)plot.x, (float)(plot.x + plot.w), 0);
    a->chart_sx = sx;
    viz_scale_init(&sa, 0, 1, (float)(plot.y + plot.h), (float)plot.y, 0);

    int last_label = INT32_MAX; /* y of the last number drawn: labels never touch */
    for (int k = 0; k < nt; k++) {
        int y = (int)viz_scale_map(&sy, ticks[k]);
        if (y < plot.y - 1 || y > plot.y + plot.h + 1)
            continue;
        ui_draw_rect(ui, (ui_Rect){plot.x, y, plot.w, 1}, app_rgb(0xe3e5e8));
        if (abs(last_label - y) < th + ui_px(ui, 1))
            continue;
        last_label = y;
        char b[24];
        y_tick_text(a->log_loss, ticks[k], step, b, sizeof b);
        int tw = ui_text_width(ui, sm, 0, b);
        ui_draw_text(ui, sm, 0, plot.x - tw - ui_px(ui, 5), y - th / 2, b, ui->style.text_muted);
    }
    /* the x axis' marks (whole ones on the epoch, step and sample axes),
     * its title at the right end of their row */
    double et[16], estep = 0, a0 = e0, a1 = e1;
    int ne = viz_nice_ticks(&a0, &a1, 5, et, 16, &estep);
    if (estep < 1 && ax != APP_CHART_X_SECONDS)
        estep = 1;
    const char *xtitle = app_chart_x_title(ax);
    int xtw = ui_text_width(ui, sm, 1, xtitle);
    int xtx = plot.x + plot.w - xtw; /* under the plot: the accuracy's 0% is right of it */
    ui_draw_text(ui, sm, 1, xtx, plot.y + plot.h + ui_px(ui, 5), xtitle, ui->style.text_muted);
    int label_end = INT32_MIN; /* labels never touch */
    for (int k = 0; k < ne; k++) {
        if (et[k] < e0 || et[k] > e1 || (ax != APP_CHART_X_SECONDS && et[k] != floor(et[k])))
            continue;
        int x = (int)viz_scale_map(&sx, et[k]);
        ui_draw_rect(ui, (ui_Rect){x, plot.y + plot.h, 1, ui_px(ui, 5)}, app_rgb(0x9aa0a6));
        char b[32];
        app_chart_x_tick(ax, et[k], estep, b, sizeof b);
        int tw = ui_text_width(ui, sm, 0, b);
        int tx = x - tw / 2;
        if (tx < r.x + ui_px(ui, 2))
            tx = r.x + ui_px(ui, 2);
        if (tx + tw > xtx - ui_px(ui, 6) || tx < label_end + ui_px(ui, 6))
            continue; /* the title's place, or too close to the label before */
        label_end = tx + tw;
        ui_draw_text(ui, sm, 0, tx, plot.y + plot.h + ui_px(ui, 5), b, ui->style.text_muted);
    }
    if (show_acc) {
        int acc_step = plot.h >= 5 * (th + ui_px(ui, 1)) ? 1 : plot.h >= 3 * (th + ui_px(ui, 1)) ? 2 : 4;
        for (int k = 0; k <= 4; k += acc_step) {
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
    for (int k = 0; k < n_runs; k++) {
        const app_Run *run = a->core.runs[k];
        ghosts(a, &run->snap, &sx, &sy, app_rgb(n_runs > 1 ? run->color : C_TRAIN), plot.w);
    }
    app_wh_draw_chart(a, &sx, &sy);
    if (n_runs > 1) {
        /* several runs: each in its colour, test loss fainter than train */
        for (int k = 0; k < n_runs; k++) {
            const app_Run *run = a->core.runs[k];
            ui_Color rc = app_rgb(run->color);
            ui_Color faint = {rc.r, rc.g, rc.b, 110};
            if (show_acc)
                series(a, &run->snap, &sx, &sa, 2, (ui_Color){rc.r, rc.g, rc.b, 70}, 1.5f * ui->scale, stride);
            loss_series(a, &run->snap, &sx, &sy, 1, faint, 2.0f * ui->scale, stride);
            loss_series(a, &run->snap, &sx, &sy, 0, rc, 2.5f * ui->scale, stride);
        }
    } else {
        if (show_acc) {
            series(a, s, &sx, &sa, 2, (ui_Color){8, 119, 189, 110}, 1.5f * ui->scale, stride);
            series(a, s, &sx, &sa, 3, (ui_Color){245, 147, 34, 120}, 1.5f * ui->scale, stride);
        }
        loss_series(a, s, &sx, &sy, 1, app_rgb(C_TEST), 2.5f * ui->scale, stride);
        loss_series(a, s, &sx, &sy, 0, app_rgb(C_TRAIN), 2.5f * ui->scale, stride);
    }
    if (live) {
        /* a thin line from the last finished epoch to the running point */
        float lx = viz_scale_map(&sx, live_x), lyy = viz_scale_map(&sy, live_loss);
        ui_Color c = app_rgb(C_TRAIN);
        if (s->n_history > 0) {
            const nn_EpochRecord *last = &s->history[s->n_history - 1];
            if (isfinite(last->train_loss) && (!a->log_loss || last->train_loss > 0))
                ui_draw_line(ui, viz_scale_map(&sx, app_chart_x(last, ax)),
                             viz_scale_map(&sy, last->train_loss), lx, lyy, 1.2f * ui->scale, c);
        }
        ui_draw_circle(ui, lx, lyy, 3.5f * ui->scale, c, (ui_Color){0, 0, 0, 0});
        float dx = (float)ui->in.mouse_x - lx, dy = (float)ui->in.mouse_y - lyy, near = 8.0f * ui->scale;
        if (dx * dx + dy * dy <= near * near) {
            live_tip = 1;
            char tip[200], l1[32];
            app_fmt_value(live_loss, l1, sizeof l1);
            snprintf(tip, sizeof tip, tr(STR_CHART_TIP_LIVE), l1, (long long)cur->epoch,
                     (long long)cur->batch, s->batches_per_epoch, (long long)cur->step);
            ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
        }
    }

    /* hover: the nearest epoch's values, every run's when there are several */
    if (n_runs > 1)
        app_chart_runs_tip(a, plot, &sx);
    else if (!live_tip && ui_mouse_over(ui, plot) && s->n_history > 0) {
        double ep = viz_scale_invert(&sx, (float)ui->in.mouse_x);
        int64_t best = 0;
        for (int64_t i = 1; i < s->n_history; i++)
            if (fabs(app_chart_x(&s->history[i], ax) - ep) < fabs(app_chart_x(&s->history[best], ax) - ep))
                best = i;
        const nn_EpochRecord *rec = &s->history[best];
        int x = (int)viz_scale_map(&sx, app_chart_x(rec, ax));
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
    if (track_h > 0)
        scrubber(a, s, track, cap, &sx, app_rgb(n_runs > 1 ? app_focus(a)->color : C_TRAIN));
    ui_unclip(ui);
    ui->scale = a->scale;
}
