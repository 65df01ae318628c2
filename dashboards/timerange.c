/*
 * timerange.c — Grafana time expressions ("now-6h", "now/d", RFC 3339, unix
 * seconds/ms) and Prometheus-style durations.  Calendar arithmetic (days,
 * months, rounding to weeks) goes through GDateTime in the dashboard's zone,
 * so DST days are 23 or 25 hours long exactly as in Grafana.  `now` is always
 * an argument: nothing here reads the clock.
 */
#include "dashboards/timerange.h"

#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_calendar_unit(char u)
{
	return strchr("smhdwMy", u) != NULL && u != '\0';
}

/* "utc", "", "browser" and NULL are UTC: a server has no browser. */
static GTimeZone *zone_for(const char *tz, const char *text, struct cairn_err *err)
{
	if (!tz || !*tz || g_ascii_strcasecmp(tz, "utc") == 0 ||
	    g_ascii_strcasecmp(tz, "browser") == 0)
		return g_time_zone_new_utc();
	GTimeZone *z = g_time_zone_new_identifier(tz);
	if (!z)
		cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": unknown time zone \"%s\"",
		              text, tz);
	return z;
}

static GDateTime *add_units(GDateTime *t, long n, char unit)
{
	switch (unit) {
	case 's':
		return g_date_time_add_seconds(t, (double)n);
	case 'm':
		return g_date_time_add_minutes(t, (int)n);
	case 'h':
		return g_date_time_add_hours(t, (int)n);
	case 'd':
		return g_date_time_add_days(t, (int)n);
	case 'w':
		return g_date_time_add_weeks(t, (int)n);
	case 'M':
		return g_date_time_add_months(t, (int)n);
	default:
		return g_date_time_add_years(t, (int)n);
	}
}

/* Start of the unit containing t; weeks start on Monday. */
static GDateTime *start_of(GDateTime *t, char unit)
{
	GTimeZone *z = g_date_time_get_timezone(t);
	int y = g_date_time_get_year(t), mo = g_date_time_get_month(t);
	int d = g_date_time_get_day_of_month(t), h = g_date_time_get_hour(t);
	int mi = g_date_time_get_minute(t), s = g_date_time_get_second(t);

	switch (unit) {
	case 's':
		return g_date_time_new(z, y, mo, d, h, mi, s);
	case 'm':
		return g_date_time_new(z, y, mo, d, h, mi, 0);
	case 'h':
		return g_date_time_new(z, y, mo, d, h, 0, 0);
	case 'd':
		return g_date_time_new(z, y, mo, d, 0, 0, 0);
	case 'M':
		return g_date_time_new(z, y, mo, 1, 0, 0, 0);
	case 'y':
		return g_date_time_new(z, y, 1, 1, 0, 0, 0);
	default: {
		GDateTime *day = g_date_time_new(z, y, mo, d, 0, 0, 0);
		if (!day)
			return NULL;
		GDateTime *mon = g_date_time_add_days(day, 1 - g_date_time_get_day_of_week(day));
		g_date_time_unref(day);
		return mon;
	}
	}
}

/* Grafana's endOf(unit): the last millisecond of the unit. */
static GDateTime *round_to(GDateTime *t, char unit, bool is_end)
{
	GDateTime *s = start_of(t, unit);
	if (!s || !is_end)
		return s;
	GDateTime *next = add_units(s, 1, unit);
	g_date_time_unref(s);
	if (!next)
		return NULL;
	GDateTime *end = g_date_time_add(next, -1000);
	g_date_time_unref(next);
	return end;
}

static double to_unix(GDateTime *t)
{
	return (double)g_date_time_to_unix(t) + (double)g_date_time_get_microsecond(t) / 1e6;
}

/* One step of "now…": "-5m", "+1h", "/d".  Advances *p; replaces *t. */
static int relative_step(const char **p, GDateTime **t, bool is_end, const char *text,
                         struct cairn_err *err)
{
	char op = **p;
	const char *q = *p + 1;
	long n = 1;

	if (op != '+' && op != '-' && op != '/')
		return cairn_err_set(
		        err, CAIRN_EINVAL,
		        "invalid time \"%s\": unexpected '%c' (expected +N, -N or /unit)", text,
		        op);
	if (op != '/' && isdigit((unsigned char)*q)) {
		char *end;
		errno = 0;
		n = strtol(q, &end, 10);
		if (errno || n > 100000000)
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "invalid time \"%s\": number too large", text);
		q = end;
	}
	if (*q == '\0')
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": missing unit", text);
	if (!is_calendar_unit(*q))
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": unknown unit '%c'",
		                     text, *q);
	GDateTime *next =
	        op == '/' ? round_to(*t, *q, is_end) : add_units(*t, op == '-' ? -n : n, *q);
	if (!next)
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": out of range", text);
	g_date_time_unref(*t);
	*t = next;
	*p = q + 1;
	return 0;
}

static int parse_relative(const char *text, const char *rest, double now, bool is_end, GTimeZone *z,
                          double *out, struct cairn_err *err)
{
	GDateTime *utc = g_date_time_new_from_unix_utc(0);
	GDateTime *base = utc ? g_date_time_add(utc, (GTimeSpan)llround(now * 1e6)) : NULL;
	GDateTime *t = base ? g_date_time_to_timezone(base, z) : NULL;
	int rc = 0;

	if (utc)
		g_date_time_unref(utc);
	if (base)
		g_date_time_unref(base);
	if (!t)
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": now out of range",
		                     text);
	while (*rest && rc == 0)
		rc = relative_step(&rest, &t, is_end, text, err);
	if (rc == 0)
		*out = to_unix(t);
	g_date_time_unref(t);
	return rc;
}

static int parse_unix(const char *text, double *out, struct cairn_err *err)
{
	size_t len = strlen(text);
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || *end)
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": number out of range",
		                     text);
	/* Grafana's URL rule: 12+ digits are milliseconds (year 2001+ in ms). */
	*out = len >= 12 ? (double)v / 1000.0 : (double)v;
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* RFC 3339 / ISO 8601, "YYYY-MM-DD hh:mm:ss" and "YYYY-MM-DD"; without an
 * offset the text is read in the dashboard's zone, as Grafana does. */
static int parse_absolute(const char *text, GTimeZone *z, double *out, struct cairn_err *err)
{
	char buf[80];
	size_t len = strlen(text);

	if (len >= sizeof buf - 10)
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%.40s...\": too long",
		                     text);
	memcpy(buf, text, len + 1);
	if (len == 10)
		memcpy(buf + len, "T00:00:00", sizeof "T00:00:00");
	else if (len > 10 && buf[10] == ' ')
		buf[10] = 'T';
	GDateTime *t = g_date_time_new_from_iso8601(buf, z);
	if (!t)
		return cairn_err_set(
		        err, CAIRN_EINVAL,
		        "invalid time \"%s\": expected now[-+N unit][/unit], RFC 3339, "
		        "or unix seconds/milliseconds",
		        text);
	*out = to_unix(t);
	g_date_time_unref(t);
	return 0;
}

int time_parse(const char *text, double now, bool is_end, const char *tz, double *out,
               struct cairn_err *err)
{
	char buf[128];
	if (!text)
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time: missing");
	g_strlcpy(buf, text, sizeof buf);
	g_strstrip(buf);
	if (!*buf)
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": empty", text);
	if (all_digits(buf))
		return parse_unix(buf, out, err);

	GTimeZone *z = zone_for(tz, buf, err);
	if (!z)
		return CAIRN_EINVAL;
	int rc = strncmp(buf, "now", 3) == 0
	                 ? parse_relative(buf, buf + 3, now, is_end, z, out, err)
	                 : parse_absolute(buf, z, out, err);
	g_time_zone_unref(z);
	return rc;
}

/* ---- durations --------------------------------------------------------- */

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
			                     "invalid duration \"%s\": expected a number at '%c'",
			                     text, *p);
		double v = g_ascii_strtod(p, &end);
		if (end == p || !isfinite(v))
			return cairn_err_set(err, CAIRN_EINVAL, "invalid duration \"%s\"", text);
		p = end;
		if (*p == '\0' && start == text) {
			total = v; /* a bare number is seconds, as Prometheus' step */
			break;
		}
		size_t ulen;
		double mul = unit_seconds(p, &ulen);
		if (!ulen)
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "invalid duration \"%s\": unknown unit '%c'", text,
			                     *p ? *p : ' ');
		total += v * mul;
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
