/* test_core_opened.c - the core counts lessons opened (the window shows a
 * card for each, and a lesson's walk ends when another file opens): a
 * step's edits that rebuild the runs on new data (a feature switched, the
 * noise, another data set) are not a lesson opened. Once they were, and a
 * lesson's walk ended at its first TOGGLE_FEATURE. */
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#include "core/core.h"

static void say(app_Core *c, const char *line)
{
    app_Command cmd;
    char err[256] = "";
    int rc = app_cmd_parse(line, &cmd, err, sizeof err);
    if (rc != 0)
        print_error("'%s': %s\n", line, err);
    assert_int_equal(rc, 0);
    app_core_push(c, cmd);
    app_core_sync(c, 0.0);
}

static void test_edits_are_not_openings(void **state)
{
    (void)state;
    app_Core c;
    char err[512] = "";
    int rc = app_core_init(&c, NNVIZ_SOURCE_DIR "/lessons/xor.ini", err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    int opened = c.opened;
    uint32_t before = app_run_spec(app_core_focus(&c))->data.features;
    say(&c, "TOGGLE_FEATURE x1");
    assert_true(app_run_spec(app_core_focus(&c))->data.features != before); /* new data: rebuilt */
    say(&c, "SET_NOISE 10");
    say(&c, "SET_DATASET circle");
    say(&c, "ADD_LAYER");
    assert_int_equal(c.opened, opened);
    /* the guard: opening a file is counted */
    say(&c, "OPEN " NNVIZ_SOURCE_DIR "/lessons/circle.ini");
    assert_int_equal(c.opened, opened + 1);
    app_core_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edits_are_not_openings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
