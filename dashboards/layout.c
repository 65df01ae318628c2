/*
 * layout.c — Grafana's dashboard grid (react-grid-layout: 24 columns, 30 px
 * rows, 8 px margins, no container padding, vertical compaction) as pure
 * functions from gridPos to pixels.  Row expansion follows Grafana's
 * DashboardModel.toggleRow.  Knows nothing of drawing.
 */
#include "dashboards/layout.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct rect layout_grid_rect(struct grid_pos g, double width, double pad)
{
	double col = (width - 2 * pad - (GRID_COLUMNS - 1) * GRID_GAP_PX) / GRID_COLUMNS;
	struct rect r = {
	        .x = pad + g.x * (col + GRID_GAP_PX),
	        .y = pad + g.y * (GRID_ROW_PX + GRID_GAP_PX),
	        .w = g.w * col + (g.w - 1) * GRID_GAP_PX,
	        .h = g.h * GRID_ROW_PX + (g.h - 1) * GRID_GAP_PX,
	};
	if (r.w < 0)
		r.w = 0;
	return r;
}

/* Whether panel i was flattened out of collapsed row r's panels[]. */
static bool is_child_of(const struct cairn_dashboard *d, size_t i, size_t r)
{
	const struct cairn_panel *p = &d->panels[i], *row = &d->panels[r];
	if (p->is_row || p->row_index != (int)r || !row->collapsed)
		return false;
	if (!p->json_path || !row->json_path)
		return true;
	size_t n = strlen(row->json_path);
	return strncmp(p->json_path, row->json_path, n) == 0 && p->json_path[n] == '.';
}

/* Grafana's toggleRow: the children move to just below the row (keeping
 * their offsets to each other) and everything after the row in the list is
 * pushed down by the children's height. */
static void expand_row(const struct cairn_dashboard *d, size_t r, struct grid_pos *g)
{
	size_t first = d->n_panels;
	for (size_t i = r + 1; i < d->n_panels && first == d->n_panels; i++)
		if (is_child_of(d, i, r))
			first = i;
	if (first == d->n_panels)
		return;
	int ydiff = g[first].y - (g[r].y + 1);
	int ymax = g[r].y;
	for (size_t i = r + 1; i < d->n_panels; i++) {
		if (!is_child_of(d, i, r))
			continue;
		g[i].y -= ydiff;
		ymax = MAX(ymax, g[i].y + g[i].h);
	}
	int push = ymax - g[r].y - 1;
	for (size_t i = r + 1; i < d->n_panels; i++)
		if (!is_child_of(d, i, r))
			g[i].y += push;
}

static bool collides(struct grid_pos a, struct grid_pos b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static const struct grid_pos *first_collision(const struct grid_pos *placed, size_t n,
                                              struct grid_pos g)
{
	for (size_t i = 0; i < n; i++)
		if (collides(placed[i], g))
			return &placed[i];
	return NULL;
}

struct order {
	size_t index;
	struct grid_pos g;
};

static int by_row_col(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->g.y != y->g.y)
		return x->g.y < y->g.y ? -1 : 1;
	if (x->g.x != y->g.x)
		return x->g.x < y->g.x ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* react-grid-layout's verticalCompact: in row/column order, each item
 * floats up until it touches an item already placed. */
static void compact(struct grid_pos *g, const bool *visible, size_t n)
{
	struct order *ord = g_new(struct order, n ? n : 1);
	struct grid_pos *placed = g_new(struct grid_pos, n ? n : 1);
	size_t k = 0, m = 0;

	for (size_t i = 0; i < n; i++)
		if (visible[i])
			ord[k++] = (struct order){i, g[i]};
	qsort(ord, k, sizeof *ord, by_row_col);
	for (size_t i = 0; i < k; i++) {
		struct grid_pos p = ord[i].g;
		int bottom = 0;
		for (size_t j = 0; j < m; j++)
			bottom = MAX(bottom, placed[j].y + placed[j].h);
		p.y = MIN(p.y, bottom);
		while (p.y > 0 && !first_collision(placed, m, p))
			p.y--;
		const struct grid_pos *c;
		while ((c = first_collision(placed, m, p)))
			p.y = c->y + c->h;
		placed[m++] = p;
		g[ord[i].index] = p;
	}
	g_free(placed);
	g_free(ord);
}

double layout_dashboard(const struct cairn_dashboard *d, double width, double pad, bool expand_rows,
                        struct rect *out, bool *visible)
{
	size_t n = d ? d->n_panels : 0;
	struct grid_pos *g = g_new(struct grid_pos, n ? n : 1);
	int bottom = 0;

	for (size_t i = 0; i < n; i++) {
		g[i] = d->panels[i].grid;
		int r = d->panels[i].row_index;
		visible[i] = expand_rows || r < 0 || !is_child_of(d, i, (size_t)r);
	}
	for (size_t r = 0; expand_rows && r < n; r++)
		if (d->panels[r].is_row && d->panels[r].collapsed)
			expand_row(d, r, g);
	compact(g, visible, n);
	for (size_t i = 0; i < n; i++) {
		out[i] = layout_grid_rect(g[i], width, pad);
		if (visible[i])
			bottom = MAX(bottom, g[i].y + g[i].h);
	}
	g_free(g);
	if (bottom == 0)
		return 2 * pad;
	return 2 * pad + bottom * (GRID_ROW_PX + GRID_GAP_PX) - GRID_GAP_PX;
}
