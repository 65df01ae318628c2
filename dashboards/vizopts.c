/*
 * vizopts.c — options of the stat, gauge and bar gauge panels (vizopts.h).
 * Lenient as the rest of the loader: unknown option names and enum values
 * keep Grafana's default; a wrong JSON type is an error with its path.
 */
#include "dashboards/vizopts.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

void vizopts_init(struct single_opts *o)
{
	memset(o, 0, sizeof *o);
	o->reduce.calcs[0] = RED_LAST_NN;
	o->reduce.n_calcs = 1;
	o->stat.wide_layout = true;
	o->gauge.show_threshold_markers = true;
	o->gauge.min_viz_width = o->gauge.min_viz_height = 75;
	o->bargauge.show_unfilled = true;
	o->bargauge.min_viz_width = 8;
	o->bargauge.min_viz_height = 16;
	o->bargauge.max_viz_height = 300;
}

bool vizopts_applies(const char *type)
{
	return type && (strcmp(type, "stat") == 0 || strcmp(type, "gauge") == 0 ||
	                strcmp(type, "bargauge") == 0);
}

void vizopts_fini(struct single_opts *o)
{
	g_free(o->reduce.fields);
	o->reduce.fields = NULL;
}

static int parse_reduce(struct loader *L, const json_t *r, const char *path,
                        struct reduce_opts *out)
{
	json_t *calcs;
	if (jfield_bool(L, r, "values", path, &out->values) ||
	    jfield_string(L, r, "fields", path, &out->fields) ||
	    jfield_int(L, r, "limit", path, &out->limit, NULL) ||
	    jfield_kind(L, r, "calcs", path, JSON_ARRAY, &calcs))
		return CAIRN_EINVAL;
	if (out->limit < 0)
		out->limit = 0;
	if (!calcs)
		return 0;
	/* Grafana reduces with "last" when the list is empty; unknown ids
	 * are dropped by its registry */
	out->n_calcs = 0;
	size_t i;
	json_t *c;
	json_array_foreach(calcs, i, c)
	{
		enum reducer_id id;
		if (json_is_string(c) && reduce_lookup(json_string_value(c), &id) == 0 &&
		    out->n_calcs < CAIRN_MAX_REDUCE_CALCS)
			out->calcs[out->n_calcs++] = id;
	}
	if (out->n_calcs == 0) {
		out->calcs[0] = RED_LAST;
		out->n_calcs = 1;
	}
	return 0;
}

static const struct jfield_name orientations[] = {{"auto", ORIENT_AUTO},
                                                  {"horizontal", ORIENT_HORIZONTAL},
                                                  {"vertical", ORIENT_VERTICAL},
                                                  {NULL, 0}};
static const struct jfield_name stat_colors[] = {{"value", STAT_COLOR_VALUE},
                                                 {"background", STAT_COLOR_BACKGROUND},
                                                 {"background_solid",
                                                  STAT_COLOR_BACKGROUND_SOLID},
                                                 {"none", STAT_COLOR_NONE},
                                                 {NULL, 0}};
static const struct jfield_name stat_graphs[] = {
        {"area", STAT_GRAPH_AREA}, {"line", STAT_GRAPH_AREA}, {"none", STAT_GRAPH_NONE}, {NULL, 0}};
static const struct jfield_name stat_texts[] = {{"auto", STAT_TEXT_AUTO},
                                                {"value", STAT_TEXT_VALUE},
                                                {"value_and_name", STAT_TEXT_VALUE_AND_NAME},
                                                {"name", STAT_TEXT_NAME},
                                                {"none", STAT_TEXT_NONE},
                                                {NULL, 0}};
static const struct jfield_name justifies[] = {
        {"auto", STAT_JUSTIFY_AUTO}, {"center", STAT_JUSTIFY_CENTER}, {NULL, 0}};
static const struct jfield_name bar_modes[] = {
        {"gradient", BARGAUGE_GRADIENT}, {"basic", BARGAUGE_BASIC}, {"lcd", BARGAUGE_LCD}, {NULL, 0}};
static const struct jfield_name bar_values[] = {{"color", BARGAUGE_VALUE_COLOR},
                                                {"text", BARGAUGE_VALUE_TEXT},
                                                {"hidden", BARGAUGE_VALUE_HIDDEN},
                                                {NULL, 0}};
static const struct jfield_name bar_names[] = {{"auto", BARGAUGE_NAME_AUTO},
                                               {"top", BARGAUGE_NAME_TOP},
                                               {"left", BARGAUGE_NAME_LEFT},
                                               {"hidden", BARGAUGE_NAME_HIDDEN},
                                               {NULL, 0}};

static int parse_stat(struct loader *L, const json_t *o, const char *path, struct stat_opts *s)
{
	int cm = s->color_mode, gm = s->graph_mode, tm = s->text_mode, jm = s->justify;
	if (jfield_enum(L, o, "colorMode", path, stat_colors, &cm, NULL) ||
	    jfield_enum(L, o, "graphMode", path, stat_graphs, &gm, NULL) ||
	    jfield_enum(L, o, "textMode", path, stat_texts, &tm, NULL) ||
	    jfield_enum(L, o, "justifyMode", path, justifies, &jm, NULL) ||
	    jfield_bool(L, o, "wideLayout", path, &s->wide_layout) ||
	    jfield_bool(L, o, "showPercentChange", path, &s->show_percent_change))
		return CAIRN_EINVAL;
	s->color_mode = (enum stat_color_mode)cm;
	s->graph_mode = (enum stat_graph_mode)gm;
	s->text_mode = (enum stat_text_mode)tm;
	s->justify = (enum stat_justify)jm;
	return 0;
}

static int parse_sizing(struct loader *L, const json_t *o, const char *path, bool *manual)
{
	char sizing[16] = "";
	if (jfield_strbuf(L, o, "sizing", path, sizing, sizeof sizing))
		return CAIRN_EINVAL;
	*manual = strcmp(sizing, "manual") == 0;
	return 0;
}

static int parse_gauge(struct loader *L, const json_t *o, const char *path, struct gauge_opts *g)
{
	if (jfield_bool(L, o, "showThresholdLabels", path, &g->show_threshold_labels) ||
	    jfield_bool(L, o, "showThresholdMarkers", path, &g->show_threshold_markers) ||
	    jfield_number(L, o, "minVizWidth", path, &g->min_viz_width, NULL) ||
	    jfield_number(L, o, "minVizHeight", path, &g->min_viz_height, NULL) ||
	    parse_sizing(L, o, path, &g->sizing_manual))
		return CAIRN_EINVAL;
	return 0;
}

static int parse_bargauge(struct loader *L, const json_t *o, const char *path,
                          struct bargauge_opts *b)
{
	int m = b->mode, vm = b->value_mode, np = b->name_placement;
	if (jfield_enum(L, o, "displayMode", path, bar_modes, &m, NULL) ||
	    jfield_enum(L, o, "valueMode", path, bar_values, &vm, NULL) ||
	    jfield_enum(L, o, "namePlacement", path, bar_names, &np, NULL) ||
	    jfield_bool(L, o, "showUnfilled", path, &b->show_unfilled) ||
	    jfield_number(L, o, "minVizWidth", path, &b->min_viz_width, NULL) ||
	    jfield_number(L, o, "minVizHeight", path, &b->min_viz_height, NULL) ||
	    jfield_number(L, o, "maxVizHeight", path, &b->max_viz_height, NULL) ||
	    parse_sizing(L, o, path, &b->sizing_manual))
		return CAIRN_EINVAL;
	b->mode = (enum bargauge_mode)m;
	b->value_mode = (enum bargauge_value_mode)vm;
	b->name_placement = (enum bargauge_name_place)np;
	return 0;
}

int vizopts_parse(struct loader *L, const json_t *o, const char *path, struct single_opts *out)
{
	json_t *r, *t;
	char sub[JFIELD_PATH_CAP];
	int orient = out->orientation;
	if (jfield_kind(L, o, "reduceOptions", path, JSON_OBJECT, &r) ||
	    jfield_kind(L, o, "text", path, JSON_OBJECT, &t) ||
	    jfield_enum(L, o, "orientation", path, orientations, &orient, NULL))
		return CAIRN_EINVAL;
	out->orientation = (enum viz_orientation)orient;
	jfield_join(sub, path, "reduceOptions");
	if (r && parse_reduce(L, r, sub, &out->reduce))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "text");
	if (t && (jfield_number(L, t, "titleSize", sub, &out->title_size, NULL) ||
	          jfield_number(L, t, "valueSize", sub, &out->value_size, NULL)))
		return CAIRN_EINVAL;
	if (out->title_size < 0)
		out->title_size = 0;
	if (out->value_size < 0)
		out->value_size = 0;
	return parse_stat(L, o, path, &out->stat) || parse_gauge(L, o, path, &out->gauge) ||
	                       parse_bargauge(L, o, path, &out->bargauge)
	               ? CAIRN_EINVAL
	               : 0;
}
