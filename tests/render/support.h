/*
 * support.h — helpers shared by the render tests: Grafana-default panels,
 * synthetic series, rendering to memory and reading pixels back.
 */
#ifndef CAIRN_TEST_RENDER_SUPPORT_H
#define CAIRN_TEST_RENDER_SUPPORT_H

#include <cairo.h>
#include <stdint.h>
#include "render/render.h"

/* The process' render context on the bundled fonts (made once). */
render_ctx *support_ctx(void);

/* A process-wide pool of 2 workers (made on first use, in the process that
 * uses it: check forks a process per test). */
pool *support_pool(void);

/* A panel of `type` with Grafana's defaults (as dashboards/fieldconfig.c applies). */
void support_panel(struct cairn_panel *p, const char *type, const char *title);

/* n samples from t0 every dt seconds, value f(i) (NaN allowed). */
void support_series(struct series *s, const char *name, size_t n, double t0, double dt,
                    double (*f)(size_t i, void *arg), void *arg);

/* A result holding the given series (moved in). */
void support_result(struct cairn_result *r, struct series *s, size_t n, double step);

/* Frees what support_result/support_series allocated. */
void support_result_free(struct cairn_result *r);

/* Renders one job filling a w×h canvas; returns render_panels' status. */
int support_render1(struct panel_job *job, int w, int h, enum render_format fmt,
                    enum theme_kind theme, struct render_out *out);

/* Decodes PNG bytes into an image surface (caller destroys). */
cairo_surface_t *support_decode(const struct render_out *out);

/* Pixel at (x, y) as 0xRRGGBB. */
uint32_t support_px(cairo_surface_t *img, int x, int y);

/* Max channel difference between two 0xRRGGBB colours. */
int support_coldiff(uint32_t a, uint32_t b);

/* Pixels in the rectangle differing from bg by more than tol per channel. */
long support_count_not(cairo_surface_t *img, int x0, int y0, int x1, int y1, uint32_t bg, int tol);

/* Pixels in the rectangle within tol of colour c. */
long support_count_near(cairo_surface_t *img, int x0, int y0, int x1, int y1, uint32_t c, int tol);

#endif
