/*
 * pixbuf.c — the kept pixel buffers of pixbuf.h: a short list per thread
 * (GPrivate, freed at thread exit), oldest dropped first when over its caps.
 */
#include "render/pixbuf.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct pixbuf {
	unsigned char *data;
	size_t size;
};

struct kept {
	struct pixbuf b[PIXBUF_KEEP + 1];
	size_t n, bytes;
};

static void kept_free(gpointer p)
{
	struct kept *k = p;
	for (size_t i = 0; i < k->n; i++)
		g_free(k->b[i].data);
	g_free(k);
}

static GPrivate kept_key = G_PRIVATE_INIT(kept_free);
static const cairo_user_data_key_t surface_key;

static struct kept *kept_here(void)
{
	struct kept *k = g_private_get(&kept_key);
	if (!k) {
		k = g_new0(struct kept, 1);
		g_private_set(&kept_key, k);
	}
	return k;
}

/* Takes buffer i off the list (the caller keeps or frees it). */
static struct pixbuf unlist(struct kept *k, size_t i)
{
	struct pixbuf b = k->b[i];
	k->bytes -= b.size;
	for (; i + 1 < k->n; i++)
		k->b[i] = k->b[i + 1];
	k->n--;
	return b;
}

/* A surface's buffer, back to the thread that lets the surface go. */
static void give_back(void *p)
{
	struct pixbuf *b = p;
	struct kept *k = kept_here();
	k->b[k->n++] = *b;
	k->bytes += b->size;
	g_free(b);
	while (k->n > PIXBUF_KEEP || k->bytes > PIXBUF_KEEP_BYTES)
		g_free(unlist(k, 0).data);
}

/* The smallest kept buffer of at least need bytes and at most twice that
 * (a small surface does not pin a large buffer); taken off the list. */
static bool take(struct kept *k, size_t need, struct pixbuf *out)
{
	size_t best = k->n;
	for (size_t i = 0; i < k->n; i++)
		if (k->b[i].size >= need && k->b[i].size <= need * 2 &&
		    (best == k->n || k->b[i].size < k->b[best].size))
			best = i;
	if (best == k->n)
		return false;
	*out = unlist(k, best);
	return true;
}

cairo_surface_t *pixbuf_surface(cairo_format_t fmt, int w, int h)
{
	int stride = cairo_format_stride_for_width(fmt, w);
	if (stride <= 0 || w <= 0 || h <= 0 || (uint64_t)stride * (uint64_t)h > PIXBUF_KEEP_BYTES)
		return cairo_image_surface_create(fmt, w, h);
	size_t need = (size_t)stride * (size_t)h;
	struct pixbuf *b = g_new(struct pixbuf, 1);
	if (!take(kept_here(), need, b))
		*b = (struct pixbuf){ g_malloc(need), need };
	cairo_surface_t *s = cairo_image_surface_create_for_data(b->data, fmt, w, h, stride);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_set_user_data(s, &surface_key, b, give_back) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		g_free(b->data);
		g_free(b);
		return cairo_image_surface_create(fmt, w, h);
	}
	return s;
}
