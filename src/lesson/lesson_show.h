/* lesson_show.h - a lesson's check as the class reads it: the one text the
 * window's lesson band and the `nnviz lesson` transcript both show.
 *
 * Files and commands number layers, units and runs from 0 ("gradient_norm
 * layer 0 < 0.001 * layer 8"); the window numbers them from 1 (the health
 * view's L1…L9, the inspector, the diagram's tooltips). A check shown to a
 * class names everything as the window does: "gradient norm, layer 1 <
 * 0.001 × layer 9", a weight or a bias by the tooltips' names ("Weight x₁ →
 * neuron 2 of layer 1", "Bias of the output"), and, when a comparison shows
 * several runs, each run by its legend's name ("test accuracy (ReLU)").
 * Words come from tr() in the current language. No SDL here. */
#ifndef NNVIZ_LESSON_SHOW_H
#define NNVIZ_LESSON_SHOW_H

#include <stddef.h>

#include "core/core.h"
#include "lesson/lesson_check.h"

/* Writes check ck as the class reads it into buf (always terminated; cut
 * at a character boundary when len is short). c gives the runs' names and
 * networks (their inputs and outputs); NULL names by numbers alone (layers
 * and units from 1, a run other than 0 as "Run R+1"). Returns the length
 * the whole text needs, as snprintf does. */
int lesson_check_show(const lesson_Check *ck, const app_Core *c, char *buf, size_t len);

/* A comparison as the class reads it: "<", "≤", ">", "≥" ("?" for another). */
const char *lesson_cmp_show(const char *cmp);

#endif
