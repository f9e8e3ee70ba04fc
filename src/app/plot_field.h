/* plot_field.h - drawing helpers shared by the race and landscape views:
 * a scalar field as a banded heatmap with contour lines, text wrapped to a
 * width, and the race's colour-blind-safe path colours. No text of its own. */
#ifndef NNVIZ_PLOT_FIELD_H
#define NNVIZ_PLOT_FIELD_H

#include <stdint.h>

#include "ui/ui.h"

/* Bands of the heatmap: contour lines are drawn where the band changes. */
#define PLOT_BANDS 18

/* Colours w*h values v (row 0 at the top) into ARGB pixels px: t = (log(1 +
 * v - lo) / log(1 + hi - lo)) when log_scale, else (v - lo)/(hi - lo),
 * quantized to PLOT_BANDS grey-blue bands, light = low, with a darker
 * pixel where a band meets its right or lower neighbour (the contours).
 * Non-finite values are black. */
void plot_field_fill(uint32_t *px, const float *v, int w, int h, float lo, float hi, int log_scale);

/* Finite minimum and maximum of v (n values); 0 and 1 if none is finite. */
void plot_field_range(const float *v, int n, float *lo, float *hi);

/* The k-th path colour (Okabe and Ito's colour-blind-safe palette without
 * its yellow, which vanishes on a light field), one per optimizer kind. */
ui_Color plot_path_color(int k);

/* Draws s wrapped at spaces into lines no wider than width, from (x, y),
 * or nothing if its last line would reach below max_y; returns the y below
 * what was drawn. */
int plot_text_wrapped(ui_Context *ui, int font_px, int x, int y, int width, int max_y,
                      const char *s, ui_Color c);

#endif
