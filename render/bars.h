/*
 * bars.h — what the barchart and histogram panels share: Grafana's
 * distribute() (how groups and bars split the category axis), painting one
 * bar as uPlot's bars path does (fill at the field's opacity, the gradient
 * modes, the outline, the radius at the value end), and the value axis
 * (linear or log, soft min/max, hard min/max) with its ticks, grid and
 * labels on any side of the plot.  The panels' data and layout are theirs
 * (barchart.c, histogram.c).
 */
#ifndef CAIRN_BARS_H
#define CAIRN_BARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cairo.h>
#include "base/rect.h"
#include "dashboards/model.h"
#include "render/text.h"
#include "render/theme.h"
#include "render/ticks.h"
#include "base/budget.h"
#include "base/err.h"
#include "datasource/frame.h"
#include "transform/tframe.h"

#define BARS_AXIS_PX   12.0  /* uPlot's axis font size */
#define BARS_X_GAP     15.0  /* the barchart's category axis gap */
#define BARS_X_SPACE   40.0  /* min px between ticks on a horizontal value axis */

/* Grafana's distribute(n, factor, SPACE_BETWEEN): item i of n items that
 * together take `factor` of the unit length, the rest spread between them
 * (a single item starts at 0).  *off and *dim are fractions of the length,
 * rounded to 6 decimals as Grafana rounds them. */
void bars_distribute(size_t n, double factor, size_t i, double *off, double *dim);

/* Which end of a bar holds the value (and gets the radius). */
enum bar_end { BAR_END_TOP, BAR_END_RIGHT, BAR_END_BOTTOM, BAR_END_LEFT };

struct bar_paint {
	uint32_t color;              /* the series' (or the bar's) colour */
	double fill_opacity;         /* 0..1 */
	enum gradient_mode gradient; /* opacity/hue run along the value axis over `plot` */
	double line_width;           /* outline in px; 0 = none */
	double radius;               /* px, at the value end's corners */
	enum bar_end end;
	struct rect plot;            /* the plot: gradients span it, as uPlot's do */
};

/* Paints one bar (r in px, any w/h >= 0).  Nothing allocated. */
void bars_paint(cairo_t *cr, struct rect r, const struct bar_paint *bp);

/* A value axis. */
struct bars_scale {
	bool log;
	double base;                 /* log base (2 or 10) */
	char unit[48];
	int decimals;
	struct value_axis ax;        /* min, max, ticks */
};

/* The axis for data in [lo, hi] (NaN = none) with fc's hard min/max, soft
 * min/max and scale (custom.scaleDistribution), over px pixels with ticks
 * at least `space` apart; zero joins the range when with_zero (the
 * barchart's soft 0 where no min/max is set).  unit overrides fc's unit
 * when not NULL ("percentunit" for percent stacking). */
void bars_scale_init(struct bars_scale *s, double lo, double hi, const struct field_config *fc,
                     bool with_zero, const char *unit, double px, double space);

/* Where v falls on the scale: 0 at min, 1 at max (log scales: v <= 0 is
 * below 0). */
double bars_scale_frac(const struct bars_scale *s, double v);

/* The widest tick label in px. */
double bars_scale_label_w(struct text *tx, const struct bars_scale *s);

enum bars_side { BARS_LEFT, BARS_BOTTOM, BARS_RIGHT, BARS_TOP };

/* Grid lines across plot at every tick and the tick labels on `side`, in
 * color (the theme's text, or the series' for axisColorMode series). */
void bars_draw_value_axis(cairo_t *cr, struct text *tx, const struct theme *th,
                          const struct bars_scale *s, struct rect plot, enum bars_side side,
                          uint32_t color);

/* custom.thresholdsStyle: the field's threshold steps as lines (solid or
 * dashed, 2 px) and/or areas (15 % of each step's colour) across plot,
 * along the value axis (vertical: the axis runs up the plot). */
void bars_draw_thresholds(cairo_t *cr, const struct theme *th, const struct field_config *fc,
                          const struct bars_scale *s, struct rect plot, bool vertical);

/* An axis title (custom.axisLabel) beside `side` of plot, `off` px out from
 * the plot's edge (rotated on the left and right, as uPlot turns them). */
void bars_draw_axis_title(cairo_t *cr, struct text *tx, const char *label, struct rect plot,
                          enum bars_side side, double off, uint32_t color);

/* ---- data ---------------------------------------------------------------- */

/* The panel's query results as frames (transform/tframe.h) with its
 * transformations applied.  0; CAIRN_ETIMEOUT when b's deadline passed;
 * another code (cell cap) with err filled.  A transformation cairn skips
 * goes to *note (when note->code is 0).  fs is freeable whatever the return. */
int bars_frames(const struct cairn_panel *p, const struct cairn_result *r,
                const struct budget *b, struct tframes *fs, struct cairn_err *note,
                struct cairn_err *err);

/* The field config of field fld in frame f: p's defaults, then every
 * override matching it (byName on its name or display name, byRegexp on
 * the display name, byFrameRefID) in order.  An override whose regex does
 * not compile or gives up is left out, with *note (when its code is 0)
 * naming it.  Strings are borrowed from p. */
void bars_field_config(const struct cairn_panel *p, struct tframes *fs, struct tframe *f,
                       struct tfield *fld, struct field_config *out, struct cairn_err *note);

/* A field's series colour as Grafana's getFieldSeriesColor gives it: the
 * fixed colour, the threshold step of `last` (its last value) for colour
 * mode thresholds, else the classic palette's colour idx. */
uint32_t bars_series_color(const struct theme *th, const struct field_config *fc, size_t idx,
                           double last);

#endif
