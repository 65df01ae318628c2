/*
 * lint_check.c — `cairn lint`'s checks of the dashboard model alone: panel
 * types render/ does not draw (render_supports, so new panel types need no
 * change here), options the loader read but cairn ignores where the picture
 * changes (the model's *_OTHER values), units (units_support) and variables
 * that no templating entry defines.  Owns no I/O; the PromQL check is
 * lint_prom.c's.
 */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "cli/lint.h"
#include "dashboards/timerange.h"
#include "dashboards/vars.h"
#include "render/render.h"
#include "render/units.h"

void lint_add(struct lint_report *r, const char *file, const char *path,
	enum lint_severity sev, const char *check, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct lint_finding f = {
		.file = g_strdup(file),
		.path = g_strdup(path),
		.severity = sev,
		.check = check,
		.message = g_strdup_vprintf(fmt, ap),
	};
	va_end(ap);
	g_array_append_val(r->findings, f);
}

char *lint_path(const char *model_path, const char *key)
{
	const char *mp = model_path && *model_path ? model_path : NULL;
	if (mp && key)
		return g_strconcat("$.", mp, ".", key, NULL);
	if (mp || key)
		return g_strconcat("$.", mp ? mp : key, NULL);
	return g_strdup("$");
}

/* Adds a `check` finding at model_path.key (key may be NULL). */
__attribute__((format(printf, 7, 8))) static void add_at(struct lint_report *r,
	const char *file, const char *check, const char *model_path, const char *key,
	enum lint_severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *path = lint_path(model_path, key);
	lint_add(r, file, path, sev, check, "%s", msg);
	g_free(path);
	g_free(msg);
}

/* ---- panel types ----------------------------------------------------- */

static void check_type(struct lint_report *r, const char *file, const struct cairn_panel *p)
{
	if (p->is_row || render_supports(p->type))
		return;
	if (!*p->type)
		add_at(r, file, "type", p->json_path, NULL, LINT_ERROR,
			"panel has no type (a library panel?): cairn cannot draw it");
	else
		add_at(r, file, "type", p->json_path, "type", LINT_ERROR,
			"panel type '%s' is not drawn by cairn: it shows \"not supported\" in its place",
			p->type);
}

/* ---- options cairn ignores ------------------------------------------- */

static void check_transforms(struct lint_report *r, const char *file, const struct cairn_panel *p)
{
	for (size_t i = 0; i < p->n_transforms; i++) {
		const struct cairn_transform *x = &p->transforms[i];
		if (x->disabled)
			continue;
		if (x->kind == XF_OTHER) {
			add_at(r, file, "option", x->json_path, "id", LINT_ERROR,
				"transformation '%s' is not applied by cairn: the panel is drawn "
				"without it and reported as an error", x->id ? x->id : "");
			continue;
		}
		if (x->kind == XF_CALCULATE_FIELD && x->calc_mode == XCALC_OTHER) {
			add_at(r, file, "option", x->json_path, "options.mode", LINT_WARNING,
				"calculateField: this mode is not applied by cairn");
		}
		for (size_t k = 0; k < x->n_filters; k++) {
			if (x->filters[k].op != XV_OTHER)
				continue;
			char *fp = g_strdup_printf("%s.options.filters[%zu].config.id", x->json_path, k);
			add_at(r, file, "option", fp, NULL, LINT_WARNING,
				"filterByValue: this condition is not known to cairn, which ignores it");
			g_free(fp);
		}
	}
}

static void check_field_options(struct lint_report *r, const char *file,
	const struct cairn_panel *p)
{
	if (p->defaults.color_mode == COLOR_OTHER && p->defaults.color_scheme[0]) {
		add_at(r, file, "option", p->json_path, "fieldConfig.defaults.color.mode", LINT_WARNING,
			"color mode '%s' is not known to cairn (Grafana 10.4's are palette-classic, "
			"palette-classic-by-name, fixed, shades, thresholds and continuous-*)",
			p->defaults.color_scheme);
	}
	if (strcmp(p->type, "table") == 0 && p->defaults.table.cell == CELL_OTHER) {
		add_at(r, file, "option", p->json_path, "fieldConfig.defaults.custom.cellOptions.type",
			LINT_WARNING, "this cell type is not drawn by cairn: cells show as text");
	}
	for (size_t i = 0; i < p->n_overrides; i++) {
		if (p->overrides[i].kind != MATCH_OTHER)
			continue;
		char *op = g_strdup_printf("%s.fieldConfig.overrides[%zu].matcher.id", p->json_path, i);
		add_at(r, file, "option", op, NULL, LINT_WARNING,
			"this override's matcher is not known to cairn: its properties are not applied "
			"(cairn matches byName, byRegexp and byFrameRefID)");
		g_free(op);
	}
}

/* ---- units -------------------------------------------------------------- */

static void check_unit(struct lint_report *r, const char *file, const char *model_path,
	const char *key, const char *unit)
{
	switch (units_support(unit)) {
	case UNIT_FORMATTED:
		return;
	case UNIT_PLAIN:
		add_at(r, file, "unit", model_path, key, LINT_WARNING,
			"unit '%s' is a Grafana date/time unit cairn does not format: values show as "
			"plain numbers", unit);
		break;
	case UNIT_UNKNOWN:
		add_at(r, file, "unit", model_path, key, LINT_WARNING,
			"unknown unit '%s': Grafana and cairn show it as a suffix of the plain number "
			"(custom units are written suffix:TEXT, prefix:TEXT, si:TEXT, count:TEXT, "
			"currency:TEXT or time:FORMAT)", unit);
		break;
	}
}

/* Where the panel's unit came from: fieldConfig, else a legacy panel's own
 * key (graph: the left y axis' format; singlestat: format). */
static const char *unit_key(const struct cairn_panel *p)
{
	if (p->defaults.set & FC_SET_UNIT)
		return "fieldConfig.defaults.unit";
	if (strcmp(p->type, "graph") == 0)
		return "yaxes[0].format";
	if (p->migrated_from && strcmp(p->migrated_from, "singlestat") == 0)
		return "format";
	return "fieldConfig.defaults.unit";
}

static void check_units(struct lint_report *r, const char *file, const struct cairn_panel *p)
{
	if (p->defaults.unit[0])
		check_unit(r, file, p->json_path, unit_key(p), p->defaults.unit);
	for (size_t i = 0; i < p->n_overrides; i++) {
		const struct field_config *fc = &p->overrides[i].props;
		if (!(fc->set & FC_SET_UNIT) || !fc->unit[0])
			continue;
		char *op = g_strdup_printf("%s.fieldConfig.overrides[%zu]", p->json_path, i);
		check_unit(r, file, op, "properties", fc->unit);
		g_free(op);
	}
}

/* ---- times -------------------------------------------------------------- */

/* The dashboard's range and the panels' own (timeFrom, timeShift), read as a
 * render reads them: one that does not parse makes cairn render refuse the
 * dashboard, as the request path does. */
static void check_times(struct lint_report *r, const char *file, const struct cairn_dashboard *d)
{
	double now = (double)time(NULL), from = 0, to = 0;
	struct cairn_err e = { 0 };
	bool ok_from = time_parse(d->time_from, now, false, d->timezone, &from, &e) == 0;
	if (!ok_from)
		add_at(r, file, "time", "time.from", NULL, LINT_ERROR, "%s", e.msg);
	if (time_parse(d->time_to, now, true, d->timezone, &to, &e))
		add_at(r, file, "time", "time.to", NULL, LINT_ERROR, "%s", e.msg);
	else if (ok_from && !(to > from))
		add_at(r, file, "time", "time", NULL, LINT_ERROR,
			"\"%s\" to \"%s\" is an empty or reversed range", d->time_from, d->time_to);
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct cairn_panel *p = &d->panels[i];
		const char *tf = p->time_from, *ts = p->time_shift;
		char *expr = tf && *tf ? (g_str_has_prefix(tf, "now") ? g_strdup(tf)
			: g_strconcat("now-", tf, NULL)) : NULL;
		if (expr && time_parse(expr, now, false, d->timezone, &from, &e))
			add_at(r, file, "time", p->json_path, "timeFrom", LINT_ERROR, "%s", e.msg);
		g_free(expr);
		expr = ts && *ts ? g_strconcat("now-", ts, NULL) : NULL;
		if (expr && time_parse(expr, now, false, d->timezone, &from, &e))
			add_at(r, file, "time", p->json_path, "timeShift", LINT_ERROR, "%s", e.msg);
		g_free(expr);
	}
}

/* ---- variables ------------------------------------------------------- */

/* Grafana's global and macro variables (templateSrv, the Prometheus
 * datasource, data links), by name without the "$". */
static bool is_builtin(const char *name, size_t len)
{
	static const char *const names[] = {
		"__interval", "__interval_ms", "__rate_interval", "__rate_interval_ms", "__range",
		"__range_s", "__range_ms", "__from", "__to", "__dashboard", "__name", "__org",
		"__user", "__timezone", "__url_time_range", "__all_variables", "__field",
		"__series", "__value", "__data", "__searchFilter", "__timeFilter", "__auto",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
			return true;
	/* legacy table links ($__cell_0), interval variables' auto values */
	return (len > 6 && strncmp(name, "__cell", 6) == 0) ||
	       (len > 15 && strncmp(name, "__auto_interval", 15) == 0);
}

struct var_walk {
	struct lint_report *r;
	const char *file;
	const struct cairn_dashboard *d;
	const char *path;          /* the text's JSON path */
	enum lint_severity sev;
	GHashTable *seen;          /* names reported for this text */
};

static bool is_defined(const struct cairn_dashboard *d, const char *name, size_t len)
{
	for (size_t i = 0; i < d->n_variables; i++) {
		const char *v = d->variables[i].name;
		if (v && strlen(v) == len && strncmp(v, name, len) == 0)
			return true;
	}
	/* an exported dashboard's placeholders, which its import fills */
	for (size_t i = 0; i < d->n_inputs; i++)
		if (strlen(d->inputs[i]) == len && strncmp(d->inputs[i], name, len) == 0)
			return true;
	return is_builtin(name, len);
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isdigit(s[i]))
			return false;
	return true;
}

static void on_ref(const char *name, size_t len, size_t at, void *ctx)
{
	struct var_walk *w = ctx;
	(void)at;
	/* $1 is a regex group in label_replace and legends, never a variable */
	if (all_digits(name, len) || is_defined(w->d, name, len))
		return;
	char *n = g_strndup(name, len);
	if (!g_hash_table_add(w->seen, n))
		return;
	lint_add(w->r, w->file, w->path, w->sev, "variable",
		"variable '%s' is not defined by any templating entry (nor a Grafana built-in)", n);
}

static void check_text(struct var_walk *w, const char *model_path, const char *key,
	const char *text, enum lint_severity sev)
{
	if (!text || !strpbrk(text, "$["))
		return;
	char *path = lint_path(model_path, key);
	w->path = path;
	w->sev = sev;
	g_hash_table_remove_all(w->seen);
	var_each_ref(text, on_ref, w);
	g_free(path);
}

static void check_panel_vars(struct var_walk *w, const struct cairn_panel *p)
{
	check_text(w, p->json_path, "title", p->title, LINT_WARNING);
	check_text(w, p->json_path, "datasource", p->datasource, LINT_WARNING);
	check_text(w, p->json_path, "interval", p->interval, LINT_WARNING);
	if (strcmp(p->type, "text") == 0)
		check_text(w, p->json_path, "options.content", p->text.content, LINT_WARNING);
	if (p->repeat && !is_defined(w->d, p->repeat, strlen(p->repeat))) {
		char *path = lint_path(p->json_path, "repeat");
		lint_add(w->r, w->file, path, LINT_WARNING, "variable",
			"repeats by variable '%s', which no templating entry defines: drawn once",
			p->repeat);
		g_free(path);
	}
	for (size_t i = 0; i < p->n_targets; i++) {
		const struct cairn_target *t = &p->targets[i];
		check_text(w, t->json_path, "expr", t->expr, LINT_ERROR);
		check_text(w, t->json_path, "datasource", t->datasource, LINT_WARNING);
		check_text(w, t->json_path, "legendFormat", t->legend_format, LINT_WARNING);
		check_text(w, t->json_path, "interval", t->interval, LINT_WARNING);
	}
}

static void check_vars(struct lint_report *r, const char *file, const struct cairn_dashboard *d)
{
	struct var_walk w = { .r = r, .file = file, .d = d,
		.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
	for (size_t i = 0; i < d->n_variables; i++) {
		const struct cairn_variable *v = &d->variables[i];
		if (v->type == VAR_QUERY)
			check_text(&w, v->json_path, "query", v->query, LINT_ERROR);
	}
	for (size_t i = 0; i < d->n_panels; i++)
		check_panel_vars(&w, &d->panels[i]);
	g_hash_table_destroy(w.seen);
}

void lint_check_model(struct lint_report *r, const char *file, const struct cairn_dashboard *d)
{
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct cairn_panel *p = &d->panels[i];
		if (p->is_row)
			continue;
		check_type(r, file, p);
		if (render_supports(p->type)) {
			check_transforms(r, file, p);
			check_field_options(r, file, p);
		}
		check_units(r, file, p);
	}
	check_times(r, file, d);
	check_vars(r, file, d);
}
