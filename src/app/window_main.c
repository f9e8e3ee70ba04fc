/* window_main.c - `nnviz [FILE]`: the interactive window. main-like: set up,
 * run one frame per loop iteration, tear down. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/commands.h"

static void window_size(int *w, int *h)
{
    *w = 1280;
    *h = 800;
    const char *s = getenv("NNVIZ_WINDOW_SIZE");
    int a, b;
    if (s && sscanf(s, "%dx%d", &a, &b) == 2 && a >= 320 && b >= 240) {
        *w = a;
        *h = b;
    }
}

int app_cmd_window(int argc, char **argv)
{
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            fprintf(stderr, "nnviz: unknown option '%s' (try nnviz --help)\n", argv[i]);
            return 2;
        }
        if (file) {
            fprintf(stderr, "nnviz: one file at a time ('%s' and '%s')\n", file, argv[i]);
            return 2;
        }
        file = argv[i];
    }
    char err[512] = "";
    int w, h;
    window_size(&w, &h);
    plat_Ctx *p = plat_open_window("nnviz", w, h, err, sizeof err);
    if (!p) {
        fprintf(stderr, "nnviz: %s\n", err);
        return 1;
    }
    app_State *a = NULL;
    if (app_create(&a, p, file, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz: %s\n", err);
        plat_close(p);
        return 1;
    }
    char title[1200];
    snprintf(title, sizeof title, "nnviz \xe2\x80\x94 %s", a->spec.title[0] ? a->spec.title : "neural network classroom");
    plat_set_title(p, title);

    /* A frame is drawn while something moves (playing, an action pending),
     * for two frames after any event (a widget may answer one frame late:
     * the inspector's place, an action a click requested) and once when a
     * status message expires. Otherwise the window blocks until an event or
     * that expiry: an idle, paused window takes no processor time. */
    int owed = 2;          /* frames to draw before the window may sleep */
    double drawn = -1.0;   /* clock of the last frame drawn */
    while (!a->quit) {
        plat_Events ev;
        plat_poll(p, &a->input, &ev);
        if (ev.any)
            owed = 2;
        app_handle_events(a, &ev);
        if (a->quit)
            break;
        double t0 = plat_now();
        int expired = drawn <= a->status_until && a->status_until < t0;
        if (owed > 0 || expired || a->playing || a->pending) {
            app_frame(a, t0);
            plat_present(p);
            drawn = t0;
            if (owed > 0)
                owed--;
            /* without vsync (e.g. a virtual display) hold 60 fps */
            double spent = plat_now() - t0;
            if (spent < 1.0 / 60.0)
                plat_sleep_ms((int)((1.0 / 60.0 - spent) * 1000.0));
        }
        if (owed == 0 && !a->playing && !a->pending) {
            double wait_s = 10.0;
            if (drawn <= a->status_until && a->status_until - plat_now() < wait_s)
                wait_s = a->status_until - plat_now();
            plat_wait(p, wait_s > 0.0 ? (int)(wait_s * 1000.0) + 1 : 0);
        }
    }
    app_destroy(a);
    plat_close(p);
    return 0;
}
