/*
 * test_stack.c — stack.h: negative-Y, and stacks formed per mode and
 * stacking group as Grafana's (a migrated graph's override "stack": false
 * is group "false", apart from the panel's group "A").
 */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>

#include "render/stack.h"

START_TEST(groups_stack_apart)
{
	static const double t[] = {0, 10};
	static const double a[] = {1, 2}, b[] = {10, 20}, c[] = {100, 200}, e[] = {5, 5};
	struct stack_series s[] = {
	        {.t = t, .v = a, .n = 2, .mode = STACK_NORMAL, .group = "A"},
	        {.t = t, .v = b, .n = 2, .mode = STACK_NORMAL, .group = "false"},
	        {.t = t, .v = c, .n = 2, .mode = STACK_NORMAL}, /* NULL: "A" */
	        {.t = t, .v = e, .n = 2, .mode = STACK_NORMAL, .group = "false", .negate = true},
	};
	stack_apply(s, G_N_ELEMENTS(s), 10);
	ck_assert_double_eq(s[0].v[1], 2);
	ck_assert_double_eq(s[1].v[1], 20);
	ck_assert_double_eq(s[2].v[1], 202); /* on a, same group */
	ck_assert_int_eq(s[2].prev, 0);
	ck_assert_double_eq(s[3].v[1], -5); /* negatives apart, in b's group */
	ck_assert_int_eq(s[1].prev, -1);
	ck_assert_int_eq(s[3].prev, 1);
	for (size_t i = 0; i < G_N_ELEMENTS(s); i++)
		g_free(s[i].owned);
}
END_TEST

/* Grafana's stack key holds the scale: one group on two axes is two stacks. */
START_TEST(axes_stack_apart)
{
	static const double t[] = {0, 10};
	static const double a[] = {1, 2}, b[] = {10, 20}, c[] = {100, 200};
	struct stack_series s[] = {
	        {.t = t, .v = a, .n = 2, .mode = STACK_NORMAL},
	        {.t = t, .v = b, .n = 2, .mode = STACK_NORMAL, .axis = 1},
	        {.t = t, .v = c, .n = 2, .mode = STACK_NORMAL, .axis = 1},
	};
	stack_apply(s, G_N_ELEMENTS(s), 10);
	ck_assert_double_eq(s[1].v[1], 20);
	ck_assert_double_eq(s[2].v[1], 220);
	ck_assert_int_eq(s[2].prev, 1);
	for (size_t i = 0; i < G_N_ELEMENTS(s); i++)
		g_free(s[i].owned);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stack");
	TCase *tc = tcase_create("groups");
	tcase_add_test(tc, groups_stack_apart);
	tcase_add_test(tc, axes_stack_apart);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
