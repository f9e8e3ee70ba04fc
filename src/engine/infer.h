/* infer.h - forward passes over many rows (evaluation, heatmaps, grids).
 *
 * An nn_Infer is a workspace sized once for a maximum number of rows; running
 * it allocates nothing and keeps every layer's output, so a caller can draw
 * each neuron's response over a grid. */
#ifndef NN_INFER_H
#define NN_INFER_H

#include "model.h"

struct nn_Pool;

typedef struct {
    int max_rows;
    int rows;                      /* rows of the last run */
    int n_layers;
    int sizes[NN_MAX_LAYERS + 1];  /* architecture the workspace was sized for */
    float *z[NN_MAX_LAYERS];       /* (max_rows, sizes[l+1]) pre-activations */
    float *a[NN_MAX_LAYERS];       /* (max_rows, sizes[l+1]) activations */
    float *block;                  /* the single allocation behind z and a */
    const struct nn_DenseKernels *kernels; /* chosen once at creation */
    struct nn_Pool *pool;          /* optional threads (nn_infer_use_threads) */
    const nn_Model *run_model;     /* the model of the run in progress */
    const float *run_x;
} nn_Infer;

/* Sized for arch and max_rows rows. */
nn_Status nn_infer_create(nn_Infer **out, const nn_Arch *arch, int max_rows,
                          char *err, size_t err_len);
void nn_infer_destroy(nn_Infer *inf);
/* Forward x (rows, sizes[0]) through m; rows <= max_rows and m's
 * architecture must equal the one inf was created for. Results in inf->z, inf->a. */
void nn_infer_run(nn_Infer *inf, const nn_Model *m, const float *x, int rows);
/* Splits large runs (>= 2048 rows) by rows over `threads` threads (0 = one per
 * processor). Rows are independent, so results are the same as on one thread. */
nn_Status nn_infer_use_threads(nn_Infer *inf, int threads, char *err, size_t err_len);

#endif
