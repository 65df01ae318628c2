/*
 * pixbuf.h — image surfaces on pixel memory the drawing thread keeps for its
 * next request.  A warm render draws the same sizes again and again; fresh
 * memory for each canvas costs its page faults (2.7 ms of a 1000x500 warm
 * render, measured, once cairn serve gives large blocks back to the system),
 * kept memory costs nothing.  Each thread keeps at most PIXBUF_KEEP buffers
 * and PIXBUF_KEEP_BYTES, freed when it exits; what does not fit is freed when
 * its surface is.  The contents are not cleared: callers paint the whole
 * surface first.
 */
#ifndef CAIRN_PIXBUF_H
#define CAIRN_PIXBUF_H

#include <cairo.h>

#define PIXBUF_KEEP 2
#define PIXBUF_KEEP_BYTES ((size_t)4 << 20)   /* two 1000x500 panels; a
                                                  dashboard's canvas is not kept */

/* An image surface of fmt, w x h (as cairo_image_surface_create; an error
 * surface when that would fail), on a kept buffer when one fits.  Destroy
 * it with cairo_surface_destroy on any thread: that thread keeps the buffer
 * if it has room. */
cairo_surface_t *pixbuf_surface(cairo_format_t fmt, int w, int h);

#endif
