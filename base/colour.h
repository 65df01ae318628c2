/*
 * colour.h — the one colour parser: Grafana's named hues ("green",
 * "semi-dark-orange", … in their dark- or light-theme shade), CSS hex
 * ("#rgb", "#rgba", "#rrggbb", "#rrggbbaa"), "rgb()/rgba()" and the CSS names
 * dashboards use, into 0xRRGGBBAA.  The theme tokens "text" and "panel-bg"
 * are not colours here: render/theme.c resolves them from its tokens.
 */
#ifndef CAIRN_COLOUR_H
#define CAIRN_COLOUR_H

#include <stdint.h>

/* Grafana maps each hue name to a shade one step lighter on dark backgrounds. */
enum colour_shade { COLOUR_DARK, COLOUR_LIGHT };

/* Resolves `text` into *out (0xRRGGBBAA).  Returns 0, or -1 when the text is
 * not a colour (NULL and "" included); *out is untouched then.  Names are
 * matched without regard to case.  "transparent" is alpha 0 (white in the
 * light shade, so antialiased edges blend towards the light background). */
int colour_parse(const char *text, enum colour_shade shade, uint32_t *out);

/* Colour arithmetic as tinycolor2 (which Grafana's themes and panels use)
 * does it: HSL with h in degrees [0, 360), s and l in [0, 1]; channels
 * r, g, b in [0, 1]. */
struct colour_hsl {
	double h, s, l;
};
struct colour_hsl colour_to_hsl(double r, double g, double b);
/* Back to channels; s and l are first cut to hundredths of a percent, as
 * tinycolor's bound01 does with the percentages it passes on. */
void colour_from_hsl(struct colour_hsl h, double *r, double *g, double *b);

/* tinycolor's darken(pct) then spin(deg) of an 0xRRGGBBAA colour (a
 * negative pct lightens), channels rounded; alpha kept. */
uint32_t colour_darken_spin(uint32_t c, double pct, double deg);

#endif
