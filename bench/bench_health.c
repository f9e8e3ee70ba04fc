/* bench_health.c - T1H: T1's network (spiral, 2-8x6-1 tanh, 1/2 squared
 * error, SGD 0.03, batch 10) trained 10^6 steps plain and with the health
 * log recording after every batch as the window's runs do, in alternating
 * blocks so a busy moment of the machine falls on both alike; and what one
 * measurement costs (the price of measuring every batch). */
#include "bench_health.h"

#include <stdio.h>
#include <time.h>

#include "core/health_log.h"
#include "engine/session.h"

#define T1H_STEPS 1000000
#define T1H_BLOCK 50000

static double secs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static nn_Session *t1_session(void)
{
    nn_Experiment e;
    nn_experiment_default(&e);
    e.data.kind = NN_SRC_PLAYGROUND;
    e.data.playground = NN_PG_SPIRAL;
    e.data.samples = 500;
    e.n_hidden = 6;
    for (int l = 0; l < 6; l++) {
        e.hidden[l] = 8;
        e.hidden_act[l] = NN_ACT_TANH;
    }
    e.loss = NN_LOSS_MSE;
    e.batch_size = 10;
    nn_opt_config_default(&e.opt, NN_OPT_SGD);
    e.opt.lr = 0.03f;
    char err[256];
    nn_Session *s = NULL;
    if (nn_session_create(&s, &e, err, sizeof err) != NN_OK) {
        fprintf(stderr, "T1H: %s\n", err);
        return NULL;
    }
    return s;
}

int bench_health_t1h(int json)
{
    nn_Session *plain = t1_session(), *rec = t1_session();
    app_HealthLog log;
    app_health_log_init(&log);
    if (!plain || !rec) {
        nn_session_destroy(plain);
        nn_session_destroy(rec);
        return -1;
    }
    double sec_plain = 0, sec_rec = 0;
    int64_t measured = 0;
    for (int64_t k = 0; k < T1H_STEPS; k += T1H_BLOCK) {
        double t0 = secs();
        for (int i = 0; i < T1H_BLOCK; i++)
            nn_trainer_step_batch(plain->trainer);
        double t1 = secs();
        for (int i = 0; i < T1H_BLOCK; i++) {
            nn_trainer_step_batch(rec->trainer);
            measured += app_health_log_after_batch(&log, rec->trainer) == 1;
        }
        sec_rec += secs() - t1;
        sec_plain += t1 - t0;
    }
    /* one measurement alone, repeated on the last batch */
    nn_HealthSample hs;
    const int reps = 100000;
    double t0 = secs();
    for (int i = 0; i < reps; i++)
        nn_health_measure(rec->trainer, &hs);
    double us_measure = (secs() - t0) / reps * 1e6;
    double sps_plain = T1H_STEPS / sec_plain, sps_rec = T1H_STEPS / sec_rec;
    double us_step = 1e6 / sps_plain;
    if (json)
        printf("{\"task\":\"T1H\",\"steps\":%d,\"steps_per_s_recording\":%.1f,"
               "\"steps_per_s_plain\":%.1f,\"speed_ratio\":%.3f,\"samples_taken\":%lld,"
               "\"samples_kept\":%d,\"every\":%lld,\"us_per_measure\":%.3f,"
               "\"us_per_step\":%.3f}\n",
               T1H_STEPS, sps_rec, sps_plain, sps_rec / sps_plain, (long long)measured, log.n,
               (long long)log.every, us_measure, us_step);
    else
        printf("T1H health log over 10^6 T1 steps: recording %.0f steps/s = %.1f%% of %.0f; "
               "%lld measured, %d kept, every %lld; one measure %.3f us (a step %.3f us)\n",
               sps_rec, 100 * sps_rec / sps_plain, sps_plain, (long long)measured, log.n,
               (long long)log.every, us_measure, us_step);
    fflush(stdout);
    app_health_log_free(&log);
    nn_session_destroy(plain);
    nn_session_destroy(rec);
    return 0;
}
