/* base/buf: growth, the cap, taking the bytes out. */
#include <check.h>
Suite *make_suite(void);
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/err.h"

START_TEST(grows_and_terminates)
{
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(buf_append(&b, "abc", 3), 0);
	ck_assert_uint_eq(b.len, 30000);
	ck_assert_int_eq(b.data[b.len], '\0');
	size_t len;
	unsigned char *d = buf_take(&b, &len);
	ck_assert_uint_eq(len, 30000);
	ck_assert_int_eq(memcmp(d + 29997, "abc", 3), 0);
	ck_assert_ptr_null(b.data);
	free(d);
	buf_fini(&b);
}
END_TEST

START_TEST(cap_refuses_and_keeps)
{
	struct buf b;
	buf_init(&b, 5);
	ck_assert_int_eq(buf_append(&b, "abcd", 4), 0);
	ck_assert_int_eq(buf_append(&b, "ef", 2), CAIRN_ELIMIT);
	ck_assert_uint_eq(b.len, 4);
	ck_assert_int_eq(buf_append(&b, "e", 1), 0);
	ck_assert_int_eq(buf_append(&b, "", 0), 0);
	ck_assert_int_eq(buf_append(&b, "f", 1), CAIRN_ELIMIT);
	ck_assert_str_eq((char *)b.data, "abcde");
	buf_fini(&b);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("base/buf");
	TCase *tc = tcase_create("buf");
	tcase_add_test(tc, grows_and_terminates);
	tcase_add_test(tc, cap_refuses_and_keeps);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
