/* model.h - a multilayer perceptron: architecture plus one flat parameter block.
 *
 * All weights and biases live in one allocation (params) so an optimizer is a
 * single loop over n_params floats; W[l] and b[l] are named views into it.
 * Layout, per layer l = 0 .. n_layers-1 (layer l maps sizes[l] -> sizes[l+1]):
 *     params = [ W0 | b0 | W1 | b1 | ... ]
 *     W[l]  (in, out) row-major: W[l][i*out + j] is the weight from input i
 *           to unit j (Keras's kernel layout)
 *     b[l]  (out)
 * A model owns no training state: gradients, activations and optimizer slots
 * belong to nn_Trainer and nn_Optimizer. */
#ifndef NN_MODEL_H
#define NN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "activation.h"
#include "loss.h"
#include "nn_status.h"
#include "rng.h"

#define NN_MAX_LAYERS 32          /* dense layers (hidden + output) */
#define NN_MAX_UNITS 4096         /* units per layer, inputs included */
#define NN_MAX_PARAMS (64u << 20) /* 64 Mi floats: refuse absurd networks */

typedef enum {
    NN_INIT_GLOROT_UNIFORM = 0, /* U(-r, r), r = sqrt(6/(fan_in+fan_out)); biases 0 */
    NN_INIT_HE_NORMAL,          /* truncated normal, stddev sqrt(2/fan_in); biases 0 */
    NN_INIT_UNIFORM,            /* Playground: U(-0.5, 0.5); biases 0.1 */
    NN_INIT_ZEROS,              /* all 0 */
    NN_INIT_COUNT
} nn_Init;

typedef enum { NN_REG_NONE = 0, NN_REG_L1, NN_REG_L2, NN_REG_COUNT } nn_Reg;

typedef struct {
    int n_layers;                    /* dense layers, 1 .. NN_MAX_LAYERS */
    int sizes[NN_MAX_LAYERS + 1];    /* sizes[0] inputs, sizes[l+1] units of layer l */
    nn_Act act[NN_MAX_LAYERS];       /* activation of layer l */
} nn_Arch;

typedef struct {
    nn_Arch arch;
    nn_Loss loss;
    nn_Reg reg;                      /* kernel regularizer (biases never) */
    float reg_rate;                  /* lambda */
    size_t n_params;                 /* floats in params */
    float *params;                   /* all parameters, one allocation */
    float *W[NN_MAX_LAYERS];         /* views: (sizes[l], sizes[l+1]) */
    float *b[NN_MAX_LAYERS];         /* views: (sizes[l+1]) */
    size_t W_off[NN_MAX_LAYERS];     /* offset of W[l] in params */
    size_t b_off[NN_MAX_LAYERS];     /* offset of b[l] in params */
    float dropout[NN_MAX_LAYERS];    /* rate of the dropout after hidden layer l's
                                        activation, 0 .. <1 (0: none); training only */
    float dropout_in;                /* rate of the dropout on the inputs (Keras's
                                        Dropout before the first Dense), 0 .. <1 */
} nn_Model;

const char *nn_init_name(nn_Init init);
int nn_init_from_name(const char *name, nn_Init *out);
const char *nn_reg_name(nn_Reg reg);
int nn_reg_from_name(const char *name, nn_Reg *out);

/* Checks layer count, sizes, activations (softmax only on the output layer)
 * and the loss/output pairing. One line in err on failure. */
nn_Status nn_arch_validate(const nn_Arch *arch, nn_Loss loss, char *err, size_t err_len);
/* Parameter count of an architecture (no validation). */
size_t nn_arch_param_count(const nn_Arch *arch);

/* Allocates a model with all parameters zero. On failure *out is NULL. */
nn_Status nn_model_create(nn_Model **out, const nn_Arch *arch, nn_Loss loss,
                          char *err, size_t err_len);
void nn_model_destroy(nn_Model *m);
/* A deep copy (same architecture and parameters). */
nn_Status nn_model_clone(nn_Model **out, const nn_Model *src, char *err, size_t err_len);

/* Initializes every parameter. Draw order for the random initializers is
 * layer, then destination unit j, then source input i (Playground's
 * link-creation order), so the reference benchmarks' weights are reproduced. */
void nn_model_init(nn_Model *m, nn_Init init, nn_Rng *rng);

/* Dropout (Keras's Dropout(rate) after hidden layer `layer`): while training
 * each unit of that layer's output is kept with probability 1 - rate and
 * scaled by 1/(1 - rate), else zeroed; evaluation and prediction ignore it.
 * rate 0 removes it. Errors (nothing changed): the output layer, a layer out
 * of range, a rate outside [0, 1). */
nn_Status nn_model_set_dropout(nn_Model *m, int layer, float rate, char *err, size_t err_len);
/* 1 if any hidden layer has dropout (the inputs' rate is dropout_in). */
int nn_model_has_dropout(const nn_Model *m);
/* Dropout on the inputs (Keras's Dropout before the first Dense layer): while
 * training each input value of a batch is kept with probability 1 - rate and
 * scaled by 1/(1 - rate), else zeroed; evaluation and prediction ignore it.
 * A trainer takes the rate it is created with. Error (nothing changed): a
 * rate outside [0, 1). */
nn_Status nn_model_set_input_dropout(nn_Model *m, float rate, char *err, size_t err_len);

/* Regularization penalty added to the loss: lambda*sum|w| or lambda*sum w^2
 * over every kernel (Keras semantics). */
double nn_model_reg_penalty(const nn_Model *m);

/* 1 if every parameter is finite. */
int nn_model_all_finite(const nn_Model *m);

/* Output-layer helpers. */
static inline int nn_model_inputs(const nn_Model *m) { return m->arch.sizes[0]; }
static inline int nn_model_outputs(const nn_Model *m) { return m->arch.sizes[m->arch.n_layers]; }

#endif
