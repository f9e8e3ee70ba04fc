/* run.h - one training run: a session and everything the window keeps of it.
 *
 * A run owns its session (which may borrow data shared with other runs),
 * the frame's copy of that session (the snapshot), its heatmap textures, its
 * evaluator and live metrics, its timeline of checkpoints, and its colour and
 * label. The training thread steps runs (runner.c); the UI thread reads
 * their snapshots. Nothing here includes SDL. */
#ifndef NNVIZ_CORE_RUN_H
#define NNVIZ_CORE_RUN_H

#include <stdint.h>

#include "core/health_log.h"
#include "core/row_view.h"
#include "core/timeline.h"
#include "engine/infer.h"
#include "engine/session.h"

#define APP_MAX_SHOWN 12     /* tiles drawn per network column */
#define APP_PROBE_MAX 8      /* incoming weights the inspector lists */
#define APP_MAX_RUNS 4

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
    /* for checking by hand (valid as the fields above) */
    float fprime;             /* f'(z) */
    float da;                 /* dL/da of a hidden neuron (NAN for the output) */
    int have_loss;            /* the output's loss ran: target and row_loss */
    float target;             /* this unit's target for the row (sparse: the class) */
    double row_loss;          /* the row's loss alone */
    int opt_kind;             /* nn_OptKind of the update */
    int64_t opt_t;            /* updates applied (Adam's t) */
    float lr, beta1, beta2, eps, momentum, rho;
    float s0[APP_PROBE_MAX], s1[APP_PROBE_MAX]; /* optimizer slots of the listed weights */
} app_Probe;

/* What the snapshot should copy besides the parameters. */
typedef struct {
    int grads;                /* gradients and the last update (edges show them) */
    int inspect;              /* the inspected neuron's numbers */
    int layer, unit, row;
} app_SnapWants;

/* What the frame draws, copied from the session under the training lock.
 * The UI thread reads runs only through this copy. */
typedef struct {
    nn_Experiment spec;       /* what the run was built from */
    const nn_Dataset *train;  /* the data it trains on: replaced only by the UI */
    const nn_Dataset *test;   /* thread, under the lock, so readable without it */
    int phase_view;           /* the last move was one phase: the network shows where */
    int diverged;             /* the loss went NaN/Inf */
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
    /* the timeline, for the scrubber and the ghost curves (run_timeline.c) */
    int tl_n, tl_live;                      /* branches, and the one trained on */
    int tl_id[APP_TL_MAX_BRANCHES];         /* numbers shown (1, 2, ...) */
    int tl_shown[APP_TL_MAX_BRANCHES];      /* app_timeline_shown */
    int64_t tl_fork[APP_TL_MAX_BRANCHES], tl_tip[APP_TL_MAX_BRANCHES];
    int64_t tl_floor;                       /* earliest step reachable now */
    size_t tl_bytes, tl_budget;             /* memory used and its bound */
    nn_EpochRecord *tl_hist[APP_TL_MAX_BRANCHES]; /* each branch's epochs up to its tip */
    int64_t tl_n_hist[APP_TL_MAX_BRANCHES], tl_cap_hist[APP_TL_MAX_BRANCHES];
    app_RowView rowv;         /* the selected batch row through every layer */
    /* the run's health over time (health_log.h): new samples copied only */
    nn_HealthSample *health;  /* (APP_HEALTH_CAP) once there is one */
    int n_health;
    uint32_t health_version;  /* the log's version the copy is of */
    int64_t health_every;     /* batches between its samples */
} app_Snap;

/* Heatmap workspaces and textures (app_heat.c, on the UI thread). */
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
    uint32_t *px;            /* scratch pixels */
    float dom[4];            /* x1 lo, x1 hi, x2 lo, x2 hi of the plots */
    int64_t drawn_step;      /* trainer step the textures show (-1: stale) */
    float *curve_x, *curve_y;/* line view: the fitted curve */
    int curve_n;
    int spot_row;            /* training row the current sample shows while stepping (-1: none) */
} app_Heat;

typedef struct app_Run {
    nn_Session *s;            /* owned; its data may be borrowed */
    app_Snap snap;            /* this frame's copy of the session */
    app_Heat heat;
    app_Timeline timeline;
    nn_Evaluator *eval;       /* metrics of the snapshot (the session's is the trainer's) */
    nn_Arch eval_arch;
    nn_Metrics m_train, m_test;
    int64_t metrics_step;     /* step the metrics were computed at (-1 stale) */
    double metrics_time;
    int64_t *confusion;       /* (classes, classes) on the test (else train) set */
    int n_conf;
    double epoch_t0;          /* clock at the start of the running epoch */
    double epoch_secs;        /* seconds spent training since the last record (pauses not counted) */
    int phase_view;           /* the last move was one phase: the network shows where */
    int diverged;             /* the loss went NaN/Inf; a reset or a step back recovers */
    uint32_t color;           /* 0xRRGGBB of its curves */
    char label[64];
    app_HealthLog health;     /* gradient norms, dead and saturated units over time */
    /* the health log each branch had when training left it (id 0: slot free) */
    app_HealthLog health_kept[APP_TL_MAX_BRANCHES];
    int health_kept_id[APP_TL_MAX_BRANCHES];
} app_Run;

/* Takes s (the run owns it from then on, also on failure). */
int app_run_create(app_Run **out, nn_Session *s, const char *label, uint32_t color, char *err,
                   size_t err_len);
/* Frees what a run owns except heatmap textures (the window frees those first). */
void app_run_destroy(app_Run *r);
/* Replaces the session (a rebuild or an opened file): counters, history and
 * timeline start over. Takes s. */
int app_run_set_session(app_Run *r, nn_Session *s, char *err, size_t err_len);

/* ---- training (the caller holds the training lock) ---- */
/* One batch. 0, 1 when the loss diverged, -1 on another failure. Records
 * the epoch when one ends. */
int app_run_step_batch(app_Run *r);
/* One phase; the same results. */
int app_run_step_phase(app_Run *r);
/* The rest of the current epoch (checkpoints included). */
int app_run_step_epoch(app_Run *r);
/* After a batch: a checkpoint when one is due (the runner's hook). */
void app_run_checkpoint(app_Run *r);
/* After the weights, data or optimizer changed outside training: the
 * figures are stale and the timeline cannot go back past this point. */
void app_run_touched(app_Run *r);
/* Back or forward to batch count step (0 .. any). 0, or -1 with err. */
int app_run_goto(app_Run *r, int64_t step, char *err, size_t err_len);
/* To the tip of timeline branch b (an index into r->timeline.br), with its
 * settings. 0, or -1 with err. */
int app_run_switch_branch(app_Run *r, int b, char *err, size_t err_len);

/* ---- the UI thread's copy ---- */
/* With the lock held: copies what the frame draws. */
void app_run_snap_take(app_Run *r, const app_SnapWants *w);
/* The timeline part of it (run_timeline.c): new history records only. */
void app_run_snap_timeline(app_Run *r);
/* Refreshes the metrics from the snapshot when stale. busy: training is
 * running, so big sets are evaluated at most once a second. */
void app_run_refresh_metrics(app_Run *r, double now, int busy, int force);

/* The spec of a run, for the thread that holds the lock (others: snap.spec). */
static inline const nn_Experiment *app_run_spec(const app_Run *r) { return &r->s->spec; }

double app_clock(void);

#endif
