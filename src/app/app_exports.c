/* app_exports.c - exports for slides and handouts, the window's side: a GIF
 * of training (rendered here, encoded by src/export/gif_writer.c), the
 * network panel measured into an SVG (src/export/svg_net.c writes it), and
 * the window saved at twice its pixels by drawing one frame aside. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_exports.h"
#include "export/gif_async.h"
#include "export/gif_writer.h"
#include "export/svg_net.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

/* ======================================================================== */
/* GIF: the frames of N seconds at the window's speed                       */
/* ======================================================================== */

int app_gif_speed(int speed_index)
{
    int n = app_speed_count(), fastest = 1;
    for (int k = 0; k < n; k++)
        fastest = app_speeds[k] > fastest ? app_speeds[k] : fastest;
    if (speed_index < 0 || speed_index >= n || app_speeds[speed_index] <= 0)
        return fastest; /* "as fast as possible": the fastest listed */
    return app_speeds[speed_index];
}

int64_t app_gif_batches(int bps, int fps, int k)
{
    if (k < 1 || fps < 1 || bps < 0)
        return 0;
    return (int64_t)k * bps / fps - (int64_t)(k - 1) * bps / fps;
}

int app_render_gif(app_State *a, double seconds, int fps, const char *path, char *err,
                   size_t err_len)
{
    int frames = (int)lround(seconds * fps);
    if (frames < 1) {
        snprintf(err, err_len, "%s: %g s at %d frames a second is no frame", path, seconds, fps);
        return -1;
    }
    int w, h;
    plat_size(a->plat, &w, &h);
    ex_Gif *g = ex_gif_create(w, h, fps, err, err_len);
    uint32_t *px = g ? malloc((size_t)w * (size_t)h * sizeof *px) : NULL;
    if (!px) {
        if (g)
            snprintf(err, err_len, "out of memory for a %dx%d frame", w, h);
        ex_gif_free(g);
        return -1;
    }
    int bps = app_gif_speed(a->core.speed), rc = 0;
    for (int k = 0; k < frames && rc == 0; k++) {
        /* what a frame shows is set by the batches trained; the clock is
         * the real one (the status bar's ms/frame stays true) */
        int64_t n = app_gif_batches(bps, fps, k);
        if (n > 0) {
            app_push(a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)n));
            app_sync(a, plat_now());
        }
        app_frame(a, plat_now());
        if (plat_read_pixels(a->plat, px, w, h) != 0) {
            snprintf(err, err_len, "cannot read frame %d back", k + 1);
            rc = -1;
        } else if (ex_gif_add(g, px, w, err, err_len) != 0) {
            rc = -1;
        }
    }
    if (rc == 0)
        rc = ex_gif_save(g, path, err, err_len);
    free(px);
    ex_gif_free(g);
    return rc;
}

/* ======================================================================== */
/* SVG: the network panel as drawn                                          */
/* ======================================================================== */

static const i18n_Id feat_labels[NN_FEAT_COUNT] = {
    STR_FEAT_LABEL_X1,    STR_FEAT_LABEL_X2,     STR_FEAT_LABEL_X1_SQ, STR_FEAT_LABEL_X2_SQ,
    STR_FEAT_LABEL_X1_X2, STR_FEAT_LABEL_SIN_X1, STR_FEAT_LABEL_SIN_X2};

static uint32_t rgb_of(viz_Color c)
{
    return ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
}

/* As panel_net.c: what layer l's edges and biases show, by edge mode. */
static const float *layer_values(const app_State *a, int l, int mode, int bias)
{
    const app_Snap *S = app_snap(a);
    size_t off = bias ? S->model->b_off[l] : S->model->W_off[l];
    if (mode == APP_EDGE_GRAD)
        return S->have_grads ? S->grads + off : NULL;
    if (mode == APP_EDGE_UPDATE)
        return S->have_grads ? S->update + off : NULL;
    return bias ? S->model->b[l] : S->model->W[l];
}

/* Gradients and updates relative to the largest of their kind, as drawn. */
static float mode_gain(const app_State *a, int mode)
{
    if (mode == APP_EDGE_WEIGHT)
        return 1.0f;
    const nn_Model *m = app_model(a);
    float mx = 0;
    for (int l = 0; l < m->arch.n_layers; l++) {
        int active;
        if (app_step_layer_mode(a, l, &active) != mode)
            continue;
        const float *v = layer_values(a, l, mode, 0), *b = layer_values(a, l, mode, 1);
        size_t n = (size_t)m->arch.sizes[l] * (size_t)m->arch.sizes[l + 1];
        for (size_t k = 0; v && k < n; k++)
            mx = fmaxf(mx, fabsf(v[k]));
        for (int k = 0; b && k < m->arch.sizes[l + 1]; k++)
            mx = fmaxf(mx, fabsf(b[k]));
    }
    return mx > 0 ? 1.0f / mx : 1.0f;
}

/* An input feature over the plot's plane, coloured by its own range (as the
 * window's input tiles). px gets n*n pixels. */
static void feature_tile(const app_State *a, int bit, uint32_t *px, int n)
{
    const float *dm = app_heat(a)->dom;
    float v[APP_GRID_SMALL * APP_GRID_SMALL], all[NN_FEAT_COUNT], mx = 0;
    for (int py = 0; py < n; py++)
        for (int qx = 0; qx < n; qx++) {
            float x1 = dm[0] + (dm[1] - dm[0]) * ((float)qx + 0.5f) / (float)n;
            float x2 = dm[3] - (dm[3] - dm[2]) * ((float)py + 0.5f) / (float)n;
            nn_features_apply(NN_FEAT_ALL, x1, x2, all);
            v[py * n + qx] = all[bit];
            mx = fmaxf(mx, fabsf(all[bit]));
        }
    viz_heat_fill(px, v, n * n, 1, mx > 0 ? 1.0f / mx : 1.0f, 0);
}

/* The window shows a switched-off input under white at 190 of 255. */
static void whiten(uint32_t *px, int n)
{
    for (int k = 0; k < n; k++) {
        viz_Color c = viz_unpack(px[k]);
        px[k] = viz_pack(viz_lerp(c, (viz_Color){255, 255, 255, 255}, 190.0f / 255.0f));
    }
}

/* Columns a string takes: a Chinese character two, anything else one. */
static int text_columns(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xc0) == 0x80)
            continue; /* a continuation byte */
        n += *p >= 0xe3 ? 2 : 1;
    }
    return n;
}

typedef struct {
    ex_SvgEdge *edges;
    ex_SvgTile *tiles;
    ex_SvgText *texts;
    int n_edges, n_tiles, n_texts;
    uint32_t *px;            /* every tile's cells, APP_SVG_CELLS each */
    char (*strs)[96];        /* the texts' strings */
} SvgParts;

#define APP_SVG_CELLS (APP_GRID_SMALL * APP_GRID_SMALL * 2)

static ex_SvgText *add_text(SvgParts *P, float x, float y, float size, int anchor, int bold,
                            ui_Color c, const char *s)
{
    ex_SvgText *t = &P->texts[P->n_texts];
    snprintf(P->strs[P->n_texts], sizeof P->strs[0], "%s", s);
    *t = (ex_SvgText){x, y, size, anchor, bold, ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b,
                      P->strs[P->n_texts]};
    P->n_texts++;
    return t;
}

int app_save_svg(app_State *a, const char *path, char *err, size_t err_len)
{
    const nn_Model *m = app_model(a);
    const viz_NetLayout *N = &a->net;
    ui_Rect r = a->lay.net;
    if (!m || N->n_cols < 2 || r.w <= 0 || r.h <= 0 || N->n_cols != m->arch.n_layers + 1) {
        snprintf(err, err_len, "%s: no network drawn yet to write", path);
        return -1;
    }
    const nn_Arch *ar = &m->arch;
    int L = ar->n_layers, view = app_view_of(a);
    uint32_t features = app_train(a)->dim == 2 ? app_spec(a)->data.features : 0;
    /* the panel's scale for what is drawn with the tiles (panel_net.c) */
    float e = a->scale > a->ctrl_scale ? app_pick_scale(a, N->tile / 50.0f) : a->ctrl_scale;
    float sc = e * (N->tile < 40 ? 0.6f : 0.8f);
    int n_tiles = 0, n_edges = 0;
    for (int c = 0; c < N->n_cols; c++)
        n_tiles += 2 * N->shown[c];
    for (int l = 0; l < L; l++)
        n_edges += N->shown[l] * N->shown[l + 1] + ar->sizes[l] * N->shown[l + 1];
    SvgParts P = {0};
    int max_texts = n_tiles + 3 * N->n_cols + 4;
    P.edges = calloc((size_t)n_edges + 1, sizeof *P.edges);
    P.tiles = calloc((size_t)n_tiles + 1, sizeof *P.tiles);
    P.texts = calloc((size_t)max_texts, sizeof *P.texts);
    P.strs = calloc((size_t)max_texts, sizeof *P.strs);
    P.px = malloc((size_t)(n_tiles + 1) * APP_SVG_CELLS * sizeof *P.px);
    int rc = -1;
    if (!P.edges || !P.tiles || !P.texts || !P.strs || !P.px) {
        snprintf(err, err_len, "%s: out of memory for the SVG", path);
        goto done;
    }
    float ox = (float)r.x, oy = (float)r.y;
    float gains[3] = {mode_gain(a, APP_EDGE_WEIGHT), mode_gain(a, APP_EDGE_GRAD), mode_gain(a, APP_EDGE_UPDATE)};

    /* edges, as the panel draws them */
    for (int l = 0; l < L; l++) {
        if (l == 0 && view == APP_VIEW_IMAGE)
            continue;
        int active, mode = app_step_layer_mode(a, l, &active);
        const float *v = layer_values(a, l, mode, 0);
        if (!v)
            continue;
        int out = ar->sizes[l + 1];
        for (int i = 0; i < ar->sizes[l]; i++) {
            int ti = l == 0 ? app_input_tile(features, i) : i;
            if (ti >= N->shown[l])
                continue;
            for (int j = 0; j < out && j < N->shown[l + 1]; j++) {
                float raw = v[(size_t)i * (size_t)out + (size_t)j], w = raw * gains[mode];
                float x0, y0, x1, y1;
                viz_edge_ends(N, l, ti, j, &x0, &y0, &x1, &y1);
                float width = mode == APP_EDGE_WEIGHT ? viz_edge_width(w, sc)
                                                      : (1.0f + 4.0f * fminf(fabsf(w), 1.0f)) * sc;
                P.edges[P.n_edges++] = (ex_SvgEdge){x0 - ox, y0 - oy, x1 - ox, y1 - oy, width,
                                                    rgb_of(viz_diverging(w)), raw, l, i, j};
            }
        }
    }

    /* tiles, biases and the inputs' names */
    ui_Style *st = &a->ui.style;
    float base = (float)st->font_px[UI_FONT_BASE] * e, small = (float)st->font_px[UI_FONT_SMALL] * e;
    int tile = (int)N->tile;
    char s[96];
    for (int c = 0; c < N->n_cols; c++) {
        for (int i = 0; i < N->shown[c]; i++) {
            viz_RectF f = viz_net_tile(N, c, i);
            uint32_t *px = P.px + (size_t)P.n_tiles * APP_SVG_CELLS;
            ex_SvgTile *t = &P.tiles[P.n_tiles++];
            *t = (ex_SvgTile){.x = (float)(int)f.x - ox, .y = (float)(int)f.y - oy, .w = (float)tile,
                              .h = (float)tile, .fill = VIZ_MID_HEX, .stroke = 0x9aa0a6, .stroke_w = 1};
            int tw = 0, th = 0;
            if (c > 0 && app_heat_unit_pixels(a, c, i, px, APP_SVG_CELLS, &tw, &th) == 0) {
                t->px = px;
                t->cells_w = tw;
                t->cells_h = th;
            } else if (c == 0 && view == APP_VIEW_PLANE && features && i < NN_FEAT_COUNT) {
                feature_tile(a, i, px, APP_GRID_SMALL);
                if (!(features & (1u << i)))
                    whiten(px, APP_GRID_SMALL * APP_GRID_SMALL);
                t->px = px;
                t->cells_w = t->cells_h = APP_GRID_SMALL;
            }
            if (c == 0 && view == APP_VIEW_PLANE && features && i < NN_FEAT_COUNT) {
                int on = (features >> i) & 1u;
                add_text(&P, t->x - 10.0f * e, t->y + t->h / 2 + base * 0.35f, base, 1, 0,
                         on ? st->text : st->text_muted, tr(feat_labels[i]));
            } else if (c == 0 && !features && app_train(a)->col_names && i < app_train(a)->dim &&
                       view != APP_VIEW_IMAGE) {
                add_text(&P, t->x - 8.0f * e, t->y + t->h / 2 + small * 0.35f, small, 1, 0, st->text,
                         app_train(a)->col_names[i]);
            }
            if (c > 0) {
                /* the bias square at the tile's lower left corner */
                int bact;
                int bmode = app_step_layer_mode(a, c - 1, &bact);
                const float *bv = layer_values(a, c - 1, bmode, 1);
                float b = bv ? bv[i] * gains[bmode] : 0.0f;
                float bs = (float)lroundf((tile >= 40 ? 11.0f : 8.0f) * e);
                P.tiles[P.n_tiles++] = (ex_SvgTile){.x = t->x - bs / 2, .y = t->y + t->h - bs / 2 - bs / 3,
                                                    .w = bs, .h = bs, .fill = rgb_of(viz_diverging(b)),
                                                    .stroke = 0x5f6368, .stroke_w = 1};
            }
        }
        /* the column's caption over it, its activation and size under it */
        float cx = N->col_x[c] + N->tile / 2 - ox;
        float top = N->area_y - oy - 14.0f * e, bottom = N->area_y + N->area_h - oy + small * 1.4f;
        /* the room between columns: a caption that would meet its
         * neighbour's takes its short form (glyphs are about 0.6 em wide) */
        float room = (N->n_cols > 1 ? N->col_x[1] - N->col_x[0] : (float)r.w) - 6.0f * e;
        if (c == 0)
            snprintf(s, sizeof s, "%s", tr(view == APP_VIEW_PLANE ? STR_NET_COL_FEATURES : STR_NET_COL_INPUT));
        else if (c == N->n_cols - 1)
            snprintf(s, sizeof s, "%s", tr(STR_NET_COL_OUTPUT));
        else
            snprintf(s, sizeof s, tr(STR_SVG_LAYER), c);
        if (c > 0 && c < N->n_cols - 1 && 0.62f * small * (float)text_columns(s) > room)
            snprintf(s, sizeof s, tr(STR_SVG_LAYER_SHORT), c);
        add_text(&P, cx, top - small * 1.2f, small, 0, 1, st->text_muted, s);
        if (c > 0 && c < N->n_cols - 1) {
            snprintf(s, sizeof s, tr(N->total[c] == 1 ? STR_NET_NEURON : STR_NET_NEURONS), N->total[c]);
            if (0.62f * small * (float)text_columns(s) > room)
                snprintf(s, sizeof s, "%d", N->total[c]);
            add_text(&P, cx, top, small, 0, 0, st->text_muted, s);
        }
        if (c > 0)
            add_text(&P, cx, bottom, small, 0, 0, st->text, app_act_short(ar->act[c - 1]));
    }
    char title[300];
    snprintf(title, sizeof title, "%s", app_spec(a)->title[0] ? app_spec(a)->title : "nnviz");
    ex_SvgNet doc = {(float)r.w, (float)r.h, rgb_of((viz_Color){st->panel.r, st->panel.g, st->panel.b, 255}),
                     title, P.edges, P.n_edges, P.tiles, P.n_tiles, P.texts, P.n_texts};
    rc = ex_svg_net_write(&doc, path, err, err_len);
done:
    free(P.edges);
    free(P.tiles);
    free(P.texts);
    free(P.strs);
    free(P.px);
    return rc;
}

/* ======================================================================== */
/* the window: keys, menu, recording, the 2x save                            */
/* ======================================================================== */

typedef struct app_ExportWin {
    int shot2x;               /* Shift+S: save the next frame at twice the pixels */
    int svg;                  /* X: write the network after this frame */
    ex_GifAsync *rec;         /* the GIF being recorded or encoded, NULL when none */
    int taken, total, fps;    /* frames captured, to capture */
    double next_t;            /* when the next frame is due */
    int w, h, half;           /* the window's size when it began; 2: halved for the GIF */
    uint32_t *grab;           /* the frame read back (w*h) */
    uint32_t *small;          /* halved (w/2 * h/2) */
    char path[1100];
    int menu;                 /* the Export menu's selection (-1: none) */
} app_ExportWin;

static app_ExportWin *ex_of(app_State *a)
{
    if (!a->exp) {
        a->exp = calloc(1, sizeof *a->exp);
        if (a->exp)
            a->exp->menu = -1;
    }
    return a->exp;
}

static void rec_stop(app_ExportWin *x)
{
    ex_gif_async_free(x->rec);
    x->rec = NULL;
    free(x->grab);
    free(x->small);
    x->grab = x->small = NULL;
}

static void rec_start(app_State *a)
{
    app_ExportWin *x = ex_of(a);
    if (!x || x->rec)
        return; /* one recording at a time: F again while one runs does nothing */
    plat_size(a->plat, &x->w, &x->h);
    /* a window wider than 960 px is halved: a GIF for a slide, not a screen */
    x->half = x->w > 960 ? 2 : 1;
    int gw = x->w / x->half, gh = x->h / x->half;
    char err[512];
    app_next_free_path(a->core.out_dir, "nnviz", "gif", x->path, sizeof x->path);
    x->grab = malloc((size_t)x->w * (size_t)x->h * sizeof *x->grab);
    x->small = malloc((size_t)gw * (size_t)gh * sizeof *x->small);
    x->rec = x->grab && x->small ? ex_gif_async_start(x->path, gw, gh, APP_GIF_FPS, err, sizeof err) : NULL;
    if (!x->rec) {
        if (!x->grab || !x->small)
            snprintf(err, sizeof err, "out of memory for a %dx%d GIF", gw, gh);
        app_set_status(a, 1, "%s", err);
        rec_stop(x);
        return;
    }
    x->fps = APP_GIF_FPS;
    x->taken = 0;
    x->total = APP_GIF_SECONDS * APP_GIF_FPS;
    x->next_t = 0; /* the next frame drawn is the first */
    if (!a->core.playing)
        app_push(a, app_cmd(APP_CMD_PLAY)); /* "the next seconds of training" */
}

/* Each 2x2 block's mean: the halved frame stays smooth (no dropped rows). */
static void halve(const uint32_t *src, int w, int h, uint32_t *dst)
{
    int ow = w / 2, oh = h / 2;
    for (int y = 0; y < oh; y++)
        for (int xx = 0; xx < ow; xx++) {
            const uint32_t *p = src + (size_t)(2 * y) * (size_t)w + 2 * xx;
            uint32_t q[4] = {p[0], p[1], p[w], p[w + 1]}, out = 0xff000000u;
            for (int sh = 0; sh < 24; sh += 8) {
                uint32_t sum = 2;
                for (int k = 0; k < 4; k++)
                    sum += (q[k] >> sh) & 0xffu;
                out |= (sum / 4) << sh;
            }
            dst[(size_t)y * (size_t)ow + xx] = out;
        }
}

static void rec_tick(app_State *a, app_ExportWin *x)
{
    if (x->taken < x->total && a->now >= x->next_t) {
        int w, h;
        plat_size(a->plat, &w, &h);
        int ok = w == x->w && h == x->h && plat_read_pixels(a->plat, x->grab, w, h) == 0;
        if (ok && x->half == 2) {
            halve(x->grab, w, h, x->small);
            ok = ex_gif_async_push(x->rec, x->small, w / 2) == 0;
        } else if (ok) {
            ok = ex_gif_async_push(x->rec, x->grab, w) == 0;
        }
        if (!ok) {
            /* resized or out of memory: keep what was recorded */
            x->total = x->taken;
        } else {
            x->taken++;
            /* due times step by 1/fps from the first; a late frame does not
             * bring the next one early */
            x->next_t = (x->next_t == 0 ? a->now : x->next_t) + 1.0 / x->fps;
            if (x->next_t < a->now)
                x->next_t = a->now + 1.0 / x->fps;
        }
        if (x->taken >= x->total)
            ex_gif_async_finish(x->rec);
        else
            app_set_status(a, 0, tr(STR_STATUS_GIF_RECORDING), x->taken, x->total);
    }
    int encoded = 0;
    char msg[600];
    int st = ex_gif_async_poll(x->rec, &encoded, msg, sizeof msg);
    if (st == 0 && x->taken >= x->total) {
        app_set_status(a, 0, tr(STR_STATUS_GIF_ENCODING), encoded, x->taken);
    } else if (st == 1) {
        char full[PATH_MAX];
        app_set_status(a, 0, tr(STR_STATUS_SAVED), app_full_path(x->path, full, sizeof full));
        rec_stop(x);
    } else if (st < 0) {
        app_set_status(a, 1, "%s", msg);
        rec_stop(x);
    }
}

static void save_svg_now(app_State *a)
{
    char path[1100], err[600], full[PATH_MAX];
    app_next_free_path(a->core.out_dir, "nnviz-net", "svg", path, sizeof path);
    if (app_save_svg(a, path, err, sizeof err) != 0)
        app_set_status(a, 1, "%s", err);
    else
        app_set_status(a, 0, tr(STR_STATUS_SAVED), app_full_path(path, full, sizeof full));
}

void app_export_keys(app_State *a)
{
    ui_Context *ui = &a->ui;
    app_ExportWin *x = NULL;
    if (ui_key_pressed(ui, 's', UI_MOD_SHIFT) && (x = ex_of(a)))
        x->shot2x = 1;
    if (ui_key_pressed(ui, 'x', 0) && (x = ex_of(a)))
        x->svg = 1;
    if (ui_key_pressed(ui, 'f', 0))
        rec_start(a);
}

int app_export_menu_width(const app_State *a)
{
    const ui_Context *ui = &a->ui;
    return ui_text_width(ui, ui_font(ui, UI_FONT_SMALL), 0, tr(STR_EXPORT_MENU)) + ui_px(ui, 30);
}

void app_export_menu(app_State *a, ui_Rect r)
{
    app_ExportWin *x = ex_of(a);
    if (!x || r.w <= 0)
        return;
    char gif[64];
    snprintf(gif, sizeof gif, tr(STR_EXPORT_ITEM_GIF), APP_GIF_SECONDS);
    const char *items[4] = {tr(STR_EXPORT_MENU), tr(STR_EXPORT_ITEM_PNG2X), tr(STR_EXPORT_ITEM_SVG), gif};
    /* a menu of actions: the first item is its caption, a pick acts and
     * the caption comes back */
    int sel = 0, font = a->ui.widget_font;
    a->ui.widget_font = UI_FONT_SMALL;
    int picked = ui_dropdown_at(&a->ui, ui_id_str(&a->ui, "export-menu"), r, &sel, items, 4);
    a->ui.widget_font = font;
    if (picked) {
        if (sel == 1)
            x->shot2x = 1;
        else if (sel == 2)
            x->svg = 1;
        else if (sel == 3)
            rec_start(a);
    }
}

void app_export_after_draw(app_State *a)
{
    app_ExportWin *x = a->exp;
    if (!x || (a->export_scale != 0.0f && a->export_scale != 1.0f))
        return; /* not while a frame is drawn aside at another size */
    if (x->svg) {
        x->svg = 0;
        save_svg_now(a);
    }
    if (x->rec)
        rec_tick(a, x);
}

void app_export_after_present(app_State *a)
{
    app_ExportWin *x = a->exp;
    if (!x || !x->shot2x)
        return;
    x->shot2x = 0;
    int w, h;
    plat_size(a->plat, &w, &h);
    char err[600], path[1100], full[PATH_MAX];
    if (plat_capture_begin(a->plat, 2 * w, 2 * h, err, sizeof err) != 0) {
        app_set_status(a, 1, "%s", err);
        return;
    }
    /* the same frame, no keys or clicks again, and no pointer hovering */
    ui_Input saved = a->input;
    a->input.n_keys = 0;
    a->input.mouse_pressed = a->input.mouse_released = a->input.wheel = 0;
    a->input.text[0] = '\0';
    a->input.mouse_x = a->input.mouse_y = -100000;
    a->export_scale = 2.0f;
    app_frame(a, plat_now());
    app_next_free_path(a->core.out_dir, "nnviz-2x", "png", path, sizeof path);
    int rc = plat_save_png(a->plat, path, err, sizeof err);
    a->export_scale = 1.0f;
    plat_capture_end(a->plat);
    a->input = saved;
    if (rc != 0)
        app_set_status(a, 1, "%s", err);
    else
        app_set_status(a, 0, tr(STR_STATUS_SAVED), app_full_path(path, full, sizeof full));
}

int app_export_busy(const app_State *a)
{
    return a->exp && (a->exp->rec || a->exp->shot2x || a->exp->svg);
}

void app_export_free(app_State *a)
{
    if (!a->exp)
        return;
    rec_stop(a->exp);
    free(a->exp);
    a->exp = NULL;
}
