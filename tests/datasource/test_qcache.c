/*
 * test_qcache.c — the shared query cache (datasource/qcache.c) and the
 * client options around it.
 *
 * "unit": against a small fake Prometheus on 127.0.0.1 that computes its
 * answers from what it is asked (series a = 2t everywhere, b only before a
 * time, c only from a time, given in the expression), logs every request
 * and can hold its answers behind a gate; the cache reads a fake clock.
 * Every answer the cache gives is compared with what a client without a
 * cache gets for the same query.
 *
 * "live": against the real test Prometheus (CAIRN_TEST_PROM_URL,
 * tests/harness/prom.sh started with CAIRN_HARNESS_QUERY_LOG): coalescing
 * counted by Prometheus' own prometheus_http_requests_total, and the range
 * an incremental refresh asks read from Prometheus' own query log.
 */
#include <check.h>
Suite *make_suite(void);
#include <arpa/inet.h>
#include <curl/curl.h>
#include <glib.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "datasource/prom.h"
#include "datasource/qcache.h"

#define NOW 1767312000.0 /* 2026-01-02T00:00:00Z: the fake clock's start */

/* ---- a fake Prometheus ---------------------------------------------------- */

struct seen {
	char path[64];
	char query[256];
	double start, end, step, time;
	char head[2048];
};

struct fake {
	int fd, port;
	GThread *accepter;
	GPtrArray *handlers;
	pthread_mutex_t lock; /* plain pthreads, so ThreadSanitizer sees them */
	pthread_cond_t cond;
	bool gate_closed;
	GArray *log; /* struct seen */
};

static struct fake F;

static void send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}

static void reply(int fd, const char *status, const char *body)
{
	char head[256];
	int n = snprintf(head, sizeof head,
	                 "HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
	                 "Connection: close\r\n\r\n",
	                 status, strlen(body));
	send_all(fd, head, (size_t)n);
	send_all(fd, body, strlen(body));
}

static size_t read_request(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	while (len + 1 < cap) {
		ssize_t k = recv(fd, buf + len, cap - 1 - len, 0);
		if (k <= 0)
			break;
		len += (size_t)k;
		buf[len] = '\0';
		char *eoh = strstr(buf, "\r\n\r\n");
		if (!eoh)
			continue;
		char *cl = strcasestr(buf, "Content-Length:");
		size_t want = cl && cl < eoh ? strtoul(cl + 15, NULL, 10) : 0;
		if (len >= (size_t)(eoh + 4 - buf) + want)
			break;
	}
	buf[len] = '\0';
	return len;
}

/* The request line's path and the form (POST body or GET query string). */
static void parse_request(const char *req, struct seen *s)
{
	char target[1024] = "";
	sscanf(req, "%*s %1023s", target);
	char *q = strchr(target, '?');
	const char *form = q ? q + 1 : "";
	if (q)
		*q = '\0';
	g_strlcpy(s->path, target, sizeof s->path);
	const char *body = strstr(req, "\r\n\r\n");
	if (!q && body)
		form = body + 4;
	size_t hl = body ? (size_t)(body - req) : strlen(req);
	g_strlcpy(s->head, req, hl + 1 < sizeof s->head ? hl + 1 : sizeof s->head);
	s->start = s->end = s->step = s->time = NAN;
	char **kv = g_strsplit(form, "&", -1);
	for (char **p = kv; *p; p++) {
		char *eq = strchr(*p, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *v = g_uri_unescape_string(eq + 1, NULL);
		if (!v)
			continue;
		if (strcmp(*p, "query") == 0)
			g_strlcpy(s->query, v, sizeof s->query);
		else if (strcmp(*p, "start") == 0)
			s->start = g_ascii_strtod(v, NULL);
		else if (strcmp(*p, "end") == 0)
			s->end = g_ascii_strtod(v, NULL);
		else if (strcmp(*p, "step") == 0)
			s->step = g_ascii_strtod(v, NULL);
		else if (strcmp(*p, "time") == 0)
			s->time = g_ascii_strtod(v, NULL);
		g_free(v);
	}
	g_strfreev(kv);
}

static void add_series(GString *out, bool *first, const char *k, const struct seen *s,
                       double b_until, double c_from)
{
	GString *vals = g_string_new(NULL);
	for (double t = s->start; t <= s->end + 1e-6; t += s->step) {
		bool has =
		        k[0] == 'a' || (k[0] == 'b' && t < b_until) || (k[0] == 'c' && t >= c_from);
		if (has)
			g_string_append_printf(vals, "%s[%.3f,\"%.3f\"]", vals->len ? "," : "", t,
			                       2 * t);
	}
	if (vals->len)
		g_string_append_printf(out,
		                       "%s{\"metric\":{\"__name__\":\"gen\",\"k\":\"%s\"},"
		                       "\"values\":[%s]}",
		                       *first ? "" : ",", k, vals->str);
	if (vals->len)
		*first = false;
	g_string_free(vals, TRUE);
}

/* "gen [B C]": a = 2t everywhere; b before B, c from C (absent: none). */
static char *gen_answer(const struct seen *s)
{
	double b_until = -INFINITY, c_from = INFINITY;
	sscanf(s->query, "gen %lf %lf", &b_until, &c_from);
	GString *out = g_string_new("{\"status\":\"success\",\"data\":");
	if (strcmp(s->path, "/api/v1/query") == 0) {
		g_string_append_printf(out,
		                       "{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"k\":"
		                       "\"a\"},\"value\":[%.3f,\"%.3f\"]}]}}",
		                       s->time, 2 * s->time);
		return g_string_free(out, FALSE);
	}
	bool first = true;
	g_string_append(out, "{\"resultType\":\"matrix\",\"result\":[");
	add_series(out, &first, "a", s, b_until, c_from);
	add_series(out, &first, "b", s, b_until, c_from);
	add_series(out, &first, "c", s, b_until, c_from);
	g_string_append(out, "]}}");
	return g_string_free(out, FALSE);
}

static void behave(int fd, const struct seen *s)
{
	if (strncmp(s->query, "fail", 4) == 0) {
		reply(fd, "500 Internal Server Error",
		      "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom\"}");
	} else if (strncmp(s->query, "garbage", 7) == 0) {
		reply(fd, "200 OK", "not json");
	} else {
		char *body = gen_answer(s);
		reply(fd, "200 OK", body);
		g_free(body);
	}
}

struct conn {
	int fd;
};

static gpointer handle(gpointer p)
{
	struct conn *c = p;
	char req[8192];
	struct seen s = {0};
	read_request(c->fd, req, sizeof req);
	parse_request(req, &s);
	pthread_mutex_lock(&F.lock);
	g_array_append_val(F.log, s);
	pthread_cond_broadcast(&F.cond);
	while (F.gate_closed)
		pthread_cond_wait(&F.cond, &F.lock);
	pthread_mutex_unlock(&F.lock);
	behave(c->fd, &s);
	close(c->fd);
	g_free(c);
	return NULL;
}

static gpointer accept_loop(gpointer unused)
{
	for (;;) {
		int fd = accept(F.fd, NULL, NULL);
		if (fd < 0)
			return NULL;
		struct conn *c = g_new0(struct conn, 1);
		c->fd = fd;
		GThread *t = g_thread_new("conn", handle, c);
		pthread_mutex_lock(&F.lock);
		g_ptr_array_add(F.handlers, t);
		pthread_mutex_unlock(&F.lock);
	}
}

static int listen_local(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(fd, 128), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void fake_start(void)
{
	pthread_mutex_init(&F.lock, NULL);
	pthread_cond_init(&F.cond, NULL);
	F.handlers = g_ptr_array_new();
	F.log = g_array_new(FALSE, TRUE, sizeof(struct seen));
	F.fd = listen_local(&F.port);
	F.accepter = g_thread_new("accept", accept_loop, NULL);
}

static void gate(bool closed)
{
	pthread_mutex_lock(&F.lock);
	F.gate_closed = closed;
	pthread_cond_broadcast(&F.cond);
	pthread_mutex_unlock(&F.lock);
}

static void fake_stop(void)
{
	gate(false);
	shutdown(F.fd, SHUT_RDWR);
	g_thread_join(F.accepter);
	close(F.fd);
	for (guint i = 0; i < F.handlers->len; i++)
		g_thread_join(F.handlers->pdata[i]);
	g_ptr_array_free(F.handlers, TRUE);
	g_array_free(F.log, TRUE);
	pthread_cond_destroy(&F.cond);
	pthread_mutex_destroy(&F.lock);
}

static int requests(void)
{
	pthread_mutex_lock(&F.lock);
	int n = (int)F.log->len;
	pthread_mutex_unlock(&F.lock);
	return n;
}

static struct seen last_seen(void)
{
	pthread_mutex_lock(&F.lock);
	ck_assert_uint_gt(F.log->len, 0);
	struct seen s = g_array_index(F.log, struct seen, F.log->len - 1);
	pthread_mutex_unlock(&F.lock);
	return s;
}

/* Until the fake has received n requests (they wait at its gate); fails
 * after 10 s. */
static void wait_requests(int n)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&F.lock);
	while ((int)F.log->len < n)
		if (pthread_cond_timedwait(&F.cond, &F.lock, &until) != 0)
			break;
	int got = (int)F.log->len;
	pthread_mutex_unlock(&F.lock);
	ck_assert_msg(got >= n, "the fake Prometheus got %d requests, not %d", got, n);
}

/* ---- clients, queries, results ----------------------------------------------- */

static double clock_now;

static double fake_clock(void *unused)
{
	return clock_now;
}

static prom_cache *cache_new(double settle, double fresh, size_t max_bytes)
{
	struct prom_cache_config cc = {
	        .max_bytes = max_bytes, .settle_s = settle, .fresh_s = fresh};
	prom_cache *c = prom_cache_new(&cc);
	clock_now = NOW;
	qcache_set_clock(c, fake_clock, NULL);
	return c;
}

static prom_client *client_with(prom_cache *cache)
{
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", F.port);
	struct prom_config cfg = {.url = url, .timeout_s = 10, .cache = cache};
	struct cairn_err err = {0};
	prom_client *c = prom_new(&cfg, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	return c;
}

static struct prom_query range(const char *expr, double start, double end)
{
	return (struct prom_query){.expr = expr,
	                           .legend_format = "{{k}}",
	                           .ref_id = "A",
	                           .start = start,
	                           .end = end,
	                           .step = 15};
}

static struct budget budget_with(double deadline_s, uint64_t max_points)
{
	struct cairn_limits l;
	limits_default(&l);
	l.deadline_s = deadline_s;
	if (max_points)
		l.max_points = max_points;
	struct budget b;
	budget_init(&b, &l);
	return b;
}

/* One query through c: 0 or the batch's own error; r is the caller's. */
static void ask(prom_client *c, const struct prom_query *q, struct budget *b,
                struct cairn_result *r)
{
	struct cairn_err err = {0};
	result_init(r);
	ck_assert_msg(prom_query_batch(c, q, 1, r, 1, b, &err) == 0, "%s", err.msg);
}

static void same_answer(const struct cairn_result *got, const struct cairn_result *want)
{
	ck_assert_int_eq(got->status, want->status);
	ck_assert_str_eq(got->message, want->message);
	ck_assert_uint_eq(got->n_series, want->n_series);
	ck_assert_uint_eq(got->points, want->points);
	for (size_t i = 0; i < want->n_series; i++) {
		const struct series *g = &got->series[i], *w = &want->series[i];
		ck_assert_str_eq(g->name, w->name);
		ck_assert_str_eq(g->ref_id, w->ref_id);
		ck_assert_uint_eq(g->target_index, w->target_index);
		ck_assert_uint_eq(g->n_labels, w->n_labels);
		for (size_t k = 0; k < w->n_labels; k++) {
			ck_assert_str_eq(g->labels[k].name, w->labels[k].name);
			ck_assert_str_eq(g->labels[k].value, w->labels[k].value);
		}
		ck_assert_uint_eq(g->n, w->n);
		for (size_t k = 0; k < w->n; k++) {
			ck_assert_msg(g->t[k] == w->t[k], "series %zu t[%zu]: %.3f, want %.3f", i,
			              k, g->t[k], w->t[k]);
			ck_assert_msg(g->v[k] == w->v[k] || (isnan(g->v[k]) && isnan(w->v[k])),
			              "series %s v[%zu]: %g, want %g", w->name, k, g->v[k],
			              w->v[k]);
		}
	}
}

/* q through the cached client equals q through a client without cache. */
static void check_against_direct(prom_client *cached, prom_client *direct,
                                 const struct prom_query *q)
{
	struct cairn_result a, b;
	ask(cached, q, NULL, &a);
	ask(direct, q, NULL, &b);
	same_answer(&a, &b);
	result_fini(&a);
	result_fini(&b);
}

static struct prom_cache_stats stats(prom_cache *c)
{
	struct prom_cache_stats s;
	prom_cache_stats(c, &s);
	return s;
}

/* ---- unit: hits, tails, trimming, LRU ----------------------------------------- */

START_TEST(hit_copies_with_own_names)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache), *direct = client_with(NULL);
	struct prom_query q = range("gen", NOW - 3600, NOW - 1800);
	struct cairn_result r1, r2, want;

	ask(c, &q, NULL, &r1);
	ck_assert_int_eq(requests(), 1);
	ask(direct, &q, NULL, &want);
	same_answer(&r1, &want);

	/* another panel with the same query: its own legend, refId and target */
	q.legend_format = "x-{{k}}";
	q.ref_id = "B";
	q.target_index = 3;
	ask(c, &q, NULL, &r2);
	ck_assert_int_eq(requests(), 2); /* the direct one only */
	ck_assert_uint_eq(r2.n_series, 1);
	ck_assert_str_eq(r2.series[0].name, "x-a");
	ck_assert_str_eq(r2.series[0].ref_id, "B");
	ck_assert_uint_eq(r2.series[0].target_index, 3);
	result_fini(&want);
	ask(direct, &q, NULL, &want);
	same_answer(&r2, &want);

	/* a range inside the kept one is a hit too */
	struct prom_query inner = range("gen", NOW - 3000, NOW - 2400);
	check_against_direct(c, direct, &inner);
	ck_assert_int_eq(requests(), 4); /* the direct one again */

	struct prom_cache_stats s = stats(cache);
	ck_assert_uint_eq(s.hits, 2);
	ck_assert_uint_eq(s.misses, 1);
	ck_assert_uint_eq(s.incremental, 0);
	ck_assert_uint_eq(s.entries, 1);
	/* 121 values, labels and key: about 1 KB, and the times are not kept */
	ck_assert_uint_gt(s.bytes, 121 * 8);
	ck_assert_uint_lt(s.bytes, 121 * 16);
	result_fini(&r1);
	result_fini(&r2);
	result_fini(&want);
	prom_free(c);
	prom_free(direct);
	prom_cache_free(cache);
}
END_TEST

/* Clients share answers when they would send the same requests: same
 * name, URL and credentials; another token keeps them apart. */
START_TEST(clients_share_only_when_identical)
{
	prom_cache *cache = cache_new(300, 5, 0);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", F.port);
	const char *tokens[] = {"tok-one", "tok-one", "tok-two"};
	prom_client *c[3];
	for (int i = 0; i < 3; i++) {
		struct prom_config cfg = {.url = url, .cache = cache, .bearer_token = tokens[i]};
		c[i] = prom_new(&cfg, NULL);
		ck_assert_ptr_nonnull(c[i]);
	}
	struct prom_query q = range("gen", NOW - 7200, NOW - 3600);
	struct cairn_result r;
	for (int i = 0; i < 3; i++) {
		ask(c[i], &q, NULL, &r);
		ck_assert_uint_eq(r.n_series, 1);
		result_fini(&r);
	}
	ck_assert_int_eq(requests(), 2);
	ck_assert_msg(strstr(last_seen().head, "Bearer tok-two"), "%s", last_seen().head);
	struct prom_cache_stats s = stats(cache);
	ck_assert_uint_eq(s.hits, 1);
	ck_assert_uint_eq(s.entries, 2);
	for (int i = 0; i < 3; i++)
		prom_free(c[i]);
	prom_cache_free(cache);
}
END_TEST

/* A grid whose indices do not fit (a picosecond step) is keyed by its
 * exact start: no overflow, still shared with the same query. */
START_TEST(odd_grid_keyed_by_start)
{
	prom_cache *cache = cache_new(300, 5, 0);
	struct prom_query q = range("gen", NOW - 7200, NOW - 7200);
	q.step = 1e-12;
	struct qcache_ticket t;
	struct cairn_result fetched, r;
	struct cairn_err err = {0};

	for (int i = 0; i < 2; i++) {
		qcache_begin(cache, "client", &q, &t);
		ck_assert_int_eq(t.action, i == 0 ? QCACHE_SEND : QCACHE_HIT);
		result_init(&fetched);
		if (i == 0)
			qcache_publish(cache, &t, &fetched, NULL, false);
		result_init(&r);
		struct budget b = budget_with(10, 0);
		ck_assert_int_eq(qcache_finish(cache, &t, &q, &b, "x", true, &r, &err), 0);
		ck_assert_uint_eq(r.n_series, 0);
		result_fini(&r);
	}
	prom_cache_free(cache);
}
END_TEST

/* A now-relative range refreshed 45 s later asks only from the first
 * unsettled step; the merged answer is the one asked whole, series that
 * went away (b) and appeared (c) included. */
START_TEST(refresh_asks_only_the_tail)
{
	prom_cache *cache = cache_new(60, 5, 0);
	prom_client *c = client_with(cache), *direct = client_with(NULL);
	char expr[64];
	snprintf(expr, sizeof expr, "gen %.0f %.0f", NOW - 30, NOW + 30);
	struct prom_query q = range(expr, NOW - 3600, NOW);
	struct cairn_result r;

	ask(c, &q, NULL, &r);
	result_fini(&r);
	struct seen s = last_seen();
	ck_assert_double_eq(s.start, NOW - 3600);
	ck_assert_double_eq(s.end, NOW);

	clock_now = NOW + 45;
	q.start += 45;
	q.end += 45;
	int before = requests();
	ask(c, &q, NULL, &r);
	ck_assert_int_eq(requests(), before + 1);
	s = last_seen();
	/* settled when fetched: up to NOW - 60; asked: the step after it */
	ck_assert_double_eq(s.start, NOW - 45);
	ck_assert_double_eq(s.end, NOW + 45);
	ck_assert_uint_eq(r.n_series, 3);
	struct cairn_result want;
	ask(direct, &q, NULL, &want);
	same_answer(&r, &want);
	result_fini(&r);
	result_fini(&want);
	ck_assert_uint_eq(stats(cache).incremental, 1);

	/* within fresh_s of that fetch: a hit */
	clock_now += 2;
	before = requests();
	ask(c, &q, NULL, &r);
	ck_assert_int_eq(requests(), before);
	result_fini(&r);
	ck_assert_uint_eq(stats(cache).hits, 1);
	prom_free(c);
	prom_free(direct);
	prom_cache_free(cache);
}
END_TEST

/* A short range near now beside a long one of the same query: the short
 * one asks from the long one's settled end, so the span the long one
 * reads stays, and both are answered as asked. */
START_TEST(short_range_keeps_long_span)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache), *direct = client_with(NULL);
	struct prom_query hour = range("gen", NOW - 3600, NOW);
	struct prom_query five = range("gen", NOW - 150, NOW + 15);

	check_against_direct(c, direct, &hour);
	clock_now = NOW + 10;
	int before = requests();
	check_against_direct(c, direct, &five);
	ck_assert_int_eq(requests(), before + 2);
	pthread_mutex_lock(&F.lock);
	struct seen s = g_array_index(F.log, struct seen, before);
	pthread_mutex_unlock(&F.lock);
	ck_assert_double_eq(s.start, NOW - 285); /* the step after the settled part */
	ck_assert_double_eq(s.end, NOW + 15);
	clock_now = NOW + 12;
	before = requests();
	check_against_direct(c, direct, &hour);
	ck_assert_int_eq(requests(), before + 1); /* the direct one only */
	struct prom_cache_stats st = stats(cache);
	ck_assert_uint_eq(st.misses, 2);
	ck_assert_uint_eq(st.hits, 1);
	prom_free(c);
	prom_free(direct);
	prom_cache_free(cache);
}
END_TEST

/* A range slid forward for hours keeps a bounded span: what no recent
 * request asks for is trimmed at each merge. */
START_TEST(sliding_range_stays_bounded)
{
	prom_cache *cache = cache_new(60, 5, 0);
	prom_client *c = client_with(cache), *direct = client_with(NULL);
	size_t bytes[13] = {0};

	for (int k = 0; k <= 12; k++) {
		clock_now = NOW + 600.0 * k;
		struct prom_query q = range("gen", clock_now - 3600, clock_now);
		struct cairn_result r;
		ask(c, &q, NULL, &r);
		ck_assert_uint_eq(r.n_series, 1);
		ck_assert_uint_eq(r.series[0].n, 241);
		result_fini(&r);
		/* the first unsettled step of the fetch before */
		if (k > 0)
			ck_assert_double_eq(last_seen().start, clock_now - 600 - 45);
		if (k == 12)
			check_against_direct(c, direct, &q);
		bytes[k] = stats(cache).bytes;
	}
	fprintf(stderr, "sliding span: %zu bytes after 3 refreshes, %zu after 12\n", bytes[3],
	        bytes[12]);
	ck_assert_uint_eq(bytes[12], bytes[6]);
	/* 1 h asked, kept with the previous window's start: ~4200 s of 15 s steps */
	ck_assert_uint_lt(bytes[12], (4200 / 15 + 10) * 8 + 400);
	ck_assert_uint_eq(stats(cache).incremental, 12);
	prom_free(c);
	prom_free(direct);
	prom_cache_free(cache);
}
END_TEST

START_TEST(lru_by_bytes)
{
	prom_cache *probe = cache_new(300, 5, 0);
	prom_client *c = client_with(probe);
	struct prom_query q = range("gen #0", NOW - 7200, NOW - 3600);
	struct cairn_result r;
	ask(c, &q, NULL, &r);
	result_fini(&r);
	size_t one = stats(probe).bytes;
	prom_free(c);
	prom_cache_free(probe);

	prom_cache *cache = cache_new(300, 5, one * 5 / 2);
	c = client_with(cache);
	char exprs[5][16];
	for (int i = 0; i < 5; i++) {
		snprintf(exprs[i], sizeof exprs[i], "gen #%d", i);
		q.expr = exprs[i];
		ask(c, &q, NULL, &r);
		result_fini(&r);
	}
	struct prom_cache_stats s = stats(cache);
	ck_assert_uint_eq(s.entries, 2);
	ck_assert_uint_le(s.bytes, one * 5 / 2);
	int before = requests();
	q.expr = exprs[4]; /* the newest: kept */
	ask(c, &q, NULL, &r);
	result_fini(&r);
	ck_assert_int_eq(requests(), before);
	q.expr = exprs[0]; /* the oldest: evicted */
	ask(c, &q, NULL, &r);
	ck_assert_uint_eq(r.n_series, 1);
	result_fini(&r);
	ck_assert_int_eq(requests(), before + 1);
	s = stats(cache);
	ck_assert_uint_eq(s.hits, 1);
	ck_assert_uint_eq(s.misses, 6);

	/* an answer larger than the whole cache is handed out, not kept */
	prom_cache *tiny = cache_new(300, 5, 16);
	prom_client *t = client_with(tiny);
	ask(t, &q, NULL, &r);
	ck_assert_uint_eq(r.n_series, 1);
	result_fini(&r);
	ck_assert_uint_eq(stats(tiny).entries, 0);
	ck_assert_uint_eq(stats(tiny).bytes, 0);
	prom_free(t);
	prom_cache_free(tiny);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

/* Instant queries: kept by exact time once that time is settled. */
START_TEST(instant_kept_only_when_settled)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache), *direct = client_with(NULL);
	struct prom_query q = {.expr = "gen",
	                       .legend_format = "{{k}}",
	                       .ref_id = "A",
	                       .instant = true,
	                       .end = NOW - 3600};
	check_against_direct(c, direct, &q);
	int before = requests();
	check_against_direct(c, direct, &q);
	ck_assert_int_eq(requests(), before + 1); /* the direct one */
	q.end = NOW - 10;
	check_against_direct(c, direct, &q);
	before = requests();
	check_against_direct(c, direct, &q);
	ck_assert_int_eq(requests(), before + 2);
	struct prom_cache_stats s = stats(cache);
	ck_assert_uint_eq(s.hits, 1);
	ck_assert_uint_eq(s.misses, 3);
	ck_assert_uint_eq(s.entries, 1);
	prom_free(c);
	prom_free(direct);
	prom_cache_free(cache);
}
END_TEST

/* A hit takes series and points from the request's budget and fails as
 * the miss would have, with the same message. */
START_TEST(hits_take_from_the_budget)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache), *direct = client_with(NULL);
	char expr[64];
	snprintf(expr, sizeof expr, "gen %.0f %.0f", NOW, NOW - 7200); /* a, b and c: 3 series */
	struct prom_query q = range(expr, NOW - 7200, NOW - 3600);
	struct cairn_result r, want;
	struct budget b1 = budget_with(30, 0), b2 = budget_with(30, 0);

	ask(c, &q, &b1, &r); /* the miss */
	result_fini(&r);
	ask(c, &q, &b2, &r); /* the hit */
	ck_assert_uint_eq(r.n_series, 3);
	result_fini(&r);
	ck_assert_uint_eq(stats(cache).hits, 1);
	ck_assert_uint_eq(atomic_load(&b2.used[BUDGET_POINTS]), 3 * 241);
	ck_assert_uint_eq(atomic_load(&b2.used[BUDGET_SERIES]), 3);
	ck_assert_uint_eq(atomic_load(&b1.used[BUDGET_POINTS]), 3 * 241);
	ck_assert_uint_eq(atomic_load(&b2.used[BUDGET_QUERIES]), 0);

	/* room for 2 series, and for one series short of a step */
	const uint64_t caps[] = {3 * 241 - 1, 240};
	for (size_t i = 0; i < G_N_ELEMENTS(caps); i++) {
		struct budget bh = budget_with(30, caps[i]), bm = budget_with(30, caps[i]);
		ask(c, &q, &bh, &r);
		ask(direct, &q, &bm, &want);
		ck_assert_int_eq(r.status, RESULT_ERROR);
		ck_assert_msg(strstr(r.message, "budget"), "%s", r.message);
		same_answer(&r, &want);
		ck_assert_uint_eq(atomic_load(&bh.used[BUDGET_POINTS]), 0);
		result_fini(&r);
		result_fini(&want);
	}
	ck_assert_uint_eq(stats(cache).hits, 2); /* one step too many: refused before asking */
	prom_free(c);
	prom_free(direct);
	prom_cache_free(cache);
}
END_TEST

/* ---- unit: coalescing ------------------------------------------------------------ */

struct asker {
	prom_client *c;
	struct prom_query q;
	double deadline_s;
	struct cairn_result r;
	double took;
};

static gpointer ask_thread(gpointer p)
{
	struct asker *a = p;
	struct budget b = budget_with(a->deadline_s, 0);
	double t0 = mono_now();
	ask(a->c, &a->q, &b, &a->r);
	a->took = mono_now() - t0;
	return NULL;
}

static void wait_coalesced(prom_cache *cache, uint64_t n)
{
	for (int i = 0; i < 2000 && stats(cache).coalesced < n; i++)
		g_usleep(1000);
	ck_assert_uint_eq(stats(cache).coalesced, n);
}

/* A failed answer reaches the requests coalesced on it and is not kept. */
START_TEST(failure_shared_not_kept)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache);
	struct prom_query q = range("fail", NOW - 7200, NOW - 3600);
	struct asker a[3];

	gate(true);
	for (int i = 0; i < 3; i++)
		a[i] = (struct asker){.c = c, .q = q, .deadline_s = 20};
	GThread *leader = g_thread_new("leader", ask_thread, &a[0]);
	wait_requests(1);
	GThread *w1 = g_thread_new("waiter", ask_thread, &a[1]);
	GThread *w2 = g_thread_new("waiter", ask_thread, &a[2]);
	wait_coalesced(cache, 2);
	gate(false);
	g_thread_join(leader);
	g_thread_join(w1);
	g_thread_join(w2);
	ck_assert_int_eq(requests(), 1);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(a[i].r.status, RESULT_ERROR);
		/* the store's words, after the datasource and endpoint that said them */
		ck_assert_msg(g_str_has_prefix(a[i].r.message, "datasource at http://127.0.0.1:") &&
		                      g_str_has_suffix(a[i].r.message,
		                                       "/api/v1/query_range: execution: boom"),
		              "%s", a[i].r.message);
		result_fini(&a[i].r);
	}
	struct prom_cache_stats s = stats(cache);
	ck_assert_uint_eq(s.entries, 0);
	ck_assert_uint_eq(s.bytes, 0);
	struct cairn_result r;
	ask(c, &q, NULL, &r); /* asked again */
	ck_assert_int_eq(r.status, RESULT_ERROR);
	result_fini(&r);
	ck_assert_int_eq(requests(), 2);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

/* A waiter whose deadline comes first gives up alone; the leader and the
 * other waiters get the answer. */
START_TEST(waiter_times_out_alone)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache);
	struct prom_query q = range("gen", NOW - 7200, NOW - 3600);
	struct asker lead = {.c = c, .q = q, .deadline_s = 20};
	struct asker quick = {.c = c, .q = q, .deadline_s = 0.3};
	struct asker patient = {.c = c, .q = q, .deadline_s = 20};

	gate(true);
	GThread *tl = g_thread_new("leader", ask_thread, &lead);
	wait_requests(1);
	GThread *tp = g_thread_new("patient", ask_thread, &patient);
	wait_coalesced(cache, 1);
	GThread *tq = g_thread_new("quick", ask_thread, &quick);
	g_thread_join(tq);
	char want[160];
	snprintf(want, sizeof want,
	         "datasource at http://127.0.0.1:%d did not answer before the request's deadline "
	         "(0.3 s)",
	         F.port);
	ck_assert_int_eq(quick.r.status, RESULT_ERROR);
	ck_assert_str_eq(quick.r.message, want);
	ck_assert_msg(quick.took >= 0.25 && quick.took < 2, "gave up after %.3f s", quick.took);
	gate(false);
	g_thread_join(tl);
	g_thread_join(tp);
	ck_assert_int_eq(lead.r.status, RESULT_OK);
	same_answer(&patient.r, &lead.r);
	ck_assert_int_eq(requests(), 1);
	ck_assert_uint_eq(stats(cache).coalesced, 2);
	result_fini(&lead.r);
	result_fini(&patient.r);
	result_fini(&quick.r);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

/* A leader that gives up on its own deadline does not hand that failure to
 * its waiters: one of them asks again. */
START_TEST(leader_deadline_not_shared)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache);
	struct prom_query q = range("gen", NOW - 7200, NOW - 3600);
	struct asker lead = {.c = c, .q = q, .deadline_s = 0.3};
	struct asker patient = {.c = c, .q = q, .deadline_s = 20};

	gate(true);
	GThread *tl = g_thread_new("leader", ask_thread, &lead);
	wait_requests(1);
	GThread *tp = g_thread_new("patient", ask_thread, &patient);
	wait_coalesced(cache, 1);
	g_thread_join(tl);
	ck_assert_int_eq(lead.r.status, RESULT_ERROR);
	ck_assert_msg(strstr(lead.r.message, "deadline (0.3 s)"), "%s", lead.r.message);
	wait_requests(2); /* the waiter, asking for itself */
	gate(false);
	g_thread_join(tp);
	ck_assert_msg(patient.r.status == RESULT_OK, "%s", patient.r.message);
	ck_assert_uint_eq(patient.r.n_series, 1);
	ck_assert_int_eq(requests(), 2);
	ck_assert_uint_eq(stats(cache).entries, 1);
	result_fini(&lead.r);
	result_fini(&patient.r);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

/* The same query twice in one batch is sent once. */
START_TEST(duplicate_in_one_batch)
{
	prom_cache *cache = cache_new(300, 5, 0);
	prom_client *c = client_with(cache);
	struct prom_query qs[2] = {range("gen", NOW - 600, NOW), range("gen", NOW - 600, NOW)};
	qs[1].result_index = 1;
	qs[1].legend_format = "again {{k}}";
	struct cairn_result rs[2];
	result_init(&rs[0]);
	result_init(&rs[1]);
	ck_assert_int_eq(prom_query_batch(c, qs, 2, rs, 2, NULL, NULL), 0);
	ck_assert_int_eq(requests(), 1);
	ck_assert_str_eq(rs[0].series[0].name, "a");
	ck_assert_str_eq(rs[1].series[0].name, "again a");
	ck_assert_uint_eq(rs[1].series[0].n, 41);
	result_fini(&rs[0]);
	result_fini(&rs[1]);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

/* ---- unit: client options --------------------------------------------------------- */

#define TOKEN    "tok-s3cr3t-9f"
#define PASSWORD "pw-s3cr3t-7c"

struct observed {
	pthread_mutex_t lock;
	int calls, failed;
	char name[32];
};

static void observe(void *ctx, const char *ds, double seconds, bool failed)
{
	struct observed *o = ctx;
	pthread_mutex_lock(&o->lock);
	o->calls++;
	o->failed += failed;
	g_strlcpy(o->name, ds, sizeof o->name);
	ck_assert(seconds >= 0 && seconds < 30);
	pthread_mutex_unlock(&o->lock);
}

static void no_secret(const char *msg)
{
	ck_assert_msg(msg[0], "empty message");
	ck_assert_msg(!strstr(msg, "s3cr3t") && !strstr(msg, "tok-") && !strstr(msg, "pw-"),
	              "leaks: %s", msg);
}

static const struct prom_header HEADERS[] = {{"X-Scope-OrgID", "tenant-1"},
                                             {"X-Api-Key", "key-s3cr3t"}};

static prom_client *client_opts(const char *url, bool bearer, struct observed *o,
                                struct cairn_err *err)
{
	struct prom_config cfg = {.url = url,
	                          .timeout_s = 1,
	                          .name = "ds-one",
	                          .headers = HEADERS,
	                          .n_headers = 2,
	                          .observe = observe,
	                          .observe_ctx = o};
	if (bearer)
		cfg.bearer_token = TOKEN;
	else
		cfg.username = "alice", cfg.password = PASSWORD;
	return prom_new(&cfg, err);
}

START_TEST(options_reach_prometheus_and_no_message)
{
	struct observed o = {0};
	pthread_mutex_init(&o.lock, NULL);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", F.port);
	static const char *exprs[] = {"gen", "fail", "garbage"};
	enum { N = G_N_ELEMENTS(exprs) };
	struct cairn_err err = {0};

	for (int bearer = 0; bearer < 2; bearer++) {
		prom_client *c = client_opts(url, bearer, &o, &err);
		ck_assert_msg(c != NULL, "%s", err.msg);
		struct prom_query qs[N];
		struct cairn_result rs[N];
		for (size_t i = 0; i < N; i++) {
			qs[i] = range(exprs[i], NOW - 600, NOW);
			qs[i].result_index = i;
			result_init(&rs[i]);
		}
		ck_assert_int_eq(prom_query_batch(c, qs, N, rs, N, NULL, NULL), 0);
		ck_assert_int_eq(rs[0].status, RESULT_OK);
		for (size_t i = 1; i < N; i++) {
			ck_assert_int_eq(rs[i].status, RESULT_ERROR);
			no_secret(rs[i].message);
		}
		struct seen s = last_seen();
		ck_assert_msg(strstr(s.head, "X-Scope-OrgID: tenant-1"), "%s", s.head);
		ck_assert_msg(strstr(s.head, "X-Api-Key: key-s3cr3t"), "%s", s.head);
		ck_assert_msg(
		        strstr(s.head, bearer ? "Authorization: Bearer " TOKEN
		                              : "Authorization: Basic YWxpY2U6cHctczNjcjN0LTdj"),
		        "%s", s.head);
		/* past the deadline */
		struct budget b = budget_with(0.001, 0);
		g_usleep(5000);
		result_fini(&rs[0]);
		result_init(&rs[0]);
		ck_assert_int_eq(prom_query_batch(c, qs, 1, rs, 1, &b, NULL), 0);
		no_secret(rs[0].message);
		for (size_t i = 0; i < N; i++)
			result_fini(&rs[i]);
		prom_free(c);
	}
	ck_assert_int_eq(o.calls, 6);  /* not the one refused by its deadline */
	ck_assert_int_eq(o.failed, 2); /* the 500s; garbage came as a 200 */
	ck_assert_str_eq(o.name, "ds-one");

	/* nothing listens: refused and timed out, through label values too */
	int port;
	close(listen_local(&port));
	snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
	for (int bearer = 0; bearer < 2; bearer++) {
		prom_client *c = client_opts(url, bearer, &o, &err);
		struct prom_query q = range("gen", NOW - 600, NOW);
		struct cairn_result r;
		ask(c, &q, NULL, &r);
		ck_assert_int_eq(r.status, RESULT_ERROR);
		no_secret(r.message);
		result_fini(&r);
		char **v;
		size_t n;
		ck_assert_int_ne(prom_label_values(c, "up", "job", NOW, NOW, NULL, &v, &n, &err),
		                 0);
		no_secret(err.msg);
		prom_free(c);
	}
	ck_assert_int_eq(o.failed, 6);

	/* unusable options are refused naming the option, not its value */
	struct prom_config bad = {.url = url, .ca_file = "/nonexistent/ca.pem"};
	ck_assert_ptr_null(prom_new(&bad, &err));
	ck_assert_str_eq(err.msg, "CA file '/nonexistent/ca.pem': No such file or directory");
	const struct prom_header broken[] = {{"X-Key", "s3cr3t\r\nX-Evil: 1"}};
	bad = (struct prom_config){.url = url, .headers = broken, .n_headers = 1};
	ck_assert_ptr_null(prom_new(&bad, &err));
	no_secret(err.msg);
	ck_assert_str_eq(err.msg, "header 1 (X-Key): the value is missing or holds a line break");
	bad = (struct prom_config){.url = url, .bearer_token = "tok-s3cr3t\n"};
	ck_assert_ptr_null(prom_new(&bad, &err));
	no_secret(err.msg);
	pthread_mutex_destroy(&o.lock);
}
END_TEST

/* https with a CA file: a self-signed server (openssl s_server -WWW, which
 * serves the answer as a file named by the request's path and query) is
 * trusted with its certificate as ca_file, and refused without it. */
static GPid tls_server(const char *dir, int *port)
{
	char *cmd = g_strdup_printf("openssl req -x509 -newkey rsa:2048 -nodes -keyout %s/key.pem "
	                            "-out %s/cert.pem -days 2 -subj /CN=127.0.0.1 "
	                            "-addext subjectAltName=IP:127.0.0.1",
	                            dir, dir);
	int status = -1;
	char *out = NULL, *errs = NULL;
	ck_assert_msg(g_spawn_command_line_sync(cmd, &out, &errs, &status, NULL) && status == 0,
	              "cannot make a certificate with: %s: %s", cmd, errs ? errs : "");
	g_free(out);
	g_free(errs);
	g_free(cmd);
	char *answers = g_build_filename(dir, "api/v1/label/job", NULL);
	ck_assert_int_eq(g_mkdir_with_parents(answers, 0700), 0);
	char *file = g_build_filename(answers, "values?start=0.000&end=60.000", NULL);
	ck_assert(g_file_set_contents(file, "{\"status\":\"success\",\"data\":[\"tls-ok\"]}", -1,
	                              NULL));
	close(listen_local(port));
	char portarg[16];
	snprintf(portarg, sizeof portarg, "%d", *port);
	char *argv[] = {"openssl", "s_server", "-accept", portarg,  "-cert", "cert.pem",
	                "-key",    "key.pem",  "-WWW",    "-quiet", NULL};
	GPid pid;
	ck_assert(g_spawn_async(dir, argv, NULL,
	                        G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
	                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
	                        NULL, NULL, &pid, NULL));
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)*port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bool up = false;
	for (int i = 0; i < 200 && !up; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		up = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
		close(fd);
		if (!up)
			g_usleep(25000);
	}
	ck_assert_msg(up, "openssl s_server did not listen on %d", *port);
	g_free(file);
	g_free(answers);
	return pid;
}

START_TEST(ca_file_verifies_tls)
{
	char *dir = g_dir_make_tmp("cairn-tls-XXXXXX", NULL);
	int port;
	GPid pid = tls_server(dir, &port);
	char url[64], *ca = g_build_filename(dir, "cert.pem", NULL);
	snprintf(url, sizeof url, "https://127.0.0.1:%d", port);
	struct cairn_err err = {0};
	char **v;
	size_t n;

	struct prom_config cfg = {.url = url, .timeout_s = 5, .ca_file = ca, .bearer_token = TOKEN};
	prom_client *c = prom_new(&cfg, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	ck_assert_msg(prom_label_values(c, NULL, "job", 0, 60, NULL, &v, &n, &err) == 0, "%s",
	              err.msg);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "tls-ok");
	prom_strv_free(v, n);
	prom_free(c);

	cfg.ca_file = NULL; /* the system's CAs do not know it */
	c = prom_new(&cfg, &err);
	ck_assert_int_eq(prom_label_values(c, NULL, "job", 0, 60, NULL, &v, &n, &err), CAIRN_EIO);
	ck_assert_msg(strstr(err.msg, "certificate"), "%s", err.msg);
	fprintf(stderr, "without the CA file: %s\n", err.msg);
	no_secret(err.msg);
	prom_free(c);

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	g_spawn_close_pid(pid);
	char *rm = g_strdup_printf("rm -rf %s", dir);
	ck_assert(g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL));
	g_free(rm);
	g_free(ca);
	g_free(dir);
}
END_TEST

/* ---- live: the real Prometheus ------------------------------------------------- */

#define THREADS   50
#define PER_BATCH 3
#define T0        1767225600.0 /* 2026-01-01T00:00:00Z, the harness' data */

static const char *prom_url(void)
{
	const char *u = getenv("CAIRN_TEST_PROM_URL");
	if (!u || !*u)
		ck_abort_msg(
		        "CAIRN_TEST_PROM_URL is not set: start the test Prometheus with "
		        "`CAIRN_HARNESS_QUERY_LOG=DIR/query.log bash tests/harness/prom.sh start "
		        "DIR PORT BUILDDIR` and export "
		        "CAIRN_TEST_PROM_URL=$(bash tests/harness/prom.sh url DIR)");
	return u;
}

static size_t gather(char *p, size_t size, size_t n, void *ud)
{
	g_string_append_len(ud, p, (gssize)(size * n));
	return size * n;
}

static char *fetch(const char *path)
{
	GString *body = g_string_new(NULL);
	char *url = g_strconcat(prom_url(), path, NULL);
	CURL *e = curl_easy_init();
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, gather);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 10L);
	ck_assert_int_eq(curl_easy_perform(e), CURLE_OK);
	curl_easy_cleanup(e);
	g_free(url);
	return g_string_free(body, FALSE);
}

/* Prometheus' own count of query_range requests it answered, all codes. */
static double query_range_count(void)
{
	char *m = fetch("/metrics");
	double n = 0;
	char **lines = g_strsplit(m, "\n", -1);
	for (char **l = lines; *l; l++)
		if (g_str_has_prefix(*l, "prometheus_http_requests_total{") &&
		    strstr(*l, "handler=\"/api/v1/query_range\""))
			n += g_ascii_strtod(strrchr(*l, ' ') + 1, NULL);
	g_strfreev(lines);
	g_free(m);
	return n;
}

static prom_client *live_client(prom_cache *cache)
{
	struct prom_config cfg = {.url = prom_url(), .timeout_s = 20, .cache = cache};
	struct cairn_err err = {0};
	prom_client *c = prom_new(&cfg, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	return c;
}

struct live_worker {
	prom_client *c;
	const struct prom_query *qs;
	double sum;
};

static gpointer live_batch(gpointer p)
{
	struct live_worker *w = p;
	struct cairn_result rs[PER_BATCH];
	for (size_t i = 0; i < PER_BATCH; i++)
		result_init(&rs[i]);
	ck_assert_int_eq(prom_query_batch(w->c, w->qs, PER_BATCH, rs, PER_BATCH, NULL, NULL), 0);
	for (size_t i = 0; i < PER_BATCH; i++) {
		ck_assert_msg(rs[i].status == RESULT_OK, "%s", rs[i].message);
		for (size_t s = 0; s < rs[i].n_series; s++)
			for (size_t k = 0; k < rs[i].series[s].n; k++)
				if (!isnan(rs[i].series[s].v[k]))
					w->sum += rs[i].series[s].v[k];
		result_fini(&rs[i]);
	}
	return NULL;
}

/* 50 threads, one cold cache, the same batch of 3 queries: Prometheus
 * answers 3 query_range requests, not 150. */
START_TEST(live_coalescing_counted_by_prometheus)
{
	prom_cache *cache = prom_cache_new(NULL);
	prom_client *c = live_client(cache);
	char exprs[PER_BATCH][64];
	struct prom_query qs[PER_BATCH];
	for (size_t i = 0; i < PER_BATCH; i++) {
		snprintf(exprs[i], sizeof exprs[i], "cairn_test_ramp * %zu + %d", i + 1,
		         (int)getpid());
		qs[i] = (struct prom_query){.expr = exprs[i],
		                            .ref_id = "A",
		                            .result_index = i,
		                            .start = T0 + 3600,
		                            .end = T0 + 7200,
		                            .step = 15};
	}
	struct live_worker w[THREADS];
	GThread *th[THREADS];
	double before = query_range_count();
	for (int t = 0; t < THREADS; t++) {
		w[t] = (struct live_worker){.c = c, .qs = qs};
		th[t] = g_thread_new("batch", live_batch, &w[t]);
	}
	for (int t = 0; t < THREADS; t++)
		g_thread_join(th[t]);
	double sent = query_range_count() - before;
	struct prom_cache_stats s = stats(cache);
	fprintf(stderr,
	        "%d threads x %d queries: Prometheus answered %.0f query_range requests "
	        "(hits %llu, misses %llu, coalesced %llu, %zu entries, %zu bytes)\n",
	        THREADS, PER_BATCH, sent, (unsigned long long)s.hits, (unsigned long long)s.misses,
	        (unsigned long long)s.coalesced, s.entries, s.bytes);
	ck_assert_double_eq(sent, PER_BATCH);
	ck_assert_uint_eq(s.misses, PER_BATCH);
	ck_assert_uint_eq(s.hits + s.coalesced, (THREADS - 1) * PER_BATCH);
	for (int t = 1; t < THREADS; t++)
		ck_assert_double_eq(w[t].sum, w[0].sum);
	ck_assert(w[0].sum > 0);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

/* The query log Prometheus writes, from its own configuration. */
static char *query_log_path(void)
{
	char *cfg = fetch("/api/v1/status/config");
	const char *at = strstr(cfg, "query_log_file: ");
	ck_assert_msg(at, "the test Prometheus keeps no query log: start it with "
	                  "CAIRN_HARNESS_QUERY_LOG=FILE (tests/harness/prom.sh)");
	at += strlen("query_log_file: ");
	size_t n = strcspn(at, "\\\n\"");
	char *path = g_strndup(at, n);
	g_free(cfg);
	return path;
}

static double iso_time(const char *s)
{
	GDateTime *d = g_date_time_new_from_iso8601(s, NULL);
	ck_assert_msg(d, "bad time '%s'", s);
	double t = (double)g_date_time_to_unix(d) + (double)g_date_time_get_microsecond(d) / 1e6;
	g_date_time_unref(d);
	return t;
}

/* The [start, end] of every query_range of expr in the log, in order. */
static size_t logged_ranges(const char *path, const char *expr, double (*out)[2], size_t cap)
{
	char *log = NULL;
	ck_assert(g_file_get_contents(path, &log, NULL, NULL));
	char needle[128];
	snprintf(needle, sizeof needle, "\"query\":\"%s\"", expr);
	size_t n = 0;
	char **lines = g_strsplit(log, "\n", -1);
	for (char **l = lines; *l && n < cap; l++) {
		if (!strstr(*l, needle) || !strstr(*l, "query_range"))
			continue;
		char start[64] = "", end[64] = "";
		const char *s = strstr(*l, "\"start\":\""), *e = strstr(*l, "\"end\":\"");
		ck_assert(s && e);
		sscanf(s + 9, "%63[^\"]", start);
		sscanf(e + 7, "%63[^\"]", end);
		out[n][0] = iso_time(start);
		out[n][1] = iso_time(end);
		n++;
	}
	g_strfreev(lines);
	g_free(log);
	return n;
}

/* A range ending at the real now, refreshed once its end has moved three
 * steps: Prometheus is asked only from the first unsettled step. */
/* Prometheus' own count of label-values requests it answered. */
static double label_values_count(void)
{
	char *m = fetch("/metrics");
	double n = 0;
	char **lines = g_strsplit(m, "\n", -1);
	for (char **l = lines; *l; l++)
		if (g_str_has_prefix(*l, "prometheus_http_requests_total{") &&
		    strstr(*l, "handler=\"/api/v1/label/:name/values\""))
			n += g_ascii_strtod(strrchr(*l, ' ') + 1, NULL);
	g_strfreev(lines);
	g_free(m);
	return n;
}

/* A variable's options asked on every render: Prometheus answers once,
 * then again only after 30 s (the fake clock moved). */
START_TEST(live_label_values_kept_30_s)
{
	prom_cache *cache = cache_new(300, 5, 0);
	clock_now = (double)g_get_real_time() / 1e6;
	prom_client *c = live_client(cache);
	double before = label_values_count();
	for (int round = 0; round < 4; round++) {
		if (round == 3)
			clock_now += 31;
		char **v = NULL;
		size_t n = 0;
		struct cairn_err err = {0};
		ck_assert_msg(prom_label_values(c, "node_uname_info", "instance", T0, T0 + 21600, NULL,
		                                &v, &n, &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(n, 3);
		ck_assert_str_eq(v[0], "node-1:9100");
		prom_strv_free(v, n);
	}
	ck_assert_int_eq((int)(label_values_count() - before), 2);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

START_TEST(live_refresh_asks_only_the_tail)
{
	struct prom_cache_config cc = {.settle_s = 30, .fresh_s = -1};
	prom_cache *cache = prom_cache_new(&cc);
	prom_client *c = live_client(cache);
	char *path = query_log_path();
	char expr[64];
	/* unique in the log, which lives as long as the test Prometheus */
	snprintf(expr, sizeof expr, "cairn_test_flat + %lld",
	         (long long)(g_get_real_time() % 1000000000000LL));
	double end = floor((double)g_get_real_time() / 1e6 / 15) * 15;
	struct prom_query q = {
	        .expr = expr, .ref_id = "A", .start = end - 3600, .end = end, .step = 15};
	struct cairn_result r;

	ask(c, &q, NULL, &r);
	ck_assert_msg(r.status == RESULT_NODATA, "%s", r.message);
	result_fini(&r);
	q.start += 45;
	q.end += 45;
	ask(c, &q, NULL, &r);
	ck_assert_msg(r.status == RESULT_NODATA, "%s", r.message);
	result_fini(&r);
	ck_assert_uint_eq(stats(cache).incremental, 1);

	double got[4][2];
	size_t n = 0;
	for (int i = 0; i < 100 && (n = logged_ranges(path, expr, got, 4)) < 2; i++)
		g_usleep(20000); /* the log is written as queries end */
	ck_assert_uint_eq(n, 2);
	fprintf(stderr,
	        "query log: first [now-%.0f s, now], refresh [now-%.0f s, now+%.0f s] "
	        "(%.0f steps of %.0f)\n",
	        end - got[0][0], end - got[1][0], got[1][1] - end, (got[1][1] - got[1][0]) / 15 + 1,
	        (q.end - q.start) / 15 + 1);
	ck_assert_double_eq(got[0][0], end - 3600);
	ck_assert_double_eq(got[0][1], end);
	ck_assert_double_eq(got[1][1], end + 45);
	/* settled when first asked: up to 30 s (and a little) before its end */
	ck_assert_msg(got[1][0] >= end - 30 - 15 && got[1][0] <= end,
	              "refresh asked from now-%.0f s", end - got[1][0]);
	g_free(path);
	prom_free(c);
	prom_cache_free(cache);
}
END_TEST

static void unit_setup(void)
{
	ck_assert_int_eq(prom_global_init(), 0);
	fake_start();
}

static void unit_teardown(void)
{
	fake_stop();
	prom_global_cleanup();
}

static void live_setup(void)
{
	ck_assert_int_eq(prom_global_init(), 0);
}

static void live_teardown(void)
{
	prom_global_cleanup();
}

Suite *make_suite(void)
{
	Suite *s = suite_create("datasource/qcache");
	TCase *u = tcase_create("unit");
	tcase_add_checked_fixture(u, unit_setup, unit_teardown);
	tcase_set_timeout(u, 30);
	tcase_add_test(u, hit_copies_with_own_names);
	tcase_add_test(u, clients_share_only_when_identical);
	tcase_add_test(u, odd_grid_keyed_by_start);
	tcase_add_test(u, refresh_asks_only_the_tail);
	tcase_add_test(u, short_range_keeps_long_span);
	tcase_add_test(u, sliding_range_stays_bounded);
	tcase_add_test(u, lru_by_bytes);
	tcase_add_test(u, instant_kept_only_when_settled);
	tcase_add_test(u, hits_take_from_the_budget);
	tcase_add_test(u, failure_shared_not_kept);
	tcase_add_test(u, waiter_times_out_alone);
	tcase_add_test(u, leader_deadline_not_shared);
	tcase_add_test(u, duplicate_in_one_batch);
	tcase_add_test(u, options_reach_prometheus_and_no_message);
	tcase_add_test(u, ca_file_verifies_tls);
	suite_add_tcase(s, u);

	TCase *l = tcase_create("live");
	tcase_add_checked_fixture(l, live_setup, live_teardown);
	tcase_set_timeout(l, 60);
	tcase_add_test(l, live_coalescing_counted_by_prometheus);
	tcase_add_test(l, live_refresh_asks_only_the_tail);
	tcase_add_test(l, live_label_values_kept_30_s);
	suite_add_tcase(s, l);
	return s;
}

#include "tests/test_main.h"
