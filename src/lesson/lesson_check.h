/* lesson_check.h - a lesson step's checks ("expect = ..."): what the class
 * should see, parsed once when the file is read and evaluated against the
 * app by the caller's metric function, so a lesson cannot claim what its
 * network does not show.
 *
 *   check := side OP side               OP: <  <=  >  >=
 *   side  := term [ (* | + | -) term ]
 *   term  := NUMBER | [run R] METRIC [layer N] | layer N
 *
 * "layer N" alone means the left side's metric at layer N, so
 *   expect = gradient_norm layer 0 < 0.01 * layer 7
 * compares two layers of one network. The metrics and what each needs are
 * lesson_Metric's. Layers, units and runs count from 0 here; the class reads
 * them numbered as the window numbers them (lesson_show.h). No SDL here. */
#ifndef NNVIZ_LESSON_CHECK_H
#define NNVIZ_LESSON_CHECK_H

#include <stddef.h>

typedef enum {
    LESSON_M_NUMBER = 0,      /* a constant: value */
    LESSON_M_LOSS,            /* over the training set now */
    LESSON_M_TEST_LOSS,
    LESSON_M_ACCURACY,
    LESSON_M_TEST_ACCURACY,
    LESSON_M_EPOCH,
    LESSON_M_STEP,            /* batches trained */
    LESSON_M_LEARNING_RATE,
    LESSON_M_GRADIENT_NORM,   /* layer: ‖∂L/∂W‖ of that dense layer (training health) */
    LESSON_M_DEAD_FRACTION,   /* layer */
    LESSON_M_SATURATED_FRACTION, /* layer */
    LESSON_M_WEIGHT,          /* layer, i, j: weight i → j */
    LESSON_M_BIAS,            /* layer, i */
    LESSON_M_COUNT
} lesson_Metric;

typedef struct {
    lesson_Metric metric;
    double value;             /* LESSON_M_NUMBER */
    int run;                  /* 0 unless "run R" */
    int layer, i, j;          /* -1 when the metric takes none */
} lesson_Term;

typedef struct {
    lesson_Term a, b;         /* side := a [op b] */
    char op;                  /* 0 (a alone), '*', '+', '-' */
} lesson_Side;

typedef struct {
    int line;                 /* its line in the lesson file */
    char text[256];           /* as written, for the transcript */
    lesson_Side lhs, rhs;
    char cmp[3];              /* "<", "<=", ">", ">=" */
} lesson_Check;

/* Parses the text of one check. 0, or -1 with one line in err naming the
 * problem (the caller adds file and line). */
int lesson_check_parse(const char *text, lesson_Check *out, char *err, size_t err_len);

/* The value of one term (never called for LESSON_M_NUMBER). 0, or -1 with
 * one line in err ("run 3 does not exist", "layer 9: the network has 3"). */
typedef int (*lesson_MetricFn)(void *ctx, const lesson_Term *t, double *out, char *err,
                               size_t err_len);

/* Evaluates a check: 1 it holds, 0 it does not, -1 it cannot be evaluated
 * (err says why). *lhs and *rhs receive the two sides' values when known. */
int lesson_check_eval(const lesson_Check *c, lesson_MetricFn fn, void *ctx, double *lhs,
                      double *rhs, char *err, size_t err_len);

/* The metric's name as written in a check ("test_accuracy"). */
const char *lesson_metric_name(lesson_Metric m);

#endif
