/*
 * curlsym.c — libcurl loaded on first use (curlsym.h says why).
 */
#define CURLSYM_IMPLEMENTATION 1
#include "datasource/curlsym.h"

#include <pthread.h>
#include <stdbool.h>
#include "base/dynlib.h"

struct curlsym curlsym;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool tried;                  /* loading was tried (once per process) */
static struct cairn_err load_err;   /* why it failed; code 0: loaded */
static bool initialised;            /* curl_global_init ran, no cleanup since */

/* Into curlsym, member by member, through void * (dlsym's POSIX contract). */
static void load(void)
{
#define CURLSYM_NAME(name) #name,
	static const char *const names[] = { CURLSYM_FUNCTIONS(CURLSYM_NAME) };
#undef CURLSYM_NAME
	void *syms[sizeof names / sizeof names[0]];
	if (dynlib_load(CURLSYM_LIBRARY, "needed to reach a Prometheus; Debian: libcurl4, "
		"curl 7.88 or later", names, syms, sizeof names / sizeof names[0], &load_err))
		return;
	size_t i = 0;
#define CURLSYM_SET(name) { union { void *p; __typeof__(name) *f; } u = { syms[i++] }; \
		curlsym.name = u.f; }
	CURLSYM_FUNCTIONS(CURLSYM_SET)
#undef CURLSYM_SET
}

int curlsym_load(struct cairn_err *err)
{
	pthread_mutex_lock(&lock);
	if (!tried) {
		tried = true;
		load();
	}
	/* Again after a curlsym_unload (tests start and stop clients). */
	if (!load_err.code && !initialised) {
		if (curlsym.curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
			initialised = true;
	}
	struct cairn_err e = load_err;
	if (!e.code && !initialised)
		cairn_err_set(&e, CAIRN_EIO, "libcurl failed to initialise (curl_global_init)");
	pthread_mutex_unlock(&lock);
	if (e.code && err)
		*err = e;
	return e.code;
}

void curlsym_unload(void)
{
	pthread_mutex_lock(&lock);
	if (initialised) {
		curlsym.curl_global_cleanup();
		initialised = false;
	}
	pthread_mutex_unlock(&lock);
}
