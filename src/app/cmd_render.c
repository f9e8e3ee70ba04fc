/* cmd_render.c - `nnviz render FILE --out shot.png`: the window's frame drawn
 * offscreen by SDL's software renderer, with no display needed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_exports.h"
#include "app/render_race.h"
#include "app/cmp_view.h"
#include "app/subcommands.h"

static void usage(FILE *f)
{
    fputs("usage: nnviz render [FILE] --out shot.png [options]\n"
          "  FILE            lesson (.ini), model (.json) or data (.csv); default: the spiral lesson\n"
          "  --out PNG       where to write the picture (required)\n"
          "  --steps N       train N batches before drawing (default 0)\n"
          "  --epochs N      train N epochs before drawing\n"
          "  --phases N      then step N phases (forward, loss, backward, update)\n"
          "  --inspect L:N   open the inspector on neuron N of layer L (1-based)\n"
          "  --rewind K      then go back K batches through the timeline (the chart shows\n"
          "                  the steps ahead of it)\n"
          "  --do CMDS       then apply these commands (docs/commands.md), ';' between\n"
          "                  them, e.g. \"SET_LEARNING_RATE 0.1;TRAIN 200\"\n"
          "  --row N         the batch row (from 1) whose numbers the network shows\n"
          "  --back N        then step N phases back, as the comma key does\n"
          "  --frames N      draw N frames and save the last (default 1)\n"
          "  --size WxH      frame size in pixels (default 1280x800)\n"
          "  --scale S       the picture at S times the pixels: the layout of the --size\n"
          "                  window, each length S times (1280x800 --scale 2: 2560x1600)\n"
          "  --zoom Z        presenter zoom, as Ctrl+= in the window (default 1)\n"
          "  --svg SVG       also write the network diagram as SVG (vector: the edges'\n"
          "                  colours and widths, the neurons' tiles, labels as text)\n"
          "  --gif SECONDS   --out is a GIF of the next SECONDS of training at the\n"
          "                  window's speed (default 1000 batches a second): --fps N\n"
          "                  frames a second (default 10), each after speed/N batches\n"
          "                  (a 640x400 GIF of the full window: --size 1280x800 --scale 0.5)\n"
          "  --lang CODE     the window's language: en (default) or zh (简体中文)\n"
          "  --view NAMES    comma-separated: main, help, card (the lesson card), test,\n"
          "                  discretize, log, gradients, updates, controls (the data and\n"
          "                  hyperparameter panels shown), nocontrols, gallery[:L] (every\n"
          "                  neuron of layer L, default 1), hspace[:L[:N1:N2[:STAGE]]] (hidden\n"
          "                  layer L's space seen by neurons N1 and N2, stage 0 x .. 3 f(z)),\n"
          "                  xsteps, xsamples, xseconds (the loss chart's x axis; xepochs)\n"
          "  --view race     the optimizer race alone: --surface NAME [--optimizer L] [--lr X]\n"
          "                  [--momentum X] [--beta-1 X] [--beta-2 X] [--cond K] [--start X,Y]\n"
          "                  [--steps N] (as nnviz race; default all optimizers, 200 steps)\n"
          "  --view landscape  the loss landscape of a lesson FILE (.ini, default spiral)\n"
          "                  after --steps/--epochs of training\n"
          "                  (default 20 epochs): [--directions random[:SEED] | pca |\n"
          "                  weights:L:I:J,L:I:J] [--rows N: the loss over the first N\n"
          "                  training rows]\n"
          "  --view health   the window's training-health view of FILE's runs (J)\n"
          "  --view compare|health --vary KNOB=V1,V2  runs differing in one knob, drawn\n"
          "                  side by side (see nnviz render --view compare --help)\n"
          "  --lesson-step K the lesson FILE walked to step K (from 1), its text shown\n"
          "  --lesson-acted  ... and its action run (the checks' results shown)\n",
          f);
}

static int apply_view(app_State *a, const char *names)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", names);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (strcmp(tok, "main") == 0)
            continue;
        else if (strcmp(tok, "help") == 0)
            a->help = 1;
        else if (strcmp(tok, "card") == 0)
            a->cards = 1;
        else if (strcmp(tok, "test") == 0)
            a->show_test = 1;
        else if (strcmp(tok, "discretize") == 0)
            a->discretize = 1;
        else if (strcmp(tok, "log") == 0)
            a->log_loss = 1;
        else if (app_chart_x_parse(tok) >= 0)
            a->chart_x = app_chart_x_parse(tok); /* xepochs, xsteps, xsamples, xseconds */
        else if (strcmp(tok, "health") == 0)
            a->health_on = 1; /* the window's health view (J) */
        else if (strcmp(tok, "gradients") == 0)
            a->edge_mode = APP_EDGE_GRAD;
        else if (strcmp(tok, "updates") == 0)
            a->edge_mode = APP_EDGE_UPDATE;
        else if (strcmp(tok, "controls") == 0)
            a->controls = 1;
        else if (strcmp(tok, "nocontrols") == 0)
            a->controls = 0;
        else if (strncmp(tok, "hspace", 6) == 0 && (tok[6] == '\0' || tok[6] == ':')) {
            /* hspace[:LAYER[:N1:N2[:STAGE]]]: layers and neurons from 1, stage 0..3 */
            int l = 1, u1 = 1, u2 = 2;
            float st = 3.0f;
            if (tok[6])
                sscanf(tok + 7, "%d:%d:%d:%f", &l, &u1, &u2, &st);
            a->hsp.on = 1;
            a->hsp.layer = l - 1;
            a->hsp.u1 = u1 - 1;
            a->hsp.u2 = u2 - 1;
            a->hsp.seen_pos = 0;
            a->hsp.t = a->hsp.target = st;
            a->hsp.t_time = a->now;
        } else if (strncmp(tok, "gallery", 7) == 0 && (tok[7] == '\0' || tok[7] == ':'))
            a->gallery_col = tok[7] ? atoi(tok + 8) : 1; /* gallery[:LAYER] */
        else {
            fprintf(stderr, "nnviz render: unknown view '%s' (main, help, card, test, discretize, "
                            "log, gradients, health, updates, controls, nocontrols, xsteps, xsamples, xseconds)\n", tok);
            return -1;
        }
    }
    return 0;
}

/* --rewind K: back K batches from where training stopped (GOTO_STEP). */
static int render_rewind(app_State *a, long long k)
{
    long long now = (long long)app_snap(a)->cursor.step;
    if (k > now) {
        fprintf(stderr, "nnviz render: --rewind %lld: only %lld batches were trained\n", k, now);
        return -1;
    }
    app_push(a, app_cmd_u(APP_CMD_GOTO_STEP, (uint64_t)(now - k)));
    app_sync(a, plat_now());
    if (a->core.status_error) {
        fprintf(stderr, "nnviz render: --rewind %lld: %s\n", k, a->core.status);
        return -1;
    }
    return 0;
}

/* --do "CMD;CMD": each command parsed and applied in order. */
static int render_script(app_State *a, const char *script)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", script);
    char *save = NULL;
    for (char *line = strtok_r(buf, ";", &save); line; line = strtok_r(NULL, ";", &save)) {
        while (*line == ' ')
            line++;
        if (!*line)
            continue;
        app_Command c;
        char err[256];
        if (app_cmd_parse(line, &c, err, sizeof err) != 0) {
            fprintf(stderr, "nnviz render: --do '%s': %s\n", line, err);
            return -1;
        }
        app_push(a, c);
        app_sync(a, plat_now());
    }
    return 0;
}

int app_main_render(int argc, char **argv)
{
    /* the comparison views train their own runs; --view health without
     * --vary is the window's health view of FILE's runs */
    int vary = 0;
    for (int i = 1; i < argc; i++)
        vary |= strcmp(argv[i], "--vary") == 0;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--view") == 0 &&
            (strstr(argv[i + 1], "compare") || (vary && strstr(argv[i + 1], "health"))))
            return app_render_compare(argc, argv);
    const char *file = NULL, *out = NULL, *view = "main";
    long long steps = 0, epochs = 0, phases = 0, rewind = 0, back = 0;
    const char *script = NULL, *lang = NULL;
    int row = 0, lesson_step = 0, lesson_acted = 0;
    int frames = 1, insp_l = 0, insp_n = 0;
    int w = 1280, h = 800;
    double scale = 1.0, zoom = 1.0, gif = 0.0;
    int fps = APP_GIF_FPS;
    const char *svg = NULL;
    /* the race and landscape views draw their own picture (cmd_render_race.c) */
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--view") == 0 &&
            (strcmp(argv[i + 1], "race") == 0 || strcmp(argv[i + 1], "landscape") == 0))
            return app_render_race_view(argc, argv, argv[i + 1]);
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int more = i + 1 < argc;
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(o, "--out") == 0 && more) {
            out = argv[++i];
        } else if (strcmp(o, "--steps") == 0 && more) {
            steps = atoll(argv[++i]);
        } else if (strcmp(o, "--epochs") == 0 && more) {
            epochs = atoll(argv[++i]);
        } else if (strcmp(o, "--phases") == 0 && more) {
            phases = atoll(argv[++i]);
        } else if (strcmp(o, "--row") == 0 && more) {
            row = atoi(argv[++i]);
            if (row < 1) {
                fprintf(stderr, "nnviz render: --row wants a batch row from 1\n");
                return 2;
            }
        } else if (strcmp(o, "--back") == 0 && more) {
            back = atoll(argv[++i]);
        } else if (strcmp(o, "--frames") == 0 && more) {
            frames = atoi(argv[++i]);
            if (frames < 1 || frames > 10000) {
                fprintf(stderr, "nnviz render: --frames wants 1 to 10000\n");
                return 2;
            }
        } else if (strcmp(o, "--inspect") == 0 && more) {
            if (sscanf(argv[++i], "%d:%d", &insp_l, &insp_n) != 2 || insp_l < 1 || insp_n < 1) {
                fprintf(stderr, "nnviz render: --inspect wants LAYER:NEURON, both from 1\n");
                return 2;
            }
        } else if (strcmp(o, "--size") == 0 && more) {
            if (sscanf(argv[++i], "%dx%d", &w, &h) != 2 || w < 320 || h < 240 || w > 8192 || h > 8192) {
                fprintf(stderr, "nnviz render: --size wants WxH between 320x240 and 8192x8192\n");
                return 2;
            }
        } else if (strcmp(o, "--scale") == 0 && more) {
            scale = atof(argv[++i]);
            if (!(scale >= 0.5 && scale <= 4.0)) {
                fprintf(stderr, "nnviz render: --scale wants a number from 0.5 to 4\n");
                return 2;
            }
        } else if (strcmp(o, "--zoom") == 0 && more) {
            zoom = atof(argv[++i]);
            if (!(zoom >= 0.5 && zoom <= 4.0)) {
                fprintf(stderr, "nnviz render: --zoom wants a number from 0.5 to 4\n");
                return 2;
            }
        } else if (strcmp(o, "--svg") == 0 && more) {
            svg = argv[++i];
        } else if (strcmp(o, "--gif") == 0 && more) {
            gif = atof(argv[++i]);
            if (!(gif > 0.0 && gif <= 600.0)) {
                fprintf(stderr, "nnviz render: --gif wants a number of seconds from 0 to 600\n");
                return 2;
            }
        } else if (strcmp(o, "--fps") == 0 && more) {
            fps = atoi(argv[++i]);
            if (fps < 1 || fps > 50) {
                fprintf(stderr, "nnviz render: --fps wants 1 to 50 frames a second\n");
                return 2;
            }
        } else if (strcmp(o, "--rewind") == 0 && more) {
            rewind = atoll(argv[++i]);
            if (rewind < 0) {
                fprintf(stderr, "nnviz render: --rewind wants a number of batches >= 0\n");
                return 2;
            }
        } else if (strcmp(o, "--do") == 0 && more) {
            script = argv[++i];
        } else if (strcmp(o, "--view") == 0 && more) {
            view = argv[++i];
        } else if (strcmp(o, "--lesson-step") == 0 && more) {
            lesson_step = atoi(argv[++i]);
            if (lesson_step < 1) {
                fprintf(stderr, "nnviz render: --lesson-step wants a step from 1\n");
                return 2;
            }
        } else if (strcmp(o, "--lesson-acted") == 0) {
            lesson_acted = 1;
        } else if (strcmp(o, "--lang") == 0 && more) {
            lang = argv[++i];
        } else if (o[0] == '-') {
            fprintf(stderr, "nnviz render: unknown or incomplete option '%s' (try --help)\n", o);
            return 2;
        } else if (!file) {
            file = o;
        } else {
            fprintf(stderr, "nnviz render: one file at a time\n");
            return 2;
        }
    }
    if (!out) {
        fprintf(stderr, "nnviz render: --out PNG is required (try --help)\n");
        return 2;
    }
    if (steps < 0 || epochs < 0 || phases < 0 || back < 0) {
        fprintf(stderr, "nnviz render: --steps, --epochs and --phases must not be negative\n");
        return 2;
    }
    if (app_lang_choose("nnviz render", lang, 0) != 0)
        return 2;
    if (w * scale > 16384 || h * scale > 16384) {
        fprintf(stderr, "nnviz render: --size times --scale is more than 16384 pixels a side\n");
        return 2;
    }
    char err[512] = "";
    /* --scale S: the picture of a w x h window with S times the pixels */
    plat_Ctx *p = plat_open_offscreen((int)lround(w * scale), (int)lround(h * scale), err, sizeof err);
    if (!p) {
        fprintf(stderr, "nnviz render: %s\n", err);
        return 1;
    }
    app_State *a = NULL;
    if (app_create(&a, p, file, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz render: %s\n", err);
        plat_close(p);
        return 1;
    }
    int rc = 0;
    app_set_zoom(a, (float)zoom);
    a->export_scale = (float)scale;
    if (apply_view(a, view) != 0) {
        rc = 2;
    } else {
        a->input.mouse_x = a->input.mouse_y = -1000; /* no hover in a still picture */
        /* the options become commands, as keys would */
        uint64_t batches = (uint64_t)steps + (uint64_t)epochs * (uint64_t)app_snap(a)->batches_per_epoch;
        app_push(a, app_cmd_u(APP_CMD_TRAIN, batches));
        app_sync(a, plat_now());
        for (long long k = 0; k < phases; k++) {
            app_push(a, app_cmd(APP_CMD_STEP_PHASE));
            app_sync(a, plat_now());
        }
        if (rewind > 0 && render_rewind(a, rewind) != 0)
            rc = 2;
        if (rc == 0 && script && render_script(a, script) != 0)
            rc = 2;
        for (long long k = 0; k < back; k++) {
            app_push(a, app_cmd(APP_CMD_STEP_PHASE_BACK));
            app_sync(a, plat_now());
        }
        if (insp_l > 0) {
            app_Command c = app_cmd_i(APP_CMD_INSPECT, insp_l - 1);
            c.i[1] = insp_n - 1;
            c.i[2] = row > 0 ? row - 1 : 0;
            app_push(a, c);
        }
        if (row > 0)
            app_push(a, app_cmd_i(APP_CMD_SELECT_ROW, row - 1));
        if (rc == 0 && lesson_step > 0 &&
            (app_lesson_open(a, file ? file : a->core.source, 0, err, sizeof err) != 0 ||
             !app_lesson_walking(a) ||
             app_lesson_goto(a, lesson_step, lesson_acted, err, sizeof err) != 0)) {
            fprintf(stderr, "nnviz render: --lesson-step %d: %s\n", lesson_step, err);
            rc = 2;
        }
        app_sync(a, plat_now()); /* the snapshot the picture shows */
        for (int k = 0; k < frames; k++)
            app_frame(a, plat_now());
        if (rc != 0) {
            /* said above */
        } else if (svg && app_save_svg(a, svg, err, sizeof err) != 0) {
            fprintf(stderr, "nnviz render: %s\n", err);
            rc = 1;
        } else if (gif > 0.0) {
            if (app_render_gif(a, gif, fps, out, err, sizeof err) != 0) {
                fprintf(stderr, "nnviz render: %s\n", err);
                rc = 1;
            }
        } else if (plat_save_png(p, out, err, sizeof err) != 0) {
            fprintf(stderr, "nnviz render: %s\n", err);
            rc = 1;
        } else if (a->ui.lists[0].dropped || a->ui.lists[1].dropped) {
            fprintf(stderr, "nnviz render: %d draw commands did not fit the command list\n",
                    a->ui.lists[0].dropped + a->ui.lists[1].dropped);
            rc = 1;
        }
    }
    app_destroy(a);
    plat_close(p);
    return rc;
}
