/* linebreak.h - where a line of UI text may end, for English and Chinese.
 *
 * English breaks at spaces; Chinese has none and breaks between any two
 * characters, except that a line never starts with closing punctuation
 * (，。、；：？！）」 ...) nor ends with opening punctuation (（「 ...), as
 * Chinese typesetting (GB/T 15834, JLREQ's kinsoku) requires. Mixed text
 * follows both: a Latin word or number stays whole. '\n' ends a line.
 * No SDL: widths come from a callback. */
#ifndef NNVIZ_LINEBREAK_H
#define NNVIZ_LINEBREAK_H

/* Width in pixels of the n bytes at s (UTF-8). */
typedef int (*lb_Measure)(void *ctx, const char *s, int n);

/* The next line of s (len bytes): *start gets its offset (past leading
 * spaces), the return value its length in bytes, trailing spaces left out, the longest that measures <= width and ends where a line
 * may end; *next gets the offset where the following line starts (after the
 * spaces or the '\n' that ended this one). When even the first unbreakable
 * piece (a long word) is wider than width it is the line, so each call makes
 * progress while len > 0. Returns 0 with *next = len at the end of s. */
int lb_next_line(const char *s, int len, int width, lb_Measure measure, void *ctx, int *start,
                 int *next);

/* 1 for a code point written without spaces between words (Han, kana,
 * Hangul, CJK and full-width punctuation), else 0. */
int lb_is_cjk(unsigned cp);

/* 1 when a line may not start with cp (closing punctuation), else 0. */
int lb_no_start(unsigned cp);

/* 1 when a line may not end with cp (opening punctuation), else 0. */
int lb_no_end(unsigned cp);

#endif
