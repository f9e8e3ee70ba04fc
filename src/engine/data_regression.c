/* data_regression.c - 1-D regression sets and random binary data. */
#include <math.h>
#include <stdio.h>

#include "dataset.h"
#include "model.h"

#define PI 3.14159265358979323846

nn_Status nn_data_regression1d(nn_Dataset **out, nn_Reg1D kind, int n, double noise, nn_Rng *rng,
                               char *err, size_t err_len)
{
    *out = NULL;
    if (n < 2 || n > 1000000) {
        nn_errorf(err, err_len, "samples must be 2 to 1000000, not %d", n);
        return NN_ERR_INVALID_ARG;
    }
    if (!(noise >= 0.0 && noise <= 100.0)) {
        nn_errorf(err, err_len, "noise must be 0 to 100, not %g", noise);
        return NN_ERR_INVALID_ARG;
    }
    nn_Status st = nn_dataset_create(out, NN_TASK_REGRESS, n, 1, 1, 0, 0, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Dataset *d = *out;
    for (int i = 0; i < n; i++) {
        double x, y;
        if (kind == NN_REG1D_LINEAR) {
            x = -1.0 + 2.0 * nn_rng_uniform(rng);
            y = 2.0 * x + 3.0;
        } else {
            x = -PI + 2.0 * PI * nn_rng_uniform(rng);
            y = sin(x);
        }
        y += noise * nn_rng_normal(rng);
        d->x[i] = (float)x;
        d->y[i] = (float)y;
    }
    snprintf(d->name, sizeof d->name, "%s", kind == NN_REG1D_LINEAR ? "linear1d" : "sine1d");
    return NN_OK;
}

nn_Status nn_data_random_binary(nn_Dataset **out, int n, int dim, nn_Rng *rng, char *err,
                                size_t err_len)
{
    *out = NULL;
    if (dim < 1 || dim > NN_MAX_UNITS) {
        nn_errorf(err, err_len, "bits must be 1 to %d, not %d", NN_MAX_UNITS, dim);
        return NN_ERR_INVALID_ARG;
    }
    nn_Status st = nn_dataset_create(out, NN_TASK_CLASSIFY, n, dim, 1, 2, 0, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Dataset *d = *out;
    for (int i = 0; i < n; i++) {
        int ones = 0;
        for (int c = 0; c < dim; c++) {
            int bit = nn_rng_u32(rng) >> 31;
            d->x[(size_t)i * dim + c] = (float)bit;
            ones += bit;
        }
        d->label[i] = 2 * ones > dim;
    }
    snprintf(d->name, sizeof d->name, "binary%d", dim);
    return NN_OK;
}
