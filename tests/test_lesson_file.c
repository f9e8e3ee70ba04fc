/* test_lesson_file.c - lesson files (src/lesson/): a file with every key of
 * a step read into the right values; each malformed file naming its
 * FILE:LINE and the problem; every lesson in lessons/ loading; the checks'
 * grammar and their evaluation against a fake metric function of the
 * test's own (with a guard that a false check is reported false); the
 * narration's markup. */
#include "test_util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson/lesson_check.h"
#include "lesson/lesson_file.h"
#include "lesson/lesson_markup.h"

#define STEPS_DATA NNVIZ_TEST_DATA "/lesson_steps"

static char path[256];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/nnviz-lesson-%d.ini", (int)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void write_text(const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static lesson_File *load_ok(const char *file)
{
    char err[600] = "";
    lesson_File *f = NULL;
    if (lesson_load(file, &f, err, sizeof err) != 0) {
        print_error("%s\n", err);
        fail();
    }
    assert_non_null(f);
    return f;
}

/* The file at `path` fails with exactly "PATH:LINE: " and frag after it. */
static void expect_bad(int line, const char *frag)
{
    char err[600] = "";
    lesson_File *f = (lesson_File *)&err; /* must be reset to NULL */
    int r = lesson_load(path, &f, err, sizeof err);
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    if (r != -1 || f != NULL || strncmp(err, prefix, strlen(prefix)) != 0 ||
        !strstr(err, frag) || strchr(err, '\n')) {
        print_error("expected '%s...%s', got %d '%s'\n", prefix, frag, r, err);
        fail();
    }
}

/* Eight lines of set-up: a [step] written after it starts at line 9. */
#define SETUP                                                                                 \
    "[lesson]\ntitle = T\n[data]\nsource = xor\n[network]\nhidden = 2\n[training]\n"          \
    "learning_rate = 0.1\n"

/* ---- a good file -------------------------------------------------------- */

static void test_every_key(void **state)
{
    (void)state;
    lesson_File *f = load_ok(STEPS_DATA "/every_key.ini");
    assert_string_equal(f->path, STEPS_DATA "/every_key.ini");
    assert_string_equal(lesson_title(f, 0), "Two steps");
    assert_string_equal(lesson_title(f, 1), "两步");
    assert_string_equal(lesson_description(f, 0), "A test lesson on two lines.");
    /* Chinese continuation lines join without a blank */
    assert_string_equal(lesson_description(f, 1), "一个测试课程。");
    assert_int_equal(f->setup.data.samples, 100);
    assert_int_equal(f->setup.n_hidden, 1);
    assert_int_equal(f->setup.hidden[0], 2);
    assert_close(f->setup.opt.lr, 0.1, 1e-7);
    assert_int_equal(f->n_steps, 3);

    const lesson_Step *s = &f->steps[0];
    assert_int_equal(s->line, 20);
    assert_string_equal(lesson_step_title(s, 0), "First");
    assert_string_equal(lesson_step_title(s, 1), "第一章");
    assert_string_equal(s->text, "A neuron computes **z = Σ w·x + b** and then `tanh`.\\nA new line.");
    assert_string_equal(lesson_step_text(s, 1), "神经元计算 **z = Σ w·x + b**，然后是 `tanh`。");
    assert_int_equal(s->text_zh_line, 25);
    const lesson_Predict *p = lesson_step_predict(s, 0);
    assert_string_equal(p->question, "What happens?");
    assert_int_equal(p->n_options, 3);
    assert_string_equal(p->options[0], "it learns");
    assert_string_equal(p->options[2], "it diverges");
    p = lesson_step_predict(s, 1);
    assert_string_equal(p->question, "会怎样？");
    assert_string_equal(p->options[1], "学不会");
    assert_int_equal(s->n_actions, 2);
    assert_int_equal(s->actions[0].line, 29);
    assert_int_equal(s->actions[0].cmd.kind, APP_CMD_SET_LEARNING_RATE);
    assert_close(s->actions[0].cmd.f, 0.5, 0);
    assert_int_equal(s->actions[1].cmd.kind, APP_CMD_TRAIN);
    assert_int_equal((int)s->actions[1].cmd.u, 20);
    assert_int_equal(s->n_checks, 2);
    assert_int_equal(s->checks[0].line, 31);
    assert_string_equal(s->checks[0].text, "test_accuracy >= 0.5");
    assert_int_equal(s->checks[0].lhs.a.metric, LESSON_M_TEST_ACCURACY);
    assert_string_equal(s->checks[0].cmp, ">=");
    assert_int_equal(s->checks[1].rhs.b.metric, LESSON_M_GRADIENT_NORM);
    assert_int_equal(s->checks[1].rhs.b.layer, 1);

    s = &f->steps[1];
    assert_int_equal(s->line, 34);
    assert_string_equal(s->title, "");
    assert_string_equal(s->text_zh, "第二。");
    assert_int_equal(s->predict.n_options, 0);
    assert_int_equal(s->n_actions, 1);
    assert_int_equal(s->actions[0].cmd.kind, APP_CMD_PAUSE);
    assert_int_equal(s->checks[0].lhs.a.run, 1);
    assert_int_equal(s->checks[0].lhs.op, '-');
    assert_int_equal(s->checks[0].rhs.a.metric, LESSON_M_WEIGHT);

    /* no Chinese: the English text stands in */
    s = &f->steps[2];
    assert_int_equal(s->text_zh_line, 0);
    assert_string_equal(lesson_step_text(s, 1), "Third, no Chinese.");
    assert_string_equal(lesson_step_title(s, 1), "Last");
    assert_int_equal(lesson_step_predict(s, 1)->n_options, 0);

    /* chapters: steps 0 and 1 are "First", step 2 starts "Last" */
    assert_int_equal(lesson_chapter_of(f, 0), 0);
    assert_int_equal(lesson_chapter_of(f, 1), 0);
    assert_int_equal(lesson_chapter_of(f, 2), 2);
    lesson_free(f);
}

static void test_setup_only_and_variants(void **state)
{
    (void)state;
    /* a file of set-up alone is a lesson of its title card */
    write_text(SETUP);
    lesson_File *f = load_ok(path);
    assert_int_equal(f->n_steps, 0);
    assert_string_equal(lesson_title(f, 1), "T"); /* no title.zh: the English one */
    lesson_free(f);
    /* CRLF line ends, a BOM, comments, [step N] headers and steps without
     * a chapter title */
    write_text("\xEF\xBB\xBF[lesson]\r\ntitle = T\r\n[data]\r\nsource = xor\r\n"
               "[step 1]\r\n; a comment\r\ntext = one\r\n  two\r\n[step7]\r\ntext = x\r\n");
    f = load_ok(path);
    assert_int_equal(f->n_steps, 2);
    assert_string_equal(f->steps[0].text, "one two");
    assert_int_equal(f->steps[1].line, 9);
    assert_int_equal(lesson_chapter_of(f, 1), -1);
    lesson_free(f);
    /* exactly the limits */
    char big[LESSON_MAX_STEPS * 24 + 200];
    size_t n = (size_t)snprintf(big, sizeof big, SETUP);
    for (int k = 0; k < LESSON_MAX_STEPS; k++)
        n += (size_t)snprintf(big + n, sizeof big - n, "[step]\ntext = %d\n", k);
    write_text(big);
    f = load_ok(path);
    assert_int_equal(f->n_steps, LESSON_MAX_STEPS);
    assert_string_equal(f->steps[LESSON_MAX_STEPS - 1].text, "63");
    lesson_free(f);
}

/* OPEN's relative path: beside the lesson when a file is there, else as
 * written. */
static void test_open_path(void **state)
{
    (void)state;
    char dir[] = "/tmp/nnviz-lesson-open-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char lesson[256], other[256];
    snprintf(lesson, sizeof lesson, "%s/lesson.ini", dir);
    snprintf(other, sizeof other, "%s/other.ini", dir);
    FILE *fp = fopen(other, "wb");
    assert_non_null(fp);
    fputs(SETUP, fp);
    fclose(fp);
    fp = fopen(lesson, "wb");
    assert_non_null(fp);
    fputs(SETUP "[step]\ntext = t\ndo = OPEN other.ini\ndo = OPEN no-such.ini\n"
          "do = OPEN /abs/x.ini\n", fp);
    fclose(fp);
    lesson_File *f = load_ok(lesson);
    unlink(lesson);
    unlink(other);
    rmdir(dir);
    assert_int_equal(f->steps[0].n_actions, 3);
    assert_string_equal(f->steps[0].actions[0].cmd.text, other);
    assert_string_equal(f->steps[0].actions[1].cmd.text, "no-such.ini");
    assert_string_equal(f->steps[0].actions[2].cmd.text, "/abs/x.ini");
    lesson_free(f);
}

/* ---- malformed files ---------------------------------------------------- */

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line;
        const char *frag;
    } bad[] = {
        {SETUP "[step]\ntext = t\ndo = FLY 3\n", 11, "unknown command 'FLY'"},
        {SETUP "[step]\ntext = t\ndo = SET_LEARNING_RATE fast\n", 11,
         "SET_LEARNING_RATE: argument 1 should be a number, not 'fast'"},
        {SETUP "[step]\ntext = t\ndo = PAUSE 3\n", 11, "PAUSE takes 0 arguments"},
        {SETUP "[step]\ntext = t\ndo =\n", 11, "do: no command"},
        {SETUP "[step]\ntext = t\ndo = RUN_UNTIL epochs 5\n", 11,
         "RUN_UNTIL: unknown target 'epochs'"},
        {SETUP "[step]\ntext = t\ndo = HIGHLIGHT blob 1\n", 11, "HIGHLIGHT: unknown kind 'blob'"},
        {SETUP "[step]\ntext = t\ndo = VIEW race surface=nope\n", 11, "unknown surface 'nope'"},
        {SETUP "[step]\ntext = t\n[data]\nnoise = 0\n", 11, "a step before the set-up"},
        {"[lesson]\ntitle = T\n[step]\ntext = t\n[training]\nepochs = 3\n", 5,
         "[training] comes after a [step]"},
        {SETUP "[step]\ntext = t\nexpect = test_accuracy 0.9\n", 11,
         "expect: '0.9' where a comparison"},
        {SETUP "[step]\ntext = t\nexpect = happiness > 1\n", 11,
         "expect: unknown metric 'happiness' (loss, test_loss"},
        {SETUP "[step]\ntext = t\nexpect = gradient_norm < 1\n", 11,
         "gradient_norm needs 'layer N'"},
        {SETUP "[step]\ntext = t\nexpect = loss < layer 2\n", 11, "'layer N' alone"},
        {SETUP "[step]\ntext = caf\xE9 au lait\n", 10, "invalid UTF-8"},
        {SETUP "[step]\ntext = \xC0\xAF overlong\n", 10, "invalid UTF-8"},
        {SETUP "[step]\ntext = \xED\xA0\x80 surrogate\n", 10, "invalid UTF-8"},
        {SETUP "[step]\ntext = cut \xE4\xB8\n", 10, "invalid UTF-8"},
        {"[lesson]\n; caf\xE9\n" SETUP "[step]\ndo = FLY\n", 2, "invalid UTF-8"},
        {SETUP "[step]\ntext = t\npredict = q | a | b | c | d | e\n", 11, "more than 4 answers"},
        {SETUP "[step]\ntext = t\npredict = q | a\n", 11, "2 to 4 answers separated by '|', not 1"},
        {SETUP "[step]\ntext = t\npredict = q | a | | b\n", 11, "an answer is empty"},
        {SETUP "[step]\ntext = t\npredict = q | a | b\npredict.zh = 问 | 甲 | 乙 | 丙\n", 12,
         "predict.zh offers 3 answers, predict 2"},
        {SETUP "[step]\ntext = t\npredict.zh = 问 | 甲 | 乙\n", 11, "predict.zh without predict"},
        {SETUP "[step]\ntext = t\ncolour = red\n", 11, "unknown key 'colour' in a step"},
        {SETUP "[step]\ndo = PAUSE\n[step]\ntext = t\n", 9, "the step has no text"},
        {SETUP "[step]\ntext = t\ntext = again\n", 11, "text is given twice"},
        {SETUP "[stepz]\ntext = t\n", 9, "unknown section [stepz]"},
        {SETUP "[step]\ntext = t\n[data]\nsource = nowhere\n", 11, "a step before the set-up"},
        /* the set-up's own problems, found by nn_experiment_load, before a
         * step's: the earlier line is reported */
        {"[lesson]\ntitle = T\n[data]\nsource = nowhere\n[step]\ndo = FLY\n", 4, "source"},
        {"[lesson]\ntitle = T\n[step]\ndo = FLY\n[data]\nsource = nowhere\n", 4,
         "unknown command 'FLY'"},
        {"[lesson]\ntitle = T\nauthor = me\n", 3, "[lesson] author: unknown key"},
        {"[lesson]\ntitle.zh = 标题\ntitle.zh\n", 3, "not a 'key = value' line"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_text(bad[i].text);
        expect_bad(bad[i].line, bad[i].frag);
    }
}

static void test_limits(void **state)
{
    (void)state;
    static char text[LESSON_MAX_STEPS * 40 + 8000];
    /* one step too many: the 65th header is named */
    size_t n = (size_t)snprintf(text, sizeof text, SETUP);
    for (int k = 0; k <= LESSON_MAX_STEPS; k++)
        n += (size_t)snprintf(text + n, sizeof text - n, "[step]\ntext = %d\n", k);
    write_text(text);
    expect_bad(9 + 2 * LESSON_MAX_STEPS, "more than 64 steps");
    /* one action and one check too many */
    n = (size_t)snprintf(text, sizeof text, SETUP "[step]\ntext = t\n");
    for (int k = 0; k <= LESSON_MAX_ACTIONS; k++)
        n += (size_t)snprintf(text + n, sizeof text - n, "do = PAUSE\n");
    write_text(text);
    expect_bad(11 + LESSON_MAX_ACTIONS, "more than 24 do = lines");
    n = (size_t)snprintf(text, sizeof text, SETUP "[step]\ntext = t\n");
    for (int k = 0; k <= LESSON_MAX_CHECKS; k++)
        n += (size_t)snprintf(text + n, sizeof text - n, "expect = loss < %d\n", k);
    write_text(text);
    expect_bad(11 + LESSON_MAX_CHECKS, "more than 8 expect = lines");
    /* a narration longer than its field, over continuation lines; its key's
     * line is named */
    n = (size_t)snprintf(text, sizeof text, SETUP "[step]\ntext = start\n");
    for (int k = 0; k < 30; k++)
        n += (size_t)snprintf(text + n, sizeof text - n, "    %080d\n", k);
    write_text(text);
    expect_bad(10, "text: the value is longer than 2047 bytes");
    /* a chapter title longer than its field */
    n = (size_t)snprintf(text, sizeof text, SETUP "[step]\ntext = t\ntitle = %0150d\n", 1);
    write_text(text);
    expect_bad(11, "title: the value is longer than 127 bytes");
    /* a line longer than inih's buffer */
    n = (size_t)snprintf(text, sizeof text, SETUP "[step]\ntext = %0250d\n", 1);
    write_text(text);
    expect_bad(10, "longer than 199 characters");
}

static void test_unreadable(void **state)
{
    (void)state;
    char err[600];
    lesson_File *f = (lesson_File *)err;
    assert_int_equal(lesson_load("/nonexistent/lesson.ini", &f, err, sizeof err), -1);
    assert_null(f);
    assert_non_null(strstr(err, "/nonexistent/lesson.ini"));
    assert_int_equal(lesson_load(STEPS_DATA, &f, err, sizeof err), -1);
    assert_null(f);
    assert_non_null(strstr(err, "not a regular file"));
}

/* Every shipped lesson loads, and each of its steps has narration. */
static void test_shipped_lessons(void **state)
{
    (void)state;
    DIR *d = opendir(NNVIZ_LESSON_DIR);
    assert_non_null(d);
    struct dirent *ent;
    int files = 0;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n < 5 || strcmp(ent->d_name + n - 4, ".ini"))
            continue;
        char file[1024];
        snprintf(file, sizeof file, "%s/%s", NNVIZ_LESSON_DIR, ent->d_name);
        lesson_File *f = load_ok(file);
        assert_true(f->setup.title[0] != '\0');
        for (int k = 0; k < f->n_steps; k++) {
            /* the class reads every step in both languages */
            if (!f->steps[k].text[0] || !f->steps[k].text_zh[0]) {
                print_error("%s:%d: a step of a shipped lesson needs text and text.zh\n", file,
                            f->steps[k].line);
                fail();
            }
        }
        lesson_free(f);
        files++;
    }
    closedir(d);
    assert_true(files >= 8);
}

/* docs/lesson-format.md: its complete example loads as the page says, and
 * every command it lists as an example parses. */
static char *read_all(const char *file)
{
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    assert_true(n < sizeof buf - 1);
    buf[n] = '\0';
    return buf;
}

static void test_doc_example(void **state)
{
    (void)state;
    char *doc = read_all(NNVIZ_SOURCE_DIR "/docs/lesson-format.md");
    char *ex = strstr(doc, "## A complete example");
    assert_non_null(ex);
    char *start = strstr(ex, "```ini\n");
    assert_non_null(start);
    start += 7;
    char *end = strstr(start, "\n```");
    assert_non_null(end);
    end[1] = '\0';
    write_text(start);
    end[1] = '`';
    lesson_File *f = load_ok(path);
    assert_string_equal(lesson_title(f, 1), "异或需要隐藏层");
    assert_non_null(strstr(lesson_description(f, 1), "这两类。隐藏层")); /* joined, no blank */
    assert_int_equal(f->setup.n_hidden, 0);
    assert_int_equal(f->n_steps, 3);
    assert_int_equal(f->steps[0].predict.n_options, 3);
    assert_int_equal(f->steps[0].predict_zh.n_options, 3);
    assert_string_equal(f->steps[0].predict_zh.options[2], "几乎全部");
    assert_int_equal(lesson_chapter_of(f, 1), 0);
    assert_int_equal(lesson_chapter_of(f, 2), 2);
    for (int k = 0; k < f->n_steps; k++) {
        assert_true(f->steps[k].text_zh_line > 0);
        assert_true(f->steps[k].n_actions > 0);
    }
    assert_int_equal(f->steps[2].actions[1].cmd.kind, APP_CMD_ADD_LAYER);
    assert_int_equal(f->steps[0].actions[2].cmd.kind, APP_CMD_RUN_UNTIL);
    assert_int_equal(f->steps[2].n_checks, 2);
    lesson_free(f);

    /* the commands the page offers as examples */
    char *from = strstr(doc, "What lessons use most:");
    char *to = from ? strstr(from, "The lesson commands") : NULL;
    assert_non_null(to);
    int commands = 0;
    for (char *c = strchr(from, '`'); c && c < to; c = strchr(c + 1, '`')) {
        char *close = strchr(c + 1, '`');
        assert_non_null(close);
        if (c[1] >= 'A' && c[1] <= 'Z') {
            char line[128], err[300];
            snprintf(line, sizeof line, "%.*s", (int)(close - c - 1), c + 1);
            app_Command cmd;
            if (app_cmd_parse(line, &cmd, err, sizeof err) != 0) {
                print_error("docs/lesson-format.md: '%s': %s\n", line, err);
                fail();
            }
            commands++;
        }
        c = close;
    }
    assert_true(commands >= 20);
}

/* ---- checks ------------------------------------------------------------- */

/* The fake app the checks are measured on: two runs of a three-layer
 * network, its numbers set by the test. */
typedef struct {
    double loss[2], test_accuracy[2], accuracy, epoch;
    double gradient_norm[3];
    int calls;
} Fake;

static int fake_metric(void *ctx, const lesson_Term *t, double *out, char *err, size_t err_len)
{
    Fake *fk = ctx;
    fk->calls++;
    if (t->run < 0 || t->run > 1) {
        snprintf(err, err_len, "run %d does not exist", t->run);
        return -1;
    }
    if (t->layer > 2) {
        snprintf(err, err_len, "layer %d: the network has 3", t->layer);
        return -1;
    }
    switch (t->metric) {
    case LESSON_M_LOSS: *out = fk->loss[t->run]; return 0;
    case LESSON_M_TEST_ACCURACY: *out = fk->test_accuracy[t->run]; return 0;
    case LESSON_M_ACCURACY: *out = fk->accuracy; return 0;
    case LESSON_M_EPOCH: *out = fk->epoch; return 0;
    case LESSON_M_GRADIENT_NORM: *out = fk->gradient_norm[t->layer]; return 0;
    /* a value that says which weight was asked for */
    case LESSON_M_WEIGHT: *out = t->layer * 100 + t->i * 10 + t->j; return 0;
    case LESSON_M_BIAS: *out = -(t->layer * 100 + t->i * 10); return 0;
    default:
        snprintf(err, err_len, "%s: not measured here", lesson_metric_name(t->metric));
        return -1;
    }
}

static int eval(const char *text, Fake *fk, double *l, double *r)
{
    lesson_Check c;
    char err[400];
    if (lesson_check_parse(text, &c, err, sizeof err) != 0) {
        print_error("%s: %s\n", text, err);
        fail();
    }
    return lesson_check_eval(&c, fake_metric, fk, l, r, err, sizeof err);
}

static void test_check_eval(void **state)
{
    (void)state;
    Fake fk = {.loss = {0.3, 0.1}, .test_accuracy = {0.6, 0.95}, .accuracy = 0.9, .epoch = 50,
               .gradient_norm = {1e-5, 0.01, 0.1}};
    double l, r;
    assert_int_equal(eval("test_accuracy >= 0.5", &fk, &l, &r), 1);
    assert_close(l, 0.6, 0);
    assert_close(r, 0.5, 0);
    /* the guard: a check that does not hold is reported as such */
    assert_int_equal(eval("test_accuracy >= 0.9", &fk, &l, &r), 0);
    assert_int_equal(eval("run 1 test_accuracy > run 0 test_accuracy + 0.2", &fk, &l, &r), 1);
    assert_close(r, 0.8, 1e-12);
    assert_int_equal(eval("run 1 test_accuracy > run 0 test_accuracy + 0.4", &fk, &l, &r), 0);
    /* layer N alone: the left side's metric at that layer */
    assert_int_equal(eval("gradient_norm layer 0 < 0.01 * layer 2", &fk, &l, &r), 1);
    assert_close(l, 1e-5, 0);
    assert_close(r, 1e-3, 1e-15);
    assert_int_equal(eval("gradient_norm layer 2 < 0.01 * layer 0", &fk, &l, &r), 0);
    assert_int_equal(eval("gradient_norm layer 0 * 2000 > layer 1", &fk, &l, &r), 1);
    assert_close(l, 0.02, 1e-15);
    /* the indices reach the metric function */
    assert_int_equal(eval("weight 1 2 3 > 122", &fk, &l, &r), 1);
    assert_close(l, 123, 0);
    assert_int_equal(eval("bias 2 1 <= -210", &fk, &l, &r), 1);
    assert_close(l, -210, 0);
    /* each comparison, on both sides of equality */
    assert_int_equal(eval("epoch <= 50", &fk, &l, &r), 1);
    assert_int_equal(eval("epoch < 50", &fk, &l, &r), 0);
    assert_int_equal(eval("epoch >= 50", &fk, &l, &r), 1);
    assert_int_equal(eval("epoch > 50", &fk, &l, &r), 0);
    assert_int_equal(eval("-0.5 < loss - 0.35", &fk, &l, &r), 1);
    assert_close(r, -0.05, 1e-12);
    assert_int_equal(eval("loss-0.1>0.1", &fk, &l, &r), 1);
    assert_int_equal(eval("accuracy >= 0.9", &fk, &l, &r), 1);
    /* a diverged loss holds nothing */
    fk.loss[0] = NAN;
    assert_int_equal(eval("loss < 1", &fk, &l, &r), 0);
    assert_int_equal(eval("loss >= 1", &fk, &l, &r), 0);
    /* what cannot be evaluated says why */
    lesson_Check c;
    char err[400] = "";
    assert_int_equal(lesson_check_parse("gradient_norm layer 7 > 0", &c, err, sizeof err), 0);
    assert_int_equal(lesson_check_eval(&c, fake_metric, &fk, &l, &r, err, sizeof err), -1);
    assert_string_equal(err, "layer 7: the network has 3");
    assert_int_equal(lesson_check_parse("run 4 loss > 0", &c, err, sizeof err), 0);
    assert_int_equal(lesson_check_eval(&c, fake_metric, &fk, &l, &r, err, sizeof err), -1);
    assert_string_equal(err, "run 4 does not exist");
    assert_int_equal(lesson_check_eval(&c, NULL, NULL, &l, &r, err, sizeof err), -1);
    /* constants alone call nothing */
    fk.calls = 0;
    assert_int_equal(lesson_check_parse("loss < 2 * 3", &c, err, sizeof err), 0);
    assert_int_equal(c.rhs.op, '*');
    fk.loss[0] = 5;
    assert_int_equal(lesson_check_eval(&c, fake_metric, &fk, &l, &r, err, sizeof err), 1);
    assert_int_equal(fk.calls, 1);
    assert_close(r, 6, 0);
}

static void test_check_parse(void **state)
{
    (void)state;
    lesson_Check c;
    char err[400];
    assert_int_equal(lesson_check_parse("run 2 dead_fraction layer 3 >= 0.5", &c, err, sizeof err), 0);
    assert_int_equal(c.lhs.a.metric, LESSON_M_DEAD_FRACTION);
    assert_int_equal(c.lhs.a.run, 2);
    assert_int_equal(c.lhs.a.layer, 3);
    assert_int_equal(c.lhs.op, 0);
    assert_int_equal(c.rhs.a.metric, LESSON_M_NUMBER);
    assert_close(c.rhs.a.value, 0.5, 0);
    assert_string_equal(c.cmp, ">=");
    assert_int_equal(lesson_check_parse("saturated_fraction layer 1 > run 1 layer 1", &c, err,
                                        sizeof err), 0);
    assert_int_equal(c.rhs.a.metric, LESSON_M_SATURATED_FRACTION);
    assert_int_equal(c.rhs.a.run, 1);
    assert_int_equal(c.lhs.a.i, -1);
    /* every metric's name reads back as that metric */
    for (int m = 1; m < LESSON_M_COUNT; m++) {
        char text[96];
        const char *extra = m == LESSON_M_WEIGHT ? " 0 1 2" : m == LESSON_M_BIAS ? " 0 1"
                          : (m >= LESSON_M_GRADIENT_NORM && m <= LESSON_M_SATURATED_FRACTION)
                              ? " layer 0" : "";
        snprintf(text, sizeof text, "%s%s < 1", lesson_metric_name((lesson_Metric)m), extra);
        assert_int_equal(lesson_check_parse(text, &c, err, sizeof err), 0);
        assert_int_equal(c.lhs.a.metric, m);
    }
    assert_string_equal(lesson_metric_name(LESSON_M_COUNT), "unknown");
    static const struct {
        const char *text, *frag;
    } bad[] = {
        {"", "empty"},
        {"loss >", "missing at the end"},
        {"loss", "comparison (<, <=, >, >=) is missing"},
        {"loss = 1", "'=' where a comparison (<, <=, >, >=) should be"},
        {"loss > 1 2", "'2' after the end of the check"},
        {"loss > 1 < 2", "one comparison per check"},
        {"1 < 2", "compares numbers only"},
        {"layer 1 < 3", "'layer N' alone needs a per-layer metric"},
        {"loss layer 1 < 2", "loss takes no 'layer N'"},
        {"dead_fraction < 0.1", "dead_fraction needs 'layer N'"},
        {"weight 1 2 < 0", "weight L I J: J needs a whole number"},
        {"bias 1 < 0", "bias L I: I needs a whole number"},
        {"run x loss > 1", "run needs a whole number from 0, not 'x'"},
        {"run 1 2 > 1", "a metric should follow 'run R'"},
        {"gradient_norm layer 1.5 > 0", "layer needs a whole number"},
        {"gradient_norm layer -1 > 0", "layer needs a whole number"},
        {"acuracy > 0.9", "unknown metric 'acuracy' (loss, test_loss, accuracy"},
        {"loss < 1e999", "'1e999' is not a number or a metric"},
        {"loss < Σ", "'Σ' is not a number or a metric"},
        {"loss * * 2 < 1", "'*' is not a number or a metric"},
        {"loss\n< 1", "'\\x0A' where a comparison"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        if (lesson_check_parse(bad[i].text, &c, err, sizeof err) != -1 ||
            !strstr(err, bad[i].frag)) {
            print_error("'%s': expected '%s', got '%s'\n", bad[i].text, bad[i].frag, err);
            fail();
        }
    }
    char longer[400];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(lesson_check_parse(longer, &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "longer than 255"));
}

/* ---- markup ------------------------------------------------------------- */

static void expect_span(const char *text, const lesson_Span *s, const char *want, int style,
                        int newline)
{
    if (s->len != strlen(want) || strncmp(text + s->start, want, s->len) || (int)s->style != style ||
        s->newline != newline) {
        print_error("span '%.*s' style %d newline %d, expected '%s' %d %d\n", (int)s->len,
                    text + s->start, s->style, s->newline, want, style, newline);
        fail();
    }
}

static void test_markup(void **state)
{
    (void)state;
    const char *t = "A **bold Σ** and `co**de`\\nnext";
    lesson_Span sp[8];
    assert_int_equal(lesson_markup_spans(t, sp, 8), 5);
    expect_span(t, &sp[0], "A ", LESSON_SPAN_PLAIN, 0);
    expect_span(t, &sp[1], "bold Σ", LESSON_SPAN_BOLD, 0);
    expect_span(t, &sp[2], " and ", LESSON_SPAN_PLAIN, 0);
    expect_span(t, &sp[3], "co**de", LESSON_SPAN_CODE, 0);
    expect_span(t, &sp[4], "next", LESSON_SPAN_PLAIN, 1);
    char out[64];
    lesson_markup_plain(t, out, sizeof out);
    assert_string_equal(out, "A bold Σ and co**de\nnext");
    /* fewer slots than spans: the count is still all of them */
    assert_int_equal(lesson_markup_spans(t, sp, 2), 5);
    assert_int_equal(lesson_markup_spans(t, NULL, 0), 5);
    /* an empty line, a break at the end, an unclosed bold */
    t = "a\\n\\nb **c\\n";
    int n = lesson_markup_spans(t, sp, 8);
    assert_int_equal(n, 5);
    expect_span(t, &sp[0], "a", LESSON_SPAN_PLAIN, 0);
    expect_span(t, &sp[1], "", LESSON_SPAN_PLAIN, 1);
    expect_span(t, &sp[2], "b ", LESSON_SPAN_PLAIN, 1);
    expect_span(t, &sp[3], "c", LESSON_SPAN_BOLD, 0);
    expect_span(t, &sp[4], "", LESSON_SPAN_BOLD, 1);
    lesson_markup_plain(t, out, sizeof out);
    assert_string_equal(out, "a\n\nb c\n");
    /* plain text is cut to fit, never inside a UTF-8 sequence */
    lesson_markup_plain("ΣΣΣ", out, 4);
    assert_string_equal(out, "Σ");
    lesson_markup_plain("**", out, sizeof out);
    assert_string_equal(out, "");
    assert_int_equal(lesson_markup_spans("", sp, 8), 0);
    /* a backslash not before n is text */
    lesson_markup_plain("a\\b", out, sizeof out);
    assert_string_equal(out, "a\\b");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setup_only_and_variants, setup, teardown),
        cmocka_unit_test(test_open_path),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_shipped_lessons),
        cmocka_unit_test_setup_teardown(test_doc_example, setup, teardown),
        cmocka_unit_test(test_check_eval),
        cmocka_unit_test(test_check_parse),
        cmocka_unit_test(test_markup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
