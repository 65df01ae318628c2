/*
 * test_text.c — render/text's font teardown: configurations and per-thread
 * font maps are released by text_fonts_free and at thread exit.  Under the
 * sanitizer build LeakSanitizer checks the process at exit, so a missing
 * FcConfigDestroy or font-map unref fails here (tests/lsan.supp names only
 * third-party frames).  The first configuration of a process
 * becomes fontconfig's current one and stays alive on purpose, so each test
 * makes a second one, which must go away completely.
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>
#include "render/text.h"

static text_fonts *fonts(void)
{
	struct cairn_err err = {0};
	text_fonts *f = text_fonts_new(CAIRN_FONTS_DIR, false, &err);
	ck_assert_msg(f != NULL, "%s", err.msg);
	return f;
}

static void measure_once(text_fonts *f)
{
	struct cairn_err err = {0};
	struct text tx;
	ck_assert_int_eq(text_init(&tx, f, &err), 0);
	double w = 0;
	text_measure(&tx, "CPU busy 노드", 14, TEXT_MEDIUM, &w, NULL);
	ck_assert_double_gt(w, 20);
	text_fini(&tx);
}

/* A second configuration, made and freed while the first one is in use. */
START_TEST(second_config_freed)
{
	text_fonts *current = fonts();
	measure_once(current);
	text_fonts *second = fonts();
	text_fonts_free(second);
	measure_once(current);
	text_fonts_free(current);
}
END_TEST

static gpointer worker(gpointer f)
{
	measure_once(f);
	return NULL;
}

/* A worker thread's font map goes when the thread ends. */
START_TEST(thread_map_freed)
{
	text_fonts *current = fonts(), *second = fonts();
	GThread *t = g_thread_new("text", worker, second);
	g_thread_join(t);
	text_fonts_free(second);
	text_fonts_free(current);
}
END_TEST

/* Not tests/test_main.h: LeakSanitizer does not check check's forked
 * children, so these tests run in the process itself, which it checks at
 * exit. */
int main(void)
{
	Suite *s = suite_create("render/text");
	TCase *tc = tcase_create("teardown");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, second_config_freed);
	tcase_add_test(tc, thread_map_freed);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
