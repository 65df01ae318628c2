/*
 * ticks.h — axis ranges and ticks as Grafana 10.4's TimeSeries (uPlot 1.6.30)
 * chooses them.  Pure functions: the value axis pads the data range by 10 %
 * (snapping to 0 when the padding would cross it) and picks steps of
 * 1, 2, 2.5, 5 × 10^n (powers of two for IEC units such as bytes) from the
 * pixel space available; the time axis picks from uPlot's ladder (1 ms … 1 s,
 * 5 s, 10 s, 15 s, 30 s, 1/5/10/15/30 min, 1/2/3/4/6/8/12 h, 1–10 and 15 d,
 * 1/2/3/4/6 months, 1/2/5/10… years) and labels every tick with one of
 * Grafana's formats.  Thread-safe; no allocation but a GTimeZone per call.
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
	double min, max;     /* the axis range: hard limits where given, else the data
	                        range padded 10 % and rounded out (NaN, n = 0: no data) */
	double step;         /* 0 when no step fits (n = 0) */
	int decimals;        /* Grafana's decimals of the step (guessDecimals), as
	                        passed to units_format_axis */
	size_t n;
	struct tick ticks[TICKS_MAX];
};

/* A value axis for data in [lo, hi] (NaN = none) drawn over `px` pixels with
 * at least `min_space_px` between ticks (<= 0: Grafana's 30 px).  hard_min /
 * hard_max (NaN = none) are the panel's min/max and fix that end.  decimals
 * is the field's decimals (-1 = auto; 0 also rounds the range to integers and
 * keeps only integer ticks).  Units starting "bool" get the range 0..1 with
 * ticks 0 and 1.  Labels via units_format_axis, at most TICKS_MAX ticks.
 * Values that are not finite or past ±1e300 count as NaN (none). */
void ticks_value_axis(double lo, double hi, double hard_min, double hard_max, double px,
	double min_space_px, const char *unit, int decimals, struct value_axis *out);

/* ticks_value_axis with uPlot's decimal increments whatever the unit: the
 * axes Grafana 10.4 builds without BIN_INCRS (bar chart, histogram). */
void ticks_value_axis_decimal(double lo, double hi, double hard_min, double hard_max, double px,
	double min_space_px, const char *unit, int decimals, struct value_axis *out);

/* A log axis of base b over [lo, hi]: one tick per power of b, the range
 * widened to the powers around it (a range at or below 0 falls back to one
 * decade under hi, or [1, b]).  Labels as ticks_value_axis'. */
void ticks_log_axis(double lo, double hi, double b, const char *unit, int decimals,
	struct value_axis *out);

struct time_axis {
	double step;         /* seconds between ticks (months: 30 d, years: 365 d) */
	size_t n;
	struct tick ticks[TICKS_MAX];
};

/* Time ticks for [from, to] (unix seconds) over `px` pixels with at least
 * `min_space_px` between ticks, in time zone tz (NULL, "", "utc", "browser" =
 * UTC, or a tz database name; anything else, paths included, falls back to
 * UTC without opening it: see timerange_zone_open).  Grafana's space is
 * the width of ticks_time_sample_label at 12 px + 18 px; min_space_px <= 0
 * estimates that width.  Ticks fall on wall-clock multiples of the step from
 * midnight (days and up: every midnight step; months/years: the 1st).  All
 * labels share one format (Grafana's formatTime): "HH:mm:ss.SSS" below 1 s
 * steps, "HH:mm:ss" up to 1 min steps, else "HH:mm" when the range is <= 1 day,
 * "MM/DD HH:mm" for steps up to 1 day, "MM/DD" when the range is < 1 year,
 * "YYYY" for 1-year steps and "YYYY-MM" otherwise.  No ticks past JavaScript's
 * Date range (±8.64e15 ms), as Grafana has none there. */
void ticks_time_axis(double from, double to, double px, double min_space_px, const char *tz,
	struct time_axis *out);

/* t (unix seconds) in the one format Grafana's formatTime gives every tick
 * of a time axis stepping `step` seconds over [from, to], in time zone tz
 * (as ticks_time_axis).  For axes whose ticks are not uPlot's own splits
 * (status-history ticks at its samples). */
void ticks_time_label(double t, double step, double from, double to, const char *tz, char *buf,
	size_t cap);

/* The label Grafana measures to size the x axis' tick spacing: [from] in
 * the format for the step (to - from) / (px / 40).  Returns its length;
 * buf is "" for an empty range. */
size_t ticks_time_sample_label(double from, double to, double px, const char *tz, char *buf,
	size_t cap);

#endif
