/*
 * test_vars.c — interpolation as Grafana's template service + Prometheus
 * datasource (interpolateQueryExpr) do it, and label_values(...) parsing.
 */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "dashboards/vars.h"

static var_scope *S;

static void setup(void)
{
	S = var_scope_new();
	ck_assert_ptr_nonnull(S);
}

static void teardown(void)
{
	var_scope_free(S);
}

static void set(const char *name, const char *const *v, size_t n, bool all, const char *allv)
{
	ck_assert_int_eq(var_scope_set(S, name, v, n, all, allv), 0);
}

/* interpolates and checks, freeing the result */
#define IS(in, ctx, want)                                                                          \
	do {                                                                                       \
		char *got_ = var_interpolate(S, (in), (ctx));                                      \
		ck_assert_ptr_nonnull(got_);                                                       \
		ck_assert_str_eq(got_, (want));                                                    \
		free(got_);                                                                        \
	} while (0)

START_TEST(single_value)
{
	const char *v[] = {"node-1:9100"};
	set("instance", v, 1, false, NULL);
	var_scope_set_flags(S, "instance", false, false);
	IS("up{instance=\"$instance\"}", true, "up{instance=\"node-1:9100\"}");
	IS("up{instance=\"${instance}\"}", true, "up{instance=\"node-1:9100\"}");
	IS("up{instance=\"[[instance]]\"}", true, "up{instance=\"node-1:9100\"}");
	IS("Host $instance", false, "Host node-1:9100");
	/* a single-value, non-multi variable goes in raw: no regex escaping */
	const char *dot[] = {"a.b"};
	set("host", dot, 1, false, NULL);
	var_scope_set_flags(S, "host", false, false);
	IS("x{h=~\"$host\"}", true, "x{h=~\"a.b\"}");
	/* only \ and ' are escaped (prometheusRegularEscape) */
	const char *q[] = {"it's\\"};
	set("q", q, 1, false, NULL);
	var_scope_set_flags(S, "q", false, false);
	IS("$q", true, "it\\\\'s\\\\");
}
END_TEST

START_TEST(multi_values)
{
	const char *v[] = {"a.b", "c"};
	set("node", v, 2, false, NULL);
	var_scope_set_flags(S, "node", true, false);
	IS("x{n=~\"$node\"}", true, "x{n=~\"(a\\\\.b|c)\"}");
	IS("$node", false, "a.b + c");
	/* multi variable with one value: escaped, no parentheses */
	set("node", v, 1, false, NULL);
	IS("x{n=~\"$node\"}", true, "x{n=~\"a\\\\.b\"}");
	/* not declared: more than one value counts as multi */
	const char *w[] = {"x|y", "(z)"};
	set("undeclared", w, 2, false, NULL);
	IS("$undeclared", true, "(x\\\\|y|\\\\(z\\\\))");
	const char *one[] = {"x.y"};
	set("undeclared", one, 1, false, NULL);
	IS("$undeclared", true, "x.y");
	/* declared through the dashboard */
	struct cairn_variable vars[] = {{.name = (char *)"undeclared", .multi = true}};
	struct cairn_dashboard d = {.variables = vars, .n_variables = 1};
	var_scope_declare(S, &d);
	IS("$undeclared", true, "x\\\\.y");
}
END_TEST

START_TEST(all_selection)
{
	const char *opts[] = {"a", "b.c"};
	set("ns", opts, 2, true, NULL);
	var_scope_set_flags(S, "ns", true, true);
	IS("x{ns=~\"$ns\"}", true, "x{ns=~\"(a|b\\\\.c)\"}");
	IS("Namespace: $ns", false, "Namespace: All");
	IS("${ns:text}", true, "All");
	/* allValue is inserted raw */
	set("ns", opts, 2, true, ".*");
	IS("x{ns=~\"$ns\"}", true, "x{ns=~\".*\"}");
	IS("${ns:csv}", true, ".*");
	IS("$ns", false, "All");
	/* All with no options and no allValue */
	set("ns", NULL, 0, true, NULL);
	IS("x{ns=~\"$ns\"}", true, "x{ns=~\".*\"}");
}
END_TEST

START_TEST(empty_selection)
{
	set("cluster", NULL, 0, false, NULL);
	var_scope_set_flags(S, "cluster", false, true);
	IS("x{cluster=~\"$cluster\"}", true, "x{cluster=~\"\"}");
	IS("[$cluster]", false, "[]");
}
END_TEST

START_TEST(formats)
{
	const char *v[] = {"a.b", "c d"};
	set("v", v, 2, false, NULL);
	IS("${v:csv}", true, "a.b,c d");
	IS("${v:pipe}", true, "a.b|c d");
	IS("${v:raw}", true, "a.b,c d");
	IS("${v:regex}", true, "(a\\.b|c\\ d)");
	IS("${v:glob}", true, "{a.b,c d}");
	IS("${v:text}", true, "a.b + c d");
	IS("${v:queryparam}", true, "var-v=a.b&var-v=c%20d");
	IS("${v:doublequote}", true, "\"a.b\",\"c d\"");
	IS("${v:singlequote}", true, "'a.b','c d'");
	IS("[[v:csv]]", false, "a.b,c d");
	/* an unknown format falls back to the context's default */
	IS("${v:nosuch}", false, "a.b + c d");
	const char *one[] = {"x.y"};
	set("o", one, 1, false, NULL);
	IS("${o:regex}", true, "x\\.y");
	IS("${o:glob}", true, "x.y");
}
END_TEST

START_TEST(builtins_and_unknowns_untouched)
{
	const char *v[] = {"1"};
	set("interval", v, 1, false, NULL);
	IS("rate(x[$__rate_interval])", true, "rate(x[$__rate_interval])");
	IS("rate(x[$__interval]) $__range ${__from} ${__to:date:seconds} $__all", true,
	   "rate(x[$__interval]) $__range ${__from} ${__to:date:seconds} $__all");
	IS("$nosuch ${nosuch} [[nosuch]] ${nosuch:csv}", true,
	   "$nosuch ${nosuch} [[nosuch]] ${nosuch:csv}");
	IS("$ 5 costs $$ and ${ unclosed", true, "$ 5 costs $$ and ${ unclosed");
	IS("", true, "");
	ck_assert_ptr_null(var_interpolate(S, NULL, true));
	char *r = var_interpolate(NULL, "$interval", true);
	ck_assert_str_eq(r, "$interval");
	free(r);
}
END_TEST

START_TEST(longest_name)
{
	const char *a[] = {"A"}, *b[] = {"B"};
	set("node", a, 1, false, NULL);
	set("node_name", b, 1, false, NULL);
	IS("$node_name/$node/${node}_name/$node-x", true, "B/A/A_name/A-x");
	var_scope_free(S);
	S = var_scope_new();
	set("node", a, 1, false, NULL);
	/* Grafana's \$(\w+) is greedy: $node_name is a different (unknown) name */
	IS("$node_name $node", true, "$node_name A");
}
END_TEST

START_TEST(scope_get_and_replace)
{
	const char *v[] = {"a", "b"};
	const char *const *got;
	size_t n;
	ck_assert(!var_scope_get(S, "x", &got, &n));
	set("x", v, 2, false, NULL);
	ck_assert(var_scope_get(S, "x", &got, &n));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(got[1], "b");
	set("x", v + 1, 1, false, NULL);
	ck_assert(var_scope_get(S, "x", &got, &n));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(got[0], "b");
	ck_assert_int_ne(var_scope_set(S, NULL, v, 1, false, NULL), 0);
	var_scope_free(NULL);
}
END_TEST

static bool lv(const char *q, const char *sel, const char *lab)
{
	char s[256], l[64];
	if (!var_parse_label_values(q, s, sizeof s, l, sizeof l))
		return false;
	ck_assert_str_eq(s, sel);
	ck_assert_str_eq(l, lab);
	return true;
}

START_TEST(label_values_forms)
{
	ck_assert(lv("label_values(node_uname_info, job)", "node_uname_info", "job"));
	ck_assert(lv("label_values(job)", "", "job"));
	ck_assert(lv("  label_values ( up{job=\"a\", x=~\"b|c\"} ,  instance )  ",
	             "up{job=\"a\", x=~\"b|c\"}", "instance"));
	ck_assert(lv("label_values(node_uname_info{job=\"node-exporter\", "
	             "cluster=~\"$cluster\", sysname!=\"Darwin\"}, instance)",
	             "node_uname_info{job=\"node-exporter\", cluster=~\"$cluster\", "
	             "sysname!=\"Darwin\"}",
	             "instance"));
	/* commas and braces inside quoted values and nested calls */
	ck_assert(lv("label_values(x{a=\"1,2}\", b='q,)'}, le)", "x{a=\"1,2}\", b='q,)'}", "le"));
	ck_assert(lv("label_values({__name__=~\"a|b\"}, job)", "{__name__=~\"a|b\"}", "job"));
	ck_assert(lv("label_values(kube_pod_info{namespace=\"$namespace\"},pod)",
	             "kube_pod_info{namespace=\"$namespace\"}", "pod"));
	ck_assert(!lv("label_names()", "", ""));
	ck_assert(!lv("query_result(up)", "", ""));
	ck_assert(!lv("label_values()", "", ""));
	ck_assert(!lv("label_values(up, )", "", ""));
	ck_assert(!lv("label_values(up{a=\"x}, job)", "", ""));
	ck_assert(!lv("label_values(up, job", "", ""));
	ck_assert(!lv("metrics(node_)", "", ""));
	char s[8], l[8];
	ck_assert(!var_parse_label_values("label_values(a_very_long_metric, job)", s, sizeof s, l,
	                                  sizeof l));
}
END_TEST

/* A variable's regex is interpolated with every reference in the regex
 * format (Grafana: templateSrv.replace(regex, {}, 'regex')); an explicit
 * format still wins; a copied scope is independent. */
START_TEST(default_format_and_copy)
{
	const char *one[] = {"node-1.a"}, *two[] = {"a", "b.c"};
	set("n", one, 1, false, NULL);
	set("m", two, 2, false, NULL);
	char *got = var_interpolate_format(S, "/^$n:(\\d+)|${m}|${m:csv}$/", "regex");
	ck_assert_str_eq(got, "/^node\\-1\\.a:(\\d+)|(a|b\\.c)|a,b.c$/");
	free(got);
	var_scope *c = var_scope_copy(S);
	const char *x[] = {"x"};
	ck_assert_int_eq(var_scope_set(c, "n", x, 1, false, NULL), 0);
	got = var_interpolate(c, "$n $m", false);
	ck_assert_str_eq(got, "x a + b.c");
	free(got);
	got = var_interpolate(S, "$n", false);
	ck_assert_str_eq(got, "node-1.a");
	free(got);
	var_scope_free(c);
	/* texts: what titles show (Grafana's text format), values elsewhere */
	const char *vals[] = {"prod", "stage"}, *texts[] = {"Production", "Staging"};
	set("env", vals, 2, false, NULL);
	ck_assert_int_eq(var_scope_set_texts(S, "env", texts, 2), 0);
	ck_assert_int_ne(var_scope_set_texts(S, "env", texts, 1), 0);
	IS("$env", false, "Production + Staging");
	IS("${env:text}", true, "Production + Staging");
	IS("${env:csv}", false, "prod,stage");
	IS("x=~\"$env\"", true, "x=~\"(prod|stage)\"");
	c = var_scope_copy(S);
	IS("$env", false, "Production + Staging");
	got = var_interpolate(c, "$env", false);
	ck_assert_str_eq(got, "Production + Staging");
	free(got);
	var_scope_free(c);
	set("env", vals, 1, false, NULL); /* new values: their own texts again */
	IS("$env", false, "prod");
}
END_TEST

/* var_each_ref: every syntax Grafana's variable regex reads, in order,
 * built-ins included, nothing that is not one. */
static void collect(const char *name, size_t len, size_t at, void *ctx)
{
	GString *out = ctx;
	g_string_append_printf(out, "%.*s@%zu ", (int)len, name, at);
}

static char *refs(const char *text)
{
	GString *out = g_string_new("");
	var_each_ref(text, collect, out);
	return g_string_free(out, FALSE);
}

#define REFS(in, want)                                                                             \
	do {                                                                                       \
		char *got_ = refs(in);                                                             \
		ck_assert_str_eq(got_, (want));                                                    \
		g_free(got_);                                                                      \
	} while (0)

START_TEST(each_ref)
{
	REFS("up{a=\"$job\", b=\"${inst:regex}\"}[$__rate_interval]",
		"job@6 inst@16 __rate_interval@32 ");
	REFS("[[node]] [[node:csv]] ${__field.labels.pod} ${__from:date:iso}",
		"node@0 node@9 __field@22 __from@44 ");
	REFS("$node_name $1 ${x}y", "node_name@0 1@11 x@14 ");
	REFS("$ ${} [[]] [[a:]] ${a.} $(x) 5$", "");
	REFS("${unclosed", "");
	var_each_ref(NULL, collect, NULL);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/vars");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, single_value);
	tcase_add_test(tc, default_format_and_copy);
	tcase_add_test(tc, multi_values);
	tcase_add_test(tc, all_selection);
	tcase_add_test(tc, empty_selection);
	tcase_add_test(tc, formats);
	tcase_add_test(tc, builtins_and_unknowns_untouched);
	tcase_add_test(tc, longest_name);
	tcase_add_test(tc, scope_get_and_replace);
	tcase_add_test(tc, label_values_forms);
	tcase_add_test(tc, each_ref);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
