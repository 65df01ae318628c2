/*
 * test_cjk.c — Chinese, Japanese and Korean titles draw with the bundled
 * fonts alone (system fonts off: a fresh Debian 12 has no CJK font), never
 * as tofu: Pango finds a glyph for every character, and the pixels are not
 * those of the boxes it draws when the fallback fonts are taken away.
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/text.h"
#include "support.h"

static const struct {
	const char *lang, *title;
} titles[] = {
        {"zh", "节点概览：磁盘使用率与网络流量"},
        {"ja", "ノード概要・ディスク使用率とネットワーク"},
        {"ko", "노드 개요: 디스크 사용률과 네트워크"},
};

#define W 420
#define H 40

/* text with only the fonts in fonts_dir (no system font) */
static text_fonts *fonts_only(const char *dir)
{
	struct cairn_err err = {0};
	text_fonts *f = text_fonts_new(dir, false, &err);
	ck_assert_msg(f != NULL, "%s", err.msg);
	return f;
}

/* Draws s white on black; the caller destroys the surface. */
static cairo_surface_t *draw(const text_fonts *f, const char *s)
{
	struct cairn_err err = {0};
	struct text tx;
	ck_assert_int_eq(text_init(&tx, f, &err), 0);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	text_draw(&tx, cr, s, 16, TEXT_MEDIUM, 4, 8, 0, ALIGN_LEFT, 0xFFFFFFFFu);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	text_fini(&tx);
	return img;
}

static long pixels_differing(cairo_surface_t *a, cairo_surface_t *b)
{
	long n = 0;
	int stride = cairo_image_surface_get_stride(a);
	const unsigned char *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			const unsigned char *qa = pa + y * stride + 4 * x, *qb = pb + y * stride + 4 * x;
			n += abs(qa[1] - qb[1]) > 64;
		}
	return n;
}

START_TEST(bundled_fonts_cover_cjk)
{
	text_fonts *f = fonts_only(CAIRN_FONTS_DIR);
	struct cairn_err err = {0};
	struct text tx;
	ck_assert_int_eq(text_init(&tx, f, &err), 0);
	for (size_t i = 0; i < G_N_ELEMENTS(titles); i++) {
		int unknown = text_unknown_glyphs(&tx, titles[i].title, 14, TEXT_MEDIUM);
		ck_assert_msg(unknown == 0, "%s: %d characters of \"%s\" have no glyph",
		              titles[i].lang, unknown, titles[i].title);
		unknown = text_unknown_glyphs(&tx, titles[i].title, 12, TEXT_REGULAR);
		ck_assert_msg(unknown == 0, "%s (regular): %d unknown", titles[i].lang, unknown);
	}
	text_fini(&tx);
	text_fonts_free(f);
}
END_TEST

/* The same titles with Inter alone are tofu, and look different: the pixel
 * test sees what the glyph count says. */
START_TEST(pixels_are_not_tofu)
{
	char *dir = g_dir_make_tmp("cairn-fonts-XXXXXX", NULL);
	char *src = g_build_filename(CAIRN_FONTS_DIR, "Inter-Medium.otf", NULL);
	char *dst = g_build_filename(dir, "Inter-Medium.otf", NULL);
	ck_assert_int_eq(symlink(src, dst), 0);
	text_fonts *inter = fonts_only(dir), *bundled = fonts_only(CAIRN_FONTS_DIR);
	struct cairn_err err = {0};
	struct text tx;
	ck_assert_int_eq(text_init(&tx, inter, &err), 0);
	for (size_t i = 0; i < G_N_ELEMENTS(titles); i++) {
		ck_assert_int_gt(text_unknown_glyphs(&tx, titles[i].title, 16, TEXT_MEDIUM), 5);
		cairo_surface_t *tofu = draw(inter, titles[i].title);
		cairo_surface_t *real = draw(bundled, titles[i].title);
		cairo_surface_t *black = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
		long ink = pixels_differing(real, black);
		long diff = pixels_differing(real, tofu);
		ck_assert_msg(ink > 300, "%s: only %ld ink pixels", titles[i].lang, ink);
		ck_assert_msg(diff > ink / 3, "%s: %ld of %ld ink pixels differ from tofu",
		              titles[i].lang, diff, ink);
		cairo_surface_destroy(black);
		cairo_surface_destroy(real);
		cairo_surface_destroy(tofu);
	}
	text_fini(&tx);
	text_fonts_free(inter);
	text_fonts_free(bundled);
	g_unlink(dst);
	g_rmdir(dir);
	g_free(src);
	g_free(dst);
	g_free(dir);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_cjk");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bundled_fonts_cover_cjk);
	tcase_add_test(tc, pixels_are_not_tofu);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
