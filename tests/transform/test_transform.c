/*
 * test_transform.c — transform/: frames from query results and each
 * transformation, from panel JSON (so the loader's reading of the options is
 * tested too).  Expected names, orders and values are Grafana 10.4's, as its
 * documentation and @grafana/data's transformers give them ("Value #A",
 * "Time 1", "Value #A (lastNotNull)", outer joins in first-seen order).
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dashboards/load.h"
#include "transform/tframe.h"
#include "transform/treduce.h"
#include "transform/transform.h"

#define T0 1767229200.0 /* 2026-01-01T01:00:00Z */

/* A series of one sample (an instant answer) with "k=v,k=v" labels. */
static void add(struct cairn_result *r, const char *ref, size_t ti, double v, const char *labels)
{
	struct series s = {0};
	g_strlcpy(s.ref_id, ref, sizeof s.ref_id);
	s.target_index = ti;
	s.n = 1;
	s.t = malloc(sizeof(double));
	s.v = malloc(sizeof(double));
	s.t[0] = T0;
	s.v[0] = v;
	char **kv = g_strsplit(labels, ",", -1);
	size_t n = g_strv_length(kv);
	s.labels = calloc(n ? n : 1, sizeof *s.labels);
	for (size_t i = 0; i < n; i++) {
		char *eq = strchr(kv[i], '=');
		if (!eq)
			continue;
		s.labels[s.n_labels].name = strndup(kv[i], (size_t)(eq - kv[i]));
		s.labels[s.n_labels++].value = strdup(eq + 1);
	}
	g_strfreev(kv);
	s.name = strdup(labels);
	result_append(r, &s, 1);
}

/* A range series of n samples (v0, v0+dv, …) with one label. */
static void add_range(struct cairn_result *r, const char *ref, size_t ti, const char *name,
                      size_t n, double v0, double dv)
{
	struct series s = {0};
	g_strlcpy(s.ref_id, ref, sizeof s.ref_id);
	s.target_index = ti;
	s.n = n;
	s.t = malloc(n * sizeof(double));
	s.v = malloc(n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		s.t[i] = T0 + 60.0 * (double)i;
		s.v[i] = v0 + dv * (double)i;
	}
	s.labels = calloc(1, sizeof *s.labels);
	s.labels[0].name = strdup("pod");
	s.labels[0].value = strdup(name);
	s.n_labels = 1;
	s.name = strdup(name);
	result_append(r, &s, 1);
}

struct fx {
	struct cairn_dashboard *d;
	struct cairn_result r;
	struct tframes fs;
	struct cairn_err err, note;
};

static const struct cairn_panel *load(struct fx *f, const char *json)
{
	memset(f, 0, sizeof *f);
	result_init(&f->r);
	f->d = dash_load_buffer(json, strlen(json), "test.json", &f->err);
	ck_assert_msg(f->d, "load: %s", f->err.msg);
	return &f->d->panels[0];
}

static int run(struct fx *f)
{
	const struct cairn_panel *p = &f->d->panels[0];
	int rc = tframes_from_result(p, &f->r, &f->fs, &f->err);
	if (rc)
		return rc;
	return transform_apply(p->transforms, p->n_transforms, &f->fs, NULL, &f->note, &f->err);
}

static void fx_free(struct fx *f)
{
	tframes_fini(&f->fs);
	result_fini(&f->r);
	dash_free(f->d);
}

/* "name|name|…" of frame i's display names. */
static char *names(struct fx *f, size_t i)
{
	GString *s = g_string_new("");
	struct tframe *fr = &f->fs.v[i];
	for (size_t k = 0; k < fr->n_fields; k++)
		g_string_append_printf(s, "%s%s", k ? "|" : "", tframe_display_name(&f->fs, fr, &fr->fields[k]));
	return g_string_free(s, FALSE);
}

/* Column named name of frame i, as text cells "a|b|…" (nulls as "-"). */
static char *column(struct fx *f, size_t i, const char *name)
{
	struct tframe *fr = &f->fs.v[i];
	for (size_t k = 0; k < fr->n_fields; k++) {
		if (strcmp(tframe_display_name(&f->fs, fr, &fr->fields[k]), name) != 0)
			continue;
		GString *s = g_string_new("");
		for (size_t r = 0; r < fr->len; r++) {
			char t[64];
			tframe_cell_text(&fr->fields[k], r, t, sizeof t);
			g_string_append_printf(s, "%s%s", r ? "|" : "",
			                       tframe_cell_null(&fr->fields[k], r) ? "-" : t);
		}
		return g_string_free(s, FALSE);
	}
	return g_strdup("(no such column)");
}

#define EXPECT_NAMES(f, i, want)                                                          \
	do {                                                                              \
		char *got_ = names(f, i);                                                 \
		ck_assert_str_eq(got_, want);                                             \
		g_free(got_);                                                             \
	} while (0)
#define EXPECT_COL(f, i, col, want)                                                       \
	do {                                                                              \
		char *got_ = column(f, i, col);                                           \
		ck_assert_str_eq(got_, want);                                             \
		g_free(got_);                                                             \
	} while (0)

static const char two_tables[] =
        "{\"type\":\"table\",\"targets\":["
        "{\"refId\":\"A\",\"expr\":\"a\",\"format\":\"table\",\"instant\":true},"
        "{\"refId\":\"B\",\"expr\":\"b\",\"format\":\"table\",\"instant\":true}]"
        "%s}";

static const struct cairn_panel *load_two(struct fx *f, const char *transforms)
{
	char *json = g_strdup_printf(two_tables, transforms);
	const struct cairn_panel *p = load(f, json);
	g_free(json);
	add(&f->r, "A", 0, 0.25, "pod=api,namespace=web");
	add(&f->r, "A", 0, 1.5, "pod=db,namespace=data");
	add(&f->r, "B", 1, 300, "pod=db,namespace=data");
	add(&f->r, "B", 1, 100, "pod=cache,namespace=data");
	return p;
}

START_TEST(table_frames_per_refid)
{
	struct fx f;
	load_two(&f, "");
	ck_assert_int_eq(run(&f), 0);
	ck_assert_uint_eq(f.fs.n, 2);
	/* Time, label columns sorted by name, Value #<refId> with two table targets */
	EXPECT_NAMES(&f, 0, "Time|namespace|pod|Value #A");
	EXPECT_NAMES(&f, 1, "Time|namespace|pod|Value #B");
	EXPECT_COL(&f, 0, "pod", "api|db");
	EXPECT_COL(&f, 0, "Value #A", "0.25|1.5");
	EXPECT_COL(&f, 1, "Time", "1767229200000|1767229200000");
	fx_free(&f);

	/* one table target: "Value" */
	load(&f, "{\"type\":\"table\",\"targets\":[{\"expr\":\"a\",\"format\":\"table\"}]}");
	add(&f.r, "A", 0, 1, "job=x");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|job|Value");
	fx_free(&f);
}
END_TEST

/* a range `format: table` target: one row per sample, sorted by time, a
 * time's rows in the series' order */
START_TEST(range_table_sorted_by_time)
{
	struct fx f;
	load(&f, "{\"type\":\"table\",\"targets\":[{\"expr\":\"a\",\"format\":\"table\"}]}");
	add_range(&f.r, "A", 0, "web", 2, 1, 1);
	add_range(&f.r, "A", 0, "db", 2, 10, 1);
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|pod|Value");
	EXPECT_COL(&f, 0, "pod", "web|db|web|db");
	EXPECT_COL(&f, 0, "Value", "1|10|2|11");
	fx_free(&f);
}
END_TEST

START_TEST(merge_rows_by_common_fields)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\",\"options\":{}}]");
	ck_assert_int_eq(run(&f), 0);
	ck_assert_uint_eq(f.fs.n, 1);
	EXPECT_NAMES(&f, 0, "Time|namespace|pod|Value #A|Value #B");
	/* db's two rows share Time, namespace and pod: merged into one */
	EXPECT_COL(&f, 0, "pod", "api|db|cache");
	EXPECT_COL(&f, 0, "Value #A", "0.25|1.5|-");
	EXPECT_COL(&f, 0, "Value #B", "-|300|100");
	fx_free(&f);
}
END_TEST

START_TEST(join_by_field_outer_names)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"joinByField\","
	             "\"options\":{\"byField\":\"pod\",\"mode\":\"outer\"}}]");
	ck_assert_int_eq(run(&f), 0);
	ck_assert_uint_eq(f.fs.n, 1);
	/* the join field, then every other field of each frame, duplicates numbered */
	EXPECT_NAMES(&f, 0, "pod|Time 1|namespace 1|Value #A|Time 2|namespace 2|Value #B");
	EXPECT_COL(&f, 0, "pod", "api|db|cache"); /* text keys in first-seen order */
	EXPECT_COL(&f, 0, "Value #A", "0.25|1.5|-");
	EXPECT_COL(&f, 0, "Value #B", "-|300|100");
	fx_free(&f);

	load_two(&f, ",\"transformations\":[{\"id\":\"seriesToColumns\","
	             "\"options\":{\"byField\":\"pod\",\"mode\":\"inner\"}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_COL(&f, 0, "pod", "db");
	EXPECT_COL(&f, 0, "Value #B", "300");
	fx_free(&f);
}
END_TEST

/* kube-prometheus's tables: joinByField then organize (exclude, order, rename) */
START_TEST(organize_after_join)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"joinByField\",\"options\":{\"byField\":\"pod\"}},"
	             "{\"id\":\"organize\",\"options\":{"
	             "\"excludeByName\":{\"Time 1\":true,\"Time 2\":true,\"namespace 2\":true,"
	             "\"namespace 1\":false},"
	             "\"indexByName\":{\"Value #B\":1,\"pod\":0},"
	             "\"renameByName\":{\"Value #A\":\"CPU\",\"Value #B\":\"Memory\",\"pod\":\"Pod\","
	             "\"namespace 1\":\"\"}}}]");
	ck_assert_int_eq(run(&f), 0);
	/* indexed fields first in index order, the others after in their order;
	 * an empty new name keeps the old */
	EXPECT_NAMES(&f, 0, "Pod|Memory|namespace 1|CPU");
	EXPECT_COL(&f, 0, "Memory", "-|300|100");
	fx_free(&f);
}
END_TEST

static const char ts_panel[] = "{\"type\":\"table\",\"targets\":[{\"refId\":\"A\",\"expr\":\"m\","
                               "\"legendFormat\":\"{{pod}}\"}]%s}";

static const struct cairn_panel *load_ts(struct fx *f, const char *transforms)
{
	char *json = g_strdup_printf(ts_panel, transforms);
	const struct cairn_panel *p = load(f, json);
	g_free(json);
	add_range(&f->r, "A", 0, "web", 4, 1, 1);   /* 1 2 3 4 */
	add_range(&f->r, "A", 0, "db", 4, 10, -2);  /* 10 8 6 4 */
	return p;
}

START_TEST(reduce_series_to_rows)
{
	struct fx f;
	load_ts(&f, ",\"transformations\":[{\"id\":\"reduce\",\"options\":{"
	            "\"reducers\":[\"max\",\"mean\",\"lastNotNull\",\"sum\"]}}]");
	ck_assert_int_eq(run(&f), 0);
	ck_assert_uint_eq(f.fs.n, 1);
	EXPECT_NAMES(&f, 0, "Field|Max|Mean|Last *|Total");
	EXPECT_COL(&f, 0, "Field", "web|db"); /* the series' display names */
	EXPECT_COL(&f, 0, "Max", "4|10");
	EXPECT_COL(&f, 0, "Mean", "2.5|7");
	EXPECT_COL(&f, 0, "Last *", "4|4");
	EXPECT_COL(&f, 0, "Total", "10|28");
	fx_free(&f);

	load_ts(&f, ",\"transformations\":[{\"id\":\"reduce\",\"options\":{"
	            "\"mode\":\"reduceFields\",\"reducers\":[\"max\"]}}]");
	ck_assert_int_eq(run(&f), 0);
	ck_assert_uint_eq(f.fs.n, 2);
	EXPECT_COL(&f, 1, "db", "10");
	fx_free(&f);
}
END_TEST

START_TEST(filter_fields_by_name)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"filterFieldsByName\","
	             "\"options\":{\"include\":{\"names\":[\"pod\",\"Value #B\"]}}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "pod|Value #B");
	fx_free(&f);
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"filterFieldsByName\","
	             "\"options\":{\"exclude\":{\"pattern\":\"^(Time|namespace)$\"}}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "pod|Value #A|Value #B");
	fx_free(&f);
	/* a bare pattern is anchored (Grafana's stringToJsRegex: ^Value$ is no
	 * column here), a /literal/ is not */
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"filterFieldsByName\","
	             "\"options\":{\"exclude\":{\"pattern\":\"Value\"}}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|namespace|pod|Value #A|Value #B");
	fx_free(&f);
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"filterFieldsByName\","
	             "\"options\":{\"exclude\":{\"pattern\":\"/Value/\"}}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|namespace|pod");
	fx_free(&f);
}
END_TEST

START_TEST(filter_by_value)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"filterByValue\",\"options\":{"
	             "\"type\":\"include\",\"match\":\"any\",\"filters\":[{\"fieldName\":\"Value #B\","
	             "\"config\":{\"id\":\"greater\",\"options\":{\"value\":150}}}]}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_COL(&f, 0, "pod", "db");
	fx_free(&f);
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"filterByValue\",\"options\":{"
	             "\"type\":\"exclude\",\"match\":\"all\",\"filters\":[{\"fieldName\":\"Value #A\","
	             "\"config\":{\"id\":\"isNull\",\"options\":{}}}]}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_COL(&f, 0, "pod", "api|db");
	fx_free(&f);
}
END_TEST

START_TEST(rename_by_regex)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"renameByRegex\","
	             "\"options\":{\"regex\":\"Value #(.*)\",\"renamePattern\":\"query $1\"}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|namespace|pod|query A|query B");
	fx_free(&f);
	/* anchored: "Value" alone renames no "Value #A" */
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"renameByRegex\","
	             "\"options\":{\"regex\":\"Value\",\"renamePattern\":\"v\"}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|namespace|pod|Value #A|Value #B");
	fx_free(&f);
}
END_TEST

START_TEST(calculate_field)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"calculateField\","
	             "\"options\":{\"mode\":\"binary\",\"binary\":{\"left\":\"Value #B\","
	             "\"operator\":\"/\",\"right\":\"Value #A\"}}},"
	             "{\"id\":\"calculateField\",\"options\":{\"alias\":\"x2\",\"mode\":\"binary\","
	             "\"binary\":{\"left\":\"Value #A\",\"operator\":\"*\",\"right\":\"2\"}}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|namespace|pod|Value #A|Value #B|Value #B / Value #A|x2");
	EXPECT_COL(&f, 0, "Value #B / Value #A", "-|200|-");
	EXPECT_COL(&f, 0, "x2", "0.5|3|-");
	fx_free(&f);
	/* reduceRow: Grafana's default is sum over the number fields, named "Total" */
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"calculateField\","
	             "\"options\":{\"mode\":\"reduceRow\",\"reduce\":{\"reducer\":\"sum\"},"
	             "\"replaceFields\":true}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_NAMES(&f, 0, "Time|Total");
	EXPECT_COL(&f, 0, "Total", "0.25|301.5|100");
	fx_free(&f);
}
END_TEST

START_TEST(sort_by)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"sortBy\","
	             "\"options\":{\"sort\":[{\"field\":\"Value #B\",\"desc\":true}]}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_COL(&f, 0, "pod", "db|cache|api"); /* nulls last when descending */
	fx_free(&f);
	load_two(&f, ",\"transformations\":[{\"id\":\"merge\"},{\"id\":\"sortBy\","
	             "\"options\":{\"sort\":[{\"field\":\"pod\"}]}}]");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_COL(&f, 0, "pod", "api|cache|db");
	fx_free(&f);
}
END_TEST

START_TEST(labels_to_fields)
{
	struct fx f;
	load(&f, "{\"type\":\"table\",\"targets\":[{\"refId\":\"A\",\"expr\":\"m\"}],"
	         "\"transformations\":[{\"id\":\"labelsToFields\",\"options\":{}}]}");
	add(&f.r, "A", 0, 7, "pod=web,zone=eu");
	ck_assert_int_eq(run(&f), 0);
	EXPECT_COL(&f, 0, "pod", "web");
	EXPECT_COL(&f, 0, "zone", "eu");
	fx_free(&f);
}
END_TEST

/* kube-prometheus "Nodes": Disk Space Usage, the whole chain */
START_TEST(group_by_then_calculate)
{
	struct fx f;
	load(&f, "{\"type\":\"table\",\"targets\":["
	         "{\"refId\":\"A\",\"expr\":\"size\",\"format\":\"table\",\"instant\":true},"
	         "{\"refId\":\"B\",\"expr\":\"avail\",\"format\":\"table\",\"instant\":true}],"
	         "\"transformations\":[{\"id\":\"groupBy\",\"options\":{\"fields\":{"
	         "\"Value #A\":{\"aggregations\":[\"lastNotNull\"],\"operation\":\"aggregate\"},"
	         "\"Value #B\":{\"aggregations\":[\"lastNotNull\"],\"operation\":\"aggregate\"},"
	         "\"mountpoint\":{\"aggregations\":[],\"operation\":\"groupby\"}}}},"
	         "{\"id\":\"merge\"},"
	         "{\"id\":\"calculateField\",\"options\":{\"alias\":\"Used\",\"binary\":{\"left\":"
	         "\"Value #A (lastNotNull)\",\"operator\":\"-\",\"right\":\"Value #B (lastNotNull)\"},"
	         "\"mode\":\"binary\"}},"
	         "{\"id\":\"calculateField\",\"options\":{\"alias\":\"Used, %\",\"binary\":{\"left\":"
	         "\"Used\",\"operator\":\"/\",\"right\":\"Value #A (lastNotNull)\"},\"mode\":\"binary\"}},"
	         "{\"id\":\"organize\",\"options\":{\"renameByName\":{\"Value #A (lastNotNull)\":"
	         "\"Size\",\"Value #B (lastNotNull)\":\"Available\",\"mountpoint\":\"Mounted on\"}}},"
	         "{\"id\":\"sortBy\",\"options\":{\"sort\":[{\"field\":\"Mounted on\"}]}}]}");
	add(&f.r, "A", 0, 100, "mountpoint=/");
	add(&f.r, "A", 0, 50, "mountpoint=/boot");
	add(&f.r, "B", 1, 75, "mountpoint=/");
	add(&f.r, "B", 1, 40, "mountpoint=/boot");
	ck_assert_int_eq(run(&f), 0);
	ck_assert_uint_eq(f.fs.n, 1);
	EXPECT_NAMES(&f, 0, "Mounted on|Size|Available|Used|Used, %");
	EXPECT_COL(&f, 0, "Mounted on", "/|/boot");
	EXPECT_COL(&f, 0, "Used", "25|10");
	EXPECT_COL(&f, 0, "Used, %", "0.25|0.2");
	fx_free(&f);
}
END_TEST

START_TEST(unknown_transformation_noted)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"configFromData\"},{\"id\":\"merge\","
	             "\"disabled\":true}]");
	ck_assert_int_eq(run(&f), 0);
	ck_assert_uint_eq(f.fs.n, 2); /* merge was disabled */
	ck_assert_ptr_nonnull(strstr(f.note.msg, "panel.transformations[0]"));
	ck_assert_ptr_nonnull(strstr(f.note.msg, "configFromData"));
	fx_free(&f);
}
END_TEST

START_TEST(cells_capped)
{
	struct fx f;
	load_two(&f, ",\"transformations\":[{\"id\":\"joinByField\",\"options\":{\"byField\":\"pod\"}}]");
	f.fs.max_cells = 20;
	ck_assert_int_eq(run(&f), CAIRN_ELIMIT);
	ck_assert_ptr_nonnull(strstr(f.err.msg, "over the limit of 20"));
	ck_assert_msg(strstr(f.err.msg, "transformations[0] (joinByField)"), "%s", f.err.msg);
	fx_free(&f);
}
END_TEST

START_TEST(reducers)
{
	double v[] = {1, NAN, 3, 2};
	bool known;
	ck_assert_double_eq(treduce("sum", v, 4, &known), 6);
	ck_assert(known);
	ck_assert_double_eq(treduce("mean", v, 4, &known), 2);
	ck_assert_double_eq(treduce("count", v, 4, &known), 4);
	ck_assert_double_eq(treduce("lastNotNull", v, 4, &known), 2);
	ck_assert(isnan(treduce("last", (double[]){1, NAN}, 2, &known)));
	ck_assert_double_eq(treduce("range", v, 4, &known), 2);
	ck_assert_double_eq(treduce("diff", v, 4, &known), 1);
	ck_assert_double_eq(treduce("median", v, 4, &known), 2);
	ck_assert(isnan(treduce("max", v, 0, &known)));
	treduce("nope", v, 4, &known);
	ck_assert(!known);
	ck_assert_str_eq(treduce_name("lastNotNull"), "Last *");
	ck_assert_str_eq(treduce_name("sum"), "Total");
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("transform");
	TCase *tc = tcase_create("transform");
	tcase_add_test(tc, table_frames_per_refid);
	tcase_add_test(tc, range_table_sorted_by_time);
	tcase_add_test(tc, merge_rows_by_common_fields);
	tcase_add_test(tc, join_by_field_outer_names);
	tcase_add_test(tc, organize_after_join);
	tcase_add_test(tc, reduce_series_to_rows);
	tcase_add_test(tc, filter_fields_by_name);
	tcase_add_test(tc, filter_by_value);
	tcase_add_test(tc, rename_by_regex);
	tcase_add_test(tc, calculate_field);
	tcase_add_test(tc, sort_by);
	tcase_add_test(tc, labels_to_fields);
	tcase_add_test(tc, group_by_then_calculate);
	tcase_add_test(tc, unknown_transformation_noted);
	tcase_add_test(tc, cells_capped);
	tcase_add_test(tc, reducers);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
