/*
 * migrate.c — the old row layout into gridPos, step for step as Grafana's
 * DashboardMigrator.upgradeToGridLayout and its RowArea (Grafana 10.4), so
 * an old dashboard is laid out as Grafana lays it out after loading it.
 * Works on the JSON before it is parsed: the loader then reads the result
 * as a dashboard of schemaVersion 16+.  Nothing else of the old schema is
 * migrated here.
 */
#include "dashboards/migrate.h"
#include "dashboards/model.h"

#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS 24
#define CELL_PX 30
#define VMARGIN_PX 8
#define MIN_PANEL_PX (CELL_PX * 3)
#define DEFAULT_ROW_PX 250
#define DEFAULT_SPAN 4
/* Positions stay within what the loader reads (±1e9), and the migration
 * stops once it has more panels than the loader takes (it then refuses the
 * dashboard, naming the limit): a hostile rows[] costs no more than that. */
#define MAX_Y 1000000000

/* JavaScript truthiness of a JSON value (absent is false). */
static bool truthy(const json_t *v)
{
	if (json_is_number(v))
		return json_number_value(v) != 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return v && !json_is_false(v) && !json_is_null(v);
}

/* getGridHeight: px (a number or "250px"; NULL: the row default) → grid
 * rows, at least 3. */
static int grid_height(const json_t *h)
{
	double px = DEFAULT_ROW_PX;
	if (json_is_number(h))
		px = json_number_value(h);
	else if (json_is_string(h))
		px = strtod(json_string_value(h), NULL); /* parseInt("250px") */
	if (!(px >= MIN_PANEL_PX)) /* NaN too */
		px = MIN_PANEL_PX;
	if (px > 1e6)
		px = 1e6;
	return (int)ceil(px / (CELL_PX + VMARGIN_PX));
}

/* RowArea: how far down each column of the current row is filled. */
struct row_area {
	int area[COLUMNS];
	int y, height;
};

static void area_add(struct row_area *a, int x, int y, int w, int h)
{
	for (int i = x; i < x + w && i < COLUMNS; i++)
		if (!a->area[i] || y + h - a->y > a->area[i])
			a->area[i] = y + h - a->y;
}

/* getPanelPosition: the free run at the right end of the row (scanning
 * leftwards while the columns are free and fill no lower than their right
 * neighbour), else the next row down.  False when even that has no room
 * (a panel wider than the grid). */
static bool area_place(struct row_area *a, int w, int *px, int *py, bool once)
{
	int start = -1, end = -1;
	for (int i = COLUMNS - 1; i >= 0; i--) {
		if (a->height - a->area[i] <= 0)
			break;
		if (end < 0)
			end = i;
		else if (i < COLUMNS - 1 && a->area[i] <= a->area[i + 1])
			start = i;
		else
			break;
	}
	if (start >= 0 && end >= 0 && end - start >= w - 1) {
		int y = 0;
		for (int i = start; i < COLUMNS; i++)
			y = MAX(y, a->area[i]);
		*px = start;
		*py = y;
		return true;
	}
	if (once)
		return false;
	a->y = MIN(a->y + a->height, MAX_Y);
	memset(a->area, 0, sizeof a->area);
	return area_place(a, w, px, py, true);
}

static void set_grid(json_t *p, int x, int y, int w, int h)
{
	json_object_set_new(p, "gridPos", json_pack("{s:i, s:i, s:i, s:i}", "x", x, "y",
	                                             MIN(y, MAX_Y), "w", w, "h", h));
}

static int max_panel_id(const json_t *rows)
{
	int max_id = 0;
	size_t i, k;
	json_t *row, *p;
	json_array_foreach(rows, i, row)
	{
		json_array_foreach(json_object_get(row, "panels"), k, p)
		{
			json_t *id = json_object_get(p, "id");
			if (json_is_number(id) && json_number_value(id) > max_id &&
			    json_number_value(id) < 1e9)
				max_id = (int)json_number_value(id);
		}
	}
	return max_id;
}

static bool shows_rows(const json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *rep = json_object_get(row, "repeat");
		if (truthy(json_object_get(row, "collapse")) ||
		    truthy(json_object_get(row, "showTitle")) || truthy(rep))
			return true;
	}
	return false;
}

static json_t *row_panel(const json_t *row, int id, int y, size_t index)
{
	json_t *title = json_object_get(row, "title"), *rep = json_object_get(row, "repeat");
	json_t *r = json_pack("{s:i, s:s, s:s, s:b, s:[]}", "id", id, "type", "row", "title",
	                      json_is_string(title) ? json_string_value(title) : "", "collapsed",
	                      truthy(json_object_get(row, "collapse")), "panels");
	if (json_is_string(rep))
		json_object_set(r, "repeat", rep);
	char path[64];
	snprintf(path, sizeof path, "rows[%zu]", index);
	json_object_set_new(r, MIGRATE_PATH_KEY, json_string(path));
	set_grid(r, 0, y, COLUMNS, 1); /* Grafana's grid draws every row 1 high */
	return r;
}

/* One row's panels into out (or into the collapsed row panel); *y is where
 * the next row starts. */
static void place_row(const json_t *row, size_t index, json_t *row_p, json_t *out, int *y,
                      size_t *made)
{
	json_t *rh = json_object_get(row, "height");
	int row_h = grid_height(truthy(rh) ? rh : NULL);
	bool collapsed = row_p && json_is_true(json_object_get(row_p, "collapsed"));
	struct row_area a = {.y = *y, .height = row_h};
	size_t k;
	json_t *src;
	json_array_foreach(json_object_get(row, "panels"), k, src)
	{
		if (!json_is_object(src))
			continue;
		if (++*made > CAIRN_MAX_PANELS)
			break;
		json_t *span_j = json_object_get(src, "span");
		double span = json_is_number(span_j) && json_number_value(span_j) > 0
		                      ? json_number_value(span_j)
		                      : DEFAULT_SPAN;
		int w = (int)MIN(floor(span) * 2, COLUMNS);
		json_t *hj = json_object_get(src, "height");
		int h = truthy(hj) ? grid_height(hj) : row_h;
		int px = 0, py = 0;
		if (!area_place(&a, MAX(w, 1), &px, &py, false))
			px = py = 0;
		json_t *p = json_deep_copy(src);
		json_object_del(p, "span");
		set_grid(p, px, a.y + py, MAX(w, 1), h);
		area_add(&a, px, a.y + py, MAX(w, 1), h);
		char path[96];
		snprintf(path, sizeof path, "rows[%zu].panels[%zu]", index, k);
		json_object_set_new(p, MIGRATE_PATH_KEY, json_string(path));
		json_array_append_new(collapsed ? json_object_get(row_p, "panels") : out, p);
	}
	*y = MIN(a.y, MAX_Y);
	if (!collapsed)
		*y = MIN(*y + row_h, MAX_Y);
}

static int grid_y(const json_t *p)
{
	return (int)json_integer_value(json_object_get(json_object_get(p, "gridPos"), "y"));
}

static int grid_x(const json_t *p)
{
	return (int)json_integer_value(json_object_get(json_object_get(p, "gridPos"), "x"));
}

struct ordered {
	json_t *p;
	size_t index;
};

/* sortPanelsByGridPos: y, then x; Array.sort is stable. */
static int by_grid(const void *pa, const void *pb)
{
	const struct ordered *a = pa, *b = pb;
	int ya = grid_y(a->p), yb = grid_y(b->p), xa = grid_x(a->p), xb = grid_x(b->p);
	if (ya != yb)
		return ya < yb ? -1 : 1;
	if (xa != xb)
		return xa < xb ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static json_t *sorted(json_t *arr)
{
	size_t n = json_array_size(arr);
	struct ordered *o = g_new(struct ordered, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		o[i] = (struct ordered){json_array_get(arr, i), i};
	qsort(o, n, sizeof *o, by_grid);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(out, o[i].p);
	g_free(o);
	json_decref(arr);
	return out;
}

json_t *migrate_rows(const json_t *rows)
{
	json_t *out = json_array();
	int next_row_id = max_panel_id(rows) + 1, y = 0;
	size_t made = 0;
	bool show = shows_rows(rows);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (!json_is_object(row) || truthy(json_object_get(row, "repeatIteration")))
			continue;
		json_t *rp = NULL;
		if (show) {
			rp = row_panel(row, next_row_id++, y, i);
			y = MIN(y + 1, MAX_Y);
		}
		place_row(row, i, rp, out, &y, &made);
		if (rp)
			json_array_append_new(out, rp);
		if (rp && ++made > CAIRN_MAX_PANELS)
			break;
	}
	return sorted(out);
}
