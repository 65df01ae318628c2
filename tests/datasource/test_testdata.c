/* test_testdata.c — placeholder until testdata.c lands. */
#include <check.h>
Suite *make_suite(void);
Suite *make_suite(void)
{
	return suite_create("datasource/testdata");
}
#include "tests/test_main.h"
