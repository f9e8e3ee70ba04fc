/* app_export.c - screenshots of the window (the history and model exports
 * need no window: core_export.c). */
#include <limits.h>
#include <stdio.h>

#include "app/app.h"
#include "i18n/i18n.h"

int app_screenshot(app_State *a, const char *path)
{
    char p[1100], err[512];
    if (!path || !path[0]) {
        app_next_free_path(a->core.out_dir, "nnviz", "png", p, sizeof p);
        path = p;
    }
    if (plat_save_png(a->plat, path, err, sizeof err) != 0) {
        app_set_status(a, 1, "%s", err);
        return -1;
    }
    /* the full path: a teacher must find the file afterwards */
    char full[PATH_MAX];
    app_set_status(a, 0, tr(STR_STATUS_SAVED), app_full_path(path, full, sizeof full));
    return 0;
}
