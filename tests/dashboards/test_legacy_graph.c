/*
 * test_legacy_graph.c — the Angular graph panel migrated as Grafana 10.4's
 * graphPanelChangedHandler does.  The cases are the inputs of Grafana's
 * public/app/plugins/panel/timeseries/migrations.test.ts; the expected
 * values were written here from its __snapshots__/migrations.test.ts.snap
 * and inline snapshots, then a few of cairn's own (types, odd values).
 * JSON is written with ' for " to stay readable.
 */
#include <check.h>
Suite *make_suite(void);
#include <math.h>
#include <string.h>

#include <glib.h>

#include "dashboards/load.h"

static struct cairn_dashboard *load_sq(const char *sq, struct cairn_err *err)
{
	char *json = g_strdup(sq);
	for (char *c = json; *c; c++)
		if (*c == '\'')
			*c = '"';
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "g.json", err);
	g_free(json);
	return d;
}

/* One graph panel {body} loaded; the dashboard is freed by the caller. */
static struct cairn_dashboard *graph(const char *body)
{
	struct cairn_err err = {0};
	char *sq = g_strdup_printf("{'panels':[{'type':'graph',%s}]}", body);
	struct cairn_dashboard *d = load_sq(sq, &err);
	ck_assert_msg(d != NULL, "%s: %s", sq, err.msg);
	g_free(sq);
	return d;
}

static const char *graph_err(const char *body)
{
	static struct cairn_err err;
	cairn_err_clear(&err);
	char *sq = g_strdup_printf("{'panels':[{'type':'graph',%s}]}", body);
	struct cairn_dashboard *d = load_sq(sq, &err);
	ck_assert_msg(d == NULL, "accepted: %s", sq);
	g_free(sq);
	return err.msg;
}

/* The panel options most of Grafana's cases share (its "stairscase",
 * "customColor"): yaxes[0] hidden, fill 5 under fillGradient 6, stepped. */
#define STAIRS_BODY                                                                                \
	"'aliasColors':{},'dashLength':10,'fill':5,'fillGradient':6,"                              \
	"'legend':{'avg':true,'current':true,'max':true,'min':true,'show':true,'total':true,"      \
	"'values':true,'alignAsTable':true},'lines':true,'linewidth':1,'nullPointMode':'null',"    \
	"'pointradius':2,'spaceLength':10,'steppedLine':true,'thresholds':[],"                     \
	"'tooltip':{'shared':true,'sort':0,'value_type':'individual'},"                            \
	"'xaxis':{'mode':'time','show':true,'values':[]},"                                         \
	"'yaxes':[{'format':'short','label':null,'logBase':1,'max':null,'min':null,'show':false}," \
	"{'format':'short','label':null,'logBase':1,'max':null,'min':null,'show':true}],"          \
	"'bars':false,'dashes':false,'percentage':false,'points':false,'stack':false,'decimals':1"

static void assert_stairs_defaults(const struct cairn_panel *p)
{
	const struct ts_custom *c = &p->defaults.custom;
	ck_assert_int_eq(c->axis_placement, AXIS_HIDDEN);
	ck_assert_int_eq(c->draw_style, DRAW_LINE);
	ck_assert_double_eq(c->fill_opacity, 60);
	ck_assert_int_eq(c->gradient, GRADIENT_OPACITY);
	ck_assert_int_eq(c->line_interp, INTERP_STEP_AFTER);
	ck_assert_double_eq(c->line_width, 1);
	ck_assert_int_eq(c->show_points, POINTS_NEVER);
	ck_assert(!c->span_nulls);
	ck_assert_str_eq(p->defaults.unit, "short");
	ck_assert_int_eq(p->defaults.decimals, -1); /* the panel's decimals: not migrated */
	ck_assert_int_eq(p->legend.mode, LEGEND_TABLE);
	ck_assert_int_eq(p->legend.placement, LEGEND_BOTTOM);
	ck_assert(p->legend.show);
	/* calcs in the legend object's key order: avg, current, max, min, total */
	static const unsigned want[] = {CALC_MEAN, CALC_LAST_NN, CALC_MAX, CALC_MIN, CALC_SUM};
	ck_assert_uint_eq(p->legend.n_calc_order, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		ck_assert_uint_eq(p->legend.calc_order[i], want[i]);
}

START_TEST(simple_bars)
{
	struct cairn_dashboard *d = graph("'bars':true");
	const struct cairn_panel *p = &d->panels[0];
	ck_assert_int_eq(p->defaults.custom.draw_style, DRAW_BARS);
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 100);
	ck_assert_int_eq(p->defaults.custom.show_points, POINTS_NEVER);
	ck_assert(!p->defaults.custom.span_nulls);
	ck_assert_uint_eq(p->n_overrides, 0);
	ck_assert_int_eq(p->legend.mode, LEGEND_LIST);
	ck_assert_uint_eq(p->legend.calcs, 0);
	dash_free(d);
}
END_TEST

/* "stairscase": fieldConfig.defaults' unit loses to yaxes[0].format, its
 * displayName stays */
START_TEST(stairscase)
{
	struct cairn_dashboard *d =
	        graph(STAIRS_BODY ",'seriesOverrides':[],'fieldConfig':{"
	                          "'defaults':{'custom':{},'unit':'areaF2',"
	                          "'displayName':'DISPLAY NAME'},'overrides':[]}");
	const struct cairn_panel *p = &d->panels[0];
	assert_stairs_defaults(p);
	ck_assert_str_eq(p->defaults.display_name, "DISPLAY NAME");
	ck_assert_uint_eq(p->n_overrides, 0);
	dash_free(d);
}
END_TEST

/* "twoYAxis": the B-series override carries what yaxes[1] differs in (not
 * its placement: both axes shown) and its own dashes */
START_TEST(two_y_axes)
{
	struct cairn_dashboard *d = graph(
	        "'yaxes':[{'label':'Y111','show':true,'logBase':10,'min':'0','max':'1000',"
	        "'format':'areaMI2','decimals':3},"
	        "{'label':'Y222','show':true,'logBase':1,'min':'-10','max':'25','format':'degree',"
	        "'decimals':2}],"
	        "'lines':true,'fill':1,'linewidth':1,'dashLength':10,'spaceLength':10,'pointradius'"
	        ":2,"
	        "'legend':{'show':true,'values':false,'min':false,'max':false,'current':false,"
	        "'total':false,'avg':false},'nullPointMode':'null','aliasColors':{},"
	        "'seriesOverrides':[{'alias':'B-series','yaxis':2,'dashLength':5,'dashes':true,"
	        "'spaceLength':8}],'thresholds':[],'fillGradient':0,'dashes':true,'points':false,"
	        "'bars':false,'stack':false,'percentage':false,'steppedLine':false");
	const struct cairn_panel *p = &d->panels[0];
	const struct field_config *fc = &p->defaults;
	ck_assert_str_eq(fc->custom.axis_label, "Y111");
	ck_assert_int_eq(fc->custom.axis_placement, AXIS_AUTO);
	ck_assert_int_eq(fc->custom.draw_style, DRAW_LINE);
	ck_assert_double_eq(fc->custom.fill_opacity, 10);
	ck_assert_int_eq(fc->custom.line_fill, LINE_DASH);
	ck_assert_double_eq(fc->custom.line_dash[0], 10);
	ck_assert_double_eq(fc->custom.line_dash[1], 10);
	ck_assert_double_eq(fc->custom.line_width, 1);
	ck_assert_int_eq(fc->custom.scale, SCALE_LOG);
	ck_assert_double_eq(fc->custom.log_base, 10);
	ck_assert_int_eq(fc->custom.show_points, POINTS_NEVER);
	ck_assert_int_eq(fc->custom.gradient, GRADIENT_NONE);
	ck_assert_int_eq(fc->decimals, 3);
	ck_assert_double_eq(fc->max, 1000);
	ck_assert_double_eq(fc->min, 0);
	ck_assert_str_eq(fc->unit, "areaMI2");

	ck_assert_uint_eq(p->n_overrides, 1);
	const struct field_override *o = &p->overrides[0];
	ck_assert_int_eq(o->kind, MATCH_BY_NAME);
	ck_assert_str_eq(o->pattern, "B-series");
	ck_assert_uint_eq(o->props.set, FC_SET_UNIT | FC_SET_DECIMALS | FC_SET_MIN | FC_SET_MAX |
	                                        FC_SET_AXIS_LABEL | FC_SET_LINE_STYLE);
	ck_assert_str_eq(o->props.unit, "degree");
	ck_assert_int_eq(o->props.decimals, 2);
	ck_assert_double_eq(o->props.min, -10);
	ck_assert_double_eq(o->props.max, 25);
	ck_assert_str_eq(o->props.custom.axis_label, "Y222");
	ck_assert_int_eq(o->props.custom.line_fill, LINE_DASH);
	ck_assert_double_eq(o->props.custom.line_dash[0], 5);
	ck_assert_double_eq(o->props.custom.line_dash[1], 8);
	ck_assert_int_eq(p->legend.mode, LEGEND_LIST);
	ck_assert_uint_eq(p->legend.calcs, 0);
	dash_free(d);
}
END_TEST

/* "stepped line": aliasColors {A-series: red} → a fixed colour by name */
START_TEST(alias_colors_stepped)
{
	struct cairn_dashboard *d = graph(
	        "'aliasColors':{'A-series':'red'},'dashLength':10,'fieldConfig':{'defaults':"
	        "{'custom':{}},'overrides':[]},'fill':5,'legend':{'avg':false,'current':false,"
	        "'max':false,'min':false,'show':true,'total':false,'values':false},'lines':true,"
	        "'linewidth':5,'nullPointMode':'null','pointradius':2,'seriesOverrides':[],"
	        "'spaceLength':10,'steppedLine':true,'thresholds':[],"
	        "'yaxes':[{'format':'short','label':null,'logBase':1,'max':null,'min':null,"
	        "'show':true},{'format':'short','label':null,'logBase':10,'max':null,'min':null,"
	        "'show':true}],'bars':false,'dashes':false,'fillGradient':0,'percentage':false,"
	        "'points':false,'stack':false");
	const struct cairn_panel *p = &d->panels[0];
	const struct ts_custom *c = &p->defaults.custom;
	ck_assert_int_eq(c->axis_placement, AXIS_AUTO);
	ck_assert_double_eq(c->fill_opacity, 50);
	ck_assert_int_eq(c->line_interp, INTERP_STEP_AFTER);
	ck_assert_double_eq(c->line_width, 5);
	ck_assert_int_eq(c->scale, SCALE_LINEAR);
	ck_assert_uint_eq(p->n_overrides, 1);
	const struct field_override *o = &p->overrides[0];
	ck_assert_int_eq(o->kind, MATCH_BY_NAME);
	ck_assert_str_eq(o->pattern, "A-series");
	ck_assert_uint_eq(o->props.set, FC_SET_COLOR);
	ck_assert_int_eq(o->props.color_mode, COLOR_FIXED);
	ck_assert_str_eq(o->props.fixed_color_name, "red");
	ck_assert_uint_eq(p->legend.calcs, 0);
	ck_assert_int_eq(p->legend.mode, LEGEND_LIST);
	dash_free(d);
}
END_TEST

/* "preserves colors from series overrides" and "… using a regex alias" */
START_TEST(series_override_colours)
{
	static const char *const aliases[][2] = {{"A-series", "B-series"},
	                                         {"/^A-/", "/.*Status: 2[0-9]+.*/i"}};
	static const char *const colours[] = {"rgba(165, 72, 170, 0.77)",
	                                      "rgba(16, 72, 170, 0.77)"};
	for (int re = 0; re < 2; re++) {
		char *body = g_strdup_printf(
		        STAIRS_BODY ",'seriesOverrides':["
		                    "{'$$hashKey':'object:12','alias':'%s','color':'%s'},"
		                    "{'$$hashKey':'object:13','alias':'%s','color':'%s'}]",
		        aliases[re][0], colours[0], aliases[re][1], colours[1]);
		struct cairn_dashboard *d = graph(body);
		g_free(body);
		const struct cairn_panel *p = &d->panels[0];
		assert_stairs_defaults(p);
		ck_assert_uint_eq(p->n_overrides, 2);
		for (int i = 0; i < 2; i++) {
			const struct field_override *o = &p->overrides[i];
			ck_assert_int_eq(o->kind, (re ? MATCH_BY_REGEXP : MATCH_BY_NAME));
			ck_assert_str_eq(o->pattern, aliases[re][i]);
			ck_assert_uint_eq(o->props.set, FC_SET_COLOR);
			ck_assert_int_eq(o->props.color_mode, COLOR_FIXED);
			ck_assert_str_eq(o->props.fixed_color_name, colours[i]);
			ck_assert_uint_ne(o->props.fixed_color, CAIRN_COLOR_NONE);
		}
		dash_free(d);
	}
}
END_TEST

#define STACK_BODY                                                                                 \
	"'aliasColors':{'A-series':'red'},'fill':5,'legend':{'avg':true,'current':true,"           \
	"'max':false,'min':false,'show':true,'total':true,'values':true,'alignAsTable':true},"     \
	"'lines':true,'linewidth':5,'nullPointMode':'null','steppedLine':true,"                    \
	"'yaxes':[{'format':'short','logBase':1,'show':true},"                                     \
	"{'format':'short','logBase':1,'show':true}],'stack':true"

/* "stacking simple" and "stacking groups": the panel's stack is group A;
 * each override's stack value is its group */
START_TEST(stacking)
{
	struct cairn_dashboard *d = graph(STACK_BODY ",'seriesOverrides':[]");
	const struct cairn_panel *p = &d->panels[0];
	ck_assert_int_eq(p->defaults.custom.stacking, STACK_NORMAL);
	ck_assert_str_eq(p->defaults.custom.stack_group, "A");
	ck_assert_uint_eq(p->n_overrides, 1);
	static const unsigned want[] = {CALC_MEAN, CALC_LAST_NN, CALC_SUM};
	ck_assert_uint_eq(p->legend.n_calc_order, 3);
	for (size_t i = 0; i < 3; i++)
		ck_assert_uint_eq(p->legend.calc_order[i], want[i]);
	dash_free(d);

	d = graph(STACK_BODY ",'seriesOverrides':[{'alias':'A-series','stack':'A'},"
	                     "{'alias':'B-series','stack':'A'},{'alias':'C','stack':false}]");
	p = &d->panels[0];
	ck_assert_uint_eq(p->n_overrides, 4);
	ck_assert_str_eq(p->overrides[0].pattern, "A-series");
	ck_assert_uint_eq(p->overrides[0].props.set, FC_SET_COLOR);
	static const char *const names[] = {"A-series", "B-series", "C"};
	static const char *const groups[] = {"A", "A", "false"};
	for (int i = 0; i < 3; i++) {
		const struct field_override *o = &p->overrides[i + 1];
		ck_assert_str_eq(o->pattern, names[i]);
		ck_assert_uint_eq(o->props.set, FC_SET_STACKING);
		ck_assert_int_eq(o->props.custom.stacking, STACK_NORMAL);
		ck_assert_str_eq(o->props.custom.stack_group, groups[i]);
	}
	dash_free(d);
}
END_TEST

static void assert_steps(const struct thresholds *t, size_t n, const double *v,
                         const char *const *c)
{
	ck_assert_int_eq(t->mode, THRESH_ABSOLUTE);
	ck_assert_uint_eq(t->n, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_double_eq(t->steps[i].value, v[i]);
		ck_assert_str_eq(t->steps[i].color_name, c[i]);
	}
}

/* the thresholds inline snapshots */
START_TEST(thresholds)
{
	struct cairn_dashboard *d =
	        graph("'thresholds':[{'colorMode':'critical','fill':true,'line':false,'op':'gt',"
	              "'value':80,'yaxis':'left'},{'colorMode':'warning','fill':true,'line':false,"
	              "'op':'gt','value':50,'yaxis':'left'}]");
	ck_assert_int_eq(d->panels[0].defaults.custom.thresholds_style, TSTYLE_AREA);
	assert_steps(&d->panels[0].defaults.thresholds, 3, (double[]){-INFINITY, 50, 80},
	             (const char *const[]){"transparent", "orange", "red"});
	ck_assert_uint_eq(d->panels[0].defaults.thresholds.steps[0].color & 0xff, 0);
	dash_free(d);

	d = graph("'thresholds':[{'colorMode':'critical','fill':true,'line':true,'op':'gt',"
	          "'value':80},{'colorMode':'warning','fill':true,'line':true,'op':'lt','value':40}"
	          "]");
	ck_assert_int_eq(d->panels[0].defaults.custom.thresholds_style, TSTYLE_LINE_AREA);
	assert_steps(&d->panels[0].defaults.thresholds, 3, (double[]){-INFINITY, 40, 80},
	             (const char *const[]){"orange", "transparent", "red"});
	dash_free(d);

	d = graph("'thresholds':[{'colorMode':'warning','fill':true,'line':true,'op':'lt',"
	          "'value':40}]");
	ck_assert_int_eq(d->panels[0].defaults.custom.thresholds_style, TSTYLE_LINE_AREA);
	assert_steps(&d->panels[0].defaults.thresholds, 2, (double[]){-INFINITY, 40},
	             (const char *const[]){"orange", "transparent"});
	dash_free(d);

	/* cairn's own: a line-only custom colour (fillColor empty), two lt */
	d = graph("'thresholds':[{'colorMode':'custom','fill':false,'line':true,'op':'gt',"
	          "'value':'90','fillColor':'','lineColor':'#00ff00'},{'op':'lt','value':10},"
	          "{'op':'lt','value':20,'colorMode':'warning'}]");
	ck_assert_int_eq(d->panels[0].defaults.custom.thresholds_style, TSTYLE_LINE);
	assert_steps(&d->panels[0].defaults.thresholds, 4, (double[]){-INFINITY, 10, 20, 90},
	             (const char *const[]){"red", "orange", "transparent", "#00ff00"});
	dash_free(d);
	/* an empty list keeps fieldConfig's (Grafana's default) thresholds */
	d = graph("'thresholds':[]");
	ck_assert_uint_eq(d->panels[0].defaults.thresholds.n, 2);
	ck_assert_int_eq(d->panels[0].defaults.custom.thresholds_style, TSTYLE_OFF);
	dash_free(d);
}
END_TEST

/* "transforms", "null values", "legend with single value", "with sideWidth" */
START_TEST(transforms_nulls_legend)
{
	static const char *const tr[] = {"negative-Y", "constant"};
	for (int i = 0; i < 2; i++) {
		char *body = g_strdup_printf("'seriesOverrides':[{'alias':'out','transform':'%s'}]",
		                             tr[i]);
		struct cairn_dashboard *d = graph(body);
		g_free(body);
		const struct cairn_panel *p = &d->panels[0];
		ck_assert_int_eq(p->defaults.custom.draw_style, DRAW_POINTS);
		ck_assert_uint_eq(p->n_overrides, 1);
		ck_assert_str_eq(p->overrides[0].pattern, "out");
		ck_assert_uint_eq(p->overrides[0].props.set, FC_SET_TRANSFORM);
		ck_assert_int_eq(p->overrides[0].props.custom.transform_negative_y, i == 0);
		dash_free(d);
	}
	struct cairn_dashboard *d = graph("'nullPointMode':'connected'");
	ck_assert(d->panels[0].defaults.custom.span_nulls);
	dash_free(d);
	d = graph("'nullPointMode':'null'");
	ck_assert(!d->panels[0].defaults.custom.span_nulls);
	dash_free(d);
	d = graph("'legend':{'show':true,'values':true,'min':false,'max':false,'current':false,"
	          "'total':true,'avg':false}");
	ck_assert_uint_eq(d->panels[0].legend.calcs, CALC_SUM);
	ck_assert_int_eq(d->panels[0].legend.mode, LEGEND_LIST);
	dash_free(d);
	/* the JSON's key order, not the alphabet's */
	d = graph("'legend':{'show':true,'values':true,'total':true,'min':true,'avg':true}");
	ck_assert_uint_eq(d->panels[0].legend.n_calc_order, 3);
	ck_assert_uint_eq(d->panels[0].legend.calc_order[0], CALC_SUM);
	ck_assert_uint_eq(d->panels[0].legend.calc_order[1], CALC_MIN);
	ck_assert_uint_eq(d->panels[0].legend.calc_order[2], CALC_MEAN);
	dash_free(d);
	d = graph("'legend':{'alignAsTable':true,'rightSide':true,'show':true,'sideWidth':200,"
	          "'total':true,'values':true}");
	ck_assert_double_eq(d->panels[0].legend.width, 200);
	ck_assert_int_eq(d->panels[0].legend.placement, LEGEND_RIGHT);
	ck_assert_int_eq(d->panels[0].legend.mode, LEGEND_TABLE);
	dash_free(d);
}
END_TEST

/* The rest of the migration's property table, and what it ignores. */
START_TEST(override_properties)
{
	struct cairn_dashboard *d = graph(
	        "'fillGradient':4,'lines':true,'dashes':true,'dashLength':3,"
	        "'yaxes':[{'show':true,'format':'bytes'},{'show':false,'format':'bytes',"
	        "'logBase':2,'label':'right'}],'seriesOverrides':["
	        "{'alias':'a','fill':2,'linewidth':3,'lines':false,'points':true,'pointradius':1},"
	        "{'alias':'b','bars':true,'yaxis':2,'spaceLength':7},"
	        "{'alias':'c','legend':false,'hideTooltip':true,'zindex':3,'nullPointMode':'null'},"
	        "{'alias':'','color':'red'},{'alias':'~x~','fillGradient':0,'bars':false}]");
	const struct cairn_panel *p = &d->panels[0];
	ck_assert_int_eq(p->defaults.custom.gradient, GRADIENT_OPACITY);
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 40);
	ck_assert_uint_eq(p->n_overrides, 3); /* c maps nothing, '' is skipped */
	const struct field_config *a = &p->overrides[0].props;
	ck_assert_uint_eq(a->set,
	                  FC_SET_FILL | FC_SET_LINE_WIDTH | FC_SET_SHOW_POINTS | FC_SET_POINT_SIZE);
	ck_assert_double_eq(a->custom.fill_opacity, 20);
	ck_assert_double_eq(a->custom.line_width, 0); /* "lines" after "linewidth" */
	ck_assert_int_eq(a->custom.show_points, POINTS_ALWAYS);
	ck_assert_double_eq(a->custom.point_size, 4);
	const struct field_config *b = &p->overrides[1].props;
	ck_assert_uint_eq(b->set, FC_SET_DRAW_STYLE | FC_SET_FILL | FC_SET_AXIS_PLACEMENT |
	                                  FC_SET_AXIS_LABEL | FC_SET_SCALE | FC_SET_LINE_STYLE);
	ck_assert_int_eq(b->custom.draw_style, DRAW_BARS);
	ck_assert_double_eq(b->custom.fill_opacity, 100);
	ck_assert_int_eq(b->custom.axis_placement, AXIS_HIDDEN);
	ck_assert_str_eq(b->custom.axis_label, "right");
	ck_assert_double_eq(b->custom.log_base, 2);
	ck_assert_int_eq(b->custom.line_fill, LINE_DASH); /* the panel's dashes, then 7 */
	ck_assert_double_eq(b->custom.line_dash[0], 3);
	ck_assert_double_eq(b->custom.line_dash[1], 7);
	ck_assert_int_eq(p->overrides[2].kind, MATCH_BY_REGEXP); /* ~x~ is a regex literal */
	ck_assert_uint_eq(p->overrides[2].props.set, FC_SET_DRAW_STYLE);
	ck_assert_int_eq(p->overrides[2].props.custom.draw_style, DRAW_LINE);
	dash_free(d);

	/* a graph with no yaxes keeps fieldConfig's custom; a legend object
	 * without show hides the legend; fillBelowTo makes the panel's fill 35 */
	d = graph("'fieldConfig':{'defaults':{'custom':{'lineInterpolation':'smooth'},"
	          "'unit':'s'}},'fill':1,'legend':{},'seriesOverrides':[{'alias':'x',"
	          "'fillBelowTo':'y'}]");
	p = &d->panels[0];
	ck_assert_int_eq(p->defaults.custom.line_interp, INTERP_SMOOTH);
	ck_assert_str_eq(p->defaults.unit, "s");
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 35);
	ck_assert(!p->legend.show);
	dash_free(d);
}
END_TEST

/* Odd values read as Grafana reads them; wrong types name their path. */
START_TEST(types)
{
	struct cairn_dashboard *d = graph("'fill':'3','yaxes':[{'show':1,'min':'','max':'abc','"
	                                  "decimals':'1','logBase':'10'}]");
	const struct cairn_panel *p = &d->panels[0];
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 0); /* isNumber("3") is false */
	ck_assert_double_eq(p->defaults.min, 0);                 /* Number("") */
	ck_assert(isnan(p->defaults.max));                       /* NaN: not set */
	ck_assert_int_eq(p->defaults.decimals, 1);
	ck_assert_int_eq(p->defaults.custom.scale, SCALE_LINEAR); /* "10" !== 10 */
	ck_assert_int_eq(p->defaults.custom.axis_placement, AXIS_AUTO);
	dash_free(d);

	ck_assert_str_eq(graph_err("'seriesOverrides':[{'alias':'a','color':1}]"),
	                 "g.json: panels[0].seriesOverrides[0].color: expected string, got number");
	ck_assert_str_eq(graph_err("'seriesOverrides':[{'alias':3}]"),
	                 "g.json: panels[0].seriesOverrides[0].alias: expected string, got number");
	ck_assert_str_eq(graph_err("'seriesOverrides':[{'alias':'a','fill':[]}]"),
	                 "g.json: panels[0].seriesOverrides[0].fill: expected number, got array");
	ck_assert_str_eq(graph_err("'seriesOverrides':{}"),
	                 "g.json: panels[0].seriesOverrides: expected array, got object");
	ck_assert_str_eq(graph_err("'aliasColors':{'a':true}"),
	                 "g.json: panels[0].aliasColors.a: expected string, got boolean");
	ck_assert_str_eq(graph_err("'yaxes':[{},{'min':true}]"),
	                 "g.json: panels[0].yaxes[1].min: expected number, got boolean");
	ck_assert_str_eq(graph_err("'thresholds':[{'op':'gt','value':{}}]"),
	                 "g.json: panels[0].thresholds[0].value: expected number, got object");
	ck_assert_ptr_nonnull(strstr(graph_err("'thresholds':[1]"), "panels[0].thresholds[0]"));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("legacy_graph");
	TCase *tc = tcase_create("grafana");
	tcase_add_test(tc, simple_bars);
	tcase_add_test(tc, stairscase);
	tcase_add_test(tc, two_y_axes);
	tcase_add_test(tc, alias_colors_stepped);
	tcase_add_test(tc, series_override_colours);
	tcase_add_test(tc, stacking);
	tcase_add_test(tc, thresholds);
	tcase_add_test(tc, transforms_nulls_legend);
	suite_add_tcase(s, tc);
	tc = tcase_create("cairn");
	tcase_add_test(tc, override_properties);
	tcase_add_test(tc, types);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
