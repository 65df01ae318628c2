/*
 * livedata.h — what a live view's panel was drawn from, kept so the
 * crosshair's "values" question is answered without a query: each
 * series' display name, colour, unit and decimals as the panel draws them
 * (render/fields.h), and its samples.  Collected on a request thread
 * through request.on_data; read on the service thread.  Immutable once
 * taken.
 */
#ifndef CAIRN_SERVER_LIVEDATA_H
#define CAIRN_SERVER_LIVEDATA_H

#include <stddef.h>
#include "dashboards/model.h"
#include "datasource/frame.h"
#include "render/render.h"

typedef struct livedata livedata;

/* One collection: init, hand livedata_collect_cb and &c to request_run
 * (as on_data, on_data_ctx), take, fini. */
struct livedata_collect {
	enum theme_kind theme;
	int panel_id;
	livedata *d;
};
void livedata_collect_init(struct livedata_collect *c, enum theme_kind theme, int panel_id);
void livedata_collect_cb(void *ctx, const struct cairn_panel *p, const var_scope *vars,
	const struct cairn_result *r);
/* The data collected (NULL when none), now the caller's: livedata_free. */
livedata *livedata_collect_take(struct livedata_collect *c);
void livedata_collect_fini(struct livedata_collect *c);
void livedata_free(livedata *d);

/* {"op":"values","view":V,"panel":P,"time":T,"series":[{"name","value",
 * "text","color","time"}]}: each visible series' sample nearest at or
 * before time_ms (unix ms; value null when that sample is a gap), text in
 * the series' unit and decimals, colour "#RRGGBB" as drawn, time the
 * sample's (ms).  Series with no sample at or before time_ms are left
 * out.  d NULL: no series.  g_malloc'd; *len without the NUL. */
char *livedata_values_json(const livedata *d, const char *view, int panel, double time_ms,
	size_t *len);

#endif
