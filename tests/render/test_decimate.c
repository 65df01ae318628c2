/*
 * test_decimate.c — M4 decimation: bounded output, exact per-column
 * envelope, gaps kept as breaks, spanNulls and null insertion.
 */
#include <check.h>
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <stdlib.h>
#include "render/decimate.h"

#define BIG 10000000

START_TEST(sine_10m)
{
	double *t = malloc(BIG * sizeof(double)), *v = malloc(BIG * sizeof(double));
	for (size_t i = 0; i < BIG; i++) {
		t[i] = (double)i;
		v[i] = sin((double)i * 0.0007) + 0.3 * sin((double)i * 0.9);
	}
	double width = 1000;
	struct decimate_opts o = {.t0 = 0, .t1 = BIG, .x0 = 50, .width = width};
	size_t cap = decimate_cap(width);
	struct dpt *out = malloc(cap * sizeof(*out));
	size_t n = decimate_m4(t, v, BIG, &o, out, cap);
	ck_assert_uint_le(n, 4 * (size_t)width);
	ck_assert_uint_gt(n, 3 * (size_t)width);
	/* The envelope per column equals the raw min/max. */
	double *mn = malloc(1000 * sizeof(double)), *mx = malloc(1000 * sizeof(double));
	double *dmn = malloc(1000 * sizeof(double)), *dmx = malloc(1000 * sizeof(double));
	for (int c = 0; c < 1000; c++)
		mn[c] = dmn[c] = INFINITY, mx[c] = dmx[c] = -INFINITY;
	for (size_t i = 0; i < BIG; i++) {
		int c = (int)floor(t[i] * width / BIG);
		mn[c] = fmin(mn[c], v[i]);
		mx[c] = fmax(mx[c], v[i]);
	}
	for (size_t i = 0; i < n; i++) {
		ck_assert(!isnan(out[i].v));
		int c = (int)floor(out[i].x - 50);
		ck_assert_int_ge(c, 0);
		ck_assert_int_lt(c, 1000);
		dmn[c] = fmin(dmn[c], out[i].v);
		dmx[c] = fmax(dmx[c], out[i].v);
		if (i)
			ck_assert(out[i].x >= out[i - 1].x);
	}
	for (int c = 0; c < 1000; c++) {
		ck_assert_double_eq(dmn[c], mn[c]);
		ck_assert_double_eq(dmx[c], mx[c]);
	}
	free(mn), free(mx), free(dmn), free(dmx), free(out), free(t), free(v);
}
END_TEST

static size_t breaks(const struct dpt *p, size_t n)
{
	size_t b = 0;
	for (size_t i = 0; i < n; i++)
		b += isnan(p[i].v);
	return b;
}

START_TEST(gaps)
{
	double t[10], v[10];
	for (int i = 0; i < 10; i++)
		t[i] = i * 10, v[i] = i;
	v[4] = NAN;
	struct dpt out[64];
	struct decimate_opts o = {.t0 = 0, .t1 = 90, .x0 = 0, .width = 900};
	size_t n = decimate_m4(t, v, 10, &o, out, 64);
	ck_assert_uint_eq(n, 10); /* 9 samples + 1 break */
	ck_assert_uint_eq(breaks(out, n), 1);
	ck_assert(isnan(out[4].v));
	ck_assert_double_eq(out[3].v, 3);
	ck_assert_double_eq(out[5].v, 5);
	/* spanNulls: true bridges the gap. */
	o.span_nulls = INFINITY;
	n = decimate_m4(t, v, 10, &o, out, 64);
	ck_assert_uint_eq(breaks(out, n), 0);
	ck_assert_uint_eq(n, 9);
	/* spanNulls as a threshold: a 20 s hole is bridged at 30 s, not at 15 s. */
	o.span_nulls = 30;
	n = decimate_m4(t, v, 10, &o, out, 64);
	ck_assert_uint_eq(breaks(out, n), 0);
	o.span_nulls = 15;
	n = decimate_m4(t, v, 10, &o, out, 64);
	ck_assert_uint_eq(breaks(out, n), 1);
}
END_TEST

START_TEST(missing_samples)
{
	/* Prometheus omits samples: a time hole wider than the step is a gap. */
	double t[] = {0, 10, 20, 60, 70}, v[] = {1, 2, 3, 4, 5};
	struct dpt out[32];
	struct decimate_opts o = {.t0 = 0, .t1 = 70, .x0 = 0, .width = 700, .max_gap = 15};
	size_t n = decimate_m4(t, v, 5, &o, out, 32);
	ck_assert_uint_eq(breaks(out, n), 1);
	o.max_gap = 0;
	n = decimate_m4(t, v, 5, &o, out, 32);
	ck_assert_uint_eq(breaks(out, n), 0);
}
END_TEST

START_TEST(edges_and_cap)
{
	double t[100], v[100];
	for (int i = 0; i < 100; i++)
		t[i] = i, v[i] = i % 7;
	struct dpt out[512];
	/* One sample beyond each edge of [20, 40] is kept so lines reach the edges. */
	struct decimate_opts o = {.t0 = 20.5, .t1 = 40.5, .x0 = 0, .width = 200};
	size_t n = decimate_m4(t, v, 100, &o, out, 512);
	ck_assert_double_lt(out[0].x, 0);
	ck_assert_double_gt(out[n - 1].x, 200);
	ck_assert_uint_eq(n, 22);
	/* Never writes past cap. */
	ck_assert_uint_eq(decimate_m4(t, v, 100, &o, out, 5), 5);
	ck_assert_uint_eq(decimate_m4(t, v, 0, &o, out, 5), 0);
}
END_TEST

/* Columns are the device's pixels, wherever the plot starts: a plot edge at
 * x = 34.5 (a pixel centre) at scale 1 and at scale 2 still gathers each
 * device pixel's own samples, so every pixel's min and max are among its
 * points.  (Columns of 1 px from x0 straddled two device pixels: a dense
 * series then drew pixels that stopped short of its range.) */
START_TEST(device_columns)
{
	enum { N = 400000 };
	double *t = malloc(N * sizeof(double)), *v = malloc(N * sizeof(double));
	for (size_t i = 0; i < N; i++) {
		t[i] = (double)i;
		v[i] = 10 * sin((double)i * 0.01) + 3 * sin((double)i * 0.7);
	}
	const double scales[] = { 1, 2 };
	for (size_t si = 0; si < 2; si++) {
		double k = scales[si], x0 = 34.5, width = 400;
		struct decimate_opts o = {.t0 = 0, .t1 = N - 1, .x0 = x0, .width = width,
		                          .col_k = k, .col_off = 0};
		size_t cap = decimate_cap(width * k + 1);
		struct dpt *out = malloc(cap * sizeof(*out));
		size_t n = decimate_m4(t, v, N, &o, out, cap);
		size_t cols = (size_t)(width * k) + 2;
		double *mn = malloc(cols * sizeof(double)), *mx = malloc(cols * sizeof(double));
		double *dmn = malloc(cols * sizeof(double)), *dmx = malloc(cols * sizeof(double));
		for (size_t c = 0; c < cols; c++)
			mn[c] = dmn[c] = INFINITY, mx[c] = dmx[c] = -INFINITY;
		long base = (long)floor(x0 * k);
		for (size_t i = 0; i < N; i++) {
			double x = x0 + t[i] * width / (N - 1);
			long c = (long)floor(x * k) - base;
			mn[c] = fmin(mn[c], v[i]);
			mx[c] = fmax(mx[c], v[i]);
		}
		for (size_t i = 0; i < n; i++) {
			long c = (long)floor(out[i].x * k) - base;
			ck_assert(c >= 0 && (size_t)c < cols);
			dmn[c] = fmin(dmn[c], out[i].v);
			dmx[c] = fmax(dmx[c], out[i].v);
		}
		for (size_t c = 0; c < cols; c++) {
			ck_assert_msg(mn[c] == dmn[c] && mx[c] == dmx[c],
			              "scale %g, device column %zu: samples %g..%g, points %g..%g", k, c,
			              mn[c], mx[c], dmn[c], dmx[c]);
		}
		free(mn);
		free(mx);
		free(dmn);
		free(dmx);
		free(out);
	}
	free(t);
	free(v);
}
END_TEST

/* ---- the per-sample decimation, as it was before the run loop ------------
 * (render/decimate.c at d8ad408): every sample through the whole check.
 * decimate_m4 must give the same points, bit for bit. */
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

static size_t reference_m4(const double *t, const double *v, size_t n, const struct decimate_opts *o,
                   struct dpt *out, size_t cap)
{
	struct emitter e = {out, cap, 0};
	if (n == 0 || o->t1 <= o->t0 || o->width <= 0)
		return 0;
	size_t lo = lower_bound(t, n, o->t0), hi = lower_bound(t, n, o->t1);
	lo = lo > 0 ? lo - 1 : 0;
	hi = hi < n ? hi + 1 : n;
	double k = o->width / (o->t1 - o->t0);
	double ck = o->col_k > 0 ? o->col_k : 1, coff = o->col_k > 0 ? o->col_off : -o->x0;
	double base = floor(o->x0 * ck + coff), cwidth = o->width * ck;
	struct column c = {.col = 0, .n = 0};
	bool started = false, broke_in_col = false;
	double last_t = NAN, nan_since = NAN;
	for (size_t i = lo; i < hi; i++) {
		if (!isfinite(t[i]))
			continue; /* no place on the axis: as if absent */
		if (isnan(v[i])) {
			if (isnan(nan_since) && !isnan(last_t))
				nan_since = last_t;
			continue;
		}
		double x = o->x0 + (t[i] - o->t0) * k;
		long col = column_of(x * ck + coff - base, cwidth);
		bool gap = false;
		if (!isnan(nan_since))
			gap = o->span_nulls <= 0 || t[i] - nan_since > o->span_nulls;
		if (!gap && o->max_gap > 0 && !isnan(last_t) && t[i] - last_t > o->max_gap)
			gap = !(o->span_nulls > 0 && t[i] - last_t <= o->span_nulls);
		nan_since = NAN;
		last_t = t[i];
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
	}
	flush(&e, &c);
	return e.len;
}

static double pick(GRand *r, const double *choices, size_t n)
{
	return choices[g_rand_int_range(r, 0, (gint32)n)];
}

/* Random series (sorted or not, steps regular or jittered, NaN values and
 * NaN/infinite times, equal and signed-zero extremes, holes) under random
 * options (scale, column offset, gaps, spanNulls, a range narrower or wider
 * than the data): decimate_m4 == reference_m4. */
START_TEST(same_as_per_sample)
{
	GRand *r = g_rand_new_with_seed(1200);
	static const double odd_v[] = {NAN, 0.0, -0.0, INFINITY, -INFINITY, 1, 1, -1};
	static const double odd_t[] = {NAN, INFINITY, -INFINITY, -1e300, 1e300};
	static const double scales[] = {0, 1, 2, 1.5, 0.75};
	static const double spans[] = {0, 0, 5, 50, INFINITY};
	enum { MAXN = 20000 };
	double *t = malloc(MAXN * sizeof(double)), *v = malloc(MAXN * sizeof(double));
	for (int round = 0; round < 3000; round++) {
		size_t n = (size_t)g_rand_int_range(r, 0, round < 2900 ? 300 : MAXN);
		double step = pick(r, (const double[]){1, 15, 0.25, 1000}, 4), tt = 1767225600;
		bool sorted = g_rand_int_range(r, 0, 8) != 0;
		for (size_t i = 0; i < n; i++) {
			tt += step *
			      (g_rand_int_range(r, 0, 20) ? 1 : g_rand_double_range(r, 0, 40));
			t[i] = sorted ? tt
			              : 1767225600 +
			                        g_rand_double_range(r, -10, 10) * step * (double)n;
			if (!g_rand_int_range(r, 0, 200))
				t[i] = pick(r, odd_t, G_N_ELEMENTS(odd_t));
			v[i] = g_rand_int_range(r, 0, 4) ? floor(g_rand_double_range(r, -8, 8))
			                                 : sin((double)i * 0.01) * 100;
			if (!g_rand_int_range(r, 0, 30))
				v[i] = pick(r, odd_v, G_N_ELEMENTS(odd_v));
		}
		/* narrow plots too: many samples a column, runs of whole blocks */
		double span = n ? step * (double)n : 100,
		       width = g_rand_int_range(r, 1, g_rand_boolean(r) ? 1200 : 24);
		struct decimate_opts o = {
		        .t0 = 1767225600 + g_rand_double_range(r, -0.2, 0.5) * span,
		        .x0 = floor(g_rand_double_range(r, 0, 60)) +
		              pick(r, (const double[]){0, 0.5}, 2),
		        .width = width,
		        .col_k = pick(r, scales, G_N_ELEMENTS(scales)),
		        .col_off = pick(r, (const double[]){0, 0.5, -3, 17.25}, 4),
		        .max_gap = pick(r, (const double[]){0, 1.5, 22.5, 1e9}, 4) * step / 1.5,
		        .span_nulls = pick(r, spans, G_N_ELEMENTS(spans)) * step,
		};
		o.t1 = o.t0 + span * g_rand_double_range(r, 0.01, 1.5);
		size_t cap = decimate_cap(width * (o.col_k > 0 ? o.col_k : 1) + 2) + 64;
		if (!g_rand_int_range(r, 0, 10))
			cap = (size_t)g_rand_int_range(r, 0, 40);
		struct dpt *a = malloc((cap + 1) * sizeof *a), *b = malloc((cap + 1) * sizeof *b);
		size_t na = decimate_m4(t, v, n, &o, a, cap),
		       nb = reference_m4(t, v, n, &o, b, cap);
		ck_assert_msg(na == nb, "round %d: %zu points, per sample %zu", round, na, nb);
		for (size_t i = 0; i < na; i++)
			ck_assert_msg(memcmp(&a[i], &b[i], sizeof a[i]) == 0,
			              "round %d, point %zu: (%.17g, %.17g) vs (%.17g, %.17g)",
			              round, i, a[i].x, a[i].v, b[i].x, b[i].v);
		free(a);
		free(b);
	}
	free(t);
	free(v);
	g_rand_free(r);
}
END_TEST

/* decimate_extent and decimate_count_upto against the plain loops on random
 * series: NaN values and times, signed zeros, infinities, out-of-range
 * times, log axes (values <= 0 skipped), every start value and length
 * around the 8-sample SSE2 step. */
START_TEST(extent_and_count_as_plain)
{
	GRand *r = g_rand_new_with_seed(1212);
	static const double odd[] = {NAN, 0.0, -0.0, INFINITY, -INFINITY, 1e-300, -1e-300, 5};
	enum { MAXN = 3000 };
	double *t = malloc(MAXN * sizeof(double)), *v = malloc(MAXN * sizeof(double));
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)g_rand_int_range(r, 0, round % 10 ? 40 : MAXN);
		int kind = g_rand_int_range(r, 0, 4); /* 3: only zeros and NaN */
		for (size_t i = 0; i < n; i++) {
			t[i] = (double)i + g_rand_double_range(r, -2, 2);
			v[i] = kind == 3 ? pick(r, odd, 3) : g_rand_double_range(r, -100, 100);
			if (kind == 1)
				v[i] = floor(v[i] / 40);
			if (!g_rand_int_range(r, 0, kind == 2 ? 3 : 25))
				v[i] = pick(r, odd, G_N_ELEMENTS(odd));
			if (!g_rand_int_range(r, 0, 50))
				t[i] = pick(r, odd, 5);
		}
		bool pos = g_rand_boolean(r);
		double lo0 = g_rand_int_range(r, 0, 3) ? INFINITY : pick(r, odd, G_N_ELEMENTS(odd)),
		       hi0 = g_rand_int_range(r, 0, 3) ? -INFINITY : pick(r, odd, G_N_ELEMENTS(odd));
		double lo = lo0, hi = hi0, plo = lo0, phi = hi0;
		for (size_t k = 0; k < n; k++) {
			double x = v[k];
			if (isnan(x) || (pos && x <= 0))
				continue;
			plo = x < plo ? x : plo;
			phi = x > phi ? x : phi;
		}
		decimate_extent(v, n, pos, &lo, &hi);
		ck_assert_msg(memcmp(&lo, &plo, sizeof lo) == 0 && memcmp(&hi, &phi, sizeof hi) == 0,
		              "round %d (n %zu): %.17g..%.17g, plain %.17g..%.17g", round, n, lo, hi,
		              plo, phi);

		double from = g_rand_double_range(r, -5, (double)n), to = from + g_rand_double_range(
		                                                                        r, -1, (double)n);
		size_t all = 0;
		for (size_t k = 0; k < n; k++)
			if (t[k] >= from && t[k] <= to && !isnan(v[k]))
				all++;
		size_t most = (size_t)g_rand_int_range(r, 0, 60);
		ck_assert_uint_eq(decimate_count_upto(t, v, n, from, to, most),
		                  all < most ? all : most);
		ck_assert_uint_eq(decimate_count_upto(t, v, n, from, to, SIZE_MAX), all);
	}
	free(t);
	free(v);
	g_rand_free(r);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_decimate");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sine_10m);
	tcase_add_test(tc, gaps);
	tcase_add_test(tc, missing_samples);
	tcase_add_test(tc, edges_and_cap);
	tcase_add_test(tc, device_columns);
	tcase_add_test(tc, same_as_per_sample);
	tcase_add_test(tc, extent_and_count_as_plain);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
