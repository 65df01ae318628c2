/*
 * tlrows.c — the rows of Grafana's TimelineChart as data (tlrows.h): where
 * each box starts and ends, what it says, and the legend.  Drawing them is
 * timeline.c's.
 *
 * cairn's series sit on the query's step grid with NaN where Prometheus sent
 * no sample: that NaN is the null Grafana's applyNullInsertThreshold puts
 * into a frame at the first missing step, so by default a NaN slot ends the
 * box before it.  custom.insertNulls, a number of ms, puts a null only where
 * samples lie further apart than that (false is as if not given: Grafana
 * reads `insertNulls || interval`); custom.spanNulls true, or a number of ms
 * wider than the gap, joins the boxes across it again.
 */
#include "render/tlrows.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "render/units.h"

void tlrows_field(struct tl_field *f, bool merge_values)
{
	const struct field_config *fc = &f->f->fc;
	f->by_threshold = merge_values && fc->color_mode == COLOR_THRESHOLDS && fc->thresholds.n > 0;
	f->null_mapped = false;
	char *end;
	double nv = g_ascii_strtod(fc->no_value, &end);
	f->null_value = fc->no_value[0] && *end == '\0' && isfinite(nv) ? nv : NAN;
	if (fc->color_mode == COLOR_CONTINUOUS) /* hasMappedNull holds for discrete rows only */
		return;
	for (size_t i = 0; i < fc->n_mappings; i++) {
		const struct value_mapping *m = &fc->mappings[i];
		if (m->type == MAP_SPECIAL &&
		    (m->match == SPECIAL_NULL || m->match == SPECIAL_NULL_NAN))
			f->null_mapped = true;
	}
}

/* ---- boxes ----------------------------------------------------------- */

/* The threshold step a value falls in (percentage thresholds of the range). */
static size_t step_of(const struct tl_field *f, double v)
{
	const struct thresholds *t = &f->f->fc.thresholds;
	if (t->mode == THRESH_PERCENTAGE)
		v = (v - f->min) / (f->max - f->min) * 100;
	return theme_threshold_index(t, v);
}

static bool same_state(const struct tl_field *f, double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (f->by_threshold)
		return step_of(f, a) == step_of(f, b);
	return a == b;
}

/* How nulls come and go in one row (the field's custom options). */
struct gaps {
	double insert_s;   /* > 0: a null after a sample when the next is further than this */
	bool grid;         /* nulls are the NaN slots (insertNulls not given) */
	bool span_all;     /* spanNulls true */
	double span_s;     /* spanNulls in ms, as s; 0 = none */
};

static struct gaps gaps_of(const struct tl_field *f, const struct tl_walk *w)
{
	const struct ts_custom *c = &f->f->fc.custom;
	struct gaps g = {0};
	/* insertNulls false counts as not given: Grafana takes
	 * `insertNulls || interval` */
	g.grid = !(c->insert_nulls_ms > 0);
	g.insert_s = c->insert_nulls_ms > 0 ? c->insert_nulls_ms / 1000 : g.grid ? w->step : 0;
	g.span_all = c->span_nulls && !(c->span_nulls_ms > 0);
	g.span_s = c->span_nulls && c->span_nulls_ms > 0 ? c->span_nulls_ms / 1000 : 0;
	return g;
}

/* Where a box ending at sample time tp breaks before the next value at tn
 * (first_nan: the first NaN slot between them, NaN for none); NaN when it
 * does not break. */
static double gap_break(const struct gaps *g, double tp, double tn, double first_nan)
{
	double at = NAN;
	if (g->grid && !isnan(first_nan))
		at = first_nan;
	else if (g->insert_s > 0 && tn - tp > g->insert_s * (1 + 1e-9))
		at = tp + g->insert_s;
	if (isnan(at) || g->span_all || (g->span_s > 0 && tn - tp < g->span_s))
		return NAN;
	return at;
}

/* Where the last box ends: at a trailing null, or at the plot's end. */
static double tail_end(const struct gaps *g, const struct tl_walk *w, double tp, double first_nan)
{
	if (g->span_all)
		return INFINITY;
	if (g->grid && !isnan(first_nan))
		return first_nan;
	if (g->insert_s > 0 && w->to - tp > g->insert_s * (1 + 1e-9))
		return tp + g->insert_s;
	return INFINITY;
}

size_t tlrows_changes(const struct tl_field *f, const struct tl_walk *w, tl_box_fn fn, void *ctx)
{
	const struct series *s = f->s;
	struct gaps g = gaps_of(f, w);
	struct tl_box run = {0};
	bool open = false;
	double tp = NAN, first_nan = NAN;
	size_t boxes = 0;
	for (size_t k = 0; k < s->n; k++) {
		double v = tlrows_value(f, k), t = s->t[k];
		if (isnan(v) && !f->null_mapped) {
			if (open && isnan(first_nan))
				first_nan = t;
			continue;
		}
		if (open) {
			double at = gap_break(&g, tp, t, first_nan);
			bool keep = isnan(at) && w->merge && same_state(f, tlrows_value(f, run.k), v);
			if (!keep) {
				run.t1 = isnan(at) ? t : at;
				fn(ctx, &run);
				boxes++;
				open = false;
			}
		}
		if (!open)
			run = (struct tl_box){.t0 = t, .k = k};
		open = true;
		tp = t;
		first_nan = NAN;
	}
	if (open) {
		run.t1 = tail_end(&g, w, tp, first_nan);
		fn(ctx, &run);
		boxes++;
	}
	return boxes;
}

/* ---- text and colour --------------------------------------------------- */

/* Grafana 10.4's getThresholdItems formats with the unit's automatic
 * decimals (the field's decimals are not passed). */
static void format_plain(const char *unit, double v, int decimals, char *buf, size_t cap)
{
	struct unit_value u;
	units_format(unit && *unit ? unit : "none", v, decimals, &u);
	snprintf(buf, cap, "%s%s%s", u.prefix, u.text, u.suffix);
}

void tlrows_threshold_label(const struct field_config *fc, size_t i, char *buf, size_t cap)
{
	const struct thresholds *t = &fc->thresholds;
	const char *unit = t->mode == THRESH_PERCENTAGE ? "percent" : fc->unit;
	char num[96];
	if (i >= t->n) {
		g_strlcpy(buf, "", cap);
		return;
	}
	double v = t->steps[i].value;
	if (v == -INFINITY && i + 1 < t->n) {
		format_plain(unit, t->steps[i + 1].value, -1, num, sizeof num);
		snprintf(buf, cap, "< %s", num);
		return;
	}
	format_plain(unit, v, -1, num, sizeof num);
	snprintf(buf, cap, "%s+", num);
}

void tlrows_display(const struct theme *th, const struct tl_field *f, double v,
                    struct display_value *out)
{
	const struct field_config *fc = &f->f->fc;
	if (f->by_threshold && !isnan(v)) {
		size_t i = step_of(f, v);
		memset(out, 0, sizeof *out);
		out->numeric = NAN;
		tlrows_threshold_label(fc, i, out->text, sizeof out->text);
		out->color = theme_threshold_color(th, &fc->thresholds.steps[i]);
		return;
	}
	struct display_field df = {.fc = fc, .min = f->min, .max = f->max,
	                           .series_color = f->f->color};
	display_number(th, &df, v, out);
}

/* ---- legend ------------------------------------------------------------ */

static size_t threshold_items(const struct theme *th, const struct field_config *fc,
                              struct tl_legend_item *items, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < fc->thresholds.n && n < cap; i++, n++) {
		tlrows_threshold_label(fc, i, items[n].label, sizeof items[n].label);
		items[n].color = theme_threshold_color(th, &fc->thresholds.steps[i]);
	}
	return n;
}

/* Every state of one row into the legend (seen: text -> index + 1).  A
 * state's display is computed when the value changes, not per sample. */
static size_t row_items(const struct theme *th, const struct tl_field *f, GHashTable *seen,
                        struct tl_legend_item *items, size_t n, size_t cap)
{
	const struct series *s = f->s;
	double prev = NAN;
	bool first = true;
	for (size_t k = 0; k < s->n; k++) {
		double v = tlrows_value(f, k);
		if (!first && (v == prev || (isnan(v) && isnan(prev))))
			continue;
		first = false;
		prev = v;
		if (isnan(v) && f->by_threshold) /* a null keeps no threshold text */
			continue;
		struct display_value d;
		tlrows_display(th, f, v, &d);
		char label[sizeof items[0].label];
		display_join(&d, label, sizeof label);
		if (!label[0])
			continue;
		gpointer at = g_hash_table_lookup(seen, label);
		if (at) { /* Map.set keeps the first place and takes the last colour */
			items[GPOINTER_TO_SIZE(at) - 1].color = d.color;
			continue;
		}
		if (n == cap)
			continue;
		g_strlcpy(items[n].label, label, sizeof items[n].label);
		items[n].color = d.color;
		g_hash_table_insert(seen, items[n].label, GSIZE_TO_POINTER(n + 1));
		n++;
	}
	return n;
}

size_t tlrows_legend(const struct theme *th, const struct tl_field *rows, size_t n,
                     struct tl_legend_item *items, size_t cap)
{
	if (n == 0 || cap == 0)
		return 0;
	const struct field_config *fc = &rows[0].f->fc;
	if (fc->color_mode == COLOR_THRESHOLDS && fc->thresholds.n > 1)
		return threshold_items(th, fc, items, cap);
	if (fc->color_mode == COLOR_CONTINUOUS)
		return 0;
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!rows[i].f->fc.custom.hide_in_legend)
			m = row_items(th, &rows[i], seen, items, m, cap);
	g_hash_table_destroy(seen);
	return m;
}
