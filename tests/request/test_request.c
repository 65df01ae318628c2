/*
 * test_request.c — request/'s contract without a server: messages name the
 * caller's parameters, saved answers come in as bytes, the report goes out
 * as JSON, a variable's regex that gives up is a warning naming it, and a
 * request past its deadline stops with a message naming the stage.
 */
#include <arpa/inet.h>
#include <check.h>
#include <glib.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dashboards/load.h"
#include "request/request.h"
#include "tests/test_main.h"

#define NOW 1767247200.0   /* 2026-01-01T06:00:00Z */

static request_ctx *ctx;

static void setup(void)
{
	struct cairn_err err = { 0 };
	ck_assert_int_eq(prom_global_init(), 0);
	struct request_ctx_config cfg = { .fonts_dir = CAIRN_FONTS_DIR,
		.datasource = { .url = "testdata" } };
	ctx = request_ctx_new(&cfg, &err);
	ck_assert_msg(ctx != NULL, "%s", err.msg);
}

static void teardown(void)
{
	request_ctx_free(ctx);
	prom_global_cleanup();
}

static struct cairn_dashboard *load(const char *json)
{
	struct cairn_err err = { 0 };
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "test.json", &err);
	ck_assert_msg(d != NULL, "%s", err.msg);
	return d;
}

static const char one_panel[] =
	"{\"title\": \"t\", \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"p\","
	" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8},"
	" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}]}";

static struct request base_request(const struct cairn_dashboard *d)
{
	return (struct request){ .dash = d, .from = "2026-01-01T00:00:00Z",
		.to = "2026-01-01T06:00:00Z", .now = NOW, .width = 400, .height = 200,
		.format = FMT_PNG };
}

static int run(const struct request *req, struct request_report *rep, struct cairn_err *err)
{
	struct render_out out;
	int rc = request_run(ctx, req, &out, rep, err);
	free(out.bytes);
	return rc;
}

START_TEST(messages_name_the_callers_parameters)
{
	struct cairn_dashboard *d = load(one_panel);
	struct request req = base_request(d);
	struct request_report rep;
	struct cairn_err err = { 0 };
	static const struct request_names cli = { .from = "--from", .to = "--to",
		.panel = "--panel", .data = "--data", .var = "--var" };

	req.panel_id = 77;
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_EINVAL);
	ck_assert_msg(g_str_has_prefix(err.msg, "panel 77: "), "%s", err.msg);
	req.names = &cli;
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_EINVAL);
	ck_assert_msg(g_str_has_prefix(err.msg, "--panel 77: "), "%s", err.msg);

	req.panel_id = 0;
	req.from = "yesterday";
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_EINVAL);
	ck_assert_msg(g_str_has_prefix(err.msg, "--from: "), "%s", err.msg);
	req.names = NULL;
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_EINVAL);
	ck_assert_msg(g_str_has_prefix(err.msg, "from: "), "%s", err.msg);
	ck_assert_ptr_null(strstr(err.msg, "--"));
	dash_free(d);
}
END_TEST

static const char answer[] =
	"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
	"{\"metric\":{\"__name__\":\"up\",\"job\":\"x\"},"
	"\"values\":[[1767225600,\"1\"],[1767225660,\"2\"],[1767225720,\"3\"]]}]}}";

START_TEST(saved_answers_come_in_as_bytes)
{
	struct cairn_dashboard *d = load(one_panel);
	struct request req = base_request(d);
	struct request_report rep;
	struct cairn_err err = { 0 };
	struct request_data data = { "A", answer, sizeof answer - 1, "mem:answer" };
	req.panel_id = 1;
	req.data = &data;
	req.n_data = 1;
	ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(rep.n, 1);
	ck_assert_uint_eq(rep.panels[0].series, 1);
	ck_assert_uint_eq(rep.panels[0].points, 3);
	ck_assert_int_eq(rep.panels[0].status, RESULT_OK);
	request_report_fini(&rep);

	/* bytes that are no answer: unusable input, named as the caller names it */
	data.len = 10;
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_EINVAL);
	ck_assert_msg(g_str_has_prefix(err.msg, "data A=mem:answer: "), "%s", err.msg);
	data = (struct request_data){ "Z", answer, sizeof answer - 1, "mem:z" };
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_EINVAL);
	ck_assert_msg(strstr(err.msg, "no queried target with refId Z"), "%s", err.msg);
	dash_free(d);
}
END_TEST

START_TEST(report_goes_out_as_json)
{
	struct cairn_dashboard *d = load(one_panel);
	struct request req = base_request(d);
	struct request_report rep;
	struct cairn_err err = { 0 };
	ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
	char *s = request_report_json(&rep);
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);
	ck_assert_msg(j && json_is_array(j) && json_array_size(j) == 1, "%s", s);
	json_t *p = json_array_get(j, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(p, "id")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(p, "title")), "p");
	ck_assert_str_eq(json_string_value(json_object_get(p, "status")), "ok");
	ck_assert_int_gt(json_integer_value(json_object_get(p, "points")), 0);
	ck_assert(json_is_real(json_object_get(p, "render_ms")));
	json_decref(j);
	free(s);
	request_report_fini(&rep);
	dash_free(d);
}
END_TEST

/* The options of a custom variable go through its regex; one that cannot
 * be decided within jsregex's limits is a warning naming the variable, not a
 * silent "no match". */
START_TEST(regex_that_gives_up_is_a_warning)
{
	struct cairn_dashboard *d = load(
		"{\"templating\": {\"list\": [{\"name\": \"v\", \"type\": \"query\","
		" \"query\": \"label_values(up, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)\","
		" \"regex\": \"/^(a|a)*$/\"},"
		" {\"name\": \"w\", \"type\": \"query\", \"query\": \"label_values(up, y)\","
		"  \"regex\": \"/-2$/\"}]},"
		" \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"$v/$w\","
		" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8},"
		" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}]}");
	struct request req = base_request(d);
	struct request_report rep;
	struct cairn_err err = { 0 };
	ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(rep.warnings);
	ck_assert_ptr_nonnull(rep.warnings[0]);
	ck_assert_msg(strstr(rep.warnings[0], "(variable $v)") &&
			strstr(rep.warnings[0], "limit"),
		"%s", rep.warnings[0]);
	ck_assert_ptr_null(rep.warnings[1]);
	/* the regex that works still filters: w is y-2 (testdata answers
	 * label_values(…, L) with L-1, L-2, L-3) */
	ck_assert_str_eq(rep.panels[0].title, "/y-2");
	request_report_fini(&rep);
	dash_free(d);
}
END_TEST

/* A text panel is ok without a query, and its content sees the variables:
 * "$v" draws exactly as its value written out. */
static unsigned char *render_bytes(const char *json, size_t *len, struct request_report *rep)
{
	struct cairn_dashboard *d = load(json);
	struct request req = base_request(d);
	struct render_out out;
	struct cairn_err err = { 0 };
	ck_assert_msg(request_run(ctx, &req, &out, rep, &err) == 0, "%s", err.msg);
	dash_free(d);
	*len = out.len;
	return out.bytes;
}

START_TEST(text_panel_content_interpolated)
{
	struct request_report r1, r2;
	size_t n1, n2;
	unsigned char *a = render_bytes(
		"{\"templating\": {\"list\": [{\"name\": \"v\", \"type\": \"custom\","
		" \"query\": \"hello,b\"}]}, \"panels\": [{\"id\": 1, \"type\": \"text\","
		" \"title\": \"t\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8},"
		" \"options\": {\"content\": \"# x $v\\n\\nsee **${v}**\"}}]}", &n1, &r1);
	unsigned char *b = render_bytes(
		"{\"panels\": [{\"id\": 1, \"type\": \"text\", \"title\": \"t\","
		" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8},"
		" \"options\": {\"content\": \"# x hello\\n\\nsee **hello**\"}}]}", &n2, &r2);
	ck_assert_int_eq(r1.panels[0].status, RESULT_OK);
	ck_assert(n1 == n2 && memcmp(a, b, n1) == 0);
	free(a);
	free(b);
	request_report_fini(&r1);
	request_report_fini(&r2);
}
END_TEST

/* timeFrom and timeShift are Grafana time expressions; one the request
 * cannot mean fails its panel only, naming the JSON path. */
START_TEST(panel_relative_time)
{
	static const char *const cases[][3] = {
		{ "1h", "", "ok" }, { "now/d", "", "ok" }, { "", "1d/d", "ok" },
		{ "2d", "1w", "ok" }, { "1e308y", "", "panels[0].timeFrom" },
		{ "", "soon", "panels[0].timeShift" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *json = g_strdup_printf(
			"{\"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"p\","
			" \"timeFrom\": \"%s\", \"timeShift\": \"%s\","
			" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8},"
			" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}]}",
			cases[i][0], cases[i][1]);
		struct cairn_dashboard *d = load(json);
		struct request req = base_request(d);
		struct request_report rep;
		struct cairn_err err = { 0 };
		ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
		if (strcmp(cases[i][2], "ok") == 0)
			ck_assert_msg(rep.panels[0].status == RESULT_OK, "%s/%s: %s", cases[i][0],
				cases[i][1], rep.panels[0].message);
		else
			ck_assert_msg(rep.panels[0].status == RESULT_ERROR &&
					g_str_has_prefix(rep.panels[0].message, cases[i][2]),
				"%s/%s: %s", cases[i][0], cases[i][1], rep.panels[0].message);
		request_report_fini(&rep);
		dash_free(d);
		g_free(json);
	}
}
END_TEST

/* The request's time zone (Grafana's tz parameter) rounds "now/d" in that
 * zone instead of the dashboard's. */
START_TEST(request_time_zone_rounds_days)
{
	struct cairn_dashboard *d = load(one_panel);
	struct request req = base_request(d);
	req.from = "now/d";
	req.to = "now";
	struct request_report utc, tokyo;
	struct cairn_err err = { 0 };
	ck_assert_msg(run(&req, &utc, &err) == 0, "%s", err.msg);
	req.timezone = "Asia/Tokyo";
	ck_assert_msg(run(&req, &tokyo, &err) == 0, "%s", err.msg);
	/* NOW is 06:00 UTC = 15:00 in Tokyo: its day began at 15:00 UTC the day before */
	ck_assert_double_eq(utc.from, NOW - 6 * 3600);
	ck_assert_double_eq(tokyo.from, NOW - 15 * 3600);
	request_report_fini(&utc);
	request_report_fini(&tokyo);
	dash_free(d);
}
END_TEST

/* A panel larger than a surface can be fails on its own, in the part of it
 * the canvas shows; memory stays that of the canvas. */
START_TEST(oversize_panel_fails_alone)
{
	struct cairn_dashboard *d = load(
		"{\"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"big\","
		" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 1000000000},"
		" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]},"
		" {\"id\": 2, \"type\": \"timeseries\", \"title\": \"ok\","
		" \"gridPos\": {\"x\": 12, \"y\": 0, \"w\": 12, \"h\": 8},"
		" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}]}");
	struct request req = base_request(d);
	req.panel_id = 0;
	req.height = 500;
	struct request_report rep;
	struct cairn_err err = { 0 };
	ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(rep.n, 2);
	ck_assert_int_eq(rep.panels[0].status, RESULT_ERROR);
	ck_assert_msg(g_str_has_prefix(rep.panels[0].message, "panels[0].gridPos: a panel of"),
		"%s", rep.panels[0].message);
	ck_assert_int_eq(rep.panels[1].status, RESULT_OK);
	request_report_fini(&rep);
	dash_free(d);
}
END_TEST

/* Several datasources: a panel goes to the one its reference names (by
 * name, uid, a listed reference, or through a variable), every other
 * reference to the default.  Here the default is unreachable, so which
 * panels failed shows where each went. */
START_TEST(panels_go_to_the_datasource_they_name)
{
	struct cairn_err err = { 0 };
	static const char *const refs[] = { "${DS_TD}" };
	const struct request_datasource ds[] = {
		{ .name = "down", .prom = { .url = "http://127.0.0.1:1", .timeout_s = 2 } },
		{ .name = "td", .uid = "td-uid", .references = refs, .n_references = 1,
		  .prom = { .url = "testdata" } },
	};
	struct request_ctx_config cfg = { .fonts_dir = CAIRN_FONTS_DIR, .datasources = ds,
		.n_datasources = 2, .default_datasource = 0, .threads = 1 };
	request_ctx *two = request_ctx_new(&cfg, &err);
	ck_assert_msg(two != NULL, "%s", err.msg);

#define PANEL(ID, DS) "{\"id\": " #ID ", \"type\": \"timeseries\", \"datasource\": " DS "," \
	" \"gridPos\": {\"x\": 0, \"y\": " #ID ", \"w\": 24, \"h\": 1}," \
	" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}"
	struct cairn_dashboard *d = load("{\"templating\": {\"list\": [{\"name\": \"ds\","
		" \"type\": \"custom\", \"query\": \"td\", \"current\": {\"value\": \"td\"}}]},"
		" \"panels\": [" PANEL(1, "\"td\"") "," PANEL(2, "{\"type\": \"prometheus\", \"uid\": \"td-uid\"}")
		"," PANEL(3, "\"${DS_TD}\"") "," PANEL(4, "\"$ds\"") "," PANEL(5, "\"elsewhere\"")
		"," PANEL(6, "null") "]}");
#undef PANEL
	struct request req = base_request(d);
	req.height = 600;
	struct render_out out;
	struct request_report rep;
	ck_assert_msg(request_run(two, &req, &out, &rep, &err) == 0, "%s", err.msg);
	free(out.bytes);
	ck_assert_uint_eq(rep.n, 6);
	for (size_t i = 0; i < 4; i++)
		ck_assert_msg(rep.panels[i].status == RESULT_OK, "panel %d: %s", rep.panels[i].id,
			rep.panels[i].message);
	for (size_t i = 4; i < 6; i++) {
		ck_assert_int_eq(rep.panels[i].status, RESULT_ERROR);
		ck_assert_msg(strstr(rep.panels[i].message, "127.0.0.1:1"), "%s",
			rep.panels[i].message);
	}
	request_report_fini(&rep);
	dash_free(d);
	request_ctx_free(two);
}
END_TEST

/* The deadline counts from when the request arrived (a server's queue wait
 * included), not from when request_run starts. */
START_TEST(deadline_counts_from_arrival)
{
	struct cairn_dashboard *d = load(one_panel);
	struct request req = base_request(d);
	req.limits.deadline_s = 5;
	req.arrived = mono_now() - 6;   /* waited longer than its deadline */
	struct request_report rep;
	struct cairn_err err = { 0 };
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_ETIMEOUT);
	ck_assert_msg(strstr(err.msg, "deadline of 5 s"), "%s", err.msg);
	req.arrived = mono_now() - 1;   /* 4 s left: enough */
	ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
	request_report_fini(&rep);
	dash_free(d);
}
END_TEST

/* A byRegexp override whose regex gives up on a series name: the panel is
 * still drawn, and the report says it is in error and why. */
START_TEST(override_regex_that_gives_up_fails_the_panel)
{
	struct cairn_dashboard *d = load(
		"{\"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"p\","
		" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8},"
		" \"fieldConfig\": {\"defaults\": {}, \"overrides\": [{\"matcher\":"
		"  {\"id\": \"byRegexp\", \"options\": \"/^(a|a)*$/\"},"
		"  \"properties\": [{\"id\": \"color\", \"value\":"
		"   {\"mode\": \"fixed\", \"fixedColor\": \"red\"}}]}]},"
		" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\","
		"  \"legendFormat\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"}]}]}");
	struct request req = base_request(d);
	struct request_report rep;
	struct cairn_err err = { 0 };
	ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(rep.n, 1);
	ck_assert_int_eq(rep.panels[0].status, RESULT_ERROR);
	ck_assert_msg(strstr(rep.panels[0].message, "overrides[0]") &&
			strstr(rep.panels[0].message, "limit"),
		"%s", rep.panels[0].message);
	ck_assert_uint_gt(rep.panels[0].series, 0);
	request_report_fini(&rep);
	dash_free(d);
}
END_TEST

/* A variable referring to an earlier one sees its value; independent ones
 * resolve in any order and still give dashboard-order results. */
START_TEST(variables_see_earlier_ones)
{
	struct cairn_dashboard *d = load(
		"{\"templating\": {\"list\": ["
		" {\"name\": \"a\", \"type\": \"query\", \"query\": \"label_values(up, job)\"},"
		" {\"name\": \"b\", \"type\": \"query\","
		"  \"query\": \"label_values(up{job=\\\"$a\\\"}, instance)\"},"
		" {\"name\": \"c\", \"type\": \"custom\", \"query\": \"k\"},"
		" {\"name\": \"d\", \"type\": \"query\", \"query\": \"label_values(node, ${c})\"}]},"
		" \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"$a $b $c $d\","
		" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8},"
		" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}]}");
	struct request req = base_request(d);
	struct request_report rep;
	struct cairn_err err = { 0 };
	ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
	/* testdata answers label_values(…, L) with L-1, L-2, L-3; the first is
	 * taken; d's label is c's value */
	ck_assert_str_eq(rep.panels[0].title, "job-1 instance-1 k k-1");
	ck_assert_ptr_null(rep.warnings[0]);
	request_report_fini(&rep);
	dash_free(d);
}
END_TEST

START_TEST(deadline_passed_stops_the_request)
{
	struct cairn_dashboard *d = load(one_panel);
	struct request req = base_request(d);
	struct request_report rep;
	struct cairn_err err = { 0 };
	req.limits.deadline_s = 1e-9;
	ck_assert_int_eq(run(&req, &rep, &err), CAIRN_ETIMEOUT);
	ck_assert_msg(strstr(err.msg, "resolving variables: ") && strstr(err.msg, "deadline"),
		"%s", err.msg);
	ck_assert_ptr_null(rep.panels);
	dash_free(d);
}
END_TEST

/* ---- a slow datasource ---- */

/* A Prometheus stand-in on 127.0.0.1 that answers every label_values
 * request with ["<label>_1"] after delay_ms, each connection on its own
 * thread, so concurrent requests overlap and sequential ones add up. */
struct slow_server {
	int fd, port, delay_ms;
	pthread_t thread;
};

struct slow_conn {
	int fd, delay_ms;
};

static void *slow_answer(void *arg)
{
	struct slow_conn *sc = arg;
	char req[4096], label[64] = "x", body[160], resp[400];
	size_t got = 0;
	ssize_t n;
	while (got < sizeof req - 1 && (n = read(sc->fd, req + got, sizeof req - 1 - got)) > 0) {
		got += (size_t)n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[got] = '\0';
	const char *l = strstr(req, "/api/v1/label/");
	if (l)
		sscanf(l, "/api/v1/label/%63[^/]", label);
	g_usleep((gulong)sc->delay_ms * 1000);
	int blen = snprintf(body, sizeof body, "{\"status\":\"success\",\"data\":[\"%s_1\"]}", label);
	int rlen = snprintf(resp, sizeof resp,
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
		"Connection: close\r\n\r\n%s", blen, body);
	if (write(sc->fd, resp, (size_t)rlen) != rlen)
		g_usleep(0);
	close(sc->fd);
	g_free(sc);
	return NULL;
}

static void *slow_accept(void *arg)
{
	struct slow_server *s = arg;
	for (;;) {
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			return NULL;
		struct slow_conn *sc = g_new(struct slow_conn, 1);
		*sc = (struct slow_conn){ c, s->delay_ms };
		pthread_t t;
		pthread_create(&t, NULL, slow_answer, sc);
		pthread_detach(t);
	}
}

static void slow_start(struct slow_server *s, int delay_ms)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	s->delay_ms = delay_ms;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(s->fd, 0);
	ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(s->fd, 64), 0);
	ck_assert_int_eq(getsockname(s->fd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	ck_assert_int_eq(pthread_create(&s->thread, NULL, slow_accept, s), 0);
}

static void slow_stop(struct slow_server *s)
{
	shutdown(s->fd, SHUT_RDWR);
	close(s->fd);
	pthread_join(s->thread, NULL);
}

/* Runs `dash` against a server answering after delay_ms; returns seconds. */
static double timed_run(const char *dash_json, int delay_ms, double deadline_s,
	struct request_report *rep, int *rc, struct cairn_err *err)
{
	struct slow_server srv;
	slow_start(&srv, delay_ms);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
	struct request_ctx_config cfg = { .fonts_dir = CAIRN_FONTS_DIR,
		.datasource = { .url = url, .timeout_s = 30 }, .threads = 4 };
	request_ctx *slow = request_ctx_new(&cfg, err);
	ck_assert_msg(slow != NULL, "%s", err->msg);
	struct cairn_dashboard *d = load(dash_json);
	struct request req = base_request(d);
	req.limits.deadline_s = deadline_s;
	struct render_out out;
	double t0 = g_get_monotonic_time() / 1e6;
	*rc = request_run(slow, &req, &out, rep, err);
	double secs = g_get_monotonic_time() / 1e6 - t0;
	free(out.bytes);
	dash_free(d);
	request_ctx_free(slow);
	slow_stop(&srv);
	return secs;
}

/* Long enough that a sanitizer build on a busy machine (load 8, seen: 0.45 s
 * of overhead) stays far from the bounds the concurrency is told by. */
#define SLOW_MS 800
#define QVAR(name, q) \
	"{\"name\": \"" name "\", \"type\": \"query\", \"query\": \"" q "\"}"
#define VARS_DASH(list, title) \
	"{\"templating\": {\"list\": [" list "]}, \"panels\": [{\"id\": 1," \
	" \"type\": \"text\", \"title\": \"" title "\"," \
	" \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 8}}]}"

/* Independent variables ask the datasource at once: four that each take
 * SLOW_MS take about SLOW_MS together, not four times it.  One that refers
 * to another waits for it, and sees its value. */
START_TEST(independent_variables_resolve_concurrently)
{
	struct request_report rep;
	struct cairn_err err = { 0 };
	int rc;
	double secs = timed_run(VARS_DASH(QVAR("a", "label_values(up, a)") ","
		QVAR("b", "label_values(up, b)") "," QVAR("c", "label_values(up, c)") ","
		QVAR("d", "label_values(up, d)"), "$a $b $c $d"), SLOW_MS, 0, &rep, &rc, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
	ck_assert_str_eq(rep.panels[0].title, "a_1 b_1 c_1 d_1");
	ck_assert_msg(secs < 2.5 * SLOW_MS / 1000.0, "4 independent variables took %.2f s", secs);
	request_report_fini(&rep);

	/* b's label is a's value: two waves */
	secs = timed_run(VARS_DASH(QVAR("a", "label_values(up, a)") ","
		QVAR("b", "label_values(up, $a)") "," QVAR("c", "label_values(up, c)"),
		"$a $b $c"), SLOW_MS, 0, &rep, &rc, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
	ck_assert_str_eq(rep.panels[0].title, "a_1 a_1_1 c_1");
	ck_assert_msg(secs >= 2 * SLOW_MS / 1000.0 * 0.95 && secs < 3.5 * SLOW_MS / 1000.0,
		"a chain of two took %.2f s", secs);
	request_report_fini(&rep);
}
END_TEST

/* Variables share the request's one deadline; a request still resolving
 * them when it passes stops before any query or drawing, saying so. */
START_TEST(variables_share_the_deadline)
{
	struct request_report rep;
	struct cairn_err err = { 0 };
	int rc;
	/* Two chained variables of 1.6 s each under a 2 s deadline: $a is in
	 * time, $b stops a drawing reserve (0.05 s) short of the deadline, left
	 * empty with a warning naming it, and the request still ends with its
	 * image, in time — under the 3.2 s the chain takes without the
	 * deadline, with room for a sanitizer build on a busy machine (0.45 s
	 * over a 1 s deadline seen at load 8). */
	double secs = timed_run(VARS_DASH(QVAR("a", "label_values(up, a)") ","
		QVAR("b", "label_values(up, $a)"), "$a $b"), 1600, 2.0, &rep, &rc, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
	ck_assert_msg(secs < 2.0 + 0.8, "took %.2f s", secs);
	ck_assert_ptr_nonnull(rep.warnings);
	ck_assert_ptr_nonnull(rep.warnings[0]);
	ck_assert_msg(strstr(rep.warnings[0], "$b") && strstr(rep.warnings[0], "deadline"), "%s",
		rep.warnings[0]);
	ck_assert_uint_eq(rep.n, 1);
	request_report_fini(&rep);
}
END_TEST

/* A dashboard of the old row layout draws the same image as the same
 * dashboard written with gridPos (rows opened and closed). */
#define OLD_P(id, extra) \
	"{\"id\": " #id ", \"type\": \"timeseries\", \"title\": \"p" #id "\"," \
	" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]" extra "}"
#define OLD_G(x, y, w, h) \
	", \"gridPos\": {\"x\": " #x ", \"y\": " #y ", \"w\": " #w ", \"h\": " #h "}"
START_TEST(old_row_layout_draws_as_its_migrated_equivalent)
{
	struct cairn_dashboard *old = load("{\"schemaVersion\": 14, \"title\": \"t\", \"rows\": ["
		" {\"title\": \"A\", \"showTitle\": true, \"height\": \"200px\", \"panels\": ["
		OLD_P(1, ", \"span\": 8") "," OLD_P(2, ", \"span\": 4") "]},"
		" {\"title\": \"B\", \"collapse\": true, \"panels\": [" OLD_P(3, "") "]}]}");
	struct cairn_dashboard *now = load("{\"schemaVersion\": 39, \"title\": \"t\", \"panels\": ["
		"{\"id\": 4, \"type\": \"row\", \"title\": \"A\"" OLD_G(0, 0, 24, 1) "},"
		OLD_P(1, OLD_G(0, 1, 16, 6)) "," OLD_P(2, OLD_G(16, 1, 8, 6)) ","
		"{\"id\": 5, \"type\": \"row\", \"title\": \"B\", \"collapsed\": true"
		OLD_G(0, 7, 24, 1) ", \"panels\": [" OLD_P(3, OLD_G(0, 8, 8, 7)) "]}]}");
	for (int expand = 0; expand < 2; expand++) {
		struct render_out a, b;
		struct request_report rep;
		struct cairn_err err = { 0 };
		struct request req = base_request(old);
		req.width = 800;
		req.height = 0;
		req.expand_rows = expand;
		ck_assert_msg(request_run(ctx, &req, &a, &rep, &err) == 0, "%s", err.msg);
		request_report_fini(&rep);
		req.dash = now;
		ck_assert_msg(request_run(ctx, &req, &b, &rep, &err) == 0, "%s", err.msg);
		request_report_fini(&rep);
		ck_assert_msg(a.len == b.len && memcmp(a.bytes, b.bytes, a.len) == 0,
			"expand %d: the old layout's image differs (%zu vs %zu bytes)", expand,
			a.len, b.len);
		free(a.bytes);
		free(b.bytes);
	}
	dash_free(old);
	dash_free(now);
}
END_TEST

/* Repeats without a Prometheus: testdata answers label_values(…, L) with
 * L-1..L-3.  A panel repeated by an All variable becomes three, side by side
 * (24 / 3 columns each), the panel below moves under them; vertically they
 * stack; a repeated row copies its panels. */
START_TEST(repeats_with_testdata)
{
	static const char *const dirs[] = { "h", "v" };
	int heights[2];
	for (size_t k = 0; k < 2; k++) {
		char *json = g_strdup_printf("{\"templating\": {\"list\": [{\"name\": \"n\","
			" \"type\": \"query\", \"includeAll\": true, \"multi\": true,"
			" \"query\": \"label_values(up, node)\"}]}, \"panels\": ["
			"{\"id\": 1, \"type\": \"timeseries\", \"title\": \"p $n\", \"repeat\": \"n\","
			" \"repeatDirection\": \"%s\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 4},"
			" \"targets\": [{\"refId\": \"A\", \"expr\": \"up{node=~\\\"$n\\\"}\"}]},"
			"{\"id\": 2, \"type\": \"timeseries\", \"title\": \"below $n\","
			" \"gridPos\": {\"x\": 0, \"y\": 4, \"w\": 24, \"h\": 4},"
			" \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}]}", dirs[k]);
		struct cairn_dashboard *d = load(json);
		struct request req = base_request(d);
		req.height = 0;
		struct request_report rep;
		struct cairn_err err = { 0 };
		ck_assert_msg(run(&req, &rep, &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(rep.n, 4);
		ck_assert_str_eq(rep.panels[0].title, "p node-1");
		ck_assert_str_eq(rep.panels[2].title, "p node-3");
		ck_assert_str_eq(rep.panels[3].title, "below All");
		ck_assert_int_eq(rep.panels[0].id, 1);
		ck_assert_int_gt(rep.panels[1].id, 2); /* copies get ids after the largest */
		heights[k] = rep.height;
		request_report_fini(&rep);
		dash_free(d);
		g_free(json);
	}
	/* three 4-row panels stacked take two more grid bands of 4 rows */
	ck_assert_int_eq(heights[1] - heights[0], 2 * (4 * 30 + 4 * 8));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("request");
	TCase *tc = tcase_create("contract");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, messages_name_the_callers_parameters);
	tcase_add_test(tc, saved_answers_come_in_as_bytes);
	tcase_add_test(tc, report_goes_out_as_json);
	tcase_add_test(tc, regex_that_gives_up_is_a_warning);
	tcase_add_test(tc, text_panel_content_interpolated);
	tcase_add_test(tc, override_regex_that_gives_up_fails_the_panel);
	tcase_add_test(tc, panel_relative_time);
	tcase_add_test(tc, request_time_zone_rounds_days);
	tcase_add_test(tc, oversize_panel_fails_alone);
	tcase_add_test(tc, deadline_counts_from_arrival);
	tcase_add_test(tc, panels_go_to_the_datasource_they_name);
	tcase_add_test(tc, variables_see_earlier_ones);
	tcase_add_test(tc, deadline_passed_stops_the_request);
	tcase_add_test(tc, independent_variables_resolve_concurrently);
	tcase_add_test(tc, variables_share_the_deadline);
	tcase_add_test(tc, old_row_layout_draws_as_its_migrated_equivalent);
	tcase_add_test(tc, repeats_with_testdata);
	suite_add_tcase(s, tc);
	return s;
}
