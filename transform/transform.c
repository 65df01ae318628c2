/*
 * transform.c — transform.h: each transformation as @grafana/data 10.4's
 * transformer does it, on tframe.h's frames.  Field names follow Grafana's
 * display names (tframe.c), and names in options are matched against a
 * field's name or display name (Grafana's byName matcher).
 */
#include "transform/transform.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/jsregex.h"
#include "transform/combine.h"
#include "transform/treduce.h"

#define KEY_CAP 512

static bool in_strv(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* ---- organize, filterFieldsByName, renameByRegex ------------------------ */

static void drop_fields(struct tframe *f, const bool *drop)
{
	size_t w = 0;
	for (size_t k = 0; k < f->n_fields; k++) {
		if (drop[k])
			tframe_field_drop(&f->fields[k], f->len);
		else
			f->fields[w++] = f->fields[k];
	}
	f->n_fields = w;
}

static bool pair_has(const struct xf_pair *p, size_t n, struct tframes *fs, struct tframe *f,
                     struct tfield *fld, const struct xf_pair **hit)
{
	for (size_t i = 0; i < n; i++)
		if (tframe_name_matches(fs, f, fld, p[i].name)) {
			if (hit)
				*hit = &p[i];
			return true;
		}
	return false;
}

static void xf_organize(const struct cairn_transform *x, struct tframes *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		bool *drop = g_new0(bool, f->n_fields ? f->n_fields : 1);
		for (size_t k = 0; k < f->n_fields; k++)
			drop[k] = pair_has(x->exclude, x->n_exclude, fs, f, &f->fields[k], NULL);
		drop_fields(f, drop);
		g_free(drop);
	}
	for (size_t i = 0; x->n_order && i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		double *key = g_new(double, f->n_fields ? f->n_fields : 1);
		for (size_t k = 0; k < f->n_fields; k++) {
			const char *dn = tframe_display_name(fs, f, &f->fields[k]);
			key[k] = INFINITY;
			for (size_t j = 0; j < x->n_order; j++)
				if (strcmp(x->order[j].name, dn) == 0)
					key[k] = x->order[j].num;
		}
		/* a stable insertion sort: fields without an index keep their order
		 * after those with one, as V8's stable sort leaves them */
		for (size_t a = 1; a < f->n_fields; a++) {
			struct tfield t = f->fields[a];
			double kt = key[a];
			size_t b = a;
			for (; b > 0 && key[b - 1] > kt; b--) {
				f->fields[b] = f->fields[b - 1];
				key[b] = key[b - 1];
			}
			f->fields[b] = t;
			key[b] = kt;
		}
		g_free(key);
	}
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		for (size_t k = 0; k < f->n_fields; k++) {
			struct tfield *fld = &f->fields[k];
			const char *dn = tframe_display_name(fs, f, fld);
			for (size_t j = 0; j < x->n_rename; j++) {
				if (strcmp(x->rename[j].name, dn) != 0 || !*x->rename[j].text)
					continue;
				g_free(fld->display);
				g_free(fld->cached);
				fld->display = g_strdup(x->rename[j].text);
				fld->cached = g_strdup(x->rename[j].text);
				break;
			}
		}
	}
}

/* 1 match, 0 none, -1 with err (the pattern or the match gave up) */
static int re_match(GRegex *re, const char *s, struct cairn_err *err)
{
	return re ? jsregex_match(re, s, err) : 0;
}

static int xf_filter_names(const struct cairn_transform *x, struct tframes *fs,
                           struct cairn_err *err)
{
	bool has_inc = (x->include_names && x->include_names[0]) || x->include_pattern;
	bool has_exc = (x->exclude_names && x->exclude_names[0]) || x->exclude_pattern;
	GRegex *inc = x->include_pattern ? jsregex_field_new(x->include_pattern, err) : NULL;
	GRegex *exc = x->exclude_pattern ? jsregex_field_new(x->exclude_pattern, err) : NULL;
	int rc = (x->include_pattern && !inc) || (x->exclude_pattern && !exc) ? CAIRN_EINVAL : 0;
	for (size_t i = 0; rc == 0 && i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		bool *drop = g_new0(bool, f->n_fields ? f->n_fields : 1);
		for (size_t k = 0; k < f->n_fields && rc == 0; k++) {
			struct tfield *fld = &f->fields[k];
			const char *dn = tframe_display_name(fs, f, fld);
			bool named_in = in_strv(x->include_names, dn) || in_strv(x->include_names, fld->name);
			bool named_out = in_strv(x->exclude_names, dn) || in_strv(x->exclude_names, fld->name);
			int mi = re_match(inc, dn, err), mo = re_match(exc, dn, err);
			if (mi < 0 || mo < 0)
				rc = CAIRN_ELIMIT;
			if (has_inc && !named_in && mi != 1)
				drop[k] = true;
			if (has_exc && (named_out || mo == 1))
				drop[k] = true;
		}
		drop_fields(f, drop);
		g_free(drop);
	}
	if (inc)
		g_regex_unref(inc);
	if (exc)
		g_regex_unref(exc);
	return rc;
}

/* JavaScript's replacement "$1" as GRegex's "\1" (and "$$" as "$"). */
static char *js_replacement(const char *p)
{
	GString *s = g_string_new("");
	for (; *p; p++) {
		if (*p == '\\')
			g_string_append(s, "\\\\");
		else if (*p == '$' && p[1] >= '0' && p[1] <= '9')
			g_string_append_c(s, '\\');
		else if (*p == '$' && p[1] == '$')
			g_string_append_c(s, *p++);
		else
			g_string_append_c(s, *p);
	}
	return g_string_free(s, FALSE);
}

static int xf_rename_regex(const struct cairn_transform *x, struct tframes *fs,
                           struct cairn_err *err)
{
	if (!x->regex || !x->rename_pattern)
		return 0;
	GRegex *re = jsregex_field_new(x->regex, err);
	if (!re)
		return CAIRN_EINVAL;
	char *repl = js_replacement(x->rename_pattern);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		for (size_t k = 0; k < f->n_fields && rc == 0; k++) {
			struct tfield *fld = &f->fields[k];
			const char *dn = tframe_display_name(fs, f, fld);
			int m = jsregex_match(re, dn, err);
			if (m < 0)
				rc = CAIRN_ELIMIT;
			if (m != 1)
				continue;
			GMatchInfo *mi = NULL;
			if (!g_regex_match(re, dn, 0, &mi)) {
				g_match_info_free(mi);
				continue;
			}
			int s, e;
			g_match_info_fetch_pos(mi, 0, &s, &e);
			char *exp = g_match_info_expand_references(mi, repl, NULL);
			char *name = g_strdup_printf("%.*s%s%s", s, dn, exp ? exp : "", dn + e);
			g_free(exp);
			g_match_info_free(mi);
			g_free(fld->display);
			g_free(fld->cached);
			fld->display = name;
			fld->cached = g_strdup(name);
		}
	}
	g_free(repl);
	g_regex_unref(re);
	return rc;
}

/* ---- reduce ------------------------------------------------------------- */

static bool reducible(const struct tfield *f, bool with_time)
{
	return f->type == TF_NUMBER || (with_time && f->type == TF_TIME);
}

static int xf_reduce(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err)
{
	char *const *ids = x->reducers;
	size_t n_red = 0;
	for (size_t i = 0; ids && ids[i]; i++)
		n_red += treduce_name(ids[i]) != NULL;
	if (n_red == 0)
		return 0;
	if (x->reduce_fields) {
		for (size_t i = 0; i < fs->n; i++) {
			struct tframe *f = &fs->v[i];
			struct tframe out = {.name = g_strdup(f->name), .len = 1};
			g_strlcpy(out.ref_id, f->ref_id, sizeof out.ref_id);
			for (size_t k = 0; k < f->n_fields; k++) {
				struct tfield *src = &f->fields[k];
				if (!reducible(src, x->include_time))
					continue;
				for (size_t r = 0; ids[r]; r++) {
					bool known;
					double v = treduce(ids[r], src->num, f->len, &known);
					if (!known)
						continue;
					struct tfield nf = tframe_field_like(src, 1, true);
					nf.num[0] = v;
					tframe_add(&out, nf);
				}
			}
			tframe_fini(f);
			*f = out;
		}
		return 0;
	}
	/* seriesToRows: one row per number field of every frame */
	size_t rows = 0;
	for (size_t i = 0; i < fs->n; i++)
		for (size_t k = 0; k < fs->v[i].n_fields; k++)
			rows += reducible(&fs->v[i].fields[k], x->include_time);
	GPtrArray *lnames = g_ptr_array_new();
	for (size_t i = 0; x->labels_to_fields && i < fs->n; i++)
		for (size_t k = 0; k < fs->v[i].n_fields; k++) {
			const struct tfield *f = &fs->v[i].fields[k];
			for (size_t l = 0; reducible(f, x->include_time) && l < f->n_labels; l++) {
				bool have = false;
				for (size_t j = 0; j < lnames->len && !have; j++)
					have = strcmp(lnames->pdata[j], f->labels[l].name) == 0;
				if (!have)
					g_ptr_array_add(lnames, f->labels[l].name);
			}
		}
	if (tframe_check_cells(&(struct tframes){.max_cells = fs->max_cells},
	                   rows * (1 + lnames->len + n_red), err)) {
		g_ptr_array_free(lnames, TRUE);
		return CAIRN_ELIMIT;
	}
	struct tframe out = {.len = rows};
	struct tfield names = tframe_field_new("Field", TF_STRING, rows);
	struct tfield *lab = g_new0(struct tfield, lnames->len ? lnames->len : 1);
	for (size_t j = 0; j < lnames->len; j++)
		lab[j] = tframe_field_new(lnames->pdata[j], TF_STRING, rows);
	struct tfield *calc = g_new0(struct tfield, n_red);
	size_t c = 0;
	for (size_t r = 0; ids[r]; r++)
		if (treduce_name(ids[r]))
			calc[c++] = tframe_field_new(treduce_name(ids[r]), TF_NUMBER, rows);
	size_t row = 0;
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		for (size_t k = 0; k < f->n_fields; k++) {
			struct tfield *src = &f->fields[k];
			if (!reducible(src, x->include_time))
				continue;
			if (x->labels_to_fields) {
				names.str[row] = g_strdup(src->name);
				for (size_t l = 0; l < src->n_labels; l++)
					for (size_t j = 0; j < lnames->len; j++)
						if (strcmp(lnames->pdata[j], src->labels[l].name) == 0)
							lab[j].str[row] = g_strdup(src->labels[l].value);
			} else {
				names.str[row] = g_strdup(tframe_display_name(fs, f, src));
			}
			c = 0;
			for (size_t r = 0; ids[r]; r++) {
				bool known;
				double v = treduce(ids[r], src->num, f->len, &known);
				if (known)
					calc[c++].num[row] = v;
			}
			row++;
		}
	}
	tframe_add(&out, names);
	for (size_t j = 0; j < lnames->len; j++)
		tframe_add(&out, lab[j]);
	for (size_t j = 0; j < n_red; j++)
		tframe_add(&out, calc[j]);
	g_free(lab);
	g_free(calc);
	g_ptr_array_free(lnames, TRUE);
	struct tframe *v = g_new(struct tframe, 1);
	v[0] = out;
	tframes_replace(fs, v, 1);
	return 0;
}

/* ---- filterByValue ------------------------------------------------------ */

static int value_test(const struct xf_value_filter *vf, const struct tfield *f, size_t r, GRegex *re,
                      struct cairn_err *err)
{
	bool null = tframe_cell_null(f, r);
	char t[KEY_CAP];
	tframe_cell_text(f, r, t, sizeof t);
	double v = f->type == TF_STRING ? (null ? NAN : g_ascii_strtod(t, NULL)) : f->num[r];
	switch (vf->op) {
	case XV_IS_NULL: return null;
	case XV_IS_NOT_NULL: return !null;
	case XV_GREATER: return !null && v > vf->a;
	case XV_GREATER_OR_EQUAL: return !null && v >= vf->a;
	case XV_LOWER: return !null && v < vf->a;
	case XV_LOWER_OR_EQUAL: return !null && v <= vf->a;
	case XV_EQUAL:
		return vf->text && f->type == TF_STRING ? !null && strcmp(t, vf->text) == 0
		                                        : !null && v == vf->a;
	case XV_NOT_EQUAL:
		return vf->text && f->type == TF_STRING ? null || strcmp(t, vf->text) != 0
		                                        : null || v != vf->a;
	case XV_RANGE: return !null && v >= vf->a && v <= vf->b;
	case XV_REGEX: {
		int m = re ? jsregex_match(re, t, err) : 0;
		return m < 0 ? -1 : m;
	}
	case XV_OTHER:
	default: return 0;
	}
}

static int xf_filter_value(const struct cairn_transform *x, struct tframes *fs,
                           struct cairn_err *err)
{
	if (x->n_filters == 0)
		return 0;
	GRegex **re = g_new0(GRegex *, x->n_filters);
	int rc = 0;
	for (size_t j = 0; j < x->n_filters && rc == 0; j++)
		if (x->filters[j].op == XV_REGEX && x->filters[j].text &&
		    !(re[j] = jsregex_new(x->filters[j].text, err)))
			rc = CAIRN_EINVAL;
	for (size_t i = 0; rc == 0 && i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		ssize_t *col = g_new(ssize_t, x->n_filters);
		size_t found = 0;
		for (size_t j = 0; j < x->n_filters; j++) {
			col[j] = -1;
			for (size_t k = 0; k < f->n_fields && col[j] < 0; k++)
				if (strcmp(tframe_display_name(fs, f, &f->fields[k]), x->filters[j].field) == 0)
					col[j] = (ssize_t)k;
			found += col[j] >= 0;
		}
		if (found == 0) {
			g_free(col);
			continue;
		}
		bool *keep = g_new0(bool, f->len ? f->len : 1);
		size_t kept = 0;
		for (size_t r = 0; r < f->len && rc == 0; r++) {
			bool any = false, all = true;
			for (size_t j = 0; j < x->n_filters; j++) {
				if (col[j] < 0)
					continue;
				int m = value_test(&x->filters[j], &f->fields[col[j]], r, re[j], err);
				if (m < 0)
					rc = CAIRN_ELIMIT;
				any |= m == 1;
				all &= m == 1;
			}
			bool hit = x->match_all ? all : any;
			keep[r] = x->filter_exclude ? !hit : hit;
			kept += keep[r];
		}
		for (size_t k = 0; rc == 0 && k < f->n_fields; k++) {
			struct tfield *fld = &f->fields[k];
			size_t w = 0;
			for (size_t r = 0; r < f->len; r++) {
				if (fld->type == TF_STRING) {
					if (keep[r])
						fld->str[w++] = fld->str[r];
					else
						g_free(fld->str[r]);
				} else if (keep[r]) {
					fld->num[w++] = fld->num[r];
				}
			}
		}
		if (rc == 0)
			f->len = kept;
		g_free(keep);
		g_free(col);
	}
	for (size_t j = 0; j < x->n_filters; j++)
		if (re[j])
			g_regex_unref(re[j]);
	g_free(re);
	return rc;
}

/* ---- calculateField ----------------------------------------------------- */

/* The field named s in f (display name), or NULL with *konst set when s is
 * a number. */
static struct tfield *operand(struct tframes *fs, struct tframe *f, const char *s, double *konst)
{
	*konst = NAN;
	if (!s)
		return NULL;
	for (size_t k = 0; k < f->n_fields; k++)
		if (strcmp(tframe_display_name(fs, f, &f->fields[k]), s) == 0)
			return &f->fields[k];
	char *end;
	double d = g_ascii_strtod(s, &end);
	if (end != s && *end == '\0')
		*konst = d;
	return NULL;
}

static double binop(char op, double a, double b)
{
	switch (op) {
	case '+': return a + b;
	case '-': return a - b;
	case '*': return a * b;
	case '/': return a / b;
	case '%': return fmod(a, b);
	case '^': return pow(a, b);
	default: return NAN;
	}
}

static int xf_calculate(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err)
{
	if (x->calc_mode == XCALC_OTHER)
		return 0;
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		struct tfield nf;
		if (x->calc_mode == XCALC_BINARY) {
			double lk, rk;
			struct tfield *l = operand(fs, f, x->left, &lk), *r = operand(fs, f, x->right, &rk);
			if ((!l && isnan(lk)) || (!r && isnan(rk)))
				continue;
			char *name = x->alias && *x->alias
			                     ? g_strdup(x->alias)
			                     : g_strdup_printf("%s %c %s", x->left, x->op, x->right);
			nf = tframe_field_new(name, TF_NUMBER, f->len);
			g_free(name);
			for (size_t row = 0; row < f->len; row++) {
				double a = l ? (l->type == TF_STRING ? NAN : l->num[row]) : lk;
				double b = r ? (r->type == TF_STRING ? NAN : r->num[row]) : rk;
				nf.num[row] = isnan(a) || isnan(b) ? NAN : binop(x->op, a, b);
			}
		} else {
			const char *red = x->reducers && x->reducers[0] ? x->reducers[0] : "sum";
			const char *rname = treduce_name(red);
			if (!rname)
				continue;
			nf = tframe_field_new(x->alias && *x->alias ? x->alias : rname, TF_NUMBER, f->len);
			double *vals = g_new(double, f->n_fields ? f->n_fields : 1);
			for (size_t row = 0; row < f->len; row++) {
				size_t n = 0;
				for (size_t k = 0; k < f->n_fields; k++) {
					struct tfield *src = &f->fields[k];
					if (src->type != TF_NUMBER)
						continue;
					if (x->include_fields && x->include_fields[0] &&
					    !in_strv(x->include_fields, tframe_display_name(fs, f, src)))
						continue;
					vals[n++] = src->num[row];
				}
				bool known;
				nf.num[row] = treduce(red, vals, n, &known);
			}
			g_free(vals);
		}
		if (tframe_check_cells(fs, f->len, err)) {
			tframe_field_drop(&nf, f->len);
			return CAIRN_ELIMIT;
		}
		if (x->replace_fields) {
			bool *drop = g_new0(bool, f->n_fields ? f->n_fields : 1);
			for (size_t k = 0; k < f->n_fields; k++)
				drop[k] = f->fields[k].type != TF_TIME;
			drop_fields(f, drop);
			g_free(drop);
		}
		tframe_add(f, nf);
	}
	return 0;
}

/* ---- sortBy -------------------------------------------------------------- */

struct sort_ctx {
	const struct tfield *key;
	bool desc;
};

static int cmp_rows(const void *a, const void *b, void *data)
{
	const struct sort_ctx *c = data;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct tfield *f = c->key;
	bool ni = tframe_cell_null(f, i), nj = tframe_cell_null(f, j);
	int r;
	if (ni || nj)
		r = ni == nj ? 0 : ni ? -1 : 1;
	else if (f->type == TF_STRING)
		r = g_utf8_collate(f->str[i], f->str[j]);
	else
		r = f->num[i] < f->num[j] ? -1 : f->num[i] > f->num[j];
	return c->desc ? -r : r;
}

/* Rows of f in the order idx gives. */
static void permute(struct tframe *f, const size_t *idx)
{
	for (size_t k = 0; k < f->n_fields; k++) {
		struct tfield *fld = &f->fields[k];
		if (fld->type == TF_STRING) {
			char **s = g_new(char *, f->len ? f->len : 1);
			for (size_t r = 0; r < f->len; r++)
				s[r] = fld->str[idx[r]];
			g_free(fld->str);
			fld->str = s;
		} else {
			double *d = g_new(double, f->len ? f->len : 1);
			for (size_t r = 0; r < f->len; r++)
				d[r] = fld->num[idx[r]];
			g_free(fld->num);
			fld->num = d;
		}
	}
}

static void xf_sort(const struct cairn_transform *x, struct tframes *fs)
{
	if (x->n_sort == 0)
		return;
	const struct table_sort *s = &x->sort[0];
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		struct tfield *key = NULL;
		for (size_t k = 0; k < f->n_fields && !key; k++)
			if (strcmp(tframe_display_name(fs, f, &f->fields[k]), s->name) == 0)
				key = &f->fields[k];
		if (!key)
			continue;
		size_t *idx = g_new(size_t, f->len ? f->len : 1);
		for (size_t r = 0; r < f->len; r++)
			idx[r] = r;
		struct sort_ctx c = {key, s->desc};
		g_qsort_with_data(idx, (gint)f->len, sizeof *idx, cmp_rows, &c);
		permute(f, idx);
		g_free(idx);
	}
}

/* ---- labelsToFields (columns) ------------------------------------------- */

static void xf_labels(const struct cairn_transform *x, struct tframes *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
		size_t n0 = f->n_fields;
		for (size_t k = 0; k < n0; k++) {
			struct tfield *fld = &f->fields[k];
			if (!fld->has_labels)
				continue;
			const char *dn = tframe_display_name(fs, f, fld);
			if (!fld->display)
				fld->display = g_strdup(dn);
			for (size_t l = 0; l < fld->n_labels; l++) {
				const char *ln = fld->labels[l].name, *lv = fld->labels[l].value;
				if (x->keep_labels && x->keep_labels[0] && !in_strv(x->keep_labels, ln))
					continue;
				if (x->value_label && strcmp(x->value_label, ln) == 0) {
					g_free(fld->display);
					g_free(fld->cached);
					fld->display = g_strdup(lv);
					fld->cached = g_strdup(lv);
					continue;
				}
				bool have = false;
				for (size_t j = 0; j < names->len && !have; j++)
					have = strcmp(names->pdata[j], ln) == 0 &&
					       strcmp(values->pdata[j], lv) == 0;
				if (!have) {
					g_ptr_array_add(names, g_strdup(ln));
					g_ptr_array_add(values, g_strdup(lv));
				}
			}
			for (size_t l = 0; l < fld->n_labels; l++) {
				g_free(fld->labels[l].name);
				g_free(fld->labels[l].value);
			}
			fld->n_labels = 0;
			fld->has_labels = false;
		}
		for (size_t j = 0; j < names->len; j++) {
			struct tfield lf = tframe_field_new(names->pdata[j], TF_STRING, f->len);
			for (size_t r = 0; r < f->len; r++)
				lf.str[r] = g_strdup(values->pdata[j]);
			tframe_add(f, lf);
		}
		g_ptr_array_free(names, TRUE);
		g_ptr_array_free(values, TRUE);
	}
}

/* ---- groupBy --------------------------------------------------------------- */

static const struct xf_group_field *group_of(const struct cairn_transform *x, const char *name)
{
	for (size_t i = 0; i < x->n_groups; i++)
		if (strcmp(x->groups[i].name, name) == 0)
			return &x->groups[i];
	return NULL;
}

static void group_frame(const struct cairn_transform *x, struct tframes *fs, struct tframe *f,
                        struct tframe *out)
{
	GHashTable *idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GArray *first = g_array_new(FALSE, FALSE, sizeof(size_t));
	size_t *group = g_new(size_t, f->len ? f->len : 1);
	for (size_t r = 0; r < f->len; r++) {
		GString *key = g_string_new("");
		for (size_t k = 0; k < f->n_fields; k++) {
			const struct xf_group_field *g = group_of(x, tframe_display_name(fs, f, &f->fields[k]));
			if (!g || !g->group_by)
				continue;
			char t[KEY_CAP];
			tframe_cell_text(&f->fields[k], r, t, sizeof t);
			g_string_append_printf(key, "%s,", t);
		}
		gpointer at;
		if (g_hash_table_lookup_extended(idx, key->str, NULL, &at)) {
			group[r] = GPOINTER_TO_SIZE(at);
			g_string_free(key, TRUE);
		} else {
			group[r] = first->len;
			g_array_append_val(first, r);
			g_hash_table_insert(idx, g_string_free(key, FALSE), GSIZE_TO_POINTER(group[r]));
		}
	}
	size_t ng = first->len;
	*out = (struct tframe){.len = ng};
	for (size_t k = 0; k < f->n_fields; k++) {
		struct tfield *src = &f->fields[k];
		const struct xf_group_field *g = group_of(x, tframe_display_name(fs, f, src));
		if (!g || !g->group_by)
			continue;
		struct tfield nf = tframe_field_like(src, ng, true);
		for (size_t j = 0; j < ng; j++)
			tframe_cell_copy(&nf, j, src, g_array_index(first, size_t, j));
		tframe_add(out, nf);
	}
	double *vals = g_new(double, f->len ? f->len : 1);
	size_t *rows = g_new(size_t, f->len ? f->len : 1);
	for (size_t k = 0; k < f->n_fields; k++) {
		struct tfield *src = &f->fields[k];
		const char *dn = tframe_display_name(fs, f, src);
		const struct xf_group_field *g = group_of(x, dn);
		if (!g || g->group_by || !g->calcs)
			continue;
		for (size_t c = 0; g->calcs[c]; c++) {
			const char *id = g->calcs[c];
			char *name = g_strdup_printf("%s (%s)", dn, id);
			bool text = src->type == TF_STRING && treduce_keeps_type(id);
			struct tfield nf = tframe_field_new(name, text ? TF_STRING : TF_NUMBER, ng);
			g_free(name);
			for (size_t j = 0; j < ng; j++) {
				size_t n = 0;
				for (size_t r = 0; r < f->len; r++)
					if (group[r] == j) {
						rows[n] = r;
						vals[n++] = src->type == TF_STRING
						                    ? (src->str[r] ? 0 : NAN)
						                    : src->num[r];
					}
				bool known;
				double v = treduce(id, vals, n, &known);
				if (!text) {
					nf.num[j] = v;
					continue;
				}
				/* first/last of text: the row the reducer picked */
				bool last = id[0] == 'l', nn = strstr(id, "NotNull") != NULL;
				for (size_t q = 0; q < n; q++) {
					size_t r = rows[last ? n - 1 - q : q];
					if (nn && !src->str[r])
						continue;
					nf.str[j] = g_strdup(src->str[r]);
					break;
				}
			}
			tframe_add(out, nf);
		}
	}
	g_free(vals);
	g_free(rows);
	g_free(group);
	g_array_free(first, TRUE);
	g_hash_table_destroy(idx);
}

static int xf_group_by(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err)
{
	bool any = false;
	for (size_t i = 0; i < x->n_groups; i++)
		any |= x->groups[i].group_by;
	if (!any)
		return 0;
	struct tframe *v = g_new0(struct tframe, fs->n ? fs->n : 1);
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		bool has = false;
		for (size_t k = 0; k < f->n_fields && !has; k++) {
			const struct xf_group_field *g = group_of(x, tframe_display_name(fs, f, &f->fields[k]));
			has = g && g->group_by;
		}
		if (has)
			group_frame(x, fs, f, &v[n++]);
	}
	tframes_replace(fs, v, n);
	return tframe_check_cells(fs, 0, err);
}

/* ---- driver ---------------------------------------------------------------- */

int transform_one(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err)
{
	switch (x->kind) {
	case XF_MERGE: return combine_merge(fs, err);
	case XF_JOIN_BY_FIELD: return combine_join(x, fs, err);
	case XF_ORGANIZE: xf_organize(x, fs); return 0;
	case XF_REDUCE: return xf_reduce(x, fs, err);
	case XF_FILTER_BY_NAME: return xf_filter_names(x, fs, err);
	case XF_FILTER_BY_VALUE: return xf_filter_value(x, fs, err);
	case XF_RENAME_BY_REGEX: return xf_rename_regex(x, fs, err);
	case XF_CALCULATE_FIELD: return xf_calculate(x, fs, err);
	case XF_SORT_BY: xf_sort(x, fs); return 0;
	case XF_LABELS_TO_FIELDS: xf_labels(x, fs); return 0;
	case XF_GROUP_BY: return xf_group_by(x, fs, err);
	case XF_OTHER:
	default: return 0;
	}
}

int transform_apply(const struct cairn_transform *x, size_t n, struct tframes *fs,
                    const struct budget *b, struct cairn_err *note, struct cairn_err *err)
{
	if (note)
		cairn_err_clear(note);
	for (size_t i = 0; i < n; i++) {
		if (budget_check_deadline(b, err))
			return CAIRN_ETIMEOUT;
		if (x[i].disabled)
			continue;
		if (x[i].kind == XF_OTHER) {
			if (note && note->code == 0)
				cairn_err_set(note, CAIRN_EUNSUPPORTED,
				              "%s: transformation '%s' is not supported; skipped",
				              x[i].json_path ? x[i].json_path : "transformations",
				              x[i].id ? x[i].id : "(no id)");
			continue;
		}
		int rc = transform_one(&x[i], fs, err);
		if (rc) {
			cairn_err_prefix(err, "%s (%s)",
			                 x[i].json_path ? x[i].json_path : "transformations",
			                 x[i].id ? x[i].id : "");
			return rc;
		}
	}
	return 0;
}
