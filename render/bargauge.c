/*
 * bargauge.c — the bar gauge panel as Grafana 10.4's BarGaugePanel and
 * BarGauge draw it: values in a VizRepeater column (horizontal) or row
 * (vertical), 10 px apart (2 for LCD), sized within min/max viz sizes
 * ("manual" sizing; Grafana's 8/16/300 otherwise); each with its name above,
 * left of or below the bar, the bar basic (35% fill and a 2 px edge),
 * gradient (threshold colours up to the value, or the continuous scheme) or
 * LCD cells, the unfilled rest, and the value text in colour or text colour.
 */
#include "render/bargauge.h"

#include <glib.h>
#include <math.h>
#include <string.h>
#include "render/single.h"

#define MIN_VALUE_HEIGHT 18.0
#define MAX_VALUE_HEIGHT 50.0
#define MAX_VALUE_WIDTH  150.0
#define TITLE_LINE_H     1.5
#define VALUE_PAD        10.0
#define LCD_CELL         12.0
#define RADIUS           2.0

enum place { ABOVE, LEFT, BELOW };

struct title_dim {
	double size, w, h;
	enum place place;
};

struct bar {
	struct rect box;
	bool vertical;
	const struct single_value *v;
	const char *title;            /* NULL: none */
	const struct single_align *af; /* NULL: the value itself */
	struct title_dim td;
	double value_w, value_h, bar_w, bar_h, wrap_w, wrap_h;
};

static double measure(struct text *tx, const char *s, double size)
{
	double w = 0, h = 0;
	if (s && *s)
		text_measure(tx, s, size, TEXT_REGULAR, &w, &h);
	return w;
}

/* calculateTitleDimensions */
static void title_dims(struct text *tx, const struct cairn_panel *p, struct bar *b)
{
	const struct single_opts *o = &p->single;
	double H = b->box.h, W = b->box.w;
	const char *title = b->af ? b->af->title : b->title ? b->title : "";
	b->td = (struct title_dim){0, 0, 0, ABOVE};
	if (!b->title || !*title)
		return;
	if (b->vertical) {
		double fs = o->title_size > 0 ? o->title_size : 14;
		b->td = (struct title_dim){fs, W, fs * TITLE_LINE_H, BELOW};
		return;
	}
	enum bargauge_name_place np = o->bargauge.name_placement;
	if ((H > 40 && np == BARGAUGE_NAME_AUTO) || np == BARGAUGE_NAME_TOP) {
		if (o->title_size > 0) {
			b->td = (struct title_dim){o->title_size, 0, o->title_size * TITLE_LINE_H, ABOVE};
			return;
		}
		double th = fmax(fmin(H * 0.45, MAX_VALUE_HEIGHT), 17);
		b->td = (struct title_dim){th / TITLE_LINE_H, 0, th, ABOVE};
		return;
	}
	double th = fmax(H * 0.6, MIN_VALUE_HEIGHT);
	double fs = th / TITLE_LINE_H;
	double tw = fmin(measure(tx, title, fs) + 15, W * 0.4);
	b->td = (struct title_dim){o->title_size > 0 ? o->title_size : fs, tw, 0, LEFT};
}

static void value_string(const struct bar *b, char *buf, size_t cap)
{
	if (b->af)
		g_snprintf(buf, cap, "%s%s%s", b->af->prefix, b->af->text, b->af->suffix);
	else
		display_join(&b->v->d, buf, cap);
}

/* calculateBarAndValueDimensions */
static void bar_dims(struct text *tx, const struct cairn_panel *p, struct bar *b)
{
	const struct single_opts *o = &p->single;
	double H = b->box.h, W = b->box.w;
	bool hidden = o->bargauge.value_mode == BARGAUGE_VALUE_HIDDEN;
	char vs[256];
	value_string(b, vs, sizeof vs);
	double fsm = o->value_size > 0 ? o->value_size : fmax(b->td.size, 12);
	double real_w = measure(tx, vs, fsm) + VALUE_PAD * 2;
	if (b->vertical) {
		b->value_h = o->value_size > 0 ? o->value_size
		                               : fmin(fmax(H * 0.1, MIN_VALUE_HEIGHT), MAX_VALUE_HEIGHT);
		b->value_w = W;
		if (hidden)
			b->value_h = b->value_w = 0;
		b->bar_h = H - (b->td.h + b->value_h);
		b->bar_w = W;
		b->wrap_w = W;
		b->wrap_h = H - b->td.h;
		return;
	}
	if (hidden) {
		b->value_h = b->value_w = 0;
	} else {
		b->value_h = H - b->td.h;
		b->value_w = fmax(fmin(W * 0.2, MAX_VALUE_WIDTH), real_w);
	}
	b->bar_h = H - b->td.h;
	b->bar_w = W - b->value_w - b->td.w;
	b->wrap_w = b->td.place == ABOVE ? W : W - b->td.w;
	b->wrap_h = b->td.place == ABOVE ? H - b->td.h : H;
}

static double percent(double v, double min, double max)
{
	double r = fmin((v - min) / (max - min), 1);
	return isnan(r) ? 0 : r;
}

/* getBarGradient: CSS stops in px from the bar's start; the pattern runs
 * over the full bar size (max_size), so a shorter bar shows only its part.
 * CSS clamps a stop to the one before it. */
static cairo_pattern_t *bar_gradient(const struct theme *th, const struct bar *b,
                                     struct rect bar, double max_size)
{
	const struct field_config *fc = b->v->fc;
	double len = max_size > 0 ? max_size : 1;
	cairo_pattern_t *pat = b->vertical
	                               ? cairo_pattern_create_linear(0, bar.y + bar.h, 0,
	                                                             bar.y + bar.h - len)
	                               : cairo_pattern_create_linear(bar.x, 0, bar.x + len, 0);
	double min = b->v->min, max = b->v->max;
	if (fc->color_mode == COLOR_THRESHOLDS && fc->thresholds.n) {
		const struct thresholds *t = &fc->thresholds;
		double last_pos = 0, prev_stop = 0;
		uint32_t c0 = theme_threshold_color(th, &t->steps[0]);
		single_color_stop(pat, 0, c0);
		uint32_t last_c = c0;
		for (size_t i = 1; i < t->n; i++) {
			double vp = t->mode == THRESH_PERCENTAGE ? t->steps[i].value / 100
			                                         : percent(t->steps[i].value, min, max);
			double pos = vp * max_size;
			double off = round(pos - (pos - last_pos) / 2);
			double tv = t->mode == THRESH_PERCENTAGE ? min + (max - min) * vp
			                                         : t->steps[i].value;
			if (b->v->d.numeric < tv)
				break;
			last_pos = pos;
			/* "…, C(i-1) off, C(i)" : the previous colour ends at off */
			double o = fmax(prev_stop, off / len);
			single_color_stop(pat, o, last_c);
			prev_stop = o;
			last_c = theme_threshold_color(th, &t->steps[i]);
		}
		/* the last colour at 100% of the bar itself */
		single_color_stop(pat, fmax(prev_stop, (b->vertical ? bar.h : bar.w) / len), last_c);
		return pat;
	}
	uint32_t sc[3];
	size_t ns = fc->color_mode == COLOR_CONTINUOUS ? display_scheme_colors(th, fc->color_scheme, sc)
	                                               : 0;
	if (ns > 1) { /* the scheme's colours at i/(n-1) of the full size */
		for (size_t i = 0; i < ns; i++)
			single_color_stop(pat, (double)i / (double)(ns - 1), sc[i]);
		return pat;
	}
	single_color_stop(pat, 0, b->v->d.color);
	single_color_stop(pat, 1, b->v->d.color);
	return pat;
}

/* The value text in its box: font fitted (lineHeight 1), vertically centred,
 * right-aligned with 10 px padding (horizontal) or centred (vertical). */
static void paint_value(cairo_t *cr, struct text *tx, const struct cairn_panel *p,
                        const struct bar *b, struct rect r, uint32_t color)
{
	if (p->single.bargauge.value_mode == BARGAUGE_VALUE_HIDDEN || r.w <= 0 || r.h <= 0)
		return;
	char base[256];
	value_string(b, base, sizeof base);
	double fit_w = b->vertical ? r.w : r.w - VALUE_PAD * 2;
	double fs = p->single.value_size > 0
	                    ? p->single.value_size
	                    : single_font_size(single_w14(tx, base, TEXT_REGULAR), fit_w, r.h, 1, 0);
	const struct display_value *d = &b->v->d;
	double w = single_value_width(tx, d->prefix, d->text, d->suffix, fs, TEXT_REGULAR);
	double x = b->vertical ? r.x + (r.w - w) / 2 : r.x + r.w - VALUE_PAD - w;
	double top = r.y + (r.h - fs) / 2;
	double baseline = single_baseline(tx, top, fs, 1, TEXT_REGULAR);
	single_value_paint(tx, cr, d->prefix, d->text, d->suffix, fs, TEXT_REGULAR, x, baseline,
	                   color);
}

static void paint_basic_gradient(cairo_t *cr, struct text *tx, const struct theme *th,
                                 const struct cairn_panel *p, const struct bar *b,
                                 struct rect wrap, uint32_t text_color)
{
	const struct bargauge_opts *o = &p->single.bargauge;
	double min = isnan(b->v->min) ? 0 : b->v->min, max = isnan(b->v->max) ? 100 : b->v->max;
	double vp = percent(b->v->d.numeric, min, max);
	uint32_t color = b->v->d.color;
	struct rect bar, empty, value;
	/* without the unfilled bar the value packs against the bar's end */
	bool packed = !o->show_unfilled;
	if (b->vertical) {
		double bh = fmax(vp * b->bar_h, 1);
		value = (struct rect){wrap.x, packed ? wrap.y + wrap.h - bh - b->value_h : wrap.y,
		                      b->value_w, b->value_h};
		bar = (struct rect){wrap.x, wrap.y + wrap.h - bh, b->bar_w, bh};
		empty = (struct rect){wrap.x, wrap.y + b->value_h + 3, b->value_w,
		                      wrap.h - b->value_h - bh};
	} else {
		double bw = fmax(vp * b->bar_w, 1);
		bar = (struct rect){wrap.x, wrap.y, bw, b->bar_h};
		value = (struct rect){packed ? wrap.x + bw : wrap.x + wrap.w - b->value_w, wrap.y,
		                      b->value_w, b->value_h};
		empty = (struct rect){wrap.x + bw - 3, wrap.y, wrap.w - b->value_w - bw, b->value_h};
	}
	if (o->show_unfilled && empty.w > 0 && empty.h > 0) {
		single_rounded(cr, empty, RADIUS);
		theme_set_source(cr, th->bg_secondary);
		cairo_fill(cr);
	}
	single_rounded(cr, bar, RADIUS);
	if (o->mode == BARGAUGE_BASIC) {
		theme_set_source(cr, theme_alpha(color, 0.35));
		cairo_fill(cr);
		/* the 2 px edge: right (horizontal) or top (vertical), inside the box */
		cairo_save(cr);
		single_rounded(cr, bar, RADIUS);
		cairo_clip(cr);
		if (b->vertical)
			cairo_rectangle(cr, bar.x, bar.y, bar.w, 2);
		else
			cairo_rectangle(cr, bar.x + bar.w - 2, bar.y, 2, bar.h);
		theme_set_source(cr, color);
		cairo_fill(cr);
		cairo_restore(cr);
	} else {
		cairo_pattern_t *pat =
		        bar_gradient(th, b, bar, b->vertical ? b->bar_h : b->bar_w);
		cairo_set_source(cr, pat);
		cairo_fill(cr);
		cairo_pattern_destroy(pat);
	}
	paint_value(cr, tx, p, b, value, text_color);
}

/* renderRetroBars: LCD cells coloured by the field's colour at each cell's
 * value, lit up to the value. */
static void paint_lcd(cairo_t *cr, struct text *tx, const struct theme *th,
                      const struct cairn_panel *p, const struct bar *b, struct rect wrap,
                      uint32_t text_color, double spacing)
{
	double min = isnan(b->v->min) ? 0 : b->v->min, max = isnan(b->v->max) ? 100 : b->v->max;
	double size = b->vertical ? b->bar_h : b->bar_w;
	double count = floor(size / LCD_CELL);
	if (count < 1)
		return;
	double cell = floor((size - spacing * count) / count);
	struct display_field df = {.fc = b->v->fc, .min = min, .max = max,
	                           .series_color = b->v->d.color};
	for (int i = 0; i < (int)count; i++) {
		double cv = min + (max - min) / count * i;
		struct display_value dv;
		display_number(th, &df, cv, &dv);
		bool lit = !isnan(b->v->d.numeric) && !(cv > b->v->d.numeric);
		struct rect r;
		if (b->vertical) /* column-reverse: the first cell at the bottom */
			r = (struct rect){wrap.x, wrap.y + wrap.h - (i + 1) * (cell + spacing) + spacing,
			                  b->bar_w, cell};
		else
			r = (struct rect){wrap.x + i * (cell + spacing),
			                  wrap.y + (wrap.h - b->bar_h) / 2, cell, b->bar_h};
		if (r.w <= 0 || r.h <= 0)
			continue;
		single_rounded(cr, r, RADIUS);
		if (!lit) {
			theme_set_source(cr, theme_alpha(dv.color | 0xff, 0.18));
			cairo_fill(cr);
			continue;
		}
		double cx = r.x + r.w / 2, cy = r.y + r.h / 2;
		double rad = hypot(r.w, r.h) / 2; /* farthest corner (a circle, not CSS's ellipse) */
		cairo_pattern_t *pat = cairo_pattern_create_radial(cx, cy, 0, cx, cy, rad);
		single_color_stop(pat, 0.1, theme_alpha(dv.color | 0xff, 0.95));
		single_color_stop(pat, 1, theme_alpha(dv.color | 0xff, 0.55));
		cairo_set_source(cr, pat);
		cairo_fill(cr);
		cairo_pattern_destroy(pat);
	}
	struct rect value;
	if (b->vertical)
		value = (struct rect){wrap.x, wrap.y + wrap.h - count * (cell + spacing) - b->value_h,
		                      b->value_w, b->value_h};
	else
		value = (struct rect){wrap.x + count * (cell + spacing), wrap.y + (wrap.h - b->value_h) / 2,
		                      b->value_w, b->value_h};
	paint_value(cr, tx, p, b, value, text_color);
}

static void draw_one(cairo_t *cr, struct text *tx, const struct theme *th,
                     const struct cairn_panel *p, struct bar *b, double spacing)
{
	title_dims(tx, p, b);
	bar_dims(tx, p, b);
	uint32_t text_color = p->single.bargauge.value_mode == BARGAUGE_VALUE_TEXT ? th->text
	                                                                          : b->v->d.color;
	struct rect wrap;
	struct rect box = b->box;
	cairo_save(cr);
	cairo_rectangle(cr, box.x, box.y, box.w, box.h);
	cairo_clip(cr);
	bool has_title = b->title && *b->title;
	if (b->vertical) {
		wrap = (struct rect){box.x, box.y, b->wrap_w, b->wrap_h};
		if (has_title) {
			double w = measure(tx, b->title, b->td.size), h = 0, tw;
			text_measure(tx, "Ag", b->td.size, TEXT_REGULAR, &tw, &h);
			double y = box.y + box.h - b->td.h + (b->td.h - h) / 2;
			text_draw(tx, cr, b->title, b->td.size, TEXT_REGULAR,
			          box.x + fmax(0, (box.w - w) / 2), y, box.w, ALIGN_LEFT, th->text);
		}
	} else if (b->td.place == ABOVE) {
		wrap = (struct rect){box.x, box.y + b->td.h, b->wrap_w, b->wrap_h};
		if (has_title) {
			double tw, h;
			text_measure(tx, "Ag", b->td.size, TEXT_REGULAR, &tw, &h);
			double lh = b->td.size * TITLE_LINE_H;
			text_draw(tx, cr, b->title, b->td.size, TEXT_REGULAR, box.x,
			          box.y + (lh - h) / 2, box.w, ALIGN_LEFT, th->text);
		}
	} else {
		wrap = (struct rect){box.x + b->td.w, box.y, b->wrap_w, b->wrap_h};
		if (has_title) {
			double tw, h;
			text_measure(tx, "Ag", b->td.size, TEXT_REGULAR, &tw, &h);
			double lh = b->td.size * TITLE_LINE_H;
			double avail = b->td.w - 10;
			double w = measure(tx, b->title, b->td.size);
			double x = box.x + fmax(0, avail - w);
			text_draw(tx, cr, b->title, b->td.size, TEXT_REGULAR, x,
			          box.y + (box.h - lh) / 2 + (lh - h) / 2, avail, ALIGN_LEFT, th->text);
		}
	}
	if (p->single.bargauge.mode == BARGAUGE_LCD)
		paint_lcd(cr, tx, th, p, b, wrap, text_color, spacing);
	else
		paint_basic_gradient(cr, tx, th, p, b, wrap, text_color);
	cairo_restore(cr);
}

void bargauge_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
                   struct rect content)
{
	const struct cairn_panel *p = job->panel;
	const struct bargauge_opts *o = &p->single.bargauge;
	struct single_value *v = NULL;
	size_t n = single_values(p, env->th, job->data, env->fields, &v);
	struct single_align af;
	single_align(v, n, &af);
	double spacing = o->mode == BARGAUGE_LCD ? 2 : 10;
	/* BarGaugePanel: the viz sizes apply with sizing "manual", else its defaults */
	struct single_repeat rp = {.orientation = p->single.orientation, .spacing = spacing,
	                           .min_w = o->sizing_manual ? o->min_viz_width : 8,
	                           .min_h = o->sizing_manual ? o->min_viz_height : 16,
	                           .max_h = o->sizing_manual ? o->max_viz_height : 300};
	struct rect *boxes = g_new(struct rect, n);
	enum viz_orientation ro;
	single_layout(content, n, &rp, boxes, &ro);
	cairo_save(cr);
	cairo_rectangle(cr, content.x, content.y, content.w, content.h);
	cairo_clip(cr);
	for (size_t i = 0; i < n; i++) {
		/* clearNameForSingleSeries; a hidden name (Grafana 11) shows none */
		bool named = v[i].has_title && (n > 1 || p->defaults.display_name) &&
		             o->name_placement != BARGAUGE_NAME_HIDDEN;
		struct bar b = {.box = boxes[i], .vertical = ro == ORIENT_VERTICAL, .v = &v[i],
		                .title = named ? v[i].title : NULL, .af = n > 1 ? &af : NULL};
		if (b.box.w > 0 && b.box.h > 0)
			draw_one(cr, env->tx, env->th, p, &b, spacing);
	}
	cairo_restore(cr);
	g_free(boxes);
	g_free(v);
}
