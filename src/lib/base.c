/* base.c - version, ISO days, atomic output files. */
#define _POSIX_C_SOURCE 200809L
#include <frontline/base.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

G_DEFINE_QUARK(fl-base-error-quark, fl_base_error)

const char *
fl_version(void)
{
  return FL_VERSION_STRING;
}

static gboolean
parse_digits(const char *text, guint count, guint *value)
{
  guint v = 0;
  for (guint i = 0; i < count; i++) {
    if (!g_ascii_isdigit(text[i]))
      return FALSE;
    v = v * 10 + (guint)(text[i] - '0');
  }
  *value = v;
  return TRUE;
}

gboolean
fl_date_parse_iso(const char *text, GDate *date, GError **error)
{
  guint year, month, day;

  if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
      !parse_digits(text, 4, &year) || !parse_digits(text + 5, 2, &month) ||
      !parse_digits(text + 8, 2, &day)) {
    g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_DATE,
                "'%s' is not a date: use YYYY-MM-DD", text ? text : "");
    return FALSE;
  }
  if (year < 1 || !g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year)) {
    g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_DATE, "'%s' is not a day of the calendar",
                text);
    return FALSE;
  }
  g_date_clear(date, 1);
  g_date_set_dmy(date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
  return TRUE;
}

char *
fl_date_format_iso(const GDate *date, char buf[static 11])
{
  if (!g_date_valid(date)) {
    g_strlcpy(buf, "", 11);
    return buf;
  }
  g_snprintf(buf, 11, "%04u-%02u-%02u", (guint)g_date_get_year(date),
             (guint)g_date_get_month(date), (guint)g_date_get_day(date));
  return buf;
}

gint
fl_date_days_between(const GDate *a, const GDate *b)
{
  return (gint)g_date_get_julian(b) - (gint)g_date_get_julian(a);
}

/* Whether path is a file that is written in place rather than replaced: a device
 * (/dev/stdout, /dev/full) or a FIFO. */
static gboolean
is_special(const char *path)
{
  GStatBuf st;
  return g_stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* The folder of the temporary files for path: its own, or the temporary folder for a special
 * file (its folder, /dev, is no place for them). */
static char *
temp_folder(const char *path)
{
  return is_special(path) ? g_strdup(g_get_tmp_dir()) : g_path_get_dirname(path);
}

/* ---- the temporary files and folders being written, for a signal to remove ---- */

#define TEMP_SLOTS 16

static char temp_slots[TEMP_SLOTS][PATH_MAX];
static volatile sig_atomic_t temp_state[TEMP_SLOTS];  /* 0 free, 1 a file, 2 a folder */

static void
temp_watch(const char *path, sig_atomic_t kind)
{
  if (strlen(path) >= PATH_MAX)
    return;
  for (guint i = 0; i < TEMP_SLOTS; i++)
    if (temp_state[i] == 0) {
      g_strlcpy(temp_slots[i], path, PATH_MAX);
      temp_state[i] = kind;  /* last: the handler reads the slot only once it is marked */
      return;
    }
}

void
fl_output_watch(const char *path)
{
  temp_watch(path, 1);
}

void
fl_output_forget(const char *path)
{
  for (guint i = 0; i < TEMP_SLOTS; i++)
    if (temp_state[i] != 0 && strcmp(temp_slots[i], path) == 0)
      temp_state[i] = 0;
}

/* What SQLite (a GeoPackage) may leave beside a file it writes. */
static const char *const companions[] = {"-journal", "-wal", "-shm"};

void
fl_output_remove_temps(void)
{
  static char name[PATH_MAX + 16];  /* no allocation in a signal handler */
  for (guint i = 0; i < TEMP_SLOTS; i++)  /* unlink and rmdir are async-signal-safe */
    if (temp_state[i] == 1) {
      unlink(temp_slots[i]);
      gsize n = strlen(temp_slots[i]);
      for (guint c = 0; c < G_N_ELEMENTS(companions); c++) {
        memcpy(name, temp_slots[i], n);
        memcpy(name + n, companions[c], strlen(companions[c]) + 1);
        unlink(name);
      }
    }
  for (guint i = 0; i < TEMP_SLOTS; i++)
    if (temp_state[i] == 2)
      rmdir(temp_slots[i]);
}

/* The most bytes of an output's name its temporary name keeps. */
#define TEMP_BASE_MAX 200

char *
fl_output_temp_name(const char *path)
{
  g_autofree char *dir = temp_folder(path);
  g_autofree char *base = g_path_get_basename(path);
  /* the temporary name adds 13 bytes: a long name (up to the file system's 255) keeps only its
   * first TEMP_BASE_MAX bytes there, cut between two characters */
  if (strlen(base) > TEMP_BASE_MAX) {
    const char *cut = base + TEMP_BASE_MAX;
    while (cut > base && ((guchar)*cut & 0xC0) == 0x80)
      cut--;
    base[cut - base] = '\0';
  }
  g_autofree char *name = g_strdup_printf(".%s.XXXXXX.part", base);
  char *temp = g_build_filename(dir, name, NULL);
  /* g_mkstemp_full replaces the XXXXXX and creates the file, so the name is ours alone */
  int fd = g_mkstemp_full(temp, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd >= 0) {
    close(fd);
    temp_watch(temp, 1);
  }
  return temp;
}

/* The error of a write to path that failed with errno saved. */
static void
cannot_write(GError **error, const char *path, int saved)
{
  g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, "%s: cannot write: %s", path,
              g_strerror(saved));
}

char *
fl_output_temp_folder(const char *path, GError **error)
{
  g_autofree char *dir = temp_folder(path);
  char *folder = g_build_filename(dir, ".frontline-output-XXXXXX", NULL);
  if (g_mkdtemp(folder) == NULL) {
    int saved = errno;
    cannot_write(error, path, saved);
    g_free(folder);
    return NULL;
  }
  temp_watch(folder, 2);
  return folder;
}

/* Copies the complete file temp_path into the special file path. */
static gboolean
copy_into(const char *temp_path, const char *path, GError **error)
{
  FILE *from = g_fopen(temp_path, "rb"), *to = from ? g_fopen(path, "wb") : NULL;
  char buffer[1 << 16];
  gsize got;
  gboolean ok = from && to;
  int saved = errno;

  while (ok && (got = fread(buffer, 1, sizeof buffer, from)) > 0)
    if (fwrite(buffer, 1, got, to) != got) {
      saved = errno;
      ok = FALSE;
    }
  if (ok && ferror(from)) {
    saved = errno;
    ok = FALSE;
  }
  if (to && fclose(to) != 0 && ok) {
    saved = errno;
    ok = FALSE;
  }
  if (from)
    fclose(from);
  if (!ok)
    cannot_write(error, path, saved);
  return ok;
}

/* Flushes what the file system holds of path (a file or a folder) to the disk: a write that
 * failed late (a full disk, an I/O error on a network file system) shows here. 0 or an errno;
 * a file system that cannot sync a folder (EINVAL) is no failure. */
static int
sync_path(const char *path, gboolean folder)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
  int saved = 0;
  if (fd < 0)
    return errno;
  if (fsync(fd) != 0 && !(folder && (errno == EINVAL || errno == EROFS)))
    saved = errno;
  close(fd);
  return saved;
}

gboolean
fl_output_commit(const char *temp_path, const char *path, GError **error)
{
  if (is_special(path)) {
    gboolean ok = copy_into(temp_path, path, error);  /* watched still: a SIGPIPE may come */
    fl_output_forget(temp_path);
    g_remove(temp_path);
    return ok;
  }
  g_autofree char *folder = g_path_get_dirname(path);
  int saved = sync_path(temp_path, FALSE);
  if (saved == 0) {
    fl_output_forget(temp_path);  /* renamed below */
    if (g_rename(temp_path, path) != 0)
      saved = errno;
    else if ((saved = sync_path(folder, TRUE)) != 0)
      temp_path = path;  /* the rename may not last: what is there may be incomplete */
  }
  if (saved != 0) {
    cannot_write(error, path, saved);
    fl_output_forget(temp_path);
    g_remove(temp_path);
    return FALSE;
  }
  return TRUE;
}

gboolean
fl_output_close(FILE *file, const char *path, GError **error)
{
  int saved = 0;
  if (fflush(file) != 0 || ferror(file))
    saved = errno ? errno : EIO;
  if (fclose(file) != 0 && saved == 0)
    saved = errno ? errno : EIO;
  if (saved == 0)
    return TRUE;
  cannot_write(error, path, saved);
  return FALSE;
}

void
fl_output_abort(const char *temp_path)
{
  if (temp_path) {
    fl_output_forget(temp_path);
    g_remove(temp_path);
  }
}

FILE *
fl_output_open(const char *path, char **temp_path, GError **error)
{
  char *temp = fl_output_temp_name(path);
  FILE *file = g_fopen(temp, "wb");
  if (file == NULL) {
    int saved = errno;
    cannot_write(error, path, saved);
    fl_output_abort(temp);
    g_free(temp);
    return NULL;
  }
  *temp_path = temp;
  return file;
}

gboolean
fl_output_finish(FILE *file, const char *temp_path, const char *path, GError **error)
{
  if (!fl_output_close(file, path, error)) {
    fl_output_abort(temp_path);
    return FALSE;
  }
  return fl_output_commit(temp_path, path, error);
}

gboolean
fl_output_write(const char *path, const char *data, gsize len, GError **error)
{
  g_autofree char *temp_path = NULL;
  FILE *file = fl_output_open(path, &temp_path, error);
  if (file == NULL)
    return FALSE;
  if (fwrite(data, 1, len, file) != len) {
    int saved = errno;
    cannot_write(error, path, saved);
    fclose(file);
    fl_output_abort(temp_path);
    return FALSE;
  }
  return fl_output_finish(file, temp_path, path, error);
}

gboolean
fl_file_read_small(const char *path, gsize max_bytes, char **contents, gsize *len,
                   GError **error)
{
  /* O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int saved = errno;
    g_set_error_literal(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, g_strerror(saved));
    return FALSE;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    g_set_error_literal(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, "not a regular file");
    close(fd);
    return FALSE;
  }
  if ((guint64)st.st_size > max_bytes) {
    g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, "larger than %" G_GSIZE_FORMAT " bytes",
                max_bytes);
    close(fd);
    return FALSE;
  }
  GString *text = g_string_sized_new((gsize)st.st_size + 1);
  char chunk[65536];
  ssize_t got;
  while ((got = read(fd, chunk, sizeof chunk)) > 0 && text->len <= max_bytes)
    g_string_append_len(text, chunk, got);
  int saved = errno;
  close(fd);
  if (got < 0 || text->len > max_bytes) {
    g_set_error_literal(error, FL_BASE_ERROR, FL_BASE_ERROR_IO,
                        got < 0 ? g_strerror(saved) : "it grew while read");
    g_string_free(text, TRUE);
    return FALSE;
  }
  *len = text->len;
  *contents = g_string_free(text, FALSE);
  return TRUE;
}
