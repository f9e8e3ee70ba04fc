/* test_alloc_fail.c - every allocation failure is handled: each loader and
 * nn_session_create run again and again with the n-th allocation failing,
 * n = 0, 1, 2, ... until the call succeeds without meeting the failure.
 * Each failing run must return an error with one line of message and leave
 * the caller's variables as they were; under AddressSanitizer (CI) its leak
 * check at exit proves that nothing was left behind. (libcbor and SQLite
 * test their error paths this way.)
 *
 * The failures are injected with the linker's --wrap (tests/CMakeLists.txt):
 * the engine's calls to malloc and friends come here, then go to the real
 * allocator, which is ASan's under sanitizers, so this works in every build.
 * cJSON's allocations come here through its hooks. */
#include "test_util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dataset.h"
#include "experiment.h"
#include "lesson/lesson_file.h"
#include "model_io.h"
#include "session.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);
void *__real_aligned_alloc(size_t alignment, size_t size);
char *__real_strdup(const char *s);
FILE *__real_fdopen(int fd, const char *mode);
gzFile __real_gzdopen(int fd, const char *mode);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t size);
void *__wrap_aligned_alloc(size_t alignment, size_t size);
char *__wrap_strdup(const char *s);
FILE *__wrap_fdopen(int fd, const char *mode);
gzFile __wrap_gzdopen(int fd, const char *mode);

static long fail_at = -1; /* the allocation (counted from 0) that fails; -1: none */
static long seen;         /* allocations since the count started */

static int fail_now(void)
{
    if (fail_at >= 0 && seen++ == fail_at) {
        errno = ENOMEM; /* as the real ones do */
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t size)
{
    return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    return fail_now() ? NULL : __real_calloc(count, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return fail_now() ? NULL : __real_realloc(p, size);
}

void *__wrap_aligned_alloc(size_t alignment, size_t size)
{
    return fail_now() ? NULL : __real_aligned_alloc(alignment, size);
}

char *__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
    return fail_now() ? NULL : __real_fdopen(fd, mode);
}

gzFile __wrap_gzdopen(int fd, const char *mode)
{
    return fail_now() ? NULL : __real_gzdopen(fd, mode);
}

static void *hook_malloc(size_t size)
{
    return __wrap_malloc(size);
}

/* A call under test: returns its status; err gets its message. */
typedef nn_Status (*call_fn)(void *arg, char *err, size_t err_len);

/* Runs fn with allocation n failing for n = 0, 1, ... until it succeeds
 * without reaching the failure; returns how many runs failed. Loaders have
 * no optional allocation, so a success despite a failure is a bug there;
 * with `optional` it is allowed (the trainer does without its thread pool
 * and its sparse lists: slower, not wrong). */
static long every_failure_opt(const char *what, call_fn fn, void *arg, int optional)
{
    long tolerated = 0;
    for (long n = 0;; n++) {
        char err[512] = "";
        seen = 0;
        fail_at = n;
        nn_Status st = fn(arg, err, sizeof err);
        fail_at = -1;
        int reached = seen > n;
        if (st == NN_OK && reached && optional) {
            tolerated++;
            continue;
        }
        if (st == NN_OK) {
            if (reached) {
                print_error("%s: allocation %ld failed, yet the call succeeded\n", what, n);
                fail();
            }
            print_message("%s: %ld allocations, each failure handled (%ld done without)\n", what,
                          n, tolerated);
            return n;
        }
        if (!reached) {
            print_error("%s: failed without an allocation failing: %s\n", what, err);
            fail();
        }
        /* the message says what happened: not a syntax error, not a missing file */
        if (!err[0] || strchr(err, '\n') ||
            (!strstr(err, "out of memory") && !strstr(err, strerror(ENOMEM)))) {
            print_error("%s: allocation %ld: message '%s'\n", what, n, err);
            fail();
        }
    }
}

static long every_failure(const char *what, call_fn fn, void *arg)
{
    return every_failure_opt(what, fn, arg, 0);
}

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/nnviz-allocfail-XXXXXX");
    cJSON_Hooks hooks = {hook_malloc, free};
    cJSON_InitHooks(&hooks);
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
    nn_Experiment e, before;
    memset(&e, 0x5A, sizeof e);
    before = e;
    nn_Status st = nn_experiment_load(&e, arg, err, err_len);
    if (st != NN_OK)
        assert_memory_equal(&e, &before, sizeof e);
    return st;
}

static void test_experiment(void **state)
{
    (void)state;
    every_failure("every_key.ini", load_lesson, NNVIZ_TEST_DATA "/lessons/every_key.ini");
}

/* A lesson with steps: its set-up, its steps' heap array, the file. */
static nn_Status load_lesson_steps(void *arg, char *err, size_t err_len)
{
    lesson_File *f = (lesson_File *)err;
    int r = lesson_load(arg, &f, err, err_len);
    if (r != 0)
        assert_null(f);
    lesson_free(f);
    return r == 0 ? NN_OK : NN_ERR_NOMEM;
}

static void test_lesson_steps(void **state)
{
    (void)state;
    every_failure("lesson_steps/every_key.ini", load_lesson_steps,
                  NNVIZ_TEST_DATA "/lesson_steps/every_key.ini");
}

static nn_Status load_model(void *arg, char *err, size_t err_len)
{
    nn_Model *m = (nn_Model *)err;
    nn_Optimizer *o = (nn_Optimizer *)err;
    uint32_t features = 77;
    nn_Status st = nn_model_load(arg, &m, &o, &features, err, err_len);
    if (st != NN_OK) {
        assert_null(m);
        assert_null(o);
        assert_int_equal(features, 77);
    }
    nn_model_destroy(m);
    nn_opt_destroy(o);
    return st;
}

static void test_model(void **state)
{
    (void)state;
    /* a model with an optimizer and its state, written by nnviz itself */
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/adam.json", dir);
    nn_Arch arch = {2, {2, 5, 1}, {NN_ACT_TANH, NN_ACT_SIGMOID}};
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, &arch, NN_LOSS_BCE, err, sizeof err), NN_OK);
    nn_OptConfig cfg;
    nn_opt_config_default(&cfg, NN_OPT_ADAM);
    nn_Optimizer *o = NULL;
    assert_int_equal(nn_opt_create(&o, &cfg, m->n_params, err, sizeof err), NN_OK);
    assert_int_equal(nn_model_save(path, m, o, NN_FEAT_X1 | NN_FEAT_X2, err, sizeof err), NN_OK);
    nn_model_destroy(m);
    nn_opt_destroy(o);
    every_failure("adam.json", load_model, path);
    every_failure("xor_tanh.json", load_model, NNVIZ_TEST_DATA "/models/xor_tanh.json");
}

static nn_Status load_csv(void *arg, char *err, size_t err_len)
{
    nn_Dataset *d = (nn_Dataset *)err;
    nn_Status st = nn_data_csv(&d, arg, "species", err, err_len);
    if (st != NN_OK)
        assert_null(d);
    nn_dataset_destroy(d);
    return st;
}

static nn_Status load_csv_numeric(void *arg, char *err, size_t err_len)
{
    nn_Dataset *d = (nn_Dataset *)err;
    nn_Status st = nn_data_csv(&d, arg, "label", err, err_len);
    if (st != NN_OK)
        assert_null(d);
    nn_dataset_destroy(d);
    return st;
}

static void test_csv(void **state)
{
    (void)state;
    every_failure("iris_excerpt.csv", load_csv, NNVIZ_TEST_DATA "/csv/iris_excerpt.csv");
    every_failure("numeric_labels.csv", load_csv_numeric, NNVIZ_TEST_DATA "/csv/numeric_labels.csv");
}

typedef struct {
    char images[128], labels[128];
} Pair;

static nn_Status load_idx(void *arg, char *err, size_t err_len)
{
    Pair *p = arg;
    nn_Dataset *d = (nn_Dataset *)err;
    nn_Status st = nn_data_idx(&d, p->images, p->labels, err, err_len);
    if (st != NN_OK)
        assert_null(d);
    nn_dataset_destroy(d);
    return st;
}

/* The packed loader: the whole gzip file in one call, its block allocated
 * by the engine (a failure there is out of memory, not a fallback). */
static nn_Status load_fashion_packed(void *arg, char *err, size_t err_len)
{
    nn_Dataset *d = (nn_Dataset *)err;
    nn_Status st = nn_data_fashion_packed(&d, arg, 0, err, err_len);
    if (st != NN_OK)
        assert_null(d);
    nn_dataset_destroy(d);
    return st;
}

static void put(const char *path, int gz, const unsigned char *b, size_t n)
{
    if (gz) {
        gzFile g = gzopen(path, "wb");
        assert_non_null(g);
        assert_int_equal(gzwrite(g, b, (unsigned)n), (int)n);
        assert_int_equal(gzclose(g), Z_OK);
    } else {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(b, 1, n, f), n);
        fclose(f);
    }
}

static void test_idx(void **state)
{
    (void)state;
    unsigned char img[16 + 3 * 100] = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 10, 0, 0, 0, 10};
    unsigned char lab[8 + 3] = {0, 0, 8, 1, 0, 0, 0, 3, 2, 0, 1};
    for (size_t i = 16; i < sizeof img; i++)
        img[i] = (unsigned char)(i * 7);
    for (int gz = 0; gz < 2; gz++) {
        Pair p;
        snprintf(p.images, sizeof p.images, "%s/img%s", dir, gz ? ".gz" : "");
        snprintf(p.labels, sizeof p.labels, "%s/lab%s", dir, gz ? ".gz" : "");
        put(p.images, gz, img, sizeof img);
        put(p.labels, gz, lab, sizeof lab);
        every_failure(gz ? "idx (gzip)" : "idx", load_idx, &p);
    }
    Pair f;
    snprintf(f.images, sizeof f.images, "%s/train-images-idx3-ubyte.gz", dir);
    snprintf(f.labels, sizeof f.labels, "%s/train-labels-idx1-ubyte.gz", dir);
    put(f.images, 1, img, sizeof img);
    put(f.labels, 1, lab, sizeof lab);
    every_failure("fashion (packed)", load_fashion_packed, dir);
}

static nn_Status create_session(void *arg, char *err, size_t err_len)
{
    nn_Session *s = (nn_Session *)err;
    nn_Status st = nn_session_create(&s, arg, err, err_len);
    if (st != NN_OK)
        assert_null(s);
    nn_session_destroy(s);
    return st;
}

static void test_session(void **state)
{
    (void)state;
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.samples = 40;
    e.opt.kind = NN_OPT_ADAM;
    every_failure_opt("session (spiral)", create_session, &e, 1);
    char err[256];
    assert_int_equal(nn_experiment_load(&e, NNVIZ_TEST_DATA "/lessons/relative_csv.ini", err,
                                        sizeof err), NN_OK);
    every_failure_opt("session (csv)", create_session, &e, 1);
}

/* The injection itself works: a failure at allocation 0 is seen. */
static void test_injection_works(void **state)
{
    (void)state;
    void *(*volatile alloc)(size_t) = malloc; /* a call the compiler cannot drop */
    seen = 0;
    fail_at = 0;
    void *p = alloc(16);
    fail_at = -1;
    assert_null(p);
    assert_int_equal(seen, 1);
    p = alloc(16);
    assert_non_null(p);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_injection_works), cmocka_unit_test(test_experiment),
        cmocka_unit_test(test_model),           cmocka_unit_test(test_csv),
        cmocka_unit_test(test_idx),             cmocka_unit_test(test_session),
        cmocka_unit_test(test_lesson_steps),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
