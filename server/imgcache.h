/*
 * imgcache.h — rendered images kept by request, so a repeat is a memory
 * copy: a bounded LRU (bytes) of immutable, reference-counted blobs.
 *
 * The key is the server's business (route, dashboard uid and version,
 * canonical parameters, and the data generation: the resolved time range
 * quantized to the image TTL for now-relative ranges); this module only
 * hashes it.  Each blob carries its ETag (a strong validator computed from
 * the bytes once) and the render's status header so a hit answers exactly
 * as the miss did.  Thread-safe.
 */
#ifndef CAIRN_SERVER_IMGCACHE_H
#define CAIRN_SERVER_IMGCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct imgcache imgcache;

/* Bytes in front of every blob's bytes that belong to the service thread
 * (server/http.c): it writes an answer's headers there, and libwebsockets
 * its LWS_PRE, so the headers and the image leave in one send(2) without
 * the image being copied.  Only the service thread touches them, one write
 * at a time (libwebsockets copies whatever the socket did not take), so
 * connections sending the same blob do not disturb each other; no other
 * thread reads them. */
#define IMG_HEADROOM 2048

struct img {
	const unsigned char *bytes;
	size_t len;
	const char *content_type;   /* "image/png", "image/svg+xml", "application/pdf" */
	char etag[24];              /* "\"" + 16 hex digits of a 64-bit hash + "\"" */
	char status[16];            /* X-Cairn-Status: "ok", "error", "nodata"... */
	double expires;             /* mono seconds; 0 = until evicted */
};

/* max_bytes == 0: a cache that keeps nothing (every get misses). */
imgcache *imgcache_new(size_t max_bytes);
void imgcache_free(imgcache *c);

/* A new blob holding bytes (malloc'd; taken over: copied behind
 * IMG_HEADROOM bytes of its own and freed), with its ETag computed.  The
 * returned reference belongs to the caller. */
const struct img *img_new(unsigned char *bytes, size_t len, const char *content_type,
	const char *status, double expires);
const struct img *img_ref(const struct img *i);
void img_unref(const struct img *i);

/* A counted reference to the blob under key, or NULL (missing or expired:
 * an expired one is dropped).  now: mono seconds. */
const struct img *imgcache_get(imgcache *c, const char *key, double now);
/* Keeps i under key (takes its own reference); evicts least recently used
 * blobs to stay within max_bytes; a blob larger than a quarter of the cache
 * is not kept. */
void imgcache_put(imgcache *c, const char *key, const struct img *i);

struct imgcache_stats {
	uint64_t hits, misses;
	size_t bytes, entries;
};
void imgcache_stats(imgcache *c, struct imgcache_stats *s);

/* The strong ETag of bytes, as img_new computes it (for answers that are
 * not cached).  out: at least 24 bytes. */
void img_etag(const unsigned char *bytes, size_t len, char out[24]);

#endif
