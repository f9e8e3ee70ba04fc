/* runner.c - the training thread (see runner.h).
 *
 * The thread steps rounds in short chunks (about a millisecond) while
 * holding the training lock; the UI thread takes the lock once a frame to
 * apply its commands and copy what it draws, then draws from the copy
 * without the lock. The thread makes the same trainer calls in the same
 * order as the UI thread would, so a seed gives the same run whichever
 * thread steps it.
 *
 * Handing the lock over: a thread that unlocks and locks again at once would
 * usually win the lock back, so the UI thread announces that it is waiting
 * (want) and the training thread ends its chunk and lets it in first. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* syscall(SYS_gettid): per-thread priority */
#endif
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "core/runner.h"

#define CHUNK_S 0.001  /* training time per hold of the lock */
#define MAX_WAIT_S 0.1 /* longest sleep at slow speeds (a speed change is signalled anyway) */

struct app_Runner {
    pthread_mutex_t mu;
    pthread_cond_t cv;       /* run, rate or quit changed */
    pthread_t thread;
    int started;
    atomic_int want;         /* the UI thread is waiting for the lock */
    /* under mu */
    int run;                 /* train now */
    int rate;                /* rounds per second; 0: as fast as possible */
    int quit;
    int stopped;             /* why the thread stopped by itself: APP_RUNNER_* */
    int64_t limit_epochs;    /* stop when the first run has trained this many (0: none) */
    int64_t limit_steps;
    double owed;             /* rounds due at a limited rate */
    double last;             /* clock of the last rate update */
    int64_t rounds;          /* rounds the thread ran */
    app_Run *const *runs;    /* the caller's */
    const int *n_runs;
    void (*after_batch)(void *ctx, app_Run *run);
    void *ctx;
    int (*until)(void *ctx);  /* asked after every round: stop now */
    void *until_ctx;
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void wait_for(app_Runner *w, double seconds)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t = (double)ts.tv_nsec * 1e-9 + seconds;
    long add = (long)t;
    ts.tv_sec += add;
    ts.tv_nsec = (long)((t - (double)add) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&w->cv, &w->mu, &ts);
}

int app_runner_round(app_Runner *w)
{
    int live = 0, failed = 0;
    for (int i = 0; i < *w->n_runs; i++) {
        app_Run *run = w->runs[i];
        if (run->diverged)
            continue;
        int st = app_run_step_batch(run);
        if (st == 0) {
            live++;
            if (w->after_batch)
                w->after_batch(w->ctx, run);
        } else if (st < 0) {
            failed = 1;
        }
    }
    return failed ? -1 : live ? 0 : 1;
}

void app_runner_set_limit(app_Runner *w, int64_t epochs, int64_t steps)
{
    w->limit_epochs = epochs > 0 ? epochs : 0;
    w->limit_steps = steps > 0 ? steps : 0;
}

void app_runner_set_until(app_Runner *w, int (*reached)(void *ctx), void *ctx)
{
    w->until = reached;
    w->until_ctx = ctx;
}

/* The first run reached the limit (whole epochs: at an epoch's end). */
static int at_limit(const app_Runner *w)
{
    if (*w->n_runs == 0 || (!w->limit_epochs && !w->limit_steps))
        return 0;
    nn_Cursor c = nn_trainer_cursor(w->runs[0]->s->trainer);
    if (w->limit_steps && c.step >= w->limit_steps)
        return 1;
    return w->limit_epochs && c.epoch >= w->limit_epochs && c.batch == 0 && c.phase == 0;
}

/* Up to max rounds, for at most CHUNK_S, or until the UI thread waits.
 * Returns the rounds run; stops the run when training failed or the limit
 * was reached. */
static int64_t chunk(app_Runner *w, int64_t max)
{
    double t0 = mono_now();
    int64_t done = 0;
    int check = 1; /* rounds between clock reads, grown while they are cheap */
    while (done < max) {
        for (int k = 0; k < check && done < max; k++) {
            if (at_limit(w)) {
                w->run = 0;
                w->stopped = APP_RUNNER_LIMIT;
                return done;
            }
            int st = app_runner_round(w);
            if (st != 0) {
                w->run = 0;
                w->stopped = st == 1 ? APP_RUNNER_DIVERGED : APP_RUNNER_FAILED;
                return done;
            }
            done++;
            if (w->until && w->until(w->until_ctx)) {
                w->run = 0;
                w->stopped = APP_RUNNER_UNTIL;
                return done;
            }
            if (atomic_load_explicit(&w->want, memory_order_relaxed))
                return done;
        }
        double el = mono_now() - t0;
        if (el >= CHUNK_S)
            break;
        if (el < CHUNK_S / 8 && check < 256)
            check *= 2;
    }
    return done;
}

static void *worker_main(void *arg)
{
    app_Runner *w = arg;
#if defined(__linux__)
    /* Below the UI thread: where both share one core, the frame comes first
     * and training takes every moment the window does not need. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
    pthread_mutex_lock(&w->mu);
    while (!w->quit) {
        if (!w->run) {
            pthread_cond_wait(&w->cv, &w->mu);
            continue;
        }
        int64_t n = INT64_MAX;
        if (w->rate > 0) {
            double now = mono_now();
            w->owed += (now - w->last) * (double)w->rate;
            w->last = now;
            /* a slow machine does not build a backlog */
            double cap = (double)w->rate * 0.25 + 1.0;
            if (w->owed > cap)
                w->owed = cap;
            if (w->owed < 1.0) {
                double due = (1.0 - w->owed) / (double)w->rate;
                wait_for(w, due < MAX_WAIT_S ? due : MAX_WAIT_S);
                continue;
            }
            n = (int64_t)w->owed;
        }
        int64_t done = chunk(w, n);
        w->rounds += done;
        if (w->rate > 0)
            w->owed -= (double)done;
        pthread_mutex_unlock(&w->mu);
        while (atomic_load(&w->want) > 0)
            sched_yield();
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int app_runner_create(app_Runner **out, app_Run *const *runs, const int *n_runs,
                      void (*after_batch)(void *ctx, app_Run *run), void *ctx)
{
    *out = NULL;
    app_Runner *w = calloc(1, sizeof *w);
    if (!w)
        return -1;
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0) {
        free(w);
        return -1;
    }
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int ok = pthread_mutex_init(&w->mu, NULL) == 0;
    if (ok && pthread_cond_init(&w->cv, &ca) != 0) {
        pthread_mutex_destroy(&w->mu);
        ok = 0;
    }
    pthread_condattr_destroy(&ca);
    if (!ok) {
        free(w);
        return -1;
    }
    atomic_init(&w->want, 0);
    w->runs = runs;
    w->n_runs = n_runs;
    w->after_batch = after_batch;
    w->ctx = ctx;
    *out = w;
    return 0;
}

void app_runner_destroy(app_Runner *w)
{
    if (!w)
        return;
    if (w->started) {
        pthread_mutex_lock(&w->mu);
        w->quit = 1;
        pthread_cond_signal(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL);
    }
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

void app_runner_lock(app_Runner *w)
{
    atomic_fetch_add(&w->want, 1);
    pthread_mutex_lock(&w->mu);
    atomic_fetch_sub(&w->want, 1);
}

void app_runner_unlock(app_Runner *w)
{
    pthread_mutex_unlock(&w->mu);
}

int app_runner_set(app_Runner *w, int run, int rate)
{
    run = run != 0;
    if (run == w->run && rate == w->rate)
        return 0;
    if (run && !w->run) {
        /* the first batch comes at once, then the rate holds */
        w->owed = 1.0;
        w->last = mono_now();
    } else if (rate != w->rate) {
        w->owed = w->owed < 1.0 ? w->owed : 1.0;
        w->last = mono_now();
    }
    w->run = run;
    w->rate = rate;
    if (run && !w->started) {
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            w->run = 0; /* no thread: training still moves by hand */
            return -1;
        }
        w->started = 1;
    }
    pthread_cond_signal(&w->cv);
    return 0;
}

int app_runner_take_stop(app_Runner *w)
{
    int d = w->stopped;
    w->stopped = 0;
    return d;
}

int64_t app_runner_rounds(const app_Runner *w)
{
    return w->rounds;
}
