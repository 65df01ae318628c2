/*
 * test_migrate.c — dashboards of the old row layout (schemaVersion < 16)
 * load with the gridPos Grafana 10.4's DashboardMigrator gives them
 * (upgradeToGridLayout, RowArea), and lay out exactly as the same
 * dashboard written with panels[] and gridPos.
 */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "dashboards/layout.h"
#include "dashboards/load.h"
#include "tests/test_main.h"

static struct cairn_dashboard *load(const char *json)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "old.json", &err);
	ck_assert_msg(d != NULL, "%s", err.msg);
	return d;
}

#define P(id, extra) "{\"id\": " #id ", \"type\": \"timeseries\", \"title\": \"p" #id "\"" extra "}"

static void check_panel(const struct cairn_dashboard *d, size_t i, int id, const char *type, int x,
                        int y, int w, int h)
{
	ck_assert_uint_lt(i, d->n_panels);
	const struct cairn_panel *p = &d->panels[i];
	ck_assert_msg(p->id == id && strcmp(p->type, type) == 0 && p->grid.x == x &&
	                      p->grid.y == y && p->grid.w == w && p->grid.h == h,
	              "panel %zu: id %d %s at %d,%d %dx%d; want id %d %s at %d,%d %dx%d", i, p->id,
	              p->type, p->grid.x, p->grid.y, p->grid.w, p->grid.h, id, type, x, y, w, h);
}

/* No row shows a title: no row panels.  span × 2 columns, height / 38 px
 * rows ("150px" as 150); a panel that does not fit beside the others wraps
 * to the row's next band. */
START_TEST(rows_without_titles)
{
	struct cairn_dashboard *d = load(
	        "{\"schemaVersion\": 14, \"rows\": ["
	        " {\"height\": 250, \"panels\": [" P(1, ", \"span\": 6") "," P(2, ", \"span\": 6") "]},"
	        " {\"height\": \"150px\", \"panels\": [" P(3, ", \"span\": 4") ","
	        P(4, ", \"span\": 4, \"height\": 350") "," P(5, ", \"span\": 8") "]}]}");
	ck_assert_uint_eq(d->n_panels, 5);
	check_panel(d, 0, 1, "timeseries", 0, 0, 12, 7);
	check_panel(d, 1, 2, "timeseries", 12, 0, 12, 7);
	check_panel(d, 2, 3, "timeseries", 0, 7, 8, 4);
	check_panel(d, 3, 4, "timeseries", 8, 7, 8, 10);
	check_panel(d, 4, 5, "timeseries", 0, 11, 16, 4);
	/* messages name the old path */
	ck_assert_str_eq(d->panels[3].json_path, "rows[1].panels[1]");
	dash_free(d);
}
END_TEST

/* One titled or collapsed row: every row becomes a row panel (ids after
 * the largest panel id); a collapsed row keeps its panels inside and takes
 * no height; panels without span are 8 columns, rows 250 px (7 rows). */
static const char old_layout[] =
        "{\"schemaVersion\": 14, \"title\": \"old\", \"rows\": ["
        " {\"title\": \"A\", \"showTitle\": true, \"panels\": [" P(1, ", \"span\": 12") "]},"
        " {\"title\": \"B\", \"collapse\": true, \"height\": 300, \"panels\": ["
        P(2, ", \"span\": 6") "," P(3, ", \"span\": 6") "]},"
        " {\"title\": \"C\", \"panels\": [" P(4, "") "]}]}";

#define G(x, y, w, h) ", \"gridPos\": {\"x\": " #x ", \"y\": " #y ", \"w\": " #w ", \"h\": " #h "}"
#define ROW(id, title, extra) \
	"{\"id\": " #id ", \"type\": \"row\", \"title\": \"" title "\"" extra "}"
static const char new_layout[] =
        "{\"schemaVersion\": 39, \"title\": \"old\", \"panels\": ["
        ROW(5, "A", G(0, 0, 24, 1) ", \"collapsed\": false, \"panels\": []") ","
        P(1, G(0, 1, 24, 7)) ","
        ROW(6, "B", G(0, 8, 24, 1) ", \"collapsed\": true, \"panels\": ["
        P(2, G(0, 9, 12, 8)) "," P(3, G(12, 9, 12, 8)) "]") ","
        ROW(7, "C", G(0, 9, 24, 1) ", \"collapsed\": false, \"panels\": []") ","
        P(4, G(0, 10, 8, 7)) "]}";

START_TEST(titled_and_collapsed_rows)
{
	struct cairn_dashboard *d = load(old_layout);
	ck_assert_uint_eq(d->n_panels, 7);
	check_panel(d, 0, 5, "row", 0, 0, 24, 1);
	check_panel(d, 1, 1, "timeseries", 0, 1, 24, 7);
	check_panel(d, 2, 6, "row", 0, 8, 24, 1);
	ck_assert(d->panels[2].collapsed);
	check_panel(d, 3, 2, "timeseries", 0, 9, 12, 8);
	check_panel(d, 4, 3, "timeseries", 12, 9, 12, 8);
	ck_assert_int_eq(d->panels[3].row_index, 2);
	check_panel(d, 5, 7, "row", 0, 9, 24, 1);
	check_panel(d, 6, 4, "timeseries", 0, 10, 8, 7);
	ck_assert_str_eq(d->panels[5].title, "C");
	dash_free(d);
}
END_TEST

/* The old dashboard and its gridPos equivalent lay out the same, rows
 * closed and opened. */
START_TEST(same_layout_as_migrated_equivalent)
{
	struct cairn_dashboard *a = load(old_layout), *b = load(new_layout);
	ck_assert_uint_eq(a->n_panels, b->n_panels);
	for (int expand = 0; expand < 2; expand++) {
		struct rect ra[8], rb[8];
		bool va[8], vb[8];
		double ha = layout_dashboard(a, 1600, 8, expand, ra, va);
		double hb = layout_dashboard(b, 1600, 8, expand, rb, vb);
		ck_assert_double_eq(ha, hb);
		for (size_t i = 0; i < a->n_panels; i++) {
			ck_assert_int_eq(a->panels[i].id, b->panels[i].id);
			ck_assert_int_eq(va[i], vb[i]);
			ck_assert_msg(ra[i].x == rb[i].x && ra[i].y == rb[i].y && ra[i].w == rb[i].w &&
			                      ra[i].h == rb[i].h,
			              "expand %d panel %zu: %.1f,%.1f %.1fx%.1f vs %.1f,%.1f %.1fx%.1f",
			              expand, i, ra[i].x, ra[i].y, ra[i].w, ra[i].h, rb[i].x, rb[i].y,
			              rb[i].w, rb[i].h);
		}
	}
	dash_free(a);
	dash_free(b);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/migrate");
	TCase *tc = tcase_create("migrate");
	tcase_add_test(tc, rows_without_titles);
	tcase_add_test(tc, titled_and_collapsed_rows);
	tcase_add_test(tc, same_layout_as_migrated_equivalent);
	suite_add_tcase(s, tc);
	return s;
}
