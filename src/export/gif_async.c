/* gif_async.c - the GIF recorder's worker thread: a mutex-guarded list of
 * frame copies, consumed in order. Quantizing a frame takes tens of
 * milliseconds; on the worker the window keeps its frame rate. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/gif_async.h"
#include "export/gif_writer.h"

typedef struct Frame {
    struct Frame *next;
    uint32_t px[];        /* w*h */
} Frame;

struct ex_GifAsync {
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    ex_Gif *gif;
    int w, h;
    char path[1024];
    Frame *head, *tail;   /* queued, oldest first */
    int finishing;        /* no more frames will come */
    int state;            /* 0 working, 1 saved, -1 failed */
    int encoded;
    char msg[1200];
};

static void *worker(void *arg)
{
    ex_GifAsync *r = arg;
    char err[1100];
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (!r->head && !r->finishing)
            pthread_cond_wait(&r->cv, &r->mu);
        Frame *f = r->head;
        if (f) {
            r->head = f->next;
            if (!r->head)
                r->tail = NULL;
        }
        int failed = r->state < 0;
        pthread_mutex_unlock(&r->mu);
        if (!f)
            break; /* finishing and nothing queued */
        int rc = failed ? 0 : ex_gif_add(r->gif, f->px, r->w, err, sizeof err);
        free(f);
        pthread_mutex_lock(&r->mu);
        if (rc != 0) {
            r->state = -1;
            snprintf(r->msg, sizeof r->msg, "%s", err);
        } else if (!failed) {
            r->encoded++;
        }
        pthread_mutex_unlock(&r->mu);
    }
    int rc = -1;
    pthread_mutex_lock(&r->mu);
    int failed = r->state < 0;
    pthread_mutex_unlock(&r->mu);
    if (!failed)
        rc = ex_gif_save(r->gif, r->path, err, sizeof err);
    pthread_mutex_lock(&r->mu);
    if (!failed) {
        r->state = rc == 0 ? 1 : -1;
        snprintf(r->msg, sizeof r->msg, "%s", rc == 0 ? r->path : err);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

ex_GifAsync *ex_gif_async_start(const char *path, int w, int h, int fps, char *err, size_t err_len)
{
    ex_GifAsync *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    r->gif = ex_gif_create(w, h, fps, err, err_len);
    if (!r->gif) {
        free(r);
        return NULL;
    }
    r->w = w;
    r->h = h;
    snprintf(r->path, sizeof r->path, "%s", path);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    if (pthread_create(&r->tid, NULL, worker, r) != 0) {
        snprintf(err, err_len, "cannot start the GIF encoder's thread");
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->cv);
        ex_gif_free(r->gif);
        free(r);
        return NULL;
    }
    return r;
}

int ex_gif_async_push(ex_GifAsync *r, const uint32_t *argb, int pitch_px)
{
    Frame *f = malloc(sizeof *f + (size_t)r->w * (size_t)r->h * sizeof(uint32_t));
    if (!f)
        return -1;
    f->next = NULL;
    for (int y = 0; y < r->h; y++)
        memcpy(f->px + (size_t)y * (size_t)r->w, argb + (size_t)y * (size_t)pitch_px,
               (size_t)r->w * sizeof(uint32_t));
    pthread_mutex_lock(&r->mu);
    int ok = r->state >= 0 && !r->finishing;
    if (ok) {
        if (r->tail)
            r->tail->next = f;
        else
            r->head = f;
        r->tail = f;
        pthread_cond_signal(&r->cv);
    }
    pthread_mutex_unlock(&r->mu);
    if (!ok)
        free(f);
    return ok ? 0 : -1;
}

void ex_gif_async_finish(ex_GifAsync *r)
{
    pthread_mutex_lock(&r->mu);
    r->finishing = 1;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

int ex_gif_async_poll(ex_GifAsync *r, int *encoded, char *msg, size_t msg_len)
{
    pthread_mutex_lock(&r->mu);
    int st = r->state;
    if (encoded)
        *encoded = r->encoded;
    if (msg && msg_len)
        snprintf(msg, msg_len, "%s", r->msg);
    pthread_mutex_unlock(&r->mu);
    return st;
}

void ex_gif_async_free(ex_GifAsync *r)
{
    if (!r)
        return;
    ex_gif_async_finish(r);
    pthread_join(r->tid, NULL);
    while (r->head) {
        Frame *f = r->head;
        r->head = f->next;
        free(f);
    }
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    ex_gif_free(r->gif);
    free(r);
}
