/*
 * interval.h — Grafana's query interval and step arithmetic, and the
 * $__interval family of macros.  Pure functions.
 */
#ifndef CAIRN_INTERVAL_H
#define CAIRN_INTERVAL_H

#include <stddef.h>
#include "base/err.h"

struct query_window {
	double from, to;         /* unix seconds, the dashboard range */
	int width_px;            /* panel plot width; stands in for maxDataPoints when 0 */
	int max_data_points;     /* panel maxDataPoints, 0 = absent */
	double min_interval;     /* seconds: target interval, else panel interval, else the
	                            datasource scrape interval (default 15 s) */
	int interval_factor;     /* legacy intervalFactor, 1 when absent */
	double scrape_interval;  /* datasource scrape interval, default 15 s */
};

struct query_timing {
	double interval;         /* $__interval in seconds (Grafana's rounded interval) */
	double step;             /* Prometheus step sent, seconds */
	double rate_interval;    /* $__rate_interval in seconds */
	double start, end;       /* aligned to step, as Grafana sends them */
	double range;            /* $__range in seconds */
	double from, to;         /* $__from, $__to: the dashboard range as given (not aligned),
	                            unix seconds; 0 when unknown (then left as written) */
};

/* Computes the interval, step and aligned window exactly as Grafana 10 does
 * for Prometheus range queries.  Returns 0 or CAIRN_EINVAL (bad window). */
int interval_compute(const struct query_window *w, struct query_timing *out,
	struct cairn_err *err);

/* Replaces $__rate_interval, $__interval, $__interval_ms, $__range,
 * $__range_s, $__range_ms (and ${...} forms) in expr, and Grafana's global
 * $__from / $__to: unix ms; ${__from:date} and ${__from:date:iso} an ISO 8601
 * UTC time with ms; ${__from:date:seconds} unix seconds.  Other date formats
 * (moment.js patterns) are left as written.  New malloc'd string, caller
 * frees; NULL on ENOMEM. */
char *interval_expand_macros(const char *expr, const struct query_timing *t);

/* Grafana's frontend roundInterval (rangeutil.ts) of a span in ms: the
 * interval an `interval` variable's auto option stands for is
 * max(interval_round_ms((to - from) / auto_count), auto_min). */
double interval_round_ms(double ms);

/* Grafana's secondsToHms: "2m", "1h", "500ms" (the largest whole unit, y d
 * h m s ms) into buf (always NUL-terminated). */
void interval_hms(double seconds, char *buf, size_t cap);

#endif
