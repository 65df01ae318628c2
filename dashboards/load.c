/*
 * load.c — Grafana dashboard JSON → struct cairn_dashboard.
 *
 * Owns the only jansson use in dashboards/: json_t never leaves this file.
 * Grafana's defaults are applied here (fieldconfig.c-style tables would be
 * nicer, but the defaults are few enough to read in one place), so every
 * consumer sees a panel exactly as Grafana would draw it.  Lenient where
 * Grafana is (missing keys, unknown keys, numbers as strings); strict on
 * wrong types, with the JSON path in the message.  Variable values, time
 * parsing and layout live in vars.c, timerange.c and layout.c.
 */
#include "dashboards/load.h"
#include "dashboards/layout.h"

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_CAP 256

struct loader {
	const char *name; /* file name for messages */
	struct cairn_err *err;
};

struct name_val {
	const char *name;
	int val;
};

/* ---- typed access ------------------------------------------------------ */

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	default:
		return "null";
	}
}

static void join_path(char *out, const char *path, const char *key)
{
	if (!key || !*key)
		snprintf(out, PATH_CAP, "%s", path ? path : "");
	else if (!path || !*path)
		snprintf(out, PATH_CAP, "%s", key);
	else
		snprintf(out, PATH_CAP, "%s.%s", path, key);
}

static int type_err(struct loader *L, const char *path, const char *key, const char *want,
                    const json_t *got)
{
	char full[PATH_CAP];
	join_path(full, path, key);
	return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: expected %s, got %s", L->name, full,
	                     want, type_name(got));
}

/* obj[key] unless missing or null (both mean "absent" to Grafana).  Not
 * inlined: GCC's -Wnull-dereference misreads jansson's NULL-safe json_is_*
 * macros on the inlined NULL path. */
__attribute__((noinline)) static json_t *get(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	return json_is_null(v) ? NULL : v;
}

static int opt_string(struct loader *L, const json_t *obj, const char *key, const char *path,
                      char **out)
{
	json_t *v = get(obj, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return type_err(L, path, key, "string", v);
	g_free(*out);
	*out = g_strndup(json_string_value(v), json_string_length(v));
	return 0;
}

static int opt_strbuf(struct loader *L, const json_t *obj, const char *key, const char *path,
                      char *buf, size_t cap)
{
	json_t *v = get(obj, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return type_err(L, path, key, "string", v);
	g_strlcpy(buf, json_string_value(v), cap);
	return 0;
}

/* Numbers may also come as numeric strings (old exports write "0" for
 * yaxes min, some generators quote gridPos). */
static int opt_number(struct loader *L, const json_t *obj, const char *key, const char *path,
                      double *out, bool *present)
{
	json_t *v = get(obj, key);
	if (present)
		*present = false;
	if (!v)
		return 0;
	if (json_is_number(v)) {
		*out = json_number_value(v);
	} else if (json_is_string(v) && *json_string_value(v)) {
		char *end;
		double x = g_ascii_strtod(json_string_value(v), &end);
		if (*end)
			return type_err(L, path, key, "number", v);
		*out = x;
	} else if (json_is_string(v)) {
		return 0; /* "" = unset, as Grafana's inputs save it */
	} else {
		return type_err(L, path, key, "number", v);
	}
	if (present)
		*present = true;
	return 0;
}

static int opt_int(struct loader *L, const json_t *obj, const char *key, const char *path, int *out,
                   bool *present)
{
	double x = 0;
	bool have = false;
	int rc = opt_number(L, obj, key, path, &x, &have);
	if (present)
		*present = have;
	if (rc || !have)
		return rc;
	if (!isfinite(x) || x > 1e9 || x < -1e9) {
		char full[PATH_CAP];
		join_path(full, path, key);
		return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: number out of range", L->name,
		                     full);
	}
	*out = (int)lround(x);
	return 0;
}

static int opt_bool(struct loader *L, const json_t *obj, const char *key, const char *path,
                    bool *out)
{
	json_t *v = get(obj, key);
	if (!v)
		return 0;
	if (json_is_boolean(v))
		*out = json_is_true(v);
	else if (json_is_integer(v))
		*out = json_integer_value(v) != 0;
	else
		return type_err(L, path, key, "boolean", v);
	return 0;
}

static int opt_kind(struct loader *L, const json_t *obj, const char *key, const char *path,
                    json_type want, json_t **out)
{
	json_t *v = get(obj, key);
	*out = NULL;
	if (!v)
		return 0;
	if (json_typeof(v) != want)
		return type_err(L, path, key, want == JSON_OBJECT ? "object" : "array", v);
	*out = v;
	return 0;
}

/* Unknown names keep the default: Grafana ignores what it does not know. */
static int opt_enum(struct loader *L, const json_t *obj, const char *key, const char *path,
                    const struct name_val *tab, int *out, bool *present)
{
	char buf[48] = "";
	if (present)
		*present = false;
	if (opt_strbuf(L, obj, key, path, buf, sizeof buf))
		return CAIRN_EINVAL;
	for (; tab->name; tab++) {
		if (strcmp(tab->name, buf) == 0) {
			*out = tab->val;
			if (present)
				*present = true;
			break;
		}
	}
	return 0;
}

static int limit_err(struct loader *L, const char *path, const char *what, size_t n, size_t cap)
{
	return cairn_err_set(L->err, CAIRN_ELIMIT, "%s: %s: %zu %s, more than the limit of %zu",
	                     L->name, path, n, what, cap);
}

/* ---- colours ----------------------------------------------------------- */

/* Grafana's named colours (dark theme shades); resolved here so render/ can
 * draw without a table, the name is kept for theme-aware consumers. */
static const struct {
	const char *name;
	uint32_t rgb;
} named_colors[] = {
        {"green", 0x73BF69},
        {"dark-green", 0x37872D},
        {"semi-dark-green", 0x56A64B},
        {"light-green", 0x96D98D},
        {"super-light-green", 0xC8F2C2},
        {"red", 0xF2495C},
        {"dark-red", 0xC4162A},
        {"semi-dark-red", 0xE02F44},
        {"light-red", 0xFF7383},
        {"super-light-red", 0xFFA6B0},
        {"yellow", 0xFADE2A},
        {"dark-yellow", 0xE0B400},
        {"semi-dark-yellow", 0xF2CC0C},
        {"light-yellow", 0xFFEE52},
        {"super-light-yellow", 0xFFF899},
        {"orange", 0xFF9830},
        {"dark-orange", 0xFA6400},
        {"semi-dark-orange", 0xFF780A},
        {"light-orange", 0xFFB357},
        {"super-light-orange", 0xFFCB7D},
        {"blue", 0x5794F2},
        {"dark-blue", 0x1F60C4},
        {"semi-dark-blue", 0x3274D9},
        {"light-blue", 0x8AB8FF},
        {"super-light-blue", 0xC0D8FF},
        {"purple", 0xB877D9},
        {"dark-purple", 0x8F3BB8},
        {"semi-dark-purple", 0xA352CC},
        {"light-purple", 0xCA95E5},
        {"super-light-purple", 0xDEB6F2},
        {"text", 0xCCCCDC},
        {"white", 0xFFFFFF},
        {"black", 0x000000},
};

static uint32_t parse_rgb_func(const char *s)
{
	double c[4] = {0, 0, 0, 1};
	const char *p = strchr(s, '(');
	if (!p)
		return CAIRN_COLOR_NONE;
	p++;
	for (int i = 0; i < 4 && *p; i++) {
		char *end;
		c[i] = g_ascii_strtod(p, &end);
		if (end == p)
			return CAIRN_COLOR_NONE;
		p = end;
		while (*p == ' ' || *p == ',')
			p++;
	}
	uint32_t a = (uint32_t)lround(CLAMP(c[3], 0, 1) * 255);
	return ((uint32_t)CLAMP(c[0], 0, 255) << 24) | ((uint32_t)CLAMP(c[1], 0, 255) << 16) |
	       ((uint32_t)CLAMP(c[2], 0, 255) << 8) | a;
}

/* "#rgb", "#rrggbb", "#rrggbbaa", "rgb()/rgba()" or a Grafana name →
 * 0xRRGGBBAA; CAIRN_COLOR_NONE when unknown ("transparent" included). */
static uint32_t color_parse(const char *s)
{
	if (!s || !*s)
		return CAIRN_COLOR_NONE;
	if (s[0] == '#') {
		size_t n = strlen(s + 1);
		char *end;
		unsigned long v = strtoul(s + 1, &end, 16);
		if (*end)
			return CAIRN_COLOR_NONE;
		if (n == 6)
			return ((uint32_t)v << 8) | 0xFF;
		if (n == 8)
			return (uint32_t)v;
		if (n == 3)
			return (uint32_t)((((v >> 8) & 0xF) * 0x11) << 24 |
			                  (((v >> 4) & 0xF) * 0x11) << 16 |
			                  ((v & 0xF) * 0x11) << 8 | 0xFF);
		return CAIRN_COLOR_NONE;
	}
	if (g_str_has_prefix(s, "rgb"))
		return parse_rgb_func(s);
	for (size_t i = 0; i < G_N_ELEMENTS(named_colors); i++)
		if (g_ascii_strcasecmp(named_colors[i].name, s) == 0)
			return (named_colors[i].rgb << 8) | 0xFF;
	return CAIRN_COLOR_NONE;
}

/* ---- field config ------------------------------------------------------ */

static void fc_init(struct field_config *fc)
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
	c->line_dash[0] = c->line_dash[1] = 10; /* Grafana's default dash */
}

static const struct name_val thresh_modes[] = {
        {"absolute", THRESH_ABSOLUTE}, {"percentage", THRESH_PERCENTAGE}, {NULL, 0}};

static int parse_thresholds(struct loader *L, const json_t *t, const char *path,
                            struct thresholds *out)
{
	json_t *steps;
	int mode = out->mode;
	if (opt_enum(L, t, "mode", path, thresh_modes, &mode, NULL) ||
	    opt_kind(L, t, "steps", path, JSON_ARRAY, &steps))
		return CAIRN_EINVAL;
	out->mode = (enum threshold_mode)mode;
	if (!steps)
		return 0;
	char spath[PATH_CAP];
	join_path(spath, path, "steps");
	if (json_array_size(steps) > CAIRN_MAX_THRESHOLDS)
		return limit_err(L, spath, "thresholds", json_array_size(steps),
		                 CAIRN_MAX_THRESHOLDS);
	out->n = 0;
	size_t i;
	json_t *s;
	json_array_foreach(steps, i, s)
	{
		char ipath[PATH_CAP + 16];
		snprintf(ipath, sizeof ipath, "%s[%zu]", spath, i);
		if (!json_is_object(s))
			return type_err(L, ipath, "", "object", s) ? CAIRN_EINVAL : 0;
		struct threshold *th = &out->steps[out->n++];
		bool have = false;
		th->value = -INFINITY;
		th->color_name[0] = '\0';
		if (opt_number(L, s, "value", ipath, &th->value, &have) ||
		    opt_strbuf(L, s, "color", ipath, th->color_name, sizeof th->color_name))
			return CAIRN_EINVAL;
		if (!have)
			th->value = -INFINITY;
		th->color = color_parse(th->color_name);
	}
	return 0;
}

static const struct name_val draw_styles[] = {
        {"line", DRAW_LINE}, {"bars", DRAW_BARS}, {"points", DRAW_POINTS}, {NULL, 0}};
static const struct name_val interps[] = {{"linear", INTERP_LINEAR},
                                          {"smooth", INTERP_SMOOTH},
                                          {"stepBefore", INTERP_STEP_BEFORE},
                                          {"stepAfter", INTERP_STEP_AFTER},
                                          {NULL, 0}};
static const struct name_val point_modes[] = {
        {"auto", POINTS_AUTO}, {"never", POINTS_NEVER}, {"always", POINTS_ALWAYS}, {NULL, 0}};
static const struct name_val stack_modes[] = {
        {"none", STACK_NONE}, {"normal", STACK_NORMAL}, {"percent", STACK_PERCENT}, {NULL, 0}};
static const struct name_val tstyles[] = {{"off", TSTYLE_OFF},
                                          {"line", TSTYLE_LINE},
                                          {"area", TSTYLE_AREA},
                                          {"line+area", TSTYLE_LINE_AREA},
                                          {"dashed", TSTYLE_DASHED},
                                          {"dashed+area", TSTYLE_DASHED_AREA},
                                          {NULL, 0}};
static const struct name_val gradients[] = {{"none", GRADIENT_NONE},
                                            {"opacity", GRADIENT_OPACITY},
                                            {"hue", GRADIENT_HUE},
                                            {"scheme", GRADIENT_SCHEME},
                                            {NULL, 0}};
static const struct name_val placements[] = {{"auto", AXIS_AUTO},
                                             {"left", AXIS_LEFT},
                                             {"right", AXIS_RIGHT},
                                             {"hidden", AXIS_HIDDEN},
                                             {NULL, 0}};
static const struct name_val scale_types[] = {
        {"linear", SCALE_LINEAR}, {"log", SCALE_LOG}, {NULL, 0}};
static const struct name_val color_modes[] = {{"palette-classic", COLOR_PALETTE_CLASSIC},
                                              {"fixed", COLOR_FIXED},
                                              {"thresholds", COLOR_THRESHOLDS},
                                              {"shades", COLOR_FIXED},
                                              {NULL, 0}};

/* custom.stacking: {mode, group} */
static int parse_stacking(struct loader *L, const json_t *v, const char *path,
                          struct field_config *fc)
{
	int m = fc->custom.stacking;
	bool have;
	if (!json_is_object(v))
		return type_err(L, path, "", "object", v);
	if (opt_enum(L, v, "mode", path, stack_modes, &m, &have))
		return CAIRN_EINVAL;
	fc->custom.stacking = (enum stack_mode)m;
	fc->set |= FC_SET_STACKING;
	return 0;
}

static int parse_hide_from(struct loader *L, const json_t *v, const char *path,
                           struct field_config *fc)
{
	if (!json_is_object(v))
		return type_err(L, path, "", "object", v);
	if (opt_bool(L, v, "legend", path, &fc->custom.hide_in_legend) ||
	    opt_bool(L, v, "viz", path, &fc->custom.hide_in_viz))
		return CAIRN_EINVAL;
	fc->set |= FC_SET_HIDE;
	return 0;
}

/* spanNulls: true/false, or a threshold in ms */
static int parse_span_nulls(struct loader *L, const json_t *c, const char *path,
                            struct ts_custom *t)
{
	json_t *v = get(c, "spanNulls");
	if (!v)
		return 0;
	if (json_is_boolean(v)) {
		t->span_nulls = json_is_true(v);
	} else if (json_is_number(v)) {
		t->span_nulls = true;
		t->span_nulls_ms = json_number_value(v);
	} else {
		return type_err(L, path, "spanNulls", "boolean or number", v);
	}
	return 0;
}

static int parse_custom_enums(struct loader *L, const json_t *c, const char *path,
                              struct field_config *fc)
{
	struct ts_custom *t = &fc->custom;
	int ds = t->draw_style, li = t->line_interp, sp = t->show_points, gm = t->gradient;
	int ap = t->axis_placement;
	bool h_ds, h_li, h_sp, h_ap;
	if (opt_enum(L, c, "drawStyle", path, draw_styles, &ds, &h_ds) ||
	    opt_enum(L, c, "lineInterpolation", path, interps, &li, &h_li) ||
	    opt_enum(L, c, "showPoints", path, point_modes, &sp, &h_sp) ||
	    opt_enum(L, c, "gradientMode", path, gradients, &gm, NULL) ||
	    opt_enum(L, c, "axisPlacement", path, placements, &ap, &h_ap))
		return CAIRN_EINVAL;
	t->draw_style = (enum draw_style)ds;
	t->line_interp = (enum line_interp)li;
	t->show_points = (enum show_points)sp;
	t->gradient = (enum gradient_mode)gm;
	t->axis_placement = (enum axis_placement)ap;
	fc->set |= (h_ds ? FC_SET_DRAW_STYLE : 0) | (h_li ? FC_SET_LINE_INTERP : 0) |
	           (h_sp ? FC_SET_SHOW_POINTS : 0) | (h_ap ? FC_SET_AXIS_PLACEMENT : 0);
	return 0;
}

static const struct name_val line_fills[] = {
        {"solid", LINE_SOLID}, {"dash", LINE_DASH}, {"dot", LINE_DOT}, {NULL, 0}};

/* custom.lineStyle: {fill: "solid"|"dash"|"dot", dash: [on, off]} */
static int parse_line_style(struct loader *L, const json_t *o, const char *path,
                            struct field_config *fc)
{
	struct ts_custom *t = &fc->custom;
	int fill = t->line_fill;
	json_t *dash;
	if (opt_enum(L, o, "fill", path, line_fills, &fill, NULL) ||
	    opt_kind(L, o, "dash", path, JSON_ARRAY, &dash))
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
	char sub[PATH_CAP];
	int ts = t->thresholds_style, sc = t->scale;

	if (opt_kind(L, c, "stacking", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	join_path(sub, path, "stacking");
	if (o && parse_stacking(L, o, sub, fc))
		return CAIRN_EINVAL;
	if (opt_kind(L, c, "hideFrom", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	join_path(sub, path, "hideFrom");
	if (o && parse_hide_from(L, o, sub, fc))
		return CAIRN_EINVAL;
	if (opt_kind(L, c, "lineStyle", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	join_path(sub, path, "lineStyle");
	if (o && parse_line_style(L, o, sub, fc))
		return CAIRN_EINVAL;
	if (opt_kind(L, c, "thresholdsStyle", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	join_path(sub, path, "thresholdsStyle");
	if (o && opt_enum(L, o, "mode", sub, tstyles, &ts, NULL))
		return CAIRN_EINVAL;
	if (opt_kind(L, c, "scaleDistribution", path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	join_path(sub, path, "scaleDistribution");
	if (o && (opt_enum(L, o, "type", sub, scale_types, &sc, NULL) ||
	          opt_number(L, o, "log", sub, &t->log_base, NULL)))
		return CAIRN_EINVAL;
	t->thresholds_style = (enum threshold_style)ts;
	t->scale = (enum scale_type)sc;
	return 0;
}

static int parse_custom(struct loader *L, const json_t *c, const char *path,
                        struct field_config *fc)
{
	struct ts_custom *t = &fc->custom;
	bool h_lw, h_fill;
	char transform[32] = "";

	if (parse_custom_enums(L, c, path, fc) || parse_custom_objects(L, c, path, fc) ||
	    parse_span_nulls(L, c, path, t) ||
	    opt_number(L, c, "lineWidth", path, &t->line_width, &h_lw) ||
	    opt_number(L, c, "fillOpacity", path, &t->fill_opacity, &h_fill) ||
	    opt_number(L, c, "pointSize", path, &t->point_size, NULL) ||
	    opt_number(L, c, "axisSoftMin", path, &t->axis_soft_min, NULL) ||
	    opt_number(L, c, "axisSoftMax", path, &t->axis_soft_max, NULL) ||
	    opt_bool(L, c, "axisCenteredZero", path, &t->axis_centered_zero) ||
	    opt_string(L, c, "axisLabel", path, &t->axis_label) ||
	    opt_number(L, c, "barWidthFactor", path, &t->bar_width_factor, NULL) ||
	    opt_strbuf(L, c, "transform", path, transform, sizeof transform))
		return CAIRN_EINVAL;
	if (get(c, "transform")) {
		t->transform_negative_y = strcmp(transform, "negative-Y") == 0;
		fc->set |= FC_SET_TRANSFORM;
	}
	fc->set |= (h_lw ? FC_SET_LINE_WIDTH : 0) | (h_fill ? FC_SET_FILL : 0);
	return 0;
}

static int parse_color(struct loader *L, const json_t *c, const char *path, struct field_config *fc)
{
	int mode = COLOR_OTHER;
	char modename[48] = "";
	if (opt_strbuf(L, c, "mode", path, modename, sizeof modename) ||
	    opt_strbuf(L, c, "fixedColor", path, fc->fixed_color_name, sizeof fc->fixed_color_name))
		return CAIRN_EINVAL;
	for (const struct name_val *m = color_modes; m->name; m++)
		if (strcmp(m->name, modename) == 0)
			mode = m->val;
	fc->color_mode = (enum color_mode)mode;
	fc->fixed_color = color_parse(fc->fixed_color_name);
	fc->set |= FC_SET_COLOR;
	return 0;
}

/* Scalars shared by fieldConfig.defaults: unit, decimals, min, max, ... */
static int parse_fc_scalars(struct loader *L, const json_t *o, const char *path,
                            struct field_config *fc)
{
	bool h_dec, h_min, h_max;
	if (opt_int(L, o, "decimals", path, &fc->decimals, &h_dec) ||
	    opt_number(L, o, "min", path, &fc->min, &h_min) ||
	    opt_number(L, o, "max", path, &fc->max, &h_max) ||
	    opt_strbuf(L, o, "unit", path, fc->unit, sizeof fc->unit) ||
	    opt_string(L, o, "displayName", path, &fc->display_name) ||
	    opt_strbuf(L, o, "noValue", path, fc->no_value, sizeof fc->no_value))
		return CAIRN_EINVAL;
	fc->set |= (h_dec ? FC_SET_DECIMALS : 0) | (h_min ? FC_SET_MIN : 0) |
	           (h_max ? FC_SET_MAX : 0) | (get(o, "unit") ? FC_SET_UNIT : 0) |
	           (fc->display_name ? FC_SET_DISPLAY_NAME : 0);
	return 0;
}

static int parse_fc_defaults(struct loader *L, const json_t *o, const char *path,
                             struct field_config *fc)
{
	json_t *sub;
	char p[PATH_CAP];

	if (parse_fc_scalars(L, o, path, fc))
		return CAIRN_EINVAL;
	if (json_is_string(get(o, "color"))) { /* kube-prometheus writes override colours bare */
		fc->color_mode = COLOR_FIXED;
		g_strlcpy(fc->fixed_color_name, json_string_value(get(o, "color")),
		          sizeof fc->fixed_color_name);
		fc->fixed_color = color_parse(fc->fixed_color_name);
		fc->set |= FC_SET_COLOR;
	} else {
		if (opt_kind(L, o, "color", path, JSON_OBJECT, &sub))
			return CAIRN_EINVAL;
		join_path(p, path, "color");
		if (sub && parse_color(L, sub, p, fc))
			return CAIRN_EINVAL;
	}
	if (opt_kind(L, o, "thresholds", path, JSON_OBJECT, &sub))
		return CAIRN_EINVAL;
	join_path(p, path, "thresholds");
	if (sub) {
		if (parse_thresholds(L, sub, p, &fc->thresholds))
			return CAIRN_EINVAL;
		fc->set |= FC_SET_THRESHOLDS;
	}
	if (opt_kind(L, o, "custom", path, JSON_OBJECT, &sub))
		return CAIRN_EINVAL;
	join_path(p, path, "custom");
	return sub ? parse_custom(L, sub, p, fc) : 0;
}

/* ---- overrides --------------------------------------------------------- */

static const struct name_val matchers[] = {{"byName", MATCH_BY_NAME},
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
		return type_err(L, path, "", "object", prop);
	if (opt_strbuf(L, prop, "id", path, id, sizeof id))
		return CAIRN_EINVAL;
	json_t *value = get(prop, "value");
	char vpath[PATH_CAP];
	/* messages read "…properties[1].custom.fillOpacity: expected number" */
	snprintf(vpath, sizeof vpath, "%s.custom", path);
	if (!value)
		return 0;
	if (g_str_has_prefix(id, "custom."))
		return prop_via(L, id + 7, value, vpath, fc, true);
	static const char *const plain[] = {"unit",        "decimals", "min",        "max",
	                                    "displayName", "color",    "thresholds", "noValue"};
	for (size_t i = 0; i < G_N_ELEMENTS(plain); i++)
		if (strcmp(id, plain[i]) == 0)
			return prop_via(L, id, value, path, fc, false);
	return 0; /* links, mappings, …: not drawn, ignored as Grafana ignores unknown ids */
}

static int parse_override(struct loader *L, const json_t *o, const char *path,
                          struct field_override *ov)
{
	json_t *m, *props;
	char p[PATH_CAP];
	int kind = MATCH_OTHER;

	fc_init(&ov->props);
	ov->kind = MATCH_OTHER;
	if (!json_is_object(o))
		return type_err(L, path, "", "object", o);
	if (opt_kind(L, o, "matcher", path, JSON_OBJECT, &m) ||
	    opt_kind(L, o, "properties", path, JSON_ARRAY, &props))
		return CAIRN_EINVAL;
	join_path(p, path, "matcher");
	if (m && opt_enum(L, m, "id", p, matchers, &kind, NULL))
		return CAIRN_EINVAL;
	ov->kind = (enum matcher_kind)kind;
	if (m && json_is_string(get(m, "options")))
		ov->pattern = g_strdup(json_string_value(get(m, "options")));
	size_t i;
	json_t *prop;
	json_array_foreach(props, i, prop)
	{
		char ppath[PATH_CAP + 32];
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
		return limit_err(L, path, "overrides", n, CAIRN_MAX_OVERRIDES);
	p->overrides = g_new0(struct field_override, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		char opath[PATH_CAP + 16];
		snprintf(opath, sizeof opath, "%s[%zu]", path, i);
		p->n_overrides = i + 1;
		if (parse_override(L, json_array_get(arr, i), opath, &p->overrides[i]))
			return CAIRN_EINVAL;
	}
	return 0;
}

static int parse_field_config(struct loader *L, const json_t *panel, const char *path,
                              struct cairn_panel *p)
{
	json_t *fcj, *defs, *ovs;
	char fpath[PATH_CAP], sub[PATH_CAP];

	if (opt_kind(L, panel, "fieldConfig", path, JSON_OBJECT, &fcj))
		return CAIRN_EINVAL;
	if (!fcj)
		return 0;
	join_path(fpath, path, "fieldConfig");
	if (opt_kind(L, fcj, "defaults", fpath, JSON_OBJECT, &defs) ||
	    opt_kind(L, fcj, "overrides", fpath, JSON_ARRAY, &ovs))
		return CAIRN_EINVAL;
	join_path(sub, fpath, "defaults");
	if (defs && parse_fc_defaults(L, defs, sub, &p->defaults))
		return CAIRN_EINVAL;
	join_path(sub, fpath, "overrides");
	return ovs ? parse_overrides(L, ovs, sub, p) : 0;
}

/* ---- options.legend and the legacy graph panel ------------------------- */

static const struct name_val calc_ids[] = {{"min", CALC_MIN},
                                           {"max", CALC_MAX},
                                           {"mean", CALC_MEAN},
                                           {"last", CALC_LAST},
                                           {"lastNotNull", CALC_LAST_NN},
                                           {"first", CALC_FIRST},
                                           {"firstNotNull", CALC_FIRST_NN},
                                           {"sum", CALC_SUM},
                                           {"count", CALC_COUNT},
                                           {NULL, 0}};

static void add_calc(struct legend_opts *lo, unsigned calc)
{
	if ((lo->calcs & calc) || lo->n_calc_order == CAIRN_LEGEND_CALCS)
		return;
	lo->calcs |= calc;
	lo->calc_order[lo->n_calc_order++] = calc;
}

static int parse_calcs(struct loader *L, const json_t *lg, const char *path, struct legend_opts *out)
{
	json_t *calcs;
	if (opt_kind(L, lg, "calcs", path, JSON_ARRAY, &calcs))
		return CAIRN_EINVAL;
	size_t i;
	json_t *c;
	json_array_foreach(calcs, i, c)
	{
		if (!json_is_string(c))
			continue;
		for (const struct name_val *t = calc_ids; t->name; t++)
			if (strcmp(t->name, json_string_value(c)) == 0)
				add_calc(out, (unsigned)t->val);
	}
	return 0;
}

static int parse_legend(struct loader *L, const json_t *lg, const char *path,
                        struct legend_opts *out)
{
	char mode[16] = "", place[16] = "";
	if (opt_bool(L, lg, "showLegend", path, &out->show) ||
	    opt_strbuf(L, lg, "displayMode", path, mode, sizeof mode) ||
	    opt_strbuf(L, lg, "placement", path, place, sizeof place) ||
	    opt_number(L, lg, "width", path, &out->width, NULL) ||
	    parse_calcs(L, lg, path, out))
		return CAIRN_EINVAL;
	if (strcmp(mode, "hidden") == 0)
		out->show = false;
	out->mode = strcmp(mode, "table") == 0 ? LEGEND_TABLE : LEGEND_LIST;
	out->placement = strcmp(place, "right") == 0 ? LEGEND_RIGHT : LEGEND_BOTTOM;
	return 0;
}

static int parse_options(struct loader *L, const json_t *panel, const char *path,
                         struct cairn_panel *p)
{
	json_t *opts, *lg, *tt;
	char opath[PATH_CAP], sub[PATH_CAP];
	if (opt_kind(L, panel, "options", path, JSON_OBJECT, &opts))
		return CAIRN_EINVAL;
	if (!opts)
		return 0;
	join_path(opath, path, "options");
	if (opt_kind(L, opts, "legend", opath, JSON_OBJECT, &lg) ||
	    opt_kind(L, opts, "tooltip", opath, JSON_OBJECT, &tt))
		return CAIRN_EINVAL;
	join_path(sub, opath, "legend");
	if (lg && parse_legend(L, lg, sub, &p->legend))
		return CAIRN_EINVAL;
	join_path(sub, opath, "tooltip");
	return tt ? opt_string(L, tt, "mode", sub, &p->tooltip_mode) : 0;
}

/* Angular graph legend → the time-series legend, as Grafana's migration. */
static int graph_legend(struct loader *L, const json_t *panel, const char *path,
                        struct legend_opts *lo)
{
	json_t *lg;
	char sub[PATH_CAP];
	bool values = false, right = false, table = false;
	static const struct {
		const char *key;
		unsigned calc;
	} flags[] = {{"min", CALC_MIN},
	             {"max", CALC_MAX},
	             {"avg", CALC_MEAN},
	             {"current", CALC_LAST_NN},
	             {"total", CALC_SUM}};

	if (opt_kind(L, panel, "legend", path, JSON_OBJECT, &lg))
		return CAIRN_EINVAL;
	if (!lg)
		return 0;
	join_path(sub, path, "legend");
	if (opt_bool(L, lg, "show", sub, &lo->show) || opt_bool(L, lg, "values", sub, &values) ||
	    opt_bool(L, lg, "rightSide", sub, &right) ||
	    opt_bool(L, lg, "alignAsTable", sub, &table))
		return CAIRN_EINVAL;
	lo->placement = right ? LEGEND_RIGHT : LEGEND_BOTTOM;
	lo->mode = table ? LEGEND_TABLE : LEGEND_LIST;
	for (size_t i = 0; i < G_N_ELEMENTS(flags) && values; i++) {
		bool on = false;
		if (opt_bool(L, lg, flags[i].key, sub, &on))
			return CAIRN_EINVAL;
		lo->calcs |= on ? flags[i].calc : 0;
	}
	return 0;
}

static int graph_yaxis(struct loader *L, const json_t *panel, const char *path,
                       struct field_config *fc)
{
	json_t *axes;
	char apath[PATH_CAP];
	double logb = 1;
	if (opt_kind(L, panel, "yaxes", path, JSON_ARRAY, &axes))
		return CAIRN_EINVAL;
	if (!axes)
		return 0;
	json_t *y = json_array_get(axes, 0);
	snprintf(apath, sizeof apath, "%s.yaxes[0]", path);
	if (!json_is_object(y))
		return 0;
	struct field_config tmp;
	fc_init(&tmp);
	if (parse_fc_scalars(L, y, apath, &tmp) ||
	    opt_strbuf(L, y, "format", apath, tmp.unit, sizeof tmp.unit) ||
	    opt_number(L, y, "logBase", apath, &logb, NULL))
		return CAIRN_EINVAL;
	/* fieldConfig (newer exports of graph panels) wins over yaxes */
	if (!(fc->set & FC_SET_UNIT) && get(y, "format"))
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

static int legacy_graph(struct loader *L, const json_t *panel, const char *path,
                        struct cairn_panel *p)
{
	struct ts_custom *c = &p->defaults.custom;
	bool lines = true, bars = false, points = false, stack = false, percent = false;
	bool stepped = false;
	double lw = 1, fill = 1, radius = 2;
	char npm[24] = "";

	if (opt_bool(L, panel, "lines", path, &lines) || opt_bool(L, panel, "bars", path, &bars) ||
	    opt_bool(L, panel, "points", path, &points) ||
	    opt_bool(L, panel, "stack", path, &stack) ||
	    opt_bool(L, panel, "percentage", path, &percent) ||
	    opt_bool(L, panel, "steppedLine", path, &stepped) ||
	    opt_number(L, panel, "linewidth", path, &lw, NULL) ||
	    opt_number(L, panel, "fill", path, &fill, NULL) ||
	    opt_number(L, panel, "pointradius", path, &radius, NULL) ||
	    opt_strbuf(L, panel, "nullPointMode", path, npm, sizeof npm) ||
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

/* ---- targets ----------------------------------------------------------- */

static int parse_target(struct loader *L, const json_t *t, const char *path,
                        struct cairn_target *out)
{
	char fmt[16] = "", qtype[16] = "";
	bool have_range = false;
	out->interval_factor = 1;
	out->json_path = g_strdup(path);
	if (!json_is_object(t))
		return type_err(L, path, "", "object", t);
	if (opt_strbuf(L, t, "refId", path, out->ref_id, sizeof out->ref_id) ||
	    opt_string(L, t, "expr", path, &out->expr) ||
	    opt_string(L, t, "legendFormat", path, &out->legend_format) ||
	    opt_string(L, t, "interval", path, &out->interval) ||
	    opt_int(L, t, "intervalFactor", path, &out->interval_factor, NULL) ||
	    opt_bool(L, t, "hide", path, &out->hide) ||
	    opt_bool(L, t, "instant", path, &out->instant) ||
	    opt_strbuf(L, t, "format", path, fmt, sizeof fmt) ||
	    opt_strbuf(L, t, "queryType", path, qtype, sizeof qtype))
		return CAIRN_EINVAL;
	if (strcmp(qtype, "instant") == 0)
		out->instant = true;
	out->range = !out->instant;
	have_range = get(t, "range") != NULL;
	if (have_range && opt_bool(L, t, "range", path, &out->range))
		return CAIRN_EINVAL;
	out->format_table = strcmp(fmt, "table") == 0;
	if (out->interval_factor < 1)
		out->interval_factor = 1;
	return 0;
}

/* Grafana gives targets without refId the first free letter A, B, C… */
static void assign_ref_ids(struct cairn_target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].ref_id[0])
			continue;
		for (char c = 'A'; c <= 'Z'; c++) {
			bool used = false;
			for (size_t j = 0; j < n && !used; j++)
				used = t[j].ref_id[0] == c && t[j].ref_id[1] == '\0';
			if (!used) {
				t[i].ref_id[0] = c;
				t[i].ref_id[1] = '\0';
				break;
			}
		}
	}
}

static int parse_targets(struct loader *L, const json_t *panel, const char *path,
                         struct cairn_panel *p)
{
	json_t *arr;
	char tpath[PATH_CAP];
	if (opt_kind(L, panel, "targets", path, JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	size_t n = json_array_size(arr);
	join_path(tpath, path, "targets");
	if (n > CAIRN_MAX_TARGETS)
		return limit_err(L, tpath, "targets", n, CAIRN_MAX_TARGETS);
	p->targets = g_new0(struct cairn_target, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		char ipath[PATH_CAP + 16];
		snprintf(ipath, sizeof ipath, "%s[%zu]", tpath, i);
		p->n_targets = i + 1;
		if (parse_target(L, json_array_get(arr, i), ipath, &p->targets[i]))
			return CAIRN_EINVAL;
	}
	assign_ref_ids(p->targets, n);
	return 0;
}

/* ---- panels ------------------------------------------------------------ */

/* Datasource as text: "$ds", {type, uid} → uid (else type), null → "". */
static int parse_datasource(struct loader *L, const json_t *panel, const char *path, char **out)
{
	json_t *ds = get(panel, "datasource");
	if (!ds) {
		*out = g_strdup("");
		return 0;
	}
	if (json_is_string(ds)) {
		*out = g_strdup(json_string_value(ds));
		return 0;
	}
	if (!json_is_object(ds))
		return type_err(L, path, "datasource", "string or object", ds);
	json_t *uid = get(ds, "uid"), *type = get(ds, "type");
	*out = g_strdup(json_is_string(uid)    ? json_string_value(uid)
	                : json_is_string(type) ? json_string_value(type)
	                                       : "");
	return 0;
}

static int parse_grid(struct loader *L, const json_t *panel, const char *path, struct grid_pos *g)
{
	json_t *gp;
	char gpath[PATH_CAP];
	*g = (struct grid_pos){0, 0, 6, 3}; /* Grafana's PanelModel default */
	if (opt_kind(L, panel, "gridPos", path, JSON_OBJECT, &gp))
		return CAIRN_EINVAL;
	if (!gp)
		return 0;
	join_path(gpath, path, "gridPos");
	if (opt_int(L, gp, "x", gpath, &g->x, NULL) || opt_int(L, gp, "y", gpath, &g->y, NULL) ||
	    opt_int(L, gp, "w", gpath, &g->w, NULL) || opt_int(L, gp, "h", gpath, &g->h, NULL))
		return CAIRN_EINVAL;
	if (g->w < 1 || g->h < 1 || g->x < 0 || g->y < 0)
		return cairn_err_set(
		        L->err, CAIRN_EINVAL,
		        "%s: %s: x=%d y=%d w=%d h=%d: w and h must be >= 1, x and y >= 0", L->name,
		        gpath, g->x, g->y, g->w, g->h);
	/* react-grid-layout pulls panels back inside the 24 columns */
	if (g->w > GRID_COLUMNS)
		g->w = GRID_COLUMNS;
	if (g->x + g->w > GRID_COLUMNS)
		g->x = GRID_COLUMNS - g->w;
	return 0;
}

static int parse_panel_fields(struct loader *L, const json_t *j, const char *path,
                              struct cairn_panel *p)
{
	json_t *tf = get(j, "timeFrom"), *ts = get(j, "timeShift");
	if (opt_int(L, j, "id", path, &p->id, NULL) || opt_string(L, j, "type", path, &p->type) ||
	    opt_string(L, j, "title", path, &p->title) ||
	    opt_string(L, j, "description", path, &p->description) ||
	    opt_bool(L, j, "collapsed", path, &p->collapsed) ||
	    opt_bool(L, j, "transparent", path, &p->transparent) ||
	    opt_int(L, j, "maxDataPoints", path, &p->max_data_points, NULL) ||
	    opt_string(L, j, "interval", path, &p->interval) ||
	    (tf && json_is_string(tf) && opt_string(L, j, "timeFrom", path, &p->time_from)) ||
	    (ts && json_is_string(ts) && opt_string(L, j, "timeShift", path, &p->time_shift)) ||
	    parse_datasource(L, j, path, &p->datasource) || parse_grid(L, j, path, &p->grid))
		return CAIRN_EINVAL;
	if (!p->type)
		p->type = g_strdup("");
	if (!p->title)
		p->title = g_strdup("");
	p->is_row = strcmp(p->type, "row") == 0;
	if (!p->is_row)
		p->collapsed = false;
	return 0;
}

static int parse_panel(struct loader *L, const json_t *j, const char *path, int row_index,
                       struct cairn_panel *p)
{
	p->json_path = g_strdup(path);
	p->row_index = row_index;
	fc_init(&p->defaults);
	p->legend = (struct legend_opts){.show = true};
	if (!json_is_object(j))
		return type_err(L, path, "", "object", j);
	if (parse_panel_fields(L, j, path, p) || parse_targets(L, j, path, p) ||
	    parse_field_config(L, j, path, p) || parse_options(L, j, path, p))
		return CAIRN_EINVAL;
	if (strcmp(p->type, "graph") == 0 && legacy_graph(L, j, path, p))
		return CAIRN_EINVAL;
	return 0;
}

static size_t count_panels(const json_t *arr)
{
	size_t n = json_array_size(arr);
	size_t i;
	json_t *p;
	json_array_foreach(arr, i, p)
	{
		if (!json_is_true(get(p, "collapsed")) || !json_is_array(get(p, "panels")))
			continue;
		n += json_array_size(get(p, "panels"));
	}
	return n;
}

static int parse_row_children(struct loader *L, const json_t *row, const char *rpath, int row_index,
                              struct cairn_dashboard *d)
{
	json_t *kids = get(row, "panels");
	size_t i;
	json_t *k;
	json_array_foreach(kids, i, k)
	{
		char kpath[PATH_CAP];
		snprintf(kpath, sizeof kpath, "%s.panels[%zu]", rpath, i);
		struct cairn_panel *p = &d->panels[d->n_panels++];
		if (parse_panel(L, k, kpath, row_index, p))
			return CAIRN_EINVAL;
	}
	return 0;
}

static int parse_panels(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *arr;
	if (opt_kind(L, dash, "panels", "", JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	size_t total = count_panels(arr);
	if (total > CAIRN_MAX_PANELS)
		return limit_err(L, "panels", "panels (rows' panels included)", total,
		                 CAIRN_MAX_PANELS);
	d->panels = g_new0(struct cairn_panel, total ? total : 1);
	int row = -1;
	size_t i;
	json_t *j;
	json_array_foreach(arr, i, j)
	{
		char path[PATH_CAP];
		snprintf(path, sizeof path, "panels[%zu]", i);
		size_t at = d->n_panels++;
		struct cairn_panel *p = &d->panels[at];
		if (parse_panel(L, j, path, row, p))
			return CAIRN_EINVAL;
		if (!p->is_row)
			continue;
		p->row_index = -1;
		row = (int)at;
		/* the same test as count_panels, which sized d->panels */
		if (json_is_true(get(j, "collapsed")) && json_is_array(get(j, "panels")) &&
		    parse_row_children(L, j, path, row, d))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* ---- variables --------------------------------------------------------- */

static const struct name_val var_types[] = {
        {"query", VAR_QUERY},       {"custom", VAR_CUSTOM},
        {"constant", VAR_CONSTANT}, {"textbox", VAR_TEXTBOX},
        {"interval", VAR_INTERVAL}, {"datasource", VAR_DATASOURCE},
        {"adhoc", VAR_ADHOC},       {NULL, 0}};

static int push_value(struct loader *L, const char *path, char ***arr, size_t *n, const char *s,
                      size_t len)
{
	if (*n >= CAIRN_MAX_VAR_VALUES)
		return limit_err(L, path, "values", *n + 1, CAIRN_MAX_VAR_VALUES);
	*arr = g_renew(char *, *arr, *n + 1);
	(*arr)[(*n)++] = g_strndup(s, len);
	return 0;
}

/* current.value: a string or an array of strings. */
static int parse_current(struct loader *L, const json_t *v, const char *path,
                         struct cairn_variable *out)
{
	json_t *cur;
	char cpath[PATH_CAP];
	if (opt_kind(L, v, "current", path, JSON_OBJECT, &cur))
		return CAIRN_EINVAL;
	join_path(cpath, path, "current");
	json_t *val = get(cur, "value");
	if (!val)
		return 0;
	if (json_is_string(val))
		return push_value(L, cpath, &out->current, &out->n_current, json_string_value(val),
		                  json_string_length(val));
	if (!json_is_array(val))
		return type_err(L, cpath, "value", "string or array", val);
	size_t i;
	json_t *s;
	json_array_foreach(val, i, s)
	{
		if (!json_is_string(s))
			continue; /* Grafana writes numbers here now and then; not a value */
		if (push_value(L, cpath, &out->current, &out->n_current, json_string_value(s),
		               json_string_length(s)))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* options[]: every value except "$__all"; the selected ones become the
 * current value when current is missing (older exports). */
static int parse_options_list(struct loader *L, const json_t *v, const char *path,
                              struct cairn_variable *out)
{
	json_t *opts;
	char opath[PATH_CAP];
	bool had_current = out->n_current > 0;
	if (opt_kind(L, v, "options", path, JSON_ARRAY, &opts))
		return CAIRN_EINVAL;
	join_path(opath, path, "options");
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o)
	{
		json_t *val = get(o, "value");
		if (!json_is_string(val))
			continue;
		const char *s = json_string_value(val);
		if (!had_current && json_is_true(get(o, "selected")) &&
		    push_value(L, opath, &out->current, &out->n_current, s, strlen(s)))
			return CAIRN_EINVAL;
		if (strcmp(s, "$__all") != 0 &&
		    push_value(L, opath, &out->options, &out->n_options, s, strlen(s)))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* Custom variable "a, b, c" or "key : value" pairs; "\," is a literal
 * comma, as Grafana's split on /(?:\\,|[^,])+/. */
static int split_custom(struct loader *L, const char *q, const char *path,
                        struct cairn_variable *out)
{
	GString *cur = g_string_new(NULL);
	int rc = 0;
	for (const char *p = q;; p++) {
		if (*p == '\\' && p[1] == ',') {
			g_string_append_c(cur, ',');
			p++;
			continue;
		}
		if (*p && *p != ',') {
			g_string_append_c(cur, *p);
			continue;
		}
		char *item = g_strstrip(cur->str);
		const char *sep = strstr(item, " : ");
		const char *val = sep ? sep + 3 : item;
		if (*item &&
		    push_value(L, path, &out->options, &out->n_options, val, strlen(val))) {
			rc = CAIRN_ELIMIT;
			break;
		}
		g_string_truncate(cur, 0);
		if (!*p)
			break;
	}
	g_string_free(cur, TRUE);
	return rc;
}

static int parse_var_query(struct loader *L, const json_t *v, const char *path,
                           struct cairn_variable *out)
{
	json_t *q = get(v, "query");
	if (!q)
		return 0;
	if (json_is_object(q)) { /* newer Prometheus variables: {query, refId, qryType} */
		char qpath[PATH_CAP];
		join_path(qpath, path, "query");
		return opt_string(L, q, "query", qpath, &out->query);
	}
	if (!json_is_string(q))
		return type_err(L, path, "query", "string or object", q);
	out->query = g_strdup(json_string_value(q));
	return 0;
}

static int parse_variable(struct loader *L, const json_t *v, const char *path,
                          struct cairn_variable *out)
{
	int type = VAR_OTHER;
	out->json_path = g_strdup(path);
	if (!json_is_object(v))
		return type_err(L, path, "", "object", v);
	out->type = VAR_OTHER;
	if (opt_string(L, v, "name", path, &out->name) ||
	    opt_string(L, v, "label", path, &out->label) ||
	    opt_enum(L, v, "type", path, var_types, &type, NULL) ||
	    parse_var_query(L, v, path, out) || opt_bool(L, v, "multi", path, &out->multi) ||
	    opt_bool(L, v, "includeAll", path, &out->include_all) ||
	    opt_string(L, v, "allValue", path, &out->all_value) ||
	    opt_string(L, v, "regex", path, &out->regex) ||
	    opt_int(L, v, "hide", path, &out->hide, NULL) || parse_current(L, v, path, out))
		return CAIRN_EINVAL;
	out->type = (enum var_type)type;
	if (!out->name)
		return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s.name: missing", L->name, path);
	if (out->regex && !*out->regex)
		g_clear_pointer(&out->regex, g_free);
	if (out->type == VAR_CUSTOM && out->query) {
		bool had_current = out->n_current > 0;
		if (split_custom(L, out->query, path, out))
			return CAIRN_ELIMIT;
		if (had_current)
			return 0;
	}
	if (out->type == VAR_CUSTOM && out->n_options > 0) {
		/* keep the split options; still pick up options[].selected */
		char **keep = out->options;
		size_t nk = out->n_options;
		out->options = NULL;
		out->n_options = 0;
		int rc = parse_options_list(L, v, path, out);
		for (size_t i = 0; i < out->n_options; i++)
			g_free(out->options[i]);
		g_free(out->options);
		out->options = keep;
		out->n_options = nk;
		return rc;
	}
	return parse_options_list(L, v, path, out);
}

static int parse_variables(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *tpl, *list;
	if (opt_kind(L, dash, "templating", "", JSON_OBJECT, &tpl))
		return CAIRN_EINVAL;
	if (!tpl)
		return 0;
	if (opt_kind(L, tpl, "list", "templating", JSON_ARRAY, &list))
		return CAIRN_EINVAL;
	size_t n = json_array_size(list);
	if (n > CAIRN_MAX_VARIABLES)
		return limit_err(L, "templating.list", "variables", n, CAIRN_MAX_VARIABLES);
	d->variables = g_new0(struct cairn_variable, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_CAP];
		snprintf(path, sizeof path, "templating.list[%zu]", i);
		d->n_variables = i + 1;
		if (parse_variable(L, json_array_get(list, i), path, &d->variables[i]))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* ---- the dashboard ----------------------------------------------------- */

static int parse_time(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *t;
	if (opt_kind(L, dash, "time", "", JSON_OBJECT, &t) ||
	    opt_string(L, t, "from", "time", &d->time_from) ||
	    opt_string(L, t, "to", "time", &d->time_to) ||
	    opt_string(L, dash, "timezone", "", &d->timezone))
		return CAIRN_EINVAL;
	if (!d->time_from)
		d->time_from = g_strdup("now-6h");
	if (!d->time_to)
		d->time_to = g_strdup("now");
	if (!d->timezone)
		d->timezone = g_strdup("");
	return 0;
}

/* A panel's own JSON (Grafana's "Panel JSON" view, or grafana-ref's input)
 * has a type and targets but no panels[]: it renders as a one-panel
 * dashboard, so panels can be kept and checked on their own. */
static bool is_bare_panel(const json_t *j)
{
	return !get(j, "panels") && json_is_string(get(j, "type")) &&
	       (json_is_array(get(j, "targets")) || json_is_object(get(j, "fieldConfig")));
}

static int parse_bare_panel(struct loader *L, const json_t *j, struct cairn_dashboard *d)
{
	d->panels = g_new0(struct cairn_panel, 1);
	d->n_panels = 1;
	if (parse_panel(L, j, "panel", -1, &d->panels[0]))
		return CAIRN_EINVAL;
	if (d->panels[0].id == 0)
		d->panels[0].id = 1;
	return 0;
}

static int parse_dashboard(struct loader *L, const json_t *root, struct cairn_dashboard *d)
{
	const json_t *dash = root;
	json_t *inner = get(root, "dashboard");
	if (!json_is_object(root))
		return type_err(L, "", "(top level)", "object", root);
	if (json_is_object(inner))
		dash = inner; /* the HTTP API / export wrapper */
	if (opt_string(L, dash, "uid", "", &d->uid) ||
	    opt_string(L, dash, "title", "", &d->title) ||
	    opt_int(L, dash, "schemaVersion", "", &d->schema_version, NULL))
		return CAIRN_EINVAL;
	if (json_is_array(get(dash, "rows")) && !get(dash, "panels"))
		return cairn_err_set(
		        L->err, CAIRN_EUNSUPPORTED,
		        "%s: rows: legacy row layout (schemaVersion %d < 16) is unsupported; "
		        "open and save the dashboard in Grafana 5+ to migrate it to panels[]",
		        L->name, d->schema_version);
	if (!d->title)
		d->title = g_strdup("");
	if (is_bare_panel(dash))
		return parse_time(L, dash, d) || parse_bare_panel(L, dash, d) ? CAIRN_EINVAL : 0;
	return parse_time(L, dash, d) || parse_panels(L, dash, d) || parse_variables(L, dash, d)
	               ? CAIRN_EINVAL
	               : 0;
}

static int read_stream(FILE *f, const char *name, GByteArray *out, struct cairn_err *err)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > CAIRN_MAX_JSON_BYTES)
			return cairn_err_set(err, CAIRN_ELIMIT,
			                     "%s: larger than the %u MiB limit for dashboard JSON",
			                     name, CAIRN_MAX_JSON_BYTES >> 20);
		g_byte_array_append(out, (const guint8 *)chunk, (guint)n);
	}
	if (ferror(f))
		return cairn_err_set(err, CAIRN_EIO, "%s: read error: %s", name, strerror(errno));
	return 0;
}

struct cairn_dashboard *dash_load_file(const char *path, struct cairn_err *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct cairn_dashboard *d = NULL;
	if (!f) {
		cairn_err_set(err, CAIRN_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	GByteArray *buf = g_byte_array_new();
	if (read_stream(f, path, buf, err) == 0)
		d = dash_load_buffer((const char *)buf->data, buf->len, path, err);
	g_byte_array_free(buf, TRUE);
	if (!is_stdin)
		fclose(f);
	return d;
}

struct cairn_dashboard *dash_load_buffer(const char *buf, size_t len, const char *name,
                                         struct cairn_err *err)
{
	struct loader L = {.name = name ? name : "(buffer)", .err = err};
	struct cairn_dashboard *d = NULL;
	json_error_t jerr;
	json_t *root = NULL;

	if (len > CAIRN_MAX_JSON_BYTES) {
		cairn_err_set(err, CAIRN_ELIMIT,
		              "%s: larger than the %u MiB limit for dashboard JSON", L.name,
		              CAIRN_MAX_JSON_BYTES >> 20);
		return NULL;
	}
	root = json_loadb(buf ? buf : "", len, 0, &jerr);
	if (!root) {
		cairn_err_set(err, CAIRN_EINVAL, "%s:%d:%d: %s", L.name, jerr.line, jerr.column,
		              jerr.text);
		return NULL;
	}
	d = g_new0(struct cairn_dashboard, 1);
	d->path = g_strdup(L.name);
	int rc = parse_dashboard(&L, root, d);
	json_decref(root);
	if (rc)
		goto fail;
	return d;
fail:
	if (err && err->code == CAIRN_OK)
		cairn_err_set(err, CAIRN_EINVAL, "%s: invalid dashboard", L.name);
	dash_free(d);
	return NULL;
}

/* ---- freeing ----------------------------------------------------------- */

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_free(v[i]);
	g_free(v);
}

static void fc_fini(struct field_config *fc)
{
	g_free(fc->display_name);
	g_free(fc->custom.axis_label);
}

static void panel_fini(struct cairn_panel *p)
{
	for (size_t i = 0; i < p->n_targets; i++) {
		struct cairn_target *t = &p->targets[i];
		g_free(t->expr);
		g_free(t->legend_format);
		g_free(t->interval);
		g_free(t->json_path);
	}
	g_free(p->targets);
	for (size_t i = 0; i < p->n_overrides; i++) {
		g_free(p->overrides[i].pattern);
		fc_fini(&p->overrides[i].props);
	}
	g_free(p->overrides);
	fc_fini(&p->defaults);
	g_free(p->type);
	g_free(p->title);
	g_free(p->description);
	g_free(p->json_path);
	g_free(p->datasource);
	g_free(p->interval);
	g_free(p->time_from);
	g_free(p->time_shift);
	g_free(p->tooltip_mode);
}

static void variable_fini(struct cairn_variable *v)
{
	g_free(v->name);
	g_free(v->label);
	g_free(v->query);
	g_free(v->all_value);
	g_free(v->regex);
	g_free(v->json_path);
	strv_free(v->current, v->n_current);
	strv_free(v->options, v->n_options);
}

void dash_free(struct cairn_dashboard *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_panels; i++)
		panel_fini(&d->panels[i]);
	g_free(d->panels);
	for (size_t i = 0; i < d->n_variables; i++)
		variable_fini(&d->variables[i]);
	g_free(d->variables);
	g_free(d->path);
	g_free(d->uid);
	g_free(d->title);
	g_free(d->time_from);
	g_free(d->time_to);
	g_free(d->timezone);
	g_free(d);
}

const struct cairn_panel *dash_get_panel(const struct cairn_dashboard *d, int id)
{
	for (size_t i = 0; d && i < d->n_panels; i++)
		if (d->panels[i].id == id && !d->panels[i].is_row)
			return &d->panels[i];
	for (size_t i = 0; d && i < d->n_panels; i++)
		if (d->panels[i].id == id)
			return &d->panels[i];
	return NULL;
}
