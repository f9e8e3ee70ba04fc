/* race_path.h - an optimizer's path over a race surface.
 *
 * The path is made by the engine's own optimizer (optimizer.h): the point
 * (x, y) is an n = 2 parameter vector, the surface's analytic gradient is
 * its gradient, and each step is one nn_opt_step, the call the trainer makes
 * for a network's parameters. Points are flat float arrays, as the trainer's
 * parameters are floats. */
#ifndef RACE_PATH_H
#define RACE_PATH_H

#include "engine/nn_status.h"
#include "engine/optimizer.h"
#include "race_surface.h"

/* Most steps a path may take. */
#define RACE_MAX_STEPS 100000

typedef struct {
    int steps;    /* steps asked for */
    int n;        /* points written: steps + 1 unless the path diverged */
    int diverged; /* 1: step n would have left the finite numbers (or f did) */
    float *x;     /* (steps + 1) point x; x[0] is the start */
    float *y;     /* (steps + 1) */
    float *f;     /* (steps + 1) surface value at the point */
} race_Path;

/* Allocates a path for up to `steps` steps (1 .. RACE_MAX_STEPS), empty
 * (n = 0). On failure *out is NULL. */
nn_Status race_path_create(race_Path **out, int steps, char *err, size_t err_len);
void race_path_destroy(race_Path *p); /* NULL is fine */

/* Runs the optimizer cfg (validated as nn_opt_create does) from (x0, y0) for
 * p->steps steps on surface s, writing p->n points. The run stops early,
 * with p->diverged = 1 and NN_DIVERGED returned (err names the optimizer and
 * step), when a point, its value or its gradient is not finite; the points
 * before it are kept. A non-finite start is NN_ERR_INVALID_ARG. On any
 * other error p->n is 0. Allocates only the optimizer's state. */
nn_Status race_path_run(race_Path *p, const race_Surface *s, const nn_OptConfig *cfg, float x0,
                        float y0, char *err, size_t err_len);

#endif
