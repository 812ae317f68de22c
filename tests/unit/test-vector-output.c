/* test-vector-output.c - the fast paths Cairo's PDF and SVG writing takes (vector-output.c):
 * "%f", "%.*f" and "%d" print exactly what libc prints, ties and huge numbers included, and truncate
 * as snprintf does; zlib's default level means level 1 inside the window only. */
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

/* Raw deflate of text with deflateInit() at the default level. */
static GByteArray *
deflate_default(const guchar *text, gsize length, int level)
{
  z_stream z;
  guchar out[65536];
  memset(&z, 0, sizeof z);
  g_assert_cmpint(level == Z_DEFAULT_COMPRESSION ? deflateInit(&z, level)
                                                 : deflateInit2(&z, level, Z_DEFLATED, 15, 8,
                                                                Z_DEFAULT_STRATEGY),
                  ==, Z_OK);
  z.next_in = (guchar *)text;
  z.avail_in = (uInt)length;
  z.next_out = out;
  z.avail_out = sizeof out;
  g_assert_cmpint(deflate(&z, Z_FINISH), ==, Z_STREAM_END);
  GByteArray *bytes = g_byte_array_new();
  g_byte_array_append(bytes, out, (guint)z.total_out);
  deflateEnd(&z);
  return bytes;
}

static void
test_deflate_level(void)
{
  GString *text = g_string_new(NULL);
  for (int i = 0; i < 2000; i++)
    g_string_append_printf(text, "%d.%03d %d.%03d l ", i * 7 % 1920, i % 1000, i * 13 % 1080,
                           i * 3 % 1000);
  const guchar *data = (const guchar *)text->str;
  GByteArray *level1 = deflate_default(data, text->len, 1);
  GByteArray *level6 = deflate_default(data, text->len, 6);
  GByteArray *outside = deflate_default(data, text->len, Z_DEFAULT_COMPRESSION);
  fl_vector_output_fast(TRUE);
  GByteArray *inside = deflate_default(data, text->len, Z_DEFAULT_COMPRESSION);
  fl_vector_output_fast(FALSE);

  g_assert_true(level1->len != level6->len || memcmp(level1->data, level6->data, level1->len));
  g_assert_cmpmem(outside->data, outside->len, level6->data, level6->len);
  g_assert_cmpmem(inside->data, inside->len, level1->data, level1->len);
  g_byte_array_unref(level1);
  g_byte_array_unref(level6);
  g_byte_array_unref(outside);
  g_byte_array_unref(inside);
  g_string_free(text, TRUE);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/vector-output/fixed", test_fixed);
  g_test_add_func("/vector-output/int-and-truncation", test_int_and_truncation);
  g_test_add_func("/vector-output/deflate-level", test_deflate_level);
  return g_test_run();
}
