/* test_whatif_hover.c - the what-if preview of a hovered control, driven
 * offscreen: the learning rate under the pointer in the open list is the
 * run re-trained from its start to its step with that rate, bit for bit;
 * the run's own rate and a pointer elsewhere preview nothing; a preview far
 * along trains within the frame budget and is kept, so it is caught up,
 * not started again (test_whatif_budget.c: split over frames, the same
 * bits). NNVIZ_KEEP=DIR keeps the frames as PNGs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whatif_fixture.h"

#include "app/app.h"
#include "i18n/i18n.h"


static void keep(plat_Ctx *p, const char *name)
{
    const char *dir = getenv("NNVIZ_KEEP");
    if (!dir)
        return;
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    plat_save_png(p, path, err, sizeof err);
}

/* Whether a text starting with s was drawn on the base layer. */
static int drew_text(const app_State *a, const char *s)
{
    const ui_CmdList *o = &a->ui.lists[UI_LAYER_BASE];
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *c = &o->cmds[i];
        if (c->type == UI_CMD_TEXT && (size_t)c->text_len >= strlen(s) &&
            memcmp(o->text + c->text_off, s, strlen(s)) == 0)
            return 1;
    }
    return 0;
}

/* Opens the learning-rate list and puts the pointer on item k. */
static void hover_lr(app_State *a, int k)
{
    a->ui.popup = ui_id_str(&a->ui, "lr");
    a->input.mouse_x = a->input.mouse_y = -1000;
    wf_frame(a);
    ui_Rect lr = a->ui.popup_rect;
    int ih = a->ui.popup_owner.h;
    assert_true(ih > 0 && lr.h == 11 * ih);
    a->input.mouse_x = lr.x + lr.w / 2;
    a->input.mouse_y = lr.y + k * ih + ih / 2;
}

static void test_hover_previews(void **state)
{
    (void)state;
    plat_Ctx *p = NULL;
    app_State *a = wf_open_spiral(1280, 800, &p);
    for (int i = 0; i < 3; i++) {
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
        wf_frame(a);
    }
    wf_frame(a);
    int64_t step = app_snap(a)->cursor.step;
    assert_true(step > 0);
    assert_null(app_wh_shown(a));

    /* the item 1 (index 8) under the pointer: a ghost of that rate, whole
     * within a few frames (it trains a few ms a frame) */
    hover_lr(a, 8);
    const app_WhEntry *en = wf_wait_ghost(a, step);
    assert_int_equal(en->knob, APP_WH_LR);
    assert_true(en->value == 1.0f);
    wf_frame(a); /* the caption is drawn by the plot, after the update */
    char want[64];
    char loss[32];
    app_fmt_value(en->res.loss, loss, sizeof loss);
    snprintf(want, sizeof want, tr(STR_WHATIF_GHOST), tr(STR_HYPER_LR), "1");
    assert_true(drew_text(a, want));
    snprintf(want, sizeof want, tr(STR_WHATIF_GHOST_LOSS), loss);
    keep(p, "whatif_hover_lr1.png");
    if (!drew_text(a, want))
        print_error("shown %d, want \"%s\"\n", a->wh.shown, want);
    assert_true(drew_text(a, want));
    keep(p, "whatif_hover_lr1.png");

    /* the same as re-training that rate from the start, bit for bit */
    nn_Experiment e = *app_spec(a);
    e.opt.lr = 1.0f;
    static app_WhatIf ref;
    char err[512] = "";
    assert_int_equal(app_whatif_run(&e, (nn_Dataset *)app_train(a), (nn_Dataset *)app_test(a), step,
                                    en->res.radius, &ref, err, sizeof err), 0);
    assert_memory_equal(&ref.loss, &en->res.loss, sizeof ref.loss);
    assert_memory_equal(ref.out, en->res.out, sizeof ref.out);
    /* and not the run's own: the check can fail */
    assert_true(app_focus(a)->m_train.loss != en->res.loss);

    /* the run's own rate (0.03, item 5) previews nothing */
    hover_lr(a, 5);
    wf_frame(a);
    assert_null(app_wh_shown(a));
    /* nor a pointer away from the list */
    a->ui.popup = 0;
    a->input.mouse_x = a->input.mouse_y = -1000;
    wf_frame(a);
    assert_null(app_wh_shown(a));

    /* far along: the preview catches up within the frame's time, and is
     * kept: with the least time a frame it trains one batch, from where it
     * was (3 epochs), not from the start */
    int64_t kept = step;
    for (int i = 0; i < 40; i++) {
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
        wf_frame(a);
    }
    step = app_snap(a)->cursor.step;
    a->wh.budget_s = 1e-12;
    hover_lr(a, 8);
    wf_frame(a);
    en = app_wh_shown(a);
    assert_non_null(en);
    assert_int_equal(en->job.steps, kept + 1);
    assert_true(app_wh_pending(a)); /* the window owes the frames that finish it */
    a->wh.budget_s = 0; /* the window's own */
    int frames = 0;
    for (;;) {
        wf_frame(a);
        frames++;
        en = app_wh_shown(a);
        assert_non_null(en);
        assert_true(en->job.steps <= step);
        if (en->have_res && en->res.steps == step)
            break;
        assert_true(frames < 1000);
    }
    assert_int_equal(app_whatif_run(&e, (nn_Dataset *)app_train(a), (nn_Dataset *)app_test(a), step,
                                    en->res.radius, &ref, err, sizeof err), 0);
    assert_memory_equal(&ref.loss, &en->res.loss, sizeof ref.loss);

    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hover_previews),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
