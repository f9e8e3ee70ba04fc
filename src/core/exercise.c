/* exercise.c - judging a student's answer. */
#include "core/exercise.h"

#include <math.h>
#include <string.h>

int app_predict_judge(int guess, float change)
{
    if ((guess != 1 && guess != -1) || !isfinite(change) || change == 0.0f)
        return -1;
    return (change > 0.0f) == (guess > 0);
}

static const char *const ex_names[APP_EX_COUNT] = {"z", "delta", "grad", "weight"};

const char *app_exercise_name(app_ExKind kind)
{
    return (unsigned)kind < APP_EX_COUNT ? ex_names[kind] : NULL;
}

int app_exercise_from_name(const char *name, app_ExKind *kind)
{
    for (int k = 0; k < APP_EX_COUNT; k++)
        if (strcmp(name, ex_names[k]) == 0) {
            *kind = (app_ExKind)k;
            return 0;
        }
    return -1;
}

int app_exercise_ask_phase(app_ExKind kind, int layer, int n_layers)
{
    int L = n_layers;
    if (L < 1 || layer < 0 || layer >= L)
        return -1;
    switch (kind) {
    case APP_EX_Z:
        /* FORWARD 0 also gathers the rows: before it the inputs are unknown */
        return layer > 0 ? layer : -1;
    case APP_EX_DELTA:
    case APP_EX_GRAD_W:
        /* the output's delta comes from LOSS (phase L); a hidden layer's
         * from BACKWARD l, phase L + 1 + (L - 1 - l) */
        return layer == L - 1 ? L : 2 * L - layer;
    case APP_EX_NEW_W: return 2 * L + 1;
    default: return -1;
    }
}

double app_exercise_tolerance(double truth)
{
    double t = APP_EX_REL_TOL * fabs(truth);
    return t > APP_EX_ABS_TOL ? t : APP_EX_ABS_TOL;
}

int app_exercise_judge(double answer, double truth)
{
    if (!isfinite(answer) || !isfinite(truth))
        return -1;
    return fabs(answer - truth) <= app_exercise_tolerance(truth);
}

int app_exercise_value(const app_Probe *P, app_ExKind kind, int input, double *value)
{
    int k = -1;
    for (int q = 0; q < P->n_list; q++)
        if (P->idx[q] == input)
            k = q;
    switch (kind) {
    case APP_EX_Z:
        if (!P->have_fwd)
            return 0;
        *value = P->z;
        return 1;
    case APP_EX_DELTA:
        if (!P->have_bwd && !P->have_loss)
            return 0;
        *value = P->delta;
        return 1;
    case APP_EX_GRAD_W:
        if ((!P->have_bwd && !P->have_loss) || k < 0)
            return 0;
        *value = (double)P->delta * (double)P->x[k];
        return 1;
    case APP_EX_NEW_W:
        if (!P->have_upd || k < 0)
            return 0;
        /* the probe lists the weights the batch's forward pass used */
        *value = (double)P->w[k] + (double)P->uw[k];
        return 1;
    default: return 0;
    }
}
