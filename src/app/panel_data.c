/* panel_data.c - the data column: Playground's six data sets as thumbnails,
 * train/test ratio, noise, batch size, regenerate, and drawing your own. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

static const i18n_Id set_titles[NN_PG_COUNT] = {
    [NN_PG_CIRCLE] = STR_DATA_SET_CIRCLE, [NN_PG_XOR] = STR_DATA_SET_XOR,
    [NN_PG_GAUSS] = STR_DATA_SET_GAUSS,   [NN_PG_SPIRAL] = STR_DATA_SET_SPIRAL,
    [NN_PG_PLANE] = STR_DATA_SET_PLANE,   [NN_PG_MULTIGAUSS] = STR_DATA_SET_MULTIGAUSS};

/* A line of text cut to the panel's edge (small fonts are wider for their
 * size than large ones). */
static void line(app_State *a, int font_px, int bold, int x, int y, int w, const char *text, ui_Color c)
{
    char fit[160];
    app_fit_text(a, font_px, bold, text, w, fit, sizeof fit);
    ui_draw_text(&a->ui, font_px, bold, x, y, fit, c);
}

/* The slider just drawn under label, hovered or held: the value the
 * pointer is at is previewed over the plot (whatif_hover.c). */
static void slider_want(app_State *a, const char *label, int knob, float lo, float hi, float step)
{
    ui_Context *ui = &a->ui;
    ui_Id id = ui_id_str(ui, label);
    if (ui->last_id == id && (ui->hover == id || ui->focus == id))
        app_wh_want(a, knob, ui_slider_value_at(ui, ui->last_rect, ui->in.mouse_x, lo, hi, step));
}

void app_panel_data(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const nn_Experiment *e = app_spec(a);
    app_panel_frame(a, r, tr(STR_DATA_TITLE));
    int pad = ui_px(ui, 10);
    int y = r.y + ui_px(ui, 36);
    int x = r.x + pad, w = r.w - 2 * pad;
    int sm = ui_font(ui, UI_FONT_SMALL), base = ui_font(ui, UI_FONT_BASE);
    int lh = ui_text_height(ui, sm);
    ui_clip(ui, r);

    line(a, sm, 0, x, y, r.x + r.w - 1 - x, tr(STR_DATA_WHICH), ui->style.text_muted);
    y += lh + ui_px(ui, 4);
    int gap = ui_px(ui, 8);
    int t = (w - 2 * gap) / 3;
    int cur = e->data.kind == NN_SRC_PLAYGROUND ? (int)e->data.playground : -1;
    int sets = !app_ctl_hidden(a, APP_CTL_DATASET);
    if (sets)
        app_cue_control(a, APP_CTL_DATASET, (ui_Rect){x, y, w, 2 * t + gap});
    for (int k = 0; k < NN_PG_COUNT && sets; k++) {
        ui_Rect tile = {x + (k % 3) * (t + gap), y + (k / 3) * (t + gap), t, t};
        ui_push_id_int(ui, k);
        ui_Id id = ui_id_str(ui, "data-set");
        ui_pop_id(ui);
        ui_update_control(ui, id, tile);
        ui_draw_image(ui, a->tex_thumb[k], tile);
        int sel = k == cur;
        ui_draw_box(ui, tile, sel ? ui->style.accent : (ui->hover == id ? ui->style.focus : ui->style.border),
                    sel ? ui_px(ui, 3) : 1);
        if (ui->hover == id) {
            ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tr(set_titles[k]));
            if (ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui->mouse_swallowed && k != cur)
                app_push(a, app_cmd_i(APP_CMD_SET_DATASET, k));
        }
    }
    if (sets)
        y += 2 * t + gap + ui_px(ui, 10);

    ui_layout_begin(ui, (ui_Rect){x, y, w, r.y + r.h - y});
    int rowh = ui_px(ui, 24);
    ui_layout_row(ui, 1, NULL, rowh);
    /* a short column (a lesson's band under it) keeps the controls that
     * fit whole and hides the rest: a slider is its label and its track */
    int foot = r.y + r.h - pad, slider_h = 2 * (rowh + ui_px(ui, (float)ui->style.spacing));
    if (e->data.kind == NN_SRC_PLAYGROUND || e->data.kind == NN_SRC_CSV ||
        e->data.kind == NN_SRC_REG1D || e->data.kind == NN_SRC_BINARY) {
        float ratio = (float)(e->data.train_ratio * 100.0);
        int y0 = ui_layout_y(ui);
        if (!app_ctl_hidden(a, APP_CTL_TRAIN_RATIO) && ui_layout_y(ui) + slider_h <= foot &&
            ui_slider_labeled(ui, tr(STR_DATA_TRAIN_RATIO), &ratio, 10, 90, 10, "%.0f%%") & UI_RES_CHANGE) {
            app_push(a, app_cmd_f(APP_CMD_SET_TRAIN_RATIO, ratio / 100.0));
        }
        app_cue_control(a, APP_CTL_TRAIN_RATIO, (ui_Rect){x, y0, w, ui_layout_y(ui) - y0});
    } else {
        char line[96], n1[32], n2[32];
        ui_label(ui, app_train(a)->name);
        app_fmt_count(app_train(a)->n, n1, sizeof n1);
        app_fmt_count(app_test(a) ? app_test(a)->n : 0, n2, sizeof n2);
        snprintf(line, sizeof line, tr(STR_DATA_COUNTS), n1, n2);
        ui_label_muted(ui, line);
    }
    if (e->data.kind == NN_SRC_PLAYGROUND && !app_ctl_hidden(a, APP_CTL_NOISE) &&
        ui_layout_y(ui) + slider_h <= foot) {
        float noise = (float)e->data.noise;
        int y0 = ui_layout_y(ui);
        if (ui_slider_labeled(ui, tr(STR_DATA_NOISE), &noise, 0, 50, 5, "%.0f") & UI_RES_CHANGE) {
            app_push(a, app_cmd_f(APP_CMD_SET_NOISE, noise));
        }
        app_cue_control(a, APP_CTL_NOISE, (ui_Rect){x, y0, w, ui_layout_y(ui) - y0});
        slider_want(a, tr(STR_DATA_NOISE), APP_WH_NOISE, 0, 50, 5);
    }
    float bs = (float)e->batch_size;
    float bmax = app_train(a)->n > 1000 ? 256 : 30;
    if (!app_ctl_hidden(a, APP_CTL_BATCH_SIZE) && ui_layout_y(ui) + slider_h <= foot) {
        int y0 = ui_layout_y(ui);
        if (ui_slider_labeled(ui, tr(STR_DATA_BATCH_SIZE), &bs, 1, bmax, 1, "%.0f") & UI_RES_CHANGE) {
            app_push(a, app_cmd_i(APP_CMD_SET_BATCH_SIZE, (int)bs));
        }
        app_cue_control(a, APP_CTL_BATCH_SIZE, (ui_Rect){x, y0, w, ui_layout_y(ui) - y0});
        slider_want(a, tr(STR_DATA_BATCH_SIZE), APP_WH_BATCH, 1, bmax, 1);
    }
    ui_layout_row(ui, 1, NULL, ui_px(ui, 34));
    if ((e->data.kind == NN_SRC_PLAYGROUND || e->data.kind == NN_SRC_REG1D ||
         e->data.kind == NN_SRC_BINARY) && ui_layout_y(ui) + ui_px(ui, 34) <= foot) {
        if (ui_button(ui, tr(STR_DATA_REGENERATE))) {
            app_push(a, app_cmd(APP_CMD_REGENERATE));
        }
    }

    /* drawing your own points (2-D sets), as much of it as the column holds */
    if (app_view_of(a) == APP_VIEW_PLANE) {
        int bottom = r.y + r.h - pad;
        int bh = ui_px(ui, 32);
        y = ui_layout_y(ui) + ui_px(ui, 14);
        if (y + ui_text_height(ui, base) + bh + ui_px(ui, 4) <= bottom) {
            ui_draw_rect(ui, (ui_Rect){x, y - ui_px(ui, 6), w, 1}, ui->style.border);
            line(a, base, 1, x, y, r.x + r.w - 1 - x, tr(STR_DATA_DRAW), ui->style.text);
            y += ui_text_height(ui, base) + ui_px(ui, 2);
            if (y + 2 * lh + bh + ui_px(ui, 6) <= bottom) {
                line(a, sm, 0, x, y, r.x + r.w - 1 - x, tr(STR_DATA_DRAW_ADD), ui->style.text_muted);
                y += lh;
                line(a, sm, 0, x, y, r.x + r.w - 1 - x, tr(STR_DATA_DRAW_REMOVE), ui->style.text_muted);
                y += lh + ui_px(ui, 6);
            }
            int bw = (w - gap) / 2;
            const char *names[2] = {tr(STR_DATA_ORANGE), tr(STR_DATA_BLUE)};
            for (int k = 1; k >= 0; k--) {
                ui_Rect br = {x + (1 - k) * (bw + gap), y, bw, bh};
                ui_push_id_int(ui, k);
                ui_Id id = ui_id_str(ui, "draw-class");
                ui_pop_id(ui);
                ui_update_control(ui, id, br);
                int sel = a->draw_class == k;
                ui_draw_rect(ui, br, sel ? ui->style.button_active : (ui->hover == id ? ui->style.button_hover : ui->style.button));
                ui_draw_box(ui, br, sel ? ui->style.accent : ui->style.border, sel ? ui_px(ui, 2) : 1);
                viz_Color vc = viz_class_color(k);
                float rr = (float)ui_px(ui, 7);
                ui_draw_circle(ui, (float)br.x + rr + (float)ui_px(ui, 8), (float)(br.y + bh / 2), rr,
                               (ui_Color){vc.r, vc.g, vc.b, 255}, (ui_Color){255, 255, 255, 255});
                ui_draw_text_in(ui, (ui_Rect){br.x + ui_px(ui, 18), br.y, br.w - ui_px(ui, 18), bh}, base, 0,
                                names[k], ui->style.text, 0);
                if (ui->hover == id && ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui->mouse_swallowed)
                    a->draw_class = k;
            }
            y += bh + ui_px(ui, 6);
            /* start over: every point goes, training waits for two new ones */
            if (y + bh <= bottom) {
                ui_Rect cr = {x, y, w, bh};
                ui_Id cid = ui_id_str(ui, "draw-clear");
                if (ui_button_at(ui, cid, cr, tr(STR_DATA_CLEAR_POINTS), 0))
                    app_push(a, app_cmd(APP_CMD_CLEAR_POINTS));
                y += bh + ui_px(ui, 10);
            }
            if (y + 2 * lh <= bottom) {
                line(a, sm, 0, x, y, r.x + r.w - 1 - x, tr(STR_DATA_FEATURES_1), ui->style.text_muted);
                y += lh;
                line(a, sm, 0, x, y, r.x + r.w - 1 - x, tr(STR_DATA_FEATURES_2), ui->style.text_muted);
            }
        }
    }
    ui_unclip(ui);
}
