/* panel_confusion.h - the confusion matrix of the output panel's class view. */
#ifndef NNVIZ_PANEL_CONFUSION_H
#define NNVIZ_PANEL_CONFUSION_H

#include <stddef.h>

#include "app/app.h"

/* Draws the focused run's confusion matrix on d's k classes in r (its
 * title, the axes' header, one row per true class), the row of class
 * `truth` (-1: none) in bold. The cells take the room r gives them; the
 * rows' labels step down in size to the row pitch, and become the bare
 * class numbers when the names cannot fit. Draws nothing when there is no
 * matrix of k classes or r cannot hold a readable one. Draws only inside r. */
void app_confusion_draw(app_State *a, ui_Rect r, const nn_Dataset *d, int k, int truth);

#endif
