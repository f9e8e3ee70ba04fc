/* ui.c - the widget core: frame begin/end, ids, hover/focus, layout and the
 * command lists. Widgets themselves are in ui_widgets.c. */
#include "ui/ui.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================== */
/* set-up                                                                    */
/* ======================================================================== */

void ui_style_default(ui_Style *s)
{
    /* Playground's light look: white panels, grey rules, dark text, the dark
     * blue-grey of its play button for accents. */
    s->bg = (ui_Color){248, 248, 248, 255};
    s->panel = (ui_Color){255, 255, 255, 255};
    s->border = (ui_Color){214, 217, 220, 255};
    s->text = (ui_Color){33, 33, 33, 255};
    s->text_muted = (ui_Color){96, 100, 105, 255};
    s->accent = (ui_Color){24, 61, 78, 255};
    s->accent_text = (ui_Color){255, 255, 255, 255};
    s->button = (ui_Color){236, 238, 240, 255};
    s->button_hover = (ui_Color){222, 226, 230, 255};
    s->button_active = (ui_Color){200, 206, 212, 255};
    s->field = (ui_Color){255, 255, 255, 255};
    s->focus = (ui_Color){8, 119, 189, 255};
    s->popup = (ui_Color){255, 255, 255, 255};
    s->font_px[UI_FONT_SMALL] = 16;
    s->font_px[UI_FONT_BASE] = 18;
    s->font_px[UI_FONT_BIG] = 22;
    s->font_px[UI_FONT_TITLE] = 26;
    s->pad = 6;
    s->spacing = 6;
}

static int list_init(ui_CmdList *l, int cap)
{
    memset(l, 0, sizeof *l);
    l->cmds = malloc((size_t)cap * sizeof *l->cmds);
    l->text = malloc((size_t)cap * 16);
    if (!l->cmds || !l->text) {
        free(l->cmds);
        free(l->text);
        memset(l, 0, sizeof *l);
        return -1;
    }
    l->cap = cap;
    l->text_cap = cap * 16;
    return 0;
}

int ui_init(ui_Context *ctx, int cmd_cap, ui_TextWidthFn tw, ui_TextHeightFn th, void *font_user)
{
    memset(ctx, 0, sizeof *ctx);
    ui_style_default(&ctx->style);
    ctx->scale = 1.0f;
    ctx->text_width = tw;
    ctx->text_height = th;
    ctx->font_user = font_user;
    /* the overlay holds popups and tooltips only */
    if (list_init(&ctx->lists[UI_LAYER_BASE], cmd_cap) != 0 ||
        list_init(&ctx->lists[UI_LAYER_OVERLAY], cmd_cap / 8 + 64) != 0) {
        ui_free(ctx);
        return -1;
    }
    return 0;
}

void ui_free(ui_Context *ctx)
{
    for (int i = 0; i < UI_LAYERS; i++) {
        free(ctx->lists[i].cmds);
        free(ctx->lists[i].text);
    }
    memset(ctx->lists, 0, sizeof ctx->lists);
}

/* ======================================================================== */
/* frame                                                                     */
/* ======================================================================== */

void ui_begin(ui_Context *ctx, const ui_Input *in, int width, int height, float scale)
{
    ctx->in = *in;
    ctx->width = width;
    ctx->height = height;
    ctx->scale = scale > 0.25f ? scale : 0.25f;
    for (int i = 0; i < UI_LAYERS; i++) {
        ctx->lists[i].n = 0;
        ctx->lists[i].text_n = 0;
        ctx->lists[i].dropped = 0;
    }
    ctx->layer = UI_LAYER_BASE;
    ctx->in_overlay = 0;
    ctx->popup_item = -1;
    ctx->id_depth = 0;
    ctx->hover = 0;
    ctx->focus_seen = 0;
    ctx->popup_seen = 0;
    ctx->mouse_swallowed = 0;
    ctx->widget_font = UI_FONT_BASE;
    /* A press outside an open popup closes it and goes nowhere else, so the
     * click that dismisses a list does not also press what lies beneath. */
    if (ctx->popup && (in->mouse_pressed & UI_MOUSE_LEFT) &&
        !ui_rect_contains(ctx->popup_rect, in->mouse_x, in->mouse_y)) {
        if (!ui_rect_contains(ctx->popup_owner, in->mouse_x, in->mouse_y))
            ctx->mouse_swallowed = 1;
        ctx->popup = 0;
        ctx->in.mouse_pressed = 0;
    }
    if (ctx->popup && ui_key_pressed(ctx, UI_KEY_ESCAPE, 0)) {
        ctx->popup = 0;
        ctx->in.n_keys = 0;
    }
}

void ui_end(ui_Context *ctx)
{
    /* a focused widget that was not drawn this frame no longer owns input */
    if (!ctx->focus_seen) {
        if (ctx->text_focus == ctx->focus)
            ctx->text_focus = 0;
        ctx->focus = 0;
    }
    if (ctx->popup && !ctx->popup_seen)
        ctx->popup = 0;
    if (ctx->in.mouse_released & UI_MOUSE_LEFT) {
        /* buttons and sliders let go of the mouse; text boxes keep the keyboard */
        if (ctx->focus && ctx->focus != ctx->text_focus)
            ctx->focus = 0;
    }
}

int ui_px(const ui_Context *ctx, float v)
{
    return (int)lroundf(v * ctx->scale);
}

int ui_font(const ui_Context *ctx, int which)
{
    return (int)lroundf((float)ctx->style.font_px[which] * ctx->scale);
}

/* ======================================================================== */
/* ids                                                                       */
/* ======================================================================== */

static ui_Id fnv1a(ui_Id h, const void *data, int len)
{
    const unsigned char *p = data;
    for (int i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

ui_Id ui_id(ui_Context *ctx, const void *data, int len)
{
    ui_Id seed = ctx->id_depth > 0 ? ctx->id_stack[ctx->id_depth - 1] : 2166136261u;
    ui_Id h = fnv1a(seed, data, len);
    return h ? h : 1; /* 0 means "none" */
}

ui_Id ui_id_str(ui_Context *ctx, const char *s)
{
    return ui_id(ctx, s, (int)strlen(s));
}

void ui_push_id(ui_Context *ctx, const void *data, int len)
{
    if (ctx->id_depth < UI_ID_STACK) {
        ui_Id h = ui_id(ctx, data, len);
        ctx->id_stack[ctx->id_depth++] = h;
    }
}

void ui_push_id_int(ui_Context *ctx, int v)
{
    ui_push_id(ctx, &v, (int)sizeof v);
}

void ui_pop_id(ui_Context *ctx)
{
    if (ctx->id_depth > 0)
        ctx->id_depth--;
}

/* ======================================================================== */
/* input                                                                     */
/* ======================================================================== */

int ui_rect_contains(ui_Rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

int ui_mouse_over(const ui_Context *ctx, ui_Rect r)
{
    int mx = ctx->in.mouse_x, my = ctx->in.mouse_y;
    if (!ui_rect_contains(r, mx, my))
        return 0;
    /* an open popup shields the panels beneath it */
    if (!ctx->in_overlay && ctx->popup && ui_rect_contains(ctx->popup_rect, mx, my))
        return 0;
    return 1;
}

int ui_key_pressed(const ui_Context *ctx, int key, int mods)
{
    for (int i = 0; i < ctx->in.n_keys; i++) {
        int m = ctx->in.key_mods[i] & (UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SHIFT);
        if (ctx->in.keys[i] == key && (mods < 0 || m == mods))
            return 1;
    }
    return 0;
}

int ui_mouse_pressed(const ui_Context *ctx, int button)
{
    return (ctx->in.mouse_pressed & button) != 0;
}

void ui_update_control(ui_Context *ctx, ui_Id id, ui_Rect r)
{
    if (ctx->focus == id)
        ctx->focus_seen = 1;
    ctx->last_id = id;
    ctx->last_rect = r;
    int over = ui_mouse_over(ctx, r);
    if (over && (ctx->focus == 0 || ctx->focus == id || ctx->focus == ctx->text_focus))
        ctx->hover = id;
    if (ctx->hover == id && (ctx->in.mouse_pressed & UI_MOUSE_LEFT)) {
        ctx->focus = id;
        ctx->focus_seen = 1;
    }
}

void ui_set_text_focus(ui_Context *ctx, ui_Id id)
{
    ctx->focus = id;
    ctx->focus_seen = 1;
    ctx->text_focus = id;
}

/* ======================================================================== */
/* layout                                                                    */
/* ======================================================================== */

void ui_layout_begin(ui_Context *ctx, ui_Rect area)
{
    ctx->lay_area = area;
    ctx->lay_x = area.x;
    ctx->lay_y = area.y;
    ctx->lay_row_h = 0;
    ctx->lay_n = 0;
    ctx->lay_i = 0;
}

void ui_layout_row(ui_Context *ctx, int n, const int *widths, int height)
{
    int sp = ui_px(ctx, (float)ctx->style.spacing);
    if (ctx->lay_n > 0 || ctx->lay_row_h > 0)
        ctx->lay_y += ctx->lay_row_h + sp;
    if (n < 1)
        n = 1;
    if (n > UI_ROW_MAX)
        n = UI_ROW_MAX;
    int fixed = 0, fills = 0;
    for (int i = 0; i < n; i++) {
        int w = widths ? widths[i] : 0;
        if (w > 0)
            fixed += w;
        else
            fills++;
    }
    int avail = ctx->lay_area.w - fixed - sp * (n - 1);
    for (int i = 0; i < n; i++) {
        int w = widths ? widths[i] : 0;
        if (w <= 0) {
            int share = fills > 0 ? avail / fills : 0;
            w = share + w; /* w < 0 leaves room */
            if (w < 0)
                w = 0;
        }
        ctx->lay_widths[i] = w;
    }
    ctx->lay_n = n;
    ctx->lay_i = 0;
    ctx->lay_x = ctx->lay_area.x;
    ctx->lay_row_h = height;
}

ui_Rect ui_layout_next(ui_Context *ctx)
{
    if (ctx->lay_n == 0)
        ui_layout_row(ctx, 1, NULL, ui_px(ctx, 32));
    if (ctx->lay_i >= ctx->lay_n) {
        /* wrap: a new row of the same shape */
        int w[UI_ROW_MAX];
        memcpy(w, ctx->lay_widths, sizeof w);
        int n = ctx->lay_n, h = ctx->lay_row_h;
        ui_layout_row(ctx, n, w, h);
    }
    int sp = ui_px(ctx, (float)ctx->style.spacing);
    ui_Rect r = {ctx->lay_x, ctx->lay_y, ctx->lay_widths[ctx->lay_i], ctx->lay_row_h};
    ctx->lay_x += r.w + sp;
    ctx->lay_i++;
    return r;
}

void ui_layout_space(ui_Context *ctx, int dy)
{
    ctx->lay_y += ctx->lay_row_h + dy;
    ctx->lay_row_h = 0;
    ctx->lay_n = 0;
    ctx->lay_i = 0;
}

int ui_layout_y(const ui_Context *ctx)
{
    return ctx->lay_y + ctx->lay_row_h;
}

/* ======================================================================== */
/* commands                                                                  */
/* ======================================================================== */

void ui_set_layer(ui_Context *ctx, int layer)
{
    ctx->layer = layer == UI_LAYER_OVERLAY ? UI_LAYER_OVERLAY : UI_LAYER_BASE;
}

static ui_Cmd *push(ui_Context *ctx, ui_CmdType type)
{
    ui_CmdList *l = &ctx->lists[ctx->layer];
    if (l->n >= l->cap) {
        l->dropped++;
        return NULL;
    }
    ui_Cmd *c = &l->cmds[l->n++];
    memset(c, 0, sizeof *c);
    c->type = (uint8_t)type;
    return c;
}

void ui_draw_rect(ui_Context *ctx, ui_Rect r, ui_Color c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    ui_Cmd *cmd = push(ctx, UI_CMD_RECT);
    if (cmd) {
        cmd->rect = r;
        cmd->color = c;
    }
}

void ui_draw_box(ui_Context *ctx, ui_Rect r, ui_Color c, int line_w)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    if (line_w < 1)
        line_w = 1;
    ui_draw_rect(ctx, (ui_Rect){r.x, r.y, r.w, line_w}, c);
    ui_draw_rect(ctx, (ui_Rect){r.x, r.y + r.h - line_w, r.w, line_w}, c);
    ui_draw_rect(ctx, (ui_Rect){r.x, r.y + line_w, line_w, r.h - 2 * line_w}, c);
    ui_draw_rect(ctx, (ui_Rect){r.x + r.w - line_w, r.y + line_w, line_w, r.h - 2 * line_w}, c);
}

void ui_draw_line(ui_Context *ctx, float x0, float y0, float x1, float y1, float width, ui_Color c)
{
    ui_Cmd *cmd = push(ctx, UI_CMD_LINE);
    if (cmd) {
        cmd->x0 = x0;
        cmd->y0 = y0;
        cmd->x1 = x1;
        cmd->y1 = y1;
        cmd->r = width;
        cmd->color = c;
    }
}

void ui_draw_tri(ui_Context *ctx, float x0, float y0, float x1, float y1, float x2, float y2,
                 ui_Color c)
{
    ui_Cmd *cmd = push(ctx, UI_CMD_TRI);
    if (cmd) {
        cmd->x0 = x0;
        cmd->y0 = y0;
        cmd->x1 = x1;
        cmd->y1 = y1;
        cmd->x2 = x2;
        cmd->y2 = y2;
        cmd->color = c;
    }
}

void ui_draw_circle(ui_Context *ctx, float cx, float cy, float r, ui_Color fill, ui_Color outline)
{
    ui_Cmd *cmd = push(ctx, UI_CMD_CIRCLE);
    if (cmd) {
        cmd->x0 = cx;
        cmd->y0 = cy;
        cmd->r = r;
        cmd->color = fill;
        cmd->color2 = outline;
    }
}

void ui_draw_text(ui_Context *ctx, int font_px, int bold, int x, int y, const char *s, ui_Color c)
{
    ui_CmdList *l = &ctx->lists[ctx->layer];
    int len = (int)strlen(s);
    if (len == 0)
        return;
    if (l->text_n + len > l->text_cap) {
        l->dropped++;
        return;
    }
    ui_Cmd *cmd = push(ctx, UI_CMD_TEXT);
    if (!cmd)
        return;
    memcpy(l->text + l->text_n, s, (size_t)len);
    cmd->text_off = l->text_n;
    cmd->text_len = len;
    l->text_n += len;
    cmd->rect = (ui_Rect){x, y, 0, 0};
    cmd->font_px = (int16_t)font_px;
    cmd->bold = (uint8_t)(bold != 0);
    cmd->color = c;
}

void ui_draw_image(ui_Context *ctx, int tex, ui_Rect r)
{
    if (tex <= 0 || r.w <= 0 || r.h <= 0)
        return;
    ui_Cmd *cmd = push(ctx, UI_CMD_IMAGE);
    if (cmd) {
        cmd->tex = tex;
        cmd->rect = r;
    }
}

void ui_clip(ui_Context *ctx, ui_Rect r)
{
    ui_Cmd *cmd = push(ctx, UI_CMD_CLIP);
    if (cmd)
        cmd->rect = r;
}

void ui_unclip(ui_Context *ctx)
{
    ui_clip(ctx, (ui_Rect){0, 0, -1, -1});
}

/* ======================================================================== */
/* text                                                                      */
/* ======================================================================== */

int ui_text_width(const ui_Context *ctx, int font_px, int bold, const char *s)
{
    if (!ctx->text_width)
        return (int)strlen(s) * font_px / 2;
    return ctx->text_width(ctx->font_user, font_px, bold, s, (int)strlen(s));
}

int ui_text_height(const ui_Context *ctx, int font_px)
{
    if (!ctx->text_height)
        return font_px + font_px / 4;
    return ctx->text_height(ctx->font_user, font_px);
}

void ui_draw_text_in(ui_Context *ctx, ui_Rect r, int font_px, int bold, const char *s, ui_Color c,
                     int align)
{
    int tw = ui_text_width(ctx, font_px, bold, s);
    int th = ui_text_height(ctx, font_px);
    int pad = ui_px(ctx, (float)ctx->style.pad);
    int x = r.x + pad;
    if (align == 0)
        x = r.x + (r.w - tw) / 2;
    else if (align > 0)
        x = r.x + r.w - pad - tw;
    int y = r.y + (r.h - th) / 2;
    ui_draw_text(ctx, font_px, bold, x, y, s, c);
}
