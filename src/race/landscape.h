/* landscape.h - the loss of a network over a 2-D slice through its weights.
 *
 * A slice is the plane w(a, b) = w + a*d1 + b*d2 through the current weights
 * w (the model's flat params, n floats) along two directions d1, d2 (n floats
 * each). Directions come from:
 *   - two chosen weights (unit vectors: the axes are those weights' values
 *     minus their current values);
 *   - two random Gaussian directions, filter-normalized as in Li et al. 2018,
 *     "Visualizing the Loss Landscape of Neural Nets": for a dense layer the
 *     filter of unit j is its kernel column W[:, j], and each direction's
 *     filter is rescaled to the norm of the weights' filter; bias entries are
 *     0 (Li et al. leave 1-D parameters out the same way);
 *   - the first two principal directions of a training trajectory (the
 *     recorded weights minus the final ones, as Li et al. do). Li et al. warn
 *     that such slices show one run's path and cannot compare optimizers.
 * The 1-D loss on the straight line from the initial to the current weights
 * is Goodfellow, Vinyals and Saxe 2015, "Qualitatively characterizing neural
 * network optimization problems".
 *
 * The loss at a point is what nn_evaluate reports over the whole data set
 * (mean data loss + regularization penalty), so the slice at (0, 0) is the
 * current loss exactly. */
#ifndef RACE_LANDSCAPE_H
#define RACE_LANDSCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/dataset.h"
#include "engine/metrics.h"
#include "engine/model.h"
#include "engine/nn_status.h"
#include "engine/rng.h"

/* A workspace (landscape_grid.c): per thread a scratch copy of the model
 * and a chunk's activations, sized once for one architecture. Computing
 * slices allocates nothing. A point's loss is a lean forward pass (no
 * metrics) with the first layer's products shared by every point (the layer
 * is linear in its weights), so it equals the loss of the moved model up to
 * float rounding; at (0, 0) it is the current loss. Grids are split over
 * nn_pool_default_threads() threads (NNVIZ_THREADS overrides), each point
 * computed whole by one thread, so the numbers do not depend on the thread
 * count. */
typedef struct race_Landscape race_Landscape;

/* For models of m's architecture and loss. On failure *out is NULL. */
nn_Status race_landscape_create(race_Landscape **out, const nn_Model *m, char *err,
                                size_t err_len);
void race_landscape_destroy(race_Landscape *L); /* NULL is fine */
/* 1 when L was made for m's architecture (layer sizes), else 0. */
int race_landscape_fits(const race_Landscape *L, const nn_Model *m);

/* loss[r*nx + c] = loss of w + a[c]*d1 + b[r]*d2 over every row of d (model
 * inputs made with `features`, as the session's); nx, ny in 1 .. 4096. m is only read; its
 * architecture must be the workspace's. A non-finite loss is stored as is
 * (+inf or NaN: the drawing marks it). */
nn_Status race_landscape_grid(race_Landscape *L, const nn_Model *m, const nn_Dataset *d,
                              uint32_t features, const float *d1, const float *d2,
                              const float *a, int nx, const float *b, int ny, float *loss,
                              char *err, size_t err_len);

/* loss[k] = loss of from + t[k]*(to - from) over d (from, to: n_params floats
 * each; t = 0 is `from`, t = 1 is `to`). */
nn_Status race_landscape_line(race_Landscape *L, const nn_Model *m, const nn_Dataset *d,
                              uint32_t features, const float *from, const float *to,
                              const float *t, int nt, float *loss, char *err, size_t err_len);

/* The unit direction of one kernel weight: W[layer][i*out + j] (0-based
 * layer, input i, unit j). d gets n_params floats. NN_ERR_INVALID_ARG,
 * naming the index out of range, leaves d unchanged. */
nn_Status race_dir_weight(const nn_Model *m, int layer, int i, int j, float *d, char *err,
                          size_t err_len);

/* A random filter-normalized direction (see the top of this file) from rng:
 * Gaussian entries, then each kernel column scaled to the norm of m's
 * column (a zero column of m gives a zero column); biases 0. */
void race_dir_random_filter_norm(const nn_Model *m, nn_Rng *rng, float *d);

/* The first two principal directions of a trajectory traj (T rows of n
 * floats, the recorded weights in order), taken about its last row: the
 * unit eigenvectors of the covariance of rows minus the last row, largest
 * eigenvalue first, by power iteration on the (T, T) Gram matrix.
 * explained[0..1] (may be NULL) gets each direction's share of the total
 * variance. Needs T >= 3 and a trajectory that moved in two directions;
 * else NN_ERR_INVALID_ARG and d1, d2 unchanged. Allocates (T, T) doubles. */
nn_Status race_dir_pca(const float *traj, int T, size_t n, float *d1, float *d2,
                       double explained[2], char *err, size_t err_len);

/* Coordinates (a, b) of the point v (n floats) in the plane origin + a*d1 +
 * b*d2, by least squares (the orthogonal projection onto the plane; for
 * orthonormal d1, d2 these are dot products). Returns -1 if d1 and d2 are
 * (nearly) parallel, with *a = *b = 0. */
int race_project(const float *origin, const float *d1, const float *d2, size_t n, const float *v,
                 double *a, double *b);

#endif
