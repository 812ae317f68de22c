/* batch-folder.c - the folder a batch draws into: held for the run, and its manifest.
 *
 * Two locks, both flock(2), both released by the kernel when their holder dies:
 *   .frontline-batch.lock  held for the whole run: exclusively by a batch without shards,
 *                          shared by the shards of one series. It also names its holders, a
 *                          line each: pid, shard ("K/N", or "-"), series.
 *   the folder itself      held for a moment, while a batch takes or gives up the lock file and
 *                          rewrites its lines, or merges a row into the manifest: so two shards
 *                          never write the manifest from two different readings of it.
 * A holder's line is trusted while its process lives (a line of a process killed outright is
 * ignored); the lock file itself says whether anyone holds the folder, and the last holder to
 * leave removes it. */
#define _DEFAULT_SOURCE   /* flock */
#include "batch-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_NAME ".frontline-batch.tsv"
#define LOCK_NAME ".frontline-batch.lock"

void
fl_batch_row_free(gpointer data)
{
  FlBatchRow *row = data;
  if (!row)
    return;
  g_free(row->made_by);
  g_free(row->content);
  g_free(row);
}

static FlBatchRow *
row_copy(const FlBatchRow *row)
{
  FlBatchRow *copy = g_new0(FlBatchRow, 1);
  copy->made_by = g_strdup(row->made_by);
  copy->size = row->size;
  copy->content = g_strdup(row->content);
  return copy;
}

/* ---- the locks ---- */

struct FlBatchFolder {
  char *dir;
  char *lock_path;
  int lock_fd;    /* the lock file, locked for the run */
  char *line;     /* this batch's line in it */
};

static void
folder_free(FlBatchFolder *folder)
{
  if (folder->lock_fd >= 0)
    close(folder->lock_fd);   /* the lock goes with it */
  g_free(folder->line);
  g_free(folder->lock_path);
  g_free(folder->dir);
  g_free(folder);
}

/* flock(2), again when a signal interrupts it; 0 or -1 with errno. */
static int
lock_file(int fd, int operation)
{
  int status;
  while ((status = flock(fd, operation)) != 0 && errno == EINTR)
    ;
  return status;
}

/* The folder locked for a moment (a file descriptor to close), or -1 with error. */
static int
folder_lock(const char *dir, GError **error)
{
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || lock_file(fd, LOCK_EX) != 0) {
    int saved = errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot lock the folder: %s",
                dir, g_strerror(saved));
    if (fd >= 0)
      close(fd);
    return -1;
  }
  return fd;
}

static void
folder_unlock(int fd)
{
  if (fd >= 0)
    close(fd);   /* the lock goes with it */
}

/* A holder's line: "pid<TAB>shard<TAB>series". */
typedef struct {
  long pid;
  char shard[32];   /* "K/N", or "-" */
  const char *series;
} Holder;

static gboolean
holder_parse(char *line, Holder *holder)
{
  g_auto(GStrv) fields = g_strsplit(line, "\t", 3);
  char *end = NULL;
  if (g_strv_length(fields) != 3)
    return FALSE;
  holder->pid = strtol(fields[0], &end, 10);
  if (!end || *end || holder->pid <= 0)
    return FALSE;
  g_strlcpy(holder->shard, fields[1], sizeof holder->shard);
  char *series = strchr(strchr(line, '\t') + 1, '\t') + 1;
  holder->series = series;
  return TRUE;
}

static gboolean
holder_alive(long pid)
{
  return pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* The lock file's lines of holders that still run. */
static GPtrArray *
live_holders(int fd)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  GString *text = g_string_new(NULL);
  char chunk[4096];
  ssize_t got;
  off_t offset = 0;
  while ((got = pread(fd, chunk, sizeof chunk, offset)) > 0 && text->len < (1 << 20)) {
    g_string_append_len(text, chunk, got);
    offset += got;
  }
  g_auto(GStrv) all = g_strsplit(text->str, "\n", -1);
  g_string_free(text, TRUE);
  for (guint i = 0; all[i]; i++) {
    Holder holder;
    g_autofree char *copy = g_strdup(all[i]);
    if (holder_parse(copy, &holder) && holder_alive(holder.pid))
      g_ptr_array_add(lines, g_strdup(all[i]));
  }
  return lines;
}

/* Writes lines into the lock file, replacing what it held. FALSE when it could not: the names
 * serve the messages only, the lock holds all the same. */
static gboolean
write_holders(int fd, const GPtrArray *lines)
{
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf(text, "%s\n", (const char *)lines->pdata[i]);
  gboolean written =
      ftruncate(fd, 0) == 0 && pwrite(fd, text->str, text->len, 0) == (ssize_t)text->len;
  g_string_free(text, TRUE);
  return written;
}

/* Why a shard may not share the folder with holder, or NULL: it may. */
static char *
shard_conflict(const char *dir, const Holder *holder, const char *shard, guint shard_count,
               const char *series)
{
  const char *slash = strchr(holder->shard, '/');
  guint64 count = slash ? g_ascii_strtoull(slash + 1, NULL, 10) : 0;
  if (g_str_equal(holder->shard, shard))
    return g_strdup_printf("%s: shard %s is already being drawn into this folder (pid %ld)", dir,
                           shard, holder->pid);
  if (count != shard_count || !g_str_equal(holder->series, series))
    return g_strdup_printf("%s: another batch is drawing into this folder (pid %ld, shard %s of "
                           "another series): wait for it to end, or draw into another folder",
                           dir, holder->pid, holder->shard);
  return NULL;
}

/* The message for a folder held by the holders lines (when the lock is held exclusively, or a
 * batch without shards asks for it). */
static char *
busy_message(const char *dir, const GPtrArray *lines)
{
  Holder holder;
  g_autofree char *first = lines->len ? g_strdup(lines->pdata[0]) : NULL;
  if (!first || !holder_parse(first, &holder))
    return g_strdup_printf("%s: another batch is drawing into this folder: wait for it to end, "
                           "or draw into another folder", dir);
  return g_strdup_printf("%s: another batch is drawing into this folder (pid %ld%s%s%s): wait "
                         "for it to end, or draw into another folder", dir, holder.pid,
                         g_str_equal(holder.shard, "-") ? "" : ", shard ",
                         g_str_equal(holder.shard, "-") ? "" : holder.shard,
                         lines->len > 1 ? ", and others" : "");
}

FlBatchFolder *
fl_batch_folder_hold(const char *dir, guint shard_index, guint shard_count, const char *series,
                     GError **error)
{
  if (g_mkdir_with_parents(dir, 0755) != 0 || !g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    int saved = errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot create the folder: %s",
                dir, g_strerror(saved));
    return NULL;
  }
  int guard = folder_lock(dir, error);
  if (guard < 0)
    return NULL;
  g_autofree char *path = g_build_filename(dir, LOCK_NAME, NULL);
  gboolean sharded = shard_count > 1;
  char shard[32] = "-";
  if (sharded)
    g_snprintf(shard, sizeof shard, "%u/%u", shard_index, shard_count);
  FlBatchFolder *folder = g_new0(FlBatchFolder, 1);
  folder->dir = g_strdup(dir);
  folder->lock_path = g_strdup(path);
  folder->line = g_strdup_printf("%ld\t%s\t%s", (long)getpid(), shard, series);
  folder->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  char *refusal = NULL;
  GPtrArray *lines = NULL;

  if (folder->lock_fd < 0) {
    int saved = errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot make the lock: %s",
                path, g_strerror(saved));
    goto fail;
  }
  if (lock_file(folder->lock_fd, LOCK_EX | LOCK_NB) == 0) {
    /* nobody holds it: the lines left are of batches gone. A shard shares it from now on
     * (while the folder is locked, nobody else can take it in between) */
    lines = g_ptr_array_new_with_free_func(g_free);
    if (sharded)
      lock_file(folder->lock_fd, LOCK_SH);
  } else if (errno != EWOULDBLOCK) {
    int saved = errno;
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT, "%s: cannot lock: %s", path,
                g_strerror(saved));
    goto fail;
  } else {
    lines = live_holders(folder->lock_fd);
    if (!sharded || lock_file(folder->lock_fd, LOCK_SH | LOCK_NB) != 0)
      refusal = busy_message(dir, lines);
    for (guint i = 0; !refusal && i < lines->len; i++) {
      Holder holder;
      g_autofree char *copy = g_strdup(lines->pdata[i]);
      if (holder_parse(copy, &holder))
        refusal = shard_conflict(dir, &holder, shard, shard_count, series);
    }
    if (refusal) {
      g_set_error_literal(error, FL_BATCH_ERROR, FL_BATCH_ERROR_BUSY, refusal);
      g_free(refusal);
      goto fail;
    }
  }
  g_ptr_array_add(lines, g_strdup(folder->line));
  write_holders(folder->lock_fd, lines);
  g_ptr_array_unref(lines);
  folder_unlock(guard);
  return folder;
fail:
  if (lines)
    g_ptr_array_unref(lines);
  folder_free(folder);
  folder_unlock(guard);
  return NULL;
}

void
fl_batch_folder_release(FlBatchFolder *folder)
{
  if (!folder)
    return;
  int guard = folder_lock(folder->dir, NULL);
  /* the last holder removes the lock file, so a batch leaves only its maps and manifest: none
   * other can have it open meanwhile, as each opens and locks it with the folder locked */
  if (guard >= 0 && lock_file(folder->lock_fd, LOCK_EX | LOCK_NB) == 0) {
    g_unlink(folder->lock_path);
  } else {
    GPtrArray *lines = live_holders(folder->lock_fd);
    for (guint i = 0; i < lines->len; i++)
      if (g_str_equal(lines->pdata[i], folder->line))
        g_ptr_array_remove_index(lines, i--);
    write_holders(folder->lock_fd, lines);
    g_ptr_array_unref(lines);
  }
  folder_free(folder);
  folder_unlock(guard);
}

/* ---- the manifest ---- */

GHashTable *
fl_batch_manifest_load(const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename(dir, MANIFEST_NAME, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *local = NULL;
  if (g_file_test(path, G_FILE_TEST_EXISTS) &&
      !fl_file_read_small(path, SMALL_FILE_MAX, &contents, &length, &local)) {
    g_set_error(error, FL_BATCH_ERROR, FL_BATCH_ERROR_OUTPUT,
                "%s: cannot read the series' manifest: %s (remove it to draw every map again)",
                path, local->message);
    g_error_free(local);
    return NULL;
  }
  GHashTable *manifest =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fl_batch_row_free);
  if (!contents)
    return manifest;
  g_auto(GStrv) lines = g_strsplit(contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (lines[i][0] == '#' || !strchr(lines[i], '\t'))
      continue;
    g_auto(GStrv) fields = g_strsplit(lines[i], "\t", 5);
    guint n = g_strv_length(fields);
    FlBatchRow *row = g_new0(FlBatchRow, 1);
    char *end = NULL;
    row->made_by = g_strdup(fields[1]);
    row->size = n >= 4 ? g_ascii_strtoll(fields[2], &end, 10) : -1;
    if (n < 4 || !end || *end || row->size < 0)
      row->size = -1;
    else
      row->content = g_strdup(fields[3]);
    g_hash_table_insert(manifest, g_strdup(fields[0]), row);
  }
  return manifest;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gboolean
manifest_save(GHashTable *manifest, const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename(dir, MANIFEST_NAME, NULL);
  guint n = 0;
  g_autofree gpointer *names = g_hash_table_get_keys_as_array(manifest, &n);
  GString *out = g_string_new("# frontline batch: each file, the digest of what made it, its "
                              "size and the SHA-256 of its bytes (for --resume)\n");
  qsort(names, n, sizeof *names, compare_names);
  for (guint i = 0; i < n; i++) {
    const FlBatchRow *row = g_hash_table_lookup(manifest, names[i]);
    g_string_append_printf(out, "%s\t%s\t%" G_GINT64_FORMAT "\t%s\n", (const char *)names[i],
                           row->made_by, row->size, row->content ? row->content : "-");
  }
  gboolean ok = fl_output_write(path, out->str, out->len, error);
  g_string_free(out, TRUE);
  return ok;
}

gboolean
fl_batch_folder_record(FlBatchFolder *folder, const char *name, const FlBatchRow *row,
                       GError **error)
{
  int guard = folder_lock(folder->dir, error);
  if (guard < 0)
    return FALSE;
  GHashTable *manifest = fl_batch_manifest_load(folder->dir, error);
  gboolean ok = manifest != NULL;
  if (ok) {
    g_hash_table_insert(manifest, g_strdup(name), row_copy(row));
    ok = manifest_save(manifest, folder->dir, error);
    g_hash_table_unref(manifest);
  }
  folder_unlock(guard);
  return ok;
}

/* ---- the files ---- */

gboolean
fl_batch_file_digest(const char *path, gint64 *size, char **content)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st;
  if (fd < 0)
    return FALSE;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return FALSE;
  }
  GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
  guchar *chunk = g_malloc(1 << 16);
  ssize_t got;
  gint64 total = 0;
  while ((got = read(fd, chunk, 1 << 16)) > 0 || (got < 0 && errno == EINTR)) {
    if (got < 0)
      continue;
    g_checksum_update(checksum, chunk, got);
    total += got;
  }
  g_free(chunk);
  close(fd);
  if (got < 0) {
    g_checksum_free(checksum);
    return FALSE;
  }
  *size = total;
  *content = g_strdup(g_checksum_get_string(checksum));
  g_checksum_free(checksum);
  return TRUE;
}

gboolean
fl_batch_file_matches(const char *path, const FlBatchRow *row)
{
  GStatBuf st;
  gint64 size;
  g_autofree char *content = NULL;
  /* the size first: a cut file is told without reading it */
  if (row->size < 0 || !row->content || g_stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
      (gint64)st.st_size != row->size)
    return FALSE;
  return fl_batch_file_digest(path, &size, &content) && size == row->size &&
         g_str_equal(content, row->content);
}
