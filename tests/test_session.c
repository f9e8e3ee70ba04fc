/* test_session.c - sessions that borrow their data, and the session changes
 * that keep the weights: a new training set, a new batch size.
 *
 * "The same run" is checked bit for bit: parameters, optimizer slots and
 * iterations by memcmp, and the batch order by comparing the rows of every
 * batch. Each comparison has a guard showing it can fail (the weights moved,
 * the order is shuffled, a different run differs). */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "experiment.h"
#include "session.h"
#include "trainer.h"

/* Spiral with noise, Adam (so there are slots) on a decaying learning rate,
 * 250 training rows in batches of 16: 15 full batches and one of 10. */
static void spec_make(nn_Experiment *e)
{
    nn_experiment_default(e);
    e->data.noise = 10.0;
    e->hidden[0] = 6;
    e->hidden[1] = 4;
    nn_opt_config_default(&e->opt, NN_OPT_ADAM);
    e->opt.lr = 0.02f;
    e->opt.schedule.kind = NN_SCHED_EXPONENTIAL;
    e->opt.schedule.decay_steps = 7;
    e->opt.schedule.decay_rate = 0.9f;
    e->batch_size = 16;
    e->shuffle = 1;
    e->seed = 11;
}

static nn_Session *session_owning(const nn_Experiment *e)
{
    char err[256];
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, e, err, sizeof err), NN_OK);
    return s;
}

static nn_Session *session_borrowing(const nn_Experiment *e, nn_Dataset *train, nn_Dataset *test)
{
    char err[256];
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create_borrowed(&s, e, train, test, err, sizeof err), NN_OK);
    return s;
}

static size_t param_bytes(const nn_Session *s) { return s->model->n_params * sizeof(float); }

/* Parameters, optimizer slots and iterations are bit-identical. */
static void assert_same_weights(const nn_Session *a, const nn_Session *b)
{
    assert_int_equal(a->model->n_params, b->model->n_params);
    assert_memory_equal(a->model->params, b->model->params, param_bytes(a));
    for (int k = 0; k < 2; k++) {
        assert_true((a->opt->slot[k] == NULL) == (b->opt->slot[k] == NULL));
        if (a->opt->slot[k])
            assert_memory_equal(a->opt->slot[k], b->opt->slot[k], param_bytes(a));
    }
    assert_int_equal(a->opt->iterations, b->opt->iterations);
}

/* The batch just run used the same rows in the same order on both. */
static void assert_same_batch(const nn_Session *a, const nn_Session *b)
{
    int rows = nn_trainer_batch_rows(a->trainer);
    assert_int_equal(rows, nn_trainer_batch_rows(b->trainer));
    assert_memory_equal(nn_trainer_batch_index(a->trainer), nn_trainer_batch_index(b->trainer),
                        (size_t)rows * sizeof(int));
}

/* One batch on each of two sessions, which must use the same rows. */
static void step_both(nn_Session *a, nn_Session *b)
{
    assert_int_equal(nn_trainer_step_batch(a->trainer), NN_OK);
    assert_int_equal(nn_trainer_step_batch(b->trainer), NN_OK);
    assert_same_batch(a, b);
}

static void load_shared(const nn_Experiment *e, nn_Dataset **train, nn_Dataset **test)
{
    char err[256];
    assert_int_equal(nn_session_load_data(&e->data, train, test, err, sizeof err), NN_OK);
    assert_non_null(*train);
    assert_non_null(*test);
}

/* ------------------------------------------------------------------------ */
/* Borrowed data                                                            */
/* ------------------------------------------------------------------------ */

/* Two sessions on one copy of the data and one with its own copy start from
 * the same weights, see the same batches and end with the same weights. */
static void test_borrowed_sessions_train_like_owning(void **state)
{
    (void)state;
    nn_Experiment e;
    spec_make(&e);
    nn_Dataset *train, *test;
    load_shared(&e, &train, &test);
    nn_Session *a = session_borrowing(&e, train, test), *b = session_borrowing(&e, train, test);
    nn_Session *own = session_owning(&e);
    assert_ptr_equal(a->train, train);
    assert_ptr_equal(b->test, test);
    assert_false(a->owns_train || a->owns_test);
    assert_true(own->owns_train && own->owns_test);
    assert_ptr_not_equal(own->train, train);
    assert_int_equal(own->train->n, train->n);
    assert_memory_equal(own->train->x, train->x, (size_t)train->n * 2 * sizeof(float));
    assert_memory_equal(own->train->label, train->label, (size_t)train->n * sizeof(int32_t));
    assert_same_weights(a, b);
    assert_same_weights(a, own);

    float *start = malloc(param_bytes(a));
    memcpy(start, a->model->params, param_bytes(a));
    int bpe = nn_trainer_batches_per_epoch(a->trainer);
    assert_int_equal(bpe, 16);
    int *first = malloc(16 * sizeof *first), order_changed = 0;
    for (int k = 0; k < 3 * bpe; k++) {
        step_both(a, b);
        assert_int_equal(nn_trainer_step_batch(own->trainer), NN_OK);
        assert_same_batch(a, own);
        /* guard: the order is shuffled anew every epoch, so the comparison
         * above would notice a session that reused or skipped a shuffle */
        if (k == 0)
            memcpy(first, nn_trainer_batch_index(a->trainer), 16 * sizeof *first);
        if (k == bpe && memcmp(first, nn_trainer_batch_index(a->trainer), 16 * sizeof *first))
            order_changed = 1;
    }
    assert_true(order_changed);
    assert_same_weights(a, b);
    assert_same_weights(a, own);
    assert_int_equal(nn_trainer_cursor(a->trainer).epoch, 3);
    /* guard: training moved the weights */
    assert_true(memcmp(start, a->model->params, param_bytes(a)) != 0);
    free(first);
    free(start);
    nn_session_destroy(own);
    nn_session_destroy(b);
    nn_session_destroy(a);
    nn_dataset_destroy(test);
    nn_dataset_destroy(train);
}

/* Sum of every value of a data set: reads all of it (ASan checks it is alive). */
static double data_sum(const nn_Dataset *d)
{
    double s = 0.0;
    for (int i = 0; i < d->n; i++)
        s += d->x[2 * i] + d->x[2 * i + 1] + d->label[i];
    return s;
}

/* Destroying a borrowing session leaves the data to its owner: it can be read
 * and trained on again, and is freed once (ASan reports a double free). */
static void test_destroying_borrowed_session_keeps_data(void **state)
{
    (void)state;
    nn_Experiment e;
    spec_make(&e);
    nn_Dataset *train, *test;
    load_shared(&e, &train, &test);
    double sum_train = data_sum(train), sum_test = data_sum(test);
    nn_Session *a = session_borrowing(&e, train, test);
    assert_int_equal(nn_session_train_epoch(a, NULL), NN_OK);
    nn_session_destroy(a);
    assert_true(data_sum(train) == sum_train);
    assert_true(data_sum(test) == sum_test);

    /* without a test set: test figures are NaN, the training set still works */
    nn_Session *b = session_borrowing(&e, train, NULL);
    nn_EpochRecord rec;
    assert_int_equal(nn_session_train_epoch(b, &rec), NN_OK);
    assert_true(isnan(rec.test_loss));
    assert_true(isfinite(rec.train_loss));
    nn_session_destroy(b);
    assert_true(data_sum(train) == sum_train);
    nn_dataset_destroy(test);
    nn_dataset_destroy(train);
}

static void test_borrowed_errors(void **state)
{
    (void)state;
    char err[256] = "";
    nn_Experiment e;
    spec_make(&e);
    nn_Dataset *train, *test;
    load_shared(&e, &train, &test);
    nn_Session *s = (nn_Session *)&e; /* anything but NULL: must be cleared */
    assert_int_equal(nn_session_create_borrowed(&s, &e, NULL, test, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_null(s);
    assert_true(strstr(err, "training set") != NULL);
    /* a test set that does not fit the model: the failed build frees none of
     * the data (ASan would see the frees below as double) */
    nn_Dataset *three = NULL;
    assert_int_equal(nn_dataset_create(&three, NN_TASK_CLASSIFY, 20, 3, 1, 2, 0, err, sizeof err),
                     NN_OK);
    assert_int_not_equal(nn_session_create_borrowed(&s, &e, train, three, err, sizeof err), NN_OK);
    assert_null(s);
    nn_dataset_destroy(three);
    double sum = data_sum(train);
    e.batch_size = 0; /* an invalid spec */
    assert_int_equal(nn_session_create_borrowed(&s, &e, train, test, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_null(s);
    assert_true(data_sum(train) == sum);
    /* the loader checks the data spec itself */
    nn_DataSpec bad = e.data;
    bad.samples = 3;
    nn_Dataset *t1 = train, *t2 = test;
    assert_int_equal(nn_session_load_data(&bad, &t1, &t2, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(t1);
    assert_null(t2);
    assert_true(strstr(err, "samples") != NULL);
    nn_dataset_destroy(test);
    nn_dataset_destroy(train);
}

/* Rebuilding with the same data spec keeps borrowing; with another the
 * session loads its own data and owns it, leaving the borrowed sets alone. */
static void test_rebuild_keeps_or_replaces_borrowed_data(void **state)
{
    (void)state;
    char err[256];
    nn_Experiment e;
    spec_make(&e);
    nn_Dataset *train, *test;
    load_shared(&e, &train, &test);
    double sum = data_sum(train);
    nn_Session *s = session_borrowing(&e, train, test);

    nn_Experiment deeper = e;
    deeper.hidden[1] = 5;
    assert_int_equal(nn_session_rebuild(s, &deeper, err, sizeof err), NN_OK);
    assert_ptr_equal(s->train, train);
    assert_ptr_equal(s->test, test);
    assert_false(s->owns_train || s->owns_test);
    assert_int_equal(s->model->arch.sizes[2], 5);

    nn_Experiment bad = deeper;
    bad.batch_size = 0;
    assert_int_equal(nn_session_rebuild(s, &bad, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_ptr_equal(s->train, train);
    assert_false(s->owns_train);

    nn_Experiment other = deeper;
    other.data.seed = 2;
    assert_int_equal(nn_session_rebuild(s, &other, err, sizeof err), NN_OK);
    assert_ptr_not_equal(s->train, train);
    assert_ptr_not_equal(s->test, test);
    assert_true(s->owns_train && s->owns_test);
    assert_true(data_sum(train) == sum);
    assert_int_equal(nn_session_train_epoch(s, NULL), NN_OK);
    nn_session_destroy(s); /* frees its own sets, not the borrowed ones */
    assert_true(data_sum(train) == sum);
    nn_session_destroy(session_borrowing(&e, train, test));
    nn_dataset_destroy(test);
    nn_dataset_destroy(train);
}

/* ------------------------------------------------------------------------ */
/* A new training set, a new batch size                                     */
/* ------------------------------------------------------------------------ */

/* A copy of a 2-D classification set, plus one point when cls >= 0. */
static nn_Dataset *copy_set(const nn_Dataset *src, float x1, float x2, int cls)
{
    char err[256];
    int n = src->n + (cls >= 0);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, NN_TASK_CLASSIFY, n, 2, 1, src->n_classes, 0, err,
                                       sizeof err),
                     NN_OK);
    memcpy(d->x, src->x, (size_t)src->n * 2 * sizeof(float));
    memcpy(d->label, src->label, (size_t)src->n * sizeof(int32_t));
    if (cls >= 0) {
        d->x[2 * src->n] = x1;
        d->x[2 * src->n + 1] = x2;
        d->label[src->n] = cls;
    }
    return d;
}

/* What a swap must keep: the weights and optimizer state, and the counters. */
typedef struct {
    float *params, *slot[2];
    int64_t iterations;
    nn_Cursor cur;
} Kept;

static Kept kept_take(const nn_Session *s)
{
    Kept k;
    k.params = malloc(param_bytes(s));
    memcpy(k.params, s->model->params, param_bytes(s));
    for (int j = 0; j < 2; j++) {
        k.slot[j] = NULL;
        if (s->opt->slot[j]) {
            k.slot[j] = malloc(param_bytes(s));
            memcpy(k.slot[j], s->opt->slot[j], param_bytes(s));
        }
    }
    k.iterations = s->opt->iterations;
    k.cur = nn_trainer_cursor(s->trainer);
    return k;
}

/* Weights, optimizer and counters are as kept; the epoch is at batch 0. */
static void kept_check(const Kept *k, const nn_Session *s)
{
    assert_memory_equal(k->params, s->model->params, param_bytes(s));
    for (int j = 0; j < 2; j++)
        if (k->slot[j])
            assert_memory_equal(k->slot[j], s->opt->slot[j], param_bytes(s));
    assert_int_equal(k->iterations, s->opt->iterations);
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    assert_int_equal(c.epoch, k->cur.epoch);
    assert_int_equal(c.step, k->cur.step);
    assert_int_equal(c.samples, k->cur.samples);
    assert_int_equal(c.batch, 0);
    assert_int_equal(c.phase, 0);
}

static void kept_free(Kept *k)
{
    free(k->params);
    free(k->slot[0]);
    free(k->slot[1]);
}

static void step_batches(nn_Session *s, int n)
{
    for (int k = 0; k < n; k++)
        assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
}

/* Two sessions given the same new set at the same point keep training alike:
 * the order comes from the spec, not from who swapped. The weights and
 * counters survive the swap, and the new point is trained on. */
static void test_set_train_same_order_after(void **state)
{
    (void)state;
    char err[256];
    nn_Experiment e;
    spec_make(&e);
    nn_Session *a = session_owning(&e), *b = session_owning(&e);
    step_batches(a, 21);
    step_batches(b, 21);
    Kept ka = kept_take(a), kb = kept_take(b);
    assert_int_equal(ka.cur.batch, 5);
    nn_Dataset *da = copy_set(a->train, 0.5f, -0.5f, 1), *db = copy_set(b->train, 0.5f, -0.5f, 1);
    assert_int_equal(nn_session_set_train(a, da, 1, err, sizeof err), NN_OK);
    assert_int_equal(nn_session_set_train(b, db, 0, err, sizeof err), NN_OK);
    assert_ptr_equal(a->train, da);
    assert_true(a->owns_train);
    assert_ptr_equal(b->train, db);
    assert_false(b->owns_train);
    kept_check(&ka, a);
    kept_check(&kb, b);
    assert_int_equal(nn_trainer_batches_per_epoch(a->trainer), 16); /* 251 rows */

    int seen_new = 0;
    for (int k = 0; k < 2 * 16; k++) {
        step_both(a, b);
        const int *idx = nn_trainer_batch_index(a->trainer);
        for (int r = 0; r < nn_trainer_batch_rows(a->trainer); r++)
            seen_new |= idx[r] == 250;
    }
    assert_true(seen_new);
    assert_same_weights(a, b);
    assert_int_equal(nn_trainer_cursor(a->trainer).step, 21 + 32);
    kept_free(&ka);
    kept_free(&kb);
    nn_session_destroy(a); /* frees da */
    nn_session_destroy(b);
    nn_dataset_destroy(db);
}

/* The same rows again: at an epoch boundary nothing changes (the next epoch
 * is shuffled from the spec's stream as it would have been); mid-epoch the
 * epoch starts over with the batches it began with. */
static void test_set_train_same_rows(void **state)
{
    (void)state;
    char err[256];
    nn_Experiment e;
    spec_make(&e);
    nn_Session *a = session_owning(&e), *b = session_owning(&e);
    assert_int_equal(nn_session_train_epoch(a, NULL), NN_OK);
    assert_int_equal(nn_session_train_epoch(b, NULL), NN_OK);
    assert_int_equal(nn_session_set_train(a, copy_set(a->train, 0, 0, -1), 1, err, sizeof err),
                     NN_OK);
    for (int k = 0; k < 2 * 16; k++)
        step_both(a, b);
    assert_same_weights(a, b);

    /* epoch 3 begins: remember its first batch, run four more, swap */
    step_batches(b, 1);
    int first[16];
    memcpy(first, nn_trainer_batch_index(b->trainer), sizeof first);
    step_batches(b, 4);
    assert_int_equal(nn_session_set_train(b, copy_set(b->train, 0, 0, -1), 1, err, sizeof err),
                     NN_OK);
    step_batches(b, 1);
    assert_memory_equal(first, nn_trainer_batch_index(b->trainer), sizeof first);
    assert_int_equal(nn_trainer_cursor(b->trainer).batch, 1);
    assert_int_equal(nn_trainer_cursor(b->trainer).epoch, 3);
    /* guard: the swapped run has now trained on five batches more */
    assert_true(memcmp(a->model->params, b->model->params, param_bytes(a)) != 0);
    nn_session_destroy(a);
    nn_session_destroy(b);
}

/* A set that does not fit the model is refused; nothing changed and the set
 * is still the caller's (freed here once: ASan would see a second free). */
static void test_set_train_failure_changes_nothing(void **state)
{
    (void)state;
    char err[256] = "";
    nn_Experiment e;
    spec_make(&e);
    nn_Session *s = session_owning(&e);
    step_batches(s, 5);
    Kept k = kept_take(s);
    nn_Trainer *tr = s->trainer;
    nn_Dataset *train = s->train, *wide = NULL;
    assert_int_equal(nn_dataset_create(&wide, NN_TASK_CLASSIFY, 20, 3, 1, 2, 0, err, sizeof err),
                     NN_OK);
    assert_int_not_equal(nn_session_set_train(s, wide, 1, err, sizeof err), NN_OK);
    assert_true(err[0] != '\0');
    assert_int_not_equal(nn_session_set_train(s, NULL, 1, err, sizeof err), NN_OK);
    assert_ptr_equal(s->trainer, tr);
    assert_ptr_equal(s->train, train);
    assert_true(s->owns_train);
    assert_memory_equal(k.params, s->model->params, param_bytes(s));
    nn_Cursor c = nn_trainer_cursor(s->trainer);
    assert_int_equal(c.batch, 5);
    assert_int_equal(c.step, 5);
    assert_int_equal(wide->n, 20);
    nn_dataset_destroy(wide);
    step_batches(s, 1);
    kept_free(&k);
    nn_session_destroy(s);
}

/* A new batch size keeps weights, optimizer and counters, restarts the epoch,
 * and two sessions given it keep training alike. Changed before the first
 * batch, it gives the run of a spec with that batch size. */
static void test_set_batch_size(void **state)
{
    (void)state;
    char err[256];
    nn_Experiment e;
    spec_make(&e);
    nn_Session *a = session_owning(&e), *b = session_owning(&e);
    step_batches(a, 21);
    step_batches(b, 21);
    Kept ka = kept_take(a);
    assert_int_equal(nn_session_set_batch_size(a, 32, err, sizeof err), NN_OK);
    assert_int_equal(nn_session_set_batch_size(b, 32, err, sizeof err), NN_OK);
    kept_check(&ka, a);
    assert_int_equal(a->spec.batch_size, 32);
    assert_int_equal(nn_trainer_batches_per_epoch(a->trainer), 8);
    for (int k = 0; k < 2 * 8; k++)
        step_both(a, b);
    assert_int_equal(nn_trainer_batch_rows(a->trainer), 250 - 7 * 32);
    assert_same_weights(a, b);

    nn_Trainer *tr = a->trainer;
    assert_int_equal(nn_session_set_batch_size(a, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_session_set_batch_size(a, (1 << 20) + 1, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_ptr_equal(a->trainer, tr);
    assert_int_equal(a->spec.batch_size, 32);
    kept_free(&ka);
    nn_session_destroy(a);
    nn_session_destroy(b);

    nn_Session *changed = session_owning(&e);
    assert_int_equal(nn_session_set_batch_size(changed, 32, err, sizeof err), NN_OK);
    e.batch_size = 32;
    nn_Session *built = session_owning(&e);
    for (int k = 0; k < 20; k++)
        step_both(changed, built);
    assert_same_weights(changed, built);
    nn_session_destroy(changed);
    nn_session_destroy(built);
}

/* train_ratio 1 (a file's 100): a CSV trains on every row, in the file's
 * order, with no test set; generated sets still need test rows. */
static void test_csv_every_row_trains(void **state)
{
    (void)state;
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_CSV;
    snprintf(e.data.path, sizeof e.data.path, "%s/csv/iris_excerpt.csv", NNVIZ_TEST_DATA);
    snprintf(e.data.label, sizeof e.data.label, "species");
    e.data.features = 0;
    e.data.train_ratio = 1.0;
    char err[512] = "";
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_null(s->test);
    assert_int_equal(s->train->n, 6);
    /* the file's first column: 5.1, 4.9, 7.0, 6.4, ... in that order */
    static const float first[4] = {5.1f, 4.9f, 7.0f, 6.4f};
    for (int i = 0; i < 4; i++)
        assert_true(nn_dataset_x(s->train, i, 0) == first[i]);
    nn_session_destroy(s);
    /* at 50 % the rows are shuffled before the cut: not every row trains */
    e.data.train_ratio = 0.5;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    assert_int_equal(s->train->n, 3);
    assert_non_null(s->test);
    nn_session_destroy(s);
    nn_experiment_default(&e);
    e.data.train_ratio = 1.0;
    s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(s);
    assert_non_null(strstr(err, "train_ratio 100 (every row trains) is for csv data only"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_borrowed_sessions_train_like_owning),
        cmocka_unit_test(test_destroying_borrowed_session_keeps_data),
        cmocka_unit_test(test_borrowed_errors),
        cmocka_unit_test(test_rebuild_keeps_or_replaces_borrowed_data),
        cmocka_unit_test(test_set_train_same_order_after),
        cmocka_unit_test(test_set_train_same_rows),
        cmocka_unit_test(test_set_train_failure_changes_nothing),
        cmocka_unit_test(test_set_batch_size),
        cmocka_unit_test(test_csv_every_row_trains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
