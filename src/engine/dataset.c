/* dataset.c - data-set storage, input features, batch gathering, target
 * encoding, prediction and train/test split. */
#include "big_alloc.h"
#include "dataset.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const feature_names[NN_FEAT_COUNT] = {
    "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)",
};

const char *nn_feature_name(int bit_index)
{
    return bit_index >= 0 && bit_index < NN_FEAT_COUNT ? feature_names[bit_index] : "?";
}

/* One feature name (several spellings) to its bit; -1 if unknown. */
static int feature_bit(const char *s, size_t len)
{
    static const struct { const char *name; int bit; } names[] = {
        {"x1", 0},      {"x2", 1},      {"x1^2", 2},    {"x1sq", 2},     {"x1x1", 2},
        {"x2^2", 3},    {"x2sq", 3},    {"x2x2", 3},    {"x1*x2", 4},    {"x1x2", 4},
        {"sin(x1)", 5}, {"sinx1", 5},   {"sin_x1", 5},  {"sin(x2)", 6},  {"sinx2", 6},
        {"sin_x2", 6},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == len && strncmp(names[i].name, s, len) == 0)
            return names[i].bit;
    return -1;
}

int nn_features_from_string(const char *s, uint32_t *mask)
{
    uint32_t m = 0;
    const char *p = s;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        int bit = feature_bit(start, (size_t)(end - start));
        if (bit < 0)
            return -1;
        m |= 1u << bit;
    }
    if (m == 0)
        return -1;
    *mask = m;
    return 0;
}

static int popcount7(uint32_t m)
{
    int n = 0;
    for (int b = 0; b < NN_FEAT_COUNT; b++)
        n += (m >> b) & 1u;
    return n;
}

int nn_dataset_input_width(const nn_Dataset *d, uint32_t features)
{
    if (d->dim == 2 && (features & NN_FEAT_ALL))
        return popcount7(features & NN_FEAT_ALL);
    return d->dim;
}

void nn_features_apply(uint32_t mask, float x1, float x2, float *out)
{
    int k = 0;
    if (mask & NN_FEAT_X1) out[k++] = x1;
    if (mask & NN_FEAT_X2) out[k++] = x2;
    if (mask & NN_FEAT_X1SQ) out[k++] = x1 * x1;
    if (mask & NN_FEAT_X2SQ) out[k++] = x2 * x2;
    if (mask & NN_FEAT_X1X2) out[k++] = x1 * x2;
    if (mask & NN_FEAT_SIN1) out[k++] = sinf(x1);
    if (mask & NN_FEAT_SIN2) out[k++] = sinf(x2);
}

nn_Status nn_dataset_create(nn_Dataset **out, nn_Task task, int n, int dim, int n_targets,
                            int n_classes, int bytes, char *err, size_t err_len)
{
    *out = NULL;
    if (n < 1 || n > NN_MAX_SAMPLES || dim < 1 || dim > 65536) {
        nn_errorf(err, err_len, "a data set of %d rows x %d columns is out of range", n, dim);
        return NN_ERR_INVALID_ARG;
    }
    /* at most 512 MiB of inputs (a split copies them): more is a mistake, not a lesson */
    size_t cell = bytes ? 1 : sizeof(float);
    if ((size_t)n * (size_t)dim * cell > ((size_t)1 << 29)) {
        nn_errorf(err, err_len,
                  "a data set of %d rows x %d columns needs %.1f GiB, more than the 0.5 GiB nnviz "
                  "keeps in memory", n, dim, (double)n * dim * cell / (1 << 30));
        return NN_ERR_INVALID_ARG;
    }
    if (task == NN_TASK_CLASSIFY && (n_classes < 2 || n_classes > NN_MAX_CLASSES)) {
        nn_errorf(err, err_len, "classification needs 2 to %d classes, not %d", NN_MAX_CLASSES,
                  n_classes);
        return NN_ERR_INVALID_ARG;
    }
    if (task == NN_TASK_REGRESS && (n_targets < 1 || n_targets > NN_MAX_UNITS)) {
        nn_errorf(err, err_len, "regression needs 1 to %d targets, not %d", NN_MAX_UNITS,
                  n_targets);
        return NN_ERR_INVALID_ARG;
    }
    nn_Dataset *d = calloc(1, sizeof *d);
    if (!d) {
        nn_errorf(err, err_len, "out of memory for the data set");
        return NN_ERR_NOMEM;
    }
    d->task = task;
    d->n = n;
    d->dim = dim;
    d->n_targets = task == NN_TASK_CLASSIFY ? 1 : n_targets;
    d->n_classes = task == NN_TASK_CLASSIFY ? n_classes : 0;
    d->x_scale = 1.0f;
    size_t cells = (size_t)n * dim;
    if (bytes) {
        d->x_u8_stride = dim >= 64 ? ((size_t)dim + 63) / 64 * 64 : (size_t)dim;
        size_t len = ((size_t)n * d->x_u8_stride + 63) / 64 * 64;
        /* calloc, not aligned_alloc + memset: a large block comes zeroed
         * from the system at no cost, where a memset of 50 MB of images
         * (Fashion-MNIST) is work and page faults before a byte is read;
         * in huge pages where offered, so the first write faults less */
        d->x_u8_mem = nn_big_calloc(len + 64, 1);
        if (d->x_u8_mem)
            d->x_u8 = (uint8_t *)(((uintptr_t)d->x_u8_mem + 63) / 64 * 64);
    } else
        d->x = nn_big_calloc(cells, sizeof *d->x);
    if (task == NN_TASK_CLASSIFY)
        d->label = calloc((size_t)n, sizeof *d->label);
    else
        d->y = calloc((size_t)n * n_targets, sizeof *d->y);
    if ((!d->x && !d->x_u8) || (!d->label && !d->y)) {
        nn_dataset_destroy(d);
        nn_errorf(err, err_len, "out of memory for %d rows x %d columns", n, dim);
        return NN_ERR_NOMEM;
    }
    *out = d;
    return NN_OK;
}

void nn_dataset_destroy(nn_Dataset *d)
{
    if (!d)
        return;
    if (d->class_names) {
        for (int k = 0; k < d->n_classes; k++)
            free(d->class_names[k]);
        free(d->class_names);
    }
    if (d->col_names) {
        for (int c = 0; c < d->dim; c++)
            free(d->col_names[c]);
        free(d->col_names);
    }
    free(d->x);
    free(d->x_u8_mem);
    free(d->y);
    free(d->label);
    free(d);
}

void nn_dataset_borrow_u8(nn_Dataset *d, uint8_t *rows)
{
    free(d->x_u8_mem);
    d->x_u8_mem = NULL; /* destroy frees nothing of the caller's */
    d->x_u8 = rows;
    d->x_u8_stride = (size_t)d->dim;
}

nn_Status nn_dataset_keep_rows(nn_Dataset *d, int rows, char *err, size_t err_len)
{
    if (rows < 0 || rows >= d->n)
        return NN_OK;
    size_t n = (size_t)rows;
    void *x = NULL, *x_mem = NULL, *lab = NULL;
    uint8_t *x_u8 = NULL;
    if (d->x) {
        x = malloc(n * (size_t)d->dim * sizeof *d->x + 1);
        if (x)
            memcpy(x, d->x, n * (size_t)d->dim * sizeof *d->x);
    } else {
        /* the same stride and 64-byte alignment as nn_dataset_alloc's */
        size_t len = n * d->x_u8_stride;
        x_mem = malloc(len + 64);
        if (x_mem) {
            x_u8 = (uint8_t *)(((uintptr_t)x_mem + 63) / 64 * 64);
            memcpy(x_u8, d->x_u8, len);
        }
    }
    size_t lab_len = d->label ? n * sizeof *d->label : n * (size_t)d->n_targets * sizeof *d->y;
    lab = malloc(lab_len + 1);
    if (lab)
        memcpy(lab, d->label ? (const void *)d->label : (const void *)d->y, lab_len);
    if ((!x && !x_mem) || !lab) {
        free(x);
        free(x_mem);
        free(lab);
        nn_errorf(err, err_len, "out of memory keeping %d rows x %d columns", rows, d->dim);
        return NN_ERR_NOMEM;
    }
    /* swap: the whole set's blocks go back */
    if (d->x) {
        free(d->x);
        d->x = x;
    } else {
        free(d->x_u8_mem);
        d->x_u8_mem = x_mem;
        d->x_u8 = x_u8;
    }
    if (d->label) {
        free(d->label);
        d->label = lab;
    } else {
        free(d->y);
        d->y = lab;
    }
    d->n = rows;
    return NN_OK;
}

float nn_dataset_x(const nn_Dataset *d, int i, int c)
{
    size_t k = (size_t)i * d->dim + c;
    return d->x ? d->x[k] : nn_dataset_row_u8(d, i)[c] * d->x_scale;
}

void nn_dataset_gather_x(const nn_Dataset *d, const int *idx, int rows, uint32_t features,
                         float *x)
{
    if (d->dim == 2 && (features & NN_FEAT_ALL)) {
        int w = popcount7(features & NN_FEAT_ALL);
        for (int r = 0; r < rows; r++) /* byte data has no d->x: read through the scale */
            nn_features_apply(features, nn_dataset_x(d, idx[r], 0), nn_dataset_x(d, idx[r], 1),
                              x + (size_t)r * w);
        return;
    }
    nn_dataset_gather_x_cols(d, idx, rows, x, 0, d->dim);
}

/* Built for AVX-512, AVX2 and the baseline, picked at load time (as
 * optimizer.c's update): the byte-to-float conversion is one instruction
 * from AVX2 on, and a dozen scalar ones on the baseline. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                          \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void nn_dataset_gather_x_cols(const nn_Dataset *d, const int *idx, int rows, float *x, int c0,
                              int c1)
{
    int dim = d->dim;
    if (d->x_u8) {
        const float scale = d->x_scale;
        for (int r = 0; r < rows; r++) {
            const uint8_t *restrict src = nn_dataset_row_u8(d, idx[r]);
            float *restrict dst = x + (size_t)r * dim;
            int c = c0;
            /* the plain loop: at -O3 (the engine's optimized builds) GCC
             * widens 16 bytes at once (vpmovzxbd); the vector-extension
             * version it had replaced took the bytes out one by one */
            for (; c < c1; c++)
                dst[c] = (float)src[c] * scale;
        }
    } else {
        for (int r = 0; r < rows; r++)
            memcpy(x + (size_t)r * dim + c0, d->x + (size_t)idx[r] * dim + c0,
                   (size_t)(c1 - c0) * sizeof *x);
    }
}

void nn_dataset_prefetch(const nn_Dataset *d, const int *idx, int rows, int c0, int c1)
{
#if defined(__GNUC__)
    size_t elem = d->x_u8 ? 1 : sizeof(float);
    size_t row_bytes = d->x_u8 ? d->x_u8_stride : (size_t)d->dim * elem;
    const char *base = d->x_u8 ? (const char *)d->x_u8 : (const char *)d->x;
    if (row_bytes < 256 || c0 >= c1)
        return; /* small rows stay in cache anyway */
    for (int r = 0; r < rows; r++) {
        const char *p = base + (size_t)idx[r] * row_bytes;
        for (size_t off = (size_t)c0 * elem; off < (size_t)c1 * elem; off += 64)
            __builtin_prefetch(p + off, 0, 3);
        __builtin_prefetch(p + (size_t)c1 * elem - 1, 0, 3); /* the last line if unaligned */
    }
#else
    (void)d, (void)idx, (void)rows, (void)c0, (void)c1;
#endif
}

/* Playground's labels are -1/+1 for outputs that can be negative (tanh,
 * linear); probabilities (sigmoid, ...) get 0/1. */
static int signed_labels(nn_Act out_act)
{
    return out_act == NN_ACT_TANH || out_act == NN_ACT_LINEAR;
}

void nn_dataset_gather_targets(const nn_Dataset *d, const int *idx, int rows, nn_Loss loss,
                               nn_Act out_act, int n_out, float *t)
{
    if (d->task == NN_TASK_REGRESS) {
        int nt = d->n_targets;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < n_out; j++)
                t[(size_t)r * n_out + j] = j < nt ? d->y[(size_t)idx[r] * nt + j] : 0.0f;
        return;
    }
    if (loss == NN_LOSS_SPARSE_CCE) {
        for (int r = 0; r < rows; r++)
            t[r] = (float)d->label[idx[r]];
        return;
    }
    if (n_out == 1) {
        float lo = signed_labels(out_act) ? -1.0f : 0.0f;
        for (int r = 0; r < rows; r++)
            t[r] = d->label[idx[r]] == 1 ? 1.0f : lo;
        return;
    }
    for (int r = 0; r < rows; r++) {
        float *row = t + (size_t)r * n_out;
        for (int j = 0; j < n_out; j++)
            row[j] = 0.0f;
        int c = d->label[idx[r]];
        if (c >= 0 && c < n_out)
            row[c] = 1.0f;
    }
}

int nn_predict_class(const float *out_row, int n_out, nn_Act out_act)
{
    if (n_out == 1)
        return out_row[0] > (signed_labels(out_act) ? 0.0f : 0.5f) ? 1 : 0;
    int best = 0;
    for (int j = 1; j < n_out; j++)
        if (out_row[j] > out_row[best])
            best = j;
    return best;
}

nn_Status nn_dataset_check_model(const nn_Dataset *d, uint32_t features, int n_in, int n_out,
                                 nn_Loss loss, char *err, size_t err_len)
{
    int w = nn_dataset_input_width(d, features);
    if (w != n_in) {
        nn_errorf(err, err_len, "the data gives %d inputs but the network takes %d", w, n_in);
        return NN_ERR_INVALID_ARG;
    }
    if (d->task == NN_TASK_CLASSIFY) {
        if (n_out == 1 && d->n_classes != 2) {
            nn_errorf(err, err_len, "one output unit can only separate 2 classes, the data has %d",
                      d->n_classes);
            return NN_ERR_INVALID_ARG;
        }
        if (n_out > 1 && n_out < d->n_classes) {
            nn_errorf(err, err_len, "the data has %d classes but the network has %d outputs",
                      d->n_classes, n_out);
            return NN_ERR_INVALID_ARG;
        }
    } else {
        if (loss == NN_LOSS_BCE || loss == NN_LOSS_CCE || loss == NN_LOSS_SPARSE_CCE) {
            nn_errorf(err, err_len, "%s needs class labels, but the data is a regression set",
                      nn_loss_name(loss));
            return NN_ERR_INVALID_ARG;
        }
        if (n_out != d->n_targets) {
            nn_errorf(err, err_len, "the data has %d targets but the network has %d outputs",
                      d->n_targets, n_out);
            return NN_ERR_INVALID_ARG;
        }
    }
    return NN_OK;
}

/* A copy of the rows idx[0..n) of src. */
static nn_Status subset(const nn_Dataset *src, const int *idx, int n, nn_Dataset **out, char *err,
                        size_t err_len)
{
    nn_Status st = nn_dataset_create(out, src->task, n, src->dim, src->n_targets,
                                     src->n_classes < 2 ? 2 : src->n_classes, src->x_u8 != NULL,
                                     err, err_len);
    if (st != NN_OK)
        return st;
    nn_Dataset *d = *out;
    d->n_classes = src->n_classes;
    d->x_scale = src->x_scale;
    d->img_w = src->img_w;
    d->img_h = src->img_h;
    memcpy(d->name, src->name, sizeof d->name);
    for (int r = 0; r < n; r++) {
        size_t s = (size_t)idx[r], dim = (size_t)src->dim;
        if (src->x_u8)
            memcpy(d->x_u8 + (size_t)r * d->x_u8_stride, nn_dataset_row_u8(src, (int)s), dim);
        else
            memcpy(d->x + (size_t)r * dim, src->x + s * dim, dim * sizeof *d->x);
        if (src->label)
            d->label[r] = src->label[s];
        else
            memcpy(d->y + (size_t)r * src->n_targets, src->y + s * src->n_targets,
                   (size_t)src->n_targets * sizeof *d->y);
    }
    if (src->class_names) {
        d->class_names = calloc((size_t)src->n_classes, sizeof *d->class_names);
        if (!d->class_names) {
            nn_dataset_destroy(d);
            *out = NULL;
            nn_errorf(err, err_len, "out of memory for class names");
            return NN_ERR_NOMEM;
        }
        for (int k = 0; k < src->n_classes; k++) {
            d->class_names[k] = strdup(src->class_names[k] ? src->class_names[k] : "");
            if (!d->class_names[k]) {
                nn_dataset_destroy(d);
                *out = NULL;
                nn_errorf(err, err_len, "out of memory for class names");
                return NN_ERR_NOMEM;
            }
        }
    }
    if (src->col_names) {
        d->col_names = calloc((size_t)src->dim, sizeof *d->col_names);
        for (int c = 0; d->col_names && c < src->dim; c++)
            if (!(d->col_names[c] = strdup(src->col_names[c] ? src->col_names[c] : ""))) {
                nn_dataset_destroy(d);
                *out = NULL;
                nn_errorf(err, err_len, "out of memory for column names");
                return NN_ERR_NOMEM;
            }
        if (!d->col_names) {
            nn_dataset_destroy(d);
            *out = NULL;
            nn_errorf(err, err_len, "out of memory for column names");
            return NN_ERR_NOMEM;
        }
    }
    return NN_OK;
}

nn_Status nn_dataset_split(const nn_Dataset *d, double train_ratio, nn_Rng *rng,
                           nn_Dataset **train, nn_Dataset **test, char *err, size_t err_len)
{
    *train = *test = NULL;
    if (!(train_ratio > 0.0 && train_ratio < 1.0)) {
        nn_errorf(err, err_len, "the train ratio must be between 0 and 1, not %g", train_ratio);
        return NN_ERR_INVALID_ARG;
    }
    int n_train = (int)lround(d->n * train_ratio);
    if (n_train < 1 || n_train >= d->n) {
        nn_errorf(err, err_len,
                  "splitting %d rows at %.0f %% leaves the training or the test set empty", d->n,
                  train_ratio * 100.0);
        return NN_ERR_INVALID_ARG;
    }
    int *idx = malloc((size_t)d->n * sizeof *idx);
    if (!idx) {
        nn_errorf(err, err_len, "out of memory splitting the data");
        return NN_ERR_NOMEM;
    }
    for (int i = 0; i < d->n; i++)
        idx[i] = i;
    nn_rng_shuffle_int(rng, idx, d->n); /* Playground shuffles, then slices */
    nn_Status st = subset(d, idx, n_train, train, err, err_len);
    if (st == NN_OK)
        st = subset(d, idx + n_train, d->n - n_train, test, err, err_len);
    free(idx);
    if (st != NN_OK) {
        nn_dataset_destroy(*train);
        *train = NULL;
    }
    return st;
}

nn_Status nn_dataset_conform(nn_Dataset *test, const nn_Dataset *train, const char *test_path,
                             const char *train_path, char *err, size_t err_len)
{
    if (test->dim != train->dim) {
        nn_errorf(err, err_len, "%s: %d input columns, but %s has %d", test_path, test->dim,
                  train_path, train->dim);
        return NN_ERR_INVALID_ARG;
    }
    if (test->task != train->task) {
        nn_errorf(err, err_len, "%s: the label column holds %s, but %s's holds %s", test_path,
                  test->task == NN_TASK_CLASSIFY ? "classes" : "numbers to predict", train_path,
                  train->task == NN_TASK_CLASSIFY ? "classes" : "numbers to predict");
        return NN_ERR_INVALID_ARG;
    }
    if (test->task != NN_TASK_CLASSIFY || !test->class_names || !train->class_names)
        return NN_OK;
    int map[NN_MAX_CLASSES];
    for (int c = 0; c < test->n_classes; c++) {
        map[c] = -1;
        for (int k = 0; k < train->n_classes && map[c] < 0; k++)
            if (strcmp(test->class_names[c], train->class_names[k]) == 0)
                map[c] = k;
        if (map[c] < 0) {
            nn_errorf(err, err_len, "%s: class '%s' does not appear in %s", test_path,
                      test->class_names[c], train_path);
            return NN_ERR_INVALID_ARG;
        }
    }
    char **names = calloc((size_t)train->n_classes, sizeof *names);
    for (int k = 0; names && k < train->n_classes; k++)
        if (!(names[k] = strdup(train->class_names[k]))) {
            for (int q = 0; q < k; q++)
                free(names[q]);
            free(names);
            names = NULL;
        }
    if (!names) {
        nn_errorf(err, err_len, "%s: out of memory", test_path);
        return NN_ERR_NOMEM;
    }
    for (int i = 0; i < test->n; i++)
        test->label[i] = map[test->label[i]];
    for (int c = 0; c < test->n_classes; c++)
        free(test->class_names[c]);
    free(test->class_names);
    test->class_names = names;
    test->n_classes = train->n_classes;
    return NN_OK;
}
