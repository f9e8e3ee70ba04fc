/* run_phase.c - one phase, batch or epoch back, and the phase captions. */
#include "core/run_phase.h"

#include <stdio.h>

#include "i18n/i18n.h"

int app_run_goto_phase(app_Run *r, int64_t step, int phase, char *err, size_t err_len)
{
    int phases = nn_trainer_phases_per_batch(r->s->trainer);
    if (step < 0 || phase < 0 || phase >= phases) {
        snprintf(err, err_len, "no phase %d of batch %lld", phase, (long long)step);
        return -1;
    }
    /* (s, 0) is reached through batch s - 1's update, so its phases show */
    int64_t base = step;
    int n = phase;
    if (phase == 0 && step > 0) {
        base = step - 1;
        n = phases;
    }
    if (app_run_goto(r, base, err, err_len) != 0)
        return -1;
    for (int k = 0; k < n; k++) {
        int st = app_run_step_phase(r);
        if (st != 0) {
            snprintf(err, err_len, "%s",
                     tr(st == 1 ? STR_STATUS_REPLAY_DIVERGED : STR_STATUS_TRAIN_FAILED));
            return -1;
        }
        if (nn_trainer_cursor(r->s->trainer).phase == 0)
            app_run_checkpoint(r);
    }
    r->phase_view = 1;
    return 0;
}

int app_run_step_phase_back(app_Run *r, char *err, size_t err_len)
{
    nn_Cursor c = nn_trainer_cursor(r->s->trainer);
    int phases = nn_trainer_phases_per_batch(r->s->trainer);
    /* positions are counted in phases from the run's start; a diverged
     * loss phase did not complete, so the position is the loss phase itself */
    int64_t pos = c.step * phases + c.phase;
    if (pos <= 0)
        return 1;
    pos--;
    return app_run_goto_phase(r, pos / phases, (int)(pos % phases), err, err_len);
}

int app_run_step_epoch_back(app_Run *r, char *err, size_t err_len)
{
    nn_Cursor c = nn_trainer_cursor(r->s->trainer);
    int64_t to = c.batch > 0 || c.phase > 0 || c.diverged
                     ? c.step - c.batch
                     : c.step - nn_trainer_batches_per_epoch(r->s->trainer);
    int64_t earliest = app_timeline_floor(&r->timeline);
    if (to < earliest)
        to = earliest;
    if (to < 0)
        to = 0;
    if (to == c.step && c.phase == 0 && !c.diverged)
        return 1;
    return app_run_goto(r, to, err, err_len);
}

void app_phase_caption(nn_Phase ph, int n_layers, char *out, size_t len)
{
    switch ((int)ph.kind) {
    case NN_PHASE_FORWARD:
        snprintf(out, len, tr(STR_CAPTION_FORWARD), ph.layer + 1);
        break;
    case NN_PHASE_LOSS:
        snprintf(out, len, "%s", tr(STR_CAPTION_LOSS));
        break;
    case NN_PHASE_BACKWARD:
        snprintf(out, len,
                 tr(ph.layer == n_layers - 1 ? STR_CAPTION_BACKWARD_OUTPUT : STR_CAPTION_BACKWARD),
                 ph.layer + 1);
        break;
    case NN_PHASE_UPDATE:
        snprintf(out, len, "%s", tr(STR_CAPTION_UPDATE));
        break;
    default:
        snprintf(out, len, "%s", tr(STR_CAPTION_START));
        break;
    }
}

void app_phase_caption_opt(nn_Phase ph, int n_layers, int opt_kind, char *out, size_t len)
{
    static const i18n_Id rule[NN_OPT_COUNT] = {
        [NN_OPT_SGD] = STR_RULE_SGD,         [NN_OPT_MOMENTUM] = STR_RULE_MOMENTUM,
        [NN_OPT_NESTEROV] = STR_RULE_NESTEROV, [NN_OPT_ADAGRAD] = STR_RULE_ADAGRAD,
        [NN_OPT_RMSPROP] = STR_RULE_RMSPROP, [NN_OPT_ADAM] = STR_RULE_ADAM,
        [NN_OPT_ADAMW] = STR_RULE_ADAMW,
    };
    if (ph.kind == NN_PHASE_UPDATE && opt_kind >= 0 && opt_kind < NN_OPT_COUNT)
        snprintf(out, len, tr(STR_CAPTION_UPDATE_RULE), tr(rule[opt_kind]));
    else
        app_phase_caption(ph, n_layers, out, len);
}
