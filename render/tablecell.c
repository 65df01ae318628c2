/*
 * tablecell.c — tablecell.h: one table cell as Grafana 10.4's cell
 * components draw it (DefaultCell: text, colour text, colour background
 * basic and gradient; BarGaugeCell: basic, gradient, LCD; JSONViewCell),
 * and the display processor's text for a value.  The table's geometry is
 * table.c's.
 */
#include "render/tablecell.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/colour.h"
#include "dashboards/timerange.h"
#include "render/display.h"
#include "render/units.h"

#define TEXT_ON_LIGHT 0x202226FFu /* rgb(32, 34, 38): getTextColorForAlphaBackground */
#define TEXT_ON_DARK  0xF7F8FAFFu /* rgb(247, 248, 250) */
#define VALUE_PAD    10.0         /* BarGauge's VALUE_LEFT_PADDING */
#define VALUE_MAX_W  150.0        /* BarGauge's MAX_VALUE_WIDTH */
#define BG_SECONDARY_DARK  0x22252BFFu /* background.secondary */
#define BG_SECONDARY_LIGHT 0xF4F5F5FFu

/* ---- cell text ----------------------------------------------------------- */

/* lodash toNumber on a label value: the whole text a number. */
static bool text_number(const char *s, double *out)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	if (!*s || !(g_ascii_isdigit(*s) || *s == '-' || *s == '+' || *s == '.'))
		return false;
	char *end;
	double d = g_ascii_strtod(s, &end);
	while (*end == ' ')
		end++;
	if (*end || end == s)
		return false;
	*out = d;
	return true;
}

static void time_text(double ms, const char *tz, char *buf, size_t cap)
{
	GTimeZone *zone = timerange_zone_is_utc(tz) ? NULL : timerange_zone_open(tz, NULL);
	GDateTime *u = g_date_time_new_from_unix_utc((gint64)floor(ms / 1000));
	GDateTime *d = u && zone ? g_date_time_to_timezone(u, zone) : NULL;
	gchar *s = u ? g_date_time_format(d ? d : u, "%Y-%m-%d %H:%M:%S") : NULL;
	g_strlcpy(buf, s ? s : "", cap);
	g_free(s);
	if (d)
		g_date_time_unref(d);
	if (u)
		g_date_time_unref(u);
	if (zone)
		g_time_zone_unref(zone);
}

void tablecell_text(const struct tfield *f, size_t r, const struct field_config *fc,
                     const char *tz, char *buf, size_t cap, double *num)
{
	*num = NAN;
	buf[0] = '\0';
	double v;
	if (f->type == TF_TIME) {
		if (!isnan(f->num[r]))
			time_text(f->num[r], tz, buf, cap);
	} else if (f->type == TF_STRING) {
		if (text_number(f->str[r], &v) && strcmp(fc->unit, "string") != 0) {
			units_format_str(fc->unit, v, fc->decimals, buf, cap);
			*num = v;
		} else if (f->str[r]) {
			g_strlcpy(buf, f->str[r], cap);
		}
	} else if (!isnan(f->num[r])) {
		v = f->num[r];
		if (f->type == TF_BOOL)
			g_strlcpy(buf, v != 0 ? "true" : "false", cap);
		else
			units_format_str(fc->unit, v, fc->decimals, buf, cap);
		*num = v;
	}
	if (!buf[0] && fc->no_value[0])
		g_strlcpy(buf, fc->no_value, cap);
}

/* ---- colours ------------------------------------------------------------- */

static struct display_field display_of(const struct theme *th, const struct table_col *c)
{
	return (struct display_field){.fc = &c->fc, .min = c->lo, .max = c->hi,
	                              .series_color = theme_palette(th, c->index)};
}

/* The colour Grafana's display processor gives v in this column (its
 * colour mode: thresholds, fixed, palette, continuous schemes). */
static uint32_t value_color(const struct theme *th, const struct table_col *c, double v)
{
	struct display_field df = display_of(th, c);
	struct display_value dv;
	display_number(th, &df, v, &dv);
	return dv.color;
}

/* Row r of c as the display processor shows it: value mappings first (text
 * and colour), then the unit; times as tablecell_text.  *num NaN when the
 * cell has no number; *color CAIRN_COLOR_NONE when nothing colours it. */
static void cell_display(const struct table_env *env, const struct table_col *c, size_t r,
                         char *text, size_t cap, double *num, uint32_t *color)
{
	*color = CAIRN_COLOR_NONE;
	if (c->f->type == TF_TIME || c->f->type == TF_BOOL) {
		tablecell_text(c->f, r, &c->fc, env->tz, text, cap, num);
		return;
	}
	struct display_field df = display_of(env->th, c);
	struct display_value dv;
	if (c->f->type == TF_STRING)
		display_string(env->th, &df, c->f->str[r], &dv);
	else
		display_number(env->th, &df, c->f->num[r], &dv);
	display_join(&dv, text, cap);
	*num = dv.numeric;
	if (!isnan(dv.numeric) || dv.mapping)
		*color = dv.color;
}

static uint32_t text_for_background(uint32_t c)
{
	double r = (c >> 24) & 0xFF, g = (c >> 16) & 0xFF, b = (c >> 8) & 0xFF;
	double a = (c & 0xFF) / 255.0;
	double bright = (r * 299 + g * 587 + b * 114) / 1000;
	if (a < 0.3)
		return TEXT_ON_DARK;
	return bright > 180 ? TEXT_ON_LIGHT : TEXT_ON_DARK;
}

static void set_rgba(cairo_pattern_t *pat, double off, uint32_t c)
{
	cairo_pattern_add_color_stop_rgba(pat, off, ((c >> 24) & 0xFF) / 255.0,
	                                  ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0,
	                                  (c & 0xFF) / 255.0);
}

/* CSS linear-gradient(120deg, from, to) over the box. */
static void fill_gradient_120(cairo_t *cr, struct rect b, uint32_t from, uint32_t to)
{
	double a = 120 * G_PI / 180, dx = sin(a), dy = -cos(a);
	double len = fabs(b.w * sin(a)) + fabs(b.h * cos(a));
	double cx = b.x + b.w / 2, cy = b.y + b.h / 2;
	cairo_pattern_t *pat = cairo_pattern_create_linear(cx - dx * len / 2, cy - dy * len / 2,
	                                                   cx + dx * len / 2, cy + dy * len / 2);
	set_rgba(pat, 0, from);
	set_rgba(pat, 1, to);
	cairo_rectangle(cr, b.x, b.y, b.w, b.h);
	cairo_set_source(cr, pat);
	cairo_fill(cr);
	cairo_pattern_destroy(pat);
}

void tablecell_fill(cairo_t *cr, struct rect b, uint32_t c)
{
	theme_set_source(cr, c);
	cairo_rectangle(cr, b.x, b.y, b.w, b.h);
	cairo_fill(cr);
}

static double text_top(struct text *tx, double y, double h, int weight)
{
	double tw, th;
	text_measure(tx, "Mg", TABLE_FONT_PX, weight, &tw, &th);
	return y + (h - th) / 2;
}

void tablecell_text_draw(const struct table_env *env, cairo_t *cr, const struct table_col *c,
                           const char *text, double y, double h, uint32_t color, int weight,
                           double right_margin)
{
	double inner = c->w - 2 * TABLE_CELL_PAD - right_margin;
	if (inner <= 0 || !*text)
		return;
	double x = c->align == ALIGN_LEFT     ? c->x + TABLE_CELL_PAD
	           : c->align == ALIGN_CENTER ? c->x + c->w / 2
	                                      : c->x + c->w - TABLE_CELL_PAD - right_margin;
	text_draw(env->tx, cr, text, TABLE_FONT_PX, weight, x, text_top(env->tx, y, h, weight),
	          inner, c->align, color);
}

/* BarGauge in a cell, as the table's BarGaugeCell draws it: horizontal,
 * 14 px value text in a box as wide as the column's longest value (at
 * least a fifth of the cell, at most 150 px) with 10 px padding, then the
 * bar: basic (35% fill, 2 px edge), gradient (threshold colours up to the
 * value) or LCD (8 px cells, 1 px apart, lit up to the value). */
static void gauge_stops(cairo_pattern_t *pat, const struct theme *th, const struct table_col *c, double v,
                        double max_size, double bar_w)
{
	const struct thresholds *t = &c->fc.thresholds;
	double lastpos = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < t->n; i++) {
		uint32_t col = theme_threshold_color(th, &t->steps[i]);
		double pct = t->mode == THRESH_PERCENTAGE
		                     ? t->steps[i].value / 100
		                     : (t->steps[i].value - c->lo) / (c->hi - c->lo);
		double pos = pct * max_size, off = round(pos - (pos - lastpos) / 2);
		double tv = t->mode == THRESH_PERCENTAGE ? c->lo + (c->hi - c->lo) * pct
		                                         : t->steps[i].value;
		if (i == 0) {
			set_rgba(pat, 0, col);
		} else if (v < tv) {
			break;
		} else {
			lastpos = pos;
			set_rgba(pat, fmin(1, off / bar_w), prev);
		}
		prev = col;
	}
	set_rgba(pat, 1, prev);
}

static void draw_gauge(const struct table_env *env, cairo_t *cr, const struct table_col *c,
                       const char *text, double v, double y, double h, double gauge_h)
{
	const struct theme *th = env->th;
	struct rect box = {c->x + TABLE_CELL_PAD, y + (h - gauge_h) / 2, c->w - 2 * TABLE_CELL_PAD,
	                   gauge_h};
	if (box.w <= 0)
		return;
	double value_w = 0;
	if (!c->fc.table.value_hidden) {
		double tw;
		text_measure(env->tx, c->align_text, TABLE_FONT_PX, TEXT_REGULAR, &tw, NULL);
		value_w = fmax(fmin(box.w * 0.2, VALUE_MAX_W), tw + 2 * VALUE_PAD);
		uint32_t tc = c->fc.table.value_color && !isnan(v) ? value_color(th, c, v) : th->text;
		text_draw(env->tx, cr, text, TABLE_FONT_PX, TEXT_REGULAR, box.x + box.w - VALUE_PAD,
		          text_top(env->tx, box.y, box.h, TEXT_REGULAR), value_w - 2 * VALUE_PAD,
		          ALIGN_RIGHT, tc);
	}
	double max_w = box.w - value_w;
	if (max_w <= 0)
		return;
	double pct = c->hi > c->lo && !isnan(v) ? (v - c->lo) / (c->hi - c->lo) : 0;
	pct = fmin(1, fmax(0, pct));
	uint32_t col = isnan(v) ? th->text_secondary : value_color(th, c, v);
	uint32_t empty = th->kind == THEME_DARK ? BG_SECONDARY_DARK : BG_SECONDARY_LIGHT;
	if (c->fc.table.cell_mode == CELLMODE_LCD) {
		size_t cells = (size_t)floor(max_w / 8);
		double size = cells ? floor((max_w - (double)cells) / (double)cells) : 0;
		for (size_t i = 0; i < cells; i++) {
			double at = c->lo + (c->hi - c->lo) / (double)cells * (double)i;
			uint32_t cc = value_color(th, c, at);
			struct rect cell = {box.x + (double)i * (size + 1), box.y, size, box.h};
			if (isnan(v) || at > v) {
				tablecell_fill(cr, cell, theme_alpha(cc, 0.18));
				continue;
			}
			double cx = cell.x + cell.w / 2, cy = cell.y + cell.h / 2;
			double r = hypot(cell.w, cell.h) / 2;
			cairo_pattern_t *pat = cairo_pattern_create_radial(cx, cy, 0, cx, cy, r);
			set_rgba(pat, 0.1, theme_alpha(cc, 0.95));
			set_rgba(pat, 1, theme_alpha(cc, 0.55));
			cairo_rectangle(cr, cell.x, cell.y, cell.w, cell.h);
			cairo_set_source(cr, pat);
			cairo_fill(cr);
			cairo_pattern_destroy(pat);
		}
		return;
	}
	double bar_w = fmax(pct * max_w, 1);
	/* the unfilled part: background.secondary, from 3 px under the bar */
	tablecell_fill(cr, (struct rect){box.x + bar_w - 3, box.y, max_w - bar_w + 3, box.h}, empty);
	struct rect bar = {box.x, box.y, bar_w, box.h};
	if (c->fc.table.cell_mode == CELLMODE_BASIC) {
		tablecell_fill(cr, bar, theme_alpha(col, 0.35));
		tablecell_fill(cr, (struct rect){bar.x + bar.w - 2, bar.y, fmin(2, bar.w), bar.h}, col);
		return;
	}
	if (c->fc.color_mode != COLOR_THRESHOLDS || !(c->hi > c->lo)) {
		tablecell_fill(cr, bar, col);
		return;
	}
	cairo_pattern_t *pat = cairo_pattern_create_linear(bar.x, 0, bar.x + bar.w, 0);
	gauge_stops(pat, th, c, v, max_w, bar.w);
	cairo_rectangle(cr, bar.x, bar.y, bar.w, bar.h);
	cairo_set_source(cr, pat);
	cairo_fill(cr);
	cairo_pattern_destroy(pat);
}

void tablecell_draw(const struct table_env *env, cairo_t *cr, const struct table_col *c, size_t r,
                      double y, double h, double gauge_h)
{
	char text[512];
	double v;
	uint32_t colour;
	cell_display(env, c, r, text, sizeof text, &v, &colour);
	if (c->fc.table.cell == CELL_JSON) /* JSONViewCell: the value itself, no unit */
		tframe_cell_text(c->f, r, text, sizeof text);
	const struct theme *th = env->th;
	uint32_t fg = th->text;
	struct rect cellbox = {c->x, y, c->w - 1, h};
	switch (c->fc.table.cell) {
	case CELL_COLOR_TEXT:
		if (colour != CAIRN_COLOR_NONE)
			fg = colour;
		break;
	case CELL_COLOR_BACKGROUND:
		if (colour == CAIRN_COLOR_NONE)
			break;
		uint32_t bg = colour;
		fg = text_for_background(bg);
		if (c->fc.table.cell_mode == CELLMODE_BASIC)
			tablecell_fill(cr, cellbox, bg);
		else
			fill_gradient_120(cr, cellbox,
			                  colour_darken_spin(bg, th->kind == THEME_DARK ? 10 : -7, 5), bg);
		break;
	case CELL_GAUGE:
		draw_gauge(env, cr, c, text, v, y, h, gauge_h);
		return;
	case CELL_AUTO:
	case CELL_JSON:
	case CELL_OTHER:
	default:
		break;
	}
	if (c->fc.table.links) { /* a data link: link colour, medium, 12 px right padding */
		bool plain = c->fc.table.cell == CELL_AUTO || c->fc.table.cell == CELL_JSON ||
		             c->fc.table.cell == CELL_OTHER;
		tablecell_text_draw(env, cr, c, text, y, h, plain ? th->text_link : fg, TEXT_MEDIUM,
		               c->align == ALIGN_LEFT ? 0 : 12);
		return;
	}
	tablecell_text_draw(env, cr, c, text, y, h, fg, TEXT_REGULAR, 0);
}

