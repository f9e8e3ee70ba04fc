/* panel_compare_menu.c - the Compare dialog (key V): pick a knob and 2 to 4
 * values, and the core builds the runs side by side (APP_CMD_COMPARE): same
 * data, same initial weights, same batch order, one transport. The runs'
 * figures are listed in their colours; Show makes a run the one the main
 * view shows (and the others' curves stay in the loss chart), Back to one
 * run keeps only the shown one. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/compare.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

/* The command's text: "knob=values" or "activation:N=values". */
static void vary_text(const app_State *a, char *out, size_t len)
{
    if (a->cmp.knob == APP_KNOB_ACTIVATION && a->cmp.layer > 0)
        snprintf(out, len, "%s:%d=%s", app_knob_name(APP_KNOB_ACTIVATION), a->cmp.layer,
                 a->cmp.values);
    else
        snprintf(out, len, "%s=%s", app_knob_name((app_Knob)a->cmp.knob), a->cmp.values);
}

/* Every run's heatmaps from its snapshot, not only the shown run's, so
 * each small multiple shows its own decision boundary. The focus belongs to
 * the UI thread: switching it for a moment touches no run. */
static void refresh_heatmaps(app_State *a)
{
    int shown = a->core.focus;
    for (int i = 0; i < a->core.n_runs; i++) {
        if (i == shown)
            continue;
        a->core.focus = i;
        app_heat_update(a);
    }
    a->core.focus = shown;
}

/* One run's small multiple: its decision boundary (plane data), colour,
 * name, figures, and Show (or "shown"). */
static void run_cell(app_State *a, int i, ui_Rect r, int pic)
{
    ui_Context *ui = &a->ui;
    const app_Run *run = a->core.runs[i];
    int fs = ui_font(ui, UI_FONT_BASE), th = ui_text_height(ui, fs);
    int sfs = ui_font(ui, UI_FONT_SMALL), sth = ui_text_height(ui, sfs);
    int y = r.y;
    ui_Color c = app_rgb(run->color);
    if (pic > 0) {
        ui_Rect p = {r.x + (r.w - pic) / 2, y, pic, pic};
        if (run->heat.tex_out)
            ui_draw_image(ui, run->heat.tex_out, p);
        else
            ui_draw_rect(ui, p, ui->style.field);
        ui_draw_box(ui, p, c, ui_px(ui, i == a->core.focus ? 3 : 2));
        y += pic + ui_px(ui, 6);
    }
    ui_draw_rect(ui, (ui_Rect){r.x, y + th / 4, th * 2 / 3, th * 2 / 3}, c);
    char name[64];
    app_fit_text(a, fs, 1, run->label, r.w - th, name, sizeof name);
    ui_draw_text(ui, fs, 1, r.x + th, y, name, ui->style.text);
    y += th + ui_px(ui, 2);
    const i18n_Id caps[3] = {STR_TOP_TRAIN_LOSS, STR_TOP_TEST_LOSS, STR_TOP_TEST_ACC};
    const double vals[3] = {run->m_train.loss, run->m_test.loss, run->m_test.accuracy};
    for (int k = 0; k < 3; k++) {
        char v[32], line[96], fit[96];
        app_fmt_value(vals[k], v, sizeof v);
        snprintf(line, sizeof line, "%s %s", tr(caps[k]), v);
        app_fit_text(a, sfs, 0, line, r.w, fit, sizeof fit);
        ui_draw_text(ui, sfs, 0, r.x, y, fit,
                     run->diverged ? app_rgb(0xc0392b) : ui->style.text_muted);
        y += sth + ui_px(ui, 1);
    }
    y += ui_px(ui, 4);
    ui_Rect br = {r.x, y, r.w, r.y + r.h - y};
    if (i == a->core.focus) {
        ui_draw_text_in(ui, br, fs, 0, tr(STR_CMP_MENU_SHOWN), ui->style.text_muted, 0);
    } else {
        ui_push_id_int(ui, i);
        if (ui_button_at(ui, ui_id_str(ui, "show"), br, tr(STR_CMP_MENU_SHOW), 0))
            app_push(a, app_cmd_i(APP_CMD_SELECT_RUN, i));
        ui_pop_id(ui);
    }
}

/* The learning rates of the what-if strip: too small, right, too large, diverged. */
static const float whatif_lr[8] = {1e-4f, 1e-3f, 0.01f, 0.03f, 0.1f, 0.3f, 1.0f, 10.0f};
#define WHATIF_MAX_STEPS 2000 /* a preview re-trains at most this far (a few ms) */

/* One preview a frame, round robin, from the shown run's experiment and step. */
static void whatif_update(app_State *a)
{
    int k = a->cmp.whatif_next;
    a->cmp.whatif_next = (k + 1) % 8;
    nn_Experiment e = *app_spec(a);
    e.opt.lr = whatif_lr[k];
    int64_t steps = app_snap(a)->cursor.step;
    if (steps > WHATIF_MAX_STEPS)
        steps = WHATIF_MAX_STEPS;
    const nn_Dataset *d = app_train(a);
    float m = 0;
    for (int i = 0; i < d->n; i++)
        for (int c = 0; c < 2; c++) {
            float v = fabsf(nn_dataset_x(d, i, c));
            if (isfinite(v) && v > m)
                m = v;
        }
    char err[256];
    /* the shown run's data (points drawn by hand included), only read, as
     * the runs read it */
    a->cmp.whatif_ready[k] = app_whatif_run(&e, (nn_Dataset *)app_train(a),
                                            (nn_Dataset *)app_test(a), steps,
                                            m <= 6.0f ? 6.0f : ceilf(m * 1.1f),
                                            &a->cmp.whatif[k], err, sizeof err) == 0;
}

/* The strip: each learning rate's decision boundary, learning rate and loss. */
static void whatif_strip(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    int sfs = ui_font(ui, UI_FONT_SMALL), sth = ui_text_height(ui, sfs);
    int64_t steps = app_snap(a)->cursor.step;
    char b[160];
    snprintf(b, sizeof b, tr(STR_CMP_WHATIF),
             (long long)(steps > WHATIF_MAX_STEPS ? WHATIF_MAX_STEPS : steps));
    char fit[160];
    app_fit_text(a, sfs, 1, b, r.w, fit, sizeof fit);
    ui_draw_text(ui, sfs, 1, r.x, r.y, fit, ui->style.text);
    int gap = ui_px(ui, 6), side = (r.w - 7 * gap) / 8, y = r.y + sth + ui_px(ui, 4);
    enum { G = APP_WHATIF_GRID };
    for (int k = 0; k < 8; k++) {
        int x = r.x + k * (side + gap);
        const app_WhatIf *w = &a->cmp.whatif[k];
        ui_Rect p = {x, y, side, side};
        ui_draw_rect(ui, p, ui->style.field);
        if (a->cmp.whatif_ready[k] && !w->diverged) {
            uint32_t px[G * G];
            for (int i = 0; i < G * G; i++)
                px[i] = viz_pack(viz_diverging_shaded(w->out[i]));
            if (!a->cmp.whatif_tex[k])
                a->cmp.whatif_tex[k] = plat_texture_create(a->plat, G, G, 0);
            if (a->cmp.whatif_tex[k]) {
                plat_texture_update(a->plat, a->cmp.whatif_tex[k], px, G);
                ui_draw_image(ui, a->cmp.whatif_tex[k], p);
            }
        } else if (a->cmp.whatif_ready[k]) {
            ui_draw_text_in(ui, p, sfs, 1, tr(STR_CMP_DIVERGED_CELL), app_rgb(0xc0392b), 0);
        }
        ui_draw_box(ui, p, ui->style.border, 1);
        char v[32], l[32];
        snprintf(v, sizeof v, "%g", (double)whatif_lr[k]);
        ui_draw_text_in(ui, (ui_Rect){x, y + side + ui_px(ui, 2), side, sth}, sfs, 1, v,
                        ui->style.text, 0);
        app_fmt_value(a->cmp.whatif_ready[k] ? w->loss : NAN, l, sizeof l);
        ui_draw_text_in(ui, (ui_Rect){x, y + side + sth + ui_px(ui, 2), side, sth}, sfs, 0, l,
                        ui->style.text_muted, 0);
    }
}

void app_panel_compare_menu(app_State *a)
{
    ui_Context *ui = &a->ui;
    if (!a->cmp.open) {
        for (int k = 0; k < 8; k++) /* closed: its pictures go */
            if (a->cmp.whatif_tex[k]) {
                plat_texture_destroy(a->plat, a->cmp.whatif_tex[k]);
                a->cmp.whatif_tex[k] = 0;
            }
        return;
    }
    if (a->cmp.filled_for != a->cmp.knob + 1) {
        snprintf(a->cmp.values, sizeof a->cmp.values, "%s",
                 app_knob_suggestion((app_Knob)a->cmp.knob));
        a->cmp.filled_for = a->cmp.knob + 1;
    }
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_BIG);
    int th = ui_text_height(ui, base), tb = ui_text_height(ui, big);
    int pad = ui_px(ui, 18), rowh = th + ui_px(ui, 14), gap = ui_px(ui, 10);
    int sth = ui_text_height(ui, ui_font(ui, UI_FONT_SMALL));
    int n = a->core.n_runs;
    int w = ui_px(ui, 720);
    if (w > ui->width - 20)
        w = ui->width - 20;
    int cw = (w - 2 * pad - (n - 1) * gap) / n;
    int pic = app_view_of(a) == APP_VIEW_PLANE ? (cw < ui_px(ui, 150) ? cw : ui_px(ui, 150)) : 0;
    int cell_h = pic + ui_px(ui, 6) + th + 3 * (sth + ui_px(ui, 1)) + ui_px(ui, 8) + rowh;
    int strip_h = pic > 0 ? sth + ui_px(ui, 4) + (w - 2 * pad - 7 * ui_px(ui, 6)) / 8 + 2 * sth +
                                ui_px(ui, 6) + gap
                          : 0;
    int h = 2 * pad + tb + th + 3 * (th + rowh + gap) + gap + (n > 1 ? cell_h : 0) + strip_h;
    ui_Rect r = {(ui->width - w) / 2, (ui->height - h) / 3, w, h};
    if (r.y < 0)
        r.y = 0;
    a->cmp.rect = r;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui->in_overlay = 1;
    ui_draw_rect(ui, r, ui->style.panel);
    ui_draw_box(ui, r, ui->style.accent, ui_px(ui, 2));
    int x = r.x + pad, y = r.y + pad, iw = r.w - 2 * pad;
    ui_draw_text(ui, big, 1, x, y, tr(STR_CMP_MENU_TITLE), ui->style.text);
    y += tb;
    ui_draw_text(ui, ui_font(ui, UI_FONT_SMALL), 0, x, y, tr(STR_CMP_MENU_HINT),
                 ui->style.text_muted);
    y += th + gap;

    /* knob and (activation) layer */
    const char *knobs[APP_KNOB_COUNT];
    for (int k = 0; k < APP_KNOB_COUNT; k++)
        knobs[k] = app_knob_label((app_Knob)k);
    int half = (iw - gap) / 2;
    ui_draw_text(ui, base, 0, x, y, tr(STR_CMP_MENU_KNOB), ui->style.text_muted);
    if (a->cmp.knob == APP_KNOB_ACTIVATION)
        ui_draw_text(ui, base, 0, x + half + gap, y, tr(STR_CMP_MENU_LAYER), ui->style.text_muted);
    y += th;
    ui_dropdown_at(ui, ui_id_str(ui, "cmp-knob"), (ui_Rect){x, y, half, rowh}, &a->cmp.knob,
                   knobs, APP_KNOB_COUNT);
    if (a->cmp.knob == APP_KNOB_ACTIVATION) {
        static char names[APP_MAX_HIDDEN_UI][48];
        const char *layers[APP_MAX_HIDDEN_UI + 1];
        int nh = app_spec(a)->n_hidden < APP_MAX_HIDDEN_UI ? app_spec(a)->n_hidden
                                                            : APP_MAX_HIDDEN_UI;
        layers[0] = tr(STR_CMP_MENU_ALL_LAYERS);
        for (int l = 0; l < nh; l++) {
            snprintf(names[l], sizeof names[l], tr(STR_CMP_MENU_HIDDEN), l + 1);
            layers[l + 1] = names[l];
        }
        if (a->cmp.layer > nh)
            a->cmp.layer = 0;
        ui_dropdown_at(ui, ui_id_str(ui, "cmp-layer"), (ui_Rect){x + half + gap, y, half, rowh},
                       &a->cmp.layer, layers, nh + 1);
    }
    y += rowh + gap;

    /* values */
    ui_draw_text(ui, base, 0, x, y, tr(STR_CMP_MENU_VALUES), ui->style.text_muted);
    y += th;
    int res = ui_textbox_at(ui, ui_id_str(ui, "cmp-values"), (ui_Rect){x, y, iw, rowh},
                            a->cmp.values, (int)sizeof a->cmp.values);
    y += rowh + gap;

    /* buttons */
    int bw = (iw - gap) / 2;
    char text[APP_CMD_TEXT];
    if (ui_button_at(ui, ui_id_str(ui, "cmp-go"), (ui_Rect){x, y, bw, rowh}, tr(STR_CMP_MENU_GO),
                     UI_OPT_ACCENT) ||
        (res & UI_RES_SUBMIT && ui_key_pressed(ui, UI_KEY_ENTER, -1))) {
        vary_text(a, text, sizeof text);
        app_push(a, app_cmd_text(APP_CMD_COMPARE, text));
    }
    if (ui_button_at(ui, ui_id_str(ui, "cmp-one"), (ui_Rect){x + bw + gap, y, bw, rowh},
                     tr(STR_CMP_MENU_ONE), n > 1 ? 0 : UI_OPT_DISABLED) && n > 1)
        app_push(a, app_cmd_text(APP_CMD_COMPARE, ""));
    y += rowh + gap * 2;

    /* the runs side by side, once there are several */
    if (n > 1) {
        if (pic > 0)
            refresh_heatmaps(a);
        for (int i = 0; i < n; i++)
            run_cell(a, i, (ui_Rect){x + i * (cw + gap), y, cw, cell_h}, pic);
        y += cell_h + gap;
    }
    /* what if the learning rate were another: the strip over its range */
    if (strip_h > 0) {
        whatif_update(a);
        whatif_strip(a, (ui_Rect){x, y, iw, strip_h - gap});
    }
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
    if (ui_key_pressed(ui, UI_KEY_ESCAPE, -1) && !ui->text_focus)
        a->cmp.open = 0;
    if (ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui->popup &&
        !ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y) &&
        !ui_rect_contains(ui->popup_rect, ui->in.mouse_x, ui->in.mouse_y))
        a->cmp.open = 0;
}
