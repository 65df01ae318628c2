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

static void rounded(cairo_t *cr, struct rect r, double rad)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, r.x + r.w - rad, r.y + rad, rad, -M_PI / 2, 0);
	cairo_arc(cr, r.x + r.w - rad, r.y + r.h - rad, rad, 0, M_PI / 2);
	cairo_arc(cr, r.x + rad, r.y + r.h - rad, rad, M_PI / 2, M_PI);
	cairo_arc(cr, r.x + rad, r.y + rad, rad, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

static void color_stop(cairo_pattern_t *pat, double off, uint32_t c)
{
	cairo_pattern_add_color_stop_rgba(pat, off, (c >> 24) / 255.0, ((c >> 16) & 0xff) / 255.0,
	                                  ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* getPanelStyles' background: linear-gradient(120deg, c2, c3), or solid */
static void paint_background(cairo_t *cr, const struct theme *th, const struct big *b,
                             enum stat_color_mode mode)
{
	if (mode != STAT_COLOR_BACKGROUND && mode != STAT_COLOR_BACKGROUND_SOLID)
		return;
	rounded(cr, b->box, RADIUS);
	if (mode == STAT_COLOR_BACKGROUND_SOLID) {
		theme_set_source(cr, b->color);
		cairo_fill(cr);
		return;
	}
	double f = th->kind == THEME_DARK ? 1 : -0.7;
	uint32_t c2 = single_hsl_adjust(b->color, 15 * f, 8);
	uint32_t c3 = single_hsl_adjust(b->color, 5 * f, -8);
	double a = 120 * M_PI / 180, dx = sin(a), dy = -cos(a);
	double len = fabs(b->box.w * dx) + fabs(b->box.h * dy);
	double cx = b->box.x + b->box.w / 2, cy = b->box.y + b->box.h / 2;
	cairo_pattern_t *pat = cairo_pattern_create_linear(cx - dx * len / 2, cy - dy * len / 2,
	                                                   cx + dx * len / 2, cy + dy * len / 2);
	color_stop(pat, 0, c2);
	color_stop(pat, 1, c3);
	cairo_set_source(cr, pat);
	cairo_fill(cr);
	cairo_pattern_destroy(pat);
}

/* The Sparkline: the series over the time range, y over the field's range
 * (Sparkline.getYRange), line 1 px in the value colour, area below it. */
static void paint_chart(cairo_t *cr, const struct theme *th, const struct panel_job *job,
                        const struct single_value *v, const struct big *b,
                        enum stat_color_mode mode)
{
	struct rect r = {b->box.x + b->box.w - b->chart_w, b->box.y + b->box.h - b->chart_h,
	                 b->chart_w, b->chart_h};
	if (r.w <= 0 || r.h <= 0)
		return;
	double lo = v->min, hi = v->max;
	if (lo == hi) {
		if (lo == 0) {
			hi = 100;
		} else {
			lo = 0;
			hi *= 2;
		}
	} else {
		lo = fmax(lo, isnan(v->fc->min) ? -INFINITY : v->fc->min);
		hi = fmin(hi, isnan(v->fc->max) ? INFINITY : v->fc->max);
	}
	double from = job->from, to = job->to;
	if (!(to > from) || !(hi > lo))
		return;
	uint32_t line = b->color, fill = theme_alpha(b->color, 0.2);
	if (mode == STAT_COLOR_BACKGROUND || mode == STAT_COLOR_BACKGROUND_SOLID) {
		fill = 0xFFFFFF66; /* rgba(255,255,255,0.4) */
		uint32_t c = b->color;
		int rgb[3] = {(int)(c >> 24), (int)((c >> 16) & 0xff), (int)((c >> 8) & 0xff)};
		line = c & 0xff;
		for (int k = 0; k < 3; k++) /* tinycolor brighten(40) */
			line |= (uint32_t)MIN(255, rgb[k] + 102) << (24 - 8 * k);
	}
	const struct series *s = v->s;
	cairo_save(cr);
	cairo_rectangle(cr, r.x, r.y, r.w, r.h);
	cairo_clip(cr);
	for (int pass = 0; pass < 2; pass++) {
		size_t i = 0;
		while (i < s->n) {
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
			if (i == start)
				break;
			if (pass == 0) {
				cairo_line_to(cr, xl, r.y + r.h);
				cairo_line_to(cr, x0, r.y + r.h);
				cairo_close_path(cr);
				theme_set_source(cr, fill);
				cairo_fill(cr);
			} else {
				cairo_set_line_width(cr, 1);
				cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
				theme_set_source(cr, line);
				cairo_stroke(cr);
			}
		}
	}
	cairo_restore(cr);
	(void)th;
}

/* Where the title and value go, as the flex layout of each kind puts them. */
static void paint_texts(cairo_t *cr, struct text *tx, const struct theme *th,
                        const struct cairn_panel *p, const struct big *b)
{
	enum stat_color_mode mode = p->single.stat.color_mode;
	bool bg = mode == STAT_COLOR_BACKGROUND || mode == STAT_COLOR_BACKGROUND_SOLID;
	uint32_t vcol = mode == STAT_COLOR_VALUE ? b->color : bg ? single_text_on(th, b->color)
	                                                          : th->text;
	uint32_t tcol = bg ? single_text_on(th, b->color) : th->text;
	bool none = p->single.stat.text_mode == STAT_TEXT_NONE;
	double cp = none ? 2 : b->pad;
	struct rect c = {b->box.x + cp, b->box.y + cp, b->box.w - 2 * cp, b->box.h - 2 * cp};
	bool has_title = b->t.title && *b->t.title;
	double th_ = has_title ? b->title_size * LINE_H : 0;
	double vh = b->value_size * LINE_H;
	double tw = 0;
	if (has_title) {
		double h;
		text_measure(tx, b->t.title, b->title_size, TEXT_REGULAR, &tw, &h);
	}
	double vw = single_value_width(tx, b->t.prefix, b->t.text, b->t.suffix, b->value_size,
	                               VALUE_WEIGHT);
	double tx0 = c.x, ty = c.y, vx = c.x, vy = c.y;
	bool row = b->kind == WIDE_NO_CHART || b->kind == WIDE_CHART;
	if (row) {
		double line = fmax(th_, vh);
		double top = c.y;
		if (b->kind == WIDE_NO_CHART || b->center)
			top = c.y + (c.h - line) / 2;
		ty = top + (line - th_) / 2;
		vy = top + (line - vh) / 2;
		if (b->kind == WIDE_CHART && !b->center)
			ty = vy = c.y; /* stretched: both at the top */
		if (b->center) {
			/* gap: 0.75ch of the container's inherited 14 px body font */
			double gap = has_title ? 0.75 * single_w14(tx, "0", TEXT_REGULAR) : 0;
			double total = tw + gap + vw;
			tx0 = c.x + (c.w - total) / 2;
			vx = tx0 + tw + gap;
		} else {
			tx0 = c.x;
			vx = c.x + c.w - vw;
		}
	} else {
		double block = th_ + vh;
		double top = c.y;
		if (b->kind == STACKED_NO_CHART || b->center)
			top = c.y + (c.h - block) / 2;
		ty = top;
		vy = top + th_;
		tx0 = b->center ? c.x + (c.w - tw) / 2 : c.x;
		vx = b->center ? c.x + (c.w - vw) / 2 : c.x;
	}
	if (has_title) {
		double base = single_baseline(tx, ty, b->title_size, LINE_H, TEXT_REGULAR);
		text_draw(tx, cr, b->t.title, b->title_size, TEXT_REGULAR, tx0,
		          base - text_baseline(tx, b->title_size, TEXT_REGULAR), 0, ALIGN_LEFT, tcol);
	}
	if (b->value_size > 0) {
		double base = single_baseline(tx, vy, b->value_size, LINE_H, VALUE_WEIGHT);
		single_value_paint(tx, cr, b->t.prefix, b->t.text, b->t.suffix, b->value_size,
		                   VALUE_WEIGHT, vx, base, vcol);
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
			paint_chart(cr, env->th, job, &v[i], &b, p->single.stat.color_mode);
		paint_texts(cr, env->tx, env->th, p, &b);
	}
	cairo_restore(cr);
	g_free(boxes);
	g_free(v);
}
