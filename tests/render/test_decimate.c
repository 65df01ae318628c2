/*
 * test_decimate.c — M4 decimation: bounded output, exact per-column
 * envelope, gaps kept as breaks, spanNulls and null insertion.
 */
#include <check.h>
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
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
