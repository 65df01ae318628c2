/*
 * test_timelineopts.c — the state-timeline and status-history options from
 * dashboard JSON: Grafana's defaults (per panel type), the options read,
 * and bad values as errors naming their JSON path.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include "dashboards/load.h"

static struct cairn_dashboard *load_panel(const char *panel, struct cairn_err *err)
{
	char *json = g_strdup_printf("{\"panels\":[%s]}", panel);
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", err);
	g_free(json);
	return d;
}

static struct cairn_dashboard *must_load(const char *panel)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d = load_panel(panel, &err);
	ck_assert_msg(d, "%s", err.msg);
	return d;
}

START_TEST(defaults_as_grafana)
{
	struct cairn_dashboard *d = must_load(
	        "{\"id\":1,\"type\":\"state-timeline\"},{\"id\":2,\"type\":\"status-history\"}");
	const struct cairn_panel *st = &d->panels[0], *sh = &d->panels[1];
	ck_assert(st->timeline.merge_values);
	ck_assert_int_eq(st->timeline.show_value, TL_SHOW_AUTO);
	ck_assert_int_eq(st->timeline.align_value, TL_ALIGN_LEFT);
	ck_assert_double_eq(st->timeline.row_height, 0.9);
	ck_assert_double_eq(st->defaults.custom.line_width, 0);
	ck_assert_double_eq(st->defaults.custom.fill_opacity, 70);
	ck_assert_int_eq(st->defaults.color_mode, COLOR_CONTINUOUS);
	ck_assert_str_eq(st->defaults.color_scheme, "continuous-GrYlRd");
	ck_assert(!sh->timeline.merge_values);
	ck_assert_double_eq(sh->timeline.col_width, 0.9);
	ck_assert_double_eq(sh->defaults.custom.line_width, 1);
	ck_assert_int_eq(sh->defaults.color_mode, COLOR_THRESHOLDS);
	dash_free(d);
}
END_TEST

START_TEST(options_read)
{
	struct cairn_dashboard *d = must_load(
	        "{\"id\":1,\"type\":\"state-timeline\",\"options\":{\"mergeValues\":false,"
	        "\"showValue\":\"never\",\"alignValue\":\"right\",\"rowHeight\":0.5},"
	        "\"fieldConfig\":{\"defaults\":{\"color\":{\"mode\":\"fixed\"},\"custom\":{"
	        "\"lineWidth\":2,\"fillOpacity\":40,\"insertNulls\":60000,\"spanNulls\":true}}}}");
	const struct cairn_panel *p = &d->panels[0];
	ck_assert(!p->timeline.merge_values);
	ck_assert_int_eq(p->timeline.show_value, TL_SHOW_NEVER);
	ck_assert_int_eq(p->timeline.align_value, TL_ALIGN_RIGHT);
	ck_assert_double_eq(p->timeline.row_height, 0.5);
	ck_assert_double_eq(p->defaults.custom.line_width, 2);
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 40);
	ck_assert_double_eq(p->defaults.custom.insert_nulls_ms, 60000);
	ck_assert(p->defaults.custom.span_nulls);
	ck_assert_int_eq(p->defaults.color_mode, COLOR_FIXED);
	dash_free(d);
	/* an unknown showValue keeps Grafana's default, as Grafana does */
	d = must_load("{\"type\":\"state-timeline\",\"options\":{\"showValue\":\"sometimes\"}}");
	ck_assert_int_eq(d->panels[0].timeline.show_value, TL_SHOW_AUTO);
	dash_free(d);
}
END_TEST

static void bad(const char *panel, const char *want1, const char *want2)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d = load_panel(panel, &err);
	ck_assert_msg(!d, "loaded: %s", panel);
	ck_assert_msg(strstr(err.msg, want1) && strstr(err.msg, want2), "%s", err.msg);
}

START_TEST(bad_options_name_their_path)
{
	bad("{\"type\":\"state-timeline\",\"options\":{\"rowHeight\":1.5}}",
	    "panels[0].options.rowHeight", "outside 0..1");
	bad("{\"type\":\"status-history\",\"options\":{\"colWidth\":-0.1}}",
	    "panels[0].options.colWidth", "outside 0..1");
	bad("{\"type\":\"state-timeline\",\"options\":{\"rowHeight\":\"tall\"}}",
	    "panels[0].options.rowHeight", "expected number");
	bad("{\"type\":\"state-timeline\",\"options\":{\"mergeValues\":\"yes\"}}",
	    "panels[0].options.mergeValues", "expected");
	bad("{\"type\":\"state-timeline\",\"fieldConfig\":{\"defaults\":{\"custom\":"
	    "{\"fillOpacity\":150}}}}",
	    "panels[0].fieldConfig.defaults.custom.fillOpacity", "outside 0..100");
	bad("{\"type\":\"status-history\",\"fieldConfig\":{\"defaults\":{},\"overrides\":[{"
	    "\"matcher\":{\"id\":\"byName\",\"options\":\"a\"},\"properties\":[{\"id\":"
	    "\"custom.lineWidth\",\"value\":11}]}]}}",
	    "panels[0].fieldConfig.overrides[0]", "custom.lineWidth: 11 is outside 0..10");
	bad("{\"type\":\"state-timeline\",\"fieldConfig\":{\"defaults\":{\"custom\":"
	    "{\"insertNulls\":\"x\"}}}}",
	    "panels[0].fieldConfig.defaults.custom.insertNulls", "expected false or");
	/* the time series keeps its own tolerance */
	struct cairn_err err = {0};
	struct cairn_dashboard *d = load_panel(
	        "{\"type\":\"timeseries\",\"fieldConfig\":{\"defaults\":{\"custom\":"
	        "{\"fillOpacity\":150}}}}",
	        &err);
	ck_assert_msg(d, "%s", err.msg);
	dash_free(d);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("timelineopts");
	TCase *o = tcase_create("options");
	tcase_add_test(o, defaults_as_grafana);
	tcase_add_test(o, options_read);
	tcase_add_test(o, bad_options_name_their_path);
	suite_add_tcase(s, o);
	return s;
}

#include "tests/test_main.h"
