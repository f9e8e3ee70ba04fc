/* test_chart_axis.c - the loss chart's x axis, driven offscreen: two runs
 * at batch sizes 10 and 50 trained the same epochs. By epochs their last
 * points coincide; by samples they lie at the ratio of the samples their
 * records note (each the epochs times the training rows); by steps at the
 * ratio of their steps (five to one), so the axis really moved them. The
 * tick labels and the axis title follow the choice, the hover box still
 * names every run, and the records' training seconds add up. NNVIZ_KEEP=DIR
 * keeps the frames as PNGs to look at. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"

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

/* The rightmost end of the lines drawn in exactly colour c (a run's train
 * loss: full alpha, where its test loss and ghosts are faint). */
static float last_x(const app_State *a, ui_Color c)
{
    const ui_CmdList *o = &a->ui.lists[UI_LAYER_BASE];
    float x = -1e9f;
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *k = &o->cmds[i];
        if (k->type == UI_CMD_LINE && k->color.r == c.r && k->color.g == c.g &&
            k->color.b == c.b && k->color.a == c.a)
            x = fmaxf(x, fmaxf(k->x0, k->x1));
    }
    return x;
}

/* The texts on the row of the x axis' title (its tick labels), joined. */
static void tick_row(const app_State *a, const char *title, char *out, size_t len)
{
    const ui_CmdList *o = &a->ui.lists[UI_LAYER_BASE];
    int y = -1;
    for (int i = 0; i < o->n && y < 0; i++) {
        const ui_Cmd *k = &o->cmds[i];
        if (k->type == UI_CMD_TEXT && (size_t)k->text_len == strlen(title) &&
            memcmp(o->text + k->text_off, title, strlen(title)) == 0)
            y = k->rect.y;
    }
    assert_true(y >= 0); /* the title is drawn */
    out[0] = '\0';
    ui_Rect ch = a->lay.chart;
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *k = &o->cmds[i];
        if (k->type != UI_CMD_TEXT || k->rect.y != y || k->rect.x < ch.x || k->rect.x > ch.x + ch.w)
            continue;
        size_t n = strlen(out);
        snprintf(out + n, len - n, "%.*s|", k->text_len, o->text + k->text_off);
    }
}

/* The largest number among the '|'-joined labels (0 when none). */
static double largest(const char *row)
{
    double m = 0;
    for (const char *q = row; *q; q++)
        if ((q == row || q[-1] == '|') && *q >= '0' && *q <= '9')
            m = fmax(m, atof(q));
    return m;
}

static void test_axis_by_samples_steps_epochs(void **state)
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
    assert_int_equal(app_cmd_parse("COMPARE batch_size=10,50", &c, err, sizeof err), 0);
    app_push(a, c);
    frame(a);
    assert_int_equal(a->core.n_runs, 2);
    for (int i = 0; i < 6; i++) {
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
        frame(a);
    }
    frame(a);
    const app_Snap *s0 = &a->core.runs[0]->snap, *s1 = &a->core.runs[1]->snap;
    assert_int_equal(s0->spec.batch_size, 10);
    assert_int_equal(s1->spec.batch_size, 50);
    assert_int_equal(s0->n_history, 6);
    assert_int_equal(s1->n_history, 6);
    const nn_EpochRecord *r0 = &s0->history[5], *r1 = &s1->history[5];
    /* the records' samples: the epochs times the training rows */
    int rows = s0->train->n;
    assert_true(rows > 50);
    assert_int_equal(r0->samples, 6 * (int64_t)rows);
    assert_int_equal(r1->samples, 6 * (int64_t)rows);
    assert_true(r0->step > 4 * r1->step); /* five times the batches */
    /* training seconds: the records' seconds summed, and some time passed */
    for (int k = 0; k < 2; k++) {
        const app_Snap *s = &a->core.runs[k]->snap;
        double sum = 0;
        for (int64_t i = 0; i < s->n_history; i++) {
            sum += s->history[i].seconds;
            assert_true(fabs(s->history[i].elapsed - sum) <= 1e-12 * (1 + sum));
        }
        assert_true(sum > 0);
    }

    ui_Color c0 = app_rgb(a->core.runs[0]->color), c1 = app_rgb(a->core.runs[1]->color);
    char ticks[4][512];
    const int axes[4] = {APP_CHART_X_EPOCHS, APP_CHART_X_SAMPLES, APP_CHART_X_STEPS,
                         APP_CHART_X_SECONDS};
    for (int m = 0; m < 4; m++) {
        a->chart_x = axes[m];
        frame(a);
        char name[64];
        snprintf(name, sizeof name, "chart_axis_%d.png", axes[m]);
        keep(p, name);
        float x0 = last_x(a, c0), x1 = last_x(a, c1);
        const viz_Scale *sx = &a->chart_sx;
        /* the curves end where the scale puts the last records */
        assert_true(fabsf(x0 - viz_scale_map(sx, app_chart_x(r0, axes[m]))) < 1.5f);
        assert_true(fabsf(x1 - viz_scale_map(sx, app_chart_x(r1, axes[m]))) < 1.5f);
        double d0 = x0 - sx->p0, d1 = x1 - sx->p0; /* from the axis' 0 */
        assert_true(d0 > 0 && d1 > 0);
        if (axes[m] == APP_CHART_X_EPOCHS)
            assert_true(fabs(d0 - d1) < 1.5);
        else if (axes[m] == APP_CHART_X_SAMPLES)
            assert_true(fabs(d0 / d1 - (double)r0->samples / (double)r1->samples) < 0.01);
        else if (axes[m] == APP_CHART_X_STEPS)
            assert_true(fabs(d0 / d1 - (double)r0->step / (double)r1->step) < 0.02);
        tick_row(a, app_chart_x_title(axes[m]), ticks[m], sizeof ticks[m]);
    }
    /* the labels follow the axis: epochs count to 6, samples to hundreds,
     * seconds carry their unit */
    assert_string_not_equal(ticks[0], ticks[1]);
    assert_string_not_equal(ticks[1], ticks[2]);
    assert_true(largest(ticks[0]) <= 6);
    assert_true(largest(ticks[1]) >= 100); /* a few hundred rows an epoch */
    assert_true(largest(ticks[1]) <= (double)r0->samples);
    char zero_s[32];
    snprintf(zero_s, sizeof zero_s, tr(STR_CHART_X_SECONDS_TICK), "0");
    assert_non_null(strstr(ticks[3], zero_s));
    assert_null(strstr(ticks[0], zero_s));

    /* the hover box by samples: the axis and every run */
    a->chart_x = APP_CHART_X_SAMPLES;
    ui_Rect chart = a->lay.chart;
    a->input.mouse_x = chart.x + chart.w / 2;
    a->input.mouse_y = chart.y + chart.h / 2;
    frame(a);
    frame(a);
    keep(p, "chart_axis_hover.png");
    const ui_CmdList *o = &a->ui.lists[UI_LAYER_OVERLAY];
    const char *title = app_chart_x_title(APP_CHART_X_SAMPLES);
    int named = 0, titled = 0;
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *cmd = &o->cmds[i];
        if (cmd->type != UI_CMD_TEXT)
            continue;
        const char *t = o->text + cmd->text_off;
        titled |= (size_t)cmd->text_len > strlen(title) && memcmp(t, title, strlen(title)) == 0;
        for (int k = 0; k < 2; k++) {
            size_t ll = strlen(a->core.runs[k]->label);
            named += (size_t)cmd->text_len > ll && memcmp(t, a->core.runs[k]->label, ll) == 0 &&
                     t[ll] == ':';
        }
    }
    assert_true(titled);
    assert_int_equal(named, 2);
    app_destroy(a);
    plat_close(p);
}

static void test_render_view_names(void **state)
{
    (void)state;
    assert_int_equal(app_chart_x_parse("xsamples"), APP_CHART_X_SAMPLES);
    assert_int_equal(app_chart_x_parse("xsteps"), APP_CHART_X_STEPS);
    assert_int_equal(app_chart_x_parse("xseconds"), APP_CHART_X_SECONDS);
    assert_int_equal(app_chart_x_parse("xepochs"), APP_CHART_X_EPOCHS);
    assert_int_equal(app_chart_x_parse("samples"), -1);
    char b[32];
    app_chart_x_tick(APP_CHART_X_SECONDS, 1.5, 0.5, b, sizeof b);
    assert_string_equal(b, "1.5 s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_by_samples_steps_epochs),
        cmocka_unit_test(test_render_view_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
