/* landscape_grid.c - the loss over many points of a slice w + a*d1 + b*d2,
 * computed as one lean forward pass per point (no metrics, no confusion).
 *
 * What makes a 51x51 grid cheap:
 *   - the inputs and targets are gathered once per chunk of rows, not once
 *     per point (the spiral's sin features cost more than its network);
 *   - the first layer is linear in its weights, so with X a chunk of inputs
 *       X (W + a*D1 + b*D2) + (c + a*e1 + b*e2)
 *         = (X W + c) + a*(X D1 + e1) + b*(X D2 + e2)
 *     and the three products on the right are computed once per chunk: the
 *     784-wide product of an image network runs 3 times, not once per
 *     point. Each point's first-layer pre-activation is then 2 multiply-adds
 *     per entry. It differs from forming the moved weights first only by
 *     float rounding;
 *   - later layers take relu outputs (mostly zeros) through the sparse
 *     kernel, which sums the same products in the same order as the dense one;
 *   - small networks (Playground's) run their later layers unit-major,
 *     vectorized across rows (the engine's forward_unit_major kernel);
 *     the point's weights and first-layer sums are the lincomb3 kernel, and
 *     activations the engine's own loops, all from the dense-kernel table
 *     chosen once for the processor (engine/dense.h).
 * What stays expensive in an image network is its second layer (128x64
 * products per row and point): 51x51 points over 2000 rows are 43e9
 * multiply-adds, which no trick above removes.
 *
 * Points are split over the pool's threads, each point computed whole by
 * one thread with the same chunks in the same order, and the shared
 * first-layer products are split by rows (each row whole by one thread), so
 * the numbers do not depend on the thread count. */
#include "landscape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dense.h"
#include "engine/fastmath.h"
#include "engine/fpmode.h"
#include "engine/loss.h"
#include "engine/pool.h"

/* Rows per chunk: small enough that a chunk's hidden activations stay in a
 * core's (1 MB) cache while the next layer reads them, large enough that a
 * point's weights, formed once per chunk, are formed few times (512 rows:
 * 9 % less time for the 784-128-64-10 grid than 256). */
#define GRID_CHUNK 512
/* Points per block: their running loss sums live in the workspace. Larger
 * grids are computed block by block (the first-layer products again per
 * block, a small cost next to 4096 points' forward passes). */
#define GRID_BLOCK 4096
/* Networks whose layers after the first have at most this many units take
 * the unit-major path (point_chunk_loss_narrow). */
#define NARROW_OUT 16

/* One thread's scratch. */
typedef struct {
    nn_Model *probe;         /* layers 2.. set to the point's weights */
    float *z[NN_MAX_LAYERS]; /* (GRID_CHUNK, sizes[l+1]) pre-activations */
    float *a[NN_MAX_LAYERS]; /* (GRID_CHUNK, sizes[l+1]) activations */
    nn_SparseWork sparse;    /* for relu inputs of layers 2.. */
    void *mem;               /* the allocation behind z, a and sparse */
} GridPart;

struct race_Landscape {
    int parts;                            /* threads, the caller's included */
    nn_Pool *pool;                        /* NULL with one thread */
    const nn_DenseKernels *k;             /* chosen once */
    nn_Arch arch;                         /* the architecture it was made for */
    size_t n_params;
    size_t W_off[NN_MAX_LAYERS], b_off[NN_MAX_LAYERS];
    GridPart part[NN_POOL_MAX_THREADS];
    float *x;                             /* (GRID_CHUNK, sizes[0]) inputs */
    float *t;                             /* (GRID_CHUNK, n_out) targets */
    int *idx;                             /* (GRID_CHUNK) row numbers */
    float *p[3];                          /* (GRID_CHUNK, sizes[1]) X W + c, X D1 + e1, X D2 + e2 */
    float *pt[3];                         /* the same unit-major (narrow networks) */
    int narrow;                           /* take the unit-major path */
    double *sum;                          /* (GRID_BLOCK) loss sums of the block's points */
    float *line_dir, *zeros;              /* (n_params) each: race_landscape_line's plane */
    /* the computation in progress, for the workers */
    nn_Loss loss_kind;
    nn_Reg reg;
    float reg_rate;
    const float *w, *d1, *d2, *a, *b;
    int nx, lo, hi;                       /* grid width; the block's points [lo, hi) */
    int rows, last;                       /* the chunk's rows; is it the data set's last */
    int n_rows;                           /* the data set's rows */
    float *loss;
};

static void part_free(GridPart *g)
{
    nn_model_destroy(g->probe);
    free(g->mem);
    memset(g, 0, sizeof *g);
}

static nn_Status part_init(GridPart *g, const nn_Model *m, char *err, size_t err_len)
{
    const nn_Arch *A = &m->arch;
    size_t floats = 0;
    int widest = 1;
    for (int l = 0; l < A->n_layers; l++) {
        floats += 2 * (size_t)GRID_CHUNK * A->sizes[l + 1];
        if (l > 0 && A->sizes[l] > widest)
            widest = A->sizes[l];
    }
    size_t acts = (floats * sizeof(float) + 63) / 64 * 64;
    size_t bytes = acts + nn_sparse_work_size(GRID_CHUNK, widest);
    nn_Status st = nn_model_clone(&g->probe, m, err, err_len);
    if (st != NN_OK)
        return st;
    g->mem = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!g->mem) {
        nn_errorf(err, err_len, "out of memory for a loss landscape");
        return NN_ERR_NOMEM;
    }
    float *f = g->mem;
    for (int l = 0; l < A->n_layers; l++) {
        g->z[l] = f;
        f += (size_t)GRID_CHUNK * A->sizes[l + 1];
        g->a[l] = f;
        f += (size_t)GRID_CHUNK * A->sizes[l + 1];
    }
    nn_sparse_work_init(&g->sparse, (char *)g->mem + acts, GRID_CHUNK, widest);
    return NN_OK;
}

nn_Status race_landscape_create(race_Landscape **out, const nn_Model *m, char *err,
                                size_t err_len)
{
    *out = NULL;
    race_Landscape *L = calloc(1, sizeof *L);
    if (!L) {
        nn_errorf(err, err_len, "out of memory for a loss landscape");
        return NN_ERR_NOMEM;
    }
    L->parts = nn_pool_default_threads();
    if (L->parts < 1)
        L->parts = 1;
    if (L->parts > NN_POOL_MAX_THREADS)
        L->parts = NN_POOL_MAX_THREADS;
    L->k = nn_dense_kernels();
    L->narrow = 1;
    for (int l = 1; l < m->arch.n_layers; l++)
        L->narrow &= m->arch.sizes[l + 1] <= NARROW_OUT;
    L->arch = m->arch;
    L->n_params = m->n_params;
    for (int l = 0; l < m->arch.n_layers; l++) {
        L->W_off[l] = m->W_off[l];
        L->b_off[l] = m->b_off[l];
    }
    int n_in = m->arch.sizes[0], h1 = m->arch.sizes[1], n_out = m->arch.sizes[m->arch.n_layers];
    nn_Status st = NN_OK;
    if (L->parts > 1)
        st = nn_pool_create(&L->pool, L->parts, err, err_len);
    for (int k = 0; k < L->parts && st == NN_OK; k++)
        st = part_init(&L->part[k], m, err, err_len);
    if (st == NN_OK) {
        L->x = malloc((size_t)GRID_CHUNK * n_in * sizeof *L->x);
        L->t = malloc((size_t)GRID_CHUNK * n_out * sizeof *L->t);
        L->idx = malloc(GRID_CHUNK * sizeof *L->idx);
        for (int q = 0; q < 3; q++) {
            L->p[q] = malloc((size_t)GRID_CHUNK * h1 * sizeof *L->p[q]);
            L->pt[q] = calloc((size_t)GRID_CHUNK * h1, sizeof *L->pt[q]);
        }
        L->sum = malloc(GRID_BLOCK * sizeof *L->sum);
        L->line_dir = malloc(m->n_params * sizeof *L->line_dir);
        L->zeros = calloc(m->n_params, sizeof *L->zeros);
        if (!L->x || !L->t || !L->idx || !L->p[0] || !L->p[1] || !L->p[2] || !L->pt[0] ||
            !L->pt[1] || !L->pt[2] || !L->sum ||
            !L->line_dir || !L->zeros) {
            nn_errorf(err, err_len, "out of memory for a loss landscape");
            st = NN_ERR_NOMEM;
        }
    }
    if (st != NN_OK) {
        race_landscape_destroy(L);
        return st;
    }
    *out = L;
    return NN_OK;
}

void race_landscape_destroy(race_Landscape *L)
{
    if (!L)
        return;
    for (int k = 0; k < NN_POOL_MAX_THREADS; k++)
        part_free(&L->part[k]);
    nn_pool_destroy(L->pool);
    free(L->x);
    free(L->t);
    free(L->idx);
    for (int q = 0; q < 3; q++) {
        free(L->p[q]);
        free(L->pt[q]);
    }
    free(L->sum);
    free(L->line_dir);
    free(L->zeros);
    free(L);
}

int race_landscape_fits(const race_Landscape *L, const nn_Model *m)
{
    return m->n_params == L->n_params && m->arch.n_layers == L->arch.n_layers &&
           memcmp(m->arch.sizes, L->arch.sizes, sizeof m->arch.sizes) == 0;
}

static nn_Status check_fit(race_Landscape *L, const nn_Model *m, char *err, size_t err_len)
{
    if (m->n_params != L->n_params ||
        memcmp(m->arch.sizes, L->arch.sizes, sizeof m->arch.sizes) != 0 ||
        m->arch.n_layers != L->arch.n_layers) {
        nn_errorf(err, err_len, "the landscape was made for another architecture");
        return NN_ERR_INVALID_ARG;
    }
    /* activations, loss and regularization may change between calls (a
     * rebuild, a slider); the buffers depend on the sizes only */
    memcpy(L->arch.act, m->arch.act, sizeof L->arch.act);
    L->loss_kind = m->loss;
    L->reg = m->reg;
    L->reg_rate = m->reg_rate;
    return NN_OK;
}

/* Rows of this part of the chunk: the first layer's three products. */
static void first_layer_part(void *ctx, int part, int parts)
{
    race_Landscape *L = ctx;
    int r0, r1;
    nn_pool_share(L->rows, 16, part, parts, &r0, &r1);
    if (r0 >= r1)
        return;
    int in = L->arch.sizes[0], out = L->arch.sizes[1];
    const float *dir[3] = {L->w, L->d1, L->d2};
    for (int q = 0; q < 3; q++)
        L->k->forward(L->p[q] + (size_t)r0 * out, L->x + (size_t)r0 * in, in,
                      dir[q] + L->W_off[0], dir[q] + L->b_off[0], r1 - r0, in, out, 0, out);
}

/* The regularization penalty at one point, summed as nn_model_reg_penalty
 * sums it over the moved weights (formed here as the probe would hold them). */
static double point_penalty(const race_Landscape *L, float ac, float br)
{
    if (L->reg == NN_REG_NONE || L->reg_rate == 0.0f)
        return 0.0;
    double s = 0.0;
    for (int l = 0; l < L->arch.n_layers; l++) {
        size_t n = (size_t)L->arch.sizes[l] * L->arch.sizes[l + 1], o = L->W_off[l];
        for (size_t i = 0; i < n; i++) {
            float v = L->w[o + i] + ac * L->d1[o + i] + br * L->d2[o + i];
            s += L->reg == NN_REG_L1 ? fabs(v) : (double)v * v;
        }
    }
    return L->reg_rate * s;
}

/* The chunk's loss sum at one point: layer 1 from the three products, the
 * rest through the point's weights. */
static double point_chunk_loss(race_Landscape *L, GridPart *g, float ac, float br)
{
    const nn_Arch *A = &L->arch;
    const nn_DenseKernels *k = L->k;
    int rows = L->rows, nl = A->n_layers, h1 = A->sizes[1];
    size_t n1 = (size_t)rows * h1;
    const float *p0 = L->p[0], *p1 = L->p[1], *p2 = L->p[2];
    float *z = g->z[0];
    L->k->lincomb3(z, p0, p1, p2, ac, br, n1);
    k->act_forward(A->act[0], g->a[0], z, rows, h1);
    float *p = g->probe->params;
    for (int l = 1; l < nl; l++) {
        int in = A->sizes[l], out = A->sizes[l + 1];
        /* the point's weights of this layer, as the probe of a moved model holds them */
        size_t o = L->W_off[l], n = (size_t)in * out, ob = L->b_off[l];
        L->k->lincomb3(p + o, L->w + o, L->d1 + o, L->d2 + o, ac, br, n);
        L->k->lincomb3(p + ob, L->w + ob, L->d1 + ob, L->d2 + ob, ac, br, (size_t)out);
        const float *W = p + o, *b = p + L->b_off[l];
        if (A->act[l - 1] == NN_ACT_RELU)
            k->forward_sparse(g->z[l], g->a[l - 1], in, W, b, rows, in, out, &g->sparse);
        else
            k->forward(g->z[l], g->a[l - 1], in, W, b, rows, in, out, 0, out);
        k->act_forward(A->act[l], g->a[l], g->z[l], rows, out);
    }
    int no = A->sizes[nl];
    return nn_loss_eval(L->loss_kind, A->act[nl - 1], g->z[nl - 1], g->a[nl - 1], L->t, rows, no,
                        NULL) *
           rows;
}

/* point_chunk_loss on the unit-major path (the engine's forward_unit_major kernel). */
static double point_chunk_loss_narrow(race_Landscape *L, GridPart *g, float ac, float br)
{
    const nn_Arch *A = &L->arch;
    int rows = L->rows, nl = A->n_layers, h1 = A->sizes[1];
    int ld = (rows + 15) / 16 * 16;
    size_t n1 = (size_t)ld * h1;
    const float *p0 = L->pt[0], *p1 = L->pt[1], *p2 = L->pt[2];
    float *z = g->z[0];
    L->k->lincomb3(z, p0, p1, p2, ac, br, n1);
    /* elementwise, so the layout does not matter; the output layer (maybe
     * softmax) is activated after it is turned back to rows */
    if (nl > 1)
        L->k->act_forward(A->act[0], g->a[0], z, ld, h1);
    float *p = g->probe->params;
    for (int l = 1; l < nl; l++) {
        int in = A->sizes[l], out = A->sizes[l + 1];
        size_t o = L->W_off[l], n = (size_t)in * out, ob = L->b_off[l];
        L->k->lincomb3(p + o, L->w + o, L->d1 + o, L->d2 + o, ac, br, n);
        L->k->lincomb3(p + ob, L->w + ob, L->d1 + ob, L->d2 + ob, ac, br, (size_t)out);
        L->k->forward_unit_major(g->z[l], g->a[l - 1], p + o, p + L->b_off[l], ld, in, out);
        if (l < nl - 1)
            L->k->act_forward(A->act[l], g->a[l], g->z[l], ld, out);
    }
    /* the output layer back to rows (z into a's buffer, then a = f(z)) */
    int no = A->sizes[nl];
    float *zt = g->z[nl - 1], *zr = g->a[nl - 1];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < no; j++)
            zr[(size_t)r * no + j] = zt[(size_t)j * ld + r];
    memcpy(zt, zr, (size_t)rows * no * sizeof *zt);
    L->k->act_forward(A->act[nl - 1], g->a[nl - 1], zt, rows, no);
    return nn_loss_eval(L->loss_kind, A->act[nl - 1], zt, g->a[nl - 1], L->t, rows, no, NULL) *
           rows;
}

/* This part's share of the block's points, for the current chunk. */
static void points_part(void *ctx, int part, int parts)
{
    race_Landscape *L = ctx;
    GridPart *g = &L->part[part];
    int lo, hi;
    nn_pool_share(L->hi - L->lo, 1, part, parts, &lo, &hi);
    for (int q = L->lo + lo; q < L->lo + hi; q++) {
        float ac = L->a[q % L->nx], br = L->b[q / L->nx];
        L->sum[q - L->lo] += L->narrow ? point_chunk_loss_narrow(L, g, ac, br)
                                       : point_chunk_loss(L, g, ac, br);
        if (L->last)
            L->loss[q] = (float)(L->sum[q - L->lo] / L->n_rows + point_penalty(L, ac, br));
    }
}

/* The first layer's products, unit-major for the narrow path, pad rows 0. */
static void unit_major_products(race_Landscape *L)
{
    int rows = L->rows, h1 = L->arch.sizes[1], ld = (rows + 15) / 16 * 16;
    for (int q = 0; q < 3; q++)
        for (int j = 0; j < h1; j++) {
            float *dst = L->pt[q] + (size_t)j * ld;
            for (int r = 0; r < rows; r++)
                dst[r] = L->p[q][(size_t)r * h1 + j];
            for (int r = rows; r < ld; r++)
                dst[r] = 0.0f;
        }
}

/* loss at every point of the plane w + a*d1 + b*d2 (grid nx by ny) over d. */
static void grid_run(race_Landscape *L, const nn_Dataset *d, uint32_t features, const float *w,
                     const float *d1, const float *d2, const float *a, int nx, const float *b,
                     int ny, float *loss)
{
    nn_FpMode fp = nn_fp_enter(); /* the arithmetic of training and nn_evaluate */
    int nl = L->arch.n_layers, no = L->arch.sizes[nl];
    L->w = w;
    L->d1 = d1;
    L->d2 = d2;
    L->a = a;
    L->b = b;
    L->nx = nx;
    L->loss = loss;
    L->n_rows = d->n;
    int total = nx * ny;
    /* a single point (the current loss) is not worth waking threads for */
    int threaded = L->pool && total > 1;
    for (L->lo = 0; L->lo < total; L->lo += GRID_BLOCK) {
        L->hi = total - L->lo < GRID_BLOCK ? total : L->lo + GRID_BLOCK;
        memset(L->sum, 0, GRID_BLOCK * sizeof *L->sum);
        for (int start = 0; start < d->n; start += GRID_CHUNK) {
            L->rows = d->n - start < GRID_CHUNK ? d->n - start : GRID_CHUNK;
            L->last = start + L->rows >= d->n;
            for (int r = 0; r < L->rows; r++)
                L->idx[r] = start + r;
            nn_dataset_gather_x(d, L->idx, L->rows, features, L->x);
            nn_dataset_gather_targets(d, L->idx, L->rows, L->loss_kind, L->arch.act[nl - 1], no,
                                      L->t);
            if (threaded)
                nn_pool_run(L->pool, first_layer_part, L);
            else
                first_layer_part(L, 0, 1);
            if (L->narrow)
                unit_major_products(L);
            if (threaded)
                nn_pool_run(L->pool, points_part, L);
            else
                points_part(L, 0, 1);
        }
    }
    nn_fp_leave(fp);
}

nn_Status race_landscape_grid(race_Landscape *L, const nn_Model *m, const nn_Dataset *d,
                              uint32_t features, const float *d1, const float *d2,
                              const float *a, int nx, const float *b, int ny, float *loss,
                              char *err, size_t err_len)
{
    nn_Status st = check_fit(L, m, err, err_len);
    if (st != NN_OK)
        return st;
    if (nx < 1 || ny < 1 || nx > 4096 || ny > 4096 || !d || d->n < 1) {
        nn_errorf(err, err_len, "a landscape needs a grid of 1x1 to 4096x4096 and a data set");
        return NN_ERR_INVALID_ARG;
    }
    grid_run(L, d, features, m->params, d1, d2, a, nx, b, ny, loss);
    return NN_OK;
}

nn_Status race_landscape_line(race_Landscape *L, const nn_Model *m, const nn_Dataset *d,
                              uint32_t features, const float *from, const float *to,
                              const float *t, int nt, float *loss, char *err, size_t err_len)
{
    nn_Status st = check_fit(L, m, err, err_len);
    if (st != NN_OK)
        return st;
    if (nt < 1 || !d || d->n < 1) {
        nn_errorf(err, err_len, "a loss line needs at least one point and a data set");
        return NN_ERR_INVALID_ARG;
    }
    /* the line is the plane from + t*(to - from) + 0*0: a row of nt points */
    for (size_t i = 0; i < L->n_params; i++)
        L->line_dir[i] = to[i] - from[i];
    const float zero = 0.0f;
    grid_run(L, d, features, from, L->line_dir, L->zeros, t, nt, &zero, 1, loss);
    return NN_OK;
}
