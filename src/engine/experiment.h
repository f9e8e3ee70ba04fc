/* experiment.h - what an experiment (or a lesson's set-up) describes: data,
 * network and training, as plain values. Loaded from a human-editable INI
 * file (see docs/experiment-format.md), overridden by CLI flags, turned into
 * live objects by nn_session_create (session.h). */
#ifndef NN_EXPERIMENT_H
#define NN_EXPERIMENT_H

#include <stdint.h>

#include "dataset.h"
#include "model.h"
#include "optimizer.h"

#define NN_PATH_MAX 1024

typedef enum {
    NN_SRC_PLAYGROUND = 0, /* circle, xor, gauss, spiral, plane, multigauss */
    NN_SRC_REG1D,          /* linear1d, sine1d */
    NN_SRC_BINARY,         /* random binary of any width */
    NN_SRC_CSV,            /* a CSV file with a label column */
    NN_SRC_IDX,            /* IDX image/label files (MNIST, Fashion-MNIST) */
    NN_SRC_COUNT
} nn_SourceKind;

typedef struct {
    nn_SourceKind kind;
    nn_PlaygroundSet playground; /* NN_SRC_PLAYGROUND */
    nn_Reg1D reg1d;              /* NN_SRC_REG1D */
    int samples;                 /* generated sets: rows (Playground: 500) */
    double noise;                /* Playground: 0..50 (percent); reg1d: stddev */
    double train_ratio;          /* 0.1 .. 0.9 for generated and CSV sets */
    int binary_dim;              /* NN_SRC_BINARY: bits per row */
    uint32_t features;           /* Playground feature mask (0 = raw columns) */
    char path[NN_PATH_MAX];      /* CSV file; IDX: directory holding the four files */
    char label[128];             /* CSV label column name */
    char test_path[NN_PATH_MAX]; /* CSV: optional separate test file */
    int max_rows;                /* IDX/CSV: use at most this many training rows (0 = all) */
    uint64_t seed;               /* generator/split seed */
} nn_DataSpec;

typedef struct {
    char title[128];
    char description[1024]; /* the lesson's paragraph, shown on its card */
    nn_DataSpec data;
    /* network */
    int n_hidden;                     /* hidden layers, 0 .. NN_MAX_LAYERS-1 */
    int hidden[NN_MAX_LAYERS];        /* units per hidden layer */
    nn_Act hidden_act[NN_MAX_LAYERS]; /* activation per hidden layer */
    nn_Act out_act;                   /* output activation */
    int n_out;                        /* output units; 0 = derived from the data */
    nn_Init init;
    nn_Reg reg;
    float reg_rate;
    int n_dropout;                    /* rates given: 0 (none), 1 (every hidden layer)
                                         or n_hidden (one per hidden layer) */
    float dropout[NN_MAX_LAYERS];     /* dropout rate after hidden layer l, 0 .. <1 */
    float input_dropout;              /* dropout rate on the inputs, 0 .. <1 (0: none) */
    nn_Loss loss;
    /* training */
    nn_OptConfig opt;
    int batch_size;
    int64_t epochs;     /* stop after this many epochs (0 = no limit) */
    int64_t steps;      /* stop after this many batches (0 = no limit) */
    double stop_loss;   /* stop when the epoch's training loss is below (0 = off) */
    int shuffle;
    uint64_t seed;      /* initial weights and batch order */
} nn_Experiment;

/* Playground's default: spiral, noise 0, 50 % train, features x1,x2,
 * 2 hidden layers of 4 tanh units (Playground: 4,2), tanh output,
 * half_squared loss, SGD lr 0.03, batch 10, seed 1. */
void nn_experiment_default(nn_Experiment *e);
/* Checks every value is in range; one line naming the key on failure. */
nn_Status nn_experiment_validate(const nn_Experiment *e, char *err, size_t err_len);

/* Loads an INI experiment file: nn_experiment_default, then what the file
 * sets. *e is written only on success. Unknown sections or
 * keys, bad values and out-of-range numbers give one line
 * "FILE:LINE: problem". Sections other than [data] [network] [training]
 * [lesson] whose name starts with "step" are left for the lesson player. */
nn_Status nn_experiment_load(nn_Experiment *e, const char *path, char *err, size_t err_len);
/* Writes e as an INI file, atomically (temp file + rename). */
nn_Status nn_experiment_save(const nn_Experiment *e, const char *path, char *err, size_t err_len);

const char *nn_source_name(const nn_DataSpec *d); /* "spiral", "csv", ... */

/* The dropout rate after hidden layer l under e's n_dropout rule (0: none). */
static inline float nn_experiment_dropout(const nn_Experiment *e, int l)
{
    return e->n_dropout == 1 ? e->dropout[0] : l < e->n_dropout ? e->dropout[l] : 0.0f;
}

#endif
