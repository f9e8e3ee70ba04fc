/* health_log.c - a run's health samples over time, thinned to a bound. */
#include "core/health_log.h"

#include <stdlib.h>
#include <string.h>

void app_health_log_init(app_HealthLog *h)
{
    memset(h, 0, sizeof *h);
    h->every = 1;
}

void app_health_log_free(app_HealthLog *h)
{
    free(h->s);
    app_health_log_init(h);
}

void app_health_log_truncate(app_HealthLog *h, int64_t step)
{
    int keep = h->n;
    while (keep > 0 && h->s[keep - 1].step > step)
        keep--;
    if (keep != h->n)
        h->version++;
    h->n = keep;
    if (step <= 0) /* back to the start: as dense as a new run */
        h->every = 1;
}

/* Full: every other sample goes (those at odd multiples of every), and the
 * spacing doubles, so the kept ones stay on the new grid. */
static void thin(app_HealthLog *h)
{
    int64_t every2 = h->every * 2;
    int k = 0;
    for (int i = 0; i < h->n; i++)
        if (h->s[i].step % every2 == 0)
            h->s[k++] = h->s[i];
    h->n = k;
    h->every = every2;
    h->version++;
}

int app_health_log_after_batch(app_HealthLog *h, const nn_Trainer *t)
{
    nn_Cursor c = nn_trainer_cursor(t);
    if (c.phase != 0 || c.step <= 0)
        return 0;
    if (h->n > 0 && h->s[h->n - 1].step >= c.step) {
        if (h->s[h->n - 1].step == c.step)
            return 0; /* measured already (a replay over a kept sample) */
        app_health_log_truncate(h, c.step - 1);
    }
    if (c.step % h->every != 0)
        return 0;
    if (!h->s) {
        h->s = malloc(APP_HEALTH_CAP * sizeof *h->s);
        if (!h->s)
            return -1;
    }
    if (h->n == APP_HEALTH_CAP) {
        thin(h);
        if (c.step % h->every != 0)
            return 0;
    }
    if (nn_health_measure(t, &h->s[h->n]) != NN_OK)
        return 0;
    h->n++;
    return 1;
}

int app_health_log_copy(app_HealthLog *dst, const app_HealthLog *src)
{
    uint32_t version = dst->version + 1;
    if (src->n > 0 && !dst->s) {
        dst->s = malloc(APP_HEALTH_CAP * sizeof *dst->s);
        if (!dst->s) {
            dst->n = 0;
            dst->version = version;
            return -1;
        }
    }
    if (src->n > 0)
        memcpy(dst->s, src->s, (size_t)src->n * sizeof *src->s);
    dst->n = src->n;
    dst->every = src->every;
    dst->version = version;
    return 0;
}
