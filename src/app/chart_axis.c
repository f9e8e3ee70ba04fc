/* chart_axis.c - the loss chart's x axis: epochs, steps, samples seen or
 * seconds of training, the button that cycles through them, and the
 * labels of its ticks. Samples is the axis that puts runs with different
 * batch sizes side by side: a step of batch 50 sees five times the rows of
 * a step of batch 10. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

double app_chart_x(const nn_EpochRecord *r, int ax)
{
    switch (ax) {
    case APP_CHART_X_STEPS: return (double)r->step;
    case APP_CHART_X_SAMPLES: return (double)r->samples;
    case APP_CHART_X_SECONDS: return r->elapsed;
    default: return (double)r->epoch;
    }
}

double app_chart_x_per_step(const nn_EpochRecord *h, int64_t n, int ax, double bpe,
                            int batch_size)
{
    const nn_EpochRecord *last = n > 0 ? &h[n - 1] : NULL;
    switch (ax) {
    case APP_CHART_X_STEPS: return 1.0;
    case APP_CHART_X_SAMPLES: return batch_size > 0 ? (double)batch_size : 1.0;
    case APP_CHART_X_SECONDS:
        /* the pace so far; before any record nothing is known, and a step
         * is far below a millisecond on the small networks */
        return last && last->step > 0 ? last->elapsed / (double)last->step : 1e-4;
    default: return bpe > 0 ? 1.0 / bpe : 1.0;
    }
}

const char *app_chart_x_title(int ax)
{
    switch (ax) {
    case APP_CHART_X_STEPS: return tr(STR_CHART_X_STEPS);
    case APP_CHART_X_SAMPLES: return tr(STR_CHART_X_SAMPLES);
    case APP_CHART_X_SECONDS: return tr(STR_CHART_X_SECONDS);
    default: return tr(STR_CHART_X_EPOCHS);
    }
}

void app_chart_x_tick(int ax, double v, double step, char *buf, int len)
{
    if (ax != APP_CHART_X_SECONDS) {
        viz_format_tick(v, step, buf, len);
        return;
    }
    /* plain decimals, as many as the spacing needs (0.0002 s, not 2e-04 s) */
    char num[32];
    int dec = step > 0 ? (int)ceil(-log10(step) - 1e-9) : 1;
    dec = dec < 0 ? 0 : dec > 6 ? 6 : dec;
    snprintf(num, sizeof num, "%.*f", fabs(v) < 0.5 * step ? 0 : dec, v);
    snprintf(buf, (size_t)len, tr(STR_CHART_X_SECONDS_TICK), num);
}

int app_chart_x_width(app_State *a)
{
    ui_Context *ui = &a->ui;
    int fs = ui_font(ui, UI_FONT_SMALL), w = 0;
    for (int k = 0; k < APP_CHART_X_COUNT; k++) {
        char b[64];
        snprintf(b, sizeof b, tr(STR_CHART_X_BUTTON), app_chart_x_title(k));
        int bw = ui_text_width(ui, fs, 0, b);
        w = bw > w ? bw : w;
    }
    /* as wide as the longest choice, so the header does not shift on a click */
    return w + ui_px(ui, 16);
}

void app_chart_x_control(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    if (r.w <= 0)
        return;
    char b[64];
    int ax = a->chart_x >= 0 && a->chart_x < APP_CHART_X_COUNT ? a->chart_x : APP_CHART_X_EPOCHS;
    snprintf(b, sizeof b, tr(STR_CHART_X_BUTTON), app_chart_x_title(ax));
    ui_Id id = ui_id_str(ui, "chart-x");
    if (ui_button_at(ui, id, r, b, 0))
        a->chart_x = (ax + 1) % APP_CHART_X_COUNT;
    if (ui->hover == id)
        ui_tooltip(ui, ui->in.mouse_x, ui->in.mouse_y, tr(STR_CHART_X_TIP));
}

int app_chart_x_parse(const char *name)
{
    static const char *const names[APP_CHART_X_COUNT] = {"xepochs", "xsteps", "xsamples",
                                                         "xseconds"};
    for (int k = 0; k < APP_CHART_X_COUNT; k++)
        if (strcmp(name, names[k]) == 0)
            return k;
    return -1;
}
