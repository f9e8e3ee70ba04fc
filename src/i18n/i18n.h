/* i18n.h - the window's text: one id per string, one lookup, languages.
 *
 * Every string the window shows is obtained with tr(STR_...), so a
 * translation is one more table (see i18n_lang.h) and no panel changes.
 * Text is UTF-8. An id the current language lacks, or translates with other
 * printf conversions than the English text, is shown in English.
 *
 * Strings that take values are printf formats. The comment of such an id
 * names every conversion in order, with what it receives ("%d layer, %d
 * neuron"); a translation keeps the same conversions in the same order
 * (flags, width and precision may change; %% is free). A string whose
 * comment names no conversion is plain text and contains no '%'.
 * tests/test_i18n.c checks the English table against these comments.
 *
 * Ids are grouped by where they appear and named by what they say. Keep the
 * enumerators one per line and without "= value": the test reads them from
 * this file in order. Names that are mathematical notation (STR_MATH_*,
 * STR_FEAT_*, the inspector's equations) are usually kept as they are; a
 * language may simply leave them out of its table.
 *
 * tr() and i18n_set_language() are for the UI thread: set the language
 * before the first frame (or between frames), not while another thread
 * looks text up. No SDL here. */
#ifndef NNVIZ_I18N_H
#define NNVIZ_I18N_H

#include <stddef.h>

typedef enum {
    /* ---- top bar: transport, speed, counters ---- */
    STR_TOP_TIP_RESET,          /* tooltip of the reset button */
    STR_TOP_TIP_TRAIN,          /* tooltip of the play button while paused */
    STR_TOP_TIP_PAUSE,          /* tooltip of the play button while training */
    STR_TOP_TIP_PHASE,          /* tooltip of the step-one-phase button */
    STR_TOP_TIP_STEP,           /* tooltip of the step-one-batch button */
    STR_TOP_TIP_EPOCH,          /* tooltip of the step-one-epoch button */
    STR_TOP_TIP_HELP,           /* tooltip of the help button */
    STR_TOP_TIP_CONTROLS_SHOW,  /* tooltip of the drawer button: the data and hyperparameter panels are hidden */
    STR_TOP_TIP_CONTROLS_HIDE,  /* the same when they are shown */
    STR_TOP_SPEED,              /* caption above the speed menu */
    STR_TOP_EPOCH,              /* caption above the epoch counter */
    STR_TOP_BATCH,              /* caption above "batch/batches per epoch" */
    STR_TOP_SAMPLES,            /* caption above the number of samples trained on */
    STR_TOP_TRAIN_LOSS,         /* caption above the training loss */
    STR_TOP_TEST_LOSS,          /* caption above the test loss */
    STR_TOP_TRAIN_ACC,          /* caption above the training accuracy (short) */
    STR_TOP_TEST_ACC,           /* caption above the test accuracy (short) */
    STR_TOP_STATUS,             /* caption above the training state */
    STR_TOP_DIVERGED,           /* the training state when the loss became NaN or infinite */

    /* ---- the speed menu: batches trained per second ---- */
    STR_SPEED_1,                /* 1 batch a second */
    STR_SPEED_2,                /* 2 batches a second */
    STR_SPEED_5,                /* 5 batches a second */
    STR_SPEED_10,               /* 10 batches a second */
    STR_SPEED_30,               /* 30 batches a second */
    STR_SPEED_60,               /* 60 batches a second */
    STR_SPEED_200,              /* 200 batches a second */
    STR_SPEED_1000,             /* 1000 batches a second */
    STR_SPEED_5000,             /* 5000 batches a second */
    STR_SPEED_MAX,              /* as fast as the frame budget allows */

    /* ---- hyperparameter bar: captions ---- */
    STR_HYPER_LR,               /* caption of the learning-rate menu */
    STR_HYPER_OPTIMIZER,        /* caption of the optimizer menu */
    STR_HYPER_LOSS,             /* caption of the loss menu */
    STR_HYPER_REG,              /* caption of the regularization menu */
    STR_HYPER_REG_RATE,         /* caption of the regularization-rate menu (short) */
    STR_HYPER_INIT,             /* caption of the weight-initializer menu */
    STR_HYPER_SCHEDULE,         /* caption of the learning-rate schedule menu */
    STR_HYPER_SEED,             /* caption of the random-seed field */

    /* ---- optimizer names (menu) ---- */
    STR_OPT_SGD,                /* plain stochastic gradient descent */
    STR_OPT_MOMENTUM,           /* SGD with momentum */
    STR_OPT_NESTEROV,           /* SGD with Nesterov momentum */
    STR_OPT_ADAGRAD,            /* Adagrad */
    STR_OPT_RMSPROP,            /* RMSprop */
    STR_OPT_ADAM,               /* Adam */
    STR_OPT_ADAMW,              /* AdamW */

    /* ---- loss names (menu) ---- */
    STR_LOSS_MSE,               /* mean squared error */
    STR_LOSS_BCE,               /* binary cross-entropy (short) */
    STR_LOSS_CCE,               /* categorical cross-entropy (short) */
    STR_LOSS_SPARSE_CCE,        /* sparse categorical cross-entropy (short) */
    STR_LOSS_HALF_SQUARED,      /* Playground's loss: half the squared error */

    /* ---- regularization kinds (menu) ---- */
    STR_REG_NONE,               /* no regularization */
    STR_REG_L1,                 /* L1 penalty */
    STR_REG_L2,                 /* L2 penalty */

    /* ---- weight initializers (menu) ---- */
    STR_INIT_GLOROT,            /* Glorot (Xavier) uniform */
    STR_INIT_HE,                /* He normal */
    STR_INIT_UNIFORM,           /* uniform in [-1/2, 1/2], as Playground */
    STR_INIT_ZEROS,             /* all weights zero */

    /* ---- learning-rate schedules (menu) ---- */
    STR_SCHED_CONSTANT,         /* no schedule */
    STR_SCHED_STEP,             /* halved every so many steps */
    STR_SCHED_EXPONENTIAL,      /* exponential decay */
    STR_SCHED_COSINE,           /* cosine decay */
    STR_SCHED_PIECEWISE,        /* piecewise constant: given rates between given steps */

    /* ---- activation functions: names in titles and tooltips ---- */
    STR_ACT_LINEAR,             /* identity */
    STR_ACT_SIGMOID,            /* logistic sigmoid */
    STR_ACT_TANH,               /* hyperbolic tangent */
    STR_ACT_RELU,               /* rectified linear unit */
    STR_ACT_LEAKY_RELU,         /* leaky ReLU */
    STR_ACT_ELU,                /* exponential linear unit */
    STR_ACT_SOFTPLUS,           /* softplus */
    STR_ACT_SWISH,              /* swish (z times sigmoid z) */
    STR_ACT_SOFTMAX,            /* softmax */
    STR_ACT_LEAKY_RELU_MENU,    /* leaky ReLU in the narrow menu under a layer */

    /* ---- status line ---- */
    STR_STATUSLINE_BUILTIN,     /* where the lesson came from when it is not a file */
    STR_STATUSLINE_RIGHT,       /* right end: %s lesson file, %s data set name,
                                   %f milliseconds per frame */
    STR_STATUSLINE_HINT,        /* shortcuts shown when there is no message */

    /* ---- data panel ---- */
    STR_DATA_TITLE,             /* panel title (small capitals style) */
    STR_DATA_WHICH,             /* above the data-set thumbnails */
    STR_DATA_SET_CIRCLE,        /* Playground set: a ring around a disc */
    STR_DATA_SET_XOR,           /* Playground set: four quadrants, exclusive or */
    STR_DATA_SET_GAUSS,         /* Playground set: two Gaussian clouds */
    STR_DATA_SET_SPIRAL,        /* Playground set: two interleaved spirals */
    STR_DATA_SET_PLANE,         /* Playground set: a tilted plane to fit */
    STR_DATA_SET_MULTIGAUSS,    /* Playground set: several Gaussian bumps to fit */
    STR_DATA_TRAIN_RATIO,       /* slider: share of the data used for training */
    STR_DATA_COUNTS,            /* under a file's name: %s training rows, %s test rows
                                   (both already formatted, e.g. "60,000") */
    STR_DATA_NOISE,             /* slider: noise added to the Playground set */
    STR_DATA_BATCH_SIZE,        /* slider: rows per batch */
    STR_DATA_REGENERATE,        /* button: draw the set again with a new seed */
    STR_DATA_DRAW,              /* heading: drawing your own points */
    STR_DATA_DRAW_ADD,          /* hint: left click on the output plot adds a point */
    STR_DATA_DRAW_REMOVE,       /* hint: right click removes one */
    STR_DATA_ORANGE,            /* button: new points are of the orange class */
    STR_DATA_BLUE,              /* button: new points are of the blue class */
    STR_DATA_FEATURES_1,        /* hint, first line: input features can be switched... */
    STR_DATA_FEATURES_2,        /* ...second line: by clicking their tile */
    STR_DATA_DRAWN_SUFFIX,      /* appended to a data set's name once points were drawn
                                   by hand (starts with a space) */

    /* ---- network panel ---- */
    STR_NET_HIDDEN_LAYER,       /* header, one hidden layer: %d the count (1) */
    STR_NET_HIDDEN_LAYERS,      /* header, other counts: %d hidden layers */
    STR_NET_EDGES,              /* caption before the edge-mode menu */
    STR_NET_EDGES_WEIGHTS,      /* edge mode: edges show the weights */
    STR_NET_EDGES_GRADIENTS,    /* edge mode: edges show dL/dw */
    STR_NET_EDGES_UPDATE,       /* edge mode: edges show the last change of each weight */
    STR_NET_COL_FEATURES,       /* caption of the input column of a 2-D set */
    STR_NET_COL_INPUT,          /* caption of the input column otherwise */
    STR_NET_COL_OUTPUT,         /* caption of the output column */
    STR_NET_NEURON,             /* under a layer of one neuron: %d the count (1) */
    STR_NET_NEURONS,            /* under a layer of other sizes: %d neurons */
    STR_NET_MORE,               /* under a column cut short: %d neurons not drawn */
    STR_NET_TIP_MORE,           /* tooltip of that link: opens every neuron of the layer */
    STR_NET_COL_INPUT_SHORT,    /* the inputs' column caption where the full one has no room */
    STR_NET_COL_OUTPUT_SHORT,   /* the output column's caption where the full one has no room */
    STR_NET_LARGEST,            /* beside the edge menu in gradient or update mode:
                                   %g the largest magnitude drawn */
    STR_NET_WEIGHT,             /* "Weight" starting an edge's tooltip */
    STR_NET_TIP_INPUT_OFF,      /* tooltip of a used input feature: %s feature */
    STR_NET_TIP_INPUT_ON,       /* tooltip of an unused input feature: %s feature */
    STR_NET_TIP_NEURON,         /* tooltip of a neuron: %d layer, %d neuron,
                                   %s activation name */

    /* ---- output panel ---- */
    STR_OUT_TITLE,              /* panel title (small capitals style) */
    STR_OUT_TIP_PLANE,          /* tooltip over the output plot: %f x1, %f x2,
                                   %f the network's output there */
    STR_OUT_CLASS,              /* name of a class without one: %d class index */
    STR_OUT_CONFUSION_TEST,     /* heading of the confusion matrix on the test set */
    STR_OUT_CONFUSION_TRAIN,    /* heading of the confusion matrix on the training set */
    STR_OUT_TIP_CONFUSION,      /* tooltip of a confusion cell: %s true class,
                                   %s predicted class, %lld rows */
    STR_OUT_SHOW_TEST,          /* check box: draw the test points too */
    STR_OUT_DISCRETIZE,         /* check box: two colours instead of a gradient */
    STR_OUT_KEY_TRUE,           /* key of the class bars: the true class's colour */
    STR_OUT_KEY_OTHER,          /* key of the class bars: the other classes' colour */
    STR_OUT_AXIS_TRUE,          /* confusion matrix: title of the rows (true class, reading down) */
    STR_OUT_AXIS_PREDICTED,     /* confusion matrix: title of the columns (predicted class) */
    STR_OUT_PREVIEW_NEURON,     /* caption while a tile is hovered: %d layer, %d neuron */
    STR_OUT_PREVIEW_INPUT,      /* caption while an input tile is hovered: %s feature name */

    /* ---- loss chart ---- */
    STR_CHART_TITLE,            /* panel title (small capitals style) */
    STR_CHART_LOG,              /* check box: logarithmic loss axis (short) */
    STR_CHART_ACC,              /* check box: accuracy curves (short) */
    STR_CHART_TRAIN,            /* legend: training loss */
    STR_CHART_TEST,             /* legend: test loss */
    STR_CHART_ACCURACY,         /* legend: accuracy, read on the right axis */
    STR_CHART_EMPTY,            /* in the empty chart before an epoch ends */
    STR_CHART_TIP_ACC,          /* tooltip: %lld epoch, %s train loss, %f train
                                   accuracy in percent, %s test loss, %f test accuracy
                                   in percent */
    STR_CHART_TIP,              /* tooltip: %lld epoch, %s train loss, %s test loss */

    /* ---- neuron inspector ---- */
    STR_INSP_TITLE_OUTPUT,      /* title: %d output neuron, %s activation name */
    STR_INSP_TITLE_HIDDEN,      /* title: %d layer, %d neuron, %s activation name */
    STR_INSP_ROW,               /* %d row of the batch, %d rows in it, %d row in the
                                   training set */
    STR_INSP_NO_BATCH,          /* before the first batch ran */
    STR_INSP_NOTE_FORWARD,      /* stepping by phase: the forward pass is not here yet */
    STR_INSP_NOTE_BACKWARD,     /* stepping by phase: the backward pass is not here yet */
    STR_INSP_NOTE_UPDATE,       /* stepping by phase: the update has not run yet */
    STR_INSP_COL_INPUT,         /* table heading: the input's name */
    STR_INSP_INPUT_NEURON,      /* an input from a hidden layer: %d neuron, %d layer */
    STR_INSP_INPUT_PIXEL,       /* an input pixel: %d column, %d row */
    STR_INSP_INPUT_X,           /* a raw input: %d its index */
    STR_INSP_MORE,              /* under the table: %d inputs not listed, %s the sum of
                                   w times a over them */
    STR_INSP_EQ_Z,              /* notation: %s sum of w times a, %s bias, %s z */
    STR_INSP_EQ_A,              /* notation: %s the formula (STR_MATH_F_*), %s a */
    STR_INSP_EQ_DELTA,          /* notation: %s delta */
    STR_INSP_EQ_GRAD_B,         /* notation: %s dL/db, %s the change of the bias */
    STR_INSP_EQ_NOTE,           /* says which weights the table shows */

    /* ---- help overlay ---- */
    STR_HELP_TITLE,             /* title of the shortcut sheet */
    STR_HELP_KEY_SPACE,         /* key: space bar */
    STR_HELP_PLAY,              /* what it does */
    STR_HELP_KEY_RIGHT,         /* key: right arrow */
    STR_HELP_STEP_BATCH,        /* what it does */
    STR_HELP_KEY_EPOCH,         /* keys: shift + right arrow, or E */
    STR_HELP_STEP_EPOCH,        /* what they do */
    STR_HELP_KEY_PHASE,         /* key: full stop */
    STR_HELP_STEP_PHASE,        /* what it does */
    STR_HELP_KEY_BACK,          /* the key that steps back */
    STR_HELP_STEP_BACK,         /* what it does */
    STR_HELP_KEY_NEURON,        /* mouse: clicking a neuron */
    STR_HELP_INSPECTOR,         /* what it does */
    STR_HELP_KEY_RESET,         /* key: R */
    STR_HELP_RESET,             /* what it does */
    STR_HELP_KEY_EDGES,         /* key: G */
    STR_HELP_EDGES,             /* what it does */
    STR_HELP_KEY_VIEWS,         /* keys: T, D, L */
    STR_HELP_VIEWS,             /* what they do, in the same order */
    STR_HELP_KEY_SCREENSHOT,    /* key: S */
    STR_HELP_SCREENSHOT,        /* what it does */
    STR_HELP_KEY_EXPORT,        /* keys: C, M */
    STR_HELP_EXPORT,            /* what they do, in the same order */
    STR_HELP_KEY_ZOOM,          /* keys: Ctrl and =, Ctrl and minus */
    STR_HELP_ZOOM,              /* what they do */
    STR_HELP_KEY_CONTROLS,      /* key: Tab */
    STR_HELP_CONTROLS,          /* what it does */
    STR_HELP_KEY_FULLSCREEN,    /* key: F11 */
    STR_HELP_FULLSCREEN,        /* what it does */
    STR_HELP_KEY_HELP,          /* keys: ? or H */
    STR_HELP_HELP,              /* what they do */
    STR_HELP_KEY_QUIT,          /* keys: Ctrl and Q */
    STR_HELP_QUIT,              /* what they do */
    STR_HELP_KEY_MOUSE,         /* the mouse */
    STR_HELP_MOUSE_EDIT,        /* what it does on edges and biases */
    STR_HELP_MOUSE_POINTS,      /* ... on the output plot */
    STR_HELP_MOUSE_DROP,        /* ... with files dropped on the window */

    /* ---- notation ---- */
    STR_MATH_A,                 /* an activation (table heading) */
    STR_MATH_W,                 /* a weight (table heading) */
    STR_MATH_WA,                /* weight times activation (table heading) */
    STR_MATH_DL_DW,             /* partial derivative of the loss by a weight */
    STR_MATH_DELTA_W,           /* the change of a weight applied by the last update */
    STR_MATH_F_LINEAR,          /* a = f(z) for each activation: identity */
    STR_MATH_F_SIGMOID,         /* sigmoid */
    STR_MATH_F_TANH,            /* tanh */
    STR_MATH_F_RELU,            /* ReLU */
    STR_MATH_F_LEAKY_RELU,      /* leaky ReLU */
    STR_MATH_F_ELU,             /* ELU */
    STR_MATH_F_SOFTPLUS,        /* softplus */
    STR_MATH_F_SWISH,           /* swish */
    STR_MATH_F_SOFTMAX,         /* softmax */
    STR_MATH_F_ANY,             /* an activation not listed */

    /* ---- input features: the network's labels, and the names lesson files use ---- */
    STR_FEAT_LABEL_X1,          /* label beside a feature tile: x1 */
    STR_FEAT_LABEL_X2,          /* x2 */
    STR_FEAT_LABEL_X1_SQ,       /* x1 squared */
    STR_FEAT_LABEL_X2_SQ,       /* x2 squared */
    STR_FEAT_LABEL_X1_X2,       /* x1 times x2 */
    STR_FEAT_LABEL_SIN_X1,      /* sine of x1 */
    STR_FEAT_LABEL_SIN_X2,      /* sine of x2 */
    STR_FEAT_NAME_X1,           /* a feature named in tooltips and the inspector, as
                                   lesson files write it: x1 */
    STR_FEAT_NAME_X2,           /* x2 */
    STR_FEAT_NAME_X1_SQ,        /* x1 squared */
    STR_FEAT_NAME_X2_SQ,        /* x2 squared */
    STR_FEAT_NAME_X1_X2,        /* x1 times x2 */
    STR_FEAT_NAME_SIN_X1,       /* sine of x1 */
    STR_FEAT_NAME_SIN_X2,       /* sine of x2 */

    /* ---- the window's title ---- */
    STR_WINDOW_TITLE,           /* %s the lesson's title */
    STR_WINDOW_UNTITLED,        /* stands for the lesson's title when it has none */

    /* ---- status-line messages ---- */
    STR_STATUS_OPENED,          /* a file was opened: %s its name */
    STR_STATUS_ERR_NO_HEADER,   /* a CSV file without a header: %s its path */
    STR_STATUS_ERR_KERAS,       /* a Keras program dropped on the window: %s its path */
    STR_STATUS_DIVERGED,        /* the loss became NaN or infinite */
    STR_STATUS_PHASE_FORWARD,   /* stepping by phase, forward pass: %d layer */
    STR_STATUS_PHASE_FORWARD_OUTPUT, /* ... forward pass of the output layer: %d layer */
    STR_STATUS_PHASE_LOSS,      /* ... loss: %f the batch's loss */
    STR_STATUS_PHASE_BACKWARD,  /* ... backward pass: %d layer */
    STR_STATUS_PHASE_UPDATE,    /* ... the optimizer's update */
    STR_STATUS_RESET,           /* weights re-initialized: %llu the seed */
    STR_STATUS_ADDED_BLUE,      /* a blue point was drawn: %d training points now */
    STR_STATUS_ADDED_ORANGE,    /* an orange point was drawn: %d training points now */
    STR_STATUS_REMOVED,         /* a point was removed: %d training points now */
    STR_STATUS_SET_BIAS,        /* a bias was typed in: %g its new value */
    STR_STATUS_SET_WEIGHT,      /* a weight was typed in: %g its new value */
    STR_STATUS_NOT_A_NUMBER,    /* the value editor got text: %s what was typed */
    STR_STATUS_NO_THREAD,       /* the training thread could not be started */
    STR_STATUS_SAVED,           /* a screenshot was written: %s its path */
    STR_STATUS_SAVED_HISTORY,   /* the loss history was written: %s its path */
    STR_STATUS_SAVED_MODEL,     /* the model was written: %s its path */
    STR_STATUS_NEW_SEED,        /* the network was rebuilt from another seed: %llu the seed */
    STR_STATUS_NEW_SAMPLES,     /* the data was generated again: %llu the data seed */
    STR_STATUS_QUEUE_FULL,      /* too many commands in one frame: %s the dropped one's name */
    STR_STATUS_BEFORE_FLOOR,    /* going back past an edit: %lld the step of the edit */
    STR_STATUS_NO_CHECKPOINT,   /* nothing kept to go back to: %lld the step asked for */
    STR_STATUS_REPLAY_DIVERGED, /* going forward again, the loss diverged on the way */
    STR_STATUS_TRAIN_FAILED,    /* a batch failed for another reason than divergence */
    STR_STATUS_LESSON_EPOCHS,   /* playing stopped at the lesson's limit: %lld its epochs */
    STR_STATUS_LESSON_STEPS,    /* ... at the lesson's limit: %lld its batches */

    /* ---- the lesson card ---- */
    STR_CARD_HINT,              /* below the description: how to start and close */

    /* ---- runs ---- */
    STR_RUN_LABEL,              /* a run's name in legends: %d its number from 1 */

    /* ---- names of units and parameters (tooltips, editor, status) ---- */
    STR_NAME_INPUT,             /* an input without a name: %d input number */
    STR_NAME_THE_OUTPUT,        /* the one output unit */
    STR_NAME_OUTPUT_K,          /* one of several outputs: %d output number */
    STR_NAME_NEURON,            /* a hidden unit: %d neuron, %d layer */
    STR_NAME_WEIGHT,            /* a weight: %s from unit, %s to unit */
    STR_NET_BIAS,               /* the word for a bias, capitalized */
    STR_MATH_DL_DB,             /* gradient of the loss by a bias */
    STR_MATH_DELTA_B,           /* change of a bias in the last update */
    STR_NET_TIP_WEIGHT_OF,      /* tooltip on an edge: %s what (Weight, dL/dw, Dw),
                                   %s weight name, %g value */
    STR_NET_TIP_BIAS_OF,        /* tooltip on a bias: %s what (Bias, dL/db, Db),
                                   %s unit name, %g value */
    STR_NET_EDIT_WEIGHT_OF,     /* heading of the value editor: %s Weight, %s weight name */
    STR_NET_EDIT_BIAS_OF,       /* heading of the value editor: %s Bias, %s unit name */
    /* ---- layer gallery: every neuron of one layer ---- */
    STR_GALLERY_TITLE,          /* title: %d layer number, %d neurons in it */
    STR_GALLERY_TITLE_OUTPUT,   /* title for the output layer: %d layer number, %d neurons */
    STR_GALLERY_PAGE,           /* pager: %d page, %d pages, %d first neuron shown,
                                   %d last neuron shown, %d neurons in all */
    STR_GALLERY_HINT,           /* how to use it: click a neuron, Esc closes */
    STR_GALLERY_TIP,            /* tooltip of a tile: %d neuron, %d layer */
    /* ---- the optimizer race and the loss landscape ---- */
    STR_RACE_TITLE,             /* title of the race view: %s the surface's formula (a STR_SURF_* text) */
    STR_RACE_OPTIMIZERS,        /* heading of the race's legend */
    STR_RACE_STEP,              /* a racer's step counter: %d steps taken */
    STR_RACE_VALUE,             /* a racer's current surface value: %.4g f */
    STR_RACE_LR,                /* a racer's learning rate: %g the rate */
    STR_RACE_DIVERGED,          /* a racer whose path left the finite numbers: %d the step */
    STR_RACE_START,             /* the start point: %.3g x, %.3g y */
    STR_RACE_COND,              /* the bowl's condition number: %g kappa */
    STR_RACE_ARROWS,            /* note under the race: what the arrows and paths are */
    STR_RACE_MINIMUM,           /* legend entry of the cross marking a minimum */
    STR_SURF_BOWL,              /* the quadratic bowl's name and formula */
    STR_SURF_ROSENBROCK,        /* Rosenbrock's function and formula */
    STR_SURF_BEALE,             /* Beale's function */
    STR_SURF_SADDLE,            /* the saddle and its formula */
    STR_SURF_HIMMELBLAU,        /* Himmelblau's function */
    STR_SURF_CLIFF,             /* the plateau-and-cliff surface */
    STR_LAND_TITLE,             /* title of the loss-landscape view */
    STR_LAND_DIRS_RANDOM,       /* what the axes are, random directions */
    STR_LAND_DIRS_WEIGHTS,      /* what the axes are, two weights: %d layer, %d input, %d unit of the first, then %d layer, %d input, %d unit of the second (from 1) */
    STR_LAND_DIRS_PCA,          /* what the axes are, principal directions: %.0f and %.0f the percentages of the trajectory's variance */
    STR_LAND_PCA_CAVEAT,        /* the caveat shown with principal-direction slices */
    STR_LAND_CURRENT,           /* legend: the current weights, %.4g their loss */
    STR_LAND_INITIAL,           /* legend: the initial weights */
    STR_LAND_TRAJECTORY,        /* legend: the training trajectory projected on the slice */
    STR_LAND_LINE,              /* title of the 1-D chart */
    STR_LAND_SCALE,             /* note on the colour scale */
    STR_LAND_BATCHES,           /* how far training went: %lld batches */
    STR_RACE_AXIS_X,            /* the race's horizontal axis label (mathematical: x) */
    STR_RACE_AXIS_Y,            /* the race's vertical axis label (mathematical: y) */
    STR_RACE_LR_SCALE,          /* the race window's learning-rate slider: %.3g the factor on every optimizer's rate */
    STR_RACE_MOMENTUM,          /* the race window's momentum slider: %.2f the momentum */
    STR_RACE_BETA1,             /* the race window's beta_1 slider: %.3f beta_1 */
    STR_RACE_BETA2,             /* the race window's beta_2 slider: %.4f beta_2 */
    STR_RACE_COND_SLIDER,       /* the race window's condition-number slider: %.0f kappa */
    STR_RACE_WIN_HINT,          /* the race window's hint */
    STR_RACE_HELP_KEY,          /* help sheet, key: O */
    STR_RACE_HELP,              /* help sheet: what O does */
    STR_LAND_HELP_KEY,          /* help sheet, key: P */
    STR_LAND_HELP,              /* help sheet: what P does */
    STR_LAND_ROWS,              /* the loss is over part of the training set: %d rows used, %d rows in the set */
    /* ---- the compare and training-health views ---- */
    STR_CMP_TITLE,              /* title of the compare view: %s the knob (activation, optimizer...), %d how many values, %lld how long, %s "epochs" or "steps", %llu the first seed */
    STR_CMP_SEEDS,              /* after the title when each value ran with several seeds: %d the seeds per value */
    STR_CMP_EPOCHS,             /* unit of the title's length, and the loss chart's x axis */
    STR_CMP_STEPS,              /* unit of the title's length when the runs trained a number of batches */
    STR_CMP_LOSS_CHART,         /* title of the overlaid loss chart */
    STR_CMP_NO_EPOCH,           /* the loss chart before any run finished an epoch */
    STR_CMP_COL_VALUE,          /* table header: the knob's value */
    STR_CMP_COL_LOSS,           /* table header: training loss of the final weights */
    STR_CMP_COL_ACC,            /* table header: training accuracy */
    STR_CMP_COL_TEST_LOSS,      /* table header: test loss */
    STR_CMP_COL_TEST_ACC,       /* table header: test accuracy */
    STR_CMP_COL_STEPS,          /* table header: batches until the loss reached a target: %.3g the target */
    STR_CMP_COL_DIVERGED,       /* table header: the loss went NaN or infinite */
    STR_CMP_YES,                /* a run diverged */
    STR_CMP_NO,                 /* a run did not diverge */
    STR_CMP_OF,                 /* diverged runs among a value's seeds: %d diverged, %d seeds */
    STR_CMP_WITHIN,             /* seed verdict: %s one value, %s the other; the difference may be luck */
    STR_CMP_BEYOND,             /* seed verdict: %s one value, %s the other */
    STR_CMP_TEST_ACC,           /* small multiple of an image or table data set: %.1f the percentage */
    STR_CMP_DIVERGED_CELL,      /* a small multiple whose run diverged */
    STR_HEALTH_TITLE,           /* title of the health view: %s the knob compared */
    STR_HEALTH_GRAD,            /* title of a run's gradient chart */
    STR_HEALTH_STEP,            /* x axis of the health charts */
    STR_HEALTH_LAYER,           /* legend of one layer: %d its number from 1 */
    STR_HEALTH_DEAD,            /* bar chart of the fraction of relu units zero for a whole batch */
    STR_HEALTH_SAT,             /* bar chart of the fraction of sigmoid/tanh outputs in their flat tails */
    STR_HEALTH_FRACTIONS,       /* caption of the per-layer fraction bars */
    STR_HEALTH_NONE,            /* a health chart with nothing recorded */
    STR_HEALTH_HIST,            /* caption of the row of per-layer activation histograms */
    STR_CMP_MENU_TITLE,         /* title of the Compare dialog (key V) */
    STR_CMP_MENU_HINT,          /* below the dialog's title */
    STR_CMP_MENU_KNOB,          /* caption of the knob menu */
    STR_CMP_MENU_LAYER,         /* caption of the layer menu (activation only) */
    STR_CMP_MENU_ALL_LAYERS,    /* layer menu: vary the activation of every hidden layer */
    STR_CMP_MENU_HIDDEN,        /* layer menu: one hidden layer; %d its number from 1 */
    STR_CMP_MENU_VALUES,        /* caption of the values field */
    STR_CMP_MENU_GO,            /* button: build the runs */
    STR_CMP_MENU_ONE,           /* button: keep only the shown run */
    STR_CMP_MENU_SHOW,          /* button of a run's row: make it the run the main view shows */
    STR_CMP_MENU_SHOWN,         /* in place of Show on the row of the run the main view shows */
    STR_CMP_KNOB_ACTIVATION,    /* knob menu */
    STR_CMP_KNOB_OPTIMIZER,     /* knob menu */
    STR_CMP_KNOB_LR,            /* knob menu */
    STR_CMP_KNOB_BATCH,         /* knob menu */
    STR_CMP_KNOB_INIT,          /* knob menu */
    STR_CMP_KNOB_REG,           /* knob menu */
    STR_CMP_KNOB_REG_RATE,      /* knob menu */
    STR_CMP_KNOB_LOSS,          /* knob menu */
    STR_CMP_ROW,                /* a run's figures in the dialog: %s training loss, %s test loss, %s test accuracy (formatted numbers) */
    STR_TOP_TIP_COMPARE,        /* tooltip of the top bar's compare button */
    STR_HELP_KEY_COMPARE,       /* the key that opens the Compare dialog */
    STR_HELP_COMPARE,           /* what that key does */
    STR_CMP_LOSS_CHART_STEPS,   /* title of the loss chart when the runs are shorter than two epochs */
    STR_CMP_WHATIF,             /* caption of the dialog's learning-rate strip: %lld the step every preview is re-trained to */

    /* ---- the timeline under the loss chart ---- */
    STR_STATUS_NO_BRANCH,       /* a branch asked for is not kept: %d branch number */
    STR_STATUS_ON_BRANCH,       /* after returning to a branch: %d branch number */
    STR_TL_STEP,                /* left of the scrubber's caption: %lld current step */
    STR_TL_AHEAD,               /* after it when steps were undone: %lld steps recorded ahead */
    STR_TL_MEMORY,              /* right of the caption: %f megabytes used, %f the bound */
    STR_TL_TIP_TRACK,           /* tooltip of the scrubber: %lld the step under the mouse */
    STR_TL_TIP_BRANCH,          /* tooltip of a branch button: %d branch, %lld first step, %lld last step */
    STR_TL_MEMORY_SHORT,        /* STR_TL_MEMORY where it does not fit: %f megabytes used, %f the bound */
    /* ---- stepping through a batch: the caption over the network ---- */
    STR_CAPTION_START,          /* before the first phase of a batch */
    STR_CAPTION_FORWARD,        /* a forward phase just ran: %d layer (from 1) */
    STR_CAPTION_LOSS,           /* the loss phase just ran */
    STR_CAPTION_BACKWARD_OUTPUT,/* the output layer's backward phase: %d layer */
    STR_CAPTION_BACKWARD,       /* a hidden layer's backward phase: %d layer */
    STR_CAPTION_UPDATE,         /* the update phase just ran */
    STR_HELP_KEY_PHASE_BACK,    /* key: comma */
    STR_HELP_STEP_PHASE_BACK,   /* what it does */
    STR_HELP_KEY_EPOCH_BACK,    /* keys: shift + left arrow */
    STR_HELP_STEP_EPOCH_BACK,   /* what it does */
    STR_HELP_KEY_ROW,           /* keys: [ and ] */
    STR_HELP_ROW,               /* what they do */
    STR_STEP_ROW,               /* under the caption: %d row, %d rows in the batch, %d its data-set row (all from 1) */
    STR_STEP_NO_BATCH,          /* under the caption before any phase ran */
    STR_STEP_LOSS_HALF,         /* half-squared loss of the row: %s a - y, %s the loss */
    STR_STEP_DELTA_HALF,        /* its output delta: %s a - y, %s f'(z), %d B, %s delta */
    STR_STEP_LOSS_MSE,          /* squared error of the row: %s a - y, %s the loss */
    STR_STEP_DELTA_MSE,         /* its output delta: %s a - y, %s f'(z), %d B, %s delta */
    STR_STEP_LOSS_BCE,          /* binary cross-entropy of the row: %s the loss */
    STR_STEP_DELTA_BCE,         /* its output delta: %s a, %s y, %d B, %s delta */
    STR_STEP_LOSS_ANY,          /* another loss: %s the row's loss, %s the first output's delta */
    STR_STEP_NUM_Z,             /* beside a neuron: %s its z */
    STR_STEP_NUM_A,             /* %s its activation a */
    STR_STEP_NUM_DELTA,         /* %s its delta */
    STR_STEP_NUM_DB,            /* %s the change of its bias */
    STR_STEP_DETAIL_FORWARD,    /* third caption line, forward phases */
    STR_STEP_DETAIL_BACKWARD,   /* ... hidden layers' backward phases */
    STR_STEP_DETAIL_UPDATE,     /* ... the update phase */
    STR_STEP_ROW_TARGET,        /* the row line in the loss phase: %d row, %d data-set row, %s target y, %s prediction a */
    STR_STEP_TIP_UPDATE,        /* an edge after the update: %s weight name, %s before, %s after, %s the change */
    /* ---- the inspector: checking by hand ---- */
    STR_INSP_COL_ROW_SHARE,     /* table heading: this row's share of dL/dw, delta times a */
    STR_INSP_COL_BATCH_SUM,     /* table heading: dL/dw summed over the batch */
    STR_INSP_EQ_TARGET,         /* the output's row: %s target y, %s the row's loss */
    STR_INSP_EQ_DELTA_SQ,       /* output delta, squared losses: %s a - y, %s f'(z), %d B, %s delta */
    STR_INSP_EQ_DELTA_MSE,      /* ... mean squared error: %s a - y, %s f'(z), %d B, %s delta */
    STR_INSP_EQ_DELTA_XENT,     /* ... cross-entropy on its own output: %s a - y, %d B, %s delta */
    STR_INSP_EQ_DELTA_HIDDEN,   /* hidden delta: %s dL/da, %s f'(z), %s delta */
    STR_INSP_OPT_SGD,           /* the selected weight's update: %s lr, %s dL/dw, %s the change */
    STR_INSP_OPT_MOMENTUM,      /* %s momentum, %s lr, %s velocity after, %s the change */
    STR_INSP_OPT_ADAGRAD,       /* %s accumulator, %s lr, %s dL/dw, %s sqrt(A + eps), %s the change */
    STR_INSP_OPT_RMSPROP,       /* %s mean square s, %s lr, %s dL/dw, %s sqrt(s + eps), %s the change */
    STR_INSP_OPT_ADAM_STATE,    /* %lld t, %s m, %s v, %s m-hat, %s v-hat */
    STR_INSP_OPT_ADAM_STEP,     /* %s alpha, %s sqrt(v) + eps, %s the change */
    STR_INSP_OPT_OTHER,         /* another optimizer: %s the change */
    STR_INSP_GRADCHECK,         /* the gradient-check button */
    STR_INSP_GRADCHECK_TIP,     /* its tooltip: %s the weight's name */
    STR_INSP_GRADCHECK_RESULT,  /* %s weight, %s backprop, %s finite difference, %s relative difference */
    STR_INSP_SELECTED,          /* under the table: %s the weight the lines below are about */
    STR_STEP_ROW_TARGET_CLASS,  /* the row line in the loss phase, classes: %d row, %d data-set row, %d target class (from 0), %s its probability */
    STR_STEP_LOSS_CE,           /* cross-entropy of the row: %s the target class's probability, %s the loss */
    STR_INSP_PREDICT_ASK,       /* before the update: %s the weight's name */
    STR_INSP_PREDICT_UP,        /* button: the weight goes up */
    STR_INSP_PREDICT_DOWN,      /* button: the weight goes down */
    STR_INSP_PREDICT_WAIT,      /* a guess was made: %s up or down (the words below) */
    STR_INSP_PREDICT_WORD_UP,   /* the word for up in the lines around */
    STR_INSP_PREDICT_WORD_DOWN, /* the word for down */
    STR_INSP_PREDICT_RIGHT,     /* after the update: %s the guess's word, %s the change */
    STR_INSP_PREDICT_WRONG,     /* ... a wrong guess: %s the guess's word, %s the change */
    STR_STEP_TIP_SPOT,          /* a batch point on the plot: %d batch row, %d data-set row, %s its loss */
    STR_STATUS_SLOWMO,          /* slow motion's pace changed: %f seconds between phases */
    STR_HELP_KEY_SLOWMO,        /* keys: A, and shift with [ and ] */
    STR_HELP_SLOWMO,            /* what they do */
    /* ---- what-if preview of a hovered control: the ghost over the plot and chart ---- */
    STR_WHATIF_GHOST,           /* caption's first line: %s the control's name, %s the value pointed at */
    STR_WHATIF_GHOST_BUSY,      /* its second line while it re-trains: %d percent of the steps done */
    STR_WHATIF_GHOST_DIVERGED,  /* ... when it diverged: %lld the step it diverged at */
    STR_WHATIF_GHOST_LOSS,      /* ... when it is there: %s the preview's training loss */
    /* ---- the loss chart for comparison: smoothing, every run's value on hover ---- */
    STR_CHART_SMOOTH,           /* caption of the chart's smoothing slider */
    STR_CHART_SMOOTH_TIP,       /* its tooltip: %d the weight of the moving average in percent */
    STR_CHART_RUNS_TIP_EPOCH,   /* first line of the runs' hover box: %lld epoch */
    STR_CHART_RUNS_TIP_ROW,     /* a run's line: %s its label, %s train loss, %s test loss */

    /* ---- You compute it: the inspector asks for one number ---- */
    STR_EX_TITLE,               /* label before the buttons that start an exercise */
    STR_EX_SYM_Z,               /* button and answer: z */
    STR_EX_SYM_DELTA,           /* delta */
    STR_EX_SYM_GRAD,            /* this row's share of dL/dw */
    STR_EX_SYM_WEIGHT,          /* the weight after the update */
    STR_EX_ASK_Z,               /* the question: %d batch row */
    STR_EX_ASK_DELTA,           /* %d batch row */
    STR_EX_ASK_GRAD,            /* %s the weight's input, %d batch row */
    STR_EX_ASK_WEIGHT,          /* %s the weight's input */
    STR_EX_TOLERANCE,           /* %g percent of the value, %g the least tolerance */
    STR_EX_RIGHT,               /* %s symbol, %s true value, %s the answer, %s tolerance */
    STR_EX_WRONG,               /* %s symbol, %s true value, %s the answer, %s tolerance */
    STR_STATUS_EX_FIRST_Z,      /* z of the first layer cannot be asked */
    STR_STATUS_EX_BAD,          /* no such neuron or weight */
    STR_HELP_KEY_EXERCISE,      /* key: Y */
    STR_HELP_EXERCISE,          /* what it does */
    STR_EX_TIP,                 /* tooltip of the exercise buttons */

    /* ---- the update caption: the optimizer's own rule ---- */
    STR_CAPTION_UPDATE_RULE,    /* %s the rule (one of the below) */
    STR_RULE_SGD,               /* SGD's update */
    STR_RULE_MOMENTUM,          /* SGD with momentum */
    STR_RULE_NESTEROV,          /* Nesterov momentum */
    STR_RULE_ADAGRAD,           /* Adagrad */
    STR_RULE_RMSPROP,           /* RMSprop */
    STR_RULE_ADAM,              /* Adam */
    STR_RULE_ADAMW,             /* AdamW */
    /* the code panel: a Keras program's text beside its network */
    STR_CODE_TITLE,             /* the panel's title */
    STR_CODE_TRAINING,          /* under it, playing: %d the line training runs (fit's) */
    STR_CODE_STOPPED,           /* ... paused there: %d that line */
    STR_HELP_KEY_CODE,          /* key: K */
    STR_HELP_CODE,              /* what it does */
    STR_CODE_PAUSED,            /* ... paused there after training: %d that line, %lld the batches trained */

    /* ---- the language ---- */
    STR_HELP_KEY_LANG,          /* the key that switches the language: Z */
    STR_HELP_LANG,              /* what it does (names both languages in themselves) */
    STR_STATUS_LANG,            /* the language was switched: %s its own name */

    /* ---- a hidden layer's space in the output plot (W) ---- */
    STR_HS_TITLE,               /* the output panel's title while it shows the space: %d layer (from 1) */
    STR_HS_AXES,                /* caption in the plot: %d neuron across, %d neuron up (from 1) */
    STR_HS_STAGE_PLANE,         /* step button: the input plane, x */
    STR_HS_STAGE_LINEAR,        /* step button: x times the weights */
    STR_HS_STAGE_BIASED,        /* step button: plus the biases */
    STR_HS_STAGE_ACT,           /* step button: the activation applied */
    STR_HS_TIP_STAGE,           /* tooltip of the step buttons */
    STR_HS_UNAVAILABLE,         /* status: the view needs 2-D data and a hidden layer */
    STR_HELP_KEY_HSPACE,        /* key: W */
    STR_HELP_HSPACE,            /* what it does */
    /* ---- exports for slides and handouts: PNG at 2x, SVG, GIF ---- */
    STR_HELP_KEY_SLIDES,        /* keys: Shift+S, X, F */
    STR_HELP_SLIDES,            /* what they do, in the same order */
    STR_EXPORT_MENU,            /* the top bar's menu of exports */
    STR_EXPORT_ITEM_PNG2X,      /* menu item: the window as PNG at twice the pixels */
    STR_EXPORT_ITEM_SVG,        /* menu item: the network diagram as SVG */
    STR_EXPORT_ITEM_GIF,        /* menu item: a GIF of the next seconds: %d the seconds */
    STR_STATUS_GIF_RECORDING,   /* recording a GIF: %d frames captured, %d frames in all */
    STR_STATUS_GIF_ENCODING,    /* the GIF's last frames are being encoded: %d encoded, %d in all */
    STR_SVG_LAYER,              /* an SVG's caption over a hidden layer: %d the layer (from 1) */
    STR_SVG_LAYER_SHORT,        /* the same where columns are narrow: %d the layer (from 1) */
    /* ---- Draw your own: starting over ---- */
    STR_DATA_CLEAR_POINTS,      /* button: removes every training point */
    STR_STATUS_DRAW_TWO,        /* after it: training waits for two drawn points */

    /* ---- the loss chart's running point ---- */
    STR_CHART_TIP_LIVE,         /* its tooltip: %s train loss (as the top bar), %lld epoch, %lld batch, %d batches per epoch, %lld step */
    /* ---- the lesson panel, the lessons menu, capture ---- */
    STR_LESSON_CARD_HINT,       /* under a lesson's title card: Space begins the walk */
    STR_LESSON_STEP_OF,         /* the lesson panel's position: %d the step (from 1), %d the steps */
    STR_LESSON_BACK,            /* button: back a step (Backspace) */
    STR_LESSON_NEXT,            /* button: on to what Space does next */
    STR_LESSON_HINT_ACT,        /* under the text: Space runs the step's action */
    STR_LESSON_HINT_NEXT,       /* the action ended: Space goes on to the next step */
    STR_LESSON_HINT_RUNNING,    /* the step's action is training */
    STR_LESSON_HINT_CHOOSE,     /* above a prediction's options: choose one, then Space reveals */
    STR_LESSON_HINT_END,        /* the last step's action ended */
    STR_LESSON_CHAPTERS,        /* caption of the chapter list */
    STR_LESSON_CHECK_VALUES,    /* a check's two sides after the action: %s the left value, %s the right value */
    STR_LESSON_CHECK_NOT,       /* a check that could not be evaluated: %s why */
    STR_LESSONS_TITLE,          /* the lessons menu's title */
    STR_LESSONS_NONE,           /* the lessons menu when the lessons directory holds none */
    STR_LESSONS_CAPTURE,        /* menu item: append the current state to the lesson as a step (key N) */
    STR_TOP_TIP_LESSONS,        /* tooltip of the top bar's lessons button */
    STR_STATUS_LESSON_OPEN,     /* status: a lesson opened, %s its title, %d its steps */
    STR_STATUS_LESSON_ERROR,    /* status: the lesson could not be read or walked, %s the one-line reason */
    STR_STATUS_CAPTURED,        /* status: the moment was saved, %d the step's number, %s the file */
    STR_STATUS_CAPTURE_FAIL,    /* status: the moment could not be saved, %s why */
    STR_HELP_KEY_LESSONS,       /* key of the lessons menu: B */
    STR_HELP_LESSONS,           /* what it does */
    STR_HELP_KEY_LESSON_WALK,   /* keys that walk a lesson */
    STR_HELP_LESSON_WALK,       /* what they do */
    STR_HELP_KEY_CAPTURE,       /* key that saves the moment as a step: N */
    STR_HELP_CAPTURE,           /* what it does */
    /* a lesson's check as the class reads it (lesson_show.c): layers from 1, as the window numbers them */
    STR_CHECK_LOSS,             /* the metric loss: the training set's loss now */
    STR_CHECK_TEST_LOSS,        /* test_loss */
    STR_CHECK_ACCURACY,         /* accuracy: over the training set */
    STR_CHECK_TEST_ACCURACY,    /* test_accuracy */
    STR_CHECK_EPOCH,            /* epoch: epochs trained */
    STR_CHECK_STEP,             /* step: batches trained */
    STR_CHECK_LEARNING_RATE,    /* learning_rate */
    STR_CHECK_GRADIENT_NORM,    /* gradient_norm of a layer: %d the layer from 1 (as the health view's L1) */
    STR_CHECK_DEAD_FRACTION,    /* dead_fraction of a layer: %d the layer from 1 */
    STR_CHECK_SATURATED_FRACTION, /* saturated_fraction of a layer: %d the layer from 1 */
    STR_CHECK_LAYER,            /* the same metric at another layer ("0.1 x layer 9"): %d the layer from 1 */
    STR_CHECK_OF_RUN,           /* a metric of one of the runs compared: %s the metric, %s the run's name as the legend shows it */

    /* ---- dropout on the network diagram ---- */
    STR_NET_UNITS_DROPOUT,      /* under a hidden layer with dropout: %s its neuron count (as STR_NET_NEURONS), %g the rate */
    /* the loss chart's x axis (chart_axis.c) */
    STR_CHART_X_EPOCHS,         /* x axis title and choice: epochs */
    STR_CHART_X_STEPS,          /* x axis title and choice: steps (batches) */
    STR_CHART_X_SAMPLES,        /* x axis title and choice: samples (training rows seen) */
    STR_CHART_X_SECONDS,        /* x axis title and choice: seconds of training */
    STR_CHART_X_BUTTON,         /* the chart's x axis button: %s the axis (one of the four above) */
    STR_CHART_X_TIP,            /* its tooltip (says why samples compare batch sizes) */
    STR_CHART_X_SECONDS_TICK,   /* a tick on the seconds axis: %s the number ("1.5") */
    STR_CHART_RUNS_TIP_X,       /* first line of the runs' hover box off the epoch axis: %s axis title, %s value */

    /* ---- the top bar's lessons button ---- */
    STR_TOP_LESSONS,            /* the top bar's button that opens the lessons menu (key B) */
    /* ---- the window's training-health view (panel_health_live.c) ---- */
    STR_HL_TITLE,               /* title of the panel */
    STR_HL_BUTTON,              /* the output panel's button that opens the view (names its key J) */
    STR_HL_BUTTON_BACK,         /* the view's button back to the output plot (names its key J) */
    STR_HL_BUTTON_TIP,          /* tooltip of those buttons */
    STR_HL_GRAD,                /* caption of the gradient-norm chart (log scale) */
    STR_HL_EVERY,               /* after that caption when samples are thinned: %lld batches between samples */
    STR_HL_FRACTION,            /* caption of the dead (relu) / saturated (sigmoid, tanh) units chart */
    STR_HL_FRACTION_NONE,       /* that chart when no hidden layer is relu, sigmoid or tanh */
    STR_HL_HIST,                /* caption of the row of activation histograms of the last batch */
    STR_HL_NONE,                /* the view before any batch has been trained */
    STR_HL_TIP_STEP,            /* first line of the hover box: %s the batch count */
    STR_HL_TIP_GRAD,            /* a layer's line in it: %d layer from 1, %s gradient norm */
    STR_HL_TIP_DEAD,            /* a relu layer's line: %d layer from 1, %.0f percent of units dead */
    STR_HL_TIP_SAT,             /* a sigmoid/tanh layer's line: %d layer from 1, %.0f percent of outputs saturated */
    STR_HL_TIP_HIST,            /* a histogram bin: %d layer from 1, %s bin start, %s bin end, %.1f percent of outputs */
    STR_HL_LAYER_SHORT,         /* label under a layer's histogram: %d layer from 1 */
    STR_HELP_KEY_HEALTH,        /* key: J */
    STR_HELP_HEALTH,            /* what it does */
    /* ---- the compare render's loss chart (panel_compare.c) ---- */
    STR_CMP_LOSS_CHART_SMOOTH,  /* its title with smoothing on: %d the smoothing in percent */
    /* ---- the what-if strip while a knob is hovered (whatif_strip.c) ---- */
    STR_WHATIF_STRIP,           /* caption over the strip: %s the knob's name, %lld the step re-trained to */

    /* output panel, zoomed in with the controls shown: the toggles in one row */
    STR_OUT_SHOW_TEST_SHORT,    /* check box: draw the test points too (short) */
    STR_OUT_DISCRETIZE_SHORT,   /* check box: two colours instead of a gradient (short) */

    STR_COUNT
} i18n_Id;

/* No text: tr(STR_NONE) is "" (an empty cell of a table of ids). */
#define STR_NONE STR_COUNT

typedef enum {
    I18N_OK = 0,
    I18N_ERR_UNKNOWN /* no language has this code; the current one is kept */
} i18n_Status;

/* The text of id in the current language, UTF-8, never NULL: English where
 * the language has none, "" for STR_NONE or another id outside
 * [0, STR_COUNT). A format for ids whose comment names conversions. */
const char *tr(i18n_Id id);

/* out[k] = tr(ids[k]) for k < n: the items of a menu. */
void tr_list(const char **out, const i18n_Id *ids, int n);

/* Makes the language with this code ("en"; matched without regard to case)
 * current. On failure returns I18N_ERR_UNKNOWN, writes one line naming the
 * code and the known ones into err (when err_len > 0) and changes nothing. */
i18n_Status i18n_set_language(const char *code, char *err, size_t err_len);

/* Code of the current language ("en" until another is set). */
const char *i18n_language(void);

/* Languages there are, and the code and own name ("English") of the k-th;
 * NULL for k out of range. For a language menu. */
int i18n_language_count(void);
const char *i18n_language_code(int k);
const char *i18n_language_name(int k);
/* The k-th language's own text of id, whether or not it is current (NULL
 * where it has none): what the window renders ahead of a switch to it. */
const char *i18n_language_text(int k, i18n_Id id);
/* 1 when tr(id) was called since the program started (the window has
 * shown that text), and how many ids were: the texts worth rendering ahead
 * in another language. */
int i18n_was_used(i18n_Id id);
int i18n_used_count(void);

/* The printf conversions of fmt, one letter group per conversion and
 * separated by spaces: "d d s", "lld f" ("" for none). Conversions count as
 * the same when printf reads the same argument type from them: d i -> "d",
 * u o x X -> "u", f F e E g G a A -> "f", with the length modifier kept
 * ("lld", "llu", "zu"); a '*' width or precision is one "d" more. Flags,
 * width and precision are ignored, %% is no conversion. Returns the number of
 * conversions, or -1 when fmt has one printf would not read safely (%n,
 * positional %1$d, an unknown letter, a lone % at the end) or out is too small. */
int i18n_conversions(const char *fmt, char *out, size_t out_len);

/* 1 when s is well-formed UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF), else 0. */
int i18n_utf8_valid(const char *s);

/* The code of the language a name or locale asks for: "zh", "zh-Hans",
 * "zh_CN.UTF-8" and every other zh_* give "zh-Hans"; "en", "en_GB.UTF-8",
 * "C" and "POSIX" give "en". NULL for an empty name or another language. */
const char *i18n_code_for(const char *name);

/* The language the locale variables ask for, in POSIX's order of precedence
 * (LC_ALL, then LC_MESSAGES, then LANG; the first set and non-empty one
 * decides): a code for i18n_set_language, or NULL when it names no language
 * there is. Takes the values, not the environment, so a test can pass them. */
const char *i18n_locale_language(const char *lc_all, const char *lc_messages, const char *lang);

#endif
