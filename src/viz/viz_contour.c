/* viz_contour.c - marching squares over a grid of samples. */
#include "viz/viz_contour.h"

#include <math.h>

/* Where the edge from a (value fa) to b (value fb) crosses 0. */
static float cross(float fa, float fb) { return fa / (fa - fb); }

int viz_contour(const float *v, int w, int h, float level, float *seg, int max_seg)
{
    int n = 0;
    for (int y = 0; y + 1 < h; y++)
        for (int x = 0; x + 1 < w; x++) {
            /* corners counter-clockwise from the top left: tl tr br bl */
            float c[4] = {v[y * w + x] - level, v[y * w + x + 1] - level,
                          v[(y + 1) * w + x + 1] - level, v[(y + 1) * w + x] - level};
            if (isnan(c[0]) || isnan(c[1]) || isnan(c[2]) || isnan(c[3]))
                continue;
            /* the crossing on each edge that has one: top, right, bottom, left */
            float px[4], py[4];
            int has[4] = {0, 0, 0, 0}, k = 0;
            if ((c[0] >= 0) != (c[1] >= 0)) {
                px[0] = (float)x + cross(c[0], c[1]), py[0] = (float)y, has[0] = 1, k++;
            }
            if ((c[1] >= 0) != (c[2] >= 0)) {
                px[1] = (float)x + 1, py[1] = (float)y + cross(c[1], c[2]), has[1] = 1, k++;
            }
            if ((c[3] >= 0) != (c[2] >= 0)) {
                px[2] = (float)x + cross(c[3], c[2]), py[2] = (float)y + 1, has[2] = 1, k++;
            }
            if ((c[0] >= 0) != (c[3] >= 0)) {
                px[3] = (float)x, py[3] = (float)y + cross(c[0], c[3]), has[3] = 1, k++;
            }
            int pairs[2][2], np = 0;
            if (k == 2) {
                int e0 = -1, e1 = -1;
                for (int e = 0; e < 4; e++)
                    if (has[e]) {
                        if (e0 < 0)
                            e0 = e;
                        else
                            e1 = e;
                    }
                pairs[np][0] = e0, pairs[np][1] = e1, np++;
            } else if (k == 4) {
                /* a saddle: the centre's side says which corners connect */
                float mid = 0.25f * (c[0] + c[1] + c[2] + c[3]);
                if ((mid >= 0) == (c[0] >= 0)) { /* tl joins the centre: cut off tr and bl */
                    pairs[0][0] = 0, pairs[0][1] = 1, pairs[1][0] = 2, pairs[1][1] = 3;
                } else { /* cut off tl and br */
                    pairs[0][0] = 0, pairs[0][1] = 3, pairs[1][0] = 1, pairs[1][1] = 2;
                }
                np = 2;
            }
            for (int p = 0; p < np && n < max_seg; p++, n++) {
                seg[4 * n + 0] = px[pairs[p][0]];
                seg[4 * n + 1] = py[pairs[p][0]];
                seg[4 * n + 2] = px[pairs[p][1]];
                seg[4 * n + 3] = py[pairs[p][1]];
            }
        }
    return n;
}
