/* kr_plot.c - matplotlib.pyplot as tutorials use it: scatter and plot
 * series, title, axis labels and legend collected into a figure, handed at
 * show() or savefig(path) to the renderer the caller gave (the app draws it
 * to a PNG). Without a renderer each call says in one line that it is not
 * drawn. Anything else of pyplot is refused at its line. */
#include <math.h>
#include <string.h>

#include "keras/kr_internal.h"

static const char *const colors[] = {"C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7"};

/* matplotlib's colour names and cycle entries to a cycle index (-1: next) */
static int color_index(const kr_Value *v)
{
    static const char *const names[][3] = {
        {"blue", "b", "tab:blue"}, {"orange", "tab:orange", "C1"}, {"green", "g", "tab:green"},
        {"red", "r", "tab:red"}, {"purple", "m", "tab:purple"}, {"brown", "tab:brown", "C5"},
        {"pink", "tab:pink", "C6"}, {"gray", "k", "black"}};
    if (!v || v->kind != KV_STR)
        return -1;
    for (int k = 0; k < 8; k++) {
        if (!strcmp(v->s, colors[k]))
            return k;
        for (int j = 0; j < 3; j++)
            if (!strcmp(v->s, names[k][j]))
                return k;
    }
    return -1;
}

static const float *flat(kr_Interp *in, kr_Value *v, int line, int *n)
{
    kr_Array *a = kr_as_array(in, v, line);
    if (!a || !(a = kr_to_float(in, a)))
        return NULL;
    *n = (int)a->size;
    return a->f;
}

static int add_series(kr_Interp *in, char kind, kr_Args *a)
{
    kr_Figure *f = &in->fig;
    if (f->n_series == KR_MAX_SERIES) {
        kr_error(in, a->line, "more than %d series in one figure are not supported", KR_MAX_SERIES);
        return -1;
    }
    kr_Series *s = &f->series[f->n_series];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    kr_Value *x = kr_arg(a, 0, "x"), *y = kr_arg(a, 1, "y");
    kr_Value *fmt = NULL;
    if (kind == 'l' && y && y->kind == KV_STR) { /* plot(y, 'r-') */
        fmt = y;
        y = NULL;
    }
    if (kind == 'l' && !fmt)
        fmt = kr_arg(a, 2, NULL);
    if (!x) {
        kr_error(in, a->line, "%s needs data", a->what);
        return -1;
    }
    int nx = 0, ny = 0;
    const float *xs = flat(in, x, a->line, &nx), *ys = NULL;
    if (!xs)
        return -1;
    if (y) {
        if (!(ys = flat(in, y, a->line, &ny)))
            return -1;
    } else if (kind == 'l') {
        /* plot(y): x is 0, 1, 2, ... */
        int shape[1] = {nx};
        kr_Array *idx = kr_array_new(in, 1, shape, 0);
        if (!idx)
            return -1;
        for (int i = 0; i < nx; i++)
            idx->f[i] = (float)i;
        ys = xs, ny = nx, xs = idx->f;
    } else {
        kr_error(in, a->line, "scatter() needs x and y");
        return -1;
    }
    if (nx != ny) {
        kr_error(in, a->line, "x and y must have the same size (%d and %d)", nx, ny);
        return -1;
    }
    kr_Value *color = kr_arg(a, -1, "color"), *c = kr_arg(a, -1, "c"), *label = kr_arg(a, -1, "label");
    static const char *const ignored[] = {"s", "alpha", "marker", "linestyle", "ls", "linewidth",
                                          "lw", "markersize", "edgecolors", "cmap"};
    for (size_t k = 0; k < sizeof ignored / sizeof ignored[0]; k++)
        kr_arg(a, -1, ignored[k]); /* how it looks, not what it shows */
    if (kr_args_done(in, a))
        return -1;
    if (c && c->kind != KV_STR) {
        kr_error(in, a->line, "colouring points by values (c=array) is not supported yet (one "
                              "colour per series)");
        return -1;
    }
    s->color = color_index(color ? color : c);
    if (s->color < 0 && fmt && fmt->kind == KV_STR && fmt->len >= 1) {
        char one[2] = {fmt->s[0], 0};
        kr_Value tmp = {.kind = KV_STR, .s = one, .len = 1};
        s->color = color_index(&tmp);
    }
    if (label && label->kind == KV_STR)
        snprintf(s->label, sizeof s->label, "%s", label->s);
    s->n = nx, s->x = xs, s->y = ys;
    f->n_series++;
    return 0;
}

static int text_arg(kr_Interp *in, kr_Args *a, char *dst, size_t n)
{
    kr_Value *t = kr_arg(a, 0, "label");
    if (!t)
        t = kr_arg(a, -1, "label");
    static const char *const ignored[] = {"fontsize", "loc", "pad", "color"};
    for (size_t k = 0; k < sizeof ignored / sizeof ignored[0]; k++)
        kr_arg(a, -1, ignored[k]);
    if (kr_args_done(in, a))
        return -1;
    if (!t || t->kind != KV_STR) {
        kr_error(in, a->line, "%s needs a string", a->what);
        return -1;
    }
    snprintf(dst, n, "%s", t->s);
    return 0;
}

static kr_Value *draw(kr_Interp *in, kr_Args *a, const char *path)
{
    kr_Figure *f = &in->fig;
    if (!in->opt->plot) {
        if (!in->plot_noted)
            kr_note(in, a->line, "note: the figure is not drawn: this run has no plot renderer (the "
                                 "program goes on)");
        in->plot_noted = 1;
    } else if (f->n_series == 0) {
        kr_note(in, a->line, "note: the figure is empty: nothing was drawn");
    } else {
        char err[512] = "";
        if (in->opt->plot(in->opt->plot_ctx, f, path, err, sizeof err) != 0)
            return kr_error(in, a->line, "the figure could not be drawn: %s", err);
    }
    if (!path)
        memset(f, 0, sizeof *f); /* show() ends the figure, as matplotlib's does */
    return kr_new(in, KV_NONE);
}

kr_Value *kr_call_plot(kr_Interp *in, const char *fn, kr_Args *a)
{
    kr_Figure *f = &in->fig;
    if (!strcmp(fn, "scatter") || !strcmp(fn, "plot"))
        return add_series(in, fn[0] == 's' ? 's' : 'l', a) ? NULL : kr_new(in, KV_NONE);
    if (!strcmp(fn, "title"))
        return text_arg(in, a, f->title, sizeof f->title) ? NULL : kr_new(in, KV_NONE);
    if (!strcmp(fn, "xlabel"))
        return text_arg(in, a, f->xlabel, sizeof f->xlabel) ? NULL : kr_new(in, KV_NONE);
    if (!strcmp(fn, "ylabel"))
        return text_arg(in, a, f->ylabel, sizeof f->ylabel) ? NULL : kr_new(in, KV_NONE);
    if (!strcmp(fn, "legend")) {
        kr_arg(a, -1, "loc");
        if (kr_args_done(in, a))
            return NULL;
        f->legend = 1;
        return kr_new(in, KV_NONE);
    }
    if (!strcmp(fn, "figure") || !strcmp(fn, "grid") || !strcmp(fn, "tight_layout") ||
        !strcmp(fn, "close")) {
        /* the size, grid and layout of the picture: the renderer decides them */
        a->used_pos = ~0u, a->used_kw = ~0u;
        if (!strcmp(fn, "figure") || !strcmp(fn, "close"))
            memset(f, 0, sizeof *f);
        return kr_new(in, KV_NONE);
    }
    if (!strcmp(fn, "show")) {
        kr_arg(a, -1, "block");
        return kr_args_done(in, a) ? NULL : draw(in, a, NULL);
    }
    if (!strcmp(fn, "savefig")) {
        kr_Value *p = kr_arg(a, 0, "fname");
        kr_arg(a, -1, "dpi");
        kr_arg(a, -1, "bbox_inches");
        if (kr_args_done(in, a))
            return NULL;
        if (!p || p->kind != KV_STR || p->len == 0)
            return kr_error(in, a->line, "savefig() needs a file name");
        return draw(in, a, p->s);
    }
    return kr_error(in, a->line, "plt.%s is not supported (nnviz draws scatter, plot, title, "
                                 "xlabel, ylabel, legend, show and savefig)", fn);
}
