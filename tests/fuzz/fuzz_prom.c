/*
 * fuzz_prom.c — the Prometheus answer parsers on arbitrary bytes: the
 * streaming fast path (prom_parse_matrix) must agree with the jansson
 * reference (prom_parse_matrix_reference) on status, message and every
 * series, bit for bit, under each query plan; prom_parse_label_values must
 * not crash or leak; promjson read in parts must agree with one pass.  The
 * whole input is the body (so saved answers are seeds as they are); its
 * length modulo 4 picks the plan.
 */
#include "tests/fuzz/fuzz.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "datasource/frame.h"
#include "datasource/prom.h"
#include "datasource/promjson.h"
#include "tests/datasource/plans.h"

static void differ(const char *what, size_t i)
{
	fprintf(stderr, "fast path and reference differ: %s (series %zu)\n", what, i);
	abort();
}

static bool same_bits(const double *a, const double *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

static void same_series(const struct series *a, const struct series *b, size_t i)
{
	if (strcmp(a->name, b->name) || strcmp(a->ref_id, b->ref_id) ||
	    a->target_index != b->target_index)
		differ("name", i);
	if (a->n_labels != b->n_labels)
		differ("label count", i);
	for (size_t k = 0; k < a->n_labels; k++)
		if (strcmp(a->labels[k].name, b->labels[k].name) ||
		    strcmp(a->labels[k].value, b->labels[k].value))
			differ("label", i);
	if (a->n != b->n || !same_bits(a->t, b->t, a->n) || !same_bits(a->v, b->v, a->n))
		differ("samples", i);
}

static void matrix(const char *body, size_t len, const struct prom_query *q)
{
	struct cairn_result got, want;
	struct cairn_err eg = {0}, ew = {0};
	result_init(&got);
	result_init(&want);
	int rg = prom_parse_matrix(body, len, q, &got, NULL, &eg);
	int rw = prom_parse_matrix_reference(body, len, q, &want, NULL, &ew);
	if (rg != rw || eg.code != ew.code || strcmp(eg.msg, ew.msg))
		differ("status or message", 0);
	if (rw && !ew.msg[0])
		differ("an error without a message", 0);
	if (got.status != want.status || strcmp(got.message, want.message) ||
	    got.n_series != want.n_series || got.points != want.points)
		differ("result", 0);
	for (size_t i = 0; i < got.n_series; i++)
		same_series(&got.series[i], &want.series[i], i);
	result_fini(&got);
	result_fini(&want);
}

/* promjson read in parts (up to 4, of 64 bytes at least; the
 * guesses wherever {"metric": falls) against one pass: the same status
 * and the same series, bit for bit. */
static void in_parts(const char *body, size_t len, const struct prom_query *q)
{
	struct promjson_grid g = {0};
	if (!q->instant && q->step > 0)
		g = (struct promjson_grid){
		        .start = q->start, .step = q->step,
		        .n = (size_t)(floor((q->end - q->start) / q->step + 1e-9) + 1)};
	struct series *a = NULL, *b = NULL;
	size_t na = 0, nb = 0, pa = 0, pb = 0;
	int ra = promjson_parse_matrix_parts(body, len, &g, 100, 100000, &a, &na, &pa, len + 1, 1);
	int rb = promjson_parse_matrix_parts(body, len, &g, 100, 100000, &b, &nb, &pb, 64, 4);
	if (ra != rb || na != nb || pa != pb)
		differ("in parts: status or counts", 0);
	for (size_t i = 0; i < na; i++) {
		char none[] = ""; /* promjson leaves names to its caller */
		a[i].name = b[i].name = none;
		same_series(&a[i], &b[i], i);
		a[i].name = b[i].name = NULL;
		series_fini(&a[i]);
		series_fini(&b[i]);
	}
	free(a);
	free(b);
}

static void label_values(const char *body, size_t len)
{
	char **values = NULL;
	size_t n = 0;
	struct cairn_err err = {0};
	bool with_err = len % 2 == 0; /* err may be NULL */
	if (prom_parse_label_values(body, len, &values, &n, with_err ? &err : NULL) == 0)
		prom_strv_free(values, n);
	else if (with_err && !err.msg[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy exactly size long, so reading past it is ASan's to catch */
	char *body = malloc(size ? size : 1);
	if (!body)
		abort();
	memcpy(body, data, size);
	matrix(body, size, &QUERIES[size % (sizeof QUERIES / sizeof *QUERIES)]);
	in_parts(body, size, &QUERIES[size % (sizeof QUERIES / sizeof *QUERIES)]);
	label_values(body, size);
	free(body);
	return 0;
}
