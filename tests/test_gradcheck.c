/* test_gradcheck.c - every activation x loss pairing: the trainer's analytic
 * gradient of every parameter against a central difference of an independent
 * double-precision forward pass written here (so forward and backward are
 * both checked against code that shares nothing with the engine). */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "activation.h"
#include "dataset.h"
#include "loss.h"
#include "model.h"
#include "optimizer.h"
#include "trainer.h"

#define ROWS 5
#define IN 3

/* ---- reference forward in double ---- */

static double ref_act(nn_Act act, double z)
{
    switch (act) {
    case NN_ACT_LINEAR: return z;
    case NN_ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    case NN_ACT_TANH: return tanh(z);
    case NN_ACT_RELU: return z > 0 ? z : 0;
    case NN_ACT_LEAKY_RELU: return z > 0 ? z : 0.2 * z;
    case NN_ACT_ELU: return z > 0 ? z : exp(z) - 1.0;
    case NN_ACT_SOFTPLUS: return log1p(exp(z));
    case NN_ACT_SWISH: return z / (1.0 + exp(-z));
    default: return z;
    }
}

/* Mean loss of model m on x/t (targets as the trainer gathered them). */
static double ref_loss(const nn_Model *m, const float *x, const float *t, int rows)
{
    int L = m->arch.n_layers;
    double total = 0.0;
    for (int r = 0; r < rows; r++) {
        double a[NN_MAX_UNITS], z[NN_MAX_UNITS], prev[NN_MAX_UNITS];
        for (int i = 0; i < m->arch.sizes[0]; i++)
            prev[i] = x[r * m->arch.sizes[0] + i];
        for (int l = 0; l < L; l++) {
            int ni = m->arch.sizes[l], no = m->arch.sizes[l + 1];
            for (int j = 0; j < no; j++) {
                double s = m->b[l][j];
                for (int i = 0; i < ni; i++)
                    s += prev[i] * (double)m->W[l][i * no + j];
                z[j] = s;
            }
            if (m->arch.act[l] == NN_ACT_SOFTMAX) {
                double mx = z[0], sum = 0;
                for (int j = 1; j < no; j++)
                    mx = z[j] > mx ? z[j] : mx;
                for (int j = 0; j < no; j++)
                    sum += exp(z[j] - mx);
                for (int j = 0; j < no; j++)
                    a[j] = exp(z[j] - mx) / sum;
            } else {
                for (int j = 0; j < no; j++)
                    a[j] = ref_act(m->arch.act[l], z[j]);
            }
            memcpy(prev, a, sizeof(double) * no);
        }
        int no = m->arch.sizes[L];
        nn_Act oa = m->arch.act[L - 1];
        double row = 0.0;
        switch (m->loss) {
        case NN_LOSS_MSE:
            for (int j = 0; j < no; j++)
                row += (a[j] - t[r * no + j]) * (a[j] - t[r * no + j]);
            row /= no;
            break;
        case NN_LOSS_HALF_SQUARED:
            for (int j = 0; j < no; j++)
                row += 0.5 * (a[j] - t[r * no + j]) * (a[j] - t[r * no + j]);
            break;
        case NN_LOSS_BCE:
            for (int j = 0; j < no; j++) {
                double tt = t[r * no + j];
                if (oa == NN_ACT_SIGMOID) {
                    double zz = z[j];
                    row += (zz > 0 ? zz : 0) - zz * tt + log1p(exp(-fabs(zz)));
                } else {
                    row -= tt * log(a[j]) + (1 - tt) * log(1 - a[j]);
                }
            }
            row /= no;
            break;
        case NN_LOSS_CCE:
            for (int j = 0; j < no; j++)
                row -= t[r * no + j] * log(a[j]);
            break;
        case NN_LOSS_SPARSE_CCE:
            row -= log(a[(int)t[r]]);
            break;
        default:
            break;
        }
        total += row;
    }
    double pen = 0.0;
    for (int l = 0; l < L; l++)
        for (int i = 0; i < m->arch.sizes[l] * m->arch.sizes[l + 1]; i++)
            pen += m->reg == NN_REG_L1 ? fabs(m->W[l][i]) : (double)m->W[l][i] * m->W[l][i];
    return total / rows + (m->reg == NN_REG_NONE ? 0.0 : m->reg_rate * pen);
}

/* ---- one pairing ---- */

static void check_pair(nn_Act hidden, nn_Act out_act, nn_Loss loss, nn_Reg reg, int n_out)
{
    char err[256];
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 3;
    arch.sizes[0] = IN;
    arch.sizes[1] = 4;
    arch.sizes[2] = 3;
    arch.sizes[3] = n_out;
    arch.act[0] = hidden;
    arch.act[1] = hidden;
    arch.act[2] = out_act;
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, &arch, loss, err, sizeof err), NN_OK);
    m->reg = reg;
    m->reg_rate = reg == NN_REG_NONE ? 0.0f : 0.01f;
    nn_Rng rng;
    nn_rng_seed(&rng, 42 + hidden * 31 + loss * 7 + out_act);
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] = (float)(nn_rng_uniform(&rng) * 1.6 - 0.8);
    /* keep relu-family units alive: a dead layer has no gradient to check */
    for (int l = 0; l < 3; l++)
        for (int j = 0; j < arch.sizes[l + 1]; j++)
            m->b[l][j] = (l == 2 ? 0.7f : 0.3f) + 0.1f * (float)j;

    int classify = loss == NN_LOSS_BCE || loss == NN_LOSS_CCE || loss == NN_LOSS_SPARSE_CCE;
    int k = n_out == 1 ? 2 : n_out;
    nn_Dataset *d = NULL;
    assert_int_equal(nn_dataset_create(&d, classify ? NN_TASK_CLASSIFY : NN_TASK_REGRESS, ROWS, IN,
                                       classify ? 1 : n_out, classify ? k : 0, 0, err, sizeof err),
                     NN_OK);
    for (int i = 0; i < ROWS * IN; i++)
        d->x[i] = (float)(nn_rng_uniform(&rng) * 2.0 - 1.0);
    for (int r = 0; r < ROWS; r++) {
        if (classify)
            d->label[r] = r % k;
        else
            for (int j = 0; j < n_out; j++)
                d->y[r * n_out + j] = (float)(nn_rng_uniform(&rng) * 1.6 - 0.8);
    }

    nn_OptConfig oc;
    nn_opt_config_default(&oc, NN_OPT_SGD);
    nn_Optimizer *opt = NULL;
    assert_int_equal(nn_opt_create(&opt, &oc, m->n_params, err, sizeof err), NN_OK);
    nn_TrainConfig tc;
    memset(&tc, 0, sizeof tc);
    tc.batch_size = ROWS;
    nn_rng_seed(&tc.rng, 1);
    nn_Trainer *t = NULL;
    assert_int_equal(nn_trainer_create(&t, m, opt, d, &tc, err, sizeof err), NN_OK);

    /* every phase but the update */
    int phases = nn_trainer_phases_per_batch(t);
    for (int p = 0; p < phases - 1; p++)
        assert_int_equal(nn_trainer_step_phase(t), NN_OK);
    assert_int_equal(nn_trainer_next_phase(t).kind, NN_PHASE_UPDATE);

    const float *g = nn_trainer_grads(t);
    const float *x = nn_trainer_batch_x(t), *tg = nn_trainer_batch_target(t);
    double ref = ref_loss(m, x, tg, ROWS);
    assert_close_rel(nn_trainer_cursor(t).last_loss, ref, 1e-4);

    double gsum = 0.0;
    for (size_t i = 0; i < m->n_params; i++) {
        float saved = m->params[i];
        double h = 1e-5; /* double-precision forward: tiny steps stay exact, and rarely cross a relu kink */
        m->params[i] = (float)(saved + h);
        double hp = m->params[i] - (double)saved;
        double lp = ref_loss(m, x, tg, ROWS);
        m->params[i] = (float)(saved - h);
        double hm = (double)saved - m->params[i];
        double lm = ref_loss(m, x, tg, ROWS);
        m->params[i] = saved;
        double num = (lp - lm) / (hp + hm);
        if (!(fabs(num - g[i]) <= 2e-3 * fmax(fabs(num), 1e-2))) {
            print_error("%s hidden, %s output, %s, reg %s: param %zu analytic %.8g numeric %.8g\n",
                        nn_act_name(hidden), nn_act_name(out_act), nn_loss_name(loss),
                        nn_reg_name(reg), i, g[i], num);
            fail();
        }
        gsum += fabs(g[i]);
    }
    /* an empty backward pass must not pass: the gradient has to be there */
    if (!(gsum > 1e-4)) {
        print_error("%s hidden, %s output, %s: the gradient is all but zero (%g)\n",
                    nn_act_name(hidden), nn_act_name(out_act), nn_loss_name(loss), gsum);
        fail();
    }
    for (int l = 0; l < arch.n_layers; l++) {
        double ls = 0.0;
        for (int i = 0; i < arch.sizes[l] * arch.sizes[l + 1]; i++)
            ls += fabs(nn_trainer_dW(t, l)[i]);
        if (!(ls > 0.0)) {
            print_error("%s hidden, %s output, %s: layer %d has no gradient\n", nn_act_name(hidden),
                        nn_act_name(out_act), nn_loss_name(loss), l);
            fail();
        }
    }
    nn_trainer_destroy(t);
    nn_opt_destroy(opt);
    nn_dataset_destroy(d);
    nn_model_destroy(m);
}

static const nn_Act hidden_acts[] = {NN_ACT_LINEAR, NN_ACT_SIGMOID, NN_ACT_TANH, NN_ACT_RELU,
                                     NN_ACT_LEAKY_RELU, NN_ACT_ELU, NN_ACT_SOFTPLUS, NN_ACT_SWISH};
#define N_HIDDEN (int)(sizeof hidden_acts / sizeof hidden_acts[0])

/* Squared losses with every output activation (softmax included). */
static void test_squared_losses(void **state)
{
    (void)state;
    for (int h = 0; h < N_HIDDEN; h++) {
        for (int o = 0; o < NN_ACT_COUNT; o++) {
            int n_out = o == NN_ACT_SOFTMAX ? 3 : 2;
            check_pair(hidden_acts[h], (nn_Act)o, NN_LOSS_MSE, NN_REG_NONE, n_out);
            check_pair(hidden_acts[h], (nn_Act)o, NN_LOSS_HALF_SQUARED, NN_REG_NONE, n_out);
        }
    }
}

/* Cross-entropies with the outputs they accept: fused and clipped forms. */
static void test_cross_entropies(void **state)
{
    (void)state;
    for (int h = 0; h < N_HIDDEN; h++) {
        check_pair(hidden_acts[h], NN_ACT_SIGMOID, NN_LOSS_BCE, NN_REG_NONE, 1);
        check_pair(hidden_acts[h], NN_ACT_SOFTMAX, NN_LOSS_BCE, NN_REG_NONE, 3);
        check_pair(hidden_acts[h], NN_ACT_SOFTMAX, NN_LOSS_CCE, NN_REG_NONE, 3);
        check_pair(hidden_acts[h], NN_ACT_SOFTMAX, NN_LOSS_SPARSE_CCE, NN_REG_NONE, 4);
    }
}

static void test_regularized(void **state)
{
    (void)state;
    check_pair(NN_ACT_TANH, NN_ACT_LINEAR, NN_LOSS_MSE, NN_REG_L2, 1);
    check_pair(NN_ACT_RELU, NN_ACT_SOFTMAX, NN_LOSS_SPARSE_CCE, NN_REG_L2, 3);
    check_pair(NN_ACT_SWISH, NN_ACT_SIGMOID, NN_LOSS_BCE, NN_REG_L1, 1);
}

/* Softmax cross-entropy values: from the probabilities when they are
 * normal floats, from the logits when a needed one underflows (a class the
 * model rules out by e^-200 costs 200, not infinity). */
static void test_softmax_cce_values(void **state)
{
    (void)state;
    const float z[3][3] = {{0.5f, -1.0f, 2.0f}, {0.0f, 200.0f, -5.0f}, {-3.0f, 1.0f, 0.0f}};
    const float label[3] = {2, 0, 1};
    float a[9], dz[9];
    nn_act_forward(NN_ACT_SOFTMAX, a, &z[0][0], 3, 3);
    assert_true(a[3] < 1e-30f); /* e^-200: the softmax gives at most its floor e^-87 */
    double want = 0.0;
    for (int r = 0; r < 3; r++) {
        double m = z[r][0], s = 0.0;
        for (int j = 1; j < 3; j++)
            m = z[r][j] > m ? z[r][j] : m;
        for (int j = 0; j < 3; j++)
            s += exp((double)z[r][j] - m);
        want -= (double)z[r][(int)label[r]] - m - log(s);
    }
    want /= 3.0;
    double got = nn_loss_eval(NN_LOSS_SPARSE_CCE, NN_ACT_SOFTMAX, &z[0][0], a, label, 3, 3, dz);
    assert_true(isfinite(got));
    assert_close_rel(got, want, 1e-6);
    assert_true(want > 200.0 / 3.0);
    /* one-hot targets give the same */
    float onehot[9] = {0};
    for (int r = 0; r < 3; r++)
        onehot[r * 3 + (int)label[r]] = 1.0f;
    float dz2[9];
    assert_close_rel(nn_loss_eval(NN_LOSS_CCE, NN_ACT_SOFTMAX, &z[0][0], a, onehot, 3, 3, dz2),
                     want, 1e-6);
    assert_memory_equal(dz, dz2, sizeof dz);
}

/* Unusable pairings are refused with a message, not trained into garbage. */
static void test_incompatible_pairs(void **state)
{
    (void)state;
    char err[256] = "";
    nn_Arch arch;
    memset(&arch, 0, sizeof arch);
    arch.n_layers = 2;
    arch.sizes[0] = 2, arch.sizes[1] = 3, arch.sizes[2] = 3;
    arch.act[0] = NN_ACT_TANH, arch.act[1] = NN_ACT_TANH;
    nn_Model *m = NULL;
    assert_int_equal(nn_model_create(&m, &arch, NN_LOSS_CCE, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_null(m);
    assert_non_null(strstr(err, "softmax"));
    arch.act[0] = NN_ACT_SOFTMAX;
    arch.act[1] = NN_ACT_SOFTMAX;
    assert_int_equal(nn_model_create(&m, &arch, NN_LOSS_MSE, err, sizeof err), NN_ERR_INVALID_ARG);
    assert_non_null(strstr(err, "output layer"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_squared_losses),
        cmocka_unit_test(test_cross_entropies),
        cmocka_unit_test(test_regularized),
        cmocka_unit_test(test_softmax_cce_values),
        cmocka_unit_test(test_incompatible_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
