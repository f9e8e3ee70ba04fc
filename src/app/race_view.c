/* race_view.c - the race view's state: paths run by the engine's optimizers. */
#include "app/race_view.h"

#include <stdlib.h>
#include <string.h>

int app_race_recompute(app_RaceView *v, char *err, size_t err_len)
{
    for (int k = 0; k < v->racers.n; k++) {
        nn_Status st = race_path_run(v->path[k], &v->surf, &v->racers.cfg[k], v->start_x,
                                     v->start_y, err, err_len);
        if (st != NN_OK && st != NN_DIVERGED)
            return -1;
        v->status[k] = st;
    }
    return 0;
}

int app_race_init(app_RaceView *v, const race_Surface *surf, const race_Racers *racers, float x0,
                  float y0, int steps, char *err, size_t err_len)
{
    memset(v, 0, sizeof *v);
    v->surf = *surf;
    race_surface_view(surf->kind, v->box);
    v->start_x = x0;
    v->start_y = y0;
    v->steps = steps;
    v->shown = steps;
    v->racers = *racers;
    for (int k = 0; k < racers->n; k++) {
        if (race_path_create(&v->path[k], steps, err, err_len) != NN_OK) {
            app_race_free(v, NULL);
            return -1;
        }
    }
    if (app_race_recompute(v, err, err_len) != 0) {
        app_race_free(v, NULL);
        return -1;
    }
    return 0;
}

void app_race_free(app_RaceView *v, plat_Ctx *p)
{
    for (int k = 0; k < RACE_MAX_RACERS; k++) {
        race_path_destroy(v->path[k]);
        v->path[k] = NULL;
    }
    if (v->tex && p)
        plat_texture_destroy(p, v->tex);
    v->tex = 0;
    free(v->px);
    free(v->val);
    v->px = NULL;
    v->val = NULL;
}
