/* bench_frame.h - the window's frame benchmark (T4), drawn offscreen. */
#ifndef NNVIZ_BENCH_FRAME_H
#define NNVIZ_BENCH_FRAME_H

#include "engine/experiment.h"

/* What a frame benchmark measured: wall time, the drawing (UI) thread's
 * processor time and the whole process's (training thread included) per
 * frame, so a figure taken on a shared, loaded machine can still be read. */
typedef struct {
    double ms_per_frame;     /* wall */
    double ui_cpu_ms;        /* the UI thread's CPU time per frame */
    double process_cpu_ms;   /* every thread's CPU time per frame */
    long long rounds;        /* lockstep rounds trained meanwhile */
    double whatif_ms;        /* the what-if catch-up's wall time per frame (T5h) */
    long long whatif_lag;    /* batches the ghost was short of the step at the end (T5h) */
} app_BenchFrames;

/* Draws `frames` full frames of w x h with SDL's software renderer while the
 * T1 network (Playground spiral, 2-8-8-8-8-8-8-1 tanh, SGD 0.03, batch 10)
 * trains at full speed, per-neuron heatmaps refreshed every frame.
 * *ms_per_frame receives the mean wall time of a frame. 0, or -1 on failure. */
int app_bench_frames(int w, int h, int frames, double *ms_per_frame);
/* The same, with processor times as well (rounds: 0). 0, or -1. */
int app_bench_frames_measure(int w, int h, int frames, app_BenchFrames *out);
/* Seconds of processor time of a clock (CLOCK_THREAD_CPUTIME_ID, ...). */
double app_bench_cpu_s(int clock_id);
/* The T1 lesson: Playground spiral, hidden_layers x 8 tanh units, tanh
 * output, 1/2 squared error, SGD 0.03, batch 10 (T4 uses 6 hidden layers). */
void app_t1_spec(nn_Experiment *e, int hidden_layers);
/* Milliseconds from nothing to the first frame drawn offscreen at w x h. */
int app_bench_startup(int w, int h, double *ms);

#endif
