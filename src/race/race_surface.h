/* race_surface.h - two-parameter test surfaces for the optimizer race.
 *
 * Each surface is a function f(x, y) with its analytic gradient, evaluated in
 * double; the formulas, minima and view boxes are in docs/surfaces.md. The
 * bowl's condition number is a parameter of the surface (the ratio of its
 * Hessian's eigenvalues); the other surfaces ignore it. */
#ifndef RACE_SURFACE_H
#define RACE_SURFACE_H

typedef enum {
    RACE_SURF_BOWL = 0,   /* (x^2 + kappa y^2) / 2 */
    RACE_SURF_ROSENBROCK, /* (1 - x)^2 + 100 (y - x^2)^2 */
    RACE_SURF_BEALE,
    RACE_SURF_SADDLE,     /* x^2 - y^2 */
    RACE_SURF_HIMMELBLAU,
    RACE_SURF_CLIFF,      /* a well below a plateau edged by a cliff */
    RACE_SURF_COUNT
} race_SurfKind;

typedef struct {
    race_SurfKind kind;
    double cond; /* bowl only: condition number kappa >= 1 */
} race_Surface;

/* Most and fewest the bowl's condition number may be. */
#define RACE_COND_MIN 1.0
#define RACE_COND_MAX 1000.0

/* "bowl", "rosenbrock", "beale", "saddle", "himmelblau", "cliff"; never NULL
 * ("unknown" out of range). from_name ignores ASCII case; returns 0 and sets
 * *out, or -1 for an unknown name (*out unchanged). */
const char *race_surface_name(race_SurfKind kind);
int race_surface_from_name(const char *name, race_SurfKind *out);

/* A surface of this kind with its default parameters (bowl: kappa = 10). */
race_Surface race_surface_default(race_SurfKind kind);

/* f(x, y). Non-finite only where the arithmetic overflows. */
double race_surface_f(const race_Surface *s, double x, double y);
/* The analytic gradient (df/dx, df/dy) at (x, y). */
void race_surface_grad(const race_Surface *s, double x, double y, double *gx, double *gy);

/* The default view box: box = {x_min, x_max, y_min, y_max}, holding the
 * minima and the default start. */
void race_surface_view(race_SurfKind kind, double box[4]);
/* The default start point for a race on this surface. */
void race_surface_start(race_SurfKind kind, double *x0, double *y0);
/* The surface's minima (docs/surfaces.md) into xy[0..max), as (x, y)
 * pairs; returns how many there are (the saddle has none). */
int race_surface_minima(const race_Surface *s, double xy[][2], int max);

#endif
