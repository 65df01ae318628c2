/*
 * interval.c — Grafana 10's query interval, Prometheus step and the
 * $__interval family, for range queries.  Pure arithmetic; owns no state.
 *
 * Grafana computes this in two places and both matter for exact numbers:
 * the browser ($__interval = max(min interval, roundInterval(range /
 * maxDataPoints)), @grafana/data rangeutil) and the Prometheus backend
 * (pkg/tsdb/prometheus/models/query.go: min step from that interval, a
 * "safe" step of range/11000, times intervalFactor, start/end floored to the
 * step).  The two roundInterval tables differ only at the bucket edges
 * (`<` in the browser, `<=` in the backend); both are kept for that reason.
 */
#include "datasource/interval.h"

#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/duration.h"

#define DEFAULT_SCRAPE_S   15.0
#define DEFAULT_RESOLUTION 1500  /* backend DefaultRes when nothing is given */
#define SAFE_RESOLUTION    11000 /* Prometheus refuses more points per series */

/* Bucket upper edges and the value they round to, in milliseconds. */
static const struct {
	double edge, value;
} round_table[] = {
        {10, 1},
        {15, 10},
        {35, 20},
        {75, 50},
        {150, 100},
        {350, 200},
        {750, 500},
        {1500, 1000},
        {3500, 2000},
        {7500, 5000},
        {12500, 10000},
        {17500, 15000},
        {25000, 20000},
        {45000, 30000},
        {90000, 60000},
        {210000, 120000},
        {450000, 300000},
        {750000, 600000},
        {1050000, 900000},
        {1500000, 1200000},
        {2700000, 1800000},
        {5400000, 3600000},
        {9000000, 7200000},
        {16200000, 10800000},
        {32400000, 21600000},
        {86400000, 43200000},
        {604800000, 86400000},
        {1814400000, 604800000},
        {3628800000, 2592000000},
};

/* inclusive: the backend's `<=` edges (but its last edge is `<`, as here). */
static double round_interval_ms(double ms, bool inclusive)
{
	size_t last = G_N_ELEMENTS(round_table) - 1;
	for (size_t i = 0; i < G_N_ELEMENTS(round_table); i++) {
		double e = round_table[i].edge;
		if (ms < e || (inclusive && i != last && ms == e))
			return round_table[i].value;
	}
	return 31536000000.0;
}

double interval_round_ms(double ms)
{
	return round_interval_ms(ms, false);
}

void interval_hms(double seconds, char *buf, size_t cap)
{
	static const struct {
		double s;
		const char *unit;
	} units[] = {{31536000, "y"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
	double rest = seconds;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		double k = floor(rest / units[i].s);
		if (k >= 1) {
			snprintf(buf, cap, "%.0f%s", k, units[i].unit);
			return;
		}
		rest = fmod(rest, units[i].s);
	}
	double ms = floor(seconds * 1000.0);
	if (ms >= 1)
		snprintf(buf, cap, "%.0fms", ms);
	else
		snprintf(buf, cap, "less than a millisecond");
}

int interval_compute(const struct query_window *w, struct query_timing *out, struct cairn_err *err)
{
	if (!isfinite(w->from) || !isfinite(w->to) || w->to <= w->from)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "time range: 'to' (%.3f) must be after 'from' (%.3f)", w->to,
		                     w->from);
	if (w->min_interval < 0 || !isfinite(w->min_interval))
		return cairn_err_set(err, CAIRN_EINVAL, "min interval must be >= 0");

	double scrape = w->scrape_interval > 0 ? w->scrape_interval : DEFAULT_SCRAPE_S;
	double low_ms = (w->min_interval > 0 ? w->min_interval : scrape) * 1000.0;
	int mdp = w->max_data_points > 0 ? w->max_data_points
	          : w->width_px > 0      ? w->width_px
	                                 : DEFAULT_RESOLUTION;
	int factor = w->interval_factor > 0 ? w->interval_factor : 1;
	double range_ms = (w->to - w->from) * 1000.0;
	double calc_ms = range_ms / mdp;

	/* Browser: the interval every panel query carries as intervalMs. */
	double interval_ms = fmax(low_ms, round_interval_ms(calc_ms, false));

	/* Backend: intervalMs becomes the minimum step. */
	double step_ms = calc_ms < interval_ms ? interval_ms : round_interval_ms(calc_ms, true);
	step_ms = fmax(step_ms, round_interval_ms(range_ms / SAFE_RESOLUTION, true));
	step_ms *= factor;

	out->interval = interval_ms / 1000.0;
	out->step = step_ms / 1000.0;
	out->rate_interval = fmax(out->interval + scrape, 4.0 * scrape);
	out->range = w->to - w->from;
	out->from = w->from;
	out->to = w->to;
	out->start = floor(w->from / out->step) * out->step;
	out->end = floor(w->to / out->step) * out->step;
	return 0;
}

enum macro_kind { M_INTERVAL, M_INTERVAL_MS, M_RATE, M_RATE_MS, M_RANGE, M_RANGE_S, M_RANGE_MS,
	M_FROM, M_TO };

/* How $__from / $__to are written: ${__from:date:seconds} and the like. */
enum time_format { TF_MS, TF_ISO, TF_SECONDS };

/* Longest names first so "$__interval_ms" is not read as "$__interval" + "_ms". */
static const struct {
	const char *name;
	enum macro_kind kind;
} macros[] = {
        {"__rate_interval_ms", M_RATE_MS},
        {"__rate_interval", M_RATE},
        {"__interval_ms", M_INTERVAL_MS},
        {"__interval", M_INTERVAL},
        {"__range_ms", M_RANGE_MS},
        {"__range_s", M_RANGE_S},
        {"__range", M_RANGE},
        {"__from", M_FROM},
        {"__to", M_TO},
};

/* Grafana's dateTime(ms): ISO 8601 in UTC with milliseconds. */
static void iso_ms(double unix_s, char *buf, size_t cap)
{
	long long ms = llround(unix_s * 1000.0);
	long long s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	GDateTime *dt = g_date_time_new_from_unix_utc(s);
	if (!dt) {
		snprintf(buf, cap, "%lld", ms);
		return;
	}
	char *ymd = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S");
	snprintf(buf, cap, "%s.%03lldZ", ymd, ms - s * 1000);
	g_free(ymd);
	g_date_time_unref(dt);
}

static void time_value(double unix_s, enum time_format f, char *buf, size_t cap)
{
	switch (f) {
	case TF_MS:
		snprintf(buf, cap, "%lld", llround(unix_s * 1000.0));
		break;
	case TF_SECONDS:
		snprintf(buf, cap, "%lld", (long long)floor(unix_s));
		break;
	case TF_ISO:
		iso_ms(unix_s, buf, cap);
		break;
	}
}

static void macro_value(enum macro_kind k, enum time_format tf, const struct query_timing *t,
	char *buf, size_t cap)
{
	long long range_s = llround(t->range);
	switch (k) {
	case M_FROM:
	case M_TO:
		time_value(k == M_FROM ? t->from : t->to, tf, buf, cap);
		break;
	case M_INTERVAL:
		duration_format(t->interval, buf, cap);
		break;
	case M_INTERVAL_MS:
		snprintf(buf, cap, "%lld", llround(t->interval * 1000.0));
		break;
	case M_RATE:
		duration_format(t->rate_interval, buf, cap);
		break;
	case M_RATE_MS:
		snprintf(buf, cap, "%lld", llround(t->rate_interval * 1000.0));
		break;
	case M_RANGE:
		/* Grafana writes whole seconds here ("21600s"), not "6h". */
		snprintf(buf, cap, "%llds", range_s);
		break;
	case M_RANGE_S:
		snprintf(buf, cap, "%lld", range_s);
		break;
	case M_RANGE_MS:
		snprintf(buf, cap, "%lld", llround(t->range * 1000.0));
		break;
	}
}

/* The format of a braced $__from / $__to after its name (at p): "}" (ms),
 * ":date}" or ":date:iso}" (ISO), ":date:seconds}"; the length up to and
 * with the brace, 0 for any other (left as written). */
static size_t match_time_format(const char *p, enum time_format *tf)
{
	static const struct {
		const char *s;
		enum time_format f;
	} forms[] = {{"}", TF_MS}, {":date}", TF_ISO}, {":date:iso}", TF_ISO},
	             {":date:seconds}", TF_SECONDS}};
	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		size_t n = strlen(forms[i].s);
		if (strncmp(p, forms[i].s, n) == 0) {
			*tf = forms[i].f;
			return n;
		}
	}
	return 0;
}

/* Matches a macro at s ("$__x" or "${__x}"); returns its length or 0. */
static size_t match_macro(const char *s, const struct query_timing *t, enum macro_kind *kind,
	enum time_format *tf)
{
	bool braced = s[1] == '{';
	const char *name = s + (braced ? 2 : 1);
	*tf = TF_MS;
	for (size_t i = 0; i < G_N_ELEMENTS(macros); i++) {
		size_t n = strlen(macros[i].name);
		if (strncmp(name, macros[i].name, n) != 0)
			continue;
		bool is_time = macros[i].kind == M_FROM || macros[i].kind == M_TO;
		if (is_time && t->from == 0 && t->to == 0)
			return 0;   /* the range is not known here: left as written */
		if (braced && is_time) {
			size_t f = match_time_format(name + n, tf);
			if (!f)
				return 0;
			*kind = macros[i].kind;
			return (size_t)(name - s) + n + f;
		}
		if (braced && name[n] != '}')
			continue;
		/* "$__intervalx" is some other variable, not ours. */
		if (!braced && (g_ascii_isalnum(name[n]) || name[n] == '_'))
			continue;
		*kind = macros[i].kind;
		return (size_t)(name - s) + n + (braced ? 1 : 0);
	}
	return 0;
}

char *interval_expand_macros(const char *expr, const struct query_timing *t)
{
	GString *out = g_string_sized_new(strlen(expr) + 16);
	const char *p = expr;
	while (*p) {
		const char *d = strchr(p, '$');
		if (!d) {
			g_string_append(out, p);
			break;
		}
		g_string_append_len(out, p, d - p);
		enum macro_kind k;
		enum time_format tf;
		size_t n = match_macro(d, t, &k, &tf);
		if (n == 0) {
			g_string_append_c(out, '$');
			p = d + 1;
			continue;
		}
		char val[64];
		macro_value(k, tf, t, val, sizeof val);
		g_string_append(out, val);
		p = d + n;
	}
	/* GLib allocates with malloc (>= 2.46), so the caller may free(). */
	return g_string_free(out, FALSE);
}
