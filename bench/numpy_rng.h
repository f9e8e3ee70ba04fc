/* numpy_rng.h - NumPy's default_rng(seed) (SeedSequence + PCG64), enough of
 * it to draw Generator.uniform and Generator.permutation exactly as NumPy
 * does, so T2 starts from the reference scripts' weights and batch order. */
#ifndef NNVIZ_NUMPY_RNG_H
#define NNVIZ_NUMPY_RNG_H

#include <stdint.h>

typedef struct {
    unsigned __int128 state, inc;
    int has_uint32;
    uint32_t uinteger;
} NpRng;

/* numpy.random.default_rng(seed) for a seed below 2^32. */
void np_default_rng(NpRng *g, uint32_t seed);
uint64_t np_next_uint64(NpRng *g);
/* Generator.uniform(low, high) (one draw, double). */
double np_uniform(NpRng *g, double low, double high);
/* Generator.permutation(n) into perm. */
void np_permutation(NpRng *g, int *perm, int n);

#endif
