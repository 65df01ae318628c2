/*
 * varopts.c — a variable's options from its datasource's answer, as
 * Grafana's variable reducer (metricNamesToVariableValues,
 * sortVariableValues) and validateVariableSelectionState make them.  Owns
 * no fetching and no scope: request/variables.c asks, then calls these.
 */
#include "dashboards/varopts.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsregex.h"

void varopts_free(struct var_option *o, size_t n)
{
	for (size_t i = 0; o && i < n; i++) {
		g_free(o[i].text);
		g_free(o[i].value);
	}
	g_free(o);
}

/* ---- regex extraction -------------------------------------------------- */

/* Grafana's stringToJsRegex: "/re/flags" as written, a bare pattern
 * anchored (^pattern$, not grouped, as Grafana concatenates it). */
static GRegex *var_regex(const char *regex, bool *global, struct cairn_err *why)
{
	*global = false;
	if (regex[0] != '/') {
		char *anchored = g_strconcat("^", regex, "$", NULL);
		GRegex *re = jsregex_new(anchored, why);
		g_free(anchored);
		return re;
	}
	const char *end = strrchr(regex, '/');
	if (end && end > regex && strchr(end, 'g'))
		*global = true;
	return jsregex_new(regex, why);
}

struct extract {
	GArray *opts;       /* struct var_option */
	GHashTable *seen;   /* values already listed */
};

static void add_option(struct extract *x, const char *text, const char *value)
{
	if (g_hash_table_contains(x->seen, value))
		return;
	struct var_option o = {g_strdup(text), g_strdup(value)};
	g_hash_table_add(x->seen, o.value);
	g_array_append_val(x->opts, o);
}

/* A named group's text when it took part with something ("" counts as
 * absent, as Grafana's `m.groups && m.groups.value`). */
static char *named(const GMatchInfo *mi, const char *name)
{
	char *s = g_match_info_fetch_named(mi, name);
	if (s && !*s)
		g_clear_pointer(&s, g_free);
	return s;
}

/* The matches of re in item (every one with g, else the first), each a
 * GMatchInfo copy of its groups as strings: NULL-terminated g_strv per match. */
static GPtrArray *all_matches(const GRegex *re, bool global, const char *item, int *failed,
                              struct cairn_err *why)
{
	GPtrArray *ms = g_ptr_array_new_with_free_func((GDestroyNotify)g_match_info_unref);
	GMatchInfo *mi = NULL;
	GError *ge = NULL;
	*failed = 0;
	if (!g_regex_match_full(re, item, -1, 0, 0, &mi, &ge)) {
		if (ge) {
			*failed = 1;
			if (why && why->code == CAIRN_OK)
				cairn_err_set(why, CAIRN_ELIMIT, "regex gave up on \"%.60s\": %s",
				              item, ge->message);
			g_error_free(ge);
		}
		g_match_info_unref(mi);
		return ms;
	}
	/* Each kept match is its own GMatchInfo: a new match from the end of
	 * the last one (g_match_info_next would reuse the one object). */
	for (;;) {
		g_ptr_array_add(ms, mi);
		gint s, e;
		if (!global || !g_match_info_fetch_pos(mi, 0, &s, &e))
			break;
		gint from = e > s ? e : e + 1;
		if (from > (gint)strlen(item))
			break;
		mi = NULL;
		if (!g_regex_match_full(re, item, -1, from, 0, &mi, NULL)) {
			g_match_info_unref(mi);
			break;
		}
	}
	return ms;
}

static void extract_item(struct extract *x, const GRegex *re, bool global, const char *item,
                         struct cairn_err *why)
{
	int failed;
	GPtrArray *ms = all_matches(re, global, item, &failed, why);
	bool groups = g_regex_get_capture_count(re) > 0;
	char *value = NULL, *text = NULL;
	for (guint i = 0; i < ms->len && !value; i++)
		value = named(ms->pdata[i], "value");
	for (guint i = 0; i < ms->len && !text; i++)
		text = named(ms->pdata[i], "text");
	if (value || text) {
		add_option(x, text ? text : value, value ? value : text);
	} else if (groups && ms->len > 1) {
		for (guint i = 0; i < ms->len; i++) {
			char *g1 = g_match_info_fetch(ms->pdata[i], 1);
			add_option(x, g1 ? g1 : "", g1 ? g1 : "");
			g_free(g1);
		}
	} else if (groups && ms->len == 1) {
		char *g1 = g_match_info_fetch(ms->pdata[0], 1);
		add_option(x, g1 ? g1 : "", g1 ? g1 : "");
		g_free(g1);
	} else if (ms->len > 0) {
		add_option(x, item, item);
	}
	g_free(value);
	g_free(text);
	g_ptr_array_free(ms, TRUE);
}

struct var_option *varopts_extract(const char *const *items, size_t n, const char *regex,
                                   int sort, size_t *n_out, struct cairn_err *why)
{
	struct extract x = {g_array_new(FALSE, FALSE, sizeof(struct var_option)),
	                    g_hash_table_new(g_str_hash, g_str_equal)};
	bool global = false;
	GRegex *re = NULL;
	if (regex && *regex && !(re = var_regex(regex, &global, why)) && why)
		cairn_err_prefix(why, "its values are not filtered");
	for (size_t i = 0; i < n; i++) {
		const char *item = items[i] ? items[i] : "";
		if (!re) {
			add_option(&x, item, item);
			continue;
		}
		if (!g_utf8_validate(item, -1, NULL))
			continue; /* PCRE2 in UTF mode must not see it */
		extract_item(&x, re, global, item, why);
	}
	if (re)
		g_regex_unref(re);
	g_hash_table_destroy(x.seen);
	*n_out = x.opts->len;
	struct var_option *o = (struct var_option *)(void *)g_array_free(x.opts, FALSE);
	varopts_sort(o, *n_out, sort);
	return o;
}

/* ---- sorting ----------------------------------------------------------- */

struct keyed {
	struct var_option o;
	size_t index;   /* the answer's order: sorts are stable */
	double num;     /* numerical sort key */
	char *fold;     /* case-folded text */
};

/* /.*?(\d+).* /: the first run of digits as a number, -1 without one. */
static double first_number(const char *t)
{
	if (!t || !*t)
		return -1;
	for (; *t; t++)
		if (g_ascii_isdigit(*t))
			return g_ascii_strtod(t, NULL);
	return -1;
}

static int cmp_index(const struct keyed *a, const struct keyed *b)
{
	return a->index < b->index ? -1 : a->index > b->index;
}

static int cmp_alpha(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c = strcmp(a->o.text ? a->o.text : "", b->o.text ? b->o.text : "");
	return c ? c : cmp_index(a, b);
}

static int cmp_num(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return cmp_index(a, b);
}

static int cmp_fold(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c = strcmp(a->fold, b->fold);
	return c ? c : cmp_index(a, b);
}

/* Intl.Collator({numeric: true, sensitivity: 'accent'}), near enough: runs
 * of digits compare as numbers and sort before letters; the rest compares
 * case-folded, punctuation before digits. */
int varopts_natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		bool da = g_ascii_isdigit(*a), db = g_ascii_isdigit(*b);
		if (da && db) {
			char *ea, *eb;
			double x = g_ascii_strtod(a, &ea), y = g_ascii_strtod(b, &eb);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (da != db) {
			const char *other = da ? b : a;
			bool letter = g_ascii_isalpha(*other) || (unsigned char)*other >= 0x80;
			int digit_first = letter ? -1 : 1;
			return da ? digit_first : -digit_first;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int cmp_natural(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	bool ea = !a->o.text || !*a->o.text, eb = !b->o.text || !*b->o.text;
	if (ea || eb)
		return ea && eb ? cmp_index(a, b) : ea ? -1 : 1;
	int c = varopts_natural_cmp(a->fold, b->fold);
	return c ? c : cmp_index(a, b);
}

void varopts_sort(struct var_option *o, size_t n, int sort)
{
	static int (*const cmp[])(const void *, const void *) = {cmp_alpha, cmp_num, cmp_fold,
	                                                           cmp_natural};
	if (sort < 1 || sort > 8 || n < 2)
		return;
	int type = (sort + 1) / 2;
	struct keyed *k = g_new(struct keyed, n);
	for (size_t i = 0; i < n; i++) {
		const char *t = o[i].text ? o[i].text : "";
		k[i] = (struct keyed){o[i], i, first_number(t), g_utf8_strdown(t, -1)};
	}
	qsort(k, n, sizeof *k, cmp[type - 1]);
	bool reverse = sort % 2 == 0;
	for (size_t i = 0; i < n; i++) {
		o[reverse ? n - 1 - i : i] = k[i].o;
		g_free(k[i].fold);
	}
	g_free(k);
}

/* ---- query forms ------------------------------------------------------- */

/* "name(" … ")" with optional space after: the text between, or NULL. */
static char *call_arg(const char *q, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(q, name, n) != 0 || q[n] != '(')
		return NULL;
	const char *open = q + n + 1;
	const char *end = q + strlen(q);
	while (end > open && g_ascii_isspace(end[-1]))
		end--;
	if (end <= open || end[-1] != ')')
		return NULL;
	return g_strndup(open, (size_t)(end - 1 - open));
}

enum varq_kind varopts_query_kind(const char *query, char **arg)
{
	static const struct {
		const char *name;
		enum varq_kind kind;
		bool empty_ok;
	} forms[] = {{"label_names", VARQ_LABEL_NAMES, true},
	             {"metrics", VARQ_METRICS, false},
	             {"query_result", VARQ_QUERY_RESULT, false},
	             {"label_values", VARQ_LABEL_VALUES, false}};
	*arg = NULL;
	if (!query)
		return VARQ_OTHER;
	while (g_ascii_isspace(*query))
		query++;
	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		char *a = call_arg(query, forms[i].name);
		if (!a)
			continue;
		if (forms[i].kind == VARQ_LABEL_VALUES) {
			g_free(a);
			return VARQ_LABEL_VALUES;
		}
		if (!*g_strstrip(a) && !forms[i].empty_ok) {
			g_free(a);
			return VARQ_OTHER;
		}
		*arg = a;
		return forms[i].kind;
	}
	return VARQ_OTHER;
}

/* ---- selection --------------------------------------------------------- */

static bool listed(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && strcmp(v[i], s) == 0)
			return true;
	return false;
}

size_t varopts_pick(const struct var_option *o, size_t n, char *const *current, size_t n_current,
                    bool multi, bool include_all, bool *all, size_t *idx)
{
	size_t k = 0;
	*all = false;
	if (n_current > 0 && include_all && listed(current, multi ? n_current : 1, "$__all")) {
		*all = true;
		return 0;
	}
	for (size_t i = 0; n_current > 0 && i < n; i++) {
		if (!listed(current, multi ? n_current : 1, o[i].value))
			continue;
		idx[k++] = i;
		if (!multi)
			break;
	}
	if (k > 0)
		return k;
	/* nothing saved, or nothing saved still exists: the first option */
	if (include_all) {
		*all = true;
		return 0;
	}
	if (n > 0)
		idx[k++] = 0;
	return k;
}
