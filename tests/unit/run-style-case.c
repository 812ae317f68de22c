/* run-style-case.c - runs one case file of tests/cases/styles: a style file and what loading
 * it must give.
 *
 * A case is directives, a line "---", then the style file exactly as it would be on disk,
 * written as style.ini in a scratch folder and loaded; its [factions] are checked against the
 * bundled Syria theatre.
 *   # expect-error: MESSAGE     the whole error message, the file named style.ini
 *   # expect-code: CODE         io, syntax, key or value (with expect-error)
 *   # expect-value: SECTION.KEY = VALUE   (repeatable) a key's value once loaded, as
 *                                          'frontline style --defaults' writes it */
#include <frontline/style.h>

#include "harness.h"

#include <stdio.h>
#include <string.h>

static const char *const code_names[] = {"io", "syntax", "key", "value"};

static int failures;

static void
check(const char *what, const char *got, const char *expected)
{
  if (g_strcmp0(got, expected) != 0) {
    fprintf(stderr, "%s:\n  got      '%s'\n  expected '%s'\n", what, got ? got : "(none)",
            expected ? expected : "(none)");
    failures++;
  }
}

/* The value of section.key in a written style: the text after "key = " in [section]. */
static char *
written_value(const char *written, const char *name)
{
  const char *dot = strchr(name, '.');
  g_autofree char *header = dot ? g_strdup_printf("\n[%.*s]\n", (int)(dot - name), name) : NULL;
  g_autofree char *line_start = dot ? g_strdup_printf("\n%s = ", dot + 1) : NULL;
  const char *section = header ? strstr(written, header) : NULL;
  const char *next = section ? strstr(section + 1, "\n[") : NULL;
  const char *line = section ? strstr(section, line_start) : NULL;

  if (!line || (next && line > next))
    return NULL;
  line += strlen(line_start);
  return g_strndup(line, strcspn(line, "\n"));
}

int
main(int argc, char **argv)
{
  g_autofree char *head = NULL, *text = NULL;
  g_autofree char *scratch = NULL, *path = NULL, *theatre_dir = NULL;
  g_autoptr(GString) written = g_string_new(NULL);
  GError *error = NULL;
  const char *expect_error = NULL, *expect_code = NULL;
  FlTheatre *theatre;
  FlStyle *style;

  if (argc != 2) {
    fprintf(stderr, "usage: run-style-case FILE.case\n");
    return 2;
  }
  g_autofree char *contents = NULL;
  if (!g_file_get_contents(argv[1], &contents, NULL, NULL) || !strstr(contents, "\n---\n")) {
    fprintf(stderr, "%s: cannot read, or no '---' line before the style\n", argv[1]);
    return 2;
  }
  head = g_strndup(contents, strstr(contents, "\n---\n") - contents);
  text = g_strdup(strstr(contents, "\n---\n") + 5);
  g_auto(GStrv) lines = g_strsplit(head, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (g_str_has_prefix(lines[i], "# expect-error: "))
      expect_error = lines[i] + strlen("# expect-error: ");
    else if (g_str_has_prefix(lines[i], "# expect-code: "))
      expect_code = lines[i] + strlen("# expect-code: ");
  }

  g_autofree char *stem = g_path_get_basename(argv[1]);
  scratch = fl_test_scratch_dir(stem);
  path = fl_test_write_file(scratch, "style.ini", text, -1);
  theatre_dir = fl_test_source_path("gazetteer/syria");
  theatre = fl_theatre_load(theatre_dir, &error);
  g_assert_no_error(error);
  style = fl_style_load(path, &error);
  if (style)
    fl_style_check_factions(style, theatre, &error);

  if (error) {
    g_autofree char *prefix = g_strconcat(scratch, G_DIR_SEPARATOR_S, NULL);
    g_autofree char *message = g_str_has_prefix(error->message, prefix)
                                   ? g_strdup(error->message + strlen(prefix))
                                   : g_strdup(error->message);
    check("error", message, expect_error);
    if (expect_code)
      check("code", (guint)error->code < G_N_ELEMENTS(code_names) ? code_names[error->code] : "?",
            expect_code);
    g_clear_error(&error);
  } else {
    check("error", NULL, expect_error);
    fl_style_write(style, written);
  }
  for (guint i = 0; style && lines[i]; i++) {
    if (!g_str_has_prefix(lines[i], "# expect-value: "))
      continue;
    g_auto(GStrv) name_value = g_strsplit(lines[i] + strlen("# expect-value: "), " = ", 2);
    g_autofree char *got = written_value(written->str, name_value[0]);
    check(name_value[0], got, name_value[1]);
  }
  fl_style_free(style);
  fl_theatre_free(theatre);
  return failures ? 1 : 0;
}
