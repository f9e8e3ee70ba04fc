/* cmd_keras_plot.c - draws a Keras program's matplotlib figure (kr_Figure)
 * offscreen with the window's own drawing code and saves it as a PNG: axes
 * with round tick values, scatter points, lines, title, axis labels and a
 * legend, in a colour-blind-safe palette (Okabe and Ito's). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/subcommands.h"
#include "keras/keras.h"
#include "platform/plat.h"

#define FIG_W 800
#define FIG_H 560

/* matplotlib's cycle C0..C7 (blue, orange, green, red, purple, brown, pink,
 * grey) as the nearest colour-blind-safe colours */
static const ui_Color palette[8] = {
    {0, 114, 178, 255}, {230, 159, 0, 255}, {0, 158, 115, 255}, {213, 94, 0, 255},
    {204, 121, 167, 255}, {150, 100, 50, 255}, {240, 140, 200, 255}, {110, 110, 110, 255}};

/* A round step giving about n ticks over [lo, hi]. */
static double tick_step(double lo, double hi, int n)
{
    double raw = (hi - lo) / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void fmt_tick(char *out, size_t n, double v, double step)
{
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) < step * 1e-6)
        v = 0;
    snprintf(out, n, "%.*f", decimals > 6 ? 6 : decimals, v);
}

int app_keras_plot(void *ctx, const kr_Figure *fig, const char *path, char *err, size_t err_len)
{
    int *count = ctx;
    char auto_path[64];
    if (!path) {
        snprintf(auto_path, sizeof auto_path, "figure_%d.png", ++*count);
        path = auto_path;
    }
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (int s = 0; s < fig->n_series; s++)
        for (int i = 0; i < fig->series[s].n; i++) {
            double x = fig->series[s].x[i], y = fig->series[s].y[i];
            if (!isfinite(x) || !isfinite(y))
                continue;
            x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
        }
    if (!(x0 <= x1))
        x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    if (x1 - x0 < 1e-12) x0 -= 0.5, x1 += 0.5;
    if (y1 - y0 < 1e-12) y0 -= 0.5, y1 += 0.5;
    double px = (x1 - x0) * 0.05, py = (y1 - y0) * 0.05;
    x0 -= px, x1 += px, y0 -= py, y1 += py;

    plat_Ctx *p = plat_open_offscreen(FIG_W, FIG_H, err, err_len);
    if (!p)
        return -1;
    ui_Context ui;
    if (ui_init(&ui, 1 << 18, plat_text_width, plat_text_height, p) != 0) {
        plat_close(p);
        snprintf(err, err_len, "out of memory for the figure");
        return -1;
    }
    ui_Input input;
    memset(&input, 0, sizeof input);
    ui_begin(&ui, &input, FIG_W, FIG_H, 1.0f);
    const ui_Color ink = {40, 40, 40, 255}, grid = {225, 225, 225, 255}, white = {255, 255, 255, 255};
    int L = 80, R = FIG_W - 30, T = 50, B = FIG_H - 60;
    ui_draw_rect(&ui, (ui_Rect){0, 0, FIG_W, FIG_H}, white);
#define SX(x) (L + ((x) - x0) / (x1 - x0) * (R - L))
#define SY(y) (B - ((y) - y0) / (y1 - y0) * (B - T))
    char t[64];
    double sx = tick_step(x0, x1, 6), sy = tick_step(y0, y1, 6);
    for (double v = ceil(x0 / sx) * sx; v <= x1 + sx * 1e-9; v += sx) {
        float X = (float)SX(v);
        ui_draw_line(&ui, X, (float)T, X, (float)B, 1, grid);
        ui_draw_line(&ui, X, (float)B, X, (float)B + 5, 1, ink);
        fmt_tick(t, sizeof t, v, sx);
        int w = plat_text_width(p, 13, 0, t, (int)strlen(t));
        ui_draw_text(&ui, 13, 0, (int)X - w / 2, B + 8, t, ink);
    }
    for (double v = ceil(y0 / sy) * sy; v <= y1 + sy * 1e-9; v += sy) {
        float Y = (float)SY(v);
        ui_draw_line(&ui, (float)L, Y, (float)R, Y, 1, grid);
        ui_draw_line(&ui, (float)L - 5, Y, (float)L, Y, 1, ink);
        fmt_tick(t, sizeof t, v, sy);
        int w = plat_text_width(p, 13, 0, t, (int)strlen(t));
        ui_draw_text(&ui, 13, 0, L - 8 - w, (int)Y - 8, t, ink);
    }
    ui_draw_box(&ui, (ui_Rect){L, T, R - L, B - T}, ink, 1);
    int next = 0;
    for (int s = 0; s < fig->n_series; s++) {
        const kr_Series *se = &fig->series[s];
        ui_Color c = palette[(se->color >= 0 ? se->color : next++) % 8];
        for (int i = 0; i < se->n; i++) {
            double x = se->x[i], y = se->y[i];
            if (!isfinite(x) || !isfinite(y))
                continue;
            if (se->kind == 's') {
                ui_draw_circle(&ui, (float)SX(x), (float)SY(y), 3.5f, c, c);
            } else if (i > 0 && isfinite(se->x[i - 1]) && isfinite(se->y[i - 1])) {
                ui_draw_line(&ui, (float)SX(se->x[i - 1]), (float)SY(se->y[i - 1]), (float)SX(x),
                             (float)SY(y), 2.5f, c);
            }
        }
    }
    if (fig->title[0]) {
        int w = plat_text_width(p, 18, 1, fig->title, (int)strlen(fig->title));
        ui_draw_text(&ui, 18, 1, (L + R - w) / 2, 14, fig->title, ink);
    }
    if (fig->xlabel[0]) {
        int w = plat_text_width(p, 15, 0, fig->xlabel, (int)strlen(fig->xlabel));
        ui_draw_text(&ui, 15, 0, (L + R - w) / 2, B + 30, fig->xlabel, ink);
    }
    if (fig->ylabel[0])
        ui_draw_text(&ui, 15, 0, 8, T - 24, fig->ylabel, ink); /* above the axis: no rotated text */
    if (fig->legend) {
        int rows = 0, wmax = 0;
        for (int s = 0; s < fig->n_series; s++)
            if (fig->series[s].label[0]) {
                rows++;
                int w = plat_text_width(p, 14, 0, fig->series[s].label, (int)strlen(fig->series[s].label));
                wmax = w > wmax ? w : wmax;
            }
        if (rows) {
            ui_Rect box = {R - wmax - 56, T + 10, wmax + 46, rows * 22 + 10};
            /* top right, unless top left hides fewer points (matplotlib's 'best', roughly) */
            int hidden[2] = {0, 0};
            for (int s = 0; s < fig->n_series; s++)
                for (int i = 0; i < fig->series[s].n; i++) {
                    double X = SX(fig->series[s].x[i]), Y = SY(fig->series[s].y[i]);
                    if (Y >= box.y && Y <= box.y + box.h) {
                        hidden[0] += X >= box.x && X <= box.x + box.w;
                        hidden[1] += X >= L + 10 && X <= L + 10 + box.w;
                    }
                }
            if (hidden[1] < hidden[0])
                box.x = L + 10;
            ui_draw_rect(&ui, box, white);
            ui_draw_box(&ui, box, grid, 1);
            int y = box.y + 6, nx = 0;
            for (int s = 0; s < fig->n_series; s++) {
                const kr_Series *se = &fig->series[s];
                ui_Color c = palette[(se->color >= 0 ? se->color : nx++) % 8];
                if (!se->label[0])
                    continue;
                if (se->kind == 's')
                    ui_draw_circle(&ui, (float)box.x + 18, (float)y + 9, 4, c, c);
                else
                    ui_draw_line(&ui, (float)box.x + 8, (float)y + 9, (float)box.x + 28, (float)y + 9, 2.5f, c);
                ui_draw_text(&ui, 14, 0, box.x + 36, y, se->label, ink);
                y += 22;
            }
        }
    }
#undef SX
#undef SY
    ui_end(&ui);
    plat_render(p, &ui, white);
    int rc = plat_save_png(p, path, err, err_len);
    ui_free(&ui);
    plat_close(p);
    if (rc == 0)
        printf("Figure saved to %s\n", path);
    fflush(stdout);
    return rc == 0 ? 0 : -1;
}
