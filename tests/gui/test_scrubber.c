/* test_scrubber.c - the timeline under the loss chart, driven by the mouse
 * in offscreen frames: a click on the scrubber goes back to that step (the
 * state a run trained to it has), the steps ahead stay, an edit there
 * makes a second branch with a button, and its button returns to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"

typedef struct {
    plat_Ctx *p;
    app_State *a;
} Win;

static void open_win(Win *w, int steps)
{
    char err[512] = "";
    w->p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(w->p);
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.n_hidden = 2;
    e.hidden[0] = e.hidden[1] = 6;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_TANH;
    int rc = app_create_spec(&w->a, w->p, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    w->a->input.mouse_x = w->a->input.mouse_y = -1000;
    if (steps > 0) {
        app_push(w->a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)steps));
        app_sync(w->a, plat_now());
    }
    app_frame(w->a, plat_now());
}

static void close_win(Win *w)
{
    app_destroy(w->a);
    plat_close(w->p);
}

/* The scrubber's knob: the circle in the chart panel outlined in the train
 * colour, lowest on screen. 0 when found. */
static int find_knob(const app_State *a, int *x, int *y)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    ui_Rect r = a->lay.chart;
    int found = -1;
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type != UI_CMD_CIRCLE || c->color2.a == 0 || c->color2.r != 0x08 ||
            c->color2.g != 0x77 || c->color2.b != 0xbd)
            continue;
        if (c->x0 < r.x || c->x0 > r.x + r.w || c->y0 < r.y || c->y0 > r.y + r.h)
            continue;
        if (found < 0 || c->y0 > (float)*y) {
            *x = (int)c->x0;
            *y = (int)c->y0;
            found = 0;
        }
    }
    return found;
}

/* One frame with a left click at x, y (press and release in it), then the
 * commands it pushed applied. */
static void click(Win *w, int x, int y)
{
    w->a->input.mouse_x = x;
    w->a->input.mouse_y = y;
    w->a->input.mouse_pressed = UI_MOUSE_LEFT;
    w->a->input.mouse_released = UI_MOUSE_LEFT;
    app_frame(w->a, plat_now());
    w->a->input.mouse_pressed = w->a->input.mouse_released = 0;
    w->a->input.mouse_x = w->a->input.mouse_y = -1000;
    app_sync(w->a, plat_now());
    app_frame(w->a, plat_now());
}

static int64_t step_of(const Win *w)
{
    return nn_trainer_cursor(w->a->core.runs[0]->s->trainer).step;
}

static void test_click_rewinds_and_branches(void **state)
{
    (void)state;
    Win w;
    open_win(&w, 1000);
    int kx = 0, ky = 0;
    assert_int_equal(find_knob(w.a, &kx, &ky), 0);
    /* the knob is at the right end: a click 40% of the way left of it */
    int x = w.a->lay.chart.x + (kx - w.a->lay.chart.x) * 6 / 10;
    click(&w, x, ky);
    int64_t k = step_of(&w);
    assert_true(k > 0 && k < 1000);
    const app_Timeline *t = &w.a->core.runs[0]->timeline;
    assert_int_equal(t->br[t->live].tip, 1000); /* the steps ahead are kept */
    /* the state a run trained straight to k has */
    Win ref;
    open_win(&ref, (int)k);
    const nn_Model *m = w.a->core.runs[0]->s->model, *mr = ref.a->core.runs[0]->s->model;
    assert_memory_equal(m->params, mr->params, m->n_params * sizeof(float));
    close_win(&ref);
    int kx2 = 0, ky2 = 0;
    assert_int_equal(find_knob(w.a, &kx2, &ky2), 0);
    assert_true(kx2 < kx - 20); /* the knob moved to where it was clicked */

    /* an edit there: a second branch, and a button for each */
    app_push(w.a, app_cmd_f(APP_CMD_SET_LEARNING_RATE, 0.3));
    app_push(w.a, app_cmd_u(APP_CMD_TRAIN, 300));
    app_sync(w.a, plat_now());
    app_frame(w.a, plat_now());
    assert_int_equal(t->n_br, 2);
    assert_int_equal(w.a->core.runs[0]->snap.tl_n, 2);
    /* the button "1": the text in the chart panel's last row */
    const ui_CmdList *l = &w.a->ui.lists[UI_LAYER_BASE];
    int bx = -1, by = -1;
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_TEXT && c->text_len == 1 && l->text[c->text_off] == '1' &&
            c->rect.y > ky && ui_rect_contains(w.a->lay.chart, c->rect.x, c->rect.y)) {
            bx = c->rect.x + 2;
            by = c->rect.y + 4;
        }
    }
    assert_true(bx >= 0);
    click(&w, bx, by);
    assert_int_equal(t->live, 0);
    assert_int_equal(step_of(&w), 1000);
    Win ref2;
    open_win(&ref2, 1000);
    mr = ref2.a->core.runs[0]->s->model;
    assert_memory_equal(m->params, mr->params, m->n_params * sizeof(float));
    close_win(&ref2);
    close_win(&w);
}

/* Hovering the scrubber shows the step in a tooltip that stays on screen,
 * at zoom 1 and 2. */
static void test_hover_tooltip_on_screen(void **state)
{
    (void)state;
    Win w;
    open_win(&w, 800);
    for (int z = 1; z <= 2; z++) {
        app_set_zoom(w.a, (float)z);
        app_frame(w.a, plat_now());
        int kx = 0, ky = 0;
        assert_int_equal(find_knob(w.a, &kx, &ky), 0);
        w.a->input.mouse_x = kx - 30;
        w.a->input.mouse_y = ky;
        app_frame(w.a, plat_now());
        const ui_CmdList *o = &w.a->ui.lists[UI_LAYER_OVERLAY];
        int tips = 0;
        for (int i = 0; i < o->n; i++) {
            const ui_Cmd *c = &o->cmds[i];
            if (c->type != UI_CMD_TEXT)
                continue;
            const char *t = o->text + c->text_off;
            int tw = plat_text_width(w.p, c->font_px, c->bold, t, c->text_len);
            if (c->rect.x < 0 || c->rect.x + tw > 1280)
                print_error("zoom %d: tooltip '%.*s' is cut\n", z, c->text_len, t);
            assert_true(c->rect.x >= 0 && c->rect.x + tw <= 1280);
            tips += c->text_len > 5 && strncmp(t, "Step ", 5) == 0;
        }
        assert_int_equal(tips, 1);
        w.a->input.mouse_x = w.a->input.mouse_y = -1000;
    }
    close_win(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_click_rewinds_and_branches),
        cmocka_unit_test(test_hover_tooltip_on_screen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
