/*
 * barsopts.c — barsopts.h: options of the barchart and histogram panels.
 * Range checks follow the plugins' panelcfg.cue (groupWidth and barWidth in
 * [0, 1], barRadius in [0, 0.5], xTickLabelRotation in [-90, 90],
 * bucketCount > 0); Grafana draws nonsense or nothing past them, so cairn
 * says which value at which path instead.  bucketSize and bucketOffset may
 * be strings, as the transformer's editor stores them: a string that is not
 * a number reads as absent, as the transformer's parseFloat does.
 */
#include "dashboards/barsopts.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static bool is_type(const struct cairn_panel *p, const char *t)
{
	return p->type && strcmp(p->type, t) == 0;
}

void barsopts_init(struct cairn_panel *p)
{
	p->barchart = (struct barchart_opts){.orientation = ORIENT_AUTO,
	                                     .group_width = 0.7,
	                                     .bar_width = 0.97,
	                                     .stacking = STACK_NONE,
	                                     .show_value = BARVAL_AUTO};
	p->histogram = (struct histogram_opts){.bucket_count = 30};
}

void barsopts_fini(struct cairn_panel *p)
{
	g_free(p->barchart.x_field);
	g_free(p->barchart.color_by_field);
	p->barchart.x_field = p->barchart.color_by_field = NULL;
}

void barsopts_field_defaults(struct cairn_panel *p)
{
	if ((is_type(p, "barchart") || is_type(p, "histogram")) &&
	    !(p->defaults.set & FC_SET_FILL))
		p->defaults.custom.fill_opacity = 80;
}

static int out_of_range(struct loader *L, const char *path, const char *key, double v,
                        double lo, double hi)
{
	char full[JFIELD_PATH_CAP];
	jfield_join(full, path, key);
	return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: %g is outside [%g, %g]", L->name, full,
	                     v, lo, hi);
}

/* A number in [lo, hi] when present. */
static int ranged(struct loader *L, const json_t *o, const char *key, const char *path,
                  double lo, double hi, double *out)
{
	bool has = false;
	double v = *out;
	if (jfield_number(L, o, key, path, &v, &has))
		return CAIRN_EINVAL;
	if (has && !(v >= lo && v <= hi))
		return out_of_range(L, path, key, v, lo, hi);
	*out = v;
	return 0;
}

static const struct jfield_name orientations[] = {{"auto", ORIENT_AUTO},
                                                  {"horizontal", ORIENT_HORIZONTAL},
                                                  {"vertical", ORIENT_VERTICAL},
                                                  {NULL, 0}};
static const struct jfield_name stackings[] = {
        {"none", STACK_NONE}, {"normal", STACK_NORMAL}, {"percent", STACK_PERCENT}, {NULL, 0}};
static const struct jfield_name show_values[] = {
        {"auto", BARVAL_AUTO}, {"never", BARVAL_NEVER}, {"always", BARVAL_ALWAYS}, {NULL, 0}};

static int parse_barchart(struct loader *L, const json_t *o, const char *path,
                          struct barchart_opts *b)
{
	json_t *t;
	char sub[JFIELD_PATH_CAP];
	int orient = b->orientation, st = b->stacking, sv = b->show_value;
	double max_len = b->x_tick_max_length;
	if (jfield_string(L, o, "xField", path, &b->x_field) ||
	    jfield_string(L, o, "colorByField", path, &b->color_by_field) ||
	    jfield_enum(L, o, "orientation", path, orientations, &orient, NULL) ||
	    jfield_enum(L, o, "stacking", path, stackings, &st, NULL) ||
	    jfield_enum(L, o, "showValue", path, show_values, &sv, NULL) ||
	    ranged(L, o, "groupWidth", path, 0, 1, &b->group_width) ||
	    ranged(L, o, "barWidth", path, 0, 1, &b->bar_width) ||
	    ranged(L, o, "barRadius", path, 0, 0.5, &b->bar_radius) ||
	    ranged(L, o, "xTickLabelRotation", path, -90, 90, &b->x_tick_rotation) ||
	    ranged(L, o, "xTickLabelSpacing", path, -1e6, 1e6, &b->x_tick_spacing) ||
	    ranged(L, o, "xTickLabelMaxLength", path, 0, 1e6, &max_len) ||
	    jfield_kind(L, o, "text", path, JSON_OBJECT, &t))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "text");
	if (t && ranged(L, t, "valueSize", sub, 0, 1000, &b->value_size))
		return CAIRN_EINVAL;
	b->orientation = (enum viz_orientation)orient;
	b->stacking = (enum stack_mode)st;
	b->show_value = (enum bar_show_value)sv;
	b->x_tick_max_length = (int)max_len;
	/* "" is how the editor stores "no field chosen" */
	if (b->x_field && !*b->x_field) {
		g_free(b->x_field);
		b->x_field = NULL;
	}
	if (b->color_by_field && !*b->color_by_field) {
		g_free(b->color_by_field);
		b->color_by_field = NULL;
	}
	return 0;
}

/* A number, or a string parseFloat reads (else absent). */
static int loose_number(struct loader *L, const json_t *o, const char *key, const char *path,
                        double *out)
{
	json_t *v = jfield_get(o, key);
	if (!v)
		return 0;
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 0;
	}
	if (!json_is_string(v))
		return jfield_type_err(L, path, key, "number or string", v);
	char *end;
	double d = g_ascii_strtod(json_string_value(v), &end);
	if (end != json_string_value(v) && isfinite(d))
		*out = d;
	return 0;
}

static int parse_histogram(struct loader *L, const json_t *o, const char *path,
                           struct histogram_opts *h)
{
	double count = h->bucket_count;
	if (loose_number(L, o, "bucketSize", path, &h->bucket_size) ||
	    loose_number(L, o, "bucketOffset", path, &h->bucket_offset) ||
	    ranged(L, o, "bucketCount", path, 1, 100000, &count) ||
	    jfield_bool(L, o, "combine", path, &h->combine))
		return CAIRN_EINVAL;
	h->bucket_count = (int)count;
	/* the transformer reads a negative size as "automatic" */
	if (!(h->bucket_size > 0))
		h->bucket_size = 0;
	return 0;
}

int barsopts_parse(struct loader *L, const json_t *o, const char *path, struct cairn_panel *p)
{
	if (is_type(p, "barchart"))
		return parse_barchart(L, o, path, &p->barchart);
	if (is_type(p, "histogram"))
		return parse_histogram(L, o, path, &p->histogram);
	return 0;
}
