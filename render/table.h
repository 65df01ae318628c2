/*
 * table.h — the table panel, as Grafana 10.4's @grafana/ui Table draws it:
 * the panel's frames after its transformations (transform/), one frame
 * shown (options.frameIndex), columns with their field config (units,
 * decimals, width, alignment, cell display mode, hidden), sorted by
 * options.sortBy, the rows that fit, and the footer.  The geometry and the
 * pure parts (column widths, sorting, cell text) are here for the tests.
 */
#ifndef CAIRN_TABLE_H
#define CAIRN_TABLE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/budget.h"
#include "dashboards/model.h"
#include "render/render.h"
#include "render/text.h"
#include "render/theme.h"
#include "transform/tframe.h"

#define TABLE_CELL_PAD      6.0
#define TABLE_COL_MIN_W     150.0  /* Grafana's COLUMN_MIN_WIDTH */
#define TABLE_FOOTER_H      36.0
#define TABLE_FONT_PX       14.0

/* Grafana's cell height for the option (sm 33, md 42, lg 48); rows are
 * this plus 2, header rows too. */
double table_cell_height(enum table_cell_height h);

/* One column's width request. */
struct table_col_req {
	double width;      /* custom.width; 0 = shared */
	double min_width;  /* custom.minWidth; 0 = TABLE_COL_MIN_W */
};

/* Grafana's getColumns: fixed widths first, the rest share what is left,
 * none narrower than its min width (the table then scrolls: wider than
 * avail).  out[i] for each of the n columns. */
void table_col_widths(const struct table_col_req *req, size_t n, double avail, double *out);

/* Row order for options.sortBy on field f of n rows (react-table's sort
 * types: numbers with nulls lowest, time, text case-insensitively), stable.
 * order[] gets the row indices. */
void table_sort_rows(const struct tfield *f, size_t n, bool desc, size_t *order);

struct table_env {
	struct text *tx;
	const struct theme *th;
	const char *tz;
	const struct budget *budget;
};

/* The table before anything is drawn: job's data as frames, the panel's
 * transformations applied, the frame shown and its columns.  What keeps it
 * from being drawn as Grafana would goes to *note (when note->code is 0),
 * so the chrome can show the error mark: a transformation that failed (cell
 * cap: the table shows the error), that cairn does not know (skipped) or
 * an override's regex (left out); CAIRN_ETIMEOUT when b's deadline passed.
 * Never NULL; free with table_prep_free (NULL-safe). */
struct table_prep;
struct table_prep *table_prepare(const struct panel_job *job, const struct budget *b,
                                 struct cairn_err *note);
void table_prep_free(struct table_prep *tp);

/* Draws the prepared table into content (the chrome is drawn). */
void table_draw(cairo_t *cr, const struct table_env *env, struct table_prep *tp,
                const struct panel_job *job, struct rect content);

#endif
