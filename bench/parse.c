/*
 * parse.c — how fast cairn reads a Prometheus query_range answer: the whole
 * file read once into memory, then prom_parse_matrix (the parser every
 * query and every --data file goes through: datasource/promjson.c, with
 * jansson behind it for what that declines) run on it N times; prints the
 * median, min and max MB/s and the series and points it kept.  Also times
 * the jansson reference path once, for scale.  bench/run.sh runs it on a
 * 40 MB answer.
 *
 * usage: parse [--runs N] ANSWER.json
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/err.h"
#include "datasource/frame.h"
#include "datasource/prom.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = n >= 0 ? g_malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		g_free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

/* One parse as a --data file is read (no grid: samples keep their own
 * timestamps); seconds taken, or a negative value with err set. */
static double parse_once(const char *body, size_t len, int reference, size_t *series,
                         size_t *points, struct cairn_err *err)
{
	struct prom_query q = { .expr = "bench", .ref_id = "A" };
	struct cairn_result r;
	result_init(&r);
	double t0 = now_s();
	int rc = reference ? prom_parse_matrix_reference(body, len, &q, &r, NULL, err)
	                   : prom_parse_matrix(body, len, &q, &r, NULL, err);
	double dt = now_s() - t0;
	*series = r.n_series;
	*points = 0;
	for (size_t i = 0; i < r.n_series; i++)
		*points += r.series[i].n;
	result_fini(&r);
	return rc == 0 ? dt : -1;
}

int main(int argc, char **argv)
{
	int runs = 10;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			runs = *end || v < 1 || v > 1000 ? 0 : (int)v;
		} else
			path = argv[i];
	}
	if (!path || runs < 1) {
		fprintf(stderr, "usage: parse [--runs N (1-1000)] ANSWER.json\n");
		return 2;
	}
	size_t len;
	char *body = slurp(path, &len);
	if (!body) {
		fprintf(stderr, "parse: cannot read %s\n", path);
		return 2;
	}
	struct cairn_err err = { 0 };
	size_t series = 0, points = 0;
	double *t = g_new0(double, (size_t)runs);
	for (int i = 0; i < runs; i++) {
		t[i] = parse_once(body, len, 0, &series, &points, &err);
		if (t[i] < 0) {
			fprintf(stderr, "parse: %s: %s\n", path, err.msg);
			return 1;
		}
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	double mb = len / 1e6;
	double ref = parse_once(body, len, 1, &series, &points, &err);
	printf("parse %.1f MB, %zu series, %zu points, %d runs: median %.0f MB/s "
	       "(min %.0f, max %.0f; median %.1f ms); jansson reference once: %.0f MB/s\n",
	       mb, series, points, runs, mb / t[runs / 2], mb / t[runs - 1], mb / t[0],
	       t[runs / 2] * 1e3, ref > 0 ? mb / ref : 0.0);
	g_free(t);
	g_free(body);
	return 0;
}
