/* subcommands.h - the subcommands of the one nnviz binary.
 * Each takes the arguments after its name (argv[0] is the subcommand) and
 * returns the process exit status: 0 on success, non-zero after printing one
 * line to stderr. */
#ifndef NNVIZ_SUBCOMMANDS_H
#define NNVIZ_SUBCOMMANDS_H

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

#endif
