/*
 * test_vars_live.c — template variables resolved against the real test
 * Prometheus (CAIRN_TEST_PROM_URL, tests/harness/prom.sh: three nodes
 * node-1..3:9100 of job node-exporter), each as Grafana 10.4 resolves it:
 * the query forms, regex extraction and sort, chains, the auto interval,
 * a saved value that no longer exists, All with nothing saved, repeats.
 * Each dashboard is written here; panel titles show what the variables
 * became, and each panel's status and series count what its query found.
 * With CAIRN_TEST_STORE=victoriametrics the same against the test
 * VictoriaMetrics (CAIRN_TEST_VM_URL, tests/harness/vm.sh), which holds the
 * same data and must resolve every variable the same way.
 */
#include <check.h>
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dashboards/load.h"
#include "request/request.h"
#include "tests/test_main.h"

#define FROM "2026-01-01T00:00:00Z"
#define TO   "2026-01-01T06:00:00Z"

static request_ctx *ctx;

static void setup(void)
{
	const char *store = getenv("CAIRN_TEST_STORE");
	bool vm = store && strcmp(store, "victoriametrics") == 0;
	const char *url = getenv(vm ? "CAIRN_TEST_VM_URL" : "CAIRN_TEST_PROM_URL");
	if (!url || !*url)
		ck_abort_msg("%s is not set: start the test %s with "
			"`bash tests/harness/%s start DIR PORT BUILDDIR` and export "
			"%s=$(bash tests/harness/%s url DIR)",
			vm ? "CAIRN_TEST_VM_URL" : "CAIRN_TEST_PROM_URL",
			vm ? "VictoriaMetrics" : "Prometheus", vm ? "vm.sh" : "prom.sh",
			vm ? "CAIRN_TEST_VM_URL" : "CAIRN_TEST_PROM_URL", vm ? "vm.sh" : "prom.sh");
	struct cairn_err err = { 0 };
	ck_assert_int_eq(prom_global_init(), 0);
	struct request_ctx_config cfg = { .fonts_dir = CAIRN_FONTS_DIR,
		.datasource = { .url = url } };
	ctx = request_ctx_new(&cfg, &err);
	ck_assert_msg(ctx != NULL, "%s", err.msg);
}

static void teardown(void)
{
	request_ctx_free(ctx);
	prom_global_cleanup();
}

/* Renders `json` over the test window; the report in rep. */
static void render(const char *json, struct request_report *rep, const struct request_var *vars,
	size_t n_vars)
{
	struct cairn_err err = { 0 };
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "live.json", &err);
	ck_assert_msg(d != NULL, "%s", err.msg);
	struct request req = { .dash = d, .from = FROM, .to = TO, .width = 1000,
		.format = FMT_PNG, .vars = vars, .n_vars = n_vars, .expand_rows = true };
	struct render_out out;
	int rc = request_run(ctx, &req, &out, rep, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
	free(out.bytes);
	dash_free(d);
}

static const struct request_panel *panel(const struct request_report *rep, size_t i)
{
	ck_assert_uint_lt(i, rep->n);
	return &rep->panels[i];
}

static void no_warnings(const struct request_report *rep)
{
	ck_assert_msg(!rep->warnings || !rep->warnings[0], "warning: %s",
		rep->warnings ? rep->warnings[0] : "");
}

#define DASH(vars, panels) \
	"{\"title\": \"live\", \"schemaVersion\": 39, \"templating\": {\"list\": [" vars "]}," \
	" \"panels\": [" panels "]}"
#define TS(id, y, title, expr) \
	"{\"id\": " #id ", \"type\": \"timeseries\", \"title\": \"" title "\"," \
	" \"gridPos\": {\"x\": 0, \"y\": " #y ", \"w\": 12, \"h\": 6}," \
	" \"targets\": [{\"refId\": \"A\", \"expr\": \"" expr "\"}]}"

/* A saved value Prometheus no longer has: Grafana selects the first option,
 * and the panel shows that node's data (it was empty, queried with the
 * stale value). */
START_TEST(stale_current_takes_the_first_option)
{
	struct request_report rep;
	render(DASH("{\"name\": \"instance\", \"type\": \"query\", \"refresh\": 1,"
		" \"query\": \"label_values(node_load1, instance)\","
		" \"current\": {\"text\": \"gone:9100\", \"value\": \"gone:9100\"}}",
		TS(1, 0, "$instance", "node_load1{instance=\\\"$instance\\\"}")), &rep, NULL, 0);
	no_warnings(&rep);
	ck_assert_str_eq(panel(&rep, 0)->title, "node-1:9100");
	ck_assert_int_eq(panel(&rep, 0)->status, RESULT_OK);
	ck_assert_uint_eq(panel(&rep, 0)->series, 1);
	request_report_fini(&rep);

	/* multi-value: the saved values that still exist are kept */
	render(DASH("{\"name\": \"instance\", \"type\": \"query\", \"multi\": true,"
		" \"query\": \"label_values(node_load1, instance)\","
		" \"current\": {\"value\": [\"gone:9100\", \"node-3:9100\", \"node-2:9100\"]}}",
		TS(1, 0, "$instance", "node_load1{instance=~\\\"$instance\\\"}")), &rep, NULL, 0);
	ck_assert_str_eq(panel(&rep, 0)->title, "node-2:9100 + node-3:9100");
	ck_assert_uint_eq(panel(&rep, 0)->series, 2);
	request_report_fini(&rep);

	/* a saved value that exists is kept */
	render(DASH("{\"name\": \"instance\", \"type\": \"query\","
		" \"query\": \"label_values(node_load1, instance)\","
		" \"current\": {\"value\": \"node-3:9100\"}}",
		TS(1, 0, "$instance", "node_load1{instance=\\\"$instance\\\"}")), &rep, NULL, 0);
	ck_assert_str_eq(panel(&rep, 0)->title, "node-3:9100");
	ck_assert_uint_eq(panel(&rep, 0)->series, 1);
	request_report_fini(&rep);
}
END_TEST

/* includeAll and nothing saved: All, which Grafana lists first. */
START_TEST(all_with_nothing_saved_is_all)
{
	struct request_report rep;
	render(DASH("{\"name\": \"instance\", \"type\": \"query\", \"includeAll\": true,"
		" \"multi\": true, \"query\": \"label_values(node_load1, instance)\"}",
		TS(1, 0, "$instance", "node_load1{instance=~\\\"$instance\\\"}")), &rep, NULL, 0);
	no_warnings(&rep);
	ck_assert_str_eq(panel(&rep, 0)->title, "All");
	ck_assert_uint_eq(panel(&rep, 0)->series, 3);
	request_report_fini(&rep);

	/* a stale saved value with an All option: All */
	render(DASH("{\"name\": \"instance\", \"type\": \"query\", \"includeAll\": true,"
		" \"query\": \"label_values(node_load1, instance)\","
		" \"current\": {\"value\": \"gone:9100\"}}",
		TS(1, 0, "$instance", "node_load1{instance=~\\\"$instance\\\"}")), &rep, NULL, 0);
	ck_assert_str_eq(panel(&rep, 0)->title, "All");
	ck_assert_uint_eq(panel(&rep, 0)->series, 3);
	request_report_fini(&rep);
}
END_TEST

/* The query forms, regex extraction and sorts, and a chain. */
START_TEST(query_forms_regex_sort_chain)
{
	struct request_report rep;
	render(DASH(
		/* anchored bare regex with a group, numerical descending */
		"{\"name\": \"node\", \"type\": \"query\", \"sort\": 4,"
		" \"query\": \"label_values(node_load1, instance)\", \"regex\": \"(node-[12]):9100\"},"
		/* query_result, the first group of each result */
		"{\"name\": \"top\", \"type\": \"query\","
		" \"query\": \"query_result(topk(1, avg_over_time(node_load1[$__range])))\","
		" \"regex\": \"/instance=\\\"([^\\\"]+)\\\"/\"},"
		/* metrics(re), alphabetical descending */
		"{\"name\": \"metric\", \"type\": \"query\", \"sort\": 2,"
		" \"query\": \"metrics(^node_load)\"},"
		/* label_names(), a named value group */
		"{\"name\": \"lname\", \"type\": \"query\", \"query\": \"label_names()\","
		" \"regex\": \"/^(?<value>inst.*)$/\"},"
		/* chained on $node */
		"{\"name\": \"job\", \"type\": \"query\","
		" \"query\": \"label_values(node_load1{instance=\\\"$node:9100\\\"}, job)\"},"
		/* interval with auto: 6 h / 30 → 10m */
		"{\"name\": \"iv\", \"type\": \"interval\", \"auto\": true, \"auto_count\": 30,"
		" \"auto_min\": \"10s\", \"query\": \"1m,10m,1h\","
		" \"current\": {\"text\": \"auto\", \"value\": \"$__auto_interval_iv\"}},"
		"{\"name\": \"c\", \"type\": \"constant\", \"query\": \"k8s\"},"
		/* custom key : value; titles show the key (Grafana's text format) */
		"{\"name\": \"env\", \"type\": \"custom\","
		" \"query\": \"Production : prod, Staging : stage\","
		" \"current\": {\"value\": \"stage\"}},"
		/* a regex that refers to another variable (regex-escaped: node\\-2) */
		"{\"name\": \"again\", \"type\": \"query\","
		" \"query\": \"label_values(node_load1, instance)\", \"regex\": \"/^($node):/\"},"
		"{\"name\": \"tb\", \"type\": \"textbox\", \"query\": \"dflt\"}",
		TS(1, 0, "$node|$top|$metric|$lname|$job|$iv|$c|$tb|$again|$env/${env:raw}",
			"rate(node_cpu_seconds_total{instance=\\\"$node:9100\\\"}[$iv])")),
		&rep, NULL, 0);
	no_warnings(&rep);
	const struct request_panel *p = panel(&rep, 0);
	/* the interval's title text is "auto"; its query value 10m (status ok) */
	ck_assert_str_eq(p->title,
		"node-2|node-2:9100|node_load5|instance|node-exporter|auto|k8s|dflt|node-2|"
		"Staging/stage");
	ck_assert_int_eq(p->status, RESULT_OK);
	request_report_fini(&rep);
}
END_TEST

#define INSTANCES \
	"{\"name\": \"instance\", \"type\": \"query\", \"multi\": true, \"includeAll\": true," \
	" \"query\": \"label_values(node_load1, instance)\"," \
	" \"current\": {\"value\": [\"$__all\"]}}"

/* A panel repeated by a variable set to All: one panel per node, each with
 * that node's series; across (maxPerRow) or down. */
START_TEST(repeated_panels_and_rows)
{
	struct request_report rep;
	render(DASH(INSTANCES,
		"{\"id\": 1, \"type\": \"timeseries\", \"title\": \"load $instance\","
		" \"repeat\": \"instance\", \"repeatDirection\": \"h\", \"maxPerRow\": 4,"
		" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 6},"
		" \"targets\": [{\"refId\": \"A\", \"expr\": \"node_load1{instance=~\\\"$instance\\\"}\"}]},"
		TS(2, 6, "all $instance", "node_load1{instance=~\\\"$instance\\\"}")), &rep, NULL, 0);
	no_warnings(&rep);
	ck_assert_uint_eq(rep.n, 4);
	static const char *const want[] = {"load node-1:9100", "load node-2:9100",
		"load node-3:9100"};
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(panel(&rep, i)->title, want[i]);
		ck_assert_int_eq(panel(&rep, i)->status, RESULT_OK);
		ck_assert_uint_eq(panel(&rep, i)->series, 1);
	}
	ck_assert_str_eq(panel(&rep, 3)->title, "all All");
	ck_assert_uint_eq(panel(&rep, 3)->series, 3);
	int across = rep.height;
	request_report_fini(&rep);

	/* vertical: three panels of 6 rows stacked; the canvas grows by two */
	render(DASH(INSTANCES,
		"{\"id\": 1, \"type\": \"timeseries\", \"title\": \"load $instance\","
		" \"repeat\": \"instance\", \"repeatDirection\": \"v\","
		" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 6},"
		" \"targets\": [{\"refId\": \"A\", \"expr\": \"node_load1{instance=~\\\"$instance\\\"}\"}]},"
		TS(2, 6, "all $instance", "node_load1{instance=~\\\"$instance\\\"}")), &rep, NULL, 0);
	ck_assert_uint_eq(rep.n, 4);
	ck_assert_str_eq(panel(&rep, 2)->title, "load node-3:9100");
	ck_assert_int_eq(rep.height - across, 2 * (6 * 30 + 5 * 8 + 8));
	request_report_fini(&rep);

	/* a repeated row carries its panels; the one value asked for by the
	 * request repeats once */
	const char *row_dash = DASH(INSTANCES,
		"{\"id\": 10, \"type\": \"row\", \"title\": \"node $instance\","
		" \"repeat\": \"instance\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 1}},"
		TS(1, 1, "cpu $instance", "node_load1{instance=~\\\"$instance\\\"}") ","
		TS(2, 1, "mem $instance", "node_load5{instance=~\\\"$instance\\\"}"));
	render(row_dash, &rep, NULL, 0);
	ck_assert_uint_eq(rep.n, 6);
	ck_assert_str_eq(panel(&rep, 0)->title, "cpu node-1:9100");
	ck_assert_str_eq(panel(&rep, 1)->title, "mem node-1:9100");
	ck_assert_str_eq(panel(&rep, 4)->title, "cpu node-3:9100");
	for (size_t i = 0; i < 6; i++)
		ck_assert_uint_eq(panel(&rep, i)->series, 1);
	request_report_fini(&rep);
	const struct request_var one[] = { { "instance", "node-2:9100" } };
	render(row_dash, &rep, one, 1);
	ck_assert_uint_eq(rep.n, 2);
	ck_assert_str_eq(panel(&rep, 1)->title, "mem node-2:9100");
	request_report_fini(&rep);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("request/vars_live");
	TCase *tc = tcase_create("live");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, stale_current_takes_the_first_option);
	tcase_add_test(tc, all_with_nothing_saved_is_all);
	tcase_add_test(tc, query_forms_regex_sort_chain);
	tcase_add_test(tc, repeated_panels_and_rows);
	suite_add_tcase(s, tc);
	return s;
}
