/*
 * jfield.c — typed access to dashboard JSON members for the loader's files:
 * "absent" as Grafana means it (missing or null), numbers that come as
 * strings, and a message with the file and JSON path on every wrong type.
 * Owns no parsing of its own beyond one member at a time.
 */
#include "dashboards/jfield.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	default:
		return "null";
	}
}

void jfield_join(char *out, const char *path, const char *key)
{
	if (!key || !*key)
		snprintf(out, JFIELD_PATH_CAP, "%s", path ? path : "");
	else if (!path || !*path)
		snprintf(out, JFIELD_PATH_CAP, "%s", key);
	else
		snprintf(out, JFIELD_PATH_CAP, "%s.%s", path, key);
}

int jfield_type_err(struct loader *L, const char *path, const char *key, const char *want,
                    const json_t *got)
{
	char full[JFIELD_PATH_CAP];
	jfield_join(full, path, key);
	return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: expected %s, got %s", L->name, full,
	                     want, type_name(got));
}

/* obj[key] unless missing or null (both mean "absent" to Grafana).  Not
 * inlined: GCC's -Wnull-dereference misreads jansson's NULL-safe json_is_*
 * macros on the inlined NULL path. */
__attribute__((noinline)) json_t *jfield_get(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	return json_is_null(v) ? NULL : v;
}

int jfield_string(struct loader *L, const json_t *obj, const char *key, const char *path,
                  char **out)
{
	json_t *v = jfield_get(obj, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return jfield_type_err(L, path, key, "string", v);
	g_free(*out);
	*out = g_strndup(json_string_value(v), json_string_length(v));
	return 0;
}

int jfield_strbuf(struct loader *L, const json_t *obj, const char *key, const char *path, char *buf,
                  size_t cap)
{
	json_t *v = jfield_get(obj, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return jfield_type_err(L, path, key, "string", v);
	g_strlcpy(buf, json_string_value(v), cap);
	return 0;
}

/* Numbers may also come as numeric strings (old exports write "0" for
 * yaxes min, some generators quote gridPos). */
int jfield_number(struct loader *L, const json_t *obj, const char *key, const char *path,
                  double *out, bool *present)
{
	json_t *v = jfield_get(obj, key);
	if (present)
		*present = false;
	if (!v)
		return 0;
	if (json_is_number(v)) {
		*out = json_number_value(v);
	} else if (json_is_string(v) && *json_string_value(v)) {
		char *end;
		double x = g_ascii_strtod(json_string_value(v), &end);
		if (*end)
			return jfield_type_err(L, path, key, "number", v);
		*out = x;
	} else if (json_is_string(v)) {
		return 0; /* "" = unset, as Grafana's inputs save it */
	} else {
		return jfield_type_err(L, path, key, "number", v);
	}
	if (present)
		*present = true;
	return 0;
}

int jfield_int(struct loader *L, const json_t *obj, const char *key, const char *path, int *out,
               bool *present)
{
	double x = 0;
	bool have = false;
	int rc = jfield_number(L, obj, key, path, &x, &have);
	if (present)
		*present = have;
	if (rc || !have)
		return rc;
	if (!isfinite(x) || x > 1e9 || x < -1e9) {
		char full[JFIELD_PATH_CAP];
		jfield_join(full, path, key);
		return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: number out of range", L->name,
		                     full);
	}
	*out = (int)lround(x);
	return 0;
}

int jfield_bool(struct loader *L, const json_t *obj, const char *key, const char *path, bool *out)
{
	json_t *v = jfield_get(obj, key);
	if (!v)
		return 0;
	if (json_is_boolean(v))
		*out = json_is_true(v);
	else if (json_is_integer(v))
		*out = json_integer_value(v) != 0;
	else
		return jfield_type_err(L, path, key, "boolean", v);
	return 0;
}

int jfield_kind(struct loader *L, const json_t *obj, const char *key, const char *path,
                json_type want, json_t **out)
{
	json_t *v = jfield_get(obj, key);
	*out = NULL;
	if (!v)
		return 0;
	if (json_typeof(v) != want)
		return jfield_type_err(L, path, key, want == JSON_OBJECT ? "object" : "array", v);
	*out = v;
	return 0;
}

/* Unknown names keep the default: Grafana ignores what it does not know. */
int jfield_enum(struct loader *L, const json_t *obj, const char *key, const char *path,
                const struct jfield_name *tab, int *out, bool *present)
{
	char buf[48] = "";
	if (present)
		*present = false;
	if (jfield_strbuf(L, obj, key, path, buf, sizeof buf))
		return CAIRN_EINVAL;
	for (; tab->name; tab++) {
		if (strcmp(tab->name, buf) == 0) {
			*out = tab->val;
			if (present)
				*present = true;
			break;
		}
	}
	return 0;
}

int jfield_limit_err(struct loader *L, const char *path, const char *what, size_t n, size_t cap)
{
	return cairn_err_set(L->err, CAIRN_ELIMIT, "%s: %s: %zu %s, more than the limit of %zu",
	                     L->name, path, n, what, cap);
}
