/*
 * test_catalog.c — the dashboards catalog: a scan of a tree with sub-folders
 * and of the real corpus, reloads on change, a broken file keeping its last
 * good version, removals, duplicate uids, symlinks out of the folder, uids
 * that look like paths, entries held across reloads, and readers running
 * while files change and rescans run (also under ThreadSanitizer).
 */
#include <check.h>
Suite *make_suite(void);
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server/catalog.h"

static char *root, *outside;

static void rm_rf(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	const char *n;
	struct stat st;
	while (d && (n = g_dir_read_name(d))) {
		char *p = g_build_filename(path, n, NULL);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_rf(p);
		else
			g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(path);
}

static void setup(void)
{
	root = g_dir_make_tmp("cairn-catalog-XXXXXX", NULL);
	outside = g_dir_make_tmp("cairn-outside-XXXXXX", NULL);
	ck_assert(root && outside);
}

static void teardown(void)
{
	rm_rf(root);
	rm_rf(outside);
	g_free(root);
	g_free(outside);
}

/* DIR/rel, parent folders made as needed; returns the path (g_free it). */
static char *put(const char *dir, const char *rel, const char *text)
{
	char *path = g_build_filename(dir, rel, NULL);
	char *parent = g_path_get_dirname(path);
	ck_assert_int_eq(g_mkdir_with_parents(parent, 0755), 0);
	ck_assert(g_file_set_contents(path, text, -1, NULL));
	g_free(parent);
	return path;
}

static void put_free(const char *dir, const char *rel, const char *text)
{
	g_free(put(dir, rel, text));
}

/* A small dashboard: a row with one panel under it, and n more panels. */
static char *dash_json(const char *uid, const char *title, int n)
{
	GString *s = g_string_new("{");
	if (uid)
		g_string_append_printf(s, "\"uid\": \"%s\", ", uid);
	g_string_append_printf(s,
	                       "\"title\": \"%s\", \"tags\": [\"t1\", 7, \"t2\"], \"panels\": ["
	                       "{\"id\": 1, \"type\": \"row\", \"collapsed\": true, \"panels\": ["
	                       "{\"id\": 2, \"type\": \"timeseries\"}]}",
	                       title);
	for (int i = 0; i < n; i++)
		g_string_append_printf(s, ", {\"id\": %d, \"type\": \"timeseries\"}", 10 + i);
	g_string_append(s, "]}");
	return g_string_free(s, FALSE);
}

static void put_dash(const char *rel, const char *uid, const char *title, int n)
{
	char *j = dash_json(uid, title, n);
	put_free(root, rel, j);
	g_free(j);
}

static catalog *open_root(void)
{
	const char *dirs[] = {root};
	return catalog_new(dirs, 1);
}

/* The log lines a rescan produced, joined with newlines. */
static void collect(void *ctx, const char *line)
{
	g_string_append_printf(ctx, "%s\n", line);
}

static const char *title_of(catalog *c, const char *uid)
{
	static char buf[256];
	const struct catalog_entry *e = catalog_get(c, uid);
	if (!e)
		return NULL;
	g_strlcpy(buf, e->title, sizeof buf);
	catalog_release(e);
	return buf;
}

/* The failure listed for a path ending in suffix, or NULL. */
static char *failure_for(catalog *c, const char *suffix)
{
	struct catalog_list l;
	char *msg = NULL;
	catalog_list(c, &l);
	for (size_t i = 0; i < l.n_failed && !msg; i++)
		if (g_str_has_suffix(l.failed[i].path, suffix))
			msg = g_strdup(l.failed[i].message);
	catalog_list_free(&l);
	return msg;
}

static size_t n_failed(catalog *c)
{
	struct catalog_list l;
	catalog_list(c, &l);
	size_t n = l.n_failed;
	catalog_list_free(&l);
	return n;
}

/* Sets a file's mtime to now + delta seconds. */
static void set_mtime(const char *rel, long delta)
{
	char *path = g_build_filename(root, rel, NULL);
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec += delta;
	ts[1] = ts[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
	g_free(path);
}

/* ---- a tree of folders -------------------------------------------------- */

START_TEST(scan_tree)
{
	put_dash("top.json", "a", "Zeta board", 1);
	put_dash("team/b.json", "b", "Alpha", 2);
	put_dash("team/k8s/c.json", NULL, "Node Exporter / Full", 0);
	put_dash("team/k8s/b2.json", "b2", "alpha two", 0);
	put_free(root, "notes.txt", "{}");
	put_free(root, ".hidden.json", "{");
	put_free(root, ".git/x.json", "{");
	catalog *c = open_root();
	GString *log = g_string_new("");
	ck_assert_uint_eq(catalog_rescan(c, collect, log), 4);
	ck_assert_msg(strstr(log->str, "dashboards: loaded a \"Zeta board\" from "), "%s",
	              log->str);
	ck_assert_uint_eq(catalog_rescan(c, collect, log), 0); /* nothing changed */

	struct catalog_list l;
	catalog_list(c, &l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_uint_eq(l.n_failed, 0);
	/* Sorted by folder, then title. */
	ck_assert_str_eq(l.entries[0]->uid, "a");
	ck_assert_str_eq(l.entries[0]->folder, "");
	ck_assert_str_eq(l.entries[1]->uid, "b");
	ck_assert_str_eq(l.entries[1]->folder, "team");
	ck_assert_str_eq(l.entries[2]->uid, "b2");
	ck_assert_str_eq(l.entries[3]->folder, "team/k8s");
	/* No uid: one from the path below the folder. */
	ck_assert_str_eq(l.entries[3]->uid, "team-k8s-c");
	ck_assert_str_eq(l.entries[3]->slug, "node-exporter-full");
	ck_assert_str_eq(l.entries[1]->slug, "alpha");
	/* Rows not counted, panels in collapsed rows counted. */
	ck_assert_uint_eq(l.entries[0]->n_panels, 2);
	ck_assert_uint_eq(l.entries[1]->n_panels, 3);
	ck_assert_str_eq(l.entries[0]->tags[0], "t1");
	ck_assert_str_eq(l.entries[0]->tags[1], "t2");
	ck_assert_ptr_null(l.entries[0]->tags[2]);
	/* The bytes as read, and the path. */
	char *want = dash_json("a", "Zeta board", 1);
	ck_assert_str_eq(l.entries[0]->json, want);
	ck_assert_uint_eq(l.entries[0]->json_len, strlen(want));
	ck_assert(g_str_has_suffix(l.entries[0]->path, "/top.json"));
	ck_assert_ptr_nonnull(l.entries[0]->dash);
	ck_assert_str_eq(l.entries[0]->dash->uid, "a");
	ck_assert(l.entries[0]->version != l.entries[1]->version);
	catalog_list_free(&l);
	g_free(want);
	g_string_free(log, TRUE);
	catalog_free(c);
}
END_TEST

START_TEST(corpus_scan)
{
	const char *dirs[] = {CORPUS_DIR "/dashboards"};
	catalog *c = catalog_new(dirs, 1);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 14);
	struct catalog_list l;
	catalog_list(c, &l);
	ck_assert_uint_eq(l.n, 14);
	ck_assert_msg(l.n_failed == 0, "%s", l.n_failed ? l.failed[0].message : "");
	for (size_t i = 0; i < l.n; i++) {
		const struct catalog_entry *e = l.entries[i];
		ck_assert_msg(e->n_panels > 0, "%s", e->path);
		ck_assert_str_eq(e->uid, e->dash->uid);
		ck_assert_str_eq(e->folder, "");
		ck_assert(*e->title && *e->slug);
		ck_assert_uint_eq(strlen(e->json), e->json_len);
		if (i > 0) /* sorted by title */
			ck_assert(g_ascii_strcasecmp(l.entries[i - 1]->title, e->title) <= 0);
		ck_assert_ptr_nonnull(e->tags[0]);
		if (strstr(e->path, "kube-prometheus__apiserver"))
			ck_assert_str_eq(e->tags[0], "kubernetes-mixin");
		if (strstr(e->path, "rfmoz__node-exporter-full")) {
			ck_assert_str_eq(e->uid, "rYdddlPWk");
			ck_assert_str_eq(e->tags[0], "linux");
		}
	}
	/* The same bytes give the same version in another catalog. */
	catalog *c2 = catalog_new(dirs, 1);
	catalog_rescan(c2, NULL, NULL);
	const struct catalog_entry *e = catalog_get(c2, l.entries[0]->uid);
	ck_assert_ptr_nonnull(e);
	ck_assert(e->version == l.entries[0]->version);
	ck_assert_ptr_ne(e, l.entries[0]);
	catalog_release(e);
	catalog_list_free(&l);
	catalog_free(c2);
	catalog_free(c);
}
END_TEST

/* ---- reloads -------------------------------------------------------------------- */

START_TEST(reload_on_change)
{
	put_dash("a.json", "a", "First", 1);
	catalog *c = open_root();
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	const struct catalog_entry *e = catalog_get(c, "a");
	uint64_t v1 = e->version;
	catalog_release(e);

	/* A new content (another size) and a new mtime. */
	put_dash("a.json", "a", "Second title", 1);
	set_mtime("a.json", 5);
	GString *log = g_string_new("");
	ck_assert_uint_eq(catalog_rescan(c, collect, log), 1);
	ck_assert_str_eq(title_of(c, "a"), "Second title");
	ck_assert_msg(strstr(log->str, "dashboards: reloaded a \"Second title\""), "%s", log->str);
	e = catalog_get(c, "a");
	ck_assert(e->version != v1);
	uint64_t v2 = e->version;
	catalog_release(e);

	/* Touched, same bytes: nothing reloaded, same version. */
	set_mtime("a.json", 10);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 0);
	e = catalog_get(c, "a");
	ck_assert(e->version == v2);
	catalog_release(e);

	/* The uid itself changed: one dropped, one loaded. */
	put_dash("a.json", "renamed", "Second title", 1);
	set_mtime("a.json", 15);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 2);
	ck_assert_ptr_null(catalog_get(c, "a"));
	ck_assert_str_eq(title_of(c, "renamed"), "Second title");
	g_string_free(log, TRUE);
	catalog_free(c);
}
END_TEST

/* An edit in place within one mtime tick, same size: the racy rule still
 * sees it, since the file was modified moments before it was read. */
START_TEST(reload_same_size_same_mtime)
{
	put_dash("a.json", "a", "AAAA", 0);
	set_mtime("a.json", 0);
	char *path = g_build_filename(root, "a.json", NULL);
	struct stat before, after;
	ck_assert_int_eq(stat(path, &before), 0);
	catalog *c = open_root();
	catalog_rescan(c, NULL, NULL);
	ck_assert_str_eq(title_of(c, "a"), "AAAA");
	/* In place (same inode): g_file_set_contents would rename a new file in. */
	char *j = dash_json("a", "BBBB", 0);
	int fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, j, strlen(j)), (ssize_t)strlen(j));
	close(fd);
	g_free(j);
	struct timespec ts[2] = {before.st_mtim, before.st_mtim};
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
	ck_assert_int_eq(stat(path, &after), 0);
	ck_assert_int_eq(after.st_size, before.st_size);
	ck_assert_int_eq(after.st_ino, before.st_ino);
	ck_assert_int_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	ck_assert_str_eq(title_of(c, "a"), "BBBB");
	g_free(path);
	catalog_free(c);
}
END_TEST

START_TEST(broken_file_keeps_last_good)
{
	put_dash("a.json", "a", "Good", 1);
	put_dash("b.json", "b", "Other", 1);
	catalog *c = open_root();
	catalog_rescan(c, NULL, NULL);
	const struct catalog_entry *good = catalog_get(c, "a");
	uint64_t v = good->version;
	catalog_release(good);

	put_free(root, "a.json", "{\"uid\": \"a\", \"title\": \"Bad\", \"panels\": [");
	set_mtime("a.json", 5);
	GString *log = g_string_new("");
	ck_assert_uint_eq(catalog_rescan(c, collect, log), 0);
	ck_assert_str_eq(title_of(c, "a"), "Good");
	char *msg = failure_for(c, "/a.json");
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strstr(msg, "a.json:1:") && strstr(msg, "end of"), "%s", msg);
	ck_assert_msg(strstr(log->str, "(its last good version keeps serving)"), "%s", log->str);
	/* Logged once, not on every rescan. */
	g_string_truncate(log, 0);
	catalog_rescan(c, collect, log);
	ck_assert_str_eq(log->str, "");
	g_free(msg);

	/* A type error names the JSON path. */
	put_free(root, "a.json", "{\"uid\": \"a\", \"title\": 5}");
	catalog_rescan(c, NULL, NULL);
	msg = failure_for(c, "/a.json");
	ck_assert_msg(strstr(msg, "title: expected string, got number"), "%s", msg);
	ck_assert_str_eq(title_of(c, "a"), "Good");
	g_free(msg);

	/* Put back as it was: no longer failed, the same version serving. */
	put_dash("a.json", "a", "Good", 1);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 0);
	ck_assert_ptr_null(failure_for(c, "/a.json"));
	good = catalog_get(c, "a");
	ck_assert(good->version == v);
	catalog_release(good);

	/* A file that never loaded: failed and not served. */
	put_free(root, "new.json", "[1]");
	catalog_rescan(c, NULL, NULL);
	ck_assert_uint_eq(n_failed(c), 1);
	msg = failure_for(c, "/new.json");
	ck_assert_msg(strstr(msg, "expected object"), "%s", msg);
	g_free(msg);
	g_string_free(log, TRUE);
	catalog_free(c);
}
END_TEST

START_TEST(removed_file_dropped)
{
	put_dash("a.json", "a", "A", 0);
	put_dash("sub/b.json", "b", "B", 0);
	catalog *c = open_root();
	catalog_rescan(c, NULL, NULL);
	char *a = g_build_filename(root, "a.json", NULL);
	ck_assert_int_eq(g_unlink(a), 0);
	GString *log = g_string_new("");
	ck_assert_uint_eq(catalog_rescan(c, collect, log), 1);
	ck_assert_ptr_null(catalog_get(c, "a"));
	ck_assert_ptr_nonnull(title_of(c, "b"));
	ck_assert_msg(strstr(log->str, "dashboards: dropped a (was "), "%s", log->str);
	/* A broken file that is removed is no longer listed either. */
	put_free(root, "bad.json", "{");
	catalog_rescan(c, NULL, NULL);
	ck_assert_uint_eq(n_failed(c), 1);
	char *bad = g_build_filename(root, "bad.json", NULL);
	g_unlink(bad);
	catalog_rescan(c, NULL, NULL);
	ck_assert_uint_eq(n_failed(c), 0);
	/* The folder gone: everything dropped, the folder listed as failed. */
	rm_rf(root);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	ck_assert_ptr_null(catalog_get(c, "b"));
	char *msg = failure_for(c, root);
	ck_assert_msg(msg && strstr(msg, "No such file"), "%s", msg ? msg : "(none)");
	g_free(msg);
	g_free(a);
	g_free(bad);
	g_string_free(log, TRUE);
	catalog_free(c);
}
END_TEST

START_TEST(duplicate_uid)
{
	put_dash("a.json", "dup", "From A", 0);
	put_dash("b.json", "dup", "From B", 0);
	catalog *c = open_root();
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	ck_assert_str_eq(title_of(c, "dup"), "From A"); /* first in path order */
	char *msg = failure_for(c, "/b.json");
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strstr(msg, "b.json: uid \"dup\" already served by ") &&
	                      g_str_has_suffix(msg, "/a.json"),
	              "%s", msg);
	g_free(msg);
	/* The first one gone: the other takes over. */
	char *a = g_build_filename(root, "a.json", NULL);
	g_unlink(a);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	ck_assert_str_eq(title_of(c, "dup"), "From B");
	ck_assert_uint_eq(n_failed(c), 0);
	g_free(a);
	catalog_free(c);
}
END_TEST

/* ---- nothing escapes the folder ---------------------------------------------------- */

START_TEST(symlinks_out_refused)
{
	char *secret = put(outside, "secret.json", "{\"uid\": \"secret\", \"title\": \"Outside\"}");
	put_free(outside, "dir/x.json", "{\"uid\": \"x\", \"title\": \"X\"}");
	put_dash("real/inside.json", "inside", "Inside", 0);
	char *lnk = g_build_filename(root, "evil.json", NULL);
	ck_assert_int_eq(symlink(secret, lnk), 0);
	char *dlnk = g_build_filename(root, "evildir", NULL);
	char *odir = g_build_filename(outside, "dir", NULL);
	ck_assert_int_eq(symlink(odir, dlnk), 0);
	char *rel = g_build_filename(root, "sub", NULL);
	ck_assert_int_eq(g_mkdir(rel, 0755), 0);
	char *rlnk = g_build_filename(root, "sub", "up.json", NULL);
	ck_assert_int_eq(symlink("../../"
	                         "..",
	                         rlnk),
	                 0); /* relative, out */

	catalog *c = open_root();
	GString *log = g_string_new("");
	ck_assert_uint_eq(catalog_rescan(c, collect, log), 1);
	ck_assert_ptr_null(catalog_get(c, "secret"));
	ck_assert_ptr_null(catalog_get(c, "x"));
	ck_assert_ptr_nonnull(title_of(c, "inside"));
	char *msg = failure_for(c, "/evil.json");
	ck_assert_msg(msg && strstr(msg, "symlink resolves outside the dashboards folder"), "%s",
	              msg ? msg : "(none)");
	g_free(msg);
	msg = failure_for(c, "/evildir");
	ck_assert_msg(msg && strstr(msg, "outside"), "%s", msg ? msg : "(none)");
	g_free(msg);
	msg = failure_for(c, "/up.json");
	ck_assert_ptr_nonnull(msg);
	g_free(msg);
	ck_assert_msg(strstr(log->str, "evil.json: symlink resolves outside"), "%s", log->str);
	g_free(secret);
	g_free(lnk);
	g_free(dlnk);
	g_free(odir);
	g_free(rel);
	g_free(rlnk);
	g_string_free(log, TRUE);
	catalog_free(c);
}
END_TEST

/* Links that stay inside are followed (Kubernetes mounts a ConfigMap as
 * name.json → ..data/name.json); a link back up does not loop. */
START_TEST(symlinks_inside_followed)
{
	put_dash("..2026_12_03/k.json", "k", "From ConfigMap", 0);
	char *data = g_build_filename(root, "..data", NULL);
	ck_assert_int_eq(symlink("..2026_12_03", data), 0);
	char *k = g_build_filename(root, "k.json", NULL);
	ck_assert_int_eq(symlink("..data/k.json", k), 0);
	put_dash("sub/s.json", "s", "S", 0);
	char *loop = g_build_filename(root, "sub", "loop", NULL);
	ck_assert_int_eq(symlink("..", loop), 0);
	catalog *c = open_root();
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 2);
	const struct catalog_entry *e = catalog_get(c, "k");
	ck_assert_ptr_nonnull(e);
	ck_assert(g_str_has_suffix(e->path, "/k.json"));
	ck_assert_str_eq(e->folder, "");
	catalog_release(e);
	ck_assert_uint_eq(n_failed(c), 0);
	/* The ConfigMap updated: a new folder, ..data swapped. */
	put_dash("..2026_12_04/k.json", "k", "Updated", 0);
	char *tmp = g_build_filename(root, "..data_tmp", NULL);
	ck_assert_int_eq(symlink("..2026_12_04", tmp), 0);
	ck_assert_int_eq(rename(tmp, data), 0);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	ck_assert_str_eq(title_of(c, "k"), "Updated");
	g_free(data);
	g_free(k);
	g_free(loop);
	g_free(tmp);
	catalog_free(c);
}
END_TEST

START_TEST(path_like_uids)
{
	put_dash("a.json", "a", "A", 0);
	put_dash("sub/b.json", "b", "B", 0);
	put_free(outside, "o.json", "{\"uid\": \"o\", \"title\": \"O\"}");
	catalog *c = open_root();
	catalog_rescan(c, NULL, NULL);
	char *out_rel = g_strdup_printf("../%s/o", strrchr(outside, '/') + 1);
	const char *probes[] = {"..",         "../a",        "a.json",     "./a", "sub/b",
	                        "sub/b.json", "/etc/passwd", "%2e%2e%2fa", "a/",  "A",
	                        "",           "..\\a",       out_rel,      "o",   NULL};
	for (size_t i = 0; probes[i]; i++)
		ck_assert_msg(catalog_get(c, probes[i]) == NULL, "found \"%s\"", probes[i]);
	ck_assert_ptr_null(catalog_get(c, NULL));
	ck_assert_ptr_nonnull(title_of(c, "a"));
	g_free(out_rel);
	catalog_free(c);
}
END_TEST

START_TEST(too_big_and_odd_files)
{
	put_dash("a.json", "a", "A", 0);
	/* Sparse: the size alone refuses it, nothing is read. */
	char *big = g_build_filename(root, "big.json", NULL);
	int fd = open(big, O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)33 << 20), 0);
	close(fd);
	char *fifo = g_build_filename(root, "fifo.json", NULL);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	put_free(root, "empty.json", "");
	catalog *c = open_root();
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	char *msg = failure_for(c, "/big.json");
	ck_assert_msg(msg && strstr(msg, "larger than the 32 MiB limit"), "%s",
	              msg ? msg : "(none)");
	g_free(msg);
	ck_assert_ptr_null(failure_for(c, "/fifo.json")); /* not a file: not ours */
	msg = failure_for(c, "/empty.json");
	ck_assert_ptr_nonnull(msg);
	g_free(msg);
	g_free(big);
	g_free(fifo);
	catalog_free(c);
}
END_TEST

START_TEST(deep_folders_capped)
{
	GString *rel = g_string_new("");
	for (int i = 0; i < 18; i++)
		g_string_append_printf(rel, "d%d/", i);
	g_string_append(rel, "deep.json");
	put_dash(rel->str, "deep", "Deep", 0);
	put_dash("d0/d1/shallow.json", "shallow", "Shallow", 0);
	catalog *c = open_root();
	GString *log = g_string_new("");
	ck_assert_uint_eq(catalog_rescan(c, collect, log), 1);
	ck_assert_ptr_null(catalog_get(c, "deep"));
	ck_assert_ptr_nonnull(title_of(c, "shallow"));
	ck_assert_uint_eq(n_failed(c), 1);
	ck_assert_msg(strstr(log->str, "more than 16 folders deep; not read"), "%s", log->str);
	g_string_free(rel, TRUE);
	g_string_free(log, TRUE);
	catalog_free(c);
}
END_TEST

/* A title or file name with a line break cannot split a log line. */
START_TEST(log_lines_stay_lines)
{
	put_free(root, "a.json", "{\"uid\": \"a\", \"title\": \"one\\ntwo\\rthree\"}");
	put_free(root, "b\nc.json", "{");
	catalog *c = open_root();
	GString *log = g_string_new("");
	catalog_rescan(c, collect, log);
	ck_assert_str_eq(title_of(c, "a"), "one\ntwo\rthree");
	gchar **lines = g_strsplit(log->str, "\n", -1);
	ck_assert_uint_eq(g_strv_length(lines), 3); /* two lines and the empty tail */
	ck_assert_msg(strstr(lines[0], "one?two?three") || strstr(lines[1], "one?two?three"), "%s",
	              log->str);
	g_strfreev(lines);
	g_string_free(log, TRUE);
	catalog_free(c);
}
END_TEST

START_TEST(several_folders)
{
	put_dash("a.json", "a", "A", 0);
	put_free(outside, "b.json", "{\"uid\": \"b\", \"title\": \"B\"}");
	put_free(outside, "dup.json", "{\"uid\": \"a\", \"title\": \"Dup\"}");
	const char *dirs[] = {root, outside, root};
	catalog *c = catalog_new(dirs, 3);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 2);
	ck_assert_str_eq(title_of(c, "a"), "A"); /* the first folder wins */
	ck_assert_str_eq(title_of(c, "b"), "B");
	ck_assert_uint_eq(n_failed(c), 1); /* dup.json; root listed twice is no duplicate */
	catalog_free(c);
}
END_TEST

/* ---- references across reloads ------------------------------------------------------ */

START_TEST(entry_held_across_reload)
{
	put_dash("a.json", "a", "Old", 3);
	catalog *c = open_root();
	catalog_rescan(c, NULL, NULL);
	const struct catalog_entry *held = catalog_get(c, "a");
	struct catalog_list l;
	catalog_list(c, &l);

	put_dash("a.json", "a", "New", 1);
	set_mtime("a.json", 5);
	ck_assert_uint_eq(catalog_rescan(c, NULL, NULL), 1);
	/* The old version, whole, while the new one serves. */
	ck_assert_str_eq(held->title, "Old");
	ck_assert_uint_eq(held->n_panels, 4);
	ck_assert_uint_eq(held->dash->n_panels, 5);
	ck_assert_str_eq(held->dash->panels[4].type, "timeseries");
	ck_assert(strstr(held->json, "\"Old\""));
	ck_assert_str_eq(title_of(c, "a"), "New");

	/* Dropped, and the catalog itself freed: still valid until released. */
	char *a = g_build_filename(root, "a.json", NULL);
	g_unlink(a);
	catalog_rescan(c, NULL, NULL);
	catalog_free(c);
	ck_assert_str_eq(held->uid, "a");
	ck_assert_str_eq(l.entries[0]->title, "Old");
	ck_assert_str_eq(held->tags[0], "t1");
	catalog_release(held);
	catalog_list_free(&l);
	catalog_release(NULL);
	g_free(a);
}
END_TEST

/* ---- many readers, one writer ----------------------------------------------------- */

#define N_FILES 6

struct hammer {
	catalog *c;
	atomic_bool stop;
	atomic_ulong gets, lists, scans;
};

/* Every version of every file says its own uid in its title, so a reader
 * can tell an entry torn between two versions. */
static void check_entry(const struct catalog_entry *e, const char *uid)
{
	ck_assert_str_eq(e->uid, uid);
	ck_assert(g_str_has_prefix(e->title, uid));
	ck_assert_uint_eq(strlen(e->json), e->json_len);
	ck_assert(strstr(e->json, e->title));
	ck_assert_uint_eq(e->n_panels, e->dash->n_panels - 1);
}

static void *reader(void *p)
{
	struct hammer *h = p;
	unsigned long n = 0;
	while (!atomic_load(&h->stop)) {
		char uid[16];
		snprintf(uid, sizeof uid, "u%lu", n++ % N_FILES);
		const struct catalog_entry *e = catalog_get(h->c, uid);
		if (e) {
			check_entry(e, uid);
			catalog_release(e);
		}
		atomic_fetch_add(&h->gets, 1);
		if (n % 64 == 0) {
			struct catalog_list l;
			catalog_list(h->c, &l);
			for (size_t i = 0; i < l.n; i++)
				check_entry(l.entries[i], l.entries[i]->uid);
			for (size_t i = 0; i < l.n_failed; i++)
				ck_assert(strlen(l.failed[i].message) > 0);
			catalog_list_free(&l);
			atomic_fetch_add(&h->lists, 1);
		}
	}
	return NULL;
}

static void *rescanner(void *p)
{
	struct hammer *h = p;
	while (!atomic_load(&h->stop)) {
		catalog_rescan(h->c, NULL, NULL);
		atomic_fetch_add(&h->scans, 1);
	}
	return NULL;
}

START_TEST(readers_while_rescanning)
{
	for (int i = 0; i < N_FILES; i++) {
		char rel[32], uid[16], title[32];
		snprintf(rel, sizeof rel, "f%d/d%d.json", i % 2, i);
		snprintf(uid, sizeof uid, "u%d", i);
		snprintf(title, sizeof title, "u%d v0", i);
		put_dash(rel, uid, title, i);
	}
	struct hammer h = {.c = open_root()};
	catalog_rescan(h.c, NULL, NULL);
	pthread_t readers[3], scanner;
	for (int i = 0; i < 3; i++)
		pthread_create(&readers[i], NULL, reader, &h);
	pthread_create(&scanner, NULL, rescanner, &h);
	/* This thread writes: new versions, broken ones, removals and returns,
	 * each followed by a rescan of its own racing the other. */
	for (int round = 1; round <= 150; round++) {
		int i = round % N_FILES;
		char rel[32], uid[16], title[32];
		snprintf(rel, sizeof rel, "f%d/d%d.json", i % 2, i);
		snprintf(uid, sizeof uid, "u%d", i);
		snprintf(title, sizeof title, "u%d v%d", i, round);
		if (round % 7 == 0) {
			put_free(root, rel, "{\"uid\": ");
		} else if (round % 11 == 0) {
			char *p = g_build_filename(root, rel, NULL);
			g_unlink(p);
			g_free(p);
		} else {
			put_dash(rel, uid, title, round % 4);
		}
		catalog_rescan(h.c, NULL, NULL);
		g_usleep(2000);
	}
	atomic_store(&h.stop, true);
	for (int i = 0; i < 3; i++)
		pthread_join(readers[i], NULL);
	pthread_join(scanner, NULL);
	ck_assert_uint_gt(atomic_load(&h.gets), 100);
	ck_assert_uint_gt(atomic_load(&h.lists), 1);
	ck_assert_uint_gt(atomic_load(&h.scans), 1);
	catalog_free(h.c);
}
END_TEST

/* ---- slugs ------------------------------------------------------------------------- */

static const struct {
	const char *title, *slug;
} slugs[] = {
        {"Node Exporter / Full", "node-exporter-full"},
        {"  Hello__World!! ", "hello-world"},
        {"CPU (5m)", "cpu-5m"},
        {"Kubernetes / Compute Resources / Pod", "kubernetes-compute-resources-pod"},
        {"already-a-slug", "already-a-slug"},
        {"MiXeD 123", "mixed-123"},
        {"", "dashboard"},
        {"!!!", "dashboard"},
        {"\xec\x84\x9c\xeb\xb2\x84 CPU", "cpu"},
};

START_TEST(slug)
{
	char *s = catalog_slug(slugs[_i].title);
	ck_assert_str_eq(s, slugs[_i].slug);
	g_free(s);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("server/catalog");
	TCase *tc = tcase_create("scan");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, scan_tree);
	tcase_add_test(tc, corpus_scan);
	tcase_add_test(tc, several_folders);
	tcase_add_test(tc, deep_folders_capped);
	tcase_add_test(tc, log_lines_stay_lines);
	tcase_add_test(tc, too_big_and_odd_files);
	tcase_add_loop_test(tc, slug, 0, (int)G_N_ELEMENTS(slugs));
	suite_add_tcase(s, tc);
	tc = tcase_create("reload");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, reload_on_change);
	tcase_add_test(tc, reload_same_size_same_mtime);
	tcase_add_test(tc, broken_file_keeps_last_good);
	tcase_add_test(tc, removed_file_dropped);
	tcase_add_test(tc, duplicate_uid);
	tcase_add_test(tc, entry_held_across_reload);
	suite_add_tcase(s, tc);
	tc = tcase_create("confinement");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, symlinks_out_refused);
	tcase_add_test(tc, symlinks_inside_followed);
	tcase_add_test(tc, path_like_uids);
	suite_add_tcase(s, tc);
	tc = tcase_create("threads");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, readers_while_rescanning);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
