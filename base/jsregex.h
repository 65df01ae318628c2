/*
 * jsregex.h — Grafana's regular expressions (JavaScript literals such as
 * "/^node-[12]$/i", or a bare pattern), compiled once for every module that
 * takes one from a dashboard: variable filters, byRegexp overrides.
 *
 * Dashboards come from anywhere, so a pattern is bounded twice: its length
 * (JSREGEX_MAX_PATTERN) and the work one match may do (PCRE2's match and
 * depth limits, set in the pattern itself).  A match that hits the limit is
 * an error the caller reports, never a silent "no match".
 */
#ifndef CAIRN_JSREGEX_H
#define CAIRN_JSREGEX_H

#include <glib.h>
#include "base/err.h"

#define JSREGEX_MAX_PATTERN 1024     /* characters of the pattern text */
#define JSREGEX_MATCH_LIMIT 100000   /* PCRE2 match() calls per match */
#define JSREGEX_DEPTH_LIMIT 10000    /* PCRE2 backtracking depth per match */

/* Compiles pattern ("/body/flags" honours the i flag; others are accepted
 * and have no effect here; anything else is a bare pattern).  Returns a
 * GRegex the caller g_regex_unref's, or NULL with err (CAIRN_EINVAL:
 * "regex /(x/: missing ) at offset 2", the length cap, or a pattern that is
 * not valid UTF-8). */
GRegex *jsregex_new(const char *pattern, struct cairn_err *err);

/* Grafana's stringToJsRegex, what its field matchers compile (byRegexp
 * overrides, filterFieldsByName patterns, renameByRegex): a bare pattern is
 * anchored as ^pattern$; "/body/flags" is unanchored, with flags in "gimys"
 * order (i, m, s honoured), else it is not a regular expression.  As
 * jsregex_new otherwise. */
GRegex *jsregex_field_new(const char *pattern, struct cairn_err *err);

/* 1 when re matches subject, 0 when it does not, -1 with err (CAIRN_ELIMIT:
 * "regex /^(a|a)*$/ gave up on \"aaaa…\": match limit exceeded") when the
 * match could not be decided within the limits, or (CAIRN_EINVAL) when subject
 * is not valid UTF-8. */
int jsregex_match(const GRegex *re, const char *subject, struct cairn_err *err);

#endif
