/* landscape.c - the directions that span a loss slice through a network's
 * weights (see landscape.h for the methods and papers; the losses over a
 * slice are computed in landscape_grid.c). */
#include "landscape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

nn_Status race_dir_weight(const nn_Model *m, int layer, int i, int j, float *d, char *err,
                          size_t err_len)
{
    if (layer < 0 || layer >= m->arch.n_layers) {
        nn_errorf(err, err_len, "layer %d does not exist (the network has %d layers)", layer + 1,
                  m->arch.n_layers);
        return NN_ERR_INVALID_ARG;
    }
    int in = m->arch.sizes[layer], out = m->arch.sizes[layer + 1];
    if (i < 0 || i >= in || j < 0 || j >= out) {
        nn_errorf(err, err_len, "layer %d has inputs 1..%d and units 1..%d (got %d:%d)",
                  layer + 1, in, out, i + 1, j + 1);
        return NN_ERR_INVALID_ARG;
    }
    memset(d, 0, m->n_params * sizeof *d);
    d[m->W_off[layer] + (size_t)i * (size_t)out + (size_t)j] = 1.0f;
    return NN_OK;
}

void race_dir_random_filter_norm(const nn_Model *m, nn_Rng *rng, float *d)
{
    for (size_t k = 0; k < m->n_params; k++)
        d[k] = (float)nn_rng_normal(rng);
    for (int l = 0; l < m->arch.n_layers; l++) {
        int in = m->arch.sizes[l], out = m->arch.sizes[l + 1];
        const float *W = m->W[l];
        float *D = d + m->W_off[l];
        for (int j = 0; j < out; j++) {
            double nw = 0, nd = 0;
            for (int i = 0; i < in; i++) {
                nw += (double)W[i * out + j] * W[i * out + j];
                nd += (double)D[i * out + j] * D[i * out + j];
            }
            /* the filter's scale, with its random orientation */
            double s = nd > 0 ? sqrt(nw) / sqrt(nd) : 0.0;
            for (int i = 0; i < in; i++)
                D[i * out + j] = (float)(D[i * out + j] * s);
        }
        memset(d + m->b_off[l], 0, (size_t)out * sizeof *d);
    }
}

/* Power iteration for the leading eigenvector of the symmetric (T, T)
 * matrix G: a fixed number of steps from a fixed start, so deterministic. */
static double power_iter(const double *G, int T, double *u, double *tmp)
{
    for (int i = 0; i < T; i++)
        u[i] = 1.0 + 0.01 * i; /* not orthogonal to a trajectory's typical leading vector */
    double lambda = 0;
    for (int it = 0; it < 500; it++) {
        double norm = 0;
        for (int i = 0; i < T; i++) {
            double s = 0;
            for (int k = 0; k < T; k++)
                s += G[(size_t)i * T + k] * u[k];
            tmp[i] = s;
            norm += s * s;
        }
        norm = sqrt(norm);
        if (!(norm > 0))
            return 0;
        for (int i = 0; i < T; i++)
            u[i] = tmp[i] / norm;
        lambda = norm;
    }
    return lambda;
}

/* d = M^T u normalized, M's rows being traj rows minus the last row. */
static double direction_from(const float *traj, int T, size_t n, const double *u, float *d)
{
    const float *last = traj + (size_t)(T - 1) * n;
    double norm = 0;
    for (size_t k = 0; k < n; k++) {
        double s = 0;
        for (int r = 0; r < T - 1; r++)
            s += u[r] * ((double)traj[(size_t)r * n + k] - last[k]);
        d[k] = (float)s;
        norm += s * s;
    }
    norm = sqrt(norm);
    if (norm > 0)
        for (size_t k = 0; k < n; k++)
            d[k] = (float)(d[k] / norm);
    return norm;
}

nn_Status race_dir_pca(const float *traj, int T, size_t n, float *d1, float *d2,
                       double explained[2], char *err, size_t err_len)
{
    if (T < 3 || n < 2) {
        nn_errorf(err, err_len, "principal directions need at least 3 recorded weight vectors "
                  "(got %d): train longer", T);
        return NN_ERR_INVALID_ARG;
    }
    int m = T - 1; /* rows of M: every record but the last, minus the last */
    double *G = malloc(((size_t)m * m + 2u * m) * sizeof *G);
    float *e1 = malloc(2 * n * sizeof *e1);
    if (!G || !e1) {
        free(G);
        free(e1);
        nn_errorf(err, err_len, "out of memory for principal directions of %d records", T);
        return NN_ERR_NOMEM;
    }
    double *u = G + (size_t)m * m, *tmp = u + m;
    const float *last = traj + (size_t)(T - 1) * n;
    for (int r = 0; r < m; r++) {
        for (int c = r; c < m; c++) {
            double s = 0;
            for (size_t k = 0; k < n; k++)
                s += ((double)traj[(size_t)r * n + k] - last[k]) *
                     ((double)traj[(size_t)c * n + k] - last[k]);
            G[(size_t)r * m + c] = G[(size_t)c * m + r] = s;
        }
    }
    double trace = 0;
    for (int r = 0; r < m; r++)
        trace += G[(size_t)r * m + r];
    double l1 = power_iter(G, m, u, tmp);
    double n1 = direction_from(traj, T, n, u, e1);
    /* deflate: G -= l1 u u^T, then the next eigenvector */
    for (int r = 0; r < m; r++)
        for (int c = 0; c < m; c++)
            G[(size_t)r * m + c] -= l1 * u[r] * u[c];
    double l2 = power_iter(G, m, u, tmp);
    double n2 = direction_from(traj, T, n, u, e1 + n);
    nn_Status st = NN_OK;
    if (!(trace > 0) || !(n1 > 0) || !(n2 > 0) || !(l2 > 1e-12 * l1)) {
        nn_errorf(err, err_len, "the recorded weights did not move in two directions: no plane "
                  "to slice along");
        st = NN_ERR_INVALID_ARG;
    } else {
        memcpy(d1, e1, n * sizeof *d1);
        memcpy(d2, e1 + n, n * sizeof *d2);
        if (explained) {
            explained[0] = l1 / trace;
            explained[1] = l2 / trace;
        }
    }
    free(G);
    free(e1);
    return st;
}

int race_project(const float *origin, const float *d1, const float *d2, size_t n, const float *v,
                 double *a, double *b)
{
    double g11 = 0, g12 = 0, g22 = 0, r1 = 0, r2 = 0;
    for (size_t k = 0; k < n; k++) {
        double x = (double)v[k] - origin[k];
        g11 += (double)d1[k] * d1[k];
        g12 += (double)d1[k] * d2[k];
        g22 += (double)d2[k] * d2[k];
        r1 += x * d1[k];
        r2 += x * d2[k];
    }
    double det = g11 * g22 - g12 * g12;
    if (!(det > 1e-12 * g11 * g22) || !(g11 > 0)) {
        *a = *b = 0;
        return -1;
    }
    *a = (g22 * r1 - g12 * r2) / det;
    *b = (g11 * r2 - g12 * r1) / det;
    return 0;
}
