/*
 * cfgjson.h — typed members of cairn serve's JSON configuration with the
 * file and JSON path in every message.  Internal to server/config.c (json_t
 * goes no further).
 *
 * Every cfgjson_<type> reads obj[key] when present; an absent key or JSON
 * null keeps *out as it was (a default, or an earlier file's value), a
 * wrong type or value returns CAIRN_EINVAL with L->err set.  A value is
 * quoted in a message only when `secret` is false and it is a short scalar.
 */
#ifndef CAIRN_SERVER_CFGJSON_H
#define CAIRN_SERVER_CFGJSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/secret.h"

/* Longest JSON path kept; longer ones are cut. */
#define CFGJSON_PATH_CAP 256

/* One file being read: its name for messages, the folder relative paths in
 * it are relative to, and where the error goes (never NULL). */
struct cfgjson {
	const char *file;
	char *dir;
	struct cairn_err *err;
};

/* "FILE: PATH: message"; returns CAIRN_EINVAL. */
int cfgjson_err(struct cfgjson *L, const char *path, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* "FILE: PATH: expected WANT, got 42" (or "got a string" when secret). */
int cfgjson_type_err(struct cfgjson *L, const char *path, const char *want, const json_t *got,
                     bool secret);

/* out (CFGJSON_PATH_CAP bytes) = "path.key" / "path[i]". */
void cfgjson_join_key(char *out, const char *path, const char *key);
void cfgjson_join_index(char *out, const char *path, size_t i);

/* obj is an object whose every key is in known (NULL-terminated); else an
 * error naming the unknown key, with the closest known one when near. */
int cfgjson_check_object(struct cfgjson *L, const json_t *obj, const char *path,
                         const char *const *known);

/* obj[key], NULL when missing or null.  Borrowed. */
json_t *cfgjson_member(const json_t *obj, const char *key);

/* A NULL-terminated array and its strings (wiped when secret). */
void cfgjson_strv_free(char **v, bool secret);

/* A non-empty string without NUL into a new *out (the old one freed). */
int cfgjson_string(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                   bool secret, char **out);
/* cfgjson_string, a relative path made relative to L->dir. */
int cfgjson_file_path(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                      char **out);
int cfgjson_bool(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                 bool *out);
/* "500ms", "30s", "2m", "1h" (base/duration.h) or a number of seconds, >= 0. */
int cfgjson_duration(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                     double *out);
/* A whole number in [0, 2^53]. */
int cfgjson_u64(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                uint64_t *out);
int cfgjson_size(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                 size_t *out);
int cfgjson_int(struct cfgjson *L, const json_t *obj, const char *key, const char *path, int lo,
                int hi, int *out);
/* An array of non-empty strings into a new NULL-terminated *out (the old
 * one freed) and its length. */
int cfgjson_strings(struct cfgjson *L, const json_t *obj, const char *key, const char *path,
                    bool secret, char ***out, size_t *n_out);

#endif
