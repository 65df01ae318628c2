/*
 * fields.c — field config per series (fields.h): defaults, then overrides
 * in the dashboard's order, then name, colour and axis.
 *
 * Override regexes come from dashboards cairn did not write, so each is
 * compiled once per call and bounded by base/jsregex.h; one that gives up is
 * reported and dropped, never taken as "no match" (which would draw the
 * panel as if the override did not exist, silently).  Overrides are applied
 * override by override over all series, which gives every series the same
 * result as series by series (each still sees overrides in order) and lets
 * a failing override be left out whole.
 */
#include "render/fields.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/jsregex.h"
#include "dashboards/legend.h"
#include "render/display.h"

/* Matches between two looks at the clock: a match costs at most a few ms
 * (JSREGEX_MATCH_LIMIT), so the deadline is missed by well under a second. */
#define DEADLINE_EVERY 16

void fields_apply_props(struct field_config *d, const struct field_config *o)
{
	uint32_t s = o->set;
	if (s & FC_SET_UNIT)
		memcpy(d->unit, o->unit, sizeof d->unit);
	if (s & FC_SET_DECIMALS)
		d->decimals = o->decimals;
	if (s & FC_SET_MIN)
		d->min = o->min;
	if (s & FC_SET_MAX)
		d->max = o->max;
	if (s & FC_SET_COLOR) {
		d->color_mode = o->color_mode;
		d->fixed_color = o->fixed_color;
		memcpy(d->fixed_color_name, o->fixed_color_name, sizeof d->fixed_color_name);
		memcpy(d->color_scheme, o->color_scheme, sizeof d->color_scheme);
		d->series_by = o->series_by;
	}
	if (s & FC_SET_DISPLAY_NAME)
		d->display_name = o->display_name;
	if (s & FC_SET_THRESHOLDS)
		d->thresholds = o->thresholds;
	if (s & FC_SET_MAPPINGS) { /* borrowed from the override, as display_name */
		d->mappings = o->mappings;
		d->n_mappings = o->n_mappings;
	}
	if (s & FC_SET_NO_VALUE)
		memcpy(d->no_value, o->no_value, sizeof d->no_value);
	if (s & FC_SET_LINE_WIDTH)
		d->custom.line_width = o->custom.line_width;
	if (s & FC_SET_FILL)
		d->custom.fill_opacity = o->custom.fill_opacity;
	if (s & FC_SET_GRADIENT)
		d->custom.gradient = o->custom.gradient;
	if (s & FC_SET_POINT_SIZE)
		d->custom.point_size = o->custom.point_size;
	if (s & FC_SET_SCALE) {
		d->custom.scale = o->custom.scale;
		d->custom.log_base = o->custom.log_base;
	}
	if (s & FC_SET_DRAW_STYLE)
		d->custom.draw_style = o->custom.draw_style;
	if (s & FC_SET_STACKING) {
		d->custom.stacking = o->custom.stacking;
		memcpy(d->custom.stack_group, o->custom.stack_group, sizeof d->custom.stack_group);
	}
	if (s & FC_SET_TRANSFORM)
		d->custom.transform_negative_y = o->custom.transform_negative_y;
	if (s & FC_SET_HIDE) {
		d->custom.hide_in_legend = o->custom.hide_in_legend;
		d->custom.hide_in_viz = o->custom.hide_in_viz;
	}
	if (s & FC_SET_AXIS_PLACEMENT)
		d->custom.axis_placement = o->custom.axis_placement;
	if (s & FC_SET_LINE_INTERP)
		d->custom.line_interp = o->custom.line_interp;
	if (s & FC_SET_SHOW_POINTS)
		d->custom.show_points = o->custom.show_points;
	if (s & FC_SET_AXIS_LABEL)
		d->custom.axis_label = o->custom.axis_label; /* borrowed from the override */
	if (s & FC_SET_AXIS_COLOR)
		d->custom.axis_color_series = o->custom.axis_color_series;
	if (s & FC_SET_LINE_STYLE) {
		d->custom.line_fill = o->custom.line_fill;
		memcpy(d->custom.line_dash, o->custom.line_dash, sizeof d->custom.line_dash);
	}
	if (s & FC_SET_TABLE_WIDTH) {
		d->table.width = o->table.width;
		d->table.min_width = o->table.min_width;
	}
	if (s & FC_SET_TABLE_ALIGN)
		d->table.align = o->table.align;
	if (s & FC_SET_TABLE_CELL) {
		d->table.cell = o->table.cell;
		d->table.cell_mode = o->table.cell_mode;
		d->table.value_hidden = o->table.value_hidden;
		d->table.value_color = o->table.value_color;
	}
	if (s & FC_SET_TABLE_LINKS)
		d->table.links = o->table.links;
	if (s & FC_SET_TABLE_HIDDEN)
		d->table.hidden = o->table.hidden;
}

static const char *series_name(const struct series *s)
{
	return s->name ? s->name : "";
}

GRegex *fields_regex_new(const char *pattern, struct cairn_err *err)
{
	return jsregex_field_new(pattern, err);
}

/* hit[i] for every name the regex matches.  0; 1 with why filled when the
 * regex does not compile or gives up; CAIRN_ETIMEOUT with err filled. */
static int match_regex(const char *pattern, const char *const *names, size_t n,
                       const struct budget *b, bool *hit, struct cairn_err *why,
                       struct cairn_err *err)
{
	GRegex *re = fields_regex_new(pattern, why);
	if (!re)
		return 1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i % DEADLINE_EVERY == 0 && budget_check_deadline(b, err)) {
			rc = CAIRN_ETIMEOUT;
			break;
		}
		int m = jsregex_match(re, names[i], why);
		hit[i] = m == 1;
		rc = m < 0;
	}
	g_regex_unref(re);
	return rc;
}

/* Which series override o selects: same contract as match_regex. */
static int match_override(const struct field_override *o, const struct series *s,
                          const char *const *names, size_t n, const struct budget *b, bool *hit,
                          struct cairn_err *why, struct cairn_err *err)
{
	memset(hit, 0, n * sizeof *hit);
	if (!o->pattern)
		return 0;
	if (o->kind == MATCH_BY_REGEXP)
		return match_regex(o->pattern, names, n, b, hit, why, err);
	for (size_t i = 0; i < n; i++) {
		if (o->kind == MATCH_BY_NAME)
			hit[i] = strcmp(o->pattern, names[i]) == 0;
		else if (o->kind == MATCH_BY_FRAME_REFID)
			hit[i] = strcmp(o->pattern, s[i].ref_id) == 0;
	}
	return 0;
}

/* The value colour.seriesBy picks (Grafana's getFieldSeriesColor reduces
 * the field by it): the last sample (NaN as it is), the last that is not
 * NaN, the least or the greatest; NaN when there is none. */
static double series_by_value(const struct field_config *fc, const struct series *s)
{
	double v = NAN;
	switch (fc->series_by) {
	case SERIES_BY_LAST:
		return s->n ? s->v[s->n - 1] : NAN;
	case SERIES_BY_LAST_NOT_NULL:
		for (size_t i = s->n; i-- > 0;)
			if (!isnan(s->v[i]))
				return s->v[i];
		return NAN;
	case SERIES_BY_MIN:
	case SERIES_BY_MAX:
		for (size_t i = 0; i < s->n; i++)
			if (!isnan(s->v[i]) &&
			    (isnan(v) || (fc->series_by == SERIES_BY_MIN ? s->v[i] < v : s->v[i] > v)))
				v = s->v[i];
		return v;
	}
	return v;
}

static uint32_t last_value_color(const struct theme *th, const struct field_config *fc,
                                 const struct series *s)
{
	double v = series_by_value(fc, s);
	if (fc->thresholds.n == 0)
		return theme_palette(th, 0);
	size_t k = isnan(v) ? 0 : theme_threshold_index(&fc->thresholds, v);
	return theme_threshold_color(th, &fc->thresholds.steps[k]);
}

/* The least and greatest finite value of all n series (lo > hi when none). */
static void global_range(const struct series *all, size_t n, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < all[k].n; i++)
			if (isfinite(all[k].v[i])) {
				*lo = fmin(*lo, all[k].v[i]);
				*hi = fmax(*hi, all[k].v[i]);
			}
}

/* Grafana's getFieldSeriesColor for a continuous scheme: the scheme at the
 * seriesBy value's place in the field's min..max, each unset bound taken from
 * every series' values (applyFieldOverrides' global range, grange). */
static uint32_t continuous_color(const struct theme *th, const struct field_config *fc,
                                 const double grange[2], const struct series *s, size_t idx)
{
	double v = series_by_value(fc, s);
	double lo = isnan(fc->min) ? grange[0] : fc->min, hi = isnan(fc->max) ? grange[1] : fc->max;
	double pct = hi > lo ? (v - lo) / (hi - lo) : 0;
	uint32_t c;
	if (display_scheme_color(th, fc->color_scheme, fmin(1, fmax(0, pct)), &c) == 0)
		return c;
	return theme_palette(th, idx);
}

static uint32_t series_color(const struct theme *th, const struct field_config *fc,
                             const double grange[2], const struct series *s, size_t idx)
{
	uint32_t c;
	if (fc->color_mode == COLOR_FIXED || fc->color_mode == COLOR_SHADES) {
		if (theme_color(th, fc->fixed_color_name, &c) == 0)
			return c;
		if (fc->fixed_color != CAIRN_COLOR_NONE)
			return fc->fixed_color;
	}
	if (fc->color_mode == COLOR_THRESHOLDS)
		return last_value_color(th, fc, s);
	if (fc->color_mode == COLOR_CONTINUOUS)
		return continuous_color(th, fc, grange, s, idx);
	return theme_palette(th, idx);
}

static bool same_number(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/* Grafana's buildScaleKey: unit, min/max, soft min/max, distribution and
 * axis label name a scale (placement is compared by the caller). */
static bool same_scale(const struct field_config *a, const struct field_config *b)
{
	const struct ts_custom *x = &a->custom, *y = &b->custom;
	const char *la = x->axis_label ? x->axis_label : "", *lb = y->axis_label ? y->axis_label : "";
	return strcmp(a->unit, b->unit) == 0 && same_number(a->min, b->min) &&
	       same_number(a->max, b->max) && same_number(x->axis_soft_min, y->axis_soft_min) &&
	       same_number(x->axis_soft_max, y->axis_soft_max) && x->scale == y->scale &&
	       (x->scale != SCALE_LOG || x->log_base == y->log_base) && strcmp(la, lb) == 0;
}

/* Grafana gives every scale (buildScaleKey: unit, range, distribution,
 * label) its own axis: with axisPlacement auto, series whose scale differs
 * from the first visible series' get the second axis, on the right
 * (kube-prometheus "Disk I/O": bytes/s left, io time % right; a migrated
 * graph's yaxis-2 series). */
static void assign_unit_axes(struct field_res *out, size_t n)
{
	const struct field_config *first = NULL;
	for (size_t i = 0; i < n; i++) {
		struct field_res *f = &out[i];
		f->axis = f->fc.custom.axis_placement == AXIS_RIGHT ? 1 : 0;
		if (!fields_visible(f) || f->fc.custom.axis_placement != AXIS_AUTO)
			continue;
		if (!first)
			first = &f->fc;
		else if (!same_scale(first, &f->fc))
			f->axis = 1;
	}
}

/* ---- display names ----------------------------------------------------- */

/* One series' display name while the field config is applied: Grafana's
 * config.displayName (expanded) and field.state.displayName, the cache
 * getFieldDisplayName answers from until a displayName is set again. */
struct dn {
	char cfg[DISPNAME_CAP];
	bool has_cfg;
	char cache[DISPNAME_CAP];
	bool cached;
};

/* getFieldDisplayName now: the cache, else config.displayName, else the
 * series' own name (which it caches). */
static const char *dn_name(struct dn *d, const struct series *s)
{
	if (!d->cached) {
		g_strlcpy(d->cache, d->has_cfg && d->cfg[0] ? d->cfg : series_name(s), sizeof d->cache);
		d->cached = true;
	}
	return d->cache;
}

/* getFrameDisplayName of the series' own frame: config.displayName, else
 * the datasource's name, else (a "__auto" target) its labels alone. */
static void frame_name(const struct cairn_panel *p, const struct series *s, const struct dn *d,
                       char *buf, size_t cap)
{
	const char *lf = s->target_index < p->n_targets ? p->targets[s->target_index].legend_format
	                                                : NULL;
	if (d->has_cfg && d->cfg[0]) {
		g_strlcpy(buf, d->cfg, cap);
		return;
	}
	if (!lf || strcmp(lf, "__auto") != 0 || s->n_labels == 0) {
		g_strlcpy(buf, series_name(s), cap);
		return;
	}
	struct legend_label ll[CAIRN_MAX_LABELS];
	size_t n = s->n_labels < CAIRN_MAX_LABELS ? s->n_labels : CAIRN_MAX_LABELS;
	const char *single = NULL;
	bool many = false;
	for (size_t k = 0; k < n; k++)
		ll[k] = (struct legend_label){s->labels[k].name, s->labels[k].value};
	legend_single_label(ll, n, &single, &many);
	legend_auto_name(ll, n, single, buf, cap);
}

/* A displayName set on the series (displayNameOverrideProcessor): the cache
 * dropped, the template expanded, the cache refilled when the template
 * read the display name. */
static void dn_apply(const struct cairn_panel *p, const var_scope *vars, const char *tmpl,
                     const struct series *s, size_t n_series, struct dn *d)
{
	char base[DISPNAME_CAP], frame[DISPNAME_CAP];
	g_strlcpy(base, d->has_cfg && d->cfg[0] ? d->cfg : series_name(s), sizeof base);
	frame_name(p, s, d, frame, sizeof frame);
	struct dispname_field f = {.name = "Value", .labels = s->labels, .n_labels = s->n_labels,
	                           .display_name = base,
	                           .series_name = n_series == 1 ? base : frame, .vars = vars};
	bool asked_name = false, asked_series = false;
	dispname_expand(tmpl, &f, d->cfg, sizeof d->cfg, &asked_name, &asked_series);
	d->has_cfg = true;
	d->cached = asked_name || (asked_series && n_series == 1);
	if (d->cached)
		g_strlcpy(d->cache, base, sizeof d->cache);
}

/* Keeps the first override left out in note, counting the others. */
static void note_left_out(const struct cairn_panel *p, size_t k, const struct cairn_err *why,
                          size_t *n_left, struct cairn_err *note)
{
	if ((*n_left)++ == 0)
		cairn_err_set(note, why->code, "%s.fieldConfig.overrides[%zu]: %s; not applied",
		              p->json_path ? p->json_path : "panel", k, why->msg);
}

int fields_resolve(const struct cairn_panel *p, const struct theme *th, const struct series *s,
                   size_t n, const struct budget *b, struct field_res *out,
                   struct cairn_err *note, struct cairn_err *err)
{
	return fields_resolve_in(p, th, NULL, s, n, b, out, note, err);
}

/* Applies override k to the series it matches; see match_override. */
static int apply_override(const struct cairn_panel *p, size_t k, const var_scope *vars,
                          const struct series *s, size_t n, const struct budget *b,
                          struct field_res *out, struct dn *dn, bool *hit, const char **names,
                          struct cairn_err *why, struct cairn_err *err)
{
	const struct field_override *o = &p->overrides[k];
	if (o->kind == MATCH_BY_NAME || o->kind == MATCH_BY_REGEXP)
		for (size_t i = 0; i < n; i++)
			names[i] = dn_name(&dn[i], &s[i]);
	int m = match_override(o, s, names, n, b, hit, why, err);
	if (m)
		return m;
	for (size_t i = 0; i < n; i++) {
		if (!hit[i])
			continue;
		fields_apply_props(&out[i].fc, &o->props);
		if (o->props.set & FC_SET_DISPLAY_NAME)
			dn_apply(p, vars, o->props.display_name, &s[i], n, &dn[i]);
	}
	return 0;
}

int fields_resolve_in(const struct cairn_panel *p, const struct theme *th, const var_scope *vars,
                      const struct series *s, size_t n, const struct budget *b,
                      struct field_res *out, struct cairn_err *note, struct cairn_err *err)
{
	size_t no = p->n_overrides < CAIRN_MAX_OVERRIDES ? p->n_overrides : CAIRN_MAX_OVERRIDES;
	size_t n_left = 0;
	bool *hit = g_new(bool, n ? n : 1);
	const char **names = g_new(const char *, n ? n : 1);
	struct dn *dn = g_new0(struct dn, n ? n : 1);
	int rc = 0;
	if (note)
		cairn_err_clear(note);
	for (size_t i = 0; i < n; i++) {
		out[i].fc = p->defaults;
		if (p->defaults.display_name)
			dn_apply(p, vars, p->defaults.display_name, &s[i], n, &dn[i]);
	}
	for (size_t k = 0; k < no && rc == 0; k++) {
		struct cairn_err why = {0};
		if (p->overrides[k].props.set == 0)
			continue; /* sets nothing: no need to match */
		int m = apply_override(p, k, vars, s, n, b, out, dn, hit, names, &why, err);
		if (m == CAIRN_ETIMEOUT)
			rc = m;
		else if (m)
			note_left_out(p, k, &why, &n_left, note);
	}
	g_free(hit);
	g_free(names);
	if (rc) {
		g_free(dn);
		return rc;
	}
	if (n_left > 1 && note) {
		size_t len = strlen(note->msg);
		snprintf(note->msg + len, sizeof note->msg - len, " (and %zu more overrides)",
		         n_left - 1);
	}
	double grange[2] = {NAN, NAN};
	for (size_t i = 0; i < n && isnan(grange[0]); i++)
		if (out[i].fc.color_mode == COLOR_CONTINUOUS)
			global_range(s, n, &grange[0], &grange[1]);
	for (size_t i = 0; i < n; i++) {
		struct field_res *f = &out[i];
		g_strlcpy(f->name_buf, dn_name(&dn[i], &s[i]), sizeof f->name_buf);
		f->name = f->name_buf;
		f->config_name = NULL;
		if (dn[i].has_cfg && dn[i].cfg[0]) {
			g_strlcpy(f->config_buf, dn[i].cfg, sizeof f->config_buf);
			f->config_name = f->config_buf;
		}
		f->color = series_color(th, &f->fc, grange, &s[i], i);
	}
	g_free(dn);
	assign_unit_axes(out, n);
	return 0;
}
