/* server/liveproto: the /ws messages — a subscribe parsed whole, every
 * error naming its JSON path, the view key (equal for equal views, apart
 * for any difference), and the server's messages as JSON. */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <jansson.h>
#include <string.h>
#include "server/liveproto.h"

static const struct liveproto_limits lim = { .panels_per_view = 4, .max_pixels = 1u << 24 };

static const char sub[] =
	"{\"op\":\"subscribe\",\"view\":\"v1\",\"dashboard\":\"abc\",\"from\":\"now-1h\","
	"\"to\":\"now\",\"vars\":{\"node\":[\"a\",\"b\"],\"job\":\"api\"},\"theme\":\"light\","
	"\"refresh\":\"5s\",\"panels\":[{\"id\":3,\"width\":600,\"height\":300,\"scale\":2},"
	"{\"id\":4,\"width\":10,\"height\":20}]}";

static int parse(const char *text, struct live_msg *m, char view[LIVE_VIEW_NAME_MAX + 1],
	struct cairn_err *err)
{
	return liveproto_parse(text, strlen(text), &lim, m, view, err);
}

START_TEST(subscribe_whole)
{
	struct live_msg m;
	char view[LIVE_VIEW_NAME_MAX + 1];
	struct cairn_err err = { 0 };
	ck_assert_msg(parse(sub, &m, view, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(m.op, LIVE_SUBSCRIBE);
	ck_assert_str_eq(m.view, "v1");
	ck_assert_str_eq(view, "v1");
	ck_assert_str_eq(m.dashboard, "abc");
	ck_assert_str_eq(m.from, "now-1h");
	ck_assert_str_eq(m.to, "now");
	ck_assert_uint_eq(m.n_vars, 3);
	ck_assert_str_eq(m.vars[0].name, "node");
	ck_assert_str_eq(m.vars[1].value, "b");
	ck_assert_str_eq(m.vars[2].name, "job");
	ck_assert_int_eq(m.theme, THEME_LIGHT);
	ck_assert(m.refresh_s == 5);
	ck_assert_uint_eq(m.n_panels, 2);
	ck_assert(m.panels[0].id == 3 && m.panels[0].width == 600 && m.panels[0].height == 300 &&
	          m.panels[0].scale == 2);
	ck_assert(m.panels[1].scale == 1);
	liveproto_fini(&m);
	liveproto_fini(&m);   /* twice: a no-op */
}
END_TEST

START_TEST(other_ops)
{
	struct live_msg m;
	char view[LIVE_VIEW_NAME_MAX + 1];
	struct cairn_err err = { 0 };
	ck_assert_int_eq(parse("{\"op\":\"unsubscribe\",\"view\":\"x\"}", &m, view, &err), 0);
	ck_assert_int_eq(m.op, LIVE_UNSUBSCRIBE);
	liveproto_fini(&m);
	ck_assert_int_eq(parse("{\"op\":\"values\",\"view\":\"x\",\"panel\":3,"
		"\"time\":1700000000000}", &m, view, &err), 0);
	ck_assert(m.op == LIVE_VALUES && m.panel == 3 && m.time_ms == 1700000000000.0);
	liveproto_fini(&m);
	const char *off[] = { "\"\"", "\"off\"", "0", "null", "false" };
	for (size_t i = 0; i < G_N_ELEMENTS(off); i++) {
		char *t = g_strdup_printf("{\"op\":\"subscribe\",\"view\":\"x\",\"dashboard\":\"d\","
			"\"refresh\":%s,\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}", off[i]);
		ck_assert_msg(parse(t, &m, view, &err) == 0, "%s: %s", t, err.msg);
		ck_assert(m.refresh_s == 0);
		liveproto_fini(&m);
		g_free(t);
	}
}
END_TEST

static const struct {
	const char *text, *msg, *view;
} bad[] = {
	{ "nope", "not JSON: ", "" },
	{ "[1]", "$: expected an object {\"op\": ...}, got an array", "" },
	{ "{\"op\":\"subscribe\"}", "$.view: missing (a string is required)", "" },
	{ "{\"op\":\"zap\",\"view\":\"v\"}", "$.op: unknown op \"zap\" (subscribe, unsubscribe, values)", "v" },
	{ "{\"view\":\"v\"}", "$.op: missing", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"panels\":[]}", "$.dashboard: missing", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\"}", "$.panels: missing", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"panels\":{}}",
	  "$.panels: expected a non-empty list of panels, got an object", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"panels\":[{\"id\":1,"
	  "\"width\":\"x\",\"height\":1}]}",
	  "$.panels[0].width: expected an integer from 1 to 8192, got \"x\"", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"panels\":[{\"id\":1,"
	  "\"width\":1,\"height\":1},{\"id\":1,\"width\":1,\"height\":1}]}",
	  "$.panels[1].id: panel 1 is already in the list", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"panels\":[{\"id\":1,"
	  "\"width\":8000,\"height\":8000,\"scale\":4}]}",
	  "$.panels[0]: width × height × scale² is 1024000000 pixels, over the limit of 16777216", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"panels\":[{\"id\":1,"
	  "\"width\":1,\"height\":1,\"scale\":9}]}",
	  "$.panels[0].scale: expected a number from 0.25 to 4, got 9", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"panels\":[1,2,3,4,5]}",
	  "$.panels: 5 panels, more than the limit of 4 per view", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"theme\":\"pink\","
	  "\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}",
	  "$.theme: expected \"dark\" or \"light\", got \"pink\"", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"refresh\":\"soon\","
	  "\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}", "$.refresh: ", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"vars\":{\"n\":[1]},"
	  "\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}",
	  "$.vars.n[0]: expected a string, got 1", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"vars\":{\"n\":[]},"
	  "\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}", "$.vars.n: an empty list", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\",\"colour\":1,"
	  "\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}", "$.colour: not a field of subscribe", "v" },
	{ "{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"a\\u0001\","
	  "\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}",
	  "$.dashboard: holds a control character", "v" },
	{ "{\"op\":\"values\",\"view\":\"v\",\"panel\":1}", "$.time: missing", "v" },
	{ "{\"op\":\"values\",\"view\":\"v\",\"panel\":0,\"time\":1}",
	  "$.panel: expected an integer from 1 to", "v" },
	{ "{\"op\":\"unsubscribe\",\"view\":\"\"}", "$.view: empty", "" },
};

START_TEST(errors_name_the_path)
{
	struct live_msg m;
	char view[LIVE_VIEW_NAME_MAX + 1];
	struct cairn_err err = { 0 };
	ck_assert_int_eq(parse(bad[_i].text, &m, view, &err), CAIRN_EINVAL);
	ck_assert_msg(g_str_has_prefix(err.msg, bad[_i].msg), "%s\n gave %s\n want %s",
		bad[_i].text, err.msg, bad[_i].msg);
	ck_assert_str_eq(view, bad[_i].view);
	ck_assert_ptr_null(m.view);
	ck_assert_ptr_null(m.panels);
}
END_TEST

START_TEST(too_many_vars)
{
	GString *t = g_string_new("{\"op\":\"subscribe\",\"view\":\"v\",\"dashboard\":\"d\","
		"\"vars\":{\"n\":[");
	for (int i = 0; i <= LIVE_VARS_MAX; i++)
		g_string_append_printf(t, "%s\"%d\"", i ? "," : "", i);
	g_string_append(t, "]},\"panels\":[{\"id\":1,\"width\":1,\"height\":1}]}");
	struct live_msg m;
	char view[LIVE_VIEW_NAME_MAX + 1];
	struct cairn_err err = { 0 };
	ck_assert_int_eq(parse(t->str, &m, view, &err), CAIRN_EINVAL);
	ck_assert_str_eq(err.msg, "$.vars: 257 values, more than 256");
	g_string_free(t, TRUE);
}
END_TEST

static char *key_of(const char *text)
{
	struct live_msg m;
	char view[LIVE_VIEW_NAME_MAX + 1];
	struct cairn_err err = { 0 };
	ck_assert_msg(parse(text, &m, view, &err) == 0, "%s: %s", text, err.msg);
	char *k = liveproto_key(&m);
	liveproto_fini(&m);
	return k;
}

START_TEST(keys)
{
	char *a = key_of(sub);
	/* another view name, the variables in another order: the same view */
	char *b = key_of("{\"op\":\"subscribe\",\"view\":\"other\",\"dashboard\":\"abc\","
		"\"from\":\"now-1h\",\"to\":\"now\",\"vars\":{\"job\":\"api\",\"node\":[\"a\",\"b\"]},"
		"\"theme\":\"light\",\"refresh\":5,\"panels\":[{\"id\":3,\"width\":600,\"height\":300,"
		"\"scale\":2},{\"id\":4,\"width\":10,\"height\":20,\"scale\":1}]}");
	ck_assert_str_eq(a, b);
	const char *from[] = { "\"scale\":2", "\"light\"", "\"5s\"", "\"now-1h\"", "[\"a\",\"b\"]",
		"\"width\":600" };
	const char *to[] = { "\"scale\":1", "\"dark\"", "\"6s\"", "\"now-2h\"", "[\"b\",\"a\"]",
		"\"width\":601" };
	for (size_t i = 0; i < G_N_ELEMENTS(from); i++) {
		GString *t = g_string_new(sub);
		g_string_replace(t, from[i], to[i], 1);
		char *c = key_of(t->str);
		ck_assert_msg(strcmp(a, c) != 0, "%s → %s: the same key", from[i], to[i]);
		g_free(c);
		g_string_free(t, TRUE);
	}
	g_free(a);
	g_free(b);
}
END_TEST

static size_t len;

static json_t *as_json(char *text)
{
	ck_assert_uint_eq(strlen(text), len);
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	ck_assert_msg(j != NULL, "%s: %s", text, e.text);
	g_free(text);
	return j;
}

START_TEST(server_messages)
{
	json_t *j = as_json(liveproto_frame("v\"1", 3, 7, "error", "bad <b>", 123, &len));
	ck_assert_str_eq(json_string_value(json_object_get(j, "op")), "frame");
	ck_assert_str_eq(json_string_value(json_object_get(j, "view")), "v\"1");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "panel")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "seq")), 7);
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "error");
	ck_assert_str_eq(json_string_value(json_object_get(j, "format")), "png");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bytes")), 123);
	ck_assert_str_eq(json_string_value(json_object_get(j, "error")), "bad <b>");
	json_decref(j);
	j = as_json(liveproto_error(NULL, "x\ny", &len));
	ck_assert_ptr_null(json_object_get(j, "view"));
	ck_assert_str_eq(json_string_value(json_object_get(j, "message")), "x\ny");
	json_decref(j);
	j = as_json(liveproto_status("v", false, "down", &len));
	ck_assert(json_is_false(json_object_get(j, "ok")));
	json_decref(j);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("server/liveproto");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, subscribe_whole);
	tcase_add_test(tc, other_ops);
	tcase_add_loop_test(tc, errors_name_the_path, 0, G_N_ELEMENTS(bad));
	tcase_add_test(tc, too_many_vars);
	tcase_add_test(tc, keys);
	tcase_add_test(tc, server_messages);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
