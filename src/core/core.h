/* core.h - the app without its window: runs, their shared data, the
 * training thread, the command queue and the status line.
 *
 * Everything that changes a run goes through the queue: keys, widgets,
 * dropped files, `nnviz render` options and tests push commands, and
 * app_core_sync applies them in order, once a frame, under the training
 * lock, then copies what the frame draws into each run's snapshot. So a
 * test can drive the app by commands alone, with no window.
 *
 * 1 to APP_MAX_RUNS runs share one copy of the data. Experiment commands
 * (learning rate, layers, data set, ...) apply to every run; with one run
 * that is simply the run. Nothing here includes SDL. */
#ifndef NNVIZ_CORE_CORE_H
#define NNVIZ_CORE_CORE_H

#include <stdint.h>

#include "core/command.h"
#include "core/edit_log.h"
#include "core/compare.h"
#include "core/gradcheck.h"
#include "core/export.h"
#include "core/lesson_view.h"
#include "core/run.h"
#include "core/runner.h"

#define APP_MAX_HIDDEN_UI 10  /* hidden layers the window offers */
#define APP_MAX_UNITS_UI 256  /* units per hidden layer the window offers */

#define APP_SLOWMO_MIN_MS 200
#define APP_SLOWMO_MAX_MS 5000

/* Speeds: batches per second; 0 = as fast as the frame budget allows. */
extern const int app_speeds[];
int app_speed_count(void);

typedef struct {
    app_Run *runs[APP_MAX_RUNS];
    int n_runs;
    int focus;                /* the run the main view shows */
    nn_Dataset *train, *test; /* the data every run borrows (owned here) */
    int custom_data;          /* the training set was drawn by hand */
    int points_cleared;       /* CLEAR_POINTS: the runs wait for two drawn points (no
                                 training until then; the runs keep the old set meanwhile) */
    int n_pending;            /* points drawn since, 0 or 1 */
    float pending[2][3];      /* x1, x2, class of each */
    app_Runner *runner;
    app_CmdQueue queue;
    char source[1024];        /* file the lesson came from ("" for the built-in one) */
    int opened;               /* counts the files opened (app_core_init, app_core_open, a lesson's
                                 walk): the window shows each one's card; rebuilding runs
                                 (an edit, a comparison) is not an opening */
    int adopted_data;         /* train/test came from a program (a Keras .py), not from the
                                 spec's data: kept while the runs keep that data spec */
    int keras_fit_line;       /* source is a Keras program: the line of its fit (0: not one) */

    /* transport */
    int playing;
    int speed;                /* index into app_speeds */

    /* what the snapshots copy besides the parameters */
    int want_grads;           /* the edges show gradients or updates */
    struct {
        int active;           /* a neuron is inspected */
        int layer, unit;      /* dense layer and unit */
        int row;              /* batch row asked for */
    } inspect;

    /* a screenshot asked for; the window saves it after drawing */
    int shot_pending;
    char shot_path[APP_CMD_TEXT];
    char out_dir[1024];       /* where screenshots and exports without a path go */

    /* called before a run is freed (the window frees its textures) */
    void (*run_freed)(void *ctx, app_Run *run);
    void *run_freed_ctx;

    /* the status line */
    char status[256];
    int status_error;
    double status_until;
    int status_keep;          /* the last opening's status is news at start-up too (a note) */
    double now;               /* clock of the current frame */

    /* slow motion: one phase every slowmo_ms (0: off), the next at slowmo_next */
    int slowmo_ms;
    double slowmo_next;

    /* the last gradient check (GRADCHECK), for the inspector */
    struct {
        int valid;            /* r holds a result for this weight at this position */
        int layer, i, j;
        int64_t step;
        int phase;
        app_GradCheck r;
    } gradcheck;

    /* You compute it (EXERCISE): the number asked for, and where */
    struct {
        int active;           /* asked, and not yet left by another exercise or a close */
        int kind;             /* app_ExKind */
        int layer, unit, input;
        int64_t step;         /* the batch count and next phase it was asked at: */
        int phase;            /* running that phase reveals the number */
    } exercise;
    /* what the lesson's steps ask the window to show (HIGHLIGHT, VIEW, ...) */
    app_LessonView lesson_view;
    /* 1 in the window: RUN_UNTIL plays at the current speed and pauses where
     * its target is reached; 0 (headless: tests, render, nnviz lesson): it
     * trains at once on the applying thread, like TRAIN */
    int interactive;
    /* the figures RUN_UNTIL and a lesson's checks read (core_lesson.c): the
     * window's own evaluator belongs to the UI thread's snapshot */
    nn_Evaluator *lesson_eval;
    nn_Arch lesson_eval_arch;
    /* the weights typed and points drawn, for capturing a lesson step */
    app_EditLog edits;
    /* the comparison the runs were built from (APP_CMD_COMPARE; n_values 0:
     * none): the runs' labels are its values' names in the window's
     * language, named again when the language changes */
    app_Vary vary;
} app_Core;

/* Builds the core for a file (lesson .ini, model .json, data .csv), or for
 * the default lesson when path is NULL. err gets one line on failure. */
int app_core_init(app_Core *c, const char *path, char *err, size_t err_len);
/* The same from a spec in memory (benchmarks, tests). */
int app_core_init_spec(app_Core *c, const nn_Experiment *spec, char *err, size_t err_len);
/* Stops the training thread first, then frees the runs and the data (the
 * window frees the runs' textures before). */
void app_core_free(app_Core *c);

/* Queues a command (applied at the next sync). */
void app_core_push(app_Core *c, app_Command cmd);
/* Once a frame: takes the training lock, notes a run the thread stopped,
 * applies the queue in order, tells the thread what to do, copies every
 * run's snapshot and releases the lock. */
void app_core_sync(app_Core *c, double now);

/* The focused run. */
static inline app_Run *app_core_focus(const app_Core *c) { return c->runs[c->focus]; }

void app_core_status(app_Core *c, int error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Replaces every run by n runs of specs (the caller holds the lock), on
 * data loaded once for all of them; the first adopts model (taken, may be
 * NULL). All or nothing: on failure nothing changed. */
/* The timeline's bound for runs over this data, shared by the runs: 64 MB
 * (APP_TIMELINE_BUDGET), less what the data takes beyond 16 MB, never below
 * 16 MB (the window with Fashion-MNIST stays within 150 MB). */
size_t app_timeline_budget_for(const nn_Dataset *train, const nn_Dataset *test);
int app_core_build_runs(app_Core *c, const nn_Experiment *specs, int n, nn_Model *model,
                        char *err, size_t err_len);

/* Replaces every run by one run of spec training on train and test, data
 * a program made (taken, test may be NULL; model too, may be NULL). The
 * core keeps that data while the runs keep spec's data spec (edits of the
 * network, a comparison), since nothing can load it again. The caller holds
 * the lock. All or nothing: 0, or -1 with one line in err. */
int app_core_adopt_runs(app_Core *c, const nn_Experiment *spec, nn_Model *model,
                        nn_Dataset *train, nn_Dataset *test, char *err, size_t err_len);

/* ---- core_keras.c ---- */
/* A Keras program opened in the window: its network (Keras's initial
 * weights), compile settings, fit's batch size and epochs, and the data its
 * first fit trains and validates on. */
typedef struct {
    nn_Experiment spec;
    nn_Model *model;          /* owned until adopted */
    nn_Dataset *train, *test; /* owned until adopted; test may be NULL */
    int fit_line;             /* the line of that fit */
    char note[256];           /* the program's last note (data bound, ...), "" for none */
} app_KerasOpen;

/* 1 when path names a Keras program (.py). */
int app_is_keras_file(const char *path);
/* Runs the program at path up to its first fit (its printing discarded, its
 * notes to stderr and the last of them in k->note). 0 with everything in k (the caller owns it), or -1 with
 * one line "FILE:LINE: problem" in err and nothing allocated. */
int app_keras_open(const char *path, app_KerasOpen *k, char *err, size_t err_len);

/* ---- core_compare.c ---- */
/* Replaces every run by the runs of the focused run's experiment varied as
 * vary says ("KNOB=V1,V2[,...]", 2 to APP_MAX_RUNS values, core/compare.h),
 * labelled by their values and coloured in the comparison palette; an
 * empty vary goes back to one run of the focused run's experiment. The
 * caller holds the lock. All or nothing: 0, or -1 with one line in err. */
int app_core_compare(app_Core *c, const char *vary, char *err, size_t err_len);
/* Names the compared runs again (their labels: app_vary_label of c->vary
 * in the window's language); nothing without a comparison. */
void app_core_compare_labels(app_Core *c);
/* specs[i], run i's spec as an edit leaves it, with value i of the
 * comparison's knob applied again (an edit of the data may pick another
 * loss), when the runs are the comparison's; unchanged otherwise. All or
 * nothing: 0, or -1 with one line in err (that value does not fit the
 * edited experiment). */
int app_core_compare_respec(const app_Core *c, nn_Experiment *specs, char *err, size_t err_len);

/* ---- core_exercise.c ---- */
/* EXERCISE: every run to the phase before the asked number is computed,
 * that neuron inspected, c->exercise set; a bad neuron or a question that
 * cannot be asked leaves everything and says why in the status line. The
 * caller holds the lock. */
void app_core_exercise(app_Core *c, const app_Command *cmd);

/* ---- edit_log.c ---- */
/* After cmd was applied: a hand edit is noted in c->edits with where the
 * focused run stands (the runs' generation brought up to date first). */
void app_core_note_edit(app_Core *c, const app_Command *cmd);

/* ---- core_open.c ---- */
/* Default lesson: NNVIZ_LESSON_DIR/spiral.ini, else the built-in spec. */
void app_default_spec(nn_Experiment *e, char *path, size_t len);
/* The network a CSV opened on its own gets, for n_in input columns. */
void app_csv_network(nn_Experiment *e, int n_in);
/* The spec a file describes; *model receives a loaded model file (the
 * caller owns it). 0, or -1 with one line in err. */
int app_spec_for_file(const char *path, nn_Experiment *e, nn_Model **model, char *err,
                      size_t err_len);
/* Replaces every run by one run of the file (core.c; the caller holds the lock). */
int app_core_open(app_Core *c, const char *path, char *err, size_t err_len);

/* ---- core_lesson.c ---- */
/* RUN_UNTIL, HIGHLIGHT, HIDE_CONTROLS, SHOW_CONTROLS and VIEW: what they ask
 * goes into c->lesson_view; RUN_UNTIL trains (at once headless, playing in
 * the window) until its target holds after a batch of the focused run, or
 * its most epochs have passed. The caller holds the lock. */
void app_core_lesson_apply(app_Core *c, const app_Command *cmd);
/* A move through time (a step, a rewind, a reset, an opened file, ...)
 * ends a RUN_UNTIL in progress; called before every command is applied. */
void app_core_lesson_before(app_Core *c, const app_Command *cmd);
/* The training thread stopped by itself for why (APP_RUNNER_*), noted by
 * app_core_sync: a RUN_UNTIL's outcome is recorded there (on the UI thread,
 * so lesson_view is only written under the lock by that thread); one the
 * thread could not finish (every run diverged) gives up. */
void app_core_lesson_runner_stopped(app_Core *c, int why);
/* 1 while a RUN_UNTIL has neither reached its target nor given up. */
int app_core_until_running(const app_Core *c);
/* A run's figure as the window shows it now (which: APP_UNTIL_LOSS,
 * _TEST_LOSS, _ACCURACY, _TEST_ACCURACY; _EPOCH and _STEP give the cursor's
 * counts): over the training and test sets for sets up to 20 000 rows; for
 * bigger ones (Fashion-MNIST) the training figures are the running epoch's
 * (the last epoch's at its end) and the test set is evaluated. NaN where
 * there is none (no test set, accuracy of a regression). The caller holds
 * the lock (or nothing trains). 0, or -1 with err (no such run). */
int app_core_figure(app_Core *c, int run, app_UntilKind which, double *out, char *err,
                    size_t err_len);
/* 1 when the data is big enough that RUN_UNTIL's losses and accuracies are
 * checked at epoch ends only (more than 20 000 rows in all). */
int app_core_big_data(const app_Core *c);

#endif
