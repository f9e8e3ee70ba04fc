/* app_export.c - screenshots, loss history CSV and model JSON. */
#include <stdio.h>
#include <sys/stat.h>

#include "app/app.h"
#include "engine/model_io.h"

/* First free DIR/stemNNN.ext, so repeated presses never overwrite a file. */
static void next_path(const app_State *a, const char *stem, const char *ext, char *out, size_t len)
{
    struct stat st;
    for (int i = 1; i < 10000; i++) {
        snprintf(out, len, "%s/%s-%03d.%s", a->shot_dir, stem, i, ext);
        if (stat(out, &st) != 0)
            return;
    }
}

int app_screenshot(app_State *a, const char *path)
{
    char p[1100], err[512];
    if (!path) {
        next_path(a, "nnviz", "png", p, sizeof p);
        path = p;
    }
    if (plat_save_png(a->plat, path, err, sizeof err) != 0) {
        app_set_status(a, 1, "%s", err);
        return -1;
    }
    app_set_status(a, 0, "Saved %s", path);
    return 0;
}

int app_export_history(app_State *a, const char *path)
{
    char p[1100], err[512];
    if (!path) {
        next_path(a, "nnviz-loss", "csv", p, sizeof p);
        path = p;
    }
    if (nn_session_save_history(a->s, path, err, sizeof err) != NN_OK) {
        app_set_status(a, 1, "%s", err);
        return -1;
    }
    app_set_status(a, 0, "Saved the loss history to %s", path);
    return 0;
}

int app_export_model(app_State *a, const char *path)
{
    char p[1100], err[512];
    if (!path) {
        next_path(a, "nnviz-model", "json", p, sizeof p);
        path = p;
    }
    if (nn_model_save(path, a->s->model, a->s->opt, a->s->spec.data.features, err, sizeof err) != NN_OK) {
        app_set_status(a, 1, "%s", err);
        return -1;
    }
    app_set_status(a, 0, "Saved the model to %s", path);
    return 0;
}
