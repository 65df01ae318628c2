/*
 * test_varopts.c — a variable's options as Grafana 10.4 makes them
 * (metricNamesToVariableValues, sortVariableValues,
 * validateVariableSelectionState); each case is what Grafana shows for the
 * same answer and settings.
 */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "dashboards/varopts.h"
#include "tests/test_main.h"

/* The options' values (or texts) joined with ",". */
static char *joined(const struct var_option *o, size_t n, bool text)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s", i ? "," : "", text ? o[i].text : o[i].value);
	return g_string_free(s, FALSE);
}

static void check_extract(const char *const *items, size_t n, const char *regex, int sort,
                          const char *want_values, const char *want_texts)
{
	size_t k;
	struct cairn_err why = {0};
	struct var_option *o = varopts_extract(items, n, regex, sort, &k, &why);
	char *v = joined(o, k, false), *t = joined(o, k, true);
	ck_assert_msg(strcmp(v, want_values) == 0, "regex %s sort %d: values %s, want %s",
	              regex ? regex : "(none)", sort, v, want_values);
	if (want_texts)
		ck_assert_msg(strcmp(t, want_texts) == 0, "regex %s: texts %s, want %s", regex, t,
		              want_texts);
	ck_assert_int_eq(why.code, 0);
	g_free(v);
	g_free(t);
	varopts_free(o, k);
}

START_TEST(regex_extracts_as_grafana)
{
	static const char *const results[] = {
	        "up{instance=\"n1:9100\",job=\"node\"} 1 1767247200000",
	        "up{instance=\"n2:9100\",job=\"node\"} 1 1767247200000",
	        "up{instance=\"n1:9100\",job=\"other\"} 0 1767247200000"};
	/* the first capture group; duplicates by value dropped, first kept */
	check_extract(results, 3, "/instance=\"([^\"]+)\"/", 0, "n1:9100,n2:9100", NULL);
	/* a bare pattern is anchored: ^…$ */
	static const char *const nodes[] = {"node-1", "node-10", "xnode-2", "node-2"};
	check_extract(nodes, 4, "node-[12]", 0, "node-1,node-2", NULL);
	/* the /…/ form is not: it finds */
	check_extract(nodes, 4, "/node-[12]/", 0, "node-1,node-10,xnode-2,node-2", NULL);
	/* the i flag */
	static const char *const mixed[] = {"Prod", "dev", "PRODUCTION"};
	check_extract(mixed, 3, "/^prod/i", 0, "Prod,PRODUCTION", NULL);
	/* named groups: text and value differ */
	static const char *const pairs[] = {"eu-1:Europe", "us-2:America"};
	check_extract(pairs, 2, "/(?<value>[^:]+):(?<text>.*)/", 0, "eu-1,us-2",
	              "Europe,America");
	/* only a value group: text is the value */
	check_extract(pairs, 2, "/(?<value>[a-z]+)-/", 0, "eu,us", "eu,us");
	/* g with a group: every match's first group is an option */
	static const char *const list[] = {"a=1;b=2", "c=3"};
	check_extract(list, 2, "/([a-z])=/g", 0, "a,b,c", NULL);
	/* no regex: kept whole, in order */
	check_extract(nodes, 4, NULL, 0, "node-1,node-10,xnode-2,node-2", NULL);
}
END_TEST

START_TEST(regex_failures_are_reported)
{
	static const char *const items[] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "b"};
	size_t k;
	struct cairn_err why = {0};
	struct var_option *o = varopts_extract(items, 2, "/(x/", 0, &k, &why);
	ck_assert_uint_eq(k, 2); /* a regex that does not compile filters nothing */
	ck_assert_int_ne(why.code, 0);
	varopts_free(o, k);
	cairn_err_clear(&why);
	o = varopts_extract(items, 2, "/^(a|a)*$/", 0, &k, &why);
	ck_assert_uint_eq(k, 0); /* gave up on the first, b does not match */
	ck_assert_msg(strstr(why.msg, "limit") != NULL, "%s", why.msg);
	varopts_free(o, k);
}
END_TEST

static void check_sort(int sort, const char *want)
{
	static const char *const items[] = {"b10", "a2", "", "B1", "a10", "c"};
	check_extract(items, G_N_ELEMENTS(items), NULL, sort, want, NULL);
}

START_TEST(sort_modes)
{
	check_sort(0, "b10,a2,,B1,a10,c");
	/* alphabetical: code unit order, upper case first */
	check_sort(1, ",B1,a10,a2,b10,c");
	check_sort(2, "c,b10,a2,a10,B1,");
	/* numerical by the first number; none (and empty) = -1, stable */
	check_sort(3, ",c,B1,a2,b10,a10");
	check_sort(4, "a10,b10,a2,B1,c,");
	/* alphabetical, case ignored (stable: B1 stays before b10? no: b1 < b10) */
	check_sort(5, ",a10,a2,B1,b10,c");
	check_sort(6, "c,b10,B1,a2,a10,");
	/* natural: numbers as numbers, case ignored, empty first */
	check_sort(7, ",a2,a10,B1,b10,c");
	check_sort(8, "c,b10,B1,a10,a2,");
}
END_TEST

START_TEST(query_forms)
{
	char *arg;
	ck_assert_int_eq(varopts_query_kind("label_names()", &arg), VARQ_LABEL_NAMES);
	ck_assert_str_eq(arg, "");
	g_free(arg);
	ck_assert_int_eq(varopts_query_kind("label_names(up{job=\"x\"})", &arg),
	                 VARQ_LABEL_NAMES);
	ck_assert_str_eq(arg, "up{job=\"x\"}");
	g_free(arg);
	ck_assert_int_eq(varopts_query_kind("metrics(node_.*_bytes) ", &arg), VARQ_METRICS);
	ck_assert_str_eq(arg, "node_.*_bytes");
	g_free(arg);
	ck_assert_int_eq(varopts_query_kind("query_result(topk(3, sum by (x) (rate(a[5m]))))",
	                                    &arg),
	                 VARQ_QUERY_RESULT);
	ck_assert_str_eq(arg, "topk(3, sum by (x) (rate(a[5m])))");
	g_free(arg);
	ck_assert_int_eq(varopts_query_kind("label_values(up, job)", &arg), VARQ_LABEL_VALUES);
	ck_assert_ptr_null(arg);
	ck_assert_int_eq(varopts_query_kind("metrics()", &arg), VARQ_OTHER);
	ck_assert_int_eq(varopts_query_kind("up", &arg), VARQ_OTHER);
	ck_assert_int_eq(varopts_query_kind("query_result(up", &arg), VARQ_OTHER);
}
END_TEST

static struct var_option opts3[] = {{"a", "a"}, {"b", "b"}, {"c", "c"}};

static char *picked(char *const *cur, size_t n_cur, bool multi, bool include_all)
{
	size_t idx[3];
	bool all;
	size_t k = varopts_pick(opts3, 3, cur, n_cur, multi, include_all, &all, idx);
	if (all)
		return g_strdup(k ? "All+?" : "All");
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < k; i++)
		g_string_append_printf(s, "%s%s", i ? "," : "", opts3[idx[i]].value);
	return g_string_free(s, FALSE);
}

#define PICK(want, multi, all, ...)                                                          \
	do {                                                                                 \
		char *cur[] = {__VA_ARGS__};                                                 \
		size_t n = sizeof cur / sizeof cur[0];                                       \
		if (n == 1 && cur[0] == NULL)                                                \
			n = 0;                                                               \
		char *got = picked(cur, n, multi, all);                                      \
		ck_assert_msg(strcmp(got, want) == 0, "%s: got %s, want %s", #__VA_ARGS__,   \
		              got, want);                                                    \
		g_free(got);                                                                 \
	} while (0)

START_TEST(saved_selection_meets_options_of_now)
{
	PICK("b", false, false, "b");         /* still there: kept */
	PICK("a", false, false, "gone");      /* gone: the first option */
	PICK("All", false, true, "gone");     /* gone, with All: All (listed first) */
	PICK("a", false, false, NULL);        /* nothing saved: the first */
	PICK("All", false, true, NULL);       /* nothing saved, with All: All */
	PICK("All", true, true, "$__all");    /* All saved */
	PICK("a", false, false, "$__all");    /* All saved, no All option now: first */
	PICK("a,c", true, false, "c", "gone", "a"); /* multi: those that exist, options' order */
	PICK("a", true, false, "x", "y");     /* multi, none exists: the first */
	PICK("All", true, true, "x", "y");    /* … with All: All */
	size_t idx[1];
	bool all;
	ck_assert_uint_eq(varopts_pick(NULL, 0, NULL, 0, false, false, &all, idx), 0);
	ck_assert(!all);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/varopts");
	TCase *tc = tcase_create("varopts");
	tcase_add_test(tc, regex_extracts_as_grafana);
	tcase_add_test(tc, regex_failures_are_reported);
	tcase_add_test(tc, sort_modes);
	tcase_add_test(tc, query_forms);
	tcase_add_test(tc, saved_selection_meets_options_of_now);
	suite_add_tcase(s, tc);
	return s;
}
