/*
 * test_serve.c — cairn serve over a real socket: the server runs in
 * process on a free port (port 0), libcurl asks.  Every route, the
 * parameter errors, 404/405/413/503, ETag/304, auth, security headers,
 * X-Cairn-Status, a stalled datasource and a graceful stop.  Built twice:
 * suite "server" against testdata (and a socket that never answers), and
 * with SERVE_LIVE, suite "integration", against the real test Prometheus
 * (CAIRN_TEST_PROM_URL, tests/harness/prom.sh).
 */
#include <check.h>
#include <curl/curl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "datasource/prom.h"
#include "server/routes.h"
#include "server/server.h"

#define NODE "/render/d-solo/cairn-node-overview"
#define PROBES_ABS "from=2026-01-01T00:00:00Z&to=2026-01-01T06:00:00Z"

/* ---- a running server ------------------------------------------------------ */

struct running {
	server *s;
	struct srv_config cfg;
	pthread_t thread;
	int run_rc;
	int port;
	char *dir;       /* the dashboards folder */
	char *conf;      /* the config file, or NULL */
};

static void *run_thread(void *arg)
{
	struct running *r = arg;
	r->run_rc = server_run(r->s);
	return NULL;
}

static void copy_into(const char *dir, const char *src, const char *name)
{
	char *text = NULL;
	gsize len = 0;
	ck_assert_msg(g_file_get_contents(src, &text, &len, NULL), "cannot read %s", src);
	char *dst = g_build_filename(dir, name, NULL);
	ck_assert(g_file_set_contents(dst, text, (gssize)len, NULL));
	g_free(dst);
	g_free(text);
}

/* Starts a server on a free port with the example and fixture dashboards,
 * datasource url, and the JSON config text (may be NULL). */
static void start(struct running *r, const char *url, const char *config_json)
{
	memset(r, 0, sizeof *r);
	r->dir = g_dir_make_tmp("cairn-serve-XXXXXX", NULL);
	ck_assert(r->dir);
	copy_into(r->dir, SOURCE_ROOT "/examples/node-overview.json", "node-overview.json");
	copy_into(r->dir, SOURCE_ROOT "/tests/integration/fixtures/probes.json", "probes.json");
	copy_into(r->dir, SOURCE_ROOT "/tests/integration/fixtures/broken-query.json",
		"broken-query.json");
	copy_into(r->dir, SOURCE_ROOT "/tests/integration/fixtures/bad.json", "bad.json");
	struct cairn_err err = { 0 };
	srv_config_defaults(&r->cfg);
	if (config_json) {
		r->conf = g_build_filename(r->dir, "cairn.conf", NULL);
		ck_assert(g_file_set_contents(r->conf, config_json, -1, NULL));
		ck_assert_msg(srv_config_load(&r->cfg, r->conf, &err) == 0, "%s", err.msg);
	}
	r->cfg.listen_port = 0;
	srv_config_add_dashboards(&r->cfg, r->dir, true);
	ck_assert_msg(srv_config_set_prometheus(&r->cfg, url, &err) == 0, "%s", err.msg);
	ck_assert_msg(srv_config_check(&r->cfg, &err) == 0, "%s", err.msg);
	r->s = server_new(&r->cfg, &err);
	ck_assert_msg(r->s, "server_new: %s", err.msg);
	r->port = server_port(r->s);
	ck_assert_int_gt(r->port, 0);
	ck_assert_int_eq(pthread_create(&r->thread, NULL, run_thread, r), 0);
}

static void rm_tree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, n, NULL);
		g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}

static void stop(struct running *r)
{
	server_stop(r->s);
	pthread_join(r->thread, NULL);
	ck_assert_int_eq(r->run_rc, 0);
	server_free(r->s);
	srv_config_fini(&r->cfg);
	rm_tree(r->dir);
	g_free(r->dir);
	g_free(r->conf);
}

/* ---- HTTP with libcurl ----------------------------------------------------- */

struct resp {
	long code;
	GString *body;
	GString *headers;
	char *content_type;
};

static size_t gather(char *p, size_t size, size_t n, void *ud)
{
	g_string_append_len(ud, p, (gssize)(size * n));
	return size * n;
}

/* method NULL = GET; hdrs NULL-terminated or NULL. */
static void ask(const struct running *r, const char *method, const char *path, const char *body,
	long body_len, const char *const *hdrs, struct resp *out)
{
	memset(out, 0, sizeof *out);
	out->body = g_string_new(NULL);
	out->headers = g_string_new(NULL);
	char *url = g_strdup_printf("http://127.0.0.1:%d%s", r->port, path);
	CURL *e = curl_easy_init();
	struct curl_slist *hl = NULL;
	for (size_t i = 0; hdrs && hdrs[i]; i++)
		hl = curl_slist_append(hl, hdrs[i]);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, gather);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, out->body);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, gather);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, out->headers);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl);
	if (body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, body_len);
	}
	if (method)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	CURLcode rc = curl_easy_perform(e);
	ck_assert_msg(rc == CURLE_OK, "%s: %s", path, curl_easy_strerror(rc));
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &out->code);
	char *ct = NULL;
	curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
	out->content_type = g_strdup(ct ? ct : "");
	curl_slist_free_all(hl);
	curl_easy_cleanup(e);
	g_free(url);
}

static void get(const struct running *r, const char *path, struct resp *out)
{
	ask(r, NULL, path, NULL, 0, NULL, out);
}

static void resp_fini(struct resp *r)
{
	g_string_free(r->body, TRUE);
	g_string_free(r->headers, TRUE);
	g_free(r->content_type);
}

/* The value of header name (case-insensitive), or NULL; g_free it. */
static char *header(const struct resp *r, const char *name)
{
	char **lines = g_strsplit(r->headers->str, "\r\n", -1);
	char *v = NULL;
	size_t n = strlen(name);
	for (char **l = lines; *l && !v; l++)
		if (g_ascii_strncasecmp(*l, name, n) == 0 && (*l)[n] == ':')
			v = g_strstrip(g_strdup(*l + n + 1));
	g_strfreev(lines);
	return v;
}

static void assert_header(const struct resp *r, const char *name, const char *want)
{
	char *v = header(r, name);
	ck_assert_msg(v, "no %s header in:\n%s", name, r->headers->str);
	if (want)
		ck_assert_str_eq(v, want);
	g_free(v);
}

static bool is_png(const struct resp *r)
{
	return r->body->len > 8 && memcmp(r->body->str, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/* A 4xx/5xx with a short JSON body naming param (NULL: none expected). */
__attribute__((unused)) static void assert_error(const struct running *r, const char *method, const char *path,
	long code, const char *param)
{
	struct resp x;
	ask(r, method, path, NULL, 0, NULL, &x);
	ck_assert_msg(x.code == code, "%s: %ld, wanted %ld: %s", path, x.code, code, x.body->str);
	ck_assert_str_eq(x.content_type, "application/json");
	ck_assert_msg(g_str_has_prefix(x.body->str, "{\"error\":\""), "%s", x.body->str);
	ck_assert_uint_lt(x.body->len, 700);
	if (param) {
		char *want = g_strdup_printf("\"parameter\":\"%s\"", param);
		ck_assert_msg(strstr(x.body->str, want), "%s: wanted %s in %s", path, want,
			x.body->str);
		g_free(want);
	}
	assert_header(&x, "X-Content-Type-Options", "nosniff");
	resp_fini(&x);
}

#ifndef SERVE_LIVE
/* ---- testdata: routes, parameters, caching ---------------------------------- */

static struct running td;

static void td_setup(void)
{
	start(&td, "testdata", "{\"cache\": {\"image_ttl\": \"1h\"}}");
}

static void td_teardown(void)
{
	stop(&td);
}

START_TEST(panel_png)
{
	struct resp x;
	get(&td, NODE "?panelId=2&width=640&height=320", &x);
	ck_assert_int_eq(x.code, 200);
	ck_assert_str_eq(x.content_type, "image/png");
	ck_assert(is_png(&x));
	char *len = header(&x, "Content-Length");
	ck_assert_uint_eq(g_ascii_strtoull(len, NULL, 10), x.body->len);
	g_free(len);
	/* 640×320: the IHDR's width and height */
	const unsigned char *b = (const unsigned char *)x.body->str;
	ck_assert_uint_eq((unsigned)(b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19]), 640);
	ck_assert_uint_eq((unsigned)(b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23]), 320);
	assert_header(&x, "X-Cairn-Status", "ok");
	assert_header(&x, "Cache-Control", "no-cache");   /* now-relative */
	assert_header(&x, "X-Content-Type-Options", "nosniff");
	assert_header(&x, "X-Frame-Options", "SAMEORIGIN");
	assert_header(&x, "Content-Security-Policy",
		"default-src 'none'; frame-ancestors 'self'");
	assert_header(&x, "Referrer-Policy", "no-referrer");
	char *etag = header(&x, "ETag");
	ck_assert(etag && etag[0] == '"' && strlen(etag) == 18);
	g_free(etag);
	resp_fini(&x);
}
END_TEST

/* compression=small: a valid PNG of the same size, smaller than the
 * default's, under another ETag (the image cache keeps them apart). */
START_TEST(png_compression)
{
	struct resp f, m, f2;
	get(&td, NODE "?panelId=2&width=640&height=320&" PROBES_ABS, &f);
	get(&td, NODE "?panelId=2&width=640&height=320&compression=small&" PROBES_ABS, &m);
	get(&td, NODE "?panelId=2&width=640&height=320&compression=fast&" PROBES_ABS, &f2);
	ck_assert_int_eq(f.code, 200);
	ck_assert_int_eq(m.code, 200);
	ck_assert(is_png(&m));
	const unsigned char *b = (const unsigned char *)m.body->str;
	ck_assert_uint_eq((unsigned)(b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19]), 640);
	ck_assert_msg(m.body->len < f.body->len, "small %zu, fast %zu", m.body->len, f.body->len);
	char *ef = header(&f, "ETag"), *em = header(&m, "ETag"), *ef2 = header(&f2, "ETag");
	ck_assert_str_ne(ef, em);
	ck_assert_str_eq(ef, ef2);   /* fast is the default */
	g_free(ef);
	g_free(em);
	g_free(ef2);
	resp_fini(&f);
	resp_fini(&m);
	resp_fini(&f2);
}
END_TEST

START_TEST(slug_and_formats)
{
	static const struct { const char *fmt, *type, *magic; } f[] = {
		{ "svg", "image/svg+xml", "<?xml" },
		{ "pdf", "application/pdf", "%PDF" },
		{ "png", "image/png", "\x89PNG" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(f); i++) {
		char *path = g_strdup_printf(NODE "/node-overview?panelId=2&format=%s&theme=light",
			f[i].fmt);
		struct resp x;
		get(&td, path, &x);
		ck_assert_msg(x.code == 200, "%s: %ld %s", path, x.code, x.body->str);
		ck_assert_str_eq(x.content_type, f[i].type);
		ck_assert(g_str_has_prefix(x.body->str, f[i].magic));
		resp_fini(&x);
		g_free(path);
	}
}
END_TEST

START_TEST(whole_dashboard)
{
	struct resp x;
	get(&td, "/render/d/cairn-node-overview/node-overview?width=1200&var-instance=a", &x);
	ck_assert_int_eq(x.code, 200);
	ck_assert(is_png(&x));
	resp_fini(&x);
}
END_TEST

/* An answer longer than one write's piece (256 KiB): the headers and the
 * first piece leave together from the image's headroom, the rest piece by
 * piece; the drawn answer and the cached repeat are the same bytes, as
 * long as Content-Length says, ending in PNG's IEND. */
START_TEST(large_image_in_pieces)
{
	struct resp a, b;
	const char *path = "/render/d/cairn-node-overview?width=2400&scale=2&var-instance=a";
	get(&td, path, &a);
	get(&td, path, &b);
	ck_assert_int_eq(a.code, 200);
	ck_assert_int_eq(b.code, 200);
	ck_assert(is_png(&a));
	ck_assert_msg(a.body->len > 600 * 1024, "%zu bytes: not over two pieces", a.body->len);
	char *cl = header(&b, "Content-Length");
	ck_assert_uint_eq(g_ascii_strtoull(cl, NULL, 10), b.body->len);
	ck_assert_uint_eq(a.body->len, b.body->len);
	ck_assert(memcmp(a.body->str, b.body->str, a.body->len) == 0);
	ck_assert(memcmp(b.body->str + b.body->len - 8, "IEND\xae\x42\x60\x82", 8) == 0);
	char *ea = header(&a, "ETag"), *eb = header(&b, "ETag");
	ck_assert_str_eq(ea, eb);
	g_free(ea);
	g_free(eb);
	g_free(cl);
	resp_fini(&a);
	resp_fini(&b);
}
END_TEST

START_TEST(etag_304_and_cache)
{
	struct resp a, b, c;
	const char *path = "/render/d-solo/cairn-probes?panelId=1&" PROBES_ABS;
	get(&td, path, &a);
	ck_assert_int_eq(a.code, 200);
	/* an absolute range in the past does not change */
	assert_header(&a, "Cache-Control", "public, max-age=3600");
	char *etag = header(&a, "ETag");
	char *inm = g_strdup_printf("If-None-Match: %s", etag);
	const char *hdrs[] = { inm, NULL };
	ask(&td, NULL, path, NULL, 0, hdrs, &b);
	ck_assert_int_eq(b.code, 304);
	ck_assert_uint_eq(b.body->len, 0);
	assert_header(&b, "ETag", etag);
	/* the repeat is the cached image, byte for byte */
	get(&td, path, &c);
	ck_assert_int_eq(c.code, 200);
	ck_assert_uint_eq(c.body->len, a.body->len);
	ck_assert(memcmp(c.body->str, a.body->str, a.body->len) == 0);
	resp_fini(&a);
	resp_fini(&b);
	resp_fini(&c);
	struct resp m;
	get(&td, "/metrics", &m);
	ck_assert_msg(strstr(m.body->str, "cairn_image_cache_hits_total "), "%s", m.body->str);
	ck_assert(!strstr(m.body->str, "cairn_image_cache_hits_total 0\n"));
	resp_fini(&m);
	g_free(inm);
	g_free(etag);
}
END_TEST

START_TEST(grafana_parameters_accepted)
{
	/* what Grafana's image renderer sends besides ours is ignored */
	static const char *const paths[] = {
		NODE "?orgId=1&panelId=2&width=300&height=150&tz=Europe%2FBerlin&timeout=10",
		NODE "?panelId=2&from=1767225600000&to=1767247200000&scale=2&width=200&height=100",
		NODE "?panelId=2&from=now-2d%2Fd&to=now%2Fd&theme=light&kiosk&var-instance=a"
			"&var-instance=b",
		"/render/d/cairn-node-overview?var-instance=%24__all&width=800",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
		struct resp x;
		get(&td, paths[i], &x);
		ck_assert_msg(x.code == 200, "%s: %ld %s", paths[i], x.code, x.body->str);
		ck_assert(is_png(&x));
		resp_fini(&x);
	}
}
END_TEST

START_TEST(bad_parameters)
{
	static const struct { const char *query, *param; } cases[] = {
		{ "panelId=2&from=yesterday", "from" },
		{ "panelId=2&to=now-", "to" },
		{ "panelId=2&width=5", "width" },
		{ "panelId=2&height=abc", "height" },
		{ "panelId=2&scale=100", "scale" },
		{ "panelId=2&theme=blue", "theme" },
		{ "panelId=2&format=gif", "format" },
		{ "panelId=2&compression=best", "compression" },
		{ "panelId=2&timeout=-1", "timeout" },
		{ "panelId=2&tz=..%2F..%2Fetc%2Fpasswd", "tz" },
		{ "panelId=x", "panelId" },
		{ "width=100", "panelId" },
		{ "panelId=2&var-=x", "var-" },
		{ "panelId=2&from=now&to=now-1h", "from" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *path = g_strdup_printf(NODE "?%s", cases[i].query);
		assert_error(&td, NULL, path, 400, cases[i].param);
		g_free(path);
	}
}
END_TEST

START_TEST(not_found_and_methods)
{
	assert_error(&td, NULL, "/render/d-solo/no-such-uid?panelId=1", 404, NULL);
	assert_error(&td, NULL, NODE "?panelId=999", 404, "panelId");
	assert_error(&td, NULL, "/render/d/no-such-uid", 404, NULL);
	assert_error(&td, NULL, "/api/dashboards/uid/no-such-uid", 404, NULL);
	assert_error(&td, NULL, "/nothing/here", 404, NULL);
	assert_error(&td, NULL, "/render/d-solo/../../etc/passwd?panelId=1", 404, NULL);
	assert_error(&td, "DELETE", "/api/dashboards", 405, NULL);
	assert_error(&td, "POST", NODE "?panelId=2", 405, NULL);
	assert_error(&td, NULL, "/api/render", 405, NULL);
	assert_error(&td, NULL, NODE "?panelId=2&width=30000&height=30000", 413, NULL);
}
END_TEST

/* HEAD, pipelined before a GET on one connection: its answer is headers
 * only, so the GET's answer is read as the next one (a body after the
 * HEAD's headers would be taken for it). */
START_TEST(head_has_no_body)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)td.port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	/* Routes no other test counts requests of. */
	static const char two[] = "HEAD /nothing/a HTTP/1.1\r\nHost: x\r\n\r\n"
		"GET /nothing/b HTTP/1.1\r\nHost: x\r\n\r\n";
	ck_assert_int_eq(write(fd, two, sizeof two - 1), (ssize_t)(sizeof two - 1));
	GString *got = g_string_new(NULL);
	char buf[4096];
	struct timeval tv = { .tv_usec = 500000 };   /* all there is, then a pause */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		g_string_append_len(got, buf, n);
	close(fd);
	const char *second = strstr(got->str, "\r\n\r\n");
	ck_assert_msg(g_str_has_prefix(got->str, "HTTP/1.1 404"), "%s", got->str);
	ck_assert_msg(second && g_str_has_prefix(second + 4, "HTTP/1.1 404"), "%s", got->str);
	g_string_free(got, TRUE);
}
END_TEST

START_TEST(listings)
{
	struct resp x;
	get(&td, "/api/dashboards", &x);
	ck_assert_int_eq(x.code, 200);
	ck_assert_str_eq(x.content_type, "application/json");
	ck_assert(strstr(x.body->str, "\"uid\":\"cairn-node-overview\""));
	ck_assert(strstr(x.body->str, "\"url\":\"/render/d/cairn-node-overview/node-overview\""));
	ck_assert(strstr(x.body->str, "\"panels\":"));
	ck_assert(strstr(x.body->str, "\"tags\":[\"cairn\",\"node-exporter\"]"));
	ck_assert(strstr(x.body->str, "\"folder\":\"\""));
	resp_fini(&x);

	get(&td, "/api/dashboards/uid/cairn-probes", &x);
	ck_assert_int_eq(x.code, 200);
	char *file = NULL;
	ck_assert(g_file_get_contents(SOURCE_ROOT "/tests/integration/fixtures/probes.json", &file,
		NULL, NULL));
	ck_assert_str_eq(x.body->str, file);
	g_free(file);
	resp_fini(&x);

	get(&td, "/api/health", &x);
	ck_assert_int_eq(x.code, 200);
	ck_assert(strstr(x.body->str, "\"version\":\"" CAIRN_VERSION "\""));
	ck_assert(strstr(x.body->str, "\"loaded\":3"));
	ck_assert_msg(strstr(x.body->str, "bad.json\",\"message\":\""), "%s", x.body->str);
	ck_assert(strstr(x.body->str, "\"name\":\"prometheus\""));
	resp_fini(&x);

	get(&td, "/metrics", &x);
	ck_assert_int_eq(x.code, 200);
	ck_assert(g_str_has_prefix(x.content_type, "text/plain"));
	ck_assert(strstr(x.body->str, "cairn_http_requests_total{route=\"api_health\",code=\"200\"} 1"));
	ck_assert(strstr(x.body->str, "cairn_dashboards_loaded 3"));
	ck_assert(strstr(x.body->str, "cairn_build_info{version=\"" CAIRN_VERSION "\"} 1"));
	resp_fini(&x);
}
END_TEST

START_TEST(post_render)
{
	char *dash = NULL;
	gsize len = 0;
	ck_assert(g_file_get_contents(SOURCE_ROOT "/examples/node-overview.json", &dash, &len,
		NULL));
	struct resp x;
	ask(&td, "POST", "/api/render?panelId=2&width=300&height=200", dash, (long)len, NULL, &x);
	ck_assert_msg(x.code == 200, "%ld %s", x.code, x.body->str);
	ck_assert(is_png(&x));
	assert_header(&x, "X-Cairn-Status", "ok");
	resp_fini(&x);

	ask(&td, "POST", "/api/render", "{\"panels\": [", 12, NULL, &x);
	ck_assert_int_eq(x.code, 400);
	ck_assert(strstr(x.body->str, "\"parameter\":\"body\""));
	resp_fini(&x);

	ask(&td, "POST", "/api/render?panelId=77", dash, (long)len, NULL, &x);
	ck_assert_int_eq(x.code, 404);
	resp_fini(&x);
	g_free(dash);
}
END_TEST

/* ---- limits from the configuration -------------------------------------------- */

START_TEST(body_too_large)
{
	struct running r;
	start(&r, "testdata", "{\"server\": {\"max_body_bytes\": 1000}}");
	char *big = g_strnfill(5000, ' ');
	struct resp x;
	ask(&r, "POST", "/api/render", big, 5000, NULL, &x);
	ck_assert_int_eq(x.code, 413);
	ck_assert(g_str_has_prefix(x.body->str, "{\"error\":"));
	resp_fini(&x);
	g_free(big);
	/* still serving */
	get(&r, "/api/health", &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	stop(&r);
}
END_TEST

/* ---- auth ------------------------------------------------------------------------ */

START_TEST(auth_on)
{
	struct running r;
	start(&r, "testdata", "{\"auth\": {\"bearer_tokens\": [\"s3cret-token\"], "
		"\"basic\": [{\"username\": \"ann\", \"password\": \"pw\"}]}}");
	struct resp x;
	get(&r, NODE "?panelId=2", &x);
	ck_assert_int_eq(x.code, 401);
	assert_header(&x, "WWW-Authenticate", NULL);
	assert_header(&x, "X-Content-Type-Options", "nosniff");
	resp_fini(&x);

	const char *wrong[] = { "Authorization: Bearer s3cret-tokem", NULL };
	ask(&r, NULL, "/api/dashboards", NULL, 0, wrong, &x);
	ck_assert_int_eq(x.code, 401);
	resp_fini(&x);

	const char *bearer[] = { "Authorization: Bearer s3cret-token", NULL };
	ask(&r, NULL, "/api/dashboards", NULL, 0, bearer, &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);

	/* an image of the past behind auth is for the client's cache only */
	ask(&r, NULL, "/render/d-solo/cairn-probes?panelId=1&width=100&height=100&" PROBES_ABS, NULL,
		0, bearer, &x);
	ck_assert_int_eq(x.code, 200);
	assert_header(&x, "Cache-Control", "private, max-age=3600");
	resp_fini(&x);

	char *b64 = g_base64_encode((const guchar *)"ann:pw", 6);
	char *basic_h = g_strdup_printf("Authorization: Basic %s", b64);
	const char *basic[] = { basic_h, NULL };
	ask(&r, NULL, NODE "?panelId=2&width=100&height=100", NULL, 0, basic, &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	g_free(basic_h);
	g_free(b64);

	/* open by default when auth is on */
	get(&r, "/api/health", &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	get(&r, "/metrics", &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	stop(&r);
}
END_TEST

/* ---- failing and stalled datasources ------------------------------------------ */

/* A socket that listens and never accepts: connections complete in the
 * kernel's backlog and then wait forever, as a stalled Prometheus does. */
static int stalled_socket(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(fd, 64), 0);
	socklen_t l = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &l);
	*port = ntohs(a.sin_port);
	return fd;
}

START_TEST(query_error_status)
{
	/* nothing listens on port 1: every query fails, the image still comes */
	struct running r;
	start(&r, "http://127.0.0.1:1", NULL);
	struct resp x;
	get(&r, NODE "?panelId=2&width=300&height=200", &x);
	ck_assert_int_eq(x.code, 200);
	ck_assert(is_png(&x));
	assert_header(&x, "X-Cairn-Status", "error");
	char *e = header(&x, "X-Cairn-Error");
	ck_assert_msg(e && strstr(e, "127.0.0.1:1"), "%s", e ? e : "(none)");
	ck_assert(!strchr(e, '\n') && !strchr(e, '\r'));
	g_free(e);
	assert_header(&x, "Cache-Control", "no-cache");
	resp_fini(&x);
	get(&r, "/api/health", &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	stop(&r);
}
END_TEST

/* cache.image_ttl 0: images of now-relative ranges are drawn every time,
 * those of past ranges are still kept. */
START_TEST(image_ttl_zero)
{
	struct running r;
	start(&r, "testdata", "{\"cache\": {\"image_ttl\": 0}}");
	struct resp x, m;
	for (int i = 0; i < 2; i++) {
		get(&r, "/render/d-solo/cairn-probes?panelId=1&from=now-1h&to=now", &x);
		ck_assert_int_eq(x.code, 200);
		resp_fini(&x);
	}
	get(&r, "/metrics", &m);
	ck_assert_msg(strstr(m.body->str, "cairn_image_cache_hits_total 0\n"), "%s", m.body->str);
	resp_fini(&m);
	for (int i = 0; i < 2; i++) {
		get(&r, "/render/d-solo/cairn-probes?panelId=1&" PROBES_ABS, &x);
		ck_assert_int_eq(x.code, 200);
		resp_fini(&x);
	}
	get(&r, "/metrics", &m);
	ck_assert_msg(strstr(m.body->str, "cairn_image_cache_hits_total 1\n"), "%s", m.body->str);
	resp_fini(&m);
	stop(&r);
}
END_TEST

struct bg {
	const struct running *r;
	const char *path;
	struct resp x;
	pthread_t t;
};

static void *bg_main(void *arg)
{
	struct bg *b = arg;
	get(b->r, b->path, &b->x);
	return NULL;
}

static void bg_start(struct bg *b, const struct running *r, const char *path)
{
	b->r = r;
	b->path = path;
	ck_assert_int_eq(pthread_create(&b->t, NULL, bg_main, b), 0);
}

START_TEST(queue_full_503)
{
	int port;
	int fd = stalled_socket(&port);
	char *url = g_strdup_printf("http://127.0.0.1:%d", port);
	struct running r;
	start(&r, url, "{\"server\": {\"workers\": 1, \"queue\": 1}}");
	struct bg one, two;
	bg_start(&one, &r, "/render/d-solo/cairn-probes?panelId=1&timeout=2&width=200&height=100");
	g_usleep(300000);
	bg_start(&two, &r, "/render/d-solo/cairn-probes?panelId=2&timeout=2&width=200&height=100");
	g_usleep(300000);
	struct resp x;
	get(&r, "/render/d-solo/cairn-probes?panelId=1&timeout=2&width=300&height=100", &x);
	ck_assert_msg(x.code == 503, "%ld %s", x.code, x.body->str);
	assert_header(&x, "Retry-After", "1");
	ck_assert(g_str_has_prefix(x.body->str, "{\"error\":"));
	resp_fini(&x);
	/* the deadline holds with the datasource stalled: images showing it */
	double t0 = g_get_monotonic_time() / 1e6;
	pthread_join(one.t, NULL);
	pthread_join(two.t, NULL);
	ck_assert_double_lt(g_get_monotonic_time() / 1e6 - t0, 6);
	ck_assert_int_eq(one.x.code, 200);
	ck_assert_int_eq(two.x.code, 200);
	assert_header(&one.x, "X-Cairn-Status", "error");
	resp_fini(&one.x);
	resp_fini(&two.x);
	stop(&r);
	close(fd);
	g_free(url);
}
END_TEST

/* Eight identical requests at once while the datasource stalls: one
 * image is drawn and all eight get it (before: eight renders, the last
 * ones after the first had timed out). */
START_TEST(identical_images_drawn_once)
{
	int port;
	int fd = stalled_socket(&port);
	char *url = g_strdup_printf("http://127.0.0.1:%d", port);
	struct running r;
	start(&r, url, "{\"server\": {\"workers\": 2}}");
	struct bg b[8];
	for (int i = 0; i < 8; i++)
		bg_start(&b[i], &r, "/render/d-solo/cairn-probes?panelId=1&timeout=2&width=200&height=100");
	for (int i = 0; i < 8; i++) {
		pthread_join(b[i].t, NULL);
		ck_assert_int_eq(b[i].x.code, 200);
		assert_header(&b[i].x, "X-Cairn-Status", "error");
		ck_assert_uint_eq(b[i].x.body->len, b[0].x.body->len);
	}
	for (int i = 0; i < 8; i++)
		resp_fini(&b[i].x);
	struct resp m;
	get(&r, "/metrics", &m);
	ck_assert_msg(strstr(m.body->str, "cairn_render_duration_seconds_count{kind=\"panel\"} 1\n"),
		"%s", m.body->str);
	resp_fini(&m);
	stop(&r);
	close(fd);
	g_free(url);
}
END_TEST

START_TEST(graceful_stop)
{
	int port;
	int fd = stalled_socket(&port);
	char *url = g_strdup_printf("http://127.0.0.1:%d", port);
	struct running r;
	start(&r, url, NULL);
	struct bg one;
	bg_start(&one, &r, "/render/d-solo/cairn-probes?panelId=1&timeout=1.5&width=200&height=100");
	g_usleep(300000);
	server_stop(r.s);
	pthread_join(one.t, NULL);
	/* the request in flight was answered before the server stopped */
	ck_assert_int_eq(one.x.code, 200);
	ck_assert(is_png(&one.x));
	resp_fini(&one.x);
	stop(&r);
	close(fd);
	g_free(url);
}
END_TEST

/* ---- reload ------------------------------------------------------------------------ */

static int reconfig_with_token(void *ctx, struct srv_config *out, struct cairn_err *err)
{
	const struct running *r = ctx;
	srv_config_defaults(out);
	g_autofree char *path = g_build_filename(r->dir, "reloaded.conf", NULL);
	if (srv_config_load(out, path, err))
		return err->code;
	srv_config_add_dashboards(out, r->dir, true);
	return srv_config_set_prometheus(out, "testdata", err);
}

START_TEST(reload)
{
	struct running r;
	start(&r, "testdata", NULL);
	server_set_reconfig(r.s, reconfig_with_token, &r);
	struct resp x;
	get(&r, "/api/dashboards", &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	/* a file that does not parse: the running configuration stays */
	g_autofree char *path = g_build_filename(r.dir, "reloaded.conf", NULL);
	ck_assert(g_file_set_contents(path, "{\"auth\": ", -1, NULL));
	server_reload(r.s);
	g_usleep(300000);
	get(&r, "/api/dashboards", &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	/* auth added by the new file takes effect without a restart */
	ck_assert(g_file_set_contents(path, "{\"auth\": {\"bearer_tokens\": [\"t0k\"]}}", -1,
		NULL));
	server_reload(r.s);
	for (int i = 0; i < 50; i++) {
		get(&r, "/api/dashboards", &x);
		long code = x.code;
		resp_fini(&x);
		if (code == 401)
			break;
		ck_assert_int_lt(i, 49);
		g_usleep(100000);
	}
	const char *bearer[] = { "Authorization: Bearer t0k", NULL };
	ask(&r, NULL, "/api/dashboards", NULL, 0, bearer, &x);
	ck_assert_int_eq(x.code, 200);
	resp_fini(&x);
	/* and the dashboards are rescanned: a new file is served */
	copy_into(r.dir, SOURCE_ROOT "/examples/korean.json", "korean.json");
	server_reload(r.s);
	for (int i = 0; i < 50; i++) {
		ask(&r, NULL, "/api/dashboards/uid/cairn-korean", NULL, 0, bearer, &x);
		long code = x.code;
		resp_fini(&x);
		if (code == 200)
			break;
		ck_assert_int_lt(i, 49);
		g_usleep(100000);
	}
	g_unlink(path);
	stop(&r);
}
END_TEST

/* ---- TLS ---------------------------------------------------------------------------- */

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	return size * n;
}

START_TEST(tls)
{
	char *dir = g_dir_make_tmp("cairn-tls-XXXXXX", NULL);
	char *key = g_build_filename(dir, "key.pem", NULL);
	char *crt = g_build_filename(dir, "crt.pem", NULL);
	char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
		"-out", crt, "-days", "1", "-subj", "/CN=localhost", NULL };
	int status = -1;
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
		G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) || status != 0) {
		fprintf(stderr, "tls: no openssl to make a certificate; not tested\n");
		goto out;
	}
	char *conf = g_strdup_printf("{\"tls\": {\"cert\": \"%s\", \"key\": \"%s\"}}", crt, key);
	struct running r;
	start(&r, "testdata", conf);
	char *url = g_strdup_printf("https://127.0.0.1:%d" NODE "?panelId=2&width=100&height=100",
		r.port);
	CURL *e = curl_easy_init();
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CAINFO, crt);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	CURLcode rc = curl_easy_perform(e);
	ck_assert_msg(rc == CURLE_OK, "%s", curl_easy_strerror(rc));
	long code = 0;
	curl_off_t size = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &size);
	ck_assert_int_eq(code, 200);
	ck_assert_int_gt(size, 100);
	curl_easy_cleanup(e);
	/* plain HTTP on the TLS port is no answer */
	char *plain = g_strdup_printf("http://127.0.0.1:%d/api/health", r.port);
	e = curl_easy_init();
	curl_easy_setopt(e, CURLOPT_URL, plain);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 5L);
	rc = curl_easy_perform(e);
	code = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	ck_assert(rc != CURLE_OK || code != 200);
	curl_easy_cleanup(e);
	g_free(plain);
	stop(&r);
	g_free(url);
	g_free(conf);
out:
	g_unlink(key);
	g_unlink(crt);
	g_rmdir(dir);
	g_free(key);
	g_free(crt);
	g_free(dir);
}
END_TEST

/* ---- pure parts ------------------------------------------------------------------ */

START_TEST(routes_and_keys)
{
	struct route r;
	route_match("/render/d-solo/abc/some-slug", &r);
	ck_assert_int_eq(r.kind, ROUTE_RENDER_SOLO);
	ck_assert_str_eq(r.uid, "abc");
	route_match("/render/d/abc", &r);
	ck_assert_int_eq(r.kind, ROUTE_RENDER_DASH);
	route_match("/render/d/abc/slug/extra", &r);
	ck_assert_int_eq(r.kind, ROUTE_NONE);
	route_match("/api/dashboards/uid/x/y", &r);
	ck_assert_int_eq(r.kind, ROUTE_NONE);
	route_match("/render/d-solo/", &r);
	ck_assert_int_eq(r.kind, ROUTE_NONE);

	/* the key does not depend on the order of the arguments */
	struct http_arg a1[] = { { "panelId", "2" }, { "var-b", "2" }, { "var-a", "1" },
		{ "from", "now-1h" } };
	struct http_arg a2[] = { { "from", "now-1h" }, { "var-a", "1" }, { "orgId", "1" },
		{ "var-b", "2" }, { "panelId", "2" } };
	struct render_params p1, p2;
	char param[64];
	struct cairn_err err = { 0 };
	ck_assert_int_eq(params_parse(a1, 4, true, &p1, param, &err), 0);
	ck_assert_int_eq(params_parse(a2, 5, true, &p2, param, &err), 0);
	char *k1 = params_key(ROUTE_RENDER_SOLO, "u", 7, &p1, 3);
	char *k2 = params_key(ROUTE_RENDER_SOLO, "u", 7, &p2, 3);
	char *k3 = params_key(ROUTE_RENDER_SOLO, "u", 8, &p2, 3);
	char *k4 = params_key(ROUTE_RENDER_SOLO, "u", 7, &p2, 4);
	ck_assert_str_eq(k1, k2);
	ck_assert_str_ne(k1, k3);
	ck_assert_str_ne(k1, k4);
	g_free(k1);
	g_free(k2);
	g_free(k3);
	g_free(k4);
	params_fini(&p1);
	params_fini(&p2);

	ck_assert(etag_matches("\"abc\"", "\"abc\""));
	ck_assert(etag_matches("W/\"x\", \"abc\"", "\"abc\""));
	ck_assert(etag_matches("*", "\"abc\""));
	ck_assert(!etag_matches("\"abcd\"", "\"abc\""));
	char safe[32];
	header_safe("a\r\nb\x01" "c", safe, sizeof safe);
	ck_assert_str_eq(safe, "a  b?c");
}
END_TEST

#else
/* ---- the real Prometheus ---------------------------------------------------------- */

static const char *prom_url(void)
{
	const char *u = getenv("CAIRN_TEST_PROM_URL");
	if (!u || !*u)
		ck_abort_msg("CAIRN_TEST_PROM_URL is not set: start the test Prometheus with "
		             "`bash tests/harness/prom.sh start DIR PORT BUILDDIR` and export "
		             "CAIRN_TEST_PROM_URL=$(bash tests/harness/prom.sh url DIR)");
	return u;
}

START_TEST(live_panel)
{
	struct running r;
	start(&r, prom_url(), NULL);
	struct resp x;
	get(&r, "/render/d-solo/cairn-probes?panelId=1&" PROBES_ABS, &x);
	ck_assert_msg(x.code == 200, "%ld %s", x.code, x.body->str);
	ck_assert(is_png(&x));
	assert_header(&x, "X-Cairn-Status", "ok");
	resp_fini(&x);
	get(&r, "/render/d/cairn-probes?" PROBES_ABS, &x);
	ck_assert_int_eq(x.code, 200);
	assert_header(&x, "X-Cairn-Status", "ok");
	resp_fini(&x);
	/* a query Prometheus refuses: 200, the error drawn, and said in headers */
	get(&r, "/render/d/cairn-broken-query?" PROBES_ABS, &x);
	ck_assert_int_eq(x.code, 200);
	assert_header(&x, "X-Cairn-Status", "error");
	assert_header(&x, "X-Cairn-Error", NULL);
	resp_fini(&x);
	/* the health check reached it */
	for (int i = 0; i < 50; i++) {
		get(&r, "/api/health", &x);
		bool done = strstr(x.body->str, "\"reachable\":true") != NULL;
		resp_fini(&x);
		if (done)
			break;
		ck_assert_int_lt(i, 49);
		g_usleep(100000);
	}
	get(&r, "/metrics", &x);
	ck_assert(strstr(x.body->str, "cairn_query_duration_seconds_count{datasource=\"prometheus\"}"));
	resp_fini(&x);
	stop(&r);
}
END_TEST
#endif

Suite *make_suite(void);
Suite *make_suite(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	Suite *s = suite_create("server/serve");
	TCase *t = tcase_create("serve");
	tcase_set_timeout(t, 120);
#ifdef SERVE_LIVE
	tcase_add_test(t, live_panel);
#else
	TCase *u = tcase_create("testdata");
	tcase_set_timeout(u, 120);
	tcase_add_unchecked_fixture(u, td_setup, td_teardown);
	tcase_add_test(u, panel_png);
	tcase_add_test(u, slug_and_formats);
	tcase_add_test(u, whole_dashboard);
	tcase_add_test(u, etag_304_and_cache);
	tcase_add_test(u, large_image_in_pieces);
	tcase_add_test(u, bad_parameters);
	tcase_add_test(u, grafana_parameters_accepted);
	tcase_add_test(u, png_compression);
	tcase_add_test(u, not_found_and_methods);
	tcase_add_test(u, head_has_no_body);
	tcase_add_test(u, listings);
	tcase_add_test(u, post_render);
	suite_add_tcase(s, u);
	tcase_add_test(t, routes_and_keys);
	tcase_add_test(t, body_too_large);
	tcase_add_test(t, auth_on);
	tcase_add_test(t, query_error_status);
	tcase_add_test(t, image_ttl_zero);
	tcase_add_test(t, queue_full_503);
	tcase_add_test(t, identical_images_drawn_once);
	tcase_add_test(t, graceful_stop);
	tcase_add_test(t, tls);
	tcase_add_test(t, reload);
#endif
	suite_add_tcase(s, t);
	return s;
}

#include "../test_main.h"
