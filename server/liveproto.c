/*
 * liveproto.c — the /ws messages: a client's JSON checked into struct
 * live_msg (jansson stays in this file), the view key, and the server's
 * messages written with json_append_str.  Owns no state; what a view is
 * and who watches it is live.c's.
 */
#include "server/liveproto.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/duration.h"
#include "server/routes.h"

static int bad(struct cairn_err *err, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct cairn_err *err, const char *path, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cairn_err_set(err, CAIRN_EINVAL, "%s: %s", path, msg);
}

/* "a string", "42", "an object"... what a value was, for messages; short
 * scalars are quoted. */
static void what(const json_t *j, char *out, size_t size)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: g_strlcpy(out, "an object", size); return;
	case JSON_ARRAY: g_strlcpy(out, "an array", size); return;
	case JSON_TRUE: g_strlcpy(out, "true", size); return;
	case JSON_FALSE: g_strlcpy(out, "false", size); return;
	case JSON_NULL: g_strlcpy(out, "null", size); return;
	case JSON_INTEGER:
		snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		return;
	case JSON_REAL: snprintf(out, size, "%g", json_real_value(j)); return;
	case JSON_STRING: {
		const char *s = json_string_value(j);
		if (strlen(s) > 40) {
			g_strlcpy(out, "a long string", size);
			return;
		}
		GString *b = g_string_new(NULL);
		json_append_str(b, s);
		g_strlcpy(out, b->str, size);
		g_string_free(b, TRUE);
		return;
	}
	}
	g_strlcpy(out, "?", size);
}

/* A string member of at most max bytes, without control characters;
 * absent or null leaves *out NULL unless required. */
static int get_string(const json_t *o, const char *key, size_t max, bool required,
	char **out, struct cairn_err *err)
{
	char path[80], got[64];
	snprintf(path, sizeof path, "$.%s", key);
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required)
			return bad(err, path, "missing (a string is required)");
		return 0;
	}
	if (!json_is_string(v)) {
		what(v, got, sizeof got);
		return bad(err, path, "expected a string, got %s", got);
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n > max)
		return bad(err, path, "longer than %zu bytes", max);
	if (strlen(s) != n)
		return bad(err, path, "holds a NUL character");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return bad(err, path, "holds a control character");
	*out = g_strdup(s);
	return 0;
}

static int get_int(const json_t *o, const char *key, const char *where, int lo, int hi,
	bool required, int *out, struct cairn_err *err)
{
	char path[96], got[64];
	snprintf(path, sizeof path, "%s.%s", where, key);
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return required ? bad(err, path, "missing (an integer from %d to %d)", lo, hi) : 0;
	double d = json_is_integer(v) ? (double)json_integer_value(v) :
		json_is_real(v) ? json_real_value(v) : NAN;
	if (!(d >= lo && d <= hi) || d != floor(d)) {
		what(v, got, sizeof got);
		return bad(err, path, "expected an integer from %d to %d, got %s", lo, hi, got);
	}
	*out = (int)d;
	return 0;
}

/* ---- subscribe ------------------------------------------------------------ */

static void add_var(struct live_msg *m, const char *name, const char *value)
{
	m->vars[m->n_vars++] = (struct request_var){ g_strdup(name), g_strdup(value) };
}

static int var_text(const json_t *v, const char *path, struct cairn_err *err)
{
	char got[64];
	if (!json_is_string(v)) {
		what(v, got, sizeof got);
		return bad(err, path, "expected a string, got %s", got);
	}
	if (json_string_length(v) > LIVE_VAR_TEXT_MAX)
		return bad(err, path, "longer than %d bytes", LIVE_VAR_TEXT_MAX);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return bad(err, path, "holds a NUL character");
	return 0;
}

static int parse_vars(const json_t *root, struct live_msg *m, struct cairn_err *err)
{
	json_t *vars = json_object_get(root, "vars");
	char path[LIVE_VAR_TEXT_MAX + 32], got[64];
	if (!vars || json_is_null(vars))
		return 0;
	if (!json_is_object(vars)) {
		what(vars, got, sizeof got);
		return bad(err, "$.vars", "expected an object of name: value or [values], got %s",
			got);
	}
	size_t total = 0;
	const char *name;
	json_t *v;
	json_object_foreach(vars, name, v)
		total += json_is_array(v) ? json_array_size(v) : 1;
	if (total > LIVE_VARS_MAX)
		return bad(err, "$.vars", "%zu values, more than %d", total, LIVE_VARS_MAX);
	m->vars = g_new0(struct request_var, total ? total : 1);
	json_object_foreach(vars, name, v) {
		if (strlen(name) > LIVE_VAR_TEXT_MAX || !*name)
			return bad(err, "$.vars", "a variable name empty or longer than %d bytes",
				LIVE_VAR_TEXT_MAX);
		snprintf(path, sizeof path, "$.vars.%s", name);
		if (!json_is_array(v)) {
			if (var_text(v, path, err))
				return CAIRN_EINVAL;
			add_var(m, name, json_string_value(v));
			continue;
		}
		if (json_array_size(v) == 0)
			return bad(err, path, "an empty list (give at least one value, or \"$__all\")");
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			snprintf(path, sizeof path, "$.vars.%s[%zu]", name, i);
			if (var_text(e, path, err))
				return CAIRN_EINVAL;
			add_var(m, name, json_string_value(e));
		}
	}
	return 0;
}

static int parse_refresh(const json_t *root, struct live_msg *m, struct cairn_err *err)
{
	json_t *v = json_object_get(root, "refresh");
	char got[64];
	struct cairn_err e = { 0 };
	if (!v || json_is_null(v) || json_is_false(v))
		return 0;
	if (json_is_number(v)) {
		double s = json_number_value(v);
		if (!(s >= 0 && s <= 86400))
			return bad(err, "$.refresh", "expected seconds from 0 to 86400, got %g", s);
		m->refresh_s = s;
		return 0;
	}
	if (!json_is_string(v)) {
		what(v, got, sizeof got);
		return bad(err, "$.refresh", "expected a duration (\"5s\", \"1m\", \"\" or \"off\"), "
			"got %s", got);
	}
	const char *s = json_string_value(v);
	if (!*s || strcmp(s, "off") == 0)
		return 0;
	if (json_string_length(v) > 32 || duration_parse(s, &m->refresh_s, &e))
		return bad(err, "$.refresh", "%s", e.code ? e.msg : "longer than 32 bytes");
	if (m->refresh_s > 86400)
		return bad(err, "$.refresh", "more than a day");
	return 0;
}

static int parse_theme(const json_t *root, struct live_msg *m, struct cairn_err *err)
{
	json_t *v = json_object_get(root, "theme");
	char got[64];
	if (!v || json_is_null(v))
		return 0;
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (s && strcmp(s, "dark") == 0)
		m->theme = THEME_DARK;
	else if (s && strcmp(s, "light") == 0)
		m->theme = THEME_LIGHT;
	else {
		what(v, got, sizeof got);
		return bad(err, "$.theme", "expected \"dark\" or \"light\", got %s", got);
	}
	return 0;
}

static int parse_panel(const json_t *p, size_t i, const struct liveproto_limits *lim,
	struct live_panel_req *out, struct cairn_err *err)
{
	char where[48], path[64], got[64];
	snprintf(where, sizeof where, "$.panels[%zu]", i);
	if (!json_is_object(p)) {
		what(p, got, sizeof got);
		return bad(err, where, "expected an object {\"id\",\"width\",\"height\",\"scale\"}, "
			"got %s", got);
	}
	*out = (struct live_panel_req){ .scale = 1 };
	if (get_int(p, "id", where, 1, INT32_MAX, true, &out->id, err) ||
		get_int(p, "width", where, 1, LIVE_PANEL_PX_MAX, true, &out->width, err) ||
		get_int(p, "height", where, 1, LIVE_PANEL_PX_MAX, true, &out->height, err))
		return CAIRN_EINVAL;
	json_t *s = json_object_get(p, "scale");
	if (s && !json_is_null(s)) {
		snprintf(path, sizeof path, "%s.scale", where);
		double v = json_is_number(s) ? json_number_value(s) : NAN;
		if (!(v >= 0.25 && v <= LIVE_SCALE_MAX)) {
			what(s, got, sizeof got);
			return bad(err, path, "expected a number from 0.25 to %g, got %s",
				LIVE_SCALE_MAX, got);
		}
		out->scale = v;
	}
	double px = (double)out->width * out->height * out->scale * out->scale;
	if (lim->max_pixels && px > (double)lim->max_pixels)
		return bad(err, where, "width × height × scale² is %.0f pixels, over the limit of "
			"%llu", px, (unsigned long long)lim->max_pixels);
	return 0;
}

static int parse_panels(const json_t *root, const struct liveproto_limits *lim,
	struct live_msg *m, struct cairn_err *err)
{
	json_t *ps = json_object_get(root, "panels");
	char got[64];
	if (!ps || !json_is_array(ps) || json_array_size(ps) == 0) {
		if (!ps)
			return bad(err, "$.panels", "missing (a list of {\"id\",\"width\",\"height\","
				"\"scale\"})");
		what(ps, got, sizeof got);
		return bad(err, "$.panels", "expected a non-empty list of panels, got %s", got);
	}
	size_t n = json_array_size(ps);
	if (n > lim->panels_per_view)
		return bad(err, "$.panels", "%zu panels, more than the limit of %zu per view", n,
			lim->panels_per_view);
	m->panels = g_new0(struct live_panel_req, n);
	for (size_t i = 0; i < n; i++) {
		if (parse_panel(json_array_get(ps, i), i, lim, &m->panels[i], err))
			return CAIRN_EINVAL;
		for (size_t k = 0; k < i; k++)
			if (m->panels[k].id == m->panels[i].id) {
				char where[48];
				snprintf(where, sizeof where, "$.panels[%zu].id", i);
				return bad(err, where, "panel %d is already in the list",
					m->panels[i].id);
			}
		m->n_panels = i + 1;
	}
	return 0;
}

static int parse_subscribe(const json_t *root, const struct liveproto_limits *lim,
	struct live_msg *m, struct cairn_err *err)
{
	static const char *const known[] = { "op", "view", "dashboard", "from", "to", "vars",
		"theme", "refresh", "panels", NULL };
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)root, key, v) {
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strcmp(key, known[i]) == 0;
		if (!ok) {
			char path[80];
			snprintf(path, sizeof path, "$.%.60s", key);
			return bad(err, path, "not a field of subscribe (op, view, dashboard, from, "
				"to, vars, theme, refresh, panels)");
		}
	}
	m->op = LIVE_SUBSCRIBE;
	return get_string(root, "dashboard", ROUTE_UID_MAX, true, &m->dashboard, err) ||
		get_string(root, "from", LIVE_TIME_MAX, false, &m->from, err) ||
		get_string(root, "to", LIVE_TIME_MAX, false, &m->to, err) ||
		parse_vars(root, m, err) || parse_theme(root, m, err) ||
		parse_refresh(root, m, err) || parse_panels(root, lim, m, err) ? CAIRN_EINVAL : 0;
}

static int parse_values(const json_t *root, struct live_msg *m, struct cairn_err *err)
{
	char got[64];
	m->op = LIVE_VALUES;
	if (get_int(root, "panel", "$", 1, INT32_MAX, true, &m->panel, err))
		return CAIRN_EINVAL;
	json_t *t = json_object_get(root, "time");
	if (!t || !json_is_number(t) || !isfinite(json_number_value(t))) {
		if (!t)
			return bad(err, "$.time", "missing (unix milliseconds)");
		what(t, got, sizeof got);
		return bad(err, "$.time", "expected unix milliseconds, got %s", got);
	}
	m->time_ms = json_number_value(t);
	return 0;
}

static int parse_root(const json_t *root, const struct liveproto_limits *lim,
	struct live_msg *m, char view[LIVE_VIEW_NAME_MAX + 1], struct cairn_err *err)
{
	char got[64];
	if (!json_is_object(root)) {
		what(root, got, sizeof got);
		return bad(err, "$", "expected an object {\"op\": ...}, got %s", got);
	}
	if (get_string(root, "view", LIVE_VIEW_NAME_MAX, true, &m->view, err))
		return CAIRN_EINVAL;
	if (!*m->view)
		return bad(err, "$.view", "empty");
	g_strlcpy(view, m->view, LIVE_VIEW_NAME_MAX + 1);
	char *op = NULL;
	if (get_string(root, "op", 32, true, &op, err))
		return CAIRN_EINVAL;
	int rc;
	if (strcmp(op, "subscribe") == 0)
		rc = parse_subscribe(root, lim, m, err);
	else if (strcmp(op, "unsubscribe") == 0) {
		m->op = LIVE_UNSUBSCRIBE;
		rc = 0;
	} else if (strcmp(op, "values") == 0)
		rc = parse_values(root, m, err);
	else {
		GString *q = g_string_new(NULL);
		json_append_str(q, op);
		rc = bad(err, "$.op", "unknown op %s (subscribe, unsubscribe, values)", q->str);
		g_string_free(q, TRUE);
	}
	g_free(op);
	return rc;
}

int liveproto_parse(const char *text, size_t len, const struct liveproto_limits *lim,
	struct live_msg *m, char view[LIVE_VIEW_NAME_MAX + 1], struct cairn_err *err)
{
	memset(m, 0, sizeof *m);
	view[0] = '\0';
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return cairn_err_set(err, CAIRN_EINVAL, "not JSON: %s at line %d column %d",
			jerr.text, jerr.line, jerr.column);
	int rc = parse_root(root, lim, m, view, err);
	json_decref(root);
	if (rc)
		liveproto_fini(m);
	return rc;
}

void liveproto_fini(struct live_msg *m)
{
	g_free(m->view);
	g_free(m->dashboard);
	g_free(m->from);
	g_free(m->to);
	for (size_t i = 0; i < m->n_vars; i++) {
		g_free((char *)m->vars[i].name);
		g_free((char *)m->vars[i].value);
	}
	g_free(m->vars);
	g_free(m->panels);
	memset(m, 0, sizeof *m);
}

/* ---- the key and the server's messages ------------------------------------ */

static int var_cmp(const void *a, const void *b)
{
	const struct request_var *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	/* stable for equal names: the values' order is kept */
	return c ? c : (x < y ? -1 : x > y);
}

char *liveproto_key(const struct live_msg *m)
{
	GString *k = g_string_new(NULL);
	json_append_str(k, m->dashboard);
	g_string_append_c(k, ' ');
	json_append_str(k, m->from ? m->from : "");
	json_append_str(k, m->to ? m->to : "");
	if (m->n_vars) {
		struct request_var *v = g_memdup2(m->vars, sizeof *v * m->n_vars);
		qsort(v, m->n_vars, sizeof *v, var_cmp);
		for (size_t i = 0; i < m->n_vars; i++) {
			g_string_append(k, " v");
			json_append_str(k, v[i].name);
			json_append_str(k, v[i].value);
		}
		g_free(v);
	}
	g_string_append_printf(k, " t%d r%.3f", (int)m->theme, m->refresh_s);
	for (size_t i = 0; i < m->n_panels; i++) {
		const struct live_panel_req *p = &m->panels[i];
		g_string_append_printf(k, " p%d:%dx%d@%.4f", p->id, p->width, p->height, p->scale);
	}
	return g_string_free(k, FALSE);
}

static char *done(GString *b, size_t *len)
{
	*len = b->len;
	return g_string_free(b, FALSE);
}

char *liveproto_error(const char *view, const char *message, size_t *len)
{
	GString *b = g_string_new("{\"op\":\"error\"");
	if (view && *view) {
		g_string_append(b, ",\"view\":");
		json_append_str(b, view);
	}
	g_string_append(b, ",\"message\":");
	json_append_str(b, message);
	g_string_append_c(b, '}');
	return done(b, len);
}

char *liveproto_frame(const char *view, int panel, uint64_t seq, const char *status,
	const char *error, size_t bytes, size_t *len)
{
	GString *b = g_string_new("{\"op\":\"frame\",\"view\":");
	json_append_str(b, view);
	g_string_append_printf(b, ",\"panel\":%d,\"seq\":%llu,\"status\":", panel,
		(unsigned long long)seq);
	json_append_str(b, status);
	g_string_append(b, ",\"format\":\"png\"");
	g_string_append_printf(b, ",\"bytes\":%zu", bytes);
	if (error && *error) {
		g_string_append(b, ",\"error\":");
		json_append_str(b, error);
	}
	g_string_append_c(b, '}');
	return done(b, len);
}

char *liveproto_status(const char *view, bool ok, const char *message, size_t *len)
{
	GString *b = g_string_new("{\"op\":\"status\",\"view\":");
	json_append_str(b, view);
	g_string_append_printf(b, ",\"ok\":%s", ok ? "true" : "false");
	if (message && *message) {
		g_string_append(b, ",\"message\":");
		json_append_str(b, message);
	}
	g_string_append_c(b, '}');
	return done(b, len);
}
