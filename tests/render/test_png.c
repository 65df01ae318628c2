#include <check.h>
START_TEST(t_placeholder)
{
	ck_assert_int_eq(1, 1);
}
END_TEST
Suite *make_suite(void)
{
	Suite *s = suite_create("render_png");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_placeholder);
	suite_add_tcase(s, tc);
	return s;
}
#include "tests/test_main.h"
