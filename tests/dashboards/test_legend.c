/*
 * test_legend.c — series names as Grafana's Prometheus datasource makes them.
 */
#include <check.h>
Suite *make_suite(void);
#include <string.h>

#include "dashboards/legend.h"

static const struct legend_label L[] = {
        {"__name__", "node_cpu_seconds_total"},
        {"mode", "idle"},
        {"cpu", "0"},
        {"instance", "host:9100"},
};

static const char *fmt(const char *f, const struct legend_label *l, size_t n)
{
	static char buf[256];
	size_t w = legend_format(f, l, n, buf, sizeof buf);
	ck_assert_uint_eq(w, strlen(buf));
	return buf;
}

START_TEST(default_naming)
{
	const char *want =
	        "node_cpu_seconds_total{cpu=\"0\", instance=\"host:9100\", mode=\"idle\"}";
	ck_assert_str_eq(fmt(NULL, L, 4), want);
	ck_assert_str_eq(fmt("", L, 4), want);
	ck_assert_str_eq(fmt("__auto", L, 4), want);
	/* no __name__: just the braces */
	ck_assert_str_eq(fmt(NULL, L + 1, 3), "{cpu=\"0\", instance=\"host:9100\", mode=\"idle\"}");
	/* only __name__: the bare metric name */
	ck_assert_str_eq(fmt(NULL, L, 1), "node_cpu_seconds_total");
	/* nothing: empty, the caller substitutes the expression */
	ck_assert_str_eq(fmt(NULL, NULL, 0), "");
}
END_TEST

START_TEST(default_sort_is_on_formatted_pairs)
{
	/* Grafana sorts `k="v"` strings: 'a1=' < 'a="' because '1' < '=' */
	const struct legend_label l[] = {{"a", "x"}, {"a1", "y"}, {"B", "z"}};
	ck_assert_str_eq(fmt(NULL, l, 3), "{B=\"z\", a1=\"y\", a=\"x\"}");
}
END_TEST

START_TEST(templates)
{
	ck_assert_str_eq(fmt("{{cpu}}", L, 4), "0");
	ck_assert_str_eq(fmt("cpu {{ cpu }} / {{mode}}", L, 4), "cpu 0 / idle");
	ck_assert_str_eq(fmt("{{  instance\t}}", L, 4), "host:9100");
	ck_assert_str_eq(fmt("{{missing}}-x", L, 4), "-x");
	ck_assert_str_eq(fmt("{{__name__}}", L, 4), "node_cpu_seconds_total");
	ck_assert_str_eq(fmt("plain text", L, 4), "plain text");
	ck_assert_str_eq(fmt("open {{cpu", L, 4), "open {{cpu");
	ck_assert_str_eq(fmt("{{}}", L, 4), "{{}}");
	ck_assert_str_eq(fmt("{{cpu}}{{mode}}", L, 4), "0idle");
}
END_TEST

START_TEST(truncation)
{
	char buf[8];
	size_t w = legend_format(NULL, L, 4, buf, sizeof buf);
	ck_assert_uint_eq(w, 7);
	ck_assert_str_eq(buf, "node_cp");
	w = legend_format("{{instance}}", L, 4, buf, sizeof buf);
	ck_assert_str_eq(buf, "host:91");
	ck_assert_uint_eq(legend_format("x", L, 4, buf, 0), 0);
	char one[1];
	ck_assert_uint_eq(legend_format("abc", L, 4, one, 1), 0);
	ck_assert_str_eq(one, "");
}
END_TEST

/* "__auto" names as Grafana 10.4's getFieldDisplayName gives them, the
 * panel's series seen together (getSingleLabelName over all frames). */
static const char *auto_name(const struct legend_label *const *sets, const size_t *ns, size_t n,
                             size_t which, char *buf, size_t cap)
{
	const char *single = NULL;
	bool many = false;
	for (size_t i = 0; i < n; i++)
		legend_single_label(sets[i], ns[i], &single, &many);
	legend_auto_name(sets[which], ns[which], single, buf, cap);
	return buf;
}

START_TEST(auto_names_as_grafana)
{
	char buf[256];
	/* every series has one label, the same: its value (redis-0, not {pod="redis-0"}) */
	const struct legend_label p0[] = {{"pod", "redis-0"}}, p1[] = {{"pod", "redis-1"}};
	const struct legend_label *pods[] = {p0, p1};
	size_t npods[] = {1, 1};
	ck_assert_str_eq(auto_name(pods, npods, 2, 0, buf, sizeof buf), "redis-0");
	ck_assert_str_eq(auto_name(pods, npods, 2, 1, buf, sizeof buf), "redis-1");
	/* several label names among the panel's series: every label, sorted,
	 * __name__ too, no metric prefix */
	const struct legend_label u[] = {{"job", "node"}, {"__name__", "up"}, {"instance", "a:1"}};
	const struct legend_label *ups[] = {u};
	size_t nups[] = {3};
	ck_assert_str_eq(auto_name(ups, nups, 1, 0, buf, sizeof buf),
	                 "{__name__=\"up\", instance=\"a:1\", job=\"node\"}");
	/* one series with a second label spoils the single label for all */
	const struct legend_label m1[] = {{"pod", "x"}, {"ns", "y"}};
	const struct legend_label *mixed[] = {p0, m1};
	size_t nmixed[] = {1, 2};
	ck_assert_str_eq(auto_name(mixed, nmixed, 2, 0, buf, sizeof buf), "{pod=\"redis-0\"}");
	ck_assert_str_eq(auto_name(mixed, nmixed, 2, 1, buf, sizeof buf),
	                 "{ns=\"y\", pod=\"x\"}");
	/* a label-less series does not count; an empty value is no part: "Value" */
	const struct legend_label e[] = {{"pod", ""}};
	const struct legend_label *empties[] = {p0, NULL, e};
	size_t nempties[] = {1, 0, 1};
	ck_assert_str_eq(auto_name(empties, nempties, 3, 0, buf, sizeof buf), "redis-0");
	ck_assert_str_eq(auto_name(empties, nempties, 3, 2, buf, sizeof buf), "Value");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/legend");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, default_naming);
	tcase_add_test(tc, default_sort_is_on_formatted_pairs);
	tcase_add_test(tc, templates);
	tcase_add_test(tc, truncation);
	tcase_add_test(tc, auto_names_as_grafana);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
