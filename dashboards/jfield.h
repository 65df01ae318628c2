/*
 * jfield.h — typed access to dashboard JSON members, with the file and JSON
 * path in every message ("x.json: panels[3].targets[0].expr: expected
 * string, got number").  Internal to dashboards/: the loader's seams
 * (load.c, fieldconfig.c, legacy.c, templating.c) share it, and json_t never
 * leaves this folder.
 *
 * Every jfield_<type> reads obj[key] into *out when present and of the right
 * type, leaves *out as it was when absent (missing or null, as Grafana
 * treats both), and otherwise returns non-zero with L->err set.
 */
#ifndef CAIRN_JFIELD_H
#define CAIRN_JFIELD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"

/* Longest JSON path kept in a message; longer ones are truncated. */
#define JFIELD_PATH_CAP 256

/* One load: the name used in messages and where the error goes. */
struct loader {
	const char *name; /* file name for messages */
	struct cairn_err *err;
};

/* A JSON enum name and its C value; tables end with {NULL, 0}. */
struct jfield_name {
	const char *name;
	int val;
};

/* out = "path.key" (or whichever is non-empty); out has JFIELD_PATH_CAP bytes. */
void jfield_join(char *out, const char *path, const char *key);

/* Sets "name: path.key: expected WANT, got TYPE"; returns CAIRN_EINVAL. */
int jfield_type_err(struct loader *L, const char *path, const char *key, const char *want,
                    const json_t *got);

/* Sets "name: path: N WHAT, more than the limit of CAP"; returns CAIRN_ELIMIT. */
int jfield_limit_err(struct loader *L, const char *path, const char *what, size_t n, size_t cap);

/* obj[key], or NULL when obj is not an object or the member is missing or
 * null.  Borrowed from obj. */
json_t *jfield_get(const json_t *obj, const char *key);

/* A string into a new g_malloc'd *out (the previous one is freed). */
int jfield_string(struct loader *L, const json_t *obj, const char *key, const char *path,
                  char **out);

/* A string copied (truncated) into buf[cap]. */
int jfield_strbuf(struct loader *L, const json_t *obj, const char *key, const char *path, char *buf,
                  size_t cap);

/* A number, or a numeric string ("" counts as absent).  *present, when not
 * NULL, says whether a value was read. */
int jfield_number(struct loader *L, const json_t *obj, const char *key, const char *path,
                  double *out, bool *present);

/* jfield_number rounded to an int; values beyond ±1e9 are an error. */
int jfield_int(struct loader *L, const json_t *obj, const char *key, const char *path, int *out,
               bool *present);

/* true/false, or a number (non-zero = true). */
int jfield_bool(struct loader *L, const json_t *obj, const char *key, const char *path, bool *out);

/* An object or array (want = JSON_OBJECT or JSON_ARRAY) into *out, borrowed
 * from obj; *out = NULL when absent. */
int jfield_kind(struct loader *L, const json_t *obj, const char *key, const char *path,
                json_type want, json_t **out);

/* A string looked up in tab; unknown names keep *out (Grafana ignores what it
 * does not know) and leave *present false. */
int jfield_enum(struct loader *L, const json_t *obj, const char *key, const char *path,
                const struct jfield_name *tab, int *out, bool *present);

#endif
