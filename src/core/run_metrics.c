/* run_metrics.c - a run's live loss, accuracy and confusion matrix, from
 * its snapshot (the session's own evaluator belongs to the training thread,
 * which evaluates the test set at every epoch's end). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/run.h"

static nn_Evaluator *evaluator(app_Run *r)
{
    const nn_Model *m = r->snap.model;
    if (r->eval && memcmp(&r->eval_arch, &m->arch, sizeof m->arch) == 0)
        return r->eval;
    nn_evaluator_destroy(r->eval);
    r->eval = NULL;
    char err[256];
    if (nn_evaluator_create(&r->eval, &m->arch, 256, err, sizeof err) != NN_OK)
        return NULL;
    r->eval_arch = m->arch;
    return r->eval;
}

void app_run_refresh_metrics(app_Run *r, double now, int busy, int force)
{
    const app_Snap *S = &r->snap;
    const nn_Model *m = S->model;
    if (!m)
        return;
    nn_Cursor c = S->cursor;
    if (!force && r->metrics_step == c.step)
        return;
    int64_t rows = (int64_t)S->train->n + (S->test ? S->test->n : 0);
    int big = rows > 20000;
    /* big sets are evaluated at most once a second, small ones ten times */
    double every = big ? 1.0 : 0.1;
    if (!force && busy && now - r->metrics_time < every)
        return;
    nn_Evaluator *ev = evaluator(r);
    if (!ev)
        return;
    uint32_t features = S->spec.data.features;
    int k = S->train->task == NN_TASK_CLASSIFY ? S->train->n_classes : 0;
    if (k > 0 && r->n_conf != k) {
        free(r->confusion);
        r->confusion = calloc((size_t)k * (size_t)k, sizeof *r->confusion);
        r->n_conf = r->confusion ? k : 0;
    }
    if (big) {
        /* the training figures come from the cursor's running epoch; only the
         * test set is evaluated (10 000 rows, not 70 000) */
        const nn_Dataset *d = S->test ? S->test : S->train;
        nn_Metrics mt;
        nn_evaluate(ev, m, d, features, &mt, r->confusion);
        if (S->test)
            r->m_test = mt;
        if (c.epoch_rows > 0) {
            r->m_train.loss = c.epoch_loss_sum / (double)c.epoch_rows;
            r->m_train.accuracy = k ? (double)c.epoch_correct / (double)c.epoch_rows : NAN;
        } else if (S->n_history > 0) {
            r->m_train.loss = S->history[S->n_history - 1].train_loss;
            r->m_train.accuracy = S->history[S->n_history - 1].train_acc;
        } else if (!S->test) {
            r->m_train = mt;
        } else {
            r->m_train.loss = NAN;
            r->m_train.accuracy = NAN;
        }
    } else {
        nn_evaluate(ev, m, S->train, features, &r->m_train, S->test ? NULL : r->confusion);
        if (S->test)
            nn_evaluate(ev, m, S->test, features, &r->m_test, r->confusion);
    }
    if (!S->test) {
        r->m_test.loss = NAN;
        r->m_test.accuracy = NAN;
    }
    r->metrics_step = c.step;
    r->metrics_time = now;
}
