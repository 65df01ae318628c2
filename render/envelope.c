/*
 * envelope.c — dense stretches of a decimated line and their per-column
 * span (envelope.h).  Both are linear in the points plus the columns
 * crossed.  Which columns count as dense is decided on the decimation's own
 * grid, where M4 leaves 2 points for a column the series crosses
 * monotonically and 3-4 only when it turns inside; the span is computed on
 * device pixels, which is what the rasteriser covers.
 */
#include "render/envelope.h"

#include <math.h>
#include <stdint.h>

#define DENSE_POINTS 3

/* Far beyond any canvas, and exact in a double and a long. */
#define COL_MAX 1e15

/* envelope_col, inlined in the loops here (an exported function of a
 * -fPIC library is not: it could be interposed). */
static inline long col_of(struct env_cols m, double x)
{
	double c = x * m.k + m.off;
	if (!(c >= -COL_MAX)) /* NaN included: the conversion would be undefined */
		return (long)-COL_MAX;
	if (!(c < COL_MAX))
		return (long)COL_MAX;
	/* floor without libm's call: truncate, then step down below zero. */
	long t = (long)c;
	return (double)t > c ? t - 1 : t;
}

long envelope_col(struct env_cols m, double x)
{
	return col_of(m, x);
}

/* x finite and non-decreasing over q[a..b]: what the columns rely on. */
static bool ordered(const struct dpt *q, size_t a, size_t b)
{
	for (size_t i = a; i <= b; i++)
		if (!isfinite(q[i].x) || (i > a && q[i].x < q[i - 1].x))
			return false;
	return true;
}

/* First point after the column holding q[i]. */
static size_t next_col(const struct dpt *q, size_t n, struct env_cols m, size_t i)
{
	long c = col_of(m, q[i].x);
	for (i++; i < n && col_of(m, q[i].x) == c;)
		i++;
	return i;
}

/* Last point of the dense stretch starting at q[i], or SIZE_MAX when fewer
 * than ENVELOPE_MIN_COLS dense columns follow. */
static size_t dense_end(const struct dpt *q, size_t n, struct env_cols m, size_t i)
{
	size_t cols = 0, last = SIZE_MAX;
	while (i < n) {
		size_t j = next_col(q, n, m, i);
		if (j - i < DENSE_POINTS)
			break;
		cols++;
		last = j - 1;
		i = j;
	}
	return cols >= ENVELOPE_MIN_COLS ? last : SIZE_MAX;
}

size_t envelope_next(const struct dpt *q, size_t n, struct env_cols m, size_t from, bool *dense)
{
	size_t end = dense_end(q, n, m, from);
	if (end != SIZE_MAX) {
		*dense = true;
		return end;
	}
	*dense = false;
	for (size_t i = next_col(q, n, m, from); i < n; i = next_col(q, n, m, i))
		if (dense_end(q, n, m, i) != SIZE_MAX)
			return i;
	return n - 1;
}

static void include(double *top, double *bot, size_t c, double y)
{
	top[c] = y < top[c] ? y : top[c];
	bot[c] = y > bot[c] ? y : bot[c];
}

/* One segment p0 → p1 into columns relative to c0. */
static void add_segment(struct dpt p0, struct dpt p1, struct env_cols m, enum line_interp li,
                        long c0, double *top, double *bot)
{
	long ca = col_of(m, p0.x) - c0, cb = col_of(m, p1.x) - c0;
	switch (li) {
	case INTERP_STEP_AFTER:
		for (long c = ca; c <= cb; c++)
			include(top, bot, (size_t)c, p0.v);
		break;
	case INTERP_STEP_BEFORE:
		for (long c = ca; c <= cb; c++)
			include(top, bot, (size_t)c, p1.v);
		break;
	default:
		/* A straight segment is extreme in a column at its end points
		 * or where it crosses the column's edges. */
		for (long c = ca + 1; c <= cb; c++) {
			double xb = ((double)(c + c0) - m.off) / m.k;
			double f = (xb - p0.x) / (p1.x - p0.x);
			double y = p0.v + (p1.v - p0.v) * f;
			include(top, bot, (size_t)(c - 1), y);
			include(top, bot, (size_t)c, y);
		}
		break;
	}
	include(top, bot, (size_t)cb, p1.v);
}

size_t envelope_build(const struct dpt *q, size_t a, size_t b, struct env_cols m,
                      enum line_interp li, double *top, double *bot, size_t cap, long *c0)
{
	long first = col_of(m, q[a].x), last = col_of(m, q[b].x);
	if (last < first || (size_t)(last - first) >= cap || !ordered(q, a, b))
		return 0;
	size_t cols = (size_t)(last - first) + 1;
	for (size_t c = 0; c < cols; c++) {
		top[c] = INFINITY;
		bot[c] = -INFINITY;
	}
	include(top, bot, 0, q[a].v);
	for (size_t i = a; i < b; i++)
		add_segment(q[i], q[i + 1], m, li, first, top, bot);
	*c0 = first;
	return cols;
}
