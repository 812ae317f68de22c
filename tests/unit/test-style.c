/* test-style.c - the style API: the table's defaults, the bundled styles, --set, names of
 * styles, bytes a style file may hold. Style file errors are data-driven cases
 * (tests/cases/styles). */
#include <frontline/frontline.h>

#include "harness.h"

#include <string.h>

static char *
written(const FlStyle *style)
{
  GString *out = g_string_new(NULL);
  fl_style_write(style, out);
  return g_string_free(out, FALSE);
}

/* The written defaults load back to the same style: every default parses, every doc line is a
 * comment. */
static void
test_defaults_round_trip(void)
{
  g_autofree char *dir = fl_test_scratch_dir("style-defaults");
  FlStyle *defaults = fl_style_new();
  g_autofree char *text = written(defaults);
  g_autofree char *path = fl_test_write_file(dir, "defaults.ini", text, -1);
  GError *error = NULL;
  FlStyle *loaded = fl_style_load(path, &error);
  g_assert_no_error(error);
  g_autofree char *again = written(loaded);
  g_assert_cmpstr(again, ==, text);
  g_assert_cmphex(fl_style_color(defaults, FL_STYLE_COLORS_SEA), ==, 0xc9dceaff);
  g_assert_cmpfloat(fl_style_number(defaults, FL_STYLE_ZONES_OPACITY), ==, 0.4);
  g_assert_cmpfloat(fl_style_number(defaults, FL_STYLE_FRONT_WIDTH), ==, 2.6);
  g_assert_false(fl_style_boolean(defaults, FL_STYLE_PAGE_TRANSPARENT));
  g_assert_cmpstr(fl_style_text(defaults, FL_STYLE_LABELS_LANGUAGE), ==, "fr");
  g_assert_cmpstr(fl_style_text(defaults, FL_STYLE_TITLE_TEXT), ==, "");
  /* every key is written once, with a doc line above it */
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  guint keys = 0;
  for (guint i = 1; lines[i]; i++)
    if (strstr(lines[i], " = ") && lines[i][0] != '#') {
      keys++;
      g_assert_true(g_str_has_prefix(lines[i - 1], "# "));
    }
  g_assert_cmpuint(keys, ==, FL_STYLE_N_KEYS);
  fl_style_free(loaded);
  fl_style_free(defaults);
}

/* styles/default.ini is the built-in default, key for key. */
static void
test_default_ini_is_the_default(void)
{
  g_autofree char *path = fl_test_source_path("styles/default.ini");
  GError *error = NULL;
  FlStyle *style = fl_style_load(path, &error);
  g_assert_no_error(error);
  FlStyle *defaults = fl_style_new();
  g_autofree char *got = written(style);
  g_autofree char *expected = written(defaults);
  g_assert_cmpstr(got, ==, expected);
  fl_style_free(defaults);
  fl_style_free(style);
}

/* The bundled styles load, are found by name, and their factions are the Syria theatre's. */
static void
test_bundled_styles(void)
{
  g_autofree char *styles = fl_test_source_path("styles");
  g_autofree char *theatre_dir = fl_test_source_path("gazetteer/syria");
  GError *error = NULL;
  FlTheatre *theatre = fl_theatre_load(theatre_dir, &error);
  g_assert_no_error(error);
  const char *names[] = {"default", "print", "dark"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = fl_style_find(names[i], styles, &error);
    g_assert_no_error(error);
    g_assert_true(g_str_has_suffix(path, ".ini"));
    FlStyle *style = fl_style_load(path, &error);
    g_assert_no_error(error);
    g_assert_true(fl_style_check_factions(style, theatre, &error));
    g_assert_no_error(error);
    fl_style_free(style);
  }
  /* print names no faction: every faction takes its print_color from the theatre */
  g_autofree char *print_path = fl_style_find("print", styles, NULL);
  FlStyle *print = fl_style_load(print_path, NULL);
  guint32 color;
  for (guint f = 0; f < theatre->factions->len; f++) {
    const FlFaction *faction = theatre->factions->pdata[f];
    g_assert_false(fl_style_faction_color(print, faction->id, &color));
    g_assert_cmphex(faction->print_color, !=, faction->color);
  }
  g_assert_cmpstr(fl_style_text(print, FL_STYLE_COLORS_FACTIONS), ==, "print_color");
  const FlFaction *government =
      theatre->factions->pdata[fl_theatre_find_faction(theatre, "government")];
  g_assert_cmphex(government->print_color, ==, 0xed511d);
  fl_style_free(print);
  fl_theatre_free(theatre);
}

static void
test_find(void)
{
  g_autofree char *styles = fl_test_source_path("styles");
  GError *error = NULL;
  g_autofree char *path = fl_style_find("some/where.ini", styles, &error);
  g_assert_cmpstr(path, ==, "some/where.ini");   /* a path stays a path, found or not */
  g_assert_null(fl_style_find("drak", styles, &error));
  g_assert_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_IO);
  g_assert_cmpstr(error->message, ==,
                  "no style 'drak': give a style file, or one of: dark, default, print");
  g_clear_error(&error);
}

static void
test_set(void)
{
  FlStyle *style = fl_style_new();
  GError *error = NULL;

  g_assert_true(fl_style_assign(style, "colors.sea = #102030", "--set", &error));
  g_assert_no_error(error);
  g_assert_cmphex(fl_style_color(style, FL_STYLE_COLORS_SEA), ==, 0x102030ff);
  g_assert_true(fl_style_assign(style, "title.text=Syrie = nord", "--set", &error));
  g_assert_cmpstr(fl_style_text(style, FL_STYLE_TITLE_TEXT), ==, "Syrie = nord");
  g_assert_true(fl_style_set(style, "labels.language", "en+ar", "--lang", &error));
  g_assert_cmpstr(fl_style_text(style, FL_STYLE_LABELS_LANGUAGE), ==, "en+ar");

  const struct {
    const char *assignment, *message;
    int code;
  } bad[] = {
      {"colors.sea=#zz0000", "--set: colors.sea: '#zz0000' is not a colour (#rrggbb or #rrggbbaa)",
       FL_STYLE_ERROR_VALUE},
      {"colors.sea", "--set: 'colors.sea' is not section.key=value, e.g. colors.sea=#c9dcea",
       FL_STYLE_ERROR_SYNTAX},
      {"sea=#000000", "--set: 'sea' is no key: name it section.key, e.g. colors.sea",
       FL_STYLE_ERROR_KEY},
      {"colours.sea=#000000",
       "--set: unknown section [colours] (sections: page, layers, colors, halo, panel, labels, dots, "
       "title, zones, front, arrows, changes, inset, factions)",
       FL_STYLE_ERROR_KEY},
      {"halo.width=-1", "--set: halo.width: -1 is out of range (0 to 20)", FL_STYLE_ERROR_VALUE},
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_false(fl_style_assign(style, bad[i].assignment, "--set", &error));
    g_assert_error(error, FL_STYLE_ERROR, bad[i].code);
    g_assert_cmpstr(error->message, ==, bad[i].message);
    g_clear_error(&error);
  }
  /* a failed --set leaves the value as it was */
  g_assert_cmphex(fl_style_color(style, FL_STYLE_COLORS_SEA), ==, 0x102030ff);
  fl_style_free(style);
}

/* A BOM and CRLF line ends are read; bytes that are not UTF-8 are refused with their line. */
static void
test_bytes(void)
{
  g_autofree char *dir = fl_test_scratch_dir("style-bytes");
  GError *error = NULL;
  g_autofree char *bom = fl_test_write_file(dir, "bom.ini",
                                            "\xef\xbb\xbf[colors]\r\nsea = #010203\r\n", -1);
  FlStyle *style = fl_style_load(bom, &error);
  g_assert_no_error(error);
  g_assert_cmphex(fl_style_color(style, FL_STYLE_COLORS_SEA), ==, 0x010203ff);
  fl_style_free(style);

  g_autofree char *latin1 = fl_test_write_file(dir, "latin1.ini",
                                               "[title]\n# titre\ntext = Syrie, d\xe9" "cembre\n", -1);
  g_assert_null(fl_style_load(latin1, &error));
  g_assert_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_SYNTAX);
  g_autofree char *expected = g_strdup_printf("%s:3: the style is not UTF-8", latin1);
  g_assert_cmpstr(error->message, ==, expected);
  g_clear_error(&error);

  g_autofree char *missing = g_build_filename(dir, "missing.ini", NULL);
  g_assert_null(fl_style_load(missing, &error));
  g_assert_error(error, FL_STYLE_ERROR, FL_STYLE_ERROR_IO);
  g_assert_nonnull(strstr(error->message, "missing.ini: cannot read the style"));
  g_clear_error(&error);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/style/defaults-round-trip", test_defaults_round_trip);
  g_test_add_func("/style/default-ini", test_default_ini_is_the_default);
  g_test_add_func("/style/bundled", test_bundled_styles);
  g_test_add_func("/style/find", test_find);
  g_test_add_func("/style/set", test_set);
  g_test_add_func("/style/bytes", test_bytes);
  return g_test_run();
}
