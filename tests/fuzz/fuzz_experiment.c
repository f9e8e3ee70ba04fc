/* fuzz_experiment.c - experiment files through nn_experiment_load; a file
 * that loads is saved and loaded again and must give the same experiment
 * (a value that cannot be written back must make the save fail). */
#include <string.h>

#include "experiment.h"
#include "fuzz_util.h"

static int same(const nn_Experiment *a, const nn_Experiment *b)
{
    const nn_DataSpec *x = &a->data, *y = &b->data;
    if (strcmp(a->title, b->title) || strcmp(a->description, b->description) ||
        x->kind != y->kind ||
        (x->kind == NN_SRC_PLAYGROUND && x->playground != y->playground) ||
        (x->kind == NN_SRC_REG1D && x->reg1d != y->reg1d) || x->samples != y->samples ||
        x->noise != y->noise || x->train_ratio != y->train_ratio ||
        x->binary_dim != y->binary_dim || x->features != y->features ||
        strcmp(x->path, y->path) || strcmp(x->label, y->label) ||
        strcmp(x->test_path, y->test_path) || x->max_rows != y->max_rows || x->seed != y->seed)
        return 0;
    if (a->n_hidden != b->n_hidden)
        return 0;
    for (int l = 0; l < a->n_hidden; l++)
        if (a->hidden[l] != b->hidden[l] || a->hidden_act[l] != b->hidden_act[l])
            return 0;
    const nn_OptConfig *o = &a->opt, *p = &b->opt;
    return a->out_act == b->out_act && a->n_out == b->n_out && a->init == b->init &&
           a->reg == b->reg && a->reg_rate == b->reg_rate && a->loss == b->loss &&
           o->kind == p->kind && o->lr == p->lr && o->momentum == p->momentum &&
           o->rho == p->rho && o->beta1 == p->beta1 && o->beta2 == p->beta2 &&
           o->epsilon == p->epsilon && o->initial_accumulator == p->initial_accumulator &&
           o->weight_decay == p->weight_decay && o->schedule.kind == p->schedule.kind &&
           o->schedule.decay_steps == p->schedule.decay_steps &&
           o->schedule.decay_rate == p->schedule.decay_rate &&
           o->schedule.staircase == p->schedule.staircase &&
           o->schedule.alpha == p->schedule.alpha &&
           (o->schedule.kind != NN_SCHED_PIECEWISE ||
            (o->schedule.n_boundaries == p->schedule.n_boundaries &&
             !memcmp(o->schedule.boundaries, p->schedule.boundaries,
                     (size_t)o->schedule.n_boundaries * sizeof o->schedule.boundaries[0]) &&
             !memcmp(o->schedule.values, p->schedule.values,
                     (size_t)(o->schedule.n_boundaries + 1) * sizeof o->schedule.values[0]))) &&
           a->batch_size == b->batch_size &&
           a->epochs == b->epochs && a->steps == b->steps && a->stop_loss == b->stop_loss &&
           a->shuffle == b->shuffle && a->seed == b->seed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("lesson.ini", data, size);
    nn_Experiment e, again;
    memset(&e, 0x5A, sizeof e);
    memset(&again, 0x5A, sizeof again);
    char err[512] = "";
    nn_Status st = nn_experiment_load(&e, path, err, sizeof err);
    if (st != NN_OK) {
        nn_Experiment untouched;
        memset(&untouched, 0x5A, sizeof untouched);
        FUZZ_CHECK(memcmp(&e, &untouched, sizeof e) == 0, "a failed load changed the experiment");
        FUZZ_CHECK_MESSAGE(err, path);
        return 0;
    }
    FUZZ_CHECK(nn_experiment_validate(&e, err, sizeof err) == NN_OK, "loaded but invalid: %s", err);
    const char *saved = fuzz_file("saved.ini", NULL, 0);
    if (nn_experiment_save(&e, saved, err, sizeof err) != NN_OK) {
        FUZZ_CHECK_MESSAGE(err, saved);
        return 0;
    }
    st = nn_experiment_load(&again, saved, err, sizeof err);
    FUZZ_CHECK(st == NN_OK, "a saved experiment does not load: %s", err);
    FUZZ_CHECK(same(&e, &again), "save and load changed the experiment");
    return 0;
}
