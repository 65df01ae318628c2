/*
 * support.c — test helpers for render/: default panels, synthetic series,
 * rendering one job to memory, decoding and probing pixels.
 */
#include "support.h"

#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pthread_once rather than g_once_init_*: GLib is uninstrumented in the
 * TSan build, so its once-guard gives TSan no happens-before edge and the
 * context's fields read as racing with their first write. */
static render_ctx *the_ctx;
static pool *the_pool;

static void make_ctx(void)
{
	struct cairn_err err = {0};
	the_ctx = render_ctx_new(CAIRN_FONTS_DIR, &err);
	if (!the_ctx) {
		fprintf(stderr, "render_ctx_new: %s\n", err.msg);
		abort();
	}
}

static void make_pool(void)
{
	the_pool = pool_new(2);
}

render_ctx *support_ctx(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_ctx);
	return the_ctx;
}

pool *support_pool(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_pool);
	return the_pool;
}

void support_panel(struct cairn_panel *p, const char *type, const char *title)
{
	memset(p, 0, sizeof(*p));
	p->type = (char *)type;
	p->title = (char *)title;
	p->json_path = (char *)"panels[0]";
	p->row_index = -1;
	struct field_config *fc = &p->defaults;
	fc->decimals = -1;
	fc->min = fc->max = NAN;
	fc->color_mode = COLOR_PALETTE_CLASSIC;
	fc->thresholds.n = 2;
	fc->thresholds.steps[0] = (struct threshold){-INFINITY, 0x73BF69ff, "green"};
	fc->thresholds.steps[1] = (struct threshold){80, 0xF2495Cff, "red"};
	struct ts_custom *c = &fc->custom;
	c->line_width = 1;
	c->point_size = 5;
	c->bar_width_factor = 0.6;
	c->axis_soft_min = c->axis_soft_max = NAN;
	c->log_base = 10;
	p->legend.show = true;
}

void support_series(struct series *s, const char *name, size_t n, double t0, double dt,
                    double (*f)(size_t i, void *arg), void *arg)
{
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	g_strlcpy(s->ref_id, "A", sizeof s->ref_id);
	s->n = n;
	s->t = malloc((n ? n : 1) * sizeof(double));
	s->v = malloc((n ? n : 1) * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		s->t[i] = t0 + dt * (double)i;
		s->v[i] = f(i, arg);
	}
}

void support_result(struct cairn_result *r, struct series *s, size_t n, double step)
{
	memset(r, 0, sizeof(*r));
	r->status = n ? RESULT_OK : RESULT_NODATA;
	r->series = calloc(n ? n : 1, sizeof(*s));
	memcpy(r->series, s, n * sizeof(*s));
	r->n_series = n;
	r->step = step;
	for (size_t i = 0; i < n; i++)
		r->points += s[i].n;
}

int support_render1(struct panel_job *job, int w, int h, enum render_format fmt,
                    enum theme_kind theme, struct render_out *out)
{
	struct render_opts o = {
	        .format = fmt, .theme = theme, .width = w, .height = h, .scale = 1};
	job->box = (struct rect){0, 0, w, h};
	struct cairn_err err = {0};
	int rc = render_panels(support_ctx(), job, 1, &o, out, &err);
	if (rc)
		fprintf(stderr, "render_panels: %s\n", err.msg);
	return rc;
}

struct reader {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t read_cb(void *closure, unsigned char *data, unsigned int n)
{
	struct reader *r = closure;
	if (n > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, n);
	r->p += n;
	r->left -= n;
	return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *support_decode(const struct render_out *out)
{
	struct reader r = {out->bytes, out->len};
	return cairo_image_surface_create_from_png_stream(read_cb, &r);
}

uint32_t support_px(cairo_surface_t *img, int x, int y)
{
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	if (x < 0 || y < 0 || x >= w || y >= h)
		return 0;
	const unsigned char *d = cairo_image_surface_get_data(img);
	uint32_t p =
	        *(const uint32_t *)(const void *)(d +
	                                          (size_t)y * cairo_image_surface_get_stride(img) +
	                                          (size_t)x * 4);
	return p & 0xffffff;
}

int support_coldiff(uint32_t a, uint32_t b)
{
	int m = 0;
	for (int s = 0; s < 24; s += 8) {
		int d = abs((int)((a >> s) & 0xff) - (int)((b >> s) & 0xff));
		m = d > m ? d : m;
	}
	return m;
}

long support_count_not(cairo_surface_t *img, int x0, int y0, int x1, int y1, uint32_t bg, int tol)
{
	long n = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			n += support_coldiff(support_px(img, x, y), bg) > tol;
	return n;
}

long support_count_near(cairo_surface_t *img, int x0, int y0, int x1, int y1, uint32_t c, int tol)
{
	long n = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			n += support_coldiff(support_px(img, x, y), c) <= tol;
	return n;
}

void support_result_free(struct cairn_result *r)
{
	for (size_t i = 0; i < r->n_series; i++) {
		free(r->series[i].name);
		free(r->series[i].t);
		free(r->series[i].v);
	}
	free(r->series);
	r->series = NULL;
	r->n_series = 0;
}
