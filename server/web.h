/*
 * web.h — the thin browser client's files (server/web/), compiled into the
 * binary by server/web/embed.sh, and what the page routes answer with them.
 * Read only, shared by every thread.
 */
#ifndef CAIRN_SERVER_WEB_H
#define CAIRN_SERVER_WEB_H

#include <stddef.h>

struct web_file {
	const char *name;          /* "app.js": the name under /static/ */
	const char *content_type;
	const unsigned char *bytes;
	size_t len;
	const char *etag;          /* strong, quoted */
};

extern const struct web_file web_files[];
extern const size_t web_n_files;

/* The file named name, or NULL.  The pages are index.html (/) and
 * dashboard.html (/d/<uid>). */
const struct web_file *web_file_find(const char *name);

/* What every page and file of the client is served with: scripts, styles,
 * connections and images from cairn itself only (images also from blob:
 * URLs the page makes of frames), nothing inline. */
#define WEB_CSP "default-src 'self'; script-src 'self'; style-src 'self'; " \
	"img-src 'self' blob: data:; connect-src 'self' ws: wss:; object-src 'none'; " \
	"base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

#endif
