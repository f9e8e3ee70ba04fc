/* test_model_io.c - model JSON files: bit-exact round trips with every
 * optimizer's state, atomic saves that never damage the old file, the files
 * under tests/data/models/, and a one-line error naming the file and the key
 * (or the line, for JSON syntax) for every kind of bad file. */
#include "test_util.h"

#include <dirent.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset.h"
#include "model_io.h"

#define MODEL_DIR NNVIZ_TEST_DATA "/models"

static char tmpdir[256];

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[600];
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (rmdir(p) != 0)
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/nnviz-modelio-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(tmpdir);
    return 0;
}

static void path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

/* Whole file into buf (NUL-terminated); returns its length. */
static size_t slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return n;
}

/* Names in tmpdir that look like temporary files of an atomic save. */
static int temp_files_left(void)
{
    int n = 0;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while ((e = readdir(d)))
        n += strstr(e->d_name, ".tmp") != NULL;
    closedir(d);
    return n;
}

/* 3 -> 5 relu -> 4 swish -> n_out, with awkward values in every parameter:
 * every bit must survive, signed zero and the float extremes included. */
static nn_Model *make_model(nn_Loss loss, nn_Act out, int n_out)
{
    char err[256];
    nn_Arch a;
    memset(&a, 0, sizeof a);
    a.n_layers = 3;
    a.sizes[0] = 3, a.sizes[1] = 5, a.sizes[2] = 4, a.sizes[3] = n_out;
    a.act[0] = NN_ACT_RELU, a.act[1] = NN_ACT_SWISH, a.act[2] = out;
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, &a, loss, err, sizeof err), NN_OK);
    nn_Rng r;
    nn_rng_seed(&r, 77);
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] = (float)((nn_rng_uniform(&r) - 0.5) * 3.7e-3 * (1 + (i % 7) * 1000));
    const float special[] = {-0.0f, FLT_MIN, 1e-45f, -FLT_MAX, FLT_MAX, 1.0f / 3.0f, 0.1f, 16777217.0f};
    memcpy(m->params, special, sizeof special);
    m->reg = NN_REG_L2;
    m->reg_rate = 0.0123f;
    return m;
}

static void round_trip(nn_OptKind kind, float momentum, nn_SchedKind sched)
{
    char err[256], path[512];
    path_of(path, sizeof path, "m.json");
    nn_Model *m = make_model(NN_LOSS_SPARSE_CCE, NN_ACT_SOFTMAX, 3);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, kind);
    oc.lr = 0.0123456789f;
    oc.momentum = momentum;
    oc.epsilon = 3.3e-8f;
    oc.schedule.kind = sched;
    oc.schedule.decay_steps = 123456789012LL; /* more digits than %g keeps */
    oc.schedule.decay_rate = 0.7f;
    oc.schedule.staircase = 1;
    oc.schedule.alpha = 0.25f;
    oc.schedule.n_boundaries = 3;
    oc.schedule.boundaries[0] = 0;
    oc.schedule.boundaries[1] = 7;
    oc.schedule.boundaries[2] = 123456789012LL;
    oc.schedule.values[0] = 0.1f;
    oc.schedule.values[1] = 0.0123456789f;
    oc.schedule.values[2] = 0.3f;
    oc.schedule.values[3] = 1e-6f;
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    opt->iterations = 12345678901LL;
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; opt->slot[s] && i < opt->n; i++)
            opt->slot[s][i] = (float)(i * 1e-5 + s) / 3.0f;
    const uint32_t feat = NN_FEAT_X1 | NN_FEAT_SIN2 | NN_FEAT_X1X2; /* 3 features, 3 inputs */
    if (nn_model_save(path, m, opt, feat, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    nn_Model *m2 = NULL;
    nn_Optimizer *o2 = NULL;
    uint32_t feat2 = 0;
    if (nn_model_load(path, &m2, &o2, &feat2, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(feat2, feat);
    assert_memory_equal(&m2->arch, &m->arch, sizeof m->arch);
    assert_int_equal(m2->loss, m->loss);
    assert_int_equal(m2->reg, NN_REG_L2);
    assert_true(m2->reg_rate == m->reg_rate);
    assert_int_equal(m2->n_params, m->n_params);
    assert_memory_equal(m2->params, m->params, m->n_params * sizeof(float));
    assert_non_null(o2);
    /* every hyperparameter, exactly */
    const nn_OptConfig *a = &opt->cfg, *b = &o2->cfg;
    assert_int_equal(b->kind, kind);
    assert_true(b->lr == a->lr && b->momentum == a->momentum && b->rho == a->rho);
    assert_true(b->beta1 == a->beta1 && b->beta2 == a->beta2 && b->epsilon == a->epsilon);
    assert_true(b->initial_accumulator == a->initial_accumulator);
    assert_true(b->weight_decay == a->weight_decay);
    assert_int_equal(b->schedule.kind, sched);
    assert_true(b->schedule.decay_steps == 123456789012LL);
    assert_true(b->schedule.decay_rate == a->schedule.decay_rate);
    assert_int_equal(b->schedule.staircase, 1);
    assert_true(b->schedule.alpha == a->schedule.alpha);
    if (sched == NN_SCHED_PIECEWISE) { /* written only for the schedule that uses them */
        assert_int_equal(b->schedule.n_boundaries, 3);
        for (int i = 0; i < 3; i++)
            assert_true(b->schedule.boundaries[i] == a->schedule.boundaries[i]);
        for (int i = 0; i < 4; i++)
            assert_true(b->schedule.values[i] == a->schedule.values[i]);
    } else {
        assert_int_equal(b->schedule.n_boundaries, 0);
    }
    assert_true(o2->iterations == 12345678901LL);
    assert_int_equal(o2->n, opt->n);
    for (int s = 0; s < 2; s++) {
        assert_true((opt->slot[s] == NULL) == (o2->slot[s] == NULL));
        if (opt->slot[s])
            assert_memory_equal(o2->slot[s], opt->slot[s], opt->n * sizeof(float));
    }
    /* without an optimizer the file has none, and asking for one gives NULL */
    nn_opt_destroy(o2);
    nn_model_destroy(m2);
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_OK);
    o2 = (nn_Optimizer *)&oc;
    feat2 = 99;
    assert_int_equal(nn_model_load(path, &m2, &o2, &feat2, err, sizeof err), NN_OK);
    assert_null(o2);
    assert_int_equal(feat2, 0);
    assert_memory_equal(m2->params, m->params, m->n_params * sizeof(float));
    nn_model_destroy(m2);
    nn_opt_destroy(opt);
    nn_model_destroy(m);
}

static void test_round_trips(void **state)
{
    (void)state;
    round_trip(NN_OPT_SGD, 0.0f, NN_SCHED_CONSTANT);
    round_trip(NN_OPT_SGD, 0.0f, NN_SCHED_STEP);
    round_trip(NN_OPT_MOMENTUM, 0.9f, NN_SCHED_EXPONENTIAL);
    round_trip(NN_OPT_NESTEROV, 0.8f, NN_SCHED_COSINE);
    round_trip(NN_OPT_ADAGRAD, 0.0f, NN_SCHED_CONSTANT);
    round_trip(NN_OPT_RMSPROP, 0.0f, NN_SCHED_CONSTANT); /* one slot */
    round_trip(NN_OPT_RMSPROP, 0.5f, NN_SCHED_COSINE);   /* two slots */
    round_trip(NN_OPT_ADAM, 0.0f, NN_SCHED_EXPONENTIAL);
    round_trip(NN_OPT_ADAMW, 0.0f, NN_SCHED_CONSTANT);
    round_trip(NN_OPT_ADAM, 0.0f, NN_SCHED_PIECEWISE);
}

/* Features that do not make the inputs (a 784-input model of a lesson whose
 * feature setting is x1, x2) are not written, and a file whose features
 * contradict its inputs is refused. */
static void test_features_match_inputs(void **state)
{
    (void)state;
    char err[256], path[512];
    path_of(path, sizeof path, "feat.json");
    nn_Model *m = make_model(NN_LOSS_MSE, NN_ACT_LINEAR, 1);
    assert_int_equal(nn_model_save(path, m, NULL, NN_FEAT_X1 | NN_FEAT_X2, err, sizeof err), NN_OK);
    nn_Model *m2 = NULL;
    uint32_t feat = 1234;
    assert_int_equal(nn_model_load(path, &m2, NULL, &feat, err, sizeof err), NN_OK);
    assert_int_equal(feat, 0);
    nn_model_destroy(m2);
    nn_model_destroy(m);
}

static void test_atomic_save(void **state)
{
    (void)state;
    char err[256], path[512];
    path_of(path, sizeof path, "keep.json");
    nn_Model *m = make_model(NN_LOSS_MSE, NN_ACT_LINEAR, 2);
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_OK);
    static char before[1 << 16], after[1 << 16];
    size_t nb = slurp(path, before, sizeof before);
    assert_true(nb > 100);
    assert_int_equal(before[nb - 1], '\n');
    /* a diverged model is refused and the old file stays as it was */
    m->params[3] = NAN;
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "keep.json"));
    assert_non_null(strstr(err, "NaN"));
    size_t na = slurp(path, after, sizeof after);
    assert_int_equal(na, nb);
    assert_memory_equal(after, before, nb);
    m->params[3] = INFINITY;
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    m->params[3] = 0.5f;
    /* so is an optimizer whose state diverged: JSON has no NaN */
    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_ADAM);
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    opt->slot[1][7] = NAN;
    assert_int_equal(nn_model_save(path, m, opt, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "optimizer"));
    na = slurp(path, after, sizeof after);
    assert_int_equal(na, nb);
    assert_memory_equal(after, before, nb);
    nn_opt_destroy(opt);
    assert_int_equal(temp_files_left(), 0);
    /* a directory that does not exist: an error naming it, nothing created */
    char bad[600];
    snprintf(bad, sizeof bad, "%s/no-such-dir/m.json", tmpdir);
    assert_int_equal(nn_model_save(bad, m, NULL, 0, err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "no-such-dir/m.json"));
    assert_null(strchr(err, '\n'));
    struct stat sb;
    snprintf(bad, sizeof bad, "%s/no-such-dir", tmpdir);
    assert_int_not_equal(stat(bad, &sb), 0);
    /* the target is a directory: the rename fails and the temporary file goes */
    snprintf(bad, sizeof bad, "%s/adir", tmpdir);
    assert_int_equal(mkdir(bad, 0755), 0);
    assert_int_equal(nn_model_save(bad, m, NULL, 0, err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "adir"));
    assert_non_null(strstr(err, "unchanged"));
    assert_int_equal(temp_files_left(), 0);
    /* a successful overwrite replaces the content */
    m->params[0] = 42.0f;
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_OK);
    na = slurp(path, after, sizeof after);
    assert_true(na != nb || memcmp(after, before, nb) != 0);
    assert_int_equal(temp_files_left(), 0);
    nn_model_destroy(m);
}

/* A saved file gets the permissions any new file would (not mkstemp's 0600),
 * and an overwritten one keeps its own. */
static void test_saved_file_mode(void **state)
{
    (void)state;
    char err[256], path[512];
    path_of(path, sizeof path, "mode.json");
    nn_Model *m = make_model(NN_LOSS_MSE, NN_ACT_LINEAR, 1);
    mode_t old = umask(022);
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_OK);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    umask(old);
    nn_model_destroy(m);
}

/* ---- the files under tests/data/models/ ---- */

static void test_good_files(void **state)
{
    (void)state;
    char err[512];
    nn_Model *m = NULL;
    nn_Optimizer *o = NULL;
    uint32_t feat = 0;
    if (nn_model_load(MODEL_DIR "/xor_tanh.json", &m, &o, &feat, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(feat, NN_FEAT_X1 | NN_FEAT_X2);
    assert_int_equal(m->arch.n_layers, 2);
    assert_int_equal(m->arch.sizes[0], 2);
    assert_int_equal(m->arch.sizes[1], 2);
    assert_int_equal(m->arch.sizes[2], 1);
    assert_int_equal(m->arch.act[0], NN_ACT_TANH);
    assert_int_equal(m->loss, NN_LOSS_HALF_SQUARED);
    assert_int_equal(m->reg, NN_REG_L2);
    assert_true(m->reg_rate == 0.001f);
    /* kernel rows are inputs: W[0][i*out + j] is input i -> unit j */
    const float w0[4] = {0.5f, -0.25f, 1.5f, 2.0f}, b0[2] = {0.1f, -0.1f}, w1[2] = {1, -1};
    assert_memory_equal(m->W[0], w0, sizeof w0);
    assert_memory_equal(m->b[0], b0, sizeof b0);
    assert_memory_equal(m->W[1], w1, sizeof w1);
    assert_true(m->b[1][0] == 0.0f);
    assert_non_null(o);
    assert_int_equal(o->cfg.kind, NN_OPT_ADAM);
    assert_true(o->cfg.lr == 0.001f && o->cfg.epsilon == 1e-7f);
    assert_true(o->iterations == 42);
    assert_true(o->slot[0][0] == 0.01f && o->slot[1][8] == 9.0f);
    nn_opt_destroy(o);
    nn_model_destroy(m);
    /* the optimizer is only read when asked for */
    assert_int_equal(nn_model_load(MODEL_DIR "/minimal.json", &m, NULL, NULL, err, sizeof err), NN_OK);
    const float k[6] = {1, 2, 3, 4, 5, 6};
    assert_memory_equal(m->W[0], k, sizeof k);
    assert_true(m->b[0][0] == -1.0f && m->b[0][1] == -2.0f);
    assert_int_equal(m->reg, NN_REG_NONE);
    nn_model_destroy(m);
}

/* A bad file: load fails with one line holding the file name and the
 * fragments, and hands nothing back. */
static void expect_bad(const char *name, const char *frag1, const char *frag2)
{
    char err[512] = "", path[512];
    snprintf(path, sizeof path, "%s/%s", MODEL_DIR, name);
    nn_Model *m = (nn_Model *)err;
    nn_Optimizer *o = (nn_Optimizer *)err;
    uint32_t feat = 77;
    nn_Status st = nn_model_load(path, &m, &o, &feat, err, sizeof err);
    if (st == NN_OK || !strstr(err, name) || (frag1 && !strstr(err, frag1)) ||
        (frag2 && !strstr(err, frag2)) || strchr(err, '\n')) {
        print_error("%s: status %d, message '%s', expected '%s' and '%s'\n", name, st, err,
                    frag1 ? frag1 : "", frag2 ? frag2 : "");
        fail();
    }
    assert_null(m);
    assert_null(o);
    assert_int_equal(feat, 77);
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_bad("bad_empty.json", "bad_empty.json: empty file", NULL);
    expect_bad("bad_truncated.json", "bad_truncated.json:12:", "ends too early");
    expect_bad("bad_syntax.json", "bad_syntax.json:4:", "JSON syntax error near");
    expect_bad("bad_trailing.json", "bad_trailing.json:4:", "syntax error");
    expect_bad("bad_top_level.json", "(top level)", "must be a JSON object");
    expect_bad("bad_format.json", "format", "is not \"nnviz-model\"");
    expect_bad("bad_newer.json", "version: 2 is newer than this nnviz understands (1)", NULL);
    expect_bad("bad_activation.json", "layers[0].activation", "unknown activation");
    expect_bad("bad_kernel_row.json", "layers[0].kernel[1]", "has 3 numbers, expected 2");
    expect_bad("bad_nan_string.json", "layers[0].kernel[1][1]", "not a finite number");
    expect_bad("bad_not_finite.json", "layers[0].kernel[1][1]", "not a finite number");
    expect_bad("bad_missing_bias.json", "layers[0].bias", "missing");
    expect_bad("bad_units.json", "layers[0].units", "whole number from 1 to 4096");
    expect_bad("bad_units_type.json", "layers[0].units", "whole number");
    expect_bad("bad_inputs_fraction.json", "inputs", "whole number");
    expect_bad("bad_kernel_type.json", "layers[0].kernel", "3 rows (one per input)");
    expect_bad("bad_hidden_softmax.json", "layers", "softmax");
    expect_bad("bad_opt_state_short.json", "optimizer.state.v", "has 8 numbers, expected 9");
    expect_bad("bad_opt_staircase.json", "optimizer.schedule.staircase", "true or false");
    expect_bad("bad_opt_beta.json", "optimizer", "beta_1");
    expect_bad("bad_opt_iterations.json", "optimizer.iterations", "whole number");
    expect_bad("bad_opt_name.json", "optimizer.name", "unknown optimizer");
    expect_bad("bad_features_count.json", "features", "3 distinct features, but inputs is 2");
    expect_bad("bad_features_name.json", "features[1]", "unknown feature");
    expect_bad("bad_regularization.json", "regularization.kind", "unknown regularization");
    expect_bad("bad_loss.json", "loss", "unknown loss");
    expect_bad("does_not_exist.json", "cannot open", NULL);
    /* a directory is not a model file */
    char err[512];
    nn_Model *m = NULL;
    assert_int_not_equal(nn_model_load(MODEL_DIR, &m, NULL, NULL, err, sizeof err), NN_OK);
    assert_null(m);
}

/* Every file in tests/data/models/ is either good (loads) or named bad_*
 * (fails): a new file cannot be forgotten by the tests above. */
static void test_every_model_file(void **state)
{
    (void)state;
    DIR *d = opendir(MODEL_DIR);
    assert_non_null(d);
    struct dirent *e;
    int good = 0, bad = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[1024], err[512];
        snprintf(path, sizeof path, "%s/%s", MODEL_DIR, e->d_name);
        nn_Model *m = NULL;
        nn_Optimizer *o = NULL;
        nn_Status st = nn_model_load(path, &m, &o, NULL, err, sizeof err);
        int expect_bad_file = strncmp(e->d_name, "bad_", 4) == 0;
        if ((st != NN_OK) != expect_bad_file) {
            print_error("%s: status %d: %s\n", e->d_name, st, st == NN_OK ? "loaded" : err);
            fail();
        }
        good += !expect_bad_file, bad += expect_bad_file;
        nn_opt_destroy(o);
        nn_model_destroy(m);
    }
    closedir(d);
    assert_true(good >= 2 && bad >= 20);
}

/* The complete example in docs/model-format.md loads. */
static void test_documented_example(void **state)
{
    (void)state;
    static char doc[1 << 16];
    slurp(NNVIZ_SOURCE_DIR "/docs/model-format.md", doc, sizeof doc);
    char *start = strstr(doc, "```json\n");
    assert_non_null(start);
    start += 8;
    char *end = strstr(start, "```");
    assert_non_null(end);
    char path[512], err[512];
    path_of(path, sizeof path, "example.json");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(start, 1, (size_t)(end - start), f);
    fclose(f);
    nn_Model *m = NULL;
    nn_Optimizer *o = NULL;
    if (nn_model_load(path, &m, &o, NULL, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_non_null(o); /* the example shows the optimizer section too */
    nn_opt_destroy(o);
    nn_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_features_match_inputs),
        cmocka_unit_test(test_atomic_save),
        cmocka_unit_test(test_saved_file_mode),
        cmocka_unit_test(test_good_files),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_every_model_file),
        cmocka_unit_test(test_documented_example),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
