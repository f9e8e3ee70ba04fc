/* rng.c - PCG32 and LCG32 behind one explicit-state interface. */
#include "rng.h"

#include <math.h>

void nn_rng_seed(nn_Rng *r, uint64_t seed)
{
    /* PCG32 reference seeding: state 0, step, add seed, step. */
    r->kind = NN_RNG_PCG32;
    r->state = 0;
    r->inc = (0xda3e39cb94b95bdbULL << 1u) | 1u;
    (void)nn_rng_u32(r);
    r->state += seed;
    (void)nn_rng_u32(r);
}

void nn_rng_seed_lcg32(nn_Rng *r, uint32_t seed)
{
    r->kind = NN_RNG_LCG32;
    r->state = seed;
    r->inc = 0;
}

uint32_t nn_rng_u32(nn_Rng *r)
{
    if (r->kind == NN_RNG_LCG32) {
        uint32_t s = (uint32_t)r->state;
        s = 1664525u * s + 1013904223u;
        r->state = s;
        return s;
    }
    uint64_t old = r->state;
    r->state = old * 6364136223846793005ULL + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

double nn_rng_uniform(nn_Rng *r)
{
    return nn_rng_u32(r) / 4294967296.0;
}

uint32_t nn_rng_below(nn_Rng *r, uint32_t n)
{
    uint32_t k = (uint32_t)floor(nn_rng_uniform(r) * n);
    return k < n ? k : n - 1;
}

double nn_rng_normal(nn_Rng *r)
{
    double v1, v2, s;
    do {
        v1 = 2.0 * nn_rng_uniform(r) - 1.0;
        v2 = 2.0 * nn_rng_uniform(r) - 1.0;
        s = v1 * v1 + v2 * v2;
    } while (s > 1.0 || s == 0.0); /* s == 0 would make log(s)/s undefined */
    return sqrt(-2.0 * log(s) / s) * v1;
}

void nn_rng_shuffle_int(nn_Rng *r, int *a, int n)
{
    int counter = n;
    while (counter > 0) {
        int index = (int)nn_rng_below(r, (uint32_t)counter);
        counter--;
        int t = a[counter];
        a[counter] = a[index];
        a[index] = t;
    }
}
