/* cmp_chart.c - the axes, lines and bands of the compare and health charts. */
#include <math.h>
#include <stdio.h>

#include "app/app.h"
#include "app/cmp_view.h"

ui_Color app_cmp_color(int i)
{
    uint32_t h = app_cmp_palette[((i % APP_CMP_MAX_VALUES) + APP_CMP_MAX_VALUES) % APP_CMP_MAX_VALUES];
    ui_Color c = {(uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h, 255};
    return c;
}

void app_cmp_axes(app_CmpView *v, app_CmpAxes *ax, ui_Rect r, double x0, double x1, double y0,
                  double y1, int ylog, const char *xlabel)
{
    app_cmp_axes_x(v, ax, r, x0, x1, y0, y1, ylog, xlabel, -1);
}

void app_cmp_axes_x(app_CmpView *v, app_CmpAxes *ax, ui_Rect r, double x0, double x1, double y0,
                    double y1, int ylog, const char *xlabel, int x_axis)
{
    ui_Context *ui = v->ui;
    int fs = ui_font(ui, UI_FONT_SMALL), th = ui_text_height(ui, fs);
    ui_Color grid = ui->style.border, muted = ui->style.text_muted;
    double yt[32], xt[32], ystep = 0, xstep = 0;
    int nyt = ylog ? viz_log_ticks(&y0, &y1, yt, 32) : viz_nice_ticks(&y0, &y1, 5, yt, 32, &ystep);
    /* x keeps the data's own range (the run's length); its ticks fall inside */
    double tx0 = x0, tx1 = x1;
    int nxt = viz_nice_ticks(&tx0, &tx1, 6, xt, 32, &xstep);
    int left = 0;
    char b[32];
    for (int k = 0; k < nyt; k++) {
        if (ylog)
            viz_format_log_tick(yt[k], b, sizeof b);
        else
            viz_format_tick(yt[k], ystep, b, sizeof b);
        int w = ui_text_width(ui, fs, 0, b);
        if (w > left)
            left = w;
    }
    left += ui_px(ui, 6);
    int bottom = th + ui_px(ui, 4) + (xlabel ? th : 0);
    ax->plot = (ui_Rect){r.x + left, r.y + th / 2, r.w - left - ui_px(ui, 8), r.h - bottom - th / 2};
    ui_Rect p = ax->plot;
    viz_scale_init(&ax->x, x0, x1, (float)p.x, (float)(p.x + p.w), 0);
    viz_scale_init(&ax->y, y0, y1, (float)(p.y + p.h), (float)p.y, ylog);
    ui_draw_rect(ui, p, ui->style.field);
    float last_label = 1e9f; /* labels closer than a line of text are left out */
    for (int k = 0; k < nyt; k++) {
        float y = viz_scale_map(&ax->y, yt[k]);
        if (y < p.y - 1 || y > p.y + p.h + 1)
            continue;
        ui_draw_line(ui, (float)p.x, y, (float)(p.x + p.w), y, 1.0f, grid);
        if (last_label - y < (float)th)
            continue;
        last_label = y;
        /* the format the margin was measured with, or a log label overruns it */
        if (ylog)
            viz_format_log_tick(yt[k], b, sizeof b);
        else
            viz_format_tick(yt[k], ystep, b, sizeof b);
        int w = ui_text_width(ui, fs, 0, b);
        ui_draw_text(ui, fs, 0, p.x - w - ui_px(ui, 4), (int)y - th / 2, b, muted);
    }
    for (int k = 0; k < nxt; k++) {
        float x = viz_scale_map(&ax->x, xt[k]);
        if (x < p.x - 1 || x > p.x + p.w + 1)
            continue;
        ui_draw_line(ui, x, (float)p.y, x, (float)(p.y + p.h), 1.0f, grid);
        if (x_axis >= 0)
            app_chart_x_tick(x_axis, xt[k], xstep, b, sizeof b);
        else
            viz_format_tick(xt[k], xstep, b, sizeof b);
        int w = ui_text_width(ui, fs, 0, b);
        int tx = (int)x - w / 2;
        if (tx + w > p.x + p.w + ui_px(ui, 8))
            tx = p.x + p.w + ui_px(ui, 8) - w;
        ui_draw_text(ui, fs, 0, tx, p.y + p.h + ui_px(ui, 2), b, muted);
    }
    ui_draw_box(ui, p, grid, 1);
    if (xlabel) {
        int w = ui_text_width(ui, fs, 0, xlabel);
        ui_draw_text(ui, fs, 0, p.x + (p.w - w) / 2, p.y + p.h + th + ui_px(ui, 2), xlabel, muted);
    }
}

static int ok_point(const app_CmpAxes *ax, double x, double y)
{
    return isfinite(x) && isfinite(y) && (!ax->y.log || y > 0);
}

void app_cmp_line(app_CmpView *v, const app_CmpAxes *ax, const double *x, const double *y, int n,
                  float width, ui_Color c)
{
    ui_clip(v->ui, ax->plot);
    float px = 0, py = 0;
    int have = 0;
    for (int i = 0; i < n; i++) {
        if (!ok_point(ax, x[i], y[i])) {
            have = 0;
            continue;
        }
        float qx = viz_scale_map(&ax->x, x[i]), qy = viz_scale_map(&ax->y, y[i]);
        if (have)
            ui_draw_line(v->ui, px, py, qx, qy, width, c);
        else if (n == 1 || (i + 1 < n && !ok_point(ax, x[i + 1], y[i + 1])) || i + 1 == n)
            ui_draw_circle(v->ui, qx, qy, width, c, c); /* a lone point still shows */
        px = qx, py = qy, have = 1;
    }
    ui_unclip(v->ui);
}

void app_cmp_band(app_CmpView *v, const app_CmpAxes *ax, const double *x, const double *lo,
                  const double *hi, int n, ui_Color c)
{
    ui_clip(v->ui, ax->plot);
    for (int i = 0; i + 1 < n; i++) {
        if (!ok_point(ax, x[i], lo[i]) || !ok_point(ax, x[i], hi[i]) ||
            !ok_point(ax, x[i + 1], lo[i + 1]) || !ok_point(ax, x[i + 1], hi[i + 1]))
            continue;
        float x0 = viz_scale_map(&ax->x, x[i]), x1 = viz_scale_map(&ax->x, x[i + 1]);
        float a0 = viz_scale_map(&ax->y, lo[i]), a1 = viz_scale_map(&ax->y, lo[i + 1]);
        float b0 = viz_scale_map(&ax->y, hi[i]), b1 = viz_scale_map(&ax->y, hi[i + 1]);
        ui_draw_tri(v->ui, x0, a0, x1, a1, x1, b1, c);
        ui_draw_tri(v->ui, x0, a0, x1, b1, x0, b0, c);
    }
    ui_unclip(v->ui);
}

double app_cmp_loss_x(const app_CmpRun *r, int64_t k, int x_axis)
{
    if (k <= 0)
        return 0.0; /* before training: no step, no row seen, no time spent */
    if (k > r->s->n_history)
        return NAN;
    return app_chart_x(&r->s->history[k - 1], x_axis);
}

double app_cmp_trace_x(const app_CmpRun *r, int k, int x_axis)
{
    /* the window's live point is placed the same way (app_chart_x_per_step) */
    return (double)r->trace_step[k] *
           app_chart_x_per_step(r->s->history, r->s->n_history, x_axis,
                                nn_trainer_batches_per_epoch(r->s->trainer), r->spec.batch_size);
}
