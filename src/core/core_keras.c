/* core_keras.c - a Keras program opened in the window: the Keras bridge runs
 * it up to its first fit, which gives the network (with Keras's initial
 * weights), the compile settings and the very arrays fit would train on. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "keras/keras.h"

int app_is_keras_file(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && strcasecmp(path + n - 3, ".py") == 0;
}

int app_keras_open(const char *path, app_KerasOpen *k, char *err, size_t err_len)
{
    memset(k, 0, sizeof *k);
    kr_Options o = {0};
    o.stop_before_fit = 1;
    o.keep_data = 1;
    /* what the set-up prints (summary(), print) is the terminal's business,
     * not the window's */
    o.out = fopen("/dev/null", "w");
    if (!o.out) {
        snprintf(err, err_len, "%s: cannot open /dev/null for the program's output", path);
        return -1;
    }
    o.notes = tmpfile(); /* NULL: the notes go to stderr only */
    kr_Result res;
    int st = kr_run_file(path, &o, &res, err, err_len);
    fclose(o.out);
    if (o.notes) {
        /* each note to stderr as `nnviz train` prints it; the last one for the status line */
        char line[256];
        rewind(o.notes);
        while (fgets(line, sizeof line, o.notes)) {
            fputs(line, stderr);
            line[strcspn(line, "\n")] = '\0';
            if (line[0])
                snprintf(k->note, sizeof k->note, "%s", line);
        }
        fclose(o.notes);
    }
    if (st == KR_OK && (!res.has_model || !res.model))
        snprintf(err, err_len, "%s: the program builds no Keras model to show", path);
    else if (st == KR_OK && !res.train)
        snprintf(err, err_len, "%s: the program never calls fit(): nothing to train on", path);
    if (st != KR_OK || !res.model || !res.train) {
        kr_result_free(&res);
        return -1;
    }
    k->spec = res.spec;
    nn_Experiment *e = &k->spec;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(e->title, sizeof e->title, "%.100s", base);
    /* the data is the program's arrays: named after the file, never reloaded
     * (the core keeps it while this data spec stays) */
    e->data.kind = NN_SRC_IDX;
    snprintf(e->data.path, sizeof e->data.path, "%s", path);
    e->data.features = 0;
    e->data.train_ratio = 0.5;
    e->init = NN_INIT_GLOROT_UNIFORM; /* Keras's default; a reset draws from it */
    snprintf(res.train->name, sizeof res.train->name, "%.60s", base);
    if (res.test)
        snprintf(res.test->name, sizeof res.test->name, "%.60s", base);
    k->model = res.model;
    k->train = res.train;
    k->test = res.test;
    k->fit_line = res.fit_line;
    res.model = NULL;
    res.train = res.test = NULL;
    kr_result_free(&res);
    return 0;
}
