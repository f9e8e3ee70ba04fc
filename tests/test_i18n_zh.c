/* test_i18n_zh.c - the Simplified Chinese table: every id has a text, each
 * one usable (UTF-8, the English conversions in order), so zh-Hans shows no
 * English fallback; most texts really are Chinese; and the names and locales
 * that choose it. An id added later without a Chinese text fails here, by
 * design: a missing translation is found by the tests, not in class. */
#include "test_util.h"

#include <string.h>

#include "i18n/i18n.h"
#include "i18n/i18n_lang.h"

/* Ids of table that are missing or unusable in place of the English text;
 * prints each. The check the table is held to, and that its guard runs. */
static int count_unusable(const char *const *table, int verbose)
{
    int bad = 0;
    for (int id = 0; id < STR_COUNT; id++) {
        const char *s = table[id], *en = i18n_lang_en.text[id];
        char a[64], b[64];
        int ok = s && s[0] && i18n_utf8_valid(s);
        if (ok) {
            int na = i18n_conversions(s, a, sizeof a), nb = i18n_conversions(en, b, sizeof b);
            ok = na >= 0 && na == nb && strcmp(a, b) == 0;
        }
        if (!ok) {
            if (verbose)
                print_error("id %d (English \"%s\") has no usable Chinese text%s%s\n", id, en,
                            s ? ": " : "", s ? s : "");
            bad++;
        }
    }
    return bad;
}

/* A CJK ideograph (U+4E00..U+9FFF: three bytes E4..E9) somewhere in s. */
static int has_han(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xE4 && *p <= 0xE9 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
            return 1;
    return 0;
}

static void test_every_id_has_chinese(void **state)
{
    (void)state;
    assert_int_equal(count_unusable(i18n_lang_zh_hans.text, 1), 0);
    /* and the lookup agrees: the language made current falls back nowhere */
    assert_int_equal(i18n_use(&i18n_lang_zh_hans), 0);
    assert_string_equal(tr(STR_TOP_TRAIN_LOSS), "训练损失");
    assert_string_equal(tr(STR_HYPER_LR), "学习率");
    assert_int_equal(i18n_use(&i18n_lang_en), 0);
}

/* The check can fail: an id taken out, or a conversion changed, is found. */
static void test_check_finds_gaps(void **state)
{
    (void)state;
    static const char *copy[STR_COUNT];
    memcpy(copy, i18n_lang_zh_hans.text, sizeof copy);
    copy[STR_HELP_LANG] = NULL;
    copy[STR_NET_NEURONS] = "%s 个神经元"; /* %d in English */
    assert_int_equal(count_unusable(copy, 0), 2);
    i18n_Language broken = {"zh-Hans", "x", copy};
    assert_int_equal(i18n_use(&broken), 2);
    assert_string_equal(tr(STR_NET_NEURONS), "%d neurons");
    assert_int_equal(i18n_use(&i18n_lang_en), 0);
}

/* Words are translated, not copied: apart from notation, names kept as
 * textbooks keep them (ReLU, Adam) and keys, the texts carry Han characters. */
static void test_texts_are_chinese(void **state)
{
    (void)state;
    int han = 0, same = 0;
    for (int id = 0; id < STR_COUNT; id++) {
        const char *s = i18n_lang_zh_hans.text[id];
        if (s && has_han(s))
            han++;
        if (s && strcmp(s, i18n_lang_en.text[id]) == 0)
            same++;
    }
    print_message("%d of %d texts with Han characters, %d as in English\n", han, STR_COUNT, same);
    assert_true(han * 10 >= STR_COUNT * 7);
    assert_true(same * 4 <= STR_COUNT);
    assert_false(has_han(i18n_lang_en.text[STR_TOP_TRAIN_LOSS]));
}

static void test_names_and_locales(void **state)
{
    (void)state;
    assert_string_equal(i18n_code_for("zh"), "zh-Hans");
    assert_string_equal(i18n_code_for("ZH-hans"), "zh-Hans");
    assert_string_equal(i18n_code_for("zh_CN.UTF-8"), "zh-Hans");
    assert_string_equal(i18n_code_for("zh_TW"), "zh-Hans");
    assert_string_equal(i18n_code_for("en_GB.UTF-8"), "en");
    assert_string_equal(i18n_code_for("C"), "en");
    assert_string_equal(i18n_code_for("C.UTF-8"), "en");
    assert_null(i18n_code_for("zhx"));
    assert_null(i18n_code_for("de_DE.UTF-8"));
    assert_null(i18n_code_for(""));
    /* LC_ALL wins over LC_MESSAGES, which wins over LANG; empty is unset */
    assert_string_equal(i18n_locale_language(NULL, NULL, "zh_CN.UTF-8"), "zh-Hans");
    assert_string_equal(i18n_locale_language("", "zh_CN.UTF-8", "en_US.UTF-8"), "zh-Hans");
    assert_string_equal(i18n_locale_language("en_US.UTF-8", "zh_CN.UTF-8", "zh_CN"), "en");
    assert_null(i18n_locale_language(NULL, "", NULL));
    assert_null(i18n_locale_language("fr_FR", NULL, "zh_CN"));
    /* and set_language takes the names */
    assert_int_equal(i18n_set_language("zh", NULL, 0), I18N_OK);
    assert_string_equal(i18n_language(), "zh-Hans");
    assert_string_equal(tr(STR_HYPER_OPTIMIZER), "优化器");
    assert_int_equal(i18n_set_language("zh_CN.UTF-8", NULL, 0), I18N_OK);
    assert_int_equal(i18n_set_language("en", NULL, 0), I18N_OK);
    assert_string_equal(tr(STR_HYPER_OPTIMIZER), "Optimizer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_id_has_chinese),
        cmocka_unit_test(test_check_finds_gaps),
        cmocka_unit_test(test_texts_are_chinese),
        cmocka_unit_test(test_names_and_locales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
