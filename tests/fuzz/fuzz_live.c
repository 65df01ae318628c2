/*
 * fuzz_live.c — what cairn serve makes of a /ws message before anything
 * else sees it: liveproto_parse (every op, every field), the view key of a
 * subscribe, and the error message written back.  Checked: a refused
 * message leaves nothing allocated in the message and an error that names a
 * JSON path ("$" first) or says it is not JSON; the view name echoed is at
 * most LIVE_VIEW_NAME_MAX bytes; every server message is valid JSON; a
 * subscribe's key is stable (parsing the same text twice gives the same
 * key) and its panels and variables are within the limits.
 */
#include "tests/fuzz/fuzz.h"

#include <glib.h>
#include <jansson.h>

#include "server/liveproto.h"

static void must_be_json(char *text, size_t len)
{
	json_error_t e;
	json_t *j = json_loadb(text, len, 0, &e);
	if (!j)
		abort();
	json_decref(j);
	g_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct liveproto_limits lim = { .panels_per_view = 8, .max_pixels = 1u << 22 };
	struct live_msg m;
	char view[LIVE_VIEW_NAME_MAX + 1];
	struct cairn_err err = { 0 };
	size_t len;
	if (liveproto_parse((const char *)data, size, &lim, &m, view, &err)) {
		if (m.view || m.panels || m.vars || m.dashboard)
			abort();
		if (strlen(view) > LIVE_VIEW_NAME_MAX)
			abort();
		if (err.msg[0] != '$' && strncmp(err.msg, "not JSON", 8) != 0)
			abort();
		must_be_json(liveproto_error(view, err.msg, &len), len);
		return 0;
	}
	if (m.op == LIVE_SUBSCRIBE) {
		if (m.n_panels == 0 || m.n_panels > lim.panels_per_view || m.n_vars > LIVE_VARS_MAX)
			abort();
		char *k1 = liveproto_key(&m);
		struct live_msg again;
		if (liveproto_parse((const char *)data, size, &lim, &again, view, &err))
			abort();
		char *k2 = liveproto_key(&again);
		if (strcmp(k1, k2) != 0)
			abort();
		g_free(k1);
		g_free(k2);
		liveproto_fini(&again);
		must_be_json(liveproto_frame(m.view, m.panels[0].id, 1, "ok", m.dashboard, 10, &len),
			len);
	}
	must_be_json(liveproto_status(m.view, false, m.view, &len), len);
	liveproto_fini(&m);
	return 0;
}
