/* test_hostile.c - files a student might double-click by mistake, or that
 * were made to hurt: every loader refuses a FIFO, a device and a directory at
 * once with one line saying what the path is; a model file that declares
 * more than it holds fails within a small, fixed amount of memory and time. */
#include "test_util.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounded.h"
#include "dataset.h"
#include "experiment.h"
#include "model_io.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/nnviz-hostile-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static nn_Status load_lesson(void *arg, char *err, size_t err_len)
{
    nn_Experiment e;
    return nn_experiment_load(&e, arg, err, err_len);
}

static nn_Status load_model(void *arg, char *err, size_t err_len)
{
    nn_Model *m = NULL;
    nn_Optimizer *o = NULL;
    nn_Status st = nn_model_load(arg, &m, &o, NULL, err, err_len);
    nn_model_destroy(m);
    nn_opt_destroy(o);
    return st;
}

static nn_Status load_csv(void *arg, char *err, size_t err_len)
{
    nn_Dataset *d = NULL;
    nn_Status st = nn_data_csv(&d, arg, "label", err, err_len);
    nn_dataset_destroy(d);
    return st;
}

static nn_Status load_idx(void *arg, char *err, size_t err_len)
{
    nn_Dataset *d = NULL;
    nn_Status st = nn_data_idx(&d, arg, arg, err, err_len);
    nn_dataset_destroy(d);
    return st;
}

static const struct {
    const char *name;
    bounded_fn fn;
} loaders[] = {
    {"lesson", load_lesson}, {"model", load_model}, {"csv", load_csv}, {"idx", load_idx},
};

/* fn(path) fails within extra_mb and 2 s with status want and frag. */
static void expect_cheap(bounded_fn fn, const char *path, size_t extra_mb, nn_Status want,
                         const char *frag)
{
    char err[512];
    int st = run_bounded(fn, (void *)path, extra_mb, 2, err, sizeof err);
    if (st != (int)want || !strstr(err, path) || !strstr(err, frag) || strchr(err, '\n')) {
        print_error("%s: status %d (expected %d), message '%s', expected '%s'\n", path, st, want,
                    err, frag);
        fail();
    }
}

/* A FIFO without a writer used to block open() forever; /dev/zero never
 * ends; a directory was "empty file" or a read error. */
static void test_not_regular_files(void **state)
{
    (void)state;
    char fifo[128];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
        print_message("%s\n", loaders[i].name);
        expect_cheap(loaders[i].fn, fifo, 64, NN_ERR_IO, "is a FIFO (named pipe), not a regular file");
        expect_cheap(loaders[i].fn, "/dev/zero", 64, NN_ERR_IO, "is a device, not a regular file");
        expect_cheap(loaders[i].fn, dir, 64, NN_ERR_IO, "is a directory, not a regular file");
    }
    unlink(fifo);
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Sizes declared in a small model file are checked against the numbers the
 * file holds before anything is allocated: three 4096-unit layers without
 * kernels took 206 MB. */
static void test_model_declares_more_than_it_holds(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/big.json", dir);
    const char *doc =
        "{\"format\": \"nnviz-model\", \"version\": 1, \"inputs\": 4096, \"loss\": \"mse\",\n"
        " \"layers\": [{\"units\": 4096, \"activation\": \"relu\"},\n"
        "            {\"units\": 4096, \"activation\": \"relu\"},\n"
        "            {\"units\": 4096, \"activation\": \"linear\"}]}\n";
    write_file(path, doc, strlen(doc));
    expect_cheap(load_model, path, 32, NN_ERR_PARSE, "layers[0].kernel: missing");
    /* a kernel with the right number of rows, each one number short */
    size_t cap = 4096 * 8 + 4096 + 400, k = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    k += (size_t)sprintf(text + k, "{\"format\": \"nnviz-model\", \"version\": 1, \"inputs\": 4096, "
                                   "\"loss\": \"mse\", \"layers\": [{\"units\": 4096, "
                                   "\"activation\": \"linear\", \"kernel\": [");
    for (int i = 0; i < 4096; i++)
        k += (size_t)sprintf(text + k, "%s[0]", i ? "," : "");
    k += (size_t)sprintf(text + k, "], \"bias\": [0]}]}");
    write_file(path, text, k);
    free(text);
    expect_cheap(load_model, path, 32, NN_ERR_PARSE,
                 "layers[0].kernel[0]: has 1 numbers, expected 4096");
}

/* A 24 MB array of zeros used to become a 1 GB cJSON tree before the first
 * key was looked at; the cheap keys come first, and the text is the only copy. */
static void test_model_of_zeros(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/zeros.json", dir);
    size_t n = (size_t)12 << 20, k = 0;
    char *text = malloc(2 * n + 64);
    assert_non_null(text);
    k += (size_t)sprintf(text, "{\"format\": \"nnviz-model\", \"zeros\": [");
    for (size_t i = 0; i < n; i++) {
        text[k++] = '0';
        text[k++] = ',';
    }
    k--; /* the last comma */
    k += (size_t)sprintf(text + k, "]}");
    write_file(path, text, k);
    free(text);
    expect_cheap(load_model, path, 80, NN_ERR_PARSE, "version: missing");
    /* nested arrays: refused at a fixed depth, not by the stack */
    size_t deep = 100000;
    text = malloc(2 * deep);
    assert_non_null(text);
    memset(text, '[', deep);
    memset(text + deep, ']', deep);
    write_file(path, text, 2 * deep);
    free(text);
    expect_cheap(load_model, path, 32, NN_ERR_PARSE, ":1: arrays and objects nested more than 64 deep");
}

/* The size limit is the one the message names, checked before reading. */
static void test_model_size_limit(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/sparse.json", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, ((off_t)512 << 20) + 1), 0); /* sparse: no disk used */
    close(fd);
    expect_cheap(load_model, path, 32, NN_ERR_PARSE, "larger than 512 MiB, not a model file");
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_regular_files),
        cmocka_unit_test(test_model_declares_more_than_it_holds),
        cmocka_unit_test(test_model_of_zeros),
        cmocka_unit_test(test_model_size_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
