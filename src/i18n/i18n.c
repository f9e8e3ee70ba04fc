/* i18n.c - the lookup, the current language and the checks that keep a
 * translation from breaking a printf: a string whose conversions differ from
 * the English one, or that is not UTF-8, is replaced by the English text
 * when its language is made current, so tr() itself is one array read
 * (and, the first time an id is asked for, a note that it was shown). */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "i18n/i18n_lang.h"

/* Every language there is. A new one: its file, and one line here. */
static const i18n_Language *const languages[] = {
    &i18n_lang_en,
    &i18n_lang_zh_hans,
};
#define N_LANGUAGES ((int)(sizeof languages / sizeof languages[0]))

/* The current language's strings after the checks; NULL shows English.
 * Zero-initialized, so English is current before any call. */
static const char *current[STR_COUNT];
static const char *current_code = "en";

/* Which ids were looked up so far, and how many: what the window has shown,
 * so it can render those texts ahead in another language (atomics: a
 * worker thread may format a status line while the UI thread draws). */
static atomic_uchar used[STR_COUNT];
static atomic_int n_used;

const char *tr(i18n_Id id)
{
    if ((unsigned)id >= (unsigned)STR_COUNT)
        return "";
    if (!atomic_load_explicit(&used[id], memory_order_relaxed)) {
        unsigned char zero = 0;
        if (atomic_compare_exchange_strong_explicit(&used[id], &zero, 1, memory_order_relaxed,
                                                    memory_order_relaxed))
            atomic_fetch_add_explicit(&n_used, 1, memory_order_relaxed);
    }
    const char *s = current[id];
    if (s)
        return s;
    s = i18n_lang_en.text[id];
    return s ? s : "";
}

void tr_list(const char **out, const i18n_Id *ids, int n)
{
    for (int k = 0; k < n; k++)
        out[k] = tr(ids[k]);
}

/* ======================================================================== */
/* checks                                                                    */
/* ======================================================================== */

int i18n_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n;
        unsigned cp, min;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0; /* a continuation byte first, or 0xF8..0xFF */
        }
        for (int k = 1; k <= n; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return 0; /* also stops at the terminating NUL */
            cp = (cp << 6) | (p[k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* Appends a conversion's group ("d", "lld", ...) to out at *o. */
static int put_group(char *out, size_t out_len, size_t *o, const char *len_mod, size_t len_n,
                     char cls)
{
    size_t need = (*o ? 1 : 0) + len_n + 1;
    if (*o + need + 1 > out_len)
        return -1;
    if (*o)
        out[(*o)++] = ' ';
    memcpy(out + *o, len_mod, len_n);
    *o += len_n;
    out[(*o)++] = cls;
    out[*o] = '\0';
    return 0;
}

int i18n_conversions(const char *fmt, char *out, size_t out_len)
{
    if (!out || out_len == 0)
        return -1;
    out[0] = '\0';
    size_t o = 0;
    int n = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        while (*p && strchr("-+ #0'", *p))
            p++;
        if (*p >= '1' && *p <= '9') {
            const char *q = p;
            while (*q >= '0' && *q <= '9')
                q++;
            if (*q == '$')
                return -1; /* positional arguments: not checked, not accepted */
        }
        /* width, then precision: digits, or '*' taking an int argument */
        for (int part = 0; part < 2; part++) {
            if (part == 1) {
                if (*p != '.')
                    break;
                p++;
            }
            if (*p == '*') {
                if (put_group(out, out_len, &o, "", 0, 'd') != 0)
                    return -1;
                n++;
                p++;
            }
            while (*p >= '0' && *p <= '9')
                p++;
        }
        const char *len_mod = p;
        while (*p && strchr("hljztL", *p))
            p++;
        size_t len_n = (size_t)(p - len_mod);
        char cls;
        switch (*p) {
        case 'd': case 'i': cls = 'd'; break;
        case 'u': case 'o': case 'x': case 'X': cls = 'u'; break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            cls = 'f';
            break;
        case 's': cls = 's'; break;
        case 'c': cls = 'c'; break;
        case 'p': cls = 'p'; break;
        default: return -1; /* %n, an unknown letter, or the end of the string */
        }
        if (len_n > 2 || put_group(out, out_len, &o, len_mod, len_n, cls) != 0)
            return -1;
        n++;
    }
    return n;
}

/* s may stand for the English text en: both UTF-8, same conversions. */
static int usable(const char *s, const char *en)
{
    char a[64], b[64];
    if (!s || !en || !i18n_utf8_valid(s))
        return 0;
    int na = i18n_conversions(s, a, sizeof a), nb = i18n_conversions(en, b, sizeof b);
    return na >= 0 && na == nb && strcmp(a, b) == 0;
}

/* ======================================================================== */
/* languages                                                                 */
/* ======================================================================== */

int i18n_use(const i18n_Language *lang)
{
    int fallbacks = 0;
    for (int id = 0; id < STR_COUNT; id++) {
        const char *s = lang->text[id];
        const char *en = i18n_lang_en.text[id];
        if (usable(s, en)) {
            current[id] = s;
        } else {
            current[id] = NULL;
            fallbacks++;
        }
    }
    current_code = lang->code;
    return fallbacks;
}

/* ASCII case-insensitive equality: "zh-hans" finds "zh-Hans". */
static int same_code(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

i18n_Status i18n_set_language(const char *code, char *err, size_t err_len)
{
    const char *known_code = code ? i18n_code_for(code) : NULL; /* "zh", "zh_CN" */
    if (known_code)
        code = known_code;
    for (int k = 0; code && k < N_LANGUAGES; k++)
        if (same_code(code, languages[k]->code)) {
            i18n_use(languages[k]);
            return I18N_OK;
        }
    if (err && err_len > 0) {
        char known[128] = "";
        size_t o = 0;
        for (int k = 0; k < N_LANGUAGES && o < sizeof known; k++) {
            int w = snprintf(known + o, sizeof known - o, "%s%s", k ? ", " : "", languages[k]->code);
            if (w < 0)
                break;
            o += (size_t)w;
        }
        snprintf(err, err_len, "unknown language '%.40s' (known: %s)", code ? code : "(none)",
                 known);
    }
    return I18N_ERR_UNKNOWN;
}

const char *i18n_language(void)
{
    return current_code;
}

int i18n_language_count(void)
{
    return N_LANGUAGES;
}

const char *i18n_language_code(int k)
{
    return k >= 0 && k < N_LANGUAGES ? languages[k]->code : NULL;
}

const char *i18n_language_name(int k)
{
    return k >= 0 && k < N_LANGUAGES ? languages[k]->name : NULL;
}

int i18n_was_used(i18n_Id id)
{
    return (unsigned)id < (unsigned)STR_COUNT && atomic_load_explicit(&used[id], memory_order_relaxed);
}

int i18n_used_count(void)
{
    return atomic_load_explicit(&n_used, memory_order_relaxed);
}

const char *i18n_language_text(int k, i18n_Id id)
{
    if (k < 0 || k >= N_LANGUAGES || (int)id < 0 || id >= STR_COUNT)
        return NULL;
    return languages[k]->text[id];
}
