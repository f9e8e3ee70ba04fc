/* viz_color.c - Playground's diverging colour scale and heatmap colouring. */
#include "viz/viz_color.h"

#include <math.h>

viz_Color viz_hex(uint32_t rgb)
{
    return (viz_Color){(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, 255};
}

uint32_t viz_pack(viz_Color c)
{
    return ((uint32_t)c.a << 24) | ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
}

viz_Color viz_unpack(uint32_t p)
{
    return (viz_Color){(uint8_t)(p >> 16), (uint8_t)(p >> 8), (uint8_t)p, (uint8_t)(p >> 24)};
}

static uint8_t mix8(uint8_t a, uint8_t b, float t)
{
    return (uint8_t)lroundf((float)a + ((float)b - (float)a) * t);
}

viz_Color viz_lerp(viz_Color a, viz_Color b, float t)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return (viz_Color){mix8(a.r, b.r, t), mix8(a.g, b.g, t), mix8(a.b, b.b, t), mix8(a.a, b.a, t)};
}

viz_Color viz_diverging(float t)
{
    if (isnan(t))
        return (viz_Color){0, 0, 0, 255};
    if (t < -1.0f)
        t = -1.0f;
    if (t > 1.0f)
        t = 1.0f;
    viz_Color mid = viz_hex(VIZ_MID_HEX);
    if (t < 0.0f)
        return viz_lerp(mid, viz_hex(VIZ_NEG_HEX), -t);
    return viz_lerp(mid, viz_hex(VIZ_POS_HEX), t);
}

viz_Color viz_diverging_shaded(float t)
{
    if (isnan(t))
        return viz_diverging(t);
    /* d3.scale.quantize over [-1, 1] into VIZ_SHADES + 1 colours at a/VIZ_SHADES */
    float u = (t + 1.0f) * 0.5f;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    int k = (int)floorf(u * (float)(VIZ_SHADES + 1));
    if (k > VIZ_SHADES)
        k = VIZ_SHADES;
    return viz_diverging((float)k / (float)VIZ_SHADES * 2.0f - 1.0f);
}

void viz_heat_fill(uint32_t *dst, const float *v, int n, int v_stride, float gain, int discretize)
{
    /* a small table: the shaded map has only VIZ_SHADES + 1 colours */
    uint32_t lut[VIZ_SHADES + 1];
    for (int k = 0; k <= VIZ_SHADES; k++)
        lut[k] = viz_pack(viz_diverging((float)k / (float)VIZ_SHADES * 2.0f - 1.0f));
    uint32_t nan_px = viz_pack(viz_diverging(NAN));
    for (int i = 0; i < n; i++) {
        float t = v[(long)i * v_stride] * gain;
        if (isnan(t)) {
            dst[i] = nan_px;
            continue;
        }
        if (discretize)
            t = t >= 0.0f ? 1.0f : -1.0f;
        float u = (t + 1.0f) * 0.5f;
        u = u < 0 ? 0 : u > 1 ? 1 : u;
        int k = (int)(u * (float)(VIZ_SHADES + 1));
        dst[i] = lut[k > VIZ_SHADES ? VIZ_SHADES : k];
    }
}

void viz_pale(uint32_t *px, int n)
{
    /* integer form of white + (c - white) * 160/255, rounded: once per pixel
     * of the big plot every frame, so no float per channel */
    for (int i = 0; i < n; i++) {
        uint32_t p = px[i], out = p & 0xff000000u;
        for (int sh = 0; sh < 24; sh += 8) {
            uint32_t c = (p >> sh) & 0xffu;
            out |= (255u - ((255u - c) * 160u + 127u) / 255u) << sh;
        }
        px[i] = out;
    }
}

viz_Color viz_class_color(int k)
{
    /* Okabe-Ito, reordered so classes 0/1 are Playground's orange/blue */
    static const uint32_t pal[] = {0xf59322, 0x0877bd, 0x009e73, 0xcc79a7, 0x56b4e9,
                                   0xd55e00, 0xe69f00, 0x7f7f7f, 0x000000, 0xf0e442};
    int n = (int)(sizeof pal / sizeof pal[0]);
    return viz_hex(pal[((k % n) + n) % n]);
}
