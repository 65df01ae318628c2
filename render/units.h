/*
 * units.h — Grafana's value formatting (@grafana/data valueFormats) for the
 * units dashboards use: short, none, percent, percentunit, bytes (IEC),
 * decbytes, bits, decbits, bps, Bps, binBps, s, ms, µs, ns, dtdurations-like
 * time units, reqps, ops, pps, iops, eps, rds, hertz, celsius, rotrpm, bool,
 * bool_yes_no, and any unknown unit as "value unit" (Grafana's custom-suffix
 * behaviour).  Pure functions, no allocation.
 */
#ifndef CAIRN_UNITS_H
#define CAIRN_UNITS_H

#include <stdbool.h>
#include <stddef.h>

/* A formatted value split the way Grafana's FormattedValue is. */
struct unit_value {
	char prefix[16];
	char text[48];
	char suffix[24];
};

/* Formats v in `unit` with `decimals` (-1 = Grafana's automatic decimals).
 * NaN → "NaN"?  No: callers handle no-value; v must be finite or ±Inf. */
void units_format(const char *unit, double v, int decimals, struct unit_value *out);

/* prefix + text + suffix into buf (NUL-terminated, truncated to cap).
 * Returns the length written. */
size_t units_format_str(const char *unit, double v, int decimals, char *buf, size_t cap);

/* True when `unit` is one this module formats natively. */
bool units_known(const char *unit);

/* The tick-step hint for an axis: when a unit scales by 1024 (bytes, bits
 * IEC), nice ticks should fall on powers of two.  Returns 1024 or 10. */
int units_base(const char *unit);

#endif
