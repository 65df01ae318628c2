/*
 * secret.h — text that must not outlive its use: passwords, bearer tokens,
 * header values.  Wiped before the memory goes back to the allocator, so a
 * later allocation (or a core dump) cannot show it.
 */
#ifndef CAIRN_SECRET_H
#define CAIRN_SECRET_H

/* Zeroes s (up to its NUL) and frees it (g_free).  NULL-safe. */
void secret_free(char *s);

#endif
