/*
 * varopts.h — a variable's options as Grafana makes them from what its
 * datasource answers (regex extraction, de-duplication, sort), the form of a
 * Prometheus variable query, and which options are selected when the saved
 * selection meets the options of now.  Pure functions; fetching is the
 * caller's (request/variables.c).
 */
#ifndef CAIRN_VAROPTS_H
#define CAIRN_VAROPTS_H

#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"

/* One option: what is shown and what is interpolated (often the same). */
struct var_option {
	char *text, *value;
};

/* Frees n options and the array; NULL is a no-op. */
void varopts_free(struct var_option *o, size_t n);

/* Grafana's metricNamesToVariableValues: each item through `regex` (NULL or
 * "": kept whole; "/re/flags" or a bare pattern, which is anchored as
 * ^pattern$): items it does not match are left out; a named group `value`
 * and/or `text` gives the option's value and text; else the first capture
 * group (every match's first group with the g flag); else the item whole.
 * Then de-duplicated by value (first kept) and sorted (varopts_sort).
 * Returns a new array (g_free'd with varopts_free; never NULL) and its
 * length in *n_out.  A regex that does not compile filters nothing, and an
 * item it cannot decide within its limits is left out: either way `why`
 * (may be NULL) says so and the rest still comes back. */
struct var_option *varopts_extract(const char *const *items, size_t n, const char *regex,
	int sort, size_t *n_out, struct cairn_err *why);

/* Grafana's sortVariableValues: 0 none; 1/2 alphabetical (asc/desc), 3/4
 * numerical by the first number in the text, 5/6 alphabetical ignoring
 * case, 7/8 natural (digits as numbers, case ignored).  Ascending sorts are
 * stable; a descending sort is the ascending one reversed, as Grafana's. */
void varopts_sort(struct var_option *o, size_t n, int sort);

/* Intl.Collator({numeric: true}).compare, near enough: runs of digits
 * compare as numbers and sort before letters, the rest compares byte-wise
 * (callers fold case first where the collator ignores it). */
int varopts_natural_cmp(const char *a, const char *b);

/* The query forms of Grafana's Prometheus variable support. */
enum varq_kind {
	VARQ_OTHER,          /* not one of these: the saved options stand in */
	VARQ_LABEL_NAMES,    /* label_names() or label_names(selector) */
	VARQ_LABEL_VALUES,   /* label_values(label), label_values(selector, label) */
	VARQ_METRICS,        /* metrics(regex) */
	VARQ_QUERY_RESULT,   /* query_result(expr) */
};

/* The form of query (already interpolated) and its argument, g_malloc'd in
 * *arg (the selector, "" for none; the regex; the expression; NULL for
 * VARQ_OTHER and VARQ_LABEL_VALUES, which var_parse_label_values reads). */
enum varq_kind varopts_query_kind(const char *query, char **arg);

/* Grafana's validateVariableSelectionState, on options of now (the All
 * option, when include_all, counts as listed first): a saved selection
 * keeps the options it names that still exist (in the options' order; "$__all"
 * names All); when none does, or nothing is saved, the first option is taken
 * (All when include_all).  `multi` reads current as a list.  Returns how
 * many indexes into o were written to idx (cap n entries); *all says All. */
size_t varopts_pick(const struct var_option *o, size_t n, char *const *current, size_t n_current,
	bool multi, bool include_all, bool *all, size_t *idx);

#endif
