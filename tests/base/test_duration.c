/*
 * test_duration.c — Prometheus-style durations: parsing, the range every
 * result stays in (no ±inf, nothing past 1000 years), and formatting.
 */
#include <check.h>
Suite *make_suite(void);
#include <math.h>
#include <string.h>

#include "base/duration.h"

static double dp(const char *s)
{
	struct cairn_err err = {0};
	double out = -1;
	ck_assert_msg(duration_parse(s, &out, &err) == 0, "%s: %s", s, err.msg);
	return out;
}

START_TEST(durations)
{
	ck_assert_double_eq(dp("30s"), 30);
	ck_assert_double_eq(dp("5m"), 300);
	ck_assert_double_eq(dp("1h"), 3600);
	ck_assert_double_eq(dp("1d"), 86400);
	ck_assert_double_eq(dp("1w"), 604800);
	ck_assert_double_eq(dp("1y"), 365 * 86400);
	ck_assert_double_eq(dp("250ms"), 0.25);
	ck_assert_double_eq(dp("1h30m"), 5400);
	ck_assert_double_eq(dp("1m30s500ms"), 90.5);
	ck_assert_double_eq(dp("1.5h"), 5400);
	ck_assert_double_eq(dp("15"), 15);
	struct cairn_err err;
	double out;
	ck_assert_int_eq(duration_parse("5x", &out, &err), CAIRN_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown unit 'x'"));
	ck_assert_int_eq(duration_parse("", &out, &err), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("m5", &out, &err), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("-5m", &out, &err), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("$__interval", &out, NULL), CAIRN_EINVAL);
}
END_TEST

static const char *df(double s)
{
	static char buf[64];
	duration_format(s, buf, sizeof buf);
	return buf;
}

START_TEST(duration_formatting)
{
	ck_assert_str_eq(df(15), "15s");
	ck_assert_str_eq(df(90), "1m30s");
	ck_assert_str_eq(df(7200), "2h");
	ck_assert_str_eq(df(0.25), "250ms");
	ck_assert_str_eq(df(0), "0s");
	ck_assert_str_eq(df(86400), "1d");
	ck_assert_str_eq(df(604800), "1w");
	ck_assert_str_eq(df(3600 + 1.5), "1h1s500ms");
	ck_assert_str_eq(df(-60), "-1m");
	char small[4];
	size_t n = duration_format(5400, small, sizeof small);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(small, "1h3");
}
END_TEST

/* "1e308y" used to parse to +inf: timeFrom then made 'from' -inf. */
START_TEST(out_of_range_is_an_error)
{
	struct cairn_err err = {0};
	double out = -1;
	ck_assert_int_eq(duration_parse("1e308y", &out, &err), CAIRN_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than 1000 years"));
	ck_assert_double_eq(out, -1);
	ck_assert_int_eq(duration_parse("1e308", &out, &err), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("1e400s", &out, &err), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("1001y", &out, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("999y999y", &out, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("nan", &out, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("inf", &out, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(duration_parse("1000y", &out, &err), 0);
	ck_assert_double_eq(out, DURATION_MAX_SECONDS);
}
END_TEST

START_TEST(formatting_out_of_range)
{
	char buf[64];
	ck_assert_uint_eq(duration_format(INFINITY, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(duration_format(NAN, buf, sizeof buf), 0);
	duration_format(1e300, buf, sizeof buf);
	ck_assert_str_eq(buf, "1000y");
	duration_format(-1e300, buf, sizeof buf);
	ck_assert_str_eq(buf, "-1000y");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("base/duration");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, durations);
	tcase_add_test(tc, duration_formatting);
	tcase_add_test(tc, out_of_range_is_an_error);
	tcase_add_test(tc, formatting_out_of_range);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
