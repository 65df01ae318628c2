/*
 * promjson.h — a one-pass reader for Prometheus matrix answers
 * (/api/v1/query_range), straight into series arrays with no allocation per
 * sample.  It handles only well-formed "success" matrix answers and declines
 * everything else, so prom.c hands those bodies to jansson, which stays the
 * reference for results and the only source of error messages.
 */
#ifndef CAIRN_PROMJSON_H
#define CAIRN_PROMJSON_H

#include <stddef.h>

#include "base/err.h"
#include "datasource/frame.h"
#include "datasource/prom.h"

/* "Not handled here": parse the body with jansson instead. */
#define PROMJSON_DECLINED (-1)

/* Where range samples land: t[i] = start + i*step for i < n, NaN where the
 * answer has no sample.  n == 0: no grid, samples keep their own timestamps. */
struct promjson_grid {
	double start, step;
	size_t n;
};

/* Reads body[len] (need not be NUL-terminated) as a matrix answer.  On 0,
 * *out is a malloc'd array of *n series (NULL when *n == 0) the caller owns
 * and frees with series_fini + free, *points the samples in them (grid
 * slots included); labels are sorted by name, t/v filled; name, ref_id and
 * target_index are left for the caller.  Returns PROMJSON_DECLINED, with
 * nothing allocated, for any body jansson would reject or read differently,
 * any other answer shape (status not "success", resultType not "matrix",
 * native histograms, non-string labels, duplicate keys that matter), more
 * than max_series series, more than max_points samples in all (checked
 * before a grid is allocated) or more than CAIRN_MAX_LABELS labels.
 * max_points * 16 must fit in a size_t. */
int promjson_parse_matrix(const char *body, size_t len, const struct promjson_grid *g,
                          size_t max_series, size_t max_points, struct series **out, size_t *n,
                          size_t *points);

/* promjson_parse_matrix with the parts a big body is read in on several
 * threads chosen by the caller (tests): parts of min_part bytes at least,
 * max_parts at most (0: one per core, 4 at most; clamped to
 * PROMJSON_MAX_PARTS).  Results, declines included, are those of one pass;
 * promjson_parse_matrix uses 8 MiB parts. */
#define PROMJSON_MAX_PARTS 16
int promjson_parse_matrix_parts(const char *body, size_t len, const struct promjson_grid *g,
                                size_t max_series, size_t max_points, struct series **out,
                                size_t *n, size_t *points, size_t min_part, size_t max_parts);

#endif
