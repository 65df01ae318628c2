/*
 * test_dispname.c — displayName templates (render/dispname.h) and how
 * render/fields applies them: every template form, dashboard variables,
 * defaults then overrides (byName and byRegexp matching the name so far),
 * Grafana's display-name cache, and byRegexp's anchoring and flags.
 * Expected names are what @grafana/data 10.4's applyFieldOverrides and
 * getFieldDisplayName give for the same frames, with the field macros of
 * Grafana's TemplateSrv (checked with a node script over the package).
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "render/fields.h"
#include "render/single.h"
#include "support.h"

static double one(size_t i, void *arg)
{
	(void)i, (void)arg;
	return 1;
}

struct fx {
	struct cairn_panel p;
	struct cairn_target t;
	struct field_override ov[4];
	struct cairn_result r;
	struct field_res out[4];
	struct cairn_err note, err;
	var_scope *vars;
};

/* Series i named names[i] with labels "k=v,k=v" from labels[i]. */
static void fx_init(struct fx *f, const char *legend, const char *const *names,
                    const char *const *labels, size_t n)
{
	memset(f, 0, sizeof *f);
	support_panel(&f->p, "timeseries", "x");
	f->p.overrides = f->ov;
	f->t.legend_format = (char *)legend;
	f->p.targets = &f->t;
	f->p.n_targets = 1;
	struct series s[4];
	for (size_t i = 0; i < n; i++) {
		support_series(&s[i], names[i], 2, 1000, 10, one, NULL);
		char **kv = g_strsplit(labels[i], ",", -1);
		size_t nl = *labels[i] ? g_strv_length(kv) : 0;
		s[i].labels = calloc(nl ? nl : 1, sizeof *s[i].labels);
		for (size_t k = 0; k < nl; k++) {
			char *eq = strchr(kv[k], '=');
			s[i].labels[k].name = strndup(kv[k], (size_t)(eq - kv[k]));
			s[i].labels[k].value = strdup(eq + 1);
		}
		s[i].n_labels = nl;
		g_strfreev(kv);
	}
	support_result(&f->r, s, n, 10);
	f->vars = var_scope_new();
	const char *job = "node", *env = "prod";
	var_scope_set(f->vars, "job", &job, 1, false, NULL);
	var_scope_set(f->vars, "env", &env, 1, false, NULL);
}

static void fx_fini(struct fx *f)
{
	for (size_t i = 0; i < f->r.n_series; i++) { /* support_result_free keeps labels */
		struct series *s = &f->r.series[i];
		for (size_t k = 0; k < s->n_labels; k++) {
			free(s->labels[k].name);
			free(s->labels[k].value);
		}
		free(s->labels);
	}
	support_result_free(&f->r);
	var_scope_free(f->vars);
}

static struct field_override *add(struct fx *f, enum matcher_kind k, const char *pattern,
                                  const char *display_name)
{
	struct field_override *o = &f->ov[f->p.n_overrides++];
	o->kind = k;
	o->pattern = (char *)pattern;
	o->props.display_name = (char *)display_name;
	o->props.set = display_name ? FC_SET_DISPLAY_NAME : 0;
	return o;
}

static void resolve(struct fx *f)
{
	ck_assert_int_eq(fields_resolve_in(&f->p, theme_get(THEME_DARK), f->vars, f->r.series,
	                                   f->r.n_series, NULL, f->out, &f->note, &f->err),
	                 0);
}

START_TEST(every_form)
{
	static const char *names[] = {"{__name__=\"up\", instance=\"i1\", job=\"x\"}",
	                              "{__name__=\"up\", instance=\"i2\", job=\"y\"}"};
	static const char *labels[] = {"__name__=up,job=x,instance=i1",
	                               "__name__=up,job=y,instance=i2"};
	struct fx f;
	fx_init(&f, "__auto", names, labels, 2);
	f.p.defaults.display_name = (char *)"A ${__field.labels.job} ${__field.labels} | "
	                                    "${__field.name} | ${__series.name} | "
	                                    "${__field.labels.__name__} | "
	                                    "${__field.labels.__values} | $job ${env}";
	resolve(&f);
	ck_assert_str_eq(f.out[0].name, "A x __name__=\"up\", instance=\"i1\", job=\"x\" | Value | "
	                                "{__name__=\"up\", instance=\"i1\", job=\"x\"} | up | "
	                                "i1, up, x | node prod");
	ck_assert_str_eq(f.out[1].config_name, f.out[1].name);
	ck_assert(strstr(f.out[1].name, "A y ") == f.out[1].name);
	fx_fini(&f);
}
END_TEST

START_TEST(left_as_written_and_empty)
{
	static const char *names[] = {"{a=\"1\", job=\"x\"}"};
	static const char *labels[] = {"job=x,a=1"};
	struct fx f;
	fx_init(&f, "__auto", names, labels, 1);
	f.p.defaults.display_name = (char *)"$__field ${__field} ${__series.foo} ${__calc} "
	                                    "[${__field.name.x}] [${__field.labels.nope}] "
	                                    "[${__field.other}] $undefined";
	resolve(&f);
	ck_assert_str_eq(f.out[0].config_name, "$__field ${__field} ${__series.foo} ${__calc} "
	                                       "[] [] [] $undefined");
	fx_fini(&f);
	/* no labels at all */
	static const char *bare[] = {"up"};
	static const char *none[] = {""};
	fx_init(&f, NULL, bare, none, 1);
	f.p.defaults.display_name = (char *)"[${__field.labels}][${__field.labels.__values}]"
	                                    "[${__field.labels.a}] ${__series.name}";
	resolve(&f);
	ck_assert_str_eq(f.out[0].config_name, "[][][] up");
	fx_fini(&f);
}
END_TEST

/* Grafana caches the display name when a template reads it: the name stays
 * what it was (the reduced panels' title takes the expansion). */
START_TEST(display_name_cache)
{
	static const char *names[] = {"x", "y"};
	static const char *labels[] = {"job=x", "job=y"};
	struct fx f;
	fx_init(&f, "__auto", names, labels, 2);
	add(&f, MATCH_BY_NAME, "x", "O ${__field.displayName}");
	resolve(&f);
	ck_assert_str_eq(f.out[0].name, "x");
	ck_assert_str_eq(f.out[0].config_name, "O x");
	ck_assert_str_eq(f.out[1].name, "y");
	ck_assert_ptr_null(f.out[1].config_name);
	fx_fini(&f);
	/* one series: ${__series.name} caches too */
	fx_init(&f, "__auto", names, labels, 1);
	f.p.defaults.display_name = (char *)"S ${__series.name}";
	resolve(&f);
	ck_assert_str_eq(f.out[0].name, "x");
	ck_assert_str_eq(f.out[0].config_name, "S x");
	fx_fini(&f);
}
END_TEST

/* Overrides match the name so far: the defaults' expansion, then each
 * override's, through the cache. */
START_TEST(overrides_match_the_name_so_far)
{
	static const char *names[] = {"x", "y"};
	static const char *labels[] = {"job=x", "job=y"};
	struct fx f;
	fx_init(&f, "__auto", names, labels, 2);
	f.p.defaults.display_name = (char *)"N ${__field.labels.job}";
	add(&f, MATCH_BY_NAME, "N x", "M ${__field.displayName}");
	add(&f, MATCH_BY_REGEXP, "M", "bare");            /* ^M$: no match ("N x" cached) */
	add(&f, MATCH_BY_REGEXP, "/^N/", "slash ${__series.name}");
	resolve(&f);
	ck_assert_str_eq(f.out[0].name, "slash M N x");
	ck_assert_str_eq(f.out[1].name, "slash N y");
	fx_fini(&f);
}
END_TEST

START_TEST(by_regexp_anchored_and_flags)
{
	static const char *names[] = {"cpu", "cpu_busy", "CPU"};
	static const char *labels[] = {"", "", ""};
	struct fx f;
	fx_init(&f, NULL, names, labels, 3);
	add(&f, MATCH_BY_REGEXP, "cpu", "bare");          /* ^cpu$ */
	resolve(&f);
	ck_assert_str_eq(f.out[0].name, "bare");
	ck_assert_str_eq(f.out[1].name, "cpu_busy");
	ck_assert_str_eq(f.out[2].name, "CPU");
	f.ov[0].pattern = (char *)"/cpu/i";                /* a literal: unanchored, i */
	resolve(&f);
	ck_assert_str_eq(f.out[1].name, "bare");
	ck_assert_str_eq(f.out[2].name, "bare");
	f.ov[0].pattern = (char *)"cpu|CPU";               /* ^cpu|CPU$ as JS reads it */
	resolve(&f);
	ck_assert_str_eq(f.out[0].name, "bare");
	ck_assert_str_eq(f.out[1].name, "bare");
	ck_assert_str_eq(f.out[2].name, "bare");
	f.ov[0].pattern = (char *)"/cpu/ig";               /* flags out of order: not a regex */
	resolve(&f);
	ck_assert_str_eq(f.out[0].name, "cpu");
	ck_assert_ptr_nonnull(strstr(f.note.msg, "not a valid regular expression"));
	ck_assert_ptr_nonnull(strstr(f.note.msg, "overrides[0]"));
	f.ov[0].pattern = (char *)"/cpu/gi";
	resolve(&f);
	ck_assert_str_eq(f.out[2].name, "bare");
	ck_assert_int_eq(f.note.code, 0);
	f.ov[0].pattern = (char *)"/u/b/";                 /* a literal whose body is "u/b" */
	resolve(&f);
	ck_assert_int_eq(f.note.code, 0);
	ck_assert_str_eq(f.out[0].name, "cpu");
	ck_assert_str_eq(f.out[1].name, "cpu_busy");
	fx_fini(&f);
}
END_TEST

/* The reduced panels expand config.displayName again with ${__calc}. */
START_TEST(calc_in_reduced_titles)
{
	static const char *names[] = {"x"};
	static const char *labels[] = {"job=x"};
	struct fx f;
	fx_init(&f, NULL, names, labels, 1);
	f.p.type = (char *)"stat";
	f.p.defaults.display_name = (char *)"${__field.labels.job} ${__calc} [[__calc]] ${__calc";
	f.p.single.reduce.calcs[0] = RED_MAX;
	f.p.single.reduce.calcs[1] = RED_MIN;
	f.p.single.reduce.n_calcs = 2;
	resolve(&f);
	struct single_value *v;
	size_t n = single_values(&f.p, theme_get(THEME_DARK), &f.r, f.out, &v);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].title, "x max max ${__calc");
	ck_assert_str_eq(v[1].title, "x min min ${__calc");
	g_free(v);
	fx_fini(&f);
}
END_TEST

START_TEST(expand_cuts_at_a_character)
{
	struct dispname_field df = {.name = "Value"};
	char buf[8];
	dispname_expand("ééééé", &df, buf, sizeof buf, NULL, NULL); /* 10 bytes */
	ck_assert_str_eq(buf, "ééé");
	bool asked = false, series = false;
	dispname_expand("${__field.displayName}", &df, buf, sizeof buf, &asked, &series);
	ck_assert(asked && !series);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("render/dispname");
	TCase *tc = tcase_create("dispname");
	tcase_add_test(tc, every_form);
	tcase_add_test(tc, left_as_written_and_empty);
	tcase_add_test(tc, display_name_cache);
	tcase_add_test(tc, overrides_match_the_name_so_far);
	tcase_add_test(tc, by_regexp_anchored_and_flags);
	tcase_add_test(tc, calc_in_reduced_titles);
	tcase_add_test(tc, expand_cuts_at_a_character);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
