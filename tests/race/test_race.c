/* test_race.c - the optimizer race: surfaces, paths and the optimizer list.
 *
 * Paths on the quadratic bowl f = (x^2 + kappa y^2)/2 are compared with the
 * update rules written out again here, in double, straight from
 * ../shared/FORMULAS.md (Keras 3 rules, Keras's default hyperparameters as
 * literals), sharing no code with the engine. On the bowl the gradient is
 * (x, kappa y), so each coordinate is an independent one-parameter problem
 * w' = h w with curvature h = 1 or kappa; plain SGD also has the closed form
 * w_t = w_0 (1 - lr h)^t, and Adam's first step is lr g / (|g| + eps') with
 * eps' = eps / sqrt(1 - beta_2), both checked as such. */
#include "test_util.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "race_config.h"
#include "race_path.h"
#include "race_surface.h"

#define KAPPA 5.0
#define X0 -1.5
#define Y0 1.0

/* ------------------------------------------------------------------------ */
/* The reference: one coordinate of the bowl, three steps, in double         */
/* ------------------------------------------------------------------------ */

/* Keras defaults, written out (FORMULAS.md's table). */
#define MU 0.9
#define RHO 0.9
#define B1 0.9
#define B2 0.999
#define EPS 1e-7
#define ACC0 0.1
#define WD 0.004

/* w[0..3]: the start and the points after steps 1, 2, 3 of optimizer `kind`
 * (a name, so the reference does not even share the engine's enum) with
 * learning rate lr on the one-parameter problem f = h w^2 / 2. */
static void reference(const char *kind, double lr, double h, double w0, double w[4])
{
    double s0 = strcmp(kind, "adagrad") == 0 ? ACC0 : 0.0, s1 = 0.0, x = w0;
    w[0] = x;
    for (int t = 1; t <= 3; t++) {
        double g = h * x;
        if (strcmp(kind, "sgd") == 0) {
            x -= lr * g;
        } else if (strcmp(kind, "momentum") == 0) {
            s0 = MU * s0 - lr * g;
            x += s0;
        } else if (strcmp(kind, "nesterov") == 0) {
            s0 = MU * s0 - lr * g;
            x += MU * s0 - lr * g;
        } else if (strcmp(kind, "adagrad") == 0) {
            s0 += g * g;
            x -= lr * g / sqrt(s0 + EPS);
        } else if (strcmp(kind, "rmsprop") == 0) {
            s0 = RHO * s0 + (1 - RHO) * g * g;
            x -= lr * g / sqrt(s0 + EPS);
        } else { /* adam, adamw */
            if (strcmp(kind, "adamw") == 0)
                x -= x * WD * lr;
            s0 += (g - s0) * (1 - B1);
            s1 += (g * g - s1) * (1 - B2);
            double a = lr * sqrt(1 - pow(B2, t)) / (1 - pow(B1, t));
            x -= a * s0 / (sqrt(s1) + EPS);
        }
        w[t] = x;
    }
}

static const char *const KINDS[] = {"sgd", "momentum", "nesterov", "adagrad",
                                    "rmsprop", "adam", "adamw"};

static nn_OptConfig config_for(const char *name, double lr)
{
    nn_OptKind k;
    assert_int_equal(nn_opt_from_name(name, &k), 0);
    nn_OptConfig c;
    nn_opt_config_default(&c, k);
    c.lr = (float)lr;
    return c;
}

static void test_bowl_first_three_steps(void **state)
{
    (void)state;
    race_Surface s = race_surface_default(RACE_SURF_BOWL);
    s.cond = KAPPA;
    char err[256];
    race_Path *p = NULL;
    assert_int_equal(race_path_create(&p, 3, err, sizeof err), NN_OK);
    const double lrs[] = {0.05, 0.3};
    for (size_t li = 0; li < 2; li++) {
        double lr = lrs[li];
        double prev_x3 = NAN;
        for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++) {
            nn_OptConfig c = config_for(KINDS[k], lr);
            assert_int_equal(race_path_run(p, &s, &c, (float)X0, (float)Y0, err, sizeof err),
                             NN_OK);
            assert_int_equal(p->n, 4);
            double rx[4], ry[4];
            reference(KINDS[k], lr, 1.0, X0, rx);
            reference(KINDS[k], lr, KAPPA, Y0, ry);
            for (int t = 0; t <= 3; t++) {
                assert_close_rel(p->x[t], rx[t], 2e-6);
                assert_close_rel(p->y[t], ry[t], 2e-6);
                double f = 0.5 * (rx[t] * rx[t] + KAPPA * ry[t] * ry[t]);
                assert_close_rel(p->f[t], f, 2e-6);
            }
            /* the rules differ: no two neighbours in the list end alike, so a
             * path that ignored its optimizer could not pass */
            assert_true(fabs(rx[3] - prev_x3) > 1e-4 || isnan(prev_x3));
            prev_x3 = rx[3];
            assert_true(fabs(rx[3] - X0) > 1e-3); /* the path moved */
        }
    }
    race_path_destroy(p);
}

/* Closed forms for the two simplest cases, not through the reference loop. */
static void test_bowl_closed_forms(void **state)
{
    (void)state;
    race_Surface s = race_surface_default(RACE_SURF_BOWL);
    s.cond = KAPPA;
    char err[256];
    race_Path *p = NULL;
    assert_int_equal(race_path_create(&p, 3, err, sizeof err), NN_OK);
    double lr = 0.1;
    nn_OptConfig c = config_for("sgd", lr);
    assert_int_equal(race_path_run(p, &s, &c, (float)X0, (float)Y0, err, sizeof err), NN_OK);
    for (int t = 0; t <= 3; t++) {
        assert_close_rel(p->x[t], X0 * pow(1 - lr, t), 1e-6);
        assert_close_rel(p->y[t], Y0 * pow(1 - lr * KAPPA, t), 1e-6);
    }
    /* Adam's first step: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(0.001)/0.1,
     * so the step is lr g / (|g| + eps / sqrt(0.001)): almost lr sign(g) */
    c = config_for("adam", lr);
    assert_int_equal(race_path_run(p, &s, &c, (float)X0, (float)Y0, err, sizeof err), NN_OK);
    double gx = X0, gy = KAPPA * Y0, e = EPS / sqrt(1 - B2);
    assert_close_rel(p->x[1], X0 - lr * gx / (fabs(gx) + e), 1e-6);
    assert_close_rel(p->y[1], Y0 - lr * gy / (fabs(gy) + e), 1e-6);
    race_path_destroy(p);
}

/* The path is nn_opt_step's: replaying the optimizer by hand on float
 * parameters with the surface's float gradient gives the same bits. */
static void test_path_is_the_trainer_code_path(void **state)
{
    (void)state;
    race_Surface s = race_surface_default(RACE_SURF_ROSENBROCK);
    char err[256];
    race_Path *p = NULL;
    const int steps = 200;
    assert_int_equal(race_path_create(&p, steps, err, sizeof err), NN_OK);
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        nn_OptConfig c;
        nn_opt_config_default(&c, (nn_OptKind)k);
        c.lr = 0.0005f;
        assert_int_equal(race_path_run(p, &s, &c, -1.5f, 2.0f, err, sizeof err), NN_OK);
        nn_Optimizer *opt = NULL;
        assert_int_equal(nn_opt_create(&opt, &c, 2, err, sizeof err), NN_OK);
        float w[2] = {-1.5f, 2.0f}, g[2], d[2];
        for (int t = 0; t <= steps; t++) {
            assert_true(memcmp(&p->x[t], &w[0], sizeof(float)) == 0);
            assert_true(memcmp(&p->y[t], &w[1], sizeof(float)) == 0);
            double gx, gy;
            race_surface_grad(&s, w[0], w[1], &gx, &gy);
            g[0] = (float)gx;
            g[1] = (float)gy;
            nn_opt_step(opt, w, g, d);
        }
        assert_true(p->x[steps] != p->x[0]);
        nn_opt_destroy(opt);
    }
    race_path_destroy(p);
}

/* ------------------------------------------------------------------------ */
/* Surfaces                                                                  */
/* ------------------------------------------------------------------------ */

static void test_gradients_match_central_differences(void **state)
{
    (void)state;
    const double pts[][2] = {{-1.3, 0.7}, {0.4, -1.1}, {2.2, 1.9}, {-0.6, 1.45}, {0.9, 1.6}};
    for (int k = 0; k < RACE_SURF_COUNT; k++) {
        race_Surface s = race_surface_default((race_SurfKind)k);
        double max_g = 0;
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
            double x = pts[i][0], y = pts[i][1], gx, gy, h = 1e-6;
            race_surface_grad(&s, x, y, &gx, &gy);
            double nx = (race_surface_f(&s, x + h, y) - race_surface_f(&s, x - h, y)) / (2 * h);
            double ny = (race_surface_f(&s, x, y + h) - race_surface_f(&s, x, y - h)) / (2 * h);
            assert_close_rel(gx, nx, 1e-5);
            assert_close_rel(gy, ny, 1e-5);
            max_g = fmax(max_g, fabs(gx) + fabs(gy));
        }
        assert_true(max_g > 1e-3); /* guard: an all-zero gradient cannot pass */
    }
}

static void test_surface_minima_and_names(void **state)
{
    (void)state;
    /* textbook minima (docs/surfaces.md): f there is 0 and the gradient too */
    const struct { race_SurfKind k; double x, y; } mins[] = {
        {RACE_SURF_BOWL, 0, 0},         {RACE_SURF_ROSENBROCK, 1, 1},
        {RACE_SURF_BEALE, 3, 0.5},      {RACE_SURF_HIMMELBLAU, 3, 2},
        {RACE_SURF_HIMMELBLAU, -2.805118, 3.131312},
        {RACE_SURF_HIMMELBLAU, -3.779310, -3.283186},
        {RACE_SURF_HIMMELBLAU, 3.584428, -1.848126}, {RACE_SURF_CLIFF, 0, 0},
    };
    for (size_t i = 0; i < sizeof mins / sizeof mins[0]; i++) {
        race_Surface s = race_surface_default(mins[i].k);
        double gx, gy;
        assert_close(race_surface_f(&s, mins[i].x, mins[i].y), 0.0, 1e-7);
        race_surface_grad(&s, mins[i].x, mins[i].y, &gx, &gy);
        assert_close(gx, 0.0, 1e-4);
        assert_close(gy, 0.0, 1e-4);
    }
    for (int k = 0; k < RACE_SURF_COUNT; k++) {
        race_SurfKind out;
        assert_int_equal(race_surface_from_name(race_surface_name((race_SurfKind)k), &out), 0);
        assert_int_equal(out, k);
        double box[4], x0, y0;
        race_surface_view((race_SurfKind)k, box);
        race_surface_start((race_SurfKind)k, &x0, &y0);
        assert_true(box[0] <= x0 && x0 <= box[1] && box[2] <= y0 && y0 <= box[3]);
    }
    race_SurfKind out = RACE_SURF_BEALE;
    assert_int_equal(race_surface_from_name("Rosenbrock", &out), 0);
    assert_int_equal(out, RACE_SURF_ROSENBROCK);
    assert_int_equal(race_surface_from_name("rosen", &out), -1);
    assert_int_equal(race_surface_from_name("rosenbrockx", &out), -1);
    assert_int_equal(out, RACE_SURF_ROSENBROCK);
}

/* ------------------------------------------------------------------------ */
/* Divergence and bad input                                                  */
/* ------------------------------------------------------------------------ */

static void test_divergence_stops_the_path(void **state)
{
    (void)state;
    race_Surface s = race_surface_default(RACE_SURF_ROSENBROCK);
    char err[256] = "";
    race_Path *p = NULL;
    assert_int_equal(race_path_create(&p, 1000, err, sizeof err), NN_OK);
    nn_OptConfig c = config_for("momentum", 0.01);
    assert_int_equal(race_path_run(p, &s, &c, -1.5f, 2.0f, err, sizeof err), NN_DIVERGED);
    assert_int_equal(p->diverged, 1);
    assert_true(p->n > 1 && p->n < 1001);
    for (int t = 0; t < p->n; t++)
        assert_true(isfinite(p->x[t]) && isfinite(p->y[t]) && isfinite(p->f[t]));
    assert_non_null(strstr(err, "momentum diverged at step"));
    /* a non-finite start is refused, not run */
    assert_int_equal(race_path_run(p, &s, &c, NAN, 0.0f, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(p->n, 0);
    /* a bad configuration comes from the optimizer's own check */
    c.lr = -1.0f;
    assert_int_equal(race_path_run(p, &s, &c, 0.0f, 0.0f, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "learning_rate"));
    race_path_destroy(p);
    assert_int_equal(race_path_create(&p, 0, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(p);
}

static void test_racers_parse(void **state)
{
    (void)state;
    char err[256] = "";
    race_Racers r;
    race_Overrides ov = race_overrides_none();
    assert_int_equal(race_racers_parse(&r, "all", &ov, err, sizeof err), NN_OK);
    assert_int_equal(r.n, 7);
    assert_int_equal(r.cfg[6].kind, NN_OPT_ADAMW);
    assert_close(r.cfg[5].lr, 0.001, 1e-7); /* Keras's Adam default */
    ov.lr = 0.02;
    ov.momentum = 0.5;
    ov.beta1 = 0.8;
    assert_int_equal(race_racers_parse(&r, "sgd,nesterov:0.1,Adam,rmsprop", &ov, err, sizeof err),
                     NN_OK);
    assert_int_equal(r.n, 4);
    assert_close(r.cfg[0].lr, 0.02, 1e-7);
    assert_close(r.cfg[1].lr, 0.1, 1e-7);
    assert_close(r.cfg[1].momentum, 0.5, 1e-7);
    assert_close(r.cfg[2].beta1, 0.8, 1e-7);
    assert_close(r.cfg[3].momentum, 0.0, 1e-7); /* RMSprop keeps its own momentum */
    r.n = 99;
    assert_int_equal(race_racers_parse(&r, "sgd,bogus", &ov, err, sizeof err),
                     NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "'bogus' is not an optimizer"));
    assert_int_equal(r.n, 99); /* unchanged on failure */
    assert_int_equal(race_racers_parse(&r, "adam,adam", &ov, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(race_racers_parse(&r, "sgd:x", &ov, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_int_equal(race_racers_parse(&r, "", &ov, err, sizeof err), NN_ERR_INVALID_ARG);
    ov.beta2 = 1.5;
    assert_int_equal(race_racers_parse(&r, "adam", &ov, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "beta_2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bowl_first_three_steps),
        cmocka_unit_test(test_bowl_closed_forms),
        cmocka_unit_test(test_path_is_the_trainer_code_path),
        cmocka_unit_test(test_gradients_match_central_differences),
        cmocka_unit_test(test_surface_minima_and_names),
        cmocka_unit_test(test_divergence_stops_the_path),
        cmocka_unit_test(test_racers_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
