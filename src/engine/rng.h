/* rng.h - explicit-state pseudo-random generators.
 *
 * No hidden global state: every draw takes the generator it advances, so the
 * same seed gives the same sequence on every run. Two kinds share one type:
 * PCG32 (the default, good statistical quality) and LCG32, the tiny generator
 * the reference benchmarks in ../shared/bench use, so our engine can rebuild
 * their data, weights and batch order bit for bit. */
#ifndef NN_RNG_H
#define NN_RNG_H

#include <stdint.h>

typedef enum { NN_RNG_PCG32 = 0, NN_RNG_LCG32 = 1 } nn_RngKind;

typedef struct {
    uint64_t state; /* PCG32: 64-bit state; LCG32: low 32 bits used */
    uint64_t inc;   /* PCG32 stream increment (odd); unused by LCG32 */
    nn_RngKind kind;
} nn_Rng;

/* PCG32 seeded from a 64-bit seed. */
void nn_rng_seed(nn_Rng *r, uint64_t seed);
/* LCG32: s = (1664525*s + 1013904223) mod 2^32, initial state = seed. */
void nn_rng_seed_lcg32(nn_Rng *r, uint32_t seed);

/* Next 32 random bits. */
uint32_t nn_rng_u32(nn_Rng *r);
/* Uniform in [0, 1): next 32 bits / 2^32 (for LCG32 this is exactly the
 * reference benchmarks' u = s / 2^32). */
double nn_rng_uniform(nn_Rng *r);
/* floor(uniform * n), as Playground's shuffle draws an index; n >= 1. */
uint32_t nn_rng_below(nn_Rng *r, uint32_t n);
/* Standard normal by Marsaglia's polar method (Playground's normalRandom). */
double nn_rng_normal(nn_Rng *r);
/* Playground's Fisher-Yates shuffle(): counter runs from n down to 1. */
void nn_rng_shuffle_int(nn_Rng *r, int *a, int n);

#endif
