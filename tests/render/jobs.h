/*
 * jobs.h — a fixed, deterministic set of panels shared by the format,
 * reentrancy and golden tests: time series with table legend and
 * thresholds, stacked bars, an error, no data, an unsupported type, a row.
 */
#ifndef CAIRN_TEST_RENDER_JOBS_H
#define CAIRN_TEST_RENDER_JOBS_H

#include "render/render.h"

#define JOBS_N 6
#define JOBS_W 1000
#define JOBS_H 640

struct jobs {
	struct cairn_panel panels[JOBS_N];
	struct cairn_result results[JOBS_N];
	struct panel_job job[JOBS_N];
};

void jobs_init(struct jobs *j);
void jobs_fini(struct jobs *j);

#endif
