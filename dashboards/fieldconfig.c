/*
 * fieldconfig.c — a panel's fieldConfig: the defaults (unit, decimals,
 * min/max, colour, thresholds and the time-series "custom" options) and the
 * overrides, whose properties are read by the same parsers with the same
 * JSON paths.  Grafana's defaults for a field are set here, in one place.
 * Does not own the legacy graph panel's options (legacy.c) or colour
 * parsing (base/colour.c).
 */
#include "dashboards/fieldconfig.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/colour.h"
#include "dashboards/tableload.h"

/* The stored colour is the dark shade; render/ re-resolves the name per
 * theme, so "green" is lighter in the light theme as in Grafana. */
static uint32_t stored_colour(const char *text)
{
	uint32_t c = CAIRN_COLOR_NONE;
	colour_parse(text, COLOUR_DARK, &c);
	return c;
}

void fieldconfig_init(struct field_config *fc)
{
	memset(fc, 0, sizeof *fc);
	fc->decimals = -1;
	fc->min = NAN;
	fc->max = NAN;
	fc->color_mode = COLOR_PALETTE_CLASSIC;
	fc->thresholds.mode = THRESH_ABSOLUTE;
	fc->thresholds.n = 2;
	fc->thresholds.steps[0] = (struct threshold){-INFINITY, 0x73BF69FF, "green"};
	fc->thresholds.steps[1] = (struct threshold){80, 0xF2495CFF, "red"};
	struct ts_custom *c = &fc->custom;
	c->line_width = 1;
	c->point_size = 5;
	c->log_base = 2;
	c->axis_soft_min = NAN;
	c->axis_soft_max = NAN;
	c->bar_width_factor = 0.6;
	g_strlcpy(c->stack_group, "A", sizeof c->stack_group);
	c->line_dash[0] = c->line_dash[1] = 10; /* Grafana's default dash */
}

static const struct jfield_name thresh_modes[] = {
        {"absolute", THRESH_ABSOLUTE}, {"percentage", THRESH_PERCENTAGE}, {NULL, 0}};

static int parse_thresholds(struct loader *L, const json_t *t, const char *path,
                            struct thresholds *out)
{
	json_t *steps;
	int mode = out->mode;
	if (jfield_enum(L, t, "mode", path, thresh_modes, &mode, NULL) ||
	    jfield_kind(L, t, "steps", path, JSON_ARRAY, &steps))
		return CAIRN_EINVAL;
	out->mode = (enum threshold_mode)mode;
	if (!steps)
		return 0;
	char spath[JFIELD_PATH_CAP];
	jfield_join(spath, path, "steps");
	if (json_array_size(steps) > CAIRN_MAX_THRESHOLDS)
		return jfield_limit_err(L, spath, "thresholds", json_array_size(steps),
		                        CAIRN_MAX_THRESHOLDS);
	out->n = 0;
	size_t i;
	json_t *s;
	json_array_foreach(steps, i, s)
	{
		char ipath[JFIELD_PATH_CAP + 16];
		snprintf(ipath, sizeof ipath, "%s[%zu]", spath, i);
		if (!json_is_object(s))
			return jfield_type_err(L, ipath, "", "object", s) ? CAIRN_EINVAL : 0;
		struct threshold *th = &out->steps[out->n++];
		bool have = false;
		th->value = -INFINITY;
		th->color_name[0] = '\0';
		if (jfield_number(L, s, "value", ipath, &th->value, &have) ||
		    jfield_strbuf(L, s, "color", ipath, th->color_name, sizeof th->color_name))
			return CAIRN_EINVAL;
		if (!have)
			th->value = -INFINITY;
		th->color = stored_colour(th->color_name);
	}
	return 0;
}

static const struct jfield_name draw_styles[] = {
        {"line", DRAW_LINE}, {"bars", DRAW_BARS}, {"points", DRAW_POINTS}, {NULL, 0}};
static const struct jfield_name interps[] = {{"linear", INTERP_LINEAR},
                                             {"smooth", INTERP_SMOOTH},
                                             {"stepBefore", INTERP_STEP_BEFORE},
                                             {"stepAfter", INTERP_STEP_AFTER},
                                             {NULL, 0}};
static const struct jfield_name point_modes[] = {
        {"auto", POINTS_AUTO}, {"never", POINTS_NEVER}, {"always", POINTS_ALWAYS}, {NULL, 0}};
static const struct jfield_name stack_modes[] = {
        {"none", STACK_NONE}, {"normal", STACK_NORMAL}, {"percent", STACK_PERCENT}, {NULL, 0}};
static const struct jfield_name tstyles[] = {{"off", TSTYLE_OFF},
                                             {"line", TSTYLE_LINE},
                                             {"area", TSTYLE_AREA},
                                             {"line+area", TSTYLE_LINE_AREA},
                                             {"dashed", TSTYLE_DASHED},
                                             {"dashed+area", TSTYLE_DASHED_AREA},
                                             {NULL, 0}};
static const struct jfield_name gradients[] = {{"none", GRADIENT_NONE},
                                               {"opacity", GRADIENT_OPACITY},
                                               {"hue", GRADIENT_HUE},
                                               {"scheme", GRADIENT_SCHEME},
                                               {NULL, 0}};
static const struct jfield_name placements[] = {{"auto", AXIS_AUTO},
                                                {"left", AXIS_LEFT},
                                                {"right", AXIS_RIGHT},
                                                {"hidden", AXIS_HIDDEN},
                                                {NULL, 0}};
static const struct jfield_name scale_types[] = {
        {"linear", SCALE_LINEAR}, {"log", SCALE_LOG}, {NULL, 0}};
static const struct jfield_name color_modes[] = {{"palette-classic", COLOR_PALETTE_CLASSIC},
                                                 {"fixed", COLOR_FIXED},
                                                 {"thresholds", COLOR_THRESHOLDS},
                                                 {"shades", COLOR_SHADES},
                                                 {"palette-classic-by-name", COLOR_PALETTE_CLASSIC},
                                                 {NULL, 0}};

int fieldconfig_stack_group(struct loader *L, const json_t *v, const char *path,
                            const char *key, char *out, size_t cap)
{
	if (json_is_string(v))
		g_strlcpy(out, json_string_value(v), cap);
	else if (json_is_boolean(v))
		g_strlcpy(out, json_is_true(v) ? "true" : "false", cap);
	else if (json_is_number(v))
		g_snprintf(out, cap, "%g", json_number_value(v));
	else if (v && !json_is_null(v))
		return jfield_type_err(L, path, key, "string", v);
	return 0;
}

/* custom.stacking: {mode, group} */
static int parse_stacking(struct loader *L, const json_t *v, const char *path,
                          struct field_config *fc)
{
	int m = fc->custom.stacking;
	bool have;
	if (!json_is_object(v))
		return jfield_type_err(L, path, "", "object", v);
	if (jfield_enum(L, v, "mode", path, stack_modes, &m, &have) ||
	    fieldconfig_stack_group(L, jfield_get(v, "group"), path, "group",
	                            fc->custom.stack_group, sizeof fc->custom.stack_group))
		return CAIRN_EINVAL;
	fc->custom.stacking = (enum stack_mode)m;
	fc->set |= FC_SET_STACKING;
	return 0;
}

static int parse_hide_from(struct loader *L, const json_t *v, const char *path,
                           struct field_config *fc)
{
	if (!json_is_object(v))
		return jfield_type_err(L, path, "", "object", v);
	if (jfield_bool(L, v, "legend", path, &fc->custom.hide_in_legend) ||
	    jfield_bool(L, v, "viz", path, &fc->custom.hide_in_viz))
		return CAIRN_EINVAL;
	fc->set |= FC_SET_HIDE;
	return 0;
}

/* spanNulls: true/false, or a threshold in ms */
static int parse_span_nulls(struct loader *L, const json_t *c, const char *path,
                            struct ts_custom *t)
{
	json_t *v = jfield_get(c, "spanNulls");
	if (!v)
		return 0;
	if (json_is_boolean(v)) {
		t->span_nulls = json_is_true(v);
	} else if (json_is_number(v)) {
		t->span_nulls = true;
		t->span_nulls_ms = json_number_value(v);
	} else {
		return jfield_type_err(L, path, "spanNulls", "boolean or number", v);
	}
	return 0;
}

/* insertNulls: false, or a threshold in ms (true is not a value Grafana writes) */
static int parse_insert_nulls(struct loader *L, const json_t *c, const char *path,
                              struct ts_custom *t)
{
	json_t *v = jfield_get(c, "insertNulls");
	if (!v)
		return 0;
	if (json_is_boolean(v))
		t->insert_nulls_ms = json_is_true(v) ? 0 : -1;
	else if (json_is_number(v) && json_number_value(v) > 0)
		t->insert_nulls_ms = json_number_value(v);
	else
		return jfield_type_err(L, path, "insertNulls", "false or a positive number", v);
	return 0;
}

static int parse_custom_enums(struct loader *L, const json_t *c, const char *path,
                              struct field_config *fc)
{
	struct ts_custom *t = &fc->custom;
	int ds = t->draw_style, li = t->line_interp, sp = t->show_points, gm = t->gradient;
	int ap = t->axis_placement;
	bool h_ds, h_li, h_sp, h_ap, h_gm;
	if (jfield_enum(L, c, "drawStyle", path, draw_styles, &ds, &h_ds) ||
	    jfield_enum(L, c, "lineInterpolation", path, interps, &li, &h_li) ||
	    jfield_enum(L, c, "showPoints", path, point_modes, &sp, &h_sp) ||
	    jfield_enum(L, c, "gradientMode", path, gradients, &gm, &h_gm) ||
	    jfield_enum(L, c, "axisPlacement", path, placements, &ap, &h_ap))
		return CAIRN_EINVAL;
	t->draw_style = (enum draw_style)ds;
	t->line_interp = (enum line_interp)li;
	t->show_points = (enum show_points)sp;
	t->gradient = (enum gradient_mode)gm;
	t->axis_placement = (enum axis_placement)ap;
	fc->set |= (h_ds ? FC_SET_DRAW_STYLE : 0) | (h_li ? FC_SET_LINE_INTERP : 0) |
	           (h_sp ? FC_SET_SHOW_POINTS : 0) | (h_ap ? FC_SET_AXIS_PLACEMENT : 0) |
	           (h_gm ? FC_SET_GRADIENT : 0);
	return 0;
}

static const struct jfield_name line_fills[] = {
        {"solid", LINE_SOLID}, {"dash", LINE_DASH}, {"dot", LINE_DOT}, {NULL, 0}};

/* custom.lineStyle: {fill: "solid"|"dash"|"dot", dash: [on, off]} */
static int parse_line_style(struct loader *L, const json_t *o, const char *path,
                            struct field_config *fc)
{
	struct ts_custom *t = &fc->custom;
	int fill = t->line_fill;
	json_t *dash;
	if (jfield_enum(L, o, "fill", path, line_fills, &fill, NULL) ||
	    jfield_kind(L, o, "dash", path, JSON_ARRAY, &dash))
		return CAIRN_EINVAL;
	t->line_fill = (enum line_fill)fill;
	for (size_t i = 0; dash && i < 2 && i < json_array_size(dash); i++)
		if (json_is_number(json_array_get(dash, i)))
			t->line_dash[i] = json_number_value(json_array_get(dash, i));
	fc->set |= FC_SET_LINE_STYLE;
	return 0;
}

static int parse_custom_objects(struct loader *L, const json_t *c, const char *path,
                                struct field_config *fc)
{
	struct ts_custom *t = &fc->custom;
	json_t *o;
	char sub[JFIELD_PATH_CAP];
	int ts = t->thresholds_style, sc = t->scale;

	if (jfield_kind(L, c, "stacking", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "stacking");
	if (o && parse_stacking(L, o, sub, fc))
		return CAIRN_EINVAL;
	if (jfield_kind(L, c, "hideFrom", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "hideFrom");
	if (o && parse_hide_from(L, o, sub, fc))
		return CAIRN_EINVAL;
	if (jfield_kind(L, c, "lineStyle", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "lineStyle");
	if (o && parse_line_style(L, o, sub, fc))
		return CAIRN_EINVAL;
	if (jfield_kind(L, c, "thresholdsStyle", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "thresholdsStyle");
	if (o && jfield_enum(L, o, "mode", sub, tstyles, &ts, NULL))
		return CAIRN_EINVAL;
	if (jfield_kind(L, c, "scaleDistribution", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "scaleDistribution");
	if (o && (jfield_enum(L, o, "type", sub, scale_types, &sc, NULL) ||
	          jfield_number(L, o, "log", sub, &t->log_base, NULL)))
		return CAIRN_EINVAL;
	if (o)
		fc->set |= FC_SET_SCALE;
	t->thresholds_style = (enum threshold_style)ts;
	t->scale = (enum scale_type)sc;
	return 0;
}

static int parse_custom(struct loader *L, const json_t *c, const char *path,
                        struct field_config *fc)
{
	struct ts_custom *t = &fc->custom;
	bool h_lw, h_fill, h_ps;
	char transform[32] = "", axis_color[16] = "";

	if (parse_custom_enums(L, c, path, fc) || parse_custom_objects(L, c, path, fc) ||
	    tableload_custom(L, c, path, fc) ||
	    parse_span_nulls(L, c, path, t) || parse_insert_nulls(L, c, path, t) ||
	    jfield_number(L, c, "lineWidth", path, &t->line_width, &h_lw) ||
	    jfield_number(L, c, "fillOpacity", path, &t->fill_opacity, &h_fill) ||
	    jfield_number(L, c, "pointSize", path, &t->point_size, &h_ps) ||
	    jfield_number(L, c, "axisSoftMin", path, &t->axis_soft_min, NULL) ||
	    jfield_number(L, c, "axisSoftMax", path, &t->axis_soft_max, NULL) ||
	    jfield_bool(L, c, "axisCenteredZero", path, &t->axis_centered_zero) ||
	    jfield_string(L, c, "axisLabel", path, &t->axis_label) ||
	    jfield_number(L, c, "barWidthFactor", path, &t->bar_width_factor, NULL) ||
	    jfield_strbuf(L, c, "transform", path, transform, sizeof transform) ||
	    jfield_strbuf(L, c, "axisColorMode", path, axis_color, sizeof axis_color))
		return CAIRN_EINVAL;
	if (jfield_get(c, "axisLabel"))
		fc->set |= FC_SET_AXIS_LABEL;
	if (jfield_get(c, "axisColorMode")) {
		t->axis_color_series = strcmp(axis_color, "series") == 0;
		fc->set |= FC_SET_AXIS_COLOR;
	}
	if (jfield_get(c, "transform")) {
		t->transform_negative_y = strcmp(transform, "negative-Y") == 0;
		fc->set |= FC_SET_TRANSFORM;
	}
	fc->set |= (h_lw ? FC_SET_LINE_WIDTH : 0) | (h_fill ? FC_SET_FILL : 0) |
	           (h_ps ? FC_SET_POINT_SIZE : 0);
	return 0;
}

static const struct jfield_name series_bys[] = {{"last", SERIES_BY_LAST},
                                                {"lastNotNull", SERIES_BY_LAST_NOT_NULL},
                                                {"min", SERIES_BY_MIN},
                                                {"max", SERIES_BY_MAX},
                                                {NULL, 0}};

static int parse_color(struct loader *L, const json_t *c, const char *path, struct field_config *fc)
{
	int mode = COLOR_OTHER;
	char modename[48] = "", by[24] = "";
	if (jfield_strbuf(L, c, "mode", path, modename, sizeof modename) ||
	    jfield_strbuf(L, c, "seriesBy", path, by, sizeof by) ||
	    jfield_strbuf(L, c, "fixedColor", path, fc->fixed_color_name,
	                  sizeof fc->fixed_color_name))
		return CAIRN_EINVAL;
	for (const struct jfield_name *m = color_modes; m->name; m++)
		if (strcmp(m->name, modename) == 0)
			mode = m->val;
	if (g_str_has_prefix(modename, "continuous-"))
		mode = COLOR_CONTINUOUS;
	g_strlcpy(fc->color_scheme, modename, sizeof fc->color_scheme);
	fc->color_mode = (enum color_mode)mode;
	/* an unknown reducer keeps Grafana's default, last */
	fc->series_by = SERIES_BY_LAST;
	for (const struct jfield_name *m = series_bys; m->name; m++)
		if (strcmp(m->name, by) == 0)
			fc->series_by = (enum series_by)m->val;
	fc->fixed_color = stored_colour(fc->fixed_color_name);
	fc->set |= FC_SET_COLOR;
	return 0;
}

/* ---- value mappings ---------------------------------------------------- */

static const struct jfield_name specials[] = {{"null", SPECIAL_NULL},
                                              {"nan", SPECIAL_NAN},
                                              {"null+nan", SPECIAL_NULL_NAN},
                                              {"true", SPECIAL_TRUE},
                                              {"false", SPECIAL_FALSE},
                                              {"empty", SPECIAL_EMPTY},
                                              {NULL, 0}};

/* Room for one more mapping in fc (grown by doubling, capped). */
static struct value_mapping *mapping_add(struct loader *L, const char *path,
                                         struct field_config *fc)
{
	if (fc->n_mappings >= CAIRN_MAX_MAPPINGS) {
		jfield_limit_err(L, path, "value mappings", fc->n_mappings + 1, CAIRN_MAX_MAPPINGS);
		return NULL;
	}
	size_t n = fc->n_mappings;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) /* room for 4, 8, 16, … */
		fc->mappings = g_renew(struct value_mapping, fc->mappings, n ? 2 * n : 4);
	struct value_mapping *m = &fc->mappings[fc->n_mappings++];
	*m = (struct value_mapping){.from = NAN, .to = NAN, .index = -1,
	                            .match = SPECIAL_OTHER};
	return m;
}

/* JavaScript's String(x) for the numbers mapping keys are written with:
 * the shortest form that reads back as x ("1", "0.5", "1e+21" aside). */
static char *js_number_text(double x)
{
	for (int prec = 1; prec <= 17; prec++) {
		char *t = g_strdup_printf("%.*g", prec, x);
		if (g_ascii_strtod(t, NULL) == x)
			return t;
		g_free(t);
	}
	return g_strdup_printf("%.17g", x);
}

/* result: {text, color, index} */
static int parse_map_result(struct loader *L, const json_t *r, const char *path,
                            struct value_mapping *m)
{
	if (!r)
		return 0;
	if (!json_is_object(r))
		return jfield_type_err(L, path, "", "object", r);
	json_t *text = jfield_get(r, "text");
	if (text && !json_is_string(text) && !json_is_number(text))
		return jfield_type_err(L, path, "text", "string", text);
	if (json_is_string(text))
		m->text = g_strdup(json_string_value(text));
	else if (json_is_number(text))
		m->text = js_number_text(json_number_value(text));
	if (jfield_strbuf(L, r, "color", path, m->color_name, sizeof m->color_name) ||
	    jfield_int(L, r, "index", path, &m->index, NULL))
		return CAIRN_EINVAL;
	m->color = m->color_name[0] ? stored_colour(m->color_name) : CAIRN_COLOR_NONE;
	return 0;
}

/* A number, or a numeric string; anything else (absent, null, "") is NaN,
 * as Grafana's isNaN test on from/to. */
static double loose_number(const json_t *v)
{
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_string(v)) {
		char *end;
		const char *s = json_string_value(v);
		double d = g_ascii_strtod(s, &end);
		if (end != s && *end == '\0')
			return d;
	}
	return NAN;
}

static int parse_map_value(struct loader *L, const json_t *opts, const char *path,
                           struct field_config *fc)
{
	const char *key;
	json_t *r;
	json_object_foreach((json_t *)opts, key, r)
	{
		char rpath[JFIELD_PATH_CAP + 64];
		snprintf(rpath, sizeof rpath, "%s.%s", path, key);
		struct value_mapping *m = mapping_add(L, path, fc);
		if (!m)
			return CAIRN_ELIMIT;
		m->type = MAP_VALUE;
		m->key = g_strdup(key);
		if (parse_map_result(L, r, rpath, m))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* {type: "value"|"range"|"regex"|"special", options: {...}} */
static int parse_mapping(struct loader *L, const json_t *mj, const char *path,
                         struct field_config *fc)
{
	char type[16] = "", opath[JFIELD_PATH_CAP], rpath[JFIELD_PATH_CAP];
	json_t *o;
	if (jfield_strbuf(L, mj, "type", path, type, sizeof type) ||
	    jfield_kind(L, mj, "options", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	if (!o)
		return 0;
	jfield_join(opath, path, "options");
	if (strcmp(type, "value") == 0)
		return parse_map_value(L, o, opath, fc);
	jfield_join(rpath, opath, "result");
	struct value_mapping *m;
	if (strcmp(type, "range") == 0) {
		if (!(m = mapping_add(L, path, fc)))
			return CAIRN_ELIMIT;
		m->type = MAP_RANGE;
		m->from = loose_number(jfield_get(o, "from"));
		m->to = loose_number(jfield_get(o, "to"));
	} else if (strcmp(type, "regex") == 0) {
		if (!(m = mapping_add(L, path, fc)))
			return CAIRN_ELIMIT;
		m->type = MAP_REGEX;
		if (jfield_string(L, o, "pattern", opath, &m->key))
			return CAIRN_EINVAL;
	} else if (strcmp(type, "special") == 0) {
		if (!(m = mapping_add(L, path, fc)))
			return CAIRN_ELIMIT;
		int match = SPECIAL_OTHER;
		m->type = MAP_SPECIAL;
		if (jfield_enum(L, o, "match", opath, specials, &match, NULL))
			return CAIRN_EINVAL;
		m->match = (enum mapping_special)match;
	} else {
		return 0; /* unknown types match nothing in Grafana either */
	}
	return parse_map_result(L, jfield_get(o, "result"), rpath, m);
}

/* The colour Grafana's migration gives an old mapping: the threshold step
 * its text falls in, when the text is a number. */
static void legacy_map_colour(const struct field_config *fc, struct value_mapping *m)
{
	char *end;
	if (!m->text)
		return;
	double x = g_ascii_strtod(m->text, &end);
	if (end == m->text || isnan(x) || fc->thresholds.n == 0)
		return;
	size_t k = 0;
	for (size_t i = 0; i < fc->thresholds.n; i++)
		if (x >= fc->thresholds.steps[i].value)
			k = i;
	g_strlcpy(m->color_name, fc->thresholds.steps[k].color_name, sizeof m->color_name);
	m->color = fc->thresholds.steps[k].color;
}

int fieldconfig_legacy_mapping(struct loader *L, const json_t *mj, const char *path, int type,
                               struct field_config *fc)
{
	json_t *text = jfield_get(mj, "text");
	struct value_mapping tmp = {.from = NAN, .to = NAN, .index = -1, .match = SPECIAL_OTHER};
	char buf[64] = "";
	g_autofree char *num = NULL;
	json_t *value = jfield_get(mj, "value");
	json_t *from = jfield_get(mj, "from"), *to = jfield_get(mj, "to");
	bool null_from = json_is_string(from) && strcmp(json_string_value(from), "null") == 0;
	bool null_to = json_is_string(to) && strcmp(json_string_value(to), "null") == 0;

	if (type == 1) {
		if (!value)
			return 0;
		if (json_is_string(value))
			g_strlcpy(buf, json_string_value(value), sizeof buf);
		else if (json_is_number(value))
			g_strlcpy(buf, num = js_number_text(json_number_value(value)), sizeof buf);
		else
			return jfield_type_err(L, path, "value", "string", value);
		tmp.type = strcmp(buf, "null") == 0 ? MAP_SPECIAL : MAP_VALUE;
		tmp.match = SPECIAL_NULL;
	} else if (type == 2) {
		tmp.type = null_from || null_to ? MAP_SPECIAL : MAP_RANGE;
		tmp.match = SPECIAL_NULL;
		tmp.from = loose_number(from);
		tmp.to = loose_number(to);
	} else {
		return 0;
	}
	struct value_mapping *m = mapping_add(L, path, fc);
	if (!m)
		return CAIRN_ELIMIT;
	*m = tmp;
	if (m->type == MAP_VALUE)
		m->key = g_strdup(buf);
	if (json_is_string(text))
		m->text = g_strdup(json_string_value(text));
	legacy_map_colour(fc, m);
	return 0;
}

static int parse_mappings(struct loader *L, const json_t *arr, const char *path,
                          struct field_config *fc)
{
	size_t i;
	json_t *mj;
	json_array_foreach(arr, i, mj)
	{
		char mpath[JFIELD_PATH_CAP + 16];
		snprintf(mpath, sizeof mpath, "%s[%zu]", path, i);
		if (!json_is_object(mj))
			return jfield_type_err(L, mpath, "", "object", mj);
		json_t *type = jfield_get(mj, "type");
		int rc = json_is_number(type)
		                 ? fieldconfig_legacy_mapping(L, mj, mpath,
		                                              (int)json_number_value(type), fc)
		                 : parse_mapping(L, mj, mpath, fc);
		if (rc)
			return rc;
	}
	fc->set |= FC_SET_MAPPINGS;
	return 0;
}

/* Scalars shared by fieldConfig.defaults: unit, decimals, min, max, ... */
int fieldconfig_parse_scalars(struct loader *L, const json_t *o, const char *path,
                              struct field_config *fc)
{
	bool h_dec, h_min, h_max;
	if (jfield_int(L, o, "decimals", path, &fc->decimals, &h_dec) ||
	    jfield_number(L, o, "min", path, &fc->min, &h_min) ||
	    jfield_number(L, o, "max", path, &fc->max, &h_max) ||
	    jfield_strbuf(L, o, "unit", path, fc->unit, sizeof fc->unit) ||
	    jfield_string(L, o, "displayName", path, &fc->display_name) ||
	    jfield_strbuf(L, o, "noValue", path, fc->no_value, sizeof fc->no_value))
		return CAIRN_EINVAL;
	fc->set |= (h_dec ? FC_SET_DECIMALS : 0) | (h_min ? FC_SET_MIN : 0) |
	           (h_max ? FC_SET_MAX : 0) | (jfield_get(o, "unit") ? FC_SET_UNIT : 0) |
	           (fc->display_name ? FC_SET_DISPLAY_NAME : 0) |
	           (jfield_get(o, "noValue") ? FC_SET_NO_VALUE : 0);
	return 0;
}

static int parse_fc_defaults(struct loader *L, const json_t *o, const char *path,
                             struct field_config *fc)
{
	json_t *sub;
	char p[JFIELD_PATH_CAP];

	if (fieldconfig_parse_scalars(L, o, path, fc))
		return CAIRN_EINVAL;
	if (json_is_string(
	            jfield_get(o, "color"))) { /* kube-prometheus writes override colours bare */
		fc->color_mode = COLOR_FIXED;
		g_strlcpy(fc->fixed_color_name, json_string_value(jfield_get(o, "color")),
		          sizeof fc->fixed_color_name);
		fc->fixed_color = stored_colour(fc->fixed_color_name);
		fc->set |= FC_SET_COLOR;
	} else {
		if (jfield_kind(L, o, "color", path, JSON_OBJECT, &sub))
			return CAIRN_EINVAL;
		jfield_join(p, path, "color");
		if (sub && parse_color(L, sub, p, fc))
			return CAIRN_EINVAL;
	}
	if (json_is_array(jfield_get(o, "links")))
		tableload_links(jfield_get(o, "links"), fc);
	if (jfield_kind(L, o, "thresholds", path, JSON_OBJECT, &sub))
		return CAIRN_EINVAL;
	jfield_join(p, path, "thresholds");
	if (sub) {
		if (parse_thresholds(L, sub, p, &fc->thresholds))
			return CAIRN_EINVAL;
		fc->set |= FC_SET_THRESHOLDS;
	}
	if (jfield_kind(L, o, "mappings", path, JSON_ARRAY, &sub))
		return CAIRN_EINVAL;
	jfield_join(p, path, "mappings");
	if (sub && parse_mappings(L, sub, p, fc))
		return CAIRN_EINVAL;
	if (jfield_kind(L, o, "custom", path, JSON_OBJECT, &sub))
		return CAIRN_EINVAL;
	jfield_join(p, path, "custom");
	return sub ? parse_custom(L, sub, p, fc) : 0;
}

/* ---- overrides --------------------------------------------------------- */

static const struct jfield_name matchers[] = {{"byName", MATCH_BY_NAME},
                                              {"byRegexp", MATCH_BY_REGEXP},
                                              {"byFrameRefID", MATCH_BY_FRAME_REFID},
                                              {NULL, 0}};

/* Wraps a property value as {"<key>": value} so the defaults parsers (which
 * read object members) apply unchanged, with the same JSON path. */
static int prop_via(struct loader *L, const char *key, json_t *value, const char *path,
                    struct field_config *fc, bool custom)
{
	json_t *wrap = json_object();
	if (!wrap || json_object_set(wrap, key, value))
		goto fail;
	int rc = custom ? parse_custom(L, wrap, path, fc) : parse_fc_defaults(L, wrap, path, fc);
	json_decref(wrap);
	return rc;
fail:
	json_decref(wrap);
	return cairn_err_set(L->err, CAIRN_ENOMEM, "%s: out of memory", L->name);
}

static int parse_property(struct loader *L, const json_t *prop, const char *path,
                          struct field_config *fc)
{
	char id[64] = "";
	if (!json_is_object(prop))
		return jfield_type_err(L, path, "", "object", prop);
	if (jfield_strbuf(L, prop, "id", path, id, sizeof id))
		return CAIRN_EINVAL;
	json_t *value = jfield_get(prop, "value");
	char vpath[JFIELD_PATH_CAP];
	/* messages read "…properties[1].custom.fillOpacity: expected number" */
	snprintf(vpath, sizeof vpath, "%s.custom", path);
	if (!value)
		return 0;
	if (g_str_has_prefix(id, "custom."))
		return prop_via(L, id + 7, value, vpath, fc, true);
	if (strcmp(id, "links") == 0) {
		tableload_links(value, fc);
		return 0;
	}
	static const char *const plain[] = {"unit",        "decimals", "min",        "max",
	                                    "displayName", "color",    "thresholds", "noValue",
	                                    "mappings"};
	for (size_t i = 0; i < G_N_ELEMENTS(plain); i++)
		if (strcmp(id, plain[i]) == 0)
			return prop_via(L, id, value, path, fc, false);
	return 0; /* links, …: not drawn, ignored as Grafana ignores unknown ids */
}

static int parse_override(struct loader *L, const json_t *o, const char *path,
                          struct field_override *ov)
{
	json_t *m, *props;
	char p[JFIELD_PATH_CAP];
	int kind = MATCH_OTHER;

	fieldconfig_init(&ov->props);
	ov->kind = MATCH_OTHER;
	if (!json_is_object(o))
		return jfield_type_err(L, path, "", "object", o);
	if (jfield_kind(L, o, "matcher", path, JSON_OBJECT, &m) ||
	    jfield_kind(L, o, "properties", path, JSON_ARRAY, &props))
		return CAIRN_EINVAL;
	jfield_join(p, path, "matcher");
	if (m && jfield_enum(L, m, "id", p, matchers, &kind, NULL))
		return CAIRN_EINVAL;
	ov->kind = (enum matcher_kind)kind;
	if (m && json_is_string(jfield_get(m, "options")))
		ov->pattern = g_strdup(json_string_value(jfield_get(m, "options")));
	size_t i;
	json_t *prop;
	json_array_foreach(props, i, prop)
	{
		char ppath[JFIELD_PATH_CAP + 32];
		snprintf(ppath, sizeof ppath, "%s.properties[%zu]", path, i);
		if (parse_property(L, prop, ppath, &ov->props))
			return CAIRN_EINVAL;
	}
	return 0;
}

static int parse_overrides(struct loader *L, const json_t *arr, const char *path,
                           struct cairn_panel *p)
{
	size_t n = json_array_size(arr);
	if (n > CAIRN_MAX_OVERRIDES)
		return jfield_limit_err(L, path, "overrides", n, CAIRN_MAX_OVERRIDES);
	p->overrides = g_new0(struct field_override, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		char opath[JFIELD_PATH_CAP + 16];
		snprintf(opath, sizeof opath, "%s[%zu]", path, i);
		p->n_overrides = i + 1;
		if (parse_override(L, json_array_get(arr, i), opath, &p->overrides[i]))
			return CAIRN_EINVAL;
	}
	return 0;
}

int fieldconfig_parse(struct loader *L, const json_t *panel, const char *path,
                      struct cairn_panel *p)
{
	json_t *fcj, *defs, *ovs;
	char fpath[JFIELD_PATH_CAP], sub[JFIELD_PATH_CAP];

	if (jfield_kind(L, panel, "fieldConfig", path, JSON_OBJECT, &fcj))
		return CAIRN_EINVAL;
	if (!fcj)
		return 0;
	jfield_join(fpath, path, "fieldConfig");
	if (jfield_kind(L, fcj, "defaults", fpath, JSON_OBJECT, &defs) ||
	    jfield_kind(L, fcj, "overrides", fpath, JSON_ARRAY, &ovs))
		return CAIRN_EINVAL;
	jfield_join(sub, fpath, "defaults");
	if (defs && parse_fc_defaults(L, defs, sub, &p->defaults))
		return CAIRN_EINVAL;
	jfield_join(sub, fpath, "overrides");
	return ovs ? parse_overrides(L, ovs, sub, p) : 0;
}

void fieldconfig_fini(struct field_config *fc)
{
	for (size_t i = 0; i < fc->n_mappings; i++) {
		g_free(fc->mappings[i].key);
		g_free(fc->mappings[i].text);
	}
	g_free(fc->mappings);
	fc->mappings = NULL;
	fc->n_mappings = 0;
	g_free(fc->display_name);
	g_free(fc->custom.axis_label);
}
