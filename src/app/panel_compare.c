/* panel_compare.c - the compare view: one small multiple per value (its
 * decision boundary, fitted curve, or test accuracy and confusion matrix,
 * and a network thumbnail), the loss curves overlaid in the values'
 * colours with a legend (median and min-max band with several seeds), and
 * the table with the seed verdicts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cmp_view.h"
#include "engine/infer.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"
#include "viz/viz_smooth.h"

#define THUMB_UNITS 10  /* units a thumbnail column shows */

static ui_Color col(viz_Color c)
{
    return (ui_Color){c.r, c.g, c.b, c.a};
}

static ui_Color with_alpha(ui_Color c, uint8_t a)
{
    c.a = a;
    return c;
}

/* The first seed's run of value i. */
static const app_CmpRun *first_run(const app_Compare *c, int i)
{
    return &c->runs[i * c->n_seeds];
}

static int is_line(const app_Compare *c)
{
    return c->train->dim == 1 && c->train->task == NN_TASK_REGRESS;
}

/* ======================================================================== */
/* the pictures                                                              */
/* ======================================================================== */

/* The training points over a decision boundary. */
static void plane_points(app_CmpView *v, ui_Rect r)
{
    const nn_Dataset *d = v->c->train;
    float rad = app_cmp_plane_radius(d), dot = (float)ui_px(v->ui, 2.0f);
    ui_Color edge = {255, 255, 255, 255};
    for (int i = 0; i < d->n; i++) {
        float x1 = nn_dataset_x(d, i, 0), x2 = nn_dataset_x(d, i, 1);
        float px = (float)r.x + (x1 + rad) / (2 * rad) * (float)r.w;
        float py = (float)r.y + (rad - x2) / (2 * rad) * (float)r.h;
        int k = d->task == NN_TASK_CLASSIFY ? d->label[i]
                                             : (d->y[(size_t)i * (size_t)d->n_targets] > 0);
        ui_draw_circle(v->ui, px, py, dot, col(viz_class_color(k)), edge);
    }
}

/* 1 input, regression: the data and the fitted curve. */
static void line_fit(app_CmpView *v, const app_CmpRun *run, ui_Rect r, ui_Color c)
{
    const nn_Dataset *d = v->c->train;
    double lo = INFINITY, hi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (int i = 0; i < d->n; i++) {
        double x = nn_dataset_x(d, i, 0), y = d->y[(size_t)i * (size_t)d->n_targets];
        lo = fmin(lo, x), hi = fmax(hi, x), ylo = fmin(ylo, y), yhi = fmax(yhi, y);
    }
    if (!(hi > lo) || !(yhi >= ylo))
        return;
    double pad = (yhi - ylo) * 0.15 + 1e-6;
    app_CmpAxes ax;
    app_cmp_axes(v, &ax, r, lo, hi, ylo - pad, yhi + pad, 0, NULL);
    float dot = (float)ui_px(v->ui, 1.5f);
    ui_clip(v->ui, ax.plot);
    for (int i = 0; i < d->n; i++)
        ui_draw_circle(v->ui, viz_scale_map(&ax.x, nn_dataset_x(d, i, 0)),
                       viz_scale_map(&ax.y, d->y[(size_t)i * (size_t)d->n_targets]), dot,
                       v->ui->style.text_muted, v->ui->style.text_muted);
    ui_unclip(v->ui);
    enum { N = 120 };
    float xin[N];
    double xs[N], ys[N];
    const nn_Model *m = run->s->model;
    nn_Infer *inf = NULL;
    char err[128];
    if (nn_infer_create(&inf, &m->arch, N, err, sizeof err) != NN_OK)
        return;
    for (int i = 0; i < N; i++)
        xs[i] = lo + (hi - lo) * i / (N - 1), xin[i] = (float)xs[i];
    nn_infer_run(inf, m, xin, N);
    for (int i = 0; i < N; i++)
        ys[i] = inf->a[m->arch.n_layers - 1][(size_t)i * (size_t)nn_model_outputs(m)];
    nn_infer_destroy(inf);
    app_cmp_line(v, &ax, xs, ys, N, (float)ui_px(v->ui, 2.5f), c);
}

/* Images and other data: test accuracy and the confusion matrix. */
static void confusion(app_CmpView *v, const app_CmpRun *run, ui_Rect r)
{
    ui_Context *ui = v->ui;
    int fs = ui_font(ui, UI_FONT_BASE), th = ui_text_height(ui, fs);
    char b[96];
    double acc = run->test.rows ? run->test.accuracy : run->train.accuracy;
    snprintf(b, sizeof b, tr(STR_CMP_TEST_ACC), 100.0 * acc);
    ui_draw_text(ui, fs, 1, r.x, r.y, b, ui->style.text);
    int k = v->c->train->n_classes;
    if (k < 2 || k > 40 || !v->c->test)
        return;
    int64_t *cm = calloc((size_t)k * (size_t)k, sizeof *cm);
    if (!cm)
        return;
    nn_Metrics tr_m, te_m;
    nn_session_evaluate(run->s, &tr_m, &te_m, cm);
    int side = r.w < r.h - th - ui_px(ui, 6) ? r.w : r.h - th - ui_px(ui, 6);
    int cell = side / k;
    int x0 = r.x + (r.w - cell * k) / 2, y0 = r.y + th + ui_px(ui, 6);
    for (int t = 0; t < k; t++) {
        int64_t row = 0;
        for (int p = 0; p < k; p++)
            row += cm[t * k + p];
        for (int p = 0; p < k; p++) {
            float f = row ? (float)cm[t * k + p] / (float)row : 0.0f;
            /* the diagonal in blue, mistakes in orange: both stronger as they are more */
            viz_Color c = viz_lerp(viz_hex(VIZ_MID_HEX), viz_hex(t == p ? VIZ_POS_HEX : VIZ_NEG_HEX),
                                   t == p ? f : fminf(1.0f, 4.0f * f));
            ui_draw_rect(ui, (ui_Rect){x0 + p * cell, y0 + t * cell, cell - 1, cell - 1}, col(c));
        }
    }
    free(cm);
}

/* A small picture of the network: units as dots, weights as lines, blue
 * positive and orange negative, stronger as they are larger. */
static void net_thumb(app_CmpView *v, const nn_Model *m, ui_Rect r)
{
    ui_Context *ui = v->ui;
    int L = m->arch.n_layers;
    float wmax = 0;
    for (size_t i = 0; i < m->n_params; i++)
        if (isfinite(m->params[i]) && fabsf(m->params[i]) > wmax)
            wmax = fabsf(m->params[i]);
    if (!(wmax > 0))
        wmax = 1;
    float dot = fmaxf(1.5f, fminf((float)r.h / (THUMB_UNITS * 3.0f), (float)ui_px(ui, 3.0f)));
    for (int l = 0; l <= L; l++) {
        int n = m->arch.sizes[l] < THUMB_UNITS ? m->arch.sizes[l] : THUMB_UNITS;
        float x = (float)r.x + dot + ((float)r.w - 2 * dot) * (float)l / (float)L;
        for (int j = 0; j < n; j++) {
            float y = (float)r.y + (float)r.h * ((float)j + 0.5f) / (float)n;
            if (l < L) {
                int n2 = m->arch.sizes[l + 1] < THUMB_UNITS ? m->arch.sizes[l + 1] : THUMB_UNITS;
                float x2 = (float)r.x + dot + ((float)r.w - 2 * dot) * (float)(l + 1) / (float)L;
                for (int q = 0; q < n2; q++) {
                    float w = m->W[l][(size_t)j * (size_t)m->arch.sizes[l + 1] + (size_t)q];
                    float t = isfinite(w) ? fabsf(w) / wmax : 0.0f;
                    viz_Color c = viz_hex(w >= 0 ? VIZ_POS_HEX : VIZ_NEG_HEX);
                    ui_draw_line(ui, x, y, x2, (float)r.y + (float)r.h * ((float)q + 0.5f) / (float)n2,
                                 0.5f + 2.0f * t, with_alpha(col(c), (uint8_t)(40 + 215 * t)));
                }
            }
        }
    }
    for (int l = 0; l <= L; l++) {
        int n = m->arch.sizes[l] < THUMB_UNITS ? m->arch.sizes[l] : THUMB_UNITS;
        float x = (float)r.x + dot + ((float)r.w - 2 * dot) * (float)l / (float)L;
        for (int j = 0; j < n; j++)
            ui_draw_circle(ui, x, (float)r.y + (float)r.h * ((float)j + 0.5f) / (float)n, dot,
                           ui->style.panel, ui->style.text_muted);
    }
}

/* One value's small multiple: caption, picture, thumbnail. */
static void multiple(app_CmpView *v, int i, ui_Rect r)
{
    ui_Context *ui = v->ui;
    const app_CmpRun *run = first_run(v->c, i);
    int fs = ui_font(ui, UI_FONT_BASE), th = ui_text_height(ui, fs), gap = ui_px(ui, 6);
    ui_Color c = app_cmp_color(i);
    ui_draw_rect(ui, (ui_Rect){r.x, r.y + th / 4, th * 3 / 4, th * 3 / 4}, c);
    char name[APP_CMP_VALUE_LEN + 32];
    app_vary_label(&v->c->vary, i, name, sizeof name);
    ui_draw_text(ui, fs, 1, r.x + th, r.y, name, ui->style.text);
    int top = r.y + th + gap, room = r.y + r.h - top;
    /* a cell much wider than high (zoomed in) puts the thumbnail beside the picture */
    int beside = r.w * 10 > room * 17;
    int pic = beside ? room : room - room / 5 - gap;
    if (pic > (beside ? r.w * 3 / 5 : r.w))
        pic = beside ? r.w * 3 / 5 : r.w;
    ui_Rect p = {beside ? r.x : r.x + (r.w - pic) / 2, top, pic, pic};
    if (run->diverged) {
        ui_draw_rect(ui, p, ui->style.field);
        ui_draw_text_in(ui, p, fs, 1, tr(STR_CMP_DIVERGED_CELL), ui->style.text, 0);
    } else if (v->tex[i]) {
        ui_draw_image(ui, v->tex[i], p);
        plane_points(v, p);
    } else if (is_line(v->c)) {
        line_fit(v, run, p, c);
    } else {
        confusion(v, run, p);
    }
    if (v->tex[i] || run->diverged)
        ui_draw_box(ui, p, c, ui_px(ui, 2));
    if (beside) {
        int tw = r.x + r.w - (p.x + pic + 2 * gap);
        tw = tw > pic ? pic : tw;
        net_thumb(v, run->s->model, (ui_Rect){p.x + pic + 2 * gap, p.y + pic / 5, tw, pic * 3 / 5});
    } else {
        net_thumb(v, run->s->model, (ui_Rect){p.x, p.y + pic + gap, pic, room / 5});
    }
}

/* ======================================================================== */
/* the loss chart                                                            */
/* ======================================================================== */


static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One value's curve: the seeds' min-max band, then either the median bold
 * (no smoothing) or the median faint and its moving average (weight w)
 * bold, as the window's chart draws a smoothed run. */
static void value_curve(app_CmpView *v, const app_CmpAxes *ax, int i, const double *x,
                        const double *med, const double *mn, const double *mx, double *sm, int m,
                        double w)
{
    ui_Color col_i = app_cmp_color(i);
    if (v->c->n_seeds > 1)
        app_cmp_band(v, ax, x, mn, mx, m, with_alpha(col_i, 55));
    if (w > 0) {
        app_cmp_line(v, ax, x, med, m, (float)ui_px(v->ui, 1.5f), with_alpha(col_i, 90));
        viz_ema(med, sm, m, w);
        app_cmp_line(v, ax, x, sm, m, (float)ui_px(v->ui, 2.0f), col_i);
    } else {
        app_cmp_line(v, ax, x, med, m, (float)ui_px(v->ui, 2.0f), col_i);
    }
}

/* The median, lowest and highest of vals[0..q) into *med, *mn, *mx (NaN
 * when q is 0). */
static void seed_band(double *vals, int q, double *med, double *mn, double *mx)
{
    if (q == 0) {
        *med = *mn = *mx = NAN;
        return;
    }
    qsort(vals, (size_t)q, sizeof vals[0], cmp_d);
    *med = q % 2 ? vals[q / 2] : 0.5 * (vals[q / 2 - 1] + vals[q / 2]);
    *mn = vals[0];
    *mx = vals[q - 1];
}

/* Runs shorter than two epochs: the loss by step from the runs' traces,
 * each point faint and a moving average bold (median and min-max band
 * over seeds), on the x axis asked for (steps by default). */
static void step_chart(app_CmpView *v, ui_Rect cr, int ax_kind, double w)
{
    const app_Compare *c = v->c;
    int n = 0;
    double lo = INFINITY, hi = -INFINITY, last = 0;
    for (int i = 0; i < c->n_runs; i++) {
        const app_CmpRun *r = &c->runs[i];
        n = r->n_trace > n ? r->n_trace : n;
        for (int k = 0; k < r->n_trace; k++) {
            if (isfinite(r->trace_loss[k]) && r->trace_loss[k] > 0)
                lo = fmin(lo, r->trace_loss[k]), hi = fmax(hi, r->trace_loss[k]);
            double x = app_cmp_trace_x(r, k, ax_kind);
            if (isfinite(x))
                last = fmax(last, x);
        }
    }
    if (n == 0 || !(hi >= lo)) {
        ui_draw_text_in(v->ui, cr, ui_font(v->ui, UI_FONT_BASE), 0, tr(STR_CMP_NO_EPOCH),
                        v->ui->style.text_muted, 0);
        return;
    }
    if (!(hi > lo))
        hi = lo * 10;
    if (!(last > 0))
        last = 1;
    app_CmpAxes ax;
    app_cmp_axes_x(v, &ax, cr, 0, last, lo, hi, 1,
                   v->x_axis < 0 ? tr(STR_HEALTH_STEP) : app_chart_x_title(ax_kind), ax_kind);
    double *x = malloc(sizeof(double) * (size_t)n * 5);
    if (!x)
        return;
    double *med = x + n, *mn = med + n, *mx = mn + n, *sm = mx + n;
    for (int i = 0; i < c->vary.n_values; i++) {
        int m = 0;
        for (int k = 0; k < n; k++) {
            double vals[APP_CMP_MAX_SEEDS], xs = 0;
            int q = 0;
            for (int s = 0; s < c->n_seeds; s++) {
                const app_CmpRun *run = &c->runs[i * c->n_seeds + s];
                if (k < run->n_trace && isfinite(run->trace_loss[k])) {
                    vals[q++] = run->trace_loss[k];
                    xs += app_cmp_trace_x(run, k, ax_kind);
                }
            }
            /* the seeds' mean x: the same but for seconds, where each has its pace */
            x[k] = q ? xs / q : NAN;
            seed_band(vals, q, &med[k], &mn[k], &mx[k]);
            if (q)
                m = k + 1;
        }
        value_curve(v, &ax, i, x, med, mn, mx, sm, m, w);
    }
    free(x);
}

static void loss_chart(app_CmpView *v, ui_Rect r)
{
    ui_Context *ui = v->ui;
    const app_Compare *c = v->c;
    int64_t most = 0; /* runs shorter than two epochs show the loss by step */
    for (int i = 0; i < c->n_runs; i++)
        most = c->runs[i].s->n_history > most ? c->runs[i].s->n_history : most;
    int ax_kind = v->x_axis >= 0 && v->x_axis < APP_CHART_X_COUNT ? v->x_axis
                  : most < 2                                     ? APP_CHART_X_STEPS
                                                                 : APP_CHART_X_EPOCHS;
    double w = v->smooth >= 0 ? fmin(v->smooth, 0.95) : most < 2 ? 0.9 : 0.0;
    char title[160];
    if (most < 2)
        snprintf(title, sizeof title, "%s", tr(STR_CMP_LOSS_CHART_STEPS));
    else if (w > 0)
        snprintf(title, sizeof title, tr(STR_CMP_LOSS_CHART_SMOOTH), (int)lround(100 * w));
    else
        snprintf(title, sizeof title, "%s", tr(STR_CMP_LOSS_CHART));
    float scale0 = ui->scale; /* the title and legend at most at the label scale */
    if (v->label_scale > 0 && ui->scale > v->label_scale)
        ui->scale = v->label_scale;
    int fs = ui_font(ui, UI_FONT_BASE), th = ui_text_height(ui, fs);
    if (ui_text_width(ui, fs, 1, title) > r.w) /* zoomed in: the smaller font */
        fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    if (ui_text_width(ui, fs, 1, title) > r.w && w > 0 && most >= 2) /* the short title: the */
        snprintf(title, sizeof title, "%s", tr(STR_CMP_LOSS_CHART)); /* faint curves say the rest */
    ui_clip(ui, r);
    ui_draw_text(ui, fs, 1, r.x, r.y, title, ui->style.text);
    ui_unclip(ui);
    /* the legend, one swatch and value per run colour */
    int lx = r.x, ly = r.y + th + ui_px(ui, 4);
    int sfs = ui_font(ui, UI_FONT_SMALL), sth = ui_text_height(ui, sfs);
    for (int i = 0; i < c->vary.n_values; i++) {
        char name[APP_CMP_VALUE_LEN + 32];
        app_vary_label(&c->vary, i, name, sizeof name);
        int lw = ui_text_width(ui, sfs, 0, name) + sth + ui_px(ui, 14);
        if (lx + lw > r.x + r.w && lx > r.x)
            lx = r.x, ly += sth + ui_px(ui, 2);
        ui_draw_rect(ui, (ui_Rect){lx, ly + sth / 2 - ui_px(ui, 2), sth, ui_px(ui, 4)},
                     app_cmp_color(i));
        ui_draw_text(ui, sfs, 0, lx + sth + ui_px(ui, 4), ly, name, ui->style.text);
        lx += lw;
    }
    ui_Rect cr = {r.x, ly + sth + ui_px(ui, 6), r.w, r.y + r.h - (ly + sth + ui_px(ui, 6))};
    ui->scale = scale0;
    if (most < 2) {
        step_chart(v, cr, ax_kind, w);
        return;
    }
    int64_t n = 0;
    double lo = INFINITY, hi = -INFINITY, xhi = 0;
    for (int i = 0; i < c->n_runs; i++) {
        const app_CmpRun *run = &c->runs[i];
        const nn_Session *s = run->s;
        if (s->n_history > n)
            n = s->n_history;
        for (int64_t e = 0; e < s->n_history; e++) {
            double l = s->history[e].train_loss, x = app_cmp_loss_x(run, e + 1, ax_kind);
            if (isfinite(l) && l > 0)
                lo = fmin(lo, l), hi = fmax(hi, l);
            if (isfinite(x))
                xhi = fmax(xhi, x);
        }
    }
    if (n == 0 || !(hi >= lo)) {
        ui_draw_text_in(ui, cr, fs, 0, tr(STR_CMP_NO_EPOCH), ui->style.text_muted, 0);
        return;
    }
    if (!(hi > lo))
        hi = lo * 10;
    if (!(xhi > 0))
        xhi = (double)n;
    app_CmpAxes ax;
    app_cmp_axes_x(v, &ax, cr, 0, xhi, lo, hi, 1, app_chart_x_title(ax_kind), ax_kind);
    size_t m1 = (size_t)n + 1;
    double *x = malloc(sizeof(double) * m1 * 5);
    if (!x)
        return;
    double *med = x + m1, *mn = med + m1, *mx = mn + m1, *sm = mx + m1;
    for (int i = 0; i < c->vary.n_values; i++) {
        int64_t m = 0;
        for (int64_t e = 0; e <= n; e++) { /* point 0: before training, the initial loss */
            double vals[APP_CMP_MAX_SEEDS], xs = 0;
            int k = 0;
            for (int s = 0; s < c->n_seeds; s++) {
                const app_CmpRun *run = &c->runs[i * c->n_seeds + s];
                double l = e == 0 ? run->initial_loss
                           : e <= run->s->n_history ? run->s->history[e - 1].train_loss : NAN;
                double xe = app_cmp_loss_x(run, e, ax_kind);
                if (isfinite(l) && isfinite(xe)) {
                    vals[k++] = l;
                    xs += xe;
                }
            }
            x[e] = k ? xs / k : NAN; /* seeds differ only in seconds: their mean */
            seed_band(vals, k, &med[e], &mn[e], &mx[e]);
            if (k)
                m = e + 1;
        }
        value_curve(v, &ax, i, x, med, mn, mx, sm, (int)m, w);
    }
    free(x);
}

/* ======================================================================== */
/* the table                                                                 */
/* ======================================================================== */

/* A figure's cell: the value, or with several seeds the median (line 1)
 * and the min-max range below it (line 2). */
static void band_cell(char *b, char *b2, size_t len, app_Band bd, int seeds, int whole)
{
    b2[0] = '\0';
    if (bd.n == 0) {
        snprintf(b, len, "\xe2\x80\x94");
        return;
    }
    /* 4 decimals, or 3 significant digits where that would show 0.0000 */
    int tiny = !whole && bd.med != 0.0 && fabs(bd.med) < 0.0005;
    snprintf(b, len, whole ? "%.0f" : tiny ? "%.2e" : "%.4f", bd.med);
    if (seeds > 1)
        snprintf(b2, len, whole ? "%.0f\xe2\x80\x93%.0f" : tiny ? "%.1e\xe2\x80\x93%.1e" : "%.3f\xe2\x80\x93%.3f",
                 bd.lo, bd.hi);
}

#define COLS 7

/* The table's text, measured at the current scale: *w_total and *h_total. */
typedef struct {
    const char *head[COLS];
    char steps_head[64];
    char cells[APP_CMP_MAX_VALUES][COLS][40];
    char range[APP_CMP_MAX_VALUES][COLS][40]; /* the seeds' min-max, below the median */
    int w[COLS];
} Table;

static void table_text(app_CmpView *v, Table *t)
{
    const app_Compare *c = v->c;
    snprintf(t->steps_head, sizeof t->steps_head, tr(STR_CMP_COL_STEPS), v->target);
    const char *head[COLS] = {tr(STR_CMP_COL_VALUE),    tr(STR_CMP_COL_LOSS),
                              tr(STR_CMP_COL_ACC),      tr(STR_CMP_COL_TEST_LOSS),
                              tr(STR_CMP_COL_TEST_ACC), t->steps_head,
                              tr(STR_CMP_COL_DIVERGED)};
    memcpy(t->head, head, sizeof head);
    static const app_Figure figs[5] = {APP_FIG_LOSS, APP_FIG_ACC, APP_FIG_TEST_LOSS,
                                       APP_FIG_TEST_ACC, APP_FIG_STEPS};
    for (int i = 0; i < c->vary.n_values; i++) {
        app_vary_label(&c->vary, i, t->cells[i][0], 40);
        t->range[i][0][0] = t->range[i][6][0] = '\0';
        for (int f = 0; f < 5; f++)
            band_cell(t->cells[i][f + 1], t->range[i][f + 1], 40,
                      app_compare_band(c, i, figs[f], v->target), c->n_seeds,
                      figs[f] == APP_FIG_STEPS);
        int div = 0;
        for (int s = 0; s < c->n_seeds; s++)
            div += c->runs[i * c->n_seeds + s].diverged;
        if (c->n_seeds == 1)
            snprintf(t->cells[i][6], 40, "%s", tr(div ? STR_CMP_YES : STR_CMP_NO));
        else
            snprintf(t->cells[i][6], 40, tr(STR_CMP_OF), div, c->n_seeds);
    }
}

/* Column widths at the current scale; returns the table's width. */
static int table_measure(app_CmpView *v, Table *t, int fs, int th, int gap)
{
    ui_Context *ui = v->ui;
    int total = 0;
    for (int k = 0; k < COLS; k++) {
        t->w[k] = ui_text_width(ui, fs, 1, t->head[k]) + (k == 0 ? th : 0);
        for (int i = 0; i < v->c->vary.n_values; i++) {
            int cw = ui_text_width(ui, fs, k == 0, t->cells[i][k]) + (k == 0 ? th : 0);
            int rw = ui_text_width(ui, fs, 0, t->range[i][k]);
            t->w[k] = cw > t->w[k] ? cw : t->w[k];
            t->w[k] = rw > t->w[k] ? rw : t->w[k];
        }
        total += t->w[k] + (k + 1 < COLS ? gap : 0);
    }
    return total;
}

static void table(app_CmpView *v, ui_Rect r)
{
    ui_Context *ui = v->ui;
    const app_Compare *c = v->c;
    Table t;
    table_text(v, &t);
    /* at most the label scale; a table wider than its room smaller still, down to 45 % */
    float scale0 = ui->scale;
    if (v->label_scale > 0 && ui->scale > v->label_scale)
        ui->scale = v->label_scale;
    float scale1 = ui->scale;
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs), gap = ui_px(ui, 12);
    int total = table_measure(v, &t, fs, th, gap);
    if (total > r.w) {
        float f = (float)r.w / (float)total;
        ui->scale = scale1 * (f < 0.45f ? 0.45f : f);
        fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs), gap = ui_px(ui, 12);
        table_measure(v, &t, fs, th, gap);
    }
    int lines = c->n_seeds > 1 ? 2 : 1;
    int rowh = lines * th + ui_px(ui, 6);
    int y = r.y, x = r.x;
    for (int k = 0; k < COLS; k++) {
        ui_draw_text(ui, fs, 1, x + (k == 0 ? th : 0), y, t.head[k], ui->style.text_muted);
        x += t.w[k] + gap;
    }
    y += th + ui_px(ui, 6);
    ui_draw_line(ui, (float)r.x, (float)y - ui_px(ui, 3), (float)(x - gap),
                 (float)y - ui_px(ui, 3), 1.0f, ui->style.border);
    for (int i = 0; i < c->vary.n_values && y + rowh <= r.y + r.h; i++) {
        x = r.x;
        ui_draw_rect(ui, (ui_Rect){x, y + th / 4, th * 2 / 3, th * 2 / 3}, app_cmp_color(i));
        for (int k = 0; k < COLS; k++) {
            ui_draw_text(ui, fs, k == 0, x + (k == 0 ? th : 0), y, t.cells[i][k], ui->style.text);
            if (t.range[i][k][0])
                ui_draw_text(ui, fs, 0, x, y + th, t.range[i][k], ui->style.text_muted);
            x += t.w[k] + gap;
        }
        y += rowh;
    }
    if (c->n_seeds >= 2) {
        /* the seed verdicts: is a difference larger than the luck of the seeds? */
        y += th / 2;
        app_Figure key = app_compare_key_figure(c);
        for (int i = 0; i < c->vary.n_values; i++)
            for (int j = i + 1; j < c->vary.n_values && y + th <= r.y + r.h; j++) {
                char b[160], ni[40], nj[40];
                app_vary_label(&c->vary, i, ni, sizeof ni);
                app_vary_label(&c->vary, j, nj, sizeof nj);
                int within = app_compare_within_spread(c, i, j, key, v->target);
                snprintf(b, sizeof b, tr(within ? STR_CMP_WITHIN : STR_CMP_BEYOND),
                         ni, nj);
                ui_draw_text(ui, fs, 0, r.x, y, b, within ? ui->style.text_muted : ui->style.text);
                y += th + ui_px(ui, 4);
            }
    }
    ui->scale = scale0;
}

void app_compare_panel(app_CmpView *v, ui_Rect area)
{
    ui_Context *ui = v->ui;
    const app_Compare *c = v->c;
    int pad = ui_px(ui, 14), gap = ui_px(ui, 12);
    int fb = ui_font(ui, UI_FONT_BIG), tb = ui_text_height(ui, fb);
    int fs = ui_font(ui, UI_FONT_BASE), ts = ui_text_height(ui, fs);
    char b[200];
    snprintf(b, sizeof b, tr(STR_CMP_TITLE), app_knob_label(c->vary.knob), c->vary.n_values,
             (long long)(c->epochs ? c->epochs : c->steps),
             tr(c->epochs ? STR_CMP_EPOCHS : STR_CMP_STEPS),
             (unsigned long long)c->runs[0].seed);
    int y = area.y + pad;
    ui_draw_text(ui, fb, 1, area.x + pad, y, b, ui->style.text);
    y += tb;
    if (c->n_seeds > 1) {
        snprintf(b, sizeof b, tr(STR_CMP_SEEDS), c->n_seeds);
        ui_draw_text(ui, fs, 0, area.x + pad, y, b, ui->style.text_muted);
        y += ts;
    }
    y += gap;
    int inner_w = area.w - 2 * pad;
    /* zoomed in, the chart needs more of the height for its larger labels */
    int top_h = (area.y + area.h - pad - y) * (ui->scale > 1.5f * (float)area.h / 800.0f ? 40 : 46) / 100;
    int n = c->vary.n_values;
    int cw = (inner_w - (n - 1) * gap) / n;
    for (int i = 0; i < n; i++)
        multiple(v, i, (ui_Rect){area.x + pad + i * (cw + gap), y, cw, top_h});
    y += top_h + gap;
    int bottom_h = area.y + area.h - pad - y;
    int chart_w = inner_w * 45 / 100;
    loss_chart(v, (ui_Rect){area.x + pad, y, chart_w, bottom_h});
    table(v, (ui_Rect){area.x + pad + chart_w + 2 * gap, y + ts / 2,
                       inner_w - chart_w - 2 * gap, bottom_h - ts / 2});
}
