/* vector-output.c - what Cairo spends writing PDF and SVG files, made cheaper.
 *
 * Cairo has no setting for either of the two costs that made most of a warm PDF or SVG (perf
 * record of the full map): it deflates every PDF stream at zlib's default level (45% of a PDF's
 * CPU time), and prints every coordinate with snprintf ("%f", or "%.*f" with 3 decimals in
 * PDF, then trims the zeros), which glibc does with exact multiple-precision arithmetic (27%
 * of a PDF's time, half an SVG's).
 * This file defines zlib's deflateInit_(), deflate() and deflateEnd() and libc's snprintf()
 * and __snprintf_chk(), which the program's symbol table puts before the libraries' own for
 * Cairo's calls (and zlib's compress(), which calls them through its own table). While a
 * thread writes a vector file (fl_vector_output_fast):
 *   - a stream asked at zlib's default level is gathered whole and deflated by libdeflate at
 *     its level 1 when finished (about 6 times as fast as zlib's default level, for files about
 *     a sixth larger); deflate() and deflateEnd() on any other stream are zlib's;
 *   - "%f", "%.*f" (up to 9 decimals) and "%d" alone are printed here, to the same
 *     characters: an integer of units of the last decimal, unless the number is a million or
 *     more, or its product is too close to a rounding tie to tell, which go to libc.
 * Every other call, and every call outside such a window, is zlib's or libc's own. */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include "stream.h"

#include <dlfcn.h>
#include <libdeflate.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

enum { FAST_LEVEL = 1 };   /* libdeflate's */

static _Thread_local int fast_depth;

void
fl_vector_output_fast(gboolean fast)
{
  fast_depth += fast ? 1 : -1;
}

/* A stream deflated here: its input gathered whole, then deflated by libdeflate in one call
 * and handed out as the caller makes room. */
typedef struct {
  GByteArray *input;
  guint8 *output;   /* NULL until Z_FINISH */
  size_t length, handed;
} Whole;

G_LOCK_DEFINE_STATIC(wholes);
static GHashTable *wholes;   /* z_streamp -> Whole*: the streams deflated here */

static Whole *
whole_of(z_streamp stream, gboolean remove)
{
  Whole *whole = NULL;
  G_LOCK(wholes);
  if (wholes) {
    whole = g_hash_table_lookup(wholes, stream);
    if (whole && remove)
      g_hash_table_remove(wholes, stream);
  }
  G_UNLOCK(wholes);
  return whole;
}

/* zlib's own function name (deflate, deflateEnd), past this program's. */
static gpointer
zlib_function(const char *name)
{
  gpointer function = dlsym(RTLD_NEXT, name);
  if (!function)
    g_error("zlib has no %s", name);   /* cannot be: the program links zlib */
  return function;
}

int
deflateInit_(z_streamp stream, int level, const char *version, int stream_size)
{
  if (level != Z_DEFAULT_COMPRESSION || fast_depth <= 0)
    return deflateInit2_(stream, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version,
                         stream_size);
  if (!version || version[0] != ZLIB_VERSION[0] || stream_size != (int)sizeof(z_stream))
    return Z_VERSION_ERROR;
  Whole *whole = g_new0(Whole, 1);
  whole->input = g_byte_array_new();
  stream->total_in = stream->total_out = 0;
  stream->msg = NULL;
  stream->adler = 1;
  G_LOCK(wholes);
  if (!wholes)
    wholes = g_hash_table_new(NULL, NULL);
  g_hash_table_insert(wholes, stream, whole);
  G_UNLOCK(wholes);
  return Z_OK;
}

int
deflate(z_streamp stream, int flush)
{
  static int (*zlib_deflate)(z_streamp, int);
  Whole *whole = whole_of(stream, FALSE);

  if (!whole) {
    if (!g_atomic_pointer_get(&zlib_deflate))
      g_atomic_pointer_set(&zlib_deflate, zlib_function("deflate"));
    return zlib_deflate(stream, flush);
  }
  if (flush != Z_NO_FLUSH && flush != Z_FINISH)
    return Z_STREAM_ERROR;   /* Cairo and compress() ask for neither */
  if (!whole->output && stream->avail_in > 0) {
    g_byte_array_append(whole->input, stream->next_in, stream->avail_in);
    stream->total_in += stream->avail_in;
    stream->next_in += stream->avail_in;
    stream->avail_in = 0;
  }
  if (flush != Z_FINISH)
    return Z_OK;
  if (!whole->output) {
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(FAST_LEVEL);
    if (!compressor)
      return Z_MEM_ERROR;
    size_t bound = libdeflate_zlib_compress_bound(compressor, whole->input->len);
    whole->output = g_malloc(bound);
    whole->length = libdeflate_zlib_compress(compressor, whole->input->data,
                                             whole->input->len, whole->output, bound);
    libdeflate_free_compressor(compressor);
  }
  size_t part = MIN(whole->length - whole->handed, (size_t)stream->avail_out);
  memcpy(stream->next_out, whole->output + whole->handed, part);
  whole->handed += part;
  stream->next_out += part;
  stream->avail_out -= (uInt)part;
  stream->total_out += part;
  return whole->handed == whole->length ? Z_STREAM_END : Z_OK;
}

int
deflateEnd(z_streamp stream)
{
  static int (*zlib_deflate_end)(z_streamp);
  Whole *whole = whole_of(stream, TRUE);

  if (!whole) {
    if (!g_atomic_pointer_get(&zlib_deflate_end))
      g_atomic_pointer_set(&zlib_deflate_end, zlib_function("deflateEnd"));
    return zlib_deflate_end(stream);
  }
  g_byte_array_unref(whole->input);
  g_free(whole->output);
  g_free(whole);
  return Z_OK;
}

/* Digits of value (at least min_digits, zero-padded) written backwards before end. */
static char *
put_digits(char *end, unsigned long long value, int min_digits)
{
  do {
    *--end = (char)('0' + value % 10);
    value /= 10;
  } while (--min_digits > 0 || value > 0);
  return end;
}

/* "%.*f" of number into text (at least 40 bytes) with 0 to 9 decimals, as glibc prints it:
 * its length, or -1 where only the exact algorithm can tell (near a tie, or beyond 2^53
 * units of the last decimal). */
static int
print_fixed(char *text, double number, int decimals)
{
  static const double scales[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  double magnitude = fabs(number);

  if (decimals < 0 || decimals > 9 || !(magnitude < 1e6))
    return -1;
  double units = magnitude * scales[decimals], whole = floor(units);
  /* the product is within half an ulp of the exact one: a tie only libc can round */
  if (fabs(units - whole - 0.5) <= units * 0x1p-52 + 1e-9)
    return -1;
  unsigned long long rounded = (unsigned long long)whole + (units - whole > 0.5);
  unsigned long long one = (unsigned long long)scales[decimals];
  char digits[40], *end = digits + sizeof digits, *at = end;
  if (decimals > 0) {
    at = put_digits(end, rounded % one, decimals);
    *--at = '.';
  }
  at = put_digits(at, rounded / one, 1);
  if (signbit(number))
    *--at = '-';
  memcpy(text, at, (size_t)(end - at));
  return (int)(end - at);
}

static int
print_int(char *text, int number)
{
  char digits[16], *end = digits + sizeof digits;
  char *at = put_digits(end, number < 0 ? 0ull - (unsigned long long)number
                                        : (unsigned long long)number, 1);
  if (number < 0)
    *--at = '-';
  memcpy(text, at, (size_t)(end - at));
  return (int)(end - at);
}

/* The fast path: length printed, or -1 for libc. size is the buffer's. */
static int
print_fast(char *buffer, size_t size, const char *format, va_list args)
{
  char text[40];
  int length;

  if (fast_depth <= 0 || format[0] != '%')
    return -1;
  if (strcmp(format + 1, "f") == 0) {
    length = print_fixed(text, va_arg(args, double), 6);
  } else if (strcmp(format + 1, ".*f") == 0) {
    int decimals = va_arg(args, int);
    length = print_fixed(text, va_arg(args, double), decimals);
  } else if (strcmp(format + 1, "d") == 0) {
    length = print_int(text, va_arg(args, int));
  } else {
    return -1;
  }
  if (length < 0)
    return -1;
  if (size > 0) {
    size_t copied = MIN((size_t)length, size - 1);
    memcpy(buffer, text, copied);
    buffer[copied] = '\0';
  }
  return length;
}

int
snprintf(char *buffer, size_t size, const char *format, ...)
{
  va_list args;
  int length;

  va_start(args, format);
  length = print_fast(buffer, size, format, args);
  va_end(args);
  if (length >= 0)
    return length;
  va_start(args, format);
  length = vsnprintf(buffer, size, format, args);
  va_end(args);
  return length;
}

int __vsnprintf_chk(char *buffer, size_t size, int flag, size_t buffer_size,
                    const char *format, va_list args);
int __snprintf_chk(char *buffer, size_t size, int flag, size_t buffer_size,
                   const char *format, ...);

int
__snprintf_chk(char *buffer, size_t size, int flag, size_t buffer_size, const char *format, ...)
{
  va_list args;
  int length = -1;

  va_start(args, format);
  if (size <= buffer_size)   /* else libc reports the overflow */
    length = print_fast(buffer, size, format, args);
  va_end(args);
  if (length >= 0)
    return length;
  va_start(args, format);
  length = __vsnprintf_chk(buffer, size, flag, buffer_size, format, args);
  va_end(args);
  return length;
}
