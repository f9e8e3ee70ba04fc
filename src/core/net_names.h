/* net_names.h - how the window names a network's units and parameters, in
 * one place the window (tooltips, editor, inspector) and the lessons' check
 * text (lesson_show.h) share: layers count from 1 as the diagram and the
 * health view show them, an input goes by its feature's label (x₁) or its
 * column's name, the last layer is "the output" ("output 2" of several), a
 * hidden unit is "neuron 2 of layer 1", a weight "x₁ → neuron 2 of layer
 * 1". The arguments are 0-based, as in commands and lesson files. Text
 * comes from tr(); no SDL. */
#ifndef NNVIZ_CORE_NET_NAMES_H
#define NNVIZ_CORE_NET_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/dataset.h"
#include "engine/experiment.h"
#include "engine/model.h"

/* What names a network's units: borrowed, read while naming. */
typedef struct {
    const nn_Arch *arch;      /* dense layers and their sizes (NULL: unknown, plain numbers) */
    uint32_t features;        /* the Playground features the inputs are, in bit order (0: none) */
    const nn_Dataset *train;  /* its column names name the inputs (NULL: numbers) */
} app_NetNames;

/* The names of a network built from spec over train (either may be NULL):
 * the features count only for a 2-D set, as the diagram shows them. */
app_NetNames app_net_names(const nn_Experiment *spec, const nn_Model *m,
                           const nn_Dataset *train);

/* A Playground feature as the diagram labels it (x₁, sin x₂); "?" for a
 * bit out of range. */
const char *app_feature_label(int bit);

/* A unit by name: layer -1 an input, the last dense layer the output,
 * others "neuron 2 of layer 1". Always writes a terminated string. */
void app_net_unit_name(const app_NetNames *n, int layer, int unit, char *buf, size_t len);

/* A parameter by name: j < 0 the bias of unit i of layer (its unit's
 * name), else the weight from unit i of the layer before to unit j. */
void app_net_param_name(const app_NetNames *n, int layer, int i, int j, char *buf, size_t len);

#endif
