/* test_i18n.c - the string table: every id has English text that is UTF-8
 * and whose printf conversions are the ones its comment in i18n.h names;
 * the conversion and UTF-8 checks themselves; unknown languages refused; a
 * language lacking an id, or getting its conversions wrong, falls back to
 * English id by id. Links without SDL. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "i18n/i18n_lang.h"

#define HEADER NNVIZ_SOURCE_DIR "/src/i18n/i18n.h"

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) == (size_t)n) {
        s[n] = '\0';
    } else {
        free(s);
        s = NULL;
    }
    fclose(f);
    return s;
}

/* ======================================================================== */
/* the English table                                                         */
/* ======================================================================== */

static void test_english_has_every_id(void **state)
{
    (void)state;
    assert_int_equal(i18n_set_language("en", NULL, 0), I18N_OK);
    int missing = 0;
    for (int id = 0; id < STR_COUNT; id++) {
        const char *s = i18n_lang_en.text[id];
        if (!s || !s[0]) {
            print_error("id %d has no English text\n", id);
            missing++;
            continue;
        }
        assert_true(i18n_utf8_valid(s));
        assert_ptr_equal(tr((i18n_Id)id), s);
        char conv[64];
        int n = i18n_conversions(s, conv, sizeof conv);
        if (n < 0) {
            print_error("id %d: \"%s\" has a conversion printf would not read safely\n", id, s);
            fail();
        }
        /* plain text is drawn as it is: a '%' there would show doubled or
         * start a conversion in a translation used as a format */
        if (n == 0 && strchr(s, '%') && !strstr(s, "%%")) {
            print_error("id %d: plain text \"%s\" contains '%%'\n", id, s);
            fail();
        }
    }
    assert_int_equal(missing, 0);
    /* the complete table needs no fallback */
    assert_int_equal(i18n_use(&i18n_lang_en), 0);
}

/* The enumerators of i18n.h in order, each with the comment on its line;
 * the comment must name the English text's conversions. */
static void test_header_comments_name_the_conversions(void **state)
{
    (void)state;
    char *h = read_text(HEADER);
    assert_non_null(h);
    char *p = strstr(h, "typedef enum {");
    assert_non_null(p);
    int id = 0, done = 0, bad = 0;
    while (*p && !done) {
        if (p[0] == '/' && p[1] == '*') {
            char *e = strstr(p + 2, "*/");
            assert_non_null(e);
            p = e + 2;
            continue;
        }
        if (strncmp(p, "STR_", 4) != 0 || (p > h && (p[-1] == '_' || (p[-1] >= 'A' && p[-1] <= 'Z')))) {
            p++;
            continue;
        }
        char name[80];
        size_t n = 0;
        while ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
            n++;
        assert_true(n < sizeof name);
        memcpy(name, p, n);
        name[n] = '\0';
        p += n;
        if (strcmp(name, "STR_COUNT") == 0) {
            done = 1;
            break;
        }
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != ',') {
            print_error("%s: enumerators are listed one per line, without \"= value\"\n", name);
            fail();
        }
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (p[0] != '/' || p[1] != '*') {
            print_error("%s has no comment on its line\n", name);
            bad++;
            id++;
            continue;
        }
        char *e = strstr(p + 2, "*/");
        assert_non_null(e);
        char comment[512];
        size_t cl = (size_t)(e - (p + 2));
        assert_true(cl < sizeof comment);
        memcpy(comment, p + 2, cl);
        comment[cl] = '\0';
        p = e + 2;
        assert_true(id < STR_COUNT);
        char want[64], got[64];
        int nw = i18n_conversions(comment, want, sizeof want);
        int ng = i18n_conversions(tr((i18n_Id)id), got, sizeof got);
        if (nw != ng || strcmp(want, got) != 0) {
            print_error("%s: the comment names \"%s\", the English text \"%s\" has \"%s\"\n", name,
                        nw < 0 ? "(unreadable)" : want, tr((i18n_Id)id), ng < 0 ? "(unreadable)" : got);
            bad++;
        }
        id++;
    }
    free(h);
    assert_true(done);
    /* the file's order is the enum's: as many enumerators as STR_COUNT */
    assert_int_equal(id, STR_COUNT);
    assert_int_equal(bad, 0);
}

/* ======================================================================== */
/* the checks                                                                */
/* ======================================================================== */

static void expect_conv(const char *fmt, int n, const char *groups)
{
    char out[64];
    int got = i18n_conversions(fmt, out, sizeof out);
    if (got != n || (n >= 0 && strcmp(out, groups) != 0)) {
        print_error("\"%s\": %d \"%s\", expected %d \"%s\"\n", fmt, got, got >= 0 ? out : "", n,
                    groups);
        fail();
    }
}

static void test_conversions(void **state)
{
    (void)state;
    expect_conv("plain text", 0, "");
    expect_conv("100%% sure", 0, "");
    expect_conv("Layer %d, neuron %d  \xc2\xb7  %s", 3, "d d s");
    expect_conv("%lld/%d", 2, "lld d");
    expect_conv("%.1f%%", 1, "f");
    expect_conv("%.60s  %.40s  %.1f ms", 3, "s s f");
    expect_conv("%.4g %e %G %a", 4, "f f f f");
    expect_conv("%i %u %x %X %o %llu %zu", 7, "d u u u u llu zu");
    expect_conv("%-8s|%+05d|% d|%#x", 4, "s d d u");
    expect_conv("%*d %.*f", 4, "d d d f");
    expect_conv("%c %p", 2, "c p");
    expect_conv("%n", -1, "");
    expect_conv("%1$d", -1, "");
    expect_conv("50%", -1, "");
    expect_conv("%q", -1, "");
    expect_conv("%lllld", -1, "");
    /* a reordered or retyped translation does not match */
    char a[64], b[64];
    assert_int_equal(i18n_conversions("Weight %d \xe2\x86\x92 %d (layer %d): %.4g", a, sizeof a), 4);
    assert_int_equal(i18n_conversions("%.4g: weight %d \xe2\x86\x92 %d (layer %d)", b, sizeof b), 4);
    assert_string_not_equal(a, b);
    /* too small an output is refused, not cut */
    char tiny[4];
    assert_int_equal(i18n_conversions("%d %d %d", tiny, sizeof tiny), -1);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(i18n_utf8_valid(""));
    assert_true(i18n_utf8_valid("ASCII"));
    assert_true(i18n_utf8_valid("\xc2\xbd squared"));
    assert_true(i18n_utf8_valid("\xe9\x87\x8d\xe7\xbd\xae\xe7\xbd\x91\xe7\xbb\x9c")); /* 重置网络 */
    assert_true(i18n_utf8_valid("\xf0\x9f\x98\x80"));        /* U+1F600 */
    assert_true(i18n_utf8_valid("\xf4\x8f\xbf\xbf"));        /* U+10FFFF */
    assert_false(i18n_utf8_valid("\xc0\xaf"));               /* overlong '/' */
    assert_false(i18n_utf8_valid("\xe0\x80\xaf"));           /* overlong, 3 bytes */
    assert_false(i18n_utf8_valid("\xed\xa0\x80"));           /* a surrogate */
    assert_false(i18n_utf8_valid("\xf4\x90\x80\x80"));       /* past U+10FFFF */
    assert_false(i18n_utf8_valid("\xe2\x86"));               /* cut short */
    assert_false(i18n_utf8_valid("\x80 alone"));             /* a continuation first */
    assert_false(i18n_utf8_valid("\xff"));
    assert_false(i18n_utf8_valid("Latin-1 \xe9t\xe9"));     /* not UTF-8 */
}

/* ======================================================================== */
/* languages                                                                 */
/* ======================================================================== */

static void test_unknown_language_refused(void **state)
{
    (void)state;
    assert_int_equal(i18n_set_language("en", NULL, 0), I18N_OK);
    char err[160] = "";
    assert_int_equal(i18n_set_language("xx", err, sizeof err), I18N_ERR_UNKNOWN);
    assert_non_null(strstr(err, "'xx'"));
    assert_non_null(strstr(err, "en")); /* says which codes exist */
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(tr(STR_TOP_SPEED), "Speed");
    /* not a language there is: refused, not half-used */
    assert_int_equal(i18n_set_language("fr", err, sizeof err), I18N_ERR_UNKNOWN);
    assert_int_equal(i18n_set_language("", err, sizeof err), I18N_ERR_UNKNOWN);
    assert_int_equal(i18n_set_language(NULL, err, sizeof err), I18N_ERR_UNKNOWN);
    assert_int_equal(i18n_set_language("english", NULL, 0), I18N_ERR_UNKNOWN);
    char small[8];
    assert_int_equal(i18n_set_language("xx", small, sizeof small), I18N_ERR_UNKNOWN);
    assert_int_equal(strlen(small), sizeof small - 1); /* cut, terminated */
    /* codes match without regard to case */
    assert_int_equal(i18n_set_language("EN", NULL, 0), I18N_OK);
    assert_int_equal(i18n_language_count(), 2);
    assert_string_equal(i18n_language_code(0), "en");
    assert_string_equal(i18n_language_name(0), "English");
    assert_string_equal(i18n_language_code(1), "zh-Hans");
    assert_null(i18n_language_code(2));
    assert_null(i18n_language_name(-1));
}

/* A language with a few ids, some of them wrong. */
static const char *const partial_text[STR_COUNT] = {
    [STR_TOP_TIP_RESET] = "\xe9\x87\x8d\xe7\xbd\xae\xe7\xbd\x91\xe7\xbb\x9c (R)",  /* 重置网络 */
    [STR_NET_NEURONS] = "%d \xe4\xb8\xaa\xe7\xa5\x9e\xe7\xbb\x8f\xe5\x85\x83",      /* %d 个神经元 */
    [STR_NET_TIP_BIAS_OF] = "%s %s %.2f",         /* same conversions, other precision: used */
    [STR_NAME_WEIGHT] = "%s \xe2\x86\x92",        /* one conversion short: English */
    [STR_STATUS_RESET] = "seed %d",               /* %d for %llu: English */
    [STR_TOP_SPEED] = "%s",                       /* a conversion in plain text: English */
    [STR_TOP_EPOCH] = "\xe8\xbd\xae\xe6",         /* not UTF-8: English */
    [STR_CHART_TIP] = "%1$s %2$s %3$lld",         /* positional: English */
};
static const i18n_Language partial = {"xx-Test", "Test", partial_text};

static void test_fallback_to_english(void **state)
{
    (void)state;
    int fallbacks = i18n_use(&partial);
    assert_int_equal(fallbacks, STR_COUNT - 3);
    assert_string_equal(i18n_language(), "xx-Test");
    assert_ptr_equal(tr(STR_TOP_TIP_RESET), partial_text[STR_TOP_TIP_RESET]);
    assert_ptr_equal(tr(STR_NET_NEURONS), partial_text[STR_NET_NEURONS]);
    assert_ptr_equal(tr(STR_NET_TIP_BIAS_OF), partial_text[STR_NET_TIP_BIAS_OF]);
    /* missing or wrong: English */
    assert_string_equal(tr(STR_DATA_TITLE), "DATA");
    assert_string_equal(tr(STR_NAME_WEIGHT), i18n_lang_en.text[STR_NAME_WEIGHT]);
    assert_string_equal(tr(STR_STATUS_RESET), "Reset: new weights from seed %llu");
    assert_string_equal(tr(STR_TOP_SPEED), "Speed");
    assert_string_equal(tr(STR_TOP_EPOCH), "Epoch");
    assert_string_equal(tr(STR_CHART_TIP), i18n_lang_en.text[STR_CHART_TIP]);
    /* whatever tr() returns is safe to use as the format English is */
    char buf[64];
    snprintf(buf, sizeof buf, tr(STR_NET_NEURONS), 8);
    assert_string_equal(buf, "8 \xe4\xb8\xaa\xe7\xa5\x9e\xe7\xbb\x8f\xe5\x85\x83");
    snprintf(buf, sizeof buf, tr(STR_STATUS_RESET), 7ull);
    assert_string_equal(buf, "Reset: new weights from seed 7");

    /* ids outside the table */
    assert_string_equal(tr(STR_NONE), "");
    assert_string_equal(tr(STR_COUNT), "");
    assert_string_equal(tr((i18n_Id)-1), "");

    /* back to English, completely */
    assert_int_equal(i18n_set_language("en", NULL, 0), I18N_OK);
    assert_string_equal(tr(STR_TOP_TIP_RESET), "Reset the network (R)");
    assert_string_equal(tr(STR_NET_NEURONS), "%d neurons");
}

static void test_tr_list(void **state)
{
    (void)state;
    static const i18n_Id ids[] = {STR_REG_NONE, STR_REG_L1, STR_REG_L2};
    const char *items[3] = {NULL, NULL, NULL};
    tr_list(items, ids, 3);
    assert_string_equal(items[0], "None");
    assert_string_equal(items[1], "L1");
    assert_string_equal(items[2], "L2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_has_every_id),
        cmocka_unit_test(test_header_comments_name_the_conversions),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_unknown_language_refused),
        cmocka_unit_test(test_fallback_to_english),
        cmocka_unit_test(test_tr_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
