/* test_whatif_job.c - a what-if preview trained a few batches at a time is
 * the preview trained in one go, bit for bit; one that goes on from an
 * earlier step is one started afresh; its own data is the data the run
 * would load; and its epoch records are the epochs it finished. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "core/whatif.h"

static void spiral_spec(nn_Experiment *e)
{
    nn_experiment_default(e);
    e->data.kind = NN_SRC_PLAYGROUND;
    e->data.playground = NN_PG_SPIRAL;
    e->data.samples = 200;
    e->n_hidden = 2;
    e->hidden[0] = 6;
    e->hidden[1] = 4;
    e->hidden_act[0] = e->hidden_act[1] = NN_ACT_TANH;
    e->batch_size = 10;
    e->shuffle = 1;
    e->seed = 7;
    e->opt.lr = 0.03f;
}

typedef struct {
    nn_Dataset *train, *test;
} Data;

static Data load(const nn_Experiment *e)
{
    Data d = {0};
    char err[256] = "";
    assert_int_equal(nn_session_load_data(&e->data, &d.train, &d.test, err, sizeof err), NN_OK);
    return d;
}

static void drop(Data *d)
{
    nn_dataset_destroy(d->train);
    nn_dataset_destroy(d->test);
}

static void same_preview(const app_WhatIf *x, const app_WhatIf *y)
{
    assert_int_equal(x->steps, y->steps);
    assert_int_equal(x->diverged, y->diverged);
    assert_memory_equal(&x->loss, &y->loss, sizeof x->loss);
    assert_memory_equal(x->out, y->out, sizeof x->out);
}

static void test_chunks_are_one_go(void **state)
{
    (void)state;
    nn_Experiment e;
    spiral_spec(&e);
    Data d = load(&e);
    char err[256] = "";
    static app_WhatIf whole, parts, other;
    assert_int_equal(app_whatif_run(&e, d.train, d.test, 150, 6.0f, &whole, err, sizeof err), 0);
    app_WhatIfJob j;
    assert_int_equal(app_whatif_job_start(&j, &e, d.train, d.test, 1, err, sizeof err), 0);
    int calls = 0, rc;
    while ((rc = app_whatif_job_advance(&j, 150, 7, err, sizeof err)) == 0)
        calls++;
    assert_int_equal(rc, 1);
    assert_int_equal(calls, 150 / 7); /* 21 calls of 7, the 22nd reaches 150 */
    assert_int_equal(app_whatif_job_result(&j, 6.0f, &parts, err, sizeof err), 0);
    same_preview(&whole, &parts);
    /* past its target it trains nothing and says it is there */
    assert_int_equal(app_whatif_job_advance(&j, 100, 50, err, sizeof err), 1);
    assert_int_equal(j.steps, 150);
    app_whatif_job_free(&j);
    /* the check can fail: another rate gives other bits */
    nn_Experiment e2 = e;
    e2.opt.lr = 0.1f;
    assert_int_equal(app_whatif_run(&e2, d.train, d.test, 150, 6.0f, &other, err, sizeof err), 0);
    assert_true(other.loss != whole.loss);
    drop(&d);
}

static void test_going_on_is_afresh(void **state)
{
    (void)state;
    nn_Experiment e;
    spiral_spec(&e);
    Data d = load(&e);
    char err[256] = "";
    static app_WhatIf early, later, fresh;
    app_WhatIfJob j;
    assert_int_equal(app_whatif_job_start(&j, &e, d.train, d.test, 1, err, sizeof err), 0);
    assert_int_equal(app_whatif_job_advance(&j, 60, 1000, err, sizeof err), 1);
    assert_int_equal(app_whatif_job_result(&j, 6.0f, &early, err, sizeof err), 0);
    assert_int_equal(app_whatif_job_advance(&j, 230, 1000, err, sizeof err), 1);
    assert_int_equal(app_whatif_job_result(&j, 6.0f, &later, err, sizeof err), 0);
    assert_int_equal(app_whatif_run(&e, d.train, d.test, 230, 6.0f, &fresh, err, sizeof err), 0);
    same_preview(&later, &fresh);
    assert_true(early.loss != later.loss);
    /* one record per finished epoch: 100 training rows in batches of 10 */
    int64_t bpe = (d.train->n + e.batch_size - 1) / e.batch_size;
    assert_int_equal(j.s->n_history, 230 / bpe);
    assert_int_equal(j.s->history[j.s->n_history - 1].epoch, 230 / bpe);
    app_whatif_job_free(&j);
    drop(&d);
}

static void test_own_data(void **state)
{
    (void)state;
    nn_Experiment e;
    spiral_spec(&e);
    e.data.noise = 35;
    Data d = load(&e);
    char err[256] = "";
    static app_WhatIf borrowed, own, quiet;
    assert_int_equal(app_whatif_run(&e, d.train, d.test, 80, 6.0f, &borrowed, err, sizeof err), 0);
    app_WhatIfJob j;
    assert_int_equal(app_whatif_job_start(&j, &e, NULL, NULL, 0, err, sizeof err), 0);
    assert_non_null(j.own_train);
    assert_int_equal(app_whatif_job_advance(&j, 80, 80, err, sizeof err), 1);
    assert_int_equal(app_whatif_job_result(&j, 6.0f, &own, err, sizeof err), 0);
    same_preview(&borrowed, &own);
    assert_int_equal(j.s->n_history, 0); /* not asked to record */
    app_whatif_job_free(&j);
    assert_null(j.s);
    /* less noise: other data, another preview */
    nn_Experiment e2 = e;
    e2.data.noise = 0;
    assert_int_equal(app_whatif_job_start(&j, &e2, NULL, NULL, 0, err, sizeof err), 0);
    assert_int_equal(app_whatif_job_advance(&j, 80, 80, err, sizeof err), 1);
    assert_int_equal(app_whatif_job_result(&j, 6.0f, &quiet, err, sizeof err), 0);
    assert_true(quiet.loss != own.loss);
    app_whatif_job_free(&j);
    drop(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunks_are_one_go),
        cmocka_unit_test(test_going_on_is_afresh),
        cmocka_unit_test(test_own_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
