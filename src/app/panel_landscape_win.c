/* panel_landscape_win.c - the focused run's loss landscape in the window
 * (key P): its weights are recorded as it trains, and the slice along the
 * trajectory's principal directions (random filter-normalized ones until
 * three records exist) is recomputed while training moves the weights, at
 * most every LAND_WIN_PERIOD seconds, on a 31x31 grid so a frame stays short.
 * It reads the run's snapshot only, like every panel. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/landscape_view.h"
#include "i18n/i18n.h"

#define LAND_WIN_PERIOD 0.5
#define LAND_WIN_RECORDS 128
#define LAND_WIN_GRID 31
/* Rows x parameters a live slice may take per grid point: the spiral's
 * whole training set fits many times over; a 784-128-64-10 network gets
 * its first ~40 images, so a recompute stays near a frame or two. */
#define LAND_WIN_BUDGET 4000000.0

void app_landscape_window_free(app_State *a)
{
    struct app_LandWin *w = a->land;
    if (!w)
        return;
    app_landscape_free(&w->v, a->plat);
    race_slice_destroy(w->slice);
    free(w->traj);
    free(w);
    a->land = NULL;
}

/* Starts the record over for a model of n parameters. 0, or -1 (no memory). */
static int restart(struct app_LandWin *w, size_t n)
{
    free(w->traj);
    w->traj = malloc((size_t)LAND_WIN_RECORDS * n * sizeof *w->traj);
    w->n = n;
    w->cap = LAND_WIN_RECORDS;
    w->T = 0;
    w->stride = 1;
    w->last_step = -1;
    return w->traj ? 0 : -1;
}

/* Records the snapshot's weights when training moved them far enough;
 * a full record keeps every other entry and records half as often. */
static void record(struct app_LandWin *w, const nn_Model *m, int64_t step)
{
    if (m->n_params != w->n || step < w->last_step) {
        if (restart(w, m->n_params) != 0)
            return;
    }
    if (w->T > 0 && step - w->last_step < w->stride)
        return;
    if (w->T == w->cap) {
        for (int k = 1; k < w->cap / 2; k++)
            memcpy(w->traj + (size_t)k * w->n, w->traj + (size_t)(2 * k) * w->n,
                   w->n * sizeof *w->traj);
        w->T = w->cap / 2;
        w->stride *= 2;
    }
    memcpy(w->traj + (size_t)w->T * w->n, m->params, w->n * sizeof *w->traj);
    w->T++;
    w->last_step = step;
}

static void recompute(app_State *a, struct app_LandWin *w, int64_t step)
{
    const nn_Model *m = app_model(a);
    const nn_Dataset *d = app_train(a);
    if (!m || !d || w->T < 1 || w->n != m->n_params)
        return;
    char err[256];
    race_SliceSpec spec = race_slice_spec_default(w->T >= 3 ? RACE_DIRS_PCA : RACE_DIRS_RANDOM);
    spec.nx = spec.ny = LAND_WIN_GRID;
    spec.n_line = 61;
    double rows = LAND_WIN_BUDGET / (double)(m->n_params ? m->n_params : 1);
    spec.max_rows = rows < 32 ? 32 : rows > d->n ? 0 : (int)rows;
    /* the slice is through the snapshot's weights: the last record is them */
    if (memcmp(w->traj + (size_t)(w->T - 1) * w->n, m->params, w->n * sizeof *w->traj) != 0)
        record(w, m, step > w->last_step ? step : w->last_step);
    race_Slice *S = NULL;
    if (race_slice_compute(&S, &spec, m, d, app_spec(a)->data.features, w->traj, w->T, err,
                           sizeof err) != NN_OK) {
        /* no second direction yet (weights that barely moved): random ones */
        if (spec.mode != RACE_DIRS_PCA)
            return;
        int max_rows = spec.max_rows;
        spec = race_slice_spec_default(RACE_DIRS_RANDOM);
        spec.nx = spec.ny = LAND_WIN_GRID;
        spec.n_line = 61;
        spec.max_rows = max_rows;
        if (race_slice_compute(&S, &spec, m, d, app_spec(a)->data.features, w->traj, w->T, err,
                               sizeof err) != NN_OK)
            return;
    }
    race_slice_destroy(w->slice);
    w->slice = S;
    w->slice_step = step;
    w->slice_time = a->now;
}

void app_panel_landscape_window(app_State *a)
{
    ui_Context *ui = &a->ui;
    int typing = ui->text_focus || a->edit.active;
    if (!typing && ui_key_pressed(ui, 'p', 0)) {
        if (!a->land) {
            a->land = calloc(1, sizeof *a->land);
            if (!a->land)
                return;
            a->land->slice_step = -1;
        }
        a->land->open = !a->land->open;
    }
    struct app_LandWin *w = a->land;
    if (!w)
        return;
    const nn_Model *m = app_model(a);
    int64_t step = app_snap(a)->cursor.step;
    if (m)
        record(w, m, step); /* also while closed, so the trajectory is whole */
    if (!w->open)
        return;
    if (ui_key_pressed(ui, UI_KEY_ESCAPE, -1)) {
        w->open = 0;
        return;
    }
    if (!w->slice || (step != w->slice_step && a->now - w->slice_time >= LAND_WIN_PERIOD))
        recompute(a, w, step);
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui_Rect all = {0, 0, ui->width, ui->height};
    ui_draw_rect(ui, all, ui->style.bg);
    w->v.slice = w->slice;
    w->v.batches = (long long)w->slice_step;
    if (w->slice)
        app_landscape_draw(ui, a->plat, all, &w->v);
    ui_set_layer(ui, UI_LAYER_BASE);
    ui->in.mouse_pressed = 0;
    ui->in.mouse_released = 0;
    ui->in.mouse_down = 0;
    ui->in.wheel = 0;
    ui->in.mouse_x = ui->in.mouse_y = -1000;
}

/* A lesson's VIEW landscape: the window opened, as P opens it. */
void app_landscape_window_show(app_State *a)
{
    if (!a->land) {
        a->land = calloc(1, sizeof *a->land);
        if (!a->land)
            return;
        a->land->slice_step = -1;
    }
    a->land->open = 1;
}
