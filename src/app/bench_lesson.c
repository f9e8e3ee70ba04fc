/* bench_lesson.c - the lessons' figures, offscreen (see bench_lesson.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/bench_frame.h"
#include "app/bench_lesson.h"
#include "i18n/i18n.h"

/* Resident memory of this process in MB (VmRSS), 0 when unknown. */
static double rss_mb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0.0;
    char line[256];
    double kb = 0.0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %lf kB", &kb) == 1)
            break;
    fclose(f);
    return kb / 1024.0;
}

/* frames frames while training; the mean wall time and the UI thread's
 * processor time per frame, in ms. */
static void frames_ms(app_State *a, int frames, double *wall, double *ui_cpu)
{
    double t0 = plat_now(), u0 = app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID);
    for (int i = 0; i < frames; i++)
        app_frame(a, plat_now());
    *wall = (plat_now() - t0) * 1000.0 / frames;
    *ui_cpu = (app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID) - u0) * 1000.0 / frames;
}

int app_bench_lesson(const char *path, int w, int h, int frames, app_BenchLesson *out, char *err,
                     size_t err_len)
{
    memset(out, 0, sizeof *out);
    if (frames < 1)
        frames = 1;
    char e2[512] = "";
    if (i18n_set_language("en", e2, sizeof e2) != I18N_OK) {
        snprintf(err, err_len, "%s", e2);
        return -1;
    }
    plat_Ctx *p = plat_open_offscreen(w, h, e2, sizeof e2);
    if (!p) {
        snprintf(err, err_len, "%s", e2);
        return -1;
    }
    /* opening: the set-up, the walk, its first step's text, the first frame */
    double t0 = plat_now();
    app_State *a = NULL;
    if (app_create(&a, p, path, e2, sizeof e2) != 0 || app_lesson_open(a, path, 0, e2, sizeof e2) != 0 ||
        app_lesson_next(a) != 0) {
        snprintf(err, err_len, "%s: %s", path, e2[0] ? e2 : "not a lesson with steps");
        if (a)
            app_destroy(a);
        plat_close(p);
        return -1;
    }
    a->input.mouse_x = a->input.mouse_y = -1000;
    app_frame(a, plat_now());
    out->open_ms = (plat_now() - t0) * 1000.0;

    app_push(a, app_cmd_i(APP_CMD_SET_SPEED, app_speed_count() - 1));
    app_push(a, app_cmd(APP_CMD_PLAY));
    double cpu;
    frames_ms(a, frames, &out->frame_ms_en, &cpu);
    out->rss_mb_en = rss_mb(); /* no CJK face open yet */

    /* as the window does in the time its frames leave: the CJK face
     * opened ahead for the sizes in use, one a frame */
    plat_font_set_budget(p, PLAT_GLYPH_BUDGET_MS);
    for (int i = 0; i < 2 * frames && plat_font_warm_cjk(p); i++)
        app_frame(a, plat_now());
    /* and, in the time it would sleep, the Chinese glyphs rendered ahead */
    double w0 = plat_now();
    while (app_warm_language(a, 4.0))
        ;
    out->warm_ms = (plat_now() - w0) * 1000.0;

    /* the language, live: the frame right after the switch */
    if (i18n_set_language("zh", e2, sizeof e2) != I18N_OK) {
        snprintf(err, err_len, "%s", e2);
        app_destroy(a);
        plat_close(p);
        return -1;
    }
    double s0 = plat_now(), c0 = app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID);
    app_frame(a, plat_now());
    out->switch_frame_ms = (plat_now() - s0) * 1000.0;
    out->switch_cpu_ms = (app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID) - c0) * 1000.0;
    /* the glyphs the switch frame's budget left, drawn in the next frames */
    out->settle_worst_ms = out->switch_frame_ms;
    while (plat_font_pending(p) && out->settle_frames < 1000) {
        double f0 = plat_now();
        app_frame(a, f0);
        double ms = (plat_now() - f0) * 1000.0;
        out->settle_worst_ms = ms > out->settle_worst_ms ? ms : out->settle_worst_ms;
        out->settle_frames++;
    }
    frames_ms(a, frames, &out->frame_ms_zh, &out->ui_cpu_ms_zh);
    out->rss_mb_zh = rss_mb();

    i18n_set_language("en", e2, sizeof e2);
    plat_font_set_budget(p, 0);
    app_destroy(a);
    plat_close(p);
    return 0;
}
