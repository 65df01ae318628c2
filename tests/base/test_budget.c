/* base/budget: limits, defaults, the deadline, concurrent takers. */
#include <check.h>
Suite *make_suite(void);
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "base/budget.h"

START_TEST(limit_refuses_with_a_message)
{
	struct cairn_limits l = { .max_points = 100 };
	struct budget b;
	struct cairn_err e = { 0 };
	budget_init(&b, &l);
	ck_assert_uint_eq(b.lim.max_series, CAIRN_DEFAULT_MAX_SERIES);
	ck_assert_int_eq(budget_take(&b, BUDGET_POINTS, 60, &e), 0);
	ck_assert_int_eq(budget_take(&b, BUDGET_POINTS, 41, &e), CAIRN_ELIMIT);
	ck_assert_str_eq(e.msg, "over the request's budget of 100 points");
	ck_assert_int_eq(budget_take(&b, BUDGET_POINTS, 40, &e), 0);
	ck_assert_int_eq(budget_take(&b, BUDGET_POINTS, UINT64_MAX, &e), CAIRN_ELIMIT);
	budget_give(&b, BUDGET_POINTS, 50);
	ck_assert_int_eq(budget_take(&b, BUDGET_POINTS, 50, &e), 0);
	ck_assert_int_eq(budget_take(NULL, BUDGET_POINTS, UINT64_MAX, &e), 0);
}
END_TEST

START_TEST(deadline_passes)
{
	struct cairn_limits l = { .deadline_s = 0.05 };
	struct budget b;
	struct cairn_err e = { 0 };
	budget_init(&b, &l);
	ck_assert_int_eq(budget_check_deadline(&b, &e), 0);
	ck_assert(budget_left_s(&b) > 0);
	usleep(80000);
	ck_assert(budget_left_s(&b) <= 0);
	ck_assert_int_eq(budget_check_deadline(&b, &e), CAIRN_ETIMEOUT);
	ck_assert_str_eq(e.msg, "the request took longer than its deadline of 0.05 s");
}
END_TEST

static void *taker(void *arg)
{
	struct budget *b = arg;
	for (int i = 0; i < 100000; i++)
		budget_take(b, BUDGET_BYTES, 1, NULL);
	return NULL;
}

START_TEST(concurrent_takers_never_pass_the_limit)
{
	struct cairn_limits l = { .max_bytes = 250000 };
	struct budget b;
	budget_init(&b, &l);
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, taker, &b);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ck_assert_uint_eq(atomic_load(&b.used[BUDGET_BYTES]), 250000);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("base/budget");
	TCase *tc = tcase_create("budget");
	tcase_add_test(tc, limit_refuses_with_a_message);
	tcase_add_test(tc, deadline_passes);
	tcase_add_test(tc, concurrent_takers_never_pass_the_limit);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
