/*
 * pieopts.c — the pie chart's options (pieopts.h).  Lenient where Grafana
 * is: unknown names in the lists are skipped, and any pieType other than
 * "pie" is a donut (Grafana's layout tests for "pie" alone).  A wrong JSON
 * type is an error with its path, as everywhere in the loader.
 */
#include "dashboards/pieopts.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

void pieopts_init(struct pie_opts *o)
{
	memset(o, 0, sizeof *o);
}

bool pieopts_applies(const char *type)
{
	return type && strcmp(type, "piechart") == 0;
}

static const struct jfield_name label_names[] = {{"name", PIE_LABEL_NAME},
                                                 {"value", PIE_LABEL_VALUE},
                                                 {"percent", PIE_LABEL_PERCENT},
                                                 {NULL, 0}};
static const struct jfield_name legend_names[] = {
        {"value", PIE_LEGEND_VALUE}, {"percent", PIE_LEGEND_PERCENT}, {NULL, 0}};

/* obj[key], an array of names, into bits. */
static int parse_names(struct loader *L, const json_t *obj, const char *key, const char *path,
                       const struct jfield_name *tab, unsigned *bits)
{
	json_t *arr, *e;
	size_t i;
	if (jfield_kind(L, obj, key, path, JSON_ARRAY, &arr))
		return CAIRN_EINVAL;
	if (!arr)
		return 0;
	*bits = 0;
	json_array_foreach(arr, i, e)
	{
		if (!json_is_string(e)) {
			char sub[JFIELD_PATH_CAP], idx[32];
			jfield_join(sub, path, key);
			snprintf(idx, sizeof idx, "[%zu]", i);
			g_strlcat(sub, idx, sizeof sub);
			return jfield_type_err(L, sub, "", "string", e);
		}
		for (const struct jfield_name *t = tab; t->name; t++)
			if (strcmp(t->name, json_string_value(e)) == 0)
				*bits |= (unsigned)t->val;
	}
	return 0;
}

int pieopts_parse(struct loader *L, const json_t *o, const char *path, struct pie_opts *out)
{
	char type[32] = "pie", sub[JFIELD_PATH_CAP];
	json_t *lg;
	if (jfield_strbuf(L, o, "pieType", path, type, sizeof type) ||
	    parse_names(L, o, "displayLabels", path, label_names, &out->labels) ||
	    jfield_kind(L, o, "legend", path, JSON_OBJECT, &lg))
		return CAIRN_EINVAL;
	out->donut = strcmp(type, "pie") != 0;
	jfield_join(sub, path, "legend");
	return lg ? parse_names(L, lg, "values", sub, legend_names, &out->legend_values) : 0;
}

void pieopts_fields(struct cairn_panel *p)
{
	if (!pieopts_applies(p->type))
		return;
	p->defaults.thresholds.n = 0;
	p->defaults.set &= ~(uint32_t)FC_SET_THRESHOLDS;
	for (size_t i = 0; i < p->n_overrides; i++) {
		p->overrides[i].props.thresholds.n = 0;
		p->overrides[i].props.set &= ~(uint32_t)FC_SET_THRESHOLDS;
	}
}
