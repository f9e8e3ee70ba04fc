/* panel_output.c - what the network computes: the decision-boundary heatmap
 * with the data (2-D), the fitted curve (1-D regression), or for images the
 * current input, the class probabilities and the confusion matrix. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/panel_confusion.h"
#include "i18n/i18n.h"
#include "viz/viz_chart.h"
#include "viz/viz_color.h"

static ui_Color to_ui(viz_Color c)
{
    return (ui_Color){c.r, c.g, c.b, c.a};
}

ui_Color app_point_color(const nn_Dataset *d, int i)
{
    if (d->task == NN_TASK_CLASSIFY) {
        if (d->n_classes == 2)
            return to_ui(viz_diverging(d->label[i] ? 1.0f : -1.0f));
        return to_ui(viz_class_color(d->label[i]));
    }
    return to_ui(viz_diverging(d->y[(size_t)i * (size_t)d->n_targets]));
}

float app_point_radius(const app_State *a, ui_Rect plot)
{
    /* points grow with the plot, not with the zoom alone */
    float ps = a->lay.plot_ref > 0 ? a->win_scale * (float)plot.w / (float)a->lay.plot_ref : a->scale;
    return fmaxf(2.5f, 3.6f * fminf(a->scale, ps));
}

static void draw_points(app_State *a, ui_Rect plot, const nn_Dataset *d, int test)
{
    ui_Context *ui = &a->ui;
    float rad = app_point_radius(a, plot);
    ui_Color ring = test ? (ui_Color){20, 20, 20, 255} : (ui_Color){255, 255, 255, 255};
    for (int i = 0; i < d->n; i++) {
        float px, py;
        app_plane_to_plot(a, plot, nn_dataset_x(d, i, 0), nn_dataset_x(d, i, 1), &px, &py);
        if (px < (float)plot.x || py < (float)plot.y || px > (float)(plot.x + plot.w) ||
            py > (float)(plot.y + plot.h))
            continue;
        ui_draw_circle(ui, px, py, rad, app_point_color(d, i), ring);
    }
}

/* Axis numbers for the plane: the ends and zero (the middle when zero is
 * off the plot), as Playground marks them; each axis its own. */
static void plane_ticks(app_State *a, ui_Rect plot)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    const float *dm = app_heat(a)->dom;
    for (int axis = 0; axis < 2; axis++) {
        float lo = dm[2 * axis], hi = dm[2 * axis + 1];
        float mid = lo < 0 && hi > 0 ? 0.0f : 0.5f * (lo + hi);
        float vals[3] = {lo, mid, hi};
        for (int k = 0; k < 3; k++) {
            char b[16];
            snprintf(b, sizeof b, "%g", (double)vals[k]);
            float px, py;
            app_plane_to_plot(a, plot, vals[k], vals[k], &px, &py);
            int tw = ui_text_width(ui, sm, 0, b), th = ui_text_height(ui, sm);
            if (axis == 0) {
                int tx = k == 0 ? plot.x : k == 2 ? plot.x + plot.w - tw : (int)px - tw / 2;
                ui_draw_text(ui, sm, 0, tx, plot.y + plot.h + ui_px(ui, 2), b, ui->style.text_muted);
            } else {
                int ty = k == 0 ? plot.y + plot.h - th : k == 2 ? plot.y : (int)py - th / 2;
                ui_draw_text(ui, sm, 0, plot.x - tw - ui_px(ui, 5), ty, b, ui->style.text_muted);
            }
        }
    }
}

/* The colour key under the plot, as Playground's: for one output the value
 * scale from -1 to 1 (what a tile, a point and the background mean), for
 * several outputs each class's swatch and name. Returns nothing: it draws
 * in the band of height h that plane_view kept free. */
static void plane_legend(app_State *a, ui_Rect plot, int y, int h)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    const nn_Dataset *d = app_train(a);
    int k = nn_model_outputs(app_model(a));
    int th = ui_text_height(ui, sm), gap = ui_px(ui, 6);
    if (k == 1) {
        const char *lo = "\xe2\x88\x92" "1", *hi = "1";
        int lw = ui_text_width(ui, sm, 0, lo);
        int bw = plot.w / 2, bh = h / 2 > 2 ? h / 2 : 2;
        int bx = plot.x + (plot.w - bw) / 2, by = y + (h - bh) / 2;
        for (int i = 0; i < bw; i++) {
            float t = (float)i / (float)(bw > 1 ? bw - 1 : 1) * 2.0f - 1.0f;
            ui_draw_rect(ui, (ui_Rect){bx + i, by, 1, bh}, to_ui(viz_diverging(t)));
        }
        ui_draw_text(ui, sm, 0, bx - gap - lw, y + (h - th) / 2, lo, ui->style.text_muted);
        ui_draw_text(ui, sm, 0, bx + bw + gap, y + (h - th) / 2, hi, ui->style.text_muted);
        return;
    }
    /* classes: a swatch and a name each, as many as fit on the line */
    int x = plot.x, sw = th * 2 / 3;
    for (int c = 0; c < k; c++) {
        char nb[48];
        const char *name = app_class_name(d, c, nb, sizeof nb);
        int w = sw + gap / 2 + ui_text_width(ui, sm, 0, name);
        if (x + w > plot.x + plot.w)
            break;
        ui_draw_rect(ui, (ui_Rect){x, y + (h - sw) / 2, sw, sw}, to_ui(viz_class_color(c)));
        ui_draw_text(ui, sm, 0, x + sw + gap / 2, y + (h - th) / 2, name, ui->style.text_muted);
        x += w + gap * 2;
    }
}

static void plane_view(app_State *a, ui_Rect area)
{
    ui_Context *ui = &a->ui;
    int lab = ui_px(ui, 30);
    int key_h = ui_text_height(ui, ui_font(ui, UI_FONT_SMALL)) + ui_px(ui, 4);
    int side = area.w < area.h - key_h ? area.w : area.h - key_h;
    side -= lab;
    if (side > a->lay.plot)
        side = a->lay.plot; /* the layout's square, never more than zoom asks */
    ui_Rect plot = {area.x + lab + (area.w - lab - side) / 2, area.y, side, side};
    a->plot = plot;
    if (app_lspace_plot(a, plot)) {
        plane_legend(a, plot, plot.y + plot.h + ui_text_height(ui, ui_font(ui, UI_FONT_SMALL)) + ui_px(ui, 4),
                     key_h);
        return;
    }
    int preview = a->preview && a->preview_col >= 0;
    ui_draw_image(ui, preview ? app_heat(a)->tex[a->preview_col][a->preview_unit] : app_heat(a)->tex_out,
                  plot);
    if (preview) /* paled as the output's own map is, so the points stand out alike */
        ui_draw_rect(ui, plot, (ui_Color){255, 255, 255, (uint8_t)lroundf(255.0f * (1.0f - VIZ_PALE_KEEP))});
    ui_clip(ui, plot);
    if (a->core.points_cleared) {
        /* the set was cleared: only the points drawn since, and what to do */
        float rad = fmaxf(2.5f, 3.6f * a->scale);
        for (int i = 0; i < a->core.n_pending; i++) {
            float px, py;
            app_plane_to_plot(a, plot, a->core.pending[i][0], a->core.pending[i][1], &px, &py);
            viz_Color vc = viz_class_color((int)a->core.pending[i][2]);
            ui_draw_circle(ui, px, py, rad, (ui_Color){vc.r, vc.g, vc.b, 255},
                           (ui_Color){255, 255, 255, 255});
        }
        /* cut to the plot's width (a small plot, a long translation) */
        int fpx = ui_font(ui, UI_FONT_SMALL);
        char fit[200];
        app_fit_text(a, fpx, 1, tr(STR_STATUS_DRAW_TWO), plot.w - ui_px(ui, 8), fit, sizeof fit);
        ui_draw_text_in(ui, (ui_Rect){plot.x, plot.y, plot.w, ui_px(ui, 32)}, fpx, 1, fit,
                        ui->style.text, 0);
    } else {
        draw_points(a, plot, app_train(a), 0);
    }
    if (a->show_test && app_test(a) && !a->core.points_cleared)
        draw_points(a, plot, app_test(a), 1);
    int on_batch = app_batch_spotlight(a, plot, app_point_radius(a, plot));
    if (preview) {
        /* say whose map this is while the pointer rests on its tile */
        char cap[96];
        int sm = ui_font(ui, UI_FONT_SMALL), cp = ui_px(ui, 4);
        if (a->preview_col == 0)
            snprintf(cap, sizeof cap, tr(STR_OUT_PREVIEW_INPUT), app_feature_label(a->preview_unit));
        else
            snprintf(cap, sizeof cap, tr(STR_OUT_PREVIEW_NEURON), a->preview_col, a->preview_unit + 1);
        int cw = ui_text_width(ui, sm, 1, cap), chh = ui_text_height(ui, sm);
        ui_draw_rect(ui, (ui_Rect){plot.x + cp, plot.y + cp, cw + 2 * cp, chh + cp}, (ui_Color){255, 255, 255, 220});
        ui_draw_text(ui, sm, 1, plot.x + 2 * cp, plot.y + cp + cp / 2, cap, ui->style.text);
    }
    ui_unclip(ui);
    if (!preview)
        app_wh_draw_plot(a, plot);
    ui_draw_box(ui, plot, preview ? ui->style.focus : app_rgb(0x9aa0a6), preview ? ui_px(ui, 2) : 1);
    plane_ticks(a, plot);
    plane_legend(a, plot, plot.y + plot.h + ui_text_height(ui, ui_font(ui, UI_FONT_SMALL)) + ui_px(ui, 4), key_h);

    if (ui_mouse_over(ui, plot) && !a->edit.active && !on_batch) {
        float x1, x2;
        app_plot_to_plane(a, plot, (float)ui->in.mouse_x, (float)ui->in.mouse_y, &x1, &x2);
        float v = app_output_value(a, x1, x2);
        char tip[96];
        snprintf(tip, sizeof tip, tr(STR_OUT_TIP_PLANE), (double)x1, (double)x2, (double)v);
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
        if (ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui->mouse_swallowed) {
            app_Command c = app_cmd_i(APP_CMD_ADD_POINT, a->draw_class);
            c.f = x1;
            c.f2 = x2;
            app_push(a, c);
        }
        if (ui_mouse_pressed(ui, UI_MOUSE_RIGHT)) {
            app_Command c = app_cmd(APP_CMD_REMOVE_POINT);
            c.f = x1;
            c.f2 = x2;
            app_push(a, c);
        }
    }
}

static void line_view(app_State *a, ui_Rect area)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    int lab = ui_px(ui, 44), bot = ui_text_height(ui, sm) + ui_px(ui, 4);
    ui_Rect plot = {area.x + lab, area.y, area.w - lab - ui_px(ui, 6), area.h - bot};
    a->plot = plot;
    const nn_Dataset *tr = app_train(a);
    double ylo = INFINITY, yhi = -INFINITY;
    for (int i = 0; i < tr->n; i++) {
        double y = tr->y ? tr->y[(size_t)i * (size_t)tr->n_targets] : tr->label[i];
        ylo = fmin(ylo, y);
        yhi = fmax(yhi, y);
    }
    double xlo = app_heat(a)->dom[0], xhi = app_heat(a)->dom[1];
    double ticks[16], step = 0;
    int nt = viz_nice_ticks(&ylo, &yhi, 5, ticks, 16, &step);
    viz_Scale sx, sy;
    viz_scale_init(&sx, xlo, xhi, (float)plot.x, (float)(plot.x + plot.w), 0);
    viz_scale_init(&sy, ylo, yhi, (float)(plot.y + plot.h), (float)plot.y, 0);
    ui_draw_rect(ui, plot, app_rgb(0xfbfbfb));
    for (int k = 0; k < nt; k++) {
        int y = (int)viz_scale_map(&sy, ticks[k]);
        ui_draw_rect(ui, (ui_Rect){plot.x, y, plot.w, 1}, app_rgb(0xe3e5e8));
        char b[24];
        viz_format_tick(ticks[k], step, b, sizeof b);
        int tw = ui_text_width(ui, sm, 0, b);
        ui_draw_text(ui, sm, 0, plot.x - tw - ui_px(ui, 5), y - ui_text_height(ui, sm) / 2, b, ui->style.text_muted);
    }
    double xt[16], xstep;
    double xl = xlo, xh = xhi;
    int nx = viz_nice_ticks(&xl, &xh, 5, xt, 16, &xstep);
    for (int k = 0; k < nx; k++) {
        if (xt[k] < xlo || xt[k] > xhi)
            continue;
        char b[24];
        viz_format_tick(xt[k], xstep, b, sizeof b);
        int x = (int)viz_scale_map(&sx, xt[k]);
        int tw = ui_text_width(ui, sm, 0, b);
        ui_draw_text(ui, sm, 0, x - tw / 2, plot.y + plot.h + ui_px(ui, 2), b, ui->style.text_muted);
    }
    ui_clip(ui, plot);
    float rad = fmaxf(2.5f, 3.2f * ui->scale);
    for (int t = 0; t < 2; t++) {
        const nn_Dataset *d = t == 0 ? tr : app_test(a);
        if (!d || (t == 1 && !a->show_test))
            continue;
        ui_Color c = to_ui(viz_hex(t == 0 ? VIZ_POS_HEX : VIZ_NEG_HEX));
        for (int i = 0; i < d->n; i++) {
            double y = d->y ? d->y[(size_t)i * (size_t)d->n_targets] : d->label[i];
            ui_draw_circle(ui, viz_scale_map(&sx, nn_dataset_x(d, i, 0)), viz_scale_map(&sy, y), rad, c,
                           (ui_Color){255, 255, 255, 255});
        }
    }
    const app_Heat *h = app_heat(a);
    for (int i = 1; h->curve_x && i < h->curve_n; i++)
        ui_draw_line(ui, viz_scale_map(&sx, h->curve_x[i - 1]), viz_scale_map(&sy, h->curve_y[i - 1]),
                     viz_scale_map(&sx, h->curve_x[i]), viz_scale_map(&sy, h->curve_y[i]),
                     2.5f * ui->scale, app_rgb(0x202124));
    ui_unclip(ui);
    ui_draw_box(ui, plot, app_rgb(0x9aa0a6), 1);
}

/* The two entries of the class view's colour key: the true class (blue),
 * the other classes (orange), as the bars and the confusion matrix's
 * diagonal colour them. */
static const char *key_text(int i)
{
    return tr(i == 0 ? STR_OUT_KEY_TRUE : STR_OUT_KEY_OTHER);
}

/* Width of the colour key at font px, in one row or stacked. */
static int class_key_width(app_State *a, int px, int stack)
{
    ui_Context *ui = &a->ui;
    int sw = ui_text_height(ui, px) * 2 / 3, w = 0;
    for (int i = 0; i < 2; i++) {
        int e = sw + ui_px(ui, 4) + ui_text_width(ui, px, 0, key_text(i));
        if (stack)
            w = e > w ? e : w;
        else
            w += e + (i ? 0 : ui_px(ui, 12));
    }
    return w;
}

/* The largest font from sm down to 3/4 of it at which the key (in one
 * row or stacked) fits max_w and max_h, 0 if none: estimated from its
 * size at sm (text grows about linearly) and checked at that size and the
 * one under it. Each size measured opens a font; trying them all would
 * open more than the window keeps, every frame. */
static int key_fit_px(app_State *a, int sm, int stack, int max_w, int max_h)
{
    ui_Context *ui = &a->ui;
    int lines = stack ? 2 : 1, w = class_key_width(a, sm, stack), h = lines * ui_text_height(ui, sm);
    int est = sm;
    if (w > max_w)
        est = (int)((long)sm * max_w / (w > 0 ? w : 1));
    if (h > max_h) {
        int eh = (int)((long)sm * max_h / (h > 0 ? h : 1));
        est = eh < est ? eh : est;
    }
    for (int px = est; px >= est - 1 && px >= sm * 3 / 4; px--)
        if (class_key_width(a, px, stack) <= max_w && lines * ui_text_height(ui, px) <= max_h)
            return px;
    return 0;
}

/* Draws the colour key at font px from (x, y), in one row or stacked;
 * returns its height. */
static int class_key(app_State *a, int x, int y, int px, int stack)
{
    ui_Context *ui = &a->ui;
    int th = ui_text_height(ui, px), sw = th * 2 / 3;
    for (int i = 0; i < 2; i++) {
        ui_Color c = to_ui(viz_hex(i == 0 ? VIZ_POS_HEX : VIZ_NEG_HEX));
        ui_draw_rect(ui, (ui_Rect){x, y + (th - sw) / 2, sw, sw}, c);
        ui_draw_text(ui, px, 0, x + sw + ui_px(ui, 4), y, key_text(i), ui->style.text_muted);
        if (stack)
            y += th;
        else
            x += sw + ui_px(ui, 16) + ui_text_width(ui, px, 0, key_text(i));
    }
    return stack ? 2 * th : th;
}

/* Height the class view needs at the context's scale: the image and its
 * buttons or the bars, whichever is taller, the colour key, then the
 * confusion matrix at its least: rows 3/4 of a line (its labels step down
 * to that; it takes whatever room is left beyond, see panel_confusion.c). */
static int class_view_height(app_State *a, int k, int img)
{
    ui_Context *ui = &a->ui;
    int rowh = ui_text_height(ui, ui_font(ui, UI_FONT_SMALL));
    int left = img ? ui_px(ui, 112) + ui_px(ui, 6) + ui_px(ui, 30) : ui_px(ui, 30);
    int top = left > k * rowh ? left : k * rowh;
    /* the bars' key, the title, the column numbers, then the rows */
    return top + ui_px(ui, 12) + rowh + ui_px(ui, 8) + rowh + ui_px(ui, 2) + rowh +
           k * (rowh * 3 / 4) + ui_px(ui, 4);
}

/* What the class view's two blocks take at the context's scale, for the
 * side-by-side arrangement: the sample (image and buttons) with the bars
 * and the colour key under them; the confusion matrix at its least with
 * every row named (labels at the small font, as the bars' names, so the
 * matrix grows with them; rows as high as they, the columns' title on a
 * line of its own). */
typedef struct {
    int bars_w, bars_h; /* the sample, the bars at least 48 px wide, the key */
    int conf_w, conf_h; /* the matrix at its least */
    int conf_lw;        /* its label column, the gap to the cells included */
} ClassNeed;

static void class_need(app_State *a, const nn_Dataset *d, int k, int is_img, ClassNeed *n)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL), rowh = ui_text_height(ui, sm);
    char buf[96], nb[48];
    int name_w = ui_px(ui, 40), lw = 0;
    for (int c = 0; c < k; c++) {
        const char *name = app_class_name(d, c, nb, sizeof nb);
        int cw = ui_text_width(ui, sm, 1, name) + ui_px(ui, 8);
        name_w = cw > name_w ? cw : name_w;
        snprintf(buf, sizeof buf, "%d %s", c, name);
        int w = ui_text_width(ui, sm, 1, buf); /* the true row is bold */
        lw = w > lw ? w : lw;
    }
    int left = is_img ? ui_px(ui, 112) : 2 * ui_px(ui, 30) + ui_px(ui, 60);
    n->bars_w = left + ui_px(ui, 14) + name_w + ui_px(ui, 48);
    int left_h = is_img ? ui_px(ui, 112) + ui_px(ui, 6) + ui_px(ui, 30) : ui_px(ui, 30);
    n->bars_h = (left_h > k * rowh ? left_h : k * rowh) + ui_px(ui, 12) + rowh;
    n->conf_lw = lw + ui_px(ui, 6);
    /* the label column takes at most 2/5 of the matrix's width */
    lw = n->conf_lw;
    n->conf_w = lw + k * rowh > lw * 5 / 2 ? lw + k * rowh : lw * 5 / 2;
    int title = ui_text_width(ui, sm, 1, tr(app_test(a) ? STR_OUT_CONFUSION_TEST : STR_OUT_CONFUSION_TRAIN));
    n->conf_w = title > n->conf_w ? title : n->conf_w;
    /* the title, the columns' title over the numbers, the numbers, the rows */
    n->conf_h = rowh + ui_px(ui, 2) + 2 * rowh + k * rowh + ui_px(ui, 4);
}

/* Whether the class view fits area at the context's scale: the bars over
 * the matrix (*wide 0) or, failing that, beside it (*wide 1); room_h is
 * the height it may take. */
static int class_fits(app_State *a, const nn_Dataset *d, ui_Rect area, int room_h, int k, int is_img, int *wide)
{
    ClassNeed n;
    class_need(a, d, k, is_img, &n);
    int stack_w = n.bars_w > n.conf_w ? n.bars_w : n.conf_w;
    int side_h = n.bars_h > n.conf_h ? n.bars_h : n.conf_h;
    *wide = 0;
    if (stack_w <= area.w && class_view_height(a, k, is_img) <= room_h)
        return 1;
    *wide = 1;
    return n.bars_w + ui_px(&a->ui, 12) + n.conf_w <= area.w && side_h <= room_h;
}

/* The class view's scale, and whether the matrix goes right of the bars
 * (*wide) rather than under them. Zoomed in: the zoom's scale up to the
 * largest of a few fixed steps of the window's scale (fonts are opened per
 * size) at which either arrangement fits; that step is found from the
 * sizes at the controls' scale (text grows about linearly) in the height
 * the panel has at the largest zoom (the top bar's growth, net_spare, set
 * aside), the same at every zoom, so a step in never makes it smaller.
 * Else, and when not even the controls' scale fits: as large as the zoom
 * asks, smaller when the panel cannot hold it, the bars over the matrix. */
static float class_scale(app_State *a, const nn_Dataset *d, ui_Rect area, int k, int is_img, int *wide)
{
    ui_Context *ui = &a->ui;
    float zs = ui->scale, c = a->ctrl_scale;
    *wide = 0;
    if (zs > c) {
        static const float steps[] = {3.0f, 2.5f, 2.0f, 1.75f, 1.5f, 1.35f, 1.25f, 1.15f, 1.0f};
        int n_steps = (int)(sizeof steps / sizeof steps[0]);
        int room_h = area.h - a->lay.net_spare;
        ui->scale = c;
        ClassNeed n;
        class_need(a, d, k, is_img, &n);
        int stack_w = n.bars_w > n.conf_w ? n.bars_w : n.conf_w;
        int side_w = n.bars_w + ui_px(ui, 12) + n.conf_w;
        int side_h = n.bars_h > n.conf_h ? n.bars_h : n.conf_h;
        float stack = fminf((float)area.w / (float)stack_w, (float)room_h / (float)class_view_height(a, k, is_img));
        float side = fminf((float)area.w / (float)side_w, (float)room_h / (float)side_h);
        float fit = fmaxf(stack, side) * c;
        int i = 0;
        while (i < n_steps && a->win_scale * steps[i] > fit)
            i++;
        /* checked at the size chosen: a step down where rounding says no */
        for (; i < n_steps; i++) {
            float s = fminf(zs, a->win_scale * steps[i]);
            ui->scale = s;
            int ok = class_fits(a, d, area, room_h, k, is_img, wide);
            ui->scale = zs;
            if (ok)
                return s;
        }
        *wide = 0;
    }
    ui->scale = c;
    int hc = class_view_height(a, k, is_img);
    float s = zs;
    if (zs > c || hc > area.h) {
        float fit = (float)area.h / (float)(hc > 1 ? hc : 1) * c * 0.97f;
        s = fit >= zs ? zs : app_pick_scale(a, fit);
        if (s > fit) /* not even at the controls' size: smaller still */
            s = fmaxf(fit, 0.25f);
    }
    ui->scale = zs;
    return s;
}

/* Class probabilities of the current sample, and the confusion matrix:
 * under the bars, or right of them when the view is zoomed in and only
 * that arrangement fits its scale. */
static void class_view(app_State *a, ui_Rect area)
{
    ui_Context *ui = &a->ui;
    const nn_Model *m = app_model(a);
    const nn_Dataset *d = app_test(a) ? app_test(a) : app_train(a);
    int L = m->arch.n_layers, k = nn_model_outputs(m);
    int is_img = app_view_of(a) == APP_VIEW_IMAGE;
    int wide = 0;
    ui->scale = class_scale(a, d, area, k, is_img, &wide);
    ui_Rect conf = {0, 0, 0, 0};
    if (wide) {
        /* the matrix as wide as its cells, as high as the area lets them
         * (up to three lines, as panel_confusion caps them), can use; the
         * bars the rest */
        ClassNeed n;
        class_need(a, d, k, is_img, &n);
        int rowh = ui_text_height(ui, ui_font(ui, UI_FONT_SMALL));
        int cell = (area.h - n.conf_h + k * rowh) / k;
        cell = cell < 3 * rowh ? cell : 3 * rowh;
        int cw = n.conf_lw + k * cell + ui_px(ui, 6) + ui_text_width(ui, ui_font(ui, UI_FONT_SMALL), 0,
                                                                      tr(STR_OUT_AXIS_PREDICTED));
        int most = area.w - n.bars_w - ui_px(ui, 12);
        cw = cw < n.conf_w ? n.conf_w : cw > most ? most : cw;
        conf = (ui_Rect){area.x + area.w - cw, area.y, cw, area.h};
        area.w -= cw + ui_px(ui, 12);
    }
    int sm = ui_font(ui, UI_FONT_SMALL);
    int y = area.y, x = area.x;
    int img = 0;
    if (app_view_of(a) == APP_VIEW_IMAGE) {
        img = ui_px(ui, 112);
        ui_Rect ir = {x, y, img, img};
        ui_draw_image(ui, app_heat(a)->tex_input_img, ir);
        ui_draw_box(ui, ir, ui->style.border, 1);
    }
    int bw = ui_px(ui, 30), bh = ui_px(ui, 30);
    int by = y + (img ? img + ui_px(ui, 6) : 0);
    char buf[64];
    if (ui_button_at(ui, ui_id_str(ui, "prev"), (ui_Rect){x, by, bw, bh}, "\xe2\x97\x80", 0)) {
        a->sample = (a->sample + d->n - 1) % d->n;
        app_heat(a)->drawn_step = -1;
    }
    snprintf(buf, sizeof buf, "#%d", a->sample + 1);
    int nw = img ? img - 2 * bw : ui_px(ui, 60);
    ui_draw_text_in(ui, (ui_Rect){x + bw, by, nw, bh}, sm, 0, buf, ui->style.text, 0);
    if (ui_button_at(ui, ui_id_str(ui, "next"), (ui_Rect){x + bw + nw, by, bw, bh}, "\xe2\x96\xb6", 0)) {
        a->sample = (a->sample + 1) % d->n;
        app_heat(a)->drawn_step = -1;
    }
    int truth = d->task == NN_TASK_CLASSIFY ? d->label[a->sample < d->n ? a->sample : 0] : -1;

    /* probability bars to the right of the image */
    int bx = x + (img ? img : 2 * bw + nw) + ui_px(ui, 14);
    int bwid = area.x + area.w - bx;
    int rowh = ui_text_height(ui, sm);
    const float *p = app_heat(a)->one ? app_heat(a)->one->a[L - 1] : NULL;
    int name_w = ui_px(ui, 40);
    for (int c = 0; c < k; c++) {
        int cw = ui_text_width(ui, sm, 1, app_class_name(d, c, buf, sizeof buf)) + ui_px(ui, 8);
        name_w = cw > name_w ? cw : name_w;
    }
    /* at most half the room (beside the matrix, what leaves the bars 48 px) */
    int name_most = wide ? area.x + area.w - bx - ui_px(ui, 48) : (area.x + area.w - bx) / 2;
    if (name_w > name_most)
        name_w = name_most;
    for (int c = 0; c < k && p; c++) {
        int ry = y + c * rowh;
        if (ry + rowh > area.y + area.h)
            break; /* what does not fit is left out */
        char nm[64];
        app_fit_text(a, sm, c == truth, app_class_name(d, c, buf, sizeof buf), name_w - 4, nm, sizeof nm);
        ui_clip(ui, (ui_Rect){bx, ry, name_w - 4, rowh});
        ui_draw_text(ui, sm, c == truth, bx, ry, nm, c == truth ? ui->style.text : ui->style.text_muted);
        ui_unclip(ui);
        float v = p[c];
        if (m->arch.act[L - 1] != NN_ACT_SOFTMAX && m->arch.act[L - 1] != NN_ACT_SIGMOID)
            v = 1.0f / (1.0f + expf(-v));
        int full = bwid - name_w;
        ui_draw_rect(ui, (ui_Rect){bx + name_w, ry + 3, full, rowh - 6}, app_rgb(0xeef0f2));
        ui_draw_rect(ui, (ui_Rect){bx + name_w, ry + 3, (int)((float)full * fminf(fmaxf(v, 0), 1)), rowh - 6},
                     c == truth ? to_ui(viz_hex(VIZ_POS_HEX)) : to_ui(viz_hex(VIZ_NEG_HEX)));
    }
    /* the key of the colours goes under the sample's buttons when the bars
     * reach lower than they do (room a row of its own would take from the
     * confusion matrix), else in a row of its own under both */
    int col_y = by + bh + ui_px(ui, 8), bars_end = y + k * rowh;
    int key_px = truth >= 0 ? key_fit_px(a, sm, 1, bx - x - ui_px(ui, 10), bars_end - col_y) : 0;
    if (key_px) {
        class_key(a, x, col_y, key_px, 1);
        y = bars_end + ui_px(ui, 12);
    } else {
        y = (by + bh > bars_end ? by + bh : bars_end) + ui_px(ui, 12);
        /* in one row when it fits the width, else stacked, smaller if need be */
        int stack = class_key_width(a, sm, 0) > area.w, px = sm;
        if (stack) {
            px = key_fit_px(a, sm, 1, area.w, INT32_MAX);
            px = px ? px : sm * 3 / 4;
        }
        if (truth >= 0 && y + (stack + 1) * ui_text_height(ui, px) <= area.y + area.h)
            y += class_key(a, x, y, px, stack) + ui_px(ui, 8);
    }

    /* the confusion matrix takes the rest of the area, or its own column */
    if (wide)
        app_confusion_draw(a, conf, d, k, truth);
    else
        app_confusion_draw(a, (ui_Rect){x, y, area.w, area.y + area.h - y}, d, k, truth);
}

void app_panel_output(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    if (r.w <= 0 || r.h <= 0)
        return;
    /* title and toggles are controls; the plot's numbers are labels */
    ui->scale = a->ctrl_scale;
    char title[64];
    if (a->hsp.on)
        snprintf(title, sizeof title, tr(STR_HS_TITLE), a->hsp.layer + 1);
    else
        snprintf(title, sizeof title, "%s", tr(STR_OUT_TITLE));
    app_panel_frame(a, r, title);
    app_health_button(a, r);
    int pad = ui_px(ui, 12);
    int view = app_view_of(a);
    int top = r.y + ui_px(ui, 36);
    /* the toggles (T and D) are controls: hidden with the control panels */
    int toggles_h = (view == APP_VIEW_PLANE || view == APP_VIEW_LINE) && a->controls ? ui_px(ui, 72) : 0;
    /* zoomed in with the controls shown (Tab): one row, in the small font,
     * so the plot keeps the room it has with them hidden (app_layout) */
    int toggles_row = toggles_h && a->zoom > 1.0f;
    if (toggles_row)
        toggles_h = ui_px(ui, 36);
    ui_Rect area = {r.x + pad, top, r.w - 2 * pad, r.y + r.h - top - toggles_h - ui_px(ui, 6)};
    ui_clip(ui, r);
    ui->scale = view == APP_VIEW_PLANE || view == APP_VIEW_LINE ? a->label_scale : a->scale;
    if (view == APP_VIEW_PLANE)
        plane_view(a, area);
    else if (view == APP_VIEW_LINE)
        line_view(a, area);
    else
        class_view(a, area);
    ui->scale = a->ctrl_scale;
    if (toggles_h) {
        ui_layout_begin(ui, (ui_Rect){r.x + pad, r.y + r.h - toggles_h, r.w - 2 * pad, toggles_h});
        int halves[2] = {(r.w - 2 * pad) / 2 - ui_px(ui, 4), 0};
        ui_layout_row(ui, toggles_row ? 2 : 1, toggles_row ? halves : NULL, ui_px(ui, 28));
        if (toggles_row)
            ui->widget_font = UI_FONT_SMALL;
        if (app_test(a))
            ui_checkbox(ui, tr(toggles_row ? STR_OUT_SHOW_TEST_SHORT : STR_OUT_SHOW_TEST), &a->show_test);
        if (view == APP_VIEW_PLANE &&
            ui_checkbox(ui, tr(toggles_row ? STR_OUT_DISCRETIZE_SHORT : STR_OUT_DISCRETIZE), &a->discretize))
            app_heat(a)->drawn_step = -1;
        ui->widget_font = UI_FONT_BASE;
    }
    ui_unclip(ui);
    ui->scale = a->scale;
}
