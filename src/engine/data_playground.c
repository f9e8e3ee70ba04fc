/* data_playground.c - TensorFlow Playground's six data sets, generated as
 * Playground's dataset.ts generates them (same formulas, same order of random
 * draws), with our explicit generator in place of Math.random. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dataset.h"

#define PI 3.14159265358979323846

static const char *const pg_names[NN_PG_COUNT] = {"circle", "xor",   "gauss",
                                                  "spiral", "plane", "multigauss"};

const char *nn_playground_name(nn_PlaygroundSet s)
{
    return (unsigned)s < NN_PG_COUNT ? pg_names[s] : "unknown";
}

int nn_playground_from_name(const char *name, nn_PlaygroundSet *out)
{
    for (int i = 0; i < NN_PG_COUNT; i++) {
        if (strcmp(name, pg_names[i]) == 0) {
            *out = (nn_PlaygroundSet)i;
            return 0;
        }
    }
    if (strcmp(name, "multi-gauss") == 0 || strcmp(name, "multi_gauss") == 0) {
        *out = NN_PG_MULTIGAUSS;
        return 0;
    }
    return -1;
}

/* randUniform(a, b) = random * (b - a) + a */
static double rand_uniform(nn_Rng *r, double a, double b)
{
    return nn_rng_uniform(r) * (b - a) + a;
}

/* normalRandom(mean, variance) */
static double normal_random(nn_Rng *r, double mean, double variance)
{
    return mean + sqrt(variance) * nn_rng_normal(r);
}

static void put(nn_Dataset *d, int i, double x, double y, double label)
{
    d->x[2 * i] = (float)x;
    d->x[2 * i + 1] = (float)y;
    if (d->label)
        d->label[i] = label > 0 ? 1 : 0; /* +1 -> class 1, -1 -> class 0 */
    else
        d->y[i] = (float)label;
}

/* Playground loops `for (i = 0; i < numSamples / 2; i++)` in floating point:
 * an odd count makes (n + 1) / 2 points per part. */
static int part_size(int n)
{
    return (n + 1) / 2;
}

static void gen_circle(nn_Dataset *d, int n, double noise, nn_Rng *r)
{
    const double radius = 5;
    int k = 0;
    for (int part = 0; part < 2; part++) {
        for (int i = 0; i < part_size(n); i++) {
            double rr = part == 0 ? rand_uniform(r, 0, radius * 0.5)
                                  : rand_uniform(r, radius * 0.7, radius);
            double angle = rand_uniform(r, 0, 2 * PI);
            double x = rr * sin(angle), y = rr * cos(angle);
            double nx = rand_uniform(r, -radius, radius) * noise;
            double ny = rand_uniform(r, -radius, radius) * noise;
            double dd = sqrt((x + nx) * (x + nx) + (y + ny) * (y + ny));
            put(d, k++, x, y, dd < radius * 0.5 ? 1 : -1);
        }
    }
}

static void gen_xor(nn_Dataset *d, int n, double noise, nn_Rng *r)
{
    for (int i = 0; i < n; i++) {
        const double padding = 0.3;
        double x = rand_uniform(r, -5, 5);
        x += x > 0 ? padding : -padding;
        double y = rand_uniform(r, -5, 5);
        y += y > 0 ? padding : -padding;
        double nx = rand_uniform(r, -5, 5) * noise;
        double ny = rand_uniform(r, -5, 5) * noise;
        put(d, i, x, y, (x + nx) * (y + ny) >= 0 ? 1 : -1);
    }
}

static void gen_gauss(nn_Dataset *d, int n, double noise, nn_Rng *r)
{
    /* varianceScale: noise 0..0.5 maps linearly to variance 0.5..4 */
    double variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
    int k = 0;
    for (int part = 0; part < 2; part++) {
        double c = part == 0 ? 2 : -2;
        for (int i = 0; i < part_size(n); i++) {
            double x = normal_random(r, c, variance);
            double y = normal_random(r, c, variance);
            put(d, k++, x, y, part == 0 ? 1 : -1);
        }
    }
}

static void gen_spiral(nn_Dataset *d, int n, double noise, nn_Rng *r)
{
    double half = n / 2.0; /* Playground's n = numSamples / 2, not rounded */
    int k = 0;
    for (int part = 0; part < 2; part++) {
        double delta_t = part == 0 ? 0 : PI;
        for (int i = 0; i < part_size(n); i++) {
            double rr = i / half * 5;
            double t = 1.75 * i / half * 2 * PI + delta_t;
            double x = rr * sin(t) + rand_uniform(r, -1, 1) * noise;
            double y = rr * cos(t) + rand_uniform(r, -1, 1) * noise;
            put(d, k++, x, y, part == 0 ? 1 : -1);
        }
    }
}

static void gen_plane(nn_Dataset *d, int n, double noise, nn_Rng *r)
{
    const double radius = 6;
    for (int i = 0; i < n; i++) {
        double x = rand_uniform(r, -radius, radius), y = rand_uniform(r, -radius, radius);
        double nx = rand_uniform(r, -radius, radius) * noise;
        double ny = rand_uniform(r, -radius, radius) * noise;
        /* labelScale: x + y in [-10, 10] -> [-1, 1] (not clamped) */
        put(d, i, x, y, (x + nx + y + ny) / 10.0);
    }
}

static double multigauss_label(double x, double y)
{
    static const double g[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1},
                                   {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
    double label = 0;
    for (int k = 0; k < 6; k++) {
        double dist = sqrt((x - g[k][0]) * (x - g[k][0]) + (y - g[k][1]) * (y - g[k][1]));
        /* labelScale: distance 0..2 -> 1..0, clamped */
        double s = 1.0 - dist / 2.0;
        s = s < 0 ? 0 : (s > 1 ? 1 : s);
        double nl = g[k][2] * s;
        if (fabs(nl) > fabs(label))
            label = nl;
    }
    return label;
}

static void gen_multigauss(nn_Dataset *d, int n, double noise, nn_Rng *r)
{
    const double radius = 6;
    for (int i = 0; i < n; i++) {
        double x = rand_uniform(r, -radius, radius), y = rand_uniform(r, -radius, radius);
        double nx = rand_uniform(r, -radius, radius) * noise;
        double ny = rand_uniform(r, -radius, radius) * noise;
        put(d, i, x, y, multigauss_label(x + nx, y + ny));
    }
}

nn_Status nn_data_playground(nn_Dataset **out, nn_PlaygroundSet set, int n, double noise,
                             nn_Rng *rng, char *err, size_t err_len)
{
    *out = NULL;
    if ((unsigned)set >= NN_PG_COUNT) {
        nn_errorf(err, err_len, "unknown Playground data set");
        return NN_ERR_INVALID_ARG;
    }
    if (n < 2 || n > 1000000) {
        nn_errorf(err, err_len, "samples must be 2 to 1000000, not %d", n);
        return NN_ERR_INVALID_ARG;
    }
    if (!(noise >= 0.0 && noise <= 50.0)) {
        nn_errorf(err, err_len, "noise must be 0 to 50, not %g", noise);
        return NN_ERR_INVALID_ARG;
    }
    int classify = set <= NN_PG_SPIRAL;
    /* the two-part generators make part_size(n) points per part */
    int rows = (set == NN_PG_CIRCLE || set == NN_PG_GAUSS || set == NN_PG_SPIRAL) ? 2 * part_size(n) : n;
    nn_Status st = nn_dataset_create(out, classify ? NN_TASK_CLASSIFY : NN_TASK_REGRESS, rows, 2, 1,
                                     2, 0, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Dataset *d = *out;
    double nz = noise / 100.0; /* Playground's slider is percent */
    switch (set) {
    case NN_PG_CIRCLE: gen_circle(d, n, nz, rng); break;
    case NN_PG_XOR: gen_xor(d, n, nz, rng); break;
    case NN_PG_GAUSS: gen_gauss(d, n, nz, rng); break;
    case NN_PG_SPIRAL: gen_spiral(d, n, nz, rng); break;
    case NN_PG_PLANE: gen_plane(d, n, nz, rng); break;
    case NN_PG_MULTIGAUSS: gen_multigauss(d, n, nz, rng); break;
    case NN_PG_COUNT: break;
    }
    snprintf(d->name, sizeof d->name, "%s", pg_names[set]);
    return NN_OK;
}
