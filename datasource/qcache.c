/*
 * qcache.c — the shared query cache (prom.h's prom_cache_*): answers kept
 * per (client, expression, step and grid phase) as spans of the step grid,
 * identical queries in flight sent once, now-relative ranges refreshed by
 * asking only for their tail.
 *
 * Shape: one mutex guards the tables (entries, flights, the LRU list and
 * the counters); it is never held while copying points, merging or
 * waiting on the network.  Spans are immutable once built and reference
 * counted (atomics), so a span can be evicted or replaced while another
 * thread still copies out of it; a merge builds a new span.  A range span
 * keeps values only (times are the grid's): t[i] of a copy is computed
 * exactly as the parser computes it (start + i*step), so a hit and a miss
 * give the same doubles.
 *
 * Not here: what is sent and how (prom.c, promhttp.c), parsing
 * (promparse.c), naming series (promparse_name_series).
 */
#include "datasource/qcache.h"

#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "datasource/promparse.h"

#define DEFAULT_MAX_BYTES ((size_t)256 << 20)
#define DEFAULT_FRESH_S   5.0
/* Starts asked within the last one or two windows are kept by a merge's
 * trim; older ones go, so a now-relative span does not grow without end. */
#define ASK_WINDOW_S   600.0
#define GRID_EPS       1e-9
#define MAX_GRID_INDEX 1e15 /* grid indices are exact in a double below this */
#define HIST_NOTE      "native histogram samples skipped: not supported"

/* One series of a span: its label set (sorted by name, as the parsers keep
 * it), the same set as one string (matching and Prometheus' order), values. */
struct qseries {
	char *key;
	struct label *labels;
	size_t n_labels;
	double *t; /* instant spans only; range spans are on the grid */
	double *v;
	size_t n;
};

/* An answer as kept: immutable once published. */
struct qspan {
	atomic_int refs;
	bool instant;
	bool hist;         /* native histogram samples were skipped */
	int64_t i0;        /* range: grid index of v[0] (time phase + i*step) */
	size_t n;          /* range: points per series */
	int64_t settled;   /* range: last grid index known final (< i0: none) */
	double fetched_at; /* wall clock seconds of the newest part */
	struct qseries *series;
	size_t n_series;
	size_t bytes;
};

struct qentry {
	char *key;
	struct qspan *span;
	GList link;        /* in the cache's LRU list; data points here */
	size_t bytes;      /* key and span, as counted in the cache's total */
	int64_t ask_lo[2]; /* lowest start index asked: this window, the one before */
	int64_t ask_window;
};

/* A fetch in flight: the leader publishes, waiters copy. */
struct qflight {
	char *key;       /* in the flights table */
	char *entry_key; /* where a good answer is kept */
	bool keep;       /* may be kept (instant: only when settled) */
	int refs;        /* leader and waiters; under the cache lock */
	bool done;
	pthread_cond_t cond;
	struct qspan *span;   /* done and good */
	struct cairn_err err; /* done and failed: err.code != 0 */
	bool own;             /* failed by the leader's own budget or deadline */
};

struct prom_cache {
	pthread_mutex_t lock;
	GHashTable *entries; /* key → qentry (key owned by the entry) */
	GHashTable *flights; /* key → qflight (key owned by the flight) */
	GHashTable *labels;  /* key → qlabels: label_values answers */
	size_t labels_bytes; /* their values' and keys' bytes */
	GQueue lru;          /* head: most recently used */
	size_t max_bytes, bytes;
	double settle_s, fresh_s;
	struct prom_cache_stats st;
	guchar ident_key[32];       /* qcache_ident's HMAC key */
	double (*clock)(void *ctx); /* NULL: the real one */
	void *clock_ctx;
};

static double real_now(void *unused)
{
	return (double)g_get_real_time() / 1e6;
}

static double wall_now(const prom_cache *c)
{
	return c->clock(c->clock_ctx);
}

void qcache_set_clock(prom_cache *c, double (*now)(void *ctx), void *ctx)
{
	c->clock = now ? now : real_now;
	c->clock_ctx = ctx;
}

/* ---- spans ------------------------------------------------------------------ */

static struct qspan *span_ref(struct qspan *s)
{
	atomic_fetch_add(&s->refs, 1);
	return s;
}

static void qseries_fini(struct qseries *s)
{
	g_free(s->key);
	for (size_t i = 0; i < s->n_labels; i++) {
		g_free(s->labels[i].name);
		g_free(s->labels[i].value);
	}
	g_free(s->labels);
	g_free(s->t);
	g_free(s->v);
}

static void span_unref(struct qspan *s)
{
	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	for (size_t i = 0; i < s->n_series; i++)
		qseries_fini(&s->series[i]);
	g_free(s->series);
	g_free(s);
}

static struct qspan *span_new(bool instant, size_t n_series)
{
	struct qspan *s = g_new0(struct qspan, 1);
	atomic_init(&s->refs, 1);
	s->instant = instant;
	s->series = g_new0(struct qseries, n_series ? n_series : 1);
	return s;
}

/* Labels as one string: name \x1f value \x1e ..., so that strcmp orders
 * label sets as Prometheus does (pair by pair, name before value). */
static char *labels_key(const struct label *l, size_t n)
{
	GString *k = g_string_new(NULL);
	for (size_t i = 0; i < n; i++) {
		g_string_append(k, l[i].name);
		g_string_append_c(k, '\x1f');
		g_string_append(k, l[i].value);
		g_string_append_c(k, '\x1e');
	}
	return g_string_free(k, FALSE);
}

static size_t series_bytes(const struct qseries *s)
{
	size_t b = sizeof *s + strlen(s->key) + 1 + s->n * sizeof(double) * (s->t ? 2 : 1);
	for (size_t i = 0; i < s->n_labels; i++)
		b += sizeof s->labels[i] + strlen(s->labels[i].name) + strlen(s->labels[i].value) +
		     2;
	return b;
}

static void span_count_bytes(struct qspan *s)
{
	s->bytes = sizeof *s;
	for (size_t i = 0; i < s->n_series; i++)
		s->bytes += series_bytes(&s->series[i]);
}

static int cmp_qseries(const void *a, const void *b)
{
	return strcmp(((const struct qseries *)a)->key, ((const struct qseries *)b)->key);
}

/* The parsed answer r as a span (its arrays taken over; r is reset).
 * Range answers are on the fetch's grid, n points per series from i0. */
static struct qspan *span_take_result(struct cairn_result *r, bool instant, int64_t i0, size_t n)
{
	struct qspan *s = span_new(instant, r->n_series);
	s->hist = r->message[0] != '\0';
	s->i0 = i0;
	s->n = n;
	for (size_t i = 0; i < r->n_series; i++) {
		struct series *from = &r->series[i];
		struct qseries *to = &s->series[s->n_series++];
		to->labels = from->labels;
		to->n_labels = from->n_labels;
		to->key = labels_key(to->labels, to->n_labels);
		to->v = from->v;
		to->n = from->n;
		if (instant) {
			to->t = from->t;
		} else {
			free(from->t);
			/* The grid of the tail as parsed and as planned agree but for
			 * rounding at its last step: the plan's length rules. */
			if (to->n != n) {
				to->v = g_renew(double, to->v, n ? n : 1);
				for (size_t k = to->n; k < n; k++)
					to->v[k] = NAN;
				to->n = n;
			}
		}
		free(from->name);
		memset(from, 0, sizeof *from);
	}
	/* Prometheus sorts matrices by label set already; a merge relies on it. */
	if (!instant)
		qsort(s->series, s->n_series, sizeof *s->series, cmp_qseries);
	result_fini(r);
	return s;
}

static void labels_copy(struct qseries *to, const struct qseries *from)
{
	to->key = g_strdup(from->key);
	to->n_labels = from->n_labels;
	to->labels = g_new0(struct label, from->n_labels ? from->n_labels : 1);
	for (size_t i = 0; i < from->n_labels; i++) {
		to->labels[i].name = g_strdup(from->labels[i].name);
		to->labels[i].value = g_strdup(from->labels[i].value);
	}
}

static bool all_nan(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			return false;
	return true;
}

/* One series of a merge: base's values before the fetch's start (from
 * index ni0), the fetch's from there on; either may be missing (a series
 * that appeared or went away).  false when nothing is left of it. */
static bool merge_series(struct qseries *out, const struct qseries *old, const struct qspan *base,
                         struct qseries *add, const struct qspan *fresh, int64_t ni0, size_t nn)
{
	size_t head = (size_t)(fresh->i0 - ni0);
	double *v = g_new(double, nn ? nn : 1);

	if (old)
		memcpy(v, old->v + (ni0 - base->i0), head * sizeof *v);
	else
		for (size_t i = 0; i < head; i++)
			v[i] = NAN;
	if (add)
		memcpy(v + head, add->v, fresh->n * sizeof *v);
	else
		for (size_t i = head; i < nn; i++)
			v[i] = NAN;
	if (all_nan(v, nn)) {
		g_free(v);
		return false;
	}
	if (add) { /* the fetch's labels are taken over, base's copied */
		out->key = add->key;
		out->labels = add->labels;
		out->n_labels = add->n_labels;
		add->key = NULL;
		add->labels = NULL;
		add->n_labels = 0;
	} else {
		labels_copy(out, old);
	}
	out->v = v;
	out->n = nn;
	return true;
}

/* base's values before fresh->i0 (from keep_from on, within base) with
 * fresh's after: a new span, linear in points.  Series match by label set;
 * both lists are sorted by it, so one pass pairs them.  fresh is freed. */
static struct qspan *span_merge(const struct qspan *base, struct qspan *fresh, int64_t keep_from)
{
	int64_t ni0 = keep_from < base->i0 ? base->i0 : keep_from;
	if (ni0 > fresh->i0)
		ni0 = fresh->i0;
	size_t nn = (size_t)(fresh->i0 - ni0) + fresh->n;
	struct qspan *s = span_new(false, base->n_series + fresh->n_series);
	size_t i = 0, j = 0;

	s->hist = base->hist || fresh->hist;
	s->i0 = ni0;
	s->n = nn;
	while (i < base->n_series || j < fresh->n_series) {
		int c = i == base->n_series    ? 1
		        : j == fresh->n_series ? -1
		                               : strcmp(base->series[i].key, fresh->series[j].key);
		const struct qseries *old = c <= 0 ? &base->series[i++] : NULL;
		struct qseries *add = c >= 0 ? &fresh->series[j++] : NULL;
		if (merge_series(&s->series[s->n_series], old, base, add, fresh, ni0, nn))
			s->n_series++;
	}
	span_unref(fresh);
	return s;
}

/* ---- copies out --------------------------------------------------------------- */


static void series_from(struct series *to, const struct qseries *from, const double *v, size_t n)
{
	to->n_labels = from->n_labels;
	to->labels = g_new0(struct label, from->n_labels ? from->n_labels : 1);
	for (size_t i = 0; i < from->n_labels; i++) {
		to->labels[i].name = g_strdup(from->labels[i].name);
		to->labels[i].value = g_strdup(from->labels[i].value);
	}
	to->n = n;
	to->t = g_new(double, n ? n : 1);
	to->v = g_new(double, n ? n : 1);
	memcpy(to->v, v, n * sizeof *v);
}

/* The range [is, ie] of sp for q, as a miss would have given it: series
 * with no sample in the range are left out (Prometheus would not answer
 * them), the budget is asked first with the parser's own messages. */
static int copy_range(const struct qspan *sp, const struct prom_query *q, int64_t is, int64_t ie,
                      struct budget *b, struct cairn_result *r, struct cairn_err *err)
{
	struct promjson_grid g;
	size_t off = (size_t)(is - sp->i0), n = (size_t)(ie - is + 1), k = 0;
	int rc = promparse_grid(q, b, &g, err);

	if (rc)
		return rc;
	bool *keep = g_new0(bool, sp->n_series ? sp->n_series : 1);
	for (size_t i = 0; i < sp->n_series; i++)
		if ((keep[i] = !all_nan(sp->series[i].v + off, n)))
			k++;
	if ((rc = promparse_take_answer(b, q, k, k * n, err))) {
		g_free(keep);
		return rc;
	}
	struct series *add = g_new0(struct series, k ? k : 1);
	for (size_t i = 0, j = 0; i < sp->n_series; i++) {
		if (!keep[i])
			continue;
		struct series *s = &add[j++];
		series_from(s, &sp->series[i], sp->series[i].v + off, n);
		for (size_t p = 0; p < n; p++)
			s->t[p] = q->start + (double)p * q->step;
		promparse_name_series(s, q);
	}
	result_append(r, add, k);
	g_free(add);
	g_free(keep);
	return 0;
}

static int copy_instant(const struct qspan *sp, const struct prom_query *q, struct budget *b,
                        struct cairn_result *r, struct cairn_err *err)
{
	size_t points = 0;
	for (size_t i = 0; i < sp->n_series; i++)
		points += sp->series[i].n;
	int rc = promparse_take_answer(b, q, sp->n_series, points, err);
	if (rc)
		return rc;
	struct series *add = g_new0(struct series, sp->n_series ? sp->n_series : 1);
	for (size_t i = 0; i < sp->n_series; i++) {
		const struct qseries *from = &sp->series[i];
		series_from(&add[i], from, from->v, from->n);
		memcpy(add[i].t, from->t, from->n * sizeof *from->t);
		promparse_name_series(&add[i], q);
	}
	result_append(r, add, sp->n_series);
	g_free(add);
	return 0;
}

static int copy_out(const struct qspan *sp, const struct qcache_ticket *t,
                    const struct prom_query *q, struct budget *b, struct cairn_result *r,
                    struct cairn_err *err)
{
	int rc = sp->instant ? copy_instant(sp, q, b, r, err)
	                     : copy_range(sp, q, t->is, t->ie, b, r, err);
	if (!rc && sp->hist && !r->message[0])
		g_strlcpy(r->message, HIST_NOTE, sizeof r->message);
	return rc;
}

/* ---- the cache ------------------------------------------------------------------ */

/* ---- label values ----------------------------------------------------------- *
 *
 * A variable's options (label_values) are asked on every render of its
 * dashboard.  They are kept by (client, selector, label, range to the
 * minute) for LABELS_FRESH_S: a dashboard refreshed every few seconds asks
 * Prometheus for them twice a minute, not on every refresh.  At most
 * LABELS_MAX answers and LABELS_MAX_BYTES (the keys come from requests'
 * variable values); when full, the oldest half goes. */
#define LABELS_FRESH_S 30.0
#define LABELS_MAX 1024
#define LABELS_MAX_VALUES 10000
#define LABELS_MAX_BYTES ((size_t)16 << 20)

struct qlabels {
	char **values;   /* NULL-terminated */
	size_t n;
	size_t bytes;    /* values and key */
	double fetched;  /* wall clock */
};

static void qlabels_free(gpointer p)
{
	struct qlabels *l = p;
	g_strfreev(l->values);
	g_free(l);
}

static char *labels_entry_key(const char *ident, const char *selector, const char *label,
                              double start, double end)
{
	return g_strdup_printf("%s\x1f%s\x1f%s\x1f%.0f\x1f%.0f", ident, selector ? selector : "",
	                       label, floor(start / 60), floor(end / 60));
}

bool qcache_labels_get(prom_cache *c, const char *ident, const char *selector,
                       const char *label, double start, double end, char ***values, size_t *n)
{
	char *key = labels_entry_key(ident, selector, label, start, end);
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	struct qlabels *l = g_hash_table_lookup(c->labels, key);
	if (l && wall_now(c) - l->fetched < LABELS_FRESH_S) {
		*values = g_new(char *, l->n ? l->n : 1);
		for (size_t i = 0; i < l->n; i++)
			(*values)[i] = g_strdup(l->values[i]);
		*n = l->n;
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	g_free(key);
	return hit;
}

struct labels_cut {
	prom_cache *c;
	double before;
};

static gboolean older_than(gpointer k, gpointer v, gpointer cut)
{
	(void)k;
	struct labels_cut *lc = cut;
	struct qlabels *l = v;
	if (l->fetched >= lc->before)
		return FALSE;
	lc->c->labels_bytes -= l->bytes;
	return TRUE;
}

void qcache_labels_put(prom_cache *c, const char *ident, const char *selector, const char *label,
                       double start, double end, char *const *values, size_t n)
{
	if (n > LABELS_MAX_VALUES)
		return;
	char *key = labels_entry_key(ident, selector, label, start, end);
	struct qlabels *l = g_new0(struct qlabels, 1);
	l->values = g_new0(char *, n + 1);
	l->bytes = strlen(key) + 1 + sizeof *l + (n + 1) * sizeof(char *);
	for (size_t i = 0; i < n; i++) {
		l->values[i] = g_strdup(values[i]);
		l->bytes += strlen(values[i]) + 1;
	}
	l->n = n;
	if (l->bytes > LABELS_MAX_BYTES / 4) {
		qlabels_free(l);
		g_free(key);
		return;
	}
	pthread_mutex_lock(&c->lock);
	l->fetched = wall_now(c);
	if (g_hash_table_size(c->labels) >= LABELS_MAX ||
	    c->labels_bytes + l->bytes > LABELS_MAX_BYTES) {
		/* The older half (by age since the oldest entry kept). */
		double oldest = l->fetched;
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, c->labels);
		while (g_hash_table_iter_next(&it, &k, &v))
			oldest = fmin(oldest, ((struct qlabels *)v)->fetched);
		struct labels_cut cut = { c, oldest + (l->fetched - oldest) / 2 };
		if (!g_hash_table_foreach_remove(c->labels, older_than, &cut)) {
			g_hash_table_remove_all(c->labels);
			c->labels_bytes = 0;
		}
	}
	struct qlabels *old = g_hash_table_lookup(c->labels, key);
	if (old)
		c->labels_bytes -= old->bytes;
	c->labels_bytes += l->bytes;
	g_hash_table_replace(c->labels, key, l);
	pthread_mutex_unlock(&c->lock);
}

prom_cache *prom_cache_new(const struct prom_cache_config *cfg)
{
	prom_cache *c = g_new0(prom_cache, 1);
	pthread_mutex_init(&c->lock, NULL);
	c->entries = g_hash_table_new(g_str_hash, g_str_equal);
	c->flights = g_hash_table_new(g_str_hash, g_str_equal);
	c->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, qlabels_free);
	g_queue_init(&c->lru);
	c->max_bytes = cfg && cfg->max_bytes ? cfg->max_bytes : DEFAULT_MAX_BYTES;
	c->settle_s = cfg && cfg->settle_s > 0 ? cfg->settle_s : PROM_CACHE_SETTLE_S;
	c->fresh_s = cfg && cfg->fresh_s != 0 ? cfg->fresh_s : DEFAULT_FRESH_S;
	c->clock = real_now;
	if (getrandom(c->ident_key, sizeof c->ident_key, 0) != (ssize_t)sizeof c->ident_key)
		for (size_t i = 0; i < sizeof c->ident_key;
		     i++) /* no entropy yet: still per process */
			c->ident_key[i] = (guchar)g_random_int();
	return c;
}

static void ident_part(GHmac *h, const char *s)
{
	s = s ? s : "";
	g_hmac_update(h, (const guchar *)s, (gssize)strlen(s) + 1);
}

char *qcache_ident(prom_cache *c, const struct prom_config *cfg)
{
	GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, c->ident_key, sizeof c->ident_key);
	const char *parts[] = {cfg->name,     cfg->url,          cfg->username,
	                       cfg->password, cfg->bearer_token, cfg->ca_file};
	for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
		ident_part(h, parts[i]);
	for (size_t i = 0; i < cfg->n_headers; i++) {
		ident_part(h, cfg->headers[i].name);
		ident_part(h, cfg->headers[i].value);
	}
	char *id = g_strdup(g_hmac_get_string(h));
	g_hmac_unref(h);
	return id;
}

static void entry_free(struct qentry *e)
{
	span_unref(e->span);
	g_free(e->key);
	g_free(e);
}

void prom_cache_free(prom_cache *c)
{
	if (!c)
		return;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, c->entries);
	while (g_hash_table_iter_next(&it, &k, &v))
		entry_free(v);
	g_hash_table_destroy(c->entries);
	g_hash_table_destroy(c->flights); /* empty: no client may use the cache any more */
	g_hash_table_destroy(c->labels);
	pthread_mutex_destroy(&c->lock);
	g_free(c);
}

void prom_cache_stats(prom_cache *c, struct prom_cache_stats *s)
{
	pthread_mutex_lock(&c->lock);
	*s = c->st;
	s->bytes = c->bytes + c->labels_bytes;  /* label values too (kept apart, 16 MiB at most) */
	s->entries = g_hash_table_size(c->entries);
	pthread_mutex_unlock(&c->lock);
}

static void lru_touch(prom_cache *c, struct qentry *e)
{
	g_queue_unlink(&c->lru, &e->link);
	g_queue_push_head_link(&c->lru, &e->link);
}

static void entry_drop(prom_cache *c, struct qentry *e)
{
	g_queue_unlink(&c->lru, &e->link);
	g_hash_table_remove(c->entries, e->key);
	c->bytes -= e->bytes;
	entry_free(e);
}

/* Oldest first, until the total fits (the newest entry too, when it alone
 * does not: then nothing is kept, and the flight still hands it out). */
static void evict(prom_cache *c)
{
	while (c->bytes > c->max_bytes && c->lru.tail)
		entry_drop(c, c->lru.tail->data);
}

/* Starts asked recently, in two windows of ASK_WINDOW_S: a merge keeps
 * what any of them still needs. */
static void note_ask(struct qentry *e, int64_t is, double now)
{
	int64_t w = (int64_t)floor(now / ASK_WINDOW_S);
	if (w != e->ask_window) {
		e->ask_lo[1] = w == e->ask_window + 1 ? e->ask_lo[0] : INT64_MAX;
		e->ask_lo[0] = INT64_MAX;
		e->ask_window = w;
	}
	if (is < e->ask_lo[0])
		e->ask_lo[0] = is;
}

static int64_t keep_from(prom_cache *c, const char *key, int64_t is)
{
	pthread_mutex_lock(&c->lock);
	struct qentry *e = g_hash_table_lookup(c->entries, key);
	int64_t k = is;
	if (e) {
		note_ask(e, is, wall_now(c));
		k = e->ask_lo[0] < e->ask_lo[1] ? e->ask_lo[0] : e->ask_lo[1];
		k = k < is ? k : is;
	}
	pthread_mutex_unlock(&c->lock);
	return k;
}

/* Keeps sp under key, unless a newer answer got there first. */
static void install(prom_cache *c, const char *key, struct qspan *sp, int64_t is)
{
	struct qentry *e = g_hash_table_lookup(c->entries, key);
	if (!e) {
		e = g_new0(struct qentry, 1);
		e->key = g_strdup(key);
		e->link.data = e;
		e->ask_window = (int64_t)floor(sp->fetched_at / ASK_WINDOW_S);
		e->ask_lo[0] = is;
		e->ask_lo[1] = INT64_MAX;
		g_hash_table_insert(c->entries, e->key, e);
		g_queue_push_head_link(&c->lru, &e->link);
	} else if (e->span && e->span->fetched_at > sp->fetched_at) {
		return;
	} else {
		lru_touch(c, e);
	}
	span_unref(e->span);
	e->span = span_ref(sp);
	c->bytes -= e->bytes;
	e->bytes = strlen(e->key) + 1 + sizeof *e + sp->bytes;
	c->bytes += e->bytes;
	evict(c);
}

/* ---- a query's passage -------------------------------------------------------------- */

static int64_t grid_index(double t, double step)
{
	return (int64_t)floor(t / step + GRID_EPS);
}

/* The entry's key; for a range also the request's grid indices. */
static char *entry_key(const char *ident, const struct prom_query *q, int64_t *is, int64_t *ie)
{
	const char *expr = q->expr ? q->expr : "";
	if (q->instant) {
		*is = *ie = 0;
		return g_strdup_printf("I\x1f%s\x1f%.3f\x1f%s", ident, q->end, expr);
	}
	int64_t n = (int64_t)floor((q->end - q->start) / q->step + GRID_EPS); /* checked: fits */
	if (!(fabs(q->start / q->step) < MAX_GRID_INDEX)) {
		/* A grid whose indices a double cannot count exactly (a step of
		 * picoseconds): indexed from this start, shared only with it. */
		*is = 0;
		*ie = n;
		return g_strdup_printf("S\x1f%s\x1f%.17g\x1f%.17g\x1f%s", ident, q->step, q->start,
		                       expr);
	}
	*is = grid_index(q->start, q->step);
	*ie = *is + n;
	double phase = q->start - (double)*is * q->step;
	return g_strdup_printf("R\x1f%s\x1f%.17g\x1f%.3f\x1f%s", ident, q->step, phase, expr);
}

static bool span_serves(const prom_cache *c, const struct qspan *sp, const struct qcache_ticket *t,
                        double now)
{
	if (sp->instant)
		return true; /* kept only when settled */
	if (t->is < sp->i0 || t->ie > sp->i0 + (int64_t)sp->n - 1)
		return false;
	return t->ie <= sp->settled || now - sp->fetched_at <= c->fresh_s;
}

/* Whether a range starting at index is can be answered from sp's settled
 * part and a fetch from the step after it.  A range starting a little
 * after the settled part (within settle_s: a "last 5 minutes" beside a
 * "last hour" of the same query) asks from there too, a little more than
 * it needs, so that it does not replace the span the longer range keeps. */
static bool extends(const prom_cache *c, const struct qspan *sp, int64_t is, double step)
{
	return sp && !sp->instant && is >= sp->i0 &&
	       (double)(is - sp->settled - 1) * step <= c->settle_s;
}

/* What to ask: the tail after the kept span's settled part when the range
 * starts within that part (incremental), else the whole range. */
static void plan_fetch(prom_cache *c, const struct qspan *sp, const struct prom_query *q,
                       struct qcache_ticket *t)
{
	t->fi = t->is;
	if (!q->instant && extends(c, sp, t->is, q->step)) {
		t->span = span_ref((struct qspan *)sp);
		t->fi = sp->settled + 1;
		t->fetch.start = q->start + (double)(t->fi - t->is) * q->step;
	}
	if (t->fi > t->is)
		c->st.incremental++;
	else
		c->st.misses++;
}

static struct qflight *flight_new(char *key, const char *entry_key, bool keep)
{
	struct qflight *f = g_new0(struct qflight, 1);
	f->key = key;
	f->entry_key = g_strdup(entry_key);
	f->keep = keep;
	f->refs = 1;
	pthread_condattr_t a;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC); /* the budget's clock */
	pthread_cond_init(&f->cond, &a);
	pthread_condattr_destroy(&a);
	return f;
}

/* Under the cache lock. */
static void flight_unref(struct qflight *f)
{
	if (--f->refs > 0)
		return;
	pthread_cond_destroy(&f->cond);
	span_unref(f->span);
	g_free(f->entry_key);
	g_free(f->key);
	g_free(f);
}

void qcache_begin(prom_cache *c, const char *ident, const struct prom_query *q,
                  struct qcache_ticket *t)
{
	memset(t, 0, sizeof *t);
	t->fetch = *q;
	t->asked_at = wall_now(c);
	char *ekey = entry_key(ident, q, &t->is, &t->ie);
	char *fkey = q->instant
	                     ? g_strdup(ekey)
	                     : g_strdup_printf("%s\x1f%" PRId64 "\x1f%" PRId64, ekey, t->is, t->ie);

	pthread_mutex_lock(&c->lock);
	struct qentry *e = g_hash_table_lookup(c->entries, ekey);
	struct qflight *f = g_hash_table_lookup(c->flights, fkey);
	if (e) {
		lru_touch(c, e);
		if (!q->instant)
			note_ask(e, t->is, t->asked_at);
	}
	if (e && span_serves(c, e->span, t, t->asked_at)) {
		t->action = QCACHE_HIT;
		t->span = span_ref(e->span);
		c->st.hits++;
	} else if (f) {
		t->action = QCACHE_WAIT;
		t->flight = f;
		f->refs++;
		c->st.coalesced++;
	} else {
		bool keep = !q->instant || q->end <= t->asked_at - c->settle_s;
		t->action = QCACHE_SEND;
		t->flight = f = flight_new(fkey, ekey, keep);
		fkey = NULL;
		g_hash_table_insert(c->flights, f->key, f);
		plan_fetch(c, e ? e->span : NULL, q, t);
	}
	pthread_mutex_unlock(&c->lock);
	g_free(fkey);
	g_free(ekey);
}

/* The fetched answer as the span to hand out and keep: merged into the
 * base when the fetch was the tail, settled up to what was final when it
 * was asked. */
static struct qspan *answer_span(prom_cache *c, struct qcache_ticket *t,
                                 struct cairn_result *fetched)
{
	const struct prom_query *f = &t->fetch;
	if (f->instant) {
		struct qspan *sp = span_take_result(fetched, true, 0, 0);
		sp->fetched_at = t->asked_at;
		span_count_bytes(sp);
		return sp;
	}
	struct qspan *sp = span_take_result(fetched, false, t->fi, (size_t)(t->ie - t->fi + 1));
	if (t->span) {
		int64_t k = keep_from(c, t->flight->entry_key, t->is);
		sp = span_merge(t->span, sp, k);
	}
	double final = floor((t->asked_at - c->settle_s - f->start) / f->step + GRID_EPS);
	int64_t last = sp->i0 + (int64_t)sp->n - 1;
	/* Before the fetch, the base was settled up to fi - 1 (or nothing was). */
	sp->settled = t->fi - 1;
	if (final >= 0)
		sp->settled = final >= (double)(last - t->fi) ? last : t->fi + (int64_t) final;
	sp->fetched_at = t->asked_at;
	span_count_bytes(sp);
	return sp;
}

void qcache_publish(prom_cache *c, struct qcache_ticket *t, struct cairn_result *fetched,
                    const struct cairn_err *err, bool own)
{
	struct qflight *f = t->flight;
	struct qspan *sp = err ? NULL : answer_span(c, t, fetched);

	result_fini(fetched);

	pthread_mutex_lock(&c->lock);
	g_hash_table_remove(c->flights, f->key);
	f->done = true;
	if (err) {
		f->err = *err;
		f->own = own;
		if (!f->err.code)
			f->err.code = CAIRN_EIO;
	} else {
		f->span = span_ref(sp);
		if (f->keep)
			install(c, f->entry_key, sp, t->is);
	}
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&c->lock);
	span_unref(sp);
}

static struct timespec mono_timespec(double s)
{
	s = isfinite(s) && s < 1e15 ? fmax(s, 0) : 1e15; /* within a time_t */
	double whole = floor(s);
	return (struct timespec){.tv_sec = (time_t)whole, .tv_nsec = (long)((s - whole) * 1e9)};
}

/* The flight's answer (a reference), or its error, or the deadline's, or
 * QCACHE_AGAIN. */
static int await(prom_cache *c, struct qflight *f, bool leader, struct budget *b, const char *shown,
                 bool may_retry, struct qspan **sp, struct cairn_err *err)
{
	struct timespec until = mono_timespec(b->deadline_at);
	int rc = 0;

	pthread_mutex_lock(&c->lock);
	while (!f->done)
		if (pthread_cond_timedwait(&f->cond, &c->lock, &until) != 0 && !f->done)
			break;
	if (!f->done)
		rc = cairn_err_set(err, CAIRN_ETIMEOUT,
		                   "%s did not answer before the request's deadline "
		                   "(%g s)",
		                   shown, b->lim.deadline_s);
	else if (f->err.code && f->own && !leader && may_retry)
		rc = QCACHE_AGAIN;
	else if (f->err.code)
		rc = cairn_err_set(err, f->err.code, "%s", f->err.msg);
	else
		*sp = span_ref(f->span);
	flight_unref(f);
	pthread_mutex_unlock(&c->lock);
	return rc;
}

int qcache_finish(prom_cache *c, struct qcache_ticket *t, const struct prom_query *q,
                  struct budget *b, const char *shown, bool may_retry, struct cairn_result *r,
                  struct cairn_err *err)
{
	struct qspan *sp = NULL;
	int rc = 0;

	if (t->action == QCACHE_HIT) {
		sp = t->span;
		t->span = NULL;
	} else {
		rc = await(c, t->flight, t->action == QCACHE_SEND, b, shown, may_retry, &sp, err);
		t->flight = NULL;
	}
	span_unref(t->span); /* the base a tail was merged into */
	t->span = NULL;
	if (sp)
		rc = copy_out(sp, t, q, b, r, err);
	span_unref(sp);
	return rc;
}
