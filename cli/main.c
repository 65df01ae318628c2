/*
 * main.c — the cairn executable: dispatches to sub-commands.  The only place
 * (with cmd_*.c) allowed to read the environment and call exit().
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"

static void usage(FILE *to)
{
	fputs("usage: cairn <command> [options]\n"
	      "\n"
	      "Draws Grafana dashboards (their JSON model) server-side from Prometheus data.\n"
	      "\n"
	      "commands:\n"
	      "  render DASHBOARD.json -o OUT.{png,svg,pdf}   render a dashboard or one panel\n"
	      "  serve [--dashboards DIR] [--prometheus URL]  serve Grafana's render URLs over HTTP\n"
	      "  lint DASHBOARD.json|FOLDER...                check dashboards (for CI)\n"
	      "\n"
	      "  cairn --version        print the version\n"
	      "  cairn --help           this text\n"
	      "  cairn render --help    options of render\n"
	      "  cairn serve --help     options of serve\n"
	      "  cairn lint --help      options of lint\n",
		to);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_BAD_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("cairn %s\nfonts: %s\n", CAIRN_VERSION, cli_fonts_dir(NULL));
		return EXIT_OK;
	}
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(cmd, "lint") == 0)
		return cmd_lint(argc - 1, argv + 1);
	fprintf(stderr, "cairn: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return EXIT_BAD_INPUT;
}
