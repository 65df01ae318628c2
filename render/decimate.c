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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Samples a column on average from which runs are walked in blocks of 16
 * (fewer block tests; 8 below, where a block of 16 seldom fits). */
#define DENSE_BLOCK16 64

/* Samples a column on average from which runs are looked for. */
#define DENSE_RUNS 4

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
	if (!(dx >= -2)) /* floor(dx) < -2, NaN included */
		return -2;
	if (dx > width + 3)
		return (long)width + 3;
	/* floor without libm's call (19 instructions a sample in case C):
	 * truncate, then step down below zero; dx is bounded here. */
	long c = (long)dx;
	c -= (double)c > dx;
	if ((double)c > width + 2)
		return (long)width + 3;
	return c;
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

/* The extremes of a run so far, kept as add() keeps them: strict
 * comparisons, so the first of equal extremes wins. */
struct extremes {
	double mn, mx;
	size_t jmn, jmx; /* SIZE_MAX: not in the run */
};

static inline void extremes_add(struct extremes *e, const double *v, size_t j)
{
	double vj = v[j];
	e->jmn = vj < e->mn ? j : e->jmn;
	e->mn = vj < e->mn ? vj : e->mn;
	e->jmx = vj > e->mx ? j : e->jmx;
	e->mx = vj > e->mx ? vj : e->mx;
}

#ifdef __SSE2__
/* The run's samples from j on in blocks of `block` (8 or 16, inlined for
 * each), two at a time: a block is taken when all of it passes the run's
 * test (the same comparisons as add_run's), and walked one by one only
 * when its minimum or maximum (minpd/maxpd, exact on values without NaN)
 * passes the run's so far —
 * a dense column finds its extremes early, so most blocks are skipped.
 * Returns the first sample not taken.  t[j - 1] is the run's previous. */
static inline __attribute__((always_inline)) size_t
run_blocks(const double *t, const double *v, size_t j, size_t hi, double ta, double tb,
           double gap, struct extremes *e, size_t block)
{
	/* Every sample passes when no value and no step is NaN (a NaN time
	 * makes its step and the next one NaN) and the block's least time,
	 * greatest time and greatest step pass: fewer operations than the
	 * tests one by one, the same answer. */
	for (; j + block <= hi; j += block) {
		__m128d nan = _mm_setzero_pd();
		__m128d tmn = _mm_set1_pd(INFINITY), tmx = _mm_set1_pd(-INFINITY);
		__m128d dmx = _mm_set1_pd(-INFINITY);
		__m128d bmn = _mm_set1_pd(INFINITY), bmx = _mm_set1_pd(-INFINITY);
		for (size_t k = j; k < j + block; k += 2) {
			__m128d tt = _mm_loadu_pd(t + k), tp = _mm_loadu_pd(t + k - 1);
			__m128d vv = _mm_loadu_pd(v + k), d = _mm_sub_pd(tt, tp);
			nan = _mm_or_pd(nan, _mm_cmpunord_pd(vv, d));
			tmn = _mm_min_pd(tmn, tt);
			tmx = _mm_max_pd(tmx, tt);
			dmx = _mm_max_pd(dmx, d);
			bmn = _mm_min_pd(bmn, vv);
			bmx = _mm_max_pd(bmx, vv);
		}
		__m128d ok = _mm_andnot_pd(nan, _mm_and_pd(_mm_cmpge_pd(tmn, _mm_set1_pd(ta)),
		                                           _mm_cmple_pd(tmx, _mm_set1_pd(tb))));
		ok = _mm_and_pd(ok, _mm_cmple_pd(dmx, _mm_set1_pd(gap)));
		if (_mm_movemask_pd(ok) != 3)
			break;
		bmn = _mm_min_pd(bmn, _mm_unpackhi_pd(bmn, bmn));
		bmx = _mm_max_pd(bmx, _mm_unpackhi_pd(bmx, bmx));
		if (_mm_cvtsd_f64(bmn) < e->mn || _mm_cvtsd_f64(bmx) > e->mx)
			for (size_t k = j; k < j + block; k++)
				extremes_add(e, v, k);
	}
	return j;
}
#endif

/* The run of samples from i on that the general loop would only add to
 * column c: finite t within [ta, tb] (so in c's column), a value, no gap
 * after the previous one (t[i - 1], the last sample added).  Tracks min
 * and max as add() does and returns the run's end. */
static size_t add_run(struct column *c, const struct grid *g, const double *t, const double *v,
                      size_t i, size_t hi, double ta, double tb, double max_gap, double *last_t,
                      bool block16)
{
	struct extremes e = {c->min.v, c->max.v, SIZE_MAX, SIZE_MAX};
	double gap = max_gap > 0 ? max_gap : INFINITY;
	size_t j = i;
#ifdef __SSE2__
	j = block16 ? run_blocks(t, v, j, hi, ta, tb, gap, &e, 16)
	            : run_blocks(t, v, j, hi, ta, tb, gap, &e, 8);
#endif
	for (double prev = t[j - 1]; j < hi; j++) {
		double tj = t[j], vj = v[j];
		/* NaN t and NaN v fail these comparisons and end the run. */
		if (!(tj >= ta && tj <= tb && vj == vj && tj - prev <= gap))
			break;
		prev = tj;
		extremes_add(&e, v, j);
	}
	if (j == i)
		return i;
	if (e.jmn != SIZE_MAX) {
		c->min = (struct dpt){x_of(g, t[e.jmn]), v[e.jmn]};
		c->i_min = c->n + (e.jmn - i);
	}
	if (e.jmx != SIZE_MAX) {
		c->max = (struct dpt){x_of(g, t[e.jmx]), v[e.jmx]};
		c->i_max = c->n + (e.jmx - i);
	}
	c->last = (struct dpt){x_of(g, t[j - 1]), v[j - 1]};
	c->n += j - i;
	*last_t = t[j - 1];
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
	bool dense = (double)(hi - lo) >= DENSE_RUNS * g.cwidth;
	bool block16 = (double)(hi - lo) >= DENSE_BLOCK16 * g.cwidth;
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
		 * above (most of a dense series): 1,000 a column in case B.  A
		 * sparse series (case C: one sample a column) skips the attempt,
		 * which would cost it more than it saves. */
		if (!dense) {
			i++;
			continue;
		}
		if (bound_col != col || bound == -INFINITY) {
			bound = col_bound(&g, col);
			bound_col = col;
		}
		i = add_run(&c, &g, t, v, i + 1, hi, ti, bound, o->max_gap, &last_t, block16);
	}
	flush(&e, &c);
	return e.len;
}

static void extent_plain(const double *v, size_t n, bool positive_only, double *lo, double *hi)
{
	double l = *lo, h = *hi;
	for (size_t i = 0; i < n; i++) {
		double x = v[i];
		if (isnan(x) || (positive_only && x <= 0))
			continue;
		l = x < l ? x : l;
		h = x > h ? x : h;
	}
	*lo = l;
	*hi = h;
}

void decimate_extent(const double *v, size_t n, bool positive_only, double *lo, double *hi)
{
#ifdef __SSE2__
	double l = *lo, h = *hi;
	if (n < 16 || isnan(l) || isnan(h)) {
		extent_plain(v, n, positive_only, lo, hi);
		return;
	}
	/* minpd(x, acc) is x < acc ? x : acc, the plain loop's step, and keeps
	 * acc when x is NaN; values skipped on a log axis become NaN first. */
	const __m128d nan = _mm_set1_pd(NAN), zero = _mm_setzero_pd();
	__m128d mn[4], mx[4];
	for (int k = 0; k < 4; k++) {
		mn[k] = _mm_set1_pd(INFINITY);
		mx[k] = _mm_set1_pd(-INFINITY);
	}
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		for (int k = 0; k < 4; k++) {
			__m128d x = _mm_loadu_pd(v + i + 2 * k);
			if (positive_only) {
				__m128d keep = _mm_cmpgt_pd(x, zero);
				x = _mm_or_pd(_mm_and_pd(keep, x), _mm_andnot_pd(keep, nan));
			}
			mn[k] = _mm_min_pd(x, mn[k]);
			mx[k] = _mm_max_pd(x, mx[k]);
		}
	}
	double lanes_mn[8], lanes_mx[8];
	for (int k = 0; k < 4; k++) {
		_mm_storeu_pd(lanes_mn + 2 * k, mn[k]);
		_mm_storeu_pd(lanes_mx + 2 * k, mx[k]);
	}
	for (int k = 0; k < 8; k++) {
		l = lanes_mn[k] < l ? lanes_mn[k] : l;
		h = lanes_mx[k] > h ? lanes_mx[k] : h;
	}
	extent_plain(v + i, n - i, positive_only, &l, &h);
	/* Values that compare equal have the same bits but for +0 and -0, of
	 * which the plain loop keeps the first: the order is known only to it. */
	if (l == 0 || h == 0) {
		extent_plain(v, n, positive_only, lo, hi);
		return;
	}
	*lo = l;
	*hi = h;
#else
	extent_plain(v, n, positive_only, lo, hi);
#endif
}

size_t decimate_count_upto(const double *t, const double *v, size_t n, double from, double to,
                           size_t most)
{
	size_t c = 0;
	for (size_t i = 0; i < n && c < most; i++)
		c += t[i] >= from && t[i] <= to && !isnan(v[i]);
	return c;
}
