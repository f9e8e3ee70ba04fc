/* loss_label.c - the window's names of the losses (see loss_label.h). */
#include "core/loss_label.h"

#include <string.h>

const i18n_Id app_loss_label_ids[NN_LOSS_COUNT] = {
    [NN_LOSS_MSE] = STR_LOSS_MSE,
    [NN_LOSS_BCE] = STR_LOSS_BCE,
    [NN_LOSS_CCE] = STR_LOSS_CCE,
    [NN_LOSS_SPARSE_CCE] = STR_LOSS_SPARSE_CCE,
    [NN_LOSS_HALF_SQUARED] = STR_LOSS_HALF_SQUARED,
};

const char *app_loss_label(nn_Loss k)
{
    return (unsigned)k < NN_LOSS_COUNT ? tr(app_loss_label_ids[k]) : nn_loss_name(k);
}

/* The Keras id at s that is longest (sparse_categorical_crossentropy holds
 * categorical_crossentropy), or -1. */
static int id_at(const char *s, size_t *id_len)
{
    int best = -1;
    *id_len = 0;
    for (int k = 0; k < NN_LOSS_COUNT; k++) {
        const char *id = nn_loss_name((nn_Loss)k);
        size_t n = id ? strlen(id) : 0;
        if (n > *id_len && strncmp(s, id, n) == 0) {
            best = k;
            *id_len = n;
        }
    }
    return best;
}

void app_loss_labels_in(char *msg, size_t len)
{
    if (len == 0)
        return;
    char out[1024];
    size_t o = 0, cap = len < sizeof out ? len : sizeof out;
    for (const char *s = msg; *s && o + 1 < cap;) {
        size_t n;
        /* an id only where a word starts: "my_mse" is not the loss */
        int k = (s == msg || !(s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z'))) ? id_at(s, &n) : -1;
        if (k >= 0 && !(s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z'))) {
            const char *label = tr(app_loss_label_ids[k]);
            size_t m = strlen(label);
            if (o + m + 1 > cap)
                break;
            memcpy(out + o, label, m);
            o += m;
            s += n;
        } else {
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
    memcpy(msg, out, o + 1);
}
