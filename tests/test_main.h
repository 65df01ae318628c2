/*
 * test_main.h — the one main() every check suite uses: each test file defines
 * `Suite *make_suite(void)` and includes this at the end.
 */
#ifndef CAIRN_TEST_MAIN_H
#define CAIRN_TEST_MAIN_H

#include <check.h>
#include <stdlib.h>

Suite *make_suite(void);

int main(void)
{
	SRunner *sr = srunner_create(make_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
