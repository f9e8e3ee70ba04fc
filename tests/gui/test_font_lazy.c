/* test_font_lazy.c - the CJK fallback face costs nothing until Chinese is
 * shown: a whole English frame opens no CJK face and keeps small atlases;
 * the first Chinese character opens it for that size only; atlases start
 * small and double when full, keeping the glyphs already placed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"
#include "platform/plat_internal.h"

static void test_english_frame_opens_no_cjk(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(1280, 800, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    int rc = app_create(&a, p, NNVIZ_SOURCE_DIR "/lessons/fashion-mnist.ini", err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    app_frame(a, plat_now());
    app_frame(a, plat_now());
    assert_int_equal(plat_font_cjk_opened(p), 0);
    /* atlases grow with the glyphs they hold: a whole English frame's sizes
     * together stay under 12 MB (they took 32 MB when each size was made
     * for Chinese and its largest glyphs up front) */
    size_t english = plat_font_atlas_bytes(p);
    assert_true(english > 0);
    assert_true(english < ((size_t)12 << 20));
    app_destroy(a);
    plat_close(p);
}

static void test_first_chinese_glyph_opens_cjk(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(320, 200, err, sizeof err);
    assert_non_null(p);
    const char *latin = "Loss 0.25";
    int w_latin = plat_text_width(p, 13, 0, latin, (int)strlen(latin));
    assert_true(w_latin > 0);
    size_t before = plat_font_atlas_bytes(p);
    assert_int_equal(plat_font_cjk_opened(p), 0);
    if (!plat_font_cjk_path(p)[0]) {
        plat_close(p);
        skip(); /* no CJK font installed: nothing to open */
    }
    const char *zh = "\xe8\xae\xad\xe7\xbb\x83"; /* 训练 */
    int w_zh = plat_text_width(p, 13, 0, zh, (int)strlen(zh));
    assert_int_equal(plat_font_cjk_opened(p), 1);
    assert_true(w_zh >= 13); /* two full-width glyphs from the fallback */
    assert_true(plat_font_atlas_bytes(p) >= before);
    /* the same size again opens nothing; another size opens its own */
    plat_text_width(p, 13, 0, zh, (int)strlen(zh));
    assert_int_equal(plat_font_cjk_opened(p), 1);
    plat_text_width(p, 20, 0, latin, (int)strlen(latin));
    assert_int_equal(plat_font_cjk_opened(p), 1);
    /* the Latin width is unchanged by the grown atlas */
    assert_int_equal(plat_text_width(p, 13, 0, latin, (int)strlen(latin)), w_latin);
    plat_close(p);
}

/* Many distinct glyphs at a large size overflow the first atlas: it grows,
 * and text composed before and after the growth measures the same. */
static void test_atlas_grows(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(320, 200, err, sizeof err);
    assert_non_null(p);
    const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    int w0 = plat_text_width(p, 40, 1, abc, (int)strlen(abc));
    size_t small = plat_font_atlas_bytes(p);
    SDL_Color white = {255, 255, 255, 255};
    plat_draw_text(p, 40, 1, 0, 0, abc, (int)strlen(abc), white);
    assert_true(plat_font_atlas_bytes(p) > small);
    assert_int_equal(plat_text_width(p, 40, 1, abc, (int)strlen(abc)), w0);
    /* the first glyphs, placed before the atlas grew, still draw */
    SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
    SDL_RenderClear(p->ren);
    plat_draw_text(p, 40, 1, 0, 0, "AB", 2, white);
    uint32_t *px = malloc(320u * 200u * sizeof *px);
    assert_non_null(px);
    assert_int_equal(plat_read_pixels(p, px, 320, 200), 0);
    int lit = 0;
    for (int i = 0; i < 320 * 60; i++)
        lit += (px[i] & 0xffu) > 128u;
    assert_true(lit > 50);
    free(px);
    plat_close(p);
}

/* Pixels lit in the top rows of the frame drawn so far. */
static int lit_pixels(plat_Ctx *p)
{
    uint32_t *px = malloc(320u * 200u * sizeof *px);
    assert_non_null(px);
    assert_int_equal(plat_read_pixels(p, px, 320, 200), 0);
    int lit = 0;
    for (int i = 0; i < 320 * 40; i++)
        lit += (px[i] & 0xffu) > 128u;
    free(px);
    return lit;
}

/* The window's glyph budget: a frame rasterizes fallback glyphs only while
 * its budget lasts and says some wait; the next frames draw them all, and
 * the string measures the same before and after (the ideographs' advance
 * known without loading them is the one rasterizing gives). */
static void test_glyph_budget(void **state)
{
    (void)state;
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(320, 200, err, sizeof err);
    assert_non_null(p);
    if (!plat_font_cjk_path(p)[0]) {
        plat_close(p);
        skip();
    }
    /* 训练神经网络，课程。 */
    const char *zh = "\xe8\xae\xad\xe7\xbb\x83\xe7\xa5\x9e\xe7\xbb\x8f\xe7\xbd\x91\xe7\xbb\x9c"
                     "\xef\xbc\x8c\xe8\xaf\xbe\xe7\xa8\x8b\xe3\x80\x82";
    int len = (int)strlen(zh);
    assert_int_equal(plat_font_warm_cjk(p), 0); /* no size open yet */
    int w_before = plat_text_width(p, 18, 0, zh, len);
    plat_font_set_budget(p, 1e-6); /* one glyph a frame */
    SDL_Color white = {255, 255, 255, 255};
    int frames = 0;
    do {
        p->frame++; /* what plat_draw_ui does for a frame */
        SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
        SDL_RenderClear(p->ren);
        plat_draw_text(p, 18, 0, 0, 0, zh, len, white);
        frames++;
        if (frames == 1) {
            assert_true(plat_font_pending(p));
            assert_true(lit_pixels(p) > 0); /* the first glyph already shows */
        }
    } while (plat_font_pending(p) && frames < 100);
    assert_int_equal(frames, 10); /* ten glyphs, one a frame, the last frame waits for none */
    int all = lit_pixels(p);
    plat_font_set_budget(p, 0);
    p->frame++;
    SDL_RenderClear(p->ren);
    plat_draw_text(p, 18, 0, 0, 0, zh, len, white);
    assert_false(plat_font_pending(p));
    assert_int_equal(lit_pixels(p), all);
    assert_int_equal(plat_text_width(p, 18, 0, zh, len), w_before);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_frame_opens_no_cjk),
        cmocka_unit_test(test_first_chinese_glyph_opens_cjk),
        cmocka_unit_test(test_atlas_grows),
        cmocka_unit_test(test_glyph_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
