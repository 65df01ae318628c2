/*
 * catalog.h — the dashboards cairn serve answers for: every *.json below the
 * configured folders (sub-folders are Grafana folders), loaded with
 * dashboards/ and kept by uid.
 *
 * Reloaded by catalog_rescan (the server calls it every reload interval and
 * on SIGHUP): a changed file is loaded again; a file that no longer loads is
 * listed as failed with the loader's message, and its last good version
 * keeps serving; a removed file is dropped.  Two files with one uid: the
 * first in path order serves, the other is failed ("uid X already served by
 * FILE").  A dashboard without a uid gets one from its path (as Grafana's
 * file provisioning does: the slug of the path below the folder).
 *
 * Nothing below a folder escapes it: symlinks that resolve outside the
 * folder are skipped and listed as failed, and a uid is only ever looked up
 * in the index, never used as a path.  Names starting with '.' are skipped
 * (editors' and Kubernetes' bookkeeping: a ConfigMap's name.json links to
 * ..data/name.json, which is followed since it stays inside).
 *
 * Thread-safe: one writer (the rescan) and many readers.  A reader gets a
 * counted reference (catalog_entry) that stays valid across reloads until it
 * is released, so a request keeps the dashboard it started with.
 */
#ifndef CAIRN_SERVER_CATALOG_H
#define CAIRN_SERVER_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "dashboards/model.h"

typedef struct catalog catalog;

struct catalog_entry {
	const struct cairn_dashboard *dash;  /* read only, shared */
	const char *uid;
	const char *title;
	const char *slug;         /* Grafana's slug of the title */
	const char *folder;       /* "" at the top of a dashboards folder, else the
	                             sub-folder's relative path ("team/k8s") */
	const char *path;         /* the file */
	const char *const *tags;  /* NULL-terminated */
	size_t n_panels;          /* panels that draw (rows not counted, nested rows' panels counted) */
	uint64_t version;         /* changes whenever the file's content does: a
	                             hash of its bytes; part of every image's key */
	const char *json;         /* the file's bytes as loaded (NUL-terminated):
	                             GET /api/dashboards/uid/<uid> returns it */
	size_t json_len;
};

struct catalog_failure {
	char *path;
	char *message;            /* the loader's error: file, JSON path, what */
};

/* A catalog over dirs (copied).  Loads nothing yet. */
catalog *catalog_new(const char *const *dirs, size_t n_dirs);
void catalog_free(catalog *c);

/* Scans the folders again: loads new and changed files (by size, mtime and
 * inode, then content hash), drops removed ones.  Returns the number of
 * dashboards changed (loaded, replaced or dropped); each change and failure
 * is passed to log_fn (may be NULL) as one line, from the calling thread (a
 * failure once, when it appears or its message changes, not every scan).
 * Rescans run one at a time; readers are never blocked while files load. */
size_t catalog_rescan(catalog *c, void (*log_fn)(void *ctx, const char *line), void *log_ctx);

/* A counted reference to the dashboard with this uid, or NULL.  Release
 * with catalog_release. */
const struct catalog_entry *catalog_get(catalog *c, const char *uid);
void catalog_release(const struct catalog_entry *e);

/* A snapshot of every served dashboard, sorted by folder then title, and of
 * every failure.  Free with catalog_list_free. */
struct catalog_list {
	const struct catalog_entry **entries;   /* counted references */
	size_t n;
	struct catalog_failure *failed;
	size_t n_failed;
};
void catalog_list(catalog *c, struct catalog_list *out);
void catalog_list_free(struct catalog_list *l);

/* Grafana's slug of a title ("Node Exporter / Full" → "node-exporter-full"),
 * malloc'd. */
char *catalog_slug(const char *title);

#endif
