/*
 * duration.c — Prometheus-style durations, parsed and formatted.  Owns no
 * state.  Calendar arithmetic (months and years that follow the calendar, DST
 * days) is not here: that is dashboards/timerange.c, in a time zone.
 */
#include "base/duration.h"

#include <ctype.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static double unit_seconds(const char *u, size_t *len)
{
	*len = 1;
	if (u[0] == 'm' && u[1] == 's') {
		*len = 2;
		return 0.001;
	}
	switch (u[0]) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	case 'w':
		return 7 * 86400;
	case 'M':
		return 30 * 86400; /* Grafana's kbn interval month */
	case 'y':
		return 365 * 86400;
	default:
		*len = 0;
		return 0;
	}
}

static int too_long(const char *text, struct cairn_err *err)
{
	return cairn_err_set(err, CAIRN_EINVAL,
	                     "invalid duration \"%.64s\": longer than %.0f years (the maximum)",
	                     text, DURATION_MAX_SECONDS / (365 * 86400));
}

int duration_parse(const char *text, double *out_seconds, struct cairn_err *err)
{
	if (!text || !*text)
		return cairn_err_set(err, CAIRN_EINVAL, "invalid duration \"\": empty");
	const char *p = text;
	double total = 0;

	while (*p) {
		char *end;
		const char *start = p;
		if (!isdigit((unsigned char)*p) && *p != '.')
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "invalid duration \"%.64s\": expected a number at '%c'",
			                     text, *p);
		double v = g_ascii_strtod(p, &end);
		if (end == p || !isfinite(v))
			return cairn_err_set(err, CAIRN_EINVAL, "invalid duration \"%.64s\"", text);
		/* Checked per part: v * mul and the sum then stay far from overflow. */
		if (v > DURATION_MAX_SECONDS)
			return too_long(text, err);
		p = end;
		if (*p == '\0' && start == text) {
			total = v; /* a bare number is seconds, as Prometheus' step */
			break;
		}
		size_t ulen;
		double mul = unit_seconds(p, &ulen);
		if (!ulen)
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "invalid duration \"%.64s\": unknown unit '%c'", text,
			                     *p ? *p : ' ');
		total += v * mul;
		if (total > DURATION_MAX_SECONDS)
			return too_long(text, err);
		p += ulen;
	}
	*out_seconds = total;
	return 0;
}

size_t duration_format(double seconds, char *buf, size_t cap)
{
	static const struct {
		const char *u;
		long long ms;
	} units[] = {
	        {"y", 365LL * 86400000},
	        {"w", 7LL * 86400000},
	        {"d", 86400000},
	        {"h", 3600000},
	        {"m", 60000},
	        {"s", 1000},
	        {"ms", 1},
	};
	if (!buf || cap == 0)
		return 0;
	buf[0] = '\0';
	if (!isfinite(seconds))
		return 0;
	/* Clamped so the milliseconds fit a long long (llround is unspecified
	 * past that). */
	seconds = CLAMP(seconds, -DURATION_MAX_SECONDS, DURATION_MAX_SECONDS);
	long long ms = llround(seconds * 1000.0);
	size_t w = 0;
	if (ms == 0)
		return (size_t)g_strlcpy(buf, "0s", cap) >= cap ? cap - 1 : 2;
	if (ms < 0) {
		w += (size_t)snprintf(buf + w, cap - w, "-");
		ms = -ms;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(units) && w < cap; i++) {
		if (ms < units[i].ms)
			continue;
		int k = snprintf(buf + w, cap - w, "%lld%s", ms / units[i].ms, units[i].u);
		if (k < 0)
			break;
		w += (size_t)k;
		ms %= units[i].ms;
	}
	return w >= cap ? cap - 1 : w;
}
