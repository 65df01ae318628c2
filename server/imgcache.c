/*
 * imgcache.c — rendered images by key: an LRU bounded in bytes, of
 * immutable blobs shared by reference count, and their strong ETags.
 *
 * One mutex guards the table and the recency list; a hit is a lookup, an
 * unlink/relink and an atomic increment.  Blobs are reference-counted with
 * atomics, so a blob evicted (or replaced) while a response is still being
 * written stays valid until that response lets go of it.  The mutex is
 * pthread's so ThreadSanitizer sees it (GLib's futex mutex is invisible).
 *
 * Not here: what the key means (the server builds it), rendering.
 */
#include "server/imgcache.h"

#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Bookkeeping counted against the cache besides the blob and its key, so
 * many tiny blobs cannot grow the table past its bound; the blob's
 * IMG_HEADROOM is memory too. */
#define ENTRY_OVERHEAD (128 + IMG_HEADROOM)

struct blob {
	struct img pub;   /* first: a const struct img * is a struct blob * */
	atomic_size_t refs;
	char *content_type;
};

struct entry {
	char *key;
	const struct img *img;   /* one reference held by the cache */
	size_t cost;
	struct entry *newer, *older;
};

struct imgcache {
	pthread_mutex_t lock;
	GHashTable *map;   /* key (the entry's own) -> struct entry * */
	struct entry *newest, *oldest;
	size_t max_bytes, bytes;
	uint64_t hits, misses;
};

/* -- ETag: XXH64 (seed 0), written out from its specification ----------------
 * Four independent lanes of 8 bytes, so hashing a 50 kB PNG costs a few
 * microseconds (FNV-1a, a multiply per byte, is several times slower).  As
 * a validator a 64-bit hash collides about once in 2^32 distinct images of
 * one URL, far more than a client ever holds. */

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* Little-endian loads whatever the host and however aligned: memcpy is one
 * load on x86 and arm64 (a byte-by-byte loop was not, at a third the speed). */
static inline uint64_t load64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return GUINT64_FROM_LE(v);
}

static inline uint64_t load32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return GUINT32_FROM_LE(v);
}

static inline uint64_t xxh_round(uint64_t acc, uint64_t input)
{
	return rotl64(acc + input * P2, 31) * P1;
}

static inline uint64_t xxh_merge(uint64_t h, uint64_t v)
{
	return (h ^ xxh_round(0, v)) * P1 + P4;
}

static uint64_t xxh64(const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	uint64_t h;
	if (len >= 32) {
		uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1;
		for (; end - p >= 32; p += 32) {
			v1 = xxh_round(v1, load64(p));
			v2 = xxh_round(v2, load64(p + 8));
			v3 = xxh_round(v3, load64(p + 16));
			v4 = xxh_round(v4, load64(p + 24));
		}
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v1), v2), v3), v4);
	} else {
		h = P5;
	}
	h += len;
	for (; end - p >= 8; p += 8)
		h = rotl64(h ^ xxh_round(0, load64(p)), 27) * P1 + P4;
	if (end - p >= 4) {
		h = rotl64(h ^ load32(p) * P1, 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl64(h ^ *p * P5, 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

void img_etag(const unsigned char *bytes, size_t len, char out[24])
{
	g_snprintf(out, 24, "\"%016" G_GINT64_MODIFIER "x\"", (guint64)xxh64(bytes, len));
}

/* -- blobs ------------------------------------------------------------------- */

const struct img *img_new(unsigned char *bytes, size_t len, const char *content_type,
	const char *status, double expires)
{
	struct blob *b = g_new0(struct blob, 1);
	atomic_init(&b->refs, 1);
	b->content_type = g_strdup(content_type ? content_type : "application/octet-stream");
	/* One copy per image made (microseconds beside its render) buys every
	 * answer from it the send without a copy (IMG_HEADROOM). */
	unsigned char *room = g_malloc(IMG_HEADROOM + len);
	if (len)
		memcpy(room + IMG_HEADROOM, bytes, len);
	free(bytes);
	b->pub.bytes = room + IMG_HEADROOM;
	b->pub.len = len;
	b->pub.content_type = b->content_type;
	img_etag(b->pub.bytes, len, b->pub.etag);
	g_strlcpy(b->pub.status, status ? status : "", sizeof b->pub.status);
	b->pub.expires = expires;
	return &b->pub;
}

const struct img *img_ref(const struct img *i)
{
	if (i)
		atomic_fetch_add_explicit(&((struct blob *)i)->refs, 1, memory_order_relaxed);
	return i;
}

void img_unref(const struct img *i)
{
	if (!i)
		return;
	struct blob *b = (struct blob *)i;
	/* acq_rel: the last owner sees every other owner's reads done. */
	if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) != 1)
		return;
	g_free((unsigned char *)b->pub.bytes - IMG_HEADROOM);
	g_free(b->content_type);
	g_free(b);
}

/* -- the cache --------------------------------------------------------------- */

imgcache *imgcache_new(size_t max_bytes)
{
	imgcache *c = g_new0(imgcache, 1);
	pthread_mutex_init(&c->lock, NULL);
	c->map = g_hash_table_new(g_str_hash, g_str_equal);
	c->max_bytes = max_bytes;
	return c;
}

static void unlink_entry(imgcache *c, struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void push_newest(imgcache *c, struct entry *e)
{
	e->older = c->newest;
	e->newer = NULL;
	if (c->newest)
		c->newest->newer = e;
	else
		c->oldest = e;
	c->newest = e;
}

/* Removes e from table and list and frees it.  The blob reference is given
 * back under the lock: it is an atomic decrement, and a final free of a
 * blob no response holds is as cheap as the eviction that caused it. */
static void drop_entry(imgcache *c, struct entry *e)
{
	g_hash_table_remove(c->map, e->key);
	unlink_entry(c, e);
	c->bytes -= e->cost;
	img_unref(e->img);
	g_free(e->key);
	g_free(e);
}

void imgcache_free(imgcache *c)
{
	if (!c)
		return;
	while (c->oldest)
		drop_entry(c, c->oldest);
	g_hash_table_destroy(c->map);
	pthread_mutex_destroy(&c->lock);
	g_free(c);
}

const struct img *imgcache_get(imgcache *c, const char *key, double now)
{
	const struct img *found = NULL;
	pthread_mutex_lock(&c->lock);
	struct entry *e = g_hash_table_lookup(c->map, key);
	if (e && e->img->expires != 0 && now >= e->img->expires) {
		drop_entry(c, e);
		e = NULL;
	}
	if (e) {
		unlink_entry(c, e);
		push_newest(c, e);
		found = img_ref(e->img);
		c->hits++;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void imgcache_put(imgcache *c, const char *key, const struct img *i)
{
	g_return_if_fail(c && key && i);
	size_t cost = i->len + strlen(key) + ENTRY_OVERHEAD;
	pthread_mutex_lock(&c->lock);
	/* The newest answer for a key wins: an older blob under it goes even
	 * when the new one is too large to keep. */
	struct entry *old = g_hash_table_lookup(c->map, key);
	if (old)
		drop_entry(c, old);
	if (cost > c->max_bytes / 4)
		goto out;
	while (c->bytes + cost > c->max_bytes && c->oldest)
		drop_entry(c, c->oldest);
	struct entry *e = g_new0(struct entry, 1);
	e->key = g_strdup(key);
	e->img = img_ref(i);
	e->cost = cost;
	g_hash_table_insert(c->map, e->key, e);
	push_newest(c, e);
	c->bytes += cost;
out:
	pthread_mutex_unlock(&c->lock);
}

void imgcache_stats(imgcache *c, struct imgcache_stats *s)
{
	pthread_mutex_lock(&c->lock);
	s->hits = c->hits;
	s->misses = c->misses;
	s->bytes = c->bytes;
	s->entries = g_hash_table_size(c->map);
	pthread_mutex_unlock(&c->lock);
}
