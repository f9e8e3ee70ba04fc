/* app_names.c - how the window names a weight or a bias, in one place, so
 * the tooltip and the editor say the same thing: a weight is "x1 -> neuron
 * 2 of layer 1", a bias is named by its unit ("Bias of the output"). */
#include <stdio.h>

#include "app/app.h"
#include "i18n/i18n.h"

/* Model input i: a Playground feature's name, a CSV column's, or its number. */
static void input_name(const app_State *a, int i, char *buf, size_t len)
{
    uint32_t features = app_train(a)->dim == 2 ? app_spec(a)->data.features : 0;
    if (features) {
        int seen = 0;
        for (int k = 0; k < NN_FEAT_COUNT; k++)
            if (features & (1u << k)) {
                if (seen++ == i) {
                    snprintf(buf, len, "%s", app_feature_label(k));
                    return;
                }
            }
    }
    const nn_Dataset *d = app_train(a);
    if (d->col_names && i < d->dim && d->col_names[i][0])
        snprintf(buf, len, "%s", d->col_names[i]);
    else
        snprintf(buf, len, tr(STR_NAME_INPUT), i + 1);
}

void app_unit_name(const app_State *a, int layer, int unit, char *buf, size_t len)
{
    const nn_Model *m = app_model(a);
    int L = m->arch.n_layers;
    if (layer < 0)
        input_name(a, unit, buf, len);
    else if (layer == L - 1 && m->arch.sizes[L] == 1)
        snprintf(buf, len, "%s", tr(STR_NAME_THE_OUTPUT));
    else if (layer == L - 1)
        snprintf(buf, len, tr(STR_NAME_OUTPUT_K), unit + 1);
    else
        snprintf(buf, len, tr(STR_NAME_NEURON), unit + 1, layer + 1);
}

void app_param_name(const app_State *a, int layer, int i, int j, char *buf, size_t len)
{
    char u[80], v[80];
    if (j < 0) {
        app_unit_name(a, layer, i, buf, len);
        return;
    }
    app_unit_name(a, layer - 1, i, u, sizeof u);
    app_unit_name(a, layer, j, v, sizeof v);
    snprintf(buf, len, tr(STR_NAME_WEIGHT), u, v);
}
