/* base/err: messages a caller builds from the message already there. */
#include <check.h>
Suite *make_suite(void);
#include <string.h>
#include "base/err.h"

START_TEST(set_may_quote_its_own_message)
{
	struct cairn_err e;
	cairn_err_set(&e, CAIRN_EINVAL, "must be after 'from' (%s)", "-inf");
	cairn_err_set(&e, CAIRN_EINVAL, "%s: %s", "panels[0].targets[0]", e.msg);
	ck_assert_str_eq(e.msg, "panels[0].targets[0]: must be after 'from' (-inf)");
	ck_assert_int_eq(e.code, CAIRN_EINVAL);
}
END_TEST

START_TEST(prefix_may_quote_its_own_message)
{
	struct cairn_err e;
	cairn_err_set(&e, CAIRN_EINVAL, "bad");
	cairn_err_prefix(&e, "%s", e.msg);
	ck_assert_str_eq(e.msg, "bad: bad");
}
END_TEST

START_TEST(prefix_keeps_the_cause_when_long)
{
	struct cairn_err e;
	char longp[2000];
	memset(longp, 'p', sizeof longp - 1);
	longp[sizeof longp - 1] = '\0';
	cairn_err_set(&e, CAIRN_EIO, "cause");
	cairn_err_prefix(&e, "%s", longp);
	ck_assert_uint_eq(strlen(e.msg), sizeof e.msg - 1);
	cairn_err_set(NULL, CAIRN_EIO, "ignored");
	cairn_err_prefix(NULL, "ignored");
	cairn_err_clear(NULL);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("base/err");
	TCase *tc = tcase_create("err");
	tcase_add_test(tc, set_may_quote_its_own_message);
	tcase_add_test(tc, prefix_may_quote_its_own_message);
	tcase_add_test(tc, prefix_keeps_the_cause_when_long);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
