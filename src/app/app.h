/* app.h - the window: its state, its frame and its panels.
 *
 * The runs, the training thread and the command queue live in the core
 * (core.h), which knows nothing of the window. One frame, in order (see
 * app_frame):
 *   1. metrics and heatmaps are brought up to date with the snapshots;
 *   2. the UI pass: shortcuts and panels read the runs' snapshots (const)
 *      and push commands; nothing changes a run here;
 *   3. app_core_sync applies the commands in order under the training lock,
 *      tells the training thread what to do and copies each run's snapshot
 *      (the next frame draws it);
 *   4. the platform layer replays the UI's draw commands.
 * Nothing here includes SDL; drawing goes through ui_* commands and plat_*. */
#ifndef NNVIZ_APP_H
#define NNVIZ_APP_H

#include <stdint.h>

#include "core/core.h"
#include "core/hidden_space.h"
#include "core/net_names.h"
#include "core/whatif.h"
#include "app/whatif_hover.h"
#include "app/ui_cues.h"
#include "app/lesson_ui.h"
#include "platform/plat.h"
#include "ui/ui.h"
#include "viz/viz_chart.h"
#include "viz/viz_net.h"

#define APP_GRID_SMALL 32    /* per-neuron heatmap resolution */
#define APP_GRID_BIG 100     /* output heatmap resolution */
#define APP_DOMAIN 6.0f      /* Playground's input plane: [-6, 6]^2 */
#define APP_THUMB 48         /* data-set thumbnail resolution */
#define APP_GALLERY_PAGE 128 /* most tiles the layer gallery shows at once */

typedef enum { APP_EDGE_WEIGHT = 0, APP_EDGE_GRAD, APP_EDGE_UPDATE } app_EdgeMode;

/* How the data is shown. */
typedef enum {
    APP_VIEW_PLANE = 0, /* 2 raw inputs: heatmaps over the plane (Playground) */
    APP_VIEW_LINE,      /* 1 input, regression: scatter and fitted curve */
    APP_VIEW_IMAGE,     /* images (784 inputs): input image, weight images, bars */
    APP_VIEW_OTHER      /* anything else: one sample's activations, bars */
} app_View;

/* Height of the hyperparameter panel in two rows (at scale 1). */
#define APP_HYPER_ROWS2_H 122

/* The panels of a frame. With the controls hidden (zoomed in, or Tab) the
 * hyper and data rectangles are empty and the content takes their room. */
typedef struct {
    ui_Rect top, hyper, data, net, out, chart, status;
    int plot;      /* side of the output plot square */
    int plot_ref;  /* its side at zoom 1 in this window */
    ui_Rect code;  /* a Keras program's code (empty when not shown) */
    ui_Rect lesson; /* the lesson panel: a band under the network, left of the output and the loss chart (empty: no lesson walked) */
    int net_spare; /* height the network's tiles leave unused: the top bar's growth at the largest zoom, so the tiles never shrink when zooming in */
} app_Layout;

typedef struct {
    plat_Ctx *plat;           /* borrowed */
    ui_Context ui;
    ui_Input input;
    app_Core core;            /* the runs, the training thread, the command queue */
    ui_Rect inspect_rect;     /* the inspector as drawn last frame */
    struct {
        int layer, unit;      /* the neuron the fields below are for */
        int input;            /* the selected incoming weight's input (-1: the first listed) */
        int w;                /* the widest the box has been: it grows, never jumps back */
        float scale;          /* the UI scale it was drawn at (w holds for that scale) */
        int guess;            /* predict-then-reveal: +1 up, -1 down, 0 none */
        int64_t guess_step;   /* the batch count when guessed (the update makes it one more) */
        int guess_input;      /* the weight guessed about (its input) */
        /* You compute it: the answer typed for core.exercise */
        char ex_buf[32];
        int ex_answered;      /* 1 typed and judged at the reveal; -1 declined (Esc); 0 not yet */
        double ex_answer;
        int64_t ex_last_pos;  /* position (in phases) the inspector last drew at */
        int ex_next;          /* the kind the Y key asks next */
    } insp;

    /* views */
    int edge_mode;
    int show_test, discretize, log_loss, show_acc, help;
    int draw_class;           /* class a left click adds (1 blue, 0 orange) */
    float zoom;               /* presenter zoom (Ctrl +/-; app_set_zoom) */
    int controls;             /* the data and hyperparameter panels are shown (Tab) */
    /* Scales of this frame. Zoom enlarges what is taught, not the controls:
     * the network, the plots and the charts draw at `scale`; buttons, menus
     * and the control panels at `ctrl_scale`; the top bar's figures and the
     * plot's axis numbers at `label_scale`, which stops growing at 1.5x. */
    float win_scale;          /* from the window size alone */
    float scale;              /* window scale x zoom: the content */
    float ctrl_scale;         /* window scale x min(zoom, 1): the controls */
    float label_scale;        /* min(scale, 1.5 x window scale) */
    app_Layout lay;
    viz_NetLayout net;        /* network geometry of this frame */
    ui_Rect plot;             /* output plot rectangle of this frame */
    int sample;               /* current input row (image/other views) */
    int tex_thumb[NN_PG_COUNT]; /* Playground's data sets as thumbnails */
    int cards;                /* show a lesson's card when it opens (the window; not render) */
    int card;                 /* the card is up: the next key or click closes it */
    int seen_opened;          /* core.opened when the title and card were last set */
    /* the tile under the pointer this frame: the output plot previews it,
     * as Playground's does (set by the network panel, read by the output's) */
    int preview, preview_col, preview_unit;
    /* the layer gallery ("+N more"): every neuron of one column, paged */
    int gallery_col;          /* network column shown (1 = first hidden layer), 0: closed */
    int gallery_page;
    int gallery_tex[APP_GALLERY_PAGE]; /* textures of the page's tiles, made on first use */
    int gallery_tw, gallery_th;        /* their size (all tiles of a column share it) */

    struct {
        int active;
        int layer, i, j;      /* j < 0: the bias of unit i */
        char buf[32];
        int x, y;
        int fresh;            /* nothing typed yet: the first key replaces the value */
    } edit;

    double now, frame_ms;
    int64_t frames;
    int quit;
    struct app_RaceWin *race; /* the optimizer race (O), NULL until first opened */
    struct app_LandWin *land; /* the loss landscape (P), NULL until first opened */

    struct {
        int open;             /* the Compare dialog is up (key V, the top bar's button) */
        int knob;             /* app_Knob picked */
        int layer;            /* activation: 0 every hidden layer, n hidden layer n */
        char values[128];     /* the values field */
        int filled_for;       /* knob + 1 whose suggestion the field holds (0: none yet) */
        ui_Rect rect;         /* the dialog as drawn last frame (the panels under it get no click) */
        app_WhatIf whatif[8]; /* the learning-rate strip: one preview re-trained a frame */
        int whatif_ready[8];
        int whatif_next;
        int whatif_tex[8];    /* their pictures (freed when the dialog closes, else by plat_close) */
    } cmp;
    int code_hidden;          /* K closed the code panel */
    struct app_CodeText *code; /* the program the code panel shows (panel_code.c), NULL until read */
    app_WhatIfHover wh;       /* the what-if preview of a hovered control (whatif_hover.c) */
    float chart_smooth;       /* the loss chart's moving-average weight in [0, 0.95] (0: raw) */
    int chart_x;              /* the loss chart's x axis (app_ChartX) */
    viz_Scale chart_sx;       /* its x scale as last drawn (the hover, tests) */
    /* a hidden layer's space in the output plot (W, panel_hspace.c) */
    struct {
        int on;
        int layer, u1, u2;    /* hidden layer and its two neurons (0-based) */
        float t, target;      /* stage shown (0 the plane .. 3 f(z)) and the one it moves to */
        double t_time;        /* clock of the last animation step */
        int64_t seen_pos;     /* stepping position the phases were last looked at */
        app_HSpace hs;
    } hsp;
    /* exports for slides (app_export_win.c): the picture at export_scale
     * times the pixels of the window's layout (1 on screen, 2 in a 2x save) */
    float export_scale;
    struct app_ExportWin *exp; /* pending saves and the GIF recording, NULL until first used */
    app_Cues cues;            /* panels' and controls' rectangles this frame (ui_cues.c) */
    app_LessonUi *lesson;     /* the lesson walked, the lessons menu (NULL until first used) */
    int health_on;            /* the training-health view replaces the output and the chart (J) */
    /* the other language's glyphs rendered ahead in idle time (app_warm.c):
     * the next text to render; the font sizes open and the strings shown
     * when it started */
    struct {
        int next, sizes, used;
        const void *lesson;
    } warm;
} app_State;

/* The controls in the hyperparameter panel: eight, and the training
 * speed zoomed in, where the top bar leaves it to the panel. */
int app_hyper_count(const app_State *a);

/* ---- whatif_hover.c ---- */
/* The panels say which control the pointer is on and the value it points
 * at (knob app_WhKnob); the last call of a frame counts. */
void app_wh_want(app_State *a, int knob, float value);
/* The frame's preview: finds or starts the wanted value's, trains it at
 * for at most half of APP_WH_TIME_S towards the focused run's step (and one
 * batch at least), evaluates it when there; then the strip (app_ws_update);
 * then forgets the want. Call after the control panels and
 * before the output plot and the chart. */
void app_wh_update(app_State *a);
/* The entry to draw this frame, or NULL. */
const app_WhEntry *app_wh_shown(const app_State *a);
/* The ghost decision boundary and its caption over the plot (2-D, one output). */
void app_wh_draw_plot(app_State *a, ui_Rect plot);
/* The ghost loss curve (the preview's training loss per epoch, dashed):
 * its range widens the chart's (lo, hi: losses; e1: last epoch); 1 when
 * there is one. Drawn with the chart's scales. */
int app_wh_chart_range(const app_State *a, int log, double *lo, double *hi, double *e1);
void app_wh_draw_chart(app_State *a, const viz_Scale *sx, const viz_Scale *sy);
void app_wh_free(app_State *a);
/* 1 while the ghost or the strip is still short of the step it trains to:
 * the window owes more frames even when idle. */
int app_wh_pending(const app_State *a);
/* ---- panel_net.c ---- */
/* Column 0 of the diagram shows Playground's seven features when the data
 * is 2-D (features: the active ones' bits, 0 otherwise): the tile of model
 * input i, and the model input of the tile of active feature k. */
int app_input_tile(uint32_t features, int i);
int app_input_index(uint32_t features, int k);
/* ---- whatif_strip.c ---- */
/* The strip over knob's range (APP_WH_NONE: none this frame): trains its
 * values towards the shown run's step until the frame's APP_WH_TIME_S since
 * a->wh.start is spent (one batch at least).
 * Called by app_wh_update. */
void app_ws_update(app_State *a, int knob);
/* Draws the strip over the bottom of the network panel (a->lay.net; plot
 * unused); its height, 0 when none or no room. */
int app_ws_draw(app_State *a, ui_Rect plot);
void app_ws_free(app_State *a);
/* ---- app_warm.c ---- */
/* Renders ahead, for at most ms milliseconds, the glyphs the window would
 * need after a switch to Chinese (every string the window has shown and
 * the open lesson's Chinese texts, in the text's and controls' sizes): the switch's frame
 * then draws them from the atlas. 1 while some remain, 0 when all are
 * drawn (or the window shows Chinese already, or there is no CJK font). */
int app_warm_language(app_State *a, double ms);

/* ---- chart_compare.c ---- */
/* The chart's smoothing slider in r (its caption left of it). */
void app_chart_smooth_control(app_State *a, ui_Rect r);
/* A copy of h with train and test loss smoothed by an exponential moving
 * average of weight w (viz_ema); NULL when out of memory. Caller frees. */
nn_EpochRecord *app_chart_smoothed(const nn_EpochRecord *h, int64_t n, double w);
/* Hover over a chart of several runs: a rule at the nearest recorded epoch
 * and a box with every run's train and test loss there, in its colour. */
void app_chart_runs_tip(app_State *a, ui_Rect plot, const viz_Scale *sx);

/* ---- chart_axis.c ---- */
/* The loss chart's x axis: a view choice, not a command. */
typedef enum { APP_CHART_X_EPOCHS, APP_CHART_X_STEPS, APP_CHART_X_SAMPLES, APP_CHART_X_SECONDS,
               APP_CHART_X_COUNT } app_ChartX;
/* A record's x on axis ax: its epoch, step, samples or training seconds. */
double app_chart_x(const nn_EpochRecord *r, int ax);
/* How far x moves per step past the history's last record (h may be
 * empty): 1/bpe epochs, 1 step, the batch's rows, the seconds a step took. */
double app_chart_x_per_step(const nn_EpochRecord *h, int64_t n, int ax, double bpe,
                            int batch_size);
/* The axis' title (tr). */
const char *app_chart_x_title(int ax);
/* A tick's label at v with the ticks' spacing step ("1.5 s" for seconds). */
void app_chart_x_tick(int ax, double v, double step, char *buf, int len);
/* The cycling x axis button in r with its tooltip; the width it wants. */
void app_chart_x_control(app_State *a, ui_Rect r);
int app_chart_x_width(app_State *a);
/* Parses a render view name (xepochs, xsteps, xsamples, xseconds): the
 * axis, or -1 for another name. */
int app_chart_x_parse(const char *name);

/* ---- app_state.c ---- */
/* Creates the window's state for a file (lesson .ini, model .json, data
 * .csv) or the default lesson when path is NULL. err gets one line. */
int app_create(app_State **out, plat_Ctx *plat, const char *path, char *err, size_t err_len);
/* The same from a spec in memory (benchmarks, tests). */
int app_create_spec(app_State **out, plat_Ctx *plat, const nn_Experiment *spec, char *err,
                    size_t err_len);
void app_destroy(app_State *a);
/* Queues a command for this frame's sync. */
static inline void app_push(app_State *a, app_Command c) { app_core_push(&a->core, c); }
void app_set_status(app_State *a, int error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The focused run, as the panels see it. */
static inline const app_Run *app_focus(const app_State *a) { return app_core_focus(&a->core); }
static inline const app_Snap *app_snap(const app_State *a) { return &app_focus(a)->snap; }
static inline const nn_Experiment *app_spec(const app_State *a) { return &app_snap(a)->spec; }
static inline const nn_Dataset *app_train(const app_State *a) { return app_snap(a)->train; }
static inline const nn_Dataset *app_test(const app_State *a) { return app_snap(a)->test; }
/* The model the frame draws. */
static inline const nn_Model *app_model(const app_State *a) { return app_snap(a)->model; }
/* The focused run's heatmaps (written by app_heat.c and the sample pickers). */
static inline app_Heat *app_heat(const app_State *a) { return &app_core_focus(&a->core)->heat; }

/* ---- panel_gallery.c ---- */
/* Every neuron of column a->gallery_col over the window (when it is not 0). */
void app_panel_gallery(app_State *a);
void app_gallery_free(app_State *a);

/* ---- app_names.c ---- */
/* A unit by name: layer -1 an input (feature, column or number), the last
 * layer the output, others "neuron 2 of layer 1" (0-based arguments). */
void app_unit_name(const app_State *a, int layer, int unit, char *buf, size_t len);
/* A parameter by name: j < 0 the bias of unit i of layer (its unit's name),
 * else the weight from unit i of the layer before to unit j ("x1 -> neuron 2
 * of layer 1"). */
void app_param_name(const app_State *a, int layer, int i, int j, char *buf, size_t len);

/* ---- app_heat.c ---- */
/* Frees a run's textures and workspaces (the core's run_freed hook). */
void app_heat_free(app_State *a, app_Heat *h);
void app_thumbs_free(app_State *a);
/* Recomputes the focused run's heatmaps from its snapshot and uploads them. */
void app_heat_update(app_State *a);
/* Output plot: plane point of pixel (px, py) in a plot rect, and back. */
void app_plot_to_plane(const app_State *a, ui_Rect plot, float px, float py, float *x1, float *x2);
void app_plane_to_plot(const app_State *a, ui_Rect plot, float x1, float x2, float *px, float *py);
/* The picture of one neuron as its tile shows it: col 1.. of the network
 * (layer col - 1), any unit, also beyond the tiles the diagram draws. Writes
 * at most cap pixels (ARGB) and the picture's size; 0, or -1 when the view
 * has no picture for it (then nothing is written). */
int app_heat_unit_pixels(const app_State *a, int col, int unit, uint32_t *px, int cap, int *w,
                         int *h);
/* The colour value the output map shows at a plane point (for the tests). */
float app_output_value(const app_State *a, float x1, float x2);

/* ---- app_frame.c ---- */
/* Lays the panels out for a w x h window at this frame's scales. */
void app_layout(app_State *a, int w, int h, app_Layout *L);
/* Sets the presenter zoom; crossing 1 hides the controls (zooming in) or
 * shows them again (back to 1 or below). */
void app_set_zoom(app_State *a, float zoom);
/* The zoom step after z in direction dir (+1 in, -1 out): the steps are
 * 1.15^k, clamped to [0.6, 3]. */
float app_zoom_step(float z, int dir);
/* Applies the queued commands and takes the snapshots the view asks for
 * (gradients when the edges show them); app_frame does it once a frame. */
void app_sync(app_State *a, double now);
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
/* The optimizer race over the window (panel_race_win.c): O opens and closes
 * it; it takes the mouse from the panels below while open. */
void app_panel_race_window(app_State *a);
void app_race_window_free(app_State *a);
/* Opens the race as a lesson's VIEW asks: on surface surf (race_SurfKind;
 * -1 keeps it), from (x0, y0) when has_start. */
void app_race_window_show(app_State *a, int surf, int has_start, float x0, float y0);
/* The focused run's loss landscape over the window (panel_landscape_win.c):
 * P opens and closes it; it follows training while open. */
void app_panel_landscape_window(app_State *a);
void app_landscape_window_free(app_State *a);
/* Opens the landscape as a lesson's VIEW asks. */
void app_landscape_window_show(app_State *a);
/* Waits for the landscape's worker and takes the slice it finished, as the
 * next frame would (tests and offscreen pictures want it now). */
void app_landscape_window_settle(app_State *a);
void app_panel_status(app_State *a, ui_Rect r);
/* ---- panel_code.c ---- */
/* 1 when the code panel is shown: a Keras program is open and K has not closed it. */
int app_code_shown(const app_State *a);
/* The program's lines, fit's highlighted (read from the file once per opening). */
void app_panel_code(app_State *a, ui_Rect r);
void app_code_free(app_State *a);
/* The lesson card: title and description over the window until a key or click. */
void app_panel_card(app_State *a);
/* The neuron inspector (a popover in the overlay), when a neuron is selected. */
void app_panel_inspector(app_State *a);
/* You compute it: asks for one number (app_ExKind) of the inspected neuron
 * (of its selected weight for the gradient and the new weight). */
void app_exercise_start(app_State *a, int kind);
/* The Compare dialog (key V): a knob and 2-4 values become runs side by
 * side (APP_CMD_COMPARE); each run's figures, and which the main view shows. */
void app_panel_compare_menu(app_State *a);

/* ---- app_export.c ---- */
/* Saves the frame just rendered; path NULL or "" picks nnviz-NNN.png in the out dir. */
int app_screenshot(app_State *a, const char *path);

/* ---- helpers shared by panels (app_draw.c) ---- */
ui_Color app_rgb(uint32_t hex);
void app_panel_frame(app_State *a, ui_Rect r, const char *title);
void app_fmt_count(int64_t v, char *buf, size_t len);
void app_fmt_value(double v, char *buf, size_t len);
void app_fit_text(app_State *a, int font_px, int bold, const char *s, int max_w, char *out,
                  size_t len);
/* The largest of this frame's scales (content, labels, controls) that is
 * not above want, the controls' scale at least: a panel that fits its text
 * to its room still draws at one of few sizes, so fonts stay cached. */
float app_pick_scale(const app_State *a, float want);
/* Names the window shows, from the string table. */
const char *app_loss_short(nn_Loss l);
/* Class k's name: the data's own (a CSV's, Fashion-MNIST's) or
 * "class k" written into buf. */
const char *app_class_name(const nn_Dataset *d, int k, char *buf, size_t len);
const char *app_act_short(nn_Act a);
/* How the focused run's data is shown. */
app_View app_view_of(const app_State *a);
const char *app_feature_name(int bit); /* an input feature (bit of NN_FEAT_*), "?" if none */
/* app_feature_label (as the diagram labels a feature, x\u2081): core/net_names.h */

/* ---- net_step.c: stepping through a batch on the network ---- */
/* The last move was one phase (forward or back) and training is paused:
 * the network shows the phase, its caption and the selected row's numbers. */
int app_step_on(const app_State *a);
/* What layer l's edges show (APP_EDGE_*) and whether the phase works on
 * them (*active; the others are drawn faint). Not stepping: the edge menu's. */
int app_step_layer_mode(const app_State *a, int l, int *active);
/* Height of the caption strip over the network (0 when not stepping), and
 * the strip itself (w wide): the phase's caption, the row, the working;
 * at the labels' scale when its lines fit, else the controls'. */
int app_step_caption_h(app_State *a, int w);
void app_step_caption(app_State *a, ui_Rect r);
/* The value of model input i for the row while going forward: 1 and the
 * text in buf, else 0. */
int app_step_input_value(const app_State *a, int i, char *buf, size_t len);
/* Room the numbers need under a tile at this scale. */
int app_step_label_room(app_State *a, float scale);
/* The row's numbers beside the neurons: under every tile when all, else
 * beside the hovered (hover_c, hover_i) and the inspected one; the inputs'
 * values left of their tiles (plane view). */
void app_step_numbers(app_State *a, ui_Rect clip, int all, int hover_c, int hover_i,
                      int input_label_w, uint32_t features);
/* Stepping: rings round the current batch's points on the output plot,
 * sized by each row's loss, the selected row's in the accent colour; a
 * click on one selects its row. 1 when the mouse is on a batch point (the
 * plot then adds no point). rad: the points' radius. */
int app_batch_spotlight(app_State *a, ui_Rect plot, float rad);

/* ---- panel_output.c: the data's points, for every plot that draws them ---- */
/* A point's colour: its class (two classes on the diverging scale) or its
 * target value. */
ui_Color app_point_color(const nn_Dataset *d, int i);
/* The points' radius in a plot: it grows with the plot, not the zoom alone. */
float app_point_radius(const app_State *a, ui_Rect plot);

/* ---- panel_hspace.c: a hidden layer's space in the output plot ---- */
/* W: shows it (the inspected neuron's layer, that neuron and the next) or
 * goes back to the output's map; needs data on the plane and a hidden layer. */
void app_lspace_toggle(app_State *a);
/* The layer and neurons follow the inspector (kept in range). */
void app_lspace_follow(app_State *a);
/* Draws the space in plot when it is on: 1, else 0 (the plot draws the map). */
int app_lspace_plot(app_State *a, ui_Rect plot);
void app_lspace_free(app_State *a);
/* ---- panel_health_live.c: the training-health view of the window's runs ---- */
/* J and the output panel's Health button: the view in place of the output
 * plot and the loss chart, and back. */
void app_health_toggle(app_State *a);
/* The button that opens (or, in the view, closes) it, at the right end of
 * a panel's title bar r. */
void app_health_button(app_State *a, ui_Rect r);
/* The rectangle the view takes: the output and the chart's column; with
 * compared runs the network's room too (app_health_covers_net). */
ui_Rect app_health_rect(const app_State *a);
int app_health_covers_net(const app_State *a);
/* Draws the view in r when it is on: 1, else 0 (the output and the chart
 * draw as usual). Every run side by side: gradient norm per layer over
 * the steps on a log axis, dead or saturated units per layer over the
 * steps, the last batch's activation histograms; hover shows the values. */
int app_panel_health(app_State *a, ui_Rect r);

/* ---- ui_cues.c: the lesson's pointer cue and hidden controls ---- */
/* Forgets last frame's rectangles (the start of the UI pass). */
void app_cues_begin(app_State *a);
/* A panel or control says where it was drawn this frame. */
void app_cue_panel(app_State *a, app_PanelId p, ui_Rect r);
void app_cue_control(app_State *a, app_ControlId k, ui_Rect r);
/* 1 when the lesson hides control k from the class (c->lesson_view.hidden). */
int app_ctl_hidden(const app_State *a, app_ControlId k);
/* The highlighted neuron, edge, panel or control's rectangle this frame:
 * 1 and *r, or 0 when nothing is highlighted or it is not on screen. */
int app_cue_target(const app_State *a, ui_Rect *r);
/* The pointer cue over the window (overlay): a pulsing ring round the
 * highlighted thing and an arrow pointing at it; the edge itself traced. */
void app_cues_draw(app_State *a);

/* ---- panel_lesson.c: the lesson panel ---- */
/* 1 when the window speaks Simplified Chinese (the narration follows). */
int app_lesson_zh(void);
/* 1 when a lesson with steps is being walked. */
int app_lesson_walking(const app_State *a);
/* Height of the lesson band in a w x h window at this frame's scales (0
 * when no lesson is walked) for a band w wide: it grows with the zoom
 * (the labels' scale) up to 36% of h. */
int app_lesson_band_h(app_State *a, int w, int h);
/* The narration, prediction, checks, position and chapters in r. */
void app_panel_lesson(app_State *a, ui_Rect r);

/* ---- lesson_run.c: walking a lesson in the window ---- */
/* Opens the lesson file for its walk: its set-up in the core (when
 * open_setup; else it is open already) and its title card. 0; 1 when the
 * file has no steps (nothing changed: open it as a set-up); -1 with one
 * line in err (nothing changed). */
int app_lesson_open(app_State *a, const char *path, int open_setup, char *err, size_t err_len);
/* Space: from the card to the first step's text, from a step's text to its
 * action (once a prediction, if it asks one, is chosen), from a finished
 * action to the next step's text. 0 moved, 1 nothing to do. */
int app_lesson_next(app_State *a);
/* Backspace: back to the current step's text if its action ran, else to
 * the previous step's (the card before the first). 0 moved, 1 nothing. */
int app_lesson_back(app_State *a);
/* Once a frame before the shortcuts: the panel's buttons' moves, and the
 * walk's end when another file opened. */
void app_lesson_frame(app_State *a);
/* Saves this moment as a step of the lesson walked (or of a new lesson in
 * the out dir); the status line says where. */
void app_lesson_capture(app_State *a);
/* ---- panel_lessons.c: the lessons menu ---- */
void app_lessons_toggle(app_State *a);
/* lesson_menu.c: the lessons directory's files and titles into L->menu. */
void app_lessons_scan(app_LessonUi *L);
void app_panel_lessons(app_State *a);
/* Headless (nnviz render --lesson-step K): the walk at step k (from 1) with
 * its text shown, or after its action when acted. 0, or -1 with err. */
int app_lesson_goto(app_State *a, int k, int acted, char *err, size_t err_len);
void app_lesson_free(app_State *a);

/* ---- app_lang.c ---- */
/* Makes the next language current (English, 简体中文, ...), live: the window
 * title follows and the status line names it. */
void app_lang_next(app_State *a);

#endif
