/*
 * test_reentrant.c — rendering is reentrant: the same job set drawn by two
 * threads at once, on a pool of 2 workers or all on the calling thread
 * (pool NULL), gives identical bytes.
 */
#include <check.h>
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "jobs.h"
#include "support.h"

struct run {
	bool pooled; /* on support_pool(), else pool NULL */
	enum render_format fmt;
	struct render_out out;
	int rc;
};

static gpointer run_once(gpointer data)
{
	struct run *r = data;
	struct jobs j;
	jobs_init(&j);
	struct render_opts o = {.format = r->fmt,
	                        .width = JOBS_W,
	                        .height = JOBS_H,
	                        .pool = r->pooled ? support_pool() : NULL,
	                        .theme = THEME_DARK};
	struct cairn_err err = {0};
	r->rc = render_panels(support_ctx(), j.job, JOBS_N, &o, &r->out, &err);
	jobs_fini(&j);
	return NULL;
}

static void same(const struct run *a, const struct run *b)
{
	ck_assert_int_eq(a->rc, 0);
	ck_assert_int_eq(b->rc, 0);
	ck_assert_uint_eq(a->out.len, b->out.len);
	ck_assert(memcmp(a->out.bytes, b->out.bytes, a->out.len) == 0);
}

START_TEST(two_threads_same_bytes)
{
	struct run ref = {.pooled = false, .fmt = FMT_PNG};
	run_once(&ref);
	for (int round = 0; round < 3; round++) {
		struct run a = {.pooled = true, .fmt = FMT_PNG}, b = {.pooled = false, .fmt = FMT_PNG};
		GThread *ta = g_thread_new("a", run_once, &a);
		GThread *tb = g_thread_new("b", run_once, &b);
		g_thread_join(ta);
		g_thread_join(tb);
		same(&ref, &a);
		same(&ref, &b);
		free(a.out.bytes);
		free(b.out.bytes);
	}
	free(ref.out.bytes);
}
END_TEST

/* Cairo numbers surfaces with a process-wide counter, so SVG ids depend on
 * what else was drawn meanwhile: compare with the numbers after "surface"
 * and "pattern" removed. */
static void strip_ids(struct render_out *o)
{
	const char *keys[] = {"surface", "pattern", "clip", "mask", "image"};
	size_t w = 0;
	for (size_t r = 0; r < o->len;) {
		size_t klen = 0;
		for (size_t k = 0; k < G_N_ELEMENTS(keys); k++) {
			size_t n = strlen(keys[k]);
			if (r + n <= o->len && memcmp(o->bytes + r, keys[k], n) == 0)
				klen = n;
		}
		if (klen) {
			memmove(o->bytes + w, o->bytes + r, klen);
			w += klen;
			r += klen;
			while (r < o->len && o->bytes[r] >= '0' && o->bytes[r] <= '9')
				r++;
			continue;
		}
		o->bytes[w++] = o->bytes[r++];
	}
	o->len = w;
}

START_TEST(svg_concurrent)
{
	struct run a = {.pooled = true, .fmt = FMT_SVG}, b = {.pooled = true, .fmt = FMT_SVG};
	GThread *ta = g_thread_new("a", run_once, &a);
	GThread *tb = g_thread_new("b", run_once, &b);
	g_thread_join(ta);
	g_thread_join(tb);
	strip_ids(&a.out);
	strip_ids(&b.out);
	same(&a, &b);
	free(a.out.bytes);
	free(b.out.bytes);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_reentrant");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, two_threads_same_bytes);
	tcase_add_test(tc, svg_concurrent);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
