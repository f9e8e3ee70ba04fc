/* test_worker.c - training on its own thread: the same seed gives the same
 * weights whether the training thread or the calling thread stepped them,
 * the window keeps drawing while it trains, speeds hold, closing joins the
 * thread; and the inspector's numbers add up. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "app/bench_frame.h"

static app_State *open_app(plat_Ctx **p, int hidden)
{
    char err[512] = "";
    *p = plat_open_offscreen(640, 400, err, sizeof err);
    if (!*p)
        print_error("%s\n", err);
    assert_non_null(*p);
    nn_Experiment e;
    app_t1_spec(&e, hidden);
    app_State *a = NULL;
    int rc = app_create_spec(&a, *p, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    return a;
}

/* n batches now, as `nnviz render --steps` does */
static void train(app_State *a, int64_t n)
{
    app_push(a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)n));
    app_sync(a, plat_now());
}

static void close_app(app_State *a, plat_Ctx *p)
{
    app_destroy(a);
    plat_close(p);
}

/* Plays at full speed for a while, pauses, and compares with the same
 * number of batches stepped on this thread. */
static void test_same_run_on_either_thread(void **state)
{
    (void)state;
    plat_Ctx *p1, *p2;
    app_State *a = open_app(&p1, 6);
    app_push(a, app_cmd_i(APP_CMD_SET_SPEED, app_speed_count() - 1));
    app_push(a, app_cmd(APP_CMD_PLAY));
    int frames = 0;
    double t0 = plat_now();
    do {
        app_frame(a, plat_now());
        frames++;
    } while (app_snap(a)->cursor.step < 3000 && plat_now() - t0 < 20.0);
    app_push(a, app_cmd(APP_CMD_PAUSE));
    app_frame(a, plat_now()); /* the sync stops the thread */
    app_runner_lock(a->core.runner);
    int64_t steps = nn_trainer_cursor(app_focus(a)->s->trainer).step;
    int64_t by_thread = app_runner_rounds(a->core.runner);
    app_runner_unlock(a->core.runner);
    assert_true(steps >= 3000);
    assert_true(by_thread == steps);
    assert_true(frames >= 2);
    /* once paused it stays paused */
    app_frame(a, plat_now());
    assert_true(app_snap(a)->cursor.step == steps);

    app_State *b = open_app(&p2, 6);
    train(b, steps);
    const nn_Model *ma = app_focus(a)->s->model, *mb = app_focus(b)->s->model;
    assert_int_equal(ma->n_params, mb->n_params);
    assert_memory_equal(ma->params, mb->params, ma->n_params * sizeof *ma->params);
    assert_int_equal(app_focus(a)->s->n_history, app_focus(b)->s->n_history);
    /* and the frame drew the weights the session holds */
    assert_memory_equal(app_model(a)->params, ma->params, ma->n_params * sizeof *ma->params);
    close_app(b, p2);
    close_app(a, p1);
}

/* A limited speed runs about that many batches per second. */
static void test_speed_limit(void **state)
{
    (void)state;
    plat_Ctx *p;
    app_State *a = open_app(&p, 2);
    int k = 0;
    while (app_speeds[k] != 30)
        k++;
    app_push(a, app_cmd_i(APP_CMD_SET_SPEED, k));
    app_push(a, app_cmd(APP_CMD_PLAY));
    double t0 = plat_now(), el = 0;
    int frames = 0;
    /* half a second, and at least a dozen frames: a sanitized build draws
     * a frame in tens of milliseconds, and the pace is kept per frame */
    while ((el = plat_now() - t0) < 0.5 || frames < 12) {
        app_frame(a, plat_now());
        plat_sleep_ms(5);
        frames++;
    }
    app_push(a, app_cmd(APP_CMD_PAUSE));
    app_frame(a, plat_now());
    int64_t steps = app_snap(a)->cursor.step;
    /* 30 per second of the time it ran; generous bounds for loaded runs */
    double most = 30.0 * el + 10.0;
    if (steps < 3 || (double)steps > most)
        print_error("%lld batches in %.2f s (%d frames) at 30 batch/s\n", (long long)steps, el, frames);
    assert_true(steps >= 3 && (double)steps <= most);
    close_app(a, p);
}

/* Closing the window while training joins the thread (ASan sees the rest). */
static void test_close_while_playing(void **state)
{
    (void)state;
    plat_Ctx *p;
    app_State *a = open_app(&p, 3);
    app_push(a, app_cmd(APP_CMD_PLAY));
    for (int i = 0; i < 3; i++)
        app_frame(a, plat_now());
    close_app(a, p);
}

/* Actions taken while the thread trains reach the session: reset, an edited weight. */
static void test_actions_while_playing(void **state)
{
    (void)state;
    plat_Ctx *p;
    app_State *a = open_app(&p, 2);
    app_push(a, app_cmd(APP_CMD_PLAY));
    for (int i = 0; i < 3; i++)
        app_frame(a, plat_now());
    app_push(a, app_cmd(APP_CMD_PAUSE));
    app_Command set = app_cmd_i(APP_CMD_SET_PARAM, 1);
    set.i[1] = 2;
    set.f = 1.25;
    app_push(a, set);
    app_frame(a, plat_now());
    assert_true(app_model(a)->W[1][2 * 8 + 0] == 1.25f);
    app_push(a, app_cmd(APP_CMD_PLAY));
    app_frame(a, plat_now());
    app_push(a, app_cmd(APP_CMD_RESET));
    app_frame(a, plat_now());
    assert_true(app_snap(a)->cursor.step == 0);
    assert_true(app_snap(a)->n_history == 0);
    close_app(a, p);
}

/* z = sum w a + b for the row shown, a = tanh(z); parts of a batch that
 * have not run yet are not shown. */
static void test_inspector_numbers(void **state)
{
    (void)state;
    plat_Ctx *p;
    app_State *a = open_app(&p, 2);
    train(a, 7);
    app_Command insp = app_cmd_i(APP_CMD_INSPECT, 1);
    insp.i[1] = 3;
    insp.i[2] = 4;
    app_push(a, insp);
    app_frame(a, plat_now());
    assert_true(app_snap(a)->have_probe);
    const app_Probe *P = &app_snap(a)->probe;
    assert_int_equal(P->rows, 10);
    assert_int_equal(P->row, 4);
    assert_true(P->have_fwd && P->have_bwd && P->have_upd);
    assert_int_equal(P->n_in, 8);
    assert_int_equal(P->n_list, 8);
    double sum = 0;
    for (int k = 0; k < P->n_list; k++)
        sum += (double)P->w[k] * (double)P->x[k];
    assert_true(fabs(sum + P->bias - P->z) < 1e-4);
    assert_true(fabs(tanh(P->z) - P->act) < 1e-4);
    assert_true(P->delta != 0.0f && isfinite(P->delta));
    assert_true(isfinite(P->ub) && isfinite(P->uw[0]));
    /* SGD: the update is -lr times the gradient */
    assert_true(fabsf(P->uw[0] + 0.03f * P->dw[0]) < 1e-6f + 1e-4f * fabsf(P->uw[0]));

    /* two phases into the next batch: layers 0 and 1 ran forward, layer 2 has not */
    app_push(a, app_cmd(APP_CMD_STEP_PHASE));
    app_frame(a, plat_now());
    app_push(a, app_cmd(APP_CMD_STEP_PHASE));
    app_frame(a, plat_now());
    assert_true(app_snap(a)->phase_view);
    assert_true(app_snap(a)->cursor.phase == 2);
    assert_true(app_snap(a)->probe.have_fwd);
    assert_false(app_snap(a)->probe.have_bwd);
    insp = app_cmd_i(APP_CMD_INSPECT, 2);
    app_push(a, insp);
    app_frame(a, plat_now());
    /* FORWARD 2 is next: the output layer's inputs are in, its z is not */
    assert_false(app_snap(a)->probe.have_fwd);
    assert_false(app_snap(a)->probe.have_upd);
    assert_true(isfinite(app_snap(a)->probe.x[0]));
    assert_true(isnan(app_snap(a)->probe.z));
    close_app(a, p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_run_on_either_thread),
        cmocka_unit_test(test_speed_limit),
        cmocka_unit_test(test_close_while_playing),
        cmocka_unit_test(test_actions_while_playing),
        cmocka_unit_test(test_inspector_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
