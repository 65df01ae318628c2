/*
 * test_stack.c — render/stack (Grafana 10.4's stacks: by direction, mode
 * and key; every value of a series adds onto its stack; percent stacks
 * signed by direction; a series without a sample where its stack has one
 * drawn at the stack's sum) and render/tsgrad's hue ends against tinycolor2's
 * own numbers (node, tinycolor2 1.6 as @grafana/ui 10.4 uses it:
 * tinycolor(c).saturate(20).spin(20).brighten(10).lighten(10) on top,
 * .spin(-25).darken(5) then .darken(10) in the dark theme at the bottom).
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include "render/render.h"
#include "render/stack.h"
#include "render/tsgrad.h"
#include "render/theme.h"

static const double T[4] = {0, 60, 120, 180};

static struct stack_series ser(const double *v, enum stack_mode m)
{
	return (struct stack_series){.t = T, .v = v, .n = 4, .mode = m};
}

START_TEST(stacks_by_direction)
{
	/* pos, neg, pos with one negative value, neg */
	const double a[4] = {1, 2, 3, 4}, b[4] = {-1, -1, -1, -1}, c[4] = {10, 10, -5, 10},
	             d[4] = {-2, -2, -2, -2};
	struct stack_series s[4] = {ser(a, STACK_NORMAL), ser(b, STACK_NORMAL),
	                            ser(c, STACK_NORMAL), ser(d, STACK_NORMAL)};
	ck_assert_uint_eq(stack_apply(s, 4, 60), 2);
	ck_assert_int_eq(s[0].group, s[2].group);
	ck_assert_int_eq(s[1].group, s[3].group);
	ck_assert_int_ne(s[0].group, s[1].group);
	ck_assert_int_eq(s[2].prev, 0);
	ck_assert_int_eq(s[3].prev, 1);
	ck_assert_int_eq(s[1].prev, -1);
	/* c adds its -5 onto a's 3: 3 + -5, not onto the negatives */
	ck_assert_double_eq(s[2].v[2], -2);
	ck_assert_double_eq(s[2].v[0], 11);
	ck_assert_double_eq(s[3].v[0], -3);
	for (int i = 0; i < 4; i++)
		g_free(s[i].owned);
}
END_TEST

START_TEST(key_and_negative_y)
{
	const double a[4] = {1, 1, 1, 1}, b[4] = {2, 2, 2, 2}, c[4] = {3, 3, 3, 3};
	struct stack_series s[3] = {ser(a, STACK_NORMAL), ser(b, STACK_NORMAL),
	                            ser(c, STACK_NORMAL)};
	s[1].key = 1;       /* another axis: its own stack */
	s[2].negate = true; /* negative-Y: drawn negative, stacks with the negatives */
	ck_assert_uint_eq(stack_apply(s, 3, 60), 3);
	ck_assert_double_eq(s[1].v[0], 2);
	ck_assert_double_eq(s[2].v[0], -3);
	ck_assert_int_eq(s[2].prev, -1);
	for (int i = 0; i < 3; i++)
		g_free(s[i].owned);
}
END_TEST

START_TEST(percent_by_direction)
{
	const double a[4] = {1, 3, 0, 1}, b[4] = {3, 1, 0, 1}, c[4] = {-1, -2, -3, -4},
	             d[4] = {-3, -2, -1, 0};
	struct stack_series s[4] = {ser(a, STACK_PERCENT), ser(b, STACK_PERCENT),
	                            ser(c, STACK_PERCENT), ser(d, STACK_PERCENT)};
	ck_assert_uint_eq(stack_apply(s, 4, 60), 2);
	ck_assert_double_eq(s[0].v[0], 0.25);
	ck_assert_double_eq(s[1].v[0], 1);
	ck_assert_double_eq(s[1].v[2], 0); /* total 0 → 0 */
	ck_assert_double_eq(s[2].v[0], -0.25);
	ck_assert_double_eq(s[3].v[0], -1);
	ck_assert_double_eq(s[3].v[3], -1);
	for (int i = 0; i < 4; i++)
		g_free(s[i].owned);
}
END_TEST

START_TEST(late_series_filled_in)
{
	/* b starts at 120 s: before that it is drawn at a's values (the stack's
	 * sum so far), as Grafana's groupValsAtX does */
	static const double tb[2] = {120, 180};
	const double a[4] = {1, 2, 3, 4}, b[2] = {10, 10};
	struct stack_series s[2] = {ser(a, STACK_NORMAL), ser(b, STACK_NORMAL)};
	s[1].t = tb;
	s[1].n = 2;
	ck_assert_uint_eq(stack_apply(s, 2, 60), 1);
	ck_assert_uint_eq(s[1].n, 4);
	ck_assert_ptr_nonnull(s[1].owned_t);
	const double want_t[4] = {0, 60, 120, 180}, want_v[4] = {1, 2, 13, 14};
	for (int i = 0; i < 4; i++) {
		ck_assert_double_eq(s[1].t[i], want_t[i]);
		ck_assert_double_eq(s[1].v[i], want_v[i]);
	}
	ck_assert_uint_eq(s[0].n, 4);
	ck_assert_ptr_null(s[0].owned_t);
	for (int i = 0; i < 2; i++) {
		g_free(s[i].owned);
		g_free(s[i].owned_t);
	}
}
END_TEST

/* custom.stacking.group names a stack: a migrated graph's override
 * "stack": false is group "false", apart from the panel's group "A". */
START_TEST(groups_stack_apart)
{
	static const double t[] = {0, 10};
	static const double a[] = {1, 2}, b[] = {10, 20}, c[] = {100, 200}, e[] = {5, 5};
	struct stack_series s[] = {
	        {.t = t, .v = a, .n = 2, .mode = STACK_NORMAL, .name = "A"},
	        {.t = t, .v = b, .n = 2, .mode = STACK_NORMAL, .name = "false"},
	        {.t = t, .v = c, .n = 2, .mode = STACK_NORMAL}, /* NULL: "A" */
	        {.t = t, .v = e, .n = 2, .mode = STACK_NORMAL, .name = "false", .negate = true},
	};
	stack_apply(s, G_N_ELEMENTS(s), 10);
	ck_assert_double_eq(s[0].v[1], 2);
	ck_assert_double_eq(s[1].v[1], 20);
	ck_assert_int_eq(s[1].prev, -1);
	ck_assert_double_eq(s[2].v[1], 202); /* on a, same name */
	ck_assert_int_eq(s[2].prev, 0);
	ck_assert_double_eq(s[3].v[1], -5); /* negated: the other direction, its own stack */
	ck_assert_int_eq(s[3].prev, -1);
	for (size_t i = 0; i < G_N_ELEMENTS(s); i++) {
		g_free(s[i].owned);
		g_free(s[i].owned_t);
	}
}
END_TEST

START_TEST(hue_ends_as_tinycolor)
{
	/* colour, top, bottom (dark): rgba(...) printed by tinycolor2, alpha 0.4 */
	static const uint32_t want[][3] = {
	        {0x73BF69FF, 0x9AF3AE66, 0x719A4266}, /* (154,243,174) (113,154,66) */
	        {0xF2CC0CFF, 0xF0FF4C66, 0xA94C0866}, /* (240,255,76) (169,76,8) */
	        {0x8AB8FFFF, 0xD6D9FF66, 0x3DDAFF66}, /* (214,217,255) (61,218,255) */
	        {0xF2495CFF, 0xFFA68866, 0xDF107D66}, /* (255,166,136) (223,16,125) */
	};
	const struct theme *dark = theme_get(THEME_DARK), *light = theme_get(THEME_LIGHT);
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		uint32_t top, bottom;
		tsgrad_hue_ends(dark, want[i][0], 0.4, &top, &bottom);
		ck_assert_msg(top == want[i][1] && bottom == want[i][2],
		              "%08X: top %08X bottom %08X, want %08X %08X", want[i][0], top, bottom,
		              want[i][1], want[i][2]);
	}
	/* light: the bottom not darkened further: #73BF69 → rgba(138,183,87) */
	uint32_t top, bottom;
	tsgrad_hue_ends(light, 0x73BF69FF, 0.4, &top, &bottom);
	ck_assert_uint_eq(bottom, 0x8AB75766);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_stack");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, stacks_by_direction);
	tcase_add_test(tc, key_and_negative_y);
	tcase_add_test(tc, percent_by_direction);
	tcase_add_test(tc, late_series_filled_in);
	tcase_add_test(tc, groups_stack_apart);
	tcase_add_test(tc, hue_ends_as_tinycolor);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
