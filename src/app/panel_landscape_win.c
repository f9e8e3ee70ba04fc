/* panel_landscape_win.c - the focused run's loss landscape in the window
 * (key P): its weights are recorded as it trains, and the slice along the
 * trajectory's principal directions (random filter-normalized ones until
 * three records exist) is recomputed while training moves the weights, at
 * most every LAND_WIN_PERIOD seconds, on a 31x31 grid. The trajectory's PCA
 * and the grid are computed on a worker thread (race/landscape_worker.h),
 * which copies what it reads: the frame submits a job and draws the last
 * slice finished, so a long trajectory or a wide network never stalls it.
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
    race_slice_worker_destroy(w->worker); /* after the job it is on */
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

/* The live slice's spec: 31x31, 61 line points, rows within the budget. */
static race_SliceSpec live_spec(race_DirMode mode, const nn_Model *m, const nn_Dataset *d)
{
    race_SliceSpec spec = race_slice_spec_default(mode);
    spec.nx = spec.ny = LAND_WIN_GRID;
    spec.n_line = 61;
    double rows = LAND_WIN_BUDGET / (double)(m->n_params ? m->n_params : 1);
    spec.max_rows = rows < 32 ? 32 : rows > d->n ? 0 : (int)rows;
    return spec;
}

/* Submits the slice through the snapshot's weights to the worker. */
static void submit(app_State *a, struct app_LandWin *w, int64_t step, race_DirMode mode)
{
    const nn_Model *m = app_model(a);
    const nn_Dataset *d = app_train(a);
    if (!m || !d || w->T < 1 || w->n != m->n_params)
        return;
    char err[256];
    if (!w->worker && race_slice_worker_create(&w->worker, err, sizeof err) != NN_OK)
        return;
    race_SliceSpec spec = live_spec(mode, m, d);
    /* the slice is through the snapshot's weights: the last record is them */
    if (memcmp(w->traj + (size_t)(w->T - 1) * w->n, m->params, w->n * sizeof *w->traj) != 0)
        record(w, m, step > w->last_step ? step : w->last_step);
    int64_t gen = 0;
    if (race_slice_worker_submit(w->worker, &spec, m, d, app_spec(a)->data.features, w->traj,
                                 w->T, &gen, err, sizeof err) != NN_OK)
        return;
    w->asked_gen = gen;
    w->job_step[gen % 4] = step;
    w->job_mode[gen % 4] = mode;
    w->slice_time = a->now; /* the period counts from the request */
}

/* Takes a slice the worker finished. A PCA slice that could not be made (no
 * second direction yet: weights that barely moved) is asked again along
 * random directions. */
static void collect(app_State *a, struct app_LandWin *w)
{
    race_Slice *S = NULL;
    int64_t gen = 0;
    if (!w->worker || !race_slice_worker_take(w->worker, &S, &gen, NULL, 0))
        return;
    int64_t step = w->job_step[gen % 4];
    if (!S) {
        if (w->job_mode[gen % 4] == RACE_DIRS_PCA && gen == w->asked_gen)
            submit(a, w, step, RACE_DIRS_RANDOM);
        return;
    }
    race_slice_destroy(w->slice);
    w->slice = S;
    w->slice_step = step;
}

void app_landscape_window_settle(app_State *a)
{
    struct app_LandWin *w = a->land;
    for (int k = 0; w && w->worker && k < 2; k++) { /* a PCA failure asks once more */
        race_slice_worker_wait(w->worker);
        collect(a, w);
    }
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
    collect(a, w);
    int idle = !w->worker || !race_slice_worker_busy(w->worker);
    if (idle && (w->asked_gen == 0 ||
                 (step != w->slice_step && a->now - w->slice_time >= LAND_WIN_PERIOD)))
        submit(a, w, step, w->T >= 3 ? RACE_DIRS_PCA : RACE_DIRS_RANDOM);
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
