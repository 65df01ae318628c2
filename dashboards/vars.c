/*
 * vars.c — the values of template variables for one render, and their
 * interpolation into PromQL and text the way Grafana's template service and
 * Prometheus datasource do it (interpolateQueryExpr: values are regex-escaped
 * only for multi-value / include-All variables).  Built-ins ($__interval,
 * $__range, ${__from}…) are left for datasource/interval.c.  Resolving a
 * variable's options (label_values against Prometheus) is the caller's job.
 */
#include "dashboards/vars.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define ALL_TEXT     "All"

struct var_entry {
	char **values;
	char **texts;   /* NULL: the values are their own texts */
	size_t n;
	bool is_all;
	char *all_value;
};

struct var_scope {
	GHashTable *vars;  /* name → struct var_entry */
	GHashTable *flags; /* name → GINT_TO_POINTER(VF_* bits | VF_KNOWN) */
};

enum { VF_KNOWN = 1, VF_MULTI = 2, VF_ALL = 4 };

static void entry_free(gpointer p)
{
	struct var_entry *e = p;
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		g_free(e->values[i]);
		g_free(e->texts ? e->texts[i] : NULL);
	}
	g_free(e->values);
	g_free(e->texts);
	g_free(e->all_value);
	g_free(e);
}

var_scope *var_scope_new(void)
{
	var_scope *s = g_new0(var_scope, 1);
	s->vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
	s->flags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return s;
}

void var_scope_free(var_scope *s)
{
	if (!s)
		return;
	g_hash_table_destroy(s->vars);
	g_hash_table_destroy(s->flags);
	g_free(s);
}

var_scope *var_scope_copy(const var_scope *s)
{
	var_scope *c = var_scope_new();
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, s->vars);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const struct var_entry *e = v;
		var_scope_set(c, k, (const char *const *)e->values, e->n, e->is_all, e->all_value);
		if (e->texts)
			var_scope_set_texts(c, k, (const char *const *)e->texts, e->n);
	}
	g_hash_table_iter_init(&it, s->flags);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_replace(c->flags, g_strdup(k), v);
	return c;
}

int var_scope_set(var_scope *s, const char *name, const char *const *values, size_t n, bool is_all,
                  const char *all_value)
{
	if (!s || !name || (n && !values))
		return CAIRN_EINVAL;
	if (n > CAIRN_MAX_VAR_VALUES)
		return CAIRN_ELIMIT;
	struct var_entry *e = g_new0(struct var_entry, 1);
	e->values = g_new0(char *, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		e->values[i] = g_strdup(values[i] ? values[i] : "");
	e->n = n;
	e->is_all = is_all;
	e->all_value = g_strdup(all_value);
	g_hash_table_replace(s->vars, g_strdup(name), e);
	return 0;
}

int var_scope_set_texts(var_scope *s, const char *name, const char *const *texts, size_t n)
{
	struct var_entry *e = s && name ? g_hash_table_lookup(s->vars, name) : NULL;
	if (!e || n != e->n || (n && !texts))
		return CAIRN_EINVAL;
	for (size_t i = 0; e->texts && i < e->n; i++)
		g_free(e->texts[i]);
	g_free(e->texts);
	e->texts = g_new0(char *, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		e->texts[i] = g_strdup(texts[i] ? texts[i] : "");
	return 0;
}

bool var_scope_get_texts(const var_scope *s, const char *name, const char *const **texts,
                         size_t *n)
{
	struct var_entry *e = s && name ? g_hash_table_lookup(s->vars, name) : NULL;
	if (!e)
		return false;
	*texts = (const char *const *)(e->texts ? e->texts : e->values);
	*n = e->n;
	return true;
}

int var_scope_set_flags(var_scope *s, const char *name, bool multi, bool include_all)
{
	if (!s || !name)
		return CAIRN_EINVAL;
	int f = VF_KNOWN | (multi ? VF_MULTI : 0) | (include_all ? VF_ALL : 0);
	g_hash_table_replace(s->flags, g_strdup(name), GINT_TO_POINTER(f));
	return 0;
}

void var_scope_declare(var_scope *s, const struct cairn_dashboard *d)
{
	for (size_t i = 0; s && d && i < d->n_variables; i++)
		if (d->variables[i].name)
			var_scope_set_flags(s, d->variables[i].name, d->variables[i].multi,
			                    d->variables[i].include_all);
}

bool var_scope_get(const var_scope *s, const char *name, const char *const **values, size_t *n)
{
	struct var_entry *e = s && name ? g_hash_table_lookup(s->vars, name) : NULL;
	if (!e)
		return false;
	if (values)
		*values = (const char *const *)e->values;
	if (n)
		*n = e->n;
	return true;
}

/* ---- escaping ---------------------------------------------------------- */

/* Grafana's prometheusRegularEscape: \ → \\ and ' → \\' */
static void regular_escape(GString *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\')
			g_string_append(out, "\\\\");
		else if (*v == '\'')
			g_string_append(out, "\\\\'");
		else
			g_string_append_c(out, *v);
	}
}

/* Grafana's prometheusSpecialRegexEscape: the value lands inside a PromQL
 * string that is a regex, so metacharacters get a doubled backslash. */
static void special_regex_escape(GString *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\')
			g_string_append(out, "\\\\\\\\");
		else if (strchr("$^*{}[]'+?.()|", *v))
			g_string_append_printf(out, "\\\\%c", *v);
		else
			g_string_append_c(out, *v);
	}
}

/* ${var:regex}: JavaScript-style escape (Grafana's escapeRegex). */
static void js_regex_escape(GString *out, const char *v)
{
	for (; *v; v++) {
		if (strchr("-[]{}()*+?.,\\^$|#", *v) || g_ascii_isspace(*v))
			g_string_append_c(out, '\\');
		g_string_append_c(out, *v);
	}
}

/* ---- formatting -------------------------------------------------------- */

static void join(GString *out, char *const *v, size_t n, const char *sep,
                 void (*esc)(GString *, const char *))
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			g_string_append(out, sep);
		if (esc)
			esc(out, v[i]);
		else
			g_string_append(out, v[i]);
	}
}

static void format_prometheus(const var_scope *s, const char *name, const struct var_entry *e,
                              GString *out)
{
	if (e->is_all && e->all_value) {
		g_string_append(out, e->all_value); /* custom allValue goes in raw */
		return;
	}
	if (e->n == 0) {
		g_string_append(out, e->is_all ? ".*" : "");
		return;
	}
	int f = GPOINTER_TO_INT(g_hash_table_lookup(s->flags, name));
	bool multi = (f & VF_KNOWN) ? (f & (VF_MULTI | VF_ALL)) != 0 : (e->n > 1 || e->is_all);
	if (!multi && e->n == 1) {
		regular_escape(out, e->values[0]);
		return;
	}
	if (e->n == 1) {
		special_regex_escape(out, e->values[0]);
		return;
	}
	g_string_append_c(out, '(');
	join(out, e->values, e->n, "|", special_regex_escape);
	g_string_append_c(out, ')');
}

static void format_text(const struct var_entry *e, GString *out)
{
	if (e->is_all)
		g_string_append(out, ALL_TEXT);
	else
		join(out, e->texts ? e->texts : e->values, e->n, " + ", NULL);
}

static void format_quoted(const struct var_entry *e, GString *out, char q)
{
	for (size_t i = 0; i < e->n; i++) {
		if (i)
			g_string_append_c(out, ',');
		g_string_append_c(out, q);
		for (const char *p = e->values[i]; *p; p++) {
			if (*p == q || *p == '\\')
				g_string_append_c(out, '\\');
			g_string_append_c(out, *p);
		}
		g_string_append_c(out, q);
	}
}

static void format_query_param(const char *name, const struct var_entry *e, GString *out)
{
	if (e->is_all) {
		g_string_append_printf(out, "var-%s=$__all", name);
		return;
	}
	for (size_t i = 0; i < e->n; i++) {
		char *v = g_uri_escape_string(e->values[i], NULL, FALSE);
		g_string_append_printf(out, "%svar-%s=%s", i ? "&" : "", name, v);
		g_free(v);
	}
}

/* ${var:fmt}.  The All value with a custom allValue stays raw, as Grafana. */
static bool format_named(const char *name, const struct var_entry *e, const char *fmt, GString *out)
{
	if (strcmp(fmt, "text") == 0) {
		format_text(e, out);
		return true;
	}
	if (strcmp(fmt, "queryparam") == 0) {
		format_query_param(name, e, out);
		return true;
	}
	if (e->is_all && e->all_value) {
		g_string_append(out, e->all_value);
		return true;
	}
	if (strcmp(fmt, "regex") == 0) {
		bool paren = e->n > 1;
		g_string_append(out, paren ? "(" : "");
		join(out, e->values, e->n, "|", js_regex_escape);
		g_string_append(out, paren ? ")" : "");
	} else if (strcmp(fmt, "pipe") == 0) {
		join(out, e->values, e->n, "|", NULL);
	} else if (strcmp(fmt, "csv") == 0 || strcmp(fmt, "raw") == 0) {
		join(out, e->values, e->n, ",", NULL);
	} else if (strcmp(fmt, "glob") == 0) {
		g_string_append(out, e->n > 1 ? "{" : "");
		join(out, e->values, e->n, ",", NULL);
		g_string_append(out, e->n > 1 ? "}" : "");
	} else if (strcmp(fmt, "doublequote") == 0) {
		format_quoted(e, out, '"');
	} else if (strcmp(fmt, "singlequote") == 0) {
		format_quoted(e, out, '\'');
	} else {
		return false;
	}
	return true;
}

/* ---- scanning ---------------------------------------------------------- */

static bool is_word(char c)
{
	return g_ascii_isalnum(c) || c == '_';
}

/* Appends the value of name (fmt may be NULL); false when name is unknown
 * (the reference is then copied as written). */
static bool expand(const var_scope *s, const char *name, size_t len, const char *fmt,
                   size_t fmt_len, bool regex_ctx, const char *deflt, GString *out)
{
	char key[256], f[32] = "";
	if (len == 0 || len >= sizeof key || fmt_len >= sizeof f)
		return false;
	memcpy(key, name, len);
	key[len] = '\0';
	if (fmt) {
		memcpy(f, fmt, fmt_len);
		f[fmt_len] = '\0';
	}
	const struct var_entry *e = g_hash_table_lookup(s->vars, key);
	if (!e)
		return false;
	if (!*f && deflt)
		g_strlcpy(f, deflt, sizeof f);
	if (*f && format_named(key, e, f, out))
		return true;
	if (regex_ctx)
		format_prometheus(s, key, e, out);
	else
		format_text(e, out);
	return true;
}

/* A braced reference: ${name}, ${name:fmt}, [[name]], [[name:fmt]].  Returns
 * the bytes consumed, 0 when p does not start one that we expand. */
static size_t braced(const var_scope *s, const char *p, bool regex_ctx, const char *deflt,
                     GString *out)
{
	bool dollar = p[0] == '$' && p[1] == '{';
	if (!dollar && !(p[0] == '[' && p[1] == '['))
		return 0;
	const char *name = p + 2;
	const char *close = strstr(name, dollar ? "}" : "]]");
	if (!close || strncmp(name, "__", 2) == 0)
		return 0;
	const char *colon = memchr(name, ':', (size_t)(close - name));
	size_t nlen = (size_t)((colon ? colon : close) - name);
	for (size_t i = 0; i < nlen; i++)
		if (!is_word(name[i]))
			return 0;
	const char *fmt = colon ? colon + 1 : NULL;
	size_t flen = colon ? (size_t)(close - fmt) : 0;
	if (!expand(s, name, nlen, fmt, flen, regex_ctx, deflt, out))
		return 0;
	return (size_t)(close - p) + (dollar ? 1 : 2);
}

static char *interpolate(const var_scope *s, const char *in, bool regex_ctx, const char *deflt)
{
	if (!in)
		return NULL;
	GString *out = g_string_sized_new(strlen(in) + 16);
	const char *p = in;

	while (*p) {
		if (out->len > VARS_MAX_OUT) {
			g_string_free(out, TRUE);
			return NULL;
		}
		size_t used = s ? braced(s, p, regex_ctx, deflt, out) : 0;
		if (used) {
			p += used;
			continue;
		}
		if (s && p[0] == '$' && is_word(p[1]) && strncmp(p + 1, "__", 2) != 0) {
			/* Grafana's /\$(\w+)/ is greedy: $node_name never means $node. */
			size_t n = 1;
			while (is_word(p[1 + n]))
				n++;
			if (expand(s, p + 1, n, NULL, 0, regex_ctx, deflt, out)) {
				p += 1 + n;
				continue;
			}
			g_string_append_len(out, p, (gssize)(1 + n));
			p += 1 + n;
			continue;
		}
		if (p[0] == '$' && p[1] == '_' && p[2] == '_') {
			/* built-ins ($__interval, $__rate_interval…) pass through whole */
			size_t n = 1;
			while (is_word(p[n]))
				n++;
			g_string_append_len(out, p, (gssize)n);
			p += n;
			continue;
		}
		g_string_append_c(out, *p++);
	}
	if (out->len > VARS_MAX_OUT) {
		g_string_free(out, TRUE);
		return NULL;
	}
	/* GString's buffer comes from g_malloc, which is malloc: free() is fine */
	return g_string_free(out, FALSE);
}

char *var_interpolate(const var_scope *s, const char *in, bool regex_ctx)
{
	return interpolate(s, in, regex_ctx, NULL);
}

char *var_interpolate_format(const var_scope *s, const char *in, const char *fmt)
{
	return interpolate(s, in, false, fmt);
}

/* ---- references --------------------------------------------------------- */

static size_t word_len(const char *p)
{
	size_t n = 0;
	while (is_word(p[n]))
		n++;
	return n;
}

/* [[name]] or [[name:fmt]] at p (Grafana: \[\[(\w+?)(?::(\w+))?\]\]); the
 * bytes it spans, 0 when p does not start one. */
static size_t ref_brackets(const char *p, size_t *nlen)
{
	if (p[0] != '[' || p[1] != '[')
		return 0;
	size_t n = word_len(p + 2), end = 2 + n;
	if (!n)
		return 0;
	if (p[end] == ':') {
		size_t f = word_len(p + end + 1);
		if (!f)
			return 0;
		end += 1 + f;
	}
	if (p[end] != ']' || p[end + 1] != ']')
		return 0;
	*nlen = n;
	return end + 2;
}

/* ${name}, ${name.path}, ${name:fmt} at p (Grafana:
 * \${(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?}); the bytes it spans, or 0. */
static size_t ref_braced(const char *p, size_t *nlen)
{
	if (p[0] != '$' || p[1] != '{')
		return 0;
	size_t n = word_len(p + 2), end = 2 + n;
	if (!n)
		return 0;
	if (p[end] == '.') {
		size_t k = end + 1;
		while (p[k] && p[k] != ':' && p[k] != '^' && p[k] != '}')
			k++;
		if (k == end + 1)
			return 0;
		end = k;
	}
	if (p[end] == ':') {
		size_t k = end + 1;
		while (p[k] && p[k] != '}')
			k++;
		if (k == end + 1)
			return 0;
		end = k;
	}
	if (p[end] != '}')
		return 0;
	*nlen = n;
	return end + 1;
}

void var_each_ref(const char *text, var_ref_fn fn, void *ctx)
{
	for (const char *p = text; p && *p;) {
		size_t nlen = 0, used;
		if (p[0] == '$' && is_word(p[1])) {
			nlen = word_len(p + 1);
			fn(p + 1, nlen, (size_t)(p - text), ctx);
			p += 1 + nlen;
		} else if ((used = ref_brackets(p, &nlen)) || (used = ref_braced(p, &nlen))) {
			fn(p + 2, nlen, (size_t)(p - text), ctx);
			p += used;
		} else {
			p++;
		}
	}
}

/* ---- label_values(...) ------------------------------------------------- */

static const char *skip_ws(const char *p)
{
	while (g_ascii_isspace(*p))
		p++;
	return p;
}

/* Index of the last top-level comma in [a, b), skipping {…}, (…) and quoted
 * strings; -1 when none. */
static long last_top_comma(const char *a, const char *b)
{
	int depth = 0;
	char quote = 0;
	long at = -1;
	for (const char *p = a; p < b; p++) {
		if (quote) {
			if (*p == '\\' && p + 1 < b)
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '"' || *p == '\'' || *p == '`')
			quote = *p;
		else if (*p == '{' || *p == '(' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ')' || *p == ']')
			depth--;
		else if (*p == ',' && depth == 0)
			at = p - a;
	}
	return quote || depth ? -2 : at;
}

static bool copy_trimmed(const char *a, const char *b, char *dst, size_t cap)
{
	while (a < b && g_ascii_isspace(*a))
		a++;
	while (b > a && g_ascii_isspace(b[-1]))
		b--;
	size_t n = (size_t)(b - a);
	if (n + 1 > cap)
		return false;
	memcpy(dst, a, n);
	dst[n] = '\0';
	return true;
}

bool var_parse_label_values(const char *query, char *selector, size_t selector_cap, char *label,
                            size_t label_cap)
{
	if (!query || !selector || !label || !selector_cap || !label_cap)
		return false;
	const char *p = skip_ws(query);
	if (strncmp(p, "label_values", 12) != 0)
		return false;
	p = skip_ws(p + 12);
	if (*p != '(')
		return false;
	const char *open = p + 1;
	const char *end = query + strlen(query);
	while (end > open && g_ascii_isspace(end[-1]))
		end--;
	if (end <= open || end[-1] != ')')
		return false;
	const char *close = end - 1;
	long comma = last_top_comma(open, close);
	if (comma == -2)
		return false;
	const char *lab = comma >= 0 ? open + comma + 1 : open;
	if (!copy_trimmed(lab, close, label, label_cap) || !*label)
		return false;
	for (const char *q = label; *q; q++)
		if (!is_word(*q) && *q != '.' && *q != '$')
			return false;
	if (comma < 0) {
		selector[0] = '\0';
		return true;
	}
	return copy_trimmed(open, open + comma, selector, selector_cap) && *selector;
}

