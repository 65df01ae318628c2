/*
 * gauge.c — the gauge panel as Grafana 10.4 draws it: @grafana/ui's Gauge
 * sizes the arc, the value font and the threshold list, then the vendored
 * jquery.flot.gauge lays out and paints one 216° arc (0.9π to 2.1π): the
 * background band, the value band in the colour of the threshold band the
 * value falls in, the threshold marker ring outside it, threshold labels
 * rotated along it, the value text centred, and the field name under the
 * gauge when there are several.  Values in a VizRepeater grid, 8 px apart.
 */
#include "render/gauge.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "render/single.h"
#include "render/units.h"

#define START_A   0.9 /* flot.gauge's default angles, in units of π */
#define END_A     2.1
#define CELL_MARGIN 5.0
#define BODY_LINE_H 1.5 /* Grafana's body line height, which flot's spans inherit */
#define SPACING   8.0

struct band {
	double value;
	uint32_t color;
};

/* getFormattedThresholds: the bands from min to max; entry i colours the
 * arc from entry i-1's value to its own. */
static size_t formatted_thresholds(const struct theme *th, const struct single_value *v,
                                   double min, double max, int decimals, struct band *out)
{
	const struct field_config *fc = v->fc;
	if (fc->color_mode != COLOR_THRESHOLDS || fc->thresholds.n == 0) {
		out[0] = (struct band){min, v->d.color};
		return 1;
	}
	if (fc->thresholds.mode == THRESH_PERCENTAGE) {
		min = 0;
		max = 100;
	}
	const struct thresholds *t = &fc->thresholds;
	size_t first = theme_threshold_index(t, min), last = theme_threshold_index(t, max);
	double p = pow(10, decimals);
	size_t n = 0;
	out[n++] = (struct band){round(min * p) / p, theme_threshold_color(th, &t->steps[first])};
	for (size_t i = first + 1; i < t->n && i <= last; i++)
		out[n++] = (struct band){t->steps[i].value,
		                         theme_threshold_color(th, &t->steps[i - 1])};
	out[n++] = (struct band){round(max * p) / p, theme_threshold_color(th, &t->steps[last])};
	return n;
}

/* flot.gauge's calculateAngle, clamped to the arc; NaN stays NaN */
static double angle_of(double v, double min, double max)
{
	double a = START_A + (END_A - START_A) * ((v - min) / (max - min));
	if (a < START_A)
		a = START_A;
	else if (a > END_A)
		a = END_A;
	return a;
}

/* flot.gauge's drawArc: outer radius r, width w, from a1 to a2 (π units) */
static void arc(cairo_t *cr, double cx, double cy, double r, double w, double a1, double a2,
                uint32_t fill, bool stroke)
{
	if (a1 == a2 || isnan(a1) || isnan(a2) || r <= 0)
		return;
	cairo_new_path(cr);
	cairo_arc(cr, cx, cy, r, a1 * M_PI, a2 * M_PI);
	cairo_line_to(cr, cx + (r - w) * cos(a2 * M_PI), cy + (r - w) * sin(a2 * M_PI));
	if (r - w > 0)
		cairo_arc_negative(cr, cx, cy, r - w, a2 * M_PI, a1 * M_PI);
	else
		cairo_line_to(cr, cx, cy);
	cairo_close_path(cr);
	theme_set_source(cr, fill);
	if (stroke) {
		cairo_set_line_width(cr, 1);
		cairo_stroke_preserve(cr);
	}
	cairo_fill(cr);
}

/* A flot text span: centred on x, its 1.5-line box's top at y; rotated by
 * rot degrees around its centre when rot is not 0 (then y is the centre). */
static void flot_text(cairo_t *cr, struct text *tx, const char *s, double size, double x,
                      double y, double rot, uint32_t color)
{
	double w = 0, h = 0;
	text_measure(tx, s, size, TEXT_REGULAR, &w, &h);
	double lh = BODY_LINE_H * size;
	cairo_save(cr);
	if (rot != 0) {
		cairo_translate(cr, x, y);
		cairo_rotate(cr, rot * M_PI / 180);
		x = 0;
		y = -lh / 2;
	}
	text_draw(tx, cr, s, size, TEXT_REGULAR, x - w / 2, y + (lh - h) / 2, 0, ALIGN_LEFT, color);
	cairo_restore(cr);
}

/* flot.gauge's calculateLayout and calculateCellLayout for one gauge in
 * its canvas (cell margin 5, vAlign middle, no label row). */
void gauge_flot_layout(const struct gauge_sizes *g, struct gauge_arc *out)
{
	double cw = g->cw, ch = g->ch;
	double value_margin = fmax(1, cw / 30);
	double tw = g->markers ? g->marker_w : 0;
	double tlm = g->labels ? g->marker_w + 1 : 0, tlf = g->labels ? g->label_font : 0;
	double max_rh = cw / 2 - CELL_MARGIN - tw - tlm * 2 - tlf;
	double hr = sin(START_A * M_PI); /* the arc's lowest point below the centre */
	double outer_v = (ch - CELL_MARGIN * 2) / (1 + hr);
	if (outer_v * hr < value_margin + g->font / 2)
		outer_v = ch - CELL_MARGIN * 2 - value_margin - g->font / 2;
	double radius = fmin(max_rh, outer_v - tlm * 2 - tlf - tw);
	double width = g->gauge_w;
	if (width >= radius)
		width = fmax(3, radius / 3);
	double outer = tlm * 2 + tlf + tw + radius;
	double outer_h = fmax(outer * (1 + hr), outer + value_margin + g->font / 2);
	*out = (struct gauge_arc){
	        .cx = cw / 2,
	        .cy = CELL_MARGIN + tw + tlf + tlm * 2 + radius + (ch - CELL_MARGIN * 2 - outer_h) / 2,
	        .radius = radius, .width = width, .marker_w = tw, .label_margin = tlm,
	        .label_font = tlf};
}

/* The value's range on the arc, as Gauge.draw() hands it to flot. */
struct gauge_scale {
	double min, max, numeric;
	int decimals;
};

static struct gauge_scale scale_of(const struct single_value *v, bool markers)
{
	const struct field_config *fc = v->fc;
	struct gauge_scale sc = {isnan(v->min) ? 0 : v->min, isnan(v->max) ? 100 : v->max,
	                         v->d.numeric, fc->decimals < 0 ? 2 : fc->decimals};
	if (fc->thresholds.mode == THRESH_PERCENTAGE) {
		sc.min = 0;
		sc.max = 100;
		sc.numeric = v->d.percent * 100;
	}
	double pw = pow(10, sc.decimals);
	if (markers) {
		sc.min = round(sc.min * pw) / pw;
		sc.max = round(sc.max * pw) / pw;
	}
	return sc;
}

/* formatted_thresholds, sorted as flot sorts them */
static size_t bands_of(const struct theme *th, const struct single_value *v, int decimals,
                       struct band *bands)
{
	size_t nb = formatted_thresholds(th, v, isnan(v->min) ? 0 : v->min,
	                                 isnan(v->max) ? 100 : v->max, decimals, bands);
	for (size_t i = 1; i < nb; i++)
		for (size_t j = i; j > 0 && bands[j].value < bands[j - 1].value; j--) {
			struct band t = bands[j];
			bands[j] = bands[j - 1];
			bands[j - 1] = t;
		}
	return nb;
}

/* Threshold labels: min at the start, max at the end, each band edge in
 * between, rotated along the arc. */
static void paint_labels(cairo_t *cr, struct text *tx, const struct theme *th,
                         const struct gauge_arc *ga, double cx, double cy,
                         const struct gauge_scale *sc, const struct band *bands, size_t nb)
{
	double rr = ga->label_margin + ga->label_font / 2 + ga->radius;
	double vals[CAIRN_MAX_THRESHOLDS + 4], angs[CAIRN_MAX_THRESHOLDS + 4];
	size_t k = 0;
	vals[k] = sc->min, angs[k++] = START_A;
	vals[k] = sc->max, angs[k++] = END_A;
	for (size_t i = 0; i < nb; i++)
		if (bands[i].value > sc->min && bands[i].value < sc->max) {
			vals[k] = bands[i].value;
			angs[k++] = angle_of(bands[i].value, sc->min, sc->max);
		}
	for (size_t i = 0; i < k; i++) {
		char buf[64];
		units_js_number(vals[i], buf, sizeof buf);
		flot_text(cr, tx, buf, ga->label_font, cx + rr * cos(angs[i] * M_PI),
		          cy + rr * sin(angs[i] * M_PI), 180 * angs[i] + 90, th->text);
	}
}

/* flot.gauge's draw hook for one gauge on its canvas. */
static void paint_gauge(cairo_t *cr, struct text *tx, const struct theme *th,
                        const struct single_value *v, struct rect canvas,
                        const struct gauge_sizes *g)
{
	struct gauge_scale sc = scale_of(v, g->markers);
	struct band bands[CAIRN_MAX_THRESHOLDS + 2];
	size_t nb = bands_of(th, v, sc.decimals, bands);
	struct gauge_arc ga;
	gauge_flot_layout(g, &ga);
	if (ga.radius <= 0)
		return;
	double cx = canvas.x + ga.cx, cy = canvas.y + ga.cy, r = ga.radius;
	arc(cr, cx, cy, r, ga.width, START_A, END_A, th->bg_secondary, false);
	uint32_t color = bands[0].color;
	for (size_t i = 0; i < nb; i++) { /* flot's getColor */
		color = bands[i].color;
		if (sc.numeric < bands[i].value)
			break;
	}
	arc(cr, cx, cy, r - 1, ga.width - 2, START_A, angle_of(sc.numeric, sc.min, sc.max), color,
	    true);
	double a1 = START_A;
	for (size_t i = 0; g->markers && i < nb; i++) {
		double a2 = angle_of(bands[i].value, sc.min, sc.max);
		arc(cr, cx, cy, r + ga.marker_w, ga.marker_w - 2, a1, a2, bands[i].color, true);
		a1 = a2;
	}
	if (g->labels)
		paint_labels(cr, tx, th, &ga, cx, cy, &sc, bands, nb);
	char text[256];
	display_join(&v->d, text, sizeof text);
	flot_text(cr, tx, text, g->font, cx, cy - g->font / 2, 0, v->d.color);
}

/* One Gauge component in its box. */
static void draw_one(cairo_t *cr, struct text *tx, const struct theme *th,
                     const struct cairn_panel *p, const struct single_value *v, size_t count,
                     struct rect box)
{
	const struct single_opts *o = &p->single;
	bool show_label = v->has_title && (count > 1 || p->defaults.display_name);
	bool vertical = o->orientation == ORIENT_VERTICAL;
	/* calculateGaugeAutoProps */
	double tfs = fmin((vertical ? box.h : box.w) * 0.15 / 1.5, 20);
	double gauge_h = fmin(show_label ? box.h - tfs * 1.5 : box.h, box.w);
	double gw_canvas = vertical ? gauge_h : box.w;
	/* draw(): sizes from the width-based auto props */
	double tfs_draw = fmin(box.w * 0.15 / 1.5, 20);
	double gauge_h_draw = fmin(show_label ? box.h - tfs_draw * 1.5 : box.h, box.w);
	double calc_w = vertical ? gauge_h_draw : box.w;
	double dim = fmin(calc_w, gauge_h_draw);
	struct gauge_sizes g = {.markers = o->gauge.show_threshold_markers,
	                      .labels = o->gauge.show_threshold_labels};
	g.gauge_w = fmin(dim / 5.5, 40) / (g.labels ? 1.5 : 1);
	g.marker_w = g.gauge_w / 5;
	char text[256];
	display_join(&v->d, text, sizeof text);
	double vw_base = fmin(calc_w, dim * 1.3) * 0.9;
	double vw = vw_base - ((g.gauge_w + (g.markers ? g.marker_w : 0) + (g.labels ? 10 : 0)) * 2 +
	                       10);
	g.font = o->value_size > 0 ? o->value_size
	                           : single_font_size(single_w14(tx, text, TEXT_REGULAR), vw, dim, 1,
	                                              g.gauge_w * 1.7);
	g.label_font = fmax(g.font / 2.5, 12);
	g.cw = gw_canvas;
	g.ch = gauge_h;
	/* the column: gauge, then the name, centred in the box */
	double label_size = o->title_size > 0 ? o->title_size : tfs;
	double total = gauge_h + (show_label ? BODY_LINE_H * label_size : 0);
	double top = box.y + (box.h - total) / 2;
	struct rect canvas = {box.x, top, g.cw, g.ch};
	cairo_save(cr);
	cairo_rectangle(cr, box.x, box.y, box.w, box.h);
	cairo_clip(cr);
	paint_gauge(cr, tx, th, v, canvas, &g);
	if (show_label) {
		double lw = vertical ? gauge_h : box.w;
		double w = 0, h = 0;
		text_measure(tx, v->title, label_size, TEXT_REGULAR, &w, &h);
		double y = top + gauge_h - 4 + (BODY_LINE_H * label_size - h) / 2;
		double x = box.x + fmax(0, (lw - w) / 2);
		text_draw(tx, cr, v->title, label_size, TEXT_REGULAR, x, y, lw, ALIGN_LEFT, th->text);
	}
	cairo_restore(cr);
}

void gauge_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
                struct rect content)
{
	const struct cairn_panel *p = job->panel;
	struct single_value *v = NULL;
	size_t n = single_values(p, env->th, job->data, env->fields, &v);
	struct rect *boxes = g_new(struct rect, n);
	struct single_repeat rp = {.auto_grid = true, .orientation = ORIENT_AUTO,
	                           .spacing = SPACING};
	enum viz_orientation ro;
	single_layout(content, n, &rp, boxes, &ro);
	for (size_t i = 0; i < n; i++)
		if (boxes[i].w > 0 && boxes[i].h > 0)
			draw_one(cr, env->tx, env->th, p, &v[i], n, boxes[i]);
	g_free(boxes);
	g_free(v);
}
