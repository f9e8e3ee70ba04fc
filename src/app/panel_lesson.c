/* panel_lesson.c - the lesson panel: a band under the network (never over
 * it, the output plot or the loss chart) with a strip (step k of N, the
 * chapters, back and next, the bar of progress) over the current step's
 * narration and its markup, the prediction's options and the checks'
 * results after the action. Its text grows with the presenter zoom like
 * the axis numbers, as far as a share of the window allows; when it would
 * not fit it steps down towards the controls' scale. The walk itself moves
 * on Space and Backspace (lesson_run.c); the panel's buttons ask for the
 * same moves. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "i18n/linebreak.h"
#include "lesson/lesson_markup.h"
#include "lesson/lesson_show.h"

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

/* The narration scratch holding src as it is, all of it in one style. */
static void narr_plain(Narr *n, const char *src, lesson_SpanStyle style)
{
    size_t l = strlen(src);
    if (l > NARR_MAX - 1)
        l = NARR_MAX - 1;
    memcpy(n->text, src, l);
    memset(n->style, (int)style, l);
    n->len = (int)l;
    n->text[l] = '\0';
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

/* The band, top to bottom: a strip with the position, the chapters and
 * back / next, the bar of progress, then the narration across the whole
 * band. Everything in it is drawn at one scale: the band is as high as
 * the narration needs at its smallest (band_floor), up to a bound, and the
 * panel draws it as large as that height allows, up to the labels' scale
 * (so it grows with the presenter zoom like the axis numbers); a narration
 * longer than the band scrolls (the wheel over it; after the action it
 * shows its end, the checks). */

static int narration(app_State *a, ui_Rect r, int draw, int scroll);

/* The strip's height and the narration's room in band r at the UI's scale. */
static int strip_h(ui_Context *ui)
{
    return ui_px(ui, 30) + ui_px(ui, 4) + ui_px(ui, 8); /* buttons, bar, gap */
}

static ui_Rect text_rect(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    int pad = ui_px(ui, 10), top = pad + ui_px(ui, 3) + strip_h(ui);
    /* a gutter at the right for the arrows that say more is above or below */
    return (ui_Rect){r.x + pad, r.y + top, r.w - 2 * pad - ui_px(ui, 16), r.h - top - pad};
}

/* The band's height the narration needs at the UI's scale now. */
static int band_need(app_State *a, int w)
{
    ui_Rect t = text_rect(a, (ui_Rect){0, 0, w, 100000});
    return t.y + narration(a, t, 0, 0) + ui_px(&a->ui, 10);
}

/* The smallest scale the band's text steps down to: halfway between the
 * labels' and the window's, so it still grows with every zoom step. */
static float band_floor(const app_State *a)
{
    return 0.5f * (a->label_scale + fminf(a->win_scale, a->ctrl_scale));
}

int app_lesson_band_h(app_State *a, int w, int h)
{
    if (!app_lesson_walking(a) || w <= 0)
        return 0;
    /* as high as the narration needs at the smallest scale it steps down
     * to (the network keeps the rest), up to a third of the window; the
     * panel then draws it as large as that height allows, up to the
     * labels' scale, and a longer one scrolls */
    float keep = a->ui.scale;
    a->ui.scale = band_floor(a);
    int want = band_need(a, w);
    a->ui.scale = keep;
    int most = h * 33 / 100;
    return want > most ? most : want;
}

/* The step's checks as lines: tick or cross, the check, its two values. */
static int check_line(const app_State *a, const lesson_Walk *wk, int k, char *buf, size_t len,
                      ui_Color *c)
{
    const lesson_Step *st = &wk->file->steps[wk->step];
    const lesson_CheckResult *r = &wk->checks[k];
    char text[360]; /* named as the window names layers, units and runs */
    lesson_check_show(&st->checks[k], &a->core, text, sizeof text);
    if (r->result < 0) {
        char why[200];
        snprintf(why, sizeof why, tr(STR_LESSON_CHECK_NOT), r->err);
        snprintf(buf, len, "? %s  %s", text, why);
        *c = app_rgb(FAIL_COLOR);
        return 1;
    }
    char l[32], rr[32], vals[120];
    app_fmt_value(r->lhs, l, sizeof l);
    app_fmt_value(r->rhs, rr, sizeof rr);
    snprintf(vals, sizeof vals, tr(STR_LESSON_CHECK_VALUES), l, rr);
    snprintf(buf, len, "%s %s  %s", r->result ? "\xe2\x9c\x93" : "\xe2\x9c\x97", text, vals);
    *c = app_rgb(r->result ? PASS_COLOR : FAIL_COLOR);
    return 1;
}

/* 1 when a line h high at y lies whole in r (the narration scrolled). */
static int in_view(ui_Rect r, int y, int h)
{
    return y >= r.y && y + h <= r.y + r.h;
}

/* The narration: title, text, prediction, hint or checks, in r, scrolled
 * up by scroll pixels; draws only when draw, and only what lies whole in
 * r; returns the height the whole of it takes. */
static int narration(app_State *a, ui_Rect r, int draw, int scroll)
{
    ui_Context *ui = &a->ui;
    lesson_Walk *wk = &a->lesson->walk;
    const lesson_File *f = wk->file;
    int zh = app_lesson_zh();
    int base = ui_font(ui, UI_FONT_BASE), big = ui_font(ui, UI_FONT_BIG), sm = ui_font(ui, UI_FONT_SMALL);
    int y = r.y - scroll, y_top = y;
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
        /* the chapter's title is in the strip above */
        st = &f->steps[wk->step];
        text = lesson_step_text(st, zh);
    }
    if (title[0]) {
        if (draw && in_view(r, y, ui_text_height(ui, big))) {
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
        if (draw && in_view(r, y, lh))
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
        /* a question wider than its room wraps (a cut question is a
         * riddle): its lines under one another, right of the hint */
        int qs[4], ql[4], nq = 1;
        narr_plain(&n, p->question, LESSON_SPAN_BOLD);
        if (qw - ui_px(ui, 16) > r.w - hw) {
            nq = narr_wrap(&n, r.w - hw, qs, ql, 4);
            same_row = 0;
        } else {
            qs[0] = 0;
            ql[0] = n.len;
        }
        if (draw && in_view(r, row_y, lh))
            ui_draw_text(ui, sm, 0, r.x, row_y + (lh - ui_text_height(ui, sm)) / 2, tr(STR_LESSON_HINT_CHOOSE),
                         ui->style.text_muted);
        for (int i = 0; i < nq; i++)
            if (draw && in_view(r, row_y + i * lh, lh))
                narr_draw_line(a, &n, r.x + hw, row_y + i * lh, qs[i], ql[i]);
        int ox = r.x, bw = (r.w - (p->n_options - 1) * gap) / p->n_options;
        if (same_row) {
            ox = r.x + hw + qw;
            bw = widest;
        } else {
            y += nq * lh + ui_px(ui, 4);
        }
        if (draw && in_view(r, y, bh)) {
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
            check_line(a, wk, c, line, sizeof line, &col);
            /* wrapped, not cut: the values at its end are the verdict */
            int cs[4], cl[4];
            narr_plain(&n, line, LESSON_SPAN_BOLD);
            int nc = narr_wrap(&n, r.w, cs, cl, 4);
            for (int i = 0; i < nc; i++) {
                if (draw && in_view(r, y, lh)) {
                    char part[600];
                    snprintf(part, sizeof part, "%.*s", cl[i], n.text + cs[i]);
                    ui_draw_text(ui, base, 1, r.x, y, part, col);
                }
                y += lh;
            }
        }
    }
    i18n_Id hint = wk->step < 0 ? STR_LESSON_CARD_HINT
                   : wk->stage == LESSON_AT_TEXT ? STR_LESSON_HINT_ACT
                   : wk->stage == LESSON_AT_RUNNING ? STR_LESSON_HINT_RUNNING
                   : wk->step + 1 < f->n_steps ? STR_LESSON_HINT_NEXT : STR_LESSON_HINT_END;
    if (draw && in_view(r, y, ui_text_height(ui, sm))) {
        char h[200];
        app_fit_text(a, sm, 0, tr(hint), r.w, h, sizeof h);
        ui_draw_text(ui, sm, 0, r.x, y, h, ui->style.text_muted);
    }
    y += ui_text_height(ui, sm);
    return y - y_top;
}

/* The strip over the narration: "Step k of N", the chapters as one row
 * (the current one bold, those before ticked, as many round it as fit),
 * back and next at the right end, and the bar of progress under them. */
static void strip(app_State *a, ui_Rect r)
{
    ui_Context *ui = &a->ui;
    lesson_Walk *wk = &a->lesson->walk;
    const lesson_File *f = wk->file;
    int zh = app_lesson_zh();
    int base = ui_font(ui, UI_FONT_BASE), sm = ui_font(ui, UI_FONT_SMALL);
    int bh = ui_px(ui, 30), gap = ui_px(ui, 8);
    char pos[80];
    snprintf(pos, sizeof pos, tr(STR_LESSON_STEP_OF), wk->step + 1 > 0 ? wk->step + 1 : 0, f->n_steps);
    int pw = ui_text_width(ui, base, 1, pos);
    ui_draw_text(ui, base, 1, r.x, r.y + (bh - ui_text_height(ui, base)) / 2, pos, ui->style.text);
    /* back and next, as wide as their labels */
    int bw = ui_text_width(ui, base, 0, tr(STR_LESSON_BACK)), nw = ui_text_width(ui, base, 0, tr(STR_LESSON_NEXT));
    bw = (bw > nw ? bw : nw) + ui_px(ui, 24);
    int bx = r.x + r.w - 2 * bw - gap;
    if (ui_button_at(ui, ui_id_str(ui, "lesson-back"), (ui_Rect){bx, r.y, bw, bh}, tr(STR_LESSON_BACK),
                     wk->step < 0 ? UI_OPT_DISABLED : 0) && wk->step >= 0)
        a->lesson->want = -1;
    int end = wk->step + 1 >= f->n_steps && wk->stage == LESSON_AT_DONE;
    if (ui_button_at(ui, ui_id_str(ui, "lesson-next"), (ui_Rect){bx + bw + gap, r.y, bw, bh},
                     tr(STR_LESSON_NEXT), end ? UI_OPT_DISABLED : UI_OPT_ACCENT) && !end)
        a->lesson->want = 1;
    /* the bar of progress: steps done over the lesson's */
    int done = wk->step + (wk->stage == LESSON_AT_DONE ? 1 : 0);
    int by = r.y + bh + ui_px(ui, 4);
    ui_draw_rect(ui, (ui_Rect){r.x, by, r.w, ui_px(ui, 4)}, ui->style.border);
    if (done > 0)
        ui_draw_rect(ui, (ui_Rect){r.x, by, r.w * done / f->n_steps, ui_px(ui, 4)}, ui->style.accent);
    /* the chapters between the position and the buttons */
    int cx = r.x + pw + 2 * gap, cw = bx - 2 * gap - cx;
    int ids[LESSON_MAX_STEPS], n = 0, cur = -1;
    int here = lesson_chapter_of(f, wk->step < 0 ? 0 : wk->step);
    for (int s = 0; s < f->n_steps; s++)
        if (f->steps[s].title[0]) {
            if (s == here)
                cur = n;
            ids[n++] = s;
        }
    if (n == 0 || cw < ui_px(ui, 40))
        return;
    /* the current chapter by its title in the title's font, the others by
     * their mark alone; then the neighbours' titles after and before it in
     * turn, while they fit */
    int big = ui_font(ui, UI_FONT_BIG), sep = ui_px(ui, 12);
    char lines[LESSON_MAX_STEPS][160];
    const char *marks[LESSON_MAX_STEPS];
    int wide[LESSON_MAX_STEPS], narrow[LESSON_MAX_STEPS], full[LESSON_MAX_STEPS];
    int c0 = cur >= 0 ? cur : 0, used = -sep;
    for (int k = 0; k < n; k++) {
        int is_cur = k == c0;
        marks[k] = is_cur && wk->step >= 0 ? "\xe2\x97\x8f" : k < c0 ? "\xe2\x9c\x93" : "\xe2\x97\x8b";
        snprintf(lines[k], sizeof lines[k], "%s %s", marks[k], lesson_step_title(&f->steps[ids[k]], zh));
        wide[k] = ui_text_width(ui, is_cur ? big : sm, is_cur, lines[k]);
        narrow[k] = ui_text_width(ui, sm, 0, marks[k]);
        full[k] = is_cur;
        used += sep + (is_cur ? wide[k] : narrow[k]);
    }
    int open_side[2] = {1, 1}; /* a side stops at its first title that does not fit */
    for (int d = 1; open_side[0] || open_side[1]; d++) {
        for (int side = 0; side < 2; side++) {
            int k = side == 0 ? c0 + d : c0 - d;
            if (!open_side[side] || k < 0 || k >= n) {
                open_side[side] = 0;
                continue;
            }
            if (used - narrow[k] + wide[k] <= cw) {
                used += wide[k] - narrow[k];
                full[k] = 1;
            } else {
                open_side[side] = 0;
            }
        }
    }
    /* when the marks would leave the current title no room (a narrow band
     * at a large zoom), the title alone: the position and the bar of
     * progress already say where in the lesson the class is; a title still
     * too wide steps down to the text's size before it is cut */
    int only_cur = used > cw;
    int cur_px = only_cur && wide[c0] > cw ? base : big;
    int x = cx;
    for (int k = 0; k < n && x < cx + cw; k++) {
        if (only_cur && k != c0)
            continue;
        int is_cur = k == c0, fpx = is_cur ? cur_px : sm;
        int ty = r.y + (bh - ui_text_height(ui, fpx)) / 2;
        ui_Color col = is_cur ? ui->style.text : ui->style.text_muted;
        if (!full[k]) {
            ui_draw_text(ui, sm, 0, x, ty, marks[k], col);
            x += narrow[k] + sep;
            continue;
        }
        /* a title cut short still leaves the marks after it their room */
        int after = 0;
        for (int j = k + 1; j < n && !only_cur; j++)
            after += sep + (full[j] ? wide[j] : narrow[j]);
        char fit[160];
        app_fit_text(a, fpx, is_cur, lines[k], cx + cw - x - after, fit, sizeof fit);
        ui_draw_text(ui, fpx, is_cur, x, ty, fit, col);
        x += ui_text_width(ui, fpx, is_cur, fit) + sep;
    }
}

void app_panel_lesson(app_State *a, ui_Rect r)
{
    if (!app_lesson_walking(a) || r.h <= 0)
        return;
    ui_Context *ui = &a->ui;
    app_LessonUi *L = a->lesson;
    L->rect = r;
    app_panel_frame(a, r, NULL);
    /* the labels' scale, or a smaller one where the narration then fits
     * whole, down to band_floor; below that it scrolls */
    float floor_sc = band_floor(a);
    ui->scale = a->label_scale;
    while (ui->scale > floor_sc && band_need(a, r.w) > r.h)
        ui->scale = fmaxf(ui->scale * 0.94f, floor_sc);
    ui_draw_rect(ui, (ui_Rect){r.x, r.y, r.w, ui_px(ui, 3)}, ui->style.accent);
    L->text_px = ui_font(ui, UI_FONT_BASE);
    int pad = ui_px(ui, 10);
    ui_Rect text = text_rect(a, r);
    /* scrolled by whole lines: a new step starts at its top, its end (the
     * checks) shows once the action is over */
    int lh = ui_text_height(ui, L->text_px);
    int over = narration(a, text, 0, 0) - text.h;
    int most = over > 0 ? (over + lh - 1) / lh : 0;
    int at = L->walk.step * 8 + (int)L->walk.stage;
    if (at != L->scroll_at) {
        L->scroll_at = at;
        L->scroll = L->walk.stage == LESSON_AT_DONE ? 1 << 20 : 0; /* the end, whatever the band's height */
    }
    int shown = L->scroll < 0 ? 0 : L->scroll > most ? most : L->scroll;
    if (ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y) && ui->in.wheel) {
        shown -= ui->in.wheel; /* + is up: back towards the top */
        shown = shown < 0 ? 0 : shown > most ? most : shown;
        L->scroll = shown;
        ui->in.wheel = 0;
    }
    ui_clip(ui, r);
    strip(a, (ui_Rect){r.x + pad, r.y + pad + ui_px(ui, 3), r.w - 2 * pad, strip_h(ui)});
    narration(a, text, 1, shown * lh);
    /* more above or below: a muted arrow at the text's right end */
    int sm = ui_font(ui, UI_FONT_SMALL), ax = text.x + text.w + ui_px(ui, 2);
    if (shown > 0)
        ui_draw_text(ui, sm, 0, ax, text.y, "\xe2\x96\xb2", ui->style.text_muted);
    if (shown < most)
        ui_draw_text(ui, sm, 0, ax, text.y + text.h - ui_text_height(ui, sm),
                     "\xe2\x96\xbc", ui->style.text_muted);
    ui_unclip(ui);
}
