/* kr_numpy.c - the NumPy functions tutorials use to make and inspect data:
 * np.random (legacy RandomState: MT19937 seeded as np.random.seed does, so
 * a seeded program draws NumPy's numbers), linspace, arange, zeros, ones,
 * array, reductions, elementwise math, column_stack and softmax. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keras/kr_internal.h"

/* ---- MT19937 (NumPy's legacy RandomState) ----------------------------------- */

void kr_mt_seed(kr_Mt *m, uint32_t seed)
{
    m->mt[0] = seed;
    for (int i = 1; i < 624; i++)
        m->mt[i] = 1812433253u * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + (uint32_t)i;
    m->mti = 624;
    m->has_gauss = 0;
}

static uint32_t mt_next(kr_Mt *m)
{
    if (m->mti >= 624) {
        for (int i = 0; i < 624; i++) {
            uint32_t y = (m->mt[i] & 0x80000000u) | (m->mt[(i + 1) % 624] & 0x7fffffffu);
            m->mt[i] = m->mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
        }
        m->mti = 0;
    }
    uint32_t y = m->mt[m->mti++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/* random_sample: 53 random bits, as NumPy */
double kr_mt_double(kr_Mt *m)
{
    uint32_t a = mt_next(m) >> 5, b = mt_next(m) >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

/* legacy_gauss: Marsaglia's polar method, the second value kept */
static double mt_gauss(kr_Mt *m)
{
    if (m->has_gauss) {
        m->has_gauss = 0;
        return m->gauss;
    }
    double x1, x2, r2;
    do {
        x1 = 2.0 * kr_mt_double(m) - 1.0;
        x2 = 2.0 * kr_mt_double(m) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = sqrt(-2.0 * log(r2) / r2);
    m->gauss = f * x1;
    m->has_gauss = 1;
    return f * x2;
}

/* a uniform integer in [0, max] by masked rejection */
static uint64_t mt_interval(kr_Mt *m, uint64_t max)
{
    if (max == 0)
        return 0;
    uint64_t mask = max;
    for (int s = 1; s < 64; s <<= 1)
        mask |= mask >> s;
    uint64_t v;
    if (max <= 0xffffffffu) {
        while ((v = (mt_next(m) & mask)) > max) {}
    } else {
        while ((v = (((uint64_t)mt_next(m) << 32 | mt_next(m)) & mask)) > max) {}
    }
    return v;
}

/* ---- helpers ------------------------------------------------------------------ */

/* size=None / an int / a tuple; returns ndim (0 for a scalar) or -1 */
static int size_arg(kr_Interp *in, kr_Value *v, int line, int *shape)
{
    if (!v || v->kind == KV_NONE)
        return 0;
    int nd;
    if (kr_shape_arg(in, v, line, &nd, shape))
        return -1;
    for (int d = 0; d < nd; d++)
        if (shape[d] < 0) {
            kr_error(in, line, "negative dimensions are not allowed");
            return -1;
        }
    return nd;
}

/* the positional dimensions of rand(d0, d1, ...) */
static int dims_args(kr_Interp *in, kr_Args *a, int *shape)
{
    if (a->n > KR_MAX_DIM) {
        kr_error(in, a->line, "arrays of more than %d dimensions are not supported", KR_MAX_DIM);
        return -1;
    }
    for (int k = 0; k < a->n; k++) {
        long long n;
        if (kr_to_int(in, kr_arg(a, k, NULL), a->line, "a dimension", &n))
            return -1;
        if (n < 0 || n > (1 << 26)) {
            kr_error(in, a->line, "dimension %lld is out of range", n);
            return -1;
        }
        shape[k] = (int)n;
    }
    return a->n;
}

typedef enum { DRAW_UNIFORM, DRAW_NORMAL, DRAW_INT } Draw;

static kr_Value *draw(kr_Interp *in, int nd, const int *shape, Draw kind, double p0, double p1)
{
    if (nd == 0) {
        double v = kind == DRAW_UNIFORM ? p0 + (p1 - p0) * kr_mt_double(&in->np)
                 : kind == DRAW_NORMAL ? p0 + p1 * mt_gauss(&in->np)
                 : p0 + (double)mt_interval(&in->np, (uint64_t)(p1 - p0 - 1));
        return kr_num(in, kind == DRAW_INT ? KV_INT : KV_FLOAT, v);
    }
    kr_Array *r = kr_array_new(in, nd, shape, 0);
    if (!r)
        return NULL;
    for (size_t i = 0; i < r->size; i++)
        r->f[i] = (float)(kind == DRAW_UNIFORM ? p0 + (p1 - p0) * kr_mt_double(&in->np)
                        : kind == DRAW_NORMAL ? p0 + p1 * mt_gauss(&in->np)
                        : p0 + (double)mt_interval(&in->np, (uint64_t)(p1 - p0 - 1)));
    r->is_int = kind == DRAW_INT;
    return kr_array_value(in, r);
}

static int num_arg(kr_Interp *in, kr_Args *a, int pos, const char *kw, double def, double *out)
{
    kr_Value *v = kr_arg(a, pos, kw);
    if (!v) {
        *out = def;
        return 0;
    }
    return kr_to_double(in, v, a->line, kw, out);
}

static kr_Value *fill(kr_Interp *in, kr_Args *a, double value)
{
    kr_Value *s = kr_arg(a, 0, "shape");
    kr_Value *dt = kr_arg(a, 1, "dtype");
    if (!s)
        return kr_error(in, a->line, "%s: needs a shape", a->what);
    if (kr_args_done(in, a))
        return NULL;
    int shape[KR_MAX_DIM], nd;
    if ((nd = size_arg(in, s, a->line, shape)) < 0)
        return NULL;
    kr_Array *r = kr_array_new(in, nd, shape, 0);
    if (!r)
        return NULL;
    for (size_t i = 0; i < r->size; i++)
        r->f[i] = (float)value;
    r->is_int = dt && ((dt->kind == KV_STR && !strncmp(dt->s, "int", 3)) ||
                       (dt->kind == KV_REF && strstr(dt->s, "int")));
    return kr_array_value(in, r);
}

static kr_Value *unary_math(kr_Interp *in, const char *fn, kr_Args *a)
{
    kr_Value *x = kr_arg(a, 0, "x");
    if (!x)
        return kr_error(in, a->line, "%s: needs an argument", a->what);
    if (kr_args_done(in, a))
        return NULL;
    if (kr_is_num(x)) {
        double v = x->num;
        double r = !strcmp(fn, "exp") ? exp(v) : !strcmp(fn, "log") ? log(v) : !strcmp(fn, "sin") ? sin(v)
                 : !strcmp(fn, "cos") ? cos(v) : !strcmp(fn, "tanh") ? tanh(v) : !strcmp(fn, "sqrt") ? sqrt(v)
                 : !strcmp(fn, "abs") ? fabs(v) : !strcmp(fn, "square") ? v * v : nearbyint(v);
        return kr_num(in, KV_FLOAT, r);
    }
    kr_Array *src = kr_as_array(in, x, a->line);
    if (!src)
        return NULL;
    kr_Array *r = kr_array_new(in, src->ndim, src->shape, 0);
    if (!r)
        return NULL;
    int keep_int = src->is_int && (!strcmp(fn, "abs") || !strcmp(fn, "square") || !strcmp(fn, "round"));
    for (size_t i = 0; i < r->size; i++) {
        float v = kr_at(src, i);
        r->f[i] = !strcmp(fn, "exp") ? expf(v) : !strcmp(fn, "log") ? logf(v) : !strcmp(fn, "sin") ? sinf(v)
                : !strcmp(fn, "cos") ? cosf(v) : !strcmp(fn, "tanh") ? tanhf(v) : !strcmp(fn, "sqrt") ? sqrtf(v)
                : !strcmp(fn, "abs") ? fabsf(v) : !strcmp(fn, "square") ? v * v : nearbyintf(v);
    }
    r->is_int = keep_int;
    return kr_array_value(in, r);
}

/* mean, sum, max, min, std, argmax over all values or one axis */
kr_Value *kr_reduce(kr_Interp *in, const char *fn, kr_Value *xv, kr_Value *axis_v, int line)
{
    kr_Array *a = kr_as_array(in, xv, line);
    if (!a)
        return NULL;
    long long axis = -100;
    if (axis_v && axis_v->kind != KV_NONE) {
        if (kr_to_int(in, axis_v, line, "axis", &axis))
            return NULL;
        if (axis < 0)
            axis += a->ndim;
        if (axis < 0 || axis >= a->ndim)
            return kr_error(in, line, "axis is out of bounds for an array of dimension %d", a->ndim);
    }
    int is_arg = !strcmp(fn, "argmax");
    size_t outer = 1, n = a->size, inner = 1;
    int shape[KR_MAX_DIM], nd = 0;
    if (axis != -100) {
        for (int d = 0; d < a->ndim; d++) {
            if (d < axis) outer *= (size_t)a->shape[d];
            if (d > axis) inner *= (size_t)a->shape[d];
            if (d != axis) shape[nd++] = a->shape[d];
        }
        n = (size_t)a->shape[axis];
    }
    if (n == 0 && strcmp(fn, "sum"))
        return kr_error(in, line, "%s of an empty array", fn);
    kr_Array *r = NULL;
    if (axis != -100 && !(r = kr_array_new(in, nd, shape, 0)))
        return NULL;
    double last = 0;
    for (size_t o = 0; o < outer; o++)
        for (size_t i = 0; i < inner; i++) {
            double s = 0, s2 = 0, best = 0;
            size_t arg = 0;
            for (size_t k = 0; k < n; k++) {
                double v = kr_at(a, (o * n + k) * inner + i);
                s += v, s2 += v * v;
                if (k == 0 || (!strcmp(fn, "min") ? v < best : v > best))
                    best = v, arg = k;
            }
            double res = is_arg ? (double)arg : !strcmp(fn, "sum") ? s
                       : !strcmp(fn, "mean") ? s / (double)n
                       : !strcmp(fn, "std") ? sqrt(fmax(0, s2 / (double)n - (s / n) * (s / n)))
                       : best;
            if (r)
                r->f[o * inner + i] = (float)res;
            last = res;
        }
    int int_result = is_arg || (a->is_int && strcmp(fn, "mean") && strcmp(fn, "std"));
    if (r) {
        r->is_int = int_result;
        return kr_array_value(in, r);
    }
    return kr_num(in, int_result ? KV_INT : KV_FLOAT, last);
}

static kr_Value *softmax(kr_Interp *in, kr_Args *a)
{
    kr_Value *x = kr_arg(a, 0, "logits");
    kr_Value *ax = kr_arg(a, 1, "axis");
    if (!x)
        return kr_error(in, a->line, "%s: needs the logits", a->what);
    if (kr_args_done(in, a))
        return NULL;
    long long axis = -1;
    if (ax && kr_to_int(in, ax, a->line, "axis", &axis))
        return NULL;
    kr_Array *src = kr_as_array(in, x, a->line);
    if (!src)
        return NULL;
    if (src->ndim == 0 || (axis != -1 && axis != src->ndim - 1))
        return kr_error(in, a->line, "%s: only the last axis is supported", a->what);
    kr_Array *r = kr_array_new(in, src->ndim, src->shape, 0);
    if (!r)
        return NULL;
    size_t cols = (size_t)src->shape[src->ndim - 1], rows = cols ? src->size / cols : 0;
    for (size_t i = 0; i < rows; i++) {
        float mx = -INFINITY;
        for (size_t j = 0; j < cols; j++)
            mx = fmaxf(mx, kr_at(src, i * cols + j));
        double s = 0;
        for (size_t j = 0; j < cols; j++)
            s += (r->f[i * cols + j] = expf(kr_at(src, i * cols + j) - mx));
        for (size_t j = 0; j < cols; j++)
            r->f[i * cols + j] = (float)(r->f[i * cols + j] / s);
    }
    return kr_array_value(in, r);
}

static kr_Value *column_stack(kr_Interp *in, kr_Args *a)
{
    kr_Value *t = kr_arg(a, 0, "tup");
    if (kr_args_done(in, a))
        return NULL;
    if (!t || (t->kind != KV_LIST && t->kind != KV_TUPLE) || t->n == 0 || t->n > 4096)
        return kr_error(in, a->line, "%s: needs a list of arrays", a->what);
    kr_Array *cols[4096];
    int rows = -1, width = 0;
    for (int k = 0; k < t->n; k++) {
        if (!(cols[k] = kr_as_array(in, t->items[k], a->line)))
            return NULL;
        int r = cols[k]->ndim == 0 ? 1 : cols[k]->shape[0];
        int w = cols[k]->ndim == 2 ? cols[k]->shape[1] : 1;
        if (cols[k]->ndim > 2 || (rows >= 0 && r != rows))
            return kr_error(in, a->line, "%s: the arrays must have the same number of rows", a->what);
        rows = r;
        width += w;
    }
    int shape[2] = {rows, width};
    kr_Array *r = kr_array_new(in, 2, shape, 0);
    if (!r)
        return NULL;
    int c0 = 0;
    for (int k = 0; k < t->n; k++) {
        int w = cols[k]->ndim == 2 ? cols[k]->shape[1] : 1;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < w; j++)
                r->f[(size_t)i * width + c0 + j] = kr_at(cols[k], (size_t)i * w + j);
        c0 += w;
    }
    return kr_array_value(in, r);
}

/* np.loadtxt(fname, delimiter=None, skiprows=0): a numeric table ('#' comments),
 * as the classic first-network tutorial reads its CSV. */
static kr_Value *loadtxt(kr_Interp *in, kr_Args *a)
{
    kr_Value *fv = kr_arg(a, 0, "fname"), *dv = kr_arg(a, 2, "delimiter");
    kr_Value *sk = kr_arg(a, -1, "skiprows"), *dt = kr_arg(a, 1, "dtype");
    (void)dt;
    long long skip = 0;
    if (kr_args_done(in, a) || (sk && kr_to_int(in, sk, a->line, "skiprows", &skip)))
        return NULL;
    if (!fv || fv->kind != KV_STR)
        return kr_error(in, a->line, "loadtxt() needs a file name");
    char delim = 0;
    if (dv && dv->kind == KV_STR && dv->len == 1)
        delim = dv->s[0];
    else if (dv && dv->kind != KV_NONE)
        return kr_error(in, a->line, "loadtxt(): the delimiter must be one character");
    struct stat sb;
    if (stat(fv->s, &sb) != 0)
        return kr_error(in, a->line, "loadtxt(): %s: no such file", fv->s);
    if (!S_ISREG(sb.st_mode))
        return kr_error(in, a->line, "loadtxt(): %s is not a regular file", fv->s);
    FILE *f = fopen(fv->s, "r");
    if (!f)
        return kr_error(in, a->line, "loadtxt(): %s: cannot open", fv->s);
    size_t cap = 4096, n = 0;
    float *vals = malloc(cap * sizeof *vals);
    int rows = 0, cols = -1, lineno = 0;
    char line[65536];
    kr_Value *bad = NULL;
    while (vals && fgets(line, sizeof line, f)) {
        lineno++;
        if (lineno <= skip)
            continue;
        char *h = strchr(line, '#');
        if (h)
            *h = '\0';
        char *p = line;
        int c = 0;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '\n' || *p == '\r' || *p == '\0')
            continue;
        for (;;) {
            char *end;
            double v = strtod(p, &end);
            if (end == p) {
                bad = kr_error(in, a->line, "loadtxt(): %s:%d: not a number", fv->s, lineno);
                break;
            }
            if (n == cap) {
                float *nv = cap > ((size_t)1 << 26) ? NULL : realloc(vals, (cap *= 2) * sizeof *vals);
                if (!nv) {
                    bad = kr_error(in, a->line, "loadtxt(): %s is too large", fv->s);
                    break;
                }
                vals = nv;
            }
            vals[n++] = (float)v;
            c++;
            p = end;
            while (*p == ' ' || *p == '\t') p++;
            if (delim && *p == delim) {
                p++;
                continue;
            }
            if (*p == '\n' || *p == '\r' || *p == '\0')
                break;
            if (!delim)
                continue;
            bad = kr_error(in, a->line, "loadtxt(): %s:%d: expected '%c'", fv->s, lineno, delim);
            break;
        }
        if (bad || in->err[0])
            break;
        if (cols >= 0 && c != cols) {
            kr_error(in, a->line, "loadtxt(): %s:%d: %d columns, the first row has %d", fv->s,
                     lineno, c, cols);
            break;
        }
        cols = c;
        rows++;
    }
    fclose(f);
    if (!vals || in->err[0] || rows == 0) {
        free(vals);
        return in->err[0] ? NULL : kr_error(in, a->line, "loadtxt(): %s holds no numbers", fv->s);
    }
    int shape[2] = {rows, cols};
    kr_Array *r = kr_array_new(in, cols == 1 ? 1 : 2, shape, 0);
    if (r)
        memcpy(r->f, vals, n * sizeof *vals);
    free(vals);
    return kr_array_value(in, r);
}

kr_Value *kr_call_numpy(kr_Interp *in, const char *fn, kr_Args *a)
{
    if (!strcmp(fn, "loadtxt"))
        return loadtxt(in, a);
    int shape[KR_MAX_DIM], nd;
    if (!strcmp(fn, "random.seed")) {
        kr_Value *s = kr_arg(a, 0, "seed");
        long long seed = 0;
        if (kr_args_done(in, a) || !s || kr_to_int(in, s, a->line, "seed", &seed))
            return s ? NULL : kr_error(in, a->line, "%s: needs a seed", a->what);
        if (seed < 0 || seed > 0xffffffffLL)
            return kr_error(in, a->line, "Seed must be between 0 and 2**32 - 1");
        kr_mt_seed(&in->np, (uint32_t)seed);
        return kr_new(in, KV_NONE);
    }
    if (!strcmp(fn, "random.rand") || !strcmp(fn, "random.randn")) {
        if ((nd = dims_args(in, a, shape)) < 0 || kr_args_done(in, a))
            return NULL;
        return draw(in, nd, shape, fn[10] == 'n' ? DRAW_NORMAL : DRAW_UNIFORM, fn[10] == 'n' ? 0 : 0, 1);
    }
    if (!strcmp(fn, "random.random") || !strcmp(fn, "random.random_sample") ||
        !strcmp(fn, "random.uniform") || !strcmp(fn, "random.normal")) {
        int uni = !strcmp(fn, "random.uniform"), normal = !strcmp(fn, "random.normal");
        double p0 = 0, p1 = 1;
        if ((uni || normal) && (num_arg(in, a, 0, uni ? "low" : "loc", 0, &p0) ||
                                num_arg(in, a, 1, uni ? "high" : "scale", 1, &p1)))
            return NULL;
        kr_Value *size = kr_arg(a, uni || normal ? 2 : 0, "size");
        if (kr_args_done(in, a) || (nd = size_arg(in, size, a->line, shape)) < 0)
            return NULL;
        if (normal && p1 < 0)
            return kr_error(in, a->line, "scale < 0");
        return draw(in, nd, shape, normal ? DRAW_NORMAL : DRAW_UNIFORM, p0, p1);
    }
    if (!strcmp(fn, "random.randint")) {
        kr_Value *lo = kr_arg(a, 0, "low"), *hi = kr_arg(a, 1, "high"), *size = kr_arg(a, 2, "size");
        long long l, h;
        if (!lo)
            return kr_error(in, a->line, "%s: needs low", a->what);
        if (kr_args_done(in, a) || kr_to_int(in, lo, a->line, "low", &l) ||
            (hi && hi->kind != KV_NONE && kr_to_int(in, hi, a->line, "high", &h)))
            return NULL;
        if (!hi || hi->kind == KV_NONE)
            h = l, l = 0;
        if (h <= l)
            return kr_error(in, a->line, "low >= high");
        if ((nd = size_arg(in, size, a->line, shape)) < 0)
            return NULL;
        return draw(in, nd, shape, DRAW_INT, (double)l, (double)h);
    }
    if (!strcmp(fn, "linspace")) {
        double s, e, num = 50;
        kr_Value *ep = kr_arg(a, -1, "endpoint");
        if (num_arg(in, a, 0, "start", 0, &s) || num_arg(in, a, 1, "stop", 0, &e) ||
            num_arg(in, a, 2, "num", 50, &num) || kr_args_done(in, a))
            return NULL;
        if (num < 0 || num > (1 << 26) || num != floor(num))
            return kr_error(in, a->line, "linspace: num must be a whole number >= 0");
        int endpoint = !ep || ep->num != 0;
        shape[0] = (int)num;
        kr_Array *r = kr_array_new(in, 1, shape, 0);
        if (!r)
            return NULL;
        double div = endpoint ? num - 1 : num, step = div > 0 ? (e - s) / div : 0;
        for (int i = 0; i < shape[0]; i++)
            r->f[i] = (float)(s + i * step);
        if (endpoint && shape[0] > 1)
            r->f[shape[0] - 1] = (float)e;
        return kr_array_value(in, r);
    }
    if (!strcmp(fn, "arange")) {
        kr_Value *v0 = kr_arg(a, 0, "start"), *v1 = kr_arg(a, 1, "stop"), *v2 = kr_arg(a, 2, "step");
        if (kr_args_done(in, a))
            return NULL;
        if (!v0)
            return kr_error(in, a->line, "arange: needs a stop");
        double s = 0, e, st = 1;
        if (v1) {
            if (kr_to_double(in, v0, a->line, "start", &s) || kr_to_double(in, v1, a->line, "stop", &e))
                return NULL;
        } else if (kr_to_double(in, v0, a->line, "stop", &e)) {
            return NULL;
        }
        if (v2 && kr_to_double(in, v2, a->line, "step", &st))
            return NULL;
        if (st == 0)
            return kr_error(in, a->line, "arange: step must not be zero");
        double count = ceil((e - s) / st);
        if (count < 0)
            count = 0;
        if (count > (1 << 26))
            return kr_error(in, a->line, "arange: too many values");
        shape[0] = (int)count;
        kr_Array *r = kr_array_new(in, 1, shape, 0);
        if (!r)
            return NULL;
        for (int i = 0; i < shape[0]; i++)
            r->f[i] = (float)(s + i * st);
        r->is_int = v0->kind == KV_INT && (!v1 || v1->kind == KV_INT) && (!v2 || v2->kind == KV_INT);
        return kr_array_value(in, r);
    }
    if (!strcmp(fn, "zeros") || !strcmp(fn, "ones") || !strcmp(fn, "empty"))
        return fill(in, a, fn[0] == 'o' ? 1.0 : 0.0);
    if (!strcmp(fn, "array") || !strcmp(fn, "asarray")) {
        kr_Value *x = kr_arg(a, 0, "object"), *dt = kr_arg(a, 1, "dtype");
        if (!x || kr_args_done(in, a))
            return x ? NULL : kr_error(in, a->line, "%s: needs an object", a->what);
        kr_Array *r = kr_as_array(in, x, a->line);
        if (r && dt) {
            const char *ty = dt->kind == KV_STR || dt->kind == KV_REF ? dt->s : "";
            if (strstr(ty, "float") && r->is_int) {
                kr_Array *c = kr_array_new(in, r->ndim, r->shape, 0);
                if (!c)
                    return NULL;
                for (size_t i = 0; i < r->size; i++)
                    c->f[i] = kr_at(r, i);
                r = c;
            }
        }
        return kr_array_value(in, r);
    }
    if (!strcmp(fn, "float32") || !strcmp(fn, "float64")) {
        kr_Value *x = kr_arg(a, 0, NULL);
        double d;
        if (kr_args_done(in, a) || !x || kr_to_double(in, x, a->line, fn, &d))
            return x ? NULL : kr_error(in, a->line, "%s: needs a value", a->what);
        return kr_num(in, KV_FLOAT, fn[5] == '3' ? (double)(float)d : d);
    }
    if (!strcmp(fn, "mean") || !strcmp(fn, "sum") || !strcmp(fn, "max") || !strcmp(fn, "min") ||
        !strcmp(fn, "argmax") || !strcmp(fn, "std") || !strcmp(fn, "amax") || !strcmp(fn, "amin")) {
        kr_Value *x = kr_arg(a, 0, "a"), *axis = kr_arg(a, 1, "axis");
        if (!x || kr_args_done(in, a))
            return x ? NULL : kr_error(in, a->line, "%s: needs an array", a->what);
        const char *name = !strcmp(fn, "amax") ? "max" : !strcmp(fn, "amin") ? "min" : fn;
        return kr_reduce(in, name, x, axis, a->line);
    }
    if (!strcmp(fn, "exp") || !strcmp(fn, "log") || !strcmp(fn, "sin") || !strcmp(fn, "cos") ||
        !strcmp(fn, "tanh") || !strcmp(fn, "sqrt") || !strcmp(fn, "abs") || !strcmp(fn, "square") ||
        !strcmp(fn, "round"))
        return unary_math(in, fn, a);
    if (!strcmp(fn, "column_stack"))
        return column_stack(in, a);
    if (!strcmp(fn, "reshape")) {
        kr_Value *x = kr_arg(a, 0, "a");
        kr_Array *arr = x ? kr_as_array(in, x, a->line) : NULL;
        if (!arr)
            return x ? NULL : kr_error(in, a->line, "%s: needs an array", a->what);
        kr_Args rest = *a;
        rest.n = a->n - 1;
        rest.pos = a->pos + 1;
        rest.used_pos = 0;
        kr_Value *shape_kw = kr_arg(a, -1, "newshape");
        if (shape_kw && rest.n == 0) {
            rest.pos = &shape_kw;
            rest.n = 1;
        }
        rest.used_kw = a->used_kw;
        return kr_reshape(in, arr, &rest);
    }
    if (!strcmp(fn, "softmax"))
        return softmax(in, a);
    return kr_error(in, a->line, "np.%s is not supported (outside the NumPy subset nnviz runs: "
                                 "random, linspace, arange, zeros, ones, array, arithmetic, "
                                 "reshape)", fn);
}
