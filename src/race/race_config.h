/* race_config.h - which optimizers race, and with which hyperparameters.
 *
 * The race's command line and views name optimizers as a comma-separated
 * list, "sgd,momentum,adam" or "all", each name optionally followed by its own
 * learning rate ("sgd:0.001,adam:0.05"). Shared overrides (learning rate,
 * momentum, beta_1, beta_2) then apply on top of each optimizer's Keras 3
 * defaults (nn_opt_config_default), to the optimizers that have them. */
#ifndef RACE_CONFIG_H
#define RACE_CONFIG_H

#include "engine/nn_status.h"
#include "engine/optimizer.h"

#define RACE_MAX_RACERS NN_OPT_COUNT

/* Shared overrides; NAN (or a negative value) means "keep the default". */
typedef struct {
    double lr;       /* every optimizer without a learning rate of its own */
    double momentum; /* momentum and nesterov (SGD's momentum) */
    double beta1;    /* adam, adamw */
    double beta2;    /* adam, adamw */
} race_Overrides;

typedef struct {
    int n;                               /* racers, 1 .. RACE_MAX_RACERS */
    nn_OptConfig cfg[RACE_MAX_RACERS];   /* validated configurations */
} race_Racers;

/* Overrides that keep every default. */
race_Overrides race_overrides_none(void);

/* Parses `list` ("all" = the seven optimizers in nn_OptKind order) and
 * applies ov. Each optimizer may appear once. Every configuration is
 * validated (nn_opt_config_validate). Returns NN_ERR_INVALID_ARG with one
 * line naming the bad item or value, leaving *out unchanged. */
nn_Status race_racers_parse(race_Racers *out, const char *list, const race_Overrides *ov,
                            char *err, size_t err_len);

#endif
