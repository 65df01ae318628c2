/*
 * lwssym.c — libwebsockets loaded when the server starts (lwssym.h).
 */
#define LWSSYM_IMPLEMENTATION 1
#include "server/lwssym.h"

#include <pthread.h>
#include <stdbool.h>
#include "base/dynlib.h"

struct lwssym lwssym;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool tried;
static struct cairn_err load_err;   /* code 0: loaded */

int lwssym_load(struct cairn_err *err)
{
	pthread_mutex_lock(&lock);
	if (!tried) {
		tried = true;
#define LWSSYM_NAME(name) #name,
		static const char *const names[] = { LWSSYM_FUNCTIONS(LWSSYM_NAME) };
#undef LWSSYM_NAME
		void *syms[sizeof names / sizeof names[0]];
		if (!dynlib_load(LWSSYM_LIBRARY, "needed by cairn serve; Debian: libwebsockets17",
			names, syms, sizeof names / sizeof names[0], &load_err)) {
			size_t i = 0;
#define LWSSYM_SET(name) { union { void *p; __typeof__(name) *f; } u = { syms[i++] }; \
		lwssym.name = u.f; }
			LWSSYM_FUNCTIONS(LWSSYM_SET)
#undef LWSSYM_SET
		}
	}
	struct cairn_err e = load_err;
	pthread_mutex_unlock(&lock);
	if (e.code && err)
		*err = e;
	return e.code;
}
