/*
 * single_draw.c — text and colour helpers shared by stat.c, gauge.c and
 * bargauge.c (single_draw.h): CSS line boxes on Pango text, the value's
 * smaller suffix, and the tinycolor operations Grafana's components use.
 */
#include "render/single_draw.h"

#include <math.h>
#include <string.h>

double single_baseline(struct text *tx, double top, double size, double line_h, int weight)
{
	double w = 0, h = 0;
	text_measure(tx, "Ag", size, weight, &w, &h);
	return top + (line_h * size - h) / 2 + text_baseline(tx, size, weight);
}

/* FormattedValueDisplay's fontSizeReductionFactor */
static double suffix_factor(double size)
{
	return size < 20 ? 0.9 : size < 26 ? 0.8 : 0.6;
}

static double width_of(struct text *tx, const char *s, double size, int weight)
{
	double w = 0, h = 0;
	if (!s || !*s)
		return 0;
	text_measure(tx, s, size, weight, &w, &h);
	return w;
}

double single_w14(struct text *tx, const char *s, int weight)
{
	return width_of(tx, s, 14, weight);
}

double single_value_width(struct text *tx, const char *prefix, const char *text,
                          const char *suffix, double size, int weight)
{
	return width_of(tx, prefix, size, weight) + width_of(tx, text, size, weight) +
	       width_of(tx, suffix, size * suffix_factor(size), weight);
}

static double paint_part(struct text *tx, cairo_t *cr, const char *s, double size, int weight,
                         double x, double baseline, uint32_t color)
{
	if (!s || !*s)
		return 0;
	double y = baseline - text_baseline(tx, size, weight);
	return text_draw(tx, cr, s, size, weight, x, y, 0, ALIGN_LEFT, color);
}

void single_value_paint(struct text *tx, cairo_t *cr, const char *prefix, const char *text,
                        const char *suffix, double size, int weight, double x, double baseline,
                        uint32_t color)
{
	x += paint_part(tx, cr, prefix, size, weight, x, baseline, color);
	x += paint_part(tx, cr, text, size, weight, x, baseline, color);
	paint_part(tx, cr, suffix, size * suffix_factor(size), weight, x, baseline, color);
}

uint32_t single_text_on(const struct theme *th, uint32_t bg)
{
	double bright = ((bg >> 24) * 299 + ((bg >> 16) & 0xff) * 587 + ((bg >> 8) & 0xff) * 114) /
	                1000.0;
	double a = (bg & 0xff) / 255.0;
	uint32_t light = 0xF7F8FAFF, dark = 0x202226FF; /* rgb(247,248,250), rgb(32,34,38) */
	if (a < 0.3)
		return th->kind == THEME_DARK ? light : dark;
	return bright > 180 ? dark : light;
}

void single_rounded(cairo_t *cr, struct rect r, double rad)
{
	rad = fmin(rad, fmin(r.w, r.h) / 2);
	cairo_new_sub_path(cr);
	cairo_arc(cr, r.x + r.w - rad, r.y + rad, rad, -M_PI / 2, 0);
	cairo_arc(cr, r.x + r.w - rad, r.y + r.h - rad, rad, 0, M_PI / 2);
	cairo_arc(cr, r.x + rad, r.y + r.h - rad, rad, M_PI / 2, M_PI);
	cairo_arc(cr, r.x + rad, r.y + rad, rad, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

void single_color_stop(cairo_pattern_t *pat, double off, uint32_t c)
{
	cairo_pattern_add_color_stop_rgba(pat, off, (c >> 24) / 255.0, ((c >> 16) & 0xff) / 255.0,
	                                  ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}
