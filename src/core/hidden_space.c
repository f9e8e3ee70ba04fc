/* hidden_space.c - a hidden layer's space (see hidden_space.h).
 *
 * One forward pass over the grid points and the data rows gives every
 * layer's z and a (nn_Infer keeps them); x·W is z − b, so no second
 * product is needed and the three stages are exactly the numbers the
 * trainer and the diagram use. */
#include "core/hidden_space.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nn_status.h"

#define HS_MAX_DATA 2000

static int same_arch(const app_HSpace *h, const nn_Arch *a)
{
    if (h->arch_layers != a->n_layers)
        return 0;
    for (int l = 0; l <= a->n_layers; l++)
        if (h->arch_sizes[l] != a->sizes[l])
            return 0;
    return 1;
}

/* Sizes the workspace for rows rows of m's architecture; kept while both hold. */
static int workspace(app_HSpace *h, const nn_Model *m, int rows, char *err, size_t err_len)
{
    const nn_Arch *a = &m->arch;
    if (!h->inf || h->inf_rows < rows || !same_arch(h, a)) {
        nn_infer_destroy(h->inf);
        h->inf = NULL;
        if (nn_infer_create(&h->inf, a, rows, err, err_len) != NN_OK)
            return -1;
        h->inf_rows = rows;
        h->arch_layers = a->n_layers;
        for (int l = 0; l <= a->n_layers; l++)
            h->arch_sizes[l] = a->sizes[l];
    }
    size_t need_x = (size_t)rows * (size_t)a->sizes[0];
    if (h->x_cap < need_x) {
        float *x = realloc(h->x, need_x * sizeof *x);
        if (!x) {
            nn_errorf(err, err_len, "out of memory for the layer's space");
            return -1;
        }
        h->x = x;
        h->x_cap = need_x;
    }
    size_t need_p = (size_t)rows * 2;
    if (h->pts_cap < need_p) {
        for (int s = 0; s < APP_HS_STAGES; s++) {
            float *g = realloc(h->grid[s], (size_t)APP_HS_GRID_POINTS * 2 * sizeof *g);
            if (!g) {
                nn_errorf(err, err_len, "out of memory for the layer's space");
                return -1;
            }
            h->grid[s] = g;
            float *p = realloc(h->pts[s], need_p * sizeof *p);
            if (!p) {
                nn_errorf(err, err_len, "out of memory for the layer's space");
                return -1;
            }
            h->pts[s] = p;
        }
        h->pts_cap = need_p;
    }
    return 0;
}

/* Plane coordinates of grid point k: lines of constant x₂ first (k / SEG
 * the line, k % SEG along it), then lines of constant x₁. */
static void grid_point(const float dom[4], int k, float *x1, float *x2)
{
    int line = k / APP_HS_SEG, along = k % APP_HS_SEG;
    int vertical = line >= APP_HS_LINES;
    if (vertical)
        line -= APP_HS_LINES;
    float u = (float)along / (float)(APP_HS_SEG - 1);
    float v = (float)line / (float)(APP_HS_LINES - 1);
    if (!vertical) {
        *x1 = dom[0] + u * (dom[1] - dom[0]);
        *x2 = dom[2] + v * (dom[3] - dom[2]);
    } else {
        *x1 = dom[0] + v * (dom[1] - dom[0]);
        *x2 = dom[2] + u * (dom[3] - dom[2]);
    }
}

static void extent(app_HSpace *h, int s, int n_grid, int n_pts)
{
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    /* framed on the data: the grid's far corners may fly off (x₁² at the
     * plane's edge is 36) and are clipped, as the picture is about the data */
    for (int pass = n_pts > 0 ? 1 : 0; pass < 2; pass++) {
        const float *p = pass ? h->pts[s] : h->grid[s];
        int n = pass ? n_pts : n_grid;
        for (int k = 0; k < n; k++)
            for (int c = 0; c < 2; c++) {
                float v = p[2 * k + c];
                if (!isfinite(v))
                    continue;
                if (v < lo[c])
                    lo[c] = v;
                if (v > hi[c])
                    hi[c] = v;
            }
    }
    for (int c = 0; c < 2; c++) {
        if (!(lo[c] <= hi[c])) { /* nothing finite */
            lo[c] = -1.0f;
            hi[c] = 1.0f;
        }
        /* a flat axis (a dead unit, or u1 = u2 on one axis) still gets a span */
        float span = hi[c] - lo[c], pad = span > 1e-6f ? 0.06f * span : 0.5f;
        lo[c] -= pad;
        hi[c] += pad;
    }
    h->lo[s][0] = lo[0];
    h->lo[s][1] = lo[1];
    h->hi[s][0] = hi[0];
    h->hi[s][1] = hi[1];
}

int app_hspace_compute(app_HSpace *h, const nn_Model *m, uint32_t features, const float dom[4],
                       const nn_Dataset *d, int layer, int u1, int u2, char *err,
                       size_t err_len)
{
    const nn_Arch *a = &m->arch;
    if (layer < 0 || layer >= a->n_layers - 1) {
        nn_errorf(err, err_len, "layer %d is not a hidden layer (the network has %d)", layer + 1,
                  a->n_layers - 1);
        return -1;
    }
    int units = a->sizes[layer + 1];
    if (u1 < 0 || u1 >= units || u2 < 0 || u2 >= units) {
        nn_errorf(err, err_len, "layer %d has %d neurons", layer + 1, units);
        return -1;
    }
    if (!d || d->dim != 2) {
        nn_errorf(err, err_len, "the layer's space needs data on the plane (2 inputs)");
        return -1;
    }
    int n_in = a->sizes[0];
    if (nn_dataset_input_width(d, features) != n_in) {
        nn_errorf(err, err_len, "the data's %d inputs do not match the network's %d",
                  nn_dataset_input_width(d, features), n_in);
        return -1;
    }
    int n_pts = d->n < HS_MAX_DATA ? d->n : HS_MAX_DATA;
    int rows = APP_HS_GRID_POINTS + n_pts;
    if (workspace(h, m, rows, err, err_len) != 0)
        return -1;

    /* inputs: the grid's plane points, then the data rows, features applied */
    float raw[2];
    for (int k = 0; k < APP_HS_GRID_POINTS; k++) {
        grid_point(dom, k, &raw[0], &raw[1]);
        h->grid[APP_HS_PLANE][2 * k] = raw[0];
        h->grid[APP_HS_PLANE][2 * k + 1] = raw[1];
        float *row = h->x + (size_t)k * (size_t)n_in;
        if (features)
            nn_features_apply(features, raw[0], raw[1], row);
        else
            memcpy(row, raw, sizeof raw);
    }
    for (int i = 0; i < n_pts; i++) {
        h->pts[APP_HS_PLANE][2 * i] = nn_dataset_x(d, i, 0);
        h->pts[APP_HS_PLANE][2 * i + 1] = nn_dataset_x(d, i, 1);
    }
    if (n_pts > 0) {
        int *idx = malloc((size_t)n_pts * sizeof *idx);
        if (!idx) {
            nn_errorf(err, err_len, "out of memory for the layer's space");
            return -1;
        }
        for (int i = 0; i < n_pts; i++)
            idx[i] = i;
        nn_dataset_gather_x(d, idx, n_pts, features,
                            h->x + (size_t)APP_HS_GRID_POINTS * (size_t)n_in);
        free(idx);
    }
    nn_infer_run(h->inf, m, h->x, rows);

    const float *z = h->inf->z[layer], *act = h->inf->a[layer], *b = m->b[layer];
    int u[2] = {u1, u2};
    for (int k = 0; k < rows; k++) {
        int data = k >= APP_HS_GRID_POINTS;
        int at = data ? k - APP_HS_GRID_POINTS : k;
        for (int c = 0; c < 2; c++) {
            size_t o = (size_t)k * (size_t)units + (size_t)u[c];
            float zv = z[o];
            float *lin = data ? h->pts[APP_HS_LINEAR] : h->grid[APP_HS_LINEAR];
            float *bia = data ? h->pts[APP_HS_BIASED] : h->grid[APP_HS_BIASED];
            float *acv = data ? h->pts[APP_HS_ACTIVATED] : h->grid[APP_HS_ACTIVATED];
            lin[2 * at + c] = zv - b[u[c]];
            bia[2 * at + c] = zv;
            acv[2 * at + c] = act[o];
        }
    }
    h->layer = layer;
    h->u1 = u1;
    h->u2 = u2;
    h->n_points = n_pts;
    for (int s = 0; s < APP_HS_STAGES; s++)
        extent(h, s, APP_HS_GRID_POINTS, n_pts);
    return 0;
}

/* The stages around t and how far between them. */
static void stage_of(float t, int *s0, float *f)
{
    if (!(t > 0.0f))
        t = 0.0f;
    if (t > (float)(APP_HS_STAGES - 1))
        t = (float)(APP_HS_STAGES - 1);
    int s = (int)t;
    if (s >= APP_HS_STAGES - 1)
        s = APP_HS_STAGES - 2;
    *s0 = s;
    *f = t - (float)s;
}

void app_hspace_at(const app_HSpace *h, int data, int k, float t, float *x, float *y)
{
    int s;
    float f;
    stage_of(t, &s, &f);
    const float *p0 = data ? h->pts[s] : h->grid[s];
    const float *p1 = data ? h->pts[s + 1] : h->grid[s + 1];
    /* (1 − f)·p0 + f·p1: exactly the stage at f = 0 and f = 1 */
    *x = (1.0f - f) * p0[2 * k] + f * p1[2 * k];
    *y = (1.0f - f) * p0[2 * k + 1] + f * p1[2 * k + 1];
}

void app_hspace_box(const app_HSpace *h, float t, float lo[2], float hi[2])
{
    int s;
    float f;
    stage_of(t, &s, &f);
    for (int c = 0; c < 2; c++) {
        lo[c] = (1.0f - f) * h->lo[s][c] + f * h->lo[s + 1][c];
        hi[c] = (1.0f - f) * h->hi[s][c] + f * h->hi[s + 1][c];
    }
}

void app_hspace_free(app_HSpace *h)
{
    nn_infer_destroy(h->inf);
    free(h->x);
    for (int s = 0; s < APP_HS_STAGES; s++) {
        free(h->grid[s]);
        free(h->pts[s]);
    }
    memset(h, 0, sizeof *h);
}
