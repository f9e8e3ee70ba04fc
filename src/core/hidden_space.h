/* hidden_space.h - a hidden layer's space: where the data and a grid of
 * the input plane land in the space of two neurons of one hidden layer
 * (ConvNetJS's and Olah's picture of what a layer does to the plane).
 *
 * The map of layer l is cut in the three steps a student computes:
 *     x  →  x·W  →  x·W + b  →  f(x·W + b)
 * where x is layer l's input (the previous layer's activations; for the
 * first layer the features of the plane point). Stage 0 places every point
 * at its plane coordinates (x₁, x₂); stages 1–3 at the two chosen units'
 * values after each step. Between stages the window interpolates the
 * coordinates linearly, so the grid is seen being turned and stretched
 * (x·W), shifted (+ b) and squashed (f).
 *
 * Plain memory, no SDL, nothing global. */
#ifndef NNVIZ_CORE_HIDDEN_SPACE_H
#define NNVIZ_CORE_HIDDEN_SPACE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/dataset.h"
#include "engine/infer.h"
#include "engine/model.h"

typedef enum {
    APP_HS_PLANE = 0,         /* (x₁, x₂): the input plane */
    APP_HS_LINEAR,            /* x·W (the two units' columns) */
    APP_HS_BIASED,            /* x·W + b = z */
    APP_HS_ACTIVATED,         /* f(z) = a */
    APP_HS_STAGES
} app_HsStage;

#define APP_HS_LINES 13       /* grid lines per axis */
#define APP_HS_SEG 48         /* points along a grid line */
#define APP_HS_GRID_POINTS (2 * APP_HS_LINES * APP_HS_SEG)

typedef struct {
    int layer, u1, u2;        /* what the last compute was for */
    int n_points;             /* data rows placed */
    /* coordinates per stage: grid[s][k] is (x, y) of grid point k (lines
     * along x₁ first, then along x₂, APP_HS_SEG points each); pts[s][i] of
     * data row i */
    float *grid[APP_HS_STAGES];
    float *pts[APP_HS_STAGES];
    float lo[APP_HS_STAGES][2], hi[APP_HS_STAGES][2]; /* each stage's extent: the data's
                                                          (the grid's without data), with a margin */
    /* workspace, kept between calls */
    nn_Infer *inf;
    int inf_rows;
    int arch_sizes[NN_MAX_LAYERS + 1], arch_layers;
    float *x;                 /* (rows, inputs) the forward pass's input */
    size_t x_cap, pts_cap;
} app_HSpace;

/* Places the plane's grid (over the square dom = {x1 lo, x1 hi, x2 lo,
 * x2 hi}) and the first n_points rows of d (at most 2000) in the space of
 * units u1 and u2 of hidden layer `layer` of m, at every stage. features
 * is the feature mask the model's inputs are made with (0: the raw columns,
 * which must then be 2). u2 may equal u1 (a layer of one unit: the
 * picture is on the diagonal). 0, or -1 with one line in err (the layer is
 * not a hidden one, a unit out of range, the data not 2-D). */
int app_hspace_compute(app_HSpace *h, const nn_Model *m, uint32_t features, const float dom[4],
                       const nn_Dataset *d, int layer, int u1, int u2, char *err,
                       size_t err_len);

/* Point k of the grid (or data row k when data) at stage position t in
 * [0, APP_HS_STAGES - 1]: linear between the stages around t. */
void app_hspace_at(const app_HSpace *h, int data, int k, float t, float *x, float *y);

/* The view box at t: each side linear between the stages' extents, so the
 * picture is framed as it moves (a camera following the map). */
void app_hspace_box(const app_HSpace *h, float t, float lo[2], float hi[2]);

void app_hspace_free(app_HSpace *h);

#endif
