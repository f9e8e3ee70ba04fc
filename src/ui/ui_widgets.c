/* ui_widgets.c - buttons, checkboxes, sliders, dropdowns, text boxes, labels.
 * Each widget: id, rectangle, hover/focus update, input, draw commands;
 * the return value carries UI_RES_* bits. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

static ui_Color button_color(const ui_Context *ctx, ui_Id id, int opt)
{
    if (opt & UI_OPT_ACCENT)
        return ctx->style.accent;
    if (opt & UI_OPT_SELECTED)
        return ctx->style.button_active;
    if (ctx->focus == id)
        return ctx->style.button_active;
    if (ctx->hover == id)
        return ctx->style.button_hover;
    return ctx->style.button;
}

int ui_button_at(ui_Context *ctx, ui_Id id, ui_Rect r, const char *label, int opt)
{
    int res = 0;
    if (!(opt & UI_OPT_DISABLED)) {
        ui_update_control(ctx, id, r);
        if (ctx->hover == id && ui_mouse_pressed(ctx, UI_MOUSE_LEFT) && !ctx->mouse_swallowed)
            res |= UI_RES_SUBMIT;
    }
    ui_Color bg = button_color(ctx, id, opt);
    if ((opt & UI_OPT_ACCENT) && ctx->hover == id)
        bg = (ui_Color){(uint8_t)(bg.r + 20), (uint8_t)(bg.g + 20), (uint8_t)(bg.b + 20), 255};
    ui_draw_rect(ctx, r, bg);
    if (!(opt & UI_OPT_ACCENT))
        ui_draw_box(ctx, r, ctx->style.border, 1);
    ui_Color fg = (opt & UI_OPT_ACCENT) ? ctx->style.accent_text : ctx->style.text;
    if (opt & UI_OPT_DISABLED)
        fg = ctx->style.border;
    if (label && label[0])
        ui_draw_text_in(ctx, r, ui_font(ctx, ctx->widget_font), 0, label, fg, 0);
    return res;
}

int ui_button(ui_Context *ctx, const char *label)
{
    ui_Rect r = ui_layout_next(ctx);
    return ui_button_at(ctx, ui_id_str(ctx, label), r, label, 0);
}

int ui_checkbox_at(ui_Context *ctx, ui_Rect r, const char *label, int *value)
{
    ui_Id id = ui_id(ctx, &value, (int)sizeof value);
    ui_update_control(ctx, id, r);
    int res = 0;
    if (ctx->hover == id && ui_mouse_pressed(ctx, UI_MOUSE_LEFT) && !ctx->mouse_swallowed) {
        *value = !*value;
        res |= UI_RES_CHANGE;
    }
    int box = ui_px(ctx, 18);
    ui_Rect b = {r.x, r.y + (r.h - box) / 2, box, box};
    ui_draw_rect(ctx, b, ctx->style.field);
    ui_draw_box(ctx, b, ctx->hover == id ? ctx->style.focus : ctx->style.text_muted,
                ui_px(ctx, 1.5f));
    if (*value) {
        int in = ui_px(ctx, 4);
        ui_draw_rect(ctx, (ui_Rect){b.x + in, b.y + in, b.w - 2 * in, b.h - 2 * in},
                     ctx->style.accent);
    }
    ui_Rect t = {b.x + box, r.y, r.w - box, r.h};
    ui_draw_text_in(ctx, t, ui_font(ctx, ctx->widget_font), 0, label, ctx->style.text, -1);
    return res;
}

int ui_checkbox(ui_Context *ctx, const char *label, int *value)
{
    return ui_checkbox_at(ctx, ui_layout_next(ctx), label, value);
}

static float snap(float v, float lo, float hi, float step)
{
    if (step > 0.0f)
        v = lo + roundf((v - lo) / step) * step;
    return v < lo ? lo : v > hi ? hi : v;
}

float ui_slider_value_at(const ui_Context *ctx, ui_Rect r, int x, float lo, float hi, float step)
{
    int knob = ui_px(ctx, 9);
    if (r.w <= 2 * knob)
        return lo;
    float t = (float)(x - r.x - knob) / (float)(r.w - 2 * knob);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return snap(lo + t * (hi - lo), lo, hi, step);
}

int ui_slider_at(ui_Context *ctx, ui_Id id, ui_Rect r, float *v, float lo, float hi, float step)
{
    ui_update_control(ctx, id, r);
    int res = 0;
    float old = *v;
    int knob = ui_px(ctx, 9);
    /* held, or a click whose press and release fell in one frame: the knob
     * goes where the pointer is, so a click on the track moves it there */
    int held = (ctx->in.mouse_down | ctx->in.mouse_pressed) & UI_MOUSE_LEFT;
    if (ctx->focus == id && held && r.w > 2 * knob)
        *v = ui_slider_value_at(ctx, r, ctx->in.mouse_x, lo, hi, step);
    if (ctx->hover == id && ctx->in.wheel != 0) {
        float d = step > 0 ? step : (hi - lo) / 50.0f;
        *v = snap(*v + d * (float)ctx->in.wheel, lo, hi, step);
    }
    if (*v != old)
        res |= UI_RES_CHANGE;
    if (ctx->focus == id)
        res |= UI_RES_ACTIVE;
    /* track, filled part, knob */
    int cy = r.y + r.h / 2, th = ui_px(ctx, 4);
    float t = hi > lo ? (*v - lo) / (hi - lo) : 0.0f;
    int kx = r.x + knob + (int)lroundf(t * (float)(r.w - 2 * knob));
    ui_draw_rect(ctx, (ui_Rect){r.x + knob, cy - th / 2, r.w - 2 * knob, th}, ctx->style.border);
    ui_draw_rect(ctx, (ui_Rect){r.x + knob, cy - th / 2, kx - r.x - knob, th}, ctx->style.focus);
    ui_Color kc = ctx->hover == id || ctx->focus == id ? ctx->style.focus : ctx->style.accent;
    ui_draw_circle(ctx, (float)kx, (float)cy, (float)knob, kc, ctx->style.panel);
    return res;
}

int ui_slider_labeled(ui_Context *ctx, const char *label, float *v, float lo, float hi,
                      float step, const char *fmt)
{
    char line[128], num[48];
    snprintf(num, sizeof num, fmt, (double)*v);
    snprintf(line, sizeof line, "%s: %s", label, num);
    ui_Rect lr = ui_layout_next(ctx);
    ui_draw_text_in(ctx, lr, ui_font(ctx, UI_FONT_BASE), 0, line, ctx->style.text, -1);
    ui_Rect sr = ui_layout_next(ctx);
    return ui_slider_at(ctx, ui_id_str(ctx, label), sr, v, lo, hi, step);
}

int ui_dropdown_at(ui_Context *ctx, ui_Id id, ui_Rect r, int *sel, const char *const *items, int n)
{
    ui_update_control(ctx, id, r);
    int res = 0;
    int open = ctx->popup == id;
    if (ctx->hover == id && ui_mouse_pressed(ctx, UI_MOUSE_LEFT) && !ctx->mouse_swallowed) {
        open = !open;
        ctx->popup = open ? id : 0;
    }
    const char *cur = (*sel >= 0 && *sel < n) ? items[*sel] : "";
    ui_draw_rect(ctx, r, ctx->hover == id ? ctx->style.button_hover : ctx->style.field);
    ui_draw_box(ctx, r, open ? ctx->style.focus : ctx->style.border, 1);
    int fpx = ui_font(ctx, ctx->widget_font);
    int arrow = ui_px(ctx, 16);
    ui_Rect tr = {r.x, r.y, r.w - arrow, r.h};
    ui_clip(ctx, tr);
    ui_draw_text_in(ctx, tr, fpx, 0, cur, ctx->style.text, -1);
    ui_unclip(ctx);
    float ax = (float)(r.x + r.w - arrow), ay = (float)(r.y + r.h / 2);
    float as = (float)ui_px(ctx, 5);
    ui_draw_tri(ctx, ax - as, ay - as / 2, ax + as, ay - as / 2, ax, ay + as * 0.7f,
                ctx->style.text_muted);
    if (!open)
        return res;

    /* the list: below the button, or above when it would leave the screen */
    ctx->popup_seen = 1;
    int ih = r.h;
    int lw = r.w;
    for (int i = 0; i < n; i++) {
        int w = ui_text_width(ctx, fpx, 0, items[i]) + 2 * ui_px(ctx, (float)ctx->style.pad) + 4;
        if (w > lw)
            lw = w;
    }
    ui_Rect lr = {r.x, r.y + r.h, lw, ih * n};
    if (lr.y + lr.h > ctx->height && r.y - ih * n >= 0)
        lr.y = r.y - ih * n;
    if (lr.x + lr.w > ctx->width)
        lr.x = ctx->width - lr.w;
    ctx->popup_rect = lr;
    ctx->popup_owner = r;
    int prev_layer = ctx->layer;
    ui_set_layer(ctx, UI_LAYER_OVERLAY);
    ctx->in_overlay = 1;
    ui_draw_rect(ctx, (ui_Rect){lr.x + 3, lr.y + 3, lr.w, lr.h}, (ui_Color){0, 0, 0, 40});
    ui_draw_rect(ctx, lr, ctx->style.popup);
    for (int i = 0; i < n; i++) {
        ui_Rect ir = {lr.x, lr.y + i * ih, lr.w, ih};
        int over = ui_mouse_over(ctx, ir);
        if (over)
            ctx->popup_item = i;
        if (over || i == *sel)
            ui_draw_rect(ctx, ir, over ? ctx->style.button_hover : ctx->style.button);
        ui_draw_text_in(ctx, ir, fpx, i == *sel, items[i], ctx->style.text, -1);
        if (over && ui_mouse_pressed(ctx, UI_MOUSE_LEFT)) {
            if (*sel != i)
                res |= UI_RES_CHANGE;
            *sel = i;
            ctx->popup = 0;
            ctx->in.mouse_pressed &= ~UI_MOUSE_LEFT;
        }
    }
    ui_draw_box(ctx, lr, ctx->style.focus, 1);
    ctx->in_overlay = 0;
    ui_set_layer(ctx, prev_layer);
    return res;
}

int ui_dropdown(ui_Context *ctx, const char *label, int *sel, const char *const *items, int n)
{
    ui_Rect r = ui_layout_next(ctx);
    return ui_dropdown_at(ctx, ui_id_str(ctx, label), r, sel, items, n);
}

/* Bytes of the last UTF-8 character of s[0..len). */
static int last_char_len(const char *s, int len)
{
    int i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return len - i;
}

int ui_textbox_at(ui_Context *ctx, ui_Id id, ui_Rect r, char *buf, int cap)
{
    ui_update_control(ctx, id, r);
    int res = 0;
    if (ctx->focus == id) {
        ctx->text_focus = id;
        int len = (int)strlen(buf);
        int tl = (int)strlen(ctx->in.text);
        if (tl > 0 && len + tl < cap) {
            memcpy(buf + len, ctx->in.text, (size_t)tl + 1);
            res |= UI_RES_CHANGE;
        }
        len = (int)strlen(buf);
        if (ui_key_pressed(ctx, UI_KEY_BACKSPACE, -1) && len > 0) {
            buf[len - last_char_len(buf, len)] = '\0';
            res |= UI_RES_CHANGE;
        }
        if (ui_key_pressed(ctx, UI_KEY_ENTER, -1)) {
            res |= UI_RES_SUBMIT;
            ctx->focus = 0;
            ctx->text_focus = 0;
        } else if (ui_key_pressed(ctx, UI_KEY_ESCAPE, -1)) {
            res |= UI_RES_CANCEL;
            ctx->focus = 0;
            ctx->text_focus = 0;
        } else if ((ctx->in.mouse_pressed & UI_MOUSE_LEFT) &&
                   !ui_rect_contains(r, ctx->in.mouse_x, ctx->in.mouse_y)) {
            /* clicking elsewhere commits, as a form field does */
            res |= UI_RES_SUBMIT;
            ctx->focus = 0;
            ctx->text_focus = 0;
        }
    }
    int focused = ctx->focus == id;
    ui_draw_rect(ctx, r, ctx->style.field);
    ui_draw_box(ctx, r, focused ? ctx->style.focus : ctx->style.border, focused ? ui_px(ctx, 2) : 1);
    int fpx = ui_font(ctx, UI_FONT_BASE);
    ui_clip(ctx, r);
    ui_draw_text_in(ctx, r, fpx, 0, buf, ctx->style.text, -1);
    if (focused) {
        int pad = ui_px(ctx, (float)ctx->style.pad);
        int x = r.x + pad + ui_text_width(ctx, fpx, 0, buf) + 1;
        int th = ui_text_height(ctx, fpx);
        ui_draw_rect(ctx, (ui_Rect){x, r.y + (r.h - th) / 2, ui_px(ctx, 2), th}, ctx->style.text);
    }
    ui_unclip(ctx);
    return res;
}

void ui_label(ui_Context *ctx, const char *text)
{
    ui_Rect r = ui_layout_next(ctx);
    ui_draw_text_in(ctx, r, ui_font(ctx, UI_FONT_BASE), 0, text, ctx->style.text, -1);
}

void ui_label_muted(ui_Context *ctx, const char *text)
{
    ui_Rect r = ui_layout_next(ctx);
    ui_draw_text_in(ctx, r, ui_font(ctx, UI_FONT_SMALL), 0, text, ctx->style.text_muted, -1);
}

void ui_tooltip(ui_Context *ctx, int x, int y, const char *text)
{
    int fpx = ui_font(ctx, UI_FONT_BASE);
    int pad = ui_px(ctx, 8);
    int w = ui_text_width(ctx, fpx, 0, text) + 2 * pad;
    int h = ui_text_height(ctx, fpx) + 2 * pad;
    int tx = x + ui_px(ctx, 14), ty = y + ui_px(ctx, 14);
    if (tx + w > ctx->width)
        tx = x - w - ui_px(ctx, 6);
    if (ty + h > ctx->height)
        ty = y - h - ui_px(ctx, 6);
    if (tx < 0)
        tx = 0;
    if (ty < 0)
        ty = 0;
    int prev = ctx->layer;
    ui_set_layer(ctx, UI_LAYER_OVERLAY);
    ui_Rect r = {tx, ty, w, h};
    ui_draw_rect(ctx, (ui_Rect){tx + 2, ty + 2, w, h}, (ui_Color){0, 0, 0, 50});
    ui_draw_rect(ctx, r, (ui_Color){33, 33, 33, 240});
    ui_draw_text(ctx, fpx, 0, tx + pad, ty + pad, text, (ui_Color){255, 255, 255, 255});
    ui_set_layer(ctx, prev);
}
