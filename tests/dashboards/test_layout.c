/*
 * test_layout.c — Grafana's grid: gridPos → pixels, collapsed rows, row
 * expansion (DashboardModel.toggleRow) and react-grid-layout's vertical
 * compaction.  Pixel values follow from 24 columns, 30 px rows, 8 px gaps.
 */
#include <check.h>
Suite *make_suite(void);
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "dashboards/layout.h"
#include "dashboards/load.h"

#define EPS 1e-9

START_TEST(grid_rect_pixels)
{
	/* 1224 px canvas with 12 px padding: 1200 px for 24 columns and 23 gaps,
	 * so a column is (1200 - 184) / 24 = 42.333 px */
	struct rect r = layout_grid_rect((struct grid_pos){0, 0, 12, 8}, 1224, 12);
	ck_assert_double_eq_tol(r.x, 12, EPS);
	ck_assert_double_eq_tol(r.y, 12, EPS);
	ck_assert_double_eq_tol(r.w, 596, EPS);
	ck_assert_double_eq_tol(r.h, 8 * 30 + 7 * 8, EPS);
	r = layout_grid_rect((struct grid_pos){12, 1, 12, 7}, 1224, 12);
	ck_assert_double_eq_tol(r.x, 12 + 604, EPS);
	ck_assert_double_eq_tol(r.x + r.w, 1212, EPS); /* flush with the right padding */
	ck_assert_double_eq_tol(r.y, 12 + 38, EPS);
	ck_assert_double_eq_tol(r.h, 258, EPS);
	r = layout_grid_rect((struct grid_pos){0, 0, 24, 1}, 1224, 12);
	ck_assert_double_eq_tol(r.w, 1200, EPS);
	ck_assert_double_eq_tol(r.h, 30, EPS);
	r = layout_grid_rect((struct grid_pos){23, 2, 1, 1}, 1224 - 24, 0);
	ck_assert_double_eq_tol(r.x, 23 * (1016.0 / 24 + 8), EPS);
	ck_assert_double_eq_tol(r.y, 76, EPS);
}
END_TEST

static struct cairn_panel P(int id, int x, int y, int w, int h, int row, bool is_row,
                            bool collapsed, const char *path) {
	return (struct cairn_panel){.id = id,
	                            .grid = {x, y, w, h},
	                            .row_index = row,
	                            .is_row = is_row,
	                            .collapsed = collapsed,
	                            .json_path = (char *)path};
}

/* row A (open) + P1, row B (collapsed) holding c1 c2, row C (open) + P2 */
static struct cairn_panel rows_fixture[7];
static struct cairn_dashboard rows_dash = {.panels = rows_fixture, .n_panels = 7};

static void rows_setup(void)
{
	rows_fixture[0] = P(1, 0, 0, 24, 1, -1, true, false, "panels[0]");
	rows_fixture[1] = P(2, 0, 1, 12, 8, 0, false, false, "panels[1]");
	rows_fixture[2] = P(3, 0, 9, 24, 1, -1, true, true, "panels[2]");
	rows_fixture[3] = P(4, 0, 10, 12, 5, 2, false, false, "panels[2].panels[0]");
	rows_fixture[4] = P(5, 12, 10, 12, 10, 2, false, false, "panels[2].panels[1]");
	rows_fixture[5] = P(6, 0, 10, 24, 1, -1, true, false, "panels[3]");
	rows_fixture[6] = P(7, 0, 11, 24, 4, 5, false, false, "panels[4]");
}

START_TEST(collapsed_rows_hide_children)
{
	struct rect r[7];
	bool vis[7];
	double h = layout_dashboard(&rows_dash, 1224, 12, false, r, vis);
	ck_assert(vis[0] && vis[1] && vis[2] && vis[5] && vis[6]);
	ck_assert(!vis[3] && !vis[4]);
	ck_assert_double_eq_tol(r[2].y, 12 + 9 * 38, EPS);
	ck_assert_double_eq_tol(r[6].y, 12 + 11 * 38, EPS);
	ck_assert_double_eq_tol(h, 24 + 15 * 38 - 8, EPS);
}
END_TEST

START_TEST(expanding_pushes_down)
{
	struct rect r[7];
	bool vis[7];
	double h = layout_dashboard(&rows_dash, 1224, 12, true, r, vis);
	for (int i = 0; i < 7; i++)
		ck_assert(vis[i]);
	/* children sit under row B; the tallest (h 10) pushes row C by 10 */
	ck_assert_double_eq_tol(r[3].y, 12 + 10 * 38, EPS);
	ck_assert_double_eq_tol(r[4].y, 12 + 10 * 38, EPS);
	ck_assert_double_eq_tol(r[4].x, 12 + 604, EPS);
	ck_assert_double_eq_tol(r[5].y, 12 + 20 * 38, EPS);
	ck_assert_double_eq_tol(r[6].y, 12 + 21 * 38, EPS);
	ck_assert_double_eq_tol(h, 24 + 25 * 38 - 8, EPS);
}
END_TEST

START_TEST(expanding_a_moved_row)
{
	/* the row was moved while collapsed: children keep their offsets to
	 * each other but start right under it (yDiff in toggleRow) */
	rows_fixture[2].grid.y = 9;
	rows_fixture[3].grid.y = 30;
	rows_fixture[4].grid.y = 32;
	struct rect r[7];
	bool vis[7];
	layout_dashboard(&rows_dash, 1224, 12, true, r, vis);
	ck_assert_double_eq_tol(r[3].y, 12 + 10 * 38, EPS);
	/* c2 was 2 below c1; c1 occupies x 0-11 only, so c2 (x 12-23) floats up
	 * to the row during compaction */
	ck_assert_double_eq_tol(r[4].y, 12 + 10 * 38, EPS);
	/* toggleRow pushes row C by yMax - 9 - 1 = 12 to y 22, then compaction
	 * lifts it to the bottom of c2 (10 + 10 = 20) */
	ck_assert_double_eq_tol(r[5].y, 12 + 20 * 38, EPS);
	ck_assert_double_eq_tol(r[6].y, 12 + 21 * 38, EPS);
}
END_TEST

START_TEST(compaction_closes_gaps)
{
	struct cairn_panel p[4] = {
	        P(1, 0, 5, 12, 4, -1, false, false, "panels[0]"),  /* floats to 0 */
	        P(2, 0, 20, 12, 3, -1, false, false, "panels[1]"), /* to 4, under 1 */
	        P(3, 12, 2, 12, 2, -1, false, false, "panels[2]"), /* to 0 */
	        P(4, 6, 30, 12, 2, -1, false, false, "panels[3]"), /* under 2 (x 6-17) */
	};
	struct cairn_dashboard d = {.panels = p, .n_panels = 4};
	struct rect r[4];
	bool vis[4];
	double h = layout_dashboard(&d, 1224, 0, false, r, vis);
	ck_assert_double_eq_tol(r[0].y, 0, EPS);
	ck_assert_double_eq_tol(r[2].y, 0, EPS);
	ck_assert_double_eq_tol(r[1].y, 4 * 38, EPS);
	ck_assert_double_eq_tol(r[3].y, 7 * 38, EPS);
	ck_assert_double_eq_tol(h, 9 * 38 - 8, EPS);
}
END_TEST

START_TEST(hidden_children_leave_no_gap)
{
	/* a panel saved below a collapsed row's (hidden) children floats up */
	struct cairn_panel p[4] = {
	        P(1, 0, 0, 24, 1, -1, true, true, "panels[0]"),
	        P(2, 0, 1, 24, 10, 0, false, false, "panels[0].panels[0]"),
	        P(3, 0, 11, 24, 1, -1, true, false, "panels[1]"),
	        P(4, 0, 12, 24, 5, 2, false, false, "panels[2]"),
	};
	struct cairn_dashboard d = {.panels = p, .n_panels = 4};
	struct rect r[4];
	bool vis[4];
	layout_dashboard(&d, 1224, 0, false, r, vis);
	ck_assert(!vis[1]);
	ck_assert_double_eq_tol(r[2].y, 1 * 38, EPS);
	ck_assert_double_eq_tol(r[3].y, 2 * 38, EPS);
}
END_TEST

/* gridPos values the loader accepts (up to 1e9) once overflowed int:
 * "render: size 1600x-159738316 must be positive".  Now the grid sums are
 * exact, every pixel value is clamped to LAYOUT_MAX_PX, and compaction does
 * not step a billion rows one at a time. */
START_TEST(huge_grid_values)
{
	struct cairn_panel p[4] = {0};
	for (int i = 0; i < 4; i++) {
		p[i].grid = (struct grid_pos){0, 1000000000, 24, 1000000000};
		p[i].row_index = -1;
	}
	p[3].grid = (struct grid_pos){12, 1000000000, 12, 1}; /* floats up 1e9 rows */
	struct cairn_dashboard d = {.panels = p, .n_panels = 4};
	struct rect r[4];
	bool vis[4];
	double h = layout_dashboard(&d, 1600, 12, false, r, vis);
	ck_assert_double_eq(h, LAYOUT_MAX_PX);
	for (int i = 0; i < 4; i++) {
		ck_assert(r[i].y >= 0 && r[i].y <= LAYOUT_MAX_PX);
		ck_assert(r[i].h > 0 && r[i].h <= LAYOUT_MAX_PX);
	}
	ck_assert_double_eq(r[0].y, 12); /* compaction took the first to the top */
	ck_assert_double_eq(r[1].y, LAYOUT_MAX_PX);
	/* below the clamp the grid is exact: 50 rows of 1e6 stack to 5e7 rows */
	struct cairn_panel q[2] = {0};
	q[0].grid = (struct grid_pos){0, 0, 24, 10000};
	q[1].grid = (struct grid_pos){0, 1000000000, 24, 10000};
	q[0].row_index = q[1].row_index = -1;
	struct cairn_dashboard e = {.panels = q, .n_panels = 2};
	h = layout_dashboard(&e, 1600, 0, false, r, vis);
	ck_assert_double_eq(h, 20000.0 * 38 - 8);
	ck_assert_double_eq(r[1].y, 10000.0 * 38);
	struct rect g = layout_grid_rect((struct grid_pos){0, 2147483647, 24, 2147483647}, 1600, 0);
	ck_assert_double_eq(g.y, LAYOUT_MAX_PX);
	ck_assert_double_eq(g.h, LAYOUT_MAX_PX);
	g = layout_grid_rect((struct grid_pos){0, 0, -2147483647 - 1, 1}, 1600, 0);
	ck_assert_double_eq(g.w, 0);
}
END_TEST

START_TEST(empty_dashboard)
{
	struct cairn_dashboard d = {0};
	ck_assert_double_eq(layout_dashboard(&d, 1000, 10, false, NULL, NULL), 20);
}
END_TEST

START_TEST(corpus_node_exporter)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d =
	        dash_load_file(CORPUS_DIR "/dashboards/rfmoz__node-exporter-full.json", &err);
	ck_assert_msg(d != NULL, "%s", err.msg);
	struct rect *r = g_new(struct rect, d->n_panels), *re = g_new(struct rect, d->n_panels);
	bool *vis = g_new(bool, d->n_panels), *vise = g_new(bool, d->n_panels);
	double h = layout_dashboard(d, 1920, 0, false, r, vis);
	double he = layout_dashboard(d, 1920, 0, true, re, vise);
	size_t shown = 0;
	for (size_t i = 0; i < d->n_panels; i++) {
		shown += vis[i];
		ck_assert(vise[i]);
	}
	ck_assert_uint_eq(shown, 31);
	/* collapsed: the last row, "Node Exporter", is at y 33 → bottom 34 */
	ck_assert_double_eq_tol(h, 34 * 38 - 8, EPS);
	ck_assert(he > h * 5);
	/* CPU (first child of row 17) sits right under its row when expanded */
	ck_assert_double_eq_tol(re[18].y, re[17].y + 38, EPS);
	/* no two visible panels overlap */
	for (size_t i = 0; i < d->n_panels; i++)
		for (size_t j = i + 1; j < d->n_panels; j++) {
			bool ov = re[i].x < re[j].x + re[j].w - EPS &&
			          re[j].x < re[i].x + re[i].w - EPS &&
			          re[i].y < re[j].y + re[j].h - EPS &&
			          re[j].y < re[i].y + re[i].h - EPS;
			ck_assert_msg(!ov, "%zu overlaps %zu", i, j);
		}
	g_free(r);
	g_free(re);
	g_free(vis);
	g_free(vise);
	dash_free(d);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/layout");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, rows_setup, NULL);
	tcase_add_test(tc, grid_rect_pixels);
	tcase_add_test(tc, collapsed_rows_hide_children);
	tcase_add_test(tc, expanding_pushes_down);
	tcase_add_test(tc, expanding_a_moved_row);
	tcase_add_test(tc, compaction_closes_gaps);
	tcase_add_test(tc, hidden_children_leave_no_gap);
	tcase_add_test(tc, empty_dashboard);
	tcase_add_test(tc, huge_grid_values);
	tcase_add_test(tc, corpus_node_exporter);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
