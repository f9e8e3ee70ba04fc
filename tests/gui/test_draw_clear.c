/* test_draw_clear.c - "Clear all points" in the window: the output plot
 * says to draw two points, inside the plot, shows the one drawn so far,
 * and Space does not start training. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"

/* The first base-layer text that starts with the first 8 bytes of t; its
 * rectangle in *r. */
static int find_text(const app_State *a, const char *t, ui_Rect *r)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_TEXT && c->text_len >= 8 &&
            memcmp(l->text + c->text_off, t, 8) == 0) {
            *r = c->rect;
            return 1;
        }
    }
    return 0;
}

static void test_cleared_plot(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    int rc = app_create(&a, p, NNVIZ_SOURCE_DIR "/lessons/spiral.ini", err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    app_frame(a, plat_now());
    ui_Rect r = {0, 0, 0, 0};
    assert_false(find_text(a, tr(STR_STATUS_DRAW_TWO), &r));
    app_push(a, app_cmd(APP_CMD_CLEAR_POINTS));
    app_Command add = app_cmd(APP_CMD_ADD_POINT);
    add.f = 1.0;
    add.f2 = 2.0;
    add.i[0] = 1;
    app_push(a, add);
    app_push(a, app_cmd(APP_CMD_TOGGLE_PLAY));
    app_sync(a, plat_now());
    assert_false(a->core.playing);
    assert_int_equal(a->core.n_pending, 1);
    app_frame(a, plat_now());
    app_frame(a, plat_now());
    assert_int_equal(a->ui.lists[0].dropped, 0);
    assert_true(find_text(a, tr(STR_STATUS_DRAW_TWO), &r));
    /* inside the plot */
    assert_true(r.x >= a->plot.x && r.y >= a->plot.y);
    assert_true(r.x + r.w <= a->plot.x + a->plot.w);
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cleared_plot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
