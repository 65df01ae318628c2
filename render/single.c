/*
 * single.c — values and placement shared by stat, gauge and bar gauge
 * (single.h), after @grafana/data's getFieldDisplayValues and
 * @grafana/ui's VizRepeater and calculateGridDimensions.
 *
 * A cairn series is one Grafana frame (Time, Value); its NaN samples are
 * the grid's gaps, which Grafana's frame does not have, so values are
 * reduced over the samples present.
 */
#include "render/single.h"

#include <glib.h>
#include <math.h>
#include <string.h>
#include "base/jsregex.h"

/* The samples present, in order (a frame's Value field). */
static size_t present(const struct series *s, double *out)
{
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->v[i]))
			out[k++] = s->v[i];
	return k;
}

/* findNumericFieldMinMax: over every series of the panel. */
static void data_range(const struct cairn_result *d, double *min, double *max)
{
	*min = NAN;
	*max = NAN;
	for (size_t i = 0; d && i < d->n_series; i++)
		for (size_t j = 0; j < d->series[i].n; j++) {
			double v = d->series[i].v[j];
			if (isnan(v))
				continue;
			if (isnan(*min) || v < *min)
				*min = v;
			if (isnan(*max) || v > *max)
				*max = v;
		}
}

/* reduceOptions.fields: "" takes every numeric field; otherwise Grafana's
 * byRegexp matcher on the display name (a bare name matches whole).  A pattern that does not compile
 * matches nothing, as a JS regex that throws would leave the panel empty. */
static bool field_wanted(GRegex *re, bool have_pattern, const char *name)
{
	if (!have_pattern)
		return true;
	return re && jsregex_match(re, name, NULL) == 1;
}

/* getFieldDisplayValues' second expansion of config.displayName, with
 * ${__calc} (also $__calc, [[__calc]], ${__calc:fmt}) set to the calc's id:
 * the only template the first (render/dispname.h) leaves for it. */
static const char *calc_title(const char *title, enum reducer_id calc, char *buf, size_t cap)
{
	if (!strstr(title, "__calc"))
		return title;
	GString *out = g_string_new(NULL);
	for (const char *p = title; *p;) {
		size_t skip = 0;
		if (g_str_has_prefix(p, "$__calc") && !g_ascii_isalnum(p[7]) && p[7] != '_')
			skip = 7;
		else if (g_str_has_prefix(p, "[[__calc]]"))
			skip = 10;
		else if ((g_str_has_prefix(p, "${__calc}") || g_str_has_prefix(p, "${__calc:")) &&
		         strchr(p, '}'))
			skip = (size_t)(strchr(p, '}') - p) + 1;
		if (skip) {
			g_string_append(out, reduce_id_name(calc));
			p += skip;
		} else {
			g_string_append_c(out, *p++);
		}
	}
	g_strlcpy(buf, out->str, cap);
	g_string_free(out, TRUE);
	return buf;
}

static void push(GArray *a, const struct theme *th, const struct field_config *fc, double v,
                 double min, double max, uint32_t color, const char *title,
                 const struct series *s)
{
	struct single_value sv = {.s = s, .fc = fc, .min = min, .max = max};
	struct display_field f = {.fc = fc, .min = min, .max = max, .series_color = color};
	display_number(th, &f, v, &sv.d);
	if (title) {
		g_strlcpy(sv.title, title, sizeof sv.title);
		sv.has_title = true;
	}
	g_array_append_val(a, sv);
}

/* createNoValuesFieldDisplay: the panel defaults' display of null, text
 * "No data" unless noValue says otherwise, min/max 0 when unset. */
static void push_no_data(GArray *a, const struct cairn_panel *p, const struct theme *th)
{
	struct single_value sv = {.fc = &p->defaults};
	sv.min = isnan(p->defaults.min) ? 0 : p->defaults.min;
	sv.max = isnan(p->defaults.max) ? 0 : p->defaults.max;
	struct display_field f = {.fc = &p->defaults, .min = NAN, .max = NAN,
	                          .series_color = theme_palette(th, 0)};
	display_number(th, &f, NAN, &sv.d);
	if (!sv.d.text[0])
		g_strlcpy(sv.d.text, "No data", sizeof sv.d.text);
	sv.d.numeric = 0;
	g_array_append_val(a, sv);
}

size_t single_values(const struct cairn_panel *p, const struct theme *th,
                     const struct cairn_result *data, const struct field_res *fields,
                     struct single_value **out)
{
	const struct reduce_opts *ro = &p->single.reduce;
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct single_value));
	size_t limit = ro->limit > 0 ? (size_t)ro->limit : SINGLE_DEFAULT_LIMIT;
	if (limit > SINGLE_MAX_VALUES)
		limit = SINGLE_MAX_VALUES;
	bool have_pattern = ro->fields && *ro->fields;
	GRegex *re = have_pattern ? display_regex_new(ro->fields, NULL) : NULL;
	double gmin, gmax;
	data_range(data, &gmin, &gmax);
	size_t n = data && fields && data->status == RESULT_OK ? data->n_series : 0;
	bool hit_limit = false;
	for (size_t i = 0; i < n && !hit_limit; i++) {
		const struct series *s = &data->series[i];
		const struct field_res *f = &fields[i];
		if (!field_wanted(re, have_pattern, f->name))
			continue;
		/* getFieldDisplayValues' title: config.displayName (expanded), else
		 * getFieldDisplayName */
		const char *title = f->config_name ? f->config_name : f->name;
		double min, max;
		display_range(&f->fc, gmin, gmax, &min, &max);
		double *v = g_new(double, s->n ? s->n : 1);
		size_t k = present(s, v);
		if (ro->values) {
			for (size_t j = 0; j < k && !hit_limit; j++) {
				/* each value its own palette colour, by its index */
				push(a, th, &f->fc, v[j], min, max, theme_palette(th, a->len), title, s);
				hit_limit = a->len >= limit;
			}
		} else {
			double r[RED_N];
			reduce_all(v, k, r);
			/* a model filled by hand without calcs: the loader's default */
			static const enum reducer_id last_nn = RED_LAST_NN;
			size_t nc = ro->n_calcs ? ro->n_calcs : 1;
			const enum reducer_id *calcs = ro->n_calcs ? ro->calcs : &last_nn;
			for (size_t c = 0; c < nc && a->len < SINGLE_MAX_VALUES; c++) {
				char buf[256];
				push(a, th, &f->fc, r[calcs[c]], min, max, f->color,
				     calc_title(title, calcs[c], buf, sizeof buf), s);
			}
			hit_limit = a->len >= SINGLE_MAX_VALUES;
		}
		g_free(v);
	}
	if (re)
		g_regex_unref(re);
	if (a->len == 0)
		push_no_data(a, p, th);
	size_t len = a->len;
	*out = (struct single_value *)(void *)g_array_free(a, FALSE);
	return len;
}

static void longer(char *dst, size_t cap, const char *src)
{
	if (g_utf8_strlen(src, -1) > g_utf8_strlen(dst, -1))
		g_strlcpy(dst, src, cap);
}

void single_align(const struct single_value *v, size_t n, struct single_align *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		longer(out->text, sizeof out->text, v[i].d.text);
		longer(out->prefix, sizeof out->prefix, v[i].d.prefix);
		longer(out->suffix, sizeof out->suffix, v[i].d.suffix);
		if (v[i].has_title)
			longer(out->title, sizeof out->title, v[i].title);
	}
}

/* calculateSizeOfChild */
static double child_size(double pw, double ph, size_t n)
{
	double parts = ceil(sqrt((double)n * pw / ph));
	if (floor(parts * ph / pw) * parts < (double)n)
		return ph / ceil(parts * ph / pw);
	return pw / parts;
}

static void grid(struct rect area, size_t n, double sp, struct rect *boxes)
{
	double W = area.w, H = area.h;
	double sq = fmax(child_size(W, H, n), child_size(H, W, n));
	double xc = floor(W / sq);
	if (xc < 1)
		xc = 1;
	double yc = ceil((double)n / xc);
	xc = ceil((double)n / yc);
	double last = xc - (xc * yc - (double)n);
	double w = W / xc - sp + sp / xc, h = H / yc - sp + sp / yc;
	double w_last = W / last - sp + sp / last;
	size_t gx = 0, gy = 0;
	for (size_t i = 0; i < n; i++) {
		double iw = (double)gy == yc - 1 ? w_last : w;
		boxes[i] = (struct rect){area.x + (double)gx * iw + sp * (double)gx,
		                         area.y + (double)gy * h + sp * (double)gy, iw, h};
		if ((double)++gx == xc) {
			gx = 0;
			gy++;
		}
	}
}

void single_layout(struct rect area, size_t n, const struct single_repeat *rp, struct rect *boxes,
                   enum viz_orientation *resolved)
{
	double sp = rp->spacing;
	enum viz_orientation o = rp->orientation;
	*resolved = o;
	if (n == 0)
		return;
	if (rp->auto_grid && o == ORIENT_AUTO) {
		grid(area, n, sp, boxes);
		return;
	}
	if (o == ORIENT_AUTO)
		o = area.w > area.h ? ORIENT_VERTICAL : ORIENT_HORIZONTAL;
	*resolved = o;
	double dn = (double)n;
	if (o == ORIENT_HORIZONTAL) {
		double h = (area.h + sp) / dn - sp;
		double hi = rp->max_h > 0 ? rp->max_h : h;
		h = fmax(fmin(h, hi), rp->min_h); /* lodash clamp(h, min, max) */
		for (size_t i = 0; i < n; i++)
			boxes[i] = (struct rect){area.x, area.y + (double)i * (h + sp), area.w, h};
		return;
	}
	double w = fmax(area.w / dn - sp + sp / dn, rp->min_w);
	double free = area.w - dn * w - (dn - 1) * sp;
	double gap = sp + (n > 1 && free > 0 ? free / (dn - 1) : 0);
	for (size_t i = 0; i < n; i++)
		boxes[i] = (struct rect){area.x + (double)i * (w + gap), area.y, w, area.h};
}

double single_font_size(double w14, double w, double h, double line_height, double max_size)
{
	double by_w = w / (w14 + 2) * 14;
	double by_h = h / line_height;
	double s = fmin(by_h, by_w);
	return max_size > 0 ? fmin(s, max_size) : s;
}
