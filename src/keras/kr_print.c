/* kr_print.c - text as Python and NumPy print it: repr of floats (the
 * shortest digits that read back), lists and tuples, arrays in NumPy's
 * layout (common width, 75-column lines, '...' beyond 1000 values), and
 * format specs for f-strings. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "keras/kr_internal.h"

void kr_buf_put(kr_Buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p, b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void kr_buf_printf(kr_Buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k > 0)
        kr_buf_put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* Shortest "%.*e" digits that read back as v (double, or float32 when single). */
static int shortest_digits(double v, int single)
{
    char tmp[64];
    for (int p = 0; p < 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p, v);
        double back = strtod(tmp, NULL);
        if (single ? (float)back == (float)v : back == v)
            return p + 1;
    }
    return 17;
}

void kr_float_repr(char *out, size_t n, double v)
{
    if (isnan(v)) { snprintf(out, n, "nan"); return; }
    if (isinf(v)) { snprintf(out, n, v < 0 ? "-inf" : "inf"); return; }
    int digits = shortest_digits(v, 0);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*e", digits - 1, v);
    int exp10 = atoi(strchr(tmp, 'e') + 1);
    if (exp10 >= -5 && exp10 < 16) {
        int frac = digits - 1 - exp10;
        if (frac < 1)
            frac = 1;
        snprintf(out, n, "%.*f", frac, v);
        /* keep the digits repr would: at least one after the point */
        size_t l = strlen(out);
        while (l > 2 && out[l - 1] == '0' && out[l - 2] != '.')
            out[--l] = '\0';
        if (exp10 >= -4)
            return;
    }
    /* scientific as Python: 1e-05, 1.5e+16 */
    char mant[64];
    snprintf(mant, sizeof mant, "%.*e", digits - 1, v);
    char *e = strchr(mant, 'e');
    *e = '\0';
    snprintf(out, n, "%se%c%02d", mant, exp10 < 0 ? '-' : '+', abs(exp10));
}

/* ---- NumPy arrays ---------------------------------------------------------------- */

typedef struct {
    int sci, is_int, is_bool;
    int int_w, frac_w;  /* positional: digits before and after the point */
    int exp_frac;       /* scientific: mantissa digits after the point */
    int width;          /* every element padded to this */
} NpFmt;

/* snprintf that cuts to fit and says so to no one: the formatted pieces
 * here are bounded by the widths numpy and Python would print, so a cut
 * only ever trims padding asked for beyond any real column. */
static void cut_printf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cut_printf(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

static void np_elem(char *out, size_t n, double v, const NpFmt *f)
{
    char tmp[64];
    if (f->is_bool) {
        snprintf(tmp, sizeof tmp, "%s", v != 0 ? "True" : "False");
    } else if (isnan(v) || isinf(v)) {
        snprintf(tmp, sizeof tmp, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
    } else if (f->is_int) {
        snprintf(tmp, sizeof tmp, "%.0f", v);
    } else if (f->sci) {
        int d = shortest_digits(v, 1);
        if (d - 1 > 8)
            d = 9;
        char m[64];
        snprintf(m, sizeof m, "%.*e", d - 1, v);
        char *e = strchr(m, 'e');
        int ex = atoi(e + 1);
        *e = '\0';
        char *dot = strchr(m, '.');
        int have = dot ? (int)strlen(dot + 1) : 0;
        char pad[32] = "";
        if (!dot && f->exp_frac >= 0)
            strcat(m, ".");
        for (int k = have; k < f->exp_frac && k < 30; k++)
            strcat(pad, "0");
        cut_printf(tmp, sizeof tmp, "%s%se%c%02d", m, pad, ex < 0 ? '-' : '+', abs(ex));
    } else {
        /* shortest float32 digits, at most 8 after the point */
        char s[64];
        snprintf(s, sizeof s, "%.8f", v);
        for (int p = 0; p <= 8; p++) {
            char t2[64];
            snprintf(t2, sizeof t2, "%.*f", p, v);
            if ((float)strtod(t2, NULL) == (float)v) {
                memcpy(s, t2, sizeof t2);
                break;
            }
        }
        char *dot = strchr(s, '.');
        char ip[48], fp[32] = "";
        if (dot) {
            *dot = '\0';
            snprintf(fp, sizeof fp, "%s", dot + 1);
        }
        cut_printf(ip, sizeof ip, "%s", s);
        if (!strcmp(ip, "0") && v < 0) /* -0.1 printed as "-0.1" */
            snprintf(ip, sizeof ip, "-0");
        cut_printf(tmp, sizeof tmp, "%*s.%-*s", f->int_w, ip, f->frac_w, fp);
        snprintf(out, n, "%*s", f->width, tmp);
        return;
    }
    snprintf(out, n, "%*s", f->width, tmp);
}

static void np_format_of(const kr_Array *a, size_t *idx, size_t n_idx, NpFmt *f)
{
    memset(f, 0, sizeof *f);
    f->is_int = a->is_int;
    f->is_bool = a->is_bool;
    double mx = 0, mn = INFINITY;
    for (size_t k = 0; k < n_idx; k++) {
        double v = fabs(kr_at(a, idx[k]));
        if (!isfinite(v))
            continue;
        if (v > mx) mx = v;
        if (v > 0 && v < mn) mn = v;
    }
    if (!f->is_int && !f->is_bool && (mx >= 1e8 || (mn < 1e-4) || (mn < INFINITY && mx / mn > 1e3)) && mn < INFINITY)
        f->sci = 1;
    char tmp[64];
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n_idx; k++) {
            double v = kr_at(a, idx[k]);
            if (!f->is_int && !f->sci && pass == 0 && isfinite(v)) {
                NpFmt probe = {0};
                np_elem(tmp, sizeof tmp, v, &probe);
                char *dot = strchr(tmp, '.');
                int iw = (int)(dot - tmp), fw = (int)strlen(dot + 1);
                while (tmp[0] == ' ' && iw > 0) { memmove(tmp, tmp + 1, strlen(tmp)); iw--; }
                if (iw > f->int_w) f->int_w = iw;
                while (fw > 0 && dot[fw] == ' ') fw--;
                if (fw > f->frac_w) f->frac_w = fw;
            }
            if (f->sci && pass == 0 && isfinite(v)) {
                int d = shortest_digits(v, 1);
                if (d - 1 > 8) d = 9;
                if (d - 1 > f->exp_frac) f->exp_frac = d - 1;
            }
            if (pass == 1) {
                NpFmt g = *f;
                g.width = 0;
                np_elem(tmp, sizeof tmp, v, &g);
                int w = (int)strlen(tmp);
                if (w > f->width) f->width = w;
            }
        }
}

static void np_rec(kr_Buf *b, const kr_Array *a, int dim, size_t off, const NpFmt *f,
                   int summarize, int *col, int indent)
{
    int n = a->shape[dim];
    size_t stride = 1;
    for (int d = dim + 1; d < a->ndim; d++)
        stride *= (size_t)a->shape[d];
    kr_buf_put(b, "[", 1);
    (*col)++;
    for (int k = 0; k < n; k++) {
        if (summarize && n > 6 && k == 3) {
            if (dim == a->ndim - 1) {
                kr_buf_put(b, " ...", 4);
                *col += 4;
            } else {
                kr_buf_put(b, "\n", 1);
                for (int i = 0; i < indent + 1; i++) kr_buf_put(b, " ", 1);
                kr_buf_put(b, "...", 3);
            }
            k = n - 3;
        }
        if (dim == a->ndim - 1) {
            char e[64];
            np_elem(e, sizeof e, kr_at(a, off + (size_t)k), f);
            int w = (int)strlen(e);
            if (k > 0 || (summarize && n > 6 && k == n - 3)) {
                if (*col + 1 + w + (k == n - 1 ? 1 : 0) > 75) {
                    kr_buf_put(b, "\n", 1);
                    for (int i = 0; i < indent + 1; i++) kr_buf_put(b, " ", 1);
                    *col = indent + 1;
                } else {
                    kr_buf_put(b, " ", 1);
                    (*col)++;
                }
            }
            kr_buf_put(b, e, strlen(e));
            *col += w;
        } else {
            if (k > 0) {
                kr_buf_put(b, "\n", 1);
                for (int d = dim + 1; d < a->ndim - 1; d++) kr_buf_put(b, "\n", 1);
                for (int i = 0; i < indent + 1; i++) kr_buf_put(b, " ", 1);
                *col = indent + 1;
            }
            np_rec(b, a, dim + 1, off + (size_t)k * stride, f, summarize, col, indent + 1);
        }
    }
    kr_buf_put(b, "]", 1);
    (*col)++;
}

static void np_print(kr_Buf *b, const kr_Array *a)
{
    if (a->ndim == 0) {
        char e[64];
        double v = kr_at(a, 0);
        if (a->is_bool) {
            snprintf(e, sizeof e, "%s", v != 0 ? "True" : "False");
        } else if (a->is_int) {
            snprintf(e, sizeof e, "%.0f", v);
        } else {
            /* a float32 scalar: its own shortest digits */
            int d = shortest_digits(v, 1);
            snprintf(e, sizeof e, "%.*g", d, v);
            if (!strpbrk(e, ".en"))
                strcat(e, ".0");
        }
        kr_buf_put(b, e, strlen(e));
        return;
    }
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] == 0) {
            kr_buf_put(b, "[]", 2);
            return;
        }
    int summarize = a->size > 1000;
    /* the elements printed decide the format */
    size_t cap = summarize ? 4096 : a->size, n = 0;
    size_t *idx = malloc(cap * sizeof *idx);
    if (!idx) {
        b->oom = 1;
        return;
    }
    if (!summarize) {
        for (size_t i = 0; i < a->size; i++)
            idx[n++] = i;
    } else {
        /* every index whose coordinates are all within 3 of an edge */
        int c[KR_MAX_DIM] = {0};
        for (;;) {
            size_t off = 0;
            for (int d = 0; d < a->ndim; d++)
                off = off * (size_t)a->shape[d] + (size_t)c[d];
            if (n < cap)
                idx[n++] = off;
            int d = a->ndim - 1;
            for (; d >= 0; d--) {
                c[d]++;
                if (c[d] == 3 && a->shape[d] > 6)
                    c[d] = a->shape[d] - 3;
                if (c[d] < a->shape[d])
                    break;
                c[d] = 0;
            }
            if (d < 0)
                break;
        }
    }
    NpFmt f;
    np_format_of(a, idx, n, &f);
    free(idx);
    int col = 0;
    np_rec(b, a, 0, 0, &f, summarize, &col, 0);
}

void kr_str_of(kr_Buf *b, const kr_Value *v, int repr)
{
    char tmp[64];
    switch (v->kind) {
    case KV_NONE: kr_buf_put(b, "None", 4); return;
    case KV_BOOL: kr_buf_put(b, v->num ? "True" : "False", v->num ? 4 : 5); return;
    case KV_INT: kr_buf_printf(b, "%.0f", v->num); return;
    case KV_FLOAT: kr_float_repr(tmp, sizeof tmp, v->num); kr_buf_put(b, tmp, strlen(tmp)); return;
    case KV_STR:
        if (!repr) {
            kr_buf_put(b, v->s, v->len);
        } else {
            int dq = memchr(v->s, '\'', v->len) && !memchr(v->s, '"', v->len);
            kr_buf_put(b, dq ? "\"" : "'", 1);
            for (size_t k = 0; k < v->len; k++) {
                char c = v->s[k];
                if (c == '\n') kr_buf_put(b, "\\n", 2);
                else if (c == '\t') kr_buf_put(b, "\\t", 2);
                else if (c == '\\') kr_buf_put(b, "\\\\", 2);
                else if (c == '\'' && !dq) kr_buf_put(b, "\\'", 2);
                else kr_buf_put(b, &c, 1);
            }
            kr_buf_put(b, dq ? "\"" : "'", 1);
        }
        return;
    case KV_TUPLE:
    case KV_LIST:
        kr_buf_put(b, v->kind == KV_LIST ? "[" : "(", 1);
        for (int k = 0; k < v->n; k++) {
            if (k) kr_buf_put(b, ", ", 2);
            kr_str_of(b, v->items[k], 1);
        }
        if (v->kind == KV_TUPLE && v->n == 1) kr_buf_put(b, ",", 1);
        kr_buf_put(b, v->kind == KV_LIST ? "]" : ")", 1);
        return;
    case KV_ARRAY:
        if (repr) kr_buf_put(b, "array(", 6);
        np_print(b, v->arr);
        if (repr) kr_buf_put(b, ")", 1);
        return;
    case KV_REF: kr_buf_printf(b, "<%s>", v->s); return;
    case KV_MODEL: kr_buf_printf(b, "<Sequential name=%s>", v->model->name); return;
    case KV_LAYER: kr_buf_printf(b, "<%s name=%s>", v->layer->kind == KL_DENSE ? "Dense" : "Layer", v->layer->name); return;
    case KV_HISTORY: kr_buf_put(b, "<keras.src.callbacks.History>", 29); return;
    default: kr_buf_printf(b, "<%s>", kr_type_name(v)); return;
    }
}

/* ---- format specs ------------------------------------------------------------------- */

int kr_format(kr_Buf *b, const kr_Value *v, const char *spec, char *why, size_t why_len)
{
    if (!spec[0]) {
        kr_str_of(b, v, 0);
        return 0;
    }
    /* [[fill]align][sign][#][0][width][,|_][.precision][type] */
    const char *p = spec;
    char fill = ' ', align = 0, sign = '-', type = 0, group = 0;
    int width = -1, prec = -1, alt = 0, zero = 0;
    if (p[0] && p[1] && strchr("<>^=", p[1])) fill = p[0], align = p[1], p += 2;
    else if (p[0] && strchr("<>^=", p[0])) align = p[0], p++;
    if (*p && strchr("+- ", *p)) sign = *p++;
    if (*p == '#') alt = 1, p++;
    if (*p == '0') zero = 1, p++;
    if (*p >= '0' && *p <= '9') {
        width = 0;
        while (*p >= '0' && *p <= '9' && width < 1000) width = width * 10 + (*p++ - '0');
    }
    if (*p == ',' || *p == '_') group = *p++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) { snprintf(why, why_len, "format specifier missing precision"); return -1; }
        prec = 0;
        while (*p >= '0' && *p <= '9' && prec < 100) prec = prec * 10 + (*p++ - '0');
    }
    if (*p && strchr("bcdeEfFgGnosxX%", *p)) type = *p++;
    if (*p || width > 500 || prec > 60) {
        snprintf(why, why_len, "invalid format specifier '%s'", spec);
        return -1;
    }
    (void)alt;
    char body[700];
    int numeric = kr_is_num(v) || (v->kind == KV_ARRAY && v->arr->size == 1 && v->arr->ndim == 0);
    if (v->kind == KV_STR || (!numeric && !type)) {
        if (type && type != 's') {
            snprintf(why, why_len, "unknown format code '%c' for object of type '%s'", type, kr_type_name(v));
            return -1;
        }
        if (v->kind != KV_STR) {
            snprintf(why, why_len, "unsupported format string passed to %s.__format__", kr_type_name(v));
            return -1;
        }
        size_t n = v->len;
        if (prec >= 0 && (size_t)prec < n) n = (size_t)prec;
        snprintf(body, sizeof body, "%.*s", (int)n, v->s);
        if (!align) align = '<';
    } else {
        if (!numeric) {
            snprintf(why, why_len, "unsupported format string passed to %s.__format__", kr_type_name(v));
            return -1;
        }
        double x = v->kind == KV_ARRAY ? kr_at(v->arr, 0) : v->num;
        int is_int = v->kind == KV_INT || v->kind == KV_BOOL;
        if (type == 'd' && !is_int) {
            snprintf(why, why_len, "unknown format code 'd' for object of type 'float'");
            return -1;
        }
        if (strchr("bcoxXn", type ? type : 'z') && type) {
            snprintf(why, why_len, "format code '%c' is not supported", type);
            return -1;
        }
        char num[600];
        double ax = fabs(x);
        if (type == 'd' || (!type && is_int)) snprintf(num, sizeof num, "%.0f", ax);
        else if (type == 'f' || type == 'F') snprintf(num, sizeof num, "%.*f", prec < 0 ? 6 : prec, ax);
        else if (type == 'e' || type == 'E') snprintf(num, sizeof num, type == 'e' ? "%.*e" : "%.*E", prec < 0 ? 6 : prec, ax);
        else if (type == '%') snprintf(num, sizeof num, "%.*f%%", prec < 0 ? 6 : prec, ax * 100);
        else if (type == 'g' || type == 'G') snprintf(num, sizeof num, type == 'g' ? "%.*g" : "%.*G", prec < 0 ? 6 : prec == 0 ? 1 : prec, ax);
        else if (prec >= 0) snprintf(num, sizeof num, "%.*g", prec == 0 ? 1 : prec, ax);
        else kr_float_repr(num, sizeof num, ax);
        if (group) {
            /* thousands separators in the integer part */
            char *dot = strpbrk(num, ".e%");
            size_t il = dot ? (size_t)(dot - num) : strlen(num);
            char g[700];
            size_t o = 0;
            for (size_t k = 0; k < il; k++) {
                if (k && (il - k) % 3 == 0) g[o++] = group;
                g[o++] = num[k];
            }
            snprintf(g + o, sizeof g - o, "%s", num + il);
            snprintf(num, sizeof num, "%.590s", g);
        }
        const char *sg = (x < 0 || (x == 0 && signbit(x) && !is_int)) ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
        if (isnan(x)) sg = sign == '+' ? "+" : "";
        if (zero && !align) {
            fill = '0';
            align = '=';
        }
        if (align == '=') {
            int pad = width - (int)strlen(sg) - (int)strlen(num);
            char padded[700] = "";
            for (int k = 0; k < pad && k < 600; k++) padded[k] = fill;
            cut_printf(body, sizeof body, "%s%s%s", sg, pad > 0 ? padded : "", num);
            kr_buf_put(b, body, strlen(body));
            return 0;
        }
        snprintf(body, sizeof body, "%s%s", sg, num);
        if (!align) align = '>';
    }
    int len = (int)strlen(body), pad = width > len ? width - len : 0;
    int left = align == '<' ? 0 : align == '^' ? pad / 2 : pad, right = pad - left;
    for (int k = 0; k < left; k++) kr_buf_put(b, &fill, 1);
    kr_buf_put(b, body, strlen(body));
    for (int k = 0; k < right; k++) kr_buf_put(b, &fill, 1);
    return 0;
}

kr_Value *kr_percent_format(kr_Interp *in, kr_Value *fmt, kr_Value *args, int line)
{
    kr_Value *one[1] = {args};
    kr_Value **items = one;
    int n = 1, used = 0;
    if (args->kind == KV_TUPLE)
        items = args->items, n = args->n;
    kr_Buf b = {0};
    const char *s = fmt->s, *end = fmt->s + fmt->len;
    while (s < end) {
        if (*s != '%') {
            kr_buf_put(&b, s++, 1);
            continue;
        }
        if (s + 1 < end && s[1] == '%') {
            kr_buf_put(&b, "%", 1);
            s += 2;
            continue;
        }
        /* %[flags][width][.precision]type -> the format spec Python's format() takes */
        char spec[64];
        size_t k = 0;
        const char *p = s + 1;
        char flags[8] = "";
        size_t nf = 0;
        while (p < end && strchr("-+ 0#", *p) && nf < sizeof flags - 1)
            flags[nf++] = *p++;
        flags[nf] = '\0';
        char width[16] = "", prec[16] = "";
        size_t nw = 0, np_ = 0;
        while (p < end && *p >= '0' && *p <= '9' && nw < 8)
            width[nw++] = *p++;
        width[nw] = '\0';
        if (p < end && *p == '.') {
            prec[np_++] = *p++;
            while (p < end && *p >= '0' && *p <= '9' && np_ < 8)
                prec[np_++] = *p++;
            prec[np_] = '\0';
        }
        if (p >= end || !strchr("dioufFeEgGsr", *p)) {
            free(b.s);
            return kr_error(in, line, "unsupported format character in '%%' formatting");
        }
        char type = *p++;
        if (type == 'i' || type == 'u')
            type = 'd';
        if (strchr(flags, '-'))
            spec[k++] = '<';
        if (strchr(flags, '+'))
            spec[k++] = '+';
        else if (strchr(flags, ' '))
            spec[k++] = ' ';
        if (strchr(flags, '0') && !strchr(flags, '-'))
            spec[k++] = '0';
        snprintf(spec + k, sizeof spec - k, "%s%s%c", width, prec, type == 'r' || type == 's' ? 0 : type);
        if (used >= n) {
            free(b.s);
            return kr_error(in, line, "not enough arguments for format string");
        }
        kr_Value *v = items[used++];
        if (type == 'd' && v->kind == KV_FLOAT) {
            kr_Value tmp = *v;
            tmp.kind = KV_INT;
            tmp.num = trunc(v->num);
            v = kr_num(in, KV_INT, tmp.num);
            if (!v) {
                free(b.s);
                return NULL;
            }
        }
        char why[160];
        if (type == 'r') {
            kr_str_of(&b, v, 1);
        } else if (type == 's' && !width[0] && !prec[0]) {
            kr_str_of(&b, v, 0);
        } else if (kr_format(&b, v, spec, why, sizeof why) != 0) {
            free(b.s);
            return kr_error(in, line, "%% formatting: %s", why);
        }
        s = p;
    }
    if (used < n) {
        free(b.s);
        return kr_error(in, line, "not all arguments converted during string formatting");
    }
    kr_Value *r = kr_str(in, b.s ? b.s : "", b.n);
    free(b.s);
    return r;
}
