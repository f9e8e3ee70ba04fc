/* race_path.c - optimizer paths over race surfaces, made by nn_opt_step. */
#include "race_path.h"

#include <math.h>
#include <stdlib.h>

nn_Status race_path_create(race_Path **out, int steps, char *err, size_t err_len)
{
    if (!out) {
        nn_errorf(err, err_len, "race_path_create: out must not be NULL");
        return NN_ERR_INVALID_ARG;
    }
    *out = NULL;
    if (steps < 1 || steps > RACE_MAX_STEPS) {
        nn_errorf(err, err_len, "steps must be 1 to %d (got %d)", RACE_MAX_STEPS, steps);
        return NN_ERR_INVALID_ARG;
    }
    size_t pts = (size_t)steps + 1;
    /* the struct and its three arrays are one allocation */
    race_Path *p = malloc(sizeof *p + 3 * pts * sizeof(float));
    if (!p) {
        nn_errorf(err, err_len, "out of memory for a path of %d steps", steps);
        return NN_ERR_NOMEM;
    }
    p->steps = steps;
    p->n = 0;
    p->diverged = 0;
    p->x = (float *)(void *)(p + 1);
    p->y = p->x + pts;
    p->f = p->y + pts;
    *out = p;
    return NN_OK;
}

void race_path_destroy(race_Path *p)
{
    free(p);
}

nn_Status race_path_run(race_Path *p, const race_Surface *s, const nn_OptConfig *cfg, float x0,
                        float y0, char *err, size_t err_len)
{
    if (!p || !s || !cfg) {
        nn_errorf(err, err_len, "race_path_run: path, surface and config must not be NULL");
        return NN_ERR_INVALID_ARG;
    }
    p->n = 0;
    p->diverged = 0;
    if (!isfinite(x0) || !isfinite(y0)) {
        nn_errorf(err, err_len, "the start point must be finite (got %g,%g)", (double)x0,
                  (double)y0);
        return NN_ERR_INVALID_ARG;
    }
    nn_Optimizer *opt = NULL;
    nn_Status st = nn_opt_create(&opt, cfg, 2, err, err_len);
    if (st != NN_OK)
        return st;
    float w[2] = {x0, y0}, g[2], delta[2];
    for (int k = 0;; k++) {
        double gx, gy, f = race_surface_f(s, w[0], w[1]);
        race_surface_grad(s, w[0], w[1], &gx, &gy);
        /* the gradient as the optimizer sees it: floats, like the trainer's */
        g[0] = (float)gx;
        g[1] = (float)gy;
        if (!isfinite((float)f) || !isfinite(g[0]) || !isfinite(g[1])) {
            p->diverged = 1;
            nn_errorf(err, err_len, "%s diverged at step %d (f or its gradient is not finite)",
                      nn_opt_name(cfg->kind), k);
            break;
        }
        p->x[k] = w[0];
        p->y[k] = w[1];
        p->f[k] = (float)f;
        p->n = k + 1;
        if (k == p->steps)
            break;
        nn_opt_step(opt, w, g, delta);
        if (!isfinite(w[0]) || !isfinite(w[1])) {
            p->diverged = 1;
            nn_errorf(err, err_len, "%s diverged at step %d (the point left the finite numbers)",
                      nn_opt_name(cfg->kind), k + 1);
            break;
        }
    }
    nn_opt_destroy(opt);
    return p->diverged ? NN_DIVERGED : NN_OK;
}
