/*
 * cfgjson.c — typed members of cairn serve's JSON configuration, each error
 * naming the file and the JSON path ("cairn.json: $.datasources[1].url:
 * expected a string, got 42").  Internal to config.c.  A secret's value is
 * never quoted, whatever its type: only its kind ("got a number").
 */
#include "server/cfgjson.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/duration.h"

/* ---- messages ------------------------------------------------------------ */

int cfgjson_err(struct cfgjson *L, const char *path, const char *fmt, ...)
{
	char msg[sizeof L->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: %s", L->file, path, msg);
}

static const char *kind_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "null";
	}
}

/* What was found instead: the JSON text of a short scalar, else its kind.
 * A secret's value is never shown, whatever its type. */
static void describe(const json_t *j, bool secret, char *out, size_t cap)
{
	if (secret || json_is_object(j) || json_is_array(j)) {
		g_strlcpy(out, kind_name(j), cap);
		return;
	}
	char *text = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!text) {
		g_strlcpy(out, kind_name(j), cap);
		return;
	}
	if (strlen(text) > 48)
		snprintf(out, cap, "%.44s...", text);
	else
		g_strlcpy(out, text, cap);
	free(text);
}

int cfgjson_type_err(struct cfgjson *L, const char *path, const char *want, const json_t *got,
                     bool secret)
{
	char desc[64];
	describe(got, secret, desc, sizeof desc);
	return cfgjson_err(L, path, "expected %s, got %s", want, desc);
}

void cfgjson_join_key(char *out, const char *path, const char *key)
{
	snprintf(out, CFGJSON_PATH_CAP, "%s.%s", path, key);
}

void cfgjson_join_index(char *out, const char *path, size_t i)
{
	snprintf(out, CFGJSON_PATH_CAP, "%s[%zu]", path, i);
}

/* ---- unknown keys ------------------------------------------------------ */

/* Levenshtein distance, capped: only "is it a near miss" matters. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 64;
	size_t row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t sub =
			        diag + (g_ascii_tolower(a[i - 1]) != g_ascii_tolower(b[j - 1]));
			size_t best = MIN(up + 1, row[j - 1] + 1);
			row[j] = MIN(best, sub);
			diag = up;
		}
	}
	return row[lb];
}

static const char *closest_key(const char *key, const char *const *known)
{
	const char *best = NULL;
	size_t best_d = 3; /* two edits or fewer: a typo, not another word */
	for (size_t i = 0; known[i]; i++) {
		size_t d = edit_distance(key, known[i]);
		if (d < best_d) {
			best_d = d;
			best = known[i];
		}
	}
	return best;
}

static int unknown_key(struct cfgjson *L, const char *path, const char *key,
                       const char *const *known)
{
	char *shown = g_strescape(key, NULL);
	const char *near = closest_key(key, known);
	if (near)
		cfgjson_err(L, path, "unknown key \"%.64s\" (did you mean \"%s\"?)", shown, near);
	else
		cfgjson_err(L, path, "unknown key \"%.64s\"", shown);
	g_free(shown);
	return CAIRN_EINVAL;
}

/* obj is an object (else a type error); every key in it is one of known. */
int cfgjson_check_object(struct cfgjson *L, const json_t *obj, const char *path,
                         const char *const *known)
{
	const char *key;
	json_t *v;
	/* Never quoted: ["http://u:secret@host"] in place of an object. */
	if (!json_is_object(obj))
		return cfgjson_type_err(L, path, "an object", obj, true);
	json_object_foreach((json_t *)obj, key, v)
	{
		size_t i = 0;
		while (known[i] && strcmp(known[i], key) != 0)
			i++;
		if (!known[i])
			return unknown_key(L, path, key, known);
	}
	return 0;
}

/* ---- typed members ------------------------------------------------------
 * Each reads obj[key] when present; an absent key or JSON null keeps the
 * value *out had (a default, or an earlier file's). */

json_t *cfgjson_member(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_null(v) ? NULL : v;
}

int cfgjson_string(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                   bool secret, char **out)
{
	char jp[CFGJSON_PATH_CAP];
	json_t *v = cfgjson_member(obj, key);
	if (!v)
		return 0;
	cfgjson_join_key(jp, path, key);
	if (!json_is_string(v))
		return cfgjson_type_err(L, jp, "a string", v, secret);
	if (json_string_length(v) == 0)
		return cfgjson_err(L, jp, "expected a non-empty string");
	if (strlen(json_string_value(v)) != json_string_length(v))
		return cfgjson_err(L, jp, "a string with a NUL character");
	secret ? secret_free(*out) : g_free(*out);
	*out = g_strdup(json_string_value(v));
	return 0;
}

/* A path from the file: relative ones are relative to the file's folder,
 * so a configuration means the same whatever directory cairn starts in. */
int cfgjson_file_path(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                      char **out)
{
	char *s = NULL;
	if (cfgjson_string(L, obj, key, path, false, &s))
		return CAIRN_EINVAL;
	if (!s)
		return 0;
	g_free(*out);
	*out = g_path_is_absolute(s) ? s : g_build_filename(L->dir, s, NULL);
	if (*out != s)
		g_free(s);
	return 0;
}

int cfgjson_bool(struct cfgjson *L, const json_t *obj, const char *key, const char *path, bool *out)
{
	char jp[CFGJSON_PATH_CAP];
	json_t *v = cfgjson_member(obj, key);
	if (!v)
		return 0;
	cfgjson_join_key(jp, path, key);
	if (!json_is_boolean(v))
		return cfgjson_type_err(L, jp, "true or false", v, false);
	*out = json_is_true(v);
	return 0;
}

int cfgjson_duration(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                     double *out)
{
	char jp[CFGJSON_PATH_CAP];
	json_t *v = cfgjson_member(obj, key);
	if (!v)
		return 0;
	cfgjson_join_key(jp, path, key);
	if (json_is_number(v)) {
		double s = json_number_value(v);
		if (s < 0 || s > DURATION_MAX_SECONDS)
			return cfgjson_err(L, jp, "expected a duration of 0 s or more, got %g", s);
		*out = s;
		return 0;
	}
	if (!json_is_string(v))
		return cfgjson_type_err(L, jp, "a duration (\"500ms\", \"30s\", \"2m\") or seconds",
		                        v, false);
	struct cairn_err derr = {0};
	if (duration_parse(json_string_value(v), out, &derr))
		return cfgjson_err(L, jp,
		                   "%s (expected \"500ms\", \"30s\", \"2m\", \"1h\" or seconds)",
		                   derr.msg);
	return 0;
}

/* A whole number of bytes (or a count) in [0, 2^53]: what a double holds
 * exactly, far above any sane cap. */
int cfgjson_u64(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                uint64_t *out)
{
	char jp[CFGJSON_PATH_CAP];
	json_t *v = cfgjson_member(obj, key);
	if (!v)
		return 0;
	cfgjson_join_key(jp, path, key);
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	double d = json_is_real(v) ? json_real_value(v) : -1;
	if (d >= 0 && d <= 9007199254740992.0 && d == (double)(uint64_t)d) {
		*out = (uint64_t)d;
		return 0;
	}
	return cfgjson_type_err(L, jp, "a whole number, 0 or more", v, false);
}

int cfgjson_size(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                 size_t *out)
{
	uint64_t v = *out;
	if (cfgjson_u64(L, obj, key, path, &v))
		return CAIRN_EINVAL;
	*out = (size_t)v;
	return 0;
}

int cfgjson_int(struct cfgjson *L, const json_t *obj, const char *key, const char *path, int lo,
                int hi, int *out)
{
	char jp[CFGJSON_PATH_CAP];
	uint64_t v = (uint64_t)*out;
	if (!cfgjson_member(obj, key))
		return 0;
	if (cfgjson_u64(L, obj, key, path, &v))
		return CAIRN_EINVAL;
	cfgjson_join_key(jp, path, key);
	if (v < (uint64_t)lo || v > (uint64_t)hi)
		return cfgjson_err(L, jp, "expected %d to %d, got %llu", lo, hi,
		                   (unsigned long long)v);
	*out = (int)v;
	return 0;
}

void cfgjson_strv_free(char **v, bool secret)
{
	for (size_t i = 0; v && v[i]; i++)
		secret ? secret_free(v[i]) : g_free(v[i]);
	g_free(v);
}

/* An array of non-empty strings into a new NULL-terminated *out (the old one
 * freed). */
int cfgjson_strings(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                    bool secret, char ***out, size_t *n_out)
{
	char jp[CFGJSON_PATH_CAP], ep[CFGJSON_PATH_CAP];
	json_t *v = cfgjson_member(obj, key), *s;
	size_t i;
	if (!v)
		return 0;
	cfgjson_join_key(jp, path, key);
	if (!json_is_array(v))
		return cfgjson_type_err(L, jp, "an array of strings", v, secret);
	char **list = g_new0(char *, json_array_size(v) + 1);
	json_array_foreach(v, i, s)
	{
		cfgjson_join_index(ep, jp, i);
		if (!json_is_string(s) || json_string_length(s) == 0 ||
		    strlen(json_string_value(s)) != json_string_length(s)) {
			cfgjson_strv_free(list, secret);
			return json_is_string(s) ? cfgjson_err(L, ep, "expected a non-empty string")
			                         : cfgjson_type_err(L, ep, "a string", s, secret);
		}
		list[i] = g_strdup(json_string_value(s));
	}
	cfgjson_strv_free(*out, secret);
	*out = list;
	*n_out = json_array_size(v);
	return 0;
}
