/*
 * timeline.h — the state-timeline and status-history panels, drawn as
 * Grafana 10.4's TimelineChart draws them: one row per series with its name
 * on the left, the time axis at the bottom, the legend under (or beside)
 * it.  state-timeline draws a box per state ("changes" mode: equal
 * consecutive values merged with mergeValues); status-history a cell per
 * sample ("samples" mode, colWidth of the step).  What the boxes hold is
 * tlrows.c's; this file lays them out and paints them.
 */
#ifndef CAIRN_TIMELINE_H
#define CAIRN_TIMELINE_H

#include <cairo.h>
#include "base/budget.h"
#include "render/fields.h"
#include "render/render.h"
#include "render/text.h"
#include "render/theme.h"

#define TL_LABEL_GAP   16.0 /* the y axis' gap: row names' right edge to the plot */
#define TL_LABEL_NUDGE 1.0  /* row names drawn this much further left: measured against
                               Grafana's own drawing in the reference tool */
#define TL_AXIS_EXTRA  4.0  /* the y axis' (hidden) tick size, still in its width */
#define TL_X_AXIS_BARE 21.0 /* plot bottom to the content's with no legend: uPlot's time
                               axis (tick 4 + gap 5 + 12 px font); with a legend the
                               time series' TS_X_AXIS_H up to the legend's top holds */
#define TL_VALUE_PX    12.0 /* text in boxes: 500 12px */
#define TL_TEXT_PAD    2.0  /* box edge (inside its stroke) to left/right-aligned text */

struct timeline_env {
	struct text *tx;
	const struct theme *th;
	const char *tz;
	const struct field_res *fields; /* one per series of job->data */
	const struct budget *budget;    /* deadline checked per row; may be NULL */
	struct rect *plot_out;          /* out: the plot rectangle, when drawn; may be NULL */
};

/* Draws a state-timeline or status-history panel's visualization inside
 * content; no series or no sample draws "No data".  Cannot fail: Cairo
 * errors stay in cr.  Cost: one pass over every row's samples for the
 * boxes and one for the legend; at most about two rectangles per device
 * pixel column per row are painted, however many samples share a column. */
void timeline_draw(cairo_t *cr, const struct timeline_env *env, const struct panel_job *job,
                   struct rect content);

#endif
