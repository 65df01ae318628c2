/*
 * heatmap.c — the heatmap panel (heatmap.h): layout (legend band, axes,
 * plot) as pure arithmetic, then grid, axes, cells and the colour scale.
 * Cells are drawn as Grafana's heatmapPathsDense does: one path per palette
 * colour, filled in palette order, each cell a rectangle `gap` px smaller
 * than its bucket (1 px at least), aligned to its bound by the layout
 * (le/ge/centred), clipped to the plot.  As on Grafana's canvas, edges are
 * on whole pixels only from a 4 px gap; below that they fall where the scale
 * puts them and antialias (tests/cli/grafana-ref-heatmap compares them pixel
 * for pixel).  A counting sort by colour keeps it linear in cells; nothing is
 * allocated per cell.  Grafana 10.4 does not
 * draw cell values (showValue) nor cellRadius, and neither does this;
 * exemplars are not drawn.
 */
#include "render/heatmap.h"

#include <glib.h>
#include <math.h>
#include <string.h>
#include "dashboards/hmschemes.h"
#include "render/chrome.h"
#include "render/heatmap_schemes.h"
#include "render/ticks.h"
#include "render/timeseries.h"
#include "render/units.h"

#define AXIS_PX        12.0
#define TICK_PX        4.0   /* uPlot ticks: prepConfig leaves them shown (size 4, grid colour) */
#define LEG_MARGIN_L   25.0  /* colorScaleWrapper: margin-left */
#define LEG_PAD_Y      10.0  /* … padding: 10px 0 */
#define LEG_MAX_W      300.0 /* … max-width */
#define LEG_BAR_H      10.0  /* ColorScale's gradient (10.4: square, 10 px) */
#define LEG_TEXT_PX    11.0
#define LEG_LINE       1.5   /* body line-height */
#define LEG_MAX_SHARE  0.2   /* VizLayout.Legend maxHeight 20% */
#define GRADIENT_STOPS 10

/* tinycolor's toPercentageRgb and back, which palettes.ts goes through:
 * each channel rounded to a whole percent. */
static uint32_t percent_rgb(uint32_t c)
{
	uint32_t out = c & 0xffu;
	for (int sh = 24; sh >= 8; sh -= 8) {
		double pct = round((double)(c >> sh & 0xff) * 100 / 255);
		out |= (uint32_t)lround(pct * 255 / 100) << sh;
	}
	return out;
}

size_t heatmap_palette(const struct heatmap_opts *o, const struct theme *th, uint32_t *out)
{
	size_t n = o->steps < 2 ? 2 : o->steps > HM_PALETTE_MAX ? HM_PALETTE_MAX : (size_t)o->steps;
	if (o->color_mode == HMC_OPACITY) {
		uint32_t fill = 0xff780aff; /* dark-orange */
		theme_color(th, o->fill, &fill);
		fill = percent_rgb(fill);
		for (size_t i = 0; i < n; i++) {
			double a = (double)i / (double)(n - 1);
			if (o->scale == HMS_EXPONENTIAL)
				a = pow(a, o->exponent);
			out[i] = (fill & 0xffffff00u) | (uint32_t)lround(fmin(fmax(a, 0), 1) * 255);
		}
		return n;
	}
	long s = hm_scheme_find(o->scheme);
	if (s < 0)
		s = hm_scheme_find("Spectral"); /* palettes.ts' DEFAULT_SCHEME */
	enum hm_invert inv = HM_INVERT_ALWAYS;
	hm_scheme_at((size_t)s, &inv);
	bool dark = th->kind == THEME_DARK;
	bool rev = o->reverse || inv == HM_INVERT_ALWAYS || (inv == HM_INVERT_DARK && dark) ||
	           (inv == HM_INVERT_LIGHT && !dark);
	for (size_t i = 0; i < n; i++) {
		uint32_t c = hm_scheme_color(s, (double)i / (double)(n - 1));
		out[rev ? n - 1 - i : i] = c << 8 | 0xffu;
	}
	return n;
}

/* ---- scales -------------------------------------------------------------- */

struct yscale {
	double lo, hi;     /* the axis range (log: in values) */
	double log;        /* 0 linear */
	bool reverse;
};

static double ypos(const struct yscale *y, struct rect p, double v)
{
	double f;
	if (y->log > 0)
		f = (log(v) - log(y->lo)) / (log(y->hi) - log(y->lo));
	else
		f = (v - y->lo) / (y->hi - y->lo);
	return y->reverse ? p.y + f * p.h : p.y + p.h - f * p.h;
}

static double xpos(const struct panel_job *j, struct rect p, double t)
{
	return p.x + (t - j->from) / (j->to - j->from) * p.w;
}

static double round_up_log(double v, double base, bool up)
{
	double e = log(v) / log(base);
	return pow(base, up ? ceil(e) : floor(e));
}

/* The y range as uPlot's range function in utils.ts expands it: by a bucket
 * in the layout's direction (or by magnitudes on a log scale), then the
 * yAxis min/max where given. */
static struct yscale y_range(const struct hm_grid *g, const struct heatmap_opts *o)
{
	struct yscale y = {.lo = g->y[0], .hi = g->y[g->ny - 1], .log = g->y_log,
	                   .reverse = o->y_reverse};
	if (y.log > 0) {
		bool lo_x = false, hi_x = false;
		if (g->y_log_split != 1) {
			double el = log(y.lo) / log(y.log), eh = log(y.hi) / log(y.log);
			if (el != floor(el)) {
				y.lo = round_up_log(y.lo, y.log, false);
				lo_x = true;
			}
			if (eh != floor(eh)) {
				y.hi = round_up_log(y.hi, y.log, true);
				hi_x = true;
			}
		}
		if (g->y_align == HMA_LE && !lo_x)
			y.lo /= y.log;
		else if (g->y_align == HMA_GE && !hi_x)
			y.hi *= y.log;
		else if (g->y_align == HMA_UNKNOWN) {
			y.lo /= y.log / 2;
			y.hi *= y.log / 2;
		}
		if (o->y_min > 0)
			y.lo = round_up_log(o->y_min, y.log, false);
		if (o->y_max > 0)
			y.hi = round_up_log(o->y_max, y.log, true);
		return y;
	}
	double bs = g->y_size == 0 ? 1 : g->y_size;
	if (g->y_align == HMA_LE)
		y.lo -= bs;
	else if (g->y_align == HMA_GE)
		y.hi += bs;
	else {
		y.lo -= bs / 2;
		y.hi += bs / 2;
	}
	if (!g->ordinal) {
		y.lo = isnan(o->y_min) ? y.lo : o->y_min;
		y.hi = isnan(o->y_max) ? y.hi : o->y_max;
	}
	if (!(y.hi > y.lo))
		y.hi = y.lo + 1;
	return y;
}

/* ---- y axis labels -------------------------------------------------------- */

struct yaxis {
	size_t n;
	struct tick t[TICKS_MAX];
};

/* Ordinal rows: a label at each row's coordinate, and at -1 (le: the zero
 * under the first bucket) or n (ge); halved while they are closer than
 * 10 px, or only the ends below 60 px. */
static void ordinal_ticks(const struct hm_grid *g, double px, struct yaxis *ax)
{
	long lo = g->y_align == HMA_LE ? -1 : 0;
	long hi = (long)g->ny - 1 + (g->y_align == HMA_GE ? 1 : 0);
	long n = hi - lo + 1, stride = 1;
	ax->n = 0;
	if (px < 60) {
		stride = n > 1 ? n - 1 : 1;
	} else {
		while (n / stride + (n % stride != 0) > 3 &&
		       (px - 15) / (double)(n / stride + (n % stride != 0)) < 10)
			stride *= 2;
	}
	for (long v = lo; v <= hi && ax->n < TICKS_MAX; v += stride) {
		struct tick *t = &ax->t[ax->n++];
		t->value = (double)v;
		const char *s = v < 0 ? (g->y_zero ? g->y_zero : "")
		                : v < (long)g->ny ? g->y_names[v]
		                                  : "";
		g_strlcpy(t->label, s, sizeof t->label);
	}
}

static void numeric_ticks(const struct hm_grid *g, const struct heatmap_opts *o,
                          const struct yscale *y, double px, struct yaxis *ax)
{
	ax->n = 0;
	if (y->log > 0) {
		double e0 = ceil(log(y->lo) / log(y->log) - 1e-9), e1 = floor(log(y->hi) / log(y->log) + 1e-9);
		for (double e = e0; e <= e1 && ax->n < TICKS_MAX; e++) {
			struct tick *t = &ax->t[ax->n++];
			t->value = pow(y->log, e);
			units_format_str(g->y_unit, t->value, o->y_decimals, t->label, sizeof t->label);
		}
		return;
	}
	struct value_axis va;
	ticks_value_axis(y->lo, y->hi, y->lo, y->hi, px, 0, g->y_unit, o->y_decimals, &va);
	for (size_t i = 0; i < va.n; i++)
		ax->t[ax->n++] = va.ticks[i];
}

/* ---- painting ------------------------------------------------------------ */

struct hm {
	const struct hm_env *env;
	const struct panel_job *job;
	const struct heatmap_opts *o;
	const struct hm_grid *g;
	struct yscale ys;
	struct yaxis yax;
	struct time_axis tax;
	struct rect plot;
	struct rect legend;    /* h 0 = none */
	uint32_t pal[HM_PALETTE_MAX];
	size_t npal;
};

static double snap(double v)
{
	return floor(v) + 0.5;
}

static double widest(struct text *tx, const struct yaxis *ax)
{
	double w = 0;
	for (size_t i = 0; i < ax->n; i++) {
		double lw;
		text_measure(tx, ax->t[i].label, AXIS_PX, TEXT_REGULAR, &lw, NULL);
		w = fmax(w, lw);
	}
	return ceil(w);
}

static void layout(struct hm *h, struct rect c)
{
	struct text *tx = h->env->tx;
	const struct heatmap_opts *o = h->o;
	double leg_h = 0;
	if (o->legend_show && !isnan(h->g->vmin)) {
		double lh = LEG_PAD_Y * 2 + LEG_BAR_H + LEG_TEXT_PX * LEG_LINE;
		leg_h = floor(fmin(lh, c.h * LEG_MAX_SHARE)); /* the gradient on whole pixels, as Grafana's */
		h->legend = (struct rect){c.x, c.y + c.h - leg_h, c.w, leg_h};
	}
	/* x_title_h: beside Grafana 10.4's heatmap (tests/cli/grafana-ref-heatmap) the plot
	 * reaches lower than the time series' TS_X_AXIS_H leaves it: 1 px above the colour
	 * scale, 3 px without it (where ts_plot_rect takes the bare TS_X_AXIS_BARE) */
	struct ts_layout_in in = {.content = c, .legend = h->legend, .y_label_w = -1,
	                          .y2_label_w = -1,
	                          .x_title_h = leg_h > 0 ? -1 : TS_X_AXIS_H - 3 - TS_X_AXIS_BARE};
	bool show = o->y_placement != AXIS_HIDDEN, right = o->y_placement == AXIS_RIGHT;
	if (show && o->y_label && *o->y_label) {
		double th;
		text_measure(tx, o->y_label, AXIS_PX, TEXT_REGULAR, NULL, &th);
		/* a fixed axisWidth takes the label's gap (8 px) in, as measured beside
		 * Grafana 10.4 (tests/cli/grafana-ref-heatmap prom-unknown-layout) */
		*(right ? &in.y2_title_w : &in.y_title_w) =
			ceil(th) + TS_AXIS_TITLE_PAD * 1.5 + 1 - (o->y_width > 0 ? TS_AXIS_TITLE_PAD : 0);
	}
	struct rect p0 = ts_plot_rect(&in);
	h->ys = y_range(h->g, o);
	if (h->g->ordinal)
		ordinal_ticks(h->g, p0.h, &h->yax);
	else
		numeric_ticks(h->g, o, &h->ys, p0.h, &h->yax);
	if (show) {
		double w = o->y_width > 0 ? fmax(0, o->y_width - TS_Y_AXIS_EXTRA) : widest(tx, &h->yax);
		*(right ? &in.y2_label_w : &in.y_label_w) = w;
	}
	h->plot = ts_plot_rect(&in);
	char sample[48];
	double sw = 0;
	if (ticks_time_sample_label(h->job->from, h->job->to, h->plot.w, h->env->tz, sample,
	                            sizeof sample))
		text_measure(tx, sample, AXIS_PX, TEXT_REGULAR, &sw, NULL);
	ticks_time_axis(h->job->from, h->job->to, h->plot.w, sw > 0 ? sw + TS_X_LABEL_GAP : TS_X_SPACE,
	                h->env->tz, &h->tax);
}

static void draw_axes(cairo_t *cr, const struct hm *h)
{
	struct text *tx = h->env->tx;
	const struct theme *th = h->env->th;
	struct rect p = h->plot;
	bool show = h->o->y_placement != AXIS_HIDDEN, right = h->o->y_placement == AXIS_RIGHT;
	double lh;
	text_measure(tx, "0", AXIS_PX, TEXT_REGULAR, NULL, &lh);
	double base = text_baseline(tx, AXIS_PX, TEXT_REGULAR);
	theme_set_source(cr, th->grid);
	cairo_set_line_width(cr, 1);
	for (size_t i = 0; show && i < h->yax.n; i++) {
		double y = ypos(&h->ys, p, h->yax.t[i].value);
		if (y < p.y - 0.5 || y > p.y + p.h + 0.5)
			continue;
		cairo_move_to(cr, p.x - (right ? 0 : TICK_PX), snap(y));
		cairo_line_to(cr, p.x + p.w + (right ? TICK_PX : 0), snap(y));
	}
	for (size_t i = 0; i < h->tax.n; i++) {
		double x = xpos(h->job, p, h->tax.ticks[i].value);
		cairo_move_to(cr, snap(x), p.y);
		cairo_line_to(cr, snap(x), p.y + p.h + TICK_PX);
	}
	cairo_stroke(cr);
	for (size_t i = 0; show && i < h->yax.n; i++) {
		double y = ypos(&h->ys, p, h->yax.t[i].value);
		if (y < p.y - 0.5 || y > p.y + p.h + 0.5)
			continue;
		double x = right ? p.x + p.w + TS_Y_LABEL_GAP + TICK_PX : p.x - TS_Y_LABEL_GAP - TICK_PX;
		text_draw(tx, cr, h->yax.t[i].label, AXIS_PX, TEXT_REGULAR, x, y - lh / 2, 0,
		          right ? ALIGN_LEFT : ALIGN_RIGHT, th->text);
	}
	for (size_t i = 0; i < h->tax.n; i++)
		text_draw(tx, cr, h->tax.ticks[i].label, AXIS_PX, TEXT_REGULAR,
		          xpos(h->job, p, h->tax.ticks[i].value), p.y + p.h + TS_X_LABEL_BASE - base, 0,
		          ALIGN_CENTER, th->text);
	const char *title = h->o->y_label;
	if (!show || !title || !*title)
		return;
	double tw;
	text_measure(tx, title, AXIS_PX, TEXT_REGULAR, &tw, NULL);
	cairo_save(cr);
	/* the title sits beyond the axis: its fixed axisWidth, else its widest label */
	double aw = h->o->y_width > 0 ? h->o->y_width : widest(tx, &h->yax) + TS_Y_AXIS_EXTRA;
	double cx = right ? h->plot.x + h->plot.w + aw + TS_AXIS_TITLE_PAD
	                  : h->plot.x - aw - TS_AXIS_TITLE_PAD - lh;
	cairo_translate(cr, cx + (right ? lh : 0), p.y + p.h / 2 + (right ? -tw / 2 : tw / 2));
	cairo_rotate(cr, right ? M_PI / 2 : -M_PI / 2);
	text_draw(tx, cr, title, AXIS_PX, TEXT_REGULAR, 0, 0, 0, ALIGN_LEFT, th->text);
	cairo_restore(cr);
}

/* Device pixels per user unit (the panel's scale). */
static double device_scale(cairo_t *cr)
{
	double dx = 1, dy = 0;
	cairo_user_to_device_distance(cr, &dx, &dy);
	return dx > 0 ? dx : 1;
}

/* Cell edges per column and per row as heatmapPathsDense places them, in
 * device pixels of uPlot's canvas (whose valToPos is the plot's edge, half a
 * pixel left of and above cairn's pixel-centred plot rectangle): sizes less
 * the gap, offsets by the layout; whole pixels only from a 4 px gap
 * (CRISP_EDGES_GAP_MIN), below that the edges fall where they fall and
 * antialias, as on Grafana's canvas. */
static void cell_geometry(cairo_t *cr, const struct hm *h, double *x0, double *x1, double *y0,
                          double *y1)
{
	const struct hm_grid *g = h->g;
	struct rect p = h->plot;
	double s = device_scale(cr);
	bool crisp = h->o->cell_gap >= 4;
	double gap = round(h->o->cell_gap * s);
	double xs = fabs(xpos(h->job, p, h->job->from + g->x_size) - xpos(h->job, p, h->job->from)) * s;
	double ys;
	if (g->y_log > 0)
		ys = fabs(ypos(&h->ys, p, g->y[0] * g->y_log) - ypos(&h->ys, p, g->y[0])) /
		     g->y_log_split;
	else {
		double inc = g->ny > 1 ? g->y[1] - g->y[0] : h->ys.hi - h->ys.lo;
		ys = fabs(ypos(&h->ys, p, h->ys.lo + inc) - ypos(&h->ys, p, h->ys.lo));
	}
	ys *= s;
	xs = fmax(1, crisp ? round(xs - gap) : xs - gap);
	ys = fmax(1, crisp ? round(ys - gap) : ys - gap);
	int ya = (int)g->y_align * (h->o->y_reverse ? -1 : 1);
	double xoff = g->x_align == HMA_LE ? -xs : g->x_align == HMA_UNKNOWN ? -xs / 2 : 0;
	double yoff = ya == 1 ? -ys : ya == 0 ? -ys / 2 : 0;
	for (size_t i = 0; i < g->nx; i++) {
		double a = (xpos(h->job, p, g->x[i]) - 0.5) * s + xoff;
		a = crisp ? round(a) : a;
		x0[i] = a / s;
		x1[i] = (a + xs) / s;
	}
	for (size_t i = 0; i < g->ny; i++) {
		double a = (ypos(&h->ys, p, g->y[i]) - 0.5) * s + yoff;
		a = crisp ? round(a) : a;
		y0[i] = a / s;
		y1[i] = (a + ys) / s;
	}
}

static void draw_cells(cairo_t *cr, const struct hm *h)
{
	const struct hm_grid *g = h->g;
	size_t n = g->nx * g->ny;
	struct rect p = h->plot;
	double *x0 = g_new(double, 2 * g->nx), *x1 = x0 + g->nx;
	double *y0 = g_new(double, 2 * g->ny), *y1 = y0 + g->ny;
	cell_geometry(cr, h, x0, x1, y0, y1);
	/* counting sort of the visible cells by colour: one path per colour */
	uint16_t *fill = g_new(uint16_t, n);
	size_t count[HM_PALETTE_MAX + 1] = {0};
	for (size_t i = 0; i < n; i++) {
		size_t xi = i / g->ny, yi = i % g->ny;
		bool in = x1[xi] > p.x && x0[xi] < p.x + p.w && y1[yi] > p.y && y0[yi] < p.y + p.h;
		fill[i] = in && hm_visible(h->o, g->v[i])
		                  ? (uint16_t)hm_fill_index(g->v[i], g->vmin, g->vmax, h->npal)
		                  : UINT16_MAX;
		if (fill[i] != UINT16_MAX)
			count[fill[i] + 1]++;
	}
	for (size_t k = 1; k <= h->npal; k++)
		count[k] += count[k - 1];
	uint32_t *order = g_new(uint32_t, count[h->npal] ? count[h->npal] : 1);
	for (size_t i = 0; i < n; i++)
		if (fill[i] != UINT16_MAX)
			order[count[fill[i]]++] = (uint32_t)i;
	cairo_save(cr);
	cairo_rectangle(cr, p.x - 0.5, p.y - 0.5, p.w + 1, p.h + 1);
	cairo_clip(cr);
	size_t at = 0;
	for (size_t k = 0; k < h->npal; k++) {
		size_t end = count[k];
		if (end == at)
			continue;
		for (; at < end; at++) {
			size_t xi = order[at] / g->ny, yi = order[at] % g->ny;
			cairo_rectangle(cr, x0[xi], y0[yi], x1[xi] - x0[xi], y1[yi] - y0[yi]);
		}
		theme_set_source(cr, h->pal[k]);
		cairo_fill(cr);
	}
	cairo_restore(cr);
	g_free(order);
	g_free(fill);
	g_free(x0);
	g_free(y0);
}

static void draw_legend(cairo_t *cr, const struct hm *h)
{
	struct rect l = h->legend;
	if (l.h <= 0)
		return;
	struct text *tx = h->env->tx;
	double x = l.x + LEG_MARGIN_L, w = fmin(LEG_MAX_W, l.w - LEG_MARGIN_L);
	double y = l.y + LEG_PAD_Y;
	if (w <= 0)
		return;
	cairo_save(cr);
	cairo_rectangle(cr, l.x, l.y, l.w, l.h);
	cairo_clip(cr);
	cairo_pattern_t *pat = cairo_pattern_create_linear(x, 0, x + w, 0);
	size_t n = h->npal;
	if (n <= 20) { /* getGradientStops: hard stops, one band per colour */
		for (size_t i = 0; i < n; i++) {
			uint32_t c = h->pal[i];
			for (int e = 0; e < 2; e++)
				cairo_pattern_add_color_stop_rgba(pat, (double)(i + e) / (double)n,
				                                  (c >> 24) / 255.0, (c >> 16 & 0xff) / 255.0,
				                                  (c >> 8 & 0xff) / 255.0, (c & 0xff) / 255.0);
		}
	} else { /* about ten colours, evenly spaced, the last one always */
		size_t skip = (n + GRADIENT_STOPS - 1) / GRADIENT_STOPS, m = 0;
		uint32_t stops[GRADIENT_STOPS + 2];
		for (size_t i = 0; i < n; i += skip)
			stops[m++] = h->pal[i];
		if (stops[m - 1] != h->pal[n - 1])
			stops[m++] = h->pal[n - 1];
		for (size_t i = 0; i < m; i++) {
			uint32_t c = stops[i];
			cairo_pattern_add_color_stop_rgba(pat, m > 1 ? (double)i / (double)(m - 1) : 0,
			                                  (c >> 24) / 255.0, (c >> 16 & 0xff) / 255.0,
			                                  (c >> 8 & 0xff) / 255.0, (c & 0xff) / 255.0);
		}
	}
	cairo_rectangle(cr, x, y, w, LEG_BAR_H);
	cairo_set_source(cr, pat);
	cairo_fill(cr);
	cairo_pattern_destroy(pat);
	char lo[64], hi[64];
	units_format_str(h->g->unit, h->g->vmin, h->g->decimals, lo, sizeof lo);
	units_format_str(h->g->unit, h->g->vmax, h->g->decimals, hi, sizeof hi);
	double lh;
	text_measure(tx, "0", LEG_TEXT_PX, TEXT_REGULAR, NULL, &lh);
	double ty = y + LEG_BAR_H + (LEG_TEXT_PX * LEG_LINE - lh) / 2;
	uint32_t col = h->env->th->text; /* 10.4's ColorScale: the inherited text colour */
	text_draw(tx, cr, lo, LEG_TEXT_PX, TEXT_REGULAR, x, ty, 0, ALIGN_LEFT, col);
	text_draw(tx, cr, hi, LEG_TEXT_PX, TEXT_REGULAR, x + w, ty, 0, ALIGN_RIGHT, col);
	cairo_restore(cr);
}

void heatmap_draw(cairo_t *cr, const struct hm_env *env, const struct panel_job *job,
                  const struct hm_grid *g, struct rect content)
{
	if (!g->nx || !g->ny || !(job->to > job->from)) {
		chrome_message(cr, env->tx, env->th, content, "No data");
		return;
	}
	struct hm h = {.env = env, .job = job, .o = &job->panel->heatmap, .g = g};
	h.npal = heatmap_palette(h.o, env->th, h.pal);
	layout(&h, content);
	draw_axes(cr, &h);
	draw_cells(cr, &h);
	draw_legend(cr, &h);
	if (env->plot_out)
		*env->plot_out = h.plot;
}
