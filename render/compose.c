/*
 * compose.c — render.h: the render context (fonts loaded once), and
 * render_panels, which hands a PNG of several panels to bands.c (each panel
 * drawn into its own surface on the caller's pool, composed a band of rows
 * at a time) and draws a single panel, and every SVG/PDF, straight onto the
 * canvas.  Panel surfaces are opaque images at the device scale, cut to the
 * part of the panel that is on the canvas.  What a panel looks like is
 * decided in chrome.c and timeseries.c, not here; which panel state to
 * show, here.
 */
#include "render/pixbuf.h"
#include "render/render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "render/bands.h"
#include "render/chrome.h"
#include "render/fields.h"
#include "render/mdtext.h"
#include "render/png.h"
#include "render/bargauge.h"
#include "render/barchart.h"
#include "render/histogram.h"
#include "render/gauge.h"
#include "render/heatmap.h"
#include "render/heatmap_prep.h"
#include "render/piechart.h"
#include "render/stat.h"
#include "render/table.h"
#include "render/text.h"
#include "render/theme.h"
#include "render/timeline.h"
#include "render/timeseries.h"

#define DEFAULT_MAX_BYTES ((size_t)256 << 20)
#define DASH_TITLE_PX     18.0

struct render_ctx {
	text_fonts *fonts;
};

render_ctx *render_ctx_new(const char *fonts_dir, struct cairn_err *err)
{
	text_fonts *f = text_fonts_new(fonts_dir, true, err);
	if (!f)
		return NULL;
	render_ctx *ctx = g_new(render_ctx, 1);
	ctx->fonts = f;
	return ctx;
}

void render_ctx_free(render_ctx *ctx)
{
	if (!ctx)
		return;
	text_fonts_free(ctx->fonts);
	g_free(ctx);
}

bool render_supports(const char *type)
{
	return type && (strcmp(type, "timeseries") == 0 || strcmp(type, "graph") == 0 ||
	                strcmp(type, "row") == 0 || strcmp(type, "stat") == 0 ||
	                strcmp(type, "gauge") == 0 || strcmp(type, "bargauge") == 0 ||
	                strcmp(type, "table") == 0 || strcmp(type, "text") == 0 ||
	                strcmp(type, "heatmap") == 0 || strcmp(type, "barchart") == 0 ||
	                strcmp(type, "histogram") == 0 || strcmp(type, "piechart") == 0 ||
	                strcmp(type, "state-timeline") == 0 || strcmp(type, "status-history") == 0);
}

/* The single-value panels: "No data" is a value they draw themselves. */
static bool is_single(const char *type)
{
	return type && (strcmp(type, "stat") == 0 || strcmp(type, "gauge") == 0 ||
	                strcmp(type, "bargauge") == 0);
}

/* The panels built on getFieldDisplayValues (single.h): these and the pie. */
static bool is_reduced(const char *type)
{
	return is_single(type) || (type && strcmp(type, "piechart") == 0);
}

/* One panel's drawing task and its result. */
struct task {
	const render_ctx *ctx;
	const struct render_opts *o;
	const struct theme *th;
	struct panel_job *job;
	double scale;
	struct dev_rect dev;        /* the panel's pixels on the canvas; empty = off it */
	int status;                 /* non-zero: Cairo failed; the whole render fails */
	struct cairn_err err;
};

static bool is_row(const struct cairn_panel *p)
{
	return p->is_row || (p->type && strcmp(p->type, "row") == 0);
}

static uint64_t dev_pixels(struct dev_rect r)
{
	return (uint64_t)r.w * (uint64_t)r.h;
}

/* The box snapped out to whole device pixels (so composing is a copy) and
 * cut to the canvas' w×h device pixels.  Clamping in double first keeps the
 * int conversion defined for any finite box. */
static struct dev_rect dev_rect_of(struct rect b, double s, int w, int h)
{
	double x0 = fmax(floor(b.x * s), 0), y0 = fmax(floor(b.y * s), 0);
	double x1 = fmin(ceil((b.x + b.w) * s), w), y1 = fmin(ceil((b.y + b.h) * s), h);
	if (!(x1 > x0) || !(y1 > y0))
		return (struct dev_rect){0, 0, 0, 0};
	return (struct dev_rect){(int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0)};
}

/* "Not drawn": the request's deadline passed before this panel's turn. */
static void draw_late(cairo_t *cr, struct text *tx, const struct task *t, struct rect box,
                      const char *title)
{
	const struct cairn_panel *p = t->job->panel;
	char msg[sizeof t->job->draw_err.msg + 16];
	snprintf(msg, sizeof msg, "Not drawn: %s", t->job->draw_err.msg);
	chrome_panel(cr, tx, t->th, box, title, p->transparent, true,
	             p->description && *p->description);
	chrome_error(cr, tx, t->th, chrome_content_rect(box), msg);
}

/* Field config per series, before the chrome: an override left out marks
 * the header.  NULL when there is nothing to draw, or the deadline passed
 * (then draw_err is CAIRN_ETIMEOUT). */
static struct field_res *resolve_fields(const struct task *t)
{
	struct panel_job *j = t->job;
	const struct cairn_result *d = j->data;
	if (!d || d->n_series == 0 || d->status != RESULT_OK)
		return NULL;
	struct field_res *f = g_new(struct field_res, d->n_series);
	struct cairn_err late = {0};
	if (fields_resolve_in(j->panel, t->th, j->vars, d->series, d->n_series, t->o->budget, f,
	                      &j->draw_err, &late) == 0)
		return f;
	g_free(f);
	j->draw_err = late;
	return NULL;
}

/* Grafana's "No data" view: no series, or none with a sample. */
static bool has_samples(const struct cairn_result *d)
{
	for (size_t i = 0; d && d->status == RESULT_OK && i < d->n_series; i++)
		for (size_t k = 0; k < d->series[i].n; k++)
			if (!isnan(d->series[i].v[k]))
				return true;
	return false;
}

/* Decides which state the panel shows and draws it at the origin. */
static bool type_is(const struct cairn_panel *p, const char *type)
{
	return p->type && strcmp(p->type, type) == 0;
}

/* The barchart and histogram panels, which read the data as frames; what
 * they could not draw as Grafana would goes to the job's draw_err. */
static void draw_bars_panel(cairo_t *cr, struct text *tx, const struct task *t, struct rect c)
{
	struct panel_job *j = t->job;
	const struct cairn_result *d = j->data;
	struct cairn_err note = {0};
	if (!d || d->status != RESULT_OK || d->n_series == 0) {
		chrome_message(cr, tx, t->th, c, "No data");
		return;
	}
	if (type_is(j->panel, "barchart")) {
		struct barchart_env env = {.tx = tx, .th = t->th, .tz = t->o->timezone,
		                           .budget = t->o->budget};
		barchart_draw(cr, &env, j, c, &note);
	} else {
		struct histogram_env env = {.tx = tx, .th = t->th, .budget = t->o->budget};
		histogram_draw(cr, &env, j, c, &note);
	}
	if (note.code && j->draw_err.code == 0)
		j->draw_err = note;
}

static void draw_panel(cairo_t *cr, struct text *tx, const struct task *t)
{
	struct panel_job *j = t->job;
	const struct cairn_panel *p = j->panel;
	struct rect box = {0, 0, j->box.w, j->box.h};
	const char *title = j->title ? j->title : p->title;
	if (is_row(p)) {
		chrome_row(cr, tx, t->th, box, title, j->row_collapsed, j->row_panels);
		return;
	}
	if (budget_check_deadline(t->o->budget, &j->draw_err)) {
		draw_late(cr, tx, t, box, title);
		return;
	}
	const struct cairn_result *d = j->data;
	bool failed = d && d->status == RESULT_ERROR;
	bool drawable = render_supports(p->type) && !failed;
	bool own_fields = type_is(p, "table") || type_is(p, "text") || type_is(p, "barchart") ||
	                  type_is(p, "histogram") || /* resolved per column / frame field */
	                  type_is(p, "heatmap");     /* heatmap: none */
	struct field_res *fields = drawable && !own_fields ? resolve_fields(t) : NULL;
	struct table_prep *table = NULL;
	if (drawable && type_is(p, "table") && d && d->status == RESULT_OK && d->n_series)
		table = table_prepare(j, t->o->budget, &j->draw_err);
	struct hm_grid hmg = {0};
	struct cairn_err hm_err = {0};
	if (drawable && type_is(p, "heatmap") && hm_prepare(p, d, j->from, j->to, t->o->budget, &hmg,
	                                                    &hm_err) && !j->draw_err.code)
		j->draw_err = hm_err;
	if (j->draw_err.code == CAIRN_ETIMEOUT) {
		hm_grid_fini(&hmg);
		table_prep_free(table);
		draw_late(cr, tx, t, box, title);
		return;
	}
	chrome_panel(cr, tx, t->th, box, title, p->transparent, failed || j->draw_err.code,
	             p->description && *p->description);
	struct rect c = chrome_content_rect(box);
	if (type_is(p, "text")) { /* no query: its content, whatever the data */
		struct text_opts o = p->text;
		if (j->text)
			o.content = (char *)j->text;
		mdtext_draw(cr, tx, t->th, &o, c);
	} else if (!render_supports(p->type)) {
		char msg[160];
		snprintf(msg, sizeof msg, CAIRN_UNSUPPORTED_FMT,
		         p->type ? p->type : "(none)");
		chrome_message(cr, tx, t->th, c, msg);
	} else if (failed) {
		chrome_error(cr, tx, t->th, c, d->message);
	} else if (d && d->status == RESULT_UNSUPPORTED) {
		chrome_message(cr, tx, t->th, c, d->message);
	} else if (type_is(p, "table")) {
		struct table_env env = {.tx = tx, .th = t->th, .tz = t->o->timezone,
		                        .budget = t->o->budget};
		if (!table)
			chrome_message(cr, tx, t->th, c, "No data");
		else
			table_draw(cr, &env, table, j, c);
	} else if (type_is(p, "heatmap")) {
		struct hm_env env = {.tx = tx, .th = t->th, .tz = t->o->timezone,
		                     .plot_out = &j->plot};
		if (hm_err.code) /* data the options cannot bucket, or cells over the budget */
			chrome_error(cr, tx, t->th, c, hm_err.msg);
		else
			heatmap_draw(cr, &env, j, &hmg, c);
	} else if (type_is(p, "barchart") || type_is(p, "histogram")) {
		draw_bars_panel(cr, tx, t, c);
	} else if (type_is(p, "state-timeline") || type_is(p, "status-history")) {
		struct timeline_env env = {.tx = tx, .th = t->th, .tz = t->o->timezone,
		                           .fields = fields, .budget = t->o->budget,
		                           .plot_out = &j->plot};
		timeline_draw(cr, &env, j, c);
	} else if (is_reduced(p->type) && !has_samples(d)) {
		/* PanelDataErrorView: the field's noValue, else "No data" */
		chrome_message(cr, tx, t->th, c, p->defaults.no_value);
	} else if (is_reduced(p->type)) {
		/* PanelChrome pads these panels' content on every side (the time
		 * series' plot padding already stands for the top one) */
		c.y += CHROME_PAD;
		c.h = fmax(0, c.h - CHROME_PAD);
		struct single_env env = {.tx = tx, .th = t->th, .fields = fields};
		if (strcmp(p->type, "stat") == 0)
			stat_draw(cr, &env, j, c);
		else if (strcmp(p->type, "gauge") == 0)
			gauge_draw(cr, &env, j, c);
		else if (strcmp(p->type, "piechart") == 0)
			piechart_draw(cr, &env, j, c);
		else
			bargauge_draw(cr, &env, j, c);
	} else {
		struct ts_env env = {
		        .tx = tx, .th = t->th, .tz = t->o->timezone, .fields = fields,
		        .plot_out = &j->plot, .pool = t->o->pool};
		ts_draw(cr, &env, j, c);
	}
	hm_grid_fini(&hmg);
	table_prep_free(table);
	g_free(fields);
}

/* Draws the task's panel on cr, whose origin is the panel's top-left. */
static void draw_task(struct task *t, cairo_t *cr)
{
	gint64 t0 = g_get_monotonic_time();
	struct panel_job *j = t->job;
	struct text tx;
	t->status = text_init(&tx, t->ctx->fonts, &t->err);
	if (t->status == 0) {
		draw_panel(cr, &tx, t);
		text_fini(&tx);
	}
	cairo_status_t cs = cairo_status(cr);
	if (t->status == 0 && cs != CAIRO_STATUS_SUCCESS)
		t->status = cairn_err_set(&t->err, CAIRN_ENOMEM, "drawing panel '%s': %s",
		                          j->title ? j->title : "", cairo_status_to_string(cs));
	j->render_ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
}

/* bands.c's argument: what drawing a panel or a band's background needs. */
struct banded {
	const render_ctx *ctx;
	const struct render_opts *o;
	double scale;
	struct task *tasks;
};

/* bands.c's draw: the panel on its own surface, which starts as the canvas
 * colour (surfaces are opaque RGB24, so composing them is a plain copy). */
static void band_draw(void *arg, size_t i, cairo_surface_t *surface)
{
	struct task *t = &((struct banded *)arg)->tasks[i];
	double s = t->scale;
	cairo_t *cr = cairo_create(surface);
	theme_set_source(cr, t->th->canvas);
	cairo_paint(cr);
	cairo_translate(cr, t->job->box.x - t->dev.x / s, t->job->box.y - t->dev.y / s);
	draw_task(t, cr);
	cairo_destroy(cr);
}

/* The SVG/PDF writers' memory stream, capped. */
struct stream {
	struct buf b;
	bool over;
};

static cairo_status_t stream_write(void *closure, const unsigned char *data, unsigned int n)
{
	struct stream *s = closure;
	if (buf_append(&s->b, data, n)) {
		s->over = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static bool has_title(const struct render_opts *o)
{
	return o->title && *o->title && o->title_height > 0;
}

static void paint_background(cairo_t *cr, struct text *tx, const struct render_opts *o,
                             const struct theme *th)
{
	theme_set_source(cr, th->canvas);
	cairo_paint(cr);
	if (has_title(o)) {
		double h;
		text_measure(tx, o->title, DASH_TITLE_PX, TEXT_MEDIUM, NULL, &h);
		text_draw(tx, cr, o->title, DASH_TITLE_PX, TEXT_MEDIUM, CHROME_PAD * 2,
		          (o->title_height - h) / 2, o->width - CHROME_PAD * 4, ALIGN_LEFT,
		          th->text);
	}
}

/* bands.c's background: the canvas colour, and the title on the bands it
 * may reach (its header band plus a line's worth, for any ink below). */
static int band_background(void *arg, cairo_t *cr, int y0, int y1, struct cairn_err *err)
{
	(void)y1;
	const struct banded *bd = arg;
	const struct theme *th = theme_get(bd->o->theme);
	if (!has_title(bd->o) || y0 >= ceil((bd->o->title_height + DASH_TITLE_PX) * bd->scale)) {
		theme_set_source(cr, th->canvas);
		cairo_paint(cr);
		return 0;
	}
	struct text tx;
	int rc = text_init(&tx, bd->ctx->fonts, err);
	if (rc)
		return rc;
	paint_background(cr, &tx, bd->o, th);
	text_fini(&tx);
	return 0;
}

/* Draws a panel straight onto the canvas, clipped to its box; a panel off
 * the canvas is not drawn. */
static void paint_direct(cairo_t *cr, struct task *t)
{
	const struct rect *b = &t->job->box;
	if (t->dev.w == 0)
		return;
	cairo_save(cr);
	cairo_rectangle(cr, b->x, b->y, b->w, b->h);
	cairo_clip(cr);
	cairo_translate(cr, b->x, b->y);
	draw_task(t, cr);
	cairo_restore(cr);
}

static cairo_surface_t *canvas_surface(const struct render_opts *o, double scale, struct stream *st)
{
	switch (o->format) {
	case FMT_SVG: {
		cairo_surface_t *s =
		        cairo_svg_surface_create_for_stream(stream_write, st, o->width, o->height);
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
		return s;
	}
	case FMT_PDF:
		return cairo_pdf_surface_create_for_stream(stream_write, st, o->width, o->height);
	case FMT_PNG:
	default: {
		cairo_surface_t *s = pixbuf_surface(CAIRO_FORMAT_RGB24, (int)lround(o->width * scale),
		                                    (int)lround(o->height * scale));
		cairo_surface_set_device_scale(s, scale, scale);
		return s;
	}
	}
}

static int check_opts(const struct render_opts *o, double scale, struct panel_job *jobs, size_t n,
                      struct cairn_err *err)
{
	if (o->width <= 0 || o->height <= 0)
		return cairn_err_set(err, CAIRN_EINVAL, "render: size %dx%d must be positive",
		                     o->width, o->height);
	if (!(scale > 0) || !isfinite(scale) || scale > 16)
		return cairn_err_set(err, CAIRN_EINVAL, "render: scale %g must be in (0, 16]",
		                     scale);
	double w = o->width * scale, h = o->height * scale;
	if (w > RENDER_MAX_PX || h > RENDER_MAX_PX || w * h > (double)RENDER_MAX_PIXELS)
		return cairn_err_set(
		        err, CAIRN_EINVAL,
		        "render: %dx%d at scale %g exceeds the cap (%d px a side, %u pixels)",
		        o->width, o->height, scale, RENDER_MAX_PX, RENDER_MAX_PIXELS);
	for (size_t i = 0; i < n; i++) {
		struct rect b = jobs[i].box;
		if (!jobs[i].panel || !isfinite(b.x) || !isfinite(b.y) || !(b.w >= 0) ||
		    !(b.h >= 0) || b.w > RENDER_MAX_PX || b.h > RENDER_MAX_PX)
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "render: panel %zu has no panel or an unusable box",
			                     i);
	}
	return 0;
}

/* Sets up every task and takes the pixels the render will need: the canvas
 * (*canvas_px) and, when panels get surfaces, each one's visible part (given
 * back by bands.c as each surface goes). */
static int plan_tasks(const render_ctx *ctx, struct panel_job *jobs, size_t n,
                      const struct render_opts *o, double scale, bool direct, struct task *tasks,
                      uint64_t *canvas_px, struct cairn_err *err)
{
	int cw = (int)lround(o->width * scale), ch = (int)lround(o->height * scale);
	const struct theme *th = theme_get(o->theme);
	uint64_t panels = 0;
	for (size_t i = 0; i < n; i++) {
		cairn_err_clear(&jobs[i].draw_err);
		jobs[i].render_ms = 0;
		tasks[i] = (struct task){.ctx = ctx, .o = o, .th = th, .job = &jobs[i],
		                         .scale = scale,
		                         .dev = dev_rect_of(jobs[i].box, scale, cw, ch)};
		if (!direct)
			panels += dev_pixels(tasks[i].dev);
	}
	/* The whole canvas even when it is made a band at a time: the budget
	 * caps the image a request may ask for, as before bands. */
	uint64_t canvas = (uint64_t)cw * (uint64_t)ch;
	if (budget_take(o->budget, BUDGET_PIXELS, canvas + panels, err)) {
		cairn_err_prefix(err, "render: a %dx%d canvas and %llu panel pixels", cw, ch,
		                 (unsigned long long)panels);
		return CAIRN_ELIMIT;
	}
	*canvas_px = canvas;
	return 0;
}

static int encode(cairo_surface_t *canvas, const struct render_opts *o, struct stream *st,
                  struct render_out *out, struct cairn_err *err)
{
	if (o->format == FMT_PNG)
		return png_encode_as(canvas, o->png_compression, o->pool, st->b.max, &out->bytes,
		                     &out->len, err);
	cairo_surface_finish(canvas);
	cairo_status_t cs = cairo_surface_status(canvas);
	if (st->over)
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "render: output exceeds the cap of %zu bytes", st->b.max);
	if (cs != CAIRO_STATUS_SUCCESS)
		return cairn_err_set(err, CAIRN_ENOMEM, "render: encoding failed: %s",
		                     cairo_status_to_string(cs));
	out->bytes = buf_take(&st->b, &out->len);
	return 0;
}

/* The first panel Cairo failed on, as the render's error. */
static int task_status(const struct task *tasks, size_t n, struct cairn_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (tasks[i].status)
			return cairn_err_set(err, tasks[i].err.code, "%s", tasks[i].err.msg);
	return 0;
}

/* Paints the canvas: background and title, then every panel in turn. */
static int paint(cairo_surface_t *canvas, const render_ctx *ctx, const struct render_opts *o,
                 struct task *tasks, size_t n, struct cairn_err *err)
{
	cairo_t *cr = cairo_create(canvas);
	struct text tx;
	int rc = text_init(&tx, ctx->fonts, err);
	if (rc == 0) {
		paint_background(cr, &tx, o, theme_get(o->theme));
		text_fini(&tx);
		for (size_t i = 0; i < n; i++)
			paint_direct(cr, &tasks[i]);
		rc = task_status(tasks, n, err);
	}
	cairo_status_t cs = cairo_status(cr);
	cairo_destroy(cr);
	if (rc == 0 && cs != CAIRO_STATUS_SUCCESS)
		rc = cairn_err_set(err, CAIRN_ENOMEM, "render: composing failed: %s",
		                   cairo_status_to_string(cs));
	return rc;
}

/* A PNG of several panels, band by band (bands.c). */
static int render_banded(const render_ctx *ctx, struct task *tasks, size_t n,
                         const struct render_opts *o, double scale, size_t max_bytes,
                         struct render_out *out, struct cairn_err *err)
{
	struct dev_rect *rects = g_new(struct dev_rect, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		rects[i] = tasks[i].dev;
	struct banded bd = {.ctx = ctx, .o = o, .scale = scale, .tasks = tasks};
	struct bands_spec spec = {
	        .w = (int)lround(o->width * scale), .h = (int)lround(o->height * scale),
	        .scale = scale, .band_rows = o->band_rows, .n = n, .rects = rects,
	        .draw = band_draw, .background = band_background, .arg = &bd,
	        .pool = o->pool, .budget = o->budget, .max_bytes = max_bytes,
	        .compression = o->png_compression};
	int rc = bands_render(&spec, &out->bytes, &out->len, err);
	if (rc == 0 && task_status(tasks, n, err)) {
		rc = err->code;
		free(out->bytes);
		out->bytes = NULL;
		out->len = 0;
	}
	g_free(rects);
	return rc;
}

int render_panels(const render_ctx *ctx, struct panel_job *jobs, size_t n,
                  const struct render_opts *o, struct render_out *out, struct cairn_err *err)
{
	double scale = o->scale == 0 ? 1 : o->scale;
	if (o->format != FMT_PNG)
		scale = 1;
	out->bytes = NULL;
	out->len = 0;
	int rc = check_opts(o, scale, jobs, n, err);
	if (rc)
		return rc;
	/* Straight onto the canvas, in order: one panel (no surface to fill and
	 * copy, ~3 ms less at 1000x500), and every SVG/PDF, since a vector
	 * surface takes one thread at a time anyway and replaying per-panel
	 * recordings cost as much as drawing (cairo 1.16 also leaks recordings
	 * used as PDF sources).  Several PNG panels draw concurrently into
	 * their own surfaces, composed a band at a time. */
	bool direct = n == 1 || o->format != FMT_PNG;
	struct task *tasks = g_new0(struct task, n ? n : 1);
	uint64_t pixels = 0;
	size_t max_bytes = o->max_bytes ? o->max_bytes : DEFAULT_MAX_BYTES;
	rc = plan_tasks(ctx, jobs, n, o, scale, direct, tasks, &pixels, err);
	if (rc == 0 && !direct) {
		rc = render_banded(ctx, tasks, n, o, scale, max_bytes, out, err);
		budget_give(o->budget, BUDGET_PIXELS, pixels);
	} else if (rc == 0) {
		struct stream st = {0};
		buf_init(&st.b, max_bytes);
		cairo_surface_t *canvas = canvas_surface(o, scale, &st);
		rc = paint(canvas, ctx, o, tasks, n, err);
		if (rc == 0)
			rc = encode(canvas, o, &st, out, err);
		cairo_surface_destroy(canvas);
		budget_give(o->budget, BUDGET_PIXELS, pixels);
		buf_fini(&st.b);
	}
	g_free(tasks);
	return rc;
}
