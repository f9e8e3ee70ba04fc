/* test_linebreak.c - line breaking of mixed Chinese and Latin text: Chinese
 * breaks between characters, never before closing or after opening
 * punctuation; Latin words and numbers stay whole; '\n' ends a line; a word
 * wider than the line still makes progress. Widths are counted per code
 * point (Latin 1, CJK 2), so the expected lines are worked out by hand. */
#include "test_util.h"

#include <string.h>

#include "i18n/linebreak.h"

/* 1 column per byte of ASCII, 2 per CJK character (3 UTF-8 bytes). */
static int columns(void *ctx, const char *s, int n)
{
    (void)ctx;
    int w = 0;
    for (int i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        w += k == 3 ? 2 : 1;
        i += k;
    }
    return w;
}

/* Breaks s into width-column lines joined by '|'. */
static void lines(const char *s, int width, char *out, size_t out_len)
{
    out[0] = '\0';
    int len = (int)strlen(s), at = 0, guard = 0;
    while (at < len && guard++ < 100) {
        int start, next;
        int n = lb_next_line(s + at, len - at, width, columns, NULL, &start, &next);
        assert_true(next > 0); /* progress */
        if (out[0])
            strncat(out, "|", out_len - strlen(out) - 1);
        strncat(out, s + at + start, (size_t)n < out_len - strlen(out) - 1 ? (size_t)n : out_len - strlen(out) - 1);
        at += next;
    }
    assert_true(guard < 100);
}

static void expect(const char *s, int width, const char *want)
{
    char got[512];
    lines(s, width, got, sizeof got);
    if (strcmp(got, want) != 0) {
        print_error("\"%s\" at %d columns: got \"%s\", want \"%s\"\n", s, width, got, want);
        fail();
    }
}

static void test_latin(void **state)
{
    (void)state;
    expect("the quick brown fox", 10, "the quick|brown fox");
    expect("the quick brown fox", 100, "the quick brown fox");
    expect("supercalifragilistic is long", 8, "supercalifragilistic|is long");
    expect("one\ntwo three", 20, "one|two three");
    expect("a  b", 1, "a|b");
}

static void test_chinese_between_characters(void **state)
{
    (void)state;
    /* 6 columns: three characters a line */
    expect("神经网络训练", 6, "神经网|络训练");
    expect("神经网络训练", 8, "神经网络|训练");
}

static void test_no_closing_punctuation_first(void **state)
{
    (void)state;
    /* 8 columns: 学习率太 | 高，请重 | 置。 — 高 and its comma go down together */
    expect("学习率太高，请重置。", 8, "学习率太|高，请重|置。");
    /* 学习率太高 fits 10 columns but its comma does not: 高 goes down with it */
    expect("学习率太高，请重置。", 10, "学习率太|高，请重|置。");
    expect("按空格继续。", 10, "按空格继|续。");
    expect("你好！再见", 4, "你|好！|再见");
    /* closing brackets and the ideographic comma too */
    expect("梯度（右轴）下降", 10, "梯度（右|轴）下降");
    expect("权重、偏置", 4, "权|重、|偏置");
}

static void test_no_opening_punctuation_last(void **state)
{
    (void)state;
    /* （ may not end a line: it moves down with 右 */
    expect("准确率（右轴）", 8, "准确率|（右轴）");
    expect("按“空格”开始", 6, "按“空|格”开|始");
    /* “ fits after 按 at 4 columns but may not end the line */
    expect("按“空格”开始", 4, "按|“空|格”|开始");
}

static void test_mixed(void **state)
{
    (void)state;
    /* Latin words stay whole; Chinese breaks on either side of them */
    expect("使用Adam优化器训练", 8, "使用Adam|优化器训|练");
    expect("使用Adam优化器训练", 6, "使用|Adam优|化器训|练");
    expect("学习率 0.03 太高", 8, "学习率|0.03 太|高");
    expect("ReLU函数", 4, "ReLU|函数");
    /* an ASCII comma after a Chinese character does not start a line */
    expect("损失,准确率", 4, "损|失,|准确|率");
}

/* The rules are what make the lines: a breaker that ignored them would give
 * these, which the expectations above refuse. */
static void test_rules_themselves(void **state)
{
    (void)state;
    assert_true(lb_no_start(0xFF0C));  /* ， */
    assert_true(lb_no_start(0x3002));  /* 。 */
    assert_true(lb_no_start(0x3001));  /* 、 */
    assert_true(lb_no_start(0xFF1B));  /* ； */
    assert_true(lb_no_start(0xFF1A));  /* ： */
    assert_true(lb_no_start(0xFF1F));  /* ？ */
    assert_true(lb_no_start(0xFF01));  /* ！ */
    assert_true(lb_no_start(0xFF09));  /* ） */
    assert_true(lb_no_start(0x300D));  /* 」 */
    assert_false(lb_no_start(0x4E2D)); /* 中 */
    assert_false(lb_no_start('a'));
    assert_true(lb_no_end(0xFF08));    /* （ */
    assert_true(lb_no_end(0x300C));    /* 「 */
    assert_false(lb_no_end(0xFF09));
    assert_true(lb_is_cjk(0x4E2D));
    assert_true(lb_is_cjk(0x3002));
    assert_false(lb_is_cjk('A'));
    assert_false(lb_is_cjk(0x03B4));   /* δ: Greek is written with spaces */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin),
        cmocka_unit_test(test_chinese_between_characters),
        cmocka_unit_test(test_no_closing_punctuation_first),
        cmocka_unit_test(test_no_opening_punctuation_last),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_rules_themselves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
