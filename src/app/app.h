/* app.h - the window's state and its frame.
 *
 * Training at play speed runs on its own thread (app_worker.c), which steps
 * batches in short chunks while holding the training lock. One frame, in
 * order (see app_frame):
 *   1. sync: under the lock, actions requested by last frame's widgets and
 *      by shortcuts are applied to the session, and what the frame draws is
 *      copied into the snapshot (a->snap); the lock is then released, so
 *      training goes on while the frame is drawn;
 *   2. metrics and heatmaps are recomputed from the snapshot's model;
 *   3. the UI pass builds the panels (widgets read the snapshot and the data
 *      sets, and record actions instead of changing the session);
 *   4. the platform layer replays the command lists.
 * Only the UI thread replaces the session's objects, and only under the
 * lock, so it may read the data sets and the spec without it.
 * Nothing here includes SDL; drawing goes through ui_* commands and plat_*. */
#ifndef NNVIZ_APP_H
#define NNVIZ_APP_H

#include <stdint.h>

#include "engine/session.h"
#include "platform/plat.h"
#include "ui/ui.h"
#include "viz/viz_net.h"

#define APP_MAX_SHOWN 12     /* tiles drawn per network column */
#define APP_GRID_SMALL 32    /* per-neuron heatmap resolution */
#define APP_GRID_BIG 100     /* output heatmap resolution */
#define APP_DOMAIN 6.0f      /* Playground's input plane: [-6, 6]^2 */
#define APP_THUMB 48         /* data-set thumbnail resolution */

typedef enum { APP_EDGE_WEIGHT = 0, APP_EDGE_GRAD, APP_EDGE_UPDATE } app_EdgeMode;

/* How the data is shown. */
typedef enum {
    APP_VIEW_PLANE = 0, /* 2 raw inputs: heatmaps over the plane (Playground) */
    APP_VIEW_LINE,      /* 1 input, regression: scatter and fitted curve */
    APP_VIEW_IMAGE,     /* images (784 inputs): input image, weight images, bars */
    APP_VIEW_OTHER      /* anything else: one sample's activations, bars */
} app_View;

/* Actions widgets and shortcuts request; applied at the start of the next update. */
enum {
    APP_ACT_RESET = 1u << 0,      /* re-initialize weights, keep the spec */
    APP_ACT_REBUILD = 1u << 1,    /* spec changed: rebuild the session */
    APP_ACT_SET_OPT = 1u << 2,    /* optimizer / learning rate: keep weights */
    APP_ACT_STEP_BATCH = 1u << 3,
    APP_ACT_STEP_EPOCH = 1u << 4,
    APP_ACT_STEP_PHASE = 1u << 5,
    APP_ACT_SCREENSHOT = 1u << 6,
    APP_ACT_EXPORT_CSV = 1u << 7,
    APP_ACT_EXPORT_MODEL = 1u << 8,
    APP_ACT_LIVE_REG = 1u << 9,   /* regularization changed: applied to the model live */
    APP_ACT_RESHAPE = 1u << 10,   /* batch size changed: new trainer, weights kept */
    APP_ACT_SET_PARAM = 1u << 11, /* a weight or bias typed in (a->set_param) */
    APP_ACT_POINT = 1u << 12      /* a point drawn or removed (a->point) */
};

#define APP_PROBE_MAX 8 /* incoming weights the inspector lists */

/* The inspected neuron's numbers for one row of the current batch, copied
 * from the trainer's intermediates. Fields are valid as their phase ran. */
typedef struct {
    int layer, unit;          /* dense layer l (0-based) and unit j */
    int rows;                 /* rows in the batch (0: no batch has run) */
    int row;                  /* batch row shown */
    int data_row;             /* its row in the training set */
    int n_in;                 /* incoming weights */
    int have_fwd;             /* z and a of this layer are for this batch */
    int have_bwd;             /* delta, dW, db of this layer are for this batch */
    int have_upd;             /* the update of this batch was applied */
    float z, act, delta, db, bias, ub; /* ub: change of the bias just applied */
    int n_list;               /* inputs listed, largest |w a| first */
    int idx[APP_PROBE_MAX];
    float w[APP_PROBE_MAX], x[APP_PROBE_MAX], dw[APP_PROBE_MAX], uw[APP_PROBE_MAX];
    double sum_wx;            /* sum over every input of w a */
    double rest_wx;           /* ... over the inputs not listed */
} app_Probe;

/* What the frame draws, copied from the session under the training lock. */
typedef struct {
    nn_Model *model;          /* the session model's parameters (same architecture) */
    nn_Cursor cursor;
    int batches_per_epoch;
    int phases;               /* phases per batch */
    nn_Phase last_phase;
    float *grads, *update;    /* (n_params) laid out like params, when have_grads */
    size_t n_grads;
    int have_grads;
    nn_EpochRecord *history;  /* copy of the session's history */
    int64_t n_history, cap_history;
    int have_probe;
    app_Probe probe;
} app_Snap;

struct app_Worker;

/* Heatmap workspaces and textures (app_heat.c). */
typedef struct {
    nn_Arch arch;            /* architecture the workspaces were made for */
    uint32_t features;
    int view;
    int ready;
    nn_Infer *small;         /* APP_GRID_SMALL^2 rows, every neuron kept */
    nn_Infer *big;           /* APP_GRID_BIG^2 rows (the output plot) */
    nn_Infer *one;           /* one row: the current sample */
    float *xs, *xb;          /* grid inputs, features applied */
    int tex[NN_MAX_LAYERS + 1][APP_MAX_SHOWN]; /* col 0 inputs, col l+1 layer l */
    int tex_out;
    int tex_input_img;       /* image view: the current input */
    int tex_thumb[NN_PG_COUNT];
    uint32_t *px;            /* scratch pixels */
    float dom[4];            /* x1 lo, x1 hi, x2 lo, x2 hi of the plots */
    int64_t drawn_step;      /* trainer step the textures show (-1: stale) */
    float *curve_x, *curve_y;/* line view: the fitted curve */
    int curve_n;
} app_Heat;

typedef struct {
    ui_Rect top, hyper, data, net, out, chart, status;
} app_Layout;

typedef struct {
    plat_Ctx *plat;           /* borrowed */
    ui_Context ui;
    ui_Input input;
    nn_Session *s;
    nn_Experiment spec;       /* what the controls edit; the session is rebuilt from it */
    char source[1024];        /* file the lesson came from ("" for the built-in one) */
    unsigned pending;         /* APP_ACT_* bits */
    int custom_data;          /* the training set was drawn by hand */

    /* transport */
    int playing;
    int speed;                /* index into app_speeds */
    double epoch_t0;          /* clock at the start of the running epoch (under the lock) */
    int phase_view;           /* stepping by phase: the network shows where */
    struct app_Worker *worker;/* the training thread and its lock */
    app_Snap snap;            /* this frame's copy of the session */
    nn_Evaluator *eval;       /* metrics of the snapshot (the session's is the trainer's) */
    nn_Arch eval_arch;

    /* requests applied at the next sync */
    struct { int layer, i, j; float v; } set_param; /* j < 0: bias */
    struct { int add; float x1, x2; int cls; } point;
    struct {
        int active;           /* a neuron is inspected */
        int layer, unit;      /* dense layer and unit */
        int row;              /* batch row asked for */
    } inspect;
    ui_Rect inspect_rect;     /* the inspector as drawn last frame */

    /* views */
    int edge_mode;
    int show_test, discretize, log_loss, show_acc, help;
    int draw_class;           /* class a left click adds (1 blue, 0 orange) */
    float zoom;               /* presenter zoom (Ctrl +/-) */
    float scale;              /* zoom x window-size scale, this frame */
    app_Layout lay;
    viz_NetLayout net;        /* network geometry of this frame */
    ui_Rect plot;             /* output plot rectangle of this frame */
    int sample;               /* current input row (image/other views) */

    /* live figures */
    nn_Metrics m_train, m_test;
    int64_t metrics_step;     /* step the metrics were computed at (-1 stale) */
    double metrics_time;
    int64_t *confusion;       /* (classes, classes) on the test (else train) set */
    int n_conf;

    app_Heat heat;

    struct {
        int active;
        int layer, i, j;      /* j < 0: the bias of unit i */
        char buf[32];
        int x, y;
        int fresh;            /* nothing typed yet: the first key replaces the value */
    } edit;

    char status[256];
    int status_error;
    double status_until;
    double now, last_now, frame_ms;
    int64_t frames;
    int quit;
    char shot_dir[1024];      /* where S writes screenshots and exports */
} app_State;

/* Speeds: batches per second; 0 = as fast as the frame budget allows. */
extern const int app_speeds[];
extern const char *const app_speed_names[];
int app_speed_count(void);

/* ---- app_state.c ---- */
/* Creates the state for a file (lesson .ini, model .json, data .csv) or the
 * default lesson when path is NULL. err gets one line on failure. */
int app_create(app_State **out, plat_Ctx *plat, const char *path, char *err, size_t err_len);
/* The same from a spec in memory (benchmarks, tests). */
int app_create_spec(app_State **out, plat_Ctx *plat, const nn_Experiment *spec, char *err,
                    size_t err_len);
void app_destroy(app_State *a);
/* Opens a file into the running app (drag and drop). 0 on success. */
int app_open_file(app_State *a, const char *path);
/* Default lesson: NNVIZ_LESSON_DIR/spiral.ini, else the built-in spec. */
void app_default_spec(nn_Experiment *e, char *path, size_t len);
void app_set_status(app_State *a, int error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Takes the training lock, applies pending actions, tells the training
 * thread what to do, copies the snapshot and releases the lock. */
void app_sync(app_State *a);
/* Runs n batches now on the calling thread (under the lock); records epochs. */
void app_train_batches(app_State *a, int64_t n);
/* One batch; the caller holds the lock. 0, 1 when the loss diverged, -1 on
 * another failure. Records the epoch when one ends. */
int app_step_locked(app_State *a);
/* Refreshes m_train/m_test/confusion when stale (rate-limited for big sets). */
void app_refresh_metrics(app_State *a, int force);
app_View app_view_of(const app_State *a);
/* Adds a hand-drawn point to the training set / removes the nearest (takes the lock). */
int app_add_point(app_State *a, float x1, float x2, int cls);
int app_remove_point(app_State *a, float x1, float x2);

/* ---- app_worker.c: the training thread ---- */
int app_worker_create(app_State *a);
/* Stops and joins the thread (if it ran) and frees the lock. */
void app_worker_destroy(app_State *a);
/* The training lock. The UI thread takes it once a frame; the thread gives
 * it up between chunks as soon as the UI thread waits. */
void app_lock(app_State *a);
void app_unlock(app_State *a);
/* With the lock held: train (run) at rate batches per second (0: as fast as
 * possible) or stop; starts the thread the first time. */
void app_worker_set(app_State *a, int run, int rate);
/* With the lock held, once after the thread stopped by itself: 1 when the
 * loss diverged, -1 on another failure; else 0. */
int app_worker_take_diverged(app_State *a);
/* Batches the thread has run (with the lock held). */
int64_t app_worker_batches(app_State *a);

/* ---- app_snap.c ---- */
/* With the lock held: copies what the frame draws into a->snap. */
void app_snap_take(app_State *a);
void app_snap_free(app_State *a);
/* The model the frame draws. */
static inline const nn_Model *app_model(const app_State *a) { return a->snap.model; }

/* ---- app_heat.c ---- */
void app_heat_free(app_State *a);
/* Recomputes every heatmap from the current model and uploads it. */
void app_heat_update(app_State *a);
/* Output plot: plane point of pixel (px, py) in a plot rect, and back. */
void app_plot_to_plane(const app_State *a, ui_Rect plot, float px, float py, float *x1, float *x2);
void app_plane_to_plot(const app_State *a, ui_Rect plot, float x1, float x2, float *px, float *py);
/* The colour value the output map shows at a plane point (for the tests). */
float app_output_value(const app_State *a, float x1, float x2);

/* ---- app_frame.c ---- */
void app_layout(app_State *a, int w, int h, app_Layout *L);
/* One whole frame: update, UI, heatmaps, replay (no present). */
void app_frame(app_State *a, double now);
/* Applies window-level events (drop, quit). */
void app_handle_events(app_State *a, const plat_Events *ev);

/* ---- panels ---- */
void app_panel_top(app_State *a, ui_Rect r);
void app_panel_hyper(app_State *a, ui_Rect r);
void app_panel_data(app_State *a, ui_Rect r);
void app_panel_net(app_State *a, ui_Rect r);
void app_panel_output(app_State *a, ui_Rect r);
void app_panel_chart(app_State *a, ui_Rect r);
void app_panel_help(app_State *a);
void app_panel_status(app_State *a, ui_Rect r);
/* The neuron inspector (a popover in the overlay), when a neuron is selected. */
void app_panel_inspector(app_State *a);

/* ---- app_export.c ---- */
/* Saves the frame just rendered; path NULL picks nnviz-NNN.png in shot_dir. */
int app_screenshot(app_State *a, const char *path);
int app_export_history(app_State *a, const char *path);
int app_export_model(app_State *a, const char *path);

/* ---- helpers shared by panels (app_draw.c) ---- */
ui_Color app_rgb(uint32_t hex);
void app_panel_frame(app_State *a, ui_Rect r, const char *title);
void app_fmt_count(int64_t v, char *buf, size_t len);
void app_fmt_value(double v, char *buf, size_t len);
void app_fit_text(app_State *a, int font_px, int bold, const char *s, int max_w, char *out,
                  size_t len);
/* Names the window shows, from the string table. */
const char *app_loss_short(nn_Loss l);
const char *app_act_short(nn_Act a);
const char *app_feature_name(int bit); /* an input feature (bit of NN_FEAT_*), "?" if none */

#endif
