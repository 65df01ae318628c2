/*
 * templating.c — templating.list[] → struct cairn_variable: type, query
 * (string or the newer {query} object), current value(s), options and
 * custom variables' "a, b, key : value" lists.  Resolving values and
 * interpolating them is vars.c's.
 */
#include "dashboards/templating.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static const struct jfield_name var_types[] = {
        {"query", VAR_QUERY},       {"custom", VAR_CUSTOM},
        {"constant", VAR_CONSTANT}, {"textbox", VAR_TEXTBOX},
        {"interval", VAR_INTERVAL}, {"datasource", VAR_DATASOURCE},
        {"adhoc", VAR_ADHOC},       {NULL, 0}};

static int push_value(struct loader *L, const char *path, char ***arr, size_t *n, const char *s,
                      size_t len)
{
	if (*n >= CAIRN_MAX_VAR_VALUES)
		return jfield_limit_err(L, path, "values", *n + 1, CAIRN_MAX_VAR_VALUES);
	*arr = g_renew(char *, *arr, *n + 1);
	(*arr)[(*n)++] = g_strndup(s, len);
	return 0;
}

/* current.value: a string or an array of strings. */
static int parse_current(struct loader *L, const json_t *v, const char *path,
                         struct cairn_variable *out)
{
	json_t *cur;
	char cpath[JFIELD_PATH_CAP];
	if (jfield_kind(L, v, "current", path, JSON_OBJECT, &cur))
		return CAIRN_EINVAL;
	jfield_join(cpath, path, "current");
	json_t *val = jfield_get(cur, "value");
	if (!val)
		return 0;
	if (json_is_string(val))
		return push_value(L, cpath, &out->current, &out->n_current, json_string_value(val),
		                  json_string_length(val));
	if (!json_is_array(val))
		return jfield_type_err(L, cpath, "value", "string or array", val);
	size_t i;
	json_t *s;
	json_array_foreach(val, i, s)
	{
		if (!json_is_string(s))
			continue; /* Grafana writes numbers here now and then; not a value */
		if (push_value(L, cpath, &out->current, &out->n_current, json_string_value(s),
		               json_string_length(s)))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* options[]: every value except "$__all"; the selected ones become the
 * current value when current is missing (older exports). */
static int parse_options_list(struct loader *L, const json_t *v, const char *path,
                              struct cairn_variable *out)
{
	json_t *opts;
	char opath[JFIELD_PATH_CAP];
	bool had_current = out->n_current > 0;
	if (jfield_kind(L, v, "options", path, JSON_ARRAY, &opts))
		return CAIRN_EINVAL;
	jfield_join(opath, path, "options");
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o)
	{
		json_t *val = jfield_get(o, "value");
		if (!json_is_string(val))
			continue;
		const char *s = json_string_value(val);
		if (!had_current && json_is_true(jfield_get(o, "selected")) &&
		    push_value(L, opath, &out->current, &out->n_current, s, strlen(s)))
			return CAIRN_EINVAL;
		if (strcmp(s, "$__all") != 0 &&
		    push_value(L, opath, &out->options, &out->n_options, s, strlen(s)))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* Keeps text as the text of the option about to be pushed; true (so the
 * caller goes on to push the value). */
static bool push_text(struct cairn_variable *out, const char *text, const char *val)
{
	if (out->n_options >= CAIRN_MAX_VAR_VALUES)
		return true;
	if (!out->option_texts && strcmp(text, val) == 0)
		return true;
	if (!out->option_texts) /* the options so far are their own texts */
		out->option_texts = g_new0(char *, CAIRN_MAX_VAR_VALUES);
	for (size_t i = 0; i < out->n_options; i++)
		if (!out->option_texts[i])
			out->option_texts[i] = g_strdup(out->options[i]);
	out->option_texts[out->n_options] = g_strdup(text);
	return true;
}

/* Custom variable "a, b, c" or "key : value" pairs; "\," is a literal
 * comma, as Grafana's split on /(?:\\,|[^,])+/. */
static int split_custom(struct loader *L, const char *q, const char *path,
                        struct cairn_variable *out)
{
	GString *cur = g_string_new(NULL);
	int rc = 0;
	for (const char *p = q;; p++) {
		if (*p == '\\' && p[1] == ',') {
			g_string_append_c(cur, ',');
			p++;
			continue;
		}
		if (*p && *p != ',') {
			g_string_append_c(cur, *p);
			continue;
		}
		char *item = g_strstrip(cur->str);
		const char *sep = g_strrstr(item, " : "); /* greedy (.+) : (.+) */
		char *val = g_strstrip(g_strdup(sep ? sep + 3 : item));
		char *text = g_strstrip(sep ? g_strndup(item, (size_t)(sep - item)) : g_strdup(val));
		if (*item && push_text(out, text, val) &&
		    push_value(L, path, &out->options, &out->n_options, val, strlen(val))) {
			g_free(val);
			g_free(text);
			rc = CAIRN_ELIMIT;
			break;
		}
		g_free(val);
		g_free(text);
		g_string_truncate(cur, 0);
		if (!*p)
			break;
	}
	g_string_free(cur, TRUE);
	return rc;
}

/* Interval variable options as Grafana's interval adapter reads its query:
 * the quoted strings and word runs of /(["'])(.*?)\1|\w+/g, quotes dropped. */
static int split_interval(struct loader *L, const char *q, const char *path,
                          struct cairn_variable *out)
{
	const char *p = q;
	while (*p) {
		const char *a = p, *b;
		if (*p == '"' || *p == '\'') {
			const char *close = strchr(p + 1, *p);
			if (!close) {
				p++;
				continue;
			}
			a = p + 1;
			b = close;
			p = close + 1;
		} else if (g_ascii_isalnum(*p) || *p == '_') {
			while (g_ascii_isalnum(*p) || *p == '_')
				p++;
			b = p;
		} else {
			p++;
			continue;
		}
		char *item = g_strstrip(g_strndup(a, (size_t)(b - a)));
		int rc = push_value(L, path, &out->options, &out->n_options, item, strlen(item));
		g_free(item);
		if (rc)
			return rc;
	}
	return 0;
}

/* sort, refresh and the interval variable's auto options. */
static int parse_var_settings(struct loader *L, const json_t *v, const char *path,
                              struct cairn_variable *out)
{
	bool have_refresh = false, have_count = false;
	out->refresh = 1;
	out->auto_count = 30;
	if (jfield_int(L, v, "sort", path, &out->sort, NULL) ||
	    jfield_int(L, v, "refresh", path, &out->refresh, &have_refresh) ||
	    jfield_bool(L, v, "auto", path, &out->auto_interval) ||
	    jfield_int(L, v, "auto_count", path, &out->auto_count, &have_count) ||
	    jfield_string(L, v, "auto_min", path, &out->auto_min))
		return CAIRN_EINVAL;
	if (!have_refresh)
		out->refresh = 1;
	if (out->sort < 0 || out->sort > 8)
		out->sort = 0;
	if (out->auto_count < 1)
		out->auto_count = 30;
	if (!out->auto_min)
		out->auto_min = g_strdup("10s");
	return 0;
}

static int parse_var_query(struct loader *L, const json_t *v, const char *path,
                           struct cairn_variable *out)
{
	json_t *q = jfield_get(v, "query");
	if (!q)
		return 0;
	if (json_is_object(q)) { /* newer Prometheus variables: {query, refId, qryType} */
		char qpath[JFIELD_PATH_CAP];
		jfield_join(qpath, path, "query");
		return jfield_string(L, q, "query", qpath, &out->query);
	}
	if (!json_is_string(q))
		return jfield_type_err(L, path, "query", "string or object", q);
	out->query = g_strdup(json_string_value(q));
	return 0;
}

/* Keeps the options split from the query; still picks up options[].selected
 * as the current value. */
static int keep_split_options(struct loader *L, const json_t *v, const char *path,
                              struct cairn_variable *out)
{
	char **keep = out->options;
	size_t nk = out->n_options;
	out->options = NULL;
	out->n_options = 0;
	int rc = parse_options_list(L, v, path, out);
	for (size_t i = 0; i < out->n_options; i++)
		g_free(out->options[i]);
	g_free(out->options);
	out->options = keep;
	out->n_options = nk;
	return rc;
}

static int parse_variable(struct loader *L, const json_t *v, const char *path,
                          struct cairn_variable *out)
{
	int type = VAR_OTHER;
	out->json_path = g_strdup(path);
	if (!json_is_object(v))
		return jfield_type_err(L, path, "", "object", v);
	out->type = VAR_OTHER;
	if (jfield_string(L, v, "name", path, &out->name) ||
	    jfield_string(L, v, "label", path, &out->label) ||
	    jfield_enum(L, v, "type", path, var_types, &type, NULL) ||
	    parse_var_query(L, v, path, out) || jfield_bool(L, v, "multi", path, &out->multi) ||
	    jfield_bool(L, v, "includeAll", path, &out->include_all) ||
	    jfield_string(L, v, "allValue", path, &out->all_value) ||
	    jfield_string(L, v, "regex", path, &out->regex) ||
	    jfield_int(L, v, "hide", path, &out->hide, NULL) || parse_current(L, v, path, out) ||
	    parse_var_settings(L, v, path, out))
		return CAIRN_EINVAL;
	out->type = (enum var_type)type;
	if (!out->name)
		return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s.name: missing", L->name, path);
	if (out->regex && !*out->regex)
		g_clear_pointer(&out->regex, g_free);
	if (out->type == VAR_INTERVAL && out->query) {
		if (split_interval(L, out->query, path, out))
			return CAIRN_ELIMIT;
		return out->n_current ? 0 : keep_split_options(L, v, path, out);
	}
	if (out->type == VAR_CUSTOM && out->query) {
		bool had_current = out->n_current > 0;
		if (split_custom(L, out->query, path, out))
			return CAIRN_ELIMIT;
		if (had_current)
			return 0;
	}
	if (out->type == VAR_CUSTOM && out->n_options > 0)
		return keep_split_options(L, v, path, out);
	return parse_options_list(L, v, path, out);
}

int templating_parse(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *tpl, *list;
	if (jfield_kind(L, dash, "templating", "", JSON_OBJECT, &tpl))
		return CAIRN_EINVAL;
	if (!tpl)
		return 0;
	if (jfield_kind(L, tpl, "list", "templating", JSON_ARRAY, &list))
		return CAIRN_EINVAL;
	size_t n = json_array_size(list);
	if (n > CAIRN_MAX_VARIABLES)
		return jfield_limit_err(L, "templating.list", "variables", n, CAIRN_MAX_VARIABLES);
	d->variables = g_new0(struct cairn_variable, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		char path[JFIELD_PATH_CAP];
		snprintf(path, sizeof path, "templating.list[%zu]", i);
		d->n_variables = i + 1;
		if (parse_variable(L, json_array_get(list, i), path, &d->variables[i]))
			return CAIRN_EINVAL;
	}
	return 0;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_free(v[i]);
	g_free(v);
}

static void variable_fini(struct cairn_variable *v)
{
	g_free(v->name);
	g_free(v->label);
	g_free(v->query);
	g_free(v->all_value);
	g_free(v->regex);
	g_free(v->json_path);
	g_free(v->auto_min);
	for (size_t i = 0; v->option_texts && i < CAIRN_MAX_VAR_VALUES; i++)
		g_free(v->option_texts[i]);
	g_free(v->option_texts);
	strv_free(v->current, v->n_current);
	strv_free(v->options, v->n_options);
}

void templating_free(struct cairn_variable *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		variable_fini(&v[i]);
	g_free(v);
}
