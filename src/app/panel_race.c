/* panel_race.c - the optimizer race drawn: the surface as a banded heatmap
 * with contours, an arrow field pointing downhill, each optimizer's path in
 * its own colour-blind-safe colour, and a legend with step counters and
 * current values. State and paths live in race_view.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plot_field.h"
#include "app/race_view.h"
#include "i18n/i18n.h"

static const i18n_Id surf_text[RACE_SURF_COUNT] = {
    STR_SURF_BOWL, STR_SURF_ROSENBROCK, STR_SURF_BEALE,
    STR_SURF_SADDLE, STR_SURF_HIMMELBLAU, STR_SURF_CLIFF,
};

/* Plot mapping: surface coordinates to pixels in P (y up). */
static float px_x(const app_RaceView *v, ui_Rect P, double x)
{
    return (float)(P.x + (x - v->box[0]) / (v->box[1] - v->box[0]) * P.w);
}

static float px_y(const app_RaceView *v, ui_Rect P, double y)
{
    return (float)(P.y + P.h - (y - v->box[2]) / (v->box[3] - v->box[2]) * P.h);
}

/* The heatmap texture at P's size, redrawn when the size, the box or the
 * surface changed. 0 on success. */
static int ensure_texture(plat_Ctx *p, app_RaceView *v, ui_Rect P)
{
    int same = v->tex && v->tex_w == P.w && v->tex_h == P.h &&
               memcmp(v->tex_box, v->box, sizeof v->box) == 0 &&
               v->tex_surf.kind == v->surf.kind && v->tex_surf.cond == v->surf.cond;
    if (same)
        return 0;
    if (v->tex_w != P.w || v->tex_h != P.h || !v->tex) {
        if (v->tex)
            plat_texture_destroy(p, v->tex);
        free(v->px);
        free(v->val);
        v->px = malloc((size_t)P.w * P.h * sizeof *v->px);
        v->val = malloc((size_t)P.w * P.h * sizeof *v->val);
        v->tex = v->px && v->val ? plat_texture_create(p, P.w, P.h, 0) : 0;
        if (!v->tex)
            return -1;
        v->tex_w = P.w;
        v->tex_h = P.h;
    }
    for (int y = 0; y < P.h; y++) {
        double sy = v->box[3] - (y + 0.5) / P.h * (v->box[3] - v->box[2]);
        for (int x = 0; x < P.w; x++) {
            double sx = v->box[0] + (x + 0.5) / P.w * (v->box[1] - v->box[0]);
            v->val[(size_t)y * P.w + x] = (float)race_surface_f(&v->surf, sx, sy);
        }
    }
    float lo, hi;
    plot_field_range(v->val, P.w * P.h, &lo, &hi);
    plot_field_fill(v->px, v->val, P.w, P.h, lo, hi, 1);
    plat_texture_update(p, v->tex, v->px, P.w);
    memcpy(v->tex_box, v->box, sizeof v->box);
    v->tex_surf = v->surf;
    return 0;
}

/* Arrows of -grad f on a grid: direction always, length by log magnitude. */
static void draw_arrows(ui_Context *ui, app_RaceView *v, ui_Rect P)
{
    const int n = 17;
    double gmax = 0;
    double g[17][17][2];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double x = v->box[0] + (j + 0.5) / n * (v->box[1] - v->box[0]);
            double y = v->box[2] + (i + 0.5) / n * (v->box[3] - v->box[2]);
            race_surface_grad(&v->surf, x, y, &g[i][j][0], &g[i][j][1]);
            double m = hypot(g[i][j][0], g[i][j][1]);
            if (isfinite(m))
                gmax = fmax(gmax, m);
        }
    }
    float cell = (float)P.w / n;
    ui_Color c = {40, 44, 52, 150};
    float lw = fmaxf(1.0f, (float)ui_px(ui, 1.2f));
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            /* pixel direction: y grows downwards, and the box may not be square */
            double dx = -g[i][j][0] * P.w / (v->box[1] - v->box[0]);
            double dy = g[i][j][1] * P.h / (v->box[3] - v->box[2]);
            double m = hypot(dx, dy), gm = hypot(g[i][j][0], g[i][j][1]);
            if (!(m > 0) || !isfinite(m) || !(gmax > 0))
                continue;
            double len = cell * (0.25 + 0.5 * log1p(gm) / log1p(gmax));
            float cx = P.x + (j + 0.5f) * cell, cy = P.y + P.h - (i + 0.5f) * ((float)P.h / n);
            float ux = (float)(dx / m), uy = (float)(dy / m);
            float x0 = cx - ux * (float)len / 2, y0 = cy - uy * (float)len / 2;
            float x1 = cx + ux * (float)len / 2, y1 = cy + uy * (float)len / 2;
            float hl = fminf((float)len * 0.45f, cell * 0.22f);
            ui_draw_line(ui, x0, y0, x1 - ux * hl * 0.6f, y1 - uy * hl * 0.6f, lw, c);
            ui_draw_tri(ui, x1, y1, x1 - ux * hl - uy * hl * 0.5f, y1 - uy * hl + ux * hl * 0.5f,
                        x1 - ux * hl + uy * hl * 0.5f, y1 - uy * hl - ux * hl * 0.5f, c);
        }
    }
}

static void draw_paths(ui_Context *ui, app_RaceView *v, ui_Rect P)
{
    /* earlier racers wider, so a later one on the same track leaves a rim */
    for (int k = 0; k < v->racers.n; k++) {
        const race_Path *path = v->path[k];
        ui_Color c = plot_path_color((int)v->racers.cfg[k].kind);
        float w = (float)ui_px(ui, 1.0f) * (4.0f - 2.2f * k / (float)RACE_MAX_RACERS);
        int last = path->n - 1 < v->shown ? path->n - 1 : v->shown;
        for (int t = 0; t < last; t++) {
            float x0 = px_x(v, P, path->x[t]), y0 = px_y(v, P, path->y[t]);
            float x1 = px_x(v, P, path->x[t + 1]), y1 = px_y(v, P, path->y[t + 1]);
            /* a segment far outside the plot is left out: clipping draws the
             * rest, and huge coordinates would overflow the renderer */
            if (fabsf(x0) > 1e6f || fabsf(y0) > 1e6f || fabsf(x1) > 1e6f || fabsf(y1) > 1e6f)
                break;
            ui_draw_line(ui, x0, y0, x1, y1, w, c);
        }
        if (last >= 0) {
            float ex = px_x(v, P, path->x[last]), ey = px_y(v, P, path->y[last]);
            if (fabsf(ex) < 1e6f && fabsf(ey) < 1e6f)
                ui_draw_circle(ui, ex, ey, (float)ui_px(ui, 5.0f), c,
                               (ui_Color){255, 255, 255, 255});
        }
    }
}

static void draw_marks(ui_Context *ui, app_RaceView *v, ui_Rect P)
{
    double m[8][2];
    int n = race_surface_minima(&v->surf, m, 8);
    float s = (float)ui_px(ui, 7.0f), lw = (float)ui_px(ui, 2.5f);
    ui_Color dark = {20, 20, 20, 255};
    for (int k = 0; k < n && k < 8; k++) {
        float x = px_x(v, P, m[k][0]), y = px_y(v, P, m[k][1]);
        ui_draw_line(ui, x - s, y - s, x + s, y + s, lw, dark);
        ui_draw_line(ui, x - s, y + s, x + s, y - s, lw, dark);
    }
    ui_draw_circle(ui, px_x(v, P, v->start_x), px_y(v, P, v->start_y), (float)ui_px(ui, 7.0f),
                   (ui_Color){255, 255, 255, 255}, dark);
}

static void draw_legend(ui_Context *ui, app_RaceView *v, ui_Rect L)
{
    const ui_Style *st = &ui->style;
    int fb = ui_font(ui, UI_FONT_BASE), fs = ui_font(ui, UI_FONT_SMALL);
    int lh = ui_text_height(ui, fb), sh = ui_text_height(ui, fs), pad = ui_px(ui, 8);
    int y = L.y;
    char buf[160];
    ui_draw_text(ui, fb, 1, L.x, y, tr(STR_RACE_OPTIMIZERS), st->text);
    y += lh + pad;
    for (int k = 0; k < v->racers.n; k++) {
        const race_Path *path = v->path[k];
        const nn_OptConfig *c = &v->racers.cfg[k];
        ui_Color col = plot_path_color((int)c->kind);
        int sw = ui_px(ui, 26);
        ui_draw_line(ui, (float)L.x, (float)(y + lh / 2), (float)(L.x + sw), (float)(y + lh / 2),
                     (float)ui_px(ui, 4.0f), col);
        ui_draw_text(ui, fb, 1, L.x + sw + pad, y, nn_opt_name(c->kind), st->text);
        snprintf(buf, sizeof buf, tr(STR_RACE_LR), (double)c->lr);
        ui_draw_text(ui, fs, 0, L.x + L.w - ui_text_width(ui, fs, 0, buf), y + (lh - sh) / 2, buf,
                     st->text_muted);
        y += lh;
        int last = path->n - 1 < v->shown ? path->n - 1 : v->shown;
        if (v->status[k] == NN_DIVERGED && last == path->n - 1) {
            snprintf(buf, sizeof buf, tr(STR_RACE_DIVERGED), path->n);
            ui_draw_text(ui, fs, 0, L.x + sw + pad, y, buf, (ui_Color){180, 60, 0, 255});
        } else {
            char b2[64];
            snprintf(buf, sizeof buf, tr(STR_RACE_STEP), last);
            snprintf(b2, sizeof b2, tr(STR_RACE_VALUE), (double)path->f[last]);
            ui_draw_text(ui, fs, 0, L.x + sw + pad, y, buf, st->text_muted);
            ui_draw_text(ui, fs, 0, L.x + L.w - ui_text_width(ui, fs, 0, b2), y, b2, st->text);
        }
        y += sh + pad;
    }
    y += pad;
    snprintf(buf, sizeof buf, tr(STR_RACE_START), (double)v->start_x, (double)v->start_y);
    ui_draw_text(ui, fs, 0, L.x, y, buf, st->text_muted);
    y += sh;
    if (v->surf.kind == RACE_SURF_BOWL) {
        snprintf(buf, sizeof buf, tr(STR_RACE_COND), v->surf.cond);
        ui_draw_text(ui, fs, 0, L.x, y, buf, st->text_muted);
        y += sh;
    }
    /* the minimum's mark, explained */
    float s = (float)ui_px(ui, 5.0f), cx = (float)L.x + s, cy = (float)y + sh / 2.0f;
    ui_Color dark = {20, 20, 20, 255};
    if (v->surf.kind != RACE_SURF_SADDLE) {
        ui_draw_line(ui, cx - s, cy - s, cx + s, cy + s, (float)ui_px(ui, 2.0f), dark);
        ui_draw_line(ui, cx - s, cy + s, cx + s, cy - s, (float)ui_px(ui, 2.0f), dark);
        ui_draw_text(ui, fs, 0, L.x + (int)(3 * s), y, tr(STR_RACE_MINIMUM), st->text_muted);
        y += sh;
    }
    y += pad;
    plot_text_wrapped(ui, fs, L.x, y, L.w, L.y + L.h, tr(STR_RACE_ARROWS), st->text_muted);
}

static void draw_axes(ui_Context *ui, app_RaceView *v, ui_Rect P)
{
    int fs = ui_font(ui, UI_FONT_SMALL), sh = ui_text_height(ui, fs), pad = ui_px(ui, 4);
    ui_Color c = ui->style.text_muted;
    char buf[32];
    snprintf(buf, sizeof buf, "%.3g", v->box[0]);
    ui_draw_text(ui, fs, 0, P.x, P.y + P.h + pad, buf, c);
    snprintf(buf, sizeof buf, "%.3g", v->box[1]);
    ui_draw_text(ui, fs, 0, P.x + P.w - ui_text_width(ui, fs, 0, buf), P.y + P.h + pad, buf, c);
    snprintf(buf, sizeof buf, "%.3g", v->box[3]);
    ui_draw_text(ui, fs, 0, P.x - pad - ui_text_width(ui, fs, 0, buf), P.y, buf, c);
    snprintf(buf, sizeof buf, "%.3g", v->box[2]);
    ui_draw_text(ui, fs, 0, P.x - pad - ui_text_width(ui, fs, 0, buf), P.y + P.h - sh, buf, c);
    ui_draw_text(ui, fs, 1, P.x + P.w / 2, P.y + P.h + pad, tr(STR_RACE_AXIS_X), c);
    const char *ylab = tr(STR_RACE_AXIS_Y);
    ui_draw_text(ui, fs, 1, P.x - pad - ui_text_width(ui, fs, 1, ylab), P.y + P.h / 2 - sh / 2,
                 ylab, c);
}

/* The layout of the view in r: the square plot P and the legend column. */
static int race_layout(ui_Context *ui, ui_Rect r, ui_Rect *P, ui_Rect *L)
{
    int ft = ui_font(ui, UI_FONT_BIG), pad = ui_px(ui, 16);
    int th = ui_text_height(ui, ft), fs = ui_font(ui, UI_FONT_SMALL);
    int legend_w = ui_px(ui, 300);
    if (legend_w > r.w * 3 / 10)
        legend_w = r.w * 3 / 10; /* a presenter zoom on a small window: the plot keeps room */
    int axis_w = ui_text_width(ui, fs, 0, "-0.000") + pad;
    int top = r.y + 2 * pad + th;
    int avail_h = r.y + r.h - top - pad - ui_text_height(ui, fs) - pad;
    int avail_w = r.w - legend_w - 3 * pad - axis_w;
    int side = avail_h < avail_w ? avail_h : avail_w;
    if (side < 64)
        return -1;
    *P = (ui_Rect){r.x + pad + axis_w, top, side, side};
    *L = (ui_Rect){P->x + P->w + 2 * pad, top, legend_w, r.y + r.h - pad - top};
    return 0;
}

ui_Rect app_race_plot_rect(ui_Context *ui, ui_Rect r)
{
    ui_Rect P = {0, 0, 0, 0}, L;
    race_layout(ui, r, &P, &L);
    return P;
}

void app_race_draw(ui_Context *ui, plat_Ctx *p, ui_Rect r, app_RaceView *v)
{
    int ft = ui_font(ui, UI_FONT_BIG), pad = ui_px(ui, 16);
    char buf[200];
    snprintf(buf, sizeof buf, tr(STR_RACE_TITLE), tr(surf_text[v->surf.kind % RACE_SURF_COUNT]));
    ui_draw_text(ui, ft, 1, r.x + pad, r.y + pad, buf, ui->style.text);
    ui_Rect P, L;
    if (race_layout(ui, r, &P, &L) != 0)
        return;
    if (ensure_texture(p, v, P) == 0)
        ui_draw_image(ui, v->tex, P);
    ui_clip(ui, P);
    draw_arrows(ui, v, P);
    draw_marks(ui, v, P);
    draw_paths(ui, v, P);
    ui_unclip(ui);
    ui_draw_box(ui, P, ui->style.border, 1);
    draw_axes(ui, v, P);
    draw_legend(ui, v, L);
}

const char *app_race_surface_text(race_SurfKind kind)
{
    return tr(surf_text[(unsigned)kind % RACE_SURF_COUNT]);
}
