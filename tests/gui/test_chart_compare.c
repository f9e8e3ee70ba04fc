/* test_chart_compare.c - the loss chart for comparing, driven offscreen:
 * the smoothing slider sets the moving average and the smoothed curve is
 * viz_ema of the recorded losses; over a chart of several runs the hover
 * box names every run with its value at that epoch. NNVIZ_KEEP=DIR keeps
 * the frames as PNGs to look at. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_smooth.h"

static void frame(app_State *a)
{
    app_frame(a, plat_now());
    a->input.n_keys = 0;
    a->input.mouse_pressed = 0;
    a->input.mouse_released = 0;
}

static void keep(plat_Ctx *p, const char *name)
{
    const char *dir = getenv("NNVIZ_KEEP");
    if (!dir)
        return;
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    plat_save_png(p, path, err, sizeof err);
}

static int drew_text(const app_State *a, int layer, const char *s)
{
    const ui_CmdList *o = &a->ui.lists[layer];
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *c = &o->cmds[i];
        if (c->type == UI_CMD_TEXT && (size_t)c->text_len == strlen(s) &&
            memcmp(o->text + c->text_off, s, strlen(s)) == 0)
            return 1;
    }
    return 0;
}

static void test_smoothing(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    assert_int_equal(app_create(&a, p, NNVIZ_SOURCE_DIR "/lessons/spiral.ini", err, sizeof err), 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    frame(a);
    for (int i = 0; i < 30; i++) {
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
        frame(a);
    }
    frame(a);
    assert_true(drew_text(a, UI_LAYER_BASE, tr(STR_CHART_SMOOTH)));
    /* the slider: a press at its right end is the strongest smoothing */
    ui_Rect sr = {0, 0, 0, 0};
    /* find it: the widget the chart drew under its id, seen as last_rect
     * when the pointer is on it; scan the title row of the chart */
    ui_Rect chart = a->lay.chart;
    for (int x = chart.x; x < chart.x + chart.w && sr.w == 0; x += 4) {
        a->input.mouse_x = x;
        a->input.mouse_y = chart.y + ui_px(&a->ui, 4) + ui_px(&a->ui, 13);
        frame(a);
        if (a->ui.hover == ui_id_str(&a->ui, "chart-smooth"))
            sr = (ui_Rect){x, a->input.mouse_y, 1, 1};
    }
    assert_true(sr.w > 0);
    a->input.mouse_x = chart.x + chart.w;
    a->input.mouse_pressed = a->input.mouse_down = UI_MOUSE_LEFT;
    a->input.mouse_x = sr.x;
    frame(a);
    a->input.mouse_x = chart.x + chart.w; /* dragged to the right end */
    frame(a);
    a->input.mouse_down = 0;
    a->input.mouse_released = UI_MOUSE_LEFT;
    frame(a);
    assert_true(fabsf(a->chart_smooth - 0.95f) < 1e-6f);
    a->input.mouse_x = a->input.mouse_y = -1000;
    frame(a);
    keep(p, "chart_smooth.png");

    /* the smoothed copy is viz_ema of the losses, the rest as recorded */
    const app_Snap *s = app_snap(a);
    int64_t n = s->n_history;
    assert_true(n >= 30);
    nn_EpochRecord *sm = app_chart_smoothed(s->history, n, 0.8);
    assert_non_null(sm);
    double *y = malloc((size_t)n * sizeof *y), *z = malloc((size_t)n * sizeof *z);
    for (int64_t i = 0; i < n; i++)
        y[i] = s->history[i].test_loss;
    viz_ema(y, z, (int)n, 0.8);
    int differ = 0;
    for (int64_t i = 0; i < n; i++) {
        assert_memory_equal(&sm[i].test_loss, &z[i], sizeof z[i]);
        assert_int_equal(sm[i].epoch, s->history[i].epoch);
        assert_memory_equal(&sm[i].train_acc, &s->history[i].train_acc, sizeof(double));
        differ |= sm[i].train_loss != s->history[i].train_loss;
    }
    assert_true(differ);
    free(y);
    free(z);
    free(sm);
    app_destroy(a);
    plat_close(p);
}

static void test_every_run_on_hover(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    assert_int_equal(app_create(&a, p, NNVIZ_SOURCE_DIR "/lessons/spiral.ini", err, sizeof err), 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    frame(a);
    app_Command c;
    assert_int_equal(app_cmd_parse("COMPARE activation=sigmoid,tanh,relu", &c, err, sizeof err), 0);
    app_push(a, c);
    frame(a);
    assert_int_equal(a->core.n_runs, 3);
    for (int i = 0; i < 12; i++) {
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
        frame(a);
    }
    frame(a);
    /* the pointer in the middle of the plot, over epoch 6 or so */
    ui_Rect chart = a->lay.chart;
    a->input.mouse_x = chart.x + chart.w / 2;
    a->input.mouse_y = chart.y + chart.h / 2;
    frame(a);
    keep(p, "chart_runs_hover.png");
    int named = 0;
    for (int k = 0; k < 3; k++) {
        const app_Run *run = a->core.runs[k];
        /* the run's line: its label and its values at the epoch shown */
        const ui_CmdList *o = &a->ui.lists[UI_LAYER_OVERLAY];
        for (int i = 0; i < o->n; i++) {
            const ui_Cmd *cmd = &o->cmds[i];
            size_t ll = strlen(run->label);
            if (cmd->type == UI_CMD_TEXT && (size_t)cmd->text_len > ll &&
                memcmp(o->text + cmd->text_off, run->label, ll) == 0 &&
                o->text[cmd->text_off + ll] == ':')
                named++;
        }
    }
    assert_int_equal(named, 3);
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smoothing),
        cmocka_unit_test(test_every_run_on_hover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
