/*
 * test_korean.c — Hangul titles render with the bundled fallback font, not
 * as tofu: no unknown glyphs with the bundled fonts, unknown glyphs when the
 * fallback is taken away, and glyph pixels in the title area.
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include "render/text.h"
#include "support.h"

#define TITLE "노드 개요"

START_TEST(bundled_fallback_covers_hangul)
{
	struct cairn_err err = {0};
	text_fonts *f = text_fonts_new(CAIRN_FONTS_DIR, false, &err);
	ck_assert_msg(f != NULL, "%s", err.msg);
	struct text tx;
	ck_assert_int_eq(text_init(&tx, f, &err), 0);
	ck_assert_int_eq(text_unknown_glyphs(&tx, TITLE, 14, TEXT_MEDIUM), 0);
	ck_assert_int_eq(text_unknown_glyphs(&tx, "CPU Usage", 14, TEXT_MEDIUM), 0);
	double w;
	text_measure(&tx, TITLE, 14, TEXT_MEDIUM, &w, NULL);
	ck_assert_double_gt(w, 40);
	text_fini(&tx);
	text_fonts_free(f);
}
END_TEST

START_TEST(without_fallback_is_tofu)
{
	/* Only Inter, no system fonts: Hangul has no font. */
	char *dir = g_dir_make_tmp("cairn-fonts-XXXXXX", NULL);
	char *src = g_build_filename(CAIRN_FONTS_DIR, "Inter-Regular.otf", NULL);
	char *dst = g_build_filename(dir, "Inter-Regular.otf", NULL);
	ck_assert_int_eq(symlink(src, dst), 0);
	struct cairn_err err = {0};
	text_fonts *f = text_fonts_new(dir, false, &err);
	ck_assert_msg(f != NULL, "%s", err.msg);
	struct text tx;
	ck_assert_int_eq(text_init(&tx, f, &err), 0);
	ck_assert_int_gt(text_unknown_glyphs(&tx, TITLE, 14, TEXT_MEDIUM), 0);
	ck_assert_int_eq(text_unknown_glyphs(&tx, "CPU", 14, TEXT_MEDIUM), 0);
	text_fini(&tx);
	text_fonts_free(f);
	g_unlink(dst);
	g_rmdir(dir);
	g_free(src), g_free(dst), g_free(dir);
}
END_TEST

START_TEST(no_fonts_is_an_error)
{
	struct cairn_err err = {0};
	char *dir = g_dir_make_tmp("cairn-empty-XXXXXX", NULL);
	ck_assert_ptr_null(text_fonts_new(dir, false, &err));
	ck_assert_ptr_nonnull(strstr(err.msg, dir));
	g_rmdir(dir);
	g_free(dir);
}
END_TEST

START_TEST(title_pixels)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", TITLE);
	struct cairn_result r = {.status = RESULT_NODATA};
	struct panel_job job = {.panel = &p, .title = TITLE, .data = &r};
	struct render_out o;
	ck_assert_int_eq(support_render1(&job, 300, 120, FMT_PNG, THEME_DARK, &o), 0);
	cairo_surface_t *img = support_decode(&o);
	/* Glyph ink in the title band, in the primary text colour. */
	ck_assert_int_gt(support_count_near(img, 9, 8, 90, 26, 0xCCCCDC, 40), 30);
	ck_assert_int_gt(support_count_not(img, 9, 8, 90, 26, 0x181B1F, 30), 80);
	cairo_surface_destroy(img);
	free(o.bytes);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_korean");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bundled_fallback_covers_hangul);
	tcase_add_test(tc, without_fallback_is_tofu);
	tcase_add_test(tc, no_fonts_is_an_error);
	tcase_add_test(tc, title_pixels);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
