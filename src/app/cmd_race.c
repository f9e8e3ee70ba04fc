/* cmd_race.c - `nnviz race SURFACE --optimizer NAME[,NAME...] ...`: the
 * optimizer race run headless, each optimizer's path printed as CSV
 * optimizer,step,x,y,f (step 0 is the start). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/subcommands.h"
#include "race/race_config.h"
#include "race/race_path.h"
#include "race/race_surface.h"

static void usage(FILE *f)
{
    fputs("usage: nnviz race SURFACE --optimizer NAME[,NAME...] [options]\n"
          "  SURFACE          bowl, rosenbrock, beale, saddle, himmelblau, cliff (docs/surfaces.md)\n"
          "  --optimizer L    sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, or all;\n"
          "                   NAME:LR gives one optimizer its own learning rate\n"
          "  --lr X           learning rate of every optimizer without its own (default: Keras's)\n"
          "  --momentum X     momentum of momentum and nesterov (default 0.9)\n"
          "  --beta-1 X       beta_1 of adam and adamw (default 0.9)\n"
          "  --beta-2 X       beta_2 of adam and adamw (default 0.999)\n"
          "  --cond K         the bowl's condition number, 1 to 1000 (default 10)\n"
          "  --start X,Y      start point (default: the surface's, see docs/surfaces.md)\n"
          "  --steps N        steps per optimizer, 1 to 100000 (default 100)\n"
          "Prints CSV optimizer,step,x,y,f; a path that diverges stops there, with a note\n"
          "on stderr.\n",
          f);
}

/* A whole argument as a finite number, or -1. */
static int parse_number(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_point(const char *s, double *x, double *y)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    char *comma = strchr(buf, ',');
    if (!comma)
        return -1;
    *comma = '\0';
    return parse_number(buf, x) == 0 && parse_number(comma + 1, y) == 0 ? 0 : -1;
}

int app_main_race(int argc, char **argv)
{
    const char *surface = NULL, *list = NULL;
    race_Overrides ov = race_overrides_none();
    double cond = NAN, sx = NAN, sy = NAN, steps_d = 100;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int more = i + 1 < argc;
        double *num = NULL;
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(o, "--optimizer") == 0 && more) {
            list = argv[++i];
            continue;
        } else if (strcmp(o, "--start") == 0 && more) {
            if (parse_point(argv[++i], &sx, &sy) != 0) {
                fprintf(stderr, "nnviz race: --start wants X,Y (two numbers), got '%s'\n", argv[i]);
                return 2;
            }
            continue;
        } else if (strcmp(o, "--lr") == 0 && more) {
            num = &ov.lr;
        } else if (strcmp(o, "--momentum") == 0 && more) {
            num = &ov.momentum;
        } else if (strcmp(o, "--beta-1") == 0 && more) {
            num = &ov.beta1;
        } else if (strcmp(o, "--beta-2") == 0 && more) {
            num = &ov.beta2;
        } else if (strcmp(o, "--cond") == 0 && more) {
            num = &cond;
        } else if (strcmp(o, "--steps") == 0 && more) {
            num = &steps_d;
        } else if (o[0] == '-') {
            fprintf(stderr, "nnviz race: unknown or incomplete option '%s' (try --help)\n", o);
            return 2;
        } else if (!surface) {
            surface = o;
            continue;
        } else {
            fprintf(stderr, "nnviz race: one surface at a time ('%s' is a second)\n", o);
            return 2;
        }
        if (parse_number(argv[++i], num) != 0) {
            fprintf(stderr, "nnviz race: %s wants a number, got '%s'\n", o, argv[i]);
            return 2;
        }
    }
    race_SurfKind kind;
    if (!surface || race_surface_from_name(surface, &kind) != 0) {
        fprintf(stderr, "nnviz race: %s%s%s (bowl, rosenbrock, beale, saddle, himmelblau, cliff)\n",
                surface ? "unknown surface '" : "a surface is required", surface ? surface : "",
                surface ? "'" : "");
        return 2;
    }
    if (!list) {
        fprintf(stderr, "nnviz race: --optimizer NAME[,NAME...] is required (or all)\n");
        return 2;
    }
    if (!(steps_d >= 1 && steps_d <= RACE_MAX_STEPS && steps_d == floor(steps_d))) {
        fprintf(stderr, "nnviz race: --steps wants a whole number from 1 to %d\n", RACE_MAX_STEPS);
        return 2;
    }
    race_Surface s = race_surface_default(kind);
    if (!isnan(cond)) {
        if (!(cond >= RACE_COND_MIN && cond <= RACE_COND_MAX)) {
            fprintf(stderr, "nnviz race: --cond wants a number from %g to %g\n", RACE_COND_MIN,
                    RACE_COND_MAX);
            return 2;
        }
        s.cond = cond;
    }
    if (isnan(sx))
        race_surface_start(kind, &sx, &sy);
    char err[256] = "";
    race_Racers racers;
    if (race_racers_parse(&racers, list, &ov, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz race: %s\n", err);
        return 2;
    }
    race_Path *p = NULL;
    if (race_path_create(&p, (int)steps_d, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz race: %s\n", err);
        return 1;
    }
    int rc = 0;
    printf("optimizer,step,x,y,f\n");
    for (int r = 0; r < racers.n && rc == 0; r++) {
        nn_Status st = race_path_run(p, &s, &racers.cfg[r], (float)sx, (float)sy, err, sizeof err);
        if (st != NN_OK && st != NN_DIVERGED) {
            fprintf(stderr, "nnviz race: %s\n", err);
            rc = 1;
            break;
        }
        const char *name = nn_opt_name(racers.cfg[r].kind);
        for (int k = 0; k < p->n; k++)
            printf("%s,%d,%.9g,%.9g,%.9g\n", name, k, (double)p->x[k], (double)p->y[k],
                   (double)p->f[k]);
        if (st == NN_DIVERGED)
            fprintf(stderr, "nnviz race: %s\n", err);
    }
    race_path_destroy(p);
    if (fflush(stdout) != 0 && rc == 0) {
        fprintf(stderr, "nnviz race: could not write the output\n");
        rc = 1;
    }
    return rc;
}
