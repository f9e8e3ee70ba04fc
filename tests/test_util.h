/* test_util.h - small helpers shared by the cmocka tests. */
#ifndef NNVIZ_TEST_UTIL_H
#define NNVIZ_TEST_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

/* cmocka 1.1.5 has no assert_double_equal: compare within a tolerance and
 * print both values when they differ. */
#define assert_close(actual, expected, tol)                                                   \
    do {                                                                                      \
        double a_ = (double)(actual), e_ = (double)(expected), t_ = (double)(tol);            \
        if (!(fabs(a_ - e_) <= t_)) {                                                         \
            print_error("%s = %.10g, expected %.10g (tolerance %g)\n", #actual, a_, e_, t_);  \
            fail();                                                                           \
        }                                                                                     \
    } while (0)

/* Relative tolerance: |a-e| <= tol * max(1, |e|). */
#define assert_close_rel(actual, expected, tol)                                               \
    do {                                                                                      \
        double ar_ = (double)(actual), er_ = (double)(expected);                              \
        assert_close(ar_, er_, (tol) * (fabs(er_) > 1.0 ? fabs(er_) : 1.0));                  \
    } while (0)

#endif
