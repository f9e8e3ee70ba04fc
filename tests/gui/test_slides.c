/* test_slides.c - exports for slides: the window at twice its pixels is
 * the same picture (not the presenter zoom), the GIF decodes with giflib to
 * the frames asked for, which change as the network trains, and the SVG is
 * well-formed XML with one path per drawn edge in the window's colours and
 * widths, and its labels as text. */
#include <gif_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#include "app/app.h"
#include "app/app_exports.h"
#include "export/gif_writer.h"
#include "i18n/i18n.h"

typedef struct {
    plat_Ctx *p;
    app_State *a;
} Win;

/* The spiral lesson with 2 hidden layers of 6 tanh, in a w x h picture at
 * export scale s and zoom z, after `steps` batches and one drawn frame. */
static void open_win(Win *W, int w, int h, float s, float z, int steps)
{
    char err[512] = "";
    W->p = plat_open_offscreen(w, h, err, sizeof err);
    if (!W->p)
        print_error("%s\n", err);
    assert_non_null(W->p);
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.n_hidden = 2;
    for (int l = 0; l < 2; l++) {
        e.hidden[l] = 6;
        e.hidden_act[l] = NN_ACT_TANH;
    }
    int rc = app_create_spec(&W->a, W->p, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    W->a->export_scale = s;
    app_set_zoom(W->a, z);
    W->a->input.mouse_x = W->a->input.mouse_y = -100000;
    app_push(W->a, app_cmd_u(APP_CMD_TRAIN, (uint64_t)steps));
    app_sync(W->a, plat_now());
    app_frame(W->a, plat_now());
    app_frame(W->a, plat_now());
}

static void close_win(Win *W)
{
    app_destroy(W->a);
    plat_close(W->p);
}

static uint32_t *pixels(Win *W, int w, int h)
{
    uint32_t *px = malloc((size_t)w * (size_t)h * sizeof *px);
    assert_non_null(px);
    assert_int_equal(plat_read_pixels(W->p, px, w, h), 0);
    return px;
}

/* Mean absolute difference per channel between a (w x h) and b (2w x 2h),
 * each averaged over blocks of 8x8 pixels of a (16x16 of b): the layout's
 * difference, not the anti-aliasing of a hairline or a glyph's hinting. */
static double diff_half(const uint32_t *a, const uint32_t *b, int w, int h)
{
    double sum = 0;
    int n = 0;
    for (int by = 0; by + 8 <= h; by += 8)
        for (int bx = 0; bx + 8 <= w; bx += 8)
            for (int sh = 0; sh < 24; sh += 8) {
                double ma = 0, mb = 0;
                for (int y = 0; y < 8; y++)
                    for (int x = 0; x < 8; x++)
                        ma += (a[(size_t)(by + y) * (size_t)w + (size_t)(bx + x)] >> sh) & 255;
                for (int y = 0; y < 16; y++)
                    for (int x = 0; x < 16; x++)
                        mb += (b[(size_t)(2 * by + y) * (size_t)(2 * w) + (size_t)(2 * bx + x)] >> sh) & 255;
                sum += fabs(ma / 64.0 - mb / 256.0);
                n++;
            }
    return sum / n;
}

/* --scale 2 draws the 960x600 window's layout with twice the pixels: halved
 * again it is nearly the 1x picture (text is rasterised at its own size and
 * hinted there, so not exactly); the 1920x1200 window at scale 1 (another
 * layout) and the presenter zoom 2 are far from it. */
static void test_scale_is_pixels(void **state)
{
    (void)state;
    Win one, two, plain, zoom;
    open_win(&one, 960, 600, 1.0f, 1.0f, 300);
    open_win(&two, 1920, 1200, 2.0f, 1.0f, 300);
    open_win(&plain, 1920, 1200, 1.0f, 1.0f, 300);
    open_win(&zoom, 1920, 1200, 1.0f, 2.0f, 300);
    uint32_t *p1 = pixels(&one, 960, 600), *p2 = pixels(&two, 1920, 1200);
    uint32_t *p3 = pixels(&plain, 1920, 1200), *p4 = pixels(&zoom, 1920, 1200);
    double same = diff_half(p1, p2, 960, 600);
    double other = diff_half(p1, p3, 960, 600), zoomed = diff_half(p1, p4, 960, 600);
    print_message("2x halved vs 1x: %.2f; 1280x800 at 1x: %.2f; zoom 2: %.2f\n", same, other, zoomed);
    assert_true(same < 6.0);
    assert_true(other > 2.5 * same);
    assert_true(zoomed > 2.5 * same);
    free(p1);
    free(p2);
    free(p3);
    free(p4);
    close_win(&one);
    close_win(&two);
    close_win(&plain);
    close_win(&zoom);
}

/* Batches per frame: N seconds at any frame rate train N * speed batches. */
static void test_gif_schedule(void **state)
{
    (void)state;
    int fps_list[] = {1, 7, 10, 30};
    for (int s = 0; s < app_speed_count(); s++) {
        int bps = app_gif_speed(s);
        assert_true(bps > 0);
        if (app_speeds[s] > 0)
            assert_int_equal(bps, app_speeds[s]);
        for (int f = 0; f < 4; f++) {
            int64_t sum = 0;
            for (int k = 1; k <= 5 * fps_list[f]; k++)
                sum += app_gif_batches(bps, fps_list[f], k);
            assert_int_equal(sum, 5 * (int64_t)bps);
        }
    }
    assert_int_equal(app_gif_batches(1000, 10, 0), 0); /* frame 0 is the run as it is */
}

/* A frame of the decoded GIF as 0xRRGGBB. */
static void gif_rgb(const GifFileType *g, int k, uint32_t *out)
{
    const SavedImage *im = &g->SavedImages[k];
    const ColorMapObject *cm = im->ImageDesc.ColorMap ? im->ImageDesc.ColorMap : g->SColorMap;
    assert_non_null(cm);
    int n = im->ImageDesc.Width * im->ImageDesc.Height;
    for (int i = 0; i < n; i++) {
        GifColorType c = cm->Colors[im->RasterBits[i]];
        out[i] = ((uint32_t)c.Red << 16) | ((uint32_t)c.Green << 8) | c.Blue;
    }
}

static long count_diff(const uint32_t *a, const uint32_t *b, int n)
{
    long d = 0;
    for (int i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

static void test_gif_frames(void **state)
{
    (void)state;
    Win W;
    open_win(&W, 480, 300, 1.0f, 1.0f, 0);
    char dir[] = "/tmp/nnviz-test-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/train.gif", dir);
    char err[512] = "";
    /* 2 s at 4 fps: 8 frames, 250 batches between frames at 1000 a second */
    int64_t step0 = (int64_t)app_snap(W.a)->cursor.step;
    int rc = app_render_gif(W.a, 2.0, 4, path, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    app_sync(W.a, plat_now());
    assert_int_equal((int64_t)app_snap(W.a)->cursor.step - step0,
                     7 * (int64_t)app_gif_speed(W.a->core.speed) / 4);

    int gerr = 0;
    GifFileType *g = DGifOpenFileName(path, &gerr);
    assert_non_null(g);
    assert_int_equal(DGifSlurp(g), GIF_OK);
    assert_int_equal(g->ImageCount, 8);
    assert_int_equal(g->SWidth, 480);
    assert_int_equal(g->SHeight, 300);
    GraphicsControlBlock gcb;
    assert_int_equal(DGifSavedExtensionToGCB(g, 0, &gcb), GIF_OK);
    assert_int_equal(gcb.DelayTime, 25);
    int n = 480 * 300;
    uint32_t *f[8];
    for (int k = 0; k < 8; k++) {
        assert_int_equal(g->SavedImages[k].ImageDesc.Width, 480);
        f[k] = malloc((size_t)n * sizeof *f[k]);
        assert_non_null(f[k]);
        gif_rgb(g, k, f[k]);
    }
    /* training shows: the first and last frames differ in many pixels (the
     * heatmaps, the counters, the curve), and each frame from the one before */
    long first_last = count_diff(f[0], f[7], n);
    print_message("frame 1 vs 8: %ld of %d pixels differ\n", first_last, n);
    assert_true(first_last > n / 20);
    for (int k = 1; k < 8; k++)
        assert_true(count_diff(f[k - 1], f[k], n) > 0);
    /* the decoded frame is the drawn picture, to within the palette */
    uint32_t *shown = pixels(&W, 480, 300);
    double d = 0;
    for (int i = 0; i < n; i++)
        for (int sh = 0; sh < 24; sh += 8)
            d += fabs((double)((shown[i] >> sh) & 255) - (double)((f[7][i] >> sh) & 255));
    print_message("last frame vs the window: %.2f per channel\n", d / (3.0 * n));
    assert_true(d / (3.0 * n) < 3.0);
    free(shown);
    for (int k = 0; k < 8; k++)
        free(f[k]);
    DGifCloseFile(g, &gerr);
    unlink(path);
    rmdir(dir);
    close_win(&W);
}

/* The writer refuses what it cannot write and keeps no half file. */
static void test_gif_errors(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(ex_gif_create(0, 10, 10, err, sizeof err));
    assert_true(strstr(err, "pixels") != NULL);
    ex_Gif *g = ex_gif_create(4, 4, 10, err, sizeof err);
    assert_non_null(g);
    assert_int_equal(ex_gif_save(g, "/tmp/nnviz-never.gif", err, sizeof err), -1);
    assert_true(strstr(err, "no frames") != NULL);
    uint32_t px[16] = {0};
    assert_int_equal(ex_gif_add(g, px, 4, err, sizeof err), 0);
    assert_int_equal(ex_gif_save(g, "/nonexistent-dir/x.gif", err, sizeof err), -1);
    assert_true(strstr(err, "/nonexistent-dir/x.gif") != NULL);
    ex_gif_free(g);
}

/* ---- SVG ---------------------------------------------------------------- */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* A small XML check: every tag closes in order, attributes are quoted,
 * entities are the five XML knows. 0 when well-formed. */
static int xml_check(const char *s)
{
    char stack[64][32];
    int depth = 0, roots = 0;
    const char *p = s;
    if (strncmp(p, "<?xml", 5) == 0)
        p = strstr(p, "?>") + 2;
    while (*p) {
        if (*p == '&') {
            if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
                strncmp(p, "&quot;", 6) && strncmp(p, "&apos;", 6))
                return -1;
            p++;
            continue;
        }
        if (*p == '>')
            return -2; /* a bare '>' outside a tag is legal XML but never written by us */
        if (*p != '<') {
            p++;
            continue;
        }
        const char *q = p + 1;
        int closing = *q == '/';
        if (closing)
            q++;
        char name[32];
        int n = 0;
        while (*q && *q != ' ' && *q != '>' && *q != '/' && *q != '\n' && n < 31)
            name[n++] = *q++;
        name[n] = '\0';
        if (!n)
            return -3;
        int quote = 0;
        while (*q && (quote || *q != '>')) {
            if (*q == '"')
                quote = !quote;
            if (!quote && *q == '<')
                return -4;
            q++;
        }
        if (!*q)
            return -5;
        int empty = q[-1] == '/';
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                return -6;
            depth--;
        } else if (!empty) {
            if (depth == 0)
                roots++;
            if (depth == 64)
                return -7;
            snprintf(stack[depth++], sizeof stack[0], "%s", name);
        } else if (depth == 0) {
            return -8;
        }
        p = q + 1;
    }
    return depth == 0 && roots == 1 ? 0 : -9;
}

static double attr(const char *tag, const char *name)
{
    char key[40];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *v = strstr(tag, key);
    assert_non_null(v);
    return strtod(v + strlen(key), NULL);
}

static void test_xml_check_can_fail(void **state)
{
    (void)state;
    assert_int_equal(xml_check("<svg><g></g></svg>"), 0);
    assert_true(xml_check("<svg><g></svg>") != 0);
    assert_true(xml_check("<svg><text>a & b</text></svg>") != 0);
    assert_true(xml_check("<svg x=\"1></svg>") != 0);
}

static void test_svg_network(void **state)
{
    (void)state;
    Win W;
    open_win(&W, 1280, 800, 1.0f, 1.0f, 400);
    char dir[] = "/tmp/nnviz-test-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/net.svg", dir);
    char err[512] = "";
    int rc = app_save_svg(W.a, path, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    char *s = read_all(path);
    assert_int_equal(xml_check(s), 0);

    /* one path per weight of the network (every unit is drawn here) */
    const nn_Model *m = app_model(W.a);
    long want = 0;
    for (int l = 0; l < m->arch.n_layers; l++)
        want += (long)m->arch.sizes[l] * m->arch.sizes[l + 1];
    long paths = 0, blue = 0, orange = 0;
    double lo_w = 1e9, lo_width = 0, hi_w = -1, hi_width = 0;
    int ordered = 1;
    double prev_abs = -1, prev_width = 0;
    for (const char *p = strstr(s, "<path "); p; p = strstr(p + 1, "<path ")) {
        const char *end = strchr(p, '>');
        char tag[512];
        snprintf(tag, sizeof tag, "%.*s", (int)(end - p), p);
        paths++;
        double w = attr(tag, "data-w"), width = attr(tag, "stroke-width");
        const char *c = strstr(tag, "stroke=\"#");
        assert_non_null(c);
        unsigned rgb = (unsigned)strtoul(c + 9, NULL, 16);
        int r = (int)(rgb >> 16), b = (int)(rgb & 255);
        /* the sign is the colour: positive blue, negative orange */
        if (w > 0.05) {
            assert_true(b > r);
            blue++;
        } else if (w < -0.05) {
            assert_true(r > b);
            orange++;
        }
        /* the width grows with |w| (in the weights' range below 5) */
        if (fabs(w) < lo_w) {
            lo_w = fabs(w);
            lo_width = width;
        }
        if (fabs(w) > hi_w) {
            hi_w = fabs(w);
            hi_width = width;
        }
        if (prev_abs >= 0 && fabs(w) < 5 && prev_abs < 5 && (fabs(w) - prev_abs) * (width - prev_width) < -1e-6)
            ordered = 0;
        prev_abs = fabs(w);
        prev_width = width;
    }
    print_message("%ld paths (%ld weights), %ld blue, %ld orange; |w| %.3f -> %.2f px, %.3f -> %.2f px\n",
                  paths, want, blue, orange, lo_w, lo_width, hi_w, hi_width);
    assert_int_equal(paths, want);
    assert_true(blue > 0 && orange > 0);
    assert_true(hi_width > lo_width);
    assert_true(ordered);
    /* labels as text: the inputs' names, the output's caption */
    char lab[128];
    snprintf(lab, sizeof lab, ">%s</text>", tr(STR_FEAT_LABEL_X1));
    assert_non_null(strstr(s, lab));
    snprintf(lab, sizeof lab, ">%s</text>", tr(STR_NET_COL_OUTPUT));
    assert_non_null(strstr(s, lab));
    /* the neurons are their heatmaps: many cells of many colours */
    long rects = 0;
    for (const char *p = strstr(s, "<rect "); p; p = strstr(p + 1, "<rect "))
        rects++;
    assert_true(rects > 20 * (long)(m->arch.sizes[1] + m->arch.sizes[2]));
    free(s);
    unlink(path);
    rmdir(dir);
    close_win(&W);
}

/* Shift+S in the window: the next frame drawn aside at twice the pixels. */
static void test_window_2x(void **state)
{
    (void)state;
    Win W;
    open_win(&W, 640, 400, 1.0f, 1.0f, 50);
    char dir[] = "/tmp/nnviz-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    snprintf(W.a->core.out_dir, sizeof W.a->core.out_dir, "%s", dir);
    W.a->input.n_keys = 1;
    W.a->input.keys[0] = 's';
    W.a->input.key_mods[0] = UI_MOD_SHIFT;
    app_frame(W.a, plat_now());
    W.a->input.n_keys = 0;
    app_export_after_present(W.a);
    char png[1200];
    snprintf(png, sizeof png, "%s/nnviz-2x-001.png", dir);
    FILE *f = fopen(png, "rb");
    if (!f)
        print_error("no %s; status: %s\n", png, W.a->core.status);
    assert_non_null(f);
    unsigned char h[24];
    assert_int_equal(fread(h, 1, 24, f), 24);
    fclose(f);
    unsigned pw = (unsigned)h[16] << 24 | (unsigned)h[17] << 16 | (unsigned)h[18] << 8 | h[19];
    unsigned ph = (unsigned)h[20] << 24 | (unsigned)h[21] << 16 | (unsigned)h[22] << 8 | h[23];
    assert_int_equal(pw, 1280);
    assert_int_equal(ph, 800);
    /* the window is back at its own size */
    int w, hh;
    plat_size(W.p, &w, &hh);
    assert_int_equal(w, 640);
    assert_int_equal(hh, 400);
    assert_true(W.a->export_scale == 1.0f);
    unlink(png);
    rmdir(dir);
    close_win(&W);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_is_pixels),  cmocka_unit_test(test_gif_schedule),
        cmocka_unit_test(test_gif_frames),       cmocka_unit_test(test_gif_errors),
        cmocka_unit_test(test_xml_check_can_fail), cmocka_unit_test(test_svg_network),
        cmocka_unit_test(test_window_2x),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
