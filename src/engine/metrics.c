/* metrics.c - chunked evaluation of a model on a data set. */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct nn_Evaluator {
    nn_Infer *inf;
    int chunk;
    float *x;   /* (chunk, sizes[0]) */
    float *t;   /* (chunk, n_out) */
    int *idx;   /* (chunk) */
};

nn_Status nn_evaluator_create(nn_Evaluator **out, const nn_Arch *arch, int chunk_rows,
                              char *err, size_t err_len)
{
    *out = NULL;
    nn_Evaluator *ev = calloc(1, sizeof *ev);
    if (!ev) {
        nn_errorf(err, err_len, "out of memory for the evaluator");
        return NN_ERR_NOMEM;
    }
    nn_Status st = nn_infer_create(&ev->inf, arch, chunk_rows, err, err_len);
    if (st != NN_OK) {
        free(ev);
        return st;
    }
    ev->chunk = chunk_rows;
    ev->x = malloc((size_t)chunk_rows * arch->sizes[0] * sizeof *ev->x);
    ev->t = malloc((size_t)chunk_rows * arch->sizes[arch->n_layers] * sizeof *ev->t);
    ev->idx = malloc((size_t)chunk_rows * sizeof *ev->idx);
    if (!ev->x || !ev->t || !ev->idx) {
        nn_evaluator_destroy(ev);
        nn_errorf(err, err_len, "out of memory for the evaluator");
        return NN_ERR_NOMEM;
    }
    *out = ev;
    return NN_OK;
}

void nn_evaluator_destroy(nn_Evaluator *ev)
{
    if (!ev)
        return;
    nn_infer_destroy(ev->inf);
    free(ev->x);
    free(ev->t);
    free(ev->idx);
    free(ev);
}

void nn_evaluate(nn_Evaluator *ev, const nn_Model *m, const nn_Dataset *d, uint32_t features,
                 nn_Metrics *out, int64_t *confusion)
{
    int L = m->arch.n_layers, no = m->arch.sizes[L];
    nn_Act out_act = m->arch.act[L - 1];
    double loss_sum = 0.0;
    int64_t correct = 0;
    int k = d->n_classes;
    if (confusion && d->task == NN_TASK_CLASSIFY)
        memset(confusion, 0, (size_t)k * k * sizeof *confusion);
    for (int start = 0; start < d->n; start += ev->chunk) {
        int rows = d->n - start < ev->chunk ? d->n - start : ev->chunk;
        for (int r = 0; r < rows; r++)
            ev->idx[r] = start + r;
        nn_dataset_gather_x(d, ev->idx, rows, features, ev->x);
        nn_dataset_gather_targets(d, ev->idx, rows, m->loss, out_act, no, ev->t);
        nn_infer_run(ev->inf, m, ev->x, rows);
        loss_sum += nn_loss_eval(m->loss, out_act, ev->inf->z[L - 1], ev->inf->a[L - 1], ev->t,
                                 rows, no, NULL) * rows;
        if (d->task == NN_TASK_CLASSIFY) {
            for (int r = 0; r < rows; r++) {
                int pred = nn_predict_class(ev->inf->a[L - 1] + (size_t)r * no, no, out_act);
                int truth = d->label[start + r];
                correct += pred == truth;
                if (confusion && pred >= 0 && pred < k)
                    confusion[(size_t)truth * k + pred]++;
            }
        }
    }
    out->rows = d->n;
    out->data_loss = d->n > 0 ? loss_sum / d->n : NAN;
    out->loss = out->data_loss + nn_model_reg_penalty(m);
    out->accuracy = d->task == NN_TASK_CLASSIFY && d->n > 0 ? (double)correct / d->n : NAN;
}
