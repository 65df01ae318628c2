/*
 * web.c — web.h: looks the client's files up by name.  The files
 * themselves are generated (web_files.c, from server/web/ by embed.sh);
 * routing and headers are handle.c's.
 */
#include "server/web.h"

#include <string.h>

const struct web_file *web_file_find(const char *name)
{
	for (size_t i = 0; i < web_n_files; i++)
		if (strcmp(web_files[i].name, name) == 0)
			return &web_files[i];
	return NULL;
}
