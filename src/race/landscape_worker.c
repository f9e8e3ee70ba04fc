/* landscape_worker.c - slices on a worker thread (see landscape_worker.h).
 *
 * One mutex guards the queue (at most one waiting job) and the finished
 * slice; the job itself is owned by the thread while it computes, so the
 * lock is never held during a computation. */
#include "landscape_worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything a job reads, copied at submission. */
typedef struct {
    race_SliceSpec spec;
    nn_Model *model;
    nn_Dataset data; /* the copied rows; names left out (a slice does not read them) */
    uint32_t features;
    float *traj;
    int T;
    int data_rows; /* the caller's data set's rows (the slice reports them) */
    int64_t gen;
} Job;

struct race_SliceWorker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;   /* a job queued, stop asked, or a job finished */
    int stop, running;
    Job *queued;         /* waiting, or NULL */
    int64_t next_gen;
    race_Slice *done;    /* finished and not taken, or NULL */
    int has_done;
    int64_t done_gen;
    char done_err[256];  /* the finished job's error ("" when it succeeded) */
    race_Landscape *ws;  /* the thread's workspace, kept between jobs */
};

static void job_free(Job *j)
{
    if (!j)
        return;
    nn_model_destroy(j->model);
    free(j->data.x);
    free(j->data.x_u8);
    free(j->data.y);
    free(j->data.label);
    free(j->traj);
    free(j);
}

/* The first n rows of d's arrays, copied into j->data. 0, or -1 (memory). */
static int copy_rows(Job *j, const nn_Dataset *d, int n)
{
    nn_Dataset *c = &j->data;
    *c = *d;
    c->n = n;
    c->x = NULL, c->x_u8 = NULL, c->y = NULL, c->label = NULL;
    c->class_names = c->col_names = NULL;
    if (d->x && !(c->x = malloc((size_t)n * d->dim * sizeof *c->x)))
        return -1;
    if (d->x)
        memcpy(c->x, d->x, (size_t)n * d->dim * sizeof *c->x);
    if (d->x_u8) {
        size_t bytes = (size_t)n * d->x_u8_stride;
        if (!(c->x_u8 = aligned_alloc(64, (bytes + 63) / 64 * 64)))
            return -1;
        memcpy(c->x_u8, d->x_u8, bytes);
    }
    if (d->y && !(c->y = malloc((size_t)n * d->n_targets * sizeof *c->y)))
        return -1;
    if (d->y)
        memcpy(c->y, d->y, (size_t)n * d->n_targets * sizeof *c->y);
    if (d->label && !(c->label = malloc((size_t)n * sizeof *c->label)))
        return -1;
    if (d->label)
        memcpy(c->label, d->label, (size_t)n * sizeof *c->label);
    return 0;
}

static void *worker_main(void *arg)
{
    race_SliceWorker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->stop && !w->queued)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->stop)
            break;
        Job *j = w->queued;
        w->queued = NULL;
        w->running = 1;
        pthread_mutex_unlock(&w->mu);

        char err[256] = "";
        race_Slice *S = NULL;
        if (race_slice_compute_ws(&S, &w->ws, &j->spec, j->model, &j->data, j->features, j->traj,
                                  j->T, err, sizeof err) != NN_OK)
            S = NULL;
        if (S)
            S->data_rows = j->data_rows;

        pthread_mutex_lock(&w->mu);
        race_slice_destroy(w->done); /* an older slice nobody took */
        w->done = S;
        w->has_done = 1;
        w->done_gen = j->gen;
        snprintf(w->done_err, sizeof w->done_err, "%s", S ? "" : err);
        w->running = 0;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        job_free(j);
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

nn_Status race_slice_worker_create(race_SliceWorker **out, char *err, size_t err_len)
{
    *out = NULL;
    race_SliceWorker *w = calloc(1, sizeof *w);
    if (!w) {
        nn_errorf(err, err_len, "out of memory for the landscape worker");
        return NN_ERR_NOMEM;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        nn_errorf(err, err_len, "cannot start the landscape worker thread");
        return NN_ERR_NOMEM;
    }
    *out = w;
    return NN_OK;
}

void race_slice_worker_destroy(race_SliceWorker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    job_free(w->queued);
    race_slice_destroy(w->done);
    race_landscape_destroy(w->ws);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

nn_Status race_slice_worker_submit(race_SliceWorker *w, const race_SliceSpec *spec,
                                   const nn_Model *m, const nn_Dataset *d, uint32_t features,
                                   const float *traj, int T, int64_t *gen, char *err,
                                   size_t err_len)
{
    if (T < 1 || !traj || !d || d->n < 1) {
        nn_errorf(err, err_len, "a landscape job needs the current weights and a data set");
        return NN_ERR_INVALID_ARG;
    }
    Job *j = calloc(1, sizeof *j);
    int rows = spec->max_rows > 0 && spec->max_rows < d->n ? spec->max_rows : d->n;
    size_t tf = (size_t)T * m->n_params;
    nn_Status st = j ? nn_model_clone(&j->model, m, err, err_len) : NN_ERR_NOMEM;
    if (st == NN_OK && (copy_rows(j, d, rows) != 0 || !(j->traj = malloc(tf * sizeof *j->traj))))
        st = NN_ERR_NOMEM;
    if (st != NN_OK) {
        job_free(j);
        if (st == NN_ERR_NOMEM)
            nn_errorf(err, err_len, "out of memory for a landscape job");
        return st;
    }
    memcpy(j->traj, traj, tf * sizeof *j->traj);
    j->spec = *spec;
    j->features = features;
    j->T = T;
    j->data_rows = d->n;
    pthread_mutex_lock(&w->mu);
    int64_t g = ++w->next_gen;
    j->gen = g;
    job_free(w->queued); /* superseded before it started */
    w->queued = j;       /* the worker owns j from here: it may free it at once */
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (gen)
        *gen = g;
    return NN_OK;
}

int race_slice_worker_take(race_SliceWorker *w, race_Slice **out, int64_t *gen, char *err,
                           size_t err_len)
{
    pthread_mutex_lock(&w->mu);
    int got = w->has_done;
    if (got) {
        *out = w->done;
        if (gen)
            *gen = w->done_gen;
        if (err && err_len)
            snprintf(err, err_len, "%s", w->done_err);
        w->done = NULL;
        w->has_done = 0;
    }
    pthread_mutex_unlock(&w->mu);
    return got;
}

int race_slice_worker_busy(race_SliceWorker *w)
{
    pthread_mutex_lock(&w->mu);
    int busy = w->running || w->queued != NULL;
    pthread_mutex_unlock(&w->mu);
    return busy;
}

void race_slice_worker_wait(race_SliceWorker *w)
{
    pthread_mutex_lock(&w->mu);
    while (w->running || w->queued)
        pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}
