/* panel_health.c - the training-health view: for each compared value (its
 * first seed), the gradient norm of every layer over the steps on one
 * shared log axis (vanishing gradients show as the first layers' lines
 * falling orders of magnitude below the last's), the fraction of dead relu
 * units or saturated sigmoid/tanh outputs per layer, and each layer's
 * activation histogram of the last batch. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/cmp_view.h"
#include "i18n/i18n.h"

/* Layer l of L along a viridis-like ramp, dark purple (first) to green
 * (last): ordered, colour-blind safe, readable on a light background. */
ui_Color app_health_layer_color(int l, int L)
{
    static const uint8_t stops[5][3] = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {53, 183, 121}, {144, 200, 60}};
    float t = L > 1 ? (float)l / (float)(L - 1) * 4.0f : 0.0f;
    int i = t >= 4.0f ? 3 : (int)t;
    float f = t - (float)i;
    ui_Color c;
    c.r = (uint8_t)(stops[i][0] + (stops[i + 1][0] - stops[i][0]) * f);
    c.g = (uint8_t)(stops[i][1] + (stops[i + 1][1] - stops[i][1]) * f);
    c.b = (uint8_t)(stops[i][2] + (stops[i + 1][2] - stops[i][2]) * f);
    c.a = 255;
    return c;
}

/* The fraction a layer shows: dead units for relu, saturated outputs for
 * sigmoid and tanh (-1: neither applies), averaged over the last fifth of
 * the samples. */
static float layer_fraction(const app_CmpRun *r, int l, int *is_dead)
{
    nn_Act act = r->s->model->arch.act[l];
    *is_dead = act == NN_ACT_RELU;
    if (act != NN_ACT_RELU && act != NN_ACT_SIGMOID && act != NN_ACT_TANH)
        return -1.0f;
    int from = r->n_health - (r->n_health + 4) / 5;
    double s = 0;
    int n = 0;
    for (int h = from < 0 ? 0 : from; h < r->n_health; h++, n++)
        s += *is_dead ? r->health[h].dead[l] : r->health[h].saturated[l];
    return n ? (float)(s / n) : 0.0f;
}

static void grad_chart(app_CmpView *v, const app_CmpRun *r, ui_Rect rect, double lo, double hi,
                       int64_t last_step)
{
    ui_Context *ui = v->ui;
    int fs = ui_font(ui, UI_FONT_SMALL);
    if (r->n_health == 0) {
        ui_draw_text_in(ui, rect, fs, 0, tr(STR_HEALTH_NONE), ui->style.text_muted, 0);
        return;
    }
    app_CmpAxes ax;
    app_cmp_axes(v, &ax, rect, 0, (double)last_step, lo, hi, 1, tr(STR_HEALTH_STEP));
    int L = r->health[0].n_layers;
    double *x = malloc(sizeof(double) * 3 * (size_t)r->n_health);
    if (!x)
        return;
    double *y = x + r->n_health, *ys = y + r->n_health;
    for (int l = 0; l < L; l++) {
        /* each batch's norm faint, and a moving average of its log bold:
         * one batch's noise should not hide the layer's level */
        for (int h = 0; h < r->n_health; h++) {
            x[h] = (double)r->health[h].step;
            y[h] = r->health[h].grad_norm[l];
        }
        ui_Color c = app_health_layer_color(l, L);
        c.a = 50;
        app_cmp_line(v, &ax, x, y, r->n_health, 1.0f, c);
    }
    for (int l = 0; l < L; l++) {
        double ema = NAN;
        for (int h = 0; h < r->n_health; h++) {
            double g = r->health[h].grad_norm[l];
            if (isfinite(g) && g > 0)
                ema = isnan(ema) ? log10(g) : 0.9 * ema + 0.1 * log10(g);
            ys[h] = isnan(ema) ? NAN : pow(10.0, ema);
        }
        app_cmp_line(v, &ax, x, ys, r->n_health, (float)ui_px(ui, 2.0f), app_health_layer_color(l, L));
    }
    free(x);
}

/* Bars of the dead or saturated fraction, one per layer, 0 to 1. */
static void fraction_bars(app_CmpView *v, const app_CmpRun *r, ui_Rect rect)
{
    ui_Context *ui = v->ui;
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    int L = r->s->model->arch.n_layers - 1; /* hidden layers */
    if (L < 1 || r->n_health == 0)
        return;
    int any_dead = 0, any_sat = 0;
    for (int l = 0; l < L; l++) {
        int d;
        if (layer_fraction(r, l, &d) >= 0)
            any_dead |= d, any_sat |= !d;
    }
    char b[96];
    snprintf(b, sizeof b, "%s%s%s", any_dead ? tr(STR_HEALTH_DEAD) : "",
             any_dead && any_sat ? " / " : "", any_sat ? tr(STR_HEALTH_SAT) : "");
    ui_draw_text(ui, fs, 1, rect.x, rect.y, b, ui->style.text);
    ui_Rect p = {rect.x, rect.y + th + ui_px(ui, 2), rect.w, rect.h - 2 * th - ui_px(ui, 4)};
    ui_draw_rect(ui, p, ui->style.field);
    ui_draw_box(ui, p, ui->style.border, 1);
    int bw = p.w / L;
    for (int l = 0; l < L; l++) {
        int d;
        float f = layer_fraction(r, l, &d);
        int x = p.x + l * bw + bw / 6;
        if (f > 0) {
            int h = (int)(f * (float)p.h + 0.5f);
            ui_draw_rect(ui, (ui_Rect){x, p.y + p.h - h, bw * 2 / 3, h}, app_health_layer_color(l, L + 1));
        }
        snprintf(b, sizeof b, f < 0 ? "\xe2\x80\x94" : "%.0f%%", 100.0 * f);
        int w = ui_text_width(ui, fs, 0, b);
        ui_draw_text(ui, fs, 0, p.x + l * bw + (bw - w) / 2, p.y + p.h + ui_px(ui, 2), b,
                     ui->style.text_muted);
    }
}

/* Each hidden layer's activation histogram of the last sample. */
static void histograms(app_CmpView *v, const app_CmpRun *r, ui_Rect rect)
{
    ui_Context *ui = v->ui;
    if (r->n_health == 0)
        return;
    const nn_HealthSample *h = &r->health[r->n_health - 1];
    int L = h->n_layers - 1;
    if (L < 1)
        return;
    int gap = ui_px(ui, 3), bw = (rect.w - (L - 1) * gap) / L;
    for (int l = 0; l < L; l++) {
        ui_Rect p = {rect.x + l * (bw + gap), rect.y, bw, rect.h};
        ui_draw_rect(ui, p, ui->style.field);
        float top = 0;
        for (int k = 0; k < NN_HEALTH_BINS; k++)
            top = fmaxf(top, h->hist[l][k]);
        if (!(top > 0))
            continue;
        float cw = (float)p.w / NN_HEALTH_BINS;
        for (int k = 0; k < NN_HEALTH_BINS; k++) {
            int hh = (int)(h->hist[l][k] / top * (float)(p.h - 2) + 0.5f);
            ui_draw_rect(ui, (ui_Rect){p.x + (int)(k * cw), p.y + p.h - hh, (int)cw > 1 ? (int)cw - 1 : 1, hh},
                         app_health_layer_color(l, L + 1));
        }
    }
}

void app_health_panel(app_CmpView *v, ui_Rect area)
{
    ui_Context *ui = v->ui;
    const app_Compare *c = v->c;
    /* every text here is a label: zoom grows it only to the label scale */
    float scale0 = ui->scale;
    if (v->label_scale > 0 && ui->scale > v->label_scale)
        ui->scale = v->label_scale;
    int pad = ui_px(ui, 14), gap = ui_px(ui, 14);
    int fb = ui_font(ui, UI_FONT_BIG), tb = ui_text_height(ui, fb);
    int fs = ui_font(ui, UI_FONT_BASE), ts = ui_text_height(ui, fs);
    int sfs = ui_font(ui, UI_FONT_SMALL), sts = ui_text_height(ui, sfs);
    char b[160];
    snprintf(b, sizeof b, tr(STR_HEALTH_TITLE), app_knob_label(c->vary.knob));
    int y = area.y + pad;
    ui_draw_text(ui, fb, 1, area.x + pad, y, b, ui->style.text);
    y += tb + ui_px(ui, 4);

    /* one log axis for every run, so their gradients compare at a glance */
    double lo = INFINITY, hi = -INFINITY;
    int64_t last = 1;
    int L = 0;
    for (int i = 0; i < c->vary.n_values; i++) {
        const app_CmpRun *r = &c->runs[i * c->n_seeds];
        for (int h = 0; h < r->n_health; h++) {
            const nn_HealthSample *s = &r->health[h];
            if (s->step > last)
                last = s->step;
            if (s->n_layers > L)
                L = s->n_layers;
            for (int l = 0; l < s->n_layers; l++)
                if (isfinite(s->grad_norm[l]) && s->grad_norm[l] > 0)
                    lo = fmin(lo, s->grad_norm[l]), hi = fmax(hi, s->grad_norm[l]);
        }
    }
    if (!(hi >= lo))
        lo = 1e-3, hi = 1;
    if (!(hi > lo))
        hi = lo * 10;

    /* the layers' legend */
    int lx = area.x + pad;
    for (int l = 0; l < L; l++) {
        snprintf(b, sizeof b, tr(STR_HEALTH_LAYER), l + 1);
        int w = ui_text_width(ui, sfs, 0, b) + sts + ui_px(ui, 14);
        if (lx + w > area.x + area.w - pad)
            lx = area.x + pad, y += sts + ui_px(ui, 2);
        ui_draw_rect(ui, (ui_Rect){lx, y + sts / 2 - ui_px(ui, 2), sts, ui_px(ui, 4)},
                     app_health_layer_color(l, L));
        ui_draw_text(ui, sfs, 0, lx + sts + ui_px(ui, 4), y, b, ui->style.text);
        lx += w;
    }
    y += sts + gap;

    int n = c->vary.n_values;
    int inner = area.w - 2 * pad, cw = (inner - (n - 1) * gap) / n;
    int h_all = area.y + area.h - pad - y;
    int chart_h = h_all * 58 / 100, bars_h = h_all * 22 / 100;
    for (int i = 0; i < n; i++) {
        const app_CmpRun *r = &c->runs[i * c->n_seeds];
        int x = area.x + pad + i * (cw + gap), yy = y;
        ui_clip(ui, (ui_Rect){x, y, cw, area.y + area.h - y}); /* captions stay in their column */
        ui_draw_rect(ui, (ui_Rect){x, yy + ts / 4, ts * 3 / 4, ts * 3 / 4}, app_cmp_color(i));
        char name[64];
        app_vary_label(&c->vary, i, name, sizeof name);
        ui_draw_text(ui, fs, 1, x + ts, yy, name, ui->style.text);
        int tw = ui_text_width(ui, fs, 1, name);
        ui_draw_text(ui, sfs, 0, x + ts + tw + ui_px(ui, 10), yy + (ts - sts) / 2,
                     tr(STR_HEALTH_GRAD), ui->style.text_muted);
        ui_unclip(ui);
        yy += ts + ui_px(ui, 4);
        grad_chart(v, r, (ui_Rect){x, yy, cw, chart_h - ts - ui_px(ui, 4)}, lo, hi, last);
        yy = y + chart_h + ui_px(ui, 6);
        fraction_bars(v, r, (ui_Rect){x, yy, cw, bars_h - ui_px(ui, 6)});
        yy += bars_h;
        ui_clip(ui, (ui_Rect){x, yy, cw, sts + ui_px(ui, 2)});
        ui_draw_text(ui, sfs, 1, x, yy, tr(STR_HEALTH_HIST), ui->style.text);
        ui_unclip(ui);
        yy += sts + ui_px(ui, 2);
        histograms(v, r, (ui_Rect){x, yy, cw, area.y + area.h - pad - yy});
    }
    ui->scale = scale0;
}
