/* core_export.c - a run's loss history (CSV) and model (JSON). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/export.h"
#include "i18n/i18n.h"
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

const char *app_full_path(const char *path, char *out, size_t len)
{
    char full[PATH_MAX];
    if (!realpath(path, full))
        return path;
    snprintf(out, len, "%s", full);
    return out;
}

int app_export_history(const app_Run *r, const char *dir, const char *path, char *msg,
                       size_t msg_len)
{
    char p[1100];
    if (!path || !path[0]) {
        app_next_free_path(dir, "nnviz-loss", "csv", p, sizeof p);
        path = p;
    }
    if (nn_session_save_history(r->s, path, msg, msg_len) != NN_OK)
        return -1;
    char full[PATH_MAX];
    snprintf(msg, msg_len, tr(STR_STATUS_SAVED_HISTORY), app_full_path(path, full, sizeof full));
    return 0;
}

int app_export_model(const app_Run *r, const char *dir, const char *path, char *msg,
                     size_t msg_len)
{
    char p[1100];
    if (!path || !path[0]) {
        app_next_free_path(dir, "nnviz-model", "json", p, sizeof p);
        path = p;
    }
    const nn_Session *s = r->s;
    if (nn_model_save(path, s->model, s->opt, s->spec.data.features, msg, msg_len) != NN_OK)
        return -1;
    char full[PATH_MAX];
    snprintf(msg, msg_len, tr(STR_STATUS_SAVED_MODEL), app_full_path(path, full, sizeof full));
    return 0;
}
