/*
 * test_reduce.c — Grafana's reducers: names and aliases, doStandardCalcs'
 * results on nulls, counter resets and empty input, and the legend calcs
 * built on them.
 */
#include <check.h>
Suite *make_suite(void);
#include <math.h>

#include "dashboards/reduce.h"

START_TEST(names_and_aliases)
{
	enum reducer_id id = RED_N;
	ck_assert_int_eq(reduce_lookup("lastNotNull", &id), 0);
	ck_assert_int_eq(id, RED_LAST_NN);
	ck_assert_int_eq(reduce_lookup("current", &id), 0);
	ck_assert_int_eq(id, RED_LAST_NN);
	ck_assert_int_eq(reduce_lookup("avg", &id), 0);
	ck_assert_int_eq(id, RED_MEAN);
	ck_assert_int_eq(reduce_lookup("total", &id), 0);
	ck_assert_int_eq(id, RED_SUM);
	ck_assert_int_eq(reduce_lookup("distinctCount", &id), 0);
	ck_assert_int_eq(id, RED_DISTINCT_COUNT);
	ck_assert_int_eq(reduce_lookup("bogus", &id), -1);
	ck_assert_int_eq(id, RED_DISTINCT_COUNT);
	ck_assert_int_eq(reduce_lookup(NULL, &id), -1);
	for (int i = 0; i < RED_N; i++) {
		ck_assert_int_eq(reduce_lookup(reduce_id_name((enum reducer_id)i), &id), 0);
		ck_assert_int_eq(id, i);
		ck_assert(reduce_title((enum reducer_id)i)[0]);
	}
	ck_assert_str_eq(reduce_title(RED_SUM), "Total");
	ck_assert_str_eq(reduce_id_name(RED_N), "");
	ck_assert(reduce_is_count(RED_COUNT));
	ck_assert(!reduce_is_count(RED_SUM));
}
END_TEST

START_TEST(standard_calcs)
{
	/* null first and last, a counter reset (8 -> 2) in the middle */
	const double v[] = {NAN, 4, 6, 8, 2, 2, 5, NAN};
	double r[RED_N];
	reduce_all(v, 8, r);
	ck_assert(isnan(r[RED_FIRST]));
	ck_assert(isnan(r[RED_LAST]));
	ck_assert_double_eq(r[RED_FIRST_NN], 4);
	ck_assert_double_eq(r[RED_LAST_NN], 5);
	ck_assert_double_eq(r[RED_MIN], 2);
	ck_assert_double_eq(r[RED_MAX], 8);
	ck_assert_double_eq(r[RED_SUM], 27);
	ck_assert_double_eq(r[RED_MEAN], 27.0 / 6);
	ck_assert_double_eq(r[RED_COUNT], 8);
	ck_assert_double_eq(r[RED_COUNT_NN], 6);
	ck_assert_double_eq(r[RED_RANGE], 6);
	ck_assert_double_eq(r[RED_DIFF], 1);
	ck_assert_double_eq_tol(r[RED_DIFF_PERC], 0.25, 1e-12);
	/* 4→6 +2, 6→8 +2, reset 8→2: +0, then 2→2 adds all of 2, 2→5 +3 */
	ck_assert_double_eq(r[RED_DELTA], 9);
	ck_assert_double_eq(r[RED_STEP], -6);
	ck_assert_double_eq(r[RED_LOGMIN], 2);
	ck_assert_double_eq(r[RED_ALL_IS_NULL], 0);
	ck_assert_double_eq(r[RED_ALL_IS_ZERO], 0);
	/* null→4 4→6 6→8 8→2 2→5 5→null: 2→2 is no change */
	ck_assert_double_eq(r[RED_CHANGE_COUNT], 6);
	ck_assert_double_eq(r[RED_DISTINCT_COUNT], 6); /* 2 4 5 6 8 null */
	ck_assert_double_eq(r[RED_MEDIAN], 4.5);
	ck_assert_double_eq_tol(r[RED_STDDEV], sqrt(r[RED_VARIANCE]), 1e-12);
	ck_assert_double_eq_tol(r[RED_VARIANCE], (4 * 4 + 6 * 6 + 8 * 8 + 2 * 2 + 2 * 2 + 5 * 5) / 6.0 -
	                                                 (27.0 / 6) * (27.0 / 6),
	                        1e-9);
	for (int i = 0; i < RED_N; i++) {
		double one = reduce_one(v, 8, (enum reducer_id)i);
		ck_assert_msg((isnan(one) && isnan(r[i])) || one == r[i], "%s",
		              reduce_id_name((enum reducer_id)i));
	}
}
END_TEST

START_TEST(empty_and_all_null)
{
	double r[RED_N];
	reduce_all(NULL, 0, r);
	ck_assert_double_eq(r[RED_SUM], 0);
	ck_assert_double_eq(r[RED_COUNT], 0);
	ck_assert_double_eq(r[RED_ALL_IS_NULL], 1);
	ck_assert_double_eq(r[RED_ALL_IS_ZERO], 0);
	ck_assert(isnan(r[RED_LAST_NN]));
	ck_assert(isnan(r[RED_MEAN]));
	ck_assert(isnan(r[RED_DELTA]));
	ck_assert(isnan(r[RED_MEDIAN]));
	const double nulls[] = {NAN, NAN};
	reduce_all(nulls, 2, r);
	ck_assert_double_eq(r[RED_COUNT], 2);
	ck_assert_double_eq(r[RED_ALL_IS_NULL], 1);
	ck_assert_double_eq(r[RED_ALL_IS_ZERO], 0);
	ck_assert(isnan(r[RED_MIN]));
	ck_assert(isnan(r[RED_RANGE]));
	ck_assert_double_eq(r[RED_DISTINCT_COUNT], 1);
	const double zeros[] = {0, 0, 0};
	reduce_all(zeros, 3, r);
	ck_assert_double_eq(r[RED_ALL_IS_ZERO], 1);
	ck_assert(isnan(r[RED_LOGMIN]));
	ck_assert_double_eq(r[RED_CHANGE_COUNT], 0);
	ck_assert(isnan(reduce_one(zeros, 3, RED_N)));
}
END_TEST

START_TEST(reset_on_last)
{
	/* Grafana adds the value when the counter resets on the last sample */
	const double v[] = {10, 20, 5};
	ck_assert_double_eq(reduce_one(v, 3, RED_DELTA), 15);
	const double w[] = {10, 20, 5, 7};
	ck_assert_double_eq(reduce_one(w, 4, RED_DELTA), 17); /* +10, reset, then all of 7 */
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("dashboards/reduce");
	TCase *tc = tcase_create("reduce");
	tcase_add_test(tc, names_and_aliases);
	tcase_add_test(tc, standard_calcs);
	tcase_add_test(tc, empty_and_all_null);
	tcase_add_test(tc, reset_on_last);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
