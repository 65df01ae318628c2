/*
 * test_prom.c — the Prometheus client: answer parsing on buffers (grid,
 * NaN/Inf, names, error bodies, caps) and, through a small fault-injecting
 * HTTP server on 127.0.0.1, what a real Prometheus cannot be made to do:
 * garbage, HTML 500s, oversized bodies, stalls, cut connections, refusal.
 */
#include <check.h>
Suite *make_suite(void);
#include <arpa/inet.h>
#include <glib.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "datasource/prom.h"

#define T0 1700000000.0

static struct prom_query range_q(const char *expr, const char *legend)
{
	return (struct prom_query){.expr = expr,
	                           .legend_format = legend,
	                           .ref_id = "A",
	                           .start = T0,
	                           .end = T0 + 60,
	                           .step = 15};
}

static int parse(const char *body, const struct prom_query *q, struct cairn_result *r,
                 struct cairn_err *err)
{
	return prom_parse_matrix(body, strlen(body), q, r, NULL, err);
}

/* ---- parsing ------------------------------------------------------------ */

static const char MATRIX[] =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        "{\"metric\":{\"__name__\":\"up\",\"job\":\"node\",\"instance\":\"a:9100\"},"
        " \"values\":[[1700000000,\"1\"],[1700000030,\"NaN\"],[1700000045,\"+Inf\"]]},"
        "{\"metric\":{\"__name__\":\"up\",\"job\":\"node\",\"instance\":\"b:9100\"},"
        " \"values\":[[1700000015,\"-Inf\"],[1700000060,\"2.5e3\"]]}]}}";

START_TEST(matrix_on_step_grid)
{
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("up", NULL);
	result_init(&r);
	ck_assert_int_eq(parse(MATRIX, &q, &r, &err), 0);
	ck_assert_uint_eq(r.n_series, 2);
	ck_assert_uint_eq(r.points, 10);

	const struct series *a = &r.series[0];
	ck_assert_uint_eq(a->n, 5); /* T0, +15, +30, +45, +60 */
	for (size_t i = 0; i < 5; i++)
		ck_assert_double_eq(a->t[i], T0 + 15.0 * (double)i);
	ck_assert_double_eq(a->v[0], 1);
	ck_assert(isnan(a->v[1])); /* no sample: a gap */
	ck_assert(isnan(a->v[2])); /* "NaN" */
	ck_assert(isinf(a->v[3]) && a->v[3] > 0);
	ck_assert(isnan(a->v[4]));
	ck_assert_str_eq(a->ref_id, "A");

	const struct series *b = &r.series[1];
	ck_assert(isnan(b->v[0]));
	ck_assert(isinf(b->v[1]) && b->v[1] < 0);
	ck_assert_double_eq(b->v[4], 2500);

	/* labels sorted by name, __name__ kept */
	ck_assert_uint_eq(a->n_labels, 3);
	ck_assert_str_eq(a->labels[0].name, "__name__");
	ck_assert_str_eq(a->labels[1].name, "instance");
	ck_assert_str_eq(a->labels[2].name, "job");
	/* Grafana's default name */
	ck_assert_str_eq(a->name, "up{instance=\"a:9100\", job=\"node\"}");
	ck_assert_int_eq(r.status, RESULT_OK);
	result_fini(&r);
	ck_assert_uint_eq(r.n_series, 0);
}
END_TEST

START_TEST(names)
{
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("up", "{{instance}} ({{ job }})");
	result_init(&r);
	ck_assert_int_eq(parse(MATRIX, &q, &r, &err), 0);
	ck_assert_str_eq(r.series[0].name, "a:9100 (node)");
	ck_assert_str_eq(r.series[1].name, "b:9100 (node)");

	/* no labels at all (sum without by): Grafana shows the expression */
	static const char SUM[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
	                          "\"result\":[{\"metric\":{},\"values\":[[1700000000,\"3\"]]}]}}";
	struct prom_query qs = range_q("sum(rate(x[5m]))", NULL);
	ck_assert_int_eq(parse(SUM, &qs, &r, &err), 0);
	ck_assert_uint_eq(r.n_series, 3); /* appended */
	ck_assert_str_eq(r.series[2].name, "sum(rate(x[5m]))");
	result_fini(&r);
}
END_TEST

START_TEST(instant_vector_and_scalar)
{
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("count(up) by (job)", "{{job}}");
	q.instant = true;
	result_init(&r);
	static const char VEC[] =
	        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
	        "{\"metric\":{\"job\":\"node\"},\"value\":[1700000060.5,\"7\"]}]}}";
	ck_assert_int_eq(parse(VEC, &q, &r, &err), 0);
	ck_assert_uint_eq(r.n_series, 1);
	ck_assert_uint_eq(r.series[0].n, 1);
	ck_assert_double_eq(r.series[0].t[0], 1700000060.5);
	ck_assert_double_eq(r.series[0].v[0], 7);
	ck_assert_str_eq(r.series[0].name, "node");

	static const char SCALAR[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
	                             "\"result\":[1700000060,\"42\"]}}";
	struct prom_query qs = q;
	qs.expr = "42";
	qs.legend_format = NULL;
	ck_assert_int_eq(parse(SCALAR, &qs, &r, &err), 0);
	ck_assert_uint_eq(r.n_series, 2);
	ck_assert_double_eq(r.series[1].v[0], 42);
	ck_assert_str_eq(r.series[1].name, "42");
	result_fini(&r);
}
END_TEST

START_TEST(empty_result)
{
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("nothing", NULL);
	result_init(&r);
	ck_assert_int_eq(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
	                       "\"result\":[]}}",
	                       &q, &r, &err),
	                 0);
	ck_assert_uint_eq(r.n_series, 0);
	result_fini(&r);
}
END_TEST

START_TEST(native_histograms_skipped)
{
	static const char H[] =
	        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
	        "{\"metric\":{\"__name__\":\"h\"},\"histograms\":[[1700000000,{\"count\":\"3\","
	        "\"sum\":\"1\",\"buckets\":[]}]]},"
	        "{\"metric\":{\"__name__\":\"c\"},\"values\":[[1700000000,\"1\"]]}]}}";
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("h or c", NULL);
	result_init(&r);
	ck_assert_int_eq(parse(H, &q, &r, &err), 0);
	ck_assert_uint_eq(r.n_series, 1);
	ck_assert_str_eq(r.series[0].name, "c");
	ck_assert_ptr_nonnull(strstr(r.message, "histogram"));
	ck_assert_int_eq(r.status, RESULT_OK);
	result_fini(&r);
}
END_TEST

static void expect_parse_error(const char *body, int code, const char *needle)
{
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("up", NULL);
	result_init(&r);
	ck_assert_int_eq(parse(body, &q, &r, &err), code);
	ck_assert_msg(strstr(err.msg, needle), "'%s' lacks '%s'", err.msg, needle);
	ck_assert_uint_eq(r.n_series, 0);
	result_fini(&r);
}

START_TEST(error_bodies)
{
	expect_parse_error("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
	                   "\"1:5: parse error: unexpected <op:+>\"}",
	                   CAIRN_EQUERY,
	                   "bad_data: 1:5: parse error: unexpected <op:+>");
	expect_parse_error("<html><body>Bad Gateway</body></html>", CAIRN_EINVAL,
	                   "'<html><body>Bad Gateway</body></html>' (not JSON)");
	expect_parse_error("", CAIRN_EINVAL, "empty body");
	expect_parse_error("[1,2]", CAIRN_EINVAL, "(not JSON)");
	expect_parse_error("{\"status\":\"success\"}", CAIRN_EINVAL, "not a Prometheus API");
	expect_parse_error("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
	                   "\"result\":[{\"metric\":{},\"values\":[[1700000000,1]]}]}}",
	                   CAIRN_EINVAL, "result[0]: values[0]");
	expect_parse_error("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
	                   "\"result\":[{\"metric\":{},\"values\":[[1700000000,\"1x\"]]}]}}",
	                   CAIRN_EINVAL, "not a [time");
	expect_parse_error("{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
	                   "\"result\":[1700000000,\"s\"]}}",
	                   CAIRN_EUNSUPPORTED, "\"string\"");
}
END_TEST

static struct budget budget_of(enum budget_kind k, uint64_t max)
{
	struct cairn_limits l;
	limits_default(&l);
	if (k == BUDGET_SERIES)
		l.max_series = max;
	if (k == BUDGET_POINTS)
		l.max_points = max;
	if (k == BUDGET_QUERIES)
		l.max_queries = max;
	if (k == BUDGET_BYTES)
		l.max_bytes = max;
	struct budget b;
	budget_init(&b, &l);
	return b;
}

START_TEST(series_cap_keeps_result)
{
	struct budget bud = budget_of(BUDGET_SERIES, 2000);
	GString *b = g_string_new("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
	                          "\"result\":[");
	for (int i = 0; i <= 2000; i++)
		g_string_append_printf(b, "%s{\"metric\":{\"i\":\"%d\"},\"values\":[]}",
		                       i ? "," : "", i);
	g_string_append(b, "]}}");
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("up", NULL);
	result_init(&r);
	ck_assert_int_eq(prom_parse_matrix(MATRIX, strlen(MATRIX), &q, &r, &bud, &err), 0);
	ck_assert_int_eq(prom_parse_matrix(b->str, b->len, &q, &r, &bud, &err), CAIRN_ELIMIT);
	ck_assert_str_eq(err.msg,
	                 "query A returned 2001 series: over the request's budget of 2000 series");
	ck_assert_uint_eq(r.n_series, 2); /* what it had */
	ck_assert_uint_eq(atomic_load(&bud.used[BUDGET_SERIES]), 2); /* and the budget too */
	ck_assert_uint_eq(atomic_load(&bud.used[BUDGET_POINTS]), 10);
	result_fini(&r);
	g_string_free(b, TRUE);
}
END_TEST

/* A 30,000-sample series, as VictoriaMetrics answers by default. */
static GString *long_answer(size_t points)
{
	GString *b = g_string_new("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
	                          "\"result\":[{\"metric\":{\"__name__\":\"up\"},\"values\":[");
	for (size_t i = 0; i < points; i++)
		g_string_append_printf(b, "%s[%.0f,\"%zu\"]", i ? "," : "", T0 + (double)i, i);
	g_string_append(b, "]}]}}");
	return b;
}

START_TEST(points_cap)
{
	struct cairn_result r;
	struct cairn_err err = {0};
	struct prom_query q = range_q("up", NULL);
	q.end = T0 + 86400;
	q.step = 1; /* 86401 points per series, more than Prometheus' 11,000 */
	result_init(&r);
	ck_assert_int_eq(parse(MATRIX, &q, &r, &err), 0); /* within the default budget */
	ck_assert_uint_eq(r.series[0].n, 86401);
	result_fini(&r);

	/* a budget of N points refuses more, whole, with nothing kept */
	struct budget b = budget_of(BUDGET_POINTS, 50000);
	ck_assert_int_eq(prom_parse_matrix(MATRIX, strlen(MATRIX), &q, &r, &b, &err), CAIRN_ELIMIT);
	ck_assert_str_eq(err.msg, "query A would return 86401 points per series, over the "
	                          "request's budget of 50000 points (increase the step or narrow "
	                          "the time range)");
	ck_assert_uint_eq(r.n_series, 0);
	q.end = T0 + 40000; /* 40001 per series, 80002 in the answer */
	ck_assert_int_eq(prom_parse_matrix(MATRIX, strlen(MATRIX), &q, &r, &b, &err), CAIRN_ELIMIT);
	ck_assert_str_eq(err.msg,
	                 "query A returned 80002 points: over the request's budget of 50000 points");
	ck_assert_uint_eq(r.n_series, 0);
	ck_assert_uint_eq(atomic_load(&b.used[BUDGET_POINTS]), 0);

	/* raw samples (no grid): 30,000 in one series pass the defaults, not 29,999 */
	GString *big = long_answer(30000);
	struct prom_query raw = range_q("up", NULL);
	raw.start = raw.end = raw.step = 0;
	ck_assert_int_eq(prom_parse_matrix(big->str, big->len, &raw, &r, NULL, &err), 0);
	ck_assert_uint_eq(r.series[0].n, 30000);
	result_fini(&r);
	b = budget_of(BUDGET_POINTS, 29999);
	ck_assert_int_eq(prom_parse_matrix(big->str, big->len, &raw, &r, &b, &err), CAIRN_ELIMIT);
	ck_assert_str_eq(err.msg,
	                 "query A returned 30000 points: over the request's budget of 29999 points");
	ck_assert_int_eq(prom_parse_matrix_reference(big->str, big->len, &raw, &r, &b, &err),
	                 CAIRN_ELIMIT);
	ck_assert_uint_eq(r.n_series, 0);
	g_string_free(big, TRUE);

	q.step = 0;
	ck_assert_int_eq(parse(MATRIX, &q, &r, &err), CAIRN_EINVAL);
	result_fini(&r);
}
END_TEST

START_TEST(label_values_parse)
{
	char **v;
	size_t n;
	struct cairn_err err = {0};
	static const char B[] = "{\"status\":\"success\",\"data\":[\"web-2\",\"db-1\",\"web-10\"]}";
	ck_assert_int_eq(prom_parse_label_values(B, strlen(B), &v, &n, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "db-1");
	ck_assert_str_eq(v[1], "web-10");
	ck_assert_str_eq(v[2], "web-2");
	prom_strv_free(v, n);

	static const char E[] = "{\"status\":\"error\",\"errorType\":\"bad_data\","
	                        "\"error\":\"invalid parameter \\\"match[]\\\"\"}";
	ck_assert_int_eq(prom_parse_label_values(E, strlen(E), &v, &n, &err), CAIRN_EQUERY);
	ck_assert_str_eq(err.msg, "bad_data: invalid parameter \"match[]\"");
	ck_assert_ptr_null(v);
	ck_assert_int_eq(
	        prom_parse_label_values("{\"status\":\"success\",\"data\":{}}", 31, &v, &n, &err),
	        CAIRN_EINVAL);
}
END_TEST

START_TEST(client_urls)
{
	struct cairn_err err = {0};
	static const char *bad[] = {"localhost:9090",     "ftp://x", "http://",
	                            "http://h:9090/?x=1", "",        "http://h:99999"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct prom_config cfg = {.url = bad[i]};
		prom_client *c = prom_new(&cfg, &err);
		ck_assert_msg(c == NULL, "accepted %s", bad[i]);
		ck_assert_int_eq(err.code, CAIRN_EINVAL);
	}
	static const char *good[] = {"http://127.0.0.1:9090", "https://prom.example/prefix/",
	                             "testdata"};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		struct prom_config cfg = {.url = good[i]};
		prom_client *c = prom_new(&cfg, &err);
		ck_assert_msg(c != NULL, "refused %s: %s", good[i], err.msg);
		ck_assert(prom_is_testdata(c) == (i == 2));
		prom_free(c);
	}
}
END_TEST

/* ---- the fault-injecting server ----------------------------------------- */

struct server {
	int fd;
	int port;
	GThread *accepter;
	GPtrArray *handlers;
	pthread_mutex_t lock; /* plain pthreads, so ThreadSanitizer sees it */
	char last_request[4096];
	int requests;
};

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

static void reply(int fd, const char *status, const char *ctype, const char *body)
{
	char head[256];
	int n = snprintf(head, sizeof head,
	                 "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	                 "Connection: close\r\n\r\n",
	                 status, ctype, strlen(body));
	send_all(fd, head, (size_t)n);
	send_all(fd, body, strlen(body));
}

/* Reads headers and (Content-Length) body: the whole request as text. */
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

static const char OK_BODY[] =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        "{\"metric\":{\"__name__\":\"up\",\"instance\":\"a\"},\"values\":[[1700000000,\"1\"],"
        "[1700000015,\"1\"]]}]}}";

static void behave(struct server *s, int fd, const char *req)
{
	if (strstr(req, "query=garbage")) {
		reply(fd, "200 OK", "application/json", "this is not json at all");
	} else if (strstr(req, "query=html500")) {
		reply(fd, "500 Internal Server Error", "text/html",
		      "<html><body><h1>500</h1></body></html>");
	} else if (strstr(req, "query=html502")) {
		reply(fd, "502 Bad Gateway", "text/html", "<html>bad gateway</html>");
	} else if (strstr(req, "query=badquery")) {
		reply(fd, "400 Bad Request", "application/json",
		      "{\"status\":\"error\",\"errorType\":\"bad_data\","
		      "\"error\":\"1:5: parse error: unexpected end of input\"}");
	} else if (strstr(req, "query=err200")) {
		reply(fd, "200 OK", "application/json",
		      "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom\"}");
	} else if (strstr(req, "query=big")) {
		char *big = g_strnfill(8192, 'x');
		reply(fd, "200 OK", "application/json", big);
		g_free(big);
	} else if (strstr(req, "query=stall")) {
		/* Wait until the client gives up (recv returns 0) or 5 s pass. */
		struct pollfd p = {.fd = fd, .events = POLLIN};
		char tmp[16];
		if (poll(&p, 1, 5000) > 0)
			(void)recv(fd, tmp, sizeof tmp, 0);
	} else if (strstr(req, "query=cut")) {
		static const char H[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		                        "Content-Length: 1000\r\n\r\n{\"status\":\"succ";
		send_all(fd, H, sizeof H - 1);
	} else if (strstr(req, "/api/v1/label/job/values")) {
		reply(fd, "200 OK", "application/json",
		      "{\"status\":\"success\",\"data\":[\"node\",\"apiserver\"]}");
	} else {
		reply(fd, "200 OK", "application/json", OK_BODY);
	}
	(void)s;
}

struct conn {
	struct server *s;
	int fd;
};

static gpointer handle(gpointer p)
{
	struct conn *c = p;
	char req[4096];
	read_request(c->fd, req, sizeof req);
	pthread_mutex_lock(&c->s->lock);
	g_strlcpy(c->s->last_request, req, sizeof c->s->last_request);
	c->s->requests++;
	pthread_mutex_unlock(&c->s->lock);
	behave(c->s, c->fd, req);
	close(c->fd);
	g_free(c);
	return NULL;
}

static gpointer accept_loop(gpointer p)
{
	struct server *s = p;
	for (;;) {
		int fd = accept(s->fd, NULL, NULL);
		if (fd < 0)
			return NULL; /* listening socket shut down */
		struct conn *c = g_new0(struct conn, 1);
		*c = (struct conn){s, fd};
		GThread *t = g_thread_new("conn", handle, c);
		pthread_mutex_lock(&s->lock);
		g_ptr_array_add(s->handlers, t);
		pthread_mutex_unlock(&s->lock);
	}
}

static int listen_local(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(fd, 64), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void server_start(struct server *s)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	s->handlers = g_ptr_array_new();
	s->fd = listen_local(&s->port);
	s->accepter = g_thread_new("accept", accept_loop, s);
}

static void server_stop(struct server *s)
{
	shutdown(s->fd, SHUT_RDWR);
	g_thread_join(s->accepter);
	close(s->fd);
	for (guint i = 0; i < s->handlers->len; i++)
		g_thread_join(s->handlers->pdata[i]);
	g_ptr_array_free(s->handlers, TRUE);
	pthread_mutex_destroy(&s->lock);
}

/* What the server saw, read under its lock (handlers may still run). */
static int server_requests(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	int n = s->requests;
	pthread_mutex_unlock(&s->lock);
	return n;
}

static const char *server_last(struct server *s, char *copy, size_t cap)
{
	pthread_mutex_lock(&s->lock);
	g_strlcpy(copy, s->last_request, cap);
	pthread_mutex_unlock(&s->lock);
	return copy;
}

static prom_client *client_for(const struct server *s, double timeout, bool get)
{
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", s->port);
	struct prom_config cfg = {
	        .url = url, .timeout_s = timeout, .max_body_bytes = 4096, .use_get = get};
	struct cairn_err err = {0};
	prom_client *c = prom_new(&cfg, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	return c;
}

static void expect_error(const struct cairn_result *r, const char *needle)
{
	ck_assert_int_eq(r->status, RESULT_ERROR);
	ck_assert_msg(strstr(r->message, needle), "'%s' lacks '%s'", r->message, needle);
}

START_TEST(faults_in_one_batch)
{
	static const char *exprs[] = {"ok",       "garbage", "html500", "big",     "stall",
	                              "cut",      "badquery", "err200", "html502", "ok2",
	                              "stall-too"};
	enum { N = G_N_ELEMENTS(exprs) };
	struct server s;
	server_start(&s);
	prom_client *c = client_for(&s, 1.0, false);
	struct prom_query qs[N];
	struct cairn_result rs[N];
	for (size_t i = 0; i < N; i++) {
		qs[i] = range_q(exprs[i], NULL);
		qs[i].result_index = i;
		result_init(&rs[i]);
	}
	struct cairn_err err = {0};
	gint64 t0 = g_get_monotonic_time();
	ck_assert_int_eq(prom_query_batch(c, qs, N, rs, N, NULL, &err), 0);
	double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
	/* concurrent: two stalls cost one timeout together, not one each */
	ck_assert_msg(secs < 1.8, "batch took %.2f s", secs);

	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", s.port);
	char want[256];
	for (size_t i = 0; i < 10; i += 9) {
		ck_assert_int_eq(rs[i].status, RESULT_OK);
		ck_assert_uint_eq(rs[i].n_series, 1);
		ck_assert_uint_eq(rs[i].series[0].n, 5);
		ck_assert_double_eq(rs[i].series[0].v[1], 1);
		ck_assert(isnan(rs[i].series[0].v[2]));
		ck_assert_str_eq(rs[i].series[0].name, "up{instance=\"a\"}");
	}
	snprintf(
	        want, sizeof want,
	        "invalid response from datasource at %s/api/v1/query_range: 'this is not json at all' "
	        "(not JSON)",
	        base);
	ck_assert_str_eq(rs[1].message, want);
	snprintf(want, sizeof want, "HTTP 500 from datasource at %s/api/v1/query_range", base);
	expect_error(&rs[2], want);
	expect_error(&rs[3], "response larger than 4096 bytes");
	snprintf(want, sizeof want, "datasource at %s did not answer within 1 s", base);
	expect_error(&rs[4], want);
	expect_error(&rs[10], want);
	expect_error(&rs[5], "connection to datasource at");
	expect_error(&rs[6], "/api/v1/query_range: bad_data: 1:5: parse error: unexpected end of input");
	expect_error(&rs[7], "/api/v1/query_range: execution: boom");
	snprintf(want, sizeof want, "HTTP 502 from datasource at %s/api/v1/query_range", base);
	expect_error(&rs[8], want);
	for (size_t i = 0; i < N; i++)
		result_fini(&rs[i]);
	prom_free(c);
	server_stop(&s);
}
END_TEST

START_TEST(request_shape)
{
	struct server s;
	char seen[4096];
	server_start(&s);
	for (int get = 0; get <= 1; get++) {
		prom_client *c = client_for(&s, 2.0, get);
		struct prom_query q = range_q("rate(x[5m]) + 1", NULL);
		struct cairn_result r;
		struct cairn_err err = {0};
		result_init(&r);
		ck_assert_int_eq(prom_query_batch(c, &q, 1, &r, 1, NULL, &err), 0);
		ck_assert_int_eq(r.status, RESULT_OK);
		ck_assert_double_gt(r.query_ms, 0);
		const char *want =
		        get ? "GET /api/v1/query_range?query=rate%28x%5B5m%5D%29%20%2B%201"
		              "&start=1700000000.000&end=1700000060.000&step=15.000 "
		            : "POST /api/v1/query_range ";
		ck_assert_msg(strncmp(server_last(&s, seen, sizeof seen), want, strlen(want)) == 0, "%s",
		              server_last(&s, seen, sizeof seen));
		if (!get)
			ck_assert_ptr_nonnull(strstr(
			        server_last(&s, seen, sizeof seen),
			        "\r\n\r\nquery=rate%28x%5B5m%5D%29%20%2B%201&start=1700000000.000"
			        "&end=1700000060.000&step=15.000"));
		result_fini(&r);

		q.instant = true;
		result_init(&r);
		ck_assert_int_eq(prom_query_batch(c, &q, 1, &r, 1, NULL, &err), 0);
		ck_assert_ptr_nonnull(strstr(server_last(&s, seen, sizeof seen), "/api/v1/query"));
		ck_assert_ptr_nonnull(strstr(server_last(&s, seen, sizeof seen), "&time=1700000060.000"));
		ck_assert_ptr_null(strstr(server_last(&s, seen, sizeof seen), "query_range"));
		result_fini(&r);
		prom_free(c);
	}
	server_stop(&s);
}
END_TEST

START_TEST(parallel_cap_and_nodata)
{
	struct server s;
	server_start(&s);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
	struct prom_config cfg = {.url = url, .max_parallel = 2};
	prom_client *c = prom_new(&cfg, NULL);
	enum { N = 7 };
	struct prom_query qs[N];
	struct cairn_result rs[3];
	for (size_t i = 0; i < 3; i++)
		result_init(&rs[i]);
	for (size_t i = 0; i < N; i++) {
		qs[i] = range_q("ok", NULL);
		qs[i].result_index = i % 2; /* panels 0 and 1; panel 2 asks nothing */
	}
	ck_assert_int_eq(prom_query_batch(c, qs, N, rs, 3, NULL, NULL), 0);
	ck_assert_uint_eq(rs[0].n_series, 4);
	ck_assert_uint_eq(rs[1].n_series, 3);
	ck_assert_int_eq(rs[2].status, RESULT_OK); /* untouched */
	ck_assert_int_eq(server_requests(&s), N);
	qs[0].result_index = 3;
	ck_assert_int_eq(prom_query_batch(c, qs, 1, rs, 3, NULL, NULL), CAIRN_EINVAL);
	for (size_t i = 0; i < 3; i++)
		result_fini(&rs[i]);
	prom_free(c);
	server_stop(&s);
}
END_TEST

START_TEST(connection_refused)
{
	int port;
	int fd = listen_local(&port);
	close(fd); /* nothing listens there now */
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
	struct prom_config cfg = {.url = url, .timeout_s = 2};
	prom_client *c = prom_new(&cfg, NULL);
	struct prom_query q = range_q("up", NULL);
	struct cairn_result r;
	result_init(&r);
	ck_assert_int_eq(prom_query_batch(c, &q, 1, &r, 1, NULL, NULL), 0);
	char want[128];
	snprintf(want, sizeof want, "cannot reach datasource at %s: Connection refused", url);
	ck_assert_int_eq(r.status, RESULT_ERROR);
	ck_assert_str_eq(r.message, want);
	result_fini(&r);

	char **v;
	size_t n;
	struct cairn_err err = {0};
	ck_assert_int_eq(prom_label_values(c, "up", "job", T0, T0 + 60, NULL, &v, &n, &err), CAIRN_EIO);
	ck_assert_str_eq(err.msg, want);
	prom_free(c);

	/* a datasource configured with a name is named by it, whatever it is */
	cfg.name = "vm-eu";
	c = prom_new(&cfg, NULL);
	result_init(&r);
	ck_assert_int_eq(prom_query_batch(c, &q, 1, &r, 1, NULL, NULL), 0);
	snprintf(want, sizeof want, "cannot reach datasource \"vm-eu\" at %s: Connection refused",
	         url);
	ck_assert_str_eq(r.message, want);
	result_fini(&r);
	prom_free(c);
}
END_TEST

START_TEST(label_values_http)
{
	struct server s;
	char seen[4096];
	server_start(&s);
	prom_client *c = client_for(&s, 2.0, false);
	char **v;
	size_t n;
	struct cairn_err err = {0};
	ck_assert_int_eq(prom_label_values(c, "up{job=~\"a.*\"}", "job", T0, T0 + 60, NULL, &v, &n, &err),
	                 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "apiserver");
	ck_assert_str_eq(v[1], "node");
	prom_strv_free(v, n);
	ck_assert_msg(strncmp(server_last(&s, seen, sizeof seen),
	                      "GET /api/v1/label/job/values?match%5B%5D=up%7Bjob%3D~%22a.%2A%22%7D"
	                      "&start=1700000000.000&end=1700000060.000 ",
	                      60) == 0,
	              "%s", server_last(&s, seen, sizeof seen));
	ck_assert_int_eq(prom_label_values(c, "", "bad-name", T0, T0, NULL, &v, &n, &err), CAIRN_EINVAL);
	prom_free(c);
	server_stop(&s);

	struct prom_config td = {.url = "testdata"};
	c = prom_new(&td, NULL);
	ck_assert_int_eq(prom_label_values(c, "up", "instance", T0, T0, NULL, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "instance-1");
	ck_assert_str_eq(v[2], "instance-3");
	prom_strv_free(v, n);
	prom_free(c);
}
END_TEST


/* ---- the request's budget over HTTP ---------------------------------------- */

static prom_client *client_url(const char *url, double timeout, size_t parallel)
{
	struct prom_config cfg = {.url = url, .timeout_s = timeout, .max_parallel = parallel};
	struct cairn_err err = {0};
	prom_client *c = prom_new(&cfg, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	return c;
}

/* A stalled Prometheus holds a request only until the request's deadline,
 * not until curl's own timeout; queries not sent by then are not sent. */
START_TEST(deadline_cuts_stalls)
{
	struct server s;
	server_start(&s);
	char url[64], want[160];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
	prom_client *c = client_url(url, 30, 1); /* one at a time: the others wait */
	struct cairn_limits l;
	limits_default(&l);
	l.deadline_s = 1;
	struct budget b;
	budget_init(&b, &l);
	struct prom_query qs[3] = {range_q("stall", NULL), range_q("stall-2", NULL),
	                           range_q("ok", NULL)};
	struct cairn_result rs[3];
	for (size_t i = 0; i < 3; i++) {
		qs[i].result_index = i;
		result_init(&rs[i]);
	}
	gint64 t0 = g_get_monotonic_time();
	ck_assert_int_eq(prom_query_batch(c, qs, 3, rs, 3, &b, NULL), 0);
	double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
	ck_assert_msg(secs > 0.9 && secs < 1.6, "batch took %.2f s", secs);
	snprintf(want, sizeof want,
	         "datasource at %s did not answer before the request's deadline (1 s)", url);
	ck_assert_str_eq(rs[0].message, want);
	for (size_t i = 1; i < 3; i++) {
		ck_assert_int_eq(rs[i].status, RESULT_ERROR);
		ck_assert_str_eq(rs[i].message, want);
	}
	ck_assert_int_eq(server_requests(&s), 1); /* the others were never sent */

	/* label_values under the same, spent, deadline */
	char **v;
	size_t n;
	struct cairn_err err = {0};
	ck_assert_int_eq(prom_label_values(c, "", "job", T0, T0, &b, &v, &n, &err), CAIRN_ETIMEOUT);
	ck_assert_str_eq(err.msg, want);
	for (size_t i = 0; i < 3; i++)
		result_fini(&rs[i]);
	prom_free(c);
	server_stop(&s);
}
END_TEST

START_TEST(queries_and_bytes_budget)
{
	struct server s;
	server_start(&s);
	char url[64], want[200];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
	prom_client *c = client_url(url, 5, 8);
	struct prom_query qs[3] = {range_q("ok", NULL), range_q("ok2", NULL), range_q("ok3", NULL)};
	struct cairn_result rs[3];
	for (size_t i = 0; i < 3; i++) {
		qs[i].result_index = i;
		result_init(&rs[i]);
	}
	struct budget b = budget_of(BUDGET_QUERIES, 2);
	ck_assert_int_eq(prom_query_batch(c, qs, 3, rs, 3, &b, NULL), 0);
	ck_assert_int_eq(rs[0].status, RESULT_OK);
	ck_assert_int_eq(rs[1].status, RESULT_OK);
	snprintf(want, sizeof want,
	         "not sent to datasource at %s: over the request's budget of 2 queries", url);
	ck_assert_str_eq(rs[2].message, want);
	ck_assert_int_eq(server_requests(&s), 2);
	char **v;
	size_t n;
	struct cairn_err err = {0};
	ck_assert_int_eq(prom_label_values(c, "", "job", T0, T0, &b, &v, &n, &err), CAIRN_ELIMIT);
	ck_assert_str_eq(err.msg, want);
	for (size_t i = 0; i < 3; i++)
		result_fini(&rs[i]);

	/* response bytes: the whole budget counts, as the bytes arrive */
	b = budget_of(BUDGET_BYTES, 2 * strlen(OK_BODY) - 1);
	for (size_t i = 0; i < 2; i++) {
		qs[i].result_index = 0;
		result_init(&rs[i]);
	}
	qs[1].result_index = 1;
	ck_assert_int_eq(prom_query_batch(c, qs, 2, rs, 2, &b, NULL), 0);
	ck_assert_int_eq(rs[0].status == RESULT_OK, rs[1].status != RESULT_OK); /* one of them */
	snprintf(want, sizeof want,
	         "response from %s/api/v1/query_range: over the request's budget of %zu response "
	         "bytes",
	         url, 2 * strlen(OK_BODY) - 1);
	ck_assert_str_eq(rs[0].status == RESULT_OK ? rs[1].message : rs[0].message, want);
	for (size_t i = 0; i < 2; i++)
		result_fini(&rs[i]);
	prom_free(c);
	server_stop(&s);
}
END_TEST

/* ---- secrets --------------------------------------------------------------- */

static void no_secret(const char *msg)
{
	ck_assert_msg(msg[0], "empty message");
	ck_assert_msg(!strstr(msg, "secret") && !strstr(msg, "s3cr"), "leaks: %s", msg);
}

/* Credentials in the URL reach Prometheus (basic auth) and no message. */
START_TEST(credentials_never_shown)
{
	struct server s;
	char seen[4096];
	server_start(&s);
	char url[96];
	snprintf(url, sizeof url, "http://user:secret@127.0.0.1:%d/", s.port);
	prom_client *c = client_url(url, 1, 8);
	static const char *exprs[] = {"ok", "garbage", "html502", "stall", "badquery", "big", "cut"};
	enum { N = G_N_ELEMENTS(exprs) };
	struct prom_query qs[N];
	struct cairn_result rs[N];
	for (size_t i = 0; i < N; i++) {
		qs[i] = range_q(exprs[i], NULL);
		qs[i].result_index = i;
		result_init(&rs[i]);
	}
	ck_assert_int_eq(prom_query_batch(c, qs, N, rs, N, NULL, NULL), 0);
	ck_assert_int_eq(rs[0].status, RESULT_OK);
	ck_assert_ptr_nonnull(strstr(server_last(&s, seen, sizeof seen), "Authorization: Basic dXNlcjpzZWNyZXQ="));
	char shown[96];
	snprintf(shown, sizeof shown, "http://***@127.0.0.1:%d/api/v1/query_range", s.port);
	ck_assert_ptr_nonnull(strstr(rs[2].message, shown));
	for (size_t i = 1; i < N; i++) {
		ck_assert_int_eq(rs[i].status, RESULT_ERROR);
		no_secret(rs[i].message);
	}
	/* over budget and past the deadline */
	struct budget b = budget_of(BUDGET_BYTES, 10);
	for (size_t i = 0; i < 2; i++) {
		result_fini(&rs[i]);
		result_init(&rs[i]);
	}
	ck_assert_int_eq(prom_query_batch(c, qs, 1, rs, 1, &b, NULL), 0);
	no_secret(rs[0].message);
	struct cairn_limits l;
	limits_default(&l);
	l.deadline_s = 0.3;
	budget_init(&b, &l);
	result_fini(&rs[3]);
	result_init(&rs[3]);
	ck_assert_int_eq(prom_query_batch(c, &qs[3], 1, rs, N, &b, NULL), 0);
	ck_assert_int_eq(rs[3].status, RESULT_ERROR);
	no_secret(rs[3].message);
	ck_assert_ptr_nonnull(strstr(rs[3].message, "deadline"));

	char **v;
	size_t n;
	struct cairn_err err = {0};
	ck_assert_int_eq(prom_label_values(c, "", "job", T0, T0, &b, &v, &n, &err), CAIRN_ETIMEOUT);
	no_secret(err.msg);
	for (size_t i = 0; i < N; i++)
		result_fini(&rs[i]);
	prom_free(c);
	server_stop(&s);

	/* nothing listens: refused, for a batch and for label_values */
	int port;
	int fd = listen_local(&port);
	close(fd);
	snprintf(url, sizeof url, "http://user:secret@127.0.0.1:%d/pre@fix/", port);
	c = client_url(url, 2, 8);
	result_init(&rs[0]);
	ck_assert_int_eq(prom_query_batch(c, qs, 1, rs, 1, NULL, NULL), 0);
	char want[128];
	snprintf(want, sizeof want, "cannot reach datasource at http://***@127.0.0.1:%d/pre@fix: ",
	         port);
	ck_assert_msg(strncmp(rs[0].message, want, strlen(want)) == 0, "%s", rs[0].message);
	result_fini(&rs[0]);
	ck_assert_int_eq(prom_label_values(c, "up", "job", T0, T0, NULL, &v, &n, &err), CAIRN_EIO);
	no_secret(err.msg);
	prom_free(c);

	/* unusable URLs are refused without showing what they carry */
	static const char *bad[] = {"ftp://user:secret@h:21", "http://user:secret@",
	                            "http://h:9090/?token=secret", "http://h:9090/#secret",
	                            "http://user:s3cr/et@h:9090", "http://user:secret@h:99999",
	                            "http://user:se?cret@h:9090", "http://user:se#cret@h:9090"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct prom_config cfg = {.url = bad[i]};
		cairn_err_clear(&err);
		ck_assert_msg(prom_new(&cfg, &err) == NULL, "accepted %s", bad[i]);
		no_secret(err.msg);
		ck_assert_msg(!strstr(err.msg, "cret"), "leaks: %s", err.msg);
	}
}
END_TEST

static void setup(void)
{
	prom_global_init();
}

static void teardown(void)
{
	prom_global_cleanup();
}

Suite *make_suite(void)
{
	Suite *s = suite_create("datasource/prom");
	TCase *p = tcase_create("parse");
	tcase_add_test(p, matrix_on_step_grid);
	tcase_add_test(p, names);
	tcase_add_test(p, instant_vector_and_scalar);
	tcase_add_test(p, empty_result);
	tcase_add_test(p, native_histograms_skipped);
	tcase_add_test(p, error_bodies);
	tcase_add_test(p, series_cap_keeps_result);
	tcase_add_test(p, points_cap);
	tcase_add_test(p, label_values_parse);
	tcase_add_test(p, client_urls);
	suite_add_tcase(s, p);

	TCase *h = tcase_create("http");
	tcase_add_checked_fixture(h, setup, teardown);
	tcase_set_timeout(h, 20);
	tcase_add_test(h, faults_in_one_batch);
	tcase_add_test(h, request_shape);
	tcase_add_test(h, parallel_cap_and_nodata);
	tcase_add_test(h, connection_refused);
	tcase_add_test(h, label_values_http);
	tcase_add_test(h, deadline_cuts_stalls);
	tcase_add_test(h, queries_and_bytes_budget);
	tcase_add_test(h, credentials_never_shown);
	suite_add_tcase(s, h);
	return s;
}

#include "tests/test_main.h"
