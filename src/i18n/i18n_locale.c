/* i18n_locale.c - which language a name or a locale asks for: the aliases a
 * user types (--lang zh) and the locale variables a desktop sets
 * (LANG=zh_CN.UTF-8). Values in, a code out; no environment read here. */
#include <string.h>

#include "i18n/i18n.h"

/* name starts with the language tag lang, followed by its end or a
 * separator of a region, script, codeset or modifier. */
static int has_language(const char *name, const char *lang)
{
    size_t n = strlen(lang);
    for (size_t k = 0; k < n; k++) {
        char c = name[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lang[k])
            return 0;
    }
    return name[n] == '\0' || strchr("_-.@", name[n]) != NULL;
}

const char *i18n_code_for(const char *name)
{
    if (!name || !name[0])
        return NULL;
    if (has_language(name, "zh"))
        return "zh-Hans"; /* the one Chinese table there is: Simplified */
    if (has_language(name, "en") || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 ||
        has_language(name, "c")) /* C.UTF-8 */
        return "en";
    return NULL;
}

const char *i18n_locale_language(const char *lc_all, const char *lc_messages, const char *lang)
{
    const char *v[3] = {lc_all, lc_messages, lang};
    for (int k = 0; k < 3; k++)
        if (v[k] && v[k][0])
            return i18n_code_for(v[k]); /* the first set one decides, even if unknown */
    return NULL;
}
