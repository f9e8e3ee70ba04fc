/* window_main.c - `nnviz [FILE]`: the interactive window. main-like: set up,
 * run one frame per loop iteration, tear down. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_exports.h"
#include "app/subcommands.h"
#include "engine/model.h"
#include "i18n/i18n.h"

/* Reads FILE's setup as the window will, without a display: a missing or
 * malformed file is one line and exit status 2 before SDL starts (and
 * prints warnings of its own). Keras programs are checked by the bridge when
 * the window opens them; here only that they can be read. */
static int check_file(const char *file)
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "nnviz: %s: cannot be read (%s)\n", file, strerror(errno));
        return 2;
    }
    fclose(f);
    size_t n = strlen(file);
    if (n >= 3 && strcmp(file + n - 3, ".py") == 0)
        return 0;
    char err[512] = "";
    nn_Experiment e;
    nn_Model *model = NULL;
    if (app_spec_for_file(file, &e, &model, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz: %s\n", err);
        return 2;
    }
    nn_model_destroy(model);
    return 0;
}

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

int app_main_window(int argc, char **argv)
{
    const char *file = NULL, *lang = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
            lang = argv[++i];
            continue;
        }
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
    if (app_lang_choose("nnviz", lang, 1) != 0)
        return 2;
    if (file) {
        int rc = check_file(file);
        if (rc != 0)
            return rc;
    }
    char err[512] = "";
    int w, h;
    window_size(&w, &h);
    /* Where there is no display (over SSH without X forwarding, on a console
     * without KMS) the window would run unseen and look like a hang: say so,
     * and what works there instead. */
    int no_display = 0;
    plat_Ctx *p = plat_open_window("nnviz", w, h, &no_display, err, sizeof err);
    if (no_display) {
        const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
        char why[160];
        if ((x && x[0]) || (wl && wl[0]))
            snprintf(why, sizeof why, "DISPLAY '%.40s', WAYLAND_DISPLAY '%.40s' cannot be reached",
                     x ? x : "", wl ? wl : "");
        else
            snprintf(why, sizeof why, "DISPLAY and WAYLAND_DISPLAY are unset");
        fprintf(stderr, "nnviz: no display to open a window on (%s): run it in a desktop "
                        "session, or train with nnviz train FILE, draw a PNG with nnviz render "
                        "FILE --out PNG (see nnviz --help)\n", why);
        return 2;
    }
    if (!p) {
        fprintf(stderr, "nnviz: %s\n", err);
        return 1;
    }
    if (strncmp(i18n_language(), "zh", 2) == 0 && !plat_font_cjk_path(p)[0])
        fprintf(stderr, "nnviz: no CJK font found, Chinese text will show as boxes: install "
                        "fonts-wqy-microhei or set NNVIZ_FONT_CJK to a .ttf/.ttc file\n");
    app_State *a = NULL;
    if (app_create(&a, p, file, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz: %s\n", err);
        plat_close(p);
        return 1;
    }
    a->cards = 1; /* the window title and the lesson card follow each opened lesson */
    a->core.interactive = 1; /* a lesson's RUN_UNTIL plays for the class to watch */
    a->input.mouse_x = a->input.mouse_y = -1000; /* nowhere until the pointer moves */
    plat_font_set_budget(p, PLAT_GLYPH_BUDGET_MS); /* a language switch: no long frame */

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
        int expired = drawn <= a->core.status_until && a->core.status_until < t0;
        int slow_due = a->core.slowmo_ms > 0 && t0 >= a->core.slowmo_next; /* slow motion's phase */
        if (owed > 0 || expired || slow_due || a->core.playing || a->core.queue.count ||
            app_export_busy(a) || app_wh_pending(a)) {
            app_frame(a, t0);
            plat_present(p);
            app_export_after_present(a); /* Shift+S: a frame drawn aside at 2x */
            drawn = t0;
            if (owed > 0)
                owed--;
            if (plat_font_pending(p) && owed == 0)
                owed = 1; /* Chinese glyphs left for the next frame's budget */
            /* ahead of a language switch, in time the frame leaves: one
             * font size a frame opens the CJK face */
            if (plat_now() - t0 < 1.0 / 120.0 && !plat_font_warm_cjk(p))
                app_warm_language(a, 1000.0 / 120.0 - (plat_now() - t0) * 1000.0);
            /* without vsync (e.g. a virtual display) hold 60 fps */
            double spent = plat_now() - t0;
            if (spent < 1.0 / 60.0)
                plat_sleep_ms((int)((1.0 / 60.0 - spent) * 1000.0));
        }
        if (owed == 0 && !a->core.playing && !a->core.queue.count && !app_export_busy(a) &&
            !app_wh_pending(a)) {
            /* time the window would sleep renders the other language's
             * glyphs ahead, a few milliseconds at a go, events in between */
            if (app_warm_language(a, 4.0)) {
                plat_sleep_ms(2);
                continue;
            }
            double wait_s = 10.0;
            if (drawn <= a->core.status_until && a->core.status_until - plat_now() < wait_s)
                wait_s = a->core.status_until - plat_now();
            if (a->core.slowmo_ms > 0 && a->core.slowmo_next - plat_now() < wait_s)
                wait_s = a->core.slowmo_next - plat_now();
            plat_wait(p, wait_s > 0.0 ? (int)(wait_s * 1000.0) + 1 : 0);
        }
    }
    app_destroy(a);
    plat_close(p);
    return 0;
}
