/* test_dropout_view.c - dropout on the network diagram, drawn offscreen:
 * while stepping, a unit the selected row dropped is greyed and crossed out
 * (its tile differs from the same tile with rate 0 at the same phase, a kept
 * unit's tile does not), and the layer's caption names the rate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "app/app.h"
#include "app/net_dropout.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

typedef struct {
    plat_Ctx *p;
    app_State *a;
    uint32_t *px;
    int w, h;
} Shot;

/* A spiral network (8 and 6 tanh units, dropout `rate` after both) before
 * any batch, then `phases` phases of the first batch, at 1280x800. */
static void shoot_dropout(Shot *s, float rate, int phases)
{
    char err[512] = "";
    s->w = 1280;
    s->h = 800;
    s->p = plat_open_offscreen(s->w, s->h, err, sizeof err);
    if (!s->p)
        print_error("%s\n", err);
    assert_non_null(s->p);
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.n_hidden = 2;
    e.hidden[0] = 8;
    e.hidden[1] = 6;
    e.hidden_act[0] = e.hidden_act[1] = NN_ACT_TANH;
    e.batch_size = 10;
    e.seed = 3;
    e.n_dropout = rate > 0.0f ? 1 : 0;
    e.dropout[0] = rate;
    int rc = app_create_spec(&s->a, s->p, &e, err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    app_set_zoom(s->a, 1.0f);
    s->a->input.mouse_x = s->a->input.mouse_y = -1000;
    for (int k = 0; k < phases; k++)
        app_push(s->a, app_cmd(APP_CMD_STEP_PHASE));
    app_sync(s->a, plat_now());
    app_frame(s->a, plat_now());
    app_frame(s->a, plat_now());
    s->px = malloc((size_t)s->w * (size_t)s->h * sizeof *s->px);
    assert_non_null(s->px);
    assert_int_equal(plat_read_pixels(s->p, s->px, s->w, s->h), 0);
}

static void unshoot(Shot *s)
{
    free(s->px);
    app_destroy(s->a);
    plat_close(s->p);
}

/* Pixels of rectangle (x, y, w, h) that differ between two shots. */
static long differ(const Shot *a, const Shot *b, int x, int y, int w, int h)
{
    long n = 0;
    for (int j = y; j < y + h; j++)
        for (int i = x; i < x + w; i++)
            if (i >= 0 && j >= 0 && i < a->w && j < a->h)
                n += a->px[(size_t)j * (size_t)a->w + (size_t)i] != b->px[(size_t)j * (size_t)b->w + (size_t)i];
    return n;
}

static void test_dropped_tile_marked(void **state)
{
    (void)state;
    for (int phases = 1; phases <= 2; phases++) { /* FORWARD 0, FORWARD 1 */
        Shot d, z;
        shoot_dropout(&d, 0.5f, phases);
        shoot_dropout(&z, 0.0f, phases);
        assert_true(app_step_on(d.a));
        const app_RowView *v = &app_snap(d.a)->rowv;
        assert_true(v->valid);
        assert_int_equal(v->fwd, phases);
        int l = phases - 1, n = v->sizes[l + 1];
        int dropped = -1, kept = -1;
        for (int j = 0; j < n; j++) {
            if (v->dropped[v->off[l] + j] && dropped < 0)
                dropped = j;
            if (!v->dropped[v->off[l] + j] && kept < 0)
                kept = j;
        }
        /* seed 3 drops some and keeps some of row 1 in both layers (if the
         * engine's stream changes, pick another seed) */
        assert_true(dropped >= 0 && kept >= 0);
        assert_true(app_step_dropped(d.a, l, dropped));
        assert_false(app_step_dropped(z.a, l, dropped));
        /* the same layout in both shots */
        viz_RectF fd = viz_net_tile(&d.a->net, l + 1, dropped), fz = viz_net_tile(&z.a->net, l + 1, dropped);
        assert_close(fd.x, fz.x, 0);
        assert_close(fd.y, fz.y, 0);
        int t = (int)d.a->net.tile;
        long dd = differ(&d, &z, (int)fd.x + 2, (int)fd.y + 2, t - 4, t - 4);
        viz_RectF fk = viz_net_tile(&d.a->net, l + 1, kept);
        long dk = differ(&d, &z, (int)fk.x + 2, (int)fk.y + 2, t - 4, t - 4);
        assert_true(dd > (long)(t - 4) * (t - 4) / 2); /* most of the dropped tile changed */
        assert_int_equal(dk, 0);                       /* a kept tile is drawn as without dropout */
        /* the cross's ink at the tile's centre: dark grey, whatever the heatmap */
        uint32_t c = d.px[(size_t)((int)fd.y + t / 2) * (size_t)d.w + (size_t)((int)fd.x + t / 2)];
        viz_Color cc = viz_unpack(c);
        assert_true(cc.r < 110 && cc.g < 110 && cc.b < 110);
        /* a layer whose forward has not run shows no mask yet */
        if (phases == 1)
            for (int j = 0; j < v->sizes[2]; j++)
                assert_false(app_step_dropped(d.a, 1, j));
        unshoot(&d);
        unshoot(&z);
    }
}

/* The caption under each hidden layer names its rate at the width it is
 * drawn in, and the pixels over the column differ from the rate-0 caption. */
static void test_caption_names_rate(void **state)
{
    (void)state;
    Shot d, z;
    shoot_dropout(&d, 0.5f, 1);
    shoot_dropout(&z, 0.0f, 1);
    ui_Context *ui = &d.a->ui;
    float keep = ui->scale;
    ui->scale = d.a->ctrl_scale;
    int sm = ui_font(ui, UI_FONT_SMALL);
    int gap = (int)(d.a->net.col_x[1] - d.a->net.col_x[0]) - ui_px(ui, 6);
    char lab[96], wide[96], none[96];
    app_layer_caption(d.a, 0, sm, gap, lab, sizeof lab);
    app_layer_caption(d.a, 0, sm, 100000, wide, sizeof wide);
    ui->scale = keep;
    app_layer_caption(z.a, 0, sm, 100000, none, sizeof none);
    assert_non_null(strstr(lab, "dropout 0.5"));
    assert_string_equal(wide, "8 neurons \xc2\xb7 dropout 0.5");
    assert_string_equal(none, "8 neurons");
    /* drawn: the band between the +/- buttons and the first tile differs */
    viz_RectF f = viz_net_tile(&d.a->net, 1, 0);
    int cw = (int)(d.a->net.col_x[1] - d.a->net.col_x[0]);
    long n = differ(&d, &z, (int)f.x - cw / 2, (int)f.y - ui_px(ui, 34), cw + (int)f.w, ui_px(ui, 26));
    assert_true(n > 30);
    /* in Chinese the rate is there too */
    assert_int_equal(i18n_set_language("zh-Hans", NULL, 0), 0);
    app_layer_caption(d.a, 0, sm, 100000, wide, sizeof wide);
    assert_non_null(strstr(wide, "\xe9\x9a\x8f\xe6\x9c\xba\xe5\xa4\xb1\xe6\xb4\xbb 0.5")); /* 随机失活 */
    i18n_set_language("en", NULL, 0);
    unshoot(&d);
    unshoot(&z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dropped_tile_marked),
        cmocka_unit_test(test_caption_names_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
