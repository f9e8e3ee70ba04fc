/* gradcheck.c - the central difference of one weight on the current batch. */
#include "core/gradcheck.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The batch's loss for the parameters of m: forward pass in plain loops
 * (sums in double), the engine's activation and loss, plus the penalty.
 * buf holds two (rows, widest) blocks. */
static double batch_loss(const nn_Trainer *t, const nn_Model *m, const float *x,
                         const float *target, int rows, float *buf, size_t widest)
{
    const nn_Arch *ar = &m->arch;
    int L = ar->n_layers;
    float *z = buf, *a = buf + (size_t)rows * widest;
    float *tmp = malloc((size_t)rows * widest * sizeof *tmp);
    if (!tmp)
        return NAN;
    const float *in = x;
    for (int l = 0; l < L; l++) {
        int ni = ar->sizes[l], no = ar->sizes[l + 1];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < no; j++) {
                double s = m->b[l][j];
                for (int i = 0; i < ni; i++)
                    s += (double)in[(size_t)r * ni + i] * (double)m->W[l][(size_t)i * no + j];
                z[(size_t)r * no + j] = (float)s;
            }
        nn_act_forward(ar->act[l], a, z, rows, no);
        if (l < L - 1) {
            /* the next layer reads this one's a: keep it apart from a */
            memcpy(tmp, a, (size_t)rows * no * sizeof *tmp);
            /* through the batch's own dropout mask, as its forward pass ran */
            const uint8_t *mask = nn_trainer_dropout_mask(t, l);
            if (mask) {
                const float keep = 1.0f - nn_trainer_dropout_rate(t, l);
                for (size_t q = 0; q < (size_t)rows * no; q++)
                    tmp[q] = mask[q] ? tmp[q] / keep : 0.0f;
            }
            in = tmp;
        }
    }
    int no = ar->sizes[L];
    double loss = nn_loss_eval(m->loss, ar->act[L - 1], z, a, target, rows, no, NULL);
    free(tmp);
    return loss + nn_model_reg_penalty(m);
}

int app_gradcheck(const nn_Trainer *t, int l, int i, int j, double h, app_GradCheck *out,
                  char *err, size_t err_len)
{
    const nn_Model *m = nn_trainer_model(t);
    const nn_Arch *ar = &m->arch;
    int L = ar->n_layers;
    if (l < 0 || l >= L || i < 0 || j < -1 || (j < 0 && i >= ar->sizes[l + 1]) ||
        (j >= 0 && (i >= ar->sizes[l] || j >= ar->sizes[l + 1]))) {
        snprintf(err, err_len, "no weight %d -> %d in layer %d", i + 1, j + 1, l + 1);
        return -1;
    }
    nn_Cursor c = nn_trainer_cursor(t);
    int done = c.phase == 0 && c.step > 0;
    if (!(done || c.phase > 2 * L - l)) {
        snprintf(err, err_len, "the backward pass has not reached layer %d in this batch", l + 1);
        return -1;
    }
    if (h <= 0)
        h = 1e-3;
    size_t k = j < 0 ? m->b_off[l] + (size_t)i : m->W_off[l] + (size_t)i * ar->sizes[l + 1] + (size_t)j;
    int rows = nn_trainer_batch_rows(t);
    size_t widest = 1;
    for (int q = 0; q <= L; q++)
        widest = (size_t)ar->sizes[q] > widest ? (size_t)ar->sizes[q] : widest;
    nn_Model *w = NULL;
    float *buf = malloc(2 * (size_t)rows * widest * sizeof *buf);
    if (!buf || nn_model_clone(&w, m, err, err_len) != NN_OK) {
        free(buf);
        if (!w)
            snprintf(err, err_len, "out of memory for the gradient check");
        return -1;
    }
    /* the weights the forward pass used */
    if (done && !c.diverged) {
        const float *u = nn_trainer_update(t);
        for (size_t q = 0; q < m->n_params; q++)
            w->params[q] = m->params[q] - u[q];
    }
    float w0 = w->params[k];
    w->params[k] = (float)(w0 + h);
    double up = (double)w->params[k] - w0; /* the step float could represent */
    double lp = batch_loss(t, w, nn_trainer_batch_x(t), nn_trainer_batch_target(t), rows, buf, widest);
    w->params[k] = (float)(w0 - h);
    double dn = w0 - (double)w->params[k];
    double lm = batch_loss(t, w, nn_trainer_batch_x(t), nn_trainer_batch_target(t), rows, buf, widest);
    nn_model_destroy(w);
    free(buf);
    out->h = h;
    out->backprop = nn_trainer_grads(t)[k];
    out->numeric = (lp - lm) / (up + dn);
    double big = fmax(fmax(fabs(out->backprop), fabs(out->numeric)), 1e-12);
    out->rel = fabs(out->backprop - out->numeric) / big;
    if (!isfinite(out->numeric)) {
        snprintf(err, err_len, "the loss is not finite around this weight");
        return -1;
    }
    return 0;
}
