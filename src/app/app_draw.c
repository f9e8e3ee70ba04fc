/* app_draw.c - small drawing and formatting helpers shared by the panels. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

ui_Color app_rgb(uint32_t hex)
{
    return (ui_Color){(uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, 255};
}

/* A white panel with a title in Playground's small-caps style. */
void app_panel_frame(app_State *a, ui_Rect r, const char *title)
{
    ui_Context *ui = &a->ui;
    ui_draw_rect(ui, r, ui->style.panel);
    ui_draw_box(ui, r, ui->style.border, 1);
    if (title && title[0]) {
        int pad = ui_px(ui, 10);
        ui_draw_text(ui, ui_font(ui, UI_FONT_BASE), 1, r.x + pad, r.y + ui_px(ui, 6), title,
                     ui->style.text_muted);
    }
}

/* 1234567 -> "1,234,567" */
void app_fmt_count(int64_t v, char *buf, size_t len)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", (long long)(v < 0 ? -v : v));
    int n = (int)strlen(tmp), o = 0;
    char out[48];
    if (v < 0)
        out[o++] = '-';
    for (int i = 0; i < n; i++) {
        out[o++] = tmp[i];
        if ((n - i - 1) % 3 == 0 && i < n - 1)
            out[o++] = ',';
    }
    out[o] = '\0';
    snprintf(buf, len, "%s", out);
}

/* Four significant digits, scientific for tiny or huge values, "—" for NaN. */
void app_fmt_value(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "\xe2\x80\x94");
    else if (isinf(v))
        snprintf(buf, len, v > 0 ? "inf" : "-inf");
    else if (v != 0 && (fabs(v) < 1e-3 || fabs(v) >= 1e5))
        snprintf(buf, len, "%.3e", v);
    else
        snprintf(buf, len, "%.4f", v);
}

const char *app_loss_short(nn_Loss l)
{
    switch (l) {
    case NN_LOSS_MSE: return tr(STR_LOSS_MSE);
    case NN_LOSS_BCE: return tr(STR_LOSS_BCE);
    case NN_LOSS_CCE: return tr(STR_LOSS_CCE);
    case NN_LOSS_SPARSE_CCE: return tr(STR_LOSS_SPARSE_CCE);
    case NN_LOSS_HALF_SQUARED: return tr(STR_LOSS_HALF_SQUARED);
    default: return "?";
    }
}

const char *app_class_name(const nn_Dataset *d, int k, char *buf, size_t len)
{
    if (d->class_names && d->class_names[k])
        return d->class_names[k];
    snprintf(buf, len, tr(STR_OUT_CLASS), k);
    return buf;
}

const char *app_act_short(nn_Act a)
{
    switch (a) {
    case NN_ACT_LINEAR: return tr(STR_ACT_LINEAR);
    case NN_ACT_SIGMOID: return tr(STR_ACT_SIGMOID);
    case NN_ACT_TANH: return tr(STR_ACT_TANH);
    case NN_ACT_RELU: return tr(STR_ACT_RELU);
    case NN_ACT_LEAKY_RELU: return tr(STR_ACT_LEAKY_RELU);
    case NN_ACT_ELU: return tr(STR_ACT_ELU);
    case NN_ACT_SOFTPLUS: return tr(STR_ACT_SOFTPLUS);
    case NN_ACT_SWISH: return tr(STR_ACT_SWISH);
    case NN_ACT_SOFTMAX: return tr(STR_ACT_SOFTMAX);
    default: return "?";
    }
}

/* As lesson files name the features, in nn_feature_name's order. */
const char *app_feature_name(int bit)
{
    static const i18n_Id names[NN_FEAT_COUNT] = {
        STR_FEAT_NAME_X1,    STR_FEAT_NAME_X2,     STR_FEAT_NAME_X1_SQ, STR_FEAT_NAME_X2_SQ,
        STR_FEAT_NAME_X1_X2, STR_FEAT_NAME_SIN_X1, STR_FEAT_NAME_SIN_X2};
    return bit >= 0 && bit < NN_FEAT_COUNT ? tr(names[bit]) : "?";
}

/* s cut at a character boundary and ended with an ellipsis so it is at most
 * max_w pixels wide (whole when it fits). */
void app_fit_text(app_State *a, int font_px, int bold, const char *s, int max_w, char *out,
                  size_t len)
{
    ui_Context *ui = &a->ui;
    snprintf(out, len, "%s", s);
    if (ui_text_width(ui, font_px, bold, out) <= max_w)
        return;
    size_t n = strlen(out);
    while (n > 0) {
        n--;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
            n--; /* not inside a UTF-8 sequence */
        while (n > 0 && out[n - 1] == ' ')
            n--;
        if (n + 4 > len)
            continue;
        memcpy(out + n, "\xe2\x80\xa6", 4); /* includes the NUL */
        if (ui_text_width(ui, font_px, bold, out) <= max_w)
            return;
    }
    out[0] = '\0';
}

float app_pick_scale(const app_State *a, float want)
{
    if (want >= a->scale)
        return a->scale;
    if (want >= a->label_scale)
        return a->label_scale;
    return a->ctrl_scale;
}

app_View app_view_of(const app_State *a)
{
    const nn_Dataset *d = app_train(a);
    if (d->img_w > 0 && d->img_h > 0)
        return APP_VIEW_IMAGE;
    if (d->dim == 2)
        return APP_VIEW_PLANE;
    if (d->dim == 1)
        return APP_VIEW_LINE;
    return APP_VIEW_OTHER;
}
