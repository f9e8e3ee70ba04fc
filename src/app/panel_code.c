/* panel_code.c - the code panel: a Keras program opened in the window, its
 * lines numbered, the line being executed highlighted. The window runs the
 * program up to its fit (src/core/core_keras.c) and trains there, so that
 * line is fit's: "training" while playing, "waits" before the first batch,
 * "paused at step N" once it has trained (Space, or `nnviz render --steps`)
 * and stopped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/code_text.h"
#include "i18n/i18n.h"

/* Line text as drawn: tabs as four blanks. */
static void expand_tabs(const char *s, char *out, size_t len)
{
    size_t o = 0;
    for (; *s && o + 5 < len; s++) {
        if (*s == '\t') {
            memcpy(out + o, "    ", 4);
            o += 4;
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
}

void app_panel_code(app_State *a, ui_Rect r)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    if (!a->code || a->code->opened != a->core.opened)
        app_code_read(a);
    ui_Context *ui = &a->ui;
    app_panel_frame(a, r, tr(STR_CODE_TITLE));
    const struct app_CodeText *t = a->code;
    int at = a->core.keras_fit_line;
    int pad = ui_px(ui, 10);
    int sm = ui_font(ui, UI_FONT_SMALL);
    int lh = ui_text_height(ui, sm) + ui_px(ui, 2);
    int y = r.y + ui_px(ui, 30);
    char buf[512], fit[512];
    const nn_Cursor *cur = &app_snap(a)->cursor;
    if (a->core.playing)
        snprintf(buf, sizeof buf, tr(STR_CODE_TRAINING), at);
    else if (cur->step > 0 || cur->phase > 0) /* it has trained (some phases of a batch count) */
        snprintf(buf, sizeof buf, tr(STR_CODE_PAUSED), at, (long long)cur->step);
    else
        snprintf(buf, sizeof buf, tr(STR_CODE_STOPPED), at);
    app_fit_text(a, sm, 0, buf, r.w - 2 * pad, fit, sizeof fit);
    ui_draw_text(ui, sm, 0, r.x + pad, y, fit, ui->style.text_muted);
    y += lh + ui_px(ui, 4);
    if (!t || t->n_lines == 0)
        return;
    int rows = (r.y + r.h - ui_px(ui, 6) - y) / lh;
    if (rows < 1)
        return;
    /* fit's line in view, a third of the way down when the program is longer */
    int first = at - rows / 3;
    if (first > t->n_lines - rows + 1)
        first = t->n_lines - rows + 1;
    if (first < 1)
        first = 1;
    snprintf(buf, sizeof buf, "%d", first + rows - 1 < t->n_lines ? first + rows - 1 : t->n_lines);
    int num_w = ui_text_width(ui, sm, 0, buf);
    int code_x = r.x + pad + num_w + ui_px(ui, 8);
    int code_w = r.x + r.w - pad - code_x;
    ui_clip(ui, (ui_Rect){r.x + 1, y, r.w - 2, r.y + r.h - 1 - y});
    for (int k = 0; k < rows && first + k <= t->n_lines; k++, y += lh) {
        int line = first + k;
        if (line == at) {
            ui_Color hl = ui->style.accent;
            hl.a = 48;
            ui_draw_rect(ui, (ui_Rect){r.x + 1, y - ui_px(ui, 1), r.w - 2, lh}, hl);
            ui_draw_rect(ui, (ui_Rect){r.x + 1, y - ui_px(ui, 1), ui_px(ui, 3), lh}, ui->style.accent);
        }
        snprintf(buf, sizeof buf, "%d", line);
        int w = ui_text_width(ui, sm, 0, buf);
        ui_draw_text(ui, sm, 0, code_x - ui_px(ui, 8) - w, y, buf, ui->style.text_muted);
        char line_text[512];
        expand_tabs(t->lines[line - 1], line_text, sizeof line_text);
        app_fit_text(a, sm, line == at, line_text, code_w, fit, sizeof fit);
        ui_draw_text(ui, sm, line == at, code_x, y, fit, ui->style.text);
    }
    ui_unclip(ui);
}
