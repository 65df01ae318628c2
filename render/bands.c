/*
 * bands.c — the banded PNG of bands.h.
 *
 * Panels are drawn on the pool in order of their top edges, each into its
 * own surface.  A band is written once every panel touching it is drawn: the
 * background painted, the panels' rows copied onto it in job order (so an
 * overlap comes out as composing the whole canvas in job order did), and
 * the rows handed to the PNG stream.  A panel's surface is freed when the
 * last band it touches is written.  A panel whose top is more than `ahead`
 * rows below the band being written waits (helping to write when it can),
 * which bounds the live surfaces.  One thread writes at a time: whichever
 * finishes the panel a band waited for; the others keep drawing, and the
 * stream's strips join the pool's queue behind the panels.
 */
#include "render/bands.h"

#include <glib.h>
#include <pthread.h>
#include <string.h>
#include "render/pixbuf.h"
#include "render/png.h"

/* A band is ~2 MB: at 1600 px 327 rows, 2.6 of the encoder's 128-row
 * strips, so most calls complete a batch of strips; it stays in the L3
 * cache (32 MB here) between being composed and filtered; and the per-band
 * costs (a readiness scan, a background paint, a lock round) are noise at
 * ~70 bands for Node Exporter Full.  Drawing may run ~16 MB of rows ahead:
 * with zlib writing a band costs about what drawing it does, so the
 * drawer rarely waits (measured: 0-47 ms of waiting in a 0.8 s render). */
#define BAND_BYTES  ((size_t)2 << 20)
#define AHEAD_BYTES ((size_t)16 << 20)
#define MIN_ROWS    16

struct slot {
	cairo_surface_t *surface; /* the drawn panel, until its last band is written */
	bool drawn;
	bool given; /* its pixels went back to the budget */
};

struct bands {
	const struct bands_spec *s;
	pthread_mutex_t lock;
	pthread_cond_t moved; /* a band was written or writing stopped */
	struct slot *slots;   /* job order */
	size_t *order;        /* panel indices by top edge */
	int band_rows, ahead;
	int y;        /* rows written */
	bool writing; /* a thread is writing a band */
	int status;   /* the first failure; nothing more is drawn */
	struct cairn_err err;
	cairo_surface_t *band; /* the writer's */
	png_stream *png;
};

int bands_rows(int w, int h, int want)
{
	size_t stride = (size_t)(w > 0 ? w : 1) * 4;
	int rows = want > 0 ? want : (int)MAX(BAND_BYTES / stride, (size_t)MIN_ROWS);
	return MAX(MIN(rows, h), 1);
}

static void fail(struct bands *b, int rc, const struct cairn_err *err)
{
	if (rc && b->status == 0) {
		b->status = rc;
		b->err = *err;
	}
}

/* Every panel on rows [y, y1) drawn (lock held). */
static bool band_ready(struct bands *b)
{
	const struct bands_spec *s = b->s;
	if (b->y >= s->h)
		return false;
	int y1 = MIN(b->y + b->band_rows, s->h);
	for (size_t k = 0; k < s->n; k++) {
		const struct dev_rect *r = &s->rects[b->order[k]];
		if (r->w == 0)
			continue;
		if (r->y >= y1)
			break;
		if (!b->slots[b->order[k]].drawn && r->y + r->h > b->y)
			return false;
	}
	return true;
}

static void slot_release(struct bands *b, size_t i)
{
	struct slot *sl = &b->slots[i];
	if (sl->surface)
		cairo_surface_destroy(sl->surface);
	sl->surface = NULL;
	if (!sl->given) {
		const struct dev_rect *r = &b->s->rects[i];
		budget_give(b->s->budget, BUDGET_PIXELS, (uint64_t)r->w * (uint64_t)r->h);
		sl->given = true;
	}
}

/* Copies rows [y0, y1) of every panel on them onto the band, job order. */
static void copy_panels(struct bands *b, unsigned char *band, int stride, int y0, int y1)
{
	const struct bands_spec *s = b->s;
	for (size_t i = 0; i < s->n; i++) {
		const struct dev_rect *r = &s->rects[i];
		/* only the slots of panels on the band: others may be changing */
		if (r->w == 0 || r->y >= y1 || r->y + r->h <= y0)
			continue;
		cairo_surface_t *ps = b->slots[i].surface;
		if (!ps || cairo_surface_status(ps) != CAIRO_STATUS_SUCCESS)
			continue; /* the render fails on the panel's own status */
		cairo_surface_flush(ps);
		const unsigned char *src = cairo_image_surface_get_data(ps);
		int ss = cairo_image_surface_get_stride(ps);
		int from = MAX(r->y, y0), to = MIN(r->y + r->h, y1);
		for (int y = from; y < to; y++)
			memcpy(band + (size_t)(y - y0) * stride + (size_t)r->x * 4,
			       src + (size_t)(y - r->y) * ss, (size_t)r->w * 4);
	}
}

/* Paints, composes and streams rows [y0, y1) (no lock: the panels on them
 * are drawn and only the writer frees surfaces). */
static int write_band(struct bands *b, int y0, int y1, struct cairn_err *err)
{
	const struct bands_spec *s = b->s;
	cairo_surface_t *band = b->band;
	if (cairo_surface_status(band) != CAIRO_STATUS_SUCCESS)
		return cairn_err_set(err, CAIRN_ENOMEM, "render: a band of %dx%d: %s", s->w,
		                     b->band_rows,
		                     cairo_status_to_string(cairo_surface_status(band)));
	cairo_surface_set_device_offset(band, 0, -y0);
	cairo_t *cr = cairo_create(band);
	int rc = s->background(s->arg, cr, y0, y1, err);
	cairo_status_t cs = cairo_status(cr);
	cairo_destroy(cr);
	if (rc)
		return rc;
	if (cs != CAIRO_STATUS_SUCCESS)
		return cairn_err_set(err, CAIRN_ENOMEM, "render: painting rows %d-%d: %s", y0, y1,
		                     cairo_status_to_string(cs));
	cairo_surface_flush(band);
	unsigned char *data = cairo_image_surface_get_data(band);
	int stride = cairo_image_surface_get_stride(band);
	copy_panels(b, data, stride, y0, y1);
	cairo_surface_mark_dirty(band);
	return png_stream_rows(b->png, data, stride, y1 - y0, err);
}

/* Writes every band that is ready while no one else is writing (lock held
 * on entry and return). */
static void write_ready(struct bands *b)
{
	while (!b->writing && b->status == 0 && band_ready(b)) {
		b->writing = true;
		int y0 = b->y, y1 = MIN(y0 + b->band_rows, b->s->h);
		pthread_mutex_unlock(&b->lock);
		struct cairn_err err = {0};
		int rc = write_band(b, y0, y1, &err);
		pthread_mutex_lock(&b->lock);
		fail(b, rc, &err);
		b->y = y1;
		for (size_t i = 0; i < b->s->n; i++) {
			const struct dev_rect *r = &b->s->rects[i];
			if (b->slots[i].drawn && r->y + r->h <= y1)
				slot_release(b, i);
		}
		b->writing = false;
		pthread_cond_broadcast(&b->moved);
	}
}

/* Waits until rows down to top may be drawn: within `ahead` of the band
 * being written (lock held). */
static void wait_turn(struct bands *b, int top)
{
	while (b->status == 0 && top >= b->y + b->ahead) {
		write_ready(b);
		if (b->status == 0 && top >= b->y + b->ahead)
			pthread_cond_wait(&b->moved, &b->lock);
	}
}

static void panel_fn(void *arg, size_t k)
{
	struct bands *b = arg;
	const struct bands_spec *s = b->s;
	size_t i = b->order[k];
	const struct dev_rect *r = &s->rects[i];
	pthread_mutex_lock(&b->lock);
	wait_turn(b, r->y);
	bool skip = b->status != 0 || r->w == 0;
	pthread_mutex_unlock(&b->lock);
	cairo_surface_t *ps = NULL;
	if (!skip) {
		ps = pixbuf_surface(CAIRO_FORMAT_RGB24, r->w, r->h);
		cairo_surface_set_device_scale(ps, s->scale, s->scale);
		s->draw(s->arg, i, ps);
	}
	pthread_mutex_lock(&b->lock);
	b->slots[i].surface = ps;
	b->slots[i].drawn = true;
	write_ready(b);
	pthread_mutex_unlock(&b->lock);
}

/* Top edge, then job order. */
static gint by_top(gconstpointer a, gconstpointer b, gpointer rects)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct dev_rect *r = rects;
	int ya = r[i].y, yb = r[j].y;
	return ya != yb ? (ya > yb) - (ya < yb) : (i > j) - (i < j);
}

int bands_render(const struct bands_spec *s, unsigned char **out, size_t *len,
                 struct cairn_err *err)
{
	*out = NULL;
	*len = 0;
	struct bands b = {.s = s};
	b.band_rows = bands_rows(s->w, s->h, s->band_rows);
	/* at least a band ahead, or the panels a band waits for could wait */
	b.ahead = s->ahead_rows > 0 ? MAX(s->ahead_rows, b.band_rows)
	                            : MAX((int)(AHEAD_BYTES / ((size_t)s->w * 4)), 2 * b.band_rows);
	b.slots = g_new0(struct slot, s->n ? s->n : 1);
	b.order = g_new(size_t, s->n ? s->n : 1);
	for (size_t i = 0; i < s->n; i++)
		b.order[i] = i;
	g_qsort_with_data(b.order, (gint)s->n, sizeof *b.order, by_top, (gpointer)s->rects);
	b.band = pixbuf_surface(CAIRO_FORMAT_RGB24, s->w, b.band_rows);
	cairo_surface_set_device_scale(b.band, s->scale, s->scale);
	b.png = png_stream_new(s->w, s->h, true, s->pool, s->max_bytes);
	png_stream_set_compression(b.png, s->compression);
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.moved, NULL);

	pool_run(s->pool, panel_fn, &b, s->n);
	pthread_mutex_lock(&b.lock);
	write_ready(&b); /* the rows below the last panel */
	pthread_mutex_unlock(&b.lock);

	int rc = b.status;
	if (rc)
		*err = b.err;
	else
		rc = png_stream_finish(b.png, out, len, err);
	for (size_t i = 0; i < s->n; i++)
		slot_release(&b, i);
	pthread_cond_destroy(&b.moved);
	pthread_mutex_destroy(&b.lock);
	png_stream_free(b.png);
	cairo_surface_destroy(b.band);
	g_free(b.order);
	g_free(b.slots);
	return rc;
}
