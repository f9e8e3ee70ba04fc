/* app_names.c - how the window names a weight or a bias: the shown run's
 * network named by the rule every other place shares (core/net_names.h),
 * so the tooltip, the editor and a lesson's checks say the same thing: a
 * weight is "x1 -> neuron 2 of layer 1", a bias is named by its unit
 * ("Bias of the output"). */
#include "app/app.h"

/* The shown run's network as the frame draws it. */
static app_NetNames names(const app_State *a)
{
    return app_net_names(app_spec(a), app_model(a), app_train(a));
}

void app_unit_name(const app_State *a, int layer, int unit, char *buf, size_t len)
{
    app_NetNames n = names(a);
    app_net_unit_name(&n, layer, unit, buf, len);
}

void app_param_name(const app_State *a, int layer, int i, int j, char *buf, size_t len)
{
    app_NetNames n = names(a);
    app_net_param_name(&n, layer, i, j, buf, len);
}
