/*
 * test_promjson.c — the one-pass matrix reader held to jansson: every input
 * runs through prom_parse_matrix (promjson first) and through the jansson
 * path alone, and the two results — status codes, error messages, names,
 * labels, t and v bit for bit — must be identical.  Hand-written edge
 * cases, generated answers with shuffled keys and odd spellings, every
 * truncation and random byte flips of a valid body.  Where an input is
 * ordinary, the test also asserts that promjson itself took it, so the
 * comparison is not vacuous.
 */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "datasource/promjson.h"
#include "tests/datasource/plans.h"

/* The grid prom.c derives from a query (what promjson is handed). */
static struct promjson_grid grid_of(const struct prom_query *q)
{
	if (q->instant || (q->start == 0 && q->end == 0 && q->step == 0))
		return (struct promjson_grid){0};
	double n = floor((q->end - q->start) / q->step + 1e-9) + 1;
	return (struct promjson_grid){.start = q->start, .step = q->step, .n = (size_t)n};
}

/* The limits both paths run under (NULL: the defaults).  A test that
 * changes them points this at its own copy and resets it before it ends,
 * so the suite also holds without check's fork (CK_FORK=no). */
static const struct cairn_limits *limits;

static struct cairn_limits limits_now(void)
{
	struct cairn_limits l;
	limits_default(&l);
	return limits ? *limits : l;
}

static bool fast_takes(const char *body, size_t len, const struct prom_query *q)
{
	struct promjson_grid g = grid_of(q);
	struct cairn_limits l = limits_now();
	struct series *s;
	size_t n, points;
	if (promjson_parse_matrix(body, len, &g, l.max_series, l.max_points, &s, &n, &points))
		return false;
	for (size_t i = 0; i < n; i++)
		series_fini(&s[i]);
	free(s);
	return true;
}

static void same_doubles(const double *a, const double *b, size_t n, const char *what,
                         const char *ctx)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(memcmp(&a[i], &b[i], sizeof a[i]) == 0, "%s: %s[%zu]: %.17g vs %.17g",
		              ctx, what, i, a[i], b[i]);
}

static void same_series(const struct series *a, const struct series *b, const char *ctx)
{
	ck_assert_msg(strcmp(a->name, b->name) == 0, "%s: name '%s' vs '%s'", ctx, a->name,
	              b->name);
	ck_assert_str_eq(a->ref_id, b->ref_id);
	ck_assert_uint_eq(a->target_index, b->target_index);
	ck_assert_msg(a->n_labels == b->n_labels, "%s: %zu vs %zu labels", ctx, a->n_labels,
	              b->n_labels);
	for (size_t i = 0; i < a->n_labels; i++) {
		ck_assert_str_eq(a->labels[i].name, b->labels[i].name);
		ck_assert_str_eq(a->labels[i].value, b->labels[i].value);
	}
	ck_assert_msg(a->n == b->n, "%s: %zu vs %zu points", ctx, a->n, b->n);
	same_doubles(a->t, b->t, a->n, "t", ctx);
	same_doubles(a->v, b->v, a->n, "v", ctx);
}

static void same_result(const struct cairn_result *a, const struct cairn_result *b, const char *ctx)
{
	ck_assert_int_eq(a->status, b->status);
	ck_assert_str_eq(a->message, b->message);
	ck_assert_msg(a->n_series == b->n_series, "%s: %zu vs %zu series", ctx, a->n_series,
	              b->n_series);
	ck_assert_uint_eq(a->points, b->points);
	for (size_t i = 0; i < a->n_series; i++)
		same_series(&a->series[i], &b->series[i], ctx);
}

/* Runs body[len] through both paths under query q, starting from `before`
 * (may be NULL: an empty result) and compares everything. */
static int compare_from(const char *body, size_t len, const struct prom_query *q,
                        const char *before, const char *ctx)
{
	struct cairn_result got, want;
	struct cairn_err eg = {0}, ew = {0};
	struct cairn_limits l = limits_now();
	struct budget bg, bw;

	budget_init(&bg, &l);
	budget_init(&bw, &l);
	result_init(&got);
	result_init(&want);
	if (before) {
		ck_assert_int_eq(prom_parse_matrix_reference(before, strlen(before), q, &got, &bg, NULL),
		                 0);
		ck_assert_int_eq(
		        prom_parse_matrix_reference(before, strlen(before), q, &want, &bw, NULL), 0);
	}
	int rg = prom_parse_matrix(body, len, q, &got, &bg, &eg);
	int rw = prom_parse_matrix_reference(body, len, q, &want, &bw, &ew);
	ck_assert_msg(rg == rw, "%s: status %d, jansson %d (%s)", ctx, rg, rw, ew.msg);
	ck_assert_int_eq(eg.code, ew.code);
	ck_assert_msg(strcmp(eg.msg, ew.msg) == 0, "%s: '%s' vs '%s'", ctx, eg.msg, ew.msg);
	same_result(&got, &want, ctx);
	/* both paths take the same from the budget, and only what they keep */
	for (int k = 0; k < BUDGET_N_KINDS; k++)
		ck_assert_msg(atomic_load(&bg.used[k]) == atomic_load(&bw.used[k]),
		              "%s: budget[%d] %llu vs %llu", ctx, k,
		              (unsigned long long)atomic_load(&bg.used[k]),
		              (unsigned long long)atomic_load(&bw.used[k]));
	ck_assert_uint_eq(atomic_load(&bw.used[BUDGET_SERIES]), want.n_series);
	ck_assert_uint_eq(atomic_load(&bw.used[BUDGET_POINTS]), want.points);
	result_fini(&got);
	result_fini(&want);
	return rw;
}

/* ---- parts on several threads ------------------------------------------ */

static void free_series(struct series *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		series_fini(&s[i]);
	free(s);
}

/* promjson's own output, read in one pass and in parts (min_part bytes,
 * max_parts at most), must be the same: status, series, labels, samples
 * bit for bit.  Returns whether the one pass took the body. */
static bool same_in_parts(const char *body, size_t len, const struct prom_query *q,
                          size_t min_part, size_t max_parts, const char *ctx)
{
	struct promjson_grid g = grid_of(q);
	struct cairn_limits l = limits_now();
	struct series *a = NULL, *b = NULL;
	size_t na = 0, nb = 0, pa = 0, pb = 0;
	int ra = promjson_parse_matrix_parts(body, len, &g, l.max_series, l.max_points, &a, &na,
	                                     &pa, len + 1, 1);
	int rb = promjson_parse_matrix_parts(body, len, &g, l.max_series, l.max_points, &b, &nb,
	                                     &pb, min_part, max_parts);
	ck_assert_msg(ra == rb, "%s: one pass %d, in parts (%zu, %zu) %d", ctx, ra, min_part,
	              max_parts, rb);
	ck_assert_msg(na == nb && pa == pb, "%s: %zu series %zu points, in parts %zu %zu", ctx, na,
	              pa, nb, pb);
	for (size_t i = 0; i < na; i++) {
		ck_assert_uint_eq(a[i].n_labels, b[i].n_labels);
		for (size_t k = 0; k < a[i].n_labels; k++) {
			ck_assert_str_eq(a[i].labels[k].name, b[i].labels[k].name);
			ck_assert_str_eq(a[i].labels[k].value, b[i].labels[k].value);
		}
		ck_assert_uint_eq(a[i].n, b[i].n);
		same_doubles(a[i].t, b[i].t, a[i].n, "t", ctx);
		same_doubles(a[i].v, b[i].v, a[i].n, "v", ctx);
	}
	free_series(a, na);
	free_series(b, nb);
	return ra == 0;
}

/* The cuts every compared body is also read with: many small parts (a cut
 * after nearly every element) and three of a third each. */
static void same_in_all_parts(const char *body, size_t len, const struct prom_query *q,
                              const char *ctx)
{
	same_in_parts(body, len, q, 1, PROMJSON_MAX_PARTS, ctx);
	same_in_parts(body, len, q, len / 3 ? len / 3 : 1, 3, ctx);
}

/* Compares under every plan; returns how many plans promjson took. */
static int compare_all(const char *body, size_t len, const char *ctx)
{
	int taken = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(QUERIES); i++) {
		char c[160];
		snprintf(c, sizeof c, "%s (query %zu)", ctx, i);
		compare_from(body, len, &QUERIES[i], NULL, c);
		taken += fast_takes(body, len, &QUERIES[i]);
		same_in_all_parts(body, len, &QUERIES[i], c);
	}
	return taken;
}

static int compare_str(const char *body)
{
	return compare_all(body, strlen(body), body);
}

#define ENV(result)                                                                                \
	"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":" result "}}"

/* ---- hand-written cases ------------------------------------------------- */

/* Ordinary answers, odd in one way each: promjson must take them all. */
static const char *const TAKEN[] = {
        ENV("[]"),
        ENV("[{\"metric\":{},\"values\":[]}]"),
        ENV("[{\"values\":[[1767225600,\"1\"]]}]"),
        ENV("[{\"metric\":{\"__name__\":\"up\",\"job\":\"node\",\"instance\":\"a:9100\"},"
            "\"values\":[[1767225600,\"1\"],[1767225615,\"NaN\"],[1767225630,\"+Inf\"],"
            "[1767225645,\"-Inf\"],[1767225660,\"2.5e3\"]]}]"),
        /* escapes in label values and names */
        ENV("[{\"metric\":{\"a\":\"caf\\u00e9\",\"b\":\"\\uD83D\\uDE00\",\"c\":\"q\\\"b\\\\s\\/e\","
            "\"d\":\"\\b\\f\\n\\r\\t\",\"\\u006a\\u006fb\":\"x\\u20ACy\"},\"values\":[[1767225600,"
            "\"1\"]]}]"),
        /* raw UTF-8 in label values */
        ENV("[{\"metric\":{\"city\":\"Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x98\x80\"},"
            "\"values\":[[1767225600,\"1\"]]}]"),
        /* numbers: exponents, fractions, big and tiny values, odd value spellings */
        ENV("[{\"metric\":{\"n\":\"1\"},\"values\":[[1767225600.123,\"1e3\"],[1.767225615e9,\"1E+"
            "3\"],"
            "[1767225630E0,\"-2.5e-7\"],[17672256450e-1,\"0.1\"],[1767225660.0,"
            "\"9007199254740993\"],"
            "[1767225600.5,\"123456789012345678901234567890\"],[1767225601,\"1e400\"],"
            "[1767225602,\"-1e-400\"],[1767225603,\"-0\"],[1767225604,\"0x10\"],"
            "[1767225605,\" 7\"],[1767225606,\"1.\"],[1767225607,\".5\"],[1767225608,\"+1\"],"
            "[1767225609,\"00012\"],[1767225610,\"inf\"],[1767225611,\"nan\"],[1767225612,"
            "\"\\u0031\"],"
            "[1767225613,\"4.9406564584124654e-324\"],[1767225614,\"1.7976931348623157e308\"],"
            "[1767225615,\"0.30000000000000004\"],[1767225616,\"1e22\"],[1767225617,\"1e23\"],"
            "[1767225618,\"12345678901234567.89\"],[1767225619,\"-0.0e-99999\"],"
            "[-0,\"0\"],[0,\"0\"],[-0.0,\"0\"],[1e-400,\"3\"],[123456789012345678,\"4\"]]}]"),
        /* whitespace everywhere, keys in every order, unknown keys and values */
        " \n\t{ \"data\" : { \"result\" : [ { \"values\" : [ [ 1767225600 , \"1\" ] ,\r\n"
        "[1767225615,\"2\"] ] , \"extra\":{\"a\":[1,{\"b\":null}],\"c\":true,\"d\":false},"
        " \"metric\" : { \"z\" : \"1\" , \"a\" : \"2\" } } ] , \"resultType\" : \"matrix\" } ,"
        "\"stats\":{\"timings\":{\"evalTotalTime\":0.000123},\"samples\":{"
        "\"totalQueryableSamples\":4}},"
        "\"warnings\":[\"w\\u00e9\"],\"infos\":[],\"status\" : \"success\" }\n\n",
        /* deeply nested unknown value, within promjson's own depth */
        "{\"status\":\"success\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
        "]],"
        "\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        /* several samples for one grid slot: the last wins */
        ENV("[{\"metric\":{\"a\":\"b\"},\"values\":[[1767225600,\"1\"],[1767225601,\"2\"],"
            "[1767225599,\"3\"],[1767225000,\"4\"],[1767229999,\"5\"]]}]"),
        ENV("[{\"metric\":{\"__name__\":\"only\"},\"values\":[[1767225600,\"1\"]]},"
            "{\"metric\":{\"__name__\":\"only\",\"x\":\"\"},\"values\":[[1767225600,\"1\"]]}]"),
        /* times sharing their first 8 bytes with the last long time (read
         * from those bytes' value): shorter, longer, with fractions,
         * exponents and signs after the shared head, a head from a time
         * with a fraction, a time of exactly 8 digits */
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1\"],[1767225601,\"2\"],"
            "[17672256,\"3\"],[17672256.5,\"4\"],[1767225699.25,\"5\"],[176722560000,\"6\"],"
            "[1767225e3,\"7\"],[17672256e2,\"8\"],[1767225612,\"9\"],[1767225,\"10\"],"
            "[1767225613,\"11\"],[2767225613,\"12\"],[1767225614.125,\"-13\"],"
            "[176722561,\"14\"],[1767225615,\"15\"]]}]"),
        /* fractions of every length around the 8 bytes read at once and
         * the 15-digit cap of the fast path, integer parts of 1 to 9 digits */
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1.5\"],[1767225601,\"1.25\"],"
            "[1767225602,\"0.125\"],[1767225603,\"-1.0625\"],[1767225604,\"12.03125\"],"
            "[1767225605,\"3.1415926\"],[1767225606,\"2.71828182\"],[1767225607,\"1.414213562\"],"
            "[1767225608,\"0.1234567890123\"],[1767225609,\"1.23456789012345\"],"
            "[1767225610,\"12.3456789012345\"],[1767225611,\"1.234567890123456\"],"
            "[1767225612,\"123456789.123456\"],[1767225613,\"123456789.1234567\"],"
            "[1767225614,\"0.00000001\"],[1767225615,\"0.000000001\"],[1767225616,\"9.99999999\"],"
            "[1767225617,\"1.\"],[1767225619,\"1.5e1\"],"
            "[1767225620,\"1.12345678e1\"],[1767225621,\"5.000000000000000\"]]}]"),
        /* {"metric": where no element starts (where a part may be guessed to
         * start): inside an element, in a label value, after the result */
        ENV("[{\"values\":[[1767225600,\"1\"]],\"x\":{\"metric\":{\"a\":\"b\"},"
            "\"values\":[]},\"metric\":{\"c\":\"d\"}},{\"metric\":{},\"values\":"
            "[[1767225615,\"2\"]]},{\"metric\":{\"e\":\"{\\\"metric\\\":{\"},\"values\":"
            "[[1767225630,\"3\"]]},{\"metric\":{\"f\":\"g\"},\"y\":[{\"metric\":{}}],"
            "\"values\":[[1767225645,\"4\"],[1767225660,\"5\"]]}]"),
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        "{\"metric\":{\"a\":\"1\"},\"values\":[[1767225600,\"1\"]]},"
        "{\"metric\":{\"a\":\"2\"},\"values\":[[1767225600,\"2\"]]}],"
        "\"extra\":[{\"metric\":{},\"values\":[]},{\"metric\":{},\"values\":[]}]}}",
};

START_TEST(ordinary_answers_taken_and_identical)
{
	for (size_t i = 0; i < G_N_ELEMENTS(TAKEN); i++)
		ck_assert_msg(compare_str(TAKEN[i]) == (int)G_N_ELEMENTS(QUERIES),
		              "promjson declined case %zu: %s", i, TAKEN[i]);
}
END_TEST

/* Answers promjson must leave to jansson: other shapes, errors, bad JSON,
 * invalid UTF-8, duplicate keys; both paths must still agree. */
static const char *const DECLINED[] = {
        "",
        "   ",
        "null",
        "[]",
        "<html>502 Bad Gateway</html>",
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error\"}",
        "{\"data\":{\"resultType\":\"matrix\",\"result\":[]},\"status\":\"error\",\"error\":\"x\"}",
        "{\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "{\"status\":\"success\"}",
        "{\"status\":\"success\",\"data\":null}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
        "[{\"metric\":{},\"value\":[1767225600,\"1\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1767225600,\"1\"]}"
        "}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1767225600,\"x\"]}"
        "}",
        "{\"status\":\"success\",\"data\":{\"result\":[]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\"}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":{}}}",
        ENV("[{\"metric\":{},\"histograms\":[[1767225600,{\"count\":\"1\",\"sum\":\"1\"}]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1\"]],\"histograms\":[]}]"),
        ENV("[{\"metric\":{}}]"),
        ENV("[1]"),
        ENV("[{\"metric\":[],\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":1,\"b\":\"x\"},\"values\":[[1767225600,\"1\"]]}]"),
        ENV("[{\"metric\":{},\"values\":\"x\"}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,1]]}]"),
        ENV("[{\"metric\":{},\"values\":[[\"1767225600\",\"1\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1\",2]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1 \"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1x\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[01767225600,\"1\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600.,\"1\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1e400,\"1\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[99999999999999999999,\"1\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[9223372036854775807,\"1\"]]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1\"],]}]"),
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1\"]],}]"),
        /* duplicate keys: jansson keeps the last */
        ENV("[{\"metric\":{},\"values\":[[1767225600,\"1\"]],\"values\":[[1767225615,\"2\"]]}]"),
        ENV("[{\"metric\":{\"a\":\"1\"},\"metric\":{\"b\":\"2\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"1\",\"a\":\"2\"},\"values\":[]}]"),
        "{\"status\":\"error\",\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
        "\"result\":[]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]},"
        "\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        /* strings jansson rejects */
        ENV("[{\"metric\":{\"a\":\"\\u0000\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\\uD83D\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\\uDE00\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\\uD83D\\u0041\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\\uZZZZ\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\\x\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"tab\there\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"unit\x1fsep\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\xc3\xa9\x1f\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\xc0\x80\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\xed\xa0\x80\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\xf5\x80\x80\x80\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\xf4\x90\x80\x80\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\xe2\x82\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\x80\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"a\":\"\xe0\x80\xaf\"},\"values\":[]}]"),
        ENV("[{\"metric\":{\"\xff\":\"a\"},\"values\":[]}]"),
        "{\"status\":\"success\",\"w\":\"\xc3\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}"
        "}",
        /* other bad JSON */
        ENV("[]") " x",
        ENV("[]") "}",
        "{\"status\":\"success\",\"x\":tru,\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "{\"status\":\"success\",\"x\":nulll,\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "{\"status\":\"success\",\"x\":-,\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "{\"status\":\"success\",\"x\":1e999,\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "{\"status\":\"success\",\"x\":[1 2],\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "{\"status\":\"success\",\"x\":{\"a\"},\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "{\"status\":\"success\",\"x\":{1:2},\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
        "\xef\xbb\xbf" ENV("[]"),
};

START_TEST(unusual_answers_declined_and_identical)
{
	for (size_t i = 0; i < G_N_ELEMENTS(DECLINED); i++)
		ck_assert_msg(compare_str(DECLINED[i]) == 0, "promjson took case %zu: %s", i,
		              DECLINED[i]);
}
END_TEST

/* NUL bytes inside the length: jansson's json_loadb reads them as input. */
START_TEST(embedded_nul)
{
	static const char a[] = ENV("[{\"metric\":{\"a\":\"x\0y\"},\"values\":[]}]");
	static const char b[] = ENV("[]") "\0";
	ck_assert_int_eq(compare_all(a, sizeof a - 1, "NUL in a string"), 0);
	ck_assert_int_eq(compare_all(b, sizeof b - 1, "NUL after the answer"), 0);
}
END_TEST

static GString *nested(size_t depth)
{
	GString *s = g_string_new("{\"status\":\"success\",\"x\":");
	for (size_t i = 0; i < depth; i++)
		g_string_append(s, i % 2 ? "{\"k\":" : "[");
	g_string_append(s, "1");
	for (size_t i = depth; i-- > 0;)
		g_string_append(s, i % 2 ? "}" : "]");
	g_string_append(s, ",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
	return s;
}

/* Deeper than promjson's own stack: jansson decides (and fails past 2048). */
START_TEST(deep_nesting)
{
	GString *ok = nested(40), *deep = nested(500), *too = nested(5000);
	ck_assert_int_eq(compare_all(ok->str, ok->len, "40 deep"), (int)G_N_ELEMENTS(QUERIES));
	ck_assert_int_eq(compare_all(deep->str, deep->len, "500 deep"), 0);
	ck_assert_int_eq(compare_all(too->str, too->len, "5000 deep"), 0);
	ck_assert_int_ne(compare_from(too->str, too->len, &QUERIES[0], NULL, "5000"), 0);
	g_string_free(ok, TRUE);
	g_string_free(deep, TRUE);
	g_string_free(too, TRUE);
}
END_TEST

/* ---- caps ---------------------------------------------------------------- */

static GString *many_series(size_t n, size_t labels, size_t points)
{
	GString *s = g_string_new("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
	                          "\"result\":[");
	for (size_t i = 0; i < n; i++) {
		g_string_append_printf(s, "%s{\"metric\":{\"i\":\"%zu\"", i ? "," : "", i);
		for (size_t l = 1; l < labels; l++)
			g_string_append_printf(s, ",\"l%zu\":\"v\"", l);
		g_string_append(s, "},\"values\":[");
		for (size_t p = 0; p < points; p++)
			g_string_append_printf(s, "%s[%zu,\"%zu\"]", p ? "," : "", 1767225600 + p,
			                       p);
		g_string_append(s, "]}");
	}
	g_string_append(s, "]}}");
	return s;
}

/* A body big enough to be read in parts by default (8 MiB each): taken and
 * identical whole, and with a bad sample in the last series (a later
 * part) declined and reported by jansson at that series' path. */
START_TEST(big_answer_in_parts)
{
	GString *b = many_series(4, 2, 220000);
	ck_assert_uint_gt(b->len, 16u << 20);
	ck_assert_int_eq(compare_from(b->str, b->len, &QUERIES[1], NULL, "big"), 0);
	ck_assert(fast_takes(b->str, b->len, &QUERIES[1]));
	char *last = g_strrstr(b->str, ",\"219998\"]");
	ck_assert_ptr_nonnull(last);
	last[3] = 'x';
	struct cairn_result r;
	struct cairn_err err = {0};
	result_init(&r);
	ck_assert_int_eq(compare_from(b->str, b->len, &QUERIES[1], NULL, "big, bad"), CAIRN_EINVAL);
	ck_assert_int_ne(prom_parse_matrix(b->str, b->len, &QUERIES[1], &r, NULL, &err), 0);
	ck_assert_msg(strstr(err.msg, "result[3]"), "%s", err.msg);
	result_fini(&r);
	g_string_free(b, TRUE);
}
END_TEST

/* Every prefix of a long ordinary answer placed to end exactly at a page
 * followed by an inaccessible one (as a mapped --data file ending inside a
 * token may be): neither reader may touch a byte past the end, in one pass
 * or in parts. */
START_TEST(prefix_before_a_guard_page)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	               -1, 0);
	ck_assert(m != MAP_FAILED);
	ck_assert_int_eq(mprotect(m + pg, (size_t)pg, PROT_NONE), 0);
	GString *b = many_series(3, 2, 60);
	ck_assert_uint_lt(b->len, (size_t)pg);
	for (size_t cut = 0; cut <= b->len; cut++) {
		char *at = m + pg - cut, ctx[32];
		memcpy(at, b->str, cut);
		snprintf(ctx, sizeof ctx, "guarded cut at %zu", cut);
		for (size_t i = 0; i < G_N_ELEMENTS(QUERIES); i++) {
			compare_from(at, cut, &QUERIES[i], NULL, ctx);
			same_in_parts(at, cut, &QUERIES[i], 1, PROMJSON_MAX_PARTS, ctx);
		}
	}
	g_string_free(b, TRUE);
	munmap(m, (size_t)pg * 2);
}
END_TEST

/* promjson's own points cap, without the budget behind it: a cap of 0
 * (a result already full) declines the first sample, a cap of n the
 * n+1st, with or without a grid, in one pass or in parts. */
static void points_cap_on(const GString *b, size_t per, const struct prom_query *q)
{
	struct promjson_grid g = grid_of(q);
	size_t need = 2 * (g.n ? g.n : per);
	for (size_t cap = 0; cap <= 2 * need; cap++) {
		for (size_t parts = 1; parts <= 2; parts++) {
			struct series *s = NULL;
			size_t n = 0, points = 0;
			int rc = promjson_parse_matrix_parts(b->str, b->len, &g, 10, cap, &s, &n,
			                                     &points, 1, parts);
			ck_assert_msg((rc == 0) == (cap >= need),
			              "%s, %zu a series, cap %zu, %zu parts: %d", q->ref_id, per,
			              cap, parts, rc);
			free_series(s, n);
		}
	}
}

START_TEST(points_cap_declines)
{
	for (size_t per = 1; per <= 3; per += 2) {
		GString *b = many_series(2, 1, per);
		points_cap_on(b, per, &QUERIES[0]);
		points_cap_on(b, per, &QUERIES[1]);
		g_string_free(b, TRUE);
	}
}
END_TEST

enum { SERIES_CAP = 50, POINTS_CAP = 1000 };

START_TEST(series_cap)
{
	struct cairn_limits l;
	limits_default(&l);
	l.max_series = SERIES_CAP;
	limits = &l;
	GString *at = many_series(SERIES_CAP, 1, 1);
	GString *over = many_series(SERIES_CAP + 1, 1, 1);
	GString *far = many_series(3 * SERIES_CAP, 1, 0);
	ck_assert_int_eq(compare_all(at->str, at->len, "at the cap"), (int)G_N_ELEMENTS(QUERIES));
	ck_assert_int_eq(compare_all(over->str, over->len, "one over"), 0);
	ck_assert_int_eq(compare_from(over->str, over->len, &QUERIES[0], NULL, "over"),
	                 CAIRN_ELIMIT);
	ck_assert_int_eq(compare_all(far->str, far->len, "far over"), 0);
	/* the cap counts what the result already holds */
	GString *before = many_series(SERIES_CAP - 1, 1, 1), *two = many_series(2, 1, 1);
	ck_assert_int_eq(compare_from(two->str, two->len, &QUERIES[1], before->str, "fill"),
	                 CAIRN_ELIMIT);
	ck_assert_int_eq(compare_from(two->str, two->len, &QUERIES[1], NULL, "fresh"), 0);
	g_string_free(at, TRUE);
	g_string_free(over, TRUE);
	g_string_free(far, TRUE);
	g_string_free(before, TRUE);
	g_string_free(two, TRUE);
	limits = NULL;
}
END_TEST

START_TEST(label_and_point_caps)
{
	GString *l64 = many_series(2, CAIRN_MAX_LABELS, 3);
	GString *l65 = many_series(2, CAIRN_MAX_LABELS + 1, 3);
	GString *p_at = many_series(1, 1, POINTS_CAP);
	GString *p_over = many_series(1, 1, POINTS_CAP + 1);
	ck_assert_int_eq(compare_all(l64->str, l64->len, "64 labels"), (int)G_N_ELEMENTS(QUERIES));
	ck_assert_int_eq(compare_all(l65->str, l65->len, "65 labels"), 0);
	struct cairn_limits l;
	limits_default(&l);
	l.max_points = POINTS_CAP;
	limits = &l;
	ck_assert_int_eq(compare_all(p_at->str, p_at->len, "1000 points"),
	                 (int)G_N_ELEMENTS(QUERIES));
	/* raw plans refuse the 1001st sample; grids just ignore what falls off */
	ck_assert_int_eq(compare_all(p_over->str, p_over->len, "1001 points"), 2);
	ck_assert_int_eq(compare_from(p_over->str, p_over->len, &QUERIES[1], NULL, "raw"),
	                 CAIRN_ELIMIT);
	g_string_free(l64, TRUE);
	g_string_free(l65, TRUE);
	g_string_free(p_at, TRUE);
	g_string_free(p_over, TRUE);
	limits = NULL;
}
END_TEST

/* No cap per series any more (Prometheus' own 11,000 is not everyone's):
 * VictoriaMetrics answers 30,000 samples per series by default. */
START_TEST(long_series_default_limits)
{
	GString *b = many_series(1, 1, 30000);
	ck_assert_int_eq(compare_all(b->str, b->len, "30000 points"), (int)G_N_ELEMENTS(QUERIES));
	struct cairn_result r;
	struct cairn_err err = {0};
	result_init(&r);
	ck_assert_int_eq(prom_parse_matrix(b->str, b->len, &QUERIES[1], &r, NULL, &err), 0);
	ck_assert_uint_eq(r.n_series, 1);
	ck_assert_uint_eq(r.series[0].n, 30000);
	ck_assert_uint_eq(r.points, 30000);
	result_fini(&r);
	g_string_free(b, TRUE);
}
END_TEST

/* ---- generated answers ---------------------------------------------------- */

static void ws(GRand *rng, GString *s)
{
	static const char *const blanks[] = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
	g_string_append(s, blanks[g_rand_int_range(rng, 0, G_N_ELEMENTS(blanks))]);
}

static void label_text(GRand *rng, GString *s)
{
	static const char *const parts[] = {"node",
	                                    "a:9100",
	                                    "\\\"",
	                                    "\\\\",
	                                    "\\/",
	                                    "\\u00e9",
	                                    "\\uD83D\\uDE00",
	                                    "\xc3\xa9",
	                                    "\xe2\x82\xac",
	                                    "\xf0\x9f\x98\x80",
	                                    "\\n",
	                                    "\\t",
	                                    " ",
	                                    "{{",
	                                    "}",
	                                    ",",
	                                    "\x7f"};
	int n = g_rand_int_range(rng, 0, 5);
	g_string_append_c(s, '"');
	for (int i = 0; i < n; i++)
		g_string_append(s, parts[g_rand_int_range(rng, 0, G_N_ELEMENTS(parts))]);
	g_string_append_c(s, '"');
}

static void number_text(GRand *rng, GString *s, double x)
{
	char b[G_ASCII_DTOSTR_BUF_SIZE];
	switch (g_rand_int_range(rng, 0, 5)) {
	case 0:
		g_string_append(s, g_ascii_formatd(b, sizeof b, "%.0f", x));
		break;
	case 1:
		g_string_append(s, g_ascii_formatd(b, sizeof b, "%.3f", x));
		break;
	case 2:
		g_string_append(s, g_ascii_formatd(b, sizeof b, "%.12e", x));
		break;
	case 3:
		g_string_append(s, g_ascii_formatd(b, sizeof b, "%.9E", x));
		break;
	default:
		g_string_append(s, g_ascii_dtostr(b, sizeof b, x));
	}
}

static void value_text(GRand *rng, GString *s)
{
	static const char *const odd[] = {"NaN",    "+Inf", "-Inf", "0",  "-0",   "1e308",
	                                  "5e-324", "0.1",  "1.",   " 2", "0x1p3"};
	char b[512];
	double x = (g_rand_double(rng) - 0.5) * pow(10, g_rand_int_range(rng, -30, 30));
	g_string_append_c(s, '"');
	switch (g_rand_int_range(rng, 0, 6)) {
	case 0:
		g_string_append(s, odd[g_rand_int_range(rng, 0, G_N_ELEMENTS(odd))]);
		break;
	case 1:
		g_string_append_printf(s, "%d", g_rand_int_range(rng, -100000, 100000));
		break;
	case 2: /* Prometheus' own 'f' formatting: long digit runs */
		g_string_append(s, g_ascii_formatd(b, sizeof b, "%.25f", x));
		break;
	default:
		number_text(rng, s, x);
	}
	g_string_append_c(s, '"');
}

static void unknown_value(GRand *rng, GString *s)
{
	static const char *const v[] = {"null",         "true", "false",
	                                "-1.5e-3",      "0",    "\"s\\u00e9\"",
	                                "{}",           "[]",   "{\"a\":[1,2,{\"b\":[]}]}",
	                                "[[[[\"x\"]]]]"};
	g_string_append(s, v[g_rand_int_range(rng, 0, G_N_ELEMENTS(v))]);
}

static void values_text(GRand *rng, GString *s)
{
	int n = g_rand_int_range(rng, 0, 12);
	g_string_append_c(s, '[');
	for (int i = 0; i < n; i++) {
		double t = T0 - 10 + g_rand_double_range(rng, 0, 90);
		if (g_rand_boolean(rng))
			t = floor(t);
		if (i)
			g_string_append_c(s, ',');
		ws(rng, s);
		g_string_append_c(s, '[');
		ws(rng, s);
		number_text(rng, s, t);
		ws(rng, s);
		g_string_append_c(s, ',');
		ws(rng, s);
		value_text(rng, s);
		ws(rng, s);
		g_string_append_c(s, ']');
	}
	g_string_append_c(s, ']');
}

static void shuffled_object(GRand *rng, GString *s, GPtrArray *members)
{
	for (guint i = members->len; i > 1; i--) {
		guint j = (guint)g_rand_int_range(rng, 0, (gint32)i);
		gpointer tmp = members->pdata[i - 1];
		members->pdata[i - 1] = members->pdata[j];
		members->pdata[j] = tmp;
	}
	g_string_append_c(s, '{');
	for (guint i = 0; i < members->len; i++) {
		if (i)
			g_string_append_c(s, ',');
		ws(rng, s);
		g_string_append(s, members->pdata[i]);
		ws(rng, s);
	}
	g_string_append_c(s, '}');
	g_ptr_array_free(members, TRUE);
}

static char *member(const char *key, GString *val)
{
	char *m = g_strdup_printf("\"%s\":%s", key, val->str);
	g_string_free(val, TRUE);
	return m;
}

static char *element_text(GRand *rng)
{
	GPtrArray *m = g_ptr_array_new_with_free_func(g_free),
	          *labels = g_ptr_array_new_with_free_func(g_free);
	GString *metric = g_string_new(NULL), *vals = g_string_new(NULL), *out = g_string_new(NULL);
	int nl = g_rand_int_range(rng, 0, 6);
	for (int i = 0; i < nl; i++) {
		GString *v = g_string_new(NULL);
		label_text(rng, v);
		char key[16] = "__name__";
		if (i > 0)
			snprintf(key, sizeof key, "l%c", 'a' + i);
		g_ptr_array_add(labels, member(key, v));
	}
	shuffled_object(rng, metric, labels);
	values_text(rng, vals);
	g_ptr_array_add(m, member("metric", metric));
	g_ptr_array_add(m, member("values", vals));
	if (g_rand_int_range(rng, 0, 4) == 0) {
		GString *u = g_string_new(NULL);
		unknown_value(rng, u);
		g_ptr_array_add(m, member("extra", u));
	}
	shuffled_object(rng, out, m);
	return g_string_free(out, FALSE);
}

static GString *answer_text(GRand *rng)
{
	GPtrArray *top = g_ptr_array_new_with_free_func(g_free),
	          *data = g_ptr_array_new_with_free_func(g_free);
	GString *result = g_string_new("["), *d = g_string_new(NULL), *out = g_string_new(NULL);
	int n = g_rand_int_range(rng, 0, 5);
	for (int i = 0; i < n; i++) {
		char *e = element_text(rng);
		g_string_append_printf(result, "%s%s", i ? "," : "", e);
		g_free(e);
		ws(rng, result);
	}
	g_string_append_c(result, ']');
	g_ptr_array_add(data, member("result", result));
	g_ptr_array_add(data, g_strdup("\"resultType\":\"matrix\""));
	shuffled_object(rng, d, data);
	g_ptr_array_add(top, member("data", d));
	g_ptr_array_add(top, g_strdup("\"status\":\"success\""));
	if (g_rand_boolean(rng)) {
		GString *u = g_string_new(NULL);
		unknown_value(rng, u);
		g_ptr_array_add(top, member(g_rand_boolean(rng) ? "warnings" : "stats", u));
	}
	ws(rng, out);
	shuffled_object(rng, out, top);
	ws(rng, out);
	return out;
}

START_TEST(generated_answers)
{
	GRand *rng = g_rand_new_with_seed(20260101);
	for (int i = 0; i < 1500; i++) {
		GString *a = answer_text(rng);
		char ctx[64];
		snprintf(ctx, sizeof ctx, "generated #%d", i);
		ck_assert_msg(compare_all(a->str, a->len, ctx) == (int)G_N_ELEMENTS(QUERIES),
		              "promjson declined #%d: %s", i, a->str);
		g_string_free(a, TRUE);
	}
	g_rand_free(rng);
}
END_TEST

/* ---- damaged answers ---------------------------------------------------- */

/* Every prefix, each in a buffer of exactly that size so ASan sees any read
 * past the end.  No prefix of an answer is an answer. */
START_TEST(truncated_everywhere)
{
	const char *body = TAKEN[_i];
	size_t len = strlen(body), whole = len;
	while (whole > 0 && strchr(" \t\r\n", body[whole - 1]))
		whole--; /* cutting only trailing blanks leaves a whole answer */
	for (size_t cut = 0; cut < whole; cut++) {
		char *b = malloc(cut ? cut : 1), ctx[32];
		memcpy(b, body, cut);
		snprintf(ctx, sizeof ctx, "cut at %zu", cut);
		ck_assert_int_eq(compare_all(b, cut, ctx), 0);
		ck_assert_int_ne(compare_from(b, cut, &QUERIES[1], NULL, ctx), 0);
		free(b);
	}
	for (size_t cut = whole; cut <= len; cut++)
		ck_assert_int_eq(compare_all(body, cut, "blanks cut"), (int)G_N_ELEMENTS(QUERIES));
}
END_TEST

START_TEST(truncated_generated)
{
	GRand *rng = g_rand_new_with_seed(7);
	for (int i = 0; i < 40; i++) {
		GString *a = answer_text(rng);
		for (size_t cut = 0; cut < a->len; cut += 1 + (size_t)g_rand_int_range(rng, 0, 3)) {
			char *b = malloc(cut ? cut : 1);
			memcpy(b, a->str, cut);
			compare_all(b, cut, "generated, cut");
			free(b);
		}
		g_string_free(a, TRUE);
	}
	g_rand_free(rng);
}
END_TEST

START_TEST(random_byte_flips)
{
	static const char interesting[] = "{}[]\",:\\u0-9eE.+ \x80\xc3\xed\xf0\xff";
	GRand *rng = g_rand_new_with_seed(42);
	for (int i = 0; i < 3000; i++) {
		const char *base = TAKEN[g_rand_int_range(rng, 3, 10)];
		size_t len = strlen(base);
		char *b = malloc(len), ctx[48];
		memcpy(b, base, len);
		for (int k = g_rand_int_range(rng, 1, 4); k > 0; k--) {
			size_t at = (size_t)g_rand_int_range(rng, 0, (gint32)len);
			b[at] = g_rand_boolean(rng) ? (char)g_rand_int_range(rng, 0, 256)
			                            : interesting[g_rand_int_range(
			                                      rng, 0, sizeof interesting - 1)];
		}
		snprintf(ctx, sizeof ctx, "flip #%d", i);
		compare_all(b, len, ctx);
		free(b);
	}
	g_rand_free(rng);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("promjson");
	TCase *tc = tcase_create("promjson");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, ordinary_answers_taken_and_identical);
	tcase_add_test(tc, unusual_answers_declined_and_identical);
	tcase_add_test(tc, embedded_nul);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, series_cap);
	tcase_add_test(tc, label_and_point_caps);
	tcase_add_test(tc, long_series_default_limits);
	tcase_add_test(tc, big_answer_in_parts);
	tcase_add_test(tc, prefix_before_a_guard_page);
	tcase_add_test(tc, points_cap_declines);
	tcase_add_test(tc, generated_answers);
	tcase_add_loop_test(tc, truncated_everywhere, 0, G_N_ELEMENTS(TAKEN));
	tcase_add_test(tc, truncated_generated);
	tcase_add_test(tc, random_byte_flips);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
