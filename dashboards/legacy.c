/*
 * legacy.c — the Angular "singlestat" panel migrated to stat (or gauge), as
 * Grafana's own migration does.  The "graph" panel's migration lives in
 * legacy_graph.c.
 */
#include "dashboards/legacy.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/colour.h"
#include "dashboards/fieldconfig.h"

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
