/*
 * combine.c — combine.h: the transformations that make one frame of many,
 * joinByField (seriesToColumns) and merge, as @grafana/data 10.4's
 * joinDataFrames and mergeTransformer do them.  Rows are keyed by the
 * cells' text (tframe_cell_text), so numbers and text join as JavaScript
 * compares them after String().
 */
#include "transform/combine.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define KEY_CAP 512

/* ---- joinByField -------------------------------------------------------- */

static ssize_t join_field(struct tframes *fs, struct tframe *f, const char *by)
{
	for (size_t k = 0; k < f->n_fields; k++) {
		struct tfield *fld = &f->fields[k];
		if (by ? tframe_name_matches(fs, f, fld, by) : fld->type == TF_TIME)
			return (ssize_t)k;
	}
	return -1;
}

struct keyed {
	char *text;
	double num;
	size_t seen;  /* frames that have it (inner join) */
};

static int cmp_keyed_num(const void *a, const void *b)
{
	double x = ((const struct keyed *)a)->num, y = ((const struct keyed *)b)->num;
	return x < y ? -1 : x > y;
}

int combine_join(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err)
{
	if (fs->n <= 1)
		return 0;
	ssize_t *jf = g_new(ssize_t, fs->n);
	size_t joinable = 0, first = 0;
	for (size_t i = 0; i < fs->n; i++) {
		jf[i] = fs->v[i].n_fields ? join_field(fs, &fs->v[i], x->by_field) : -1;
		if (jf[i] >= 0 && joinable++ == 0)
			first = i;
	}
	if (joinable == 0) {
		g_free(jf);
		return 0;
	}
	bool numeric = fs->v[first].fields[jf[first]].type != TF_STRING;
	GHashTable *idx = g_hash_table_new(g_str_hash, g_str_equal);
	GArray *keys = g_array_new(FALSE, TRUE, sizeof(struct keyed));
	for (size_t i = 0; i < fs->n; i++) {
		if (jf[i] < 0)
			continue;
		const struct tfield *k = &fs->v[i].fields[jf[i]];
		GHashTable *mine = g_hash_table_new(g_str_hash, g_str_equal);
		for (size_t r = 0; r < fs->v[i].len; r++) {
			char t[KEY_CAP];
			tframe_cell_text(k, r, t, sizeof t);
			gpointer at;
			if (g_hash_table_lookup_extended(idx, t, NULL, &at)) {
				struct keyed *e = &g_array_index(keys, struct keyed, GPOINTER_TO_SIZE(at));
				if (!g_hash_table_contains(mine, e->text)) {
					e->seen++;
					g_hash_table_add(mine, e->text);
				}
				continue;
			}
			if (x->join_mode == XJOIN_INNER && i != first)
				continue;
			struct keyed e = {.text = g_strdup(t), .seen = 1,
			                  .num = k->type == TF_STRING ? NAN : k->num[r]};
			g_array_append_val(keys, e);
			g_hash_table_insert(idx, e.text, GSIZE_TO_POINTER(keys->len - 1));
			g_hash_table_add(mine, e.text);
		}
		g_hash_table_destroy(mine);
	}
	if (x->join_mode == XJOIN_INNER) {
		size_t w = 0;
		for (size_t r = 0; r < keys->len; r++) {
			struct keyed e = g_array_index(keys, struct keyed, r);
			if (e.seen == joinable)
				g_array_index(keys, struct keyed, w++) = e;
			else
				g_free(e.text);
		}
		g_array_set_size(keys, w);
	}
	if (numeric) /* uPlot's join sorts x values numerically; text keys keep their order */
		g_array_sort(keys, cmp_keyed_num);
	g_hash_table_remove_all(idx);
	for (size_t r = 0; r < keys->len; r++)
		g_hash_table_insert(idx, g_array_index(keys, struct keyed, r).text,
		                    GSIZE_TO_POINTER(r));
	size_t rows = keys->len, n_fields = 1;
	for (size_t i = 0; i < fs->n; i++)
		if (jf[i] >= 0)
			n_fields += fs->v[i].n_fields - 1;
	int rc = tframe_check_cells(&(struct tframes){.max_cells = fs->max_cells}, rows * n_fields, err);
	struct tframe out = {0};
	if (rc == 0) {
		out.len = rows;
		const struct tfield *jk = &fs->v[first].fields[jf[first]];
		struct tfield key = tframe_field_like(jk, rows, true);
		key.cached = g_strdup(jk->cached);
		for (size_t r = 0; r < rows; r++) {
			struct keyed *e = &g_array_index(keys, struct keyed, r);
			if (key.type == TF_STRING)
				key.str[r] = g_strdup(e->text);
			else
				key.num[r] = e->num;
		}
		tframe_add(&out, key);
	}
	for (size_t i = 0; rc == 0 && i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		if (jf[i] < 0)
			continue;
		const struct tfield *k = &f->fields[jf[i]];
		for (size_t c = 0; c < f->n_fields; c++) {
			if ((ssize_t)c == jf[i])
				continue;
			const struct tfield *src = &f->fields[c];
			struct tfield nf = tframe_field_like(src, rows, true);
			nf.has_labels = true;
			if (f->name) {
				if (strcmp(nf.name, "Value") == 0) {
					g_free(nf.name);
					nf.name = g_strdup(f->name);
				} else {
					bool has_name = false;
					for (size_t l = 0; l < nf.n_labels; l++)
						has_name |= strcmp(nf.labels[l].name, "name") == 0;
					if (!has_name) {
						nf.labels = g_renew(struct label, nf.labels, nf.n_labels + 1);
						nf.labels[nf.n_labels].name = g_strdup("name");
						nf.labels[nf.n_labels++].value = g_strdup(f->name);
					}
				}
			}
			for (size_t r = 0; r < f->len; r++) {
				char t[KEY_CAP];
				tframe_cell_text(k, r, t, sizeof t);
				gpointer at;
				if (tframe_cell_null(src, r) ||
				    !g_hash_table_lookup_extended(idx, t, NULL, &at))
					continue;
				tframe_cell_copy(&nf, GPOINTER_TO_SIZE(at), src, r);
			}
			tframe_add(&out, nf);
		}
	}
	for (size_t r = 0; r < keys->len; r++)
		g_free(g_array_index(keys, struct keyed, r).text);
	g_array_free(keys, TRUE);
	g_hash_table_destroy(idx);
	g_free(jf);
	if (rc) {
		tframe_fini(&out);
		return rc;
	}
	struct tframe *v = g_new(struct tframe, 1);
	v[0] = out;
	tframes_replace(fs, v, 1);
	return 0;
}

/* ---- merge --------------------------------------------------------------- */

struct mcell {
	bool present, null;
	char *text;       /* the value as text (comparisons), owned */
	size_t frame, row, field;
};

int combine_merge(struct tframes *fs, struct cairn_err *err)
{
	if (fs->n <= 1)
		return 0;
	/* the merged fields: by name, in order of first appearance */
	GPtrArray *names = g_ptr_array_new();
	GArray *proto = g_array_new(FALSE, FALSE, sizeof(struct tfield *));
	size_t n_data = 0;
	for (size_t i = 0; i < fs->n; i++) {
		if (fs->v[i].n_fields == 0)
			continue;
		n_data++;
		for (size_t k = 0; k < fs->v[i].n_fields; k++) {
			bool have = false;
			for (size_t j = 0; j < names->len && !have; j++)
				have = strcmp(names->pdata[j], fs->v[i].fields[k].name) == 0;
			if (!have) {
				struct tfield *p = &fs->v[i].fields[k];
				g_ptr_array_add(names, p->name);
				g_array_append_val(proto, p);
			}
		}
	}
	size_t nf = names->len;
	/* where each merged field is in each frame */
	ssize_t *at = g_new(ssize_t, nf * fs->n);
	bool *is_key = g_new0(bool, nf);
	size_t n_keys = 0;
	for (size_t j = 0; j < nf; j++) {
		size_t in = 0;
		for (size_t i = 0; i < fs->n; i++) {
			at[j * fs->n + i] = -1;
			for (size_t k = 0; k < fs->v[i].n_fields && at[j * fs->n + i] < 0; k++)
				if (strcmp(fs->v[i].fields[k].name, names->pdata[j]) == 0)
					at[j * fs->n + i] = (ssize_t)k;
			in += fs->v[i].n_fields && at[j * fs->n + i] >= 0;
		}
		is_key[j] = in == n_data;
		n_keys += is_key[j];
	}
	int rc = 0;
	if (n_keys == 0 || n_data == 0)
		goto out;
	size_t total = 0;
	for (size_t i = 0; i < fs->n; i++)
		total += fs->v[i].len;
	if ((rc = tframe_check_cells(&(struct tframes){.max_cells = fs->max_cells}, total * nf, err)))
		goto out;
	/* rows: cells per merged field; rows with the same key merge when no
	 * value they both have differs (Grafana's isMergable) */
	GArray *rows = g_array_new(FALSE, TRUE, sizeof(struct mcell *));
	GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                           (GDestroyNotify)g_ptr_array_unref);
	for (size_t i = 0; i < fs->n; i++) {
		struct tframe *f = &fs->v[i];
		if (f->n_fields == 0)
			continue;
		for (size_t r = 0; r < f->len; r++) {
			GString *key = g_string_new("");
			struct mcell *row = g_new0(struct mcell, nf);
			for (size_t j = 0; j < nf; j++) {
				ssize_t k = at[j * fs->n + i];
				if (k < 0)
					continue;
				char t[KEY_CAP];
				tframe_cell_text(&f->fields[k], r, t, sizeof t);
				row[j] = (struct mcell){.present = true,
				                        .null = tframe_cell_null(&f->fields[k], r),
				                        .text = g_strdup(t), .frame = i, .row = r,
				                        .field = (size_t)k};
				if (is_key[j])
					g_string_append(key, row[j].null ? "null" : t);
			}
			GPtrArray *same = g_hash_table_lookup(by_key, key->str);
			bool merged = false;
			for (size_t s = 0; same && s < same->len && !merged; s++) {
				struct mcell *ex = same->pdata[s];
				bool ok = true;
				for (size_t j = 0; j < nf && ok; j++)
					if (row[j].present && ex[j].present && !ex[j].null)
						ok = row[j].null == ex[j].null &&
						     strcmp(row[j].text, ex[j].text) == 0;
				if (!ok)
					continue;
				for (size_t j = 0; j < nf; j++)
					if (row[j].present) {
						g_free(ex[j].text);
						ex[j] = row[j];
						row[j].text = NULL;
					}
				merged = true;
			}
			if (merged) {
				for (size_t j = 0; j < nf; j++)
					g_free(row[j].text);
				g_free(row);
				g_string_free(key, TRUE);
				continue;
			}
			if (!same) {
				same = g_ptr_array_new();
				g_hash_table_insert(by_key, g_string_free(key, FALSE), same);
			} else {
				g_string_free(key, TRUE);
			}
			g_ptr_array_add(same, row);
			g_array_append_val(rows, row);
		}
	}
	struct tframe out = {.len = rows->len};
	for (size_t j = 0; j < nf; j++) {
		const struct tfield *p = g_array_index(proto, struct tfield *, j);
		struct tfield f = tframe_field_like(p, rows->len, false);
		/* Grafana's copyFieldStructure: no labels, no displayName, no state */
		for (size_t l = 0; l < f.n_labels; l++) {
			g_free(f.labels[l].name);
			g_free(f.labels[l].value);
		}
		f.n_labels = 0;
		f.has_labels = false;
		f.ds_name = g_strdup(p->ds_name);
		for (size_t r = 0; r < rows->len; r++) {
			struct mcell *c = &g_array_index(rows, struct mcell *, r)[j];
			if (c->present && !c->null)
				tframe_cell_copy(&f, r, &fs->v[c->frame].fields[c->field], c->row);
		}
		tframe_add(&out, f);
	}
	for (size_t r = 0; r < rows->len; r++) {
		struct mcell *row = g_array_index(rows, struct mcell *, r);
		for (size_t j = 0; j < nf; j++)
			g_free(row[j].text);
		g_free(row);
	}
	g_array_free(rows, TRUE);
	g_hash_table_destroy(by_key);
	struct tframe *v = g_new(struct tframe, 1);
	v[0] = out;
	tframes_replace(fs, v, 1);
out:
	g_free(at);
	g_free(is_key);
	g_array_free(proto, TRUE);
	g_ptr_array_free(names, TRUE);
	return rc;
}

