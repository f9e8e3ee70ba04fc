/* kr_keras.c - Keras objects on nnviz's engine: layers, Sequential in both
 * forms, compile (optimizers and losses by name or class, Keras's
 * defaults), fit / evaluate / predict through the engine's trainer and
 * evaluator with Keras's printed lines, summary's table, load_data, and
 * data bound to the names x_train, y_train, x_test, y_test when a program
 * uses them without making them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "engine/dataset.h"
#include "engine/infer.h"
#include "engine/metrics.h"
#include "engine/trainer.h"
#include "keras/kr_internal.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void kr_model_free(kr_Model *m)
{
    if (m) {
        nn_model_destroy(m->m);
        nn_opt_destroy(m->o);
        free(m);
    }
}

/* ---- small readers ------------------------------------------------------------- */

static const char *last_part(const char *path)
{
    const char *d = strrchr(path, '.');
    return d ? d + 1 : path;
}

static int str_or_ref(const kr_Value *v, char *out, size_t n)
{
    if (v && v->kind == KV_STR) {
        snprintf(out, n, "%s", v->s);
        return 0;
    }
    if (v && v->kind == KV_REF) {
        snprintf(out, n, "%s", last_part(v->s));
        return 0;
    }
    return -1;
}

static int read_act(kr_Interp *in, kr_Value *v, int line, nn_Act *act)
{
    char name[64];
    if (!v || v->kind == KV_NONE) {
        *act = NN_ACT_LINEAR;
        return 0;
    }
    if (str_or_ref(v, name, sizeof name) || nn_act_from_name(name, act) != 0) {
        kr_error(in, line, "activation '%s' is not supported (linear, sigmoid, tanh, relu, "
                           "leaky_relu, elu, softplus, swish, softmax)",
                 v->kind == KV_STR || v->kind == KV_REF ? name : kr_type_name(v));
        return -1;
    }
    return 0;
}

static int read_init(kr_Interp *in, kr_Value *v, int line, kr_Init *out)
{
    memset(out, 0, sizeof *out);
    if (!v)
        return 0;
    if (v->kind == KV_INIT) {
        *out = *v->init;
        return 0;
    }
    char name[64];
    if (!str_or_ref(v, name, sizeof name)) {
        if (!strcmp(name, "glorot_uniform") || !strcmp(name, "GlorotUniform")) out->kind = 'g';
        else if (!strcmp(name, "he_normal") || !strcmp(name, "HeNormal")) out->kind = 'h';
        else if (!strcmp(name, "zeros") || !strcmp(name, "Zeros")) out->kind = 'z';
        else if (!strcmp(name, "ones") || !strcmp(name, "Ones")) out->kind = 'c', out->a = 1;
        else name[0] = '\0';
        if (name[0])
            return 0;
    }
    kr_error(in, line, "this initializer is not supported (glorot_uniform, he_normal, zeros, "
                       "RandomUniform(-0.5, 0.5) with Constant(0.1) biases)");
    return -1;
}

static int read_shape(kr_Interp *in, kr_Value *v, int line, int *ndim, int *shape)
{
    if (kr_shape_arg(in, v, line, ndim, shape))
        return -1;
    for (int d = 0; d < *ndim; d++)
        if (shape[d] < 1) {
            kr_error(in, line, "an input shape needs sizes of at least 1 (None is not supported)");
            return -1;
        }
    if (*ndim < 1) {
        kr_error(in, line, "an input shape needs at least one size");
        return -1;
    }
    return 0;
}

/* ---- layers -------------------------------------------------------------------- */

static const char *const kind_names[] = {"dense", "flatten", "input_layer", "dropout", "softmax"};

static kr_Value *new_layer(kr_Interp *in, kr_LayerKind kind, kr_Args *a)
{
    kr_Layer *L = kr_arena_alloc(in->arena, sizeof *L);
    kr_Value *v = kr_new(in, KV_LAYER);
    if (!L || !v)
        return kr_error(in, a->line, "out of memory");
    L->kind = kind;
    L->line = a->line;
    L->act = NN_ACT_LINEAR;
    kr_Value *name = kr_arg(a, -1, "name");
    if (name && name->kind == KV_STR)
        snprintf(L->name, sizeof L->name, "%s", name->s);
    else if (in->layer_count[kind]++ == 0)
        snprintf(L->name, sizeof L->name, "%s", kind_names[kind]);
    else
        snprintf(L->name, sizeof L->name, "%s_%d", kind_names[kind], in->layer_count[kind] - 1);
    kr_Value *is = kr_arg(a, -1, "input_shape");
    if (!is && kind == KL_INPUT)
        is = kr_arg(a, kind == KL_INPUT ? 0 : -1, "shape");
    if (is && read_shape(in, is, a->line, &L->in_ndim, L->in_shape))
        return NULL;
    v->layer = L;
    return v;
}

static kr_Value *dense(kr_Interp *in, kr_Args *a)
{
    kr_Value *v = new_layer(in, KL_DENSE, a);
    if (!v)
        return NULL;
    kr_Layer *L = v->layer;
    kr_Value *units = kr_arg(a, 0, "units"), *act = kr_arg(a, 1, "activation");
    kr_Value *dim = kr_arg(a, -1, "input_dim"), *bias = kr_arg(a, -1, "use_bias");
    kr_Value *ki = kr_arg(a, -1, "kernel_initializer"), *bi = kr_arg(a, -1, "bias_initializer");
    kr_Value *reg = kr_arg(a, -1, "kernel_regularizer");
    long long u;
    if (!units)
        return kr_error(in, a->line, "Dense() needs the number of units");
    if (kr_args_done(in, a) || kr_to_int(in, units, a->line, "units", &u) ||
        read_act(in, act, a->line, &L->act) || read_init(in, ki, a->line, &L->kinit) ||
        read_init(in, bi, a->line, &L->binit))
        return NULL;
    if (u < 1 || u > NN_MAX_UNITS - 1)
        return kr_error(in, a->line, "Dense(%lld): units must be 1 to %d", u, NN_MAX_UNITS - 1);
    L->units = (int)u;
    if (bias && bias->num == 0)
        return kr_error(in, a->line, "use_bias=False is not supported (nnviz's layers all have "
                                     "biases)");
    if (dim) {
        long long d;
        if (kr_to_int(in, dim, a->line, "input_dim", &d))
            return NULL;
        if (d < 1 || d >= NN_MAX_UNITS)
            return kr_error(in, a->line, "input_dim must be 1 to %d", NN_MAX_UNITS - 1);
        L->in_ndim = 1, L->in_shape[0] = (int)d;
    }
    if (reg && reg->kind != KV_NONE) {
        if (reg->kind == KV_REG) {
            L->reg = reg->reg, L->reg_rate = reg->reg_rate;
        } else if (reg->kind == KV_STR && (!strcmp(reg->s, "l1") || !strcmp(reg->s, "l2"))) {
            L->reg = reg->s[1] == '1' ? NN_REG_L1 : NN_REG_L2, L->reg_rate = 0.01f;
        } else {
            return kr_error(in, a->line, "this kernel_regularizer is not supported (l1, l2)");
        }
    }
    return v;
}

static kr_Value *layer_ctor(kr_Interp *in, const char *cls, kr_Args *a)
{
    if (!strcmp(cls, "Dense"))
        return dense(in, a);
    if (!strcmp(cls, "Flatten")) {
        kr_Value *v = new_layer(in, KL_FLATTEN, a);
        return v && !kr_args_done(in, a) ? v : NULL;
    }
    if (!strcmp(cls, "Input") || !strcmp(cls, "InputLayer")) {
        kr_Value *v = new_layer(in, KL_INPUT, a);
        if (!v)
            return NULL;
        kr_arg(a, -1, "batch_size");
        if (kr_args_done(in, a))
            return NULL;
        if (!v->layer->in_ndim)
            return kr_error(in, a->line, "%s needs shape=", cls);
        return v;
    }
    if (!strcmp(cls, "Dropout")) {
        kr_Value *v = new_layer(in, KL_DROPOUT, a);
        kr_Value *rate = v ? kr_arg(a, 0, "rate") : NULL;
        kr_arg(a, -1, "seed");
        if (!rate)
            return v ? kr_error(in, a->line, "Dropout() needs a rate") : NULL;
        if (kr_args_done(in, a) || kr_to_double(in, rate, a->line, "rate", &v->layer->rate))
            return NULL;
        if (v->layer->rate < 0 || v->layer->rate >= 1)
            return kr_error(in, a->line, "Dropout rate must be in [0, 1)");
        return v;
    }
    if (!strcmp(cls, "Softmax")) {
        kr_Value *v = new_layer(in, KL_SOFTMAX, a);
        return v && !kr_args_done(in, a) ? v : NULL;
    }
    return kr_error(in, a->line, "%s is not supported (nnviz trains dense networks: Dense, "
                                 "Flatten, Input, Dropout)", cls);
}

/* ---- Sequential ----------------------------------------------------------------- */

static int add_layer(kr_Interp *in, kr_Model *m, kr_Value *v, int line)
{
    if (!v || v->kind != KV_LAYER) {
        kr_error(in, line, "Sequential takes layers, not %s", kr_type_name(v));
        return -1;
    }
    if (v->layer->kind == KL_SOFTMAX) {
        kr_error(in, line, "a Softmax layer is supported only as Sequential([model, Softmax()]) "
                           "(give the last Dense activation='softmax')");
        return -1;
    }
    if (m->inner) {
        kr_error(in, line, "adding layers to Sequential([model, Softmax()]) is not supported");
        return -1;
    }
    if (m->m) {
        kr_error(in, line, "adding a layer to a model that already has weights is not supported "
                           "(add every layer before compile, fit or summary)");
        return -1;
    }
    if (m->n_layers == 64) {
        kr_error(in, line, "more than 64 layers are not supported");
        return -1;
    }
    m->layers[m->n_layers++] = v->layer;
    return 0;
}

static kr_Value *sequential(kr_Interp *in, kr_Args *a)
{
    kr_Value *layers = kr_arg(a, 0, "layers"), *name = kr_arg(a, 1, "name");
    if (kr_args_done(in, a))
        return NULL;
    if (in->n_models == (int)(sizeof in->models / sizeof in->models[0]))
        return kr_error(in, a->line, "more than 16 models in one program are not supported");
    kr_Model *m = calloc(1, sizeof *m);
    kr_Value *v = m ? kr_new(in, KV_MODEL) : NULL;
    if (!v) {
        free(m);
        return kr_error(in, a->line, "out of memory");
    }
    in->models[in->n_models++] = m;
    m->line = a->line;
    if (name && name->kind == KV_STR)
        snprintf(m->name, sizeof m->name, "%s", name->s);
    else if (in->model_count++ == 0)
        snprintf(m->name, sizeof m->name, "sequential");
    else
        snprintf(m->name, sizeof m->name, "sequential_%d", in->model_count - 1);
    nn_opt_config_default(&m->opt, NN_OPT_RMSPROP); /* Keras compile's default */
    if (layers && layers->kind != KV_NONE) {
        if (layers->kind != KV_LIST && layers->kind != KV_TUPLE)
            return kr_error(in, a->line, "Sequential takes a list of layers");
        if (layers->n >= 1 && layers->items[0]->kind == KV_MODEL) {
            /* the quickstart's probability_model = Sequential([model, Softmax()]) */
            if (layers->n != 2 || layers->items[1]->kind != KV_LAYER ||
                layers->items[1]->layer->kind != KL_SOFTMAX)
                return kr_error(in, a->line, "a model inside Sequential is supported only as "
                                             "Sequential([model, Softmax()])");
            m->inner = layers->items[0]->model;
            v->model = m;
            return v;
        }
        for (int k = 0; k < layers->n; k++)
            if (add_layer(in, m, layers->items[k], a->line))
                return NULL;
    }
    v->model = m;
    return v;
}

/* ---- the network the layers describe --------------------------------------------- */

typedef struct {
    int n_in;                      /* inputs after Flatten, 0 when not known yet */
    int in_ndim, in_shape[KR_MAX_DIM];
    nn_Arch arch;
    nn_Init init;
    nn_Reg reg;
    float reg_rate;
    float dropout[NN_MAX_LAYERS];  /* Dropout(rate) after Dense layer l (0: none) */
    float dropout_in;              /* Dropout(rate) before the first Dense: on the inputs */
} Net;

/* Reads the layers into an architecture; data_dim (0: none) gives the
 * input width when no layer does. */
static int describe(kr_Interp *in, kr_Model *m, int data_ndim, const int *data_shape, int line, Net *net)
{
    memset(net, 0, sizeof *net);
    int nd = 0, first_dense = -1;
    for (int k = 0; k < m->n_layers; k++) {
        kr_Layer *L = m->layers[k];
        if (L->in_ndim && !net->in_ndim && nd == 0) {
            net->in_ndim = L->in_ndim;
            memcpy(net->in_shape, L->in_shape, sizeof net->in_shape);
        }
        if (L->kind == KL_DENSE && first_dense < 0)
            first_dense = k;
    }
    if (!net->in_ndim && data_ndim) {
        net->in_ndim = data_ndim;
        memcpy(net->in_shape, data_shape, sizeof net->in_shape);
    }
    if (first_dense < 0) {
        kr_error(in, line, "the model has no Dense layer (nnviz trains dense networks)");
        return -1;
    }
    int flat = net->in_ndim <= 1, width = net->in_ndim ? 1 : 0;
    for (int d = 0; d < net->in_ndim; d++)
        width *= net->in_shape[d];
    net->n_in = width;
    kr_Init kinit = {0}, binit = {0};
    int have_init = 0, have_reg = 0, drop_line = 0;
    for (int k = 0; k < m->n_layers; k++) {
        kr_Layer *L = m->layers[k];
        if (L->kind == KL_FLATTEN)
            flat = 1;
        if (L->kind == KL_DROPOUT) {
            /* Keras's Dropout acts on the previous layer's output during fit:
             * the engine's dropout after that Dense layer's activation, or
             * before any Dense (after Input or Flatten) on the inputs */
            if (nd == 0) {
                if (net->dropout_in > 0.0f && L->rate > 0.0) {
                    kr_error(in, L->line, "two Dropout layers on the inputs are not supported");
                    return -1;
                }
                if (L->rate > 0.0)
                    net->dropout_in = (float)L->rate;
                continue;
            }
            if (net->dropout[nd - 1] > 0.0f && L->rate > 0.0) {
                kr_error(in, L->line, "two Dropout layers after one Dense layer are not supported");
                return -1;
            }
            if (L->rate > 0.0)
                net->dropout[nd - 1] = (float)L->rate, drop_line = L->line;
            continue;
        }
        if (L->kind != KL_DENSE)
            continue;
        if (!flat) {
            kr_error(in, L->line, "Dense on a %d-D input is not supported (put Flatten() first)",
                     net->in_ndim);
            return -1;
        }
        if (nd == NN_MAX_LAYERS) {
            kr_error(in, L->line, "more than %d Dense layers are not supported", NN_MAX_LAYERS);
            return -1;
        }
        net->arch.sizes[nd + 1] = L->units;
        net->arch.act[nd++] = L->act;
        if (have_init && (memcmp(&kinit, &L->kinit, sizeof kinit) || memcmp(&binit, &L->binit, sizeof binit))) {
            kr_error(in, L->line, "layers with different initializers are not supported (nnviz "
                                  "initializes the whole network one way)");
            return -1;
        }
        kinit = L->kinit, binit = L->binit, have_init = 1;
        if (L->reg != NN_REG_NONE) {
            if (have_reg && (L->reg != net->reg || L->reg_rate != net->reg_rate)) {
                kr_error(in, L->line, "different regularizers per layer are not supported");
                return -1;
            }
            net->reg = L->reg, net->reg_rate = L->reg_rate, have_reg = 1;
        }
    }
    if (nd > 0 && net->dropout[nd - 1] > 0.0f) {
        kr_error(in, drop_line, "Dropout after the output layer is not supported (nnviz drops "
                                "hidden units only)");
        return -1;
    }
    if (have_reg)
        for (int k = 0; k < m->n_layers; k++)
            if (m->layers[k]->kind == KL_DENSE && m->layers[k]->reg == NN_REG_NONE) {
                kr_error(in, m->layers[k]->line, "a regularizer on some layers only is not "
                                                 "supported (nnviz regularizes every kernel)");
                return -1;
            }
    int bz = binit.kind == 0 || binit.kind == 'z';
    if ((kinit.kind == 0 || kinit.kind == 'g') && bz) net->init = NN_INIT_GLOROT_UNIFORM;
    else if (kinit.kind == 'h' && bz) net->init = NN_INIT_HE_NORMAL;
    else if (kinit.kind == 'z' && bz) net->init = NN_INIT_ZEROS;
    else if (kinit.kind == 'u' && kinit.a == -0.5 && kinit.b == 0.5 && binit.kind == 'c' &&
             fabs(binit.a - 0.1) < 1e-12)
        net->init = NN_INIT_UNIFORM;
    else {
        kr_error(in, m->layers[first_dense]->line, "this combination of initializers is not "
                 "supported (glorot_uniform, he_normal or zeros kernels with zero biases, or "
                 "RandomUniform(-0.5, 0.5) kernels with Constant(0.1) biases)");
        return -1;
    }
    net->arch.n_layers = nd;
    net->arch.sizes[0] = net->n_in;
    return 0;
}

/* The engine's output activation for the loss (logits: softmax/sigmoid
 * inside the fused loss, as Keras's from_logits computes). */
static int output_for_loss(kr_Interp *in, kr_Model *m, nn_Arch *arch, int line)
{
    int last = arch->n_layers - 1;
    m->logits = 0;
    if (m->compiled && m->loss.from_logits) {
        if (arch->act[last] != NN_ACT_LINEAR) {
            kr_error(in, line, "from_logits=True needs a last layer without activation (it has "
                               "%s)", nn_act_name(arch->act[last]));
            return -1;
        }
        arch->act[last] = m->loss.loss == NN_LOSS_BCE ? NN_ACT_SIGMOID : NN_ACT_SOFTMAX;
        m->logits = 1;
    }
    char err[256];
    nn_Loss loss = m->compiled ? m->loss.loss : NN_LOSS_MSE;
    if (nn_arch_validate(arch, loss, err, sizeof err) != NN_OK) {
        kr_error(in, m->compiled ? m->compile_line : line, "%s%s", err,
                 loss == NN_LOSS_CCE || loss == NN_LOSS_SPARSE_CCE || loss == NN_LOSS_BCE
                     ? " (or pass from_logits=True to the loss)" : "");
        return -1;
    }
    return 0;
}

static int make_optimizer(kr_Interp *in, kr_Model *m, int line)
{
    char err[256];
    nn_opt_destroy(m->o);
    m->o = NULL;
    if (nn_opt_create(&m->o, &m->opt, m->m->n_params, err, sizeof err) != NN_OK) {
        kr_error(in, line, "%s", err);
        return -1;
    }
    return 0;
}

/* Gives the model its weights once its input width is known. */
static int build(kr_Interp *in, kr_Model *m, int data_ndim, const int *data_shape, int line)
{
    if (m->m)
        return 0;
    Net net;
    if (describe(in, m, data_ndim, data_shape, line, &net))
        return -1;
    if (net.n_in < 1) {
        kr_error(in, line, "the model does not know its input size yet (give the first layer "
                           "input_shape= or input_dim=, or call fit first)");
        return -1;
    }
    if (net.n_in >= NN_MAX_UNITS) {
        kr_error(in, line, "%d inputs are more than nnviz's %d", net.n_in, NN_MAX_UNITS - 1);
        return -1;
    }
    if (output_for_loss(in, m, &net.arch, line))
        return -1;
    char err[256];
    if (nn_model_create(&m->m, &net.arch, m->compiled ? m->loss.loss : NN_LOSS_MSE, err,
                        sizeof err) != NN_OK) {
        kr_error(in, line, "%s", err);
        return -1;
    }
    nn_Rng rng;
    nn_rng_seed(&rng, in->tf_seed);
    nn_model_init(m->m, net.init, &rng);
    m->m->reg = net.reg;
    m->m->reg_rate = net.reg_rate;
    memcpy(m->m->dropout, net.dropout, sizeof net.dropout);
    m->m->dropout_in = net.dropout_in;
    if (m->compiled && make_optimizer(in, m, line))
        return -1;
    return 0;
}

/* ---- compile ---------------------------------------------------------------------- */

static const struct { const char *name; nn_Loss loss; } loss_names[] = {
    {"mse", NN_LOSS_MSE}, {"mean_squared_error", NN_LOSS_MSE}, {"MeanSquaredError", NN_LOSS_MSE},
    {"binary_crossentropy", NN_LOSS_BCE}, {"BinaryCrossentropy", NN_LOSS_BCE},
    {"categorical_crossentropy", NN_LOSS_CCE}, {"CategoricalCrossentropy", NN_LOSS_CCE},
    {"sparse_categorical_crossentropy", NN_LOSS_SPARSE_CCE},
    {"SparseCategoricalCrossentropy", NN_LOSS_SPARSE_CCE}};

static int loss_from(const char *name, nn_Loss *out)
{
    for (size_t k = 0; k < sizeof loss_names / sizeof loss_names[0]; k++)
        if (!strcmp(name, loss_names[k].name)) {
            *out = loss_names[k].loss;
            return 0;
        }
    return -1;
}

static kr_Value *loss_ctor(kr_Interp *in, const char *cls, kr_Args *a)
{
    kr_LossSpec *s = kr_arena_alloc(in->arena, sizeof *s);
    kr_Value *v = kr_new(in, KV_LOSS);
    if (!s || !v)
        return kr_error(in, a->line, "out of memory");
    if (loss_from(cls, &s->loss))
        return kr_error(in, a->line, "the loss %s is not supported (MeanSquaredError, "
                        "BinaryCrossentropy, CategoricalCrossentropy, "
                        "SparseCategoricalCrossentropy)", cls);
    kr_Value *fl = kr_arg(a, 0, "from_logits");
    kr_arg(a, -1, "name");
    kr_Value *red = kr_arg(a, -1, "reduction");
    if (red && (red->kind != KV_STR || (strcmp(red->s, "sum_over_batch_size") && strcmp(red->s, "auto"))))
        return kr_error(in, a->line, "%s: only the default reduction is supported", cls);
    if (kr_args_done(in, a))
        return NULL;
    if (fl && s->loss == NN_LOSS_MSE)
        return kr_error(in, a->line, "MeanSquaredError has no from_logits");
    s->from_logits = fl && fl->num != 0;
    v->loss = s;
    return v;
}

static kr_Value *opt_ctor(kr_Interp *in, const char *cls, kr_Args *a)
{
    nn_OptKind kind;
    if (nn_opt_from_name(cls, &kind) != 0 || kind == NN_OPT_MOMENTUM || kind == NN_OPT_NESTEROV)
        return kr_error(in, a->line, "the optimizer %s is not supported (SGD, RMSprop, Adagrad, "
                                     "Adam, AdamW)", cls);
    nn_OptConfig *c = kr_arena_alloc(in->arena, sizeof *c);
    kr_Value *v = kr_new(in, KV_OPT);
    if (!c || !v)
        return kr_error(in, a->line, "out of memory");
    nn_opt_config_default(c, kind);
    struct { const char *kw; float *dst; int pos; } params[] = {
        {"learning_rate", &c->lr, 0}, {"momentum", &c->momentum, -1}, {"rho", &c->rho, -1},
        {"beta_1", &c->beta1, -1}, {"beta_2", &c->beta2, -1}, {"epsilon", &c->epsilon, -1},
        {"initial_accumulator_value", &c->initial_accumulator, -1},
        {"weight_decay", &c->weight_decay, -1}};
    /* Keras's positional order after learning_rate */
    if (kind == NN_OPT_SGD) params[1].pos = 1;
    if (kind == NN_OPT_RMSPROP) params[2].pos = 1, params[1].pos = 2, params[5].pos = 3;
    if (kind == NN_OPT_ADAM) params[3].pos = 1, params[4].pos = 2, params[5].pos = 3;
    if (kind == NN_OPT_ADAMW) params[7].pos = 1, params[3].pos = 2, params[4].pos = 3, params[5].pos = 4;
    if (kind == NN_OPT_ADAGRAD) params[6].pos = 1, params[5].pos = 2;
    for (size_t k = 0; k < sizeof params / sizeof params[0]; k++) {
        kr_Value *x = kr_arg(a, params[k].pos, params[k].kw);
        if (k == 0 && !x)
            x = kr_arg(a, -1, "lr"); /* Keras 2's old spelling */
        double d;
        if (x && kr_to_double(in, x, a->line, params[k].kw, &d))
            return NULL;
        if (x) {
            int has = (k == 1 && (kind == NN_OPT_SGD || kind == NN_OPT_RMSPROP)) ||
                      (k == 2 && kind == NN_OPT_RMSPROP) ||
                      ((k == 3 || k == 4) && (kind == NN_OPT_ADAM || kind == NN_OPT_ADAMW)) ||
                      (k == 5 && kind != NN_OPT_SGD) || (k == 6 && kind == NN_OPT_ADAGRAD) ||
                      (k == 7 && kind == NN_OPT_ADAMW) || k == 0;
            if (!has)
                return kr_error(in, a->line, "%s has no %s", cls, params[k].kw);
            *params[k].dst = (float)d;
        }
    }
    kr_Value *nest = kr_arg(a, -1, "nesterov");
    kr_arg(a, -1, "name");
    kr_Value *ams = kr_arg(a, -1, "amsgrad");
    if (ams && ams->num != 0)
        return kr_error(in, a->line, "amsgrad=True is not supported");
    if (nest && kind != NN_OPT_SGD)
        return kr_error(in, a->line, "%s has no nesterov", cls);
    if (kind == NN_OPT_SGD && c->momentum > 0)
        c->kind = nest && nest->num != 0 ? NN_OPT_NESTEROV : NN_OPT_MOMENTUM;
    else if (nest && nest->num != 0)
        return kr_error(in, a->line, "nesterov=True needs momentum > 0");
    if (kr_args_done(in, a))
        return NULL;
    char err[256];
    if (nn_opt_config_validate(c, err, sizeof err) != NN_OK)
        return kr_error(in, a->line, "%s: %s", cls, err);
    v->opt = c;
    return v;
}

static kr_Value *compile(kr_Interp *in, kr_Model *m, kr_Args *a)
{
    kr_Value *opt = kr_arg(a, 0, "optimizer"), *loss = kr_arg(a, 1, "loss");
    kr_Value *metrics = kr_arg(a, 2, "metrics");
    if (kr_args_done(in, a))
        return NULL;
    nn_OptConfig cfg;
    nn_opt_config_default(&cfg, NN_OPT_RMSPROP);
    if (opt && opt->kind == KV_OPT) {
        cfg = *opt->opt;
    } else if (opt && opt->kind == KV_STR) {
        nn_OptKind kind;
        if (nn_opt_from_name(opt->s, &kind) != 0 || kind == NN_OPT_MOMENTUM || kind == NN_OPT_NESTEROV)
            return kr_error(in, a->line, "the optimizer '%s' is not supported (sgd, rmsprop, "
                                         "adagrad, adam, adamw)", opt->s);
        nn_opt_config_default(&cfg, kind);
    } else if (opt && opt->kind != KV_NONE) {
        return kr_error(in, a->line, "optimizer must be a name or an optimizer, not %s",
                        kr_type_name(opt));
    }
    kr_LossSpec ls = {NN_LOSS_MSE, 0};
    if (!loss || loss->kind == KV_NONE)
        return kr_error(in, a->line, "compile(): a loss is needed (nnviz trains with one)");
    if (loss->kind == KV_LOSS) {
        ls = *loss->loss;
    } else if (loss->kind == KV_FUNC) {
        if (strcmp(loss->s, KR_HALF_SQUARED_DEF) != 0)
            return kr_error(in, a->line, "the loss function defined at line %.0f is not supported "
                            "(only nnviz's own %s helper, as exported)", loss->num,
                            KR_HALF_SQUARED_NAME);
        ls.loss = NN_LOSS_HALF_SQUARED;
    } else {
        char name[64];
        if (str_or_ref(loss, name, sizeof name) || loss_from(name, &ls.loss))
            return kr_error(in, a->line, "the loss '%s' is not supported (mse, "
                            "binary_crossentropy, categorical_crossentropy, "
                            "sparse_categorical_crossentropy)",
                            loss->kind == KV_STR || loss->kind == KV_REF ? name : kr_type_name(loss));
    }
    char metric[64] = "";
    if (metrics && metrics->kind != KV_NONE) {
        if (metrics->kind != KV_LIST && metrics->kind != KV_TUPLE)
            return kr_error(in, a->line, "metrics must be a list");
        for (int k = 0; k < metrics->n; k++) {
            char name[64];
            if (str_or_ref(metrics->items[k], name, sizeof name) ||
                (strcmp(name, "accuracy") && strcmp(name, "acc") &&
                 strcmp(name, "sparse_categorical_accuracy") &&
                 strcmp(name, "categorical_accuracy") && strcmp(name, "binary_accuracy")))
                return kr_error(in, a->line, "the metric '%s' is not supported (nnviz reports "
                                             "loss and accuracy: metrics=['accuracy'])",
                                metrics->items[k]->kind == KV_STR ? metrics->items[k]->s : "?");
            if (metric[0])
                return kr_error(in, a->line, "more than one accuracy metric is not supported");
            snprintf(metric, sizeof metric, "%s", name);
        }
    }
    m->compiled = 1;
    m->compile_line = a->line;
    m->opt = cfg;
    m->loss = ls;
    snprintf(m->metric, sizeof m->metric, "%s", metric);
    if (!m->m && !m->inner) {
        /* Keras builds a model whose input size is known: so does compile, and a
           loss that does not fit the output is named here */
        Net probe;
        if (describe(in, m, 0, NULL, a->line, &probe))
            return NULL;
        if (probe.n_in > 0 && build(in, m, 0, NULL, a->line))
            return NULL;
    } else if (m->m) {
        /* weights kept; the output follows the new loss, the optimizer starts afresh */
        Net net;
        if (describe(in, m, 0, NULL, a->line, &net))
            return NULL;
        net.arch.sizes[0] = m->m->arch.sizes[0];
        if (output_for_loss(in, m, &net.arch, a->line))
            return NULL;
        m->m->arch.act[m->m->arch.n_layers - 1] = net.arch.act[net.arch.n_layers - 1];
        m->m->loss = ls.loss;
        if (make_optimizer(in, m, a->line))
            return NULL;
    }
    return kr_new(in, KV_NONE);
}

/* ---- data sets from arrays ------------------------------------------------------------ */

/* Rows [r0, r1) of x and y as an engine data set for this model's loss.
 * borrow: byte images are read from x's block, not copied (the set must be
 * destroyed before the interpreter; a set the window keeps is a copy). */
static nn_Dataset *make_dataset(kr_Interp *in, kr_Model *m, kr_Array *x, kr_Array *y, int r0,
                                int r1, int line, int borrow)
{
    int n = r1 - r0, dim = m->m->arch.sizes[0], n_out = m->m->arch.sizes[m->m->arch.n_layers];
    nn_Act out_act = m->m->arch.act[m->m->arch.n_layers - 1];
    size_t xdim = x->shape[0] ? x->size / (size_t)x->shape[0] : 0;
    if ((size_t)dim != xdim) {
        kr_error(in, line, "the input has %zu values per row but the model takes %d", xdim, dim);
        return NULL;
    }
    if (!y) {
        kr_error(in, line, "targets (y) are needed");
        return NULL;
    }
    if (y->ndim < 1 || y->shape[0] != x->shape[0]) {
        kr_error(in, line, "x has %d rows but y has %d", x->shape[0], y->ndim ? y->shape[0] : 0);
        return NULL;
    }
    size_t ydim = y->size / (size_t)y->shape[0];
    nn_Loss loss = m->loss.loss;
    nn_Task task = NN_TASK_REGRESS;
    int n_classes = 0;
    if (loss == NN_LOSS_SPARSE_CCE) {
        if (ydim != 1) {
            kr_error(in, line, "sparse_categorical_crossentropy needs one class number per row, "
                               "not %zu values (one-hot labels go with categorical_crossentropy)", ydim);
            return NULL;
        }
        task = NN_TASK_CLASSIFY, n_classes = n_out;
    } else if (loss == NN_LOSS_CCE) {
        if (ydim != (size_t)n_out) {
            kr_error(in, line, "categorical_crossentropy needs one-hot labels of %d columns, not "
                               "%zu (class numbers go with sparse_categorical_crossentropy, or use "
                               "keras.utils.to_categorical)", n_out, ydim);
            return NULL;
        }
        task = NN_TASK_CLASSIFY, n_classes = n_out;
    } else if (loss == NN_LOSS_BCE) {
        if (n_out != 1 || ydim != 1) {
            kr_error(in, line, "binary_crossentropy with %d outputs is not supported (one "
                               "sigmoid output and one 0/1 label per row)", n_out);
            return NULL;
        }
        task = NN_TASK_CLASSIFY, n_classes = 2;
    } else {
        if (ydim != (size_t)n_out) {
            kr_error(in, line, "y has %zu values per row but the model has %d outputs", ydim, n_out);
            return NULL;
        }
        /* 0/1 or one-hot targets on a sigmoid or softmax output: classes, so accuracy counts */
        int labels = (out_act == NN_ACT_SIGMOID && n_out == 1) || (out_act == NN_ACT_SOFTMAX && n_out > 1);
        for (int i = r0; labels && i < r1; i++) {
            float s = 0;
            for (size_t j = 0; j < ydim; j++) {
                float t = kr_at(y, (size_t)i * ydim + j);
                labels &= t == 0.0f || t == 1.0f;
                s += t;
            }
            labels &= n_out == 1 || s == 1.0f;
        }
        if (labels)
            task = NN_TASK_CLASSIFY, n_classes = n_out == 1 ? 2 : n_out;
    }
    nn_Dataset *d = NULL;
    char err[256];
    if (nn_dataset_create(&d, task, n, dim, (int)ydim, n_classes, x->u8 != NULL, err, sizeof err) != NN_OK) {
        kr_error(in, line, "%s", err);
        return NULL;
    }
    d->x_scale = x->u8 ? x->scale : 1.0f;
    snprintf(d->name, sizeof d->name, "arrays");
    if (x->u8 && borrow)
        nn_dataset_borrow_u8(d, x->u8 + (size_t)r0 * dim);
    for (int i = 0; i < n; i++) {
        if (x->u8 && !borrow)
            memcpy(d->x_u8 + (size_t)i * d->x_u8_stride, x->u8 + (size_t)(r0 + i) * dim, (size_t)dim);
        else if (!x->u8)
            memcpy(d->x + (size_t)i * dim, x->f + (size_t)(r0 + i) * dim, (size_t)dim * sizeof(float));
        const size_t yr = (size_t)(r0 + i) * ydim;
        if (task == NN_TASK_REGRESS) {
            for (size_t j = 0; j < ydim; j++)
                d->y[(size_t)i * ydim + j] = kr_at(y, yr + j);
            continue;
        }
        int label = 0;
        if (loss == NN_LOSS_CCE || (ydim > 1)) {
            int hot = 0;
            for (size_t j = 0; j < ydim; j++) {
                float t = kr_at(y, yr + j);
                if (t != 0.0f && t != 1.0f) {
                    nn_dataset_destroy(d);
                    kr_error(in, line, "soft labels are not supported (one-hot rows of 0 and 1)");
                    return NULL;
                }
                if (t == 1.0f)
                    label = (int)j, hot++;
            }
            if (hot != 1) {
                nn_dataset_destroy(d);
                kr_error(in, line, "row %d of y is not one-hot", r0 + i);
                return NULL;
            }
        } else {
            float t = kr_at(y, yr);
            if (t != floorf(t) || t < 0 || t >= n_classes) {
                nn_dataset_destroy(d);
                if (loss == NN_LOSS_BCE || n_classes == 2)
                    kr_error(in, line, "labels must be 0 or 1 (row %d holds %g)", r0 + i, t);
                else
                    kr_error(in, line, "labels must be class numbers 0 to %d (row %d holds %g)",
                             n_classes - 1, r0 + i, t);
                return NULL;
            }
            label = (int)t;
        }
        d->label[i] = label;
    }
    return d;
}

static kr_Array *float_or_bytes(kr_Interp *in, kr_Value *v, int line)
{
    return kr_as_array(in, v, line);
}

static int input_shape_of(kr_Array *x, int *ndim, int *shape)
{
    *ndim = x->ndim - 1;
    for (int d = 1; d < x->ndim; d++)
        shape[d - 1] = x->shape[d];
    if (*ndim == 0) {
        *ndim = 1;
        shape[0] = 1;
    }
    return 0;
}

/* ---- printing progress as Keras ---------------------------------------------------------- */

static void per_step(char *out, size_t n, double secs, int steps)
{
    double t = steps ? secs / steps : 0;
    if (t >= 1) snprintf(out, n, "%.0fs/step", t);
    else if (t >= 1e-3) snprintf(out, n, "%.0fms/step", t * 1e3);
    else snprintf(out, n, "%.0fus/step", t * 1e6);
}

static void metrics_text(char *out, size_t n, const char *prefix, double loss, const char *metric,
                         double acc)
{
    int k = snprintf(out, n, " - %sloss: %.4f", prefix, loss);
    if (metric[0] && k > 0 && (size_t)k < n)
        snprintf(out + k, n - (size_t)k, " - %s%s: %.4f", prefix, metric, isnan(acc) ? NAN : acc);
}

static void bar(FILE *f, int done, int total, int tty_redraw, double secs, const char *tail)
{
    char b[31];
    int w = 30, fill = total ? (int)((long long)w * done / total) : w;
    for (int i = 0; i < w; i++)
        b[i] = i < fill - 1 || (fill == w && i < w) ? '=' : i == fill - 1 ? '>' : '.';
    if (done == total)
        for (int i = 0; i < w; i++) b[i] = '=';
    b[w] = '\0';
    int digits = snprintf(NULL, 0, "%d", total);
    if (tty_redraw) {
        double eta = done ? secs / done * (total - done) : 0;
        fprintf(f, "\r%*d/%d [%s] - ETA: %.0fs%s", digits, done, total, b, eta, tail);
    } else {
        char ps[32];
        per_step(ps, sizeof ps, secs, total);
        fprintf(f, "%s%*d/%d [%s] - %.0fs %s%s\n", tty_redraw ? "\r" : "", digits, done, total,
                b, secs, ps, tail);
    }
    fflush(f);
}

static int verbose_arg(kr_Interp *in, kr_Value *v, int line, int *out)
{
    *out = 1;
    if (!v)
        return 0;
    if (v->kind == KV_STR && !strcmp(v->s, "auto"))
        return 0;
    long long k;
    if (kr_to_int(in, v, line, "verbose", &k))
        return -1;
    if (k < 0 || k > 2) {
        kr_error(in, line, "verbose must be 0, 1 or 2");
        return -1;
    }
    *out = (int)k;
    return 0;
}

/* ---- fit ------------------------------------------------------------------------------- */

/* stop_before_fit stops at fit, and at evaluate or predict before it,
 * unless keep_data wants fit's data: those then run (cheaply) on the way. */
static int stop_here(kr_Interp *in, int at_fit)
{
    if (in->opt->stop_before_fit && (at_fit || !in->opt->keep_data)) {
        in->stopped = 1;
        return 1;
    }
    return 0;
}

static kr_Value *fit(kr_Interp *in, kr_Model *m, kr_Args *a)
{
    kr_Value *xv = kr_arg(a, 0, "x"), *yv = kr_arg(a, 1, "y"), *bs = kr_arg(a, 2, "batch_size");
    kr_Value *ep = kr_arg(a, 3, "epochs"), *vb = kr_arg(a, 4, "verbose");
    kr_Value *vs = kr_arg(a, -1, "validation_split"), *vd = kr_arg(a, -1, "validation_data");
    kr_Value *sh = kr_arg(a, -1, "shuffle"), *cb = kr_arg(a, -1, "callbacks");
    if (kr_args_done(in, a))
        return NULL;
    if (cb && cb->kind != KV_NONE && !((cb->kind == KV_LIST || cb->kind == KV_TUPLE) && cb->n == 0))
        return kr_error(in, a->line, "callbacks are not supported (outside the Keras subset nnviz runs)");
    if (!m->compiled)
        return kr_error(in, a->line, "You must call compile() before using the model.");
    long long epochs = 1, batch = 32;
    double split = 0;
    int verbose;
    if ((ep && kr_to_int(in, ep, a->line, "epochs", &epochs)) ||
        (bs && bs->kind != KV_NONE && kr_to_int(in, bs, a->line, "batch_size", &batch)) ||
        (vs && kr_to_double(in, vs, a->line, "validation_split", &split)) ||
        verbose_arg(in, vb, a->line, &verbose))
        return NULL;
    if (epochs < 0 || epochs > 100000)
        return kr_error(in, a->line, "epochs must be 0 to 100000");
    if (batch < 1 || batch > (1 << 20))
        return kr_error(in, a->line, "batch_size must be 1 to 1048576");
    if (split < 0 || split >= 1)
        return kr_error(in, a->line, "validation_split must be in [0, 1)");
    if (!xv || !yv)
        return kr_error(in, a->line, "fit() needs x and y");
    kr_Array *x = float_or_bytes(in, xv, a->line), *y = x ? kr_as_array(in, yv, a->line) : NULL;
    if (!y)
        return NULL;
    if (x->ndim < 1 || x->shape[0] < 1)
        return kr_error(in, a->line, "fit() needs at least one row of x");
    int ind, ish[KR_MAX_DIM];
    input_shape_of(x, &ind, ish);
    if (build(in, m, ind, ish, a->line))
        return NULL;
    /* the window and export stop here: the network and its settings are known */
    m->fit_batch = (int)batch;
    m->fit_epochs = epochs;
    int stopping = stop_here(in, 1);
    if (stopping && in->res)
        in->res->fit_line = a->line;
    if (stopping && (!in->opt->keep_data || !in->res))
        return NULL;
    in->stopped = 0; /* until the data is made: bad data is an error here too */
    int n = x->shape[0], n_train = n;
    if (split > 0)
        n_train = (int)ceil(n * (1.0 - split));
    if (n_train < 1 || (split > 0 && n_train >= n))
        return kr_error(in, a->line, "validation_split %g leaves no rows to %s", split,
                        n_train < 1 ? "train on" : "validate on");
    nn_Dataset *train = make_dataset(in, m, x, y, 0, n_train, a->line, !stopping), *val = NULL;
    if (!train)
        return NULL;
    if (split > 0) {
        val = make_dataset(in, m, x, y, n_train, n, a->line, !stopping);
    } else if (vd && vd->kind != KV_NONE) {
        if ((vd->kind != KV_TUPLE && vd->kind != KV_LIST) || vd->n != 2) {
            nn_dataset_destroy(train);
            return kr_error(in, a->line, "validation_data must be a tuple (x_val, y_val)");
        }
        kr_Array *vx = kr_as_array(in, vd->items[0], a->line);
        kr_Array *vy = vx ? kr_as_array(in, vd->items[1], a->line) : NULL;
        if (vy && vx->ndim >= 1 && vx->shape[0] >= 1)
            val = make_dataset(in, m, vx, vy, 0, vx->shape[0], a->line, !stopping);
        else if (vy)
            kr_error(in, a->line, "validation_data has no rows");
    }
    if (in->err[0]) {
        nn_dataset_destroy(train);
        nn_dataset_destroy(val);
        return NULL;
    }
    if (stopping) { /* the caller trains on them (the window) */
        nn_dataset_destroy(in->res->train);
        nn_dataset_destroy(in->res->test);
        in->res->train = train;
        in->res->test = val;
        in->stopped = 1;
        return NULL;
    }
    char err[256];
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = (int)batch;
    tc.shuffle = !sh || sh->num != 0;
    tc.threads = 1; /* batches of 32 are too small to share: one thread is fastest (paired
                       runs of bench/keras_fashion.sh on the 2-core machine: the pool, with
                       its probes and waits, took 0.2-0.5 s longer; the bits are the same) */
    nn_rng_seed(&tc.rng, in->tf_seed * 0x9E3779B97F4A7C15ULL + (uint64_t)m->fits++ + 3);
    nn_Trainer *t = NULL;
    nn_Evaluator *ev = NULL;
    kr_History *h = kr_arena_alloc(in->arena, sizeof *h);
    if (!h || nn_trainer_create(&t, m->m, m->o, train, &tc, err, sizeof err) != NN_OK ||
        (val && nn_evaluator_create(&ev, &m->m->arch, 1024, err, sizeof err) != NN_OK)) {
        nn_trainer_destroy(t);
        nn_dataset_destroy(train);
        nn_dataset_destroy(val);
        return kr_error(in, a->line, "%s", h ? err : "out of memory");
    }
    snprintf(h->metric, sizeof h->metric, "%s", m->metric);
    size_t hb = (size_t)(epochs ? epochs : 1) * sizeof(double);
    h->loss = kr_arena_alloc(in->arena, hb);
    h->acc = kr_arena_alloc(in->arena, hb);
    if (val) {
        h->val_loss = kr_arena_alloc(in->arena, hb);
        h->val_acc = kr_arena_alloc(in->arena, hb);
    }
    FILE *out = in->out;
    int nb = nn_trainer_batches_per_epoch(t);
    int rc = 0;
    for (long long e = 0; e < epochs && rc == 0; e++) {
        if (verbose)
            fprintf(out, "Epoch %lld/%lld\n", e + 1, epochs);
        double t0 = now_s(), last_draw = t0;
        for (int b = 0; b < nb; b++) {
            if (nn_trainer_step_batch(t) == NN_DIVERGED) {
                nn_Cursor c = nn_trainer_cursor(t);
                if (verbose == 1 && in->opt->tty)
                    fputc('\n', out);
                kr_error(in, a->line, "the loss diverged (%g) in epoch %lld, batch %d: the "
                                      "learning rate (%g) is probably too high", c.last_loss,
                         e + 1, b + 1, (double)nn_opt_current_lr(m->o));
                rc = -1;
                break;
            }
            double tn = now_s();
            if (verbose == 1 && in->opt->tty && (tn - last_draw > 0.1) && b + 1 < nb) {
                nn_Cursor c = nn_trainer_cursor(t);
                char tail[160];
                metrics_text(tail, sizeof tail, "", c.epoch_loss_sum / (double)c.epoch_rows,
                             m->metric, (double)c.epoch_correct / (double)c.epoch_rows);
                bar(out, b + 1, nb, 1, tn - t0, tail);
                last_draw = tn;
            }
        }
        if (rc)
            break;
        double secs = now_s() - t0;
        nn_Cursor c = nn_trainer_cursor(t);
        double loss = c.epoch_loss_sum / (double)c.epoch_rows;
        double acc = train->task == NN_TASK_CLASSIFY ? (double)c.epoch_correct / (double)c.epoch_rows : NAN;
        h->loss[h->n] = loss, h->acc[h->n] = acc;
        char tail[320];
        metrics_text(tail, sizeof tail, "", loss, m->metric, acc);
        if (val) {
            nn_Metrics vm;
            nn_evaluate(ev, m->m, val, 0, &vm, NULL);
            h->val_loss[h->n] = vm.loss, h->val_acc[h->n] = vm.accuracy;
            size_t l = strlen(tail);
            metrics_text(tail + l, sizeof tail - l, "val_", vm.loss, m->metric, vm.accuracy);
        }
        h->n++;
        if (verbose == 2)
            fprintf(out, "%d/%d - %.0fs%s\n", nb, nb, secs, tail);
        else if (verbose == 1) {
            if (in->opt->tty)
                fputc('\r', out); /* the final bar overwrites the live one */
            bar(out, nb, nb, 0, secs, tail);
        }
        fflush(out);
        if (in->res) {
            in->res->epochs_run++;
            in->res->loss = loss;
            in->res->accuracy = acc;
        }
    }
    nn_evaluator_destroy(ev);
    nn_trainer_destroy(t);
    nn_dataset_destroy(train);
    nn_dataset_destroy(val);
    if (rc)
        return NULL;
    kr_Value *hv = kr_new(in, KV_HISTORY);
    if (hv)
        hv->hist = h;
    return hv;
}

/* ---- evaluate, predict ---------------------------------------------------------------------- */

static kr_Value *evaluate(kr_Interp *in, kr_Model *m, kr_Args *a)
{
    kr_Value *xv = kr_arg(a, 0, "x"), *yv = kr_arg(a, 1, "y"), *bs = kr_arg(a, 2, "batch_size");
    kr_Value *vb = kr_arg(a, 3, "verbose");
    kr_arg(a, -1, "return_dict");
    if (kr_args_done(in, a))
        return NULL;
    if (!m->compiled)
        return kr_error(in, a->line, "You must call compile() before using the model.");
    long long batch = 32;
    int verbose;
    if ((bs && bs->kind != KV_NONE && kr_to_int(in, bs, a->line, "batch_size", &batch)) ||
        verbose_arg(in, vb, a->line, &verbose))
        return NULL;
    if (batch < 1)
        return kr_error(in, a->line, "batch_size must be at least 1");
    if (!xv || !yv)
        return kr_error(in, a->line, "evaluate() needs x and y");
    kr_Array *x = kr_as_array(in, xv, a->line), *y = x ? kr_as_array(in, yv, a->line) : NULL;
    if (!y)
        return NULL;
    if (x->ndim < 1 || x->shape[0] < 1)
        return kr_error(in, a->line, "evaluate() needs at least one row of x");
    int ind, ish[KR_MAX_DIM];
    input_shape_of(x, &ind, ish);
    if (build(in, m, ind, ish, a->line) || stop_here(in, 0))
        return NULL;
    nn_Dataset *d = make_dataset(in, m, x, y, 0, x->shape[0], a->line, 1);
    if (!d)
        return NULL;
    nn_Evaluator *ev = NULL;
    char err[256];
    double t0 = now_s();
    if (nn_evaluator_create(&ev, &m->m->arch, 1024, err, sizeof err) != NN_OK) {
        nn_dataset_destroy(d);
        return kr_error(in, a->line, "%s", err);
    }
    nn_Metrics met;
    nn_evaluate(ev, m->m, d, 0, &met, NULL);
    nn_evaluator_destroy(ev);
    int steps = (int)((d->n + batch - 1) / batch);
    int classify = d->task == NN_TASK_CLASSIFY;
    nn_dataset_destroy(d);
    char tail[200];
    metrics_text(tail, sizeof tail, "", met.loss, m->metric, classify ? met.accuracy : NAN);
    double secs = now_s() - t0;
    if (verbose == 2)
        fprintf(in->out, "%d/%d - %.0fs%s\n", steps, steps, secs, tail);
    else if (verbose == 1)
        bar(in->out, steps, steps, 0, secs, tail);
    if (!m->metric[0])
        return kr_num(in, KV_FLOAT, met.loss);
    kr_Value *l = kr_seq(in, KV_LIST, 2);
    if (l && (!(l->items[0] = kr_num(in, KV_FLOAT, met.loss)) ||
              !(l->items[1] = kr_num(in, KV_FLOAT, classify ? met.accuracy : NAN))))
        return NULL;
    return l;
}

static kr_Value *softmax_rows(kr_Interp *in, kr_Value *v)
{
    kr_Array *a = v->arr;
    int cols = a->shape[1];
    for (int i = 0; i < a->shape[0]; i++) {
        float *r = a->f + (size_t)i * cols, mx = -INFINITY;
        double s = 0;
        for (int j = 0; j < cols; j++)
            mx = fmaxf(mx, r[j]);
        for (int j = 0; j < cols; j++)
            s += (r[j] = expf(r[j] - mx));
        for (int j = 0; j < cols; j++)
            r[j] = (float)(r[j] / s);
    }
    (void)in;
    return v;
}

kr_Value *kr_model_predict(kr_Interp *in, kr_Model *m, kr_Value *xv, int line)
{
    if (m->inner) {
        kr_Value *r = kr_model_predict(in, m->inner, xv, line);
        return r ? softmax_rows(in, r) : NULL;
    }
    kr_Array *x = kr_as_array(in, xv, line);
    if (!x)
        return NULL;
    if (x->ndim < 1 || x->shape[0] < 1)
        return kr_error(in, line, "predict needs at least one row");
    int ind, ish[KR_MAX_DIM];
    input_shape_of(x, &ind, ish);
    if (build(in, m, ind, ish, line) || stop_here(in, 0))
        return NULL;
    int rows = x->shape[0], dim = m->m->arch.sizes[0], L = m->m->arch.n_layers;
    int n_out = m->m->arch.sizes[L];
    if (x->size / (size_t)rows != (size_t)dim)
        return kr_error(in, line, "the input has %zu values per row but the model takes %d",
                        x->size / (size_t)rows, dim);
    int shape[2] = {rows, n_out};
    kr_Array *r = kr_array_new(in, 2, shape, 0);
    if (!r)
        return NULL;
    int chunk = rows < 1024 ? rows : 1024;
    nn_Infer *inf = NULL;
    char err[256];
    float *buf = malloc((size_t)chunk * dim * sizeof(float));
    if (!buf || nn_infer_create(&inf, &m->m->arch, chunk, err, sizeof err) != NN_OK) {
        free(buf);
        return kr_error(in, line, "%s", buf ? err : "out of memory");
    }
    for (int r0 = 0; r0 < rows; r0 += chunk) {
        int nr = rows - r0 < chunk ? rows - r0 : chunk;
        for (size_t i = 0; i < (size_t)nr * dim; i++)
            buf[i] = kr_at(x, (size_t)r0 * dim + i);
        nn_infer_run(inf, m->m, buf, nr);
        const float *o = m->logits ? inf->z[L - 1] : inf->a[L - 1];
        memcpy(r->f + (size_t)r0 * n_out, o, (size_t)nr * n_out * sizeof(float));
    }
    nn_infer_destroy(inf);
    free(buf);
    return kr_array_value(in, r);
}

static kr_Value *predict(kr_Interp *in, kr_Model *m, kr_Args *a)
{
    kr_Value *xv = kr_arg(a, 0, "x"), *bs = kr_arg(a, 1, "batch_size"), *vb = kr_arg(a, 2, "verbose");
    if (kr_args_done(in, a))
        return NULL;
    long long batch = 32;
    int verbose;
    if ((bs && bs->kind != KV_NONE && kr_to_int(in, bs, a->line, "batch_size", &batch)) ||
        verbose_arg(in, vb, a->line, &verbose))
        return NULL;
    if (!xv)
        return kr_error(in, a->line, "predict() needs x");
    if (batch < 1)
        return kr_error(in, a->line, "batch_size must be at least 1");
    double t0 = now_s();
    kr_Value *r = kr_model_predict(in, m, xv, a->line);
    if (!r)
        return NULL;
    int steps = (int)((r->arr->shape[0] + batch - 1) / batch);
    if (verbose == 1)
        bar(in->out, steps, steps, 0, now_s() - t0, "");
    else if (verbose == 2)
        fprintf(in->out, "%d/%d - %.0fs\n", steps, steps, now_s() - t0);
    return r;
}

/* ---- summary ----------------------------------------------------------------------------- */

static void mem_size(char *out, size_t n, double bytes)
{
    static const char *const units[] = {"Byte", "KB", "MB", "GB"};
    int u = 0;
    while (bytes >= 1024 && u < 3)
        bytes /= 1024, u++;
    snprintf(out, n, "%.2f %s", bytes, units[u]);
}

static kr_Value *summary(kr_Interp *in, kr_Model *m, kr_Args *a)
{
    if (kr_args_done(in, a) || build(in, m, 0, NULL, a->line))
        return NULL;
    FILE *f = in->out;
    const char *rule = "_________________________________________________________________";
    const char *dbl = "=================================================================";
    fprintf(f, "Model: \"%s\"\n%s\n", m->name, rule);
    fprintf(f, " %-28s%-26s%-10s\n%s\n", "Layer (type)", "Output Shape", "Param #", dbl);
    Net net;
    if (describe(in, m, 0, NULL, a->line, &net))
        return NULL;
    int width = m->m->arch.sizes[0], in_ndim = net.in_ndim, first = 1;
    size_t total = 0;
    for (int k = 0; k < m->n_layers; k++) {
        kr_Layer *L = m->layers[k];
        char col1[96], shape[64] = "(None";
        size_t params = 0;
        if (L->kind == KL_INPUT)
            continue; /* Keras lists no input layer */
        if (L->kind == KL_DROPOUT) {
            snprintf(shape, sizeof shape, "(None, %d)", width); /* the shape it was given */
        } else if (L->kind == KL_FLATTEN) {
            snprintf(shape, sizeof shape, "(None, %d)", width);
            in_ndim = 1;
        } else {
            params = (size_t)width * (size_t)L->units + (size_t)L->units;
            snprintf(shape, sizeof shape, "(None, %d)", L->units);
            width = L->units;
        }
        (void)in_ndim;
        snprintf(col1, sizeof col1, "%.40s (%s)", L->name,
                 L->kind == KL_FLATTEN ? "Flatten" : L->kind == KL_DROPOUT ? "Dropout" : "Dense");
        if (!first)
            fprintf(f, "%65s\n", "");
        first = 0;
        fprintf(f, " %-28s%-26s%-10zu\n", col1, shape, params);
        total += params;
    }
    fprintf(f, "%65s\n%s\n", "", dbl);
    char sz[32];
    mem_size(sz, sizeof sz, (double)total * 4);
    fprintf(f, "Total params: %zu (%s)\nTrainable params: %zu (%s)\n", total, sz, total, sz);
    fprintf(f, "Non-trainable params: 0 (0.00 Byte)\n%s\n", rule);
    fflush(f);
    return kr_new(in, KV_NONE);
}

/* ---- weights ----------------------------------------------------------------------------- */

static kr_Value *get_weights(kr_Interp *in, kr_Model *m, kr_Args *a)
{
    if (kr_args_done(in, a) || build(in, m, 0, NULL, a->line))
        return NULL;
    int L = m->m->arch.n_layers;
    kr_Value *l = kr_seq(in, KV_LIST, 2 * L);
    for (int k = 0; l && k < L; k++) {
        int in_n = m->m->arch.sizes[k], out_n = m->m->arch.sizes[k + 1];
        int sw[2] = {in_n, out_n}, sb[1] = {out_n};
        kr_Array *W = kr_array_new(in, 2, sw, 0), *b = W ? kr_array_new(in, 1, sb, 0) : NULL;
        if (!b)
            return NULL;
        memcpy(W->f, m->m->W[k], (size_t)in_n * out_n * sizeof(float));
        memcpy(b->f, m->m->b[k], (size_t)out_n * sizeof(float));
        if (!(l->items[2 * k] = kr_array_value(in, W)) || !(l->items[2 * k + 1] = kr_array_value(in, b)))
            return NULL;
    }
    return l;
}

static kr_Value *set_weights(kr_Interp *in, kr_Model *m, kr_Args *a)
{
    kr_Value *w = kr_arg(a, 0, "weights");
    if (kr_args_done(in, a) || build(in, m, 0, NULL, a->line))
        return NULL;
    int L = m->m->arch.n_layers;
    if (!w || (w->kind != KV_LIST && w->kind != KV_TUPLE) || w->n != 2 * L)
        return kr_error(in, a->line, "set_weights() needs a list of %d arrays (kernel and bias "
                                     "of each Dense layer)", 2 * L);
    for (int k = 0; k < 2 * L; k++) {
        kr_Array *x = kr_as_array(in, w->items[k], a->line);
        if (!x)
            return NULL;
        int l = k / 2, in_n = m->m->arch.sizes[l], out_n = m->m->arch.sizes[l + 1];
        int ok = k % 2 == 0 ? x->ndim == 2 && x->shape[0] == in_n && x->shape[1] == out_n
                            : x->ndim == 1 && x->shape[0] == out_n;
        if (!ok)
            return kr_error(in, a->line, "set_weights(): array %d has the wrong shape (layer %d "
                            "needs (%d, %d) and (%d,))", k, l + 1, in_n, out_n, out_n);
        float *dst = k % 2 == 0 ? m->m->W[l] : m->m->b[l];
        for (size_t i = 0; i < x->size; i++)
            dst[i] = kr_at(x, i);
    }
    return kr_new(in, KV_NONE);
}

kr_Value *kr_model_method(kr_Interp *in, kr_Value *self, const char *name, kr_Args *a)
{
    kr_Model *m = self->model;
    if (m->inner && strcmp(name, "predict"))
        return kr_error(in, a->line, "model.%s() on Sequential([model, Softmax()]) is not "
                                     "supported (call it, or predict)", name);
    if (!strcmp(name, "add")) {
        kr_Value *l = kr_arg(a, 0, "layer");
        if (kr_args_done(in, a) || add_layer(in, m, l, a->line))
            return NULL;
        return kr_new(in, KV_NONE);
    }
    if (!strcmp(name, "compile")) return compile(in, m, a);
    if (!strcmp(name, "fit")) return fit(in, m, a);
    if (!strcmp(name, "evaluate")) return evaluate(in, m, a);
    if (!strcmp(name, "predict")) return predict(in, m, a);
    if (!strcmp(name, "summary")) return summary(in, m, a);
    if (!strcmp(name, "get_weights")) return get_weights(in, m, a);
    if (!strcmp(name, "set_weights")) return set_weights(in, m, a);
    if (!strcmp(name, "build")) {
        kr_Value *s = kr_arg(a, 0, "input_shape");
        int nd = 0, shape[KR_MAX_DIM];
        if (kr_args_done(in, a) || (s && kr_shape_arg(in, s, a->line, &nd, shape)))
            return NULL;
        /* (None, n): the first entry is the batch */
        if (build(in, m, nd - 1, shape + 1, a->line))
            return NULL;
        return kr_new(in, KV_NONE);
    }
    if (!strcmp(name, "save") || !strcmp(name, "save_weights"))
        return kr_error(in, a->line, "model.%s() is not supported (use nnviz train --save-model)", name);
    return kr_error(in, a->line, "model.%s() is not supported (outside the Keras subset nnviz runs)", name);
}

/* ---- data ---------------------------------------------------------------------------------- */

static int read_idx(kr_Interp *in, const char *dir, int split, int line, kr_Value **x, kr_Value **y)
{
    nn_Dataset *d = NULL;
    char err[512];
    if (nn_data_fashion_packed(&d, dir, split, err, sizeof err) != NN_OK) {
        kr_error(in, line, "%s", err);
        return -1;
    }
    int w = d->img_w > 0 ? d->img_w : d->dim, h = d->img_h > 0 ? d->img_h : 1;
    int sx[3] = {d->n, h, w}, sy[1] = {d->n};
    const int *shape = h > 1 ? sx : (int[]){d->n, w};
    kr_Array *xa;
    if (d->x_u8_stride == (size_t)d->dim && d->x_u8_mem) {
        /* packed rows (a whole gzip file): the array takes the block over */
        xa = kr_array_adopt(in, h > 1 ? 3 : 2, shape, d->x_u8_mem, d->x_u8);
        d->x_u8_mem = NULL, d->x_u8 = NULL;
    } else {
        xa = kr_array_new(in, h > 1 ? 3 : 2, shape, 1);
        for (int i = 0; xa && i < d->n; i++)
            memcpy(xa->u8 + (size_t)i * d->dim, nn_dataset_row_u8(d, i), (size_t)d->dim);
    }
    kr_Array *ya = xa ? kr_array_new(in, 1, sy, 0) : NULL;
    if (!ya) {
        nn_dataset_destroy(d);
        return -1;
    }
    for (int i = 0; i < d->n; i++)
        ya->f[i] = (float)d->label[i];
    xa->is_int = ya->is_int = 1;
    nn_dataset_destroy(d);
    *x = kr_array_value(in, xa);
    *y = kr_array_value(in, ya);
    return *x && *y ? 0 : -1;
}

kr_Value *kr_load_data(kr_Interp *in, const char *which, kr_Args *a)
{
    kr_arg(a, -1, "path");
    if (kr_args_done(in, a))
        return NULL;
    const char *dir = in->opt->fashion_dir;
    if (!strcmp(which, "mnist")) {
        const char *env = getenv("NNVIZ_MNIST"), *home = getenv("HOME");
        char npz[1024] = "";
        struct stat sb;
        if (env && env[0] && stat(env, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            dir = env;
        } else {
            if (home)
                snprintf(npz, sizeof npz, "%s/.keras/datasets/mnist.npz", home);
            if (npz[0] && stat(npz, &sb) == 0 && S_ISREG(sb.st_mode)) {
                kr_Value *v[4];
                if (kr_read_mnist_npz(in, npz, a->line, v))
                    return NULL;
                kr_Value *tr = kr_seq(in, KV_TUPLE, 2), *te = kr_seq(in, KV_TUPLE, 2);
                kr_Value *r = kr_seq(in, KV_TUPLE, 2);
                if (!tr || !te || !r)
                    return NULL;
                tr->items[0] = v[0], tr->items[1] = v[1], te->items[0] = v[2], te->items[1] = v[3];
                r->items[0] = tr, r->items[1] = te;
                return r;
            }
            else
                kr_note(in, a->line, "note: MNIST was not found (no ~/.keras/datasets/mnist.npz, "
                                     "NNVIZ_MNIST not set to a directory of its IDX files): using "
                                     "Fashion-MNIST instead");
        }
    } else if (strcmp(which, "fashion_mnist")) {
        return kr_error(in, a->line, "the data set %s is not supported (fashion_mnist, mnist)", which);
    }
    kr_Value *xtr, *ytr, *xte, *yte;
    if (read_idx(in, dir, 0, a->line, &xtr, &ytr) || read_idx(in, dir, 1, a->line, &xte, &yte))
        return NULL;
    kr_Value *tr = kr_seq(in, KV_TUPLE, 2), *te = kr_seq(in, KV_TUPLE, 2), *r = kr_seq(in, KV_TUPLE, 2);
    if (!tr || !te || !r)
        return NULL;
    tr->items[0] = xtr, tr->items[1] = ytr, te->items[0] = xte, te->items[1] = yte;
    r->items[0] = tr, r->items[1] = te;
    return r;
}

static kr_Value *to_categorical(kr_Interp *in, kr_Args *a)
{
    kr_Value *yv = kr_arg(a, 0, "x"), *nc = kr_arg(a, 1, "num_classes");
    kr_arg(a, -1, "dtype");
    if (kr_args_done(in, a))
        return NULL;
    kr_Array *y = yv ? kr_as_array(in, yv, a->line) : NULL;
    if (!y)
        return yv ? NULL : kr_error(in, a->line, "to_categorical() needs labels");
    long long k = 0;
    if (nc && nc->kind != KV_NONE && kr_to_int(in, nc, a->line, "num_classes", &k))
        return NULL;
    if (!nc || nc->kind == KV_NONE)
        for (size_t i = 0; i < y->size; i++)
            if (kr_at(y, i) + 1 > k)
                k = (long long)kr_at(y, i) + 1;
    if (k < 1 || k > NN_MAX_CLASSES)
        return kr_error(in, a->line, "to_categorical(): 1 to %d classes", NN_MAX_CLASSES);
    int shape[2] = {(int)y->size, (int)k};
    kr_Array *r = kr_array_new(in, 2, shape, 0);
    if (!r)
        return NULL;
    for (size_t i = 0; i < y->size; i++) {
        float t = kr_at(y, i);
        if (t < 0 || t >= k || t != floorf(t))
            return kr_error(in, a->line, "to_categorical(): label %g is not a class 0 to %lld", t, k - 1);
        r->f[i * (size_t)k + (size_t)t] = 1;
    }
    return kr_array_value(in, r);
}

/* x_train, y_train, x_test, y_test used but never made: Fashion-MNIST for a
 * 784-input model, else a learnable synthetic set of the model's shape. */
kr_Value *kr_bind_default_data(kr_Interp *in, const char *name, int line)
{
    kr_Model *m = NULL;
    Net net;
    for (int k = in->n_models - 1; k >= 0 && !m; k--) {
        if (in->models[k]->m) {
            m = in->models[k];
            net.n_in = m->m->arch.sizes[0];
            net.arch = m->m->arch;
            describe(in, m, 0, NULL, line, &net);
            in->err[0] = '\0';
            net.n_in = m->m->arch.sizes[0];
            net.arch = m->m->arch;
        } else if (describe(in, in->models[k], 0, NULL, line, &net) == 0 && net.n_in > 0) {
            m = in->models[k];
        } else {
            in->err[0] = '\0';
        }
    }
    if (!m || in->data_bound)
        return kr_error(in, line, "name '%s' is not defined (nnviz binds x_train, y_train, x_test "
                                  "and y_test to data once a model knows its input size)", name);
    int L = net.arch.n_layers, n_out = net.arch.sizes[L];
    nn_Act out = net.arch.act[L - 1];
    int one_hot = m->compiled && m->loss.loss == NN_LOSS_CCE;
    kr_Value *v[4];
    static const char *const names[4] = {"x_train", "y_train", "x_test", "y_test"};
    if (net.n_in == 784) {
        if (read_idx(in, in->opt->fashion_dir, 0, line, &v[0], &v[1]) ||
            read_idx(in, in->opt->fashion_dir, 1, line, &v[2], &v[3]))
            return NULL;
        for (int k = 0; k < 4; k += 2) {
            kr_Array *x = v[k]->arr;
            x->scale = 1.0f / 255.0f, x->is_int = 0;
            if (net.in_ndim != 2) { /* rows of 784 unless the model reads 28x28 */
                x->ndim = 2;
                x->shape[1] = 784;
            }
            if (one_hot) { /* categorical_crossentropy takes one-hot rows, as the note says */
                kr_Array *y = v[k + 1]->arr;
                int shape[2] = {y->shape[0], 10};
                kr_Array *r = kr_array_new(in, 2, shape, 0);
                if (!r)
                    return NULL;
                for (int i = 0; i < y->shape[0]; i++) {
                    int c = (int)kr_at(y, (size_t)i);
                    if (c >= 0 && c < 10)
                        r->f[(size_t)i * 10 + (size_t)c] = 1.0f;
                }
                if (!(v[k + 1] = kr_array_value(in, r)))
                    return NULL;
            }
        }
        kr_note(in, line, "note: x_train, y_train, x_test, y_test are not defined: bound to "
                          "Fashion-MNIST (60000 training and 10000 test images, pixels scaled to "
                          "0..1, %s labels)", one_hot ? "one-hot" : "integer");
    } else {
        nn_Rng rng;
        nn_rng_seed(&rng, 1234);
        int n_in = net.n_in, kind = out == NN_ACT_SIGMOID && n_out == 1 ? 'b'
                                  : out == NN_ACT_SOFTMAX || (m->logits && n_out > 1) ? 'c' : 'r';
        if (m->logits && n_out == 1)
            kind = 'b';
        float *Wt = calloc((size_t)n_in * n_out, sizeof(float));
        if (!Wt)
            return kr_error(in, line, "out of memory");
        for (size_t i = 0; i < (size_t)n_in * n_out; i++)
            Wt[i] = (float)nn_rng_normal(&rng);
        for (int part = 0; part < 2; part++) {
            int rows = part ? 200 : 1000;
            int sx[2] = {rows, n_in}, sy[2] = {rows, kind == 'c' && one_hot ? n_out : kind == 'r' ? n_out : 1};
            kr_Array *x = kr_array_new(in, 2, sx, 0);
            kr_Array *y = x ? kr_array_new(in, sy[1] == 1 && kind != 'r' ? 1 : 2, sy, 0) : NULL;
            if (!y) {
                free(Wt);
                return NULL;
            }
            for (int i = 0; i < rows; i++) {
                float *xi = x->f + (size_t)i * n_in;
                for (int j = 0; j < n_in; j++)
                    xi[j] = (float)nn_rng_normal(&rng);
                int best = 0;
                double bestv = -INFINITY;
                for (int o = 0; o < n_out; o++) {
                    double s = 0;
                    for (int j = 0; j < n_in; j++)
                        s += xi[j] * Wt[(size_t)j * n_out + o];
                    s /= sqrt((double)n_in);
                    if (kind == 'r')
                        y->f[(size_t)i * n_out + o] = (float)(s + 0.1 * nn_rng_normal(&rng));
                    if (s > bestv)
                        bestv = s, best = o;
                }
                if (kind == 'b')
                    y->f[i] = bestv > 0;
                else if (kind == 'c' && one_hot)
                    y->f[(size_t)i * n_out + best] = 1;
                else if (kind == 'c')
                    y->f[i] = (float)best;
            }
            y->is_int = kind != 'r' && !one_hot;
            v[part * 2] = kr_array_value(in, x);
            v[part * 2 + 1] = kr_array_value(in, y);
        }
        free(Wt);
        kr_note(in, line, "note: x_train, y_train, x_test, y_test are not defined: bound to a "
                          "synthetic %s set of %d inputs (1000 training and 200 test rows)",
                kind == 'b' ? "binary-class" : kind == 'c' ? "multi-class" : "regression", n_in);
    }
    in->data_bound = 1;
    kr_Value *want = NULL;
    for (int k = 0; k < 4; k++) {
        if (!v[k])
            return NULL;
        if (!kr_lookup(in, names[k])) {
            /* bound like an assignment, so later uses find them */
            if (kr_set_var(in, names[k], v[k]))
                return NULL;
        }
        if (!strcmp(names[k], name))
            want = v[k];
    }
    return want;
}

/* loss_fn(y_true, y_pred): the batch mean, as Keras computes it (given
 * probabilities, they are clipped to [1e-7, 1 - 1e-7]). */
kr_Value *kr_loss_call(kr_Interp *in, const kr_LossSpec *ls, kr_Args *a)
{
    kr_Value *tv = kr_arg(a, 0, "y_true"), *pv = kr_arg(a, 1, "y_pred");
    if (kr_args_done(in, a))
        return NULL;
    if (!tv || !pv)
        return kr_error(in, a->line, "a loss takes y_true and y_pred");
    kr_Array *t = kr_as_array(in, tv, a->line), *p = t ? kr_as_array(in, pv, a->line) : NULL;
    if (!p)
        return NULL;
    int rows = p->ndim >= 1 ? p->shape[0] : 1;
    int cols = rows ? (int)(p->size / (size_t)rows) : 0;
    if (rows < 1 || cols < 1)
        return kr_error(in, a->line, "the loss needs at least one prediction");
    size_t tw = t->size / (size_t)rows;
    int sparse = ls->loss == NN_LOSS_SPARSE_CCE;
    if (t->size % (size_t)rows || (sparse ? tw != 1 : tw != (size_t)cols))
        return kr_error(in, a->line, "y_true and y_pred do not fit (%zu and %d values per row)", tw, cols);
    const double eps = 1e-7;
    double total = 0;
    for (int i = 0; i < rows; i++) {
        const size_t o = (size_t)i * cols;
        if (ls->loss == NN_LOSS_MSE) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double d = kr_at(p, o + j) - kr_at(t, o + j);
                s += d * d;
            }
            total += s / cols;
        } else if (ls->loss == NN_LOSS_BCE) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double z = kr_at(p, o + j), y = kr_at(t, o + j);
                if (ls->from_logits) {
                    s += fmax(z, 0) - z * y + log1p(exp(-fabs(z)));
                } else {
                    double q = fmin(fmax(z, eps), 1 - eps);
                    s += -(y * log(q) + (1 - y) * log(1 - q));
                }
            }
            total += s / cols;
        } else {
            double mx = -INFINITY, se = 0, sp = 0;
            for (int j = 0; j < cols; j++) {
                mx = fmax(mx, kr_at(p, o + j));
                sp += kr_at(p, o + j);
            }
            for (int j = 0; j < cols; j++)
                se += exp(kr_at(p, o + j) - mx);
            for (int j = 0; j < cols; j++) {
                double y = sparse ? (kr_at(t, (size_t)i) == (float)j) : kr_at(t, o + j);
                if (y == 0)
                    continue;
                double logp = ls->from_logits ? kr_at(p, o + j) - mx - log(se)
                                              : log(fmin(fmax(kr_at(p, o + j) / sp, eps), 1 - eps));
                total -= y * logp;
            }
            if (sparse && (kr_at(t, (size_t)i) < 0 || kr_at(t, (size_t)i) >= cols))
                return kr_error(in, a->line, "label %g is not a class 0 to %d", kr_at(t, (size_t)i), cols - 1);
        }
    }
    kr_Array *r = kr_array_new(in, 0, NULL, 0);
    if (!r)
        return NULL;
    r->f[0] = (float)(total / rows);
    return kr_array_value(in, r);
}

/* ---- the Keras namespace ------------------------------------------------------------------ */

kr_Value *kr_call_keras(kr_Interp *in, const char *path, const char *cls, kr_Args *a)
{
    if (!strcmp(cls, "Sequential"))
        return sequential(in, a);
    if (strstr(path, ".layers.") || !strcmp(cls, "Input") || !strcmp(cls, "Dense"))
        return layer_ctor(in, cls, a);
    if (!strcmp(cls, "Model"))
        return kr_error(in, a->line, "the functional Model API is not supported (use Sequential)");
    if (strstr(path, ".optimizers."))
        return opt_ctor(in, cls, a);
    if (strstr(path, ".losses.")) {
        if (cls[0] >= 'A' && cls[0] <= 'Z')
            return loss_ctor(in, cls, a);
        return kr_error(in, a->line, "calling the loss function %s directly is not supported "
                                     "(pass it to compile)", cls);
    }
    if (strstr(path, ".initializers.")) {
        kr_Init *it = kr_arena_alloc(in->arena, sizeof *it);
        kr_Value *v = kr_new(in, KV_INIT);
        if (!it || !v)
            return kr_error(in, a->line, "out of memory");
        kr_arg(a, -1, "seed");
        if (!strcmp(cls, "GlorotUniform") || !strcmp(cls, "glorot_uniform")) it->kind = 'g';
        else if (!strcmp(cls, "HeNormal") || !strcmp(cls, "he_normal")) it->kind = 'h';
        else if (!strcmp(cls, "Zeros") || !strcmp(cls, "zeros")) it->kind = 'z';
        else if (!strcmp(cls, "RandomUniform")) {
            it->kind = 'u';
            double lo = -0.05, hi = 0.05;
            kr_Value *l = kr_arg(a, 0, "minval"), *h = kr_arg(a, 1, "maxval");
            if ((l && kr_to_double(in, l, a->line, "minval", &lo)) ||
                (h && kr_to_double(in, h, a->line, "maxval", &hi)))
                return NULL;
            it->a = lo, it->b = hi;
        } else if (!strcmp(cls, "Constant")) {
            it->kind = 'c';
            kr_Value *c = kr_arg(a, 0, "value");
            if (c && kr_to_double(in, c, a->line, "value", &it->a))
                return NULL;
        } else {
            return kr_error(in, a->line, "the initializer %s is not supported (GlorotUniform, "
                                         "HeNormal, Zeros, RandomUniform, Constant)", cls);
        }
        if (kr_args_done(in, a))
            return NULL;
        v->init = it;
        return v;
    }
    if (strstr(path, ".regularizers.")) {
        kr_Value *v = kr_new(in, KV_REG);
        if (!v)
            return NULL;
        int l1 = !strcmp(cls, "l1") || !strcmp(cls, "L1"), l2 = !strcmp(cls, "l2") || !strcmp(cls, "L2");
        if (!l1 && !l2)
            return kr_error(in, a->line, "the regularizer %s is not supported (l1, l2)", cls);
        kr_Value *r = kr_arg(a, 0, l1 ? "l1" : "l2");
        double rate = 0.01;
        if (kr_args_done(in, a) || (r && kr_to_double(in, r, a->line, "the rate", &rate)))
            return NULL;
        v->reg = l1 ? NN_REG_L1 : NN_REG_L2;
        v->reg_rate = (float)rate;
        return v;
    }
    if (!strcmp(cls, "load_data")) {
        char which[64] = "";
        const char *end = path + strlen(path) - strlen(".load_data"), *start = end;
        while (start > path && start[-1] != '.')
            start--;
        snprintf(which, sizeof which, "%.*s", (int)(end - start), start);
        return kr_load_data(in, which, a);
    }
    if (!strcmp(cls, "to_categorical"))
        return to_categorical(in, a);
    if (!strcmp(cls, "set_random_seed")) {
        kr_Value *s = kr_arg(a, 0, "seed");
        long long seed;
        if (kr_args_done(in, a) || !s || kr_to_int(in, s, a->line, "seed", &seed))
            return s ? NULL : kr_error(in, a->line, "set_random_seed() needs a seed");
        in->tf_seed = (uint64_t)seed;
        kr_mt_seed(&in->np, (uint32_t)seed);
        return kr_new(in, KV_NONE);
    }
    if (strstr(path, ".metrics.")) {
        static const char *const acc[][2] = {
            {"Accuracy", "accuracy"}, {"SparseCategoricalAccuracy", "sparse_categorical_accuracy"},
            {"CategoricalAccuracy", "categorical_accuracy"}, {"BinaryAccuracy", "binary_accuracy"}};
        kr_arg(a, -1, "name");
        for (size_t k = 0; k < sizeof acc / sizeof acc[0]; k++)
            if (!strcmp(cls, acc[k][0]))
                return kr_args_done(in, a) ? NULL : kr_str(in, acc[k][1], strlen(acc[k][1]));
        return kr_error(in, a->line, "the metric %s is not supported (nnviz reports loss and "
                                     "accuracy)", cls);
    }
    return kr_error(in, a->line, "%s is not supported (outside the Keras subset nnviz runs)", path);
}
