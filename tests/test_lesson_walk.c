#define _XOPEN_SOURCE 700 /* mkdtemp */
/* test_lesson_walk.c - a lesson walked over the core with no window:
 * forward then back step by step lands on the bits each step started from;
 * RUN_UNTIL stops at the batch training that many batches by hand reaches;
 * a captured moment (knobs, typed weights, drawn points) reloads and walks
 * to the same bits; a check that does
 * not hold is reported as failing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#include "core/core.h"
#include "lesson/lesson_capture.h"
#include "lesson/lesson_walk.h"

static char dir[64];

static const char setup_ini[] =
    "[lesson]\n"
    "title = Walk\n"
    "[data]\n"
    "source = circle\n"
    "samples = 200\n"
    "train_ratio = 50\n"
    "[network]\n"
    "hidden = 4\n"
    "activation = tanh\n"
    "[training]\n"
    "optimizer = sgd\n"
    "learning_rate = 0.03\n"
    "batch_size = 10\n"
    "seed = 5\n";

static void write_lesson(const char *path, const char *steps)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(setup_ini, f);
    fputs(steps, f);
    fclose(f);
}

static lesson_File *load(const char *path)
{
    lesson_File *f = NULL;
    char err[512] = "";
    int rc = lesson_load(path, &f, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    return f;
}

static void open_walk(app_Core *c, lesson_Walk *w, const char *path)
{
    lesson_File *f = load(path);
    char err[512] = "";
    assert_int_equal(app_core_init_spec(c, &f->setup, err, sizeof err), 0);
    int rc = lesson_walk_begin(w, c, f, 0, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

/* Every run's parameters, one after another (the caller frees). */
static float *params(const app_Core *c, size_t *n)
{
    *n = 0;
    for (int i = 0; i < c->n_runs; i++)
        *n += c->runs[i]->s->model->n_params;
    float *p = malloc(*n * sizeof *p);
    assert_non_null(p);
    size_t o = 0;
    for (int i = 0; i < c->n_runs; i++) {
        const nn_Model *m = c->runs[i]->s->model;
        memcpy(p + o, m->params, m->n_params * sizeof *p);
        o += m->n_params;
    }
    return p;
}

static int64_t step_of(const app_Core *c)
{
    return nn_trainer_cursor(app_core_focus(c)->s->trainer).step;
}

static const char walk_steps[] =
    "[step]\n"
    "text = Train a little.\n"
    "do = TRAIN 30\n"
    "[step]\n"
    "text = A faster rate, to a batch count.\n"
    "do = SET_LEARNING_RATE 0.1\n"
    "do = RUN_UNTIL step 70\n"
    "do = HIGHLIGHT neuron 0 2\n"
    "do = INSPECT 0 1 3\n"
    "[step]\n"
    "text = Halfway through a batch.\n"
    "do = STEP_PHASE\n"
    "do = STEP_PHASE\n"
    "do = VIEW health\n"
    "[step]\n"
    "text = A layer more (the network is rebuilt).\n"
    "do = ADD_LAYER\n"
    "do = TRAIN 25\n"
    "do = HIDE_CONTROLS learning_rate\n"
    "[step]\n"
    "text = Two rates side by side.\n"
    "do = COMPARE learning_rate=0.01,0.3\n"
    "do = RUN_UNTIL epoch 3\n"
    "[step]\n"
    "predict = Better? | yes | no\n"
    "text = The end.\n"
    "do = TRAIN 5\n";

/* Forward through every step, then back one step at a time: each return
 * lands on the parameters, position and view the step started from. */
static void test_forward_then_back(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/walk.ini", dir);
    write_lesson(path, walk_steps);
    app_Core c;
    lesson_Walk *w = calloc(1, sizeof *w);
    assert_non_null(w);
    open_walk(&c, w, path);
    int n = w->file->n_steps;
    assert_int_equal(n, 6);
    float *start[8] = {0};
    size_t n_start[8];
    int64_t at[8];
    app_LessonView views[8];
    char err[512] = "";
    for (int k = 0; k < n; k++) {
        assert_int_equal(lesson_walk_next(w, &c, err, sizeof err), 0); /* the text */
        assert_int_equal(w->step, k);
        assert_int_equal(w->stage, LESSON_AT_TEXT);
        start[k] = params(&c, &n_start[k]);
        at[k] = step_of(&c);
        views[k] = c.lesson_view;
        if (k == n - 1) {
            /* a prediction first: Space waits */
            assert_int_equal(lesson_walk_next(w, &c, err, sizeof err), 1);
            assert_int_equal(w->stage, LESSON_AT_TEXT);
            assert_int_equal(lesson_walk_choose(w, 2), -1);
            assert_int_equal(lesson_walk_choose(w, 1), 0);
        }
        assert_int_equal(lesson_walk_next(w, &c, err, sizeof err), 0); /* the action */
        for (int f = 0; f < 4 && w->stage == LESSON_AT_RUNNING; f++) { /* frames */
            app_core_sync(&c, app_clock());
            lesson_walk_poll(w, &c);
        }
        assert_int_equal(w->stage, LESSON_AT_DONE);
    }
    assert_int_equal(at[1], 30);
    assert_int_equal(at[2], 70);
    assert_int_equal(step_of(&c), 5 + 30); /* 3 epochs of 10, then 5 */
    assert_int_equal(c.n_runs, 2);
    assert_int_equal(lesson_walk_next(w, &c, err, sizeof err), 1); /* the end */
    for (int k = n - 1; k >= 0; k--) {
        int rc = lesson_walk_back(w, &c, err, sizeof err);
        if (rc != 0)
            print_error("back to step %d: %s\n", k + 1, err);
        assert_int_equal(rc, 0);
        assert_int_equal(w->step, k);
        assert_int_equal(w->stage, LESSON_AT_TEXT);
        size_t m;
        float *now = params(&c, &m);
        assert_int_equal(m, n_start[k]);
        assert_memory_equal(now, start[k], m * sizeof *now);
        free(now);
        assert_int_equal(step_of(&c), at[k]);
        assert_int_equal(c.lesson_view.highlight.kind, views[k].highlight.kind);
        assert_int_equal(c.lesson_view.view, views[k].view);
        assert_int_equal(c.lesson_view.hidden, views[k].hidden);
        if (k > 0) /* from the text, Backspace returns to the step before */
            continue;
    }
    /* step 3 started half-way through a batch */
    assert_int_equal(lesson_walk_back(w, &c, err, sizeof err), 0);
    assert_int_equal(w->stage, LESSON_AT_CARD);
    /* forward again: the same bits as the first time */
    for (int k = 0; k < 3; k++) {
        assert_int_equal(lesson_walk_run_step(w, &c, k, err, sizeof err), 0);
    }
    assert_int_equal(lesson_walk_next(w, &c, err, sizeof err), 0);
    size_t m;
    float *now = params(&c, &m);
    assert_memory_equal(now, start[3], m * sizeof *now);
    assert_int_equal(nn_trainer_cursor(app_core_focus(&c)->s->trainer).phase, 2);
    free(now);
    for (int k = 0; k < n; k++)
        free(start[k]);
    lesson_walk_end(w);
    free(w);
    app_core_free(&c);
}

/* RUN_UNTIL in a lesson stops at the batch where, training one batch at a
 * time, the test accuracy first reaches the target. */
static void test_until_matches_training_by_hand(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/until.ini", dir);
    write_lesson(path, "[step]\ntext = Until it is right.\ndo = RUN_UNTIL test_accuracy 0.85\n"
                       "expect = test_accuracy >= 0.85\n");
    app_Core c;
    lesson_Walk *w = calloc(1, sizeof *w);
    open_walk(&c, w, path);
    char err[512] = "";
    assert_int_equal(lesson_walk_run_step(w, &c, 0, err, sizeof err), 0);
    int64_t n = step_of(&c);
    assert_true(n > 1);
    assert_int_equal(w->n_checks_done, 1);
    assert_int_equal(w->checks[0].result, 1);
    size_t m;
    float *p = params(&c, &m);

    /* by hand: a core of the same set-up, TRAIN 1 at a time */
    app_Core h;
    assert_int_equal(app_core_init_spec(&h, &w->file->setup, err, sizeof err), 0);
    nn_Evaluator *ev = NULL;
    const nn_Session *s = app_core_focus(&h)->s;
    assert_int_equal(nn_evaluator_create(&ev, &s->model->arch, 64, err, sizeof err), NN_OK);
    int64_t first = -1;
    for (int64_t k = 0; k <= n && first < 0; k++) {
        nn_Metrics mt;
        nn_evaluate(ev, s->model, s->test, s->spec.data.features, &mt, NULL);
        if (mt.accuracy >= 0.85)
            first = k;
        else {
            app_Command cmd = app_cmd_u(APP_CMD_TRAIN, 1);
            app_core_push(&h, cmd);
            app_core_sync(&h, app_clock());
        }
    }
    nn_evaluator_destroy(ev);
    assert_int_equal(first, n);
    assert_memory_equal(app_core_focus(&h)->s->model->params, p, m * sizeof *p);
    free(p);
    app_core_free(&h);
    lesson_walk_end(w);
    free(w);
    app_core_free(&c);
}

/* In the window a RUN_UNTIL plays on the training thread, the commands
 * after it wait for its end, and the step ends on the bits of the headless
 * walk. */
static void test_window_walk_matches_headless(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/window.ini", dir);
    write_lesson(path, "[step]\ntext = Play.\ndo = RUN_UNTIL test_accuracy 0.85\n"
                       "do = TRAIN 5\ndo = HIGHLIGHT neuron 0 1\nexpect = step > 5\n");
    app_Core h, c;
    lesson_Walk *hw = calloc(1, sizeof *hw), *w = calloc(1, sizeof *w);
    open_walk(&h, hw, path);
    char err[512] = "";
    assert_int_equal(lesson_walk_run_step(hw, &h, 0, err, sizeof err), 0);
    open_walk(&c, w, path);
    c.interactive = 1;
    app_core_push(&c, app_cmd_i(APP_CMD_SET_SPEED, app_speed_count() - 1));
    app_core_sync(&c, app_clock());
    assert_int_equal(lesson_walk_next(w, &c, err, sizeof err), 0);
    assert_int_equal(lesson_walk_next(w, &c, err, sizeof err), 0);
    int saw_playing = 0;
    double t0 = app_clock();
    while (w->stage == LESSON_AT_RUNNING && app_clock() - t0 < 30.0) {
        app_core_sync(&c, app_clock());
        saw_playing |= c.playing;
        lesson_walk_poll(w, &c);
    }
    assert_true(saw_playing);
    assert_int_equal(w->stage, LESSON_AT_DONE);
    assert_int_equal(step_of(&c), step_of(&h));
    assert_int_equal(c.lesson_view.highlight.kind, APP_HL_NEURON);
    const nn_Model *a = app_core_focus(&h)->s->model, *b = app_core_focus(&c)->s->model;
    assert_memory_equal(a->params, b->params, a->n_params * sizeof *a->params);
    assert_int_equal(w->checks[0].result, 1);
    lesson_walk_end(hw);
    lesson_walk_end(w);
    free(hw);
    free(w);
    app_core_free(&h);
    app_core_free(&c);
}

/* A check that does not hold is reported as failing, one that names a
 * layer the network lacks cannot be evaluated (the guard: checks can fail). */
static void test_failing_check(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/fail.ini", dir);
    write_lesson(path, "[step]\ntext = One batch.\ndo = TRAIN 1\n"
                       "expect = test_accuracy > 0.999\n"
                       "expect = gradient_norm layer 5 < 1\n"
                       "expect = run 2 loss < 1\n"
                       "expect = step >= 1\n");
    app_Core c;
    lesson_Walk *w = calloc(1, sizeof *w);
    open_walk(&c, w, path);
    char err[512] = "";
    assert_int_equal(lesson_walk_run_step(w, &c, 0, err, sizeof err), 0);
    assert_int_equal(w->n_checks_done, 4);
    assert_int_equal(w->checks[0].result, 0);
    assert_true(w->checks[0].lhs < 0.999);
    assert_int_equal(w->checks[1].result, -1);
    assert_non_null(strstr(w->checks[1].err, "layer 5"));
    assert_int_equal(w->checks[2].result, -1);
    assert_non_null(strstr(w->checks[2].err, "run 2"));
    assert_int_equal(w->checks[3].result, 1);
    lesson_walk_end(w);
    free(w);
    app_core_free(&c);
}

/* Captured moments (knobs changed between batches, a phase stepped, a
 * neuron inspected, a highlight) reload and walk to the same bits. */
static void test_capture_reload_walk(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/capture.ini", dir);
    write_lesson(path, "[step]\ntext = Train a little.\ndo = TRAIN 20\n");
    app_Core c;
    lesson_Walk *w = calloc(1, sizeof *w);
    open_walk(&c, w, path);
    char err[512] = "";
    assert_int_equal(lesson_walk_run_step(w, &c, 0, err, sizeof err), 0);
    /* the teacher plays with the knobs */
    static const char *const moves[] = {
        "TRAIN 7", "SET_LEARNING_RATE 0.2", "TRAIN 11", "SET_OPTIMIZER adam",
        "SET_BATCH_SIZE 5", "TRAIN 6", "STEP_PHASE", "INSPECT 0 2 1", "HIGHLIGHT edge 0 1 2",
        "VIEW landscape mode=pca", "HIDE_CONTROLS seed,optimizer"};
    for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
        app_Command cmd;
        assert_int_equal(app_cmd_parse(moves[k], &cmd, err, sizeof err), 0);
        app_core_push(&c, cmd);
        app_core_sync(&c, app_clock());
    }
    size_t m;
    float *want = params(&c, &m);
    nn_Cursor cur = nn_trainer_cursor(app_core_focus(&c)->s->trainer);
    int rc = lesson_capture_save(w, &c, NULL, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(w->file->n_steps, 2);
    assert_int_equal(w->stage, LESSON_AT_DONE);
    /* a second moment after the first: a layer more (a rebuild) */
    app_Command cmd = app_cmd(APP_CMD_ADD_LAYER);
    app_core_push(&c, cmd);
    cmd = app_cmd_u(APP_CMD_TRAIN, 9);
    app_core_push(&c, cmd);
    app_core_sync(&c, app_clock());
    size_t m2;
    float *want2 = params(&c, &m2);
    rc = lesson_capture_save(w, &c, NULL, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(w->file->n_steps, 3);
    lesson_walk_end(w);
    free(w);
    app_core_free(&c);

    /* reopened: the walk reaches the same bits */
    w = calloc(1, sizeof *w);
    open_walk(&c, w, path);
    assert_string_equal(w->file->steps[1].text, LESSON_CAPTURE_TEXT);
    assert_string_equal(w->file->steps[1].text_zh, LESSON_CAPTURE_TEXT_ZH);
    for (int k = 0; k < 2; k++) {
        rc = lesson_walk_run_step(w, &c, k, err, sizeof err);
        if (rc != 0)
            print_error("%s\n", err);
        assert_int_equal(rc, 0);
    }
    size_t got_n;
    float *got = params(&c, &got_n);
    assert_int_equal(got_n, m);
    assert_memory_equal(got, want, m * sizeof *got);
    free(got);
    nn_Cursor now = nn_trainer_cursor(app_core_focus(&c)->s->trainer);
    assert_int_equal(now.step, cur.step);
    assert_int_equal(now.phase, cur.phase);
    assert_true(c.inspect.active);
    assert_int_equal(c.inspect.layer, 0);
    assert_int_equal(c.inspect.unit, 2);
    assert_int_equal(c.inspect.row, 1);
    assert_int_equal(c.lesson_view.highlight.kind, APP_HL_EDGE);
    assert_int_equal(c.lesson_view.view, APP_VIEW_LANDSCAPE);
    assert_int_equal(c.lesson_view.hidden, (1u << APP_CTL_SEED) | (1u << APP_CTL_OPTIMIZER));
    assert_int_equal(lesson_walk_run_step(w, &c, 2, err, sizeof err), 0);
    got = params(&c, &got_n);
    assert_int_equal(got_n, m2);
    assert_memory_equal(got, want2, m2 * sizeof *got);
    free(got);
    free(want);
    free(want2);
    lesson_walk_end(w);
    free(w);
    app_core_free(&c);

    /* a new lesson from a free session */
    char fresh[128];
    snprintf(fresh, sizeof fresh, "%s/new.ini", dir);
    lesson_File *f = load(path);
    assert_int_equal(app_core_init_spec(&c, &f->setup, err, sizeof err), 0);
    lesson_free(f);
    static const char *const free_moves[] = {"TRAIN 13", "SET_LEARNING_RATE 0.05", "TRAIN 4",
                                             "HIGHLIGHT panel loss_chart"};
    for (size_t k = 0; k < sizeof free_moves / sizeof free_moves[0]; k++) {
        assert_int_equal(app_cmd_parse(free_moves[k], &cmd, err, sizeof err), 0);
        app_core_push(&c, cmd);
        app_core_sync(&c, app_clock());
    }
    want = params(&c, &m);
    rc = lesson_capture_save(NULL, &c, fresh, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    app_core_free(&c);
    w = calloc(1, sizeof *w);
    open_walk(&c, w, fresh);
    assert_int_equal(w->file->n_steps, 1);
    assert_int_equal(lesson_walk_run_step(w, &c, 0, err, sizeof err), 0);
    got = params(&c, &got_n);
    assert_int_equal(got_n, m);
    assert_memory_equal(got, want, m * sizeof *got);
    assert_int_equal(step_of(&c), 17);
    assert_int_equal(c.lesson_view.highlight.kind, APP_HL_PANEL);
    free(got);
    free(want);
    lesson_walk_end(w);
    free(w);
    app_core_free(&c);
}

/* The training set's rows, for comparing two cores' data bit for bit. */
static void assert_same_train(const app_Core *a, const app_Core *b)
{
    assert_int_equal(a->train->n, b->train->n);
    assert_int_equal(a->train->dim, b->train->dim);
    assert_memory_equal(a->train->x, b->train->x,
                        (size_t)a->train->n * (size_t)a->train->dim * sizeof *a->train->x);
    if (a->train->label)
        assert_memory_equal(a->train->label, b->train->label,
                            (size_t)a->train->n * sizeof *a->train->label);
}

static void push_all(app_Core *c, const char *const *moves, size_t n)
{
    char err[512] = "";
    for (size_t k = 0; k < n; k++) {
        app_Command cmd;
        int rc = app_cmd_parse(moves[k], &cmd, err, sizeof err);
        if (rc != 0)
            print_error("%s: %s\n", moves[k], err);
        assert_int_equal(rc, 0);
        app_core_push(c, cmd);
        app_core_sync(c, app_clock());
    }
}

/* One capture of moves after the lesson's first step, reloaded and walked
 * in a second core: the same parameters, position and training set, bit
 * for bit; the saved file holds must_write. */
static void capture_and_compare(const char *name, const char *const *moves, size_t n_moves,
                                const char *must_write)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s.ini", dir, name);
    write_lesson(path, "[step]\ntext = Train a little.\ndo = TRAIN 20\n");
    app_Core c;
    lesson_Walk *w = calloc(1, sizeof *w);
    open_walk(&c, w, path);
    char err[512] = "";
    assert_int_equal(lesson_walk_run_step(w, &c, 0, err, sizeof err), 0);
    push_all(&c, moves, n_moves);
    int rc = lesson_capture_save(w, &c, NULL, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    lesson_walk_end(w);
    free(w);
    /* the file says it with the commands that made it */
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[16384];
    size_t got_len = fread(text, 1, sizeof text - 1, f);
    text[got_len] = '\0';
    fclose(f);
    if (!strstr(text, must_write))
        print_error("%s has no \"%s\":\n%s\n", path, must_write, text);
    assert_non_null(strstr(text, must_write));

    app_Core d;
    w = calloc(1, sizeof *w);
    open_walk(&d, w, path);
    assert_int_equal(w->file->n_steps, 2);
    for (int k = 0; k < 2; k++) {
        rc = lesson_walk_run_step(w, &d, k, err, sizeof err);
        if (rc != 0)
            print_error("%s\n", err);
        assert_int_equal(rc, 0);
    }
    size_t m, m2;
    float *want = params(&c, &m);
    float *got = params(&d, &m2);
    assert_int_equal(m, m2);
    assert_memory_equal(got, want, m * sizeof *got);
    nn_Cursor a = nn_trainer_cursor(app_core_focus(&c)->s->trainer);
    nn_Cursor b = nn_trainer_cursor(app_core_focus(&d)->s->trainer);
    assert_int_equal(a.step, b.step);
    assert_int_equal(a.phase, b.phase);
    assert_same_train(&c, &d);
    free(want);
    free(got);
    lesson_walk_end(w);
    free(w);
    app_core_free(&d);
    app_core_free(&c);
}

/* Weights typed in (between batches and inside one) come back as
 * SET_PARAM with the very float typed. */
static void test_capture_typed_weights(void **state)
{
    (void)state;
    static const char *const moves[] = {
        "TRAIN 3", "SET_PARAM 0 0 0 0.123456789012345", "TRAIN 3", "STEP_PHASE",
        "STEP_PHASE", "SET_PARAM 1 2 -1 -1.00000011920928955", "TRAIN 4",
        "SET_LEARNING_RATE 0.2", "SET_PARAM 0 1 3 3.3333333333", "TRAIN 2", "STEP_PHASE"};
    capture_and_compare("typed", moves, sizeof moves / sizeof moves[0], "SET_PARAM 0 1 3 ");
}

/* Points drawn on the set, removed, the set cleared and drawn anew, then a
 * layer more (a rebuild keeps the drawn data) and a weight typed on it. */
static void test_capture_drawn_points(void **state)
{
    (void)state;
    static const char *const moves[] = {
        "TRAIN 2", "ADD_POINT 0.31415926535 -2.7182818 1", "TRAIN 5",
        "REMOVE_POINT 0.1 0.1", "TRAIN 1"};
    capture_and_compare("drawn", moves, sizeof moves / sizeof moves[0], "ADD_POINT 0.31415926535");
    static const char *const cleared[] = {
        "TRAIN 4", "CLEAR_POINTS", "ADD_POINT 1.1 1.2 1", "ADD_POINT -1.3 -1.4 0",
        "ADD_POINT 2.0000001 -0.5 0", "TRAIN 6", "ADD_LAYER", "SET_PARAM 1 0 0 0.7", "TRAIN 5"};
    capture_and_compare("cleared", cleared, sizeof cleared / sizeof cleared[0], "CLEAR_POINTS");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/nnviz_walk_XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forward_then_back),
        cmocka_unit_test(test_until_matches_training_by_hand),
        cmocka_unit_test(test_window_walk_matches_headless),
        cmocka_unit_test(test_failing_check),
        cmocka_unit_test(test_capture_reload_walk),
        cmocka_unit_test(test_capture_typed_weights),
        cmocka_unit_test(test_capture_drawn_points),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
