/* test_contour.c - marching squares: a straight level line lies where the
 * field crosses the level, a circle's pieces lie on the circle, NaN cells
 * and a field that never crosses give none. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "viz/viz_contour.h"

enum { W = 20, H = 16 };

static void test_straight(void **state)
{
    (void)state;
    static float v[W * H], seg[4 * 2 * W * H];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            v[y * W + x] = 0.5f * (float)x - 3.1f; /* crosses 0 at x = 6.2 */
    int n = viz_contour(v, W, H, 0.0f, seg, 2 * W * H);
    assert_int_equal(n, H - 1); /* one piece per row of cells */
    for (int i = 0; i < n; i++) {
        assert_true(fabsf(seg[4 * i] - 6.2f) < 1e-4f);
        assert_true(fabsf(seg[4 * i + 2] - 6.2f) < 1e-4f);
        assert_true(fabsf(fabsf(seg[4 * i + 3] - seg[4 * i + 1]) - 1.0f) < 1e-4f);
    }
    /* the same at another level */
    n = viz_contour(v, W, H, 1.0f, seg, 2 * W * H);
    assert_int_equal(n, H - 1);
    assert_true(fabsf(seg[0] - 8.2f) < 1e-4f);
    /* at most max_seg */
    assert_int_equal(viz_contour(v, W, H, 0.0f, seg, 3), 3);
}

static void test_circle_and_nan(void **state)
{
    (void)state;
    static float v[W * H], seg[4 * 2 * W * H];
    const float cx = 9.5f, cy = 7.3f, R = 5.0f;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            v[y * W + x] = hypotf((float)x - cx, (float)y - cy) - R;
    int n = viz_contour(v, W, H, 0.0f, seg, 2 * W * H);
    assert_true(n > 20);
    for (int i = 0; i < 2 * n; i++) {
        float d = hypotf(seg[2 * i] - cx, seg[2 * i + 1] - cy);
        assert_true(fabsf(d - R) < 0.1f);
    }
    /* a NaN corner takes its four cells out */
    int at = 7 * W + 4; /* a sample on the circle's left side */
    v[at] = NAN;
    int m = viz_contour(v, W, H, 0.0f, seg, 2 * W * H);
    assert_true(m < n && m >= n - 4);
    /* nothing crosses a level above every value */
    assert_int_equal(viz_contour(v, W, H, 100.0f, seg, 2 * W * H), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_straight),
        cmocka_unit_test(test_circle_and_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
