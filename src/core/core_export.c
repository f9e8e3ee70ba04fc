/* core_export.c - the focused run's loss history (CSV) and model (JSON). */
#include <stdio.h>
#include <sys/stat.h>

#include "core/core.h"
#include "engine/model_io.h"

void app_next_free_path(const char *dir, const char *stem, const char *ext, char *out, size_t len)
{
    struct stat st;
    for (int i = 1; i < 10000; i++) {
        snprintf(out, len, "%s/%s-%03d.%s", dir, stem, i, ext);
        if (stat(out, &st) != 0)
            return;
    }
}

int app_core_export_history(app_Core *c, const char *path)
{
    char p[1100], err[512];
    if (!path || !path[0]) {
        app_next_free_path(c->out_dir, "nnviz-loss", "csv", p, sizeof p);
        path = p;
    }
    if (nn_session_save_history(app_core_focus(c)->s, path, err, sizeof err) != NN_OK) {
        app_core_status(c, 1, "%s", err);
        return -1;
    }
    app_core_status(c, 0, "Saved the loss history to %s", path);
    return 0;
}

int app_core_export_model(app_Core *c, const char *path)
{
    char p[1100], err[512];
    if (!path || !path[0]) {
        app_next_free_path(c->out_dir, "nnviz-model", "json", p, sizeof p);
        path = p;
    }
    const nn_Session *s = app_core_focus(c)->s;
    if (nn_model_save(path, s->model, s->opt, s->spec.data.features, err, sizeof err) != NN_OK) {
        app_core_status(c, 1, "%s", err);
        return -1;
    }
    app_core_status(c, 0, "Saved the model to %s", path);
    return 0;
}
