#include <check.h>
Suite *make_suite(void);
Suite *make_suite(void) { return suite_create("x"); }
#include "tests/test_main.h"
