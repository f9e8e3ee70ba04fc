/* bench_frame.c - T4: whole frames with training at full speed, offscreen. */
#include <stdio.h>
#include <time.h>

#include "app/app.h"
#include "app/bench_frame.h"

void app_t1_spec(nn_Experiment *e, int hidden_layers)
{
    nn_experiment_default(e);
    e->data.kind = NN_SRC_PLAYGROUND;
    e->data.playground = NN_PG_SPIRAL;
    e->data.noise = 0;
    e->n_hidden = hidden_layers;
    for (int l = 0; l < hidden_layers; l++) {
        e->hidden[l] = 8;
        e->hidden_act[l] = NN_ACT_TANH;
    }
    e->out_act = NN_ACT_TANH;
    e->loss = NN_LOSS_HALF_SQUARED;
    e->init = NN_INIT_UNIFORM;
    nn_opt_config_default(&e->opt, NN_OPT_SGD);
    e->opt.lr = 0.03f;
    e->batch_size = 10;
}

double app_bench_cpu_s(int clock_id)
{
    struct timespec ts;
    clock_gettime((clockid_t)clock_id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int app_bench_frames(int w, int h, int frames, double *ms_per_frame)
{
    app_BenchFrames f;
    if (app_bench_frames_measure(w, h, frames, &f) != 0)
        return -1;
    *ms_per_frame = f.ms_per_frame;
    return 0;
}

int app_bench_frames_measure(int w, int h, int frames, app_BenchFrames *out)
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
    app_push(a, app_cmd_i(APP_CMD_SET_SPEED, app_speed_count() - 1)); /* full speed */
    app_push(a, app_cmd(APP_CMD_PLAY));
    a->input.mouse_x = a->input.mouse_y = -1000;
    app_frame(a, plat_now()); /* warm-up: textures, glyphs */
    double t0 = plat_now();
    double u0 = app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID), c0 = app_bench_cpu_s(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < frames; i++)
        app_frame(a, plat_now());
    double t1 = plat_now();
    double u1 = app_bench_cpu_s(CLOCK_THREAD_CPUTIME_ID), c1 = app_bench_cpu_s(CLOCK_PROCESS_CPUTIME_ID);
    double k = frames > 0 ? 1000.0 / frames : 0.0;
    out->ms_per_frame = (t1 - t0) * k;
    out->ui_cpu_ms = (u1 - u0) * k;
    out->process_cpu_ms = (c1 - c0) * k;
    out->rounds = 0;
    out->whatif_ms = 0;
    out->whatif_lag = 0;
    app_destroy(a);
    plat_close(p);
    return 0;
}

int app_bench_startup(int w, int h, double *ms)
{
    double t0 = plat_now();
    char err[512];
    plat_Ctx *p = plat_open_offscreen(w, h, err, sizeof err);
    if (!p)
        return -1;
    app_State *a = NULL;
    if (app_create(&a, p, NULL, err, sizeof err) != 0) {
        plat_close(p);
        return -1;
    }
    app_frame(a, plat_now());
    *ms = (plat_now() - t0) * 1000.0;
    app_destroy(a);
    plat_close(p);
    return 0;
}
