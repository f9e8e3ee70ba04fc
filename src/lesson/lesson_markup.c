/* lesson_markup.c - the narration's light markup (**bold**, `code`, \n) cut
 * into spans. One scanner serves both the styled spans the window draws and
 * the plain text the transcript prints, so the two never read a text
 * differently. */
#include "lesson/lesson_markup.h"

#include <string.h>

typedef void (*EmitFn)(void *ctx, const char *text, const lesson_Span *span);

/* Calls emit for each span in order. A span of length 0 is emitted only to
 * carry a line break (an empty line, or a break at the end). Inside `code`
 * a ** is literal, so code can show a power; \n breaks the line anywhere. */
static void scan(const char *text, EmitFn emit, void *ctx)
{
    lesson_SpanStyle style = LESSON_SPAN_PLAIN;
    int bold = 0, code = 0, newline = 0;
    size_t start = 0, i = 0;
#define FLUSH(end)                                                                            \
    do {                                                                                      \
        if ((end) > start) {                                                                  \
            lesson_Span sp = {start, (end) - start, style, newline};                          \
            emit(ctx, text, &sp);                                                             \
            newline = 0;                                                                      \
        }                                                                                     \
    } while (0)
    while (text[i]) {
        size_t skip = 0;
        int brk = 0;
        if (text[i] == '\\' && text[i + 1] == 'n') {
            skip = 2;
            brk = 1;
        } else if (text[i] == '\n') {
            skip = 1;
            brk = 1;
        } else if (text[i] == '`') {
            skip = 1;
        } else if (!code && text[i] == '*' && text[i + 1] == '*') {
            skip = 2;
        }
        if (!skip) {
            i++;
            continue;
        }
        FLUSH(i);
        if (brk) {
            if (newline) {
                /* a second break with no text between: an empty line */
                lesson_Span sp = {i, 0, style, 1};
                emit(ctx, text, &sp);
            }
            newline = 1;
        } else if (text[i] == '`') {
            code = !code;
        } else {
            bold = !bold;
        }
        style = code ? LESSON_SPAN_CODE : bold ? LESSON_SPAN_BOLD : LESSON_SPAN_PLAIN;
        i += skip;
        start = i;
    }
    FLUSH(i);
    if (newline) {
        lesson_Span sp = {i, 0, style, 1};
        emit(ctx, text, &sp);
    }
#undef FLUSH
}

typedef struct {
    lesson_Span *spans;
    int max, n;
} SpanOut;

static void to_spans(void *ctx, const char *text, const lesson_Span *span)
{
    SpanOut *o = ctx;
    if (o->n < o->max)
        o->spans[o->n] = *span;
    o->n++;
}

int lesson_markup_spans(const char *text, lesson_Span *spans, int max)
{
    SpanOut o = {spans, max > 0 ? max : 0, 0};
    scan(text, to_spans, &o);
    return o.n;
}

typedef struct {
    char *out;
    size_t cap, n;            /* bytes written, at most cap - 1 */
} PlainOut;

static void put(PlainOut *o, const char *s, size_t len)
{
    size_t room = o->cap - 1 - o->n;
    if (len > room) {
        len = room;
        /* never cut a UTF-8 sequence in two */
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(o->out + o->n, s, len);
    o->n += len;
    o->out[o->n] = '\0';
}

static void to_plain(void *ctx, const char *text, const lesson_Span *span)
{
    PlainOut *o = ctx;
    if (span->newline)
        put(o, "\n", 1);
    put(o, text + span->start, span->len);
}

void lesson_markup_plain(const char *text, char *out, size_t out_len)
{
    if (!out || out_len == 0)
        return;
    PlainOut o = {out, out_len, 0};
    out[0] = '\0';
    scan(text, to_plain, &o);
}
