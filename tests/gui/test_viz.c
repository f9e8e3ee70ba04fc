/* test_viz.c - colour maps, network geometry and chart scaling (no window). */
#include <stdlib.h>

#include "test_util.h"

#include "viz/viz_chart.h"
#include "viz/viz_color.h"
#include "viz/viz_net.h"

static void test_diverging_ends(void **state)
{
    (void)state;
    viz_Color neg = viz_diverging(-1), pos = viz_diverging(1), mid = viz_diverging(0);
    assert_int_equal(viz_pack(neg) & 0xffffff, VIZ_NEG_HEX);
    assert_int_equal(viz_pack(pos) & 0xffffff, VIZ_POS_HEX);
    assert_int_equal(viz_pack(mid) & 0xffffff, VIZ_MID_HEX);
    /* clamped beyond the ends */
    assert_int_equal(viz_pack(viz_diverging(-7)), viz_pack(neg));
    assert_int_equal(viz_pack(viz_diverging(3)), viz_pack(pos));
    /* NaN is black, never a colour that means a value */
    viz_Color n = viz_diverging(NAN);
    assert_int_equal(n.r + n.g + n.b, 0);
}

static void test_diverging_monotone(void **state)
{
    (void)state;
    /* the colour moves steadily away from the midpoint as |value| grows */
    viz_Color mid = viz_diverging(0);
    int prev_p = -1, prev_n = -1;
    for (int k = 0; k <= 20; k++) {
        viz_Color c = viz_diverging((float)k / 20.0f), o = viz_diverging(-(float)k / 20.0f);
        int dp = abs(c.r - mid.r) + abs(c.g - mid.g) + abs(c.b - mid.b);
        int dn = abs(o.r - mid.r) + abs(o.g - mid.g) + abs(o.b - mid.b);
        assert_true(dp >= prev_p && dn >= prev_n);
        prev_p = dp;
        prev_n = dn;
        if (k >= 2) { /* near zero both are the near-white midpoint */
            assert_true(c.b > c.r); /* positive: blue */
            assert_true(o.r > o.b); /* negative: orange */
        }
    }
}

static void test_shaded_quantized(void **state)
{
    (void)state;
    /* at most VIZ_SHADES + 1 distinct colours over the whole range */
    uint32_t seen[64];
    int n = 0;
    for (int i = 0; i <= 1000; i++) {
        uint32_t p = viz_pack(viz_diverging_shaded(-1.0f + 2.0f * (float)i / 1000.0f));
        int found = 0;
        for (int k = 0; k < n; k++)
            found |= seen[k] == p;
        if (!found && n < 64)
            seen[n++] = p;
    }
    assert_true(n <= VIZ_SHADES + 1);
    assert_true(n >= VIZ_SHADES - 1);
    float v[4] = {-1.0f, 1.0f, 0.2f, -0.2f};
    uint32_t px[4];
    viz_heat_fill(px, v, 4, 1, 1.0f, 1);
    assert_int_equal(px[0] & 0xffffff, VIZ_NEG_HEX);
    assert_int_equal(px[1] & 0xffffff, VIZ_POS_HEX);
    assert_int_equal(px[2], px[1]); /* discretized: sign only */
    assert_int_equal(px[3], px[0]);
}

static void test_net_layout_fits(void **state)
{
    (void)state;
    int units[8] = {7, 8, 8, 8, 8, 8, 8, 1};
    viz_NetLayout L;
    assert_int_equal(viz_net_layout(&L, units, 8, 100, 50, 600, 480, 60, 6, 12), 0);
    for (int c = 0; c < 8; c++) {
        assert_int_equal(L.shown[c], units[c]);
        for (int i = 0; i < L.shown[c]; i++) {
            viz_RectF r = viz_net_tile(&L, c, i);
            assert_true(r.x >= 100 && r.x + r.w <= 700.5f);
            assert_true(r.y >= 50 && r.y + r.h <= 530.5f);
            if (i > 0) { /* tiles in a column do not overlap */
                viz_RectF q = viz_net_tile(&L, c, i - 1);
                assert_true(q.y + q.h < r.y);
            }
        }
        if (c > 0) /* columns do not overlap and leave room for edges */
            assert_true(L.col_x[c - 1] + L.tile * 1.5f <= L.col_x[c]);
    }
    /* capped columns */
    int wide[3] = {784, 128, 10};
    assert_int_equal(viz_net_layout(&L, wide, 3, 0, 0, 400, 400, 60, 4, 12), 0);
    assert_int_equal(L.shown[0], 12);
    assert_int_equal(L.total[1], 128);
    assert_int_equal(viz_net_layout(&L, wide, 0, 0, 0, 400, 400, 60, 4, 12), -1);
}

/* Spreading for numbers under the tiles: the room is there where the
 * height allows, tiles stay in the area and apart; a tall column gets less. */
static void test_net_spread(void **state)
{
    (void)state;
    int units[4] = {7, 4, 2, 1};
    viz_NetLayout L;
    assert_int_equal(viz_net_layout(&L, units, 4, 0, 0, 600, 460, 60, 6, 12), 0);
    float least = viz_net_spread(&L, 40);
    assert_true(least < 40); /* seven tiles of 58 and 40 px do not fit in 460 */
    for (int c = 0; c < 4; c++)
        for (int i = 0; i < L.shown[c]; i++) {
            viz_RectF r = viz_net_tile(&L, c, i);
            assert_true(r.y >= 0 && r.y + r.h <= 460.5f);
            if (i > 0) {
                viz_RectF q = viz_net_tile(&L, c, i - 1);
                assert_true(q.y + q.h + least <= r.y + 0.5f);
            }
        }
    viz_RectF a = viz_net_tile(&L, 1, 0), b = viz_net_tile(&L, 1, 1);
    assert_true(b.y - (a.y + a.h) >= 40); /* four tiles do get the room */
    int few[3] = {2, 3, 1};
    assert_int_equal(viz_net_layout(&L, few, 3, 0, 0, 600, 460, 60, 6, 12), 0);
    assert_true(viz_net_spread(&L, 40) >= 40);
}

static void test_edge_geometry(void **state)
{
    (void)state;
    float x, y;
    viz_edge_point(0, 0, 100, 50, 0, &x, &y);
    assert_close(x, 0, 1e-5);
    assert_close(y, 0, 1e-5);
    viz_edge_point(0, 0, 100, 50, 1, &x, &y);
    assert_close(x, 100, 1e-4);
    assert_close(y, 50, 1e-4);
    viz_edge_point(0, 0, 100, 50, 0.5f, &x, &y);
    assert_close(x, 50, 1e-4);
    assert_close(y, 25, 1e-4);
    assert_true(viz_edge_distance(0, 0, 100, 50, 50, 25) < 0.5f);
    assert_true(viz_edge_distance(0, 0, 100, 50, 50, 60) > 20);
    assert_close(viz_seg_distance(0, 0, 10, 0, 5, 3), 3, 1e-5);
    assert_close(viz_seg_distance(0, 0, 10, 0, -4, 3), 5, 1e-5);
    /* Playground's link width: 1 px at 0, 10 px from |w| = 5 on */
    assert_close(viz_edge_width(0, 1), 1, 1e-6);
    assert_close(viz_edge_width(-5, 1), 10, 1e-6);
    assert_close(viz_edge_width(50, 2), 20, 1e-6);
    assert_close(viz_edge_width(2.5f, 1), 5.5, 1e-6);
}

static void test_scale_linear_log(void **state)
{
    (void)state;
    viz_Scale s;
    viz_scale_init(&s, 0, 2, 100, 0, 0); /* y axis: up is smaller pixels */
    assert_close(viz_scale_map(&s, 0), 100, 1e-5);
    assert_close(viz_scale_map(&s, 1), 50, 1e-5);
    assert_close(viz_scale_invert(&s, 25), 1.5, 1e-6);
    viz_scale_init(&s, 0.01, 10, 0, 300, 1);
    assert_close(viz_scale_map(&s, 0.1), 100, 1e-4);
    assert_close(viz_scale_map(&s, 1), 200, 1e-4);
    assert_close(viz_scale_invert(&s, 200), 1, 1e-6);
    /* a flat series still gets a band */
    viz_scale_init(&s, 3, 3, 0, 100, 0);
    assert_true(s.hi > s.lo);
    double v[5] = {NAN, 0.5, -1, INFINITY, 2};
    double lo = 0, hi = 0;
    assert_int_equal(viz_range(v, 5, 1, 0, &lo, &hi), 3);
    assert_close(lo, -1, 0);
    assert_close(hi, 2, 0);
    assert_int_equal(viz_range(v, 5, 1, 1, &lo, &hi), 2);
    assert_close(lo, 0.5, 0);
}

static void test_ticks(void **state)
{
    (void)state;
    double t[32], lo = 0.013, hi = 0.47, step = 0;
    int n = viz_nice_ticks(&lo, &hi, 5, t, 32, &step);
    assert_true(n >= 3 && n <= 8);
    assert_true(lo <= 0.013 && hi >= 0.47);
    for (int i = 1; i < n; i++)
        assert_close(t[i] - t[i - 1], step, 1e-12);
    /* steps are 1, 2 or 5 times a power of ten */
    double m = step / pow(10, floor(log10(step)));
    assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9);
    lo = 0.003;
    hi = 0.7;
    n = viz_log_ticks(&lo, &hi, t, 32);
    assert_close(lo, 0.001, 1e-12);
    assert_close(hi, 1, 1e-12);
    assert_true(n >= 4);
    char b[32];
    viz_format_tick(0.25, 0.05, b, sizeof b);
    assert_string_equal(b, "0.25");
    viz_format_tick(20000, 5000, b, sizeof b);
    assert_string_equal(b, "20k");
    viz_format_tick(0, 0.1, b, sizeof b);
    assert_string_equal(b, "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diverging_ends),   cmocka_unit_test(test_diverging_monotone),
        cmocka_unit_test(test_shaded_quantized), cmocka_unit_test(test_net_layout_fits),
        cmocka_unit_test(test_edge_geometry),    cmocka_unit_test(test_scale_linear_log),
        cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_net_spread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
