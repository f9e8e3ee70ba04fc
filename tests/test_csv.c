/* test_csv.c - CSV import: the good files under tests/data/csv/ load with the
 * right shape, classes and values; every bad one fails with one line naming
 * the file, the line and the problem, and hands nothing back. */
#include "test_util.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "experiment.h"
#include "session.h"

#define CSV_DIR NNVIZ_TEST_DATA "/csv"

static nn_Dataset *load_good(const char *name, const char *label)
{
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/%s", CSV_DIR, name);
    nn_Dataset *d = NULL;
    if (nn_data_csv(&d, path, label, err, sizeof err) != NN_OK) {
        print_error("%s: %s\n", name, err);
        fail();
    }
    assert_non_null(d);
    return d;
}

/* x of row r, column c is exactly v (the values in the files are exact floats
 * or are compared with the float the file's text rounds to) */
static void x_is(const nn_Dataset *d, int r, int c, float v)
{
    float got = d->x[(size_t)r * d->dim + c];
    if (got != v) {
        print_error("x[%d][%d] = %.9g, expected %.9g\n", r, c, (double)got, (double)v);
        fail();
    }
}

static void test_numeric_labels(void **state)
{
    (void)state;
    nn_Dataset *d = load_good("numeric_labels.csv", "label");
    assert_int_equal(d->task, NN_TASK_CLASSIFY);
    assert_int_equal(d->n, 4);
    assert_int_equal(d->dim, 2);
    assert_int_equal(d->n_classes, 3);
    assert_null(d->x_u8);
    /* integer labels: sorted classes 0, 1, 2 named by their value */
    assert_string_equal(d->class_names[0], "0");
    assert_string_equal(d->class_names[2], "2");
    const int want[4] = {1, 0, 2, 1};
    for (int r = 0; r < 4; r++)
        assert_int_equal(d->label[r], want[r]);
    x_is(d, 0, 0, 0.5f);
    x_is(d, 0, 1, 1.5f);
    x_is(d, 2, 1, -0.25f);
    x_is(d, 3, 0, 1e-3f);
    assert_string_equal(d->name, "numeric_labels.csv");
    nn_dataset_destroy(d);
}

static void test_iris_excerpt(void **state)
{
    (void)state;
    nn_Dataset *d = load_good("iris_excerpt.csv", "species");
    assert_int_equal(d->n, 6);
    assert_int_equal(d->dim, 4);
    assert_int_equal(d->n_classes, 3);
    /* text labels: classes in order of first appearance */
    assert_string_equal(d->class_names[0], "setosa");
    assert_string_equal(d->class_names[1], "versicolor");
    assert_string_equal(d->class_names[2], "virginica");
    const int want[6] = {0, 0, 1, 1, 2, 2};
    for (int r = 0; r < 6; r++)
        assert_int_equal(d->label[r], want[r]);
    x_is(d, 2, 0, 7.0f);
    x_is(d, 2, 3, 1.4f);
    x_is(d, 5, 2, 5.1f);
    /* the feature columns keep their header names (the label's is not one),
     * also in the halves a split makes */
    assert_non_null(d->col_names);
    const char *cols[4] = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    for (int c = 0; c < 4; c++)
        assert_string_equal(d->col_names[c], cols[c]);
    {
        nn_Rng rng;
        nn_rng_seed(&rng, 1);
        nn_Dataset *tr = NULL, *te = NULL;
        char e2[256];
        assert_int_equal(nn_dataset_split(d, 0.5, &rng, &tr, &te, e2, sizeof e2), NN_OK);
        for (int c = 0; c < 4; c++) {
            assert_string_equal(tr->col_names[c], cols[c]);
            assert_string_equal(te->col_names[c], cols[c]);
        }
        nn_dataset_destroy(tr);
        nn_dataset_destroy(te);
    }
    /* an Iris-shaped set fits a 4-input softmax network with 3 outputs */
    char err[256];
    assert_int_equal(nn_dataset_check_model(d, 0, 4, 3, NN_LOSS_SPARSE_CCE, err, sizeof err), NN_OK);
    nn_dataset_destroy(d);
}

/* A separate test file is numbered by the training file's class names:
 * its own order of first appearance must not shift the labels. */
static void test_test_file_takes_training_classes(void **state)
{
    (void)state;
    char err[512] = "";
    nn_Dataset *train = load_good("iris_excerpt.csv", "species");
    nn_Dataset *test = load_good("iris_test_reordered.csv", "species");
    assert_int_equal(test->n_classes, 2); /* on its own: virginica = 0, setosa = 1 */
    assert_int_equal(test->label[0], 0);
    assert_int_equal(nn_dataset_conform(test, train, "iris_test_reordered.csv", "iris_excerpt.csv",
                                        err, sizeof err),
                     NN_OK);
    assert_int_equal(test->n_classes, 3);
    const int want[3] = {2, 0, 2}; /* virginica, setosa, virginica as the training file counts */
    for (int r = 0; r < 3; r++)
        assert_int_equal(test->label[r], want[r]);
    assert_string_equal(test->class_names[1], "versicolor");
    nn_dataset_destroy(test);

    test = load_good("iris_test_unknown_class.csv", "species");
    assert_int_equal(nn_dataset_conform(test, train, "t.csv", "iris_excerpt.csv", err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_string_equal(err, "t.csv: class 'iris-x' does not appear in iris_excerpt.csv");
    nn_dataset_destroy(test);

    test = load_good("iris_test_three_columns.csv", "species");
    assert_int_equal(nn_dataset_conform(test, train, "t.csv", "iris_excerpt.csv", err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_string_equal(err, "t.csv: 3 input columns, but iris_excerpt.csv has 4");
    nn_dataset_destroy(test);

    test = load_good("regression.csv", "y");
    nn_Dataset *reg_train = load_good("regression.csv", "y");
    assert_int_equal(nn_dataset_conform(test, reg_train, "a.csv", "b.csv", err, sizeof err), NN_OK);
    nn_dataset_destroy(reg_train);
    nn_dataset_destroy(test);
    nn_dataset_destroy(train);
}

/* A session with a separate test file evaluates it in the training file's
 * classes; a test file with a class of its own is refused by name. */
static void test_session_test_file(void **state)
{
    (void)state;
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_CSV;
    snprintf(e.data.path, sizeof e.data.path, "%s/iris_excerpt.csv", CSV_DIR);
    snprintf(e.data.test_path, sizeof e.data.test_path, "%s/iris_test_reordered.csv", CSV_DIR);
    snprintf(e.data.label, sizeof e.data.label, "species");
    char err[512] = "";
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(s->test->n, 3);
    assert_int_equal(s->test->n_classes, 3);
    assert_int_equal(s->test->label[0], 2);
    assert_int_equal(s->test->label[1], 0);
    nn_session_destroy(s);
    snprintf(e.data.test_path, sizeof e.data.test_path, "%s/iris_test_unknown_class.csv", CSV_DIR);
    s = NULL;
    assert_int_equal(nn_session_create(&s, &e, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(s);
    assert_non_null(strstr(err, "iris_test_unknown_class.csv: class 'iris-x' does not appear in"));
}

static void test_regression_label(void **state)
{
    (void)state;
    nn_Dataset *d = load_good("regression.csv", "y");
    assert_int_equal(d->task, NN_TASK_REGRESS);
    assert_int_equal(d->n, 4);
    assert_int_equal(d->dim, 1);
    assert_int_equal(d->n_targets, 1);
    assert_null(d->label);
    const float want[4] = {0.5f, 1.5f, 2.25f, -7.125f};
    for (int r = 0; r < 4; r++)
        assert_true(d->y[r] == want[r]);
    x_is(d, 3, 0, -3.0f);
    nn_dataset_destroy(d);
}

static void test_quoted_fields(void **state)
{
    (void)state;
    /* a quoted header name holding a comma, quoted numbers, blanks around
     * fields, and "" inside a quoted label */
    nn_Dataset *d = load_good("quoted.csv", "kind");
    assert_int_equal(d->n, 3);
    assert_int_equal(d->dim, 2);
    assert_int_equal(d->n_classes, 2);
    assert_string_equal(d->class_names[0], "cat");
    assert_string_equal(d->class_names[1], "dog \"big\"");
    assert_int_equal(d->label[1], 1);
    assert_int_equal(d->label[2], 0);
    x_is(d, 0, 1, 2.0f);
    x_is(d, 1, 0, 3.0f);
    x_is(d, 1, 1, 4.0f);
    nn_dataset_destroy(d);
    /* the label column can be the quoted one */
    char err[256];
    nn_Dataset *q = NULL;
    assert_int_equal(nn_data_csv(&q, CSV_DIR "/quoted.csv", "b, with comma", err, sizeof err), NN_ERR_PARSE);
    assert_non_null(strstr(err, "'cat' is not a number"));
    assert_null(q);
}

static void test_crlf_bom_blank_lines(void **state)
{
    (void)state;
    /* a byte-order mark before the header, CRLF line ends, blank lines at the end */
    nn_Dataset *d = load_good("crlf_bom.csv", "class");
    assert_int_equal(d->n, 3);
    assert_int_equal(d->dim, 2);
    assert_string_equal(d->class_names[0], "yes");
    assert_string_equal(d->class_names[1], "no");
    x_is(d, 2, 1, 6.0f);
    nn_dataset_destroy(d);
    nn_Dataset *b = load_good("blank_trailing.csv", "kind");
    assert_int_equal(b->n, 2);
    assert_int_equal(b->label[1], 1);
    nn_dataset_destroy(b);
}

static void test_float_extremes(void **state)
{
    (void)state;
    /* FLT_MAX as printed with 9 digits is a float, not an overflow */
    nn_Dataset *d = load_good("float_extremes.csv", "kind");
    x_is(d, 0, 0, FLT_MAX);
    x_is(d, 0, 1, -FLT_MAX);
    x_is(d, 1, 0, 1e-45f);
    assert_true(signbit(d->x[3]));
    nn_dataset_destroy(d);
}

/* A bad file: not NN_OK, nothing returned, one line holding the file name and
 * every fragment. */
static void expect_bad(const char *name, const char *label, nn_Status want, const char *frag1,
                       const char *frag2)
{
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/%s", CSV_DIR, name);
    nn_Dataset *d = (nn_Dataset *)&path; /* must be reset to NULL */
    nn_Status st = nn_data_csv(&d, path, label, err, sizeof err);
    if (st != want || !strstr(err, name) || (frag1 && !strstr(err, frag1)) ||
        (frag2 && !strstr(err, frag2)) || strchr(err, '\n')) {
        print_error("%s: status %d (expected %d), message '%s', expected '%s' and '%s'\n", name,
                    st, want, err, frag1 ? frag1 : "", frag2 ? frag2 : "");
        fail();
    }
    assert_null(d);
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_bad("bad_no_label.csv", "kind", NN_ERR_PARSE, "bad_no_label.csv:1:",
               "no column named 'kind' (columns: a, b)");
    expect_bad("bad_columns.csv", "kind", NN_ERR_PARSE, "bad_columns.csv:4:",
               "2 columns, the header has 3");
    expect_bad("bad_word.csv", "kind", NN_ERR_PARSE, "bad_word.csv:3:",
               "column 'b': 'abc' is not a number");
    expect_bad("bad_nan.csv", "kind", NN_ERR_PARSE, "bad_nan.csv:4:", "column 'b': value is not finite");
    expect_bad("bad_inf.csv", "kind", NN_ERR_PARSE, "bad_inf.csv:3:", "column 'a': value is not finite");
    expect_bad("bad_label_range.csv", "y", NN_ERR_PARSE, "bad_label_range.csv:3:",
               "column 'y': value is not finite");
    expect_bad("bad_label_nan.csv", "y", NN_ERR_PARSE, "bad_label_nan.csv:3:", "column 'y'");
    expect_bad("bad_empty.csv", "kind", NN_ERR_PARSE, "empty file", NULL);
    expect_bad("bad_header_only.csv", "kind", NN_ERR_PARSE, "at least 2 data rows", "found 0");
    expect_bad("bad_one_class.csv", "kind", NN_ERR_INVALID_ARG, "column 'kind' has 1 classes",
               "2 to 256");
    expect_bad("bad_quote.csv", "kind", NN_ERR_PARSE, "bad_quote.csv:3:", "unclosed quote");
    expect_bad("bad_only_label.csv", "kind", NN_ERR_PARSE, "bad_only_label.csv:1:", "no input columns");
    expect_bad("bad_empty_label.csv", "kind", NN_ERR_PARSE, "bad_empty_label.csv:3:", "empty label");
    expect_bad("does_not_exist.csv", "kind", NN_ERR_IO, "cannot open", NULL);
    /* a directory is not a CSV file */
    char err[256];
    nn_Dataset *d = NULL;
    assert_int_not_equal(nn_data_csv(&d, CSV_DIR, "kind", err, sizeof err), NN_OK);
    assert_null(d);
}

/* Generated at run time: 300 distinct classes is more than nnviz takes, 256
 * is exactly the limit. */
static void write_classes(const char *path, int classes, int text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "a,b,kind\n");
    for (int i = 0; i < classes; i++) {
        if (text)
            fprintf(f, "%d,%d,c%d\n", i, -i, i);
        else
            fprintf(f, "%d,%d,%d\n", i, -i, 1000 - i);
    }
    fclose(f);
}

static void test_class_limit(void **state)
{
    (void)state;
    char path[64], err[512];
    snprintf(path, sizeof path, "/tmp/nnviz-csv-classes-%d.csv", (int)getpid());
    for (int text = 0; text < 2; text++) {
        nn_Dataset *d = (nn_Dataset *)path;
        write_classes(path, 300, text);
        assert_int_equal(nn_data_csv(&d, path, "kind", err, sizeof err), NN_ERR_INVALID_ARG);
        assert_null(d);
        assert_non_null(strstr(err, path));
        assert_non_null(strstr(err, "more than 256 classes"));
        write_classes(path, 256, text);
        assert_int_equal(nn_data_csv(&d, path, "kind", err, sizeof err), NN_OK);
        assert_int_equal(d->n_classes, 256);
        /* integer labels are sorted: 745 is the smallest, written last */
        if (!text) {
            assert_string_equal(d->class_names[0], "745");
            assert_int_equal(d->label[255], 0);
            assert_int_equal(d->label[0], 255);
        } else {
            assert_string_equal(d->class_names[255], "c255");
        }
        nn_dataset_destroy(d);
    }
    unlink(path);
}

/* Writes text (len bytes) to a file of its own under /tmp; returns its path. */
static const char *write_tmp(char *path, size_t n, const char *tag, const char *text, size_t len)
{
    snprintf(path, n, "/tmp/nnviz-csv-%s-%d.csv", tag, (int)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

/* A tmp file that must fail: status, nothing returned, one line with frag. */
static void expect_bad_text(const char *tag, const char *text, size_t len, const char *label,
                            nn_Status want, const char *frag)
{
    char path[128], err[512] = "";
    write_tmp(path, sizeof path, tag, text, len);
    nn_Dataset *d = (nn_Dataset *)path;
    nn_Status st = nn_data_csv(&d, path, label, err, sizeof err);
    unlink(path);
    if (st != want || !strstr(err, path) || !strstr(err, frag) || strchr(err, '\n')) {
        print_error("%s: status %d (expected %d), message '%s', expected '%s'\n", tag, st, want,
                    err, frag);
        fail();
    }
    assert_null(d);
}

/* 4097 columns is the limit; a trailing comma makes one more field, which
 * used to be written past the end of the field array (a heap overflow that
 * glibc caught as "free(): invalid next size"). */
static void test_wide_trailing_comma(void **state)
{
    (void)state;
    size_t n = 4097 + 64;
    char *text = malloc(3 * n + 64);
    assert_non_null(text);
    /* a header of 4097 commas: 4098 empty names */
    memset(text, ',', 4097);
    strcpy(text + 4097, "\n1,2\n");
    expect_bad_text("wide-header", text, strlen(text), "x", NN_ERR_PARSE,
                    ":1: the header row cannot be read (unclosed quote or more than 4097 columns)");
    /* a fine header, then a data row of 4097 fields and a trailing comma */
    size_t k = (size_t)sprintf(text, "a,kind\n");
    for (int c = 0; c < 4097; c++)
        k += (size_t)sprintf(text + k, "1,");
    k += (size_t)sprintf(text + k, "\n");
    expect_bad_text("wide-row", text, k, "kind", NN_ERR_PARSE, ":2: more than 4097 columns");
    /* exactly 4097 columns still load: 4096 inputs and the label */
    k = 0;
    for (int row = 0; row < 3; row++) {
        for (int c = 0; c < 4096; c++)
            k += (size_t)sprintf(text + k, row == 0 ? "c," : "%d,", c % 3);
        k += (size_t)sprintf(text + k, row == 0 ? "kind\n" : "%d\n", row);
        if (row == 0) { /* the header is longer than a data row: give it room */
            char *t2 = realloc(text, 16 * n);
            assert_non_null(t2);
            text = t2;
        }
    }
    char path[128], err[512];
    write_tmp(path, sizeof path, "wide-ok", text, k);
    nn_Dataset *d = NULL;
    nn_Status st = nn_data_csv(&d, path, "kind", err, sizeof err);
    unlink(path);
    if (st != NN_OK)
        print_error("%s\n", err);
    assert_int_equal(st, NN_OK);
    assert_int_equal(d->dim, 4096);
    assert_int_equal(d->n, 2);
    nn_dataset_destroy(d);
    free(text);
}

/* Lines end at LF, CRLF or a lone CR; a line is bounded; a NUL byte, a read
 * error or a directory is not reported as an empty file. */
static void test_line_ends_and_bounds(void **state)
{
    (void)state;
    char path[128], err[512];
    const char cr[] = "a,b,kind\r1,2,x\r3,4,y\r5,6,x\r";
    write_tmp(path, sizeof path, "cr", cr, sizeof cr - 1);
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_csv(&d, path, "kind", err, sizeof err), NN_OK);
    unlink(path);
    assert_int_equal(d->n, 3);
    assert_int_equal(d->dim, 2);
    x_is(d, 2, 1, 6.0f);
    nn_dataset_destroy(d);

    /* a header line of 1 MiB and one byte, without a line end; 1 MiB is fine */
    size_t big = ((size_t)1 << 20) + 1;
    char *text = malloc(big + 16);
    assert_non_null(text);
    memset(text, 'a', big);
    expect_bad_text("long", text, big, "kind", NN_ERR_PARSE, ":1: line longer than 1 MiB");
    memcpy(text + big - 16, ",kind\n1,x\n2,y\n", 14);
    write_tmp(path, sizeof path, "long-ok", text, big - 2);
    d = NULL;
    assert_int_equal(nn_data_csv(&d, path, "kind", err, sizeof err), NN_OK);
    unlink(path);
    assert_int_equal(d->n, 2);
    nn_dataset_destroy(d);
    free(text);

    const char nul[] = "a,b,kind\n1,2,x\n3,\0004,y\n5,6,x\n";
    expect_bad_text("nul", nul, sizeof nul - 1, "kind", NN_ERR_PARSE,
                    ":3: a NUL byte: not a text file");

    d = (nn_Dataset *)path;
    assert_int_equal(nn_data_csv(&d, CSV_DIR, "kind", err, sizeof err), NN_ERR_IO);
    assert_null(d);
    assert_non_null(strstr(err, "is a directory, not a regular file"));
    assert_null(strstr(err, "empty file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeric_labels),
        cmocka_unit_test(test_iris_excerpt),
        cmocka_unit_test(test_regression_label),
        cmocka_unit_test(test_test_file_takes_training_classes),
        cmocka_unit_test(test_session_test_file),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_crlf_bom_blank_lines),
        cmocka_unit_test(test_float_extremes),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_class_limit),
        cmocka_unit_test(test_wide_trailing_comma),
        cmocka_unit_test(test_line_ends_and_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
