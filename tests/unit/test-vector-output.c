/* test-vector-output.c - the fast paths Cairo's PDF and SVG writing takes (vector-output.c):
 * "%f", "%.*f" and "%d" print exactly what libc prints, ties and huge numbers included, and
 * truncate as snprintf does; a stream at zlib's default level is deflated another way inside
 * the window only, to a stream zlib inflates back. */
#include "harness.h"
#include "stream.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* libc's own printing (vsnprintf is not replaced) */
static int
reference(char *buffer, size_t size, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  int length = vsnprintf(buffer, size, format, args);
  va_end(args);
  return length;
}

static void
check_fixed(double number)
{
  char got[400], expected[400];
  int got_length = snprintf(got, sizeof got, "%f", number);
  int expected_length = reference(expected, sizeof expected, "%f", number);
  if (strcmp(got, expected) != 0)
    g_test_message("%%f of %.17g: got %s, expected %s", number, got, expected);
  g_assert_cmpstr(got, ==, expected);
  g_assert_cmpint(got_length, ==, expected_length);
  for (int decimals = 0; decimals <= 10; decimals += 3) {   /* 10: libc's */
    got_length = snprintf(got, sizeof got, "%.*f", decimals, number);
    expected_length = reference(expected, sizeof expected, "%.*f", decimals, number);
    if (strcmp(got, expected) != 0)
      g_test_message("%%.%df of %.17g: got %s, expected %s", decimals, number, got, expected);
    g_assert_cmpstr(got, ==, expected);
    g_assert_cmpint(got_length, ==, expected_length);
  }
}

static void
test_fixed(void)
{
  static const double edges[] = {
    0, -0.0, 1, -1, 0.5, 0.0000005, -0.0000005, 0.0000015, 0.0000025, 2.5e-7, -1e-9, 1e-300,
    123.4565, 1919.9999995, 999999999.9999995, 1e9, -1e9, 1e15, 4503599627.370496, DBL_MAX,
    INFINITY, -INFINITY, NAN, 1080.0000004999999, 0.1, 0.2, 0.3, 52.672, -54.828,
  };
  GRand *rand = g_rand_new_with_seed(20);

  fl_vector_output_fast(TRUE);
  for (guint i = 0; i < G_N_ELEMENTS(edges); i++)
    check_fixed(edges[i]);
  for (int i = 0; i < 200000; i++) {
    double scale = pow(10, g_rand_int_range(rand, -8, 10));
    check_fixed(g_rand_double_range(rand, -scale, scale));
    /* exact micro-unit ties and their neighbours */
    for (double scale_of_tie = 1e6; scale_of_tie >= 1; scale_of_tie /= 1000) {
      double tie = (g_rand_int_range(rand, -2000000000, 2000000000) + 0.5) / scale_of_tie;
      check_fixed(tie);
      check_fixed(nextafter(tie, 0));
      check_fixed(nextafter(tie, INFINITY));
    }
  }
  fl_vector_output_fast(FALSE);
  g_rand_free(rand);
}

static void
test_int_and_truncation(void)
{
  static const int numbers[] = {0, 7, -7, 10, 2147483647, -2147483647 - 1};
  char got[32], expected[32];

  fl_vector_output_fast(TRUE);
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++) {
    g_assert_cmpint(snprintf(got, sizeof got, "%d", numbers[i]), ==,
                    reference(expected, sizeof expected, "%d", numbers[i]));
    g_assert_cmpstr(got, ==, expected);
  }
  /* a short buffer holds what fits and the terminator; the length is the whole one */
  volatile size_t small = 5;   /* unknown to the compiler, which would warn */
  g_assert_cmpint(snprintf(got, small, "%f", 1234.5), ==, 11);
  g_assert_cmpstr(got, ==, "1234");
  g_assert_cmpint(snprintf(NULL, 0, "%d", -123), ==, 4);
  /* other formats are libc's */
  g_assert_cmpint(snprintf(got, sizeof got, "%.2f|%s", 1.005, "x"), ==, 6);
  g_assert_cmpstr(got, ==, "1.00|x");
  fl_vector_output_fast(FALSE);
}

/* text deflated by deflateInit() at level (or deflateInit2() at level with zlib's defaults),
 * fed in pieces of 1000 bytes into an output of 4096 at a time, as Cairo does. */
static GByteArray *
deflate_pieces(const guchar *text, gsize length, int level, gboolean init2)
{
  z_stream z;
  guchar out[4096];
  GByteArray *bytes = g_byte_array_new();
  memset(&z, 0, sizeof z);
  g_assert_cmpint(init2 ? deflateInit2(&z, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY)
                        : deflateInit(&z, level),
                  ==, Z_OK);
  for (gsize at = 0;; at += 1000) {
    gboolean last = at + 1000 >= length;
    z.next_in = (guchar *)text + at;
    z.avail_in = (uInt)(last ? length - at : 1000);
    int status;
    do {
      z.next_out = out;
      z.avail_out = sizeof out;
      status = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      g_assert_true(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR);
      g_byte_array_append(bytes, out, (guint)(sizeof out - z.avail_out));
    } while (z.avail_in > 0 || (last && status != Z_STREAM_END));
    if (last)
      break;
  }
  g_assert_cmpuint(z.total_in, ==, length);
  g_assert_cmpuint(z.total_out, ==, bytes->len);
  g_assert_cmpint(deflateEnd(&z), ==, Z_OK);
  return bytes;
}

/* What zlib inflates from a zlib stream equals text. */
static void
assert_inflates_to(const GByteArray *deflated, const GString *text)
{
  uLongf length = text->len;
  guchar *inflated = g_malloc(length + 1);
  g_assert_cmpint(uncompress(inflated, &length, deflated->data, deflated->len), ==, Z_OK);
  g_assert_cmpmem(inflated, length, text->str, text->len);
  g_free(inflated);
}

static void
test_deflate(void)
{
  GString *text = g_string_new(NULL);
  for (int i = 0; i < 20000; i++)
    g_string_append_printf(text, "%d.%03d %d.%03d l ", i * 7 % 1920, i % 1000, i * 13 % 1080,
                           i * 3 % 1000);
  const guchar *data = (const guchar *)text->str;
  GByteArray *level6 = deflate_pieces(data, text->len, 6, TRUE);
  GByteArray *outside = deflate_pieces(data, text->len, Z_DEFAULT_COMPRESSION, FALSE);
  fl_vector_output_fast(TRUE);
  GByteArray *inside = deflate_pieces(data, text->len, Z_DEFAULT_COMPRESSION, FALSE);
  GByteArray *inside_level6 = deflate_pieces(data, text->len, 6, TRUE);
  /* compress() goes through the same functions */
  uLongf length = compressBound(text->len);
  GByteArray *compressed = g_byte_array_sized_new((guint)length);
  g_assert_cmpint(compress(compressed->data, &length, data, text->len), ==, Z_OK);
  g_byte_array_set_size(compressed, (guint)length);
  fl_vector_output_fast(FALSE);

  /* zlib's own outside the window, or when asked for a level */
  g_assert_cmpmem(outside->data, outside->len, level6->data, level6->len);
  g_assert_cmpmem(inside_level6->data, inside_level6->len, level6->data, level6->len);
  /* inside: another deflater, the same text */
  g_assert_false(inside->len == level6->len && !memcmp(inside->data, level6->data, level6->len));
  assert_inflates_to(inside, text);
  assert_inflates_to(compressed, text);
  assert_inflates_to(level6, text);
  g_byte_array_unref(level6);
  g_byte_array_unref(outside);
  g_byte_array_unref(inside);
  g_byte_array_unref(inside_level6);
  g_byte_array_unref(compressed);
  g_string_free(text, TRUE);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/vector-output/fixed", test_fixed);
  g_test_add_func("/vector-output/int-and-truncation", test_int_and_truncation);
  g_test_add_func("/vector-output/deflate", test_deflate);
  return g_test_run();
}
