/*
 * test_formats.c — SVG and PDF keep vectors: the SVG has paths, glyphs and
 * one panel background per panel; the PDF is a real PDF.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "jobs.h"
#include "support.h"

static int render_jobs(enum render_format f, struct render_out *out)
{
	struct jobs j;
	jobs_init(&j);
	struct render_opts o = {.format = f, .width = JOBS_W, .height = JOBS_H, .pool = support_pool()};
	struct cairn_err err = {0};
	int rc = render_panels(support_ctx(), j.job, JOBS_N, &o, out, &err);
	jobs_fini(&j);
	return rc;
}

static size_t count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(hay + i, needle, k) == 0)
			n++;
	return n;
}

START_TEST(svg_structure)
{
	struct render_out out;
	ck_assert_int_eq(render_jobs(FMT_SVG, &out), 0);
	const char *s = (const char *)out.bytes;
	ck_assert_ptr_nonnull(memmem(s, out.len, "<svg", 4));
	ck_assert_ptr_nonnull(memmem(s, out.len, "width=\"1000px\"", 14));
	ck_assert_uint_gt(count(s, out.len, "<path"), 50);
	/* Text is kept as glyph outlines referenced with <use>. */
	ck_assert_uint_gt(count(s, out.len, "glyph"), 20);
	ck_assert_uint_gt(count(s, out.len, "<use"), 100);
	/* Five panel backgrounds (#181b1f) — the row has none. */
	ck_assert_uint_eq(count(s, out.len, "fill:rgb(9.411765%,10.588235%,12.156863%)"), 5);
	ck_assert_ptr_nonnull(memmem(s, out.len, "</svg>", 6));
	free(out.bytes);
}
END_TEST

START_TEST(pdf_structure)
{
	struct render_out out;
	ck_assert_int_eq(render_jobs(FMT_PDF, &out), 0);
	ck_assert_uint_gt(out.len, 5000);
	ck_assert(memcmp(out.bytes, "%PDF-", 5) == 0);
	ck_assert_ptr_nonnull(memmem(out.bytes, out.len, "%%EOF", 5));
	ck_assert_ptr_nonnull(memmem(out.bytes, out.len, "/FontFile", 9));
	free(out.bytes);
}
END_TEST

START_TEST(svg_cap)
{
	struct jobs j;
	jobs_init(&j);
	struct render_opts o = {
	        .format = FMT_SVG, .width = JOBS_W, .height = JOBS_H, .max_bytes = 10000};
	struct render_out out;
	struct cairn_err err = {0};
	ck_assert_int_eq(render_panels(support_ctx(), j.job, JOBS_N, &o, &out, &err), CAIRN_ELIMIT);
	jobs_fini(&j);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_formats");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, svg_structure);
	tcase_add_test(tc, pdf_structure);
	tcase_add_test(tc, svg_cap);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
