/* model_io.c - model files as JSON (cJSON), schema version 1, documented in
 * docs/model-format.md. Numbers are written with 9 significant digits, which
 * round-trips every float exactly. Loading checks every key, type, size and
 * number before anything is handed back. */
#include "model_io.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "file_open.h"
#include "json_scan.h"

/* A 784-4096-4096-10 network, the largest nnviz trains in reasonable time,
 * is about 250 MB of text; a larger file is not a model. */
#define NN_MODEL_FILE_MAX ((uint64_t)512 << 20)
/* Doubles below this round to a finite float (FLT_MAX plus half its ulp):
 * "3.40282347e+38", as FLT_MAX is written, must read back as FLT_MAX. */
#define NN_FLOAT_LIMIT 3.4028235677973366e+38

/* ---- saving --------------------------------------------------------------- */

/* A JSON number printed from a float with enough digits to read back exactly. */
static cJSON *num(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.9g", v);
    return cJSON_CreateRaw(buf);
}

/* A whole number, printed in full: %.9g would round counts above 10^9. */
static cJSON *whole(int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return cJSON_CreateRaw(buf);
}

static int all_finite(const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* An optimizer whose every hyperparameter and state value can be written as
 * a JSON number (NaN and inf cannot). */
static int optimizer_finite(const nn_Optimizer *opt)
{
    const nn_OptConfig *c = &opt->cfg;
    const float h[] = {c->lr, c->momentum, c->rho, c->beta1, c->beta2, c->epsilon,
                       c->initial_accumulator, c->weight_decay, c->schedule.decay_rate,
                       c->schedule.alpha};
    if (!all_finite(h, sizeof h / sizeof h[0]))
        return 0;
    for (int k = 0; k < 2; k++)
        if (opt->slot[k] && !all_finite(opt->slot[k], opt->n))
            return 0;
    return 1;
}

static cJSON *float_array(const float *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *x = num(v[i]);
        if (!x || !cJSON_AddItemToArray(a, x)) {
            cJSON_Delete(x);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

/* Slot names in files: the display names with '_' for spaces. */
static void slot_key(nn_OptKind kind, int s, char *out, size_t n)
{
    const char *name = nn_opt_slot_name(kind, s);
    snprintf(out, n, "%s", name ? name : "slot");
    for (char *p = out; *p; p++)
        if (*p == ' ')
            *p = '_';
}

static cJSON *optimizer_json(const nn_Optimizer *opt)
{
    const nn_OptConfig *c = &opt->cfg;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", nn_opt_name(c->kind));
    cJSON_AddItemToObject(o, "learning_rate", num(c->lr));
    cJSON_AddItemToObject(o, "momentum", num(c->momentum));
    cJSON_AddItemToObject(o, "rho", num(c->rho));
    cJSON_AddItemToObject(o, "beta_1", num(c->beta1));
    cJSON_AddItemToObject(o, "beta_2", num(c->beta2));
    cJSON_AddItemToObject(o, "epsilon", num(c->epsilon));
    cJSON_AddItemToObject(o, "initial_accumulator_value", num(c->initial_accumulator));
    cJSON_AddItemToObject(o, "weight_decay", num(c->weight_decay));
    cJSON *s = cJSON_AddObjectToObject(o, "schedule");
    cJSON_AddStringToObject(s, "kind", nn_sched_name(c->schedule.kind));
    cJSON_AddItemToObject(s, "decay_steps", whole(c->schedule.decay_steps));
    cJSON_AddItemToObject(s, "decay_rate", num(c->schedule.decay_rate));
    cJSON_AddBoolToObject(s, "staircase", c->schedule.staircase);
    cJSON_AddItemToObject(s, "alpha", num(c->schedule.alpha));
    if (c->schedule.kind == NN_SCHED_PIECEWISE) {
        cJSON *b = cJSON_AddArrayToObject(s, "boundaries");
        for (int i = 0; b && i < c->schedule.n_boundaries; i++)
            cJSON_AddItemToArray(b, whole(c->schedule.boundaries[i]));
        cJSON_AddItemToObject(s, "values",
                              float_array(c->schedule.values, (size_t)c->schedule.n_boundaries + 1));
    }
    cJSON_AddItemToObject(o, "iterations", whole(opt->iterations));
    cJSON *state = cJSON_AddObjectToObject(o, "state");
    for (int k = 0; k < 2; k++) {
        if (!opt->slot[k])
            continue;
        char key[32];
        slot_key(c->kind, k, key, sizeof key);
        cJSON_AddItemToObject(state, key, float_array(opt->slot[k], opt->n));
    }
    return o;
}

static int feature_count(uint32_t mask)
{
    int n = 0;
    for (int b = 0; b < NN_FEAT_COUNT; b++)
        n += (mask >> b) & 1u;
    return n;
}

nn_Status nn_model_save(const char *path, const nn_Model *m, const nn_Optimizer *opt,
                        uint32_t features, char *err, size_t err_len)
{
    if (!nn_model_all_finite(m)) {
        nn_errorf(err, err_len, "%s: the model has NaN or infinite weights (training diverged); "
                                "reset before saving", path);
        return NN_ERR_INVALID_ARG;
    }
    if (opt && opt->n != m->n_params) {
        nn_errorf(err, err_len, "%s: the optimizer holds state for %zu parameters, the model has %zu",
                  path, opt->n, m->n_params);
        return NN_ERR_INVALID_ARG;
    }
    if (opt && !optimizer_finite(opt)) {
        nn_errorf(err, err_len, "%s: the optimizer state has NaN or infinite values (training "
                                "diverged); reset before saving", path);
        return NN_ERR_INVALID_ARG;
    }
    if (!isfinite(m->reg_rate)) {
        nn_errorf(err, err_len, "%s: the regularization rate is not finite", path);
        return NN_ERR_INVALID_ARG;
    }
    cJSON *root = cJSON_CreateObject();
    if (!root) {
        nn_errorf(err, err_len, "%s: out of memory", path);
        return NN_ERR_NOMEM;
    }
    cJSON_AddStringToObject(root, "format", "nnviz-model");
    cJSON_AddNumberToObject(root, "version", NN_MODEL_FORMAT_VERSION);
    cJSON_AddNumberToObject(root, "inputs", m->arch.sizes[0]);
    /* features name the inputs only when they make them (2-D data); a network
     * on raw columns (1-D, CSV, images) gets an empty list */
    cJSON *feat = cJSON_AddArrayToObject(root, "features");
    if (feature_count(features) == m->arch.sizes[0])
        for (int b = 0; b < NN_FEAT_COUNT; b++)
            if (features & (1u << b))
                cJSON_AddItemToArray(feat, cJSON_CreateString(nn_feature_name(b)));
    cJSON_AddStringToObject(root, "loss", nn_loss_name(m->loss));
    cJSON *reg = cJSON_AddObjectToObject(root, "regularization");
    cJSON_AddStringToObject(reg, "kind", nn_reg_name(m->reg));
    cJSON_AddItemToObject(reg, "rate", num(m->reg_rate));
    if (m->dropout_in > 0.0f) /* written only when there: older files stay as they were */
        cJSON_AddItemToObject(root, "input_dropout", num(m->dropout_in));
    cJSON *layers = cJSON_AddArrayToObject(root, "layers");
    for (int l = 0; l < m->arch.n_layers; l++) {
        int in = m->arch.sizes[l], out = m->arch.sizes[l + 1];
        cJSON *L = cJSON_CreateObject();
        cJSON_AddItemToArray(layers, L);
        cJSON_AddNumberToObject(L, "units", out);
        cJSON_AddStringToObject(L, "activation", nn_act_name(m->arch.act[l]));
        cJSON *kernel = cJSON_AddArrayToObject(L, "kernel");
        for (int i = 0; i < in; i++)
            cJSON_AddItemToArray(kernel, float_array(m->W[l] + (size_t)i * out, (size_t)out));
        cJSON_AddItemToObject(L, "bias", float_array(m->b[l], (size_t)out));
        if (m->dropout[l] > 0.0f) /* written only when there: older files stay as they were */
            cJSON_AddItemToObject(L, "dropout", num(m->dropout[l]));
    }
    if (opt)
        cJSON_AddItemToObject(root, "optimizer", optimizer_json(opt));
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text) {
        nn_errorf(err, err_len, "%s: out of memory writing JSON", path);
        return NN_ERR_NOMEM;
    }
    size_t len = strlen(text);
    text[len] = '\n'; /* replaces the terminator: written with its length */
    nn_Status st = nn_write_file_atomic(path, text, len + 1, err, err_len);
    free(text);
    return st;
}

/* ---- loading -------------------------------------------------------------- */

/* Loading reads the text in place (json_scan.h) instead of building a cJSON
 * tree, which costs about 80 bytes per number: a 100 MB file of "0," took
 * 4 GB before its first key was looked at. Now the text is the only copy,
 * the small keys are checked first, and every array is counted against the
 * sizes the file declares before the model is allocated, so what is
 * allocated is never more than the numbers the file really holds. */

typedef struct {
    const char *path;
    char *err;
    size_t err_len;
} Ctx;

static nn_Status bad(const Ctx *c, const char *key, const char *problem)
{
    nn_errorf(c->err, c->err_len, "%s: %s: %s", c->path, key, problem);
    return NN_ERR_PARSE;
}

static void key_of(char *out, size_t n, const char *where, const char *name)
{
    snprintf(out, n, "%s%s%s", where, where[0] ? "." : "", name);
}

static nn_JsonVal need(const Ctx *c, nn_JsonVal obj, const char *name, const char *where,
                       nn_Status *st)
{
    nn_JsonVal v = nn_json_get(obj, name);
    if (v.type == NN_JSON_NONE) {
        char key[160];
        key_of(key, sizeof key, where, name);
        *st = bad(c, key, "missing");
    }
    return v;
}

static int finite_number(nn_JsonVal v, double *out)
{
    double d;
    if (!nn_json_number(v, &d) || !isfinite(d))
        return 0;
    *out = d;
    return 1;
}

/* A whole number in [lo, hi] at key. */
static nn_Status get_int(const Ctx *c, nn_JsonVal obj, const char *name, const char *where,
                         double lo, double hi, int64_t *out)
{
    nn_Status st = NN_OK;
    nn_JsonVal v = need(c, obj, name, where, &st);
    if (v.type == NN_JSON_NONE)
        return st;
    double d;
    if (!finite_number(v, &d) || d != floor(d) || d < lo || d > hi) {
        char key[160], msg[120];
        key_of(key, sizeof key, where, name);
        snprintf(msg, sizeof msg, "must be a whole number from %.0f to %.0f", lo, hi);
        return bad(c, key, msg);
    }
    *out = (int64_t)d;
    return NN_OK;
}

static nn_Status get_float(const Ctx *c, nn_JsonVal obj, const char *name, const char *where,
                           float *out)
{
    nn_Status st = NN_OK;
    nn_JsonVal v = need(c, obj, name, where, &st);
    if (v.type == NN_JSON_NONE)
        return st;
    double d;
    if (!finite_number(v, &d) || fabs(d) >= NN_FLOAT_LIMIT) {
        char key[160];
        key_of(key, sizeof key, where, name);
        return bad(c, key, "not a finite number");
    }
    *out = (float)d;
    return NN_OK;
}

/* Every name in a model file is short: a longer string reads as "" and so
 * as an unknown name. */
#define NAME_MAX_LEN 64

static nn_Status get_string(const Ctx *c, nn_JsonVal obj, const char *name, const char *where,
                            char *out)
{
    nn_Status st = NN_OK;
    nn_JsonVal v = need(c, obj, name, where, &st);
    if (v.type == NN_JSON_NONE)
        return st;
    if (v.type != NN_JSON_STRING) {
        char key[160];
        key_of(key, sizeof key, where, name);
        return bad(c, key, "must be a string");
    }
    if (!nn_json_string(v, out, NAME_MAX_LEN))
        out[0] = '\0';
    return NN_OK;
}

/* arr is an array of n values; key names it. Only counts: no number is read. */
static nn_Status check_count(const Ctx *c, nn_JsonVal arr, size_t n, const char *key)
{
    if (arr.type != NN_JSON_ARRAY)
        return bad(c, key, "must be an array of numbers");
    size_t got = nn_json_count(arr);
    if (got != n) {
        char msg[96];
        snprintf(msg, sizeof msg, "has %zu numbers, expected %zu", got, n);
        return bad(c, key, msg);
    }
    return NN_OK;
}

/* n finite floats from a JSON array into dst; key names the array. */
static nn_Status read_floats(const Ctx *c, nn_JsonVal arr, size_t n, float *dst, const char *key)
{
    nn_Status st = check_count(c, arr, n, key);
    if (st != NN_OK)
        return st;
    size_t i = 0;
    for (nn_JsonVal v = nn_json_first(arr); v.type != NN_JSON_NONE; v = nn_json_next(v)) {
        double d;
        if (!finite_number(v, &d) || fabs(d) >= NN_FLOAT_LIMIT) {
            char k2[200];
            snprintf(k2, sizeof k2, "%s[%zu]", key, i);
            return bad(c, k2, "not a finite number");
        }
        dst[i++] = (float)d;
    }
    return NN_OK;
}

/* A piecewise schedule's "boundaries" (whole numbers) and "values" (one more). */
static nn_Status read_piecewise(const Ctx *c, nn_JsonVal s, nn_Schedule *out)
{
    nn_Status st = NN_OK;
    nn_JsonVal b = need(c, s, "boundaries", "optimizer.schedule", &st);
    if (b.type == NN_JSON_NONE)
        return st;
    size_t n = b.type == NN_JSON_ARRAY ? nn_json_count(b) : 0;
    if (n < 1 || n > NN_SCHED_MAX_BOUNDARIES)
        return bad(c, "optimizer.schedule.boundaries", "must be an array of 1 to 16 steps");
    int i = 0;
    for (nn_JsonVal v = nn_json_first(b); v.type != NN_JSON_NONE; v = nn_json_next(v)) {
        double d;
        if (!finite_number(v, &d) || d != floor(d) || d < 0 || d > 1e15)
            return bad(c, "optimizer.schedule.boundaries", "must hold whole numbers >= 0");
        out->boundaries[i++] = (int64_t)d;
    }
    out->n_boundaries = (int)n;
    nn_JsonVal vals = need(c, s, "values", "optimizer.schedule", &st);
    if (vals.type == NN_JSON_NONE)
        return st;
    return read_floats(c, vals, n + 1, out->values, "optimizer.schedule.values");
}

static nn_Status read_optimizer(const Ctx *c, nn_JsonVal o, size_t n, nn_Optimizer **out)
{
    *out = NULL;
    nn_Status st;
    char name[NAME_MAX_LEN];
    if ((st = get_string(c, o, "name", "optimizer", name)) != NN_OK)
        return st;
    nn_OptConfig cfg;
    if (nn_opt_from_name(name, &cfg.kind) != 0)
        return bad(c, "optimizer.name", "unknown optimizer");
    nn_opt_config_default(&cfg, cfg.kind);
    struct { const char *key; float *dst; } fields[] = {
        {"learning_rate", &cfg.lr}, {"momentum", &cfg.momentum}, {"rho", &cfg.rho},
        {"beta_1", &cfg.beta1}, {"beta_2", &cfg.beta2}, {"epsilon", &cfg.epsilon},
        {"initial_accumulator_value", &cfg.initial_accumulator},
        {"weight_decay", &cfg.weight_decay},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if ((st = get_float(c, o, fields[i].key, "optimizer", fields[i].dst)) != NN_OK)
            return st;
    nn_JsonVal s = need(c, o, "schedule", "optimizer", &st);
    if (s.type == NN_JSON_NONE)
        return st;
    char sk[NAME_MAX_LEN];
    if ((st = get_string(c, s, "kind", "optimizer.schedule", sk)) != NN_OK)
        return st;
    if (nn_sched_from_name(sk, &cfg.schedule.kind) != 0)
        return bad(c, "optimizer.schedule.kind", "unknown schedule");
    int64_t ds;
    if ((st = get_int(c, s, "decay_steps", "optimizer.schedule", 0, 1e15, &ds)) != NN_OK)
        return st;
    cfg.schedule.decay_steps = ds;
    if ((st = get_float(c, s, "decay_rate", "optimizer.schedule", &cfg.schedule.decay_rate)) ||
        (st = get_float(c, s, "alpha", "optimizer.schedule", &cfg.schedule.alpha)))
        return st;
    nn_JsonVal stair = need(c, s, "staircase", "optimizer.schedule", &st);
    if (stair.type == NN_JSON_NONE)
        return st;
    if (stair.type != NN_JSON_BOOL)
        return bad(c, "optimizer.schedule.staircase", "must be true or false");
    cfg.schedule.staircase = stair.at[0] == 't';
    if (cfg.schedule.kind == NN_SCHED_PIECEWISE &&
        (st = read_piecewise(c, s, &cfg.schedule)) != NN_OK)
        return st;
    char verr[200];
    if (nn_opt_config_validate(&cfg, verr, sizeof verr) != NN_OK)
        return bad(c, "optimizer", verr);
    int64_t it;
    if ((st = get_int(c, o, "iterations", "optimizer", 0, 9e15, &it)) != NN_OK)
        return st;
    nn_JsonVal state = need(c, o, "state", "optimizer", &st);
    if (state.type == NN_JSON_NONE)
        return st;
    if (state.type != NN_JSON_OBJECT)
        return bad(c, "optimizer.state", "must be an object");
    /* every slot's array is counted before the slots are allocated; which
     * slots exist depends on the configuration (RMSprop's second only with
     * momentum), so a one-parameter optimizer tells */
    nn_Optimizer *probe = NULL;
    if ((st = nn_opt_create(&probe, &cfg, 1, verr, sizeof verr)) != NN_OK) {
        if (st == NN_ERR_NOMEM) {
            nn_errorf(c->err, c->err_len, "%s: out of memory", c->path);
            return st;
        }
        return bad(c, "optimizer", verr);
    }
    int has_slot[2] = {probe->slot[0] != NULL, probe->slot[1] != NULL};
    nn_opt_destroy(probe);
    nn_JsonVal arr[2] = {{NULL, NN_JSON_NONE}, {NULL, NN_JSON_NONE}};
    char keys[2][64];
    for (int k = 0; k < 2; k++) {
        if (!has_slot[k])
            continue;
        char sk2[32];
        slot_key(cfg.kind, k, sk2, sizeof sk2);
        snprintf(keys[k], sizeof keys[k], "optimizer.state.%s", sk2);
        arr[k] = nn_json_get(state, sk2);
        if (arr[k].type == NN_JSON_NONE)
            return bad(c, keys[k], "missing");
        if ((st = check_count(c, arr[k], n, keys[k])) != NN_OK)
            return st;
    }
    nn_Optimizer *opt = NULL;
    if ((st = nn_opt_create(&opt, &cfg, n, verr, sizeof verr)) != NN_OK) {
        if (st == NN_ERR_NOMEM) {
            nn_errorf(c->err, c->err_len, "%s: out of memory", c->path);
            return st;
        }
        return bad(c, "optimizer", verr);
    }
    opt->iterations = it;
    for (int k = 0; k < 2; k++) {
        if (!opt->slot[k])
            continue;
        if ((st = read_floats(c, arr[k], n, opt->slot[k], keys[k])) != NN_OK) {
            nn_opt_destroy(opt);
            return st;
        }
    }
    *out = opt;
    return NN_OK;
}

/* Architecture and weights of a checked document. */
static nn_Status read_model(const Ctx *c, nn_JsonVal root, nn_Model **out, uint32_t *features)
{
    *out = NULL;
    nn_Status st;
    if (root.type != NN_JSON_OBJECT)
        return bad(c, "(top level)", "must be a JSON object");
    char fmt[NAME_MAX_LEN];
    if ((st = get_string(c, root, "format", "", fmt)) != NN_OK)
        return st;
    if (strcmp(fmt, "nnviz-model") != 0)
        return bad(c, "format", "is not \"nnviz-model\"");
    int64_t version;
    if ((st = get_int(c, root, "version", "", 1, 1e9, &version)) != NN_OK)
        return st;
    if (version > NN_MODEL_FORMAT_VERSION) {
        char msg[120];
        snprintf(msg, sizeof msg, "%lld is newer than this nnviz understands (%d)",
                 (long long)version, NN_MODEL_FORMAT_VERSION);
        return bad(c, "version", msg);
    }
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    int64_t inputs;
    if ((st = get_int(c, root, "inputs", "", 1, NN_MAX_UNITS, &inputs)) != NN_OK)
        return st;
    arch.sizes[0] = (int)inputs;
    uint32_t fmask = 0;
    nn_JsonVal feat = nn_json_get(root, "features");
    if (feat.type != NN_JSON_NONE) {
        if (feat.type != NN_JSON_ARRAY)
            return bad(c, "features", "must be an array of feature names");
        int i = 0;
        for (nn_JsonVal f = nn_json_first(feat); f.type != NN_JSON_NONE; f = nn_json_next(f)) {
            uint32_t m1;
            char key[40], name[NAME_MAX_LEN];
            snprintf(key, sizeof key, "features[%d]", i++);
            if (!nn_json_string(f, name, sizeof name) || nn_features_from_string(name, &m1) != 0)
                return bad(c, key, "unknown feature");
            fmask |= m1;
        }
        if (fmask && feature_count(fmask) != arch.sizes[0]) {
            char msg[96];
            snprintf(msg, sizeof msg, "lists %d distinct features, but inputs is %d",
                     feature_count(fmask), arch.sizes[0]);
            return bad(c, "features", msg);
        }
    }
    char lname[NAME_MAX_LEN];
    nn_Loss loss;
    if ((st = get_string(c, root, "loss", "", lname)) != NN_OK)
        return st;
    if (nn_loss_from_name(lname, &loss) != 0)
        return bad(c, "loss", "unknown loss");
    nn_Reg reg = NN_REG_NONE;
    float reg_rate = 0.0f;
    nn_JsonVal r = nn_json_get(root, "regularization");
    if (r.type != NN_JSON_NONE) {
        char rk[NAME_MAX_LEN];
        if ((st = get_string(c, r, "kind", "regularization", rk)) != NN_OK)
            return st;
        if (nn_reg_from_name(rk, &reg) != 0)
            return bad(c, "regularization.kind", "unknown regularization");
        if ((st = get_float(c, r, "rate", "regularization", &reg_rate)) != NN_OK)
            return st;
        if (reg_rate < 0)
            return bad(c, "regularization.rate", "must not be negative");
    }
    float drop_in = 0.0f;
    if (nn_json_get(root, "input_dropout").type != NN_JSON_NONE) {
        if ((st = get_float(c, root, "input_dropout", "", &drop_in)) != NN_OK)
            return st;
        if (!(drop_in >= 0.0f && drop_in < 1.0f))
            return bad(c, "input_dropout", "must be at least 0 and below 1");
    }
    nn_JsonVal layers = need(c, root, "layers", "", &st);
    if (layers.type == NN_JSON_NONE)
        return st;
    if (layers.type != NN_JSON_ARRAY)
        return bad(c, "layers", "must be an array");
    nn_JsonVal L[NN_MAX_LAYERS];
    int nl = 0;
    for (nn_JsonVal v = nn_json_first(layers); v.type != NN_JSON_NONE; v = nn_json_next(v)) {
        if (nl == NN_MAX_LAYERS)
            return bad(c, "layers", "must hold 1 to 32 layers");
        L[nl++] = v;
    }
    if (nl < 1)
        return bad(c, "layers", "must hold 1 to 32 layers");
    arch.n_layers = nl;
    float drop[NN_MAX_LAYERS] = {0};
    for (int l = 0; l < nl; l++) {
        char where[32];
        snprintf(where, sizeof where, "layers[%d]", l);
        if (L[l].type != NN_JSON_OBJECT)
            return bad(c, where, "must be an object");
        int64_t units;
        if ((st = get_int(c, L[l], "units", where, 1, NN_MAX_UNITS, &units)) != NN_OK)
            return st;
        arch.sizes[l + 1] = (int)units;
        char an[NAME_MAX_LEN];
        if ((st = get_string(c, L[l], "activation", where, an)) != NN_OK)
            return st;
        if (nn_act_from_name(an, &arch.act[l]) != 0) {
            char key[48];
            snprintf(key, sizeof key, "%s.activation", where);
            return bad(c, key, "unknown activation");
        }
        if (nn_json_get(L[l], "dropout").type != NN_JSON_NONE) {
            char key[48];
            snprintf(key, sizeof key, "%s.dropout", where);
            if ((st = get_float(c, L[l], "dropout", where, &drop[l])) != NN_OK)
                return st;
            if (!(drop[l] >= 0.0f && drop[l] < 1.0f))
                return bad(c, key, "must be at least 0 and below 1");
            if (drop[l] > 0.0f && l == nl - 1)
                return bad(c, key, "the output layer takes no dropout");
        }
    }
    char verr[200];
    if (nn_arch_validate(&arch, loss, verr, sizeof verr) != NN_OK)
        return bad(c, "layers", verr);
    /* the shapes the file holds, counted, before the model is allocated */
    for (int l = 0; l < nl; l++) {
        int in = arch.sizes[l], outu = arch.sizes[l + 1];
        char key[64];
        snprintf(key, sizeof key, "layers[%d].kernel", l);
        nn_JsonVal kern = nn_json_get(L[l], "kernel");
        if (kern.type == NN_JSON_NONE)
            return bad(c, key, "missing");
        if (kern.type != NN_JSON_ARRAY || nn_json_count(kern) != (size_t)in) {
            char msg[96];
            snprintf(msg, sizeof msg, "must be an array of %d rows (one per input)", in);
            return bad(c, key, msg);
        }
        int i = 0;
        for (nn_JsonVal row = nn_json_first(kern); row.type != NN_JSON_NONE;
             row = nn_json_next(row), i++) {
            char rk[80];
            snprintf(rk, sizeof rk, "layers[%d].kernel[%d]", l, i);
            if ((st = check_count(c, row, (size_t)outu, rk)) != NN_OK)
                return st;
        }
        snprintf(key, sizeof key, "layers[%d].bias", l);
        nn_JsonVal bias = nn_json_get(L[l], "bias");
        if (bias.type == NN_JSON_NONE)
            return bad(c, key, "missing");
        if ((st = check_count(c, bias, (size_t)outu, key)) != NN_OK)
            return st;
    }
    nn_Model *m = NULL;
    if ((st = nn_model_create(&m, &arch, loss, verr, sizeof verr)) != NN_OK) {
        if (st == NN_ERR_NOMEM) {
            nn_errorf(c->err, c->err_len, "%s: out of memory", c->path);
            return st;
        }
        return bad(c, "layers", verr);
    }
    m->reg = reg;
    m->reg_rate = reg_rate;
    memcpy(m->dropout, drop, sizeof drop);
    m->dropout_in = drop_in;
    for (int l = 0; l < nl && st == NN_OK; l++) {
        int outu = arch.sizes[l + 1];
        nn_JsonVal kern = nn_json_get(L[l], "kernel");
        int i = 0;
        for (nn_JsonVal row = nn_json_first(kern); row.type != NN_JSON_NONE && st == NN_OK;
             row = nn_json_next(row), i++) {
            char rk[80];
            snprintf(rk, sizeof rk, "layers[%d].kernel[%d]", l, i);
            st = read_floats(c, row, (size_t)outu, m->W[l] + (size_t)i * outu, rk);
        }
        char key[64];
        snprintf(key, sizeof key, "layers[%d].bias", l);
        if (st == NN_OK)
            st = read_floats(c, nn_json_get(L[l], "bias"), (size_t)outu, m->b[l], key);
    }
    if (st != NN_OK) {
        nn_model_destroy(m);
        return st;
    }
    *out = m;
    *features = fmask;
    return NN_OK;
}

static int line_of(const char *text, const char *pos)
{
    int line = 1;
    for (const char *p = text; p < pos; p++)
        line += *p == '\n';
    return line;
}

/* The whole file into a new buffer with a terminator after it. */
static nn_Status read_text(const char *path, char **text_out, size_t *len_out, char *err,
                           size_t err_len)
{
    int fd;
    uint64_t size = 0;
    nn_Status st = nn_file_open_fd(path, &fd, &size, err, err_len);
    if (st != NN_OK)
        return st;
    if (size > NN_MODEL_FILE_MAX) {
        close(fd);
        nn_errorf(err, err_len, "%s: larger than %llu MiB, not a model file", path,
                  (unsigned long long)(NN_MODEL_FILE_MAX >> 20));
        return NN_ERR_PARSE;
    }
    char *text = malloc((size_t)size + 1);
    if (!text) {
        close(fd);
        nn_errorf(err, err_len, "%s: out of memory", path);
        return NN_ERR_NOMEM;
    }
    size_t len = 0;
    while (len < size) { /* a file that shrinks meanwhile is read as it is now */
        ssize_t r = read(fd, text + len, (size_t)size - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            free(text);
            nn_errorf(err, err_len, "%s: cannot read: %s", path, strerror(e));
            return NN_ERR_IO;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    text[len] = '\0';
    *text_out = text;
    *len_out = len;
    return NN_OK;
}

nn_Status nn_model_load(const char *path, nn_Model **m_out, nn_Optimizer **opt_out,
                        uint32_t *features_out, char *err, size_t err_len)
{
    *m_out = NULL;
    if (opt_out)
        *opt_out = NULL;
    char *text = NULL;
    size_t len = 0;
    nn_Status st = read_text(path, &text, &len, err, err_len);
    if (st != NN_OK)
        return st;
    nn_JsonVal root;
    const char *pos = NULL;
    nn_JsonCheck chk = nn_json_check(text, len, &root, &pos);
    if (chk != NN_JSON_OK) {
        char near[24];
        snprintf(near, sizeof near, "%.16s", pos);
        for (char *p = near; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = ' ';
        if (len == 0)
            nn_errorf(err, err_len, "%s: empty file", path);
        else if (chk == NN_JSON_TRUNCATED)
            nn_errorf(err, err_len, "%s:%d: JSON ends too early (truncated file?)", path,
                      line_of(text, pos));
        else if (chk == NN_JSON_TOO_DEEP)
            nn_errorf(err, err_len, "%s:%d: arrays and objects nested more than %d deep", path,
                      line_of(text, pos), NN_JSON_MAX_DEPTH);
        else
            nn_errorf(err, err_len, "%s:%d: JSON syntax error near '%s'", path, line_of(text, pos),
                      near);
        free(text);
        return NN_ERR_PARSE;
    }
    Ctx c = {path, err, err_len};
    nn_Model *m = NULL;
    uint32_t features = 0;
    st = read_model(&c, root, &m, &features);
    nn_Optimizer *opt = NULL;
    if (st == NN_OK && opt_out) {
        nn_JsonVal o = nn_json_get(root, "optimizer");
        if (o.type != NN_JSON_NONE && o.type != NN_JSON_NULL) {
            if (o.type != NN_JSON_OBJECT)
                st = bad(&c, "optimizer", "must be an object");
            else
                st = read_optimizer(&c, o, m->n_params, &opt);
        }
    }
    free(text);
    if (st != NN_OK) {
        nn_model_destroy(m);
        return st;
    }
    *m_out = m;
    if (opt_out)
        *opt_out = opt;
    if (features_out)
        *features_out = features;
    return NN_OK;
}
