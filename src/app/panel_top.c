/* panel_top.c - the transport bar (reset, play, step, epoch, speed, counters,
 * live loss and accuracy), the hyperparameter row and the status line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/app_exports.h"
#include "core/loss_label.h"
#include "i18n/i18n.h"

enum { ICON_RESET, ICON_PLAY, ICON_PAUSE, ICON_PHASE, ICON_STEP, ICON_EPOCH, ICON_CONTROLS, ICON_HELP,
       ICON_COMPARE };

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
    case ICON_CONTROLS: /* three sliders: the data and hyperparameter panels */
        for (int k = -1; k <= 1; k++) {
            float ly = y + (float)k * s * 0.75f, kx = x + (float)k * s * 0.5f;
            ui_draw_line(ui, x - s * 1.05f, ly, x + s * 1.05f, ly, fmaxf(1.5f, R * 0.08f), fg);
            ui_draw_circle(ui, kx, ly, fmaxf(2.5f, s * 0.28f), fg, (ui_Color){0, 0, 0, 0});
        }
        break;
    case ICON_COMPARE: /* two small multiples side by side */
        ui_draw_box(ui, (ui_Rect){(int)(x - s * 1.1f), (int)(y - s * 0.55f), (int)(s), (int)(s * 1.1f)},
                    fg, (int)fmaxf(1.5f, R * 0.08f));
        ui_draw_box(ui, (ui_Rect){(int)(x + s * 0.1f), (int)(y - s * 0.55f), (int)(s), (int)(s * 1.1f)},
                    fg, (int)fmaxf(1.5f, R * 0.08f));
        break;
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

/* One figure of the bar: a small grey caption above a large value. */
typedef struct {
    const char *caption;
    char value[40];
    ui_Color color;
    int min_w;  /* its column is at least this wide */
    int group;  /* 0 counters, 1 loss and accuracy (a rule between them) */
    int need;   /* width of its text */
    int adv;    /* its column */
    int shown;
} Figure;

static void measure(app_State *a, Figure *f)
{
    ui_Context *ui = &a->ui;
    int sm = ui_font(ui, UI_FONT_SMALL), big = ui_font(ui, UI_FONT_BIG);
    int need = ui_text_width(ui, big, 0, f->value);
    int cap = ui_text_width(ui, sm, 0, f->caption);
    f->need = cap > need ? cap : need;
    f->adv = f->need + ui_px(ui, 16);
    if (f->adv < f->min_w)
        f->adv = f->min_w;
}

/* Right end of the figures drawn in order from x: each takes its column,
 * the last only its text; the rule between the groups takes 14 px. */
static int figures_end(app_State *a, const Figure *f, int n, int x)
{
    int last = -1, any0 = 0, rule = 0;
    for (int k = 0; k < n; k++) {
        if (!f[k].shown)
            continue;
        if (f[k].group == 1 && any0 && !rule) {
            x += ui_px(&a->ui, 14);
            rule = 1;
        }
        any0 |= f[k].group == 0;
        last = k;
        x += f[k].adv;
    }
    return last < 0 ? x : x - f[last].adv + f[last].need;
}

/* Draws the figures that fit between x and limit: the most telling first
 * (order), so a zoomed-in bar drops the batch and sample counts before
 * the losses and accuracies; those shown keep their places' order. */
static int figures(app_State *a, Figure *f, int n, const int *order, int x, int y, int limit,
                   ui_Rect bar)
{
    ui_Context *ui = &a->ui;
    for (int k = 0; k < n; k++) {
        measure(a, &f[k]);
        f[k].shown = 0;
    }
    for (int k = 0; k < n; k++) {
        f[order[k]].shown = 1;
        if (figures_end(a, f, n, x) > limit)
            f[order[k]].shown = 0;
    }
    int sm = ui_font(ui, UI_FONT_SMALL), big = ui_font(ui, UI_FONT_BIG);
    int any0 = 0, rule = 0;
    for (int k = 0; k < n; k++) {
        if (!f[k].shown)
            continue;
        if (f[k].group == 1 && any0 && !rule) {
            ui_draw_rect(ui, (ui_Rect){x, bar.y + ui_px(ui, 10), 1, bar.h - ui_px(ui, 20)},
                         ui->style.border);
            x += ui_px(ui, 14);
            rule = 1;
        }
        any0 |= f[k].group == 0;
        ui_draw_text(ui, sm, 0, x, y, f[k].caption, ui->style.text_muted);
        ui_draw_text(ui, big, 0, x, y + ui_text_height(ui, sm), f[k].value, f[k].color);
        x += f[k].adv;
    }
    return x;
}


/* The training speed's menu in dr (the top bar's, or zoomed in the
 * hyperparameter panel's first cell). */
static void speed_menu(app_State *a, ui_Rect dr)
{
    ui_Context *ui = &a->ui;
    const char *speeds[N_SPEED_NAMES];
    int n_speeds = app_speed_count() < N_SPEED_NAMES ? app_speed_count() : N_SPEED_NAMES;
    tr_list(speeds, speed_names, n_speeds);
    int speed = a->core.speed;
    app_cue_control(a, APP_CTL_SPEED, dr);
    if (ui_dropdown_at(ui, ui_id_str(ui, "speed"), dr, &speed, speeds, n_speeds))
        app_push(a, app_cmd_i(APP_CMD_SET_SPEED, speed));
}

/* The button that opens (and closes) the lessons menu, as key B does. */
static void lessons_button(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    ui_Id id = ui_id_str(ui, "lessons");
    int open = a->lesson && a->lesson->menu.open;
    int font = ui->widget_font;
    ui->widget_font = UI_FONT_SMALL;
    int clicked = ui_button_at(ui, id, r, tr(STR_TOP_LESSONS), open ? UI_OPT_SELECTED : 0);
    ui->widget_font = font;
    if (ui->hover == id)
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tr(STR_TOP_TIP_LESSONS));
    if (clicked)
        app_lessons_toggle(a);
}

void app_panel_top(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    ui_draw_rect(ui, r, ui->style.panel);
    ui_draw_rect(ui, (ui_Rect){r.x, r.y + r.h - 1, r.w, 1}, ui->style.border);
    int cy = r.y + r.h / 2;
    int x = r.x + ui_px(ui, 16);
    /* the buttons are controls: at the controls' scale, so zooming in
     * gives the figures the room, not the buttons */
    float cs = a->ctrl_scale;
    int d = (int)lroundf(42.0f * cs), dp = (int)lroundf(54.0f * cs), gap = (int)lroundf(12.0f * cs);
    /* the figures end left of the help button (and the drawer's) */
    int figure_limit = r.x + r.w - ui_px(ui, 24) - d;
    if (a->zoom > 1.0f || !a->controls)
        figure_limit -= d + gap;
    figure_limit -= d + gap; /* the compare button */
    /* and the Export menu, except zoomed in: the presenter's figures keep
     * their room (Shift+S, X and F still export) */
    int menu_w = a->zoom > 1.0f ? 0 : app_export_menu_width(a);
    if (menu_w)
        figure_limit -= menu_w + gap;
    /* and the lessons button, at every zoom (a class's lessons are opened
     * from it, key B too): a control, at the controls' scale */
    float fig_scale = ui->scale;
    ui->scale = cs;
    int lessons_w = ui_text_width(ui, ui_font(ui, UI_FONT_SMALL), 0, tr(STR_TOP_LESSONS)) +
                    ui_px(ui, 24);
    int lessons_h = ui_px(ui, 30);
    ui->scale = fig_scale;
    figure_limit -= lessons_w + gap;

    /* a lesson may hide the transport from the class: the figures move up */
    if (!app_ctl_hidden(a, APP_CTL_RESET)) {
        app_cue_control(a, APP_CTL_RESET, (ui_Rect){x, cy - d / 2, d, d});
        if (icon_button(a, "reset", x + d / 2, cy, d, ICON_RESET, 0, tr(STR_TOP_TIP_RESET)))
            app_push(a, app_cmd(APP_CMD_RESET));
        x += d + gap;
    }
    if (!app_ctl_hidden(a, APP_CTL_PLAY)) {
        app_cue_control(a, APP_CTL_PLAY, (ui_Rect){x, cy - dp / 2, dp, dp});
        if (icon_button(a, "play", x + dp / 2, cy, dp, a->core.playing ? ICON_PAUSE : ICON_PLAY, 1,
                        tr(a->core.playing ? STR_TOP_TIP_PAUSE : STR_TOP_TIP_TRAIN)))
            app_push(a, app_cmd(APP_CMD_TOGGLE_PLAY));
        x += dp + gap;
    }
    if (!app_ctl_hidden(a, APP_CTL_STEP)) {
        app_cue_control(a, APP_CTL_STEP, (ui_Rect){x, cy - d / 2, 3 * d + 2 * gap, d});
        if (icon_button(a, "phase", x + d / 2, cy, d, ICON_PHASE, 0, tr(STR_TOP_TIP_PHASE)))
            app_push(a, app_cmd(APP_CMD_STEP_PHASE));
        x += d + gap;
        if (icon_button(a, "step", x + d / 2, cy, d, ICON_STEP, 0, tr(STR_TOP_TIP_STEP)))
            app_push(a, app_cmd(APP_CMD_STEP_BATCH));
        x += d + gap;
        if (icon_button(a, "epoch", x + d / 2, cy, d, ICON_EPOCH, 0, tr(STR_TOP_TIP_EPOCH)))
            app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
        x += d;
    }
    x += (int)lroundf(20.0f * cs);

    /* speed, a control: hidden with the data and hyperparameter panels;
     * zoomed in, those panels hold it and the bar keeps its room for the
     * figures */
    if (a->controls && a->zoom <= 1.0f && !app_ctl_hidden(a, APP_CTL_SPEED)) {
        int sm = ui_font(ui, UI_FONT_SMALL);
        int sw = ui_px(ui, 150), fh = ui_px(ui, 32);
        int ly = r.y + ui_px(ui, 6);
        ui_draw_text(ui, sm, 0, x, ly, tr(STR_TOP_SPEED), ui->style.text_muted);
        speed_menu(a, (ui_Rect){x, ly + ui_text_height(ui, sm), sw, fh});
        x += sw + ui_px(ui, 22);
    }

    /* counters, then live loss and accuracy */
    nn_Cursor c = app_snap(a)->cursor;
    const app_Run *run = app_focus(a);
    Figure f[7];
    memset(f, 0, sizeof f);
    int n = 0;
    f[n] = (Figure){tr(STR_TOP_EPOCH), "", ui->style.text, ui_px(ui, 90), 0, 0, 0, 0};
    app_fmt_count(c.epoch, f[n++].value, sizeof f[0].value);
    f[n] = (Figure){tr(STR_TOP_BATCH), "", ui->style.text, ui_px(ui, 90), 0, 0, 0, 0};
    snprintf(f[n++].value, sizeof f[0].value, "%lld/%d", (long long)c.batch, app_snap(a)->batches_per_epoch);
    f[n] = (Figure){tr(STR_TOP_SAMPLES), "", ui->style.text, ui_px(ui, 116), 0, 0, 0, 0};
    app_fmt_count(c.samples, f[n++].value, sizeof f[0].value);
    f[n] = (Figure){tr(STR_TOP_TRAIN_LOSS), "", ui->style.text, ui_px(ui, 100), 1, 0, 0, 0};
    app_fmt_value(run->m_train.loss, f[n++].value, sizeof f[0].value);
    f[n] = (Figure){tr(STR_TOP_TEST_LOSS), "", ui->style.text, ui_px(ui, 100), 1, 0, 0, 0};
    app_fmt_value(run->m_test.loss, f[n++].value, sizeof f[0].value);
    if (!isnan(run->m_train.accuracy) || !isnan(run->m_test.accuracy)) {
        f[n] = (Figure){tr(STR_TOP_TRAIN_ACC), "", ui->style.text, ui_px(ui, 86), 1, 0, 0, 0};
        if (isnan(run->m_train.accuracy))
            snprintf(f[n++].value, sizeof f[0].value, "\xe2\x80\x94");
        else
            snprintf(f[n++].value, sizeof f[0].value, "%.1f%%", 100.0 * run->m_train.accuracy);
        f[n] = (Figure){tr(STR_TOP_TEST_ACC), "", ui->style.text, ui_px(ui, 86), 1, 0, 0, 0};
        if (isnan(run->m_test.accuracy))
            snprintf(f[n++].value, sizeof f[0].value, "\xe2\x80\x94");
        else
            snprintf(f[n++].value, sizeof f[0].value, "%.1f%%", 100.0 * run->m_test.accuracy);
    }
    /* epoch, losses, test then train accuracy, then batch and samples: the
     * test accuracy is what a class watches, so it is the last to go */
    static const int order7[7] = {0, 3, 4, 6, 5, 1, 2};
    static const int order5[5] = {0, 3, 4, 1, 2};
    int fy = r.y + ui_px(ui, 8);
    x = figures(a, f, n, n == 7 ? order7 : order5, x, fy, figure_limit, r);
    if (c.diverged && x + ui_px(ui, 100) < figure_limit) {
        Figure dv = {tr(STR_TOP_STATUS), "", app_rgb(0xc0392b), ui_px(ui, 100), 1, 0, 0, 0};
        snprintf(dv.value, sizeof dv.value, "%s", tr(STR_TOP_DIVERGED));
        static const int one[1] = {0};
        figures(a, &dv, 1, one, x, fy, figure_limit, r);
    }

    /* the controls drawer, where zoom or Tab has hidden the panels */
    int hx = r.x + r.w - ui_px(ui, 16) - d / 2;
    if (a->zoom > 1.0f || !a->controls) {
        if (icon_button(a, "controls", hx - d - gap, cy, d, ICON_CONTROLS, a->controls,
                        tr(a->controls ? STR_TOP_TIP_CONTROLS_HIDE : STR_TOP_TIP_CONTROLS_SHOW)))
            a->controls = !a->controls;
    }
    if (icon_button(a, "help", hx, cy, d, ICON_HELP, 0, tr(STR_TOP_TIP_HELP)))
        a->help = !a->help;
    int cx = hx - (d + gap) * (a->zoom > 1.0f || !a->controls ? 2 : 1);
    if (icon_button(a, "compare", cx, cy, d, ICON_COMPARE, a->cmp.open, tr(STR_TOP_TIP_COMPARE)))
        a->cmp.open = !a->cmp.open;
    int mh = ui_px(ui, 30);
    if (menu_w)
        app_export_menu(a, (ui_Rect){cx - d / 2 - gap - menu_w, cy - mh / 2, menu_w, mh});
    ui->scale = cs;
    lessons_button(a, (ui_Rect){cx - d / 2 - gap - (menu_w ? menu_w + gap : 0) - lessons_w,
                                cy - lessons_h / 2, lessons_w, lessons_h});
    ui->scale = fig_scale;
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

/* The k-th control's place after the one at *x, *y: along its row (pitch
 * step), or at x0 on the next row (row_h down) after n in a row. */
int app_hyper_count(const app_State *a)
{
    return a->zoom > 1.0f ? 9 : 8;
}

static void next_cell(int *k, int n, int *x, int *y, int x0, int step, int row_h)
{
    *k += 1;
    if (*k % n) {
        *x += step;
    } else {
        *x = x0;
        *y += row_h;
    }
}

void app_panel_hyper(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    const nn_Experiment *e = app_spec(a);
    ui_draw_rect(ui, r, app_rgb(0xf1f3f4));
    ui_draw_rect(ui, (ui_Rect){r.x, r.y + r.h - 1, r.w, 1}, ui->style.border);
    int margin = ui_px(ui, 16), gap = ui_px(ui, 12);
    /* one row of eight, or two of four when the layout gives two rows'
     * height (zoomed in, the panel is only as wide as the network) */
    int n_ctl = app_hyper_count(a);
    int n = r.h >= ui_px(ui, APP_HYPER_ROWS2_H) ? (n_ctl + 1) / 2 : n_ctl, k = 0, row_h = ui_px(ui, 58);
    int w = (r.w - 2 * margin - (n - 1) * gap) / n;
    int x = r.x + margin, y = r.y + ui_px(ui, 6);
    ui_Rect c;
    if (n_ctl > 8) { /* zoomed in: the speed, which the top bar leaves to this panel */
        if (!app_ctl_hidden(a, APP_CTL_SPEED))
            speed_menu(a, caption(a, x, y, w, tr(STR_TOP_SPEED)));
        next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);
    }

    int lr_i = nearest(lr_values, 11, e->opt.lr);
    if (!app_ctl_hidden(a, APP_CTL_LEARNING_RATE)) {
        c = caption(a, x, y, w, tr(STR_HYPER_LR));
        app_cue_control(a, APP_CTL_LEARNING_RATE, c);
        if (fitted_dropdown(a, "lr", c, &lr_i, lr_names, 11)) {
            app_push(a, app_cmd_f(APP_CMD_SET_LEARNING_RATE, lr_values[lr_i]));
        }
        /* the rate under the pointer in the open list: previewed over the plot */
        if (ui->popup == ui_id_str(ui, "lr") && ui->popup_item >= 0 && ui->popup_item < 11)
            app_wh_want(a, APP_WH_LR, lr_values[ui->popup_item]);
    }
    next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);

    int ok = (int)e->opt.kind;
    if (!app_ctl_hidden(a, APP_CTL_OPTIMIZER)) {
        c = caption(a, x, y, w, tr(STR_HYPER_OPTIMIZER));
        app_cue_control(a, APP_CTL_OPTIMIZER, c);
        if (named_dropdown(a, "opt", c, &ok, opt_names, NN_OPT_COUNT)) {
            app_push(a, app_cmd_i(APP_CMD_SET_OPTIMIZER, ok));
        }
    }
    next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);

    int lk = (int)e->loss;
    if (!app_ctl_hidden(a, APP_CTL_LOSS)) {
        c = caption(a, x, y, w, tr(STR_HYPER_LOSS));
        app_cue_control(a, APP_CTL_LOSS, c);
        if (named_dropdown(a, "loss", c, &lk, app_loss_label_ids, NN_LOSS_COUNT)) {
            app_push(a, app_cmd_i(APP_CMD_SET_LOSS, lk));
        }
    }
    next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);

    int rk = (int)e->reg;
    if (!app_ctl_hidden(a, APP_CTL_REGULARIZATION)) {
        c = caption(a, x, y, w, tr(STR_HYPER_REG));
        app_cue_control(a, APP_CTL_REGULARIZATION, c);
        if (named_dropdown(a, "reg", c, &rk, regk_names, NN_REG_COUNT)) {
            app_push(a, app_cmd_i(APP_CMD_SET_REGULARIZATION, rk));
        }
    }
    next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);

    int rr = e->reg_rate <= 0 ? 0 : nearest(reg_values + 1, 9, e->reg_rate) + 1;
    if (!app_ctl_hidden(a, APP_CTL_REG_RATE)) {
        c = caption(a, x, y, w, tr(STR_HYPER_REG_RATE));
        app_cue_control(a, APP_CTL_REG_RATE, c);
        if (fitted_dropdown(a, "regrate", c, &rr, reg_names, 10)) {
            app_push(a, app_cmd_f(APP_CMD_SET_REG_RATE, reg_values[rr]));
        }
        if (ui->popup == ui_id_str(ui, "regrate") && ui->popup_item >= 0 && ui->popup_item < 10)
            app_wh_want(a, APP_WH_REG_RATE, reg_values[ui->popup_item]);
    }
    next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);

    int ik = (int)e->init;
    c = caption(a, x, y, w, tr(STR_HYPER_INIT));
    if (named_dropdown(a, "init", c, &ik, init_names, NN_INIT_COUNT)) {
        app_push(a, app_cmd_i(APP_CMD_SET_INITIALIZER, ik));
    }
    next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);

    int sk = (int)e->opt.schedule.kind;
    c = caption(a, x, y, w, tr(STR_HYPER_SCHEDULE));
    if (named_dropdown(a, "sched", c, &sk, sched_names, NN_SCHED_COUNT)) {
        app_push(a, app_cmd_i(APP_CMD_SET_SCHEDULE, sk));
    }
    next_cell(&k, n, &x, &y, r.x + margin, w + gap, row_h);

    if (app_ctl_hidden(a, APP_CTL_SEED))
        return;
    c = caption(a, x, y, w, tr(STR_HYPER_SEED));
    app_cue_control(a, APP_CTL_SEED, c);
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
