/* test_smooth.c - the display smoothing: against a direct weighted average,
 * debiased from the first point, NaN skipped. */
#include <math.h>
#include <stdlib.h>

#include "test_util.h"

#include "viz/viz_smooth.h"

static void test_ema_is_a_weighted_average(void **state)
{
    (void)state;
    double y[50], out[50];
    for (int i = 0; i < 50; i++)
        y[i] = sin(i * 0.7) * 3.0 + i * 0.1;
    const double w = 0.8;
    viz_ema(y, out, 50, w);
    for (int i = 0; i < 50; i++) {
        double num = 0.0, den = 0.0; /* sum over j <= i of w^(i-j) y[j] / sum of w^(i-j) */
        for (int j = 0; j <= i; j++) {
            num += pow(w, i - j) * y[j];
            den += pow(w, i - j);
        }
        assert_close(out[i], num / den, 1e-12);
    }
    assert_close(out[0], y[0], 0.0); /* debiased: the first point is itself */
    assert_true(fabs(out[49] - y[49]) > 0.01); /* and it does smooth */
}

static void test_ema_skips_nan_and_copies_at_zero(void **state)
{
    (void)state;
    double y[5] = {1.0, NAN, 3.0, INFINITY, 5.0}, out[5];
    viz_ema(y, out, 5, 0.5);
    assert_close(out[0], 1.0, 0.0);
    assert_true(isnan(out[1]) && isnan(out[3]));
    assert_close(out[2], (0.5 * 1.0 + 3.0) / 1.5, 1e-12);
    assert_close(out[4], (0.25 * 1.0 + 0.5 * 3.0 + 5.0) / 1.75, 1e-12);
    viz_ema(y, out, 5, 0.0);
    assert_close(out[2], 3.0, 0.0);
    assert_close(out[4], 5.0, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ema_is_a_weighted_average),
        cmocka_unit_test(test_ema_skips_nan_and_copies_at_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
