/*
 * test_fields.c — render/fields: field config per series, without Cairo
 * drawing or fonts: defaults, overrides in order (byName, byRegexp,
 * byFrameRefID), display name, colour, unit axes, and overrides whose regex
 * cannot be used (reported and left out, never "no match").
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render/fields.h"
#include "support.h"

static double one(size_t i, void *arg)
{
	(void)i, (void)arg;
	return 1;
}

/* A panel with n_ov overrides and the given series names (ref A). */
struct fx {
	struct cairn_panel p;
	struct field_override ov[CAIRN_MAX_OVERRIDES];
	struct cairn_result r;
	struct field_res out[32];
	struct cairn_err note, err;
};

static void fx_init(struct fx *f, const char *const *names, size_t n)
{
	memset(f, 0, sizeof *f);
	support_panel(&f->p, "timeseries", "x");
	f->p.overrides = f->ov;
	struct series s[32];
	for (size_t i = 0; i < n; i++)
		support_series(&s[i], names[i], 4, 1000, 10, one, NULL);
	support_result(&f->r, s, n, 10);
}

/* An override setting the unit; returns it for more properties. */
static struct field_override *add_unit(struct fx *f, enum matcher_kind k, const char *pattern,
                                       const char *unit)
{
	struct field_override *o = &f->ov[f->p.n_overrides++];
	o->kind = k;
	o->pattern = (char *)pattern;
	g_strlcpy(o->props.unit, unit, sizeof o->props.unit);
	o->props.set = FC_SET_UNIT;
	return o;
}

static int resolve(struct fx *f, const struct budget *b)
{
	return fields_resolve(&f->p, theme_get(THEME_DARK), f->r.series, f->r.n_series, b, f->out,
	                      &f->note, &f->err);
}

START_TEST(overrides_in_order)
{
	const char *names[] = {"cpu-a", "cpu-b", "mem"};
	struct fx f;
	fx_init(&f, names, 3);
	g_strlcpy(f.p.defaults.unit, "percent", sizeof f.p.defaults.unit);
	add_unit(&f, MATCH_BY_REGEXP, "/^CPU-/i", "bytes");
	add_unit(&f, MATCH_BY_NAME, "cpu-b", "s");
	struct field_override *o = add_unit(&f, MATCH_BY_NAME, "mem", "bytes");
	o->props.display_name = (char *)"Memory";
	o->props.set |= FC_SET_DISPLAY_NAME;
	f.r.series[2].ref_id[0] = 'B';
	o = add_unit(&f, MATCH_BY_FRAME_REFID, "B", "ms");
	ck_assert_int_eq(resolve(&f, NULL), 0);
	ck_assert_int_eq(f.note.code, 0);
	ck_assert_str_eq(f.out[0].fc.unit, "bytes");
	ck_assert_str_eq(f.out[1].fc.unit, "s"); /* the later override wins */
	ck_assert_str_eq(f.out[2].fc.unit, "ms");
	ck_assert_str_eq(f.out[0].name, "cpu-a");
	ck_assert_str_eq(f.out[2].name, "Memory");
	/* Palette colours by series index; units after the first get axis 1. */
	ck_assert_uint_eq(f.out[1].color, theme_palette(theme_get(THEME_DARK), 1));
	ck_assert_int_eq(f.out[0].axis, 0);
	ck_assert_int_eq(f.out[1].axis, 1);
	ck_assert_int_eq(f.out[2].axis, 1);
	support_result_free(&f.r);
}
END_TEST

START_TEST(fixed_colour_and_hidden_axis)
{
	const char *names[] = {"a", "b"};
	struct fx f;
	fx_init(&f, names, 2);
	struct field_override *o = add_unit(&f, MATCH_BY_NAME, "a", "bytes");
	o->props.set = FC_SET_COLOR | FC_SET_HIDE | FC_SET_UNIT;
	o->props.color_mode = COLOR_FIXED;
	g_strlcpy(o->props.fixed_color_name, "red", sizeof o->props.fixed_color_name);
	o->props.custom.hide_in_viz = true;
	ck_assert_int_eq(resolve(&f, NULL), 0);
	uint32_t red;
	ck_assert_int_eq(theme_color(theme_get(THEME_DARK), "red", &red), 0);
	ck_assert_uint_eq(f.out[0].color, red);
	ck_assert(!fields_visible(&f.out[0]));
	/* A hidden series does not claim the first axis' unit. */
	ck_assert_int_eq(f.out[1].axis, 0);
	support_result_free(&f.r);
}
END_TEST

/* One scale per buildScaleKey: the same unit with another max or axis
 * label is another axis (a migrated graph's yaxis-2 series). */
START_TEST(scale_key_axes)
{
	const char *names[] = {"a", "b", "c", "d"};
	struct fx f;
	fx_init(&f, names, 4);
	struct field_override *o = add_unit(&f, MATCH_BY_NAME, "b", "");
	o->props.set = FC_SET_MAX;
	o->props.max = 100;
	o = add_unit(&f, MATCH_BY_NAME, "c", "");
	o->props.set = FC_SET_AXIS_LABEL;
	o->props.custom.axis_label = (char *)"right";
	ck_assert_int_eq(resolve(&f, NULL), 0);
	ck_assert_int_eq(f.out[0].axis, 0);
	ck_assert_int_eq(f.out[1].axis, 1);
	ck_assert_int_eq(f.out[2].axis, 1);
	ck_assert_int_eq(f.out[3].axis, 0);
	support_result_free(&f.r);
}
END_TEST

START_TEST(bad_regex_left_out)
{
	const char *names[] = {"x(", "y"};
	struct fx f;
	fx_init(&f, names, 2);
	add_unit(&f, MATCH_BY_REGEXP, "/x(/", "bytes");
	add_unit(&f, MATCH_BY_NAME, "y", "s");
	ck_assert_int_eq(resolve(&f, NULL), 0);
	ck_assert_int_eq(f.note.code, CAIRN_EINVAL);
	ck_assert_msg(strstr(f.note.msg, "panels[0].fieldConfig.overrides[0]: regex /x(/") &&
	                      strstr(f.note.msg, "not applied"),
	              "%s", f.note.msg);
	ck_assert_str_eq(f.out[0].fc.unit, "");
	ck_assert_str_eq(f.out[1].fc.unit, "s"); /* the rest still applies */
	support_result_free(&f.r);
}
END_TEST

/* The example: /^(a|a)*$/ in 10 byRegexp overrides over 21 series
 * (39 s for one panel before the limits).  An override that gave up is left
 * out whole — also for "aa", which it matched — and not tried again. */
START_TEST(catastrophic_regex_gives_up_fast)
{
	const char *names[21];
	char *owned[21];
	owned[0] = g_strdup("aa");
	for (int i = 1; i < 21; i++)
		owned[i] = g_strdup_printf("%sb%d", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", i);
	for (int i = 0; i < 21; i++)
		names[i] = owned[i];
	struct fx f;
	fx_init(&f, names, 21);
	for (int k = 0; k < 10; k++)
		add_unit(&f, MATCH_BY_REGEXP, "/^(a|a)*$/", "bytes");
	double t0 = mono_now();
	ck_assert_int_eq(resolve(&f, NULL), 0);
	double took = mono_now() - t0;
	ck_assert_int_eq(f.note.code, CAIRN_ELIMIT);
	ck_assert_msg(strstr(f.note.msg, "overrides[0]: regex /^(a|a)*$/ gave up") &&
	                      strstr(f.note.msg, "(and 9 more overrides)"),
	              "%s", f.note.msg);
	for (int i = 0; i < 21; i++)
		ck_assert_str_eq(f.out[i].fc.unit, "");
	ck_assert_msg(took < 1.0, "resolving took %.3f s", took);
	fprintf(stderr, "10 overrides x 21 series of /^(a|a)*$/: %.1f ms\n", took * 1000);
	for (int i = 0; i < 21; i++)
		g_free(owned[i]);
	support_result_free(&f.r);
}
END_TEST

START_TEST(deadline_while_matching)
{
	const char *names[] = {"a", "b"};
	struct fx f;
	fx_init(&f, names, 2);
	add_unit(&f, MATCH_BY_REGEXP, "/a/", "bytes");
	struct budget b;
	budget_init(&b, NULL);
	b.deadline_at = mono_now() - 1;
	ck_assert_int_eq(resolve(&f, &b), CAIRN_ETIMEOUT);
	ck_assert_int_eq(f.err.code, CAIRN_ETIMEOUT);
	/* No regex, no clock: name matches are cheap. */
	f.ov[0].kind = MATCH_BY_NAME;
	f.ov[0].pattern = (char *)"a";
	ck_assert_int_eq(resolve(&f, &b), 0);
	ck_assert_str_eq(f.out[0].fc.unit, "bytes");
	support_result_free(&f.r);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_fields");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, overrides_in_order);
	tcase_add_test(tc, fixed_colour_and_hidden_axis);
	tcase_add_test(tc, scale_key_axes);
	tcase_add_test(tc, bad_regex_left_out);
	tcase_add_test(tc, catastrophic_regex_gives_up_fast);
	tcase_add_test(tc, deadline_while_matching);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
