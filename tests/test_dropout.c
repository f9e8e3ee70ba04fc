/* test_dropout.c - inverted dropout in the trainer: the gradient through a
 * fixed mask against a central difference of an independent double forward
 * pass written here, the mask's statistics, and its reproducibility (same
 * seed, phase by phase, after a rewind of the cursor). */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "dataset.h"
#include "experiment.h"
#include "model_io.h"
#include "model.h"
#include "optimizer.h"
#include "trainer.h"

#define ROWS 6
#define IN 3
#define H1 5
#define H2 4
#define OUT 3

static double ref_act(nn_Act act, double z)
{
    switch (act) {
    case NN_ACT_TANH: return tanh(z);
    case NN_ACT_RELU: return z > 0 ? z : 0;
    case NN_ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    default: return z;
    }
}

/* Mean sparse cross-entropy of a softmax output, with the inputs multiplied
 * by in_mask and divided by 1 - m->dropout_in (in_mask NULL: none), and each
 * hidden layer's output multiplied by its mask and divided by 1 - rate
 * (masks NULL: none). */
static double ref_loss_in(const nn_Model *m, const float *x, const float *t, int rows,
                          const uint8_t *const *masks, const uint8_t *in_mask)
{
    int L = m->arch.n_layers;
    double total = 0.0;
    for (int r = 0; r < rows; r++) {
        double a[NN_MAX_UNITS], z[NN_MAX_UNITS], prev[NN_MAX_UNITS];
        for (int i = 0; i < m->arch.sizes[0]; i++) {
            int k = r * m->arch.sizes[0] + i;
            prev[i] = x[k];
            if (in_mask) /* Keras's division, in float32's keep */
                prev[i] = in_mask[k] ? prev[i] / (double)(1.0f - m->dropout_in) : 0.0;
        }
        for (int l = 0; l < L; l++) {
            int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
            for (int j = 0; j < no; j++) {
                double s = m->b[l][j];
                for (int i = 0; i < ni; i++)
                    s += prev[i] * (double)m->W[l][i * no + j];
                z[j] = s;
            }
            if (l == L - 1) {
                double mx = z[0], sum = 0;
                for (int j = 1; j < no; j++)
                    mx = z[j] > mx ? z[j] : mx;
                for (int j = 0; j < no; j++)
                    sum += exp(z[j] - mx);
                for (int j = 0; j < no; j++)
                    a[j] = exp(z[j] - mx) / sum;
            } else {
                for (int j = 0; j < no; j++) {
                    a[j] = ref_act(m->arch.act[l], z[j]);
                    if (masks && masks[l]) /* the division Keras does, in float32's keep */
                        a[j] = masks[l][r * no + j] ? a[j] / (double)(1.0f - m->dropout[l]) : 0.0;
                }
            }
            memcpy(prev, a, sizeof(double) * no);
        }
        total -= log(a[(int)t[r]]);
    }
    return total / rows;
}

static double ref_loss(const nn_Model *m, const float *x, const float *t, int rows,
                       const uint8_t *const *masks)
{
    return ref_loss_in(m, x, t, rows, masks, NULL);
}

typedef struct {
    nn_Model *m;
    nn_Optimizer *opt;
    nn_Dataset *d;
    nn_Trainer *t;
} Fixture;

static void make_in(Fixture *f, nn_Act hidden, float rate0, float rate1, float rate_in,
                    uint64_t seed, int n_rows)
{
    char err[256];
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 3;
    arch.sizes[0] = IN, arch.sizes[1] = H1, arch.sizes[2] = H2, arch.sizes[3] = OUT;
    arch.act[0] = hidden, arch.act[1] = hidden, arch.act[2] = NN_ACT_SOFTMAX;
    assert_int_equal(nn_model_create(&f->m, &arch, NN_LOSS_SPARSE_CCE, err, sizeof err), NN_OK);
    assert_int_equal(nn_model_set_dropout(f->m, 0, rate0, err, sizeof err), NN_OK);
    assert_int_equal(nn_model_set_dropout(f->m, 1, rate1, err, sizeof err), NN_OK);
    assert_int_equal(nn_model_set_input_dropout(f->m, rate_in, err, sizeof err), NN_OK);
    nn_Rng rng;
    nn_rng_seed(&rng, 7);
    for (size_t i = 0; i < f->m->n_params; i++)
        f->m->params[i] = (float)(nn_rng_uniform(&rng) * 1.6 - 0.8);
    for (int l = 0; l < 3; l++)
        for (int j = 0; j < arch.sizes[l + 1]; j++)
            f->m->b[l][j] = 0.3f + 0.1f * (float)j; /* relu units alive */
    assert_int_equal(nn_dataset_create(&f->d, NN_TASK_CLASSIFY, n_rows, IN, 1, OUT, 0, err, sizeof err),
                     NN_OK);
    for (int i = 0; i < n_rows * IN; i++)
        f->d->x[i] = (float)(nn_rng_uniform(&rng) * 2.0 - 1.0);
    for (int r = 0; r < n_rows; r++)
        f->d->label[r] = r % OUT;
    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_ADAM);
    assert_int_equal(nn_opt_create(&f->opt, &oc, f->m->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = ROWS;
    tc.shuffle = 1;
    tc.threads = 1;
    nn_rng_seed(&tc.rng, seed);
    assert_int_equal(nn_trainer_create(&f->t, f->m, f->opt, f->d, &tc, err, sizeof err), NN_OK);
}

static void make(Fixture *f, nn_Act hidden, float rate0, float rate1, uint64_t seed, int n_rows)
{
    make_in(f, hidden, rate0, rate1, 0.0f, seed, n_rows);
}

static void drop(Fixture *f)
{
    nn_trainer_destroy(f->t);
    nn_opt_destroy(f->opt);
    nn_dataset_destroy(f->d);
    nn_model_destroy(f->m);
}

/* With the batch's masks fixed, the analytic gradient of every parameter
 * agrees with finite differences of the reference forward through them. */
static void check_grad(nn_Act hidden)
{
    Fixture f;
    make(&f, hidden, 0.4f, 0.25f, 3, ROWS);
    int phases = nn_trainer_phases_per_batch(f.t);
    for (int p = 0; p < phases - 1; p++)
        assert_int_equal(nn_trainer_step_phase(f.t), NN_OK);
    const uint8_t *masks[2] = {nn_trainer_dropout_mask(f.t, 0), nn_trainer_dropout_mask(f.t, 1)};
    assert_non_null(masks[0]);
    assert_non_null(masks[1]);
    assert_null(nn_trainer_dropout_mask(f.t, 2)); /* the output layer never */
    int kept = 0, n = ROWS * H1;
    for (int i = 0; i < n; i++)
        kept += masks[0][i];
    assert_true(kept > 0 && kept < n); /* this seed drops some units and keeps others */

    const float *g = nn_trainer_grads(f.t);
    const float *x = nn_trainer_batch_x(f.t), *tg = nn_trainer_batch_target(f.t);
    nn_Model *m = f.m;
    assert_close_rel(nn_trainer_cursor(f.t).last_loss, ref_loss(m, x, tg, ROWS, masks), 1e-4);
    /* the guard: without the masks the loss differs, so the check sees them */
    assert_true(fabs(ref_loss(m, x, tg, ROWS, NULL) - ref_loss(m, x, tg, ROWS, masks)) > 1e-3);
    double gsum = 0.0;
    int zero_rows = 0;
    for (size_t i = 0; i < m->n_params; i++) {
        float saved = m->params[i];
        double h = 1e-5;
        m->params[i] = (float)(saved + h);
        double hp = m->params[i] - (double)saved;
        double lp = ref_loss(m, x, tg, ROWS, masks);
        m->params[i] = (float)(saved - h);
        double hm = (double)saved - m->params[i];
        double lm = ref_loss(m, x, tg, ROWS, masks);
        m->params[i] = saved;
        double num = (lp - lm) / (hp + hm);
        if (!(fabs(num - g[i]) <= 2e-3 * fmax(fabs(num), 1e-2))) {
            print_error("%s hidden: param %zu analytic %.8g numeric %.8g\n", nn_act_name(hidden), i,
                        g[i], num);
            fail();
        }
        gsum += fabs(g[i]);
        zero_rows += g[i] == 0.0f;
    }
    assert_true(gsum > 1e-4);
    /* a unit dropped in every row passes no gradient to its outgoing weights */
    for (int j = 0; j < H1; j++) {
        int any = 0;
        for (int r = 0; r < ROWS; r++)
            any |= masks[0][r * H1 + j];
        if (!any)
            for (int k = 0; k < H2; k++)
                assert_true(g[m->W_off[1] + (size_t)j * H2 + k] == 0.0f);
    }
    drop(&f);
}

/* Dropout on the inputs: with the batch's input mask (and a hidden layer's)
 * fixed, every analytic gradient agrees with finite differences of the
 * reference forward through them; the check fails if the mask is ignored,
 * and an input dropped in every row gives its weights no gradient. */
static void check_grad_inputs(nn_Act hidden)
{
    Fixture f;
    make_in(&f, hidden, 0.0f, 0.25f, 0.4f, 3, ROWS);
    int phases = nn_trainer_phases_per_batch(f.t);
    for (int p = 0; p < phases - 1; p++)
        assert_int_equal(nn_trainer_step_phase(f.t), NN_OK);
    const uint8_t *in_mask = nn_trainer_input_dropout_mask(f.t);
    const uint8_t *masks[2] = {NULL, nn_trainer_dropout_mask(f.t, 1)};
    assert_non_null(in_mask);
    assert_non_null(masks[1]);
    assert_null(nn_trainer_dropout_mask(f.t, 0)); /* layer 0 itself drops nothing */
    int kept = 0, n = ROWS * IN;
    for (int i = 0; i < n; i++)
        kept += in_mask[i];
    assert_true(kept > 0 && kept < n);
    const float *g = nn_trainer_grads(f.t);
    const float *x = nn_trainer_batch_x(f.t), *tg = nn_trainer_batch_target(f.t);
    nn_Model *m = f.m;
    assert_close_rel(nn_trainer_cursor(f.t).last_loss, ref_loss_in(m, x, tg, ROWS, masks, in_mask),
                     1e-4);
    /* the guard: ignoring the input mask changes the loss, so the check sees it */
    assert_true(fabs(ref_loss_in(m, x, tg, ROWS, masks, NULL) -
                     ref_loss_in(m, x, tg, ROWS, masks, in_mask)) > 1e-3);
    double gsum = 0.0, off = 0.0;
    for (size_t i = 0; i < m->n_params; i++) {
        float saved = m->params[i];
        double h = 1e-5;
        m->params[i] = (float)(saved + h);
        double hp = m->params[i] - (double)saved;
        double lp = ref_loss_in(m, x, tg, ROWS, masks, in_mask);
        double lp0 = ref_loss_in(m, x, tg, ROWS, masks, NULL);
        m->params[i] = (float)(saved - h);
        double hm = (double)saved - m->params[i];
        double lm = ref_loss_in(m, x, tg, ROWS, masks, in_mask);
        double lm0 = ref_loss_in(m, x, tg, ROWS, masks, NULL);
        m->params[i] = saved;
        double num = (lp - lm) / (hp + hm), num0 = (lp0 - lm0) / (hp + hm);
        if (!(fabs(num - g[i]) <= 2e-3 * fmax(fabs(num), 1e-2))) {
            print_error("%s hidden, input dropout: param %zu analytic %.8g numeric %.8g\n",
                        nn_act_name(hidden), i, g[i], num);
            fail();
        }
        gsum += fabs(g[i]);
        off = fmax(off, fabs(num0 - g[i]) / fmax(fabs(num0), 1e-2));
    }
    assert_true(gsum > 1e-4);
    assert_true(off > 2e-3); /* a gradient that ignored the mask would fail the check */
    for (int i = 0; i < IN; i++) {
        int any = 0;
        for (int r = 0; r < ROWS; r++)
            any |= in_mask[r * IN + i];
        if (!any)
            for (int j = 0; j < H1; j++)
                assert_true(g[m->W_off[0] + (size_t)i * H1 + j] == 0.0f);
    }
    drop(&f);
}

static void test_gradcheck_inputs_tanh(void **state) { (void)state; check_grad_inputs(NN_ACT_TANH); }
static void test_gradcheck_inputs_relu(void **state) { (void)state; check_grad_inputs(NN_ACT_RELU); }

/* The input mask is reproducible (same seed, same mask), differs from step
 * to step, and a model file and an experiment file keep the inputs' rate. */
static void test_inputs_files(void **state)
{
    (void)state;
    Fixture a, b;
    make_in(&a, NN_ACT_RELU, 0.0f, 0.0f, 0.5f, 5, 60);
    make_in(&b, NN_ACT_RELU, 0.0f, 0.0f, 0.5f, 5, 60);
    uint8_t first[ROWS * IN];
    for (int s = 0; s < 3; s++) {
        assert_int_equal(nn_trainer_step_batch(a.t), NN_OK);
        assert_int_equal(nn_trainer_step_batch(b.t), NN_OK);
        assert_memory_equal(nn_trainer_input_dropout_mask(a.t), nn_trainer_input_dropout_mask(b.t),
                            ROWS * IN);
        if (s == 0)
            memcpy(first, nn_trainer_input_dropout_mask(a.t), sizeof first);
        else
            assert_true(memcmp(first, nn_trainer_input_dropout_mask(a.t), sizeof first) != 0);
    }
    assert_memory_equal(a.m->params, b.m->params, a.m->n_params * sizeof(float));
    char err[256] = "", path[] = "/tmp/nnviz_test_dropout_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(nn_model_save(path, a.m, NULL, 0, err, sizeof err), NN_OK);
    nn_Model *m = NULL;
    assert_int_equal(nn_model_load(path, &m, NULL, NULL, err, sizeof err), NN_OK);
    assert_true(m->dropout_in == 0.5f);
    nn_model_destroy(m);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"format\":\"nnviz-model\",\"version\":1,\"inputs\":1,\"loss\":\"mse\","
          "\"input_dropout\":1,\"layers\":[{\"units\":1,\"activation\":\"linear\","
          "\"kernel\":[[0]],\"bias\":[0]}]}", fp);
    fclose(fp);
    assert_int_not_equal(nn_model_load(path, &m, NULL, NULL, err, sizeof err), NN_OK);
    assert_non_null(strstr(err, "input_dropout"));
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("[network]\nhidden = 8\ninput_dropout = 0.3\n", fp);
    fclose(fp);
    nn_Experiment e, e2;
    assert_int_equal(nn_experiment_load(&e, path, err, sizeof err), NN_OK);
    assert_true(e.input_dropout == 0.3f);
    e.input_dropout = 0.15f;
    assert_int_equal(nn_experiment_save(&e, path, err, sizeof err), NN_OK);
    assert_int_equal(nn_experiment_load(&e2, path, err, sizeof err), NN_OK);
    assert_true(e2.input_dropout == 0.15f);
    unlink(path);
    drop(&a);
    drop(&b);
}

static void test_gradcheck_tanh(void **state) { (void)state; check_grad(NN_ACT_TANH); }
static void test_gradcheck_relu(void **state) { (void)state; check_grad(NN_ACT_RELU); }
static void test_gradcheck_sigmoid(void **state) { (void)state; check_grad(NN_ACT_SIGMOID); }

/* The fraction kept is near 1 - rate, and kept values are a / (1 - rate). */
static void test_mask_statistics(void **state)
{
    (void)state;
    Fixture f;
    make(&f, NN_ACT_TANH, 0.3f, 0.0f, 11, 600);
    long kept = 0, total = 0;
    for (int b = 0; b < 100; b++) {
        for (int p = 0; p < 1; p++)
            assert_int_equal(nn_trainer_step_phase(f.t), NN_OK); /* FORWARD 0 */
        const uint8_t *mk = nn_trainer_dropout_mask(f.t, 0);
        assert_non_null(mk);
        assert_null(nn_trainer_dropout_mask(f.t, 1)); /* rate 0: no dropout there */
        for (int i = 0; i < ROWS * H1; i++) {
            kept += mk[i];
            total++;
        }
        assert_int_equal(nn_trainer_step_batch(f.t), NN_OK);
    }
    double frac = (double)kept / (double)total;
    assert_true(frac > 0.66 && frac < 0.74);
    drop(&f);
}

/* Same seed, same masks and weights; phase by phase as by batches; after
 * the cursor is set back, the replay gives the same bits; another seed
 * draws other masks. */
static void test_reproducible(void **state)
{
    (void)state;
    Fixture a, b, c;
    make(&a, NN_ACT_RELU, 0.5f, 0.2f, 5, 60);
    make(&b, NN_ACT_RELU, 0.5f, 0.2f, 5, 60);
    make(&c, NN_ACT_RELU, 0.5f, 0.2f, 6, 60);
    for (int k = 0; k < 7; k++)
        assert_int_equal(nn_trainer_step_batch(a.t), NN_OK);
    for (int k = 0; k < 7 * nn_trainer_phases_per_batch(b.t); k++)
        assert_int_equal(nn_trainer_step_phase(b.t), NN_OK);
    for (int k = 0; k < 7; k++)
        assert_int_equal(nn_trainer_step_batch(c.t), NN_OK);
    assert_memory_equal(a.m->params, b.m->params, a.m->n_params * sizeof(float));
    assert_memory_equal(nn_trainer_dropout_mask(a.t, 0), nn_trainer_dropout_mask(b.t, 0), ROWS * H1);
    assert_memory_not_equal(nn_trainer_dropout_mask(a.t, 0), nn_trainer_dropout_mask(c.t, 0),
                            ROWS * H1);

    /* rewind: keep the state at batch 3, run on, restore it and run again */
    Fixture r;
    make(&r, NN_ACT_RELU, 0.5f, 0.2f, 5, 60);
    for (int k = 0; k < 3; k++)
        assert_int_equal(nn_trainer_step_batch(r.t), NN_OK);
    nn_Cursor cur = nn_trainer_cursor(r.t);
    size_t np = r.m->n_params;
    float *w = malloc(np * sizeof *w), *s0 = malloc(np * sizeof *s0), *s1 = malloc(np * sizeof *s1);
    assert_non_null(w);
    assert_non_null(s0);
    assert_non_null(s1);
    memcpy(w, r.m->params, np * sizeof *w);
    memcpy(s0, r.opt->slot[0], np * sizeof *s0);
    memcpy(s1, r.opt->slot[1], np * sizeof *s1);
    int64_t it = r.opt->iterations;
    for (int k = 0; k < 5; k++)
        assert_int_equal(nn_trainer_step_batch(r.t), NN_OK);
    memcpy(r.m->params, w, np * sizeof *w);
    memcpy(r.opt->slot[0], s0, np * sizeof *s0);
    memcpy(r.opt->slot[1], s1, np * sizeof *s1);
    r.opt->iterations = it;
    nn_trainer_set_cursor(r.t, &cur);
    assert_null(nn_trainer_dropout_mask(r.t, 0)); /* no batch held after a restore */
    for (int k = 0; k < 4; k++)
        assert_int_equal(nn_trainer_step_batch(r.t), NN_OK);
    assert_memory_equal(r.m->params, a.m->params, np * sizeof(float));
    free(w), free(s0), free(s1);
    drop(&a), drop(&b), drop(&c), drop(&r);
}

/* Rate 0 is no dropout at all: the same bits as a model that never had one. */
static void test_rate_zero_is_plain(void **state)
{
    (void)state;
    Fixture a, b;
    make(&a, NN_ACT_TANH, 0.0f, 0.0f, 9, 60);
    make(&b, NN_ACT_TANH, 0.5f, 0.0f, 9, 60);
    char err[256];
    assert_int_equal(nn_model_set_dropout(b.m, 0, 0.0f, err, sizeof err), NN_OK);
    assert_false(nn_model_has_dropout(b.m));
    for (int k = 0; k < 10; k++) {
        assert_int_equal(nn_trainer_step_batch(a.t), NN_OK);
        assert_int_equal(nn_trainer_step_batch(b.t), NN_OK);
    }
    assert_memory_equal(a.m->params, b.m->params, a.m->n_params * sizeof(float));
    assert_null(nn_trainer_dropout_mask(a.t, 0));
    drop(&a), drop(&b);
}

/* Bad rates and the output layer are refused in one line; nothing changes. */
static void test_refused(void **state)
{
    (void)state;
    Fixture f;
    make(&f, NN_ACT_TANH, 0.2f, 0.0f, 1, ROWS);
    char err[256] = "";
    assert_int_equal(nn_model_set_dropout(f.m, 2, 0.5f, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "hidden"));
    assert_int_equal(nn_model_set_dropout(f.m, 0, 1.0f, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_model_set_dropout(f.m, 0, -0.1f, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_model_set_dropout(f.m, 0, NAN, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_true(f.m->dropout[0] == 0.2f);
    assert_true(f.m->dropout[2] == 0.0f);
    drop(&f);
}

/* A model file keeps each layer's rate; a file with dropout on the output
 * layer or a rate of 1 is refused, naming the key. */
static void test_model_file(void **state)
{
    (void)state;
    Fixture f;
    make(&f, NN_ACT_TANH, 0.35f, 0.0f, 1, ROWS);
    char err[256] = "", path[] = "/tmp/nnviz_test_dropout_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(nn_model_save(path, f.m, NULL, 0, err, sizeof err), NN_OK);
    nn_Model *m = NULL;
    assert_int_equal(nn_model_load(path, &m, NULL, NULL, err, sizeof err), NN_OK);
    assert_true(m->dropout[0] == 0.35f);
    assert_true(m->dropout[1] == 0.0f);
    nn_model_destroy(m);
    const char *bad[] = {
        "{\"format\":\"nnviz-model\",\"version\":1,\"inputs\":1,\"loss\":\"mse\",\"layers\":"
        "[{\"units\":1,\"activation\":\"tanh\",\"kernel\":[[0]],\"bias\":[0],\"dropout\":1},"
        "{\"units\":1,\"activation\":\"linear\",\"kernel\":[[0]],\"bias\":[0]}]}",
        "{\"format\":\"nnviz-model\",\"version\":1,\"inputs\":1,\"loss\":\"mse\",\"layers\":"
        "[{\"units\":1,\"activation\":\"linear\",\"kernel\":[[0]],\"bias\":[0],\"dropout\":0.5}]}",
    };
    const char *want[] = {"layers[0].dropout", "layers[0].dropout"};
    for (int k = 0; k < 2; k++) {
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs(bad[k], fp);
        fclose(fp);
        err[0] = '\0';
        assert_int_not_equal(nn_model_load(path, &m, NULL, NULL, err, sizeof err), NN_OK);
        if (!strstr(err, want[k])) {
            print_error("file %d: %s\n", k, err);
            fail();
        }
    }
    unlink(path);
    drop(&f);
}

/* An experiment's `dropout =` (one rate for all hidden layers, or one each)
 * survives a save and load; a count that fits no rule is refused. */
static void test_experiment_file(void **state)
{
    (void)state;
    char err[256] = "", path[] = "/tmp/nnviz_test_dropout_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "[network]\nhidden = 8, 4\nactivation = relu\ndropout = 0.2\n";
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    nn_Experiment e;
    assert_int_equal(nn_experiment_load(&e, path, err, sizeof err), NN_OK);
    assert_true(nn_experiment_dropout(&e, 0) == 0.2f && nn_experiment_dropout(&e, 1) == 0.2f);
    e.n_dropout = 2;
    e.dropout[0] = 0.5f, e.dropout[1] = 0.0f;
    assert_int_equal(nn_experiment_save(&e, path, err, sizeof err), NN_OK);
    nn_Experiment e2;
    assert_int_equal(nn_experiment_load(&e2, path, err, sizeof err), NN_OK);
    assert_true(nn_experiment_dropout(&e2, 0) == 0.5f && nn_experiment_dropout(&e2, 1) == 0.0f);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("[network]\nhidden = 8, 4, 2\ndropout = 0.1, 0.2\n", fp);
    fclose(fp);
    assert_int_not_equal(nn_experiment_load(&e2, path, err, sizeof err), NN_OK);
    assert_non_null(strstr(err, "dropout"));
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("[network]\nhidden = 8\ndropout = 1\n", fp);
    fclose(fp);
    assert_int_not_equal(nn_experiment_load(&e2, path, err, sizeof err), NN_OK);
    assert_non_null(strstr(err, "dropout"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradcheck_tanh),   cmocka_unit_test(test_gradcheck_relu),
        cmocka_unit_test(test_gradcheck_sigmoid), cmocka_unit_test(test_mask_statistics),
        cmocka_unit_test(test_reproducible),     cmocka_unit_test(test_rate_zero_is_plain),
        cmocka_unit_test(test_refused),          cmocka_unit_test(test_model_file),
        cmocka_unit_test(test_experiment_file),
        cmocka_unit_test(test_gradcheck_inputs_tanh), cmocka_unit_test(test_gradcheck_inputs_relu),
        cmocka_unit_test(test_inputs_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
