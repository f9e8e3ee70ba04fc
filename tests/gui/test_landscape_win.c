/* test_landscape_win.c - the loss landscape in the window: P opens it, it
 * records the run's weights as it trains and recomputes the slice through
 * the current weights, whose centre is the run's current training loss. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "app/landscape_view.h"
#include "engine/metrics.h"

static double t_now = 1000.0;

static void frame(app_State *a)
{
    t_now += 1.0; /* a second a frame: every frame may recompute */
    app_frame(a, t_now);
    a->input.n_keys = 0;
}

static void train(app_State *a, uint64_t batches)
{
    app_push(a, app_cmd_u(APP_CMD_TRAIN, batches));
    app_sync(a, t_now);
    app_sync(a, t_now);
}

static void test_landscape_window(void **state)
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
    assert_null(a->land);

    a->input.n_keys = 1;
    a->input.keys[0] = 'p';
    a->input.key_mods[0] = 0;
    frame(a);
    app_landscape_window_settle(a); /* the worker's first slice */
    struct app_LandWin *w = a->land;
    assert_non_null(w);
    assert_int_equal(w->open, 1);
    assert_non_null(w->slice); /* the untrained weights, random directions */
    assert_int_equal(w->slice->spec.mode, RACE_DIRS_RANDOM);
    assert_int_equal(w->slice_step, 0);

    for (int k = 0; k < 6; k++) {
        train(a, 10);
        frame(a);
        app_landscape_window_settle(a);
    }
    assert_true(w->T >= 3);
    assert_int_equal(w->slice_step, app_snap(a)->cursor.step);
    assert_true(w->slice_step >= 60);
    assert_int_equal(w->slice->spec.mode, RACE_DIRS_PCA);
    /* the centre is the current training loss, measured independently */
    nn_Evaluator *ev = NULL;
    assert_int_equal(nn_evaluator_create(&ev, &app_model(a)->arch, 256, err, sizeof err), NN_OK);
    nn_Metrics met;
    nn_evaluate(ev, app_model(a), app_train(a), app_spec(a)->data.features, &met, NULL);
    nn_evaluator_destroy(ev);
    assert_close(w->slice->current_loss, met.loss, 1e-6 * met.loss);
    assert_int_equal(a->ui.lists[0].dropped + a->ui.lists[1].dropped, 0);
    plat_save_png(p, "landscape_window.png", err, sizeof err);

    a->input.n_keys = 1;
    a->input.keys[0] = UI_KEY_ESCAPE;
    frame(a);
    assert_int_equal(w->open, 0);
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_landscape_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
