/* whatif_strip.c - the strip of small multiples over a hovered knob's range
 * (whatif_hover.h): while the pointer is on the learning rate, the
 * regularization rate, the noise or the batch size, eight values from one
 * end of the knob's range to the other are each re-trained from the run's
 * identical start to its current step, and their decision boundaries are
 * drawn side by side along the bottom of the network panel, so the class sees
 * "too small, right, too large, diverged" at a glance. The run is the one
 * the main view shows (app_focus), also when runs are compared. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

/* The values the strip spans for knob on experiment e: n, or 0 when the
 * knob does not apply (no regularization to rate, no noise to set). */
static int strip_values(int knob, const nn_Experiment *e, int64_t rows, float *v)
{
    static const float lr[APP_WS_N] = {1e-4f, 1e-3f, 0.01f, 0.03f, 0.1f, 0.3f, 1.0f, 10.0f};
    static const float reg[APP_WS_N] = {0.001f, 0.003f, 0.01f, 0.03f, 0.1f, 0.3f, 1.0f, 3.0f};
    static const float noise[APP_WS_N] = {0, 5, 10, 15, 20, 30, 40, 50};
    /* the batch slider's range: 1..30, or up to 256 on large sets */
    static const float batch_small[APP_WS_N] = {1, 2, 4, 8, 12, 16, 24, 30};
    static const float batch_large[APP_WS_N] = {4, 8, 16, 32, 64, 128, 192, 256};
    const float *src = NULL;
    switch (knob) {
    case APP_WH_LR: src = lr; break;
    case APP_WH_REG_RATE: src = e->reg != NN_REG_NONE ? reg : NULL; break;
    case APP_WH_NOISE: src = e->data.kind == NN_SRC_PLAYGROUND ? noise : NULL; break;
    case APP_WH_BATCH: src = rows > 1000 ? batch_large : batch_small; break;
    default: break;
    }
    if (!src)
        return 0;
    memcpy(v, src, sizeof(float) * APP_WS_N);
    return APP_WS_N;
}

/* e with the knob at value (the run's own value gives the run itself). */
static void spec_at(int knob, float value, nn_Experiment *e)
{
    switch (knob) {
    case APP_WH_LR: e->opt.lr = value; break;
    case APP_WH_REG_RATE: e->reg_rate = value; break;
    case APP_WH_NOISE: e->data.noise = value; break;
    case APP_WH_BATCH: e->batch_size = (int)value; break;
    default: break;
    }
}

static void strip_clear(app_State *a)
{
    app_WhatIfStrip *S = &a->wh.strip;
    for (int k = 0; k < APP_WS_N; k++) {
        app_whatif_job_free(&S->job[k]);
        if (S->tex[k] && a->plat)
            plat_texture_destroy(a->plat, S->tex[k]);
    }
    memset(S, 0, sizeof *S);
}

/* The plane's half side as the ghost uses it: the plot's largest coordinate. */
static float strip_radius(const app_State *a)
{
    const float *d = app_heat(a)->dom;
    float r = 0;
    for (int i = 0; i < 4; i++)
        r = fmaxf(r, fabsf(d[i]));
    return r > 0 ? r : 6.0f;
}

void app_ws_update(app_State *a, int knob)
{
    app_WhatIfStrip *S = &a->wh.strip;
    S->shown = 0;
    S->pending = 0;
    if (knob == APP_WH_NONE || !app_model(a))
        return;
    /* the run the main view shows: with runs compared, the one "Show" made
     * the main one, so the strip answers for the plot it is drawn over */
    const nn_Experiment *base = app_spec(a);
    const nn_Dataset *train = app_train(a);
    const void *data = knob == APP_WH_NOISE ? NULL : (const void *)train;
    int64_t data_n = data ? train->n : 0;
    if (S->knob != knob || S->data != data || S->data_n != data_n ||
        memcmp(&S->base, base, sizeof *base) != 0) {
        strip_clear(a);
        S->n = strip_values(knob, base, train->n, S->value);
        if (S->n == 0)
            return;
        S->knob = knob;
        S->base = *base;
        S->data = data;
        S->data_n = data_n;
    }
    if (S->n == 0)
        return;
    int64_t target = app_snap(a)->cursor.step;
    S->target = target;
    /* the frame's catch-up time left after the ghost (app_wh_update) */
    double deadline = a->wh.start + (a->wh.budget_s > 0 ? a->wh.budget_s : APP_WH_TIME_S);
    int evals = 0; /* pictures refreshed this frame: while the runs play every value
                      catches up each frame, and eight evaluations a frame would cost
                      more than their training; two a frame refresh the strip in four */
    char err[256];
    /* the first value always trains and is evaluated when there, so that
     * the strip moves every frame; the others while time is left */
    for (int tries = 0; tries < S->n && evals < 2 && (tries == 0 || plat_now() < deadline);
         tries++) {
        int k = S->next;
        app_WhatIfJob *j = &S->job[k];
        if (j->s && j->steps > target) { /* the timeline went back: start again */
            app_whatif_job_free(j);
            S->have[k] = 0;
        }
        if (!j->s) {
            nn_Experiment e = S->base;
            spec_at(knob, S->value[k], &e);
            nn_Dataset *tr = data ? (nn_Dataset *)app_train(a) : NULL;
            nn_Dataset *te = data ? (nn_Dataset *)app_test(a) : NULL;
            if (app_whatif_job_start(j, &e, tr, te, 0, err, sizeof err) != 0) {
                app_set_status(a, 1, "%s", err);
                strip_clear(a);
                return;
            }
        }
        int done = app_wh_advance_until(j, target, deadline, err, sizeof err);
        if (done < 0) {
            app_set_status(a, 1, "%s", err);
            strip_clear(a);
            return;
        }
        if (!done)
            break; /* the frame's time is spent: this value goes on next frame */
        if (!S->have[k] || S->res[k].steps != j->steps || S->res[k].diverged != j->diverged) {
            if (app_whatif_job_result(j, strip_radius(a), &S->res[k], err, sizeof err) != 0) {
                app_set_status(a, 1, "%s", err);
                strip_clear(a);
                return;
            }
            S->have[k] = 1;
            evals++;
        }
        S->next = (k + 1) % S->n;
    }
    /* a value short of the step keeps an idle window drawing */
    for (int k = 0; k < S->n; k++)
        if (!S->have[k] || (S->job[k].steps < target && !S->job[k].diverged))
            S->pending = 1;
    S->shown = 1;
}

/* The knob's value in the run's experiment, to mark its cell. */
static float own_value(int knob, const nn_Experiment *e)
{
    switch (knob) {
    case APP_WH_LR: return e->opt.lr;
    case APP_WH_REG_RATE: return e->reg_rate;
    case APP_WH_NOISE: return (float)e->data.noise;
    case APP_WH_BATCH: return (float)e->batch_size;
    default: return NAN;
    }
}

/* A value short enough for a cell: 1e-4, 0.001, 0.03, 30. */
static void value_text(float v, char *b, size_t len)
{
    double e = v > 0 ? log10((double)v) : 0;
    if (v > 0 && v < 0.001f && fabs(e - lround(e)) < 1e-6)
        snprintf(b, len, "1e%ld", lround(e));
    else
        snprintf(b, len, "%g", (double)v);
}

int app_ws_draw(app_State *a, ui_Rect plot)
{
    (void)plot;
    app_WhatIfStrip *S = &a->wh.strip;
    if (!S->shown || S->n == 0)
        return 0;
    ui_Context *ui = &a->ui;
    static const i18n_Id names[APP_WH_KNOBS] = {
        [APP_WH_NONE] = STR_HYPER_LR, [APP_WH_LR] = STR_HYPER_LR,
        [APP_WH_REG_RATE] = STR_HYPER_REG_RATE, [APP_WH_NOISE] = STR_DATA_NOISE,
        [APP_WH_BATCH] = STR_DATA_BATCH_SIZE};
    /* Along the bottom of the network panel, the widest room beside the
     * plot: the output plot is too narrow for eight readable pictures, and
     * the ghost on it must stay visible. Above the layers' menus. */
    ui_Rect net = a->lay.net;
    int sm = ui_font(ui, UI_FONT_SMALL), sth = ui_text_height(ui, sm);
    int pad = ui_px(ui, 6), gap = ui_px(ui, 6);
    int side = (net.w - 4 * pad - (S->n - 1) * gap) / S->n;
    if (side > ui_px(ui, 84))
        side = ui_px(ui, 84);
    if (side < ui_px(ui, 24))
        return 0; /* too narrow to show anything */
    int h = 2 * pad + sth + ui_px(ui, 2) + side + 2 * sth + ui_px(ui, 2);
    int w = 2 * pad + S->n * side + (S->n - 1) * gap;
    ui_Rect box = {net.x + (net.w - w) / 2, net.y + net.h - h - ui_px(ui, 44), w, h};
    if (box.y < net.y)
        return 0;
    ui_clip(ui, box);
    ui_draw_rect(ui, box, (ui_Color){255, 255, 255, 240});
    ui_draw_box(ui, box, ui->style.border, 1);
    char cap[200], fit[200];
    snprintf(cap, sizeof cap, tr(STR_WHATIF_STRIP), tr(names[S->knob]), (long long)S->target);
    app_fit_text(a, sm, 1, cap, box.w - 2 * pad, fit, sizeof fit);
    ui_draw_text(ui, sm, 1, box.x + pad, box.y + pad, fit, ui->style.text);
    enum { G = APP_WHATIF_GRID };
    float own = own_value(S->knob, &S->base);
    const nn_Model *m = app_model(a);
    int plane = app_train(a)->dim == 2 && nn_model_outputs(m) == 1;
    int y = box.y + pad + sth + ui_px(ui, 2);
    for (int k = 0; k < S->n; k++) {
        int x = box.x + pad + k * (side + gap);
        ui_Rect c = {x, y, side, side};
        const app_WhatIf *r = &S->res[k];
        int ready = S->have[k] && r->steps == S->target;
        ui_draw_rect(ui, c, ui->style.field);
        if (S->have[k] && r->diverged) {
            ui_draw_text_in(ui, c, sm, 1, tr(STR_CMP_DIVERGED_CELL), app_rgb(0xb03a2e), 0);
        } else if (ready && plane) {
            uint32_t px[G * G];
            for (int i = 0; i < G * G; i++)
                px[i] = viz_pack(viz_diverging_shaded(r->out[i]));
            if (!S->tex[k])
                S->tex[k] = plat_texture_create(a->plat, G, G, 0);
            if (S->tex[k]) {
                plat_texture_update(a->plat, S->tex[k], px, G);
                ui_draw_image(ui, S->tex[k], c);
            }
        }
        /* the value under the pointer framed bold, the run's own in bold type */
        int hovered = a->wh.frame_value == S->value[k];
        ui_draw_box(ui, c, hovered ? ui->style.accent : ui->style.border,
                    hovered ? ui_px(ui, 3) : 1);
        char v[32], l[32], lf[32];
        value_text(S->value[k], v, sizeof v);
        ui_draw_text_in(ui, (ui_Rect){x, y + side + ui_px(ui, 1), side, sth}, sm,
                        own == S->value[k], v, ui->style.text, 0);
        app_fmt_value(ready || (S->have[k] && r->diverged) ? r->loss : NAN, l, sizeof l);
        app_fit_text(a, sm, 0, l, side, lf, sizeof lf);
        ui_draw_text_in(ui, (ui_Rect){x, y + side + sth + ui_px(ui, 1), side, sth}, sm, 0, lf,
                        ui->style.text_muted, 0);
    }
    ui_unclip(ui);
    return h;
}

void app_ws_free(app_State *a)
{
    strip_clear(a);
}
