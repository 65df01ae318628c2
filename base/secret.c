/*
 * secret.c — secret_free: explicit_bzero, which the compiler may not drop
 * as a dead store, then g_free.
 */
#include "base/secret.h"

#include <string.h>
#include <glib.h>

void secret_free(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	g_free(s);
}
