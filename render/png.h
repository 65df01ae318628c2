/*
 * png.h — PNG encoding of a cairo image surface into memory with libpng
 * (zlib level 1, UP filter, opaque RGB when the image has no transparency),
 * the image data deflated in strips at once on a worker pool.
 */
#ifndef CAIRN_PNG_H
#define CAIRN_PNG_H

#include <stddef.h>
#include <cairo.h>
#include "base/err.h"
#include "base/pool.h"

/* Encodes an ARGB32/RGB24 image surface, its strips on p (NULL: all on
 * this thread).  On success *out is malloc'd (caller frees) and *len set;
 * on failure returns CAIRN_ELIMIT when the PNG would exceed max_bytes,
 * CAIRN_ENOMEM otherwise, with err filled. */
int png_encode(cairo_surface_t *img, pool *p, size_t max_bytes, unsigned char **out,
               size_t *len, struct cairn_err *err);

#endif
