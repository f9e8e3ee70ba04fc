/* lesson_file.h - a lesson file read into plain values: its set-up (the
 * experiment INI sections) and its ordered steps of narration, actions and
 * checks. The format is docs/lesson-format.md.
 *
 * A lesson is today's experiment file plus [step] sections after the
 * set-up. Each step has narration in English (text) and Simplified Chinese
 * (text.zh), an optional prediction question, the commands its action runs
 * (do = ..., in the text form of docs/commands.md) and the checks that must
 * hold afterwards (expect = ...). A file without steps is a lesson of one
 * title card. No SDL here; nothing global. */
#ifndef NNVIZ_LESSON_FILE_H
#define NNVIZ_LESSON_FILE_H

#include <stddef.h>

#include "core/command.h"
#include "engine/experiment.h"
#include "lesson/lesson_check.h"

#define LESSON_MAX_STEPS 64
#define LESSON_MAX_ACTIONS 24   /* do = lines per step */
#define LESSON_MAX_CHECKS 8     /* expect = lines per step */
#define LESSON_MAX_OPTIONS 4    /* answers a prediction offers */
#define LESSON_TEXT_MAX 2048    /* bytes of one narration, joined */
#define LESSON_TITLE_MAX 128

/* One command of a step's action, as written and as parsed. */
typedef struct {
    int line;                   /* its line in the file */
    app_Command cmd;
} lesson_Action;

/* A prediction: the question and its 2..LESSON_MAX_OPTIONS answers, in one
 * language ("" where the file gives none). */
typedef struct {
    char question[512];
    int n_options;
    char options[LESSON_MAX_OPTIONS][128];
} lesson_Predict;

typedef struct {
    int line;                               /* the [step] line */
    char title[LESSON_TITLE_MAX];           /* "" : the chapter goes on */
    char title_zh[LESSON_TITLE_MAX];
    char text[LESSON_TEXT_MAX];             /* markup kept (lesson_markup.h) */
    char text_zh[LESSON_TEXT_MAX];
    int text_zh_line;                       /* 0: the step has no text.zh */
    lesson_Predict predict, predict_zh;     /* n_options 0: no prediction */
    int n_actions;
    lesson_Action actions[LESSON_MAX_ACTIONS];
    int n_checks;
    lesson_Check checks[LESSON_MAX_CHECKS];
} lesson_Step;

typedef struct {
    char path[1024];
    nn_Experiment setup;                    /* [lesson] [data] [network] [training] */
    char title_zh[LESSON_TITLE_MAX];        /* English: setup.title */
    char description_zh[1024];              /* English: setup.description */
    int n_steps;                            /* 0: a set-up only (its title card) */
    lesson_Step *steps;                     /* n_steps of them, owned */
} lesson_File;

/* Reads a lesson. 0 with *out owned by the caller (lesson_free), or -1 with
 * one line "FILE:LINE: problem" in err and nothing allocated. Every problem
 * names its line: an unknown key, a command app_cmd_parse refuses, a check
 * lesson_check_parse refuses, a set-up section after a step, invalid UTF-8,
 * too many steps, actions or checks, a value too long. */
int lesson_load(const char *path, lesson_File **out, char *err, size_t err_len);
void lesson_free(lesson_File *f);

/* The step's texts in a language ("en" or "zh"): the Chinese one when zh is
 * asked and given, else the English one. */
const char *lesson_step_text(const lesson_Step *s, int zh);
const char *lesson_step_title(const lesson_Step *s, int zh);
const lesson_Predict *lesson_step_predict(const lesson_Step *s, int zh);
const char *lesson_title(const lesson_File *f, int zh);
const char *lesson_description(const lesson_File *f, int zh);

/* The chapter a step belongs to: the index of the nearest step at or before
 * it with a title (-1 when none has one). */
int lesson_chapter_of(const lesson_File *f, int step);

#endif
