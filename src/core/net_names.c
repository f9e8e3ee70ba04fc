/* net_names.c - the names the window gives a network's units and weights
 * (net_names.h), kept apart from the window so a lesson's check text names
 * them the same way without SDL. */
#include "core/net_names.h"

#include <stdio.h>

#include "i18n/i18n.h"

app_NetNames app_net_names(const nn_Experiment *spec, const nn_Model *m,
                           const nn_Dataset *train)
{
    app_NetNames n = {m ? &m->arch : NULL, 0, train};
    if (spec && train && train->dim == 2)
        n.features = spec->data.features;
    return n;
}

const char *app_feature_label(int bit)
{
    static const i18n_Id labels[NN_FEAT_COUNT] = {
        STR_FEAT_LABEL_X1,    STR_FEAT_LABEL_X2,     STR_FEAT_LABEL_X1_SQ, STR_FEAT_LABEL_X2_SQ,
        STR_FEAT_LABEL_X1_X2, STR_FEAT_LABEL_SIN_X1, STR_FEAT_LABEL_SIN_X2};
    return bit >= 0 && bit < NN_FEAT_COUNT ? tr(labels[bit]) : "?";
}

/* Model input i: a Playground feature's label, a CSV column's name, or its
 * number from 1. */
static void input_name(const app_NetNames *n, int i, char *buf, size_t len)
{
    if (n->features) {
        int seen = 0;
        for (int k = 0; k < NN_FEAT_COUNT; k++)
            if ((n->features & (1u << k)) && seen++ == i) {
                snprintf(buf, len, "%s", app_feature_label(k));
                return;
            }
    }
    const nn_Dataset *d = n->train;
    if (d && d->col_names && i >= 0 && i < d->dim && d->col_names[i][0])
        snprintf(buf, len, "%s", d->col_names[i]);
    else
        snprintf(buf, len, tr(STR_NAME_INPUT), i + 1);
}

void app_net_unit_name(const app_NetNames *n, int layer, int unit, char *buf, size_t len)
{
    if (len == 0)
        return;
    int L = n->arch ? n->arch->n_layers : 0;
    if (layer < 0)
        input_name(n, unit, buf, len);
    else if (layer == L - 1 && n->arch->sizes[L] == 1)
        snprintf(buf, len, "%s", tr(STR_NAME_THE_OUTPUT));
    else if (layer == L - 1)
        snprintf(buf, len, tr(STR_NAME_OUTPUT_K), unit + 1);
    else
        snprintf(buf, len, tr(STR_NAME_NEURON), unit + 1, layer + 1);
}

void app_net_param_name(const app_NetNames *n, int layer, int i, int j, char *buf, size_t len)
{
    char u[80], v[80];
    if (j < 0) {
        app_net_unit_name(n, layer, i, buf, len);
        return;
    }
    app_net_unit_name(n, layer - 1, i, u, sizeof u);
    app_net_unit_name(n, layer, j, v, sizeof v);
    snprintf(buf, len, tr(STR_NAME_WEIGHT), u, v);
}
