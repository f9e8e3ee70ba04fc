/* viz_contour.h - where a field sampled on a grid crosses a level: the line
 * segments of marching squares, for a decision boundary drawn as a line. */
#ifndef NNVIZ_VIZ_CONTOUR_H
#define NNVIZ_VIZ_CONTOUR_H

/* Segments of the level line of v (w x h values, row-major) at level, in
 * grid coordinates (x = column, y = row, the samples at integer points):
 * seg gets x0 y0 x1 y1 per segment, at most max_seg segments. Cells with a
 * NaN corner have none; a saddle cell is split by its centre's value.
 * Returns the number of segments written. */
int viz_contour(const float *v, int w, int h, float level, float *seg, int max_seg);

#endif
