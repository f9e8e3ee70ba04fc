/* lesson_file.c - reading a lesson file (docs/lesson-format.md): its set-up
 * through nn_experiment_load, which already knows [lesson] [data] [network]
 * [training] and lets [step] sections through, then a pass of our own over
 * the same file for the Chinese title and description and the ordered
 * [step] sections. Both passes name the line of every problem; when both
 * find one, the one earlier in the file is reported, as a reader fixing the
 * file from the top would meet it. */
#include "lesson/lesson_file.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/file_open.h"

/* As nn_experiment_load: a lesson is a few kilobytes. */
#define LESSON_FILE_MAX ((uint64_t)4 << 20)

typedef enum { SEC_NONE = 0, SEC_LESSON, SEC_SETUP, SEC_STEP, SEC_OTHER } Section;

typedef struct {
    lesson_File *f;
    FILE *fp;
    const char *path;
    int line;                  /* lines handed to inih so far: the line being parsed */
    int read_error;            /* errno of a failed read */
    int nomem;
    int stop_line;             /* reading stopped here (a long line, a NUL, bad UTF-8) */
    char stop_msg[160];
    /* continuation lines, classified as experiment.c's reader does */
    int prev_key;
    int cur_cont;
    Section sec;               /* the section of the lines being read */
    int seen_step;
    int cap;                   /* steps allocated */
    int predict_zh_line;       /* of the current step, 0: none */
    /* a key held until its continuation lines are joined */
    int pending;
    Section pend_sec;
    int pend_line;
    int pend_overflow;         /* the joined value did not fit */
    char pend_name[64];
    char pend_value[LESSON_TEXT_MAX + 1];
    int failed;
    int failed_line;
    char msg[400];             /* the first problem, without file:line */
    /* what a step lacks as a whole (no text, predict.zh not matching), told
     * only when nothing else is wrong: a line inih could not read or a value
     * refused may be the very text that seems missing */
    int late_line;
    char late_msg[200];
} Reader;

static void fail_at(Reader *rd, int line, const char *fmt, ...)
{
    if (rd->failed)
        return; /* the first problem is the one to fix first */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->msg, sizeof rd->msg, fmt, ap);
    va_end(ap);
    rd->failed = 1;
    rd->failed_line = line;
}

/* ---- UTF-8 -------------------------------------------------------------- */

/* A UTF-8 decoder fed one byte at a time, so a line is checked as it is
 * read, bytes past inih's buffer included. */
typedef struct {
    int need;                 /* continuation bytes still expected */
    uint32_t cp, min;         /* the code point so far; the least it may be */
    int bad;
} Utf8;

static void utf8_byte(Utf8 *u, unsigned char b)
{
    if (u->bad)
        return;
    if (u->need) {
        if ((b & 0xC0) != 0x80) {
            u->bad = 1;
            return;
        }
        u->cp = (u->cp << 6) | (b & 0x3F);
        if (--u->need == 0 && (u->cp < u->min || u->cp > 0x10FFFF ||
                               (u->cp >= 0xD800 && u->cp <= 0xDFFF)))
            u->bad = 1; /* overlong, beyond Unicode, or a surrogate */
        return;
    }
    if (b < 0x80)
        return;
    if ((b & 0xE0) == 0xC0) {
        u->need = 1, u->cp = b & 0x1F, u->min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
        u->need = 2, u->cp = b & 0x0F, u->min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
        u->need = 3, u->cp = b & 0x07, u->min = 0x10000;
    } else {
        u->bad = 1;
    }
}

/* The code point ending at s[n) (n > 0), or 0 if s does not end with one. */
static uint32_t last_code_point(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    i--;
    Utf8 u = {0};
    uint32_t cp = (unsigned char)s[i];
    for (size_t k = i; k < n; k++)
        utf8_byte(&u, (unsigned char)s[k]);
    if (u.bad || u.need)
        return 0;
    return cp < 0x80 ? cp : u.cp;
}

static uint32_t first_code_point(const char *s)
{
    Utf8 u = {0};
    if ((unsigned char)s[0] < 0x80)
        return (unsigned char)s[0];
    size_t k = 0;
    do
        utf8_byte(&u, (unsigned char)s[k++]);
    while (u.need && !u.bad && s[k]);
    return u.bad || u.need ? 0 : u.cp;
}

/* Chinese, Japanese and Korean characters and their punctuation: lines of
 * them are joined without a blank, since these scripts put none between
 * words. */
static int is_wide(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* ---- the steps ---------------------------------------------------------- */

/* What a step must have, checked when the next section starts or the file
 * ends (only while nothing else failed: a value refused earlier would
 * otherwise be reported again as missing). */
static void close_step(Reader *rd)
{
    lesson_File *f = rd->f;
    if (rd->sec != SEC_STEP || f->n_steps == 0 || rd->late_line)
        return;
    lesson_Step *s = &f->steps[f->n_steps - 1];
    if (!s->text[0]) {
        rd->late_line = s->line;
        snprintf(rd->late_msg, sizeof rd->late_msg,
                 "the step has no text (text = what the class reads)");
    } else if (rd->predict_zh_line && s->predict.n_options == 0) {
        rd->late_line = rd->predict_zh_line;
        snprintf(rd->late_msg, sizeof rd->late_msg, "predict.zh without predict in this step");
    } else if (rd->predict_zh_line && s->predict_zh.n_options != s->predict.n_options) {
        rd->late_line = rd->predict_zh_line;
        snprintf(rd->late_msg, sizeof rd->late_msg, "predict.zh offers %d answers, predict %d "
                 "(the same answers in the same order)", s->predict_zh.n_options,
                 s->predict.n_options);
    }
}

static void open_step(Reader *rd)
{
    lesson_File *f = rd->f;
    if (f->n_steps == LESSON_MAX_STEPS) {
        fail_at(rd, rd->line, "more than %d steps (split the lesson in two)", LESSON_MAX_STEPS);
        rd->sec = SEC_OTHER; /* its keys go nowhere */
        return;
    }
    if (f->n_steps == rd->cap) {
        int cap = rd->cap ? rd->cap * 2 : 8;
        if (cap > LESSON_MAX_STEPS)
            cap = LESSON_MAX_STEPS;
        lesson_Step *s = realloc(f->steps, (size_t)cap * sizeof *s);
        if (!s) {
            rd->nomem = 1;
            rd->sec = SEC_OTHER;
            return;
        }
        f->steps = s;
        rd->cap = cap;
    }
    lesson_Step *s = &f->steps[f->n_steps++];
    memset(s, 0, sizeof *s);
    s->line = rd->line;
    rd->predict_zh_line = 0;
    rd->sec = SEC_STEP;
    rd->seen_step = 1;
}

/* "step", or "step" and a number ("step 3"): a step's header. */
static int is_step_name(const char *name, size_t n)
{
    if (n < 4 || strncmp(name, "step", 4))
        return 0;
    size_t i = 4;
    while (i < n && (name[i] == ' ' || name[i] == '\t'))
        i++;
    while (i < n && name[i] >= '0' && name[i] <= '9')
        i++;
    return i == n;
}

static void flush_key(Reader *rd);

/* A [section] line (trimmed of blanks): the step it opens, or the set-up
 * section it returns to. */
static void on_section(Reader *rd, const char *start)
{
    const char *end = strchr(start, ']');
    if (!end)
        return; /* inih reports the line */
    flush_key(rd);
    close_step(rd);
    const char *name = start + 1;
    size_t n = (size_t)(end - name);
    while (n > 0 && (*name == ' ' || *name == '\t'))
        name++, n--;
    while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    if (is_step_name(name, n)) {
        open_step(rd);
        return;
    }
    static const char *const setup[] = {"lesson", "data", "network", "training"};
    for (int k = 0; k < 4; k++) {
        if (strlen(setup[k]) == n && !strncmp(name, setup[k], n)) {
            if (rd->seen_step)
                fail_at(rd, rd->line, "[%s] comes after a [step]: a step before the set-up "
                        "(put [lesson], [data], [network] and [training] first)", setup[k]);
            rd->sec = k == 0 ? SEC_LESSON : SEC_SETUP;
            return;
        }
    }
    fail_at(rd, rd->line, "unknown section [%.*s] (lesson, data, network, training, step)",
            (int)(n > 40 ? 40 : n), name);
    rd->sec = SEC_OTHER;
}

/* "question | answer | answer ...": 2 to LESSON_MAX_OPTIONS answers. */
static int parse_predict(Reader *rd, const char *key, const char *v, lesson_Predict *p)
{
    lesson_Predict r;
    memset(&r, 0, sizeof r);
    int part = 0;
    const char *s = v;
    for (;;) {
        size_t n = strcspn(s, "|");
        const char *a = s, *b = s + n;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        size_t len = (size_t)(b - a);
        if (len == 0) {
            fail_at(rd, rd->pend_line, "%s: %s is empty (a question | 2 to %d answers)", key,
                    part == 0 ? "the question" : "an answer", LESSON_MAX_OPTIONS);
            return -1;
        }
        if (part > LESSON_MAX_OPTIONS) {
            fail_at(rd, rd->pend_line, "%s: more than %d answers", key, LESSON_MAX_OPTIONS);
            return -1;
        }
        char *dst = part == 0 ? r.question : r.options[part - 1];
        size_t cap = part == 0 ? sizeof r.question : sizeof r.options[0];
        if (len >= cap) {
            fail_at(rd, rd->pend_line, "%s: %s is longer than %d bytes", key,
                    part == 0 ? "the question" : "an answer", (int)cap - 1);
            return -1;
        }
        memcpy(dst, a, len);
        dst[len] = '\0';
        part++;
        if (!s[n])
            break;
        s += n + 1;
    }
    r.n_options = part - 1;
    if (r.n_options < 2) {
        fail_at(rd, rd->pend_line, "%s: a question and 2 to %d answers separated by '|', not %d",
                key, LESSON_MAX_OPTIONS, r.n_options);
        return -1;
    }
    *p = r;
    return 0;
}

/* Copies a value into a field of cap bytes, or fails naming the key. */
static int set_text(Reader *rd, const char *key, const char *v, char *dst, size_t cap)
{
    size_t n = strlen(v);
    if (n >= cap) {
        fail_at(rd, rd->pend_line, "%s: the value is longer than %d bytes", key, (int)cap - 1);
        return -1;
    }
    memcpy(dst, v, n + 1);
    return 0;
}

/* OPEN's relative path is relative to the lesson file, as the set-up's data
 * paths are, so a lesson and the programs it opens travel together; a path
 * that names no file there is kept as written (the working directory). */
static void resolve_open(Reader *rd, app_Command *c)
{
    const char *slash = strrchr(rd->path, '/');
    if (c->kind != APP_CMD_OPEN || !c->text[0] || c->text[0] == '/' || !slash)
        return;
    char joined[sizeof c->text];
    int w = snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - rd->path), rd->path,
                     c->text);
    if (w < 0 || (size_t)w >= sizeof joined)
        return;
    struct stat sb; /* not opened: a FIFO would block */
    if (stat(joined, &sb) != 0)
        return;
    memcpy(c->text, joined, sizeof joined);
}

static void step_key(Reader *rd, lesson_Step *s, const char *k, const char *v)
{
    char err[300] = "";
    struct {
        const char *key;
        char *dst;
        size_t cap;
    } texts[] = {
        {"title", s->title, sizeof s->title},
        {"title.zh", s->title_zh, sizeof s->title_zh},
        {"text", s->text, sizeof s->text},
        {"text.zh", s->text_zh, sizeof s->text_zh},
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        if (strcmp(k, texts[t].key))
            continue;
        if (texts[t].dst[0]) {
            fail_at(rd, rd->pend_line, "%s is given twice in this step (continue a value on "
                    "indented lines)", k);
            return;
        }
        if (!v[0]) {
            fail_at(rd, rd->pend_line, "%s is empty", k);
            return;
        }
        if (set_text(rd, k, v, texts[t].dst, texts[t].cap) == 0 && t == 3)
            s->text_zh_line = rd->pend_line;
        return;
    }
    if (!strcmp(k, "predict") || !strcmp(k, "predict.zh")) {
        lesson_Predict *p = k[7] ? &s->predict_zh : &s->predict;
        if (p->n_options) {
            fail_at(rd, rd->pend_line, "%s is given twice in this step", k);
            return;
        }
        if (parse_predict(rd, k, v, p) == 0 && k[7])
            rd->predict_zh_line = rd->pend_line;
    } else if (!strcmp(k, "do")) {
        if (s->n_actions == LESSON_MAX_ACTIONS) {
            fail_at(rd, rd->pend_line, "more than %d do = lines in one step (split it)",
                    LESSON_MAX_ACTIONS);
            return;
        }
        lesson_Action *a = &s->actions[s->n_actions];
        memset(a, 0, sizeof *a);
        int r = app_cmd_parse(v, &a->cmd, err, sizeof err);
        if (r < 0) {
            fail_at(rd, rd->pend_line, "%s", err);
        } else if (r > 0) {
            fail_at(rd, rd->pend_line, "do: no command (the commands are in docs/commands.md)");
        } else {
            resolve_open(rd, &a->cmd);
            a->line = rd->pend_line;
            s->n_actions++;
        }
    } else if (!strcmp(k, "expect")) {
        if (s->n_checks == LESSON_MAX_CHECKS) {
            fail_at(rd, rd->pend_line, "more than %d expect = lines in one step",
                    LESSON_MAX_CHECKS);
            return;
        }
        lesson_Check *c = &s->checks[s->n_checks];
        if (lesson_check_parse(v, c, err, sizeof err) != 0) {
            fail_at(rd, rd->pend_line, "expect: %s", err);
        } else {
            c->line = rd->pend_line;
            s->n_checks++;
        }
    } else {
        fail_at(rd, rd->pend_line, "unknown key '%.40s' in a step (title, text, predict and "
                "their .zh, do, expect)", k);
    }
}

/* Handles the key held back by on_key, its continuation lines joined. */
static void flush_key(Reader *rd)
{
    if (!rd->pending)
        return;
    rd->pending = 0;
    if (rd->pend_sec != SEC_LESSON && rd->pend_sec != SEC_STEP)
        return; /* the set-up's keys are nn_experiment_load's */
    const char *k = rd->pend_name, *v = rd->pend_value;
    if (rd->pend_overflow) {
        fail_at(rd, rd->pend_line, "%s: the value is longer than %d bytes", k,
                LESSON_TEXT_MAX - 1);
        return;
    }
    lesson_File *f = rd->f;
    if (rd->pend_sec == SEC_LESSON) {
        if (!strcmp(k, "title.zh"))
            set_text(rd, k, v, f->title_zh, sizeof f->title_zh);
        else if (!strcmp(k, "description.zh"))
            set_text(rd, k, v, f->description_zh, sizeof f->description_zh);
        return;
    }
    step_key(rd, &f->steps[f->n_steps - 1], k, v);
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    (void)section; /* the reader tracks sections itself */
    Reader *rd = user;
    if (rd->pending && rd->cur_cont && !strcmp(name, rd->pend_name)) {
        /* a continuation line: the value goes on after one blank, or none
         * between two Chinese characters */
        size_t k = strlen(rd->pend_value);
        uint32_t a = last_code_point(rd->pend_value, k), b = first_code_point(value);
        const char *sep = k > 0 && is_wide(a) && is_wide(b) ? "" : " ";
        int w = snprintf(rd->pend_value + k, sizeof rd->pend_value - k, "%s%s", sep, value);
        if (w < 0 || (size_t)w >= sizeof rd->pend_value - k)
            rd->pend_overflow = 1;
        return 1;
    }
    flush_key(rd);
    rd->pending = 1;
    rd->pend_sec = rd->sec;
    rd->pend_line = rd->line;
    rd->pend_overflow = 0;
    snprintf(rd->pend_name, sizeof rd->pend_name, "%s", name);
    if (strlen(value) >= sizeof rd->pend_value)
        rd->pend_overflow = 1;
    snprintf(rd->pend_value, sizeof rd->pend_value, "%s", value);
    return 1; /* problems are kept with their line, not counted by inih */
}

/* The reader inih calls for each line (fgets's contract): it counts lines,
 * checks each is UTF-8, and notes sections and continuation lines as
 * experiment.c's reader does (LF, CRLF or a lone CR end a line; a line
 * longer than inih's buffer stops reading unless it is a comment). */
static char *read_line(char *str, int num, void *stream)
{
    Reader *rd = stream;
    FILE *f = rd->fp;
    int len = 0, c = EOF, cut = -1, long_line = 0;
    Utf8 u = {0};
    for (;;) {
        c = getc(f);
        if (c == EOF || c == '\n')
            break;
        if (c == '\r') {
            int nx = getc(f);
            if (nx != '\n' && nx != EOF)
                ungetc(nx, f);
            break;
        }
        if (c == '\0') {
            rd->stop_line = rd->line + 1;
            snprintf(rd->stop_msg, sizeof rd->stop_msg, "a NUL byte: not a text file");
            return NULL;
        }
        utf8_byte(&u, (unsigned char)c);
        if (len < num - 1) {
            str[len++] = (char)c;
            if (cut < 0 && c == ';' && len >= 2 && (str[len - 2] == ' ' || str[len - 2] == '\t'))
                cut = len - 1;
        } else {
            long_line = 1;
        }
    }
    if (ferror(f)) {
        rd->read_error = errno ? errno : EIO;
        return NULL;
    }
    if (c == EOF && len == 0 && !long_line)
        return NULL;
    str[len] = '\0';
    rd->line++;
    if (u.bad || u.need) {
        rd->stop_line = rd->line;
        snprintf(rd->stop_msg, sizeof rd->stop_msg,
                 "invalid UTF-8 on this line (save the file as UTF-8)");
        return NULL;
    }
    const char *start = str;
    if (rd->line == 1 && !strncmp(start, "\xEF\xBB\xBF", 3))
        start += 3;
    int indented = *start == ' ' || *start == '\t';
    while (*start == ' ' || *start == '\t')
        start++;
    int comment = *start == ';' || *start == '#';
    rd->cur_cont = 0;
    if (long_line && !comment) {
        if (cut < 0) {
            rd->stop_line = rd->line;
            snprintf(rd->stop_msg, sizeof rd->stop_msg, "'%.20s...' is longer than %d "
                     "characters (continue a long value on indented lines)", start, num - 1);
            return NULL;
        }
        str[cut] = '\0';
    }
    if (comment || !*start)
        return str;
    if (indented && rd->prev_key) {
        rd->cur_cont = 1;
    } else {
        rd->prev_key = *start != '[';
        if (*start == '[')
            on_section(rd, start);
    }
    return str;
}

/* ---- loading ------------------------------------------------------------ */

/* The line an error "PATH:LINE: ..." names, or INT_MAX when it names none. */
static int line_of(const char *err, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(err, path, n) || err[n] != ':')
        return INT_MAX;
    char *end;
    long line = strtol(err + n + 1, &end, 10);
    if (end == err + n + 1 || *end != ':' || line <= 0 || line >= INT_MAX)
        return INT_MAX;
    return (int)line;
}

/* Our pass over the file: 0, or -1 with "PATH:LINE: problem" in err (*line
 * set to LINE, INT_MAX for a problem of the whole file). */
static int read_steps(lesson_File *lf, const char *path, int *line, char *err, size_t err_len)
{
    *line = INT_MAX;
    FILE *fp = NULL;
    uint64_t size = 0;
    if (nn_file_open(path, &fp, &size, err, err_len) != NN_OK)
        return -1;
    if (size > LESSON_FILE_MAX) {
        fclose(fp);
        snprintf(err, err_len, "%s: larger than %d MiB, not a lesson file", path,
                 (int)(LESSON_FILE_MAX >> 20));
        return -1;
    }
    Reader *rd = calloc(1, sizeof *rd);
    if (!rd) {
        fclose(fp);
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    rd->f = lf;
    rd->fp = fp;
    rd->path = path;
    errno = 0;
    int bad = ini_parse_stream(read_line, rd, on_key, rd);
    flush_key(rd);
    if (!rd->stop_line)
        close_step(rd);
    fclose(fp);
    int status = 0;
    if (bad == -2 || rd->nomem) {
        snprintf(err, err_len, "%s: out of memory", path);
        status = -1;
    } else if (rd->read_error) {
        snprintf(err, err_len, "%s: cannot read: %s", path, strerror(rd->read_error));
        status = -1;
    } else if (bad != 0 || rd->failed || rd->stop_line) {
        int first = bad > 0 ? bad : INT_MAX;
        if (rd->stop_line && rd->stop_line < first)
            first = rd->stop_line;
        if (rd->failed && rd->failed_line <= first)
            snprintf(err, err_len, "%s:%d: %s", path, rd->failed_line, rd->msg);
        else if (first == rd->stop_line)
            snprintf(err, err_len, "%s:%d: %s", path, rd->stop_line, rd->stop_msg);
        else
            snprintf(err, err_len, "%s:%d: not a 'key = value' line or a [section]", path,
                     first);
        *line = rd->failed && rd->failed_line <= first ? rd->failed_line : first;
        status = -1;
    } else if (rd->late_line) {
        snprintf(err, err_len, "%s:%d: %s", path, rd->late_line, rd->late_msg);
        *line = rd->late_line;
        status = -1;
    }
    free(rd);
    return status;
}

int lesson_load(const char *path, lesson_File **out, char *err, size_t err_len)
{
    *out = NULL;
    lesson_File *lf = calloc(1, sizeof *lf);
    if (!lf) {
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    size_t n = strlen(path);
    if (n >= sizeof lf->path) {
        snprintf(err, err_len, "%.60s...: the path is longer than %d bytes", path,
                 (int)sizeof lf->path - 1);
        free(lf);
        return -1;
    }
    memcpy(lf->path, path, n + 1);
    char mine[600] = "", theirs[600] = "";
    int my_line = INT_MAX;
    int my_bad = read_steps(lf, path, &my_line, mine, sizeof mine) != 0;
    if (my_bad && my_line == INT_MAX) {
        /* the file cannot be opened or read: nothing more to learn from it */
        snprintf(err, err_len, "%s", mine);
        lesson_free(lf);
        return -1;
    }
    int their_bad = nn_experiment_load(&lf->setup, path, theirs, sizeof theirs) != NN_OK;
    if (my_bad || their_bad) {
        int their_line = their_bad ? line_of(theirs, path) : INT_MAX;
        /* the earlier problem; a problem of the set-up as a whole only when
         * the steps have none */
        const char *msg = !my_bad ? theirs : (their_bad && their_line < my_line) ? theirs : mine;
        snprintf(err, err_len, "%s", msg);
        lesson_free(lf);
        return -1;
    }
    *out = lf;
    return 0;
}

void lesson_free(lesson_File *f)
{
    if (!f)
        return;
    free(f->steps);
    free(f);
}

/* ---- accessors ---------------------------------------------------------- */

const char *lesson_step_text(const lesson_Step *s, int zh)
{
    return zh && s->text_zh[0] ? s->text_zh : s->text;
}

const char *lesson_step_title(const lesson_Step *s, int zh)
{
    return zh && s->title_zh[0] ? s->title_zh : s->title;
}

const lesson_Predict *lesson_step_predict(const lesson_Step *s, int zh)
{
    return zh && s->predict_zh.n_options ? &s->predict_zh : &s->predict;
}

const char *lesson_title(const lesson_File *f, int zh)
{
    return zh && f->title_zh[0] ? f->title_zh : f->setup.title;
}

const char *lesson_description(const lesson_File *f, int zh)
{
    return zh && f->description_zh[0] ? f->description_zh : f->setup.description;
}

int lesson_chapter_of(const lesson_File *f, int step)
{
    if (step >= f->n_steps)
        step = f->n_steps - 1;
    for (int k = step; k >= 0; k--)
        if (f->steps[k].title[0] || f->steps[k].title_zh[0])
            return k;
    return -1;
}
