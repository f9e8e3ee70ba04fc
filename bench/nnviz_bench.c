/* nnviz_bench.c - nnviz-bench: the engine on the tasks ../shared/bench/README.md
 * defines, so its figures sit beside PyTorch's, NumPy's and TensorFlow.js's.
 *
 *   T1  Playground spiral, 2-8-8-8-8-8-8-1 tanh, 1/2 squared error, SGD 0.03,
 *       batch 10, LCG32 data order and weights: steps/s, loss after 2000 steps
 *   T2  Fashion-MNIST 784-128-64-10 relu/softmax, sparse CCE, Adam 1e-3
 *       (eps 1e-8), batch 64, from numpy default_rng(0)'s Glorot weights and
 *       default_rng(1)'s epoch permutations as the reference scripts:
 *       seconds per epoch, test accuracy after epochs 1, 3, 5
 *   T3  T1's net after 2000 steps on a 100x100 grid over [-6,6]^2, every
 *       neuron's output kept: ms per grid (rows split over the processors)
 *   T4  the window's frame at 1280x800 while T1's net trains (see app/bench_frame.h)
 *   T5  the frame with four synchronized runs of T1's net, every run's heatmaps
 *       refreshed every frame (see app/bench_compare.h)
 *   T5w a what-if preview: T1's net re-trained 2000 steps from its start
 *   T5h T5 with the learning rate 1 hovered every frame: the ghost and the strip
 *       of the shown run re-trained within their budgets (APP_WH_TIME_S a frame);
 *       also the what-if's ms of a frame and the ghost's batches behind at the end
 *   T6  T1's net trained 10^6 steps with the timeline recording (core/timeline.h):
 *       the memory it holds, the median seek to a random earlier step, and the
 *       training speed with recording against without
 *   RACE      seven optimizers x 1000 steps on Rosenbrock (the race view's redraw)
 *   LANDSCAPE a 51x51 loss landscape of the spiral lesson's network
 *   LANDSCAPE_FASHION the same of the 784-128-64-10 Fashion-MNIST network over
 *             2000 training images
 *
 *   GIF the spiral lesson's next 5 s of training exported as a 640x400 GIF at
 *       10 frames a second (nnviz render --gif 5): wall time, target <= 10 s
 * Usage: nnviz-bench [--task T1|T2|T3|T4|T5|T5w|T5h|T6|RACE|LANDSCAPE|LANDSCAPE_FASHION|GIF|LESSON|T1H] [--json] [--runs N] [--epochs N] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The window's benchmarks are built with the app: nnviz-bench links nnviz_app. */
#include "app/bench_compare.h"
#include "app/bench_frame.h"
#include "app/bench_gif.h"
#include "app/bench_lesson.h"
#include "engine/dense.h"
#include "engine/infer.h"
#include "engine/metrics.h"
#include "engine/trainer.h"
#include "core/timeline.h"
#include "numpy_rng.h"
#include "bench_health.h"

#define T1_N 500
#define T1_STEPS 2000
#define T1_REFERENCE_LOSS 0.46741271

typedef struct {
    int json;
    int runs;
    int epochs;
    const char *task;
} BenchArgs;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Processor time of a clock (this thread's, or the whole process's) in s:
 * on a shared machine wall time also counts other programs' turns. */
static double cpu_now_s(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The 1-minute load average, or -1 where /proc/loadavg is not readable. */
static double load1(void)
{
    double l = -1.0;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1.0;
        fclose(f);
    }
    return l;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void die(const char *what, const char *err)
{
    fprintf(stderr, "nnviz-bench: %s: %s\n", what, err);
    exit(1);
}

/* ---- T1 / T3 ---------------------------------------------------------- */

typedef struct {
    nn_Dataset *data;
    nn_Model *model;
    nn_Optimizer *opt;
    nn_Trainer *trainer;
    nn_Evaluator *eval;
} T1Problem;

/* Data first (Playground's spiral, noise 0, then its shuffle: 500 LCG32
 * draws), then the weights from the same stream, as common.py builds them. */
static void t1_build(T1Problem *p)
{
    char err[256];
    nn_Rng unused, rng;
    nn_rng_seed(&unused, 0); /* noise 0: the generator's draws do not move the points */
    nn_Dataset *gen = NULL;
    if (nn_data_playground(&gen, NN_PG_SPIRAL, T1_N, 0.0, &unused, err, sizeof err) != NN_OK)
        die("spiral", err);
    nn_rng_seed_lcg32(&rng, 1);
    int order[T1_N];
    for (int i = 0; i < T1_N; i++)
        order[i] = i;
    nn_rng_shuffle_int(&rng, order, T1_N);
    if (nn_dataset_create(&p->data, NN_TASK_CLASSIFY, T1_N, 2, 1, 2, 0, err, sizeof err) != NN_OK)
        die("dataset", err);
    for (int i = 0; i < T1_N; i++) {
        p->data->x[2 * i] = gen->x[2 * order[i]];
        p->data->x[2 * i + 1] = gen->x[2 * order[i] + 1];
        p->data->label[i] = gen->label[order[i]];
    }
    nn_dataset_destroy(gen);

    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 7;
    arch.sizes[0] = 2;
    for (int l = 0; l < 7; l++) {
        arch.sizes[l + 1] = l == 6 ? 1 : 8;
        arch.act[l] = NN_ACT_TANH;
    }
    if (nn_model_create(&p->model, &arch, NN_LOSS_HALF_SQUARED, err, sizeof err) != NN_OK)
        die("model", err);
    nn_model_init(p->model, NN_INIT_UNIFORM, &rng); /* u - 0.5, biases 0.1 */
    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_SGD);
    oc.lr = 0.03f;
    if (nn_opt_create(&p->opt, &oc, p->model->n_params, err, sizeof err) != NN_OK)
        die("optimizer", err);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = 10;
    tc.shuffle = 0; /* rows [10k, 10k+10), k = step mod 50, like Playground */
    nn_rng_seed(&tc.rng, 1);
    if (nn_trainer_create(&p->trainer, p->model, p->opt, p->data, &tc, err, sizeof err) != NN_OK)
        die("trainer", err);
    if (nn_evaluator_create(&p->eval, &arch, T1_N, err, sizeof err) != NN_OK)
        die("evaluator", err);
}

static void t1_free(T1Problem *p)
{
    nn_evaluator_destroy(p->eval);
    nn_trainer_destroy(p->trainer);
    nn_opt_destroy(p->opt);
    nn_model_destroy(p->model);
    nn_dataset_destroy(p->data);
}

static double t1_loss(T1Problem *p)
{
    nn_Metrics m;
    nn_evaluate(p->eval, p->model, p->data, 0, &m, NULL);
    return m.loss;
}

/* Steps/s over >= 3 s and >= 2000 steps from init, excluding the loss
 * evaluation at step 2000. */
static double t1_run(double *loss2000)
{
    T1Problem p;
    t1_build(&p);
    double elapsed = 0.0, t0 = now_s();
    int64_t step = 0;
    for (;;) {
        nn_trainer_step_batch(p.trainer);
        step++;
        if (step == T1_STEPS) {
            elapsed += now_s() - t0;
            *loss2000 = t1_loss(&p);
            t0 = now_s();
        }
        if (step % 50 == 0 && step >= T1_STEPS) {
            double e = elapsed + (now_s() - t0);
            if (e >= 3.0) {
                elapsed = e;
                break;
            }
        }
    }
    t1_free(&p);
    return (double)step / elapsed;
}

static void bench_t1(const BenchArgs *a)
{
    double rates[16], loss = NAN, first = NAN;
    int runs = a->runs < 16 ? a->runs : 16;
    for (int r = 0; r < runs; r++) {
        rates[r] = t1_run(&loss);
        if (r == 0)
            first = loss;
    }
    double sps = median(rates, runs);
    if (a->json)
        printf("{\"task\":\"T1\",\"steps_per_s\":%.1f,\"loss_after_2000\":%.8f,\"reference_loss\":%.8f,"
               "\"kernels\":\"%s\"}\n",
               sps, first, T1_REFERENCE_LOSS, nn_dense_kernels()->name);
    else
        printf("T1 spiral 2-8x6-1 tanh SGD   %12.0f steps/s   loss@2000 %.8f (reference %.8f, %s)\n",
               sps, first, T1_REFERENCE_LOSS,
               fabs(first - T1_REFERENCE_LOSS) <= 1e-5 ? "match" : "MISMATCH");
    fflush(stdout);
}

static void bench_t3(const BenchArgs *a)
{
    T1Problem p;
    t1_build(&p);
    for (int s = 0; s < T1_STEPS; s++)
        nn_trainer_step_batch(p.trainer);
    enum { G = 100 };
    static float grid[G * G * 2];
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            grid[2 * (i * G + j)] = (float)(-6.0 + 12.0 * i / (G - 1));
            grid[2 * (i * G + j) + 1] = (float)(-6.0 + 12.0 * j / (G - 1));
        }
    char err[256];
    nn_Infer *inf = NULL;
    if (nn_infer_create(&inf, &p.model->arch, G * G, err, sizeof err) != NN_OK ||
        nn_infer_use_threads(inf, 0, err, sizeof err) != NN_OK)
        die("infer", err);
    nn_infer_run(inf, p.model, grid, G * G);
    double checksum = 0.0, out_mean = 0.0;
    for (int l = 0; l < p.model->arch.n_layers; l++)
        for (int i = 0; i < G * G * p.model->arch.sizes[l + 1]; i++)
            checksum += inf->a[l][i];
    for (int i = 0; i < G * G; i++)
        out_mean += inf->a[6][i];
    out_mean /= G * G;
    double runs_ms[8];
    for (int r = 0; r < 5; r++) {
        int n = 0;
        double t0 = now_s(), el;
        do {
            nn_infer_run(inf, p.model, grid, G * G);
            n++;
            el = now_s() - t0;
        } while (el < 0.5 || n < 10);
        runs_ms[r] = el / n * 1e3;
    }
    double ms = median(runs_ms, 5);
    if (a->json)
        printf("{\"task\":\"T3\",\"ms_per_grid\":%.4f,\"checksum_sum_all_neurons\":%.6f,"
               "\"output_mean\":%.8f}\n", ms, checksum, out_mean);
    else
        printf("T3 grid 100x100, 49 neurons  %12.4f ms        checksum %.4f, output mean %.6f\n", ms,
               checksum, out_mean);
    fflush(stdout);
    nn_infer_destroy(inf);
    t1_free(&p);
}

/* ---- T2 --------------------------------------------------------------- */

/* The reference scripts' epoch orders: numpy default_rng(1).permutation(60000)
 * once per epoch, drawn up front so any epoch can be replayed. */
typedef struct {
    int n, epochs;
    int *perms; /* (epochs, n) */
} T2Order;

static void t2_order(void *ctx, int64_t epoch, int *perm, int n)
{
    const T2Order *o = ctx;
    if (epoch < o->epochs && n == o->n)
        memcpy(perm, o->perms + (size_t)epoch * n, (size_t)n * sizeof *perm);
    else
        for (int i = 0; i < n; i++)
            perm[i] = i;
}

static void bench_t2(const BenchArgs *a)
{
    char err[256];
    nn_Dataset *train = NULL, *test = NULL;
    if (nn_data_fashion(&train, NULL, 0, err, sizeof err) != NN_OK ||
        nn_data_fashion(&test, NULL, 1, err, sizeof err) != NN_OK)
        die("Fashion-MNIST", err);
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 3;
    arch.sizes[0] = 784, arch.sizes[1] = 128, arch.sizes[2] = 64, arch.sizes[3] = 10;
    arch.act[0] = NN_ACT_RELU, arch.act[1] = NN_ACT_RELU, arch.act[2] = NN_ACT_SOFTMAX;
    double run_means[16];
    double accs[16][3];
    int runs = a->runs < 16 ? a->runs : 16;
    T2Order order = {train->n, a->epochs, malloc((size_t)a->epochs * train->n * sizeof(int))};
    if (!order.perms)
        die("T2", "out of memory for the epoch orders");
    NpRng perm_rng;
    np_default_rng(&perm_rng, 1);
    for (int e = 0; e < a->epochs; e++)
        np_permutation(&perm_rng, order.perms + (size_t)e * train->n, train->n);
    for (int run = 0; run < runs; run++) {
        nn_Model *m = NULL;
        nn_Optimizer *opt = NULL;
        nn_Trainer *t = NULL;
        nn_Evaluator *ev = NULL;
        if (nn_model_create(&m, &arch, NN_LOSS_SPARSE_CCE, err, sizeof err) != NN_OK)
            die("model", err);
        /* Glorot-uniform from numpy default_rng(0), drawn in (out, in) order
         * as common.py's t2_init, zero biases: the reference weights */
        NpRng g;
        np_default_rng(&g, 0);
        for (int l = 0; l < 3; l++) {
            int in = arch.sizes[l], out = arch.sizes[l + 1];
            double lim = sqrt(6.0 / (in + out));
            for (int j = 0; j < out; j++)
                for (int i = 0; i < in; i++)
                    m->W[l][(size_t)i * out + j] = (float)np_uniform(&g, -lim, lim);
        }
        /* Adam lr 1e-3, betas 0.9/0.999 and the task's eps 1e-8, with
         * Keras's update rule (eps outside the bias-corrected root) */
        nn_OptConfig oc;
        nn_opt_config_default(&oc, NN_OPT_ADAM);
        oc.epsilon = 1e-8f;
        if (nn_opt_create(&opt, &oc, m->n_params, err, sizeof err) != NN_OK)
            die("optimizer", err);
        nn_TrainConfig tc;
        memset(&tc, 0, sizeof tc);
        tc.batch_size = 64;
        tc.shuffle = 1;
        tc.order = t2_order;
        tc.order_ctx = &order;
        nn_rng_seed(&tc.rng, 1);
        if (nn_trainer_create(&t, m, opt, train, &tc, err, sizeof err) != NN_OK)
            die("trainer", err);
        if (nn_evaluator_create(&ev, &arch, 1000, err, sizeof err) != NN_OK)
            die("evaluator", err);
        double sum = 0.0;
        for (int ep = 1; ep <= a->epochs; ep++) {
            double t0 = now_s();
            if (nn_trainer_step_epoch(t) != NN_OK)
                die("T2", "training diverged");
            double dt = now_s() - t0;
            sum += dt;
            if (!a->json)
                fprintf(stderr, "T2 run %d epoch %d: %.3f s\n", run, ep, dt);
            if (ep == 1 || ep == 3 || ep == 5) {
                nn_Metrics mt;
                nn_evaluate(ev, m, test, 0, &mt, NULL);
                accs[run][ep / 2] = mt.accuracy;
            }
        }
        run_means[run] = sum / a->epochs;
        nn_evaluator_destroy(ev);
        nn_trainer_destroy(t);
        nn_opt_destroy(opt);
        nn_model_destroy(m);
    }
    double s = median(run_means, runs);
    if (a->json)
        printf("{\"task\":\"T2\",\"s_per_epoch\":%.4f,\"test_acc\":[%.4f,%.4f,%.4f],"
               "\"epochs\":[1,3,5],\"adam_eps\":1e-8}\n",
               s, accs[0][0], accs[0][1], accs[0][2]);
    else
        printf("T2 Fashion-MNIST 784-128-64-10 %10.4f s/epoch   test acc e1/e3/e5 %.4f/%.4f/%.4f\n", s,
               accs[0][0], accs[0][1], accs[0][2]);
    fflush(stdout);
    free(order.perms);
    nn_dataset_destroy(train);
    nn_dataset_destroy(test);
}

static void bench_t4(const BenchArgs *a)
{
    double ms = 0.0, startup = 0.0;
    app_BenchFrames f;
    if (app_bench_frames_measure(1280, 800, 300, &f) != 0 || app_bench_startup(1280, 800, &startup) != 0)
        die("T4", "the offscreen frame could not be drawn");
    ms = f.ms_per_frame;
    if (a->json)
        printf("{\"task\":\"T4\",\"ms_per_frame\":%.3f,\"startup_ms\":%.1f,\"ui_cpu_ms_per_frame\":%.3f,"
               "\"cpu_ms_per_frame\":%.3f,\"load1\":%.2f}\n",
               ms, startup, f.ui_cpu_ms, f.process_cpu_ms, load1());
    else
        printf("T4 frame 1280x800 training    %12.3f ms/frame  start-up to first frame %.1f ms\n", ms,
               startup);
    fflush(stdout);
}

/* ---- RACE / LANDSCAPE: the optimizer race and the loss landscape ------- */

#include "race/landscape.h"
#include "race/race_config.h"
#include "race/race_path.h"
#include "engine/session.h"

/* Seven optimizers x 1000 steps on Rosenbrock from (-1.5, 2), as a slider
 * moving in the race view recomputes them (paths allocated once). */
static void bench_race(const BenchArgs *a)
{
    char err[256];
    race_Racers racers;
    race_Overrides ov = race_overrides_none();
    ov.lr = 0.001;
    if (race_racers_parse(&racers, "all", &ov, err, sizeof err) != NN_OK)
        die("race", err);
    race_Surface surf = race_surface_default(RACE_SURF_ROSENBROCK);
    race_Path *path[RACE_MAX_RACERS];
    for (int k = 0; k < racers.n; k++)
        if (race_path_create(&path[k], 1000, err, sizeof err) != NN_OK)
            die("race", err);
    double runs_ms[5], fsum = 0;
    for (int r = 0; r < 5; r++) {
        int n = 0;
        double t0 = now_s(), el;
        do {
            for (int k = 0; k < racers.n; k++)
                race_path_run(path[k], &surf, &racers.cfg[k], -1.5f, 2.0f, err, sizeof err);
            n++;
            el = now_s() - t0;
        } while (el < 0.3 || n < 10);
        runs_ms[r] = el / n * 1e3;
    }
    for (int k = 0; k < racers.n; k++)
        fsum += path[k]->f[path[k]->n - 1];
    double ms = median(runs_ms, 5);
    if (a->json)
        printf("{\"task\":\"RACE\",\"ms_per_race\":%.4f,\"sum_final_f\":%.6f}\n", ms, fsum);
    else
        printf("RACE 7 optimizers x 1000      %12.4f ms        Rosenbrock, sum of final f %.6f\n", ms,
               fsum);
    fflush(stdout);
    for (int k = 0; k < racers.n; k++)
        race_path_destroy(path[k]);
}

/* A 51x51 loss landscape along two filter-normalized directions of the
 * lesson's network, trained `batches` batches, over its first `max_rows`
 * training rows (0 = all): the time of one grid, median of 5 runs. */
static void landscape_figure(const BenchArgs *a, const char *task, const char *lesson,
                             int max_rows, long batches, const char *what)
{
    char err[512];
    nn_Experiment e;
    nn_Session *s = NULL;
    if (nn_experiment_load(&e, lesson, err, sizeof err) != NN_OK)
        die(task, err);
    if (max_rows > 0)
        e.data.max_rows = max_rows;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK)
        die(task, err);
    for (long k = 0; k < batches; k++)
        nn_trainer_step_batch(s->trainer);
    size_t n = s->model->n_params;
    float *d1 = malloc(n * sizeof *d1), *d2 = malloc(n * sizeof *d2);
    enum { G = 51 };
    static float ax[G], loss[G * G];
    if (!d1 || !d2)
        die(task, "out of memory");
    nn_Rng rng;
    nn_rng_seed(&rng, 1);
    race_dir_random_filter_norm(s->model, &rng, d1);
    race_dir_random_filter_norm(s->model, &rng, d2);
    for (int i = 0; i < G; i++)
        ax[i] = (float)(-1.0 + 2.0 * i / (G - 1));
    race_Landscape *L = NULL;
    if (race_landscape_create(&L, s->model, err, sizeof err) != NN_OK)
        die(task, err);
    double runs_ms[5], cpu_ms[5];
    for (int r = 0; r < 5; r++) {
        int k = 0;
        double t0 = now_s(), el, c0 = cpu_now_s(CLOCK_PROCESS_CPUTIME_ID);
        do {
            if (race_landscape_grid(L, s->model, s->train, s->spec.data.features, d1, d2, ax, G, ax,
                                    G, loss, err, sizeof err) != NN_OK)
                die(task, err);
            k++;
            el = now_s() - t0;
        } while (el < 0.3); /* a grid of seconds is timed once a run */
        runs_ms[r] = el / k * 1e3;
        cpu_ms[r] = (cpu_now_s(CLOCK_PROCESS_CPUTIME_ID) - c0) / k * 1e3;
    }
    double ms = median(runs_ms, 5), cms = median(cpu_ms, 5);
    if (a->json)
        printf("{\"task\":\"%s\",\"ms_per_landscape\":%.4f,\"rows\":%d,\"center_loss\":%.6f,"
               "\"cpu_ms_per_landscape\":%.4f,\"load1\":%.2f}\n",
               task, ms, s->train->n, (double)loss[(G / 2) * G + G / 2], cms, load1());
    else
        printf("%-29s %12.4f ms        %d training rows, loss at centre %.6f\n", what, ms,
               s->train->n, (double)loss[(G / 2) * G + G / 2]);
    fflush(stdout);
    race_landscape_destroy(L);
    free(d1);
    free(d2);
    nn_session_destroy(s);
}

/* The spiral lesson's network over its whole training set, after 20 epochs. */
static void bench_landscape(const BenchArgs *a)
{
    char err[512];
    nn_Experiment e;
    nn_Session *s = NULL;
    if (nn_experiment_load(&e, NNVIZ_LESSON_DIR "/spiral.ini", err, sizeof err) != NN_OK ||
        nn_session_create(&s, &e, err, sizeof err) != NN_OK)
        die("landscape", err);
    long batches = 20L * nn_trainer_batches_per_epoch(s->trainer);
    nn_session_destroy(s);
    landscape_figure(a, "LANDSCAPE", NNVIZ_LESSON_DIR "/spiral.ini", 0, batches,
                     "LANDSCAPE 51x51 spiral");
}

/* The Fashion-MNIST lesson's 784-128-64-10 network over its first 2000
 * training images, after 100 batches (relu units partly off, as in training). */
static void bench_landscape_fashion(const BenchArgs *a)
{
    landscape_figure(a, "LANDSCAPE_FASHION", NNVIZ_LESSON_DIR "/fashion-mnist.ini", 2000, 100,
                     "LANDSCAPE_FASHION 51x51");
}

/* T5h: T5 with the learning rate 1 hovered every frame (what-if while compared). */
static void bench_t5h(const BenchArgs *a)
{
    app_BenchFrames f;
    if (app_bench_compare_whatif_measure(1280, 800, 300, &f) != 0)
        die("T5h", "the offscreen frame could not be drawn");
    if (a->json)
        printf("{\"task\":\"T5h\",\"ms_per_frame\":%.3f,\"runs\":4,\"rounds_per_frame\":%.1f,"
               "\"ui_cpu_ms_per_frame\":%.3f,\"cpu_ms_per_frame\":%.3f,\"load1\":%.2f,"
               "\"whatif_ms_per_frame\":%.3f,\"whatif_lag_steps\":%lld}\n",
               f.ms_per_frame, f.rounds / 300.0, f.ui_cpu_ms, f.process_cpu_ms, load1(),
               f.whatif_ms, f.whatif_lag);
    else
        printf("T5h 4 runs, what-if hovered   %12.3f ms/frame  what-if %.3f ms of it, ghost %lld "
               "batches behind at the end\n", f.ms_per_frame, f.whatif_ms, f.whatif_lag);
    fflush(stdout);
}

static void bench_t5(const BenchArgs *a)
{
    app_BenchFrames f;
    if (app_bench_compare_measure(1280, 800, 300, &f) != 0)
        die("T5", "the offscreen frame could not be drawn");
    double ms = f.ms_per_frame;
    long long rounds = f.rounds;
    if (a->json)
        printf("{\"task\":\"T5\",\"ms_per_frame\":%.3f,\"runs\":4,\"rounds_per_frame\":%.1f,"
               "\"ui_cpu_ms_per_frame\":%.3f,\"cpu_ms_per_frame\":%.3f,\"load1\":%.2f}\n",
               ms, rounds / 300.0, f.ui_cpu_ms, f.process_cpu_ms, load1());
    else
        printf("T5 frame 1280x800, 4 runs     %12.3f ms/frame  %.1f lockstep rounds a frame\n", ms,
               rounds / 300.0);
    fflush(stdout);
}

/* T5w: one what-if preview re-trains T1's net from its start (weights,
 * optimizer state and batch order restored) for 2000 steps at another
 * learning rate. Median over 8 values from 1e-4 to 10, as a strip would. */
static void bench_t5w(const BenchArgs *a)
{
    T1Problem p;
    t1_build(&p);
    float *start = malloc(p.model->n_params * sizeof *start);
    if (!start)
        die("T5w", "out of memory");
    memcpy(start, p.model->params, p.model->n_params * sizeof *start);
    static const float lrs[8] = {1e-4f, 1e-3f, 3e-3f, 0.01f, 0.03f, 0.3f, 1.0f, 10.0f};
    double ms[8 * 4], cpu[8 * 4];
    int n = 0;
    for (int rep = 0; rep < (a->runs < 4 ? a->runs : 4); rep++)
        for (int k = 0; k < 8; k++) {
            double t0 = now_s(), c0 = cpu_now_s(CLOCK_THREAD_CPUTIME_ID);
            memcpy(p.model->params, start, p.model->n_params * sizeof *start);
            nn_opt_reset(p.opt);
            p.opt->cfg.lr = lrs[k];
            nn_trainer_reset(p.trainer);
            for (int s = 0; s < T1_STEPS; s++)
                if (nn_trainer_step_batch(p.trainer) != NN_OK)
                    break; /* a diverged preview stops early, as the strip would show it */
            cpu[n] = (cpu_now_s(CLOCK_THREAD_CPUTIME_ID) - c0) * 1000.0;
            ms[n++] = (now_s() - t0) * 1000.0;
        }
    double med = median(ms, n), cpu_med = median(cpu, n);
    if (a->json)
        printf("{\"task\":\"T5w\",\"ms_per_preview\":%.3f,\"steps\":%d,\"cpu_ms_per_preview\":%.3f,"
               "\"load1\":%.2f}\n", med, T1_STEPS, cpu_med, load1());
    else
        printf("T5w what-if preview           %12.3f ms/preview (%d steps from the start)\n", med,
               T1_STEPS);
    fflush(stdout);
    free(start);
    t1_free(&p);
}

/* ---- T6 ------------------------------------------------------------------ */

#define T6_STEPS 1000000
#define T6_SEEKS 201

/* T1's objects seen as a session, which is what the timeline keeps. */
static void t6_session(T1Problem *p, nn_Session *s)
{
    memset(s, 0, sizeof *s);
    s->model = p->model;
    s->opt = p->opt;
    s->trainer = p->trainer;
    s->train = p->data;
    s->spec.batch_size = 10;
}

/* Trains steps [from, to) (1-based counts after the step), recording into
 * t when not NULL; the parameters at step probe are kept. Seconds taken. */
static double t6_train(T1Problem *p, nn_Session *s, app_Timeline *t, size_t *most,
                       int64_t from, int64_t to, float *at_probe, int64_t probe)
{
    double t0 = now_s();
    for (int64_t k = from; k < to; k++) {
        nn_trainer_step_batch(p->trainer);
        if (t) {
            app_timeline_after_batch(t, s);
            if (t->bytes > *most)
                *most = t->bytes;
        }
        if (k == probe)
            memcpy(at_probe, p->model->params, p->model->n_params * sizeof(float));
    }
    return now_s() - t0;
}

static void bench_t6(const BenchArgs *a)
{
    T1Problem plain, rec;
    t1_build(&plain);
    t1_build(&rec);
    nn_Session s;
    t6_session(&rec, &s);
    app_Timeline t;
    char err[256];
    if (app_timeline_init(&t, &s, APP_TIMELINE_BUDGET, err, sizeof err) != 0)
        die("T6", err);
    size_t most = 0;
    int64_t probe = 777777;
    float *at = malloc(rec.model->n_params * sizeof *at);
    if (!at)
        die("T6", "out of memory");
    /* the two runs in alternating blocks, so a busy moment of the machine
     * falls on both alike */
    double sec_plain = 0, sec_rec = 0;
    const int64_t block = T6_STEPS / 20;
    for (int64_t k = 1; k <= T6_STEPS; k += block) {
        sec_plain += t6_train(&plain, NULL, NULL, NULL, k, k + block, at, -1);
        sec_rec += t6_train(&rec, &s, &t, &most, k, k + block, at, probe);
    }
    double sps_plain = T6_STEPS / sec_plain, sps_rec = T6_STEPS / sec_rec;
    /* seeks to random earlier steps: restore the checkpoint before, replay */
    uint32_t lcg = 12345;
    double ms[T6_SEEKS];
    for (int i = 0; i < T6_SEEKS; i++) {
        lcg = 1664525u * lcg + 1013904223u;
        int64_t to = (int64_t)((double)lcg / 4294967296.0 * T6_STEPS);
        double t0 = now_s();
        if (app_timeline_restore(&t, &s, to, err, sizeof err) != 0)
            die("T6 seek", err);
        while (nn_trainer_cursor(rec.trainer).step < to) {
            nn_trainer_step_batch(rec.trainer);
            app_timeline_after_batch(&t, &s);
        }
        ms[i] = (now_s() - t0) * 1e3;
    }
    /* and the step kept aside during training comes back bit for bit */
    if (app_timeline_restore(&t, &s, probe, err, sizeof err) != 0)
        die("T6 seek", err);
    while (nn_trainer_cursor(rec.trainer).step < probe)
        nn_trainer_step_batch(rec.trainer);
    int exact = memcmp(at, rec.model->params, rec.model->n_params * sizeof *at) == 0;
    double mb = (double)most / (1 << 20), med = median(ms, T6_SEEKS);
    double ratio = sps_rec / sps_plain;
    if (a->json)
        printf("{\"task\":\"T6\",\"mb\":%.2f,\"ms_per_seek\":%.3f,\"steps\":%d,"
               "\"steps_per_s_recording\":%.1f,\"steps_per_s_plain\":%.1f,\"speed_ratio\":%.3f,"
               "\"checkpoint_spacing\":%lld,\"exact\":%s}\n",
               mb, med, T6_STEPS, sps_rec, sps_plain, ratio, (long long)t.br[0].every,
               exact ? "true" : "false");
    else
        printf("T6 timeline over 10^6 T1 steps %8.2f MB  %8.3f ms/seek (median of %d)  "
               "recording %.0f steps/s = %.0f%% of %.0f; every %lld steps kept; replay %s\n",
               mb, med, T6_SEEKS, sps_rec, 100 * ratio, sps_plain, (long long)t.br[0].every,
               exact ? "exact" : "NOT EXACT");
    fflush(stdout);
    free(at);
    app_timeline_free(&t);
    t1_free(&plain);
    t1_free(&rec);
}

/* ---- T1H: the window's health log on T1's network (bench_health.c) ---- */

static void bench_t1h(const BenchArgs *a)
{
    if (bench_health_t1h(a->json) != 0)
        die("T1H", "could not build T1's network");
}

/* ---- GIF: the export for slides ----------------------------------------- */

static void bench_gif(const BenchArgs *a)
{
    /* 640x400 pixels of the 1280x800 window's picture (--scale 0.5): the
     * layout a class sees, as the window's F key records it */
    double best = 1e30, sum = 0, cpu = 0;
    long bytes = 0;
    char err[512] = "";
    for (int r = 0; r < a->runs; r++) {
        double s = 0, c = 0;
        if (app_bench_gif(1280, 800, 0.5f, 5.0, 10, &s, &c, &bytes, err, sizeof err) != 0)
            die("GIF", err);
        best = s < best ? s : best;
        sum += s;
        cpu += c;
    }
    if (a->json)
        printf("{\"task\":\"GIF\",\"s_best\":%.3f,\"s_mean\":%.3f,\"cpu_s_mean\":%.3f,"
               "\"frames\":50,\"bytes\":%ld}\n",
               best, sum / a->runs, cpu / a->runs, bytes);
    else
        printf("GIF spiral 5 s, 640x400, 10 fps %9.3f s (best of %d, mean %.3f, cpu %.3f; target <= 10)  %ld bytes\n",
               best, a->runs, sum / a->runs, cpu / a->runs, bytes);
    fflush(stdout);
}

/* LESSON: the xor lesson (5 steps) opened to its first frame (target <= 150
 * ms), the frame that switches the language live (<= one frame), frames
 * with the narration in Chinese (within T4's 8 ms), and the resident memory
 * the Chinese font adds (<= 40 MB). */
static void bench_lesson(const BenchArgs *a)
{
    char path[1100], err[512] = "";
    snprintf(path, sizeof path, "%s/xor.ini", NNVIZ_LESSON_DIR);
    double open_best = 1e30, sw = 0, en = 0, zh = 0, cpu = 0, rss_en = 0, rss_zh = 0;
    double settle_worst = 0, sw_cpu = 0, warm = 0;
    int settle = 0;
    for (int r = 0; r < a->runs; r++) {
        app_BenchLesson b;
        if (app_bench_lesson(path, 1280, 800, 200, &b, err, sizeof err) != 0)
            die("LESSON", err);
        open_best = b.open_ms < open_best ? b.open_ms : open_best;
        sw = b.switch_frame_ms > sw ? b.switch_frame_ms : sw;
        en += b.frame_ms_en / a->runs;
        zh += b.frame_ms_zh / a->runs;
        cpu += b.ui_cpu_ms_zh / a->runs;
        rss_en = b.rss_mb_en;
        rss_zh = b.rss_mb_zh;
        settle = b.settle_frames > settle ? b.settle_frames : settle;
        sw_cpu = b.switch_cpu_ms > sw_cpu ? b.switch_cpu_ms : sw_cpu;
        settle_worst = b.settle_worst_ms > settle_worst ? b.settle_worst_ms : settle_worst;
        warm = b.warm_ms > warm ? b.warm_ms : warm;
    }
    if (a->json)
        printf("{\"task\":\"LESSON\",\"open_ms\":%.1f,\"switch_frame_ms\":%.2f,\"frame_ms_en\":%.3f,"
               "\"frame_ms_zh\":%.3f,\"ui_cpu_ms_zh\":%.3f,\"rss_mb_en\":%.1f,\"rss_mb_zh\":%.1f,"
               "\"load1\":%.2f,\"settle_frames\":%d,\"settle_worst_ms\":%.2f,\"switch_cpu_ms\":%.2f,"
               "\"warm_ahead_ms\":%.1f}\n",
               open_best, sw, en, zh, cpu, rss_en, rss_zh, load1(), settle, settle_worst, sw_cpu, warm);
    else
        printf("LESSON xor: open to first frame %.1f ms (<= 150), language switch frame %.2f ms, "
               "frames en %.3f / zh %.3f ms (zh UI cpu %.3f; <= 8), resident %.1f -> %.1f MB (+%.1f, <= 40), "
               "glyphs settled in %d more frames (worst %.2f ms), rendered ahead in %.1f ms of idle time\n",
               open_best, sw, en, zh, cpu, rss_en, rss_zh, rss_zh - rss_en, settle, settle_worst, warm);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    BenchArgs a = {0, 3, 5, NULL};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            a.json = 1;
        } else if (strcmp(argv[i], "--task") == 0 && i + 1 < argc) {
            a.task = argv[++i];
        } else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            a.runs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--epochs") == 0 && i + 1 < argc) {
            a.epochs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            puts("usage: nnviz-bench [--task T1|T2|T3|T4|T5|T5w|T5h|T6|RACE|LANDSCAPE|LANDSCAPE_FASHION|GIF|LESSON|T1H] [--json] [--runs N] [--epochs N]");
            return 0;
        } else {
            fprintf(stderr, "nnviz-bench: unknown argument '%s' (see --help)\n", argv[i]);
            return 2;
        }
    }
    if (a.runs < 1 || a.epochs < 1 || a.epochs > 100) {
        fprintf(stderr, "nnviz-bench: --runs and --epochs must be positive (epochs <= 100)\n");
        return 2;
    }
    /* one row per task, in the order a full run takes them */
    static const struct {
        const char *name;
        void (*run)(const BenchArgs *);
    } tasks[] = {
        {"T1", bench_t1},
        {"T3", bench_t3},
        {"T2", bench_t2},
        {"T4", bench_t4},
        {"RACE", bench_race},
        {"LANDSCAPE", bench_landscape},
        {"LANDSCAPE_FASHION", bench_landscape_fashion},
        {"T5", bench_t5},
        {"T5w", bench_t5w},
        {"T5h", bench_t5h},
        {"T6", bench_t6},
        {"GIF", bench_gif},
        {"LESSON", bench_lesson},
        {"T1H", bench_t1h},
    };
    int ran = 0;
    if (!a.json)
        printf("nnviz-bench (dense kernels: %s)\n", nn_dense_kernels()->name);
    for (size_t k = 0; k < sizeof tasks / sizeof tasks[0]; k++) {
        if (a.task && strcasecmp(a.task, tasks[k].name) != 0)
            continue;
        ran = 1;
        tasks[k].run(&a);
    }
    if (!ran) {
        fprintf(stderr, "nnviz-bench: unknown task '%s' (see --help)\n", a.task);
        return 2;
    }
    return 0;
}
