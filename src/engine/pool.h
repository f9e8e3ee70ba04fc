/* pool.h - a small fork-join thread pool for splitting large layers.
 *
 * nn_pool_run(pool, fn, ctx) calls fn(ctx, part, parts) once for every part
 * in [0, parts) - part 0 on the calling thread - and returns when all are
 * done. Callers split their work so that every value is computed by one
 * thread in the same order whatever the thread count: results do not depend
 * on it. Idle workers spin briefly, then sleep. A pool belongs to its owner
 * (a trainer, an inference buffer); there is no shared global pool. */
#ifndef NN_POOL_H
#define NN_POOL_H

#include <stddef.h>

#include "nn_status.h"

#define NN_POOL_MAX_THREADS 16

typedef struct nn_Pool nn_Pool;
typedef void (*nn_PoolFn)(void *ctx, int part, int parts);

/* threads: total including the caller (1 = no workers, fn runs inline). */
nn_Status nn_pool_create(nn_Pool **out, int threads, char *err, size_t err_len);
void nn_pool_destroy(nn_Pool *p);
int nn_pool_threads(const nn_Pool *p);
void nn_pool_run(nn_Pool *p, nn_PoolFn fn, void *ctx);
/* Part `part` of [0, n) cut in `parts` chunks of a multiple of `align`
 * (the last may be shorter, late ones empty): [*lo, *hi). */
void nn_pool_share(int n, int align, int part, int parts, int *lo, int *hi);
/* Threads worth using on this machine (online processors, capped; the
 * environment variable NNVIZ_THREADS overrides). */
int nn_pool_default_threads(void);

#endif
