/* whatif_hover.c - the what-if preview of a hovered control (whatif_hover.h):
 * a small cache of re-trained runs, the one wanted trained a few ms a frame,
 * and the ghost boundary it draws over the output plot. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_contour.h"

void app_wh_want(app_State *a, int knob, float value)
{
    a->wh.want_knob = knob;
    a->wh.want_value = value;
}

/* The run's experiment with the knob at value; 0 when that is no change
 * (nothing to preview) or the knob does not apply. */
static int spec_with(const app_State *a, int knob, float value, nn_Experiment *e)
{
    *e = *app_spec(a);
    switch (knob) {
    case APP_WH_LR:
        if (e->opt.lr == value)
            return 0;
        e->opt.lr = value;
        return 1;
    case APP_WH_REG_RATE:
        if (e->reg == NN_REG_NONE || e->reg_rate == value)
            return 0;
        e->reg_rate = value;
        return 1;
    case APP_WH_NOISE:
        if (e->data.kind != NN_SRC_PLAYGROUND || e->data.noise == (double)value)
            return 0;
        e->data.noise = value;
        return 1;
    case APP_WH_BATCH:
        if (value < 1 || e->batch_size == (int)value)
            return 0;
        e->batch_size = (int)value;
        return 1;
    default:
        return 0;
    }
}

static void entry_free(app_WhEntry *en)
{
    app_whatif_job_free(&en->job);
    memset(en, 0, sizeof *en);
}

/* The plane the plot shows, as the preview's square: its largest coordinate. */
static float plane_radius(const app_State *a)
{
    const float *d = app_heat(a)->dom;
    float r = 0;
    for (int i = 0; i < 4; i++)
        r = fmaxf(r, fabsf(d[i]));
    return r > 0 ? r : 6.0f;
}

/* The entry for (knob, value, e, data): found, or a new one in place of
 * the least recently wanted. NULL when it cannot start. */
static app_WhEntry *entry_for(app_State *a, int knob, float value, const nn_Experiment *e,
                              const void *data, int64_t data_n)
{
    app_WhatIfHover *w = &a->wh;
    int oldest = 0;
    for (int i = 0; i < APP_WH_CACHE; i++) {
        app_WhEntry *en = &w->e[i];
        if (en->used && en->knob == knob && en->value == value && en->data == data &&
            en->data_n == data_n && memcmp(&en->spec, e, sizeof *e) == 0)
            return en;
        if (!en->used || (w->e[oldest].used && en->last_use < w->e[oldest].last_use))
            oldest = i;
    }
    app_WhEntry *en = &w->e[oldest];
    entry_free(en);
    char err[256];
    /* the run's own data, only read, as the runs read it; another noise
     * needs data of its own */
    nn_Dataset *tr = data ? (nn_Dataset *)app_train(a) : NULL;
    nn_Dataset *te = data ? (nn_Dataset *)app_test(a) : NULL;
    if (app_whatif_job_start(&en->job, e, tr, te, 1, err, sizeof err) != 0) {
        app_set_status(a, 1, "%s", err);
        return NULL;
    }
    en->used = 1;
    en->knob = knob;
    en->value = value;
    en->spec = *e;
    en->data = data;
    en->data_n = data_n;
    return en;
}

int app_wh_advance_until(app_WhatIfJob *j, int64_t target, double deadline, char *err,
                         size_t err_len)
{
    int64_t chunk = 1; /* the first batch is always trained: the frame's progress */
    for (;;) {
        double t0 = plat_now();
        int done = app_whatif_job_advance(j, target, chunk, err, err_len);
        if (done != 0)
            return done;
        double t1 = plat_now(), left = deadline - t1;
        if (left <= 0)
            return 0;
        /* the next chunk a quarter of the time left at this chunk's cost a
         * batch: the chunks shrink towards the deadline, so it is overrun
         * by one batch at most, and the clock is read a few times a frame */
        double per = (t1 - t0) / (double)chunk;
        double fit = per > 0 ? left / per / 4 : 2.0 * (double)chunk;
        chunk = fit < 1 ? 1 : fit > 4096 ? 4096 : (int64_t)fit;
    }
}

static void ghost_update(app_State *a, int knob, float value, double deadline);

void app_wh_update(app_State *a)
{
    app_WhatIfHover *w = &a->wh;
    int knob = w->want_knob;
    float value = w->want_value;
    w->want_knob = APP_WH_NONE;
    w->shown = 0;
    w->pending = 0;
    w->frame++;
    w->frame_knob = knob;
    w->frame_value = value;
    w->start = plat_now();
    double budget = w->budget_s > 0 ? w->budget_s : APP_WH_TIME_S;
    /* the ghost first, as the pointer asks for it, within half the frame's
     * time; the strip over the knob's range (the run's own value included)
     * within what is left */
    ghost_update(a, knob, value, w->start + budget / 2);
    app_ws_update(a, knob);
    w->spent_s += plat_now() - w->start;
}

/* The ghost of (knob, value): found or started, trained towards the shown
 * run's step until deadline, evaluated once there. */
static void ghost_update(app_State *a, int knob, float value, double deadline)
{
    app_WhatIfHover *w = &a->wh;
    /* With runs compared the preview is of the run the main view shows
     * (app_focus: the one "Show" promoted): the ghost is drawn over that
     * run's plot and loss curve, so it must answer "what if this run had
     * that value"; the teacher asks it of another run by showing that run.
     * Experiment edits apply to every compared run, yet a ghost per run
     * would cover the chart in dashes nobody can tell apart. */
    nn_Experiment e;
    if (knob == APP_WH_NONE || !app_model(a) || !spec_with(a, knob, value, &e))
        return;
    const void *data = knob == APP_WH_NOISE ? NULL : (const void *)app_train(a);
    int64_t data_n = data ? app_train(a)->n : 0;
    app_WhEntry *en = entry_for(a, knob, value, &e, data, data_n);
    if (!en)
        return;
    en->last_use = w->frame;
    int64_t target = app_snap(a)->cursor.step;
    char err[256];
    if (en->job.steps > target) { /* the timeline went back: start again */
        app_WhEntry keep = *en;
        memset(&en->job, 0, sizeof en->job);
        app_whatif_job_free(&keep.job);
        en->have_res = 0;
        nn_Dataset *tr = data ? (nn_Dataset *)app_train(a) : NULL;
        nn_Dataset *te = data ? (nn_Dataset *)app_test(a) : NULL;
        if (app_whatif_job_start(&en->job, &e, tr, te, 1, err, sizeof err) != 0) {
            app_set_status(a, 1, "%s", err);
            entry_free(en);
            return;
        }
    }
    w->target = target;
    int done = app_wh_advance_until(&en->job, target, deadline, err, sizeof err);
    if (done < 0) {
        app_set_status(a, 1, "%s", err);
        entry_free(en);
        return;
    }
    w->pending = !done; /* an idle window keeps drawing until the ghost is whole */
    if (done && (!en->have_res || en->res.steps != en->job.steps || en->res.diverged != en->job.diverged)) {
        if (app_whatif_job_result(&en->job, plane_radius(a), &en->res, err, sizeof err) != 0) {
            app_set_status(a, 1, "%s", err);
            entry_free(en);
            return;
        }
        en->have_res = 1;
    }
    w->shown = (int)(en - w->e) + 1;
}

int app_wh_pending(const app_State *a)
{
    return a->wh.pending || a->wh.strip.pending;
}

const app_WhEntry *app_wh_shown(const app_State *a)
{
    return a->wh.shown > 0 ? &a->wh.e[a->wh.shown - 1] : NULL;
}

/* The control's name and the value, as the caption says them. */
static void knob_text(const app_WhEntry *en, const char **name, char *val, size_t len)
{
    static const i18n_Id names[APP_WH_KNOBS] = {
        [APP_WH_NONE] = STR_HYPER_LR, [APP_WH_LR] = STR_HYPER_LR,
        [APP_WH_REG_RATE] = STR_HYPER_REG_RATE, [APP_WH_NOISE] = STR_DATA_NOISE,
        [APP_WH_BATCH] = STR_DATA_BATCH_SIZE};
    *name = tr(names[en->knob]);
    snprintf(val, len, "%g", (double)en->value);
}

static void ghost_plot(app_State *a, ui_Rect plot, const app_WhEntry *en);

void app_wh_draw_plot(app_State *a, ui_Rect plot)
{
    const app_WhEntry *en = app_wh_shown(a);
    if (en)
        ghost_plot(a, plot, en);
    app_ws_draw(a, plot); /* the strip over the knob's range, beside the plot */
}

/* The ghost boundary of en and its caption over the plot. */
static void ghost_plot(app_State *a, ui_Rect plot, const app_WhEntry *en)
{
    ui_Context *ui = &a->ui;
    const nn_Model *m = app_model(a);
    enum { G = APP_WHATIF_GRID };
    ui_clip(ui, plot);
    /* the ghost boundary: where the preview's output crosses its decision
     * level (0.5 for a sigmoid output, else 0), dark and dashed-looking
     * over the real map */
    if (en->have_res && !en->res.diverged && nn_model_outputs(m) == 1 && app_train(a)->dim == 2) {
        nn_Act act = m->arch.act[m->arch.n_layers - 1];
        float level = act == NN_ACT_SIGMOID || act == NN_ACT_SOFTMAX ? 0.5f : 0.0f;
        static float seg[4 * 2 * G * G];
        int n = viz_contour(en->res.out, G, G, level, seg, 2 * G * G);
        float R = en->res.radius, cell = 2 * R / G;
        ui_Color halo = {255, 255, 255, 200}, ink = {32, 33, 36, 230};
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < n; i++) {
                float p[4];
                for (int k = 0; k < 2; k++) {
                    float x1 = -R + cell * (seg[4 * i + 2 * k] + 0.5f);
                    float x2 = R - cell * (seg[4 * i + 2 * k + 1] + 0.5f);
                    app_plane_to_plot(a, plot, x1, x2, &p[2 * k], &p[2 * k + 1]);
                }
                if (pass == 0)
                    ui_draw_line(ui, p[0], p[1], p[2], p[3], 5.0f * ui->scale, halo);
                else if (i % 3 != 2) /* every third piece left out: a ghost, not the map */
                    ui_draw_line(ui, p[0], p[1], p[2], p[3], 2.5f * ui->scale, ink);
            }
    }
    /* the caption: what is previewed, and how it ended */
    const char *name;
    char val[32], cap[2][160], num[32];
    knob_text(en, &name, val, sizeof val);
    snprintf(cap[0], sizeof cap[0], tr(STR_WHATIF_GHOST), name, val);
    int bad = en->have_res && en->res.diverged;
    if (bad)
        snprintf(cap[1], sizeof cap[1], tr(STR_WHATIF_GHOST_DIVERGED), (long long)en->res.steps);
    else if (en->have_res && en->res.steps == a->wh.target) {
        app_fmt_value(en->res.loss, num, sizeof num);
        snprintf(cap[1], sizeof cap[1], tr(STR_WHATIF_GHOST_LOSS), num);
    } else {
        int pct = a->wh.target > 0 ? (int)(100 * en->job.steps / a->wh.target) : 100;
        snprintf(cap[1], sizeof cap[1], tr(STR_WHATIF_GHOST_BUSY), pct);
    }
    int sm = ui_font(ui, UI_FONT_SMALL), cp = ui_px(ui, 4), chh = ui_text_height(ui, sm);
    char fit[2][160];
    int cw = 0;
    for (int k = 0; k < 2; k++) {
        app_fit_text(a, sm, k == 0, cap[k], plot.w - 4 * cp, fit[k], sizeof fit[k]);
        int w = ui_text_width(ui, sm, k == 0, fit[k]);
        cw = w > cw ? w : cw;
    }
    int cy = plot.y + plot.h - 2 * chh - 2 * cp;
    ui_draw_rect(ui, (ui_Rect){plot.x + cp, cy, cw + 2 * cp, 2 * chh + cp}, (ui_Color){255, 255, 255, 225});
    for (int k = 0; k < 2; k++)
        ui_draw_text(ui, sm, k == 0, plot.x + 2 * cp, cy + cp / 2 + k * chh, fit[k],
                     k == 1 && bad ? app_rgb(0xb03a2e) : ui->style.text);
    ui_unclip(ui);
}

void app_wh_free(app_State *a)
{
    for (int i = 0; i < APP_WH_CACHE; i++)
        entry_free(&a->wh.e[i]);
    app_ws_free(a);
}

/* A dashed polyline piece from (x0, y0) to (x1, y1); *phase carries the
 * pattern (8 px on, 5 off, at scale 1) from one piece to the next. */
static void dashed(ui_Context *ui, float x0, float y0, float x1, float y1, float width, ui_Color c,
                   float *phase)
{
    float on = 8.0f * ui->scale, period = 13.0f * ui->scale;
    float len = hypotf(x1 - x0, y1 - y0);
    float t = 0;
    /* what is left under a hundredth of a pixel is not drawn (see below) */
    while (len - t > 0.01f) {
        float p = fmodf(*phase, period);
        float run = p < on ? on - p : period - p;
        /* at least a hundredth of a pixel: a run of float rounding size
         * would move neither t nor *phase, and the loop would never end */
        if (run < 0.01f)
            run = 0.01f;
        if (run > len - t)
            run = len - t;
        if (p < on && run > 0) {
            float a0 = t / len, a1 = (t + run) / len;
            ui_draw_line(ui, x0 + (x1 - x0) * a0, y0 + (y1 - y0) * a0, x0 + (x1 - x0) * a1,
                         y0 + (y1 - y0) * a1, width, c);
        }
        t += run;
        *phase = fmodf(*phase + run, period); /* kept small, so a run always moves it */
        if (run <= 0)
            break;
    }
}

int app_wh_chart_range(const app_State *a, int log, double *lo, double *hi, double *e1)
{
    const app_WhEntry *en = app_wh_shown(a);
    if (!en || !en->job.s)
        return 0;
    const nn_Session *s = en->job.s;
    for (int64_t i = 0; i < s->n_history; i++) {
        double v = s->history[i].train_loss;
        if (isfinite(v) && (!log || v > 0)) {
            *lo = fmin(*lo, v);
            *hi = fmax(*hi, v);
        }
        *e1 = fmax(*e1, app_chart_x(&s->history[i], a->chart_x));
    }
    return 1;
}

void app_wh_draw_chart(app_State *a, const viz_Scale *sx, const viz_Scale *sy)
{
    const app_WhEntry *en = app_wh_shown(a);
    if (!en || !en->job.s)
        return;
    ui_Context *ui = &a->ui;
    const nn_Session *s = en->job.s;
    ui_Color ink = {32, 33, 36, 200};
    float width = 2.0f * ui->scale, phase = 0;
    float px = 0, py = 0;
    int have = 0;
    for (int64_t i = 0; i < s->n_history; i++) {
        double v = s->history[i].train_loss;
        if (!isfinite(v) || (sy->log && !(v > 0))) {
            have = 0;
            continue;
        }
        float x = viz_scale_map(sx, app_chart_x(&s->history[i], a->chart_x)), y = viz_scale_map(sy, v);
        if (have)
            dashed(ui, px, py, x, y, width, ink, &phase);
        px = x, py = y, have = 1;
    }
    if (have)
        ui_draw_circle(ui, px, py, 3.0f * ui->scale, ink, (ui_Color){255, 255, 255, 255});
}
