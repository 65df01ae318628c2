/*
 * test_piechart.c — render/piechart: d3's pie angles (largest first, pads,
 * zero and negative values), the layout (radii, hole ratio, label anchors,
 * room for labels, font sizes), toFixed, the legend's Value/Percent cells
 * and hidden series; then drawn panels probed where the data puts each
 * slice (the colour at each slice's mid-angle, the donut's hole), the SVG's
 * one path per slice, and the edge cases (no data, one value, NaN, a
 * negative value, many values, a 0×0 box).
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include "render/chrome.h"
#include "base/colour.h"
#include "render/piechart.h"
#include "render/single_draw.h"
#include "support.h"

#define W 600
#define H 400

START_TEST(arcs_largest_first_with_pads)
{
	double v[4] = {10, 20, 30, 40};
	struct pie_arc a[4];
	pie_arcs(v, 4, a);
	double k = (2 * M_PI - 4 * PIE_PAD_ANGLE) / 100;
	/* 40 starts at 12 o'clock, then 30, 20, 10 clockwise */
	ck_assert_double_eq_tol(a[3].a0, 0, 1e-12);
	ck_assert_double_eq_tol(a[3].a1, 40 * k + PIE_PAD_ANGLE, 1e-12);
	ck_assert_double_eq_tol(a[2].a0, a[3].a1, 1e-12);
	ck_assert_double_eq_tol(a[1].a0, a[2].a1, 1e-12);
	ck_assert_double_eq_tol(a[0].a0, a[1].a1, 1e-12);
	ck_assert_double_eq_tol(a[0].a1, 2 * M_PI, 1e-9);
	/* equal values keep their order */
	double eq[3] = {5, 5, 5};
	struct pie_arc b[3];
	pie_arcs(eq, 3, b);
	ck_assert(b[0].a0 < b[1].a0 && b[1].a0 < b[2].a0);
}
END_TEST

START_TEST(arcs_zero_and_negative_take_a_pad)
{
	double v[4] = {-5, 0, 30, 10};
	struct pie_arc a[4];
	pie_arcs(v, 4, a);
	ck_assert_double_eq_tol(a[0].a1 - a[0].a0, PIE_PAD_ANGLE, 1e-12);
	ck_assert_double_eq_tol(a[1].a1 - a[1].a0, PIE_PAD_ANGLE, 1e-12);
	/* sorted 30, 10, 0, -5 */
	ck_assert_double_eq_tol(a[2].a0, 0, 1e-12);
	ck_assert(a[3].a0 < a[1].a0 && a[1].a0 < a[0].a0);
	double all0[2] = {0, 0};
	struct pie_arc z[2];
	pie_arcs(all0, 2, z);
	ck_assert_double_eq_tol(z[1].a1, 2 * PIE_PAD_ANGLE, 1e-12);
}
END_TEST

START_TEST(geometry_pie_and_donut)
{
	struct pie_geom g;
	pie_geometry((struct rect){10, 20, 300, 200}, false, &g);
	ck_assert_double_eq(g.cx, 160);
	ck_assert_double_eq(g.cy, 120);
	ck_assert_double_eq(g.outer, 84); /* (200 - 32) / 2 */
	ck_assert_double_eq(g.inner, 0);
	pie_geometry((struct rect){0, 0, 300, 200}, true, &g);
	ck_assert_double_eq(g.inner, 56); /* outer - max(outer / 3, 20) */
	pie_geometry((struct rect){0, 0, 100, 100}, true, &g);
	ck_assert_double_eq(g.inner, 14); /* 34 - 20: the ring never thinner than 20 */
	pie_geometry((struct rect){0, 0, 20, 20}, false, &g);
	ck_assert(g.outer <= 0);
}
END_TEST

START_TEST(labels_anchor_room_and_size)
{
	struct pie_geom g = {100, 100, 60, 0};
	struct pie_arc right = {M_PI / 2 - 0.2, M_PI / 2 + 0.2};
	double x, y;
	pie_label_pos(&g, &right, &x, &y);
	ck_assert_double_eq_tol(x, 100 + 35, 1e-9); /* (60 + 60 / 6) / 2 */
	ck_assert_double_eq_tol(y, 100, 1e-9);
	g.inner = 40;
	pie_label_pos(&g, &right, &x, &y);
	ck_assert_double_eq_tol(x, 150, 1e-9);
	ck_assert(pie_label_fits(&(struct pie_arc){0, 0.3}));
	ck_assert(!pie_label_fits(&(struct pie_arc){0, 0.29}));
	ck_assert_double_eq(pie_label_size(60, true), 12);
	ck_assert_double_eq(pie_label_size(300, true), 28);
	ck_assert_double_eq(pie_label_size(1000, true), 30);
	ck_assert_double_eq(pie_label_size(200, false), 28);
	ck_assert_double_eq(pie_label_size(1000, false), 36);
}
END_TEST

START_TEST(to_fixed_as_javascript)
{
	char b[64];
	pie_to_fixed(12.5, 0, b, sizeof b);
	ck_assert_str_eq(b, "13");
	pie_to_fixed(0.125, 2, b, sizeof b);
	ck_assert_str_eq(b, "0.13");
	pie_to_fixed(1.005, 2, b, sizeof b); /* 1.00499999… in binary */
	ck_assert_str_eq(b, "1.00");
	pie_to_fixed(-0.001, 2, b, sizeof b);
	ck_assert_str_eq(b, "-0.00");
	pie_to_fixed(99.96, 1, b, sizeof b);
	ck_assert_str_eq(b, "100.0");
	pie_to_fixed(33.333333, 0, b, sizeof b);
	ck_assert_str_eq(b, "33");
	pie_to_fixed(NAN, 0, b, sizeof b);
	ck_assert_str_eq(b, "NaN");
}
END_TEST

/* Every vertex of d3-shape's path for the slices of 10, 20, 30, 40 and of
 * 1, 99, 0.3 (thin slices: d3 narrows their corners into one) at outer
 * radius 100, a pie, then a donut with inner radius 60 (padAngle 0.005,
 * cornerRadius 3: Grafana's settings), printed by d3-shape's own arc():
 * {set, inner, value index, x, y}.  Each must lie on cairn's outline. */
static const struct {
	int set;
	double inner;
	int i;
	double x, y;
} d3_vertices[] = {
{0, 0, 0, -57.027106, -78.408604},
{0, 0, 0, -56.289626, -82.652756},
{0, 0, 0, -3.342654, -99.944118},
{0, 0, 0, -0.242384, -96.953294},
{0, 0, 0, 0, 0},
{0, 0, 1, -92.163306, 30.098588},
{0, 0, 1, -95.973851, 28.089497},
{0, 0, 1, -61.686341, -78.707022},
{0, 0, 1, -57.418435, -78.12249},
{0, 0, 1, 0, 0},
{0, 0, 2, 57.027106, 78.408604},
{0, 0, 2, 56.289626, 82.652756},
{0, 0, 2, -93.882562, 34.439288},
{0, 0, 2, -92.011662, 30.559026},
{0, 0, 2, 0, 0},
{0, 0, 3, 0.242384, -96.953294},
{0, 0, 3, 3.342654, -99.944118},
{0, 0, 3, 61.686341, 78.707022},
{0, 0, 3, 57.418435, 78.12249},
{0, 0, 3, 0, 0},
{0, 60, 0, -56.982014, -78.430229},
{0, 60, 0, -56.247695, -82.681297},
{0, 60, 0, -3.393348, -99.942409},
{0, 60, 0, -0.291547, -96.944137},
{0, 60, 0, -0.291547, -62.913955},
{0, 60, 0, -3.134807, -59.918052},
{0, 60, 0, -32.83364, -50.219041},
{0, 60, 0, -36.897072, -50.959364},
{0, 60, 1, -92.169988, 30.049027},
{0, 60, 1, -95.988087, 28.040813},
{0, 60, 1, -61.726255, -78.675723},
{0, 60, 1, -57.452717, -78.086081},
{0, 60, 1, -37.367775, -50.615216},
{0, 60, 1, -37.894786, -46.518654},
{0, 60, 1, -57.891562, 15.76601},
{0, 60, 1, -59.847684, 19.403749},
{0, 60, 2, 56.982014, 78.430229},
{0, 60, 2, 56.247695, 82.681297},
{0, 60, 2, -93.865081, 34.486904},
{0, 60, 2, -91.987585, 30.602858},
{0, 60, 2, -59.665281, 19.957579},
{0, 60, 2, -55.930309, 21.720969},
{0, 60, 2, 32.83364, 50.219041},
{0, 60, 2, 36.897072, 50.959364},
{0, 60, 3, 0.291547, -96.944137},
{0, 60, 3, 3.393348, -99.942409},
{0, 60, 3, 61.726255, 78.675723},
{0, 60, 3, 57.452717, 78.086081},
{0, 60, 3, 37.367775, 50.615216},
{0, 60, 3, 37.894786, 46.518654},
{0, 60, 3, 3.134807, -59.918052},
{0, 60, 3, 0.291547, -62.913955},
{1, 0, 0, -8.592634, -96.57208},
{1, 0, 0, -5.777772, -99.832947},
{1, 0, 0, -5.714992, -99.836561},
{1, 0, 0, -2.544576, -96.9202},
{1, 0, 0, 0, 0},
{1, 0, 1, 0.242384, -96.953294},
{1, 0, 1, 3.342654, -99.944118},
{1, 0, 1, -12.435271, -99.223808},
{1, 0, 1, -9.075385, -96.52791},
{1, 0, 1, 0, 0},
{1, 0, 2, -2.104847, -99.044588},
{1, 0, 2, -0.247667, -99.066641},
{1, 0, 2, 0, 0},
{1, 60, 0, -8.544544, -96.586067},
{1, 60, 0, -2.593952, -96.928577},
{1, 60, 0, -1.757981, -61.733889},
{1, 60, 0, -5.336836, -61.527894},
{1, 60, 1, 0.291547, -96.944137},
{1, 60, 1, 3.393348, -99.942409},
{1, 60, 1, -12.485598, -99.217488},
{1, 60, 1, -9.123509, -96.514311},
{1, 60, 1, -6.022811, -62.625685},
{1, 60, 1, -8.581268, -59.383178},
{1, 60, 1, 3.134807, -59.918052},
{1, 60, 1, 0.291547, -62.913955},
{1, 60, 2, -2.061954, -99.086662},
{1, 60, 2, -0.291547, -99.107685},
{1, 60, 2, -0.291547, -60.421683},
{1, 60, 2, -1.143313, -60.411569}
};

/* Distance from (x, y) to the nearest segment of a flattened path. */
static double dist_to_path(const cairo_path_t *path, double x, double y)
{
	double best = INFINITY, px = 0, py = 0, sx = 0, sy = 0;
	for (int k = 0; k < path->num_data; k += path->data[k].header.length) {
		const cairo_path_data_t *d = &path->data[k];
		double qx = px, qy = py;
		if (d->header.type == CAIRO_PATH_MOVE_TO) {
			px = sx = d[1].point.x;
			py = sy = d[1].point.y;
			best = fmin(best, hypot(x - px, y - py));
			continue;
		}
		if (d->header.type == CAIRO_PATH_LINE_TO) {
			qx = d[1].point.x;
			qy = d[1].point.y;
		} else if (d->header.type == CAIRO_PATH_CLOSE_PATH) {
			qx = sx;
			qy = sy;
		}
		double dx = qx - px, dy = qy - py, len2 = dx * dx + dy * dy;
		double t = len2 > 0 ? fmax(0, fmin(1, ((x - px) * dx + (y - py) * dy) / len2)) : 0;
		best = fmin(best, hypot(x - (px + t * dx), y - (py + t * dy)));
		px = qx;
		py = qy;
	}
	return best;
}

/* Distance from (x, y) to the nearest vertex (segment end) of a path. */
static double dist_to_vertex(const cairo_path_t *path, double x, double y)
{
	double best = INFINITY;
	for (int k = 0; k < path->num_data; k += path->data[k].header.length) {
		const cairo_path_data_t *d = &path->data[k];
		int last = d->header.type == CAIRO_PATH_CURVE_TO ? 3 : 1;
		if (d->header.type != CAIRO_PATH_CLOSE_PATH)
			best = fmin(best, hypot(x - d[last].point.x, y - d[last].point.y));
	}
	return best;
}

START_TEST(outline_is_d3s_arc)
{
	double v0[4] = {10, 20, 30, 40}, v1[3] = {1, 99, 0.3};
	struct pie_arc arcs[2][4];
	pie_arcs(v0, 4, arcs[0]);
	pie_arcs(v1, 3, arcs[1]);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	cairo_t *cr = cairo_create(s);
	cairo_set_tolerance(cr, 0.001);
	for (size_t k = 0; k < sizeof d3_vertices / sizeof d3_vertices[0]; k++) {
		struct pie_geom g = {0, 0, 100, d3_vertices[k].inner};
		pie_slice_path(cr, &g, &arcs[d3_vertices[k].set][d3_vertices[k].i], PIE_PAD_ANGLE);
		cairo_path_t *flat = cairo_copy_path_flat(cr), *path = cairo_copy_path(cr);
		double x = d3_vertices[k].x, y = d3_vertices[k].y;
		double d = dist_to_path(flat, x, y), dv = dist_to_vertex(path, x, y);
		/* on the outline, and where one of its pieces (corner, arc, edge) ends */
		ck_assert_msg(d < 0.01 && dv < 0.01, "set %d inner %g slice %d: d3's (%g, %g) is %g px "
		              "off the outline, %g off its nearest vertex", d3_vertices[k].set,
		              d3_vertices[k].inner,
		              d3_vertices[k].i, x, y, d, dv);
		cairo_path_destroy(flat);
		cairo_path_destroy(path);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}
END_TEST

/* ---- panels ---- */

struct fx {
	struct cairn_panel p;
	struct cairn_result r;
	struct field_res f[8];
	struct field_override ov[2];
	struct panel_job job;
};

static double constant(size_t i, void *arg)
{
	(void)i;
	return *(double *)arg;
}

static void fx_init(struct fx *x, const double *vals, size_t n, bool donut)
{
	static const char *names[8] = {"a", "b", "c", "d", "e", "f", "g", "h"};
	memset(x, 0, sizeof *x);
	support_panel(&x->p, "piechart", "pie");
	x->p.pie.donut = donut;
	x->p.legend.show = false;
	g_strlcpy(x->p.defaults.no_value, "No data", sizeof x->p.defaults.no_value);
	struct series s[8];
	for (size_t i = 0; i < n; i++)
		support_series(&s[i], names[i], 4, 1000, 10, constant, (void *)&vals[i]);
	support_result(&x->r, s, n, 10);
	x->job = (struct panel_job){.panel = &x->p, .title = "pie", .data = &x->r,
	                            .box = {0, 0, W, H}};
}

/* The pie's place in a W×H single-panel render without legend. */
static void fx_geom(const struct fx *x, struct pie_geom *g)
{
	struct rect c = chrome_content_rect((struct rect){0, 0, W, H});
	c.y += CHROME_PAD;
	c.h -= CHROME_PAD;
	pie_geometry(c, x->p.pie.donut, g);
}

static cairo_surface_t *fx_png(struct fx *x)
{
	struct render_out out = {0};
	ck_assert_int_eq(support_render1(&x->job, W, H, FMT_PNG, THEME_DARK, &out), 0);
	cairo_surface_t *img = support_decode(&out);
	free(out.bytes);
	return img;
}

/* The gradient's colour at radius r of a slice coloured c (dark theme). */
static uint32_t expect_at(uint32_t c, const struct pie_geom *g, double r)
{
	uint32_t from = colour_darken_spin(c, 20, 4), to = colour_darken_spin(c, 10, -4);
	double off = g->inner / g->outer, t = (r / g->outer - off) / (1 - off);
	uint32_t out = 0;
	for (int sh = 24; sh >= 8; sh -= 8) {
		double a = (from >> sh) & 0xff, b = (to >> sh) & 0xff;
		out |= (uint32_t)lround(a + (b - a) * t) << (sh - 8);
	}
	return out;
}

static uint32_t probe_angle(cairo_surface_t *img, const struct pie_geom *g, double ang, double r)
{
	return support_px(img, (int)lround(g->cx + sin(ang) * r - 0.5),
	                  (int)lround(g->cy - cos(ang) * r - 0.5));
}

START_TEST(slices_at_their_mid_angles)
{
	double v[4] = {10, 20, 30, 40};
	struct fx x;
	fx_init(&x, v, 4, false);
	cairo_surface_t *img = fx_png(&x);
	struct pie_geom g;
	fx_geom(&x, &g);
	/* largest first from 12 o'clock: d 0–0.4 of the turn, c 0.4–0.7, b 0.7–0.9,
	 * a 0.9–1 (the pads shift these by under 0.001 turn) */
	static const double mid_turn[4] = {0.95, 0.8, 0.55, 0.2};
	const struct theme *th = theme_get(THEME_DARK);
	for (size_t i = 0; i < 4; i++) {
		double mid = mid_turn[i] * 2 * M_PI, r = 0.6 * g.outer;
		uint32_t want = expect_at(theme_palette(th, i), &g, r);
		uint32_t got = probe_angle(img, &g, mid, r);
		ck_assert_msg(support_coldiff(got, want) <= 6, "slice %zu at %.3f rad: %06x, want %06x",
		              i, mid, got, want);
	}
	/* outside the rim: the panel background */
	uint32_t bg = th->panel_bg >> 8;
	ck_assert_int_le(support_coldiff(probe_angle(img, &g, 1, g.outer + 4), bg), 2);
	cairo_surface_destroy(img);
	support_result_free(&x.r);
}
END_TEST

START_TEST(donut_hole_and_ring)
{
	double v[2] = {1, 3};
	struct fx x;
	fx_init(&x, v, 2, true);
	cairo_surface_t *img = fx_png(&x);
	struct pie_geom g;
	fx_geom(&x, &g);
	const struct theme *th = theme_get(THEME_DARK);
	uint32_t bg = th->panel_bg >> 8;
	ck_assert_int_le(support_coldiff(support_px(img, (int)g.cx, (int)g.cy), bg), 2);
	ck_assert_int_le(support_coldiff(probe_angle(img, &g, 2, g.inner - 4), bg), 2);
	/* b (3 of 4) from 0 to 3/4 of the turn; a after it */
	double r = (g.inner + g.outer) / 2;
	uint32_t b = expect_at(theme_palette(th, 1), &g, r), a = expect_at(theme_palette(th, 0), &g, r);
	ck_assert_int_le(support_coldiff(probe_angle(img, &g, 0.75 * M_PI, r), b), 6);
	ck_assert_int_le(support_coldiff(probe_angle(img, &g, 1.75 * M_PI, r), a), 6);
	cairo_surface_destroy(img);
	support_result_free(&x.r);
}
END_TEST

START_TEST(stroke_between_slices_in_the_background)
{
	double v[2] = {1, 1};
	struct fx x;
	fx_init(&x, v, 2, false);
	cairo_surface_t *img = fx_png(&x);
	struct pie_geom g;
	fx_geom(&x, &g);
	/* the two halves meet on the vertical through the centre: a 1 px
	 * background stroke (and the pad) there, colour either side */
	uint32_t bg = theme_get(THEME_DARK)->panel_bg >> 8;
	int y = (int)(g.cy - g.outer / 2), cx = (int)floor(g.cx);
	bool seam = false;
	for (int dx = -1; dx <= 1; dx++)
		seam = seam || support_coldiff(support_px(img, cx + dx, y), bg) <= 24;
	ck_assert_msg(seam, "no background seam between the slices");
	ck_assert_int_gt(support_coldiff(support_px(img, cx + 6, y), bg), 40);
	ck_assert_int_gt(support_coldiff(support_px(img, cx - 6, y), bg), 40);
	cairo_surface_destroy(img);
	support_result_free(&x.r);
}
END_TEST

START_TEST(one_value_is_a_whole_disc)
{
	double v[1] = {7};
	struct fx x;
	fx_init(&x, v, 1, false);
	cairo_surface_t *img = fx_png(&x);
	struct pie_geom g;
	fx_geom(&x, &g);
	const struct theme *th = theme_get(THEME_DARK);
	for (double ang = 0; ang < 2 * M_PI; ang += M_PI / 3) {
		uint32_t want = expect_at(theme_palette(th, 0), &g, 0.7 * g.outer);
		ck_assert_int_le(support_coldiff(probe_angle(img, &g, ang, 0.7 * g.outer), want), 6);
	}
	cairo_surface_destroy(img);
	support_result_free(&x.r);
}
END_TEST

START_TEST(nan_and_hidden_take_no_slice)
{
	double v[3] = {NAN, 1, 1};
	struct fx x;
	fx_init(&x, v, 3, false);
	/* "c" hidden from the viz by an override */
	x.ov[0] = (struct field_override){.kind = MATCH_BY_NAME, .pattern = (char *)"c"};
	x.ov[0].props.set = FC_SET_HIDE;
	x.ov[0].props.custom.hide_in_viz = true;
	x.p.overrides = x.ov;
	x.p.n_overrides = 1;
	cairo_surface_t *img = fx_png(&x);
	struct pie_geom g;
	fx_geom(&x, &g);
	/* b alone: the whole disc in b's colour (palette 1) */
	const struct theme *th = theme_get(THEME_DARK);
	uint32_t want = expect_at(theme_palette(th, 1), &g, 0.5 * g.outer);
	ck_assert_int_le(support_coldiff(probe_angle(img, &g, 4.5, 0.5 * g.outer), want), 6);
	ck_assert_int_le(support_coldiff(probe_angle(img, &g, 1.5, 0.5 * g.outer), want), 6);
	cairo_surface_destroy(img);
	support_result_free(&x.r);
}
END_TEST

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

START_TEST(svg_one_path_per_slice)
{
	double v[4] = {10, 20, 30, 40};
	struct fx x;
	fx_init(&x, v, 4, true);
	struct render_out out = {0};
	ck_assert_int_eq(support_render1(&x.job, W, H, FMT_SVG, THEME_DARK, &out), 0);
	char *svg = g_strndup((const char *)out.bytes, out.len);
	ck_assert_uint_eq(count(svg, "<radialGradient"), 4);
	/* each slice one path, filled by its gradient and stroked */
	size_t slices = 0;
	for (const char *p = strstr(svg, "<path"); p; p = strstr(p + 1, "<path")) {
		const char *end = strchr(p, '>');
		char *tag = g_strndup(p, (gsize)(end - p));
		if (strstr(tag, "url(#") && strstr(tag, "stroke"))
			slices++;
		g_free(tag);
	}
	ck_assert_uint_eq(slices, 4);
	g_free(svg);
	free(out.bytes);
	support_result_free(&x.r);
}
END_TEST

START_TEST(edges_no_data_many_and_tiny)
{
	double v[1] = {NAN};
	struct fx x;
	fx_init(&x, v, 1, false);
	cairo_surface_t *img = fx_png(&x); /* all NaN: "No data", no slice */
	struct pie_geom g;
	fx_geom(&x, &g);
	uint32_t bg = theme_get(THEME_DARK)->panel_bg >> 8;
	ck_assert_int_le(support_coldiff(probe_angle(img, &g, 1, 0.8 * g.outer), bg), 2);
	cairo_surface_destroy(img);
	support_result_free(&x.r);
	/* many values: 2000 slices, most under a pixel wide */
	struct fx y;
	fx_init(&y, v, 0, false);
	struct series *s = g_new(struct series, 2000);
	double *vals = g_new(double, 2000);
	for (size_t i = 0; i < 2000; i++) {
		vals[i] = (double)(i + 1);
		support_series(&s[i], "m", 2, 1000, 10, constant, &vals[i]);
	}
	support_result_free(&y.r);
	support_result(&y.r, s, 2000, 10);
	y.job.data = &y.r;
	struct render_out out = {0};
	ck_assert_int_eq(support_render1(&y.job, W, H, FMT_PNG, THEME_DARK, &out), 0);
	free(out.bytes);
	y.job.box = (struct rect){0, 0, 0, 0}; /* a 0×0 panel */
	ck_assert_int_eq(support_render1(&y.job, 40, 40, FMT_PNG, THEME_DARK, &out), 0);
	free(out.bytes);
	support_result_free(&y.r);
	g_free(s);
	g_free(vals);
}
END_TEST

START_TEST(legend_values_and_percent)
{
	double v[4] = {10, 30, NAN, 60};
	struct fx x;
	fx_init(&x, v, 4, false);
	x.p.pie.legend_values = PIE_LEGEND_VALUE | PIE_LEGEND_PERCENT;
	g_strlcpy(x.p.defaults.unit, "percent", sizeof x.p.defaults.unit);
	const struct theme *th = theme_get(THEME_DARK);
	ck_assert_int_eq(fields_resolve(&x.p, th, x.r.series, 4, NULL, x.f, NULL, NULL), 0);
	/* "b" hidden from the pie, "d" from the legend */
	x.f[1].fc.custom.hide_in_viz = true;
	x.f[3].fc.custom.hide_in_legend = true;
	struct single_value *sv;
	size_t n = single_values(&x.p, th, &x.r, x.f, &sv);
	ck_assert_uint_eq(n, 4);
	struct legend_entry e[4];
	const char *titles[2];
	size_t nt;
	size_t ne = piechart_legend(&x.p, sv, n, e, titles, &nt);
	ck_assert_uint_eq(nt, 2);
	ck_assert_str_eq(titles[0], "Value");
	ck_assert_str_eq(titles[1], "Percent");
	ck_assert_uint_eq(ne, 3);
	/* largest first, NaN last, as PieChartPanel sorts its legend (Grafana's
	 * reference images: tests/cli/grafana-ref-piechart) */
	ck_assert_str_eq(e[0].name, "b");
	ck_assert(e[0].disabled);
	ck_assert_str_eq(e[0].cells[1], "-");
	ck_assert_str_eq(e[1].name, "a");
	ck_assert_str_eq(e[1].cells[0], "10%");
	ck_assert_str_eq(e[1].cells[1], "14%"); /* 10 / (10 + 60) */
	ck_assert_str_eq(e[2].name, "c"); /* NaN: no value, no share */
	ck_assert_str_eq(e[2].cells[1], "-");
	/* percent alone is untitled; decimals from the field */
	x.p.pie.legend_values = PIE_LEGEND_PERCENT;
	for (size_t i = 0; i < n; i++)
		((struct field_config *)sv[i].fc)->decimals = 1;
	ne = piechart_legend(&x.p, sv, n, e, titles, &nt);
	ck_assert_uint_eq(nt, 1);
	ck_assert_str_eq(titles[0], "");
	ck_assert_str_eq(e[1].cells[0], "14.3%");
	g_free(sv);
	support_result_free(&x.r);
}
END_TEST

START_TEST(labels_drawn_only_on_wide_slices)
{
	double v[2] = {1, 99};
	struct fx x;
	fx_init(&x, v, 2, false);
	x.p.pie.labels = PIE_LABEL_PERCENT;
	cairo_surface_t *img = fx_png(&x);
	struct pie_geom g;
	fx_geom(&x, &g);
	struct pie_arc a[2];
	pie_arcs(v, 2, a);
	ck_assert(!pie_label_fits(&a[0]));
	ck_assert(pie_label_fits(&a[1]));
	/* text.primary pixels just below the big slice's anchor ("99%") */
	double lx, ly;
	pie_label_pos(&g, &a[1], &lx, &ly);
	double size = pie_label_size(g.outer, false);
	long text = support_count_near(img, (int)(lx - size), (int)ly, (int)(lx + size),
	                               (int)(ly + 1.3 * size), theme_get(THEME_DARK)->text >> 8,
	                               40);
	ck_assert_int_gt(text, 10);
	cairo_surface_destroy(img);
	support_result_free(&x.r);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("render/piechart");
	TCase *layout = tcase_create("layout");
	tcase_add_test(layout, arcs_largest_first_with_pads);
	tcase_add_test(layout, arcs_zero_and_negative_take_a_pad);
	tcase_add_test(layout, geometry_pie_and_donut);
	tcase_add_test(layout, labels_anchor_room_and_size);
	tcase_add_test(layout, to_fixed_as_javascript);
	tcase_add_test(layout, outline_is_d3s_arc);
	tcase_add_test(layout, legend_values_and_percent);
	suite_add_tcase(s, layout);
	TCase *draw = tcase_create("draw");
	tcase_set_timeout(draw, 60);
	tcase_add_test(draw, slices_at_their_mid_angles);
	tcase_add_test(draw, donut_hole_and_ring);
	tcase_add_test(draw, stroke_between_slices_in_the_background);
	tcase_add_test(draw, one_value_is_a_whole_disc);
	tcase_add_test(draw, nan_and_hidden_take_no_slice);
	tcase_add_test(draw, svg_one_path_per_slice);
	tcase_add_test(draw, edges_no_data_many_and_tiny);
	tcase_add_test(draw, labels_drawn_only_on_wide_slices);
	suite_add_tcase(s, draw);
	return s;
}

#include "tests/test_main.h"
