/* viz_chart.c - axes and ticks. */
#include "viz/viz_chart.h"

#include <math.h>
#include <stdio.h>

void viz_scale_init(viz_Scale *s, double lo, double hi, float p0, float p1, int log_scale)
{
    s->log = log_scale;
    if (log_scale) {
        if (!(hi > 0))
            hi = 1.0;
        if (!(lo > 0) || lo >= hi)
            lo = hi / 1e6;
    }
    if (!(hi > lo)) {
        /* a flat series still gets a visible band */
        double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1.0;
        lo -= pad;
        hi += pad;
    }
    s->lo = lo;
    s->hi = hi;
    s->p0 = p0;
    s->p1 = p1;
}

float viz_scale_map(const viz_Scale *s, double v)
{
    double t;
    if (s->log) {
        if (!(v > 0))
            return s->p0;
        t = (log10(v) - log10(s->lo)) / (log10(s->hi) - log10(s->lo));
    } else {
        t = (v - s->lo) / (s->hi - s->lo);
    }
    return (float)(s->p0 + t * (s->p1 - s->p0));
}

double viz_scale_invert(const viz_Scale *s, float px)
{
    double t = (px - s->p0) / (double)(s->p1 - s->p0);
    if (s->log)
        return pow(10.0, log10(s->lo) + t * (log10(s->hi) - log10(s->lo)));
    return s->lo + t * (s->hi - s->lo);
}

int viz_range(const double *v, int n, int stride, int only_positive, double *lo, double *hi)
{
    int used = 0;
    double a = INFINITY, b = -INFINITY;
    for (int i = 0; i < n; i++) {
        double x = v[(long)i * stride];
        if (!isfinite(x) || (only_positive && !(x > 0)))
            continue;
        if (x < a)
            a = x;
        if (x > b)
            b = x;
        used++;
    }
    if (used) {
        *lo = a;
        *hi = b;
    }
    return used;
}

static double nice_num(double x, int round_it)
{
    double e = floor(log10(x));
    double f = x / pow(10.0, e);
    double nf;
    if (round_it)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * pow(10.0, e);
}

int viz_nice_ticks(double *lo, double *hi, int max_ticks, double *ticks, int cap, double *step)
{
    if (max_ticks < 2)
        max_ticks = 2;
    double a = *lo, b = *hi;
    if (!(b > a)) {
        double pad = fabs(a) > 0 ? fabs(a) * 0.1 : 1.0;
        a -= pad;
        b += pad;
    }
    double range = nice_num(b - a, 0);
    double d = nice_num(range / (max_ticks - 1), 1);
    double g0 = floor(a / d) * d, g1 = ceil(b / d) * d;
    int n = 0;
    for (double t = g0; t <= g1 + 0.5 * d && n < cap; t += d)
        ticks[n++] = fabs(t) < d * 1e-9 ? 0.0 : t;
    *lo = g0;
    *hi = g1;
    if (step)
        *step = d;
    return n;
}

int viz_log_ticks(double *lo, double *hi, double *ticks, int cap)
{
    double a = *lo > 0 ? *lo : 1e-6, b = *hi > a ? *hi : a * 10;
    int e0 = (int)floor(log10(a) + 1e-9), e1 = (int)ceil(log10(b) - 1e-9);
    if (e1 <= e0)
        e1 = e0 + 1;
    *lo = pow(10.0, e0);
    *hi = pow(10.0, e1);
    int n = 0;
    int decades = e1 - e0;
    /* thin out many decades so labels do not collide */
    int every = decades > 8 ? (decades + 7) / 8 : 1;
    for (int e = e0; e <= e1 && n < cap; e += every) {
        ticks[n++] = pow(10.0, e);
        if (decades <= 2 && e < e1) {
            if (n < cap)
                ticks[n++] = 2 * pow(10.0, e);
            if (n < cap)
                ticks[n++] = 5 * pow(10.0, e);
        }
    }
    return n;
}

void viz_format_tick(double v, double step, char *buf, int len)
{
    double a = fabs(v);
    if (v == 0) {
        snprintf(buf, (size_t)len, "0");
    } else if (a >= 1e4) {
        if (a >= 1e6)
            snprintf(buf, (size_t)len, "%gM", v / 1e6);
        else
            snprintf(buf, (size_t)len, "%gk", v / 1e3);
    } else if (a < 1e-3) {
        snprintf(buf, (size_t)len, "%.0e", v);
    } else {
        int dec = 0;
        if (step > 0 && step < 1)
            dec = (int)ceil(-log10(step) - 1e-9);
        if (step <= 0)
            dec = a < 1 ? 3 : 1;
        if (dec > 6)
            dec = 6;
        snprintf(buf, (size_t)len, "%.*f", dec, v);
    }
}

void viz_format_log_tick(double v, char *buf, int len)
{
    double a = fabs(v);
    if (v == 0 || !isfinite(v)) {
        snprintf(buf, (size_t)len, v == 0 ? "0" : "%g", v);
        return;
    }
    if (a >= 1e-3 && a < 1e4) {
        snprintf(buf, (size_t)len, "%.4g", v); /* ticks are 1, 2 or 5 of a decade */
        return;
    }
    /* 1e-04 -> 1e-4, 2e+05 -> 2e5: the exponent without padding or plus */
    int ex = (int)floor(log10(a) + 1e-9);
    double m = v / pow(10.0, ex);
    if (fabs(m) >= 9.9995) {
        m /= 10;
        ex++;
    }
    snprintf(buf, (size_t)len, "%.3ge%d", m, ex);
}
