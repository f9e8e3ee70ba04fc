/* linebreak.c - line breaking for mixed Chinese and Latin UI text (see
 * linebreak.h): break opportunities found per code point, the longest line
 * that fits taken among them. */
#include <string.h>

#include "i18n/linebreak.h"

int lb_is_cjk(unsigned cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

int lb_no_start(unsigned cp)
{
    static const unsigned closing[] = {
        0xFF0C /* ， */, 0x3002 /* 。 */, 0x3001 /* 、 */, 0xFF1B /* ； */, 0xFF1A /* ： */,
        0xFF1F /* ？ */, 0xFF01 /* ！ */, 0xFF09 /* ） */, 0x300D /* 」 */, 0x300F /* 』 */,
        0x3011 /* 】 */, 0x3009 /* 〉 */, 0x300B /* 》 */, 0x3015 /* 〕 */, 0xFF3D /* ］ */,
        0xFF5D /* ｝ */, 0x2019 /* ’ */, 0x201D /* ” */, 0x2026 /* … */, 0x00B7 /* · */,
        0x30FB /* ・ */, 0x3005 /* 々 */, 0x30FC /* ー */, 0xFF0E /* ． */, 0xFF05 /* ％ */,
        ',', '.', ';', ':', '?', '!', ')', ']', '}', '%'};
    for (size_t k = 0; k < sizeof closing / sizeof closing[0]; k++)
        if (closing[k] == cp)
            return 1;
    return 0;
}

int lb_no_end(unsigned cp)
{
    static const unsigned opening[] = {
        0xFF08 /* （ */, 0x300C /* 「 */, 0x300E /* 『 */, 0x3010 /* 【 */, 0x3008 /* 〈 */,
        0x300A /* 《 */, 0x3014 /* 〔 */, 0xFF3B /* ［ */, 0xFF5B /* ｛ */, 0x2018 /* ‘ */,
        0x201C /* “ */, '(', '[', '{'};
    for (size_t k = 0; k < sizeof opening / sizeof opening[0]; k++)
        if (opening[k] == cp)
            return 1;
    return 0;
}

/* Decodes the code point at s[*i] (len bytes) and moves *i past it; a
 * malformed byte is taken as itself, one byte long. */
static unsigned decode(const char *s, int len, int *i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[*i];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (*i + n > len)
        n = 1;
    unsigned cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (int k = 1; k < n; k++)
        cp = (cp << 6) | (u[*i + k] & 0x3Fu);
    *i += n;
    return cp;
}

/* The next place a line may end at or after *pos in t (tl bytes): the
 * line's end, where the next line resumes, and whether it must end there
 * ('\n' or the end of the text). Moves *pos on; 0 when there is none. */
static int next_break(const char *t, int tl, int *pos, unsigned *prev, int *end, int *resume,
                      int *hard)
{
    while (*pos < tl) {
        int at = *pos;
        unsigned cp = decode(t, tl, pos);
        unsigned before = *prev;
        *prev = cp;
        if (cp == '\n') {
            *end = at, *resume = *pos, *hard = 1;
            return 1;
        }
        if (cp == ' ') {
            int j = *pos;
            while (j < tl && t[j] == ' ')
                j++;
            *pos = j;
            if (j < tl && t[j] == '\n')
                continue; /* the '\n' breaks, after these spaces */
            *end = at, *resume = j, *hard = j >= tl;
            return 1;
        }
        /* between two characters, one of them Chinese, unless the second
         * closes or the first opens */
        if (at > 0 && before != ' ' && (lb_is_cjk(before) || lb_is_cjk(cp)) && !lb_no_start(cp) &&
            !lb_no_end(before)) {
            *end = at, *resume = at, *hard = 0;
            return 1;
        }
    }
    if (*pos == tl && *prev != ' ' && *prev != '\n') {
        *end = tl, *resume = tl, *hard = 1;
        *prev = '\n'; /* reported once */
        return 1;
    }
    return 0;
}

int lb_next_line(const char *s, int len, int width, lb_Measure measure, void *ctx, int *start,
                 int *next)
{
    int i = 0;
    while (i < len && s[i] == ' ')
        i++;
    *start = i; /* leading spaces are not drawn */
    if (i >= len) {
        *next = len;
        return 0;
    }
    const char *t = s + i;
    int tl = len - i;
    int best_end = -1, best_resume = tl;
    int pos = 0, end, resume, hard;
    unsigned prev = 0;
    while (next_break(t, tl, &pos, &prev, &end, &resume, &hard)) {
        if (best_end >= 0 && measure(ctx, t, end) > width)
            break; /* too far: the line ends at the break before */
        best_end = end, best_resume = resume; /* the first is taken even when too wide */
        if (hard)
            break;
    }
    *next = i + best_resume;
    return best_end < 0 ? 0 : best_end;
}
