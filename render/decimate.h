/*
 * decimate.h — a series reduced to the pixel grid before any Cairo call (M4:
 * per pixel column the first, min, max and last sample, in time order), so
 * drawing cost depends on the plot width, not on the number of points.
 * Gaps survive as break markers.  Pure; no allocation.
 */
#ifndef CAIRN_DECIMATE_H
#define CAIRN_DECIMATE_H

#include <stdbool.h>
#include <stddef.h>

/* A decimated point: x in px (exact, not snapped), v in data units.
 * v NaN marks a break: the line ends before it and restarts after it. */
struct dpt {
	double x, v;
};

struct decimate_opts {
	double t0, t1;     /* visible time range (seconds) */
	double x0, width;  /* where it lands in px */
	double col_k, col_off; /* the pixel columns samples are gathered in: floor(x * col_k +
	                      col_off), the device's (so a column's min and max are the
	                      pixel's, not shared with a neighbour); col_k 0 = 1-px columns
	                      from x0 */
	double max_gap;    /* break when consecutive valid samples are more than this many
	                      seconds apart; 0 = none */
	double span_nulls; /* seconds: NaN runs shorter than this are bridged; 0 = break at
	                      every NaN; INFINITY = never break at NaN */
};

/* Output slots decimate_m4 may need for a plot `width` columns wide: at most 4
 * points per column, a second group and one break where a column holds a
 * gap, and one sample either side of the range. */
size_t decimate_cap(double width);

/* Writes the decimated points of (t[i], v[i]) into out (cap slots) and
 * returns how many were written (never more than cap).  One sample before
 * t0 and one after t1 are kept so lines run to the plot edges. */
size_t decimate_m4(const double *t, const double *v, size_t n, const struct decimate_opts *o,
                   struct dpt *out, size_t cap);

/* The y range of values as the plain loop keeps it: for every v[i] that is
 * not NaN (and > 0 when positive_only, for log axes), *lo = v < *lo ? v :
 * *lo and *hi = v > *hi ? v : *hi — the same bits, signed zeros included.
 * SSE2 min/max over the whole array (NaN lanes keep the running value). */
void decimate_extent(const double *v, size_t n, bool positive_only, double *lo, double *hi);

/* How many samples have from <= t[i] <= to and a value (v[i] not NaN),
 * counted up to `most` (returns the smaller of the two): the plain count's
 * answer to "fewer than most?" without a pass over a long series. */
size_t decimate_count_upto(const double *t, const double *v, size_t n, double from, double to,
                           size_t most);

#endif
