/* test_compare_window.c - the Compare dialog in the window, driven by keys
 * and clicks offscreen: V opens it, Compare builds the runs side by side,
 * Show makes another run the one the main view shows, Back to one run
 * keeps that one. NNVIZ_KEEP=DIR keeps the frames as PNGs to look at. */
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

/* The rectangle of an overlay text equal to s; w = 0 when none. */
static ui_Rect overlay_text(const app_State *a, const char *s)
{
    const ui_CmdList *o = &a->ui.lists[UI_LAYER_OVERLAY];
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *c = &o->cmds[i];
        if (c->type == UI_CMD_TEXT && (size_t)c->text_len == strlen(s) &&
            memcmp(o->text + c->text_off, s, strlen(s)) == 0) {
            ui_Rect r = c->rect;
            if (r.w <= 0)
                r.w = 1;
            return r;
        }
    }
    return (ui_Rect){0, 0, 0, 0};
}

/* Clicks the middle of the overlay text s (a button's label). */
static void click_text(app_State *a, const char *s)
{
    ui_Rect r = overlay_text(a, s);
    if (r.w == 0)
        print_error("no '%s' in the overlay\n", s);
    assert_true(r.w > 0);
    a->input.mouse_x = r.x + r.w / 2;
    a->input.mouse_y = r.y + 3;
    a->input.mouse_pressed = UI_MOUSE_LEFT;
    a->input.mouse_down = UI_MOUSE_LEFT;
    frame(a);
    a->input.mouse_down = 0;
    a->input.mouse_released = UI_MOUSE_LEFT; /* the button lets go of the mouse */
    frame(a);
    a->input.mouse_x = a->input.mouse_y = -1000;
}

static void keep(const app_State *a, plat_Ctx *p, const char *name)
{
    const char *dir = getenv("NNVIZ_KEEP");
    if (!dir)
        return;
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    plat_save_png(p, path, err, sizeof err);
    (void)a;
}

static void test_compare_dialog(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    assert_int_equal(app_create(&a, p, NNVIZ_SOURCE_DIR "/lessons/spiral.ini", err, sizeof err), 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    frame(a);
    frame(a);
    assert_int_equal(a->cmp.open, 0);
    a->input.n_keys = 1;
    a->input.keys[0] = 'v';
    a->input.key_mods[0] = 0;
    frame(a);
    frame(a);
    assert_int_equal(a->cmp.open, 1);
    assert_true(overlay_text(a, tr(STR_CMP_MENU_TITLE)).w > 0);
    assert_string_equal(a->cmp.values, "sigmoid,tanh,relu"); /* the activation knob's suggestion */

    click_text(a, tr(STR_CMP_MENU_GO));
    assert_int_equal(a->core.n_runs, 3);
    assert_string_equal(a->core.runs[1]->label, tr(STR_ACT_TANH)); /* the layer menu's name */
    assert_int_equal(a->core.focus, 0);
    assert_int_equal(a->cmp.open, 1);
    /* the what-if strip: every learning rate re-trained to the shown run's step */
    app_push(a, app_cmd_u(APP_CMD_TRAIN, 500));
    for (int k = 0; k < 10; k++)
        frame(a);
    for (int k = 0; k < 8; k++) {
        assert_true(a->cmp.whatif_ready[k]);
        assert_true(a->cmp.whatif[k].steps == 500 || a->cmp.whatif[k].diverged);
    }
    /* the lesson's own learning rate (0.03) is the shown run itself */
    assert_true(fabsf(app_spec(a)->opt.lr - 0.03f) < 1e-9f);
    assert_int_equal(a->core.runs[0]->metrics_step, 500);
    assert_true(a->cmp.whatif[3].loss == a->core.runs[0]->m_train.loss);
    assert_true(a->cmp.whatif[0].loss != a->cmp.whatif[3].loss);
    keep(a, p, "compare-dialog.png");

    click_text(a, tr(STR_CMP_MENU_SHOW)); /* the first Show: run 1 (run 0 is shown) */
    assert_int_equal(a->core.focus, 1);
    assert_int_equal(a->core.n_runs, 3);
    click_text(a, tr(STR_CMP_MENU_ONE));
    assert_int_equal(a->core.n_runs, 1);
    assert_int_equal(app_spec(a)->hidden_act[0], NN_ACT_TANH);

    /* a click outside closes it; V opens it again */
    a->input.mouse_x = 5;
    a->input.mouse_y = 795;
    a->input.mouse_pressed = UI_MOUSE_LEFT;
    frame(a);
    assert_int_equal(a->cmp.open, 0);
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_dialog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
