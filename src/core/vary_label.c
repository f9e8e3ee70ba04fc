/* vary_label.c - the names a comparison's knobs and values go by in the
 * window and in the pictures (compare.h): the loss menu's "Binary CE", the
 * optimizer menu's "Adam", the layer menu's "ReLU", not the Keras ids the
 * command line and the files take (binary_crossentropy, adam, relu). A
 * teacher who picks "Binary CE" in the loss menu finds the same words in
 * the comparison's legend, table and small multiples. */
#include <stdio.h>

#include "core/compare.h"
#include "core/loss_label.h"
#include "i18n/i18n.h"

static const i18n_Id knob_ids[APP_KNOB_COUNT] = {
    [APP_KNOB_ACTIVATION] = STR_CMP_KNOB_ACTIVATION, [APP_KNOB_OPTIMIZER] = STR_CMP_KNOB_OPTIMIZER,
    [APP_KNOB_LEARNING_RATE] = STR_CMP_KNOB_LR,      [APP_KNOB_BATCH_SIZE] = STR_CMP_KNOB_BATCH,
    [APP_KNOB_INIT] = STR_CMP_KNOB_INIT,             [APP_KNOB_REGULARIZATION] = STR_CMP_KNOB_REG,
    [APP_KNOB_REG_RATE] = STR_CMP_KNOB_REG_RATE,     [APP_KNOB_LOSS] = STR_CMP_KNOB_LOSS,
};
/* the same words as the window's menus (panel_top.c, panel_net.c) */
static const i18n_Id act_ids[NN_ACT_COUNT] = {
    [NN_ACT_LINEAR] = STR_ACT_LINEAR,         [NN_ACT_SIGMOID] = STR_ACT_SIGMOID,
    [NN_ACT_TANH] = STR_ACT_TANH,             [NN_ACT_RELU] = STR_ACT_RELU,
    [NN_ACT_LEAKY_RELU] = STR_ACT_LEAKY_RELU, [NN_ACT_ELU] = STR_ACT_ELU,
    [NN_ACT_SOFTPLUS] = STR_ACT_SOFTPLUS,     [NN_ACT_SWISH] = STR_ACT_SWISH,
    [NN_ACT_SOFTMAX] = STR_ACT_SOFTMAX};
static const i18n_Id opt_ids[NN_OPT_COUNT] = {
    [NN_OPT_SGD] = STR_OPT_SGD,           [NN_OPT_MOMENTUM] = STR_OPT_MOMENTUM,
    [NN_OPT_NESTEROV] = STR_OPT_NESTEROV, [NN_OPT_ADAGRAD] = STR_OPT_ADAGRAD,
    [NN_OPT_RMSPROP] = STR_OPT_RMSPROP,   [NN_OPT_ADAM] = STR_OPT_ADAM,
    [NN_OPT_ADAMW] = STR_OPT_ADAMW};
static const i18n_Id init_ids[NN_INIT_COUNT] = {
    [NN_INIT_GLOROT_UNIFORM] = STR_INIT_GLOROT, [NN_INIT_HE_NORMAL] = STR_INIT_HE,
    [NN_INIT_UNIFORM] = STR_INIT_UNIFORM, [NN_INIT_ZEROS] = STR_INIT_ZEROS};
static const i18n_Id reg_ids[NN_REG_COUNT] = {
    [NN_REG_NONE] = STR_REG_NONE, [NN_REG_L1] = STR_REG_L1, [NN_REG_L2] = STR_REG_L2};

const char *app_knob_label(app_Knob k)
{
    return (unsigned)k < APP_KNOB_COUNT ? tr(knob_ids[k]) : app_knob_name(k);
}

void app_vary_label(const app_Vary *v, int i, char *out, size_t len)
{
    if (len == 0)
        return;
    const char *s = NULL;
    unsigned code = i >= 0 && i < v->n_values ? (unsigned)v->code[i] : ~0u;
    switch (v->knob) {
    case APP_KNOB_ACTIVATION: s = code < NN_ACT_COUNT ? tr(act_ids[code]) : NULL; break;
    case APP_KNOB_OPTIMIZER: s = code < NN_OPT_COUNT ? tr(opt_ids[code]) : NULL; break;
    case APP_KNOB_INIT: s = code < NN_INIT_COUNT ? tr(init_ids[code]) : NULL; break;
    case APP_KNOB_REGULARIZATION: s = code < NN_REG_COUNT ? tr(reg_ids[code]) : NULL; break;
    case APP_KNOB_LOSS: s = code < NN_LOSS_COUNT ? app_loss_label((nn_Loss)code) : NULL; break;
    default: break; /* numbers read the same everywhere: as written */
    }
    if (!s)
        s = i >= 0 && i < v->n_values ? v->text[i] : "";
    snprintf(out, len, "%s", s);
}
