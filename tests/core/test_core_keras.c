#define _XOPEN_SOURCE 700 /* mkdtemp */
/* test_core_keras.c - a Keras program opened in the window's core: the
 * network, Keras's initial weights, the compile and fit settings and the
 * program's own arrays become a run that trains like any lesson. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#include "core/core.h"
#include "keras/keras.h"

#define KERAS_DIR NNVIZ_TEST_DATA "/keras/"

static void open_py(app_Core *c, const char *name)
{
    char err[512] = "";
    int rc = app_core_init(c, name, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
}

static int64_t step_of(const app_Core *c)
{
    return nn_trainer_cursor(c->runs[0]->s->trainer).step;
}

/* The headless bridge stopped at fit: the network Keras would train. */
static void keras_reference(const char *path, kr_Result *res)
{
    kr_Options o = {0};
    o.stop_before_fit = 1;
    o.out = fopen("/dev/null", "w");
    char err[512] = "";
    int rc = kr_run_file(path, &o, res, err, sizeof err);
    fclose(o.out);
    if (rc != KR_OK)
        print_error("%s\n", err);
    assert_int_equal(rc, KR_OK);
    assert_non_null(res->model);
}

static void test_opens_network_settings_and_data(void **state)
{
    (void)state;
    app_Core c;
    open_py(&c, KERAS_DIR "seq_list.py");
    assert_int_equal(c.n_runs, 1);
    const nn_Session *s = c.runs[0]->s;
    const nn_Arch *a = &s->model->arch;
    /* Dense(8, relu, input_shape=(2,)), Dense(3, softmax) */
    assert_int_equal(a->n_layers, 2);
    assert_int_equal(a->sizes[0], 2);
    assert_int_equal(a->sizes[1], 8);
    assert_int_equal(a->sizes[2], 3);
    assert_int_equal(a->act[0], NN_ACT_RELU);
    assert_int_equal(a->act[1], NN_ACT_SOFTMAX);
    /* compile(SGD(0.05, momentum=0.9), categorical_crossentropy), fit(batch 16, 30 epochs) */
    assert_int_equal(s->spec.opt.kind, NN_OPT_MOMENTUM);
    assert_close(s->spec.opt.lr, 0.05, 1e-7);
    assert_close(s->spec.opt.momentum, 0.9, 1e-7);
    assert_int_equal(s->spec.loss, NN_LOSS_CCE);
    assert_int_equal(s->spec.batch_size, 16);
    assert_int_equal(s->spec.epochs, 30);
    /* the program's 300 rows, one-hot labels read as 3 classes; no validation */
    assert_non_null(c.train);
    assert_int_equal(c.train->n, 300);
    assert_int_equal(c.train->dim, 2);
    assert_int_equal(c.train->task, NN_TASK_CLASSIFY);
    assert_int_equal(c.train->n_classes, 3);
    assert_null(c.test);
    assert_true(c.adopted_data);
    /* no note: the status line stays clear at start-up, as for a lesson */
    assert_string_equal(c.status, "");
    /* the card and title name the file; the code panel knows fit's line */
    assert_string_equal(s->spec.title, "seq_list.py");
    assert_non_null(strstr(c.source, "seq_list.py"));
    assert_int_equal(c.keras_fit_line, 24);
    /* Keras's initial weights, not a re-initialization */
    kr_Result ref;
    keras_reference(KERAS_DIR "seq_list.py", &ref);
    assert_int_equal(ref.model->n_params, s->model->n_params);
    assert_memory_equal(ref.model->params, s->model->params, s->model->n_params * sizeof(float));
    kr_result_free(&ref);
    app_core_free(&c);
}

static void test_trains_like_a_session(void **state)
{
    (void)state;
    app_Core c;
    open_py(&c, KERAS_DIR "seq_list.py");
    /* a session stepped by hand on the same spec, data and weights */
    char err[512] = "";
    nn_Model *m0 = NULL;
    assert_int_equal(nn_model_clone(&m0, c.runs[0]->s->model, err, sizeof err), NN_OK);
    nn_Session *ref = NULL;
    assert_int_equal(nn_session_create_borrowed(&ref, &c.runs[0]->s->spec, c.train, c.test, err,
                                                sizeof err), NN_OK);
    assert_int_equal(nn_session_adopt_model(ref, m0, NULL, err, sizeof err), NN_OK);

    app_core_push(&c, app_cmd(APP_CMD_STEP_EPOCH));
    app_core_sync(&c, app_clock());
    int nb = nn_trainer_batches_per_epoch(ref->trainer);
    assert_int_equal(nb, 19); /* ceil(300 / 16) */
    assert_int_equal(step_of(&c), nb);
    for (int b = 0; b < nb; b++)
        assert_int_equal(nn_trainer_step_batch(ref->trainer), NN_OK);
    const nn_Model *m = c.runs[0]->s->model;
    assert_memory_equal(m->params, ref->model->params, m->n_params * sizeof(float));
    /* and it learns: 5 more epochs lower the loss on the program's data */
    nn_Metrics before, after;
    nn_session_evaluate(c.runs[0]->s, &before, NULL, NULL);
    for (int e = 0; e < 5; e++) {
        app_core_push(&c, app_cmd(APP_CMD_STEP_EPOCH));
        app_core_sync(&c, app_clock());
    }
    assert_int_equal(step_of(&c), 6 * nb);
    nn_session_evaluate(c.runs[0]->s, &after, NULL, NULL);
    assert_true(after.loss < before.loss);
    nn_session_destroy(ref);
    app_core_free(&c);
}

static void test_edits_keep_the_program_data(void **state)
{
    (void)state;
    app_Core c;
    open_py(&c, KERAS_DIR "undefined_classes.py");
    /* the line saying what the undefined names were bound to is on the status line */
    assert_non_null(strstr(c.status, "undefined_classes.py:11:"));
    assert_non_null(strstr(c.status, "synthetic multi-class set of 6 inputs"));
    /* validation_data=(x_test, y_test): the test set too */
    assert_non_null(c.test);
    assert_int_equal(c.train->dim, 6);
    const nn_Dataset *train = c.train;
    /* a wider layer and a comparison rebuild the runs on the same arrays */
    app_Command cmd = app_cmd_i(APP_CMD_SET_UNITS, 0);
    cmd.i[1] = 24;
    app_core_push(&c, cmd);
    app_core_sync(&c, app_clock());
    assert_int_equal(c.runs[0]->s->model->arch.sizes[1], 24);
    assert_ptr_equal(c.train, train);
    app_core_push(&c, app_cmd_text(APP_CMD_COMPARE, "lr=0.01,0.001"));
    app_core_sync(&c, app_clock());
    assert_int_equal(c.n_runs, 2);
    assert_ptr_equal(c.train, train);
    assert_int_equal(c.runs[1]->s->model->arch.sizes[0], 6);
    /* choosing a Playground set leaves the program's data behind */
    app_core_push(&c, app_cmd_text(APP_CMD_COMPARE, ""));
    app_core_push(&c, app_cmd_i(APP_CMD_SET_DATASET, NN_PG_XOR));
    app_core_sync(&c, app_clock());
    assert_int_equal(c.train->dim, 2);
    assert_false(c.adopted_data);
    app_core_free(&c);
}

static void test_bad_programs_leave_the_core_as_it_was(void **state)
{
    (void)state;
    app_Core c;
    open_py(&c, KERAS_DIR "seq_list.py");
    const nn_Dataset *train = c.train;
    char err[512] = "";
    app_runner_lock(c.runner);
    int rc = app_core_open(&c, KERAS_DIR "unsup_conv2d.py", err, sizeof err);
    app_runner_unlock(c.runner);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "unsup_conv2d.py:"));
    assert_non_null(strstr(err, "Conv2D"));
    assert_ptr_equal(c.train, train);
    assert_int_equal(c.runs[0]->s->model->arch.sizes[1], 8);

    /* a model that is never fitted: nothing to train on, said in one line */
    char dir[] = "/tmp/nnviz_core_keras_XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/nofit.py", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("from tensorflow import keras\n"
          "model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])\n"
          "model.compile(optimizer='sgd', loss='mse')\n", f);
    fclose(f);
    app_runner_lock(c.runner);
    rc = app_core_open(&c, path, err, sizeof err);
    app_runner_unlock(c.runner);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "nofit.py"));
    assert_non_null(strstr(err, "fit()"));
    assert_null(strchr(err, '\n'));
    assert_ptr_equal(c.train, train);
    unlink(path);
    rmdir(dir);

    /* a dropped .py goes through the same door, by command */
    app_core_push(&c, app_cmd_text(APP_CMD_OPEN, KERAS_DIR "undefined_classes.py"));
    app_core_sync(&c, app_clock());
    assert_int_equal(c.runs[0]->s->model->arch.sizes[0], 6);
    assert_int_equal(c.keras_fit_line, 12);
    app_core_free(&c);
}

/* The TensorFlow quickstart calls the model and the loss before fit: those
 * run on the way, and the window stops at fit with its data. */
static void test_quickstart_runs_up_to_fit(void **state)
{
    (void)state;
    if (access("/usr/share/datasets/fashion-mnist", R_OK) != 0) {
        print_message("skip: no /usr/share/datasets/fashion-mnist\n");
        skip();
    }
    app_Core c;
    open_py(&c, KERAS_DIR "quickstart.py");
    const nn_Arch *a = &c.runs[0]->s->model->arch;
    assert_int_equal(a->sizes[0], 784);
    assert_int_equal(a->sizes[a->n_layers], 10);
    assert_int_equal(c.keras_fit_line, 38);
    assert_int_equal(c.train->n, 60000);
    assert_int_equal(c.runs[0]->s->spec.loss, NN_LOSS_SPARSE_CCE);
    app_core_push(&c, app_cmd(APP_CMD_STEP_BATCH));
    app_core_sync(&c, app_clock());
    assert_int_equal(step_of(&c), 1);
    app_core_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opens_network_settings_and_data),
        cmocka_unit_test(test_trains_like_a_session),
        cmocka_unit_test(test_edits_keep_the_program_data),
        cmocka_unit_test(test_bad_programs_leave_the_core_as_it_was),
        cmocka_unit_test(test_quickstart_runs_up_to_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
