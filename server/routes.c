/*
 * routes.c — paths to routes, query strings to render parameters, the
 * image cache key and the text of answers.  Owns no socket and no state;
 * the HTTP layer (http.c) and the handlers (server.c) call it.
 */
#include "server/routes.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dashboards/timerange.h"
#include "base/gstr.h"

/* ---- routes ------------------------------------------------------------ */

/* Copies the uid that starts at s (up to '/' or the end) into r; false when
 * it is empty, too long or not printable. */
static bool take_uid(const char *s, struct route *r, bool slug_allowed)
{
	size_t n = strcspn(s, "/");
	if (n == 0 || n > ROUTE_UID_MAX)
		return false;
	if (s[n] == '/' && !slug_allowed)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	/* The slug is decoration (Grafana ignores it too), one segment at most. */
	if (s[n] == '/' && strchr(s + n + 1, '/'))
		return false;
	memcpy(r->uid, s, n);
	r->uid[n] = '\0';
	return true;
}

/* /api/dashboards/uid/<uid>/<what>: the uid's sub-resources. */
static bool uid_sub(const char *s, const char *what, struct route *r)
{
	const char *slash = strchr(s, '/');
	if (!slash || strcmp(slash + 1, what) != 0)
		return false;
	char one[ROUTE_UID_MAX + 2];
	size_t n = (size_t)(slash - s);
	if (n > ROUTE_UID_MAX)
		return false;
	memcpy(one, s, n);
	one[n] = '\0';
	return take_uid(one, r, false);
}

/* /static/<name>: one plain file name, no folders, no dot files. */
static bool take_static(const char *s, struct route *r)
{
	size_t n = strlen(s);
	if (n == 0 || n > ROUTE_UID_MAX || s[0] == '.' || strchr(s, '/'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isalnum(s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '_')
			return false;
	memcpy(r->uid, s, n + 1);
	return true;
}

static void match_client(const char *path, struct route *r)
{
	if (strcmp(path, "/") == 0)
		r->kind = ROUTE_PAGE_LIST;
	else if (g_str_has_prefix(path, "/d/") && take_uid(path + 3, r, true))
		r->kind = ROUTE_PAGE_DASH;
	else if (g_str_has_prefix(path, "/static/") && take_static(path + 8, r))
		r->kind = ROUTE_STATIC;
}

void route_match(const char *path, struct route *r)
{
	memset(r, 0, sizeof *r);
	const char *u = "/api/dashboards/uid/";
	if (g_str_has_prefix(path, u) && uid_sub(path + strlen(u), "variables", r)) {
		r->kind = ROUTE_API_VARIABLES;
	} else if (g_str_has_prefix(path, u) && uid_sub(path + strlen(u), "plot", r)) {
		r->kind = ROUTE_API_PLOT;
	} else if (g_str_has_prefix(path, "/render/d-solo/")) {
		if (take_uid(path + strlen("/render/d-solo/"), r, true))
			r->kind = ROUTE_RENDER_SOLO;
	} else if (g_str_has_prefix(path, "/render/d/")) {
		if (take_uid(path + strlen("/render/d/"), r, true))
			r->kind = ROUTE_RENDER_DASH;
	} else if (g_str_has_prefix(path, "/api/dashboards/uid/")) {
		if (take_uid(path + strlen("/api/dashboards/uid/"), r, false))
			r->kind = ROUTE_DASHBOARD_UID;
	} else if (strcmp(path, "/api/render") == 0) {
		r->kind = ROUTE_API_RENDER;
	} else if (strcmp(path, "/api/dashboards") == 0) {
		r->kind = ROUTE_DASHBOARDS;
	} else if (strcmp(path, "/api/health") == 0) {
		r->kind = ROUTE_HEALTH;
	} else if (strcmp(path, "/metrics") == 0) {
		r->kind = ROUTE_METRICS;
	} else {
		match_client(path, r);
	}
	if (r->kind == ROUTE_NONE)
		r->uid[0] = '\0';
}

bool route_allows(enum route_kind k, enum http_method m)
{
	if (k == ROUTE_API_RENDER)
		return m == METHOD_POST;
	return m == METHOD_GET;
}

const char *route_name(enum route_kind k)
{
	switch (k) {
	case ROUTE_RENDER_SOLO: return "render_solo";
	case ROUTE_RENDER_DASH: return "render_dashboard";
	case ROUTE_API_RENDER: return "api_render";
	case ROUTE_DASHBOARDS: return "api_dashboards";
	case ROUTE_DASHBOARD_UID: return "api_dashboard";
	case ROUTE_HEALTH: return "api_health";
	case ROUTE_METRICS: return "metrics";
	case ROUTE_PAGE_LIST: return "page_list";
	case ROUTE_PAGE_DASH: return "page_dashboard";
	case ROUTE_STATIC: return "static";
	case ROUTE_API_VARIABLES: return "api_variables";
	case ROUTE_API_PLOT: return "api_plot";
	default: return "none";
	}
}

/* ---- parameters -------------------------------------------------------- */

static int bad_param(char param[64], struct cairn_err *err, const char *name,
	const char *expected, const char *value)
{
	g_strlcpy(param, name, 64);
	char safe[80];
	header_safe(value, safe, sizeof safe);
	return cairn_err_set(err, CAIRN_EINVAL, "%s: expected %s, got \"%s\"", name, expected,
		safe);
}

static int int_param(const char *name, const char *v, int lo, int hi, int *out, char param[64],
	struct cairn_err *err)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi) {
		g_strlcpy(param, name, 64);
		char safe[80];
		header_safe(v, safe, sizeof safe);
		return cairn_err_set(err, CAIRN_EINVAL, "%s: expected an integer from %d to %d, "
			"got \"%s\"", name, lo, hi, safe);
	}
	*out = (int)x;
	return 0;
}

static int num_param(const char *name, const char *v, double lo, double hi, double *out,
	char param[64], struct cairn_err *err)
{
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(x) || x < lo || x > hi) {
		g_strlcpy(param, name, 64);
		char safe[80];
		header_safe(v, safe, sizeof safe);
		return cairn_err_set(err, CAIRN_EINVAL, "%s: expected a number from %g to %g, "
			"got \"%s\"", name, lo, hi, safe);
	}
	*out = x;
	return 0;
}

static int enum_param(const struct http_arg *a, struct render_params *p, char param[64],
	struct cairn_err *err)
{
	if (strcmp(a->name, "theme") == 0) {
		if (strcmp(a->value, "dark") == 0)
			p->theme = THEME_DARK;
		else if (strcmp(a->value, "light") == 0)
			p->theme = THEME_LIGHT;
		else
			return bad_param(param, err, "theme", "dark or light", a->value);
		p->theme_given = true;
		return 0;
	}
	if (g_ascii_strcasecmp(a->value, "png") == 0)
		p->format = FMT_PNG;
	else if (g_ascii_strcasecmp(a->value, "svg") == 0)
		p->format = FMT_SVG;
	else if (g_ascii_strcasecmp(a->value, "pdf") == 0)
		p->format = FMT_PDF;
	else
		return bad_param(param, err, "format", "png, svg or pdf", a->value);
	return 0;
}

/* compression=fast|small: PNG encoding effort (render/png.h). */
static int compression_param(const struct http_arg *a, struct render_params *p,
	char param[64], struct cairn_err *err)
{
	if (strcmp(a->value, "fast") == 0)
		p->compression = PNG_FAST;
	else if (strcmp(a->value, "small") == 0)
		p->compression = PNG_SMALL;
	else
		return bad_param(param, err, "compression", "fast or small", a->value);
	return 0;
}

static int time_param(const struct http_arg *a, const char **out, char param[64],
	struct cairn_err *err)
{
	struct cairn_err e = { 0 };
	double t;
	/* Checked here so a bad time is a 400 before any work is queued; the
	 * request parses it again against its own "now". */
	if (!*a->value || time_parse(a->value, 0, false, NULL, &t, &e)) {
		g_strlcpy(param, a->name, 64);
		return cairn_err_set(err, CAIRN_EINVAL, "%s: %s", a->name,
			*a->value ? e.msg : "empty");
	}
	*out = a->value;
	return 0;
}

static int var_param(const struct http_arg *a, struct render_params *p, char param[64],
	struct cairn_err *err)
{
	const char *name = a->name + 4;
	if (!*name) {
		g_strlcpy(param, "var-", 64);
		return cairn_err_set(err, CAIRN_EINVAL, "var-: a variable name is missing");
	}
	if (p->n_vars == PARAMS_MAX_VARS) {
		g_strlcpy(param, a->name, 64);
		return cairn_err_set(err, CAIRN_EINVAL, "%s: at most %d variable values",
			a->name, PARAMS_MAX_VARS);
	}
	if (!p->vars)
		p->vars = g_new0(struct request_var, PARAMS_MAX_VARS);
	p->vars[p->n_vars++] = (struct request_var){ name, a->value };
	return 0;
}

static int one_param(const struct http_arg *a, struct render_params *p, char param[64],
	struct cairn_err *err)
{
	const char *n = a->name;
	if (strcmp(n, "panelId") == 0)
		return int_param(n, a->value, 1, INT32_MAX, &p->panel_id, param, err);
	if (strcmp(n, "width") == 0)
		return int_param(n, a->value, 16, RENDER_MAX_PX, &p->width, param, err);
	if (strcmp(n, "height") == 0)
		return int_param(n, a->value, 16, RENDER_MAX_PX, &p->height, param, err);
	if (strcmp(n, "scale") == 0)
		return num_param(n, a->value, 0.25, 8, &p->scale, param, err);
	if (strcmp(n, "timeout") == 0)
		return num_param(n, a->value, 0.001, PARAMS_MAX_TIMEOUT_S, &p->timeout_s, param,
			err);
	if (strcmp(n, "from") == 0)
		return time_param(a, &p->from, param, err);
	if (strcmp(n, "to") == 0)
		return time_param(a, &p->to, param, err);
	if (strcmp(n, "theme") == 0 || strcmp(n, "format") == 0)
		return enum_param(a, p, param, err);
	if (strcmp(n, "compression") == 0)
		return compression_param(a, p, param, err);
	if (strcmp(n, "tz") == 0 || strcmp(n, "timezone") == 0) {
		struct cairn_err e = { 0 };
		if (timerange_zone_check(a->value, &e)) {
			g_strlcpy(param, n, 64);
			return cairn_err_set(err, CAIRN_EINVAL, "%s: %s", n, e.msg);
		}
		p->tz = a->value;
		return 0;
	}
	if (g_str_has_prefix(n, "var-"))
		return var_param(a, p, param, err);
	return 0;
}

/* Both ends given: from must come first (read against one "now", so two
 * now-relative ends compare as they will when rendered). */
static bool range_ok(const struct render_params *p)
{
	double now = (double)time(NULL), from, to;
	if (time_parse(p->from, now, false, p->tz, &from, NULL) ||
		time_parse(p->to, now, true, p->tz, &to, NULL))
		return true;   /* each was checked alone already */
	return to > from;
}

int params_parse(const struct http_arg *args, size_t n, bool need_panel,
	struct render_params *p, char param[64], struct cairn_err *err)
{
	memset(p, 0, sizeof *p);
	param[0] = '\0';
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = one_param(&args[i], p, param, err) ? CAIRN_EINVAL : 0;
	if (!rc && p->from && p->to && !range_ok(p)) {
		g_strlcpy(param, "from", 64);
		char f[80], t[80];
		header_safe(p->from, f, sizeof f);
		header_safe(p->to, t, sizeof t);
		rc = cairn_err_set(err, CAIRN_EINVAL,
			"from: \"%s\" is not before to \"%s\": the time range is empty or reversed", f,
			t);
	}
	if (!rc && need_panel && !p->panel_id) {
		g_strlcpy(param, "panelId", 64);
		rc = cairn_err_set(err, CAIRN_EINVAL,
			"panelId: required to render one panel (/render/d-solo/UID?panelId=N)");
	}
	if (rc)
		params_fini(p);
	return rc;
}

void params_fini(struct render_params *p)
{
	g_free(p->vars);
	p->vars = NULL;
	p->n_vars = 0;
}

bool params_relative(const struct render_params *p, const struct cairn_dashboard *d)
{
	const char *from = p->from ? p->from : (d && d->time_from ? d->time_from : "now-6h");
	const char *to = p->to ? p->to : (d && d->time_to ? d->time_to : "now");
	return strstr(from, "now") || strstr(to, "now");
}

static int var_cmp(const void *a, const void *b)
{
	const struct request_var *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	/* Same name: the values' order is the selection's order, which matters
	 * (the first is the "current" one); keep it by comparing positions. */
	return x < y ? -1 : x > y;
}

/* Appends "name=<len>:value;" so no value can fake a separator. */
/* Every image request builds its key (a hit included): appends, not
 * printf (five g_string_append_printf were 13,000 instructions a key). */
static void key_uint(GString *k, const char *name, unsigned long long v)
{
	g_string_append(k, name);
	g_string_append_c(k, '=');
	gstr_append_uint(k, v);
	g_string_append_c(k, ';');
}

static void key_int(GString *k, const char *name, long long v)
{
	if (v < 0) {
		g_string_append_c(k, '-');
		v = -v;
	}
	key_uint(k, name, (unsigned long long)v);
}

static void key_field(GString *k, const char *name, const char *value)
{
	size_t n = value ? strlen(value) : 0;
	g_string_append(k, name);
	g_string_append_c(k, '=');
	/* the length first: no value can end early and pass for another */
	char buf[24];
	size_t i = sizeof buf;
	size_t v = n;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	g_string_append_len(k, buf + i, (gssize)(sizeof buf - i));
	g_string_append_c(k, ':');
	g_string_append_len(k, value ? value : "", (gssize)n);
	g_string_append_c(k, ';');
}

char *params_key(enum route_kind kind, const char *uid, uint64_t version,
	const struct render_params *p, uint64_t gen)
{
	GString *k = g_string_sized_new(160);
	g_string_append(k, route_name(kind));
	g_string_append_c(k, ';');
	key_field(k, "uid", uid);
	key_uint(k, "v", version);
	key_uint(k, "g", gen);
	key_int(k, "panel", p->panel_id);
	key_int(k, "w", p->width);
	key_int(k, "h", p->height);
	double scale = p->scale > 0 ? p->scale : 1;
	if (scale == floor(scale) && scale < 1e6) {
		key_uint(k, "s", (unsigned long long)scale);
	} else {
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		key_field(k, "s", g_ascii_dtostr(buf, sizeof buf, scale));
	}
	key_int(k, "theme", p->theme_given ? (int)p->theme : -1);
	key_int(k, "fmt", (int)p->format);
	key_field(k, "from", p->from);
	key_field(k, "to", p->to);
	key_field(k, "tz", p->tz);
	g_string_append_printf(k, "c=%d;", (int)p->compression);
	struct request_var *vs = g_memdup2(p->vars, p->n_vars * sizeof *vs);
	/* qsort is not stable, hence var_cmp's tie-break on the (copied,
	 * still ordered) positions. */
	if (p->n_vars)
		qsort(vs, p->n_vars, sizeof *vs, var_cmp);
	for (size_t i = 0; i < p->n_vars; i++) {
		g_string_append(k, "var-");
		key_field(k, vs[i].name, vs[i].value);
	}
	g_free(vs);
	return g_string_free(k, FALSE);
}

/* ---- text -------------------------------------------------------------- */

void json_append_str(GString *out, const char *s)
{
	char *valid = g_utf8_make_valid(s ? s : "", -1);
	g_string_append_c(out, '"');
	for (const unsigned char *c = (const unsigned char *)valid; *c; c++) {
		switch (*c) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		default:
			if (*c < 0x20 || *c == 0x7f)
				g_string_append_printf(out, "\\u%04x", *c);
			else
				g_string_append_c(out, (char)*c);
		}
	}
	g_string_append_c(out, '"');
	g_free(valid);
}

char *json_error_body(const char *msg, const char *param, size_t *len)
{
	GString *b = g_string_new("{\"error\":");
	json_append_str(b, msg);
	if (param && *param) {
		g_string_append(b, ",\"parameter\":");
		json_append_str(b, param);
	}
	g_string_append(b, "}\n");
	*len = b->len;
	return g_string_free(b, FALSE);
}

void header_safe(const char *s, char *out, size_t out_size)
{
	size_t o = 0;
	for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c && o + 1 < out_size;
		c++)
		out[o++] = (*c == '\n' || *c == '\r' || *c == '\t') ? ' ' :
			(*c < 0x20 || *c >= 0x7f) ? '?' : (char)*c;
	out[o] = '\0';
}

bool etag_matches(const char *inm, const char *etag)
{
	if (!inm || !*inm || !etag || !*etag)
		return false;
	size_t n = strlen(etag);
	const char *s = inm;
	while (*s) {
		s += strspn(s, " \t,");
		if (*s == '*')
			return true;
		if (g_str_has_prefix(s, "W/"))
			s += 2;
		if (strncmp(s, etag, n) == 0 && (s[n] == '\0' || s[n] == ',' || s[n] == ' ' ||
			s[n] == '\t'))
			return true;
		s += strcspn(s, ",");
	}
	return false;
}

const char *param_of_message(const char *msg, char *buf, size_t size)
{
	static const char *const names[] = { "panelId", "width", "height", "from", "to", "scale",
		"theme", "tz", "timeout", "format", "compression", NULL };
	size_t n = strcspn(msg, ": ");
	if (n == 0 || n >= size)
		return NULL;
	for (const char *const *p = names; *p; p++)
		if (strlen(*p) == n && strncmp(msg, *p, n) == 0) {
			memcpy(buf, msg, n);
			buf[n] = '\0';
			return buf;
		}
	if (strncmp(msg, "var-", 4) == 0) {
		memcpy(buf, msg, n);
		buf[n] = '\0';
		return buf;
	}
	return NULL;
}
