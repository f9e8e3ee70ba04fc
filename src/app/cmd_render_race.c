/* cmd_render_race.c - `nnviz render --view race|landscape`: the optimizer
 * race on a surface, or a network's loss landscape, drawn offscreen to PNG.
 * cmd_render.c hands these two views here; everything else it draws itself. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/landscape_view.h"
#include "app/race_view.h"
#include "app/render_race.h"
#include "engine/session.h"

typedef struct {
    const char *file, *out, *surface, *optimizers, *directions;
    race_Overrides ov;
    double cond, sx, sy, steps, epochs, rows;
    int w, h;
    double scale;   /* pixels per pixel of the window's picture (--scale) */
    double zoom;    /* presenter zoom (--zoom) */
} RenderArgs;

static int parse_number(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* Parses the options both views take; 0, or 2 after one line on stderr. */
static int parse_args(RenderArgs *A, int argc, char **argv)
{
    memset(A, 0, sizeof *A);
    A->ov = race_overrides_none();
    A->cond = A->sx = A->sy = A->steps = A->epochs = A->rows = NAN;
    A->w = 1280;
    A->h = 800;
    A->scale = 1.0;
    A->zoom = 1.0;
    A->optimizers = "all";
    A->directions = "random";
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int more = i + 1 < argc;
        double *num = NULL;
        if (strcmp(o, "--out") == 0 && more) {
            A->out = argv[++i];
            continue;
        } else if (strcmp(o, "--view") == 0 && more) {
            i++;
            continue;
        } else if (strcmp(o, "--surface") == 0 && more) {
            A->surface = argv[++i];
            continue;
        } else if (strcmp(o, "--optimizer") == 0 && more) {
            A->optimizers = argv[++i];
            continue;
        } else if (strcmp(o, "--directions") == 0 && more) {
            A->directions = argv[++i];
            continue;
        } else if (strcmp(o, "--size") == 0 && more) {
            if (sscanf(argv[++i], "%dx%d", &A->w, &A->h) != 2 || A->w < 320 || A->h < 240 ||
                A->w > 8192 || A->h > 8192) {
                fprintf(stderr, "nnviz render: --size wants WxH between 320x240 and 8192x8192\n");
                return 2;
            }
            continue;
        } else if (strcmp(o, "--start") == 0 && more) {
            char buf[128], *comma;
            snprintf(buf, sizeof buf, "%s", argv[++i]);
            comma = strchr(buf, ',');
            if (comma)
                *comma = '\0';
            if (!comma || parse_number(buf, &A->sx) != 0 || parse_number(comma + 1, &A->sy) != 0) {
                fprintf(stderr, "nnviz render: --start wants X,Y (two numbers), got '%s'\n",
                        argv[i]);
                return 2;
            }
            continue;
        } else if (strcmp(o, "--lr") == 0 && more) {
            num = &A->ov.lr;
        } else if (strcmp(o, "--momentum") == 0 && more) {
            num = &A->ov.momentum;
        } else if (strcmp(o, "--beta-1") == 0 && more) {
            num = &A->ov.beta1;
        } else if (strcmp(o, "--beta-2") == 0 && more) {
            num = &A->ov.beta2;
        } else if (strcmp(o, "--cond") == 0 && more) {
            num = &A->cond;
        } else if (strcmp(o, "--steps") == 0 && more) {
            num = &A->steps;
        } else if (strcmp(o, "--epochs") == 0 && more) {
            num = &A->epochs;
        } else if (strcmp(o, "--rows") == 0 && more) {
            num = &A->rows;
        } else if (strcmp(o, "--scale") == 0 && more) {
            num = &A->scale;
        } else if (strcmp(o, "--zoom") == 0 && more) {
            num = &A->zoom;
        } else if (o[0] == '-') {
            fprintf(stderr, "nnviz render: unknown or incomplete option '%s' for this view "
                            "(try --help)\n", o);
            return 2;
        } else if (!A->file) {
            A->file = o;
            continue;
        } else {
            fprintf(stderr, "nnviz render: one file at a time\n");
            return 2;
        }
        if (parse_number(argv[++i], num) != 0) {
            fprintf(stderr, "nnviz render: %s wants a number, got '%s'\n", o, argv[i]);
            return 2;
        }
    }
    if (!A->out) {
        fprintf(stderr, "nnviz render: --out PNG is required (try --help)\n");
        return 2;
    }
    if (!(A->zoom >= 0.5 && A->zoom <= 4.0)) {
        fprintf(stderr, "nnviz render: --zoom wants a number from 0.5 to 4\n");
        return 2;
    }
    if (!(A->scale >= 0.5 && A->scale <= 4.0) || A->w * A->scale > 16384 || A->h * A->scale > 16384) {
        fprintf(stderr, "nnviz render: --scale wants a number from 0.5 to 4 (at most 16384 pixels a side)\n");
        return 2;
    }
    /* --scale S: the same picture with S times the pixels */
    A->w = (int)lround(A->w * A->scale);
    A->h = (int)lround(A->h * A->scale);
    if (!isnan(A->steps) && !(A->steps >= 0 && A->steps <= 1e9 && A->steps == floor(A->steps))) {
        fprintf(stderr, "nnviz render: --steps wants a whole number >= 0\n");
        return 2;
    }
    if (!isnan(A->epochs) && !(A->epochs >= 0 && A->epochs <= 1e6 && A->epochs == floor(A->epochs))) {
        fprintf(stderr, "nnviz render: --epochs wants a whole number >= 0\n");
        return 2;
    }
    return 0;
}

/* One frame: draw() into the whole canvas, then save. 0 or 1. */
typedef void (*DrawFn)(ui_Context *ui, plat_Ctx *p, ui_Rect r, void *view);

static void draw_race(ui_Context *ui, plat_Ctx *p, ui_Rect r, void *view)
{
    app_race_draw(ui, p, r, view);
}

static void draw_land(ui_Context *ui, plat_Ctx *p, ui_Rect r, void *view)
{
    app_landscape_draw(ui, p, r, view);
}

static int render_png(plat_Ctx *p, const RenderArgs *A, DrawFn draw, void *view)
{
    char err[512] = "";
    ui_Context ui;
    if (ui_init(&ui, 65536, plat_text_width, plat_text_height, p) != 0) {
        fprintf(stderr, "nnviz render: out of memory for the drawing\n");
        return 1;
    }
    ui_Input in;
    memset(&in, 0, sizeof in);
    in.mouse_x = in.mouse_y = -1000; /* no hover in a still picture */
    int w, h;
    plat_size(p, &w, &h);
    ui_begin(&ui, &in, w, h, (float)(A->zoom * A->scale) * plat_pixel_ratio(p));
    draw(&ui, p, (ui_Rect){0, 0, w, h}, view);
    ui_end(&ui);
    plat_render(p, &ui, ui.style.bg);
    int rc = 0;
    if (plat_save_png(p, A->out, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz render: %s\n", err);
        rc = 1;
    } else if (ui.lists[0].dropped || ui.lists[1].dropped) {
        fprintf(stderr, "nnviz render: %d draw commands did not fit the command list\n",
                ui.lists[0].dropped + ui.lists[1].dropped);
        rc = 1;
    }
    ui_free(&ui);
    return rc;
}

static int render_race(const RenderArgs *A)
{
    race_SurfKind kind;
    if (!A->surface || race_surface_from_name(A->surface, &kind) != 0) {
        fprintf(stderr, "nnviz render: --view race needs --surface NAME (bowl, rosenbrock, beale, "
                        "saddle, himmelblau, cliff)%s%s%s\n",
                A->surface ? "; '" : "", A->surface ? A->surface : "", A->surface ? "' is none" : "");
        return 2;
    }
    if (A->file) {
        fprintf(stderr, "nnviz render: --view race draws a surface, not a file ('%s')\n", A->file);
        return 2;
    }
    race_Surface s = race_surface_default(kind);
    if (!isnan(A->cond)) {
        if (!(A->cond >= RACE_COND_MIN && A->cond <= RACE_COND_MAX)) {
            fprintf(stderr, "nnviz render: --cond wants a number from %g to %g\n", RACE_COND_MIN,
                    RACE_COND_MAX);
            return 2;
        }
        s.cond = A->cond;
    }
    double sx = A->sx, sy = A->sy;
    if (isnan(sx))
        race_surface_start(kind, &sx, &sy);
    int steps = isnan(A->steps) ? 200 : (int)A->steps;
    if (steps < 1 || steps > RACE_MAX_STEPS) {
        fprintf(stderr, "nnviz render: --steps wants 1 to %d for the race\n", RACE_MAX_STEPS);
        return 2;
    }
    char err[512] = "";
    race_Racers racers;
    if (race_racers_parse(&racers, A->optimizers, &A->ov, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz render: %s\n", err);
        return 2;
    }
    plat_Ctx *p = plat_open_offscreen(A->w, A->h, err, sizeof err);
    if (!p) {
        fprintf(stderr, "nnviz render: %s\n", err);
        return 1;
    }
    app_RaceView v;
    int rc = 1;
    if (app_race_init(&v, &s, &racers, (float)sx, (float)sy, steps, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz render: %s\n", err);
    } else {
        rc = render_png(p, A, draw_race, &v);
        app_race_free(&v, p);
    }
    plat_close(p);
    return rc;
}

/* Trains s for `batches` batches, recording the weights about every
 * batches/100 of them (the first and last always); returns the records
 * (T rows) or NULL after one line on stderr. */
static float *train_recording(nn_Session *s, long long batches, int *T_out, long long *done)
{
    size_t n = s->model->n_params;
    long long every = batches / 100 > 0 ? batches / 100 : 1;
    int cap = (int)(batches / every) + 2;
    float *traj = malloc((size_t)cap * n * sizeof *traj);
    if (!traj) {
        fprintf(stderr, "nnviz render: out of memory recording %d weight vectors\n", cap);
        return NULL;
    }
    int T = 0;
    memcpy(traj, s->model->params, n * sizeof *traj);
    T = 1;
    long long b = 0;
    for (; b < batches; b++) {
        nn_Status st = nn_trainer_step_batch(s->trainer);
        if (st != NN_OK) {
            fprintf(stderr, "nnviz render: training stopped at batch %lld (%s); drawing the "
                            "weights before it\n", b + 1, nn_status_name(st));
            memcpy(s->model->params, traj + (size_t)(T - 1) * n, n * sizeof *traj);
            break;
        }
        if (((b + 1) % every == 0 || b + 1 == batches) && T < cap) {
            memcpy(traj + (size_t)T * n, s->model->params, n * sizeof *traj);
            T++;
        }
    }
    *T_out = T;
    *done = b;
    return traj;
}

static int render_landscape(const RenderArgs *A)
{
    char err[512] = "";
    race_SliceSpec spec;
    if (race_slice_spec_parse(&spec, A->directions, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz render: --directions: %s\n", err);
        return 2;
    }
    if (!isnan(A->rows)) {
        if (!(A->rows >= 1 && A->rows <= NN_MAX_SAMPLES && A->rows == floor(A->rows))) {
            fprintf(stderr, "nnviz render: --rows wants a whole number of training rows >= 1\n");
            return 2;
        }
        spec.max_rows = (int)A->rows;
    }
    const char *file = A->file ? A->file : NNVIZ_LESSON_DIR "/spiral.ini";
    nn_Experiment e;
    if (nn_experiment_load(&e, file, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz render: %s\n", err);
        return 1;
    }
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz render: %s\n", err);
        return 1;
    }
    long long bpe = nn_trainer_batches_per_epoch(s->trainer);
    long long batches = 0;
    if (isnan(A->steps) && isnan(A->epochs))
        batches = 20 * bpe; /* a default picture from partway through training */
    else
        batches = (isnan(A->steps) ? 0 : (long long)A->steps) +
                  (isnan(A->epochs) ? 0 : (long long)A->epochs) * bpe;
    int T = 0, rc = 1;
    long long done = 0;
    float *traj = train_recording(s, batches, &T, &done);
    race_Slice *S = NULL;
    if (traj && race_slice_compute(&S, &spec, s->model, s->train, s->spec.data.features, traj, T,
                                   err, sizeof err) != NN_OK) {
        fprintf(stderr, "nnviz render: %s: %s\n", file, err);
        rc = 2;
    } else if (traj) {
        plat_Ctx *p = plat_open_offscreen(A->w, A->h, err, sizeof err);
        if (!p) {
            fprintf(stderr, "nnviz render: %s\n", err);
        } else {
            app_LandscapeView v;
            memset(&v, 0, sizeof v);
            v.slice = S;
            v.batches = done;
            rc = render_png(p, A, draw_land, &v);
            app_landscape_free(&v, p);
            plat_close(p);
        }
    }
    race_slice_destroy(S);
    free(traj);
    nn_session_destroy(s);
    return rc;
}

int app_render_race_view(int argc, char **argv, const char *view)
{
    RenderArgs A;
    int rc = parse_args(&A, argc, argv);
    if (rc != 0)
        return rc;
    return strcmp(view, "race") == 0 ? render_race(&A) : render_landscape(&A);
}
