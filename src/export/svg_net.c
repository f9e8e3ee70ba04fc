/* svg_net.c - writes ex_SvgNet as SVG 1.1 text. A heatmap tile becomes
 * vector squares, not an embedded bitmap: the picture stays sharp at any
 * size on a slide, needs no image encoder here, and the heatmaps' 30
 * quantized shades make long runs of one colour, so a row of 32 cells is a
 * few rectangles. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model_io.h"
#include "export/svg_net.h"

typedef struct {
    char *b;
    size_t len, cap;
    int oom;
} Buf;

static void put(Buf *o, const char *fmt, ...)
{
    if (o->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->b + o->len, o->cap - o->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            o->oom = 1;
            return;
        }
        if (o->len + (size_t)n < o->cap) {
            o->len += (size_t)n;
            return;
        }
        size_t cap = o->cap * 2 + (size_t)n + 1;
        char *b = realloc(o->b, cap);
        if (!b) {
            o->oom = 1;
            return;
        }
        o->b = b;
        o->cap = cap;
    }
}

/* Text content escaped for XML (&, <, >, quotes). */
static void put_text(Buf *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': put(o, "&amp;"); break;
        case '<': put(o, "&lt;"); break;
        case '>': put(o, "&gt;"); break;
        case '"': put(o, "&quot;"); break;
        default: put(o, "%c", *s); break;
        }
    }
}

static void put_tile(Buf *o, const ex_SvgTile *t)
{
    if (t->id) {
        put(o, "<g id=\"");
        put_text(o, t->id);
        put(o, "\">");
    } else {
        put(o, "<g>");
    }
    if (t->px && t->cells_w > 0 && t->cells_h > 0) {
        float cw = t->w / (float)t->cells_w, ch = t->h / (float)t->cells_h;
        for (int r = 0; r < t->cells_h; r++) {
            const uint32_t *row = t->px + (size_t)r * (size_t)t->cells_w;
            for (int c = 0; c < t->cells_w;) {
                int e = c + 1;
                while (e < t->cells_w && (row[e] & 0xffffffu) == (row[c] & 0xffffffu))
                    e++;
                put(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#%06x\"/>",
                    (double)(t->x + (float)c * cw), (double)(t->y + (float)r * ch),
                    (double)((float)(e - c) * cw), (double)ch,
                    (unsigned)(row[c] & 0xffffffu));
                c = e;
            }
        }
        if (t->stroke_w > 0)
            put(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" "
                   "stroke=\"#%06x\" stroke-width=\"%.2f\"/>",
                (double)t->x, (double)t->y, (double)t->w, (double)t->h, (unsigned)t->stroke,
                (double)t->stroke_w);
    } else {
        put(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#%06x\"",
            (double)t->x, (double)t->y, (double)t->w, (double)t->h, (unsigned)(t->fill & 0xffffffu));
        if (t->stroke_w > 0)
            put(o, " stroke=\"#%06x\" stroke-width=\"%.2f\"", (unsigned)t->stroke, (double)t->stroke_w);
        put(o, "/>");
    }
    put(o, "</g>\n");
}

int ex_svg_net_build(const ex_SvgNet *s, char **out, size_t *len)
{
    Buf o = {malloc(65536), 0, 65536, 0};
    if (!o.b)
        return -1;
    o.b[0] = '\0';
    put(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\">\n",
        (double)s->w, (double)s->h, (double)s->w, (double)s->h);
    if (s->title) {
        put(&o, "<title>");
        put_text(&o, s->title);
        put(&o, "</title>\n");
    }
    put(&o, "<rect width=\"100%%\" height=\"100%%\" fill=\"#%06x\"/>\n", (unsigned)(s->bg & 0xffffffu));
    put(&o, "<g id=\"edges\" fill=\"none\" stroke-linecap=\"round\">\n");
    for (int k = 0; k < s->n_edges; k++) {
        const ex_SvgEdge *e = &s->edges[k];
        float mx = (e->x0 + e->x1) * 0.5f;
        put(&o, "<path d=\"M%.2f %.2fC%.2f %.2f %.2f %.2f %.2f %.2f\" stroke=\"#%06x\" "
                "stroke-width=\"%.3f\" data-layer=\"%d\" data-from=\"%d\" data-to=\"%d\" data-w=\"%.6g\"/>\n",
            (double)e->x0, (double)e->y0, (double)mx, (double)e->y0, (double)mx, (double)e->y1,
            (double)e->x1, (double)e->y1, (unsigned)(e->rgb & 0xffffffu), (double)e->width, e->layer + 1,
            e->from + 1, e->to + 1, (double)e->value);
    }
    /* crisp edges: the cells of a tile meet without anti-aliased seams */
    put(&o, "</g>\n<g id=\"neurons\" shape-rendering=\"crispEdges\">\n");
    for (int k = 0; k < s->n_tiles; k++)
        put_tile(&o, &s->tiles[k]);
    put(&o, "</g>\n<g id=\"labels\" font-family=\"DejaVu Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, "
            "sans-serif\">\n");
    for (int k = 0; k < s->n_texts; k++) {
        const ex_SvgText *t = &s->texts[k];
        put(&o, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" fill=\"#%06x\"%s%s>", (double)t->x,
            (double)t->y, (double)t->size, (unsigned)(t->rgb & 0xffffffu),
            t->anchor < 0 ? "" : t->anchor == 0 ? " text-anchor=\"middle\"" : " text-anchor=\"end\"",
            t->bold ? " font-weight=\"bold\"" : "");
        put_text(&o, t->text);
        put(&o, "</text>\n");
    }
    put(&o, "</g>\n</svg>\n");
    if (o.oom) {
        free(o.b);
        return -1;
    }
    *out = o.b;
    *len = o.len;
    return 0;
}

int ex_svg_net_write(const ex_SvgNet *s, const char *path, char *err, size_t err_len)
{
    char *doc = NULL;
    size_t len = 0;
    if (ex_svg_net_build(s, &doc, &len) != 0) {
        snprintf(err, err_len, "%s: out of memory for the SVG", path);
        return -1;
    }
    int rc = nn_write_file_atomic(path, doc, len, err, err_len) == NN_OK ? 0 : -1;
    free(doc);
    return rc;
}
