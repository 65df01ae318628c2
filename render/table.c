/*
 * table.c — table.h: Grafana 10.4's table panel with Cairo.
 *
 * Data: the job's result as frames (transform/tframe.h), the panel's
 * transformations applied, frame options.frameIndex shown.  Field config:
 * the panel defaults (colour mode thresholds unless given, as the table
 * plugin has it), then each matching override (byName on a field's name or
 * display name, byRegexp on the display name, byFrameRefID).
 * Geometry (measured against grafana-ref): header and rows cellHeight + 2
 * px with a 1 px weak border under each (none under the last row), 6 px
 * cell padding, columns per getColumns, a 1 px border right of each body
 * cell but the last, numbers right-aligned, text left; the rows that fit,
 * the last one cut, as Grafana's scrolling list shows them.
 */
#include "render/table.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/jsregex.h"
#include "dashboards/timerange.h"
#include "render/chrome.h"
#include "render/fields.h"
#include "render/units.h"
#include "transform/treduce.h"
#include "transform/transform.h"

#define TEXT_ON_LIGHT 0x202226FFu /* rgb(32, 34, 38): getTextColorForAlphaBackground */
#define TEXT_ON_DARK  0xF7F8FAFFu /* rgb(247, 248, 250) */
#define HEADER_LABEL_MARGIN 4.0   /* headerCellLabel's marginRight */
#define HEADER_DARK  0xFFFFFFFFu  /* the header label is a <button>: the UA's text colour */
#define HEADER_LIGHT 0x000000FFu
#define VALUE_PAD    10.0         /* BarGauge's VALUE_LEFT_PADDING */
#define VALUE_MAX_W  150.0        /* BarGauge's MAX_VALUE_WIDTH */
#define BG_SECONDARY_DARK  0x22252BFFu /* background.secondary */
#define BG_SECONDARY_LIGHT 0xF4F5F5FFu

double table_cell_height(enum table_cell_height h)
{
	switch (h) {
	case CELLH_MD: return 42;
	case CELLH_LG: return 48;
	case CELLH_SM:
	default: return TABLE_CELL_PAD * 2 + 22; /* 14 px at line height 22/14 */
	}
}

void table_col_widths(const struct table_col_req *req, size_t n, double avail, double *out)
{
	size_t shared_n = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = req[i].width > 0 ? req[i].width : 0;
		if (out[i] > 0)
			avail -= out[i];
		else
			shared_n++;
	}
	double shared = shared_n ? avail / (double)shared_n : 0;
	for (size_t pass = shared_n; pass > 0; pass--)
		for (size_t i = 0; i < n; i++) {
			double min = req[i].min_width > 0 ? req[i].min_width : TABLE_COL_MIN_W;
			if (out[i] == 0 && min > shared) {
				out[i] = min;
				avail -= min;
				shared_n--;
				shared = shared_n ? avail / (double)shared_n : 0;
			}
		}
	for (size_t i = 0; i < n; i++)
		if (out[i] == 0)
			out[i] = shared;
}

/* ---- sorting ------------------------------------------------------------- */

struct sort_ctx {
	const struct tfield *f;
	bool desc;
};

/* react-table's sortNumber: null, "" and NaN are -Infinity. */
static double sort_num(const struct tfield *f, size_t r)
{
	if (f->type != TF_STRING)
		return isnan(f->num[r]) ? -INFINITY : f->num[r];
	if (!f->str[r] || !*f->str[r])
		return -INFINITY;
	char *end;
	double d = g_ascii_strtod(f->str[r], &end);
	return *end ? -INFINITY : d;
}

static int cmp_rows(const void *a, const void *b, void *data)
{
	const struct sort_ctx *c = data;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r;
	if (c->f->type == TF_STRING) {
		const char *x = c->f->str[i] ? c->f->str[i] : "", *y = c->f->str[j] ? c->f->str[j] : "";
		char *fx = g_utf8_casefold(x, -1), *fy = g_utf8_casefold(y, -1);
		r = g_utf8_collate(fx, fy);
		g_free(fx);
		g_free(fy);
	} else {
		double x = sort_num(c->f, i), y = sort_num(c->f, j);
		r = x < y ? -1 : x > y;
	}
	/* react-table sorts descending by inverting the comparison and keeps
	 * ties in their order */
	return c->desc ? -r : r;
}

void table_sort_rows(const struct tfield *f, size_t n, bool desc, size_t *order)
{
	for (size_t r = 0; r < n; r++)
		order[r] = r;
	if (!f || n < 2)
		return;
	struct sort_ctx c = {f, desc};
	g_qsort_with_data(order, (gint)n, sizeof *order, cmp_rows, &c);
}

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

void table_cell_text(const struct tfield *f, size_t r, const struct field_config *fc,
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

/* ---- columns ------------------------------------------------------------- */

struct col {
	struct tfield *f;
	struct field_config fc;
	const char *title;
	double x, w;
	enum text_align align;
	double lo, hi;        /* the field's range, for percentages and gauges */
	size_t index;         /* among visible columns, for the palette */
	char align_text[128]; /* gauge cells: the longest value text (alignmentFactors) */
};

static bool override_hits(const struct field_override *o, struct tframes *fs, struct tframe *f,
                          struct tfield *fld, GRegex *re, struct cairn_err *why)
{
	if (!o->pattern)
		return false;
	switch (o->kind) {
	case MATCH_BY_NAME: return tframe_name_matches(fs, f, fld, o->pattern);
	case MATCH_BY_REGEXP: return re && jsregex_match(re, tframe_display_name(fs, f, fld), why) == 1;
	case MATCH_BY_FRAME_REFID: return strcmp(o->pattern, f->ref_id) == 0;
	case MATCH_OTHER:
	default: return false;
	}
}

static void field_range(struct col *c, size_t len)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t r = 0; c->f->type == TF_NUMBER && r < len; r++)
		if (!isnan(c->f->num[r])) {
			lo = fmin(lo, c->f->num[r]);
			hi = fmax(hi, c->f->num[r]);
		}
	c->lo = !isnan(c->fc.min) ? c->fc.min : isfinite(lo) ? lo : 0;
	c->hi = !isnan(c->fc.max) ? c->fc.max : isfinite(hi) ? hi : 100;
}

/* The visible columns of f with their field config; note gets the first
 * override left out (a regex that does not compile or gives up). */
static size_t make_cols(const struct cairn_panel *p, struct tframes *fs, struct tframe *f,
                        struct col *cols, const char **titles, struct cairn_err *note)
{
	size_t n = 0;
	GRegex **re = g_new0(GRegex *, p->n_overrides ? p->n_overrides : 1);
	for (size_t k = 0; k < p->n_overrides; k++) {
		struct cairn_err why = {0};
		if (p->overrides[k].kind == MATCH_BY_REGEXP && p->overrides[k].pattern &&
		    !(re[k] = jsregex_new(p->overrides[k].pattern, &why)) && note->code == 0)
			cairn_err_set(note, why.code, "%s.fieldConfig.overrides[%zu]: %s; not applied",
			              p->json_path ? p->json_path : "panel", k, why.msg);
	}
	for (size_t i = 0; i < f->n_fields; i++) {
		struct col *c = &cols[n];
		c->f = &f->fields[i];
		c->fc = p->defaults;
		if (!(p->defaults.set & FC_SET_COLOR))
			c->fc.color_mode = COLOR_THRESHOLDS;
		for (size_t k = 0; k < p->n_overrides; k++) {
			struct cairn_err why = {0};
			if (p->overrides[k].props.set &&
			    override_hits(&p->overrides[k], fs, f, c->f, re[k], &why))
				fields_apply_props(&c->fc, &p->overrides[k].props);
			if (why.code && note->code == 0)
				cairn_err_set(note, why.code,
				              "%s.fieldConfig.overrides[%zu]: %s; not applied",
				              p->json_path ? p->json_path : "panel", k, why.msg);
		}
		c->title = c->fc.display_name && *c->fc.display_name
		                   ? c->fc.display_name
		                   : tframe_display_name(fs, f, c->f);
		titles[i] = c->title;
		if (c->fc.table.hidden)
			continue;
		switch (c->fc.table.align) {
		case TALIGN_LEFT: c->align = ALIGN_LEFT; break;
		case TALIGN_CENTER: c->align = ALIGN_CENTER; break;
		case TALIGN_RIGHT: c->align = ALIGN_RIGHT; break;
		case TALIGN_AUTO:
		default: c->align = c->f->type == TF_NUMBER ? ALIGN_RIGHT : ALIGN_LEFT;
		}
		field_range(c, f->len);
		c->index = n++;
	}
	for (size_t k = 0; k < p->n_overrides; k++)
		if (re[k])
			g_regex_unref(re[k]);
	g_free(re);
	return n;
}

/* ---- colours ------------------------------------------------------------- */

static uint32_t value_color(const struct theme *th, const struct col *c, double v)
{
	const struct field_config *fc = &c->fc;
	uint32_t out;
	if (fc->color_mode == COLOR_FIXED && theme_color(th, fc->fixed_color_name, &out) == 0)
		return out;
	if (fc->color_mode == COLOR_PALETTE_CLASSIC)
		return theme_palette(th, c->index);
	if (fc->thresholds.n == 0)
		return theme_palette(th, 0);
	double x = v;
	if (fc->thresholds.mode == THRESH_PERCENTAGE)
		x = c->hi > c->lo ? (v - c->lo) / (c->hi - c->lo) * 100 : 0;
	size_t k = isnan(x) ? 0 : theme_threshold_index(&fc->thresholds, x);
	return theme_threshold_color(th, &fc->thresholds.steps[k]);
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

/* tinycolor's darken(amount) and spin(deg) through HSL. */
static uint32_t darken_spin(uint32_t c, double amount, double deg)
{
	double r = ((c >> 24) & 0xFF) / 255.0, g = ((c >> 16) & 0xFF) / 255.0,
	       b = ((c >> 8) & 0xFF) / 255.0;
	double mx = fmax(r, fmax(g, b)), mn = fmin(r, fmin(g, b));
	double h = 0, s = 0, l = (mx + mn) / 2, d = mx - mn;
	if (d > 0) {
		s = l > 0.5 ? d / (2 - mx - mn) : d / (mx + mn);
		h = mx == r ? (g - b) / d + (g < b ? 6 : 0) : mx == g ? (b - r) / d + 2 : (r - g) / d + 4;
		h /= 6;
	}
	l = fmin(1, fmax(0, l - amount / 100));
	h = fmod(h * 360 + deg + 360, 360) / 360;
	double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
	double rgb[3], t[3] = {h + 1.0 / 3, h, h - 1.0 / 3};
	for (int i = 0; i < 3; i++) {
		double x = t[i] < 0 ? t[i] + 1 : t[i] > 1 ? t[i] - 1 : t[i];
		rgb[i] = s == 0 ? l
		         : x < 1.0 / 6 ? p + (q - p) * 6 * x
		         : x < 0.5     ? q
		         : x < 2.0 / 3 ? p + (q - p) * (2.0 / 3 - x) * 6
		                       : p;
	}
	return (uint32_t)lround(rgb[0] * 255) << 24 | (uint32_t)lround(rgb[1] * 255) << 16 |
	       (uint32_t)lround(rgb[2] * 255) << 8 | (c & 0xFF);
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

static void fill_rect(cairo_t *cr, struct rect b, uint32_t c)
{
	theme_set_source(cr, c);
	cairo_rectangle(cr, b.x, b.y, b.w, b.h);
	cairo_fill(cr);
}

/* ---- drawing ------------------------------------------------------------- */

struct layout {
	double x0, y0, w, h;      /* the table's box */
	double row_h;             /* cellHeight + 2, border included */
	double cell_h;
	double header_h;          /* 0 without a header */
	double footer_h;
};

static double text_top(struct text *tx, double y, double h, int weight)
{
	double tw, th;
	text_measure(tx, "Mg", TABLE_FONT_PX, weight, &tw, &th);
	return y + (h - th) / 2;
}

static void draw_text_cell(const struct table_env *env, cairo_t *cr, const struct col *c,
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
static void gauge_stops(cairo_pattern_t *pat, const struct theme *th, const struct col *c, double v,
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

static void draw_gauge(const struct table_env *env, cairo_t *cr, const struct col *c,
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
				fill_rect(cr, cell, theme_alpha(cc, 0.18));
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
	fill_rect(cr, (struct rect){box.x + bar_w - 3, box.y, max_w - bar_w + 3, box.h}, empty);
	struct rect bar = {box.x, box.y, bar_w, box.h};
	if (c->fc.table.cell_mode == CELLMODE_BASIC) {
		fill_rect(cr, bar, theme_alpha(col, 0.35));
		fill_rect(cr, (struct rect){bar.x + bar.w - 2, bar.y, fmin(2, bar.w), bar.h}, col);
		return;
	}
	if (c->fc.color_mode != COLOR_THRESHOLDS || !(c->hi > c->lo)) {
		fill_rect(cr, bar, col);
		return;
	}
	cairo_pattern_t *pat = cairo_pattern_create_linear(bar.x, 0, bar.x + bar.w, 0);
	gauge_stops(pat, th, c, v, max_w, bar.w);
	cairo_rectangle(cr, bar.x, bar.y, bar.w, bar.h);
	cairo_set_source(cr, pat);
	cairo_fill(cr);
	cairo_pattern_destroy(pat);
}

static void draw_cell(const struct table_env *env, cairo_t *cr, const struct col *c, size_t r,
                      double y, double h, double gauge_h)
{
	char text[512];
	double v;
	table_cell_text(c->f, r, &c->fc, env->tz, text, sizeof text, &v);
	if (c->fc.table.cell == CELL_JSON) /* JSONViewCell: the value itself, no unit */
		tframe_cell_text(c->f, r, text, sizeof text);
	const struct theme *th = env->th;
	uint32_t fg = th->text;
	struct rect cellbox = {c->x, y, c->w - 1, h};
	switch (c->fc.table.cell) {
	case CELL_COLOR_TEXT:
		if (!isnan(v))
			fg = value_color(th, c, v);
		break;
	case CELL_COLOR_BACKGROUND:
		if (isnan(v))
			break;
		uint32_t bg = value_color(th, c, v);
		fg = text_for_background(bg);
		if (c->fc.table.cell_mode == CELLMODE_BASIC)
			fill_rect(cr, cellbox, bg);
		else
			fill_gradient_120(cr, cellbox,
			                  darken_spin(bg, th->kind == THEME_DARK ? 10 : -7, 5), bg);
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
		draw_text_cell(env, cr, c, text, y, h, plain ? th->text_link : fg, TEXT_MEDIUM,
		               c->align == ALIGN_LEFT ? 0 : 12);
		return;
	}
	draw_text_cell(env, cr, c, text, y, h, fg, TEXT_REGULAR, 0);
}

static void hline(cairo_t *cr, const struct theme *th, double x, double y, double w)
{
	fill_rect(cr, (struct rect){x, y, w, 1}, th->border);
}

static void draw_footer(const struct table_env *env, cairo_t *cr, const struct cairn_panel *p,
                        const struct col *cols, size_t n, size_t rows, const struct layout *L)
{
	const struct table_opts *o = &p->table;
	double y = L->y0 + L->h - L->footer_h;
	fill_rect(cr, (struct rect){L->x0, y, L->w, L->footer_h}, env->th->panel_bg);
	hline(cr, env->th, L->x0, y, L->w);
	const char *id = o->footer_reducer[0] ? o->footer_reducer : NULL;
	bool count_rows = o->count_rows && id && strcmp(id, "count") == 0;
	for (size_t i = 0; i < n; i++) {
		const struct col *c = &cols[i];
		char text[128] = "";
		if (count_rows) {
			/* Grafana's FooterCell list: "Count" at the left, the rows at the right */
			if (i == 0) {
				struct col left = *c, right = *c;
				left.align = ALIGN_LEFT;
				right.align = ALIGN_RIGHT;
				snprintf(text, sizeof text, "%zu", rows);
				draw_text_cell(env, cr, &left, "Count", y + 1, L->footer_h - 1,
				               env->th->text, TEXT_MEDIUM, 0);
				draw_text_cell(env, cr, &right, text, y + 1, L->footer_h - 1,
				               env->th->text, TEXT_MEDIUM, 0);
			}
			continue;
		} else if (c->f->type != TF_NUMBER) {
			if (i == 0 && id && treduce_name(id))
				g_strlcpy(text, treduce_name(id), sizeof text);
		} else if (id && (!o->footer_fields || g_strv_contains((const char *const *)o->footer_fields,
		                                                          c->f->name))) {
			bool known;
			double v = treduce(id, c->f->num, rows, &known);
			if (known && !isnan(v))
				units_format_str(c->fc.unit, v, c->fc.decimals, text, sizeof text);
		}
		draw_text_cell(env, cr, c, text, y + 1, L->footer_h - 1, env->th->text, TEXT_MEDIUM, 0);
	}
}

static void draw_header(const struct table_env *env, cairo_t *cr, const struct col *cols,
                        size_t n, const struct layout *L, ssize_t sorted, bool desc)
{
	for (size_t i = 0; i < n; i++) {
		const struct col *c = &cols[i];
		double arrow = (ssize_t)i == sorted ? 20 : 0;
		draw_text_cell(env, cr, c, c->title, L->y0, L->header_h - 1,
		               env->th->kind == THEME_DARK ? HEADER_DARK : HEADER_LIGHT, TEXT_MEDIUM,
		               c->align == ALIGN_RIGHT ? HEADER_LABEL_MARGIN + arrow : 0);
		if (arrow == 0)
			continue;
		/* the sort arrow (Grafana's arrow-down / arrow-up icon) */
		double tw, th;
		text_measure(env->tx, c->title, TABLE_FONT_PX, TEXT_MEDIUM, &tw, &th);
		double ax = c->align == ALIGN_RIGHT ? c->x + c->w - TABLE_CELL_PAD - arrow + 6
		                                    : c->x + TABLE_CELL_PAD + fmin(tw, c->w) + 8;
		double ay = L->y0 + (L->header_h - 1) / 2;
		theme_set_source(cr, env->th->text);
		cairo_set_line_width(cr, 1.5);
		cairo_move_to(cr, ax + 4, ay - 5);
		cairo_line_to(cr, ax + 4, ay + 5);
		cairo_move_to(cr, ax, desc ? ay + 1 : ay - 1);
		cairo_line_to(cr, ax + 4, desc ? ay + 5 : ay - 5);
		cairo_line_to(cr, ax + 8, desc ? ay + 1 : ay - 1);
		cairo_stroke(cr);
	}
	hline(cr, env->th, L->x0, L->y0 + L->header_h - 1, L->w);
}

/* One pager button: w x 24 at x, y; its label centred. */
static void pager_button(const struct table_env *env, cairo_t *cr, double x, double y, double w,
                         const char *label, bool active, bool enabled)
{
	bool dark = env->th->kind == THEME_DARK;
	uint32_t border = active ? (dark ? 0x3D71D9FFu : 0x3871DCFFu)
	                  : !enabled ? (dark ? 0x1F2126FFu : 0xF6F7F7FFu)
	                             : (dark ? 0x36393EFFu : 0xD5D6D8FFu);
	uint32_t bg = active ? border : !enabled ? border : (dark ? 0x2A2D31FFu : 0xEEEEEFFFu);
	fill_rect(cr, (struct rect){x, y, w, 24}, border);
	fill_rect(cr, (struct rect){x + 1, y + 1, w - 2, 22}, bg);
	uint32_t fg = active ? 0xFFFFFFFFu : theme_alpha(env->th->text, enabled ? 1 : 0.5);
	double th;
	text_measure(env->tx, label, 12, TEXT_MEDIUM, NULL, &th);
	text_draw(env->tx, cr, label, 12, TEXT_MEDIUM, x + w / 2, y + (24 - th) / 2, 0,
	          ALIGN_CENTER, fg);
}

/* Grafana's Pagination under a paged table (first page): ‹ 1 2 … › and
 * "1 - N of M rows", centred, the buttons 24 px tall, 37 px over the bottom. */
static void draw_pager(const struct table_env *env, cairo_t *cr, const struct layout *L,
                       size_t page, size_t rows)
{
	size_t pages = (rows + page - 1) / page, shown = pages > 7 ? 7 : pages;
	char summary[96];
	snprintf(summary, sizeof summary, "1 - %zu of %zu rows", MIN(page, rows), rows);
	double sw;
	text_measure(env->tx, summary, 12, TEXT_REGULAR, &sw, NULL);
	double pager_w = 32 + 10 + (double)shown * 34 + 32;
	double total = 40 + pager_w + 16 + sw + 8; /* the list's 40 px indent, the summary's padding */
	double x = L->x0 + (L->w - total) / 2 + 44, y = L->y0 + L->h - 37;
	pager_button(env, cr, x, y, 32, "‹", false, false);
	x += 42;
	for (size_t i = 0; i < shown; i++, x += 34) {
		char num[24];
		if (pages > 7 && i == 5)
			g_strlcpy(num, "…", sizeof num);
		else
			snprintf(num, sizeof num, "%zu", pages > 7 && i == 6 ? pages : i + 1);
		pager_button(env, cr, x, y, 24, num, i == 0, true);
	}
	pager_button(env, cr, x, y, 32, "›", false, pages > 1);
	double th;
	text_measure(env->tx, summary, 12, TEXT_REGULAR, NULL, &th);
	text_draw(env->tx, cr, summary, 12, TEXT_REGULAR, x + 32 + 16, y + (24 - th) / 2, 0,
	          ALIGN_LEFT, env->th->text_secondary);
}

/* TablePanel's frame selector under the table when there are several
 * frames: a 32 px Select showing getFrameDisplayName of the frame shown. */
static void draw_frame_select(const struct table_env *env, cairo_t *cr, struct tframe *f,
                              const char **titles, struct rect box)
{
	bool dark = env->th->kind == THEME_DARK;
	fill_rect(cr, box, dark ? 0x3B3D44FFu : 0xB6B8BAFFu); /* border.medium over the panel */
	fill_rect(cr, (struct rect){box.x + 1, box.y + 1, box.w - 2, box.h - 2},
	          dark ? 0x111217FFu : 0xFFFFFFFFu);
	GString *name = g_string_new(f->name ? f->name : "");
	for (size_t k = 0; !f->name && k < f->n_fields; k++)
		if (f->fields[k].type != TF_TIME)
			g_string_append_printf(name, "%s%s", name->len ? ", " : "", titles[k]);
	double th;
	text_measure(env->tx, name->str, TABLE_FONT_PX, TEXT_REGULAR, NULL, &th);
	text_draw(env->tx, cr, name->str, TABLE_FONT_PX, TEXT_REGULAR, box.x + 8,
	          box.y + (box.h - th) / 2, box.w - 40, ALIGN_LEFT, env->th->text);
	g_string_free(name, TRUE);
	/* the angle-down icon */
	double ax = box.x + box.w - 20, ay = box.y + box.h / 2;
	theme_set_source(cr, env->th->text_secondary);
	cairo_set_line_width(cr, 1.5);
	cairo_move_to(cr, ax - 4, ay - 2);
	cairo_line_to(cr, ax, ay + 2);
	cairo_line_to(cr, ax + 4, ay - 2);
	cairo_stroke(cr);
}

static void draw_frame(const struct table_env *env, cairo_t *cr, const struct cairn_panel *p,
                       struct tframes *fs, struct tframe *f, struct rect c, struct cairn_err *note)
{
	struct col *cols = g_new0(struct col, f->n_fields ? f->n_fields : 1);
	const char **titles = g_new0(const char *, f->n_fields ? f->n_fields : 1);
	size_t n = make_cols(p, fs, f, cols, titles, note);
	/* Grafana's table starts a pixel under cairn's content box and reaches
	 * the panel's bottom border (no bottom padding) */
	struct layout L = {.x0 = c.x, .y0 = c.y + 1, .w = c.w, .h = c.h + CHROME_PAD - 2};
	if (fs->n > 1) { /* the frame selector takes 32 px and 8 px of padding */
		L.h -= 40;
		draw_frame_select(env, cr, f, titles,
		                  (struct rect){L.x0 + 8, L.y0 + L.h + 8, L.w - 16, 32});
	}
	L.cell_h = table_cell_height(p->table.cell_height);
	L.row_h = L.cell_h + 2;
	/* the header row is 36 px whatever the cell height */
	L.header_h = p->table.show_header ? table_cell_height(CELLH_SM) + 2 : 0;
	L.footer_h = p->table.footer_show ? TABLE_FOOTER_H : 0;
	struct table_col_req *req = g_new0(struct table_col_req, n ? n : 1);
	double *w = g_new0(double, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		req[i] = (struct table_col_req){cols[i].fc.table.width, cols[i].fc.table.min_width};
	table_col_widths(req, n, L.w, w);
	double x = L.x0;
	for (size_t i = 0; i < n; i++) {
		cols[i].x = x;
		cols[i].w = w[i];
		x += w[i];
	}
	/* sortBy: the first entry naming a visible column */
	ssize_t sorted = -1;
	bool desc = false;
	for (size_t s = 0; s < p->table.n_sort_by && sorted < 0; s++)
		for (size_t i = 0; i < n && sorted < 0; i++)
			if (strcmp(cols[i].title, p->table.sort_by[s].name) == 0) {
				sorted = (ssize_t)i;
				desc = p->table.sort_by[s].desc;
			}
	for (size_t i = 0; i < n; i++) {
		if (cols[i].fc.table.cell != CELL_GAUGE)
			continue;
		for (size_t r = 0; r < f->len; r++) {
			char t[128];
			double v;
			table_cell_text(cols[i].f, r, &cols[i].fc, env->tz, t, sizeof t, &v);
			if (strlen(t) > strlen(cols[i].align_text))
				g_strlcpy(cols[i].align_text, t, sizeof cols[i].align_text);
		}
	}
	size_t *order = g_new(size_t, f->len ? f->len : 1);
	table_sort_rows(sorted >= 0 ? cols[sorted].f : NULL, f->len, desc, order);

	cairo_save(cr);
	cairo_rectangle(cr, L.x0, L.y0, L.w, L.h);
	cairo_clip(cr);
	if (L.header_h > 0)
		draw_header(env, cr, cols, n, &L, sorted, desc);
	/* Grafana's row list is the table's height less a row height for the
	 * header and the footer's, and a 15 px horizontal scrollbar gutter
	 * comes off that (measured) */
	double y = L.y0 + L.header_h;
	double list_h = L.h - (p->table.show_header ? L.row_h : 0) - L.footer_h;
	size_t shown = f->len;
	if (p->table.pagination) { /* a page of rows, the pager under them */
		list_h -= L.cell_h;
		double page = round(list_h / L.row_h) - 1;
		if (page >= 1) {
			shown = MIN(f->len, (size_t)page);
			draw_pager(env, cr, &L, (size_t)page, f->len);
		}
	}
	double bottom = fmin(L.y0 + L.h - L.footer_h, y + list_h - 15);
	if (f->len == 0) {
		chrome_message(cr, env->tx, env->th,
		               (struct rect){L.x0, y, L.w, bottom - y}, "No data");
	}
	cairo_save(cr);
	cairo_rectangle(cr, L.x0, y, L.w, fmax(0, bottom - y));
	cairo_clip(cr);
	for (size_t r = 0; r < shown && y < bottom; r++) {
		for (size_t i = 0; i < n; i++) {
			draw_cell(env, cr, &cols[i], order[r], y, L.row_h - 1,
			          L.cell_h - 2 * TABLE_CELL_PAD);
			if (i + 1 < n)
				fill_rect(cr, (struct rect){floor(cols[i].x + cols[i].w - 0.5), y, 1,
				                            L.row_h - 1},
				          env->th->border);
		}
		if (r + 1 < shown)
			hline(cr, env->th, L.x0, y + L.row_h - 1, L.w);
		y += L.row_h;
	}
	cairo_restore(cr);
	if (L.footer_h > 0)
		draw_footer(env, cr, p, cols, n, f->len, &L);
	cairo_restore(cr);
	g_free(order);
	g_free(req);
	g_free(w);
	g_free(titles);
	g_free(cols);
}

void table_draw(cairo_t *cr, const struct table_env *env, struct panel_job *job, struct rect c)
{
	const struct cairn_panel *p = job->panel;
	struct tframes fs = {0};
	struct cairn_err err = {0}, note = {0};
	int rc = tframes_from_result(p, job->data, &fs, &err);
	if (rc == 0)
		rc = transform_apply(p->transforms, p->n_transforms, &fs, env->budget, &note, &err);
	if (rc) {
		chrome_error(cr, env->tx, env->th, c, err.msg);
		if (job->draw_err.code == 0)
			job->draw_err = err;
	} else {
		struct tframe *f = NULL;
		if (fs.n)
			f = &fs.v[(size_t)p->table.frame_index < fs.n ? (size_t)p->table.frame_index : 0];
		bool any_fields = false;
		for (size_t i = 0; i < fs.n; i++)
			any_fields |= fs.v[i].n_fields > 0;
		if (!f || !any_fields)
			chrome_message(cr, env->tx, env->th, c, "No data");
		else
			draw_frame(env, cr, p, &fs, f, c, &note);
		if (note.code && job->draw_err.code == 0)
			job->draw_err = note;
	}
	tframes_fini(&fs);
}
