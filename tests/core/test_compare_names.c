/* test_compare_names.c - a comparison names its values as the window's
 * menus do: loss=mse,binary_crossentropy gives runs called "MSE" and
 * "Binary CE" (the loss menu's labels), optimizers and activations their
 * menu names, numbers as written; the names follow a language switch; and
 * the ids stay what the command line and the files take. */
#include <string.h>

#include "test_util.h"

#include "core/compare.h"
#include "core/core.h"
#include "core/loss_label.h"

static void say(app_Core *c, const char *line)
{
    app_Command cmd;
    char err[256] = "";
    int rc = app_cmd_parse(line, &cmd, err, sizeof err);
    if (rc != 0)
        print_error("'%s': %s\n", line, err);
    assert_int_equal(rc, 0);
    app_core_push(c, cmd);
    app_core_sync(c, app_clock());
}

static void test_window_runs_named_by_labels(void **state)
{
    (void)state;
    app_Core core;
    memset(&core, 0, sizeof core);
    char err[512] = "";
    assert_int_equal(app_core_init(&core, NNVIZ_SOURCE_DIR "/lessons/losses.ini", err, sizeof err), 0);
    say(&core, "COMPARE loss=mse,binary_crossentropy");
    assert_int_equal(core.n_runs, 2);
    assert_string_equal(core.runs[0]->label, tr(STR_LOSS_MSE));
    assert_string_equal(core.runs[1]->label, tr(STR_LOSS_BCE));
    assert_string_equal(core.runs[1]->label, app_loss_label(NN_LOSS_BCE));
    /* no Keras id anywhere in a run's name */
    for (int i = 0; i < core.n_runs; i++)
        assert_null(strstr(core.runs[i]->label, "crossentropy"));

    /* the window's language changes: the names with it */
    assert_int_equal(i18n_set_language("zh", err, sizeof err), I18N_OK);
    app_core_compare_labels(&core);
    assert_string_equal(core.runs[1]->label, tr(STR_LOSS_BCE));
    assert_int_equal(i18n_set_language("en", err, sizeof err), I18N_OK);
    assert_string_not_equal(core.runs[1]->label, tr(STR_LOSS_BCE));
    app_core_compare_labels(&core);
    assert_string_equal(core.runs[1]->label, tr(STR_LOSS_BCE));

    say(&core, "COMPARE optimizer=sgd,adam");
    assert_string_equal(core.runs[0]->label, tr(STR_OPT_SGD));
    assert_string_equal(core.runs[1]->label, tr(STR_OPT_ADAM));
    say(&core, "COMPARE learning_rate=0.03,1e-1");
    assert_string_equal(core.runs[0]->label, "0.03");
    assert_string_equal(core.runs[1]->label, "1e-1");
    /* back to one run: a language switch leaves its name alone */
    say(&core, "COMPARE");
    assert_int_equal(core.n_runs, 1);
    char before[sizeof core.runs[0]->label];
    memcpy(before, core.runs[0]->label, sizeof before);
    app_core_compare_labels(&core);
    assert_string_equal(core.runs[0]->label, before);
    app_core_free(&core);
}

static void test_vary_labels(void **state)
{
    (void)state;
    app_Vary v;
    char err[256], b[64];
    assert_int_equal(app_vary_parse("loss=mean_squared_error,sparse_categorical_crossentropy", &v,
                                    err, sizeof err), 0);
    app_vary_label(&v, 0, b, sizeof b);
    assert_string_equal(b, tr(STR_LOSS_MSE));
    app_vary_label(&v, 1, b, sizeof b);
    assert_string_equal(b, tr(STR_LOSS_SPARSE_CCE));
    /* the ids the files and the command line use are kept as written */
    assert_string_equal(v.text[1], "sparse_categorical_crossentropy");
    assert_int_equal(app_vary_parse("activation=relu,leaky_relu", &v, err, sizeof err), 0);
    app_vary_label(&v, 0, b, sizeof b);
    assert_string_equal(b, tr(STR_ACT_RELU));
    app_vary_label(&v, 1, b, sizeof b);
    assert_string_equal(b, tr(STR_ACT_LEAKY_RELU));
    assert_int_equal(app_vary_parse("init=he_normal,zeros", &v, err, sizeof err), 0);
    app_vary_label(&v, 0, b, sizeof b);
    assert_string_equal(b, tr(STR_INIT_HE));
    assert_string_equal(app_knob_label(APP_KNOB_LOSS), tr(STR_CMP_KNOB_LOSS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_runs_named_by_labels),
        cmocka_unit_test(test_vary_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
