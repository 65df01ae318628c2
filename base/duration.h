/*
 * duration.h — Prometheus/Grafana durations ("30s", "5m", "1h30m", "250ms",
 * "1d", "1w", "1M" = 30 days, "1y" = 365 days) as seconds, both ways.
 * Pure functions; the bottom layer: dashboards/ (timeFrom, timeShift,
 * intervals) and datasource/ ($__interval) both use them.
 */
#ifndef CAIRN_DURATION_H
#define CAIRN_DURATION_H

#include <stddef.h>
#include "base/err.h"

/* The longest duration accepted: 1000 years of 365 days.  Past it nothing a
 * dashboard means is left (Grafana's own time picker stops far sooner), and
 * keeping every result below it keeps `to - d` and `d * 1000` finite and
 * exactly representable. */
#define DURATION_MAX_SECONDS (1000.0 * 365 * 86400)

/* Parses a duration ("30s", "5m", "1h", "1d", "1w", "1y", "250ms", "1h30m"; a
 * bare number is seconds) into seconds, in [0, DURATION_MAX_SECONDS].
 * Returns 0, or CAIRN_EINVAL with a message quoting the text (unknown unit,
 * no number, a sign, or a total out of that range — never ±inf or NaN).  err
 * may be NULL. */
int duration_parse(const char *text, double *out_seconds, struct cairn_err *err);

/* Formats seconds as a Prometheus duration ("15s", "1m30s", "2h", "250ms")
 * into buf (NUL-terminated, truncated to cap).  Non-finite input writes "";
 * magnitudes past DURATION_MAX_SECONDS are written as that maximum.
 * Returns the length written. */
size_t duration_format(double seconds, char *buf, size_t cap);

#endif
