/* test_code_panel.c - a Keras program in the window shows its code beside
 * the network, fit's line drawn bold on a highlight, clear of the network,
 * the output and the loss chart; K hides it and gives the room back; a
 * lesson has no code panel; the caption says whether fit trains, waits or
 * has trained and paused (also in `nnviz render --steps`, which trains with
 * TRAIN before drawing). Offscreen frames at zoom 1 and 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"

#define SEQ_LIST NNVIZ_TEST_DATA "/keras/seq_list.py"

static int overlap(ui_Rect a, ui_Rect b)
{
    return a.w > 0 && b.w > 0 && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

static int inside(ui_Rect in, ui_Rect r)
{
    return r.x >= in.x && r.y >= in.y && r.x + r.w <= in.x + in.w && r.y + r.h <= in.y + in.h;
}

/* The bold text drawn inside r that starts with prefix, or NULL. */
static const ui_Cmd *bold_text(const app_State *a, ui_Rect r, const char *prefix)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type != UI_CMD_TEXT || !c->bold || c->rect.x < r.x || c->rect.x >= r.x + r.w ||
            c->rect.y < r.y || c->rect.y >= r.y + r.h)
            continue;
        if ((size_t)c->text_len >= strlen(prefix) &&
            memcmp(l->text + c->text_off, prefix, strlen(prefix)) == 0)
            return c;
    }
    return NULL;
}

/* The whole text of the regular-weight text drawn inside r that starts
 * with prefix, copied into out; 0 when there is none. */
static int plain_text(const app_State *a, ui_Rect r, const char *prefix, char *out, size_t len)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type != UI_CMD_TEXT || c->bold || c->rect.x < r.x || c->rect.x >= r.x + r.w ||
            c->rect.y < r.y || c->rect.y >= r.y + r.h)
            continue;
        if ((size_t)c->text_len >= strlen(prefix) &&
            memcmp(l->text + c->text_off, prefix, strlen(prefix)) == 0) {
            snprintf(out, len, "%.*s", c->text_len, l->text + c->text_off);
            return 1;
        }
    }
    return 0;
}

static void frame(app_State *a, int key)
{
    a->input.n_keys = key ? 1 : 0;
    a->input.keys[0] = key;
    a->input.key_mods[0] = 0;
    a->input.mouse_x = a->input.mouse_y = -1000;
    app_frame(a, plat_now());
    a->input.n_keys = 0;
}

/* The window on SEQ_LIST at w x h and this zoom (*p its platform). */
static app_State *open_program(int w, int h, float zoom, plat_Ctx **p)
{
    char err[512] = "";
    *p = plat_open_offscreen(w, h, err, sizeof err);
    assert_non_null(*p);
    app_State *a = NULL;
    int rc = app_create(&a, *p, SEQ_LIST, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    app_set_zoom(a, zoom);
    return a;
}

static void check_size(int w, int h, float zoom)
{
    plat_Ctx *p = NULL;
    app_State *a = open_program(w, h, zoom, &p);
    frame(a, 0);
    frame(a, 0);
    assert_true(app_code_shown(a));
    const app_Layout *L = &a->lay;
    ui_Rect code = L->code;
    assert_true(code.w > 0 && code.h > 0);
    ui_Rect win = {0, 0, w, h};
    assert_true(inside(win, code));
    assert_false(overlap(code, L->net));
    assert_false(overlap(code, L->out));
    assert_false(overlap(code, L->chart));
    assert_false(overlap(code, L->data));
    assert_false(overlap(code, L->status));
    /* line 24 of the program, fit's, is drawn bold in the panel */
    const ui_Cmd *fit = bold_text(a, code, "model.fit(");
    if (!fit)
        print_error("no bold fit line in the code panel at %dx%d zoom %g\n", w, h, (double)zoom);
    assert_non_null(fit);
    int net_w = L->net.w;
    /* K hides it and the network takes the room; K again brings it back */
    frame(a, 'k');
    frame(a, 0);
    assert_false(app_code_shown(a));
    assert_int_equal(a->lay.code.w, 0);
    assert_true(a->lay.net.w > net_w);
    frame(a, 'k');
    frame(a, 0);
    assert_true(a->lay.code.w > 0);
    app_destroy(a);
    plat_close(p);
}

static void test_code_panel_sizes(void **state)
{
    (void)state;
    check_size(1280, 800, 1.0f);
    check_size(1920, 1080, 1.0f);
    check_size(1280, 800, 2.0f);
    check_size(1920, 1080, 2.0f);
}

static void test_no_code_panel_for_a_lesson(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    nn_Experiment e;
    nn_experiment_default(&e);
    app_State *a = NULL;
    assert_int_equal(app_create_spec(&a, p, &e, err, sizeof err), 0);
    frame(a, 0);
    assert_false(app_code_shown(a));
    assert_int_equal(a->lay.code.w, 0);
    app_destroy(a);
    plat_close(p);
}

/* The caption drawn under the panel's title is exactly want (whole, not
 * cut to fit). */
static void assert_caption(const app_State *a, const char *want)
{
    char got[512];
    int found = plain_text(a, a->lay.code, "Line ", got, sizeof got);
    if (!found || strcmp(got, want) != 0)
        print_error("code caption '%s', want '%s'\n", found ? got : "(none)", want);
    assert_true(found);
    assert_string_equal(got, want);
}

static void check_caption(int w, int h, float zoom)
{
    plat_Ctx *p = NULL;
    app_State *a = open_program(w, h, zoom, &p);
    frame(a, 0);
    int line = a->core.keras_fit_line;
    assert_true(line > 0);
    char want[512];
    /* nothing trained: fit waits for Space */
    snprintf(want, sizeof want, tr(STR_CODE_STOPPED), line);
    assert_caption(a, want);
    /* trained as `nnviz render --steps 300` trains, then drawn: paused there */
    app_push(a, app_cmd_u(APP_CMD_TRAIN, 300));
    app_sync(a, plat_now());
    frame(a, 0);
    assert_int_equal(app_snap(a)->cursor.step, 300);
    assert_false(a->core.playing);
    snprintf(want, sizeof want, tr(STR_CODE_PAUSED), line, 300LL);
    assert_caption(a, want);
    assert_string_not_equal(want, tr(STR_CODE_STOPPED));
    /* Space: training; Space again: paused where the training got to */
    frame(a, ' ');
    frame(a, 0);
    assert_true(a->core.playing);
    snprintf(want, sizeof want, tr(STR_CODE_TRAINING), line);
    assert_caption(a, want);
    frame(a, ' ');
    frame(a, 0);
    assert_false(a->core.playing);
    snprintf(want, sizeof want, tr(STR_CODE_PAUSED), line, (long long)app_snap(a)->cursor.step);
    assert_caption(a, want);
    /* a reset: back to waiting */
    frame(a, 'r');
    frame(a, 0);
    assert_int_equal(app_snap(a)->cursor.step, 0);
    snprintf(want, sizeof want, tr(STR_CODE_STOPPED), line);
    assert_caption(a, want);
    app_destroy(a);
    plat_close(p);
}

static void test_code_caption(void **state)
{
    (void)state;
    check_caption(1280, 800, 1.0f);
    check_caption(1920, 1080, 2.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_panel_sizes),
        cmocka_unit_test(test_no_code_panel_for_a_lesson),
        cmocka_unit_test(test_code_caption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
