/* server/routes, auth and addr: the pure parts of cairn serve, called
 * directly — which path is which route, Grafana's render parameters and the
 * parameter each error names, the image cache key's canonical order, the
 * text helpers every answer goes through (JSON strings, header lines,
 * If-None-Match), the Authorization header against configured credentials,
 * and listen addresses and datasource URLs. */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "datasource/promurl.h"
#include "server/addr.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/routes.h"

/* ---- routes ------------------------------------------------------------- */

static void expect_route(const char *path, enum route_kind kind, const char *uid)
{
	struct route r;
	route_match(path, &r);
	ck_assert_msg(r.kind == kind, "%s: kind %d, expected %d", path, r.kind, kind);
	ck_assert_str_eq(r.uid, uid);
}

START_TEST(routes_by_path)
{
	expect_route("/render/d-solo/node", ROUTE_RENDER_SOLO, "node");
	expect_route("/render/d-solo/node/node-overview", ROUTE_RENDER_SOLO, "node");
	expect_route("/render/d/k8s-pods/pods", ROUTE_RENDER_DASH, "k8s-pods");
	expect_route("/api/dashboards/uid/abc", ROUTE_DASHBOARD_UID, "abc");
	expect_route("/api/render", ROUTE_API_RENDER, "");
	expect_route("/api/dashboards", ROUTE_DASHBOARDS, "");
	expect_route("/api/health", ROUTE_HEALTH, "");
	expect_route("/metrics", ROUTE_METRICS, "");
	/* Nothing else: no uid, a slug of two segments, a slug where none is
	 * allowed, a control character, a uid over the cap, near misses. */
	expect_route("/render/d-solo/", ROUTE_NONE, "");
	expect_route("/render/d-solo/a/b/c", ROUTE_NONE, "");
	expect_route("/api/dashboards/uid/abc/slug", ROUTE_NONE, "");
	expect_route("/render/d-solo/a\tb", ROUTE_NONE, "");
	expect_route("/render/d/a\x7f", ROUTE_NONE, "");
	expect_route("/metrics/", ROUTE_NONE, "");
	expect_route("/api/healthz", ROUTE_NONE, "");
	expect_route("", ROUTE_NONE, "");
	char path[ROUTE_UID_MAX + 32];
	snprintf(path, sizeof path, "/render/d/%0*d", ROUTE_UID_MAX, 7);
	expect_route(path, ROUTE_RENDER_DASH, path + strlen("/render/d/"));
	snprintf(path, sizeof path, "/render/d/%0*d", ROUTE_UID_MAX + 1, 7);
	expect_route(path, ROUTE_NONE, "");
}
END_TEST

/* The browser client's pages, files and JSON (issue 10). */
START_TEST(client_routes_by_path)
{
	expect_route("/", ROUTE_PAGE_LIST, "");
	expect_route("/d/node", ROUTE_PAGE_DASH, "node");
	expect_route("/d/node/node-overview", ROUTE_PAGE_DASH, "node");
	expect_route("/static/app.js", ROUTE_STATIC, "app.js");
	expect_route("/static/style-2_x.css", ROUTE_STATIC, "style-2_x.css");
	expect_route("/api/dashboards/uid/abc/variables", ROUTE_API_VARIABLES, "abc");
	expect_route("/api/dashboards/uid/abc/plot", ROUTE_API_PLOT, "abc");
	/* No folders, dot files, encoded escapes or odd bytes under /static/;
	 * no third segment under /d/; only the two sub-resources of a uid. */
	expect_route("/static/", ROUTE_NONE, "");
	expect_route("/static/../server.c", ROUTE_NONE, "");
	expect_route("/static/a/b.js", ROUTE_NONE, "");
	expect_route("/static/.hidden", ROUTE_NONE, "");
	expect_route("/static/a%2fb", ROUTE_NONE, "");
	expect_route("/static/a b.js", ROUTE_NONE, "");
	expect_route("/d/", ROUTE_NONE, "");
	expect_route("/d/a/b/c", ROUTE_NONE, "");
	expect_route("/d/a\tb", ROUTE_NONE, "");
	expect_route("/api/dashboards/uid/abc/values", ROUTE_NONE, "");
	expect_route("/api/dashboards/uid/abc/variables/x", ROUTE_NONE, "");
	expect_route("/api/dashboards/uid//variables", ROUTE_NONE, "");
	expect_route("//", ROUTE_NONE, "");
	char path[ROUTE_UID_MAX + 64];
	snprintf(path, sizeof path, "/api/dashboards/uid/%0*d/plot", ROUTE_UID_MAX + 1, 7);
	expect_route(path, ROUTE_NONE, "");
	ck_assert(route_allows(ROUTE_PAGE_DASH, METHOD_GET));
	ck_assert(!route_allows(ROUTE_PAGE_LIST, METHOD_POST));
	ck_assert(!route_allows(ROUTE_STATIC, METHOD_HEAD));
}
END_TEST

START_TEST(routes_methods_and_names)
{
	ck_assert(route_allows(ROUTE_API_RENDER, METHOD_POST));
	ck_assert(!route_allows(ROUTE_API_RENDER, METHOD_GET));
	ck_assert(route_allows(ROUTE_RENDER_SOLO, METHOD_GET));
	ck_assert(!route_allows(ROUTE_RENDER_SOLO, METHOD_POST));
	ck_assert(!route_allows(ROUTE_HEALTH, METHOD_HEAD));
	ck_assert(!route_allows(ROUTE_METRICS, METHOD_OTHER));
	/* Every route has its own metrics label. */
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (int k = 0; k < ROUTE_N_KINDS; k++) {
		const char *n = route_name((enum route_kind)k);
		ck_assert_msg(!g_hash_table_contains(seen, n), "label %s twice", n);
		g_hash_table_add(seen, (gpointer)n);
	}
	g_hash_table_destroy(seen);
	ck_assert_str_eq(route_name(ROUTE_NONE), "none");
}
END_TEST

/* ---- parameters ----------------------------------------------------------- */

#define ARGS(...) ((const struct http_arg[]){ __VA_ARGS__ })
#define N_ARGS(...) (sizeof ARGS(__VA_ARGS__) / sizeof(struct http_arg))

START_TEST(params_read_as_grafana)
{
	const struct http_arg a[] = {
		{ "orgId", "1" }, { "panelId", "4" }, { "width", "1000" }, { "height", "500" },
		{ "from", "now-6h" }, { "to", "now" }, { "var-node", "a" }, { "var-node", "b" },
		{ "var-job", "node" }, { "theme", "light" }, { "scale", "2" }, { "tz", "Europe/Paris" },
		{ "format", "SVG" }, { "timeout", "12.5" }, { "kiosk", "" }, { "compression", "small" },
	};
	struct render_params p;
	char param[64];
	struct cairn_err err = { 0 };
	ck_assert_int_eq(params_parse(a, G_N_ELEMENTS(a), true, &p, param, &err), 0);
	ck_assert_int_eq(p.panel_id, 4);
	ck_assert_int_eq(p.width, 1000);
	ck_assert_int_eq(p.height, 500);
	ck_assert_str_eq(p.from, "now-6h");
	ck_assert_str_eq(p.to, "now");
	ck_assert_str_eq(p.tz, "Europe/Paris");
	ck_assert(p.theme_given && p.theme == THEME_LIGHT);
	ck_assert(p.format == FMT_SVG);
	ck_assert(p.compression == PNG_SMALL);
	ck_assert(p.scale == 2 && p.timeout_s == 12.5);
	ck_assert_uint_eq(p.n_vars, 3);
	ck_assert_str_eq(p.vars[0].name, "node");
	ck_assert_str_eq(p.vars[1].value, "b");
	ck_assert_str_eq(p.vars[2].name, "job");
	ck_assert_str_eq(param, "");
	params_fini(&p);
	ck_assert_ptr_null(p.vars);
}
END_TEST

/* Each bad request names the parameter, in param and at the head of the
 * message, and leaves nothing allocated. */
static const struct {
	struct http_arg arg;
	const char *param;
} bad[] = {
	{ { "width", "15" }, "width" },
	{ { "width", "40000" }, "width" },
	{ { "height", "12px" }, "height" },
	{ { "panelId", "0" }, "panelId" },
	{ { "panelId", "" }, "panelId" },
	{ { "scale", "9" }, "scale" },
	{ { "scale", "nan" }, "scale" },
	{ { "timeout", "0" }, "timeout" },
	{ { "theme", "blue" }, "theme" },
	{ { "format", "gif" }, "format" },
	{ { "compression", "best" }, "compression" },
	{ { "compression", "" }, "compression" },
	{ { "from", "yesterday" }, "from" },
	{ { "to", "" }, "to" },
	{ { "tz", "Mars/Olympus" }, "tz" },
	{ { "var-", "x" }, "var-" },
};

START_TEST(params_errors_name_the_parameter)
{
	const struct http_arg a[] = { { "panelId", "2" }, bad[_i].arg };
	struct render_params p;
	char param[64];
	struct cairn_err err = { 0 };
	int rc = params_parse(a, 2, true, &p, param, &err);
	ck_assert_int_eq(rc, CAIRN_EINVAL);
	ck_assert_str_eq(param, bad[_i].param);
	ck_assert_msg(g_str_has_prefix(err.msg, bad[_i].param), "message: %s", err.msg);
	ck_assert_ptr_null(p.vars);
	char buf[64];
	const char *named = param_of_message(err.msg, buf, sizeof buf);
	ck_assert_ptr_nonnull(named);
	ck_assert_str_eq(named, bad[_i].param);
}
END_TEST

START_TEST(params_range_and_panel)
{
	struct render_params p;
	char param[64];
	struct cairn_err err = { 0 };
	/* A reversed range names from; so does an empty one. */
	ck_assert_int_eq(params_parse(ARGS({ "from", "now" }, { "to", "now-1h" }),
		2, false, &p, param, &err), CAIRN_EINVAL);
	ck_assert_str_eq(param, "from");
	ck_assert_ptr_nonnull(strstr(err.msg, "empty or reversed"));
	ck_assert_int_eq(params_parse(ARGS({ "from", "1700000000000" }, { "to", "1700000000000" }),
		2, false, &p, param, &err), CAIRN_EINVAL);
	/* d-solo needs a panel; d does not. */
	ck_assert_int_eq(params_parse(ARGS({ "width", "300" }), 1, true, &p, param, &err),
		CAIRN_EINVAL);
	ck_assert_str_eq(param, "panelId");
	ck_assert_int_eq(params_parse(ARGS({ "width", "300" }), 1, false, &p, param, &err), 0);
	params_fini(&p);
	/* Variables: vars freed on a later failure too (ASan sees it). */
	ck_assert_int_eq(params_parse(ARGS({ "var-a", "1" }, { "width", "x" }), 2, false, &p,
		param, &err), CAIRN_EINVAL);
	ck_assert_ptr_null(p.vars);
}
END_TEST

START_TEST(params_var_cap)
{
	struct http_arg a[PARAMS_MAX_VARS + 1];
	for (size_t i = 0; i < G_N_ELEMENTS(a); i++)
		a[i] = (struct http_arg){ "var-x", "v" };
	struct render_params p;
	char param[64];
	struct cairn_err err = { 0 };
	ck_assert_int_eq(params_parse(a, PARAMS_MAX_VARS, false, &p, param, &err), 0);
	ck_assert_uint_eq(p.n_vars, PARAMS_MAX_VARS);
	params_fini(&p);
	ck_assert_int_eq(params_parse(a, G_N_ELEMENTS(a), false, &p, param, &err),
		CAIRN_EINVAL);
	ck_assert_str_eq(param, "var-x");
}
END_TEST

static char *key_of(const struct http_arg *a, size_t n, uint64_t gen)
{
	struct render_params p;
	char param[64];
	struct cairn_err err = { 0 };
	ck_assert_int_eq(params_parse(a, n, false, &p, param, &err), 0);
	char *k = params_key(ROUTE_RENDER_SOLO, "uid", 3, &p, gen);
	params_fini(&p);
	return k;
}

START_TEST(key_is_canonical)
{
	/* Variables sorted by name, the values of one name kept in order. */
	char *k1 = key_of(ARGS({ "var-b", "1" }, { "var-a", "x" }, { "var-a", "y" }), 3, 1);
	char *k2 = key_of(ARGS({ "var-a", "x" }, { "var-b", "1" }, { "var-a", "y" }), 3, 1);
	char *k3 = key_of(ARGS({ "var-a", "y" }, { "var-a", "x" }, { "var-b", "1" }), 3, 1);
	ck_assert_str_eq(k1, k2);
	ck_assert_str_ne(k1, k3);
	/* The data generation, theme, size, format change it; orgId does not. */
	char *k4 = key_of(ARGS({ "var-b", "1" }, { "var-a", "x" }, { "var-a", "y" }), 3, 2);
	ck_assert_str_ne(k1, k4);
	char *t1 = key_of(ARGS({ "theme", "dark" }), 1, 1);
	char *t2 = key_of(ARGS({ "theme", "light" }), 1, 1);
	char *t3 = key_of(ARGS({ "orgId", "1" }), 1, 1);
	char *t4 = key_of(ARGS({ "orgId", "2" }), 1, 1);
	char *t5 = key_of(ARGS({ "format", "pdf" }), 1, 1);
	char *t6 = key_of(ARGS({ "width", "301" }), 1, 1);
	char *c1 = key_of(ARGS({ "compression", "small" }), 1, 1);
	char *c2 = key_of(ARGS({ "compression", "fast" }), 1, 1);
	ck_assert_str_ne(t1, t2);
	ck_assert_str_ne(t1, t3);  /* theme given vs the dashboard's */
	ck_assert_str_eq(t3, t4);
	ck_assert_str_ne(t3, t5);
	ck_assert_str_ne(t3, t6);
	ck_assert_str_ne(t3, c1);  /* compression is part of the key; fast is the default */
	ck_assert_str_eq(t3, c2);
	/* A value cannot fake a separator: a=";b=" vs two variables. */
	char *s1 = key_of(ARGS({ "var-a", "1;var-b=1:2" }), 1, 1);
	char *s2 = key_of(ARGS({ "var-a", "1" }, { "var-b", "2" }), 2, 1);
	ck_assert_str_ne(s1, s2);
	char *all[] = { k1, k2, k3, k4, t1, t2, t3, t4, t5, t6, c1, c2, s1, s2 };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_free(all[i]);
}
END_TEST

START_TEST(relative_ranges)
{
	struct render_params p = { 0 };
	ck_assert(params_relative(&p, NULL));        /* the default now-6h..now */
	p.from = "1700000000000";
	p.to = "1700003600000";
	ck_assert(!params_relative(&p, NULL));
	p.to = "now";
	ck_assert(params_relative(&p, NULL));
}
END_TEST

/* ---- text ---------------------------------------------------------------- */

START_TEST(json_strings_round_trip)
{
	static const char *const in[] = {
		"plain", "quote \" backslash \\ slash /", "line\nfeed\r\ttab", "bell\x07 del\x7f",
		"</script><img src=x onerror=alert(1)>", "쿠버네티스 ✓", "",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(in); i++) {
		GString *b = g_string_new(NULL);
		json_append_str(b, in[i]);
		json_error_t je;
		json_t *j = json_loads(b->str, JSON_DECODE_ANY, &je);
		ck_assert_msg(j && json_is_string(j), "%s: not a JSON string: %s", b->str, je.text);
		ck_assert_str_eq(json_string_value(j), in[i]);
		for (const char *c = b->str; *c; c++)
			ck_assert_msg((unsigned char)*c >= 0x20, "raw control byte in %s", b->str);
		json_decref(j);
		g_string_free(b, TRUE);
	}
	/* Invalid UTF-8 is replaced, so the output still parses. */
	GString *b = g_string_new(NULL);
	json_append_str(b, "bad \xff\xfe end");
	json_t *j = json_loads(b->str, JSON_DECODE_ANY, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert(g_str_has_suffix(json_string_value(j), " end"));
	json_decref(j);
	g_string_free(b, TRUE);
	/* NULL reads as "". */
	b = g_string_new(NULL);
	json_append_str(b, NULL);
	ck_assert_str_eq(b->str, "\"\"");
	g_string_free(b, TRUE);
}
END_TEST

START_TEST(error_bodies)
{
	size_t len;
	char *body = json_error_body("width: expected \"x\"", "width", &len);
	ck_assert_uint_eq(len, strlen(body));
	ck_assert(g_str_has_suffix(body, "}\n"));
	json_t *j = json_loads(body, 0, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(j, "error")), "width: expected \"x\"");
	ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")), "width");
	json_decref(j);
	g_free(body);
	body = json_error_body("no such route", NULL, &len);
	j = json_loads(body, 0, NULL);
	ck_assert_ptr_null(json_object_get(j, "parameter"));
	json_decref(j);
	g_free(body);
}
END_TEST

START_TEST(header_lines)
{
	char out[16];
	header_safe("a\r\nSet-Cookie: x", out, sizeof out);
	ck_assert_ptr_null(strchr(out, '\r'));
	ck_assert_ptr_null(strchr(out, '\n'));
	ck_assert_uint_eq(strlen(out), sizeof out - 1);   /* cut at the size */
	header_safe("é\x01", out, sizeof out);
	ck_assert_str_eq(out, "???");
	header_safe(NULL, out, sizeof out);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(if_none_match)
{
	const char *etag = "\"763fb106178b9be4\"";
	ck_assert(etag_matches("\"763fb106178b9be4\"", etag));
	ck_assert(etag_matches("W/\"763fb106178b9be4\"", etag));
	ck_assert(etag_matches("\"other\", \"763fb106178b9be4\"", etag));
	ck_assert(etag_matches("*", etag));
	ck_assert(!etag_matches("\"763fb106178b9be\"", etag));
	ck_assert(!etag_matches("\"763fb106178b9be4\"x", etag));
	ck_assert(!etag_matches("\"other\"", etag));
	ck_assert(!etag_matches("", etag));
	ck_assert(!etag_matches(NULL, etag));
	ck_assert(!etag_matches("*", ""));
}
END_TEST

START_TEST(messages_name_parameters)
{
	char buf[64];
	ck_assert_str_eq(param_of_message("from: bad", buf, sizeof buf), "from");
	ck_assert_str_eq(param_of_message("var-node: no such value", buf, sizeof buf),
		"var-node");
	ck_assert_ptr_null(param_of_message("query A: bad_data", buf, sizeof buf));
	ck_assert_ptr_null(param_of_message("fromage: no", buf, sizeof buf));
	ck_assert_ptr_null(param_of_message("", buf, sizeof buf));
}
END_TEST

/* ---- auth ------------------------------------------------------------------ */

static auth *auth_of(const char *json)
{
	/* Only the fields auth_new reads. */
	static char *tokens[] = { "t0ken-one", "t0ken-two" };
	static struct srv_basic_user users[] = { { .username = "bot", .password = "pa:ss" } };
	static char *open[] = { "/api/health" };
	struct srv_config c = { 0 };
	if (strcmp(json, "on") == 0) {
		c.bearer_tokens = tokens;
		c.n_bearer_tokens = 2;
		c.basic_users = users;
		c.n_basic_users = 1;
		c.open_paths = open;
		c.n_open_paths = 1;
	}
	return auth_new(&c);
}

static char *basic(const char *user_pass)
{
	gchar *b64 = g_base64_encode((const guchar *)user_pass, strlen(user_pass));
	char *h = g_strconcat("Basic ", b64, NULL);
	g_free(b64);
	return h;
}

START_TEST(auth_credentials)
{
	auth *off = auth_of("off");
	ck_assert(!auth_enabled(off));
	ck_assert(auth_allows(off, "/render/d/x", NULL));
	ck_assert(auth_identified(off, NULL));
	auth_free(off);

	auth *a = auth_of("on");
	ck_assert(auth_enabled(a));
	ck_assert(!auth_allows(a, "/render/d/x", NULL));
	ck_assert(auth_allows(a, "/render/d/x", "Bearer t0ken-one"));
	ck_assert(auth_allows(a, "/render/d/x", "bearer t0ken-two"));   /* scheme: any case */
	ck_assert(!auth_allows(a, "/render/d/x", "Bearer t0ken-on"));
	ck_assert(!auth_allows(a, "/render/d/x", "Bearer t0ken-one "));
	ck_assert(!auth_allows(a, "/render/d/x", "Bearer "));
	ck_assert(!auth_allows(a, "/render/d/x", "Token t0ken-one"));
	char *good = basic("bot:pa:ss"), *wrong = basic("bot:pa"), *nouser = basic("pa:ss");
	ck_assert(auth_allows(a, "/api/dashboards", good));   /* ':' in the password */
	ck_assert(!auth_allows(a, "/api/dashboards", wrong));
	ck_assert(!auth_allows(a, "/api/dashboards", nouser));
	ck_assert(!auth_allows(a, "/api/dashboards", "Basic !!not-base64!!"));
	/* The open path is answered without credentials; the caller is still
	 * not identified (so /api/health says less). */
	ck_assert(auth_allows(a, "/api/health", NULL));
	ck_assert(!auth_identified(a, NULL));
	ck_assert(auth_identified(a, good));
	ck_assert(!auth_allows(a, "/metrics", NULL));          /* not in this open list */
	g_free(good);
	g_free(wrong);
	g_free(nouser);
	auth_free(a);
}
END_TEST

/* ---- addr ------------------------------------------------------------------ */

START_TEST(listen_addresses)
{
	static const struct {
		const char *in, *host;
		int port;
	} good[] = {
		{ "127.0.0.1:3000", "127.0.0.1", 3000 },
		{ ":8080", "", 8080 },
		{ "[::1]:3000", "::1", 3000 },
		{ "0.0.0.0:0", "0.0.0.0", 0 },
		{ "localhost:65535", "localhost", 65535 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		char *host = NULL;
		int port = -1;
		struct cairn_err err = { 0 };
		ck_assert_msg(addr_listen_parse(good[i].in, &host, &port, &err) == 0, "%s: %s",
			good[i].in, err.msg);
		ck_assert_str_eq(host, good[i].host);
		ck_assert_int_eq(port, good[i].port);
		g_free(host);
	}
	static const char *const bad_addr[] = { "3000", "127.0.0.1:", "127.0.0.1:65536",
		"127.0.0.1:-1", "[::1:3000", "::1:3000", "host:30x0", "" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad_addr); i++) {
		char *host = NULL;
		int port = -1;
		struct cairn_err err = { 0 };
		ck_assert_msg(addr_listen_parse(bad_addr[i], &host, &port, &err) == CAIRN_EINVAL,
			"%s accepted", bad_addr[i]);
		ck_assert_ptr_null(host);
		ck_assert_msg(*bad_addr[i] == '\0' || strstr(err.msg, bad_addr[i]),
			"%s: message does not quote it: %s", bad_addr[i], err.msg);
	}
}
END_TEST

START_TEST(datasource_urls)
{
	struct prom_url u;
	struct cairn_err err = { 0 };
	ck_assert_int_eq(prom_url_parse("http://prom:9090/prefix", false, &u, &err), 0);
	ck_assert_str_eq(u.url, "http://prom:9090/prefix");
	ck_assert_ptr_null(u.username);
	g_free(u.url);
	ck_assert_int_eq(prom_url_parse("testdata", false, &u, &err), 0);
	g_free(u.url);
	/* Credentials: split and percent-decoded when allowed, else refused
	 * without the URL (which holds them) in the message. */
	ck_assert_int_eq(prom_url_parse("https://me:s%40cret@prom.example/", true, &u, &err), 0);
	ck_assert_str_eq(u.username, "me");
	ck_assert_str_eq(u.password, "s@cret");
	ck_assert_ptr_null(strstr(u.url, "cret"));
	g_free(u.url);
	g_free(u.username);
	g_free(u.password);
	ck_assert_int_eq(prom_url_parse("https://me:s3cret@prom/", false, &u, &err), CAIRN_EINVAL);
	ck_assert_ptr_null(strstr(err.msg, "s3cret"));
	ck_assert_ptr_null(u.url);
	static const char *const bad_url[] = { "ftp://prom", "prom:9090", "http://", "http://a b",
		"http://prom/?q=1", "http://prom/#x", "http://pr\x01om" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad_url); i++)
		ck_assert_msg(prom_url_parse(bad_url[i], false, &u, &err) == CAIRN_EINVAL,
			"%s accepted", bad_url[i]);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("server/routes");
	TCase *tc = tcase_create("routes");
	tcase_add_test(tc, routes_by_path);
	tcase_add_test(tc, client_routes_by_path);
	tcase_add_test(tc, routes_methods_and_names);
	tcase_add_test(tc, params_read_as_grafana);
	tcase_add_loop_test(tc, params_errors_name_the_parameter, 0, (int)G_N_ELEMENTS(bad));
	tcase_add_test(tc, params_range_and_panel);
	tcase_add_test(tc, params_var_cap);
	tcase_add_test(tc, key_is_canonical);
	tcase_add_test(tc, relative_ranges);
	tcase_add_test(tc, json_strings_round_trip);
	tcase_add_test(tc, error_bodies);
	tcase_add_test(tc, header_lines);
	tcase_add_test(tc, if_none_match);
	tcase_add_test(tc, messages_name_parameters);
	tcase_add_test(tc, auth_credentials);
	tcase_add_test(tc, listen_addresses);
	tcase_add_test(tc, datasource_urls);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
