/*
 * test_budget.c — render_panels inside a request's budget: panel surfaces
 * cut to the canvas (issue 8: eight panels 30,000 px tall on a 1600×500
 * canvas took 1.5 GB), the pixel budget, the deadline between panels, and a
 * panel drawn with an override left out telling its caller.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "render/theme.h"
#include "support.h"

#define T0 1700000000.0
#define TALL_N 8
#define TALL_H 30392 /* gridPos.h 800: 800 rows of 30 px and 799 gaps of 8 */

static double wave(size_t i, void *arg)
{
	(void)arg;
	return 50 + 40 * sin((double)i * 0.2);
}

struct set {
	struct cairn_panel p[TALL_N];
	struct cairn_result r[TALL_N];
	struct panel_job job[TALL_N];
	size_t n;
};

static void set_add(struct set *s, const char *type, struct rect box)
{
	size_t i = s->n++;
	support_panel(&s->p[i], type, "panel");
	struct series ser[2];
	support_series(&ser[0], "a", 60, T0, 60, wave, NULL);
	support_series(&ser[1], "b", 60, T0 + 30, 60, wave, NULL);
	support_result(&s->r[i], ser, 2, 60);
	s->job[i] = (struct panel_job){.panel = &s->p[i], .title = "panel", .data = &s->r[i],
	                               .box = box, .from = T0, .to = T0 + 3600};
}

static void set_fini(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		support_result_free(&s->r[i]);
}

/* The dashboard: eight full-width panels, each 30,392 px tall. */
static void tall_set(struct set *s)
{
	memset(s, 0, sizeof *s);
	for (int i = 0; i < TALL_N; i++)
		set_add(s, "timeseries", (struct rect){0, i * (TALL_H + 8.0), 1600, TALL_H});
}

static int render(struct set *s, int w, int h, struct budget *b, struct render_out *out,
                  struct cairn_err *err)
{
	struct render_opts o = {.format = FMT_PNG, .width = w, .height = h, .scale = 1,
	                        .pool = support_pool(), .budget = b};
	return render_panels(support_ctx(), s->job, s->n, &o, out, err);
}

static struct budget pixel_budget(uint64_t max)
{
	struct cairn_limits l;
	limits_default(&l);
	l.max_pixels = max;
	struct budget b;
	budget_init(&b, &l);
	return b;
}

/* The canvas and the visible part of the first panel, nothing for the seven
 * below the canvas: exactly that budget is enough, one pixel less is not, and
 * every pixel goes back. */
START_TEST(tall_panels_take_only_visible_pixels)
{
	struct set s;
	tall_set(&s);
	uint64_t need = 1600 * 500 + 1600 * 500;
	struct budget b = pixel_budget(need);
	struct render_out out = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(render(&s, 1600, 500, &b, &out, &err), 0);
	ck_assert_uint_eq(atomic_load(&b.used[BUDGET_PIXELS]), 0);
	cairo_surface_t *img = support_decode(&out);
	ck_assert_int_eq(cairo_image_surface_get_height(img), 500);
	cairo_surface_destroy(img);
	free(out.bytes);
	for (int i = 1; i < TALL_N; i++)
		ck_assert(s.job[i].render_ms == 0); /* off the canvas: not drawn */

	b = pixel_budget(need - 1);
	ck_assert_int_eq(render(&s, 1600, 500, &b, &out, &err), CAIRN_ELIMIT);
	ck_assert_msg(strstr(err.msg, "over the request's budget of 1599999 pixels"), "%s",
	              err.msg);
	ck_assert_ptr_null(out.bytes);
	ck_assert_uint_eq(atomic_load(&b.used[BUDGET_PIXELS]), 0);
	set_fini(&s);
}
END_TEST

/* Peak memory of the example, in this test's own process: 1.5 GB
 * before surfaces were cut to the canvas (the bound leaves room for ASan). */
START_TEST(tall_panels_peak_rss)
{
	struct set s;
	tall_set(&s);
	struct render_out out = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(render(&s, 1600, 500, NULL, &out, &err), 0);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	ck_assert_msg(ru.ru_maxrss < 600 * 1024, "peak RSS %ld kB", ru.ru_maxrss);
	free(out.bytes);
	set_fini(&s);
}
END_TEST

/* Cut and translated surfaces draw the same pixels as whole ones: the same
 * panels, partly off a 600×300 canvas (left, top, right, bottom), equal the
 * same panels moved by (100, 50) on a canvas large enough for all of them
 * (but for antialiasing: a line's coordinates differ in the last bits after
 * a translation, which moves a few edge pixels' coverage by 1–3 levels). */
START_TEST(cut_surfaces_draw_the_same_pixels)
{
	struct rect boxes[4] = {
	        {-100, -50, 400, 250}, {308, -50, 392, 250}, {-100, 208, 400, 250}, {308, 208, 392, 250}};
	struct set small = {0}, big = {0};
	for (int i = 0; i < 4; i++) {
		set_add(&small, "timeseries", boxes[i]);
		struct rect m = boxes[i];
		m.x += 100;
		m.y += 50;
		set_add(&big, "timeseries", m);
	}
	uint64_t visible = 0; /* 600×300 canvas split at x 300..308, y 200..208 */
	visible = 300 * 200 + 292 * 200 + 300 * 92 + 292 * 92;
	struct budget b = pixel_budget(600 * 300 + visible);
	struct render_out so = {0}, bo = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(render(&small, 600, 300, &b, &so, &err), 0);
	ck_assert_int_eq(render(&big, 800, 500, NULL, &bo, &err), 0);
	cairo_surface_t *si = support_decode(&so), *bi = support_decode(&bo);
	long differ = 0;
	for (int y = 0; y < 300; y++)
		for (int x = 0; x < 600; x++)
			differ += support_coldiff(support_px(si, x, y),
			                          support_px(bi, x + 100, y + 50)) > 8;
	ck_assert_int_eq(differ, 0);
	cairo_surface_destroy(si);
	cairo_surface_destroy(bi);
	free(so.bytes);
	free(bo.bytes);
	set_fini(&small);
	set_fini(&big);
}
END_TEST

/* Past the deadline every panel is drawn as an error saying so, the image
 * is still made, and each job tells its caller. */
START_TEST(deadline_panels_say_so)
{
	struct set s = {0};
	set_add(&s, "timeseries", (struct rect){0, 0, 400, 300});
	set_add(&s, "timeseries", (struct rect){408, 0, 392, 300});
	struct budget b;
	budget_init(&b, NULL);
	struct render_out out = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(render(&s, 800, 300, &b, &out, &err), 0);
	ck_assert_int_eq(s.job[0].draw_err.code, 0);
	ck_assert_int_eq(s.job[1].draw_err.code, 0);
	cairo_surface_t *before = support_decode(&out);
	free(out.bytes);

	b.deadline_at = mono_now() - 1;
	ck_assert_int_eq(render(&s, 800, 300, &b, &out, &err), 0);
	cairo_surface_t *after = support_decode(&out);
	const struct theme *th = theme_get(THEME_DARK);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(s.job[i].draw_err.code, CAIRN_ETIMEOUT);
		ck_assert_msg(strstr(s.job[i].draw_err.msg, "deadline of 30 s"), "%s",
		              s.job[i].draw_err.msg);
		/* The red status mark in the header, and error text, no series. */
		int x0 = (int)s.job[i].box.x;
		ck_assert_int_gt(support_count_near(after, x0, 0, x0 + 40, 32,
		                                    th->error >> 8, 10), 100);
		ck_assert_int_eq(support_count_near(before, x0, 0, x0 + 40, 32,
		                                    th->error >> 8, 10), 0);
		ck_assert_int_gt(support_count_near(after, x0, 40, x0 + 390, 290,
		                                    th->error_text >> 8, 40), 20);
	}
	cairo_surface_destroy(before);
	cairo_surface_destroy(after);
	free(out.bytes);
	set_fini(&s);
}
END_TEST

/* An override whose regex gives up: the panel is drawn, marked, and says
 * which override in its draw_err. */
START_TEST(override_left_out_is_reported)
{
	struct set s = {0};
	set_add(&s, "timeseries", (struct rect){0, 0, 400, 300});
	set_add(&s, "timeseries", (struct rect){408, 0, 392, 300});
	free(s.r[1].series[0].name);
	s.r[1].series[0].name = g_strdup("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
	struct field_override ov = {.kind = MATCH_BY_REGEXP, .pattern = (char *)"/^(a|a)*$/"};
	ov.props.set = FC_SET_UNIT;
	g_strlcpy(ov.props.unit, "bytes", sizeof ov.props.unit);
	s.p[1].overrides = &ov;
	s.p[1].n_overrides = 1;
	struct render_out out = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(render(&s, 800, 300, NULL, &out, &err), 0);
	ck_assert_int_eq(s.job[0].draw_err.code, 0);
	ck_assert_int_eq(s.job[1].draw_err.code, CAIRN_ELIMIT);
	ck_assert_msg(strstr(s.job[1].draw_err.msg, "overrides[0]: regex /^(a|a)*$/ gave up"),
	              "%s", s.job[1].draw_err.msg);
	cairo_surface_t *img = support_decode(&out);
	const struct theme *th = theme_get(THEME_DARK);
	ck_assert_int_eq(support_count_near(img, 0, 0, 40, 32, th->error >> 8, 10), 0);
	ck_assert_int_gt(support_count_near(img, 408, 0, 448, 32, th->error >> 8, 10), 100);
	cairo_surface_destroy(img);
	free(out.bytes);
	set_fini(&s);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_budget");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, tall_panels_take_only_visible_pixels);
	tcase_add_test(tc, tall_panels_peak_rss);
	tcase_add_test(tc, cut_surfaces_draw_the_same_pixels);
	tcase_add_test(tc, deadline_panels_say_so);
	tcase_add_test(tc, override_left_out_is_reported);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
