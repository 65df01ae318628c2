/*
 * load.c — Grafana dashboard JSON → struct cairn_dashboard.
 *
 * The dashboard, its panels, targets and panel options; the loader's other
 * seams are its own files: jfield.c (typed JSON access with paths),
 * fieldconfig.c (defaults and overrides, where Grafana's field defaults are
 * applied), legacy.c (the Angular graph panel) and templating.c (variables).
 * json_t never leaves dashboards/.  Lenient where Grafana is (missing keys,
 * unknown keys, numbers as strings); strict on wrong types, with the JSON
 * path in the message.  Variable values, time parsing and layout live in
 * vars.c, timerange.c and layout.c.
 */
#include "dashboards/load.h"
#include "dashboards/fieldconfig.h"
#include "dashboards/jfield.h"
#include "dashboards/layout.h"
#include "dashboards/legacy.h"
#include "dashboards/migrate.h"
#include "dashboards/tableload.h"
#include "dashboards/templating.h"
#include "dashboards/timerange.h"
#include "dashboards/pieopts.h"
#include "dashboards/timelineopts.h"
#include "dashboards/vizopts.h"
#include "dashboards/hmopts.h"
#include "dashboards/barsopts.h"

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- options.legend ---------------------------------------------------- */

static const struct jfield_name calc_ids[] = {{"min", CALC_MIN},
                                              {"max", CALC_MAX},
                                              {"mean", CALC_MEAN},
                                              {"last", CALC_LAST},
                                              {"lastNotNull", CALC_LAST_NN},
                                              {"first", CALC_FIRST},
                                              {"firstNotNull", CALC_FIRST_NN},
                                              {"sum", CALC_SUM},
                                              {"count", CALC_COUNT},
                                              {NULL, 0}};

static void add_calc(struct legend_opts *lo, unsigned calc)
{
	if ((lo->calcs & calc) || lo->n_calc_order == CAIRN_LEGEND_CALCS)
		return;
	lo->calcs |= calc;
	lo->calc_order[lo->n_calc_order++] = calc;
}

static int parse_calcs(struct loader *L, const json_t *lg, const char *path,
                       struct legend_opts *out)
{
	json_t *calcs;
	if (jfield_kind(L, lg, "calcs", path, JSON_ARRAY, &calcs))
		return CAIRN_EINVAL;
	size_t i;
	json_t *c;
	json_array_foreach(calcs, i, c)
	{
		if (!json_is_string(c))
			continue;
		for (const struct jfield_name *t = calc_ids; t->name; t++)
			if (strcmp(t->name, json_string_value(c)) == 0)
				add_calc(out, (unsigned)t->val);
	}
	return 0;
}

static int parse_legend(struct loader *L, const json_t *lg, const char *path,
                        struct legend_opts *out)
{
	char mode[16] = "", place[16] = "";
	if (jfield_bool(L, lg, "showLegend", path, &out->show) ||
	    jfield_strbuf(L, lg, "displayMode", path, mode, sizeof mode) ||
	    jfield_strbuf(L, lg, "placement", path, place, sizeof place) ||
	    jfield_number(L, lg, "width", path, &out->width, NULL) ||
	    jfield_strbuf(L, lg, "sortBy", path, out->sort_by, sizeof out->sort_by) ||
	    jfield_bool(L, lg, "sortDesc", path, &out->sort_desc) || parse_calcs(L, lg, path, out))
		return CAIRN_EINVAL;
	if (strcmp(mode, "hidden") == 0)
		out->show = false;
	out->mode = strcmp(mode, "table") == 0 ? LEGEND_TABLE : LEGEND_LIST;
	out->placement = strcmp(place, "right") == 0 ? LEGEND_RIGHT : LEGEND_BOTTOM;
	return 0;
}

static int parse_options(struct loader *L, const json_t *panel, const char *path,
                         struct cairn_panel *p)
{
	json_t *opts, *lg, *tt;
	char opath[JFIELD_PATH_CAP], sub[JFIELD_PATH_CAP];
	if (jfield_kind(L, panel, "options", path, JSON_OBJECT, &opts))
		return CAIRN_EINVAL;
	if (!opts)
		return 0;
	jfield_join(opath, path, "options");
	if (jfield_kind(L, opts, "legend", opath, JSON_OBJECT, &lg) ||
	    jfield_kind(L, opts, "tooltip", opath, JSON_OBJECT, &tt))
		return CAIRN_EINVAL;
	jfield_join(sub, opath, "legend");
	if (lg && parse_legend(L, lg, sub, &p->legend))
		return CAIRN_EINVAL;
	if ((vizopts_applies(p->type) || pieopts_applies(p->type)) &&
	    vizopts_parse(L, opts, opath, &p->single))
		return CAIRN_EINVAL;
	if (pieopts_applies(p->type) && pieopts_parse(L, opts, opath, &p->pie))
		return CAIRN_EINVAL;
	if (tableload_options(L, opts, opath, p) || timelineopts_parse(L, opts, opath, p))
		return CAIRN_EINVAL;
	if (barsopts_parse(L, opts, opath, p))
		return CAIRN_EINVAL;
	jfield_join(sub, opath, "tooltip");
	return tt ? jfield_string(L, tt, "mode", sub, &p->tooltip_mode) : 0;
}
/* ---- targets ----------------------------------------------------------- */

static int parse_datasource(struct loader *L, const json_t *panel, const char *path, char **out);

static int parse_target(struct loader *L, const json_t *t, const char *path,
                        struct cairn_target *out)
{
	char fmt[16] = "", qtype[16] = "";
	bool have_range = false;
	out->interval_factor = 1;
	out->json_path = g_strdup(path);
	if (!json_is_object(t))
		return jfield_type_err(L, path, "", "object", t);
	if (jfield_strbuf(L, t, "refId", path, out->ref_id, sizeof out->ref_id) ||
	    jfield_string(L, t, "expr", path, &out->expr) ||
	    jfield_string(L, t, "legendFormat", path, &out->legend_format) ||
	    jfield_string(L, t, "interval", path, &out->interval) ||
	    jfield_int(L, t, "intervalFactor", path, &out->interval_factor, NULL) ||
	    jfield_bool(L, t, "hide", path, &out->hide) ||
	    jfield_bool(L, t, "instant", path, &out->instant) ||
	    jfield_strbuf(L, t, "format", path, fmt, sizeof fmt) ||
	    jfield_strbuf(L, t, "queryType", path, qtype, sizeof qtype) ||
	    (jfield_get(t, "datasource") && parse_datasource(L, t, path, &out->datasource)))
		return CAIRN_EINVAL;
	if (strcmp(qtype, "instant") == 0)
		out->instant = true;
	out->range = !out->instant;
	have_range = jfield_get(t, "range") != NULL;
	if (have_range && jfield_bool(L, t, "range", path, &out->range))
		return CAIRN_EINVAL;
	out->format_table = strcmp(fmt, "table") == 0;
	out->format_heatmap = strcmp(fmt, "heatmap") == 0;
	if (out->interval_factor < 1)
		out->interval_factor = 1;
	return 0;
}

/* Grafana gives targets without refId the first free letter A, B, C… */
static void assign_ref_ids(struct cairn_target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].ref_id[0])
			continue;
		for (char c = 'A'; c <= 'Z'; c++) {
			bool used = false;
			for (size_t j = 0; j < n && !used; j++)
				used = t[j].ref_id[0] == c && t[j].ref_id[1] == '\0';
			if (!used) {
				t[i].ref_id[0] = c;
				t[i].ref_id[1] = '\0';
				break;
			}
		}
	}
}

static int parse_targets(struct loader *L, const json_t *panel, const char *path,
                         struct cairn_panel *p)
{
	json_t *arr;
	char tpath[JFIELD_PATH_CAP];
	if (jfield_kind(L, panel, "targets", path, JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	size_t n = json_array_size(arr);
	jfield_join(tpath, path, "targets");
	if (n > CAIRN_MAX_TARGETS)
		return jfield_limit_err(L, tpath, "targets", n, CAIRN_MAX_TARGETS);
	p->targets = g_new0(struct cairn_target, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		char ipath[JFIELD_PATH_CAP + 16];
		snprintf(ipath, sizeof ipath, "%s[%zu]", tpath, i);
		p->n_targets = i + 1;
		if (parse_target(L, json_array_get(arr, i), ipath, &p->targets[i]))
			return CAIRN_EINVAL;
	}
	assign_ref_ids(p->targets, n);
	return 0;
}

/* ---- panels ------------------------------------------------------------ */

/* Datasource as text: "$ds", {type, uid} → uid (else type), null → "". */
static int parse_datasource(struct loader *L, const json_t *panel, const char *path, char **out)
{
	json_t *ds = jfield_get(panel, "datasource");
	if (!ds) {
		*out = g_strdup("");
		return 0;
	}
	if (json_is_string(ds)) {
		*out = g_strdup(json_string_value(ds));
		return 0;
	}
	if (!json_is_object(ds))
		return jfield_type_err(L, path, "datasource", "string or object", ds);
	json_t *uid = jfield_get(ds, "uid"), *type = jfield_get(ds, "type");
	*out = g_strdup(json_is_string(uid)    ? json_string_value(uid)
	                : json_is_string(type) ? json_string_value(type)
	                                       : "");
	return 0;
}

static int parse_grid(struct loader *L, const json_t *panel, const char *path, struct grid_pos *g)
{
	json_t *gp;
	char gpath[JFIELD_PATH_CAP];
	*g = (struct grid_pos){0, 0, 6, 3}; /* Grafana's PanelModel default */
	if (jfield_kind(L, panel, "gridPos", path, JSON_OBJECT, &gp))
		return CAIRN_EINVAL;
	if (!gp)
		return 0;
	jfield_join(gpath, path, "gridPos");
	if (jfield_int(L, gp, "x", gpath, &g->x, NULL) ||
	    jfield_int(L, gp, "y", gpath, &g->y, NULL) ||
	    jfield_int(L, gp, "w", gpath, &g->w, NULL) ||
	    jfield_int(L, gp, "h", gpath, &g->h, NULL))
		return CAIRN_EINVAL;
	if (g->w < 1 || g->h < 1 || g->x < 0 || g->y < 0)
		return cairn_err_set(
		        L->err, CAIRN_EINVAL,
		        "%s: %s: x=%d y=%d w=%d h=%d: w and h must be >= 1, x and y >= 0", L->name,
		        gpath, g->x, g->y, g->w, g->h);
	/* react-grid-layout pulls panels back inside the 24 columns */
	if (g->w > GRID_COLUMNS)
		g->w = GRID_COLUMNS;
	if (g->x + g->w > GRID_COLUMNS)
		g->x = GRID_COLUMNS - g->w;
	return 0;
}

/* repeat, repeatDirection ("h"/"v") and maxPerRow; an empty repeat is none. */
static int parse_repeat(struct loader *L, const json_t *j, const char *path, struct cairn_panel *p)
{
	char dir[8] = "";
	json_t *r = jfield_get(j, "repeat");
	if ((r && json_is_string(r) && jfield_string(L, j, "repeat", path, &p->repeat)) ||
	    jfield_strbuf(L, j, "repeatDirection", path, dir, sizeof dir) ||
	    jfield_int(L, j, "maxPerRow", path, &p->max_per_row, NULL))
		return CAIRN_EINVAL;
	if (p->repeat && !*p->repeat)
		g_clear_pointer(&p->repeat, g_free);
	p->repeat_direction = dir[0] == 'v' ? 'v' : 'h';
	if (p->max_per_row < 0)
		p->max_per_row = 0;
	return 0;
}

static int parse_panel_fields(struct loader *L, const json_t *j, const char *path,
                              struct cairn_panel *p)
{
	json_t *tf = jfield_get(j, "timeFrom"), *ts = jfield_get(j, "timeShift");
	if (jfield_int(L, j, "id", path, &p->id, NULL) ||
	    jfield_string(L, j, "type", path, &p->type) ||
	    jfield_string(L, j, "title", path, &p->title) ||
	    jfield_string(L, j, "description", path, &p->description) ||
	    jfield_bool(L, j, "collapsed", path, &p->collapsed) ||
	    jfield_bool(L, j, "transparent", path, &p->transparent) ||
	    jfield_int(L, j, "maxDataPoints", path, &p->max_data_points, NULL) ||
	    jfield_string(L, j, "interval", path, &p->interval) ||
	    (tf && json_is_string(tf) && jfield_string(L, j, "timeFrom", path, &p->time_from)) ||
	    (ts && json_is_string(ts) && jfield_string(L, j, "timeShift", path, &p->time_shift)) ||
	    parse_datasource(L, j, path, &p->datasource) || parse_grid(L, j, path, &p->grid))
		return CAIRN_EINVAL;
	if (parse_repeat(L, j, path, p))
		return CAIRN_EINVAL;
	if (!p->type)
		p->type = g_strdup("");
	if (!p->title)
		p->title = g_strdup("");
	p->is_row = strcmp(p->type, "row") == 0;
	if (!p->is_row)
		p->collapsed = false;
	return 0;
}

static int parse_panel(struct loader *L, const json_t *j, const char *path, int row_index,
                       struct cairn_panel *p)
{
	p->json_path = g_strdup(path);
	p->row_index = row_index;
	fieldconfig_init(&p->defaults);
	p->legend = (struct legend_opts){.show = true};
	vizopts_init(&p->single);
	pieopts_init(&p->pie);
	tableload_init(p);
	hmopts_init(&p->heatmap);
	barsopts_init(p);
	timelineopts_init(&p->timeline);
	if (!json_is_object(j))
		return jfield_type_err(L, path, "", "object", j);
	if (parse_panel_fields(L, j, path, p) || parse_targets(L, j, path, p) ||
	    fieldconfig_parse(L, j, path, p) || parse_options(L, j, path, p) ||
	    tableload_transforms(L, j, path, p) || hmopts_parse(L, j, path, p))
		return CAIRN_EINVAL;
	if (strcmp(p->type, "text") == 0 && !p->text.content)
		p->text.content = g_strdup("# Title\n\nFor markdown syntax help: "
		                           "[commonmark.org/help](https://commonmark.org/help/)");
	if (strcmp(p->type, "graph") == 0 && legacy_graph(L, j, path, p))
		return CAIRN_EINVAL;
	if (strcmp(p->type, "singlestat") == 0 && legacy_singlestat(L, j, path, p))
		return CAIRN_EINVAL;
	/* stat, gauge and bar gauge colour by thresholds unless told otherwise
	 * (their plugins' default, and the display processor's) */
	if (vizopts_applies(p->type) && !(p->defaults.set & FC_SET_COLOR))
		p->defaults.color_mode = COLOR_THRESHOLDS;
	barsopts_field_defaults(p);
	pieopts_fields(p);
	return timelineopts_fields(L, p);
}

static size_t count_panels(const json_t *arr)
{
	size_t n = json_array_size(arr);
	size_t i;
	json_t *p;
	json_array_foreach(arr, i, p)
	{
		if (!json_is_true(jfield_get(p, "collapsed")) ||
		    !json_is_array(jfield_get(p, "panels")))
			continue;
		n += json_array_size(jfield_get(p, "panels"));
	}
	return n;
}

/* A migrated panel's path in the old layout (migrate.h), else `fallback`. */
static const char *panel_path(const json_t *j, const char *fallback)
{
	json_t *old = jfield_get(j, MIGRATE_PATH_KEY);
	return json_is_string(old) ? json_string_value(old) : fallback;
}

static int parse_row_children(struct loader *L, const json_t *row, const char *rpath, int row_index,
                              struct cairn_dashboard *d)
{
	json_t *kids = jfield_get(row, "panels");
	size_t i;
	json_t *k;
	json_array_foreach(kids, i, k)
	{
		char kpath[JFIELD_PATH_CAP];
		snprintf(kpath, sizeof kpath, "%s.panels[%zu]", rpath, i);
		struct cairn_panel *p = &d->panels[d->n_panels++];
		if (parse_panel(L, k, panel_path(k, kpath), row_index, p))
			return CAIRN_EINVAL;
	}
	return 0;
}

static int parse_panel_array(struct loader *L, const json_t *arr, struct cairn_dashboard *d);

/* panels[], or rows[] of the old layout migrated into it (migrate.h). */
static int parse_panels(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *rows = jfield_get(dash, "rows");
	if (json_is_array(rows) && !jfield_get(dash, "panels")) {
		json_t *migrated = migrate_rows(rows);
		int rc = parse_panel_array(L, migrated, d);
		json_decref(migrated);
		return rc;
	}
	json_t *arr;
	if (jfield_kind(L, dash, "panels", "", JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	return parse_panel_array(L, arr, d);
}

static int parse_panel_array(struct loader *L, const json_t *arr, struct cairn_dashboard *d)
{
	size_t total = count_panels(arr);
	if (total > CAIRN_MAX_PANELS)
		return jfield_limit_err(L, "panels", "panels (rows' panels included)", total,
		                        CAIRN_MAX_PANELS);
	d->panels = g_new0(struct cairn_panel, total ? total : 1);
	int row = -1;
	size_t i;
	json_t *j;
	json_array_foreach(arr, i, j)
	{
		char path[JFIELD_PATH_CAP];
		snprintf(path, sizeof path, "panels[%zu]", i);
		size_t at = d->n_panels++;
		struct cairn_panel *p = &d->panels[at];
		if (parse_panel(L, j, panel_path(j, path), row, p))
			return CAIRN_EINVAL;
		if (!p->is_row)
			continue;
		p->row_index = -1;
		row = (int)at;
		/* the same test as count_panels, which sized d->panels */
		if (json_is_true(jfield_get(j, "collapsed")) &&
		    json_is_array(jfield_get(j, "panels")) &&
		    parse_row_children(L, j, panel_path(j, path), row, d))
			return CAIRN_EINVAL;
	}
	return 0;
}
/* ---- the dashboard ----------------------------------------------------- */

static int parse_time(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *t;
	if (jfield_kind(L, dash, "time", "", JSON_OBJECT, &t) ||
	    jfield_string(L, t, "from", "time", &d->time_from) ||
	    jfield_string(L, t, "to", "time", &d->time_to) ||
	    jfield_string(L, dash, "timezone", "", &d->timezone))
		return CAIRN_EINVAL;
	if (!d->time_from)
		d->time_from = g_strdup("now-6h");
	if (!d->time_to)
		d->time_to = g_strdup("now");
	if (!d->timezone)
		d->timezone = g_strdup("");
	/* Checked here, not first when an axis needs it: a render whose range
	 * is given in unix seconds opens no zone for the range and would
	 * otherwise fall back to UTC without a word. */
	if (timerange_zone_check(d->timezone, L->err)) {
		cairn_err_prefix(L->err, "%s", L->name);
		return CAIRN_EINVAL;
	}
	return 0;
}

/* A panel's own JSON (Grafana's "Panel JSON" view, or grafana-ref's input)
 * has a type and targets but no panels[]: it renders as a one-panel
 * dashboard, so panels can be kept and checked on their own. */
static bool is_bare_panel(const json_t *j)
{
	return !jfield_get(j, "panels") && json_is_string(jfield_get(j, "type")) &&
	       (json_is_array(jfield_get(j, "targets")) ||
	        json_is_object(jfield_get(j, "fieldConfig")) ||
	        json_is_object(jfield_get(j, "options")));
}

static int parse_bare_panel(struct loader *L, const json_t *j, struct cairn_dashboard *d)
{
	d->panels = g_new0(struct cairn_panel, 1);
	d->n_panels = 1;
	if (parse_panel(L, j, "panel", -1, &d->panels[0]))
		return CAIRN_EINVAL;
	if (d->panels[0].id == 0)
		d->panels[0].id = 1;
	return 0;
}

static int parse_tags(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *arr, *t;
	size_t i;
	if (jfield_kind(L, dash, "tags", "", JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	size_t n = arr ? json_array_size(arr) : 0;
	if (n > CAIRN_MAX_TAGS)
		return jfield_limit_err(L, "tags", "tags", n, CAIRN_MAX_TAGS);
	d->tags = g_new0(char *, n + 1);
	json_array_foreach(arr, i, t)
		if (json_is_string(t))
			d->tags[d->n_tags++] = g_strdup(json_string_value(t));
	return 0;
}

/* __inputs[].name; entries without a string name are skipped, and an
 * __inputs that is not an array is no input (Grafana's import ignores it). */
static int parse_inputs(struct loader *L, const json_t *dash, struct cairn_dashboard *d)
{
	json_t *arr = jfield_get(dash, "__inputs"), *in;
	size_t i, n = json_is_array(arr) ? json_array_size(arr) : 0;
	if (n > CAIRN_MAX_VARIABLES)
		return jfield_limit_err(L, "__inputs", "inputs", n, CAIRN_MAX_VARIABLES);
	d->inputs = g_new0(char *, n + 1);
	json_array_foreach(arr, i, in)
		if (json_is_string(jfield_get(in, "name")))
			d->inputs[d->n_inputs++] = g_strdup(json_string_value(jfield_get(in, "name")));
	return 0;
}

static int parse_dashboard(struct loader *L, const json_t *root, struct cairn_dashboard *d)
{
	const json_t *dash = root;
	json_t *inner = jfield_get(root, "dashboard");
	if (!json_is_object(root))
		return jfield_type_err(L, "", "(top level)", "object", root);
	if (json_is_object(inner)) {
		dash = inner; /* the HTTP API / export wrapper */
		d->wrapped = true;
	}
	if (jfield_string(L, dash, "uid", "", &d->uid) ||
	    jfield_string(L, dash, "title", "", &d->title) ||
	    jfield_int(L, dash, "schemaVersion", "", &d->schema_version, NULL))
		return CAIRN_EINVAL;
	if (!d->title)
		d->title = g_strdup("");
	if (parse_tags(L, dash, d) || parse_inputs(L, dash, d))
		return CAIRN_EINVAL;
	if (is_bare_panel(dash))
		return parse_time(L, dash, d) || parse_bare_panel(L, dash, d) ? CAIRN_EINVAL : 0;
	return parse_time(L, dash, d) || parse_panels(L, dash, d) || templating_parse(L, dash, d)
	               ? CAIRN_EINVAL
	               : 0;
}

static int read_stream(FILE *f, const char *name, GByteArray *out, struct cairn_err *err)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > CAIRN_MAX_JSON_BYTES)
			return cairn_err_set(err, CAIRN_ELIMIT,
			                     "%s: larger than the %u MiB limit for dashboard JSON",
			                     name, CAIRN_MAX_JSON_BYTES >> 20);
		g_byte_array_append(out, (const guint8 *)chunk, (guint)n);
	}
	if (ferror(f))
		return cairn_err_set(err, CAIRN_EIO, "%s: read error: %s", name, strerror(errno));
	return 0;
}

struct cairn_dashboard *dash_load_file(const char *path, struct cairn_err *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct cairn_dashboard *d = NULL;
	if (!f) {
		cairn_err_set(err, CAIRN_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	GByteArray *buf = g_byte_array_new();
	if (read_stream(f, path, buf, err) == 0)
		d = dash_load_buffer((const char *)buf->data, buf->len, path, err);
	g_byte_array_free(buf, TRUE);
	if (!is_stdin)
		fclose(f);
	return d;
}

struct cairn_dashboard *dash_load_buffer(const char *buf, size_t len, const char *name,
                                         struct cairn_err *err)
{
	struct loader L = {.name = name ? name : "(buffer)", .err = err};
	struct cairn_dashboard *d = NULL;
	json_error_t jerr;
	json_t *root = NULL;

	if (len > CAIRN_MAX_JSON_BYTES) {
		cairn_err_set(err, CAIRN_ELIMIT,
		              "%s: larger than the %u MiB limit for dashboard JSON", L.name,
		              CAIRN_MAX_JSON_BYTES >> 20);
		return NULL;
	}
	root = json_loadb(buf ? buf : "", len, 0, &jerr);
	if (!root) {
		cairn_err_set(err, CAIRN_EINVAL, "%s:%d:%d: %s", L.name, jerr.line, jerr.column,
		              jerr.text);
		return NULL;
	}
	d = g_new0(struct cairn_dashboard, 1);
	d->path = g_strdup(L.name);
	int rc = parse_dashboard(&L, root, d);
	json_decref(root);
	if (rc)
		goto fail;
	return d;
fail:
	if (err && err->code == CAIRN_OK)
		cairn_err_set(err, CAIRN_EINVAL, "%s: invalid dashboard", L.name);
	dash_free(d);
	return NULL;
}

/* ---- freeing ----------------------------------------------------------- */

static void panel_fini(struct cairn_panel *p)
{
	for (size_t i = 0; i < p->n_targets; i++) {
		struct cairn_target *t = &p->targets[i];
		g_free(t->expr);
		g_free(t->legend_format);
		g_free(t->interval);
		g_free(t->json_path);
		g_free(t->datasource);
	}
	g_free(p->targets);
	for (size_t i = 0; i < p->n_overrides; i++) {
		g_free(p->overrides[i].pattern);
		fieldconfig_fini(&p->overrides[i].props);
	}
	g_free(p->overrides);
	fieldconfig_fini(&p->defaults);
	g_free(p->type);
	g_free(p->title);
	g_free(p->description);
	g_free(p->json_path);
	g_free(p->datasource);
	g_free(p->interval);
	g_free(p->time_from);
	g_free(p->time_shift);
	g_free(p->tooltip_mode);
	g_free(p->migrated_from);
	vizopts_fini(&p->single);
	barsopts_fini(p);
	g_free(p->repeat);
	tableload_fini(p);
	hmopts_fini(&p->heatmap);
}

void dash_free(struct cairn_dashboard *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_panels; i++)
		panel_fini(&d->panels[i]);
	g_free(d->panels);
	templating_free(d->variables, d->n_variables);
	g_free(d->path);
	g_free(d->uid);
	g_free(d->title);
	g_free(d->time_from);
	g_free(d->time_to);
	g_free(d->timezone);
	g_strfreev(d->tags);
	g_strfreev(d->inputs);
	g_free(d);
}

const struct cairn_panel *dash_get_panel(const struct cairn_dashboard *d, int id)
{
	for (size_t i = 0; d && i < d->n_panels; i++)
		if (d->panels[i].id == id && !d->panels[i].is_row)
			return &d->panels[i];
	for (size_t i = 0; d && i < d->n_panels; i++)
		if (d->panels[i].id == id)
			return &d->panels[i];
	return NULL;
}
