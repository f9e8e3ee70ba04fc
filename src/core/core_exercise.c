/* core_exercise.c - "You compute it": the EXERCISE command moves every run
 * to the phase before the asked number is computed (core/exercise.h says
 * which), inspects the neuron, and keeps what was asked for the window,
 * which takes the answer and judges it once the phase has run. */
#include <stdio.h>

#include "core/core.h"
#include "core/exercise.h"
#include "core/run_phase.h"
#include "i18n/i18n.h"

void app_core_exercise(app_Core *c, const app_Command *cmd)
{
    const nn_Session *s = app_core_focus(c)->s;
    const nn_Arch *ar = &s->model->arch;
    int kind = cmd->i[0], l = cmd->i[1], j = cmd->i[2];
    int L = ar->n_layers;
    int weight = kind == APP_EX_GRAD_W || kind == APP_EX_NEW_W;
    if (kind < 0 || kind >= APP_EX_COUNT || l < 0 || l >= L || j < 0 || j >= ar->sizes[l + 1] ||
        (weight && cmd->u >= (uint64_t)ar->sizes[l])) {
        app_core_status(c, 1, "%s", tr(STR_STATUS_EX_BAD));
        return;
    }
    int ask = app_exercise_ask_phase((app_ExKind)kind, l, L);
    if (ask < 0) {
        app_core_status(c, 1, "%s", tr(STR_STATUS_EX_FIRST_Z));
        return;
    }
    c->playing = 0;
    c->slowmo_ms = 0;
    /* the batch in progress, or the next one at a batch boundary: either
     * way batch count `step`, whose phases are replayed up to the question */
    int64_t step = nn_trainer_cursor(s->trainer).step;
    char err[256];
    for (int k = 0; k < c->n_runs; k++)
        if (app_run_goto_phase(c->runs[k], step, ask, err, sizeof err) != 0) {
            c->exercise.active = 0;
            app_core_status(c, 1, "%s", err);
            return;
        }
    c->inspect.active = 1;
    c->inspect.layer = l;
    c->inspect.unit = j;
    c->exercise.active = 1;
    c->exercise.kind = kind;
    c->exercise.layer = l;
    c->exercise.unit = j;
    c->exercise.input = weight ? (int)cmd->u : -1;
    c->exercise.step = step;
    c->exercise.phase = ask;
}
