/* test_trainer.c - the training cursor: phase, batch and epoch stepping give
 * bit-identical results; same seed, same run; divergence is reported and
 * recoverable; T1 of the reference benchmarks is reproduced. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "metrics.h"
#include "model.h"
#include "optimizer.h"
#include "session.h"
#include "pool.h"
#include "trainer.h"

typedef struct {
    nn_Dataset *data;
    nn_Model *model;
    nn_Optimizer *opt;
    nn_Trainer *trainer;
} Rig;

/* A small classification problem with every moving part in use: shuffling,
 * a partial last batch, Adam state, L2. */
static void rig_make(Rig *r, nn_OptKind kind, float lr, int batch)
{
    char err[256];
    nn_Rng rng;
    nn_rng_seed(&rng, 7);
    assert_int_equal(nn_dataset_create(&r->data, NN_TASK_CLASSIFY, 53, 2, 1, 3, 0, err, sizeof err), NN_OK);
    for (int i = 0; i < 53; i++) {
        r->data->x[2 * i] = (float)(nn_rng_uniform(&rng) * 2 - 1);
        r->data->x[2 * i + 1] = (float)(nn_rng_uniform(&rng) * 2 - 1);
        r->data->label[i] = (r->data->x[2 * i] > 0) + (r->data->x[2 * i + 1] > 0.3f);
    }
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 3;
    arch.sizes[0] = 2, arch.sizes[1] = 16, arch.sizes[2] = 5, arch.sizes[3] = 3;
    arch.act[0] = NN_ACT_TANH, arch.act[1] = NN_ACT_RELU, arch.act[2] = NN_ACT_SOFTMAX;
    assert_int_equal(nn_model_create(&r->model, &arch, NN_LOSS_SPARSE_CCE, err, sizeof err), NN_OK);
    r->model->reg = NN_REG_L2;
    r->model->reg_rate = 0.001f;
    nn_model_init(r->model, NN_INIT_GLOROT_UNIFORM, &rng);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, kind);
    oc.lr = lr;
    assert_int_equal(nn_opt_create(&r->opt, &oc, r->model->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = batch;
    tc.shuffle = 1;
    nn_rng_seed(&tc.rng, 99);
    assert_int_equal(nn_trainer_create(&r->trainer, r->model, r->opt, r->data, &tc, err, sizeof err), NN_OK);
}

static void rig_free(Rig *r)
{
    nn_trainer_destroy(r->trainer);
    nn_opt_destroy(r->opt);
    nn_model_destroy(r->model);
    nn_dataset_destroy(r->data);
}

static void assert_same_state(const Rig *a, const Rig *b)
{
    assert_memory_equal(a->model->params, b->model->params, a->model->n_params * sizeof(float));
    for (int s = 0; s < 2; s++)
        if (a->opt->slot[s])
            assert_memory_equal(a->opt->slot[s], b->opt->slot[s], a->opt->n * sizeof(float));
    assert_memory_equal(nn_trainer_update(a->trainer), nn_trainer_update(b->trainer),
                        a->model->n_params * sizeof(float));
    nn_Cursor ca = nn_trainer_cursor(a->trainer), cb = nn_trainer_cursor(b->trainer);
    assert_int_equal(ca.epoch, cb.epoch);
    assert_int_equal(ca.step, cb.step);
    assert_int_equal(ca.samples, cb.samples);
    assert_memory_equal(&ca.last_loss, &cb.last_loss, sizeof ca.last_loss);
}

static void test_phase_batch_epoch_identical(void **state)
{
    (void)state;
    Rig byphase, bybatch, byepoch;
    rig_make(&byphase, NN_OPT_ADAM, 0.01f, 8);
    rig_make(&bybatch, NN_OPT_ADAM, 0.01f, 8);
    rig_make(&byepoch, NN_OPT_ADAM, 0.01f, 8);
    int bpe = nn_trainer_batches_per_epoch(byphase.trainer);
    assert_int_equal(bpe, 7); /* 53 rows: 6 full batches and one of 5 */
    int phases = nn_trainer_phases_per_batch(byphase.trainer);
    assert_int_equal(phases, 2 * 3 + 2);
    for (int e = 0; e < 3; e++) {
        for (int b = 0; b < bpe; b++) {
            for (int p = 0; p < phases; p++)
                assert_int_equal(nn_trainer_step_phase(byphase.trainer), NN_OK);
            assert_int_equal(nn_trainer_step_batch(bybatch.trainer), NN_OK);
        }
        assert_int_equal(nn_trainer_step_epoch(byepoch.trainer), NN_OK);
        assert_same_state(&byphase, &bybatch);
        assert_same_state(&byphase, &byepoch);
    }
    nn_Cursor c = nn_trainer_cursor(byphase.trainer);
    assert_int_equal(c.epoch, 3);
    assert_int_equal(c.step, 21);
    assert_int_equal(c.samples, 3 * 53);
    /* training moved the weights and the last batch was the partial one */
    assert_int_equal(nn_trainer_batch_rows(byphase.trainer), 5);
    rig_free(&byphase);
    rig_free(&bybatch);
    rig_free(&byepoch);
}

static void test_phase_order_and_accessors(void **state)
{
    (void)state;
    Rig r;
    rig_make(&r, NN_OPT_SGD, 0.1f, 4);
    const nn_PhaseKind kinds[] = {NN_PHASE_FORWARD, NN_PHASE_FORWARD, NN_PHASE_FORWARD, NN_PHASE_LOSS,
                                  NN_PHASE_BACKWARD, NN_PHASE_BACKWARD, NN_PHASE_BACKWARD, NN_PHASE_UPDATE};
    const int layers[] = {0, 1, 2, -1, 2, 1, 0, -1};
    float before[512];
    memcpy(before, r.model->params, r.model->n_params * sizeof(float));
    for (int p = 0; p < 8; p++) {
        nn_Phase ph = nn_trainer_next_phase(r.trainer);
        assert_int_equal(ph.kind, kinds[p]);
        assert_int_equal(ph.layer, layers[p]);
        assert_int_equal(nn_trainer_step_phase(r.trainer), NN_OK);
        if (p < 7) /* nothing changes the weights before the update */
            assert_memory_equal(before, r.model->params, r.model->n_params * sizeof(float));
    }
    /* SGD: the update applied is -lr * gradient, and params moved by it */
    const float *g = nn_trainer_grads(r.trainer), *u = nn_trainer_update(r.trainer);
    for (size_t i = 0; i < r.model->n_params; i++) {
        assert_true(u[i] == -0.1f * g[i]);
        assert_true(r.model->params[i] == before[i] + u[i]);
    }
    /* a = f(z) of the batch, output rows sum to 1 under softmax */
    const float *a = nn_trainer_a(r.trainer, 2);
    for (int row = 0; row < 4; row++)
        assert_close(a[row * 3] + a[row * 3 + 1] + a[row * 3 + 2], 1.0, 1e-6);
    assert_null(nn_trainer_z(r.trainer, 3));
    /* per-layer views are the flat buffers at the model's offsets */
    assert_ptr_equal(nn_trainer_update_W(r.trainer, 1), u + r.model->W_off[1]);
    assert_ptr_equal(nn_trainer_update_b(r.trainer, 2), u + r.model->b_off[2]);
    assert_null(nn_trainer_slot_W(r.trainer, 0, 0)); /* plain SGD keeps no state */
    /* dL/da of hidden layer 1 is delta_2 W_2^T for the first row */
    const float *da1 = nn_trainer_dA(r.trainer, 1), *d2 = nn_trainer_delta(r.trainer, 2);
    for (int i = 0; i < 5; i++) {
        double s = 0;
        for (int j = 0; j < 3; j++)
            s += (double)d2[j] * before[r.model->W_off[2] + (size_t)i * 3 + j];
        assert_close(da1[i], s, 1e-6);
    }
    assert_null(nn_trainer_dA(r.trainer, 2));
    rig_free(&r);
}

static void test_same_seed_same_run(void **state)
{
    (void)state;
    Rig a, b;
    rig_make(&a, NN_OPT_RMSPROP, 0.01f, 5);
    rig_make(&b, NN_OPT_RMSPROP, 0.01f, 5);
    for (int e = 0; e < 4; e++) {
        assert_int_equal(nn_trainer_step_epoch(a.trainer), NN_OK);
        assert_int_equal(nn_trainer_step_epoch(b.trainer), NN_OK);
    }
    assert_same_state(&a, &b);
    rig_free(&a);
    rig_free(&b);
}

static void test_cursor_restore_replays(void **state)
{
    (void)state;
    Rig r;
    rig_make(&r, NN_OPT_MOMENTUM, 0.05f, 8);
    assert_int_equal(nn_trainer_step_epoch(r.trainer), NN_OK);
    assert_int_equal(nn_trainer_step_batch(r.trainer), NN_OK);
    /* snapshot: cursor + parameters + optimizer state */
    nn_Cursor c = nn_trainer_cursor(r.trainer);
    size_t n = r.model->n_params;
    float *params = malloc(n * sizeof *params), *vel = malloc(n * sizeof *vel);
    memcpy(params, r.model->params, n * sizeof *params);
    memcpy(vel, r.opt->slot[0], n * sizeof *vel);
    int64_t it = r.opt->iterations;
    for (int k = 0; k < 10; k++)
        assert_int_equal(nn_trainer_step_batch(r.trainer), NN_OK);
    float *after = malloc(n * sizeof *after);
    memcpy(after, r.model->params, n * sizeof *after);
    /* rewind and replay: the same ten batches give the same weights */
    nn_trainer_set_cursor(r.trainer, &c);
    memcpy(r.model->params, params, n * sizeof *params);
    memcpy(r.opt->slot[0], vel, n * sizeof *vel);
    r.opt->iterations = it;
    for (int k = 0; k < 10; k++)
        assert_int_equal(nn_trainer_step_batch(r.trainer), NN_OK);
    assert_memory_equal(after, r.model->params, n * sizeof *after);
    free(params);
    free(vel);
    free(after);
    rig_free(&r);
}

static void test_divergence_reported(void **state)
{
    (void)state;
    Rig r;
    rig_make(&r, NN_OPT_SGD, 1e30f, 8);
    nn_Status st = NN_OK;
    for (int k = 0; k < 50 && st == NN_OK; k++)
        st = nn_trainer_step_batch(r.trainer);
    assert_int_equal(st, NN_DIVERGED);
    assert_int_equal(nn_trainer_cursor(r.trainer).diverged, 1);
    assert_int_equal(nn_trainer_step_phase(r.trainer), NN_DIVERGED);
    /* recoverable: reset the cursor and the weights, train again */
    nn_trainer_reset(r.trainer);
    nn_Rng rng;
    nn_rng_seed(&rng, 3);
    nn_model_init(r.model, NN_INIT_GLOROT_UNIFORM, &rng);
    r.opt->cfg.lr = 0.01f;
    nn_opt_reset(r.opt);
    assert_int_equal(nn_trainer_step_epoch(r.trainer), NN_OK);
    assert_true(nn_model_all_finite(r.model));
    rig_free(&r);
}

/* Trains a fresh model of arch on d for `epochs` epochs on `threads` threads
 * (initializer and optimizer as given, fixed seeds) and returns a copy of
 * its parameters; the model must be large enough for the thread pool. */
typedef struct {
    nn_Init init;
    nn_OptKind opt;
    uint64_t init_seed, order_seed;
    int epochs;
} BigRun;

static float *train_copy(nn_Dataset *d, const nn_Arch *arch, const BigRun *run, int threads,
                         size_t *n_out)
{
    char err[256];
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, arch, NN_LOSS_SPARSE_CCE, err, sizeof err), NN_OK);
    assert_true(m->n_params >= 20000);
    nn_Rng init;
    nn_rng_seed(&init, run->init_seed);
    nn_model_init(m, run->init, &init);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, run->opt);
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = 64;
    tc.shuffle = 1;
    tc.threads = threads;
    nn_rng_seed(&tc.rng, run->order_seed);
    nn_Trainer *t = NULL;
    assert_int_equal(nn_trainer_create(&t, m, opt, d, &tc, err, sizeof err), NN_OK);
    for (int e = 0; e < run->epochs; e++)
        assert_int_equal(nn_trainer_step_epoch(t), NN_OK);
    *n_out = m->n_params;
    float *params = malloc(m->n_params * sizeof(float));
    memcpy(params, m->params, m->n_params * sizeof(float));
    nn_trainer_destroy(t);
    nn_opt_destroy(opt);
    nn_model_destroy(m);
    return params;
}

/* A network large enough for the thread pool gives the same bits on one
 * thread and on several: large layers always sum their two halves of weight
 * rows apart, whoever computes them. */
static void run_big(int threads, float **params_out, size_t *n_out)
{
    char err[256];
    nn_Rng rng;
    nn_rng_seed(&rng, 5);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, 300, 64, 1, 4, 0, err, sizeof err), NN_OK);
    for (int i = 0; i < 300 * 64; i++)
        d->x[i] = (i % 5 == 0) ? 0.0f : (float)(nn_rng_uniform(&rng) * 2 - 1);
    for (int i = 0; i < 300; i++)
        d->label[i] = (d->x[i * 64] > 0) + 2 * (d->x[i * 64 + 1] > 0);
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 3;
    arch.sizes[0] = 64, arch.sizes[1] = 256, arch.sizes[2] = 80, arch.sizes[3] = 4;
    arch.act[0] = NN_ACT_RELU, arch.act[1] = NN_ACT_ELU, arch.act[2] = NN_ACT_SOFTMAX;
    const BigRun run = {NN_INIT_HE_NORMAL, NN_OPT_ADAMW, 5, 11, 3};
    *params_out = train_copy(d, &arch, &run, threads, n_out);
    nn_dataset_destroy(d);
}

static void test_thread_count_does_not_change_results(void **state)
{
    (void)state;
    float *one, *two, *four;
    size_t n1, n2, n4;
    run_big(1, &one, &n1);
    run_big(2, &two, &n2);
    run_big(4, &four, &n4);
    assert_int_equal(n1, n2);
    assert_memory_equal(one, two, n1 * sizeof(float));
    assert_memory_equal(one, four, n1 * sizeof(float));
    free(one);
    free(two);
    free(four);
}

/* Image-like byte rows, 300 wide (padded to 320 in memory), through a layer
 * large enough for the threads: each thread gathers its own block of input
 * columns. The result is the same on 1, 2 and 3 threads and the same as
 * from a float copy of the data that one thread gathers whole. */
static void run_bytes(int threads, int as_floats, float **params_out, size_t *n_out)
{
    char err[256];
    enum { N = 200, DIM = 300 };
    nn_Rng rng;
    nn_rng_seed(&rng, 21);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, N, DIM, 1, 3, !as_floats, err,
                                       sizeof err),
                     NN_OK);
    d->x_scale = as_floats ? 1.0f : 1.0f / 255.0f;
    for (int i = 0; i < N; i++) {
        int sum = 0;
        for (int c = 0; c < DIM; c++) {
            /* half the pixels zero, like clothes on a black background */
            int v = nn_rng_below(&rng, 2) ? (int)nn_rng_below(&rng, 256) : 0;
            sum += v;
            if (as_floats)
                d->x[(size_t)i * DIM + c] = (float)v * (1.0f / 255.0f);
            else
                ((uint8_t *)nn_dataset_row_u8(d, i))[c] = (uint8_t)v;
        }
        d->label[i] = sum % 3;
    }
    if (!as_floats)
        assert_int_equal(d->x_u8_stride, 320);
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 2;
    arch.sizes[0] = DIM, arch.sizes[1] = 96, arch.sizes[2] = 3;
    arch.act[0] = NN_ACT_RELU, arch.act[1] = NN_ACT_SOFTMAX;
    /* 200 rows: three full batches and one of 8; 12 epochs are enough
     * batches for the thread probe to switch */
    const BigRun run = {NN_INIT_GLOROT_UNIFORM, NN_OPT_ADAM, 4, 8, 12};
    *params_out = train_copy(d, &arch, &run, threads, n_out);
    nn_dataset_destroy(d);
}

static void test_byte_inputs_split_between_threads(void **state)
{
    (void)state;
    float *ref, *p;
    size_t n_ref, n;
    run_bytes(1, 1, &ref, &n_ref);
    const int threads[] = {1, 2, 3};
    for (int k = 0; k < 3; k++) {
        run_bytes(threads[k], 0, &p, &n);
        assert_int_equal(n, n_ref);
        assert_memory_equal(p, ref, n * sizeof(float));
        free(p);
    }
    free(ref);
}

/* NNVIZ_THREADS overrides the processor count; nonsense is ignored. */
static void test_threads_from_environment(void **state)
{
    (void)state;
    unsetenv("NNVIZ_THREADS");
    int procs = nn_pool_default_threads();
    assert_true(procs >= 1);
    setenv("NNVIZ_THREADS", "3", 1);
    assert_int_equal(nn_pool_default_threads(), 3);
    setenv("NNVIZ_THREADS", "1", 1);
    assert_int_equal(nn_pool_default_threads(), 1);
    setenv("NNVIZ_THREADS", "1000", 1);
    assert_int_equal(nn_pool_default_threads(), NN_POOL_MAX_THREADS);
    setenv("NNVIZ_THREADS", "two", 1);
    assert_int_equal(nn_pool_default_threads(), procs);
    setenv("NNVIZ_THREADS", "0", 1);
    assert_int_equal(nn_pool_default_threads(), procs);
    unsetenv("NNVIZ_THREADS");
}

/* A custom epoch order replaces the shuffle and is asked per epoch. */
static void reverse_order(void *ctx, int64_t epoch, int *perm, int n)
{
    int *calls = ctx;
    calls[epoch < 8 ? epoch : 7]++;
    for (int i = 0; i < n; i++)
        perm[i] = n - 1 - i;
}

static void test_custom_order(void **state)
{
    (void)state;
    Rig r;
    rig_make(&r, NN_OPT_SGD, 0.1f, 10);
    nn_trainer_destroy(r.trainer);
    int calls[8] = {0};
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = 10;
    tc.order = reverse_order;
    tc.order_ctx = calls;
    char err[256];
    assert_int_equal(nn_trainer_create(&r.trainer, r.model, r.opt, r.data, &tc, err, sizeof err), NN_OK);
    assert_int_equal(nn_trainer_step_batch(r.trainer), NN_OK);
    const int *idx = nn_trainer_batch_index(r.trainer);
    assert_int_equal(idx[0], 52);
    assert_int_equal(idx[9], 43);
    assert_int_equal(nn_trainer_step_epoch(r.trainer), NN_OK);
    assert_int_equal(nn_trainer_step_batch(r.trainer), NN_OK);
    assert_true(calls[0] >= 1 && calls[1] == 1);
    rig_free(&r);
}

/* T1 of ../shared/bench: Playground spiral, LCG32 shuffle and weights,
 * 2-8-8-8-8-8-8-1 tanh, 1/2 squared error, SGD 0.03, batch 10, no reshuffle:
 * the train loss after 2000 steps is 0.46741271. */
static void test_t1_reference_loss(void **state)
{
    (void)state;
    char err[256];
    nn_Rng unused, rng;
    nn_rng_seed(&unused, 0);
    nn_Dataset *gen = NULL, *d = NULL;
    assert_int_equal(nn_data_playground(&gen, NN_PG_SPIRAL, 500, 0.0, &unused, err, sizeof err), NN_OK);
    nn_rng_seed_lcg32(&rng, 1);
    int order[500];
    for (int i = 0; i < 500; i++)
        order[i] = i;
    nn_rng_shuffle_int(&rng, order, 500);
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, 500, 2, 1, 2, 0, err, sizeof err), NN_OK);
    for (int i = 0; i < 500; i++) {
        d->x[2 * i] = gen->x[2 * order[i]];
        d->x[2 * i + 1] = gen->x[2 * order[i] + 1];
        d->label[i] = gen->label[order[i]];
    }
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 7;
    arch.sizes[0] = 2;
    for (int l = 0; l < 7; l++) {
        arch.sizes[l + 1] = l == 6 ? 1 : 8;
        arch.act[l] = NN_ACT_TANH;
    }
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, &arch, NN_LOSS_HALF_SQUARED, err, sizeof err), NN_OK);
    nn_model_init(m, NN_INIT_UNIFORM, &rng);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_SGD);
    oc.lr = 0.03f;
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = 10;
    nn_rng_seed(&tc.rng, 1);
    nn_Trainer *t = NULL;
    assert_int_equal(nn_trainer_create(&t, m, opt, d, &tc, err, sizeof err), NN_OK);
    for (int s = 0; s < 2000; s++)
        assert_int_equal(nn_trainer_step_batch(t), NN_OK);
    nn_Evaluator *ev = NULL;
    assert_int_equal(nn_evaluator_create(&ev, &arch, 128, err, sizeof err), NN_OK);
    nn_Metrics met;
    nn_evaluate(ev, m, d, 0, &met, NULL);
    assert_close(met.loss, 0.46741271, 1e-5);
    nn_evaluator_destroy(ev);
    nn_trainer_destroy(t);
    nn_opt_destroy(opt);
    nn_model_destroy(m);
    nn_dataset_destroy(d);
    nn_dataset_destroy(gen);
}

/* The default experiment learns: Playground's spiral default gets well
 * below its starting loss. */
static void test_session_learns(void **state)
{
    (void)state;
    char err[256];
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.playground = NN_PG_CIRCLE;
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    nn_Metrics before, after, test;
    nn_session_evaluate(s, &before, NULL, NULL);
    for (int k = 0; k < 100; k++)
        assert_int_equal(nn_session_train_epoch(s, NULL), NN_OK);
    nn_session_evaluate(s, &after, &test, NULL);
    assert_true(after.loss < 0.5 * before.loss);
    assert_true(test.accuracy > 0.9);
    assert_int_equal(s->n_history, 100);
    nn_session_reset(s);
    nn_Metrics again;
    nn_session_evaluate(s, &again, NULL, NULL);
    assert_memory_equal(&again.loss, &before.loss, sizeof again.loss);
    nn_session_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phase_batch_epoch_identical),
        cmocka_unit_test(test_phase_order_and_accessors),
        cmocka_unit_test(test_same_seed_same_run),
        cmocka_unit_test(test_cursor_restore_replays),
        cmocka_unit_test(test_divergence_reported),
        cmocka_unit_test(test_thread_count_does_not_change_results),
        cmocka_unit_test(test_custom_order),
        cmocka_unit_test(test_threads_from_environment),
        cmocka_unit_test(test_byte_inputs_split_between_threads),
        cmocka_unit_test(test_t1_reference_loss),
        cmocka_unit_test(test_session_learns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
