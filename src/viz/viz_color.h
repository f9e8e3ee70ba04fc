/* viz_color.h - colour maps (no SDL): Playground's colour-blind-safe
 * orange/blue diverging scale, heatmap colouring, class palettes.
 * Pixels are packed ARGB8888 (0xAARRGGBB), the format of every texture the
 * platform layer creates. */
#ifndef NNVIZ_VIZ_COLOR_H
#define NNVIZ_VIZ_COLOR_H

#include <stdint.h>

typedef struct { uint8_t r, g, b, a; } viz_Color;

#define VIZ_NEG_HEX 0xf59322u  /* Playground's negative orange */
#define VIZ_MID_HEX 0xe8eaebu  /* near-white at 0 */
#define VIZ_POS_HEX 0x0877bdu  /* Playground's positive blue */
#define VIZ_SHADES 30          /* Playground quantizes its heatmaps to 30 shades */

viz_Color viz_hex(uint32_t rgb);
uint32_t viz_pack(viz_Color c);
viz_Color viz_unpack(uint32_t argb);
viz_Color viz_lerp(viz_Color a, viz_Color b, float t);

/* Diverging map on [-1, 1] (clamped): -1 orange, 0 near-white, +1 blue.
 * NaN gives black so a diverged network is never mistaken for "zero". */
viz_Color viz_diverging(float t);
/* The same, quantized to VIZ_SHADES steps like Playground's heatmaps. */
viz_Color viz_diverging_shaded(float t);

/* Colours n values into ARGB pixels: t = v * gain, then the shaded map,
 * or sign only (discretize). */
void viz_heat_fill(uint32_t *dst, const float *v, int n, int v_stride, float gain, int discretize);

/* The output plot's background: n pixels blended toward white as Playground
 * draws its heatmap (alpha 160 of 255 over white), so a point in its class's
 * full colour stays visible on a region of the same class. */
#define VIZ_PALE_KEEP (160.0f / 255.0f)
void viz_pale(uint32_t *px, int n);

/* A categorical palette for classes (blue, orange first, as in the 2-class maps). */
viz_Color viz_class_color(int k);

#endif
