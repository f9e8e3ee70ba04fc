/* app_frame.c - one frame of the window: the UI pass (shortcuts and every
 * panel, which push commands), the core's sync (which applies them),
 * heatmaps, replay; and the panel layout (Playground's: data left, network
 * middle, output and loss right, transport on top). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

void app_layout(app_State *a, int w, int h, app_Layout *L)
{
    ui_Context *ui = &a->ui;
    int m = ui_px(ui, 8);
    int top_h = ui_px(ui, 66), hyper_h = ui_px(ui, 64), status_h = ui_px(ui, 32);
    L->top = (ui_Rect){0, 0, w, top_h};
    L->hyper = (ui_Rect){0, top_h, w, hyper_h};
    L->status = (ui_Rect){0, h - status_h, w, status_h};
    int y0 = top_h + hyper_h + m, y1 = h - status_h - m;
    int data_w = ui_px(ui, 236);
    int out_w = ui_px(ui, 360);
    if (out_w < w * 27 / 100)
        out_w = w * 27 / 100;
    L->data = (ui_Rect){m, y0, data_w, y1 - y0};
    int rx = w - m - out_w;
    L->net = (ui_Rect){m + data_w + m, y0, rx - m - (m + data_w + m), y1 - y0};
    /* output: title + plot (square, as wide as the column allows) + toggles */
    int plot = out_w - ui_px(ui, 24);
    int out_h = plot + ui_px(ui, 150);
    int min_chart = ui_px(ui, 190);
    if (out_h > (y1 - y0) - min_chart - m) {
        out_h = (y1 - y0) - min_chart - m;
    }
    L->out = (ui_Rect){rx, y0, out_w, out_h};
    L->chart = (ui_Rect){rx, y0 + out_h + m, out_w, y1 - (y0 + out_h + m)};
}

/* ======================================================================== */
/* shortcuts                                                                 */
/* ======================================================================== */

static void shortcuts(app_State *a)
{
    ui_Context *ui = &a->ui;
    if (ui->text_focus || a->edit.active)
        return;
    if (ui_key_pressed(ui, ' ', -1))
        app_push(a, app_cmd(APP_CMD_TOGGLE_PLAY));
    if (ui_key_pressed(ui, UI_KEY_RIGHT, 0))
        app_push(a, app_cmd(APP_CMD_STEP_BATCH));
    if (ui_key_pressed(ui, UI_KEY_RIGHT, UI_MOD_SHIFT) || ui_key_pressed(ui, 'e', 0))
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
    if (ui_key_pressed(ui, '.', 0))
        app_push(a, app_cmd(APP_CMD_STEP_PHASE));
    if (ui_key_pressed(ui, 'r', 0))
        app_push(a, app_cmd(APP_CMD_RESET));
    if (ui_key_pressed(ui, 's', 0))
        app_push(a, app_cmd_text(APP_CMD_SCREENSHOT, ""));
    if (ui_key_pressed(ui, 'c', 0))
        app_push(a, app_cmd_text(APP_CMD_EXPORT_HISTORY, ""));
    if (ui_key_pressed(ui, 'm', 0))
        app_push(a, app_cmd_text(APP_CMD_EXPORT_MODEL, ""));
    if (ui_key_pressed(ui, 'h', 0) || ui_key_pressed(ui, '?', -1))
        a->help = !a->help;
    if (ui_key_pressed(ui, UI_KEY_ESCAPE, -1)) {
        if (a->help)
            a->help = 0;
        else
            app_push(a, app_cmd_i(APP_CMD_INSPECT, -1));
    }
    if (ui_key_pressed(ui, 't', 0))
        a->show_test = !a->show_test;
    if (ui_key_pressed(ui, 'd', 0)) {
        a->discretize = !a->discretize;
        app_heat(a)->drawn_step = -1;
    }
    if (ui_key_pressed(ui, 'l', 0))
        a->log_loss = !a->log_loss;
    if (ui_key_pressed(ui, 'g', 0))
        a->edge_mode = (a->edge_mode + 1) % 3;
    if (ui_key_pressed(ui, UI_KEY_LEFT, 0))
        app_push(a, app_cmd(APP_CMD_STEP_BACK));
    if (ui_key_pressed(ui, UI_KEY_F11, -1))
        plat_set_fullscreen(a->plat, !plat_is_fullscreen(a->plat));
    if (ui_key_pressed(ui, 'q', UI_MOD_CTRL))
        a->quit = 1;
    /* Ctrl+= and Ctrl++ (shift on most layouts) zoom in, Ctrl+- out, Ctrl+0 resets */
    if (ui_key_pressed(ui, '=', UI_MOD_CTRL) || ui_key_pressed(ui, '=', UI_MOD_CTRL | UI_MOD_SHIFT) ||
        ui_key_pressed(ui, '+', -1) || ui_key_pressed(ui, UI_KEY_KP_PLUS, -1))
        a->zoom = fminf(a->zoom * 1.15f, 3.0f);
    if (ui_key_pressed(ui, '-', UI_MOD_CTRL) || ui_key_pressed(ui, UI_KEY_KP_MINUS, -1))
        a->zoom = fmaxf(a->zoom / 1.15f, 0.6f);
    if (ui_key_pressed(ui, '0', UI_MOD_CTRL))
        a->zoom = 1.0f;
}

void app_handle_events(app_State *a, const plat_Events *ev)
{
    if (ev->quit)
        a->quit = 1;
    if (ev->dropped)
        app_push(a, app_cmd_text(APP_CMD_OPEN, ev->drop_path));
}

/* Scale from the window size: a 1280x800 window is 1, a 4K one about 2.7,
 * so text keeps its size relative to the screen on a projector. */
static float window_scale(int w, int h)
{
    float s = fminf((float)w / 1280.0f, (float)h / 800.0f);
    return s < 0.8f ? 0.8f : s > 4.0f ? 4.0f : s;
}

void app_sync(app_State *a, double now)
{
    a->core.want_grads = a->edge_mode != APP_EDGE_WEIGHT;
    app_core_sync(&a->core, now);
}

void app_frame(app_State *a, double now)
{
    a->now = now;
    int w, h;
    plat_size(a->plat, &w, &h);
    float ws = window_scale(w, h);
    a->scale = ws * a->zoom;

    /* 1. figures and heatmaps of the snapshots the panels draw */
    if (!app_model(a)) {
        /* no memory for the snapshot: an empty frame, try again next time */
        app_core_sync(&a->core, now);
        plat_render(a->plat, &a->ui, a->ui.style.bg);
        return;
    }
    for (int i = 0; i < a->core.n_runs; i++)
        app_run_refresh_metrics(a->core.runs[i], now, a->core.playing, 0);
    app_heat_update(a);

    /* 2. the UI pass: panels read the snapshots and push commands */
    ui_Context *ui = &a->ui;
    ui_begin(ui, &a->input, w, h, a->scale);
    if (a->seen_opened != a->core.opened) {
        /* a lesson opened: its title on the window, its card over it */
        a->seen_opened = a->core.opened;
        a->card = a->cards;
        char title[300];
        const char *t = app_spec(a)->title;
        snprintf(title, sizeof title, tr(STR_WINDOW_TITLE), t[0] ? t : tr(STR_WINDOW_UNTITLED));
        plat_set_title(a->plat, title);
    }
    if (a->card && (ui->in.n_keys > 0 || ui->in.mouse_pressed)) {
        /* any key or click closes the card; a key still does its own job
         * (Space starts training), a click goes nowhere else */
        a->card = 0;
        ui->in.mouse_pressed = 0;
    }
    shortcuts(a);
    a->scale = ws * a->zoom; /* a zoom key acts on this very frame */
    ui->scale = a->scale;
    app_layout(a, w, h, &a->lay);
    /* the inspector floats over the panels: a press on it is not theirs */
    int shield = a->core.inspect.active && !a->help &&
                 ui_rect_contains(a->inspect_rect, ui->in.mouse_x, ui->in.mouse_y);
    int pressed = ui->in.mouse_pressed;
    if (shield)
        ui->in.mouse_pressed = 0;
    app_panel_top(a, a->lay.top);
    app_panel_hyper(a, a->lay.hyper);
    app_panel_data(a, a->lay.data);
    app_panel_net(a, a->lay.net);
    app_panel_output(a, a->lay.out);
    app_panel_chart(a, a->lay.chart);
    app_panel_status(a, a->lay.status);
    if (shield)
        ui->in.mouse_pressed = pressed;
    app_panel_inspector(a);
    if (a->help)
        app_panel_help(a);
    else
        app_panel_card(a);
    ui_end(ui);

    /* 3. the commands change the runs, under the training lock, and the
     * snapshots for the next frame are taken */
    app_sync(a, now);

    /* 4. draw what the UI pass recorded */
    plat_render(a->plat, ui, ui->style.bg);
    if (a->core.shot_pending) {
        a->core.shot_pending = 0;
        app_screenshot(a, a->core.shot_path);
    }
    a->frame_ms = (plat_now() - now) * 1000.0;
    a->frames++;
}
