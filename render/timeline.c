/*
 * timeline.c — the state-timeline and status-history panels (timeline.h)
 * after Grafana 10.4's TimelineChart: rows laid out as its "space between"
 * distribution of rowHeight, boxes rounded to device pixels as its canvas
 * code rounds them (every box at least one pixel wide), filled in the
 * value's colour at fillOpacity and stroked at lineWidth, the value's text
 * inside when it fits (Grafana's character-count rule), row names on the
 * left, time ticks with grid lines under the rows, and the legend.
 *
 * Boxes narrower than a pixel: a box that lies wholly inside the pixels
 * already painted in its row is skipped, so a row paints at most about one
 * rectangle per device pixel column plus one per wider box, whatever the
 * sample count (Grafana paints every one of them over the same pixels).
 * The plot's paddings are the time series' (both are uPlot charts from the
 * same config builder); edges, rows, cells, ticks and texts were checked
 * pixel for pixel against Grafana's own TimelineChart code run in a copy of
 * grafana-ref (tests/cli/grafana-ref-timeline/).
 */
#include "render/timeline.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "render/chrome.h"
#include "render/legend_draw.h"
#include "render/ticks.h"
#include "render/timeseries.h"
#include "render/tlrows.h"

#define AXIS_PX 12.0

struct tl {
	const struct timeline_env *env;
	const struct panel_job *job;
	const struct cairn_panel *p;
	bool samples;             /* status-history: a cell per sample */
	struct tl_field *rows;    /* every series (the legend's) */
	size_t n;
	const struct tl_field **vis; /* the rows drawn: series not hidden from the viz
	                                (GraphNG's omitHideFromViz) */
	size_t n_vis;
	double from, to;          /* the x scale, unix s */
	double step;              /* the data's step, s */
	struct rect plot;         /* user px, edges on whole device pixels */
	double s, ox, oy;         /* device px per user px; device position of user 0,0 */
	double px_per_char;       /* device px Grafana counts per character of box text */
	struct time_axis tax;
};

/* ---- device pixels ------------------------------------------------------ */

static double dev_x(const struct tl *t, double x)
{
	return x * t->s + t->ox;
}

static double user_x(const struct tl *t, double dx)
{
	return (dx - t->ox) / t->s;
}

static double user_y(const struct tl *t, double dy)
{
	return (dy - t->oy) / t->s;
}

static double time_x(const struct tl *t, double time)
{
	return t->plot.x + (time - t->from) / (t->to - t->from) * t->plot.w;
}

/* Row i of the plot, in device px: Grafana's distribute(SPACE_BETWEEN) of
 * rowHeight, a single row taking the whole height (TimelineChart). */
struct row_geom {
	double top, h, mid; /* device px, whole */
};

static struct row_geom row_geom(const struct tl *t, size_t i)
{
	double rh = t->n_vis > 1 ? t->p->timeline.row_height : 1;
	double gap = t->n_vis > 1 ? (1 - rh) / (double)(t->n_vis - 1) : 0;
	double iw = rh / (double)t->n_vis;
	double dim = t->plot.h * t->s, y0 = dim * ((double)i * (iw + gap)), h = dim * iw;
	double top = round(t->plot.y * t->s + t->oy);
	return (struct row_geom){round(top + y0), round(h), top + round(y0 + h / 2)};
}

/* ---- colours --------------------------------------------------------------- */

/* Grafana's getFillColor: a colour with its own alpha (#RRGGBBAA) keeps it,
 * any other takes fillOpacity. */
static uint32_t fill_color(uint32_t c, double opacity)
{
	if ((c & 0xff) != 0xff)
		return c;
	double a = fmax(0, fmin(1, opacity / 100));
	return (c & 0xffffff00u) | (uint32_t)lround(a * 255);
}

static double channel_lum(double v)
{
	v /= 255;
	return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* theme.colors.getContrastText(fill, 3): white when white on the fill
 * (blended over the panel background) has a contrast ratio of 3 or more,
 * else black. */
static uint32_t contrast_text(const struct theme *th, uint32_t fill)
{
	double a = (fill & 0xff) / 255.0, rgb[3];
	for (int i = 0; i < 3; i++) {
		int sh = 24 - 8 * i;
		double c = (fill >> sh) & 0xff, b = (th->panel_bg >> sh) & 0xff;
		rgb[i] = channel_lum(c * a + b * (1 - a));
	}
	double l = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
	return 1.05 / (l + 0.05) >= 3 ? 0xFFFFFFFFu : 0x000000FFu;
}

/* ---- one row ------------------------------------------------------------- */

struct row_paint {
	const struct tl *t;
	cairo_t *cr;
	const struct tl_field *f;
	struct row_geom g;
	double lw;        /* stroke width, device px */
	double covered;   /* device x up to which this row is painted */
	double plot_l, plot_r; /* the plot's edges, device px */
	double text_h;    /* line height of box text, user px */
};

/* The first max_chars characters of s into buf (Grafana's txt.slice). */
static void slice_chars(const char *s, long max_chars, char *buf, size_t cap)
{
	const char *end = s;
	for (long i = 0; i < max_chars && *end; i++)
		end = g_utf8_next_char(end);
	size_t len = (size_t)(end - s);
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

static void box_text(const struct row_paint *rp, double left, double w, uint32_t fill,
                     const struct display_value *d)
{
	const struct tl *t = rp->t;
	const struct timeline_opts *o = &t->p->timeline;
	long max_chars = (long)floor(w / t->px_per_char);
	if (o->show_value == TL_SHOW_NEVER || max_chars < 1 ||
	    (o->show_value == TL_SHOW_AUTO && max_chars < 2))
		return;
	char full[256], txt[256];
	display_join(d, full, sizeof full);
	slice_chars(full, max_chars, txt, sizeof txt);
	enum text_align align = ALIGN_CENTER;
	double x = round(left + w / 2);
	if (!t->samples && o->align_value == TL_ALIGN_LEFT) {
		align = ALIGN_LEFT;
		x = round(left + rp->lw + TL_TEXT_PAD);
	} else if (!t->samples && o->align_value == TL_ALIGN_RIGHT) {
		align = ALIGN_RIGHT;
		x = round(left + w - rp->lw - TL_TEXT_PAD);
	}
	/* text wholly outside the plot is clipped away: not laid out at all
	 * (a box reaching far past the plot puts it millions of px off) */
	double reach = (double)g_utf8_strlen(txt, -1) * t->px_per_char;
	if (x + reach < rp->plot_l || x - reach > rp->plot_r)
		return;
	text_draw(t->env->tx, rp->cr, txt, TL_VALUE_PX, TEXT_MEDIUM, user_x(t, x),
	          user_y(t, rp->g.mid) - rp->text_h / 2, 0, align,
	          contrast_text(t->env->th, fill));
}

/* One box, device px [left, left + w) (w >= 1), showing sample k. */
static void paint_box(struct row_paint *rp, double left, double w, size_t k)
{
	const struct tl *t = rp->t;
	if (left + w <= rp->covered || left >= rp->plot_r || left + w <= rp->plot_l)
		return; /* inside pixels this row already painted, or off the plot */
	rp->covered = fmax(rp->covered, left + w);
	struct display_value d;
	tlrows_display(t->env->th, rp->f, tlrows_value(rp->f, k), &d);
	uint32_t fill = fill_color(d.color, rp->f->f->fc.custom.fill_opacity);
	cairo_t *cr = rp->cr;
	double s = t->s;
	/* cut to just past the plot (its clip hides the rest; Cairo's fixed
	 * point does not reach a box millions of px long), the stroke's edges
	 * outside the cut */
	double margin = 2 * rp->lw + 2;
	double x0 = fmax(left, rp->plot_l - margin), x1 = fmin(left + w, rp->plot_r + margin);
	theme_set_source(cr, fill);
	cairo_rectangle(cr, user_x(t, x0), user_y(t, rp->g.top), (x1 - x0) / s, rp->g.h / s);
	cairo_fill(cr);
	if (rp->lw > 0) {
		theme_set_source(cr, d.color);
		cairo_set_line_width(cr, rp->lw / s);
		cairo_rectangle(cr, user_x(t, x0 + rp->lw / 2), user_y(t, rp->g.top + rp->lw / 2),
		                (x1 - x0 - rp->lw) / s, (rp->g.h - rp->lw) / s);
		cairo_stroke(cr);
	}
	box_text(rp, left, w, fill, &d);
}

/* state-timeline: a box from Grafana's rounded start to its rounded end (a
 * box running to the end ends past the plot by its stroke). */
static void on_box(void *ctx, const struct tl_box *b)
{
	struct row_paint *rp = ctx;
	const struct tl *t = rp->t;
	double left = round(dev_x(t, time_x(t, b->t0)));
	double right = isinf(b->t1) ? rp->plot_r + rp->lw : round(dev_x(t, time_x(t, b->t1)));
	paint_box(rp, left, fmax(1, right - left), b->k);
}

/* status-history: a cell of colWidth of the step, centred on each sample. */
static void paint_samples(struct row_paint *rp)
{
	const struct tl *t = rp->t;
	const struct series *s = rp->f->s;
	double col = t->step / (t->to - t->from) * t->plot.w * t->s;
	double bar = round(col * t->p->timeline.col_width - rp->lw);
	for (size_t k = 0; k < s->n; k++) {
		if (isnan(tlrows_value(rp->f, k)) && !rp->f->null_mapped)
			continue;
		double left = round(dev_x(t, time_x(t, s->t[k])) - bar / 2);
		paint_box(rp, left, fmax(1, bar), k);
	}
}

static void paint_rows(cairo_t *cr, const struct tl *t)
{
	struct rect p = t->plot;
	double lh;
	text_measure(t->env->tx, "0", TL_VALUE_PX, TEXT_MEDIUM, NULL, &lh);
	struct tl_walk w = {.merge = t->p->timeline.merge_values, .step = t->step, .to = t->to};
	cairo_save(cr);
	cairo_rectangle(cr, p.x, p.y, p.w, p.h);
	cairo_clip(cr);
	for (size_t i = 0; i < t->n_vis; i++) {
		struct cairn_err late = {0};
		if (budget_check_deadline(t->env->budget, &late))
			break; /* the panel is past its deadline: what is drawn stays */
		const struct tl_field *f = t->vis[i];
		struct row_paint rp = {.t = t, .cr = cr, .f = f, .g = row_geom(t, i),
		                       .lw = round(f->f->fc.custom.line_width * t->s),
		                       .covered = -INFINITY, .plot_l = dev_x(t, p.x),
		                       .plot_r = dev_x(t, p.x + p.w),
		                       .text_h = lh};
		if (t->samples)
			paint_samples(&rp);
		else
			tlrows_changes(f, &w, on_box, &rp);
	}
	cairo_restore(cr);
}

/* ---- axes ------------------------------------------------------------------ */

static bool labels_hidden(const struct tl *t)
{
	return t->n_vis == 0 || t->vis[0]->f->fc.custom.axis_placement == AXIS_HIDDEN;
}

/* The row names' axis width: uPlot's size (tick size + gap + widest label). */
static double label_axis_w(const struct tl *t)
{
	if (labels_hidden(t))
		return 0;
	double w = 0;
	for (size_t i = 0; i < t->n_vis; i++) {
		double lw;
		text_measure(t->env->tx, t->vis[i]->f->name, AXIS_PX, TEXT_REGULAR, &lw, NULL);
		w = fmax(w, lw);
	}
	return ceil(w + TL_AXIS_EXTRA + TL_LABEL_GAP);
}

/* status-history's ticks: at samples, every ceil(found step / data step)-th
 * (TimelineChart's xSplits in samples mode), labelled in the found step's
 * format. */
static void sample_ticks(struct tl *t)
{
	const struct series *s = t->rows[0].s;
	double found = t->tax.step;
	t->tax.n = 0;
	if (!(found > 0) || !(t->step > 0))
		return;
	size_t skip = (size_t)fmin(1e9, fmax(1, ceil(found / t->step - 1e-9)));
	for (size_t k = 0; k < s->n && t->tax.n < TICKS_MAX; k += skip) {
		double v = s->t[k];
		if (v < t->from || v > t->to)
			continue;
		struct tick *tk = &t->tax.ticks[t->tax.n++];
		tk->value = v;
		ticks_time_label(v, found, t->from, t->to, t->env->tz, tk->label, sizeof tk->label);
	}
}

static void time_ticks(struct tl *t)
{
	struct text *tx = t->env->tx;
	char sample[48];
	double space = TS_X_SPACE, w;
	if (ticks_time_sample_label(t->from, t->to, t->plot.w, t->env->tz, sample, sizeof sample)) {
		text_measure(tx, sample, AXIS_PX, TEXT_REGULAR, &w, NULL);
		space = w + TS_X_LABEL_GAP;
	}
	ticks_time_axis(t->from, t->to, t->plot.w, space, t->env->tz, &t->tax);
	if (t->samples)
		sample_ticks(t);
}

static void paint_axes(cairo_t *cr, const struct tl *t)
{
	struct text *tx = t->env->tx;
	const struct theme *th = t->env->th;
	struct rect p = t->plot;
	double base = text_baseline(tx, AXIS_PX, TEXT_REGULAR), lh;
	text_measure(tx, "0", AXIS_PX, TEXT_REGULAR, NULL, &lh);
	theme_set_source(cr, th->grid);
	cairo_set_line_width(cr, 1);
	for (size_t i = 0; i < t->tax.n; i++) {
		double x = time_x(t, t->tax.ticks[i].value);
		if (x < p.x - 0.5 || x > p.x + p.w + 0.5)
			continue;
		/* uPlot rounds a grid line's position to a pixel */
		cairo_move_to(cr, round(x) + 0.5, p.y);
		cairo_line_to(cr, round(x) + 0.5, p.y + p.h);
	}
	cairo_stroke(cr);
	for (size_t i = 0; i < t->tax.n; i++) {
		double x = time_x(t, t->tax.ticks[i].value);
		if (x < p.x - 0.5 || x > p.x + p.w + 0.5)
			continue;
		/* TS_X_LABEL_BASE is from the time series' bottom edge, a pixel
		 * centre: half a pixel below this plot's */
		text_draw(tx, cr, t->tax.ticks[i].label, AXIS_PX, TEXT_REGULAR, x,
		          p.y + p.h + 0.5 + TS_X_LABEL_BASE - base, 0, ALIGN_CENTER, th->text);
	}
	if (labels_hidden(t))
		return;
	for (size_t i = 0; i < t->n_vis; i++) {
		struct row_geom g = row_geom(t, i);
		text_draw(tx, cr, t->vis[i]->f->name, AXIS_PX, TEXT_REGULAR,
		          p.x - TL_LABEL_GAP - TL_LABEL_NUDGE,
		          user_y(t, g.mid) - lh / 2, 0, ALIGN_RIGHT, th->text);
	}
}

/* ---- layout ---------------------------------------------------------------- */

/* The x scale: the time range; status-history widens it by half a step at
 * an end its samples reach (TimelineChart's xRange). */
static void x_range(struct tl *t)
{
	const struct cairn_result *d = t->job->data;
	t->from = t->job->from;
	t->to = t->job->to;
	t->step = d->step;
	const struct series *s = t->rows[0].s;
	if (!(t->step > 0) && s->n > 1)
		t->step = s->t[1] - s->t[0];
	if (!(t->to > t->from) && s->n) {
		t->from = s->t[0];
		t->to = s->t[s->n - 1];
	}
	if (!(t->to > t->from)) {
		t->from = (isfinite(t->from) ? t->from : 0) - 1;
		t->to = t->from + 2;
	}
	if (!t->samples || !s->n || !(t->step > 0))
		return;
	if (t->from <= s->t[0])
		t->from = s->t[0] - t->step / 2;
	if (t->to >= s->t[s->n - 1])
		t->to = s->t[s->n - 1] + t->step / 2;
}

static struct rect plot_rect(const struct tl *t, struct rect c, const struct legend_layout *lay)
{
	bool legend = lay->box.w > 0 && lay->box.h > 0;
	bool right_legend = legend && t->p->legend.placement == LEGEND_RIGHT;
	double bottom = legend && !right_legend ? lay->box.y - TS_X_AXIS_H
	                                        : c.y + c.h - TL_X_AXIS_BARE;
	double right = (right_legend ? lay->box.x : c.x + c.w) - TS_PLOT_PAD_RIGHT;
	double left = c.x + label_axis_w(t), top = c.y + TS_PLOT_PAD_TOP;
	/* whole device pixels, as uPlot's canvas bbox (the pixel each edge is
	 * in: the time series' edges on pixel centres are the same pixels) */
	left = user_x(t, floor(dev_x(t, left)));
	right = user_x(t, floor(dev_x(t, right)));
	top = user_y(t, floor(top * t->s + t->oy));
	bottom = user_y(t, floor(bottom * t->s + t->oy));
	return (struct rect){left, top, fmax(1, right - left), fmax(1, bottom - top)};
}

static void device_of(struct tl *t, cairo_t *cr)
{
	double x = 0, y = 0, sx = 1, sy = 0;
	cairo_user_to_device(cr, &x, &y);
	cairo_user_to_device_distance(cr, &sx, &sy);
	t->s = sx > 0 ? sx : 1;
	t->ox = x;
	t->oy = y;
}

/* Grafana's pxPerChar: the mean advance of the printable ASCII characters
 * at the box text's size, in device px, rounded up, plus 2.5. */
static double px_per_char(const struct tl *t)
{
	char chars[96];
	for (int i = 0; i < 95; i++)
		chars[i] = (char)(32 + i);
	chars[95] = '\0';
	double w;
	text_measure(t->env->tx, chars, TL_VALUE_PX, TEXT_MEDIUM, &w, NULL);
	return ceil(w / 95 * t->s) + 2.5;
}

static void data_range(const struct cairn_result *d, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < d->n_series; i++)
		for (size_t k = 0; k < d->series[i].n; k++) {
			double v = d->series[i].v[k];
			*lo = v < *lo ? v : *lo;
			*hi = v > *hi ? v : *hi;
		}
	if (!(*hi >= *lo))
		*lo = *hi = NAN;
}

static void make_rows(struct tl *t)
{
	const struct cairn_result *d = t->job->data;
	double lo, hi;
	data_range(d, &lo, &hi);
	t->n = d->n_series;
	t->rows = g_new0(struct tl_field, t->n);
	t->vis = g_new0(const struct tl_field *, t->n);
	for (size_t i = 0; i < t->n; i++) {
		struct tl_field *f = &t->rows[i];
		f->s = &d->series[i];
		f->f = &t->env->fields[i];
		display_range(&f->f->fc, lo, hi, &f->min, &f->max);
		tlrows_field(f, t->p->timeline.merge_values);
		if (fields_visible(f->f))
			t->vis[t->n_vis++] = f;
	}
}

/* Legend entries from the items; 0 when the legend is off or has none. */
static size_t legend_of(const struct tl *t, struct tl_legend_item *items,
                        struct legend_entry *e)
{
	if (!t->p->legend.show)
		return 0;
	size_t n = tlrows_legend(t->env->th, t->rows, t->n, items, TL_LEGEND_MAX);
	for (size_t i = 0; i < n; i++)
		e[i] = (struct legend_entry){.name = items[i].label, .color = items[i].color};
	return n;
}

void timeline_draw(cairo_t *cr, const struct timeline_env *env, const struct panel_job *job,
                   struct rect content)
{
	const struct cairn_result *d = job->data;
	if (!d || d->n_series == 0 || d->status != RESULT_OK || !env->fields) {
		chrome_message(cr, env->tx, env->th, content, "No data");
		return;
	}
	struct tl t = {.env = env, .job = job, .p = job->panel};
	t.samples = job->panel->type && strcmp(job->panel->type, "status-history") == 0;
	device_of(&t, cr);
	make_rows(&t);
	x_range(&t);
	t.px_per_char = px_per_char(&t);
	struct tl_legend_item *items = g_new(struct tl_legend_item, TL_LEGEND_MAX);
	struct legend_entry *e = g_new0(struct legend_entry, TL_LEGEND_MAX);
	struct legend_slot *slots = g_new0(struct legend_slot, TL_LEGEND_MAX);
	struct legend_opts lo = t.p->legend;
	lo.calcs = 0; /* the timeline's legend has no calcs */
	lo.n_calc_order = 0;
	struct legend_spec sp = {.opts = &lo, .e = e, .n = legend_of(&t, items, e)};
	struct legend_layout lay = {0};
	if (sp.n) {
		struct text_measurer m = text_measurer(env->tx);
		legend_layout(&sp, content, &m, &lay, slots);
	}
	t.plot = plot_rect(&t, content, &lay);
	time_ticks(&t);
	paint_axes(cr, &t);
	paint_rows(cr, &t);
	/* VizLegend's readonly items are disabled buttons, which Chromium draws
	 * in its grey for disabled controls, white (dark) or #101010 (light) at
	 * 30 %: Grafana sets no colour of its own there.  The legend draws names
	 * in the theme's text colour, so it gets a theme with that grey. */
	struct theme lth = *env->th;
	lth.text = env->th->kind == THEME_DARK ? 0xFFFFFF4Du : 0x1010104Du;
	if (sp.n)
		legend_draw(cr, env->tx, &lth, &sp, &lay, slots);
	if (env->plot_out)
		*env->plot_out = t.plot;
	g_free(slots);
	g_free(e);
	g_free(items);
	g_free(t.vis);
	g_free(t.rows);
}
