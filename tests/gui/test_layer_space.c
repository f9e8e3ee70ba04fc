/* test_layer_space.c - a hidden layer's space in the output plot (W): the
 * data points are drawn where the layer maps them, the steps animate from
 * the plane to f(z), a forward phase of the layer plays them again, and
 * closing it gives the output's map back pixel for pixel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "viz/viz_color.h"

typedef struct {
    plat_Ctx *p;
    app_State *a;
    uint32_t *px;
    int w, h;
} Shot;

/* XOR on the raw inputs, one hidden layer of 4 tanh, trained `steps` batches. */
static void open_xor(Shot *s, int steps)
{
    char err[512] = "";
    s->w = 1280;
    s->h = 800;
    s->p = plat_open_offscreen(s->w, s->h, err, sizeof err);
    assert_non_null(s->p);
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_XOR;
    e.data.features = 0;
    e.n_hidden = 1;
    e.hidden[0] = 4;
    e.hidden_act[0] = NN_ACT_TANH;
    int rc = app_create_spec(&s->a, s->p, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    s->a->input.mouse_x = s->a->input.mouse_y = -1000;
    app_push(s->a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)steps));
    app_sync(s->a, plat_now());
    s->px = malloc((size_t)s->w * (size_t)s->h * sizeof *s->px);
    assert_non_null(s->px);
}

static void draw(Shot *s, double now)
{
    app_frame(s->a, now);
    app_frame(s->a, now);
    assert_int_equal(plat_read_pixels(s->p, s->px, s->w, s->h), 0);
}

static void close_shot(Shot *s)
{
    free(s->px);
    app_destroy(s->a);
    plat_close(s->p);
}

static int near(uint32_t argb, viz_Color c)
{
    int r = (int)((argb >> 16) & 255), g = (int)((argb >> 8) & 255), b = (int)(argb & 255);
    return abs(r - c.r) <= 12 && abs(g - c.g) <= 12 && abs(b - c.b) <= 12;
}

/* At the last step every data point is drawn in its class colour where
 * f(z) of the two neurons puts it, framed by the box. */
static void test_points_where_the_layer_maps_them(void **state)
{
    (void)state;
    Shot s;
    open_xor(&s, 200);
    app_State *a = s.a;
    app_lspace_toggle(a);
    assert_int_equal(a->hsp.on, 1);
    a->hsp.t = a->hsp.target = 3.0f;
    draw(&s, a->now);
    ui_Rect plot = a->plot;
    float lo[2], hi[2];
    app_hspace_box(&a->hsp.hs, 3.0f, lo, hi);
    const nn_Dataset *d = app_train(a);
    int inside = 0, match = 0;
    for (int i = 0; i < a->hsp.hs.n_points; i++) {
        float x = a->hsp.hs.pts[3][2 * i], y = a->hsp.hs.pts[3][2 * i + 1];
        int px = (int)lroundf((float)plot.x + (x - lo[0]) / (hi[0] - lo[0]) * (float)plot.w);
        int py = (int)lroundf((float)(plot.y + plot.h) - (y - lo[1]) / (hi[1] - lo[1]) * (float)plot.h);
        /* away from the buttons and the caption drawn over the plot */
        if (px < plot.x + 8 || px > plot.x + plot.w - 8 || py < plot.y + plot.h / 5 ||
            py > plot.y + plot.h * 4 / 5)
            continue;
        inside++;
        viz_Color want = viz_diverging(d->label[i] ? 1.0f : -1.0f);
        match += near(s.px[(size_t)py * (size_t)s.w + (size_t)px], want);
    }
    if (inside < 20 || match * 10 < inside * 8)
        print_error("%d of %d points in their class colour\n", match, inside);
    assert_true(inside >= 20);
    assert_true(match * 10 >= inside * 8);
    /* the same points at the plane's step are elsewhere: the map moved them */
    int moved = 0;
    for (int i = 0; i < a->hsp.hs.n_points; i++)
        moved += a->hsp.hs.pts[0][2 * i] != a->hsp.hs.pts[3][2 * i];
    assert_true(moved > a->hsp.hs.n_points / 2);
    close_shot(&s);
}

/* Opening plays the steps from the plane to f(z), t never going back. */
static void test_opening_animates_to_the_activation(void **state)
{
    (void)state;
    Shot s;
    open_xor(&s, 50);
    app_State *a = s.a;
    double now = 100.0;
    a->now = now;
    app_lspace_toggle(a);
    assert_true(a->hsp.t == 0.0f);
    assert_true(a->hsp.target == 3.0f);
    float last = -1.0f;
    for (int k = 0; k < 400 && a->hsp.t < 3.0f; k++) {
        now += 1.0 / 60.0;
        app_frame(a, now);
        assert_true(a->hsp.t >= last);
        last = a->hsp.t;
    }
    assert_true(a->hsp.t == 3.0f);
    close_shot(&s);
}

/* Stepping: the forward phase of the shown layer plays the steps again. */
static void test_forward_phase_replays_the_steps(void **state)
{
    (void)state;
    Shot s;
    open_xor(&s, 50);
    app_State *a = s.a;
    app_lspace_toggle(a);
    a->hsp.t = a->hsp.target = 3.0f;
    draw(&s, a->now);
    app_push(a, app_cmd(APP_CMD_STEP_PHASE)); /* forward, layer 1 */
    app_sync(a, plat_now());
    app_frame(a, a->now);
    assert_true(a->hsp.t < 0.5f);
    assert_true(a->hsp.target == 3.0f);
    close_shot(&s);
}

/* Closing it gives the output's map back, pixel for pixel. */
static void test_closing_restores_the_map(void **state)
{
    (void)state;
    Shot s;
    open_xor(&s, 100);
    app_State *a = s.a;
    draw(&s, a->now);
    ui_Rect plot = a->plot;
    size_t n = (size_t)s.w * (size_t)s.h;
    uint32_t *before = malloc(n * sizeof *before);
    assert_non_null(before);
    memcpy(before, s.px, n * sizeof *before);
    app_lspace_toggle(a);
    a->hsp.t = a->hsp.target = 2.0f;
    draw(&s, a->now);
    int differ = 0, checked = 0;
    for (int y = plot.y + 2; y < plot.y + plot.h - 2; y += 5)
        for (int x = plot.x + 2; x < plot.x + plot.w - 2; x += 5) {
            checked++;
            differ += s.px[(size_t)y * (size_t)s.w + (size_t)x] != before[(size_t)y * (size_t)s.w + (size_t)x];
        }
    assert_true(differ * 3 > checked);
    app_lspace_toggle(a);
    assert_int_equal(a->hsp.on, 0);
    draw(&s, a->now);
    for (int y = plot.y; y < plot.y + plot.h; y++)
        for (int x = plot.x; x < plot.x + plot.w; x++)
            assert_int_equal(s.px[(size_t)y * (size_t)s.w + (size_t)x], before[(size_t)y * (size_t)s.w + (size_t)x]);
    free(before);
    close_shot(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_where_the_layer_maps_them),
        cmocka_unit_test(test_opening_animates_to_the_activation),
        cmocka_unit_test(test_forward_phase_replays_the_steps),
        cmocka_unit_test(test_closing_restores_the_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
