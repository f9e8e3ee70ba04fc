/* test_log_ticks.c - a log axis's ticks in one format: the shortest
 * decimal inside [0.001, 1e4), a bare exponent outside, whatever the
 * decade; and the ticks viz_log_ticks makes all read back as their values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "viz/viz_chart.h"

static void is(double v, const char *want)
{
    char b[32];
    viz_format_log_tick(v, b, sizeof b);
    if (strcmp(b, want) != 0)
        print_error("%g: '%s', want '%s'\n", v, b, want);
    assert_string_equal(b, want);
}

static void test_formats(void **state)
{
    (void)state;
    is(0.001, "0.001");
    is(0.01, "0.01");
    is(0.1, "0.1");
    is(0.5, "0.5");
    is(1, "1");
    is(2, "2");
    is(10, "10");
    is(5000, "5000");
    is(1e-4, "1e-4");
    is(2e-5, "2e-5");
    is(1e5, "1e5");
    is(5e6, "5e6");
    is(0, "0");
    is(-0.02, "-0.02");
}

static void test_axis_reads_back(void **state)
{
    (void)state;
    double lo = 3e-6, hi = 40, t[32];
    int n = viz_log_ticks(&lo, &hi, t, 32);
    assert_true(n >= 7);
    for (int k = 0; k < n; k++) {
        char b[32];
        viz_format_log_tick(t[k], b, sizeof b);
        /* the label says the value: no padding zeros, the value read back */
        assert_true(fabs(strtod(b, NULL) - t[k]) <= 1e-9 * t[k]);
        assert_null(strstr(b, "e-0"));
        assert_null(strstr(b, "e+"));
        assert_false(strchr(b, '.') && b[strlen(b) - 1] == '0');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_axis_reads_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
