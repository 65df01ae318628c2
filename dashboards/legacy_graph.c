/*
 * legacy_graph.c — the Angular "graph" panel read into the time-series
 * model as Grafana 10.4's graphPanelChangedHandler (flotToGraphOptions)
 * migrates it: yaxes[0] over fieldConfig.defaults, aliasColors and
 * seriesOverrides appended to the overrides (a yaxis-2 override carries
 * what the second axis differs in), the panel's draw options, the legend,
 * and the threshold list as absolute steps with a thresholds style.
 * What the migration ignores (panel decimals, legend sort, hideEmpty,
 * zindex, per-series legend/tooltip flags, nullPointMode overrides) is
 * ignored here too.  singlestat lives in legacy.c.
 */
#include "dashboards/legacy.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/colour.h"
#include "dashboards/fieldconfig.h"

/* One yaxes[i] as Grafana's getFieldConfigFromOldAxis reads it. */
struct old_axis {
	bool present;
	bool has_unit, has_dec, has_min, has_max;
	char unit[48];
	double dec, min, max;
	enum axis_placement placement; /* show truthy: auto, else hidden */
	char *label;                   /* owned; NULL when not truthy */
	double log;                    /* 2 or 10; 0 = linear */
};

/* lodash validNumber: a number, or a string Number() reads ("" is 0);
 * anything else but absent is the wrong type. */
static int valid_number(struct loader *L, const json_t *o, const char *key, const char *path,
                        double *out, bool *have)
{
	json_t *v = jfield_get(o, key);
	*have = false;
	if (!v)
		return 0;
	if (json_is_number(v)) {
		*out = json_number_value(v);
		*have = true;
		return 0;
	}
	if (!json_is_string(v))
		return jfield_type_err(L, path, key, "number", v);
	char *s = g_strstrip(g_strdup(json_string_value(v)));
	char *end;
	double x = *s ? g_ascii_strtod(s, &end) : 0;
	*have = !*s || !*end;
	if (*have)
		*out = x;
	g_free(s);
	return 0;
}

static int read_axis(struct loader *L, const json_t *axes, size_t i, const char *path,
                     struct old_axis *ax)
{
	char apath[JFIELD_PATH_CAP];
	json_t *y = json_array_get(axes, i), *lb;
	bool show = false;
	memset(ax, 0, sizeof *ax);
	snprintf(apath, sizeof apath, "%s.yaxes[%zu]", path, i);
	if (!y || json_is_null(y))
		return 0;
	if (!json_is_object(y))
		return jfield_type_err(L, apath, "", "object", y);
	if (jfield_bool(L, y, "show", apath, &show) ||
	    jfield_strbuf(L, y, "format", apath, ax->unit, sizeof ax->unit) ||
	    jfield_string(L, y, "label", apath, &ax->label) ||
	    valid_number(L, y, "decimals", apath, &ax->dec, &ax->has_dec) ||
	    valid_number(L, y, "min", apath, &ax->min, &ax->has_min) ||
	    valid_number(L, y, "max", apath, &ax->max, &ax->has_max))
		return CAIRN_EINVAL;
	lb = jfield_get(y, "logBase");
	if (json_is_object(lb) || json_is_array(lb))
		return jfield_type_err(L, apath, "logBase", "number", lb);
	ax->present = true;
	ax->has_unit = jfield_get(y, "format") != NULL;
	ax->placement = show ? AXIS_AUTO : AXIS_HIDDEN;
	if (ax->label && !ax->label[0]) {
		g_free(ax->label);
		ax->label = NULL;
	}
	/* Grafana compares with === 2 / === 10: "10" as a string stays linear */
	double b = json_is_number(lb) ? json_number_value(lb) : 0;
	ax->log = b == 2 || b == 10 ? b : 0;
	return 0;
}

/* y1 = {...fieldConfig.defaults, ...yaxes[0]}: the axis' unit, decimals,
 * min and max win, and its custom (placement, label, log scale) replaces
 * the defaults' custom whole. */
static void apply_y1(const struct old_axis *ax, struct field_config *fc)
{
	if (!ax->present)
		return;
	if (ax->has_unit) {
		memcpy(fc->unit, ax->unit, sizeof fc->unit);
		fc->set |= FC_SET_UNIT;
	}
	if (ax->has_dec) {
		fc->decimals = (int)ax->dec;
		fc->set |= FC_SET_DECIMALS;
	}
	if (ax->has_min) {
		fc->min = ax->min;
		fc->set |= FC_SET_MIN;
	}
	if (ax->has_max) {
		fc->max = ax->max;
		fc->set |= FC_SET_MAX;
	}
	struct field_config fresh;
	fieldconfig_init(&fresh);
	g_free(fc->custom.axis_label);
	fc->custom = fresh.custom;
	fc->custom.axis_placement = ax->placement;
	fc->custom.axis_label = g_strdup(ax->label);
	if (ax->log > 0) {
		fc->custom.scale = SCALE_LOG;
		fc->custom.log_base = ax->log;
	}
}

/* fillY2DynamicValues: what the second axis differs from the first in,
 * as override properties (a log scale always: Grafana compares objects). */
static void apply_y2(const struct old_axis *y2, const struct field_config *y1,
                     struct field_config *o)
{
	if (!y2->present)
		return;
	if (y2->has_unit && strcmp(y2->unit, y1->unit) != 0) {
		memcpy(o->unit, y2->unit, sizeof o->unit);
		o->set |= FC_SET_UNIT;
	}
	if (y2->has_dec && (int)y2->dec != y1->decimals) {
		o->decimals = (int)y2->dec;
		o->set |= FC_SET_DECIMALS;
	}
	if (y2->has_min && y2->min != y1->min) {
		o->min = y2->min;
		o->set |= FC_SET_MIN;
	}
	if (y2->has_max && y2->max != y1->max) {
		o->max = y2->max;
		o->set |= FC_SET_MAX;
	}
	if (y2->placement != y1->custom.axis_placement) {
		o->custom.axis_placement = y2->placement;
		o->set |= FC_SET_AXIS_PLACEMENT;
	}
	if (y2->label && g_strcmp0(y2->label, y1->custom.axis_label) != 0) {
		g_free(o->custom.axis_label);
		o->custom.axis_label = g_strdup(y2->label);
		o->set |= FC_SET_AXIS_LABEL;
	}
	if (y2->log > 0) {
		o->custom.scale = SCALE_LOG;
		o->custom.log_base = y2->log;
		o->set |= FC_SET_SCALE;
	}
}

/* ---- overrides ---------------------------------------------------------- */

/* What every series override needs from the panel. */
struct graph_ctx {
	struct old_axis y2;
	const struct field_config *y1; /* the defaults after yaxes[0] */
	enum line_fill dash_fill;      /* the panel's dashes */
	double dash[2];                /* dashLength, spaceLength (?? 10) */
	bool fill_below_to;            /* some override has fillBelowTo */
};

static struct field_override *override_add(struct loader *L, struct cairn_panel *p,
                                           const char *path)
{
	if (p->n_overrides == CAIRN_MAX_OVERRIDES) {
		jfield_limit_err(L, path, "overrides", p->n_overrides + 1, CAIRN_MAX_OVERRIDES);
		return NULL;
	}
	p->overrides = g_renew(struct field_override, p->overrides, p->n_overrides + 1);
	struct field_override *o = &p->overrides[p->n_overrides++];
	memset(o, 0, sizeof *o);
	fieldconfig_init(&o->props);
	return o;
}

static void set_fixed_colour(struct field_config *fc, const char *name)
{
	fc->color_mode = COLOR_FIXED;
	g_strlcpy(fc->fixed_color_name, name, sizeof fc->fixed_color_name);
	fc->fixed_color = CAIRN_COLOR_NONE;
	colour_parse(name, COLOUR_DARK, &fc->fixed_color);
	fc->set |= FC_SET_COLOR;
}

/* aliasColors {name: colour}: a fixed colour by name for each truthy one. */
static int alias_colors(struct loader *L, const json_t *panel, const char *path,
                        struct cairn_panel *p)
{
	json_t *ac, *v;
	const char *name;
	char apath[JFIELD_PATH_CAP];
	if (jfield_kind(L, panel, "aliasColors", path, JSON_OBJECT, &ac))
		return CAIRN_EINVAL;
	jfield_join(apath, path, "aliasColors");
	json_object_foreach(ac, name, v)
	{
		if (json_is_null(v) || (json_is_string(v) && !json_string_length(v)))
			continue;
		if (!json_is_string(v))
			return jfield_type_err(L, apath, name, "string", v);
		struct field_override *o = override_add(L, p, apath);
		if (!o)
			return CAIRN_ELIMIT;
		o->kind = MATCH_BY_NAME;
		o->pattern = g_strdup(name);
		set_fixed_colour(&o->props, json_string_value(v));
	}
	return 0;
}

/* Grafana's /^([/~@;%#'])(.*?)\1([gimsuy]*)$/ test on an alias. */
static bool alias_is_regex(const char *a)
{
	if (!*a || !strchr("/~@;%#'", *a))
		return false;
	for (const char *e = a + 1; *e; e++)
		if (*e == *a && strspn(e + 1, "gimsuy") == strlen(e + 1))
			return true;
	return false;
}

/* fill, fillGradient, linewidth, pointradius: numbers (or numeric strings,
 * which JavaScript's arithmetic reads too). */
static int prop_number(struct loader *L, const json_t *so, const char *k, const char *path,
                       struct field_config *o)
{
	struct ts_custom *c = &o->custom;
	double x = 0;
	bool have = false;
	if (jfield_number(L, so, k, path, &x, &have))
		return CAIRN_EINVAL;
	if (!have)
		return 0;
	if (strcmp(k, "linewidth") == 0) {
		c->line_width = x;
		o->set |= FC_SET_LINE_WIDTH;
	} else if (strcmp(k, "pointradius") == 0) {
		c->point_size = 2 + x * 2;
		o->set |= FC_SET_POINT_SIZE;
	} else if (x != 0 || strcmp(k, "fill") == 0) {
		/* fill always; fillGradient when truthy (its own property,
		 * custom.fillGradient, is no time-series option: only the
		 * opacity takes) */
		c->fill_opacity = x * 10;
		o->set |= FC_SET_FILL;
	}
	return 0;
}

/* points, bars, lines. */
static int prop_flag(struct loader *L, const json_t *so, const char *k, const char *path,
                     struct field_config *o)
{
	struct ts_custom *c = &o->custom;
	bool on = false;
	if (strcmp(k, "lines") == 0) {
		c->line_width = 0; /* whatever the value: Grafana's migration does so */
		o->set |= FC_SET_LINE_WIDTH;
		return 0;
	}
	if (jfield_bool(L, so, k, path, &on))
		return CAIRN_EINVAL;
	if (strcmp(k, "points") == 0) {
		c->show_points = on ? POINTS_ALWAYS : POINTS_NEVER;
		o->set |= FC_SET_SHOW_POINTS;
		return 0;
	}
	c->draw_style = on ? DRAW_BARS : DRAW_LINE;
	o->set |= FC_SET_DRAW_STYLE;
	if (on) {
		c->fill_opacity = 100; /* solid bars */
		o->set |= FC_SET_FILL;
	}
	return 0;
}

/* dashes, dashLength, spaceLength: one line style, starting from the
 * panel's. */
static int prop_dash(struct loader *L, const struct graph_ctx *g, const json_t *so, const char *k,
                     const char *path, struct field_config *o, bool *dashed)
{
	struct ts_custom *c = &o->custom;
	bool on = false;
	if (!*dashed) {
		c->line_fill = g->dash_fill;
		memcpy(c->line_dash, g->dash, sizeof c->line_dash);
		*dashed = true;
	}
	o->set |= FC_SET_LINE_STYLE;
	if (strcmp(k, "dashes") != 0)
		return jfield_number(L, so, k, path, &c->line_dash[strcmp(k, "spaceLength") == 0],
		                     NULL);
	if (jfield_bool(L, so, k, path, &on))
		return CAIRN_EINVAL;
	c->line_fill = on ? LINE_DASH : LINE_SOLID;
	return 0;
}

/* yaxis, stack, color, transform; anything else is ignored, as Grafana's
 * migration ignores it. */
static int prop_other(struct loader *L, const struct graph_ctx *g, const json_t *v, const char *k,
                      const char *path, struct field_config *o)
{
	struct ts_custom *c = &o->custom;
	if (strcmp(k, "yaxis") == 0) {
		if (json_is_number(v) && json_number_value(v) == 2)
			apply_y2(&g->y2, g->y1, o);
	} else if (strcmp(k, "stack") == 0) {
		if (fieldconfig_stack_group(L, v, path, k, c->stack_group, sizeof c->stack_group))
			return CAIRN_EINVAL;
		c->stacking = STACK_NORMAL;
		o->set |= FC_SET_STACKING;
	} else if (strcmp(k, "color") == 0 || strcmp(k, "transform") == 0) {
		if (!json_is_string(v))
			return jfield_type_err(L, path, k, "string", v);
		if (k[0] == 'c') {
			set_fixed_colour(o, json_string_value(v));
		} else {
			c->transform_negative_y = strcmp(json_string_value(v), "negative-Y") == 0;
			o->set |= FC_SET_TRANSFORM;
		}
	}
	return 0;
}

static bool key_in(const char *k, const char *const *keys)
{
	for (; *keys; keys++)
		if (strcmp(k, *keys) == 0)
			return true;
	return false;
}

/* One property of a series override (key k of so), in the JSON's order so
 * that a later one wins as in Grafana's property list. */
static int series_prop(struct loader *L, const struct graph_ctx *g, const json_t *so, const char *k,
                       const char *path, struct field_config *o, bool *dashed)
{
	static const char *const numbers[] = {"fill", "fillGradient", "linewidth", "pointradius",
	                                      NULL};
	static const char *const flags[] = {"points", "bars", "lines", NULL};
	static const char *const dashes[] = {"dashes", "dashLength", "spaceLength", NULL};
	if (key_in(k, numbers))
		return prop_number(L, so, k, path, o);
	if (key_in(k, flags))
		return prop_flag(L, so, k, path, o);
	if (key_in(k, dashes))
		return prop_dash(L, g, so, k, path, o, dashed);
	return prop_other(L, g, json_object_get(so, k), k, path, o);
}

/* One seriesOverrides[i]: an override by name, or by regexp when the alias
 * is a regex literal; none when the alias is empty or nothing maps. */
static int series_override(struct loader *L, struct graph_ctx *g, const json_t *so,
                           const char *path, struct cairn_panel *p)
{
	json_t *alias = jfield_get(so, "alias"), *v;
	const char *k;
	bool dashed = false;
	if (!alias || (json_is_string(alias) && !json_string_length(alias)))
		return 0; /* "the matcher config": Grafana skips it */
	if (!json_is_string(alias))
		return jfield_type_err(L, path, "alias", "string", alias);
	struct field_config props;
	fieldconfig_init(&props);
	json_object_foreach((json_t *)so, k, v)
	{
		if (json_is_null(v))
			continue;
		g->fill_below_to |= strcmp(k, "fillBelowTo") == 0;
		if (series_prop(L, g, so, k, path, &props, &dashed)) {
			fieldconfig_fini(&props);
			return CAIRN_EINVAL;
		}
	}
	if (!props.set) {
		fieldconfig_fini(&props);
		return 0;
	}
	struct field_override *o = override_add(L, p, path);
	if (!o) {
		fieldconfig_fini(&props);
		return CAIRN_ELIMIT;
	}
	const char *a = json_string_value(alias);
	o->kind = alias_is_regex(a) ? MATCH_BY_REGEXP : MATCH_BY_NAME;
	o->pattern = g_strdup(a);
	o->props = props;
	return 0;
}

static int series_overrides(struct loader *L, struct graph_ctx *g, const json_t *panel,
                            const char *path, struct cairn_panel *p)
{
	json_t *arr, *so;
	size_t i;
	if (jfield_kind(L, panel, "seriesOverrides", path, JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	json_array_foreach(arr, i, so)
	{
		char opath[JFIELD_PATH_CAP];
		snprintf(opath, sizeof opath, "%s.seriesOverrides[%zu]", path, i);
		if (!json_is_object(so))
			return jfield_type_err(L, opath, "", "object", so);
		if (series_override(L, g, so, opath, p))
			return L->err && L->err->code ? (int)L->err->code : CAIRN_EINVAL;
	}
	return 0;
}

/* ---- thresholds --------------------------------------------------------- */

struct old_threshold {
	double value;
	bool gt, lt, fill, line;
	char color[48];
	size_t index; /* for a stable sort */
};

/* getThresholdColor: critical red, warning orange, custom its fill (or
 * line) colour, anything else red. */
static int threshold_read(struct loader *L, const json_t *t, const char *path,
                          struct old_threshold *out)
{
	char op[8] = "", mode[16] = "", fillc[48] = "", linec[48] = "";
	if (!json_is_object(t))
		return jfield_type_err(L, path, "", "object", t);
	out->value = NAN;
	if (jfield_number(L, t, "value", path, &out->value, NULL) ||
	    jfield_strbuf(L, t, "op", path, op, sizeof op) ||
	    jfield_bool(L, t, "fill", path, &out->fill) ||
	    jfield_bool(L, t, "line", path, &out->line) ||
	    jfield_strbuf(L, t, "colorMode", path, mode, sizeof mode) ||
	    jfield_strbuf(L, t, "fillColor", path, fillc, sizeof fillc) ||
	    jfield_strbuf(L, t, "lineColor", path, linec, sizeof linec))
		return CAIRN_EINVAL;
	out->gt = strcmp(op, "gt") == 0;
	out->lt = strcmp(op, "lt") == 0;
	const char *c = "red";
	if (strcmp(mode, "warning") == 0)
		c = "orange";
	else if (strcmp(mode, "custom") == 0)
		c = fillc[0] ? fillc : linec;
	g_strlcpy(out->color, c, sizeof out->color);
	return 0;
}

static int threshold_cmp(const void *a, const void *b)
{
	const struct old_threshold *x = a, *y = b;
	if (x->value != y->value)
		return x->value > y->value ? 1 : -1;
	return x->index < y->index ? -1 : 1;
}

static void step_add(struct thresholds *th, double value, const char *colour)
{
	struct threshold *s = &th->steps[th->n++];
	s->value = value;
	g_strlcpy(s->color_name, colour, sizeof s->color_name);
	s->color = CAIRN_COLOR_NONE;
	colour_parse(colour, COLOUR_DARK, &s->color);
}

/* The sorted list → steps: gt opens its colour at its value; lt colours
 * from below (its own colour when first) and closes at its value with the
 * next lt's colour or transparent; a transparent base when none is first. */
static void threshold_steps(const struct old_threshold *t, size_t n, struct field_config *fc)
{
	struct thresholds *th = &fc->thresholds;
	bool area = false, line = false;
	th->mode = THRESH_ABSOLUTE;
	th->n = 0;
	for (size_t i = 0; i < n; i++) {
		const struct old_threshold *next = i + 1 < n ? &t[i + 1] : NULL;
		area |= t[i].fill;
		line |= t[i].line;
		if (t[i].gt)
			step_add(th, t[i].value, t[i].color);
		if (!t[i].lt)
			continue;
		if (th->n == 0)
			step_add(th, -INFINITY, t[i].color);
		step_add(th, t[i].value,
		         next && next->lt && !(next->gt) ? next->color : "transparent");
	}
	if (th->n > 0 && th->steps[0].value != -INFINITY) {
		memmove(&th->steps[1], &th->steps[0], th->n * sizeof th->steps[0]);
		th->n++;
		th->steps[0] = (struct threshold){-INFINITY, 0, "transparent"};
		colour_parse("transparent", COLOUR_DARK, &th->steps[0].color);
	}
	fc->custom.thresholds_style = line && area ? TSTYLE_LINE_AREA
	                              : area       ? TSTYLE_AREA
	                                           : TSTYLE_LINE;
	fc->set |= FC_SET_THRESHOLDS;
}

static int graph_thresholds(struct loader *L, const json_t *panel, const char *path,
                            struct field_config *fc)
{
	json_t *arr, *t;
	size_t i, n;
	char tpath[JFIELD_PATH_CAP];
	if (jfield_kind(L, panel, "thresholds", path, JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	n = json_array_size(arr);
	jfield_join(tpath, path, "thresholds");
	if (n == 0)
		return 0;
	if (2 * n + 1 > CAIRN_MAX_THRESHOLDS) /* each gives at most two steps, plus a base */
		return jfield_limit_err(L, tpath, "thresholds", n, (CAIRN_MAX_THRESHOLDS - 1) / 2);
	struct old_threshold *ts = g_new0(struct old_threshold, n);
	json_array_foreach(arr, i, t)
	{
		char ipath[JFIELD_PATH_CAP + 16];
		snprintf(ipath, sizeof ipath, "%s[%zu]", tpath, i);
		ts[i].index = i;
		if (threshold_read(L, t, ipath, &ts[i])) {
			g_free(ts);
			return CAIRN_EINVAL;
		}
	}
	qsort(ts, n, sizeof *ts, threshold_cmp);
	threshold_steps(ts, n, fc);
	g_free(ts);
	return 0;
}

/* ---- legend ------------------------------------------------------------- */

/* JavaScript truthiness of a JSON value. */
static bool js_truthy(const json_t *v)
{
	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_number(v))
		return json_number_value(v) != 0 && !isnan(json_number_value(v));
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return v && !json_is_null(v);
}

/* getReducersFromLegend: every truthy key that names a reducer (or one of
 * its aliases avg, current, total), in the JSON's order. */
static void legend_calcs(const json_t *lg, struct legend_opts *lo)
{
	static const struct {
		const char *key;
		unsigned calc;
	} ids[] = {{"min", CALC_MIN},   {"max", CALC_MAX},         {"avg", CALC_MEAN},
	           {"mean", CALC_MEAN}, {"current", CALC_LAST_NN}, {"lastNotNull", CALC_LAST_NN},
	           {"last", CALC_LAST}, {"first", CALC_FIRST},     {"firstNotNull", CALC_FIRST_NN},
	           {"total", CALC_SUM}, {"sum", CALC_SUM},         {"count", CALC_COUNT}};
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)lg, k, v)
	{
		for (size_t i = 0; i < G_N_ELEMENTS(ids) && js_truthy(v); i++) {
			if (strcmp(ids[i].key, k) != 0 || (lo->calcs & ids[i].calc))
				continue;
			lo->calcs |= ids[i].calc;
			lo->calc_order[lo->n_calc_order++] = ids[i].calc;
		}
	}
}

/* The time-series legend Grafana's migration makes: a list at the bottom
 * unless the graph's legend says otherwise (an object without show hides). */
static int graph_legend(struct loader *L, const json_t *panel, const char *path,
                        struct legend_opts *lo)
{
	json_t *lg;
	char sub[JFIELD_PATH_CAP];
	bool show = false, values = false, right = false, table = false;
	*lo = (struct legend_opts){.show = true};
	if (jfield_kind(L, panel, "legend", path, JSON_OBJECT, &lg))
		return CAIRN_EINVAL;
	if (!lg)
		return 0;
	jfield_join(sub, path, "legend");
	if (jfield_bool(L, lg, "show", sub, &show) || jfield_bool(L, lg, "values", sub, &values) ||
	    jfield_bool(L, lg, "rightSide", sub, &right) ||
	    jfield_bool(L, lg, "alignAsTable", sub, &table) ||
	    jfield_number(L, lg, "sideWidth", sub, &lo->width, NULL))
		return CAIRN_EINVAL;
	lo->show = show;
	lo->mode = show && table ? LEGEND_TABLE : LEGEND_LIST;
	lo->placement = right ? LEGEND_RIGHT : LEGEND_BOTTOM;
	if (values)
		legend_calcs(lg, lo);
	return 0;
}

/* ---- the panel ---------------------------------------------------------- */

struct graph_flags {
	bool lines, bars, points, stack, stepped, dashes;
	bool has_lw, has_fill, has_fg, has_radius;
	double lw, fill, fill_gradient, radius;
	char npm[24];
};

/* Strict isNumber: a numeric string is not one here (Grafana skips it). */
static bool strict_number(const json_t *panel, const char *key, double *out)
{
	json_t *v = jfield_get(panel, key);
	if (json_is_number(v))
		*out = json_number_value(v);
	return json_is_number(v);
}

static int read_flags(struct loader *L, const json_t *panel, const char *path,
                      struct graph_flags *f)
{
	if (jfield_bool(L, panel, "lines", path, &f->lines) ||
	    jfield_bool(L, panel, "bars", path, &f->bars) ||
	    jfield_bool(L, panel, "points", path, &f->points) ||
	    jfield_bool(L, panel, "stack", path, &f->stack) ||
	    jfield_bool(L, panel, "steppedLine", path, &f->stepped) ||
	    jfield_bool(L, panel, "dashes", path, &f->dashes) ||
	    jfield_number(L, panel, "linewidth", path, &f->lw, &f->has_lw) ||
	    jfield_number(L, panel, "fill", path, &f->fill, NULL) ||
	    jfield_number(L, panel, "fillGradient", path, &f->fill_gradient, NULL) ||
	    jfield_number(L, panel, "pointradius", path, &f->radius, NULL) ||
	    jfield_strbuf(L, panel, "nullPointMode", path, f->npm, sizeof f->npm))
		return CAIRN_EINVAL;
	f->has_fill = strict_number(panel, "fill", &f->fill);
	f->has_fg = strict_number(panel, "fillGradient", &f->fill_gradient);
	f->has_radius = strict_number(panel, "pointradius", &f->radius);
	return 0;
}

/* The panel's own draw options over the defaults' custom. */
static void apply_flags(const struct graph_flags *f, const struct graph_ctx *g, struct ts_custom *c)
{
	c->draw_style = f->bars ? DRAW_BARS : f->lines ? DRAW_LINE : DRAW_POINTS;
	if (f->points) {
		c->show_points = POINTS_ALWAYS;
		if (f->has_radius)
			c->point_size = 2 + f->radius * 2;
	} else if (c->draw_style != DRAW_POINTS) {
		c->show_points = POINTS_NEVER;
	}
	c->line_width = f->has_lw ? f->lw : 1;
	if (g->dash_fill != LINE_SOLID) {
		c->line_fill = g->dash_fill;
		memcpy(c->line_dash, g->dash, sizeof c->line_dash);
	}
	if (g->fill_below_to)
		c->fill_opacity = 35; /* flot's bands */
	else if (f->has_fill)
		c->fill_opacity = f->fill * 10;
	if (f->has_fg && f->fill_gradient > 0) {
		c->gradient = GRADIENT_OPACITY;
		c->fill_opacity = f->fill_gradient * 10;
	}
	c->span_nulls = strcmp(f->npm, "connected") == 0;
	c->span_nulls_ms = 0;
	if (f->stepped)
		c->line_interp = INTERP_STEP_AFTER;
	if (c->draw_style == DRAW_BARS)
		c->fill_opacity = 100;
	if (f->stack) {
		c->stacking = STACK_NORMAL;
		g_strlcpy(c->stack_group, "A", sizeof c->stack_group);
	}
}

static int graph_axes(struct loader *L, const json_t *panel, const char *path,
                      struct field_config *fc, struct old_axis *y2)
{
	json_t *axes;
	struct old_axis y1;
	memset(y2, 0, sizeof *y2);
	if (jfield_kind(L, panel, "yaxes", path, JSON_ARRAY, &axes))
		return CAIRN_EINVAL;
	if (read_axis(L, axes, 0, path, &y1))
		return CAIRN_EINVAL;
	apply_y1(&y1, fc);
	g_free(y1.label);
	return read_axis(L, axes, 1, path, y2);
}

int legacy_graph(struct loader *L, const json_t *panel, const char *path, struct cairn_panel *p)
{
	struct graph_flags f = {0};
	struct graph_ctx g = {.y1 = &p->defaults, .dash = {10, 10}};
	int rc = CAIRN_EINVAL;
	if (read_flags(L, panel, path, &f) || graph_axes(L, panel, path, &p->defaults, &g.y2) ||
	    jfield_number(L, panel, "dashLength", path, &g.dash[0], NULL) ||
	    jfield_number(L, panel, "spaceLength", path, &g.dash[1], NULL))
		goto done;
	g.dash_fill = f.dashes ? LINE_DASH : LINE_SOLID;
	if (alias_colors(L, panel, path, p) || series_overrides(L, &g, panel, path, p) ||
	    graph_legend(L, panel, path, &p->legend))
		goto done;
	apply_flags(&f, &g, &p->defaults.custom);
	if (graph_thresholds(L, panel, path, &p->defaults))
		goto done;
	rc = 0;
done:
	g_free(g.y2.label);
	return rc == 0 ? 0 : L->err && L->err->code ? (int)L->err->code : rc;
}
