/* i18n_lang.h - what a language is, for the files that define one.
 *
 * A language is one file, src/i18n/strings_<code>.c, with one table:
 *
 *     static const char *const text[STR_COUNT] = {
 *         [STR_TOP_TIP_RESET] = "...",
 *         ...
 *     };
 *     const i18n_Language i18n_lang_zh_hans = {"zh-Hans", "<its own name>", text};
 *
 * and one line naming it in the list in i18n.c. Designated initializers keep
 * each text next to its id; an id left out is NULL and shows in English
 * (so notation such as STR_MATH_* may simply be left out). The English table
 * (strings_en.c) must have every id; tests/test_i18n.c checks it. */
#ifndef NNVIZ_I18N_LANG_H
#define NNVIZ_I18N_LANG_H

#include "i18n/i18n.h"

typedef struct {
    const char *code;         /* BCP 47 tag: "en", "zh-Hans" */
    const char *name;         /* the language's name in itself: "English" */
    const char *const *text;  /* (STR_COUNT) UTF-8 strings, NULL where missing */
} i18n_Language;

/* The reference language: every id, and the conversions every other
 * language must keep. */
extern const i18n_Language i18n_lang_en;

/* Simplified Chinese (strings_zh.c). */
extern const i18n_Language i18n_lang_zh_hans;

/* Makes lang current without looking it up by code (tests, and the language
 * list in i18n.c). Each of its strings is used only when it is valid UTF-8
 * and has the same printf conversions as the English one (see
 * i18n_conversions); otherwise that id shows in English. Returns how many ids
 * show in English (0 for a complete, well-formed table). */
int i18n_use(const i18n_Language *lang);

#endif
