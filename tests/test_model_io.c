/* test_model_io.c - model JSON files: exact round trips, atomic saves, and a
 * one-line error naming file and key for every kind of bad file. */
#include "test_util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "model_io.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/nnviz-modelio-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    return 0;
}

static void path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

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
    for (size_t i = 0; i < m->n_params; i++) /* awkward values: every bit must survive */
        m->params[i] = (float)((nn_rng_uniform(&r) - 0.5) * 3.7e-3 * (1 + (i % 7) * 1000));
    m->reg = NN_REG_L2;
    m->reg_rate = 0.0123f;
    return m;
}

static void round_trip(nn_OptKind kind, float momentum)
{
    char err[256], path[512];
    path_of(path, sizeof path, "m.json");
    nn_Model *m = make_model(NN_LOSS_SPARSE_CCE, NN_ACT_SOFTMAX, 3);
    nn_OptConfig oc;
    nn_opt_config_default(&oc, kind);
    oc.momentum = momentum;
    oc.schedule.kind = NN_SCHED_COSINE;
    oc.schedule.decay_steps = 1000;
    oc.schedule.alpha = 0.25f;
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    opt->iterations = 12345;
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; opt->slot[s] && i < opt->n; i++)
            opt->slot[s][i] = (float)(i * 1e-5 + s) / 3.0f;
    assert_int_equal(nn_model_save(path, m, opt, NN_FEAT_X1 | NN_FEAT_SIN2, err, sizeof err), NN_OK);
    nn_Model *m2 = NULL;
    nn_Optimizer *o2 = NULL;
    uint32_t feat = 0;
    assert_int_equal(nn_model_load(path, &m2, &o2, &feat, err, sizeof err), NN_OK);
    assert_int_equal(feat, NN_FEAT_X1 | NN_FEAT_SIN2);
    assert_memory_equal(&m2->arch, &m->arch, sizeof m->arch);
    assert_int_equal(m2->loss, m->loss);
    assert_int_equal(m2->reg, NN_REG_L2);
    assert_true(m2->reg_rate == m->reg_rate);
    assert_memory_equal(m2->params, m->params, m->n_params * sizeof(float));
    assert_non_null(o2);
    assert_int_equal(o2->cfg.kind, kind);
    assert_true(o2->cfg.lr == oc.lr && o2->cfg.momentum == oc.momentum && o2->cfg.epsilon == oc.epsilon);
    assert_int_equal(o2->cfg.schedule.kind, NN_SCHED_COSINE);
    assert_int_equal(o2->cfg.schedule.decay_steps, 1000);
    assert_true(o2->cfg.schedule.alpha == 0.25f);
    assert_int_equal(o2->iterations, 12345);
    for (int s = 0; s < 2; s++) {
        assert_true((opt->slot[s] == NULL) == (o2->slot[s] == NULL));
        if (opt->slot[s])
            assert_memory_equal(o2->slot[s], opt->slot[s], opt->n * sizeof(float));
    }
    nn_opt_destroy(o2);
    nn_model_destroy(m2);
    nn_opt_destroy(opt);
    nn_model_destroy(m);
}

static void test_round_trips(void **state)
{
    (void)state;
    round_trip(NN_OPT_SGD, 0.0f);
    round_trip(NN_OPT_MOMENTUM, 0.9f);
    round_trip(NN_OPT_NESTEROV, 0.8f);
    round_trip(NN_OPT_ADAGRAD, 0.0f);
    round_trip(NN_OPT_RMSPROP, 0.0f);
    round_trip(NN_OPT_RMSPROP, 0.5f);
    round_trip(NN_OPT_ADAM, 0.0f);
    round_trip(NN_OPT_ADAMW, 0.0f);
}

static void test_atomic_save(void **state)
{
    (void)state;
    char err[256], path[512];
    path_of(path, sizeof path, "keep.json");
    nn_Model *m = make_model(NN_LOSS_MSE, NN_ACT_LINEAR, 2);
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_OK);
    FILE *f = fopen(path, "rb");
    char before[4096];
    size_t nb = fread(before, 1, sizeof before, f);
    fclose(f);
    /* a diverged model is refused and the old file stays as it was */
    m->params[3] = NAN;
    assert_int_equal(nn_model_save(path, m, NULL, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "keep.json"));
    char after[4096];
    f = fopen(path, "rb");
    size_t na = fread(after, 1, sizeof after, f);
    fclose(f);
    assert_int_equal(na, nb);
    assert_memory_equal(after, before, nb);
    /* an unwritable place fails with the path in the message, no temp file left */
    m->params[3] = 0.5f;
    char bad[600];
    snprintf(bad, sizeof bad, "%s/no-such-dir/m.json", tmpdir);
    assert_int_equal(nn_model_save(bad, m, NULL, 0, err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "no-such-dir"));
    int leftovers = 0, kept = 0;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while ((e = readdir(d))) {
        leftovers += strstr(e->d_name, ".tmp") != NULL;
        kept += strcmp(e->d_name, "keep.json") == 0;
    }
    closedir(d);
    assert_int_equal(leftovers, 0); /* no temporary files left behind */
    assert_int_equal(kept, 1);
    nn_model_destroy(m);
}

/* A bad file: load fails with a message containing every fragment. */
static void expect_bad(const char *name, const char *text, const char *frag1, const char *frag2)
{
    char err[512] = "", path[512];
    path_of(path, sizeof path, name);
    write_text(path, text);
    nn_Model *m = (nn_Model *)1;
    nn_Optimizer *o = (nn_Optimizer *)1;
    nn_Status st = nn_model_load(path, &m, &o, NULL, err, sizeof err);
    if (st == NN_OK || !strstr(err, name) || (frag1 && !strstr(err, frag1)) ||
        (frag2 && !strstr(err, frag2))) {
        print_error("%s: status %d, message '%s', expected '%s' and '%s'\n", name, st, err,
                    frag1 ? frag1 : "", frag2 ? frag2 : "");
        fail();
    }
    assert_null(m);
    assert_null(o);
    assert_null(strchr(err, '\n'));
    unlink(path);
}

#define GOOD_HEAD "{\"format\":\"nnviz-model\",\"version\":1,\"inputs\":2,\"loss\":\"mse\","
#define GOOD_LAYER "{\"units\":1,\"activation\":\"linear\",\"kernel\":[[0.5],[0.25]],\"bias\":[0.1]}"

static void test_bad_files(void **state)
{
    (void)state;
    expect_bad("empty.json", "", "empty", NULL);
    expect_bad("trunc.json", GOOD_HEAD "\n\"layers\":[" GOOD_LAYER, ":2:", "JSON");
    expect_bad("syntax.json", "{\"format\":\"nnviz-model\",\n\"version\":1,,}", ":2:", "syntax");
    expect_bad("notobj.json", "[1,2,3]", "top level", NULL);
    expect_bad("fmt.json", "{\"format\":\"keras\",\"version\":1}", "format", NULL);
    expect_bad("newer.json", "{\"format\":\"nnviz-model\",\"version\":2}", "version", "newer");
    expect_bad("noinputs.json", "{\"format\":\"nnviz-model\",\"version\":1}", "inputs", "missing");
    expect_bad("act.json", GOOD_HEAD "\"layers\":[{\"units\":1,\"activation\":\"sigmoidal\","
               "\"kernel\":[[1],[1]],\"bias\":[0]}]}", "layers[0].activation", "unknown");
    expect_bad("rowlen.json", GOOD_HEAD "\"layers\":[{\"units\":1,\"activation\":\"linear\","
               "\"kernel\":[[1],[1,2]],\"bias\":[0]}]}", "layers[0].kernel[1]", "expected 1");
    expect_bad("rows.json", GOOD_HEAD "\"layers\":[{\"units\":1,\"activation\":\"linear\","
               "\"kernel\":[[1]],\"bias\":[0]}]}", "layers[0].kernel", "2 rows");
    expect_bad("nanstr.json", GOOD_HEAD "\"layers\":[{\"units\":1,\"activation\":\"linear\","
               "\"kernel\":[[\"NaN\"],[1]],\"bias\":[0]}]}", "layers[0].kernel[0][0]", "finite");
    expect_bad("huge.json", GOOD_HEAD "\"layers\":[{\"units\":1,\"activation\":\"linear\","
               "\"kernel\":[[1e999],[1]],\"bias\":[0]}]}", "kernel[0][0]", "finite");
    expect_bad("nobias.json", GOOD_HEAD "\"layers\":[{\"units\":1,\"activation\":\"linear\","
               "\"kernel\":[[1],[1]]}]}", "layers[0].bias", "missing");
    expect_bad("units.json", GOOD_HEAD "\"layers\":[{\"units\":1000000000,\"activation\":\"linear\","
               "\"kernel\":[],\"bias\":[]}]}", "layers[0].units", "whole number");
    expect_bad("type.json", GOOD_HEAD "\"layers\":{\"units\":1}}", "layers", "array");
    expect_bad("loss.json", "{\"format\":\"nnviz-model\",\"version\":1,\"inputs\":2,\"loss\":7,"
               "\"layers\":[" GOOD_LAYER "]}", "loss", "string");
    expect_bad("softmax.json", GOOD_HEAD "\"layers\":[{\"units\":2,\"activation\":\"softmax\","
               "\"kernel\":[[1,1],[1,1]],\"bias\":[0,0]},{\"units\":1,\"activation\":\"linear\","
               "\"kernel\":[[1],[1]],\"bias\":[0]}]}", "softmax", NULL);
    expect_bad("optstate.json", GOOD_HEAD "\"layers\":[" GOOD_LAYER "],\"optimizer\":{"
               "\"name\":\"adam\",\"learning_rate\":0.001,\"momentum\":0,\"rho\":0.9,"
               "\"beta_1\":0.9,\"beta_2\":0.999,\"epsilon\":1e-7,\"initial_accumulator_value\":0.1,"
               "\"weight_decay\":0,\"schedule\":{\"kind\":\"constant\",\"decay_steps\":0,"
               "\"decay_rate\":0,\"staircase\":false,\"alpha\":0},\"iterations\":3,"
               "\"state\":{\"m\":[0,0,0],\"v\":[0,0]}}}", "optimizer.state.v", "expected 3");
    expect_bad("optname.json", GOOD_HEAD "\"layers\":[" GOOD_LAYER "],\"optimizer\":{"
               "\"name\":\"adamax\"}}", "optimizer.name", "unknown");
    /* and a missing file */
    char err[256], path[512];
    path_of(path, sizeof path, "absent.json");
    nn_Model *m = NULL;
    assert_int_equal(nn_model_load(path, &m, NULL, NULL, err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "absent.json"));
}

/* The documented example loads. */
static void test_minimal_good_file(void **state)
{
    (void)state;
    char err[256], path[512];
    path_of(path, sizeof path, "good.json");
    write_text(path, GOOD_HEAD "\"features\":[\"x1\",\"x1*x2\"],\"layers\":[" GOOD_LAYER "]}");
    nn_Model *m = NULL;
    uint32_t feat = 0;
    assert_int_equal(nn_model_load(path, &m, NULL, &feat, err, sizeof err), NN_OK);
    assert_int_equal(feat, NN_FEAT_X1 | NN_FEAT_X1X2);
    assert_true(m->W[0][0] == 0.5f && m->W[0][1] == 0.25f && m->b[0][0] == 0.1f);
    nn_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_atomic_save),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_minimal_good_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
