/*
 * test_envelope.c — dense stretches of a decimated line (filled as bands
 * instead of stroked) and the per-column span a band covers.
 */
#include <check.h>
#include <math.h>
#include "render/envelope.h"

static const struct env_cols UNIT = {1, 0};

/* `per` points in each of `cols` columns starting at column c0, zigzagging
 * between 0 and 10; returns the points written. */
static size_t zigzag(struct dpt *q, long c0, int cols, int per)
{
	size_t n = 0;
	for (int c = 0; c < cols; c++)
		for (int k = 0; k < per; k++, n++)
			q[n] = (struct dpt){(double)(c0 + c) + (k + 0.5) / per, ((n + 1) % 2) ? 10 : 0};
	return n;
}

START_TEST(sparse_is_stroked)
{
	struct dpt q[64];
	size_t n = zigzag(q, 0, 30, 2);
	bool dense = true;
	ck_assert_uint_eq(envelope_next(q, n, UNIT, 0, &dense), n - 1);
	ck_assert(!dense);
}
END_TEST

START_TEST(dense_is_banded)
{
	struct dpt q[64];
	size_t n = zigzag(q, 0, 10, 4);
	bool dense = false;
	ck_assert_uint_eq(envelope_next(q, n, UNIT, 0, &dense), n - 1);
	ck_assert(dense);
}
END_TEST

/* 5 sparse columns, 6 dense, 5 sparse: three stretches sharing end points. */
START_TEST(mixed_runs_share_end_points)
{
	struct dpt q[128];
	size_t n = zigzag(q, 0, 5, 1);
	size_t d0 = n;
	n += zigzag(q + n, 5, 6, 4);
	size_t d1 = n - 1;
	n += zigzag(q + n, 11, 5, 1);
	bool dense;
	size_t e = envelope_next(q, n, UNIT, 0, &dense);
	ck_assert(!dense);
	ck_assert_uint_eq(e, d0);
	e = envelope_next(q, n, UNIT, e, &dense);
	ck_assert(dense);
	ck_assert_uint_eq(e, d1);
	e = envelope_next(q, n, UNIT, e, &dense);
	ck_assert(!dense);
	ck_assert_uint_eq(e, n - 1);
}
END_TEST

/* Too few dense columns in a row are not worth a band. */
START_TEST(short_dense_run_is_stroked)
{
	struct dpt q[64];
	size_t n = zigzag(q, 0, ENVELOPE_MIN_COLS - 1, 4);
	n += zigzag(q + n, ENVELOPE_MIN_COLS - 1, 10, 1);
	bool dense = true;
	ck_assert_uint_eq(envelope_next(q, n, UNIT, 0, &dense), n - 1);
	ck_assert(!dense);
}
END_TEST

START_TEST(linear_span_includes_edge_crossings)
{
	struct dpt q[] = {{0.5, 10}, {2.5, 30}};
	double top[8], bot[8];
	long c0 = -1;
	ck_assert_uint_eq(envelope_build(q, 0, 1, UNIT, INTERP_LINEAR, top, bot, 8, &c0), 3);
	ck_assert_int_eq(c0, 0);
	double want_top[] = {10, 15, 25}, want_bot[] = {15, 25, 30};
	for (int c = 0; c < 3; c++) {
		ck_assert_double_eq_tol(top[c], want_top[c], 1e-9);
		ck_assert_double_eq_tol(bot[c], want_bot[c], 1e-9);
	}
}
END_TEST

/* At device scale 2 with a shift, columns are half a user pixel. */
START_TEST(device_columns)
{
	struct dpt q[] = {{10.1, 0}, {11.1, 8}};
	struct env_cols dev = {2, 3};
	double top[8], bot[8];
	long c0 = -1;
	ck_assert_uint_eq(envelope_build(q, 0, 1, dev, INTERP_LINEAR, top, bot, 8, &c0), 3);
	ck_assert_int_eq(c0, 23);
	ck_assert_double_eq_tol(top[1], 8 * 0.4, 1e-9);
	ck_assert_double_eq_tol(bot[1], 8 * 0.9, 1e-9);
}
END_TEST

START_TEST(step_after_holds_then_jumps)
{
	struct dpt q[] = {{0.5, 10}, {2.5, 30}};
	double top[8], bot[8];
	long c0;
	ck_assert_uint_eq(envelope_build(q, 0, 1, UNIT, INTERP_STEP_AFTER, top, bot, 8, &c0), 3);
	ck_assert_double_eq(top[0], 10);
	ck_assert_double_eq(bot[1], 10);
	ck_assert_double_eq(top[2], 10);
	ck_assert_double_eq(bot[2], 30);
	ck_assert_uint_eq(envelope_build(q, 0, 1, UNIT, INTERP_STEP_BEFORE, top, bot, 8, &c0), 3);
	ck_assert_double_eq(bot[0], 30);
	ck_assert_double_eq(top[1], 30);
}
END_TEST

START_TEST(zigzag_column_covers_full_range)
{
	struct dpt q[64];
	size_t n = zigzag(q, 100, 10, 4);
	double top[16], bot[16];
	long c0;
	ck_assert_uint_eq(envelope_build(q, 0, n - 1, UNIT, INTERP_LINEAR, top, bot, 16, &c0), 10);
	ck_assert_int_eq(c0, 100);
	for (int c = 0; c < 10; c++) {
		ck_assert_double_eq(top[c], 0);
		ck_assert_double_eq(bot[c], 10);
	}
	ck_assert_uint_eq(envelope_build(q, 0, n - 1, UNIT, INTERP_LINEAR, top, bot, 9, &c0), 0);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_envelope");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, sparse_is_stroked);
	tcase_add_test(tc, dense_is_banded);
	tcase_add_test(tc, mixed_runs_share_end_points);
	tcase_add_test(tc, short_dense_run_is_stroked);
	tcase_add_test(tc, linear_span_includes_edge_crossings);
	tcase_add_test(tc, device_columns);
	tcase_add_test(tc, step_after_holds_then_jumps);
	tcase_add_test(tc, zigzag_column_covers_full_range);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
