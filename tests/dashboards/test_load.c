/*
 * test_load.c — dashboard JSON → model: the real corpus, Grafana's defaults,
 * overrides, rows, legacy graph panels, variables and error messages.
 */
#include <check.h>
Suite *make_suite(void);
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "dashboards/load.h"

static struct cairn_dashboard *load_str(const char *json)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(d != NULL, "load failed: %s", err.msg);
	return d;
}

static const char *load_err(const char *json, enum cairn_errc code)
{
	static struct cairn_err err;
	cairn_err_clear(&err);
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "x.json", &err);
	ck_assert_msg(d == NULL, "accepted: %s", json);
	ck_assert_int_eq(err.code, code);
	return err.msg;
}

static struct cairn_dashboard *load_corpus(const char *name)
{
	char path[1024];
	struct cairn_err err = {0};
	snprintf(path, sizeof path, "%s/dashboards/%s", CORPUS_DIR, name);
	struct cairn_dashboard *d = dash_load_file(path, &err);
	ck_assert_msg(d != NULL, "%s: %s", name, err.msg);
	return d;
}

/* ---- the corpus -------------------------------------------------------- */

static const struct {
	const char *file;
	size_t panels, vars, targets;
} corpus[] = {
        {"kube-prometheus__apiserver.json", 17, 3, 16},
        {"kube-prometheus__cluster-total.json", 13, 2, 20},
        {"kube-prometheus__k8s-resources-cluster.json", 22, 2, 44},
        {"kube-prometheus__k8s-resources-namespace.json", 18, 3, 43},
        {"kube-prometheus__k8s-resources-node.json", 5, 3, 22},
        {"kube-prometheus__k8s-resources-pod.json", 16, 4, 38},
        {"kube-prometheus__k8s-resources-workload.json", 13, 5, 26},
        {"kube-prometheus__kubelet.json", 24, 3, 29},
        {"kube-prometheus__namespace-by-workload.json", 11, 4, 18},
        {"kube-prometheus__node-rsrc-use.json", 14, 3, 11},
        {"kube-prometheus__nodes.json", 12, 3, 17},
        {"kube-prometheus__persistentvolumesusage.json", 4, 4, 6},
        {"kube-prometheus__prometheus.json", 15, 4, 15},
        {"rfmoz__node-exporter-full.json", 141, 4, 286},
};

START_TEST(corpus_loads)
{
	struct cairn_dashboard *d = load_corpus(corpus[_i].file);
	size_t targets = 0;
	ck_assert_uint_eq(d->n_panels, corpus[_i].panels);
	ck_assert_uint_eq(d->n_variables, corpus[_i].vars);
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct cairn_panel *p = &d->panels[i];
		targets += p->n_targets;
		ck_assert_ptr_nonnull(p->json_path);
		ck_assert_ptr_nonnull(p->type);
		ck_assert_ptr_nonnull(p->title);
		ck_assert_int_ge(p->grid.w, 1);
		ck_assert_int_le(p->grid.x + p->grid.w, 24);
		for (size_t t = 0; t < p->n_targets; t++)
			ck_assert_msg(p->targets[t].ref_id[0], "%s: no refId",
			              p->targets[t].json_path);
		ck_assert_ptr_eq(dash_get_panel(d, p->id) != NULL ? (void *)1 : NULL, (void *)1);
	}
	ck_assert_uint_eq(targets, corpus[_i].targets);
	ck_assert_ptr_nonnull(d->time_from);
	dash_free(d);
}
END_TEST

START_TEST(bare_string_override_colour)
{
	struct cairn_dashboard *d = load_corpus("kube-prometheus__apiserver.json");
	const struct cairn_panel *p = &d->panels[4];
	ck_assert_uint_eq(p->n_overrides, 4);
	ck_assert_int_eq(p->overrides[0].kind, MATCH_BY_REGEXP);
	ck_assert_str_eq(p->overrides[0].pattern, "/2../i");
	ck_assert_uint_eq(p->overrides[0].props.set, FC_SET_COLOR);
	ck_assert_int_eq(p->overrides[0].props.color_mode, COLOR_FIXED);
	ck_assert_uint_eq(p->overrides[0].props.fixed_color, 0x56A64BFF);
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 100);
	ck_assert_str_eq(p->defaults.unit, "reqps");
	dash_free(d);
}
END_TEST

START_TEST(nodes_cpu_usage_panel)
{
	struct cairn_dashboard *d = load_corpus("kube-prometheus__nodes.json");
	const struct cairn_panel *p = dash_get_panel(d, 2);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->title, "CPU Usage");
	ck_assert_str_eq(p->type, "timeseries");
	ck_assert_str_eq(p->defaults.unit, "percentunit");
	ck_assert_int_eq(p->defaults.custom.stacking, STACK_NORMAL);
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 10);
	ck_assert_int_eq(p->defaults.custom.show_points, POINTS_NEVER);
	ck_assert_double_eq(p->defaults.min, 0);
	ck_assert_double_eq(p->defaults.max, 1);
	ck_assert_uint_eq(p->defaults.set & (FC_SET_UNIT | FC_SET_MIN | FC_SET_MAX | FC_SET_FILL |
	                                     FC_SET_STACKING),
	                  FC_SET_UNIT | FC_SET_MIN | FC_SET_MAX | FC_SET_FILL | FC_SET_STACKING);
	ck_assert_uint_eq(p->defaults.set & FC_SET_LINE_WIDTH, 0);
	ck_assert_double_eq(p->defaults.custom.line_width, 1); /* default */
	ck_assert_uint_eq(p->n_targets, 1);
	ck_assert_str_eq(p->targets[0].legend_format, "{{cpu}}");
	ck_assert_str_eq(p->targets[0].ref_id, "A");
	ck_assert_int_eq(p->targets[0].interval_factor, 5);
	ck_assert_ptr_nonnull(strstr(p->targets[0].expr, "node_cpu_seconds_total"));
	ck_assert(p->targets[0].range);
	ck_assert(!p->targets[0].instant);
	ck_assert_str_eq(p->datasource, "${datasource}");
	ck_assert_str_eq(p->tooltip_mode, "multi");
	/* options has no legend: Grafana's default legend */
	ck_assert(p->legend.show);
	ck_assert_int_eq(p->legend.mode, LEGEND_LIST);
	ck_assert_int_eq(p->legend.placement, LEGEND_BOTTOM);
	ck_assert_uint_eq(p->legend.calcs, 0);
	ck_assert_int_eq(p->grid.x, 0);
	ck_assert_int_eq(p->grid.y, 1);
	ck_assert_int_eq(p->grid.w, 12);
	ck_assert_int_eq(p->grid.h, 7);
	ck_assert_int_eq(p->row_index, 0); /* under the first row */
	ck_assert(d->panels[0].is_row);
	ck_assert_str_eq(d->time_from, "now-1h");
	ck_assert_str_eq(d->timezone, "utc");
	/* variables */
	ck_assert_str_eq(d->variables[1].name, "cluster");
	ck_assert_int_eq(d->variables[1].type, VAR_QUERY);
	ck_assert(d->variables[1].include_all);
	ck_assert_str_eq(d->variables[1].all_value, ".*");
	ck_assert_int_eq(d->variables[1].hide, 2);
	ck_assert_ptr_nonnull(strstr(d->variables[1].query, "label_values(node_uname_info"));
	ck_assert_int_eq(d->variables[0].type, VAR_DATASOURCE);
	dash_free(d);
}
END_TEST

START_TEST(node_exporter_rows_flattened)
{
	struct cairn_dashboard *d = load_corpus("rfmoz__node-exporter-full.json");
	size_t rows = 0, in_collapsed = 0;
	for (size_t i = 0; i < d->n_panels; i++) {
		rows += d->panels[i].is_row;
		if (!d->panels[i].is_row && d->panels[i].row_index >= 0 &&
		    d->panels[d->panels[i].row_index].collapsed)
			in_collapsed++;
	}
	ck_assert_uint_eq(rows, 16);
	ck_assert_uint_eq(in_collapsed, 110);
	/* top-level panels 0..16, then the collapsed row at 17 with its 10 */
	const struct cairn_panel *row = &d->panels[17];
	ck_assert(row->is_row);
	ck_assert(row->collapsed);
	ck_assert_str_eq(row->title, "CPU / Memory / Net / Disk");
	ck_assert_str_eq(row->json_path, "panels[17]");
	const struct cairn_panel *p = &d->panels[18];
	ck_assert_str_eq(p->json_path, "panels[17].panels[0]");
	ck_assert_int_eq(p->row_index, 17);
	ck_assert(!p->is_row);
	ck_assert_int_eq(p->id, 3);
	ck_assert_str_eq(p->title, "CPU");
	ck_assert_uint_eq(p->n_targets, 9);
	ck_assert_str_eq(p->targets[8].ref_id, "I");
	ck_assert_int_eq(p->defaults.custom.stacking, STACK_PERCENT);
	ck_assert_int_eq(p->defaults.custom.line_interp, INTERP_SMOOTH);
	ck_assert_double_eq(p->defaults.custom.line_width, 2);
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 70);
	ck_assert_str_eq(d->panels[28].json_path, "panels[18]");
	ck_assert(d->panels[28].is_row);
	ck_assert_str_eq(d->panels[29].json_path, "panels[18].panels[0]");
	ck_assert_int_eq(d->panels[29].row_index, 28);
	/* the newer {query: ...} variable form */
	ck_assert_str_eq(d->variables[1].query, "label_values(node_uname_info, job)");
	ck_assert_ptr_null(d->variables[1].regex); /* "" = none */
	ck_assert_str_eq(d->timezone, "browser");
	ck_assert_str_eq(d->time_from, "now-24h");
	ck_assert_str_eq(d->uid, "rYdddlPWk");
	dash_free(d);
}
END_TEST

START_TEST(node_exporter_overrides)
{
	struct cairn_dashboard *d = load_corpus("rfmoz__node-exporter-full.json");
	const struct cairn_panel *p = dash_get_panel(d, 78); /* Memory Basic */
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_ge(p->n_overrides, 3);
	const struct field_override *o = &p->overrides[1];
	ck_assert_int_eq(o->kind, MATCH_BY_NAME);
	ck_assert_str_eq(o->pattern, "Total");
	ck_assert_uint_eq(o->props.set, FC_SET_COLOR | FC_SET_FILL | FC_SET_STACKING);
	ck_assert_int_eq(o->props.color_mode, COLOR_FIXED);
	ck_assert_str_eq(o->props.fixed_color_name, "#E0F9D7");
	ck_assert_uint_eq(o->props.fixed_color, 0xE0F9D7FF);
	ck_assert_double_eq(o->props.custom.fill_opacity, 0);
	ck_assert_int_eq(o->props.custom.stacking, STACK_NORMAL);

	p = dash_get_panel(d, 74); /* Network Traffic Basic */
	ck_assert_int_eq(p->overrides[0].kind, MATCH_BY_REGEXP);
	ck_assert_str_eq(p->overrides[0].pattern, "/.*Tx.*/");
	ck_assert_uint_eq(p->overrides[0].props.set, FC_SET_TRANSFORM);
	ck_assert(p->overrides[0].props.custom.transform_negative_y);

	p = dash_get_panel(d, 7); /* System Load: named colour dark-red, dashed */
	ck_assert_uint_eq(p->overrides[0].props.set, FC_SET_FILL | FC_SET_COLOR | FC_SET_LINE_STYLE);
	ck_assert_int_eq(p->overrides[0].props.custom.line_fill, LINE_DASH);
	ck_assert_double_eq(p->overrides[0].props.custom.line_dash[0], 10);
	ck_assert_double_eq(p->overrides[0].props.custom.line_dash[1], 10);
	ck_assert_uint_eq(p->overrides[0].props.fixed_color, 0xC4162AFF);

	p = dash_get_panel(d, 149); /* byNames hideSeriesFrom → other matcher */
	ck_assert_int_eq(p->overrides[1].kind, MATCH_OTHER);
	ck_assert_ptr_null(p->overrides[1].pattern);
	ck_assert_uint_eq(p->overrides[1].props.set, FC_SET_HIDE);
	ck_assert(p->overrides[1].props.custom.hide_in_viz);
	ck_assert(!p->overrides[1].props.custom.hide_in_legend);

	/* Legend calcs keep the JSON's order: ["min", "mean", "max"] here. */
	p = dash_get_panel(d, 3); /* CPU */
	ck_assert_uint_eq(p->legend.n_calc_order, 3);
	ck_assert_uint_eq(p->legend.calc_order[0], CALC_MIN);
	ck_assert_uint_eq(p->legend.calc_order[1], CALC_MEAN);
	ck_assert_uint_eq(p->legend.calc_order[2], CALC_MAX);
	ck_assert_uint_eq(p->legend.calcs, CALC_MIN | CALC_MEAN | CALC_MAX);
	dash_free(d);
}
END_TEST

/* ---- defaults and options ---------------------------------------------- */

/* An export's __inputs (the placeholders its import fills) and a target's own
 * datasource, which cairn lint checks for variables. */
START_TEST(inputs_and_target_datasource)
{
	struct cairn_dashboard *d = load_str(
		"{\"__inputs\": [{\"name\": \"DS_PROM\", \"type\": \"datasource\"}, {\"x\": 1}],"
		" \"panels\": [{\"type\": \"timeseries\", \"targets\": ["
		"{\"expr\": \"up\", \"datasource\": {\"type\": \"prometheus\", \"uid\": \"${DS_PROM}\"}},"
		"{\"expr\": \"up\", \"datasource\": \"$ds\"}, {\"expr\": \"up\"}]}]}");
	ck_assert_uint_eq(d->n_inputs, 1);
	ck_assert_str_eq(d->inputs[0], "DS_PROM");
	ck_assert_ptr_null(d->inputs[1]);
	ck_assert_str_eq(d->panels[0].targets[0].datasource, "${DS_PROM}");
	ck_assert_str_eq(d->panels[0].targets[1].datasource, "$ds");
	ck_assert_ptr_null(d->panels[0].targets[2].datasource);
	dash_free(d);
	d = load_str("{\"__inputs\": 3, \"panels\": []}");
	ck_assert_uint_eq(d->n_inputs, 0);
	ck_assert_ptr_nonnull(d->inputs);
	ck_assert(!d->wrapped);
	dash_free(d);
	d = load_str("{\"meta\": {}, \"dashboard\": {\"panels\": []}}");
	ck_assert(d->wrapped);
	dash_free(d);
}
END_TEST

START_TEST(grafana_defaults)
{
	struct cairn_dashboard *d = load_str("{\"panels\":[{\"type\":\"timeseries\","
	                                     "\"targets\":[{\"expr\":\"up\"}]}]}");
	ck_assert_str_eq(d->time_from, "now-6h");
	ck_assert_str_eq(d->time_to, "now");
	ck_assert_str_eq(d->timezone, "");
	ck_assert_str_eq(d->title, "");
	ck_assert_ptr_null(d->uid);
	const struct cairn_panel *p = &d->panels[0];
	const struct field_config *fc = &p->defaults;
	ck_assert_int_eq(p->id, 0);
	ck_assert_str_eq(p->title, "");
	ck_assert_str_eq(p->datasource, "");
	ck_assert_int_eq(p->row_index, -1);
	ck_assert_int_eq(p->grid.w, 6);
	ck_assert_int_eq(p->grid.h, 3);
	ck_assert_str_eq(fc->unit, "");
	ck_assert_int_eq(fc->decimals, -1);
	ck_assert(isnan(fc->min) && isnan(fc->max));
	ck_assert_ptr_null(fc->display_name);
	ck_assert_int_eq(fc->color_mode, COLOR_PALETTE_CLASSIC);
	ck_assert_uint_eq(fc->set, 0);
	ck_assert_int_eq(fc->thresholds.mode, THRESH_ABSOLUTE);
	ck_assert_uint_eq(fc->thresholds.n, 2);
	ck_assert(isinf(fc->thresholds.steps[0].value) && fc->thresholds.steps[0].value < 0);
	ck_assert_str_eq(fc->thresholds.steps[0].color_name, "green");
	ck_assert_double_eq(fc->thresholds.steps[1].value, 80);
	ck_assert_str_eq(fc->thresholds.steps[1].color_name, "red");
	const struct ts_custom *c = &fc->custom;
	ck_assert_int_eq(c->draw_style, DRAW_LINE);
	ck_assert_int_eq(c->line_interp, INTERP_LINEAR);
	ck_assert_double_eq(c->line_width, 1);
	ck_assert_double_eq(c->fill_opacity, 0);
	ck_assert_int_eq(c->show_points, POINTS_AUTO);
	ck_assert_double_eq(c->point_size, 5);
	ck_assert_int_eq(c->stacking, STACK_NONE);
	ck_assert(!c->span_nulls);
	ck_assert_int_eq(c->thresholds_style, TSTYLE_OFF);
	ck_assert_int_eq(c->axis_placement, AXIS_AUTO);
	ck_assert_int_eq(c->scale, SCALE_LINEAR);
	ck_assert(isnan(c->axis_soft_min) && isnan(c->axis_soft_max));
	ck_assert_double_eq(c->bar_width_factor, 0.6);
	ck_assert(p->legend.show);
	ck_assert_int_eq(p->legend.mode, LEGEND_LIST);
	ck_assert_int_eq(p->legend.placement, LEGEND_BOTTOM);
	ck_assert_str_eq(p->targets[0].ref_id, "A");
	ck_assert_int_eq(p->targets[0].interval_factor, 1);
	ck_assert_ptr_null(p->targets[0].legend_format);
	ck_assert_str_eq(p->targets[0].json_path, "panels[0].targets[0]");
	dash_free(d);
}
END_TEST

START_TEST(full_field_config)
{
	struct cairn_dashboard *d = load_str(
	        "{\"dashboard\": {\"title\": \"w\", \"time\": {\"from\": \"now-2d\", \"to\": "
	        "\"now/d\"},"
	        " \"panels\": [{\"id\": 7, \"type\": \"timeseries\", \"maxDataPoints\": 500,"
	        " \"interval\": \"1m\", \"timeFrom\": \"1h\", \"timeShift\": \"1d\","
	        " \"datasource\": {\"type\": \"prometheus\"},"
	        " \"gridPos\": {\"x\": \"2\", \"y\": 3.0, \"w\": 10, \"h\": 8},"
	        " \"fieldConfig\": {\"defaults\": {\"unit\": \"bytes\", \"decimals\": 2,"
	        "  \"min\": -5, \"max\": 100.5, \"displayName\": \"D\", \"noValue\": \"n/a\","
	        "  \"color\": {\"mode\": \"fixed\", \"fixedColor\": \"rgba(255, 0, 0, 0.5)\"},"
	        "  \"thresholds\": {\"mode\": \"percentage\", \"steps\": [{\"value\": null, "
	        "\"color\": \"#00ff00\"},"
	        "   {\"value\": 50, \"color\": \"yellow\"}, {\"value\": 90, \"color\": \"#f00\"}]},"
	        "  \"custom\": {\"drawStyle\": \"bars\", \"lineInterpolation\": \"stepAfter\","
	        "   \"lineWidth\": 3, \"fillOpacity\": 25, \"gradientMode\": \"opacity\","
	        "   \"showPoints\": \"always\", \"pointSize\": 7, \"stacking\": {\"mode\": "
	        "\"percent\"},"
	        "   \"spanNulls\": 300000, \"thresholdsStyle\": {\"mode\": \"line+area\"},"
	        "   \"axisPlacement\": \"right\", \"scaleDistribution\": {\"type\": \"log\", "
	        "\"log\": 10},"
	        "   \"axisSoftMin\": 0, \"axisSoftMax\": 10, \"axisCenteredZero\": true,"
	        "   \"axisLabel\": \"bytes\", \"barWidthFactor\": 0.8, \"transform\": "
	        "\"negative-Y\","
	        "   \"hideFrom\": {\"legend\": true, \"viz\": false}, \"unknownKey\": 1}}},"
	        " \"options\": {\"legend\": {\"showLegend\": true, \"displayMode\": \"table\","
	        "  \"placement\": \"right\", \"calcs\": [\"mean\", \"max\", \"lastNotNull\", "
	        "\"bogus\"],"
	        "  \"width\": 300}},"
	        " \"targets\": [{\"expr\": \"a\", \"refId\": \"B\", \"instant\": true, \"format\": "
	        "\"table\","
	        "  \"hide\": true, \"interval\": \"30s\"}, {\"expr\": \"b\"}, {\"expr\": \"c\", "
	        "\"refId\": \"A\"},"
	        "  {\"expr\": \"d\", \"queryType\": \"instant\", \"range\": true}, {\"expr\": "
	        "\"e\"}]}]}}");
	ck_assert_str_eq(d->title, "w");
	ck_assert_str_eq(d->time_to, "now/d");
	const struct cairn_panel *p = dash_get_panel(d, 7);
	ck_assert_int_eq(p->max_data_points, 500);
	ck_assert_str_eq(p->interval, "1m");
	ck_assert_str_eq(p->time_from, "1h");
	ck_assert_str_eq(p->time_shift, "1d");
	ck_assert_str_eq(p->datasource, "prometheus");
	ck_assert_int_eq(p->grid.x, 2);
	ck_assert_int_eq(p->grid.y, 3);
	const struct field_config *fc = &p->defaults;
	ck_assert_str_eq(fc->unit, "bytes");
	ck_assert_int_eq(fc->decimals, 2);
	ck_assert_double_eq(fc->min, -5);
	ck_assert_double_eq(fc->max, 100.5);
	ck_assert_str_eq(fc->display_name, "D");
	ck_assert_str_eq(fc->no_value, "n/a");
	ck_assert_int_eq(fc->color_mode, COLOR_FIXED);
	ck_assert_uint_eq(fc->fixed_color, 0xFF000080);
	ck_assert_int_eq(fc->thresholds.mode, THRESH_PERCENTAGE);
	ck_assert_uint_eq(fc->thresholds.n, 3);
	ck_assert_uint_eq(fc->thresholds.steps[0].color, 0x00FF00FF);
	ck_assert_uint_eq(fc->thresholds.steps[1].color, 0xFADE2AFF);
	ck_assert_uint_eq(fc->thresholds.steps[2].color, 0xFF0000FF);
	ck_assert_double_eq(fc->thresholds.steps[2].value, 90);
	const struct ts_custom *c = &fc->custom;
	ck_assert_int_eq(c->draw_style, DRAW_BARS);
	ck_assert_int_eq(c->line_interp, INTERP_STEP_AFTER);
	ck_assert_double_eq(c->line_width, 3);
	ck_assert_double_eq(c->fill_opacity, 25);
	ck_assert_int_eq(c->gradient, GRADIENT_OPACITY);
	ck_assert_int_eq(c->show_points, POINTS_ALWAYS);
	ck_assert_double_eq(c->point_size, 7);
	ck_assert_int_eq(c->stacking, STACK_PERCENT);
	ck_assert(c->span_nulls);
	ck_assert_double_eq(c->span_nulls_ms, 300000);
	ck_assert_int_eq(c->thresholds_style, TSTYLE_LINE_AREA);
	ck_assert_int_eq(c->axis_placement, AXIS_RIGHT);
	ck_assert_int_eq(c->scale, SCALE_LOG);
	ck_assert_double_eq(c->log_base, 10);
	ck_assert_double_eq(c->axis_soft_min, 0);
	ck_assert_double_eq(c->axis_soft_max, 10);
	ck_assert(c->axis_centered_zero);
	ck_assert_str_eq(c->axis_label, "bytes");
	ck_assert_double_eq(c->bar_width_factor, 0.8);
	ck_assert(c->transform_negative_y);
	ck_assert(c->hide_in_legend && !c->hide_in_viz);
	ck_assert(p->legend.show);
	ck_assert_int_eq(p->legend.mode, LEGEND_TABLE);
	ck_assert_int_eq(p->legend.placement, LEGEND_RIGHT);
	ck_assert_uint_eq(p->legend.calcs, CALC_MEAN | CALC_MAX | CALC_LAST_NN);
	ck_assert_double_eq(p->legend.width, 300);
	/* refIds: B and A taken, so the others get C, D, E */
	ck_assert_str_eq(p->targets[0].ref_id, "B");
	ck_assert_str_eq(p->targets[1].ref_id, "C");
	ck_assert_str_eq(p->targets[2].ref_id, "A");
	ck_assert_str_eq(p->targets[3].ref_id, "D");
	ck_assert_str_eq(p->targets[4].ref_id, "E");
	ck_assert(p->targets[0].instant && !p->targets[0].range);
	ck_assert(p->targets[0].format_table && p->targets[0].hide);
	ck_assert_str_eq(p->targets[0].interval, "30s");
	ck_assert(p->targets[3].instant && p->targets[3].range);
	ck_assert(!p->targets[1].instant && p->targets[1].range);
	dash_free(d);
}
END_TEST

START_TEST(hidden_legend_and_span_bool)
{
	struct cairn_dashboard *d = load_str(
	        "{\"panels\":[{\"options\":{\"legend\":{\"displayMode\":\"hidden\"}},"
	        "\"fieldConfig\":{\"defaults\":{\"custom\":{\"spanNulls\":true}}}},"
	        "{\"options\":{\"legend\":{\"showLegend\":false,\"displayMode\":\"list\"}},"
	        "\"datasource\":\"$ds\"}, {\"datasource\":null}]}");
	ck_assert(!d->panels[0].legend.show);
	ck_assert(d->panels[0].defaults.custom.span_nulls);
	ck_assert_double_eq(d->panels[0].defaults.custom.span_nulls_ms, 0);
	ck_assert(!d->panels[1].legend.show);
	ck_assert_str_eq(d->panels[1].datasource, "$ds");
	ck_assert_str_eq(d->panels[2].datasource, "");
	dash_free(d);
}
END_TEST

START_TEST(table_and_text_options)
{
	struct cairn_dashboard *d = load_str(
	        "{\"panels\":[{\"type\":\"table\",\"options\":{\"showHeader\":false,"
	        "\"cellHeight\":\"md\",\"frameIndex\":1,\"sortBy\":[{\"displayName\":\"CPU\","
	        "\"desc\":true}],\"footer\":{\"show\":true,\"reducer\":[\"mean\"],"
	        "\"fields\":[\"Value\"],\"countRows\":false}},"
	        "\"fieldConfig\":{\"defaults\":{\"custom\":{\"align\":\"center\","
	        "\"displayMode\":\"lcd-gauge\",\"width\":120},\"links\":[{\"url\":\"/d/x\"}]},"
	        "\"overrides\":[{\"matcher\":{\"id\":\"byName\",\"options\":\"Time\"},"
	        "\"properties\":[{\"id\":\"custom.hidden\",\"value\":\"true\"},"
	        "{\"id\":\"custom.align\",\"value\":null},{\"id\":\"custom.cellOptions\","
	        "\"value\":{\"type\":\"color-background\",\"mode\":\"basic\"}}]}]},"
	        "\"transformations\":[{\"id\":\"organize\",\"options\":{\"excludeByName\":"
	        "{\"Time\":true,\"x\":false},\"indexByName\":{\"a\":2},\"renameByName\":"
	        "{\"a\":\"A\"}}},{\"id\":\"seriesToColumns\",\"options\":{\"byField\":\"pod\"}},"
	        "{\"id\":\"somethingNew\"}]},"
	        "{\"type\":\"text\",\"options\":{\"mode\":\"html\",\"content\":\"<b>x</b>\"}},"
	        "{\"type\":\"text\"}]}");
	const struct cairn_panel *t = &d->panels[0];
	ck_assert(!t->table.show_header);
	ck_assert_int_eq(t->table.cell_height, CELLH_MD);
	ck_assert_int_eq(t->table.frame_index, 1);
	ck_assert_uint_eq(t->table.n_sort_by, 1);
	ck_assert_str_eq(t->table.sort_by[0].name, "CPU");
	ck_assert(t->table.sort_by[0].desc);
	ck_assert(t->table.footer_show);
	ck_assert_str_eq(t->table.footer_reducer, "mean");
	ck_assert_str_eq(t->table.footer_fields[0], "Value");
	/* legacy displayMode migrated as Grafana's migrateTableDisplayModeToCellOptions */
	ck_assert_int_eq(t->defaults.table.cell, CELL_GAUGE);
	ck_assert_int_eq(t->defaults.table.cell_mode, CELLMODE_LCD);
	ck_assert_int_eq(t->defaults.table.align, TALIGN_CENTER);
	ck_assert_double_eq(t->defaults.table.width, 120);
	ck_assert(t->defaults.table.links);
	const struct field_override *o = &t->overrides[0];
	ck_assert(o->props.table.hidden); /* "true" as a string, as kube-prometheus writes it */
	ck_assert_int_eq(o->props.table.cell, CELL_COLOR_BACKGROUND);
	ck_assert_int_eq(o->props.table.cell_mode, CELLMODE_BASIC);
	ck_assert_uint_eq(o->props.set, FC_SET_TABLE_HIDDEN | FC_SET_TABLE_CELL);
	ck_assert_uint_eq(t->n_transforms, 3);
	ck_assert_int_eq(t->transforms[0].kind, XF_ORGANIZE);
	ck_assert_uint_eq(t->transforms[0].n_exclude, 1); /* false flags are not exclusions */
	ck_assert_str_eq(t->transforms[0].rename[0].text, "A");
	ck_assert_double_eq(t->transforms[0].order[0].num, 2);
	ck_assert_int_eq(t->transforms[1].kind, XF_JOIN_BY_FIELD);
	ck_assert_str_eq(t->transforms[1].by_field, "pod");
	ck_assert_int_eq(t->transforms[2].kind, XF_OTHER);
	ck_assert_str_eq(t->transforms[2].json_path, "panels[0].transformations[2]");
	ck_assert(d->panels[1].text.html);
	ck_assert_str_eq(d->panels[1].text.content, "<b>x</b>");
	ck_assert(!d->panels[2].text.html); /* Grafana's default content */
	ck_assert_ptr_nonnull(strstr(d->panels[2].text.content, "# Title"));
	dash_free(d);
}
END_TEST

START_TEST(override_properties)
{
	struct cairn_dashboard *d =
	        load_str("{\"panels\":[{\"fieldConfig\":{\"defaults\":{},\"overrides\":["
	                 "{\"matcher\":{\"id\":\"byFrameRefID\",\"options\":\"B\"},\"properties\":["
	                 " {\"id\":\"unit\",\"value\":\"s\"},{\"id\":\"decimals\",\"value\":1},"
	                 " {\"id\":\"min\",\"value\":0},{\"id\":\"max\",\"value\":9},"
	                 " {\"id\":\"displayName\",\"value\":\"X\"},"
	                 " {\"id\":\"custom.lineWidth\",\"value\":4},{\"id\":\"custom.drawStyle\","
	                 "\"value\":\"points\"},"
	                 " {\"id\":\"custom.axisPlacement\",\"value\":\"hidden\"},"
	                 " {\"id\":\"custom.lineInterpolation\",\"value\":\"smooth\"},"
	                 " {\"id\":\"custom.showPoints\",\"value\":\"never\"},"
	                 " {\"id\":\"thresholds\",\"value\":{\"mode\":\"absolute\",\"steps\":[{"
	                 "\"value\":null,\"color\":\"blue\"}]}},"
	                 " {\"id\":\"links\",\"value\":[]},{\"id\":\"custom.lineStyle\",\"value\":{"
	                 "\"fill\":\"dash\"}}]},"
	                 "{\"matcher\":{\"id\":\"byValue\",\"options\":{\"op\":\"gte\"}},"
	                 "\"properties\":[]}]}}]}");
	const struct field_override *o = &d->panels[0].overrides[0];
	ck_assert_uint_eq(d->panels[0].n_overrides, 2);
	ck_assert_int_eq(o->kind, MATCH_BY_FRAME_REFID);
	ck_assert_str_eq(o->pattern, "B");
	ck_assert_uint_eq(o->props.set, FC_SET_UNIT | FC_SET_DECIMALS | FC_SET_TABLE_LINKS | FC_SET_MIN | FC_SET_MAX |
	                                        FC_SET_DISPLAY_NAME | FC_SET_LINE_WIDTH |
	                                        FC_SET_DRAW_STYLE | FC_SET_AXIS_PLACEMENT |
	                                        FC_SET_LINE_INTERP | FC_SET_SHOW_POINTS |
	                                        FC_SET_THRESHOLDS | FC_SET_LINE_STYLE);
	ck_assert_int_eq(o->props.custom.line_fill, LINE_DASH);
	ck_assert_str_eq(o->props.unit, "s");
	ck_assert_int_eq(o->props.decimals, 1);
	ck_assert_double_eq(o->props.max, 9);
	ck_assert_str_eq(o->props.display_name, "X");
	ck_assert_double_eq(o->props.custom.line_width, 4);
	ck_assert_int_eq(o->props.custom.draw_style, DRAW_POINTS);
	ck_assert_int_eq(o->props.custom.axis_placement, AXIS_HIDDEN);
	ck_assert_int_eq(o->props.custom.line_interp, INTERP_SMOOTH);
	ck_assert_int_eq(o->props.custom.show_points, POINTS_NEVER);
	ck_assert_uint_eq(o->props.thresholds.n, 1);
	ck_assert_uint_eq(o->props.thresholds.steps[0].color, 0x5794F2FF);
	ck_assert_int_eq(d->panels[0].overrides[1].kind, MATCH_OTHER);
	ck_assert_uint_eq(d->panels[0].overrides[1].props.set, 0);
	dash_free(d);
}
END_TEST

START_TEST(legacy_graph_mapping)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_file(FIXTURE_DIR "/legacy_graph.json", &err);
	ck_assert_msg(d != NULL, "%s", err.msg);
	const struct cairn_panel *p = dash_get_panel(d, 4);
	const struct ts_custom *c = &p->defaults.custom;
	ck_assert_str_eq(p->type, "graph");
	ck_assert_int_eq(c->draw_style, DRAW_LINE);
	ck_assert_double_eq(c->line_width, 2);
	ck_assert_double_eq(c->fill_opacity, 30);
	ck_assert_int_eq(c->show_points, POINTS_ALWAYS);
	ck_assert_int_eq(c->stacking, STACK_NORMAL);
	ck_assert_int_eq(c->line_interp, INTERP_STEP_AFTER);
	ck_assert(c->span_nulls);
	ck_assert_str_eq(p->defaults.unit, "reqps");
	ck_assert_double_eq(p->defaults.min, 0);
	ck_assert(isnan(p->defaults.max));
	ck_assert_int_eq(p->defaults.decimals, 2);
	ck_assert_int_eq(c->scale, SCALE_LINEAR);
	ck_assert(p->legend.show);
	ck_assert_int_eq(p->legend.mode, LEGEND_TABLE);
	ck_assert_int_eq(p->legend.placement, LEGEND_RIGHT);
	ck_assert_uint_eq(p->legend.calcs, CALC_MIN | CALC_MEAN | CALC_LAST_NN);
	ck_assert_str_eq(d->uid, "legacy");
	ck_assert_int_eq(d->schema_version, 22);
	dash_free(d);

	/* Grafana's migration reads the JSON as saved, without the Angular
	 * panel's defaults: no "lines" draws points (show points left auto), no
	 * "fill" leaves the opacity at 0 (migrations.test.ts "legend without
	 * values") */
	d = load_str("{\"panels\":[{\"type\":\"graph\",\"legend\":{\"show\":false,\"min\":true}},"
	             "{\"type\":\"graph\",\"bars\":true,\"lines\":false}]}");
	ck_assert_double_eq(d->panels[0].defaults.custom.fill_opacity, 0);
	ck_assert_int_eq(d->panels[0].defaults.custom.draw_style, DRAW_POINTS);
	ck_assert_int_eq(d->panels[0].defaults.custom.show_points, POINTS_AUTO);
	ck_assert(!d->panels[0].legend.show);
	ck_assert_uint_eq(d->panels[0].legend.calcs, 0);
	ck_assert_int_eq(d->panels[1].defaults.custom.draw_style, DRAW_BARS);
	dash_free(d);
}
END_TEST

START_TEST(variables)
{
	struct cairn_dashboard *d = load_str(
	        "{\"templating\":{\"list\":["
	        "{\"name\":\"node\",\"type\":\"query\",\"multi\":true,\"includeAll\":true,"
	        " \"current\":{\"text\":[\"a\",\"b\"],\"value\":[\"a\",\"b\"]},"
	        " \"options\":[{\"text\":\"All\",\"value\":\"$__all\"},{\"text\":\"a\",\"value\":"
	        "\"a\",\"selected\":true},"
	        "  {\"text\":\"b\",\"value\":\"b\"}], \"regex\":\"/a.*/\", \"allValue\":null},"
	        "{\"name\":\"env\",\"type\":\"custom\",\"query\":\"prod, staging,dev\\\\,x , k : "
	        "v\","
	        " \"current\":{\"text\":\"All\",\"value\":\"$__all\"},\"includeAll\":true},"
	        "{\"name\":\"old\",\"type\":\"custom\",\"query\":\"x,y\","
	        " \"options\":[{\"value\":\"x\"},{\"value\":\"y\",\"selected\":true}]},"
	        "{\"name\":\"c\",\"type\":\"constant\",\"query\":\"42\",\"hide\":2},"
	        "{\"name\":\"iv\",\"type\":\"interval\",\"query\":\"1m,5m\"},"
	        "{\"name\":\"tb\",\"type\":\"textbox\",\"current\":{\"value\":\"\"}}]}}");
	ck_assert_uint_eq(d->n_variables, 6);
	const struct cairn_variable *v = &d->variables[0];
	ck_assert_str_eq(v->json_path, "templating.list[0]");
	ck_assert(v->multi && v->include_all);
	ck_assert_ptr_null(v->all_value);
	ck_assert_str_eq(v->regex, "/a.*/");
	ck_assert_uint_eq(v->n_current, 2);
	ck_assert_str_eq(v->current[1], "b");
	ck_assert_uint_eq(v->n_options, 2); /* $__all left out */
	ck_assert_str_eq(v->options[0], "a");
	v = &d->variables[1];
	ck_assert_int_eq(v->type, VAR_CUSTOM);
	ck_assert_uint_eq(v->n_current, 1);
	ck_assert_str_eq(v->current[0], "$__all");
	ck_assert_uint_eq(v->n_options, 4);
	ck_assert_str_eq(v->options[0], "prod");
	ck_assert_str_eq(v->options[1], "staging");
	ck_assert_str_eq(v->options[2], "dev,x");
	ck_assert_str_eq(v->options[3], "v");
	v = &d->variables[2]; /* no current: options[].selected */
	ck_assert_uint_eq(v->n_options, 2);
	ck_assert_uint_eq(v->n_current, 1);
	ck_assert_str_eq(v->current[0], "y");
	ck_assert_int_eq(d->variables[3].type, VAR_CONSTANT);
	ck_assert_int_eq(d->variables[3].hide, 2);
	ck_assert_str_eq(d->variables[3].query, "42");
	ck_assert_int_eq(d->variables[4].type, VAR_INTERVAL);
	ck_assert_int_eq(d->variables[5].type, VAR_TEXTBOX);
	ck_assert_uint_eq(d->variables[5].n_current, 1);
	ck_assert_str_eq(d->variables[5].current[0], "");
	dash_free(d);
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

START_TEST(syntax_error_has_line_and_column)
{
	struct cairn_err err = {0};
	ck_assert_ptr_null(dash_load_file(FIXTURE_DIR "/syntax_error.json", &err));
	ck_assert_int_eq(err.code, CAIRN_EINVAL);
	ck_assert_msg(strstr(err.msg, "syntax_error.json:4:14: ") != NULL, "%s", err.msg);
	const char *m = load_err("{\n\"a\": [1, 2\n}", CAIRN_EINVAL);
	ck_assert_msg(strncmp(m, "x.json:3:", 9) == 0, "%s", m);
	m = load_err("", CAIRN_EINVAL);
	ck_assert_msg(strncmp(m, "x.json:", 7) == 0, "%s", m);
}
END_TEST

START_TEST(type_errors_name_the_path)
{
	ck_assert_str_eq(
	        load_err("{\"panels\":[{},{},{},{\"targets\":[{\"expr\":5}]}]}", CAIRN_EINVAL),
	        "x.json: panels[3].targets[0].expr: expected string, got number");
	ck_assert_str_eq(load_err("{\"panels\":{}}", CAIRN_EINVAL),
	                 "x.json: panels: expected array, got object");
	ck_assert_str_eq(load_err("{\"panels\":[{\"title\":[]}]}", CAIRN_EINVAL),
	                 "x.json: panels[0].title: expected string, got array");
	ck_assert_str_eq(load_err("{\"panels\":[{\"type\":\"row\",\"collapsed\":true,"
	                          "\"panels\":[{\"gridPos\":{\"x\":\"left\"}}]}]}",
	                          CAIRN_EINVAL),
	                 "x.json: panels[0].panels[0].gridPos.x: expected number, got string");
	ck_assert_str_eq(
	        load_err("{\"panels\":[{\"fieldConfig\":{\"defaults\":{\"custom\":"
	                 "{\"lineWidth\":true}}}}]}",
	                 CAIRN_EINVAL),
	        "x.json: panels[0].fieldConfig.defaults.custom.lineWidth: expected number, got "
	        "boolean");
	ck_assert_str_eq(
	        load_err("{\"panels\":[{\"fieldConfig\":{\"overrides\":[{\"matcher\":{},"
	                 "\"properties\":[{\"id\":\"custom.fillOpacity\",\"value\":\"x\"}]}]}}]}",
	                 CAIRN_EINVAL),
	        "x.json: panels[0].fieldConfig.overrides[0].properties[0].custom.fillOpacity: "
	        "expected number, got string");
	ck_assert_str_eq(
	        load_err("{\"templating\":{\"list\":[{\"name\":\"a\",\"current\":"
	                 "{\"value\":7}}]}}",
	                 CAIRN_EINVAL),
	        "x.json: templating.list[0].current.value: expected string or array, got number");
	ck_assert_str_eq(load_err("[1]", CAIRN_EINVAL),
	                 "x.json: (top level): expected object, got array");
	ck_assert_str_eq(load_err("{\"panels\":[7]}", CAIRN_EINVAL),
	                 "x.json: panels[0]: expected object, got number");
}
END_TEST

START_TEST(bad_grid_pos)
{
	const char *m = load_err("{\"panels\":[{\"gridPos\":{\"x\":0,\"y\":0,\"w\":0,\"h\":8}}]}",
	                         CAIRN_EINVAL);
	ck_assert_msg(strstr(m, "panels[0].gridPos") && strstr(m, "w=0"), "%s", m);
	m = load_err("{\"panels\":[{},{\"gridPos\":{\"x\":-1,\"y\":0,\"w\":4,\"h\":8}}]}",
	             CAIRN_EINVAL);
	ck_assert_msg(strstr(m, "panels[1].gridPos"), "%s", m);
	/* too wide: pulled back into the 24 columns as react-grid-layout does */
	struct cairn_dashboard *d =
	        load_str("{\"panels\":[{\"gridPos\":{\"x\":20,\"y\":0,\"w\":30,\"h\":8}},"
	                 "{\"gridPos\":{\"x\":20,\"y\":0,\"w\":8,\"h\":8}}]}");
	ck_assert_int_eq(d->panels[0].grid.x, 0);
	ck_assert_int_eq(d->panels[0].grid.w, 24);
	ck_assert_int_eq(d->panels[1].grid.x, 16);
	dash_free(d);
}
END_TEST

/* The dashboard's tags (for cairn serve's listing): strings kept in order,
 * anything else skipped, always a NULL-terminated array. */
START_TEST(tags)
{
	struct cairn_dashboard *d = load_str("{\"tags\": [\"a\", 1, null, \"b\"], \"panels\": []}");
	ck_assert_uint_eq(d->n_tags, 2);
	ck_assert_str_eq(d->tags[0], "a");
	ck_assert_str_eq(d->tags[1], "b");
	ck_assert_ptr_null(d->tags[2]);
	dash_free(d);
	d = load_str("{\"panels\": []}");
	ck_assert_uint_eq(d->n_tags, 0);
	ck_assert_ptr_nonnull(d->tags);
	ck_assert_ptr_null(d->tags[0]);
	dash_free(d);
	const char *m = load_err("{\"tags\": \"a\"}", CAIRN_EINVAL);
	ck_assert_msg(strstr(m, "tags: expected array"), "%s", m);
	GString *s = g_string_new("{\"tags\": [");
	for (int i = 0; i <= CAIRN_MAX_TAGS; i++)
		g_string_append_printf(s, "%s\"t%d\"", i ? "," : "", i);
	g_string_append(s, "]}");
	m = load_err(s->str, CAIRN_ELIMIT);
	ck_assert_msg(strstr(m, "tags") && strstr(m, "65"), "%s", m);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(caps)
{
	GString *s = g_string_new("{\"panels\":[{\"targets\":[");
	for (int i = 0; i < 27; i++)
		g_string_append_printf(s, "%s{\"expr\":\"up\"}", i ? "," : "");
	g_string_append(s, "]}]}");
	const char *m = load_err(s->str, CAIRN_ELIMIT);
	ck_assert_msg(strstr(m, "panels[0].targets") && strstr(m, "27"), "%s", m);

	g_string_assign(s, "{\"panels\":[{\"type\":\"row\",\"collapsed\":true,\"panels\":[");
	for (int i = 0; i < CAIRN_MAX_PANELS; i++)
		g_string_append_printf(s, "%s{}", i ? "," : "");
	g_string_append(s, "]}]}");
	m = load_err(s->str, CAIRN_ELIMIT);
	ck_assert_msg(strstr(m, "panels:") && strstr(m, "1001"), "%s", m);

	g_string_assign(s, "{\"templating\":{\"list\":[");
	for (int i = 0; i < CAIRN_MAX_VARIABLES + 1; i++)
		g_string_append_printf(s, "%s{\"name\":\"v%d\"}", i ? "," : "", i);
	g_string_append(s, "]}}");
	m = load_err(s->str, CAIRN_ELIMIT);
	ck_assert_msg(strstr(m, "templating.list"), "%s", m);

	g_string_assign(s,
	                "{\"panels\":[{\"fieldConfig\":{\"defaults\":{\"thresholds\":{\"steps\":[");
	for (int i = 0; i < CAIRN_MAX_THRESHOLDS + 1; i++)
		g_string_append_printf(s, "%s{\"value\":%d,\"color\":\"red\"}", i ? "," : "", i);
	g_string_append(s, "]}}}}]}");
	m = load_err(s->str, CAIRN_ELIMIT);
	ck_assert_msg(strstr(m, "panels[0].fieldConfig.defaults.thresholds.steps"), "%s", m);
	g_string_free(s, TRUE);

	/* the byte cap is checked before parsing */
	struct cairn_err err = {0};
	ck_assert_ptr_null(dash_load_buffer("{}", CAIRN_MAX_JSON_BYTES + 1u, "big.json", &err));
	ck_assert_int_eq(err.code, CAIRN_ELIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "big.json"));
}
END_TEST

START_TEST(missing_file_and_null_err)
{
	struct cairn_err err = {0};
	ck_assert_ptr_null(dash_load_file("/nonexistent/dash.json", &err));
	ck_assert_int_eq(err.code, CAIRN_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/dash.json"));
	ck_assert_ptr_null(dash_load_buffer("{\"panels\":5}", 12, "n", NULL));
	dash_free(NULL);
}
END_TEST

START_TEST(stdin_dash)
{
	FILE *f = freopen(FIXTURE_DIR "/legacy_graph.json", "r", stdin);
	ck_assert_ptr_nonnull(f);
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_file("-", &err);
	ck_assert_msg(d != NULL, "%s", err.msg);
	ck_assert_str_eq(d->path, "-");
	ck_assert_str_eq(d->title, "Legacy graph");
	dash_free(d);
}
END_TEST

/* ---- value mappings ---------------------------------------------------- */

START_TEST(value_mappings)
{
	struct cairn_dashboard *d = load_str(
	        "{\"panels\": [{\"id\": 1, \"type\": \"stat\", \"fieldConfig\": {\"defaults\": {"
	        " \"thresholds\": {\"steps\": [{\"color\": \"green\", \"value\": null},"
	        "   {\"color\": \"red\", \"value\": 10}]},"
	        " \"mappings\": ["
	        "  {\"type\": \"value\", \"options\": {\"1\": {\"text\": \"Up\", \"color\": \"green\","
	        "   \"index\": 1}, \"0\": {\"text\": \"Down\", \"color\": \"#FF0000\", \"index\": 0}}},"
	        "  {\"type\": \"range\", \"options\": {\"from\": 5, \"to\": null,"
	        "   \"result\": {\"text\": \"big\"}}},"
	        "  {\"type\": \"regex\", \"options\": {\"pattern\": \"/^a(.*)$/\","
	        "   \"result\": {\"text\": \"A$1\", \"color\": \"blue\"}}},"
	        "  {\"type\": \"special\", \"options\": {\"match\": \"null+nan\","
	        "   \"result\": {\"text\": \"N/A\"}}},"
	        "  {\"type\": \"special\", \"options\": {\"match\": \"bogus\", \"result\": {}}},"
	        "  {\"type\": \"nope\", \"options\": {}},"
	        "  {\"id\": 0, \"type\": 1, \"value\": \"null\", \"text\": \"nothing\"},"
	        "  {\"id\": 1, \"type\": 1, \"value\": 3, \"text\": \"12\"},"
	        "  {\"id\": 2, \"type\": 2, \"from\": \"1\", \"to\": \"2\", \"text\": \"low\"}]},"
	        " \"overrides\": [{\"matcher\": {\"id\": \"byName\", \"options\": \"x\"},"
	        "  \"properties\": [{\"id\": \"mappings\", \"value\": [{\"type\": \"value\","
	        "   \"options\": {\"up\": {\"text\": \"UP\"}}}]}, {\"id\": \"noValue\", \"value\": \"-\"}]}]}}]}");
	const struct field_config *fc = &d->panels[0].defaults;
	ck_assert_uint_eq(fc->n_mappings, 9);
	const struct value_mapping *m = fc->mappings;
	ck_assert_int_eq(m[0].type, MAP_VALUE);
	ck_assert_str_eq(m[0].key, "1");
	ck_assert_str_eq(m[0].text, "Up");
	ck_assert_str_eq(m[0].color_name, "green");
	ck_assert_int_eq(m[0].index, 1);
	ck_assert_str_eq(m[1].key, "0");
	ck_assert_uint_eq(m[1].color, 0xFF0000FF);
	ck_assert_int_eq(m[2].type, MAP_RANGE);
	ck_assert_double_eq(m[2].from, 5);
	ck_assert(isnan(m[2].to));
	ck_assert_int_eq(m[3].type, MAP_REGEX);
	ck_assert_str_eq(m[3].key, "/^a(.*)$/");
	ck_assert_int_eq(m[4].type, MAP_SPECIAL);
	ck_assert_int_eq(m[4].match, SPECIAL_NULL_NAN);
	ck_assert_int_eq(m[5].match, SPECIAL_OTHER);
	ck_assert_ptr_null(m[5].text);
	/* Angular mappings, converted as Grafana's migration */
	ck_assert_int_eq(m[6].type, MAP_SPECIAL);
	ck_assert_int_eq(m[6].match, SPECIAL_NULL);
	ck_assert_str_eq(m[6].text, "nothing");
	ck_assert_str_eq(m[6].color_name, "");
	ck_assert_int_eq(m[7].type, MAP_VALUE);
	ck_assert_str_eq(m[7].key, "3");
	ck_assert_str_eq(m[7].color_name, "red"); /* "12" is above the 10 step */
	ck_assert_int_eq(m[8].type, MAP_RANGE);
	ck_assert_double_eq(m[8].from, 1);
	ck_assert_double_eq(m[8].to, 2);
	ck_assert_str_eq(m[8].text, "low");
	ck_assert(fc->set & FC_SET_MAPPINGS);
	const struct field_config *o = &d->panels[0].overrides[0].props;
	ck_assert(o->set & FC_SET_MAPPINGS);
	ck_assert(o->set & FC_SET_NO_VALUE);
	ck_assert_uint_eq(o->n_mappings, 1);
	ck_assert_str_eq(o->mappings[0].key, "up");
	ck_assert_str_eq(o->no_value, "-");
	dash_free(d);
}
END_TEST

START_TEST(value_mapping_errors)
{
	const char *msg = load_err("{\"panels\": [{\"type\": \"stat\", \"fieldConfig\": {\"defaults\":"
	                           " {\"mappings\": [{\"type\": \"value\", \"options\": {\"1\":"
	                           " {\"text\": [1]}}}]}}}]}",
	                           CAIRN_EINVAL);
	ck_assert_msg(strstr(msg, "panels[0].fieldConfig.defaults.mappings[0].options.1"), "%s",
	              msg);
	msg = load_err("{\"panels\": [{\"type\": \"stat\", \"fieldConfig\": {\"defaults\":"
	               " {\"mappings\": [3]}}}]}",
	               CAIRN_EINVAL);
	ck_assert_msg(strstr(msg, "mappings[1]") || strstr(msg, "mappings[0]"), "%s", msg);
	GString *big = g_string_new("{\"panels\": [{\"type\": \"stat\", \"fieldConfig\": "
	                            "{\"defaults\": {\"mappings\": [{\"type\": \"value\", "
	                            "\"options\": {");
	for (int i = 0; i <= CAIRN_MAX_MAPPINGS; i++)
		g_string_append_printf(big, "%s\"%d\": {\"text\": \"x\"}", i ? ", " : "", i);
	g_string_append(big, "}}]}}}]}");
	msg = load_err(big->str, CAIRN_ELIMIT);
	ck_assert_msg(strstr(msg, "value mappings"), "%s", msg);
	g_string_free(big, TRUE);
}
END_TEST

START_TEST(single_value_options)
{
	struct cairn_dashboard *d = load_str(
	        "{\"panels\": ["
	        " {\"id\": 1, \"type\": \"stat\", \"options\": {\"reduceOptions\": {\"values\": true,"
	        "   \"calcs\": [\"mean\", \"bogus\", \"max\"], \"fields\": \"/cpu/\", \"limit\": 3},"
	        "  \"orientation\": \"vertical\", \"text\": {\"titleSize\": 10, \"valueSize\": 20},"
	        "  \"colorMode\": \"background\", \"graphMode\": \"none\", \"textMode\": \"name\","
	        "  \"justifyMode\": \"center\", \"wideLayout\": false}},"
	        " {\"id\": 2, \"type\": \"gauge\", \"options\": {\"showThresholdLabels\": true,"
	        "  \"showThresholdMarkers\": false, \"reduceOptions\": {\"calcs\": []}}},"
	        " {\"id\": 3, \"type\": \"bargauge\", \"fieldConfig\": {\"defaults\": {\"color\": "
	        "  {\"mode\": \"continuous-GrYlRd\"}}}, \"options\": {\"displayMode\": \"lcd\","
	        "  \"valueMode\": \"text\", \"namePlacement\": \"left\", \"showUnfilled\": false,"
	        "  \"sizing\": \"manual\", \"minVizHeight\": 10, \"maxVizHeight\": 30}},"
	        " {\"id\": 4, \"type\": \"stat\"},"
	        " {\"id\": 5, \"type\": \"timeseries\", \"options\": {\"orientation\": 3}}]}");
	const struct single_opts *o = &dash_get_panel(d, 1)->single;
	ck_assert(o->reduce.values);
	ck_assert_uint_eq(o->reduce.n_calcs, 2);
	ck_assert_int_eq(o->reduce.calcs[0], RED_MEAN);
	ck_assert_int_eq(o->reduce.calcs[1], RED_MAX);
	ck_assert_str_eq(o->reduce.fields, "/cpu/");
	ck_assert_int_eq(o->reduce.limit, 3);
	ck_assert_int_eq(o->orientation, ORIENT_VERTICAL);
	ck_assert_double_eq(o->title_size, 10);
	ck_assert_double_eq(o->value_size, 20);
	ck_assert_int_eq(o->stat.color_mode, STAT_COLOR_BACKGROUND);
	ck_assert_int_eq(o->stat.graph_mode, STAT_GRAPH_NONE);
	ck_assert_int_eq(o->stat.text_mode, STAT_TEXT_NAME);
	ck_assert_int_eq(o->stat.justify, STAT_JUSTIFY_CENTER);
	ck_assert(!o->stat.wide_layout);
	ck_assert_int_eq(dash_get_panel(d, 1)->defaults.color_mode, COLOR_THRESHOLDS);
	o = &dash_get_panel(d, 2)->single;
	ck_assert(o->gauge.show_threshold_labels);
	ck_assert(!o->gauge.show_threshold_markers);
	ck_assert_uint_eq(o->reduce.n_calcs, 1);
	ck_assert_int_eq(o->reduce.calcs[0], RED_LAST); /* [] is Grafana's "last" */
	const struct cairn_panel *p = dash_get_panel(d, 3);
	o = &p->single;
	ck_assert_int_eq(o->bargauge.mode, BARGAUGE_LCD);
	ck_assert_int_eq(o->bargauge.value_mode, BARGAUGE_VALUE_TEXT);
	ck_assert_int_eq(o->bargauge.name_placement, BARGAUGE_NAME_LEFT);
	ck_assert(!o->bargauge.show_unfilled);
	ck_assert(o->bargauge.sizing_manual);
	ck_assert_double_eq(o->bargauge.min_viz_height, 10);
	ck_assert_double_eq(o->bargauge.max_viz_height, 30);
	ck_assert_double_eq(o->bargauge.min_viz_width, 8);
	ck_assert_int_eq(p->defaults.color_mode, COLOR_CONTINUOUS);
	ck_assert_str_eq(p->defaults.color_scheme, "continuous-GrYlRd");
	/* Grafana's defaults */
	o = &dash_get_panel(d, 4)->single;
	ck_assert(!o->reduce.values);
	ck_assert_uint_eq(o->reduce.n_calcs, 1);
	ck_assert_int_eq(o->reduce.calcs[0], RED_LAST_NN);
	ck_assert_int_eq(o->orientation, ORIENT_AUTO);
	ck_assert_int_eq(o->stat.color_mode, STAT_COLOR_VALUE);
	ck_assert_int_eq(o->stat.graph_mode, STAT_GRAPH_AREA);
	ck_assert_int_eq(o->stat.text_mode, STAT_TEXT_AUTO);
	ck_assert(o->stat.wide_layout);
	ck_assert(o->gauge.show_threshold_markers);
	ck_assert_int_eq(o->bargauge.mode, BARGAUGE_GRADIENT);
	ck_assert_int_eq(dash_get_panel(d, 5)->defaults.color_mode, COLOR_PALETTE_CLASSIC);
	dash_free(d);
	const char *msg = load_err("{\"panels\": [{\"type\": \"gauge\", \"options\": "
	                           "{\"reduceOptions\": {\"values\": \"x\"}}}]}",
	                           CAIRN_EINVAL);
	ck_assert_msg(strstr(msg, "panels[0].options.reduceOptions.values"), "%s", msg);
}
END_TEST

START_TEST(singlestat_migrated)
{
	struct cairn_dashboard *d = load_str(
	        "{\"panels\": ["
	        " {\"id\": 1, \"type\": \"singlestat\", \"valueName\": \"current\", \"format\": \"bytes\","
	        "  \"decimals\": 1, \"nullText\": \"none\", \"thresholds\": \"50, 80\","
	        "  \"colors\": [\"#299c46\", \"rgba(237, 129, 40, 0.89)\", \"#d44a3a\"],"
	        "  \"colorBackground\": true, \"sparkline\": {\"show\": true},"
	        "  \"valueMaps\": [{\"op\": \"=\", \"text\": \"N/A\", \"value\": \"null\"},"
	        "   {\"op\": \"=\", \"text\": \"zero\", \"value\": \"0\"}], \"mappingType\": 1,"
	        "  \"tableColumn\": \"Value\"},"
	        " {\"id\": 2, \"type\": \"singlestat\", \"gauge\": {\"show\": true, \"minValue\": 0,"
	        "  \"maxValue\": 200, \"thresholdLabels\": true, \"thresholdMarkers\": false},"
	        "  \"rangeMaps\": [{\"from\": \"1\", \"to\": \"5\", \"text\": \"few\"}],"
	        "  \"valueName\": \"name\", \"thresholds\": \"\", \"colors\": [\"red\"]}]}");
	const struct cairn_panel *p = dash_get_panel(d, 1);
	ck_assert_str_eq(p->type, "stat");
	ck_assert_str_eq(p->migrated_from, "singlestat");
	const struct single_opts *o = &p->single;
	ck_assert_int_eq(o->reduce.calcs[0], RED_LAST_NN);
	ck_assert_str_eq(o->reduce.fields, "/^Value$/");
	ck_assert_int_eq(o->orientation, ORIENT_HORIZONTAL);
	ck_assert_int_eq(o->stat.color_mode, STAT_COLOR_BACKGROUND);
	ck_assert_int_eq(o->stat.graph_mode, STAT_GRAPH_AREA);
	const struct field_config *fc = &p->defaults;
	ck_assert_str_eq(fc->unit, "bytes");
	ck_assert_int_eq(fc->decimals, 1);
	ck_assert_str_eq(fc->no_value, "none");
	ck_assert_int_eq(fc->color_mode, COLOR_THRESHOLDS);
	ck_assert_uint_eq(fc->thresholds.n, 3);
	ck_assert(isinf(fc->thresholds.steps[0].value));
	ck_assert_double_eq(fc->thresholds.steps[1].value, 50);
	ck_assert_double_eq(fc->thresholds.steps[2].value, 80);
	ck_assert_str_eq(fc->thresholds.steps[2].color_name, "#d44a3a");
	ck_assert_uint_eq(fc->n_mappings, 2);
	ck_assert_int_eq(fc->mappings[0].type, MAP_SPECIAL);
	ck_assert_str_eq(fc->mappings[1].key, "0");
	p = dash_get_panel(d, 2);
	ck_assert_str_eq(p->type, "gauge");
	ck_assert_double_eq(p->defaults.min, 0);
	ck_assert_double_eq(p->defaults.max, 200);
	ck_assert(p->single.gauge.show_threshold_labels);
	ck_assert(!p->single.gauge.show_threshold_markers);
	ck_assert_int_eq(p->single.reduce.calcs[0], RED_MEAN);
	ck_assert_int_eq(p->single.stat.text_mode, STAT_TEXT_NAME);
	ck_assert_uint_eq(p->defaults.thresholds.n, 2); /* "" keeps Grafana's defaults */
	ck_assert_int_eq(p->defaults.mappings[0].type, MAP_RANGE);
	ck_assert_str_eq(p->defaults.mappings[0].text, "few");
	dash_free(d);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/load");
	TCase *tc = tcase_create("corpus");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, corpus_loads, 0, (int)(sizeof corpus / sizeof corpus[0]));
	tcase_add_test(tc, nodes_cpu_usage_panel);
	tcase_add_test(tc, bare_string_override_colour);
	tcase_add_test(tc, node_exporter_rows_flattened);
	tcase_add_test(tc, node_exporter_overrides);
	suite_add_tcase(s, tc);
	tc = tcase_create("model");
	tcase_add_test(tc, grafana_defaults);
	tcase_add_test(tc, inputs_and_target_datasource);
	tcase_add_test(tc, full_field_config);
	tcase_add_test(tc, hidden_legend_and_span_bool);
	tcase_add_test(tc, override_properties);
	tcase_add_test(tc, value_mappings);
	tcase_add_test(tc, value_mapping_errors);
	tcase_add_test(tc, single_value_options);
	tcase_add_test(tc, singlestat_migrated);
	tcase_add_test(tc, table_and_text_options);
	tcase_add_test(tc, legacy_graph_mapping);
	tcase_add_test(tc, variables);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, syntax_error_has_line_and_column);
	tcase_add_test(tc, type_errors_name_the_path);
	tcase_add_test(tc, bad_grid_pos);
	tcase_add_test(tc, caps);
	tcase_add_test(tc, tags);
	tcase_add_test(tc, missing_file_and_null_err);
	tcase_add_test(tc, stdin_dash);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
