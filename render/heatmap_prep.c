/*
 * heatmap_prep.c — the heatmap's cells from the panel's series
 * (heatmap_prep.h).  Every pass is linear in samples or cells; the grid is
 * sized before it is allocated and taken from the request's points budget,
 * so a bucket size of 1e-9 over a range of 1e6 is an error, not an
 * allocation.
 */
#include "render/heatmap_prep.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render/units.h"

#define CALC_X_DEFAULT 20 /* heatmap(): buckets when xBuckets gives no valid size */
#define CALC_Y_DEFAULT 10

void hm_grid_fini(struct hm_grid *g)
{
	if (!g)
		return;
	for (size_t i = 0; g->y_names && i < g->ny; i++)
		g_free(g->y_names[i]);
	g_free(g->y_names);
	g_free(g->y_zero);
	g_free(g->x);
	g_free(g->y);
	g_free(g->v);
	budget_give(g->budget, BUDGET_POINTS, g->cells_taken);
	memset(g, 0, sizeof *g);
}

size_t hm_fill_index(double v, double vmin, double vmax, size_t n)
{
	double range = vmax - vmin;
	if (range == 0 || isnan(range))
		range = 1;
	if (v < vmin)
		return 0;
	if (v > vmax)
		return n - 1;
	double k = floor((double)n * (v - vmin) / range);
	return k >= (double)(n - 1) ? n - 1 : k > 0 ? (size_t)k : 0;
}

bool hm_visible(const struct heatmap_opts *o, double v)
{
	if (isnan(v))
		return false;
	if (!isnan(o->filter_le) && !(v > o->filter_le))
		return false;
	return isnan(o->filter_ge) || v < o->filter_ge;
}

/* Grafana's parseSampleValue: [+-]inf[inity] in any case, else JavaScript's
 * parseFloat (the longest number at the start: "0.1 s" is 0.1); NaN when
 * there is none. */
static double sample_value(const char *s)
{
	if (!s)
		return NAN;
	const char *p = s + (*s == '+' || *s == '-');
	if (g_ascii_strcasecmp(p, "inf") == 0 || g_ascii_strcasecmp(p, "infinity") == 0)
		return *s == '-' ? -INFINITY : INFINITY;
	while (g_ascii_isspace(*s))
		s++;
	if (g_ascii_strncasecmp(p, "inf", 3) == 0 || g_ascii_strncasecmp(p, "nan", 3) == 0 ||
	    (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
		return NAN; /* strtod reads these; parseFloat does not */
	char *end;
	double v = g_ascii_strtod(s, &end);
	return end == s ? NAN : v;
}

static const char *label_of(const struct series *s, const char *name)
{
	for (size_t i = 0; i < s->n_labels; i++)
		if (strcmp(s->labels[i].name, name) == 0)
			return s->labels[i].value;
	return NULL;
}

/* ---- the grid ------------------------------------------------------------ */

static int alloc_grid(struct hm_grid *g, double nx, double ny, struct budget *b,
                      struct cairn_err *err)
{
	double cells = nx * ny;
	if (!(cells >= 1) || cells > 4e9)
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "heatmap: %.0f × %.0f buckets are more than can be drawn", nx, ny);
	if (budget_take(b, BUDGET_POINTS, (uint64_t)cells, err))
		return err->code;
	g->budget = b;
	g->cells_taken = (uint64_t)cells;
	g->nx = (size_t)nx;
	g->ny = (size_t)ny;
	g->x = g_new(double, g->nx);
	g->y = g_new(double, g->ny);
	g->v = g_new(double, g->nx * g->ny);
	return 0;
}

/* One row of a rows heatmap: a series and the key it sorts by. */
struct row {
	const struct series *s;
	double key;
	const char *name;
	size_t order;
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	bool nx = isnan(x->key), ny = isnan(y->key);
	if (nx != ny)
		return nx ? 1 : -1;
	if (!nx && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The sample step: the query's, else the smallest gap between samples. */
static double sample_step(const struct cairn_result *d, const struct row *r, size_t n)
{
	if (d->step > 0)
		return d->step;
	double step = INFINITY;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 1; k < r[i].s->n; k++) {
			double dt = r[i].s->t[k] - r[i].s->t[k - 1];
			if (dt > 0 && dt < step)
				step = dt;
		}
	return isfinite(step) ? step : 1;
}

/* Rows onto a time grid of one column per step (Grafana joins the frames on
 * time; Prometheus answers on one grid, so a sample's column is its index
 * on it). */
static int fill_rows(struct hm_grid *g, const struct cairn_result *d, const struct row *r,
                     size_t n, struct budget *b, struct cairn_err *err)
{
	double t0 = INFINITY, t1 = -INFINITY;
	for (size_t i = 0; i < n; i++)
		if (r[i].s->n) {
			t0 = fmin(t0, r[i].s->t[0]);
			t1 = fmax(t1, r[i].s->t[r[i].s->n - 1]);
		}
	if (!(t1 >= t0))
		return 0;
	double step = sample_step(d, r, n);
	if (alloc_grid(g, floor((t1 - t0) / step + 0.5) + 1, (double)n, b, err))
		return err->code;
	for (size_t xi = 0; xi < g->nx; xi++)
		g->x[xi] = t0 + (double)xi * step;
	for (size_t i = 0; i < g->nx * g->ny; i++)
		g->v[i] = NAN;
	for (size_t yi = 0; yi < n; yi++) {
		const struct series *s = r[yi].s;
		g->y[yi] = (double)yi;
		for (size_t k = 0; k < s->n; k++) {
			double xi = floor((s->t[k] - t0) / step + 0.5);
			if (xi >= 0 && xi < (double)g->nx && !isnan(s->v[k]))
				g->v[(size_t)xi * g->ny + yi] = s->v[k];
		}
	}
	g->x_size = step;
	return 0;
}

/* transformToHistogramOverTime: each bucket minus the one below it (a
 * missing lower sample counts as 0), below 1e-9 made 0 (a counter reset
 * or float noise must not show as a negative count). */
static void deaccumulate(struct hm_grid *g)
{
	for (size_t xi = 0; xi < g->nx; xi++) {
		double *col = g->v + xi * g->ny;
		for (size_t yi = g->ny; yi-- > 1;) {
			col[yi] -= isnan(col[yi - 1]) ? 0 : col[yi - 1];
			if (col[yi] < 1e-9)
				col[yi] = 0;
		}
	}
}

/* The rows' labels: the names, formatted as numbers with yAxis unit or
 * decimals when either is set (rowsToCellsHeatmap). */
static void row_labels(struct hm_grid *g, const struct heatmap_opts *o, const struct row *r,
                       bool le_first)
{
	bool fmt = o->y_unit[0] || o->y_decimals >= 0;
	const char *unit = o->y_unit[0] ? o->y_unit : "short";
	char buf[96];
	g->y_names = g_new0(char *, g->ny);
	for (size_t i = 0; i < g->ny; i++) {
		double v = sample_value(r[i].name);
		if (fmt && !isnan(v) && isfinite(v)) {
			units_format_str(unit, v, o->y_decimals, buf, sizeof buf);
			g->y_names[i] = g_strdup(buf);
		} else {
			g->y_names[i] = g_strdup(r[i].name ? r[i].name : "");
		}
	}
	if (le_first) {
		if (fmt)
			units_format_str(unit, 0, o->y_decimals, buf, sizeof buf);
		g->y_zero = g_strdup(fmt ? buf : "0.0");
	}
}

/* The first label Grafana's frame keeps (not __name__): is it `le`? */
static bool first_label_le(const struct series *s)
{
	for (size_t i = 0; i < s->n_labels; i++)
		if (strcmp(s->labels[i].name, "__name__") != 0)
			return strcmp(s->labels[i].name, "le") == 0;
	return false;
}

/* The labels of s other than le (and __name__), joined: the Prometheus
 * datasource merges the buckets of one such group into one heatmap frame. */
static void group_key(const struct series *s, GString *out)
{
	g_string_truncate(out, 0);
	for (size_t i = 0; i < s->n_labels; i++) {
		const char *n = s->labels[i].name;
		if (strcmp(n, "le") == 0 || strcmp(n, "__name__") == 0)
			continue;
		g_string_append(out, s->labels[i].value);
		g_string_append_c(out, ',');
	}
}

/* Which series make the rows.  Format heatmap (transformV2): the buckets of
 * one refId and one label group form a frame and fields.ts keeps the last
 * such frame, so: the last target answering in format heatmap, and in it
 * the group of its last series.  Else every series.  Returns how many went
 * into r; *ht says whether they are format heatmap buckets. */
static size_t pick_rows(const struct cairn_panel *p, const struct cairn_result *d, struct row *r,
                        bool *ht)
{
	long tgt = -1;
	for (size_t i = 0; i < d->n_series; i++) {
		size_t ti = d->series[i].target_index;
		if (ti < p->n_targets && p->targets[ti].format_heatmap && (long)ti > tgt)
			tgt = (long)ti;
	}
	*ht = tgt >= 0;
	GString *last = g_string_new(NULL), *key = g_string_new(NULL);
	for (size_t i = 0; *ht && i < d->n_series; i++)
		if ((long)d->series[i].target_index == tgt)
			group_key(&d->series[i], last);
	const struct cairn_target *t = *ht ? &p->targets[tgt] : NULL;
	/* without a legendFormat the datasource names each bucket by its le */
	bool by_le = t && (!t->legend_format || !*t->legend_format);
	size_t n = 0;
	for (size_t i = 0; i < d->n_series; i++) {
		const struct series *s = &d->series[i];
		if (*ht) {
			if ((long)s->target_index != tgt)
				continue;
			group_key(s, key);
			if (strcmp(key->str, last->str) != 0)
				continue;
		}
		const char *le = label_of(s, "le");
		const char *name = by_le && le ? le : s->name;
		r[n] = (struct row){.s = s, .name = name, .order = n, .key = sample_value(name)};
		n++;
	}
	g_string_free(last, TRUE);
	g_string_free(key, TRUE);
	return n;
}

static int prep_rows(const struct cairn_panel *p, const struct cairn_result *d, struct budget *b,
                     struct hm_grid *g, struct cairn_err *err)
{
	const struct heatmap_opts *o = &p->heatmap;
	struct row *r = g_new(struct row, d->n_series ? d->n_series : 1);
	bool ht, numeric = true;
	size_t n = pick_rows(p, d, r, &ht);
	for (size_t i = 0; i < n; i++)
		numeric = numeric && !isnan(r[i].key);
	if (ht || numeric)
		qsort(r, n, sizeof *r, row_cmp);
	int rc = n ? fill_rows(g, d, r, n, b, err) : 0;
	if (rc == 0 && g->nx) {
		if (ht)
			deaccumulate(g);
		bool le = label_of(r[0].s, "le") != NULL;
		enum hm_align al = le ? HMA_LE : HMA_UNKNOWN;
		al = o->rows_layout == HML_LE   ? HMA_LE
		     : o->rows_layout == HML_GE ? HMA_GE
		     : o->rows_layout == HML_UNKNOWN ? HMA_UNKNOWN
		                                     : al;
		g->y_align = al;
		g->x_align = HMA_LE; /* the rows' time is the end of their interval (xMax) */
		g->ordinal = true;
		g->y_size = 1;
		row_labels(g, o, r, first_label_le(r[0].s));
	}
	g_free(r);
	return rc;
}

/* ---- calculate: true ---------------------------------------------------- */

/* niceLinearIncrs (1, 1.5, 2 … 9.5 × 10^e below 1, the whole ones above):
 * the largest increment not above approx's first larger one. */
static double nice_linear(double approx)
{
	static const double mults[] = {1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8,
	                               8.5, 9, 9.5};
	double prev = NAN, first = NAN;
	for (int e = -16; e < 16; e++)
		for (size_t m = 0; m < sizeof mults / sizeof mults[0]; m++) {
			double v = mults[m] * units_js_pow10(e);
			if (e >= 0)
				v = round(v);
			else
				v = round(v * units_js_pow10(-e + 1)) / units_js_pow10(-e + 1);
			if (e >= 0 && e < 1 && mults[m] != floor(mults[m]))
				continue;
			if (isnan(first))
				first = v;
			if (v > approx)
				return isnan(prev) ? first : prev;
			prev = v;
		}
	return first; /* findIndex found none: Grafana takes the first */
}

/* niceTimeIncrs, in ms. */
static double nice_time(double approx)
{
	static const double s = 1e3, m = 60e3, h = 3600e3, d = 86400e3, y = 365 * 86400e3;
	static const double incrs[] = {
	        1, 2, 4, 5, 10, 20, 25, 40, 50, 100, 200, 250, 400, 500, s, 2 * s, 4 * s, 5 * s,
	        10 * s, 15 * s, 20 * s, 30 * s, m, 2 * m, 4 * m, 5 * m, 10 * m, 15 * m, 20 * m, 30 * m,
	        h, 2 * h, 4 * h, 6 * h, 8 * h, 12 * h, 18 * h, d, 2 * d, 3 * d, 4 * d, 5 * d, 6 * d,
	        7 * d, 10 * d, 15 * d, 30 * d, 45 * d, 60 * d, 90 * d, 180 * d, y, 2 * y, 3 * y,
	        4 * y, 5 * y, 6 * y, 7 * y, 8 * y, 9 * y, 10 * y};
	size_t n = sizeof incrs / sizeof incrs[0];
	for (size_t i = 0; i < n; i++)
		if (incrs[i] > approx)
			return incrs[i ? i - 1 : 0];
	return incrs[0];
}

/* JavaScript's +s: the whole text a number, NaN otherwise. */
static double strict_number(const char *s)
{
	char *end;
	double v = g_ascii_strtod(s, &end);
	while (g_ascii_isspace(*end))
		end++;
	return end == s || *end ? NAN : v;
}

/* convertDurationToMilliseconds: "60000", "1m", "1h30m", "500ms"; NaN when
 * not one (a variable left unresolved, text). */
static double duration_ms(const char *s)
{
	char *end;
	if (!*s)
		return NAN;
	double v = g_ascii_strtod(s, &end);
	if (!*end)
		return floor(v);
	double total = 0;
	const char *p = s;
	while (*p) {
		double n = g_ascii_strtod(p, &end);
		if (end == p)
			return NAN;
		p = end;
		double unit = strncmp(p, "ms", 2) == 0 ? (p += 2, 1)
		              : *p == 's'              ? (p++, 1e3)
		              : *p == 'm'              ? (p++, 60e3)
		              : *p == 'h'              ? (p++, 3600e3)
		              : *p == 'd'              ? (p++, 86400e3)
		              : *p == 'w'              ? (p++, 604800e3)
		              : *p == 'y'              ? (p++, 365 * 86400e3)
		                                       : NAN;
		if (isnan(unit))
			return NAN;
		total += n * unit;
	}
	return total;
}

struct extent {
	double x0, x1, y0, y1;
	size_t n;
};

static void calc_extent(const struct cairn_result *d, bool log, struct extent *e)
{
	*e = (struct extent){INFINITY, -INFINITY, INFINITY, -INFINITY, 0};
	for (size_t i = 0; i < d->n_series; i++) {
		const struct series *s = &d->series[i];
		for (size_t k = 0; k < s->n; k++) {
			double v = s->v[k];
			if (isnan(v) || isinf(v) || (log && !(v > 0) && (e->n++, true)))
				continue;
			e->x0 = fmin(e->x0, s->t[k] * 1e3);
			e->x1 = fmax(e->x1, s->t[k] * 1e3);
			e->y0 = fmin(e->y0, v);
			e->y1 = fmax(e->y1, v);
		}
	}
}

/* heatmap()'s bucket sizes: x in ms, y in values (log: in exponents, 1 /
 * the split); invalid sizes fall back to 20 x and 10 y buckets, and counts
 * become Grafana's nice increments.  *ysz: yBuckets.value as a number. */
static void calc_incrs(const struct heatmap_opts *o, const struct extent *e, double *xi,
                       double *yi, double *ysz)
{
	*xi = o->xb.value[0] ? duration_ms(o->xb.value) : NAN;
	*ysz = o->yb.value[0] ? strict_number(o->yb.value) : NAN;
	*yi = *ysz;
	bool xcount = o->xb.mode == HMB_COUNT, ycount = o->yb.mode == HMB_COUNT;
	if (!isfinite(*xi) || *xi <= 0) {
		xcount = true;
		*xi = CALC_X_DEFAULT;
	}
	if (!isfinite(*yi) || *yi <= 0) {
		ycount = true;
		*yi = CALC_Y_DEFAULT;
	}
	if (xcount)
		*xi = nice_time((e->x1 - e->x0) / fmax(*xi - 1, 1));
	if (ycount)
		*yi = nice_linear((e->y1 - e->y0) / fmax(*yi - 1, 1));
	if (o->yb.log > 0)
		*yi = 1 / (isfinite(*ysz) && *ysz > 0 ? *ysz : 1);
}

static double bin(double v, double incr)
{
	return floor(v / incr) * incr;
}

static int prep_calc(const struct cairn_panel *p, const struct cairn_result *d, struct budget *b,
                     struct hm_grid *g, struct cairn_err *err)
{
	const struct heatmap_opts *o = &p->heatmap;
	double ylog = o->yb.log;
	struct extent e;
	calc_extent(d, ylog > 0, &e);
	if (ylog > 0 && e.n)
		return cairn_err_set(err, CAIRN_EINVAL, "Log Y axes cannot have values <= 0");
	if (!(e.x1 >= e.x0))
		return 0;
	double xi, yi, ysz;
	calc_incrs(o, &e, &xi, &yi, &ysz);
	double (*lg)(double) = ylog == 10 ? log10 : log2;
	double x0 = bin(e.x0, xi), x1 = bin(e.x1, xi);
	double y0 = ylog > 0 ? bin(lg(e.y0), yi) : bin(e.y0, yi);
	double y1 = ylog > 0 ? bin(lg(e.y1), yi) : bin(e.y1, yi);
	double nx = round((x1 - x0) / xi) + 1, ny = round((y1 - y0) / yi) + 1;
	if (alloc_grid(g, nx, ny, b, err))
		return err->code;
	for (size_t i = 0; i < g->nx; i++)
		g->x[i] = (x0 + (double)i * xi) / 1e3;
	for (size_t i = 0; i < g->ny; i++)
		g->y[i] = ylog > 0 ? pow(ylog, y0 + (double)i * yi) : y0 + (double)i * yi;
	memset(g->v, 0, g->nx * g->ny * sizeof *g->v);
	for (size_t i = 0; i < d->n_series; i++) {
		const struct series *s = &d->series[i];
		for (size_t k = 0; k < s->n; k++) {
			double v = s->v[k];
			if (isnan(v) || isinf(v))
				continue;
			double cx = round((bin(s->t[k] * 1e3, xi) - x0) / xi);
			double cy = round(((ylog > 0 ? bin(lg(v), yi) : bin(v, yi)) - y0) / yi);
			if (cx >= 0 && cx < nx && cy >= 0 && cy < ny)
				g->v[(size_t)cx * g->ny + (size_t)cy] += 1;
		}
	}
	g->x_size = xi / 1e3;
	g->x_align = g->y_align = HMA_GE; /* xMin, yMin */
	g->y_size = ylog > 0 ? 0 : yi;
	g->y_log = ylog;
	g->y_log_split = ylog > 0 && isfinite(ysz) && ysz > 0 ? ysz : 1;
	g_strlcpy(g->unit, "short", sizeof g->unit); /* the Count field */
	g_strlcpy(g->y_unit, o->y_unit[0] ? o->y_unit : p->defaults.unit, sizeof g->y_unit);
	return 0;
}

/* boundedMinMax over the cells filterValues keeps. */
static void color_range(struct hm_grid *g, const struct heatmap_opts *o)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < g->nx * g->ny; i++)
		if (hm_visible(o, g->v[i])) {
			lo = fmin(lo, g->v[i]);
			hi = fmax(hi, g->v[i]);
		}
	g->vmin = !isnan(o->color_min) ? o->color_min : isfinite(lo) ? lo : NAN;
	g->vmax = !isnan(o->color_max) ? o->color_max : isfinite(hi) ? hi : NAN;
}

int hm_prepare(const struct cairn_panel *p, const struct cairn_result *d, double from, double to,
               struct budget *b, struct hm_grid *g, struct cairn_err *err)
{
	(void)from;
	(void)to;
	memset(g, 0, sizeof *g);
	g->decimals = -1;
	if (!d || d->status != RESULT_OK || d->n_series == 0)
		return 0;
	const struct heatmap_opts *o = &p->heatmap;
	int rc = o->calculate ? prep_calc(p, d, b, g, err) : prep_rows(p, d, b, g, err);
	if (rc || !g->nx)
		return rc;
	if (!o->calculate) {
		g_strlcpy(g->unit, p->defaults.unit, sizeof g->unit);
		g->decimals = p->defaults.decimals;
	}
	if (o->cell_unit[0])
		g_strlcpy(g->unit, o->cell_unit, sizeof g->unit);
	if (o->cell_decimals >= 0)
		g->decimals = o->cell_decimals;
	color_range(g, o);
	return 0;
}
