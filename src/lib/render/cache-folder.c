/* cache-folder.c - the cache folder as a whole (FlMapOptions.cache_dir): what it holds, its
 * bound, clearing it.
 *
 * The folder holds map-<digits>.cache, .plan and .labels files (cache.c), named by the
 * configuration and the build, so two builds sharing a folder keep a file each instead of
 * replacing each other's. It is bounded: once a file is written, the least recently used
 * files (a file read from the cache has its modification time set to now) are removed until
 * the folder holds at most $FRONTLINE_CACHE_MAX MiB (default FL_CACHE_MAX_MIB), the file just
 * written excepted. Only the cache's own files are counted or removed, never anything else the
 * folder holds. */
#define _POSIX_C_SOURCE 200809L   /* st_mtim */
#include "render-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  char *path;
  guint64 bytes;
  gint64 used;   /* modification time, in nanoseconds */
} Entry;

static void
entry_clear(gpointer data)
{
  g_free(((Entry *)data)->path);
}

/* A cache file's name: map-<hex digits>.cache, .plan or .labels, or a temporary name of one being
 * written (map-<digits>.cache.XXXXXX, g_file_set_contents()'s). */
static gboolean
is_cache_file(const char *name)
{
  if (!g_str_has_prefix(name, "map-"))
    return FALSE;
  const char *dot = strchr(name, '.');
  if (!dot || dot == name + 4)
    return FALSE;
  for (const char *c = name + 4; c < dot; c++)
    if (!g_ascii_isxdigit(*c))
      return FALSE;
  return g_str_has_prefix(dot, ".cache") || g_str_has_prefix(dot, ".plan") ||
         g_str_has_prefix(dot, ".labels");
}

/* The cache files of dir (an array of Entry), or NULL with error when dir cannot be listed;
 * an empty array when it does not exist. */
static GArray *
list_files(const char *dir, GError **error)
{
  GArray *entries = g_array_new(FALSE, FALSE, sizeof(Entry));
  g_array_set_clear_func(entries, entry_clear);
  GError *local = NULL;
  GDir *folder = g_dir_open(dir, 0, &local);

  if (!folder) {
    if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
      g_error_free(local);
      return entries;
    }
    g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT, "%s: cannot read the cache: %s",
                dir, local->message);
    g_error_free(local);
    g_array_unref(entries);
    return NULL;
  }
  for (const char *name; (name = g_dir_read_name(folder));) {
    if (!is_cache_file(name))
      continue;
    Entry entry = {g_build_filename(dir, name, NULL), 0, 0};
    struct stat st;
    if (lstat(entry.path, &st) != 0 || !S_ISREG(st.st_mode)) {
      g_free(entry.path);
      continue;
    }
    entry.bytes = (guint64)st.st_size;
    entry.used = (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    g_array_append_val(entries, entry);
  }
  g_dir_close(folder);
  return entries;
}

guint64
fl_cache_limit(void)
{
  const char *env = g_getenv("FRONTLINE_CACHE_MAX");
  guint64 mib = FL_CACHE_MAX_MIB;
  if (env && *env) {
    char *end = NULL;
    guint64 value = g_ascii_strtoull(env, &end, 10);
    if (end && *end == '\0' && value > 0 && value < ((guint64)1 << 40))
      mib = value;
  }
  return mib << 20;
}

static gint
compare_used(gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;
  return (x->used > y->used) - (x->used < y->used);
}

void
fl_cache_trim(const char *dir, const char *keep)
{
  GArray *entries = list_files(dir, NULL);
  guint64 total = 0, limit = fl_cache_limit();

  if (!entries)
    return;
  for (guint i = 0; i < entries->len; i++)
    total += g_array_index(entries, Entry, i).bytes;
  g_array_sort(entries, compare_used);
  for (guint i = 0; i < entries->len && total > limit; i++) {
    const Entry *entry = &g_array_index(entries, Entry, i);
    if (keep && strcmp(entry->path, keep) == 0)
      continue;
    if (g_remove(entry->path) == 0)
      total -= entry->bytes;
  }
  g_array_unref(entries);
}

void
fl_cache_touch(const char *path)
{
  /* the file's last use, for fl_cache_trim(); a folder that cannot be written keeps the old */
  (void)utimensat(AT_FDCWD, path, NULL, 0);
}

gboolean
fl_cache_info(const char *dir, FlCacheInfo *info, GError **error)
{
  GArray *entries = list_files(dir, error);

  memset(info, 0, sizeof *info);
  info->limit = fl_cache_limit();
  if (!entries)
    return FALSE;
  for (guint i = 0; i < entries->len; i++) {
    info->files++;
    info->bytes += g_array_index(entries, Entry, i).bytes;
  }
  g_array_unref(entries);
  return TRUE;
}

gboolean
fl_cache_clear(const char *dir, FlCacheInfo *removed, GError **error)
{
  GArray *entries = list_files(dir, error);
  gboolean ok = entries != NULL;

  memset(removed, 0, sizeof *removed);
  removed->limit = fl_cache_limit();
  for (guint i = 0; ok && i < entries->len; i++) {
    const Entry *entry = &g_array_index(entries, Entry, i);
    if (g_remove(entry->path) != 0 && errno != ENOENT) {
      int saved = errno;
      g_set_error(error, FL_RENDER_ERROR, FL_RENDER_ERROR_OUTPUT, "%s: cannot remove: %s",
                  entry->path, g_strerror(saved));
      ok = FALSE;
      break;
    }
    removed->files++;
    removed->bytes += entry->bytes;
  }
  if (entries)
    g_array_unref(entries);
  return ok;
}
