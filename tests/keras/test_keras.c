/* test_keras.c - the Keras bridge in-process: parse errors name their line,
 * Keras names and defaults map to the engine's (numbers from Keras's
 * documentation, not from the engine), from_logits, printing as Python and
 * NumPy print, and a seeded program that trains the same twice. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keras/keras.h"
#include "keras/kr_ast.h"

/* Runs src; stdout of the program into out (may be NULL). Returns the status. */
static int run(const char *src, int stop_before_fit, kr_Result *res, char *out, size_t out_len,
               char *err, size_t err_len)
{
    FILE *f = tmpfile(), *notes = tmpfile();
    assert_non_null(f);
    kr_Options o = {0};
    o.out = f;
    o.notes = notes;
    o.stop_before_fit = stop_before_fit;
    int rc = kr_run_text("t.py", src, strlen(src), &o, res, err, err_len);
    if (out) {
        rewind(f);
        size_t n = fread(out, 1, out_len - 1, f);
        out[n] = '\0';
    }
    fclose(f);
    fclose(notes);
    return rc;
}

static void expect_error(const char *src, const char *msg)
{
    char err[512];
    kr_Result res;
    int rc = run(src, 1, &res, NULL, 0, err, sizeof err);
    kr_result_free(&res);
    if (rc == KR_OK || !strstr(err, msg)) {
        fprintf(stderr, "program:\n%s\nexpected '%s', got (%d) '%s'\n", src, msg, rc, err);
        fail();
    }
    assert_null(strchr(err, '\n'));
}

static void test_errors_name_their_line(void **state)
{
    (void)state;
    expect_error("x = 1\ny = (2,\n", "t.py:2: syntax error: '(' was never closed");
    expect_error("x = 1\n\n  y = 2\n", "t.py:3: syntax error: unexpected indent");
    expect_error("# 注释\nimport numpy as np\nwhile True:\n    pass\n", "t.py:3: 'while' is not supported");
    expect_error("from keras import layers\nl = layers.LSTM(4)\n", "t.py:2: LSTM is not supported");
    expect_error("import numpy as np\nx = np.zeros((2, 3)) + np.zeros((3, 2))\n",
                 "t.py:2: operands could not be broadcast together with shapes (2,3) (3,2)");
    expect_error("a = [1, 2]\nb = a[5]\n", "t.py:2: index 5 is out of bounds");
    expect_error("print(f'{1:q}')\n", "t.py:1: f-string: invalid format specifier");
    expect_error("x = 'abc\n", "t.py:1: syntax error: unterminated string");
    expect_error("x = [i for i in y]\n", "t.py:1: comprehensions are not supported");
    expect_error("from keras import Sequential\nm = Sequential()\nm.fit([1], [1])\n",
                 "t.py:3: You must call compile()");
}

static const char *const net_src =
    "from tensorflow import keras\n"
    "m = keras.Sequential([keras.layers.Dense(5, activation='tanh', input_shape=(3,)),\n"
    "                      keras.layers.Dense(4, activation='relu'),\n"
    "                      keras.layers.Dense(2, activation='softmax')])\n"
    "m.compile(optimizer=%s, loss=%s)\n"
    "m.fit([[1, 2, 3]], [0], epochs=7, batch_size=16)\n";

static kr_Result compiled(const char *opt, const char *loss)
{
    char src[2048], err[512];
    snprintf(src, sizeof src, net_src, opt, loss);
    kr_Result res;
    int rc = run(src, 1, &res, NULL, 0, err, sizeof err);
    if (rc != KR_OK)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, KR_OK);
    assert_true(res.has_model);
    return res;
}

static void test_architecture_and_fit_settings(void **state)
{
    (void)state;
    kr_Result r = compiled("'adam'", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.n_hidden, 2);
    assert_int_equal(r.spec.hidden[0], 5);
    assert_int_equal(r.spec.hidden[1], 4);
    assert_int_equal(r.spec.hidden_act[0], NN_ACT_TANH);
    assert_int_equal(r.spec.hidden_act[1], NN_ACT_RELU);
    assert_int_equal(r.spec.n_out, 2);
    assert_int_equal(r.spec.out_act, NN_ACT_SOFTMAX);
    assert_int_equal(r.spec.loss, NN_LOSS_SPARSE_CCE);
    assert_int_equal(r.spec.batch_size, 16);
    assert_int_equal((int)r.spec.epochs, 7);
    assert_non_null(r.model);
    assert_int_equal(r.model->arch.sizes[0], 3);
    assert_int_equal((int)r.epochs_run, 0); /* stopped before fit */
    kr_result_free(&r);
}

/* Keras 3 documentation: Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-07); SGD(learning_rate=0.01, momentum=0.0); RMSprop(0.001,
 * rho=0.9, momentum=0.0, epsilon=1e-07); Adagrad(0.001,
 * initial_accumulator_value=0.1, epsilon=1e-07); AdamW weight_decay=0.004. */
static void test_optimizer_names_and_defaults(void **state)
{
    (void)state;
    kr_Result r = compiled("'adam'", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.opt.kind, NN_OPT_ADAM);
    assert_true(r.spec.opt.lr == 0.001f && r.spec.opt.beta1 == 0.9f &&
                r.spec.opt.beta2 == 0.999f && r.spec.opt.epsilon == 1e-7f);
    kr_result_free(&r);
    r = compiled("keras.optimizers.SGD(0.05, momentum=0.9)", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.opt.kind, NN_OPT_MOMENTUM);
    assert_true(r.spec.opt.lr == 0.05f && r.spec.opt.momentum == 0.9f);
    kr_result_free(&r);
    r = compiled("keras.optimizers.SGD(momentum=0.5, nesterov=True)", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.opt.kind, NN_OPT_NESTEROV);
    assert_true(r.spec.opt.lr == 0.01f && r.spec.opt.momentum == 0.5f);
    kr_result_free(&r);
    r = compiled("'sgd'", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.opt.kind, NN_OPT_SGD);
    assert_true(r.spec.opt.lr == 0.01f);
    kr_result_free(&r);
    r = compiled("keras.optimizers.RMSprop()", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.opt.kind, NN_OPT_RMSPROP);
    assert_true(r.spec.opt.lr == 0.001f && r.spec.opt.rho == 0.9f && r.spec.opt.momentum == 0.0f &&
                r.spec.opt.epsilon == 1e-7f);
    kr_result_free(&r);
    r = compiled("keras.optimizers.Adagrad(learning_rate=0.2)", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.opt.kind, NN_OPT_ADAGRAD);
    assert_true(r.spec.opt.lr == 0.2f && r.spec.opt.initial_accumulator == 0.1f);
    kr_result_free(&r);
    r = compiled("keras.optimizers.AdamW()", "'sparse_categorical_crossentropy'");
    assert_int_equal(r.spec.opt.kind, NN_OPT_ADAMW);
    assert_true(r.spec.opt.weight_decay == 0.004f);
    kr_result_free(&r);
    r = compiled("keras.optimizers.Adam(learning_rate=1e-2, beta_1=0.8)", "'categorical_crossentropy'");
    assert_true(r.spec.opt.lr == 0.01f && r.spec.opt.beta1 == 0.8f);
    assert_int_equal(r.spec.loss, NN_LOSS_CCE);
    kr_result_free(&r);
}

static void test_from_logits(void **state)
{
    (void)state;
    const char *src =
        "import tensorflow as tf\n"
        "m = tf.keras.Sequential([tf.keras.layers.Dense(3, input_dim=2)])\n"
        "m.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
        "print(m([[0.0, 0.0]]).numpy())\n";
    char out[256], err[256];
    kr_Result r;
    assert_int_equal(run(src, 0, &r, out, sizeof out, err, sizeof err), KR_OK);
    assert_true(r.logits);
    assert_int_equal(r.model->arch.act[0], NN_ACT_SOFTMAX);
    /* zero input, zero biases: the logits are 0, not the probabilities 1/3 */
    assert_string_equal(out, "[[0. 0. 0.]]\n");
    kr_result_free(&r);
}

static void test_printing(void **state)
{
    (void)state;
    const char *src =
        "import numpy as np\n"
        "print(1/3, 2.5e-7, 10**20, 1e16, 100.0, -0.0, [1, 'x'], (2,), None, True)\n"
        "print(f'{3.14159:.2f}|{7:>3}|{0.5:.0%}|{12:+d}|{\"s\":^5}|')\n"
        "print(np.array([0.5, 0.25, 10.0]))\n"
        "print(np.array([1e-5, 1.0]))\n"
        "print(np.arange(6).reshape(2, 3) * 1.0)\n";
    char out[1024], err[256];
    assert_int_equal(run(src, 0, NULL, out, sizeof out, err, sizeof err), KR_OK);
    assert_string_equal(out,
                        "0.3333333333333333 2.5e-07 100000000000000000000 1e+16 100.0 -0.0 "
                        "[1, 'x'] (2,) None True\n"
                        "3.14|  7|50%|+12|  s  |\n"
                        "[ 0.5   0.25 10.  ]\n"
                        "[1.e-05 1.e+00]\n"
                        "[[0. 1. 2.]\n [3. 4. 5.]]\n");
}

static void test_seeded_training_repeats(void **state)
{
    (void)state;
    const char *src =
        "import numpy as np\nfrom keras import Sequential, layers\n"
        "np.random.seed(5)\n"
        "x = np.random.randn(64, 2)\ny = (x[:, 0] > x[:, 1]) * 1\n"
        "m = Sequential([layers.Dense(4, activation='relu', input_dim=2),"
        " layers.Dense(1, activation='sigmoid')])\n"
        "m.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
        "m.fit(x, y, epochs=3, batch_size=8, verbose=0)\n";
    char err[256];
    kr_Result a, b;
    assert_int_equal(run(src, 0, &a, NULL, 0, err, sizeof err), KR_OK);
    assert_int_equal(run(src, 0, &b, NULL, 0, err, sizeof err), KR_OK);
    assert_int_equal((int)a.epochs_run, 3);
    assert_true(isfinite(a.loss));
    assert_memory_equal(&a.loss, &b.loss, sizeof a.loss);
    assert_memory_equal(a.model->params, b.model->params, a.model->n_params * sizeof(float));
    kr_result_free(&a);
    kr_result_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors_name_their_line),
        cmocka_unit_test(test_architecture_and_fit_settings),
        cmocka_unit_test(test_optimizer_names_and_defaults),
        cmocka_unit_test(test_from_logits),
        cmocka_unit_test(test_printing),
        cmocka_unit_test(test_seeded_training_repeats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
