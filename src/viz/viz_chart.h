/* viz_chart.h - chart scaling (no SDL): linear and log axes, "nice" tick
 * values, data ranges that ignore NaN, and a number formatter for ticks. */
#ifndef NNVIZ_VIZ_CHART_H
#define NNVIZ_VIZ_CHART_H

typedef struct {
    double lo, hi;   /* data domain (log: both > 0) */
    float p0, p1;    /* pixel range (p1 < p0 for a y axis growing upward) */
    int log;         /* log10 scale */
} viz_Scale;

/* Sets up a scale; for log, a non-positive lo is raised to hi/1e6. */
void viz_scale_init(viz_Scale *s, double lo, double hi, float p0, float p1, int log_scale);
float viz_scale_map(const viz_Scale *s, double v);
double viz_scale_invert(const viz_Scale *s, float px);

/* Min and max of the finite values (log_only_positive: only values > 0).
 * Returns the number of values used; 0 leaves lo/hi untouched. */
int viz_range(const double *v, int n, int stride, int only_positive, double *lo, double *hi);

/* Heckbert's nice numbers: widens [lo, hi] to round bounds and returns about
 * max_ticks ticks in ticks[] (at most cap). *step receives the spacing. */
int viz_nice_ticks(double *lo, double *hi, int max_ticks, double *ticks, int cap, double *step);
/* Log ticks: the powers of ten in [lo, hi] (1, 2, 5 multiples when fewer
 * than three fit). Widens lo/hi to powers of ten. */
int viz_log_ticks(double *lo, double *hi, double *ticks, int cap);
/* Compact tick label: "0.5", "1e-3", "12k". */
void viz_format_tick(double v, double step, char *buf, int len);
/* A log axis's tick in one format for every decade: the shortest decimal
 * ("0.002", "0.5", "20") from 0.001 to 9999, else a mantissa and a bare
 * exponent ("1e-4", "2e+5" as "2e5"); 0 as "0". */
void viz_format_log_tick(double v, char *buf, int len);

#endif
