/*
 * timeseries.c — the time-series panel after Grafana 10.4's TimeSeries (uPlot):
 * from series whose field config is resolved (fields.c) and whose values are
 * negated and stacked (stack.c), the scales and ticks, then a layout computed
 * once (legend, x axis, y axes → plot rect) and painted: grid, thresholds,
 * axis labels, legend; the series themselves are plot.c's.  Units and tick
 * choice belong to units.c and ticks.c; chrome and "No data" to chrome.c.
 */
#include "render/timeseries.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render/chrome.h"
#include "render/decimate.h"
#include "render/fields.h"
#include "render/legend_draw.h"
#include "render/plot.h"
#include "render/stack.h"
#include "render/ticks.h"
#include "render/units.h"

#define AXIS_PX           12.0
#define THRESH_AREA_ALPHA 0.15
#define THRESH_LINE_W     2.0

struct scale {
	bool used, log;
	double base;
	char unit[48];
	int decimals;
	double lo, hi; /* data extent */
	struct value_axis ax;
};

struct ts {
	const struct ts_env *env;
	const struct panel_job *job;
	const struct cairn_panel *p;
	struct plot_series *ss;
	size_t n;
	double from, to, step;
	struct scale sc[2];
	struct rect plot;
	struct time_axis tax;
};

static bool visible(const struct plot_series *s)
{
	return fields_visible(s->f);
}

/* ---- series values --------------------------------------------------- */

static double data_step(const struct ts *t)
{
	if (t->job->data->step > 0)
		return t->job->data->step;
	double best = INFINITY;
	for (size_t i = 0; i < t->n; i++) {
		const struct series *s = t->ss[i].s;
		for (size_t k = 1; k < s->n && k < 64; k++) {
			double d = s->t[k] - s->t[k - 1];
			if (d > 0 && d < best)
				best = d;
		}
	}
	return isfinite(best) ? best : 0;
}

/* Negative-Y and stacking (stack.c); the stacked arrays go to *owned. */
static struct stack_series *transform(struct ts *t, size_t *stacks)
{
	struct stack_series *st = g_new(struct stack_series, t->n);
	for (size_t i = 0; i < t->n; i++) {
		const struct plot_series *s = &t->ss[i];
		const struct ts_custom *c = &s->f->fc.custom;
		st[i] = (struct stack_series){.t = s->s->t, .v = s->s->v, .n = s->s->n,
		                              .mode = c->stacking, .name = c->stack_group,
		                              .negate = c->transform_negative_y,
		                              .hidden = !visible(s),
		                              .key = (s->f->axis * 8 + (int)c->draw_style) * 8 +
		                                     (int)c->line_interp};
	}
	*stacks = stack_apply(st, t->n, t->step);
	for (size_t i = 0; i < t->n; i++) {
		t->ss[i].t = st[i].t;
		t->ss[i].v = st[i].v;
		t->ss[i].n = st[i].n;
		t->ss[i].stack_prev = st[i].prev;
		t->ss[i].stack_group = st[i].group;
	}
	return st;
}

/* ---- scales --------------------------------------------------------- */

/* Series ranged at once on the pool when they hold this many samples
 * between them (~2 instructions a sample, a pool_run ~10 us). */
#define EXTENT_PARALLEL_AT 65536

struct extent_job {
	const struct ts *t;
	double *lo, *hi;
};

static void extent_one(void *arg, size_t i)
{
	const struct extent_job *j = arg;
	const struct plot_series *s = &j->t->ss[i];
	j->lo[i] = INFINITY;
	j->hi[i] = -INFINITY;
	if (visible(s))
		decimate_extent(s->v, s->n, j->t->sc[s->f->axis].log, &j->lo[i], &j->hi[i]);
}

static void scale_extent(struct ts *t)
{
	size_t samples = 0;
	for (int a = 0; a < 2; a++) {
		t->sc[a].lo = INFINITY;
		t->sc[a].hi = -INFINITY;
	}
	for (size_t i = 0; i < t->n; i++) {
		struct plot_series *s = &t->ss[i];
		struct scale *sc = &t->sc[s->f->axis];
		if (!visible(s))
			continue;
		samples += s->n;
		if (!sc->used) {
			sc->used = true;
			g_strlcpy(sc->unit, s->f->fc.unit, sizeof sc->unit);
			sc->decimals = s->f->fc.decimals;
			sc->log = s->f->fc.custom.scale == SCALE_LOG;
			sc->base = s->f->fc.custom.log_base > 1 ? s->f->fc.custom.log_base : 10;
			if (s->f->fc.custom.stacking == STACK_PERCENT)
				g_strlcpy(sc->unit, "percentunit", sizeof sc->unit);
		}
	}
	/* Each series' range from +-infinity, then folded in order with the
	 * same strict comparisons: the first of equal extremes still wins, as
	 * in one loop over every sample. */
	struct extent_job j = {t, g_new(double, t->n * 2 + 1), NULL};
	j.hi = j.lo + t->n;
	pool *p = samples >= EXTENT_PARALLEL_AT && t->n > 1 ? t->env->pool : NULL;
	pool_run(p && pool_threads(p) > 0 ? p : NULL, extent_one, &j, t->n);
	for (size_t i = 0; i < t->n; i++) {
		struct scale *sc = &t->sc[t->ss[i].f->axis];
		sc->lo = j.lo[i] < sc->lo ? j.lo[i] : sc->lo;
		sc->hi = j.hi[i] > sc->hi ? j.hi[i] : sc->hi;
	}
	g_free(j.lo);
}

static bool has_data(const struct ts *t)
{
	for (int a = 0; a < 2; a++)
		if (t->sc[a].used && isfinite(t->sc[a].lo))
			return true;
	return false;
}

static void compute_axis(struct ts *t, int a, double px)
{
	struct scale *sc = &t->sc[a];
	const struct field_config *fc = &t->p->defaults;
	for (size_t i = 0; i < t->n; i++)
		if (t->ss[i].f->axis == a && visible(&t->ss[i])) {
			fc = &t->ss[i].f->fc;
			break;
		}
	double lo = isfinite(sc->lo) ? sc->lo : 0, hi = isfinite(sc->hi) ? sc->hi : 1;
	double hmin = fc->min, hmax = fc->max;
	if (fc->custom.stacking == STACK_PERCENT) {
		/* Grafana's percent range: -1 when a stack runs negative, 1 when
		 * one runs positive */
		hmin = isnan(hmin) ? (lo < 0 ? -1 : 0) : hmin;
		hmax = isnan(hmax) ? (hi > 0 ? 1 : 0) : hmax;
	}
	if (!isnan(fc->custom.axis_soft_min))
		lo = fmin(lo, fc->custom.axis_soft_min);
	if (!isnan(fc->custom.axis_soft_max))
		hi = fmax(hi, fc->custom.axis_soft_max);
	if (sc->log) {
		ticks_log_axis(isnan(hmin) || hmin <= 0 ? lo : hmin, isnan(hmax) ? hi : hmax, sc->base,
		               sc->unit, sc->decimals, &sc->ax);
		return;
	}
	ticks_value_axis(lo, hi, hmin, hmax, px, TS_Y_SPACE, sc->unit, sc->decimals, &sc->ax);
	if (!(sc->ax.max > sc->ax.min)) {
		sc->ax.min = lo - 1;
		sc->ax.max = hi + 1;
	}
}

static struct plot_scale plot_scale_of(const struct scale *sc)
{
	return (struct plot_scale){.log = sc->log, .min = sc->ax.min, .max = sc->ax.max,
	                           .data_lo = sc->lo, .data_hi = sc->hi};
}

static double y_of(const struct scale *sc, struct rect plot, double v)
{
	struct plot_scale ps = plot_scale_of(sc);
	return plot_y(&ps, plot, v);
}

/* ---- layout --------------------------------------------------------- */

struct rect ts_plot_rect(const struct ts_layout_in *in)
{
	struct rect c = in->content;
	double top = c.y + TS_PLOT_PAD_TOP;
	double bottom = c.y + c.h;
	double right = c.x + c.w;
	bool has_legend = in->legend.w > 0 && in->legend.h > 0;
	bool legend_below = has_legend && !in->legend_right;
	if (legend_below)
		bottom = in->legend.y;
	if (has_legend && in->legend_right)
		right = in->legend.x;
	bottom -= (legend_below ? TS_X_AXIS_H : TS_X_AXIS_BARE) + in->x_title_h;
	/* uPlot's padding (UPlotConfigBuilder's paddingSide): a side without an
	 * axis keeps 8 px when the other axis is there, left as right. */
	double left = c.x + in->y_title_w +
	              (in->y_label_w >= 0 ? in->y_label_w + TS_Y_AXIS_EXTRA : TS_PLOT_PAD_RIGHT);
	right -= in->y2_label_w >= 0 ? in->y2_label_w + TS_Y_AXIS_EXTRA : TS_PLOT_PAD_RIGHT;
	right -= in->y2_title_w;
	/* Edges on pixel centres keep 1 px grid lines crisp. */
	left = floor(left) + 0.5;
	right = floor(right) + 0.5;
	top = floor(top) + 0.5;
	bottom = floor(bottom) + 0.5;
	struct rect r = {left, top, right - left, bottom - top};
	if (r.w < 1)
		r.w = 1;
	if (r.h < 1)
		r.h = 1;
	return r;
}

/* Grafana spaces time ticks by the width of a sample label in the format the
 * range calls for, plus a gap: "21:40:15" needs more room than "21:40". */
static double time_tick_space(const struct ts *t, struct text *tx)
{
	char sample[48];
	double w = 0;
	if (!ticks_time_sample_label(t->from, t->to, t->plot.w, t->env->tz, sample, sizeof sample))
		return TS_X_SPACE;
	text_measure(tx, sample, AXIS_PX, TEXT_REGULAR, &w, NULL);
	return w + TS_X_LABEL_GAP;
}

static double widest_label(struct text *tx, const struct scale *sc)
{
	double w = 0;
	if (!sc->used)
		return -1;
	for (size_t i = 0; i < sc->ax.n; i++) {
		double lw;
		text_measure(tx, sc->ax.ticks[i].label, AXIS_PX, TEXT_REGULAR, &lw, NULL);
		w = lw > w ? lw : w;
	}
	return ceil(w);
}

/* ---- axis options ---------------------------------------------------- */

/* The first series drawn on value axis a: Grafana's axis takes its label
 * and colour from the first field of its scale that sets them
 * (UPlotAxisBuilder.merge keeps what an earlier field set). */
static const char *axis_title(const struct ts *t, int a)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct field_res *f = t->ss[i].f;
		const char *l = f->fc.custom.axis_label;
		if (f->axis == a && fields_visible(f) && l && *l)
			return l;
	}
	return NULL;
}

/* custom.axisColorMode "series": the axis' tick labels and title in its
 * (first such) series' colour; else the theme's text colour. */
static uint32_t axis_color(const struct ts *t, int a)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct field_res *f = t->ss[i].f;
		if (f->axis == a && fields_visible(f) && f->fc.custom.axis_color_series)
			return f->color;
	}
	return t->env->th->text;
}

/* ---- painting -------------------------------------------------------- */

static double snap(double v)
{
	return floor(v) + 0.5;
}

static void draw_grid_and_axes(cairo_t *cr, const struct ts *t)
{
	struct text *tx = t->env->tx;
	const struct theme *th = t->env->th;
	struct rect p = t->plot;
	double lh;
	text_measure(tx, "0", AXIS_PX, TEXT_REGULAR, NULL, &lh);
	double base = text_baseline(tx, AXIS_PX, TEXT_REGULAR);
	theme_set_source(cr, th->grid);
	cairo_set_line_width(cr, 1);
	for (int a = 0; a < 2; a++) {
		const struct scale *sc = &t->sc[a];
		for (size_t i = 0; sc->used && a == 0 && i < sc->ax.n; i++) {
			double y = y_of(sc, p, sc->ax.ticks[i].value);
			if (y < p.y - 0.5 || y > p.y + p.h + 0.5)
				continue;
			cairo_move_to(cr, p.x, snap(y));
			cairo_line_to(cr, p.x + p.w, snap(y));
		}
	}
	for (size_t i = 0; i < t->tax.n; i++) {
		double x = p.x + (t->tax.ticks[i].value - t->from) / (t->to - t->from) * p.w;
		if (x < p.x - 0.5 || x > p.x + p.w + 0.5)
			continue;
		cairo_move_to(cr, snap(x), p.y);
		cairo_line_to(cr, snap(x), p.y + p.h);
	}
	cairo_stroke(cr);
	for (int a = 0; a < 2; a++) {
		const struct scale *sc = &t->sc[a];
		for (size_t i = 0; sc->used && i < sc->ax.n; i++) {
			double y = y_of(sc, p, sc->ax.ticks[i].value);
			if (y < p.y - 0.5 || y > p.y + p.h + 0.5)
				continue;
			double x = a == 0 ? p.x - TS_Y_LABEL_GAP : p.x + p.w + TS_Y_LABEL_GAP;
			text_draw(tx, cr, sc->ax.ticks[i].label, AXIS_PX, TEXT_REGULAR, x,
			          y - lh / 2, 0, a == 0 ? ALIGN_RIGHT : ALIGN_LEFT, axis_color(t, a));
		}
	}
	for (size_t i = 0; i < t->tax.n; i++) {
		double x = p.x + (t->tax.ticks[i].value - t->from) / (t->to - t->from) * p.w;
		if (x < p.x - 0.5 || x > p.x + p.w + 0.5)
			continue;
		text_draw(tx, cr, t->tax.ticks[i].label, AXIS_PX, TEXT_REGULAR, x,
		          p.y + p.h + TS_X_LABEL_BASE - base, 0, ALIGN_CENTER, th->text);
	}
}

/* The right edge of the area the axes take (the legend's left edge when it
 * is on the right). */
static double axes_right(const struct ts_layout_in *in)
{
	bool legend = in->legend.w > 0 && in->legend.h > 0;
	return legend && in->legend_right ? in->legend.x : in->content.x + in->content.w;
}

/* custom.axisLabel: rotated beside each value axis (reading upwards on the
 * left, downwards on the right, as uPlot turns them) and, since Grafana
 * applies the field defaults to the time field too, the defaults' label
 * under the time axis. */
static void draw_axis_titles(cairo_t *cr, const struct ts *t, const struct ts_layout_in *in)
{
	struct text *tx = t->env->tx;
	struct rect p = t->plot;
	double w, h;
	for (int a = 0; a < 2; a++) {
		const char *label = t->sc[a].used ? axis_title(t, a) : NULL;
		if (!label)
			continue;
		text_measure(tx, label, AXIS_PX, TEXT_REGULAR, &w, &h);
		cairo_save(cr);
		if (a == 0) {
			cairo_translate(cr, in->content.x, p.y + p.h / 2 + w / 2);
			cairo_rotate(cr, -M_PI / 2);
		} else {
			cairo_translate(cr, axes_right(in), p.y + p.h / 2 - w / 2);
			cairo_rotate(cr, M_PI / 2);
		}
		text_draw(tx, cr, label, AXIS_PX, TEXT_REGULAR, 0, 0, 0, ALIGN_LEFT,
		          axis_color(t, a));
		cairo_restore(cr);
	}
	const char *xl = t->p->defaults.custom.axis_label;
	bool legend_below = in->legend.w > 0 && in->legend.h > 0 && !in->legend_right;
	if (xl && *xl)
		text_draw(tx, cr, xl, AXIS_PX, TEXT_REGULAR, p.x + p.w / 2,
		          p.y + p.h + (legend_below ? TS_X_AXIS_H : TS_X_AXIS_BARE) + TS_X_TITLE_DY, 0,
		          ALIGN_CENTER,
		          t->env->th->text);
}

static void draw_thresholds(cairo_t *cr, const struct ts *t)
{
	const struct field_config *fc = &t->p->defaults;
	enum threshold_style st = fc->custom.thresholds_style;
	const struct scale *sc = &t->sc[0];
	struct rect p = t->plot;
	if (st == TSTYLE_OFF || fc->thresholds.n == 0 || !sc->used)
		return;
	bool area = st == TSTYLE_AREA || st == TSTYLE_LINE_AREA || st == TSTYLE_DASHED_AREA;
	bool line = st != TSTYLE_AREA;
	double ys[CAIRN_MAX_THRESHOLDS];
	for (size_t i = 0; i < fc->thresholds.n; i++) {
		double v = fc->thresholds.steps[i].value;
		if (fc->thresholds.mode == THRESH_PERCENTAGE && isfinite(v))
			v = sc->ax.min + (sc->ax.max - sc->ax.min) * v / 100;
		ys[i] = isfinite(v) ? y_of(sc, p, v) : p.y + p.h;
		ys[i] = fmax(p.y, fmin(p.y + p.h, ys[i]));
	}
	for (size_t i = 0; area && i < fc->thresholds.n; i++) {
		double top = i + 1 < fc->thresholds.n ? ys[i + 1] : p.y;
		uint32_t c = theme_threshold_color(t->env->th, &fc->thresholds.steps[i]);
		theme_set_source(cr, theme_alpha(c, THRESH_AREA_ALPHA));
		cairo_rectangle(cr, p.x, top, p.w, ys[i] - top);
		cairo_fill(cr);
	}
	if (!line)
		return;
	cairo_save(cr);
	if (st == TSTYLE_DASHED || st == TSTYLE_DASHED_AREA) {
		double dash[] = {10, 10};
		cairo_set_dash(cr, dash, 2, 0);
	}
	cairo_set_line_width(cr, THRESH_LINE_W);
	for (size_t i = 1; i < fc->thresholds.n; i++) {
		theme_set_source(cr, theme_threshold_color(t->env->th, &fc->thresholds.steps[i]));
		cairo_move_to(cr, p.x, ys[i]);
		cairo_line_to(cr, p.x + p.w, ys[i]);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

/* ---- legend ---------------------------------------------------------- */

static void format_cell(const struct field_config *fc, double v, char *buf, size_t cap)
{
	if (isnan(v)) {
		g_strlcpy(buf, fc->no_value[0] ? fc->no_value : "-", cap);
		return;
	}
	units_format_str(fc->unit, v, fc->decimals, buf, cap);
}

/* Entries for series shown in the legend; returns how many. */
static size_t legend_entries(const struct ts *t, struct legend_entry *e)
{
	size_t n = 0;
	unsigned calcs = t->p->legend.calcs;
	bool table = t->p->legend.mode == LEGEND_TABLE;
	double(*vals)[LEGEND_MAX_CALCS] = g_malloc0_n(t->n ? t->n : 1, sizeof *vals);
	for (size_t i = 0; i < t->n; i++) {
		const struct plot_series *s = &t->ss[i];
		if (s->f->fc.custom.hide_in_legend)
			continue;
		e[n].name = s->f->name;
		e[n].color = s->f->color;
		if (table && calcs) {
			legend_calcs(s->s->v, s->s->n, vals[n]);
			for (size_t k = 0; k < LEGEND_MAX_CALCS; k++)
				format_cell(&s->f->fc, vals[n][k], e[n].cells[k], LEGEND_CELL);
		}
		n++;
	}
	legend_sort(&t->p->legend, e, vals, n);
	g_free(vals);
	return n;
}

/* ---- entry ----------------------------------------------------------- */

static void time_range(struct ts *t)
{
	t->from = t->job->from;
	t->to = t->job->to;
	if (t->to > t->from)
		return;
	t->from = INFINITY;
	t->to = -INFINITY;
	for (size_t i = 0; i < t->n; i++) {
		const struct series *s = t->ss[i].s;
		if (s->n) {
			t->from = fmin(t->from, s->t[0]);
			t->to = fmax(t->to, s->t[s->n - 1]);
		}
	}
	if (!(t->to > t->from)) {
		t->from = isfinite(t->from) ? t->from - 1 : 0;
		t->to = t->from + 2;
	}
}

static void layout_and_paint(cairo_t *cr, struct ts *t, struct rect c, const struct legend_spec *sp,
                             struct legend_slot *slots)
{
	struct text *tx = t->env->tx;
	struct text_measurer m = text_measurer(tx);
	struct legend_layout lay;
	legend_layout(sp, c, &m, &lay, slots);
	struct ts_layout_in in = {.content = c,
	                          .legend = lay.box,
	                          .legend_right = t->p->legend.placement == LEGEND_RIGHT,
	                          .y_label_w = 0,
	                          .y2_label_w = -1};
	double h;
	const char *x_title = t->p->defaults.custom.axis_label;
	if (x_title && *x_title) {
		text_measure(tx, x_title, AXIS_PX, TEXT_REGULAR, NULL, &h);
		in.x_title_h = ceil(h) + TS_AXIS_TITLE_PAD - 3;
	}
	for (int a = 0; a < 2; a++) {
		const char *title = t->sc[a].used ? axis_title(t, a) : NULL;
		if (!title)
			continue;
		text_measure(tx, title, AXIS_PX, TEXT_REGULAR, NULL, &h);
		*(a == 0 ? &in.y_title_w : &in.y2_title_w) = ceil(h) + TS_AXIS_TITLE_PAD * 1.5 + 1;
	}
	/* Plot height does not depend on label widths: ticks first, then
	 * the widths they need, then the final rectangle. */
	struct rect p0 = ts_plot_rect(&in);
	for (int a = 0; a < 2; a++)
		if (t->sc[a].used)
			compute_axis(t, a, p0.h);
	in.y_label_w = t->sc[0].used ? widest_label(tx, &t->sc[0]) : -1;
	in.y2_label_w = t->sc[1].used ? widest_label(tx, &t->sc[1]) : -1;
	t->plot = ts_plot_rect(&in);
	ticks_time_axis(t->from, t->to, t->plot.w, time_tick_space(t, tx), t->env->tz, &t->tax);
	draw_grid_and_axes(cr, t);
	draw_axis_titles(cr, t, &in);
	draw_thresholds(cr, t);
	legend_draw(cr, tx, t->env->th, sp, &lay, slots);
}

void ts_draw(cairo_t *cr, const struct ts_env *env, const struct panel_job *job,
             struct rect content)
{
	const struct cairn_result *d = job->data;
	struct ts t = {.env = env, .job = job, .p = job->panel};
	if (!d || d->n_series == 0 || d->status == RESULT_NODATA || !env->fields) {
		chrome_message(cr, env->tx, env->th, content, "No data");
		return;
	}
	t.n = d->n_series;
	t.ss = g_new0(struct plot_series, t.n);
	for (size_t i = 0; i < t.n; i++)
		t.ss[i] = (struct plot_series){.s = &d->series[i], .f = &env->fields[i],
		                             .t = d->series[i].t, .v = d->series[i].v,
		                             .n = d->series[i].n, .stack_prev = -1,
		                             .stack_group = -1};
	t.step = data_step(&t);
	time_range(&t);
	size_t stacks;
	struct stack_series *st = transform(&t, &stacks);
	scale_extent(&t);
	if (has_data(&t)) {
		struct legend_entry *entries = g_new0(struct legend_entry, t.n);
		struct legend_slot *slots = g_new0(struct legend_slot, t.n);
		struct legend_spec sp = {.opts = &t.p->legend, .e = entries};
		sp.n = legend_entries(&t, entries);
		layout_and_paint(cr, &t, content, &sp, slots);
		struct plot pl = {.r = t.plot, .from = t.from, .to = t.to, .step = t.step,
		                  .sc = {plot_scale_of(&t.sc[0]), plot_scale_of(&t.sc[1])},
		                  .ss = t.ss, .n = t.n, .stacks = stacks,
		                  .th = env->th, .pool = env->pool};
		plot_draw_series(cr, &pl);
		if (env->plot_out)
			*env->plot_out = t.plot;
		g_free(entries);
		g_free(slots);
	} else {
		chrome_message(cr, env->tx, env->th, content, "No data");
	}
	for (size_t i = 0; i < t.n; i++) {
		g_free(st[i].owned);
		g_free(st[i].owned_t);
	}
	g_free(st);
	g_free(t.ss);
}
