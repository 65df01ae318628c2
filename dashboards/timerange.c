/*
 * timerange.c — Grafana time expressions ("now-6h", "now/d", RFC 3339, unix
 * seconds/ms).  Durations are base/duration.h.  Calendar arithmetic (days,
 * months, rounding to weeks) goes through GDateTime in the dashboard's zone,
 * so DST days are 23 or 25 hours long exactly as in Grafana.  `now` is always
 * an argument: nothing here reads the clock.
 */
#include "dashboards/timerange.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_calendar_unit(char u)
{
	return strchr("smhdwMy", u) != NULL && u != '\0';
}

#define ZONEINFO_DIR "/usr/share/zoneinfo"
#define ZONE_NAME_MAX 64 /* the longest tz database name is 32 characters */

bool timerange_zone_is_utc(const char *tz)
{
	return !tz || !*tz || g_ascii_strcasecmp(tz, "utc") == 0 ||
	       g_ascii_strcasecmp(tz, "browser") == 0 || strcmp(tz, "Etc/UTC") == 0;
}

/* The shape of a tz database name ("Europe/Berlin", "Etc/GMT+5",
 * "America/Argentina/Buenos_Aires"): no path tricks reach the file system. */
static bool zone_name_shaped(const char *tz)
{
	size_t len = strlen(tz);
	if (len == 0 || len > ZONE_NAME_MAX || tz[0] == '/' || tz[len - 1] == '/')
		return false;
	for (const char *c = tz; *c; c++) {
		if (!g_ascii_isalnum(*c) && !strchr("/_+-.", *c))
			return false;
		/* no "..", no hidden or empty components */
		if ((c == tz || c[-1] == '/') && (*c == '.' || *c == '/'))
			return false;
	}
	return strstr(tz, "..") == NULL;
}

/* The zone file for `tz`: the path after symlinks (the database's aliases,
 * e.g. UTC -> Etc/UTC) must stay inside the database and be a regular TZif
 * file.  Opened non-blocking without following links, so a FIFO or device
 * cannot hang or feed us.  Returns a g_free'd path or NULL. */
static char *zone_file(const char *tz)
{
	char *joined = g_build_filename(ZONEINFO_DIR, tz, NULL);
	char *real = realpath(joined, NULL);
	char *root = realpath(ZONEINFO_DIR, NULL);
	char *out = NULL;
	g_free(joined);
	if (!real || !root || strncmp(real, root, strlen(root)) != 0 ||
	    real[strlen(root)] != '/')
		goto done;
	int fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		goto done;
	struct stat st;
	char magic[4];
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, magic, 4) == 4 &&
	    memcmp(magic, "TZif", 4) == 0)
		out = g_strdup(real);
	close(fd);
done:
	free(real);
	free(root);
	return out;
}

GTimeZone *timerange_zone_open(const char *tz, struct cairn_err *err)
{
	if (timerange_zone_is_utc(tz))
		return g_time_zone_new_utc();
	char *file = zone_name_shaped(tz) ? zone_file(tz) : NULL;
	/* GLib opens an absolute identifier as that file: the one checked. */
	GTimeZone *z = file ? g_time_zone_new_identifier(file) : NULL;
	g_free(file);
	if (!z)
		cairn_err_set(err, CAIRN_EINVAL,
		              "timezone: \"%.64s\" is not a time zone of the tz database "
		              "(e.g. \"Europe/Berlin\", \"utc\", \"browser\")",
		              tz);
	return z;
}

int timerange_zone_check(const char *tz, struct cairn_err *err)
{
	GTimeZone *z = timerange_zone_open(tz, err);
	if (!z)
		return CAIRN_EINVAL;
	g_time_zone_unref(z);
	return 0;
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
	/* GDateTime's range (years 1..9999); also keeps llround defined. */
	if (!(fabs(now) < 253402300800.0))
		return cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": now out of range",
		                     text);
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

	GTimeZone *z = timerange_zone_open(tz, err);
	if (!z)
		return CAIRN_EINVAL;
	double t = 0;
	int rc = strncmp(buf, "now", 3) == 0
	                 ? parse_relative(buf, buf + 3, now, is_end, z, &t, err)
	                 : parse_absolute(buf, z, &t, err);
	g_time_zone_unref(z);
	if (rc == 0 && !isfinite(t)) /* GDateTime stays in years 1..9999: cannot happen */
		rc = cairn_err_set(err, CAIRN_EINVAL, "invalid time \"%s\": out of range", buf);
	if (rc == 0)
		*out = t;
	return rc;
}
