/* numpy_rng.c - NumPy's SeedSequence, PCG64 (XSL-RR 128/64) and the two
 * Generator methods T2 uses, following NumPy's own algorithms step by step. */
#include "numpy_rng.h"

/* ---- SeedSequence (numpy/random/bit_generator.pyx) ---- */
#define INIT_A 0x43b0d7e5u
#define MULT_A 0x931e8875u
#define INIT_B 0x8b51f9ddu
#define MULT_B 0x58f38dedu
#define MIX_MULT_L 0xca01f9ddu
#define MIX_MULT_R 0x4973f715u
#define XSHIFT 16
#define POOL_SIZE 4

static uint32_t hashmix(uint32_t value, uint32_t *hash_const)
{
    value ^= *hash_const;
    *hash_const *= MULT_A;
    value *= *hash_const;
    value ^= value >> XSHIFT;
    return value;
}

static uint32_t mix(uint32_t x, uint32_t y)
{
    uint32_t result = MIX_MULT_L * x - MIX_MULT_R * y;
    result ^= result >> XSHIFT;
    return result;
}

/* SeedSequence(seed).generate_state(n_words, uint32) */
static void seed_sequence_state(uint32_t seed, uint32_t *out, int n_words)
{
    uint32_t pool[POOL_SIZE];
    uint32_t hash_const = INIT_A;
    /* the entropy of an integer seed below 2^32 is the single word [seed] */
    for (int i = 0; i < POOL_SIZE; i++)
        pool[i] = hashmix(i == 0 ? seed : 0u, &hash_const);
    for (int src = 0; src < POOL_SIZE; src++)
        for (int dst = 0; dst < POOL_SIZE; dst++)
            if (src != dst)
                pool[dst] = mix(pool[dst], hashmix(pool[src], &hash_const));
    uint32_t hc = INIT_B;
    for (int i = 0; i < n_words; i++) {
        uint32_t v = pool[i % POOL_SIZE];
        v ^= hc;
        hc *= MULT_B;
        v *= hc;
        v ^= v >> XSHIFT;
        out[i] = v;
    }
}

/* ---- PCG64 ---- */
static const unsigned __int128 PCG_MULT =
    ((unsigned __int128)0x2360ED051FC65DA4ULL << 64) | 0x4385DF649FCCF645ULL;

static void pcg_step(NpRng *g)
{
    g->state = g->state * PCG_MULT + g->inc;
}

void np_default_rng(NpRng *g, uint32_t seed)
{
    uint32_t w[8];
    seed_sequence_state(seed, w, 8);
    /* generate_state(4, uint64): little-endian pairs of 32-bit words */
    uint64_t v[4];
    for (int i = 0; i < 4; i++)
        v[i] = (uint64_t)w[2 * i] | ((uint64_t)w[2 * i + 1] << 32);
    unsigned __int128 initstate = ((unsigned __int128)v[0] << 64) | v[1];
    unsigned __int128 initseq = ((unsigned __int128)v[2] << 64) | v[3];
    g->state = 0;
    g->inc = (initseq << 1) | 1u;
    pcg_step(g);
    g->state += initstate;
    pcg_step(g);
    g->has_uint32 = 0;
    g->uinteger = 0;
}

uint64_t np_next_uint64(NpRng *g)
{
    pcg_step(g);
    uint64_t hi = (uint64_t)(g->state >> 64), lo = (uint64_t)g->state;
    unsigned rot = (unsigned)(hi >> 58);
    uint64_t x = hi ^ lo;
    return (x >> rot) | (x << ((64u - rot) & 63u));
}

static uint32_t next_uint32(NpRng *g)
{
    if (g->has_uint32) {
        g->has_uint32 = 0;
        return g->uinteger;
    }
    uint64_t next = np_next_uint64(g);
    g->has_uint32 = 1;
    g->uinteger = (uint32_t)(next >> 32);
    return (uint32_t)(next & 0xffffffffu);
}

double np_uniform(NpRng *g, double low, double high)
{
    double u = (double)(np_next_uint64(g) >> 11) * (1.0 / 9007199254740992.0);
    return low + (high - low) * u;
}

/* random_interval: masked rejection sampling of [0, max] */
static uint64_t random_interval(NpRng *g, uint64_t max)
{
    if (max == 0)
        return 0;
    uint64_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    uint64_t value;
    if (max <= 0xffffffffu) {
        while ((value = (next_uint32(g) & mask)) > max)
            ;
    } else {
        while ((value = (np_next_uint64(g) & mask)) > max)
            ;
    }
    return value;
}

void np_permutation(NpRng *g, int *perm, int n)
{
    for (int i = 0; i < n; i++)
        perm[i] = i;
    for (int i = n - 1; i >= 1; i--) {
        int j = (int)random_interval(g, (uint64_t)i);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}
