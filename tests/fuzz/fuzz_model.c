/* fuzz_model.c - model files through nn_model_load; a file that loads is
 * saved and loaded again and must give the same model, features and
 * optimizer, bit for bit. */
#include <string.h>

#include "fuzz_util.h"
#include "model_io.h"

static int same_opt(const nn_Optimizer *a, const nn_Optimizer *b)
{
    if (!a || !b)
        return a == b;
    const nn_OptConfig *o = &a->cfg, *p = &b->cfg;
    if (o->kind != p->kind || o->lr != p->lr || o->momentum != p->momentum || o->rho != p->rho ||
        o->beta1 != p->beta1 || o->beta2 != p->beta2 || o->epsilon != p->epsilon ||
        o->initial_accumulator != p->initial_accumulator || o->weight_decay != p->weight_decay ||
        o->schedule.kind != p->schedule.kind || o->schedule.decay_steps != p->schedule.decay_steps ||
        o->schedule.decay_rate != p->schedule.decay_rate ||
        o->schedule.staircase != p->schedule.staircase || o->schedule.alpha != p->schedule.alpha ||
        a->iterations != b->iterations || a->n != b->n)
        return 0;
    for (int k = 0; k < 2; k++) {
        if (!a->slot[k] != !b->slot[k])
            return 0;
        if (a->slot[k] && memcmp(a->slot[k], b->slot[k], a->n * sizeof(float)) != 0)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("model.json", data, size);
    nn_Model *m = (nn_Model *)&path, *m2 = NULL;
    nn_Optimizer *o = (nn_Optimizer *)&path, *o2 = NULL;
    uint32_t features = 0, features2 = 0;
    char err[512] = "";
    nn_Status st = nn_model_load(path, &m, &o, &features, err, sizeof err);
    if (st != NN_OK) {
        FUZZ_CHECK(m == NULL && o == NULL, "a failed load handed something back");
        FUZZ_CHECK_MESSAGE(err, path);
        return 0;
    }
    FUZZ_CHECK(nn_model_all_finite(m), "loaded weights are not finite");
    const char *saved = fuzz_file("saved.json", NULL, 0);
    st = nn_model_save(saved, m, o, features, err, sizeof err);
    FUZZ_CHECK(st == NN_OK, "a loaded model does not save: %s", err);
    st = nn_model_load(saved, &m2, &o2, &features2, err, sizeof err);
    FUZZ_CHECK(st == NN_OK, "a saved model does not load: %s", err);
    FUZZ_CHECK(memcmp(&m->arch, &m2->arch, sizeof m->arch) == 0 && m->loss == m2->loss &&
                   m->reg == m2->reg && m->reg_rate == m2->reg_rate &&
                   m->n_params == m2->n_params &&
                   memcmp(m->params, m2->params, m->n_params * sizeof(float)) == 0,
               "save and load changed the model");
    FUZZ_CHECK(features == features2, "features %#x became %#x", features, features2);
    FUZZ_CHECK(same_opt(o, o2), "save and load changed the optimizer");
    nn_model_destroy(m);
    nn_model_destroy(m2);
    nn_opt_destroy(o);
    nn_opt_destroy(o2);
    return 0;
}
