/* run_phase.h - stepping a run through one batch, both ways in time.
 *
 * A run's position is a batch count and the next phase within the batch
 * (nn_Cursor.step and .phase). Forward in time is the trainer's own step;
 * backward restores the batch's start through the run's checkpoints
 * (app_run_goto) and replays the phases before the wanted one. Training is
 * deterministic, so a position reached backward holds the same bits as when
 * it was first reached: parameters, optimizer state, cursor and the
 * intermediates (z, a, delta, gradients) of the phases run so far.
 *
 * Position (s, 0) with s > 0 is reached as batch s - 1 with every phase run:
 * the last phase is then that batch's update, so the diagram shows it, as
 * when stepping forward. Nothing here includes SDL. */
#ifndef NNVIZ_CORE_RUN_PHASE_H
#define NNVIZ_CORE_RUN_PHASE_H

#include <stddef.h>
#include <stdint.h>

#include "core/run.h"

/* Goes to batch count step, next phase `phase` (0 .. phases per batch - 1).
 * 0, or -1 with one line in err (before the timeline's floor, a replay
 * that diverged). */
int app_run_goto_phase(app_Run *r, int64_t step, int phase, char *err, size_t err_len);

/* One phase back. 0; 1 at the run's very start (nothing changes); -1 with err. */
int app_run_step_phase_back(app_Run *r, char *err, size_t err_len);

/* To the start of the epoch in progress, or the previous epoch's start
 * when already at an epoch's start; never before the timeline's floor.
 * 0; 1 when there is nothing before; -1 with err. */
int app_run_step_epoch_back(app_Run *r, char *err, size_t err_len);

/* The caption of a phase just run, with its equation, from the string
 * table: "Backward, layer 2: δ = ∂L/∂a ⊙ f′(z) ...". Layers count from 1 in
 * the text; n_layers tells the output layer. A kind outside the four (the
 * trainer's last phase before any ran) gives the start-of-batch caption. */
void app_phase_caption(nn_Phase ph, int n_layers, char *out, size_t len);

/* The same, with the update phase naming the rule of optimizer opt_kind
 * (nn_OptKind: "Adam: ... Δw = −η·m̂/(√v̂ + ε)"); an unknown kind gives the
 * generic caption above. */
void app_phase_caption_opt(nn_Phase ph, int n_layers, int opt_kind, char *out, size_t len);

#endif
