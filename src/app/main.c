/* main.c - the one nnviz binary: dispatches to a subcommand or opens the window. */
#include <stdio.h>
#include <string.h>

#include "app/subcommands.h"

static void print_usage(FILE *f)
{
    fputs("usage: nnviz [--lang en|zh] [FILE]  open the window (a lesson, model, CSV or Keras .py)\n"
          "       nnviz train FILE [options]   train headless; see nnviz train --help\n"
          "       nnviz render FILE --out PNG  draw one frame offscreen; see nnviz render --help\n"
          "       nnviz race SURFACE [options]  optimizer paths on a test surface; see nnviz race --help\n"
          "       nnviz compare FILE --vary KNOB=V1,V2  runs differing in one knob, side by side\n"
          "       nnviz export FILE --keras OUT.py  write the network as a Keras program\n"
          "       nnviz lesson FILE [--lang zh]  walk a lesson headless and check it; see nnviz lesson --help\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "train") == 0)
        return app_main_train(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "render") == 0)
        return app_main_render(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "race") == 0)
        return app_main_race(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "compare") == 0)
        return app_main_compare(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "export") == 0)
        return app_main_export(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "lesson") == 0)
        return app_main_lesson(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_usage(stdout);
        return 0;
    }
    if (argc >= 2 && argv[1][0] == '-' && strcmp(argv[1], "--lang") != 0) {
        fprintf(stderr, "nnviz: unknown option '%s' (try nnviz --help)\n", argv[1]);
        return 2;
    }
    return app_main_window(argc, argv);
}
