/*
 * timerange.h — Grafana time expressions: "now", "now-6h", "now/d",
 * "now-1d/d", "now-2w/w", chains like "now-1d-2h/h", RFC 3339
 * ("2024-05-01T10:00:00Z", "+02:00"), "2024-05-01 10:00:00", "2024-05-01"
 * (both read in `tz`), unix seconds (up to 11 digits) and unix milliseconds
 * (12+ digits), and durations ("5m", "1h30m", "250ms").  Units s m h d w M y;
 * weeks start on Monday; M and y are calendar months/years.
 * Pure functions; `now` is always passed in so tests are deterministic.
 */
#ifndef CAIRN_TIMERANGE_H
#define CAIRN_TIMERANGE_H

#include <stdbool.h>
#include "base/err.h"

/* Parses a time expression into unix seconds.  `is_end` selects rounding for
 * "/unit" (start of unit for a `from`, end of unit for a `to`, as Grafana).
 * `tz` is "utc"/""/"browser" (treated as UTC) or an IANA zone for rounding to
 * days/weeks.  Returns 0 or CAIRN_EINVAL with a message quoting the text. */
int time_parse(const char *text, double now, bool is_end, const char *tz, double *out,
	struct cairn_err *err);

/* Parses a duration ("30s", "5m", "1h", "1d", "1w", "1y", "250ms", "1h30m")
 * into seconds.  Returns 0 or CAIRN_EINVAL. */
int duration_parse(const char *text, double *out_seconds, struct cairn_err *err);

/* Formats seconds as a Prometheus duration ("15s", "1m30s", "2h", "250ms").
 * Returns the length written (truncated to cap). */
size_t duration_format(double seconds, char *buf, size_t cap);

#endif
