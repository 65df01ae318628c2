/*
 * display.h — Grafana's display processor (@grafana/data getDisplayProcessor
 * and getScaleCalculator): one value of a field → the text, prefix, suffix
 * and colour a stat, gauge, bar gauge or table cell shows.  Value mappings
 * first (value, range, regex, special; first match wins), then the unit
 * (render/units.h) with the field's decimals, then the colour from the
 * field's colour mode (fixed, shades, thresholds absolute or percentage,
 * classic palette, continuous schemes), and noValue for empty text.  Pure
 * (no Cairo, no fonts): tested on its own (tests/render/test_display.c).
 */
#ifndef CAIRN_DISPLAY_H
#define CAIRN_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "base/err.h"
#include "dashboards/model.h"
#include "render/theme.h"

/* One value as shown. */
struct display_value {
	char prefix[16];
	char text[128];
	char suffix[24];
	uint32_t color;   /* 0xRRGGBBAA */
	double numeric;   /* the value; NaN for null (and for strings that are not numbers) */
	double percent;   /* (numeric - min) / (max - min), 0 when undefined: gauges' fill */
	const struct value_mapping *mapping; /* the mapping that matched, NULL for none */
};

/* The field's colour context: the range its percentages are of (Grafana's
 * field.state.range: the field's min/max when set, else the smallest and
 * largest value of every numeric field in the panel's data) and the colour
 * the classic palette gives its series. */
struct display_field {
	const struct field_config *fc;
	double min, max;        /* NaN = unknown (percent 0) */
	uint32_t series_color;  /* palette-classic (render/fields.c's colour) */
};

/* min/max for display_field: fc's own when set, else data_min/data_max. */
void display_range(const struct field_config *fc, double data_min, double data_max, double *min,
                   double *max);

/* The first mapping of fc matching a number (str NULL; v NaN = null) or a
 * string value (str; v ignored), as Grafana's getValueMappingResult.  A
 * regex mapping's text has its $1…$9/$& references expanded into
 * text[cap]; for the others text is the mapping's text ("" when it has
 * none).  NULL when none matches.  A regex that does not compile or gives up
 * counts as no match, with *why (may be NULL) saying so. */
const struct value_mapping *display_mapping(const struct field_config *fc, double v,
                                            const char *str, char *text, size_t cap,
                                            struct cairn_err *why);

/* Grafana's stringToJsRegex on base/jsregex.h: "/body/flags" as written, a
 * bare pattern anchored as ^pattern$ (value mappings, field filters and
 * byRegexp matchers all read patterns this way).  Same contract as
 * jsregex_new. */
GRegex *display_regex_new(const char *pattern, struct cairn_err *err);

/* A number (NaN = null). */
void display_number(const struct theme *th, const struct display_field *f, double v,
                    struct display_value *out);

/* A string value (table cells, string fields): mappings, then the text as is;
 * numeric strings are coloured by value as Grafana's anyToNumber does. */
void display_string(const struct theme *th, const struct display_field *f, const char *s,
                    struct display_value *out);

/* prefix + text + suffix into buf (NUL-terminated, truncated); its length. */
size_t display_join(const struct display_value *d, char *buf, size_t cap);

/* The colour of a continuous scheme ("continuous-GrYlRd", …) at percent
 * (0..1), as Grafana's interpolateRgbBasis over the scheme's colours.
 * Returns 0, or -1 for an unknown scheme (*out untouched). */
int display_scheme_color(const struct theme *th, const char *scheme, double percent, uint32_t *out);

/* The colours a continuous scheme runs through, resolved in this theme
 * (2 or 3; the bar gauge's CSS gradient uses them as stops).  0 for an
 * unknown scheme. */
size_t display_scheme_colors(const struct theme *th, const char *scheme, uint32_t out[3]);

#endif
