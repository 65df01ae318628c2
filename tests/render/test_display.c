/*
 * test_display.c — render/display: Grafana's display processor without
 * Cairo: value mappings of every type in order, units and decimals,
 * colour modes (fixed, thresholds absolute and percentage, palette,
 * continuous), noValue, and string values.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include "render/display.h"

static struct value_mapping map_value(const char *key, const char *text, const char *color)
{
	struct value_mapping m = {.type = MAP_VALUE, .key = (char *)key, .text = (char *)text,
	                          .from = NAN, .to = NAN, .index = -1};
	if (color)
		g_strlcpy(m.color_name, color, sizeof m.color_name);
	return m;
}

static struct field_config base_fc(void)
{
	struct field_config fc;
	memset(&fc, 0, sizeof fc);
	fc.decimals = -1;
	fc.min = fc.max = NAN;
	fc.color_mode = COLOR_THRESHOLDS;
	fc.thresholds.n = 2;
	fc.thresholds.steps[0] = (struct threshold){-INFINITY, 0x73BF69FF, "green"};
	fc.thresholds.steps[1] = (struct threshold){80, 0xF2495CFF, "red"};
	return fc;
}

static const struct theme *dark(void)
{
	return theme_get(THEME_DARK);
}

static uint32_t named(const char *n)
{
	uint32_t c = 0;
	ck_assert_int_eq(theme_color(dark(), n, &c), 0);
	return c;
}

START_TEST(mappings_in_order)
{
	struct field_config fc = base_fc();
	struct value_mapping m[6];
	m[0] = map_value("1", "Up", "blue");
	m[1] = map_value("0", "Down", NULL);
	m[2] = (struct value_mapping){.type = MAP_RANGE, .from = 10, .to = 20, .text = "teens",
	                              .index = -1};
	m[3] = (struct value_mapping){.type = MAP_RANGE, .from = 15, .to = NAN, .text = "big",
	                              .index = -1, .color_name = "purple"};
	m[4] = (struct value_mapping){.type = MAP_SPECIAL, .match = SPECIAL_NULL, .text = "N/A",
	                              .from = NAN, .to = NAN, .index = -1};
	m[5] = (struct value_mapping){.type = MAP_REGEX, .key = "/^node-(\\d+)$/",
	                              .text = "n$1", .from = NAN, .to = NAN, .index = -1};
	fc.mappings = m;
	fc.n_mappings = 6;
	struct display_field f = {.fc = &fc, .min = 0, .max = 100, .series_color = 0x123456FF};
	struct display_value d;
	display_number(dark(), &f, 1, &d);
	ck_assert_str_eq(d.text, "Up");
	ck_assert_uint_eq(d.color, named("blue"));
	ck_assert_ptr_eq(d.mapping, &m[0]);
	display_number(dark(), &f, 0, &d);
	ck_assert_str_eq(d.text, "Down");
	ck_assert_uint_eq(d.color, named("green")); /* no mapping colour: thresholds */
	display_number(dark(), &f, 1.5, &d);
	ck_assert_str_eq(d.text, "1.50");
	ck_assert_ptr_null(d.mapping);
	display_number(dark(), &f, 15, &d); /* both ranges match: the first wins */
	ck_assert_str_eq(d.text, "teens");
	display_number(dark(), &f, 85, &d);
	ck_assert_str_eq(d.text, "big");
	ck_assert_uint_eq(d.color, named("purple"));
	display_number(dark(), &f, NAN, &d);
	ck_assert_str_eq(d.text, "N/A");
	ck_assert_uint_eq(d.color, named("green")); /* null: the base step */
	/* regex mappings test strings only */
	char text[64];
	ck_assert_ptr_null(display_mapping(&fc, 3, NULL, text, sizeof text, NULL));
	display_string(dark(), &f, "node-12", &d);
	ck_assert_str_eq(d.text, "n12");
	display_string(dark(), &f, "1", &d); /* the value key, as text */
	ck_assert_str_eq(d.text, "Up");
	display_string(dark(), &f, "other", &d);
	ck_assert_str_eq(d.text, "other");
}
END_TEST

START_TEST(regex_replaces_first_match_only)
{
	struct field_config fc = base_fc();
	struct value_mapping m = {.type = MAP_REGEX, .key = "/a/", .text = "[$&]", .from = NAN,
	                          .to = NAN, .index = -1};
	fc.mappings = &m;
	fc.n_mappings = 1;
	char text[64];
	ck_assert_ptr_eq(display_mapping(&fc, NAN, "banana", text, sizeof text, NULL), &m);
	ck_assert_str_eq(text, "b[a]nana");
	m.key = "an"; /* bare: Grafana anchors it, ^an$ */
	ck_assert_ptr_null(display_mapping(&fc, NAN, "banana", text, sizeof text, NULL));
	ck_assert_ptr_eq(display_mapping(&fc, NAN, "an", text, sizeof text, NULL), &m);
	m.key = "/(/";
	struct cairn_err why = {0};
	ck_assert_ptr_null(display_mapping(&fc, NAN, "banana", text, sizeof text, &why));
	ck_assert_int_ne(why.code, 0);
}
END_TEST

START_TEST(specials)
{
	struct field_config fc = base_fc();
	struct value_mapping m[3] = {
	        {.type = MAP_SPECIAL, .match = SPECIAL_TRUE, .text = "yes", .from = NAN, .to = NAN},
	        {.type = MAP_SPECIAL, .match = SPECIAL_EMPTY, .text = "empty", .from = NAN, .to = NAN},
	        {.type = MAP_SPECIAL, .match = SPECIAL_NAN, .text = "nan", .from = NAN, .to = NAN},
	};
	fc.mappings = m;
	fc.n_mappings = 3;
	char t[32];
	ck_assert_ptr_eq(display_mapping(&fc, NAN, "true", t, sizeof t, NULL), &m[0]);
	ck_assert_ptr_eq(display_mapping(&fc, NAN, "", t, sizeof t, NULL), &m[1]);
	ck_assert_ptr_eq(display_mapping(&fc, NAN, "abc", t, sizeof t, NULL), &m[2]);
	ck_assert_ptr_null(display_mapping(&fc, NAN, "12", t, sizeof t, NULL));
	ck_assert_ptr_eq(display_mapping(&fc, NAN, NULL, t, sizeof t, NULL), &m[2]);
	ck_assert_ptr_null(display_mapping(&fc, 1, NULL, t, sizeof t, NULL));
}
END_TEST

START_TEST(units_and_no_value)
{
	struct field_config fc = base_fc();
	g_strlcpy(fc.unit, "bytes", sizeof fc.unit);
	fc.decimals = 1;
	struct display_field f = {.fc = &fc, .min = NAN, .max = NAN};
	struct display_value d;
	display_number(dark(), &f, 2048, &d);
	ck_assert_str_eq(d.text, "2.0");
	ck_assert_str_eq(d.suffix, " KiB");
	char buf[64];
	display_join(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "2.0 KiB");
	ck_assert_double_eq(d.percent, 0); /* no range */
	display_number(dark(), &f, NAN, &d);
	ck_assert_str_eq(d.text, "");
	g_strlcpy(fc.no_value, "nothing", sizeof fc.no_value);
	display_number(dark(), &f, NAN, &d);
	ck_assert_str_eq(d.text, "nothing");
	g_strlcpy(fc.unit, "percent", sizeof fc.unit);
	display_number(dark(), &f, 12.34, &d);
	display_join(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "12.3%");
}
END_TEST

START_TEST(colour_modes)
{
	struct field_config fc = base_fc();
	struct display_field f = {.fc = &fc, .min = 0, .max = 200, .series_color = 0x123456FF};
	struct display_value d;
	display_number(dark(), &f, 100, &d);
	ck_assert_uint_eq(d.color, named("red"));
	ck_assert_double_eq(d.percent, 0.5);
	fc.thresholds.mode = THRESH_PERCENTAGE; /* 100 of 0..200 is 50%, below 80% */
	display_number(dark(), &f, 100, &d);
	ck_assert_uint_eq(d.color, named("green"));
	display_number(dark(), &f, 170, &d);
	ck_assert_uint_eq(d.color, named("red"));
	fc.color_mode = COLOR_PALETTE_CLASSIC;
	display_number(dark(), &f, 170, &d);
	ck_assert_uint_eq(d.color, 0x123456FF);
	fc.color_mode = COLOR_FIXED;
	g_strlcpy(fc.fixed_color_name, "orange", sizeof fc.fixed_color_name);
	display_number(dark(), &f, 170, &d);
	ck_assert_uint_eq(d.color, named("orange"));
	fc.color_mode = COLOR_CONTINUOUS;
	g_strlcpy(fc.color_scheme, "continuous-GrYlRd", sizeof fc.color_scheme);
	display_number(dark(), &f, 0, &d);
	ck_assert_uint_eq(d.color, named("green")); /* the basis spline ends on its colours */
	display_number(dark(), &f, 200, &d);
	ck_assert_uint_eq(d.color, named("red"));
	display_number(dark(), &f, 100, &d);
	uint32_t y = named("yellow");
	/* the middle is pulled towards yellow but smoothed: (g + 4y + r) / 6 */
	uint32_t g = named("green"), r = named("red");
	unsigned want = (unsigned)lround((((g >> 24) & 0xff) + 4.0 * ((y >> 24) & 0xff) +
	                                  ((r >> 24) & 0xff)) / 6);
	ck_assert_uint_eq(d.color >> 24, want);
	uint32_t c;
	ck_assert_int_eq(display_scheme_color(dark(), "continuous-nope", 0.5, &c), -1);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("render/display");
	TCase *tc = tcase_create("display");
	tcase_add_test(tc, mappings_in_order);
	tcase_add_test(tc, regex_replaces_first_match_only);
	tcase_add_test(tc, specials);
	tcase_add_test(tc, units_and_no_value);
	tcase_add_test(tc, colour_modes);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
