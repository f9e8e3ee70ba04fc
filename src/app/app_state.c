/* app_state.c - the window's state: created around the core, torn down
 * after it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_exports.h"

void app_set_status(app_State *a, int error, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    app_core_status(&a->core, error, "%s", buf);
}

static void run_freed(void *ctx, app_Run *run)
{
    app_heat_free(ctx, &run->heat);
}

static app_State *alloc_state(plat_Ctx *plat, char *err, size_t err_len)
{
    app_State *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    a->plat = plat;
    if (ui_init(&a->ui, 65536, plat_text_width, plat_text_height, plat) != 0) {
        snprintf(err, err_len, "out of memory for the UI");
        free(a);
        return NULL;
    }
    a->zoom = 1.0f;
    a->controls = 1;
    a->scale = 1.0f;
    a->draw_class = 1;
    a->show_acc = 1;
    a->now = plat_now();
    return a;
}

static int finish(app_State *a, app_State **out)
{
    a->core.run_freed = run_freed;
    a->core.run_freed_ctx = a;
    *out = a;
    return 0;
}

int app_create_spec(app_State **out, plat_Ctx *plat, const nn_Experiment *spec, char *err,
                    size_t err_len)
{
    *out = NULL;
    app_State *a = alloc_state(plat, err, err_len);
    if (!a)
        return -1;
    if (app_core_init_spec(&a->core, spec, err, err_len) != 0) {
        ui_free(&a->ui);
        free(a);
        return -1;
    }
    return finish(a, out);
}

int app_create(app_State **out, plat_Ctx *plat, const char *path, char *err, size_t err_len)
{
    *out = NULL;
    app_State *a = alloc_state(plat, err, err_len);
    if (!a)
        return -1;
    if (app_core_init(&a->core, path, err, err_len) != 0) {
        ui_free(&a->ui);
        free(a);
        return -1;
    }
    return finish(a, out);
}

void app_destroy(app_State *a)
{
    if (!a)
        return;
    app_core_free(&a->core); /* joins the training thread; frees textures through run_freed */
    app_thumbs_free(a);
    app_gallery_free(a);
    app_race_window_free(a);
    app_landscape_window_free(a);
    app_code_free(a);
    app_lspace_free(a);
    app_wh_free(a);
    app_export_free(a);
    app_lesson_free(a);
    ui_free(&a->ui);
    free(a);
}
