/* fastmath.h - vectorizable exp, expm1 and tanh for float.
 *
 * libm's expf/tanhf are scalar calls, which stop GCC from vectorizing the
 * activation loops that dominate small networks. These inline versions use
 * only +, *, / and bit moves, so a loop over them becomes SIMD code. Accuracy
 * is within a few float ulps over the whole range (checked against libm in
 * tests/test_activation.c); results are deterministic for a given build. */
#ifndef NN_FASTMATH_H
#define NN_FASTMATH_H

#include <stdint.h>
#include <string.h>

static inline float nn_bits_to_float(int32_t i)
{
    float f;
    memcpy(&f, &i, sizeof f);
    return f;
}

static inline int32_t nn_float_to_bits(float f)
{
    int32_t i;
    memcpy(&i, &f, sizeof i);
    return i;
}

/* |x| and x with the sign of s, by bit moves (no branches for the vectorizer) */
static inline float nn_absf(float x)
{
    return nn_bits_to_float(nn_float_to_bits(x) & 0x7fffffff);
}

static inline float nn_copysignf(float x, float s)
{
    return nn_bits_to_float((nn_float_to_bits(x) & 0x7fffffff) |
                            (int32_t)((uint32_t)nn_float_to_bits(s) & 0x80000000u));
}

static inline float nn_clampf(float x, float lo, float hi)
{
    x = x < lo ? lo : x;
    return x > hi ? hi : x;
}

/* 2^n for integer n in [-126, 127] (unsigned arithmetic: a NaN argument
 * upstream gives garbage bits here, never undefined behaviour). */
static inline float nn_pow2i(int32_t n)
{
    return nn_bits_to_float((int32_t)(((uint32_t)n + 127u) << 23));
}

/* expm1(r) for |r| <= ln2/2 by its Taylor series to r^8 (truncation below
 * 2e-8 relative there). */
static inline float nn_expm1_small(float r)
{
    float p = 1.0f / 40320.0f;
    p = p * r + 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    return r + r * r * p;
}

/* Splits x = n ln2 + r with |r| <= ln2/2 (Cody-Waite, two-part ln2). */
static inline float nn_reduce_ln2(float x, int32_t *n)
{
    float t = x * 1.44269504088896341f;
    /* round to nearest: adding and subtracting 1.5 * 2^23 drops the fraction
     * (|t| < 2^22 here), without a call to rintf that would not vectorize */
    float kf = (t + 12582912.0f) - 12582912.0f;
    *n = (int32_t)kf;
    return (x - kf * 0.693145751953125f) - kf * 1.428606765330187045e-06f;
}

/* e^x - 1, accurate also near 0. x is clamped to [-87, 88]. */
static inline float nn_expm1f_fast(float x)
{
    x = nn_clampf(x, -87.0f, 88.0f);
    int32_t n;
    float r = nn_reduce_ln2(x, &n);
    float p = nn_expm1_small(r);
    float s = nn_pow2i(n);
    /* 2^n (1 + p) - 1 = s p + (s - 1); exact when n == 0 */
    return s * p + (s - 1.0f);
}

/* e^x. x is clamped to [-87, 88]; e^-87 is still a normal float. */
static inline float nn_expf_fast(float x)
{
    x = nn_clampf(x, -87.0f, 88.0f);
    int32_t n;
    float r = nn_reduce_ln2(x, &n);
    return nn_pow2i(n) * (1.0f + nn_expm1_small(r));
}

/* tanh(x) = sign(x) em / (em + 2) with em = expm1(2|x|); no cancellation near
 * 0, and |x| >= 9 rounds to +-1 in float anyway. */
static inline float nn_tanhf_fast(float x)
{
    float ax = nn_absf(x);
    ax = ax > 9.0f ? 9.0f : ax;
    float em = nn_expm1f_fast(2.0f * ax);
    return nn_copysignf(em / (em + 2.0f), x);
}

/* 1 / (1 + e^-x) computed without overflow: with e = e^-|x| and
 * s = 1/(1+e), sigmoid is s for x >= 0 and e*s for x < 0. */
static inline float nn_sigmoidf_fast(float x)
{
    float e = nn_expf_fast(-nn_absf(x));
    float s = 1.0f / (1.0f + e);
    return x >= 0.0f ? s : e * s;
}

#endif
