/*
 * repeat.c — repeat.h: repeated rows, then repeated panels (those inside a
 * repeated row's copies too), as Grafana's processRepeats / repeatRow /
 * repeatPanel place them.  Positions follow Grafana's arithmetic; the grid's
 * compaction (dashboards/layout.c) then settles them as react-grid-layout
 * does.  Owns no drawing and no interpolation: each copy gets a scope.
 */
#include "request/repeat.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "dashboards/layout.h"

#define DEFAULT_MAX_PER_ROW 4

struct build {
	GArray *panels;    /* struct cairn_panel */
	GPtrArray *scopes; /* var_scope *, owned, NULL = the request's */
	int next_id;
};

static void build_init(struct build *b, int next_id)
{
	b->panels = g_array_new(FALSE, FALSE, sizeof(struct cairn_panel));
	b->scopes = g_ptr_array_new();
	b->next_id = next_id;
}

static void emit(struct build *b, struct cairn_panel c, var_scope *scope)
{
	g_array_append_val(b->panels, c);
	g_ptr_array_add(b->scopes, scope);
}

/* A copy of base where `name` holds its k-th value alone (and that value's
 * text: Grafana's scopedVars carry the option, text and value). */
static var_scope *scope_with(const var_scope *base, const char *name, size_t k)
{
	const char *const *vals, *const *texts;
	size_t n;
	var_scope_get(base, name, &vals, &n);
	var_scope_get_texts(base, name, &texts, &n);
	var_scope *s = var_scope_copy(base);
	var_scope_set(s, name, &vals[k], 1, false, NULL);
	var_scope_set_texts(s, name, &texts[k], 1);
	return s;
}

static bool values_of(const var_scope *s, const char *name, const char *const **vals, size_t *n)
{
	return name && var_scope_get(s, name, vals, n) && *n > 0;
}

/* Whether panel i sits inside collapsed row r's panels[] (as layout.c). */
static bool in_collapsed(const struct cairn_panel *ps, size_t i, size_t r)
{
	const struct cairn_panel *p = &ps[i], *row = &ps[r];
	if (p->is_row || !row->collapsed)
		return false;
	if (!p->json_path || !row->json_path)
		return p->row_index == (int)r;
	size_t n = strlen(row->json_path);
	return strncmp(p->json_path, row->json_path, n) == 0 && p->json_path[n] == '.';
}

/* The panels that go with row r: its panels[] when collapsed, else those
 * below it up to the next row.  Returns the index after them. */
static size_t row_end(const struct cairn_panel *ps, size_t n, size_t r)
{
	size_t j = r + 1;
	while (j < n && !ps[j].is_row && (!ps[r].collapsed || in_collapsed(ps, j, r)))
		j++;
	return j;
}

/* Grafana's getRowHeight: from the row to the bottom of its lowest panel. */
static int row_height(const struct cairn_panel *ps, size_t r, size_t end)
{
	int bottom = ps[r].grid.y;
	for (size_t j = r + 1; j < end; j++)
		bottom = MAX(bottom, ps[j].grid.y + ps[j].grid.h);
	return bottom - ps[r].grid.y;
}

/* repeatRow: copy k of the row at +k (collapsed) or +k × its height, its
 * panels with it; everything after moves down by the copies' extent. */
static void repeat_rows(const struct cairn_dashboard *d, const var_scope *scope, struct build *b)
{
	const struct cairn_panel *ps = d->panels;
	int dy = 0;
	for (size_t i = 0; i < d->n_panels;) {
		const char *const *vals;
		size_t nv;
		struct cairn_panel c = ps[i];
		if (!c.is_row || !values_of(scope, c.repeat, &vals, &nv)) {
			c.grid.y += dy;
			emit(b, c, NULL);
			i++;
			continue;
		}
		size_t end = row_end(ps, d->n_panels, i);
		int h = c.collapsed ? 1 : row_height(ps, i, end);
		for (size_t k = 0; k < nv; k++) {
			int ky = h * (int)k;
			struct cairn_panel row = ps[i];
			row.repeat = NULL;
			row.grid.y += dy + ky;
			row.id = k ? b->next_id++ : row.id;
			emit(b, row, scope_with(scope, ps[i].repeat, k));
			for (size_t j = i + 1; j < end; j++) {
				struct cairn_panel p = ps[j];
				p.grid.y += dy + (c.collapsed ? 0 : ky);
				p.id = k ? b->next_id++ : p.id;
				emit(b, p, scope_with(scope, ps[i].repeat, k));
			}
		}
		dy += h * (int)(nv - 1);
		i = end;
	}
}

/* repeatPanel's placement of copy k; *x, *y carry on to the next copy. */
static void place_copy(const struct cairn_panel *src, size_t k, size_t nv, int *x, int *y,
                       struct grid_pos *g)
{
	*g = src->grid;
	if (src->repeat_direction == 'v') {
		if (k > 0)
			*y += src->grid.h;
		g->y = *y;
		return;
	}
	int per = src->max_per_row > 0 ? src->max_per_row : DEFAULT_MAX_PER_ROW;
	/* Grafana's widths may be fractional (24 / 5): whole columns here */
	int w = MAX(1, (int)floor(fmax((double)GRID_COLUMNS / (double)nv,
	                               (double)GRID_COLUMNS / per)));
	g->w = w;
	g->x = *x;
	g->y = *y;
	*x += w;
	if (*x + w > GRID_COLUMNS) {
		*x = 0;
		*y += src->grid.h;
	}
}

/* repeatPanel over the rows' result: copies side by side or stacked; the
 * panels after it (not on its grid row, for horizontal repeats) move down
 * by the rows the copies took. */
static void repeat_panels(struct build *in, const var_scope *scope, struct build *b)
{
	struct cairn_panel *ps = (struct cairn_panel *)(void *)in->panels->data;
	size_t n = in->panels->len;
	for (size_t i = 0; i < n; i++) {
		var_scope *own = in->scopes->pdata[i];
		const var_scope *base = own ? own : scope;
		const char *const *vals;
		size_t nv;
		if (ps[i].is_row || !values_of(base, ps[i].repeat, &vals, &nv)) {
			emit(b, ps[i], own);
			continue;
		}
		int x = 0, y = ps[i].grid.y;
		for (size_t k = 0; k < nv; k++) {
			struct cairn_panel c = ps[i];
			c.repeat = NULL;
			c.id = k ? b->next_id++ : c.id;
			place_copy(&ps[i], k, nv, &x, &y, &c.grid);
			emit(b, c, scope_with(base, ps[i].repeat, k));
		}
		int yoff = y - ps[i].grid.y;
		for (size_t j = i + 1; yoff > 0 && j < n; j++)
			if (ps[i].repeat_direction == 'v' || ps[j].is_row || ps[j].grid.y != ps[i].grid.y)
				ps[j].grid.y += yoff;
		var_scope_free(own);
	}
}

static int max_id(const struct cairn_dashboard *d)
{
	int m = 0;
	for (size_t i = 0; i < d->n_panels; i++)
		m = MAX(m, d->panels[i].id);
	return m;
}

void repeat_expand(const struct cairn_dashboard *d, const var_scope *scope, struct repeat_view *v)
{
	struct build rows, all;
	build_init(&rows, max_id(d) + 1);
	repeat_rows(d, scope, &rows);
	build_init(&all, rows.next_id);
	repeat_panels(&rows, scope, &all);
	g_array_free(rows.panels, TRUE);
	g_ptr_array_free(rows.scopes, TRUE);

	v->dash = *d;
	v->dash.n_panels = all.panels->len;
	v->dash.panels = (struct cairn_panel *)(void *)g_array_free(all.panels, FALSE);
	v->scopes = (var_scope **)g_ptr_array_free(all.scopes, FALSE);
	/* each panel under the last row above it, as the loader numbers them */
	int last = -1;
	for (size_t i = 0; i < v->dash.n_panels; i++) {
		struct cairn_panel *p = &v->dash.panels[i];
		p->row_index = p->is_row ? -1 : last;
		if (p->is_row)
			last = (int)i;
	}
}

void repeat_view_fini(struct repeat_view *v)
{
	for (size_t i = 0; v->scopes && i < v->dash.n_panels; i++)
		var_scope_free(v->scopes[i]);
	g_free(v->scopes);
	g_free(v->dash.panels);
	memset(v, 0, sizeof *v);
}
