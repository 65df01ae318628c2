/*
 * test_timerange.c — Grafana time expressions (durations: tests/base/test_duration.c).  Expected
 * values are Grafana's (datemath with Monday weeks) computed independently.
 */
#include <check.h>
Suite *make_suite(void);
#include <math.h>
#include <string.h>

#include "dashboards/load.h"
#include "dashboards/timerange.h"

/* 2024-05-15T12:34:56Z, a Wednesday */
#define NOW 1715776496.0
#define DAY 86400.0

static double tp(const char *s, bool is_end, const char *tz)
{
	struct cairn_err err = {0};
	double out = -1;
	int rc = time_parse(s, NOW, is_end, tz, &out, &err);
	ck_assert_msg(rc == 0, "%s: %s", s, err.msg);
	return out;
}

static const char *tp_err(const char *s, const char *tz)
{
	static struct cairn_err err;
	double out = 0;
	cairn_err_clear(&err);
	ck_assert_msg(time_parse(s, NOW, false, tz, &out, &err) == CAIRN_EINVAL, "%s accepted", s);
	ck_assert_int_eq(err.code, CAIRN_EINVAL);
	return err.msg;
}

START_TEST(relative_offsets)
{
	ck_assert_double_eq(tp("now", false, "utc"), NOW);
	ck_assert_double_eq(tp("  now ", false, ""), NOW);
	ck_assert_double_eq(tp("now-5m", false, "utc"), NOW - 300);
	ck_assert_double_eq(tp("now+1h", false, "utc"), NOW + 3600);
	ck_assert_double_eq(tp("now-6h", false, "browser"), NOW - 6 * 3600);
	ck_assert_double_eq(tp("now-30s", false, NULL), NOW - 30);
	ck_assert_double_eq(tp("now-2d", false, "utc"), NOW - 2 * DAY);
	ck_assert_double_eq(tp("now-1w", false, "utc"), NOW - 7 * DAY);
	ck_assert_double_eq(tp("now-1d-2h", false, "utc"), NOW - DAY - 7200);
	ck_assert_double_eq(tp("now-h", false, "utc"), NOW - 3600);
}
END_TEST

START_TEST(calendar_months_years)
{
	/* 2024-04-15 12:34:56 (30-day April) and 2023-05-15 */
	ck_assert_double_eq(tp("now-1M", false, "utc"), NOW - 30 * DAY);
	ck_assert_double_eq(tp("now-1y", false, "utc"), NOW - 366 * DAY); /* 2024 is leap */
	/* 2024-03-31 minus 1M clamps to 2024-02-29 as moment does */
	struct cairn_err err;
	double out;
	ck_assert_int_eq(time_parse("now-1M", 1711843200.0, false, "utc", &out, &err), 0);
	ck_assert_double_eq(out, 1709164800.0);
}
END_TEST

START_TEST(rounding_day_week_month_year)
{
	ck_assert_double_eq(tp("now/d", false, "utc"), 1715731200);
	ck_assert_double_eq(tp("now/d", true, "utc"), 1715817600 - 0.001);
	ck_assert_double_eq(tp("now-1d/d", false, "utc"), 1715644800);
	ck_assert_double_eq(tp("now-1d/d", true, "utc"), 1715731200 - 0.001);
	ck_assert_double_eq(tp("now/w", false, "utc"), 1715558400); /* Monday 13th */
	ck_assert_double_eq(tp("now/w", true, "utc"), 1716163200 - 0.001);
	ck_assert_double_eq(tp("now-2w/w", false, "utc"), 1715558400 - 14 * DAY);
	ck_assert_double_eq(tp("now/M", false, "utc"), 1714521600);
	ck_assert_double_eq(tp("now/M", true, "utc"), 1717200000 - 0.001);
	ck_assert_double_eq(tp("now/y", false, "utc"), 1704067200);
	ck_assert_double_eq(tp("now/y", true, "utc"), 1735689600 - 0.001);
	ck_assert_double_eq(tp("now/h", false, "utc"), 1715774400);
	ck_assert_double_eq(tp("now/m", false, "utc"), 1715776440);
}
END_TEST

START_TEST(rounding_in_zone)
{
	/* midnight in Berlin (CEST, +02:00) */
	ck_assert_double_eq(tp("now/d", false, "Europe/Berlin"), 1715724000);
	/* DST start day 2024-03-31 in Berlin is 23 hours long */
	struct cairn_err err;
	double from, to;
	double noon = 1711879200; /* 2024-03-31 12:00 Berlin */
	ck_assert_int_eq(time_parse("now/d", noon, false, "Europe/Berlin", &from, &err), 0);
	ck_assert_int_eq(time_parse("now/d", noon, true, "Europe/Berlin", &to, &err), 0);
	ck_assert_double_eq(from, 1711839600);
	ck_assert_double_eq(to, 1711922400 - 0.001);
	ck_assert_double_eq_tol(to - from, 23 * 3600, 0.01);
	/* week boundary on a Sunday: now/w of Sunday 2024-05-19 is Monday 13th */
	ck_assert_int_eq(time_parse("now/w", 1716120000, false, "utc", &from, &err), 0);
	ck_assert_double_eq(from, 1715558400);
	/* Monday 00:00 exactly is its own week start */
	ck_assert_int_eq(time_parse("now/w", 1715558400, false, "utc", &from, &err), 0);
	ck_assert_double_eq(from, 1715558400);
}
END_TEST

START_TEST(absolute_forms)
{
	ck_assert_double_eq(tp("2024-05-01T10:00:00Z", false, "utc"), 1714557600);
	ck_assert_double_eq(tp("2024-05-01T12:00:00+02:00", false, "utc"), 1714557600);
	ck_assert_double_eq(tp("2024-05-01T10:00:00.5Z", false, "utc"), 1714557600.5);
	ck_assert_double_eq(tp("2024-05-01 10:00:00", false, "utc"), 1714557600);
	ck_assert_double_eq(tp("2024-05-01", false, "utc"), 1714521600);
	/* no offset: read in the dashboard zone */
	ck_assert_double_eq(tp("2024-05-01 12:00:00", false, "Europe/Berlin"), 1714557600);
	ck_assert_double_eq(tp("1714557600", false, "utc"), 1714557600);
	ck_assert_double_eq(tp("1714557600000", false, "utc"), 1714557600);
	ck_assert_double_eq(tp("1714557600123", false, "utc"), 1714557600.123);
	ck_assert_double_eq(tp("0", false, "utc"), 0);
}
END_TEST

START_TEST(errors)
{
	ck_assert_str_eq(tp_err("now-6x", "utc"), "invalid time \"now-6x\": unknown unit 'x'");
	ck_assert_ptr_nonnull(strstr(tp_err("now-6", "utc"), "missing unit"));
	ck_assert_ptr_nonnull(strstr(tp_err("now*2h", "utc"), "now*2h"));
	ck_assert_ptr_nonnull(strstr(tp_err("now/q", "utc"), "unknown unit 'q'"));
	ck_assert_ptr_nonnull(strstr(tp_err("yesterday", "utc"), "\"yesterday\""));
	ck_assert_ptr_nonnull(strstr(tp_err("", "utc"), "empty"));
	ck_assert_ptr_nonnull(strstr(tp_err("2024-13-01", "utc"), "2024-13-01"));
	ck_assert_ptr_nonnull(strstr(tp_err("now", "Mars/Olympus"), "Mars/Olympus"));
	struct cairn_err err;
	double out;
	ck_assert_int_ne(time_parse(NULL, NOW, false, "utc", &out, NULL), 0);
	ck_assert_int_ne(time_parse("now-1Q", NOW, false, "utc", &out, &err), 0);
}
END_TEST

/* Zone names come from the tz database only: a path never reaches GLib
 * (issue 8: "../../../../etc/passwd" was opened as a zone file; a FIFO hung). */
START_TEST(zones_from_the_database_only)
{
	static const char *bad[] = {
	        "../../../../etc/passwd", "/etc/passwd", "/usr/share/zoneinfo/UTC",
	        "Europe/../../../etc/passwd", "Europe//Berlin", "Europe/Berlin/", ".hidden",
	        "Europe/.Berlin", "Europe/Berlin\n", "Europe Berlin", "zone.tab", "tzdata.zi",
	        "Nowhere/Atlantis", "Europe", "+02:00",
	        "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/B"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct cairn_err err = {0};
		double out = -1;
		ck_assert_ptr_null(timerange_zone_open(bad[i], NULL));
		ck_assert_int_eq(timerange_zone_check(bad[i], &err), CAIRN_EINVAL);
		ck_assert_msg(strncmp(err.msg, "timezone: ", 10) == 0, "%s", err.msg);
		ck_assert_int_eq(time_parse("now/d", NOW, false, bad[i], &out, &err), CAIRN_EINVAL);
		ck_assert_ptr_nonnull(strstr(err.msg, "not a time zone of the tz database"));
		ck_assert_double_eq(out, -1);
	}
	static const char *good[] = {"Europe/Berlin", "Cuba", "UTC", "Etc/GMT+5",
	                             "America/Argentina/Buenos_Aires", "utc", "BROWSER", ""};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct cairn_err err = {0};
		ck_assert_msg(timerange_zone_check(good[i], &err) == 0, "%s: %s", good[i], err.msg);
	}
	ck_assert_int_eq(timerange_zone_check(NULL, NULL), 0);
	/* an alias resolves inside the database: Cuba is America/Havana */
	ck_assert_double_eq(tp("now/d", false, "Cuba"), tp("now/d", false, "America/Havana"));
}
END_TEST

/* time_parse never yields ±inf or NaN, whatever `now` and the text are. */
START_TEST(results_are_finite)
{
	double out = -1;
	ck_assert_int_eq(time_parse("now", INFINITY, false, "utc", &out, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(time_parse("now", NAN, false, "utc", &out, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(time_parse("now", 1e300, false, "utc", &out, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(time_parse("now-100000000y", NOW, false, "utc", &out, NULL),
	                 CAIRN_EINVAL);
	ck_assert_double_eq(out, -1);
	ck_assert_int_eq(time_parse("9999999999999999999", NOW, false, "utc", &out, NULL),
	                 CAIRN_EINVAL);
	ck_assert_int_eq(time_parse("999999999999999999", NOW, false, "utc", &out, NULL), 0);
	ck_assert(isfinite(out));
}
END_TEST

/* The loader refuses a `timezone` that is not a tz database name, naming
 * the JSON path, so a render with unix --from/--to (which opens no zone for
 * the range) cannot fall back to UTC silently.  NEEDS the one-line check in
 * dashboards/load.c's parse_time (timerange_zone_check): fails until then. */
START_TEST(loader_refuses_a_path_as_timezone)
{
	static const char json[] =
	        "{\"title\":\"t\",\"timezone\":\"../../../../etc/passwd\",\"panels\":[]}";
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "x.json", &err);
	if (d)
		dash_free(d);
	ck_assert_msg(d == NULL, "a path was accepted as the dashboard's timezone");
	ck_assert_int_eq(err.code, CAIRN_EINVAL);
	ck_assert_str_eq(err.msg, "x.json: timezone: \"../../../../etc/passwd\" is not a time "
	                          "zone of the tz database (e.g. \"Europe/Berlin\", \"utc\", "
	                          "\"browser\")");
	static const char ok[] = "{\"title\":\"t\",\"timezone\":\"Europe/Berlin\"}";
	d = dash_load_buffer(ok, strlen(ok), "x.json", &err);
	ck_assert_ptr_nonnull(d);
	dash_free(d);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/timerange");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, relative_offsets);
	tcase_add_test(tc, calendar_months_years);
	tcase_add_test(tc, rounding_day_week_month_year);
	tcase_add_test(tc, rounding_in_zone);
	tcase_add_test(tc, absolute_forms);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, zones_from_the_database_only);
	tcase_add_test(tc, results_are_finite);
	suite_add_tcase(s, tc);
	TCase *ld = tcase_create("loader");
	tcase_add_test(ld, loader_refuses_a_path_as_timezone);
	suite_add_tcase(s, ld);
	return s;
}

#include "tests/test_main.h"
