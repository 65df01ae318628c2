/*
 * test_interval.c — Grafana 10's interval, step and macro numbers.  Expected
 * values are worked by hand from Grafana's roundInterval tables
 * (@grafana/data rangeutil, pkg/tsdb/intervalv2) and its Prometheus backend
 * (safe resolution 11000, start/end floored to the step).
 */
#include <check.h>
Suite *make_suite(void);
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "datasource/interval.h"

#define T0 1700000000.0 /* 2023-11-14T22:13:20Z */

static struct query_timing timing(double range, int width, int mdp, double min_iv, int factor)
{
	struct query_window w = {
	        .from = T0 - range,
	        .to = T0,
	        .width_px = width,
	        .max_data_points = mdp,
	        .min_interval = min_iv,
	        .interval_factor = factor,
	        .scrape_interval = 15,
	};
	struct query_timing t;
	struct cairn_err err = {0};
	ck_assert_int_eq(interval_compute(&w, &t, &err), 0);
	return t;
}

START_TEST(one_hour_1000px)
{
	/* 3600 s / 1000 = 3.6 s → rounds to 5 s, below the 15 s scrape floor. */
	struct query_timing t = timing(3600, 1000, 0, 15, 1);
	ck_assert_double_eq(t.interval, 15);
	ck_assert_double_eq(t.step, 15);
	ck_assert_double_eq(t.rate_interval, 60); /* max(15+15, 4*15) */
	ck_assert_double_eq(t.range, 3600);
}
END_TEST

START_TEST(six_hours_800px)
{
	/* 21600 / 800 = 27 s → 30 s bucket (25..45 s). */
	struct query_timing t = timing(6 * 3600, 800, 0, 15, 1);
	ck_assert_double_eq(t.interval, 30);
	ck_assert_double_eq(t.step, 30);
	ck_assert_double_eq(t.rate_interval, 60); /* max(30+15, 60) */
}
END_TEST

START_TEST(seven_days)
{
	/* 604800 / 1000 = 604.8 s → 10 m bucket (7.5..12.5 m). */
	struct query_timing t = timing(7 * 86400, 1000, 0, 15, 1);
	ck_assert_double_eq(t.interval, 600);
	ck_assert_double_eq(t.step, 600);
	ck_assert_double_eq(t.rate_interval, 615);
	/* 2h panel of 1200 px: 6 s → 5 s, floor 15 s */
	t = timing(7200, 1200, 0, 15, 1);
	ck_assert_double_eq(t.step, 15);
	/* 24h 1500 px: 57.6 s → 1 m */
	t = timing(86400, 1500, 0, 15, 1);
	ck_assert_double_eq(t.step, 60);
	/* 30d 1000 px: 2592 s → 30 m bucket (25..45 m) */
	t = timing(30 * 86400, 1000, 0, 15, 1);
	ck_assert_double_eq(t.step, 1800);
}
END_TEST

START_TEST(max_data_points_wins_over_width)
{
	/* 3600 / 100 = 36 s → 30 s */
	struct query_timing t = timing(3600, 1000, 100, 15, 1);
	ck_assert_double_eq(t.interval, 30);
	ck_assert_double_eq(t.step, 30);
	/* 3600 / 20 = 180 s → 2 m (90..210 s) */
	t = timing(3600, 1000, 20, 15, 1);
	ck_assert_double_eq(t.step, 120);
	/* no width, no maxDataPoints: Grafana's default resolution 1500 → 2.4 s → 2 s → floor */
	t = timing(3600, 0, 0, 1, 1);
	ck_assert_double_eq(t.interval, 2);
}
END_TEST

START_TEST(min_interval)
{
	struct query_timing t = timing(3600, 1000, 0, 60, 1);
	ck_assert_double_eq(t.interval, 60);
	ck_assert_double_eq(t.step, 60);
	ck_assert_double_eq(t.rate_interval, 75); /* 1m + 15s scrape */
	/* a min interval below the computed one does nothing */
	t = timing(7 * 86400, 1000, 0, 60, 1);
	ck_assert_double_eq(t.step, 600);
	/* min 1 s over 1 h at 1000 px: 3.6 s → 5 s */
	t = timing(3600, 1000, 0, 1, 1);
	ck_assert_double_eq(t.interval, 5);
	ck_assert_double_eq(t.step, 5);
	ck_assert_double_eq(t.rate_interval, 60); /* 4 * 15 s */
}
END_TEST

START_TEST(interval_factor)
{
	struct query_timing t = timing(6 * 3600, 800, 0, 15, 2);
	ck_assert_double_eq(t.interval, 30); /* $__interval stays the panel interval */
	ck_assert_double_eq(t.step, 60);
	t = timing(3600, 1000, 0, 15, 3);
	ck_assert_double_eq(t.step, 45);
}
END_TEST

START_TEST(safe_step)
{
	/* 30 d at 100000 points: 25.92 s → 30 s, but 2592000/11000 = 235.6 s
	 * rounds (backend table) to 5 m, so Prometheus' 11000-point cap holds. */
	struct query_timing t = timing(30 * 86400, 1000, 100000, 15, 1);
	ck_assert_double_eq(t.interval, 30);
	ck_assert_double_eq(t.step, 300);
}
END_TEST

START_TEST(bucket_edges)
{
	/* 7.5 s exactly: the browser (<) rounds up to 10 s; the backend's step
	 * honours that as its minimum. */
	struct query_timing t = timing(7500, 1000, 0, 1, 1);
	ck_assert_double_eq(t.interval, 10);
	ck_assert_double_eq(t.step, 10);
	/* 65 s min interval, 70 s per point: browser says 65 s, backend rounds
	 * 70 s down to 1 m because 70 s is not below its minimum. */
	t = timing(70000, 1000, 0, 65, 1);
	ck_assert_double_eq(t.interval, 65);
	ck_assert_double_eq(t.step, 60);
}
END_TEST

START_TEST(alignment)
{
	struct query_window w = {
	        .from = 1700000007.0,
	        .to = 1700003607.0,
	        .width_px = 1000,
	        .min_interval = 15,
	        .interval_factor = 1,
	        .scrape_interval = 15,
	};
	struct query_timing t;
	ck_assert_int_eq(interval_compute(&w, &t, NULL), 0);
	ck_assert_double_eq(t.step, 15);
	ck_assert_double_eq(t.start, 1699999995.0); /* floor to a multiple of 15 s */
	ck_assert_double_eq(t.end, 1700003595.0);
	ck_assert_double_eq(fmod(t.start, t.step), 0);
	ck_assert_double_eq(t.range, 3600);
}
END_TEST

START_TEST(bad_window)
{
	struct query_window w = {.from = 10, .to = 5, .width_px = 100};
	struct query_timing t;
	struct cairn_err err = {0};
	ck_assert_int_eq(interval_compute(&w, &t, &err), CAIRN_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "after"));
	w.to = NAN;
	ck_assert_int_eq(interval_compute(&w, &t, &err), CAIRN_EINVAL);
}
END_TEST

static void expect_expand(const char *in, const struct query_timing *t, const char *want)
{
	char *got = interval_expand_macros(in, t);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(macros)
{
	struct query_timing t = {.interval = 30, .step = 60, .rate_interval = 90, .range = 21600.4};
	expect_expand("rate(x[$__rate_interval])", &t, "rate(x[1m30s])");
	expect_expand("rate(x[${__rate_interval}])", &t, "rate(x[1m30s])");
	expect_expand("avg_over_time(x[$__interval])", &t, "avg_over_time(x[30s])");
	expect_expand("x[${__interval}] / $__interval_ms", &t, "x[30s] / 30000");
	expect_expand("increase(x[$__range]) / $__range_s", &t, "increase(x[21600s]) / 21600");
	expect_expand("$__range_ms${__range_ms}", &t, "2160040021600400");
	expect_expand("$__rate_interval_ms", &t, "90000");
	expect_expand("no macros $node and $ alone $", &t, "no macros $node and $ alone $");
	expect_expand("$__intervalx ${__interval", &t, "$__intervalx ${__interval");
	expect_expand("", &t, "");

	struct query_timing small = {.interval = 0.25, .rate_interval = 60, .range = 3600};
	expect_expand("[$__interval]", &small, "[250ms]");
	expect_expand("[$__rate_interval]", &small, "[1m]");
	expect_expand("$__range", &small, "3600s");
}
END_TEST

/* Grafana's global $__from / $__to: ms, ${…:date} (ISO), ${…:date:seconds};
 * other moment formats and an unknown range are left as written. */
START_TEST(from_to)
{
	struct query_timing t = {.interval = 30, .range = 21600,
	                         .from = 1767225600.25, .to = 1767247200};
	expect_expand("$__from $__to", &t, "1767225600250 1767247200000");
	expect_expand("${__from}/${__to}", &t, "1767225600250/1767247200000");
	expect_expand("x @ ${__to:date:seconds} offset 1m", &t, "x @ 1767247200 offset 1m");
	expect_expand("${__from:date:seconds}", &t, "1767225600");
	expect_expand("${__from:date}", &t, "2026-01-01T00:00:00.250Z");
	expect_expand("${__to:date:iso}", &t, "2026-01-01T06:00:00.000Z");
	expect_expand("${__from:date:YYYY-MM} $__fromage ${__from", &t,
	              "${__from:date:YYYY-MM} $__fromage ${__from");
	struct query_timing unknown = {.interval = 30, .range = 60};
	expect_expand("$__from ${__to:date:seconds} $__interval", &unknown,
	              "$__from ${__to:date:seconds} 30s");
}
END_TEST

START_TEST(end_to_end_rate_interval)
{
	struct query_timing t = timing(7 * 86400, 1000, 0, 15, 1);
	expect_expand("sum(rate(node_cpu_seconds_total[$__rate_interval]))", &t,
	              "sum(rate(node_cpu_seconds_total[10m15s]))");
}
END_TEST

/* An interval variable's auto option: Grafana's calculateInterval(range,
 * auto_count, auto_min) = secondsToHms(max(roundInterval(span / count), min)). */
START_TEST(auto_interval_variable)
{
	char buf[32];
	/* 6 h / 30 = 720 s → rounds to 10m */
	interval_hms(interval_round_ms(6 * 3600e3 / 30) / 1000, buf, sizeof buf);
	ck_assert_str_eq(buf, "10m");
	/* 1 h / 30 = 120 s → 2m; 24 h / 100 = 864 s → 15m */
	interval_hms(interval_round_ms(3600e3 / 30) / 1000, buf, sizeof buf);
	ck_assert_str_eq(buf, "2m");
	interval_hms(interval_round_ms(86400e3 / 100) / 1000, buf, sizeof buf);
	ck_assert_str_eq(buf, "15m");
	/* secondsToHms keeps the largest whole unit only */
	interval_hms(90, buf, sizeof buf);
	ck_assert_str_eq(buf, "1m");
	interval_hms(2 * 86400 + 5, buf, sizeof buf);
	ck_assert_str_eq(buf, "2d");
	interval_hms(0.5, buf, sizeof buf);
	ck_assert_str_eq(buf, "500ms");
	interval_hms(400 * 86400, buf, sizeof buf);
	ck_assert_str_eq(buf, "1y");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("datasource/interval");
	TCase *tc = tcase_create("interval");
	tcase_add_test(tc, one_hour_1000px);
	tcase_add_test(tc, six_hours_800px);
	tcase_add_test(tc, seven_days);
	tcase_add_test(tc, max_data_points_wins_over_width);
	tcase_add_test(tc, min_interval);
	tcase_add_test(tc, interval_factor);
	tcase_add_test(tc, safe_step);
	tcase_add_test(tc, bucket_edges);
	tcase_add_test(tc, alignment);
	tcase_add_test(tc, bad_window);
	tcase_add_test(tc, macros);
	tcase_add_test(tc, from_to);
	tcase_add_test(tc, end_to_end_rate_interval);
	tcase_add_test(tc, auto_interval_variable);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
