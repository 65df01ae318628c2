/*
 * tframe.h — Grafana's data frames, small: what the table panel and the
 * transformations (transform.h) work on.  A frame is named columns
 * (fields) of one length; a field holds numbers, times (ms) or strings,
 * with labels and the two names Grafana keeps in its config
 * (displayName, displayNameFromDS).  No Cairo, no JSON.
 *
 * Built from a panel's query results the way Grafana's Prometheus
 * datasource builds them: a series of a time-series target is a frame
 * (Time, Value with the series' labels); the series of a `format: table`
 * target are one frame per refId (Time, the label columns sorted by name,
 * then "Value", or "Value #<refId>" when the panel has several table
 * targets).
 *
 * Every frame set counts its cells (fields × rows) against a cap
 * (max_cells), so joins and merges of many series stay bounded; a
 * transformation that would go over fails with a message saying so.
 */
#ifndef CAIRN_TFRAME_H
#define CAIRN_TFRAME_H

#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"
#include "dashboards/model.h"
#include "datasource/frame.h"

#define TFRAME_MAX_CELLS ((size_t)4 << 20) /* default cap on cells per panel */

enum tf_type { TF_NUMBER, TF_STRING, TF_TIME, TF_BOOL };

struct tfield {
	char *name;
	enum tf_type type;
	double *num;             /* TF_NUMBER, TF_TIME (unix ms), TF_BOOL (0/1): NaN = null */
	char **str;              /* TF_STRING: NULL = null */
	struct label *labels;    /* owned */
	size_t n_labels;
	bool has_labels;         /* labels present (even empty: {} after a join) */
	char *display;           /* config.displayName; NULL = none */
	char *ds_name;           /* config.displayNameFromDS; NULL = none */
	char *cached;            /* state.displayName: the name once computed */
};

struct tframe {
	char *name;              /* NULL = none */
	char ref_id[8];
	struct tfield *fields;
	size_t n_fields, len;
};

struct tframes {
	struct tframe *v;
	size_t n;
	size_t max_cells;        /* 0 = TFRAME_MAX_CELLS */
};

/* The panel's result as frames (p's targets say which are tables). 0, or
 * CAIRN_ELIMIT with err filled when over the cell cap. */
int tframes_from_result(const struct cairn_panel *p, const struct cairn_result *r,
                        struct tframes *out, struct cairn_err *err);
void tframes_fini(struct tframes *fs);

/* Grafana's getFieldDisplayName(field, frame, allFrames): config
 * displayName, displayNameFromDS, the field name with its labels, made
 * unique within the frame ("Time 1", "Time 2"); cached in the field as
 * Grafana caches it (all may be NULL: then no frame name nor single-label
 * rule across frames applies). */
const char *tframe_display_name(const struct tframes *all, const struct tframe *f, struct tfield *fld);
/* Whether name is the field's name or its display name (Grafana's byName). */
bool tframe_name_matches(const struct tframes *all, const struct tframe *f, struct tfield *fld,
                     const char *name);

/* Fields and frames, for transform.c and the tests. */
struct tfield tframe_field_new(const char *name, enum tf_type type, size_t len);
void tframe_field_fini(struct tfield *f);    /* not the strings of a TF_STRING field */
void tframe_field_drop(struct tfield *f, size_t len); /* everything, strings of len cells too */
struct tfield tframe_field_copy(const struct tfield *src, bool keep_names);
void tframe_fini(struct tframe *f);
/* Appends to f (fields array grows). */
void tframe_add(struct tframe *f, struct tfield fld);
/* Sets cell i of fld from cell j of src (same kind of type). */
void tframe_cell_copy(struct tfield *fld, size_t i, const struct tfield *src, size_t j);
bool tframe_cell_null(const struct tfield *f, size_t i);
/* The cell as text for keys and comparisons (numbers as JavaScript prints
 * them; NULL cells as ""). */
void tframe_cell_text(const struct tfield *f, size_t i, char *buf, size_t cap);
/* A field like src (type, labels; names too when keep_names) with len
 * null cells. */
struct tfield tframe_field_like(const struct tfield *src, size_t len, bool keep_names);
/* Frees fs's frames and takes v[0..n) (g_malloc'd) in their place; the cap stays. */
void tframes_replace(struct tframes *fs, struct tframe *v, size_t n);
/* Cells of all frames; CAIRN_ELIMIT with err when over the cap. */
int tframe_check_cells(const struct tframes *fs, size_t extra, struct cairn_err *err);

#endif
