/* panel_top.c - the transport bar (reset, play, step, epoch, speed, counters,
 * live loss and accuracy), the hyperparameter row and the status line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

enum { ICON_RESET, ICON_PLAY, ICON_PAUSE, ICON_PHASE, ICON_STEP, ICON_EPOCH, ICON_HELP };

/* A round button with a drawn icon, like Playground's transport. */
static int icon_button(app_State *a, const char *name, int cx, int cy, int d, int icon, int accent,
                       const char *tip)
{
    ui_Context *ui = &a->ui;
    ui_Rect r = {cx - d / 2, cy - d / 2, d, d};
    ui_Id id = ui_id_str(ui, name);
    ui_update_control(ui, id, r);
    int hot = ui->hover == id;
    ui_Color bg = accent ? ui->style.accent : (hot ? ui->style.button_hover : ui->style.button);
    if (accent && hot)
        bg = app_rgb(0x2b5a70);
    ui_Color fg = accent ? ui->style.accent_text : ui->style.text;
    float R = (float)d / 2.0f;
    ui_draw_circle(ui, (float)cx, (float)cy, R, bg, accent ? (ui_Color){0, 0, 0, 0} : ui->style.border);
    float s = R * 0.42f, x = (float)cx, y = (float)cy;
    float bw = fmaxf(2.0f, R * 0.14f);
    switch (icon) {
    case ICON_PLAY:
        ui_draw_tri(ui, x - s * 0.7f, y - s, x - s * 0.7f, y + s, x + s * 1.1f, y, fg);
        break;
    case ICON_PAUSE:
        ui_draw_rect(ui, (ui_Rect){(int)(x - s * 0.8f), (int)(y - s), (int)(s * 0.6f), (int)(2 * s)}, fg);
        ui_draw_rect(ui, (ui_Rect){(int)(x + s * 0.2f), (int)(y - s), (int)(s * 0.6f), (int)(2 * s)}, fg);
        break;
    case ICON_PHASE: /* a small step: one phase of the batch */
        ui_draw_tri(ui, x - s * 0.7f, y - s * 0.55f, x - s * 0.7f, y + s * 0.55f, x + s * 0.2f, y, fg);
        ui_draw_circle(ui, x + s * 0.65f, y, s * 0.22f, fg, (ui_Color){0, 0, 0, 0});
        break;
    case ICON_STEP:
        ui_draw_tri(ui, x - s * 0.8f, y - s * 0.85f, x - s * 0.8f, y + s * 0.85f, x + s * 0.5f, y, fg);
        ui_draw_rect(ui, (ui_Rect){(int)(x + s * 0.55f), (int)(y - s * 0.85f), (int)bw, (int)(1.7f * s)}, fg);
        break;
    case ICON_EPOCH:
        ui_draw_tri(ui, x - s * 1.1f, y - s * 0.8f, x - s * 1.1f, y + s * 0.8f, x - s * 0.05f, y, fg);
        ui_draw_tri(ui, x - s * 0.2f, y - s * 0.8f, x - s * 0.2f, y + s * 0.8f, x + s * 0.85f, y, fg);
        ui_draw_rect(ui, (ui_Rect){(int)(x + s * 0.9f), (int)(y - s * 0.8f), (int)bw, (int)(1.6f * s)}, fg);
        break;
    case ICON_RESET: {
        /* an open circle with an arrow head */
        int n = 14;
        float rr = s * 0.95f;
        for (int i = 0; i < n; i++) {
            float a0 = 0.9f + (float)i / (float)n * 4.7f, a1 = 0.9f + (float)(i + 1) / (float)n * 4.7f;
            ui_draw_line(ui, x + rr * cosf(a0), y - rr * sinf(a0), x + rr * cosf(a1), y - rr * sinf(a1),
                         bw, fg);
        }
        float ea = 0.9f;
        float ex = x + rr * cosf(ea), ey = y - rr * sinf(ea);
        ui_draw_tri(ui, ex - s * 0.55f, ey - s * 0.25f, ex + s * 0.35f, ey - s * 0.45f,
                    ex + s * 0.05f, ey + s * 0.45f, fg);
        break;
    }
    case ICON_HELP:
    default: {
        int fpx = ui_font(ui, UI_FONT_BIG);
        ui_draw_text_in(ui, r, fpx, 1, "?", fg, 0);
        break;
    }
    }
    if (hot && tip)
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
    return hot && ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui->mouse_swallowed;
}

/* The speed menu's items, one per entry of app_speeds. */
static const i18n_Id speed_names[] = {STR_SPEED_1,    STR_SPEED_2,   STR_SPEED_5,   STR_SPEED_10,
                                      STR_SPEED_30,   STR_SPEED_60,  STR_SPEED_200, STR_SPEED_1000,
                                      STR_SPEED_5000, STR_SPEED_MAX};
#define N_SPEED_NAMES ((int)(sizeof speed_names / sizeof speed_names[0]))

/* Right edge the counters may use (left of the help button), this frame. */
static int figure_limit;

/* A small grey caption above a large value, in a column at least w wide
 * and as wide as its text needs; returns the x of the next column. Left out
 * when the bar is full (a zoomed-in presenter view keeps the most
 * important figures first). */
static int figure(app_State *a, int x, int y, int w, const char *caption, const char *value,
                  ui_Color vc)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL), big = ui_font(ui, UI_FONT_BIG);
    int need = ui_text_width(ui, big, 0, value);
    int cap = ui_text_width(ui, sm, 0, caption);
    if (cap > need)
        need = cap;
    int adv = need + ui_px(ui, 16);
    if (adv < w)
        adv = w;
    if (x + need > figure_limit)
        return x + adv;
    ui_draw_text(ui, sm, 0, x, y, caption, ui->style.text_muted);
    ui_draw_text(ui, big, 0, x, y + ui_text_height(ui, sm), value, vc);
    return x + adv;
}

void app_panel_top(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    ui_draw_rect(ui, r, ui->style.panel);
    ui_draw_rect(ui, (ui_Rect){r.x, r.y + r.h - 1, r.w, 1}, ui->style.border);
    int cy = r.y + r.h / 2;
    int x = r.x + ui_px(ui, 16);
    int d = ui_px(ui, 42), dp = ui_px(ui, 54), gap = ui_px(ui, 12);
    figure_limit = r.x + r.w - ui_px(ui, 24) - d;

    if (icon_button(a, "reset", x + d / 2, cy, d, ICON_RESET, 0, tr(STR_TOP_TIP_RESET)))
        app_push(a, app_cmd(APP_CMD_RESET));
    x += d + gap;
    if (icon_button(a, "play", x + dp / 2, cy, dp, a->core.playing ? ICON_PAUSE : ICON_PLAY, 1,
                    tr(a->core.playing ? STR_TOP_TIP_PAUSE : STR_TOP_TIP_TRAIN)))
        app_push(a, app_cmd(APP_CMD_TOGGLE_PLAY));
    x += dp + gap;
    if (icon_button(a, "phase", x + d / 2, cy, d, ICON_PHASE, 0, tr(STR_TOP_TIP_PHASE)))
        app_push(a, app_cmd(APP_CMD_STEP_PHASE));
    x += d + gap;
    if (icon_button(a, "step", x + d / 2, cy, d, ICON_STEP, 0, tr(STR_TOP_TIP_STEP)))
        app_push(a, app_cmd(APP_CMD_STEP_BATCH));
    x += d + gap;
    if (icon_button(a, "epoch", x + d / 2, cy, d, ICON_EPOCH, 0, tr(STR_TOP_TIP_EPOCH)))
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
    x += d + ui_px(ui, 20);

    /* speed */
    int sm = ui_font(ui, UI_FONT_SMALL);
    int sw = ui_px(ui, 150), fh = ui_px(ui, 32);
    int ly = r.y + ui_px(ui, 6);
    ui_draw_text(ui, sm, 0, x, ly, tr(STR_TOP_SPEED), ui->style.text_muted);
    ui_Rect dr = {x, ly + ui_text_height(ui, sm), sw, fh};
    const char *speeds[N_SPEED_NAMES];
    int n_speeds = app_speed_count() < N_SPEED_NAMES ? app_speed_count() : N_SPEED_NAMES;
    tr_list(speeds, speed_names, n_speeds);
    int speed = a->core.speed;
    if (ui_dropdown_at(ui, ui_id_str(ui, "speed"), dr, &speed, speeds, n_speeds))
        app_push(a, app_cmd_i(APP_CMD_SET_SPEED, speed));
    x += sw + ui_px(ui, 22);

    /* counters */
    nn_Cursor c = app_snap(a)->cursor;
    char buf[64], buf2[64];
    app_fmt_count(c.epoch, buf, sizeof buf);
    int fy = r.y + ui_px(ui, 8);
    x = figure(a, x, fy, ui_px(ui, 90), tr(STR_TOP_EPOCH), buf, ui->style.text);
    snprintf(buf, sizeof buf, "%lld/%d", (long long)c.batch, app_snap(a)->batches_per_epoch);
    x = figure(a, x, fy, ui_px(ui, 90), tr(STR_TOP_BATCH), buf, ui->style.text);
    app_fmt_count(c.samples, buf, sizeof buf);
    x = figure(a, x, fy, ui_px(ui, 116), tr(STR_TOP_SAMPLES), buf, ui->style.text);

    /* live loss and accuracy */
    ui_draw_rect(ui, (ui_Rect){x, r.y + ui_px(ui, 10), 1, r.h - ui_px(ui, 20)}, ui->style.border);
    x += ui_px(ui, 14);
    int vw = ui_px(ui, 100);
    app_fmt_value(app_focus(a)->m_train.loss, buf, sizeof buf);
    x = figure(a, x, fy, vw, tr(STR_TOP_TRAIN_LOSS), buf, ui->style.text);
    app_fmt_value(app_focus(a)->m_test.loss, buf, sizeof buf);
    x = figure(a, x, fy, vw, tr(STR_TOP_TEST_LOSS), buf, ui->style.text);
    int aw = ui_px(ui, 86);
    if (!isnan(app_focus(a)->m_train.accuracy) || !isnan(app_focus(a)->m_test.accuracy)) {
        if (isnan(app_focus(a)->m_train.accuracy))
            snprintf(buf2, sizeof buf2, "\xe2\x80\x94");
        else
            snprintf(buf2, sizeof buf2, "%.1f%%", 100.0 * app_focus(a)->m_train.accuracy);
        x = figure(a, x, fy, aw, tr(STR_TOP_TRAIN_ACC), buf2, ui->style.text);
        if (isnan(app_focus(a)->m_test.accuracy))
            snprintf(buf2, sizeof buf2, "\xe2\x80\x94");
        else
            snprintf(buf2, sizeof buf2, "%.1f%%", 100.0 * app_focus(a)->m_test.accuracy);
        x = figure(a, x, fy, aw, tr(STR_TOP_TEST_ACC), buf2, ui->style.text);
    }
    if (c.diverged && x + ui_px(ui, 100) < r.x + r.w - d - gap)
        figure(a, x, fy, ui_px(ui, 100), tr(STR_TOP_STATUS), tr(STR_TOP_DIVERGED), app_rgb(0xc0392b));

    int hx = r.x + r.w - ui_px(ui, 16) - d / 2;
    if (icon_button(a, "help", hx, cy, d, ICON_HELP, 0, tr(STR_TOP_TIP_HELP)))
        a->help = !a->help;
}

/* ======================================================================== */
/* hyperparameters                                                           */
/* ======================================================================== */

static const float lr_values[] = {0.00001f, 0.0001f, 0.001f, 0.003f, 0.01f, 0.03f,
                                  0.1f,     0.3f,    1.0f,   3.0f,   10.0f};
static const char *const lr_names[] = {"0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03",
                                       "0.1",     "0.3",    "1",     "3",     "10"};
static const float reg_values[] = {0.0f, 0.001f, 0.003f, 0.01f, 0.03f, 0.1f, 0.3f, 1.0f, 3.0f, 10.0f};
static const char *const reg_names[] = {"0", "0.001", "0.003", "0.01", "0.03",
                                        "0.1", "0.3", "1", "3", "10"};
static const i18n_Id opt_names[NN_OPT_COUNT] = {
    [NN_OPT_SGD] = STR_OPT_SGD,           [NN_OPT_MOMENTUM] = STR_OPT_MOMENTUM,
    [NN_OPT_NESTEROV] = STR_OPT_NESTEROV, [NN_OPT_ADAGRAD] = STR_OPT_ADAGRAD,
    [NN_OPT_RMSPROP] = STR_OPT_RMSPROP,   [NN_OPT_ADAM] = STR_OPT_ADAM,
    [NN_OPT_ADAMW] = STR_OPT_ADAMW};
static const i18n_Id loss_names[NN_LOSS_COUNT] = {
    [NN_LOSS_MSE] = STR_LOSS_MSE, [NN_LOSS_BCE] = STR_LOSS_BCE, [NN_LOSS_CCE] = STR_LOSS_CCE,
    [NN_LOSS_SPARSE_CCE] = STR_LOSS_SPARSE_CCE, [NN_LOSS_HALF_SQUARED] = STR_LOSS_HALF_SQUARED};
static const i18n_Id regk_names[NN_REG_COUNT] = {
    [NN_REG_NONE] = STR_REG_NONE, [NN_REG_L1] = STR_REG_L1, [NN_REG_L2] = STR_REG_L2};
static const i18n_Id init_names[NN_INIT_COUNT] = {
    [NN_INIT_GLOROT_UNIFORM] = STR_INIT_GLOROT, [NN_INIT_HE_NORMAL] = STR_INIT_HE,
    [NN_INIT_UNIFORM] = STR_INIT_UNIFORM, [NN_INIT_ZEROS] = STR_INIT_ZEROS};
static const i18n_Id sched_names[NN_SCHED_COUNT] = {
    [NN_SCHED_CONSTANT] = STR_SCHED_CONSTANT, [NN_SCHED_STEP] = STR_SCHED_STEP,
    [NN_SCHED_EXPONENTIAL] = STR_SCHED_EXPONENTIAL, [NN_SCHED_COSINE] = STR_SCHED_COSINE,
    [NN_SCHED_PIECEWISE] = STR_SCHED_PIECEWISE};

static int nearest(const float *v, int n, float x)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (fabsf(logf(v[i] + 1e-9f) - logf(x + 1e-9f)) < fabsf(logf(v[best] + 1e-9f) - logf(x + 1e-9f)))
            best = i;
    return best;
}

/* A dropdown in the base font, or the small one when the longest item
 * would not fit the button (narrow window, presenter zoom). */
static int fitted_dropdown(app_State *a, const char *name, ui_Rect r, int *sel,
                           const char *const *items, int n)
{
    ui_Context *ui = &a->ui;
    int room = r.w - ui_px(ui, 16) - 2 * ui_px(ui, (float)ui->style.pad);
    int widest = 0;
    for (int i = 0; i < n; i++) {
        int w = ui_text_width(ui, ui_font(ui, UI_FONT_BASE), 0, items[i]);
        widest = w > widest ? w : widest;
    }
    int old = ui->widget_font;
    if (widest > room)
        ui->widget_font = UI_FONT_SMALL;
    int res = ui_dropdown_at(ui, ui_id_str(ui, name), r, sel, items, n);
    ui->widget_font = old;
    return res;
}

/* A menu of names from the string table (at most 16). */
static int named_dropdown(app_State *a, const char *name, ui_Rect r, int *sel, const i18n_Id *ids,
                          int n)
{
    const char *items[16];
    if (n > 16)
        n = 16;
    tr_list(items, ids, n);
    return fitted_dropdown(a, name, r, sel, items, n);
}

/* One column: a caption and a control below it. */
static ui_Rect caption(app_State *a, int x, int y, int w, const char *text)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL);
    ui_draw_text(ui, sm, 0, x, y, text, ui->style.text_muted);
    return (ui_Rect){x, y + ui_text_height(ui, sm) + ui_px(ui, 2), w, ui_px(ui, 32)};
}

void app_panel_hyper(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const nn_Experiment *e = app_spec(a);
    ui_draw_rect(ui, r, app_rgb(0xf1f3f4));
    ui_draw_rect(ui, (ui_Rect){r.x, r.y + r.h - 1, r.w, 1}, ui->style.border);
    int margin = ui_px(ui, 16), gap = ui_px(ui, 12);
    int n = 8;
    int w = (r.w - 2 * margin - (n - 1) * gap) / n;
    int x = r.x + margin, y = r.y + ui_px(ui, 6);

    int lr_i = nearest(lr_values, 11, e->opt.lr);
    ui_Rect c = caption(a, x, y, w, tr(STR_HYPER_LR));
    if (fitted_dropdown(a, "lr", c, &lr_i, lr_names, 11)) {
        app_push(a, app_cmd_f(APP_CMD_SET_LEARNING_RATE, lr_values[lr_i]));
    }
    x += w + gap;

    int ok = (int)e->opt.kind;
    c = caption(a, x, y, w, tr(STR_HYPER_OPTIMIZER));
    if (named_dropdown(a, "opt", c, &ok, opt_names, NN_OPT_COUNT)) {
        app_push(a, app_cmd_i(APP_CMD_SET_OPTIMIZER, ok));
    }
    x += w + gap;

    int lk = (int)e->loss;
    c = caption(a, x, y, w, tr(STR_HYPER_LOSS));
    if (named_dropdown(a, "loss", c, &lk, loss_names, NN_LOSS_COUNT)) {
        app_push(a, app_cmd_i(APP_CMD_SET_LOSS, lk));
    }
    x += w + gap;

    int rk = (int)e->reg;
    c = caption(a, x, y, w, tr(STR_HYPER_REG));
    if (named_dropdown(a, "reg", c, &rk, regk_names, NN_REG_COUNT)) {
        app_push(a, app_cmd_i(APP_CMD_SET_REGULARIZATION, rk));
    }
    x += w + gap;

    int rr = e->reg_rate <= 0 ? 0 : nearest(reg_values + 1, 9, e->reg_rate) + 1;
    c = caption(a, x, y, w, tr(STR_HYPER_REG_RATE));
    if (fitted_dropdown(a, "regrate", c, &rr, reg_names, 10)) {
        app_push(a, app_cmd_f(APP_CMD_SET_REG_RATE, reg_values[rr]));
    }
    x += w + gap;

    int ik = (int)e->init;
    c = caption(a, x, y, w, tr(STR_HYPER_INIT));
    if (named_dropdown(a, "init", c, &ik, init_names, NN_INIT_COUNT)) {
        app_push(a, app_cmd_i(APP_CMD_SET_INITIALIZER, ik));
    }
    x += w + gap;

    int sk = (int)e->opt.schedule.kind;
    c = caption(a, x, y, w, tr(STR_HYPER_SCHEDULE));
    if (named_dropdown(a, "sched", c, &sk, sched_names, NN_SCHED_COUNT)) {
        app_push(a, app_cmd_i(APP_CMD_SET_SCHEDULE, sk));
    }
    x += w + gap;

    c = caption(a, x, y, w, tr(STR_HYPER_SEED));
    int bw = c.h;
    char num[32];
    snprintf(num, sizeof num, "%llu", (unsigned long long)e->seed);
    if (ui_button_at(ui, ui_id_str(ui, "seed-"), (ui_Rect){c.x, c.y, bw, c.h}, "\xe2\x88\x92",
                     e->seed > 0 ? 0 : UI_OPT_DISABLED) && e->seed > 0) {
        app_push(a, app_cmd_u(APP_CMD_SET_SEED, e->seed - 1));
    }
    ui_Rect mid = {c.x + bw, c.y, c.w - 2 * bw, c.h};
    ui_draw_rect(ui, mid, ui->style.field);
    ui_draw_rect(ui, (ui_Rect){mid.x, mid.y, mid.w, 1}, ui->style.border);
    ui_draw_rect(ui, (ui_Rect){mid.x, mid.y + mid.h - 1, mid.w, 1}, ui->style.border);
    ui_draw_text_in(ui, mid, ui_font(ui, UI_FONT_BASE), 0, num, ui->style.text, 0);
    if (ui_button_at(ui, ui_id_str(ui, "seed+"), (ui_Rect){c.x + c.w - bw, c.y, bw, c.h}, "+", 0)) {
        app_push(a, app_cmd_u(APP_CMD_SET_SEED, e->seed + 1));
    }
}

/* ======================================================================== */
/* status line                                                               */
/* ======================================================================== */

void app_panel_status(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    ui_draw_rect(ui, r, app_rgb(0xf1f3f4));
    ui_draw_rect(ui, (ui_Rect){r.x, r.y, r.w, 1}, ui->style.border);
    int fpx = ui_font(ui, UI_FONT_SMALL);
    int pad = ui_px(ui, 16);
    char right[256];
    const char *src = a->core.source[0] ? strrchr(a->core.source, '/') : NULL;
    src = src ? src + 1 : (a->core.source[0] ? a->core.source : tr(STR_STATUSLINE_BUILTIN));
    snprintf(right, sizeof right, tr(STR_STATUSLINE_RIGHT), src, app_train(a)->name, a->frame_ms);
    int rw = ui_text_width(ui, fpx, 0, right);
    ui_draw_text_in(ui, (ui_Rect){r.x + r.w - rw - 2 * pad, r.y, rw + 2 * pad, r.h}, fpx, 0, right,
                    ui->style.text_muted, 0);
    const char *msg = a->core.status;
    ui_Color col = a->core.status_error ? app_rgb(0xb03a2e) : ui->style.text;
    if (!msg[0] || a->now > a->core.status_until) {
        msg = tr(STR_STATUSLINE_HINT);
        col = ui->style.text_muted;
    }
    char fit[300];
    int lx = r.x + pad - ui_px(ui, 6) + ui_px(ui, (float)ui->style.pad);
    app_fit_text(a, fpx, a->core.status_error, msg, r.x + r.w - rw - 3 * pad - lx, fit, sizeof fit);
    ui_clip(ui, (ui_Rect){r.x, r.y, r.w - rw - 3 * pad, r.h});
    ui_draw_text_in(ui, (ui_Rect){r.x + pad - ui_px(ui, 6), r.y, r.w, r.h}, fpx, a->core.status_error,
                    fit, col, -1);
    ui_unclip(ui);
}
