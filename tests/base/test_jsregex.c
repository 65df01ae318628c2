/* base/jsregex: Grafana's regex literals, and the limits on them. */
#include <check.h>
Suite *make_suite(void);
#include <string.h>
#include <time.h>
#include "base/jsregex.h"

START_TEST(literals_and_bare_patterns)
{
	struct cairn_err e = { 0 };
	GRegex *re = jsregex_new("/^Node-[12]$/i", &e);
	ck_assert_ptr_nonnull(re);
	ck_assert_int_eq(jsregex_match(re, "node-1", &e), 1);
	ck_assert_int_eq(jsregex_match(re, "node-3", &e), 0);
	g_regex_unref(re);
	re = jsregex_new(".*Tx.*", &e); /* bare pattern, case kept */
	ck_assert_int_eq(jsregex_match(re, "eth0 - Tx out", &e), 1);
	ck_assert_int_eq(jsregex_match(re, "eth0 - tx out", &e), 0);
	g_regex_unref(re);
	ck_assert_ptr_null(jsregex_new("/(unclosed/", &e));
	ck_assert_int_eq(e.code, CAIRN_EINVAL);
	ck_assert_str_eq(e.msg, "regex /(unclosed/: missing terminating )");
}
END_TEST

START_TEST(catastrophic_backtracking_is_an_error_not_a_hang)
{
	struct cairn_err e = { 0 };
	GRegex *re = jsregex_new("/^(a|a)*$/", &e);
	ck_assert_ptr_nonnull(re);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(jsregex_match(re, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", &e), -1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	/* Unbounded, one of these takes seconds; bounded, all 100 take a few
	 * ms (a bound 10× loose for sanitizer builds and a busy machine). */
	ck_assert((double)(b.tv_sec - a.tv_sec) < 5.0);
	ck_assert_int_eq(e.code, CAIRN_ELIMIT);
	ck_assert_str_eq(e.msg,
		"regex /^(a|a)*$/ gave up on \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab\": "
		"backtracking limit reached");
	g_regex_unref(re);
}
END_TEST

START_TEST(pattern_length_is_capped)
{
	struct cairn_err e = { 0 };
	char p[JSREGEX_MAX_PATTERN + 2];
	memset(p, 'a', sizeof p - 1);
	p[sizeof p - 1] = '\0';
	ck_assert_ptr_null(jsregex_new(p, &e));
	ck_assert_str_eq(e.msg, "regex of 1025 characters: longer than 1024");
	p[JSREGEX_MAX_PATTERN] = '\0';
	GRegex *re = jsregex_new(p, &e);
	ck_assert_ptr_nonnull(re);
	g_regex_unref(re);
	ck_assert_ptr_null(jsregex_new("(x", NULL));
}
END_TEST

/* Found by tests/fuzz/fuzz_regex: GLib hands PCRE2 text without its UTF-8
 * check, and "/\xff/i" read out of bounds inside pcre2_compile. */
START_TEST(invalid_utf8_is_refused)
{
	struct cairn_err e = { 0 };
	ck_assert_ptr_null(jsregex_new("/\xff/i", &e));
	ck_assert_str_eq(e.msg, "regex: not valid UTF-8");
	GRegex *re = jsregex_new("/a/", &e);
	ck_assert_ptr_nonnull(re);
	ck_assert_int_eq(jsregex_match(re, "\xff\xfe", &e), -1);
	ck_assert_int_eq(e.code, CAIRN_EINVAL);
	ck_assert_int_eq(jsregex_match(re, "ba", &e), 1);
	g_regex_unref(re);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("base/jsregex");
	TCase *tc = tcase_create("jsregex");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, literals_and_bare_patterns);
	tcase_add_test(tc, catastrophic_backtracking_is_an_error_not_a_hang);
	tcase_add_test(tc, pattern_length_is_capped);
	tcase_add_test(tc, invalid_utf8_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
