/*
 * tableload.c — tableload.h: the table and text panels' options, the
 * table's custom field options and the panel's transformations, from JSON.
 *
 * Transformation options are read leniently, as Grafana's transformers do:
 * a member of the wrong type is taken as absent (the transformer then does
 * what it does without it); only the counts are capped, with the path.
 */
#include "dashboards/tableload.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



void tableload_init(struct cairn_panel *p)
{
	p->table = (struct table_opts){.show_header = true};
	p->text = (struct text_opts){.content = NULL};
}

static const char *str_of(const json_t *o, const char *key)
{
	json_t *v = jfield_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *dup_of(const json_t *o, const char *key)
{
	const char *s = str_of(o, key);
	return s ? g_strdup(s) : NULL;
}

/* true, non-zero numbers and the string "true" (kube-prometheus writes
 * "custom.hidden": "true"). */
static bool truthy(const json_t *v)
{
	if (json_is_string(v))
		return strcmp(json_string_value(v), "true") == 0;
	if (json_is_number(v))
		return json_number_value(v) != 0;
	return json_is_true(v);
}

/* An array of strings as a NULL-terminated vector (non-strings skipped);
 * NULL when v is not an array. */
static int strv_of(struct loader *L, const json_t *v, const char *path, char ***out)
{
	*out = NULL;
	if (!json_is_array(v))
		return 0;
	size_t n = json_array_size(v);
	if (n > CAIRN_MAX_XF_ITEMS)
		return jfield_limit_err(L, path, "names", n, CAIRN_MAX_XF_ITEMS);
	char **s = g_new0(char *, n + 1);
	size_t k = 0, i;
	json_t *e;
	json_array_foreach(v, i, e)
		if (json_is_string(e))
			s[k++] = g_strdup(json_string_value(e));
	*out = s;
	return 0;
}

/* ---- table options ------------------------------------------------------ */

static int parse_sort(struct loader *L, const json_t *arr, const char *path,
                      struct table_sort **out, size_t *n_out, const char *name_key)
{
	size_t n = json_array_size(arr);
	if (n > CAIRN_MAX_XF_ITEMS)
		return jfield_limit_err(L, path, "sort keys", n, CAIRN_MAX_XF_ITEMS);
	*out = g_new0(struct table_sort, n ? n : 1);
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		const char *name = str_of(e, name_key);
		if (!name)
			continue;
		struct table_sort *s = &(*out)[(*n_out)++];
		s->name = g_strdup(name);
		s->desc = truthy(jfield_get(e, "desc"));
	}
	return 0;
}

static int parse_footer(struct loader *L, const json_t *f, const char *path, struct table_opts *t)
{
	char sub[JFIELD_PATH_CAP];
	t->footer_show = truthy(jfield_get(f, "show"));
	t->count_rows = truthy(jfield_get(f, "countRows"));
	t->pagination = truthy(jfield_get(f, "enablePagination"));
	json_t *r = jfield_get(f, "reducer");
	if (json_is_array(r) && json_is_string(json_array_get(r, 0)))
		g_strlcpy(t->footer_reducer, json_string_value(json_array_get(r, 0)),
		          sizeof t->footer_reducer);
	jfield_join(sub, path, "fields");
	json_t *fields = jfield_get(f, "fields");
	if (json_is_array(fields) && json_array_size(fields) > 0)
		return strv_of(L, fields, sub, &t->footer_fields);
	return 0;
}

int tableload_options(struct loader *L, const json_t *opts, const char *path,
                      struct cairn_panel *p)
{
	char sub[JFIELD_PATH_CAP];
	if (strcmp(p->type, "text") == 0) {
		const char *mode = str_of(opts, "mode");
		p->text.html = mode && strcmp(mode, "html") == 0;
		return jfield_string(L, opts, "content", path, &p->text.content);
	}
	if (strcmp(p->type, "table") != 0)
		return 0;
	struct table_opts *t = &p->table;
	json_t *v = jfield_get(opts, "showHeader");
	if (v)
		t->show_header = truthy(v);
	const char *ch = str_of(opts, "cellHeight");
	if (ch)
		t->cell_height = strcmp(ch, "md") == 0 ? CELLH_MD
		                 : strcmp(ch, "lg") == 0 ? CELLH_LG
		                                         : CELLH_SM;
	if (jfield_int(L, opts, "frameIndex", path, &t->frame_index, NULL))
		return CAIRN_EINVAL;
	if (t->frame_index < 0)
		t->frame_index = 0;
	json_t *f = jfield_get(opts, "footer");
	jfield_join(sub, path, "footer");
	if (json_is_object(f) && parse_footer(L, f, sub, t))
		return CAIRN_EINVAL;
	json_t *sb = jfield_get(opts, "sortBy");
	jfield_join(sub, path, "sortBy");
	if (json_is_array(sb) && parse_sort(L, sb, sub, &t->sort_by, &t->n_sort_by, "displayName"))
		return CAIRN_EINVAL;
	return 0;
}

/* ---- fieldConfig custom (table) ----------------------------------------- */

static const struct jfield_name cell_types[] = {{"auto", CELL_AUTO},
                                                {"color-text", CELL_COLOR_TEXT},
                                                {"color-background", CELL_COLOR_BACKGROUND},
                                                {"gauge", CELL_GAUGE},
                                                {"json-view", CELL_JSON},
                                                {NULL, 0}};

static enum table_cell cell_of(const char *s)
{
	for (const struct jfield_name *c = cell_types; c->name; c++)
		if (strcmp(c->name, s) == 0)
			return (enum table_cell)c->val;
	return CELL_OTHER;
}

/* Grafana's migrateTableDisplayModeToCellOptions. */
static void legacy_display_mode(const char *m, struct table_custom *t)
{
	t->cell_mode = CELLMODE_GRADIENT;
	if (strcmp(m, "basic") == 0 || strcmp(m, "gradient-gauge") == 0 ||
	    strcmp(m, "lcd-gauge") == 0) {
		t->cell = CELL_GAUGE;
		t->cell_mode = m[0] == 'b' ? CELLMODE_BASIC : m[0] == 'l' ? CELLMODE_LCD
		                                                          : CELLMODE_GRADIENT;
	} else if (strcmp(m, "color-background") == 0) {
		t->cell = CELL_COLOR_BACKGROUND;
	} else if (strcmp(m, "color-background-solid") == 0) {
		t->cell = CELL_COLOR_BACKGROUND;
		t->cell_mode = CELLMODE_BASIC;
	} else {
		t->cell = cell_of(m);
	}
}

static void cell_options(const json_t *co, struct table_custom *t)
{
	const char *type = str_of(co, "type");
	const char *mode = str_of(co, "mode");
	const char *vdm = str_of(co, "valueDisplayMode");
	t->cell = type ? cell_of(type) : CELL_AUTO;
	t->cell_mode = !mode ? CELLMODE_GRADIENT
	               : strcmp(mode, "basic") == 0 ? CELLMODE_BASIC
	               : strcmp(mode, "lcd") == 0   ? CELLMODE_LCD
	                                            : CELLMODE_GRADIENT;
	t->value_hidden = vdm && strcmp(vdm, "hidden") == 0;
	t->value_color = vdm && strcmp(vdm, "color") == 0;
}

int tableload_custom(struct loader *L, const json_t *c, const char *path, struct field_config *fc)
{
	struct table_custom *t = &fc->table;
	bool hw = false, hmw = false;
	if (jfield_number(L, c, "width", path, &t->width, &hw) ||
	    jfield_number(L, c, "minWidth", path, &t->min_width, &hmw))
		return CAIRN_EINVAL;
	if (hw || hmw)
		fc->set |= FC_SET_TABLE_WIDTH;
	if (json_object_get(c, "align")) { /* null resets to auto, as in the corpus */
		const char *a = str_of(c, "align");
		t->align = !a                         ? TALIGN_AUTO
		           : strcmp(a, "left") == 0   ? TALIGN_LEFT
		           : strcmp(a, "center") == 0 ? TALIGN_CENTER
		           : strcmp(a, "right") == 0  ? TALIGN_RIGHT
		                                      : TALIGN_AUTO;
		fc->set |= FC_SET_TABLE_ALIGN;
	}
	json_t *co = jfield_get(c, "cellOptions");
	if (json_is_object(co)) {
		cell_options(co, t);
		fc->set |= FC_SET_TABLE_CELL;
	}
	const char *dm = str_of(c, "displayMode");
	if (dm) { /* the legacy option wins, as in Grafana's getCellOptions */
		legacy_display_mode(dm, t);
		fc->set |= FC_SET_TABLE_CELL;
	}
	if (json_object_get(c, "hidden")) {
		t->hidden = truthy(jfield_get(c, "hidden"));
		fc->set |= FC_SET_TABLE_HIDDEN;
	}
	return 0;
}

void tableload_links(const json_t *links, struct field_config *fc)
{
	fc->table.links = json_array_size(links) > 0;
	fc->set |= FC_SET_TABLE_LINKS;
}

/* ---- transformations ---------------------------------------------------- */

static const struct jfield_name xf_ids[] = {{"merge", XF_MERGE},
                                            {"joinByField", XF_JOIN_BY_FIELD},
                                            {"seriesToColumns", XF_JOIN_BY_FIELD},
                                            {"organize", XF_ORGANIZE},
                                            {"reduce", XF_REDUCE},
                                            {"filterFieldsByName", XF_FILTER_BY_NAME},
                                            {"filterByValue", XF_FILTER_BY_VALUE},
                                            {"renameByRegex", XF_RENAME_BY_REGEX},
                                            {"calculateField", XF_CALCULATE_FIELD},
                                            {"sortBy", XF_SORT_BY},
                                            {"labelsToFields", XF_LABELS_TO_FIELDS},
                                            {"groupBy", XF_GROUP_BY},
                                            {NULL, 0}};

/* An object's members as pairs (organize's excludeByName / indexByName /
 * renameByName); want: 'b' true flags only, 'n' numbers, 's' strings. */
static int pairs_of(struct loader *L, const json_t *obj, const char *path, char want,
                    struct xf_pair **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (!json_is_object(obj))
		return 0;
	size_t n = json_object_size(obj);
	if (n > CAIRN_MAX_XF_ITEMS)
		return jfield_limit_err(L, path, "names", n, CAIRN_MAX_XF_ITEMS);
	*out = g_new0(struct xf_pair, n ? n : 1);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)obj, k, v)
	{
		bool ok = want == 'b' ? truthy(v) : want == 'n' ? json_is_number(v) : json_is_string(v);
		if (!ok)
			continue;
		struct xf_pair *p = &(*out)[(*n_out)++];
		p->name = g_strdup(k);
		p->num = want == 'n' ? json_number_value(v) : 0;
		p->text = want == 's' ? g_strdup(json_string_value(v)) : NULL;
	}
	return 0;
}

static int xf_organize(struct loader *L, const json_t *o, const char *path,
                       struct cairn_transform *x)
{
	char sub[JFIELD_PATH_CAP];
	jfield_join(sub, path, "excludeByName");
	if (pairs_of(L, jfield_get(o, "excludeByName"), sub, 'b', &x->exclude, &x->n_exclude))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "indexByName");
	if (pairs_of(L, jfield_get(o, "indexByName"), sub, 'n', &x->order, &x->n_order))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "renameByName");
	return pairs_of(L, jfield_get(o, "renameByName"), sub, 's', &x->rename, &x->n_rename);
}

static int xf_reduce(struct loader *L, const json_t *o, const char *path,
                     struct cairn_transform *x)
{
	char sub[JFIELD_PATH_CAP];
	const char *mode = str_of(o, "mode");
	x->reduce_fields = mode && strcmp(mode, "reduceFields") == 0;
	x->include_time = truthy(jfield_get(o, "includeTimeField"));
	x->labels_to_fields = truthy(jfield_get(o, "labelsToFields"));
	jfield_join(sub, path, "reducers");
	return strv_of(L, jfield_get(o, "reducers"), sub, &x->reducers);
}

static int xf_filter_names(struct loader *L, const json_t *o, const char *path,
                           struct cairn_transform *x)
{
	char sub[JFIELD_PATH_CAP];
	json_t *inc = jfield_get(o, "include"), *exc = jfield_get(o, "exclude");
	jfield_join(sub, path, "include.names");
	if (strv_of(L, jfield_get(inc, "names"), sub, &x->include_names))
		return CAIRN_EINVAL;
	jfield_join(sub, path, "exclude.names");
	if (strv_of(L, jfield_get(exc, "names"), sub, &x->exclude_names))
		return CAIRN_EINVAL;
	x->include_pattern = dup_of(inc, "pattern");
	x->exclude_pattern = dup_of(exc, "pattern");
	return 0;
}

static const struct jfield_name value_ops[] = {{"greater", XV_GREATER},
                                               {"greaterOrEqual", XV_GREATER_OR_EQUAL},
                                               {"lower", XV_LOWER},
                                               {"lowerOrEqual", XV_LOWER_OR_EQUAL},
                                               {"equal", XV_EQUAL},
                                               {"notEqual", XV_NOT_EQUAL},
                                               {"range", XV_RANGE},
                                               {"regex", XV_REGEX},
                                               {"isNull", XV_IS_NULL},
                                               {"isNotNull", XV_IS_NOT_NULL},
                                               {NULL, 0}};

static double num_of(const json_t *v)
{
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_string(v)) {
		char *end;
		double d = strtod(json_string_value(v), &end);
		return end != json_string_value(v) ? d : NAN;
	}
	return NAN;
}

static int xf_filter_value(struct loader *L, const json_t *o, const char *path,
                           struct cairn_transform *x)
{
	const char *type = str_of(o, "type"), *match = str_of(o, "match");
	x->filter_exclude = type && strcmp(type, "exclude") == 0;
	x->match_all = match && strcmp(match, "all") == 0;
	json_t *fs = jfield_get(o, "filters");
	size_t n = json_array_size(fs);
	char sub[JFIELD_PATH_CAP];
	jfield_join(sub, path, "filters");
	if (n > CAIRN_MAX_XF_ITEMS)
		return jfield_limit_err(L, sub, "filters", n, CAIRN_MAX_XF_ITEMS);
	x->filters = g_new0(struct xf_value_filter, n ? n : 1);
	size_t i;
	json_t *f;
	json_array_foreach(fs, i, f)
	{
		json_t *cfg = jfield_get(f, "config"), *op = jfield_get(cfg, "options");
		const char *id = str_of(cfg, "id"), *name = str_of(f, "fieldName");
		if (!id || !name)
			continue;
		struct xf_value_filter *v = &x->filters[x->n_filters++];
		v->field = g_strdup(name);
		v->op = XV_OTHER;
		for (const struct jfield_name *t = value_ops; t->name; t++)
			if (strcmp(t->name, id) == 0)
				v->op = (enum xf_value_op)t->val;
		json_t *val = jfield_get(op, "value");
		v->a = v->op == XV_RANGE ? num_of(jfield_get(op, "from")) : num_of(val);
		v->b = num_of(jfield_get(op, "to"));
		v->text = json_is_string(val) ? g_strdup(json_string_value(val)) : NULL;
	}
	return 0;
}

/* calculateField's binary operands: {left, right} as strings (field names
 * or numbers), or 10.4's {left: {matcher|fixed}, …} objects. */
static char *operand_of(const json_t *b, const char *key)
{
	json_t *v = jfield_get(b, key);
	if (json_is_string(v))
		return g_strdup(json_string_value(v));
	if (json_is_number(v))
		return g_strdup_printf("%.17g", json_number_value(v));
	if (json_is_object(v)) {
		const char *fixed = str_of(v, "fixed");
		if (fixed)
			return g_strdup(fixed);
		return dup_of(jfield_get(v, "matcher"), "options");
	}
	return NULL;
}

static int xf_calculate(struct loader *L, const json_t *o, const char *path,
                        struct cairn_transform *x)
{
	char sub[JFIELD_PATH_CAP];
	const char *mode = str_of(o, "mode");
	x->calc_mode = !mode || strcmp(mode, "reduceRow") == 0 ? XCALC_REDUCE_ROW
	               : strcmp(mode, "binary") == 0          ? XCALC_BINARY
	                                                      : XCALC_OTHER;
	x->alias = dup_of(o, "alias");
	x->replace_fields = truthy(jfield_get(o, "replaceFields"));
	json_t *b = jfield_get(o, "binary"), *r = jfield_get(o, "reduce");
	x->left = operand_of(b, "left");
	x->right = operand_of(b, "right");
	const char *op = str_of(b, "operator");
	x->op = op && *op ? op[0] : '+';
	if (op && strcmp(op, "**") == 0)
		x->op = '^';
	const char *red = str_of(r, "reducer");
	x->reducers = g_new0(char *, 2);
	x->reducers[0] = g_strdup(red ? red : "sum");
	jfield_join(sub, path, "reduce.include");
	return strv_of(L, jfield_get(r, "include"), sub, &x->include_fields);
}

static int xf_labels(struct loader *L, const json_t *o, const char *path,
                     struct cairn_transform *x)
{
	char sub[JFIELD_PATH_CAP];
	const char *mode = str_of(o, "mode");
	x->labels_as_rows = mode && strcmp(mode, "rows") == 0;
	x->value_label = dup_of(o, "valueLabel");
	jfield_join(sub, path, "keepLabels");
	return strv_of(L, jfield_get(o, "keepLabels"), sub, &x->keep_labels);
}

static int xf_group_by(struct loader *L, const json_t *o, const char *path,
                       struct cairn_transform *x)
{
	json_t *fields = jfield_get(o, "fields");
	char sub[JFIELD_PATH_CAP];
	jfield_join(sub, path, "fields");
	if (!json_is_object(fields))
		return 0;
	size_t n = json_object_size(fields);
	if (n > CAIRN_MAX_XF_ITEMS)
		return jfield_limit_err(L, sub, "fields", n, CAIRN_MAX_XF_ITEMS);
	x->groups = g_new0(struct xf_group_field, n ? n : 1);
	const char *k;
	json_t *v;
	json_object_foreach(fields, k, v)
	{
		const char *op = str_of(v, "operation");
		if (!op || (strcmp(op, "groupby") != 0 && strcmp(op, "aggregate") != 0))
			continue;
		struct xf_group_field *g = &x->groups[x->n_groups++];
		g->name = g_strdup(k);
		g->group_by = strcmp(op, "groupby") == 0;
		if (strv_of(L, jfield_get(v, "aggregations"), sub, &g->calcs))
			return CAIRN_EINVAL;
	}
	return 0;
}

static int parse_one(struct loader *L, const json_t *j, const char *path, struct cairn_transform *x)
{
	char sub[JFIELD_PATH_CAP];
	x->json_path = g_strdup(path);
	if (!json_is_object(j))
		return jfield_type_err(L, path, "", "object", j);
	x->id = dup_of(j, "id");
	x->disabled = truthy(jfield_get(j, "disabled"));
	x->kind = XF_OTHER;
	for (const struct jfield_name *t = xf_ids; x->id && t->name; t++)
		if (strcmp(t->name, x->id) == 0)
			x->kind = (enum xf_kind)t->val;
	json_t *o = jfield_get(j, "options");
	jfield_join(sub, path, "options");
	switch (x->kind) {
	case XF_JOIN_BY_FIELD: {
		const char *mode = str_of(o, "mode");
		x->by_field = dup_of(o, "byField");
		x->join_mode = !mode                               ? XJOIN_OUTER
		               : strcmp(mode, "inner") == 0        ? XJOIN_INNER
		               : strcmp(mode, "outerTabular") == 0 ? XJOIN_OUTER_TABULAR
		                                                   : XJOIN_OUTER;
		return 0;
	}
	case XF_ORGANIZE: return xf_organize(L, o, sub, x);
	case XF_REDUCE: return xf_reduce(L, o, sub, x);
	case XF_FILTER_BY_NAME: return xf_filter_names(L, o, sub, x);
	case XF_FILTER_BY_VALUE: return xf_filter_value(L, o, sub, x);
	case XF_RENAME_BY_REGEX:
		x->regex = dup_of(o, "regex");
		x->rename_pattern = dup_of(o, "renamePattern");
		return 0;
	case XF_CALCULATE_FIELD: return xf_calculate(L, o, sub, x);
	case XF_SORT_BY: {
		jfield_join(sub, sub, "sort");
		json_t *s = jfield_get(o, "sort");
		return json_is_array(s) ? parse_sort(L, s, sub, &x->sort, &x->n_sort, "field") : 0;
	}
	case XF_LABELS_TO_FIELDS: return xf_labels(L, o, sub, x);
	case XF_GROUP_BY: return xf_group_by(L, o, sub, x);
	case XF_MERGE:
	case XF_OTHER:
	default: return 0;
	}
}

int tableload_transforms(struct loader *L, const json_t *panel, const char *path,
                         struct cairn_panel *p)
{
	json_t *arr;
	char tpath[JFIELD_PATH_CAP];
	if (jfield_kind(L, panel, "transformations", path, JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	size_t n = json_array_size(arr);
	jfield_join(tpath, path, "transformations");
	if (n > CAIRN_MAX_TRANSFORMS)
		return jfield_limit_err(L, tpath, "transformations", n, CAIRN_MAX_TRANSFORMS);
	if (n == 0)
		return 0;
	p->transforms = g_new0(struct cairn_transform, n);
	for (size_t i = 0; i < n; i++) {
		char ipath[JFIELD_PATH_CAP + 16];
		snprintf(ipath, sizeof ipath, "%s[%zu]", tpath, i);
		p->n_transforms = i + 1;
		if (parse_one(L, json_array_get(arr, i), ipath, &p->transforms[i]))
			return CAIRN_EINVAL;
	}
	return 0;
}

/* ---- freeing ------------------------------------------------------------ */

static void pairs_free(struct xf_pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_free(p[i].name);
		g_free(p[i].text);
	}
	g_free(p);
}

static void sorts_free(struct table_sort *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_free(s[i].name);
	g_free(s);
}

static void xf_free(struct cairn_transform *x)
{
	g_free(x->id);
	g_free(x->json_path);
	g_free(x->by_field);
	pairs_free(x->exclude, x->n_exclude);
	pairs_free(x->order, x->n_order);
	pairs_free(x->rename, x->n_rename);
	g_strfreev(x->reducers);
	g_strfreev(x->include_names);
	g_strfreev(x->exclude_names);
	g_free(x->include_pattern);
	g_free(x->exclude_pattern);
	for (size_t i = 0; i < x->n_filters; i++) {
		g_free(x->filters[i].field);
		g_free(x->filters[i].text);
	}
	g_free(x->filters);
	g_free(x->regex);
	g_free(x->rename_pattern);
	g_free(x->alias);
	g_free(x->left);
	g_free(x->right);
	g_strfreev(x->include_fields);
	sorts_free(x->sort, x->n_sort);
	g_free(x->value_label);
	g_strfreev(x->keep_labels);
	for (size_t i = 0; i < x->n_groups; i++) {
		g_free(x->groups[i].name);
		g_strfreev(x->groups[i].calcs);
	}
	g_free(x->groups);
}

void tableload_fini(struct cairn_panel *p)
{
	for (size_t i = 0; i < p->n_transforms; i++)
		xf_free(&p->transforms[i]);
	g_free(p->transforms);
	sorts_free(p->table.sort_by, p->table.n_sort_by);
	g_strfreev(p->table.footer_fields);
	g_free(p->text.content);
}
