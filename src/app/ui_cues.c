/* ui_cues.c - the lesson's pointer cue: the window's panels and controls
 * register where they were drawn this frame, and a step's HIGHLIGHT draws a
 * pulsing ring and an arrow on the neuron, edge, panel or control it names;
 * HIDE_CONTROLS' bits are read here for the panels that draw controls.
 *
 * The cue's colours are the Okabe-Ito reddish purple with a near-black
 * outline: apart from the diagram's orange and blue (weights, classes) for
 * every kind of colour vision, and dark enough to read on a washed-out
 * projector. */
#include <math.h>
#include <string.h>

#include "app/app.h"

#define CUE_COLOR 0xcc79a7u   /* Okabe-Ito reddish purple */
#define CUE_EDGE 0x1a1a1au    /* its outline */

void app_cues_begin(app_State *a)
{
    ui_Rect keep = a->cues.target;
    memset(&a->cues, 0, sizeof a->cues);
    a->cues.target = keep;
}

void app_cue_panel(app_State *a, app_PanelId p, ui_Rect r)
{
    if ((int)p >= 0 && p < APP_PANEL_COUNT && r.w > 0 && r.h > 0)
        a->cues.panel[p] = r;
}

void app_cue_control(app_State *a, app_ControlId k, ui_Rect r)
{
    if ((int)k >= 0 && k < APP_CTL_COUNT && r.w > 0 && r.h > 0)
        a->cues.control[k] = r;
}

int app_ctl_hidden(const app_State *a, app_ControlId k)
{
    return (int)k >= 0 && k < APP_CTL_COUNT && (a->core.lesson_view.hidden >> k) & 1u;
}

/* The diagram's tile of unit u of dense layer l (column l + 1): 0 when the
 * column does not draw that many tiles. */
static int neuron_rect(const app_State *a, int l, int u, ui_Rect *r)
{
    const viz_NetLayout *N = &a->net;
    int col = l + 1;
    if (l < 0 || col >= N->n_cols || u < 0 || u >= N->shown[col] || a->cues.panel[APP_PANEL_NETWORK].w == 0)
        return 0;
    viz_RectF f = viz_net_tile(N, col, u);
    *r = (ui_Rect){(int)floorf(f.x), (int)floorf(f.y), (int)ceilf(f.w), (int)ceilf(f.h)};
    return 1;
}

/* The edge i -> j into dense layer l: its ends on the diagram. */
static int edge_ends(const app_State *a, int l, int i, int j, float *x0, float *y0, float *x1,
                     float *y1)
{
    const viz_NetLayout *N = &a->net;
    if (l < 0 || l + 1 >= N->n_cols || i < 0 || i >= N->shown[l] || j < 0 || j >= N->shown[l + 1] ||
        a->cues.panel[APP_PANEL_NETWORK].w == 0)
        return 0;
    viz_edge_ends(N, l, i, j, x0, y0, x1, y1);
    return 1;
}

int app_cue_target(const app_State *a, ui_Rect *r)
{
    const app_LessonView *v = &a->core.lesson_view;
    switch (v->highlight.kind) {
    case APP_HL_NEURON:
        return neuron_rect(a, v->highlight.layer, v->highlight.i, r);
    case APP_HL_EDGE: {
        float x0, y0, x1, y1, mx, my;
        if (!edge_ends(a, v->highlight.layer, v->highlight.i, v->highlight.j, &x0, &y0, &x1, &y1))
            return 0;
        viz_edge_point(x0, y0, x1, y1, 0.5f, &mx, &my);
        int s = ui_px(&a->ui, 14);
        *r = (ui_Rect){(int)mx - s / 2, (int)my - s / 2, s, s};
        return 1;
    }
    case APP_HL_PANEL:
        if (v->highlight.id < 0 || v->highlight.id >= APP_PANEL_COUNT)
            return 0;
        *r = a->cues.panel[v->highlight.id];
        return r->w > 0;
    case APP_HL_CONTROL:
        if (v->highlight.id < 0 || v->highlight.id >= APP_CTL_COUNT)
            return 0;
        *r = a->cues.control[v->highlight.id];
        return r->w > 0;
    default:
        return 0;
    }
}

/* A ring of thickness w round (cx, cy) at radius rad, in segments. */
static void ring(ui_Context *ui, float cx, float cy, float rad, float w, ui_Color c)
{
    const int n = 48;
    for (int k = 0; k < n; k++) {
        float t0 = 6.2831853f * (float)k / (float)n, t1 = 6.2831853f * (float)(k + 1) / (float)n;
        ui_draw_line(ui, cx + rad * cosf(t0), cy + rad * sinf(t0), cx + rad * cosf(t1),
                     cy + rad * sinf(t1), w, c);
    }
}

/* An arrow from (fx, fy) to its tip at (tx, ty): a shaft and a head, each
 * outlined so that it reads on any background. */
static void arrow(ui_Context *ui, float fx, float fy, float tx, float ty, float w, ui_Color fill,
                  ui_Color edge)
{
    float dx = tx - fx, dy = ty - fy, len = sqrtf(dx * dx + dy * dy);
    if (len < 1.0f)
        return;
    dx /= len;
    dy /= len;
    float head = 3.2f * w, bx = tx - dx * head, by = ty - dy * head;
    float nx = -dy * head * 0.6f, ny = dx * head * 0.6f;
    ui_draw_line(ui, fx, fy, bx, by, w + 4.0f, edge);
    ui_draw_tri(ui, tx + dx * 2.5f, ty + dy * 2.5f, bx + nx * 1.25f - dx * 2.0f,
                by + ny * 1.25f - dy * 2.0f, bx - nx * 1.25f - dx * 2.0f, by - ny * 1.25f - dy * 2.0f,
                edge);
    ui_draw_line(ui, fx, fy, bx, by, w, fill);
    ui_draw_tri(ui, tx, ty, bx + nx, by + ny, bx - nx, by - ny, fill);
}

void app_cues_draw(app_State *a)
{
    ui_Context *ui = &a->ui;
    ui_Rect r;
    if (!app_cue_target(a, &r)) {
        a->cues.target = (ui_Rect){0, 0, 0, 0};
        return;
    }
    a->cues.target = r;
    ui_Color fill = app_rgb(CUE_COLOR), edge = app_rgb(CUE_EDGE);
    /* one pulse a second: the ring breathes out and back by a few pixels */
    float pulse = 0.5f + 0.5f * sinf((float)(a->now * 6.2831853));
    float w = (float)ui_px(ui, 4), grow = (float)ui_px(ui, 6) * pulse;
    ui_set_layer(ui, UI_LAYER_OVERLAY);
    const app_LessonView *v = &a->core.lesson_view;
    if (v->highlight.kind == APP_HL_EDGE) {
        float x0, y0, x1, y1, px0, py0;
        edge_ends(a, v->highlight.layer, v->highlight.i, v->highlight.j, &x0, &y0, &x1, &y1);
        viz_edge_point(x0, y0, x1, y1, 0.0f, &px0, &py0);
        for (int k = 1; k <= VIZ_EDGE_SEGS * 2; k++) {
            float px1, py1;
            viz_edge_point(x0, y0, x1, y1, (float)k / (float)(VIZ_EDGE_SEGS * 2), &px1, &py1);
            ui_draw_line(ui, px0, py0, px1, py1, w + 3.0f, edge);
            ui_draw_line(ui, px0, py0, px1, py1, w, fill);
            px0 = px1;
            py0 = py1;
        }
    }
    float cx = (float)r.x + (float)r.w * 0.5f, cy = (float)r.y + (float)r.h * 0.5f;
    /* a neuron gets a box hugging its tile (a ring round it would cross the
     * numbers written just above and below the tile while stepping) */
    int roundish = v->highlight.kind == APP_HL_EDGE;
    float reach; /* how far the ring lies from the centre, towards the arrow */
    if (roundish) {
        float rad = 0.5f * sqrtf((float)(r.w * r.w + r.h * r.h)) + (float)ui_px(ui, 5) + grow;
        ring(ui, cx, cy, rad, w + 3.0f, edge);
        ring(ui, cx, cy, rad, w, fill);
        reach = rad + w;
    } else {
        int g = (int)grow + ui_px(ui, 3);
        ui_Rect o = {r.x - g, r.y - g, r.w + 2 * g, r.h + 2 * g};
        ui_draw_box(ui, (ui_Rect){o.x - 2, o.y - 2, o.w + 4, o.h + 4}, edge, (int)w + 4);
        ui_draw_box(ui, o, fill, (int)w);
        reach = 0.0f;
    }
    /* the arrow comes from the side with room: from below-left when the
     * target is high on the window, else from above-left; from the right
     * when it is near the left edge */
    float sx = r.x < ui->width / 4 ? 1.0f : -1.0f, sy = r.y < ui->height / 2 ? 1.0f : -1.0f;
    float tx, ty, len = (float)ui_px(ui, 70);
    if (v->highlight.kind == APP_HL_NEURON) {
        /* level with the tile, from the side the edges come in: the numbers
         * written under the tiles while stepping stay clear of it */
        sx = -1.0f;
        tx = (float)r.x - grow - (float)ui_px(ui, 3) - w;
        ty = cy;
        arrow(ui, tx - len, ty, tx, ty, w + 2.0f, fill, edge);
    } else if (roundish) {
        tx = cx + sx * reach * 0.7071f;
        ty = cy + sy * reach * 0.7071f;
        arrow(ui, tx + sx * len, ty + sy * len, tx, ty, w + 2.0f, fill, edge);
    } else if (r.h > ui->height / 3) {
        /* a tall panel: level with its middle, so the arrow stays clear of
         * the bars and the lesson's band above and below it */
        tx = sx > 0 ? (float)(r.x + r.w) + grow : (float)r.x - grow;
        ty = cy;
        arrow(ui, tx + sx * len * 1.2f, ty, tx, ty, w + 2.0f, fill, edge);
    } else {
        tx = sx > 0 ? (float)(r.x + r.w) + grow : (float)r.x - grow;
        ty = sy > 0 ? (float)(r.y + r.h) + grow : (float)r.y - grow;
        arrow(ui, tx + sx * len, ty + sy * len, tx, ty, w + 2.0f, fill, edge);
    }
    ui_set_layer(ui, UI_LAYER_BASE);
}
