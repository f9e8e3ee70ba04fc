/* test_lesson_check_text.c - the lesson band shows each check as the window
 * numbers layers: vanishing-gradients.ini's "gradient_norm layer 0 > 0.1 *
 * layer 8" is drawn as "✓ gradient norm, layer 1 > 0.1 × layer 9", the
 * text lesson_check_show gives (one place for the band and the
 * transcript), and the health view beside it names the same layers L1 and
 * L9; in Chinese as well. Drawn offscreen at 1280x800 and 1920x1080. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "i18n/i18n.h"
#include "lesson/lesson_show.h"

#define LESSON NNVIZ_SOURCE_DIR "/lessons/vanishing-gradients.ini"

/* 1 when a text the frame drew (any layer) begins with prefix; its whole
 * text into out. */
static int drawn(const app_State *a, const char *prefix, char *out, size_t len)
{
    size_t n = strlen(prefix);
    for (int k = 0; k < UI_LAYERS; k++) {
        const ui_CmdList *l = &a->ui.lists[k];
        for (int i = 0; i < l->n; i++) {
            const ui_Cmd *c = &l->cmds[i];
            if (c->type == UI_CMD_TEXT && (size_t)c->text_len >= n &&
                memcmp(l->text + c->text_off, prefix, n) == 0) {
                if (out)
                    snprintf(out, len, "%.*s", c->text_len, l->text + c->text_off);
                return 1;
            }
        }
    }
    return 0;
}

static void band_at(int w, int h, const char *lang, const char *want, const char *legend1,
                    const char *legend9)
{
    assert_int_equal(i18n_set_language(lang, NULL, 0), I18N_OK);
    char err[512] = "";
    plat_Ctx *p = plat_open_offscreen(w, h, err, sizeof err);
    assert_non_null(p);
    app_State *a = NULL;
    int rc = app_create(&a, p, LESSON, err, sizeof err);
    if (rc == 0)
        rc = app_lesson_open(a, LESSON, 0, err, sizeof err);
    if (rc == 0)
        rc = app_lesson_goto(a, 5, 1, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    app_frame(a, plat_now());
    app_frame(a, plat_now());
    const lesson_Walk *wk = &a->lesson->walk;
    assert_int_equal(wk->stage, LESSON_AT_DONE);
    const lesson_Step *st = &wk->file->steps[wk->step];
    assert_true(st->n_checks >= 1);
    /* the file keeps its syntax; the band shows the window's numbering */
    assert_string_equal(st->checks[0].text, "gradient_norm layer 0 > 0.1 * layer 8");
    char shown[300], line[600];
    lesson_check_show(&st->checks[0], &a->core, shown, sizeof shown);
    assert_string_equal(shown, want);
    char pass[320], fail[320];
    snprintf(pass, sizeof pass, "\xe2\x9c\x93 %s", want);
    snprintf(fail, sizeof fail, "\xe2\x9c\x97 %s", want);
    int found = drawn(a, pass, line, sizeof line) || drawn(a, fail, line, sizeof line);
    if (!found)
        print_error("%dx%d %s: no band line shows '%s'\n", w, h, lang, want);
    assert_true(found);
    assert_false(drawn(a, "\xe2\x9c\x93 gradient_norm", NULL, 0));
    /* the health view beside it: the same layers by the same numbers */
    if (!drawn(a, legend1, NULL, 0) || !drawn(a, legend9, NULL, 0))
        print_error("%dx%d %s: no health legend '%s' / '%s'\n", w, h, lang, legend1, legend9);
    assert_true(drawn(a, legend1, NULL, 0));
    assert_true(drawn(a, legend9, NULL, 0));
    app_destroy(a);
    plat_close(p);
}

static void test_band_numbers_layers_from_one(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    for (int s = 0; s < 2; s++) {
        band_at(sizes[s][0], sizes[s][1], "en", "gradient norm, layer 1 > 0.1 \xc3\x97 layer 9",
                "L1", "L9");
        /* 第 1 层梯度范数 > 0.1 × 第 9 层 */
        band_at(sizes[s][0], sizes[s][1], "zh",
                "\xe7\xac\xac 1 \xe5\xb1\x82\xe6\xa2\xaf\xe5\xba\xa6\xe8\x8c\x83\xe6\x95\xb0 > 0.1 "
                "\xc3\x97 \xe7\xac\xac 9 \xe5\xb1\x82",
                "1", "9");
    }
    assert_int_equal(i18n_set_language("en", NULL, 0), I18N_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_band_numbers_layers_from_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
