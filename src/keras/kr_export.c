/* kr_export.c - the reverse bridge: any network nnviz holds (a lesson, a
 * model file, a Keras program) written as a Keras program that TensorFlow
 * runs and nnviz reads back to the same network and weights. What Keras has
 * no name for becomes a few lines of helper code: Playground's half-squared
 * loss a small function, its input features NumPy columns; its uniform
 * initializer is Keras's RandomUniform(-0.5, 0.5) with Constant(0.1) biases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model_io.h"
#include "keras/kr_internal.h"

static void num(kr_Buf *b, double v)
{
    char t[40];
    /* the shortest digits that read back as the same float32, bit for bit */
    for (int p = 1; p <= 9; p++) {
        snprintf(t, sizeof t, "%.*g", p, v);
        if ((float)strtod(t, NULL) == (float)v)
            break;
    }
    if (!strpbrk(t, ".enN"))
        strcat(t, ".0");
    kr_buf_put(b, t, strlen(t));
}

/* rows x cols floats as np.array([...]) (cols 0: a flat vector) */
static void array_lit(kr_Buf *b, const float *v, int rows, int cols, int ints)
{
    kr_buf_put(b, "np.array([", 10);
    for (int i = 0; i < rows; i++) {
        if (i)
            kr_buf_put(b, cols ? ",\n    " : ", ", cols ? 6 : 2);
        if (cols)
            kr_buf_put(b, "[", 1);
        for (int j = 0; j < (cols ? cols : 1); j++) {
            if (j)
                kr_buf_put(b, ", ", 2);
            float x = v[(size_t)i * (cols ? cols : 1) + j];
            if (ints)
                kr_buf_printf(b, "%d", (int)x);
            else
                num(b, x);
        }
        if (cols)
            kr_buf_put(b, "]", 1);
    }
    kr_buf_put(b, "])", 2);
}

static const char *feature_expr(int bit)
{
    static const char *const e[] = {"P[:, 0]", "P[:, 1]", "P[:, 0] ** 2", "P[:, 1] ** 2",
                                    "P[:, 0] * P[:, 1]", "np.sin(P[:, 0])", "np.sin(P[:, 1])"};
    return bit >= 0 && bit < 7 ? e[bit] : "?";
}

/* One split: x_NAME (model inputs) and y_NAME (targets as the loss reads them). */
static int write_split(kr_Buf *b, const char *name, const nn_Dataset *d, const nn_Experiment *e,
                       int n_in, char *err, size_t err_len)
{
    int n = d->n, features = d->dim == 2 && e->data.features != 0;
    int n_out = e->n_out > 0 ? e->n_out : (d->task == NN_TASK_CLASSIFY && d->n_classes > 2 ? d->n_classes : d->task == NN_TASK_CLASSIFY ? 1 : d->n_targets);
    int tw = nn_loss_target_width(e->loss, n_out);
    int *idx = malloc((size_t)n * sizeof *idx);
    float *x = malloc((size_t)n * d->dim * sizeof *x), *t = malloc((size_t)n * tw * sizeof *t);
    if (!idx || !x || !t) {
        free(idx), free(x), free(t);
        snprintf(err, err_len, "out of memory for the data");
        return -1;
    }
    for (int i = 0; i < n; i++)
        idx[i] = i;
    nn_dataset_gather_x_cols(d, idx, n, x, 0, d->dim);
    nn_dataset_gather_targets(d, idx, n, e->loss, e->out_act, n_out, t);
    if (features) {
        kr_buf_printf(b, "P = ");
        array_lit(b, x, n, 2, 0);
        kr_buf_printf(b, "\nx_%s = np.column_stack([", name);
        int k = 0;
        for (int bit = 0; bit < 7; bit++)
            if (e->data.features & (1u << bit))
                kr_buf_printf(b, "%s%s", k++ ? ", " : "", feature_expr(bit));
        kr_buf_printf(b, "])\n");
    } else {
        kr_buf_printf(b, "x_%s = ", name);
        array_lit(b, x, n, d->dim, 0);
        kr_buf_put(b, "\n", 1);
    }
    (void)n_in;
    kr_buf_printf(b, "y_%s = ", name);
    int ints = e->loss == NN_LOSS_SPARSE_CCE;
    array_lit(b, t, n, tw == 1 ? 0 : tw, ints);
    kr_buf_put(b, "\n", 1);
    free(idx), free(x), free(t);
    return 0;
}

static void write_optimizer(kr_Buf *b, const nn_OptConfig *o)
{
    kr_buf_put(b, "keras.optimizers.", 17);
    switch (o->kind) {
    case NN_OPT_SGD:
    case NN_OPT_MOMENTUM:
    case NN_OPT_NESTEROV:
        kr_buf_printf(b, "SGD(learning_rate=");
        num(b, o->lr);
        if (o->kind != NN_OPT_SGD) {
            kr_buf_printf(b, ", momentum=");
            num(b, o->momentum);
        }
        if (o->kind == NN_OPT_NESTEROV)
            kr_buf_printf(b, ", nesterov=True");
        break;
    case NN_OPT_ADAGRAD:
        kr_buf_printf(b, "Adagrad(learning_rate=");
        num(b, o->lr);
        kr_buf_printf(b, ", initial_accumulator_value=");
        num(b, o->initial_accumulator);
        kr_buf_printf(b, ", epsilon=");
        num(b, o->epsilon);
        break;
    case NN_OPT_RMSPROP:
        kr_buf_printf(b, "RMSprop(learning_rate=");
        num(b, o->lr);
        kr_buf_printf(b, ", rho=");
        num(b, o->rho);
        kr_buf_printf(b, ", momentum=");
        num(b, o->momentum);
        kr_buf_printf(b, ", epsilon=");
        num(b, o->epsilon);
        break;
    case NN_OPT_ADAM:
    case NN_OPT_ADAMW:
    default:
        kr_buf_printf(b, "%s(learning_rate=", o->kind == NN_OPT_ADAMW ? "AdamW" : "Adam");
        num(b, o->lr);
        if (o->kind == NN_OPT_ADAMW) {
            kr_buf_printf(b, ", weight_decay=");
            num(b, o->weight_decay);
        }
        kr_buf_printf(b, ", beta_1=");
        num(b, o->beta1);
        kr_buf_printf(b, ", beta_2=");
        num(b, o->beta2);
        kr_buf_printf(b, ", epsilon=");
        num(b, o->epsilon);
        break;
    }
    kr_buf_put(b, ")", 1);
}

int kr_export(const char *out_path, const nn_Experiment *e, const nn_Model *m,
              const kr_ExportOptions *opt, char *err, size_t err_len)
{
    kr_ExportOptions none = {0};
    if (!opt)
        opt = &none;
    kr_Buf b = {0};
    const nn_Dataset *tr = opt->train, *te = opt->test;
    int n_in = m ? m->arch.sizes[0] : tr ? nn_dataset_input_width(tr, e->data.features) : 0;
    if (n_in < 1) {
        snprintf(err, err_len, "%s: the network's input size is not known (no data, no model)",
                 out_path);
        return -1;
    }
    int n_out = m ? m->arch.sizes[m->arch.n_layers] : e->n_out;
    if (n_out < 1 && tr)
        n_out = tr->task == NN_TASK_CLASSIFY ? (tr->n_classes > 2 || e->out_act == NN_ACT_SOFTMAX ? tr->n_classes : 1) : tr->n_targets;
    nn_Experiment ee = *e;
    ee.n_out = n_out;
    const char *src = opt->source ? strrchr(opt->source, '/') : NULL;
    src = src ? src + 1 : opt->source;
    kr_buf_printf(&b, "# A Keras program written by nnviz from %s: the network, its training\n"
                      "# settings%s%s. Runs with TensorFlow 2 (Keras 3) and in nnviz.\n",
                  src ? src : "a network", tr || e->data.kind == NN_SRC_IDX ? ", its data" : "",
                  opt->weights && m ? " and its exact weights" : "");
    kr_buf_printf(&b, "import numpy as np\nfrom tensorflow import keras\n\n");
    if (e->loss == NN_LOSS_HALF_SQUARED)
        kr_buf_printf(&b, "%s\n\n\n", KR_HALF_SQUARED_DEF);
    /* data */
    if (e->data.kind == NN_SRC_IDX) {
        kr_buf_printf(&b, "# Fashion-MNIST (nnviz reads Debian's copy), pixels scaled to 0..1\n"
                          "(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()\n");
        if (e->data.max_rows > 0)
            kr_buf_printf(&b, "x_train, y_train = x_train[:%d], y_train[:%d]\n", e->data.max_rows,
                          e->data.max_rows);
        kr_buf_printf(&b, "x_train = x_train.reshape(-1, 784) / 255.0\n"
                          "x_test = x_test.reshape(-1, 784) / 255.0\n");
        if (e->loss == NN_LOSS_CCE)
            kr_buf_printf(&b, "y_train = keras.utils.to_categorical(y_train, 10)\n"
                              "y_test = keras.utils.to_categorical(y_test, 10)\n");
        kr_buf_put(&b, "\n", 1);
    } else if (tr) {
        if (tr->dim == 2 && e->data.features)
            kr_buf_printf(&b, "# The data as nnviz made it (%s). P holds the raw points (x1, x2);\n"
                              "# Playground's input features are NumPy columns of them.\n",
                          tr->name);
        else
            kr_buf_printf(&b, "# The data as nnviz made it (%s)\n", tr->name);
        if (write_split(&b, "train", tr, &ee, n_in, err, err_len) ||
            (te && write_split(&b, "test", te, &ee, n_in, err, err_len))) {
            free(b.s);
            return -1;
        }
        kr_buf_put(&b, "\n", 1);
    } else {
        kr_buf_printf(&b, "# No data came with the network: x_train, y_train (and x_test, y_test)\n"
                          "# must be made before fit. nnviz binds them to data of the right shape.\n\n");
    }
    /* the network */
    const char *init = "";
    switch (e->init) {
    case NN_INIT_HE_NORMAL: init = ", kernel_initializer='he_normal'"; break;
    case NN_INIT_ZEROS: init = ", kernel_initializer='zeros'"; break;
    case NN_INIT_UNIFORM:
        init = ",\n                       kernel_initializer=keras.initializers.RandomUniform(-0.5, 0.5),"
               "\n                       bias_initializer=keras.initializers.Constant(0.1)";
        break;
    default: break;
    }
    char reg[96] = "";
    if (e->reg != NN_REG_NONE && e->reg_rate > 0)
        snprintf(reg, sizeof reg, ",\n                       kernel_regularizer=keras.regularizers.%s(%.9g)",
                 e->reg == NN_REG_L1 ? "l1" : "l2", (double)e->reg_rate);
    kr_buf_printf(&b, "model = keras.Sequential([\n    keras.Input(shape=(%d,)),\n", n_in);
    float rate_in = m ? m->dropout_in : e->input_dropout;
    if (rate_in > 0.0f) /* on the inputs: before the first Dense */
        kr_buf_printf(&b, "    keras.layers.Dropout(%.9g),\n", (double)rate_in);
    int L = m ? m->arch.n_layers : e->n_hidden + 1;
    for (int l = 0; l < L; l++) {
        int units = m ? m->arch.sizes[l + 1] : l < e->n_hidden ? e->hidden[l] : n_out;
        nn_Act act = m ? m->arch.act[l] : l < e->n_hidden ? e->hidden_act[l] : e->out_act;
        kr_buf_printf(&b, "    keras.layers.Dense(%d, activation='%s'%s%s),\n", units,
                      nn_act_name(act), init, reg);
        float rate = l + 1 >= L ? 0.0f : m ? m->dropout[l] : nn_experiment_dropout(e, l);
        if (rate > 0.0f) /* no weights: set_weights below lists the Dense layers' only */
            kr_buf_printf(&b, "    keras.layers.Dropout(%.9g),\n", (double)rate);
    }
    kr_buf_printf(&b, "])\n");
    const char *loss = e->loss == NN_LOSS_MSE ? "'mse'" : e->loss == NN_LOSS_BCE ? "'binary_crossentropy'"
                     : e->loss == NN_LOSS_CCE ? "'categorical_crossentropy'"
                     : e->loss == NN_LOSS_SPARSE_CCE ? "'sparse_categorical_crossentropy'"
                     : KR_HALF_SQUARED_NAME;
    int classify = e->loss == NN_LOSS_BCE || e->loss == NN_LOSS_CCE || e->loss == NN_LOSS_SPARSE_CCE;
    kr_buf_printf(&b, "model.compile(optimizer=");
    write_optimizer(&b, &e->opt);
    kr_buf_printf(&b, ",\n              loss=%s%s)\n", loss, classify ? ", metrics=['accuracy']" : "");
    if (e->opt.schedule.kind != NN_SCHED_CONSTANT)
        kr_buf_printf(&b, "# nnviz trained with a %s learning-rate schedule, which is not written "
                          "here: the rate stays constant\n", nn_sched_name(e->opt.schedule.kind));
    if (opt->weights && m) {
        kr_buf_printf(&b, "# The exact weights: kernel (inputs, units) and bias of each layer\n"
                          "model.set_weights([\n");
        for (int l = 0; l < m->arch.n_layers; l++) {
            kr_buf_put(&b, "    ", 4);
            array_lit(&b, m->W[l], m->arch.sizes[l], m->arch.sizes[l + 1], 0);
            kr_buf_put(&b, ",\n    ", 6);
            array_lit(&b, m->b[l], m->arch.sizes[l + 1], 0, 0);
            kr_buf_put(&b, ",\n", 2);
        }
        kr_buf_printf(&b, "])\n");
    }
    long long epochs = e->epochs > 0 ? (long long)e->epochs : 10;
    kr_buf_printf(&b, "model.summary()\n\nmodel.fit(x_train, y_train, epochs=%lld, batch_size=%d%s%s, "
                      "verbose=2)\n", epochs, e->batch_size, e->shuffle ? "" : ", shuffle=False",
                  te || e->data.kind == NN_SRC_IDX ? ", validation_data=(x_test, y_test)" : "");
    if (te || e->data.kind == NN_SRC_IDX)
        kr_buf_printf(&b, "model.evaluate(x_test, y_test, verbose=2)\n");
    if (b.oom) {
        free(b.s);
        snprintf(err, err_len, "%s: out of memory", out_path);
        return -1;
    }
    nn_Status st = nn_write_file_atomic(out_path, b.s, b.n, err, err_len);
    free(b.s);
    return st == NN_OK ? 0 : -1;
}
