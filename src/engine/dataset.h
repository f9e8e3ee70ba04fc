/* dataset.h - in-memory data sets, batches and input features.
 *
 * Inputs are either floats or bytes (IDX images stay 8-bit in memory, scaled
 * by x_scale when a batch is gathered: 60 000 x 784 bytes, not floats).
 * Classification sets hold a class index per row; regression sets hold float
 * targets. Targets are encoded for the loss only when a batch is gathered. */
#ifndef NN_DATASET_H
#define NN_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "activation.h"
#include "loss.h"
#include "nn_status.h"
#include "rng.h"

#define NN_MAX_CLASSES 256
#define NN_MAX_SAMPLES (1 << 24)

typedef enum { NN_TASK_CLASSIFY = 0, NN_TASK_REGRESS } nn_Task;

typedef struct {
    nn_Task task;
    int n;             /* rows */
    int dim;           /* raw input columns (2 for Playground sets, 784 for images) */
    int n_targets;     /* regression: target columns; classification: 1 */
    int n_classes;     /* classification: >= 2; regression: 0 */
    float *x;          /* (n, dim) floats, or NULL when x_u8 is used */
    uint8_t *x_u8;     /* (n, dim) bytes, value = byte * x_scale; rows x_u8_stride apart */
    size_t x_u8_stride; /* dim, or dim rounded up to 64 for rows of 64 bytes or more: each
                           image starts on a cache line, so threads that gather different
                           64-column blocks of it never read the same line */
    float x_scale;     /* 1/255 for images */
    float *y;          /* regression: (n, n_targets); else NULL */
    int32_t *label;    /* classification: (n) in [0, n_classes); else NULL */
    int img_w, img_h;  /* image shape if rows are images (dim = w*h), else 0 */
    char name[64];     /* "spiral", "fashion-mnist", file name... */
    char **class_names;/* n_classes names or NULL */
    char **col_names;  /* dim input column names (a CSV header's) or NULL */
    void *x_u8_mem;    /* the allocation x_u8 points into (freed by destroy) */
} nn_Dataset;

/* Playground's seven input features for 2-D data, as bits of a mask. */
enum {
    NN_FEAT_X1 = 1u << 0,
    NN_FEAT_X2 = 1u << 1,
    NN_FEAT_X1SQ = 1u << 2,
    NN_FEAT_X2SQ = 1u << 3,
    NN_FEAT_X1X2 = 1u << 4,
    NN_FEAT_SIN1 = 1u << 5,
    NN_FEAT_SIN2 = 1u << 6,
    NN_FEAT_ALL = 0x7f
};
#define NN_FEAT_COUNT 7
/* "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)" */
const char *nn_feature_name(int bit_index);
/* Parse a comma-separated list of the names above (also "x1x2", "sinx1"...). */
int nn_features_from_string(const char *s, uint32_t *mask);
/* Model inputs a dataset gives: popcount(mask) when the data is 2-D and mask
 * is not 0, else dim. */
int nn_dataset_input_width(const nn_Dataset *d, uint32_t features);
/* Feature vector of one raw 2-D point (out: popcount(mask) floats). */
void nn_features_apply(uint32_t mask, float x1, float x2, float *out);

/* Allocation helpers: an empty data set of n rows (arrays zeroed). */
nn_Status nn_dataset_create(nn_Dataset **out, nn_Task task, int n, int dim, int n_targets,
                            int n_classes, int bytes, char *err, size_t err_len);
void nn_dataset_destroy(nn_Dataset *d);
/* Makes byte data set d read its rows from `rows` (d->n rows of d->dim
 * bytes, packed), a block the caller keeps alive and unchanged until d is
 * destroyed; d's own block is freed. Saves copying (and first touching)
 * tens of megabytes of images a caller already holds. d must hold bytes. */
void nn_dataset_borrow_u8(nn_Dataset *d, uint8_t *rows);
/* Keeps only d's first `rows` rows, in blocks of their own: the rest is
 * given back, not just hidden behind a smaller n (Fashion-MNIST's 60,000
 * training images are 47 MB; a lesson that trains on 6,000 needs 5).
 * Built aside: on failure d is unchanged. rows >= d->n changes nothing.
 * d must own its rows (not borrowed). */
nn_Status nn_dataset_keep_rows(nn_Dataset *d, int rows, char *err, size_t err_len);
/* Row i of byte data (dim bytes). */
static inline const uint8_t *nn_dataset_row_u8(const nn_Dataset *d, int i)
{
    return d->x_u8 + (size_t)i * d->x_u8_stride;
}

/* Raw input value of row i, column c. */
float nn_dataset_x(const nn_Dataset *d, int i, int c);

/* Model inputs of rows idx[0..rows) into x (rows, input_width). */
void nn_dataset_gather_x(const nn_Dataset *d, const int *idx, int rows, uint32_t features,
                         float *x);
/* Raw columns [c0, c1) of rows idx[0..rows) into x, whose rows are d->dim
 * floats apart (x[r * dim + c]); the rest of x is left alone. Threads
 * gather the columns they will compute with. */
void nn_dataset_gather_x_cols(const nn_Dataset *d, const int *idx, int rows, float *x, int c0,
                              int c1);
/* Hints the processor to start loading columns [c0, c1) of rows
 * idx[0..rows) (the next batch), so the gather after it finds them in cache.
 * Changes no data. */
void nn_dataset_prefetch(const nn_Dataset *d, const int *idx, int rows, int c0, int c1);
/* Loss-ready targets of rows idx[0..rows) into t (rows, nn_loss_target_width):
 * classification with one output: class 1 -> 1, class 0 -> 0, or -1 when the
 * output activation is tanh or linear (Playground's labels); several outputs:
 * one-hot, or the class index for sparse CCE. Regression: the targets. */
void nn_dataset_gather_targets(const nn_Dataset *d, const int *idx, int rows, nn_Loss loss,
                               nn_Act out_act, int n_out, float *t);
/* The class a model output row means (argmax, or threshold 0 / 0.5 for one
 * output as the encoding above). */
int nn_predict_class(const float *out_row, int n_out, nn_Act out_act);
/* Checks the data fits a model with n_in inputs, n_out outputs and this loss. */
nn_Status nn_dataset_check_model(const nn_Dataset *d, uint32_t features, int n_in, int n_out,
                                 nn_Loss loss, char *err, size_t err_len);

/* Shuffles rows with rng (Playground's shuffle), then the first
 * round(n*train_ratio) rows become train, the rest test. Both are new copies. */
nn_Status nn_dataset_split(const nn_Dataset *d, double train_ratio, nn_Rng *rng,
                           nn_Dataset **train, nn_Dataset **test, char *err, size_t err_len);

/* ---- sources (data_*.c) ---- */

typedef enum {
    NN_PG_CIRCLE = 0, NN_PG_XOR, NN_PG_GAUSS, NN_PG_SPIRAL, /* classification */
    NN_PG_PLANE, NN_PG_MULTIGAUSS,                         /* regression */
    NN_PG_COUNT
} nn_PlaygroundSet;

const char *nn_playground_name(nn_PlaygroundSet s);
int nn_playground_from_name(const char *name, nn_PlaygroundSet *out);
/* Playground's generator for this set, n points, noise in [0, 50] percent as
 * Playground's slider (0..0.5 internally). Points are NOT shuffled. Labels:
 * class 1 for Playground's +1, class 0 for -1; regression targets as Playground.
 * circle, gauss and spiral make two parts of (n + 1) / 2 points (class 1
 * first), so an odd n gives n + 1 rows, as Playground's loops do. */
nn_Status nn_data_playground(nn_Dataset **out, nn_PlaygroundSet set, int n, double noise,
                             nn_Rng *rng, char *err, size_t err_len);

typedef enum { NN_REG1D_LINEAR = 0, NN_REG1D_SINE } nn_Reg1D;
/* 1-D regression: y = 2x + 3 + noise, or y = sin(x) + noise; x in [-1, 1] (linear) /
 * [-pi, pi] (sine), Gaussian noise of stddev `noise`. */
nn_Status nn_data_regression1d(nn_Dataset **out, nn_Reg1D kind, int n, double noise,
                               nn_Rng *rng, char *err, size_t err_len);
/* Random binary data: dim columns of 0/1 (each bit 1 with probability 1/2);
 * class 1 when more than half the bits are set (a rule a network can learn). */
nn_Status nn_data_random_binary(nn_Dataset **out, int n, int dim, nn_Rng *rng,
                                char *err, size_t err_len);
/* CSV with a header row; all columns but `label` numeric. A label column of
 * integers or strings makes a classification set (classes in order of first
 * appearance for strings, sorted for integers); a non-integer numeric label
 * makes a regression set. Errors name the file, line and column. */
nn_Status nn_data_csv(nn_Dataset **out, const char *path, const char *label,
                      char *err, size_t err_len);
/* Makes a separately loaded test set speak the training set's language:
 * the same number of input columns, the same task, and class numbers
 * mapped by class name to the training set's (a test file may list its
 * classes in another order or lack some). A class the training set does not
 * have is an error naming test_path. */
nn_Status nn_dataset_conform(nn_Dataset *test, const nn_Dataset *train, const char *test_path,
                             const char *train_path, char *err, size_t err_len);
/* IDX images + labels (gzip or raw, through zlib). Images stay bytes. */
nn_Status nn_data_idx(nn_Dataset **out, const char *images_path, const char *labels_path,
                      char *err, size_t err_len);
#define NN_FASHION_DIR "/usr/share/datasets/fashion-mnist"
/* Fashion-MNIST from dir (NULL: NN_FASHION_DIR), train or test (t10k) split,
 * with the ten class names. */
nn_Status nn_data_fashion(nn_Dataset **out, const char *dir, int test_split,
                          char *err, size_t err_len);
/* The same with rows packed (x_u8_stride = dim, no line per image): a whole
 * gzip file is then decompressed in one call straight into the rows
 * (libdeflate, about twice zlib's speed), and a caller wanting the pixels
 * contiguous (the Keras bridge's arrays) can take the block over. */
nn_Status nn_data_fashion_packed(nn_Dataset **out, const char *dir, int test_split,
                                 char *err, size_t err_len);

#endif
