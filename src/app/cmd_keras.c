/* cmd_keras.c - `nnviz train PROGRAM.py`: runs a Keras program headless
 * through the Keras bridge (src/keras), printing what Keras would print.
 * Exit status: 0 done, 2 a problem in the program, 3 training diverged. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/subcommands.h"
#include "keras/keras.h"

static const char keras_usage[] =
    "usage: nnviz train PROGRAM.py\n"
    "Run a Keras program (the Sequential subset tutorials use) on nnviz's engine,\n"
    "printing what Keras prints: summary(), fit's epochs, evaluate, predict, print.\n"
    "Anything outside the subset stops the run with one line naming its line.\n"
    "Exit status: 0 done, 2 a problem in the program, 3 training diverged.\n";

int app_keras_file(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && strcmp(path + n - 3, ".py") == 0;
}

int app_main_keras(int argc, char **argv)
{
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(keras_usage, stdout);
            return 0;
        }
        if (argv[i][0] == '-' || file) {
            fprintf(stderr, "nnviz train: %s: a Keras program takes no options (its own "
                            "fit() arguments decide)\n", argv[i]);
            return 2;
        }
        file = argv[i];
    }
    if (!file) {
        fputs(keras_usage, stderr);
        return 2;
    }
    kr_Options opt = {0};
    opt.tty = isatty(fileno(stdout));
    int figures = 0;
    opt.plot = app_keras_plot;
    opt.plot_ctx = &figures;
    char err[1024];
    int rc = kr_run_file(file, &opt, NULL, err, sizeof err);
    fflush(stdout);
    if (rc != KR_OK)
        fprintf(stderr, "%s\n", err);
    return rc;
}
