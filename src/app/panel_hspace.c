/* panel_hspace.c - a hidden layer's space in the output plot (key W).
 *
 * The plot shows where the data and a grid of the input plane land in the
 * space of two neurons of one hidden layer (core/hidden_space.h). Four
 * buttons move the picture through the layer's steps, x → x·W → x·W + b →
 * f(x·W + b), animated so the class sees the plane turned, shifted and
 * folded; while stepping through a batch the animation plays when the
 * forward phase reaches the layer. The layer and the first neuron follow
 * the inspected neuron; the second is the one after it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

#define HS_STAGES_PER_S 1.6f  /* animation speed: stages per second */

/* The hidden layers of the focused run, and whether its data is on the plane. */
static int hidden_layers(const app_State *a)
{
    return app_model(a)->arch.n_layers - 1;
}

void app_lspace_follow(app_State *a)
{
    const nn_Arch *ar = &app_model(a)->arch;
    int nh = hidden_layers(a);
    if (nh < 1)
        return;
    int moved = 0;
    if (a->core.inspect.active && a->core.inspect.layer < nh &&
        (a->core.inspect.layer != a->hsp.layer || a->core.inspect.unit != a->hsp.u1)) {
        a->hsp.layer = a->core.inspect.layer;
        a->hsp.u1 = a->core.inspect.unit;
        moved = 1;
    }
    if (a->hsp.layer < 0 || a->hsp.layer >= nh)
        a->hsp.layer = 0;
    int units = ar->sizes[a->hsp.layer + 1];
    if (a->hsp.u1 < 0 || a->hsp.u1 >= units)
        a->hsp.u1 = 0;
    /* the second neuron: the one after the first, unless one was chosen */
    if (moved || a->hsp.u2 < 0 || a->hsp.u2 >= units || (a->hsp.u2 == a->hsp.u1 && units > 1))
        a->hsp.u2 = units > 1 ? (a->hsp.u1 + 1) % units : a->hsp.u1;
}

void app_lspace_toggle(app_State *a)
{
    if (a->hsp.on) {
        a->hsp.on = 0;
        return;
    }
    if (app_view_of(a) != APP_VIEW_PLANE || hidden_layers(a) < 1) {
        app_set_status(a, 1, "%s", tr(STR_HS_UNAVAILABLE));
        return;
    }
    a->hsp.on = 1;
    a->hsp.seen_pos = 0;
    a->hsp.u2 = -1;
    app_lspace_follow(a);
    /* opening plays the layer's steps once, from the plane */
    a->hsp.t = 0.0f;
    a->hsp.target = (float)(APP_HS_STAGES - 1);
    a->hsp.t_time = a->now;
}

/* Moves t towards the target at the animation's speed. */
static void animate(app_State *a)
{
    double dt = a->now - a->hsp.t_time;
    a->hsp.t_time = a->now;
    if (!(dt > 0.0) || dt > 0.25)
        dt = 1.0 / 60.0; /* a stalled frame does not jump the picture */
    float step = HS_STAGES_PER_S * (float)dt;
    if (a->hsp.t < a->hsp.target)
        a->hsp.t = fminf(a->hsp.target, a->hsp.t + step);
    else if (a->hsp.t > a->hsp.target)
        a->hsp.t = fmaxf(a->hsp.target, a->hsp.t - step);
}

/* Stepping through a batch: when the forward phase has just computed the
 * shown layer, play its steps from the plane. */
static void follow_phases(app_State *a)
{
    const app_Snap *s = app_snap(a);
    /* seen_pos holds the position + 1; 0: not looked yet (just opened): note
     * where stepping is without playing, the opening plays already */
    int64_t pos = s->cursor.step * 64 + s->cursor.phase + 1;
    if (pos == a->hsp.seen_pos)
        return;
    int first = a->hsp.seen_pos == 0;
    a->hsp.seen_pos = pos;
    if (first || !app_step_on(a))
        return;
    if (s->last_phase.kind == NN_PHASE_FORWARD && s->last_phase.layer == a->hsp.layer) {
        a->hsp.t = 0.0f;
        a->hsp.target = (float)(APP_HS_STAGES - 1);
    }
}

static void map_pt(const float lo[2], const float hi[2], ui_Rect plot, float x, float y, float *px,
                   float *py)
{
    *px = (float)plot.x + (x - lo[0]) / (hi[0] - lo[0]) * (float)plot.w;
    *py = (float)(plot.y + plot.h) - (y - lo[1]) / (hi[1] - lo[1]) * (float)plot.h;
}

/* The warped grid: lines of constant x₂ in one grey, of constant x₁ in a
 * darker one, so the two families stay apart however the map folds them;
 * the plane's axes (x₁ = 0, x₂ = 0) drawn stronger. */
static void draw_grid(app_State *a, ui_Rect plot, const float lo[2], const float hi[2])
{
    ui_Context *ui = &a->ui;
    const app_HSpace *h = &a->hsp.hs;
    float w = fmaxf(1.0f, a->scale);
    for (int line = 0; line < 2 * APP_HS_LINES; line++) {
        int vertical = line >= APP_HS_LINES;
        int mid = (line % APP_HS_LINES) == APP_HS_LINES / 2;
        ui_Color c = mid ? app_rgb(0x5f6368) : vertical ? app_rgb(0xb0b4ba) : app_rgb(0xcfd2d6);
        float lw = mid ? 1.6f * w : w;
        float px0 = 0, py0 = 0;
        for (int k = 0; k < APP_HS_SEG; k++) {
            float x, y, px, py;
            app_hspace_at(h, 0, line * APP_HS_SEG + k, a->hsp.t, &x, &y);
            map_pt(lo, hi, plot, x, y, &px, &py);
            if (k > 0)
                ui_draw_line(ui, px0, py0, px, py, lw, c);
            px0 = px;
            py0 = py;
        }
    }
}

/* The stage buttons along the plot's top edge (two rows when it is
 * narrow); a click animates to that step. */
static void stage_buttons(app_State *a, ui_Rect plot)
{
    ui_Context *ui = &a->ui;
    static const i18n_Id names[APP_HS_STAGES] = {STR_HS_STAGE_PLANE, STR_HS_STAGE_LINEAR,
                                                 STR_HS_STAGE_BIASED, STR_HS_STAGE_ACT};
    int sm = ui_font(ui, UI_FONT_SMALL), pad = ui_px(ui, 4);
    int bh = ui_text_height(ui, sm) + 2 * pad;
    int x = plot.x + pad, y = plot.y + pad;
    int cur = (int)lroundf(a->hsp.target);
    int saved = ui->widget_font;
    ui->widget_font = UI_FONT_SMALL;
    for (int s = 0; s < APP_HS_STAGES; s++) {
        const char *label = tr(names[s]);
        int bw = ui_text_width(ui, sm, 0, label) + 3 * pad;
        if (x + bw > plot.x + plot.w - pad && x > plot.x + pad) {
            x = plot.x + pad; /* a narrow plot: the next steps on a second row */
            y += bh + pad;
        }
        ui_Rect r = {x, y, bw, bh};
        int key[2] = {0x4853, s}; /* "HS" and the step: an id of its own per button */
        if (ui_button_at(ui, ui_id(ui, key, (int)sizeof key), r, label, s == cur ? UI_OPT_SELECTED : 0)) {
            a->hsp.target = (float)s;
            a->hsp.t_time = a->now;
        }
        if (ui_mouse_over(ui, r))
            ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tr(STR_HS_TIP_STAGE));
        x += bw + pad;
    }
    ui->widget_font = saved;
}

/* The caption in the plot's corner: which neuron each axis is (the layer
 * is the panel's title). */
static void caption(app_State *a, ui_Rect plot)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL), pad = ui_px(ui, 4);
    char cap[160];
    snprintf(cap, sizeof cap, tr(STR_HS_AXES), a->hsp.u1 + 1, a->hsp.u2 + 1);
    int th = ui_text_height(ui, sm);
    int y = plot.y + plot.h - th - 2 * pad;
    int cw = ui_text_width(ui, sm, 1, cap);
    if (cw > plot.w - 2 * pad) {
        char fit[160];
        app_fit_text(a, sm, 1, cap, plot.w - 4 * pad, fit, sizeof fit);
        snprintf(cap, sizeof cap, "%s", fit);
        cw = ui_text_width(ui, sm, 1, cap);
    }
    ui_draw_rect(ui, (ui_Rect){plot.x + pad, y - pad / 2, cw + 2 * pad, th + pad},
                 (ui_Color){255, 255, 255, 225});
    ui_draw_text(ui, sm, 1, plot.x + 2 * pad, y, cap, ui->style.text);
}

/* The numbers at the ends of both axes: the box moves, so they say what
 * the square spans at this moment. */
static void axis_ends(app_State *a, ui_Rect plot, const float lo[2], const float hi[2])
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, sm);
    char b[24];
    snprintf(b, sizeof b, "%.3g", (double)lo[0]);
    ui_draw_text(ui, sm, 0, plot.x, plot.y + plot.h + ui_px(ui, 2), b, ui->style.text_muted);
    snprintf(b, sizeof b, "%.3g", (double)hi[0]);
    ui_draw_text(ui, sm, 0, plot.x + plot.w - ui_text_width(ui, sm, 0, b), plot.y + plot.h + ui_px(ui, 2), b,
                 ui->style.text_muted);
    snprintf(b, sizeof b, "%.3g", (double)lo[1]);
    ui_draw_text(ui, sm, 0, plot.x - ui_text_width(ui, sm, 0, b) - ui_px(ui, 5), plot.y + plot.h - th, b,
                 ui->style.text_muted);
    snprintf(b, sizeof b, "%.3g", (double)hi[1]);
    ui_draw_text(ui, sm, 0, plot.x - ui_text_width(ui, sm, 0, b) - ui_px(ui, 5), plot.y, b,
                 ui->style.text_muted);
}

int app_lspace_plot(app_State *a, ui_Rect plot)
{
    if (!a->hsp.on)
        return 0;
    ui_Context *ui = &a->ui;
    if (app_view_of(a) != APP_VIEW_PLANE || hidden_layers(a) < 1) {
        a->hsp.on = 0; /* the network or the data changed under it */
        return 0;
    }
    app_lspace_follow(a);
    follow_phases(a);
    char err[160];
    const nn_Dataset *d = app_train(a);
    if (app_hspace_compute(&a->hsp.hs, app_model(a), d->dim == 2 ? app_spec(a)->data.features : 0,
                           app_heat(a)->dom, d, a->hsp.layer, a->hsp.u1, a->hsp.u2, err,
                           sizeof err) != 0) {
        app_set_status(a, 1, "%s", err);
        a->hsp.on = 0;
        return 0;
    }
    animate(a);
    float lo[2], hi[2];
    app_hspace_box(&a->hsp.hs, a->hsp.t, lo, hi);
    ui_draw_rect(ui, plot, app_rgb(0xfbfbfb));
    ui_clip(ui, plot);
    draw_grid(a, plot, lo, hi);
    float rad = app_point_radius(a, plot);
    for (int i = 0; i < a->hsp.hs.n_points; i++) {
        float x, y, px, py;
        app_hspace_at(&a->hsp.hs, 1, i, a->hsp.t, &x, &y);
        map_pt(lo, hi, plot, x, y, &px, &py);
        ui_draw_circle(ui, px, py, rad, app_point_color(d, i), (ui_Color){255, 255, 255, 255});
    }
    stage_buttons(a, plot);
    caption(a, plot);
    ui_unclip(ui);
    ui_draw_box(ui, plot, ui->style.focus, ui_px(ui, 2));
    axis_ends(a, plot, lo, hi);
    return 1;
}

void app_lspace_free(app_State *a)
{
    app_hspace_free(&a->hsp.hs);
}
