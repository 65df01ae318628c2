/*
 * hmopts.c — heatmap options (hmopts.h).  Lenient where Grafana is: unknown
 * enum values and scheme names keep its default (palettes.ts falls back to
 * Spectral for an unknown scheme, as the renderer does); a wrong JSON type,
 * or a number no heatmap can be drawn with (steps, gap, log base), is an
 * error naming its path.
 */
#include "dashboards/hmopts.h"

#include "dashboards/hmschemes.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void hmopts_init(struct heatmap_opts *o)
{
	memset(o, 0, sizeof *o);
	o->xb.mode = o->yb.mode = HMB_SIZE;
	o->color_mode = HMC_SCHEME;
	g_strlcpy(o->scheme, "Oranges", sizeof o->scheme);
	g_strlcpy(o->fill, "dark-orange", sizeof o->fill);
	o->scale = HMS_LINEAR; /* the cue gives color.scale no default: absent draws linearly */
	o->exponent = 0.5;
	o->steps = 64;
	o->color_min = o->color_max = NAN;
	o->cell_gap = 1;
	o->cell_decimals = -1;
	o->filter_le = 1e-9;
	o->filter_ge = NAN;
	o->show_value = HMV_AUTO;
	o->y_placement = AXIS_LEFT;
	o->y_decimals = -1;
	o->y_min = o->y_max = NAN;
	o->legend_show = true;
}

void hmopts_fini(struct heatmap_opts *o)
{
	g_free(o->y_label);
	g_free(o->rows_value);
	o->y_label = o->rows_value = NULL;
}

static const struct jfield_name placements[] = {
        {"auto", AXIS_LEFT}, {"left", AXIS_LEFT}, {"right", AXIS_RIGHT}, {"hidden", AXIS_HIDDEN},
        {NULL, 0}};
static const struct jfield_name layouts[] = {
        {"auto", HML_AUTO}, {"le", HML_LE}, {"ge", HML_GE}, {"unknown", HML_UNKNOWN}, {NULL, 0}};
static const struct jfield_name calc_modes[] = {{"size", HMB_SIZE}, {"count", HMB_COUNT}, {NULL, 0}};
static const struct jfield_name color_modes[] = {
        {"scheme", HMC_SCHEME}, {"opacity", HMC_OPACITY}, {NULL, 0}};
static const struct jfield_name color_scales[] = {
        {"exponential", HMS_EXPONENTIAL}, {"linear", HMS_LINEAR}, {NULL, 0}};
static const struct jfield_name show_values[] = {
        {"auto", HMV_AUTO}, {"never", HMV_NEVER}, {"always", HMV_ALWAYS}, {NULL, 0}};

static int range_err(struct loader *L, const char *path, const char *key, double v,
                     const char *want)
{
	char p[JFIELD_PATH_CAP];
	jfield_join(p, path, key);
	return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: %g: expected %s", L->name, p, v, want);
}

/* A bucket value as Grafana keeps it: a string ("1m", "10", "$var") or a
 * number written as text. */
static int bucket_value(struct loader *L, const json_t *o, const char *key, const char *path,
                        char *buf, size_t cap)
{
	json_t *v = jfield_get(o, key);
	if (v && json_is_number(v)) {
		snprintf(buf, cap, "%.17g", json_number_value(v));
		return 0;
	}
	return jfield_strbuf(L, o, key, path, buf, cap);
}

static int parse_buckets(struct loader *L, const json_t *calc, const char *key, const char *path,
                         struct hm_buckets *b)
{
	json_t *o, *sc;
	char p[JFIELD_PATH_CAP], sp[JFIELD_PATH_CAP], type[16] = "";
	int mode = b->mode;
	if (jfield_kind(L, calc, key, path, JSON_OBJECT, &o))
		return CAIRN_EINVAL;
	if (!o)
		return 0;
	jfield_join(p, path, key);
	if (jfield_enum(L, o, "mode", p, calc_modes, &mode, NULL) ||
	    bucket_value(L, o, "value", p, b->value, sizeof b->value) ||
	    jfield_kind(L, o, "scale", p, JSON_OBJECT, &sc))
		return CAIRN_EINVAL;
	b->mode = (enum hm_calc_mode)mode;
	if (!sc)
		return 0;
	jfield_join(sp, p, "scale");
	double base = 2;
	if (jfield_strbuf(L, sc, "type", sp, type, sizeof type) ||
	    jfield_number(L, sc, "log", sp, &base, NULL))
		return CAIRN_EINVAL;
	if (strcmp(type, "log") != 0)
		return 0;
	if (base != 2 && base != 10)
		return range_err(L, sp, "log", base, "2 or 10");
	b->log = base;
	return 0;
}

static int parse_color(struct loader *L, const json_t *c, const char *path, struct heatmap_opts *o)
{
	int mode = o->color_mode, scale = o->scale;
	if (jfield_enum(L, c, "mode", path, color_modes, &mode, NULL) ||
	    jfield_strbuf(L, c, "scheme", path, o->scheme, sizeof o->scheme) ||
	    jfield_strbuf(L, c, "fill", path, o->fill, sizeof o->fill) ||
	    jfield_enum(L, c, "scale", path, color_scales, &scale, NULL) ||
	    jfield_number(L, c, "exponent", path, &o->exponent, NULL) ||
	    jfield_int(L, c, "steps", path, &o->steps, NULL) ||
	    jfield_bool(L, c, "reverse", path, &o->reverse) ||
	    jfield_number(L, c, "min", path, &o->color_min, NULL) ||
	    jfield_number(L, c, "max", path, &o->color_max, NULL))
		return CAIRN_EINVAL;
	o->color_mode = (enum hm_color_mode)mode;
	o->scale = (enum hm_color_scale)scale;
	/* Grafana's slider stops at 128 but its palette takes any count: more
	 * are drawn (up to the renderer's 1024, past which no 8-bit colour
	 * differs); fewer than 2 make no palette at all */
	if (o->steps < 2)
		return range_err(L, path, "steps", o->steps, "2 or more (Grafana's slider: 2 to 128)");
	if (!(o->exponent > 0) || o->exponent > 100)
		return range_err(L, path, "exponent", o->exponent, "a number above 0");
	return 0;
}

static int parse_yaxis(struct loader *L, const json_t *y, const char *path, struct heatmap_opts *o)
{
	int place = o->y_placement;
	if (jfield_enum(L, y, "axisPlacement", path, placements, &place, NULL) ||
	    jfield_strbuf(L, y, "unit", path, o->y_unit, sizeof o->y_unit) ||
	    jfield_int(L, y, "decimals", path, &o->y_decimals, NULL) ||
	    jfield_bool(L, y, "reverse", path, &o->y_reverse) ||
	    jfield_number(L, y, "min", path, &o->y_min, NULL) ||
	    jfield_number(L, y, "max", path, &o->y_max, NULL) ||
	    jfield_string(L, y, "axisLabel", path, &o->y_label) ||
	    jfield_number(L, y, "axisWidth", path, &o->y_width, NULL))
		return CAIRN_EINVAL;
	o->y_placement = (enum axis_placement)place;
	if (o->y_decimals < -1 || o->y_decimals > 20)
		return range_err(L, path, "decimals", o->y_decimals, "0 to 20");
	if (o->y_width < 0)
		return range_err(L, path, "axisWidth", o->y_width, "a width of 0 px or more");
	return 0;
}

/* The objects under options each in their own path. */
static int parse_sub(struct loader *L, const json_t *opts, const char *opath,
                     struct heatmap_opts *o)
{
	json_t *c, *y, *cv, *fv, *rf, *lg, *calc;
	char p[JFIELD_PATH_CAP];
	if (jfield_kind(L, opts, "color", opath, JSON_OBJECT, &c) ||
	    jfield_kind(L, opts, "yAxis", opath, JSON_OBJECT, &y) ||
	    jfield_kind(L, opts, "cellValues", opath, JSON_OBJECT, &cv) ||
	    jfield_kind(L, opts, "filterValues", opath, JSON_OBJECT, &fv) ||
	    jfield_kind(L, opts, "rowsFrame", opath, JSON_OBJECT, &rf) ||
	    jfield_kind(L, opts, "legend", opath, JSON_OBJECT, &lg) ||
	    jfield_kind(L, opts, "calculation", opath, JSON_OBJECT, &calc))
		return CAIRN_EINVAL;
	jfield_join(p, opath, "color");
	if (c && parse_color(L, c, p, o))
		return CAIRN_EINVAL;
	jfield_join(p, opath, "yAxis");
	if (y && parse_yaxis(L, y, p, o))
		return CAIRN_EINVAL;
	jfield_join(p, opath, "cellValues");
	if (cv && (jfield_strbuf(L, cv, "unit", p, o->cell_unit, sizeof o->cell_unit) ||
	           jfield_int(L, cv, "decimals", p, &o->cell_decimals, NULL)))
		return CAIRN_EINVAL;
	jfield_join(p, opath, "filterValues");
	if (fv) { /* an object given replaces Grafana's default one */
		o->filter_le = o->filter_ge = NAN;
		if (jfield_number(L, fv, "le", p, &o->filter_le, NULL) ||
		    jfield_number(L, fv, "ge", p, &o->filter_ge, NULL))
			return CAIRN_EINVAL;
	}
	int layout = o->rows_layout;
	jfield_join(p, opath, "rowsFrame");
	if (rf && (jfield_enum(L, rf, "layout", p, layouts, &layout, NULL) ||
	           jfield_string(L, rf, "value", p, &o->rows_value)))
		return CAIRN_EINVAL;
	o->rows_layout = (enum hm_cell_layout)layout;
	jfield_join(p, opath, "legend");
	if (lg && jfield_bool(L, lg, "show", p, &o->legend_show))
		return CAIRN_EINVAL;
	jfield_join(p, opath, "calculation");
	if (calc && (parse_buckets(L, calc, "xBuckets", p, &o->xb) ||
	             parse_buckets(L, calc, "yBuckets", p, &o->yb)))
		return CAIRN_EINVAL;
	return 0;
}

static int parse_options(struct loader *L, const json_t *opts, const char *opath,
                         struct heatmap_opts *o)
{
	int sv = o->show_value;
	json_t *bf;
	/* heatmap-new (8.5 alpha) called rowsFrame bucketFrame */
	if (jfield_kind(L, opts, "bucketFrame", opath, JSON_OBJECT, &bf))
		return CAIRN_EINVAL;
	if (jfield_bool(L, opts, "calculate", opath, &o->calculate) ||
	    jfield_number(L, opts, "cellGap", opath, &o->cell_gap, NULL) ||
	    jfield_number(L, opts, "cellRadius", opath, &o->cell_radius, NULL) ||
	    jfield_enum(L, opts, "showValue", opath, show_values, &sv, NULL) ||
	    parse_sub(L, opts, opath, o))
		return CAIRN_EINVAL;
	o->show_value = (enum hm_show_value)sv;
	if (bf && !jfield_get(opts, "rowsFrame")) {
		char p[JFIELD_PATH_CAP];
		int layout = o->rows_layout;
		jfield_join(p, opath, "bucketFrame");
		if (jfield_enum(L, bf, "layout", p, layouts, &layout, NULL))
			return CAIRN_EINVAL;
		o->rows_layout = (enum hm_cell_layout)layout;
	}
	if (!(o->cell_gap >= 0) || o->cell_gap > 25)
		return range_err(L, opath, "cellGap", o->cell_gap, "0 to 25 px (Grafana's slider)");
	return 0;
}

/* ---- the angular heatmap ------------------------------------------------ */

/* asNumber: a number or numeric string, else the default. */
static double as_number(const json_t *v, double dflt)
{
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_string(v) && *json_string_value(v)) {
		char *end;
		double d = g_ascii_strtod(json_string_value(v), &end);
		return *end ? dflt : d;
	}
	return dflt;
}

static void angular_calc(const json_t *a, struct heatmap_opts *o)
{
	const json_t *ya = jfield_get(a, "yAxis");
	double log_base = as_number(jfield_get(ya, "logBase"), 1);
	char tmp[32];
	struct {
		const char *size, *number;
		struct hm_buckets *b;
	} ax[2] = {{"xBucketSize", "xBucketNumber", &o->xb}, {"yBucketSize", "yBucketNumber", &o->yb}};
	for (int k = 0; k < 2; k++) {
		json_t *sz = jfield_get(a, ax[k].size), *num = jfield_get(a, ax[k].number);
		/* migrations.ts tests xBucketNumber for the y axis too: kept */
		json_t *cond = jfield_get(a, "xBucketNumber");
		bool have_size = sz && !json_is_false(sz) && !(json_is_string(sz) && !*json_string_value(sz)) &&
		                 !(json_is_number(sz) && json_number_value(sz) == 0);
		bool have_num = cond && as_number(cond, 0) != 0;
		json_t *src = have_size ? sz : have_num ? num : NULL;
		if (!src)
			continue;
		ax[k].b->mode = have_size ? HMB_SIZE : HMB_COUNT;
		if (json_is_string(src))
			g_strlcpy(tmp, json_string_value(src), sizeof tmp);
		else if (json_is_number(src))
			snprintf(tmp, sizeof tmp, "%.17g", json_number_value(src));
		else
			tmp[0] = '\0'; /* `${undefined}` is "undefined": not a number */
		g_strlcpy(ax[k].b->value, json_is_null(src) ? "" : tmp, sizeof ax[k].b->value);
	}
	if (log_base > 1) {
		double split = as_number(jfield_get(ya, "splitFactor"), 0);
		o->yb.mode = HMB_COUNT;
		o->yb.value[0] = '\0';
		if (split > 0)
			snprintf(o->yb.value, sizeof o->yb.value, "%g", split);
		o->yb.log = log_base == 10 ? 10 : 2;
	}
}

static void angular_color(const json_t *a, struct heatmap_opts *o)
{
	const json_t *c = jfield_get(a, "color");
	const char *mode = json_string_value(jfield_get(c, "mode"));
	if (mode && strcmp(mode, "spectrum") == 0) {
		const char *cur = json_string_value(jfield_get(c, "colorScheme"));
		long found = hm_scheme_index(cur, true);
		if (found < 0)
			found = hm_scheme_index(cur, false);
		o->color_mode = HMC_SCHEME;
		g_strlcpy(o->scheme, found >= 0 ? hm_scheme_at((size_t)found, NULL) : "Oranges", sizeof o->scheme);
	} else if (mode && strcmp(mode, "opacity") == 0) {
		const char *sc = json_string_value(jfield_get(c, "scale"));
		o->color_mode = HMC_OPACITY;
		/* only "exponential" is exponential to the new panel: the angular
		 * "sqrt" draws linearly after migration, as in Grafana */
		o->scale = sc && strcmp(sc, "exponential") == 0 ? HMS_EXPONENTIAL : HMS_LINEAR;
	}
	const char *card = json_string_value(jfield_get(c, "cardColor"));
	if (card)
		g_strlcpy(o->fill, card, sizeof o->fill);
	json_t *mn = jfield_get(c, "min"), *mx = jfield_get(c, "max");
	o->color_min = json_is_number(mn) ? json_number_value(mn) : NAN;
	o->color_max = json_is_number(mx) ? json_number_value(mx) : NAN;
	if (json_is_number(mn) && json_is_number(mx) && o->color_min > o->color_max) {
		double t = o->color_min;
		o->color_min = o->color_max;
		o->color_max = t;
		o->reverse = true;
	}
}

static void angular_yaxis(const json_t *a, struct heatmap_opts *o)
{
	const json_t *ya = jfield_get(a, "yAxis");
	const char *fmt = json_string_value(jfield_get(ya, "format"));
	o->y_placement = json_is_false(jfield_get(ya, "show")) ? AXIS_HIDDEN : AXIS_LEFT;
	o->y_reverse = json_is_true(jfield_get(a, "reverseYBuckets"));
	o->y_width = fmax(0, as_number(jfield_get(ya, "width"), 0));
	o->y_min = as_number(jfield_get(ya, "min"), NAN);
	o->y_max = as_number(jfield_get(ya, "max"), NAN);
	if (fmt)
		g_strlcpy(o->y_unit, fmt, sizeof o->y_unit);
	double dec = as_number(jfield_get(ya, "decimals"), -1);
	o->y_decimals = dec >= 0 && dec <= 20 ? (int)dec : -1;
}

static void migrate_angular(const json_t *a, struct heatmap_opts *o)
{
	const char *df = json_string_value(jfield_get(a, "dataFormat"));
	const char *bound = json_string_value(jfield_get(a, "yBucketBound"));
	const json_t *cards = jfield_get(a, "cards");
	o->migrated = true;
	o->calculate = !(df && strcmp(df, "tsbuckets") == 0);
	if (o->calculate)
		angular_calc(a, o);
	o->steps = 128; /* "best match with existing colors" */
	double gap = as_number(jfield_get(cards, "cardPadding"), 2);
	o->cell_gap = gap != 0 && gap >= 0 && gap <= 25 ? gap : 1;
	o->cell_radius = as_number(jfield_get(cards, "cardRound"), 0);
	angular_yaxis(a, o);
	double dec = as_number(jfield_get(a, "tooltipDecimals"), -1);
	o->cell_decimals = dec >= 0 && dec <= 20 ? (int)dec : -1;
	o->rows_layout = !bound                          ? HML_AUTO
	                 : strcmp(bound, "upper") == 0  ? HML_GE
	                 : strcmp(bound, "lower") == 0  ? HML_LE
	                 : strcmp(bound, "middle") == 0 ? HML_UNKNOWN
	                                                : HML_AUTO;
	o->legend_show = json_is_true(jfield_get(jfield_get(a, "legend"), "show"));
	o->show_value = HMV_NEVER;
	angular_color(a, o);
}

int hmopts_parse(struct loader *L, const json_t *panel, const char *path, struct cairn_panel *p)
{
	json_t *opts;
	char opath[JFIELD_PATH_CAP];
	hmopts_init(&p->heatmap);
	if (!p->type || strcmp(p->type, "heatmap") != 0)
		return 0;
	if (jfield_kind(L, panel, "options", path, JSON_OBJECT, &opts))
		return CAIRN_EINVAL;
	/* heatmapMigrationHandler: no options at all is the angular panel */
	if (!opts || json_object_size(opts) == 0) {
		migrate_angular(panel, &p->heatmap);
		return 0;
	}
	jfield_join(opath, path, "options");
	return parse_options(L, opts, opath, &p->heatmap);
}
