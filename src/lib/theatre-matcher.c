/* theatre-matcher.c - the matcher table of a theatre ([files] matcher): how the approximate
 * match of the places stage reads names written in the theatre's script. A TSV of kind, text,
 * as; every text is folded (lower-case ASCII letters):
 *   article  al  al    a word of names that is an article, and the form all are read as
 *   drop     e         a letter a consonant skeleton drops (a vowel, a glide)
 *   rewrite  tch ch    a spelling read as another before the skeleton is made
 * Without the key a theatre has no articles, drops the vowels a e i o u y and rewrites
 * nothing. */
#include "theatre-internal.h"
#include "tsv-internal.h"

#include <string.h>

/* The longest text of a row: an article, a spelling. */
#define MATCHER_TEXT_MAX 8

/* The letters a skeleton drops without a table: the vowels. */
#define DEFAULT_DROPS "aeiouy"

void
fl_matcher_init(FlMatcher *matcher)
{
  matcher->articles = g_new0(char *, 1);
  matcher->article_form = NULL;
  g_strlcpy(matcher->drops, DEFAULT_DROPS, sizeof matcher->drops);
  matcher->rewrites = g_new0(char *, 1);
}

void
fl_matcher_clear(FlMatcher *matcher)
{
  g_strfreev(matcher->articles);
  g_free(matcher->article_form);
  g_strfreev(matcher->rewrites);
  memset(matcher, 0, sizeof *matcher);
}

/* The rows of a table being read. */
typedef struct {
  GPtrArray *articles, *rewrites;  /* char*, NULL-terminated at the end */
  GString *drops;
  char *form;
} Rows;

/* Whether text is 1 to MATCHER_TEXT_MAX lower-case ASCII letters (empty too when may_be_empty). */
static gboolean
folded_letters(const char *text, gboolean may_be_empty)
{
  gsize len = strlen(text);
  if (len > MATCHER_TEXT_MAX || (len == 0 && !may_be_empty))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (text[i] < 'a' || text[i] > 'z')
      return FALSE;
  return TRUE;
}

static gboolean
matcher_row(const FlTsv *tsv, const gint *col, gpointer user_data, GError **error)
{
  Rows *rows = user_data;
  const char *kind = fl_tsv_cell(tsv, col[0]);
  const char *text = fl_tsv_cell(tsv, col[1]);
  const char *as = fl_tsv_cell(tsv, col[2]);
  if (g_str_equal(kind, "drop")) {
    if (strlen(text) != 1 || !folded_letters(text, FALSE) || *as) {
      fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                   "a drop row takes one lower-case letter and no 'as', not '%s' '%s'", text, as);
      return FALSE;
    }
    if (!strchr(rows->drops->str, *text))
      g_string_append_c(rows->drops, *text);
    return TRUE;
  }
  if (!g_str_equal(kind, "article") && !g_str_equal(kind, "rewrite")) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 "unknown kind '%s' (article, drop or rewrite)", kind);
    return FALSE;
  }
  gboolean article = g_str_equal(kind, "article");
  if (!folded_letters(text, FALSE) || !folded_letters(as, !article)) {
    fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                 "'%s' and '%s' must be lower-case ASCII letters, at most %d "
                 "(an article is read as a form; a rewrite may drop a spelling)",
                 text, as, MATCHER_TEXT_MAX);
    return FALSE;
  }
  if (article) {
    if (rows->form && !g_str_equal(rows->form, as)) {
      fl_tsv_error(tsv, error, FL_THEATRE_ERROR_VALUE,
                   "every article is read as one form: '%s' here, '%s' before", as, rows->form);
      return FALSE;
    }
    if (rows->form == NULL)
      rows->form = g_strdup(as);
    g_ptr_array_add(rows->articles, g_strdup(text));
  } else {
    g_ptr_array_add(rows->rewrites, g_strdup(text));
    g_ptr_array_add(rows->rewrites, g_strdup(as));
  }
  return TRUE;
}

/* The rewrite pairs of rewrites, the longest spelling first (a stable order otherwise). */
static char **
sorted_rewrites(GPtrArray *rewrites)
{
  guint n = rewrites->len / 2;
  char **out = g_new0(char *, rewrites->len + 1);
  guint k = 0;
  for (gsize len = MATCHER_TEXT_MAX; len > 0; len--)
    for (guint i = 0; i < n; i++)
      if (strlen(rewrites->pdata[2 * i]) == len) {
        out[k++] = g_strdup(rewrites->pdata[2 * i]);
        out[k++] = g_strdup(rewrites->pdata[2 * i + 1]);
      }
  return out;
}

gboolean
fl_matcher_read(FlMatcher *matcher, const char *path, const char *contents, gsize len,
                GError **error)
{
  static const char *const columns[] = {"kind", "text", "as", NULL};
  Rows rows = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free),
               g_string_new(NULL), NULL};
  gboolean ok = fl_tsv_load_data(path, contents, len, FL_THEATRE_ERROR, FL_THEATRE_ERROR_IO,
                                 FL_THEATRE_ERROR_SYNTAX, columns, matcher_row, &rows, error);
  if (ok) {
    fl_matcher_clear(matcher);
    g_ptr_array_add(rows.articles, NULL);
    matcher->articles = (char **)g_ptr_array_free(rows.articles, FALSE);
    matcher->article_form = rows.form;
    g_strlcpy(matcher->drops, rows.drops->len ? rows.drops->str : DEFAULT_DROPS,
              sizeof matcher->drops);
    matcher->rewrites = sorted_rewrites(rows.rewrites);
  } else {
    g_ptr_array_unref(rows.articles);
    g_free(rows.form);
  }
  g_ptr_array_unref(rows.rewrites);
  g_string_free(rows.drops, TRUE);
  return ok;
}
