/*
 * barchart.c — barchart.h: Grafana 10.4's bar chart (BarChartPanel,
 * barchart/utils.ts prepSeries/prepConfig and bars.ts) with Cairo.
 *
 * Facts kept from Grafana: categories are spread with distribute()
 * (SPACE_BETWEEN) over the plot — groups take groupWidth of it, bars
 * barWidth of their group; stacking swaps the two and a stack fills its
 * group's slot; one number field unstacked draws with groupWidth = barWidth
 * and bars filling the group.  The value scale is uPlot's padded range of
 * the bars' ends with soft min and max 0 (an end on the data's side of 0
 * moves to 0) unless min/max or a soft limit is set; percent stacks range
 * their fractions the same way, in percentunit.  Per-bar colours come
 * from colorByField's display colour or, when a field colours by
 * thresholds or has mappings with colours, from
 * each value's display colour, filled at the first number field's
 * fillOpacity.  The category axis has no ticks or grid and a 15 px gap;
 * labels are cut to xTickLabelMaxLength characters + "..." and thinned by
 * xTickLabelSpacing.  Value labels: 30 px at most, auto-sized to fit 65 %
 * of a bar's thickness and the room beyond its end, none below 8 px unless
 * showValue is "always", placed min(5 px, 10 % of the width) above vertical
 * bars and min(10 px, 15 % of the height) right of horizontal ones; one
 * overlapping an earlier label is left out.
 */
#include "render/barchart.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "dashboards/timerange.h"
#include "render/bars.h"
#include "render/chrome.h"
#include "render/display.h"
#include "render/legend_draw.h"
#include "render/timeseries.h"
#include "render/units.h"
#include "transform/transform.h"

#define VALUE_MIN_PX   8.0
#define VALUE_MAX_PX   30.0
#define VALUE_FIT      0.65
#define ROT_BTM_SPACE  14.0   /* room a rotated label already has under the plot */
#define ROT_TOP_EXTRA  4.0
#define BARS_X_AXIS_BARE 21.0 /* ticks 4 + gap 5 + 12 px labels */
#define TICK_SIZE      4.0    /* uPlot counts the (hidden) ticks in the axis' size */

bool barchart_horizontal(enum viz_orientation o, double w, double h)
{
	return o == ORIENT_HORIZONTAL || (o == ORIENT_AUTO && w < h);
}

void barchart_slot(const struct barchart_opts *o, size_t n, size_t k, size_t m, size_t i,
                   bool single_field, double *off, double *dim)
{
	double gw = o->group_width, bw = o->bar_width;
	bool stacked = o->stacking != STACK_NONE;
	if (!stacked && single_field) {
		gw = bw;
		bw = 1;
	}
	if (stacked) {
		double t = gw;
		gw = bw;
		bw = t;
	}
	double goff, gdim, boff = 0, bdim = 1;
	bars_distribute(n, gw, k, &goff, &gdim);
	if (!stacked)
		bars_distribute(m, bw, i, &boff, &bdim);
	*off = goff + gdim * boff;
	*dim = gdim * bdim;
}

/* ---- data ---------------------------------------------------------------- */

struct bfield {
	struct tfield *f;
	struct field_config fc;
	const char *name;
	uint32_t color;
	double lo, hi;            /* the field's data range (display colours) */
	bool per_bar;             /* thresholds or mappings with colours */
};

struct bc {
	const struct barchart_env *env;
	const struct cairn_panel *p;
	const struct barchart_opts *o;
	struct tframes fs;
	struct tframe *fr;
	struct tfield *x;
	struct field_config xfc;
	struct bfield *f;
	size_t nf, len;
	struct tfield *cf;        /* colorByField */
	struct bfield cfield;
	bool per_bar, horiz;
	double *start, *end;      /* nf * len: each bar's base and value end (NaN = none) */
	struct bars_scale vs;
	struct rect plot;
	double label_px;          /* value labels' size; 0 = none */
	GTimeZone *tz;
	double x_step;            /* time x field: seconds between the first two */
};

static bool has_color_mapping(const struct field_config *fc)
{
	for (size_t i = 0; i < fc->n_mappings; i++)
		if (fc->mappings[i].color_name[0] || fc->mappings[i].color != CAIRN_COLOR_NONE)
			return true;
	return false;
}

static struct tfield *find_field(struct bc *b, const char *name)
{
	for (size_t i = 0; name && i < b->fr->n_fields; i++) {
		struct tfield *f = &b->fr->fields[i];
		if (strcmp(f->name, name) == 0 ||
		    strcmp(tframe_display_name(&b->fs, b->fr, f), name) == 0)
			return f;
	}
	return NULL;
}

static struct tfield *pick_x(struct bc *b)
{
	struct tfield *x = find_field(b, b->o->x_field);
	for (size_t i = 0; !x && i < b->fr->n_fields; i++)
		if (b->fr->fields[i].type == TF_STRING)
			x = &b->fr->fields[i];
	for (size_t i = 0; !x && i < b->fr->n_fields; i++)
		if (b->fr->fields[i].type == TF_TIME)
			x = &b->fr->fields[i];
	return x;
}

static void field_range(struct bfield *f, size_t len)
{
	f->lo = INFINITY;
	f->hi = -INFINITY;
	for (size_t r = 0; r < len; r++)
		if (isfinite(f->f->num[r])) {
			f->lo = fmin(f->lo, f->f->num[r]);
			f->hi = fmax(f->hi, f->f->num[r]);
		}
}

static double last_value(const struct tfield *f, size_t len)
{
	for (size_t r = len; r-- > 0;)
		if (isfinite(f->num[r]))
			return f->num[r];
	return NAN;
}

static void init_field(struct bc *b, struct bfield *bf, struct tfield *fld, size_t idx,
                       struct cairn_err *note)
{
	bf->f = fld;
	bars_field_config(b->p, &b->fs, b->fr, fld, &bf->fc, note);
	bf->name = bf->fc.display_name && *bf->fc.display_name
	                   ? bf->fc.display_name
	                   : tframe_display_name(&b->fs, b->fr, fld);
	bf->color = bars_series_color(b->env->th, &bf->fc, idx, last_value(fld, b->len));
	field_range(bf, b->len);
	bf->per_bar = bf->fc.color_mode == COLOR_THRESHOLDS || has_color_mapping(&bf->fc);
}

/* The frame, the x field, the number fields.  NULL, or the message the
 * panel shows instead (Grafana's warnings). */
static const char *prepare(struct bc *b, const struct panel_job *job, struct cairn_err *note,
                           struct cairn_err *err)
{
	int rc = bars_frames(b->p, job->data, b->env->budget, &b->fs, note, err);
	if (rc)
		return err->msg;
	if (b->fs.n == 0)
		return "No data";
	bool has_time = false;
	for (size_t i = 0; i < b->fs.v[0].n_fields; i++)
		has_time = has_time || b->fs.v[0].fields[i].type == TF_TIME;
	if (has_time && b->fs.n > 1) {
		struct cairn_transform join = {.kind = XF_JOIN_BY_FIELD, .join_mode = XJOIN_OUTER};
		if (transform_one(&join, &b->fs, err))
			return err->msg;
	}
	b->fr = &b->fs.v[0];
	b->len = b->fr->len;
	if (b->len == 0)
		return "No data";
	b->x = pick_x(b);
	if (!b->x)
		return "Bar charts requires a string or time field";
	bars_field_config(b->p, &b->fs, b->fr, b->x, &b->xfc, note);
	b->f = g_new0(struct bfield, b->fr->n_fields);
	for (size_t i = 0; i < b->fr->n_fields; i++) {
		struct tfield *fld = &b->fr->fields[i];
		if (fld == b->x || fld->type != TF_NUMBER)
			continue;
		struct bfield tmp;
		init_field(b, &tmp, fld, b->nf, note);
		if (tmp.fc.custom.hide_in_viz)
			continue;
		b->f[b->nf++] = tmp;
		b->per_bar = b->per_bar || tmp.per_bar;
	}
	if (b->nf == 0)
		return "No numeric fields found";
	b->cf = find_field(b, b->o->color_by_field);
	if (b->cf && b->cf->type == TF_NUMBER)
		init_field(b, &b->cfield, b->cf, 0, note);
	else
		b->cf = NULL;
	return NULL;
}

/* Each bar's base and end: stacked positives and negatives apart, percent
 * stacks as fractions of the category's absolute total. */
static void stack_values(struct bc *b)
{
	size_t n = b->nf * b->len;
	b->start = g_new(double, n);
	b->end = g_new(double, n);
	for (size_t k = 0; k < b->len; k++) {
		double pos = 0, neg = 0, total = 0;
		for (size_t i = 0; i < b->nf; i++) {
			double v = b->f[i].f->num[k];
			total += isfinite(v) ? fabs(v) : 0;
		}
		for (size_t i = 0; i < b->nf; i++) {
			double v = b->f[i].f->num[k];
			if (b->f[i].fc.custom.transform_negative_y)
				v = -v;
			size_t at = i * b->len + k;
			if (!isfinite(v)) {
				b->start[at] = b->end[at] = NAN;
				continue;
			}
			if (b->o->stacking == STACK_PERCENT)
				v = total > 0 ? v / total : 0;
			if (b->o->stacking == STACK_NONE) {
				b->start[at] = 0;
				b->end[at] = v;
			} else if (v >= 0) {
				b->start[at] = pos;
				b->end[at] = pos += v;
			} else {
				b->start[at] = neg;
				b->end[at] = neg += v;
			}
		}
	}
}

/* ---- text ---------------------------------------------------------------- */

/* Days since 1970-01-01 → civil date (proleptic Gregorian; H. Hinnant's
 * days_from_civil inverted). */
static void civil(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* A time category in the panel's zone, in Grafana's interval formats
 * picked by the step between the first two times; no allocation. */
static void time_label(const struct bc *b, double ms, char *buf, size_t cap)
{
	double secs = floor(ms / 1000);
	if (!(fabs(secs) < 8.64e12)) {
		g_strlcpy(buf, "", cap);
		return;
	}
	gint64 t = (gint64)secs;
	if (b->tz)
		t += g_time_zone_get_offset(
		        b->tz, g_time_zone_find_interval(b->tz, G_TIME_TYPE_UNIVERSAL, t));
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), y;
	int64_t sod = t - days * 86400;
	int mo, d, hh = (int)(sod / 3600), mm = (int)(sod / 60 % 60), ss = (int)(sod % 60);
	civil(days, &y, &mo, &d);
	double st = b->x_step;
	if (st < 60)
		snprintf(buf, cap, "%02d:%02d:%02d", hh, mm, ss);
	else if (st < 86400)
		snprintf(buf, cap, "%02d/%02d %02d:%02d", mo, d, hh, mm);
	else if (st < 2592000)
		snprintf(buf, cap, "%02d/%02d", mo, d);
	else if (st < 31536000)
		snprintf(buf, cap, "%04lld-%02d", (long long)y, mo);
	else
		snprintf(buf, cap, "%04lld", (long long)y);
}

static void x_label(const struct bc *b, size_t k, char *buf, size_t cap)
{
	const struct tfield *x = b->x;
	if (x->type == TF_STRING) {
		g_strlcpy(buf, x->str[k] ? x->str[k] : "", cap);
	} else if (x->type == TF_TIME && isfinite(x->num[k])) {
		time_label(b, x->num[k], buf, cap);
	} else {
		units_format_str(b->xfc.unit, x->num[k], b->xfc.decimals, buf, cap);
	}
	/* Grafana's shortenValue: the first N UTF-16 units + "..." (counted
	 * here in characters) */
	int max = b->o->x_tick_max_length;
	if (max > 0 && g_utf8_strlen(buf, -1) > max) {
		char *cut = g_utf8_offset_to_pointer(buf, max);
		size_t at = (size_t)(cut - buf);
		if (at + 4 <= cap)
			memcpy(buf + at, "...", 4);
	}
}

static void value_text(const struct bc *b, const struct bfield *f, double v, char *buf, size_t cap)
{
	struct field_config fc = f->fc;
	if (b->o->stacking == STACK_PERCENT)
		g_strlcpy(fc.unit, "percentunit", sizeof fc.unit);
	struct display_field df = {.fc = &fc, .series_color = f->color};
	display_range(&fc, f->lo, f->hi, &df.min, &df.max);
	struct display_value dv;
	display_number(b->env->th, &df, v, &dv);
	display_join(&dv, buf, cap);
}

/* The colour bar k of field i is filled with (and its opacity). */
static uint32_t bar_color(const struct bc *b, size_t i, size_t k, double *opacity)
{
	const struct bfield *src = b->cf ? &b->cfield : b->per_bar ? &b->f[i] : NULL;
	*opacity = b->f[i].fc.custom.fill_opacity / 100;
	if (!src)
		return b->f[i].color;
	*opacity = (b->cf ? b->cfield.fc : b->f[0].fc).custom.fill_opacity / 100;
	struct display_field df = {.fc = &src->fc, .series_color = src->color};
	display_range(&src->fc, src->lo, src->hi, &df.min, &df.max);
	struct display_value dv;
	display_number(b->env->th, &df, src->f->num[k], &dv);
	return dv.color;
}

/* ---- geometry ------------------------------------------------------------ */

/* Bar k of field i in px (w/h 0 when it has no value). */
static struct rect bar_rect(const struct bc *b, size_t i, size_t k)
{
	double off, dim;
	size_t at = i * b->len + k;
	struct rect p = b->plot;
	if (isnan(b->end[at]))
		return (struct rect){0, 0, 0, 0};
	barchart_slot(b->o, b->len, k, b->nf, i, b->nf == 1, &off, &dim);
	double f0 = fmax(-0.01, fmin(1.01, bars_scale_frac(&b->vs, b->start[at])));
	double f1 = fmax(-0.01, fmin(1.01, bars_scale_frac(&b->vs, b->end[at])));
	if (b->vs.log && !(b->start[at] > 0))
		f0 = 0;
	if (b->horiz) {
		double y = round(p.y + off * p.h), h = round(dim * p.h);
		double x0 = round(p.x + fmin(f0, f1) * p.w), x1 = round(p.x + fmax(f0, f1) * p.w);
		return (struct rect){x0, y, x1 - x0, h};
	}
	double x = round(p.x + off * p.w), w = round(dim * p.w);
	double y0 = round(p.y + p.h - fmax(f0, f1) * p.h), y1 = round(p.y + p.h - fmin(f0, f1) * p.h);
	return (struct rect){x, y0, w, y1 - y0};
}

static double category_centre(const struct bc *b, size_t k)
{
	double off, dim;
	/* the group's slot whatever the bars in it */
	double gw = b->o->stacking != STACK_NONE ? b->o->bar_width
	            : b->nf == 1                 ? b->o->bar_width
	                                         : b->o->group_width;
	bars_distribute(b->len, gw, k, &off, &dim);
	return b->horiz ? b->plot.y + (off + dim / 2) * b->plot.h
	                : b->plot.x + (off + dim / 2) * b->plot.w;
}

bool barchart_tick_shown(const struct barchart_opts *o, size_t n, size_t k, double plot_w,
                         bool horizontal)
{
	double sp = o->x_tick_spacing;
	if (sp == 0 || horizontal)
		return true;
	double max_ticks = fabs(floor(plot_w / sp));
	size_t skip = (double)n < max_ticks || max_ticks == 0 ? 0 : (size_t)ceil((double)n / max_ticks);
	if (skip == 0)
		return true;
	return (sp > 0 ? k : n - 1 - k) % skip == 0;
}

static bool label_shown(const struct bc *b, size_t k)
{
	return barchart_tick_shown(b->o, b->len, k, b->plot.w, b->horiz);
}

/* ---- layout -------------------------------------------------------------- */

static double widest_x_label(struct bc *b, double *last_w, double *first_w)
{
	double w = 0, lw = 0;
	char buf[160];
	for (size_t k = 0; k < b->len; k++) {
		x_label(b, k, buf, sizeof buf);
		text_measure(b->env->tx, buf, BARS_AXIS_PX, TEXT_REGULAR, &lw, NULL);
		w = fmax(w, lw);
		if (k == 0)
			*first_w = lw;
		*last_w = lw;
	}
	return ceil(w);
}

static void value_extent(const struct bc *b, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < b->nf * b->len; i++) {
		if (isnan(b->end[i]))
			continue;
		double e = b->end[i];
		if (b->vs.log && !(e > 0))
			continue;
		*lo = fmin(*lo, e);
		*hi = fmax(*hi, e);
	}
}

static enum bars_side value_side(const struct bc *b)
{
	bool right = b->f[0].fc.custom.axis_placement == AXIS_RIGHT;
	if (b->horiz)
		return right ? BARS_TOP : BARS_BOTTOM;
	return right ? BARS_RIGHT : BARS_LEFT;
}

static void make_scale(struct bc *b, double px)
{
	struct field_config fc = b->f[0].fc;
	const char *unit = NULL;
	/* percent stacks: the fractions' tops padded as any data (1.05 over
	 * tops from 0.6 to 1), as uPlot ranges them */
	if (b->o->stacking == STACK_PERCENT)
		unit = "percentunit";
	double lo, hi;
	b->vs.log = fc.custom.scale == SCALE_LOG;
	value_extent(b, &lo, &hi);
	bars_scale_init(&b->vs, isfinite(lo) ? lo : NAN, isfinite(hi) ? hi : NAN, &fc, true, unit,
	                px, b->horiz ? BARS_X_SPACE : TS_Y_SPACE);
}

/* The plot: content less the legend, the value axis (ticks first, then the
 * labels' width) and the category axis (labels' width or height, rotated
 * labels' extra room). */
static void layout(struct bc *b, struct rect c, struct rect legend, bool legend_right)
{
	struct text *tx = b->env->tx;
	bool val_hidden = b->f[0].fc.custom.axis_placement == AXIS_HIDDEN;
	bool cat_hidden = b->xfc.custom.axis_placement == AXIS_HIDDEN;
	double lh, last_w = 0, first_w = 0;
	text_measure(tx, "0", BARS_AXIS_PX, TEXT_REGULAR, NULL, &lh);
	double cat_w = widest_x_label(b, &last_w, &first_w);
	struct rect a = c;
	if (legend.w > 0 && legend.h > 0) {
		if (legend_right)
			a.w = legend.x - a.x;
		else
			a.h = legend.y - a.y;
	}
	double top = a.y + TS_PLOT_PAD_TOP, bottom = a.y + a.h, left = a.x,
	       right = a.x + a.w - TS_PLOT_PAD_RIGHT;
	const char *vlabel = b->f[0].fc.custom.axis_label, *xlabel = b->xfc.custom.axis_label;
	double title = ceil(lh) + TS_AXIS_TITLE_PAD;
	/* nothing under the plot (no legend, or one on the right): it reaches
	 * down to uPlot's bare bottom axis, not to a bottom legend's margin */
	double x_axis_h = legend.w > 0 && legend.h > 0 && !legend_right ? TS_X_AXIS_H
	                                                                : BARS_X_AXIS_BARE;
	if (b->horiz) {
		if (!cat_hidden)
			left += ceil(TICK_SIZE + BARS_X_GAP + cat_w) + (xlabel && *xlabel ? title : 0);
		if (!val_hidden)
			bottom -= x_axis_h + (vlabel && *vlabel ? title : 0);
		make_scale(b, right - left);
	} else {
		if (!cat_hidden) {
			/* the time axis' measured band, with the 15 px gap for its 5 */
			bottom -= x_axis_h + (BARS_X_GAP - 5) + (xlabel && *xlabel ? title : 0);
			double rot = b->o->x_tick_rotation * M_PI / 180;
			/* rotated labels: Grafana sets uPlot's padding itself,
			 * the right one the last label's run past its tick (0
			 * when turned the other way) */
			if (rot != 0) {
				bottom -= fmax(0, sin(fabs(rot)) * cat_w - ROT_BTM_SPACE);
				right = a.x + a.w - (rot > 0 ? cos(rot) * last_w : 0);
				/* and its top one: the plot top comes out 4 px lower
				 * than with uPlot's own padding, whatever the angle
				 * (measured beside Grafana at -90, -45 and 30) */
				top += ROT_TOP_EXTRA;
			}
		}
		make_scale(b, bottom - top);
		if (!val_hidden) {
			double w = bars_scale_label_w(tx, &b->vs) + TS_Y_AXIS_EXTRA +
			           (vlabel && *vlabel ? title : 0);
			if (value_side(b) == BARS_RIGHT)
				right = a.x + a.w - w;
			else
				left += w;
		}
	}
	left = floor(left) + 0.5;
	right = floor(right) + 0.5;
	top = floor(top) + 0.5;
	bottom = floor(bottom) + 0.5;
	b->plot = (struct rect){left, top, fmax(1, right - left), fmax(1, bottom - top)};
}

/* ---- painting ------------------------------------------------------------ */

static void draw_category_axis(cairo_t *cr, struct bc *b)
{
	struct text *tx = b->env->tx;
	struct rect p = b->plot;
	double lh;
	char buf[160];
	if (b->xfc.custom.axis_placement == AXIS_HIDDEN)
		return;
	text_measure(tx, "0", BARS_AXIS_PX, TEXT_REGULAR, NULL, &lh);
	double rot = b->o->x_tick_rotation;
	for (size_t k = 0; k < b->len; k++) {
		if (!label_shown(b, k))
			continue;
		x_label(b, k, buf, sizeof buf);
		double at = category_centre(b, k);
		if (b->horiz) {
			text_draw(tx, cr, buf, BARS_AXIS_PX, TEXT_REGULAR, p.x - BARS_X_GAP, at - lh / 2,
			          0, ALIGN_RIGHT, b->env->th->text);
		} else if (rot == 0) {
			text_draw(tx, cr, buf, BARS_AXIS_PX, TEXT_REGULAR, at, p.y + p.h + BARS_X_GAP, 0,
			          ALIGN_CENTER, b->env->th->text);
		} else {
			/* Grafana hands uPlot rotate = -xTickLabelRotation, which
			 * turns the canvas by the option's angle: > 0 clockwise,
			 * starting at the tick and reading down; < 0 reading up
			 * towards the tick it ends at; middle on the anchor */
			cairo_save(cr);
			cairo_translate(cr, at, p.y + p.h + BARS_X_GAP);
			cairo_rotate(cr, rot * M_PI / 180);
			text_draw(tx, cr, buf, BARS_AXIS_PX, TEXT_REGULAR, 0, -lh / 2, 0,
			          rot > 0 ? ALIGN_LEFT : ALIGN_RIGHT, b->env->th->text);
			cairo_restore(cr);
		}
	}
	const char *xl = b->xfc.custom.axis_label;
	if (xl && *xl) {
		if (b->horiz)
			bars_draw_axis_title(cr, tx, xl, p, BARS_LEFT, BARS_X_GAP + 4 +
			                     (p.x - BARS_X_GAP - b->plot.x), b->env->th->text);
		else
			bars_draw_axis_title(cr, tx, xl, p, BARS_BOTTOM, BARS_X_GAP + lh + 4,
			                     b->env->th->text);
	}
}

static void draw_value_axis(cairo_t *cr, struct bc *b)
{
	const struct bfield *f0 = &b->f[0];
	if (f0->fc.custom.axis_placement == AXIS_HIDDEN)
		return;
	uint32_t color = f0->fc.custom.axis_color_series ? f0->color : b->env->th->text;
	enum bars_side side = value_side(b);
	bars_draw_value_axis(cr, b->env->tx, b->env->th, &b->vs, b->plot, side, color);
	const char *l = f0->fc.custom.axis_label;
	if (!l || !*l)
		return;
	double off = side == BARS_BOTTOM || side == BARS_TOP
	                     ? TS_X_AXIS_H
	                     : bars_scale_label_w(b->env->tx, &b->vs) + TS_Y_AXIS_EXTRA;
	bars_draw_axis_title(cr, b->env->tx, l, b->plot, side, off, color);
}

/* Which end of bar i,k holds its value (for the radius). */
static enum bar_end value_end(const struct bc *b, size_t at)
{
	bool neg = b->end[at] < b->start[at];
	if (b->horiz)
		return neg ? BAR_END_LEFT : BAR_END_RIGHT;
	return neg ? BAR_END_BOTTOM : BAR_END_TOP;
}

static void draw_bars(cairo_t *cr, struct bc *b)
{
	struct rect p = b->plot;
	cairo_save(cr);
	cairo_rectangle(cr, p.x - 0.5, p.y - 0.5, p.w + 1, p.h + 1);
	cairo_clip(cr);
	for (size_t i = 0; i < b->nf; i++) {
		const struct bfield *f = &b->f[i];
		/* stacked: only the top series is rounded; percent: none */
		bool rounded = b->o->stacking == STACK_NONE ||
		               (b->o->stacking == STACK_NORMAL && i + 1 == b->nf);
		for (size_t k = 0; k < b->len; k++) {
			struct rect r = bar_rect(b, i, k);
			if (!(r.w > 0) && !(r.h > 0))
				continue;
			double op;
			uint32_t color = bar_color(b, i, k, &op);
			double thick = b->horiz ? r.h : r.w;
			struct bar_paint bp = {.color = color, .fill_opacity = op,
			                       .gradient = b->per_bar || b->cf ? GRADIENT_NONE
			                                                       : f->fc.custom.gradient,
			                       .line_width = f->fc.custom.line_width,
			                       .radius = rounded ? round(b->o->bar_radius * thick) : 0,
			                       .end = value_end(b, i * b->len + k), .plot = p};
			bars_paint(cr, r, &bp);
		}
	}
	cairo_restore(cr);
}

/* The value a bar's label shows: its own, or its share of a percent stack. */
static double bar_value(const struct bc *b, size_t i, size_t k)
{
	size_t at = i * b->len + k;
	return b->o->stacking == STACK_PERCENT ? b->end[at] - b->start[at] : b->f[i].f->num[k];
}

/* calculateFontSize: how large text (measured at 14 px) fits w × h. */
static double fit_size(struct text *tx, const char *s, double w, double h)
{
	double tw;
	text_measure(tx, s, 14, TEXT_REGULAR, &tw, NULL);
	return fmin(h, w / (tw + 2) * 14);
}

/* The labels' offset and size (0 = none shown), as bars.ts decides them
 * over every bar before drawing any. */
static void label_size(struct bc *b, double *offset)
{
	struct rect p = b->plot;
	double hspace = INFINITY, vspace = INFINITY, size = b->o->value_size > 0 ? b->o->value_size
	                                                                         : VALUE_MAX_PX;
	*offset = b->horiz ? 10 : 5;
	char buf[192];
	b->label_px = 0;
	if (b->o->show_value == BARVAL_NEVER)
		return;
	for (size_t i = 0; i < b->nf; i++)
		for (size_t k = 0; k < b->len; k++) {
			struct rect r = bar_rect(b, i, k);
			size_t at = i * b->len + k;
			if (isnan(b->end[at]))
				continue;
			bool neg = b->end[at] < b->start[at];
			if (b->horiz) {
				vspace = r.h;
				hspace = fmin(hspace, neg ? r.x - p.x : p.x + p.w - (r.x + r.w));
				*offset = fmin(*offset, round(0.15 * r.h));
			} else {
				hspace = r.w;
				vspace = fmin(vspace, neg ? p.y + p.h - (r.y + r.h) : r.y - p.y);
				*offset = fmin(*offset, round(0.1 * r.w));
			}
			if (b->o->value_size > 0)
				continue;
			value_text(b, &b->f[i], bar_value(b, i, k), buf, sizeof buf);
			double fit = b->horiz ? fit_size(b->env->tx, buf, hspace - *offset, vspace * VALUE_FIT)
			                      : fit_size(b->env->tx, buf, hspace * VALUE_FIT, vspace - *offset);
			size = round(fmin(size, fmin(VALUE_MAX_PX, fit)));
		}
	if (b->o->value_size <= 0 && size < VALUE_MIN_PX && b->o->show_value != BARVAL_ALWAYS)
		return;
	b->label_px = fmax(1, size);
}

static bool overlaps(const struct rect *done, size_t n, struct rect r)
{
	for (size_t i = 0; i < n; i++)
		if (r.x < done[i].x + done[i].w && done[i].x < r.x + r.w && r.y < done[i].y + done[i].h &&
		    done[i].y < r.y + r.h)
			return true;
	return false;
}

static void draw_values(cairo_t *cr, struct bc *b)
{
	double offset, tw, th;
	label_size(b, &offset);
	if (b->label_px <= 0)
		return;
	struct text *tx = b->env->tx;
	double base = text_baseline(tx, b->label_px, TEXT_REGULAR);
	struct rect *done = g_new(struct rect, b->nf * b->len);
	size_t n_done = 0;
	char buf[192];
	for (size_t i = 0; i < b->nf; i++)
		for (size_t k = 0; k < b->len; k++) {
			size_t at = i * b->len + k;
			if (isnan(b->end[at]))
				continue;
			struct rect r = bar_rect(b, i, k);
			bool neg = b->end[at] < b->start[at];
			value_text(b, &b->f[i], bar_value(b, i, k), buf, sizeof buf);
			text_measure(tx, buf, b->label_px, TEXT_REGULAR, &tw, &th);
			/* Grafana: vertical bars' labels stand on their baseline
			 * `offset` above the bar (hang from their top below a negative
			 * one); horizontal bars' labels are middled 10 % of the size
			 * low, where numbers look centred */
			struct rect box;
			if (b->horiz)
				box = (struct rect){neg ? r.x - offset - tw : r.x + r.w + offset,
				                    r.y + r.h / 2 - th / 2 + round(0.1 * b->label_px), tw,
				                    th};
			else
				box = (struct rect){r.x + r.w / 2 - tw / 2,
				                    neg ? r.y + r.h + offset : r.y - offset - base, tw, th};
			box.y = fmax(box.y, 0);
			if (overlaps(done, n_done, box))
				continue;
			done[n_done++] = box;
			text_draw(tx, cr, buf, b->label_px, TEXT_REGULAR, box.x, box.y, 0, ALIGN_LEFT,
			          b->env->th->text);
		}
	g_free(done);
}

static size_t legend_entries(const struct bc *b, struct legend_entry *e)
{
	size_t n = 0;
	bool table = b->p->legend.mode == LEGEND_TABLE && b->p->legend.calcs;
	double(*vals)[LEGEND_MAX_CALCS] = g_malloc0_n(b->nf, sizeof *vals);
	for (size_t i = 0; i < b->nf; i++) {
		const struct bfield *f = &b->f[i];
		if (f->fc.custom.hide_in_legend)
			continue;
		e[n].name = f->name;
		e[n].color = f->color;
		if (table) {
			legend_calcs(f->f->num, b->len, vals[n]);
			for (size_t k = 0; k < LEGEND_MAX_CALCS; k++)
				units_format_str(f->fc.unit, vals[n][k], f->fc.decimals, e[n].cells[k],
				                 LEGEND_CELL);
		}
		n++;
	}
	legend_sort(&b->p->legend, e, vals, n);
	g_free(vals);
	return n;
}

static void draw_all(cairo_t *cr, struct bc *b, struct rect c)
{
	struct text *tx = b->env->tx;
	struct text_measurer m = text_measurer(tx);
	struct legend_entry *e = g_new0(struct legend_entry, b->nf);
	struct legend_slot *slots = g_new0(struct legend_slot, b->nf);
	struct legend_spec sp = {.opts = &b->p->legend, .e = e};
	sp.n = legend_entries(b, e);
	struct legend_layout lay;
	legend_layout(&sp, c, &m, &lay, slots);
	stack_values(b);
	layout(b, c, lay.box, b->p->legend.placement == LEGEND_RIGHT);
	draw_value_axis(cr, b);
	draw_category_axis(cr, b);
	/* one set per scale, the first field's (UPlotConfigBuilder.addThresholds) */
	bars_draw_thresholds(cr, b->env->th, &b->f[0].fc, &b->vs, b->plot, !b->horiz);
	draw_bars(cr, b);
	draw_values(cr, b);
	legend_draw(cr, tx, b->env->th, &sp, &lay, slots);
	g_free(e);
	g_free(slots);
}

void barchart_draw(cairo_t *cr, const struct barchart_env *env, const struct panel_job *job,
                   struct rect content, struct cairn_err *note)
{
	struct bc b = {.env = env, .p = job->panel, .o = &job->panel->barchart};
	struct cairn_err err = {0};
	b.horiz = barchart_horizontal(b.o->orientation, job->box.w, job->box.h);
	const char *msg = prepare(&b, job, note, &err);
	if (err.code == CAIRN_ETIMEOUT) {
		*note = err;
	} else if (err.code) {
		chrome_error(cr, env->tx, env->th, content, err.msg);
	} else if (msg) {
		chrome_message(cr, env->tx, env->th, content, msg);
	} else {
		struct cairn_err zerr = {0};
		b.tz = timerange_zone_open(env->tz, &zerr);
		if (b.x->type == TF_TIME && b.len > 1)
			b.x_step = fabs(b.x->num[1] - b.x->num[0]) / 1000;
		draw_all(cr, &b, content);
		if (b.tz)
			g_time_zone_unref(b.tz);
	}
	g_free(b.start);
	g_free(b.end);
	g_free(b.f);
	tframes_fini(&b.fs);
}
