/* command.h - what can be asked of the app, as typed values.
 *
 * Keys, mouse, menus, dropped files, `nnviz render` options, tests (and
 * later lesson steps and Keras programs) all change the app the same way:
 * they queue commands, and the frame applies the queue in order at one
 * place (app_core_apply). A command is a small value: a kind and its
 * arguments. Every command also has a one-line text form, e.g.
 *     SET_LEARNING_RATE 0.1
 *     SET_PARAM 1 2 0 1.25        (layer i j value; j = -1: the bias of unit i)
 *     ADD_POINT 0.5 -2 1          (x1 x2 class)
 *     SCREENSHOT /tmp/shot.png
 * so a script of commands can be read from a file and a queue printed.
 * Layers, units and classes are 0-based in the values and in the text.
 * Nothing here includes SDL. */
#ifndef NNVIZ_CORE_COMMAND_H
#define NNVIZ_CORE_COMMAND_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    /* transport */
    APP_CMD_PLAY = 0,
    APP_CMD_PAUSE,
    APP_CMD_TOGGLE_PLAY,
    APP_CMD_SET_SPEED,        /* i0: index into app_speeds */
    APP_CMD_STEP_PHASE,
    APP_CMD_STEP_BATCH,
    APP_CMD_STEP_EPOCH,
    APP_CMD_TRAIN,            /* u: batches, now, on the applying thread */
    APP_CMD_RESET,            /* new weights from the seed; the history starts over */
    APP_CMD_GOTO_STEP,        /* u: back (or forward) to this batch count, via checkpoints */
    APP_CMD_STEP_BACK,        /* one batch back */
    /* the experiment (applied to every run) */
    APP_CMD_SET_LEARNING_RATE,/* f */
    APP_CMD_SET_OPTIMIZER,    /* i0: nn_OptKind (Keras defaults, learning rate kept) */
    APP_CMD_SET_SCHEDULE,     /* i0: nn_SchedKind */
    APP_CMD_SET_LOSS,         /* i0: nn_Loss */
    APP_CMD_SET_REGULARIZATION, /* i0: nn_Reg */
    APP_CMD_SET_REG_RATE,     /* f */
    APP_CMD_SET_INITIALIZER,  /* i0: nn_Init */
    APP_CMD_SET_SEED,         /* u */
    APP_CMD_SET_BATCH_SIZE,   /* i0 */
    APP_CMD_SET_DATASET,      /* i0: nn_PlaygroundSet */
    APP_CMD_SET_NOISE,        /* f */
    APP_CMD_SET_TRAIN_RATIO,  /* f: 0..1 */
    APP_CMD_REGENERATE,       /* new samples from the next data seed */
    APP_CMD_TOGGLE_FEATURE,   /* i0: nn_Feature bit index */
    APP_CMD_ADD_LAYER,
    APP_CMD_REMOVE_LAYER,
    APP_CMD_SET_UNITS,        /* i0: hidden layer, i1: units */
    APP_CMD_SET_ACTIVATION,   /* i0: layer (n_hidden: the output; -1: every hidden one), i1: nn_Act */
    /* the model and data of every run */
    APP_CMD_SET_PARAM,        /* i0 layer, i1 i, i2 j (-1: bias of unit i), f value */
    APP_CMD_ADD_POINT,        /* f x1, f2 x2, i0 class */
    APP_CMD_REMOVE_POINT,     /* f x1, f2 x2: the nearest training point */
    /* files */
    APP_CMD_OPEN,             /* text: lesson .ini, model .json or data .csv */
    APP_CMD_SCREENSHOT,       /* text: PNG path ("": next free nnviz-NNN.png) */
    APP_CMD_EXPORT_HISTORY,   /* text: CSV path ("": next free name) */
    APP_CMD_EXPORT_MODEL,     /* text: JSON path ("": next free name) */
    /* runs and views */
    APP_CMD_SELECT_RUN,       /* i0 */
    APP_CMD_INSPECT,          /* i0 layer, i1 unit, i2 batch row; layer -1 closes the inspector */
    APP_CMD_COMPARE,          /* text "KNOB=V1,V2[,...]": 2-4 runs of the focused run's
                                 experiment differing in that knob (core/compare.h);
                                 "": back to one run, the focused one */
    APP_CMD_SELECT_BRANCH,    /* i0: timeline branch id (1, 2, ...): to its tip, with its settings */
    /* stepping through a batch */
    APP_CMD_STEP_PHASE_BACK,  /* one phase back (restore and replay) */
    APP_CMD_STEP_EPOCH_BACK,  /* to the start of the epoch in progress, else one epoch back */
    APP_CMD_SELECT_ROW,       /* i0: the batch row the diagram shows numbers for */
    APP_CMD_GRADCHECK,        /* i0 layer, i1 i, i2 j (-1: bias of unit i): finite difference */
    APP_CMD_SET_SLOWMO,       /* i0: ms between phases played on their own, 200 .. 5000; 0 stops */
    APP_CMD_EXERCISE,         /* i0 app_ExKind, i1 layer, i2 unit, u input (the weight's):
                                 "You compute it" at the phase before that number's */
    /* lesson steps (core/lesson_view.h; text: the argument as written) */
    APP_CMD_RUN_UNTIL,        /* text "epoch|step|loss|test_loss|accuracy|test_accuracy VALUE [MAX_EPOCHS]" */
    APP_CMD_HIGHLIGHT,        /* text "neuron L U | edge L I J | panel NAME | control NAME | none" */
    APP_CMD_HIDE_CONTROLS,    /* text "NAME[,NAME...] | all" */
    APP_CMD_SHOW_CONTROLS,    /* text "NAME[,NAME...] | all" */
    APP_CMD_VIEW,             /* text "main | health | race [k=v ...] | landscape [mode=M] | gallery L" */
    APP_CMD_COUNT
} app_CmdKind;

#define APP_CMD_TEXT 512

typedef struct {
    app_CmdKind kind;
    int i[3];
    double f, f2;
    uint64_t u;
    char text[APP_CMD_TEXT];
} app_Command;

/* Fixed-size ring of commands: pushing never allocates. */
#define APP_QUEUE_CAP 64
typedef struct {
    app_Command q[APP_QUEUE_CAP];
    int head, count;
    int dropped;              /* pushes refused because the queue was full */
} app_CmdQueue;

/* Builders for the common shapes; they return the value to push. */
app_Command app_cmd(app_CmdKind kind);
app_Command app_cmd_i(app_CmdKind kind, int i0);
app_Command app_cmd_f(app_CmdKind kind, double f);
app_Command app_cmd_u(app_CmdKind kind, uint64_t u);
app_Command app_cmd_text(app_CmdKind kind, const char *text);

/* 0, or -1 (counted in dropped) when the queue is full. */
int app_queue_push(app_CmdQueue *q, const app_Command *c);
/* 1 and the oldest command in *c, or 0 when empty. */
int app_queue_pop(app_CmdQueue *q, app_Command *c);

/* The name in the text form ("SET_LEARNING_RATE"), NULL for an unknown kind. */
const char *app_cmd_name(app_CmdKind kind);
/* Reads one line of the text form. 0, or -1 with one line in err naming the
 * problem (the caller adds file and line). Blank lines and '#' comments are
 * not commands: they return 1 and leave *c alone. */
int app_cmd_parse(const char *line, app_Command *c, char *err, size_t err_len);
/* Writes the text form; parsing it gives the same command back. */
void app_cmd_format(const app_Command *c, char *out, size_t len);

#endif
