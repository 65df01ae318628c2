/*
 * warm.c — the in-process warm panel: what cairn serve pays per request once
 * the process is up and the answer is cached.  One request_ctx (fonts, pool,
 * one Prometheus client with the shared query cache, as the server makes
 * them), one panel rendered once cold, then N times warm; prints the cold
 * time, p50/p99/max of the warm runs and the cache's counters, so a run
 * whose warm renders still went to Prometheus says so.  Owns no timing
 * policy beyond that: bench/serve.sh runs it on bench/run.sh's data.
 *
 * usage: warm --prometheus URL [--panel ID] [--from T] [--to T] [--width PX]
 *             [--height PX] [--runs N] [--no-cache] DASHBOARD.json
 */
#include <malloc.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dashboards/load.h"
#include "datasource/prom.h"
#include "request/request.h"

struct warm_args {
	const char *url, *dashboard, *from, *to;
	int panel, width, height, runs;
	bool no_cache;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The q-quantile of sorted v[n] (nearest rank). */
static double quantile(const double *v, int n, double q)
{
	int i = (int)ceil(q * n) - 1;
	return v[i < 0 ? 0 : (i >= n ? n - 1 : i)];
}

static bool parse_int(const char *name, const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < lo || v > hi) {
		fprintf(stderr, "warm: %s: '%s' is not a number from %d to %d\n", name, s, lo, hi);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool parse_args(int argc, char **argv, struct warm_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool ok = true;
		if (strcmp(o, "--no-cache") == 0) {
			a->no_cache = true;
			continue;
		}
		if (o[0] != '-') {
			a->dashboard = o;
			continue;
		}
		if (!v) {
			fprintf(stderr, "warm: %s needs a value\n", o);
			return false;
		}
		i++;
		if (strcmp(o, "--prometheus") == 0)
			a->url = v;
		else if (strcmp(o, "--from") == 0)
			a->from = v;
		else if (strcmp(o, "--to") == 0)
			a->to = v;
		else if (strcmp(o, "--panel") == 0)
			ok = parse_int(o, v, 1, 1 << 30, &a->panel);
		else if (strcmp(o, "--width") == 0)
			ok = parse_int(o, v, 1, 32767, &a->width);
		else if (strcmp(o, "--height") == 0)
			ok = parse_int(o, v, 1, 32767, &a->height);
		else if (strcmp(o, "--runs") == 0)
			ok = parse_int(o, v, 1, 1000000, &a->runs);
		else {
			fprintf(stderr, "warm: unknown option %s\n", o);
			return false;
		}
		if (!ok)
			return false;
	}
	if (!a->url || !a->dashboard) {
		fputs("usage: warm --prometheus URL [--panel ID] [--from T] [--to T] [--width PX]\n"
		      "            [--height PX] [--runs N] [--no-cache] DASHBOARD.json\n",
			stderr);
		return false;
	}
	return true;
}

/* One render; its wall time in ms, or -1 with the reason on stderr. */
static double render_once(request_ctx *ctx, const struct request *req, size_t *bytes)
{
	struct render_out out = {0};
	struct request_report rep = {0};
	struct cairn_err err = {0};
	double t0 = now_ms();
	int rc = request_run(ctx, req, &out, &rep, &err);
	double ms = now_ms() - t0;
	if (rc) {
		fprintf(stderr, "warm: request failed: %s\n", err.msg);
		return -1;
	}
	for (size_t i = 0; i < rep.n; i++)
		if (rep.panels[i].status != RESULT_OK) {
			fprintf(stderr, "warm: panel %d: %s: %s\n", rep.panels[i].id,
				request_status_name(rep.panels[i].status), rep.panels[i].message);
			ms = -1;
		}
	*bytes = out.len;
	free(out.bytes);
	request_report_fini(&rep);
	return ms;
}

static int measure(request_ctx *ctx, prom_cache *cache, const struct request *req,
	const struct warm_args *a)
{
	size_t bytes = 0;
	double cold = render_once(ctx, req, &bytes);
	if (cold < 0)
		return 1;
	double *t = calloc((size_t)a->runs, sizeof *t);
	if (!t)
		abort();
	for (int i = 0; i < a->runs; i++)
		if ((t[i] = render_once(ctx, req, &bytes)) < 0) {
			free(t);
			return 1;
		}
	qsort(t, (size_t)a->runs, sizeof *t, cmp_double);
	printf("warm panel %d, %dx%d PNG (%zu bytes), %s: cold %.1f ms; %d warm runs: "
	       "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		req->panel_id, req->width, req->height, bytes,
		cache ? "query cache on" : "no query cache", cold, a->runs, quantile(t, a->runs, 0.5),
		quantile(t, a->runs, 0.99), t[a->runs - 1]);
	if (cache) {
		struct prom_cache_stats s;
		prom_cache_stats(cache, &s);
		printf("query cache: %llu hits, %llu misses, %llu incremental, %zu entries, %zu bytes\n",
			(unsigned long long)s.hits, (unsigned long long)s.misses,
			(unsigned long long)s.incremental, s.entries, s.bytes);
		if (s.hits < (uint64_t)a->runs)
			printf("warning: fewer cache hits than warm runs: the warm runs asked Prometheus\n");
	}
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	struct warm_args a = {.panel = 1, .width = 1000, .height = 500, .runs = 200};
	/* as cairn serve (cli/cmd_serve.c) */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	if (!parse_args(argc, argv, &a))
		return 2;
	if (prom_global_init()) {
		fputs("warm: libcurl failed to initialise\n", stderr);
		return 1;
	}
	struct cairn_err err = {0};
	int status = 1;
	request_ctx *ctx = NULL;
	prom_cache *cache = a.no_cache ? NULL : prom_cache_new(&(struct prom_cache_config){0});
	struct cairn_dashboard *dash = dash_load_file(a.dashboard, &err);
	if (!dash)
		goto done;
	struct request_ctx_config cfg = {
		.fonts_dir = CAIRN_FONTS_DIR,
		.datasource = {.url = a.url, .cache = cache},
		.datasource_param = "--prometheus",
	};
	ctx = request_ctx_new(&cfg, &err);
	if (!ctx)
		goto done;
	struct request req = {
		.dash = dash, .panel_id = a.panel, .from = a.from, .to = a.to,
		.now = (double)time(NULL), .width = a.width, .height = a.height,
		.theme = THEME_DARK, .format = FMT_PNG,
	};
	status = measure(ctx, cache, &req, &a);
done:
	if (err.msg[0])
		fprintf(stderr, "warm: %s\n", err.msg);
	request_ctx_free(ctx);
	prom_cache_free(cache);
	dash_free(dash);
	prom_global_cleanup();
	return status;
}
