/* app_warm.c - the other language's glyphs rendered ahead of a switch.
 *
 * Switching the window to Chinese live must not cost a long frame: every
 * Chinese glyph on screen comes from the CJK face and is rasterized the
 * first time it is drawn (about half a millisecond each, a few hundred on a
 * screen). The window renders them ahead in the time it would otherwise
 * sleep, a few milliseconds at a go, so the switch finds them in the atlas.
 * What is still missing when the switch comes (a new font size, a lesson
 * opened a moment ago) falls back to the frame budget of plat_font.c. */
#include <string.h>

#include "app/app.h"
#include "app/lesson_ui.h"
#include "i18n/i18n.h"
#include "lesson/lesson_file.h"

/* Sizes rendered ahead: the text's and the controls' (every string of the
 * window may show in them). Larger sizes draw titles and figures, a few
 * glyphs each, which the frame budget renders in a frame or two; rendering
 * all 450-odd ideographs in them too would grow their atlases by tens of
 * megabytes. */
#define WARM_MAX_PX 24

/* The language the warm-up renders: Simplified Chinese, when it is not the
 * current one (English draws from the UI font, whose glyphs are cheap). */
static int zh_index(void)
{
    if (!strncmp(i18n_language(), "zh", 2))
        return -1;
    for (int k = 0; k < i18n_language_count(); k++)
        if (!strncmp(i18n_language_code(k), "zh", 2))
            return k;
    return -1;
}

/* Text n of the warm-up's list: the window's strings, then the open
 * lesson's title, description and steps in Chinese; NULL past the end. */
static const char *warm_text(const app_State *a, int k, int n, int *end)
{
    *end = 0;
    if (n < STR_COUNT) /* the strings the window has shown */
        return i18n_was_used((i18n_Id)n) ? i18n_language_text(k, (i18n_Id)n) : NULL;
    n -= STR_COUNT;
    const lesson_File *f = a->lesson && a->lesson->walk.file ? a->lesson->walk.file : NULL;
    if (f) {
        if (n == 0)
            return lesson_title(f, 1);
        if (n == 1)
            return lesson_description(f, 1);
        if (n - 2 < f->n_steps)
            return lesson_step_text(&f->steps[n - 2], 1);
    }
    *end = 1;
    return NULL;
}

int app_warm_language(app_State *a, double ms)
{
    int k = zh_index();
    if (k < 0 || !plat_font_cjk_path(a->plat)[0])
        return 0;
    /* a new font size or another lesson: go over the list again (what is
     * drawn already is skipped at once) */
    const void *lesson = a->lesson ? (const void *)a->lesson->walk.file : NULL;
    int sizes = plat_font_open_sizes(a->plat), used = i18n_used_count();
    if (sizes != a->warm.sizes || lesson != a->warm.lesson || used != a->warm.used) {
        a->warm.sizes = sizes;
        a->warm.used = used;
        a->warm.lesson = lesson;
        a->warm.next = 0;
    }
    double until = plat_now() + ms / 1000.0;
    for (;;) {
        int end;
        const char *t = warm_text(a, k, a->warm.next, &end);
        if (end)
            return 0;
        if (t && !plat_font_warm_text(a->plat, t, until, WARM_MAX_PX))
            return 1;
        a->warm.next++;
        if (plat_now() > until)
            return 1;
    }
}
