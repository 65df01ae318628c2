/*
 * cmd.h — the sub-commands of the cairn executable.  Each returns the
 * process exit status (0 ok, 1 some panel failed, 2 unusable input).
 */
#ifndef CAIRN_CMD_H
#define CAIRN_CMD_H

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_PANEL_FAILED = 1, EXIT_BAD_INPUT = 2 };

int cmd_render(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_lint(int argc, char **argv);

/* The bundled fonts' folder: `flag` (--fonts) if given, else
 * $CAIRN_FONTS_DIR, else beside the executable as `meson install` lays it
 * out (<bindir>/../share/cairn/fonts), else the source tree the binary was
 * built from.  Returns a string that lives for the process. */
const char *cli_fonts_dir(const char *flag);
void cmd_render_usage(FILE *to);
void cmd_serve_usage(FILE *to);
void cmd_lint_usage(FILE *to);

#endif
