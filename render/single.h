/*
 * single.h — what the stat, gauge and bar gauge panels share: the values
 * they show (Grafana's getFieldDisplayValues: each series' field reduced by
 * every calc, or every value with reduceOptions.values, filtered by
 * reduceOptions.fields, "No data" when nothing is left), the alignment
 * factors (longest title and text), and where each value goes
 * (VizRepeater: a grid, or a row or column by orientation).  Pure: no Cairo,
 * tested on its own (tests/render/test_single.c).
 */
#ifndef CAIRN_SINGLE_H
#define CAIRN_SINGLE_H

#include <stdbool.h>
#include <stddef.h>
#include "dashboards/layout.h"
#include "dashboards/model.h"
#include "datasource/frame.h"
#include "render/display.h"
#include "render/fields.h"
#include "render/theme.h"

#define SINGLE_DEFAULT_LIMIT 25 /* Grafana's DEFAULT_FIELD_DISPLAY_VALUES_LIMIT */
/* Values one panel shows at most, whatever reduceOptions.limit says or
 * however many series × calcs there are: a dashboard from anywhere must not
 * make cairn lay out millions of boxes (Grafana's browser would not cope
 * either); past a few hundred they are unreadable specks. */
#define SINGLE_MAX_VALUES 2000

/* One value as the panel shows it (Grafana's FieldDisplay). */
struct single_value {
	struct display_value d;
	char title[256];           /* the field's display name */
	bool has_title;            /* false: Grafana's undefined title */
	const struct series *s;    /* its series (the stat's sparkline); NULL for "No data" */
	const struct field_config *fc; /* resolved field config (panel defaults for "No data") */
	double min, max;           /* the field's range: its min/max, else the data's */
};

/* The values of a stat/gauge/bargauge panel from its series (fields from
 * fields_resolve, one per series; may be NULL when there are none).  Always
 * at least one value ("No data" when nothing matched), at most
 * SINGLE_MAX_VALUES; *out is g_malloc'd, the caller g_free's it.  Returns
 * the count. */
size_t single_values(const struct cairn_panel *p, const struct theme *th,
                     const struct cairn_result *data, const struct field_res *fields,
                     struct single_value **out);

/* Grafana's getDisplayValueAlignmentFactors: the longest text (prefix,
 * text, suffix taken separately) and the longest title over the values. */
struct single_align {
	char prefix[16], text[128], suffix[24];
	char title[256];
};
void single_align(const struct single_value *v, size_t n, struct single_align *out);

/* VizRepeater.  auto_grid with ORIENT_AUTO: calculateGridDimensions' grid;
 * else one column (horizontal) or row (vertical; auto picks vertical when
 * wider than tall) with min/max item sizes (0 = none).  boxes[n] are filled
 * in area's coordinates; *resolved says which orientation the items get. */
struct single_repeat {
	bool auto_grid;
	enum viz_orientation orientation;
	double spacing;
	double min_w, min_h, max_h;
};
void single_layout(struct rect area, size_t n, const struct single_repeat *rp, struct rect *boxes,
                   enum viz_orientation *resolved);

/* Grafana's calculateFontSize: the size at which text (measured at 14 px,
 * width w14) fits w wide and h high with this line height, at most max_size
 * (0 = no cap). */
double single_font_size(double w14, double w, double h, double line_height, double max_size);

#endif
