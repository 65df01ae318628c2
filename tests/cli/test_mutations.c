/*
 * test_mutations.c — no input may crash cairn: the corpus dashboards, cut
 * short and with bytes flipped, go through the loader and, when they still
 * load, through the whole request path (variables, plan, testdata queries,
 * drawing, PNG).  Each must either fail with a message or render; the
 * sanitizer build turns any memory error into a failure here.
 *
 * The mutations are a fixed pseudo-random sequence (splitmix64), so a
 * failure reproduces.
 */
#include <check.h>
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dashboards/load.h"
#include "request/request.h"
#include "tests/test_main.h"

#define MUTATIONS_PER_FILE 60
#define TRUNCATIONS_PER_FILE 25
#define RENDERS_PER_FILE 8

static uint64_t rng_state;

static uint64_t next_rand(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Characters that change JSON's structure, not just a string's contents. */
static const char structural[] = "{}[]\":,0-9.etfn \\";

static void mutate(char *buf, size_t len)
{
	int edits = 1 + (int)(next_rand() % 4);
	for (int e = 0; e < edits; e++) {
		size_t at = next_rand() % len;
		switch (next_rand() % 3) {
		case 0: buf[at] = structural[next_rand() % (sizeof structural - 1)]; break;
		case 1: buf[at] = (char)(next_rand() & 0xff); break;
		default: buf[at] = buf[next_rand() % len]; break;
		}
	}
}

static int renders;

/* Loads buf; when it loads, renders it (whole dashboard, small canvas). */
static void exercise(const char *buf, size_t len, const char *name, request_ctx *ctx,
	bool render)
{
	struct cairn_err err = { 0 };
	struct cairn_dashboard *d = dash_load_buffer(buf, len, name, &err);
	if (!d) {
		ck_assert_msg(err.msg[0] != '\0', "%s: load failed without a message", name);
		return;
	}
	if (render) {
		struct render_out out;
		struct request_report rep;
		struct request req = {
			.dash = d, .from = "2026-01-01T00:00:00Z", .to = "2026-01-01T01:00:00Z",
			.now = 1767229200, .width = 600, .format = FMT_PNG, .expand_rows = true,
		};
		if (request_run(ctx, &req, &out, &rep, &err) == 0) {
			ck_assert_msg(out.len > 8 && memcmp(out.bytes, "\x89PNG", 4) == 0,
				"%s: no PNG", name);
			free(out.bytes);
			request_report_fini(&rep);
			renders++;
		} else {
			ck_assert_msg(err.msg[0] != '\0', "%s: render failed without a message", name);
		}
	}
	dash_free(d);
}

START_TEST(corpus_mutations_never_crash)
{
	struct cairn_err err = { 0 };
	ck_assert_int_eq(prom_global_init(), 0);
	struct request_ctx_config cfg = { .fonts_dir = CAIRN_FONTS_DIR,
		.datasource = { .url = "testdata" } };
	request_ctx *ctx = request_ctx_new(&cfg, &err);
	ck_assert_msg(ctx != NULL, "%s", err.msg);

	GDir *dir = g_dir_open(CORPUS_DIR "/dashboards", 0, NULL);
	ck_assert_ptr_nonnull(dir);
	const char *fname;
	rng_state = 20261125;
	while ((fname = g_dir_read_name(dir))) {
		char *path = g_build_filename(CORPUS_DIR, "dashboards", fname, NULL);
		gchar *orig;
		gsize len;
		ck_assert(g_file_get_contents(path, &orig, &len, NULL));
		char *buf = g_malloc(len);
		exercise(orig, len, fname, ctx, true);
		for (int i = 0; i < TRUNCATIONS_PER_FILE; i++) {
			/* an exact-size copy, so a read past the end is caught */
			size_t cut = next_rand() % len;
			char *part = g_memdup2(orig, cut ? cut : 1);
			exercise(part, cut, fname, ctx, false);
			g_free(part);
		}
		for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
			memcpy(buf, orig, len);
			mutate(buf, len);
			exercise(buf, len, fname, ctx, i < RENDERS_PER_FILE);
		}
		g_free(buf);
		g_free(orig);
		g_free(path);
	}
	g_dir_close(dir);
	/* every original renders, and some mutants must load and render too */
	ck_assert_int_gt(renders, 14);
	request_ctx_free(ctx);
	prom_global_cleanup();
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("mutations");
	TCase *tc = tcase_create("corpus");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, corpus_mutations_never_crash);
	suite_add_tcase(s, tc);
	return s;
}
