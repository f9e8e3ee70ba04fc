/* infer.c - forward passes over many rows with every layer's output kept. */
#include "infer.h"

#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "fpmode.h"

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
    free(inf->block);
    free(inf);
}

void nn_infer_run(nn_Infer *inf, const nn_Model *m, const float *x, int rows)
{
    const nn_DenseKernels *k = inf->kernels;
    nn_FpMode fp = nn_fp_enter(); /* the same arithmetic as training */
    const float *in = x;
    for (int l = 0; l < m->arch.n_layers; l++) {
        int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
        k->forward(inf->z[l], in, m->W[l], m->b[l], rows, ni, no, 0, no);
        k->act_forward(m->arch.act[l], inf->a[l], inf->z[l], rows, no);
        in = inf->a[l];
    }
    inf->rows = rows;
    nn_fp_leave(fp);
}
