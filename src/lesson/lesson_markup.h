/* lesson_markup.h - the narration's light markup cut into spans, for the
 * window (styled text) and the transcript (plain text).
 *
 *   **bold**   `code`   \n (a backslash and n: a new line)
 *
 * Anything else, Unicode maths included (Σ δ ∂L/∂w η), is plain text. An
 * unclosed ** or ` runs to the end of the text. No SDL here. */
#ifndef NNVIZ_LESSON_MARKUP_H
#define NNVIZ_LESSON_MARKUP_H

#include <stddef.h>

typedef enum { LESSON_SPAN_PLAIN = 0, LESSON_SPAN_BOLD, LESSON_SPAN_CODE } lesson_SpanStyle;

typedef struct {
    size_t start, len;        /* bytes of the source text (markers excluded) */
    lesson_SpanStyle style;
    int newline;              /* a new line starts before this span */
} lesson_Span;

/* Cuts text into at most max spans; returns how many it found (may exceed
 * max: only max are written). */
int lesson_markup_spans(const char *text, lesson_Span *spans, int max);

/* The text without markers, \n as a newline character, into out (always
 * terminated, cut at out_len). */
void lesson_markup_plain(const char *text, char *out, size_t out_len);

#endif
