/* plot_field.c - banded heatmaps with contours, wrapped text, path colours. */
#include "app/plot_field.h"

#include <math.h>
#include <string.h>

#include "i18n/linebreak.h"
#include "viz/viz_color.h"

void plot_field_range(const float *v, int n, float *lo, float *hi)
{
    float a = INFINITY, b = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (isfinite(v[i])) {
            a = fminf(a, v[i]);
            b = fmaxf(b, v[i]);
        }
    }
    if (!(a <= b)) {
        a = 0.0f;
        b = 1.0f;
    }
    *lo = a;
    *hi = b;
}

static int band_of(float v, float lo, float hi, int log_scale)
{
    if (!isfinite(v))
        return -1;
    double t;
    if (hi <= lo)
        t = 0;
    else if (log_scale)
        t = log1p((double)v - lo) / log1p((double)hi - lo);
    else
        t = ((double)v - lo) / ((double)hi - lo);
    int b = (int)(t * PLOT_BANDS);
    return b < 0 ? 0 : b >= PLOT_BANDS ? PLOT_BANDS - 1 : b;
}

void plot_field_fill(uint32_t *px, const float *v, int w, int h, float lo, float hi, int log_scale)
{
    /* light grey (low) to slate blue-grey (high): the paths' colours and
     * black stay visible on every band */
    const viz_Color low = viz_hex(0xf7f7f5u), high = viz_hex(0x7a8796u);
    viz_Color shade[PLOT_BANDS], line[PLOT_BANDS];
    for (int b = 0; b < PLOT_BANDS; b++) {
        shade[b] = viz_lerp(low, high, (float)b / (PLOT_BANDS - 1));
        line[b] = viz_lerp(shade[b], viz_hex(0x2b2f36u), 0.35f);
    }
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int b = band_of(v[(size_t)y * w + x], lo, hi, log_scale);
            if (b < 0) {
                px[(size_t)y * w + x] = 0xff000000u;
                continue;
            }
            int br = x + 1 < w ? band_of(v[(size_t)y * w + x + 1], lo, hi, log_scale) : b;
            int bd = y + 1 < h ? band_of(v[(size_t)(y + 1) * w + x], lo, hi, log_scale) : b;
            px[(size_t)y * w + x] = viz_pack(br != b || bd != b ? line[b] : shade[b]);
        }
    }
}

ui_Color plot_path_color(int k)
{
    static const uint32_t okabe_ito[] = {
        0x000000u, /* black */
        0xe69f00u, /* orange */
        0x56b4e9u, /* sky blue */
        0x009e73u, /* bluish green */
        0xd55e00u, /* vermillion */
        0x0072b2u, /* blue */
        0xcc79a7u, /* reddish purple */
    };
    uint32_t c = okabe_ito[(unsigned)k % (sizeof okabe_ito / sizeof okabe_ito[0])];
    return (ui_Color){(uint8_t)(c >> 16), (uint8_t)(c >> 8), (uint8_t)c, 255};
}

typedef struct {
    ui_Context *ui;
    int font_px;
} WrapMeasure;

static int wrap_measure(void *ctx, const char *s, int n)
{
    WrapMeasure *m = ctx;
    char line[512];
    if (n >= (int)sizeof line)
        return 1 << 30;
    memcpy(line, s, (size_t)n);
    line[n] = '\0';
    return ui_text_width(m->ui, m->font_px, 0, line);
}

/* Wraps s into lines no wider than width where a line may end
 * (linebreak.h: spaces, and between Chinese characters except before
 * closing punctuation), drawing them from (x, y) when draw is set; returns
 * the y below the last line. */
static int wrap(ui_Context *ui, int font_px, int x, int y, int width, const char *s, ui_Color c,
                int draw)
{
    char line[512];
    int lh = ui_text_height(ui, font_px);
    WrapMeasure m = {ui, font_px};
    int len = (int)strlen(s), at = 0;
    while (at < len) {
        int start, next;
        int n = lb_next_line(s + at, len - at, width, wrap_measure, &m, &start, &next);
        if (n >= (int)sizeof line)
            n = (int)sizeof line - 1;
        memcpy(line, s + at + start, (size_t)n);
        line[n] = '\0';
        if (draw)
            ui_draw_text(ui, font_px, 0, x, y, line, c);
        y += lh;
        at += next;
    }
    return y;
}

int plot_text_wrapped(ui_Context *ui, int font_px, int x, int y, int width, int max_y,
                      const char *s, ui_Color c)
{
    /* all or nothing: half a sentence would say something else */
    if (wrap(ui, font_px, x, y, width, s, c, 0) > max_y)
        return y;
    return wrap(ui, font_px, x, y, width, s, c, 1);
}
