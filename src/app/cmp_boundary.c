/* cmp_boundary.c - the compare view's pictures: each value's decision
 * boundary over the plane, computed once into a texture. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmp_view.h"
#include "engine/infer.h"
#include "viz/viz_color.h"

#define GRID 100 /* decision boundary resolution */

static const app_CmpRun *first_run(const app_Compare *c, int i)
{
    return &c->runs[i * c->n_seeds];
}

/* 2-D inputs drawn over the plane (Playground's sets and 2-column CSVs). */
int app_cmp_is_plane(const app_Compare *c)
{
    return c->train->dim == 2 && !c->train->img_w;
}

/* Half the side of the square the plane shows: Playground's 6 unless the data reaches past it. */
float app_cmp_plane_radius(const nn_Dataset *d)
{
    float m = 0;
    for (int i = 0; i < d->n; i++)
        for (int k = 0; k < 2; k++) {
            float x = fabsf(nn_dataset_x(d, i, k));
            if (isfinite(x) && x > m)
                m = x;
        }
    return m <= 6.0f ? 6.0f : ceilf(m * 1.1f);
}

static void fill_boundary(uint32_t *px, const nn_Infer *inf, const nn_Model *m, int rows)
{
    int L = m->arch.n_layers, k = nn_model_outputs(m);
    nn_Act act = m->arch.act[L - 1];
    const float *a = inf->a[L - 1];
    viz_Color mid = viz_hex(VIZ_MID_HEX);
    for (int r = 0; r < rows; r++) {
        const float *p = a + (size_t)r * (size_t)k;
        if (k == 1) {
            float t = act == NN_ACT_SIGMOID ? 2.0f * p[0] - 1.0f : p[0];
            px[r] = viz_pack(viz_diverging_shaded(t));
            continue;
        }
        int best = 0;
        for (int j = 1; j < k; j++)
            if (p[j] > p[best])
                best = j;
        float conf = (p[best] - 1.0f / (float)k) / (1.0f - 1.0f / (float)k);
        px[r] = isnan(p[best]) ? viz_pack(viz_diverging(NAN))
                               : viz_pack(viz_lerp(mid, viz_class_color(best), 0.25f + 0.75f * conf));
    }
}

int app_cmp_view_prepare(app_CmpView *v, char *err, size_t err_len)
{
    const app_Compare *c = v->c;
    memset(v->tex, 0, sizeof v->tex);
    v->tex_n = 0;
    if (!app_cmp_is_plane(c))
        return 0;
    uint32_t feat = c->runs[0].spec.data.features;
    int in_w = nn_dataset_input_width(c->train, feat);
    float r = app_cmp_plane_radius(c->train);
    float *x = malloc(sizeof(float) * GRID * GRID * (size_t)in_w);
    uint32_t *px = malloc(sizeof(uint32_t) * GRID * GRID);
    int rc = x && px ? 0 : -1;
    if (rc)
        snprintf(err, err_len, "out of memory for the decision boundaries");
    for (int py = 0; py < GRID && !rc; py++)
        for (int q = 0; q < GRID; q++) {
            float x1 = -r + 2 * r * ((float)q + 0.5f) / GRID, x2 = r - 2 * r * ((float)py + 0.5f) / GRID;
            float *row = x + ((size_t)py * GRID + (size_t)q) * (size_t)in_w;
            if (feat)
                nn_features_apply(feat, x1, x2, row);
            else
                row[0] = x1, row[1] = x2;
        }
    for (int i = 0; i < c->vary.n_values && !rc; i++) {
        const nn_Model *m = first_run(c, i)->s->model;
        nn_Infer *inf = NULL;
        if (nn_infer_create(&inf, &m->arch, GRID * GRID, err, err_len) != NN_OK) {
            rc = -1;
            break;
        }
        nn_infer_run(inf, m, x, GRID * GRID);
        fill_boundary(px, inf, m, GRID * GRID);
        nn_infer_destroy(inf);
        v->tex[i] = plat_texture_create(v->plat, GRID, GRID, 0);
        if (!v->tex[i]) {
            snprintf(err, err_len, "cannot create a texture");
            rc = -1;
            break;
        }
        plat_texture_update(v->plat, v->tex[i], px, GRID);
    }
    v->tex_n = GRID;
    free(x);
    free(px);
    return rc;
}

void app_cmp_view_free(app_CmpView *v)
{
    for (int i = 0; i < APP_CMP_MAX_VALUES; i++)
        if (v->tex[i])
            plat_texture_destroy(v->plat, v->tex[i]);
    memset(v->tex, 0, sizeof v->tex);
}

