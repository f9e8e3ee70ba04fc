/* viz_smooth.h - smoothing a noisy curve for display (no SDL). */
#ifndef NNVIZ_VIZ_SMOOTH_H
#define NNVIZ_VIZ_SMOOTH_H

/* Exponential moving average of y[0..n) into out (may be y), weight w in
 * [0, 1): out[i] = the average of the finite values up to i, each older one
 * w times the weight of the next. Debiased as TensorBoard's smoothing is:
 * divided by 1 - w^k (k the finite values so far), so the first points
 * are not pulled towards 0. NaN and infinite values are skipped (their out
 * is NaN); w = 0 copies y. */
void viz_ema(const double *y, double *out, int n, double w);

#endif
