/*
 * test_text.c — render/text's font teardown: configurations and per-thread
 * font maps are released by text_fonts_free and at thread exit.  Under the
 * sanitizer build LeakSanitizer checks the process at exit, so a missing
 * FcConfigDestroy or font-map unref fails here (tests/lsan.supp names only
 * third-party frames).  The first configuration of a process
 * becomes fontconfig's current one and stays alive on purpose, so each test
 * makes a second one, which must go away completely.  Also: a line drawn
 * from the thread's kept lines has the pixels of one laid out afresh.
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
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

static cairo_surface_t *draw_line(struct text *tx, const char *s, double max_w,
                                  enum text_align align, double *w)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 300, 40);
	cairo_t *cr = cairo_create(img);
	*w = text_draw(tx, cr, s, 14.5, TEXT_REGULAR, 150.25, 7.5, max_w, align, 0xd8d9daff);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	return img;
}

static bool same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
	return memcmp(cairo_image_surface_get_data(a), cairo_image_surface_get_data(b),
	              (size_t)cairo_image_surface_get_stride(a) * 40) == 0;
}

/* Drawn before it is kept (laid out afresh, with a width it fits), then
 * kept (measured) and drawn with that width and with none: the same
 * pixels and widths, at each alignment; a width it does not fit still cuts
 * it. */
START_TEST(kept_lines_draw_the_same)
{
	text_fonts *f = fonts();
	struct cairn_err err = {0};
	struct text tx;
	ck_assert_int_eq(text_init(&tx, f, &err), 0);
	const char *s = "Busy System 42% · 노드";
	for (int a = ALIGN_LEFT; a <= ALIGN_RIGHT; a++) {
		char text[64];
		snprintf(text, sizeof text, "%s %d", s, a);
		double w0, w1, w2, w3, mw, mh, mw2, mh2;
		cairo_surface_t *fresh = draw_line(&tx, text, 280, a, &w0);
		text_measure(&tx, text, 14.5, TEXT_REGULAR, &mw, &mh);
		text_measure(&tx, text, 14.5, TEXT_REGULAR, &mw2, &mh2);
		ck_assert(mw == mw2 && mh == mh2 && mw > 100);
		cairo_surface_t *kept = draw_line(&tx, text, 280, a, &w1);
		cairo_surface_t *nowidth = draw_line(&tx, text, 0, a, &w2);
		cairo_surface_t *cut = draw_line(&tx, text, 60, a, &w3);
		ck_assert(w0 == w1 && w1 == w2);
		ck_assert(same_pixels(fresh, kept));
		ck_assert(same_pixels(fresh, nowidth));
		ck_assert(w3 <= 60 && !same_pixels(fresh, cut));
		cairo_surface_destroy(fresh);
		cairo_surface_destroy(kept);
		cairo_surface_destroy(nowidth);
		cairo_surface_destroy(cut);
	}
	text_fini(&tx);
	text_fonts_free(f);
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
	tcase_add_test(tc, kept_lines_draw_the_same);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
