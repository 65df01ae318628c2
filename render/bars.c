/*
 * bars.c — bars.h: the bar geometry and painting the barchart and the
 * histogram share, and their value axis.  Facts from Grafana 10.4:
 * distribute() rounds offsets and sizes to 6 decimals; uPlot insets a bar's
 * path by half its stroke, fills it, then strokes it; the radius is a
 * fraction of the bar's thickness on the value end's two corners; the
 * opacity gradient runs from transparent at the scale's minimum to the fill
 * opacity at its maximum over the whole plot, the hue gradient from the
 * colour turned +15° to the colour turned -15° (tinycolor's spin).
 */
#include "render/bars.h"

#include <glib.h>
#include <math.h>
#include <string.h>
#include "base/colour.h"
#include "base/jsregex.h"
#include "render/fields.h"
#include "render/units.h"
#include "transform/transform.h"

static double round6(double v)
{
	return round(v * 1e6) / 1e6;
}

void bars_distribute(size_t n, double factor, size_t i, double *off, double *dim)
{
	double gap = n > 1 ? (1 - factor) / (double)(n - 1) : 0;
	double w = n ? factor / (double)n : 0;
	*off = round6((double)i * (w + gap));
	*dim = round6(w);
}

/* ---- painting -------------------------------------------------------- */

static void rgb_of(uint32_t c, double *r, double *g, double *b)
{
	*r = (double)((c >> 24) & 0xff) / 255;
	*g = (double)((c >> 16) & 0xff) / 255;
	*b = (double)((c >> 8) & 0xff) / 255;
}

static void add_stop(cairo_pattern_t *pat, double at, uint32_t c, double alpha)
{
	double r, g, b;
	rgb_of(c, &r, &g, &b);
	cairo_pattern_add_color_stop_rgba(pat, at, r, g, b, alpha * (double)(c & 0xff) / 255);
}

/* The fill: a plain colour, or a gradient along the value axis over the
 * plot (from the scale's minimum at offset 0 to its maximum at 1). */
static void set_fill(cairo_t *cr, const struct bar_paint *bp)
{
	struct rect p = bp->plot;
	bool horiz = bp->end == BAR_END_RIGHT || bp->end == BAR_END_LEFT;
	if (bp->gradient != GRADIENT_OPACITY && bp->gradient != GRADIENT_HUE) {
		theme_set_source(cr, theme_alpha(bp->color, bp->fill_opacity));
		return;
	}
	cairo_pattern_t *pat = horiz ? cairo_pattern_create_linear(p.x, 0, p.x + p.w, 0)
	                             : cairo_pattern_create_linear(0, p.y + p.h, 0, p.y);
	if (bp->gradient == GRADIENT_OPACITY) {
		add_stop(pat, 0, bp->color, 0);
		add_stop(pat, 1, bp->color, bp->fill_opacity);
	} else {
		add_stop(pat, 0, colour_darken_spin(bp->color, 0, 15), bp->fill_opacity);
		add_stop(pat, 1, colour_darken_spin(bp->color, 0, -15), bp->fill_opacity);
	}
	cairo_set_source(cr, pat);
	cairo_pattern_destroy(pat);
}

/* A rectangle whose two corners at `end` are rounded by rad. */
static void bar_path(cairo_t *cr, struct rect r, double rad, enum bar_end end)
{
	double x0 = r.x, y0 = r.y, x1 = r.x + r.w, y1 = r.y + r.h;
	rad = fmin(rad, fmin(r.w, r.h) / 2);
	if (!(rad > 0)) {
		cairo_rectangle(cr, r.x, r.y, r.w, r.h);
		return;
	}
	/* radius per corner: top-left, top-right, bottom-right, bottom-left */
	double c[4] = {0, 0, 0, 0};
	switch (end) {
	case BAR_END_TOP: c[0] = c[1] = rad; break;
	case BAR_END_RIGHT: c[1] = c[2] = rad; break;
	case BAR_END_BOTTOM: c[2] = c[3] = rad; break;
	case BAR_END_LEFT:
	default: c[3] = c[0] = rad; break;
	}
	cairo_new_sub_path(cr);
	cairo_arc(cr, x0 + c[0], y0 + c[0], c[0], M_PI, 1.5 * M_PI);
	cairo_arc(cr, x1 - c[1], y0 + c[1], c[1], 1.5 * M_PI, 2 * M_PI);
	cairo_arc(cr, x1 - c[2], y1 - c[2], c[2], 0, 0.5 * M_PI);
	cairo_arc(cr, x0 + c[3], y1 - c[3], c[3], 0.5 * M_PI, M_PI);
	cairo_close_path(cr);
}

void bars_paint(cairo_t *cr, struct rect r, const struct bar_paint *bp)
{
	double lw = bp->line_width > 0 ? bp->line_width : 0;
	if (!(r.w > 0) || !(r.h > 0))
		return;
	struct rect in = r;
	if (lw > 0 && r.w > lw && r.h > lw)
		in = (struct rect){r.x + lw / 2, r.y + lw / 2, r.w - lw, r.h - lw};
	bar_path(cr, in, bp->radius, bp->end);
	set_fill(cr, bp);
	if (lw > 0 && r.w > lw && r.h > lw) {
		cairo_fill_preserve(cr);
		cairo_set_line_width(cr, lw);
		theme_set_source(cr, bp->color);
		cairo_stroke(cr);
	} else {
		cairo_fill(cr);
	}
}

/* ---- the value axis ---------------------------------------------------- */

void bars_scale_init(struct bars_scale *s, double lo, double hi, const struct field_config *fc,
                     bool with_zero, const char *unit, double px, double space)
{
	memset(s, 0, sizeof *s);
	g_strlcpy(s->unit, unit ? unit : fc->unit, sizeof s->unit);
	s->decimals = fc->decimals;
	s->log = fc->custom.scale == SCALE_LOG;
	s->base = fc->custom.log_base > 1 ? fc->custom.log_base : 10;
	if (!isfinite(lo) || !isfinite(hi))
		lo = hi = NAN;
	const struct ts_custom *c = &fc->custom;
	if (!isnan(c->axis_soft_min))
		lo = isnan(lo) ? c->axis_soft_min : fmin(lo, c->axis_soft_min);
	if (!isnan(c->axis_soft_max))
		hi = isnan(hi) ? c->axis_soft_max : fmax(hi, c->axis_soft_max);
	if (s->log) {
		ticks_log_axis(isnan(fc->min) || fc->min <= 0 ? lo : fc->min, isnan(fc->max) ? hi : fc->max,
		               s->base, s->unit, s->decimals, &s->ax);
		return;
	}
	double hard_min = fc->min, hard_max = fc->max;
	/* uPlot's soft limits at 0 (mode 1): the range is padded from the
	 * data alone, then an end on the data's side of 0 moves to 0 */
	bool zero_lo = with_zero && !isnan(lo) && isnan(c->axis_soft_min) && isnan(fc->min) &&
	               lo >= 0;
	bool zero_hi = with_zero && !isnan(hi) && isnan(c->axis_soft_max) && isnan(fc->max) &&
	               hi <= 0;
	if (zero_lo || zero_hi) {
		struct value_axis padded;
		ticks_value_axis_decimal(lo, hi, fc->min, fc->max, px, space, s->unit, s->decimals, &padded);
		hard_min = zero_lo ? 0 : padded.min;
		hard_max = zero_hi ? 0 : padded.max;
	}
	ticks_value_axis_decimal(lo, hi, hard_min, hard_max, px, space, s->unit, s->decimals, &s->ax);
	if (!(s->ax.max > s->ax.min)) {
		double m = isnan(lo) ? 0 : lo;
		s->ax.min = m - 1;
		s->ax.max = m + 1;
	}
}

double bars_scale_frac(const struct bars_scale *s, double v)
{
	double a = s->ax.min, b = s->ax.max;
	if (s->log) {
		if (!(v > 0))
			return -0.01;
		return (log(v) - log(a)) / (log(b) - log(a));
	}
	return (v - a) / (b - a);
}

double bars_scale_label_w(struct text *tx, const struct bars_scale *s)
{
	double w = 0;
	for (size_t i = 0; i < s->ax.n; i++) {
		double lw;
		text_measure(tx, s->ax.ticks[i].label, BARS_AXIS_PX, TEXT_REGULAR, &lw, NULL);
		w = fmax(w, lw);
	}
	return ceil(w);
}

static double snap(double v)
{
	return floor(v) + 0.5;
}

/* The pixel of tick i along the axis, or NAN outside the plot. */
static double tick_pos(const struct bars_scale *s, size_t i, struct rect p, bool vertical)
{
	double f = bars_scale_frac(s, s->ax.ticks[i].value);
	if (f < -1e-6 || f > 1 + 1e-6)
		return NAN;
	return vertical ? p.y + p.h - f * p.h : p.x + f * p.w;
}

void bars_draw_value_axis(cairo_t *cr, struct text *tx, const struct theme *th,
                          const struct bars_scale *s, struct rect p, enum bars_side side,
                          uint32_t color)
{
	bool vertical = side == BARS_LEFT || side == BARS_RIGHT;
	double lh;
	text_measure(tx, "0", BARS_AXIS_PX, TEXT_REGULAR, NULL, &lh);
	theme_set_source(cr, th->grid);
	cairo_set_line_width(cr, 1);
	for (size_t i = 0; i < s->ax.n; i++) {
		double at = tick_pos(s, i, p, vertical);
		if (isnan(at))
			continue;
		if (vertical) {
			cairo_move_to(cr, p.x, snap(at));
			cairo_line_to(cr, p.x + p.w, snap(at));
		} else {
			cairo_move_to(cr, snap(at), p.y);
			cairo_line_to(cr, snap(at), p.y + p.h);
		}
	}
	cairo_stroke(cr);
	for (size_t i = 0; i < s->ax.n; i++) {
		double at = tick_pos(s, i, p, vertical);
		const char *l = s->ax.ticks[i].label;
		if (isnan(at))
			continue;
		switch (side) {
		case BARS_LEFT:
			text_draw(tx, cr, l, BARS_AXIS_PX, TEXT_REGULAR, p.x - 6.5, at - lh / 2, 0,
			          ALIGN_RIGHT, color);
			break;
		case BARS_RIGHT:
			text_draw(tx, cr, l, BARS_AXIS_PX, TEXT_REGULAR, p.x + p.w + 6.5, at - lh / 2,
			          0, ALIGN_LEFT, color);
			break;
		case BARS_BOTTOM:
			text_draw(tx, cr, l, BARS_AXIS_PX, TEXT_REGULAR, at, p.y + p.h + 6.5, 0,
			          ALIGN_CENTER, color);
			break;
		case BARS_TOP:
		default:
			text_draw(tx, cr, l, BARS_AXIS_PX, TEXT_REGULAR, at, p.y - 6.5 - lh, 0,
			          ALIGN_CENTER, color);
			break;
		}
	}
}

/* The pixel of value v along the axis, clamped to the plot. */
static double value_pos(const struct bars_scale *s, double v, struct rect p, bool vertical)
{
	double f = fmax(0, fmin(1, bars_scale_frac(s, v)));
	return vertical ? p.y + p.h - f * p.h : p.x + f * p.w;
}

void bars_draw_thresholds(cairo_t *cr, const struct theme *th, const struct field_config *fc,
                          const struct bars_scale *s, struct rect p, bool vertical)
{
	enum threshold_style st = fc->custom.thresholds_style;
	const struct thresholds *t = &fc->thresholds;
	if (st == TSTYLE_OFF || t->n == 0)
		return;
	double at[CAIRN_MAX_THRESHOLDS];
	for (size_t i = 0; i < t->n; i++) {
		double v = t->steps[i].value;
		if (t->mode == THRESH_PERCENTAGE && isfinite(v))
			v = s->ax.min + (s->ax.max - s->ax.min) * v / 100;
		at[i] = isfinite(v) ? value_pos(s, v, p, vertical) : vertical ? p.y + p.h : p.x;
	}
	bool area = st == TSTYLE_AREA || st == TSTYLE_LINE_AREA || st == TSTYLE_DASHED_AREA;
	for (size_t i = 0; area && i < t->n; i++) {
		double end = i + 1 < t->n ? at[i + 1] : vertical ? p.y : p.x + p.w;
		theme_set_source(cr, theme_alpha(theme_threshold_color(th, &t->steps[i]), 0.15));
		if (vertical)
			cairo_rectangle(cr, p.x, end, p.w, at[i] - end);
		else
			cairo_rectangle(cr, at[i], p.y, end - at[i], p.h);
		cairo_fill(cr);
	}
	if (st == TSTYLE_AREA)
		return;
	cairo_save(cr);
	if (st == TSTYLE_DASHED || st == TSTYLE_DASHED_AREA) {
		double dash[] = {10, 10};
		cairo_set_dash(cr, dash, 2, 0);
	}
	cairo_set_line_width(cr, 2);
	for (size_t i = 1; i < t->n; i++) {
		theme_set_source(cr, theme_threshold_color(th, &t->steps[i]));
		if (vertical) {
			cairo_move_to(cr, p.x, at[i]);
			cairo_line_to(cr, p.x + p.w, at[i]);
		} else {
			cairo_move_to(cr, at[i], p.y);
			cairo_line_to(cr, at[i], p.y + p.h);
		}
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

void bars_draw_axis_title(cairo_t *cr, struct text *tx, const char *label, struct rect p,
                          enum bars_side side, double off, uint32_t color)
{
	double w, h;
	if (!label || !*label)
		return;
	text_measure(tx, label, BARS_AXIS_PX, TEXT_REGULAR, &w, &h);
	cairo_save(cr);
	switch (side) {
	case BARS_LEFT:
		cairo_translate(cr, p.x - off - h, p.y + p.h / 2 + w / 2);
		cairo_rotate(cr, -M_PI / 2);
		break;
	case BARS_RIGHT:
		cairo_translate(cr, p.x + p.w + off + h, p.y + p.h / 2 - w / 2);
		cairo_rotate(cr, M_PI / 2);
		break;
	case BARS_BOTTOM:
		cairo_translate(cr, p.x + p.w / 2 - w / 2, p.y + p.h + off);
		break;
	case BARS_TOP:
	default:
		cairo_translate(cr, p.x + p.w / 2 - w / 2, p.y - off - h);
		break;
	}
	text_draw(tx, cr, label, BARS_AXIS_PX, TEXT_REGULAR, 0, 0, 0, ALIGN_LEFT, color);
	cairo_restore(cr);
}

/* ---- data ---------------------------------------------------------------- */

int bars_frames(const struct cairn_panel *p, const struct cairn_result *r,
                const struct budget *b, struct tframes *fs, struct cairn_err *note,
                struct cairn_err *err)
{
	memset(fs, 0, sizeof *fs);
	if (tframes_from_result(p, r, fs, err))
		return err->code;
	return transform_apply(p->transforms, p->n_transforms, fs, b, note, err);
}

static bool override_hits(const struct field_override *o, struct tframes *fs, struct tframe *f,
                          struct tfield *fld, struct cairn_err *why)
{
	if (!o->pattern || !o->props.set)
		return false;
	switch (o->kind) {
	case MATCH_BY_NAME: return tframe_name_matches(fs, f, fld, o->pattern);
	case MATCH_BY_FRAME_REFID: return strcmp(o->pattern, f->ref_id) == 0;
	case MATCH_BY_REGEXP: {
		GRegex *re = jsregex_new(o->pattern, why);
		bool hit = re && jsregex_match(re, tframe_display_name(fs, f, fld), why) == 1;
		if (re)
			g_regex_unref(re);
		return hit;
	}
	case MATCH_OTHER:
	default: return false;
	}
}

void bars_field_config(const struct cairn_panel *p, struct tframes *fs, struct tframe *f,
                       struct tfield *fld, struct field_config *out, struct cairn_err *note)
{
	*out = p->defaults;
	for (size_t k = 0; k < p->n_overrides; k++) {
		struct cairn_err why = {0};
		if (override_hits(&p->overrides[k], fs, f, fld, &why))
			fields_apply_props(out, &p->overrides[k].props);
		if (why.code && note->code == 0)
			cairn_err_set(note, why.code, "%s.fieldConfig.overrides[%zu]: %s; not applied",
			              p->json_path ? p->json_path : "panel", k, why.msg);
	}
}

uint32_t bars_series_color(const struct theme *th, const struct field_config *fc, size_t idx,
                           double last)
{
	uint32_t c;
	if ((fc->color_mode == COLOR_FIXED || fc->color_mode == COLOR_SHADES) &&
	    theme_color(th, fc->fixed_color_name, &c) == 0)
		return c;
	if (fc->color_mode == COLOR_THRESHOLDS && fc->thresholds.n) {
		size_t k = isnan(last) ? 0 : theme_threshold_index(&fc->thresholds, last);
		return theme_threshold_color(th, &fc->thresholds.steps[k]);
	}
	return theme_palette(th, idx);
}
