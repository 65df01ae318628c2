/*
 * tablecell.h — a table cell: the text Grafana's display processor gives a
 * value, and the cell drawn in its display mode.  Internal to the table
 * panel (render/table.c).
 */
#ifndef CAIRN_TABLECELL_H
#define CAIRN_TABLECELL_H

#include <cairo.h>
#include <stdint.h>
#include "render/dispname.h"
#include "render/table.h"

/* A column as drawn: its field, resolved field config and box. */
struct table_col {
	struct tfield *f;
	struct field_config fc;
	const char *title;
	double x, w;
	enum text_align align;
	double lo, hi;        /* the field's range, for percentages and gauges */
	size_t index;         /* among visible columns, for the palette */
	char align_text[128]; /* gauge cells: the longest value text (alignmentFactors) */
	char title_buf[DISPNAME_CAP]; /* title when a displayName template made it */
};

/* The text Grafana's display processor shows for row r of a field with
 * field config fc: numbers (and numeric text) in fc's unit and decimals,
 * times as "YYYY-MM-DD HH:mm:ss" in tz, text as is, null as fc's noValue
 * or "".  *num gets the number the cell colours by (NaN: none). */
void tablecell_text(const struct tfield *f, size_t r, const struct field_config *fc,
                    const char *tz, char *buf, size_t cap, double *num);

/* Row r of column c in the box (c->x, y, c->w, h); gauge_h is the bar
 * gauge's height (cellHeight less the padding). */
void tablecell_draw(const struct table_env *env, cairo_t *cr, const struct table_col *c, size_t r,
                    double y, double h, double gauge_h);

/* text in column c's alignment and padding, centred in (y, h), ellipsised;
 * right_margin px kept free on the right. */
void tablecell_text_draw(const struct table_env *env, cairo_t *cr, const struct table_col *c,
                         const char *text, double y, double h, uint32_t color, int weight,
                         double right_margin);

/* A filled rectangle in colour c. */
void tablecell_fill(cairo_t *cr, struct rect b, uint32_t c);

#endif
