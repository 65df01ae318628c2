/*
 * jsregex.c — JavaScript regex literals onto GRegex (PCRE2), with limits.
 */
#include "base/jsregex.h"

#include <stdio.h>
#include <string.h>

/* PCRE2 reads these from the start of the pattern; they can only lower the
 * library's own limits. */
#define LIMITS_PREFIX "(*LIMIT_MATCH=100000)(*LIMIT_DEPTH=10000)"

/* GLib's messages quote the whole pattern, limits prefix included, with
 * offsets into it: keep only the cause after the last ": ". */
static const char *cause(const GError *ge)
{
	const char *c = ge ? strrchr(ge->message, ':') : NULL;
	return c && c[1] == ' ' ? c + 2 : (ge ? ge->message : "does not compile");
}

GRegex *jsregex_new(const char *pattern, struct cairn_err *err)
{
	size_t n = strlen(pattern);
	if (n > JSREGEX_MAX_PATTERN) {
		cairn_err_set(err, CAIRN_EINVAL, "regex of %zu characters: longer than %d",
			n, JSREGEX_MAX_PATTERN);
		return NULL;
	}
	/* GLib hands PCRE2 the text without its UTF-8 check: invalid UTF-8
	 * reads out of bounds in PCRE2 (found by tests/fuzz, "/\xff/i"). */
	if (!g_utf8_validate(pattern, (gssize)n, NULL)) {
		cairn_err_set(err, CAIRN_EINVAL, "regex: not valid UTF-8");
		return NULL;
	}
	GRegexCompileFlags fl = 0;
	const char *body = pattern;
	size_t body_len = n;
	const char *end = n > 1 && pattern[0] == '/' ? strrchr(pattern, '/') : NULL;
	if (end && end > pattern) {
		body = pattern + 1;
		body_len = (size_t)(end - pattern - 1);
		if (strchr(end, 'i'))
			fl |= G_REGEX_CASELESS;
	}
	/* A pattern that starts with its own (*…) verbs keeps them after ours. */
	char *full = g_strdup_printf("%s%.*s", LIMITS_PREFIX, (int)body_len, body);
	GError *ge = NULL;
	GRegex *re = g_regex_new(full, fl, 0, &ge);
	g_free(full);
	if (!re) {
		cairn_err_set(err, CAIRN_EINVAL, "regex %s: %s", pattern, cause(ge));
		g_clear_error(&ge);
	}
	return re;
}

int jsregex_match(const GRegex *re, const char *subject, struct cairn_err *err)
{
	if (!g_utf8_validate(subject, -1, NULL)) {
		cairn_err_set(err, CAIRN_EINVAL, "regex: subject is not valid UTF-8");
		return -1;
	}
	GError *ge = NULL;
	gboolean ok = g_regex_match_full(re, subject, -1, 0, 0, NULL, &ge);
	if (ok)
		return 1;
	if (!ge)
		return 0;
	const char *pat = g_regex_get_pattern(re);
	if (g_str_has_prefix(pat, LIMITS_PREFIX))
		pat += strlen(LIMITS_PREFIX);
	cairn_err_set(err, CAIRN_ELIMIT, "regex /%.200s/ gave up on \"%.60s\": %s", pat,
		subject, cause(ge));
	g_error_free(ge);
	return -1;
}

GRegex *jsregex_field_new(const char *pattern, struct cairn_err *err)
{
	if (!pattern)
		pattern = "";
	if (pattern[0] != '/') { /* new RegExp(`^${str}$`) */
		char *anchored = g_strdup_printf("/^%s$/", pattern);
		GRegex *re = jsregex_new(anchored, err);
		g_free(anchored);
		return re;
	}
	/* ^/(.*?)/(g?i?m?y?s?)$: the first slash after which only flags follow */
	size_t len = strlen(pattern);
	for (size_t k = 1; k < len; k++) {
		if (pattern[k] != '/')
			continue;
		const char *f = pattern + k + 1, *order = "gimys";
		while (*f && *order) {
			if (*f == *order)
				f++;
			order++;
		}
		if (*f)
			continue;
		f = pattern + k + 1;
		char *lit = g_strdup_printf("/%s%s%.*s/%s", strchr(f, 'm') ? "(?m)" : "",
		                            strchr(f, 's') ? "(?s)" : "", (int)(k - 1), pattern + 1,
		                            strchr(f, 'i') ? "i" : "");
		GRegex *re = jsregex_new(lit, err);
		g_free(lit);
		return re;
	}
	cairn_err_set(err, CAIRN_EINVAL, "'%.200s' is not a valid regular expression", pattern);
	return NULL;
}
