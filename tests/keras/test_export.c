/* test_export.c - export -> import round trips: every lesson in lessons/
 * written as a Keras program (with its initial weights) and read back by
 * the bridge must give the same architecture, loss, optimizer, batch size,
 * epochs and every weight bit for bit; likewise a network made by a Keras
 * program. A changed weight in the file must be noticed (the check can fail). */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/session.h"
#include "keras/keras.h"

static int read_back(const char *path, kr_Result *res)
{
    kr_Options o = {0};
    o.stop_before_fit = 1;
    o.out = fopen("/dev/null", "w");
    o.notes = o.out;
    char err[512];
    int rc = kr_run_file(path, &o, res, err, sizeof err);
    fclose(o.out);
    if (rc != KR_OK)
        fprintf(stderr, "%s\n", err);
    return rc;
}

/* 0 when res holds e's network with m's weights. */
static int same_network(const nn_Experiment *e, const nn_Model *m, const kr_Result *res, const char *what)
{
    const nn_Model *r = res->model;
    if (!res->has_model || !r) {
        fprintf(stderr, "%s: no model read back\n", what);
        return -1;
    }
    if (r->arch.n_layers != m->arch.n_layers) {
        fprintf(stderr, "%s: %d layers, not %d\n", what, r->arch.n_layers, m->arch.n_layers);
        return -1;
    }
    for (int l = 0; l <= m->arch.n_layers; l++)
        if (r->arch.sizes[l] != m->arch.sizes[l]) {
            fprintf(stderr, "%s: size %d of layer %d, not %d\n", what, r->arch.sizes[l], l, m->arch.sizes[l]);
            return -1;
        }
    for (int l = 0; l < m->arch.n_layers; l++)
        if (r->arch.act[l] != m->arch.act[l]) {
            fprintf(stderr, "%s: activation of layer %d differs\n", what, l);
            return -1;
        }
    const nn_OptConfig *a = &res->spec.opt, *b = &e->opt;
    int k = a->kind;
    int uses_momentum = k == NN_OPT_MOMENTUM || k == NN_OPT_NESTEROV || k == NN_OPT_RMSPROP;
    int uses_eps = k == NN_OPT_ADAGRAD || k == NN_OPT_RMSPROP || k == NN_OPT_ADAM || k == NN_OPT_ADAMW;
    int uses_betas = k == NN_OPT_ADAM || k == NN_OPT_ADAMW;
    if (res->spec.loss != e->loss || a->kind != b->kind || a->lr != b->lr ||
        (uses_momentum && a->momentum != b->momentum) || (uses_eps && a->epsilon != b->epsilon) ||
        (uses_betas && (a->beta1 != b->beta1 || a->beta2 != b->beta2)) ||
        (k == NN_OPT_RMSPROP && a->rho != b->rho) ||
        (k == NN_OPT_ADAGRAD && a->initial_accumulator != b->initial_accumulator) ||
        (k == NN_OPT_ADAMW && a->weight_decay != b->weight_decay)) {
        fprintf(stderr, "%s: loss or optimizer differs (%s %s %g / %s %s %g)\n", what,
                nn_loss_name(res->spec.loss), nn_opt_name(a->kind), a->lr, nn_loss_name(e->loss),
                nn_opt_name(b->kind), b->lr);
        return -1;
    }
    if (e->batch_size && (res->spec.batch_size != e->batch_size ||
                          (e->epochs > 0 && res->spec.epochs != e->epochs))) {
        fprintf(stderr, "%s: batch size %d / epochs %lld differ\n", what, res->spec.batch_size,
                (long long)res->spec.epochs);
        return -1;
    }
    if (r->reg != m->reg || r->reg_rate != m->reg_rate) {
        fprintf(stderr, "%s: regularization differs\n", what);
        return -1;
    }
    if (memcmp(r->params, m->params, m->n_params * sizeof(float)) != 0) {
        fprintf(stderr, "%s: the weights differ\n", what);
        return -1;
    }
    return 0;
}

static void test_every_lesson_round_trips(void **state)
{
    (void)state;
    char dir[1024], out[64];
    snprintf(dir, sizeof dir, "%s/lessons", NNVIZ_SOURCE_DIR);
    snprintf(out, sizeof out, "/tmp/nnviz-export-%d.py", (int)getpid());
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *ent;
    int checked = 0;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n < 5 || strcmp(ent->d_name + n - 4, ".ini"))
            continue;
        char path[2048], err[512];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        nn_Experiment e;
        nn_experiment_default(&e);
        assert_int_equal(nn_experiment_load(&e, path, err, sizeof err), NN_OK);
        nn_Session *s = NULL;
        if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
            if (e.data.kind == NN_SRC_IDX) {
                printf("skip %s: %s\n", ent->d_name, err);
                continue;
            }
            fprintf(stderr, "%s: %s\n", path, err);
            fail();
        }
        kr_ExportOptions xo = {1, s->train, s->test, path};
        if (kr_export(out, &e, s->model, &xo, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            fail();
        }
        kr_Result res;
        assert_int_equal(read_back(out, &res), KR_OK);
        assert_int_equal(same_network(&e, s->model, &res, ent->d_name), 0);
        kr_result_free(&res);
        /* the comparison notices one weight changed by one float step */
        float w = s->model->params[0];
        s->model->params[0] = nextafterf(w, INFINITY);
        assert_int_equal(kr_export(out, &e, s->model, &xo, err, sizeof err), 0);
        s->model->params[0] = w;
        assert_int_equal(read_back(out, &res), KR_OK);
        assert_int_not_equal(same_network(&e, s->model, &res, "changed on purpose"), 0);
        kr_result_free(&res);
        nn_session_destroy(s);
        checked++;
    }
    closedir(d);
    unlink(out);
    printf("%d lessons round-tripped\n", checked);
    assert_true(checked >= 7);
}

static void test_keras_program_round_trips(void **state)
{
    (void)state;
    char src[64], out[64];
    snprintf(src, sizeof src, "/tmp/nnviz-src-%d.py", (int)getpid());
    snprintf(out, sizeof out, "/tmp/nnviz-out-%d.py", (int)getpid());
    FILE *f = fopen(src, "w");
    assert_non_null(f);
    fputs("from tensorflow import keras\n"
          "m = keras.Sequential([keras.layers.Dense(6, activation='elu', input_dim=4,\n"
          "                        kernel_regularizer=keras.regularizers.l2(0.001)),\n"
          "    keras.layers.Dense(3, activation='softmax', kernel_regularizer='l2')])\n"
          "m.compile(optimizer=keras.optimizers.RMSprop(0.01, momentum=0.5), loss='categorical_crossentropy')\n",
          f);
    fclose(f);
    kr_Result a;
    /* per-layer rates differ (0.001 and l2's default 0.01): refused, so use one rate */
    assert_int_equal(read_back(src, &a), KR_ERR_PROGRAM);
    kr_result_free(&a);
    f = fopen(src, "w");
    assert_non_null(f);
    fputs("from tensorflow import keras\n"
          "m = keras.Sequential([keras.layers.Dense(6, activation='elu', input_dim=4,\n"
          "                        kernel_regularizer=keras.regularizers.l2(0.001)),\n"
          "    keras.layers.Dense(3, activation='softmax', kernel_regularizer=keras.regularizers.l2(0.001))])\n"
          "m.compile(optimizer=keras.optimizers.RMSprop(0.01, momentum=0.5), loss='categorical_crossentropy')\n",
          f);
    fclose(f);
    assert_int_equal(read_back(src, &a), KR_OK);
    char err[512];
    kr_ExportOptions xo = {1, NULL, NULL, src};
    assert_int_equal(kr_export(out, &a.spec, a.model, &xo, err, sizeof err), 0);
    kr_Result b;
    assert_int_equal(read_back(out, &b), KR_OK);
    a.spec.batch_size = 0; /* no fit in the source program */
    assert_int_equal(same_network(&a.spec, a.model, &b, "program"), 0);
    assert_int_equal(b.spec.opt.kind, NN_OPT_RMSPROP);
    assert_true(b.spec.opt.momentum == 0.5f && b.model->reg == NN_REG_L2 && b.model->reg_rate == 0.001f);
    kr_result_free(&a);
    kr_result_free(&b);
    unlink(src);
    unlink(out);
}

/* Dropout on the inputs and after a hidden layer: the rates come through
 * export -> import, in the model and in the spec the window builds from. */
static void test_input_dropout_round_trips(void **state)
{
    (void)state;
    char src[64], out[64];
    snprintf(src, sizeof src, "/tmp/nnviz-srcd-%d.py", (int)getpid());
    snprintf(out, sizeof out, "/tmp/nnviz-outd-%d.py", (int)getpid());
    FILE *f = fopen(src, "w");
    assert_non_null(f);
    fputs("from tensorflow import keras\n"
          "m = keras.Sequential([keras.layers.Flatten(input_shape=(3, 2)), keras.layers.Dropout(0.2),\n"
          "    keras.layers.Dense(5, activation='relu'), keras.layers.Dropout(0.125),\n"
          "    keras.layers.Dense(3, activation='softmax')])\n"
          "m.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n",
          f);
    fclose(f);
    kr_Result a, b;
    assert_int_equal(read_back(src, &a), KR_OK);
    assert_true(a.model->dropout_in == 0.2f && a.model->dropout[0] == 0.125f);
    assert_true(a.spec.input_dropout == 0.2f);
    char err[512];
    kr_ExportOptions xo = {1, NULL, NULL, src};
    assert_int_equal(kr_export(out, &a.spec, a.model, &xo, err, sizeof err), 0);
    assert_int_equal(read_back(out, &b), KR_OK);
    a.spec.batch_size = 0; /* no fit in the source program */
    assert_int_equal(same_network(&a.spec, a.model, &b, "input dropout"), 0);
    assert_true(b.model->dropout_in == 0.2f && b.model->dropout[0] == 0.125f);
    assert_true(b.spec.input_dropout == 0.2f);
    kr_result_free(&a);
    kr_result_free(&b);
    unlink(src);
    unlink(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lesson_round_trips),
        cmocka_unit_test(test_keras_program_round_trips),
        cmocka_unit_test(test_input_dropout_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
