#define _XOPEN_SOURCE 700 /* mkdtemp */
/* test_lesson_show.c - a lesson's check as the class reads it: lesson files
 * number layers, units and runs from 0, the window from 1, and the text the
 * band and the transcript show (lesson_check_show) names them as the window
 * does: gradient norms and dead or saturated fractions by layer from 1, a
 * weight or a bias by the diagram's tooltip name, runs by their legend's
 * name; in English and in Chinese; cut safely in a short buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#include "core/core.h"
#include "core/net_names.h"
#include "i18n/i18n.h"
#include "lesson/lesson_show.h"
#include "lesson/lesson_walk.h"

static char dir[64];

/* two hidden layers (4 and 3 units, relu) over x1, x2 and one output */
static const char setup_ini[] =
    "[lesson]\n"
    "title = Names\n"
    "[data]\n"
    "source = circle\n"
    "samples = 100\n"
    "train_ratio = 50\n"
    "features = x1, x2\n"
    "[network]\n"
    "hidden = 4, 3\n"
    "activation = relu\n"
    "[training]\n"
    "optimizer = sgd\n"
    "learning_rate = 0.03\n"
    "batch_size = 10\n"
    "seed = 3\n";

static lesson_Check parse(const char *text)
{
    lesson_Check c;
    char err[256] = "";
    int rc = lesson_check_parse(text, &c, err, sizeof err);
    if (rc != 0)
        print_error("%s: %s\n", text, err);
    assert_int_equal(rc, 0);
    return c;
}

/* The check's display text, also checked to report its own length. */
static void show(const char *text, const app_Core *c, char *buf, size_t len)
{
    lesson_Check ck = parse(text);
    int need = lesson_check_show(&ck, c, buf, len);
    assert_int_equal(need, (int)strlen(buf));
}

static void expect_shown(const char *text, const app_Core *c, const char *want)
{
    char buf[512];
    show(text, c, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        print_error("'%s' shown as '%s', expected '%s'\n", text, buf, want);
    assert_string_equal(buf, want);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/nnviz_show_XXXXXX");
    assert_non_null(mkdtemp(dir));
    return i18n_set_language("en", NULL, 0) == I18N_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A walk over the set-up and the given steps, at its title card. */
static void open_walk(app_Core *c, lesson_Walk *w, const char *steps)
{
    char path[128];
    snprintf(path, sizeof path, "%s/names.ini", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(setup_ini, f);
    fputs(steps, f);
    fclose(f);
    lesson_File *lf = NULL;
    char err[512] = "";
    int rc = lesson_load(path, &lf, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(app_core_init_spec(c, &lf->setup, err, sizeof err), 0);
    rc = lesson_walk_begin(w, c, lf, 0, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

/* Layers from 1 in every per-layer metric, the shorthand "layer N" too;
 * the file's own text keeps its 0-based syntax. */
static void test_layers_from_one(void **state)
{
    (void)state;
    expect_shown("gradient_norm layer 0 > 0.1 * layer 8", NULL,
                 "gradient norm, layer 1 > 0.1 \xc3\x97 layer 9");
    expect_shown("gradient_norm layer 0 < 0.001 * gradient_norm layer 8", NULL,
                 "gradient norm, layer 1 < 0.001 \xc3\x97 layer 9");
    expect_shown("dead_fraction layer 1 >= 0.5", NULL, "dead fraction, layer 2 \xe2\x89\xa5 0.5");
    expect_shown("saturated_fraction layer 0 <= saturated_fraction layer 2 + 0.25", NULL,
                 "saturated fraction, layer 1 \xe2\x89\xa4 layer 3 + 0.25");
    /* another metric at a layer is named in full */
    expect_shown("dead_fraction layer 0 < gradient_norm layer 1", NULL,
                 "dead fraction, layer 1 < gradient norm, layer 2");
    expect_shown("test_accuracy >= 0.9", NULL, "test accuracy \xe2\x89\xa5 0.9");
    expect_shown("loss < 0.05", NULL, "train loss < 0.05");
    expect_shown("epoch >= 50", NULL, "epoch \xe2\x89\xa5 50");
    lesson_Check ck = parse("gradient_norm layer 0 > 0.1 * layer 8");
    assert_string_equal(ck.text, "gradient_norm layer 0 > 0.1 * layer 8");
}

/* Weights and biases by the names the diagram's tooltips give them, which
 * know the network: inputs by feature, the last layer as the output. */
static void test_weights_by_tooltip_name(void **state)
{
    (void)state;
    app_Core *c = calloc(1, sizeof *c);
    lesson_Walk *w = calloc(1, sizeof *w);
    assert_true(c && w);
    open_walk(c, w, "[step]\ntext = Look.\nexpect = weight 0 1 2 > -100\n");
    expect_shown("weight 0 1 2 > 0", c, "Weight x\xe2\x82\x82 \xe2\x86\x92 neuron 3 of layer 1 > 0");
    expect_shown("weight 2 1 0 < 0", c, "Weight neuron 2 of layer 2 \xe2\x86\x92 the output < 0");
    expect_shown("bias 1 2 > 0", c, "Bias of neuron 3 of layer 2 > 0");
    expect_shown("bias 2 0 > bias 0 3", c, "Bias of the output > Bias of neuron 4 of layer 1");
    /* the same names as the window's own naming of that network */
    const nn_Session *s = c->runs[0]->s;
    app_NetNames n = app_net_names(&s->spec, s->model, s->train);
    char name[160], want[200], got[512];
    app_net_param_name(&n, 1, 0, 2, name, sizeof name);
    snprintf(want, sizeof want, "%s %s > 0", tr(STR_NET_WEIGHT), name);
    show("weight 1 0 2 > 0", c, got, sizeof got);
    assert_string_equal(got, want);
    /* without a network: numbers from 1 */
    expect_shown("weight 0 1 2 > 0", NULL, "Weight input 2 \xe2\x86\x92 neuron 3 of layer 1 > 0");
    lesson_walk_end(w);
    app_core_free(c);
    free(w);
    free(c);
}

/* Runs by their legend's names in a comparison; by number from 1 without
 * one; not at all when one run is shown and the check names no other. */
static void test_run_comparisons(void **state)
{
    (void)state;
    expect_shown("run 1 test_accuracy > run 0 test_accuracy + 0.2", NULL,
                 "test accuracy (Run 2) > test accuracy (Run 1) + 0.2");
    app_Core *c = calloc(1, sizeof *c);
    lesson_Walk *w = calloc(1, sizeof *w);
    assert_true(c && w);
    open_walk(c, w,
              "[step]\ntext = Two.\ndo = COMPARE activation=tanh,relu\ndo = RUN_UNTIL step 5\n"
              "expect = step >= 5\n");
    expect_shown("test_accuracy >= 0", c, "test accuracy \xe2\x89\xa5 0");
    char err[256] = "";
    int rc = lesson_walk_run_step(w, c, 0, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(c->n_runs, 2);
    expect_shown("run 1 test_accuracy > run 0 test_accuracy + 0.1", c,
                 "test accuracy (ReLU) > test accuracy (Tanh) + 0.1");
    /* run 0 is named too when several are shown, and "layer N" keeps its run */
    expect_shown("gradient_norm layer 0 < run 1 gradient_norm layer 1", c,
                 "gradient norm, layer 1 (Tanh) < gradient norm, layer 2 (ReLU)");
    expect_shown("run 1 gradient_norm layer 0 < 2 * layer 2", c,
                 "gradient norm, layer 1 (ReLU) < 2 \xc3\x97 layer 3");
    lesson_walk_end(w);
    app_core_free(c);
    free(w);
    free(c);
}

/* In Chinese the same numbers in the window's Chinese words. */
static void test_chinese(void **state)
{
    (void)state;
    assert_int_equal(i18n_set_language("zh", NULL, 0), I18N_OK);
    expect_shown("gradient_norm layer 0 > 0.1 * layer 8", NULL,
                 "\xe7\xac\xac 1 \xe5\xb1\x82\xe6\xa2\xaf\xe5\xba\xa6\xe8\x8c\x83\xe6\x95\xb0 > 0.1 "
                 "\xc3\x97 \xe7\xac\xac 9 \xe5\xb1\x82"); /* 第 1 层梯度范数 > 0.1 × 第 9 层 */
    char buf[512];
    show("bias 0 2 > 0", NULL, buf, sizeof buf);
    /* 偏置（神经元 3（第 1 层）） */
    assert_non_null(strstr(buf, "\xe7\xa5\x9e\xe7\xbb\x8f\xe5\x85\x83 3"));
    assert_non_null(strstr(buf, "\xe7\xac\xac 1 \xe5\xb1\x82"));
    assert_null(strstr(buf, "bias"));
    assert_int_equal(i18n_set_language("en", NULL, 0), I18N_OK);
}

/* A short buffer: cut at a character boundary, terminated, and the length
 * the whole needs returned. */
static void test_short_buffer(void **state)
{
    (void)state;
    lesson_Check ck = parse("gradient_norm layer 0 > 0.1 * layer 8");
    char whole[256];
    int need = lesson_check_show(&ck, NULL, whole, sizeof whole);
    for (size_t len = 1; len < strlen(whole) + 2; len++) {
        char buf[256];
        memset(buf, 'Z', sizeof buf);
        assert_int_equal(lesson_check_show(&ck, NULL, buf, len), need);
        assert_true(strlen(buf) < len);
        assert_memory_equal(buf, whole, strlen(buf));
        assert_true(i18n_utf8_valid(buf));
    }
    assert_int_equal(lesson_check_show(&ck, NULL, NULL, 0), need);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layers_from_one),
        cmocka_unit_test(test_weights_by_tooltip_name),
        cmocka_unit_test(test_run_comparisons),
        cmocka_unit_test(test_chinese),
        cmocka_unit_test(test_short_buffer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
