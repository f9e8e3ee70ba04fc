/* app_lang.c - which language the window speaks: --lang, else the locale
 * (the window only; a render follows --lang alone, so the same command draws
 * the same picture everywhere), and the live switch of the Z key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/subcommands.h"
#include "i18n/i18n.h"

int app_lang_choose(const char *prog, const char *flag, int use_locale)
{
    char err[256];
    if (flag) {
        if (i18n_set_language(flag, err, sizeof err) != I18N_OK) {
            fprintf(stderr, "%s: --lang: %s\n", prog, err);
            return 2;
        }
        return 0;
    }
    if (use_locale) {
        const char *code = i18n_locale_language(getenv("LC_ALL"), getenv("LC_MESSAGES"),
                                                getenv("LANG"));
        /* a locale naming a language there is not (de_DE) keeps English */
        if (code)
            i18n_set_language(code, NULL, 0);
    }
    return 0;
}

void app_lang_next(app_State *a)
{
    int n = i18n_language_count(), k = 0;
    while (k < n && strcmp(i18n_language_code(k), i18n_language()) != 0)
        k++;
    k = (k + 1) % n;
    i18n_set_language(i18n_language_code(k), NULL, 0);
    /* the texts are looked up every frame; the title is the one set once */
    char title[300];
    const char *t = app_spec(a)->title;
    snprintf(title, sizeof title, tr(STR_WINDOW_TITLE), t[0] ? t : tr(STR_WINDOW_UNTITLED));
    plat_set_title(a->plat, title);
    app_core_compare_labels(&a->core); /* compared runs are named in the language too */
    app_set_status(a, 0, tr(STR_STATUS_LANG), i18n_language_name(k));
}
