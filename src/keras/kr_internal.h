/* kr_internal.h - what the Keras bridge's files share: values, arrays, the
 * interpreter's state and the helpers each part offers the others. Not a
 * public interface (see keras.h). */
#ifndef KR_INTERNAL_H
#define KR_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "engine/model.h"
#include "engine/optimizer.h"
#include "engine/rng.h"
#include "keras/keras.h"
#include "keras/kr_ast.h"

#define KR_MAX_DIM 4

/* A NumPy array: float32 values, or bytes with a scale (images straight
 * from an IDX file, so x / 255.0 costs nothing). Buffers belong to the
 * interpreter and live until it ends, so arrays can share them. */
typedef struct {
    int ndim;
    int shape[KR_MAX_DIM];
    size_t size;
    float *f;       /* (size) values, or NULL */
    uint8_t *u8;    /* (size) bytes, value = byte * scale, or NULL */
    float scale;
    int is_int;     /* integer dtype: printed without a point, / gives floats */
    int is_bool;    /* a comparison's result: printed True / False */
} kr_Array;

typedef enum {
    KV_NONE, KV_BOOL, KV_INT, KV_FLOAT, KV_STR, KV_TUPLE, KV_LIST, KV_ARRAY,
    KV_REF,      /* a module, class or function by its dotted path */
    KV_METHOD,   /* self.name, waiting for its call */
    KV_LAYER, KV_MODEL, KV_OPT, KV_LOSS, KV_INIT, KV_REG, KV_HISTORY, KV_HISTDICT,
    KV_FUNC      /* def in the program: s = its text, num = its line */
} kr_Kind;

/* Playground's half-squared loss as kr_export writes it; compile takes a
 * function with exactly this text as nnviz's half_squared loss. */
#define KR_HALF_SQUARED_NAME "half_squared_error"
#define KR_HALF_SQUARED_DEF                                                                  \
    "def half_squared_error(y_true, y_pred):\n"                                              \
    "    # Playground's loss: 1/2 (y - t)^2 summed over the outputs, mean over the batch\n"  \
    "    return 0.5 * keras.ops.sum(keras.ops.square(y_pred - y_true), axis=-1)"


typedef struct kr_Value kr_Value;

typedef enum { KL_DENSE, KL_FLATTEN, KL_INPUT, KL_DROPOUT, KL_SOFTMAX } kr_LayerKind;

typedef struct {
    int kind; /* 0 default, 'g' glorot_uniform, 'h' he_normal, 'u' uniform(lo,hi), 'c' constant, 'z' zeros */
    double a, b;
} kr_Init;

typedef struct {
    kr_LayerKind kind;
    int line;
    char name[64];
    int units;
    nn_Act act;
    int in_ndim;               /* input_shape / input_dim / shape given: dims, else 0 */
    int in_shape[KR_MAX_DIM];
    kr_Init kinit, binit;
    nn_Reg reg;
    float reg_rate;
    double rate;               /* dropout */
    int used;                  /* already in a model */
} kr_Layer;

typedef struct {
    nn_Loss loss;
    int from_logits;
} kr_LossSpec;

typedef struct {
    int line;                  /* where it was made (messages) */
    char name[64];
    kr_Layer *layers[64];
    int n_layers;
    int compiled, compile_line;
    nn_OptConfig opt;
    kr_LossSpec loss;
    char metric[64];           /* "" or the accuracy metric's printed name */
    nn_Model *m;               /* built: weights (owned) */
    nn_Optimizer *o;           /* compiled and built (owned) */
    int logits;                /* output is logits: predictions give z, not a */
    int fits;                  /* fit calls so far (each shuffles from its own stream) */
    int fit_batch;             /* the last fit's batch_size and epochs (0: no fit yet) */
    int64_t fit_epochs;
    void *inner;               /* Sequential([model, Softmax()]): the model wrapped (kr_Model *) */
} kr_Model;

typedef struct {
    int n;                     /* epochs recorded */
    double *loss, *acc, *val_loss, *val_acc; /* (n) each, NULL when not measured */
    char metric[64];
} kr_History;

struct kr_Value {
    kr_Kind kind;
    double num;                /* BOOL, INT, FLOAT */
    char *s;                   /* STR (len bytes), REF path, METHOD name */
    size_t len;
    kr_Value **items;          /* TUPLE, LIST */
    int n;
    kr_Array *arr;             /* ARRAY */
    kr_Value *self;            /* METHOD */
    kr_Layer *layer;
    kr_Model *model;
    nn_OptConfig *opt;
    kr_LossSpec *loss;
    kr_Init *init;
    nn_Reg reg;                /* KV_REG */
    float reg_rate;
    kr_History *hist;          /* HISTORY, HISTDICT */
};

typedef struct {
    uint32_t mt[624];
    int mti;
    int has_gauss;
    double gauss;
} kr_Mt;

typedef struct {
    const char *name;
    kr_Value *value;
} kr_Var;

/* Arguments of one call; a handler takes what it knows (kr_arg) and
 * kr_args_done refuses what is left. */
typedef struct {
    int line;
    const char *what;          /* "Dense()" for messages */
    int n;
    kr_Value **pos;
    int nk;
    char **kw;
    kr_Value **kv;
    unsigned used_pos, used_kw; /* bit masks (32 arguments at most) */
} kr_Args;

typedef struct kr_Interp {
    kr_Arena *arena;
    const kr_Options *opt;
    FILE *out;
    const char *file;
    char *err;
    size_t err_len;
    int line;
    kr_Var *vars;
    int n_vars, cap_vars;
    void **buffers;            /* every array buffer, freed at the end */
    int n_buffers, cap_buffers;
    size_t array_bytes;        /* bytes in buffers, capped */
    kr_Mt np;                  /* np.random's MT19937, seeded (0 until np.random.seed) */
    uint64_t tf_seed;          /* weights and batch order */
    kr_Model *models[16];      /* every model made, freed at the end */
    int n_models;
    int layer_count[5];        /* per kind, for Keras's default names */
    int model_count;
    int data_bound;
    int stopped;               /* stop_before_fit reached */
    kr_Result *res;
    kr_Figure fig;             /* the matplotlib figure being drawn */
    int plot_noted;            /* "plots are not drawn" said once */
} kr_Interp;

/* ---- kr_interp.c ---- */
kr_Value *kr_error(kr_Interp *in, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void kr_note(kr_Interp *in, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
kr_Value *kr_new(kr_Interp *in, kr_Kind kind);
kr_Value *kr_num(kr_Interp *in, kr_Kind kind, double v);
kr_Value *kr_str(kr_Interp *in, const char *s, size_t len);
kr_Value *kr_seq(kr_Interp *in, kr_Kind kind, int n);
kr_Value *kr_arg(kr_Args *a, int pos, const char *kw);
int kr_args_done(kr_Interp *in, kr_Args *a);
int kr_is_num(const kr_Value *v);
int kr_to_int(kr_Interp *in, const kr_Value *v, int line, const char *what, long long *out);
int kr_to_double(kr_Interp *in, const kr_Value *v, int line, const char *what, double *out);
const char *kr_type_name(const kr_Value *v);
kr_Value *kr_lookup(kr_Interp *in, const char *name);
kr_Value *kr_eval(kr_Interp *in, kr_Node *n);
int kr_set_var(kr_Interp *in, const char *name, kr_Value *v);

/* ---- kr_array.c ---- */
kr_Array *kr_array_new(kr_Interp *in, int ndim, const int *shape, int bytes);
/* An array of bytes that already exist: `bytes` (the shape's count, packed)
 * inside the malloc'd block `mem`, which the interpreter now owns and frees
 * with its other arrays. NULL (mem freed, the error set) on failure. */
kr_Array *kr_array_adopt(kr_Interp *in, int ndim, const int *shape, void *mem, uint8_t *bytes);
kr_Value *kr_array_value(kr_Interp *in, kr_Array *a);
float kr_at(const kr_Array *a, size_t i);
/* An array from a value: arrays as they are, numbers and nested lists made
 * into arrays. NULL after an error message. */
kr_Array *kr_as_array(kr_Interp *in, kr_Value *v, int line);
kr_Array *kr_to_float(kr_Interp *in, kr_Array *a); /* bytes as floats */
kr_Value *kr_binop(kr_Interp *in, int op, kr_Value *a, kr_Value *b, int line);
kr_Value *kr_compare(kr_Interp *in, int op, kr_Value *a, kr_Value *b, int line);
kr_Value *kr_index(kr_Interp *in, kr_Value *v, kr_Node *sub, int line);
kr_Value *kr_reshape(kr_Interp *in, kr_Array *a, kr_Args *args);
kr_Value *kr_array_method(kr_Interp *in, kr_Value *self, const char *name, kr_Args *args);
kr_Value *kr_array_attr(kr_Interp *in, kr_Value *self, const char *name, int line);
int kr_shape_arg(kr_Interp *in, kr_Value *v, int line, int *ndim, int *shape);

/* ---- kr_numpy.c ---- */
void kr_mt_seed(kr_Mt *m, uint32_t seed);
double kr_mt_double(kr_Mt *m);
kr_Value *kr_call_numpy(kr_Interp *in, const char *fn, kr_Args *args);
kr_Value *kr_reduce(kr_Interp *in, const char *fn, kr_Value *x, kr_Value *axis, int line);

/* ---- kr_npz.c ---- */
/* x_train, y_train, x_test, y_test from a Keras-cached mnist.npz into v[0..4). */
int kr_read_mnist_npz(kr_Interp *in, const char *path, int line, kr_Value **v);

/* ---- kr_plot.c ---- */
kr_Value *kr_call_plot(kr_Interp *in, const char *fn, kr_Args *args);

/* ---- kr_print.c ---- */
/* Appends str(v) (repr inside containers) to a growing buffer. */
typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} kr_Buf;
void kr_buf_put(kr_Buf *b, const char *s, size_t n);
void kr_buf_printf(kr_Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kr_str_of(kr_Buf *b, const kr_Value *v, int repr);
void kr_float_repr(char *out, size_t n, double v);
/* format(v, spec) as Python's; -1 with the reason in why for a bad spec. */
int kr_format(kr_Buf *b, const kr_Value *v, const char *spec, char *why, size_t why_len);
/* 'text %d %.2f' % values, as Python's printf-style formatting. */
kr_Value *kr_percent_format(kr_Interp *in, kr_Value *fmt, kr_Value *args, int line);

/* ---- kr_keras.c ---- */
kr_Value *kr_call_keras(kr_Interp *in, const char *path, const char *cls, kr_Args *args);
kr_Value *kr_model_method(kr_Interp *in, kr_Value *self, const char *name, kr_Args *args);
kr_Value *kr_model_predict(kr_Interp *in, kr_Model *md, kr_Value *x, int line);
kr_Value *kr_loss_call(kr_Interp *in, const kr_LossSpec *ls, kr_Args *a);
kr_Value *kr_bind_default_data(kr_Interp *in, const char *name, int line);
kr_Value *kr_load_data(kr_Interp *in, const char *which, kr_Args *args);
void kr_model_free(kr_Model *m);

#endif
