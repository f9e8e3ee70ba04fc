/* test_experiment.c - experiment/lesson INI files: defaults, every key, bad
 * files naming file:line and key, save/load round trip, and every lesson in
 * lessons/ loading and building a session. */
#include "test_util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "experiment.h"
#include "session.h"

static char path[256];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/nnviz-exp-%d.ini", (int)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void write_text(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_defaults(void **state)
{
    (void)state;
    nn_Experiment e;
    nn_experiment_default(&e);
    assert_int_equal(e.data.kind, NN_SRC_PLAYGROUND);
    assert_int_equal(e.data.playground, NN_PG_SPIRAL);
    assert_int_equal(e.data.features, NN_FEAT_X1 | NN_FEAT_X2);
    assert_int_equal(e.n_hidden, 2);
    assert_int_equal(e.hidden[0], 4);
    assert_int_equal(e.hidden[1], 2);
    assert_int_equal(e.hidden_act[0], NN_ACT_TANH);
    assert_int_equal(e.out_act, NN_ACT_TANH);
    assert_int_equal(e.loss, NN_LOSS_HALF_SQUARED);
    assert_int_equal(e.opt.kind, NN_OPT_SGD);
    assert_true(e.opt.lr == 0.03f);
    assert_int_equal(e.batch_size, 10);
    assert_int_equal(e.seed, 1);
    char err[256];
    assert_int_equal(nn_experiment_validate(&e, err, sizeof err), NN_OK);
}

static void test_every_key(void **state)
{
    (void)state;
    write_text("; a comment\n"
               "[lesson]\ntitle = Keys\ndescription = first line\n    continued\n"
               "[data]\nsource = xor\nsamples = 300\nnoise = 12.5\ntrain_ratio = 70\n"
               "features = x1, x2, x1*x2, sin(x2)\nseed = 42\n"
               "[network]\nhidden = 6, 5,4\nactivation = relu, elu, swish\n"
               "output_activation = sigmoid\ninit = he_normal\nregularization = l1\n"
               "regularization_rate = 0.001\n"
               "[training]\nlearning_rate = 0.005\nbeta_2 = 0.99\n" /* before optimizer= */
               "optimizer = adam\nloss = binary_crossentropy\nschedule = exponential\n"
               "decay_steps = 100\ndecay_rate = 0.5\nstaircase = yes\nbatch_size = 32\n"
               "epochs = 7\nsteps = 900\nstop_loss = 0.01\nshuffle = false\nseed = 9\n"
               "[step 1]\nsay = anything goes here for the lesson player\n");
    nn_Experiment e;
    char err[256];
    assert_int_equal(nn_experiment_load(&e, path, err, sizeof err), NN_OK);
    assert_string_equal(e.title, "Keys");
    assert_int_equal(e.data.playground, NN_PG_XOR);
    assert_int_equal(e.data.samples, 300);
    assert_close(e.data.noise, 12.5, 0);
    assert_close(e.data.train_ratio, 0.7, 1e-12);
    assert_int_equal(e.data.features, NN_FEAT_X1 | NN_FEAT_X2 | NN_FEAT_X1X2 | NN_FEAT_SIN2);
    assert_int_equal(e.data.seed, 42);
    assert_int_equal(e.n_hidden, 3);
    assert_int_equal(e.hidden[2], 4);
    assert_int_equal(e.hidden_act[0], NN_ACT_RELU);
    assert_int_equal(e.hidden_act[1], NN_ACT_ELU);
    assert_int_equal(e.hidden_act[2], NN_ACT_SWISH);
    assert_int_equal(e.out_act, NN_ACT_SIGMOID);
    assert_int_equal(e.init, NN_INIT_HE_NORMAL);
    assert_int_equal(e.reg, NN_REG_L1);
    assert_true(e.reg_rate == 0.001f);
    /* optimizer keys apply after adam's Keras defaults, whatever their order */
    assert_int_equal(e.opt.kind, NN_OPT_ADAM);
    assert_true(e.opt.lr == 0.005f);
    assert_true(e.opt.beta2 == 0.99f);
    assert_true(e.opt.beta1 == 0.9f);
    assert_true(e.opt.epsilon == 1e-7f);
    assert_int_equal(e.opt.schedule.kind, NN_SCHED_EXPONENTIAL);
    assert_int_equal(e.opt.schedule.decay_steps, 100);
    assert_int_equal(e.opt.schedule.staircase, 1);
    assert_int_equal(e.loss, NN_LOSS_BCE);
    assert_int_equal(e.batch_size, 32);
    assert_int_equal(e.epochs, 7);
    assert_int_equal(e.steps, 900);
    assert_close(e.stop_loss, 0.01, 1e-12);
    assert_int_equal(e.shuffle, 0);
    assert_int_equal(e.seed, 9);
    /* and it builds and trains */
    nn_Session *s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_OK);
    assert_int_equal(s->model->arch.sizes[0], 4);
    assert_int_equal(nn_session_train_epoch(s, NULL), NN_OK);
    nn_session_destroy(s);
}

/* A bad file fails, and the message names file:line and the fragment. */
static void expect_bad(const char *text, int line, const char *frag)
{
    write_text(text);
    nn_Experiment e;
    nn_experiment_default(&e);
    e.batch_size = 77; /* untouched on failure */
    char err[512] = "", want[300];
    nn_Status st = nn_experiment_load(&e, path, err, sizeof err);
    if (line > 0)
        snprintf(want, sizeof want, "%s:%d:", path, line);
    else
        snprintf(want, sizeof want, "%s:", path);
    if (st == NN_OK || !strstr(err, want) || !strstr(err, frag) || strchr(err, '\n')) {
        print_error("status %d, message '%s', expected '%s' and '%s'\n", st, err, want, frag);
        fail();
    }
    assert_int_equal(e.batch_size, 77);
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_bad("[data]\nsource = spiral\n[colours]\nsky = blue\n", 4, "unknown section");
    expect_bad("[data]\nsauce = spiral\n", 2, "[data] sauce: unknown key");
    expect_bad("[training]\n\nlearning_rate = fast\n", 3, "'fast' is not a number");
    expect_bad("[training]\nlearning_rate = 0\n", 2, "greater than 0");
    expect_bad("[data]\nnoise = 60\n", 2, "noise");
    expect_bad("[data]\ntrain_ratio = 95\n", 2, "train_ratio");
    expect_bad("[training]\nbatch_size = 0\n", 2, "batch_size");
    expect_bad("[data]\nsource = moons\n", 2, "unknown source 'moons'");
    expect_bad("[network]\nactivation = sigmoidal\n", 2, "unknown activation 'sigmoidal'");
    expect_bad("[network]\nhidden = 4, x\n", 2, "layer sizes");
    expect_bad("[network]\nhidden = 5000\n", 2, "layer sizes");
    expect_bad("[training]\noptimizer = adamax\n", 2, "unknown optimizer 'adamax'");
    expect_bad("[training]\nloss = hinge\n", 2, "unknown loss 'hinge'");
    expect_bad("[training]\nshuffle = maybe\n", 2, "true or false");
    expect_bad("[data]\nfeatures = x3\n", 2, "features");
    expect_bad("just words\n", 1, "not a 'key = value' line");
    expect_bad("[network]\nhidden = 4, 4\nactivation = relu, tanh, elu\n", 0,
               "activation lists 3 names for 2 hidden layers");
    expect_bad("[training]\noptimizer = adam\nbeta_1 = 1.5\n", 0, "beta_1");
    /* a missing file */
    nn_Experiment e;
    char err[256];
    assert_int_equal(nn_experiment_load(&e, "/nonexistent/lesson.ini", err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/lesson.ini"));
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    nn_Experiment e, back;
    nn_experiment_default(&e);
    snprintf(e.title, sizeof e.title, "Round trip");
    e.data.playground = NN_PG_MULTIGAUSS;
    e.data.noise = 7.5;
    e.data.features = NN_FEAT_ALL;
    e.n_hidden = 3;
    e.hidden[0] = 9, e.hidden[1] = 3, e.hidden[2] = 2;
    e.hidden_act[0] = NN_ACT_RELU, e.hidden_act[1] = NN_ACT_SOFTPLUS, e.hidden_act[2] = NN_ACT_LINEAR;
    e.out_act = NN_ACT_LINEAR;
    e.loss = NN_LOSS_MSE;
    nn_opt_config_default(&e.opt, NN_OPT_RMSPROP);
    e.opt.momentum = 0.25f;
    e.opt.schedule.kind = NN_SCHED_STEP;
    e.opt.schedule.decay_steps = 50;
    e.opt.schedule.decay_rate = 0.5f;
    e.epochs = 12;
    e.seed = 1234567;
    char err[256];
    assert_int_equal(nn_experiment_save(&e, path, err, sizeof err), NN_OK);
    assert_int_equal(nn_experiment_load(&back, path, err, sizeof err), NN_OK);
    assert_string_equal(back.title, e.title);
    assert_memory_equal(&back.data, &e.data, sizeof e.data);
    assert_int_equal(back.n_hidden, 3);
    assert_memory_equal(back.hidden, e.hidden, sizeof e.hidden[0] * 3);
    assert_memory_equal(back.hidden_act, e.hidden_act, sizeof e.hidden_act[0] * 3);
    assert_int_equal(back.out_act, e.out_act);
    assert_int_equal(back.loss, e.loss);
    assert_memory_equal(&back.opt, &e.opt, sizeof e.opt);
    assert_int_equal(back.epochs, 12);
    assert_int_equal(back.seed, 1234567);
}

/* Every lesson the project ships loads, validates and builds a session. */
static void test_every_lesson_loads(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/lessons", NNVIZ_SOURCE_DIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *ent;
    int count = 0;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n < 5 || strcmp(ent->d_name + n - 4, ".ini") != 0)
            continue;
        char file[1024], err[512];
        snprintf(file, sizeof file, "%s/%s", dir, ent->d_name);
        nn_Experiment e;
        if (nn_experiment_load(&e, file, err, sizeof err) != NN_OK) {
            print_error("%s\n", err);
            fail();
        }
        assert_true(e.title[0] != '\0');
        assert_true(e.epochs > 0 || e.steps > 0 || e.stop_loss > 0);
        nn_Session *s = NULL;
        if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
            print_error("%s: %s\n", file, err);
            fail();
        }
        assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
        nn_session_destroy(s);
        count++;
    }
    closedir(d);
    assert_true(count >= 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_every_lesson_loads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
