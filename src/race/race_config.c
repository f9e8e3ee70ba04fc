/* race_config.c - parsing the race's optimizer list and overrides. */
#include "race_config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

race_Overrides race_overrides_none(void)
{
    race_Overrides ov = {NAN, NAN, NAN, NAN};
    return ov;
}

static int given(double v)
{
    return !isnan(v);
}

/* One list item: NAME or NAME:LR. */
static nn_Status parse_item(const char *item, nn_OptConfig *cfg, int *own_lr, char *err,
                            size_t err_len)
{
    char name[32];
    const char *colon = strchr(item, ':');
    size_t len = colon ? (size_t)(colon - item) : strlen(item);
    if (len == 0 || len >= sizeof name) {
        nn_errorf(err, err_len, "'%s' is not an optimizer (sgd, momentum, nesterov, adagrad, "
                  "rmsprop, adam, adamw)", item);
        return NN_ERR_INVALID_ARG;
    }
    memcpy(name, item, len);
    name[len] = '\0';
    nn_OptKind kind;
    if (nn_opt_from_name(name, &kind) != 0) {
        nn_errorf(err, err_len, "'%s' is not an optimizer (sgd, momentum, nesterov, adagrad, "
                  "rmsprop, adam, adamw)", name);
        return NN_ERR_INVALID_ARG;
    }
    nn_opt_config_default(cfg, kind);
    *own_lr = 0;
    if (colon) {
        char *end = NULL;
        double lr = strtod(colon + 1, &end);
        if (end == colon + 1 || *end != '\0') {
            nn_errorf(err, err_len, "'%s': the learning rate after ':' is not a number", item);
            return NN_ERR_INVALID_ARG;
        }
        cfg->lr = (float)lr;
        *own_lr = 1;
    }
    return NN_OK;
}

nn_Status race_racers_parse(race_Racers *out, const char *list, const race_Overrides *ov,
                            char *err, size_t err_len)
{
    if (!out || !list || !ov) {
        nn_errorf(err, err_len, "race_racers_parse: arguments must not be NULL");
        return NN_ERR_INVALID_ARG;
    }
    race_Racers r;
    int own_lr[RACE_MAX_RACERS] = {0};
    r.n = 0;
    if (strcmp(list, "all") == 0) {
        for (int k = 0; k < NN_OPT_COUNT; k++)
            nn_opt_config_default(&r.cfg[r.n++], (nn_OptKind)k);
    } else {
        char buf[256];
        if (strlen(list) >= sizeof buf) {
            nn_errorf(err, err_len, "the optimizer list is too long");
            return NN_ERR_INVALID_ARG;
        }
        snprintf(buf, sizeof buf, "%s", list);
        char *save = NULL;
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (r.n == RACE_MAX_RACERS) {
                nn_errorf(err, err_len, "at most %d optimizers race at once", RACE_MAX_RACERS);
                return NN_ERR_INVALID_ARG;
            }
            nn_Status st = parse_item(tok, &r.cfg[r.n], &own_lr[r.n], err, err_len);
            if (st != NN_OK)
                return st;
            for (int j = 0; j < r.n; j++) {
                if (r.cfg[j].kind == r.cfg[r.n].kind) {
                    nn_errorf(err, err_len, "%s is listed twice", nn_opt_name(r.cfg[j].kind));
                    return NN_ERR_INVALID_ARG;
                }
            }
            r.n++;
        }
        if (r.n == 0) {
            nn_errorf(err, err_len, "no optimizer given (e.g. sgd,adam or all)");
            return NN_ERR_INVALID_ARG;
        }
    }
    for (int i = 0; i < r.n; i++) {
        nn_OptConfig *c = &r.cfg[i];
        if (given(ov->lr) && !own_lr[i])
            c->lr = (float)ov->lr;
        if (given(ov->momentum) && (c->kind == NN_OPT_MOMENTUM || c->kind == NN_OPT_NESTEROV))
            c->momentum = (float)ov->momentum;
        if (c->kind == NN_OPT_ADAM || c->kind == NN_OPT_ADAMW) {
            if (given(ov->beta1))
                c->beta1 = (float)ov->beta1;
            if (given(ov->beta2))
                c->beta2 = (float)ov->beta2;
        }
        nn_Status st = nn_opt_config_validate(c, err, err_len);
        if (st != NN_OK)
            return st;
    }
    *out = r;
    return NN_OK;
}
