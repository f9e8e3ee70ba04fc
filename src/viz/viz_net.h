/* viz_net.h - geometry of the network view (no SDL): where each neuron's tile
 * goes for a given rectangle and architecture, the curved edges between
 * tiles, edge widths, and hit tests for hovering edges. */
#ifndef NNVIZ_VIZ_NET_H
#define NNVIZ_VIZ_NET_H

#define VIZ_MAX_COLS 40   /* input column + layers */
#define VIZ_EDGE_SEGS 8   /* segments a drawn edge curve is made of */

typedef struct { float x, y, w, h; } viz_RectF;

typedef struct {
    int n_cols;
    int total[VIZ_MAX_COLS]; /* units in the column */
    int shown[VIZ_MAX_COLS]; /* tiles drawn (capped) */
    float col_x[VIZ_MAX_COLS];
    float y0[VIZ_MAX_COLS];  /* top of the first tile */
    float pitch;             /* vertical distance between tiles */
    float col_pitch[VIZ_MAX_COLS]; /* a column's own distance, when spread (0: pitch) */
    float tile;              /* tile side */
    float area_x, area_y, area_w, area_h;
} viz_NetLayout;

/* Lays out n_cols columns of units[c] tiles in the rectangle: columns spread
 * evenly, tiles as large as max_tile allows, each column centred vertically.
 * At most max_shown tiles per column are placed. Returns 0, -1 on bad input. */
int viz_net_layout(viz_NetLayout *L, const int *units, int n_cols, float x, float y, float w,
                   float h, float max_tile, float min_gap, int max_shown);
viz_RectF viz_net_tile(const viz_NetLayout *L, int col, int i);
/* Opens each column's tiles apart so that `room` px are free below every
 * tile, as far as the area's height allows (tiles keep their size; a
 * column re-centres). Returns the room every column got below its tiles
 * at least (columns of one tile count as the area's room under it). */
float viz_net_spread(viz_NetLayout *L, float room);

/* Endpoints of the edge from tile i of column col to tile j of column col+1:
 * leaves the right side of the source, enters the left side of the target
 * spread by source index (as Playground does, so edges into one tile fan out). */
void viz_edge_ends(const viz_NetLayout *L, int col, int i, int j, float *x0, float *y0, float *x1,
                   float *y1);
/* Point at t in [0, 1] on the horizontal-tangent cubic between the ends. */
void viz_edge_point(float x0, float y0, float x1, float y1, float t, float *x, float *y);
/* Distance from (px, py) to the curve (sampled with VIZ_EDGE_SEGS segments). */
float viz_edge_distance(float x0, float y0, float x1, float y1, float px, float py);

/* Playground's link width: |w| over [0, 5] mapped to [1, 10] px, clamped;
 * multiplied by scale. */
float viz_edge_width(float w, float scale);
/* Distance from a point to a segment. */
float viz_seg_distance(float ax, float ay, float bx, float by, float px, float py);

#endif
