/* test_chart_live.c - the loss chart's running point (the epoch in
 * progress) shows the top bar's training loss, and hovering it tells the
 * value, epoch, batch and step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"

/* The centre of the last filled circle in the chart's colour for training
 * (0x0877bd) inside r: the running point is drawn after the series. */
static int find_live_point(const app_State *a, ui_Rect r, float *x, float *y)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    int found = 0;
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_CIRCLE && c->color.r == 0x08 && c->color.g == 0x77 &&
            c->color.b == 0xbd && c->x0 >= (float)r.x && c->x0 <= (float)(r.x + r.w) &&
            c->y0 >= (float)r.y && c->y0 <= (float)(r.y + r.h)) {
            *x = c->x0;
            *y = c->y0;
            found = 1;
        }
    }
    return found;
}

static int overlay_has(const app_State *a, const char *needle)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_OVERLAY];
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type != UI_CMD_TEXT)
            continue;
        char buf[400];
        int n = c->text_len < (int)sizeof buf - 1 ? c->text_len : (int)sizeof buf - 1;
        memcpy(buf, l->text + c->text_off, (size_t)n);
        buf[n] = '\0';
        if (strstr(buf, needle))
            return 1;
    }
    return 0;
}

static void test_live_point_tooltip(void **state)
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
    /* two epochs and a few batches: finished epochs and one in progress */
    int bpe = app_snap(a)->batches_per_epoch;
    assert_true(bpe > 4);
    app_push(a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)(2 * bpe + 3)));
    app_sync(a, plat_now());
    app_frame(a, plat_now());
    app_frame(a, plat_now());
    float x = 0, y = 0;
    assert_true(find_live_point(a, a->lay.chart, &x, &y));
    char top[32];
    app_fmt_value(app_focus(a)->m_train.loss, top, sizeof top);
    assert_false(overlay_has(a, top));
    a->input.mouse_x = (int)x;
    a->input.mouse_y = (int)y;
    app_frame(a, plat_now());
    app_frame(a, plat_now());
    /* the tooltip names the top bar's figure and where training is */
    char want[64];
    snprintf(want, sizeof want, "%lld/%d", (long long)app_snap(a)->cursor.batch, bpe);
    if (!overlay_has(a, top) || !overlay_has(a, want))
        print_error("no tooltip with %s and %s at %.0f,%.0f\n", top, want, (double)x, (double)y);
    assert_true(overlay_has(a, top));
    assert_true(overlay_has(a, want));
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_point_tooltip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
