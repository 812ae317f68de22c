/* base.c - version, ISO days, atomic output files. */
#define _POSIX_C_SOURCE 200809L
#include <frontline/base.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>

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

char *
fl_output_temp_name(const char *path)
{
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *name = g_strdup_printf(".%s.XXXXXX.part", base);
  char *temp = g_build_filename(dir, name, NULL);
  /* g_mkstemp_full replaces the XXXXXX and creates the file, so the name is ours alone */
  int fd = g_mkstemp_full(temp, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd >= 0)
    close(fd);
  return temp;
}

gboolean
fl_output_commit(const char *temp_path, const char *path, GError **error)
{
  if (g_rename(temp_path, path) != 0) {
    int saved = errno;
    g_set_error(error, FL_BASE_ERROR, FL_BASE_ERROR_IO, "%s: cannot write: %s", path,
                g_strerror(saved));
    g_remove(temp_path);
    return FALSE;
  }
  return TRUE;
}

void
fl_output_abort(const char *temp_path)
{
  if (temp_path)
    g_remove(temp_path);
}
