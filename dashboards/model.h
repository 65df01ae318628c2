/*
 * model.h — the dashboard model: plain values that cross module lines.
 *
 * dashboards/ fills these from Grafana dashboard JSON (load.c); datasource/
 * reads the targets; render/ reads the field config and options.  Everything
 * here is a transparent struct so tests can write literals.  Strings are
 * NUL-terminated UTF-8 owned by the enclosing cairn_dashboard (freed by
 * dash_free); a NULL string means "absent in the JSON".
 *
 * Grafana's defaults are applied at load time (so a panel without
 * fieldConfig/options reads exactly as Grafana would draw it): consumers never
 * need to know which fields were present.
 */
#ifndef CAIRN_MODEL_H
#define CAIRN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dashboards/reduce.h"

/* Caps: every count has one.  Exceeding them is a load error naming the path. */
#define CAIRN_MAX_PANELS 1000
#define CAIRN_MAX_TARGETS 26
#define CAIRN_MAX_THRESHOLDS 32
#define CAIRN_MAX_OVERRIDES 64
#define CAIRN_MAX_VARIABLES 64
#define CAIRN_MAX_VAR_VALUES 256
#define CAIRN_MAX_TAGS 64
#define CAIRN_MAX_MAPPINGS 256   /* value mappings per field config, after flattening */
#define CAIRN_MAX_REDUCE_CALCS 16
#define CAIRN_MAX_JSON_BYTES (32u << 20)
#define CAIRN_MAX_TRANSFORMS 32
#define CAIRN_MAX_XF_ITEMS 256   /* names, filters, sort keys… in one transformation */

/* Colours are 0xRRGGBBAA.  CAIRN_COLOR_NONE means "not set". */
#define CAIRN_COLOR_NONE 0u

enum draw_style { DRAW_LINE, DRAW_BARS, DRAW_POINTS };
enum line_interp { INTERP_LINEAR, INTERP_SMOOTH, INTERP_STEP_BEFORE, INTERP_STEP_AFTER };
enum show_points { POINTS_AUTO, POINTS_NEVER, POINTS_ALWAYS };
enum line_fill { LINE_SOLID, LINE_DASH, LINE_DOT };
enum stack_mode { STACK_NONE, STACK_NORMAL, STACK_PERCENT };
enum threshold_mode { THRESH_ABSOLUTE, THRESH_PERCENTAGE };
enum threshold_style { TSTYLE_OFF, TSTYLE_LINE, TSTYLE_AREA, TSTYLE_LINE_AREA, TSTYLE_DASHED,
	TSTYLE_DASHED_AREA };
enum color_mode { COLOR_PALETTE_CLASSIC, COLOR_FIXED, COLOR_THRESHOLDS, COLOR_CONTINUOUS,
	COLOR_SHADES, COLOR_OTHER };
enum gradient_mode { GRADIENT_NONE, GRADIENT_OPACITY, GRADIENT_HUE, GRADIENT_SCHEME };
/* color.seriesBy: which value colours a series by value (default last) */
enum series_by { SERIES_BY_LAST, SERIES_BY_LAST_NOT_NULL, SERIES_BY_MIN, SERIES_BY_MAX };
enum axis_placement { AXIS_AUTO, AXIS_LEFT, AXIS_RIGHT, AXIS_HIDDEN };
enum scale_type { SCALE_LINEAR, SCALE_LOG };
enum legend_mode { LEGEND_LIST, LEGEND_TABLE };
enum legend_place { LEGEND_BOTTOM, LEGEND_RIGHT };

/* legend calcs, as a bit set (Grafana reducer ids in comments) */
enum legend_calc {
	CALC_MIN = 1 << 0,       /* "min" */
	CALC_MAX = 1 << 1,       /* "max" */
	CALC_MEAN = 1 << 2,      /* "mean" */
	CALC_LAST = 1 << 3,      /* "last" */
	CALC_LAST_NN = 1 << 4,   /* "lastNotNull" */
	CALC_FIRST = 1 << 5,     /* "first" */
	CALC_FIRST_NN = 1 << 6,  /* "firstNotNull" */
	CALC_SUM = 1 << 7,       /* "sum" */
	CALC_COUNT = 1 << 8,     /* "count" */
};

struct threshold {
	double value;     /* -INFINITY for the base step (JSON null) */
	uint32_t color;   /* resolved RGBA (named colours like "green" resolved per theme at
	                     render time: see color_name) */
	char color_name[48]; /* the JSON text, e.g. "green", "#EAB839", "rgba(...)" */
};

struct thresholds {
	enum threshold_mode mode;
	size_t n;
	struct threshold steps[CAIRN_MAX_THRESHOLDS];
};

/* fieldConfig.defaults.mappings[]: Grafana's ValueMapping, flattened so one
 * entry is one test.  A "value" mapping with options {"1": …, "0": …}
 * becomes one MAP_VALUE entry per key, in the JSON's key order; legacy
 * Angular mappings (type 1/2, singlestat valueMaps/rangeMaps) are converted
 * as Grafana's convertOldAngularValueMappings does.  Evaluated in order,
 * first match wins (render/display.h). */
enum mapping_type { MAP_VALUE, MAP_RANGE, MAP_REGEX, MAP_SPECIAL };
enum mapping_special { SPECIAL_NULL, SPECIAL_NAN, SPECIAL_NULL_NAN, SPECIAL_TRUE, SPECIAL_FALSE,
	SPECIAL_EMPTY, SPECIAL_OTHER };

struct value_mapping {
	enum mapping_type type;
	char *key;            /* MAP_VALUE: the option key ("1", "up"); MAP_REGEX: the pattern
	                         (JS syntax, "/re/flags" or bare); else NULL */
	double from, to;      /* MAP_RANGE: bounds, NaN = open (Grafana's isNaN test) */
	enum mapping_special match; /* MAP_SPECIAL */
	char *text;           /* result.text; NULL = keep the formatted value */
	char color_name[48];  /* result.color as written ("" = none): resolve per theme */
	uint32_t color;       /* the dark-theme RGBA of color_name, CAIRN_COLOR_NONE = none */
	int index;            /* result.index (-1 = absent) */
};

/* fieldConfig.defaults.custom for the time-series panel */
struct ts_custom {
	enum draw_style draw_style;       /* default line */
	enum line_interp line_interp;     /* default linear */
	double line_width;                /* default 1 */
	double fill_opacity;              /* 0..100, default 0 */
	enum gradient_mode gradient;      /* default none */
	enum show_points show_points;     /* default auto */
	double point_size;                /* default 5 */
	enum stack_mode stacking;         /* default none */
	char stack_group[24];             /* custom.stacking.group: only series of one group
	                                     stack together; default "A" */
	bool span_nulls;                  /* default false; true also when a threshold ms given */
	double span_nulls_ms;             /* >0: connect gaps shorter than this */
	enum threshold_style thresholds_style; /* default off */
	enum axis_placement axis_placement;
	enum scale_type scale;            /* default linear */
	double log_base;                  /* 2 or 10 when scale==SCALE_LOG */
	double axis_soft_min, axis_soft_max; /* NaN when unset */
	bool axis_centered_zero;
	char *axis_label;
	double bar_width_factor;          /* default 0.6 */
	bool transform_negative_y;        /* custom.transform == "negative-Y" */
	enum line_fill line_fill;         /* custom.lineStyle.fill; default solid */
	double line_dash[2];              /* custom.lineStyle.dash: on, off px (default 10, 10) */
	bool hide_in_legend, hide_in_viz; /* custom.hideFrom */
	bool axis_color_series;           /* custom.axisColorMode == "series" */
	double insert_nulls_ms;           /* custom.insertNulls: > 0 a threshold in ms; 0 not
	                                     given, < 0 false (both: the query step, as
	                                     Grafana reads insertNulls || interval) */
};

/* fieldConfig.defaults.custom for the table panel (Grafana 10.4 TableFieldOptions;
 * the legacy custom.displayMode is migrated to cell/cell_mode at load). */
enum table_cell { CELL_AUTO, CELL_COLOR_TEXT, CELL_COLOR_BACKGROUND, CELL_GAUGE, CELL_JSON,
	CELL_OTHER };
enum table_cell_mode { CELLMODE_GRADIENT, CELLMODE_BASIC, CELLMODE_LCD }; /* default gradient */
enum table_align { TALIGN_AUTO, TALIGN_LEFT, TALIGN_CENTER, TALIGN_RIGHT };

struct table_custom {
	double width;             /* custom.width px; 0 = shared */
	double min_width;         /* custom.minWidth px; 0 = the table's 150 */
	enum table_align align;   /* custom.align; default auto */
	enum table_cell cell;     /* custom.cellOptions.type; default auto */
	enum table_cell_mode cell_mode; /* cellOptions.mode */
	bool value_hidden;        /* gauge cellOptions.valueDisplayMode "hidden" */
	bool value_color;         /* gauge cellOptions.valueDisplayMode "color" (default text) */
	bool links;               /* "links" (data links): drawn in the link colour */
	bool hidden;              /* custom.hidden */
};

/* One set of field options: panel defaults, or an override's properties
 * (then `set` says which members the override carries). */
struct field_config {
	char unit[48];        /* "" = none given (Grafana's "short"-like default) */
	int decimals;         /* -1 = auto */
	double min, max;      /* NaN = auto */
	char *display_name;   /* NULL = none */
	enum color_mode color_mode;
	uint32_t fixed_color; /* for COLOR_FIXED/COLOR_SHADES, or an override's colour */
	char fixed_color_name[48];
	char color_scheme[32]; /* color.mode as written ("continuous-GrYlRd", …); "" = none */
	enum series_by series_by; /* color.seriesBy (with color.mode) */
	char no_value[32];    /* fieldConfig "noValue" text, "" = none */
	struct thresholds thresholds;
	struct value_mapping *mappings; /* owned; NULL when none */
	size_t n_mappings;
	struct ts_custom custom;
	struct table_custom table;
	uint32_t set;         /* FC_SET_* bits: which members came from the JSON */
};

enum {
	FC_SET_UNIT = 1u << 0,
	FC_SET_DECIMALS = 1u << 1,
	FC_SET_MIN = 1u << 2,
	FC_SET_MAX = 1u << 3,
	FC_SET_COLOR = 1u << 4,
	FC_SET_DISPLAY_NAME = 1u << 5,
	FC_SET_THRESHOLDS = 1u << 6,
	FC_SET_LINE_WIDTH = 1u << 7,
	FC_SET_FILL = 1u << 8,
	FC_SET_DRAW_STYLE = 1u << 9,
	FC_SET_STACKING = 1u << 10,
	FC_SET_TRANSFORM = 1u << 11,
	FC_SET_HIDE = 1u << 12,
	FC_SET_AXIS_PLACEMENT = 1u << 13,
	FC_SET_LINE_INTERP = 1u << 14,
	FC_SET_SHOW_POINTS = 1u << 15,
	FC_SET_LINE_STYLE = 1u << 16,
	FC_SET_MAPPINGS = 1u << 17,
	FC_SET_NO_VALUE = 1u << 18,
	FC_SET_TABLE_WIDTH = 1u << 19,    /* custom.width, custom.minWidth */
	FC_SET_TABLE_ALIGN = 1u << 20,
	FC_SET_TABLE_CELL = 1u << 21,     /* custom.cellOptions / custom.displayMode */
	FC_SET_TABLE_HIDDEN = 1u << 22,
	FC_SET_TABLE_LINKS = 1u << 23,
	FC_SET_POINT_SIZE = 1u << 24,     /* custom.pointSize */
	FC_SET_SCALE = 1u << 25,          /* custom.scaleDistribution */
	FC_SET_GRADIENT = 1u << 26,       /* custom.gradientMode (FC_SET_FILL: fillOpacity only) */
	/* from the top down, so bits added from the bottom meet them last */
	FC_SET_AXIS_LABEL = 1u << 29,
	FC_SET_AXIS_COLOR = 1u << 28,
};

enum matcher_kind { MATCH_BY_NAME, MATCH_BY_REGEXP, MATCH_BY_FRAME_REFID, MATCH_OTHER };

/* fieldConfig.overrides[i]: matcher + the properties it sets. */
struct field_override {
	enum matcher_kind kind;
	char *pattern;             /* name, regex (JS syntax, GRegex-compatible) or refId */
	struct field_config props; /* props.set says which properties apply */
};

#define CAIRN_LEGEND_CALCS 9   /* members of enum legend_calc */

struct legend_opts {
	bool show;                 /* showLegend / displayMode != "hidden"; default true */
	enum legend_mode mode;     /* default list */
	enum legend_place placement; /* default bottom */
	unsigned calcs;            /* legend_calc bits */
	unsigned calc_order[CAIRN_LEGEND_CALCS]; /* the calcs as the JSON lists them, each */
	size_t n_calc_order;       /* once (Grafana's column order); 0 = not given */
	double width;              /* right placement width, 0 = auto */
	char sort_by[24];          /* "sortBy": a calc's column title ("Max", "Last *") or
	                              "Name"; "" = the series' order */
	bool sort_desc;            /* "sortDesc" */
};

/* options.reduceOptions of the stat, gauge and bar gauge panels. */
struct reduce_opts {
	bool values;              /* every value (row) instead of a calc; default false */
	enum reducer_id calcs[CAIRN_MAX_REDUCE_CALCS]; /* known calcs in the JSON's order */
	size_t n_calcs;           /* default 1: lastNotNull; [] = Grafana's "last" */
	char *fields;             /* NULL/"" = numeric fields; else a byRegexp pattern */
	int limit;                /* values mode: at most this many; 0 = Grafana's 25 */
};

enum viz_orientation { ORIENT_AUTO, ORIENT_HORIZONTAL, ORIENT_VERTICAL };
enum stat_color_mode { STAT_COLOR_VALUE, STAT_COLOR_BACKGROUND, STAT_COLOR_BACKGROUND_SOLID,
	STAT_COLOR_NONE };
enum stat_graph_mode { STAT_GRAPH_AREA, STAT_GRAPH_NONE };
enum stat_text_mode { STAT_TEXT_AUTO, STAT_TEXT_VALUE, STAT_TEXT_VALUE_AND_NAME, STAT_TEXT_NAME,
	STAT_TEXT_NONE };
enum stat_justify { STAT_JUSTIFY_AUTO, STAT_JUSTIFY_CENTER };
enum bargauge_mode { BARGAUGE_GRADIENT, BARGAUGE_BASIC, BARGAUGE_LCD };
enum bargauge_value_mode { BARGAUGE_VALUE_COLOR, BARGAUGE_VALUE_TEXT, BARGAUGE_VALUE_HIDDEN };
enum bargauge_name_place { BARGAUGE_NAME_AUTO, BARGAUGE_NAME_TOP, BARGAUGE_NAME_LEFT,
	BARGAUGE_NAME_HIDDEN };

/* options of the stat panel (BigValue); Grafana 10.4's defaults in comments */
struct stat_opts {
	enum stat_color_mode color_mode;  /* colorMode: value */
	enum stat_graph_mode graph_mode;  /* graphMode: area ("line" reads as area) */
	enum stat_text_mode text_mode;    /* textMode: auto */
	enum stat_justify justify;        /* justifyMode: auto */
	bool wide_layout;                 /* wideLayout: true */
	bool show_percent_change;         /* showPercentChange: false */
};

/* options of the gauge panel */
struct gauge_opts {
	bool show_threshold_labels;       /* false */
	bool show_threshold_markers;      /* true */
	double min_viz_width, min_viz_height; /* 75, 75 (sizing "manual" only) */
	bool sizing_manual;               /* sizing: auto */
};

/* options of the bar gauge panel */
struct bargauge_opts {
	enum bargauge_mode mode;          /* displayMode: gradient */
	enum bargauge_value_mode value_mode; /* valueMode: color */
	enum bargauge_name_place name_placement; /* namePlacement: auto */
	bool show_unfilled;               /* true */
	bool sizing_manual;               /* sizing: auto (then Grafana's 8/16/300 below apply) */
	double min_viz_width, min_viz_height, max_viz_height; /* 8, 16, 300 */
};

/* What the stat, gauge and bar gauge panels share, plus each one's own. */
struct single_opts {
	struct reduce_opts reduce;
	enum viz_orientation orientation; /* orientation: auto */
	double title_size, value_size;    /* options.text.titleSize/valueSize, 0 = auto */
	struct stat_opts stat;
	struct gauge_opts gauge;
	struct bargauge_opts bargauge;
};

/* options of the pie chart panel (Grafana 10.4 PieChart; reduceOptions are
 * the panel's single.reduce, legend placement and mode its legend) */
enum pie_label { PIE_LABEL_NAME = 1 << 0, PIE_LABEL_VALUE = 1 << 1, PIE_LABEL_PERCENT = 1 << 2 };
enum pie_legend_value { PIE_LEGEND_VALUE = 1 << 0, PIE_LEGEND_PERCENT = 1 << 1 };
struct pie_opts {
	bool donut;               /* pieType: "pie" (default); any other text draws a donut,
	                             as Grafana's layout tests pieType === "pie" */
	unsigned labels;          /* displayLabels: pie_label bits; default none */
	unsigned legend_values;   /* legend.values: pie_legend_value bits; default none */
};

struct cairn_target {
	char ref_id[8];       /* assigned A, B, C... where missing */
	char *expr;           /* raw, before variable interpolation */
	char *legend_format;  /* NULL or "" = Prometheus default naming; "__auto" = auto */
	char *interval;       /* min step for this target, e.g. "1m", "$__interval"; NULL = none */
	int interval_factor;  /* legacy intervalFactor, default 1 */
	bool hide;
	bool instant;         /* "instant": true, or queryType "instant" */
	bool range;           /* defaults to !instant */
	bool format_table;    /* "format": "table" */
	bool format_heatmap;  /* "format": "heatmap": le buckets sorted and de-accumulated */
	char *json_path;      /* e.g. "panels[3].targets[0]" for messages */
	char *datasource;     /* the target's own datasource reference as text (read as the
	                         panel's: a string, else {uid}, else {type}); NULL = none */
};

/* options of the table panel (Grafana 10.4 defaults applied at load) */
enum table_cell_height { CELLH_SM, CELLH_MD, CELLH_LG };
struct table_sort {
	char *name;           /* display name of the column */
	bool desc;
};
struct table_opts {
	bool show_header;     /* default true */
	enum table_cell_height cell_height; /* default sm */
	int frame_index;      /* which frame is shown; default 0 */
	bool footer_show;
	char footer_reducer[24]; /* footer.reducer[0]; "" = none */
	char **footer_fields; /* footer.fields (NULL-terminated; NULL = every number column) */
	bool count_rows;      /* footer.countRows */
	bool pagination;      /* footer.enablePagination */
	struct table_sort *sort_by; /* options.sortBy; the first is used, as Grafana does */
	size_t n_sort_by;
};

/* options of the text panel */
struct text_opts {
	bool html;            /* mode "html" (drawn as text, never interpreted); else markdown */
	char *content;        /* default Grafana's "# Title\n\nFor markdown syntax help: …" */
};

/* options of the heatmap panel (Grafana 10.4's new heatmap; a legacy angular
 * heatmap is migrated into these at load as Grafana's migrations.ts does).
 * Defaults in comments are Grafana's. */
enum hm_color_mode { HMC_SCHEME, HMC_OPACITY };          /* color.mode: scheme */
enum hm_color_scale { HMS_EXPONENTIAL, HMS_LINEAR };     /* color.scale: none (linear) */
enum hm_cell_layout { HML_AUTO, HML_LE, HML_GE, HML_UNKNOWN }; /* rowsFrame.layout: auto */
enum hm_calc_mode { HMB_SIZE, HMB_COUNT };              /* calculation.*Buckets.mode: size */
enum hm_show_value { HMV_AUTO, HMV_NEVER, HMV_ALWAYS }; /* showValue: auto */

struct hm_buckets {                  /* calculation.xBuckets / yBuckets */
	enum hm_calc_mode mode;
	char value[32];                  /* "" = Grafana's fallback (20 x / 10 y buckets) */
	double log;                      /* scale.type "log": its base (2 or 10); 0 = linear */
};

struct heatmap_opts {
	bool calculate;                  /* false */
	struct hm_buckets xb, yb;
	enum hm_color_mode color_mode;
	char scheme[32];                 /* "Oranges" */
	char fill[48];                   /* "dark-orange" (opacity mode) */
	enum hm_color_scale scale;
	double exponent;                 /* 0.5 */
	int steps;                       /* 64; >= 2 (the slider: 2..128) */
	bool reverse;
	double color_min, color_max;     /* NaN = from the data */
	double cell_gap;                 /* 1 (CSS px) */
	double cell_radius;              /* kept, not drawn (Grafana 10.4 does not either) */
	char cell_unit[48];              /* cellValues.unit, "" = none */
	int cell_decimals;               /* cellValues.decimals, -1 = auto */
	double filter_le, filter_ge;     /* filterValues: 1e-9, NaN (none) */
	enum hm_show_value show_value;
	enum axis_placement y_placement; /* yAxis.axisPlacement: left */
	char y_unit[48];
	int y_decimals;                  /* -1 = auto */
	bool y_reverse;
	double y_min, y_max;             /* NaN = auto */
	char *y_label;                   /* yAxis.axisLabel, NULL = none */
	double y_width;                  /* yAxis.axisWidth, 0 = auto */
	enum hm_cell_layout rows_layout;
	char *rows_value;                /* rowsFrame.value: the cells' name; NULL = "Value" */
	bool legend_show;                /* legend.show: true */
	bool migrated;                   /* options came from the angular panel */
};

/* options of the barchart panel (Grafana 10.4 defaults in comments) */
enum bar_show_value { BARVAL_AUTO, BARVAL_NEVER, BARVAL_ALWAYS };
struct barchart_opts {
	char *x_field;             /* xField; NULL = the first string field, else time */
	char *color_by_field;      /* colorByField; NULL = none */
	enum viz_orientation orientation; /* auto */
	double group_width;        /* 0.7, in [0, 1] */
	double bar_width;          /* 0.97, in [0, 1] */
	double bar_radius;         /* 0, in [0, 0.5] (a fraction of the bar's width) */
	enum stack_mode stacking;  /* none */
	enum bar_show_value show_value; /* auto */
	double value_size;         /* text.valueSize px; 0 = auto */
	double x_tick_rotation;    /* xTickLabelRotation, degrees in [-90, 90]; 0 */
	double x_tick_spacing;     /* xTickLabelSpacing px; 0 = every label */
	int x_tick_max_length;     /* xTickLabelMaxLength chars; 0 = no limit */
};

/* options of the histogram panel (the histogram transformer's options) */
struct histogram_opts {
	double bucket_size;        /* bucketSize; 0 = automatic */
	double bucket_offset;      /* bucketOffset; 0 */
	int bucket_count;          /* bucketCount (approximate, automatic size); 30 */
	bool combine;              /* combine: every series into one histogram; false */
};

/* options of the state-timeline and status-history panels (Grafana 10.4's
 * TimelineChart); defaults in comments, applied at load */
enum timeline_show { TL_SHOW_AUTO, TL_SHOW_NEVER, TL_SHOW_ALWAYS };
enum timeline_align { TL_ALIGN_LEFT, TL_ALIGN_CENTER, TL_ALIGN_RIGHT };
struct timeline_opts {
	bool merge_values;              /* mergeValues: true (state-timeline; status-history
	                                   never merges) */
	enum timeline_show show_value;  /* showValue: auto */
	enum timeline_align align_value; /* alignValue: left (state-timeline) */
	double row_height;              /* rowHeight: 0.9, 0..1 */
	double col_width;               /* colWidth: 0.9, 0..1 (status-history) */
};

/* Transformations (panel "transformations"), applied in order between the
 * query results and the panel (datasource/transform.h).  Names in them are
 * Grafana display names ("Value #A", "Time 1"). */
enum xf_kind { XF_MERGE, XF_JOIN_BY_FIELD, XF_ORGANIZE, XF_REDUCE, XF_FILTER_BY_NAME,
	XF_FILTER_BY_VALUE, XF_RENAME_BY_REGEX, XF_CALCULATE_FIELD, XF_SORT_BY,
	XF_LABELS_TO_FIELDS, XF_GROUP_BY, XF_OTHER };
enum xf_join_mode { XJOIN_OUTER, XJOIN_INNER, XJOIN_OUTER_TABULAR };
enum xf_value_op { XV_GREATER, XV_GREATER_OR_EQUAL, XV_LOWER, XV_LOWER_OR_EQUAL, XV_EQUAL,
	XV_NOT_EQUAL, XV_RANGE, XV_REGEX, XV_IS_NULL, XV_IS_NOT_NULL, XV_OTHER };
enum xf_calc_mode { XCALC_BINARY, XCALC_REDUCE_ROW, XCALC_OTHER };

struct xf_pair {                  /* organize's maps: name -> index / new name / flag */
	char *name;
	char *text;                   /* renameByName */
	double num;                   /* indexByName */
};

struct xf_value_filter {          /* filterByValue filters[i] */
	char *field;                  /* fieldName (display name) */
	enum xf_value_op op;
	double a, b;                  /* value, or from/to for range */
	char *text;                   /* regex / the value as text */
};

struct xf_group_field {           /* groupBy fields{name: {operation, aggregations}} */
	char *name;
	bool group_by;                /* "groupby"; else "aggregate" */
	char **calcs;                 /* reducer ids, NULL-terminated */
};

struct cairn_transform {
	enum xf_kind kind;
	char *id;                     /* the JSON id ("organize", …) */
	char *json_path;              /* "panels[3].transformations[1]" */
	bool disabled;
	/* joinByField / seriesToColumns */
	char *by_field;               /* NULL = the first time field */
	enum xf_join_mode join_mode;
	/* organize */
	struct xf_pair *exclude, *order, *rename;
	size_t n_exclude, n_order, n_rename;
	/* reduce / calculateField reduceRow / footer-like reducers */
	char **reducers;              /* NULL-terminated reducer ids */
	bool reduce_fields;           /* reduce mode "reduceFields"; else "seriesToRows" */
	bool include_time;
	bool labels_to_fields;        /* reduce: labelsToFields */
	/* filterFieldsByName: include/exclude names and patterns */
	char **include_names, **exclude_names;
	char *include_pattern, *exclude_pattern;
	/* filterByValue */
	bool filter_exclude;          /* type "exclude"; else include */
	bool match_all;               /* match "all"; else any */
	struct xf_value_filter *filters;
	size_t n_filters;
	/* renameByRegex */
	char *regex, *rename_pattern;
	/* calculateField */
	enum xf_calc_mode calc_mode;
	char *alias;                  /* NULL = Grafana's default name */
	char *left, *right;           /* binary operands: field names or numbers as text */
	char op;                      /* + - * / % ^ */
	char **include_fields;        /* reduceRow include (NULL = every number field) */
	bool replace_fields;
	/* sortBy */
	struct table_sort *sort;
	size_t n_sort;
	/* labelsToFields */
	bool labels_as_rows;          /* mode "rows"; else columns */
	char *value_label;
	char **keep_labels;
	/* groupBy */
	struct xf_group_field *groups;
	size_t n_groups;
};

/* What a panel of a type cairn does not draw says, in the report (request/)
 * and in the image (render/): a printf format taking the type. */
#define CAIRN_UNSUPPORTED_FMT "Panel type '%s' is not supported yet"

struct grid_pos { int x, y, w, h; };   /* Grafana grid units: 24 columns, 30 px rows */

struct cairn_panel {
	int id;               /* panel id; 0 when absent */
	char *type;           /* "timeseries", "graph", "row", "stat", ... */
	char *title;          /* raw, before variable interpolation; "" when absent */
	char *description;
	char *json_path;      /* e.g. "panels[3]" or "panels[2].panels[0]" (collapsed rows) */
	struct grid_pos grid;
	bool is_row;
	bool collapsed;       /* rows only */
	int row_index;        /* index of the row panel this one sits under, -1 for none */
	bool transparent;
	char *datasource;     /* the panel datasource reference as text ("" = default) */
	int max_data_points;  /* 0 = absent (Grafana then uses the panel width in px) */
	char *interval;       /* panel min interval, e.g. "1m"; NULL = none */
	char *time_from;      /* relative time override ("1h"), NULL = none */
	char *time_shift;     /* NULL = none */
	struct cairn_target *targets;
	size_t n_targets;
	struct field_config defaults;
	struct field_override *overrides;
	size_t n_overrides;
	struct legend_opts legend;
	char *tooltip_mode;   /* kept for the live view; not drawn in images */
	struct single_opts single; /* stat, gauge, bargauge (and singlestat, migrated); the
	                              pie chart's reduceOptions */
	struct pie_opts pie;              /* type "piechart" */
	char *migrated_from;  /* "singlestat" when the loader changed the type, else NULL */
	char *repeat;         /* "repeat": the variable a panel or row repeats by; NULL = none */
	char repeat_direction; /* 'h' (default) or 'v' */
	int max_per_row;      /* "maxPerRow", 0 = absent (Grafana then takes 4) */
	struct table_opts table;          /* type "table" */
	struct text_opts text;            /* type "text" */
	struct heatmap_opts heatmap;      /* type "heatmap" */
	struct barchart_opts barchart;    /* type "barchart" */
	struct histogram_opts histogram;  /* type "histogram" */
	struct timeline_opts timeline;    /* types "state-timeline", "status-history" */
	struct cairn_transform *transforms;
	size_t n_transforms;
};

enum var_type { VAR_QUERY, VAR_CUSTOM, VAR_CONSTANT, VAR_TEXTBOX, VAR_INTERVAL,
	VAR_DATASOURCE, VAR_ADHOC, VAR_OTHER };

struct cairn_variable {
	char *name;
	char *label;
	enum var_type type;
	char *query;            /* query text (label_values(...) for query vars, "a,b" custom) */
	bool multi;
	bool include_all;
	char *all_value;        /* custom "allValue", NULL = Grafana's default (all options) */
	char *regex;            /* variable regex filter, NULL = none */
	int hide;               /* 0 shown, 1 label hidden, 2 hidden */
	char **current;         /* current.value (one or many); may contain "$__all" */
	size_t n_current;
	char **options;         /* static options (custom vars, interval vars' query, or
	                           options[] in the JSON) */
	size_t n_options;
	char *json_path;        /* "templating.list[2]" */
	int sort;               /* Grafana's VariableSort 0..8 (0 = as answered) */
	int refresh;            /* 0 never, 1 on load (default), 2 on time range change */
	bool auto_interval;     /* interval variables: "auto" is an option */
	int auto_count;         /* "auto_count", default 30 */
	char *auto_min;         /* "auto_min", default "10s" */
	char **option_texts;    /* NULL, or each option's text where it differs (custom
	                           "key : value": the key), n_options of them */
};

struct cairn_dashboard {
	char *path;             /* file it came from ("-" for stdin) */
	char *uid;
	char *title;
	char *time_from;        /* "now-6h" by default */
	char *time_to;          /* "now" by default */
	char *timezone;         /* "", "browser", "utc" or an IANA name */
	int schema_version;
	struct cairn_panel *panels;   /* flattened: rows, then panels in collapsed rows, in grid order */
	size_t n_panels;
	struct cairn_variable *variables;
	size_t n_variables;
	char **tags;            /* the dashboard's "tags", NULL-terminated (never NULL from dash_load_*);
	                           entries that are not strings are skipped, as Grafana's list does */
	size_t n_tags;
	char **inputs;          /* "__inputs"[].name: the placeholders a Grafana import fills
	                           (${DS_PROMETHEUS}), NULL-terminated (never NULL from dash_load_*) */
	size_t n_inputs;
	bool wrapped;           /* the file holds it as {"dashboard": …} (the HTTP API's form):
	                           the json_paths above start inside "dashboard" */
};

#endif
