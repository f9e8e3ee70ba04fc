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

/* Evaluates m on every row of d in chunks of work->max_rows rows. confusion,
 * if not NULL, receives (n_classes, n_classes) counts, row = true class,
 * column = predicted. No allocation. */
void nn_evaluate(const nn_Model *m, const nn_Dataset *d, uint32_t features, nn_Infer *work,
                 float *x_scratch, float *t_scratch, nn_Metrics *out, int64_t *confusion);

#endif
