/*
 * units.h — Grafana's value formatting: @grafana/data 10.4
 * getValueFormat(unit)(value, decimals), byte for byte (checked against the
 * npm package, tests/oracle/).  Every unit id of Grafana's unit picker except
 * the date-time ones: short, none, percent(unit), bytes/bits (IEC and SI),
 * data rates, s/ms/µs/ns/m/h/d, dtdurations(ms), dthms, dtdhms, clock(m)s,
 * the count rates (ops, reqps, iops, ...), SI units (hertz, watt, ...),
 * currencies, bool*, locale, sci, hex; the "prefix:", "suffix:", "si:",
 * "count:", "currency:" and "bool:" forms; any other unit as "value unit".
 * Known differences: "time:FMT" and dateTime* units print the plain number;
 * hex drops fractions; count units print "∞ req/s" where Grafana prints
 * "∞undefined req/s".  Pure functions, no allocation, thread-safe.
 */
#ifndef CAIRN_UNITS_H
#define CAIRN_UNITS_H

#include <stdbool.h>
#include <stddef.h>

/* A formatted value split the way Grafana's FormattedValue is. */
struct unit_value {
	char prefix[16];
	char text[64];
	char suffix[24];
};

/* Formats v in `unit` with `decimals` (< 0 = Grafana's automatic decimals,
 * about two significant digits).  unit NULL or "" = plain number.  ±Inf and
 * NaN print as Grafana prints them ("∞", "NaN"); callers wanting "No data"
 * handle missing values themselves.  Parts too long for a field are truncated. */
void units_format(const char *unit, double v, int decimals, struct unit_value *out);

/* prefix + text + suffix into buf (NUL-terminated, truncated to cap).
 * Returns the length written. */
size_t units_format_str(const char *unit, double v, int decimals, char *buf, size_t cap);

/* An axis tick label the way Grafana's TimeSeries formats it (the display
 * processor's "adjacent decimals" path): with field decimals (>= 0) as
 * units_format; otherwise with the axis step's decimals (axis_decimals > 0)
 * and trailing zeros trimmed ("20.0%" -> "20%"), or automatic decimals. */
void units_format_axis(const char *unit, double v, int field_decimals, int axis_decimals,
	struct unit_value *out);

/* JavaScript's String(v) into buf (truncated to cap); returns the length. */
size_t units_js_number(double v, char *buf, size_t cap);

/* JavaScript's Math.round (ties toward +Infinity), which uPlot's ticks use. */
double units_js_round(double x);

/* Math.pow(10, n) bit for bit as V8 returns it (not always glibc's pow):
 * Grafana's rounding decisions depend on those last bits. */
double units_js_pow10(int n);

/* True when `unit` is one this module formats natively. */
bool units_known(const char *unit);

/* Where a unit id as a dashboard writes it stands (cairn lint's question). */
enum unit_support {
	UNIT_FORMATTED,   /* Grafana's, formatted as Grafana does (units_known); "" too */
	UNIT_PLAIN,       /* Grafana's, but cairn prints the plain number: the date-time
	                     units (dateTimeAsIso, dateTimeFromNow, ...) and "time:FMT" */
	UNIT_UNKNOWN,     /* not a Grafana unit: both show the value with the id as a
	                     suffix ("12 Bytes"), usually a typo */
};
enum unit_support units_support(const char *unit);

/* The tick-step hint for an axis: Grafana's IEC units (bytes, bits, kbytes,
 * binBps, KiBs, ...) step in powers of two.  Returns 1024 or 10. */
int units_base(const char *unit);

#endif
