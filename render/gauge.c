#include "render/single_draw.h"
void gauge_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
                struct rect content)
{
	(void)cr, (void)env, (void)job, (void)content;
}
