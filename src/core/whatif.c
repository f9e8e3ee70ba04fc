/* whatif.c - re-training from the identical start for a preview. */
#include "core/whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/infer.h"

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int app_whatif_job_start(app_WhatIfJob *j, const nn_Experiment *spec, nn_Dataset *train,
                         nn_Dataset *test, int record, char *err, size_t err_len)
{
    memset(j, 0, sizeof *j);
    if (!train) {
        if (nn_session_load_data(&spec->data, &j->own_train, &j->own_test, err, err_len) != NN_OK)
            return -1;
        train = j->own_train;
        test = j->own_test;
    }
    if (nn_session_create_borrowed(&j->s, spec, train, test, err, err_len) != NN_OK) {
        app_whatif_job_free(j);
        return -1;
    }
    j->record = record;
    j->t0 = seconds_now();
    return 0;
}

int app_whatif_job_advance(app_WhatIfJob *j, int64_t target, int64_t budget, char *err,
                           size_t err_len)
{
    for (int64_t k = 0; k < budget && j->steps < target && !j->diverged; k++) {
        int64_t epoch = j->record ? nn_trainer_cursor(j->s->trainer).epoch : 0;
        nn_Status st = nn_trainer_step_batch(j->s->trainer);
        if (st == NN_DIVERGED) {
            j->diverged = 1;
            break;
        }
        if (st != NN_OK) {
            snprintf(err, err_len, "what-if: %s", nn_status_name(st));
            return -1;
        }
        j->steps++;
        /* an epoch ended: its record, as the window's run keeps one */
        if (j->record && nn_trainer_cursor(j->s->trainer).epoch != epoch) {
            double now = seconds_now();
            if (nn_session_record_epoch(j->s, now - j->t0, NULL) != NN_OK) {
                snprintf(err, err_len, "what-if: out of memory");
                return -1;
            }
            j->t0 = now;
        }
    }
    return j->steps >= target || j->diverged;
}

int app_whatif_job_result(app_WhatIfJob *j, float radius, app_WhatIf *out, char *err,
                          size_t err_len)
{
    nn_Session *s = j->s;
    const nn_Dataset *train = s->train;
    out->steps = j->steps;
    out->diverged = j->diverged;
    out->radius = radius;
    nn_Metrics tr, te;
    nn_session_evaluate(s, &tr, &te, NULL);
    out->loss = out->diverged ? NAN : tr.loss;
    for (int i = 0; i < APP_WHATIF_GRID * APP_WHATIF_GRID; i++)
        out->out[i] = NAN;
    if (train->dim != 2 || out->diverged)
        return 0;
    enum { G = APP_WHATIF_GRID };
    uint32_t feat = s->spec.data.features;
    int in_w = nn_dataset_input_width(train, feat);
    float *x = malloc(sizeof(float) * G * G * (size_t)in_w);
    nn_Infer *inf = NULL;
    if (!x || nn_infer_create(&inf, &s->model->arch, G * G, err, err_len) != NN_OK) {
        free(x);
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
    return 0;
}

void app_whatif_job_free(app_WhatIfJob *j)
{
    nn_session_destroy(j->s);
    nn_dataset_destroy(j->own_train);
    nn_dataset_destroy(j->own_test);
    memset(j, 0, sizeof *j);
}

int app_whatif_run(const nn_Experiment *spec, nn_Dataset *train, nn_Dataset *test, int64_t steps,
                   float radius, app_WhatIf *out, char *err, size_t err_len)
{
    app_WhatIfJob j;
    if (app_whatif_job_start(&j, spec, train, test, 0, err, err_len) != 0)
        return -1;
    int rc = app_whatif_job_advance(&j, steps, steps, err, err_len) < 0 ? -1 : 0;
    if (rc == 0)
        rc = app_whatif_job_result(&j, radius, out, err, err_len);
    app_whatif_job_free(&j);
    return rc;
}
