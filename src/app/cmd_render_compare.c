/* cmd_render_compare.c - `nnviz render FILE --view compare|health --vary
 * KNOB=V1,V2 --out x.png`: trains the comparison (as nnviz compare) and
 * draws its view offscreen with SDL's software renderer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cmp_view.h"
#include "app/subcommands.h"

static void usage(void)
{
    fputs("usage: nnviz render FILE --view compare|health --vary KNOB=V1,V2[,...] --out PNG\n"
          "       [--seeds K] [--epochs N | --steps N] [--target-loss X]\n"
          "       [--size WxH] [--scale S] [--zoom Z] [--x AXIS] [--smooth S] [--lang CODE]\n"
          "  --scale S  the picture at S times the pixels (--size 1280x800 --scale 2: 2560x1600)\n"
          "  --zoom Z   presenter zoom, as Ctrl+= in the window (default 1)\n"
          "  --lang CODE the picture's language: en (default) or zh\n"
          "  --x AXIS   the loss chart's x axis, as the window's: epochs, steps, samples\n"
          "             (training rows seen) or seconds (default: epochs, or steps for runs\n"
          "             shorter than two epochs)\n"
          "  --smooth S the loss chart's smoothing, as the window's slider: an exponential\n"
          "             moving average of weight S from 0 (none) to 0.95, the raw curve\n"
          "             faint under it (default: none by epoch, 0.9 by step)\n"
          "  compare  one small multiple per value (decision boundary, fitted curve, or test\n"
          "           accuracy and confusion matrix; network thumbnail), the loss curves\n"
          "           overlaid in the values' colours, and the table\n"
          "  health   gradient norm per layer over the steps (log axis), dead or saturated\n"
          "           units per layer, activation histograms\n"
          "The comparison options are those of nnviz compare --help.\n",
          stdout);
}

int app_render_compare(int argc, char **argv)
{
    const char *out = NULL, *view = NULL;
    int w = 1280, h = 800;
    double scale = 1.0, zoom = 1.0; /* pixels per window pixel, presenter zoom */
    int x_axis = -1;                /* the loss chart's x (APP_CHART_X_*); -1: its default */
    double smooth = -1;             /* its smoothing; < 0: its default */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest) {
        fprintf(stderr, "nnviz render: out of memory\n");
        return 1;
    }
    int n = 0;
    rest[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            usage();
            free(rest);
            return 0;
        } else if (!strcmp(o, "--out") && more) {
            out = argv[++i];
        } else if (!strcmp(o, "--view") && more) {
            view = argv[++i];
        } else if (!strcmp(o, "--size") && more) {
            if (sscanf(argv[++i], "%dx%d", &w, &h) != 2 || w < 320 || h < 240 || w > 8192 ||
                h > 8192) {
                fprintf(stderr, "nnviz render: --size wants WxH between 320x240 and 8192x8192\n");
                free(rest);
                return 2;
            }
        } else if ((!strcmp(o, "--scale") || !strcmp(o, "--zoom")) && more) {
            double *v = !strcmp(o, "--zoom") ? &zoom : &scale;
            *v = atof(argv[++i]);
            if (!(*v >= 0.5 && *v <= 4.0)) {
                fprintf(stderr, "nnviz render: %s wants a number from 0.5 to 4\n", o);
                free(rest);
                return 2;
            }
        } else if (!strcmp(o, "--x") && more) {
            char name[32];
            snprintf(name, sizeof name, "x%s", argv[++i]);
            x_axis = app_chart_x_parse(name);
            if (x_axis < 0) {
                fprintf(stderr, "nnviz render: --x '%s': expected epochs, steps, samples or "
                        "seconds\n", argv[i]);
                free(rest);
                return 2;
            }
        } else if (!strcmp(o, "--lang") && more) {
            if (app_lang_choose("nnviz render", argv[++i], 0) != 0) { /* said why */
                free(rest);
                return 2;
            }
        } else if (!strcmp(o, "--smooth") && more) {
            char *end;
            smooth = strtod(argv[++i], &end);
            if (end == argv[i] || *end || !(smooth >= 0 && smooth <= 0.95)) {
                fprintf(stderr, "nnviz render: --smooth '%s': expected a number from 0 to 0.95\n",
                        argv[i]);
                free(rest);
                return 2;
            }
        } else {
            rest[n++] = argv[i];
        }
    }
    int health = view && !strcmp(view, "health");
    if (!view || (!health && strcmp(view, "compare") != 0)) {
        fprintf(stderr, "nnviz render: --view compare or --view health, one of them alone\n");
        free(rest);
        return 2;
    }
    if (!out) {
        fprintf(stderr, "nnviz render: --out PNG is required (try --help)\n");
        free(rest);
        return 2;
    }
    app_Compare *c = NULL;
    double target = 0;
    int rc = app_compare_build(n, rest, health, &c, &target);
    free(rest);
    if (rc == 1)
        return 0;
    if (rc < 0)
        return -rc;
    char err[512] = "";
    /* --scale S: the picture of a w x h window with S times the pixels */
    float ws = (float)w / 1280.0f < (float)h / 800.0f ? (float)w / 1280.0f : (float)h / 800.0f;
    ws = (ws < 0.8f ? 0.8f : ws > 4.0f ? 4.0f : ws) * (float)scale;
    w = (int)lround(w * scale);
    h = (int)lround(h * scale);
    plat_Ctx *p = plat_open_offscreen(w, h, err, sizeof err);
    if (!p) {
        fprintf(stderr, "nnviz render: %s\n", err);
        app_compare_destroy(c);
        return 1;
    }
    ui_Context ui;
    if (ui_init(&ui, 1 << 17, plat_text_width, plat_text_height, p) != 0) {
        fprintf(stderr, "nnviz render: out of memory for the UI\n");
        plat_close(p);
        app_compare_destroy(c);
        return 1;
    }
    app_CmpView v = {.plat = p, .ui = &ui, .c = c, .target = target, .x_axis = x_axis,
                     .smooth = (float)smooth};
    rc = 0;
    if (app_cmp_view_prepare(&v, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz render: %s\n", err);
        rc = 1;
    } else {
        /* the window's scale for its size, times the zoom */
        ui_Input in;
        memset(&in, 0, sizeof in);
        in.mouse_x = in.mouse_y = -1000; /* no hover in a still picture */
        ui_begin(&ui, &in, w, h, ws * (float)zoom);
        v.label_scale = ws * (zoom < 1.5 ? (float)zoom : 1.5f);
        ui_Rect all = {0, 0, w, h};
        if (health)
            app_health_panel(&v, all);
        else
            app_compare_panel(&v, all);
        ui_end(&ui);
        plat_render(p, &ui, ui.style.bg);
        if (plat_save_png(p, out, err, sizeof err) != 0) {
            fprintf(stderr, "nnviz render: %s\n", err);
            rc = 1;
        } else if (ui.lists[0].dropped || ui.lists[1].dropped) {
            fprintf(stderr, "nnviz render: %d draw commands did not fit the command list\n",
                    ui.lists[0].dropped + ui.lists[1].dropped);
            rc = 1;
        }
    }
    app_cmp_view_free(&v);
    ui_free(&ui);
    plat_close(p);
    app_compare_destroy(c);
    return rc;
}
