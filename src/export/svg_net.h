/* svg_net.h - the network diagram as SVG: a vector picture of numbers the
 * caller measured (positions, widths, colours), written atomically. No SDL
 * and no layout of its own: the window's geometry and palette decide what
 * it shows, so the SVG is the diagram on screen, scalable. */
#ifndef NNVIZ_EXPORT_SVG_NET_H
#define NNVIZ_EXPORT_SVG_NET_H

#include <stddef.h>
#include <stdint.h>

/* An edge: the cubic with horizontal tangents from (x0, y0) to (x1, y1),
 * its control points at mid-x (as viz_edge_point draws it). */
typedef struct {
    float x0, y0, x1, y1;
    float width;          /* stroke width in pixels of the picture */
    uint32_t rgb;         /* 0xRRGGBB */
    float value;          /* the weight it shows (kept as data-w) */
    int layer, from, to;  /* 0-based dense layer, its input and unit (data-*) */
} ex_SvgEdge;

/* A tile: a square, filled by a cells_w x cells_h grid of colours (px, row
 * by row, 0xAARRGGBB; NULL: the plain fill) with a border. */
typedef struct {
    float x, y, w, h;
    const uint32_t *px;
    int cells_w, cells_h;
    uint32_t fill;        /* 0xRRGGBB when px is NULL */
    uint32_t stroke;      /* 0xRRGGBB */
    float stroke_w;       /* 0: none */
    const char *id;       /* the element's id ("n1_3"), or NULL */
} ex_SvgTile;

typedef struct {
    float x, y;           /* the baseline's start, middle or end */
    float size;           /* font size in pixels */
    int anchor;           /* -1 start, 0 middle, 1 end */
    int bold;
    uint32_t rgb;
    const char *text;     /* UTF-8 */
} ex_SvgText;

typedef struct {
    float w, h;           /* the picture, in pixels */
    uint32_t bg;          /* 0xRRGGBB */
    const char *title;    /* <title>, or NULL */
    const ex_SvgEdge *edges;
    int n_edges;
    const ex_SvgTile *tiles; /* drawn over the edges, in order */
    int n_tiles;
    const ex_SvgText *texts; /* drawn last */
    int n_texts;
} ex_SvgNet;

/* The SVG document in a new NUL-terminated buffer (*out, caller frees; *len
 * without the NUL). Text is escaped for XML. A tile's grid is written as one
 * rectangle per run of equal colours in a row. 0, or -1 out of memory. */
int ex_svg_net_build(const ex_SvgNet *s, char **out, size_t *len);
/* ex_svg_net_build, then an atomic write to path. 0, or -1 with err. */
int ex_svg_net_write(const ex_SvgNet *s, const char *path, char *err, size_t err_len);

#endif
