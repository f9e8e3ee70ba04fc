/* app_heat.c - every neuron's output over the input plane, as textures.
 *
 * One nn_infer_run over a small grid gives every neuron's response at once
 * (the per-neuron tiles); a second over a finer grid gives the output plot.
 * Both are recomputed only when the weights changed since the last frame. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "viz/viz_color.h"

static void free_textures(app_State *a, app_Heat *h)
{
    for (int c = 0; c <= NN_MAX_LAYERS; c++)
        for (int i = 0; i < APP_MAX_SHOWN; i++)
            if (h->tex[c][i]) {
                plat_texture_destroy(a->plat, h->tex[c][i]);
                h->tex[c][i] = 0;
            }
    if (h->tex_out)
        plat_texture_destroy(a->plat, h->tex_out);
    if (h->tex_input_img)
        plat_texture_destroy(a->plat, h->tex_input_img);
    h->tex_out = h->tex_input_img = 0;
}

void app_heat_free(app_State *a, app_Heat *h)
{
    free_textures(a, h);
    nn_infer_destroy(h->small);
    nn_infer_destroy(h->big);
    nn_infer_destroy(h->one);
    free(h->xs);
    free(h->xb);
    free(h->px);
    free(h->curve_x);
    free(h->curve_y);
    h->small = h->big = h->one = NULL;
    h->xs = h->xb = h->curve_x = h->curve_y = NULL;
    h->px = NULL;
    h->ready = 0;
}

void app_thumbs_free(app_State *a)
{
    for (int k = 0; k < NN_PG_COUNT; k++)
        if (a->tex_thumb[k]) {
            plat_texture_destroy(a->plat, a->tex_thumb[k]);
            a->tex_thumb[k] = 0;
        }
}

/* ======================================================================== */
/* grids                                                                     */
/* ======================================================================== */

/* A round step near span / 8 (1, 2 or 5 times a power of ten), so the
 * plane's ends fall on numbers a student can read off the axes. */
static float nice_step(float span)
{
    float raw = span / 8.0f, p = powf(10.0f, floorf(log10f(raw)));
    float m = raw / p;
    return (m <= 1.0f ? 1.0f : m <= 2.0f ? 2.0f : m <= 5.0f ? 5.0f : 10.0f) * p;
}

static void plane_domain(app_State *a)
{
    const nn_Dataset *d = app_train(a);
    float *dm = app_heat(a)->dom;
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, m = 0;
    for (int i = 0; i < d->n; i++)
        for (int c = 0; c < d->dim && c < 2; c++) {
            float v = nn_dataset_x(d, i, c);
            if (!isfinite(v))
                continue;
            lo[c] = fminf(lo[c], v);
            hi[c] = fmaxf(hi[c], v);
            m = fmaxf(m, fabsf(v));
        }
    if (app_spec(a)->data.kind == NN_SRC_PLAYGROUND || !(hi[0] >= lo[0]) || !(hi[1] >= lo[1])) {
        /* Playground's plane unless the data reaches past it */
        float r = m <= APP_DOMAIN ? APP_DOMAIN : ceilf(m * 1.1f);
        dm[0] = dm[2] = -r;
        dm[1] = dm[3] = r;
        return;
    }
    /* other data (a CSV) on its own range: both axes get the same span, so
     * the plot keeps the data's shape, padded and ended on round numbers */
    float span = fmaxf(hi[0] - lo[0], hi[1] - lo[1]);
    if (!(span > 0))
        span = fmaxf(1.0f, m);
    float pad = 0.05f * span, step = nice_step(span * 1.1f);
    float l[2], h[2], want = 0;
    for (int c = 0; c < 2; c++) {
        l[c] = floorf((lo[c] - pad) / step) * step;
        h[c] = ceilf((hi[c] + pad) / step) * step;
        want = fmaxf(want, h[c] - l[c]);
    }
    for (int c = 0; c < 2; c++) {
        /* widen the narrower axis a step at a time, on both sides in turn */
        for (int k = 0; h[c] - l[c] < want - 0.5f * step && k < 64; k++) {
            if (k % 2)
                l[c] -= step;
            else
                h[c] += step;
        }
        dm[2 * c] = l[c];
        dm[2 * c + 1] = l[c] + want;
    }
}

static void line_domain(app_State *a)
{
    const nn_Dataset *d = app_train(a);
    float lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < d->n; i++) {
        float v = nn_dataset_x(d, i, 0);
        if (v < lo)
            lo = v;
        if (v > hi)
            hi = v;
    }
    if (!(hi > lo)) {
        lo = -1;
        hi = 1;
    }
    float pad = (hi - lo) * 0.05f;
    app_heat(a)->dom[0] = lo - pad;
    app_heat(a)->dom[1] = hi + pad;
    app_heat(a)->dom[2] = app_heat(a)->dom[3] = 0;
}

/* Grid of n x n plane points, rows top (x2 high) to bottom, features applied. */
static float *plane_grid(const app_State *a, int n, int in_w, uint32_t features)
{
    float *x = malloc((size_t)n * (size_t)n * (size_t)in_w * sizeof *x);
    if (!x)
        return NULL;
    const float *dm = app_heat(a)->dom;
    for (int py = 0; py < n; py++)
        for (int px = 0; px < n; px++) {
            float x1 = dm[0] + (dm[1] - dm[0]) * ((float)px + 0.5f) / (float)n;
            float x2 = dm[3] - (dm[3] - dm[2]) * ((float)py + 0.5f) / (float)n;
            float *row = x + ((size_t)py * (size_t)n + (size_t)px) * (size_t)in_w;
            if (features) {
                nn_features_apply(features, x1, x2, row);
            } else {
                row[0] = x1;
                if (in_w > 1)
                    row[1] = x2;
            }
        }
    return x;
}

static float *line_grid(const app_State *a, int n)
{
    float *x = malloc((size_t)n * sizeof *x);
    if (!x)
        return NULL;
    for (int i = 0; i < n; i++)
        x[i] = app_heat(a)->dom[0] + (app_heat(a)->dom[1] - app_heat(a)->dom[0]) * ((float)i + 0.5f) / (float)n;
    return x;
}

static int make_tex(app_State *a, int *slot, int w, int h, int smooth)
{
    if (!*slot)
        *slot = plat_texture_create(a->plat, w, h, smooth);
    return *slot;
}

static int ensure(app_State *a)
{
    app_Heat *h = app_heat(a);
    const nn_Model *m = app_model(a);
    int view = app_view_of(a);
    uint32_t features = app_spec(a)->data.features;
    if (h->ready && h->view == view && h->features == features &&
        memcmp(&h->arch, &m->arch, sizeof h->arch) == 0)
        return 0;
    app_heat_free(a, h);
    h->arch = m->arch;
    h->features = features;
    h->view = view;
    h->drawn_step = -1;
    int in_w = nn_model_inputs(m);
    char err[256];
    int gs = APP_GRID_SMALL, gb = APP_GRID_BIG;
    if (nn_infer_create(&h->one, &m->arch, 1, err, sizeof err) != NN_OK)
        return -1;
    size_t px_n = (size_t)gb * (size_t)gb;
    if (view == APP_VIEW_IMAGE) {
        size_t img = (size_t)app_train(a)->img_w * (size_t)app_train(a)->img_h;
        if (img > px_n)
            px_n = img;
    }
    h->px = malloc(px_n * sizeof *h->px);
    if (!h->px)
        return -1;
    if (view == APP_VIEW_PLANE) {
        plane_domain(a);
        uint32_t f = app_train(a)->dim == 2 ? features : 0;
        h->xs = plane_grid(a, gs, in_w, f);
        h->xb = plane_grid(a, gb, in_w, f);
        if (!h->xs || !h->xb ||
            nn_infer_create(&h->small, &m->arch, gs * gs, err, sizeof err) != NN_OK ||
            nn_infer_create(&h->big, &m->arch, gb * gb, err, sizeof err) != NN_OK)
            return -1;
    } else if (view == APP_VIEW_LINE) {
        line_domain(a);
        h->xs = line_grid(a, gs * 2);
        h->xb = line_grid(a, gb * 2);
        h->curve_x = malloc((size_t)gb * 2 * sizeof *h->curve_x);
        h->curve_y = malloc((size_t)gb * 2 * sizeof *h->curve_y);
        h->curve_n = gb * 2;
        if (!h->xs || !h->xb || !h->curve_x || !h->curve_y ||
            nn_infer_create(&h->small, &m->arch, gs * 2, err, sizeof err) != NN_OK ||
            nn_infer_create(&h->big, &m->arch, gb * 2, err, sizeof err) != NN_OK)
            return -1;
    }
    h->ready = 1;
    return 0;
}

/* ======================================================================== */
/* colouring                                                                 */
/* ======================================================================== */

/* A unit's value on the [-1, 1] colour axis: a sigmoid's probability
 * spans both colours, centred on 1/2 (Playground's two classes); a
 * softmax unit is one class's probability, white at 0 and blue towards 1
 * (as the network panel's flat tiles draw it). */
static float colour_value(nn_Act act, float v)
{
    if (act == NN_ACT_SIGMOID)
        return 2.0f * v - 1.0f;
    return v;
}

static void fill_unit(uint32_t *px, const float *a, int rows, int units, int j, nn_Act act,
                      int discretize)
{
    /* the shaded map has VIZ_SHADES + 1 colours: index a table, no per-pixel maths */
    static uint32_t lut[VIZ_SHADES + 1];
    static int lut_ready;
    if (!lut_ready) {
        for (int k = 0; k <= VIZ_SHADES; k++)
            lut[k] = viz_pack(viz_diverging((float)k / (float)VIZ_SHADES * 2.0f - 1.0f));
        lut_ready = 1;
    }
    float mul = 1.0f, add = 0.0f;
    if (act == NN_ACT_SIGMOID) {
        mul = 2.0f;
        add = -1.0f;
    }
    /* discretized: the two colours either side of 0; a softmax unit's
     * class is taken from p >= 1/2, else white */
    float cut = act == NN_ACT_SOFTMAX ? 0.5f : 0.0f, below = act == NN_ACT_SOFTMAX ? 0.0f : -1.0f;
    const uint32_t nan_px = viz_pack(viz_diverging(NAN));
    for (int r = 0; r < rows; r++) {
        float t = a[(size_t)r * (size_t)units + (size_t)j] * mul + add;
        if (isnan(t)) {
            px[r] = nan_px;
            continue;
        }
        if (discretize)
            t = t >= cut ? 1.0f : below;
        float u = (t + 1.0f) * 0.5f * (float)(VIZ_SHADES + 1);
        int k = u <= 0.0f ? 0 : u >= (float)VIZ_SHADES ? VIZ_SHADES : (int)u;
        px[r] = lut[k];
    }
}

/* Several outputs: the winning class's colour, stronger as it is surer. */
static void fill_classes(uint32_t *px, const float *a, int rows, int k, int discretize)
{
    viz_Color mid = viz_hex(VIZ_MID_HEX);
    for (int r = 0; r < rows; r++) {
        const float *p = a + (size_t)r * (size_t)k;
        int best = 0;
        for (int c = 1; c < k; c++)
            if (p[c] > p[best])
                best = c;
        float conf = (p[best] - 1.0f / (float)k) / (1.0f - 1.0f / (float)k);
        if (discretize)
            conf = 1.0f;
        if (isnan(p[best])) {
            px[r] = viz_pack(viz_diverging(NAN));
            continue;
        }
        px[r] = viz_pack(viz_lerp(mid, viz_class_color(best), 0.25f + 0.75f * conf));
    }
}

int app_heat_unit_pixels(const app_State *a, int col, int unit, uint32_t *px, int cap, int *w,
                         int *h)
{
    const app_Heat *hp = app_heat(a);
    const nn_Model *m = app_model(a);
    int L = m->arch.n_layers;
    if (!hp->ready || col < 1 || col > L || unit < 0 || unit >= m->arch.sizes[col])
        return -1;
    int units = m->arch.sizes[col];
    nn_Act act = m->arch.act[col - 1];
    const nn_Dataset *d = app_train(a);
    if (hp->view == APP_VIEW_IMAGE && col == 1 && d->img_w * d->img_h == nn_model_inputs(m)) {
        /* the first layer's weights into this unit, as the image they read */
        int in_w = nn_model_inputs(m);
        if (in_w > cap)
            return -1;
        float mx = 0;
        for (int i = 0; i < in_w; i++)
            mx = fmaxf(mx, fabsf(m->W[0][(size_t)i * (size_t)units + (size_t)unit]));
        viz_heat_fill(px, m->W[0] + unit, in_w, units, mx > 0 ? 1.0f / mx : 1.0f, 0);
        *w = d->img_w;
        *h = d->img_h;
        return 0;
    }
    if ((hp->view == APP_VIEW_PLANE || hp->view == APP_VIEW_LINE) && hp->small) {
        /* the unit over the input plane (or line), as its tile */
        int gw = APP_GRID_SMALL, gh = hp->view == APP_VIEW_PLANE ? APP_GRID_SMALL : 1;
        if (hp->view == APP_VIEW_LINE)
            gw = APP_GRID_SMALL * 2;
        if (gw * gh > cap)
            return -1;
        fill_unit(px, hp->small->a[col - 1], gw * gh, units, unit, act, a->discretize);
        *w = gw;
        *h = gh;
        return 0;
    }
    if (hp->one) {
        /* one sample: the unit's activation as one colour */
        if (cap < 1)
            return -1;
        fill_unit(px, hp->one->a[col - 1], 1, units, unit, act, 0);
        *w = *h = 1;
        return 0;
    }
    return -1;
}

float app_output_value(const app_State *a, float x1, float x2)
{
    const app_Heat *h = app_heat(a);
    const nn_Model *m = app_model(a);
    if (!h->one)
        return NAN;
    float in[NN_FEAT_COUNT + 2];
    uint32_t f = app_train(a)->dim == 2 ? app_spec(a)->data.features : 0;
    if (f) {
        nn_features_apply(f, x1, x2, in);
    } else {
        in[0] = x1;
        in[1] = x2;
    }
    nn_infer_run(h->one, m, in, 1);
    int L = m->arch.n_layers;
    return colour_value(m->arch.act[L - 1], h->one->a[L - 1][0]);
}

static void input_tiles(app_State *a)
{
    /* Playground shows all seven features; each is coloured by its own range */
    app_Heat *h = app_heat(a);
    int gs = APP_GRID_SMALL;
    float *g = plane_grid(a, gs, NN_FEAT_COUNT, NN_FEAT_ALL);
    if (!g)
        return;
    for (int k = 0; k < NN_FEAT_COUNT && k < APP_MAX_SHOWN; k++) {
        float mx = 0;
        for (int r = 0; r < gs * gs; r++)
            if (fabsf(g[r * NN_FEAT_COUNT + k]) > mx)
                mx = fabsf(g[r * NN_FEAT_COUNT + k]);
        viz_heat_fill(h->px, g + k, gs * gs, NN_FEAT_COUNT, mx > 0 ? 1.0f / mx : 1.0f, 0);
        if (make_tex(a, &h->tex[0][k], gs, gs, 1))
            plat_texture_update(a->plat, h->tex[0][k], h->px, gs);
    }
    free(g);
}

static void plane_update(app_State *a)
{
    app_Heat *h = app_heat(a);
    const nn_Model *m = app_model(a);
    int gs = APP_GRID_SMALL, gb = APP_GRID_BIG, L = m->arch.n_layers;
    if (!h->tex[0][0])
        input_tiles(a);
    nn_infer_run(h->small, m, h->xs, gs * gs);
    for (int l = 0; l < L; l++) {
        int units = m->arch.sizes[l + 1];
        for (int j = 0; j < units && j < APP_MAX_SHOWN; j++) {
            fill_unit(h->px, h->small->a[l], gs * gs, units, j, m->arch.act[l], 0);
            if (make_tex(a, &h->tex[l + 1][j], gs, gs, 1))
                plat_texture_update(a->plat, h->tex[l + 1][j], h->px, gs);
        }
    }
    nn_infer_run(h->big, m, h->xb, gb * gb);
    int k = nn_model_outputs(m);
    if (k == 1)
        fill_unit(h->px, h->big->a[L - 1], gb * gb, 1, 0, m->arch.act[L - 1], a->discretize);
    else
        fill_classes(h->px, h->big->a[L - 1], gb * gb, k, a->discretize);
    viz_pale(h->px, gb * gb);
    if (make_tex(a, &h->tex_out, gb, gb, 0))
        plat_texture_update(a->plat, h->tex_out, h->px, gb);
}

static void line_update(app_State *a)
{
    app_Heat *h = app_heat(a);
    const nn_Model *m = app_model(a);
    int n = APP_GRID_SMALL * 2, L = m->arch.n_layers;
    nn_infer_run(h->small, m, h->xs, n);
    /* input tile: x itself */
    float mx = fmaxf(fabsf(h->dom[0]), fabsf(h->dom[1]));
    viz_heat_fill(h->px, h->xs, n, 1, mx > 0 ? 1.0f / mx : 1.0f, 0);
    if (make_tex(a, &h->tex[0][0], n, 1, 1))
        plat_texture_update(a->plat, h->tex[0][0], h->px, n);
    for (int l = 0; l < L; l++) {
        int units = m->arch.sizes[l + 1];
        for (int j = 0; j < units && j < APP_MAX_SHOWN; j++) {
            fill_unit(h->px, h->small->a[l], n, units, j, m->arch.act[l], 0);
            if (make_tex(a, &h->tex[l + 1][j], n, 1, 1))
                plat_texture_update(a->plat, h->tex[l + 1][j], h->px, n);
        }
    }
    nn_infer_run(h->big, m, h->xb, h->curve_n);
    int k = nn_model_outputs(m);
    for (int i = 0; i < h->curve_n; i++) {
        h->curve_x[i] = h->xb[i];
        h->curve_y[i] = h->big->a[L - 1][(size_t)i * (size_t)k];
    }
}

/* The current sample through the network, and (images) the first layer's
 * incoming weights drawn as images. */
static void sample_update(app_State *a)
{
    app_Heat *h = app_heat(a);
    const nn_Model *m = app_model(a);
    const nn_Dataset *d = app_test(a) ? app_test(a) : app_train(a);
    if (a->sample < 0 || a->sample >= d->n)
        a->sample = 0;
    /* stepping through a batch: the selected batch row is the sample */
    int spot = h->spot_row >= 0 && h->spot_row < app_train(a)->n;
    if (spot)
        d = app_train(a);
    int in_w = nn_model_inputs(m);
    float *x = malloc((size_t)in_w * sizeof *x);
    if (!x)
        return;
    int idx = spot ? h->spot_row : a->sample;
    nn_dataset_gather_x(d, &idx, 1, app_spec(a)->data.features, x);
    nn_infer_run(h->one, m, x, 1);
    free(x);
    if (h->view != APP_VIEW_IMAGE)
        return;
    int w = d->img_w, hh = d->img_h;
    for (int i = 0; i < w * hh; i++) {
        float v = nn_dataset_x(d, idx, i);
        v = v < 0 ? 0 : v > 1 ? 1 : v;
        uint8_t g = (uint8_t)lroundf(255.0f - 225.0f * v); /* dark ink on white */
        h->px[i] = 0xff000000u | ((uint32_t)g << 16) | ((uint32_t)g << 8) | g;
    }
    if (make_tex(a, &h->tex_input_img, w, hh, 0))
        plat_texture_update(a->plat, h->tex_input_img, h->px, w);
    int units = m->arch.sizes[1];
    if (in_w != w * hh)
        return;
    for (int j = 0; j < units && j < APP_MAX_SHOWN; j++) {
        float mx = 0;
        for (int i = 0; i < in_w; i++)
            mx = fmaxf(mx, fabsf(m->W[0][(size_t)i * (size_t)units + (size_t)j]));
        viz_heat_fill(h->px, m->W[0] + j, in_w, units, mx > 0 ? 1.0f / mx : 1.0f, 0);
        if (make_tex(a, &h->tex[1][j], w, hh, 0))
            plat_texture_update(a->plat, h->tex[1][j], h->px, w);
    }
}

/* Playground's six thumbnails, drawn once. */
static void thumbnails(app_State *a)
{
    int n = APP_THUMB;
    uint32_t *px = malloc((size_t)n * (size_t)n * sizeof *px);
    if (!px)
        return;
    for (int k = 0; k < NN_PG_COUNT; k++) {
        nn_Dataset *d = NULL;
        nn_Rng rng;
        nn_rng_seed(&rng, 7);
        char err[128];
        if (nn_data_playground(&d, (nn_PlaygroundSet)k, 300, 0, &rng, err, sizeof err) != NN_OK)
            continue;
        uint32_t bg = viz_pack(viz_hex(0xf4f5f6));
        float ymax = 0; /* regression targets are shown relative to the largest */
        for (int i = 0; d->y && i < d->n; i++)
            ymax = fmaxf(ymax, fabsf(d->y[i]));
        for (int i = 0; i < n * n; i++)
            px[i] = bg;
        for (int i = 0; i < d->n; i++) {
            float x1 = nn_dataset_x(d, i, 0), x2 = nn_dataset_x(d, i, 1);
            float t = d->task == NN_TASK_CLASSIFY ? (d->label[i] ? 1.0f : -1.0f)
                                                  : d->y[i] / (ymax > 0 ? ymax : 1.0f);
            uint32_t c = viz_pack(viz_diverging(t));
            int cx = (int)((x1 + 6.0f) / 12.0f * (float)n), cy = (int)((6.0f - x2) / 12.0f * (float)n);
            for (int dy = -1; dy <= 0; dy++)
                for (int dx = -1; dx <= 0; dx++) {
                    int X = cx + dx, Y = cy + dy;
                    if (X >= 0 && X < n && Y >= 0 && Y < n)
                        px[Y * n + X] = c;
                }
        }
        nn_dataset_destroy(d);
        if (make_tex(a, &a->tex_thumb[k], n, n, 1))
            plat_texture_update(a->plat, a->tex_thumb[k], px, n);
    }
    free(px);
}

void app_heat_update(app_State *a)
{
    app_Heat *h = app_heat(a);
    if (!a->tex_thumb[0])
        thumbnails(a);
    if (ensure(a) != 0) {
        app_heat_free(a, h);
        return;
    }
    int64_t step = app_snap(a)->cursor.step;
    int spot = app_step_on(a) && app_snap(a)->rowv.valid ? app_snap(a)->rowv.data_row : -1;
    if (spot != h->spot_row) {
        h->spot_row = spot;
        h->drawn_step = -1;
    }
    /* the cursor's step identifies the weights; edits and toggles reset drawn_step */
    if (h->drawn_step == step)
        return;
    if (h->view == APP_VIEW_PLANE)
        plane_update(a);
    else if (h->view == APP_VIEW_LINE)
        line_update(a);
    sample_update(a);
    h->drawn_step = step;
}

void app_plot_to_plane(const app_State *a, ui_Rect plot, float px, float py, float *x1, float *x2)
{
    const float *d = app_heat(a)->dom;
    *x1 = d[0] + (d[1] - d[0]) * (px - (float)plot.x) / (float)plot.w;
    *x2 = d[3] - (d[3] - d[2]) * (py - (float)plot.y) / (float)plot.h;
}

void app_plane_to_plot(const app_State *a, ui_Rect plot, float x1, float x2, float *px, float *py)
{
    const float *d = app_heat(a)->dom;
    *px = (float)plot.x + (x1 - d[0]) / (d[1] - d[0]) * (float)plot.w;
    *py = (float)plot.y + (d[3] - x2) / (d[3] - d[2]) * (float)plot.h;
}
