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

#endif
