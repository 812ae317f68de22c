/* pdf-deflate.c - Cairo's PDF streams deflated at a fast level.
 *
 * Cairo deflates every stream of a PDF at zlib's default level (6) and has no setting for it;
 * on the full map that was 45% of a warm PDF's CPU time. This file defines zlib's
 * deflateInit_(), which the program's symbol table puts before libz's for Cairo's calls: while
 * a thread writes a PDF (fl_pdf_deflate_fast), a stream asked at the default level is deflated
 * at level 1, 3.5 times as fast for files about a quarter larger. Every other call is zlib's
 * own: the same parameters, through deflateInit2_(), which this file does not define. */
#include "stream.h"

#include <zlib.h>

enum { FAST_LEVEL = 1, DEFAULT_MEM_LEVEL = 8 };

static _Thread_local int fast_depth;

void
fl_pdf_deflate_fast(gboolean fast)
{
  fast_depth += fast ? 1 : -1;
}

int
deflateInit_(z_streamp stream, int level, const char *version, int stream_size)
{
  if (level == Z_DEFAULT_COMPRESSION && fast_depth > 0)
    level = FAST_LEVEL;
  return deflateInit2_(stream, level, Z_DEFLATED, MAX_WBITS, DEFAULT_MEM_LEVEL,
                       Z_DEFAULT_STRATEGY, version, stream_size);
}
