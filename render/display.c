/*
 * display.c — Grafana's display processor (display.h): value mappings,
 * unit formatting and the colour of a value by the field's colour mode.
 * Mapping regexes come from dashboards, so they go through base/jsregex.h's
 * bounds; one that fails is no match, reported to the caller.
 */
#include "render/display.h"
#include "render/fields.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/jsregex.h"
#include "render/units.h"

void display_range(const struct field_config *fc, double data_min, double data_max, double *min,
                   double *max)
{
	*min = isnan(fc->min) ? data_min : fc->min;
	*max = isnan(fc->max) ? data_max : fc->max;
}

GRegex *display_regex_new(const char *pattern, struct cairn_err *err)
{
	return fields_regex_new(pattern, err);
}

/* JavaScript's replacement syntax ($1, $&, $$) into GRegex's (\1, \0, $),
 * with GRegex's own backslashes escaped. */
static char *js_replacement(const char *r)
{
	GString *g = g_string_new(NULL);
	for (const char *p = r; *p; p++) {
		if (*p == '\\') {
			g_string_append(g, "\\\\");
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			g_string_append_printf(g, "\\%c", p[1]);
			p++;
		} else if (*p == '$' && p[1] == '&') {
			g_string_append(g, "\\0");
			p++;
		} else if (*p == '$' && p[1] == '$') {
			g_string_append_c(g, '$');
			p++;
		} else {
			g_string_append_c(g, *p);
		}
	}
	return g_string_free(g, FALSE);
}

/* value.match(re) and value.replace(re, text) (first match only, as JS
 * without the g flag).  1 matched (text filled), 0 not, -1 failed. */
static int regex_map(const struct value_mapping *m, const char *s, char *text, size_t cap,
                     struct cairn_err *why)
{
	GRegex *re = display_regex_new(m->key, why);
	if (!re)
		return -1;
	int hit = jsregex_match(re, s, why);
	if (hit == 1) {
		GMatchInfo *mi = NULL;
		g_regex_match(re, s, 0, &mi);
		gint start = 0, end = 0;
		g_match_info_fetch_pos(mi, 0, &start, &end);
		char *rep = js_replacement(m->text ? m->text : "");
		char *exp = g_match_info_expand_references(mi, rep, NULL);
		snprintf(text, cap, "%.*s%s%s", start, s, exp ? exp : "", s + end);
		g_free(exp);
		g_free(rep);
		g_match_info_free(mi);
	}
	g_regex_unref(re);
	return hit;
}

/* JavaScript's isNaN(s) for a string: Number(s) is NaN. */
static bool js_string_is_nan(const char *s)
{
	while (g_ascii_isspace(*s))
		s++;
	if (!*s)
		return false; /* Number("") is 0 */
	char *end;
	g_ascii_strtod(s, &end);
	while (g_ascii_isspace(*end))
		end++;
	return end == s || *end != '\0';
}

static bool special_match(enum mapping_special sp, double v, const char *str)
{
	bool null = !str && isnan(v);
	switch (sp) {
	case SPECIAL_NULL: /* cairn's NaN is both Grafana's null and its NaN */
		return null;
	case SPECIAL_NAN:
	case SPECIAL_NULL_NAN:
		return null || (str && js_string_is_nan(str));
	case SPECIAL_TRUE:
		return str && strcmp(str, "true") == 0;
	case SPECIAL_FALSE:
		return str && strcmp(str, "false") == 0;
	case SPECIAL_EMPTY:
		return str && !*str;
	default:
		return false;
	}
}

/* parseFloat(value): a leading number, NaN when there is none. */
static double parse_float(const char *s)
{
	while (g_ascii_isspace(*s))
		s++;
	char *end;
	double d = g_ascii_strtod(s, &end);
	if (end == s || (!isfinite(d) && strncmp(s, "Infinity", 8) && strncmp(s, "-Infinity", 9) &&
	                 strncmp(s, "+Infinity", 9)))
		return NAN;
	return d;
}

const struct value_mapping *display_mapping(const struct field_config *fc, double v,
                                            const char *str, char *text, size_t cap,
                                            struct cairn_err *why)
{
	char key[64];
	bool null = !str && isnan(v);
	if (!str && !null)
		units_js_number(v, key, sizeof key);
	const char *sval = str ? str : key;
	for (size_t i = 0; i < fc->n_mappings; i++) {
		const struct value_mapping *m = &fc->mappings[i];
		switch (m->type) {
		case MAP_VALUE:
			if (!null && m->key && strcmp(m->key, sval) == 0)
				goto hit;
			break;
		case MAP_RANGE: {
			double x = null ? NAN : str ? parse_float(str) : v;
			if (isnan(x) || (!isnan(m->from) && x < m->from) ||
			    (!isnan(m->to) && x > m->to))
				break;
			goto hit;
		}
		case MAP_REGEX:
			/* Grafana tests strings only; a number never matches */
				if (str && regex_map(m, str, text, cap, why) == 1) {
				if (!m->text)
					text[0] = '\0';
				return m;
			}
			/* and then falls through to the special test, as Grafana's
			 * switch does (a regex mapping has no "match": no hit) */
			break;
		case MAP_SPECIAL:
			if (special_match(m->match, v, str))
				goto hit;
			break;
		}
		continue;
	hit:
		g_strlcpy(text, m->text ? m->text : "", cap);
		return m;
	}
	return NULL;
}

/* ---- colours ----------------------------------------------------------- */

static const struct {
	const char *id;
	const char *colors[3];
} schemes[] = {
        {"continuous-GrYlRd", {"green", "yellow", "red"}},
        {"continuous-RdYlGr", {"red", "yellow", "green"}},
        {"continuous-BlYlRd", {"dark-blue", "super-light-yellow", "dark-red"}},
        {"continuous-YlRd", {"super-light-yellow", "dark-red", NULL}},
        {"continuous-BlPu", {"blue", "purple", NULL}},
        {"continuous-YlBl", {"super-light-yellow", "dark-blue", NULL}},
        {"continuous-blues", {"panel-bg", "blue", NULL}},
        {"continuous-reds", {"panel-bg", "red", NULL}},
        {"continuous-greens", {"panel-bg", "green", NULL}},
        {"continuous-purples", {"panel-bg", "purple", NULL}},
};

/* d3's interpolateBasis: a uniform B-spline through the values. */
static double basis(const double *v, size_t n, double t)
{
	size_t last = n - 1;
	size_t i = t <= 0 ? (t = 0, 0) : t >= 1 ? (t = 1, last - 1) : (size_t)floor(t * (double)last);
	double v1 = v[i], v2 = v[i + 1];
	double v0 = i > 0 ? v[i - 1] : 2 * v1 - v2;
	double v3 = i < last - 1 ? v[i + 2] : 2 * v2 - v1;
	double t1 = (t - (double)i / (double)last) * (double)last, t2 = t1 * t1, t3 = t2 * t1;
	return ((1 - 3 * t1 + 3 * t2 - t3) * v0 + (4 - 6 * t2 + 3 * t3) * v1 +
	        (1 + 3 * t1 + 3 * t2 - 3 * t3) * v2 + t3 * v3) /
	       6;
}

size_t display_scheme_colors(const struct theme *th, const char *scheme, uint32_t out[3])
{
	for (size_t s = 0; scheme && s < G_N_ELEMENTS(schemes); s++) {
		if (strcmp(schemes[s].id, scheme) != 0)
			continue;
		size_t n = 0;
		for (; n < 3 && schemes[s].colors[n]; n++) {
			out[n] = 0x808080FF;
			theme_color(th, schemes[s].colors[n], &out[n]);
		}
		return n;
	}
	return 0;
}

int display_scheme_color(const struct theme *th, const char *scheme, double percent, uint32_t *out)
{
	for (size_t s = 0; s < G_N_ELEMENTS(schemes); s++) {
		if (!scheme || strcmp(schemes[s].id, scheme) != 0)
			continue;
		double ch[4][3];
		size_t n = 0;
		for (; n < 3 && schemes[s].colors[n]; n++) {
			uint32_t c = 0x808080FF;
			theme_color(th, schemes[s].colors[n], &c);
			for (int k = 0; k < 4; k++)
				ch[k][n] = (double)((c >> (24 - 8 * k)) & 0xff);
		}
		double p = isnan(percent) ? 0 : percent;
		uint32_t c = 0;
		for (int k = 0; k < 4; k++) {
			double x = round(basis(ch[k], n, p));
			c |= (uint32_t)(x < 0 ? 0 : x > 255 ? 255 : x) << (24 - 8 * k);
		}
		*out = c;
		return 0;
	}
	return -1;
}

/* The field's colour for a value (NaN = null: Grafana's -Infinity). */
static uint32_t scale_color(const struct theme *th, const struct display_field *f, double v,
                            double percent)
{
	const struct field_config *fc = f->fc;
	uint32_t c;
	switch (fc->color_mode) {
	case COLOR_FIXED:
	case COLOR_SHADES:
		if (theme_color(th, fc->fixed_color_name, &c) == 0)
			return c;
		return fc->fixed_color != CAIRN_COLOR_NONE ? fc->fixed_color : theme_palette(th, 0);
	case COLOR_THRESHOLDS: {
		if (fc->thresholds.n == 0) /* getActiveThreshold's fallBackThreshold */
			return 0x808080FF;
		double x = isnan(v) ? -INFINITY
		           : fc->thresholds.mode == THRESH_PERCENTAGE ? percent * 100
		                                                       : v;
		size_t k = theme_threshold_index(&fc->thresholds, x);
		return theme_threshold_color(th, &fc->thresholds.steps[k]);
	}
	case COLOR_CONTINUOUS:
		if (display_scheme_color(th, fc->color_scheme, percent, &c) == 0)
			return c;
		return f->series_color;
	default:
		return f->series_color;
	}
}

static double percent_of(const struct display_field *f, double v)
{
	double p = (v - f->min) / (f->max - f->min);
	return isnan(p) ? 0 : p;
}

static void finish(const struct theme *th, const struct display_field *f, bool have_color,
                   struct display_value *out)
{
	if (!have_color) {
		double v = out->numeric;
		out->percent = isnan(v) ? 0 : percent_of(f, v);
		out->color = scale_color(th, f, v, out->percent);
	} else {
		out->percent = isnan(out->numeric) ? 0 : percent_of(f, out->numeric);
	}
	if (!out->text[0] && !out->prefix[0] && !out->suffix[0])
		g_strlcpy(out->text, f->fc->no_value, sizeof out->text);
}

/* The mapping's colour, when it has one; *c untouched otherwise. */
static bool mapping_color(const struct theme *th, const struct value_mapping *m, uint32_t *c)
{
	if (!m || !m->color_name[0])
		return false;
	if (theme_color(th, m->color_name, c) == 0)
		return true;
	if (m->color == CAIRN_COLOR_NONE)
		return false;
	*c = m->color;
	return true;
}

void display_number(const struct theme *th, const struct display_field *f, double v,
                    struct display_value *out)
{
	memset(out, 0, sizeof *out);
	out->numeric = v;
	out->mapping = display_mapping(f->fc, v, NULL, out->text, sizeof out->text, NULL);
	bool mapped_text = out->mapping && out->mapping->text;
	bool have_color = mapping_color(th, out->mapping, &out->color);
	if (!mapped_text) {
		out->text[0] = '\0';
		if (!isnan(v)) {
			struct unit_value u;
			units_format(f->fc->unit, v, f->fc->decimals, &u);
			g_strlcpy(out->prefix, u.prefix, sizeof out->prefix);
			g_strlcpy(out->text, u.text, sizeof out->text);
			g_strlcpy(out->suffix, u.suffix, sizeof out->suffix);
		}
	}
	finish(th, f, have_color, out);
}

void display_string(const struct theme *th, const struct display_field *f, const char *s,
                    struct display_value *out)
{
	memset(out, 0, sizeof *out);
	s = s ? s : "";
	char *end;
	double d = g_ascii_strtod(s, &end);
	out->numeric = (*s && *end == '\0') ? d : NAN;
	out->mapping = display_mapping(f->fc, NAN, s, out->text, sizeof out->text, NULL);
	bool have_color = mapping_color(th, out->mapping, &out->color);
	if (!out->mapping || !out->mapping->text)
		g_strlcpy(out->text, s, sizeof out->text);
	finish(th, f, have_color, out);
}

size_t display_join(const struct display_value *d, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%s%s%s", d->prefix, d->text, d->suffix);
	return n < 0 ? 0 : (size_t)n >= cap ? cap - 1 : (size_t)n;
}
