/*
 * timeseries.c — the time-series panel after Grafana 10.4's TimeSeries (uPlot),
 * painted from series whose field config is already resolved (fields.c) and
 * whose values are negated and stacked (stack.c): scales and ticks, then a
 * layout computed once (legend, x axis, y axes → plot rect) and painted:
 * grid, thresholds, series, axis labels, legend.  Every series is decimated
 * to the pixel grid before any path is built.  Units and tick choice belong
 * to units.c and ticks.c; chrome and "No data" to chrome.c.
 */
#include "render/timeseries.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render/chrome.h"
#include "render/decimate.h"
#include "render/envelope.h"
#include "render/fields.h"
#include "render/legend_draw.h"
#include "render/stack.h"
#include "render/ticks.h"
#include "render/units.h"

#define AXIS_PX           12.0
#define THRESH_AREA_ALPHA 0.15
#define THRESH_LINE_W     2.0

struct ts_series {
	const struct series *s;
	const struct field_res *f; /* field config, name, colour, axis */
	const double *v;           /* values to draw: raw, or stack.c's */
	long stack_prev;           /* previous series in the same stack, -1 none */
};

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
	struct ts_series *ss;
	size_t n;
	double from, to, step;
	struct scale sc[2];
	struct rect plot;
	struct time_axis tax;
};

static bool visible(const struct ts_series *s)
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
static struct stack_series *transform(struct ts *t)
{
	struct stack_series *st = g_new(struct stack_series, t->n);
	for (size_t i = 0; i < t->n; i++) {
		const struct ts_series *s = &t->ss[i];
		const struct ts_custom *c = &s->f->fc.custom;
		st[i] = (struct stack_series){.t = s->s->t, .v = s->s->v, .n = s->s->n,
		                              .mode = c->stacking, .negate = c->transform_negative_y,
		                              .hidden = !visible(s)};
	}
	stack_apply(st, t->n, t->step);
	for (size_t i = 0; i < t->n; i++) {
		t->ss[i].v = st[i].v;
		t->ss[i].stack_prev = st[i].prev;
	}
	return st;
}

/* ---- scales --------------------------------------------------------- */

static void scale_extent(struct ts *t)
{
	for (int a = 0; a < 2; a++) {
		t->sc[a].lo = INFINITY;
		t->sc[a].hi = -INFINITY;
	}
	for (size_t i = 0; i < t->n; i++) {
		struct ts_series *s = &t->ss[i];
		struct scale *sc = &t->sc[s->f->axis];
		if (!visible(s))
			continue;
		if (!sc->used) {
			sc->used = true;
			g_strlcpy(sc->unit, s->f->fc.unit, sizeof sc->unit);
			sc->decimals = s->f->fc.decimals;
			sc->log = s->f->fc.custom.scale == SCALE_LOG;
			sc->base = s->f->fc.custom.log_base > 1 ? s->f->fc.custom.log_base : 10;
			if (s->f->fc.custom.stacking == STACK_PERCENT)
				g_strlcpy(sc->unit, "percentunit", sizeof sc->unit);
		}
		for (size_t k = 0; k < s->s->n; k++) {
			double v = s->v[k];
			if (isnan(v) || (sc->log && v <= 0))
				continue;
			sc->lo = v < sc->lo ? v : sc->lo;
			sc->hi = v > sc->hi ? v : sc->hi;
		}
	}
}

static bool has_data(const struct ts *t)
{
	for (int a = 0; a < 2; a++)
		if (t->sc[a].used && isfinite(t->sc[a].lo))
			return true;
	return false;
}

/* Log axis: one tick per power of the base inside the range. */
static void log_axis(struct scale *sc, double lo, double hi)
{
	struct value_axis *ax = &sc->ax;
	double b = sc->base;
	double e0 = floor(log(lo) / log(b)), e1 = ceil(log(hi) / log(b));
	if (e1 <= e0)
		e1 = e0 + 1;
	ax->min = pow(b, e0);
	ax->max = pow(b, e1);
	ax->n = 0;
	for (double e = e0; e <= e1 && ax->n < TICKS_MAX; e++) {
		ax->ticks[ax->n].value = pow(b, e);
		units_format_str(sc->unit, ax->ticks[ax->n].value, sc->decimals,
		                 ax->ticks[ax->n].label, sizeof ax->ticks[ax->n].label);
		ax->n++;
	}
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
		hmin = isnan(hmin) ? 0 : hmin;
		hmax = isnan(hmax) ? 1 : hmax;
	}
	if (!isnan(fc->custom.axis_soft_min))
		lo = fmin(lo, fc->custom.axis_soft_min);
	if (!isnan(fc->custom.axis_soft_max))
		hi = fmax(hi, fc->custom.axis_soft_max);
	if (sc->log) {
		log_axis(sc, isnan(hmin) || hmin <= 0 ? lo : hmin, isnan(hmax) ? hi : hmax);
		return;
	}
	ticks_value_axis(lo, hi, hmin, hmax, px, TS_Y_SPACE, sc->unit, sc->decimals, &sc->ax);
	if (!(sc->ax.max > sc->ax.min)) {
		sc->ax.min = lo - 1;
		sc->ax.max = hi + 1;
	}
}

static double y_of(const struct scale *sc, struct rect plot, double v)
{
	double lo = sc->ax.min, hi = sc->ax.max, f;
	if (sc->log) {
		if (v <= 0)
			return plot.y + plot.h + 1;
		f = (log(v) - log(lo)) / (log(hi) - log(lo));
	} else {
		f = (v - lo) / (hi - lo);
	}
	return plot.y + plot.h - f * plot.h;
}

/* ---- layout --------------------------------------------------------- */

struct rect ts_plot_rect(const struct ts_layout_in *in)
{
	struct rect c = in->content;
	double top = c.y + TS_PLOT_PAD_TOP;
	double bottom = c.y + c.h;
	double right = c.x + c.w;
	bool has_legend = in->legend.w > 0 && in->legend.h > 0;
	if (has_legend && !in->legend_right)
		bottom = in->legend.y;
	if (has_legend && in->legend_right)
		right = in->legend.x;
	bottom -= TS_X_AXIS_H + in->x_title_h;
	double left = c.x + in->y_title_w +
	              (in->y_label_w >= 0 ? in->y_label_w + TS_Y_AXIS_EXTRA : 0);
	right -= in->y2_label_w >= 0 ? in->y2_label_w + TS_Y_AXIS_EXTRA : TS_PLOT_PAD_RIGHT;
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
			          y - lh / 2, 0, a == 0 ? ALIGN_RIGHT : ALIGN_LEFT, th->text);
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

/* custom.axisLabel: rotated beside the value axis and, since Grafana applies
 * the field defaults to the time field too, under the time axis. */
static void draw_axis_titles(cairo_t *cr, const struct ts *t, const struct ts_layout_in *in)
{
	const char *label = t->p->defaults.custom.axis_label;
	struct text *tx = t->env->tx;
	struct rect p = t->plot;
	if (!label || !*label)
		return;
	double w, h;
	text_measure(tx, label, AXIS_PX, TEXT_REGULAR, &w, &h);
	cairo_save(cr);
	cairo_translate(cr, in->content.x, p.y + p.h / 2 + w / 2);
	cairo_rotate(cr, -M_PI / 2);
	text_draw(tx, cr, label, AXIS_PX, TEXT_REGULAR, 0, 0, 0, ALIGN_LEFT, t->env->th->text);
	cairo_restore(cr);
	text_draw(tx, cr, label, AXIS_PX, TEXT_REGULAR, p.x + p.w / 2,
	          p.y + p.h + TS_X_AXIS_H + TS_X_TITLE_DY, 0,
	          ALIGN_CENTER, t->env->th->text);
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

/* Monotone cubic (Fritsch–Carlson) tangent at point i of a segment [a, b). */
static double tangent(const struct dpt *q, size_t a, size_t b, size_t i)
{
	double d0 = i > a ? (q[i].v - q[i - 1].v) / (q[i].x - q[i - 1].x) : NAN;
	double d1 = i + 1 < b ? (q[i + 1].v - q[i].v) / (q[i + 1].x - q[i].x) : NAN;
	if (isnan(d0))
		return isnan(d1) ? 0 : d1;
	if (isnan(d1))
		return d0;
	if (d0 * d1 <= 0 || !isfinite(d0) || !isfinite(d1))
		return 0;
	return 2 / (1 / d0 + 1 / d1);
}

/* Adds the line through q[a..b) (no NaN inside) to the current path; with
 * `join` it continues the path instead of moving to the first point.
 * [lo, hi) is the whole unbroken run, for smooth tangents across chunks. */
static void segment_path(cairo_t *cr, const struct dpt *q, size_t a, size_t b, size_t lo, size_t hi,
                         enum line_interp li, bool join)
{
	if (join)
		cairo_line_to(cr, q[a].x, q[a].v);
	else
		cairo_move_to(cr, q[a].x, q[a].v);
	for (size_t i = a + 1; i < b; i++) {
		const struct dpt *p0 = &q[i - 1], *p1 = &q[i];
		switch (li) {
		case INTERP_STEP_AFTER:
			cairo_line_to(cr, p1->x, p0->v);
			break;
		case INTERP_STEP_BEFORE:
			cairo_line_to(cr, p0->x, p1->v);
			break;
		case INTERP_SMOOTH: {
			double dx = (p1->x - p0->x) / 3;
			double m0 = tangent(q, lo, hi, i - 1), m1 = tangent(q, lo, hi, i);
			cairo_curve_to(cr, p0->x + dx, p0->v + m0 * dx, p1->x - dx, p1->v - m1 * dx,
			               p1->x, p1->v);
			continue;
		}
		default:
			break;
		}
		cairo_line_to(cr, p1->x, p1->v);
	}
}

static size_t segment_end(const struct dpt *q, size_t n, size_t a)
{
	while (a < n && !isnan(q[a].v))
		a++;
	return a;
}

static void set_fill(cairo_t *cr, const struct ts *t, const struct ts_series *s)
{
	double a = s->f->fc.custom.fill_opacity / 100;
	if (s->f->fc.custom.gradient == GRADIENT_OPACITY) {
		cairo_pattern_t *g =
		        cairo_pattern_create_linear(0, t->plot.y, 0, t->plot.y + t->plot.h);
		uint32_t c = s->f->color;
		double r = (c >> 24) / 255.0, gg = ((c >> 16) & 0xff) / 255.0,
		       b = ((c >> 8) & 0xff) / 255.0;
		cairo_pattern_add_color_stop_rgba(g, 0, r, gg, b, a);
		cairo_pattern_add_color_stop_rgba(g, 1, r, gg, b, 0);
		cairo_set_source(cr, g);
		cairo_pattern_destroy(g);
		return;
	}
	theme_set_source(cr, theme_alpha(s->f->color, a));
}

/* Fills under each segment: to y0, or back along the previous stacked line. */
static void draw_fill(cairo_t *cr, const struct ts *t, const struct ts_series *s,
                      const struct dpt *q, size_t n, const struct dpt *prev, size_t np, double y0)
{
	enum line_interp li = s->f->fc.custom.line_interp;
	for (size_t a = 0; a < n;) {
		size_t b = segment_end(q, n, a);
		if (b > a) {
			segment_path(cr, q, a, b, a, b, li, false);
			if (prev && np) {
				for (size_t k = np; k-- > 0;)
					if (!isnan(prev[k].v) && prev[k].x <= q[b - 1].x + 0.5 &&
					    prev[k].x >= q[a].x - 0.5)
						cairo_line_to(cr, prev[k].x, prev[k].v);
				cairo_line_to(cr, q[a].x, q[a].v);
			} else {
				cairo_line_to(cr, q[b - 1].x, y0);
				cairo_line_to(cr, q[a].x, y0);
			}
			cairo_close_path(cr);
		}
		a = b + 1;
	}
	set_fill(cr, t, s);
	cairo_fill(cr);
}

/* Bars from y0, or from the previous stacked series' top at the same x. */
static void draw_bars(cairo_t *cr, const struct ts *t, const struct ts_series *s,
                      const struct dpt *q, size_t n, const struct dpt *prev, size_t np, double y0)
{
	double bw = t->step / (t->to - t->from) * t->plot.w * s->f->fc.custom.bar_width_factor;
	bw = fmax(bw, 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(q[i].v))
			continue;
		double base = y0;
		while (prev && k < np && prev[k].x < q[i].x - 0.01)
			k++;
		if (prev && k < np && fabs(prev[k].x - q[i].x) <= 0.01 && !isnan(prev[k].v))
			base = prev[k].v;
		cairo_rectangle(cr, q[i].x - bw / 2, fmin(q[i].v, base), bw, fabs(q[i].v - base));
	}
	double a = s->f->fc.custom.fill_opacity / 100;
	theme_set_source(cr, theme_alpha(s->f->color, a > 0 ? a : 1));
	cairo_fill_preserve(cr);
	theme_set_source(cr, s->f->color);
	cairo_set_line_width(cr, s->f->fc.custom.line_width > 0 ? s->f->fc.custom.line_width : 1);
	cairo_stroke(cr);
}

static void draw_points(cairo_t *cr, const struct ts_series *s, const struct dpt *q, size_t n)
{
	double r = (s->f->fc.custom.point_size > 0 ? s->f->fc.custom.point_size : 5) / 2;
	for (size_t i = 0; i < n; i++)
		if (!isnan(q[i].v)) {
			cairo_new_sub_path(cr);
			cairo_arc(cr, q[i].x, q[i].v, r, 0, 2 * M_PI);
		}
	theme_set_source(cr, s->f->color);
	cairo_fill(cr);
}

/* Where dense stretches of a line are filled as bands (envelope.h): the
 * decimation's columns, the device's, and scratch for one band's span. */
struct band {
	struct env_cols dec, dev;
	double *top, *bot;
	size_t cap;
};

/* Strokes in chunks: Cairo's stroker cost grows badly with the number of
 * self-intersections in one path.  Chunks share their end points, so joins
 * stay closed.  [lo, hi) is the whole run, for smooth tangents. */
#define STROKE_CHUNK 64

static void stroke_range(cairo_t *cr, const struct dpt *q, size_t a, size_t b, size_t lo,
                         size_t hi, enum line_interp li)
{
	for (size_t c = a; c + 1 < b; c += STROKE_CHUNK) {
		size_t e = c + STROKE_CHUNK + 1 < b ? c + STROKE_CHUNK + 1 : b;
		segment_path(cr, q, c, e, lo, hi, li, false);
		cairo_stroke(cr);
	}
}

/* Fills the span of q[a..b] per device column, widened by half the line
 * width: what the stroked zigzag would cover, at a fraction of the cost. */
static void fill_band(cairo_t *cr, const struct band *bd, const struct dpt *q, size_t a, size_t b,
                      enum line_interp li, double hw)
{
	long c0;
	size_t cols = envelope_build(q, a, b, bd->dev, li, bd->top, bd->bot, bd->cap, &c0);
	if (cols == 0) {
		stroke_range(cr, q, a, b + 1, a, b + 1, li);
		return;
	}
	double left = q[a].x - hw, right = q[b].x + hw;
	for (size_t c = 0; c < cols; c++) {
		double xl = ((double)(c0 + (long)c) - bd->dev.off) / bd->dev.k;
		double xr = xl + 1 / bd->dev.k;
		xl = fmax(xl, left);
		xr = fmin(xr, right);
		if (c == 0)
			cairo_move_to(cr, xl, bd->top[c] - hw);
		else
			cairo_line_to(cr, xl, bd->top[c] - hw);
		cairo_line_to(cr, xr, bd->top[c] - hw);
	}
	for (size_t c = cols; c-- > 0;) {
		double xl = ((double)(c0 + (long)c) - bd->dev.off) / bd->dev.k;
		double xr = xl + 1 / bd->dev.k;
		cairo_line_to(cr, fmin(xr, right), bd->bot[c] + hw);
		cairo_line_to(cr, fmax(xl, left), bd->bot[c] + hw);
	}
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* One unbroken run q[a..b): sparse stretches stroked, dense ones banded. */
static void draw_run(cairo_t *cr, const struct band *bd, const struct ts_series *s,
                     const struct dpt *q, size_t a, size_t b)
{
	enum line_interp li = s->f->fc.custom.line_interp;
	double hw = s->f->fc.custom.line_width / 2;
	for (size_t from = a; from + 1 < b;) {
		bool dense;
		size_t end = a + envelope_next(q + a, b - a, bd->dec, from - a, &dense);
		if (dense)
			fill_band(cr, bd, q, from, end, li, hw);
		else
			stroke_range(cr, q, from, end + 1, a, b, li);
		from = end;
	}
}

/* custom.lineStyle dash or dot: stroked throughout (a dense band has no
 * dashes), dots as round caps on zero-length dashes, as uPlot draws them. */
static bool set_line_style(cairo_t *cr, const struct ts_custom *c)
{
	if (c->line_fill == LINE_SOLID)
		return false;
	double off = c->line_dash[1] > 0 ? c->line_dash[1] : 10;
	double dash[2] = {c->line_fill == LINE_DOT ? 0 : fmax(c->line_dash[0], 1), off};
	cairo_set_dash(cr, dash, 2, 0);
	if (c->line_fill == LINE_DOT)
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	return true;
}

static void draw_line(cairo_t *cr, const struct band *bd, const struct ts_series *s,
                      const struct dpt *q, size_t n)
{
	double lw = s->f->fc.custom.line_width;
	if (!(lw > 0))
		return;
	theme_set_source(cr, s->f->color);
	cairo_save(cr);
	cairo_set_line_width(cr, lw);
	bool styled = set_line_style(cr, &s->f->fc.custom);
	for (size_t a = 0; a < n;) {
		size_t b = segment_end(q, n, a);
		if (styled)
			stroke_range(cr, q, a, b, a, b, s->f->fc.custom.line_interp);
		else
			draw_run(cr, bd, s, q, a, b);
		if (b == a + 1) {
			cairo_move_to(cr, q[a].x, q[a].v);
			cairo_close_path(cr);
			cairo_stroke(cr);
		}
		a = b + 1;
	}
	cairo_restore(cr);
}

static size_t points_in_view(const struct ts *t, const struct series *s)
{
	size_t c = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->t[i] >= t->from && s->t[i] <= t->to && !isnan(s->v[i]))
			c++;
	return c;
}

static bool want_points(const struct ts *t, const struct ts_series *s)
{
	const struct ts_custom *c = &s->f->fc.custom;
	if (c->draw_style == DRAW_POINTS || c->show_points == POINTS_ALWAYS)
		return true;
	if (c->show_points == POINTS_NEVER || c->draw_style == DRAW_BARS)
		return false;
	double ps = c->point_size > 0 ? c->point_size : 5;
	return (double)points_in_view(t, s->s) < t->plot.w / (ps * 4);
}

static void paint_one(cairo_t *cr, const struct ts *t, const struct band *bd,
                      const struct ts_series *s, const struct dpt *q, size_t n,
                      const struct dpt *prev, size_t np)
{
	const struct scale *sc = &t->sc[s->f->axis];
	struct rect p = t->plot;
	double y0 = sc->log ? p.y + p.h : fmax(p.y, fmin(p.y + p.h, y_of(sc, p, 0)));
	const struct ts_custom *c = &s->f->fc.custom;
	const struct dpt *under = s->stack_prev >= 0 ? prev : NULL;
	if (c->draw_style == DRAW_BARS) {
		draw_bars(cr, t, s, q, n, under, np, y0);
	} else if (c->draw_style == DRAW_LINE) {
		if (c->fill_opacity > 0)
			draw_fill(cr, t, s, q, n, under, np, y0);
		draw_line(cr, bd, s, q, n);
	}
	if (want_points(t, s))
		draw_points(cr, s, q, n);
}

static void decimate_series(const struct ts *t, const struct ts_series *s, struct dpt *q,
                            size_t cap, size_t *n)
{
	const struct ts_custom *c = &s->f->fc.custom;
	struct decimate_opts o = {
	        .t0 = t->from,
	        .t1 = t->to,
	        .x0 = t->plot.x,
	        .width = t->plot.w,
	        .max_gap = t->step > 0 ? t->step * 1.5 : 0,
	        .span_nulls = c->span_nulls
	                              ? (c->span_nulls_ms > 0 ? c->span_nulls_ms / 1000 : INFINITY)
	                              : 0,
	};
	*n = decimate_m4(s->s->t, s->v, s->s->n, &o, q, cap);
	const struct scale *sc = &t->sc[s->f->axis];
	for (size_t i = 0; i < *n; i++)
		if (!isnan(q[i].v))
			q[i].v = y_of(sc, t->plot, q[i].v);
}

/* The band's column grids: the decimation's (1 px from plot.x) and the
 * device's (from the current transform, which is a scale and a shift). */
static void band_init(cairo_t *cr, const struct ts *t, struct band *bd)
{
	double x0 = 0, y0 = 0, x1 = 1, y1 = 0;
	cairo_user_to_device(cr, &x0, &y0);
	cairo_user_to_device(cr, &x1, &y1);
	bd->dec = (struct env_cols){1, -t->plot.x};
	bd->dev = (struct env_cols){x1 - x0 > 0 ? x1 - x0 : 1, x0};
	bd->cap = (size_t)ceil(t->plot.w * bd->dev.k) + 8;
	bd->top = g_new(double, bd->cap * 2);
	bd->bot = bd->top + bd->cap;
}

/* Clips to the plot rounded out to whole device pixels: the plot's edges
 * sit on pixel centres, and a clip that cuts pixels makes Cairo render
 * every fill through a mask (measured: 4x the cost of the series). */
static void clip_to_plot(cairo_t *cr, struct rect p)
{
	double x0 = p.x, y0 = p.y, x1 = p.x + p.w, y1 = p.y + p.h;
	cairo_user_to_device(cr, &x0, &y0);
	cairo_user_to_device(cr, &x1, &y1);
	x0 = floor(x0);
	y0 = floor(y0);
	x1 = ceil(x1);
	y1 = ceil(y1);
	cairo_device_to_user(cr, &x0, &y0);
	cairo_device_to_user(cr, &x1, &y1);
	cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
	cairo_clip(cr);
}

static void draw_series(cairo_t *cr, const struct ts *t)
{
	size_t cap = decimate_cap(t->plot.w);
	struct band bd;
	struct dpt *buf = g_new(struct dpt, cap * 2);
	band_init(cr, t, &bd);
	struct dpt *cur = buf, *prev = buf + cap;
	size_t nprev = 0;
	cairo_save(cr);
	clip_to_plot(cr, t->plot);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (size_t i = 0; i < t->n; i++) {
		const struct ts_series *s = &t->ss[i];
		if (!visible(s))
			continue;
		size_t n;
		decimate_series(t, s, cur, cap, &n);
		paint_one(cr, t, &bd, s, cur, n, prev, nprev);
		if (s->f->fc.custom.stacking != STACK_NONE) {
			struct dpt *tmp = prev;
			prev = cur;
			cur = tmp;
			nprev = n;
		}
	}
	cairo_restore(cr);
	g_free(bd.top);
	g_free(buf);
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
	for (size_t i = 0; i < t->n; i++) {
		const struct ts_series *s = &t->ss[i];
		if (s->f->fc.custom.hide_in_legend)
			continue;
		e[n].name = s->f->name;
		e[n].color = s->f->color;
		if (table && calcs) {
			double v[LEGEND_MAX_CALCS];
			legend_calcs(s->s->v, s->s->n, v);
			for (size_t k = 0; k < LEGEND_MAX_CALCS; k++)
				format_cell(&s->f->fc, v[k], e[n].cells[k], LEGEND_CELL);
		}
		n++;
	}
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
	const char *axis_title = t->p->defaults.custom.axis_label;
	if (axis_title && *axis_title) {
		double h;
		text_measure(tx, axis_title, AXIS_PX, TEXT_REGULAR, NULL, &h);
		in.y_title_w = ceil(h) + TS_AXIS_TITLE_PAD * 1.5 + 1;
		in.x_title_h = ceil(h) + TS_AXIS_TITLE_PAD - 3;
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
	t.ss = g_new0(struct ts_series, t.n);
	for (size_t i = 0; i < t.n; i++)
		t.ss[i] = (struct ts_series){.s = &d->series[i], .f = &env->fields[i],
		                             .v = d->series[i].v, .stack_prev = -1};
	t.step = data_step(&t);
	time_range(&t);
	struct stack_series *st = transform(&t);
	scale_extent(&t);
	if (has_data(&t)) {
		struct legend_entry *entries = g_new0(struct legend_entry, t.n);
		struct legend_slot *slots = g_new0(struct legend_slot, t.n);
		struct legend_spec sp = {.opts = &t.p->legend, .e = entries};
		sp.n = legend_entries(&t, entries);
		layout_and_paint(cr, &t, content, &sp, slots);
		draw_series(cr, &t);
		g_free(entries);
		g_free(slots);
	} else {
		chrome_message(cr, env->tx, env->th, content, "No data");
	}
	for (size_t i = 0; i < t.n; i++)
		g_free(st[i].owned);
	g_free(st);
	g_free(t.ss);
}
