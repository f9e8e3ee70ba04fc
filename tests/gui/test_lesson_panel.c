/* test_lesson_panel.c - the lesson panel in the window, drawn offscreen: it
 * never covers the network, the output plot or the loss chart (two window
 * sizes, zoom 1, 2 and 3, English and Chinese) and takes nothing from the
 * plot; its narration grows with the presenter zoom; at 1280x800 it has
 * room for the chapters and every check line; HIGHLIGHT's cue changes
 * pixels round the neuron it names and none in the output plot; Space and
 * Backspace walk the lesson through the frame's own key handling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"

#define DEMO NNVIZ_TEST_DATA "/lesson_steps/panel_demo.ini"

static app_State *open_demo(plat_Ctx **p, int w, int h, float zoom)
{
    char err[512] = "";
    *p = plat_open_offscreen(w, h, err, sizeof err);
    assert_non_null(*p);
    app_State *a = NULL;
    int rc = app_create(&a, *p, DEMO, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    app_set_zoom(a, zoom);
    rc = app_lesson_open(a, DEMO, 0, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_true(app_lesson_walking(a));
    a->input.mouse_x = a->input.mouse_y = -1000;
    return a;
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

static int overlap(ui_Rect a, ui_Rect b)
{
    return a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0 && a.x < b.x + b.w && b.x < a.x + a.w &&
           a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The texts drawn in the band lie whole inside it and overlap no other
 * (glyph boxes shrunk a little for their line spacing); returns how many
 * it holds. */
static int band_texts_ok(const app_State *a, plat_Ctx *p, ui_Rect band)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    ui_Rect box[256];
    int n = 0;
    for (int i = 0; i < l->n && n < 256; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type != UI_CMD_TEXT)
            continue;
        const char *t = l->text + c->text_off;
        ui_Rect b = {c->rect.x, c->rect.y, plat_text_width(p, c->font_px, c->bold, t, c->text_len),
                     plat_text_height(p, c->font_px)};
        if (!overlap(b, band))
            continue;
        if (b.x < band.x || b.y < band.y || b.x + b.w > band.x + band.w || b.y + b.h > band.y + band.h) {
            print_error("text '%.*s' at %d,%d (%dx%d) leaves the band\n", c->text_len, t, b.x, b.y, b.w, b.h);
            return -1;
        }
        int sh = b.h / 6;
        for (int k = 0; k < n; k++) {
            ui_Rect o = box[k];
            if (b.x + 1 < o.x + o.w - 1 && o.x + 1 < b.x + b.w - 1 && b.y + sh < o.y + o.h - sh &&
                o.y + sh < b.y + b.h - sh) {
                print_error("text '%.*s' at %d,%d overlaps another in the band\n", c->text_len, t, b.x, b.y);
                return -1;
            }
        }
        box[n++] = b;
    }
    return n;
}

static void check_layout(int w, int h, float zoom, const char *lang)
{
    assert_int_equal(i18n_set_language(lang, NULL, 0), I18N_OK);
    plat_Ctx *p;
    app_State *a = open_demo(&p, w, h, zoom);
    char err[256];
    /* the first step after its action (the cue), then the prediction's */
    for (int k = 1; k <= 2; k++) {
        assert_int_equal(app_lesson_goto(a, k, k == 1, err, sizeof err), 0);
        frame(a, 0);
        ui_Rect band = a->lay.lesson;
        if (band.h <= 0 || overlap(band, a->lay.net) || overlap(band, a->lay.out) ||
            overlap(band, a->plot) || band.y + band.h > a->lay.status.y || a->plot.w < 60)
            print_error("%dx%d zoom %g %s step %d: lesson %d,%d %dx%d net y %d h %d, out y %d h %d, "
                        "plot %d\n", w, h, (double)zoom, lang, k, band.x, band.y, band.w, band.h,
                        a->lay.net.y, a->lay.net.h, a->lay.out.y, a->lay.out.h, a->plot.w);
        assert_true(band.h > 0);
        assert_false(overlap(band, a->lay.net));
        assert_false(overlap(band, a->lay.out));
        assert_false(overlap(band, a->plot));
        assert_false(overlap(band, a->lay.chart));
        assert_false(overlap(band, a->lay.data));
        assert_false(overlap(band, a->lay.code));
        assert_true(band.y + band.h <= a->lay.status.y);
        assert_true(a->plot.w >= 60);
        assert_int_equal(a->ui.lists[0].dropped + a->ui.lists[1].dropped, 0);
        int n = band_texts_ok(a, p, band);
        if (n < 4)
            print_error("%dx%d zoom %g %s step %d: %d texts in the band\n", w, h, (double)zoom, lang, k, n);
        assert_true(n >= 4);
    }
    app_destroy(a);
    plat_close(p);
    i18n_set_language("en", NULL, 0);
}

static void test_band_never_covers(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    static const float zooms[3] = {1.0f, 2.0f, 3.0f};
    static const char *const langs[2] = {"en", "zh"};
    for (int s = 0; s < 2; s++)
        for (int z = 0; z < 3; z++)
            for (int l = 0; l < 2; l++)
                check_layout(sizes[s][0], sizes[s][1], zooms[z], langs[l]);
}

/* The font size of the first text of the base layer that starts with
 * prefix, or 0 when none is drawn; *y gets its top. */
static int text_px(const app_State *a, const char *prefix, int *y)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    size_t n = strlen(prefix);
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_TEXT && (size_t)c->text_len >= n && memcmp(l->text + c->text_off, prefix, n) == 0) {
            if (y)
                *y = c->rect.y;
            return c->font_px;
        }
    }
    return 0;
}

/* The narration's glyphs grow with the presenter zoom (larger at 2 than
 * at 1, never smaller at 3), in both languages and window sizes. */
static void test_narration_grows(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    static const char *const langs[2][2] = {{"en", "A single neuron"}, {"zh", "\xe5\x8d\x95\xe4\xb8\xaa"}};
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < 2; l++) {
            assert_int_equal(i18n_set_language(langs[l][0], NULL, 0), I18N_OK);
            int px[3];
            for (int z = 0; z < 3; z++) {
                plat_Ctx *p;
                app_State *a = open_demo(&p, sizes[s][0], sizes[s][1], (float)(z + 1));
                char err[256];
                assert_int_equal(app_lesson_goto(a, 1, 0, err, sizeof err), 0);
                frame(a, 0);
                px[z] = text_px(a, langs[l][1], NULL);
                app_destroy(a);
                plat_close(p);
            }
            if (!(px[0] > 0 && px[1] > px[0] && px[2] >= px[1]))
                print_error("%dx%d %s: narration at %d, %d and %d px at zoom 1, 2 and 3\n", sizes[s][0],
                            sizes[s][1], langs[l][0], px[0], px[1], px[2]);
            assert_true(px[0] > 0);
            assert_true(px[1] > px[0]);
            assert_true(px[2] >= px[1]);
        }
    i18n_set_language("en", NULL, 0);
}

/* The band takes nothing from the output plot or the loss chart: their
 * sizes are those of the same window without a lesson walked. */
static void test_band_keeps_plot(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    for (int s = 0; s < 2; s++)
        for (int z = 1; z <= 3; z++) {
            plat_Ctx *p;
            app_State *a = open_demo(&p, sizes[s][0], sizes[s][1], (float)z);
            char err[256];
            assert_int_equal(app_lesson_goto(a, 2, 0, err, sizeof err), 0);
            frame(a, 0);
            int with_side = a->plot.w < a->plot.h ? a->plot.w : a->plot.h, with_chart = a->lay.chart.h;
            app_lesson_free(a);
            assert_false(app_lesson_walking(a));
            frame(a, 0);
            assert_int_equal(a->lay.lesson.h, 0);
            int side = a->plot.w < a->plot.h ? a->plot.w : a->plot.h;
            if (with_side < side || with_chart < a->lay.chart.h)
                print_error("%dx%d zoom %d: plot %d px with the band, %d without; chart %d and %d\n",
                            sizes[s][0], sizes[s][1], z, with_side, side, with_chart, a->lay.chart.h);
            assert_true(with_side >= side);
            assert_true(with_chart >= a->lay.chart.h);
            app_destroy(a);
            plat_close(p);
        }
}

/* At 1280x800 zoom 1 the band shows the chapters and, after the step with
 * two checks has acted, both check lines, whole and inside the band. */
static void test_band_room_1280(void **state)
{
    (void)state;
    plat_Ctx *p;
    app_State *a = open_demo(&p, 1280, 800, 1.0f);
    char err[256];
    assert_int_equal(app_lesson_goto(a, 2, 1, err, sizeof err), 0);
    frame(a, 0);
    frame(a, 0);
    ui_Rect band = a->lay.lesson;
    assert_int_equal(a->lesson->walk.stage, LESSON_AT_DONE);
    assert_true(a->lesson->walk.n_checks_done >= 2);
    /* the chapter the step belongs to, and the next one */
    int y = 0;
    assert_true(text_px(a, "\xe2\x97\x8f One neuron", &y) > 0);
    assert_true(y >= band.y && y < band.y + band.h);
    assert_true(text_px(a, "\xe2\x97\x8b Reading the output", &y) > 0);
    /* both checks: a tick or a cross, then the check */
    int y1 = 0, y2 = 0;
    int c1 = text_px(a, "\xe2\x9c\x93 test accuracy", &y1) + text_px(a, "\xe2\x9c\x97 test accuracy", &y1);
    int c2 = text_px(a, "\xe2\x9c\x93 train loss", &y2) + text_px(a, "\xe2\x9c\x97 train loss", &y2);
    if (c1 == 0 || c2 == 0)
        print_error("check lines drawn: %d %d (band %d,%d %dx%d)\n", c1, c2, band.x, band.y, band.w, band.h);
    assert_true(c1 > 0 && c2 > 0);
    assert_true(y1 >= band.y && y2 + c2 <= band.y + band.h);
    app_destroy(a);
    plat_close(p);
}

/* Pixels that differ between two frames, inside r. */
static int changed_in(const uint32_t *x, const uint32_t *y, int w, ui_Rect r)
{
    int n = 0;
    for (int j = r.y; j < r.y + r.h; j++)
        for (int i = r.x; i < r.x + r.w; i++)
            n += x[j * w + i] != y[j * w + i];
    return n;
}

static void shot(app_State *a, plat_Ctx *p, uint32_t *px, int w, int h)
{
    frame(a, 0);
    frame(a, 0);
    assert_int_equal(plat_read_pixels(p, px, w, h), 0);
}

static void test_highlight_cue(void **state)
{
    (void)state;
    const int w = 1280, h = 800;
    plat_Ctx *p;
    app_State *a = open_demo(&p, w, h, 1.0f);
    char err[256];
    assert_int_equal(app_lesson_goto(a, 1, 0, err, sizeof err), 0);
    uint32_t *before = malloc((size_t)w * h * sizeof *before);
    uint32_t *after = malloc((size_t)w * h * sizeof *after);
    assert_non_null(before);
    assert_non_null(after);
    shot(a, p, before, w, h);
    /* step 1's action: HIGHLIGHT neuron 0 1 */
    assert_int_equal(app_lesson_next(a), 0);
    app_sync(a, plat_now()); /* the commands it pushed apply */
    lesson_walk_poll(&a->lesson->walk, &a->core);
    assert_int_equal(a->core.lesson_view.highlight.kind, APP_HL_NEURON);
    shot(a, p, after, w, h);
    ui_Rect tile;
    assert_true(app_cue_target(a, &tile));
    /* round the tile: the ring, within a tile's side of it */
    ui_Rect near = {tile.x - tile.w, tile.y - tile.h, 3 * tile.w, 3 * tile.h};
    int ring = changed_in(before, after, w, near);
    int plot = changed_in(before, after, w, a->plot);
    int out = changed_in(before, after, w, a->lay.out);
    if (ring < 50 || plot != 0 || out != 0)
        print_error("changed pixels: %d round the neuron, %d in the plot, %d in the output panel\n",
                    ring, plot, out);
    assert_true(ring >= 50);
    assert_int_equal(plot, 0);
    assert_int_equal(out, 0);
    /* the tile is the second of the first hidden column */
    viz_RectF f = viz_net_tile(&a->net, 1, 1);
    assert_true(ui_rect_contains(near, (int)(f.x + f.w / 2), (int)(f.y + f.h / 2)));
    /* and a cue on the output panel does change the plot's surroundings:
     * the comparison above can fail */
    app_push(a, app_cmd_text(APP_CMD_HIGHLIGHT, "panel output"));
    shot(a, p, before, w, h);
    ui_Rect o = a->lay.out;
    ui_Rect rim = {o.x - 12, o.y - 12, o.w + 24, o.h + 24};
    if (rim.x + rim.w > w)
        rim.w = w - rim.x;
    assert_true(changed_in(after, before, w, rim) > 50);
    free(before);
    free(after);
    app_destroy(a);
    plat_close(p);
}

static void test_space_and_backspace_walk(void **state)
{
    (void)state;
    plat_Ctx *p;
    app_State *a = open_demo(&p, 1280, 800, 1.0f);
    lesson_Walk *wk = &a->lesson->walk;
    assert_int_equal(wk->step, -1);
    int playing = a->core.playing;
    frame(a, ' ');
    assert_int_equal(wk->step, 0);
    assert_int_equal(wk->stage, LESSON_AT_TEXT);
    assert_int_equal(a->core.playing, playing); /* Space walks; it does not play */
    frame(a, ' ');
    frame(a, 0); /* the walk notices the action's end after the sync */
    assert_int_equal(wk->stage, LESSON_AT_DONE);
    assert_int_equal(a->core.lesson_view.highlight.kind, APP_HL_NEURON);
    frame(a, ' ');
    assert_int_equal(wk->step, 1);
    /* step 2 asks a prediction: Space waits for a choice */
    frame(a, ' ');
    assert_int_equal(wk->stage, LESSON_AT_TEXT);
    wk->choice = 1;
    frame(a, ' ');
    frame(a, 0); /* the walk notices the action's end after the sync */
    assert_int_equal(wk->stage, LESSON_AT_DONE);
    frame(a, UI_KEY_BACKSPACE);
    assert_int_equal(wk->step, 1);
    assert_int_equal(wk->stage, LESSON_AT_TEXT);
    frame(a, UI_KEY_BACKSPACE);
    assert_int_equal(wk->step, 0);
    frame(a, UI_KEY_BACKSPACE);
    assert_int_equal(wk->step, -1);
    assert_int_equal(a->core.lesson_view.highlight.kind, APP_HL_NONE);
    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_band_never_covers),
        cmocka_unit_test(test_narration_grows),
        cmocka_unit_test(test_band_keeps_plot),
        cmocka_unit_test(test_band_room_1280),
        cmocka_unit_test(test_highlight_cue),
        cmocka_unit_test(test_space_and_backspace_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
