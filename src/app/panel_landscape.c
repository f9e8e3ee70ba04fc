/* panel_landscape.c - the network's loss landscape drawn: a 2-D slice
 * through the current weights as contours with the training trajectory
 * projected on it, and the loss along the line from the initial to the
 * current weights (Goodfellow et al. 2015). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/landscape_view.h"
#include "app/plot_field.h"
#include "i18n/i18n.h"

void app_landscape_free(app_LandscapeView *v, plat_Ctx *p)
{
    if (v->tex && p)
        plat_texture_destroy(p, v->tex);
    v->tex = 0;
    free(v->px);
    free(v->val);
    v->px = NULL;
    v->val = NULL;
}

/* Bilinear value of the (ny, nx) grid at fractional column u, row w. */
static float grid_at(const float *g, int nx, int ny, double u, double w)
{
    int c = (int)u, r = (int)w;
    if (c >= nx - 1)
        c = nx - 2;
    if (r >= ny - 1)
        r = ny - 2;
    double fu = u - c, fw = w - r;
    const float *p = g + (size_t)r * nx + c;
    return (float)((1 - fw) * ((1 - fu) * p[0] + fu * p[1]) +
                   fw * ((1 - fu) * p[nx] + fu * p[nx + 1]));
}

static int ensure_texture(plat_Ctx *p, app_LandscapeView *v, ui_Rect P)
{
    const race_Slice *S = v->slice;
    if (v->tex && v->tex_w == P.w && v->tex_h == P.h && v->tex_slice == S)
        return 0;
    if (!v->tex || v->tex_w != P.w || v->tex_h != P.h) {
        app_landscape_free(v, p);
        v->px = malloc((size_t)P.w * P.h * sizeof *v->px);
        v->val = malloc((size_t)P.w * P.h * sizeof *v->val);
        v->tex = v->px && v->val ? plat_texture_create(p, P.w, P.h, 0) : 0;
        if (!v->tex)
            return -1;
        v->tex_w = P.w;
        v->tex_h = P.h;
    }
    int nx = S->spec.nx, ny = S->spec.ny;
    for (int y = 0; y < P.h; y++) {
        double w = (ny - 1) * (1.0 - (y + 0.5) / P.h); /* b grows upwards */
        for (int x = 0; x < P.w; x++)
            v->val[(size_t)y * P.w + x] =
                grid_at(S->loss, nx, ny, (nx - 1) * (x + 0.5) / P.w, w);
    }
    float lo, hi;
    plot_field_range(S->loss, nx * ny, &lo, &hi);
    plot_field_fill(v->px, v->val, P.w, P.h, lo, hi, 1);
    plat_texture_update(p, v->tex, v->px, P.w);
    v->tex_slice = S;
    return 0;
}

static float map_a(const race_Slice *S, ui_Rect P, double a)
{
    return (float)(P.x + (a - S->a[0]) / (S->a[S->spec.nx - 1] - S->a[0]) * P.w);
}

static float map_b(const race_Slice *S, ui_Rect P, double b)
{
    return (float)(P.y + P.h - (b - S->b[0]) / (S->b[S->spec.ny - 1] - S->b[0]) * P.h);
}

static void draw_trajectory(ui_Context *ui, const race_Slice *S, ui_Rect P)
{
    ui_Color black = {0, 0, 0, 255}, white = {255, 255, 255, 255};
    ui_Color cur = plot_path_color(4); /* vermillion */
    float lw = (float)ui_px(ui, 2.0f), dot = (float)ui_px(ui, 2.5f);
    for (int k = 0; k + 1 < S->T; k++)
        ui_draw_line(ui, map_a(S, P, S->ta[k]), map_b(S, P, S->tb[k]), map_a(S, P, S->ta[k + 1]),
                     map_b(S, P, S->tb[k + 1]), lw, black);
    for (int k = 0; k < S->T; k++)
        ui_draw_circle(ui, map_a(S, P, S->ta[k]), map_b(S, P, S->tb[k]), dot, black, black);
    ui_draw_circle(ui, map_a(S, P, S->ta[0]), map_b(S, P, S->tb[0]), (float)ui_px(ui, 7.0f),
                   white, black);
    ui_draw_circle(ui, map_a(S, P, 0.0), map_b(S, P, 0.0), (float)ui_px(ui, 7.0f), cur, black);
}

static void draw_axes(ui_Context *ui, const race_Slice *S, ui_Rect P)
{
    int fs = ui_font(ui, UI_FONT_SMALL), sh = ui_text_height(ui, fs), pad = ui_px(ui, 4);
    ui_Color c = ui->style.text_muted;
    char buf[32];
    snprintf(buf, sizeof buf, "%.3g", (double)S->a[0]);
    ui_draw_text(ui, fs, 0, P.x, P.y + P.h + pad, buf, c);
    snprintf(buf, sizeof buf, "%.3g", (double)S->a[S->spec.nx - 1]);
    ui_draw_text(ui, fs, 0, P.x + P.w - ui_text_width(ui, fs, 0, buf), P.y + P.h + pad, buf, c);
    snprintf(buf, sizeof buf, "%.3g", (double)S->b[S->spec.ny - 1]);
    ui_draw_text(ui, fs, 0, P.x - pad - ui_text_width(ui, fs, 0, buf), P.y, buf, c);
    snprintf(buf, sizeof buf, "%.3g", (double)S->b[0]);
    ui_draw_text(ui, fs, 0, P.x - pad - ui_text_width(ui, fs, 0, buf), P.y + P.h - sh, buf, c);
}

/* The 1-D chart: loss over t, the initial (t = 0) and current (t = 1) marked. */
static void draw_line_chart(ui_Context *ui, const race_Slice *S, ui_Rect C)
{
    int fs = ui_font(ui, UI_FONT_SMALL), sh = ui_text_height(ui, fs), pad = ui_px(ui, 4);
    ui_Color muted = ui->style.text_muted;
    int n = S->spec.n_line;
    float lo, hi;
    plot_field_range(S->line, n, &lo, &hi);
    if (hi <= lo)
        hi = lo + 1.0f;
    ui_draw_rect(ui, C, (ui_Color){255, 255, 255, 255});
    ui_draw_box(ui, C, ui->style.border, 1);
    double t0 = S->t[0], t1 = S->t[n - 1];
#define CX(t) ((float)(C.x + ((t) - t0) / (t1 - t0) * C.w))
#define CY(v) ((float)(C.y + C.h - (log1p((double)(v) - lo) / log1p((double)hi - lo)) * (C.h - 2 * pad) - pad))
    ui_Color grid = {200, 204, 210, 255};
    ui_draw_line(ui, CX(0.0), (float)C.y, CX(0.0), (float)(C.y + C.h), 1.0f, grid);
    ui_draw_line(ui, CX(1.0), (float)C.y, CX(1.0), (float)(C.y + C.h), 1.0f, grid);
    for (int k = 0; k + 1 < n; k++) {
        if (!isfinite(S->line[k]) || !isfinite(S->line[k + 1]))
            continue;
        ui_draw_line(ui, CX(S->t[k]), CY(S->line[k]), CX(S->t[k + 1]), CY(S->line[k + 1]),
                     (float)ui_px(ui, 2.0f), (ui_Color){0, 114, 178, 255});
    }
    /* t = 0 and t = 1 are grid points when t runs from -0.5 to 1.5 in steps of 1/50 */
    int i0 = (int)lround((0.0 - t0) / (t1 - t0) * (n - 1));
    int i1 = (int)lround((1.0 - t0) / (t1 - t0) * (n - 1));
    ui_Color black = {0, 0, 0, 255};
    if (i0 >= 0 && i0 < n && isfinite(S->line[i0]))
        ui_draw_circle(ui, CX(0.0), CY(S->line[i0]), (float)ui_px(ui, 6.0f),
                       (ui_Color){255, 255, 255, 255}, black);
    if (i1 >= 0 && i1 < n && isfinite(S->line[i1]))
        ui_draw_circle(ui, CX(1.0), CY(S->line[i1]), (float)ui_px(ui, 6.0f), plot_path_color(4),
                       black);
    char buf[32];
    const double ticks[4] = {t0, 0.0, 1.0, t1};
    for (int k = 0; k < 4; k++) {
        snprintf(buf, sizeof buf, "%g", ticks[k]);
        int w = ui_text_width(ui, fs, 0, buf);
        int x = (int)CX(ticks[k]) - (k == 0 ? 0 : k == 3 ? w : w / 2);
        ui_draw_text(ui, fs, 0, x, C.y + C.h + pad, buf, muted);
    }
    /* the loss range, outside the chart so the curve never hides it */
    snprintf(buf, sizeof buf, "%.3g", (double)hi);
    ui_draw_text(ui, fs, 0, C.x + C.w + pad, C.y, buf, muted);
    snprintf(buf, sizeof buf, "%.3g", (double)lo);
    ui_draw_text(ui, fs, 0, C.x + C.w + pad, C.y + C.h - sh, buf, muted);
#undef CX
#undef CY
}

static int legend_row(ui_Context *ui, int x, int y, int width, int kind, const char *text)
{
    int fs = ui_font(ui, UI_FONT_SMALL), sh = ui_text_height(ui, fs);
    float r = (float)ui_px(ui, 6.0f), cx = (float)x + r, cy = (float)y + sh / 2.0f;
    ui_Color black = {0, 0, 0, 255};
    if (kind == 0)
        ui_draw_circle(ui, cx, cy, r, plot_path_color(4), black);
    else if (kind == 1)
        ui_draw_circle(ui, cx, cy, r, (ui_Color){255, 255, 255, 255}, black);
    else
        ui_draw_line(ui, cx - r, cy, cx + r, cy, (float)ui_px(ui, 2.0f), black);
    y = plot_text_wrapped(ui, fs, x + (int)(3 * r), y, width - (int)(3 * r), y + 4 * sh, text,
                          ui->style.text);
    return y + ui_px(ui, 4);
}

void app_landscape_draw(ui_Context *ui, plat_Ctx *p, ui_Rect r, app_LandscapeView *v)
{
    const race_Slice *S = v->slice;
    int ft = ui_font(ui, UI_FONT_BIG), fs = ui_font(ui, UI_FONT_SMALL), pad = ui_px(ui, 16);
    int th = ui_text_height(ui, ft), sh = ui_text_height(ui, fs);
    char buf[256];
    ui_draw_text(ui, ft, 1, r.x + pad, r.y + pad, tr(STR_LAND_TITLE), ui->style.text);
    int side_w = ui_px(ui, 360);
    if (side_w > r.w * 3 / 10)
        side_w = r.w * 3 / 10; /* a presenter zoom on a small window: the plot keeps room */
    int axis_w = ui_text_width(ui, fs, 0, "-0.000") + pad;
    int top = r.y + 2 * pad + th;
    int avail_h = r.y + r.h - top - 2 * pad - sh;
    int avail_w = r.w - side_w - 3 * pad - 2 * axis_w; /* the chart's labels: one more axis */
    int side = avail_h < avail_w ? avail_h : avail_w;
    if (side < 64 || !S)
        return;
    ui_Rect P = {r.x + pad + axis_w, top, side, side};
    if (ensure_texture(p, v, P) == 0)
        ui_draw_image(ui, v->tex, P);
    ui_clip(ui, P);
    draw_trajectory(ui, S, P);
    ui_unclip(ui);
    ui_draw_box(ui, P, ui->style.border, 1);
    draw_axes(ui, S, P);

    int x = P.x + P.w + 2 * pad, y = top, bottom = r.y + r.h - pad;
    snprintf(buf, sizeof buf, tr(STR_LAND_BATCHES), v->batches);
    ui_draw_text(ui, fs, 0, x, y, buf, ui->style.text_muted);
    y += sh + ui_px(ui, 8);
    snprintf(buf, sizeof buf, tr(STR_LAND_CURRENT), S->current_loss);
    y = legend_row(ui, x, y, side_w, 0, buf);
    y = legend_row(ui, x, y, side_w, 1, tr(STR_LAND_INITIAL));
    y = legend_row(ui, x, y, side_w, 2, tr(STR_LAND_TRAJECTORY));
    y += ui_px(ui, 8);
    const race_SliceSpec *sp = &S->spec;
    if (sp->mode == RACE_DIRS_WEIGHTS)
        snprintf(buf, sizeof buf, tr(STR_LAND_DIRS_WEIGHTS), sp->layer[0] + 1, sp->in[0] + 1,
                 sp->unit[0] + 1, sp->layer[1] + 1, sp->in[1] + 1, sp->unit[1] + 1);
    else if (sp->mode == RACE_DIRS_PCA)
        snprintf(buf, sizeof buf, tr(STR_LAND_DIRS_PCA), 100.0 * S->explained[0],
                 100.0 * S->explained[1]);
    else
        snprintf(buf, sizeof buf, "%s", tr(STR_LAND_DIRS_RANDOM));
    y = plot_text_wrapped(ui, fs, x, y, side_w, bottom, buf, ui->style.text);
    if (sp->mode == RACE_DIRS_PCA)
        y = plot_text_wrapped(ui, fs, x, y + ui_px(ui, 4), side_w, bottom, tr(STR_LAND_PCA_CAVEAT),
                              (ui_Color){170, 70, 0, 255});
    if (S->rows < S->data_rows) {
        snprintf(buf, sizeof buf, tr(STR_LAND_ROWS), S->rows, S->data_rows);
        y = plot_text_wrapped(ui, fs, x, y + ui_px(ui, 4), side_w, bottom, buf,
                              ui->style.text_muted);
    }
    y = plot_text_wrapped(ui, fs, x, y + ui_px(ui, 4), side_w, bottom, tr(STR_LAND_SCALE),
                          ui->style.text_muted);
    y += pad;
    y = plot_text_wrapped(ui, fs, x, y, side_w, bottom, tr(STR_LAND_LINE), ui->style.text);
    int ch = P.y + P.h - y - ui_px(ui, 8) - sh; /* room for the t labels */
    if (ch > ui_px(ui, 220))
        ch = ui_px(ui, 220);
    if (ch > ui_px(ui, 60)) {
        ui_Rect C = {x, y + ui_px(ui, 6), side_w, ch};
        draw_line_chart(ui, S, C);
    }
}
