/* kr_array.c - NumPy arrays for the Keras bridge: making them, arithmetic
 * with broadcasting, comparisons, indexing and slicing, reshape and the
 * few methods and attributes tutorials use. Values are float32 as in Keras;
 * images from IDX files stay bytes until an operation needs floats. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "big_alloc.h"
#include "keras/kr_internal.h"

#define MAX_ARRAY_BYTES ((size_t)1 << 30)

static size_t shape_size(int ndim, const int *shape)
{
    size_t n = 1;
    for (int d = 0; d < ndim; d++)
        n *= (size_t)shape[d];
    return n;
}

kr_Array *kr_array_new(kr_Interp *in, int ndim, const int *shape, int bytes)
{
    size_t size = shape_size(ndim, shape);
    for (int d = 0; d < ndim; d++)
        if (shape[d] < 0 || shape[d] > (1 << 26)) {
            kr_error(in, in->line, "array dimension %d is out of range", shape[d]);
            return NULL;
        }
    size_t bytes_needed = size * (bytes ? 1 : sizeof(float));
    size_t limit = in->opt->max_array_bytes ? in->opt->max_array_bytes : MAX_ARRAY_BYTES;
    if (size > ((size_t)1 << 31) || in->array_bytes + bytes_needed > limit) {
        kr_error(in, in->line, "arrays of more than %zu MiB in all are not supported", limit >> 20);
        return NULL;
    }
    kr_Array *a = kr_arena_alloc(in->arena, sizeof *a);
    if (in->n_buffers == in->cap_buffers) {
        int cap = in->cap_buffers ? in->cap_buffers * 2 : 64;
        void **b = realloc(in->buffers, (size_t)cap * sizeof *b);
        if (!b) {
            kr_error(in, in->line, "out of memory");
            return NULL;
        }
        in->buffers = b, in->cap_buffers = cap;
    }
    void *buf = nn_big_calloc(size ? size : 1, bytes ? 1 : sizeof(float));
    if (!a || !buf) {
        free(buf);
        kr_error(in, in->line, "out of memory for an array of %zu values", size);
        return NULL;
    }
    in->buffers[in->n_buffers++] = buf;
    in->array_bytes += bytes_needed;
    a->ndim = ndim;
    if (ndim)
        memcpy(a->shape, shape, (size_t)ndim * sizeof *shape);
    a->size = size;
    a->scale = 1.0f;
    if (bytes)
        a->u8 = buf;
    else
        a->f = buf;
    return a;
}

kr_Array *kr_array_adopt(kr_Interp *in, int ndim, const int *shape, void *mem, uint8_t *bytes)
{
    /* a one-byte array takes the usual path for its checks and its slot in
     * the buffer list; its block is then swapped for the adopted one */
    static const int one[KR_MAX_DIM] = {1, 1, 1, 1};
    kr_Array *a = kr_array_new(in, ndim, one, 1);
    size_t size = shape_size(ndim, shape);
    size_t limit = in->opt->max_array_bytes ? in->opt->max_array_bytes : MAX_ARRAY_BYTES;
    if (a && in->array_bytes + size > limit) {
        kr_error(in, in->line, "arrays of more than %zu MiB in all are not supported", limit >> 20);
        a = NULL;
    }
    if (!a) {
        free(mem);
        return NULL;
    }
    free(in->buffers[in->n_buffers - 1]);
    in->buffers[in->n_buffers - 1] = mem;
    in->array_bytes += size;
    memcpy(a->shape, shape, (size_t)ndim * sizeof *shape);
    a->size = size;
    a->u8 = bytes;
    return a;
}

kr_Value *kr_array_value(kr_Interp *in, kr_Array *a)
{
    if (!a)
        return NULL;
    kr_Value *v = kr_new(in, KV_ARRAY);
    if (v)
        v->arr = a;
    return v;
}

float kr_at(const kr_Array *a, size_t i)
{
    return a->f ? a->f[i] : (float)a->u8[i] * a->scale;
}

kr_Array *kr_to_float(kr_Interp *in, kr_Array *a)
{
    if (a->f)
        return a;
    kr_Array *r = kr_array_new(in, a->ndim, a->shape, 0);
    if (!r)
        return NULL;
    for (size_t i = 0; i < a->size; i++)
        r->f[i] = (float)a->u8[i] * a->scale;
    r->is_int = a->is_int;
    return r;
}

/* Nested lists of numbers (rectangular) become an array. */
static int list_shape(kr_Value *v, int depth, int *ndim, int *shape)
{
    if (v->kind != KV_LIST && v->kind != KV_TUPLE && v->kind != KV_ARRAY) {
        if (!kr_is_num(v))
            return -1;
        if (*ndim < 0)
            *ndim = depth;
        return *ndim == depth ? 0 : -1;
    }
    if (v->kind == KV_ARRAY) {
        if (*ndim < 0) {
            if (depth + v->arr->ndim > KR_MAX_DIM)
                return -1;
            *ndim = depth + v->arr->ndim;
            for (int d = 0; d < v->arr->ndim; d++)
                shape[depth + d] = v->arr->shape[d];
            return 0;
        }
        if (*ndim != depth + v->arr->ndim)
            return -1;
        for (int d = 0; d < v->arr->ndim; d++)
            if (shape[depth + d] != v->arr->shape[d])
                return -1;
        return 0;
    }
    if (depth >= KR_MAX_DIM)
        return -1;
    if (*ndim < 0 || depth < *ndim) {
        if (shape[depth] == -1)
            shape[depth] = v->n;
        else if (shape[depth] != v->n)
            return -1;
    }
    if (v->n == 0) {
        if (*ndim < 0)
            *ndim = depth + 1;
        return *ndim == depth + 1 ? 0 : -1;
    }
    for (int k = 0; k < v->n; k++)
        if (list_shape(v->items[k], depth + 1, ndim, shape))
            return -1;
    return 0;
}

static void list_fill(kr_Value *v, float *out, size_t *pos, int *all_int)
{
    if (v->kind == KV_LIST || v->kind == KV_TUPLE) {
        for (int k = 0; k < v->n; k++)
            list_fill(v->items[k], out, pos, all_int);
    } else if (v->kind == KV_ARRAY) {
        for (size_t i = 0; i < v->arr->size; i++)
            out[(*pos)++] = kr_at(v->arr, i);
        *all_int &= v->arr->is_int;
    } else {
        out[(*pos)++] = (float)v->num;
        *all_int &= v->kind != KV_FLOAT;
    }
}

kr_Array *kr_as_array(kr_Interp *in, kr_Value *v, int line)
{
    if (v->kind == KV_ARRAY)
        return v->arr;
    int ndim = -1, shape[KR_MAX_DIM] = {-1, -1, -1, -1};
    if (list_shape(v, 0, &ndim, shape)) {
        kr_error(in, line, "expected a number array, got %s (nested lists must be rectangular, "
                           "of numbers, at most %d deep)", kr_type_name(v), KR_MAX_DIM);
        return NULL;
    }
    for (int d = 0; d < ndim; d++)
        if (shape[d] < 0)
            shape[d] = 0;
    kr_Array *a = kr_array_new(in, ndim, shape, 0);
    if (!a)
        return NULL;
    size_t pos = 0;
    int all_int = 1;
    list_fill(v, a->f, &pos, &all_int);
    a->is_int = all_int;
    return a;
}

/* ---- arithmetic --------------------------------------------------------------- */

static double apply(int op, double x, double y)
{
    switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case 'F': return floor(x / y);
    case '%': { double r = fmod(x, y); return r != 0 && ((r < 0) != (y < 0)) ? r + y : r; }
    case 'P': return pow(x, y);
    case '<': return x < y;
    case '>': return x > y;
    case 'L': return x <= y;
    case 'G': return x >= y;
    case '=': return x == y;
    case '!': return x != y;
    }
    return NAN;
}

static const char *op_text(int op)
{
    switch (op) {
    case 'F': return "//";
    case 'P': return "**";
    case 'L': return "<=";
    case 'G': return ">=";
    case '=': return "==";
    case '!': return "!=";
    case '+': return "+";
    case '-': return "-";
    case '*': return "*";
    case '/': return "/";
    case '%': return "%";
    case '@': return "@";
    case '<': return "<";
    case '>': return ">";
    }
    return "?";
}

/* Elementwise a op b with NumPy's broadcasting. */
static kr_Value *array_op(kr_Interp *in, int op, kr_Array *a, kr_Array *b, int line, int cmp)
{
    /* bytes times or over a number keep their bytes: x / 255.0 costs nothing */
    if (a->u8 && b->ndim == 0 && (op == '/' || op == '*') && kr_at(b, 0) != 0) {
        kr_Array *r = kr_arena_alloc(in->arena, sizeof *r);
        if (!r)
            return kr_error(in, line, "out of memory");
        *r = *a;
        r->scale = op == '/' ? a->scale / kr_at(b, 0) : a->scale * kr_at(b, 0);
        r->is_int = 0;
        return kr_array_value(in, r);
    }
    int nd = a->ndim > b->ndim ? a->ndim : b->ndim, shape[KR_MAX_DIM] = {0};
    int sa[KR_MAX_DIM], sb[KR_MAX_DIM];
    for (int d = 0; d < nd; d++) {
        int da = d - (nd - a->ndim), db = d - (nd - b->ndim);
        int x = da >= 0 ? a->shape[da] : 1, y = db >= 0 ? b->shape[db] : 1;
        if (x != y && x != 1 && y != 1) {
            char sha[64] = "", shb[64] = "";
            for (int k = 0; k < a->ndim; k++)
                snprintf(sha + strlen(sha), sizeof sha - strlen(sha), "%s%d", k ? "," : "", a->shape[k]);
            for (int k = 0; k < b->ndim; k++)
                snprintf(shb + strlen(shb), sizeof shb - strlen(shb), "%s%d", k ? "," : "", b->shape[k]);
            return kr_error(in, line, "operands could not be broadcast together with shapes "
                                      "(%s) (%s)", sha, shb);
        }
        shape[d] = x == 1 ? y : x; /* as NumPy: 1 stretches to 0 too */
        sa[d] = x, sb[d] = y;
    }
    kr_Array *r = kr_array_new(in, nd, shape, 0);
    if (!r)
        return NULL;
    size_t stride_a[KR_MAX_DIM], stride_b[KR_MAX_DIM], sta = 1, stb = 1;
    for (int d = nd - 1; d >= 0; d--) {
        stride_a[d] = sa[d] == 1 ? 0 : sta;
        stride_b[d] = sb[d] == 1 ? 0 : stb;
        sta *= (size_t)sa[d], stb *= (size_t)sb[d];
    }
    int idx[KR_MAX_DIM] = {0};
    size_t ia = 0, ib = 0;
    for (size_t i = 0; i < r->size; i++) {
        r->f[i] = (float)apply(op, kr_at(a, ia), kr_at(b, ib));
        for (int d = nd - 1; d >= 0; d--) {
            ia += stride_a[d], ib += stride_b[d];
            if (++idx[d] < shape[d])
                break;
            ia -= stride_a[d] * (size_t)shape[d], ib -= stride_b[d] * (size_t)shape[d];
            idx[d] = 0;
        }
    }
    r->is_int = cmp || (a->is_int && b->is_int && op != '/' && op != 'P');
    r->is_bool = cmp;
    return kr_array_value(in, r);
}

static kr_Value *matmul(kr_Interp *in, kr_Array *a, kr_Array *b, int line)
{
    if (a->ndim != 2 || b->ndim != 2 || a->shape[1] != b->shape[0])
        return kr_error(in, line, "matmul: the shapes do not fit (2-D arrays, columns of the "
                                  "first = rows of the second)");
    int shape[2] = {a->shape[0], b->shape[1]}, K = a->shape[1];
    kr_Array *r = kr_array_new(in, 2, shape, 0);
    if (!r)
        return NULL;
    for (int i = 0; i < shape[0]; i++)
        for (int j = 0; j < shape[1]; j++) {
            double s = 0;
            for (int k = 0; k < K; k++)
                s += (double)kr_at(a, (size_t)i * K + k) * kr_at(b, (size_t)k * shape[1] + j);
            r->f[(size_t)i * shape[1] + j] = (float)s;
        }
    return kr_array_value(in, r);
}

static kr_Value *concat(kr_Interp *in, kr_Value *a, kr_Value *b, kr_Kind kind)
{
    kr_Value *v = kr_seq(in, kind, a->n + b->n);
    if (v && a->n)
        memcpy(v->items, a->items, (size_t)a->n * sizeof *v->items);
    if (v && b->n)
        memcpy(v->items + a->n, b->items, (size_t)b->n * sizeof *v->items);
    return v;
}

kr_Value *kr_binop(kr_Interp *in, int op, kr_Value *a, kr_Value *b, int line)
{
    if (kr_is_num(a) && kr_is_num(b)) {
        int both_int = a->kind != KV_FLOAT && b->kind != KV_FLOAT;
        if ((op == '/' || op == 'F' || op == '%') && b->num == 0)
            return kr_error(in, line, "division by zero");
        if (op == '@')
            return kr_error(in, line, "'@' needs arrays");
        double r = apply(op, a->num, b->num);
        int int_result = both_int && op != '/' && !(op == 'P' && b->num < 0);
        return kr_num(in, int_result ? KV_INT : KV_FLOAT, r);
    }
    if (a->kind == KV_STR && b->kind == KV_STR && op == '+') {
        kr_Value *v = kr_new(in, KV_STR);
        if (!v || !(v->s = kr_arena_alloc(in->arena, a->len + b->len + 1)))
            return kr_error(in, line, "out of memory");
        memcpy(v->s, a->s, a->len);
        memcpy(v->s + a->len, b->s, b->len);
        v->len = a->len + b->len;
        return v;
    }
    if (a->kind == KV_STR && op == '%')
        return kr_percent_format(in, a, b, line);
    if (a->kind == KV_STR && kr_is_num(b) && op == '*') {
        long long n = (long long)b->num;
        if (n < 0)
            n = 0;
        if ((double)a->len * (double)n > 1e6)
            return kr_error(in, line, "string too long");
        kr_Value *v = kr_new(in, KV_STR);
        if (!v || !(v->s = kr_arena_alloc(in->arena, a->len * (size_t)n + 1)))
            return kr_error(in, line, "out of memory");
        for (long long k = 0; k < n; k++)
            memcpy(v->s + a->len * (size_t)k, a->s, a->len);
        v->len = a->len * (size_t)n;
        return v;
    }
    if ((a->kind == KV_LIST || a->kind == KV_TUPLE) && a->kind == b->kind && op == '+')
        return concat(in, a, b, a->kind);
    int a_ok = a->kind == KV_ARRAY || kr_is_num(a), b_ok = b->kind == KV_ARRAY || kr_is_num(b);
    if ((a->kind == KV_ARRAY || b->kind == KV_ARRAY) && a_ok && b_ok) {
        kr_Array *x = kr_as_array(in, a, line), *y = x ? kr_as_array(in, b, line) : NULL;
        if (!y)
            return NULL;
        if (op == '@')
            return matmul(in, x, y, line);
        return array_op(in, op, x, y, line, 0);
    }
    return kr_error(in, line, "unsupported operand types for %s: '%s' and '%s'", op_text(op),
                    kr_type_name(a), kr_type_name(b));
}

kr_Value *kr_compare(kr_Interp *in, int op, kr_Value *a, kr_Value *b, int line)
{
    if (kr_is_num(a) && kr_is_num(b))
        return kr_num(in, KV_BOOL, apply(op, a->num, b->num));
    if ((a->kind == KV_ARRAY || b->kind == KV_ARRAY) && (a->kind == KV_ARRAY || kr_is_num(a)) &&
        (b->kind == KV_ARRAY || kr_is_num(b))) {
        kr_Array *x = kr_as_array(in, a, line), *y = x ? kr_as_array(in, b, line) : NULL;
        return y ? array_op(in, op, x, y, line, 1) : NULL;
    }
    if (a->kind == KV_STR && b->kind == KV_STR && (op == '=' || op == '!')) {
        int eq = a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
        return kr_num(in, KV_BOOL, op == '=' ? eq : !eq);
    }
    if (op == '=' || op == '!')
        return kr_num(in, KV_BOOL, (a == b) == (op == '='));
    return kr_error(in, line, "'%s' not supported between '%s' and '%s'", op_text(op),
                    kr_type_name(a), kr_type_name(b));
}

/* ---- indexing ------------------------------------------------------------------ */

typedef struct {
    int is_int;
    long long start, stop, step, count;
} Sel;

static int eval_int(kr_Interp *in, kr_Value *v, int line, const char *what, long long *out)
{
    if (!v || v->kind == KV_NONE)
        return 1; /* not given */
    return kr_to_int(in, v, line, what, out) ? -1 : 0;
}

/* Python's slice.indices for a dimension of length n. */
static int make_sel(kr_Interp *in, kr_Node *sub, long long n, int line, Sel *s,
                    kr_Value *(*ev)(kr_Interp *, kr_Node *))
{
    memset(s, 0, sizeof *s);
    if (sub->kind != KN_SLICE) {
        kr_Value *v = ev(in, sub);
        long long i;
        if (!v || kr_to_int(in, v, line, "an index", &i))
            return -1;
        if (i < 0)
            i += n;
        if (i < 0 || i >= n) {
            kr_error(in, line, "index %lld is out of bounds for a dimension of size %lld",
                     i < 0 ? i - n : i, n);
            return -1;
        }
        s->is_int = 1, s->start = i, s->count = 1, s->step = 1;
        return 0;
    }
    long long lo = 0, hi = 0, st = 1;
    int r;
    kr_Value *sv = sub->c ? ev(in, sub->c) : NULL;
    if (sub->c && !sv)
        return -1;
    if ((r = eval_int(in, sv, line, "a slice step", &st)) < 0)
        return -1;
    if (r)
        st = 1;
    if (st == 0) {
        kr_error(in, line, "slice step cannot be zero");
        return -1;
    }
    kr_Value *lv = sub->a ? ev(in, sub->a) : NULL, *hv = sub->b ? ev(in, sub->b) : NULL;
    if ((sub->a && !lv) || (sub->b && !hv))
        return -1;
    int has_lo = (r = eval_int(in, lv, line, "a slice start", &lo)) == 0;
    if (r < 0)
        return -1;
    int has_hi = (r = eval_int(in, hv, line, "a slice stop", &hi)) == 0;
    if (r < 0)
        return -1;
    if (!has_lo)
        lo = st > 0 ? 0 : n - 1;
    else {
        if (lo < 0) lo += n;
        if (lo < 0) lo = st > 0 ? 0 : -1;
        if (lo >= n) lo = st > 0 ? n : n - 1;
    }
    if (!has_hi)
        hi = st > 0 ? n : -1;
    else {
        if (hi < 0) hi += n;
        if (hi < 0) hi = st > 0 ? 0 : -1;
        if (hi >= n) hi = st > 0 ? n : n - 1;
    }
    long long count = st > 0 ? (hi > lo ? (hi - lo + st - 1) / st : 0)
                             : (lo > hi ? (lo - hi - st - 1) / (-st) : 0);
    s->start = lo, s->step = st, s->count = count;
    return 0;
}

static kr_Value *eval_node(kr_Interp *in, kr_Node *n);

kr_Value *kr_index(kr_Interp *in, kr_Value *v, kr_Node *sub, int line)
{
    kr_Node *subs[KR_MAX_DIM];
    int ns = 1;
    if (sub->kind == KN_TUPLE) {
        if (sub->n > KR_MAX_DIM)
            return kr_error(in, line, "too many indices");
        ns = sub->n;
        for (int k = 0; k < ns; k++)
            subs[k] = sub->items[k];
    } else {
        subs[0] = sub;
    }
    if (v->kind == KV_HISTDICT) {
        kr_Value *key = eval_node(in, sub);
        if (!key)
            return NULL;
        kr_History *h = v->hist;
        double *src = NULL;
        if (key->kind == KV_STR) {
            const char *k = key->s;
            if (!strcmp(k, "loss")) src = h->loss;
            else if (!strcmp(k, "val_loss")) src = h->val_loss;
            else if (!strncmp(k, "val_", 4) && h->metric[0] && !strcmp(k + 4, h->metric)) src = h->val_acc;
            else if (h->metric[0] && !strcmp(k, h->metric)) src = h->acc;
        }
        if (!src)
            return kr_error(in, line, "KeyError: this history has no such key (it holds loss%s%s%s%s)",
                            h->metric[0] ? ", " : "", h->metric, h->val_loss ? ", val_loss" : "",
                            h->val_acc ? ", val_..." : "");
        kr_Value *l = kr_seq(in, KV_LIST, h->n);
        for (int k = 0; l && k < h->n; k++)
            if (!(l->items[k] = kr_num(in, KV_FLOAT, src[k])))
                return NULL;
        return l;
    }
    if (v->kind == KV_LIST || v->kind == KV_TUPLE) {
        if (ns != 1)
            return kr_error(in, line, "list indices must be integers or slices, not tuple");
        Sel s;
        if (make_sel(in, subs[0], v->n, line, &s, eval_node))
            return NULL;
        if (s.is_int)
            return v->items[s.start];
        kr_Value *r = kr_seq(in, v->kind, (int)s.count);
        for (long long k = 0; r && k < s.count; k++)
            r->items[k] = v->items[s.start + k * s.step];
        return r;
    }
    if (v->kind == KV_STR) {
        return kr_error(in, line, "indexing a string is not supported");
    }
    if (v->kind != KV_ARRAY)
        return kr_error(in, line, "'%s' object is not subscriptable", kr_type_name(v));
    kr_Array *a = v->arr;
    if (ns > a->ndim)
        return kr_error(in, line, "too many indices for an array of %d dimension%s", a->ndim,
                        a->ndim == 1 ? "" : "s");
    Sel sel[KR_MAX_DIM];
    int out_shape[KR_MAX_DIM], nd = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (d < ns) {
            if (make_sel(in, subs[d], a->shape[d], line, &sel[d], eval_node))
                return NULL;
        } else {
            sel[d] = (Sel){0, 0, a->shape[d], 1, a->shape[d]};
        }
        if (!sel[d].is_int)
            out_shape[nd++] = (int)sel[d].count;
    }
    if (nd == 0) {
        size_t off = 0;
        for (int d = 0; d < a->ndim; d++)
            off = off * (size_t)a->shape[d] + (size_t)sel[d].start;
        return kr_num(in, a->is_bool ? KV_BOOL : a->is_int ? KV_INT : KV_FLOAT, kr_at(a, off));
    }
    kr_Array *r = kr_array_new(in, nd, out_shape, a->u8 != NULL);
    if (!r)
        return NULL;
    r->scale = a->scale, r->is_int = a->is_int, r->is_bool = a->is_bool;
    size_t stride[KR_MAX_DIM], st = 1;
    for (int d = a->ndim - 1; d >= 0; d--)
        stride[d] = st, st *= (size_t)a->shape[d];
    long long idx[KR_MAX_DIM] = {0};
    for (size_t i = 0; i < r->size; i++) {
        size_t off = 0;
        for (int d = 0; d < a->ndim; d++)
            off += (size_t)(sel[d].start + idx[d] * sel[d].step) * stride[d];
        if (r->u8)
            r->u8[i] = a->u8[off];
        else
            r->f[i] = kr_at(a, off);
        for (int d = a->ndim - 1; d >= 0; d--) {
            if (++idx[d] < sel[d].count)
                break;
            idx[d] = 0;
        }
    }
    return kr_array_value(in, r);
}

static kr_Value *eval_node(kr_Interp *in, kr_Node *n)
{
    return kr_eval(in, n);
}

/* ---- shapes ------------------------------------------------------------------- */

int kr_shape_arg(kr_Interp *in, kr_Value *v, int line, int *ndim, int *shape)
{
    if (kr_is_num(v)) {
        long long n;
        if (kr_to_int(in, v, line, "a dimension", &n))
            return -1;
        *ndim = 1, shape[0] = (int)n;
        if (n < -1 || n > (1 << 26)) {
            kr_error(in, line, "dimension %lld is out of range", n);
            return -1;
        }
        return 0;
    }
    if (v->kind != KV_TUPLE && v->kind != KV_LIST) {
        kr_error(in, line, "a shape must be a number or a tuple of numbers, not %s", kr_type_name(v));
        return -1;
    }
    if (v->n > KR_MAX_DIM) {
        kr_error(in, line, "arrays of more than %d dimensions are not supported", KR_MAX_DIM);
        return -1;
    }
    *ndim = v->n;
    for (int k = 0; k < v->n; k++) {
        long long n;
        if (kr_to_int(in, v->items[k], line, "a dimension", &n))
            return -1;
        if (n < -1 || n > (1 << 26)) {
            kr_error(in, line, "dimension %lld is out of range", n);
            return -1;
        }
        shape[k] = (int)n;
    }
    return 0;
}

kr_Value *kr_reshape(kr_Interp *in, kr_Array *a, kr_Args *args)
{
    int ndim = 0, shape[KR_MAX_DIM];
    if (args->n == 1) {
        if (kr_shape_arg(in, kr_arg(args, 0, NULL), args->line, &ndim, shape))
            return NULL;
    } else {
        if (args->n > KR_MAX_DIM || args->n == 0)
            return kr_error(in, args->line, "reshape: give 1 to %d dimensions", KR_MAX_DIM);
        for (int k = 0; k < args->n; k++) {
            int nd1, s1[KR_MAX_DIM];
            if (kr_shape_arg(in, kr_arg(args, k, NULL), args->line, &nd1, s1))
                return NULL;
            shape[ndim++] = s1[0];
        }
    }
    kr_Value *order = kr_arg(args, -1, "order");
    if (order && (order->kind != KV_STR || strcmp(order->s, "C")))
        return kr_error(in, args->line, "reshape: only order='C' is supported");
    if (kr_args_done(in, args))
        return NULL;
    int unknown = -1;
    size_t known = 1;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == -1) {
            if (unknown >= 0)
                return kr_error(in, args->line, "reshape: can only specify one unknown dimension");
            unknown = d;
        } else {
            known *= (size_t)shape[d];
        }
    }
    if (unknown >= 0) {
        if (known == 0 || a->size % known)
            return kr_error(in, args->line, "cannot reshape an array of size %zu into that shape", a->size);
        shape[unknown] = (int)(a->size / known);
        known *= (size_t)shape[unknown];
    }
    if (known != a->size)
        return kr_error(in, args->line, "cannot reshape an array of size %zu into that shape", a->size);
    kr_Array *r = kr_arena_alloc(in->arena, sizeof *r);
    if (!r)
        return kr_error(in, args->line, "out of memory");
    *r = *a; /* the same buffer: reshape is a view */
    r->ndim = ndim;
    memcpy(r->shape, shape, sizeof shape);
    return kr_array_value(in, r);
}

kr_Value *kr_array_attr(kr_Interp *in, kr_Value *self, const char *name, int line)
{
    kr_Array *a = self->arr;
    if (!strcmp(name, "shape")) {
        kr_Value *t = kr_seq(in, KV_TUPLE, a->ndim);
        for (int d = 0; t && d < a->ndim; d++)
            if (!(t->items[d] = kr_num(in, KV_INT, a->shape[d])))
                return NULL;
        return t;
    }
    if (!strcmp(name, "ndim"))
        return kr_num(in, KV_INT, a->ndim);
    if (!strcmp(name, "size"))
        return kr_num(in, KV_INT, (double)a->size);
    if (!strcmp(name, "dtype"))
        return kr_str(in, a->is_int ? (a->u8 ? "uint8" : "int64") : "float32",
                      a->is_int ? (a->u8 ? 5 : 5) : 7);
    if (!strcmp(name, "T")) {
        if (a->ndim != 2)
            return a->ndim < 2 ? self : kr_error(in, line, ".T of arrays above 2-D is not supported");
        int shape[2] = {a->shape[1], a->shape[0]};
        kr_Array *r = kr_array_new(in, 2, shape, 0);
        if (!r)
            return NULL;
        for (int i = 0; i < a->shape[0]; i++)
            for (int j = 0; j < a->shape[1]; j++)
                r->f[(size_t)j * shape[1] + i] = kr_at(a, (size_t)i * a->shape[1] + j);
        r->is_int = a->is_int;
        return kr_array_value(in, r);
    }
    return NULL; /* a method, perhaps */
}

kr_Value *kr_array_method(kr_Interp *in, kr_Value *self, const char *name, kr_Args *args)
{
    kr_Array *a = self->arr;
    if (!strcmp(name, "reshape"))
        return kr_reshape(in, a, args);
    if (!strcmp(name, "numpy") || !strcmp(name, "copy")) {
        if (kr_args_done(in, args))
            return NULL;
        return self;
    }
    if (!strcmp(name, "flatten") || !strcmp(name, "ravel")) {
        if (kr_args_done(in, args))
            return NULL;
        kr_Array *r = kr_arena_alloc(in->arena, sizeof *r);
        if (!r)
            return kr_error(in, args->line, "out of memory");
        *r = *a;
        r->ndim = 1;
        r->shape[0] = (int)a->size;
        return kr_array_value(in, r);
    }
    if (!strcmp(name, "astype")) {
        kr_Value *t = kr_arg(args, 0, "dtype");
        if (kr_args_done(in, args))
            return NULL;
        const char *ty = t && t->kind == KV_STR ? t->s : t && t->kind == KV_REF ? t->s : "";
        const char *dot = strrchr(ty, '.');
        ty = dot ? dot + 1 : ty;
        int to_int = !strncmp(ty, "int", 3) || !strncmp(ty, "uint", 4);
        if (!to_int && strncmp(ty, "float", 5))
            return kr_error(in, args->line, "astype(): only float and int types are supported");
        if (a->u8 && !to_int) {
            /* image bytes as floats: the same values, still one byte each */
            kr_Array *v = kr_arena_alloc(in->arena, sizeof *v);
            if (!v)
                return kr_error(in, args->line, "out of memory");
            *v = *a;
            v->is_int = 0;
            return kr_array_value(in, v);
        }
        kr_Array *r = kr_array_new(in, a->ndim, a->shape, 0);
        if (!r)
            return NULL;
        for (size_t i = 0; i < a->size; i++)
            r->f[i] = to_int ? truncf(kr_at(a, i)) : kr_at(a, i);
        r->is_int = to_int;
        return kr_array_value(in, r);
    }
    if (!strcmp(name, "mean") || !strcmp(name, "sum") || !strcmp(name, "max") ||
        !strcmp(name, "min") || !strcmp(name, "argmax") || !strcmp(name, "std")) {
        kr_Value *axis = kr_arg(args, 0, "axis");
        if (kr_args_done(in, args))
            return NULL;
        return kr_reduce(in, name, self, axis, args->line);
    }
    return kr_error(in, args->line, "ndarray.%s() is not supported (outside the Keras subset "
                                    "nnviz runs)", name);
}
