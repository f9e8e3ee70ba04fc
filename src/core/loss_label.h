/* loss_label.h - the one name a student sees for each loss.
 *
 * Files, the command line and Keras programs name a loss by its Keras id
 * (binary_crossentropy: nn_loss_name); everything the window shows - the
 * loss menu, the status line's messages, tooltips - names it by the label
 * below, in the window's language. */
#ifndef NNVIZ_CORE_LOSS_LABEL_H
#define NNVIZ_CORE_LOSS_LABEL_H

#include <stddef.h>

#include "engine/loss.h"
#include "i18n/i18n.h"

/* The string ids of the labels, one per nn_Loss (the loss menu's items). */
extern const i18n_Id app_loss_label_ids[NN_LOSS_COUNT];

/* The label of loss k; its Keras id when k is out of range. */
const char *app_loss_label(nn_Loss k);

/* Rewrites msg (NUL-terminated, room for len bytes) in place so every Keras
 * loss id in it (an engine message: "binary_crossentropy needs class
 * labels") reads as its label. A message that would not fit is cut at len. */
void app_loss_labels_in(char *msg, size_t len);

#endif
