#define _XOPEN_SOURCE 700 /* mkdtemp */
/* test_core.c - the app driven by commands alone, with no window: every
 * change goes through the queue, and the resulting runs are checked against
 * sessions stepped by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

#include "core/core.h"

/* Playground's spiral with a small tanh network, shuffled batches of 10. */
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
}

static void open_core(app_Core *c, int runs)
{
    nn_Experiment e[APP_MAX_RUNS];
    char err[512] = "";
    for (int i = 0; i < APP_MAX_RUNS; i++)
        spiral_spec(&e[i]);
    int rc = app_core_init_spec(c, &e[0], err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    if (runs > 1) {
        app_runner_lock(c->runner);
        rc = app_core_build_runs(c, e, runs, NULL, err, sizeof err);
        app_runner_unlock(c->runner);
        if (rc != 0)
            print_error("%s\n", err);
        assert_int_equal(rc, 0);
    }
}

/* Pushes one command in its text form and applies it. */
static void say(app_Core *c, const char *line)
{
    app_Command cmd;
    char err[256] = "";
    int rc = app_cmd_parse(line, &cmd, err, sizeof err);
    if (rc != 0)
        print_error("'%s': %s\n", line, err);
    assert_int_equal(rc, 0);
    app_core_push(c, cmd);
    app_core_sync(c, app_clock());
}

static const nn_Session *session(const app_Core *c, int i)
{
    return c->runs[i]->s;
}

static int64_t step_of(const app_Core *c, int i)
{
    return nn_trainer_cursor(session(c, i)->trainer).step;
}

static void assert_same_params(const nn_Model *a, const nn_Model *b)
{
    assert_int_equal(a->n_params, b->n_params);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof *a->params);
}

/* ---- the text form ---------------------------------------------------- */

static void test_text_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < APP_CMD_COUNT; k++) {
        app_Command c = app_cmd((app_CmdKind)k);
        c.i[0] = 3;
        c.i[1] = -1;
        c.i[2] = 2;
        c.f = 0.1;
        c.f2 = -2.5;
        c.u = 18446744073709551615ULL;
        snprintf(c.text, sizeof c.text, "/tmp/a b.png");
        /* a lesson command's text is its argument, read when parsed */
        static const char *const lesson_text[] = {
            "test_accuracy 0.9 50", "edge 1 2 0", "learning_rate,seed", "all",
            "race surface=rosenbrock lr=0.001 start=-1.5,2 optimizers=sgd,adam steps=300"};
        if (k >= APP_CMD_RUN_UNTIL && k <= APP_CMD_VIEW)
            snprintf(c.text, sizeof c.text, "%s", lesson_text[k - APP_CMD_RUN_UNTIL]);
        char line[700];
        app_cmd_format(&c, line, sizeof line);
        app_Command back;
        char err[256] = "";
        int rc = app_cmd_parse(line, &back, err, sizeof err);
        if (rc != 0)
            print_error("'%s': %s\n", line, err);
        assert_int_equal(rc, 0);
        char again[700];
        app_cmd_format(&back, again, sizeof again);
        assert_string_equal(line, again);
        assert_int_equal(back.kind, k);
    }
}

/* Enum arguments read and print as names, so a script says what it means. */
static void test_text_names(void **state)
{
    (void)state;
    app_Command c;
    char err[256] = "", line[256];
    assert_int_equal(app_cmd_parse("SET_OPTIMIZER rmsprop", &c, err, sizeof err), 0);
    assert_int_equal(c.i[0], NN_OPT_RMSPROP);
    assert_int_equal(app_cmd_parse("SET_ACTIVATION -1 relu", &c, err, sizeof err), 0);
    assert_int_equal(c.i[0], -1);
    assert_int_equal(c.i[1], NN_ACT_RELU);
    app_cmd_format(&c, line, sizeof line);
    assert_string_equal(line, "SET_ACTIVATION -1 relu");
    assert_int_equal(app_cmd_parse("SET_DATASET spiral", &c, err, sizeof err), 0);
    assert_int_equal(c.i[0], NN_PG_SPIRAL);
    assert_int_equal(app_cmd_parse("TOGGLE_FEATURE sin(x1)", &c, err, sizeof err), 0);
    assert_int_equal(c.i[0], 5);
    assert_int_equal(app_cmd_parse("SET_LOSS 2", &c, err, sizeof err), 0); /* numbers too */
    assert_int_equal(c.i[0], 2);
    c = app_cmd_f(APP_CMD_SET_LEARNING_RATE, 0.1);
    app_cmd_format(&c, line, sizeof line);
    assert_string_equal(line, "SET_LEARNING_RATE 0.1");
}

static void test_text_errors(void **state)
{
    (void)state;
    app_Command c = app_cmd(APP_CMD_PLAY);
    char err[256];
    assert_int_equal(app_cmd_parse("   # a comment", &c, err, sizeof err), 1);
    assert_int_equal(app_cmd_parse("", &c, err, sizeof err), 1);
    assert_int_equal(app_cmd_parse("SET_LERNING_RATE 0.1", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown command 'SET_LERNING_RATE'"));
    assert_int_equal(app_cmd_parse("SET_LEARNING_RATE fast", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "not 'fast'"));
    assert_int_equal(app_cmd_parse("SET_PARAM 1 2", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "argument 3"));
    assert_int_equal(app_cmd_parse("STEP_BATCH 4", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "one too many"));
    assert_int_equal(app_cmd_parse("TRAIN -5", &c, err, sizeof err), -1);
    assert_int_equal(app_cmd_parse("SET_NOISE nan", &c, err, sizeof err), -1);
    assert_int_equal(app_cmd_parse("SET_OPTIMIZER adamm", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "should be an optimizer"));
    assert_int_equal(app_cmd_parse("SET_ACTIVATION 1 sigmoidal", &c, err, sizeof err), -1);
    /* none of the failures wrote the command */
    assert_int_equal(c.kind, APP_CMD_PLAY);
}

static void test_queue_is_bounded(void **state)
{
    (void)state;
    app_CmdQueue q;
    memset(&q, 0, sizeof q);
    for (int i = 0; i < APP_QUEUE_CAP; i++) {
        app_Command c = app_cmd_i(APP_CMD_SET_SPEED, i);
        assert_int_equal(app_queue_push(&q, &c), 0);
    }
    app_Command c = app_cmd(APP_CMD_PLAY);
    assert_int_equal(app_queue_push(&q, &c), -1);
    assert_int_equal(q.dropped, 1);
    /* first in, first out */
    for (int i = 0; i < APP_QUEUE_CAP; i++) {
        assert_int_equal(app_queue_pop(&q, &c), 1);
        assert_int_equal(c.i[0], i);
    }
    assert_int_equal(app_queue_pop(&q, &c), 0);
}

/* ---- commands change the runs --------------------------------------------- */

/* A script of commands gives the state stepping the session by hand gives. */
static void test_script_matches_hand_stepping(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 1);
    say(&c, "SET_LEARNING_RATE 0.1");
    say(&c, "SET_OPTIMIZER adam"); /* the learning rate kept */
    say(&c, "ADD_LAYER");
    say(&c, "SET_UNITS 2 5");
    say(&c, "SET_ACTIVATION -1 tanh");
    say(&c, "STEP_BATCH");
    say(&c, "STEP_PHASE");
    say(&c, "STEP_PHASE");
    say(&c, "TRAIN 40");
    const nn_Session *s = session(&c, 0);
    assert_true(s->spec.opt.kind == NN_OPT_ADAM);
    assert_true(s->spec.opt.lr == 0.1f);
    assert_int_equal(s->model->arch.n_layers, 4);
    assert_int_equal(s->model->arch.sizes[3], 5);
    for (int l = 0; l < 3; l++)
        assert_int_equal(s->model->arch.act[l], 2);
    assert_int_equal(step_of(&c, 0), 41); /* the half-run batch completes first */

    nn_Experiment e = s->spec;
    nn_Session *ref = NULL;
    char err[256];
    assert_int_equal(nn_session_create(&ref, &e, err, sizeof err), NN_OK);
    for (int i = 0; i < 41; i++)
        assert_int_equal(nn_trainer_step_batch(ref->trainer), NN_OK);
    assert_same_params(s->model, ref->model);
    nn_session_destroy(ref);
    app_core_free(&c);
}

/* Runs built from one spec start from the same weights, see the same
 * batches, and stay together batch for batch on the training thread. */
static void test_runs_share_data_and_stay_in_lockstep(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 3);
    assert_int_equal(c.n_runs, 3);
    for (int i = 1; i < 3; i++) {
        assert_ptr_equal(session(&c, i)->train, c.train); /* one copy of the data */
        assert_same_params(session(&c, 0)->model, session(&c, i)->model);
    }
    say(&c, "SET_SPEED 9");
    say(&c, "PLAY");
    double t0 = app_clock();
    /* while the thread trains, the snapshot is what may be read */
    while (c.runs[0]->snap.cursor.step < 300 && app_clock() - t0 < 20.0) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
        app_core_sync(&c, app_clock());
    }
    say(&c, "PAUSE");
    assert_true(step_of(&c, 0) >= 300);
    for (int i = 1; i < 3; i++) {
        assert_int_equal(step_of(&c, i), step_of(&c, 0));
        assert_same_params(session(&c, 0)->model, session(&c, i)->model);
        assert_memory_equal(nn_trainer_batch_index(session(&c, 0)->trainer),
                            nn_trainer_batch_index(session(&c, i)->trainer),
                            (size_t)nn_trainer_batch_rows(session(&c, 0)->trainer) * sizeof(int));
    }
    say(&c, "SELECT_RUN 2");
    assert_int_equal(c.focus, 2);
    say(&c, "SELECT_RUN 7");
    assert_int_equal(c.focus, 2);
    app_core_free(&c);
}

/* Back in time: the state at step k is the state a run stepped to k has,
 * and the future replays identically. */
static void test_goto_and_step_back(void **state)
{
    (void)state;
    app_Core c, ref;
    open_core(&c, 1);
    open_core(&ref, 1);
    say(&c, "SET_OPTIMIZER 5");
    say(&ref, "SET_OPTIMIZER 5");
    say(&c, "TRAIN 500");
    assert_int_equal(step_of(&c, 0), 500);
    int64_t hist = session(&c, 0)->n_history;
    assert_true(hist > 0);

    say(&c, "GOTO_STEP 137");
    if (c.status_error)
        print_error("%s\n", c.status);
    say(&ref, "TRAIN 137");
    assert_int_equal(step_of(&c, 0), 137);
    assert_same_params(session(&c, 0)->model, session(&ref, 0)->model);
    assert_memory_equal(session(&c, 0)->opt->slot[0], session(&ref, 0)->opt->slot[0],
                        session(&c, 0)->opt->n * sizeof(float));
    assert_int_equal(session(&c, 0)->n_history, session(&ref, 0)->n_history);

    /* a phase into the next batch, then back: the batch boundary */
    say(&c, "STEP_PHASE");
    say(&c, "STEP_BACK");
    assert_int_equal(step_of(&c, 0), 137);
    assert_int_equal(nn_trainer_cursor(session(&c, 0)->trainer).phase, 0);
    say(&c, "STEP_BACK");
    say(&ref, "GOTO_STEP 136");
    assert_int_equal(step_of(&c, 0), 136);
    assert_same_params(session(&c, 0)->model, session(&ref, 0)->model);

    /* forward again to where it was: the same 500th step */
    say(&c, "GOTO_STEP 500");
    say(&ref, "TRAIN 364");
    assert_int_equal(step_of(&ref, 0), 500);
    assert_same_params(session(&c, 0)->model, session(&ref, 0)->model);
    assert_int_equal(session(&c, 0)->n_history, hist);

    /* an edit branches: going back past it returns to the branch it left,
     * which replays as it did (ref at 500 is on it: back to 400 there) */
    say(&c, "SET_PARAM 0 0 0 0.5");
    say(&c, "TRAIN 5");
    assert_int_equal(c.runs[0]->timeline.n_br, 2);
    say(&c, "GOTO_STEP 400");
    assert_false(c.status_error);
    assert_int_equal(step_of(&c, 0), 400);
    app_core_free(&ref);
    open_core(&ref, 1);
    say(&ref, "SET_OPTIMIZER 5");
    say(&ref, "TRAIN 400");
    assert_same_params(session(&c, 0)->model, session(&ref, 0)->model);
    app_core_free(&ref);
    app_core_free(&c);
}

/* Runs side by side share the timeline's 64 MB, also after a rebuild. */
static void test_runs_share_the_timeline_bound(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 4);
    say(&c, "SET_UNITS 0 5"); /* a rebuild */
    say(&c, "TRAIN 300");
    size_t budget = 0, used = 0;
    for (int i = 0; i < c.n_runs; i++) {
        budget += c.runs[i]->timeline.budget;
        used += c.runs[i]->timeline.bytes;
    }
    assert_int_equal(c.n_runs, 4);
    assert_true(budget <= APP_TIMELINE_BUDGET && budget > APP_TIMELINE_BUDGET - 4);
    assert_true(used > 0 && used <= budget);
    app_core_free(&c);
}

/* A long run thins its checkpoints and still reaches every step exactly. */
static void test_timeline_over_a_long_run(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 1);
    say(&c, "TRAIN 20");
    say(&c, "SET_LEARNING_RATE 0.05"); /* the floor: step 20 */
    say(&c, "TRAIN 6000");
    const app_Timeline *t = &c.runs[0]->timeline;
    const app_Branch *b = &t->br[t->live];
    assert_int_equal(b->fork, 20);
    assert_int_equal(nn_checkpoint_cursor(b->cp[0]).step, 20);
    assert_true(t->bytes <= t->budget);
    const int64_t targets[] = {20, 21, 1234, 4097, 6019, 6020};
    for (size_t k = 0; k < sizeof targets / sizeof targets[0]; k++) {
        app_Core ref;
        open_core(&ref, 1);
        say(&ref, "TRAIN 20");
        say(&ref, "SET_LEARNING_RATE 0.05");
        char line[64];
        snprintf(line, sizeof line, "TRAIN %lld", (long long)(targets[k] - 20));
        say(&ref, line);
        snprintf(line, sizeof line, "GOTO_STEP %lld", (long long)targets[k]);
        say(&c, line);
        assert_false(c.status_error);
        assert_int_equal(step_of(&c, 0), targets[k]);
        assert_same_params(session(&c, 0)->model, session(&ref, 0)->model);
        app_core_free(&ref);
    }
    /* before the edit: the branch it left, with the learning rate it had */
    float lr0 = c.runs[0]->timeline.br[0].spec.opt.lr;
    assert_true(lr0 != 0.05f);
    say(&c, "GOTO_STEP 19");
    assert_false(c.status_error);
    assert_int_equal(step_of(&c, 0), 19);
    assert_true(session(&c, 0)->opt->cfg.lr == lr0);
    app_core_free(&c);
}

/* A learning rate high enough to diverge stops the run; a step back recovers. */
static void test_divergence_recovers(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 1);
    say(&c, "SET_ACTIVATION -1 relu"); /* nothing saturates */
    say(&c, "SET_ACTIVATION 2 linear");
    say(&c, "TRAIN 20");
    say(&c, "SET_LEARNING_RATE 1e30");
    say(&c, "TRAIN 50");
    assert_true(c.runs[0]->diverged);
    assert_true(c.status_error);
    assert_non_null(strstr(c.status, "diverged"));
    say(&c, "STEP_BACK");
    assert_false(c.runs[0]->diverged);
    assert_false(nn_trainer_cursor(session(&c, 0)->trainer).diverged);
    say(&c, "RESET");
    assert_int_equal(step_of(&c, 0), 0);
    app_core_free(&c);
}

/* Hand-drawn points go through the session: the name is marked once, the
 * weights stay, and two runs still see the same batches afterwards. */
static void test_points_through_the_session(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 2);
    say(&c, "TRAIN 3");
    int n0 = c.train->n;
    nn_Model *before = NULL;
    char err[256];
    assert_int_equal(nn_model_clone(&before, session(&c, 0)->model, err, sizeof err), NN_OK);
    say(&c, "ADD_POINT 1 2 1");
    say(&c, "ADD_POINT -1 2 0");
    say(&c, "ADD_POINT 3 3 1");
    assert_int_equal(c.train->n, n0 + 3);
    assert_ptr_equal(session(&c, 0)->train, c.train);
    assert_ptr_equal(session(&c, 1)->train, c.train);
    assert_same_params(before, session(&c, 0)->model);
    const char *name = c.train->name;
    assert_non_null(strstr(name, " (drawn)"));
    assert_null(strstr(strstr(name, " (drawn)") + strlen(" (drawn)"), "(drawn)"));
    say(&c, "REMOVE_POINT 3 3");
    assert_int_equal(c.train->n, n0 + 2);
    say(&c, "TRAIN 30");
    assert_same_params(session(&c, 0)->model, session(&c, 1)->model);
    /* a rebuild with the same data keeps the drawn points */
    say(&c, "SET_UNITS 0 3");
    assert_int_equal(c.train->n, n0 + 2);
    /* another data set replaces them */
    say(&c, "SET_DATASET circle");
    assert_false(c.custom_data);
    nn_model_destroy(before);
    app_core_free(&c);
}

/* A new batch size keeps the weights (it used to rebuild the network). */
static void test_batch_size_keeps_weights(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 1);
    say(&c, "TRAIN 30");
    nn_Model *before = NULL;
    char err[256];
    assert_int_equal(nn_model_clone(&before, session(&c, 0)->model, err, sizeof err), NN_OK);
    say(&c, "SET_BATCH_SIZE 25");
    assert_int_equal(session(&c, 0)->spec.batch_size, 25);
    assert_same_params(before, session(&c, 0)->model);
    assert_int_equal(step_of(&c, 0), 30);
    say(&c, "STEP_BATCH");
    assert_int_equal(nn_trainer_batch_rows(session(&c, 0)->trainer), 25);
    nn_model_destroy(before);
    app_core_free(&c);
}

/* The status line says what the last command did, never an older one. */
static void test_status_is_never_stale(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 1);
    say(&c, "STEP_PHASE");
    assert_non_null(strstr(c.status, "Forward pass: layer 1"));
    say(&c, "STEP_BATCH");
    assert_null(strstr(c.status, "Forward"));
    say(&c, "RESET");
    assert_non_null(strstr(c.status, "Reset"));
    say(&c, "REGENERATE");
    assert_null(strstr(c.status, "Reset"));
    assert_non_null(strstr(c.status, "New samples"));
    say(&c, "SET_SEED 9");
    assert_non_null(strstr(c.status, "seed 9"));
    assert_true(session(&c, 0)->spec.seed == 9);
    app_core_free(&c);
}

/* Bad arguments change nothing and crash nothing. */
static void test_bad_arguments_are_ignored(void **state)
{
    (void)state;
    app_Core c;
    open_core(&c, 1);
    nn_Arch arch = session(&c, 0)->model->arch;
    say(&c, "SET_UNITS 9 4");
    say(&c, "SET_UNITS 0 0");
    say(&c, "SET_ACTIVATION 0 99");
    say(&c, "SET_OPTIMIZER -3");
    say(&c, "SET_DATASET 42");
    say(&c, "SET_PARAM 7 0 0 1");
    say(&c, "SET_PARAM 0 99 0 1");
    say(&c, "SELECT_RUN -1");
    say(&c, "TOGGLE_FEATURE 99");
    assert_memory_equal(&arch, &session(&c, 0)->model->arch, sizeof arch);
    say(&c, "OPEN /nonexistent/lesson.ini");
    assert_true(c.status_error);
    assert_non_null(strstr(c.status, "/nonexistent/lesson.ini"));
    assert_int_equal(c.n_runs, 1);
    app_core_free(&c);
}

/* Plays until the training thread stops by itself (or 20 s pass). */
static void play_until_stopped(app_Core *c)
{
    say(c, "SET_SPEED 9");
    say(c, "PLAY");
    double t0 = app_clock();
    while (c->playing && app_clock() - t0 < 20.0) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
        app_core_sync(c, app_clock());
    }
}

/* A lesson's epochs stop playing where `nnviz train` stops; Space goes on. */
static void test_lesson_epochs_stop_playing(void **state)
{
    (void)state;
    app_Core c;
    nn_Experiment e;
    spiral_spec(&e);
    e.epochs = 3;
    char err[256] = "";
    assert_int_equal(app_core_init_spec(&c, &e, err, sizeof err), 0);
    play_until_stopped(&c);
    assert_false(c.playing);
    nn_Cursor cur = nn_trainer_cursor(session(&c, 0)->trainer);
    assert_int_equal(cur.epoch, 3);
    assert_int_equal(cur.batch, 0);
    assert_non_null(strstr(c.status, "3 epochs reached"));
    /* once more: it goes on past the limit */
    say(&c, "PLAY");
    double t0 = app_clock();
    while (c.runs[0]->snap.cursor.epoch < 5 && app_clock() - t0 < 20.0) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
        app_core_sync(&c, app_clock());
    }
    say(&c, "PAUSE");
    assert_true(step_of(&c, 0) > 3 * 10);
    assert_true(nn_trainer_cursor(session(&c, 0)->trainer).epoch >= 5);
    /* a reset arms it again */
    say(&c, "RESET");
    play_until_stopped(&c);
    assert_int_equal(nn_trainer_cursor(session(&c, 0)->trainer).epoch, 3);
    app_core_free(&c);
}

/* The example script in docs/commands.md runs as written. */
static void test_documented_script(void **state)
{
    (void)state;
    FILE *f = fopen(NNVIZ_SOURCE_DIR "/docs/commands.md", "r");
    assert_non_null(f);
    app_Core c;
    open_core(&c, 1);
    char line[512];
    int in_block = 0, ran = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "```", 3) == 0) {
            in_block = !in_block;
            continue;
        }
        if (!in_block)
            continue;
        say(&c, line);
        if (c.status_error)
            print_error("'%s': %s\n", line, c.status);
        assert_false(c.status_error);
        ran++;
    }
    fclose(f);
    assert_true(ran >= 5);
    assert_int_equal(step_of(&c, 0), 500);
    assert_true(session(&c, 0)->spec.opt.kind == NN_OPT_ADAM);
    app_core_free(&c);
}

/* A CSV opened on its own gets a network sized for its columns, not the
 * spiral lesson's 8-8-6, and Adam, which copes with columns of any scale. */
static void test_csv_gets_its_own_network(void **state)
{
    (void)state;
    nn_Experiment e;
    nn_Model *m = NULL;
    char err[256] = "";
    assert_int_equal(app_spec_for_file(NNVIZ_TEST_DATA "/csv/moons.csv", &e, &m, err, sizeof err), 0);
    assert_null(m);
    assert_int_equal(e.n_hidden, 2);
    assert_int_equal(e.hidden[0], 8);
    assert_int_equal(e.hidden[1], 4);
    assert_int_equal(e.opt.kind, NN_OPT_ADAM);
    assert_string_equal(e.data.label, "moon");
    nn_Experiment wide;
    app_default_spec(&wide, NULL, 0);
    app_csv_network(&wide, 13); /* 13 inputs: 26 rounds up to 32 */
    assert_int_equal(wide.hidden[0], 32);
    assert_int_equal(wide.hidden[1], 16);
    app_csv_network(&wide, 500);
    assert_int_equal(wide.hidden[0], 64);
}

/* A saved file is named by its absolute path in the status line, also when
 * it was given relative to the working directory. */
static void test_saved_files_named_in_full(void **state)
{
    (void)state;
    char dir[] = "/tmp/nnviz-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    app_Core c;
    open_core(&c, 1);
    say(&c, "EXPORT_HISTORY loss.csv");
    char want[4200];
    snprintf(want, sizeof want, "%s/loss.csv", dir);
    if (!strstr(c.status, want))
        print_error("status: %s\n", c.status);
    assert_non_null(strstr(c.status, want));
    say(&c, "EXPORT_MODEL m.json");
    snprintf(want, sizeof want, "%s/m.json", dir);
    assert_non_null(strstr(c.status, want));
    app_core_free(&c);
    remove("loss.csv");
    remove("m.json");
    assert_int_equal(chdir(cwd), 0);
    rmdir(dir);
}

/* The timeline gives up to large data what it takes beyond 16 MB: the
 * spiral keeps 64 MB, Fashion-MNIST's 56 MB of images leave 24 MB, and no
 * data leaves less than 16 MB. */
static void test_timeline_budget_for_data(void **state)
{
    (void)state;
    assert_int_equal(app_timeline_budget_for(NULL, NULL), APP_TIMELINE_BUDGET);
    uint8_t dummy;
    int32_t lab;
    nn_Dataset tr = {0}, te = {0};
    tr.n = 60000, tr.dim = 784, tr.x_u8 = &dummy, tr.x_u8_stride = 832, tr.label = &lab;
    te.n = 10000, te.dim = 784, te.x_u8 = &dummy, te.x_u8_stride = 832, te.label = &lab;
    size_t data = 70000u * (832u + 4u), mb = (size_t)1 << 20;
    assert_int_equal(app_timeline_budget_for(&tr, &te), APP_TIMELINE_BUDGET - (data - 16 * mb));
    assert_true(app_timeline_budget_for(&tr, &te) < 25 * mb);
    tr.n = 600000;
    assert_int_equal(app_timeline_budget_for(&tr, &te), 16 * mb);
    nn_Dataset small = {0};
    small.n = 500, small.dim = 2, small.x = (float *)&lab, small.label = &lab;
    assert_int_equal(app_timeline_budget_for(&small, NULL), APP_TIMELINE_BUDGET);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_text_names),
        cmocka_unit_test(test_text_errors),
        cmocka_unit_test(test_queue_is_bounded),
        cmocka_unit_test(test_script_matches_hand_stepping),
        cmocka_unit_test(test_runs_share_data_and_stay_in_lockstep),
        cmocka_unit_test(test_goto_and_step_back),
        cmocka_unit_test(test_timeline_over_a_long_run),
        cmocka_unit_test(test_runs_share_the_timeline_bound),
        cmocka_unit_test(test_divergence_recovers),
        cmocka_unit_test(test_points_through_the_session),
        cmocka_unit_test(test_batch_size_keeps_weights),
        cmocka_unit_test(test_status_is_never_stale),
        cmocka_unit_test(test_bad_arguments_are_ignored),
        cmocka_unit_test(test_documented_script),
        cmocka_unit_test(test_lesson_epochs_stop_playing),
        cmocka_unit_test(test_csv_gets_its_own_network),
        cmocka_unit_test(test_saved_files_named_in_full),
        cmocka_unit_test(test_timeline_budget_for_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
