/* panel_inspect.c - the neuron inspector: a popover beside the selected
 * neuron with its equation and the numbers of one row of the current batch
 * plugged in: each input a, its weight w and w*a, then z = sum w*a + b and
 * a = f(z); after the backward pass delta = dL/dz, dL/dw and dL/db; after
 * the update the change applied to each weight. Stepping by phase fills the
 * lines in as their phase runs. Everything comes from the snapshot's probe. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/exercise.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

#define N_COLS 7

static void num(float v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "\xe2\x80\x94");
    else if (isinf(v))
        snprintf(buf, len, v > 0 ? "inf" : "\xe2\x88\x92inf");
    else if (v != 0 && (fabsf(v) < 1e-3f || fabsf(v) >= 1e4f))
        snprintf(buf, len, "%.2e", (double)v);
    else
        snprintf(buf, len, "%.4f", (double)v);
}

/* Name of input i of layer l: a feature, a pixel, or a neuron of layer l-1. */
static void input_name(const app_State *a, int l, int i, char *buf, size_t len)
{
    if (l > 0) {
        snprintf(buf, len, tr(STR_INSP_INPUT_NEURON), i + 1, l);
        return;
    }
    const nn_Dataset *d = app_train(a);
    uint32_t f = d->dim == 2 ? app_spec(a)->data.features : 0;
    if (f) {
        int seen = 0;
        for (int k = 0; k < NN_FEAT_COUNT; k++)
            if (f & (1u << k)) {
                if (seen == i) {
                    snprintf(buf, len, "%s", app_feature_name(k));
                    return;
                }
                seen++;
            }
    }
    if (d->img_w > 0 && d->img_h > 0)
        snprintf(buf, len, tr(STR_INSP_INPUT_PIXEL), i % d->img_w + 1, i / d->img_w + 1);
    else
        snprintf(buf, len, tr(STR_INSP_INPUT_X), i + 1);
}

static const char *act_formula(nn_Act act)
{
    switch (act) {
    case NN_ACT_LINEAR: return tr(STR_MATH_F_LINEAR);
    case NN_ACT_SIGMOID: return tr(STR_MATH_F_SIGMOID);
    case NN_ACT_TANH: return tr(STR_MATH_F_TANH);
    case NN_ACT_RELU: return tr(STR_MATH_F_RELU);
    case NN_ACT_LEAKY_RELU: return tr(STR_MATH_F_LEAKY_RELU);
    case NN_ACT_ELU: return tr(STR_MATH_F_ELU);
    case NN_ACT_SOFTPLUS: return tr(STR_MATH_F_SOFTPLUS);
    case NN_ACT_SWISH: return tr(STR_MATH_F_SWISH);
    case NN_ACT_SOFTMAX: return tr(STR_MATH_F_SOFTMAX);
    default: return tr(STR_MATH_F_ANY);
    }
}

typedef struct {
    char cell[APP_PROBE_MAX + 1][N_COLS][40];
    int rows;
} Table;

/* The same neuron, another row of the batch. */
static void inspect_row(app_State *a, int row)
{
    app_Command c = app_cmd_i(APP_CMD_INSPECT, a->core.inspect.layer);
    c.i[1] = a->core.inspect.unit;
    c.i[2] = row;
    app_push(a, c);
}

void app_exercise_start(app_State *a, int kind)
{
    if (!a->core.inspect.active)
        return;
    int input = a->insp.input;
    if (input < 0 && app_snap(a)->have_probe && app_snap(a)->probe.n_list > 0)
        input = app_snap(a)->probe.idx[0];
    app_Command c = app_cmd_i(APP_CMD_EXERCISE, kind);
    c.i[1] = a->core.inspect.layer;
    c.i[2] = a->core.inspect.unit;
    c.u = (uint64_t)(input > 0 ? input : 0);
    app_push(a, c);
    a->insp.ex_answered = 0;
    a->insp.ex_buf[0] = '\0';
}

/* The inspector at the UI's current scale; measure: only its size, in
 * *out_w and *out_h, nothing drawn (0 x 0 when there is nothing to inspect). */
static void inspector(app_State *a, int measure, int *out_w, int *out_h)
{
    if (measure)
        *out_w = *out_h = 0;
    if (!a->core.inspect.active || !app_snap(a)->have_probe || !app_model(a))
        return;
    ui_Context *ui = &a->ui;
    const app_Probe *P = &app_snap(a)->probe;
    const nn_Model *m = app_model(a);
    int l = P->layer, j = P->unit;
    int L = m->arch.n_layers;
    nn_Act act = m->arch.act[l];
    int base = ui_font(ui, UI_FONT_BASE), sm = ui_font(ui, UI_FONT_SMALL);
    int lh = ui_text_height(ui, base), sh = ui_text_height(ui, sm);
    int pad = ui_px(ui, 12), gap = ui_px(ui, 14);

    /* ---- the text, measured before the box is placed ---- */
    char title[96], rowl[96], note[160] = "";
    if (l == L - 1)
        snprintf(title, sizeof title, tr(STR_INSP_TITLE_OUTPUT), j + 1, app_act_short(act));
    else
        snprintf(title, sizeof title, tr(STR_INSP_TITLE_HIDDEN), l + 1, j + 1, app_act_short(act));
    if (P->rows > 0)
        snprintf(rowl, sizeof rowl, tr(STR_INSP_ROW), P->row + 1, P->rows, P->data_row + 1);
    else
        snprintf(rowl, sizeof rowl, "%s", tr(STR_INSP_NO_BATCH));
    if (P->rows > 0 && !P->have_fwd)
        snprintf(note, sizeof note, "%s", tr(STR_INSP_NOTE_FORWARD));
    else if (P->rows > 0 && !P->have_bwd)
        snprintf(note, sizeof note, "%s", tr(STR_INSP_NOTE_BACKWARD));
    else if (P->rows > 0 && !P->have_upd)
        snprintf(note, sizeof note, "%s", tr(STR_INSP_NOTE_UPDATE));

    Table T;
    static const i18n_Id head[N_COLS] = {STR_INSP_COL_INPUT,     STR_MATH_A,
                                         STR_MATH_W,             STR_MATH_WA,
                                         STR_INSP_COL_ROW_SHARE, STR_INSP_COL_BATCH_SUM,
                                         STR_MATH_DELTA_W};
    for (int c = 0; c < N_COLS; c++)
        snprintf(T.cell[0][c], sizeof T.cell[0][c], "%s", tr(head[c]));
    T.rows = 1 + P->n_list;
    for (int k = 0; k < P->n_list; k++) {
        char (*row)[40] = T.cell[k + 1];
        input_name(a, l, P->idx[k], row[0], sizeof row[0]);
        num(P->x[k], row[1], sizeof row[1]);
        num(P->w[k], row[2], sizeof row[2]);
        num(P->x[k] * P->w[k], row[3], sizeof row[3]);
        /* this row's share delta a (the batch's dL/dw sums the rows') */
        num(P->have_bwd ? P->delta * P->x[k] : NAN, row[4], sizeof row[4]);
        num(P->dw[k], row[5], sizeof row[5]);
        num(P->uw[k], row[6], sizeof row[6]);
    }
    int colw[N_COLS] = {0};
    for (int r = 0; r < T.rows; r++)
        for (int c = 0; c < N_COLS; c++) {
            int w = ui_text_width(ui, sm, r == 0, T.cell[r][c]);
            colw[c] = w > colw[c] ? w : colw[c];
        }
    int table_w = 0;
    for (int c = 0; c < N_COLS; c++)
        table_w += colw[c] + (c ? gap : 0);

    char more[128] = "", eq[5][160];
    char s1[32], s2[32], s3[32];
    if (P->n_in > P->n_list) {
        num((float)P->rest_wx, s1, sizeof s1);
        snprintf(more, sizeof more, tr(STR_INSP_MORE), P->n_in - P->n_list, s1);
    }
    num((float)P->sum_wx, s1, sizeof s1);
    num(P->bias, s2, sizeof s2);
    num(P->z, s3, sizeof s3);
    snprintf(eq[0], sizeof eq[0], tr(STR_INSP_EQ_Z), s1, s2, s3);
    num(P->act, s1, sizeof s1);
    snprintf(eq[1], sizeof eq[1], tr(STR_INSP_EQ_A), act_formula(act), s1);
    /* delta with the batch's 1/B explicit; the output's as soon as the loss ran */
    int d_ready = P->have_bwd || P->have_loss;
    num(P->delta, s3, sizeof s3);
    nn_Loss loss = m->loss;
    int xent = (loss == NN_LOSS_BCE && act == NN_ACT_SIGMOID) ||
               ((loss == NN_LOSS_CCE || loss == NN_LOSS_SPARSE_CCE) && act == NN_ACT_SOFTMAX);
    if (l == L - 1 && P->have_loss && m->arch.sizes[L] == 1 &&
        (loss == NN_LOSS_HALF_SQUARED || loss == NN_LOSS_MSE)) {
        num(P->act - P->target, s1, sizeof s1);
        num(P->fprime, s2, sizeof s2);
        snprintf(eq[2], sizeof eq[2], tr(loss == NN_LOSS_MSE ? STR_INSP_EQ_DELTA_MSE : STR_INSP_EQ_DELTA_SQ),
                 s1, s2, P->rows, s3);
    } else if (l == L - 1 && P->have_loss && xent && loss != NN_LOSS_SPARSE_CCE) {
        num(P->act - P->target, s1, sizeof s1);
        snprintf(eq[2], sizeof eq[2], tr(STR_INSP_EQ_DELTA_XENT), s1, P->rows, s3);
    } else if (l < L - 1 && P->have_bwd) {
        num(P->da, s1, sizeof s1);
        num(P->fprime, s2, sizeof s2);
        snprintf(eq[2], sizeof eq[2], tr(STR_INSP_EQ_DELTA_HIDDEN), s1, s2, s3);
    } else {
        snprintf(eq[2], sizeof eq[2], tr(STR_INSP_EQ_DELTA), s3);
    }
    num(P->db, s1, sizeof s1);
    num(P->ub, s2, sizeof s2);
    snprintf(eq[3], sizeof eq[3], tr(STR_INSP_EQ_GRAD_B), s1, s2);
    snprintf(eq[4], sizeof eq[4], "%s", tr(STR_INSP_EQ_NOTE));
    int n_eq = 5;

    /* the selected weight: the optimizer's step worked out, the gradient check */
    if (a->insp.layer != l || a->insp.unit != j) {
        a->insp.layer = l;
        a->insp.unit = j;
        a->insp.input = -1;
        a->insp.w = 0;
    }
    int sel = 0;
    for (int k = 0; k < P->n_list; k++)
        if (P->idx[k] == a->insp.input)
            sel = k;
    char sel_name[48] = "";
    if (P->n_list > 0)
        input_name(a, l, P->idx[sel], sel_name, sizeof sel_name);
    char extra[10][200];
    int n_extra = 0;
    if (l == L - 1 && P->have_loss) {
        num(P->target, s1, sizeof s1);
        num((float)P->row_loss, s2, sizeof s2);
        snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_EQ_TARGET), s1, s2);
    }
    if (P->n_list > 0)
        snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_SELECTED), sel_name);
    if (P->have_upd && P->n_list > 0) {
        char o1[32], o2[32], o3[32], o4[32], o5[32];
        float g = P->dw[sel], d = P->uw[sel], s0 = P->s0[sel], s1v = P->s1[sel];
        num(d, o5, sizeof o5);
        switch ((nn_OptKind)P->opt_kind) {
        case NN_OPT_SGD:
            num(P->lr, o1, sizeof o1);
            num(g, o2, sizeof o2);
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_OPT_SGD), o1, o2, o5);
            break;
        case NN_OPT_MOMENTUM:
        case NN_OPT_NESTEROV:
            num(P->momentum, o1, sizeof o1);
            num(P->lr, o2, sizeof o2);
            num(s0, o3, sizeof o3);
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_OPT_MOMENTUM), o1, o2, o3, o5);
            break;
        case NN_OPT_ADAGRAD:
        case NN_OPT_RMSPROP:
            num(s0, o1, sizeof o1);
            num(P->lr, o2, sizeof o2);
            num(g, o3, sizeof o3);
            num(sqrtf(s0 + P->eps), o4, sizeof o4);
            snprintf(extra[n_extra++], sizeof extra[0],
                     tr(P->opt_kind == NN_OPT_ADAGRAD ? STR_INSP_OPT_ADAGRAD : STR_INSP_OPT_RMSPROP), o1, o2, o3,
                     o4, o5);
            break;
        case NN_OPT_ADAM:
        case NN_OPT_ADAMW: {
            double t = (double)P->opt_t;
            double c1 = 1.0 - pow(P->beta1, t), c2 = 1.0 - pow(P->beta2, t);
            num(s0, o1, sizeof o1);
            num(s1v, o2, sizeof o2);
            num((float)(s0 / c1), o3, sizeof o3);
            num((float)(s1v / c2), o4, sizeof o4);
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_OPT_ADAM_STATE), (long long)P->opt_t, o1,
                     o2, o3, o4);
            num((float)(P->lr * sqrt(c2) / c1), o1, sizeof o1);
            num(sqrtf(s1v) + P->eps, o2, sizeof o2);
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_OPT_ADAM_STEP), o1, o2, o5);
            break;
        }
        default:
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_OPT_OTHER), o5);
            break;
        }
    }
    /* predict-then-reveal: before the update, will the selected weight go
     * up or down? After it, the verdict */
    int64_t step_now = app_snap(a)->cursor.step;
    int can_guess = P->have_bwd && !P->have_upd && P->n_list > 0 && P->rows > 0;
    if (a->insp.guess && (a->insp.guess_input != (P->n_list > 0 ? P->idx[sel] : -1) ||
                          (step_now != a->insp.guess_step && step_now != a->insp.guess_step + 1) ||
                          (step_now == a->insp.guess_step + 1 && !P->have_upd)))
        a->insp.guess = 0; /* another weight or another batch */
    if (can_guess && !a->insp.guess) {
        snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_PREDICT_ASK), sel_name);
    } else if (a->insp.guess && step_now == a->insp.guess_step) {
        snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_PREDICT_WAIT),
                 tr(a->insp.guess > 0 ? STR_INSP_PREDICT_WORD_UP : STR_INSP_PREDICT_WORD_DOWN));
    } else if (a->insp.guess && P->have_upd) {
        int verdict = app_predict_judge(a->insp.guess, P->uw[sel]);
        char o1[32];
        num(P->uw[sel], o1, sizeof o1);
        if (verdict >= 0)
            snprintf(extra[n_extra++], sizeof extra[0],
                     tr(verdict ? STR_INSP_PREDICT_RIGHT : STR_INSP_PREDICT_WRONG),
                     tr(a->insp.guess > 0 ? STR_INSP_PREDICT_WORD_UP : STR_INSP_PREDICT_WORD_DOWN), o1);
    }
    const app_Core *core = &a->core;
    int gc_show = core->gradcheck.valid && core->gradcheck.layer == l && P->n_list > 0 &&
                  core->gradcheck.i == P->idx[sel] && core->gradcheck.j == j &&
                  core->gradcheck.step == app_snap(a)->cursor.step &&
                  core->gradcheck.phase == app_snap(a)->cursor.phase;
    if (gc_show) {
        char o1[32], o2[32], o3[32];
        num((float)core->gradcheck.r.backprop, o1, sizeof o1);
        num((float)core->gradcheck.r.numeric, o2, sizeof o2);
        snprintf(o3, sizeof o3, "%.1e", core->gradcheck.r.rel);
        snprintf(extra[n_extra++], sizeof extra[0], tr(STR_INSP_GRADCHECK_RESULT), sel_name, o1, o2, o3);
    }

    /* You compute it: the question, and after the phase ran the verdict */
    int phases = 2 * L + 2;
    int64_t pos = app_snap(a)->cursor.step * phases + app_snap(a)->cursor.phase;
    int ex_kind = core->exercise.kind, ex_in = core->exercise.input;
    int ex_on = core->exercise.active && core->exercise.layer == l && core->exercise.unit == j;
    int64_t ex_pos = core->exercise.step * phases + core->exercise.phase;
    int ex_ask = ex_on && pos == ex_pos && P->rows > 0, ex_shown = ex_on && pos == ex_pos + 1;
    if (ex_ask && a->insp.ex_answered && a->insp.ex_last_pos == ex_pos + 1) {
        a->insp.ex_answered = 0; /* stepped back to the question: ask again */
        a->insp.ex_buf[0] = '\0';
    }
    a->insp.ex_last_pos = pos;
    int ex_field = ex_ask && !a->insp.ex_answered;
    static const i18n_Id ex_sym[APP_EX_COUNT] = {STR_EX_SYM_Z, STR_EX_SYM_DELTA, STR_EX_SYM_GRAD,
                                                 STR_EX_SYM_WEIGHT};
    char ex_name[48] = "";
    if (ex_on && ex_in >= 0)
        input_name(a, l, ex_in, ex_name, sizeof ex_name);
    if (ex_ask) {
        if (ex_kind == APP_EX_Z)
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_EX_ASK_Z), P->row + 1);
        else if (ex_kind == APP_EX_DELTA)
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_EX_ASK_DELTA), P->row + 1);
        else if (ex_kind == APP_EX_GRAD_W)
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_EX_ASK_GRAD), ex_name, P->row + 1);
        else
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_EX_ASK_WEIGHT), ex_name);
        if (ex_field)
            snprintf(extra[n_extra++], sizeof extra[0], tr(STR_EX_TOLERANCE), APP_EX_REL_TOL * 100.0,
                     APP_EX_ABS_TOL);
    }
    int ex_verdict = -1, ex_line = -1;
    double ex_truth = 0;
    if (ex_shown && a->insp.ex_answered == 1 && (unsigned)ex_kind < APP_EX_COUNT &&
        app_exercise_value(P, (app_ExKind)ex_kind, ex_in, &ex_truth)) {
        ex_verdict = app_exercise_judge(a->insp.ex_answer, ex_truth);
        char o1[32], o2[32], o3[32];
        num((float)ex_truth, o1, sizeof o1);
        snprintf(o2, sizeof o2, "%.6g", a->insp.ex_answer);
        num((float)app_exercise_tolerance(ex_truth), o3, sizeof o3);
        ex_line = n_extra;
        snprintf(extra[n_extra++], sizeof extra[0], tr(ex_verdict == 1 ? STR_EX_RIGHT : STR_EX_WRONG),
                 tr(ex_sym[ex_kind]), o1, o2, o3);
    }
    int ex_row = P->n_list > 0 && P->rows > 0;
    int ex_title_w = ui_text_width(ui, sm, 0, tr(STR_EX_TITLE));
    int ex_bw[APP_EX_COUNT], ex_row_w = ex_title_w;
    for (int k = 0; k < APP_EX_COUNT; k++) {
        ex_bw[k] = ui_text_width(ui, sm, 0, tr(ex_sym[k])) + ui_px(ui, 20);
        ex_row_w += ex_bw[k] + ui_px(ui, 6);
    }

    int btn = ui_px(ui, 30);
    int w = table_w;
    w = ex_row && ex_row_w > w ? ex_row_w : w;
    int tw = ui_text_width(ui, base, 1, title) + btn + ui_px(ui, 8);
    w = tw > w ? tw : w;
    int rw = ui_text_width(ui, sm, 0, rowl) + 2 * btn + ui_px(ui, 12);
    w = rw > w ? rw : w;
    for (int k = 0; k < n_eq; k++) {
        int ew = ui_text_width(ui, k < 4 ? base : sm, 0, eq[k]);
        w = ew > w ? ew : w;
    }
    if (more[0]) {
        int mw = ui_text_width(ui, sm, 0, more);
        w = mw > w ? mw : w;
    }
    for (int k = 0; k < n_extra; k++) {
        int ew = ui_text_width(ui, sm, 0, extra[k]);
        w = ew > w ? ew : w;
    }
    int gc_w = ui_text_width(ui, sm, 0, tr(STR_INSP_GRADCHECK)) + ui_px(ui, 24);
    w += 2 * pad;
    /* the box only grows while the same neuron is inspected: stepping
     * through the phases fills numbers in without moving it sideways */
    if (!measure && w < a->insp.w)
        w = a->insp.w;
    if (w > ui->width - ui_px(ui, 12))
        w = ui->width - ui_px(ui, 12);
    if (!measure)
        a->insp.w = w;
    int h = pad + lh + ui_px(ui, 6) + btn + ui_px(ui, 6) + (note[0] ? sh + ui_px(ui, 4) : 0) +
            T.rows * (sh + ui_px(ui, 2)) + (more[0] ? sh + ui_px(ui, 2) : 0) + ui_px(ui, 8) +
            4 * (lh + ui_px(ui, 2)) + sh + pad + n_extra * (sh + ui_px(ui, 2)) +
            (P->n_list > 0 ? btn + ui_px(ui, 8) : 0) + (ex_row ? btn + ui_px(ui, 8) : 0) +
            (ex_field ? ui_px(ui, 42) : 0);

    if (measure) {
        *out_w = w;
        *out_h = h;
        return;
    }

    /* ---- at the screen's edge away from the neuron, so the network stays
     * in view, joined to its tile by a line ---- */
    const viz_NetLayout *N = &a->net;
    int col = l + 1;
    int tx = a->lay.net.x + a->lay.net.w / 2, ty = a->lay.net.y + a->lay.net.h / 2, ts = 0;
    if (col < N->n_cols && j < N->shown[col]) {
        viz_RectF f = viz_net_tile(N, col, j);
        tx = (int)f.x;
        ty = (int)(f.y + f.h / 2);
        ts = (int)f.w;
    }
    /* beside the neuron, on the side with more room, but never over the
     * output panel (plot, class bars, confusion matrix): in a narrow window
     * the box then covers the neuron rather than the plot */
    int margin = ui_px(ui, 6);
    int right = tx + ts / 2 < a->lay.net.x + a->lay.net.w / 2;
    int limit = a->lay.out.w > 0 ? a->lay.out.x - margin : ui->width - margin;
    int x = right ? tx + ts + ui_px(ui, 16) : tx - ui_px(ui, 16) - w;
    if (x + w > limit)
        x = limit - w;
    if (x < margin)
        x = margin;
    if (x + w > ui->width - margin)
        x = ui->width - margin - w;
    int y = ty - h / 2;
    int ymin = a->lay.hyper.y + a->lay.hyper.h + ui_px(ui, 4);
    int bottom = a->lay.lesson.h > 0 ? a->lay.lesson.y : a->lay.status.y; /* above a lesson's narration */
    int ymax = bottom - ui_px(ui, 4) - h;
    if (y > ymax)
        y = ymax;
    if (y < ymin)
        y = ymin;
    ui_Rect box = {x, y, w, h};
    a->inspect_rect = box;

    /* ---- draw ---- */
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui->in_overlay = 1;
    if (ts > 0) {
        float lx0 = right ? (float)(tx + ts) : (float)tx, lx1 = right ? (float)x : (float)(x + w);
        ui_draw_line(ui, lx0, (float)ty, lx1, (float)(ty < y + ui_px(ui, 20) ? y + ui_px(ui, 20) : ty > y + h - ui_px(ui, 20) ? y + h - ui_px(ui, 20) : ty),
                     2.0f * ui->scale, ui->style.accent);
    }
    ui_draw_rect(ui, (ui_Rect){x + 4, y + 4, w, h}, (ui_Color){0, 0, 0, 45});
    ui_draw_rect(ui, box, ui->style.popup);
    ui_draw_box(ui, box, ui->style.accent, ui_px(ui, 2));
    ui_clip(ui, box);
    int cx = x + pad, cy = y + pad;
    ui_draw_text(ui, base, 1, cx, cy, title, ui->style.text);
    if (ui_button_at(ui, ui_id_str(ui, "insp-close"), (ui_Rect){x + w - pad - btn, cy - ui_px(ui, 4), btn, btn},
                     "\xc3\x97", 0))
        app_push(a, app_cmd_i(APP_CMD_INSPECT, -1));
    cy += lh + ui_px(ui, 6);
    int has_rows = P->rows > 1;
    if (ui_button_at(ui, ui_id_str(ui, "insp-prev"), (ui_Rect){cx, cy, btn, btn}, "\xe2\x97\x80",
                     has_rows ? 0 : UI_OPT_DISABLED) && has_rows)
        inspect_row(a, (P->row + P->rows - 1) % P->rows);
    if (ui_button_at(ui, ui_id_str(ui, "insp-next"), (ui_Rect){cx + btn + ui_px(ui, 4), cy, btn, btn},
                     "\xe2\x96\xb6", has_rows ? 0 : UI_OPT_DISABLED) && has_rows)
        inspect_row(a, (P->row + 1) % P->rows);
    ui_draw_text(ui, sm, 0, cx + 2 * btn + ui_px(ui, 12), cy + (btn - sh) / 2, rowl, ui->style.text_muted);
    cy += btn + ui_px(ui, 6);
    if (note[0]) {
        ui_draw_text(ui, sm, 1, cx, cy, note, app_rgb(0xb06000));
        cy += sh + ui_px(ui, 4);
    }

    /* table: names left, numbers right-aligned; w*a coloured by sign */
    for (int r = 0; r < T.rows; r++) {
        int xx = cx;
        if (r > 0) {
            ui_Rect rr = {cx - ui_px(ui, 4), cy - 1, table_w + ui_px(ui, 8), sh + ui_px(ui, 2)};
            if (r - 1 == sel && P->n_list > 1)
                ui_draw_rect(ui, rr, (ui_Color){8, 119, 189, 28});
            if (ui_mouse_over(ui, rr) && ui_mouse_pressed(ui, UI_MOUSE_LEFT))
                a->insp.input = P->idx[r - 1];
        }
        if (r == 0)
            ui_draw_rect(ui, (ui_Rect){cx, cy + sh, table_w, 1}, ui->style.border);
        for (int c = 0; c < N_COLS; c++) {
            const char *t = T.cell[r][c];
            int cw = ui_text_width(ui, sm, r == 0, t);
            int px = c == 0 ? xx : xx + colw[c] - cw;
            ui_Color colr = r == 0 ? ui->style.text_muted : ui->style.text;
            if (r > 0 && c == 3 && isfinite(P->x[r - 1] * P->w[r - 1])) {
                viz_Color vc = viz_diverging(P->x[r - 1] * P->w[r - 1] >= 0 ? 1.0f : -1.0f);
                colr = (ui_Color){vc.r, vc.g, vc.b, 255};
            }
            ui_draw_text(ui, sm, r == 0, px, cy, t, colr);
            xx += colw[c] + gap;
        }
        cy += sh + ui_px(ui, 2);
    }
    if (more[0]) {
        ui_draw_text(ui, sm, 0, cx, cy, more, ui->style.text_muted);
        cy += sh + ui_px(ui, 2);
    }
    cy += ui_px(ui, 8);
    for (int k = 0; k < n_eq; k++) {
        int f = k < 4 ? base : sm;
        int ready = k < 2 ? P->have_fwd : k == 2 ? d_ready : k < 4 ? P->have_bwd : 1;
        ui_draw_text(ui, f, 0, cx, cy, eq[k], ready && k < 4 ? ui->style.text : ui->style.text_muted);
        cy += (k < 4 ? lh : sh) + ui_px(ui, 2);
    }
    for (int k = 0; k < n_extra; k++) {
        ui_Color ec = ui->style.text;
        if (k == ex_line) { /* the verdict in the palette's blue (right) or vermillion (wrong) */
            viz_Color vc = viz_diverging(ex_verdict == 1 ? 1.0f : -1.0f);
            ec = (ui_Color){vc.r, vc.g, vc.b, 255};
        }
        ui_draw_text(ui, sm, k == ex_line, cx, cy, extra[k], ec);
        cy += sh + ui_px(ui, 2);
    }
    if (ex_row) {
        /* You compute it: one button per number that can be asked */
        ui->widget_font = UI_FONT_SMALL;
        ui_draw_text(ui, sm, 0, cx, cy + (btn - sh) / 2, tr(STR_EX_TITLE), ui->style.text_muted);
        int bx = cx + ex_title_w + ui_px(ui, 8);
        for (int k = 0; k < APP_EX_COUNT; k++) {
            ui_Rect eb = {bx, cy, ex_bw[k], btn};
            int can = app_exercise_ask_phase((app_ExKind)k, l, L) >= 0;
            if (ui_button_at(ui, ui_id(ui, &ex_sym[k], (int)sizeof ex_sym[k]), eb, tr(ex_sym[k]), can ? 0 : UI_OPT_DISABLED) && can)
                app_exercise_start(a, k);
            if (ui_mouse_over(ui, eb))
                ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, can ? tr(STR_EX_TIP) : tr(STR_STATUS_EX_FIRST_Z));
            bx += ex_bw[k] + ui_px(ui, 6);
        }
        ui->widget_font = UI_FONT_BASE;
        cy += btn + ui_px(ui, 8);
    }
    if (ex_field) {
        /* the answer: Enter judges it once the phase has run, Esc declines */
        int fw = ui_px(ui, 220) < w - 2 * pad ? ui_px(ui, 220) : w - 2 * pad;
        ui_Rect tb = {cx, cy, fw, ui_px(ui, 34)};
        ui_Id id = ui_id_str(ui, "insp-ex-answer");
        ui_set_text_focus(ui, id);
        int res = ui_textbox_at(ui, id, tb, a->insp.ex_buf, (int)sizeof a->insp.ex_buf);
        if (res & UI_RES_SUBMIT) {
            char *end = NULL;
            double v = strtod(a->insp.ex_buf, &end);
            if (end != a->insp.ex_buf && isfinite(v)) {
                a->insp.ex_answer = v;
                a->insp.ex_answered = 1;
                app_push(a, app_cmd(APP_CMD_STEP_PHASE));
            } else {
                app_set_status(a, 1, tr(STR_STATUS_NOT_A_NUMBER), a->insp.ex_buf);
            }
        } else if (res & UI_RES_CANCEL) {
            a->insp.ex_answered = -1;
        }
        cy += tb.h + ui_px(ui, 8); /* the room the box's height counted for it */
    }
    if (P->n_list > 0) {
        /* the gradient check of the selected weight, on this batch */
        cy += ui_px(ui, 4);
        int ok = P->have_bwd;
        ui->widget_font = UI_FONT_SMALL;
        ui_Rect gb = {cx, cy, gc_w, btn};
        if (ui_button_at(ui, ui_id_str(ui, "insp-gradcheck"), gb, tr(STR_INSP_GRADCHECK),
                         ok ? 0 : UI_OPT_DISABLED) && ok) {
            app_Command c = app_cmd_i(APP_CMD_GRADCHECK, l);
            c.i[1] = P->idx[sel];
            c.i[2] = j;
            app_push(a, c);
        }
        if (can_guess && !a->insp.guess) {
            const char *up = tr(STR_INSP_PREDICT_UP), *down = tr(STR_INSP_PREDICT_DOWN);
            int uw = ui_text_width(ui, sm, 0, up) + ui_px(ui, 24);
            int dw = ui_text_width(ui, sm, 0, down) + ui_px(ui, 24);
            ui_Rect ub = {cx + gc_w + ui_px(ui, 12), cy, uw, btn};
            ui_Rect db = {ub.x + uw + ui_px(ui, 6), cy, dw, btn};
            int g = 0;
            if (ui_button_at(ui, ui_id_str(ui, "insp-up"), ub, up, 0))
                g = 1;
            if (ui_button_at(ui, ui_id_str(ui, "insp-down"), db, down, 0))
                g = -1;
            if (g) {
                a->insp.guess = g;
                a->insp.guess_step = step_now;
                a->insp.guess_input = P->idx[sel];
            }
        }
        ui->widget_font = UI_FONT_BASE;
        if (ui_mouse_over(ui, gb)) {
            char tip[160];
            snprintf(tip, sizeof tip, tr(STR_INSP_GRADCHECK_TIP), sel_name);
            ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
        }
    }
    ui_unclip(ui);
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
}

void app_panel_inspector(app_State *a)
{
    ui_Context *ui = &a->ui;
    /* The largest scale, from the labels' down to the controls', at which
     * the box fits between the bars and in a little over half the window:
     * at a presenter zoom its table and equations would otherwise run off
     * the screen and cover the whole network. */
    float want = ui->scale;
    float cands[3] = {want, 0.5f * (want + a->ctrl_scale), a->ctrl_scale};
    int avail_h = (a->lay.lesson.h > 0 ? a->lay.lesson.y : a->lay.status.y) -
                  (a->lay.hyper.y + a->lay.hyper.h) - 8;
    int avail_w = ui->width * 11 / 20;
    float pick = a->ctrl_scale;
    for (int k = 0; k < 3; k++) {
        int w, h;
        ui->scale = app_pick_scale(a, cands[k]);
        inspector(a, 1, &w, &h);
        if (w <= avail_w && h <= avail_h) {
            pick = ui->scale;
            break;
        }
    }
    if (pick != a->insp.scale) { /* its width grows within one scale only */
        a->insp.w = 0;
        a->insp.scale = pick;
    }
    ui->scale = pick;
    inspector(a, 0, NULL, NULL);
    ui->scale = want;
}
