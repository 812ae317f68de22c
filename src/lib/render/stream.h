/* stream.h - a Cairo output stream into a FILE that keeps its write errors.
 *
 * Cairo does not always carry a stream's write error into the surface's status (a PDF's last
 * bytes, written when it is finished, are written and forgotten), so a writer checks the
 * stream's error as well as the surface's status. */
#ifndef FL_RENDER_STREAM_H
#define FL_RENDER_STREAM_H

#include <cairo.h>
#include <glib.h>
#include <stdio.h>

typedef struct {
  FILE *file;  /* borrowed: the caller closes it (fl_output_close) */
  int error;   /* 0, or the errno of the first failed write; later writes fail at once */
} FlFileStream;

/* A cairo_write_func_t: closure is a FlFileStream. */
cairo_status_t fl_file_stream_write(void *closure, const unsigned char *data,
                                    unsigned int length);

/* While TRUE on this thread (calls nest), Cairo writes PDF and SVG files the fast way
 * (vector-output.c): call with TRUE before making a PDF or SVG surface, FALSE once its file
 * is written. */
void fl_vector_output_fast(gboolean fast);

#endif
