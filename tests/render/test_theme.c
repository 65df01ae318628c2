/*
 * test_theme.c — colours as Grafana 10.4 resolves them: the classic palette
 * (checked against the reference images), named hues per theme, CSS forms,
 * threshold steps.
 */
#include <check.h>
#include <math.h>
#include "render/theme.h"

START_TEST(classic_palette_dark)
{
	const struct theme *t = theme_get(THEME_DARK);
	/* green, semi-dark-yellow, light-blue, semi-dark-orange, red, blue */
	ck_assert_uint_eq(theme_palette(t, 0), 0x73BF69ffu);
	ck_assert_uint_eq(theme_palette(t, 1), 0xF2CC0Cffu);
	ck_assert_uint_eq(theme_palette(t, 2), 0x8AB8FFffu);
	ck_assert_uint_eq(theme_palette(t, 3), 0xFF780Affu);
	ck_assert_uint_eq(theme_palette(t, 4), 0xF2495Cffu);
	ck_assert_uint_eq(theme_palette(t, 5), 0x5794F2ffu);
	ck_assert_uint_eq(theme_palette(t, 7), 0x705DA0ffu);
	ck_assert_uint_eq(theme_palette(t, theme_palette_len()), 0x73BF69ffu);
}
END_TEST

START_TEST(classic_palette_light)
{
	const struct theme *t = theme_get(THEME_LIGHT);
	ck_assert_uint_eq(theme_palette(t, 0), 0x56A64Bffu);
	ck_assert_uint_eq(theme_palette(t, 1), 0xE0B400ffu);
	ck_assert_uint_eq(theme_palette(t, 2), 0x5794F2ffu);
	ck_assert_uint_eq(theme_palette(t, 3), 0xFA6400ffu);
	ck_assert_uint_eq(theme_palette(t, 4), 0xE02F44ffu);
	ck_assert_uint_eq(theme_palette(t, 5), 0x3274D9ffu);
}
END_TEST

START_TEST(named_and_css)
{
	const struct theme *d = theme_get(THEME_DARK), *l = theme_get(THEME_LIGHT);
	uint32_t c = 0;
	ck_assert_int_eq(theme_color(d, "semi-dark-orange", &c), 0);
	ck_assert_uint_eq(c, 0xFF780Affu);
	ck_assert_int_eq(theme_color(l, "red", &c), 0);
	ck_assert_uint_eq(c, 0xE02F44ffu);
	ck_assert_int_eq(theme_color(d, "#EAB839", &c), 0);
	ck_assert_uint_eq(c, 0xEAB839ffu);
	ck_assert_int_eq(theme_color(d, "#fa0", &c), 0);
	ck_assert_uint_eq(c, 0xFFAA00ffu);
	ck_assert_int_eq(theme_color(d, "#11223380", &c), 0);
	ck_assert_uint_eq(c, 0x11223380u);
	ck_assert_int_eq(theme_color(d, "rgba(204, 204, 220, 0.12)", &c), 0);
	ck_assert_uint_eq(c, 0xCCCCDC1Fu);
	ck_assert_int_eq(theme_color(d, "rgb(10,20,30)", &c), 0);
	ck_assert_uint_eq(c, 0x0A141Effu);
	ck_assert_int_eq(theme_color(d, "transparent", &c), 0);
	ck_assert_uint_eq(c & 0xff, 0);
	ck_assert_int_eq(theme_color(d, "white", &c), 0);
	ck_assert_uint_eq(c, 0xFFFFFFffu);
	c = 7;
	ck_assert_int_eq(theme_color(d, "no-such-colour", &c), -1);
	ck_assert_int_eq(theme_color(d, "#12345", &c), -1);
	ck_assert_int_eq(theme_color(d, "rgb(1,2)", &c), -1);
	ck_assert_uint_eq(c, 7);
}
END_TEST

START_TEST(tokens)
{
	const struct theme *d = theme_get(THEME_DARK), *l = theme_get(THEME_LIGHT);
	ck_assert_uint_eq(d->panel_bg, 0x181B1Fffu);
	ck_assert_uint_eq(d->canvas, 0x111217ffu);
	ck_assert_uint_eq(d->text, 0xCCCCDCffu);
	ck_assert_uint_eq(l->panel_bg, 0xFFFFFFffu);
	ck_assert_uint_eq(l->text, 0x24292Effu);
}
END_TEST

START_TEST(thresholds)
{
	struct thresholds th = {.mode = THRESH_ABSOLUTE, .n = 3};
	th.steps[0] = (struct threshold){-INFINITY, 0x73BF69ff, "green"};
	th.steps[1] = (struct threshold){70, 0xFADE2Aff, "yellow"};
	th.steps[2] = (struct threshold){90, 0x123456ff, ""};
	ck_assert_uint_eq(theme_threshold_index(&th, -1e9), 0);
	ck_assert_uint_eq(theme_threshold_index(&th, 69.99), 0);
	ck_assert_uint_eq(theme_threshold_index(&th, 70), 1);
	ck_assert_uint_eq(theme_threshold_index(&th, 95), 2);
	/* Named colours follow the theme; unnamed keep their RGBA. */
	ck_assert_uint_eq(theme_threshold_color(theme_get(THEME_LIGHT), &th.steps[0]), 0x56A64Bffu);
	ck_assert_uint_eq(theme_threshold_color(theme_get(THEME_DARK), &th.steps[0]), 0x73BF69ffu);
	ck_assert_uint_eq(theme_threshold_color(theme_get(THEME_DARK), &th.steps[2]), 0x123456ffu);
	ck_assert_uint_eq(theme_alpha(0x112233ffu, 0.5), 0x11223380u);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_theme");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, classic_palette_dark);
	tcase_add_test(tc, classic_palette_light);
	tcase_add_test(tc, named_and_css);
	tcase_add_test(tc, tokens);
	tcase_add_test(tc, thresholds);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
