/* kr_interp.c - runs a parsed Keras program statement by statement: names,
 * imports, assignments (tuples too), calls and Python's builtins. Keras
 * objects live in kr_keras.c, NumPy in kr_numpy.c and kr_array.c, printing
 * in kr_print.c. The first problem stops the run with one line naming the
 * file and line. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keras/kr_internal.h"

/* ---- messages -------------------------------------------------------------- */

kr_Value *kr_error(kr_Interp *in, int line, const char *fmt, ...)
{
    if (in->err[0])
        return NULL; /* the first problem is the one reported */
    int k = snprintf(in->err, in->err_len, "%s:%d: ", in->file, line);
    if (k >= 0 && (size_t)k < in->err_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(in->err + k, in->err_len - (size_t)k, fmt, ap);
        va_end(ap);
    }
    for (char *c = in->err; *c; c++)
        if (*c == '\n')
            *c = ' ';
    return NULL;
}

void kr_note(kr_Interp *in, int line, const char *fmt, ...)
{
    FILE *f = in->opt->notes ? in->opt->notes : stderr;
    fprintf(f, "%s:%d: ", in->file, line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fflush(f);
}

/* ---- values ---------------------------------------------------------------- */

kr_Value *kr_new(kr_Interp *in, kr_Kind kind)
{
    kr_Value *v = kr_arena_alloc(in->arena, sizeof *v);
    if (!v)
        return kr_error(in, in->line, "out of memory");
    v->kind = kind;
    return v;
}

kr_Value *kr_num(kr_Interp *in, kr_Kind kind, double x)
{
    kr_Value *v = kr_new(in, kind);
    if (v)
        v->num = x;
    return v;
}

kr_Value *kr_str(kr_Interp *in, const char *s, size_t len)
{
    kr_Value *v = kr_new(in, KV_STR);
    if (v && !(v->s = kr_arena_strdup(in->arena, s, len)))
        return kr_error(in, in->line, "out of memory");
    if (v)
        v->len = len;
    return v;
}

kr_Value *kr_seq(kr_Interp *in, kr_Kind kind, int n)
{
    kr_Value *v = kr_new(in, kind);
    if (v && n > 0 && !(v->items = kr_arena_alloc(in->arena, (size_t)n * sizeof *v->items)))
        return kr_error(in, in->line, "out of memory");
    if (v)
        v->n = n;
    return v;
}

int kr_is_num(const kr_Value *v)
{
    return v && (v->kind == KV_INT || v->kind == KV_FLOAT || v->kind == KV_BOOL);
}

const char *kr_type_name(const kr_Value *v)
{
    static const char *const names[] = {
        "None", "bool", "int", "float", "str", "tuple", "list", "numpy.ndarray", "module",
        "method", "layer", "model", "optimizer", "loss", "initializer", "regularizer",
        "History", "dict", "function"};
    return v ? names[v->kind] : "nothing";
}

int kr_to_double(kr_Interp *in, const kr_Value *v, int line, const char *what, double *out)
{
    if (kr_is_num(v)) {
        *out = v->num;
        return 0;
    }
    if (v && v->kind == KV_ARRAY && v->arr->size == 1) {
        *out = kr_at(v->arr, 0);
        return 0;
    }
    kr_error(in, line, "%s must be a number, not %s", what, kr_type_name(v));
    return -1;
}

int kr_to_int(kr_Interp *in, const kr_Value *v, int line, const char *what, long long *out)
{
    double d;
    if (v && v->kind == KV_FLOAT) {
        kr_error(in, line, "%s must be a whole number, not a float", what);
        return -1;
    }
    if (kr_to_double(in, v, line, what, &d))
        return -1;
    if (d != floor(d) || fabs(d) > 1e15) {
        kr_error(in, line, "%s must be a whole number", what);
        return -1;
    }
    *out = (long long)d;
    return 0;
}

/* ---- arguments ------------------------------------------------------------- */

kr_Value *kr_arg(kr_Args *a, int pos, const char *kw)
{
    if (pos >= 0 && pos < a->n) {
        a->used_pos |= 1u << pos;
        return a->pos[pos];
    }
    for (int k = 0; kw && k < a->nk; k++)
        if (strcmp(a->kw[k], kw) == 0) {
            a->used_kw |= 1u << k;
            return a->kv[k];
        }
    return NULL;
}

int kr_args_done(kr_Interp *in, kr_Args *a)
{
    for (int k = 0; k < a->nk; k++)
        if (!(a->used_kw & 1u << k)) {
            kr_error(in, a->line, "%s: the argument %s= is not supported (outside the Keras "
                                  "subset nnviz runs)", a->what, a->kw[k]);
            return -1;
        }
    for (int k = 0; k < a->n; k++)
        if (!(a->used_pos & 1u << k)) {
            kr_error(in, a->line, "%s: too many positional arguments (%d)", a->what, a->n);
            return -1;
        }
    return 0;
}

/* ---- names ------------------------------------------------------------------ */

int kr_set_var(kr_Interp *in, const char *name, kr_Value *v)
{
    for (int k = 0; k < in->n_vars; k++)
        if (strcmp(in->vars[k].name, name) == 0) {
            in->vars[k].value = v;
            return 0;
        }
    if (in->n_vars == in->cap_vars) {
        int cap = in->cap_vars ? in->cap_vars * 2 : 64;
        kr_Var *vars = realloc(in->vars, (size_t)cap * sizeof *vars);
        if (!vars) {
            kr_error(in, in->line, "out of memory");
            return -1;
        }
        in->vars = vars, in->cap_vars = cap;
    }
    in->vars[in->n_vars].name = name;
    in->vars[in->n_vars++].value = v;
    return 0;
}

kr_Value *kr_lookup(kr_Interp *in, const char *name)
{
    for (int k = 0; k < in->n_vars; k++)
        if (strcmp(in->vars[k].name, name) == 0)
            return in->vars[k].value;
    return NULL;
}

static const char *const builtins[] = {"print", "len", "int", "float", "str", "round", "abs",
                                       "list", "tuple", "max", "min", "sum", "range", "bool",
                                       "type"};

/* A dotted module path as the bridge knows it: tensorflow.keras -> keras,
 * tensorflow -> tf, numpy -> np, matplotlib.pyplot -> plt. */
static void canonical(const char *path, char *out, size_t n)
{
    static const struct { const char *from, *to; } map[] = {
        {"tensorflow.python.keras", "keras"}, {"tensorflow.keras", "keras"},
        {"tf.keras", "keras"}, {"tensorflow", "tf"}, {"numpy", "np"},
        {"matplotlib.pyplot", "plt"}, {"pylab", "plt"}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        size_t l = strlen(map[k].from);
        if (strncmp(path, map[k].from, l) == 0 && (path[l] == '\0' || path[l] == '.')) {
            snprintf(out, n, "%s%s", map[k].to, path + l);
            return;
        }
    }
    snprintf(out, n, "%s", path);
}

static int known_module(const char *module)
{
    static const char *const roots[] = {"numpy", "tensorflow", "keras", "matplotlib", "pylab"};
    for (size_t k = 0; k < sizeof roots / sizeof roots[0]; k++) {
        size_t l = strlen(roots[k]);
        if (strncmp(module, roots[k], l) == 0 && (module[l] == '\0' || module[l] == '.'))
            return 1;
    }
    return 0;
}

static kr_Value *ref(kr_Interp *in, const char *path)
{
    kr_Value *v = kr_new(in, KV_REF);
    if (v && !(v->s = kr_arena_strdup(in->arena, path, strlen(path))))
        return kr_error(in, in->line, "out of memory");
    return v;
}

static int do_import(kr_Interp *in, kr_Stmt *st)
{
    if (!strcmp(st->module, "__future__"))
        return 0; /* Python 2 compatibility: nothing to do in Python 3 */
    if (!known_module(st->module)) {
        kr_error(in, st->line, "the module '%s' is not supported (nnviz runs Keras programs "
                               "using numpy, tensorflow/keras and matplotlib)", st->module);
        return -1;
    }
    if (st->kind == KS_IMPORT) {
        if (st->alias)
            return kr_set_var(in, st->alias, ref(in, st->module));
        char first[256];
        snprintf(first, sizeof first, "%s", st->module);
        char *dot = strchr(first, '.');
        if (dot)
            *dot = '\0';
        const char *name = kr_arena_strdup(in->arena, first, strlen(first));
        return name ? kr_set_var(in, name, ref(in, first)) : -1;
    }
    if (st->n_names < 0) {
        kr_error(in, st->line, "'from %s import *' is not supported (import the names you use)",
                 st->module);
        return -1;
    }
    for (int k = 0; k < st->n_names; k++) {
        char path[600];
        snprintf(path, sizeof path, "%s.%s", st->module, st->names[k]);
        if (kr_set_var(in, st->aliases[k] ? st->aliases[k] : st->names[k], ref(in, path)))
            return -1;
    }
    return 0;
}

/* ---- expressions ------------------------------------------------------------- */

static kr_Value *eval(kr_Interp *in, kr_Node *n);

static kr_Value *eval_fstring(kr_Interp *in, kr_Node *n)
{
    kr_Buf b = {0};
    for (int k = 0; k < n->n; k++) {
        kr_Node *part = n->items[k];
        if (part->kind == KN_STR) {
            kr_buf_put(&b, part->str, part->len);
            continue;
        }
        kr_Value *v = eval(in, part->a);
        if (!v) {
            free(b.s);
            return NULL;
        }
        if (part->op == 'r' || part->op == 'a') {
            kr_Buf r = {0};
            kr_str_of(&r, v, 1);
            v = kr_str(in, r.s ? r.s : "", r.n);
            free(r.s);
            if (!v) {
                free(b.s);
                return NULL;
            }
        }
        char why[160];
        if (kr_format(&b, v, part->str, why, sizeof why) != 0) {
            free(b.s);
            return kr_error(in, part->line, "f-string: %s", why);
        }
    }
    if (b.oom) {
        free(b.s);
        return kr_error(in, n->line, "out of memory");
    }
    kr_Value *v = kr_str(in, b.s ? b.s : "", b.n);
    free(b.s);
    return v;
}

static kr_Value *call(kr_Interp *in, kr_Value *fn, kr_Args *a);

static kr_Value *eval_call(kr_Interp *in, kr_Node *n)
{
    kr_Value *fn = eval(in, n->a);
    if (!fn)
        return NULL;
    if (n->n > 32)
        return kr_error(in, n->line, "more than 32 arguments in one call are not supported");
    kr_Args a;
    memset(&a, 0, sizeof a);
    a.line = n->line;
    kr_Value *pos[32], *kv[32];
    char *kw[32];
    a.pos = pos, a.kv = kv, a.kw = kw;
    for (int k = 0; k < n->n; k++) {
        kr_Value *v = eval(in, n->items[k]);
        if (!v)
            return NULL;
        if (n->names[k]) {
            for (int j = 0; j < a.nk; j++)
                if (strcmp(kw[j], n->names[k]) == 0)
                    return kr_error(in, n->line, "syntax error: keyword argument repeated: %s",
                                    n->names[k]);
            kw[a.nk] = n->names[k];
            kv[a.nk++] = v;
        } else {
            pos[a.n++] = v;
        }
    }
    in->line = n->line;
    return call(in, fn, &a);
}

static kr_Value *eval_attr(kr_Interp *in, kr_Node *n)
{
    kr_Value *base = eval(in, n->a);
    if (!base)
        return NULL;
    if (base->kind == KV_REF) {
        char path[600];
        snprintf(path, sizeof path, "%s.%s", base->s, n->str);
        return ref(in, path);
    }
    if (base->kind == KV_ARRAY) {
        kr_Value *v = kr_array_attr(in, base, n->str, n->line);
        if (v || in->err[0])
            return v;
    }
    if (base->kind == KV_HISTORY && strcmp(n->str, "history") == 0) {
        kr_Value *d = kr_new(in, KV_HISTDICT);
        if (d)
            d->hist = base->hist;
        return d;
    }
    if (base->kind == KV_HISTORY && strcmp(n->str, "epoch") == 0) {
        kr_Value *l = kr_seq(in, KV_LIST, base->hist->n);
        for (int k = 0; l && k < base->hist->n; k++)
            if (!(l->items[k] = kr_num(in, KV_INT, k)))
                return NULL;
        return l;
    }
    if (base->kind == KV_MODEL || base->kind == KV_ARRAY || base->kind == KV_HISTDICT ||
        base->kind == KV_LIST || base->kind == KV_STR) {
        kr_Value *m = kr_new(in, KV_METHOD);
        if (m) {
            m->self = base;
            m->s = n->str;
        }
        return m;
    }
    return kr_error(in, n->line, "'%s' has no attribute '%s' that nnviz knows", kr_type_name(base),
                    n->str);
}

kr_Value *kr_eval(kr_Interp *in, kr_Node *n)
{
    return eval(in, n);
}

static kr_Value *eval(kr_Interp *in, kr_Node *n)
{
    if (in->err[0])
        return NULL;
    in->line = n->line;
    switch (n->kind) {
    case KN_NUM:
        return kr_num(in, n->is_int ? KV_INT : KV_FLOAT, n->num);
    case KN_STR:
        return kr_str(in, n->str, n->len);
    case KN_FSTR:
        return eval_fstring(in, n);
    case KN_FIELD:
        return eval(in, n->a);
    case KN_CONST:
        if (n->op == 'N')
            return kr_new(in, KV_NONE);
        if (n->op == 'E')
            return kr_error(in, n->line, "'...' is not supported (outside the Keras subset nnviz runs)");
        return kr_num(in, KV_BOOL, n->op == 'T');
    case KN_NAME: {
        kr_Value *v = kr_lookup(in, n->str);
        if (v)
            return v;
        for (size_t k = 0; k < sizeof builtins / sizeof builtins[0]; k++)
            if (strcmp(n->str, builtins[k]) == 0) {
                char path[64];
                snprintf(path, sizeof path, "builtins.%s", n->str);
                return ref(in, path);
            }
        if (!strcmp(n->str, "x_train") || !strcmp(n->str, "y_train") ||
            !strcmp(n->str, "x_test") || !strcmp(n->str, "y_test"))
            return kr_bind_default_data(in, n->str, n->line);
        return kr_error(in, n->line, "name '%s' is not defined", n->str);
    }
    case KN_ATTR:
        return eval_attr(in, n);
    case KN_CALL:
        return eval_call(in, n);
    case KN_INDEX: {
        kr_Value *v = eval(in, n->a);
        return v ? kr_index(in, v, n->b, n->line) : NULL;
    }
    case KN_SLICE:
        return kr_error(in, n->line, "syntax error: a slice outside brackets");
    case KN_TUPLE:
    case KN_LIST: {
        kr_Value *v = kr_seq(in, n->kind == KN_TUPLE ? KV_TUPLE : KV_LIST, n->n);
        for (int k = 0; v && k < n->n; k++)
            if (!(v->items[k] = eval(in, n->items[k])))
                return NULL;
        return v;
    }
    case KN_BINOP: {
        kr_Value *a = eval(in, n->a), *b = a ? eval(in, n->b) : NULL;
        return b ? kr_binop(in, n->op, a, b, n->line) : NULL;
    }
    case KN_CMP: {
        kr_Value *a = eval(in, n->a), *b = a ? eval(in, n->b) : NULL;
        return b ? kr_compare(in, n->op, a, b, n->line) : NULL;
    }
    case KN_UNARY: {
        kr_Value *a = eval(in, n->a);
        if (!a || n->op == '+')
            return a;
        kr_Value *minus_one = kr_num(in, KV_INT, -1); /* -0.0 stays -0.0 */
        return minus_one ? kr_binop(in, '*', minus_one, a, n->line) : NULL;
    }
    }
    return kr_error(in, n->line, "syntax error");
}

/* ---- builtins ---------------------------------------------------------------- */

static kr_Value *builtin(kr_Interp *in, const char *fn, kr_Args *a)
{
    if (!strcmp(fn, "print")) {
        kr_Value *sep = NULL, *end = NULL;
        for (int k = 0; k < a->nk; k++) {
            if (!strcmp(a->kw[k], "sep")) sep = a->kv[k], a->used_kw |= 1u << k;
            else if (!strcmp(a->kw[k], "end")) end = a->kv[k], a->used_kw |= 1u << k;
            else if (!strcmp(a->kw[k], "flush")) a->used_kw |= 1u << k;
        }
        a->used_pos = ~0u;
        if (kr_args_done(in, a))
            return NULL;
        kr_Buf b = {0};
        for (int k = 0; k < a->n; k++) {
            if (k) {
                if (sep && sep->kind == KV_STR) kr_buf_put(&b, sep->s, sep->len);
                else kr_buf_put(&b, " ", 1);
            }
            kr_str_of(&b, a->pos[k], 0);
        }
        if (end && end->kind == KV_STR) kr_buf_put(&b, end->s, end->len);
        else kr_buf_put(&b, "\n", 1);
        if (b.oom) {
            free(b.s);
            return kr_error(in, a->line, "out of memory");
        }
        fwrite(b.s, 1, b.n, in->out);
        fflush(in->out);
        free(b.s);
        return kr_new(in, KV_NONE);
    }
    kr_Value *x = kr_arg(a, 0, NULL);
    if (!strcmp(fn, "len")) {
        if (kr_args_done(in, a))
            return NULL;
        if (x && (x->kind == KV_LIST || x->kind == KV_TUPLE))
            return kr_num(in, KV_INT, x->n);
        if (x && x->kind == KV_STR)
            return kr_num(in, KV_INT, (double)x->len);
        if (x && x->kind == KV_ARRAY && x->arr->ndim > 0)
            return kr_num(in, KV_INT, x->arr->shape[0]);
        return kr_error(in, a->line, "len() of %s is not supported", kr_type_name(x));
    }
    if (!strcmp(fn, "str")) {
        if (kr_args_done(in, a))
            return NULL;
        kr_Buf b = {0};
        if (x)
            kr_str_of(&b, x, 0);
        kr_Value *v = kr_str(in, b.s ? b.s : "", b.n);
        free(b.s);
        return v;
    }
    if (!strcmp(fn, "int") || !strcmp(fn, "float") || !strcmp(fn, "abs") || !strcmp(fn, "bool")) {
        if (kr_args_done(in, a))
            return NULL;
        double d = 0;
        if (x && x->kind == KV_STR) {
            char *end;
            d = strtod(x->s, &end);
            if (end == x->s)
                return kr_error(in, a->line, "%s(): invalid literal '%s'", fn, x->s);
        } else if (x && kr_to_double(in, x, a->line, fn, &d)) {
            return NULL;
        }
        if (!strcmp(fn, "int")) return kr_num(in, KV_INT, trunc(d));
        if (!strcmp(fn, "bool")) return kr_num(in, KV_BOOL, d != 0);
        if (!strcmp(fn, "abs")) return kr_num(in, x && x->kind == KV_INT ? KV_INT : KV_FLOAT, fabs(d));
        return kr_num(in, KV_FLOAT, d);
    }
    if (!strcmp(fn, "round")) {
        kr_Value *nd = kr_arg(a, 1, "ndigits");
        if (kr_args_done(in, a))
            return NULL;
        double d;
        long long digits = 0;
        if (kr_to_double(in, x, a->line, "round()", &d) ||
            (nd && kr_to_int(in, nd, a->line, "ndigits", &digits)))
            return NULL;
        if (digits < -300 || digits > 300)
            return kr_error(in, a->line, "round(): ndigits out of range");
        double s = pow(10.0, (double)digits), r = nearbyint(d * s) / s;
        return kr_num(in, nd ? KV_FLOAT : KV_INT, r);
    }
    if (!strcmp(fn, "list") || !strcmp(fn, "tuple")) {
        if (kr_args_done(in, a))
            return NULL;
        kr_Kind kind = fn[0] == 'l' ? KV_LIST : KV_TUPLE;
        if (!x)
            return kr_seq(in, kind, 0);
        if (x->kind == KV_LIST || x->kind == KV_TUPLE) {
            kr_Value *v = kr_seq(in, kind, x->n);
            if (v && x->n)
                memcpy(v->items, x->items, (size_t)x->n * sizeof *v->items);
            return v;
        }
        if (x->kind == KV_ARRAY && x->arr->ndim == 1) {
            kr_Value *v = kr_seq(in, kind, x->arr->shape[0]);
            for (int k = 0; v && k < v->n; k++)
                if (!(v->items[k] = kr_num(in, x->arr->is_int ? KV_INT : KV_FLOAT, kr_at(x->arr, (size_t)k))))
                    return NULL;
            return v;
        }
        return kr_error(in, a->line, "%s() of %s is not supported", fn, kr_type_name(x));
    }
    if (!strcmp(fn, "max") || !strcmp(fn, "min") || !strcmp(fn, "sum")) {
        a->used_pos = ~0u;
        if (kr_args_done(in, a))
            return NULL;
        if (a->n == 1 && x->kind == KV_ARRAY)
            return kr_reduce(in, fn, x, NULL, a->line);
        kr_Value **items = a->pos;
        int n = a->n;
        if (a->n == 1 && (x->kind == KV_LIST || x->kind == KV_TUPLE))
            items = x->items, n = x->n;
        if (n == 0 && fn[1] != 'u')
            return kr_error(in, a->line, "%s() arg is an empty sequence", fn);
        double acc = fn[1] == 'u' ? 0 : 0;
        int all_int = 1;
        for (int k = 0; k < n; k++) {
            double d;
            if (kr_to_double(in, items[k], a->line, fn, &d))
                return NULL;
            all_int &= items[k]->kind == KV_INT || items[k]->kind == KV_BOOL;
            if (fn[1] == 'u') acc += d;
            else if (k == 0 || (fn[1] == 'a' ? d > acc : d < acc)) acc = d;
        }
        return kr_num(in, all_int ? KV_INT : KV_FLOAT, acc);
    }
    return kr_error(in, a->line, "%s() is not supported (outside the Keras subset nnviz runs)", fn);
}

static kr_Value *call(kr_Interp *in, kr_Value *fn, kr_Args *a)
{
    char what[700];
    if (fn->kind == KV_METHOD) {
        snprintf(what, sizeof what, "%s()", fn->s);
        a->what = what;
        kr_Value *self = fn->self;
        if (self->kind == KV_MODEL)
            return kr_model_method(in, self, fn->s, a);
        if (self->kind == KV_ARRAY)
            return kr_array_method(in, self, fn->s, a);
        if (self->kind == KV_LIST && !strcmp(fn->s, "append"))
            return kr_error(in, a->line, "list.append() is not supported (build the list at once)");
        return kr_error(in, a->line, "%s.%s() is not supported (outside the Keras subset nnviz "
                                     "runs)", kr_type_name(self), fn->s);
    }
    if (fn->kind == KV_MODEL) {
        snprintf(what, sizeof what, "model()");
        a->what = what;
        kr_Value *x = kr_arg(a, 0, "inputs");
        kr_Value *training = kr_arg(a, -1, "training");
        (void)training;
        if (!x)
            return kr_error(in, a->line, "model(): needs the input array");
        if (kr_args_done(in, a))
            return NULL;
        return kr_model_predict(in, fn->model, x, a->line);
    }
    if (fn->kind == KV_LOSS) {
        snprintf(what, sizeof what, "loss()");
        a->what = what;
        return kr_loss_call(in, fn->loss, a);
    }
    if (fn->kind == KV_FUNC)
        return kr_error(in, a->line, "calling a function defined in the program (line %.0f) is "
                                     "not supported (nnviz runs straight-line Keras programs)",
                        fn->num);
    if (fn->kind != KV_REF)
        return kr_error(in, a->line, "'%s' object is not callable", kr_type_name(fn));
    char path[600];
    canonical(fn->s, path, sizeof path);
    const char *last = strrchr(path, '.');
    last = last ? last + 1 : path;
    snprintf(what, sizeof what, "%s()", path);
    a->what = what;
    if (!strncmp(path, "builtins.", 9))
        return builtin(in, path + 9, a);
    if (!strncmp(path, "np.", 3))
        return kr_call_numpy(in, path + 3, a);
    if (!strncmp(path, "plt.", 4))
        return kr_call_plot(in, path + 4, a);
    if (!strncmp(path, "matplotlib.", 11))
        return kr_error(in, a->line, "%s is not supported (use matplotlib.pyplot as plt)", path);
    if (!strncmp(path, "keras.", 6) || !strcmp(path, "keras"))
        return kr_call_keras(in, path, last, a);
    if (!strcmp(path, "tf.random.set_seed")) {
        long long s;
        kr_Value *v = kr_arg(a, 0, "seed");
        if (kr_args_done(in, a) || !v || kr_to_int(in, v, a->line, "seed", &s))
            return v ? NULL : kr_error(in, a->line, "%s: needs a seed", what);
        in->tf_seed = (uint64_t)s;
        return kr_new(in, KV_NONE);
    }
    if (!strcmp(path, "tf.nn.softmax") || !strcmp(path, "tf.math.softmax"))
        return kr_call_numpy(in, "softmax", a);
    if (!strcmp(path, "tf.argmax") || !strcmp(path, "tf.math.argmax"))
        return kr_call_numpy(in, "argmax", a);
    return kr_error(in, a->line, "%s is not supported (outside the Keras subset nnviz runs)", path);
}

/* ---- statements ----------------------------------------------------------------- */

static int assign(kr_Interp *in, kr_Node *target, kr_Value *v)
{
    if (target->kind == KN_NAME)
        return kr_set_var(in, target->str, v);
    if (target->kind == KN_TUPLE || target->kind == KN_LIST) {
        int n = -1;
        if (v->kind == KV_TUPLE || v->kind == KV_LIST)
            n = v->n;
        else if (v->kind == KV_ARRAY && v->arr->ndim >= 1)
            n = v->arr->shape[0];
        if (n < 0) {
            kr_error(in, target->line, "cannot unpack %s into %d names", kr_type_name(v), target->n);
            return -1;
        }
        if (n != target->n) {
            kr_error(in, target->line, "%s to unpack (expected %d, got %d)",
                     n > target->n ? "too many values" : "not enough values", target->n, n);
            return -1;
        }
        for (int k = 0; k < n; k++) {
            kr_Value *item = v->kind == KV_ARRAY ? NULL : v->items[k];
            if (!item) {
                kr_Node idx = {.kind = KN_NUM, .line = target->line, .is_int = 1, .num = k};
                if (!(item = kr_index(in, v, &idx, target->line)))
                    return -1;
            }
            if (assign(in, target->items[k], item))
                return -1;
        }
        return 0;
    }
    kr_error(in, target->line, "assigning into %s is not supported (assign to a plain name)",
             target->kind == KN_ATTR ? "an attribute" : "an element");
    return -1;
}

static int run(kr_Interp *in, kr_Program *p)
{
    for (int k = 0; k < p->n_stmts && !in->stopped; k++) {
        kr_Stmt *st = &p->stmts[k];
        in->line = st->line;
        kr_Value *v;
        switch (st->kind) {
        case KS_PASS:
            break;
        case KS_DEF:
            if (!(v = kr_new(in, KV_FUNC)))
                return -1;
            v->s = st->alias;
            v->num = st->line;
            if (kr_set_var(in, st->module, v))
                return -1;
            break;
        case KS_IMPORT:
        case KS_FROM:
            if (do_import(in, st))
                return -1;
            break;
        case KS_EXPR:
            if (!eval(in, st->value))
                return in->stopped ? 0 : -1;
            break;
        case KS_ASSIGN:
            if (!(v = eval(in, st->value)))
                return in->stopped ? 0 : -1;
            for (int t = 0; t < st->n_targets; t++)
                if (assign(in, st->targets[t], v))
                    return -1;
            break;
        case KS_AUG: {
            kr_Value *cur = eval(in, st->targets[0]);
            kr_Value *rhs = cur ? eval(in, st->value) : NULL;
            if (!rhs || !(v = kr_binop(in, st->op, cur, rhs, st->line)) ||
                assign(in, st->targets[0], v))
                return -1;
            break;
        }
        }
        if (in->err[0])
            return -1;
    }
    return 0;
}

int kr_run_text(const char *file, const char *text, size_t len, const kr_Options *opt,
                kr_Result *res, char *err, size_t err_len)
{
    kr_Options defaults = {0};
    if (!opt)
        opt = &defaults;
    if (res) {
        memset(res, 0, sizeof *res);
        res->loss = res->accuracy = NAN;
    }
    err[0] = '\0';
    kr_Program prog;
    if (kr_parse(&prog, file, text, len, err, err_len) != 0)
        return KR_ERR_PROGRAM;
    kr_Interp in;
    memset(&in, 0, sizeof in);
    in.arena = kr_arena_create();
    in.opt = opt;
    in.out = opt->out ? opt->out : stdout;
    in.file = prog.file;
    in.err = err, in.err_len = err_len;
    in.res = res;
    in.tf_seed = 42;     /* an unseeded program still runs the same every time */
    kr_mt_seed(&in.np, 0);
    int rc = KR_OK;
    if (!in.arena) {
        snprintf(err, err_len, "%s: out of memory", prog.file);
        rc = KR_ERR_PROGRAM;
    } else if (run(&in, &prog) != 0) {
        rc = strstr(err, "diverged") ? KR_ERR_DIVERGED : KR_ERR_PROGRAM;
        if (!err[0])
            snprintf(err, err_len, "%s:%d: the program failed", prog.file, in.line);
    }
    int last = in.n_models - 1;
    while (last >= 0 && in.models[last]->inner)
        last--; /* Sequential([model, Softmax()]) wraps the network, it is not one */
    if (res && last >= 0) {
        kr_Model *m = in.models[last];
        res->has_model = 1;
        res->logits = m->logits;
        if (m->m) {
            char e2[64];
            if (nn_model_clone(&res->model, m->m, e2, sizeof e2) != NN_OK)
                res->model = NULL;
        }
        nn_experiment_default(&res->spec);
        snprintf(res->spec.title, sizeof res->spec.title, "%.100s", prog.file);
        nn_Experiment *e = &res->spec;
        int nd = 0;
        for (int l = 0; l < m->n_layers; l++)
            if (m->layers[l]->kind == KL_DENSE)
                nd++;
        e->n_hidden = nd > 0 ? nd - 1 : 0;
        int h = 0;
        for (int l = 0; l < m->n_layers && nd > 0; l++) {
            kr_Layer *L = m->layers[l];
            if (L->kind != KL_DENSE)
                continue;
            if (h < nd - 1) {
                e->hidden[h] = L->units;
                e->hidden_act[h++] = L->act;
            } else {
                e->n_out = L->units;
                e->out_act = L->act;
            }
        }
        if (m->m)
            e->out_act = m->m->arch.act[m->m->arch.n_layers - 1];
        if (m->fit_batch) {
            e->batch_size = m->fit_batch;
            e->epochs = m->fit_epochs;
        }
        if (m->compiled) {
            e->opt = m->opt;
            e->loss = m->loss.loss;
        }
        if (m->m) {
            e->reg = m->m->reg;
            e->reg_rate = m->m->reg_rate;
            e->n_dropout = nn_model_has_dropout(m->m) ? m->m->arch.n_layers - 1 : 0;
            for (int l = 0; l + 1 < m->m->arch.n_layers; l++)
                e->dropout[l] = m->m->dropout[l];
            e->input_dropout = m->m->dropout_in;
        }
    }
    for (int k = 0; k < in.n_models; k++)
        kr_model_free(in.models[k]);
    for (int k = 0; k < in.n_buffers; k++)
        free(in.buffers[k]);
    free(in.buffers);
    free(in.vars);
    kr_arena_destroy(in.arena);
    kr_program_free(&prog);
    return rc;
}

int kr_run_file(const char *path, const kr_Options *opt, kr_Result *res, char *err,
                size_t err_len)
{
    if (res) {
        memset(res, 0, sizeof *res);
        res->loss = res->accuracy = NAN;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "%s: cannot open: %s", path, strerror(errno));
        return KR_ERR_PROGRAM;
    }
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    while (text) {
        size_t got = fread(text + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= (32u << 20))
            break; /* kr_parse refuses it by its size */
        char *t = realloc(text, cap *= 2);
        if (!t) {
            free(text);
            text = NULL;
        } else {
            text = t;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!text || bad) {
        free(text);
        snprintf(err, err_len, "%s: cannot read", path);
        return KR_ERR_PROGRAM;
    }
    int rc = kr_run_text(path, text, n, opt, res, err, err_len);
    free(text);
    return rc;
}

void kr_result_free(kr_Result *res)
{
    if (res) {
        nn_model_destroy(res->model);
        res->model = NULL;
        nn_dataset_destroy(res->train);
        nn_dataset_destroy(res->test);
        res->train = res->test = NULL;
    }
}
