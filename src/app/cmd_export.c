/* cmd_export.c - `nnviz export FILE --keras OUT.py [--weights]`: a lesson or
 * experiment (.ini), a model file (.json) or a Keras program (.py) written
 * as a Keras program (src/keras/kr_export.c). Exit status: 0 written, 2 bad
 * usage or input. */
#include <stdio.h>
#include <string.h>

#include "app/subcommands.h"
#include "core/core.h"
#include "engine/session.h"
#include "keras/keras.h"

static const char export_usage[] =
    "usage: nnviz export FILE --keras OUT.py [--weights]\n"
    "Write the network FILE describes (a lesson or experiment .ini, a model .json,\n"
    "a Keras .py) as a Keras program: architecture, compile settings, data (a\n"
    "lesson's points, or Fashion-MNIST's load_data) and fit. With --weights the\n"
    "exact weights go in too (model.set_weights): a lesson's initial weights, a\n"
    "model file's saved ones. Playground's half-squared loss and input features\n"
    "become a few lines of helper code. nnviz reads the program back to the\n"
    "same network and weights.\n";

static int bad(const char *msg, const char *arg)
{
    fprintf(stderr, "nnviz export: ");
    fprintf(stderr, msg, arg);
    fputc('\n', stderr);
    return 2;
}

int app_main_export(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    int weights = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(export_usage, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--weights")) {
            weights = 1;
        } else if (!strcmp(argv[i], "--keras")) {
            if (i + 1 >= argc)
                return bad("--keras needs the path of the program to write%s", "");
            out = argv[++i];
        } else if (argv[i][0] == '-') {
            return bad("unknown option '%s' (see nnviz export --help)", argv[i]);
        } else if (file) {
            return bad("unexpected argument '%s' (one FILE only)", argv[i]);
        } else {
            file = argv[i];
        }
    }
    if (!file)
        return bad("missing FILE (a lesson .ini, a model .json or a Keras .py)%s", "");
    if (!out)
        return bad("missing --keras OUT.py (the only export format here)%s", "");
    char err[1024];
    nn_Experiment e;
    nn_Model *model = NULL;
    nn_Session *s = NULL;
    nn_Dataset *train = NULL, *test = NULL;
    kr_Result res;
    memset(&res, 0, sizeof res);
    int rc = 2;
    if (app_keras_file(file)) {
        kr_Options o = {0};
        o.stop_before_fit = 1;
        o.out = fopen("/dev/null", "w");
        int st = kr_run_file(file, &o, &res, err, sizeof err);
        if (o.out)
            fclose(o.out);
        if (st != KR_OK || !res.has_model) {
            fprintf(stderr, "nnviz export: %s\n", st != KR_OK ? err : "the program makes no model");
            goto done;
        }
        e = res.spec;
        model = res.model;
    } else {
        if (app_spec_for_file(file, &e, &model, err, sizeof err) != 0) {
            fprintf(stderr, "nnviz export: %s\n", err);
            goto done;
        }
        if (!model) {
            /* a lesson: its data and its initial weights, as a run starts */
            if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
                fprintf(stderr, "nnviz export: %s: %s\n", file, err);
                goto done;
            }
            train = s->train, test = s->test;
            model = s->model;
        } else if (nn_session_load_data(&e.data, &train, &test, err, sizeof err) == NN_OK &&
                   nn_dataset_input_width(train, e.data.features) != model->arch.sizes[0]) {
            nn_dataset_destroy(train);
            nn_dataset_destroy(test);
            train = test = NULL; /* the default data does not fit this model */
        }
    }
    kr_ExportOptions xo = {weights, train, test, file};
    if (kr_export(out, &e, model, &xo, err, sizeof err) != 0) {
        fprintf(stderr, "nnviz export: %s\n", err);
        goto done;
    }
    printf("wrote %s\n", out);
    rc = 0;
done:
    if (s) {
        nn_session_destroy(s);
    } else {
        if (model != res.model)
            nn_model_destroy(model);
        nn_dataset_destroy(train);
        nn_dataset_destroy(test);
    }
    kr_result_free(&res);
    return rc;
}
