/*
 * ticks.h — axis ticks, as uPlot/Grafana choose them.  Pure functions: the
 * value axis picks "nice" steps (1, 2, 2.5, 5 × 10^n) from the pixel space
 * available; the time axis picks from a ladder of calendar-aware increments
 * from 1 s to years and labels them with Grafana's time formats.
 */
#ifndef CAIRN_TICKS_H
#define CAIRN_TICKS_H

#include <stddef.h>

#define TICKS_MAX 64

struct tick {
	double value;        /* data value or unix seconds */
	char label[48];
};

struct value_axis {
	double min, max;     /* the final axis range after rounding outward to the step
	                        (only where the data bounds, not explicit min/max, decided it) */
	double step;
	int decimals;        /* decimals implied by step, passed to units_format */
	size_t n;
	struct tick ticks[TICKS_MAX];
};

/* Computes a value axis for data in [lo, hi] drawn over `px` pixels, with at
 * least `min_space_px` between ticks (Grafana: 30 px vertical).  soft/hard
 * limits: hard_min/hard_max (NaN = none) fix the range; otherwise it is
 * widened to nice values (and to include 0 for... only when Grafana would).
 * Labels formatted with units_format(unit, v, decimals or the axis decimals). */
void ticks_value_axis(double lo, double hi, double hard_min, double hard_max, double px,
	double min_space_px, const char *unit, int decimals, struct value_axis *out);

struct time_axis {
	double step;         /* seconds between ticks (months/years: nominal) */
	size_t n;
	struct tick ticks[TICKS_MAX];
};

/* Time ticks for [from, to] (unix seconds) over `px` pixels with at least
 * `min_space_px` between labels, in time zone tz (NULL/"utc" = UTC, or an
 * IANA name).  Labels follow Grafana: "15:04:05" for seconds, "15:04" for
 * minutes/hours, "01/02 15:04" when a tick crosses midnight within an hour
 * ladder, "01/02" for days, "2006-01" for months, "2006" for years. */
void ticks_time_axis(double from, double to, double px, double min_space_px, const char *tz,
	struct time_axis *out);

#endif
