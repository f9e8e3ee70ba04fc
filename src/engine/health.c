/* health.c - gradient norms, activation histograms, dead and saturated
 * units of the batch a trainer ran last. */
#include "health.h"

#include <math.h>
#include <string.h>

void nn_health_range(nn_Act act, float seen_lo, float seen_hi, float *lo, float *hi)
{
    switch (act) {
    case NN_ACT_SIGMOID:
    case NN_ACT_SOFTMAX:
        *lo = 0.0f, *hi = 1.0f;
        return;
    case NN_ACT_TANH:
        *lo = -1.0f, *hi = 1.0f;
        return;
    case NN_ACT_RELU:
        *lo = 0.0f, *hi = seen_hi;
        break;
    default:
        *lo = seen_lo, *hi = seen_hi;
        break;
    }
    if (!(*hi > *lo)) /* one value seen (or none finite): a unit-wide range around it */
        *hi = *lo + 1.0f;
}

/* Output a saturated: in the flat tail where f' < 4 % of its peak. */
static int saturated(nn_Act act, float a)
{
    if (act == NN_ACT_TANH)
        return fabsf(a) >= NN_HEALTH_SAT;
    if (act == NN_ACT_SIGMOID)
        return fabsf(2.0f * a - 1.0f) >= NN_HEALTH_SAT;
    return 0;
}

/* Histogram, dead and saturated fractions of one layer's (rows, units) outputs. */
static void layer_outputs(nn_HealthSample *h, int l, nn_Act act, const float *a, int rows,
                          int units)
{
    size_t n = (size_t)rows * units;
    float seen_lo = INFINITY, seen_hi = -INFINITY;
    size_t n_sat = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i] < seen_lo)
            seen_lo = a[i];
        if (a[i] > seen_hi)
            seen_hi = a[i];
        n_sat += (size_t)saturated(act, a[i]);
    }
    h->saturated[l] = n ? (float)((double)n_sat / (double)n) : 0.0f;

    int dead = 0;
    if (act == NN_ACT_RELU)
        for (int j = 0; j < units; j++) {
            int active = 0;
            for (int r = 0; r < rows && !active; r++)
                active = a[(size_t)r * units + j] != 0.0f;
            dead += !active;
        }
    h->dead[l] = units ? (float)dead / (float)units : 0.0f;

    float lo, hi;
    nn_health_range(act, seen_lo, seen_hi, &lo, &hi);
    h->hist_lo[l] = lo;
    h->hist_hi[l] = hi;
    double count[NN_HEALTH_BINS] = {0};
    double scale = NN_HEALTH_BINS / ((double)hi - lo);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i]))
            continue;
        int b = (int)(((double)a[i] - lo) * scale);
        b = b < 0 ? 0 : b >= NN_HEALTH_BINS ? NN_HEALTH_BINS - 1 : b;
        count[b] += 1.0;
    }
    for (int b = 0; b < NN_HEALTH_BINS; b++)
        h->hist[l][b] = n ? (float)(count[b] / (double)n) : 0.0f;
}

nn_Status nn_health_measure(const nn_Trainer *t, nn_HealthSample *out)
{
    nn_Cursor c = nn_trainer_cursor(t);
    int rows = nn_trainer_batch_rows(t);
    if (c.step == 0 || c.phase != 0 || rows <= 0)
        return NN_ERR_INVALID_ARG; /* the intermediates are not one whole batch's */
    const nn_Model *m = nn_trainer_model(t);
    memset(out, 0, sizeof *out);
    out->step = c.step;
    out->n_layers = m->arch.n_layers;
    for (int l = 0; l < m->arch.n_layers; l++) {
        int in = m->arch.sizes[l], units = m->arch.sizes[l + 1];
        const float *dW = nn_trainer_dW(t, l);
        double s = 0.0;
        for (size_t i = 0; i < (size_t)in * units; i++)
            s += (double)dW[i] * dW[i];
        out->grad_norm[l] = (float)sqrt(s);
        layer_outputs(out, l, m->arch.act[l], nn_trainer_a(t, l), rows, units);
    }
    return NN_OK;
}
