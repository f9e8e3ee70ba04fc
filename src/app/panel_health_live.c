/* panel_health_live.c - the window's training-health view (J, or the output
 * panel's Health button; a lesson's VIEW health): in place of the output
 * plot and the loss chart, every run of the window in a row of its own
 * (compared runs as small multiples, titled in their colours), each with
 *   - the gradient norm of every dense layer over the steps, on one log
 *     axis shared by all runs (a deep sigmoid network's first layers sit
 *     orders of magnitude below its last; relu's do not),
 *   - the fraction of dead relu units or saturated sigmoid/tanh outputs of
 *     every hidden layer over the steps (0 to 100 %),
 *   - each hidden layer's activation histogram of the last sample.
 * The samples are the runs' health logs (core/health_log.h) as the frame's
 * snapshot copied them. Text is drawn at the label scale, so zoom grows it
 * to at most 1.75x while the charts take the room the zoom gives. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/cmp_view.h"
#include "i18n/i18n.h"

void app_health_toggle(app_State *a)
{
    a->health_on = !a->health_on;
    if (a->health_on)
        a->gallery_col = 0; /* the gallery would cover it */
}

int app_health_covers_net(const app_State *a)
{
    return a->health_on && a->core.n_runs > 1;
}

ui_Rect app_health_rect(const app_State *a)
{
    ui_Rect o = a->lay.out, c = a->lay.chart, n = a->lay.net;
    int bottom = c.h > 0 ? c.y + c.h : o.y + o.h;
    if (app_health_covers_net(a) && n.w > 0) /* compared runs side by side want the width */
        return (ui_Rect){n.x, o.y, o.x + o.w - n.x, bottom - o.y};
    return (ui_Rect){o.x, o.y, o.w, bottom - o.y};
}

void app_health_button(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const char *label = tr(a->health_on ? STR_HL_BUTTON_BACK : STR_HL_BUTTON);
    int fs = ui_font(ui, UI_FONT_SMALL);
    int bw = ui_text_width(ui, fs, 0, label) + ui_px(ui, 16), bh = ui_px(ui, 24);
    ui_Rect b = {r.x + r.w - bw - ui_px(ui, 6), r.y + ui_px(ui, 5), bw, bh};
    if (b.x < r.x + r.w / 2)
        return; /* the title needs the room */
    int font0 = ui->widget_font;
    ui->widget_font = UI_FONT_SMALL;
    if (ui_button_at(ui, ui_id_str(ui, "health-view"), b, label, 0))
        app_health_toggle(a);
    ui->widget_font = font0;
    if (ui_mouse_over(ui, b))
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tr(STR_HL_BUTTON_TIP));
}

/* ------------------------------------------------------------------------ */

/* A hover box of lines, each after a swatch of its colour (alpha 0: none),
 * in the overlay beside the pointer. */
static void hover_box(ui_Context *ui, char lines[][96], const ui_Color *col, int n)
{
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    int pad = ui_px(ui, 6), sw = ui_px(ui, 10), w = 0;
    for (int i = 0; i < n; i++) {
        int lw = ui_text_width(ui, fs, i == 0, lines[i]) + (col[i].a ? sw + pad : 0);
        w = lw > w ? lw : w;
    }
    w += 2 * pad;
    int h = n * th + 2 * pad;
    int bx = ui->in.mouse_x + ui_px(ui, 14), by = ui->in.mouse_y - h / 2;
    if (bx + w > ui->width)
        bx = ui->in.mouse_x - w - ui_px(ui, 8);
    by = by + h > ui->height ? ui->height - h : by;
    bx = bx < 0 ? 0 : bx;
    by = by < 0 ? 0 : by;
    int prev = ui->layer;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui_draw_rect(ui, (ui_Rect){bx + 2, by + 2, w, h}, (ui_Color){0, 0, 0, 50});
    ui_draw_rect(ui, (ui_Rect){bx, by, w, h}, (ui_Color){33, 33, 33, 240});
    for (int i = 0; i < n; i++) {
        int x = bx + pad, y = by + pad + i * th;
        if (col[i].a) {
            ui_draw_rect(ui, (ui_Rect){x, y + th / 2 - sw / 2, sw, sw}, col[i]);
            x += sw + pad;
        }
        ui_draw_text(ui, fs, i == 0, x, y, lines[i], (ui_Color){255, 255, 255, 255});
    }
    ui_set_layer(ui, prev);
}

/* The sample nearest the pointer's x in a chart, -1 when the pointer is
 * not over its plot. */
static int hovered_sample(ui_Context *ui, const app_CmpAxes *ax, const app_Snap *S)
{
    if (S->n_health == 0 || !ui_mouse_over(ui, ax->plot))
        return -1;
    double x = viz_scale_invert(&ax->x, (float)ui->in.mouse_x);
    int best = 0;
    for (int i = 1; i < S->n_health; i++)
        if (fabs((double)S->health[i].step - x) < fabs((double)S->health[best].step - x))
            best = i;
    return best;
}

/* A rule at sample i over the plot. */
static void rule_at(ui_Context *ui, const app_CmpAxes *ax, const app_Snap *S, int i)
{
    int x = (int)viz_scale_map(&ax->x, (double)S->health[i].step);
    ui_draw_rect(ui, (ui_Rect){x, ax->plot.y, 1, ax->plot.h}, (ui_Color){95, 99, 104, 255});
}

/* Frames r and draws the ticks of [x0, x1] (steps) and [y0, y1] (ylog: a
 * log10 axis, labelled 1e-4, 0.01, ...), as app_cmp_axes does, with as
 * many step ticks as their labels have room for: a small multiple is
 * narrow. */
static void axes(ui_Context *ui, app_CmpAxes *ax, ui_Rect r, double x0, double x1, double y0,
                 double y1, int ylog)
{
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    ui_Color grid = ui->style.border, muted = ui->style.text_muted;
    double yt[32], xt[32], ystep = 0, xstep = 0;
    int nyt = ylog ? viz_log_ticks(&y0, &y1, yt, 32) : viz_nice_ticks(&y0, &y1, 4, yt, 32, &ystep);
    char b[32];
    int left = 0;
    for (int k = 0; k < nyt; k++) {
        if (ylog)
            viz_format_log_tick(yt[k], b, sizeof b);
        else
            snprintf(b, sizeof b, "%.0f%%", 100.0 * yt[k]);
        int w = ui_text_width(ui, fs, 0, b);
        left = w > left ? w : left;
    }
    left += ui_px(ui, 6);
    ax->plot = (ui_Rect){r.x + left, r.y + th / 2, r.w - left - ui_px(ui, 10),
                         r.h - th - ui_px(ui, 4) - th / 2};
    ui_Rect p = ax->plot;
    if (p.w < 8 || p.h < 8) {
        ax->plot.w = ax->plot.w < 1 ? 1 : ax->plot.w;
        ax->plot.h = ax->plot.h < 1 ? 1 : ax->plot.h;
        viz_scale_init(&ax->x, x0, x1, (float)p.x, (float)(p.x + ax->plot.w), 0);
        viz_scale_init(&ax->y, y0, y1, (float)(p.y + ax->plot.h), (float)p.y, ylog);
        return;
    }
    viz_scale_init(&ax->x, x0, x1, (float)p.x, (float)(p.x + p.w), 0);
    viz_scale_init(&ax->y, y0, y1, (float)(p.y + p.h), (float)p.y, ylog);
    ui_draw_rect(ui, p, ui->style.field);
    float last_label = 1e9f;
    for (int k = 0; k < nyt; k++) {
        float y = viz_scale_map(&ax->y, yt[k]);
        if (y < p.y - 1 || y > p.y + p.h + 1)
            continue;
        ui_draw_line(ui, (float)p.x, y, (float)(p.x + p.w), y, 1.0f, grid);
        if (last_label - y < (float)th)
            continue; /* labels closer than a line of text are left out */
        last_label = y;
        if (ylog)
            viz_format_log_tick(yt[k], b, sizeof b);
        else
            snprintf(b, sizeof b, "%.0f%%", 100.0 * yt[k]);
        int w = ui_text_width(ui, fs, 0, b);
        ui_draw_text(ui, fs, 0, p.x - w - ui_px(ui, 4), (int)y - th / 2, b, muted);
    }
    /* step ticks: as many as labels of the last one's width fit */
    char wide[32];
    app_fmt_count((int64_t)x1, wide, sizeof wide);
    int lw = ui_text_width(ui, fs, 0, wide) + ui_px(ui, 14);
    int want = p.w / (lw > 1 ? lw : 1);
    want = want < 2 ? 2 : want > 6 ? 6 : want;
    double tx0 = x0, tx1 = x1;
    int nxt = viz_nice_ticks(&tx0, &tx1, want, xt, 32, &xstep);
    int right_end = INT_MIN / 2;
    for (int k = 0; k < nxt; k++) {
        float x = viz_scale_map(&ax->x, xt[k]);
        if (x < p.x - 1 || x > p.x + p.w + 1)
            continue;
        ui_draw_line(ui, x, (float)p.y, x, (float)(p.y + p.h), 1.0f, grid);
        app_fmt_count((int64_t)llround(xt[k]), b, sizeof b);
        int w = ui_text_width(ui, fs, 0, b);
        int tx = (int)x - w / 2;
        if (tx + w > r.x + r.w)
            tx = r.x + r.w - w;
        if (tx < right_end + ui_px(ui, 6))
            continue; /* would touch the label before it */
        ui_draw_text(ui, fs, 0, tx, p.y + p.h + ui_px(ui, 2), b, muted);
        right_end = tx + w;
    }
    ui_draw_box(ui, p, grid, 1);
}

/* The sample under the pointer in chart ax (-1: none): its rule drawn and
 * the hover box's first line (the batch count) written to head. */
static int hover_head(ui_Context *ui, const app_CmpAxes *ax, const app_Snap *S, char *head,
                      size_t len, ui_Color *col)
{
    int i = hovered_sample(ui, ax, S);
    if (i < 0)
        return -1;
    rule_at(ui, ax, S, i);
    char v1[32];
    app_fmt_count(S->health[i].step, v1, sizeof v1);
    snprintf(head, len, tr(STR_HL_TIP_STEP), v1);
    *col = (ui_Color){0, 0, 0, 0};
    return i;
}

/* The fraction a hidden layer shows over time: dead units for relu,
 * saturated outputs for sigmoid and tanh; 0 for other activations. */
static int fraction_kind(nn_Act act)
{
    return act == NN_ACT_RELU ? 1 : act == NN_ACT_SIGMOID || act == NN_ACT_TANH ? 2 : 0;
}

/* Re-clips to the panel (the chart helpers end with no clip at all). */
static void panel_clip(app_CmpView *v, ui_Rect panel)
{
    ui_clip(v->ui, panel);
}

typedef struct {
    app_State *a;
    app_CmpView v;
    ui_Rect panel;     /* the whole view: nothing is drawn outside it */
    double lo, hi;     /* the shared log axis of the gradient norms */
    int64_t last;      /* the shared x axis: 0 .. the latest step */
    char label[96];    /* caption of the gradient chart */
} View;

static void grad_chart(View *V, const app_Run *run, ui_Rect r)
{
    app_CmpView *v = &V->v;
    ui_Context *ui = v->ui;
    const app_Snap *S = &run->snap;
    int L = S->model->arch.n_layers;
    app_CmpAxes ax;
    axes(ui, &ax, r, 0, (double)V->last, V->lo, V->hi, 1);
    double x[APP_HEALTH_CAP], y[APP_HEALTH_CAP];
    int n = S->n_health;
    for (int l = 0; l < L; l++) {
        /* a gradient of exactly 0 (a dead layer) has no place on a log
         * axis: it lies on the axis' floor */
        for (int h = 0; h < n; h++) {
            x[h] = (double)S->health[h].step;
            y[h] = S->health[h].grad_norm[l] > 0 ? S->health[h].grad_norm[l] : V->lo;
        }
        /* each sample faint, a moving average of its log bold: one batch's
         * noise should not hide the layer's level (as the headless view) */
        ui_Color c = app_health_layer_color(l, L);
        if (n > 1) {
            c.a = 60;
            app_cmp_line(v, &ax, x, y, n, 1.0f, c);
            double ema = NAN;
            for (int h = 0; h < n; h++) {
                double g = y[h];
                if (isfinite(g) && g > 0)
                    ema = isnan(ema) ? log10(g) : 0.8 * ema + 0.2 * log10(g);
                y[h] = isnan(ema) ? NAN : pow(10.0, ema);
            }
            c.a = 255;
        }
        app_cmp_line(v, &ax, x, y, n, (float)ui_px(ui, n > 1 ? 2 : 4), c);
    }
    panel_clip(v, V->panel);
    char lines[NN_MAX_LAYERS + 1][96], v1[32];
    ui_Color col[NN_MAX_LAYERS + 1];
    int i = hover_head(ui, &ax, S, lines[0], sizeof lines[0], &col[0]);
    if (i < 0)
        return;
    for (int l = 0; l < L; l++) {
        app_fmt_value(S->health[i].grad_norm[l], v1, sizeof v1);
        snprintf(lines[l + 1], sizeof lines[0], tr(STR_HL_TIP_GRAD), l + 1, v1);
        col[l + 1] = app_health_layer_color(l, L);
    }
    hover_box(ui, lines, col, L + 1);
}

static void fraction_chart(View *V, const app_Run *run, ui_Rect r)
{
    app_CmpView *v = &V->v;
    ui_Context *ui = v->ui;
    const app_Snap *S = &run->snap;
    const nn_Arch *arch = &S->model->arch;
    int L = arch->n_layers, H = L - 1, any = 0;
    for (int l = 0; l < H; l++)
        any |= fraction_kind(arch->act[l]) != 0;
    if (!any) {
        ui_draw_text_in(ui, r, ui_font(ui, UI_FONT_SMALL), 0, tr(STR_HL_FRACTION_NONE),
                        ui->style.text_muted, 0);
        return;
    }
    app_CmpAxes ax;
    axes(ui, &ax, r, 0, (double)V->last, 0.0, 1.0, 0);
    double x[APP_HEALTH_CAP], y[APP_HEALTH_CAP];
    int n = S->n_health;
    for (int l = 0; l < H; l++) {
        int k = fraction_kind(arch->act[l]);
        if (!k)
            continue;
        for (int h = 0; h < n; h++) {
            x[h] = (double)S->health[h].step;
            y[h] = k == 1 ? S->health[h].dead[l] : S->health[h].saturated[l];
        }
        app_cmp_line(v, &ax, x, y, n, (float)ui_px(ui, n > 1 ? 2 : 4), app_health_layer_color(l, L));
    }
    panel_clip(v, V->panel);
    char lines[NN_MAX_LAYERS + 1][96];
    ui_Color col[NN_MAX_LAYERS + 1];
    int i = hover_head(ui, &ax, S, lines[0], sizeof lines[0], &col[0]);
    if (i < 0)
        return;
    int m = 1;
    for (int l = 0; l < H; l++) {
        int k = fraction_kind(arch->act[l]);
        if (!k)
            continue;
        double f = 100.0 * (k == 1 ? S->health[i].dead[l] : S->health[i].saturated[l]);
        snprintf(lines[m], sizeof lines[0], tr(k == 1 ? STR_HL_TIP_DEAD : STR_HL_TIP_SAT), l + 1, f);
        col[m++] = app_health_layer_color(l, L);
    }
    hover_box(ui, lines, col, m);
}

/* Each hidden layer's histogram of the last sample, side by side, its
 * number under it. */
static void histograms(View *V, const app_Run *run, ui_Rect r)
{
    ui_Context *ui = V->v.ui;
    const app_Snap *S = &run->snap;
    const nn_HealthSample *h = &S->health[S->n_health - 1];
    int L = h->n_layers, H = L - 1;
    if (H < 1)
        return;
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    int gap = ui_px(ui, 4), bw = (r.w - (H - 1) * gap) / H;
    int ph = r.h - th - ui_px(ui, 2);
    if (bw < 4 || ph < 4)
        return;
    for (int l = 0; l < H; l++) {
        ui_Rect p = {r.x + l * (bw + gap), r.y, bw, ph};
        ui_draw_rect(ui, p, ui->style.field);
        ui_draw_box(ui, p, ui->style.border, 1);
        char b[96];
        snprintf(b, sizeof b, tr(STR_HL_LAYER_SHORT), l + 1);
        ui_draw_text_in(ui, (ui_Rect){p.x, p.y + p.h + ui_px(ui, 1), p.w, th}, fs, 0, b,
                        ui->style.text_muted, 0);
        float top = 0;
        for (int k = 0; k < NN_HEALTH_BINS; k++)
            top = fmaxf(top, h->hist[l][k]);
        if (!(top > 0))
            continue;
        float cw = (float)(p.w - 2) / NN_HEALTH_BINS;
        ui_Color c = app_health_layer_color(l, L);
        for (int k = 0; k < NN_HEALTH_BINS; k++) {
            int x0 = p.x + 1 + (int)(k * cw), x1 = p.x + 1 + (int)((k + 1) * cw);
            int hh = (int)(h->hist[l][k] / top * (float)(p.h - 2) + 0.5f);
            ui_Rect bar = {x0, p.y + p.h - 1 - hh, x1 - x0 > 1 ? x1 - x0 - (cw >= 3) : 1, hh};
            if (hh > 0)
                ui_draw_rect(ui, bar, c);
            ui_Rect col = {x0, p.y, x1 - x0, p.h};
            if (ui_mouse_over(ui, col)) {
                char lines[1][96], lo[32], hi[32];
                double w = ((double)h->hist_hi[l] - h->hist_lo[l]) / NN_HEALTH_BINS;
                app_fmt_value(h->hist_lo[l] + k * w, lo, sizeof lo);
                app_fmt_value(h->hist_lo[l] + (k + 1) * w, hi, sizeof hi);
                snprintf(lines[0], sizeof lines[0], tr(STR_HL_TIP_HIST), l + 1, lo, hi,
                         100.0 * h->hist[l][k]);
                ui_Color cc = c;
                hover_box(ui, lines, &cc, 1);
            }
        }
    }
}

/* A chart's caption on the first line of r, cut with an ellipsis to fit. */
static void caption(View *V, ui_Rect r, const char *s)
{
    ui_Context *ui = V->v.ui;
    int fs = ui_font(ui, UI_FONT_SMALL);
    char b[160];
    app_fit_text(V->a, fs, 0, s, r.w, b, sizeof b);
    ui_draw_text(ui, fs, 0, r.x, r.y, b, ui->style.text);
}

/* One run's row: title (compared runs), the gradient chart, the fractions
 * over time and the histograms, side by side when the row is wide. */
static void run_row(View *V, const app_Run *run, ui_Rect r, int titled)
{
    ui_Context *ui = V->v.ui;
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    int fb = ui_font(ui, UI_FONT_BASE), tb = ui_text_height(ui, fb);
    int gap = ui_px(ui, 10);
    if (titled) {
        int sw = tb * 3 / 4;
        ui_draw_rect(ui, (ui_Rect){r.x, r.y + (tb - sw) / 2, sw, sw}, app_rgb(run->color));
        ui_draw_text(ui, fb, 1, r.x + sw + ui_px(ui, 6), r.y, run->label, app_rgb(run->color));
        r.y += tb + ui_px(ui, 2);
        r.h -= tb + ui_px(ui, 2);
    }
    const app_Snap *S = &run->snap;
    if (S->n_health == 0 || !S->model) {
        ui_draw_text_in(ui, r, fs, 0, tr(STR_HL_NONE), ui->style.text_muted, 0);
        return;
    }
    ui_Rect g, f, h;
    if (r.w >= r.h * 2) {
        /* wide: the gradients left, the fractions and histograms right */
        int gw = r.w * 55 / 100;
        g = (ui_Rect){r.x, r.y, gw, r.h};
        int fx = r.x + gw + gap, fw = r.w - gw - gap;
        int fh = (r.h - gap) * 55 / 100;
        f = (ui_Rect){fx, r.y, fw, fh};
        h = (ui_Rect){fx, r.y + fh + gap, fw, r.h - fh - gap};
    } else {
        /* stacked: the text rows first (three captions, two step axes,
         * the histograms' numbers), the rest shared 55 : 20 : 25 */
        int xt = th + th / 2 + ui_px(ui, 4), hl = th + ui_px(ui, 4);
        int avail = r.h - (3 * th + 2 * xt + hl + 2 * gap);
        avail = avail < 30 ? 30 : avail;
        int gp = avail * 55 / 100, fp = avail * 20 / 100;
        g = (ui_Rect){r.x, r.y, r.w, th + gp + xt};
        f = (ui_Rect){r.x, g.y + g.h + gap, r.w, th + fp + xt};
        h = (ui_Rect){r.x, f.y + f.h + gap, r.w, r.y + r.h - (f.y + f.h + gap)};
    }
    /* captions above each chart */
    caption(V, g, V->label);
    grad_chart(V, run, (ui_Rect){g.x, g.y + th, g.w, g.h - th});
    caption(V, f, tr(STR_HL_FRACTION));
    fraction_chart(V, run, (ui_Rect){f.x, f.y + th, f.w, f.h - th});
    caption(V, h, tr(STR_HL_HIST));
    histograms(V, run, (ui_Rect){h.x, h.y + th + ui_px(ui, 2), h.w, h.h - th - ui_px(ui, 2)});
}

/* Lines the layers' legend takes with names name in r. */
static int legend_rows(app_State *a, int fs, int th, ui_Rect r, int pad, int L, i18n_Id name)
{
    ui_Context *ui = &a->ui;
    int x = r.x + pad, rows = 1;
    for (int l = 0; l < L; l++) {
        char b[96];
        snprintf(b, sizeof b, tr(name), l + 1);
        int w = th + ui_px(ui, 4) + ui_text_width(ui, fs, 0, b) + ui_px(ui, 12);
        if (x + w > r.x + r.w - pad && x > r.x + pad)
            x = r.x + pad, rows++;
        x += w;
    }
    return rows;
}

int app_panel_health(app_State *a, ui_Rect r)
{
    if (!a->health_on || r.w <= 0 || r.h <= 0)
        return 0;
    ui_Context *ui = &a->ui;
    float scale0 = ui->scale;
    ui->scale = a->ctrl_scale; /* the title and its button are controls */
    app_panel_frame(a, r, tr(STR_HL_TITLE));
    app_health_button(a, r);
    int title_end = r.x + ui_px(ui, 10) +
                    ui_text_width(ui, ui_font(ui, UI_FONT_BASE), 1, tr(STR_HL_TITLE));
    app_cue_panel(a, APP_PANEL_HEALTH, r);
    /* what it covers is not on screen: a lesson's cue does not ring it */
    a->cues.panel[APP_PANEL_OUTPUT] = a->cues.panel[APP_PANEL_LOSS_CHART] = (ui_Rect){0, 0, 0, 0};
    if (app_health_covers_net(a))
        a->cues.panel[APP_PANEL_NETWORK] = (ui_Rect){0, 0, 0, 0};
    int top = r.y + ui_px(ui, 36);
    /* the labels' scale, less where a short window would leave the charts
     * no room: a run's text rows (about twelve lines with the legend and
     * the title) take at most 40 % of the height */
    ui->scale = a->label_scale;
    int lines_h = 12 * ui_text_height(ui, ui_font(ui, UI_FONT_SMALL));
    int rows = a->core.n_runs > 1 && r.w <= r.h ? a->core.n_runs : 1;
    if (lines_h * rows > (r.h - (top - r.y)) * 2 / 5)
        ui->scale = app_pick_scale(a, a->label_scale * (float)((r.h - (top - r.y)) * 2 / 5) /
                                          (float)(lines_h * rows));
    View V;
    memset(&V, 0, sizeof V);
    V.a = a;
    V.v.plat = a->plat;
    V.v.ui = ui;
    V.v.label_scale = a->label_scale;
    V.panel = r;
    ui_clip(ui, r);

    /* one log axis and one step axis for every run, so they compare */
    const app_Core *c = &a->core;
    double lo = INFINITY, hi = -INFINITY;
    int64_t last = 1, every = 1;
    int L = 0;
    for (int k = 0; k < c->n_runs; k++) {
        const app_Snap *S = &c->runs[k]->snap;
        if (S->model && S->model->arch.n_layers > L)
            L = S->model->arch.n_layers;
        for (int i = 0; i < S->n_health; i++) {
            const nn_HealthSample *s = &S->health[i];
            last = s->step > last ? s->step : last;
            for (int l = 0; l < s->n_layers; l++)
                if (isfinite(s->grad_norm[l]) && s->grad_norm[l] > 0)
                    lo = fmin(lo, s->grad_norm[l]), hi = fmax(hi, s->grad_norm[l]);
        }
        if (S->health_every > every) /* the snapshot's: the thread writes the log */
            every = S->health_every;
    }
    if (!(hi >= lo))
        lo = 1e-3, hi = 1;
    lo /= 2, hi *= 2; /* the lowest and highest lines off the frame */
    if (!(hi > lo * 10))
        lo = hi / 10; /* at least a decade: the ticks need one */
    V.lo = lo, V.hi = hi;
    V.last = last < 10 ? 10 : last; /* the first batches sit left, not on the edge */
    char ev[64] = "";
    if (every > 1)
        snprintf(ev, sizeof ev, tr(STR_HL_EVERY), (long long)every);
    snprintf(V.label, sizeof V.label, "%s", tr(STR_HL_GRAD));

    if (ev[0]) {
        /* the thinning, after the title where the button leaves room */
        float content = ui->scale;
        ui->scale = a->ctrl_scale;
        int fs0 = ui_font(ui, UI_FONT_SMALL);
        int room = r.x + r.w - ui_px(ui, 16) - title_end -
                   ui_text_width(ui, fs0, 0, tr(a->health_on ? STR_HL_BUTTON_BACK : STR_HL_BUTTON)) -
                   ui_px(ui, 30);
        if (ui_text_width(ui, fs0, 0, ev) <= room)
            ui_draw_text(ui, fs0, 0, title_end, r.y + ui_px(ui, 9), ev, ui->style.text_muted);
        ui->scale = content;
    }
    int pad = ui_px(ui, 10);
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    /* the layers' legend, wrapped; short names (L1, L2, ...) where the
     * long ones would take more than two lines */
    int x = r.x + pad, y = top;
    i18n_Id name = legend_rows(a, fs, th, r, pad, L, STR_HEALTH_LAYER) > 2 ? STR_HL_LAYER_SHORT
                                                                          : STR_HEALTH_LAYER;
    for (int l = 0; l < L; l++) {
        char b[96];
        snprintf(b, sizeof b, tr(name), l + 1);
        int w = th + ui_px(ui, 4) + ui_text_width(ui, fs, 0, b) + ui_px(ui, 12);
        if (x + w > r.x + r.w - pad && x > r.x + pad)
            x = r.x + pad, y += th + ui_px(ui, 2);
        ui_draw_rect(ui, (ui_Rect){x, y + th / 2 - ui_px(ui, 3), th, ui_px(ui, 6)},
                     app_health_layer_color(l, L));
        ui_draw_text(ui, fs, 0, x + th + ui_px(ui, 4), y, b, ui->style.text);
        x += w;
    }
    y += th + ui_px(ui, 8);

    /* the runs: side by side in a wide view, else one row each */
    int n = c->n_runs, gap = ui_px(ui, 18);
    int inner_w = r.w - 2 * pad, inner_h = r.y + r.h - pad - y;
    if (n > 1 && inner_w > inner_h) {
        int cw = (inner_w - (n - 1) * gap) / n;
        for (int k = 0; k < n; k++)
            run_row(&V, c->runs[k], (ui_Rect){r.x + pad + k * (cw + gap), y, cw, inner_h}, 1);
    } else {
        int rh = (inner_h - (n - 1) * gap) / (n > 0 ? n : 1);
        for (int k = 0; k < n && rh > 4 * th; k++)
            run_row(&V, c->runs[k], (ui_Rect){r.x + pad, y + k * (rh + gap), inner_w, rh}, n > 1);
    }
    ui_unclip(ui);
    ui->scale = scale0;
    return 1;
}
