/* test_landscape_worker.c - slices computed on the worker thread.
 *
 * A slice from the worker must equal race_slice_compute's for the same job
 * bit for bit (PCA directions, grid, trajectory and line), also after the
 * caller changed its model and data behind the submission; only the latest
 * of several quick submissions need be computed; a kept workspace serves a
 * second architecture too. The guard: slices at different weights differ. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "landscape_slice.h"
#include "landscape_worker.h"
#include "session.h"

static nn_Session *spiral_session(int hidden)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.noise = 10.0;
    e.hidden[0] = hidden;
    e.hidden[1] = 4;
    nn_opt_config_default(&e.opt, NN_OPT_ADAM);
    e.opt.lr = 0.02f;
    e.batch_size = 16;
    e.seed = 5;
    char err[256];
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    return s;
}

/* T records of the weights, one per epoch trained. */
static float *trajectory(nn_Session *s, int T)
{
    size_t n = s->model->n_params;
    float *traj = malloc((size_t)T * n * sizeof *traj);
    assert_non_null(traj);
    for (int k = 0; k < T; k++) {
        if (k > 0) {
            nn_EpochRecord rec;
            assert_int_equal(nn_session_train_epoch(s, &rec), NN_OK);
        }
        memcpy(traj + (size_t)k * n, s->model->params, n * sizeof *traj);
    }
    return traj;
}

static void assert_same_slice(const race_Slice *x, const race_Slice *y)
{
    size_t nx = (size_t)x->spec.nx, ny = (size_t)x->spec.ny;
    assert_int_equal(x->spec.nx, y->spec.nx);
    assert_int_equal(x->T, y->T);
    assert_int_equal(x->rows, y->rows);
    assert_int_equal(x->data_rows, y->data_rows);
    assert_memory_equal(x->a, y->a, nx * sizeof *x->a);
    assert_memory_equal(x->b, y->b, ny * sizeof *x->b);
    assert_memory_equal(x->loss, y->loss, nx * ny * sizeof *x->loss);
    assert_memory_equal(x->ta, y->ta, (size_t)x->T * sizeof *x->ta);
    assert_memory_equal(x->tb, y->tb, (size_t)x->T * sizeof *x->tb);
    assert_memory_equal(x->line, y->line, (size_t)x->spec.n_line * sizeof *x->line);
    assert_memory_equal(&x->current_loss, &y->current_loss, sizeof x->current_loss);
}

/* Waits for and takes the worker's next slice. */
static race_Slice *take(race_SliceWorker *w, int64_t want_gen)
{
    race_slice_worker_wait(w);
    race_Slice *S = NULL;
    int64_t gen = -1;
    char err[256];
    assert_int_equal(race_slice_worker_take(w, &S, &gen, err, sizeof err), 1);
    assert_int_equal(gen, want_gen);
    assert_non_null(S);
    return S;
}

static void test_worker_equals_synchronous(void **state)
{
    (void)state;
    nn_Session *s = spiral_session(6);
    const int T = 5;
    float *traj = trajectory(s, T);
    race_SliceSpec spec = race_slice_spec_default(RACE_DIRS_PCA);
    spec.nx = spec.ny = 9;
    spec.n_line = 7;
    spec.max_rows = 120;
    char err[256];
    race_Slice *sync = NULL;
    assert_int_equal(race_slice_compute(&sync, &spec, s->model, s->train, s->spec.data.features,
                                        traj, T, err, sizeof err),
                     NN_OK);

    race_SliceWorker *w = NULL;
    assert_int_equal(race_slice_worker_create(&w, err, sizeof err), NN_OK);
    int64_t gen = 0;
    assert_int_equal(race_slice_worker_submit(w, &spec, s->model, s->train, s->spec.data.features,
                                              traj, T, &gen, err, sizeof err),
                     NN_OK);
    assert_int_equal(gen, 1);
    /* the job holds copies: training on and wiping the trajectory change nothing */
    nn_EpochRecord rec;
    assert_int_equal(nn_session_train_epoch(s, &rec), NN_OK);
    memset(traj, 0, (size_t)T * s->model->n_params * sizeof *traj);
    race_Slice *async = take(w, 1);
    assert_same_slice(sync, async);

    /* a second job at the moved weights, in the kept workspace: again equal
     * to the synchronous slice, and different from the first (the guard) */
    free(traj);
    traj = trajectory(s, T);
    race_Slice *sync2 = NULL;
    assert_int_equal(race_slice_compute(&sync2, &spec, s->model, s->train, s->spec.data.features,
                                        traj, T, err, sizeof err),
                     NN_OK);
    assert_int_equal(race_slice_worker_submit(w, &spec, s->model, s->train, s->spec.data.features,
                                              traj, T, &gen, err, sizeof err),
                     NN_OK);
    race_Slice *async2 = take(w, 2);
    assert_same_slice(sync2, async2);
    assert_true(memcmp(async->loss, async2->loss, 81 * sizeof *async->loss) != 0);
    assert_int_equal(race_slice_worker_take(w, &async, &gen, err, sizeof err), 0); /* nothing new */

    race_slice_destroy(sync);
    race_slice_destroy(async);
    race_slice_destroy(sync2);
    race_slice_destroy(async2);
    free(traj);
    nn_session_destroy(s);

    /* another architecture through the same worker: its workspace is rebuilt */
    nn_Session *s2 = spiral_session(3);
    float *traj2 = trajectory(s2, 3);
    race_Slice *sync3 = NULL;
    assert_int_equal(race_slice_compute(&sync3, &spec, s2->model, s2->train,
                                        s2->spec.data.features, traj2, 3, err, sizeof err),
                     NN_OK);
    for (int k = 0; k < 3; k++) /* quick submissions: the last one is what counts */
        assert_int_equal(race_slice_worker_submit(w, &spec, s2->model, s2->train,
                                                  s2->spec.data.features, traj2, 3, &gen, err,
                                                  sizeof err),
                         NN_OK);
    assert_int_equal(gen, 5);
    race_Slice *async3 = take(w, 5);
    assert_same_slice(sync3, async3);
    assert_false(race_slice_worker_busy(w));
    race_slice_destroy(sync3);
    race_slice_destroy(async3);
    race_slice_worker_destroy(w);
    free(traj2);
    nn_session_destroy(s2);
}

/* A job that cannot be computed reports its error and no slice. */
static void test_worker_reports_failure(void **state)
{
    (void)state;
    nn_Session *s = spiral_session(4);
    float *traj = trajectory(s, 1);
    race_SliceSpec spec = race_slice_spec_default(RACE_DIRS_PCA); /* PCA of one record */
    spec.nx = spec.ny = 5;
    char err[256] = "";
    race_SliceWorker *w = NULL;
    assert_int_equal(race_slice_worker_create(&w, err, sizeof err), NN_OK);
    int64_t gen = 0;
    assert_int_equal(race_slice_worker_submit(w, &spec, s->model, s->train, s->spec.data.features,
                                              traj, 1, &gen, err, sizeof err),
                     NN_OK);
    race_slice_worker_wait(w);
    race_Slice *S = (race_Slice *)&gen; /* must be overwritten with NULL */
    assert_int_equal(race_slice_worker_take(w, &S, &gen, err, sizeof err), 1);
    assert_null(S);
    assert_true(err[0] != '\0');
    race_slice_worker_destroy(w);
    free(traj);
    nn_session_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worker_equals_synchronous),
        cmocka_unit_test(test_worker_reports_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
