/* test_race_win.c - the optimizer race in the window: O opens it over the
 * panels, the race runs in, a drag moves the start point and reruns every
 * path from there, the panels below get no click, Esc closes it. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "app/race_view.h"

static void key(app_State *a, int k)
{
    a->input.n_keys = 1;
    a->input.keys[0] = k;
    a->input.key_mods[0] = 0;
}

static void frame(app_State *a)
{
    app_frame(a, plat_now());
    a->input.n_keys = 0;
    a->input.mouse_pressed = a->input.mouse_released = 0;
}

static void test_race_window(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    nn_Experiment e;
    nn_experiment_default(&e);
    app_State *a = NULL;
    assert_int_equal(app_create_spec(&a, p, &e, err, sizeof err), 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    frame(a);
    assert_null(a->race);

    key(a, 'o');
    frame(a);
    assert_non_null(a->race);
    struct app_RaceWin *w = a->race;
    assert_int_equal(w->open, 1);
    assert_int_equal(w->v.racers.n, NN_OPT_COUNT);
    assert_int_equal(w->v.path[0]->n, w->v.steps + 1);
    int shown = w->v.shown;
    assert_true(shown < w->v.steps); /* the race runs in */
    for (int k = 0; k < 120; k++)
        frame(a);
    assert_int_equal(w->v.shown, w->v.steps);
    assert_int_equal(a->ui.lists[0].dropped + a->ui.lists[1].dropped, 0);

    /* a drag inside the plot: the start point and every path move there */
    float x0 = w->v.start_x, y0 = w->v.start_y;
    int64_t clicks_before = a->core.n_runs;
    a->input.mouse_x = 400;
    a->input.mouse_y = 300;
    a->input.mouse_down = a->input.mouse_pressed = UI_MOUSE_LEFT;
    frame(a);
    a->input.mouse_x = 420;
    a->input.mouse_y = 320;
    frame(a);
    assert_true(w->v.start_x != x0 && w->v.start_y != y0);
    assert_true(w->v.box[0] < w->v.start_x && w->v.start_x < w->v.box[1]);
    assert_true(w->v.box[2] < w->v.start_y && w->v.start_y < w->v.box[3]);
    for (int k = 0; k < w->v.racers.n; k++) {
        assert_true(w->v.path[k]->x[0] == w->v.start_x);
        assert_true(w->v.path[k]->y[0] == w->v.start_y);
    }
    float dragged_x = w->v.start_x;
    a->input.mouse_down = 0;
    a->input.mouse_released = UI_MOUSE_LEFT;
    frame(a);
    a->input.mouse_x = 600; /* moving without the button changes nothing */
    frame(a);
    assert_true(w->v.start_x == dragged_x);
    assert_int_equal(a->core.n_runs, clicks_before);

    /* the sliders' values reach the optimizers: a learning-rate factor */
    float lr0 = w->v.racers.cfg[5].lr;
    w->lr_log2 = 1.0f; /* as the slider would set it; the next drag applies it */
    a->input.mouse_down = a->input.mouse_pressed = UI_MOUSE_LEFT;
    frame(a);
    a->input.mouse_down = 0;
    frame(a);
    assert_close(w->v.racers.cfg[5].lr, 2.0 * lr0, 1e-6);

    plat_save_png(p, "race_window.png", err, sizeof err);
    key(a, UI_KEY_ESCAPE);
    frame(a);
    assert_int_equal(w->open, 0);
    key(a, 'o');
    frame(a);
    assert_int_equal(a->race->open, 1);
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_race_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
