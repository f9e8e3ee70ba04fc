/* whatif.c - re-training from the identical start for a preview. */
#include "core/whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/infer.h"

int app_whatif_run(const nn_Experiment *spec, nn_Dataset *train, nn_Dataset *test, int64_t steps,
                   float radius, app_WhatIf *out, char *err, size_t err_len)
{
    nn_Session *s = NULL;
    if (nn_session_create_borrowed(&s, spec, train, test, err, err_len) != NN_OK)
        return -1;
    out->steps = 0;
    out->diverged = 0;
    out->radius = radius;
    for (int64_t k = 0; k < steps; k++) {
        nn_Status st = nn_trainer_step_batch(s->trainer);
        if (st == NN_DIVERGED) {
            out->diverged = 1;
            break;
        }
        if (st != NN_OK) {
            snprintf(err, err_len, "what-if: %s", nn_status_name(st));
            nn_session_destroy(s);
            return -1;
        }
        out->steps = k + 1;
    }
    nn_Metrics tr, te;
    nn_session_evaluate(s, &tr, &te, NULL);
    out->loss = out->diverged ? NAN : tr.loss;
    for (int i = 0; i < APP_WHATIF_GRID * APP_WHATIF_GRID; i++)
        out->out[i] = NAN;
    if (train->dim == 2 && !out->diverged) {
        enum { G = APP_WHATIF_GRID };
        uint32_t feat = spec->data.features;
        int in_w = nn_dataset_input_width(train, feat);
        float *x = malloc(sizeof(float) * G * G * (size_t)in_w);
        nn_Infer *inf = NULL;
        if (!x || nn_infer_create(&inf, &s->model->arch, G * G, err, err_len) != NN_OK) {
            free(x);
            nn_session_destroy(s);
            if (!x)
                snprintf(err, err_len, "what-if: out of memory");
            return -1;
        }
        for (int py = 0; py < G; py++)
            for (int q = 0; q < G; q++) {
                float x1 = -radius + 2 * radius * ((float)q + 0.5f) / G;
                float x2 = radius - 2 * radius * ((float)py + 0.5f) / G;
                float *row = x + ((size_t)py * G + (size_t)q) * (size_t)in_w;
                if (feat)
                    nn_features_apply(feat, x1, x2, row);
                else
                    row[0] = x1, row[1] = x2;
            }
        nn_infer_run(inf, s->model, x, G * G);
        int L = s->model->arch.n_layers, k = nn_model_outputs(s->model);
        for (int i = 0; i < G * G; i++)
            out->out[i] = inf->a[L - 1][(size_t)i * (size_t)k];
        nn_infer_destroy(inf);
        free(x);
    }
    nn_session_destroy(s);
    return 0;
}
