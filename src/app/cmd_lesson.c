/* cmd_lesson.c - `nnviz lesson FILE [--lang zh]`: a lesson walked without a
 * window. Prints a transcript: the title and description, then for each
 * step its narration (markup stripped), its question, the commands it ran,
 * the figures afterwards, what it highlights and the view, and each check
 * as the window shows it (lesson_show.h: layers from 1) with its two sides'
 * values and PASS or FAIL. Exit 0 when every check
 * holds, 1 when one does not (or cannot be evaluated, or a step fails), 2
 * for a bad file or flag. No SDL. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/subcommands.h"
#include "core/core.h"
#include "core/net_names.h"
#include "i18n/i18n.h"
#include "lesson/lesson_file.h"
#include "lesson/lesson_markup.h"
#include "lesson/lesson_show.h"
#include "lesson/lesson_walk.h"

static void usage(FILE *f)
{
    fputs("usage: nnviz lesson FILE [--lang en|zh]\n"
          "Walks a lesson (docs/lesson-format.md) without a window: each step's narration,\n"
          "the commands it runs (RUN_UNTIL trains at once), the figures afterwards and\n"
          "each check with its values and PASS or FAIL.\n"
          "  --lang zh   the narration in Simplified Chinese (English where a step has none)\n"
          "Exit status: 0 every check holds, 1 a check does not hold or a step fails,\n"
          "2 a bad file or option (one line FILE:LINE: problem).\n",
          f);
}

/* A figure as the transcript prints it ("-" where there is none). */
static void fig(char *out, size_t len, double v)
{
    if (isnan(v))
        snprintf(out, len, "-");
    else
        snprintf(out, len, "%.6g", v);
}

static void print_plain(const char *text)
{
    static char plain[LESSON_TEXT_MAX * 2];
    lesson_markup_plain(text, plain, sizeof plain);
    printf("%s\n", plain);
}

static void print_figures(app_Core *c)
{
    double v[4];
    static const app_UntilKind kinds[4] = {APP_UNTIL_LOSS, APP_UNTIL_TEST_LOSS, APP_UNTIL_ACCURACY,
                                           APP_UNTIL_TEST_ACCURACY};
    char s[4][32], err[160];
    for (int k = 0; k < 4; k++) {
        if (app_core_figure(c, c->focus, kinds[k], &v[k], err, sizeof err) != 0)
            v[k] = NAN;
        fig(s[k], sizeof s[k], v[k]);
    }
    nn_Cursor cur = nn_trainer_cursor(app_core_focus(c)->s->trainer);
    printf("= step %lld, epoch %lld, loss %s, test loss %s, accuracy %s, test accuracy %s\n",
           (long long)cur.step, (long long)cur.epoch, s[0], s[1], s[2], s[3]);
    char view[512];
    app_lesson_view_describe(&c->lesson_view, view, sizeof view);
    printf("= %s", view);
    if (c->n_runs > 1)
        printf("; %d runs, run %d shown", c->n_runs, c->focus);
    if (c->inspect.active) {
        /* named as the inspector names it (layers from 1), like the checks */
        const nn_Session *fs = app_core_focus(c)->s;
        app_NetNames n = app_net_names(&fs->spec, fs->model, fs->train);
        char unit[160];
        app_net_unit_name(&n, c->inspect.layer, c->inspect.unit, unit, sizeof unit);
        printf("; inspecting %s", unit);
    }
    printf("\n");
}

/* One step, run and printed. 0 every check held, 1 not. */
static int walk_step(lesson_Walk *w, app_Core *c, int k)
{
    const lesson_Step *s = &w->file->steps[k];
    const char *title = lesson_step_title(s, w->zh);
    printf("\n## Step %d/%d%s%s\n", k + 1, w->file->n_steps, title[0] ? ": " : "", title);
    print_plain(lesson_step_text(s, w->zh));
    const lesson_Predict *p = lesson_step_predict(s, w->zh);
    if (p->n_options > 0) {
        printf("? %s\n", p->question);
        for (int o = 0; o < p->n_options; o++)
            printf("  %d) %s\n", o + 1, p->options[o]);
    }
    for (int a = 0; a < s->n_actions; a++) {
        char line[APP_CMD_TEXT + 64];
        app_cmd_format(&s->actions[a].cmd, line, sizeof line);
        printf("> %s\n", line);
    }
    c->status_error = 0;
    char err[512] = "";
    if (lesson_walk_run_step(w, c, k, err, sizeof err) != 0) {
        printf("! %s\n", err);
        fprintf(stderr, "%s:%d: %s\n", w->file->path, s->line, err);
        return 1;
    }
    int bad = 0;
    if (c->status_error) {
        /* a command the core refused (a file that would not open, ...) */
        printf("! %s\n", c->status);
        fprintf(stderr, "%s:%d: %s\n", w->file->path, s->line, c->status);
        bad = 1;
    }
    print_figures(c);
    for (int i = 0; i < w->n_checks_done; i++) {
        const lesson_CheckResult *r = &w->checks[i];
        const lesson_Check *ck = &s->checks[i];
        char l[32], rr[32], shown[512];
        fig(l, sizeof l, r->lhs);
        fig(rr, sizeof rr, r->rhs);
        /* the class reads the check as the window shows it (layers from 1);
         * the errors name the file's line and its text as written */
        lesson_check_show(ck, c, shown, sizeof shown);
        if (r->result < 0) {
            printf("check %s: cannot be evaluated: %s  FAIL\n", shown, r->err);
            fprintf(stderr, "%s:%d: expect %s: %s\n", w->file->path, ck->line, ck->text, r->err);
        } else {
            printf("check %s: %s %s %s  %s\n", shown, l, lesson_cmp_show(ck->cmp), rr,
                   r->result ? "PASS" : "FAIL");
            if (!r->result)
                fprintf(stderr, "%s:%d: expect %s does not hold (%s %s %s)\n", w->file->path,
                        ck->line, ck->text, l, ck->cmp, rr);
        }
        if (r->result != 1)
            bad = 1;
    }
    return bad;
}

int app_main_lesson(int argc, char **argv)
{
    const char *file = NULL, *lang = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--lang") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "nnviz lesson: --lang needs a language (en or zh)\n");
                return 2;
            }
            lang = argv[++i];
            continue;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "nnviz lesson: unknown option '%s' (try nnviz lesson --help)\n",
                    argv[i]);
            return 2;
        }
        if (file) {
            fprintf(stderr, "nnviz lesson: one file at a time ('%s' and '%s')\n", file, argv[i]);
            return 2;
        }
        file = argv[i];
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    if (app_lang_choose("nnviz lesson", lang, 0) != 0)
        return 2;
    int zh = strncmp(i18n_language(), "zh", 2) == 0;
    char err[1024] = "";
    lesson_File *f = NULL;
    if (lesson_load(file, &f, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    app_Core c;
    if (app_core_init_spec(&c, &f->setup, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", file, err);
        lesson_free(f);
        return 2;
    }
    lesson_Walk *w = calloc(1, sizeof *w);
    if (!w) {
        fprintf(stderr, "nnviz lesson: out of memory\n");
        lesson_free(f);
        app_core_free(&c);
        return 2;
    }
    if (lesson_walk_begin(w, &c, f, zh, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", file, err);
        lesson_walk_end(w);
        free(w);
        app_core_free(&c);
        return 2;
    }
    printf("# %s\n", lesson_title(w->file, zh));
    if (lesson_description(w->file, zh)[0])
        print_plain(lesson_description(w->file, zh));
    int failed = 0, checks = 0;
    for (int k = 0; k < w->file->n_steps; k++) {
        failed |= walk_step(w, &c, k);
        checks += w->n_checks_done;
    }
    printf("\n%d step%s, %d check%s: %s\n", w->file->n_steps, w->file->n_steps == 1 ? "" : "s",
           checks, checks == 1 ? "" : "s", failed ? "FAILED" : "all hold");
    lesson_walk_end(w);
    free(w);
    app_core_free(&c);
    return failed ? 1 : 0;
}
