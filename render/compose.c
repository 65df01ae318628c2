/*
 * compose.c — render.h: the render context (fonts loaded once), and
 * render_panels, which draws every panel into its own surface on a pool of
 * threads, composes them in job order onto the canvas and encodes the result
 * (a single panel is drawn straight onto the canvas).  Each panel surface is
 * an opaque image at the device scale for PNG, or a recording surface for
 * SVG/PDF so text and lines stay vectors.  What a panel looks
 * like is decided in chrome.c and timeseries.c, not here.
 */
#include "render/render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "render/chrome.h"
#include "render/png.h"
#include "render/text.h"
#include "render/theme.h"
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
	render_ctx *ctx = malloc(sizeof(*ctx));
	if (!ctx) {
		text_fonts_free(f);
		cairn_err_set(err, CAIRN_ENOMEM, "out of memory creating the render context");
		return NULL;
	}
	ctx->fonts = f;
	return ctx;
}

void render_ctx_free(render_ctx *ctx)
{
	if (!ctx)
		return;
	text_fonts_free(ctx->fonts);
	free(ctx);
}

bool render_supports(const char *type)
{
	return type && (strcmp(type, "timeseries") == 0 || strcmp(type, "graph") == 0 ||
	                strcmp(type, "row") == 0);
}

/* One panel's drawing task and its result. */
struct task {
	const render_ctx *ctx;
	const struct render_opts *o;
	const struct theme *th;
	struct panel_job *job;
	double scale;
	double ox, oy; /* where the surface lands on the canvas (px at scale 1) */
	cairo_surface_t *surface;
	int status;
	struct cairn_err err;
};

static bool is_row(const struct cairn_panel *p)
{
	return p->is_row || (p->type && strcmp(p->type, "row") == 0);
}

/* Decides which state the panel shows and draws it at the origin. */
static int draw_panel(cairo_t *cr, struct text *tx, const struct task *t, struct cairn_err *err)
{
	const struct panel_job *j = t->job;
	const struct cairn_panel *p = j->panel;
	struct rect box = {0, 0, j->box.w, j->box.h};
	const char *title = j->title ? j->title : p->title;
	if (is_row(p)) {
		chrome_row(cr, tx, t->th, box, title, j->row_collapsed, j->row_panels);
		return 0;
	}
	const struct cairn_result *d = j->data;
	bool failed = d && d->status == RESULT_ERROR;
	chrome_panel(cr, tx, t->th, box, title, p->transparent, failed,
	             p->description && *p->description);
	struct rect c = chrome_content_rect(box);
	if (!render_supports(p->type)) {
		char msg[160];
		snprintf(msg, sizeof msg, "Panel type '%s' is not supported yet",
		         p->type ? p->type : "(none)");
		chrome_message(cr, tx, t->th, c, msg);
		return 0;
	}
	if (failed) {
		chrome_error(cr, tx, t->th, c, d->message);
		return 0;
	}
	if (d && d->status == RESULT_UNSUPPORTED) {
		chrome_message(cr, tx, t->th, c, d->message);
		return 0;
	}
	struct ts_env env = {.tx = tx, .th = t->th, .tz = t->o->timezone};
	return ts_draw(cr, &env, j, c, err);
}

/* Panel surfaces (PNG only) start as the canvas colour and are opaque
 * RGB24, so composing them is a plain copy (CAIRO_OPERATOR_SOURCE). */
static cairo_surface_t *task_surface(struct task *t, double w, double h)
{
	cairo_surface_t *s = cairo_image_surface_create(
	        CAIRO_FORMAT_RGB24, (int)lround(w * t->scale), (int)lround(h * t->scale));
	cairo_surface_set_device_scale(s, t->scale, t->scale);
	return s;
}

/* Draws the task's panel on cr, whose origin is the panel's top-left. */
static void draw_task(struct task *t, cairo_t *cr)
{
	gint64 t0 = g_get_monotonic_time();
	struct panel_job *j = t->job;
	struct text tx;
	t->status = text_init(&tx, t->ctx->fonts, &t->err);
	if (t->status == 0) {
		t->status = draw_panel(cr, &tx, t, &t->err);
		text_fini(&tx);
	}
	cairo_status_t cs = cairo_status(cr);
	if (t->status == 0 && cs != CAIRO_STATUS_SUCCESS)
		t->status = cairn_err_set(&t->err, CAIRN_ENOMEM, "drawing panel '%s': %s",
		                          j->title ? j->title : "", cairo_status_to_string(cs));
	j->render_ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
}

static void run_task(struct task *t)
{
	struct panel_job *j = t->job;
	double s = t->scale;
	/* Snap the surface to whole device pixels so composing is a copy. */
	double dx0 = floor(j->box.x * s), dy0 = floor(j->box.y * s);
	double dx1 = ceil((j->box.x + j->box.w) * s), dy1 = ceil((j->box.y + j->box.h) * s);
	t->ox = dx0 / s;
	t->oy = dy0 / s;
	t->surface = task_surface(t, (dx1 - dx0) / s, (dy1 - dy0) / s);
	cairo_t *cr = cairo_create(t->surface);
	theme_set_source(cr, t->th->canvas);
	cairo_paint(cr);
	cairo_translate(cr, j->box.x - t->ox, j->box.y - t->oy);
	draw_task(t, cr);
	cairo_destroy(cr);
}

static void task_fn(void *arg, size_t i)
{
	run_task(&((struct task *)arg)[i]);
}

/* Runs every task on the caller's pool; without one, on a pool of `threads`
 * made for this call (1 = all on the calling thread). */
static void run_tasks(struct task *tasks, size_t n, pool *workers, int threads)
{
	if (workers || threads == 1 || n <= 1) {
		pool_run(workers, task_fn, tasks, n);
		return;
	}
	pool *own = pool_new(threads > 1 ? threads - 1 : 0);
	pool_run(own, task_fn, tasks, n);
	pool_free(own);
}

/* A memory stream for the SVG/PDF writers, with its cap. */
struct stream {
	unsigned char *data;
	size_t len, cap, max;
	bool over, nomem;
};

static cairo_status_t stream_write(void *closure, const unsigned char *data, unsigned int n)
{
	struct stream *s = closure;
	if (s->len + n > s->max) {
		s->over = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 65536;
		while (cap < s->len + n)
			cap *= 2;
		unsigned char *p = realloc(s->data, cap);
		if (!p) {
			s->nomem = true;
			return CAIRO_STATUS_NO_MEMORY;
		}
		s->data = p;
		s->cap = cap;
	}
	memcpy(s->data + s->len, data, n);
	s->len += n;
	return CAIRO_STATUS_SUCCESS;
}

static void paint_canvas(cairo_t *cr, struct text *tx, const struct render_opts *o,
                         const struct theme *th, struct task *tasks, size_t n)
{
	theme_set_source(cr, th->canvas);
	cairo_paint(cr);
	if (o->title && *o->title && o->title_height > 0) {
		double h;
		text_measure(tx, o->title, DASH_TITLE_PX, TEXT_MEDIUM, NULL, &h);
		text_draw(tx, cr, o->title, DASH_TITLE_PX, TEXT_MEDIUM, CHROME_PAD * 2,
		          (o->title_height - h) / 2, o->width - CHROME_PAD * 4, ALIGN_LEFT,
		          th->text);
	}
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	for (size_t i = 0; i < n; i++) {
		if (!tasks[i].surface)
			continue;
		cairo_set_source_surface(cr, tasks[i].surface, tasks[i].ox, tasks[i].oy);
		/* SOURCE is unbounded: limit it to the panel's own pixels. */
		cairo_surface_t *ps = tasks[i].surface;
		cairo_rectangle(cr, tasks[i].ox, tasks[i].oy,
		                cairo_image_surface_get_width(ps) / tasks[i].scale,
		                cairo_image_surface_get_height(ps) / tasks[i].scale);
		cairo_fill(cr);
	}
	cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
}

/* Draws a panel straight onto the canvas, clipped to its box. */
static void paint_direct(cairo_t *cr, struct task *t)
{
	const struct rect *b = &t->job->box;
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
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		                                                (int)lround(o->width * scale),
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

static int encode(cairo_surface_t *canvas, const struct render_opts *o, struct stream *st,
                  struct render_out *out, struct cairn_err *err)
{
	if (o->format == FMT_PNG)
		return png_encode(canvas, st->max, &out->bytes, &out->len, err);
	cairo_surface_finish(canvas);
	cairo_status_t cs = cairo_surface_status(canvas);
	if (st->over)
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "render: output exceeds the cap of %zu bytes", st->max);
	if (cs != CAIRO_STATUS_SUCCESS || st->nomem)
		return cairn_err_set(err, CAIRN_ENOMEM, "render: encoding failed: %s",
		                     cairo_status_to_string(cs));
	out->bytes = st->data;
	out->len = st->len;
	st->data = NULL;
	return 0;
}

int render_panels(const render_ctx *ctx, struct panel_job *jobs, size_t n,
                  const struct render_opts *o, struct render_out *out, struct cairn_err *err)
{
	double scale = o->scale == 0 ? 1 : o->scale;
	if (o->format != FMT_PNG)
		scale = 1;
	int rc = check_opts(o, scale, jobs, n, err);
	if (rc)
		return rc;
	out->bytes = NULL;
	out->len = 0;
	struct task *tasks = calloc(n ? n : 1, sizeof(*tasks));
	if (!tasks)
		return cairn_err_set(err, CAIRN_ENOMEM, "render: out of memory");
	const struct theme *th = theme_get(o->theme);
	for (size_t i = 0; i < n; i++)
		tasks[i] = (struct task){
		        .ctx = ctx, .o = o, .th = th, .job = &jobs[i], .scale = scale};
	/* Straight onto the canvas, in order: one panel (no surface to fill and
	 * copy, ~3 ms less at 1000x500), and every SVG/PDF, since a vector
	 * surface takes one thread at a time anyway and replaying per-panel
	 * recordings cost as much as drawing (cairo 1.16 also leaks recordings
	 * used as PDF sources).  Several PNG panels draw concurrently into
	 * their own surfaces. */
	bool direct = n == 1 || o->format != FMT_PNG;
	if (!direct)
		run_tasks(tasks, n, o->pool, o->threads);
	struct stream st = {.max = o->max_bytes ? o->max_bytes : DEFAULT_MAX_BYTES};
	cairo_surface_t *canvas = NULL;
	for (size_t i = 0; i < n; i++)
		if (tasks[i].status) {
			rc = cairn_err_set(err, tasks[i].err.code, "%s", tasks[i].err.msg);
			goto done;
		}
	canvas = canvas_surface(o, scale, &st);
	cairo_t *cr = cairo_create(canvas);
	struct text tx;
	rc = text_init(&tx, ctx->fonts, err);
	if (rc == 0) {
		paint_canvas(cr, &tx, o, th, tasks, n);
		text_fini(&tx);
	}
	for (size_t i = 0; rc == 0 && direct && i < n; i++) {
		paint_direct(cr, &tasks[i]);
		if (tasks[i].status)
			rc = cairn_err_set(err, tasks[i].err.code, "%s", tasks[i].err.msg);
	}
	cairo_status_t cs = cairo_status(cr);
	cairo_destroy(cr);
	if (rc == 0 && cs != CAIRO_STATUS_SUCCESS)
		rc = cairn_err_set(err, CAIRN_ENOMEM, "render: composing failed: %s",
		                   cairo_status_to_string(cs));
	if (rc == 0)
		rc = encode(canvas, o, &st, out, err);
done:
	if (canvas)
		cairo_surface_destroy(canvas);
	free(st.data);
	for (size_t i = 0; i < n; i++)
		if (tasks[i].surface)
			cairo_surface_destroy(tasks[i].surface);
	free(tasks);
	return rc;
}
