/* net_step.c - stepping through a batch on the network diagram: the
 * phase's caption with its equation, which layer's edges are active and
 * what they show, and the selected batch row's numbers beside the neurons
 * (forward: z and a; loss: the row's loss worked out; backward: delta;
 * update: the bias change). panel_net.c calls these; the numbers come from
 * the snapshot's row view (core/row_view.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/run_phase.h"
#include "i18n/i18n.h"

int app_step_on(const app_State *a)
{
    const app_Snap *S = app_snap(a);
    return S->phase_view && !a->core.playing;
}

int app_step_layer_mode(const app_State *a, int l, int *active)
{
    *active = 1;
    if (!app_step_on(a))
        return a->edge_mode;
    nn_Phase ph = app_snap(a)->last_phase;
    switch ((int)ph.kind) {
    case NN_PHASE_FORWARD:
        *active = l == ph.layer;
        return APP_EDGE_WEIGHT;
    case NN_PHASE_LOSS:
        *active = 0;
        return APP_EDGE_WEIGHT;
    case NN_PHASE_BACKWARD:
        *active = l == ph.layer;
        return l >= ph.layer ? APP_EDGE_GRAD : APP_EDGE_WEIGHT;
    case NN_PHASE_UPDATE:
        return APP_EDGE_UPDATE;
    default:
        return APP_EDGE_WEIGHT;
    }
}

/* ======================================================================== */
/* the caption strip                                                         */
/* ======================================================================== */

static int line_h(app_State *a, int font)
{
    return ui_text_height(&a->ui, font) + ui_px(&a->ui, 2);
}

/* The target class of the row when the output has several units (-1 if
 * the target is not a class). */
static int target_class(const app_Snap *S)
{
    const app_RowView *v = &S->rowv;
    int no = v->sizes[v->n_layers];
    if (no < 2)
        return -1;
    if (S->model->loss == NN_LOSS_SPARSE_CCE)
        return (int)v->target[0];
    if (v->n_target != no)
        return -1;
    int best = 0;
    for (int k = 1; k < no; k++)
        if (v->target[k] > v->target[best])
            best = k;
    return v->target[best] > 0.5f ? best : -1;
}

/* The third caption line: what the phase's numbers mean, and for the loss
 * and the output's backward phase the working with this row's numbers (one
 * output unit; wider outputs give the figures without the working). */
static void detail_line(app_State *a, char *out, size_t len)
{
    const app_Snap *S = app_snap(a);
    const app_RowView *v = &S->rowv;
    nn_Phase ph = S->last_phase;
    int L = S->model->arch.n_layers;
    out[0] = '\0';
    if (ph.kind == NN_PHASE_FORWARD) {
        snprintf(out, len, "%s", tr(STR_STEP_DETAIL_FORWARD));
        return;
    }
    if (ph.kind == NN_PHASE_UPDATE) {
        snprintf(out, len, "%s", tr(STR_STEP_DETAIL_UPDATE));
        return;
    }
    int output_bwd = ph.kind == NN_PHASE_BACKWARD && ph.layer == L - 1;
    if (ph.kind == NN_PHASE_BACKWARD && !output_bwd) {
        snprintf(out, len, "%s", tr(STR_STEP_DETAIL_BACKWARD));
        return;
    }
    if ((ph.kind != NN_PHASE_LOSS && !output_bwd) || !v->valid || !v->loss)
        return;
    int no = v->sizes[L];
    nn_Act act = S->model->arch.act[L - 1];
    nn_Loss loss = S->model->loss;
    float z = v->z[v->off[L - 1]], av = v->a[v->off[L - 1]], y = v->target[0];
    float d = v->delta[v->off[L - 1]];
    char sy[32], sa[32], sl[32], sd[32], sf[32], sdiff[32];
    app_fmt_value(y, sy, sizeof sy);
    app_fmt_value(av, sa, sizeof sa);
    app_fmt_value(v->row_loss, sl, sizeof sl);
    app_fmt_value(d, sd, sizeof sd);
    app_fmt_value(nn_act_derivative_scalar(act, z, av), sf, sizeof sf);
    app_fmt_value((double)av - (double)y, sdiff, sizeof sdiff);
    int squared = no == 1 && (loss == NN_LOSS_HALF_SQUARED || loss == NN_LOSS_MSE);
    int bce = no == 1 && loss == NN_LOSS_BCE && act == NN_ACT_SIGMOID;
    if (ph.kind == NN_PHASE_LOSS) {
        if (squared)
            snprintf(out, len, tr(loss == NN_LOSS_MSE ? STR_STEP_LOSS_MSE : STR_STEP_LOSS_HALF), sdiff,
                     sl);
        else if (bce)
            snprintf(out, len, tr(STR_STEP_LOSS_BCE), sl);
        else if (target_class(S) >= 0 && act == NN_ACT_SOFTMAX &&
                 (loss == NN_LOSS_CCE || loss == NN_LOSS_SPARSE_CCE)) {
            char sp[32];
            app_fmt_value(v->a[v->off[L - 1] + target_class(S)], sp, sizeof sp);
            snprintf(out, len, tr(STR_STEP_LOSS_CE), sp, sl);
        } else
            snprintf(out, len, tr(STR_STEP_LOSS_ANY), sl, sd);
        return;
    }
    if (squared)
        snprintf(out, len, tr(loss == NN_LOSS_MSE ? STR_STEP_DELTA_MSE : STR_STEP_DELTA_HALF), sdiff,
                 sf, v->rows, sd);
    else if (bce)
        snprintf(out, len, tr(STR_STEP_DELTA_BCE), sa, sy, v->rows, sd);
    else
        snprintf(out, len, tr(STR_STEP_LOSS_ANY), sl, sd);
}

/* The strip's three lines: the caption (bold), the row, the detail. */
static void strip_lines(app_State *a, char l[3][256])
{
    const app_Snap *S = app_snap(a);
    const app_RowView *v = &S->rowv;
    app_phase_caption_opt(S->last_phase, S->model->arch.n_layers, (int)S->spec.opt.kind, l[0], 256);
    if (v->valid && v->loss && S->last_phase.kind == NN_PHASE_LOSS) {
        /* the loss phase: the row's target and prediction */
        int L = v->n_layers;
        char sy[32], sa[32];
        int tc = target_class(S);
        if (tc >= 0 && tc < v->sizes[L]) {
            app_fmt_value(v->a[v->off[L - 1] + tc], sa, sizeof sa);
            snprintf(l[1], 256, tr(STR_STEP_ROW_TARGET_CLASS), v->row + 1, v->data_row + 1, tc, sa);
        } else {
            app_fmt_value(v->target[0], sy, sizeof sy);
            app_fmt_value(v->a[v->off[L - 1]], sa, sizeof sa);
            snprintf(l[1], 256, tr(STR_STEP_ROW_TARGET), v->row + 1, v->data_row + 1, sy, sa);
        }
    } else if (v->valid) {
        snprintf(l[1], 256, tr(STR_STEP_ROW), v->row + 1, v->rows, v->data_row + 1);
    } else {
        snprintf(l[1], 256, "%s", tr(STR_STEP_NO_BATCH));
    }
    detail_line(a, l[2], 256);
}

/* The strip's scale: the labels' (read from the back row) when its lines
 * fit the width w there, else the controls'. Leaves ui->scale at it. */
static void strip_scale(app_State *a, int w)
{
    ui_Context *ui = &a->ui;
    char l[3][256];
    strip_lines(a, l);
    ui->scale = a->label_scale;
    int base = ui_font(ui, UI_FONT_BASE);
    int inner = w - ui_px(ui, 20);
    for (int k = 0; k < 3; k++)
        if (ui_text_width(ui, base, k == 0, l[k]) > inner) {
            ui->scale = a->ctrl_scale;
            return;
        }
}

/* Three lines in every phase, so the network does not move as the
 * phases change. */
int app_step_caption_h(app_State *a, int w)
{
    if (!app_step_on(a))
        return 0;
    float keep = a->ui.scale;
    strip_scale(a, w);
    int h = 3 * line_h(a, ui_font(&a->ui, UI_FONT_BASE)) + ui_px(&a->ui, 10);
    a->ui.scale = keep;
    return h;
}

void app_step_caption(app_State *a, ui_Rect r)
{
    if (!app_step_on(a) || r.h <= 0)
        return;
    ui_Context *ui = &a->ui;
    float keep = ui->scale;
    strip_scale(a, r.w);
    int base = ui_font(ui, UI_FONT_BASE);
    int lh = line_h(a, base), pad = ui_px(ui, 8);
    ui_draw_rect(ui, r, (ui_Color){8, 119, 189, 18});
    ui_draw_rect(ui, (ui_Rect){r.x, r.y, ui_px(ui, 4), r.h}, ui->style.accent);
    char l[3][256], fit[256];
    strip_lines(a, l);
    int x = r.x + pad + ui_px(ui, 4), y = r.y + ui_px(ui, 5), w = r.w - 2 * pad - ui_px(ui, 4);
    for (int k = 0; k < 3; k++) {
        app_fit_text(a, base, k == 0, l[k], w, fit, sizeof fit);
        ui_draw_text(ui, base, k == 0, x, y + k * lh, fit, k == 1 ? ui->style.text_muted : ui->style.text);
    }
    ui->scale = keep;
}

int app_step_input_value(const app_State *a, int i, char *buf, size_t len)
{
    const app_Snap *S = app_snap(a);
    const app_RowView *v = &S->rowv;
    nn_PhaseKind k = S->last_phase.kind;
    if (!app_step_on(a) || !v->valid || i < 0 || i >= v->sizes[0] ||
        (k != NN_PHASE_FORWARD && k != NN_PHASE_LOSS))
        return 0;
    app_fmt_value(v->x[i], buf, len);
    return 1;
}

/* ======================================================================== */
/* numbers beside the neurons                                                */
/* ======================================================================== */

/* The lines a neuron of layer l shows in this phase (0: none). */
static int neuron_lines(const app_State *a, int l, int j, char out[3][48])
{
    const app_Snap *S = app_snap(a);
    const app_RowView *v = &S->rowv;
    if (!v->valid || l >= v->n_layers || j >= v->sizes[l + 1])
        return 0;
    char num[32];
    int n = 0, k = v->off[l] + j;
    nn_PhaseKind kind = S->last_phase.kind;
    if (kind == NN_PHASE_FORWARD || kind == NN_PHASE_LOSS) {
        if (l >= v->fwd)
            return 0;
        app_fmt_value(v->z[k], num, sizeof num);
        snprintf(out[n++], 48, tr(STR_STEP_NUM_Z), num);
        app_fmt_value(v->a[k], num, sizeof num);
        snprintf(out[n++], 48, tr(STR_STEP_NUM_A), num);
        if (kind == NN_PHASE_LOSS && l == v->n_layers - 1) {
            app_fmt_value(v->delta[k], num, sizeof num);
            snprintf(out[n++], 48, tr(STR_STEP_NUM_DELTA), num);
        }
    } else if (kind == NN_PHASE_BACKWARD) {
        if (l < v->bwd)
            return 0;
        app_fmt_value(v->delta[k], num, sizeof num);
        snprintf(out[n++], 48, tr(STR_STEP_NUM_DELTA), num);
    } else if (kind == NN_PHASE_UPDATE) {
        app_fmt_value(v->delta[k], num, sizeof num);
        snprintf(out[n++], 48, tr(STR_STEP_NUM_DELTA), num);
        if (S->have_grads) {
            app_fmt_value(S->update[S->model->b_off[l] + (size_t)j], num, sizeof num);
            snprintf(out[n++], 48, tr(STR_STEP_NUM_DB), num);
        }
    }
    return n;
}

int app_step_label_room(app_State *a, float scale)
{
    ui_Context *ui = &a->ui;
    float keep = ui->scale;
    ui->scale = scale;
    int h = 2 * line_h(a, ui_font(ui, UI_FONT_SMALL)) + ui_px(ui, 10);
    ui->scale = keep;
    return h;
}

static void label_box(app_State *a, ui_Rect clip, int cx, int top, int n, char lines[3][48],
                      int emph)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL), lh = line_h(a, sm), pad = ui_px(ui, 4);
    int w = 0;
    for (int k = 0; k < n; k++) {
        int tw = ui_text_width(ui, sm, 0, lines[k]);
        w = tw > w ? tw : w;
    }
    w += 2 * pad;
    int h = n * lh + pad;
    int x = cx - w / 2;
    if (x + w > clip.x + clip.w)
        x = clip.x + clip.w - w;
    if (x < clip.x)
        x = clip.x;
    ui_Rect box = {x, top, w, h};
    ui_draw_rect(ui, box, (ui_Color){255, 255, 255, 235});
    ui_draw_box(ui, box, emph ? ui->style.accent : app_rgb(0xbdc1c6), emph ? ui_px(ui, 2) : 1);
    for (int k = 0; k < n; k++)
        ui_draw_text(ui, sm, 0, x + pad, top + pad / 2 + k * lh, lines[k], ui->style.text);
}

void app_step_numbers(app_State *a, ui_Rect clip, int all, int hover_c, int hover_i,
                      int input_label_w, uint32_t features)
{
    if (!app_step_on(a))
        return;
    ui_Context *ui = &a->ui;
    const app_Snap *S = app_snap(a);
    const app_RowView *v = &S->rowv;
    const viz_NetLayout *N = &a->net;
    if (!v->valid)
        return;
    int gap = ui_px(ui, 3);
    (void)input_label_w;
    (void)features;
    /* the neurons: under every tile when there is room, else the one under
     * the mouse and the inspected one only */
    int picked_c = a->core.inspect.active ? a->core.inspect.layer + 1 : -1;
    for (int c = 1; c < N->n_cols; c++) {
        int l = c - 1;
        for (int i = 0; i < N->shown[c]; i++) {
            int hot = c == hover_c && i == hover_i, mine = c == picked_c && i == a->core.inspect.unit;
            if (!all && !hot && !mine)
                continue;
            char lines[3][48];
            int n = neuron_lines(a, l, i, lines);
            if (!n)
                continue;
            viz_RectF f = viz_net_tile(N, c, i);
            label_box(a, clip, (int)(f.x + f.w / 2), (int)(f.y + f.h) + gap, n, lines, hot || mine);
        }
    }
}

/* ======================================================================== */
/* the batch on the data plot                                                */
/* ======================================================================== */

/* A circle's outline, as short lines (the ui's circles are filled). */
static void ring(ui_Context *ui, float cx, float cy, float r, float width, ui_Color c)
{
    enum { SEGS = 28 };
    float px = cx + r, py = cy;
    for (int k = 1; k <= SEGS; k++) {
        float t = 6.2831853f * (float)k / SEGS;
        float x = cx + r * cosf(t), y = cy + r * sinf(t);
        ui_draw_line(ui, px, py, x, y, width, c);
        px = x;
        py = y;
    }
}

int app_batch_spotlight(app_State *a, ui_Rect plot, float rad)
{
    if (!app_step_on(a))
        return 0;
    ui_Context *ui = &a->ui;
    const app_RowView *v = &app_snap(a)->rowv;
    const nn_Dataset *d = app_train(a);
    if (!v->valid || !v->batch_rows || d->dim != 2)
        return 0;
    float most = 0;
    for (int r = 0; r < v->rows; r++)
        if (isfinite(v->batch_loss[r]) && v->batch_loss[r] > most)
            most = v->batch_loss[r];
    int mx = ui->in.mouse_x, my = ui->in.mouse_y;
    int over = ui_mouse_over(ui, plot) && !a->edit.active;
    int hot = -1;
    float hot_d = rad * 2.5f;
    for (int pass = 0; pass < 2; pass++) /* the selected row's ring on top */
        for (int r = 0; r < v->rows; r++) {
            if ((r == v->row) != pass)
                continue;
            int i = v->batch_rows[r];
            if (i < 0 || i >= d->n)
                continue;
            float px, py;
            app_plane_to_plot(a, plot, nn_dataset_x(d, i, 0), nn_dataset_x(d, i, 1), &px, &py);
            /* the ring's size says the row's loss (its area grows with it) */
            float share = most > 0 && isfinite(v->batch_loss[r]) ? sqrtf(v->batch_loss[r] / most) : 0.3f;
            float R = rad + ui->scale * (3.0f + 9.0f * share);
            ui_Color c = r == v->row ? ui->style.accent : (ui_Color){32, 33, 36, 220};
            ring(ui, px, py, R, ui->scale * (r == v->row ? 3.0f : 1.5f), c);
            float dd = hypotf(px - (float)mx, py - (float)my);
            if (over && dd < fmaxf(hot_d, R)) {
                hot_d = dd;
                hot = r;
            }
        }
    if (hot < 0)
        return 0;
    char tip[128], sl[32];
    app_fmt_value(v->batch_loss[hot], sl, sizeof sl);
    snprintf(tip, sizeof tip, tr(STR_STEP_TIP_SPOT), hot + 1, v->batch_rows[hot] + 1, sl);
    ui_tooltip(ui, mx, my, tip);
    if (ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui->mouse_swallowed) {
        app_push(a, app_cmd_i(APP_CMD_SELECT_ROW, hot));
        ui->mouse_swallowed = 1;
    }
    return 1;
}
