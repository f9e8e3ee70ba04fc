/* loss.c - losses and their gradient at the output layer.
 *
 * Sigmoid + binary cross-entropy and softmax + (sparse) categorical
 * cross-entropy are computed from the logits z in the stable fused form,
 * where dL/dz = (p - t) / N. Other pairings compute dL/da and chain through
 * the activation's derivative; cross-entropy on probabilities then clips p to
 * [1e-7, 1 - 1e-7] as Keras does. All sums are accumulated in double. */
#include "loss.h"

#include <math.h>
#include <string.h>

#define NN_PROB_EPS 1e-7

static const char *const loss_names[NN_LOSS_COUNT] = {
    "mse", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
    "half_squared",
};

const char *nn_loss_name(nn_Loss loss)
{
    return (unsigned)loss < NN_LOSS_COUNT ? loss_names[loss] : "unknown";
}

int nn_loss_from_name(const char *name, nn_Loss *out)
{
    static const struct { const char *name; nn_Loss loss; } aliases[] = {
        {"mean_squared_error", NN_LOSS_MSE}, {"MeanSquaredError", NN_LOSS_MSE},
        {"bce", NN_LOSS_BCE}, {"BinaryCrossentropy", NN_LOSS_BCE},
        {"cce", NN_LOSS_CCE}, {"CategoricalCrossentropy", NN_LOSS_CCE},
        {"SparseCategoricalCrossentropy", NN_LOSS_SPARSE_CCE}, {"sparse_cce", NN_LOSS_SPARSE_CCE},
        {"square", NN_LOSS_HALF_SQUARED}, {"half_squared_error", NN_LOSS_HALF_SQUARED},
    };
    if (!name)
        return -1;
    for (int i = 0; i < NN_LOSS_COUNT; i++) {
        if (strcmp(name, loss_names[i]) == 0) {
            *out = (nn_Loss)i;
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strcmp(name, aliases[i].name) == 0) {
            *out = aliases[i].loss;
            return 0;
        }
    }
    return -1;
}

nn_Status nn_loss_check_output(nn_Loss loss, nn_Act out_act, int n_out, char *err, size_t err_len)
{
    if ((unsigned)loss >= NN_LOSS_COUNT) {
        nn_errorf(err, err_len, "unknown loss");
        return NN_ERR_INVALID_ARG;
    }
    switch (loss) {
    case NN_LOSS_BCE:
        if (out_act != NN_ACT_SIGMOID && out_act != NN_ACT_SOFTMAX) {
            nn_errorf(err, err_len,
                      "binary_crossentropy needs a sigmoid (or softmax) output layer, not %s",
                      nn_act_name(out_act));
            return NN_ERR_INVALID_ARG;
        }
        break;
    case NN_LOSS_CCE:
    case NN_LOSS_SPARSE_CCE:
        if (out_act != NN_ACT_SOFTMAX || n_out < 2) {
            nn_errorf(err, err_len, "%s needs a softmax output layer with 2 or more units",
                      nn_loss_name(loss));
            return NN_ERR_INVALID_ARG;
        }
        break;
    default:
        break;
    }
    return NN_OK;
}

int nn_loss_target_width(nn_Loss loss, int n_out)
{
    return loss == NN_LOSS_SPARSE_CCE ? 1 : n_out;
}

/* Target probability t_j of row r for the (sparse) categorical losses. */
static inline float cat_target(nn_Loss loss, const float *target, int r, int j, int cols)
{
    if (loss == NN_LOSS_SPARSE_CCE)
        return (int)target[r] == j ? 1.0f : 0.0f;
    return target[(size_t)r * cols + j];
}

/* Smallest softmax output whose log is taken as it is: the softmax's
 * exponential floors at e^-87 (about 1.6e-38), so a smaller probability may
 * be that floor rather than the true value. */
#define NN_TRUSTED_PROB 1e-30f

/* softmax + categorical cross-entropy: L_r = -sum_j t_j log p_j and
 * dL/dz_j = (p_j - t_j) / rows, with p = a the softmax output. log p_j is
 * taken from p when every p_j the targets need is at least NN_TRUSTED_PROB
 * (then it equals the log-softmax to float rounding, and costs one log per
 * row for sparse targets); a row where one is smaller uses the log-sum-exp
 * of the logits, z_j - m - log sum_k e^(z_k - m), which never overflows or
 * gives log 0. */
static double softmax_cce(nn_Loss loss, const float *z, const float *a, const float *target,
                          int rows, int cols, float *dz)
{
    double total = 0.0;
    for (int r = 0; r < rows; r++) {
        const float *zr = z + (size_t)r * cols, *ar = a + (size_t)r * cols;
        double row = 0.0;
        int from_p = 1;
        for (int j = 0; j < cols && from_p; j++) {
            float t = cat_target(loss, target, r, j, cols);
            if (t == 0.0f)
                continue;
            if (ar[j] >= NN_TRUSTED_PROB)
                row -= t * log(ar[j]);
            else
                from_p = 0;
        }
        if (!from_p) {
            double m = zr[0];
            for (int j = 1; j < cols; j++)
                m = zr[j] > m ? zr[j] : m;
            double s = 0.0;
            for (int j = 0; j < cols; j++)
                s += exp(zr[j] - m);
            double lse = m + log(s);
            row = 0.0;
            for (int j = 0; j < cols; j++) {
                float t = cat_target(loss, target, r, j, cols);
                if (t != 0.0f)
                    row -= t * (zr[j] - lse);
            }
        }
        total += row;
        if (dz)
            for (int j = 0; j < cols; j++)
                dz[(size_t)r * cols + j] = (ar[j] - cat_target(loss, target, r, j, cols)) / (float)rows;
    }
    return total / rows;
}

/* sigmoid + binary cross-entropy from logits:
 * L = max(z,0) - z t + log(1 + e^-|z|), dL/dz = (p - t) / (rows cols) */
static double sigmoid_bce(const float *z, const float *a, const float *target, int rows,
                          int cols, float *dz)
{
    size_t n = (size_t)rows * cols;
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        double zi = z[i], t = target[i];
        total += (zi > 0.0 ? zi : 0.0) - zi * t + log1p(exp(-fabs(zi)));
        if (dz)
            dz[i] = (a[i] - target[i]) / (float)n;
    }
    return total / (double)n;
}

double nn_loss_eval(nn_Loss loss, nn_Act out_act, const float *z, const float *a,
                    const float *target, int rows, int cols, float *dz)
{
    size_t n = (size_t)rows * cols;
    if ((loss == NN_LOSS_CCE || loss == NN_LOSS_SPARSE_CCE) && out_act == NN_ACT_SOFTMAX)
        return softmax_cce(loss, z, a, target, rows, cols, dz);
    if (loss == NN_LOSS_BCE && out_act == NN_ACT_SIGMOID)
        return sigmoid_bce(z, a, target, rows, cols, dz);

    /* generic: loss from a, dL/da into dz, then through f'(z) */
    double total = 0.0;
    switch (loss) {
    case NN_LOSS_MSE:
        /* mean over outputs and batch of (a - t)^2; dL/da = 2 (a - t) / (rows cols) */
        for (size_t i = 0; i < n; i++) {
            double d = (double)a[i] - target[i];
            total += d * d;
            if (dz)
                dz[i] = 2.0f * (a[i] - target[i]) / (float)n;
        }
        total /= (double)n;
        break;
    case NN_LOSS_HALF_SQUARED:
        /* sum over outputs of 1/2 (a - t)^2, mean over batch; dL/da = (a - t) / rows */
        for (size_t i = 0; i < n; i++) {
            double d = (double)a[i] - target[i];
            total += 0.5 * d * d;
            if (dz)
                dz[i] = (a[i] - target[i]) / (float)rows;
        }
        total /= rows;
        break;
    case NN_LOSS_BCE:
        /* on probabilities (softmax output): clip p to [eps, 1 - eps] like Keras;
         * dL/dp = (p - t) / (p (1 - p)) / (rows cols), 0 where the clip is active */
        for (size_t i = 0; i < n; i++) {
            double p = a[i], t = target[i];
            int clipped = p < NN_PROB_EPS || p > 1.0 - NN_PROB_EPS;
            if (p < NN_PROB_EPS)
                p = NN_PROB_EPS;
            if (p > 1.0 - NN_PROB_EPS)
                p = 1.0 - NN_PROB_EPS;
            total -= t * log(p) + (1.0 - t) * log(1.0 - p);
            if (dz)
                dz[i] = clipped ? 0.0f : (float)((p - t) / (p * (1.0 - p)) / (double)n);
        }
        total /= (double)n;
        break;
    case NN_LOSS_CCE:
    case NN_LOSS_SPARSE_CCE:
        /* on probabilities: -sum t log clip(p) */
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                size_t i = (size_t)r * cols + j;
                double p = a[i], t = cat_target(loss, target, r, j, cols);
                int clipped = p < NN_PROB_EPS || p > 1.0 - NN_PROB_EPS;
                p = p < NN_PROB_EPS ? NN_PROB_EPS : (p > 1.0 - NN_PROB_EPS ? 1.0 - NN_PROB_EPS : p);
                total -= t * log(p);
                if (dz)
                    dz[i] = clipped ? 0.0f : (float)(-t / p / rows);
            }
        }
        total /= rows;
        break;
    case NN_LOSS_COUNT:
        break;
    }
    if (dz)
        nn_act_backward(out_act, dz, dz, z, a, rows, cols);
    return total;
}
