/* cmp_view.h - drawing a comparison (core/compare.h): the compare view
 * (panel_compare.c: small multiples, overlaid loss curves, the table) and
 * the training-health view (panel_health.c), with the chart helpers they
 * share (cmp_chart.c). Offscreen by `nnviz render --view compare|health`
 * (cmd_render_compare.c). Nothing here includes SDL. */
#ifndef NNVIZ_APP_CMP_VIEW_H
#define NNVIZ_APP_CMP_VIEW_H

#include "core/compare.h"
#include "platform/plat.h"
#include "ui/ui.h"
#include "viz/viz_chart.h"

typedef struct {
    plat_Ctx *plat;          /* borrowed */
    ui_Context *ui;          /* borrowed, between ui_begin and ui_end */
    const app_Compare *c;    /* borrowed */
    double target;           /* the table's target loss */
    int tex[APP_CMP_MAX_VALUES]; /* decision boundary of each value's first seed (0: none) */
    int tex_n;               /* their side in pixels */
    float label_scale;       /* the largest scale captions and the table are drawn at
                                (the window's label scale: zoom grows them only to 1.5x) */
    int x_axis;              /* the loss chart's x, as the window's (APP_CHART_X_*, app.h);
                                -1: epochs, or steps for runs shorter than two epochs */
    float smooth;            /* the loss chart's smoothing, an EMA weight in [0, 0.95] as the
                                window's slider (the raw curve faint under it); < 0: none
                                by epoch, 0.9 by step */
} app_CmpView;

/* The colour of value i: Paul Tol's muted scheme, colour-blind safe and
 * clear of the classes' blue and orange. */
ui_Color app_cmp_color(int i);

/* Computes the small multiples' pictures (2-D inputs: the decision
 * boundary of each value's first seed) into textures. 0, or -1 with err. */
int app_cmp_view_prepare(app_CmpView *v, char *err, size_t err_len);
void app_cmp_view_free(app_CmpView *v);
/* The data has 2 raw inputs drawn over the plane (Playground's sets, 2-column CSVs). */
int app_cmp_is_plane(const app_Compare *c);
/* Half the side of the square the plane shows: Playground's 6 unless the data reaches past it. */
float app_cmp_plane_radius(const nn_Dataset *d);

/* The compare view and the health view, filling area. */
void app_compare_panel(app_CmpView *v, ui_Rect area);
void app_health_panel(app_CmpView *v, ui_Rect area);

/* Layer l of L along a viridis-like ramp, dark purple (first) to green
 * (last): the health views' layer colours (panel_health.c). */
ui_Color app_health_layer_color(int l, int L);

/* ---- cmp_chart.c: a plot rectangle with axes ---- */
typedef struct {
    ui_Rect plot;            /* inside the axes */
    viz_Scale x, y;
} app_CmpAxes;

/* Frames r, leaves room for tick labels, draws ticks of [x0, x1] and
 * [y0, y1] (ylog: log10 axis) and sets ax. xlabel may be NULL. */
void app_cmp_axes(app_CmpView *v, app_CmpAxes *ax, ui_Rect r, double x0, double x1, double y0,
                  double y1, int ylog, const char *xlabel);
/* app_cmp_axes with x ticks labelled as the window's loss chart labels
 * axis x_axis (APP_CHART_X_*: "1.5 s" on seconds); -1: plain numbers. */
void app_cmp_axes_x(app_CmpView *v, app_CmpAxes *ax, ui_Rect r, double x0, double x1, double y0,
                    double y1, int ylog, const char *xlabel, int x_axis);
/* The x of run r's loss point k on the window's axis x_axis: k = 0 before
 * training (0 on every axis), k >= 1 the record of epoch k (NaN past its
 * history). */
double app_cmp_loss_x(const app_CmpRun *r, int64_t k, int x_axis);
/* The x of point k of run r's loss trace (by step) on axis x_axis: its
 * step, in epochs, samples or seconds at the run's pace. */
double app_cmp_trace_x(const app_CmpRun *r, int k, int x_axis);
/* A polyline through the finite points (gaps at NaN), clipped to the plot. */
void app_cmp_line(app_CmpView *v, const app_CmpAxes *ax, const double *x, const double *y, int n,
                  float width, ui_Color c);
/* A filled band between lo[i] and hi[i] over x (finite points only). */
void app_cmp_band(app_CmpView *v, const app_CmpAxes *ax, const double *x, const double *lo,
                  const double *hi, int n, ui_Color c);

/* The comparison `nnviz compare` arguments describe (argv[0] is the
 * subcommand), trained (health: with health samples), and its target loss:
 * 0, 1 after printing the help, or minus an exit status after printing one
 * line. The caller destroys *out (cmd_compare.c). */
int app_compare_build(int argc, char **argv, int health, app_Compare **out, double *target);

/* `nnviz render FILE --view compare|health --vary ...` (cmd_render_compare.c). */
int app_render_compare(int argc, char **argv);

#endif
