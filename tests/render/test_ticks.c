/*
 * test_ticks.c — value and time axes against what Grafana 10.4 / uPlot 1.6.30
 * draw.  Ranges were checked with uPlot.rangeNum and Grafana's scale config
 * in node; steps and labels by hand from uPlot's findIncr/axis splits and
 * against the reference screenshots in shared/tools/grafana-ref.
 */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "render/ticks.h"

Suite *make_suite(void);

/* Asserts the labels of a value axis, NULL-terminated. */
static void expect_value_labels(const struct value_axis *a, ...)
{
	va_list ap;
	va_start(ap, a);
	size_t i = 0;
	for (const char *want; (want = va_arg(ap, const char *)); i++) {
		ck_assert_msg(i < a->n, "only %zu ticks, wanted %s next", a->n, want);
		ck_assert_str_eq(a->ticks[i].label, want);
	}
	va_end(ap);
	ck_assert_uint_eq(a->n, i);
}

static void expect_time_labels(const struct time_axis *a, ...)
{
	va_list ap;
	va_start(ap, a);
	size_t i = 0;
	for (const char *want; (want = va_arg(ap, const char *)); i++) {
		ck_assert_msg(i < a->n, "only %zu ticks, wanted %s next", a->n, want);
		ck_assert_str_eq(a->ticks[i].label, want);
	}
	va_end(ap);
	ck_assert_uint_eq(a->n, i);
}

/* nodes-cpu reference: min 0, max 1, percentunit over ~155 px: 0%, 20% … 100% */
START_TEST(test_percentunit_hard_0_1)
{
	struct value_axis a;
	ticks_value_axis(0.02, 0.7, 0, 1, 155, 30, "percentunit", -1, &a);
	ck_assert_double_eq(a.min, 0);
	ck_assert_double_eq(a.max, 1);
	ck_assert_double_eq_tol(a.step, 0.2, 1e-15);
	ck_assert_int_eq(a.decimals, 1);
	expect_value_labels(&a, "0%", "20%", "40%", "60%", "80%", "100%", NULL);
	ck_assert_double_eq_tol(a.ticks[3].value, 0.6, 1e-15);
}
END_TEST

/* Without limits the range is padded 10 %: [0, 1] -> [0, 1.1], 0.2 gives
 * 28 px < 30, so 0.25. */
START_TEST(test_percentunit_soft)
{
	struct value_axis a;
	ticks_value_axis(0, 1, NAN, NAN, 155, 30, "percentunit", -1, &a);
	ck_assert_double_eq_tol(a.max, 1.1, 1e-15);
	ck_assert_double_eq(a.min, 0);
	expect_value_labels(&a, "0%", "25%", "50%", "75%", "100%", NULL);

	ticks_value_axis(0.05, 0.6, NAN, NAN, 155, 30, "percentunit", -1, &a);
	ck_assert_double_eq(a.min, 0); /* padding would cross 0: snapped */
	ck_assert_double_eq_tol(a.max, 0.66, 1e-15);
	expect_value_labels(&a, "0%", "20%", "40%", "60%", NULL);
}
END_TEST

/* IEC units step in powers of two: 2^28 B = 256 MiB. */
/* Log axes: a tick per power, exact powers their own ends, a range at or
 * below 0 one decade under its top. */
START_TEST(test_log_axis)
{
	struct value_axis ax;
	ticks_log_axis(1000, 100000, 10, "short", -1, &ax);
	ck_assert_double_eq(ax.min, 1000);
	ck_assert_double_eq(ax.max, 100000);
	ck_assert_int_eq(ax.n, 3);
	ck_assert_str_eq(ax.ticks[1].label, "10 K");
	ticks_log_axis(3, 70, 2, "short", -1, &ax);
	ck_assert_double_eq(ax.min, 2);
	ck_assert_double_eq(ax.max, 128);
	ck_assert_int_eq(ax.n, 7);
	ticks_log_axis(0, 50, 10, "short", -1, &ax);
	ck_assert_double_eq(ax.min, 1);
	ck_assert_double_eq(ax.max, 100);
}
END_TEST

START_TEST(test_bytes_binary_steps)
{
	struct value_axis a;
	ticks_value_axis(0, 1e9, NAN, NAN, 200, 30, "bytes", -1, &a);
	ck_assert_double_eq(a.max, 1.1e9);
	ck_assert_double_eq(a.step, 268435456);
	expect_value_labels(&a, "0 B", "256 MiB", "512 MiB", "768 MiB", "1 GiB", NULL);

	ticks_value_axis(0, 1e9, NAN, NAN, 200, 30, "decbytes", -1, &a);
	ck_assert_double_eq(a.step, 2e8);
	expect_value_labels(&a, "0 B", "200 MB", "400 MB", "600 MB", "800 MB", "1 GB", NULL);
}
END_TEST

START_TEST(test_negative_and_crossing_zero)
{
	struct value_axis a;
	ticks_value_axis(-50, -10, NAN, NAN, 200, 30, "celsius", -1, &a);
	ck_assert_double_eq(a.min, -54);
	ck_assert_double_eq(a.max, -6);
	expect_value_labels(&a, "-50 °C", "-40 °C", "-30 °C", "-20 °C", "-10 °C", NULL);

	ticks_value_axis(-2.5, 7.3, NAN, NAN, 200, 30, "short", -1, &a);
	ck_assert_double_eq(a.min, -3.5);
	ck_assert_double_eq_tol(a.max, 8.3, 1e-12);
	expect_value_labels(&a, "-2", "0", "2", "4", "6", "8", NULL);
}
END_TEST

/* A tiny range keeps enough decimals; labels are trimmed of trailing zeros. */
START_TEST(test_tiny_range)
{
	struct value_axis a;
	ticks_value_axis(1.0001, 1.0002, NAN, NAN, 200, 30, "none", -1, &a);
	ck_assert_double_eq_tol(a.min, 1.00009, 1e-15);
	ck_assert_double_eq_tol(a.max, 1.000211, 1e-15);
	ck_assert_int_eq(a.decimals, 5);
	expect_value_labels(&a, "1.0001", "1.00012", "1.00014", "1.00016", "1.00018", "1.0002",
	                    NULL);

	ticks_value_axis(0.001, 0.0042, NAN, NAN, 200, 30, "s", -1, &a);
	expect_value_labels(&a, "1 ms", "2 ms", "3 ms", "4 ms", NULL);
}
END_TEST

/* A flat series pads by its own magnitude; all zeros become 0..100. */
START_TEST(test_constant_series)
{
	struct value_axis a;
	ticks_value_axis(5, 5, NAN, NAN, 200, 30, "short", -1, &a);
	ck_assert_double_eq(a.min, 0);
	ck_assert_double_eq(a.max, 10);
	expect_value_labels(&a, "0", "2", "4", "6", "8", "10", NULL);

	ticks_value_axis(-5, -5, NAN, NAN, 200, 30, "short", -1, &a);
	ck_assert_double_eq(a.min, -10);
	ck_assert_double_eq(a.max, 0);

	ticks_value_axis(0, 0, NAN, NAN, 200, 30, "short", -1, &a);
	ck_assert_double_eq(a.min, 0);
	ck_assert_double_eq(a.max, 100);
	expect_value_labels(&a, "0", "20", "40", "60", "80", "100", NULL);
}
END_TEST

START_TEST(test_hard_limits_and_decimals)
{
	struct value_axis a;
	/* only a hard max: the min still comes from the data */
	ticks_value_axis(123, 4567, NAN, 10000, 300, 30, "bps", -1, &a);
	ck_assert_double_eq(a.min, 0);
	ck_assert_double_eq(a.max, 10000);
	ck_assert_double_eq(a.step, 1000); /* exactly 30 px apart */
	ck_assert_uint_eq(a.n, 11);
	ck_assert_str_eq(a.ticks[10].label, "10 kb/s");

	/* decimals 0: integer range, integer ticks only */
	ticks_value_axis(0, 1.7, NAN, NAN, 200, 30, "none", 0, &a);
	ck_assert_double_eq(a.max, 2);
	expect_value_labels(&a, "0", "1", "2", NULL);

	/* field decimals win over the step's */
	ticks_value_axis(0, 1, 0, 1, 155, 30, "percentunit", 1, &a);
	expect_value_labels(&a, "0.0%", "20.0%", "40.0%", "60.0%", "80.0%", "100.0%", NULL);

	/* hard min above the data's max: uPlot pads from the hard min (rangeNum(5, 2)) */
	ticks_value_axis(1, 2, 5, NAN, 200, 30, "none", -1, &a);
	ck_assert_double_eq(a.min, 5);
	ck_assert_double_eq(a.max, 7);

	/* hard min and max crossed: Grafana falls back to 0..100 */
	ticks_value_axis(1, 2, 5, 3, 200, 30, "none", -1, &a);
	ck_assert_double_eq(a.min, 0);
	ck_assert_double_eq(a.max, 100);
}
END_TEST

START_TEST(test_bool_and_no_data)
{
	struct value_axis a;
	ticks_value_axis(0, 1, NAN, NAN, 200, 30, "bool_yes_no", -1, &a);
	expect_value_labels(&a, "No", "Yes", NULL);

	ticks_value_axis(NAN, NAN, NAN, NAN, 200, 30, "short", -1, &a);
	ck_assert_uint_eq(a.n, 0);
	ck_assert(isnan(a.min));

	ticks_value_axis(0, 1, NAN, NAN, 0, 30, "short", -1, &a);
	ck_assert_uint_eq(a.n, 0);
}
END_TEST

#define T0 1700000000.0 /* 2023-11-14 22:13:20 UTC, 2023-11-15 07:13:20 KST */

/* nodes-cpu reference: 22:12-23:14 over ~900 px, labels 49 px apart at most
 * -> every 5 minutes. */
START_TEST(test_time_one_hour)
{
	struct time_axis a;
	double from = T0 - 80, to = T0 + 3640; /* 22:12:00 - 23:14:00 */
	char sample[48];
	ticks_time_sample_label(from, to, 900, NULL, sample, sizeof sample);
	ck_assert_str_eq(sample, "22:12");
	ticks_time_axis(from, to, 900, 49, NULL, &a);
	ck_assert_double_eq(a.step, 300);
	ck_assert_uint_eq(a.n, 12);
	ck_assert_str_eq(a.ticks[0].label, "22:15");
	ck_assert_str_eq(a.ticks[1].label, "22:20");
	ck_assert_str_eq(a.ticks[11].label, "23:10");
	ck_assert_double_eq(a.ticks[0].value, T0 + 100);
}
END_TEST

START_TEST(test_time_five_minutes)
{
	struct time_axis a;
	ticks_time_axis(T0, T0 + 300, 900, 66, NULL, &a);
	ck_assert_double_eq(a.step, 30);
	ck_assert_str_eq(a.ticks[0].label, "22:13:30");
	ck_assert_str_eq(a.ticks[1].label, "22:14:00");
}
END_TEST

START_TEST(test_time_hours_and_day)
{
	struct time_axis a;
	ticks_time_axis(T0, T0 + 6 * 3600, 900, 49, NULL, &a);
	ck_assert_double_eq(a.step, 1800);
	ck_assert_str_eq(a.ticks[0].label, "22:30");
	ck_assert_str_eq(a.ticks[3].label, "00:00");

	ticks_time_axis(T0, T0 + 86400, 900, 49, NULL, &a);
	ck_assert_double_eq(a.step, 7200);
	expect_time_labels(&a, "00:00", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00",
	                   "14:00", "16:00", "18:00", "20:00", "22:00", NULL);

	/* the same instants in Seoul: hours fall on even KST hours */
	ticks_time_axis(T0, T0 + 86400, 900, 49, "Asia/Seoul", &a);
	ck_assert_str_eq(a.ticks[0].label, "08:00");
	ck_assert_double_eq(a.ticks[0].value, 1700002800); /* 23:00 UTC */
}
END_TEST

START_TEST(test_time_week)
{
	struct time_axis a;
	char sample[48];
	ticks_time_sample_label(T0, T0 + 7 * 86400, 900, NULL, sample, sizeof sample);
	ck_assert_str_eq(sample, "11/14 22:13");
	ticks_time_axis(T0, T0 + 7 * 86400, 900, 87, NULL, &a);
	ck_assert_double_eq(a.step, 86400);
	expect_time_labels(&a, "11/15 00:00", "11/16 00:00", "11/17 00:00", "11/18 00:00",
	                   "11/19 00:00", "11/20 00:00", "11/21 00:00", NULL);

	ticks_time_axis(T0, T0 + 7 * 86400, 900, 87, "Asia/Seoul", &a);
	ck_assert_str_eq(a.ticks[0].label, "11/16 00:00");
	ck_assert_double_eq(a.ticks[0].value, 1700060400); /* 11/15 15:00 UTC */
}
END_TEST

/* Days and up step from the first midnight, not from the 1st of a month. */
START_TEST(test_time_90_days)
{
	struct time_axis a;
	ticks_time_axis(T0, T0 + 90 * 86400, 900, 51, NULL, &a);
	ck_assert_double_eq(a.step, 6 * 86400);
	ck_assert_str_eq(a.ticks[0].label, "11/15");
	ck_assert_str_eq(a.ticks[1].label, "11/21");
	ck_assert_str_eq(a.ticks[8].label, "01/02");
}
END_TEST

/* Months fall on the 1st at local midnight: DST in New York does not move them. */
START_TEST(test_time_two_years)
{
	struct time_axis a;
	ticks_time_axis(T0, T0 + 730 * 86400, 900, 63, NULL, &a);
	ck_assert_double_eq(a.step, 60 * 86400);
	ck_assert_str_eq(a.ticks[0].label, "2024-01");
	ck_assert_str_eq(a.ticks[1].label, "2024-03");
	ck_assert_double_eq(a.ticks[0].value, 1704067200); /* 2024-01-01 00:00 UTC */

	ticks_time_axis(T0, T0 + 730 * 86400, 900, 63, "Asia/Seoul", &a);
	ck_assert_double_eq(a.ticks[0].value, 1704067200 - 9 * 3600);

	ticks_time_axis(T0, T0 + 730 * 86400, 900, 63, "America/New_York", &a);
	ck_assert_double_eq(a.ticks[0].value, 1704067200 + 5 * 3600); /* EST */
	ck_assert_double_eq(a.ticks[2].value, 1714521600 + 4 * 3600); /* 2024-05-01, EDT */
	ck_assert_str_eq(a.ticks[2].label, "2024-05");
}
END_TEST

START_TEST(test_time_years_and_empty)
{
	struct time_axis a;
	/* ten years over 300 px: yearly steps labelled YYYY */
	ticks_time_axis(1262304000, 1262304000 + 3652.5 * 86400, 300, 50, NULL, &a);
	ck_assert_str_eq(a.ticks[0].label, "2010");
	ck_assert_double_eq(a.step, 2 * 365 * 86400);

	ticks_time_axis(T0, T0, 900, 50, NULL, &a);
	ck_assert_uint_eq(a.n, 0);
	ticks_time_axis(T0, T0 + 3600, 900, 50, "Not/AZone", &a);
	ck_assert_str_eq(a.ticks[0].label, "22:15"); /* unknown zones: UTC */
}
END_TEST

/* Found by tests/fuzz/fuzz_units (clang's float-cast-overflow): ±Inf and
 * ±1e308 data converted ±inf to int in the range arithmetic, and a time
 * range past JavaScript's Date overflowed int64 in the calendar. */
START_TEST(test_non_finite_and_huge_inputs)
{
	struct value_axis v;
	ticks_value_axis(-INFINITY, INFINITY, NAN, NAN, 300, 30, "short", -1, &v);
	ck_assert_uint_eq(v.n, 0);
	ck_assert(isnan(v.min));
	ticks_value_axis(-1e308, 1e308, NAN, NAN, 300, 30, "short", -1, &v);
	ck_assert_uint_eq(v.n, 0);
	ticks_value_axis(0, INFINITY, NAN, NAN, 300, 30, "short", -1, &v);
	ck_assert_uint_gt(v.n, 0); /* the finite end alone: a flat series at 0 */
	ticks_value_axis(0, 10, -INFINITY, HUGE_VAL, 300, 30, "short", -1, &v);
	ck_assert_double_eq(v.min, 0);
	ck_assert_uint_gt(v.n, 0);

	struct time_axis a;
	ticks_time_axis(-1.15701e268, 0, 800, 0, "utc", &a);
	ck_assert_uint_eq(a.n, 0);
	ticks_time_axis(0, 8.7e12, 800, 0, "utc", &a); /* past year 275760 */
	ck_assert_uint_eq(a.n, 0);
	char buf[32];
	ck_assert_uint_eq(ticks_time_sample_label(-1e300, 0, 800, NULL, buf, sizeof buf), 0);
	/* a path is never opened as a zone: UTC */
	ticks_time_axis(T0, T0 + 3600, 900, 50, "../../../../etc/passwd", &a);
	ck_assert_str_eq(a.ticks[0].label, "22:15");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("ticks");
	TCase *v = tcase_create("value");
	tcase_add_test(v, test_percentunit_hard_0_1);
	tcase_add_test(v, test_percentunit_soft);
	tcase_add_test(v, test_bytes_binary_steps);
	tcase_add_test(v, test_log_axis);
	tcase_add_test(v, test_negative_and_crossing_zero);
	tcase_add_test(v, test_tiny_range);
	tcase_add_test(v, test_constant_series);
	tcase_add_test(v, test_hard_limits_and_decimals);
	tcase_add_test(v, test_bool_and_no_data);
	suite_add_tcase(s, v);
	TCase *t = tcase_create("time");
	tcase_add_test(t, test_time_one_hour);
	tcase_add_test(t, test_time_five_minutes);
	tcase_add_test(t, test_time_hours_and_day);
	tcase_add_test(t, test_time_week);
	tcase_add_test(t, test_time_90_days);
	tcase_add_test(t, test_time_two_years);
	tcase_add_test(t, test_time_years_and_empty);
	tcase_add_test(t, test_non_finite_and_huge_inputs);
	suite_add_tcase(s, t);
	return s;
}

#include "tests/test_main.h"
