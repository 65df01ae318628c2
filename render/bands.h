/*
 * bands.h — a PNG of many panels made a band of rows at a time, so that a
 * whole dashboard is never held as one image: memory is one band plus the
 * surfaces of the panels drawn ahead of it, whatever the dashboard's height.
 * The caller (compose.c) says where each panel is and how to draw it and the
 * background; this module decides when, on which surface, and when each
 * band goes to the PNG stream.
 */
#ifndef CAIRN_BANDS_H
#define CAIRN_BANDS_H

#include <stddef.h>
#include <cairo.h>
#include "base/budget.h"
#include "base/err.h"
#include "base/pool.h"
#include "render/png.h"

/* A rectangle of whole device pixels on the canvas; w 0 = not on it. */
struct dev_rect {
	int x, y, w, h;
};

struct bands_spec {
	int w, h;       /* the canvas, device px */
	double scale;   /* device pixels per user px */
	int band_rows;  /* rows per band; 0 = bands_rows' choice */
	int ahead_rows; /* a panel starting this many rows below the band
	                   being written waits; 0 = about 16 MB of rows
	                   (at least a band) */
	size_t n;       /* panels, in job order (later ones win overlaps) */
	const struct dev_rect *rects;
	/* Draws panel i on s: an opaque RGB24 surface of rects[i]'s size at the
	 * device scale, origin at the rect's top-left, contents undefined.  Any
	 * thread, several panels at once. */
	void (*draw)(void *arg, size_t i, cairo_surface_t *s);
	/* Paints the canvas under the panels (colour, title) on cr, whose
	 * target is the band of device rows [y0, y1) (the user space is the
	 * canvas').  One call at a time; 0, or a status with err filled. */
	int (*background)(void *arg, cairo_t *cr, int y0, int y1, struct cairn_err *err);
	void *arg;
	pool *pool;                       /* the panels and the PNG strips; NULL = this thread */
	struct budget *budget;            /* each panel's w*h pixels are given back to it as
	                                     its surface goes (the caller took them) */
	size_t max_bytes;                 /* cap on the PNG; 0 = none */
	enum png_compression compression; /* for png_stream_set_compression */
};

/* The rows per band for a w-pixel-wide canvas h rows tall when the caller
 * asks for `want` (0 = a band of about 2 MB). */
int bands_rows(int w, int h, int want);

/* Draws every panel (on s->pool, in order of their top edges) and writes the
 * PNG band by band.  On success *out (malloc'd, caller frees) and *len.
 * On failure CAIRN_ELIMIT (over max_bytes) or another code, err filled.
 * Every panel's pixels are given back either way. */
int bands_render(const struct bands_spec *s, unsigned char **out, size_t *len,
                 struct cairn_err *err);

#endif
