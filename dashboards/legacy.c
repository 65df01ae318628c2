/*
 * legacy.c — the Angular "graph" panel read into the time-series model, as
 * Grafana's own migration does (graphPanelChangedHandler): lines/bars/points,
 * fill, stacking, stepped lines, nullPointMode, the legend flags and the
 * first y axis.  A graph panel's fieldConfig, when newer exports carry one,
 * wins over its yaxes.
 */
#include "dashboards/legacy.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/colour.h"
#include "dashboards/fieldconfig.h"

/* Angular graph legend → the time-series legend, as Grafana's migration. */
static int graph_legend(struct loader *L, const json_t *panel, const char *path,
                        struct legend_opts *lo)
{
	json_t *lg;
	char sub[JFIELD_PATH_CAP];
	bool values = false, right = false, table = false;
	static const struct {
		const char *key;
		unsigned calc;
	} flags[] = {{"min", CALC_MIN},
	             {"max", CALC_MAX},
	             {"avg", CALC_MEAN},
	             {"current", CALC_LAST_NN},
	             {"total", CALC_SUM}};

	if (jfield_kind(L, panel, "legend", path, JSON_OBJECT, &lg))
		return CAIRN_EINVAL;
	if (!lg)
		return 0;
	jfield_join(sub, path, "legend");
	if (jfield_bool(L, lg, "show", sub, &lo->show) ||
	    jfield_bool(L, lg, "values", sub, &values) ||
	    jfield_bool(L, lg, "rightSide", sub, &right) ||
	    jfield_bool(L, lg, "alignAsTable", sub, &table))
		return CAIRN_EINVAL;
	lo->placement = right ? LEGEND_RIGHT : LEGEND_BOTTOM;
	lo->mode = table ? LEGEND_TABLE : LEGEND_LIST;
	for (size_t i = 0; i < G_N_ELEMENTS(flags) && values; i++) {
		bool on = false;
		if (jfield_bool(L, lg, flags[i].key, sub, &on))
			return CAIRN_EINVAL;
		lo->calcs |= on ? flags[i].calc : 0;
	}
	return 0;
}

static int graph_yaxis(struct loader *L, const json_t *panel, const char *path,
                       struct field_config *fc)
{
	json_t *axes;
	char apath[JFIELD_PATH_CAP];
	double logb = 1;
	if (jfield_kind(L, panel, "yaxes", path, JSON_ARRAY, &axes))
		return CAIRN_EINVAL;
	if (!axes)
		return 0;
	json_t *y = json_array_get(axes, 0);
	snprintf(apath, sizeof apath, "%s.yaxes[0]", path);
	if (!json_is_object(y))
		return 0;
	struct field_config tmp;
	fieldconfig_init(&tmp);
	if (fieldconfig_parse_scalars(L, y, apath, &tmp) ||
	    jfield_strbuf(L, y, "format", apath, tmp.unit, sizeof tmp.unit) ||
	    jfield_number(L, y, "logBase", apath, &logb, NULL))
		return CAIRN_EINVAL;
	/* fieldConfig (newer exports of graph panels) wins over yaxes */
	if (!(fc->set & FC_SET_UNIT) && jfield_get(y, "format"))
		memcpy(fc->unit, tmp.unit, sizeof fc->unit);
	if (!(fc->set & FC_SET_MIN))
		fc->min = tmp.min;
	if (!(fc->set & FC_SET_MAX))
		fc->max = tmp.max;
	if (!(fc->set & FC_SET_DECIMALS))
		fc->decimals = tmp.decimals;
	if (logb > 1) {
		fc->custom.scale = SCALE_LOG;
		fc->custom.log_base = logb;
	}
	return 0;
}

int legacy_graph(struct loader *L, const json_t *panel, const char *path, struct cairn_panel *p)
{
	struct ts_custom *c = &p->defaults.custom;
	bool lines = true, bars = false, points = false, stack = false, percent = false;
	bool stepped = false;
	double lw = 1, fill = 1, radius = 2;
	char npm[24] = "";

	if (jfield_bool(L, panel, "lines", path, &lines) ||
	    jfield_bool(L, panel, "bars", path, &bars) ||
	    jfield_bool(L, panel, "points", path, &points) ||
	    jfield_bool(L, panel, "stack", path, &stack) ||
	    jfield_bool(L, panel, "percentage", path, &percent) ||
	    jfield_bool(L, panel, "steppedLine", path, &stepped) ||
	    jfield_number(L, panel, "linewidth", path, &lw, NULL) ||
	    jfield_number(L, panel, "fill", path, &fill, NULL) ||
	    jfield_number(L, panel, "pointradius", path, &radius, NULL) ||
	    jfield_strbuf(L, panel, "nullPointMode", path, npm, sizeof npm) ||
	    graph_legend(L, panel, path, &p->legend) || graph_yaxis(L, panel, path, &p->defaults))
		return CAIRN_EINVAL;
	c->draw_style = bars ? DRAW_BARS : lines ? DRAW_LINE : DRAW_POINTS;
	c->line_width = lw;
	c->fill_opacity = lines ? CLAMP(fill, 0, 10) * 10 : 0;
	c->show_points = points ? POINTS_ALWAYS : POINTS_NEVER;
	c->point_size = radius * 2 + 1;
	c->stacking = stack ? (percent ? STACK_PERCENT : STACK_NORMAL) : STACK_NONE;
	c->line_interp = stepped ? INTERP_STEP_AFTER : INTERP_LINEAR;
	c->span_nulls = strcmp(npm, "connected") == 0;
	return 0;
}

/* ---- singlestat -------------------------------------------------------- */

/* JavaScript's Number(text.trim()): NaN unless the whole text is a number
 * ("" is 0). */
static double js_number(const char *t)
{
	char *s = g_strstrip(g_strdup(t));
	double v = 0;
	if (*s) {
		char *end;
		v = g_ascii_strtod(s, &end);
		if (*end)
			v = NAN;
	}
	g_free(s);
	return v;
}

/* thresholds "50,80" and colors [c0, c1, c2] → steps: c0 from -Infinity,
 * then c[i] from level i-1 (one more colour than levels). */
static int singlestat_thresholds(struct loader *L, const json_t *panel, const char *path,
                                 struct field_config *fc)
{
	char levels_text[256] = "";
	json_t *colors;
	if (jfield_strbuf(L, panel, "thresholds", path, levels_text, sizeof levels_text) ||
	    jfield_kind(L, panel, "colors", path, JSON_ARRAY, &colors))
		return CAIRN_EINVAL;
	if (!levels_text[0] || !colors) /* "" is falsy: Grafana keeps its defaults */
		return 0;
	char **levels = g_strsplit(levels_text, ",", -1);
	size_t nl = g_strv_length(levels);
	fc->thresholds.mode = THRESH_ABSOLUTE;
	fc->thresholds.n = 0;
	size_t i;
	json_t *c;
	json_array_foreach(colors, i, c)
	{
		if (fc->thresholds.n == CAIRN_MAX_THRESHOLDS)
			break;
		struct threshold *t = &fc->thresholds.steps[fc->thresholds.n];
		/* levels[idx] past the end is undefined in Grafana: a step that
		 * never applies */
		t->value = i == 0 ? -INFINITY : i - 1 < nl ? js_number(levels[i - 1]) : NAN;
		g_strlcpy(t->color_name, json_is_string(c) ? json_string_value(c) : "",
		          sizeof t->color_name);
		t->color = CAIRN_COLOR_NONE;
		colour_parse(t->color_name, COLOUR_DARK, &t->color);
		fc->thresholds.n++;
	}
	g_strfreev(levels);
	fc->set |= FC_SET_THRESHOLDS;
	return 0;
}

/* valueMaps (mappingType 1) or rangeMaps (2), the type guessed from which
 * list has entries when mappingType is absent. */
static int singlestat_mappings(struct loader *L, const json_t *panel, const char *path,
                               struct field_config *fc)
{
	json_t *vm, *rm;
	int type = 0;
	if (jfield_kind(L, panel, "valueMaps", path, JSON_ARRAY, &vm) ||
	    jfield_kind(L, panel, "rangeMaps", path, JSON_ARRAY, &rm) ||
	    jfield_int(L, panel, "mappingType", path, &type, NULL))
		return CAIRN_EINVAL;
	if (type == 0)
		type = json_array_size(vm) ? 1 : json_array_size(rm) ? 2 : 0;
	json_t *arr = type == 1 ? vm : type == 2 ? rm : NULL;
	const char *key = type == 1 ? "valueMaps" : "rangeMaps";
	size_t i;
	json_t *m;
	json_array_foreach(arr, i, m)
	{
		char mpath[JFIELD_PATH_CAP + 32];
		snprintf(mpath, sizeof mpath, "%s.%s[%zu]", path, key, i);
		if (!json_is_object(m))
			return jfield_type_err(L, mpath, "", "object", m);
		if (fieldconfig_legacy_mapping(L, m, mpath, type, fc))
			return CAIRN_EINVAL;
	}
	if (fc->n_mappings)
		fc->set |= FC_SET_MAPPINGS;
	return 0;
}

static int singlestat_field(struct loader *L, const json_t *panel, const char *path,
                            struct field_config *fc, bool *gauge)
{
	json_t *g;
	bool have_dec = false;
	double dec = 0;
	char nulltext[sizeof fc->no_value] = "";
	if (jfield_strbuf(L, panel, "format", path, fc->unit, sizeof fc->unit) ||
	    jfield_number(L, panel, "decimals", path, &dec, &have_dec) ||
	    jfield_strbuf(L, panel, "nullText", path, nulltext, sizeof nulltext) ||
	    jfield_kind(L, panel, "gauge", path, JSON_OBJECT, &g))
		return CAIRN_EINVAL;
	if (have_dec) {
		fc->decimals = (int)dec;
		fc->set |= FC_SET_DECIMALS;
	}
	if (nulltext[0])
		memcpy(fc->no_value, nulltext, sizeof fc->no_value);
	if (singlestat_thresholds(L, panel, path, fc) || singlestat_mappings(L, panel, path, fc))
		return CAIRN_EINVAL;
	*gauge = false;
	if (g && jfield_bool(L, g, "show", path, gauge))
		return CAIRN_EINVAL;
	if (*gauge) {
		char gpath[JFIELD_PATH_CAP];
		jfield_join(gpath, path, "gauge");
		if (jfield_number(L, g, "minValue", gpath, &fc->min, NULL) ||
		    jfield_number(L, g, "maxValue", gpath, &fc->max, NULL))
			return CAIRN_EINVAL;
	}
	return 0;
}

int legacy_singlestat(struct loader *L, const json_t *panel, const char *path,
                      struct cairn_panel *p)
{
	struct single_opts *o = &p->single;
	char value_name[32] = "", column[200] = "";
	bool gauge = false, bg = false, colval = false, spark = false;
	bool labels = false, markers = true;
	json_t *sp, *g;
	/* Grafana replaces fieldConfig.defaults with what the migration makes */
	fieldconfig_fini(&p->defaults);
	fieldconfig_init(&p->defaults);
	if (jfield_strbuf(L, panel, "valueName", path, value_name, sizeof value_name) ||
	    jfield_strbuf(L, panel, "tableColumn", path, column, sizeof column) ||
	    jfield_bool(L, panel, "colorBackground", path, &bg) ||
	    jfield_bool(L, panel, "colorValue", path, &colval) ||
	    jfield_kind(L, panel, "sparkline", path, JSON_OBJECT, &sp) ||
	    jfield_kind(L, panel, "gauge", path, JSON_OBJECT, &g) ||
	    (sp && jfield_bool(L, sp, "show", path, &spark)) ||
	    (g && (jfield_bool(L, g, "thresholdLabels", path, &labels) ||
	           jfield_bool(L, g, "thresholdMarkers", path, &markers))) ||
	    singlestat_field(L, panel, path, &p->defaults, &gauge))
		return CAIRN_EINVAL;
	enum reducer_id calc = RED_MEAN;
	reduce_lookup(value_name, &calc); /* unknown (and "name"): mean */
	o->reduce.calcs[0] = calc;
	o->reduce.n_calcs = 1;
	if (column[0]) {
		g_free(o->reduce.fields);
		o->reduce.fields = g_strdup_printf("/^%s$/", column);
	}
	o->orientation = ORIENT_HORIZONTAL;
	o->stat.graph_mode = spark ? STAT_GRAPH_AREA : STAT_GRAPH_NONE;
	o->stat.color_mode = bg ? STAT_COLOR_BACKGROUND : colval ? STAT_COLOR_VALUE : STAT_COLOR_NONE;
	if (strcmp(value_name, "name") == 0)
		o->stat.text_mode = STAT_TEXT_NAME;
	o->gauge.show_threshold_labels = labels;
	o->gauge.show_threshold_markers = markers;
	/* the default color mode of stat and gauge is thresholds */
	p->defaults.color_mode = COLOR_THRESHOLDS;
	g_free(p->type);
	p->type = g_strdup(gauge ? "gauge" : "stat");
	p->migrated_from = g_strdup("singlestat");
	return 0;
}
