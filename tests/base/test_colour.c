/* base/colour: the one colour parser the loader and the themes share. */
#include <check.h>
Suite *make_suite(void);
#include <stdint.h>
#include "base/colour.h"

static uint32_t dark(const char *s)
{
	uint32_t c = 0xDEADBEEF;
	ck_assert_msg(colour_parse(s, COLOUR_DARK, &c) == 0, "'%s' should parse", s);
	return c;
}

static void refused(const char *s)
{
	uint32_t c = 0xDEADBEEF;
	ck_assert_msg(colour_parse(s, COLOUR_DARK, &c) == -1, "'%s' should be refused", s);
	ck_assert_uint_eq(c, 0xDEADBEEF); /* untouched */
}

/* tinycolor2's darken(pct).spin(deg), printed by tinycolor2 1.6 itself
 * (node -e 'tc(c).darken(d).spin(s).toHexString()'); alpha kept. */
START_TEST(darken_spin_as_tinycolor)
{
	static const struct {
		uint32_t in;
		double pct, deg;
		uint32_t want;
	} cases[] = {
	        {0x73BF69FF, 20, 4, 0x3E883AFF},  {0x73BF69FF, 10, -4, 0x5BAC49FF},
	        {0xF2495CFF, -14, 4, 0xF78C91FF}, {0x5794F2FF, 15, 8, 0x124AEAFF},
	        {0x80808080, 10, 5, 0x66666680},  {0xFF9830FF, 0, 15, 0xFFCC30FF},
	        {0xFADE2AFF, -7, -8, 0xFBCC4DFF},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t got = colour_darken_spin(cases[i].in, cases[i].pct, cases[i].deg);
		ck_assert_msg(got == cases[i].want, "%08X darken %g spin %g: %08X, want %08X",
		              cases[i].in, cases[i].pct, cases[i].deg, got, cases[i].want);
	}
}
END_TEST

START_TEST(hex_forms)
{
	ck_assert_uint_eq(dark("#EAB839"), 0xEAB839FF);
	ck_assert_uint_eq(dark("#eab839"), 0xEAB839FF);
	ck_assert_uint_eq(dark("#fa0"), 0xFFAA00FF);
	ck_assert_uint_eq(dark("#fa08"), 0xFFAA0088);
	ck_assert_uint_eq(dark("#11223380"), 0x11223380);
	refused("#12345");
	refused("#");
	refused("#ggg");
	refused("#0x1234"); /* strtoul would have read this */
	refused("#+fff");
	refused("# fff");
}
END_TEST

START_TEST(rgb_functions)
{
	ck_assert_uint_eq(dark("rgb(10,20,30)"), 0x0A141EFF);
	ck_assert_uint_eq(dark("rgba(204, 204, 220, 0.12)"), 0xCCCCDC1F);
	ck_assert_uint_eq(dark("rgba(255, 0, 0, 0.5)"), 0xFF000080);
	ck_assert_uint_eq(dark("RGB(1, 2, 3)"), 0x010203FF);
	ck_assert_uint_eq(dark("rgb(100%, 0%, 50%)"), 0xFF0080FF);
	ck_assert_uint_eq(dark("rgb(0 0 0 / 50%)"), 0x00000080);
	ck_assert_uint_eq(dark("rgb(300, -5, 10.6)"), 0xFF000BFF); /* clamped, rounded */
	ck_assert_uint_eq(dark("rgba(1, 2, 3, 7)"), 0x010203FF);
	refused("rgb(1,2)");
	refused("rgb(1,2,3");
	refused("rgb 1,2,3");
	refused("rgb(a,b,c)");
	refused("rgb(nan, 0, 0)");
	refused("rgba(1, 2, 3, nan)");
	refused("rgb(inf, 0, 0)");
}
END_TEST

START_TEST(names_per_shade)
{
	uint32_t c = 0;
	ck_assert_uint_eq(dark("green"), 0x73BF69FF);
	ck_assert_uint_eq(dark("semi-dark-orange"), 0xFF780AFF);
	ck_assert_uint_eq(dark("Dark-Red"), 0xC4162AFF); /* case does not matter */
	ck_assert_int_eq(colour_parse("red", COLOUR_LIGHT, &c), 0);
	ck_assert_uint_eq(c, 0xE02F44FF);
	ck_assert_int_eq(colour_parse("green", COLOUR_LIGHT, &c), 0);
	ck_assert_uint_eq(c, 0x56A64BFF);
	ck_assert_uint_eq(dark("white"), 0xFFFFFFFF);
	ck_assert_uint_eq(dark("SteelBlue"), 0x4682B4FF);
	ck_assert_uint_eq(dark("transparent"), 0);
	ck_assert_int_eq(colour_parse("transparent", COLOUR_LIGHT, &c), 0);
	ck_assert_uint_eq(c, 0xFFFFFF00);
	refused("no-such-colour");
	refused("text"); /* a theme token, resolved by render/theme.c */
	refused("");
	ck_assert_int_eq(colour_parse(NULL, COLOUR_DARK, &c), -1);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("base/colour");
	TCase *tc = tcase_create("colour");
	tcase_add_test(tc, hex_forms);
	tcase_add_test(tc, darken_spin_as_tinycolor);
	tcase_add_test(tc, rgb_functions);
	tcase_add_test(tc, names_per_shade);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
