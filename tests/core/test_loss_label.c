/* test_loss_label.c - the window names a loss one way: the loss menu's
 * label, also in messages that come from the engine with the Keras id. */
#include <string.h>

#include "test_util.h"

#include "core/loss_label.h"

static void test_ids_become_labels(void **state)
{
    (void)state;
    char m[256] = "binary_crossentropy needs class labels, but the data is a regression set";
    app_loss_labels_in(m, sizeof m);
    char want[256];
    snprintf(want, sizeof want, "%s needs class labels, but the data is a regression set",
             tr(STR_LOSS_BCE));
    assert_string_equal(m, want);
    /* the longest id wins: sparse_categorical_crossentropy holds another */
    char s[256] = "loss sparse_categorical_crossentropy, then categorical_crossentropy.";
    app_loss_labels_in(s, sizeof s);
    snprintf(want, sizeof want, "loss %s, then %s.", tr(STR_LOSS_SPARSE_CCE), tr(STR_LOSS_CCE));
    assert_string_equal(s, want);
    /* not inside another word */
    char w[64] = "my_mse and msec stay";
    app_loss_labels_in(w, sizeof w);
    assert_string_equal(w, "my_mse and msec stay");
    /* the menu's labels are the same strings */
    for (int k = 0; k < NN_LOSS_COUNT; k++)
        assert_string_equal(app_loss_label((nn_Loss)k), tr(app_loss_label_ids[k]));
}

static void test_short_buffer(void **state)
{
    (void)state;
    char m[12] = "mse is fine";
    app_loss_labels_in(m, sizeof m);
    assert_true(strlen(m) < sizeof m);
    assert_int_equal(strncmp(m, tr(STR_LOSS_MSE), strlen(m) < 3 ? strlen(m) : 3), 0);
}

static void test_chinese_labels(void **state)
{
    (void)state;
    char err[128];
    assert_int_equal(i18n_set_language("zh", err, sizeof err), I18N_OK);
    char m[256] = "binary_crossentropy";
    app_loss_labels_in(m, sizeof m);
    assert_string_equal(m, tr(STR_LOSS_BCE));
    assert_null(strstr(m, "binary"));
    assert_int_equal(i18n_set_language("en", err, sizeof err), I18N_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_become_labels),
        cmocka_unit_test(test_short_buffer),
        cmocka_unit_test(test_chinese_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
