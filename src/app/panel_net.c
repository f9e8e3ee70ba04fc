/* panel_net.c - the network: neurons as tiles in columns, each tile the
 * neuron's output over the input plane; edges coloured by sign and sized by
 * magnitude (weights, gradients or the last update); biases as small squares.
 * Hover an edge or bias for its value, click to type a new one. +/- add and
 * remove layers and neurons; each layer's activation is chosen below it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/net_dropout.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

static const i18n_Id edge_names[] = {
    [APP_EDGE_WEIGHT] = STR_NET_EDGES_WEIGHTS, [APP_EDGE_GRAD] = STR_NET_EDGES_GRADIENTS,
    [APP_EDGE_UPDATE] = STR_NET_EDGES_UPDATE};
/* The menu under each layer (narrower names than app_act_short's). */
static const i18n_Id act_names[NN_ACT_COUNT] = {
    [NN_ACT_LINEAR] = STR_ACT_LINEAR,     [NN_ACT_SIGMOID] = STR_ACT_SIGMOID,
    [NN_ACT_TANH] = STR_ACT_TANH,         [NN_ACT_RELU] = STR_ACT_RELU,
    [NN_ACT_LEAKY_RELU] = STR_ACT_LEAKY_RELU_MENU,
    [NN_ACT_ELU] = STR_ACT_ELU,           [NN_ACT_SOFTPLUS] = STR_ACT_SOFTPLUS,
    [NN_ACT_SWISH] = STR_ACT_SWISH,       [NN_ACT_SOFTMAX] = STR_ACT_SOFTMAX};
/* Beside the input tiles, by feature bit. */
static const i18n_Id feat_labels[NN_FEAT_COUNT] = {
    STR_FEAT_LABEL_X1,    STR_FEAT_LABEL_X2,     STR_FEAT_LABEL_X1_SQ, STR_FEAT_LABEL_X2_SQ,
    STR_FEAT_LABEL_X1_X2, STR_FEAT_LABEL_SIN_X1, STR_FEAT_LABEL_SIN_X2};


static ui_Color to_ui(viz_Color c, uint8_t alpha)
{
    return (ui_Color){c.r, c.g, c.b, alpha};
}

int app_input_index(uint32_t features, int k)
{
    if (!features)
        return k;
    int input = 0;
    for (int b = 0; b < k; b++)
        input += (features >> b) & 1u;
    return input;
}

int app_input_tile(uint32_t features, int i)
{
    if (!features)
        return i;
    int seen = 0;
    for (int k = 0; k < NN_FEAT_COUNT; k++)
        if (features & (1u << k)) {
            if (seen == i)
                return k;
            seen++;
        }
    return i;
}

/* The value an edge shows (the edge menu's choice, or while stepping by
 * phase what the phase works on: app_step_layer_mode), and the scale that
 * maps it onto [-1, 1]. */
static const float *edge_values(app_State *a, int l)
{
    const app_Snap *S = app_snap(a);
    int active;
    int mode = app_step_layer_mode(a, l, &active);
    if (mode == APP_EDGE_GRAD)
        return S->have_grads ? S->grads + S->model->W_off[l] : NULL;
    if (mode == APP_EDGE_UPDATE)
        return S->have_grads ? S->update + S->model->W_off[l] : NULL;
    return S->model->W[l];
}

static const float *bias_values(app_State *a, int l)
{
    const app_Snap *S = app_snap(a);
    int active;
    int mode = app_step_layer_mode(a, l, &active);
    if (mode == APP_EDGE_GRAD)
        return S->have_grads ? S->grads + S->model->b_off[l] : NULL;
    if (mode == APP_EDGE_UPDATE)
        return S->have_grads ? S->update + S->model->b_off[l] : NULL;
    return S->model->b[l];
}

/* Gradients and updates are small: show them relative to the largest of
 * the layers that show the same kind of value. */
static float mode_gain(app_State *a, int mode)
{
    if (mode == APP_EDGE_WEIGHT)
        return 1.0f;
    const nn_Model *m = app_model(a);
    float mx = 0;
    for (int l = 0; l < m->arch.n_layers; l++) {
        int active;
        if (app_step_layer_mode(a, l, &active) != mode)
            continue;
        const float *v = edge_values(a, l), *b = bias_values(a, l);
        size_t n = (size_t)m->arch.sizes[l] * (size_t)m->arch.sizes[l + 1];
        for (size_t k = 0; v && k < n; k++)
            mx = fmaxf(mx, fabsf(v[k]));
        for (int k = 0; b && k < m->arch.sizes[l + 1]; k++)
            mx = fmaxf(mx, fabsf(b[k]));
    }
    return mx > 0 ? 1.0f / mx : 1.0f;
}

static void begin_edit(app_State *a, int l, int i, int j, float v)
{
    a->edit.active = 1;
    a->edit.layer = l;
    a->edit.i = i;
    a->edit.j = j;
    a->edit.x = a->ui.in.mouse_x;
    a->edit.y = a->ui.in.mouse_y;
    snprintf(a->edit.buf, sizeof a->edit.buf, "%.4g", (double)v);
    a->edit.fresh = 1;
    app_push(a, app_cmd(APP_CMD_PAUSE));
    /* the click that opened the editor is not also a click elsewhere */
    a->ui.in.mouse_pressed = 0;
}

static void edit_box(app_State *a)
{
    ui_Context *ui = &a->ui;
    int l = a->edit.layer, i = a->edit.i, j = a->edit.j;
    char cap[200], name[170];
    app_param_name(a, l, i, j, name, sizeof name);
    if (j < 0)
        snprintf(cap, sizeof cap, tr(STR_NET_EDIT_BIAS_OF), tr(STR_NET_BIAS), name);
    else
        snprintf(cap, sizeof cap, tr(STR_NET_EDIT_WEIGHT_OF), tr(STR_NET_WEIGHT), name);
    int sm = ui_font(ui, UI_FONT_SMALL), pad = ui_px(ui, 8);
    int w = ui_text_width(ui, sm, 0, cap) + 2 * pad;
    if (w < ui_px(ui, 200))
        w = ui_px(ui, 200);
    int h = ui_text_height(ui, sm) + ui_px(ui, 36) + 3 * pad;
    int x = a->edit.x + ui_px(ui, 10), y = a->edit.y + ui_px(ui, 10);
    if (x + w > ui->width)
        x = ui->width - w;
    if (y + h > ui->height)
        y = ui->height - h;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui->in_overlay = 1;
    ui_Rect r = {x, y, w, h};
    ui_draw_rect(ui, (ui_Rect){x + 3, y + 3, w, h}, (ui_Color){0, 0, 0, 50});
    ui_draw_rect(ui, r, ui->style.popup);
    ui_draw_box(ui, r, ui->style.focus, ui_px(ui, 2));
    ui_draw_text(ui, sm, 0, x + pad, y + pad, cap, ui->style.text_muted);
    ui_Rect tb = {x + pad, y + pad + ui_text_height(ui, sm) + pad / 2, w - 2 * pad, ui_px(ui, 34)};
    ui_Id id = ui_id_str(ui, "edit-value");
    ui_set_text_focus(ui, id);
    /* the current value is shown selected: typing a number replaces it, as in
     * a spreadsheet cell; Backspace or the arrows edit it instead */
    if (a->edit.fresh && ui->in.text[0]) {
        a->edit.buf[0] = '\0';
        a->edit.fresh = 0;
    } else if (a->edit.fresh && ui_key_pressed(ui, UI_KEY_BACKSPACE, -1)) {
        a->edit.fresh = 0;
    }
    int res = ui_textbox_at(ui, id, tb, a->edit.buf, (int)sizeof a->edit.buf);
    if (a->edit.fresh) { /* the selection highlight over the value */
        int tw = ui_text_width(ui, ui_font(ui, UI_FONT_BASE), 0, a->edit.buf);
        int p = ui_px(ui, (float)ui->style.pad);
        ui_draw_rect(ui, (ui_Rect){tb.x + p - ui_px(ui, 2), tb.y + ui_px(ui, 5), tw + ui_px(ui, 4),
                                   tb.h - ui_px(ui, 10)}, (ui_Color){8, 119, 189, 70});
    }
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
    if (res & UI_RES_SUBMIT) {
        char *end = NULL;
        float v = strtof(a->edit.buf, &end);
        if (end != a->edit.buf && isfinite(v)) {
            /* the run changes at this frame's sync, with training paused */
            app_Command c = app_cmd_i(APP_CMD_SET_PARAM, l);
            c.i[1] = i;
            c.i[2] = j;
            c.f = v;
            app_push(a, c);
        } else {
            app_set_status(a, 1, tr(STR_STATUS_NOT_A_NUMBER), a->edit.buf);
        }
        a->edit.active = 0;
    } else if (res & UI_RES_CANCEL) {
        a->edit.active = 0;
    }
}

/* ======================================================================== */
/* structure controls                                                        */
/* ======================================================================== */

static void small_button(app_State *a, const char *name, int l, ui_Rect r, const char *label,
                         int delta)
{
    ui_Context *ui = &a->ui;
    ui_push_id_int(ui, l);
    int res = ui_button_at(ui, ui_id_str(ui, name), r, label, 0);
    ui_pop_id(ui);
    if (!res)
        return;
    int v = app_spec(a)->hidden[l] + delta;
    if (v >= 1 && v <= APP_MAX_UNITS_UI) {
        app_Command c = app_cmd_i(APP_CMD_SET_UNITS, l);
        c.i[1] = v;
        app_push(a, c);
    }
}

/* Width right of the output tiles for the classes' names (font font):
 * the longest name and a gap, at most most; 0 when the outputs are not
 * classes or one output holds both (binary). */
static int class_label_room(app_State *a, int n_out, int font, int most)
{
    const nn_Dataset *d = app_train(a);
    if (d->task != NN_TASK_CLASSIFY || n_out < 2)
        return 0;
    int w = 0;
    for (int k = 0; k < n_out && k < APP_MAX_SHOWN; k++) {
        char buf[32];
        int tw = ui_text_width(&a->ui, font, 0, app_class_name(d, k, buf, sizeof buf));
        w = tw > w ? tw : w;
    }
    w += ui_px(&a->ui, 10);
    return w < most ? w : most;
}

/* ======================================================================== */
/* the panel                                                                 */
/* ======================================================================== */

void app_panel_net(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const nn_Model *m = app_model(a);
    const nn_Arch *ar = &m->arch;
    int L = ar->n_layers;
    int view = app_view_of(a);
    uint32_t features = app_train(a)->dim == 2 ? app_spec(a)->data.features : 0;
    if (r.w <= 0 || r.h <= 0)
        return;
    /* buttons, menus and captions at the controls' scale; the tiles, edges
     * and input labels grow with the zoom (see below) */
    float zs = a->scale;
    ui->scale = a->ctrl_scale;
    app_panel_frame(a, r, NULL);
    ui_clip(ui, r);

    int sm = ui_font(ui, UI_FONT_SMALL), base = ui_font(ui, UI_FONT_BASE);
    int pad = ui_px(ui, 10);
    /* Presenter mode (the controls hidden, as when zoomed in): the layer
     * buttons and the activation menus give their room to the tiles, and
     * the columns' captions and activations are text that grows with the
     * zoom, up to 1.5 times the controls. Their room is budgeted at that
     * largest size, so the tiles never shrink when zooming in. */
    int compact = !a->controls;
    float cap_s = compact ? fminf(a->label_scale, 1.5f * a->ctrl_scale) : a->ctrl_scale;
    ui->scale = cap_s;
    int cap_font = ui_font(ui, UI_FONT_SMALL);
    ui->scale = 1.5f * a->ctrl_scale;
    int cap_th_max = ui_text_height(ui, ui_font(ui, UI_FONT_SMALL));
    ui->scale = a->ctrl_scale;

    /* header: + - N HIDDEN LAYERS, edge mode */
    int hy = r.y + ui_px(ui, 8), bh = ui_px(ui, 30);
    char title[64];
    snprintf(title, sizeof title,
             tr(app_spec(a)->n_hidden == 1 ? STR_NET_HIDDEN_LAYER : STR_NET_HIDDEN_LAYERS), app_spec(a)->n_hidden);
    int tw = ui_text_width(ui, base, 1, title);
    int group = 2 * bh + ui_px(ui, 6) + ui_px(ui, 12) + tw;
    int gx = r.x + pad;
    int layers_hidden = compact || app_ctl_hidden(a, APP_CTL_LAYERS);
    if (!layers_hidden) {
        app_cue_control(a, APP_CTL_LAYERS, (ui_Rect){gx, hy, 2 * bh + ui_px(ui, 6), bh});
        if (ui_button_at(ui, ui_id_str(ui, "layer+"), (ui_Rect){gx, hy, bh, bh}, "+",
                         app_spec(a)->n_hidden >= APP_MAX_HIDDEN_UI ? UI_OPT_DISABLED : 0))
            app_push(a, app_cmd(APP_CMD_ADD_LAYER));
        if (ui_button_at(ui, ui_id_str(ui, "layer-"), (ui_Rect){gx + bh + ui_px(ui, 6), hy, bh, bh},
                         "\xe2\x88\x92", app_spec(a)->n_hidden == 0 ? UI_OPT_DISABLED : 0))
            app_push(a, app_cmd(APP_CMD_REMOVE_LAYER));
    }
    int ew = ui_px(ui, 150);
    ui_Rect er = {r.x + r.w - pad - ew, hy, ew, bh};
    int el = ui_text_width(ui, sm, 0, tr(STR_NET_EDGES));
    int title_x = layers_hidden ? gx + ui_px(ui, 6) : gx + 2 * bh + ui_px(ui, 18);
    if (title_x + tw + ui_px(ui, 8) > er.x - el - ui_px(ui, 14)) {
        /* narrow: the count alone, and no caption before the edge menu */
        snprintf(title, sizeof title, "%d", app_spec(a)->n_hidden);
        tw = ui_text_width(ui, base, 1, title);
        el = 0;
    }
    (void)group;
    ui_draw_text_in(ui, (ui_Rect){title_x - ui_px(ui, 6), hy, tw + ui_px(ui, 14), bh}, base, 1, title,
                    ui->style.text_muted, -1);
    if (el)
        ui_draw_text_in(ui, (ui_Rect){er.x - el - ui_px(ui, 14), hy, el + ui_px(ui, 12), bh}, sm, 0,
                        tr(STR_NET_EDGES), ui->style.text_muted, 1);
    ui->widget_font = UI_FONT_SMALL;
    const char *edge_items[3];
    tr_list(edge_items, edge_names, 3);
    ui_dropdown_at(ui, ui_id_str(ui, "edges"), er, &a->edge_mode, edge_items, 3);
    ui->widget_font = UI_FONT_BASE;

    /* stepping by phase: the caption strip under the header, at the labels'
     * scale (read from the back row, yet never crowding the network) */
    int cap_h = app_step_caption_h(a, r.w - 2 * pad);
    if (cap_h) {
        app_step_caption(a, (ui_Rect){r.x + pad, hy + bh + ui_px(ui, 6), r.w - 2 * pad, cap_h});
        cap_h += ui_px(ui, 6);
    }

    /* columns */
    int units[VIZ_MAX_COLS];
    int n_cols = L + 1;
    if (view == APP_VIEW_PLANE)
        units[0] = features ? NN_FEAT_COUNT : ar->sizes[0];
    else if (view == APP_VIEW_IMAGE)
        units[0] = 1;
    else
        units[0] = ar->sizes[0];
    for (int l = 0; l < L; l++)
        units[l + 1] = ar->sizes[l + 1];
    int head_h = ui_px(ui, 64), foot_h = ui_px(ui, 46);
    /* many layers: each activation menu would be narrower than its longest
     * name, so the menus take two staggered rows, each twice as wide */
    int menu_rows = (r.w - 2 * pad) / (n_cols > 0 ? n_cols : 1) < (int)lroundf(84.0f * a->ctrl_scale) ? 2 : 1;
    if (compact) {
        head_h = ui_px(ui, 12) + cap_th_max + ui_px(ui, 8);
        foot_h = ui_px(ui, 6) + menu_rows * (cap_th_max + ui_px(ui, 4));
    } else if (menu_rows == 2) {
        foot_h += (int)lroundf(32.0f * a->ctrl_scale);
    }
    float ay = (float)(hy + bh + head_h + cap_h);
    float ah = (float)(r.y + r.h - foot_h - (hy + bh + head_h + cap_h) - ui_text_height(ui, sm));
    int own_rect = r.y == a->lay.net.y && r.h == a->lay.net.h;
    if (compact && own_rect && a->lay.net_spare > 0 && ah - (float)a->lay.net_spare > 0.0f) {
        /* the room the top bar takes at the largest zoom stays blank, half
         * above the tiles and half below */
        ay += (float)(a->lay.net_spare / 2);
        ah -= (float)a->lay.net_spare;
    }
    viz_NetLayout *N = &a->net;
    /* Tiles up to 60 px at the content scale. Zoomed in, the tiles' room
     * sets the scale of what is drawn with them (edges, biases, the input
     * labels): a 50 px tile draws as at scale 1, never beyond the zoom. */
    float e = a->ctrl_scale;
    int out_lab_w = 0; /* the classes' names right of the output tiles */
    for (int pass = 0; pass < (zs > a->ctrl_scale ? 2 : 1); pass++) {
        /* room for the inputs' names: Playground's features, or a CSV's columns */
        int label_w = view == APP_VIEW_PLANE && features ? (int)lroundf(58.0f * e) : ui_px(ui, 10);
        const nn_Dataset *dn = app_train(a);
        if (!features && dn->col_names && view != APP_VIEW_IMAGE) {
            /* a CSV's column names, as long as the longest, up to a fifth of the panel */
            int sp = ui_font(ui, UI_FONT_SMALL);
            for (int c = 0; c < dn->dim && c < APP_MAX_SHOWN; c++) {
                int w = ui_text_width(ui, sp, 0, dn->col_names[c]) + ui_px(ui, 14);
                label_w = w > label_w ? w : label_w;
            }
            if (label_w > r.w / 5)
                label_w = r.w / 5;
        }
        if (view == APP_VIEW_PLANE && app_step_on(a)) /* the inputs' values before their names */
            label_w += (int)lroundf((float)ui_text_width(ui, sm, 0, "-0.0000") * e / ui->scale) +
                       (int)lroundf(6.0f * e);
        float ax = (float)(r.x + pad + label_w), aw = (float)(r.w - 2 * pad - label_w - ui_px(ui, 16));
        out_lab_w = class_label_room(a, units[n_cols - 1], sm, r.w / 6);
        aw -= (float)out_lab_w;
        float max_tile = (float)lroundf(60.0f * zs);
        if (app_step_on(a)) {
            /* stepping: the tallest layer's tiles leave room under each for the numbers */
            int most = 1;
            for (int c = 1; c < n_cols; c++)
                most = units[c] > most ? (units[c] < APP_MAX_SHOWN ? units[c] : APP_MAX_SHOWN) : most;
            float fit = (ah - (float)(most * app_step_label_room(a, e))) / (float)most;
            /* too small a tile to be worth it: numbers on hover instead */
            if (fit < max_tile && fit >= 36.0f * e)
                max_tile = fit;
        }
        if (viz_net_layout(N, units, n_cols, ax, ay, aw, ah, max_tile, (float)ui_px(ui, 6),
                           APP_MAX_SHOWN) != 0) {
            ui_unclip(ui);
            ui->scale = zs;
            return;
        }
        if (zs > a->ctrl_scale)
            e = app_pick_scale(a, N->tile / 50.0f);
    }
    int tile = (int)N->tile;
    /* stepping: room under the tiles for the row's numbers where the height
     * allows; a column without it shows them on hover only */
    int numbers_all = 0;
    if (app_step_on(a)) {
        int room = app_step_label_room(a, e);
        viz_net_spread(N, (float)room);
        numbers_all = 1;
        for (int c = 1; c < n_cols; c++)
            if (N->total[c] > N->shown[c] ||
                (N->shown[c] > 1 && N->col_pitch[c] - N->tile < (float)room))
                numbers_all = 0;
    }

    /* column headings: +/- and unit count for hidden layers; the input and
     * output captions hug the panel edges so they never meet the buttons */
    float col_gap = n_cols > 1 ? N->col_x[1] - N->col_x[0] : (float)r.w;
    for (int c = 0; c < n_cols; c++) {
        int cx = (int)N->col_x[c] + tile / 2;
        int ty = hy + bh + ui_px(ui, 8) + cap_h;
        if (compact) /* the captions stay with the tiles, which sit lower by half the spare room */
            ty = (int)ay - ui_px(ui, 10) - ui_text_height(ui, cap_font);
        char lab[96];
        /* the +/- buttons narrow with the columns (ten hidden layers at 1280 px) */
        int sb = ui_px(ui, 24);
        if (sb > ((int)col_gap - ui_px(ui, 8)) / 2)
            sb = ((int)col_gap - ui_px(ui, 8)) / 2 > ui_px(ui, 16) ? ((int)col_gap - ui_px(ui, 8)) / 2 : ui_px(ui, 16);
        if (c == 0 || c == n_cols - 1) {
            const char *cap = tr(c != 0 ? STR_NET_COL_OUTPUT
                                 : view == APP_VIEW_PLANE ? STR_NET_COL_FEATURES : STR_NET_COL_INPUT);
            /* the room between the panel's edge and the nearest hidden column's buttons */
            int room = r.w - 2 * pad;
            if (n_cols > 2) {
                int near = (int)N->col_x[c == 0 ? 1 : n_cols - 2] + tile / 2;
                room = c == 0 ? near - sb - ui_px(ui, 8) - (r.x + pad) : r.x + r.w - pad - (near + sb + ui_px(ui, 8));
            }
            if (compact) {
                /* up to the nearest hidden column's caption (no buttons there) */
                room = r.w / 2 - pad;
                if (n_cols > 2) {
                    int nc = c == 0 ? 1 : n_cols - 2;
                    char nl[96];
                    app_layer_caption(a, nc - 1, cap_font, (int)col_gap - ui_px(ui, 6), nl, sizeof nl);
                    int near = (int)N->col_x[nc] + tile / 2, half = ui_text_width(ui, cap_font, 0, nl) / 2;
                    room = c == 0 ? near - half - ui_px(ui, 10) - (r.x + pad)
                                  : r.x + r.w - pad - (near + half + ui_px(ui, 10));
                }
            }
            int lw = ui_text_width(ui, cap_font, 1, cap);
            if (lw > room) { /* crowded: the short caption, or none */
                cap = tr(c != 0 ? STR_NET_COL_OUTPUT_SHORT : STR_NET_COL_INPUT_SHORT);
                lw = ui_text_width(ui, cap_font, 1, cap);
            }
            int lx = c == 0 ? r.x + pad : r.x + r.w - pad - lw;
            if (lw <= room)
                ui_draw_text(ui, cap_font, 1, lx, ty + ui_px(ui, 4), cap, ui->style.text_muted);
            continue;
        }
        if (compact) {
            /* the count alone, larger, where the buttons were */
            app_layer_caption(a, c - 1, cap_font, (int)col_gap - ui_px(ui, 6), lab, sizeof lab);
            int lw = ui_text_width(ui, cap_font, 0, lab);
            ui_Rect lr = {cx - lw / 2, ty + ui_px(ui, 4), lw, ui_text_height(ui, cap_font)};
            if (c == 1)
                app_cue_control(a, APP_CTL_UNITS, lr);
            ui_draw_text(ui, cap_font, 0, lr.x, lr.y, lab, ui->style.text_muted);
            continue;
        }
        if (!app_ctl_hidden(a, APP_CTL_UNITS)) {
            if (c == 1)
                app_cue_control(a, APP_CTL_UNITS, (ui_Rect){cx - sb - ui_px(ui, 2), ty, 2 * sb + ui_px(ui, 4), sb});
            small_button(a, "unit+", c - 1, (ui_Rect){cx - sb - ui_px(ui, 2), ty, sb, sb}, "+", 1);
            small_button(a, "unit-", c - 1, (ui_Rect){cx + ui_px(ui, 2), ty, sb, sb}, "\xe2\x88\x92", -1);
        }
        /* the count, and the dropout rate when the layer has one */
        app_layer_caption(a, c - 1, sm, (int)col_gap - ui_px(ui, 6), lab, sizeof lab);
        int lw = ui_text_width(ui, sm, 0, lab);
        ui_draw_text(ui, sm, 0, cx - lw / 2, ty + ui_px(ui, 28), lab, ui->style.text_muted);
    }

    /* stepping by phase: a band behind the layer the last phase computed
     * (blue going forward, orange coming back; the whole net for the update) */
    if (app_snap(a)->phase_view && app_snap(a)->last_phase.layer >= -1 && (int)app_snap(a)->last_phase.kind >= 0) {
        nn_Phase ph = app_snap(a)->last_phase;
        int c0 = -1, c1 = -1;
        if (ph.kind == NN_PHASE_FORWARD || ph.kind == NN_PHASE_BACKWARD)
            c0 = c1 = ph.layer + 1;
        else if (ph.kind == NN_PHASE_LOSS)
            c0 = c1 = n_cols - 1;
        else if (ph.kind == NN_PHASE_UPDATE) {
            c0 = 1;
            c1 = n_cols - 1;
        }
        if (c0 >= 0 && c1 < n_cols) {
            ui_Color band = ph.kind == NN_PHASE_FORWARD ? (ui_Color){8, 119, 189, 34}
                            : ph.kind == NN_PHASE_UPDATE ? (ui_Color){95, 99, 104, 26}
                                                          : (ui_Color){245, 147, 34, 46};
            int bx0 = (int)N->col_x[c0] - ui_px(ui, 12), bx1 = (int)N->col_x[c1] + tile + ui_px(ui, 12);
            int by0 = (int)ay - ui_px(ui, 8), by1 = (int)(ay + ah) + ui_px(ui, 8);
            ui_draw_rect(ui, (ui_Rect){bx0, by0, bx1 - bx0, by1 - by0}, band);
        }
    }

    /* edges, under the tiles */
    ui->scale = e;
    float gains[3] = {mode_gain(a, APP_EDGE_WEIGHT), mode_gain(a, APP_EDGE_GRAD),
                      mode_gain(a, APP_EDGE_UPDATE)};
    float gain = gains[a->edge_mode];
    float sc = ui->scale * (N->tile < 40 ? 0.6f : 0.8f);
    int mx = ui->in.mouse_x, my = ui->in.mouse_y;
    int over_net = ui_mouse_over(ui, r) && !a->edit.active;
    int hl = -1, hi = 0, hj = 0;
    float hd = (float)ui_px(ui, 5);
    for (int l = 0; l < L; l++) {
        if (l == 0 && view == APP_VIEW_IMAGE)
            continue; /* 784 edges per neuron would be a grey wall */
        const float *v = edge_values(a, l);
        if (!v)
            continue;
        int active;
        int lmode = app_step_layer_mode(a, l, &active);
        float lgain = gains[lmode];
        int out = ar->sizes[l + 1];
        int n_src = ar->sizes[l];
        for (int i = 0; i < n_src; i++) {
            int ti = l == 0 ? app_input_tile(features, i) : i;
            if (ti >= N->shown[l])
                continue;
            for (int j = 0; j < out && j < N->shown[l + 1]; j++) {
                float w = v[(size_t)i * (size_t)out + (size_t)j] * lgain;
                float x0, y0, x1, y1;
                viz_edge_ends(N, l, ti, j, &x0, &y0, &x1, &y1);
                float width = lmode == APP_EDGE_WEIGHT ? viz_edge_width(w, sc)
                                                       : (1.0f + 4.0f * fminf(fabsf(w), 1.0f)) * sc;
                ui_Color col = to_ui(viz_diverging(w), active ? 255 : 60);
                float px0 = x0, py0 = y0;
                for (int s = 1; s <= VIZ_EDGE_SEGS; s++) {
                    float px1, py1;
                    viz_edge_point(x0, y0, x1, y1, (float)s / VIZ_EDGE_SEGS, &px1, &py1);
                    ui_draw_line(ui, px0, py0, px1, py1, width, col);
                    px0 = px1;
                    py0 = py1;
                }
                if (over_net) {
                    float d = viz_edge_distance(x0, y0, x1, y1, (float)mx, (float)my);
                    if (d < hd) {
                        hd = d;
                        hl = l;
                        hi = i;
                        hj = j;
                    }
                }
            }
        }
    }

    /* tiles and biases */
    const nn_Infer *one = app_heat(a)->one;
    int bias_hover_l = -1, bias_hover_j = 0;
    int tile_hover_c = -1, tile_hover_i = 0;
    for (int c = 0; c < n_cols; c++) {
        for (int i = 0; i < N->shown[c]; i++) {
            viz_RectF f = viz_net_tile(N, c, i);
            ui_Rect cell = {(int)f.x, (int)f.y, tile, tile};
            if (view == APP_VIEW_IMAGE && c == 0) {
                /* the input picture is worth more room than one tile */
                int big = (int)fminf(fminf(col_gap * 0.8f, ah), fmaxf((float)tile * 3.0f, ah * 0.45f));
                if (big > tile)
                    cell = (ui_Rect){(int)f.x, (int)(f.y + f.h / 2) - big / 2, big, big};
            }
            int tex = 0;
            if (view == APP_VIEW_PLANE || view == APP_VIEW_LINE)
                tex = app_heat(a)->tex[c][i];
            else if (view == APP_VIEW_IMAGE && c == 0)
                tex = app_heat(a)->tex_input_img;
            else if (view == APP_VIEW_IMAGE && c == 1)
                tex = app_heat(a)->tex[1][i];
            if (tex) {
                ui_draw_image(ui, tex, cell);
            } else if (one) {
                /* a flat tile: this neuron's value for the current sample */
                float val = 0;
                if (c == 0) {
                    const nn_Dataset *d = app_test(a) ? app_test(a) : app_train(a);
                    val = nn_dataset_x(d, a->sample < d->n ? a->sample : 0, i);
                } else {
                    nn_Act act = ar->act[c - 1];
                    val = one->a[c - 1][i];
                    /* a sigmoid's 0..1 spans Playground's two colours; a
                     * softmax unit is one class's probability: white at 0,
                     * blue as it nears 1 (2p - 1 painted every unlikely
                     * class a strong orange and the likely one pale) */
                    if (act == NN_ACT_SIGMOID)
                        val = 2 * val - 1;
                }
                ui_draw_rect(ui, cell, to_ui(viz_diverging(val), 255));
            }
            int active = !(c == 0 && view == APP_VIEW_PLANE && features && !(features & (1u << i)));
            if (!active)
                ui_draw_rect(ui, cell, (ui_Color){255, 255, 255, 190});
            if (c > 0 && app_step_dropped(a, c - 1, i))
                app_draw_dropped(a, cell); /* the selected row's dropout mask */
            if (c == 0 && active && view != APP_VIEW_IMAGE &&
                app_step_dropped(a, -1, app_input_index(features, i)))
                app_draw_dropped(a, cell); /* an input the row's mask dropped */
            int hot = over_net && ui_rect_contains(cell, mx, my);
            int picked = a->core.inspect.active && c > 0 && a->core.inspect.layer == c - 1 && a->core.inspect.unit == i;
            if (picked)
                ui_draw_box(ui, (ui_Rect){cell.x - ui_px(ui, 3), cell.y - ui_px(ui, 3),
                                          cell.w + ui_px(ui, 6), cell.h + ui_px(ui, 6)},
                            ui->style.accent, ui_px(ui, 3));
            ui_draw_box(ui, cell, hot ? ui->style.focus : (active ? app_rgb(0x9aa0a6) : ui->style.border),
                        hot ? ui_px(ui, 2) : 1);
            if (hot) {
                tile_hover_c = c;
                tile_hover_i = i;
            }
            if (c == 0 && view == APP_VIEW_PLANE && features) {
                const char *lab = tr(feat_labels[i]);
                int lpx = ui_font(ui, UI_FONT_BASE);
                int lw = ui_text_width(ui, lpx, 0, lab);
                ui_draw_text_in(ui, (ui_Rect){cell.x - lw - ui_px(ui, 10), cell.y, lw + ui_px(ui, 4),
                                              cell.h},
                                lpx, 0, lab, active ? ui->style.text : ui->style.text_muted, -1);
                /* stepping forward: the row's value of this input before its name */
                char num[32];
                if (active && app_step_input_value(a, app_input_index(features, i), num, sizeof num)) {
                    int spx = ui_font(ui, UI_FONT_SMALL);
                    int nw = ui_text_width(ui, spx, 0, num);
                    ui_draw_text_in(ui, (ui_Rect){cell.x - lw - ui_px(ui, 16) - nw, cell.y, nw + ui_px(ui, 2),
                                                  cell.h},
                                    spx, 0, num, ui->style.accent, -1);
                }
            } else if (c == 0 && !features && app_train(a)->col_names && i < app_train(a)->dim &&
                       view != APP_VIEW_IMAGE) {
                /* raw columns (a CSV): the header's names, cut to the room left of the tiles */
                int lpx = ui_font(ui, UI_FONT_SMALL), room = cell.x - (r.x + ui_px(ui, 6)) - ui_px(ui, 8);
                char lab[64];
                app_fit_text(a, lpx, 0, app_train(a)->col_names[i], room, lab, sizeof lab);
                int lw = ui_text_width(ui, lpx, 0, lab);
                if (room > ui_px(ui, 16))
                    ui_draw_text_in(ui, (ui_Rect){cell.x - lw - ui_px(ui, 8), cell.y, lw + ui_px(ui, 4), cell.h},
                                    lpx, 0, lab, ui->style.text, -1);
            }
            if (c == n_cols - 1 && out_lab_w > 0) {
                /* classes: each output named, as in the output panel's bars */
                char buf[32], lab[64];
                int room = r.x + r.w - pad - (cell.x + cell.w + ui_px(ui, 6));
                app_fit_text(a, sm, 0, app_class_name(app_train(a), i, buf, sizeof buf), room, lab, sizeof lab);
                ui_draw_text_in(ui, (ui_Rect){cell.x + cell.w + ui_px(ui, 6), cell.y, room, cell.h}, sm, 0, lab,
                                ui->style.text, -1);
            }
            /* bias square at the tile's lower left corner */
            if (c > 0) {
                const float *bv = bias_values(a, c - 1);
                int bact;
                float bgain = gains[app_step_layer_mode(a, c - 1, &bact)];
                int bs = tile >= 40 ? ui_px(ui, 11) : ui_px(ui, 8);
                ui_Rect br = {cell.x - bs / 2, cell.y + cell.h - bs / 2 - bs / 3, bs, bs};
                float b = bv ? bv[i] * bgain : 0.0f;
                int bhot = over_net && ui_rect_contains((ui_Rect){br.x - 3, br.y - 3, br.w + 6, br.h + 6}, mx, my);
                ui_draw_rect(ui, br, to_ui(viz_diverging(b), 255));
                ui_draw_box(ui, br, bhot ? ui->style.focus : app_rgb(0x5f6368), bhot ? 2 : 1);
                if (bhot) {
                    bias_hover_l = c - 1;
                    bias_hover_j = i;
                }
            }
        }
        if (N->total[c] > N->shown[c]) {
            /* say how many neurons are not drawn, centred under the column */
            char more[32];
            snprintf(more, sizeof more, tr(STR_NET_MORE), N->total[c] - N->shown[c]);
            int mw = ui_text_width(ui, sm, 0, more);
            if (mw > (int)col_gap - ui_px(ui, 8)) {
                snprintf(more, sizeof more, "+%d", N->total[c] - N->shown[c]);
                mw = ui_text_width(ui, sm, 0, more);
            }
            viz_RectF f = viz_net_tile(N, c, N->shown[c] - 1);
            int mx0 = (int)(f.x + f.w / 2) - mw / 2;
            if (mx0 + mw > r.x + r.w - pad)
                mx0 = r.x + r.w - pad - mw;
            /* a link: it opens every neuron of the layer (panel_gallery.c) */
            ui_Rect mr = {mx0, (int)(f.y + f.h) + ui_px(ui, 3), mw, ui_text_height(ui, sm)};
            int mhot = c > 0 && ui_mouse_over(ui, mr);
            ui_draw_text(ui, sm, 0, mr.x, mr.y, more, mhot ? ui->style.accent : ui->style.text_muted);
            if (mhot) {
                ui_draw_rect(ui, (ui_Rect){mr.x, mr.y + mr.h - 1, mr.w, 1}, ui->style.accent);
                ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tr(STR_NET_TIP_MORE));
                if (ui_mouse_pressed(ui, UI_MOUSE_LEFT)) {
                    a->gallery_col = c;
                    a->gallery_page = 0;
                }
            }
        }
    }

    app_step_numbers(a, r, numbers_all, tile_hover_c, tile_hover_i, 0, features);

    /* activation per layer, under its column */
    ui->scale = a->ctrl_scale;
    ui->widget_font = UI_FONT_SMALL;
    const char *act_items[NN_ACT_COUNT];
    tr_list(act_items, act_names, NN_ACT_COUNT);
    for (int l = 0; l < L && compact && !app_ctl_hidden(a, APP_CTL_ACTIVATION); l++) {
        /* presenter mode: each layer's activation named under its column
         * (Tab brings the menus back) */
        int c = l + 1, row = menu_rows == 2 ? l % 2 : 0;
        const char *name = act_items[(int)ar->act[l]];
        int nw = ui_text_width(ui, cap_font, 0, name), nth = ui_text_height(ui, cap_font);
        float gap = N->n_cols > 1 ? (N->col_x[1] - N->col_x[0]) * (float)menu_rows : (float)r.w;
        if ((float)nw > gap - (float)ui_px(ui, 6))
            continue; /* no room beside its neighbours: its tooltip still names it */
        ui_Rect nr = {(int)N->col_x[c] + tile / 2 - nw / 2,
                      (int)(ay + ah) + ui_text_height(ui, sm) + ui_px(ui, 4) + row * (cap_th_max + ui_px(ui, 4)),
                      nw, nth};
        if (nr.x + nr.w > r.x + r.w - pad)
            nr.x = r.x + r.w - pad - nr.w;
        if (l == 0)
            app_cue_control(a, APP_CTL_ACTIVATION, nr);
        ui_draw_text(ui, cap_font, 0, nr.x, nr.y, name, ui->style.text);
    }
    for (int l = 0; l < L && !compact && !app_ctl_hidden(a, APP_CTL_ACTIVATION); l++) {
        int c = l + 1;
        float gap = N->n_cols > 1 ? (N->col_x[1] - N->col_x[0]) * (float)menu_rows : (float)ui_px(ui, 96);
        int cw = (int)fminf((float)ui_px(ui, 96), gap - (float)ui_px(ui, 4));
        int cx = (int)N->col_x[c] + tile / 2;
        int row = menu_rows == 2 ? l % 2 : 0;
        ui_Rect dr = {cx - cw / 2, r.y + r.h - foot_h + ui_px(ui, 6) + row * ui_px(ui, 32), cw, ui_px(ui, 30)};
        if (dr.x + dr.w > r.x + r.w - ui_px(ui, 4))
            dr.x = r.x + r.w - ui_px(ui, 4) - dr.w; /* the output's menu stays in the panel */
        if (dr.x < r.x + ui_px(ui, 4))
            dr.x = r.x + ui_px(ui, 4);
        int act = (int)ar->act[l];
        /* softmax normalizes a layer into class probabilities: the menu
         * offers it for the output only (softmax is the last activation, so
         * the hidden layers' menu is the list without its last item); a
         * hidden softmax from a file still shows */
        int n_items = l == L - 1 || act == NN_ACT_SOFTMAX ? NN_ACT_COUNT : NN_ACT_SOFTMAX;
        if (l == 0)
            app_cue_control(a, APP_CTL_ACTIVATION, dr);
        ui_push_id_int(ui, l);
        if (ui_dropdown_at(ui, ui_id_str(ui, "act"), dr, &act, act_items, n_items)) {
            app_Command cmd = app_cmd_i(APP_CMD_SET_ACTIVATION, l);
            cmd.i[1] = act;
            app_push(a, cmd);
        }
        ui_pop_id(ui);
    }
    ui->widget_font = UI_FONT_BASE;

    /* the hovered tile, previewed in the output plot as Playground does */
    a->preview = view == APP_VIEW_PLANE && tile_hover_c >= 0 && tile_hover_i < APP_MAX_SHOWN &&
                 app_heat(a)->tex[tile_hover_c][tile_hover_i] != 0;
    a->preview_col = tile_hover_c;
    a->preview_unit = tile_hover_i;

    /* hover and click: bias first (it sits on top), then edges, then tiles */
    char tip[256];
    int click = ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui->mouse_swallowed;
    if (bias_hover_l >= 0) {
        const float *bv = bias_values(a, bias_hover_l);
        float b = bv ? bv[bias_hover_j] : NAN;
        int bact, bmode = app_step_layer_mode(a, bias_hover_l, &bact);
        char name[170];
        app_param_name(a, bias_hover_l, bias_hover_j, -1, name, sizeof name);
        snprintf(tip, sizeof tip, tr(STR_NET_TIP_BIAS_OF),
                 tr(bmode == APP_EDGE_WEIGHT ? STR_NET_BIAS
                    : bmode == APP_EDGE_GRAD ? STR_MATH_DL_DB : STR_MATH_DELTA_B),
                 name, (double)b);
        ui_tooltip(ui, mx, my, tip);
        if (click)
            begin_edit(a, bias_hover_l, bias_hover_j, -1, m->b[bias_hover_l][bias_hover_j]);
    } else if (tile_hover_c >= 0) {
        if (tile_hover_c == 0 && view == APP_VIEW_PLANE && features) {
            snprintf(tip, sizeof tip,
                     tr(features & (1u << tile_hover_i) ? STR_NET_TIP_INPUT_OFF : STR_NET_TIP_INPUT_ON),
                     app_feature_name(tile_hover_i));
            ui_tooltip(ui, mx, my, tip);
            if (click) {
                uint32_t f2 = features ^ (1u << tile_hover_i);
                if (f2) {
                    app_push(a, app_cmd_i(APP_CMD_TOGGLE_FEATURE, tile_hover_i));
                }
            }
        } else if (tile_hover_c > 0) {
            int same = a->core.inspect.active && a->core.inspect.layer == tile_hover_c - 1 &&
                       a->core.inspect.unit == tile_hover_i;
            if (!same) {
                snprintf(tip, sizeof tip, tr(STR_NET_TIP_NEURON), tile_hover_c,
                         tile_hover_i + 1, app_act_short(ar->act[tile_hover_c - 1]));
                ui_tooltip(ui, mx, my, tip);
            }
            if (click) {
                if (same) {
                    app_push(a, app_cmd_i(APP_CMD_INSPECT, -1));
                } else {
                    /* another layer's batch row may not exist: start at row 0 */
                    app_Command c = app_cmd_i(APP_CMD_INSPECT, tile_hover_c - 1);
                    c.i[1] = tile_hover_i;
                    c.i[2] = a->core.inspect.layer == tile_hover_c - 1 ? a->core.inspect.row : 0;
                    app_push(a, c);
                }
            }
        }
    } else if (hl >= 0) {
        const float *v = edge_values(a, hl);
        size_t k = (size_t)hi * (size_t)ar->sizes[hl + 1] + (size_t)hj;
        float w = v ? v[k] : NAN;
        int hact, hmode = app_step_layer_mode(a, hl, &hact);
        const char *what = tr(hmode == APP_EDGE_WEIGHT ? STR_NET_WEIGHT
                              : hmode == APP_EDGE_GRAD ? STR_MATH_DL_DW
                                                       : STR_MATH_DELTA_W);
        char name[170];
        app_param_name(a, hl, hi, hj, name, sizeof name);
        if (app_step_on(a) && hmode == APP_EDGE_UPDATE && v) {
            /* after the update: the weight before and after, and the change */
            char sb[32], sa[32], sd[32];
            app_fmt_value((double)m->W[hl][k] - (double)w, sb, sizeof sb);
            app_fmt_value(m->W[hl][k], sa, sizeof sa);
            app_fmt_value(w, sd, sizeof sd);
            snprintf(tip, sizeof tip, tr(STR_STEP_TIP_UPDATE), name, sb, sa, sd);
        } else {
            snprintf(tip, sizeof tip, tr(STR_NET_TIP_WEIGHT_OF), what, name, (double)w);
        }
        ui_tooltip(ui, mx, my, tip);
        if (click)
            begin_edit(a, hl, hi, hj, m->W[hl][(size_t)hi * (size_t)ar->sizes[hl + 1] + (size_t)hj]);
    }
    if (a->edge_mode != APP_EDGE_WEIGHT && !app_step_on(a)) {
        /* gradients are drawn relative to the largest one: say how large */
        char note[64];
        snprintf(note, sizeof note, tr(STR_NET_LARGEST), (double)(gain > 0 ? 1.0f / gain : 0.0f));
        int nw = ui_text_width(ui, sm, 0, note);
        int nx = er.x - el - ui_px(ui, 28) - nw;
        if (nx > gx + 2 * bh + ui_px(ui, 24) + tw)
            ui_draw_text_in(ui, (ui_Rect){nx, hy, nw + 4, bh}, sm, 0, note, ui->style.text_muted, -1);
    }
    ui_unclip(ui);
    if (a->edit.active)
        edit_box(a);
    ui->scale = zs;
}
