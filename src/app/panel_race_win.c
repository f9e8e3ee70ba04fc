/* panel_race_win.c - the optimizer race in the window (key O): the race
 * view over the whole window, a start point dragged with the mouse, and
 * sliders for the learning rate, momentum, beta_1, beta_2 and the bowl's
 * condition number that rerun every path at once (seven optimizers x 500
 * steps take about a millisecond: see nnviz-bench T5). The race is a
 * sandbox of its own: it never touches the runs, so it needs no commands. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/race_view.h"
#include "i18n/i18n.h"

#define RACE_WIN_STEPS 500


/* Learning rates that make every optimizer move visibly on every surface in
 * 500 steps; the slider scales them all. */
static const float default_lr[NN_OPT_COUNT] = {
    [NN_OPT_SGD] = 0.001f,    [NN_OPT_MOMENTUM] = 0.0005f, [NN_OPT_NESTEROV] = 0.0005f,
    [NN_OPT_ADAGRAD] = 0.3f,  [NN_OPT_RMSPROP] = 0.01f,    [NN_OPT_ADAM] = 0.05f,
    [NN_OPT_ADAMW] = 0.05f,
};

/* The sliders' values into the racers and surface, and every path rerun. */
static void apply(struct app_RaceWin *w)
{
    race_Racers r = w->base;
    for (int k = 0; k < r.n; k++) {
        nn_OptConfig *c = &r.cfg[k];
        c->lr = (float)(c->lr * exp2(w->lr_log2));
        if (c->kind == NN_OPT_MOMENTUM || c->kind == NN_OPT_NESTEROV)
            c->momentum = w->momentum;
        if (c->kind == NN_OPT_ADAM || c->kind == NN_OPT_ADAMW) {
            c->beta1 = w->beta1;
            c->beta2 = w->beta2;
        }
    }
    w->v.racers = r;
    w->v.surf.cond = w->cond;
    char err[256];
    app_race_recompute(&w->v, err, sizeof err); /* values stay in range: no failure to show */
}

static int open_race(app_State *a)
{
    struct app_RaceWin *w = calloc(1, sizeof *w);
    if (!w)
        return -1;
    char err[256];
    w->base.n = NN_OPT_COUNT;
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        nn_opt_config_default(&w->base.cfg[k], (nn_OptKind)k);
        w->base.cfg[k].lr = default_lr[k];
    }
    w->surf = RACE_SURF_ROSENBROCK;
    w->momentum = 0.9f;
    w->beta1 = 0.9f;
    w->beta2 = 0.999f;
    w->cond = 10.0f;
    race_Surface s = race_surface_default((race_SurfKind)w->surf);
    double x0, y0;
    race_surface_start(s.kind, &x0, &y0);
    if (app_race_init(&w->v, &s, &w->base, (float)x0, (float)y0, RACE_WIN_STEPS, err,
                      sizeof err) != 0) {
        free(w);
        return -1;
    }
    w->v.shown = 0; /* the race runs in */
    a->race = w;
    return 0;
}

void app_race_window_free(app_State *a)
{
    if (!a->race)
        return;
    app_race_free(&a->race->v, a->plat);
    free(a->race);
    a->race = NULL;
}

/* A caption and a slider below it in r; 1 when the value changed. */
static int slider(ui_Context *ui, ui_Rect r, ui_Id id, const char *caption, float *v, float lo,
                  float hi)
{
    int fs = ui_font(ui, UI_FONT_SMALL), sh = ui_text_height(ui, fs);
    ui_draw_text(ui, fs, 0, r.x, r.y, caption, ui->style.text_muted);
    ui_Rect s = {r.x, r.y + sh + ui_px(ui, 2), r.w, r.h - sh - ui_px(ui, 2)};
    return ui_slider_at(ui, id, s, v, lo, hi, 0.0f) & UI_RES_CHANGE;
}

/* The control strip: surface menu and sliders; 1 when something changed. */
static int controls(ui_Context *ui, ui_Rect c, struct app_RaceWin *w)
{
    int pad = ui_px(ui, 12), n = w->surf == RACE_SURF_BOWL ? 6 : 5;
    int cw = (c.w - pad * (n + 1)) / n;
    ui_Rect r = {c.x + pad, c.y + pad / 2, cw, c.h - pad};
    char buf[5][64];
    int changed = 0;
    const char *items[RACE_SURF_COUNT];
    for (int k = 0; k < RACE_SURF_COUNT; k++)
        items[k] = app_race_surface_text((race_SurfKind)k);
    int fs = ui_font(ui, UI_FONT_SMALL), sh = ui_text_height(ui, fs);
    ui_Rect d = {r.x, r.y + sh + ui_px(ui, 2), r.w, r.h - sh - ui_px(ui, 2)};
    int surf = w->surf;
    if (ui_dropdown_at(ui, ui_id_str(ui, "race-surface"), d, &surf, items, RACE_SURF_COUNT) &
        UI_RES_CHANGE) {
        w->surf = surf;
        changed = 2; /* a new surface: a new box and start */
    }
    r.x += cw + pad;
    float f = (float)exp2(w->lr_log2);
    snprintf(buf[0], sizeof buf[0], tr(STR_RACE_LR_SCALE), (double)f);
    changed |= slider(ui, r, ui_id_str(ui, "race-lr"), buf[0], &w->lr_log2, -4.0f, 4.0f);
    r.x += cw + pad;
    snprintf(buf[1], sizeof buf[1], tr(STR_RACE_MOMENTUM), (double)w->momentum);
    changed |= slider(ui, r, ui_id_str(ui, "race-momentum"), buf[1], &w->momentum, 0.0f, 0.99f);
    r.x += cw + pad;
    snprintf(buf[2], sizeof buf[2], tr(STR_RACE_BETA1), (double)w->beta1);
    changed |= slider(ui, r, ui_id_str(ui, "race-beta1"), buf[2], &w->beta1, 0.0f, 0.99f);
    r.x += cw + pad;
    snprintf(buf[3], sizeof buf[3], tr(STR_RACE_BETA2), (double)w->beta2);
    changed |= slider(ui, r, ui_id_str(ui, "race-beta2"), buf[3], &w->beta2, 0.9f, 0.9999f);
    if (w->surf == RACE_SURF_BOWL) {
        r.x += cw + pad;
        snprintf(buf[4], sizeof buf[4], tr(STR_RACE_COND_SLIDER), (double)w->cond);
        changed |= slider(ui, r, ui_id_str(ui, "race-cond"), buf[4], &w->cond, 1.0f, 100.0f);
    }
    return changed;
}

void app_panel_race_window(app_State *a)
{
    ui_Context *ui = &a->ui;
    int typing = ui->text_focus || a->edit.active;
    if (!typing && ui_key_pressed(ui, 'o', 0)) {
        if (!a->race && open_race(a) != 0)
            return;
        a->race->open = !a->race->open;
        if (a->race->open)
            a->race->v.shown = 0;
    }
    struct app_RaceWin *w = a->race;
    if (!w || !w->open)
        return;
    if (ui_key_pressed(ui, UI_KEY_ESCAPE, -1))
        w->open = 0;
    if (!w->open)
        return;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui->in_overlay = 1;
    ui_Rect all = {0, 0, ui->width, ui->height};
    ui_draw_rect(ui, all, ui->style.bg);
    int strip = ui_px(ui, 72), fs = ui_font(ui, UI_FONT_SMALL);
    ui_Rect area = {0, 0, ui->width, ui->height - strip};
    ui_Rect strip_r = {0, ui->height - strip, ui->width, strip};
    int changed = controls(ui, strip_r, w);
    if (changed & 2) {
        race_Surface s = race_surface_default((race_SurfKind)w->surf);
        double x0, y0;
        race_surface_start(s.kind, &x0, &y0);
        w->v.surf = s;
        race_surface_view(s.kind, w->v.box);
        w->v.start_x = (float)x0;
        w->v.start_y = (float)y0;
        w->v.shown = 0;
    }
    /* the start point: pressed in the plot, it follows the mouse */
    ui_Rect P = app_race_plot_rect(ui, area);
    int mx = ui->in.mouse_x, my = ui->in.mouse_y;
    if (P.w > 0 && ui_mouse_pressed(ui, UI_MOUSE_LEFT) && ui_rect_contains(P, mx, my) &&
        !ui->popup)
        w->dragging = 1;
    if (!(ui->in.mouse_down & UI_MOUSE_LEFT))
        w->dragging = 0;
    if (w->dragging && P.w > 0) {
        double fx = (double)(mx - P.x) / P.w, fy = (double)(my - P.y) / P.h;
        fx = fx < 0 ? 0 : fx > 1 ? 1 : fx;
        fy = fy < 0 ? 0 : fy > 1 ? 1 : fy;
        w->v.start_x = (float)(w->v.box[0] + fx * (w->v.box[1] - w->v.box[0]));
        w->v.start_y = (float)(w->v.box[3] - fy * (w->v.box[3] - w->v.box[2]));
        changed |= 1;
    }
    if (changed) {
        apply(w);
        if (!(changed & 2))
            w->v.shown = w->v.steps; /* Distill's instant redraw */
    } else if (w->v.shown < w->v.steps) {
        int step = w->v.steps / 90;
        w->v.shown += step > 0 ? step : 1; /* the race runs in over about 1.5 s */
        if (w->v.shown > w->v.steps)
            w->v.shown = w->v.steps;
    }
    app_race_draw(ui, a->plat, area, &w->v);
    int tw = ui_text_width(ui, fs, 0, tr(STR_RACE_WIN_HINT));
    ui_draw_text(ui, fs, 0, area.x + area.w - tw - ui_px(ui, 16), ui_px(ui, 20),
                 tr(STR_RACE_WIN_HINT), ui->style.text_muted);
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
    /* the panels below see no mouse while the race is open */
    ui->in.mouse_pressed = 0;
    ui->in.mouse_released = 0;
    ui->in.mouse_down = 0;
    ui->in.wheel = 0;
    ui->in.mouse_x = ui->in.mouse_y = -1000;
}

/* A lesson's VIEW race: the window opened on surface surf (-1: as it is),
 * from (x0, y0) when has_start. */
void app_race_window_show(app_State *a, int surf, int has_start, float x0, float y0)
{
    if (!a->race && open_race(a) != 0)
        return;
    struct app_RaceWin *w = a->race;
    w->open = 1;
    w->v.shown = 0;
    if (surf >= 0) {
        double x, y;
        race_Surface s = race_surface_default((race_SurfKind)surf);
        w->surf = surf;
        race_surface_start(s.kind, &x, &y);
        w->v.surf = s;
        race_surface_view(s.kind, w->v.box);
        w->v.start_x = (float)x;
        w->v.start_y = (float)y;
    }
    if (has_start) {
        w->v.start_x = x0;
        w->v.start_y = y0;
    }
    apply(w);
}
