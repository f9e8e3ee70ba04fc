/* net_dropout.c - dropout on the network diagram (net_dropout.h). */
#include "app/net_dropout.h"

#include <math.h>
#include <stdio.h>

#include "i18n/i18n.h"

int app_step_dropped(const app_State *a, int l, int j)
{
    if (!app_step_on(a))
        return 0;
    const app_RowView *v = &app_snap(a)->rowv;
    if (l == -1) /* the inputs: from FORWARD 0 on */
        return v->valid && v->dropped && v->fwd > 0 && j >= 0 && j < v->sizes[0] &&
               v->dropped[v->drop_in_at + (size_t)j] != 0;
    if (!v->valid || !v->dropped || l < 0 || l >= v->n_layers || l >= v->fwd || j < 0 ||
        j >= v->sizes[l + 1])
        return 0;
    return v->dropped[v->off[l] + j] != 0;
}

void app_draw_dropped(app_State *a, ui_Rect cell)
{
    ui_Context *ui = &a->ui;
    /* faded to grey rather than to white: a dropped unit is not an input
     * switched off, and the cross says it in shape as well as in tone */
    ui_draw_rect(ui, cell, (ui_Color){200, 202, 206, 215});
    float in = (float)cell.w * 0.18f, w = fmaxf(1.5f, (float)cell.w / 18.0f);
    float x0 = (float)cell.x + in, y0 = (float)cell.y + in;
    float x1 = (float)(cell.x + cell.w) - in, y1 = (float)(cell.y + cell.h) - in;
    ui_Color ink = {60, 64, 67, 255};
    ui_draw_line(ui, x0, y0, x1, y1, w, ink);
    ui_draw_line(ui, x0, y1, x1, y0, w, ink);
}

void app_layer_caption(app_State *a, int l, int font, int max_w, char *out, size_t len)
{
    ui_Context *ui = &a->ui;
    const nn_Model *m = app_model(a);
    int n = m->arch.sizes[l + 1];
    float rate = l + 1 < m->arch.n_layers ? m->dropout[l] : 0.0f;
    char units[64];
    snprintf(units, sizeof units, tr(n == 1 ? STR_NET_NEURON : STR_NET_NEURONS), n);
    if (rate > 0.0f) {
        snprintf(out, len, tr(STR_NET_UNITS_DROPOUT), units, (double)rate);
        if (ui_text_width(ui, font, 0, out) <= max_w)
            return;
        snprintf(units, sizeof units, "%d", n);
        snprintf(out, len, tr(STR_NET_UNITS_DROPOUT), units, (double)rate);
        if (ui_text_width(ui, font, 0, out) <= max_w)
            return;
    } else {
        snprintf(out, len, "%s", units);
        if (ui_text_width(ui, font, 0, out) <= max_w)
            return;
    }
    snprintf(out, len, "%d", n);
}
