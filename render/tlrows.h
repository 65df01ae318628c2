/*
 * tlrows.h — what the state-timeline and status-history rows show, before
 * any pixel: the boxes of one series as Grafana's TimelineChart makes them
 * in its "changes" mode (consecutive equal values merged, null samples
 * breaking boxes as insertNulls/spanNulls say), each box's text and colour
 * (the display processor, or the threshold step when the state timeline
 * merges by thresholds), and the legend's items (threshold steps, or each
 * state's text and colour).  Pure: no Cairo, no fonts; tested on its own
 * (tests/render/test_timeline.c).
 */
#ifndef CAIRN_TLROWS_H
#define CAIRN_TLROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "datasource/frame.h"
#include "render/display.h"
#include "render/fields.h"
#include "render/theme.h"

#define TL_LEGEND_MAX 256 /* legend items kept (Grafana lists every state; past this
                             many a legend is a wall of text) */

/* One row: its series, resolved field config and display range. */
struct tl_field {
	const struct series *s;
	const struct field_res *f;
	double min, max;    /* display_range of the panel's data */
	bool by_threshold;  /* Grafana's mergeThresholdValues: mergeValues with colour by
	                       thresholds; the row's states are the threshold steps */
	bool null_mapped;   /* a special mapping for null: NaN samples are a state */
	double null_value;  /* a numeric noValue: nulls become it (Grafana's nullToValue);
	                       NaN = none */
};

/* Sets by_threshold, null_mapped and null_value of f (s, f, min, max set). */
void tlrows_field(struct tl_field *f, bool merge_values);

/* Sample k's value as the row shows it (a null turned into noValue). */
static inline double tlrows_value(const struct tl_field *f, size_t k)
{
	double v = f->s->v[k];
	return v == v ? v : f->null_value;
}

/* How boxes end. */
struct tl_walk {
	bool merge;         /* mergeValues */
	double step;        /* the query step, s: where Grafana inserts nulls by default
	                       (0 = none) */
	double to;          /* end of the time range, unix s */
};

/* A box [t0, t1) showing sample k; t1 = INFINITY: to the end of the plot. */
struct tl_box {
	double t0, t1;
	size_t k;
};

typedef void (*tl_box_fn)(void *ctx, const struct tl_box *b);

/* The boxes of one row in time order, one pass over its samples, nothing
 * allocated.  Returns how many. */
size_t tlrows_changes(const struct tl_field *f, const struct tl_walk *w, tl_box_fn fn, void *ctx);

/* Text and colour of sample value v (NaN = null) in row f. */
void tlrows_display(const struct theme *th, const struct tl_field *f, double v,
                    struct display_value *out);

/* Grafana's threshold legend label of step i: "< 80" for the base step, else
 * "80+" (in the field's unit, "percent" for percentage thresholds). */
void tlrows_threshold_label(const struct field_config *fc, size_t i, char *buf, size_t cap);

struct tl_legend_item {
	char label[128];
	uint32_t color;
};

/* The legend as Grafana builds it from the rows' first field config: the
 * threshold steps when it colours by thresholds with more than one step;
 * none for continuous schemes; else every state's text with its colour, in
 * the order first seen (rows hidden from the legend left out, empty texts
 * dropped), at most cap.  Returns how many. */
size_t tlrows_legend(const struct theme *th, const struct tl_field *rows, size_t n,
                     struct tl_legend_item *items, size_t cap);

#endif
