/* infer.c - forward passes over many rows with every layer's output kept. */
#include "infer.h"

#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "fpmode.h"
#include "pool.h"

nn_Status nn_infer_create(nn_Infer **out, const nn_Arch *arch, int max_rows, char *err,
                          size_t err_len)
{
    *out = NULL;
    if (max_rows < 1 || max_rows > (1 << 24)) {
        nn_errorf(err, err_len, "inference rows must be 1 to %d, not %d", 1 << 24, max_rows);
        return NN_ERR_INVALID_ARG;
    }
    size_t total = 0;
    for (int l = 0; l < arch->n_layers; l++)
        total += 2 * (size_t)max_rows * arch->sizes[l + 1];
    nn_Infer *inf = calloc(1, sizeof *inf);
    float *block = malloc(total * sizeof *block);
    if (!inf || !block) {
        free(inf);
        free(block);
        nn_errorf(err, err_len, "out of memory for inference over %d rows", max_rows);
        return NN_ERR_NOMEM;
    }
    inf->max_rows = max_rows;
    inf->n_layers = arch->n_layers;
    memcpy(inf->sizes, arch->sizes, sizeof inf->sizes);
    inf->block = block;
    inf->kernels = nn_dense_kernels();
    size_t off = 0;
    for (int l = 0; l < arch->n_layers; l++) {
        inf->z[l] = block + off;
        off += (size_t)max_rows * arch->sizes[l + 1];
        inf->a[l] = block + off;
        off += (size_t)max_rows * arch->sizes[l + 1];
    }
    *out = inf;
    return NN_OK;
}

void nn_infer_destroy(nn_Infer *inf)
{
    if (!inf)
        return;
    nn_pool_destroy(inf->pool);
    free(inf->block);
    free(inf);
}

/* Rows [r0, r1) through every layer. */
static void run_rows(nn_Infer *inf, const nn_Model *m, const float *x, int r0, int r1)
{
    const nn_DenseKernels *k = inf->kernels;
    int rows = r1 - r0;
    const float *in = x + (size_t)r0 * m->arch.sizes[0];
    for (int l = 0; l < m->arch.n_layers; l++) {
        int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
        float *z = inf->z[l] + (size_t)r0 * no, *a = inf->a[l] + (size_t)r0 * no;
        k->forward(z, in, ni, m->W[l], m->b[l], rows, ni, no, 0, no);
        k->act_forward(m->arch.act[l], a, z, rows, no);
        in = a;
    }
}

static void run_part(void *ctx, int part, int parts)
{
    nn_Infer *inf = ctx;
    int r0, r1;
    nn_pool_share(inf->rows, 16, part, parts, &r0, &r1);
    if (r0 < r1)
        run_rows(inf, inf->run_model, inf->run_x, r0, r1);
}

void nn_infer_run(nn_Infer *inf, const nn_Model *m, const float *x, int rows)
{
    nn_FpMode fp = nn_fp_enter(); /* the same arithmetic as training */
    inf->rows = rows;
    if (inf->pool && rows >= 2048) {
        inf->run_model = m;
        inf->run_x = x;
        nn_pool_run(inf->pool, run_part, inf);
    } else {
        run_rows(inf, m, x, 0, rows);
    }
    nn_fp_leave(fp);
}

nn_Status nn_infer_use_threads(nn_Infer *inf, int threads, char *err, size_t err_len)
{
    if (threads <= 0)
        threads = nn_pool_default_threads();
    nn_pool_destroy(inf->pool);
    inf->pool = NULL;
    if (threads == 1)
        return NN_OK;
    return nn_pool_create(&inf->pool, threads, err, err_len);
}
