/*
 * buf.c — the capped growable buffer of buf.h.
 */
#include "base/buf.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>
#include "base/err.h"

void buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max ? max : SIZE_MAX - 1;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
	if (n > b->max - b->len)
		return CAIRN_ELIMIT;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
		/* g_realloc aborts when memory runs out (the allocation policy);
		 * GLib allocates with malloc, so free() releases what buf_take
		 * hands out. */
		b->data = g_realloc(b->data, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

unsigned char *buf_take(struct buf *b, size_t *len)
{
	unsigned char *d = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void buf_fini(struct buf *b)
{
	g_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
