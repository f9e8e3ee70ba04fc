/* app_worker.c - the training thread.
 *
 * Playing trains here, not on the UI thread, so drawing never waits for
 * training and training never waits for a frame. The thread steps batches in
 * short chunks (about a millisecond) while holding the training lock; the UI
 * thread takes the lock once a frame to apply its actions and copy what it
 * draws (app_sync), then draws from the copy without the lock. The thread
 * makes the same trainer calls in the same order as the UI thread would, so
 * a seed gives the same run whichever thread steps it.
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

#include "app/app.h"

#define CHUNK_S 0.001  /* training time per hold of the lock */
#define MAX_WAIT_S 0.1 /* longest sleep at slow speeds (a speed change is signalled anyway) */

struct app_Worker {
    pthread_mutex_t mu;
    pthread_cond_t cv;       /* run, rate or quit changed */
    pthread_t thread;
    int started;
    atomic_int want;         /* the UI thread is waiting for the lock */
    /* under mu */
    int run;                 /* train now */
    int rate;                /* batches per second; 0: as fast as possible */
    int quit;
    int diverged;            /* the thread stopped: 1 diverged loss, -1 other failure */
    double owed;             /* batches due at a limited rate */
    double last;             /* clock of the last rate update */
    int64_t batches;         /* batches the thread ran */
    app_State *a;
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void wait_for(struct app_Worker *w, double seconds)
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

/* Up to max batches, for at most CHUNK_S, or until the UI thread waits.
 * Returns the batches run; stops the run when training failed. */
static int64_t chunk(struct app_Worker *w, int64_t max)
{
    double t0 = mono_now();
    int64_t done = 0;
    int check = 1; /* batches between clock reads, grown while they are cheap */
    while (done < max) {
        for (int k = 0; k < check && done < max; k++) {
            int st = app_step_locked(w->a);
            if (st != 0) {
                w->run = 0;
                w->diverged = st;
                return done;
            }
            done++;
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
    struct app_Worker *w = arg;
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
        w->batches += done;
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

int app_worker_create(app_State *a)
{
    struct app_Worker *w = calloc(1, sizeof *w);
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
    w->a = a;
    a->worker = w;
    return 0;
}

void app_worker_destroy(app_State *a)
{
    struct app_Worker *w = a->worker;
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
    a->worker = NULL;
}

void app_lock(app_State *a)
{
    struct app_Worker *w = a->worker;
    atomic_fetch_add(&w->want, 1);
    pthread_mutex_lock(&w->mu);
    atomic_fetch_sub(&w->want, 1);
}

void app_unlock(app_State *a)
{
    pthread_mutex_unlock(&a->worker->mu);
}

void app_worker_set(app_State *a, int run, int rate)
{
    struct app_Worker *w = a->worker;
    run = run != 0;
    if (run == w->run && rate == w->rate)
        return;
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
            w->run = 0; /* no thread: the window still steps by hand */
            app_set_status(a, 1, "Cannot start the training thread");
            return;
        }
        w->started = 1;
    }
    pthread_cond_signal(&w->cv);
}

int app_worker_take_diverged(app_State *a)
{
    struct app_Worker *w = a->worker;
    int d = w->diverged;
    w->diverged = 0;
    return d;
}

int64_t app_worker_batches(app_State *a)
{
    return a->worker->batches;
}
