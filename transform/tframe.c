/*
 * tframe.c — tframe.h: frames from query results, Grafana's field display
 * names, and the cell helpers the transformations share.
 */
#include "transform/tframe.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct tfield tframe_field_new(const char *name, enum tf_type type, size_t len)
{
	struct tfield f = {.name = g_strdup(name ? name : ""), .type = type};
	if (type == TF_STRING) {
		f.str = g_new0(char *, len ? len : 1);
	} else {
		f.num = g_new(double, len ? len : 1);
		for (size_t i = 0; i < len; i++)
			f.num[i] = NAN;
	}
	return f;
}

void tframe_field_fini(struct tfield *f)
{
	g_free(f->name);
	g_free(f->num);
	g_free(f->str); /* the strings themselves: tframe_field_drop / tframe_fini */
	for (size_t i = 0; i < f->n_labels; i++) {
		g_free(f->labels[i].name);
		g_free(f->labels[i].value);
	}
	g_free(f->labels);
	g_free(f->display);
	g_free(f->ds_name);
	g_free(f->cached);
	memset(f, 0, sizeof *f);
}

static void strs_free(char **s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		g_free(s[i]);
	g_free(s);
}

void tframe_field_drop(struct tfield *f, size_t len)
{
	strs_free(f->str, len);
	f->str = NULL;
	tframe_field_fini(f);
}

void tframe_fini(struct tframe *f)
{
	for (size_t i = 0; i < f->n_fields; i++)
		tframe_field_drop(&f->fields[i], f->len);
	g_free(f->fields);
	g_free(f->name);
	memset(f, 0, sizeof *f);
}

void tframes_fini(struct tframes *fs)
{
	for (size_t i = 0; fs && i < fs->n; i++)
		tframe_fini(&fs->v[i]);
	if (fs)
		g_free(fs->v);
	if (fs)
		fs->v = NULL, fs->n = 0;
}

void tframe_add(struct tframe *f, struct tfield fld)
{
	f->fields = g_renew(struct tfield, f->fields, f->n_fields + 1);
	f->fields[f->n_fields++] = fld;
}

static void copy_labels(struct tfield *d, const struct tfield *s)
{
	d->has_labels = s->has_labels;
	d->n_labels = s->n_labels;
	d->labels = g_new0(struct label, s->n_labels ? s->n_labels : 1);
	for (size_t i = 0; i < s->n_labels; i++) {
		d->labels[i].name = g_strdup(s->labels[i].name);
		d->labels[i].value = g_strdup(s->labels[i].value);
	}
}

/* A field of the same kind, no values (length 0 arrays are made by the
 * caller), names and labels kept when asked. */
struct tfield tframe_field_copy(const struct tfield *src, bool keep_names)
{
	struct tfield f = {.name = g_strdup(src->name), .type = src->type};
	copy_labels(&f, src);
	if (keep_names) {
		f.display = g_strdup(src->display);
		f.ds_name = g_strdup(src->ds_name);
	}
	return f;
}

/* The shortest text that reads back as v, as JavaScript's String(v) picks
 * its digits ("0.2", not "0.20000000000000001"). */
static void shortest(double v, char *buf, size_t cap)
{
	double a = fabs(v);
	if (a == 0 || (a >= 1e-6 && a < 1e21)) {
		for (int d = 0; d <= 20; d++) {
			snprintf(buf, cap, "%.*f", d, v);
			if (g_ascii_strtod(buf, NULL) == v)
				return;
		}
	}
	for (int p = 1; p <= 17; p++) {
		snprintf(buf, cap, "%.*g", p, v);
		if (g_ascii_strtod(buf, NULL) == v)
			return;
	}
}

bool tframe_cell_null(const struct tfield *f, size_t i)
{
	return f->type == TF_STRING ? f->str[i] == NULL : isnan(f->num[i]);
}

void tframe_cell_copy(struct tfield *fld, size_t i, const struct tfield *src, size_t j)
{
	if (fld->type == TF_STRING) {
		g_free(fld->str[i]);
		if (src->type == TF_STRING) {
			fld->str[i] = g_strdup(src->str[j]);
		} else if (isnan(src->num[j])) {
			fld->str[i] = NULL;
		} else {
			char b[32];
			shortest(src->num[j], b, sizeof b);
			fld->str[i] = g_strdup(b);
		}
	} else {
		fld->num[i] = src->type == TF_STRING ? (src->str[j] ? g_ascii_strtod(src->str[j], NULL) : NAN)
		                                     : src->num[j];
	}
}

void tframe_cell_text(const struct tfield *f, size_t i, char *buf, size_t cap)
{
	if (f->type == TF_STRING) {
		g_strlcpy(buf, f->str[i] ? f->str[i] : "", cap);
	} else if (isnan(f->num[i])) {
		g_strlcpy(buf, "", cap);
	} else {
		char b[32];
		shortest(f->num[i], b, sizeof b);
		g_strlcpy(buf, b, cap);
	}
}

int tframe_check_cells(const struct tframes *fs, size_t extra, struct cairn_err *err)
{
	size_t cap = fs->max_cells ? fs->max_cells : TFRAME_MAX_CELLS;
	size_t cells = extra;
	for (size_t i = 0; i < fs->n; i++)
		cells += fs->v[i].n_fields * fs->v[i].len;
	if (cells > cap)
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "transformations: %zu table cells, over the limit of %zu", cells,
		                     cap);
	return 0;
}

/* A field of the same type and names, len cells all null. */
struct tfield tframe_field_like(const struct tfield *src, size_t len, bool keep_names)
{
	struct tfield f = tframe_field_copy(src, keep_names);
	if (f.type == TF_STRING) {
		f.str = g_new0(char *, len ? len : 1);
	} else {
		f.num = g_new(double, len ? len : 1);
		for (size_t i = 0; i < len; i++)
			f.num[i] = NAN;
	}
	return f;
}

void tframes_replace(struct tframes *fs, struct tframe *v, size_t n)
{
	size_t cap = fs->max_cells;
	tframes_fini(fs);
	fs->v = v;
	fs->n = n;
	fs->max_cells = cap;
}

/* ---- from query results ------------------------------------------------- */

static void set_labels(struct tfield *f, const struct series *s)
{
	f->has_labels = true;
	f->labels = g_new0(struct label, s->n_labels ? s->n_labels : 1);
	for (size_t i = 0; i < s->n_labels; i++) {
		f->labels[f->n_labels].name = g_strdup(s->labels[i].name);
		f->labels[f->n_labels++].value = g_strdup(s->labels[i].value);
	}
}

static struct tframe *frames_push(struct tframes *fs)
{
	fs->v = g_renew(struct tframe, fs->v, fs->n + 1);
	struct tframe *f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	return f;
}

/* One frame per series: Time and Value (labels, displayNameFromDS). */
static void series_frame(struct tframes *fs, const struct series *s, const char *legend)
{
	struct tframe *f = frames_push(fs);
	g_strlcpy(f->ref_id, s->ref_id, sizeof f->ref_id);
	f->len = s->n;
	bool auto_name = legend && strcmp(legend, "__auto") == 0;
	if (s->name && *s->name && !auto_name)
		f->name = g_strdup(s->name);
	struct tfield t = tframe_field_new("Time", TF_TIME, s->n);
	struct tfield v = tframe_field_new("Value", TF_NUMBER, s->n);
	for (size_t i = 0; i < s->n; i++) {
		t.num[i] = round(s->t[i] * 1000);
		v.num[i] = s->v[i];
	}
	set_labels(&v, s);
	if (f->name)
		v.ds_name = g_strdup(f->name);
	tframe_add(f, t);
	tframe_add(f, v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *label_of(const struct series *s, const char *name)
{
	for (size_t i = 0; i < s->n_labels; i++)
		if (strcmp(s->labels[i].name, name) == 0)
			return s->labels[i].value;
	return NULL;
}

static void sort_by_time(struct tframe *f);

/* The series of one table target: Time, label columns, Value. */
static void table_frame(struct tframes *fs, const struct cairn_result *r, const char *ref,
                        size_t n_table_refs)
{
	GPtrArray *names = g_ptr_array_new();
	size_t rows = 0;
	for (size_t k = 0; k < r->n_series; k++) {
		const struct series *s = &r->series[k];
		if (strcmp(s->ref_id, ref) != 0)
			continue;
		rows += s->n;
		const char **sorted = g_new(const char *, s->n_labels ? s->n_labels : 1);
		for (size_t i = 0; i < s->n_labels; i++)
			sorted[i] = s->labels[i].name;
		qsort(sorted, s->n_labels, sizeof *sorted, cmp_str);
		for (size_t i = 0; i < s->n_labels; i++) {
			bool have = false;
			for (size_t j = 0; j < names->len && !have; j++)
				have = strcmp(names->pdata[j], sorted[i]) == 0;
			if (!have)
				g_ptr_array_add(names, (gpointer)sorted[i]);
		}
		g_free(sorted);
	}
	struct tframe *f = frames_push(fs);
	g_strlcpy(f->ref_id, ref, sizeof f->ref_id);
	f->len = rows;
	char vname[32];
	if (n_table_refs > 1)
		snprintf(vname, sizeof vname, "Value #%s", ref);
	else
		g_strlcpy(vname, "Value", sizeof vname);
	struct tfield t = tframe_field_new("Time", TF_TIME, rows);
	struct tfield v = tframe_field_new(vname, TF_NUMBER, rows);
	struct tfield *lf = g_new0(struct tfield, names->len ? names->len : 1);
	for (size_t j = 0; j < names->len; j++)
		lf[j] = tframe_field_new(names->pdata[j], TF_STRING, rows);
	size_t row = 0;
	for (size_t k = 0; k < r->n_series; k++) {
		const struct series *s = &r->series[k];
		if (strcmp(s->ref_id, ref) != 0)
			continue;
		for (size_t i = 0; i < s->n; i++, row++) {
			t.num[row] = round(s->t[i] * 1000);
			v.num[row] = s->v[i];
			for (size_t j = 0; j < names->len; j++) {
				const char *lv = label_of(s, names->pdata[j]);
				lf[j].str[row] = g_strdup(lv ? lv : "");
			}
		}
	}
	tframe_add(f, t);
	for (size_t j = 0; j < names->len; j++)
		tframe_add(f, lf[j]);
	tframe_add(f, v);
	g_free(lf);
	g_ptr_array_free(names, TRUE);
	sort_by_time(f);
}

static int cmp_time(const void *a, const void *b, void *data)
{
	const double *t = data;
	double x = t[*(const size_t *)a], y = t[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

/* A range `format: table` target's rows come series by series: Grafana
 * sorts them by time (stably, so a time's rows keep the series' order). */
static void sort_by_time(struct tframe *f)
{
	const double *t = f->fields[0].num;
	bool sorted = true;
	for (size_t r = 1; r < f->len && sorted; r++)
		sorted = t[r - 1] <= t[r];
	if (sorted)
		return;
	size_t *idx = g_new(size_t, f->len);
	for (size_t r = 0; r < f->len; r++)
		idx[r] = r;
	g_qsort_with_data(idx, (gint)f->len, sizeof *idx, cmp_time, (gpointer)t);
	for (size_t k = 0; k < f->n_fields; k++) {
		struct tfield *fld = &f->fields[k];
		if (fld->type == TF_STRING) {
			char **s = g_new(char *, f->len);
			for (size_t r = 0; r < f->len; r++)
				s[r] = fld->str[idx[r]];
			g_free(fld->str);
			fld->str = s;
		} else {
			double *d = g_new(double, f->len);
			for (size_t r = 0; r < f->len; r++)
				d[r] = fld->num[idx[r]];
			g_free(fld->num);
			fld->num = d;
		}
	}
	g_free(idx);
}

static const struct cairn_target *target_of(const struct cairn_panel *p, const struct series *s)
{
	if (s->target_index < p->n_targets &&
	    strcmp(p->targets[s->target_index].ref_id, s->ref_id) == 0)
		return &p->targets[s->target_index];
	for (size_t i = 0; i < p->n_targets; i++)
		if (strcmp(p->targets[i].ref_id, s->ref_id) == 0)
			return &p->targets[i];
	return NULL;
}

int tframes_from_result(const struct cairn_panel *p, const struct cairn_result *r,
                        struct tframes *out, struct cairn_err *err)
{
	size_t n_tables = 0;
	for (size_t i = 0; i < p->n_targets; i++)
		if (p->targets[i].format_table && !p->targets[i].hide && p->targets[i].expr &&
		    *p->targets[i].expr)
			n_tables++;
	size_t cells = 0;
	for (size_t k = 0; r && k < r->n_series; k++)
		cells += 3 * r->series[k].n + r->series[k].n_labels * r->series[k].n;
	if (tframe_check_cells(out, cells, err))
		return CAIRN_ELIMIT;
	/* time-series frames first, then one table frame per table target, in
	 * the targets' order (as Grafana's response handling orders them) */
	for (size_t k = 0; r && k < r->n_series; k++) {
		const struct cairn_target *t = target_of(p, &r->series[k]);
		if (!t || !t->format_table)
			series_frame(out, &r->series[k], t ? t->legend_format : NULL);
	}
	for (size_t i = 0; i < p->n_targets; i++) {
		const struct cairn_target *t = &p->targets[i];
		bool any = false;
		for (size_t k = 0; r && k < r->n_series && !any; k++)
			any = strcmp(r->series[k].ref_id, t->ref_id) == 0;
		if (t->format_table && any)
			table_frame(out, r, t->ref_id, n_tables);
	}
	return 0;
}

/* ---- display names -------------------------------------------------------- */

static const char *label_value(const struct tfield *f, const char *name)
{
	for (size_t i = 0; i < f->n_labels; i++)
		if (strcmp(f->labels[i].name, name) == 0)
			return f->labels[i].value;
	return NULL;
}

/* Grafana's getSingleLabelName: the one label name every labelled field of
 * these frames has, when it is the only one; NULL otherwise. */
static const char *single_label(const struct tframe *frames, size_t n)
{
	const char *single = NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < frames[i].n_fields; k++) {
			const struct tfield *f = &frames[i].fields[k];
			if (!f->has_labels)
				continue;
			for (size_t l = 0; l < f->n_labels; l++) {
				if (single && strcmp(single, f->labels[l].name) == 0)
					continue;
				if (single)
					return NULL;
				single = f->labels[l].name;
			}
		}
	return single;
}

/* {a="b", c="d"} as Grafana's formatLabels writes it. */
static char *format_labels(const struct tfield *f)
{
	if (f->n_labels == 0)
		return NULL;
	GString *s = g_string_new("");
	const char *name = label_value(f, "__name__");
	if (name)
		g_string_append(s, name);
	g_string_append_c(s, '{');
	bool first = true;
	for (size_t i = 0; i < f->n_labels; i++) {
		if (strcmp(f->labels[i].name, "__name__") == 0)
			continue;
		g_string_append_printf(s, "%s%s=\"%s\"", first ? "" : ", ", f->labels[i].name,
		                       f->labels[i].value);
		first = false;
	}
	g_string_append_c(s, '}');
	return g_string_free(s, FALSE);
}

static char *unique_name(const struct tframe *f, const struct tfield *fld)
{
	if (!f)
		return g_strdup(fld->name);
	size_t dupes = 0;
	bool self = false;
	for (size_t i = 0; i < f->n_fields; i++) {
		const struct tfield *o = &f->fields[i];
		if (o == fld) {
			self = true;
			if (dupes > 0) {
				dupes++;
				break;
			}
		} else if (strcmp(o->name, fld->name) == 0) {
			dupes++;
			if (self)
				break;
		}
	}
	return dupes ? g_strdup_printf("%s %zu", fld->name, dupes) : g_strdup(fld->name);
}

static char *compute_name(const struct tframes *all, const struct tframe *f,
                          const struct tfield *fld)
{
	if (fld->display && *fld->display)
		return g_strdup(fld->display);
	if (fld->ds_name)
		return g_strdup(fld->ds_name);
	if (fld->type == TF_TIME && !fld->has_labels)
		return g_strdup(fld->name);
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	bool differ = false, frame_added = false, labels_added = false;
	for (size_t i = 1; all && i < all->n && !differ; i++)
		differ = g_strcmp0(all->v[i].name, all->v[i - 1].name) != 0;
	if (differ && f && f->name) {
		g_ptr_array_add(parts, g_strdup(f->name));
		frame_added = true;
	}
	if (*fld->name && strcmp(fld->name, "Value") != 0)
		g_ptr_array_add(parts, g_strdup(fld->name));
	if (fld->has_labels && f) {
		const char *single = all ? single_label(all->v, all->n) : single_label(f, 1);
		if (!single) {
			char *l = format_labels(fld);
			if (l) {
				g_ptr_array_add(parts, l);
				labels_added = true;
			}
		} else if (label_value(fld, single)) {
			g_ptr_array_add(parts, g_strdup(label_value(fld, single)));
			labels_added = true;
		}
	}
	if (f && !frame_added && !labels_added && strcmp(fld->name, "Value") == 0 && f->name &&
	    *f->name)
		g_ptr_array_add(parts, g_strdup(f->name));
	char *name;
	if (parts->len) {
		g_ptr_array_add(parts, NULL);
		name = g_strjoinv(" ", (char **)parts->pdata);
	} else {
		name = g_strdup(*fld->name ? fld->name : "Value");
	}
	g_ptr_array_free(parts, TRUE);
	if (strcmp(name, fld->name) == 0) {
		g_free(name);
		name = unique_name(f, fld);
	}
	return name;
}

const char *tframe_display_name(const struct tframes *all, const struct tframe *f, struct tfield *fld)
{
	if (!fld->cached)
		fld->cached = compute_name(all, f, fld);
	return fld->cached;
}

bool tframe_name_matches(const struct tframes *all, const struct tframe *f, struct tfield *fld,
                     const char *name)
{
	return strcmp(name, fld->name) == 0 || strcmp(name, tframe_display_name(all, f, fld)) == 0;
}
