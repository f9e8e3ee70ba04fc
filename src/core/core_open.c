/* core_open.c - the experiment a file describes: a lesson, a model or a CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "engine/model_io.h"

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n >= e && strcasecmp(path + n - e, ext) == 0;
}

void app_default_spec(nn_Experiment *e, char *path, size_t len)
{
    nn_experiment_default(e);
    if (path && len)
        path[0] = '\0';
#ifdef NNVIZ_LESSON_DIR
    char p[1024], err[256];
    snprintf(p, sizeof p, "%s/spiral.ini", NNVIZ_LESSON_DIR);
    nn_Experiment tmp;
    FILE *f = fopen(p, "r");
    if (f) {
        fclose(f);
        if (nn_experiment_load(&tmp, p, err, sizeof err) == NN_OK) {
            *e = tmp;
            if (path && len)
                snprintf(path, len, "%s", p);
        }
    }
#endif
}

/* The last column name of a CSV header (the label unless told otherwise),
 * and how many columns the header has. */
static int csv_last_column(const char *path, char *out, size_t len, int *n_cols)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[4096];
    int ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    line[strcspn(line, "\r\n")] = '\0';
    *n_cols = 1;
    for (const char *p = line; *p; p++)
        *n_cols += *p == ',';
    const char *last = strrchr(line, ',');
    last = last ? last + 1 : line;
    while (*last == ' ' || *last == '"')
        last++;
    size_t n = strlen(last);
    if (n >= len)
        n = len - 1;
    memcpy(out, last, n);
    out[n] = '\0';
    while (n > 0 && (out[n - 1] == '"' || out[n - 1] == ' '))
        out[--n] = '\0';
    return n > 0 ? 0 : -1;
}

/* A model file brings its own architecture: the spec follows it so later
 * rebuilds keep the shape. */
static void spec_from_model(nn_Experiment *e, const nn_Model *m, uint32_t features)
{
    e->n_hidden = m->arch.n_layers - 1;
    for (int l = 0; l < e->n_hidden; l++) {
        e->hidden[l] = m->arch.sizes[l + 1];
        e->hidden_act[l] = m->arch.act[l];
    }
    e->out_act = m->arch.act[m->arch.n_layers - 1];
    e->n_out = nn_model_outputs(m);
    e->loss = m->loss;
    e->reg = m->reg;
    e->reg_rate = m->reg_rate;
    if (features)
        e->data.features = features;
}

void app_csv_network(nn_Experiment *e, int n_in)
{
    /* two tanh layers, the first twice the inputs rounded up to a power of
     * two (8 .. 64), the second half of it: enough for a table of a few
     * columns, small enough to watch; Adam at 0.01, which copes with columns
     * of any scale where Playground's SGD at 0.03 may crawl or diverge */
    int w = 8;
    while (w < 2 * n_in && w < 64)
        w *= 2;
    e->n_hidden = 2;
    e->hidden[0] = w;
    e->hidden[1] = w / 2;
    e->hidden_act[0] = e->hidden_act[1] = NN_ACT_TANH;
    float lr = 0.01f;
    nn_opt_config_default(&e->opt, NN_OPT_ADAM);
    e->opt.lr = lr;
    e->init = NN_INIT_GLOROT_UNIFORM;
    if (e->batch_size < 16)
        e->batch_size = 16;
}

int app_spec_for_file(const char *path, nn_Experiment *e, nn_Model **model, char *err,
                      size_t err_len)
{
    *model = NULL;
    if (has_ext(path, ".json")) {
        app_default_spec(e, NULL, 0);
        uint32_t features = 0;
        if (nn_model_load(path, model, NULL, &features, err, err_len) != NN_OK)
            return -1;
        spec_from_model(e, *model, features);
        return 0;
    }
    if (has_ext(path, ".csv")) {
        app_default_spec(e, NULL, 0);
        e->data.kind = NN_SRC_CSV;
        snprintf(e->data.path, sizeof e->data.path, "%s", path);
        int n_cols = 0;
        if (csv_last_column(path, e->data.label, sizeof e->data.label, &n_cols) != 0) {
            snprintf(err, err_len, "%s: no header row", path);
            return -1;
        }
        e->data.features = 0;
        app_csv_network(e, n_cols - 1);
        e->out_act = NN_ACT_SOFTMAX;
        e->loss = NN_LOSS_SPARSE_CCE;
        e->n_out = 0;
        return 0;
    }
    if (has_ext(path, ".py")) {
        snprintf(err, err_len, "%s: Keras files are opened by the Keras bridge, not built here", path);
        return -1;
    }
    return nn_experiment_load(e, path, err, err_len) == NN_OK ? 0 : -1;
}
