/* net_dropout.h - dropout on the network diagram: the layer's caption
 * names its rate, and while stepping through a batch the units the
 * selected row dropped are greyed and crossed out (panel_net.c calls these;
 * the mask comes from the snapshot's row view, core/row_view.h). */
#ifndef NNVIZ_APP_NET_DROPOUT_H
#define NNVIZ_APP_NET_DROPOUT_H

#include <stddef.h>

#include "app/app.h"

/* 1 while stepping by phase when unit j of hidden layer l is dropped for
 * the selected row: from FORWARD l of the batch on, through its update.
 * l = -1 asks about model input j (dropout on the inputs). */
int app_step_dropped(const app_State *a, int l, int j);

/* Marks a dropped unit's tile: a grey wash (the tile's colours faded, as a
 * switched-off input is) and a dark diagonal cross, so it reads without
 * colour. */
void app_draw_dropped(app_State *a, ui_Rect cell);

/* The caption under hidden layer l ("8 neurons · dropout 0.2", or without
 * the rate when the layer has none), in font px and at most max_w wide:
 * shortened to the count with the rate, then to the count alone. */
void app_layer_caption(app_State *a, int l, int font, int max_w, char *out, size_t len);

#endif
