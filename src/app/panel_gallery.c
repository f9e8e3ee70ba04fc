/* panel_gallery.c - every neuron of one layer, when the diagram shows only
 * the first twelve ("+116 more" opens it): the tiles in a paged grid, large
 * enough to read a first layer's weight images (a shoe, a trouser), the
 * hovered one enlarged, a click opening it in the inspector. Drawn over
 * everything, like the help sheet; Esc or a click outside closes it. */
#include <stdio.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "viz/viz_color.h"

/* Largest picture a tile has: a 28 x 28 image, a 32 x 32 heatmap. */
#define TILE_PX_CAP 4096

/* Uploads one tile's picture into its slot; all slots share one size, so a
 * column with another size (a new layer, another view) makes them again. */
static int tile_texture(app_State *a, int k, int col, int unit)
{
    uint32_t px[TILE_PX_CAP];
    int w = 0, h = 0;
    if (app_heat_unit_pixels(a, col, unit, px, TILE_PX_CAP, &w, &h) != 0)
        return 0;
    if (w != a->gallery_tw || h != a->gallery_th) {
        app_gallery_free(a);
        a->gallery_tw = w;
        a->gallery_th = h;
    }
    if (!a->gallery_tex[k])
        a->gallery_tex[k] = plat_texture_create(a->plat, w, h, app_view_of(a) != APP_VIEW_IMAGE);
    if (a->gallery_tex[k])
        plat_texture_update(a->plat, a->gallery_tex[k], px, w);
    return a->gallery_tex[k];
}

void app_gallery_free(app_State *a)
{
    for (int k = 0; k < APP_GALLERY_PAGE; k++) {
        if (a->gallery_tex[k])
            plat_texture_destroy(a->plat, a->gallery_tex[k]);
        a->gallery_tex[k] = 0;
    }
    a->gallery_tw = a->gallery_th = 0;
}

void app_panel_gallery(app_State *a)
{
    ui_Context *ui = &a->ui;
    const nn_Model *m = app_model(a);
    int col = a->gallery_col;
    if (col < 1 || col > m->arch.n_layers) {
        a->gallery_col = 0;
        return;
    }
    int units = m->arch.sizes[col];
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_TITLE), sm = ui_font(ui, UI_FONT_SMALL);
    int pad = ui_px(ui, 18);
    int margin = ui_px(ui, 24);
    ui_Rect r = {margin, margin, ui->width - 2 * margin, ui->height - 2 * margin};
    int head = ui_text_height(ui, big) + pad;
    int foot = ui_px(ui, 34) + pad / 2;
    ui_Rect grid = {r.x + pad, r.y + pad + head, r.w - 2 * pad, r.h - 2 * pad - head - foot};

    /* the largest tile at which a page holds every neuron (or a full
     * APP_GALLERY_PAGE of them), never below what a 28-pixel weight image
     * needs to be read (2 screen pixels per image pixel at scale 1) */
    int gap = ui_px(ui, 6);
    int want = units < APP_GALLERY_PAGE ? units : APP_GALLERY_PAGE;
    int tile = ui_px(ui, 240) < grid.h - sm ? ui_px(ui, 240) : grid.h - sm, cols = 1, rows = 1;
    uint32_t probe[TILE_PX_CAP];
    int pic_w = 0, pic_h = 0;
    if (app_heat_unit_pixels(a, col, 0, probe, TILE_PX_CAP, &pic_w, &pic_h) != 0)
        pic_h = 1;
    int min_tile = pic_h > 1 ? ui_px(ui, 56) : ui_px(ui, 28); /* one colour needs less */
    for (; tile > min_tile; tile -= ui_px(ui, 2) > 0 ? ui_px(ui, 2) : 1) {
        cols = (grid.w + gap) / (tile + gap);
        rows = (grid.h + gap) / (tile + gap + sm);
        if (cols * rows >= want)
            break;
    }
    cols = (grid.w + gap) / (tile + gap);
    rows = (grid.h + gap) / (tile + gap + sm);
    if (cols < 1 || rows < 1)
        return;
    int per_page = cols * rows < APP_GALLERY_PAGE ? cols * rows : APP_GALLERY_PAGE;
    int pages = (units + per_page - 1) / per_page;
    if (a->gallery_page >= pages)
        a->gallery_page = pages - 1;
    if (a->gallery_page < 0)
        a->gallery_page = 0;
    int first = a->gallery_page * per_page;

    ui_set_layer(ui, UI_LAYER_OVERLAY);
    ui->in_overlay = 1;
    ui_draw_rect(ui, (ui_Rect){0, 0, ui->width, ui->height}, (ui_Color){0, 0, 0, 90});
    ui_draw_rect(ui, r, ui->style.panel);
    ui_draw_box(ui, r, ui->style.accent, ui_px(ui, 2));
    char title[128];
    snprintf(title, sizeof title, tr(col == m->arch.n_layers ? STR_GALLERY_TITLE_OUTPUT : STR_GALLERY_TITLE),
             col, units);
    ui_draw_text(ui, big, 1, r.x + pad, r.y + pad, title, ui->style.text);

    int hover = -1;
    for (int k = 0; k < per_page && first + k < units; k++) {
        int j = first + k;
        int cx = grid.x + (k % cols) * (tile + gap), cy = grid.y + (k / cols) * (tile + gap + sm);
        ui_Rect tr_ = {cx, cy, tile, tile};
        int tex = tile_texture(a, k, col, j);
        if (tex)
            ui_draw_image(ui, tex, tr_);
        int over = ui_rect_contains(tr_, ui->in.mouse_x, ui->in.mouse_y);
        ui_draw_box(ui, tr_, over ? ui->style.focus : ui->style.border, over ? 2 : 1);
        char num[16];
        snprintf(num, sizeof num, "%d", j + 1);
        ui_draw_text_in(ui, (ui_Rect){cx, cy + tile, tile, sm}, sm, 0, num, ui->style.text_muted, 0);
        if (over)
            hover = j;
    }

    /* paging and the way out */
    int bh = ui_px(ui, 30), bw = ui_px(ui, 36);
    int fy = r.y + r.h - pad / 2 - bh;
    int used = r.x + pad; /* where the pager ends */
    if (pages > 1) {
        if (ui_button_at(ui, ui_id_str(ui, "gallery-prev"), (ui_Rect){r.x + pad, fy, bw, bh}, "\xe2\x97\x80", 0))
            a->gallery_page = (a->gallery_page + pages - 1) % pages;
        char pg[64];
        snprintf(pg, sizeof pg, tr(STR_GALLERY_PAGE), a->gallery_page + 1, pages, first + 1,
                 first + per_page < units ? first + per_page : units, units);
        int pw = ui_text_width(ui, base, 0, pg);
        ui_draw_text_in(ui, (ui_Rect){r.x + pad + bw, fy, pw + 2 * gap, bh}, base, 0, pg, ui->style.text, 0);
        if (ui_button_at(ui, ui_id_str(ui, "gallery-next"), (ui_Rect){r.x + pad + bw + pw + 2 * gap, fy, bw, bh},
                         "\xe2\x96\xb6", 0))
            a->gallery_page = (a->gallery_page + 1) % pages;
        used = r.x + pad + 2 * bw + pw + 3 * gap;
    }
    const char *hint = tr(STR_GALLERY_HINT);
    int hw = ui_text_width(ui, sm, 0, hint);
    if (r.x + r.w - pad - hw > used) /* the hint gives way to the pager */
        ui_draw_text_in(ui, (ui_Rect){r.x + r.w - pad - hw, fy, hw, bh}, sm, 0, hint, ui->style.text_muted, 0);

    if (hover >= 0) {
        char tip[96];
        snprintf(tip, sizeof tip, tr(STR_GALLERY_TIP), hover + 1, col);
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tip);
        if (ui_mouse_pressed(ui, UI_MOUSE_LEFT)) {
            app_Command c = app_cmd_i(APP_CMD_INSPECT, col - 1);
            c.i[1] = hover;
            app_push(a, c);
            a->gallery_col = 0;
        }
    } else if (ui_mouse_pressed(ui, UI_MOUSE_LEFT) && !ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y)) {
        a->gallery_col = 0;
    }
    ui->in_overlay = 0;
    ui_set_layer(ui, UI_LAYER_BASE);
}
