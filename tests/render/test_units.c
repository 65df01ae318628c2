/*
 * test_units.c — units_format against Grafana itself: every case in
 * tests/oracle/units_cases.txt (generated from @grafana/data 10.4 by
 * tests/oracle/gen_units.mjs) must match prefix, text and suffix exactly.
 * UNITS_CASES (a -D define) is the path of that file.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/units.h"

Suite *make_suite(void);

#ifndef UNITS_CASES
#error "define UNITS_CASES as the path of tests/oracle/units_cases.txt"
#endif

/* Cases where cairn differs from Grafana on purpose: simpleCountUnit appends
 * to an undefined suffix for ±Inf/NaN ("∞undefined req/s"). */
static bool known_difference(char **f)
{
	return strstr(f[5], "undefined") != NULL;
}

static void check_line(char *line, int lineno, int *cases, int *failures)
{
	line[strcspn(line, "\n")] = '\0';
	char **f = g_strsplit(line, "\t", 7);
	ck_assert_msg(g_strv_length(f) == 6, "line %d: expected 6 tab-separated fields", lineno);
	(*cases)++;
	if (known_difference(f)) {
		g_strfreev(f);
		return;
	}
	struct unit_value uv;
	double v = strtod(f[1], NULL);
	int dec = (int)strtol(f[2], NULL, 10);
	units_format(f[0], v, dec, &uv);
	if (strcmp(uv.prefix, f[3]) || strcmp(uv.text, f[4]) || strcmp(uv.suffix, f[5])) {
		if (*failures < 40)
			fprintf(stderr, "line %d: %s(%s, %s): want [%s|%s|%s] got [%s|%s|%s]\n",
			        lineno, f[0], f[1], f[2], f[3], f[4], f[5], uv.prefix, uv.text,
			        uv.suffix);
		(*failures)++;
	}
	g_strfreev(f);
}

START_TEST(test_oracle_cases)
{
	FILE *fp = fopen(UNITS_CASES, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", UNITS_CASES);
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, cases = 0, failures = 0;
	while (getline(&line, &cap, fp) >= 0)
		check_line(line, ++lineno, &cases, &failures);
	free(line);
	fclose(fp);
	ck_assert_int_gt(cases, 10000);
	ck_assert_msg(failures == 0, "%d of %d oracle cases differ (first ones on stderr)",
	              failures, cases);
}
END_TEST

static void expect(const char *unit, double v, int dec, const char *want)
{
	char buf[96];
	size_t n = units_format_str(unit, v, dec, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(n, strlen(want));
}

/* A few values read off Grafana panels, so a broken oracle file cannot hide a bug. */
START_TEST(test_spot_values)
{
	expect("bytes", 1e9, -1, "954 MiB");
	expect("bytes", 1536, -1, "1.50 KiB");
	expect("percentunit", 0.2, -1, "20%");
	expect("percentunit", 0.2, 1, "20.0%");
	expect("percent", 42.123, -1, "42.1%");
	expect("short", 123456789, -1, "123 Mil");
	expect("short", 1500, -1, "1.50 K");
	expect("bps", 1e6, -1, "1 Mb/s");
	expect("Bps", 2.5e3, 1, "2.5 kB/s");
	expect("pps", 1e6, -1, "1 Mp/s");
	expect("s", 0.5, -1, "500 ms");
	expect("s", 90, -1, "1.50 mins");
	expect("ms", 1500, -1, "1.50 s");
	expect("ops", 2500, -1, "2.50K ops/s");
	expect("reqps", 3, -1, "3 req/s");
	expect("iops", 0.5, -1, "0.500 io/s");
	expect("celsius", 21.5, 1, "21.5 °C");
	expect("bool_yes_no", 1, -1, "Yes");
	expect("bool", 0, -1, "False");
	expect("rds", 5, -1, "5 rds");
	expect("none", 0.123456, -1, "0.123");
	expect("", 1e21, -1, "1e+21");
	expect("short", -2500, 0, "-2 K"); /* Math.round(-2.5) */
	expect("currencyUSD", -1500, -1, "-$1.50K");
	expect("dtdurations", 3725, 2, "1 hour, 2 minutes, 5 seconds");
	/* automatic decimals of 0 and ±Inf: JS reaches 0 through NaN/±Infinity;
	 * C used to convert -inf to int (clang's float-cast-overflow aborts) */
	expect("short", 0, -1, "0");
	expect("percent", -0.0, -1, "0%");
	expect("short", INFINITY, -1, "∞");
	expect("short", -INFINITY, -1, "-∞");
}
END_TEST

START_TEST(test_truncates_to_cap)
{
	char buf[4];
	size_t n = units_format_str("bytes", 1e9, -1, buf, sizeof buf);
	ck_assert_str_eq(buf, "954");
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(units_format_str("bytes", 1e9, -1, buf, 0), 0);
}
END_TEST

START_TEST(test_known_and_base)
{
	ck_assert(units_known("bytes"));
	ck_assert(units_known("percentunit"));
	ck_assert(units_known("si:mW"));
	ck_assert(units_known(""));
	ck_assert(!units_known("rds"));
	ck_assert_int_eq(units_base("bytes"), 1024);
	ck_assert_int_eq(units_base("binBps"), 1024);
	ck_assert_int_eq(units_base("kbytes"), 1024);
	ck_assert_int_eq(units_base("decbytes"), 10);
	ck_assert_int_eq(units_base("percentunit"), 10);
	ck_assert_int_eq(units_base(NULL), 10);
}
END_TEST

/* cairn lint's question: Grafana's units, Grafana's units cairn prints
 * plainly, and ids Grafana does not know. */
START_TEST(test_support)
{
	static const char *const formatted[] = { "", "bytes", "percentunit", "reqps", "dtdurations",
		"suffix: req", "prefix:@", "si:mW", "count:reqs", "currency:Kč", "bool:yes/no" };
	for (size_t i = 0; i < G_N_ELEMENTS(formatted); i++)
		ck_assert_msg(units_support(formatted[i]) == UNIT_FORMATTED, "%s", formatted[i]);
	ck_assert_int_eq(units_support(NULL), UNIT_FORMATTED);
	ck_assert_int_eq(units_support("time:YYYY-MM-DD"), UNIT_PLAIN);
	ck_assert_int_eq(units_support("dateTimeAsIso"), UNIT_PLAIN);
	ck_assert_int_eq(units_support("dateTimeFromNow"), UNIT_PLAIN);
	ck_assert_int_eq(units_support("Bytes"), UNIT_UNKNOWN);
	ck_assert_int_eq(units_support("rds"), UNIT_UNKNOWN);
	ck_assert_int_eq(units_support("dateTime"), UNIT_UNKNOWN);
	/* what the plain ones print: the number, no unit text */
	char buf[64];
	units_format_str("dateTimeAsIso", 1.7e12, -1, buf, sizeof buf);
	ck_assert_str_eq(buf, "1700000000000");
	units_format_str("time:YYYY", 5, -1, buf, sizeof buf);
	ck_assert_str_eq(buf, "5");
	units_format_str("Bytes", 12, -1, buf, sizeof buf);
	ck_assert_str_eq(buf, "12 Bytes");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("format");
	tcase_add_test(tc, test_oracle_cases);
	tcase_add_test(tc, test_support);
	tcase_add_test(tc, test_spot_values);
	tcase_add_test(tc, test_truncates_to_cap);
	tcase_add_test(tc, test_known_and_base);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
