/*
 * png.h — PNG encoding into memory, streamed: rows go in a band at a time
 * as they are drawn, are filtered (UP; RGB when opaque) and deflated in
 * strips (on a worker pool when given), so a whole dashboard is never held
 * as one image.  The bytes depend on the image alone (not on the bands or
 * the pool): the same image always has the same ETag.
 */
#ifndef CAIRN_PNG_H
#define CAIRN_PNG_H

#include <stdbool.h>
#include <stddef.h>
#include <cairo.h>
#include "base/err.h"
#include "base/pool.h"

typedef struct png_stream png_stream;

/* How hard to compress: PNG_FAST (the default: UP filter, render/fdeflate)
 * or PNG_SMALL (each strip unfiltered and UP-filtered through zlib level 9,
 * the smaller kept: about 10-25% smaller files for 20-40 times the
 * encoding work; png.c's header has the numbers). */
enum png_compression { PNG_FAST, PNG_SMALL };

/* A stream for a w×h image, RGB when opaque (alpha dropped) else RGBA
 * (un-premultiplied); strips deflated on p (NULL: on the caller); the PNG
 * capped at max_bytes (0 = no cap).  Never NULL; a bad size is reported by
 * the first png_stream_rows/png_stream_finish.  Free with png_stream_free. */
png_stream *png_stream_new(int w, int h, bool opaque, pool *p, size_t max_bytes);

/* The next n rows, ARGB32 premultiplied native-endian (cairo's layout),
 * each `stride` bytes after the one before, in order, each row once.  data
 * may be reused as soon as this returns.  0, or CAIRN_ELIMIT (the PNG has
 * already passed max_bytes) / CAIRN_EINVAL (more rows than h) / CAIRN_ENOMEM
 * with err filled; after a failure every call fails the same way.  One
 * thread at a time; it may run as a pool item beside the drawing of the
 * next band. */
int png_stream_rows(png_stream *s, const unsigned char *data, int stride, int n,
                    struct cairn_err *err);

/* After all h rows: the PNG in *out (g_malloc'd, caller frees) and *len.
 * 0, or a status as png_stream_rows (CAIRN_EINVAL when rows are missing)
 * with *out NULL. */
int png_stream_finish(png_stream *s, unsigned char **out, size_t *len, struct cairn_err *err);

/* Chooses the compression (PNG_FAST when never called); only before the
 * first row, ignored after.  The bytes depend on it and on the image. */
void png_stream_set_compression(png_stream *s, enum png_compression c);

/* NULL is a no-op. */
void png_stream_free(png_stream *s);

/* Encodes an ARGB32/RGB24 image surface through a stream, opaque (RGB)
 * when every pixel is, on p (NULL: all on this thread).  On success *out
 * is malloc'd (caller frees) and *len set; on failure CAIRN_ELIMIT when the
 * PNG would exceed max_bytes (0 = no cap), with err filled. */
int png_encode(cairo_surface_t *img, pool *p, size_t max_bytes, unsigned char **out,
               size_t *len, struct cairn_err *err);

/* png_encode with the given compression. */
int png_encode_as(cairo_surface_t *img, enum png_compression c, pool *p, size_t max_bytes,
                  unsigned char **out, size_t *len, struct cairn_err *err);

#endif
