/*
 * render.h — the render module's entry point: panels in, PNG/SVG/PDF bytes out.
 *
 * render/ knows nothing of HTTP or JSON: it reads the plain model of
 * dashboards/model.h and the frames of datasource/frame.h.  Fonts are loaded
 * once per process into a render_ctx; rendering itself is reentrant, so any
 * number of threads may call render_panels on one ctx at once.
 */
#ifndef CAIRN_RENDER_H
#define CAIRN_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include "base/budget.h"
#include "base/err.h"
#include "base/pool.h"
#include "dashboards/layout.h"
#include "dashboards/model.h"
#include "dashboards/vars.h"
#include "datasource/frame.h"
#include "render/png.h"

enum render_format { FMT_PNG, FMT_SVG, FMT_PDF };
enum theme_kind { THEME_DARK, THEME_LIGHT };

#define RENDER_MAX_PX 32767            /* per side, after scale: cairo's own limit */
#define RENDER_MAX_PIXELS (64u << 20)  /* width*height after scale */

/* Process-wide render state: the bundled fonts (fontconfig config built once
 * from fonts_dir, system fonts only as fallback after them).  Opaque,
 * immutable after creation, shared by all threads. */
typedef struct render_ctx render_ctx;

/* Loads the fonts in fonts_dir (Inter for UI text, then the bundled CJK
 * fallback).  NULL with err filled when the directory holds no usable font. */
render_ctx *render_ctx_new(const char *fonts_dir, struct cairn_err *err);
void render_ctx_free(render_ctx *ctx);

/* One panel to draw. */
struct panel_job {
	const struct cairn_panel *panel;   /* type decides how it is drawn */
	const char *title;                 /* interpolated title (variables replaced) */
	const struct cairn_result *data;   /* NULL for rows; status decides error/no data */
	struct rect box;                   /* where on the canvas, in px at scale 1 */
	double from, to;                   /* time range, unix seconds */
	double render_ms;                  /* out: time spent drawing this panel */
	struct rect plot;                  /* out: the plot area (time axis from left to right
	                                      edge), relative to box, px at scale 1; w 0 = none
	                                      (the live view's drag-zoom and crosshair) */
	struct cairn_err draw_err;         /* out: code 0 = drawn as asked.  CAIRN_ETIMEOUT:
	                                      not drawn, the request's deadline had passed
	                                      (the panel shows so).  Other codes: drawn,
	                                      but part of it could not be (an override's
	                                      regex; the header shows the error mark).
	                                      msg says what, for the report. */
	int row_panels;                    /* rows: panels in the row, shown as "(N panels)"
	                                      when collapsed; 0 = not shown */
	bool row_collapsed;                /* rows: drawn closed (the caller decides: a
	                                      collapsed row opened by --expand-rows is open) */
	const char *text;                  /* text panels: the content with variables
	                                      replaced; NULL = panel->text.content as is */
	const var_scope *vars;             /* the panel's variables (repeats: its copy's), for
	                                      displayName templates; NULL = none ($var
	                                      left as written) */
};

struct render_opts {
	enum render_format format;
	enum theme_kind theme;
	int width, height;            /* canvas in px at scale 1 */
	double scale;                 /* device pixel ratio; 1 when 0 */
	const char *timezone;         /* axis time zone: NULL/""/"utc"/"browser" = UTC, or IANA */
	const char *title;            /* dashboard title drawn as a header band; NULL = none */
	double title_height;          /* px reserved for it at the top (boxes already offset) */
	pool *pool;                   /* workers for the panels; NULL = all on the caller */
	struct budget *budget;        /* the request's pixels and deadline; NULL = none */
	size_t max_bytes;             /* cap on the encoded output; 0 = 256 MiB */
	enum png_compression png_compression; /* PNG_FAST (0, default) or PNG_SMALL */
	int band_rows;                /* a PNG of several panels is made this many device
	                                 rows at a time; 0 = render's choice (tests vary it) */
};

struct render_out {
	unsigned char *bytes;         /* malloc'd; caller frees with free() */
	size_t len;
};

/* Draws every job onto one canvas and encodes it.  PNG goes through
 * render/png.c (o->png_compression); SVG/PDF keep text and lines as
 * vectors.  A PNG of several panels is made a band of rows at a time
 * (panels concurrently on o->pool, in order of their top edges, composed in
 * job order), so it is never held whole; one panel, and SVG/PDF, are drawn
 * straight onto the canvas.
 *
 * Each panel is drawn only where it is on the canvas: a panel partly off it
 * gets a surface for its visible part, one wholly off it is not drawn.  The
 * canvas (even when made a band at a time) and every panel surface are
 * taken from o->budget's pixels, all before drawing starts (so the answer
 * does not depend on timing), and given back as each is freed.  Before each
 * panel the budget's deadline is checked; a panel reached after it is drawn
 * as an error saying so (jobs[i].draw_err), and the rest of the image is
 * still made.
 *
 * Returns 0 and fills out, or an error: CAIRN_EINVAL for sizes over the
 * caps, CAIRN_ELIMIT for the pixel budget or output over max_bytes. */
int render_panels(const render_ctx *ctx, struct panel_job *jobs, size_t n,
	const struct render_opts *o, struct render_out *out, struct cairn_err *err);

/* Panel types render/ can draw; the rest render as "unsupported". */
bool render_supports(const char *panel_type);

#endif
