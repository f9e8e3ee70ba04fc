/* test_health_view.c - the window's training-health view, offscreen: J
 * opens it in place of the output and the chart, it draws every layer's
 * colour and a log axis labelled in powers of ten, nothing it draws leaves
 * its rectangle at 1280x800 and 1920x1080, zoom 1, 2 and 3, with one run
 * and with compared runs; a lesson's VIEW health opens it. NNVIZ_KEEP=DIR
 * keeps the frames as PNGs to look at. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "app/cmp_view.h"
#include "i18n/i18n.h"

static void frame(app_State *a, int key)
{
    a->input.n_keys = key ? 1 : 0;
    a->input.keys[0] = key;
    a->input.key_mods[0] = 0;
    app_frame(a, plat_now());
    a->input.n_keys = 0;
}

static void say(app_State *a, const char *line)
{
    app_Command c;
    char err[256] = "";
    int rc = app_cmd_parse(line, &c, err, sizeof err);
    if (rc != 0)
        print_error("'%s': %s\n", line, err);
    assert_int_equal(rc, 0);
    app_push(a, c);
    app_sync(a, plat_now());
}

static int inside(ui_Rect in, ui_Rect r)
{
    return r.x >= in.x && r.y >= in.y && r.x + r.w <= in.x + in.w && r.y + r.h <= in.y + in.h;
}

static ui_Rect cut(ui_Rect a, ui_Rect clip)
{
    if (clip.w < 0)
        return a;
    int x0 = a.x > clip.x ? a.x : clip.x, y0 = a.y > clip.y ? a.y : clip.y;
    int x1 = a.x + a.w < clip.x + clip.w ? a.x + a.w : clip.x + clip.w;
    int y1 = a.y + a.h < clip.y + clip.h ? a.y + a.h : clip.y + clip.h;
    return (ui_Rect){x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
}

/* Draws the view alone into the frame's context and counts the base
 * layer's commands that would paint outside bound (after their clip); the
 * texts starting with a given prefix are counted in *n_pre. */
static int outside(app_State *a, ui_Rect r, ui_Rect bound, const char *prefix, int *n_pre)
{
    ui_Context *ui = &a->ui;
    int w = ui->width, h = ui->height;
    a->input.mouse_x = a->input.mouse_y = -1000;
    ui_begin(ui, &a->input, w, h, a->scale);
    assert_int_equal(app_panel_health(a, r), 1);
    ui_end(ui);
    const ui_CmdList *l = &ui->lists[UI_LAYER_BASE];
    ui_Rect clip = {0, 0, -1, -1};
    int bad = 0;
    *n_pre = 0;
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        ui_Rect b;
        switch (c->type) {
        case UI_CMD_CLIP:
            clip = c->rect;
            continue;
        case UI_CMD_TEXT: {
            char s[128];
            int n = c->text_len < 127 ? c->text_len : 127;
            memcpy(s, l->text + c->text_off, (size_t)n);
            s[n] = '\0';
            *n_pre += strncmp(s, prefix, strlen(prefix)) == 0;
            b = (ui_Rect){c->rect.x, c->rect.y, ui_text_width(ui, c->font_px, c->bold, s),
                          ui_text_height(ui, c->font_px)};
            break;
        }
        case UI_CMD_LINE:
        case UI_CMD_CIRCLE:
        case UI_CMD_TRI: {
            float x0 = fminf(c->x0, c->x1), x1 = fmaxf(c->x0, c->x1);
            float y0 = fminf(c->y0, c->y1), y1 = fmaxf(c->y0, c->y1);
            if (c->type == UI_CMD_TRI)
                x0 = fminf(x0, c->x2), x1 = fmaxf(x1, c->x2), y0 = fminf(y0, c->y2), y1 = fmaxf(y1, c->y2);
            if (c->type == UI_CMD_CIRCLE)
                x0 = c->x0 - c->r, x1 = c->x0 + c->r, y0 = c->y0 - c->r, y1 = c->y0 + c->r;
            b = (ui_Rect){(int)floorf(x0), (int)floorf(y0), (int)ceilf(x1 - x0), (int)ceilf(y1 - y0)};
            break;
        }
        default:
            b = c->rect;
            break;
        }
        b = cut(b, clip);
        if (b.w > 0 && b.h > 0 && !inside(bound, b)) {
            if (bad < 5)
                print_message("command %d (type %d) at %d,%d %dx%d outside %d,%d %dx%d\n", i, c->type,
                              b.x, b.y, b.w, b.h, bound.x, bound.y, bound.w, bound.h);
            bad++;
        }
    }
    return bad;
}

/* Pixels of colour c (alpha ignored) inside r of the last frame. */
static long count_color(plat_Ctx *p, int w, int h, ui_Rect r, ui_Color c)
{
    uint32_t *px = malloc((size_t)w * (size_t)h * sizeof *px);
    assert_non_null(px);
    assert_int_equal(plat_read_pixels(p, px, w, h), 0);
    uint32_t want = ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
    long n = 0;
    for (int y = r.y; y < r.y + r.h && y < h; y++)
        for (int x = r.x; x < r.x + r.w && x < w; x++)
            n += (px[(size_t)y * w + x] & 0xffffff) == want;
    free(px);
    return n;
}

static void keep(plat_Ctx *p, const char *name, int w, int h, float zoom)
{
    const char *dir = getenv("NNVIZ_KEEP");
    if (!dir)
        return;
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/health-%s-%dx%d-z%.0f.png", dir, name, w, h, zoom);
    plat_save_png(p, path, err, sizeof err);
}

static void check(int w, int h, float zoom, const char *compare)
{
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(w, h, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    int rc = app_create(&a, p, NNVIZ_SOURCE_DIR "/lessons/vanishing-gradients.ini", err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    if (compare)
        say(a, compare);
    say(a, "TRAIN 300");
    app_set_zoom(a, zoom);
    frame(a, 0);
    ui_Rect r = app_health_rect(a);
    int L = app_model(a)->arch.n_layers;
    ui_Color first = app_health_layer_color(0, L), last = app_health_layer_color(L - 1, L);
    /* closed: the output and the chart are there, none of the layers' colours */
    assert_int_equal(a->health_on, 0);
    assert_int_equal(count_color(p, w, h, r, first), 0);

    frame(a, 'j'); /* J opens it */
    assert_int_equal(a->health_on, 1);
    frame(a, 0);
    keep(p, compare ? "compare" : "one", w, h, zoom);
    r = app_health_rect(a);
    long n_first = count_color(p, w, h, r, first), n_last = count_color(p, w, h, r, last);
    print_message("%dx%d zoom %.0f%s: %ld px of layer 1, %ld of layer %d\n", w, h, zoom,
                  compare ? " (compared)" : "", n_first, n_last, L);
    assert_true(n_first > 100);
    assert_true(n_last > 100);
    /* the runs' gradients span decades: log ticks in powers of ten */
    int n_exp = 0;
    assert_int_equal(outside(a, r, r, "1e-", &n_exp), 0);
    assert_true(n_exp >= (compare ? 4 : 2));
    /* the check can fail: a bound 8 px smaller all round is left */
    int n_unused;
    assert_true(outside(a, r, (ui_Rect){r.x + 8, r.y + 8, r.w - 16, r.h - 16}, "1e-", &n_unused) > 0);

    frame(a, 'j'); /* and J closes it */
    assert_int_equal(a->health_on, 0);
    frame(a, 0);
    assert_int_equal(count_color(p, w, h, app_health_rect(a), first), 0);
    frame(a, 'j'); /* Esc closes it too */
    assert_int_equal(a->health_on, 1);
    frame(a, UI_KEY_ESCAPE);
    assert_int_equal(a->health_on, 0);
    app_destroy(a);
    plat_close(p);
}

static void test_one_run(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    for (int s = 0; s < 2; s++)
        for (int z = 1; z <= 3; z++)
            check(sizes[s][0], sizes[s][1], (float)z, NULL);
}

static void test_compared_runs(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    for (int s = 0; s < 2; s++)
        for (int z = 1; z <= 3; z++)
            check(sizes[s][0], sizes[s][1], (float)z, "COMPARE activation=sigmoid,tanh,relu");
}

/* The vanishing-gradients lesson's VIEW health opens the view, the
 * diagram's edges showing the gradients. */
static void test_lesson_opens_it(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    const char *path = NNVIZ_SOURCE_DIR "/lessons/vanishing-gradients.ini";
    assert_int_equal(app_create(&a, p, path, err, sizeof err), 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    assert_int_equal(app_lesson_open(a, path, 0, err, sizeof err), 0);
    frame(a, 0);
    assert_int_equal(a->health_on, 0);
    int rc = app_lesson_goto(a, 2, 1, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    frame(a, 0);
    frame(a, 0);
    keep(p, "lesson", 1280, 800, 1);
    assert_int_equal(a->health_on, 1);
    assert_int_equal(a->edge_mode, APP_EDGE_GRAD);
    /* its RUN_UNTIL step 1 trained one batch: one sample, the first
     * layer's gradient far below the output layer's */
    const app_Snap *S = app_snap(a);
    assert_int_equal(S->n_health, 1);
    assert_true(S->health[0].grad_norm[0] < 1e-3 * S->health[0].grad_norm[8]);
    int L = app_model(a)->arch.n_layers;
    assert_true(count_color(p, 1280, 800, app_health_rect(a), app_health_layer_color(0, L)) > 0);
    app_destroy(a);
    plat_close(p);
}

/* The overlay's texts: 1 when one of them starts with prefix. */
static int overlay_has(const app_State *a, const char *prefix)
{
    const ui_CmdList *o = &a->ui.lists[UI_LAYER_OVERLAY];
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *c = &o->cmds[i];
        if (c->type == UI_CMD_TEXT && (size_t)c->text_len >= strlen(prefix) &&
            memcmp(o->text + c->text_off, prefix, strlen(prefix)) == 0)
            return 1;
    }
    return 0;
}

/* Hovering the gradient chart shows every layer's norm at the nearest
 * sample, formatted as the snapshot holds it; off the charts, no box. */
static void test_hover_shows_values(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    assert_int_equal(
        app_create(&a, p, NNVIZ_SOURCE_DIR "/lessons/vanishing-gradients.ini", err, sizeof err), 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    say(a, "TRAIN 40");
    frame(a, 'j');
    frame(a, 0);
    assert_false(overlay_has(a, "layer 1: "));
    /* the middle of the gradient chart: a third of the way down the view */
    ui_Rect r = app_health_rect(a);
    a->input.mouse_x = r.x + r.w * 3 / 4;
    a->input.mouse_y = r.y + r.h / 3;
    frame(a, 0);
    keep(p, "hover", 1280, 800, 1);
    const app_Snap *S = app_snap(a);
    assert_int_equal(S->n_health, 40);
    /* the nearest sample's first-layer norm, as the box writes it */
    int found = 0;
    for (int i = 0; i < S->n_health && !found; i++) {
        char v[32], want[64];
        app_fmt_value(S->health[i].grad_norm[0], v, sizeof v);
        snprintf(want, sizeof want, "layer 1: %s", v);
        found = overlay_has(a, want);
    }
    assert_true(found);
    assert_true(overlay_has(a, "step "));
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_run),
        cmocka_unit_test(test_compared_runs),
        cmocka_unit_test(test_lesson_opens_it),
        cmocka_unit_test(test_hover_shows_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
