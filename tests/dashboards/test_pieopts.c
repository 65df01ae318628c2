/*
 * test_pieopts.c — the pie chart's options from dashboard JSON: Grafana
 * 10.4's defaults, pieType (anything but "pie" is a donut, as Grafana's
 * layout reads it), displayLabels and legend.values (unknown names
 * skipped), reduceOptions and legend placement through the shared parsers,
 * and wrong JSON types refused with the file and JSON path.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "dashboards/load.h"

Suite *make_suite(void);

static struct cairn_dashboard *load(const char *options)
{
	char json[2048];
	snprintf(json, sizeof json,
	         "{\"panels\":[{\"type\":\"piechart\",\"id\":1,\"title\":\"p\","
	         "\"gridPos\":{\"x\":0,\"y\":0,\"w\":12,\"h\":8}%s%s}]}",
	         options ? ",\"options\":" : "", options ? options : "");
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "p.json", &err);
	ck_assert_msg(d != NULL, "load failed: %s", err.msg);
	return d;
}

static void load_err(const char *options, const char *want)
{
	char json[2048];
	snprintf(json, sizeof json,
	         "{\"panels\":[{\"type\":\"piechart\",\"id\":1,\"options\":%s}]}", options);
	struct cairn_err err = {0};
	ck_assert_ptr_null(dash_load_buffer(json, strlen(json), "p.json", &err));
	ck_assert_int_eq(err.code, CAIRN_EINVAL);
	ck_assert_msg(strstr(err.msg, want), "message \"%s\" lacks \"%s\"", err.msg, want);
}

START_TEST(defaults)
{
	struct cairn_dashboard *d = load(NULL);
	const struct cairn_panel *p = &d->panels[0];
	ck_assert(!p->pie.donut);
	ck_assert_uint_eq(p->pie.labels, 0);
	ck_assert_uint_eq(p->pie.legend_values, 0);
	ck_assert(p->legend.show);
	ck_assert_int_eq(p->legend.placement, LEGEND_BOTTOM);
	ck_assert_int_eq(p->legend.mode, LEGEND_LIST);
	ck_assert_uint_eq(p->single.reduce.n_calcs, 1);
	ck_assert_int_eq(p->single.reduce.calcs[0], RED_LAST_NN);
	ck_assert_int_eq(p->defaults.color_mode, COLOR_PALETTE_CLASSIC);
	dash_free(d);
}
END_TEST

START_TEST(every_option)
{
	struct cairn_dashboard *d =
	        load("{\"pieType\":\"donut\",\"displayLabels\":[\"percent\",\"name\",\"bogus\"],"
	             "\"reduceOptions\":{\"calcs\":[\"sum\"],\"values\":true,\"limit\":3,"
	             "\"fields\":\"/a/\"},"
	             "\"legend\":{\"displayMode\":\"table\",\"placement\":\"right\","
	             "\"values\":[\"percent\",\"value\"]}}");
	const struct cairn_panel *p = &d->panels[0];
	ck_assert(p->pie.donut);
	ck_assert_uint_eq(p->pie.labels, PIE_LABEL_NAME | PIE_LABEL_PERCENT);
	ck_assert_uint_eq(p->pie.legend_values, PIE_LEGEND_VALUE | PIE_LEGEND_PERCENT);
	ck_assert_int_eq(p->legend.placement, LEGEND_RIGHT);
	ck_assert_int_eq(p->legend.mode, LEGEND_TABLE);
	ck_assert_int_eq(p->single.reduce.calcs[0], RED_SUM);
	ck_assert(p->single.reduce.values);
	ck_assert_int_eq(p->single.reduce.limit, 3);
	ck_assert_str_eq(p->single.reduce.fields, "/a/");
	dash_free(d);
	d = load("{\"pieType\":\"cone\"}"); /* Grafana: not "pie", so a donut */
	ck_assert(d->panels[0].pie.donut);
	dash_free(d);
}
END_TEST

/* piechart/module.tsx leaves thresholds out of its standard options, so
 * Grafana drops them from the defaults and never applies an override's: a
 * "thresholds" colour mode finds no step (grey, tests/cli/grafana-ref-piechart).
 * A stat panel keeps the same JSON's thresholds. */
START_TEST(thresholds_dropped)
{
	const char *fc =
	        "\"fieldConfig\":{\"defaults\":{\"color\":{\"mode\":\"thresholds\"},"
	        "\"thresholds\":{\"mode\":\"absolute\",\"steps\":[{\"value\":null,\"color\":\"green\"},"
	        "{\"value\":10,\"color\":\"red\"}]}},\"overrides\":[{\"matcher\":{\"id\":\"byName\","
	        "\"options\":\"a\"},\"properties\":[{\"id\":\"thresholds\",\"value\":{\"mode\":"
	        "\"absolute\",\"steps\":[{\"value\":null,\"color\":\"blue\"}]}}]}]}";
	const char *types[] = {"piechart", "stat"};
	for (size_t k = 0; k < 2; k++) {
		char json[2048];
		snprintf(json, sizeof json, "{\"panels\":[{\"type\":\"%s\",\"id\":1,%s}]}", types[k],
		         fc);
		struct cairn_err err = {0};
		struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "p.json", &err);
		ck_assert_msg(d != NULL, "load failed: %s", err.msg);
		const struct cairn_panel *p = &d->panels[0];
		bool pie = k == 0;
		ck_assert_int_eq(p->defaults.color_mode, COLOR_THRESHOLDS);
		ck_assert_uint_eq(p->defaults.thresholds.n, pie ? 0 : 2);
		ck_assert_uint_eq(p->n_overrides, 1);
		ck_assert_uint_eq(!!(p->overrides[0].props.set & FC_SET_THRESHOLDS), !pie);
		dash_free(d);
	}
}
END_TEST

START_TEST(bad_types_name_the_path)
{
	load_err("{\"pieType\":3}", "p.json: panels[0].options.pieType: expected string, got number");
	load_err("{\"displayLabels\":\"name\"}",
	         "panels[0].options.displayLabels: expected array, got string");
	load_err("{\"displayLabels\":[\"name\",7]}",
	         "panels[0].options.displayLabels[1]: expected string, got number");
	load_err("{\"legend\":{\"values\":{}}}",
	         "panels[0].options.legend.values: expected array, got object");
	load_err("{\"legend\":[]}", "panels[0].options.legend: expected object, got array");
	load_err("{\"reduceOptions\":{\"calcs\":\"sum\"}}",
	         "panels[0].options.reduceOptions.calcs: expected array, got string");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/pieopts");
	TCase *tc = tcase_create("pieopts");
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, every_option);
	tcase_add_test(tc, bad_types_name_the_path);
	tcase_add_test(tc, thresholds_dropped);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
