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

/* One join: each frame's join field (-1: the frame takes no part), the keys
 * in their final order and key text -> row. */
struct join {
	ssize_t *jf;
	size_t joinable, first;
	GHashTable *idx;     /* key text -> row (keys own the text) */
	GArray *keys;        /* struct keyed */
};

/* Adds frame i's keys: outer joins take every new key, inner joins only
 * the first frame's; seen counts the frames that have each key. */
static void join_add_keys(struct join *J, const struct cairn_transform *x, struct tframes *fs,
                          size_t i)
{
	const struct tfield *k = &fs->v[i].fields[J->jf[i]];
	GHashTable *mine = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t r = 0; r < fs->v[i].len; r++) {
		char t[KEY_CAP];
		tframe_cell_text(k, r, t, sizeof t);
		gpointer at;
		if (g_hash_table_lookup_extended(J->idx, t, NULL, &at)) {
			struct keyed *e = &g_array_index(J->keys, struct keyed, GPOINTER_TO_SIZE(at));
			if (!g_hash_table_contains(mine, e->text)) {
				e->seen++;
				g_hash_table_add(mine, e->text);
			}
			continue;
		}
		if (x->join_mode == XJOIN_INNER && i != J->first)
			continue;
		struct keyed e = {.text = g_strdup(t), .seen = 1,
		                  .num = k->type == TF_STRING ? NAN : k->num[r]};
		g_array_append_val(J->keys, e);
		g_hash_table_insert(J->idx, e.text, GSIZE_TO_POINTER(J->keys->len - 1));
		g_hash_table_add(mine, e.text);
	}
	g_hash_table_destroy(mine);
}

/* The keys of all frames, in uPlot's join order: numbers sorted (stably),
 * text in first-seen order; inner joins keep keys every frame has. */
static void join_keys(struct join *J, const struct cairn_transform *x, struct tframes *fs)
{
	J->idx = g_hash_table_new(g_str_hash, g_str_equal);
	J->keys = g_array_new(FALSE, TRUE, sizeof(struct keyed));
	for (size_t i = 0; i < fs->n; i++)
		if (J->jf[i] >= 0)
			join_add_keys(J, x, fs, i);
	if (x->join_mode == XJOIN_INNER) {
		size_t w = 0;
		for (size_t r = 0; r < J->keys->len; r++) {
			struct keyed e = g_array_index(J->keys, struct keyed, r);
			if (e.seen == J->joinable)
				g_array_index(J->keys, struct keyed, w++) = e;
			else
				g_free(e.text);
		}
		g_array_set_size(J->keys, w);
	}
	if (fs->v[J->first].fields[J->jf[J->first]].type != TF_STRING)
		g_array_sort(J->keys, cmp_keyed_num);
	g_hash_table_remove_all(J->idx);
	for (size_t r = 0; r < J->keys->len; r++)
		g_hash_table_insert(J->idx, g_array_index(J->keys, struct keyed, r).text,
		                    GSIZE_TO_POINTER(r));
}

/* The joined frame's first field: the first frame's join field, the keys. */
static struct tfield join_key_field(const struct join *J, struct tframes *fs)
{
	const struct tfield *jk = &fs->v[J->first].fields[J->jf[J->first]];
	size_t rows = J->keys->len;
	struct tfield key = tframe_field_like(jk, rows, true);
	key.cached = g_strdup(jk->cached);
	for (size_t r = 0; r < rows; r++) {
		const struct keyed *e = &g_array_index(J->keys, struct keyed, r);
		if (key.type == TF_STRING)
			key.str[r] = g_strdup(e->text);
		else
			key.num[r] = e->num;
	}
	return key;
}

/* Field src of frame f on the joined rows.  joinDataFrames: labels become
 * {} at least (so "Time" fields are numbered), a frame name names a
 * "Value" field or becomes its "name" label, and the display name is
 * computed afresh. */
static struct tfield join_field_of(const struct join *J, const struct tframe *f,
                                   const struct tfield *k, const struct tfield *src)
{
	struct tfield nf = tframe_field_like(src, J->keys->len, true);
	nf.has_labels = true;
	if (f->name && strcmp(nf.name, "Value") == 0) {
		g_free(nf.name);
		nf.name = g_strdup(f->name);
	} else if (f->name) {
		bool has_name = false;
		for (size_t l = 0; l < nf.n_labels; l++)
			has_name |= strcmp(nf.labels[l].name, "name") == 0;
		if (!has_name) {
			nf.labels = g_renew(struct label, nf.labels, nf.n_labels + 1);
			nf.labels[nf.n_labels].name = g_strdup("name");
			nf.labels[nf.n_labels++].value = g_strdup(f->name);
		}
	}
	for (size_t r = 0; r < f->len; r++) {
		char t[KEY_CAP];
		tframe_cell_text(k, r, t, sizeof t);
		gpointer at;
		if (!tframe_cell_null(src, r) && g_hash_table_lookup_extended(J->idx, t, NULL, &at))
			tframe_cell_copy(&nf, GPOINTER_TO_SIZE(at), src, r);
	}
	return nf;
}

static void join_fini(struct join *J)
{
	for (size_t r = 0; J->keys && r < J->keys->len; r++)
		g_free(g_array_index(J->keys, struct keyed, r).text);
	if (J->keys)
		g_array_free(J->keys, TRUE);
	if (J->idx)
		g_hash_table_destroy(J->idx);
	g_free(J->jf);
}

int combine_join(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err)
{
	if (fs->n <= 1)
		return 0;
	struct join J = {.jf = g_new(ssize_t, fs->n)};
	for (size_t i = 0; i < fs->n; i++) {
		J.jf[i] = fs->v[i].n_fields ? join_field(fs, &fs->v[i], x->by_field) : -1;
		if (J.jf[i] >= 0 && J.joinable++ == 0)
			J.first = i;
	}
	if (J.joinable == 0) {
		join_fini(&J);
		return 0;
	}
	join_keys(&J, x, fs);
	size_t n_fields = 1;
	for (size_t i = 0; i < fs->n; i++)
		if (J.jf[i] >= 0)
			n_fields += fs->v[i].n_fields - 1;
	int rc = tframe_check_cells(&(struct tframes){.max_cells = fs->max_cells},
	                            J.keys->len * n_fields, err);
	if (rc) {
		join_fini(&J);
		return rc;
	}
	struct tframe *out = g_new0(struct tframe, 1);
	out->len = J.keys->len;
	tframe_add(out, join_key_field(&J, fs));
	for (size_t i = 0; i < fs->n; i++) {
		const struct tframe *f = &fs->v[i];
		for (size_t c = 0; J.jf[i] >= 0 && c < f->n_fields; c++)
			if ((ssize_t)c != J.jf[i])
				tframe_add(out, join_field_of(&J, f, &f->fields[J.jf[i]], &f->fields[c]));
	}
	join_fini(&J);
	tframes_replace(fs, out, 1);
	return 0;
}

/* ---- merge --------------------------------------------------------------- */

struct mcell {
	bool present, null;
	char *text;       /* the value as text (comparisons), owned */
	size_t frame, row, field;
};

/* One merge: the merged fields (by name, in order of first appearance),
 * where each is in each frame (-1: not there), which are keys (in every
 * frame with fields), and the rows so far. */
struct merge {
	size_t nf, n_data;
	struct tfield **proto;  /* the first field of each name */
	ssize_t *at;            /* nf x fs->n */
	bool *is_key;
	size_t n_keys;
	GPtrArray *rows;        /* struct mcell[nf] each */
	GHashTable *by_key;     /* key -> GPtrArray of rows */
};

static void merge_fields(struct merge *M, struct tframes *fs)
{
	M->proto = g_new(struct tfield *, 1);
	for (size_t i = 0; i < fs->n; i++) {
		M->n_data += fs->v[i].n_fields > 0;
		for (size_t k = 0; k < fs->v[i].n_fields; k++) {
			bool have = false;
			for (size_t j = 0; j < M->nf && !have; j++)
				have = strcmp(M->proto[j]->name, fs->v[i].fields[k].name) == 0;
			if (have)
				continue;
			M->proto = g_renew(struct tfield *, M->proto, M->nf + 1);
			M->proto[M->nf++] = &fs->v[i].fields[k];
		}
	}
	M->at = g_new(ssize_t, M->nf * fs->n + 1);
	M->is_key = g_new0(bool, M->nf + 1);
	for (size_t j = 0; j < M->nf; j++) {
		size_t in = 0;
		for (size_t i = 0; i < fs->n; i++) {
			ssize_t *at = &M->at[j * fs->n + i];
			*at = -1;
			for (size_t k = 0; k < fs->v[i].n_fields && *at < 0; k++)
				if (strcmp(fs->v[i].fields[k].name, M->proto[j]->name) == 0)
					*at = (ssize_t)k;
			in += fs->v[i].n_fields && *at >= 0;
		}
		M->is_key[j] = in == M->n_data;
		M->n_keys += M->is_key[j];
	}
}

/* Row r of frame i as merged cells, and its key (the key fields' text). */
static struct mcell *merge_cells(const struct merge *M, struct tframes *fs, size_t i, size_t r,
                                 GString *key)
{
	struct tframe *f = &fs->v[i];
	struct mcell *row = g_new0(struct mcell, M->nf);
	for (size_t j = 0; j < M->nf; j++) {
		ssize_t k = M->at[j * fs->n + i];
		if (k < 0)
			continue;
		char t[KEY_CAP];
		tframe_cell_text(&f->fields[k], r, t, sizeof t);
		row[j] = (struct mcell){.present = true, .null = tframe_cell_null(&f->fields[k], r),
		                        .text = g_strdup(t), .frame = i, .row = r,
		                        .field = (size_t)k};
		if (M->is_key[j])
			g_string_append(key, row[j].null ? "null" : t);
	}
	return row;
}

static void cells_free(struct mcell *row, size_t nf)
{
	for (size_t j = 0; j < nf; j++)
		g_free(row[j].text);
	g_free(row);
}

/* Grafana's isMergable and merge: into the first row with the same key
 * where no value both have differs; 1 when merged (row consumed). */
static bool merge_into(const struct merge *M, GPtrArray *same, struct mcell *row)
{
	for (size_t s = 0; same && s < same->len; s++) {
		struct mcell *ex = same->pdata[s];
		bool ok = true;
		for (size_t j = 0; j < M->nf && ok; j++)
			if (row[j].present && ex[j].present && !ex[j].null)
				ok = row[j].null == ex[j].null && strcmp(row[j].text, ex[j].text) == 0;
		if (!ok)
			continue;
		for (size_t j = 0; j < M->nf; j++)
			if (row[j].present) {
				g_free(ex[j].text);
				ex[j] = row[j];
				row[j].text = NULL;
			}
		cells_free(row, M->nf);
		return true;
	}
	return false;
}

static void merge_rows(struct merge *M, struct tframes *fs)
{
	M->rows = g_ptr_array_new();
	M->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                  (GDestroyNotify)g_ptr_array_unref);
	for (size_t i = 0; i < fs->n; i++) {
		for (size_t r = 0; fs->v[i].n_fields && r < fs->v[i].len; r++) {
			GString *key = g_string_new("");
			struct mcell *row = merge_cells(M, fs, i, r, key);
			GPtrArray *same = g_hash_table_lookup(M->by_key, key->str);
			if (merge_into(M, same, row)) {
				g_string_free(key, TRUE);
				continue;
			}
			if (!same) {
				same = g_ptr_array_new();
				g_hash_table_insert(M->by_key, g_string_free(key, FALSE), same);
			} else {
				g_string_free(key, TRUE);
			}
			g_ptr_array_add(same, row);
			g_ptr_array_add(M->rows, row);
		}
	}
}

/* The merged frame.  Grafana's copyFieldStructure: no labels, no
 * displayName, no cached name; displayNameFromDS stays. */
static struct tframe *merge_frame(const struct merge *M, struct tframes *fs)
{
	size_t n = M->rows->len;
	struct tframe *out = g_new0(struct tframe, 1);
	out->len = n;
	for (size_t j = 0; j < M->nf; j++) {
		const struct tfield *p = M->proto[j];
		struct tfield f = tframe_field_like(p, n, false);
		for (size_t l = 0; l < f.n_labels; l++) {
			g_free(f.labels[l].name);
			g_free(f.labels[l].value);
		}
		f.n_labels = 0;
		f.has_labels = false;
		f.ds_name = g_strdup(p->ds_name);
		for (size_t r = 0; r < n; r++) {
			const struct mcell *c = &((struct mcell *)M->rows->pdata[r])[j];
			if (c->present && !c->null)
				tframe_cell_copy(&f, r, &fs->v[c->frame].fields[c->field], c->row);
		}
		tframe_add(out, f);
	}
	return out;
}

static void merge_fini(struct merge *M)
{
	for (size_t r = 0; M->rows && r < M->rows->len; r++)
		cells_free(M->rows->pdata[r], M->nf);
	if (M->rows)
		g_ptr_array_free(M->rows, TRUE);
	if (M->by_key)
		g_hash_table_destroy(M->by_key);
	g_free(M->proto);
	g_free(M->at);
	g_free(M->is_key);
}

int combine_merge(struct tframes *fs, struct cairn_err *err)
{
	if (fs->n <= 1)
		return 0;
	struct merge M = {0};
	merge_fields(&M, fs);
	int rc = 0;
	if (M.n_keys == 0 || M.n_data == 0) /* nothing all frames share: left as it was */
		goto out;
	size_t total = 0;
	for (size_t i = 0; i < fs->n; i++)
		total += fs->v[i].len;
	rc = tframe_check_cells(&(struct tframes){.max_cells = fs->max_cells}, total * M.nf, err);
	if (rc)
		goto out;
	merge_rows(&M, fs);
	struct tframe *out_frame = merge_frame(&M, fs);
	merge_fini(&M);
	tframes_replace(fs, out_frame, 1);
	return 0;
out:
	merge_fini(&M);
	return rc;
}
