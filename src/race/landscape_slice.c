/* landscape_slice.c - directions by name, grid, projected trajectory and
 * the initial-to-current line, in one allocation per picture. */
#include "landscape_slice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

race_SliceSpec race_slice_spec_default(race_DirMode mode)
{
    race_SliceSpec sp;
    memset(&sp, 0, sizeof sp);
    sp.mode = mode;
    sp.nx = sp.ny = 51;
    sp.n_line = 101;
    sp.seed = 1;
    sp.unit[1] = 1;
    return sp;
}

nn_Status race_slice_spec_parse(race_SliceSpec *out, const char *s, char *err, size_t err_len)
{
    race_SliceSpec sp = race_slice_spec_default(RACE_DIRS_RANDOM);
    if (!s) {
        nn_errorf(err, err_len, "no directions given");
        return NN_ERR_INVALID_ARG;
    }
    if (strcmp(s, "random") == 0 || strncmp(s, "random:", 7) == 0) {
        sp.mode = RACE_DIRS_RANDOM;
        if (s[6] == ':') {
            char *end = NULL;
            unsigned long long v = strtoull(s + 7, &end, 10);
            if (end == s + 7 || *end != '\0') {
                nn_errorf(err, err_len, "'%s': the seed after 'random:' is not a whole number", s);
                return NN_ERR_INVALID_ARG;
            }
            sp.seed = v;
        }
    } else if (strcmp(s, "pca") == 0) {
        sp.mode = RACE_DIRS_PCA;
    } else if (strncmp(s, "weights:", 8) == 0) {
        sp.mode = RACE_DIRS_WEIGHTS;
        int v[6], used = 0;
        if (sscanf(s + 8, "%d:%d:%d,%d:%d:%d%n", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                   &used) != 6 || s[8 + used] != '\0') {
            nn_errorf(err, err_len, "'%s': weights wants weights:L:I:J,L:I:J (layer, input, "
                      "unit, from 1)", s);
            return NN_ERR_INVALID_ARG;
        }
        for (int k = 0; k < 6; k++) {
            if (v[k] < 1) {
                nn_errorf(err, err_len, "'%s': layers, inputs and units count from 1", s);
                return NN_ERR_INVALID_ARG;
            }
        }
        for (int k = 0; k < 2; k++) {
            sp.layer[k] = v[3 * k] - 1;
            sp.in[k] = v[3 * k + 1] - 1;
            sp.unit[k] = v[3 * k + 2] - 1;
        }
        if (sp.layer[0] == sp.layer[1] && sp.in[0] == sp.in[1] && sp.unit[0] == sp.unit[1]) {
            nn_errorf(err, err_len, "'%s': the two weights must differ", s);
            return NN_ERR_INVALID_ARG;
        }
    } else {
        nn_errorf(err, err_len, "unknown directions '%s' (random, pca, weights:L:I:J,L:I:J)", s);
        return NN_ERR_INVALID_ARG;
    }
    *out = sp;
    return NN_OK;
}

void race_slice_destroy(race_Slice *s)
{
    free(s);
}

static void linspace(float *v, int n, double lo, double hi)
{
    for (int k = 0; k < n; k++)
        v[k] = (float)(lo + (hi - lo) * k / (n - 1));
}

/* The directions the spec names, into d1 and d2 (n_params floats each). */
static nn_Status directions(race_Slice *S, const nn_Model *m, const float *traj, int T, float *d1,
                            float *d2, char *err, size_t err_len)
{
    const race_SliceSpec *sp = &S->spec;
    S->explained[0] = S->explained[1] = NAN;
    switch (sp->mode) {
    case RACE_DIRS_WEIGHTS: {
        nn_Status st = race_dir_weight(m, sp->layer[0], sp->in[0], sp->unit[0], d1, err, err_len);
        if (st == NN_OK)
            st = race_dir_weight(m, sp->layer[1], sp->in[1], sp->unit[1], d2, err, err_len);
        return st;
    }
    case RACE_DIRS_RANDOM: {
        nn_Rng rng;
        nn_rng_seed(&rng, sp->seed);
        race_dir_random_filter_norm(m, &rng, d1);
        race_dir_random_filter_norm(m, &rng, d2);
        return NN_OK;
    }
    case RACE_DIRS_PCA:
        return race_dir_pca(traj, T, m->n_params, d1, d2, S->explained, err, err_len);
    case RACE_DIRS_COUNT:
        break;
    }
    nn_errorf(err, err_len, "unknown direction mode");
    return NN_ERR_INVALID_ARG;
}

nn_Status race_slice_compute(race_Slice **out, const race_SliceSpec *spec, const nn_Model *m,
                             const nn_Dataset *d, uint32_t features, const float *traj, int T,
                             char *err, size_t err_len)
{
    race_Landscape *L = NULL;
    nn_Status st = race_slice_compute_ws(out, &L, spec, m, d, features, traj, T, err, err_len);
    race_landscape_destroy(L);
    return st;
}

nn_Status race_slice_compute_ws(race_Slice **out, race_Landscape **ws, const race_SliceSpec *spec,
                                const nn_Model *m, const nn_Dataset *d, uint32_t features,
                                const float *traj, int T, char *err, size_t err_len)
{
    *out = NULL;
    if (spec->nx < 2 || spec->nx > 401 || spec->ny < 2 || spec->ny > 401 || spec->n_line < 2 ||
        spec->n_line > 1001 || T < 1 || !traj) {
        nn_errorf(err, err_len, "a slice needs 2..401 grid points a side, 2..1001 line points "
                  "and at least the current weights");
        return NN_ERR_INVALID_ARG;
    }
    size_t n = m->n_params, nx = (size_t)spec->nx, ny = (size_t)spec->ny;
    size_t nl = (size_t)spec->n_line, nT = (size_t)T;
    size_t floats = nx + ny + nx * ny + 2 * nT + 2 * nl;
    race_Slice *S = calloc(1, sizeof *S + floats * sizeof(float));
    float *dirs = malloc(2 * n * sizeof *dirs);
    nn_Status st = S && dirs ? NN_OK : NN_ERR_NOMEM;
    if (st != NN_OK)
        nn_errorf(err, err_len, "out of memory for a loss landscape");
    if (st == NN_OK && *ws && !race_landscape_fits(*ws, m)) {
        race_landscape_destroy(*ws); /* another architecture: a new workspace */
        *ws = NULL;
    }
    if (st == NN_OK && !*ws)
        st = race_landscape_create(ws, m, err, err_len);
    race_Landscape *L = *ws;
    if (st != NN_OK) {
        free(S);
        free(dirs);
        return st;
    }
    S->spec = *spec;
    S->T = T;
    /* a view of the first rows: the same arrays, a smaller count */
    nn_Dataset sub = *d;
    if (spec->max_rows > 0 && spec->max_rows < d->n)
        sub.n = spec->max_rows;
    S->data_rows = d->n;
    S->rows = sub.n;
    d = &sub;
    S->a = (float *)(void *)(S + 1);
    S->b = S->a + nx;
    S->loss = S->b + ny;
    S->ta = S->loss + nx * ny;
    S->tb = S->ta + nT;
    S->t = S->tb + nT;
    S->line = S->t + nl;
    float *d1 = dirs, *d2 = dirs + n;
    st = directions(S, m, traj, T, d1, d2, err, err_len);
    if (st == NN_OK) {
        /* the trajectory in plane coordinates, about the current weights */
        double amin = 0, amax = 0, bmin = 0, bmax = 0;
        for (int k = 0; k < T; k++) {
            double a, b;
            race_project(m->params, d1, d2, n, traj + (size_t)k * n, &a, &b);
            S->ta[k] = (float)a;
            S->tb[k] = (float)b;
            amin = fmin(amin, a);
            amax = fmax(amax, a);
            bmin = fmin(bmin, b);
            bmax = fmax(bmax, b);
        }
        if (spec->mode == RACE_DIRS_PCA) {
            double pa = 0.25 * (amax - amin) + 1e-3, pb = 0.25 * (bmax - bmin) + 1e-3;
            /* the same scale along both axes is the honest picture */
            double half = 0.5 * fmax(amax - amin + 2 * pa, bmax - bmin + 2 * pb);
            double ca = 0.5 * (amin + amax), cb = 0.5 * (bmin + bmax);
            linspace(S->a, spec->nx, ca - half, ca + half);
            linspace(S->b, spec->ny, cb - half, cb + half);
        } else {
            double h = spec->mode == RACE_DIRS_RANDOM ? 1.0 : 2.0;
            linspace(S->a, spec->nx, -h, h);
            linspace(S->b, spec->ny, -h, h);
        }
        st = race_landscape_grid(L, m, d, features, d1, d2, S->a, spec->nx, S->b, spec->ny,
                                 S->loss, err, err_len);
    }
    if (st == NN_OK) {
        linspace(S->t, spec->n_line, -0.5, 1.5);
        st = race_landscape_line(L, m, d, features, traj, m->params, S->t, spec->n_line, S->line,
                                 err, err_len);
    }
    if (st == NN_OK) {
        float zero = 0.0f, cur;
        st = race_landscape_grid(L, m, d, features, d1, d2, &zero, 1, &zero, 1, &cur, err,
                                 err_len);
        S->current_loss = cur;
    }
    free(dirs);
    if (st != NN_OK) {
        free(S);
        return st;
    }
    *out = S;
    return NN_OK;
}
