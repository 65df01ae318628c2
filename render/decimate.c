/*
 * decimate.c — M4 decimation (first/min/max/last per pixel column) in one
 * linear pass over the samples in view.  The drawn polyline of the output
 * covers exactly the raw min..max of every column, which is all a rasterised
 * line can show.  Knows nothing of y scales or Cairo.
 */
#include "render/decimate.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

struct column {
	long col; /* current column, LONG_MIN before the first */
	size_t n; /* samples in the group */
	struct dpt first, min, max, last;
	size_t i_min, i_max;
};

struct emitter {
	struct dpt *out;
	size_t cap, len;
};

static void emit(struct emitter *e, double x, double v)
{
	if (e->len < e->cap)
		e->out[e->len++] = (struct dpt){x, v};
}

struct ipt {
	size_t i;
	struct dpt p;
};

/* Flushes a group: first, min, max and last, in time order, each sample
 * once (a lone sample is all four). */
static void flush(struct emitter *e, struct column *c)
{
	if (c->n == 0)
		return;
	struct ipt k[4] = {
	        {0, c->first}, {c->i_min, c->min}, {c->i_max, c->max}, {c->n - 1, c->last}};
	if (k[1].i > k[2].i) {
		k[1] = (struct ipt){c->i_max, c->max};
		k[2] = (struct ipt){c->i_min, c->min};
	}
	size_t prev = (size_t)-1;
	for (int j = 0; j < 4; j++) {
		if (k[j].i == prev)
			continue;
		emit(e, k[j].p.x, k[j].p.v);
		prev = k[j].i;
	}
	c->n = 0;
}

static void add(struct column *c, double x, double v)
{
	struct dpt p = {x, v};
	if (c->n == 0) {
		c->first = c->min = c->max = p;
		c->i_min = c->i_max = 0;
	} else {
		if (v < c->min.v) {
			c->min = p;
			c->i_min = c->n;
		}
		if (v > c->max.v) {
			c->max = p;
			c->i_max = c->n;
		}
	}
	c->last = p;
	c->n++;
}

static size_t lower_bound(const double *t, size_t n, double x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Pixel column of dx px right of the plot's left edge.  The one sample kept
 * beyond each end of the range may lie anywhere (a timestamp of -1e300), so
 * columns are clamped to just outside the plot before the conversion, which
 * would overflow; no two samples share a clamped column that did not before. */
static long column_of(double dx, double width)
{
	double c = floor(dx);
	if (!(c >= -2))
		return -2;
	if (c > width + 2)
		return (long)width + 3;
	return (long)c;
}

size_t decimate_cap(double width)
{
	size_t cols = width > 0 ? (size_t)ceil(width) : 0;
	return cols * 9 + 16;
}

/* Where samples land: the same expressions for every sample, so a column
 * computed here and in the run below agree to the bit. */
struct grid {
	double t0, x0, k, ck, coff, base, cwidth;
};

static inline double x_of(const struct grid *g, double t)
{
	return g->x0 + (t - g->t0) * g->k;
}

static inline long col_of_x(const struct grid *g, double x)
{
	return column_of(x * g->ck + g->coff - g->base, g->cwidth);
}

/* The latest time still in column col, or -INFINITY.  The column is a
 * monotone function of t (each step is a rounded monotone operation), so
 * every t in [a sample of col, the bound] lies in col: the bound is the
 * column's edge solved for t, stepped back a hair and checked. */
static double col_bound(const struct grid *g, long col)
{
	double span = 1 / (g->k * g->ck); /* seconds per column */
	double edge = g->t0 + (((double)col + 1 - g->coff + g->base) / g->ck - g->x0) / g->k;
	double b = edge - span * 1e-6 - fabs(edge) * 1e-12;
	return isfinite(b) && col_of_x(g, x_of(g, b)) == col ? b : -INFINITY;
}

/* The run of samples from i on that the general loop would only add to
 * column c: finite t within [ta, tb] (so in c's column), a value, no gap
 * after the previous one.  Tracks min and max as add() does (the first of
 * equal extremes wins) and returns the run's end. */
static size_t add_run(struct column *c, const struct grid *g, const double *t, const double *v,
                      size_t i, size_t hi, double ta, double tb, double max_gap, double *last_t)
{
	double mn = c->min.v, mx = c->max.v, prev = *last_t;
	size_t j = i, jmn = SIZE_MAX, jmx = SIZE_MAX;
	double gap = max_gap > 0 ? max_gap : INFINITY;
	for (; j < hi; j++) {
		double tj = t[j], vj = v[j];
		/* NaN t and NaN v fail these comparisons and end the run. */
		if (!(tj >= ta && tj <= tb && vj == vj && tj - prev <= gap))
			break;
		prev = tj;
		jmn = vj < mn ? j : jmn;
		mn = vj < mn ? vj : mn;
		jmx = vj > mx ? j : jmx;
		mx = vj > mx ? vj : mx;
	}
	if (j == i)
		return i;
	if (jmn != SIZE_MAX) {
		c->min = (struct dpt){x_of(g, t[jmn]), v[jmn]};
		c->i_min = c->n + (jmn - i);
	}
	if (jmx != SIZE_MAX) {
		c->max = (struct dpt){x_of(g, t[jmx]), v[jmx]};
		c->i_max = c->n + (jmx - i);
	}
	c->last = (struct dpt){x_of(g, t[j - 1]), v[j - 1]};
	c->n += j - i;
	*last_t = prev;
	return j;
}

size_t decimate_m4(const double *t, const double *v, size_t n, const struct decimate_opts *o,
                   struct dpt *out, size_t cap)
{
	struct emitter e = {out, cap, 0};
	if (n == 0 || o->t1 <= o->t0 || o->width <= 0)
		return 0;
	size_t lo = lower_bound(t, n, o->t0), hi = lower_bound(t, n, o->t1);
	lo = lo > 0 ? lo - 1 : 0;
	hi = hi < n ? hi + 1 : n;
	double ck = o->col_k > 0 ? o->col_k : 1, coff = o->col_k > 0 ? o->col_off : -o->x0;
	struct grid g = {.t0 = o->t0, .x0 = o->x0, .k = o->width / (o->t1 - o->t0), .ck = ck,
	                 .coff = coff, .base = floor(o->x0 * ck + coff), .cwidth = o->width * ck};
	struct column c = {.col = 0, .n = 0};
	bool started = false, broke_in_col = false;
	double last_t = NAN, nan_since = NAN, bound = -INFINITY;
	long bound_col = 0;
	for (size_t i = lo; i < hi;) {
		double ti = t[i];
		if (!isfinite(ti)) {
			i++;
			continue; /* no place on the axis: as if absent */
		}
		if (isnan(v[i])) {
			if (isnan(nan_since) && !isnan(last_t))
				nan_since = last_t;
			i++;
			continue;
		}
		double x = x_of(&g, ti);
		long col = col_of_x(&g, x);
		bool gap = false;
		if (!isnan(nan_since))
			gap = o->span_nulls <= 0 || ti - nan_since > o->span_nulls;
		if (!gap && o->max_gap > 0 && !isnan(last_t) && ti - last_t > o->max_gap)
			gap = !(o->span_nulls > 0 && ti - last_t <= o->span_nulls);
		nan_since = NAN;
		last_t = ti;
		if (started && col != c.col) {
			flush(&e, &c);
			broke_in_col = false;
		}
		if (gap && started && !broke_in_col) {
			/* One break per column: further gaps inside the same pixel
			 * column cannot be seen and would only cost output slots. */
			flush(&e, &c);
			emit(&e, x, NAN);
			broke_in_col = true;
		}
		c.col = col;
		started = true;
		add(&c, x, v[i]);
		/* The samples after it in the same column, without the checks
		 * above (most of a dense series): 1,000 a column in case B. */
		if (bound_col != col || bound == -INFINITY) {
			bound = col_bound(&g, col);
			bound_col = col;
		}
		i = add_run(&c, &g, t, v, i + 1, hi, ti, bound, o->max_gap, &last_t);
	}
	flush(&e, &c);
	return e.len;
}
