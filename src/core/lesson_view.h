/* lesson_view.h - what a lesson step asks the window to show, kept by the
 * core as plain values: the highlighted neuron, edge, panel or control
 * (HIGHLIGHT), the controls hidden from the class (HIDE_CONTROLS,
 * SHOW_CONTROLS), the view open (VIEW) and the RUN_UNTIL in progress. The
 * window draws from it; `nnviz lesson` prints it. No SDL here. */
#ifndef NNVIZ_CORE_LESSON_VIEW_H
#define NNVIZ_CORE_LESSON_VIEW_H

#include <stddef.h>
#include <stdint.h>

/* Panels a step can point at. */
typedef enum {
    APP_PANEL_NETWORK = 0,
    APP_PANEL_OUTPUT,
    APP_PANEL_LOSS_CHART,
    APP_PANEL_DATA,
    APP_PANEL_FEATURES,
    APP_PANEL_INSPECTOR,
    APP_PANEL_TOP_BAR,
    APP_PANEL_CODE,
    APP_PANEL_HEALTH,
    APP_PANEL_COMPARE,
    APP_PANEL_RACE,
    APP_PANEL_LANDSCAPE,
    APP_PANEL_COUNT
} app_PanelId;

/* Controls a step can point at, hide or show (one bit each in a mask). */
typedef enum {
    APP_CTL_PLAY = 0,
    APP_CTL_STEP,
    APP_CTL_RESET,
    APP_CTL_LEARNING_RATE,
    APP_CTL_OPTIMIZER,
    APP_CTL_ACTIVATION,
    APP_CTL_LOSS,
    APP_CTL_REGULARIZATION,
    APP_CTL_REG_RATE,
    APP_CTL_BATCH_SIZE,
    APP_CTL_DATASET,
    APP_CTL_NOISE,
    APP_CTL_TRAIN_RATIO,
    APP_CTL_LAYERS,
    APP_CTL_UNITS,
    APP_CTL_SEED,
    APP_CTL_SPEED,
    APP_CTL_COUNT
} app_ControlId;

typedef enum {
    APP_HL_NONE = 0,
    APP_HL_NEURON,            /* layer, unit */
    APP_HL_EDGE,              /* layer, i → j */
    APP_HL_PANEL,             /* app_PanelId in id */
    APP_HL_CONTROL            /* app_ControlId in id */
} app_HighlightKind;

typedef enum {
    APP_VIEW_MAIN = 0,
    APP_VIEW_HEALTH,
    APP_VIEW_RACE,
    APP_VIEW_LANDSCAPE,
    APP_VIEW_GALLERY,
    APP_VIEW_COUNT
} app_ViewId;

typedef enum {
    APP_UNTIL_NONE = 0,
    APP_UNTIL_EPOCH,
    APP_UNTIL_STEP,
    APP_UNTIL_LOSS,           /* training loss at or below */
    APP_UNTIL_TEST_LOSS,
    APP_UNTIL_ACCURACY,       /* at or above */
    APP_UNTIL_TEST_ACCURACY
} app_UntilKind;

typedef struct {
    struct {
        app_HighlightKind kind;
        int layer, i, j;      /* neuron: layer, i = unit; edge: layer, i → j */
        int id;               /* panel or control */
    } highlight;
    uint32_t hidden;          /* bit (1u << app_ControlId): hidden from the class */
    app_ViewId view;
    char view_args[256];      /* VIEW's settings as written ("surface=rosenbrock lr=0.001") */
    struct {
        app_UntilKind kind;   /* APP_UNTIL_NONE: nothing in progress */
        double target;
        int64_t max_epochs;   /* give up after this many epochs from the start */
        int64_t start_epoch;
        int reached;          /* 1 reached, -1 gave up at max_epochs */
    } until;
} app_LessonView;

/* Names as lesson files and commands write them ("loss_chart",
 * "learning_rate"); NULL for an id out of range. */
const char *app_panel_name(app_PanelId p);
const char *app_control_name(app_ControlId k);
const char *app_view_name(app_ViewId v);
/* The id of a name, or -1. */
int app_panel_parse(const char *name);
int app_control_parse(const char *name);
int app_view_parse(const char *name);

/* ---- the lesson commands' arguments (lesson_view.c) ---- */

/* What one of RUN_UNTIL, HIGHLIGHT, HIDE_CONTROLS, SHOW_CONTROLS and VIEW
 * asks, read from its text (the command's argument as written, kept in
 * app_Command.text so the text form prints it back unchanged). */
typedef struct {
    app_UntilKind until;      /* RUN_UNTIL */
    double target;
    int64_t max_epochs;
    app_HighlightKind hl;     /* HIGHLIGHT: kind, layer, i, j, id as in app_LessonView */
    int layer, i, j, id;
    uint32_t mask;            /* HIDE_CONTROLS, SHOW_CONTROLS */
    app_ViewId view;          /* VIEW: the view, gallery's layer in layer */
    char view_args[256];      /* the settings after the view's name, as written */
} app_LessonArg;

/* RUN_UNTIL's kinds as written ("test_accuracy"); NULL out of range. -1
 * for an unknown name. */
const char *app_until_name(app_UntilKind k);
int app_until_parse(const char *name);

/* Reads the argument text of a lesson command (kind is an app_CmdKind).
 * 0, or -1 with one line in err naming the problem (the caller adds the
 * command's name). A VIEW's race and landscape settings are checked with
 * the race's own tables (surface and optimizer names), so a bad one is
 * refused when a lesson is read, not in class. */
int app_lesson_arg_parse(int kind, const char *text, app_LessonArg *out, char *err,
                         size_t err_len);
/* 1 when kind is one of the lesson commands above. */
int app_lesson_cmd_kind(int kind);
/* One line of what v shows: "highlight neuron 1 2; view race surface=bowl;
 * hidden learning_rate,seed", for the transcript. */
void app_lesson_view_describe(const app_LessonView *v, char *out, size_t len);

#endif
