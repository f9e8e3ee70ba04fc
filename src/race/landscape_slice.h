/* landscape_slice.h - one loss-landscape picture's numbers: the directions
 * chosen by name, the loss grid over the plane, the training trajectory
 * projected on it, and the loss on the line from the initial to the current
 * weights. What the landscape view draws and the benchmark times. */
#ifndef RACE_LANDSCAPE_SLICE_H
#define RACE_LANDSCAPE_SLICE_H

#include <stdint.h>

#include "landscape.h"

typedef enum {
    RACE_DIRS_RANDOM = 0, /* two random filter-normalized directions */
    RACE_DIRS_WEIGHTS,    /* two chosen kernel weights */
    RACE_DIRS_PCA,        /* the trajectory's first two principal directions */
    RACE_DIRS_COUNT
} race_DirMode;

typedef struct {
    race_DirMode mode;
    int layer[2], in[2], unit[2]; /* RACE_DIRS_WEIGHTS: 0-based layer, input, unit */
    uint64_t seed;                /* RACE_DIRS_RANDOM */
    int nx, ny;                   /* grid points, 2 .. 401 each */
    int n_line;                   /* points on the initial-to-current line, 2 .. 1001 */
    int max_rows;                 /* loss over the first max_rows rows of the data (0: all) */
} race_SliceSpec;

typedef struct {
    race_SliceSpec spec;
    float *a, *b;        /* (nx), (ny) plane coordinates of the grid */
    float *loss;         /* (ny, nx) row-major, b down the rows */
    double explained[2]; /* PCA: shares of the trajectory's variance; else NaN */
    int T;               /* trajectory points */
    float *ta, *tb;      /* (T) the trajectory's plane coordinates (least squares) */
    float *t, *line;     /* (n_line) t from -0.5 to 1.5, and the loss there */
    int rows, data_rows; /* rows the loss was taken over, of the data set's */
    double current_loss; /* the loss at (0, 0) */
} race_Slice;

/* "random" (or "random:SEED"), "pca", or "weights:L:I:J,L:I:J" (1-based
 * layer, input and unit, as the inspector counts). Grid 51x51, 101 line
 * points. One line naming the problem on failure; *out unchanged. */
nn_Status race_slice_spec_parse(race_SliceSpec *out, const char *s, char *err, size_t err_len);

/* A spec of this mode (random: seed 1; weights: the first two kernel
 * weights), grid 51x51, 101 line points. */
race_SliceSpec race_slice_spec_default(race_DirMode mode);

/* Computes the slice through m's current weights over data d (its first
 * spec->max_rows rows when that is > 0 and smaller): traj holds T
 * >= 1 recorded weight vectors (n_params floats each), traj[0] the initial
 * weights and the last the current ones (m->params). Box: random: [-1, 1]^2
 * (Li et al.); weights: +-2 around each weight's value; pca: the projected
 * trajectory plus a margin. On failure *out is NULL. */
nn_Status race_slice_compute(race_Slice **out, const race_SliceSpec *spec, const nn_Model *m,
                             const nn_Dataset *d, uint32_t features, const float *traj, int T,
                             char *err, size_t err_len);
/* The same in a workspace kept between calls: *ws (NULL the first time, or
 * one made for another architecture) is created or replaced as needed and
 * stays the caller's to destroy (race_landscape_destroy). */
nn_Status race_slice_compute_ws(race_Slice **out, race_Landscape **ws, const race_SliceSpec *spec,
                                const nn_Model *m, const nn_Dataset *d, uint32_t features,
                                const float *traj, int T, char *err, size_t err_len);
void race_slice_destroy(race_Slice *s); /* NULL is fine */

#endif
