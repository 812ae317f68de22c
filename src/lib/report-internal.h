/* report-internal.h - a report's body read in windows, so that the stages that read text
 * (places, events) hold a bounded part of it whatever its size. */
#ifndef FL_REPORT_INTERNAL_H
#define FL_REPORT_INTERNAL_H

#include <frontline/report.h>

/* A window on a report's body: its own part, which is the part whose results count, and some
 * context on each side (the sentences before it, the words after it) for what looks around:
 * the previous sentence of a pronoun, the places named near an ambiguous name. The own parts of
 * the windows follow each other and cover the body once; they are cut at a line or sentence end
 * when there is one within WINDOW_PIECE bytes (64 KiB), else at a space, else between two
 * characters, so a line of any length is read in bounded pieces. A report of one window (up to
 * 64 KiB) is read exactly as a whole. */
typedef struct {
  const char *text;          /* the window, not NUL-terminated */
  gsize len;
  gsize offset;              /* body offset of text[0] */
  guint line, column;        /* line in the file and column (in characters) of text[0] */
  gsize own_start, own_end;  /* the own part: text[own_start, own_end) */
} FlWindow;

typedef gboolean (*FlWindowFunc)(const FlWindow *window, gpointer user_data, GError **error);

/* Calls func on every window of the report's body in order (once, with an empty window, for an
 * empty body). Memory stays bounded: the window and a read buffer. FALSE with error set when
 * the body cannot be read again (FL_REPORT_ERROR_IO) or func fails. */
gboolean fl_report_windows(const FlReport *report, FlWindowFunc func, gpointer user_data,
                           GError **error);

#endif
