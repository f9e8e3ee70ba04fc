/* core_compare.c - the window's comparison: the runs of one experiment
 * differing in one knob, built through app_core_build_runs so that they
 * share the data, and (from the one seed) the initial weights and the batch
 * order; the runner steps them in lockstep. */
#include <stdio.h>
#include <string.h>

#include "core/compare.h"
#include "core/core.h"

int app_core_compare(app_Core *c, const char *vary, char *err, size_t err_len)
{
    nn_Experiment base = *app_run_spec(app_core_focus(c)); /* the runs are replaced below */
    nn_Experiment specs[APP_MAX_RUNS];
    app_Vary v;
    int n = 1;
    specs[0] = base;
    if (vary[0]) {
        if (app_vary_parse(vary, &v, err, err_len) != 0)
            return -1;
        if (v.n_values > APP_MAX_RUNS) {
            snprintf(err, err_len, "--vary %s: the window compares at most %d values",
                     app_knob_name(v.knob), APP_MAX_RUNS);
            return -1;
        }
        n = v.n_values;
        for (int i = 0; i < n; i++)
            if (app_vary_apply(&base, &v, i, &specs[i], err, err_len) != 0)
                return -1;
    }
    if (app_core_build_runs(c, specs, n, NULL, err, err_len) != 0)
        return -1;
    memset(&c->vary, 0, sizeof c->vary);
    if (vary[0]) {
        c->vary = v;
        for (int i = 0; i < n; i++)
            c->runs[i]->color = app_cmp_palette[i];
        app_core_compare_labels(c);
    }
    return 0;
}

void app_core_compare_labels(app_Core *c)
{
    /* the menus' names ("Binary CE"), as the rest of the window says them,
     * not the ids the --vary text was written with; runs built since by
     * something else (an opened file) are not the comparison's */
    if (c->n_runs < 2 || c->n_runs != c->vary.n_values)
        return;
    for (int i = 0; i < c->vary.n_values && i < c->n_runs; i++)
        app_vary_label(&c->vary, i, c->runs[i]->label, sizeof c->runs[i]->label);
}

int app_core_compare_respec(const app_Core *c, nn_Experiment *specs, char *err, size_t err_len)
{
    if (c->n_runs < 2 || c->n_runs != c->vary.n_values) /* not the comparison's runs */
        return 0;
    nn_Experiment out[APP_MAX_RUNS];
    for (int i = 0; i < c->n_runs; i++)
        if (app_vary_apply(&specs[i], &c->vary, i, &out[i], err, err_len) != 0)
            return -1;
    memcpy(specs, out, (size_t)c->n_runs * sizeof specs[0]);
    return 0;
}
