/* app_frame.c - one frame of the window: the UI pass (shortcuts and every
 * panel, which push commands), the core's sync (which applies them),
 * heatmaps, replay; and the panel layout (Playground's: data left, network
 * middle, output and loss right, transport on top). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/app_exports.h"
#include "core/exercise.h"
#include "i18n/i18n.h"

static void app_layout_panels(app_State *a, int w, int h, app_Layout *L);
static float label_zoom(float z);

static int px(float s, float v)
{
    return (int)lroundf(v * s); /* as ui_px at scale s */
}

/* Playground's layout with every panel at scale s: the transport bar, the
 * hyperparameter row, data left, network middle, output and loss right.
 * Returns the side of the plot the output panel draws in it. */
static int full_layout(int w, int h, float s, app_Layout *L)
{
    int m = px(s, 8);
    int top_h = px(s, 66), hyper_h = px(s, 64), status_h = px(s, 32);
    L->top = (ui_Rect){0, 0, w, top_h};
    L->hyper = (ui_Rect){0, top_h, w, hyper_h};
    L->status = (ui_Rect){0, h - status_h, w, status_h};
    int y0 = top_h + hyper_h + m, y1 = h - status_h - m;
    int data_w = px(s, 236);
    int out_w = px(s, 360);
    if (out_w < w * 27 / 100)
        out_w = w * 27 / 100;
    L->data = (ui_Rect){m, y0, data_w, y1 - y0};
    int rx = w - m - out_w;
    L->net = (ui_Rect){m + data_w + m, y0, rx - m - (m + data_w + m), y1 - y0};
    /* output: title + plot (square, as wide as the column allows) + toggles */
    int plot = out_w - px(s, 24);
    int out_h = plot + px(s, 150);
    int min_chart = px(s, 190);
    if (out_h > (y1 - y0) - min_chart - m) {
        out_h = (y1 - y0) - min_chart - m;
    }
    L->out = (ui_Rect){rx, y0, out_w, out_h};
    L->chart = (ui_Rect){rx, y0 + out_h + m, out_w, y1 - (y0 + out_h + m)};
    /* the plane view's square: the output's area less the axis numbers */
    int aw = out_w - 2 * px(s, 12), ah = out_h - px(s, 36) - px(s, 72) - px(s, 6);
    return (aw < ah ? aw : ah) - px(s, 30);
}

/* The output plot at zoom z is at most z times its side at zoom 1, so it
 * never grows when zooming out; the output column gives up what it no
 * longer needs to the network and the loss chart. */
static void shrink_output(app_Layout *L, float s, int side)
{
    int out_w = side + 2 * px(s, 12) + px(s, 30);
    int out_h = side + px(s, 36) + px(s, 72) + px(s, 6) + px(s, 30);
    if (out_w < L->out.w) {
        int dx = L->out.w - out_w;
        L->out.x += dx;
        L->out.w = out_w;
        L->chart.x = L->out.x;
        L->chart.w = out_w;
        L->net.w += dx;
    }
    if (out_h < L->out.h) {
        int dy = L->out.h - out_h;
        L->out.h = out_h;
        L->chart.y -= dy;
        L->chart.h += dy;
    }
}

/* A Keras program's code panel (K): the left column, widened, under the
 * data panel, which keeps the height its set tiles, name and batch-size
 * slider take; with the controls hidden, a column of its own left of the
 * network. The output and the loss chart keep their place. */
static void place_code(const app_State *a, app_Layout *L)
{
    L->code = (ui_Rect){0, 0, 0, 0};
    if (!app_code_shown(a))
        return;
    float c = a->ctrl_scale;
    int m = px(c, 8), want = px(c, 330), net_min = px(c, 320);
    if (L->data.w > 0) {
        int extra = want - L->data.w;
        if (extra > L->net.w - net_min)
            extra = L->net.w - net_min;
        if (extra > 0) {
            L->data.w += extra;
            L->net.x += extra;
            L->net.w -= extra;
        }
        /* as panel_data lays itself out: title, caption, two rows of three
         * square tiles, then the name, the counts and the batch-size slider */
        int tile = (L->data.w - 2 * px(c, 10) - 2 * px(c, 8)) / 3;
        int keep = px(c, 36 + 18 + 8 + 10 + 112) + 2 * tile;
        if (L->data.h - keep - m < px(c, 120))
            return; /* no room for a useful number of lines */
        L->code = (ui_Rect){L->data.x, L->data.y + keep + m, L->data.w, L->data.h - keep - m};
        L->data.h = keep;
        return;
    }
    int cw = want;
    if (cw > L->net.w - m - net_min)
        cw = L->net.w - m - net_min;
    if (cw < px(c, 200))
        return;
    L->code = (ui_Rect){L->net.x, L->net.y, cw, L->net.h};
    L->net.x += cw + m;
    L->net.w -= cw + m;
}

/* Height the data panel needs for its title, its set tiles and a slider
 * (as panel_data lays itself out), at the controls' scale c. */
static int data_keep(const app_Layout *L, float c)
{
    int tile = (L->data.w - 2 * px(c, 10) - 2 * px(c, 8)) / 3;
    return px(c, 36 + 18 + 8 + 10 + 112) + 2 * tile;
}

void app_layout(app_State *a, int w, int h, app_Layout *L)
{
    app_layout_panels(a, w, h, L);
    /* a lesson's band takes the bottom of the columns left of the output:
     * the output plot and the loss chart keep the height they have
     * without it, and it never covers the network, which keeps at least
     * 55% of its column. It spans the data panel too when that keeps its
     * sets and a slider (the sliders that no longer fit are hidden). */
    L->lesson = (ui_Rect){0, 0, 0, 0};
    float c = a->ctrl_scale;
    int m = px(c, 8);
    int wide = L->data.w > 0 ? L->net.x + L->net.w - L->data.x : L->net.w;
    int band = app_lesson_band_h(a, wide, h);
    if (band > 0 && L->data.w > 0 && band > L->data.h - data_keep(L, c) - m)
        band = app_lesson_band_h(a, L->net.w, h); /* the network's column alone */
    int most = (L->net.h - m) * 45 / 100;
    if (a->core.inspect.active && a->inspect_rect.h > 0) {
        /* the inspector (its height last frame) floats above the band:
         * the band leaves it room, down to its strip and two lines (the
         * narration then steps down in scale and scrolls) */
        int room = L->status.y - (L->hyper.y + L->hyper.h) - a->inspect_rect.h - 2 * m;
        int least = px(c, 110);
        room = room > least ? room : least;
        most = room < most ? room : most;
    }
    if (band > most)
        band = most;
    if (band > 0) {
        int x = L->net.x, bw = L->net.w;
        if (L->data.w > 0 && band <= L->data.h - data_keep(L, c) - m) {
            x = L->data.x;
            bw = wide;
            L->data.h -= band + m;
        }
        L->lesson = (ui_Rect){x, L->net.y + L->net.h - band, bw, band};
        L->net.h -= band + m;
    }
    place_code(a, L);
}

/* Playground's panels, as app_layout describes. */
static void app_layout_panels(app_State *a, int w, int h, app_Layout *L)
{
    float s = a->scale, c = a->ctrl_scale, ls = a->label_scale, ws = a->win_scale;
    app_Layout ref;
    int p1 = full_layout(w, h, ws, &ref);
    int most = (int)floorf((float)p1 * a->zoom + 0.001f);
    L->plot_ref = p1;
    L->net_spare = 0;
    if (a->controls && a->zoom <= 1.0f) {
        /* zoom 1 and below: Playground's layout, everything at one scale */
        int p = full_layout(w, h, s, L);
        if (a->zoom < 1.0f && p > most) {
            shrink_output(L, s, most);
            p = most;
        }
        if (L->chart.h > ref.chart.h) {
            /* zoomed out, the loss chart stays as high as at zoom 1 (it
             * never grows when zooming out); the output panel keeps the rest */
            int dy = L->chart.h - ref.chart.h;
            L->chart.y += dy;
            L->chart.h -= dy;
            L->out.h += dy;
        }
        L->plot = p;
        return;
    }

    /* Zoomed in, or the controls hidden: the controls keep their size and
     * the data and hyperparameter panels (when Tab shows them) their place
     * left of the output column, which reaches up to the top bar; the
     * network and the output take the rest. The plot and the loss chart
     * share a fixed budget — the top bar and the axis numbers at their
     * largest — so neither shrinks at a larger zoom, and showing the
     * controls takes nothing from either: the chart keeps at least its
     * height at zoom 1 and whatever the plot cannot use at the largest
     * zoom, the plot has the rest; what a smaller top bar leaves at a
     * smaller zoom stays with the output panel. */
    int shown = a->controls;
    float bs = a->zoom > 1.0f ? label_zoom(3.0f) * ws : s; /* the label scale's ceiling */
    int m = px(c, 8), status_h = px(c, 32);
    int top_h = px(ls, 66), top_b = px(bs, 66);
    int data_w = shown ? px(c, 236) : 0;
    L->top = (ui_Rect){0, 0, w, top_h};
    L->status = (ui_Rect){0, h - status_h, w, status_h};
    int y1 = h - status_h - m;
    int x0 = m + (shown ? data_w + m : 0);
    int lab_b = px(bs, 30);
    int pad2 = 2 * px(c, 12);
    /* title, the T and D toggles (one row, beside each other), margin */
    int over = px(c, 36) + (shown ? px(c, 36) : 0) + px(c, 6);
    int chart_min = ref.chart.h > px(c, 150) ? ref.chart.h : px(c, 150);
    /* the colour legend under the plot, at its largest too */
    int key_b = px(bs, 26);
    int room = y1 - (top_b + m); /* the right column at the largest zoom */
    int ph = room - over - lab_b - key_b - m - chart_min;
    int pw = (w - m - x0) / 2 - pad2 - lab_b;
    int pb = ph < pw ? ph : pw;
    if (pb < 0)
        pb = 0;
    int p = pb > most ? most : pb;
    /* at zoom 1 and below (Tab hid the controls) no larger zoom needs the
     * room the plot cannot use: the loss chart takes it */
    int chart_h = room - (over + (a->zoom <= 1.0f ? p : pb) + lab_b + key_b) - m;
    if (chart_h < chart_min)
        chart_h = chart_min;
    /* room for the axis numbers at their largest, so growing numbers
     * never take from the plot at a larger zoom */
    int out_w = p + pad2 + lab_b;
    /* the class view (images, other tables) has no plot: zoomed in, its
     * bars and confusion matrix grow with the zoom where they fit side by
     * side, so it takes 5/8 of the room left of it (the network keeps the
     * rest: its tiles follow its height); with the controls shown (Tab)
     * the hyperparameters keep the width over the data and the network */
    int view = app_view_of(a);
    if (a->zoom > 1.0f && !shown && view != APP_VIEW_PLANE && view != APP_VIEW_LINE) {
        int share = (w - m - x0) * 5 / 8;
        out_w = share > out_w ? share : out_w;
    }
    int rx = w - m - out_w;
    /* the hyperparameters over the data and the network: one row, or two
     * where one would make the cells too narrow to read (112 px fit
     * "Uniform ±½") */
    int hyper_w = shown ? rx - m / 2 : 0, hyper_h = 0;
    if (shown) {
        int n = app_hyper_count(a);
        hyper_h = (hyper_w - px(c, 2 * 16 + (float)(n - 1) * 12)) / n < px(c, 112) ? px(c, APP_HYPER_ROWS2_H)
                                                                                  : px(c, 64);
    }
    L->hyper = (ui_Rect){0, top_h, hyper_w, hyper_h};
    int y0 = top_h + hyper_h + m;
    L->data = (ui_Rect){m, y0, data_w, shown ? y1 - y0 : 0};
    L->net = (ui_Rect){x0, y0, rx - m - x0, y1 - y0};
    L->out = (ui_Rect){rx, top_h + m, out_w, y1 - chart_h - m - (top_h + m)};
    L->chart = (ui_Rect){rx, y1 - chart_h, out_w, chart_h};
    L->plot = p;
    /* the network budgets its tiles for the top bar at its largest too */
    L->net_spare = top_b > top_h ? top_b - top_h : 0;
}

float app_zoom_step(float z, int dir)
{
    float k = roundf(logf(z) / logf(1.15f));
    float n = powf(1.15f, k + (float)dir);
    return fminf(fmaxf(n, 0.6f), 3.0f);
}

void app_set_zoom(app_State *a, float zoom)
{
    if ((zoom > 1.0f) != (a->zoom > 1.0f))
        a->controls = zoom <= 1.0f;
    a->zoom = zoom;
}

/* ======================================================================== */
/* shortcuts                                                                 */
/* ======================================================================== */

static void shortcuts(app_State *a)
{
    ui_Context *ui = &a->ui;
    app_lesson_frame(a);
    if (ui->text_focus || a->edit.active)
        return;
    /* a lesson with steps walks on Space and Backspace */
    if (ui_key_pressed(ui, ' ', -1)) {
        if (app_lesson_walking(a))
            app_lesson_next(a);
        else
            app_push(a, app_cmd(APP_CMD_TOGGLE_PLAY));
    }
    if (ui_key_pressed(ui, UI_KEY_BACKSPACE, 0))
        app_lesson_back(a);
    if (ui_key_pressed(ui, 'b', 0))
        app_lessons_toggle(a);
    if (ui_key_pressed(ui, 'n', 0))
        app_lesson_capture(a);
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
    if (ui_key_pressed(ui, 'k', 0))
        a->code_hidden = !a->code_hidden;
    app_export_keys(a); /* Shift+S, X, F: exports for slides */
    if (ui_key_pressed(ui, 'c', 0))
        app_push(a, app_cmd_text(APP_CMD_EXPORT_HISTORY, ""));
    if (ui_key_pressed(ui, 'm', 0))
        app_push(a, app_cmd_text(APP_CMD_EXPORT_MODEL, ""));
    if (ui_key_pressed(ui, 'h', 0) || ui_key_pressed(ui, '?', -1))
        a->help = !a->help;
    if (ui_key_pressed(ui, UI_KEY_ESCAPE, -1)) {
        if (a->help)
            a->help = 0;
        else if (a->gallery_col)
            a->gallery_col = 0;
        else if (a->health_on && !a->core.inspect.active)
            app_health_toggle(a); /* the inspector floats over it: that closes first */
        else
            app_push(a, app_cmd_i(APP_CMD_INSPECT, -1));
    }
    if (ui_key_pressed(ui, 'z', 0))
        app_lang_next(a); /* live: every text is looked up each frame */
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
    if (ui_key_pressed(ui, ',', 0))
        app_push(a, app_cmd(APP_CMD_STEP_PHASE_BACK));
    /* A: slow motion, one phase at a time on its own; Shift+[ and Shift+]
     * slower and faster */
    static const int slow_ms[] = {200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000};
    int n_slow = (int)(sizeof slow_ms / sizeof slow_ms[0]);
    if (ui_key_pressed(ui, 'a', 0))
        app_push(a, app_cmd_i(APP_CMD_SET_SLOWMO, a->core.slowmo_ms ? 0 : 1000));
    int sdir = ui_key_pressed(ui, ']', UI_MOD_SHIFT) - ui_key_pressed(ui, '[', UI_MOD_SHIFT);
    if (a->core.slowmo_ms && sdir) {
        int k = 0;
        while (k < n_slow - 1 && slow_ms[k] < a->core.slowmo_ms)
            k++;
        k -= sdir; /* faster is fewer milliseconds */
        k = k < 0 ? 0 : k >= n_slow ? n_slow - 1 : k;
        app_push(a, app_cmd_i(APP_CMD_SET_SLOWMO, slow_ms[k]));
        app_set_status(a, 0, tr(STR_STATUS_SLOWMO), slow_ms[k] / 1000.0);
    }
    /* [ and ]: another batch row for the numbers (Tab keeps the drawer) */
    int rows = app_snap(a)->rowv.valid ? app_snap(a)->rowv.rows : 0;
    int dir = ui_key_pressed(ui, ']', 0) - ui_key_pressed(ui, '[', 0);
    if (rows > 0 && dir) {
        int cur = app_snap(a)->rowv.row;
        app_push(a, app_cmd_i(APP_CMD_SELECT_ROW, (cur + dir + rows) % rows));
    }
    if (ui_key_pressed(ui, UI_KEY_LEFT, UI_MOD_SHIFT))
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH_BACK));
    if (ui_key_pressed(ui, UI_KEY_F11, -1))
        plat_set_fullscreen(a->plat, !plat_is_fullscreen(a->plat));
    if (ui_key_pressed(ui, 'q', UI_MOD_CTRL))
        a->quit = 1;
    /* Ctrl+= and Ctrl++ (shift on most layouts) zoom in, Ctrl+- out, Ctrl+0 resets */
    if (ui_key_pressed(ui, '=', UI_MOD_CTRL) || ui_key_pressed(ui, '=', UI_MOD_CTRL | UI_MOD_SHIFT) ||
        ui_key_pressed(ui, '+', -1) || ui_key_pressed(ui, UI_KEY_KP_PLUS, -1))
        app_set_zoom(a, app_zoom_step(a->zoom, 1));
    if (ui_key_pressed(ui, '-', UI_MOD_CTRL) || ui_key_pressed(ui, UI_KEY_KP_MINUS, -1))
        app_set_zoom(a, app_zoom_step(a->zoom, -1));
    if (ui_key_pressed(ui, '0', UI_MOD_CTRL))
        app_set_zoom(a, 1.0f);
    if (ui_key_pressed(ui, UI_KEY_TAB, 0))
        a->controls = !a->controls;
    if (ui_key_pressed(ui, 'v', 0))
        a->cmp.open = !a->cmp.open;
    if (ui_key_pressed(ui, 'w', 0))
        app_lspace_toggle(a);
    if (ui_key_pressed(ui, 'j', 0))
        app_health_toggle(a);
    /* Y: You compute it, on the inspected neuron: z, delta, dL/dw, new w in turn */
    if (ui_key_pressed(ui, 'y', 0) && a->core.inspect.active) {
        int k = a->insp.ex_next % APP_EX_COUNT;
        if (k == APP_EX_Z && a->core.inspect.layer == 0)
            k = APP_EX_DELTA; /* the first layer's z is not asked (core/exercise.h) */
        app_exercise_start(a, k);
        a->insp.ex_next = k + 1;
    }
}

void app_handle_events(app_State *a, const plat_Events *ev)
{
    if (ev->quit)
        a->quit = 1;
    if (ev->dropped) {
        /* a lesson with steps opens with its walk; anything else as before */
        char err[512];
        if (app_lesson_open(a, ev->drop_path, 1, err, sizeof err) != 0)
            app_push(a, app_cmd_text(APP_CMD_OPEN, ev->drop_path));
    }
}

/* Scale from the window size: a 1280x800 window is 1, a 4K one about 2.7,
 * so text keeps its size relative to the screen on a projector. */
static float window_scale(int w, int h)
{
    float s = fminf((float)w / 1280.0f, (float)h / 800.0f);
    return s < 0.8f ? 0.8f : s > 4.0f ? 4.0f : s;
}

/* Scale of the window a picture shows: an export at S times the pixels is
 * the layout of a window S times smaller, each length S times longer. */
static float picture_scale(const app_State *a, int w, int h)
{
    float s = a->export_scale > 0.0f ? a->export_scale : 1.0f;
    return window_scale((int)lroundf((float)w / s), (int)lroundf((float)h / s)) * s;
}

/* The scale of the top bar's figures and the axis numbers at zoom z: the
 * zoom itself up to 1.5, then a third of each further step (1.75 at the
 * largest zoom, 3), so every zoom step still makes the numbers larger
 * while the bar keeps room for its figures. */
static float label_zoom(float z)
{
    return z <= 1.5f ? z : 1.5f + (z - 1.5f) / 6.0f;
}

static void set_scales(app_State *a, float ws)
{
    a->win_scale = ws;
    a->scale = ws * a->zoom;
    a->ctrl_scale = ws * fminf(a->zoom, 1.0f);
    a->label_scale = ws * label_zoom(a->zoom);
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
    set_scales(a, picture_scale(a, w, h));

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
    app_cues_begin(a);
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
    app_panel_race_window(a); /* first, so the panels below it lose the mouse */
    app_panel_landscape_window(a);
    set_scales(a, a->win_scale); /* a zoom key acts on this very frame */
    app_layout(a, w, h, &a->lay);
    app_cue_panel(a, APP_PANEL_TOP_BAR, a->lay.top);
    app_cue_panel(a, APP_PANEL_DATA, a->lay.data);
    app_cue_panel(a, APP_PANEL_NETWORK, a->lay.net);
    app_cue_panel(a, APP_PANEL_OUTPUT, a->lay.out);
    app_cue_panel(a, APP_PANEL_LOSS_CHART, a->lay.chart);
    app_cue_panel(a, APP_PANEL_CODE, a->lay.code);
    /* the inspector floats over the panels: a press on it is not theirs */
    int shield = a->core.inspect.active && !a->help &&
                 ui_rect_contains(a->inspect_rect, ui->in.mouse_x, ui->in.mouse_y);
    shield |= a->cmp.open && !a->help && ui_rect_contains(a->cmp.rect, ui->in.mouse_x, ui->in.mouse_y);
    int pressed = ui->in.mouse_pressed, mouse_x = ui->in.mouse_x, mouse_y = ui->in.mouse_y;
    if (shield)
        ui->in.mouse_pressed = 0;
    if (a->gallery_col) {
        /* the gallery covers the panels: the pointer is not over them */
        ui->in.mouse_pressed = 0;
        ui->in.mouse_x = ui->in.mouse_y = -100000;
    }
    ui->scale = a->label_scale;
    app_panel_top(a, a->lay.top);
    ui->scale = a->ctrl_scale;
    if (a->lay.hyper.w > 0)
        app_panel_hyper(a, a->lay.hyper);
    if (a->lay.data.w > 0)
        app_panel_data(a, a->lay.data);
    app_wh_update(a); /* the control under the pointer, previewed below */
    ui->scale = a->scale; /* the panels draw their controls at ctrl_scale */
    if (!app_health_covers_net(a))
        app_panel_net(a, a->lay.net);
    if (!app_panel_health(a, app_health_rect(a))) { /* J: the health view in their place */
        app_panel_output(a, a->lay.out);
        app_panel_chart(a, a->lay.chart);
    }
    ui->scale = a->ctrl_scale;
    if (a->lay.code.w > 0)
        app_panel_code(a, a->lay.code);
    app_panel_status(a, a->lay.status);
    if (a->lay.lesson.h > 0) {
        app_panel_lesson(a, a->lay.lesson); /* at the labels' scale, or as large as fits */
        ui->scale = a->ctrl_scale;
    }
    if (shield || a->gallery_col) {
        ui->in.mouse_pressed = pressed;
        ui->in.mouse_x = mouse_x;
        ui->in.mouse_y = mouse_y;
    }
    ui->scale = a->label_scale;
    if (!a->gallery_col)
        app_panel_inspector(a);
    ui->scale = a->label_scale; /* its tiles fill the window whatever the scale */
    if (a->gallery_col && !a->help)
        app_panel_gallery(a);
    if (a->core.inspect.active && !a->gallery_col)
        app_cue_panel(a, APP_PANEL_INSPECTOR, a->inspect_rect);
    ui->scale = a->ctrl_scale;
    if (!a->help && !a->gallery_col)
        app_cues_draw(a); /* the lesson's pointer cue, over the panels it points at */
    if (!a->help)
        app_panel_compare_menu(a);
    if (!a->help)
        app_panel_lessons(a);
    if (a->help)
        app_panel_help(a);
    ui->scale = a->scale; /* the lesson card is teaching content: it grows with the zoom */
    if (!a->help)
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
    app_export_after_draw(a);
    a->frame_ms = (plat_now() - now) * 1000.0;
    a->frames++;
}
