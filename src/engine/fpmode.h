/* fpmode.h - flush subnormal floats to zero while the engine computes.
 *
 * Adam's second moments and relu networks' tiny gradients drift into
 * subnormal numbers, where x86 arithmetic becomes ~100x slower. TensorFlow
 * (and so Keras) flushes subnormals to zero on CPU; the engine does the same,
 * but only inside its own calls: the caller's floating-point mode is saved on
 * entry and restored on exit, so nothing outside the engine changes. */
#ifndef NN_FPMODE_H
#define NN_FPMODE_H

#if defined(__SSE2__) || defined(__x86_64__)
#include <xmmintrin.h>
#define NN_MXCSR_FTZ_DAZ 0x8040u /* flush-to-zero | denormals-are-zero */

typedef unsigned int nn_FpMode;

static inline nn_FpMode nn_fp_enter(void)
{
    nn_FpMode saved = _mm_getcsr();
    if ((saved & NN_MXCSR_FTZ_DAZ) != NN_MXCSR_FTZ_DAZ)
        _mm_setcsr(saved | NN_MXCSR_FTZ_DAZ);
    return saved;
}

static inline void nn_fp_leave(nn_FpMode saved)
{
    if (_mm_getcsr() != saved)
        _mm_setcsr(saved);
}

static inline nn_FpMode nn_fp_current(void) { return _mm_getcsr(); }
static inline void nn_fp_set(nn_FpMode m) { if (_mm_getcsr() != m) _mm_setcsr(m); }
#else
typedef unsigned int nn_FpMode;
static inline nn_FpMode nn_fp_enter(void) { return 0; }
static inline void nn_fp_leave(nn_FpMode saved) { (void)saved; }
static inline nn_FpMode nn_fp_current(void) { return 0; }
static inline void nn_fp_set(nn_FpMode m) { (void)m; }
#endif

#endif
