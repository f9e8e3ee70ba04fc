/* test_whatif_budget.c - the what-if catch-up split over frames: the ghost
 * and the strip train a few ms a frame (APP_WH_TIME_S) and go on in the
 * following frames, and what they reach is, bit for bit, the run trained
 * straight to the step at each value (app_whatif_run, one call). With the
 * least time a frame each frame moves the ghost exactly one batch, so the
 * split is known to have happened; then the window's own budget finishes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whatif_fixture.h"

#include "app/app.h"


/* got equals ref in every field, NaN bits included. */
static void assert_same_preview(const app_WhatIf *got, const app_WhatIf *ref)
{
    assert_int_equal(got->steps, ref->steps);
    assert_int_equal(got->diverged, ref->diverged);
    assert_memory_equal(&got->loss, &ref->loss, sizeof ref->loss);
    assert_memory_equal(got->out, ref->out, sizeof ref->out);
}

/* app_wh_advance_until: a deadline gone still trains one batch; a far one
 * reaches the target; the weights are those of one straight call. */
static void test_advance_until(void **state)
{
    (void)state;
    char err[512] = "";
    nn_Experiment e;
    assert_int_equal(nn_experiment_load(&e, NNVIZ_SOURCE_DIR "/lessons/spiral.ini", err, sizeof err),
                     NN_OK);
    static app_WhatIfJob j, ref;
    assert_int_equal(app_whatif_job_start(&j, &e, NULL, NULL, 0, err, sizeof err), 0);
    assert_int_equal(app_whatif_job_start(&ref, &e, NULL, NULL, 0, err, sizeof err), 0);
    for (int i = 1; i <= 5; i++) {
        assert_int_equal(app_wh_advance_until(&j, 300, 0.0, err, sizeof err), 0);
        assert_int_equal(j.steps, i);
    }
    /* a deadline 2 ms on, far from the target: more than one batch, and
     * back near the deadline (loosely: the machine is shared) */
    int64_t before = j.steps;
    double until = plat_now() + 2e-3;
    assert_int_equal(app_wh_advance_until(&j, 1000000, until, err, sizeof err), 0);
    assert_true(j.steps > before + 1 && j.steps < 1000000);
    assert_true(plat_now() < until + 0.25);
    /* a far deadline: at the target */
    int64_t target = j.steps + 300;
    assert_int_equal(app_wh_advance_until(&j, target, plat_now() + 60.0, err, sizeof err), 1);
    assert_int_equal(j.steps, target);
    /* at the target: nothing more */
    assert_int_equal(app_wh_advance_until(&j, target, 0.0, err, sizeof err), 1);
    assert_int_equal(j.steps, target);
    assert_int_equal(app_whatif_job_advance(&ref, target, target, err, sizeof err), 1);
    assert_int_equal(j.s->model->n_params, ref.s->model->n_params);
    assert_memory_equal(j.s->model->params, ref.s->model->params,
                        sizeof(float) * (size_t)ref.s->model->n_params);
    /* and not the start's: the check can fail */
    assert_int_equal(app_whatif_job_advance(&ref, target + 1, 1, err, sizeof err), 1);
    assert_true(memcmp(j.s->model->params, ref.s->model->params,
                       sizeof(float) * (size_t)ref.s->model->n_params) != 0);
    app_whatif_job_free(&j);
    app_whatif_job_free(&ref);
}

/* The ghost of the learning rate 1 and every cell of the strip are their
 * value trained straight to step, bit for bit; and the values differ. */
static void assert_previews_straight(app_State *a, int64_t step)
{
    char err[512] = "";
    const app_WhEntry *en = app_wh_shown(a);
    const app_WhatIfStrip *S = &a->wh.strip;
    assert_non_null(en);
    assert_true(en->have_res);
    /* the ghost: the run trained straight to the step at 1 */
    nn_Experiment e = *app_spec(a);
    e.opt.lr = 1.0f;
    static app_WhatIf ref;
    assert_int_equal(app_whatif_run(&e, (nn_Dataset *)app_train(a), (nn_Dataset *)app_test(a), step,
                                    en->res.radius, &ref, err, sizeof err), 0);
    assert_same_preview(&en->res, &ref);
    /* every cell of the strip: its value trained straight to the step */
    int differ = 0;
    for (int k = 0; k < S->n; k++) {
        assert_true(S->have[k]);
        e = *app_spec(a);
        e.opt.lr = S->value[k];
        assert_int_equal(app_whatif_run(&e, (nn_Dataset *)app_train(a), (nn_Dataset *)app_test(a),
                                        step, S->res[k].radius, &ref, err, sizeof err), 0);
        assert_same_preview(&S->res[k], &ref);
        if (!ref.diverged)
            assert_int_equal(ref.steps, step);
        differ += k > 0 && memcmp(&S->res[k].loss, &S->res[0].loss, sizeof ref.loss) != 0;
    }
    /* the values give different runs: the comparison can fail */
    assert_true(differ > 0);
    e = *app_spec(a);
    e.opt.lr = 0.3f;
    assert_int_equal(app_whatif_run(&e, (nn_Dataset *)app_train(a), (nn_Dataset *)app_test(a), step,
                                    en->res.radius, &ref, err, sizeof err), 0);
    assert_true(memcmp(ref.out, en->res.out, sizeof ref.out) != 0);
}

static void test_split_over_frames(void **state)
{
    (void)state;
    plat_Ctx *p = NULL;
    app_State *a = wf_open_spiral(1280, 800, &p);
    for (int i = 0; i < 6; i++) {
        app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
        wf_frame(a);
    }
    wf_frame(a);
    int64_t step = app_snap(a)->cursor.step;
    assert_true(step > 40);

    /* the least time a frame: one batch of the ghost a frame, and at least
     * one of the strip */
    a->wh.budget_s = 1e-12;
    for (int i = 1; i <= 30; i++) {
        app_wh_want(a, APP_WH_LR, 1.0f);
        wf_frame(a);
        const app_WhEntry *en = app_wh_shown(a);
        assert_non_null(en);
        assert_int_equal(en->job.steps, i);
        assert_false(en->have_res); /* nothing shown short of the step */
        assert_true(app_wh_pending(a));
    }
    const app_WhatIfStrip *S = &a->wh.strip;
    assert_int_equal(S->n, APP_WS_N);
    assert_true(S->job[S->next].steps >= 30);

    /* the window's own time a frame: it finishes in a few frames */
    a->wh.budget_s = 0;
    int frames = 0;
    while (app_wh_pending(a)) {
        app_wh_want(a, APP_WH_LR, 1.0f);
        wf_frame(a);
        assert_true(++frames < 2000);
    }
    assert_previews_straight(a, step);

    /* the run trains on an epoch: the kept previews catch up from where
     * they were, one batch a frame at first, then at the window's pace */
    app_push(a, app_cmd(APP_CMD_STEP_EPOCH));
    wf_frame(a);
    int64_t was = step;
    step = app_snap(a)->cursor.step;
    assert_true(step > was + 10);
    a->wh.budget_s = 1e-12;
    for (int i = 1; i <= 10; i++) {
        app_wh_want(a, APP_WH_LR, 1.0f);
        wf_frame(a);
        assert_int_equal(app_wh_shown(a)->job.steps, was + i);
    }
    a->wh.budget_s = 0;
    for (frames = 0; app_wh_pending(a);) {
        app_wh_want(a, APP_WH_LR, 1.0f);
        wf_frame(a);
        assert_true(++frames < 2000);
    }
    assert_previews_straight(a, step);

    app_destroy(a);
    plat_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_advance_until),
        cmocka_unit_test(test_split_over_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
