/* exercise.h - judging a student's answer: predict-then-reveal of the
 * direction a weight moves in the update, and "You compute it", where the
 * student works out one number of the batch by hand before nnviz runs the
 * phase that computes it. Nothing here includes SDL. */
#ifndef NNVIZ_CORE_EXERCISE_H
#define NNVIZ_CORE_EXERCISE_H

#include "core/run.h"

/* guess: +1 (the weight will go up) or -1 (down); change: what the update
 * did to it. 1 right, 0 wrong, -1 no verdict (no guess, or no change, or
 * the change is not a number). */
int app_predict_judge(int guess, float change);

/* ---- You compute it ---- */

/* The number asked for, of one neuron (and for the last two, one of its
 * incoming weights) for the selected row of the batch. */
typedef enum {
    APP_EX_Z = 0,   /* z = sum w a + b */
    APP_EX_DELTA,   /* delta = dL/dz (the batch's 1/B included) */
    APP_EX_GRAD_W,  /* this row's share of dL/dw: delta * a of the input */
    APP_EX_NEW_W,   /* the weight after the batch's update */
    APP_EX_COUNT
} app_ExKind;

/* An answer is right when |answer - truth| <= max(REL * |truth|, ABS): 1 %
 * of the value, and at least 0.001 because the numbers shown to work from
 * are rounded to 4 decimals. */
#define APP_EX_REL_TOL 0.01
#define APP_EX_ABS_TOL 1e-3

/* Short name of a kind as commands write it ("z", "delta", "grad",
 * "weight"), NULL outside the enum; and back: 0, or -1 for another name. */
const char *app_exercise_name(app_ExKind kind);
int app_exercise_from_name(const char *name, app_ExKind *kind);

/* Where the question is asked: the next phase (0 .. 2L+1) at which every
 * number the working needs is on the diagram and the asked one is not yet
 * computed, so running that one phase reveals it. A network of n_layers
 * layers runs FORWARD 0 .. L-1, LOSS, BACKWARD L-1 .. 0, UPDATE:
 *   z of layer l:            before FORWARD l (phase l);
 *   delta, dL/dw of layer l: before the phase computing delta (LOSS for
 *                            the output layer, BACKWARD l for a hidden one);
 *   the updated weight:      before UPDATE.
 * -1 when it cannot be asked: a bad kind or layer, or z of the first layer
 * (FORWARD 0 gathers the batch's inputs and computes z at once). */
int app_exercise_ask_phase(app_ExKind kind, int layer, int n_layers);

/* The tolerance for a true value (see APP_EX_REL_TOL). */
double app_exercise_tolerance(double truth);

/* 1 right, 0 wrong, -1 no verdict (either number not finite). */
int app_exercise_judge(double answer, double truth);

/* The asked number from the inspected neuron's probe, once its phase ran:
 * 1 and *value, or 0 when not computed yet (or the weight `input` is not
 * among the ones the probe lists). */
int app_exercise_value(const app_Probe *P, app_ExKind kind, int input, double *value);

#endif
