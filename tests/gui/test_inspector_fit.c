/* test_inspector_fit.c - the neuron inspector fits the window at every
 * presenter zoom: whole (its gradient-check button included) between the
 * top bars and the status line, never over the output panel, and no wider
 * than a little over half the window. At zoom 2 on 1920x1080 it once ran
 * off the bottom of the screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"

static void check(int w, int h, float zoom, int layer, int unit)
{
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(w, h, err, sizeof err);
    assert_non_null(p);
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.n_hidden = 3;
    for (int l = 0; l < 3; l++) {
        e.hidden[l] = 8;
        e.hidden_act[l] = NN_ACT_TANH;
    }
    app_State *a = NULL;
    assert_int_equal(app_create_spec(&a, p, &e, err, sizeof err), 0);
    app_set_zoom(a, zoom);
    a->input.mouse_x = a->input.mouse_y = -1000;
    app_push(a, app_cmd_u(APP_CMD_TRAIN, 200));
    for (int k = 0; k < 2 * 3 + 2; k++) /* into the batch: the backward pass fills the table */
        app_push(a, app_cmd(APP_CMD_STEP_PHASE));
    app_Command c = app_cmd_i(APP_CMD_INSPECT, layer);
    c.i[1] = unit;
    c.i[2] = 0;
    app_push(a, c);
    app_sync(a, plat_now());
    for (int k = 0; k < 3; k++)
        app_frame(a, plat_now());
    ui_Rect r = a->inspect_rect, o = a->lay.out;
    int top = a->lay.hyper.y + a->lay.hyper.h;
    if (r.w <= 0 || r.y < top || r.y + r.h > a->lay.status.y || r.x < 0 || r.x + r.w > w ||
        r.w > w * 11 / 20 + 1 || (o.w > 0 && r.x + r.w > o.x))
        print_error("%dx%d zoom %.2f: inspector %d,%d %dx%d; bars end at %d, status at %d, output at x %d\n",
                    w, h, (double)zoom, r.x, r.y, r.w, r.h, top, a->lay.status.y, o.x);
    assert_true(r.w > 0 && r.h > 0);
    assert_true(r.y >= top);
    assert_true(r.y + r.h <= a->lay.status.y);
    assert_true(r.x >= 0 && r.x + r.w <= w);
    assert_true(r.w <= w * 11 / 20 + 1);
    if (o.w > 0)
        assert_true(r.x + r.w <= o.x);
    app_destroy(a);
    plat_close(p);
}

static void test_fits_at_every_zoom(void **state)
{
    (void)state;
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}};
    static const float zooms[] = {1.0f, 2.0f, 3.0f};
    for (int s = 0; s < 2; s++)
        for (int z = 0; z < 3; z++) {
            check(sizes[s][0], sizes[s][1], zooms[z], 1, 2); /* a hidden neuron */
            check(sizes[s][0], sizes[s][1], zooms[z], 3, 0); /* the output: the target line too */
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fits_at_every_zoom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
