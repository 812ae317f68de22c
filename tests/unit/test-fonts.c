/* test-fonts.c - fl_render_prepare_fonts(): fontconfig knows only the style's families, and
 * the map is the same bytes as with fontconfig's own configuration. Each set-up is a process of
 * its own (fontconfig's configuration is the process's). */
#include <frontline/frontline.h>

#include "harness.h"
#include "harness-render.h"

#include <fontconfig/fontconfig.h>
#include <string.h>

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* The family names of every font fontconfig lists, each once, sorted, joined by ';'. */
static char *
listed_families(void)
{
  FcPattern *pattern = FcPatternCreate();
  FcObjectSet *objects = FcObjectSetBuild(FC_FAMILY, NULL);
  FcFontSet *fonts = FcFontList(NULL, pattern, objects);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

  for (int i = 0; fonts && i < fonts->nfont; i++) {
    FcChar8 *family = NULL;
    if (FcPatternGetString(fonts->fonts[i], FC_FAMILY, 0, &family) == FcResultMatch &&
        !g_ptr_array_find_with_equal_func(names, family, g_str_equal, NULL))
      g_ptr_array_add(names, g_strdup((const char *)family));
  }
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  char *joined = g_strjoinv(";", (char **)names->pdata);
  g_ptr_array_unref(names);
  if (fonts)
    FcFontSetDestroy(fonts);
  FcObjectSetDestroy(objects);
  FcPatternDestroy(pattern);
  return joined;
}

/* Sets the fonts up for a style of labels.font (NULL: the default style), draws the example
 * map of 2024-12-07 into the scratch folder fonts-NAME as map.png and writes the listed
 * families into families.txt. */
static void
draw_with_fonts(const char *name, const char *font)
{
  FlStyle *style = fl_style_new();
  GError *error = NULL;
  if (font)
    g_assert_true(fl_style_set(style, "labels.font", font, NULL, &error));
  g_assert_no_error(error);
  fl_render_prepare_fonts(style);

  FlPipeline *pipeline = fl_test_run_examples();
  FlMapOptions options;
  fl_map_options_init(&options);
  options.style = style;
  options.cache_dir = NULL;
  FlMap *map = fl_map_new(pipeline->theatre, &options, &error);
  g_assert_no_error(error);
  GDate date;
  g_date_clear(&date, 1);
  g_date_set_dmy(&date, 7, G_DATE_DECEMBER, 2024);
  g_autofree char *folder = g_strconcat("fonts-", name, NULL);
  g_autofree char *dir = fl_test_scratch_dir(folder);
  g_autofree char *png = g_build_filename(dir, "map.png", NULL);
  g_assert_true(fl_test_render_one(map, pipeline, &date, png, &error));
  g_assert_no_error(error);
  g_autofree char *families = listed_families();
  g_free(fl_test_write_file(dir, "families.txt", families, -1));
  fl_map_free(map);
  fl_pipeline_free(pipeline);
  fl_style_free(style);
}

static void
draw_restricted(void)
{
  g_unsetenv("FONTCONFIG_FILE");
  g_unsetenv("FONTCONFIG_PATH");
  draw_with_fonts("restricted", NULL);
}

static void
draw_system(void)
{
  g_setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf", TRUE);   /* fontconfig's own set-up */
  draw_with_fonts("system", NULL);
}

static void
draw_generic(void)
{
  g_unsetenv("FONTCONFIG_FILE");
  g_unsetenv("FONTCONFIG_PATH");
  draw_with_fonts("generic", "sans-serif, Noto Sans Arabic");
}

/* The bytes of file, written by the subprocess of set-up name. */
static GBytes *
scratch_bytes(const char *name, const char *file)
{
  g_autofree char *folder = g_strconcat("fonts-", name, NULL);
  g_autofree char *path = g_build_filename(g_getenv("FL_TEST_TMP"), folder, file, NULL);
  return fl_test_read_bytes(path);
}

/* fontconfig lists the default style's two families only, and the map is the one fontconfig's
 * own configuration gives, byte for byte. */
static void
test_style_families(void)
{
  g_test_trap_subprocess("/fonts/subprocess/restricted", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
  g_test_trap_subprocess("/fonts/subprocess/system", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();

  g_autoptr(GBytes) restricted = scratch_bytes("restricted", "families.txt");
  g_assert_cmpstr(g_bytes_get_data(restricted, NULL), ==, "Noto Sans;Noto Sans Arabic");
  g_autoptr(GBytes) system = scratch_bytes("system", "families.txt");
  g_assert_nonnull(strstr(g_bytes_get_data(system, NULL), "Noto Sans;"));
  g_assert_cmpuint(g_bytes_get_size(system), >, g_bytes_get_size(restricted));

  g_autoptr(GBytes) a = scratch_bytes("restricted", "map.png");
  g_autoptr(GBytes) b = scratch_bytes("system", "map.png");
  g_assert_cmpuint(g_bytes_get_size(a), >, 100000);
  g_assert_true(g_bytes_equal(a, b));
}

/* A family fontconfig's folders do not hold as such (a generic name) keeps fontconfig's own
 * configuration, where its aliases mean something. */
static void
test_generic_family(void)
{
  g_test_trap_subprocess("/fonts/subprocess/generic", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
  g_autoptr(GBytes) generic = scratch_bytes("generic", "families.txt");
  g_autoptr(GBytes) restricted = scratch_bytes("restricted", "families.txt");
  g_assert_cmpuint(g_bytes_get_size(generic), >, g_bytes_get_size(restricted));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fonts/subprocess/restricted", draw_restricted);
  g_test_add_func("/fonts/subprocess/system", draw_system);
  g_test_add_func("/fonts/subprocess/generic", draw_generic);
  g_test_add_func("/fonts/style-families", test_style_families);
  g_test_add_func("/fonts/generic-family", test_generic_family);
  return g_test_run();
}
