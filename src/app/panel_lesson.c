/* panel_lesson.c - the lesson panel: a band under the content (never over
 * the network or the output plot) with the current step's narration and
 * its markup, the prediction's options, the checks' results after the
 * action, the position (step k of N, back and next) and the chapter list.
 * It grows with the presenter zoom like the content, as far as a share of
 * the window allows; when its text would not fit it steps down to the
 * labels' or the controls' scale. The walk itself moves on Space and
 * Backspace (lesson_run.c); the panel's buttons ask for the same moves. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "i18n/linebreak.h"
#include "lesson/lesson_markup.h"

#define NARR_MAX 4096          /* bytes of a narration without its markers */
#define NARR_SPANS 128
#define NARR_LINES 48
#define CODE_COLOR 0x00587au   /* code spans: a dark teal on a light grey */
#define CODE_BG 0xe8eef1u
#define PASS_COLOR 0x009e73u   /* Okabe-Ito bluish green */
#define FAIL_COLOR 0xd55e00u   /* Okabe-Ito vermillion */

int app_lesson_walking(const app_State *a)
{
    return a->lesson && a->lesson->walk.file && a->lesson->walk.file->n_steps > 0;
}

/* ---- the narration: plain text, one style per byte ---- */

typedef struct {
    char text[NARR_MAX];
    unsigned char style[NARR_MAX];  /* lesson_SpanStyle of each byte */
    int len;
    ui_Context *ui;
    int font_px;
} Narr;

static void narr_build(Narr *n, const char *src)
{
    lesson_Span sp[NARR_SPANS];
    int k = lesson_markup_spans(src, sp, NARR_SPANS);
    if (k > NARR_SPANS)
        k = NARR_SPANS;
    n->len = 0;
    for (int i = 0; i < k; i++) {
        if (sp[i].newline && n->len + 1 < NARR_MAX) {
            n->text[n->len] = '\n';
            n->style[n->len++] = LESSON_SPAN_PLAIN;
        }
        size_t l = sp[i].len;
        if (n->len + (int)l >= NARR_MAX - 1)
            l = (size_t)(NARR_MAX - 1 - n->len);
        memcpy(n->text + n->len, src + sp[i].start, l);
        memset(n->style + n->len, (int)sp[i].style, l);
        n->len += (int)l;
    }
    n->text[n->len] = '\0';
}

/* Width of the n bytes at s, each run in its own style (bold is wider). */
static int narr_measure(void *ctx, const char *s, int len)
{
    Narr *n = ctx;
    int at = (int)(s - n->text), w = 0, i = 0;
    char buf[NARR_MAX];
    while (i < len) {
        int j = i;
        while (j < len && n->style[at + j] == n->style[at + i])
            j++;
        memcpy(buf, s + i, (size_t)(j - i));
        buf[j - i] = '\0';
        w += ui_text_width(n->ui, n->font_px, n->style[at + i] == LESSON_SPAN_BOLD, buf);
        i = j;
    }
    return w;
}

/* Lines of the narration no wider than w: their starts and lengths. */
static int narr_wrap(Narr *n, int w, int *starts, int *lens, int max)
{
    int k = 0, at = 0;
    while (at < n->len && k < max) {
        int start, next;
        int line = lb_next_line(n->text + at, n->len - at, w, narr_measure, n, &start, &next);
        starts[k] = at + start;
        lens[k] = line;
        k++;
        if (next <= 0)
            break;
        at += next;
    }
    return k;
}

static void narr_draw_line(app_State *a, Narr *n, int x, int y, int start, int len)
{
    ui_Context *ui = &a->ui;
    int i = 0, h = ui_text_height(ui, n->font_px);
    char buf[NARR_MAX];
    while (i < len) {
        int j = i;
        int st = n->style[start + i];
        while (j < len && n->style[start + j] == st)
            j++;
        memcpy(buf, n->text + start + i, (size_t)(j - i));
        buf[j - i] = '\0';
        int w = ui_text_width(ui, n->font_px, st == LESSON_SPAN_BOLD, buf);
        ui_Color c = ui->style.text;
        if (st == LESSON_SPAN_CODE) {
            int p = ui_px(ui, 2);
            ui_draw_rect(ui, (ui_Rect){x - p, y, w + 2 * p, h}, app_rgb(CODE_BG));
            c = app_rgb(CODE_COLOR);
        }
        ui_draw_text(ui, n->font_px, st == LESSON_SPAN_BOLD, x, y, buf, c);
        x += w;
        i = j;
    }
}

/* ---- layout ---- */

static int narration(app_State *a, ui_Rect r, int draw);

/* The narration's room in a band w wide at the UI's scale now. */
static ui_Rect text_rect(app_State *a, ui_Rect r, int *colw)
{
    ui_Context *ui = &a->ui;
    int pad = ui_px(ui, 12);
    *colw = ui_px(ui, 250);
    if (*colw > r.w * 32 / 100)
        *colw = r.w * 32 / 100;
    return (ui_Rect){r.x + pad, r.y + pad, r.w - *colw - 4 * pad, r.h - 2 * pad};
}

int app_lesson_band_h(app_State *a, int w, int h)
{
    if (!app_lesson_walking(a))
        return 0;
    /* as high as the narration needs at the content's scale, at least the
     * room of the position and the chapters */
    float keep = a->ui.scale;
    a->ui.scale = a->scale;
    int colw;
    ui_Rect t = text_rect(a, (ui_Rect){0, 0, w, h}, &colw);
    int want = narration(a, t, 0) + 2 * ui_px(&a->ui, 12);
    a->ui.scale = keep;
    int chapters = (int)lroundf(175.0f * a->scale);
    if (want < chapters)
        want = chapters;
    int least = (int)lroundf(120.0f * a->ctrl_scale);
    int most = h * 36 / 100;
    if (want > most)
        want = most;
    return want < least ? least : want;
}

/* The step's checks as lines: tick or cross, the check, its two values. */
static int check_line(const lesson_Walk *wk, int k, char *buf, size_t len, ui_Color *c)
{
    const lesson_Step *st = &wk->file->steps[wk->step];
    const lesson_CheckResult *r = &wk->checks[k];
    if (r->result < 0) {
        char why[200];
        snprintf(why, sizeof why, tr(STR_LESSON_CHECK_NOT), r->err);
        snprintf(buf, len, "? %s  %s", st->checks[k].text, why);
        *c = app_rgb(FAIL_COLOR);
        return 1;
    }
    char l[32], rr[32], vals[120];
    app_fmt_value(r->lhs, l, sizeof l);
    app_fmt_value(r->rhs, rr, sizeof rr);
    snprintf(vals, sizeof vals, tr(STR_LESSON_CHECK_VALUES), l, rr);
    snprintf(buf, len, "%s %s  %s", r->result ? "\xe2\x9c\x93" : "\xe2\x9c\x97", st->checks[k].text,
             vals);
    *c = app_rgb(r->result ? PASS_COLOR : FAIL_COLOR);
    return 1;
}

/* The narration's side: title, text, prediction, hint or checks, from y;
 * draws only when draw, and returns the height it takes. */
static int narration(app_State *a, ui_Rect r, int draw)
{
    ui_Context *ui = &a->ui;
    lesson_Walk *wk = &a->lesson->walk;
    const lesson_File *f = wk->file;
    int zh = app_lesson_zh();
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_BIG), sm = ui_font(ui, UI_FONT_SMALL);
    int y = r.y;
    static Narr n; /* the UI thread's scratch: 8 KiB off the stack */
    n.ui = ui;
    n.font_px = base;
    const char *title = "";
    const char *text;
    const lesson_Step *st = NULL;
    if (wk->step < 0) {
        title = lesson_title(f, zh);
        text = lesson_description(f, zh);
    } else {
        st = &f->steps[wk->step];
        int ch = lesson_chapter_of(f, wk->step);
        if (ch >= 0)
            title = lesson_step_title(&f->steps[ch], zh);
        text = lesson_step_text(st, zh);
    }
    if (title[0]) {
        if (draw) {
            char t[200];
            app_fit_text(a, big, 1, title, r.w, t, sizeof t);
            ui_draw_text(ui, big, 1, r.x, y, t, ui->style.text);
        }
        y += ui_text_height(ui, big) + ui_px(ui, 4);
    }
    narr_build(&n, text);
    int starts[NARR_LINES], lens[NARR_LINES];
    int k = narr_wrap(&n, r.w, starts, lens, NARR_LINES);
    int lh = ui_text_height(ui, base);
    for (int i = 0; i < k; i++) {
        if (draw && y + lh <= r.y + r.h)
            narr_draw_line(a, &n, r.x, y, starts[i], lens[i]);
        y += lh;
    }
    y += ui_px(ui, 6);
    /* the prediction: its question, then its options as buttons */
    const lesson_Predict *p = st ? lesson_step_predict(st, zh) : NULL;
    if (p && p->n_options > 0) {
        /* "Predict, then press Space:" and the question on one line, the
         * options after them when they fit there, else on a row below */
        int hw = ui_text_width(ui, sm, 0, tr(STR_LESSON_HINT_CHOOSE)) + ui_px(ui, 8);
        int qw = ui_text_width(ui, base, 1, p->question) + ui_px(ui, 16);
        int bh = ui_px(ui, 30), gap = ui_px(ui, 8), widest = 0;
        for (int o = 0; o < p->n_options; o++) {
            int ow = ui_text_width(ui, base, 0, p->options[o]) + ui_px(ui, 24);
            widest = ow > widest ? ow : widest;
        }
        int inline_w = r.w - hw - qw - (p->n_options - 1) * gap;
        int same_row = inline_w >= p->n_options * widest;
        int row_y = y + (same_row && bh > lh ? (bh - lh) / 2 : 0);
        if (draw) {
            ui_draw_text(ui, sm, 0, r.x, row_y + (lh - ui_text_height(ui, sm)) / 2, tr(STR_LESSON_HINT_CHOOSE),
                         ui->style.text_muted);
            char q[600];
            app_fit_text(a, base, 1, p->question, r.w - hw, q, sizeof q);
            ui_draw_text(ui, base, 1, r.x + hw, row_y, q, ui->style.text);
        }
        int ox = r.x, bw = (r.w - (p->n_options - 1) * gap) / p->n_options;
        if (same_row) {
            ox = r.x + hw + qw;
            bw = widest;
        } else {
            y += lh + ui_px(ui, 4);
        }
        if (draw) {
            int waiting = wk->stage == LESSON_AT_TEXT;
            for (int o = 0; o < p->n_options; o++) {
                ui_Rect br = {ox + o * (bw + gap), y, bw, bh};
                char lab[160];
                app_fit_text(a, base, 0, p->options[o], bw - ui_px(ui, 12), lab, sizeof lab);
                ui_push_id_int(ui, o);
                int opt = (wk->choice == o ? UI_OPT_SELECTED | UI_OPT_ACCENT : 0) |
                          (waiting ? 0 : UI_OPT_DISABLED);
                if (ui_button_at(ui, ui_id_str(ui, "lesson-option"), br, lab, opt) && waiting)
                    wk->choice = o;
                ui_pop_id(ui);
            }
        }
        y += bh + ui_px(ui, 6);
    }
    /* after the action: each check with its values; before: what Space does */
    if (st && wk->stage == LESSON_AT_DONE && wk->n_checks_done > 0) {
        for (int c = 0; c < wk->n_checks_done && c < st->n_checks; c++) {
            char line[600];
            ui_Color col;
            check_line(wk, c, line, sizeof line, &col);
            if (draw) {
                char fit[600];
                app_fit_text(a, base, 1, line, r.w, fit, sizeof fit);
                ui_draw_text(ui, base, 1, r.x, y, fit, col);
            }
            y += lh;
        }
    }
    i18n_Id hint = wk->step < 0 ? STR_LESSON_CARD_HINT
                   : wk->stage == LESSON_AT_TEXT ? STR_LESSON_HINT_ACT
                   : wk->stage == LESSON_AT_RUNNING ? STR_LESSON_HINT_RUNNING
                   : wk->step + 1 < f->n_steps ? STR_LESSON_HINT_NEXT : STR_LESSON_HINT_END;
    if (draw) {
        char h[200];
        app_fit_text(a, sm, 0, tr(hint), r.w, h, sizeof h);
        ui_draw_text(ui, sm, 0, r.x, y, h, ui->style.text_muted);
    }
    y += ui_text_height(ui, sm);
    return y - r.y;
}

/* The position, back and next, and the chapter list. */
static void position(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    lesson_Walk *wk = &a->lesson->walk;
    const lesson_File *f = wk->file;
    int zh = app_lesson_zh();
    int base = ui_font(ui, UI_FONT_BASE), sm = ui_font(ui, UI_FONT_SMALL);
    int y = r.y;
    char pos[80];
    snprintf(pos, sizeof pos, tr(STR_LESSON_STEP_OF), wk->step + 1 > 0 ? wk->step + 1 : 0, f->n_steps);
    ui_draw_text(ui, base, 1, r.x, y, pos, ui->style.text);
    y += ui_text_height(ui, base) + ui_px(ui, 4);
    /* the bar of progress: steps done over the lesson's */
    int done = wk->step + (wk->stage == LESSON_AT_DONE ? 1 : 0);
    ui_draw_rect(ui, (ui_Rect){r.x, y, r.w, ui_px(ui, 4)}, ui->style.border);
    if (done > 0)
        ui_draw_rect(ui, (ui_Rect){r.x, y, r.w * done / f->n_steps, ui_px(ui, 4)}, ui->style.accent);
    y += ui_px(ui, 10);
    int bh = ui_px(ui, 30), gap = ui_px(ui, 8), bw = (r.w - gap) / 2;
    if (ui_button_at(ui, ui_id_str(ui, "lesson-back"), (ui_Rect){r.x, y, bw, bh}, tr(STR_LESSON_BACK),
                     wk->step < 0 ? UI_OPT_DISABLED : 0) && wk->step >= 0)
        a->lesson->want = -1;
    int end = wk->step + 1 >= f->n_steps && wk->stage == LESSON_AT_DONE;
    if (ui_button_at(ui, ui_id_str(ui, "lesson-next"), (ui_Rect){r.x + bw + gap, y, bw, bh},
                     tr(STR_LESSON_NEXT), end ? UI_OPT_DISABLED : UI_OPT_ACCENT) && !end)
        a->lesson->want = 1;
    y += bh + ui_px(ui, 8);
    /* chapters: the current one bold, those before ticked */
    int lh = ui_text_height(ui, sm);
    int rows = (r.y + r.h - y - lh) / lh;
    if (rows <= 0)
        return;
    ui_draw_text(ui, sm, 1, r.x, y, tr(STR_LESSON_CHAPTERS), ui->style.text_muted);
    y += lh;
    int ids[LESSON_MAX_STEPS], n = 0, cur = -1;
    int here = lesson_chapter_of(f, wk->step < 0 ? 0 : wk->step);
    for (int s = 0; s < f->n_steps; s++)
        if (f->steps[s].title[0]) {
            if (s == here)
                cur = n;
            ids[n++] = s;
        }
    int first = cur >= rows ? cur - rows + 1 : 0;
    for (int k = first; k < n && k < first + rows; k++) {
        int is_cur = k == cur && wk->step >= 0;
        const char *mark = is_cur ? "\xe2\x97\x8f" : (cur >= 0 && k < cur) ? "\xe2\x9c\x93" : "\xe2\x97\x8b";
        char line[200], fit[200];
        snprintf(line, sizeof line, "%s %s", mark, lesson_step_title(&f->steps[ids[k]], zh));
        app_fit_text(a, sm, is_cur, line, r.w, fit, sizeof fit);
        ui_draw_text(ui, sm, is_cur, r.x, y, fit, is_cur ? ui->style.text : ui->style.text_muted);
        y += lh;
    }
}

void app_panel_lesson(app_State *a, ui_Rect r)
{
    if (!app_lesson_walking(a) || r.h <= 0)
        return;
    ui_Context *ui = &a->ui;
    a->lesson->rect = r;
    app_panel_frame(a, r, NULL);
    ui_draw_rect(ui, (ui_Rect){r.x, r.y, r.w, ui_px(ui, 3)}, ui->style.accent);
    /* the largest of the frame's scales at which the narration fits */
    float scales[3] = {a->scale, a->label_scale, a->ctrl_scale};
    for (int k = 0; k < 3; k++) {
        ui->scale = scales[k];
        int pad = ui_px(ui, 12), colw;
        ui_Rect text = text_rect(a, r, &colw);
        if (k < 2 && narration(a, text, 0) > text.h)
            continue;
        ui_clip(ui, r);
        narration(a, text, 1);
        int sx = text.x + text.w + pad;
        ui_draw_rect(ui, (ui_Rect){sx, r.y + pad, 1, r.h - 2 * pad}, ui->style.border);
        position(a, (ui_Rect){sx + pad, r.y + pad, colw, r.h - 2 * pad});
        ui_unclip(ui);
        break;
    }
}
