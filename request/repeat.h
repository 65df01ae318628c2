/*
 * repeat.h — a dashboard with its repeated rows and panels laid out as
 * Grafana's DashboardModel.processRepeats does, once the variables are
 * known.  Part of request/, not used outside it.
 */
#ifndef CAIRN_REPEAT_H
#define CAIRN_REPEAT_H

#include <stddef.h>
#include "dashboards/model.h"
#include "dashboards/vars.h"

/* The panels a request draws: the dashboard's, each repeated row and panel
 * once per value of its variable, in grid order.  dash is a shallow copy:
 * its panels are struct copies whose strings belong to the source
 * dashboard (which must outlive the view); scopes[i] is the scope panel i
 * interpolates with (its repeat variable holding one value), NULL for the
 * request's own. */
struct repeat_view {
	struct cairn_dashboard dash;
	var_scope **scopes;
};

/* Fills v from d and the resolved scope: a panel or row whose "repeat"
 * names a variable with values is drawn once per value (the first copy
 * keeps its id, the others get ids after the largest), horizontally
 * (maxPerRow, default 4, per grid row; widths 24 / count, at least
 * 24 / maxPerRow) or vertically; a row's copies carry its panels; what is
 * below moves down.  A repeat variable without values leaves the panel as
 * it is.  Never fails; free with repeat_view_fini. */
void repeat_expand(const struct cairn_dashboard *d, const var_scope *scope, struct repeat_view *v);

void repeat_view_fini(struct repeat_view *v);

#endif
