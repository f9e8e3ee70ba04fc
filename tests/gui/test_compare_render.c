/* test_compare_render.c - the compare view `nnviz render --view compare`
 * draws, offscreen: its loss chart takes the window chart's x axes (by
 * steps the points sit at the records' steps, by epochs at their epoch
 * numbers, and the axis title and tick labels say which), its smoothing
 * draws the raw curve faint under the smoothed one, and a comparison of
 * losses names them as the loss menu does ("Binary CE"), never by Keras
 * id. NNVIZ_KEEP=DIR keeps the pictures as PNGs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "app/cmp_view.h"
#include "i18n/i18n.h"

static app_Compare *build(const char *file, const char *vary, const char *epochs)
{
    char *argv[] = {"compare", (char *)file, "--vary", (char *)vary, "--epochs", (char *)epochs, NULL};
    app_Compare *c = NULL;
    double target;
    assert_int_equal(app_compare_build(6, argv, 0, &c, &target), 0);
    assert_non_null(c);
    return c;
}

typedef struct {
    plat_Ctx *p;
    ui_Context ui;
} Pic;

/* Draws the compare view of c with x axis xa and smoothing sm. */
static void draw(Pic *pic, app_Compare *c, int xa, float sm, const char *keep)
{
    char err[256] = "";
    app_CmpView v = {.plat = pic->p, .ui = &pic->ui, .c = c, .target = 0.1, .x_axis = xa,
                     .smooth = sm};
    assert_int_equal(app_cmp_view_prepare(&v, err, sizeof err), 0);
    ui_Input in;
    memset(&in, 0, sizeof in);
    in.mouse_x = in.mouse_y = -1000;
    ui_begin(&pic->ui, &in, 1280, 800, 1.0f);
    v.label_scale = 1.0f;
    app_compare_panel(&v, (ui_Rect){0, 0, 1280, 800});
    ui_end(&pic->ui);
    const char *dir = getenv("NNVIZ_KEEP");
    if (dir) {
        char path[512];
        plat_render(pic->p, &pic->ui, pic->ui.style.bg);
        snprintf(path, sizeof path, "%s/%s", dir, keep);
        plat_save_png(pic->p, path, err, sizeof err);
    }
    app_cmp_view_free(&v);
}

/* The rectangle of the base-layer text equal to s (w = 0: not drawn). */
static ui_Rect text_at(const ui_Context *ui, const char *s)
{
    const ui_CmdList *o = &ui->lists[UI_LAYER_BASE];
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *k = &o->cmds[i];
        if (k->type == UI_CMD_TEXT && (size_t)k->text_len == strlen(s) &&
            memcmp(o->text + k->text_off, s, strlen(s)) == 0)
            return k->rect.w > 0 ? k->rect : (ui_Rect){k->rect.x, k->rect.y, 1, 1};
    }
    return (ui_Rect){0, 0, 0, 0};
}

/* Whether any base-layer text holds s. */
static int text_has(const ui_Context *ui, const char *s)
{
    const ui_CmdList *o = &ui->lists[UI_LAYER_BASE];
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *k = &o->cmds[i];
        char b[256];
        snprintf(b, sizeof b, "%.*s", k->text_len, o->text + k->text_off);
        if (k->type == UI_CMD_TEXT && strstr(b, s))
            return 1;
    }
    return 0;
}

/* The largest number among the texts on the row of the x axis title
 * (its tick labels) left of the title's right end plus the chart. */
static double last_tick(ui_Context *ui, ui_Rect title)
{
    const ui_CmdList *o = &ui->lists[UI_LAYER_BASE];
    int th = ui_text_height(ui, ui_font(ui, UI_FONT_SMALL));
    double m = -1;
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *k = &o->cmds[i];
        /* the tick row: one text line above the title */
        if (k->type != UI_CMD_TEXT || k->rect.y >= title.y || k->rect.y < title.y - 2 * th ||
            k->rect.x > 700)
            continue;
        char b[64];
        snprintf(b, sizeof b, "%.*s", k->text_len, o->text + k->text_off);
        if (b[0] >= '0' && b[0] <= '9')
            m = fmax(m, atof(b));
    }
    return m;
}

/* The count of lines drawn in value 0's colour at alpha a. */
static int lines_of(const ui_Context *ui, uint8_t a)
{
    ui_Color c = app_cmp_color(0);
    const ui_CmdList *o = &ui->lists[UI_LAYER_BASE];
    int n = 0;
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *k = &o->cmds[i];
        n += k->type == UI_CMD_LINE && k->color.r == c.r && k->color.g == c.g &&
             k->color.b == c.b && k->color.a == a;
    }
    return n;
}

static void test_x_axes_and_smoothing(void **state)
{
    (void)state;
    app_Compare *c = build(NNVIZ_SOURCE_DIR "/lessons/spiral.ini", "batch_size=10,30", "6");
    /* the mapping: point 0 before training, point k the record of epoch k */
    const app_CmpRun *r = &c->runs[1];
    assert_true(r->s->n_history == 6);
    for (int64_t k = 1; k <= 6; k++) {
        const nn_EpochRecord *h = &r->s->history[k - 1];
        assert_true(app_cmp_loss_x(r, k, APP_CHART_X_EPOCHS) == (double)k);
        assert_true(app_cmp_loss_x(r, k, APP_CHART_X_STEPS) == (double)h->step);
        assert_true(app_cmp_loss_x(r, k, APP_CHART_X_SAMPLES) == (double)h->samples);
        assert_true(app_cmp_loss_x(r, k, APP_CHART_X_SECONDS) == h->elapsed);
    }
    assert_true(app_cmp_loss_x(r, 0, APP_CHART_X_STEPS) == 0.0);
    assert_true(isnan(app_cmp_loss_x(r, 7, APP_CHART_X_STEPS)));
    /* batch 10 takes three times the steps of batch 30 for the same epochs */
    assert_true(app_cmp_loss_x(&c->runs[0], 6, APP_CHART_X_STEPS) >
                2.5 * app_cmp_loss_x(r, 6, APP_CHART_X_STEPS));

    char err[256] = "";
    Pic pic;
    pic.p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(pic.p);
    assert_int_equal(ui_init(&pic.ui, 1 << 17, plat_text_width, plat_text_height, pic.p), 0);

    draw(&pic, c, APP_CHART_X_EPOCHS, -1, "cmp_epochs.png");
    ui_Rect te = text_at(&pic.ui, app_chart_x_title(APP_CHART_X_EPOCHS));
    assert_true(te.w > 0);
    assert_int_equal(text_at(&pic.ui, app_chart_x_title(APP_CHART_X_STEPS)).w, 0);
    double ep_last = last_tick(&pic.ui, te);
    if (!(ep_last >= 4 && ep_last <= 6))
        print_error("title at %d,%d %dx%d, last tick %g\n", te.x, te.y, te.w, te.h, ep_last);
    assert_true(ep_last >= 4 && ep_last <= 6);
    int plain = lines_of(&pic.ui, 255);

    draw(&pic, c, APP_CHART_X_STEPS, -1, "cmp_steps.png");
    ui_Rect ts = text_at(&pic.ui, app_chart_x_title(APP_CHART_X_STEPS));
    assert_true(ts.w > 0);
    assert_int_equal(text_at(&pic.ui, app_chart_x_title(APP_CHART_X_EPOCHS)).w, 0);
    double st_last = last_tick(&pic.ui, ts);
    /* the ticks reach the runs' steps (batch 10: 6 epochs of its rows), not 6 */
    double most = app_cmp_loss_x(&c->runs[0], 6, APP_CHART_X_STEPS);
    assert_true(st_last > 0.5 * most && st_last <= most);

    /* smoothing: the same bold curve count plus a faint raw one under it */
    assert_int_equal(lines_of(&pic.ui, 90), 0);
    draw(&pic, c, APP_CHART_X_STEPS, 0.8f, "cmp_steps_smooth.png");
    assert_true(lines_of(&pic.ui, 90) > 0);
    assert_true(lines_of(&pic.ui, 255) >= plain);
    char title[160];
    snprintf(title, sizeof title, tr(STR_CMP_LOSS_CHART_SMOOTH), 80);
    assert_true(text_at(&pic.ui, title).w > 0);

    ui_free(&pic.ui);
    plat_close(pic.p);
    app_compare_destroy(c);
}

static void test_losses_by_name(void **state)
{
    (void)state;
    app_Compare *c = build(NNVIZ_SOURCE_DIR "/lessons/losses.ini", "loss=mse,binary_crossentropy", "2");
    char err[256] = "";
    Pic pic;
    pic.p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(pic.p);
    assert_int_equal(ui_init(&pic.ui, 1 << 17, plat_text_width, plat_text_height, pic.p), 0);
    draw(&pic, c, -1, -1, "cmp_losses.png");
    assert_true(text_at(&pic.ui, tr(STR_LOSS_BCE)).w > 0);
    assert_true(text_at(&pic.ui, tr(STR_LOSS_MSE)).w > 0);
    assert_false(text_has(&pic.ui, "crossentropy"));
    assert_false(text_has(&pic.ui, "mse"));
    ui_free(&pic.ui);
    plat_close(pic.p);
    app_compare_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x_axes_and_smoothing),
        cmocka_unit_test(test_losses_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
