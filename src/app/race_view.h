/* race_view.h - the optimizer race view: a surface, its racers' paths, and
 * what the picture needs between frames (the heatmap texture). */
#ifndef NNVIZ_RACE_VIEW_H
#define NNVIZ_RACE_VIEW_H

#include <stdint.h>

#include "platform/plat.h"
#include "race/race_config.h"
#include "race/race_path.h"
#include "race/race_surface.h"
#include "ui/ui.h"

typedef struct {
    race_Surface surf;
    double box[4];                     /* x_min, x_max, y_min, y_max */
    float start_x, start_y;
    int steps;                         /* steps per path */
    int shown;                         /* steps drawn so far (the animation), <= steps */
    race_Racers racers;
    race_Path *path[RACE_MAX_RACERS];  /* (racers.n), each for `steps` steps */
    nn_Status status[RACE_MAX_RACERS]; /* NN_OK or NN_DIVERGED */
    /* drawing state */
    int tex, tex_w, tex_h;             /* the heatmap texture, 0 when none */
    double tex_box[4];                 /* the box and surface it was drawn for */
    race_Surface tex_surf;
    uint32_t *px;                      /* (tex_w * tex_h) pixels */
    float *val;                        /* (tex_w * tex_h) surface values */
} app_RaceView;

/* The race in the window (panel_race_win.c, app_State.race). */
struct app_RaceWin {
    int open;
    app_RaceView v;
    race_Racers base;    /* the racers before the sliders */
    int surf;            /* race_SurfKind chosen */
    float lr_log2;       /* every learning rate times 2^lr_log2 */
    float momentum, beta1, beta2, cond;
    int dragging;        /* the start point follows the mouse */
};

/* Sets up a view of surf with racers from (x0, y0) for `steps` steps and runs
 * every path (app_race_recompute). Paths that diverge are kept up to there.
 * Returns 0, or -1 with one line in err (nothing left allocated). */
int app_race_init(app_RaceView *v, const race_Surface *surf, const race_Racers *racers, float x0,
                  float y0, int steps, char *err, size_t err_len);
/* Runs every path again (after a start point, a surface or a hyperparameter
 * changed). 0 or -1 with err. */
int app_race_recompute(app_RaceView *v, char *err, size_t err_len);
/* Frees the paths, pixels and texture. */
void app_race_free(app_RaceView *v, plat_Ctx *p);

/* Draws the view into r: heatmap with contours, the downhill arrow field,
 * each racer's first v->shown steps in its colour, the start and the
 * minima, and a legend with step counters and current values. */
void app_race_draw(ui_Context *ui, plat_Ctx *p, ui_Rect r, app_RaceView *v);
/* The square plot's rectangle when the view is drawn into r (empty if r
 * is too small): where a drag of the start point lands. */
ui_Rect app_race_plot_rect(ui_Context *ui, ui_Rect r);
/* The surface's name and formula as the window shows it. */
const char *app_race_surface_text(race_SurfKind kind);

#endif
