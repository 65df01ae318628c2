/*
 * timerange.h — Grafana time expressions: "now", "now-6h", "now/d",
 * "now-1d/d", "now-2w/w", chains like "now-1d-2h/h", RFC 3339
 * ("2024-05-01T10:00:00Z", "+02:00"), "2024-05-01 10:00:00", "2024-05-01"
 * (both read in `tz`), unix seconds (up to 11 digits) and unix milliseconds
 * (12+ digits).  Units s m h d w M y (durations: base/duration.h);
 * weeks start on Monday; M and y are calendar months/years.
 * Pure functions; `now` is always passed in so tests are deterministic.
 */
#ifndef CAIRN_TIMERANGE_H
#define CAIRN_TIMERANGE_H

#include <glib.h>
#include <stdbool.h>
#include "base/err.h"

/* Parses a time expression into unix seconds.  `is_end` selects rounding for
 * "/unit" (start of unit for a `from`, end of unit for a `to`, as Grafana).
 * `tz` is "utc"/""/"browser" (treated as UTC) or an IANA zone for rounding to
 * days/weeks (see timerange_zone_open).  The result is always finite.
 * Returns 0 or CAIRN_EINVAL with a message quoting the text.  err may be NULL. */
int time_parse(const char *text, double now, bool is_end, const char *tz, double *out,
	struct cairn_err *err);

/* The time zone a dashboard's `timezone` names: NULL, "", "utc" and "browser"
 * (any case; a server has no browser) are UTC; anything else must be a zone
 * of the system tz database (/usr/share/zoneinfo/NAME, aliases included),
 * never a path: a name with "..", a leading '/', odd characters, more than 64
 * characters, or whose file is not a regular TZif file (a FIFO, a device, a
 * link out of the database) is refused before GLib opens anything.
 * Returns a new reference (g_time_zone_unref), or NULL with CAIRN_EINVAL
 * ("timezone: ... is not a time zone of the tz database").  err may be NULL. */
GTimeZone *timerange_zone_open(const char *tz, struct cairn_err *err);

/* Whether tz means UTC here (NULL, "", "utc", "browser", "Etc/UTC"). */
bool timerange_zone_is_utc(const char *tz);

/* timerange_zone_open without keeping the zone: 0 or CAIRN_EINVAL. */
int timerange_zone_check(const char *tz, struct cairn_err *err);

#endif
