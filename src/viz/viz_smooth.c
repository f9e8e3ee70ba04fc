/* viz_smooth.c - exponential moving average for curves. */
#include "viz/viz_smooth.h"

#include <math.h>

void viz_ema(const double *y, double *out, int n, double w)
{
    double acc = 0.0, norm = 0.0; /* sum of weights seen: 1 - w^k, kept exactly */
    for (int i = 0; i < n; i++) {
        double v = y[i];
        if (!isfinite(v)) {
            out[i] = NAN;
            continue;
        }
        acc = w * acc + (1.0 - w) * v;
        norm = w * norm + (1.0 - w);
        out[i] = acc / norm;
    }
}
