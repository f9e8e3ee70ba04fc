/* bench_health.h - T1H: the cost of the window's health log (core/health_log.h)
 * on T1's network, trained 10^6 steps with and without recording. */
#ifndef NNVIZ_BENCH_HEALTH_H
#define NNVIZ_BENCH_HEALTH_H

/* Prints one row (json: one JSON object). 0, or -1 after printing why. */
int bench_health_t1h(int json);

#endif
