/* vector-output.c - what Cairo spends writing PDF and SVG files, made cheaper.
 *
 * Cairo has no setting for either of the two costs that made most of a warm PDF or SVG (perf
 * record of the full map): it deflates every PDF stream at zlib's default level (45% of a PDF's
 * CPU time), and prints every coordinate with snprintf ("%f", or "%.*f" with 3 decimals in
 * PDF, then trims the zeros), which glibc does with exact multiple-precision arithmetic (27%
 * of a PDF's time, half an SVG's).
 * This file defines zlib's deflateInit_() and libc's snprintf() and __snprintf_chk(), which
 * the program's symbol table puts before the libraries' own for Cairo's calls. While a thread
 * writes a vector file (fl_vector_output_fast):
 *   - a stream asked at zlib's default level is deflated at level 1 (3.5 times as fast, files
 *     about a sixth larger);
 *   - "%f", "%.*f" (up to 9 decimals) and "%d" alone are printed here, to the same
 *     characters: an integer of units of the last decimal, unless the number is a million or
 *     more, or its product is too close to a rounding tie to tell, which go to libc.
 * Every other call, and every call outside such a window, is zlib's or libc's own. */
#include "stream.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

enum { FAST_LEVEL = 1, DEFAULT_MEM_LEVEL = 8 };

static _Thread_local int fast_depth;

void
fl_vector_output_fast(gboolean fast)
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
