/* keras.h - the Keras bridge: runs a tutorial Keras program (a Python
 * subset, see kr_ast.h) on nnviz's engine, printing what Keras would print,
 * and writes any network back out as a Keras program (kr_export.c).
 * No SDL; the engine trains (the trainer and evaluator of src/engine). */
#ifndef KERAS_H
#define KERAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/experiment.h"
#include "engine/model.h"

/* A matplotlib figure as the program drew it, for whoever renders it. */
#define KR_MAX_SERIES 16
typedef struct {
    char kind;            /* 's' scatter, 'l' line */
    int n;                /* points */
    const float *x, *y;   /* (n) each; valid while the plot callback runs */
    int color;            /* -1: the next of the colour cycle, else an index into it */
    char label[64];       /* legend text, "" for none */
} kr_Series;

typedef struct {
    char title[128], xlabel[64], ylabel[64];
    int legend;           /* plt.legend() was called */
    int n_series;
    kr_Series series[KR_MAX_SERIES];
} kr_Figure;

typedef struct {
    FILE *out;            /* what print, summary and fit print (NULL: stdout) */
    FILE *notes;          /* one-line notes (data bound, layers left out; NULL: stderr) */
    int stop_before_fit;  /* 1: stop at the first fit, evaluate or predict (the network
                             and its compile settings only) */
    int tty;              /* 1: redraw fit's progress bar in place (a terminal) */
    const char *fashion_dir; /* NULL: Debian's /usr/share/datasets/fashion-mnist */
    size_t max_array_bytes;  /* the program's arrays in all, at most (0: 1 GiB) */
    /* Draws a figure at plt.show() (path NULL: the renderer picks one and says it) or
     * plt.savefig(path); 0 or -1 with one line in err. NULL: plots are noted, not drawn. */
    int (*plot)(void *ctx, const kr_Figure *fig, const char *path, char *err, size_t err_len);
    void *plot_ctx;
    int keep_data;        /* with stop_before_fit: the first fit's x and y (and its
                             validation rows) become res->train and res->test */
} kr_Options;

typedef struct {
    int has_model;        /* a Sequential model was made */
    nn_Experiment spec;   /* its architecture, loss, optimizer, batch size and epochs */
    nn_Model *model;      /* its weights when built (owned: kr_result_free), else NULL */
    int logits;           /* the loss took logits (from_logits=True) */
    int64_t epochs_run;   /* epochs fit trained */
    double loss, accuracy;/* the last epoch's (NaN when none) */
    int fit_line;         /* line of the fit stop_before_fit stopped at (0: none) */
    nn_Dataset *train, *test; /* keep_data: what that fit trains and validates on
                             (owned: kr_result_free; test may be NULL) */
} kr_Result;

enum { KR_OK = 0, KR_ERR_PROGRAM = 2, KR_ERR_DIVERGED = 3 };

/* Runs the program in path. Returns KR_OK, or KR_ERR_PROGRAM /
 * KR_ERR_DIVERGED with one line "FILE:LINE: problem" in err. res (may be
 * NULL) receives the last model made, also after a failure past it. */
int kr_run_file(const char *path, const kr_Options *opt, kr_Result *res, char *err,
                size_t err_len);
/* The same over text in memory; file names it in messages. */
int kr_run_text(const char *file, const char *text, size_t len, const kr_Options *opt,
                kr_Result *res, char *err, size_t err_len);
void kr_result_free(kr_Result *res);

/* What kr_export writes besides the network. */
typedef struct {
    int weights;          /* set_weights with every weight, exactly */
    const nn_Dataset *train, *test; /* data written into the program (NULL: none) */
    const char *source;   /* the file exported, for the header comment */
} kr_ExportOptions;

/* Writes a Keras program building, compiling and training the network e
 * describes (weights from m when given and opt->weights), atomically.
 * Playground's half-squared loss and uniform initializer and its input
 * features become a few lines of helper code. One line in err on failure. */
int kr_export(const char *out_path, const nn_Experiment *e, const nn_Model *m,
              const kr_ExportOptions *opt, char *err, size_t err_len);

#endif
