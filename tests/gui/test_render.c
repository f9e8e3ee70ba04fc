/* test_render.c - the window's frame drawn offscreen: it is not blank, the
 * output heatmap shows what the model computes, and nothing leaves its panel
 * and no text overlaps other text, at every window size from 1024x720 to 4K
 * and every zoom step the keys reach. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "core/exercise.h"
#include "app/bench_frame.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

typedef struct {
    plat_Ctx *p;
    app_State *a;
    uint32_t *px;
    int w, h;
} Shot;

static void finish_shot(Shot *s, float zoom, int steps);

/* A frame of a lesson file after `steps` batches, drawn twice (the second
 * frame draws cached text). */
static void shoot_file(Shot *s, const char *path, int w, int h, int steps)
{
    char err[512] = "";
    s->w = w;
    s->h = h;
    s->p = plat_open_offscreen(w, h, err, sizeof err);
    assert_non_null(s->p);
    int rc = app_create(&s->a, s->p, path, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    finish_shot(s, 1.0f, steps);
}

/* A frame of a spiral network (n_hidden layers of 8 tanh) after `steps` batches. */
static void shoot(Shot *s, int w, int h, float zoom, int n_hidden, int steps)
{
    char err[512] = "";
    s->w = w;
    s->h = h;
    s->p = plat_open_offscreen(w, h, err, sizeof err);
    if (!s->p)
        print_error("%s\n", err);
    assert_non_null(s->p);
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.n_hidden = n_hidden;
    for (int l = 0; l < n_hidden; l++) {
        e.hidden[l] = 8;
        e.hidden_act[l] = NN_ACT_TANH;
    }
    int rc = app_create_spec(&s->a, s->p, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    finish_shot(s, zoom, steps);
}

static void finish_shot(Shot *s, float zoom, int steps)
{
    app_set_zoom(s->a, zoom);
    s->a->input.mouse_x = s->a->input.mouse_y = -1000;
    app_push(s->a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)steps));
    app_sync(s->a, plat_now());
    app_frame(s->a, plat_now());
    app_frame(s->a, plat_now());
    s->px = malloc((size_t)s->w * (size_t)s->h * sizeof *s->px);
    assert_non_null(s->px);
    assert_int_equal(plat_read_pixels(s->p, s->px, s->w, s->h), 0);
    assert_int_equal(s->a->ui.lists[0].dropped, 0);
    assert_int_equal(s->a->ui.lists[1].dropped, 0);
}

static void unshoot(Shot *s)
{
    free(s->px);
    app_destroy(s->a);
    plat_close(s->p);
}

static void test_not_blank(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 500);
    uint32_t bg = s.px[0];
    long differ = 0;
    uint32_t seen[256];
    int n_seen = 0;
    for (long i = 0; i < (long)s.w * s.h; i++) {
        if (s.px[i] != bg)
            differ++;
        if (n_seen < 256 && i % 97 == 0) {
            int found = 0;
            for (int k = 0; k < n_seen && !found; k++)
                found = seen[k] == s.px[i];
            if (!found)
                seen[n_seen++] = s.px[i];
        }
    }
    assert_true(differ > (long)s.w * s.h / 3);
    assert_true(n_seen >= 50);
    /* both heatmap colours are on screen */
    int blue = 0, orange = 0;
    for (long i = 0; i < (long)s.w * s.h; i++) {
        viz_Color c = viz_unpack(s.px[i]);
        blue += c.b > 150 && c.r < 80;
        orange += c.r > 200 && c.b < 100;
    }
    assert_true(blue > 500 && orange > 500);
    unshoot(&s);
}

/* Pixels at texel centres of the output plot have the colour of the model's
 * output there, paled toward white as the plot's background is (so points
 * keep their class colour on it). Data points cover some of them: 90 % must
 * agree. */
static void test_heatmap_matches_model(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 2000);
    ui_Rect plot = s.a->plot;
    assert_true(plot.w > 100 && plot.h > 100);
    int checked = 0, agree = 0;
    for (int j = 0; j < APP_GRID_BIG; j += 7)
        for (int i = 0; i < APP_GRID_BIG; i += 7) {
            float sx = (float)plot.x + ((float)i + 0.5f) * (float)plot.w / APP_GRID_BIG;
            float sy = (float)plot.y + ((float)j + 0.5f) * (float)plot.h / APP_GRID_BIG;
            float x1, x2;
            app_plot_to_plane(s.a, plot, sx, sy, &x1, &x2);
            uint32_t want_px = viz_pack(viz_diverging_shaded(app_output_value(s.a, x1, x2)));
            viz_pale(&want_px, 1);
            viz_Color want = viz_unpack(want_px);
            viz_Color got = viz_unpack(s.px[(int)sy * s.w + (int)sx]);
            checked++;
            if (abs(want.r - got.r) <= 12 && abs(want.g - got.g) <= 12 && abs(want.b - got.b) <= 12)
                agree++;
        }
    if (agree * 10 < checked * 9)
        print_error("%d of %d sampled heatmap pixels match the model\n", agree, checked);
    assert_true(agree * 10 >= checked * 9);
    /* and the model is not constant, so the check means something */
    float v0 = app_output_value(s.a, -4, -4), v1 = app_output_value(s.a, 4, 4);
    float v2 = app_output_value(s.a, 0, 3), v3 = app_output_value(s.a, 3, 0);
    assert_true(fabsf(v0 - v1) + fabsf(v2 - v3) + fabsf(v0 - v2) > 0.05f);
    unshoot(&s);
}

typedef struct { int x, y, w, h; } Box;

/* What the frame being checked shows, for the failure messages. */
static char where[96] = "";

static int inside(Box b, ui_Rect r)
{
    return b.x >= r.x - 1 && b.y >= r.y - 1 && b.x + b.w <= r.x + r.w + 1 && b.y + b.h <= r.y + r.h + 1;
}

/* Every text of the base layer lies inside a panel and overlaps no other. */
static void check_layout(const Shot *s)
{
    const app_Layout *L = &s->a->lay;
    ui_Rect panels[7] = {L->top, L->hyper, L->data, L->net, L->out, L->chart, L->status};
    ui_Rect screen = {0, 0, s->w, s->h};
    for (int i = 0; i < 7; i++) {
        assert_true(inside((Box){panels[i].x, panels[i].y, panels[i].w, panels[i].h}, screen));
        for (int k = i + 1; k < 7; k++) {
            ui_Rect a = panels[i], b = panels[k];
            int ov = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
            if (ov)
                print_error("panels %d and %d overlap\n", i, k);
            assert_false(ov);
        }
    }
    const ui_CmdList *l = &s->a->ui.lists[UI_LAYER_BASE];
    Box *boxes = malloc((size_t)l->n * sizeof *boxes);
    const char **texts = malloc((size_t)l->n * sizeof *texts);
    int *lens = malloc((size_t)l->n * sizeof *lens);
    assert_non_null(boxes);
    assert_non_null(texts);
    assert_non_null(lens);
    int n = 0, bad = 0;
    ui_Rect clip = {0, 0, -1, -1};
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_CLIP)
            clip = c->rect;
        if (c->type != UI_CMD_TEXT)
            continue;
        const char *t = l->text + c->text_off;
        Box b = {c->rect.x, c->rect.y, plat_text_width(s->p, c->font_px, c->bold, t, c->text_len),
                 plat_text_height(s->p, c->font_px)};
        /* no text is cut by the clip it is drawn in (a dropdown's label, a column) */
        if (clip.w >= 0 && !inside(b, clip)) {
            print_error("text '%.*s' at %d,%d (%dx%d) is cut by its clip %d,%d %dx%d\n", c->text_len, t,
                        b.x, b.y, b.w, b.h, clip.x, clip.y, clip.w, clip.h);
            bad++;
        }
        int ok = 0;
        for (int k = 0; k < 7 && !ok; k++)
            ok = inside(b, panels[k]);
        if (!ok) {
            print_error("text '%.*s' at %d,%d (%dx%d) leaves its panel\n", c->text_len, t, b.x, b.y, b.w, b.h);
            bad++;
        }
        boxes[n] = b;
        texts[n] = t;
        lens[n] = c->text_len;
        n++;
    }
    for (int i = 0; i < n; i++)
        for (int k = i + 1; k < n; k++) {
            /* glyph boxes include line spacing: shrink a little before comparing */
            Box a = boxes[i], b = boxes[k];
            int sh = a.h / 6;
            if (a.x + 1 < b.x + b.w - 1 && b.x + 1 < a.x + a.w - 1 && a.y + sh < b.y + b.h - sh &&
                b.y + sh < a.y + a.h - sh) {
                print_error("text '%.*s' overlaps '%.*s'\n", lens[i], texts[i], lens[k], texts[k]);
                bad++;
            }
        }
    free(boxes);
    free(texts);
    free(lens);
    /* nothing else is drawn outside a panel either: the visible part of
     * every rectangle, outline and image lies in one */
    clip = (ui_Rect){0, 0, -1, -1};
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_CLIP)
            clip = c->rect;
        if (c->type != UI_CMD_RECT && c->type != UI_CMD_BOX && c->type != UI_CMD_IMAGE)
            continue;
        ui_Rect v = c->rect;
        if (clip.w >= 0) {
            int x0 = v.x > clip.x ? v.x : clip.x, y0 = v.y > clip.y ? v.y : clip.y;
            int x1 = v.x + v.w < clip.x + clip.w ? v.x + v.w : clip.x + clip.w;
            int y1 = v.y + v.h < clip.y + clip.h ? v.y + v.h : clip.y + clip.h;
            v = (ui_Rect){x0, y0, x1 - x0, y1 - y0};
        }
        if (v.w <= 0 || v.h <= 0 || c->color.a == 0)
            continue;
        int ok = 0;
        for (int k = 0; k < 7 && !ok; k++)
            ok = panels[k].w > 0 && panels[k].h > 0 && inside((Box){v.x, v.y, v.w, v.h}, panels[k]);
        if (!ok) {
            print_error("a %s at %d,%d (%dx%d) leaves its panel\n",
                        c->type == UI_CMD_IMAGE ? "picture" : "rectangle", v.x, v.y, v.w, v.h);
            bad++;
        }
    }
    /* overlay texts (the inspector, tooltips) stay on screen and in their clip */
    const ui_CmdList *o = &s->a->ui.lists[UI_LAYER_OVERLAY];
    clip = (ui_Rect){0, 0, -1, -1};
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *c = &o->cmds[i];
        if (c->type == UI_CMD_CLIP)
            clip = c->rect;
        if (c->type != UI_CMD_TEXT)
            continue;
        const char *t = o->text + c->text_off;
        Box b = {c->rect.x, c->rect.y, plat_text_width(s->p, c->font_px, c->bold, t, c->text_len),
                 plat_text_height(s->p, c->font_px)};
        if (!inside(b, screen) || (clip.w >= 0 && !inside(b, clip))) {
            print_error("overlay text '%.*s' at %d,%d (%dx%d) is cut\n", c->text_len, t, b.x, b.y, b.w, b.h);
            bad++;
        }
    }
    if (bad)
        print_error("in %s\n", where[0] ? where : "this frame");
    assert_int_equal(bad, 0);
}

/* ---- the confusion matrix's row labels ---- */

static int overlap(Box a, Box b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Whether text t (len bytes) is a class number, alone or before a name. */
static int is_class_label(const char *t, int len)
{
    int i = 0;
    while (i < len && t[i] >= '0' && t[i] <= '9')
        i++;
    return i > 0 && (i == len || t[i] == ' ');
}

/* The output panel's confusion matrix rows are labelled "3 Dress" (or "3"
 * when the names do not fit), the leftmost of the panel's texts that start
 * with a class number; the column numbers stand to their right. Each
 * label's whole line box (its glyph height, not shrunk) overlaps no other
 * text of the panel and no square (a cell, a key swatch, a button), and
 * lies inside the panel. Returns how many labels there are: 0 (no matrix
 * drawn) or k. */
static int check_confusion_labels(const Shot *s, int k)
{
    const ui_CmdList *l = &s->a->ui.lists[UI_LAYER_BASE];
    ui_Rect out = s->a->lay.out;
    Box *texts = malloc((size_t)l->n * sizeof *texts);
    int *is_lab = calloc((size_t)l->n, sizeof *is_lab);
    const char **strs = malloc((size_t)l->n * sizeof *strs);
    int *lens = malloc((size_t)l->n * sizeof *lens);
    assert_true(texts && is_lab && strs && lens);
    int n = 0, min_x = 1 << 30;
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type != UI_CMD_TEXT || !inside((Box){c->rect.x, c->rect.y, 1, 1}, out))
            continue;
        const char *t = l->text + c->text_off;
        texts[n] = (Box){c->rect.x, c->rect.y, plat_text_width(s->p, c->font_px, c->bold, t, c->text_len),
                         plat_text_height(s->p, c->font_px)};
        strs[n] = t;
        lens[n] = c->text_len;
        is_lab[n] = is_class_label(t, c->text_len);
        if (is_lab[n] && texts[n].x < min_x)
            min_x = texts[n].x;
        n++;
    }
    int n_lab = 0, bad = 0;
    for (int i = 0; i < n; i++) {
        if (!is_lab[i] || texts[i].x != min_x)
            continue;
        n_lab++;
        Box b = texts[i];
        if (!inside(b, out)) {
            print_error("row label '%.*s' at %d,%d (%dx%d) leaves the output panel\n", lens[i], strs[i], b.x,
                        b.y, b.w, b.h);
            bad++;
        }
        for (int j = 0; j < n; j++)
            if (j != i && overlap(b, texts[j])) {
                print_error("row label '%.*s' at %d,%d (%dx%d) overlaps '%.*s' at %d,%d (%dx%d)\n", lens[i],
                            strs[i], b.x, b.y, b.w, b.h, lens[j], strs[j], texts[j].x, texts[j].y, texts[j].w,
                            texts[j].h);
                bad++;
            }
        for (int j = 0; j < l->n; j++) {
            const ui_Cmd *c = &l->cmds[j];
            Box r = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
            if (c->type == UI_CMD_RECT && r.w == r.h && r.w >= 3 && inside(r, out) && overlap(b, r)) {
                print_error("row label '%.*s' at %d,%d (%dx%d) overlaps a square at %d,%d (%dx%d)\n", lens[i],
                            strs[i], b.x, b.y, b.w, b.h, r.x, r.y, r.w, r.h);
                bad++;
            }
        }
    }
    free(texts);
    free(is_lab);
    free(strs);
    free(lens);
    if (bad || (n_lab != 0 && n_lab != k))
        print_error("%d row labels of %d classes in %s\n", n_lab, k, where[0] ? where : "this frame");
    assert_int_equal(bad, 0);
    assert_true(n_lab == 0 || n_lab == k);
    return n_lab;
}

/* ---- presenter zoom over a grid of window sizes ---- */

/* One frame with the given key pressed: the key acts on that frame. */
static void key_frame(app_State *a, int key, int mods)
{
    a->input.n_keys = 1;
    a->input.keys[0] = key;
    a->input.key_mods[0] = mods;
    app_frame(a, plat_now());
    a->input.n_keys = 0;
}

/* The font size of the first text drawn as exactly t (the base layer), or
 * 0 when it is not drawn. */
static int text_px(const app_State *a, const char *t)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_TEXT && c->text_len == (int)strlen(t) &&
            memcmp(l->text + c->text_off, t, (size_t)c->text_len) == 0)
            return c->font_px;
    }
    return 0;
}

/* Font size of the first text t drawn inside rect in, 0 if none. */
static int text_px_in(const app_State *a, const char *t, ui_Rect in)
{
    const ui_CmdList *l = &a->ui.lists[UI_LAYER_BASE];
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type == UI_CMD_TEXT && c->text_len == (int)strlen(t) &&
            memcmp(l->text + c->text_off, t, (size_t)c->text_len) == 0 && c->rect.x >= in.x &&
            c->rect.y >= in.y && c->rect.x < in.x + in.w && c->rect.y < in.y + in.h)
            return c->font_px;
    }
    return 0;
}

/* Every zoom step Ctrl+= and Ctrl+- reach, at every window size from the
 * smallest to 4K: text overlaps no text, nothing leaves its panel, and the
 * output plot and the loss chart are never smaller at a larger zoom; zoomed in, also with the
 * controls Tab shows. Without a plane (plane 0), the class view's bar names
 * are never smaller at a larger zoom and larger at zoom 3 than at zoom 1. One app per window size; the keys change the zoom
 * between frames. Returns the steps seen. */
static int zoom_grid(const char *lesson, int steps, int plane)
{
    static const int sizes[][2] = {{1024, 720},  {1280, 800},  {1366, 768},
                                   {1920, 1080}, {2560, 1440}, {3840, 2160}};
    int n_steps = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        Shot s;
        char err[512] = "";
        s.w = sizes[k][0];
        s.h = sizes[k][1];
        s.p = plat_open_offscreen(s.w, s.h, err, sizeof err);
        assert_non_null(s.p);
        int rc = app_create(&s.a, s.p, lesson, err, sizeof err);
        if (rc != 0)
            print_error("%s\n", err);
        assert_int_equal(rc, 0);
        s.px = NULL;
        s.a->input.mouse_x = s.a->input.mouse_y = -1000;
        app_push(s.a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)steps));
        app_sync(s.a, plat_now());
        /* down to the smallest zoom (Ctrl+- steps, no frames needed) */
        for (int i = 0; i < 40 && app_zoom_step(s.a->zoom, -1) < s.a->zoom; i++)
            app_set_zoom(s.a, app_zoom_step(s.a->zoom, -1));
        app_frame(s.a, plat_now());
        app_frame(s.a, plat_now());
        /* and up, step by step */
        int seen = 0, last_side = 0, last_px = 0, px_at_2 = 0, last_chart = 0;
        int last_tile = 0, tile_at_1 = 0, last_chart_px = 0, chart_px_at_1 = 0;
        int last_bar_px = 0, bar_px_at_1 = 0;
        float last_zoom = 0;
        for (int i = 0; i < 40; i++) {
            snprintf(where, sizeof where, "%s at %dx%d, zoom %.4f", strrchr(lesson, '/') + 1, s.w,
                     s.h, (double)s.a->zoom);
            assert_int_equal(s.a->ui.lists[0].dropped, 0);
            assert_int_equal(s.a->ui.lists[1].dropped, 0);
            check_layout(&s);
            if (!plane)
                check_confusion_labels(&s, nn_model_outputs(app_model(s.a)));
            /* a steady frame opens no font: more sizes than the font slots
             * hold would reopen (read and render) fonts every frame */
            long opens = plat_font_opens(s.p);
            app_frame(s.a, plat_now());
            if (plat_font_opens(s.p) != opens)
                print_error("%s: a steady frame opened %ld fonts\n", where, plat_font_opens(s.p) - opens);
            assert_true(plat_font_opens(s.p) == opens);
            if (plane) {
                int side = s.a->plot.w < s.a->plot.h ? s.a->plot.w : s.a->plot.h;
                if (side < last_side)
                    print_error("%dx%d: the plot is %d px at zoom %.3f but %d px at zoom %.3f\n", s.w,
                                s.h, side, (double)s.a->zoom, last_side, (double)last_zoom);
                assert_true(side >= last_side);
                assert_true(side >= 100);
                last_side = side;
            }
            /* the loss chart is teaching content too: never lower at a
             * larger zoom */
            if (s.a->lay.chart.h < last_chart)
                print_error("%s: the loss chart is %d px high, %d px at zoom %.3f\n", where,
                            s.a->lay.chart.h, last_chart, (double)last_zoom);
            assert_true(s.a->lay.chart.h >= last_chart);
            last_chart = s.a->lay.chart.h;
            /* its title and numbers never smaller at a larger zoom, and
             * larger at the largest than at zoom 1 (its toggles give way) */
            int chart_px = text_px_in(s.a, tr(STR_CHART_TITLE), s.a->lay.chart);
            if (chart_px < last_chart_px)
                print_error("%s: the loss chart's title is %d px, %d px at zoom %.3f\n", where, chart_px,
                            last_chart_px, (double)last_zoom);
            assert_true(chart_px > 0 && chart_px >= last_chart_px);
            last_chart_px = chart_px;
            if (fabsf(s.a->zoom - 1.0f) < 0.01f)
                chart_px_at_1 = chart_px;
            if (s.a->zoom >= 2.99f && s.h >= 800)
                assert_true(chart_px > chart_px_at_1);
            /* the network's tiles too, from zoom 1 on: the controls hidden
             * when zoomed in give them room, and the top bar's growth never
             * takes it back (zoomed out, smaller controls may leave the
             * tiles a pixel more than at zoom 1) */
            if (plane && s.a->zoom > 0.99f) {
                int tile = (int)s.a->net.tile;
                if (tile < last_tile)
                    print_error("%s: the tiles are %d px, %d px at zoom %.3f\n", where, tile, last_tile,
                                (double)last_zoom);
                assert_true(tile >= last_tile);
                last_tile = tile;
                if (fabsf(s.a->zoom - 1.0f) < 0.01f)
                    tile_at_1 = tile;
                if (s.a->zoom > 1.01f)
                    assert_true(tile > tile_at_1);
            }
            /* the class view (no plane): its tiles never smaller than at
             * zoom 1 either, and the bars' names (the sample's classes) are
             * teaching content: never smaller at a larger zoom, and larger
             * at the largest than at zoom 1 where the window is at least
             * 1280x800 */
            if (!plane && s.a->zoom > 0.99f) {
                int tile = (int)s.a->net.tile;
                if (fabsf(s.a->zoom - 1.0f) < 0.01f)
                    tile_at_1 = tile;
                if (tile < tile_at_1)
                    print_error("%s: the tiles are %d px, %d px at zoom 1\n", where, tile, tile_at_1);
                assert_true(tile >= tile_at_1);
                int bar_px = text_px_in(s.a, "Trouser", s.a->lay.out);
                if (bar_px < last_bar_px)
                    print_error("%s: the bars' names are %d px, %d px at zoom %.3f\n", where, bar_px,
                                last_bar_px, (double)last_zoom);
                assert_true(bar_px > 0 && bar_px >= last_bar_px);
                last_bar_px = bar_px;
                if (fabsf(s.a->zoom - 1.0f) < 0.01f)
                    bar_px_at_1 = bar_px;
                if (s.a->zoom >= 2.99f && s.w >= 1280 && s.h >= 800) {
                    if (bar_px <= bar_px_at_1)
                        print_error("%s: the bars' names are %d px, as at zoom 1\n", where, bar_px);
                    assert_true(bar_px > bar_px_at_1);
                }
            }
            /* the top bar keeps the test accuracy at every zoom, and its
             * numbers grow with every zoom step, 3 larger than 2 */
            if (!isnan(app_focus(s.a)->m_test.accuracy)) {
                if (text_px(s.a, tr(STR_TOP_TEST_ACC)) == 0)
                    print_error("%s: no test accuracy in the top bar\n", where);
                assert_true(text_px(s.a, tr(STR_TOP_TEST_ACC)) > 0);
            }
            int fig_px = text_px(s.a, tr(STR_TOP_TEST_LOSS));
            assert_true(fig_px > 0);
            assert_true(fig_px >= last_px);
            last_px = fig_px;
            if (s.a->zoom > 1.99f && s.a->zoom < 2.1f)
                px_at_2 = fig_px;
            if (s.a->zoom >= 2.99f)
                assert_true(fig_px > px_at_2 && px_at_2 > 0);
            if (s.a->zoom > 1.0f) {
                /* zoomed in, the controls are hidden; Tab shows them */
                assert_int_equal(s.a->lay.data.w, 0);
                key_frame(s.a, UI_KEY_TAB, 0);
                assert_true(s.a->lay.data.w > 0 && s.a->lay.hyper.h > 0);
                snprintf(where, sizeof where, "%s at %dx%d, zoom %.4f, controls shown",
                         strrchr(lesson, '/') + 1, s.w, s.h, (double)s.a->zoom);
                check_layout(&s);
                if (!plane)
                    check_confusion_labels(&s, nn_model_outputs(app_model(s.a)));
                key_frame(s.a, UI_KEY_TAB, 0);
            }
            seen++;
            last_zoom = s.a->zoom;
            key_frame(s.a, '=', UI_MOD_CTRL);
            if (s.a->zoom == last_zoom)
                break;
        }
        assert_true(last_zoom >= 2.99f);
        n_steps = seen;
        where[0] = '\0';
        unshoot(&s);
    }
    return n_steps;
}

static void test_layout_zoom_spiral(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/lessons/spiral.ini", NNVIZ_SOURCE_DIR);
    int n = zoom_grid(path, 300, 1);
    /* 0.6, 1.15^k from 1.15^-3 to 1.15^7, 3.0 */
    assert_int_equal(n, 13);
}

/* The pixel at the middle of tile i of column c, 0xRRGGBB. */
static uint32_t tile_centre(const Shot *s, int c, int i)
{
    viz_RectF f = viz_net_tile(&s->a->net, c, i);
    int x = (int)(f.x + f.w / 2), y = (int)(f.y + f.h / 2);
    return s->px[(size_t)y * (size_t)s->w + (size_t)x] & 0xffffffu;
}

/* The Fashion-MNIST lesson's path in path; 0 when Debian's data set is
 * not installed (the test is then skipped). */
static int fashion_lesson(char *path, size_t len)
{
    snprintf(path, len, "%s/lessons/fashion-mnist.ini", NNVIZ_SOURCE_DIR);
    FILE *f = fopen("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

static void test_layout_zoom_fashion(void **state)
{
    (void)state;
    char path[1024];
    if (!fashion_lesson(path, sizeof path))
        skip();
    zoom_grid(path, 5, 0);
}

static void test_layout_1280(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 300);
    check_layout(&s);
    unshoot(&s);
}

static void test_layout_small_deep(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1024, 720, 1.0f, 6, 300); /* the T1 network in the smallest window */
    check_layout(&s);
    unshoot(&s);
}

static void test_layout_zoomed(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1920, 1080, 1.3f, 3, 300);
    check_layout(&s);
    unshoot(&s);
}

static void test_layout_4k(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 3840, 2160, 1.0f, 6, 100);
    check_layout(&s);
    /* text scales with the screen: the base font is at least 16 px per 800 rows */
    assert_true(ui_font(&s.a->ui, UI_FONT_BASE) >= 16 * 2160 / 800);
    unshoot(&s);
}

/* 784 inputs: weight images, "+116 more", class bars, the confusion matrix. */
static void test_layout_fashion(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/lessons/fashion-mnist.ini", NNVIZ_SOURCE_DIR);
    FILE *f = fopen("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", "rb");
    FILE *g = fopen(path, "r");
    if (f)
        fclose(f);
    if (g)
        fclose(g);
    if (!f || !g)
        skip();
    static const int sizes[3][2] = {{1024, 720}, {1280, 800}, {1920, 1080}};
    for (int k = 0; k < 3; k++) {
        Shot s;
        shoot_file(&s, path, sizes[k][0], sizes[k][1], 5);
        check_layout(&s);
        /* the output neurons are named by their classes in the network */
        assert_true(text_px_in(s.a, "Trouser", s.a->lay.net) > 0);
        /* a softmax output tile shows its class's probability: the least
         * likely class near white, not orange; the likeliest bluer */
        const viz_NetLayout *N = &s.a->net;
        int oc = N->n_cols - 1, L = app_model(s.a)->arch.n_layers;
        const float *pr = app_heat(s.a)->one->a[L - 1];
        int lo = 0, hi = 0;
        for (int i = 1; i < N->shown[oc]; i++) {
            lo = pr[i] < pr[lo] ? i : lo;
            hi = pr[i] > pr[hi] ? i : hi;
        }
        uint32_t cl = tile_centre(&s, oc, lo), ch = tile_centre(&s, oc, hi);
        int lr = (int)(cl >> 16) & 255, lb = (int)cl & 255, hr = (int)(ch >> 16) & 255, hb = (int)ch & 255;
        if (lr - lb > 40 || lb < 190)
            print_error("the least likely class (p = %.3f) is drawn %06x\n", (double)pr[lo], (unsigned)cl);
        assert_true(lr - lb <= 40 && lb >= 190);
        assert_true(pr[hi] < 0.2f || hb > hr + 20);
        unshoot(&s);
    }
}

/* A lesson or data file at 1280x800 and 1920x1080, zoom 1, 2 and 3, after
 * `steps` batches: the layout holds (nothing leaves the output panel, the
 * colour key included), and the confusion matrix is drawn with all k rows
 * named ("0 <first class>" among them), each row label no taller than its
 * row, overlapping neither its neighbours nor the cells and column
 * numbers, inside the output panel. */
static void confusion_at_zooms(const char *path, int k, int steps)
{
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    for (int i = 0; i < 2; i++) {
        Shot s;
        shoot_file(&s, path, sizes[i][0], sizes[i][1], steps);
        for (int z = 1; z <= 3; z++) {
            app_set_zoom(s.a, (float)z);
            app_frame(s.a, plat_now());
            app_frame(s.a, plat_now());
            snprintf(where, sizeof where, "%s at %dx%d, zoom %d", strrchr(path, '/') + 1, s.w, s.h, z);
            check_layout(&s);
            /* the names are shown, not only the numbers */
            assert_int_equal(check_confusion_labels(&s, k), k);
            char first[96];
            snprintf(first, sizeof first, "0 %s", app_train(s.a)->class_names[0]);
            if (text_px(s.a, first) == 0)
                print_error("no row label '%s' in %s\n", first, where);
            assert_true(text_px(s.a, first) > 0);
        }
        where[0] = '\0';
        unshoot(&s);
    }
}

static void test_confusion_labels(void **state)
{
    (void)state;
    /* three classes: few rows, large cells */
    confusion_at_zooms(NNVIZ_TEST_DATA "/csv/iris_excerpt.csv", 3, 300);
    char path[1024];
    if (!fashion_lesson(path, sizeof path))
        skip();
    confusion_at_zooms(path, 10, 300);
}

/* Stepping by phase with the inspector open, in the smallest window. */
static void test_layout_inspector(void **state)
{
    (void)state;
    for (int deep = 0; deep < 2; deep++) {
        Shot s;
        shoot(&s, 1024, 720, 1.0f, deep ? 6 : 2, 20);
        app_Command insp = app_cmd_i(APP_CMD_INSPECT, 1);
        insp.i[1] = 2;
        app_push(s.a, insp);
        /* a whole batch forward and some of it back: the inspector never
         * covers the output panel (plot, class bars, confusion matrix) */
        for (int k = 0; k < 24; k++) {
            app_push(s.a, app_cmd(k < 18 ? APP_CMD_STEP_PHASE : APP_CMD_STEP_PHASE_BACK));
            app_frame(s.a, plat_now());
            app_frame(s.a, plat_now());
            ui_Rect o = s.a->lay.out, b = s.a->inspect_rect;
            assert_true(b.w > 0);
            assert_true(o.w <= 0 || b.x + b.w <= o.x || b.x >= o.x + o.w || b.y + b.h <= o.y ||
                        b.y >= o.y + o.h);
        }
        app_frame(s.a, plat_now());
        assert_true(app_snap(s.a)->have_probe);
        assert_true(s.a->inspect_rect.w > 0);
        check_layout(&s);
        unshoot(&s);
    }
}

/* Predict then reveal in the inspector: after the backward pass the Up and
 * Down buttons take a guess (found by clicking along the button row), and
 * after the update the guess is still there for the verdict. */
static void test_inspector_predict(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 20);
    app_Command insp = app_cmd_i(APP_CMD_INSPECT, 2); /* the output neuron */
    app_push(s.a, insp);
    for (int k = 0; k < 7; k++) /* every phase but the update */
        app_push(s.a, app_cmd(APP_CMD_STEP_PHASE));
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    ui_Rect b = s.a->inspect_rect;
    assert_true(b.w > 0);
    assert_int_equal(s.a->insp.guess, 0);
    int y = b.y + b.h - ui_px(&s.a->ui, 27);
    for (int x = b.x + 4; x < b.x + b.w && !s.a->insp.guess; x += 6) {
        /* a gradient check on the way adds a line: the row moves down */
        b = s.a->inspect_rect;
        y = b.y + b.h - ui_px(&s.a->ui, 27);
        s.a->input.mouse_x = x;
        s.a->input.mouse_y = y;
        s.a->input.mouse_pressed = 0;
        app_frame(s.a, plat_now());
        s.a->input.mouse_pressed = UI_MOUSE_LEFT;
        s.a->input.mouse_down = UI_MOUSE_LEFT;
        app_frame(s.a, plat_now());
        s.a->input.mouse_pressed = 0;
        s.a->input.mouse_down = 0;
        s.a->input.mouse_released = UI_MOUSE_LEFT; /* a whole click: the focus is let go */
        app_frame(s.a, plat_now());
        s.a->input.mouse_released = 0;
    }
    assert_int_equal(s.a->insp.guess, 1); /* Up comes before Down */
    int64_t at = app_snap(s.a)->cursor.step;
    assert_int_equal(s.a->insp.guess_step, at);
    s.a->input.mouse_x = s.a->input.mouse_y = -1000;
    app_push(s.a, app_cmd(APP_CMD_STEP_PHASE)); /* the update */
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    assert_int_equal(app_snap(s.a)->cursor.step, at + 1);
    assert_int_equal(s.a->insp.guess, 1); /* kept for the verdict */
    unshoot(&s);
}

/* Types an answer into the focused field and presses Enter. */
static void type_answer(Shot *s, const char *text)
{
    snprintf(s->a->input.text, sizeof s->a->input.text, "%s", text);
    app_frame(s->a, plat_now());
    s->a->input.text[0] = '\0';
    s->a->input.keys[0] = UI_KEY_ENTER;
    s->a->input.key_mods[0] = 0;
    s->a->input.n_keys = 1;
    app_frame(s->a, plat_now());
    s->a->input.n_keys = 0;
    app_frame(s->a, plat_now());
    app_frame(s->a, plat_now());
}

/* You compute it: asked for a hidden delta, the inspector takes a typed
 * answer, runs the phase and judges it; stepping back asks again, and the
 * true value typed is right. */
static void test_inspector_exercise(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 20);
    app_push(s.a, app_cmd_i(APP_CMD_INSPECT, 1));
    app_Command ex = app_cmd_i(APP_CMD_EXERCISE, APP_EX_DELTA);
    ex.i[1] = 1;
    app_push(s.a, ex);
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    nn_Cursor at = app_snap(s.a)->cursor;
    assert_int_equal(at.phase, 5); /* L = 3: before BACKWARD 1 */
    assert_true(s.a->ui.text_focus != 0);
    double v = 0;
    assert_int_equal(app_exercise_value(&app_snap(s.a)->probe, APP_EX_DELTA, -1, &v), 0);
    type_answer(&s, "12345");
    assert_int_equal(s.a->insp.ex_answered, 1);
    assert_int_equal(app_snap(s.a)->cursor.phase, 6); /* the phase ran */
    assert_int_equal(app_exercise_value(&app_snap(s.a)->probe, APP_EX_DELTA, -1, &v), 1);
    assert_int_equal(app_exercise_judge(s.a->insp.ex_answer, v), 0);
    app_push(s.a, app_cmd(APP_CMD_STEP_PHASE_BACK));
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    assert_int_equal(app_snap(s.a)->cursor.phase, 5);
    assert_int_equal(s.a->insp.ex_answered, 0); /* asked again */
    char buf[40];
    snprintf(buf, sizeof buf, "%.6g", v);
    type_answer(&s, buf);
    assert_int_equal(s.a->insp.ex_answered, 1);
    assert_int_equal(app_exercise_judge(s.a->insp.ex_answer, v), 1);
    unshoot(&s);
}

/* Three runs of one spec, each with another optimizer: the loss chart
 * draws every run's curve in its colour, with a legend of the runs. */
static void test_layout_several_runs(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 0);
    nn_Experiment e[3];
    const nn_OptKind kinds[3] = {NN_OPT_SGD, NN_OPT_MOMENTUM, NN_OPT_ADAM};
    for (int k = 0; k < 3; k++) {
        e[k] = *app_spec(s.a);
        float lr = e[k].opt.lr;
        nn_opt_config_default(&e[k].opt, kinds[k]);
        e[k].opt.lr = lr;
    }
    char err[512] = "";
    app_runner_lock(s.a->core.runner);
    int rc = app_core_build_runs(&s.a->core, e, 3, NULL, err, sizeof err);
    app_runner_unlock(s.a->core.runner);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    app_push(s.a, app_cmd_u(APP_CMD_TRAIN, 1000));
    app_sync(s.a, plat_now());
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    assert_int_equal(plat_read_pixels(s.p, s.px, s.w, s.h), 0);
    check_layout(&s);
    /* each run's colour appears in the chart */
    const ui_Rect c = s.a->lay.chart;
    for (int k = 0; k < 3; k++) {
        uint32_t want = s.a->core.runs[k]->color;
        int found = 0;
        for (int y = c.y; y < c.y + c.h && !found; y++)
            for (int x = c.x; x < c.x + c.w && !found; x++) {
                uint32_t p = s.px[(size_t)y * (size_t)s.w + (size_t)x];
                found = (p & 0xffffffu) == want;
            }
        if (!found)
            print_error("run %d's colour %06x is not in the chart\n", k, want);
        assert_true(found);
    }
    const char *keep = getenv("NNVIZ_KEEP_SHOT");
    if (keep)
        plat_save_png(s.p, keep, err, sizeof err);
    unshoot(&s);
}

/* Whether the overlay layer draws a text starting with prefix. */
static int overlay_has(const app_State *a, const char *prefix)
{
    const ui_CmdList *o = &a->ui.lists[UI_LAYER_OVERLAY];
    for (int i = 0; i < o->n; i++) {
        const ui_Cmd *c = &o->cmds[i];
        if (c->type == UI_CMD_TEXT && (size_t)c->text_len >= strlen(prefix) &&
            memcmp(o->text + c->text_off, prefix, strlen(prefix)) == 0)
            return 1;
    }
    return 0;
}

/* A lesson opens with its card (title and description) in the smallest
 * window; the next key closes it and still does its own job. */
static void test_lesson_card(void **state)
{
    (void)state;
    Shot s;
    char err[512] = "";
    s.w = 1024;
    s.h = 720;
    s.p = plat_open_offscreen(s.w, s.h, err, sizeof err);
    assert_non_null(s.p);
    assert_int_equal(app_create(&s.a, s.p, NNVIZ_SOURCE_DIR "/lessons/spiral.ini", err, sizeof err), 0);
    s.a->cards = 1;
    s.a->input.mouse_x = s.a->input.mouse_y = -1000;
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    s.px = malloc((size_t)s.w * (size_t)s.h * sizeof *s.px);
    assert_non_null(s.px);
    assert_true(s.a->card);
    assert_true(overlay_has(s.a, "Spiral: features"));
    assert_true(overlay_has(s.a, "Two interleaved spirals."));
    /* Space: the card goes and training starts */
    s.a->input.keys[0] = ' ';
    s.a->input.key_mods[0] = 0;
    s.a->input.n_keys = 1;
    app_frame(s.a, plat_now());
    s.a->input.n_keys = 0;
    assert_false(s.a->card);
    assert_true(s.a->core.playing);
    app_frame(s.a, plat_now());
    assert_false(overlay_has(s.a, "Two interleaved spirals."));
    unshoot(&s);
}

static void test_bench_runs(void **state)
{
    (void)state;
    double ms = -1;
    assert_int_equal(app_bench_frames(640, 400, 3, &ms), 0);
    assert_true(ms > 0);
}

/* The layer gallery shows every neuron of a layer wider than the twelve
 * tiles the diagram draws, each with its own picture, and nothing beyond. */
static void test_layer_gallery(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 50);
    app_Command c = app_cmd_i(APP_CMD_SET_UNITS, 0);
    c.i[1] = 20;
    app_push(s.a, c);
    app_sync(s.a, plat_now());
    app_frame(s.a, plat_now());
    assert_int_equal(app_model(s.a)->arch.sizes[1], 20);
    assert_int_equal(s.a->net.shown[1], 12); /* the diagram cuts the column short */
    s.a->gallery_col = 1;
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    assert_int_equal(s.a->gallery_col, 1);
    for (int k = 0; k < 20; k++)
        assert_true(s.a->gallery_tex[k] != 0);
    assert_int_equal(s.a->gallery_tex[20], 0);
    /* neurons 13 and 20, which the diagram does not draw, have pictures of
     * their own: not the same as each other's */
    uint32_t p13[APP_GRID_SMALL * APP_GRID_SMALL], p20[APP_GRID_SMALL * APP_GRID_SMALL];
    int w = 0, h = 0;
    assert_int_equal(app_heat_unit_pixels(s.a, 1, 12, p13, APP_GRID_SMALL * APP_GRID_SMALL, &w, &h), 0);
    assert_int_equal(w * h, APP_GRID_SMALL * APP_GRID_SMALL);
    assert_int_equal(app_heat_unit_pixels(s.a, 1, 19, p20, APP_GRID_SMALL * APP_GRID_SMALL, &w, &h), 0);
    assert_true(memcmp(p13, p20, sizeof p13) != 0);
    assert_int_equal(app_heat_unit_pixels(s.a, 1, 20, p20, APP_GRID_SMALL * APP_GRID_SMALL, &w, &h), -1);
    unshoot(&s);
}

/* Resting the pointer on a neuron's tile shows that neuron's map in the
 * output plot (Playground's preview); moving away shows the output again. */
static void test_hover_preview(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 300);
    ui_Rect plot = s.a->plot;
    size_t n = (size_t)s.w * (size_t)s.h;
    uint32_t *before = malloc(n * sizeof *before);
    assert_non_null(before);
    memcpy(before, s.px, n * sizeof *before);
    viz_RectF f = viz_net_tile(&s.a->net, 1, 0);
    s.a->input.mouse_x = (int)(f.x + f.w / 2);
    s.a->input.mouse_y = (int)(f.y + f.h / 2);
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    assert_int_equal(s.a->preview, 1);
    assert_int_equal(s.a->preview_col, 1);
    assert_int_equal(s.a->preview_unit, 0);
    assert_int_equal(plat_read_pixels(s.p, s.px, s.w, s.h), 0);
    /* the plot now shows the hidden neuron's map: much of it changed */
    int checked = 0, differ = 0;
    for (int y = plot.y + 2; y < plot.y + plot.h - 2; y += 5)
        for (int x = plot.x + 2; x < plot.x + plot.w - 2; x += 5) {
            checked++;
            differ += s.px[(size_t)y * (size_t)s.w + (size_t)x] != before[(size_t)y * (size_t)s.w + (size_t)x];
        }
    assert_true(differ * 5 > checked);
    /* away from the tiles, the output is back, pixel for pixel */
    s.a->input.mouse_x = s.a->input.mouse_y = -1000;
    app_frame(s.a, plat_now());
    app_frame(s.a, plat_now());
    assert_int_equal(s.a->preview, 0);
    assert_int_equal(plat_read_pixels(s.p, s.px, s.w, s.h), 0);
    for (int y = plot.y; y < plot.y + plot.h; y++)
        for (int x = plot.x; x < plot.x + plot.w; x++)
            assert_int_equal(s.px[(size_t)y * (size_t)s.w + (size_t)x], before[(size_t)y * (size_t)s.w + (size_t)x]);
    free(before);
    unshoot(&s);
}

/* A CSV's points are plotted on their own range (two moons in [-1, 2] fill
 * the plot rather than sit as a blob in Playground's [-6, 6] square), the
 * ends on round numbers, both axes the same span so shapes keep their form. */
static void test_csv_own_range(void **state)
{
    (void)state;
    Shot s;
    shoot_file(&s, NNVIZ_TEST_DATA "/csv/moons.csv", 1280, 800, 10);
    const float *dm = app_heat(s.a)->dom;
    const nn_Dataset *d = app_train(s.a);
    for (int i = 0; i < d->n; i++) {
        assert_true(nn_dataset_x(d, i, 0) > dm[0] && nn_dataset_x(d, i, 0) < dm[1]);
        assert_true(nn_dataset_x(d, i, 1) > dm[2] && nn_dataset_x(d, i, 1) < dm[3]);
    }
    assert_true(dm[1] - dm[0] <= 5.0f);
    assert_float_equal(dm[1] - dm[0], dm[3] - dm[2], 1e-5);
    for (int k = 0; k < 4; k++)
        assert_float_equal(dm[k] * 2.0f, roundf(dm[k] * 2.0f), 1e-5); /* on halves here */
    unshoot(&s);
}

/* A weight and a bias are named the same way in the tooltip and the editor:
 * by the units they join ("x1 -> neuron 2 of layer 1"), the output's bias as
 * the output's. */
static void test_parameter_names(void **state)
{
    (void)state;
    Shot s;
    shoot(&s, 1280, 800, 1.0f, 2, 0);
    char name[200];
    app_param_name(s.a, 0, 0, 1, name, sizeof name);
    assert_string_equal(name, "x\xe2\x82\x81 \xe2\x86\x92 neuron 2 of layer 1");
    app_param_name(s.a, 1, 2, 3, name, sizeof name);
    assert_string_equal(name, "neuron 3 of layer 1 \xe2\x86\x92 neuron 4 of layer 2");
    app_param_name(s.a, 2, 7, 0, name, sizeof name);
    assert_string_equal(name, "neuron 8 of layer 2 \xe2\x86\x92 the output");
    app_param_name(s.a, 2, 0, -1, name, sizeof name);
    assert_string_equal(name, "the output");
    app_param_name(s.a, 0, 4, -1, name, sizeof name);
    assert_string_equal(name, "neuron 5 of layer 1");
    unshoot(&s);
}

/* At the ten-layer cap, 1280x800: the column captions (FEATURES, OUTPUT,
 * or their short forms) never lie under the per-layer +/- buttons. */
static void test_layout_ten_layers(void **state)
{
    (void)state;
    Shot s;
    /* zoomed in, the captions stand where the buttons were: none runs
     * into another */
    for (int k = 0; k < 2; k++) {
        shoot(&s, k ? 1920 : 1280, k ? 1080 : 800, 3.0f, 10, 20);
        check_layout(&s);
        unshoot(&s);
    }
    shoot(&s, 1280, 800, 1.0f, 10, 20);
    check_layout(&s);
    const char *caps[4] = {tr(STR_NET_COL_FEATURES), tr(STR_NET_COL_OUTPUT), tr(STR_NET_COL_INPUT_SHORT),
                           tr(STR_NET_COL_OUTPUT_SHORT)};
    const ui_CmdList *l = &s.a->ui.lists[UI_LAYER_BASE];
    ui_Rect net = s.a->lay.net;
    int seen = 0;
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        if (c->type != UI_CMD_TEXT)
            continue;
        const char *t = l->text + c->text_off;
        int is_cap = 0;
        for (int k = 0; k < 4; k++)
            is_cap |= (int)strlen(caps[k]) == c->text_len && strncmp(t, caps[k], (size_t)c->text_len) == 0;
        if (!is_cap || !inside((Box){c->rect.x, c->rect.y, 1, 1}, net)) /* the output panel's title too */
            continue;
        seen++;
        Box b = {c->rect.x, c->rect.y, plat_text_width(s.p, c->font_px, c->bold, t, c->text_len),
                 plat_text_height(s.p, c->font_px)};
        for (int k = 0; k < l->n; k++) {
            const ui_Cmd *r = &l->cmds[k];
            /* the small square buttons of the column headings */
            if ((r->type != UI_CMD_RECT && r->type != UI_CMD_BOX) || r->rect.w != r->rect.h ||
                r->rect.w > ui_px(&s.a->ui, 24) || r->rect.w < 8 || !inside((Box){r->rect.x, r->rect.y, r->rect.w, r->rect.h},
                                                                              (ui_Rect){net.x, net.y, net.w, net.h / 3}))
                continue;
            int ov = b.x < r->rect.x + r->rect.w && r->rect.x < b.x + b.w && b.y < r->rect.y + r->rect.h &&
                     r->rect.y < b.y + b.h;
            if (ov)
                print_error("caption '%.*s' lies under a button at %d,%d\n", c->text_len, t, r->rect.x, r->rect.y);
            assert_false(ov);
        }
    }
    assert_int_equal(seen, 2);
    unshoot(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_blank),         cmocka_unit_test(test_heatmap_matches_model),
        cmocka_unit_test(test_layout_1280),       cmocka_unit_test(test_layout_small_deep),
        cmocka_unit_test(test_layout_zoomed),     cmocka_unit_test(test_layout_4k),
        cmocka_unit_test(test_layout_fashion),    cmocka_unit_test(test_layout_inspector),
        cmocka_unit_test(test_inspector_predict),
        cmocka_unit_test(test_inspector_exercise),
        cmocka_unit_test(test_layout_several_runs), cmocka_unit_test(test_lesson_card),
        cmocka_unit_test(test_layout_zoom_spiral), cmocka_unit_test(test_layout_zoom_fashion),
        cmocka_unit_test(test_bench_runs),       cmocka_unit_test(test_layer_gallery),
        cmocka_unit_test(test_csv_own_range),
        cmocka_unit_test(test_parameter_names),
        cmocka_unit_test(test_layout_ten_layers),
        cmocka_unit_test(test_hover_preview),
        cmocka_unit_test(test_confusion_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
