/* pool.c - fork-join pool: a generation counter wakes the workers, a
 * countdown tells the caller they are done. Workers spin for a short while
 * (a batch's layers follow each other within microseconds) before sleeping
 * on a condition variable, so an idle pool costs no CPU. */
#include "pool.h"

#include "fpmode.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define NN_CPU_RELAX() _mm_pause()
#else
#define NN_CPU_RELAX() ((void)0)
#endif

#define NN_SPIN_NS 200000 /* spin up to 0.2 ms before sleeping: a training step's
                              jobs follow each other much faster than a futex
                              wake-up, but an idle pool must not burn a core */

#define NN_YIELD_AFTER_NS 50000 /* spin this long, then yield while waiting */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

struct nn_Pool {
    int threads;
    pthread_t tid[NN_POOL_MAX_THREADS];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_uint generation; /* bumped once per run */
    atomic_int pending;     /* workers still running the current job */
    atomic_int sleepers;    /* workers waiting on cv */
    atomic_int quit;
    nn_PoolFn fn;
    void *ctx;
    nn_FpMode fp;           /* the caller's floating-point mode, for the workers */
    struct WorkerArg {
        nn_Pool *pool;
        int part;
    } arg[NN_POOL_MAX_THREADS];
};

static void *worker_main(void *varg)
{
    struct WorkerArg *arg = varg;
    nn_Pool *p = arg->pool;
    int part = arg->part;
    unsigned seen = 0;
    for (;;) {
        unsigned gen;
        unsigned spins = 0;
        int64_t spin_start = now_ns();
        while ((gen = atomic_load(&p->generation)) == seen &&
               !atomic_load(&p->quit)) {
            if ((++spins & 255u) != 0) {
                NN_CPU_RELAX();
                continue;
            }
            int64_t waited = now_ns() - spin_start;
            if (waited < NN_SPIN_NS) {
                /* past a short spin, give the processor away now and then:
                 * if the caller shares this core, it must get to run */
                if (waited > NN_YIELD_AFTER_NS)
                    sched_yield();
                continue;
            }
            pthread_mutex_lock(&p->mu);
            atomic_fetch_add(&p->sleepers, 1);
            while (atomic_load(&p->generation) == seen && !atomic_load(&p->quit))
                pthread_cond_wait(&p->cv, &p->mu);
            atomic_fetch_sub(&p->sleepers, 1);
            pthread_mutex_unlock(&p->mu);
        }
        if (atomic_load(&p->quit))
            return NULL;
        seen = gen;
        nn_fp_set(p->fp); /* compute exactly as the caller would */
        p->fn(p->ctx, part, p->threads);
        atomic_fetch_sub_explicit(&p->pending, 1, memory_order_release);
    }
}

void nn_pool_share(int n, int align, int part, int parts, int *lo, int *hi)
{
    int chunk = (n + parts - 1) / parts;
    chunk = (chunk + align - 1) / align * align;
    *lo = part * chunk < n ? part * chunk : n;
    *hi = *lo + chunk < n ? *lo + chunk : n;
}

int nn_pool_default_threads(void)
{
    /* NNVIZ_THREADS=N overrides the processor count (a shared machine, a
     * measurement on one core) */
    const char *env = getenv("NNVIZ_THREADS");
    if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (*end == '\0' && v >= 1)
            return v > NN_POOL_MAX_THREADS ? NN_POOL_MAX_THREADS : (int)v;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > NN_POOL_MAX_THREADS ? NN_POOL_MAX_THREADS : (int)n;
}

nn_Status nn_pool_create(nn_Pool **out, int threads, char *err, size_t err_len)
{
    *out = NULL;
    if (threads < 1 || threads > NN_POOL_MAX_THREADS) {
        nn_errorf(err, err_len, "threads must be 1 to %d, not %d", NN_POOL_MAX_THREADS, threads);
        return NN_ERR_INVALID_ARG;
    }
    nn_Pool *p = calloc(1, sizeof *p);
    if (!p) {
        nn_errorf(err, err_len, "out of memory for the thread pool");
        return NN_ERR_NOMEM;
    }
    p->threads = 1;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int t = 1; t < threads; t++) {
        p->arg[t].pool = p;
        p->arg[t].part = t;
        if (pthread_create(&p->tid[t], NULL, worker_main, &p->arg[t]) != 0)
            break; /* fewer threads is still correct, just slower */
        p->threads = t + 1;
    }
    *out = p;
    return NN_OK;
}

void nn_pool_destroy(nn_Pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->quit, 1);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int t = 1; t < p->threads; t++)
        pthread_join(p->tid[t], NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

int nn_pool_threads(const nn_Pool *p)
{
    return p ? p->threads : 1;
}

void nn_pool_run(nn_Pool *p, nn_PoolFn fn, void *ctx)
{
    if (!p || p->threads == 1) {
        fn(ctx, 0, 1);
        return;
    }
    p->fn = fn;
    p->ctx = ctx;
    p->fp = nn_fp_current();
    atomic_store_explicit(&p->pending, p->threads - 1, memory_order_relaxed);
    /* sequentially consistent: the bump must be visible before sleepers is
     * read, or a worker going to sleep right now could miss its wake-up */
    atomic_fetch_add(&p->generation, 1);
    if (atomic_load(&p->sleepers) > 0) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    fn(ctx, 0, p->threads);
    unsigned spins = 0;
    int64_t start = 0;
    while (atomic_load_explicit(&p->pending, memory_order_acquire) > 0) {
        if ((++spins & 255u) != 0) {
            NN_CPU_RELAX();
            continue;
        }
        /* a worker descheduled onto this core needs the processor to finish */
        if (start == 0)
            start = now_ns();
        else if (now_ns() - start > NN_YIELD_AFTER_NS)
            sched_yield();
    }
}
