/*
 * envelope.h — a dense decimated line drawn as one filled band instead of a
 * stroked zigzag.  Where M4 leaves three or four points in every device
 * pixel column (the series turns inside the column), the stroke covers the
 * column's whole vertical span anyway, and stroking thousands of
 * self-intersecting segments is Cairo's slowest path.  This module finds
 * those stretches and computes per column the span of the polyline; the
 * caller widens it by half the line width and fills it.  Pure; no Cairo, no
 * allocation.
 */
#ifndef CAIRN_ENVELOPE_H
#define CAIRN_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include "dashboards/model.h"
#include "render/decimate.h"

/* Minimum run of consecutive dense columns worth a band: shorter ones are
 * stroked with their neighbours. */
#define ENVELOPE_MIN_COLS 4

/* Device pixel column of user-space x: floor(x * k + off). */
struct env_cols {
	double k, off;
};

/* Next stretch of the unbroken run q[0..n) (no NaN, x non-decreasing)
 * starting at point `from` (< n - 1), judged on the decimation's columns m:
 * returns its last point, and sets *dense when q[from..end] is to be filled
 * as a band rather than stroked (every column in it holds 3+ points).
 * Consecutive stretches share their end points, so the line stays joined. */
size_t envelope_next(const struct dpt *q, size_t n, struct env_cols m, size_t from, bool *dense);

/* Column of user-space x, clamped to ±1e15 (NaN to the low end). */
long envelope_col(struct env_cols m, double x);

/* Per device column c0 .. c0 + return - 1, the span top[c - c0] ..
 * bot[c - c0] (top <= bot) the polyline q[a..b] covers, with segments drawn
 * as `li` says (smooth is taken as linear: the monotone cubic never leaves
 * its end points' range).  Returns 0 when the columns exceed cap, or when
 * x is not finite and non-decreasing (the caller strokes instead). */
size_t envelope_build(const struct dpt *q, size_t a, size_t b, struct env_cols m,
                      enum line_interp li, double *top, double *bot, size_t cap, long *c0);

#endif
