/* test_pointer_gate.c - a window opened under a resting pointer shows no
 * hover until the pointer moves from where it was first seen or a button
 * is pressed, however long the start took; then every position counts. */
#include "test_util.h"

#include "ui/ui_pointer.h"

static void test_resting_pointer_is_ignored(void **state)
{
    (void)state;
    ui_PointerGate g = {0};
    /* the motions SDL reports as the window maps, all at the resting spot,
     * however late they come */
    assert_int_equal(ui_pointer_motion(&g, 412, 230, 0), 0);
    assert_int_equal(ui_pointer_motion(&g, 412, 230, 0), 0);
    assert_int_equal(ui_pointer_motion(&g, 412, 230, 0), 0);
    /* the user moves: this and every later position count, even back at
     * the first spot */
    assert_int_equal(ui_pointer_motion(&g, 413, 230, 0), 1);
    assert_int_equal(ui_pointer_motion(&g, 412, 230, 0), 1);
}

static void test_press_or_drag_counts(void **state)
{
    (void)state;
    ui_PointerGate g = {0};
    assert_int_equal(ui_pointer_motion(&g, 10, 10, 0), 0);
    ui_pointer_pressed(&g);
    assert_int_equal(ui_pointer_motion(&g, 10, 10, 0), 1);
    ui_PointerGate d = {0};
    assert_int_equal(ui_pointer_motion(&d, 50, 60, 1u), 1); /* a drag at once */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resting_pointer_is_ignored),
        cmocka_unit_test(test_press_or_drag_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
