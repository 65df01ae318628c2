/*
 * histogram.c — histogram.h: Grafana 10.4's histogram panel.
 *
 * Buckets follow @grafana/data's buildHistogram: bucket(v) =
 * floor((v - offset) / size) * size + offset; the automatic size is the
 * first of histogramBucketSizes greater than range / bucketCount and not
 * smaller than the smallest gap between two distinct values (1 for a single
 * value); the bounds' decimals are those of the size as JavaScript prints
 * it.  Drawing follows Histogram.tsx: the x scale runs from the first
 * bucket's lower bound to the last one's upper bound, a split at every
 * bucket bound (every ceil(40 px / bucket width)-th), labels thinned so
 * each has its width + 10 px; bars fill their bucket, zero counts are not
 * drawn; the count axis is uPlot's padded range.
 */
#include "render/histogram.h"

#include <glib.h>
#include <math.h>
#include <string.h>
#include "render/bars.h"
#include "transform/tframe.h"
#include "render/chrome.h"
#include "render/legend_draw.h"
#include "render/timeseries.h"
#include "render/units.h"

static const double bucket_sizes[] = {
        1e-9, 2e-9, 2.5e-9, 4e-9, 5e-9, 1e-8, 2e-8, 2.5e-8, 4e-8, 5e-8, 1e-7, 2e-7, 2.5e-7, 4e-7,
        5e-7, 1e-6, 2e-6, 2.5e-6, 4e-6, 5e-6, 1e-5, 2e-5, 2.5e-5, 4e-5, 5e-5, 1e-4, 2e-4, 2.5e-4,
        4e-4, 5e-4, 1e-3, 2e-3, 2.5e-3, 4e-3, 5e-3, 0.01, 0.02, 0.025, 0.04, 0.05, 0.1, 0.2, 0.25,
        0.4, 0.5, 1, 2, 4, 5, 10, 20, 25, 40, 50, 100, 200, 250, 400, 500, 1e3, 2e3, 2500, 4e3,
        5e3, 1e4, 2e4, 2.5e4, 4e4, 5e4, 1e5, 2e5, 2.5e5, 4e5, 5e5, 1e6, 2e6, 2.5e6, 4e6, 5e6, 1e7,
        2e7, 2.5e7, 4e7, 5e7, 1e8, 2e8, 2.5e8, 4e8, 5e8, 1e9, 2e9, 2.5e9, 4e9, 5e9};

#define N_SIZES (sizeof bucket_sizes / sizeof bucket_sizes[0])
#define HG_X_TICK      4.0 /* uPlot's tick size: Histogram.tsx leaves ticks on */

struct extent {
	double min, max;
	size_t count;
};

static struct extent extent_of(const double *const *vals, const size_t *lens, size_t nf)
{
	struct extent e = {INFINITY, -INFINITY, 0};
	for (size_t f = 0; f < nf; f++)
		for (size_t i = 0; i < lens[f]; i++)
			if (isfinite(vals[f][i])) {
				e.min = fmin(e.min, vals[f][i]);
				e.max = fmax(e.max, vals[f][i]);
				e.count++;
			}
	return e;
}

/* Whether two distinct values lie at most s apart.  Since s > range /
 * count, the values fall into at most count + 1 slots of width s: two such
 * values share a slot or sit in neighbouring ones as one's largest and the
 * other's smallest. */
static bool gap_within(const double *const *vals, const size_t *lens, size_t nf,
                       struct extent e, double s, double *lo, double *hi, size_t slots)
{
	for (size_t k = 0; k < slots; k++) {
		lo[k] = INFINITY;
		hi[k] = -INFINITY;
	}
	for (size_t f = 0; f < nf; f++)
		for (size_t i = 0; i < lens[f]; i++) {
			double v = vals[f][i];
			if (!isfinite(v))
				continue;
			size_t k = (size_t)fmin(floor((v - e.min) / s), (double)(slots - 1));
			lo[k] = fmin(lo[k], v);
			hi[k] = fmax(hi[k], v);
		}
	double prev = NAN;
	for (size_t k = 0; k < slots; k++) {
		if (!isfinite(lo[k]))
			continue;
		if (hi[k] > lo[k] || (!isnan(prev) && lo[k] - prev <= s))
			return true;
		prev = hi[k];
	}
	return false;
}

/* The automatic size; 0 when no size fits (every value equal), where
 * Grafana's transformer gives up too. */
static double auto_size(const double *const *vals, const size_t *lens, size_t nf,
                        struct extent e, int count)
{
	double target = (e.max - e.min) / count;
	size_t slots = (size_t)count + 2;
	double *lo = g_new(double, slots), *hi = g_new(double, slots), size = 0;
	for (size_t i = 0; i < N_SIZES && size == 0; i++) {
		double s = bucket_sizes[i];
		if (!(target < s))
			continue;
		/* one value: Grafana's smallest gap is 1 */
		if (e.count == 1 ? s >= 1 : gap_within(vals, lens, nf, e, s, lo, hi, slots))
			size = s;
	}
	g_free(lo);
	g_free(hi);
	return size;
}

/* ("" + size).match(/\.\d+$/)'s length - 1. */
static int size_decimals(double size)
{
	char buf[40];
	units_js_number(size, buf, sizeof buf);
	const char *dot = strrchr(buf, '.');
	if (!dot || !dot[1])
		return 0;
	for (const char *c = dot + 1; *c; c++)
		if (*c < '0' || *c > '9')
			return 0;
	return (int)strlen(dot + 1);
}

void histo_fini(struct histo *h)
{
	g_free(h->x_min);
	g_free(h->counts);
	memset(h, 0, sizeof *h);
}

static double bucket_index(double v, const struct histo *h, double off)
{
	return floor((v - off) / h->size);
}

int histo_build(const double *const *vals, const size_t *lens, size_t nf,
                const struct histogram_opts *o, struct histo *h, struct cairn_err *err)
{
	memset(h, 0, sizeof *h);
	struct extent e = extent_of(vals, lens, nf);
	if (e.count == 0 || nf == 0)
		return 0;
	h->size = o->bucket_size > 0 ? o->bucket_size
	                             : auto_size(vals, lens, nf, e, o->bucket_count > 0 ? o->bucket_count : 30);
	if (!(h->size > 0))
		return 0;
	double off = o->bucket_offset;
	double k0 = bucket_index(e.min, h, off), k1 = bucket_index(e.max, h, off);
	double span = k1 - k0 + 1;
	if (!(span <= HISTOGRAM_MAX_BUCKETS))
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "histogram: bucket size %g makes %.0f buckets, more than the "
		                     "cap of %d",
		                     h->size, span, HISTOGRAM_MAX_BUCKETS);
	size_t K = (size_t)span, nout = o->combine ? 1 : nf;
	if ((double)K * (double)nout > (double)TFRAME_MAX_CELLS)
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "histogram: %zu buckets for %zu series, more than the cap of "
		                     "%zu cells",
		                     K, nout, (size_t)TFRAME_MAX_CELLS);
	double *dense = g_new0(double, K * nout);
	for (size_t f = 0; f < nf; f++)
		for (size_t i = 0; i < lens[f]; i++)
			if (isfinite(vals[f][i])) {
				size_t k = (size_t)(bucket_index(vals[f][i], h, off) - k0);
				dense[(o->combine ? 0 : f) * K + (k < K ? k : K - 1)] += 1;
			}
	h->decimals = size_decimals(h->size);
	h->n_counts = nout;
	bool *keep = g_new0(bool, K);
	for (size_t f = 0; f < nout; f++)
		for (size_t k = 0; k < K; k++)
			keep[k] = keep[k] || dense[f * K + k] > 0;
	h->x_min = g_new(double, K);
	for (size_t k = 0; k < K; k++)
		if (keep[k])
			h->x_min[h->n++] = (k0 + (double)k) * h->size + off;
	h->counts = g_new(double, h->n * nout);
	for (size_t f = 0; f < nout; f++)
		for (size_t k = 0, r = 0; k < K; k++)
			if (keep[k])
				h->counts[f * h->n + r++] = dense[f * K + k];
	g_free(keep);
	g_free(dense);
	return 0;
}

/* ---- the panel ------------------------------------------------------------ */

struct hfield {
	struct tframe *fr;
	struct tfield *f;
	struct field_config fc;
	const char *name;
	uint32_t color;
};

struct hg {
	const struct histogram_env *env;
	const struct cairn_panel *p;
	struct hfield *f;       /* the number fields of every frame */
	size_t nf;
	struct histo h;
	struct field_config xfc; /* the bounds' config: the first field with a unit */
	struct bars_scale y;
	struct rect plot;
	struct rect content;    /* uPlot's canvas: what its axes are clipped to */
	double x0, x1;          /* the x scale */
};

static void collect_fields(struct hg *g, struct tframes *fs, struct cairn_err *note)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++)
		n += fs->v[i].n_fields;
	g->f = g_new0(struct hfield, n ? n : 1);
	g->xfc = g->p->defaults;
	bool have_unit = false;
	for (size_t i = 0; i < fs->n; i++)
		for (size_t k = 0; k < fs->v[i].n_fields; k++) {
			struct tfield *fld = &fs->v[i].fields[k];
			if (fld->type != TF_NUMBER)
				continue;
			struct hfield *h = &g->f[g->nf];
			h->fr = &fs->v[i];
			h->f = fld;
			bars_field_config(g->p, fs, h->fr, fld, &h->fc, note);
			h->name = h->fc.display_name && *h->fc.display_name
			                  ? h->fc.display_name
			                  : tframe_display_name(fs, h->fr, fld);
			h->color = bars_series_color(g->env->th, &h->fc, g->nf, NAN);
			if (!have_unit && h->fc.unit[0]) {
				g->xfc = h->fc;
				have_unit = true;
			}
			g->nf++;
		}
}

/* Output field i's config, name and colour (the combined histogram takes
 * the first field's config under the name "count"). */
static const struct hfield *out_field(const struct hg *g, size_t i)
{
	return &g->f[g->h.n_counts == 1 ? 0 : i];
}

static const char *out_name(const struct hg *g, size_t i)
{
	const struct hfield *f = out_field(g, i);
	if (g->h.n_counts == 1 && g->nf > 1)
		return f->fc.display_name && *f->fc.display_name ? f->fc.display_name : "count";
	return f->name;
}

static size_t legend_entries(const struct hg *g, struct legend_entry *e)
{
	size_t n = 0;
	bool table = g->p->legend.mode == LEGEND_TABLE && g->p->legend.calcs;
	bool combined = g->h.n_counts == 1 && g->nf > 1;
	double(*vals)[LEGEND_MAX_CALCS] = g_malloc0_n(g->h.n_counts, sizeof *vals);
	for (size_t i = 0; i < g->h.n_counts; i++) {
		const struct hfield *f = out_field(g, i);
		if (f->fc.custom.hide_in_legend)
			continue;
		e[n].name = out_name(g, i);
		e[n].color = f->color;
		/* a series' calcs are over its raw values, in its own unit
		 * (HistogramPanel stamps each raw field's origin and PlotLegend
		 * reduces that field); the combined counts have no origin */
		if (table && combined) {
			legend_calcs(&g->h.counts[i * g->h.n], g->h.n, vals[n]);
			for (size_t k = 0; k < LEGEND_MAX_CALCS; k++)
				units_format_str(NULL, vals[n][k], f->fc.decimals, e[n].cells[k],
				                 LEGEND_CELL);
		} else if (table) {
			legend_calcs(f->f->num, f->fr->len, vals[n]);
			for (size_t k = 0; k < LEGEND_MAX_CALCS; k++)
				units_format_str(f->fc.unit, vals[n][k], f->fc.decimals,
				                 e[n].cells[k], LEGEND_CELL);
		}
		n++;
	}
	legend_sort(&g->p->legend, e, vals, n);
	g_free(vals);
	return n;
}

/* The counts' range over the drawn fields (zero counts are not drawn). */
static void count_extent(const struct hg *g, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < g->h.n_counts; i++) {
		if (out_field(g, i)->fc.custom.hide_in_viz)
			continue;
		for (size_t r = 0; r < g->h.n; r++) {
			double c = g->h.counts[i * g->h.n + r];
			if (c > 0) {
				*lo = fmin(*lo, c);
				*hi = fmax(*hi, c);
			}
		}
	}
}

static double x_px(const struct hg *g, double v)
{
	return g->plot.x + (v - g->x0) / (g->x1 - g->x0) * g->plot.w;
}

static void format_bound(const struct hg *g, double v, char *buf, size_t cap)
{
	int dec = g->h.decimals > 0 ? g->h.decimals : g->xfc.decimals;
	units_format_str(g->xfc.unit, v, dec, buf, cap);
}

/* Histogram.tsx's splits: every multiple of the bucket size from the
 * first bucket's bound rounded down to one to the last bucket's upper
 * bound rounded up (with an offset, 0.6, 0.8, … under buckets from 0.7),
 * every skip-th, each with its grid line, a 4 px tick under the plot and
 * (every keep-th) a label — drawn as uPlot draws them even for a split
 * just outside the plot, cut at the canvas' edge.  Bounded by the bucket
 * cap. */
static void draw_x_axis(cairo_t *cr, const struct hg *g)
{
	struct text *tx = g->env->tx;
	struct rect p = g->plot;
	double bw = (g->h.size / (g->x1 - g->x0)) * p.w;
	size_t skip = bw > 0 ? (size_t)fmax(1, ceil(BARS_X_SPACE / bw)) : 1;
	double first = floor(g->h.x_min[0] / g->h.size) * g->h.size,
	       last = ceil((g->h.x_min[g->h.n - 1] + g->h.size) / g->h.size) * g->h.size;
	double s = first, maxw = 0;
	size_t n = 0;
	char buf[64];
	for (size_t i = 0; s <= last && i <= HISTOGRAM_MAX_BUCKETS + 1; i++, s += g->h.size)
		if (i % skip == 0) {
			double w;
			format_bound(g, s, buf, sizeof buf);
			text_measure(tx, buf, BARS_AXIS_PX, TEXT_REGULAR, &w, NULL);
			maxw = fmax(maxw, w);
			n++;
		}
	double max_count = p.w / (maxw + 10);
	size_t keep = max_count > 0 ? (size_t)fmax(1, ceil((double)n / max_count)) : 1;
	double base = text_baseline(tx, BARS_AXIS_PX, TEXT_REGULAR);
	cairo_save(cr);
	/* the left edge only: on the right Grafana's canvas reaches a few px
	 * past cairn's content box (a last label "3.0" shows whole there) */
	cairo_rectangle(cr, g->content.x, g->content.y, g->content.w + 16, g->content.h);
	cairo_clip(cr);
	theme_set_source(cr, g->env->th->grid);
	cairo_set_line_width(cr, 1);
	s = first;
	for (size_t i = 0; s <= last && i <= HISTOGRAM_MAX_BUCKETS + 1; i++, s += g->h.size)
		if (i % skip == 0) {
			double x = floor(x_px(g, s)) + 0.5;
			cairo_move_to(cr, x, p.y);
			cairo_line_to(cr, x, p.y + p.h + HG_X_TICK);
		}
	cairo_stroke(cr);
	s = first;
	for (size_t i = 0, j = 0; s <= last && i <= HISTOGRAM_MAX_BUCKETS + 1; i++, s += g->h.size) {
		if (i % skip)
			continue;
		if (j++ % keep == 0) {
			format_bound(g, s, buf, sizeof buf);
			text_draw(tx, cr, buf, BARS_AXIS_PX, TEXT_REGULAR, x_px(g, s),
			          p.y + p.h + TS_X_LABEL_BASE - base, 0, ALIGN_CENTER, g->env->th->text);
		}
	}
	cairo_restore(cr);
}

static void draw_bars(cairo_t *cr, const struct hg *g)
{
	struct rect p = g->plot;
	double y0 = p.y + p.h - fmax(0, bars_scale_frac(&g->y, 0)) * p.h;
	y0 = fmin(y0, p.y + p.h);
	cairo_save(cr);
	cairo_rectangle(cr, p.x, p.y, p.w, p.h);
	cairo_clip(cr);
	for (size_t i = 0; i < g->h.n_counts; i++) {
		const struct hfield *f = out_field(g, i);
		if (f->fc.custom.hide_in_viz)
			continue;
		struct bar_paint bp = {.color = f->color,
		                       .fill_opacity = f->fc.custom.fill_opacity / 100,
		                       .gradient = f->fc.custom.gradient,
		                       .line_width = f->fc.custom.line_width,
		                       .end = BAR_END_TOP,
		                       .plot = p};
		for (size_t r = 0; r < g->h.n; r++) {
			double c = g->h.counts[i * g->h.n + r];
			if (!(c > 0))
				continue;
			double l = round(x_px(g, g->h.x_min[r]));
			double w = round(x_px(g, g->h.x_min[r] + g->h.size)) - l;
			double top = round(p.y + p.h - bars_scale_frac(&g->y, c) * p.h);
			bars_paint(cr, (struct rect){l, top, w, y0 - top}, &bp);
		}
	}
	cairo_restore(cr);
}

static void layout_and_draw(cairo_t *cr, struct hg *g, struct rect c)
{
	struct text *tx = g->env->tx;
	struct text_measurer m = text_measurer(tx);
	struct legend_entry *e = g_new0(struct legend_entry, g->h.n_counts);
	struct legend_slot *slots = g_new0(struct legend_slot, g->h.n_counts);
	struct legend_spec sp = {.opts = &g->p->legend, .e = e};
	sp.n = legend_entries(g, e);
	struct legend_layout lay;
	legend_layout(&sp, c, &m, &lay, slots);
	struct ts_layout_in in = {.content = c, .legend = lay.box,
	                          .legend_right = g->p->legend.placement == LEGEND_RIGHT,
	                          .y_label_w = 0, .y2_label_w = -1};
	/* nothing under the plot: ts_plot_rect takes uPlot's bare x axis
	 * (TS_X_AXIS_BARE), not where a legend's margin would be */
	double lo, hi;
	count_extent(g, &lo, &hi);
	struct field_config cfc = out_field(g, 0)->fc;
	const char *unit = strcmp(cfc.unit, "short") == 0 ? "short" : "";
	struct rect p0 = ts_plot_rect(&in);
	bars_scale_init(&g->y, isfinite(lo) ? lo : NAN, isfinite(hi) ? hi : NAN, &cfc, false, unit,
	                p0.h, TS_Y_SPACE);
	in.y_label_w = bars_scale_label_w(tx, &g->y);
	g->plot = ts_plot_rect(&in);
	g->content = c;
	g->x0 = g->h.x_min[0];
	g->x1 = g->h.x_min[g->h.n - 1] + g->h.size;
	bars_draw_value_axis(cr, tx, g->env->th, &g->y, g->plot, BARS_LEFT, g->env->th->text);
	draw_x_axis(cr, g);
	draw_bars(cr, g);
	legend_draw(cr, tx, g->env->th, &sp, &lay, slots);
	g_free(e);
	g_free(slots);
}

void histogram_draw(cairo_t *cr, const struct histogram_env *env, const struct panel_job *job,
                    struct rect content, struct cairn_err *note)
{
	struct hg g = {.env = env, .p = job->panel};
	struct tframes fs;
	struct cairn_err err = {0};
	int rc = bars_frames(job->panel, job->data, env->budget, &fs, note, &err);
	if (rc == CAIRN_ETIMEOUT) {
		*note = err;
		tframes_fini(&fs);
		return;
	}
	if (rc) {
		chrome_error(cr, env->tx, env->th, content, err.msg);
		tframes_fini(&fs);
		return;
	}
	collect_fields(&g, &fs, note);
	const double **vals = g_new0(const double *, g.nf ? g.nf : 1);
	size_t *lens = g_new0(size_t, g.nf ? g.nf : 1);
	for (size_t i = 0; i < g.nf; i++) {
		vals[i] = g.f[i].f->num;
		lens[i] = g.f[i].fr->len;
	}
	rc = histo_build(vals, lens, g.nf, &job->panel->histogram, &g.h, &err);
	/* the automatic size may pass over the values once per candidate size */
	if (rc == 0 && budget_check_deadline(env->budget, &err))
		*note = err;
	else if (rc)
		chrome_error(cr, env->tx, env->th, content, err.msg);
	else if (g.h.n == 0)
		chrome_message(cr, env->tx, env->th, content, "No data");
	else
		layout_and_draw(cr, &g, content);
	histo_fini(&g.h);
	g_free(vals);
	g_free(lens);
	g_free(g.f);
	tframes_fini(&fs);
}
