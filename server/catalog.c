/*
 * catalog.c — the dashboards cairn serve answers for: the *.json files below
 * the configured folders, loaded with dashboards/ and indexed by uid.
 *
 * Owns the file records (what each file was when last read, and its last
 * good version), the uid index readers look up, and the failures list.  Not
 * parsing (dashboards/load.c) and not when to rescan (the server's timer
 * and SIGHUP).
 *
 * Locking: scan_lock keeps rescans one at a time and guards the file
 * records, which only a rescan touches.  lock guards the index and the
 * failures and is held only for a lookup, a copy or a pointer swap — never
 * while a file is read or parsed — so readers wait microseconds at most.
 * Both are pthread mutexes, which ThreadSanitizer sees (GLib's futex-based
 * locks it does not).  Entries are counted (C11 atomics): the index holds one
 * reference, each reader one more, so an entry a reload replaced lives until
 * its last reader lets go.
 */
#include "server/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "dashboards/load.h"

/* Caps on what a folder can make the scan do. */
#define CATALOG_MAX_DEPTH      16
#define CATALOG_MAX_FILES      10000
#define CATALOG_MAX_FILE_BYTES CAIRN_MAX_JSON_BYTES
/* A file modified this recently may change again within the same mtime
 * tick without its size changing: its bytes are hashed on the next scan
 * too (git's "racy" rule), so such an edit is never missed. */
#define CATALOG_RACY_NS (2 * 1000000000LL)

struct centry {
	struct catalog_entry pub; /* first: catalog_release casts back */
	atomic_uint refs;
	struct cairn_dashboard *dash;
	char *uid, *slug, *folder, *path, *json;
};

/* One file as the last scan left it.  Touched only under scan_lock. */
struct frec {
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	long long mtime_ns;
	bool racy;
	bool read;           /* the fields above describe bytes we read */
	uint64_t hash;       /* of those bytes */
	struct centry *good; /* last good version (a reference), NULL if none */
	char *error;         /* why those bytes do not load; NULL when they do */
	bool seen;           /* found by the current scan */
};

/* One thing a scan found, in path order: a file to read, or a failure
 * (a refused symlink, an unreadable folder). */
struct found {
	char *path;      /* as shown: folder/rel */
	char *open_path; /* what is opened: the resolved target of a symlink */
	char *rel;       /* below its dashboards folder */
	char *folder;    /* rel's directory, "" at the top */
	char *error;     /* non-NULL: nothing to read, listed as failed */
	struct stat st;  /* of open_path, when the walk found it */
};

struct catalog {
	char **dirs;
	size_t n_dirs;
	pthread_mutex_t scan_lock;
	GHashTable *recs; /* path → struct frec (scan_lock) */
	pthread_mutex_t lock;
	GHashTable *index;              /* uid → struct centry, one reference each (lock) */
	struct catalog_failure *failed; /* (lock) */
	size_t n_failed;
};

/* ---- entries ----------------------------------------------------------- */

static void centry_free(struct centry *e)
{
	dash_free(e->dash);
	g_free(e->uid);
	g_free(e->slug);
	g_free(e->folder);
	g_free(e->path);
	g_free(e->json);
	g_free(e);
}

static struct centry *centry_ref(struct centry *e)
{
	atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
	return e;
}

void catalog_release(const struct catalog_entry *pub)
{
	struct centry *e = (struct centry *)pub;
	/* acq_rel: the last release must see every other holder's reads done
	 * before it frees. */
	if (e && atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) == 1)
		centry_free(e);
}

static void release_value(gpointer p)
{
	catalog_release(p);
}

static size_t count_panels(const struct cairn_dashboard *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_panels; i++)
		n += !d->panels[i].is_row;
	return n;
}

/* Takes dash and json. */
static struct centry *centry_new(struct cairn_dashboard *dash, char *json, size_t len,
                                 uint64_t hash, const struct found *f)
{
	static const char *const no_tags[] = {NULL};
	struct centry *e = g_new0(struct centry, 1);
	atomic_init(&e->refs, 1);
	e->dash = dash;
	e->json = json;
	e->path = g_strdup(f->path);
	e->folder = g_strdup(f->folder);
	if (dash->uid && *dash->uid) {
		e->uid = g_strdup(dash->uid);
	} else {
		/* As Grafana's file provisioning: from the path below the folder. */
		char *stem = g_strndup(f->rel, strlen(f->rel) - strlen(".json"));
		e->uid = catalog_slug(stem);
		g_free(stem);
	}
	e->slug = catalog_slug(dash->title);
	e->pub = (struct catalog_entry){
	        .dash = dash,
	        .uid = e->uid,
	        .title = dash->title ? dash->title : "",
	        .slug = e->slug,
	        .folder = e->folder,
	        .path = e->path,
	        .tags = dash->tags ? (const char *const *)dash->tags : no_tags,
	        .n_panels = count_panels(dash),
	        .version = hash,
	        .json = json,
	        .json_len = len,
	};
	return e;
}

/* ---- slugs and hashes -------------------------------------------------- */

char *catalog_slug(const char *title)
{
	size_t n = title ? strlen(title) : 0;
	char *out = g_malloc(n + sizeof "dashboard");
	size_t o = 0;
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		char ch = title[i];
		if (g_ascii_isalnum(ch)) {
			if (dash && o > 0)
				out[o++] = '-';
			out[o++] = g_ascii_tolower(ch);
			dash = false;
		} else {
			dash = true;
		}
	}
	out[o] = '\0';
	/* Nothing left (a title of symbols or of another script): a URL still
	 * needs a segment. */
	if (o == 0)
		memcpy(out, "dashboard", sizeof "dashboard");
	return out;
}

/* The first 64 bits of SHA-256: the version is part of every image's cache
 * key, so two contents must not share one by accident. */
static uint64_t content_hash(const char *buf, size_t len)
{
	guint8 digest[32];
	gsize dlen = sizeof digest;
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(ck, (const guchar *)buf, len);
	g_checksum_get_digest(ck, digest, &dlen);
	g_checksum_free(ck);
	uint64_t h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | digest[i];
	return h;
}

/* ---- walking the folders ------------------------------------------------- */

struct walk {
	const char *root;
	char *root_real;
	GPtrArray *found;      /* struct found *, path order */
	GHashTable *dirs_seen; /* "dev:ino" of folders walked: symlink loops */
	size_t *n_files;       /* across every folder */
};

static void found_free(gpointer p)
{
	struct found *f = p;
	g_free(f->path);
	g_free(f->open_path);
	g_free(f->rel);
	g_free(f->folder);
	g_free(f->error);
	g_free(f);
}

static void add_failure(struct walk *w, const char *path, const char *rel, char *msg)
{
	struct found *f = g_new0(struct found, 1);
	f->path = g_strdup(path);
	f->rel = g_strdup(rel ? rel : "");
	f->folder = g_strdup("");
	f->error = msg;
	g_ptr_array_add(w->found, f);
}

static void add_file(struct walk *w, const char *path, const char *open_path, const char *rel,
                     const struct stat *st)
{
	struct found *f = g_new0(struct found, 1);
	f->st = *st;
	f->path = g_strdup(path);
	f->open_path = g_strdup(open_path);
	f->rel = g_strdup(rel);
	f->folder = g_path_get_dirname(rel);
	if (strcmp(f->folder, ".") == 0)
		f->folder[0] = '\0';
	g_ptr_array_add(w->found, f);
}

static bool inside(const char *real, const char *root_real)
{
	size_t n = strlen(root_real);
	if (strcmp(root_real, "/") == 0)
		return true;
	return strncmp(real, root_real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

static bool is_json_name(const char *name)
{
	return g_str_has_suffix(name, ".json");
}

static int cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a folder, sorted, without hidden ones: editors' and
 * Kubernetes' ("..data") bookkeeping lives in dot-names. */
static GPtrArray *list_dir(const char *path, int *errno_out)
{
	DIR *d = opendir(path);
	struct dirent *de;
	if (!d) {
		*errno_out = errno;
		return NULL;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			g_ptr_array_add(names, g_strdup(de->d_name));
	closedir(d);
	g_ptr_array_sort(names, cmp_names);
	return names;
}

static void walk_dir(struct walk *w, const char *rel, int depth);

/* Whether a folder was walked already (through another symlink): marks it. */
static bool seen_dir(struct walk *w, const struct stat *st)
{
	char *key = g_strdup_printf("%llu:%llu", (unsigned long long)st->st_dev,
	                            (unsigned long long)st->st_ino);
	if (g_hash_table_contains(w->dirs_seen, key)) {
		g_free(key);
		return true;
	}
	g_hash_table_add(w->dirs_seen, key);
	return false;
}

static void walk_entry(struct walk *w, const char *rel, int depth)
{
	char *path = g_build_filename(w->root, rel, NULL);
	char *target = NULL;
	struct stat st;
	if (lstat(path, &st) != 0)
		goto out; /* gone since the listing */
	if (S_ISLNK(st.st_mode)) {
		target = realpath(path, NULL);
		if (!target || stat(target, &st) != 0) {
			if (is_json_name(rel))
				add_failure(w, path, rel,
				            g_strdup_printf("%s: broken symlink", path));
			goto out;
		}
		if (!inside(target, w->root_real)) {
			if (is_json_name(rel) || S_ISDIR(st.st_mode))
				add_failure(w, path, rel,
				            g_strdup_printf("%s: symlink resolves outside the "
				                            "dashboards folder %s; "
				                            "not loaded",
				                            path, w->root));
			goto out;
		}
	}
	if (S_ISDIR(st.st_mode) && !seen_dir(w, &st)) {
		walk_dir(w, rel, depth + 1);
	} else if (S_ISREG(st.st_mode) && is_json_name(rel)) {
		if (++*w->n_files > CATALOG_MAX_FILES) {
			if (*w->n_files == CATALOG_MAX_FILES + 1)
				add_failure(w, path, rel,
				            g_strdup_printf("%s: more than %d dashboard files; "
				                            "this one and the rest "
				                            "are not loaded",
				                            path, CATALOG_MAX_FILES));
			goto out;
		}
		add_file(w, path, target ? target : path, rel, &st);
	}
out:
	free(target);
	g_free(path);
}

static void walk_dir(struct walk *w, const char *rel, int depth)
{
	char *path = rel ? g_build_filename(w->root, rel, NULL) : g_strdup(w->root);
	int e = 0;
	GPtrArray *names = NULL;
	if (depth > CATALOG_MAX_DEPTH) {
		add_failure(w, path, rel,
		            g_strdup_printf("%s: more than %d folders deep; not read", path,
		                            CATALOG_MAX_DEPTH));
		goto out;
	}
	names = list_dir(path, &e);
	if (!names) {
		add_failure(w, path, rel, g_strdup_printf("%s: %s", path, g_strerror(e)));
		goto out;
	}
	for (guint i = 0; i < names->len; i++) {
		char *child = rel ? g_build_filename(rel, names->pdata[i], NULL)
		                  : g_strdup(names->pdata[i]);
		walk_entry(w, child, depth);
		g_free(child);
	}
out:
	if (names)
		g_ptr_array_unref(names);
	g_free(path);
}

/* Everything below every folder, in folder order then path order. */
static GPtrArray *walk_all(catalog *c)
{
	GPtrArray *found = g_ptr_array_new_with_free_func(found_free);
	size_t n_files = 0;
	for (size_t i = 0; i < c->n_dirs; i++) {
		struct walk w = {.root = c->dirs[i], .found = found, .n_files = &n_files};
		struct stat st;
		w.root_real = realpath(c->dirs[i], NULL);
		if (!w.root_real || stat(w.root_real, &st) != 0) {
			add_failure(&w, c->dirs[i], NULL,
			            g_strdup_printf("%s: %s", c->dirs[i], g_strerror(errno)));
			free(w.root_real);
			continue;
		}
		w.dirs_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		seen_dir(&w, &st);
		walk_dir(&w, NULL, 0);
		g_hash_table_unref(w.dirs_seen);
		free(w.root_real);
	}
	return found;
}

/* ---- reading one file ------------------------------------------------------ */

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static bool same_stat(const struct frec *r, const struct stat *st)
{
	return r->read && !r->racy && r->dev == st->st_dev && r->ino == st->st_ino &&
	       r->size == st->st_size && r->mtime_ns == mtime_ns(st);
}

/* The whole file into a new NUL-terminated buffer, at most the cap. */
static int read_fd(int fd, const char *path, off_t size_hint, char **out, size_t *len,
                   struct cairn_err *err)
{
	size_t cap = (size_t)MAX(size_hint, 0) + 1, n = 0;
	char *buf;
	if (cap > CATALOG_MAX_FILE_BYTES + 1)
		goto too_big;
	buf = g_malloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > CATALOG_MAX_FILE_BYTES) {
				g_free(buf);
				goto too_big;
			}
			cap = MIN(cap * 2, (size_t)CATALOG_MAX_FILE_BYTES + 1);
			buf = g_realloc(buf, cap + 1);
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			cairn_err_set(err, CAIRN_EIO, "%s: %s", path, g_strerror(errno));
			g_free(buf);
			return CAIRN_EIO;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
too_big:
	return cairn_err_set(err, CAIRN_ELIMIT,
	                     "%s: larger than the %u MiB limit for dashboard JSON", path,
	                     CATALOG_MAX_FILE_BYTES >> 20);
}

static void rec_set_error(struct frec *r, const char *msg)
{
	g_free(r->error);
	r->error = msg ? g_strdup(msg) : NULL;
}

static void rec_set_good(struct frec *r, struct centry *e)
{
	if (r->good)
		catalog_release(&r->good->pub);
	r->good = e;
}

/* Loads bytes that differ from the last ones read. */
static void rec_load(struct frec *r, const struct found *f, char *json, size_t len, uint64_t hash)
{
	struct cairn_err err = {0};
	if (r->good && r->good->pub.version == hash) {
		/* Back to the content already serving (a broken edit undone). */
		g_free(json);
		rec_set_error(r, NULL);
		return;
	}
	struct cairn_dashboard *d = dash_load_buffer(json, len, f->path, &err);
	if (!d) {
		g_free(json);
		rec_set_error(r, err.msg);
		return;
	}
	rec_set_good(r, centry_new(d, json, len, hash, f));
	rec_set_error(r, NULL);
}

/* Brings r up to date with the file: the walk's stat first (an unchanged
 * file is not even opened), the bytes only when the stat says they may have
 * changed, the loader only when they have. */
static void rec_refresh(struct frec *r, const struct found *f)
{
	struct cairn_err err = {0};
	struct stat st;
	char *json = NULL;
	size_t len = 0;
	if (same_stat(r, &f->st))
		return;
	/* O_NOFOLLOW: what is opened is what the walk checked, not a link
	 * swapped in since; O_NONBLOCK: a FIFO swapped in cannot stall us. */
	int fd = open(f->open_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		cairn_err_set(&err, CAIRN_EIO, "%s: %s", f->path, g_strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		cairn_err_set(&err, CAIRN_EIO, "%s: not a regular file", f->path);
		goto fail;
	}
	if (same_stat(r, &st))
		goto out;
	if (read_fd(fd, f->path, st.st_size, &json, &len, &err))
		goto fail;
	uint64_t hash = content_hash(json, len);
	bool same = r->read && r->hash == hash;
	r->read = true;
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->size = st.st_size;
	r->mtime_ns = mtime_ns(&st);
	r->racy = now_ns() - r->mtime_ns < CATALOG_RACY_NS;
	r->hash = hash;
	if (same)
		g_free(json);
	else
		rec_load(r, f, json, len, hash);
	goto out;
fail:
	/* Read again next time: the error may pass (a permission fixed). */
	r->read = false;
	rec_set_error(r, err.msg);
out:
	if (fd >= 0)
		close(fd);
}

/* ---- the rescan --------------------------------------------------------------- */

static void frec_free(gpointer p)
{
	struct frec *r = p;
	rec_set_good(r, NULL);
	g_free(r->error);
	g_free(r->path);
	g_free(r);
}

static void failures_free(struct catalog_failure *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_free(f[i].path);
		g_free(f[i].message);
	}
	g_free(f);
}

/* What a rescan builds before it swaps it in. */
struct scan {
	GHashTable *index;
	GArray *failed; /* struct catalog_failure */
};

static void scan_fail(struct scan *s, const char *path, char *msg)
{
	struct catalog_failure f = {g_strdup(path), msg};
	g_array_append_val(s->failed, f);
}

/* The new index, first file in path order winning a uid. */
static void scan_index(catalog *c, GPtrArray *found, struct scan *s)
{
	for (guint i = 0; i < found->len; i++) {
		const struct found *f = found->pdata[i];
		struct frec *r = f->error ? NULL : g_hash_table_lookup(c->recs, f->path);
		const struct centry *other;
		if (f->error) {
			scan_fail(s, f->path, g_strdup(f->error));
			continue;
		}
		if (r->error)
			scan_fail(s, f->path, g_strdup(r->error));
		if (!r->good)
			continue;
		other = g_hash_table_lookup(s->index, r->good->uid);
		if (other == r->good)
			continue; /* one file reached twice (a folder listed twice) */
		if (other && !r->error)
			scan_fail(s, f->path,
			          g_strdup_printf("%s: uid \"%s\" already served by %s", f->path,
			                          r->good->uid, other->path));
		if (!other)
			g_hash_table_insert(s->index, r->good->uid, centry_ref(r->good));
	}
}

static void say(void (*log_fn)(void *, const char *), void *ctx, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void say(void (*log_fn)(void *, const char *), void *ctx, const char *fmt, ...)
{
	if (!log_fn)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* Titles and file names are anyone's text: one line stays one line. */
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < ' ')
			*p = '?';
	log_fn(ctx, line);
	g_free(line);
}

/* Counts and logs what changed between the served index and the new one;
 * a failure is logged when it is new or its message changed, not on every
 * scan. */
static size_t report_changes(catalog *c, struct scan *s, void (*log_fn)(void *, const char *),
                             void *ctx)
{
	GHashTableIter it;
	gpointer k, v;
	size_t changed = 0;
	g_hash_table_iter_init(&it, s->index);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const struct centry *old = g_hash_table_lookup(c->index, k), *e = v;
		if (old == e)
			continue;
		changed++;
		say(log_fn, ctx, "dashboards: %s %s \"%s\" from %s", old ? "reloaded" : "loaded",
		    e->uid, e->pub.title, e->path);
	}
	g_hash_table_iter_init(&it, c->index);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (g_hash_table_contains(s->index, k))
			continue;
		changed++;
		say(log_fn, ctx, "dashboards: dropped %s (was %s)", (const char *)k,
		    ((const struct centry *)v)->path);
	}
	for (guint i = 0; i < s->failed->len; i++) {
		const struct catalog_failure *f =
		        &g_array_index(s->failed, struct catalog_failure, i);
		bool known = false;
		for (size_t j = 0; j < c->n_failed && !known; j++)
			known = strcmp(c->failed[j].path, f->path) == 0 &&
			        strcmp(c->failed[j].message, f->message) == 0;
		if (known)
			continue;
		const struct frec *r = g_hash_table_lookup(c->recs, f->path);
		say(log_fn, ctx, "dashboards: %s%s", f->message,
		    r && r->good && r->error ? " (its last good version keeps serving)" : "");
	}
	return changed;
}

size_t catalog_rescan(catalog *c, void (*log_fn)(void *ctx, const char *line), void *log_ctx)
{
	pthread_mutex_lock(&c->scan_lock);
	GPtrArray *found = walk_all(c);
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, c->recs);
	while (g_hash_table_iter_next(&it, NULL, &v))
		((struct frec *)v)->seen = false;
	for (guint i = 0; i < found->len; i++) {
		const struct found *f = found->pdata[i];
		if (f->error)
			continue;
		struct frec *r = g_hash_table_lookup(c->recs, f->path);
		if (!r) {
			r = g_new0(struct frec, 1);
			r->path = g_strdup(f->path);
			g_hash_table_insert(c->recs, r->path, r);
		}
		r->seen = true;
		rec_refresh(r, f);
	}
	g_hash_table_iter_init(&it, c->recs);
	while (g_hash_table_iter_next(&it, NULL, &v))
		if (!((struct frec *)v)->seen)
			g_hash_table_iter_remove(&it);

	struct scan s = {
	        .index = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, release_value),
	        .failed = g_array_new(FALSE, TRUE, sizeof(struct catalog_failure)),
	};
	scan_index(c, found, &s);
	size_t changed = report_changes(c, &s, log_fn, log_ctx);

	pthread_mutex_lock(&c->lock);
	GHashTable *old_index = c->index;
	struct catalog_failure *old_failed = c->failed;
	size_t old_n_failed = c->n_failed;
	c->index = s.index;
	c->n_failed = s.failed->len;
	c->failed = (struct catalog_failure *)(void *)g_array_free(s.failed, FALSE);
	pthread_mutex_unlock(&c->lock);

	/* Outside the lock: releasing may free dashboards. */
	g_hash_table_unref(old_index);
	failures_free(old_failed, old_n_failed);
	g_ptr_array_unref(found);
	pthread_mutex_unlock(&c->scan_lock);
	return changed;
}

/* ---- readers -------------------------------------------------------------- */

const struct catalog_entry *catalog_get(catalog *c, const char *uid)
{
	struct centry *e;
	if (!uid)
		return NULL;
	pthread_mutex_lock(&c->lock);
	e = g_hash_table_lookup(c->index, uid);
	if (e)
		centry_ref(e);
	pthread_mutex_unlock(&c->lock);
	return e ? &e->pub : NULL;
}

static int cmp_entries(const void *a, const void *b)
{
	const struct catalog_entry *x = *(const struct catalog_entry *const *)a;
	const struct catalog_entry *y = *(const struct catalog_entry *const *)b;
	int r = strcmp(x->folder, y->folder);
	if (!r)
		r = g_ascii_strcasecmp(x->title, y->title);
	if (!r)
		r = strcmp(x->title, y->title);
	return r ? r : strcmp(x->uid, y->uid);
}

void catalog_list(catalog *c, struct catalog_list *out)
{
	GHashTableIter it;
	gpointer v;
	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&c->lock);
	out->n = g_hash_table_size(c->index);
	out->entries = g_new0(const struct catalog_entry *, out->n + 1);
	size_t i = 0;
	g_hash_table_iter_init(&it, c->index);
	while (g_hash_table_iter_next(&it, NULL, &v))
		out->entries[i++] = &centry_ref(v)->pub;
	out->n_failed = c->n_failed;
	out->failed = g_new0(struct catalog_failure, c->n_failed + 1);
	for (size_t j = 0; j < c->n_failed; j++) {
		out->failed[j].path = g_strdup(c->failed[j].path);
		out->failed[j].message = g_strdup(c->failed[j].message);
	}
	pthread_mutex_unlock(&c->lock);
	qsort(out->entries, out->n, sizeof *out->entries, cmp_entries);
}

void catalog_list_free(struct catalog_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		catalog_release(l->entries[i]);
	g_free(l->entries);
	failures_free(l->failed, l->n_failed);
	memset(l, 0, sizeof *l);
}

/* ---- life ----------------------------------------------------------------- */

catalog *catalog_new(const char *const *dirs, size_t n_dirs)
{
	catalog *c = g_new0(catalog, 1);
	c->dirs = g_new0(char *, n_dirs + 1);
	for (size_t i = 0; i < n_dirs; i++)
		c->dirs[i] = g_strdup(dirs[i]);
	c->n_dirs = n_dirs;
	pthread_mutex_init(&c->scan_lock, NULL);
	pthread_mutex_init(&c->lock, NULL);
	c->recs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, frec_free);
	c->index = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, release_value);
	c->failed = g_new0(struct catalog_failure, 1);
	return c;
}

void catalog_free(catalog *c)
{
	if (!c)
		return;
	g_hash_table_unref(c->index);
	g_hash_table_unref(c->recs);
	failures_free(c->failed, c->n_failed);
	g_strfreev(c->dirs);
	pthread_mutex_destroy(&c->lock);
	pthread_mutex_destroy(&c->scan_lock);
	g_free(c);
}
