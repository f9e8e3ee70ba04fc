/* viz_net.c - network view geometry. */
#include "viz/viz_net.h"

#include <math.h>
#include <string.h>

int viz_net_layout(viz_NetLayout *L, const int *units, int n_cols, float x, float y, float w,
                   float h, float max_tile, float min_gap, int max_shown)
{
    memset(L, 0, sizeof *L);
    if (n_cols < 1 || n_cols > VIZ_MAX_COLS || w <= 0 || h <= 0 || max_shown < 1)
        return -1;
    L->n_cols = n_cols;
    L->area_x = x;
    L->area_y = y;
    L->area_w = w;
    L->area_h = h;
    int most = 1;
    for (int c = 0; c < n_cols; c++) {
        L->total[c] = units[c] < 0 ? 0 : units[c];
        L->shown[c] = L->total[c] < max_shown ? L->total[c] : max_shown;
        if (L->shown[c] > most)
            most = L->shown[c];
    }
    /* the tile fits both the tallest column and the column spacing, leaving
     * room between columns for the edges to be read */
    float by_h = (h - min_gap * (float)(most - 1)) / (float)most;
    float by_w = n_cols > 1 ? w / ((float)n_cols * 1.9f) : w;
    float t = max_tile;
    if (by_h < t)
        t = by_h;
    if (by_w < t)
        t = by_w;
    if (t < 4.0f)
        t = 4.0f;
    L->tile = floorf(t);
    float gap = most > 1 ? (h - L->tile * (float)most) / (float)(most - 1) : 0.0f;
    if (gap > L->tile * 0.9f)
        gap = L->tile * 0.9f;
    if (gap < min_gap)
        gap = min_gap;
    L->pitch = floorf(L->tile + gap);
    float step = n_cols > 1 ? (w - L->tile) / (float)(n_cols - 1) : 0.0f;
    for (int c = 0; c < n_cols; c++) {
        L->col_x[c] = floorf(n_cols > 1 ? x + step * (float)c : x + (w - L->tile) / 2.0f);
        float col_h = L->pitch * (float)(L->shown[c] - 1) + L->tile;
        L->y0[c] = floorf(y + (h - col_h) / 2.0f);
    }
    return 0;
}

viz_RectF viz_net_tile(const viz_NetLayout *L, int col, int i)
{
    float p = L->col_pitch[col] > 0 ? L->col_pitch[col] : L->pitch;
    viz_RectF r = {L->col_x[col], L->y0[col] + p * (float)i, L->tile, L->tile};
    return r;
}

float viz_net_spread(viz_NetLayout *L, float room)
{
    float least = INFINITY;
    for (int c = 0; c < L->n_cols; c++) {
        int n = L->shown[c];
        if (n < 1)
            continue;
        float p = L->pitch;
        /* the last tile's numbers need the room too */
        float h = L->area_h - room;
        if (n > 1) {
            float fit = (h - L->tile) / (float)(n - 1);
            float want = L->tile + room;
            if (want > p)
                p = floorf(want < fit ? want : fit);
            if (p < L->pitch)
                p = L->pitch;
        }
        L->col_pitch[c] = p;
        float col_h = p * (float)(n - 1) + L->tile;
        L->y0[c] = floorf(L->area_y + (h - col_h) / 2.0f);
        if (L->y0[c] < L->area_y)
            L->y0[c] = L->area_y;
        /* below the last tile: what the centring leaves */
        float free = n > 1 ? p - L->tile : L->area_y + L->area_h - (L->y0[c] + L->tile);
        if (free < least)
            least = free;
    }
    return least == INFINITY ? 0.0f : least;
}

void viz_edge_ends(const viz_NetLayout *L, int col, int i, int j, float *x0, float *y0, float *x1,
                   float *y1)
{
    viz_RectF a = viz_net_tile(L, col, i);
    viz_RectF b = viz_net_tile(L, col + 1, j);
    int n = L->shown[col] > 0 ? L->shown[col] : 1;
    float spread = L->tile * 0.6f;
    *x0 = a.x + a.w;
    *y0 = a.y + a.h / 2.0f;
    *x1 = b.x;
    *y1 = b.y + b.h / 2.0f + (n > 1 ? ((float)i / (float)(n - 1) - 0.5f) * spread : 0.0f);
}

void viz_edge_point(float x0, float y0, float x1, float y1, float t, float *x, float *y)
{
    /* cubic with control points at mid-x: d3's horizontal diagonal */
    float mx = (x0 + x1) * 0.5f;
    float u = 1.0f - t;
    float b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
    *x = b0 * x0 + b1 * mx + b2 * mx + b3 * x1;
    *y = b0 * y0 + b1 * y0 + b2 * y1 + b3 * y1;
}

float viz_seg_distance(float ax, float ay, float bx, float by, float px, float py)
{
    float dx = bx - ax, dy = by - ay;
    float len2 = dx * dx + dy * dy;
    float t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0f;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    float cx = ax + t * dx - px, cy = ay + t * dy - py;
    return sqrtf(cx * cx + cy * cy);
}

float viz_edge_distance(float x0, float y0, float x1, float y1, float px, float py)
{
    float best = INFINITY;
    float ax = x0, ay = y0;
    for (int s = 1; s <= VIZ_EDGE_SEGS; s++) {
        float bx, by;
        viz_edge_point(x0, y0, x1, y1, (float)s / VIZ_EDGE_SEGS, &bx, &by);
        float d = viz_seg_distance(ax, ay, bx, by, px, py);
        if (d < best)
            best = d;
        ax = bx;
        ay = by;
    }
    return best;
}

float viz_edge_width(float w, float scale)
{
    float a = fabsf(w);
    if (isnan(a))
        return 1.0f * scale;
    float px = 1.0f + a / 5.0f * 9.0f;
    if (px > 10.0f)
        px = 10.0f;
    return px * scale;
}
