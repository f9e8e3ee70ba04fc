/* race_surface.c - the race's test surfaces: value and analytic gradient
 * side by side per surface, so the two cannot drift apart (the gradients are
 * checked against central differences in tests/race/test_race.c). */
#include "race_surface.h"

#include <math.h>
#include <stddef.h>

static const char *const surf_names[RACE_SURF_COUNT] = {
    "bowl", "rosenbrock", "beale", "saddle", "himmelblau", "cliff",
};

const char *race_surface_name(race_SurfKind kind)
{
    return (unsigned)kind < RACE_SURF_COUNT ? surf_names[kind] : "unknown";
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int race_surface_from_name(const char *name, race_SurfKind *out)
{
    if (!name || !out)
        return -1;
    for (int k = 0; k < RACE_SURF_COUNT; k++) {
        const char *a = name, *b = surf_names[k];
        while (*a && lower((unsigned char)*a) == *b) {
            a++;
            b++;
        }
        if (*a == '\0' && *b == '\0') {
            *out = (race_SurfKind)k;
            return 0;
        }
    }
    return -1;
}

race_Surface race_surface_default(race_SurfKind kind)
{
    race_Surface s = {kind, 10.0};
    return s;
}

/* The cliff surface: a Gaussian well 1 - exp(-(x^2 + y^2)/2), whose far
 * field is a plateau (gradient almost 0), plus a step of height CLIFF_H up
 * at y = CLIFF_Y, steep with slope CLIFF_K: an optimizer crossing the edge
 * meets a gradient ~CLIFF_H*CLIFF_K/4 after hundreds of steps of almost none,
 * the exploding-gradient picture of Goodfellow et al.'s Deep Learning, 8.2.4. */
#define CLIFF_H 1.0
#define CLIFF_K 20.0
#define CLIFF_Y 1.5

static double sigmoid(double z)
{
    return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

double race_surface_f(const race_Surface *s, double x, double y)
{
    switch (s->kind) {
    case RACE_SURF_BOWL:
        return 0.5 * (x * x + s->cond * y * y);
    case RACE_SURF_ROSENBROCK: {
        double a = 1.0 - x, b = y - x * x;
        return a * a + 100.0 * b * b;
    }
    case RACE_SURF_BEALE: {
        double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
        return t1 * t1 + t2 * t2 + t3 * t3;
    }
    case RACE_SURF_SADDLE:
        return x * x - y * y;
    case RACE_SURF_HIMMELBLAU: {
        double a = x * x + y - 11.0, b = x + y * y - 7.0;
        return a * a + b * b;
    }
    case RACE_SURF_CLIFF:
        return 1.0 - exp(-0.5 * (x * x + y * y)) + CLIFF_H * sigmoid(CLIFF_K * (y - CLIFF_Y));
    case RACE_SURF_COUNT:
        break;
    }
    return NAN;
}

void race_surface_grad(const race_Surface *s, double x, double y, double *gx, double *gy)
{
    switch (s->kind) {
    case RACE_SURF_BOWL:
        *gx = x;
        *gy = s->cond * y;
        return;
    case RACE_SURF_ROSENBROCK: {
        double b = y - x * x;
        *gx = -2.0 * (1.0 - x) - 400.0 * x * b;
        *gy = 200.0 * b;
        return;
    }
    case RACE_SURF_BEALE: {
        double y2 = y * y, y3 = y2 * y;
        double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
        *gx = 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0));
        *gy = 2.0 * (t1 * x + t2 * 2.0 * x * y + t3 * 3.0 * x * y2);
        return;
    }
    case RACE_SURF_SADDLE:
        *gx = 2.0 * x;
        *gy = -2.0 * y;
        return;
    case RACE_SURF_HIMMELBLAU: {
        double a = x * x + y - 11.0, b = x + y * y - 7.0;
        *gx = 4.0 * a * x + 2.0 * b;
        *gy = 2.0 * a + 4.0 * b * y;
        return;
    }
    case RACE_SURF_CLIFF: {
        double e = exp(-0.5 * (x * x + y * y));
        double sg = sigmoid(CLIFF_K * (y - CLIFF_Y));
        *gx = x * e;
        *gy = y * e + CLIFF_H * CLIFF_K * sg * (1.0 - sg);
        return;
    }
    case RACE_SURF_COUNT:
        break;
    }
    *gx = *gy = NAN;
}

void race_surface_view(race_SurfKind kind, double box[4])
{
    static const double boxes[RACE_SURF_COUNT][4] = {
        {-2.0, 2.0, -2.0, 2.0},   /* bowl */
        {-2.0, 2.0, -1.0, 3.0},   /* rosenbrock */
        {-4.5, 4.5, -4.5, 4.5},   /* beale */
        {-2.0, 2.0, -2.0, 2.0},   /* saddle */
        {-5.0, 5.0, -5.0, 5.0},   /* himmelblau */
        {-3.0, 3.0, -3.0, 3.0},   /* cliff */
    };
    int k = (unsigned)kind < RACE_SURF_COUNT ? (int)kind : 0;
    for (int i = 0; i < 4; i++)
        box[i] = boxes[k][i];
}

void race_surface_start(race_SurfKind kind, double *x0, double *y0)
{
    static const double starts[RACE_SURF_COUNT][2] = {
        {-1.5, 1.0},  /* bowl: off both axes, so the condition number shows */
        {-1.5, 2.0},  /* rosenbrock: the far side of the valley */
        {1.0, 3.0},   /* beale */
        {-1.5, 0.01}, /* saddle: almost on the ridge line y = 0 */
        {0.0, 0.0},   /* himmelblau: the local maximum's neighbourhood */
        {0.5, 2.5},   /* cliff: on the plateau above the cliff */
    };
    int k = (unsigned)kind < RACE_SURF_COUNT ? (int)kind : 0;
    *x0 = starts[k][0];
    *y0 = starts[k][1];
}

int race_surface_minima(const race_Surface *s, double xy[][2], int max)
{
    static const double himmel[4][2] = {
        {3.0, 2.0}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848126}};
    const double(*m)[2] = NULL;
    static const double origin[1][2] = {{0.0, 0.0}}, rosen[1][2] = {{1.0, 1.0}},
                        beale[1][2] = {{3.0, 0.5}};
    int n = 0;
    switch (s->kind) {
    case RACE_SURF_BOWL:
    case RACE_SURF_CLIFF: m = origin; n = 1; break;
    case RACE_SURF_ROSENBROCK: m = rosen; n = 1; break;
    case RACE_SURF_BEALE: m = beale; n = 1; break;
    case RACE_SURF_HIMMELBLAU: m = himmel; n = 4; break;
    case RACE_SURF_SADDLE:
    case RACE_SURF_COUNT: n = 0; break;
    }
    for (int k = 0; k < n && k < max; k++) {
        xy[k][0] = m[k][0];
        xy[k][1] = m[k][1];
    }
    return n;
}
