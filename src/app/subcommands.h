/* subcommands.h - the subcommands of the one nnviz binary.
 * Each takes the arguments after its name (argv[0] is the subcommand) and
 * returns the process exit status: 0 on success, non-zero after printing one
 * line to stderr. */
#ifndef NNVIZ_SUBCOMMANDS_H
#define NNVIZ_SUBCOMMANDS_H

#include <stddef.h>

#include "keras/keras.h"

/* nnviz train FILE [options]: headless training (cmd_train.c). */
int app_main_train(int argc, char **argv);
/* nnviz render FILE --out shot.png [...]: one frame offscreen to PNG (cmd_render.c). */
int app_main_render(int argc, char **argv);
/* nnviz [FILE]: the window (window_main.c). argv[0] is the program name. */
int app_main_window(int argc, char **argv);
/* nnviz race SURFACE --optimizer LIST [...]: optimizer paths as CSV (cmd_race.c). */
int app_main_race(int argc, char **argv);
/* nnviz compare FILE --vary KNOB=V1,V2: runs differing in one knob (cmd_compare.c). */
int app_main_compare(int argc, char **argv);

/* nnviz train PROGRAM.py: a Keras program run headless (cmd_keras.c); app_main_train
 * hands over files app_keras_file says are Keras programs. */
int app_main_keras(int argc, char **argv);
/* Draws a Keras program's figure to a PNG (path NULL: figure_N.png, N from *(int *)ctx);
 * the kr_Options.plot renderer of nnviz train (cmd_keras_plot.c). */
int app_keras_plot(void *ctx, const kr_Figure *fig, const char *path, char *err, size_t err_len);
int app_keras_file(const char *path);
/* nnviz export FILE --keras OUT.py [--weights]: a network as a Keras program (cmd_export.c). */
int app_main_export(int argc, char **argv);

/* nnviz lesson FILE [--lang zh]: a lesson walked headless, its transcript printed (cmd_lesson.c). */
int app_main_lesson(int argc, char **argv);

/* The language from --lang (flag, NULL when not given), else from the locale
 * when use_locale (app_lang.c). Returns 0, or 2 after one line on stderr
 * naming prog and the known languages when flag names none. */
int app_lang_choose(const char *prog, const char *flag, int use_locale);

#endif
