/* trainer_internal.h - what the trainer's two source files share; not part
 * of the engine's interface (that is trainer.h).
 *
 *   trainer.c           the math: the cursor, then each phase of a batch with
 *                       its equation, then the steps and the accessors.
 *   trainer_parallel.c  how a large layer runs: its forward pass in two
 *                       half-sums, on one thread or shared between the pool's
 *                       threads with dW and the update; the first layer's
 *                       inputs gathered and prefetched by the threads that use
 *                       them; and the probe that times one thread against the
 *                       pool. Results are the same bits either way.
 *
 * trainer.c calls the nn_tr_ functions below: the kernel jobs at the end are
 * inline (a small layer runs its kernel there), the others are
 * trainer_parallel.c's. */
#ifndef NN_TRAINER_INTERNAL_H
#define NN_TRAINER_INTERNAL_H

#include <stdint.h>

#include "dense.h"
#include "pool.h"
#include "trainer.h"

#define NN_PROBE_BATCHES 6 /* batches timed each way per thread probe */

struct nn_Trainer {
    nn_Model *model;               /* borrowed */
    nn_Optimizer *opt;             /* borrowed */
    const nn_Dataset *data;        /* borrowed */
    nn_TrainConfig cfg;
    const nn_DenseKernels *k;
    nn_Cursor cur;
    nn_Phase last;
    int L;                         /* layers */
    int batches_per_epoch;
    int rows;                      /* rows of the current batch */
    int target_width;
    int *perm;                     /* (n) epoch order */
    float *x;                      /* (batch, sizes[0]) */
    float *t;                      /* (batch, target_width) */
    float *z[NN_MAX_LAYERS];       /* (batch, units) */
    float *a[NN_MAX_LAYERS];
    float *delta[NN_MAX_LAYERS];   /* dL/dz */
    float *da[NN_MAX_LAYERS];      /* dL/da, written by the layer above's backward */
    float *grads;                  /* (n_params), laid out like params */
    float *update;                 /* (n_params), the delta the last update applied */
    float *scratch;                /* (max in*out): W transposed */
    float *partial;                /* (batch, max units): a large layer's second half-sum */
    float *zeros;                  /* (max units), never written: the zero bias of the
                                      second half-sum and of dL/da */
    float *block;                  /* one allocation behind the float buffers */
    /* dropout (dropout.h), hidden layers only; allocated for every hidden
     * layer so a rate set after create still has room, used only when the
     * model's rate is above 0, so a network without dropout pays nothing */
    float *dropped[NN_MAX_LAYERS]; /* (batch, units): the output the layer above reads */
    uint8_t *mask[NN_MAX_LAYERS];  /* (batch, units): 1 kept, 0 dropped */
    float drop_rate[NN_MAX_LAYERS];/* the rate the current batch's forward used (0: none) */
    uint64_t drop_key;             /* nn_dropout_key of cfg.rng */
    /* dropout on the inputs: the model's rate when the trainer was created
     * (the buffers are a batch of inputs, sized then) */
    float drop_in_rate;            /* 0: none */
    float *x_dropped;              /* (batch, sizes[0]): what the first layer reads */
    uint8_t *x_mask;               /* (batch, sizes[0]): 1 kept, 0 dropped */
    void *drop_block;              /* one allocation behind dropped and mask */
    /* trainer_parallel.c's */
    nn_Pool *pool;                 /* threads for large layers (NULL: one thread) */
    int pool_on;                   /* use the pool for the current batch */
    /* Whether threads pay off depends on how the host places them (two
     * virtual processors may share one core); the trainer keeps timing both
     * ways and uses the faster. Results are identical either way. */
    double probe_ns[2][NN_PROBE_BATCHES]; /* the last probe's batch times: [0] one thread, [1] pool */
    int64_t batches_seen;          /* whole batches stepped since creation */
    nn_SparseWork sparse[NN_POOL_MAX_THREADS]; /* per thread: lists of non-zero inputs */
    void *sparse_mem;
};

/* ---- trainer_parallel.c ----------------------------------------------------- */

/* The thread pool (when threads > 1 and the network is large enough to
 * gain) and each thread's lists of non-zero inputs, for t's model and batch
 * size. Cannot fail: without them the trainer runs on one thread, and dense. */
void nn_tr_threads_create(nn_Trainer *t, int threads);
void nn_tr_threads_destroy(nn_Trainer *t);

/* x = the inputs of the batch's rows idx[0 .. t->rows). A large first layer
 * on threads gathers them in its forward job instead, each thread the block
 * it computes with. */
void nn_tr_gather_inputs(nn_Trainer *t, const int *idx);

/* The large layers' side of the kernel jobs below (one thread or the pool). */
void nn_tr_layer_forward_large(nn_Trainer *t, float *z, float *a, nn_Act act, const float *x,
                               const float *W, const float *b, int rows, int in, int out);
void nn_tr_dense_forward_large(nn_Trainer *t, float *y, const float *x, const float *W,
                               const float *b, int rows, int in, int out);
void nn_tr_dense_params_large(nn_Trainer *t, float *dW, float *db, const float *x,
                              const float *dz, int rows, int in, int out);
/* The optimizer's update of every parameter from t->grads. */
void nn_tr_optimizer_step(nn_Trainer *t);

/* Around a whole batch: batch_start chooses one thread or the pool for it
 * and returns its start time, batch_done records how long it took. */
double nn_tr_batch_start(nn_Trainer *t);
void nn_tr_batch_done(nn_Trainer *t, double start);

/* ---- one function per kernel job, called by the phases -----------------------
 * A small layer runs its kernel right here: these are inline because a small
 * network's whole batch takes about a microsecond, and a function call per
 * layer and job would show in it. A large one goes to trainer_parallel.c. */

#define NN_PARALLEL_MIN_PARAMS 20000   /* smaller networks stay on one thread */
#define NN_PARALLEL_MIN_MACS (1 << 17) /* rows*in*out worth waking a worker for */

/* A layer large enough to be split: by its shape alone, never by whether
 * threads are running, so the grouping of sums is always the same. */
static inline int nn_tr_large_layer(const nn_Trainer *t, int rows, int in, int out)
{
    return t->model->n_params >= NN_PARALLEL_MIN_PARAMS && in >= 16 &&
           (int64_t)rows * in * out >= NN_PARALLEL_MIN_MACS;
}

/* z = x W + b, a = f(z). x (rows, in), W (in, out), b (out), z and a (rows, out). */
static inline void nn_tr_layer_forward(nn_Trainer *t, float *z, float *a, nn_Act act,
                                       const float *x, const float *W, const float *b, int rows,
                                       int in, int out)
{
    if (nn_tr_large_layer(t, rows, in, out)) {
        nn_tr_layer_forward_large(t, z, a, act, x, W, b, rows, in, out);
        return;
    }
    t->k->forward(z, x, in, W, b, rows, in, out, 0, out);
    t->k->act_forward(act, a, z, rows, out);
}

/* y = x W + b, no activation (dL/da = delta W^T runs it on W transposed). */
static inline void nn_tr_dense_forward(nn_Trainer *t, float *y, const float *x, const float *W,
                                       const float *b, int rows, int in, int out)
{
    if (nn_tr_large_layer(t, rows, in, out)) {
        nn_tr_dense_forward_large(t, y, x, W, b, rows, in, out);
        return;
    }
    t->k->forward(y, x, in, W, b, rows, in, out, 0, out);
}

/* dW = x^T dz, db = the sum of dz over the rows. dW (in, out), db (out). */
static inline void nn_tr_dense_params(nn_Trainer *t, float *dW, float *db, const float *x,
                                      const float *dz, int rows, int in, int out)
{
    if (nn_tr_large_layer(t, rows, in, out)) {
        nn_tr_dense_params_large(t, dW, db, x, dz, rows, in, out);
        return;
    }
    t->k->backward_params(dW, db, x, dz, rows, in, out, 0, in, 0, out);
}

#endif
