/* metrics.h - loss, accuracy and confusion matrix of a model on a data set. */
#ifndef NN_METRICS_H
#define NN_METRICS_H

#include <stdint.h>

#include "dataset.h"
#include "infer.h"
#include "model.h"

typedef struct {
    double loss;      /* mean data loss + regularization penalty */
    double data_loss; /* mean data loss */
    double accuracy;  /* classification: fraction right; regression: NaN */
    int rows;
} nn_Metrics;

/* A reusable evaluation workspace: inference buffers plus input/target
 * scratch for chunk_rows rows of one architecture. */
typedef struct nn_Evaluator nn_Evaluator;

nn_Status nn_evaluator_create(nn_Evaluator **out, const nn_Arch *arch, int chunk_rows,
                              char *err, size_t err_len);
void nn_evaluator_destroy(nn_Evaluator *ev);

/* Evaluates m (architecture as the evaluator's) on every row of d. confusion,
 * if not NULL, receives (n_classes, n_classes) counts, row = true class,
 * column = predicted. No allocation. */
void nn_evaluate(nn_Evaluator *ev, const nn_Model *m, const nn_Dataset *d, uint32_t features,
                 nn_Metrics *out, int64_t *confusion);

#endif
