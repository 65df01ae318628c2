/*
 * hmschemes.c — Grafana's heatmap colour-scheme list (hmschemes.h).
 */
#include "dashboards/hmschemes.h"

#include <stdbool.h>
#include <string.h>

/* palettes.ts' colorSchemes, in its order; "Cubehelix" samples d3's
 * interpolateCubehelixDefault. */
static const struct {
	const char *name;
	enum hm_invert invert;
} schemes[] = {
        {"BrBG", HM_INVERT_ALWAYS},   {"PiYG", HM_INVERT_ALWAYS},     {"PRGn", HM_INVERT_ALWAYS},
        {"PuOr", HM_INVERT_ALWAYS},   {"RdBu", HM_INVERT_ALWAYS},     {"RdGy", HM_INVERT_ALWAYS},
        {"RdYlBu", HM_INVERT_ALWAYS}, {"RdYlGn", HM_INVERT_ALWAYS},   {"Spectral", HM_INVERT_ALWAYS},
        {"Blues", HM_INVERT_DARK},    {"Greens", HM_INVERT_DARK},     {"Greys", HM_INVERT_DARK},
        {"Oranges", HM_INVERT_DARK},  {"Purples", HM_INVERT_DARK},    {"Reds", HM_INVERT_DARK},
        {"Turbo", HM_INVERT_LIGHT},   {"Cividis", HM_INVERT_LIGHT},   {"Viridis", HM_INVERT_LIGHT},
        {"Magma", HM_INVERT_LIGHT},   {"Inferno", HM_INVERT_LIGHT},   {"Plasma", HM_INVERT_LIGHT},
        {"Warm", HM_INVERT_LIGHT},    {"Cool", HM_INVERT_LIGHT},      {"Cubehelix", HM_INVERT_LIGHT},
        {"BuGn", HM_INVERT_DARK},     {"BuPu", HM_INVERT_DARK},       {"GnBu", HM_INVERT_DARK},
        {"OrRd", HM_INVERT_DARK},     {"PuBuGn", HM_INVERT_DARK},     {"PuBu", HM_INVERT_DARK},
        {"PuRd", HM_INVERT_DARK},     {"RdPu", HM_INVERT_DARK},       {"YlGnBu", HM_INVERT_DARK},
        {"YlGn", HM_INVERT_DARK},     {"YlOrBr", HM_INVERT_DARK},     {"YlOrRd", HM_INVERT_DARK},
        {"Rainbow", HM_INVERT_ALWAYS}, {"Sinebow", HM_INVERT_ALWAYS},
};
#define N_SCHEMES (sizeof schemes / sizeof schemes[0])

const char *hm_scheme_at(size_t i, enum hm_invert *invert)
{
	if (i >= N_SCHEMES)
		return NULL;
	if (invert)
		*invert = schemes[i].invert;
	return schemes[i].name;
}

long hm_scheme_find(const char *name)
{
	for (size_t i = 0; name && i < N_SCHEMES; i++)
		if (strcmp(schemes[i].name, name) == 0)
			return (long)i;
	return -1;
}

long hm_scheme_index(const char *name, bool exact)
{
	for (size_t i = 0; name && i < N_SCHEMES; i++)
		if (exact ? strcmp(schemes[i].name, name) == 0 : strstr(name, schemes[i].name) != NULL)
			return (long)i;
	return -1;
}
