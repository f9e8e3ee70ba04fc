/* bench_compare.c - T5: the window's frame with four synchronized runs. */
#include <stdio.h>
#include <time.h>

#include "app/app.h"
#include "app/bench_compare.h"
#include "app/bench_frame.h"

int app_bench_compare_frames(int w, int h, int frames, double *ms_per_frame, long long *rounds)
{
    app_BenchFrames f;
    if (app_bench_compare_measure(w, h, frames, &f) != 0)
        return -1;
    *ms_per_frame = f.ms_per_frame;
    *rounds = f.rounds;
    return 0;
}

static int measure(int w, int h, int frames, int whatif, app_BenchFrames *out);

int app_bench_compare_measure(int w, int h, int frames, app_BenchFrames *out)
{
    return measure(w, h, frames, 0, out);
}

int app_bench_compare_whatif_measure(int w, int h, int frames, app_BenchFrames *out)
{
    return measure(w, h, frames, 1, out);
}

static int measure(int w, int h, int frames, int whatif, app_BenchFrames *out)
{
    char err[512];
    plat_Ctx *p = plat_open_offscreen(w, h, err, sizeof err);
    if (!p) {
        fprintf(stderr, "nnviz bench: %s\n", err);
        return -1;
    }
    nn_Experiment e;
    app_t1_spec(&e, 6);
    app_State *a = NULL;
    if (app_create_spec(&a, p, &e, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz bench: %s\n", err);
        plat_close(p);
        return -1;
    }
    app_push(a, app_cmd_text(APP_CMD_COMPARE, "learning_rate=0.003,0.01,0.03,0.1"));
    app_push(a, app_cmd_i(APP_CMD_SET_SPEED, app_speed_count() - 1)); /* full speed */
    app_push(a, app_cmd(APP_CMD_PLAY));
    a->input.mouse_x = a->input.mouse_y = -1000;
    app_frame(a, plat_now()); /* warm-up: textures, glyphs */
    if (a->core.n_runs != 4) {
        fprintf(stderr, "nnviz bench: the comparison was not built: %s\n", a->core.status);
        app_destroy(a);
        plat_close(p);
        return -1;
    }
    int shown = a->core.focus;
    app_runner_lock(a->core.runner);
    int64_t r0 = app_runner_rounds(a->core.runner);
    app_runner_unlock(a->core.runner);
    double w0 = a->wh.spent_s;
    double t0 = plat_now();
    double u0 = app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID), c0 = app_bench_cpu_s(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < frames; i++) {
        /* the learning-rate list's 1 under the pointer, as a panel says it:
         * the ghost and the strip of the shown run, trained every frame */
        if (whatif)
            app_wh_want(a, APP_WH_LR, 1.0f);
        app_frame(a, plat_now());
        /* the other runs' heatmaps too, from their snapshots of this frame
         * (the focus is the UI thread's: switching it here touches no run) */
        for (int r = 0; r < a->core.n_runs; r++) {
            if (r == shown)
                continue;
            a->core.focus = r;
            app_heat_update(a);
        }
        a->core.focus = shown;
    }
    double t1 = plat_now();
    double u1 = app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID), c1 = app_bench_cpu_s(CLOCK_PROCESS_CPUTIME_ID);
    app_runner_lock(a->core.runner);
    out->rounds = (long long)(app_runner_rounds(a->core.runner) - r0);
    app_runner_unlock(a->core.runner);
    double k = frames > 0 ? 1000.0 / frames : 0.0;
    /* how much of the frame the preview took, and whether it kept up */
    const app_WhEntry *ghost = app_wh_shown(a);
    out->whatif_ms = (a->wh.spent_s - w0) * k;
    out->whatif_lag = ghost ? (long long)(a->wh.target - ghost->job.steps) : 0;
    out->ms_per_frame = (t1 - t0) * k;
    out->ui_cpu_ms = (u1 - u0) * k;
    out->process_cpu_ms = (c1 - c0) * k;
    app_destroy(a);
    plat_close(p);
    return 0;
}
