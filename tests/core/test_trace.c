/* test_trace.c - the trace's numbers recompute: read the CSV back, then
 * z = sum w a + b for every row and neuron, a = tanh(z), and one Adam
 * update (m, v, the change and the new weight) by our own arithmetic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#include "core/trace.h"

typedef struct {
    int batch, layer, row, i, j;
    char phase[16], q[24];
    double v;
} Line;

typedef struct {
    Line *l;
    int n;
} Trace;

static int field_int(const char *s)
{
    return *s ? atoi(s) : -1;
}

static Trace read_trace(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    Trace t = {NULL, 0};
    int cap = 0;
    char buf[256];
    assert_non_null(fgets(buf, sizeof buf, f));
    assert_string_equal(buf, "batch,phase,layer,quantity,row,i,j,value\n");
    while (fgets(buf, sizeof buf, f)) {
        char *col[8];
        int k = 0;
        char *p = buf;
        col[k++] = p;
        for (; *p && k < 8; p++)
            if (*p == ',') {
                *p = '\0';
                col[k++] = p + 1;
            }
        assert_int_equal(k, 8);
        if (t.n == cap) {
            cap = cap ? 2 * cap : 1024;
            t.l = realloc(t.l, (size_t)cap * sizeof *t.l);
            assert_non_null(t.l);
        }
        Line *l = &t.l[t.n++];
        l->batch = atoi(col[0]);
        snprintf(l->phase, sizeof l->phase, "%s", col[1]);
        l->layer = field_int(col[2]);
        snprintf(l->q, sizeof l->q, "%s", col[3]);
        l->row = field_int(col[4]);
        l->i = field_int(col[5]);
        l->j = field_int(col[6]);
        l->v = strtod(col[7], NULL);
    }
    fclose(f);
    return t;
}

/* The value of one line; fails the test when it is missing. */
static double get(const Trace *t, int batch, const char *phase, int layer, const char *q, int row,
                  int i, int j)
{
    for (int k = 0; k < t->n; k++) {
        const Line *l = &t->l[k];
        if (l->batch == batch && l->layer == layer && l->row == row && l->i == i && l->j == j &&
            strcmp(l->phase, phase) == 0 && strcmp(l->q, q) == 0)
            return l->v;
    }
    print_error("no %d,%s,%d,%s,%d,%d,%d in the trace\n", batch, phase, layer, q, row, i, j);
    fail();
    return 0;
}

static nn_Session *small_net(void)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_CIRCLE;
    e.data.samples = 100;
    e.n_hidden = 2;
    e.hidden[0] = 4;
    e.hidden[1] = 2;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_TANH;
    e.out_act = NN_ACT_TANH;
    e.loss = NN_LOSS_HALF_SQUARED;
    e.batch_size = 5;
    e.seed = 11;
    nn_opt_config_default(&e.opt, NN_OPT_ADAM);
    e.opt.lr = 0.05f;
    char err[256] = "";
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK)
        print_error("%s\n", err);
    assert_non_null(s);
    return s;
}

static void test_trace_recomputes(void **state)
{
    (void)state;
    nn_Session *s = small_net();
    char path[] = "/tmp/nnviz_trace_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[256] = "";
    int rc = app_trace_write(s, path, 2, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    Trace t = read_trace(path);
    unlink(path);
    const nn_Arch *a = &s->model->arch;
    int L = a->n_layers, B = s->spec.batch_size;

    /* forward: z = sum_i W[i][j] a_prev[i] + b[j], a = tanh(z), batch 1 */
    int checked = 0, nonzero = 0;
    for (int l = 1; l <= L; l++)
        for (int r = 0; r < B; r++)
            for (int j = 0; j < a->sizes[l]; j++) {
                double z = get(&t, 1, "start", l, "b", -1, -1, j);
                for (int i = 0; i < a->sizes[l - 1]; i++) {
                    double prev = l == 1 ? get(&t, 1, "forward", 0, "x", r, -1, i)
                                         : get(&t, 1, "forward", l - 1, "a", r, -1, i);
                    z += get(&t, 1, "start", l, "W", -1, i, j) * prev;
                }
                double zt = get(&t, 1, "forward", l, "z", r, -1, j);
                assert_close(zt, z, 1e-5);
                assert_close(get(&t, 1, "forward", l, "a", r, -1, j), tanh(zt), 1e-6);
                nonzero += fabs(zt) > 1e-3;
                checked++;
            }
    assert_int_equal(checked, B * (4 + 2 + 1));
    assert_true(nonzero > checked / 2);

    /* the loss: the mean of the rows' 1/2 (a - y)^2 */
    double sum = 0;
    for (int r = 0; r < B; r++) {
        double d = get(&t, 1, "forward", L, "a", r, -1, 0) - get(&t, 1, "forward", 0, "y", r, -1, 0);
        assert_close(get(&t, 1, "loss", -1, "row_loss", r, -1, -1), 0.5 * d * d, 1e-6);
        sum += 0.5 * d * d;
    }
    assert_close(get(&t, 1, "loss", -1, "loss", -1, -1, -1), sum / B, 1e-6);

    /* one Adam update of layer 1's kernel at batch 1 (t = 2, m and v not 0):
     * m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
     * alpha = lr sqrt(1 - b2^t) / (1 - b1^t); change = -alpha m / (sqrt(v) + eps) */
    double b1 = 0.9, b2 = 0.999, eps = 1e-7;
    double lr = get(&t, 1, "start", -1, "lr", -1, -1, -1);
    double it = get(&t, 1, "update", -1, "iterations", -1, -1, -1);
    assert_close(it, 2, 0);
    double alpha = lr * sqrt(1 - pow(b2, it)) / (1 - pow(b1, it));
    int moved = 0;
    for (int i = 0; i < a->sizes[0]; i++)
        for (int j = 0; j < a->sizes[1]; j++) {
            double g = get(&t, 1, "backward", 1, "dW", -1, i, j);
            double m = get(&t, 1, "start", 1, "m_W", -1, i, j);
            double v = get(&t, 1, "start", 1, "v_W", -1, i, j);
            assert_true(m != 0.0);
            m += (g - m) * (1 - b1);
            v += (g * g - v) * (1 - b2);
            assert_close(get(&t, 1, "update", 1, "m_W", -1, i, j), m, 1e-7);
            assert_close(get(&t, 1, "update", 1, "v_W", -1, i, j), v, 1e-9);
            double change = -alpha * m / (sqrt(v) + eps);
            assert_close(get(&t, 1, "update", 1, "change_W", -1, i, j), change, 1e-6);
            double w = get(&t, 1, "start", 1, "W", -1, i, j);
            assert_close(get(&t, 1, "update", 1, "W_after", -1, i, j), w + change, 1e-6);
            moved += fabs(change) > 1e-4;
        }
    assert_true(moved > 0);
    free(t.l);

    /* the trace leaves training as it was */
    nn_Session *ref = small_net();
    for (int k = 0; k < 7; k++) {
        assert_int_equal(nn_trainer_step_batch(s->trainer), NN_OK);
        assert_int_equal(nn_trainer_step_batch(ref->trainer), NN_OK);
    }
    assert_memory_equal(s->model->params, ref->model->params, s->model->n_params * sizeof(float));
    nn_session_destroy(ref);
    nn_session_destroy(s);
}

/* A path that cannot be written: one line naming it, training untouched. */
static void test_trace_bad_path(void **state)
{
    (void)state;
    nn_Session *s = small_net();
    char err[256] = "";
    assert_int_equal(app_trace_write(s, "/nonexistent/dir/t.csv", 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/dir/t.csv"));
    assert_int_equal(nn_trainer_cursor(s->trainer).step, 0);
    assert_int_equal(s->opt->iterations, 0);
    nn_session_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_recomputes),
        cmocka_unit_test(test_trace_bad_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
