/* model.c - architecture checks, the flat parameter block, initializers. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const init_names[NN_INIT_COUNT] = {"glorot_uniform", "he_normal", "uniform",
                                                      "zeros"};
static const char *const reg_names[NN_REG_COUNT] = {"none", "l1", "l2"};

const char *nn_init_name(nn_Init init)
{
    return (unsigned)init < NN_INIT_COUNT ? init_names[init] : "unknown";
}

int nn_init_from_name(const char *name, nn_Init *out)
{
    if (!name)
        return -1;
    for (int i = 0; i < NN_INIT_COUNT; i++) {
        if (strcmp(name, init_names[i]) == 0) {
            *out = (nn_Init)i;
            return 0;
        }
    }
    if (strcmp(name, "playground") == 0) { *out = NN_INIT_UNIFORM; return 0; }
    if (strcmp(name, "glorot") == 0 || strcmp(name, "xavier") == 0) { *out = NN_INIT_GLOROT_UNIFORM; return 0; }
    if (strcmp(name, "he") == 0) { *out = NN_INIT_HE_NORMAL; return 0; }
    return -1;
}

const char *nn_reg_name(nn_Reg reg)
{
    return (unsigned)reg < NN_REG_COUNT ? reg_names[reg] : "unknown";
}

int nn_reg_from_name(const char *name, nn_Reg *out)
{
    if (!name)
        return -1;
    for (int i = 0; i < NN_REG_COUNT; i++) {
        if (strcmp(name, reg_names[i]) == 0) {
            *out = (nn_Reg)i;
            return 0;
        }
    }
    return -1;
}

size_t nn_arch_param_count(const nn_Arch *arch)
{
    size_t n = 0;
    for (int l = 0; l < arch->n_layers; l++)
        n += (size_t)arch->sizes[l] * arch->sizes[l + 1] + (size_t)arch->sizes[l + 1];
    return n;
}

nn_Status nn_arch_validate(const nn_Arch *arch, nn_Loss loss, char *err, size_t err_len)
{
    if (arch->n_layers < 1 || arch->n_layers > NN_MAX_LAYERS) {
        nn_errorf(err, err_len, "a network needs 1 to %d layers, not %d", NN_MAX_LAYERS,
                  arch->n_layers);
        return NN_ERR_INVALID_ARG;
    }
    size_t n = 0;
    for (int l = 0; l <= arch->n_layers; l++) {
        int s = arch->sizes[l];
        if (s < 1 || s > NN_MAX_UNITS) {
            if (l == 0)
                nn_errorf(err, err_len, "inputs must be 1 to %d, not %d", NN_MAX_UNITS, s);
            else
                nn_errorf(err, err_len, "layer %d: units must be 1 to %d, not %d", l, NN_MAX_UNITS, s);
            return NN_ERR_INVALID_ARG;
        }
        if (l > 0) {
            nn_Act act = arch->act[l - 1];
            if ((unsigned)act >= NN_ACT_COUNT) {
                nn_errorf(err, err_len, "layer %d: unknown activation", l);
                return NN_ERR_INVALID_ARG;
            }
            if (act == NN_ACT_SOFTMAX && l != arch->n_layers) {
                nn_errorf(err, err_len, "layer %d: softmax is only allowed on the output layer", l);
                return NN_ERR_INVALID_ARG;
            }
            n += (size_t)arch->sizes[l - 1] * s + (size_t)s;
        }
    }
    if (n > NN_MAX_PARAMS) {
        nn_errorf(err, err_len, "the network has %zu parameters, more than the limit of %u", n,
                  (unsigned)NN_MAX_PARAMS);
        return NN_ERR_INVALID_ARG;
    }
    return nn_loss_check_output(loss, arch->act[arch->n_layers - 1], arch->sizes[arch->n_layers],
                                err, err_len);
}

static void set_views(nn_Model *m)
{
    size_t off = 0;
    for (int l = 0; l < m->arch.n_layers; l++) {
        int in = m->arch.sizes[l], out = m->arch.sizes[l + 1];
        m->W_off[l] = off;
        m->W[l] = m->params + off;
        off += (size_t)in * out;
        m->b_off[l] = off;
        m->b[l] = m->params + off;
        off += (size_t)out;
    }
}

nn_Status nn_model_create(nn_Model **out, const nn_Arch *arch, nn_Loss loss, char *err,
                          size_t err_len)
{
    *out = NULL;
    nn_Status st = nn_arch_validate(arch, loss, err, err_len);
    if (st != NN_OK)
        return st;
    nn_Model *m = calloc(1, sizeof *m);
    if (!m) {
        nn_errorf(err, err_len, "out of memory for the model");
        return NN_ERR_NOMEM;
    }
    m->arch = *arch;
    m->loss = loss;
    m->n_params = nn_arch_param_count(arch);
    /* 64-byte aligned: whole-vector loads never straddle cache lines */
    size_t bytes = (m->n_params * sizeof *m->params + 63) / 64 * 64;
    m->params = aligned_alloc(64, bytes);
    if (m->params)
        memset(m->params, 0, bytes);
    if (!m->params) {
        free(m);
        nn_errorf(err, err_len, "out of memory for %zu parameters", nn_arch_param_count(arch));
        return NN_ERR_NOMEM;
    }
    set_views(m);
    *out = m;
    return NN_OK;
}

void nn_model_destroy(nn_Model *m)
{
    if (!m)
        return;
    free(m->params);
    free(m);
}

nn_Status nn_model_clone(nn_Model **out, const nn_Model *src, char *err, size_t err_len)
{
    nn_Status st = nn_model_create(out, &src->arch, src->loss, err, err_len);
    if (st != NN_OK)
        return st;
    (*out)->reg = src->reg;
    (*out)->reg_rate = src->reg_rate;
    memcpy((*out)->dropout, src->dropout, sizeof src->dropout);
    (*out)->dropout_in = src->dropout_in;
    memcpy((*out)->params, src->params, src->n_params * sizeof *src->params);
    return NN_OK;
}

/* Keras's he_normal draws from a normal truncated at 2 stddev; its stddev is
 * divided by 0.87962566 (the stddev of a unit normal truncated at +-2) so the
 * truncated draws have the intended spread sqrt(2 / fan_in). */
static float truncated_normal(nn_Rng *rng, double stddev)
{
    double s = stddev / 0.87962566103423978;
    for (;;) {
        double v = nn_rng_normal(rng);
        if (fabs(v) <= 2.0)
            return (float)(v * s);
    }
}

void nn_model_init(nn_Model *m, nn_Init init, nn_Rng *rng)
{
    for (int l = 0; l < m->arch.n_layers; l++) {
        int in = m->arch.sizes[l], out = m->arch.sizes[l + 1];
        float *W = m->W[l], *b = m->b[l];
        double glorot = sqrt(6.0 / (in + out));
        double he = sqrt(2.0 / in);
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                float w = 0.0f;
                switch (init) {
                case NN_INIT_GLOROT_UNIFORM: w = (float)((2.0 * nn_rng_uniform(rng) - 1.0) * glorot); break;
                case NN_INIT_HE_NORMAL: w = truncated_normal(rng, he); break;
                case NN_INIT_UNIFORM: w = (float)(nn_rng_uniform(rng) - 0.5); break;
                case NN_INIT_ZEROS:
                case NN_INIT_COUNT: w = 0.0f; break;
                }
                W[(size_t)i * out + j] = w;
            }
        }
        for (int j = 0; j < out; j++)
            b[j] = init == NN_INIT_UNIFORM ? 0.1f : 0.0f;
    }
}

nn_Status nn_model_set_dropout(nn_Model *m, int layer, float rate, char *err, size_t err_len)
{
    if (layer < 0 || layer >= m->arch.n_layers - 1) {
        nn_errorf(err, err_len, "dropout after layer %d: only hidden layers (1 to %d) take dropout",
                  layer + 1, m->arch.n_layers - 1);
        return NN_ERR_INVALID_ARG;
    }
    if (!(rate >= 0.0f && rate < 1.0f)) {
        nn_errorf(err, err_len, "layer %d: the dropout rate must be at least 0 and below 1, not %g",
                  layer + 1, (double)rate);
        return NN_ERR_INVALID_ARG;
    }
    m->dropout[layer] = rate;
    return NN_OK;
}

nn_Status nn_model_set_input_dropout(nn_Model *m, float rate, char *err, size_t err_len)
{
    if (!(rate >= 0.0f && rate < 1.0f)) {
        nn_errorf(err, err_len, "inputs: the dropout rate must be at least 0 and below 1, not %g",
                  (double)rate);
        return NN_ERR_INVALID_ARG;
    }
    m->dropout_in = rate;
    return NN_OK;
}

int nn_model_has_dropout(const nn_Model *m)
{
    for (int l = 0; l < m->arch.n_layers; l++)
        if (m->dropout[l] > 0.0f)
            return 1;
    return 0;
}

double nn_model_reg_penalty(const nn_Model *m)
{
    if (m->reg == NN_REG_NONE || m->reg_rate == 0.0f)
        return 0.0;
    double s = 0.0;
    for (int l = 0; l < m->arch.n_layers; l++) {
        size_t n = (size_t)m->arch.sizes[l] * m->arch.sizes[l + 1];
        const float *W = m->W[l];
        for (size_t i = 0; i < n; i++)
            s += m->reg == NN_REG_L1 ? fabs(W[i]) : (double)W[i] * W[i];
    }
    return m->reg_rate * s;
}

int nn_model_all_finite(const nn_Model *m)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (!isfinite(m->params[i]))
            return 0;
    return 1;
}
