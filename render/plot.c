/*
 * plot.c — the series inside a time-series plot (plot.h): each visible
 * series decimated to the pixel grid (decimate.c), then filled, stroked
 * (dense stretches as one band, envelope.c), barred or dotted, clipped to
 * the plot.  Axes, grid, thresholds and legend are timeseries.c's.
 */
#include "render/plot.h"

#include <glib.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "render/decimate.h"
#include "render/envelope.h"
#include "render/thinline.h"
#include "render/tsgrad.h"

double plot_y(const struct plot_scale *sc, struct rect plot, double v)
{
	double lo = sc->min, hi = sc->max, f;
	if (sc->log) {
		if (v <= 0)
			return plot.y + plot.h + 1;
		f = (log(v) - log(lo)) / (log(hi) - log(lo));
	} else {
		f = (v - lo) / (hi - lo);
	}
	return plot.y + plot.h - f * plot.h;
}

/* Monotone cubic (Fritsch–Carlson) tangent at point i of a segment [a, b). */
static double tangent(const struct dpt *q, size_t a, size_t b, size_t i)
{
	double d0 = i > a ? (q[i].v - q[i - 1].v) / (q[i].x - q[i - 1].x) : NAN;
	double d1 = i + 1 < b ? (q[i + 1].v - q[i].v) / (q[i + 1].x - q[i].x) : NAN;
	if (isnan(d0))
		return isnan(d1) ? 0 : d1;
	if (isnan(d1))
		return d0;
	if (d0 * d1 <= 0 || !isfinite(d0) || !isfinite(d1))
		return 0;
	return 2 / (1 / d0 + 1 / d1);
}

/* Adds the line through q[a..b) (no NaN inside) to the current path; with
 * `join` it continues the path instead of moving to the first point.
 * [lo, hi) is the whole unbroken run, for smooth tangents across chunks. */
static void segment_path(cairo_t *cr, const struct dpt *q, size_t a, size_t b, size_t lo, size_t hi,
                         enum line_interp li, bool join)
{
	if (join)
		cairo_line_to(cr, q[a].x, q[a].v);
	else
		cairo_move_to(cr, q[a].x, q[a].v);
	for (size_t i = a + 1; i < b; i++) {
		const struct dpt *p0 = &q[i - 1], *p1 = &q[i];
		switch (li) {
		case INTERP_STEP_AFTER:
			cairo_line_to(cr, p1->x, p0->v);
			break;
		case INTERP_STEP_BEFORE:
			cairo_line_to(cr, p0->x, p1->v);
			break;
		case INTERP_SMOOTH: {
			double dx = (p1->x - p0->x) / 3;
			double m0 = tangent(q, lo, hi, i - 1), m1 = tangent(q, lo, hi, i);
			cairo_curve_to(cr, p0->x + dx, p0->v + m0 * dx, p1->x - dx, p1->v - m1 * dx,
			               p1->x, p1->v);
			continue;
		}
		default:
			break;
		}
		cairo_line_to(cr, p1->x, p1->v);
	}
}

static size_t segment_end(const struct dpt *q, size_t n, size_t a)
{
	while (a < n && !isnan(q[a].v))
		a++;
	return a;
}

/* The series' hue or scheme gradient at opacity a, or NULL (one colour). */
static cairo_pattern_t *gradient(const struct plot *t, const struct plot_series *s, double a)
{
	const struct plot_scale *sc = &t->sc[s->f->axis];
	struct tsgrad_scale gs = {.log = sc->log, .min = sc->min, .max = sc->max,
	                          .data_lo = sc->data_lo, .data_hi = sc->data_hi};
	return t->th ? tsgrad_pattern(t->th, s->f, &gs, t->r, a) : NULL;
}

/* The series' paint at opacity a: its gradient, else its colour. */
static void set_paint(cairo_t *cr, const struct plot *t, const struct plot_series *s, double a)
{
	cairo_pattern_t *g = gradient(t, s, a);
	if (!g) {
		theme_set_source(cr, theme_alpha(s->f->color, a));
		return;
	}
	cairo_set_source(cr, g);
	cairo_pattern_destroy(g);
}

static void set_fill(cairo_t *cr, const struct plot *t, const struct plot_series *s)
{
	double a = s->f->fc.custom.fill_opacity / 100;
	if (s->f->fc.custom.gradient == GRADIENT_OPACITY) {
		cairo_pattern_t *g =
		        cairo_pattern_create_linear(0, t->r.y, 0, t->r.y + t->r.h);
		uint32_t c = s->f->color;
		double r = (c >> 24) / 255.0, gg = ((c >> 16) & 0xff) / 255.0,
		       b = ((c >> 8) & 0xff) / 255.0;
		cairo_pattern_add_color_stop_rgba(g, 0, r, gg, b, a);
		cairo_pattern_add_color_stop_rgba(g, 1, r, gg, b, 0);
		cairo_set_source(cr, g);
		cairo_pattern_destroy(g);
		return;
	}
	set_paint(cr, t, s, a);
}

/* Fills under each segment: to y0, or back along the previous stacked line. */
static void draw_fill(cairo_t *cr, const struct plot *t, const struct plot_series *s,
                      const struct dpt *q, size_t n, const struct dpt *prev, size_t np, double y0)
{
	enum line_interp li = s->f->fc.custom.line_interp;
	for (size_t a = 0; a < n;) {
		size_t b = segment_end(q, n, a);
		if (b > a) {
			segment_path(cr, q, a, b, a, b, li, false);
			if (prev && np) {
				for (size_t k = np; k-- > 0;)
					if (!isnan(prev[k].v) && prev[k].x <= q[b - 1].x + 0.5 &&
					    prev[k].x >= q[a].x - 0.5)
						cairo_line_to(cr, prev[k].x, prev[k].v);
				cairo_line_to(cr, q[a].x, q[a].v);
			} else {
				cairo_line_to(cr, q[b - 1].x, y0);
				cairo_line_to(cr, q[a].x, y0);
			}
			cairo_close_path(cr);
		}
		a = b + 1;
	}
	set_fill(cr, t, s);
	cairo_fill(cr);
}

/* Bars from y0, or from the previous stacked series' top at the same x.  With
 * a gap of 1 px or more between columns they are laid out as uPlot's bars()
 * does for Grafana (bar alignment centre): the column is one step wide, the
 * gap (1 - barWidthFactor) of it; a stroke narrower than half the bar is
 * inset, so the bar with its stroke is barWidthFactor of the column; gaps of
 * 5 px or more snap bars to whole device pixels; odd stroke widths put the
 * tops on pixel centres.  Denser bars keep a rectangle of barWidthFactor of
 * the column stroked around (grafana-ref-ts' scheme-percent matches that; its
 * per-colour paths are not modelled here). */
static void draw_bars(cairo_t *cr, const struct plot *t, const struct plot_series *s,
                      const struct dpt *q, size_t n, const struct dpt *prev, size_t np, double y0)
{
	double px = 1, py = 0;
	cairo_user_to_device_distance(cr, &px, &py);
	px = px > 0 ? px : 1; /* device pixels per unit */
	double col = t->step / (t->to - t->from) * t->r.w;
	double factor = s->f->fc.custom.bar_width_factor;
	double gap = col * (1 - factor);
	bool dense = gap < 1 / px;
	double lw = s->f->fc.custom.line_width > 0 ? s->f->fc.custom.line_width : 1;
	double bw = fmax(col * factor, 1);
	bool snap = false;
	double off = 0;
	if (!dense) {
		lw = round(fmax(s->f->fc.custom.line_width, 0) * px) / px;
		if (lw >= (col - gap) / 2)
			lw = 0;
		snap = gap >= 5 / px;
		bw = col - gap - lw;
		if (snap)
			bw = round(bw * px) / px;
		bw = fmax(bw, 1 / px);
		off = floor(lw * px / 2) / px + fmod(lw * px, 2) / 2 / px;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(q[i].v))
			continue;
		double base = y0;
		while (prev && k < np && prev[k].x < q[i].x - 0.01)
			k++;
		if (prev && k < np && fabs(prev[k].x - q[i].x) <= 0.01 && !isnan(prev[k].v))
			base = prev[k].v;
		double x = q[i].x - bw / 2, top = fmin(q[i].v, base), bot = fmax(q[i].v, base);
		if (snap) {
			x = round(x * px) / px;
			top = round(top * px) / px;
			bot = round(bot * px) / px;
		}
		double h = dense ? bot - top : fmax(bot - top - lw, 0);
		cairo_rectangle(cr, x, top + off, bw, h);
	}
	double a = s->f->fc.custom.fill_opacity / 100;
	if (lw <= 0) { /* no stroke: uPlot fills in the line's colour unless no line was asked */
		set_paint(cr, t, s, s->f->fc.custom.line_width > 0 || a <= 0 ? 1 : a);
		cairo_fill(cr);
		return;
	}
	set_paint(cr, t, s, a > 0 ? a : 1);
	cairo_fill_preserve(cr);
	set_paint(cr, t, s, 1);
	cairo_set_line_width(cr, lw);
	cairo_stroke(cr);
}

static void draw_points(cairo_t *cr, const struct plot *t, const struct plot_series *s,
                        const struct dpt *q, size_t n)
{
	double r = (s->f->fc.custom.point_size > 0 ? s->f->fc.custom.point_size : 5) / 2;
	for (size_t i = 0; i < n; i++)
		if (!isnan(q[i].v)) {
			cairo_new_sub_path(cr);
			cairo_arc(cr, q[i].x, q[i].v, r, 0, 2 * M_PI);
		}
	set_paint(cr, t, s, 1);
	cairo_fill(cr);
}

/* Where dense stretches of a line are filled as bands (envelope.h): the
 * decimation's columns, the device's, and scratch for one band's span. */
struct band {
	struct env_cols dec, dev;
	double *top, *bot;
	size_t cap;
	struct raster {             /* the target's pixels, when bands can be written
	                               straight into them (raster_init) */
		bool ok;
		cairo_surface_t *img;
		unsigned char *px;
		int stride;
		int x0, y0, x1, y1;     /* the clip, whole device pixels */
		double sy, oy;          /* device y = sy * user y + oy */
		bool stroke;            /* x and y scaled alike, round joins, butt caps:
		                           thin lines too (raster_stroke) */
		const uint32_t *rows;   /* a gradient line's colour per device row from y0
		                           (0xRRGGBBAA, not premultiplied), else NULL */
	} raster;
	struct rq *q;               /* where raster work waits (raster.ok), else NULL */
};

/* Strokes in chunks: Cairo's stroker cost grows badly with the number of
 * self-intersections in one path.  Chunks share their end points, so joins
 * stay closed.  [lo, hi) is the whole run, for smooth tangents. */
#define STROKE_CHUNK 64
_Static_assert(2 * STROKE_CHUNK + 2 <= THINLINE_MAX, "a stepped chunk fits thinline_stroke");

static void stroke_range(cairo_t *cr, const struct dpt *q, size_t a, size_t b, size_t lo,
                         size_t hi, enum line_interp li)
{
	for (size_t c = a; c + 1 < b; c += STROKE_CHUNK) {
		size_t e = c + STROKE_CHUNK + 1 < b ? c + STROKE_CHUNK + 1 : b;
		segment_path(cr, q, c, e, lo, hi, li, false);
		cairo_stroke(cr);
	}
}

/* The user-space x of device column c0 + c's left edge: one formula for
 * both edges of every column, so neighbouring columns meet exactly. */
static double col_x(const struct band *bd, long c0, size_t c)
{
	return ((double)(c0 + (long)c) - bd->dev.off) / bd->dev.k;
}

/* A band written straight into an image surface's pixels: per device column
 * one vertical span, its end pixels covered in proportion (as Cairo's
 * rasteriser covers them), blended OVER in the series colour.  Cairo's
 * general polygon fill took 1.1 ms for a 1,000-column band (the cost of a
 * dense series: 4 of them were a third of a warm 1000x500 render); this is
 * one pass over the pixels the band covers. */
static inline void blend_px(unsigned char *p, const unsigned rgba[4], unsigned a)
{
	/* ARGB32 (premultiplied) and RGB24 are native-endian 32-bit words, read
	 * and written whole.  Both blend as "colour * a + dst * (1 - a)"; RGB24
	 * ignores the alpha byte. */
	if (!a)
		return;
	if (a == 255) {
		*(uint32_t *)(void *)p = 0xffu << 24 | rgba[0] << 16 | rgba[1] << 8 | rgba[2];
		return;
	}
	uint32_t d = *(uint32_t *)(void *)p;
	unsigned na = 255 - a;
	unsigned r = (rgba[0] * a + ((d >> 16) & 0xff) * na + 127) / 255;
	unsigned g = (rgba[1] * a + ((d >> 8) & 0xff) * na + 127) / 255;
	unsigned b = (rgba[2] * a + (d & 0xff) * na + 127) / 255;
	unsigned al = (255 * a + (d >> 24) * na + 127) / 255;
	*(uint32_t *)(void *)p = al << 24 | r << 16 | g << 8 | b;
}

/* One column's span [ya, yb) (device rows Y0 .. Y1-1, p at row Y0) in the
 * gradient's colour of each row, coverage fx across. */
static void raster_rows(const struct raster *R, unsigned char *p, long Y0, long Y1, double ya,
                        double yb, double fx)
{
	for (long Y = Y0; Y < Y1; Y++, p += R->stride) {
		uint32_t c = R->rows[Y - R->y0];
		unsigned rgba[4] = {c >> 24, (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff};
		double cov = fmin((double)Y + 1, yb) - fmax((double)Y, ya);
		blend_px(p, rgba, (unsigned)(fx * cov * rgba[3] + 0.5));
	}
}

/* Band columns top/bot[0..cols) from device column c0, in R's columns and
 * rows only. */
static void raster_band(const struct raster *R, struct env_cols dev, const double *top,
                        const double *bot, uint32_t colour, long c0, size_t cols, double left,
                        double right, double hw)
{
	unsigned rgba[4] = { colour >> 24, (colour >> 16) & 0xff, (colour >> 8) & 0xff,
	                     colour & 0xff };
	double ldev = left * dev.k + dev.off, rdev = right * dev.k + dev.off;
	for (size_t c = 0; c < cols; c++) {
		long X = c0 + (long)c;
		if (X < R->x0 || X >= R->x1)
			continue;
		double fx = fmin((double)X + 1, rdev) - fmax((double)X, ldev);
		if (!(fx > 0))
			continue;
		fx = fmin(fx, 1);
		double ya = (top[c] - hw) * R->sy + R->oy, yb = (bot[c] + hw) * R->sy + R->oy;
		if (ya > yb) {
			double t = ya;
			ya = yb;
			yb = t;
		}
		ya = fmax(ya, R->y0);
		yb = fmin(yb, R->y1);
		if (!(yb > ya))
			continue;
		long Y0 = (long)floor(ya), Y1 = (long)ceil(yb);
		unsigned char *p = R->px + (size_t)Y0 * (size_t)R->stride + (size_t)X * 4;
		if (R->rows) {
			raster_rows(R, p, Y0, Y1, ya, yb, fx);
			continue;
		}
		double fa = fx * rgba[3];
		if (Y1 - Y0 == 1) {
			blend_px(p, rgba, (unsigned)(fa * (yb - ya) + 0.5));
			continue;
		}
		/* The end rows in part, the rows between whole. */
		blend_px(p, rgba, (unsigned)(fa * ((double)Y0 + 1 - ya) + 0.5));
		unsigned full = (unsigned)(fa + 0.5);
		for (long Y = Y0 + 1; Y < Y1 - 1; Y++)
			blend_px(p += R->stride, rgba, full);
		blend_px(p + R->stride, rgba, (unsigned)(fa * (yb - (double)(Y1 - 1)) + 0.5));
	}
}

/* ---- raster work queued, then drawn by column stripes ------------------- */

/* Bands and thin-line chunks written straight into the pixels wait here
 * and are drawn in order by rq_flush, before anything Cairo draws on the
 * plot and at its end.  Every pixel column is drawn on its own, so the
 * columns can be split between threads: each stripe draws every queued
 * operation in order within its columns, each pixel sees the same blends in
 * the same order, and the bytes are those of one thread (test_draw). */
struct rop {
	bool band;
	uint32_t colour;
	const uint32_t *rows; /* bands: the gradient's rows (live until flushed), else NULL */
	size_t at, n;         /* strokes: pts[at..at+n); bands: top/bot[at..at+n) */
	long c0;              /* bands: device column of top/bot[at] */
	double hw;            /* strokes: in device px; bands: as raster_band takes it */
	double left, right;   /* bands: raster_band's; strokes: device x extent */
};

struct rq {
	pool *pool;
	struct rop *ops;
	size_t nops, capops;
	double (*pts)[2];
	size_t npts, cappts;
	double *top, *bot;
	size_t ncols, capcols;
};

/* Drawn when this much waits (points and columns, ~1 MB each), and split
 * between threads from this much: a 64-point chunk costs ~15 us, a
 * pool_run ~10 us. */
#define RQ_FLUSH_AT    65536
#define RQ_PARALLEL_AT 4096
/* columns a stripe has at least */
#define RQ_STRIPE_MIN 64

static struct rop *rq_op(struct rq *q)
{
	if (q->nops == q->capops) {
		q->capops = q->capops ? q->capops * 2 : 256;
		q->ops = g_renew(struct rop, q->ops, q->capops);
	}
	return &q->ops[q->nops++];
}

/* Room for n more points at q->pts + q->npts. */
static double (*rq_pts(struct rq *q, size_t n))[2]
{
	if (q->npts + n > q->cappts) {
		q->cappts = q->cappts ? q->cappts * 2 : 4096;
		q->cappts = q->cappts < q->npts + n ? q->npts + n : q->cappts;
		q->pts = g_realloc_n(q->pts, q->cappts, sizeof *q->pts);
	}
	return q->pts + q->npts;
}

struct stripes {
	const struct band *bd;
	size_t n;
};

static void rq_stripe(void *arg, size_t i)
{
	const struct stripes *st = arg;
	const struct band *bd = st->bd;
	const struct rq *q = bd->q;
	struct raster R = bd->raster;
	long w = R.x1 - R.x0;
	R.x0 = bd->raster.x0 + (int)(w * (long)i / (long)st->n);
	R.x1 = bd->raster.x0 + (int)(w * (long)(i + 1) / (long)st->n);
	struct thinline_target t = {R.px, R.stride, R.x0, R.y0, R.x1, R.y1};
	for (size_t k = 0; k < q->nops; k++) {
		const struct rop *o = &q->ops[k];
		if (o->band) {
			if (o->c0 + (long)o->n <= R.x0 || o->c0 >= R.x1)
				continue;
			R.rows = o->rows;
			raster_band(&R, bd->dev, q->top + o->at, q->bot + o->at, o->colour, o->c0,
			            o->n, o->left, o->right, o->hw);
			continue;
		}
		if (o->right < R.x0 || o->left > R.x1)
			continue;
		int r0, r1;
		thinline_stroke(&t, (const double(*)[2])(q->pts + o->at), o->n, o->hw, o->colour,
		                &r0, &r1);
	}
}

/* Draws what waits, in order, on the pool's threads when it is worth it. */
static void rq_flush(const struct band *bd)
{
	struct rq *q = bd->q;
	if (!q || !q->nops)
		return;
	const struct raster *R = &bd->raster;
	struct stripes st = {bd, 1};
	int threads = q->pool ? pool_threads(q->pool) : 0;
	if (threads > 0 && q->npts + q->ncols >= RQ_PARALLEL_AT) {
		/* twice the threads, for balance when a stripe has less to draw */
		st.n = 2 * ((size_t)threads + 1);
		size_t most = (size_t)(R->x1 - R->x0) / RQ_STRIPE_MIN;
		st.n = st.n < most ? st.n : most ? most : 1;
	}
	cairo_surface_flush(R->img);
	pool_run(st.n > 1 ? q->pool : NULL, rq_stripe, &st, st.n);
	cairo_surface_mark_dirty_rectangle(R->img, R->x0, R->y0, R->x1 - R->x0, R->y1 - R->y0);
	q->nops = q->npts = q->ncols = 0;
}

static void rq_fini(struct rq *q)
{
	g_free(q->ops);
	g_free(q->pts);
	g_free(q->top);
}

/* Queues the band in bd->top/bot[0..cols) from device column c0. */
static void rq_band(const struct band *bd, uint32_t colour, long c0, size_t cols, double left,
                    double right, double hw)
{
	struct rq *q = bd->q;
	if (q->ncols + cols > q->capcols) {
		size_t cap = q->capcols ? q->capcols * 2 : 4096;
		cap = cap < q->ncols + cols ? q->ncols + cols : cap;
		double *top = g_new(double, 2 * cap);
		if (q->ncols) {
			memcpy(top, q->top, q->ncols * sizeof *top);
			memcpy(top + cap, q->bot, q->ncols * sizeof *top);
		}
		g_free(q->top);
		q->top = top;
		q->bot = top + cap;
		q->capcols = cap;
	}
	memcpy(q->top + q->ncols, bd->top, cols * sizeof *q->top);
	memcpy(q->bot + q->ncols, bd->bot, cols * sizeof *q->bot);
	*rq_op(q) = (struct rop){.band = true,
	                         .colour = colour,
	                         .rows = bd->raster.rows,
	                         .at = q->ncols,
	                         .n = cols,
	                         .c0 = c0,
	                         .hw = hw,
	                         .left = left,
	                         .right = right};
	q->ncols += cols;
	if (q->npts + q->ncols >= RQ_FLUSH_AT)
		rq_flush(bd);
}

/* Whether bands can go straight into the target's pixels: an image surface
 * at device scale 1, no group pushed, a transform that only scales and
 * shifts, plain OVER, and a clip that is one whole-pixel rectangle (the
 * plot's, clip_to_plot).  Otherwise Cairo fills them (SVG, PDF, scale 2). */
static void raster_init(cairo_t *cr, struct raster *R)
{
	cairo_surface_t *img = cairo_get_target(cr);
	*R = (struct raster){ 0 };
	if (cairo_get_group_target(cr) != img || cairo_surface_get_type(img) != CAIRO_SURFACE_TYPE_IMAGE ||
	    cairo_get_operator(cr) != CAIRO_OPERATOR_OVER ||
	    cairo_get_antialias(cr) != CAIRO_ANTIALIAS_DEFAULT)
		return;
	cairo_format_t f = cairo_image_surface_get_format(img);
	double sx, sy, ox, oy;
	cairo_surface_get_device_scale(img, &sx, &sy);
	cairo_surface_get_device_offset(img, &ox, &oy);
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	if ((f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24) || sx != 1 || sy != 1 || ox != 0 ||
	    oy != 0 || m.xy != 0 || m.yx != 0 || !(m.yy > 0))
		return;
	cairo_rectangle_list_t *rl = cairo_copy_clip_rectangle_list(cr);
	bool one = rl->status == CAIRO_STATUS_SUCCESS && rl->num_rectangles == 1;
	if (one) {
		cairo_rectangle_t r = rl->rectangles[0];
		double x0 = r.x, y0 = r.y, x1 = r.x + r.width, y1 = r.y + r.height;
		cairo_user_to_device(cr, &x0, &y0);
		cairo_user_to_device(cr, &x1, &y1);
		int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
		R->x0 = (int)fmax(0, round(x0));
		R->y0 = (int)fmax(0, round(y0));
		R->x1 = (int)fmin(w, round(x1));
		R->y1 = (int)fmin(h, round(y1));
		one = R->x1 > R->x0 && R->y1 > R->y0;
	}
	cairo_rectangle_list_destroy(rl);
	if (!one)
		return;
	R->img = img;
	R->px = cairo_image_surface_get_data(img);
	R->stride = cairo_image_surface_get_stride(img);
	R->sy = m.yy;
	R->oy = m.y0;
	R->ok = R->px != NULL;
	R->stroke = m.xx == m.yy && cairo_get_line_join(cr) == CAIRO_LINE_JOIN_ROUND &&
	            cairo_get_line_cap(cr) == CAIRO_LINE_CAP_BUTT;
}

/* stroke_range's chunks straight into the pixels, for a linear or stepped
 * line on a raster target (each chunk blended on its own, as Cairo's
 * strokes are); false when this cannot (smooth, x out of order), and the
 * caller strokes. */
static bool raster_stroke(const struct band *bd, const struct dpt *q, size_t a, size_t b,
                          enum line_interp li, double hw, uint32_t colour)
{
	const struct raster *R = &bd->raster;
	/* a gradient line (R->rows) is stroked by Cairo in its gradient */
	if (!bd->q || !R->stroke || R->rows || li == INTERP_SMOOTH || !(hw > 0))
		return false;
	for (size_t i = a + 1; i < b; i++)
		if (!isfinite(q[i].x) || !isfinite(q[i].v) || q[i].x < q[i - 1].x)
			return false;
	if (!isfinite(q[a].x) || !isfinite(q[a].v))
		return false;
	struct rq *rq = bd->q;
	double k = bd->dev.k, off = bd->dev.off;
	for (size_t c = a; c + 1 < b; c += STROKE_CHUNK) {
		size_t e = c + STROKE_CHUNK + 1 < b ? c + STROKE_CHUNK + 1 : b, n = 0;
		double(*p)[2] = rq_pts(rq, 2 * STROKE_CHUNK + 2);
		for (size_t i = c; i < e; i++) {
			/* y far off the plot held at 1e6 px: Cairo's own coordinates
			 * stop at 2^23, and a segment's length must not overflow */
			double x = q[i].x * k + off,
			       y = fmin(fmax(q[i].v * R->sy + R->oy, -1e6), 1e6);
			if (i > c && li != INTERP_LINEAR) {
				double px = p[n - 1][0], py = p[n - 1][1];
				p[n][0] = li == INTERP_STEP_AFTER ? x : px;
				p[n][1] = li == INTERP_STEP_AFTER ? py : y;
				n++;
			}
			p[n][0] = x;
			p[n][1] = y;
			n++;
		}
		*rq_op(rq) = (struct rop){.colour = colour,
		                          .at = rq->npts,
		                          .n = n,
		                          .hw = hw * k,
		                          .left = p[0][0] - hw * k - 1,
		                          .right = p[n - 1][0] + hw * k + 1};
		rq->npts += n;
	}
	if (rq->npts + rq->ncols >= RQ_FLUSH_AT)
		rq_flush(bd);
	return true;
}

/* A vertical gradient's colour per device row of the raster's clip, as
 * Cairo paints it (a one-pixel-wide column of those rows): per series,
 * never per point. */
static uint32_t *gradient_rows(const struct raster *R, cairo_pattern_t *g)
{
	int h = R->y1 - R->y0;
	uint32_t *rows = g_new(uint32_t, h > 0 ? h : 1);
	cairo_surface_t *col = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, h > 0 ? h : 1);
	cairo_t *c = cairo_create(col);
	cairo_translate(c, 0, R->oy - R->y0);
	cairo_scale(c, 1, R->sy);
	cairo_set_source(c, g);
	cairo_paint(c);
	cairo_destroy(c);
	cairo_surface_flush(col);
	const unsigned char *px = cairo_image_surface_get_data(col);
	int stride = cairo_image_surface_get_stride(col);
	for (int y = 0; y < h; y++) {
		uint32_t v = px ? *(const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride) : 0;
		unsigned a = v >> 24, ch[3] = {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
		for (int k = 0; k < 3; k++) /* premultiplied → straight */
			ch[k] = a ? (ch[k] * 255 + a / 2) / a : 0;
		rows[y] = ch[0] << 24 | ch[1] << 16 | ch[2] << 8 | a;
	}
	cairo_surface_destroy(col);
	return rows;
}

/* Fills the span of q[a..b] per device column, widened by half the line
 * width: what the stroked zigzag would cover, at a fraction of the cost. */
static void fill_band(cairo_t *cr, const struct band *bd, const struct dpt *q, size_t a, size_t b,
                      enum line_interp li, double hw, uint32_t colour)
{
	long c0;
	size_t cols = envelope_build(q, a, b, bd->dev, li, bd->top, bd->bot, bd->cap, &c0);
	if (cols == 0) {
		rq_flush(bd);
		stroke_range(cr, q, a, b + 1, a, b + 1, li);
		return;
	}
	double left = q[a].x - hw, right = q[b].x + hw;
	if (bd->q) {
		rq_band(bd, colour, c0, cols, left, right, hw);
		return;
	}
	for (size_t c = 0; c < cols; c++) {
		double xl = col_x(bd, c0, c), xr = col_x(bd, c0, c + 1);
		xl = fmax(xl, left);
		xr = fmin(xr, right);
		if (c == 0)
			cairo_move_to(cr, xl, bd->top[c] - hw);
		else
			cairo_line_to(cr, xl, bd->top[c] - hw);
		cairo_line_to(cr, xr, bd->top[c] - hw);
	}
	for (size_t c = cols; c-- > 0;) {
		double xl = col_x(bd, c0, c), xr = col_x(bd, c0, c + 1);
		cairo_line_to(cr, fmin(xr, right), bd->bot[c] + hw);
		cairo_line_to(cr, fmax(xl, left), bd->bot[c] + hw);
	}
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* One unbroken run q[a..b): sparse stretches stroked, dense ones banded. */
static void draw_run(cairo_t *cr, const struct band *bd, const struct plot_series *s,
                     const struct dpt *q, size_t a, size_t b)
{
	enum line_interp li = s->f->fc.custom.line_interp;
	double hw = s->f->fc.custom.line_width / 2;
	for (size_t from = a; from + 1 < b;) {
		bool dense;
		size_t end = a + envelope_next(q + a, b - a, bd->dec, from - a, &dense);
		if (dense)
			fill_band(cr, bd, q, from, end, li, hw, s->f->color);
		else if (!raster_stroke(bd, q, from, end + 1, li, hw, s->f->color)) {
			rq_flush(bd);
			stroke_range(cr, q, from, end + 1, a, b, li);
		}
		from = end;
	}
}

/* custom.lineStyle dash or dot: stroked throughout (a dense band has no
 * dashes), dots as round caps on zero-length dashes, as uPlot draws them. */
static bool set_line_style(cairo_t *cr, const struct ts_custom *c)
{
	if (c->line_fill == LINE_SOLID)
		return false;
	double off = c->line_dash[1] > 0 ? c->line_dash[1] : 10;
	double dash[2] = {c->line_fill == LINE_DOT ? 0 : fmax(c->line_dash[0], 1), off};
	cairo_set_dash(cr, dash, 2, 0);
	if (c->line_fill == LINE_DOT)
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	return true;
}

static void draw_line(cairo_t *cr, const struct plot *t, const struct band *band,
                      const struct plot_series *s, const struct dpt *q, size_t n)
{
	double lw = s->f->fc.custom.line_width;
	if (!(lw > 0))
		return;
	/* a gradient line's dense bands go through Cairo, in the gradient
	 * (the direct writes know one colour) */
	struct band bd_grad = *band;
	cairo_pattern_t *g = gradient(t, s, 1);
	const struct band *bd = band;
	uint32_t *rows = NULL;
	if (g) {
		if (band->raster.ok)
			bd_grad.raster.rows = rows = gradient_rows(&band->raster, g);
		cairo_set_source(cr, g);
		cairo_pattern_destroy(g);
		bd = &bd_grad;
	} else {
		theme_set_source(cr, s->f->color);
	}
	cairo_save(cr);
	cairo_set_line_width(cr, lw);
	bool styled = set_line_style(cr, &s->f->fc.custom);
	for (size_t a = 0; a < n;) {
		size_t b = segment_end(q, n, a);
		if (styled) {
			rq_flush(bd);
			stroke_range(cr, q, a, b, a, b, s->f->fc.custom.line_interp);
		} else {
			draw_run(cr, bd, s, q, a, b);
		}
		if (b == a + 1) {
			rq_flush(bd);
			cairo_move_to(cr, q[a].x, q[a].v);
			cairo_close_path(cr);
			cairo_stroke(cr);
		}
		a = b + 1;
	}
	cairo_restore(cr);
	if (rows) /* queued bands read them */
		rq_flush(bd);
	g_free(rows);
}

/* The samples in view, counted up to `most` (enough to compare with a
 * bound below it: a dense series stops after a few). */
static size_t points_in_view(const struct plot *t, const struct series *s, size_t most)
{
	return decimate_count_upto(s->t, s->v, s->n, t->from, t->to, most);
}

static bool want_points(const struct plot *t, const struct plot_series *s)
{
	const struct ts_custom *c = &s->f->fc.custom;
	if (c->draw_style == DRAW_POINTS || c->show_points == POINTS_ALWAYS)
		return true;
	if (c->show_points == POINTS_NEVER || c->draw_style == DRAW_BARS)
		return false;
	double ps = c->point_size > 0 ? c->point_size : 5;
	double bound = t->r.w / (ps * 4);
	if (!(bound > 0))
		return false;
	/* A count of at least ceil(bound) answers as the full count would. */
	size_t most = bound < 0x1p52 ? (size_t)ceil(bound) : SIZE_MAX;
	return (double)points_in_view(t, s->s, most) < bound;
}

static void paint_one(cairo_t *cr, const struct plot *t, const struct band *bd,
                      const struct plot_series *s, const struct dpt *q, size_t n,
                      const struct dpt *prev, size_t np)
{
	const struct plot_scale *sc = &t->sc[s->f->axis];
	struct rect p = t->r;
	double y0 = sc->log ? p.y + p.h : fmax(p.y, fmin(p.y + p.h, plot_y(sc, p, 0)));
	const struct ts_custom *c = &s->f->fc.custom;
	const struct dpt *under = s->stack_prev >= 0 ? prev : NULL;
	if (c->draw_style == DRAW_BARS) {
		rq_flush(bd);
		draw_bars(cr, t, s, q, n, under, np, y0);
	} else if (c->draw_style == DRAW_LINE) {
		if (c->fill_opacity > 0) {
			rq_flush(bd);
			draw_fill(cr, t, s, q, n, under, np, y0);
		}
		draw_line(cr, t, bd, s, q, n);
	}
	if (want_points(t, s)) {
		rq_flush(bd);
		draw_points(cr, t, s, q, n);
	}
}

static void decimate_series(const struct plot *t, const struct band *bd,
                            const struct plot_series *s, struct dpt *q, size_t cap, size_t *n)
{
	const struct ts_custom *c = &s->f->fc.custom;
	struct decimate_opts o = {
	        .t0 = t->from,
	        .t1 = t->to,
	        .x0 = t->r.x,
	        .width = t->r.w,
	        .col_k = bd->dev.k,
	        .col_off = bd->dev.off,
	        .max_gap = t->step > 0 ? t->step * 1.5 : 0,
	        .span_nulls = c->span_nulls
	                              ? (c->span_nulls_ms > 0 ? c->span_nulls_ms / 1000 : INFINITY)
	                              : 0,
	};
	*n = decimate_m4(s->t, s->v, s->n, &o, q, cap);
	const struct plot_scale *sc = &t->sc[s->f->axis];
	for (size_t i = 0; i < *n; i++)
		if (!isnan(q[i].v))
			q[i].v = plot_y(sc, t->r, q[i].v);
}

/* The band's column grid: the device's pixel columns (from the current
 * transform, which is a scale and a shift), which the decimation gathers
 * samples in too.  (Columns of 1 px from plot.x, half a device pixel off
 * them, left a device column with half of each neighbour's min and max: a
 * dense band then had columns stopping short of the series' range.) */
static void band_init(cairo_t *cr, const struct plot *t, struct band *bd)
{
	double x0 = 0, y0 = 0, x1 = 1, y1 = 0;
	cairo_user_to_device(cr, &x0, &y0);
	cairo_user_to_device(cr, &x1, &y1);
	bd->dev = (struct env_cols){x1 - x0 > 0 ? x1 - x0 : 1, x0};
	bd->dec = bd->dev;
	bd->cap = (size_t)ceil(t->r.w * bd->dev.k) + 8;
	bd->top = g_new(double, bd->cap * 2);
	bd->bot = bd->top + bd->cap;
}

/* Clips to the plot rounded out to whole device pixels: the plot's edges
 * sit on pixel centres, and a clip that cuts pixels makes Cairo render
 * every fill through a mask (measured: 4x the cost of the series). */
static void clip_to_plot(cairo_t *cr, struct rect p)
{
	double x0 = p.x, y0 = p.y, x1 = p.x + p.w, y1 = p.y + p.h;
	cairo_user_to_device(cr, &x0, &y0);
	cairo_user_to_device(cr, &x1, &y1);
	x0 = floor(x0);
	y0 = floor(y0);
	x1 = ceil(x1);
	y1 = ceil(y1);
	cairo_device_to_user(cr, &x0, &y0);
	cairo_device_to_user(cr, &x1, &y1);
	cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
	cairo_clip(cr);
}

/* Series decimated at once on the pool: at most this many (a buffer of cap
 * points each), and only when they hold this many samples between them
 * (decimation costs ~10 instructions a sample, a pool_run ~10 us). */
#define DEC_GROUP       8
#define DEC_PARALLEL_AT 65536

struct dec_batch {
	const struct plot *t;
	const struct band *bd;
	const size_t *idx; /* the series */
	struct dpt **out;
	size_t *n;
	size_t cap;
};

static void dec_one(void *arg, size_t i)
{
	const struct dec_batch *b = arg;
	decimate_series(b->t, b->bd, &b->t->ss[b->idx[i]], b->out[i], b->cap, &b->n[i]);
}

/* The next visible series from *i: several when they are worth decimating
 * in parallel, else one.  Returns how many (0 at the end). */
static size_t next_batch(const struct plot *t, size_t *i, bool parallel, size_t idx[DEC_GROUP])
{
	size_t m = 0, samples = 0, at = *i;
	for (; at < t->n && m < (parallel ? DEC_GROUP : 1); at++) {
		if (!fields_visible(t->ss[at].f))
			continue;
		idx[m++] = at;
		samples += t->ss[at].n;
	}
	if (m > 1 && samples < DEC_PARALLEL_AT) {
		m = 1;
		at = idx[0] + 1;
	}
	*i = at;
	return m;
}

void plot_draw_series(cairo_t *cr, const struct plot *t)
{
	struct band bd;
	band_init(cr, t, &bd);
	/* Device columns: the plot's width at the device's scale, plus the one
	 * a plot edge inside a pixel adds. */
	size_t cap = decimate_cap(t->r.w * bd.dev.k + 1);
	/* The series drawn, and the last one drawn of each stack: a series
	 * fills down to the one below it in its own stack, never to another
	 * stack's (another sign or scale).  A stack's buffer is taken when its
	 * first series is drawn: per stack, never per point. */
	struct dpt *buf[DEC_GROUP] = {NULL};
	size_t idx[DEC_GROUP], nd[DEC_GROUP];
	struct dpt **prev = g_new0(struct dpt *, t->stacks ? t->stacks : 1);
	size_t *nprev = g_new0(size_t, t->stacks ? t->stacks : 1);
	cairo_save(cr);
	clip_to_plot(cr, t->r);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	raster_init(cr, &bd.raster);
	struct rq rq = {.pool = t->pool};
	bd.q = bd.raster.ok ? &rq : NULL;
	bool parallel = t->pool && pool_threads(t->pool) > 0;
	size_t m;
	for (size_t i = 0; (m = next_batch(t, &i, parallel, idx)) > 0;) {
		for (size_t j = 0; j < m; j++)
			if (!buf[j])
				buf[j] = g_new(struct dpt, cap);
		struct dec_batch b = {t, &bd, idx, buf, nd, cap};
		pool_run(m > 1 ? t->pool : NULL, dec_one, &b, m);
		for (size_t j = 0; j < m; j++) {
			const struct plot_series *s = &t->ss[idx[j]];
			long g = s->stack_group >= 0 && (size_t)s->stack_group < t->stacks
			                 ? s->stack_group
			                 : -1;
			paint_one(cr, t, &bd, s, buf[j], nd[j], g >= 0 ? prev[g] : NULL,
			          g >= 0 ? nprev[g] : 0);
			if (g >= 0) {
				struct dpt *tmp = prev[g] ? prev[g] : g_new(struct dpt, cap);
				prev[g] = buf[j];
				buf[j] = tmp;
				nprev[g] = nd[j];
			}
		}
	}
	rq_flush(&bd);
	rq_fini(&rq);
	cairo_restore(cr);
	g_free(bd.top);
	for (size_t g = 0; g < t->stacks; g++)
		g_free(prev[g]);
	g_free(prev);
	g_free(nprev);
	for (size_t j = 0; j < DEC_GROUP; j++)
		g_free(buf[j]);
}
