/*
 * stat.c — the stat panel as Grafana 10.4's StatPanel + BigValue draw it:
 * values from single.h in a VizRepeater grid (3 px apart), each laid out by
 * BigValueLayout (wide or stacked, with or without the area sparkline),
 * font sizes from calculateFontSize on the alignment factors, colour modes
 * value / background gradient / background solid / none, text modes value,
 * value and name, name, none and auto, and justify auto/center.
 */
#include "render/stat.h"

#include <glib.h>
#include <math.h>
#include <string.h>
#include "base/colour.h"
#include "render/single.h"

#define LINE_H        1.2
#define MAX_TITLE     30.0
#define VALUE_WEIGHT  TEXT_MEDIUM
#define ITEM_SPACING  3.0
#define RADIUS        2.0

enum big_layout { WIDE_NO_CHART, WIDE_CHART, STACKED_CHART, STACKED_NO_CHART };

/* getTextValues: what one item shows and what its sizes are fitted to. */
struct big_text {
	const char *title;         /* NULL: none */
	const char *prefix, *text, *suffix;
	char value_align[192];     /* valueToAlignTo */
	const char *title_align;   /* titleToAlignTo; NULL: none */
};

struct big {
	struct rect box;
	enum big_layout kind;
	struct big_text t;
	double pad, title_size, value_size, chart_h, chart_w;
	bool center;
	uint32_t color;            /* the value's colour */
};

static void text_values(const struct single_value *v, const struct single_align *af,
                        enum stat_text_mode mode, size_t count, struct big_text *out)
{
	memset(out, 0, sizeof *out);
	const char *title_align = af->title;
	g_snprintf(out->value_align, sizeof out->value_align, "%s%s%s", af->prefix, af->text,
	           af->suffix);
	if (mode == STAT_TEXT_AUTO && count == 1)
		mode = STAT_TEXT_VALUE;
	switch (mode) {
	case STAT_TEXT_NAME:
		out->text = v->has_title ? v->title : "";
		out->prefix = out->suffix = "";
		g_strlcpy(out->value_align, title_align, sizeof out->value_align);
		break;
	case STAT_TEXT_VALUE:
		out->prefix = v->d.prefix;
		out->text = v->d.text;
		out->suffix = v->d.suffix;
		break;
	case STAT_TEXT_NONE:
		out->prefix = out->text = out->suffix = "";
		g_strlcpy(out->value_align, "1", sizeof out->value_align);
		break;
	default: /* value and name */
		out->title = v->has_title ? v->title : NULL;
		out->title_align = title_align;
		out->prefix = v->d.prefix;
		out->text = v->d.text;
		out->suffix = v->d.suffix;
		break;
	}
}

static bool has_chart(const struct cairn_panel *p, const struct single_value *v)
{
	if (p->single.stat.graph_mode == STAT_GRAPH_NONE || p->single.reduce.values || !v->s)
		return false;
	size_t k = 0;
	for (size_t i = 0; i < v->s->n && k < 2; i++)
		k += !isnan(v->s->v[i]);
	return k > 1;
}

static double fit(struct text *tx, const char *s, int weight, double w, double h, double max)
{
	return single_font_size(single_w14(tx, s, weight), w, h, LINE_H, max);
}

/* BigValueLayout's constructors: which layout, and the font sizes. */
static void layout_big(struct text *tx, const struct cairn_panel *p, struct big *b, bool chart)
{
	double W = b->box.w, H = b->box.h;
	const struct single_opts *o = &p->single;
	b->pad = H > 100 ? 12 : 8;
	b->center = o->stat.justify == STAT_JUSTIFY_CENTER || !b->t.title || !*b->t.title;
	double mw = W - 2 * b->pad, mh = H - 2 * b->pad;
	const char *ta = b->t.title_align, *va = b->t.value_align;
	if (o->title_size > 0) {
		b->title_size = o->title_size;
		ta = NULL;
	}
	if (o->value_size > 0) {
		b->value_size = o->value_size;
		va = "";
	}
	bool wide = W / H > 2.5 && o->stat.wide_layout;
	bool has_ta = ta && *ta, has_va = va && *va;
	if (wide && H > 50 && chart) {
		b->kind = WIDE_CHART;
		b->chart_w = W;
		b->chart_h = H * 0.5;
		if (has_ta)
			b->title_size = fit(tx, ta, TEXT_REGULAR, mw * 0.6, mh * 0.4, MAX_TITLE);
		if (has_va)
			b->value_size = fit(tx, va, VALUE_WEIGHT, mw * 0.4, mh * 0.5, 0);
	} else if (wide) {
		b->kind = WIDE_NO_CHART;
		if (has_va)
			b->value_size = fit(tx, va, VALUE_WEIGHT, mw * (has_ta ? 0.3 : 1), mh, 0);
		if (has_ta)
			b->title_size = fmin(b->value_size * 0.7,
			                     fit(tx, ta, TEXT_REGULAR, mw * 0.6, mh, MAX_TITLE));
	} else {
		bool with_chart = H > 100 && chart;
		b->kind = with_chart ? STACKED_CHART : STACKED_NO_CHART;
		double title_h = 0, chart_h = with_chart ? H * 0.25 : 0;
		if (has_ta) {
			b->title_size = fit(tx, ta, TEXT_REGULAR, mw, H * 0.15, MAX_TITLE);
			title_h = b->title_size * LINE_H;
		}
		if (has_va)
			b->value_size =
			        fit(tx, va, VALUE_WEIGHT, mw, mh - chart_h - title_h, 0);
		if (has_ta)
			b->title_size = fmin(b->value_size * 0.7, b->title_size);
		if (with_chart) {
			b->chart_w = W;
			b->chart_h = H - b->title_size * LINE_H - b->value_size * LINE_H;
		}
	}
}

/* getPanelStyles' background: linear-gradient(120deg, c2, c3), or solid */
static void paint_background(cairo_t *cr, const struct theme *th, const struct big *b,
                             enum stat_color_mode mode)
{
	if (mode != STAT_COLOR_BACKGROUND && mode != STAT_COLOR_BACKGROUND_SOLID)
		return;
	single_rounded(cr, b->box, RADIUS);
	if (mode == STAT_COLOR_BACKGROUND_SOLID) {
		theme_set_source(cr, b->color);
		cairo_fill(cr);
		return;
	}
	double f = th->kind == THEME_DARK ? 1 : -0.7;
	uint32_t c2 = colour_darken_spin(b->color, 15 * f, 8);
	uint32_t c3 = colour_darken_spin(b->color, 5 * f, -8);
	double a = 120 * M_PI / 180, dx = sin(a), dy = -cos(a);
	double len = fabs(b->box.w * dx) + fabs(b->box.h * dy);
	double cx = b->box.x + b->box.w / 2, cy = b->box.y + b->box.h / 2;
	cairo_pattern_t *pat = cairo_pattern_create_linear(cx - dx * len / 2, cy - dy * len / 2,
	                                                   cx + dx * len / 2, cy + dy * len / 2);
	single_color_stop(pat, 0, c2);
	single_color_stop(pat, 1, c3);
	cairo_set_source(cr, pat);
	cairo_fill(cr);
	cairo_pattern_destroy(pat);
}

/* Sparkline.getYRange: the field's range; a flat one opened up from 0 (or
 * to 0..100 at zero), else kept inside the field's own min/max. */
static void sparkline_range(const struct single_value *v, double *lo, double *hi)
{
	*lo = v->min;
	*hi = v->max;
	if (*lo == *hi) {
		if (*lo == 0) {
			*hi = 100;
		} else {
			*lo = 0;
			*hi *= 2;
		}
		return;
	}
	*lo = fmax(*lo, isnan(v->fc->min) ? -INFINITY : v->fc->min);
	*hi = fmin(*hi, isnan(v->fc->max) ? INFINITY : v->fc->max);
}

/* BigValueLayout.renderChart's colours: on a background, a white 40% fill
 * and the colour brightened by 40; else the colour and 20% of it. */
static void chart_colors(uint32_t c, enum stat_color_mode mode, uint32_t *line, uint32_t *fill)
{
	*line = c;
	*fill = theme_alpha(c, 0.2);
	if (mode != STAT_COLOR_BACKGROUND && mode != STAT_COLOR_BACKGROUND_SOLID)
		return;
	*fill = 0xFFFFFF66; /* rgba(255,255,255,0.4) */
	*line = c & 0xff;
	for (int k = 0; k < 3; k++) { /* tinycolor brighten(40): +round(2.55 * 40) */
		unsigned ch = (c >> (24 - 8 * k)) & 0xff;
		*line |= (uint32_t)MIN(255u, ch + 102u) << (24 - 8 * k);
	}
}

/* One run of samples without gaps as a path: the line, or (area) the
 * line closed down to the chart's bottom.  Returns where the next run
 * starts, s->n when none. */
static size_t trace_run(cairo_t *cr, const struct series *s, size_t i, struct rect r,
                        double from, double to, double lo, double hi, bool area)
{
	while (i < s->n && isnan(s->v[i]))
		i++;
	size_t start = i;
	double x0 = 0, xl = 0;
	cairo_new_path(cr);
	for (; i < s->n && !isnan(s->v[i]); i++) {
		double x = r.x + (s->t[i] - from) / (to - from) * r.w;
		double y = r.y + (1 - (s->v[i] - lo) / (hi - lo)) * r.h;
		if (i == start) {
			x0 = x;
			cairo_move_to(cr, x, y);
		} else {
			cairo_line_to(cr, x, y);
		}
		xl = x;
	}
	if (area && i > start) {
		cairo_line_to(cr, xl, r.y + r.h);
		cairo_line_to(cr, x0, r.y + r.h);
		cairo_close_path(cr);
	}
	return i;
}

/* The Sparkline: the series over the time range, under the text, a 1 px
 * line over its area. */
static void paint_chart(cairo_t *cr, const struct panel_job *job, const struct single_value *v,
                        const struct big *b, enum stat_color_mode mode)
{
	struct rect r = {b->box.x + b->box.w - b->chart_w, b->box.y + b->box.h - b->chart_h,
	                 b->chart_w, b->chart_h};
	double lo, hi, from = job->from, to = job->to;
	sparkline_range(v, &lo, &hi);
	if (r.w <= 0 || r.h <= 0 || !(to > from) || !(hi > lo))
		return;
	uint32_t line, fill;
	chart_colors(b->color, mode, &line, &fill);
	cairo_save(cr);
	cairo_rectangle(cr, r.x, r.y, r.w, r.h);
	cairo_clip(cr);
	cairo_set_line_width(cr, 1);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (int area = 1; area >= 0; area--) {
		theme_set_source(cr, area ? fill : line);
		for (size_t i = 0; i < v->s->n;) {
			i = trace_run(cr, v->s, i, r, from, to, lo, hi, area);
			if (area)
				cairo_fill(cr);
			else
				cairo_stroke(cr);
		}
	}
	cairo_restore(cr);
}

/* Where the title's and the value's line boxes start. */
struct big_pos {
	double title_x, title_y, value_x, value_y;
};

/* The flex layout of each kind: wide kinds put title and value in a row
 * (space-between, or centred 0.75ch apart), stacked kinds in a column;
 * tw and vw are the texts' widths.  Pure. */
static struct big_pos place_texts(const struct big *b, struct rect c, double tw, double vw,
                                  double gap)
{
	bool has_title = b->t.title && *b->t.title;
	double th = has_title ? b->title_size * LINE_H : 0, vh = b->value_size * LINE_H;
	struct big_pos p;
	if (b->kind == WIDE_NO_CHART || b->kind == WIDE_CHART) {
		double line = fmax(th, vh);
		bool stretched = b->kind == WIDE_CHART && !b->center; /* both at the top */
		double top = stretched ? c.y : c.y + (c.h - line) / 2;
		p.title_y = stretched ? c.y : top + (line - th) / 2;
		p.value_y = stretched ? c.y : top + (line - vh) / 2;
		if (b->center) {
			double g = has_title ? gap : 0;
			p.title_x = c.x + (c.w - (tw + g + vw)) / 2;
			p.value_x = p.title_x + tw + g;
		} else {
			p.title_x = c.x;
			p.value_x = c.x + c.w - vw;
		}
		return p;
	}
	double top = c.y;
	if (b->kind == STACKED_NO_CHART || b->center)
		top = c.y + (c.h - (th + vh)) / 2;
	p.title_y = top;
	p.value_y = top + th;
	p.title_x = b->center ? c.x + (c.w - tw) / 2 : c.x;
	p.value_x = b->center ? c.x + (c.w - vw) / 2 : c.x;
	return p;
}

/* The texts in the colours of the colour mode. */
static void paint_texts(cairo_t *cr, struct text *tx, const struct theme *th,
                        const struct cairn_panel *p, const struct big *b)
{
	enum stat_color_mode mode = p->single.stat.color_mode;
	bool bg = mode == STAT_COLOR_BACKGROUND || mode == STAT_COLOR_BACKGROUND_SOLID;
	uint32_t on_bg = single_text_on(th, b->color);
	uint32_t vcol = mode == STAT_COLOR_VALUE ? b->color : bg ? on_bg : th->text;
	uint32_t tcol = bg ? on_bg : th->text;
	double cp = p->single.stat.text_mode == STAT_TEXT_NONE ? 2 : b->pad;
	struct rect c = {b->box.x + cp, b->box.y + cp, b->box.w - 2 * cp, b->box.h - 2 * cp};
	/* A box too small for a title has no title size: none is drawn. */
	bool has_title = b->t.title && *b->t.title && b->title_size > 0;
	double tw = 0, h;
	if (has_title)
		text_measure(tx, b->t.title, b->title_size, TEXT_REGULAR, &tw, &h);
	/* A box too small for the value has no value size (nothing is drawn). */
	double vw = b->value_size > 0 ? single_value_width(tx, b->t.prefix, b->t.text, b->t.suffix,
	                                                   b->value_size, VALUE_WEIGHT)
	                              : 0;
	/* the centred gap: 0.75ch of the container's inherited 14 px body font */
	struct big_pos at = place_texts(b, c, tw, vw, 0.75 * single_w14(tx, "0", TEXT_REGULAR));
	if (has_title) {
		double base = single_baseline(tx, at.title_y, b->title_size, LINE_H, TEXT_REGULAR);
		text_draw(tx, cr, b->t.title, b->title_size, TEXT_REGULAR, at.title_x,
		          base - text_baseline(tx, b->title_size, TEXT_REGULAR), 0, ALIGN_LEFT, tcol);
	}
	if (b->value_size > 0) {
		double base = single_baseline(tx, at.value_y, b->value_size, LINE_H, VALUE_WEIGHT);
		single_value_paint(tx, cr, b->t.prefix, b->t.text, b->t.suffix, b->value_size,
		                   VALUE_WEIGHT, at.value_x, base, vcol);
	}
}

void stat_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
               struct rect content)
{
	const struct cairn_panel *p = job->panel;
	struct single_value *v = NULL;
	size_t n = single_values(p, env->th, job->data, env->fields, &v);
	struct single_align af;
	single_align(v, n, &af);
	/* StatPanel.getTextMode: auto shows the name when the panel has no
	 * title or the field a display name */
	enum stat_text_mode mode = p->single.stat.text_mode;
	const char *title = job->title ? job->title : p->title;
	if (mode == STAT_TEXT_AUTO && (p->defaults.display_name || !title || !*title))
		mode = STAT_TEXT_VALUE_AND_NAME;
	struct rect *boxes = g_new(struct rect, n);
	struct single_repeat rp = {.auto_grid = true, .orientation = p->single.orientation,
	                           .spacing = ITEM_SPACING};
	enum viz_orientation ro;
	single_layout(content, n, &rp, boxes, &ro);
	cairo_save(cr);
	cairo_rectangle(cr, content.x, content.y, content.w, content.h);
	cairo_clip(cr);
	for (size_t i = 0; i < n; i++) {
		struct big b = {.box = boxes[i], .color = v[i].d.color};
		if (b.box.w <= 0 || b.box.h <= 0)
			continue;
		text_values(&v[i], &af, mode, n, &b.t);
		bool chart = has_chart(p, &v[i]);
		layout_big(env->tx, p, &b, chart);
		paint_background(cr, env->th, &b, p->single.stat.color_mode);
		if (b.kind == WIDE_CHART || b.kind == STACKED_CHART)
			paint_chart(cr, job, &v[i], &b, p->single.stat.color_mode);
		paint_texts(cr, env->tx, env->th, p, &b);
	}
	cairo_restore(cr);
	g_free(boxes);
	g_free(v);
}
