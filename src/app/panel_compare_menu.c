/* panel_compare_menu.c - the Compare dialog (key V): pick a knob and 2 to 4
 * values, and the core builds the runs side by side (APP_CMD_COMPARE): same
 * data, same initial weights, same batch order, one transport. The runs'
 * figures are listed in their colours; Show makes a run the one the main
 * view shows (and the others' curves stay in the loss chart), Back to one
 * run keeps only the shown one. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/compare.h"
#include "i18n/i18n.h"

static const i18n_Id knob_labels[APP_KNOB_COUNT] = {
    [APP_KNOB_ACTIVATION] = STR_CMP_KNOB_ACTIVATION, [APP_KNOB_OPTIMIZER] = STR_CMP_KNOB_OPTIMIZER,
    [APP_KNOB_LEARNING_RATE] = STR_CMP_KNOB_LR,      [APP_KNOB_BATCH_SIZE] = STR_CMP_KNOB_BATCH,
    [APP_KNOB_INIT] = STR_CMP_KNOB_INIT,             [APP_KNOB_REGULARIZATION] = STR_CMP_KNOB_REG,
    [APP_KNOB_REG_RATE] = STR_CMP_KNOB_REG_RATE,     [APP_KNOB_LOSS] = STR_CMP_KNOB_LOSS,
};

/* The command's text: "knob=values" or "activation:N=values". */
static void vary_text(const app_State *a, char *out, size_t len)
{
    if (a->cmp.knob == APP_KNOB_ACTIVATION && a->cmp.layer > 0)
        snprintf(out, len, "%s:%d=%s", app_knob_name(APP_KNOB_ACTIVATION), a->cmp.layer,
                 a->cmp.values);
    else
        snprintf(out, len, "%s=%s", app_knob_name((app_Knob)a->cmp.knob), a->cmp.values);
}

/* One run's row: colour, name, figures, and Show (or "shown"). */
static void run_row(app_State *a, int i, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const app_Run *run = a->core.runs[i];
    int fs = ui_font(ui, UI_FONT_BASE), th = ui_text_height(ui, fs);
    int cy = r.y + (r.h - th) / 2;
    ui_draw_rect(ui, (ui_Rect){r.x, r.y + r.h / 2 - th / 3, th * 2 / 3, th * 2 / 3},
                 app_rgb(run->color));
    ui_draw_text(ui, fs, 1, r.x + th, cy, run->label, ui->style.text);
    char l[32], tl[32], ta[32], b[160];
    app_fmt_value(run->m_train.loss, l, sizeof l);
    app_fmt_value(run->m_test.loss, tl, sizeof tl);
    app_fmt_value(run->m_test.accuracy, ta, sizeof ta);
    snprintf(b, sizeof b, tr(STR_CMP_ROW), l, tl, ta);
    int bw = ui_px(ui, 80);
    int nx = r.x + th + ui_px(ui, 120);
    int sfs = ui_font(ui, UI_FONT_SMALL);
    char fit[160];
    app_fit_text(a, sfs, 0, b, r.x + r.w - bw - ui_px(ui, 8) - nx, fit, sizeof fit);
    ui_draw_text(ui, sfs, 0, nx, r.y + (r.h - ui_text_height(ui, sfs)) / 2, fit,
                 run->diverged ? app_rgb(0xc0392b) : ui->style.text_muted);
    ui_Rect br = {r.x + r.w - bw, r.y, bw, r.h};
    if (i == a->core.focus) {
        ui_draw_text_in(ui, br, fs, 0, tr(STR_CMP_MENU_SHOWN), ui->style.text_muted, 0);
    } else {
        ui_push_id_int(ui, i);
        if (ui_button_at(ui, ui_id_str(ui, "show"), br, tr(STR_CMP_MENU_SHOW), 0))
            app_push(a, app_cmd_i(APP_CMD_SELECT_RUN, i));
        ui_pop_id(ui);
    }
}

void app_panel_compare_menu(app_State *a)
{
    ui_Context *ui = &a->ui;
    if (!a->cmp.open)
        return;
    if (a->cmp.filled_for != a->cmp.knob + 1) {
        snprintf(a->cmp.values, sizeof a->cmp.values, "%s",
                 app_knob_suggestion((app_Knob)a->cmp.knob));
        a->cmp.filled_for = a->cmp.knob + 1;
    }
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_BIG);
    int th = ui_text_height(ui, base), tb = ui_text_height(ui, big);
    int pad = ui_px(ui, 18), rowh = th + ui_px(ui, 14), gap = ui_px(ui, 10);
    int n = a->core.n_runs;
    int w = ui_px(ui, 720), h = 2 * pad + tb + th + 3 * (th + rowh + gap) + gap + n * rowh;
    if (w > ui->width - 20)
        w = ui->width - 20;
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
        knobs[k] = tr(knob_labels[k]);
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

    /* the runs */
    for (int i = 0; i < n; i++) {
        run_row(a, i, (ui_Rect){x, y, iw, rowh - ui_px(ui, 4)});
        y += rowh;
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
