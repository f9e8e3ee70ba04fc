/* fuzz_lesson.c - lesson files through lesson_load: a file that fails names
 * itself in one line and leaves nothing behind; a file that loads holds
 * only what the format allows (bounded counts, terminated UTF-8 texts,
 * checks whose text parses back to the same check), and its narration's
 * markup is cut into spans that stay inside the text. The input is also
 * read as one check and as one narration on its own. */
#include <string.h>

#include "fuzz_util.h"
#include "lesson/lesson_check.h"
#include "lesson/lesson_file.h"
#include "lesson/lesson_markup.h"

static int terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static int same_term(const lesson_Term *a, const lesson_Term *b)
{
    return a->metric == b->metric && (a->value == b->value || a->metric != LESSON_M_NUMBER) &&
           a->run == b->run && a->layer == b->layer && a->i == b->i && a->j == b->j;
}

static int same_side(const lesson_Side *a, const lesson_Side *b)
{
    return a->op == b->op && same_term(&a->a, &b->a) && (!a->op || same_term(&a->b, &b->b));
}

static void markup(const char *text)
{
    lesson_Span spans[64];
    int n = lesson_markup_spans(text, spans, 64);
    size_t len = strlen(text);
    FUZZ_CHECK(n >= 0, "a negative span count");
    for (int k = 0; k < n && k < 64; k++)
        FUZZ_CHECK(spans[k].start + spans[k].len <= len, "a span outside the text");
    char plain[LESSON_TEXT_MAX];
    lesson_markup_plain(text, plain, sizeof plain);
    FUZZ_CHECK(strlen(plain) <= len, "the plain text is longer than the marked-up one");
}

static void check_loaded(const lesson_File *f)
{
    FUZZ_CHECK(f->n_steps >= 0 && f->n_steps <= LESSON_MAX_STEPS, "%d steps", f->n_steps);
    FUZZ_CHECK(terminated(f->title_zh, sizeof f->title_zh) &&
                   terminated(f->description_zh, sizeof f->description_zh),
               "an unterminated [lesson] text");
    for (int k = 0; k < f->n_steps; k++) {
        const lesson_Step *s = &f->steps[k];
        FUZZ_CHECK(s->text[0] && terminated(s->text, sizeof s->text), "step %d: no text", k);
        FUZZ_CHECK(terminated(s->text_zh, sizeof s->text_zh), "step %d: text.zh", k);
        FUZZ_CHECK(s->n_actions >= 0 && s->n_actions <= LESSON_MAX_ACTIONS, "step %d actions", k);
        FUZZ_CHECK(s->n_checks >= 0 && s->n_checks <= LESSON_MAX_CHECKS, "step %d checks", k);
        FUZZ_CHECK(s->predict.n_options == 0 ||
                       (s->predict.n_options >= 2 && s->predict.n_options <= LESSON_MAX_OPTIONS),
                   "step %d: %d answers", k, s->predict.n_options);
        FUZZ_CHECK(s->predict_zh.n_options == 0 ||
                       s->predict_zh.n_options == s->predict.n_options,
                   "step %d: predict.zh differs", k);
        for (int a = 0; a < s->n_actions; a++)
            FUZZ_CHECK((unsigned)s->actions[a].cmd.kind < APP_CMD_COUNT, "a bad command kind");
        for (int c = 0; c < s->n_checks; c++) {
            lesson_Check again;
            char err[400];
            FUZZ_CHECK(lesson_check_parse(s->checks[c].text, &again, err, sizeof err) == 0,
                       "a loaded check does not parse again: %s", err);
            FUZZ_CHECK(same_side(&again.lhs, &s->checks[c].lhs) &&
                           same_side(&again.rhs, &s->checks[c].rhs) &&
                           !strcmp(again.cmp, s->checks[c].cmp),
                       "a check parsed twice differs");
        }
        markup(s->text);
        markup(s->text_zh);
        FUZZ_CHECK(lesson_chapter_of(f, k) <= k, "a chapter after its step");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("lesson-steps.ini", data, size);
    lesson_File *f = (lesson_File *)&size; /* must come back NULL on failure */
    char err[600] = "";
    if (lesson_load(path, &f, err, sizeof err) != 0) {
        FUZZ_CHECK(f == NULL, "a failed load returned a lesson");
        FUZZ_CHECK_MESSAGE(err, path);
    } else {
        FUZZ_CHECK(f != NULL, "a lesson loaded as NULL");
        check_loaded(f);
        lesson_free(f);
    }
    /* the same bytes as one check and as one narration */
    char text[LESSON_TEXT_MAX];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    lesson_Check c;
    if (lesson_check_parse(text, &c, err, sizeof err) == 0) {
        FUZZ_CHECK(c.cmp[0] == '<' || c.cmp[0] == '>', "a check without a comparison");
    } else {
        FUZZ_CHECK(err[0] && !strchr(err, '\n'), "bad check message '%s'", err);
    }
    markup(text);
    return 0;
}
