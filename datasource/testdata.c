/*
 * testdata.c — the built-in `testdata` source: plausible series made from a
 * query's text alone, so dashboards render offline (examples, docs, golden
 * images).  Everything follows from a hash of the expression and the sample
 * time: the same (expr, start, end, step) gives the same bytes anywhere, and
 * two overlapping ranges agree where they overlap.  No rand(), no clock.
 *
 * It reads PromQL only superficially (metric names, `label="value"`
 * matchers, `by (...)`), enough to pick magnitudes and labels; it is not a
 * PromQL engine.
 */
#include "datasource/testdata.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datasource/promparse.h"

#define MAX_MATCHERS 16
#define VARY_CHOICES 5

enum shape {
	SHAPE_PERCENT,
	SHAPE_FRACTION,
	SHAPE_LOAD,
	SHAPE_RATE_BYTES,
	SHAPE_BYTES,
	SHAPE_UP,
	SHAPE_DEFAULT
};

/* Magnitude band of a shape (a busy-seconds rate is a 0..1 fraction): values stay within [lo, hi].
 */
static const struct {
	double lo, hi;
} bands[] = {
        [SHAPE_PERCENT] = {0, 100},
        [SHAPE_FRACTION] = {0, 1},
        [SHAPE_LOAD] = {0, 4},
        [SHAPE_RATE_BYTES] = {0, 50e6},           /* bytes/s: tens of MB/s */
        [SHAPE_BYTES] = {0, 32.0 * 1073741824.0}, /* up to 32 GiB */
        [SHAPE_UP] = {1, 1},
        [SHAPE_DEFAULT] = {0, 100},
};

struct plan {
	uint64_t seed;
	enum shape shape;
	size_t n_series;
	struct label fixed[MAX_MATCHERS]; /* from `a="b"` matchers, owned here */
	size_t n_fixed;
	struct label negated[MAX_MATCHERS]; /* from `a!="b"`: values to avoid */
	size_t n_negated;
	char *vary_name;                /* the label that differs per series, or NULL */
	const char *const *vary_values; /* VARY_CHOICES names, or NULL: "<name>-<k>" */
	char *metric;                   /* __name__ when the expr is a bare selector */
	char *extra[MAX_MATCHERS];      /* labels the legend names but nothing else sets */
	size_t n_extra;
};

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* FNV-1a: stable across machines, unlike g_str_hash's documented freedom. */
static uint64_t hash_text(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Uniform in [0, 1) from the state. */
static double unit(uint64_t *state)
{
	return (double)(splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

static bool has(const char *expr, const char *needle)
{
	return strstr(expr, needle) != NULL;
}

/* word occurs as a metric name: not inside another identifier, not a call. */
static bool has_metric(const char *expr, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = strstr(expr, word); p; p = strstr(p + 1, word)) {
		char before = p == expr ? ' ' : p[-1], after = p[n];
		bool ident_before = g_ascii_isalnum(before) || before == '_' || before == ':';
		bool ident_after = g_ascii_isalnum(after) || after == '_' || after == ':';
		if (!ident_before && !ident_after && after != '(')
			return true;
	}
	return false;
}

static bool in_rate(const char *expr)
{
	return has(expr, "rate(") || has(expr, "increase(") || has(expr, "deriv(");
}

static enum shape classify(const char *expr)
{
	if (has(expr, "percent") || has(expr, "* 100") || has(expr, "*100") || has(expr, "100 *") ||
	    has(expr, "100*"))
		return SHAPE_PERCENT;
	if (has(expr, "1 -") || has(expr, "1-") || (has(expr, "_seconds_total") && in_rate(expr)))
		return SHAPE_FRACTION;
	if (has(expr, "node_load"))
		return SHAPE_LOAD;
	if (has(expr, "_bytes_total") && in_rate(expr))
		return SHAPE_RATE_BYTES;
	if (has(expr, "_bytes"))
		return SHAPE_BYTES;
	if (has_metric(expr, "up"))
		return SHAPE_UP;
	return SHAPE_DEFAULT;
}

static void add_label(struct label *set, size_t *n, const char *name, const char *value)
{
	if (*n >= MAX_MATCHERS || strcmp(name, "__name__") == 0)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(set[i].name, name) == 0 && strcmp(set[i].value, value) == 0)
			return;
	set[(*n)++] = (struct label){g_strdup(name), g_strdup(value)};
}

static bool is_fixed(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->n_fixed; i++)
		if (strcmp(p->fixed[i].name, name) == 0)
			return true;
	return false;
}

/* Equality matchers only: `a="b"`; `a!="b"`, `a=~"b"` select nothing fixed. */
static void collect_matchers(struct plan *p, const char *expr)
{
	static GRegex *re; /* compiled once; GRegex is safe to share read-only */
	static gsize once;
	if (g_once_init_enter(&once)) {
		re = g_regex_new("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(!?)=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"",
		                 G_REGEX_OPTIMIZE, 0, NULL);
		g_once_init_leave(&once, 1);
	}
	GMatchInfo *m = NULL;
	g_regex_match(re, expr, 0, &m);
	while (g_match_info_matches(m)) {
		int s0, e0;
		g_match_info_fetch_pos(m, 2, &s0, &e0);
		bool negated = e0 > s0; /* `a!="b"` */
		char *name = g_match_info_fetch(m, 1);
		char *value = g_match_info_fetch(m, 3);
		if (negated)
			add_label(p->negated, &p->n_negated, name, value);
		else if (!is_fixed(p, name))
			add_label(p->fixed, &p->n_fixed, name, value);
		g_free(name);
		g_free(value);
		g_match_info_next(m, NULL);
	}
	g_match_info_free(m);
}

/* The first label of `by (a, b)`, which is what the series differ by. */
static char *by_label(const char *expr)
{
	const char *b = strstr(expr, "by (");
	if (!b)
		b = strstr(expr, "by(");
	if (!b)
		return NULL;
	b = strchr(b, '(') + 1;
	while (*b == ' ')
		b++;
	size_t n = 0;
	while (g_ascii_isalnum(b[n]) || b[n] == '_')
		n++;
	return n ? g_strndup(b, n) : NULL;
}

static bool has_by_clause(const char *expr)
{
	char *by = by_label(expr);
	bool yes = by != NULL;
	g_free(by);
	return yes;
}

static bool aggregated_to_one(const char *expr)
{
	static const char *aggs[] = {"sum(", "avg(", "count(", "max(", "min(", "sum by", "avg by"};
	if (has(expr, " by ") || has(expr, " by(") || has(expr, "by ("))
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(aggs); i++)
		if (g_str_has_prefix(expr, aggs[i]))
			return true;
	return false;
}

static bool is_negated(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->n_negated; i++)
		if (strcmp(p->negated[i].name, name) == 0)
			return true;
	return false;
}

/* `sum by (x) (...)` keeps only x: other matchers' labels are gone. */
static void keep_only_fixed(struct plan *p, const char *name)
{
	size_t k = 0;
	for (size_t i = 0; i < p->n_fixed; i++) {
		if (strcmp(p->fixed[i].name, name) == 0) {
			p->fixed[k++] = p->fixed[i];
			continue;
		}
		g_free(p->fixed[i].name);
		g_free(p->fixed[i].value);
	}
	p->n_fixed = k;
}

static const char *const cpus[VARY_CHOICES] = {"0", "1", "2", "3", "4"};
static const char *const modes[VARY_CHOICES] = {"user", "system", "iowait", "idle", "softirq"};
static const char *const disks[VARY_CHOICES] = {"sda", "sdb", "nvme0n1", "dm-0", "sdc"};
static const char *const nics[VARY_CHOICES] = {"eth0", "eth1", "lo", "docker0", "eth2"};
static const char *const mounts[VARY_CHOICES] = {"/", "/home", "/var", "/boot", "/data"};
static const char *const nodes[VARY_CHOICES] = {"node-1:9100", "node-2:9100", "node-3:9100",
                                                "node-4:9100", "node-5:9100"};

static const char *const *known_values(const char *label, const char *expr)
{
	if (strcmp(label, "instance") == 0)
		return nodes;
	if (strcmp(label, "cpu") == 0)
		return cpus;
	if (strcmp(label, "mode") == 0)
		return modes;
	if (strcmp(label, "device") == 0)
		return has(expr, "network") ? nics : disks;
	if (strcmp(label, "mountpoint") == 0)
		return mounts;
	return NULL;
}

static void pick_vary(struct plan *p, const char *expr)
{
	char *by = by_label(expr);
	const char *name = NULL;

	if (by) {
		/* a `!=` on it means several values survive, whatever `=` says elsewhere */
		bool pinned = is_fixed(p, by) && !is_negated(p, by);
		keep_only_fixed(p, pinned ? by : "");
		name = pinned ? NULL : by;
	} else if (has(expr, "node_cpu") && !is_fixed(p, "cpu")) {
		name = "cpu";
	} else if ((has(expr, "disk") || has(expr, "filesystem") || has(expr, "network")) &&
	           !is_fixed(p, "device")) {
		name = "device";
	} else if (!is_fixed(p, "instance")) {
		name = "instance";
	}
	/* name NULL: every identifying label is pinned, one series as Prometheus would. */
	if (name) {
		p->vary_name = g_strdup(name);
		p->vary_values = known_values(name, expr);
	}
	g_free(by);
}

static bool avoided(const struct plan *p, const char *name, const char *value)
{
	for (size_t i = 0; i < p->n_negated; i++)
		if (strcmp(p->negated[i].name, name) == 0 &&
		    strcmp(p->negated[i].value, value) == 0)
			return true;
	return false;
}

/* The k-th value of label `name`, skipping those a `!=` matcher excludes. */
static char *label_value_k(const struct plan *p, const char *name, const char *const *known,
                           size_t k)
{
	for (size_t i = 0; known && i < VARY_CHOICES; i++) {
		if (avoided(p, name, known[i]))
			continue;
		if (k-- == 0)
			return g_strdup(known[i]);
	}
	return g_strdup_printf("%s-%zu", name, k + 1);
}

/* A bare selector (`metric` or `metric{...}`) keeps __name__, as in Prometheus. */
static char *bare_metric(const char *expr)
{
	size_t n = 0;
	while (g_ascii_isalnum(expr[n]) || expr[n] == '_' || expr[n] == ':')
		n++;
	if (n == 0 || g_ascii_isdigit(expr[0]))
		return NULL;
	const char *rest = expr + n;
	if (*rest == '{') {
		rest = strchr(rest, '}');
		rest = rest ? rest + 1 : "x";
	}
	return *rest == '\0' ? g_strndup(expr, n) : NULL;
}

static bool plan_has_label(const struct plan *p, const char *name)
{
	return is_fixed(p, name) || (p->vary_name && strcmp(p->vary_name, name) == 0) ||
	       strcmp(name, "__name__") == 0;
}

/* {{name}} in the legend that no matcher sets: invented, so legends read. */
static void collect_legend_labels(struct plan *p, const char *legend)
{
	const char *c = legend;
	while (c && (c = strstr(c, "{{")) && p->n_extra < MAX_MATCHERS) {
		c += 2;
		while (*c == ' ')
			c++;
		size_t n = 0;
		while (g_ascii_isalnum(c[n]) || c[n] == '_')
			n++;
		char *name = g_strndup(c, n);
		bool dup = n == 0 || plan_has_label(p, name);
		for (size_t i = 0; i < p->n_extra && !dup; i++)
			dup = strcmp(p->extra[i], name) == 0;
		if (dup)
			g_free(name);
		else
			p->extra[p->n_extra++] = name;
		c += n;
	}
}

static void plan_make(struct plan *p, const char *expr, const char *legend)
{
	memset(p, 0, sizeof *p);
	p->seed = hash_text(expr);
	uint64_t st = p->seed;
	p->shape = classify(expr);
	p->n_series = 1 + (size_t)(splitmix64(&st) % 4);
	collect_matchers(p, expr);
	pick_vary(p, expr);
	p->metric = bare_metric(expr);
	if (aggregated_to_one(expr) || !p->vary_name)
		p->n_series = 1;
	else if (p->vary_values && p->n_series < 3 && has_by_clause(expr))
		p->n_series = 3; /* `sum by (mode)` and the like: a breakdown shows several */
	collect_legend_labels(p, legend);
}

static void plan_fini(struct plan *p)
{
	for (size_t i = 0; i < p->n_fixed; i++) {
		g_free(p->fixed[i].name);
		g_free(p->fixed[i].value);
	}
	for (size_t i = 0; i < p->n_negated; i++) {
		g_free(p->negated[i].name);
		g_free(p->negated[i].value);
	}
	for (size_t i = 0; i < p->n_extra; i++)
		g_free(p->extra[i]);
	g_free(p->vary_name);
	g_free(p->metric);
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->name, ((const struct label *)b)->name);
}

static void make_labels(const struct plan *p, size_t k, struct series *s)
{
	size_t n = p->n_fixed + p->n_extra + 1 + (p->metric ? 1 : 0);
	s->labels = g_new0(struct label, n);
	for (size_t i = 0; i < p->n_fixed; i++)
		s->labels[s->n_labels++] =
		        (struct label){g_strdup(p->fixed[i].name), g_strdup(p->fixed[i].value)};
	if (p->vary_name)
		s->labels[s->n_labels++] = (struct label){
		        g_strdup(p->vary_name), label_value_k(p, p->vary_name, p->vary_values, k)};
	if (p->metric)
		s->labels[s->n_labels++] = (struct label){g_strdup("__name__"), g_strdup(p->metric)};
	for (size_t i = 0; i < p->n_extra; i++) {
		const char *const *known = known_values(p->extra[i], "");
		char *v = label_value_k(p, p->extra[i], known, k);
		s->labels[s->n_labels++] = (struct label){g_strdup(p->extra[i]), v};
	}
	qsort(s->labels, s->n_labels, sizeof *s->labels, cmp_label);
}

/* Per-series wave parameters, drawn once from the seed. */
struct wave {
	double mid, amp, p1, p2, p3, ph1, ph2, ph3;
	uint64_t noise_key;
};

static void wave_make(const struct plan *p, size_t k, struct wave *w)
{
	uint64_t st = p->seed ^ (0x632be59bd9b4e019ULL * (k + 1));
	double lo = bands[p->shape].lo, hi = bands[p->shape].hi, span = hi - lo;
	w->mid = lo + span * (0.25 + 0.5 * unit(&st));
	double room = fmin(w->mid - lo, hi - w->mid);
	w->amp = room * (0.3 + 0.6 * unit(&st));
	w->p1 = 86400.0 * (0.5 + unit(&st));     /* daily-ish swell */
	w->p2 = 3600.0 * (0.5 + unit(&st));      /* hourly wobble */
	w->p3 = 300.0 * (1.0 + 2.0 * unit(&st)); /* minutes-scale texture */
	w->ph1 = 2 * G_PI * unit(&st);
	w->ph2 = 2 * G_PI * unit(&st);
	w->ph3 = 2 * G_PI * unit(&st);
	w->noise_key = splitmix64(&st);
}

/* A function of absolute time only, so re-rendering a range is stable. */
static double wave_at(const struct wave *w, enum shape shape, double t)
{
	if (shape == SHAPE_UP)
		return 1.0;
	uint64_t st = w->noise_key ^ (uint64_t)llround(t * 1000.0);
	double noise = 2.0 * unit(&st) - 1.0;
	double x = 0.55 * sin(2 * G_PI * t / w->p1 + w->ph1) +
	           0.25 * sin(2 * G_PI * t / w->p2 + w->ph2) +
	           0.12 * sin(2 * G_PI * t / w->p3 + w->ph3) + 0.08 * noise;
	double v = w->mid + w->amp * x;
	return fmin(fmax(v, bands[shape].lo), bands[shape].hi);
}

/* n is within the request's budget, taken before. */
static void fill_series(const struct plan *p, size_t k, const struct prom_query *q, size_t n,
                        struct series *s)
{
	struct wave w;
	make_labels(p, k, s);
	s->t = g_new(double, n);
	s->v = g_new(double, n);
	s->n = n;
	wave_make(p, k, &w);
	for (size_t i = 0; i < n; i++) {
		s->t[i] = q->instant ? q->end : q->start + (double)i * q->step;
		s->v[i] = wave_at(&w, p->shape, s->t[i]);
	}

	promparse_name_series(s, q);
}

static int grid_points(const struct prom_query *q, const struct budget *b, size_t *n,
                       struct cairn_err *err)
{
	if (q->instant) {
		*n = 1;
		return 0;
	}
	if (!(q->step > 0) || !isfinite(q->start) || !isfinite(q->end) || q->end < q->start)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "testdata: bad range (start %.3f, end %.3f, step %g)",
		                     q->start, q->end, q->step);
	double pts = floor((q->end - q->start) / q->step + 1e-9) + 1;
	uint64_t max = b ? b->lim.max_points : CAIRN_DEFAULT_MAX_POINTS;
	if (pts > (double)max)
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "testdata: %.0f points per series, over the request's budget of "
		                     "%llu points",
		                     pts, (unsigned long long)max);
	*n = (size_t)pts;
	return 0;
}

int testdata_query(const struct prom_query *q, struct budget *b, struct cairn_result *r,
                   struct cairn_err *err)
{
	size_t n = 0;
	int rc = grid_points(q, b, &n, err);
	if (rc)
		return rc;

	struct plan p;
	plan_make(&p, q->expr ? q->expr : "", q->legend_format);
	if (promparse_take_answer(b, q, p.n_series, p.n_series * n, err)) {
		plan_fini(&p);
		return CAIRN_ELIMIT;
	}
	r->series = g_renew(struct series, r->series, r->n_series + p.n_series);
	for (size_t k = 0; k < p.n_series; k++) {
		struct series *s = &r->series[r->n_series];
		memset(s, 0, sizeof *s);
		fill_series(&p, k, q, n, s);
		r->n_series++;
		r->points += n;
	}
	plan_fini(&p);
	return 0;
}
