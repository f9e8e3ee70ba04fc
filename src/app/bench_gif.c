/* bench_gif.c - the GIF export's wall time for nnviz-bench (bench_gif.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app_exports.h"
#include "app/bench_gif.h"

int app_bench_gif(int w, int h, float scale, double seconds, int fps, double *wall_s, double *cpu_s,
                  long *bytes, char *err, size_t err_len)
{
    char dir[] = "/tmp/nnviz-bench-XXXXXX", path[64];
    if (!mkdtemp(dir)) {
        snprintf(err, err_len, "cannot make a temporary directory");
        return -1;
    }
    snprintf(path, sizeof path, "%s/spiral.gif", dir);
    plat_Ctx *p = plat_open_offscreen((int)lroundf((float)w * scale), (int)lroundf((float)h * scale), err,
                                      err_len);
    app_State *a = NULL;
    int rc = -1;
    if (p && app_create(&a, p, NNVIZ_LESSON_DIR "/spiral.ini", err, err_len) == 0) {
        a->input.mouse_x = a->input.mouse_y = -1000; /* as nnviz render: no hover */
        a->export_scale = scale;
        double t0 = plat_now();
        clock_t c0 = clock();
        rc = app_render_gif(a, seconds, fps, path, err, err_len);
        *cpu_s = (double)(clock() - c0) / CLOCKS_PER_SEC;
        *wall_s = plat_now() - t0;
        struct stat sb;
        *bytes = rc == 0 && stat(path, &sb) == 0 ? (long)sb.st_size : 0;
    }
    app_destroy(a);
    if (p)
        plat_close(p);
    unlink(path);
    rmdir(dir);
    return rc;
}
