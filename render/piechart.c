/*
 * piechart.c — the pie chart panel (piechart.h).
 *
 * Facts from Grafana 10.4 (public/app/plugins/panel/piechart, @visx/shape
 * 3 on d3-shape): the pie sorts nothing itself, so d3's default puts the
 * largest value first; padAngle 0.005, cornerRadius 3, padRadius d3's
 * sqrt(inner² + outer²); each slice filled with a radial gradient from its
 * colour (darkened 20 and spun 4° at inner / outer, darkened 10 and spun
 * -4° at the rim; lightened 14 and 7 in the light theme) and stroked 1 px
 * in background.primary; labels (weight 500, text.primary) stacked 1.2 em
 * apart below the point halfway between the rim and the inner radius (a
 * pie: a sixth of the radius).  The legend is VizLegend's: every value not
 * hidden from it, largest first (PieChartPanel sorts it as the pie), with
 * "Value" and "Percent" of the visible total; a table has no Name header
 * (not sortable there).  Hidden (hideFrom.viz) and NaN values take no slice.
 *
 * Cost: linear in the values, which single_values caps.
 */
#include "render/piechart.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/colour.h"
#include "render/chrome.h"
#include "render/legend_draw.h"
#include "render/single.h"
#include "render/units.h"

#define EPS          1e-12
#define LABEL_LINE_H 1.2 /* the tspans' dy */

void pie_geometry(struct rect viz, bool donut, struct pie_geom *g)
{
	double size = fmin(viz.w, viz.h);
	double outer = (size - PIE_MARGIN * 2) / 2;
	double thick = donut ? fmax(outer / 3, 20) : outer;
	*g = (struct pie_geom){viz.x + viz.w / 2, viz.y + viz.h / 2, outer, outer - thick};
}

struct order {
	double v;
	size_t i;
};

/* d3's descending over the values; equal ones keep their order (V8's sort
 * is stable). */
static int cmp_desc(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void pie_arcs(const double *v, size_t n, struct pie_arc *out)
{
	if (n == 0)
		return;
	double sum = 0;
	struct order *o = g_new(struct order, n);
	for (size_t i = 0; i < n; i++) {
		o[i] = (struct order){v[i], i};
		if (v[i] > 0)
			sum += v[i];
	}
	qsort(o, n, sizeof *o, cmp_desc);
	double pad = fmin(2 * M_PI / (double)n, PIE_PAD_ANGLE);
	double k = sum > 0 ? (2 * M_PI - (double)n * pad) / sum : 0, a = 0;
	for (size_t j = 0; j < n; j++) {
		double w = o[j].v > 0 ? o[j].v * k : 0;
		out[o[j].i] = (struct pie_arc){a, a + w + pad};
		a += w + pad;
	}
	g_free(o);
}

void pie_label_pos(const struct pie_geom *g, const struct pie_arc *a, double *x, double *y)
{
	double lr = g->inner == 0 ? g->outer / 6 : g->inner;
	double r = (g->outer + lr) / 2, mid = (a->a0 + a->a1) / 2;
	*x = g->cx + sin(mid) * r;
	*y = g->cy - cos(mid) * r;
}

bool pie_label_fits(const struct pie_arc *a)
{
	return a->a1 - a->a0 >= PIE_LABEL_MIN_ARC;
}

double pie_label_size(double outer, bool with_name)
{
	return with_name ? fmin(fmax(outer / 150 * 14, 12), 30)
	                 : fmin(fmax(outer / 100 * 14, 12), 36);
}

/* The exact decimal expansion of |v| (glibc prints it exactly) cut after
 * `digits` and rounded half up, as toFixed's "the larger n" does; the sign
 * put back after, as toFixed does. */
void pie_to_fixed(double v, int digits, char *buf, size_t cap)
{
	if (isnan(v)) {
		g_strlcpy(buf, "NaN", cap);
		return;
	}
	if (fabs(v) >= 1e21) {
		units_js_number(v, buf, cap);
		return;
	}
	digits = digits < 0 ? 0 : digits > 20 ? 20 : digits;
	char exact[512];
	snprintf(exact, sizeof exact, "%.*f", digits + 40, fabs(v));
	char *dot = strchr(exact, '.');
	char *cut = dot + 1 + digits; /* first dropped digit: 5 and up (a tie too) round up */
	bool up = *cut >= '5';
	*cut = '\0';
	if (digits == 0)
		*dot = '\0';
	/* add one unit in the last kept place, carrying leftwards */
	GString *s = g_string_new(exact);
	for (gssize i = (gssize)s->len - 1; up && i >= 0; i--) {
		if (s->str[i] == '.')
			continue;
		if (s->str[i] == '9') {
			s->str[i] = '0';
		} else {
			s->str[i]++;
			up = false;
		}
	}
	if (up)
		g_string_prepend_c(s, '1');
	g_snprintf(buf, cap, "%s%s", v < 0 ? "-" : "",
	           s->str); /* JS: (-0.001).toFixed(2) is "-0.00" */
	g_string_free(s, TRUE);
}

/* ---- one slice's outline (d3's arc with pads and rounded corners) ---- */

struct pt {
	double x, y;
};

static struct pt polar(double r, double a)
{
	return (struct pt){r * cos(a), r * sin(a)};
}

static double ang(struct pt p)
{
	return atan2(p.y, p.x);
}

/* A rounded corner where the edge from `in` to `out` meets a circle: the
 * corner circle of radius rc sits inside the slice (side +1: the edge at
 * the slice's start, -1: at its end) with its centre `reach` from the pie's
 * centre; e is where it touches the edge, a where it touches the circle of
 * radius arc_r. */
struct corner {
	struct pt c, e, a;
};

static struct corner corner_at(struct pt in, struct pt out, int side, double rc, double reach,
                               double arc_r)
{
	double dx = out.x - in.x, dy = out.y - in.y, len = hypot(dx, dy);
	struct pt u = len > 0 ? (struct pt){dx / len, dy / len} : (struct pt){1, 0};
	struct pt nrm = {-u.y * side, u.x * side};
	struct pt q = {in.x + nrm.x * rc, in.y + nrm.y * rc};
	double b = q.x * u.x + q.y * u.y, c = q.x * q.x + q.y * q.y - reach * reach;
	double d = sqrt(fmax(0, b * b - c)), t1 = -b - d, t2 = -b + d, mid = len / 2;
	double t = fabs(t1 - mid) <= fabs(t2 - mid) ? t1 : t2;
	struct corner k;
	k.c = (struct pt){q.x + u.x * t, q.y + u.y * t};
	k.e = (struct pt){k.c.x - nrm.x * rc, k.c.y - nrm.y * rc};
	double s = reach > 0 ? arc_r / reach : 0;
	k.a = (struct pt){k.c.x * s, k.c.y * s};
	return k;
}

/* Where the lines a0–a1 and b0–b1 cross; false when parallel. */
static bool intersect(struct pt a0, struct pt a1, struct pt b0, struct pt b1, struct pt *o)
{
	double ax = a1.x - a0.x, ay = a1.y - a0.y, bx = b1.x - b0.x, by = b1.y - b0.y;
	double t = by * ax - bx * ay;
	if (t * t < EPS)
		return false;
	t = (bx * (a0.y - b0.y) - by * (a0.x - b0.x)) / t;
	*o = (struct pt){a0.x + t * ax, a0.y + t * ay};
	return true;
}

/* The slice's sides after the pad: outer angles o0..o1 on r1 and inner
 * angles i0..i1 on r0 (collapsed to the middle when the pad eats them). */
struct sides {
	double o0, o1, i0, i1;
	bool outer_open, inner_open;
	struct pt p01, p11, p00, p10; /* outer start/end, inner start/end */
};

static void padded_sides(double r0, double r1, double a0, double a1, double pad, struct sides *s)
{
	double ap = pad / 2, rp = sqrt(r0 * r0 + r1 * r1), mid = (a0 + a1) / 2, da = a1 - a0;
	double p1 = asin(fmin(1, rp / r1 * sin(ap)));
	s->outer_open = da - 2 * p1 > EPS;
	s->o0 = s->outer_open ? a0 + p1 : mid;
	s->o1 = s->outer_open ? a1 - p1 : mid;
	double x = r0 > EPS ? rp / r0 * sin(ap) : 2;
	s->inner_open = x <= 1 && da - 2 * asin(x) > EPS;
	double p0 = s->inner_open ? asin(x) : 0;
	s->i0 = s->inner_open ? a0 + p0 : mid;
	s->i1 = s->inner_open ? a1 - p0 : mid;
	s->p01 = polar(r1, s->o0);
	s->p11 = polar(r1, s->o1);
	s->p00 = polar(r0, s->i0);
	s->p10 = polar(r0, s->i1);
}

/* d3 narrows the corners of a slice under half a turn to what fits between
 * its edges (where the edges cross, and their angle). */
static void corner_radii(const struct sides *s, double da, double rc, double r0, double r1,
                         double *rc0, double *rc1)
{
	*rc0 = *rc1 = rc;
	if (rc <= EPS || da >= M_PI)
		return;
	struct pt oc;
	if (!intersect(s->p01, s->p00, s->p11, s->p10, &oc)) {
		*rc0 = *rc1 = 0;
		return;
	}
	struct pt a = {s->p01.x - oc.x, s->p01.y - oc.y}, b = {s->p11.x - oc.x, s->p11.y - oc.y};
	double cosang = (a.x * b.x + a.y * b.y) / (hypot(a.x, a.y) * hypot(b.x, b.y));
	double kc = 1 / sin(acos(fmax(-1, fmin(1, cosang))) / 2), lc = hypot(oc.x, oc.y);
	*rc0 = fmin(rc, (r0 - lc) / (kc - 1));
	*rc1 = fmin(rc, (r1 - lc) / (kc + 1));
}

static void outer_side(cairo_t *cr, const struct sides *s, double r1, double rc, double rc1)
{
	if (!s->outer_open) {
		cairo_move_to(cr, s->p01.x, s->p01.y);
		return;
	}
	if (rc1 <= EPS) {
		cairo_move_to(cr, s->p01.x, s->p01.y);
		cairo_arc(cr, 0, 0, r1, s->o0, s->o1);
		return;
	}
	struct corner k0 = corner_at(s->p00, s->p01, 1, rc1, r1 - rc1, r1);
	struct corner k1 = corner_at(s->p10, s->p11, -1, rc1, r1 - rc1, r1);
	struct pt e0 = {k0.e.x - k0.c.x, k0.e.y - k0.c.y}, e1 = {k1.e.x - k1.c.x, k1.e.y - k1.c.y};
	cairo_move_to(cr, k0.e.x, k0.e.y);
	if (rc1 < rc) { /* the two corners are one circle */
		cairo_arc(cr, k0.c.x, k0.c.y, rc1, ang(e0), ang(e1));
		return;
	}
	struct pt a0 = {k0.a.x - k0.c.x, k0.a.y - k0.c.y}, a1 = {k1.a.x - k1.c.x, k1.a.y - k1.c.y};
	cairo_arc(cr, k0.c.x, k0.c.y, rc1, ang(e0), ang(a0));
	cairo_arc(cr, 0, 0, r1, ang(k0.a), ang(k1.a));
	cairo_arc(cr, k1.c.x, k1.c.y, rc1, ang(a1), ang(e1));
}

static void inner_side(cairo_t *cr, const struct sides *s, double r0, double rc, double rc0)
{
	if (r0 <= EPS || !s->inner_open) {
		cairo_line_to(cr, s->p10.x, s->p10.y);
		return;
	}
	if (rc0 <= EPS) {
		cairo_line_to(cr, s->p10.x, s->p10.y);
		cairo_arc_negative(cr, 0, 0, r0, s->i1, s->i0);
		return;
	}
	struct corner k1 = corner_at(s->p10, s->p11, -1, rc0, r0 + rc0, r0);
	struct corner k0 = corner_at(s->p00, s->p01, 1, rc0, r0 + rc0, r0);
	struct pt e0 = {k0.e.x - k0.c.x, k0.e.y - k0.c.y}, e1 = {k1.e.x - k1.c.x, k1.e.y - k1.c.y};
	cairo_line_to(cr, k1.e.x, k1.e.y);
	if (rc0 < rc) {
		cairo_arc(cr, k1.c.x, k1.c.y, rc0, ang(e1), ang(e0));
		return;
	}
	struct pt a0 = {k0.a.x - k0.c.x, k0.a.y - k0.c.y}, a1 = {k1.a.x - k1.c.x, k1.a.y - k1.c.y};
	cairo_arc(cr, k1.c.x, k1.c.y, rc0, ang(e1), ang(a1));
	cairo_arc_negative(cr, 0, 0, r0, ang(k1.a), ang(k0.a));
	cairo_arc(cr, k0.c.x, k0.c.y, rc0, ang(a0), ang(e0));
}

void pie_slice_path(cairo_t *cr, const struct pie_geom *g, const struct pie_arc *arc, double pad)
{
	double r0 = g->inner, r1 = g->outer;
	double a0 = arc->a0 - M_PI_2, a1 = arc->a1 - M_PI_2, da = a1 - a0;
	cairo_new_path(cr);
	if (r1 <= EPS)
		return;
	if (da > 2 * M_PI - 1e-6) { /* one value: the whole disc or ring */
		cairo_arc(cr, 0, 0, r1, 0, 2 * M_PI);
		if (r0 > EPS) {
			cairo_new_sub_path(cr);
			cairo_arc_negative(cr, 0, 0, r0, 2 * M_PI, 0);
		}
		cairo_close_path(cr);
		return;
	}
	struct sides s;
	padded_sides(r0, r1, a0, a1, pad, &s);
	double rc = fmin(fabs(r1 - r0) / 2, PIE_CORNER_RADIUS), rc0, rc1;
	corner_radii(&s, da, rc, r0, r1, &rc0, &rc1);
	outer_side(cr, &s, r1, rc, rc1);
	inner_side(cr, &s, r0, rc, rc0);
	cairo_close_path(cr);
}

/* ---- painting ---------------------------------------------------------- */

/* The values that take a slice (filterDisplayItems). */
static bool in_pie(const struct single_value *v)
{
	return !v->fc->custom.hide_in_viz && !isnan(v->d.numeric);
}

/* getGradientColorFrom / To */
static void slice_fill(cairo_t *cr, const struct theme *th, const struct pie_geom *g, uint32_t c)
{
	bool dark = th->kind == THEME_DARK;
	uint32_t from = colour_darken_spin(c, dark ? 20 : -14, 4);
	uint32_t to = colour_darken_spin(c, dark ? 10 : -7, -4);
	cairo_pattern_t *pat = cairo_pattern_create_radial(0, 0, 0, 0, 0, g->outer);
	double off = g->outer > 0 ? g->inner / g->outer : 0;
	single_color_stop(pat, off, from);
	single_color_stop(pat, 1, to);
	cairo_set_source(cr, pat);
	cairo_pattern_destroy(pat);
}

struct pie_ctx {
	cairo_t *cr;
	const struct single_env *env;
	const struct cairn_panel *p;
	const struct single_value *v; /* the values, in order */
	size_t n;
	size_t *slice; /* indices into v of the values in the pie */
	size_t n_slices;
	struct pie_arc *arcs; /* one per slice */
	double total;         /* sum of the slices' values */
};

static void paint_slices(const struct pie_ctx *x, const struct pie_geom *g)
{
	cairo_t *cr = x->cr;
	double pad = fmin(2 * M_PI / (double)x->n_slices, PIE_PAD_ANGLE);
	cairo_save(cr);
	cairo_translate(cr, g->cx, g->cy);
	cairo_set_line_width(cr, 1);
	for (size_t k = 0; k < x->n_slices; k++) {
		pie_slice_path(cr, g, &x->arcs[k], pad);
		slice_fill(cr, x->env->th, g, x->v[x->slice[k]].d.color);
		cairo_fill_preserve(cr);
		theme_set_source(cr, x->env->th->panel_bg);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

/* The percent Grafana writes on a slice or in the legend. */
static void percent_text(double fraction, const struct field_config *fc, char *buf, size_t cap)
{
	char num[64];
	pie_to_fixed(fraction * 100, fc->decimals >= 0 ? fc->decimals : 0, num, sizeof num);
	g_snprintf(buf, cap, "%s%%", num);
}

static void paint_label(const struct pie_ctx *x, const struct pie_geom *g, size_t k)
{
	unsigned want = x->p->pie.labels;
	const struct single_value *v = &x->v[x->slice[k]];
	char lines[3][256];
	size_t n = 0;
	if (want & PIE_LABEL_NAME)
		g_strlcpy(lines[n++], v->has_title ? v->title : "", sizeof lines[0]);
	if (want & PIE_LABEL_VALUE)
		display_join(&v->d, lines[n++], sizeof lines[0]);
	if (want & PIE_LABEL_PERCENT)
		percent_text(v->d.numeric / x->total, v->fc, lines[n++], sizeof lines[0]);
	double lx, ly;
	pie_label_pos(g, &x->arcs[k], &lx, &ly);
	double size = pie_label_size(g->outer, want & PIE_LABEL_NAME);
	struct text *tx = x->env->tx;
	double asc = text_baseline(tx, size, TEXT_MEDIUM);
	for (size_t i = 0; i < n; i++) {
		double base = ly + LABEL_LINE_H * size * (double)(i + 1);
		text_draw(tx, x->cr, lines[i], size, TEXT_MEDIUM, lx, base - asc, 0, ALIGN_CENTER,
		          x->env->th->text);
	}
}

static void paint_labels(const struct pie_ctx *x, const struct pie_geom *g)
{
	if (!x->p->pie.labels)
		return;
	for (size_t k = 0; k < x->n_slices; k++)
		if (pie_label_fits(&x->arcs[k]))
			paint_label(x, g, k);
}

/* The legend's columns: Value, then Percent (titled only beside Value). */
static size_t legend_columns(const struct cairn_panel *p, const char **titles)
{
	size_t n = 0;
	unsigned lv = p->pie.legend_values;
	if (lv & PIE_LEGEND_VALUE)
		titles[n++] = "Value";
	if (lv & PIE_LEGEND_PERCENT) {
		titles[n] = n ? "Percent" : "";
		n++;
	}
	return n;
}

static double visible_total(const struct single_value *v, size_t n)
{
	double total = 0;
	for (size_t i = 0; i < n; i++)
		if (in_pie(&v[i]))
			total += v[i].d.numeric;
	return total;
}

/* PieChartPanel's legend order: largest value first, NaN last, equal ones
 * in their order (V8's sort is stable). */
static int cmp_legend(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	if (isnan(a->v) != isnan(b->v))
		return isnan(a->v) ? 1 : -1;
	if (!isnan(a->v) && a->v != b->v)
		return a->v > b->v ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

size_t piechart_legend(const struct cairn_panel *p, const struct single_value *v, size_t nv,
                       struct legend_entry *e, const char **titles, size_t *n_titles)
{
	size_t n = 0;
	unsigned lv = p->pie.legend_values;
	const char *dash = p->defaults.set & FC_SET_NO_VALUE ? p->defaults.no_value : "-";
	double total = visible_total(v, nv);
	*n_titles = legend_columns(p, titles);
	struct order *o = g_new(struct order, nv ? nv : 1);
	for (size_t i = 0; i < nv; i++)
		o[i] = (struct order){v[i].d.numeric, i};
	qsort(o, nv, sizeof *o, cmp_legend);
	for (size_t j = 0; j < nv; j++) {
		size_t i = o[j].i;
		if (v[i].fc->custom.hide_in_legend)
			continue;
		struct legend_entry *le = &e[n++];
		bool hidden = v[i].fc->custom.hide_in_viz;
		*le = (struct legend_entry){.name = v[i].has_title ? v[i].title : "",
		                            .color = v[i].d.color,
		                            .disabled = hidden};
		size_t c = 0;
		if (lv & PIE_LEGEND_VALUE)
			display_join(&v[i].d, le->cells[c++], LEGEND_CELL);
		if (lv & PIE_LEGEND_PERCENT) {
			double f = hidden ? 0 : v[i].d.numeric / total;
			if (hidden || isnan(f))
				g_strlcpy(le->cells[c], dash, LEGEND_CELL);
			else
				percent_text(f, v[i].fc, le->cells[c], LEGEND_CELL);
		}
	}
	g_free(o);
	return n;
}

static void draw_values(struct pie_ctx *x, struct rect c)
{
	const struct cairn_panel *p = x->p;
	double *vals = g_new(double, x->n);
	x->slice = g_new(size_t, x->n);
	for (size_t i = 0; i < x->n; i++)
		if (in_pie(&x->v[i])) {
			x->slice[x->n_slices] = i;
			vals[x->n_slices++] = x->v[i].d.numeric;
			x->total += x->v[i].d.numeric;
		}
	x->arcs = g_new(struct pie_arc, x->n_slices ? x->n_slices : 1);
	pie_arcs(vals, x->n_slices, x->arcs);
	const char *titles[2];
	struct legend_entry *entries = g_new0(struct legend_entry, x->n);
	struct legend_slot *slots = g_new0(struct legend_slot, x->n);
	struct legend_spec sp = {.opts = &p->legend, .e = entries, .titles = titles, .plain = true};
	sp.n = piechart_legend(p, x->v, x->n, entries, titles, &sp.n_titles);
	struct text_measurer m = text_measurer(x->env->tx);
	struct legend_layout lay;
	legend_layout(&sp, c, &m, &lay, slots);
	struct rect viz = c;
	if (lay.box.w > 0 && lay.box.h > 0) {
		if (p->legend.placement == LEGEND_RIGHT)
			viz.w = fmax(0, lay.box.x - c.x);
		else
			viz.h = fmax(0, lay.box.y - c.y);
	}
	struct pie_geom g;
	pie_geometry(viz, p->pie.donut, &g);
	if (g.outer > 0 && x->n_slices) {
		paint_slices(x, &g);
		paint_labels(x, &g);
	}
	legend_draw(x->cr, x->env->tx, x->env->th, &sp, &lay, slots);
	g_free(slots);
	g_free(entries);
	g_free(x->arcs);
	g_free(x->slice);
	g_free(vals);
}

void piechart_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
                   struct rect content)
{
	const struct cairn_panel *p = job->panel;
	struct single_value *v;
	size_t n = single_values(p, env->th, job->data, env->fields, &v);
	if (n == 1 && !v[0].s) { /* no field matched: PanelDataErrorView */
		chrome_message(cr, env->tx, env->th, content, v[0].d.text);
		g_free(v);
		return;
	}
	struct pie_ctx x = {.cr = cr, .env = env, .p = p, .v = v, .n = n};
	draw_values(&x, content);
	g_free(v);
}
