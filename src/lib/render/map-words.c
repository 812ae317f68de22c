/* map-words.c - the map's words in each language: the furniture's words, month names and the
 * date lines ("Situation au 7 décembre 2024"). A small table per language in the code: the
 * theatre's languages are fr, en and ar; unknown languages fall back to English. */
#include "draw-internal.h"

#include <string.h>

static const Words words_table[] = {
  {"fr",
   {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"},
   {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc."},
   "Situation au %s %s %d", "1er", "Contrôle des localités", "disputée", "assiégée",
   "abandonnée", "revendiquée, non confirmée", "sans contrôle connu", "Rapports",
   "terrain disputé ou assiégé", "ligne de front", "avancée (%d derniers jours)",
   "changement de mains depuis le %s", "route principale (tracé schématique)",
   "désert, steppe : suit ses localités", "territoire occupé", "zone de déconfliction",
   "déduite : derrière l'avancée", "sans nouvelles depuis l'avancée",
   "d'après les rapports connus au %s", "dernier rapport à %s", "+ %u autres rapports",
   {{"Coasts, lakes, rivers, borders", "Golan line, locator map", "reservoirs", "Places",
     "contributors", NULL},
    {"Côtes, lacs, fleuves, frontières", "ligne du Golan, carte de situation", "réservoirs",
     "Localités", "contributeurs", NULL}}},
  {"en",
   {"January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"},
   {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
   "Situation on %s %s %d", NULL, "Control of localities", "contested", "besieged", "abandoned",
   "claimed, unconfirmed", "control unknown", "Reports", "contested or besieged ground",
   "front line", "advance (last %d days)", "changed hands since %s", "main road (schematic)",
   "desert, steppe: follows its towns", "occupied ground", "deconfliction zone",
   "inferred: behind the advance", "not reported since the advance", "as known on %s",
   "latest report %s", "+ %u more reports", {{NULL}, {NULL}}},
  {"ar",
   {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول"},
   {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول"},
   "الوضع في %s %s %d", NULL, "السيطرة على المناطق", "متنازع عليها", "محاصرة", "مهجورة",
   "ادعاء غير مؤكد", "سيطرة غير معروفة", "التقارير", "أرض متنازع عليها أو محاصرة",
   "خط الجبهة", "تقدّم (آخر %d يومًا)", "تغيّرت السيطرة عليها منذ %s",
   "طريق رئيسي (مسار تقريبي)", "بادية: تتبع بلداتها", "أرض محتلة", "منطقة منع الاشتباك",
   "مستنتجة: خلف التقدّم", "لا أخبار منذ التقدّم", "حسب التقارير المعروفة حتى %s",
   "آخر تقرير الساعة %s", "+ %u تقارير أخرى",
   {{"Coasts, lakes, rivers, borders", "Golan line, locator map", "reservoirs", "Places",
     "contributors", "Reports", NULL},
    {"السواحل والبحيرات والأنهار والحدود", "خط الجولان، خريطة الموقع", "الخزانات", "المواقع",
     "المساهمون", "التقارير", NULL}}},
};

const Words *
fl_words_for(const char *lang)
{
  for (gsize i = 0; i < G_N_ELEMENTS(words_table); i++)
    if (g_strcmp0(lang, words_table[i].lang) == 0)
      return &words_table[i];
  return &words_table[1];
}

/* ---- the date line ---- */

char *
fl_draw_date_line(const char *lang, const GDate *date)
{
  const Words *words = fl_words_for(lang);
  int day = g_date_get_day(date);
  char *day_text = day == 1 && words->first_day ? g_strdup(words->first_day)
                                                : g_strdup_printf("%d", day);
  char *line = g_strdup_printf(words->date_format, day_text,
                               words->months[g_date_get_month(date) - 1], g_date_get_year(date));

  g_free(day_text);
  return line;
}

/* "changed hands since 6 December" in lang. Newly allocated; g_free(). */
char *
fl_changed_line(const char *lang, const GDate *since)
{
  const Words *words = fl_words_for(lang);
  int day = g_date_get_day(since);
  g_autofree char *day_month =
      day == 1 && words->first_day
          ? g_strdup_printf("%s %s", words->first_day, words->months[g_date_get_month(since) - 1])
          : g_strdup_printf("%d %s", day, words->months[g_date_get_month(since) - 1]);

  return g_strdup_printf(words->changed, day_month);
}

char *
fl_reports_line(const GPtrArray *reports, const GDate *date)
{
  GString *line = g_string_new(NULL);
  char iso[11];

  for (guint i = 0; reports && i < reports->len; i++) {
    const FlReport *report = reports->pdata[i];
    if (g_date_valid(&report->date) && g_date_compare(&report->date, date) > 0)
      continue;
    g_string_append_printf(line, "%s%s %s", line->len ? ", " : "",
                           report->source ? report->source : report->name,
                           g_date_valid(&report->date) ? fl_date_format_iso(&report->date, iso)
                                                       : "?");
  }
  return g_string_free(line, FALSE);
}

/* "5 décembre" in lang: a day and its month. Newly allocated; g_free(). */
static char *
day_month(const Words *words, const GDate *date)
{
  int day = g_date_get_day(date);

  if (day == 1 && words->first_day)
    return g_strdup_printf("%s %s", words->first_day, words->months[g_date_get_month(date) - 1]);
  return g_strdup_printf("%d %s", day, words->months[g_date_get_month(date) - 1]);
}

char *
fl_known_on_line(const char *lang, const GDate *known_on, const GDate *latest_day,
                 gint minute_of_day)
{
  const Words *words = fl_words_for(lang);
  g_autofree char *day = day_month(words, known_on);
  g_autofree char *line = g_strdup_printf(words->known_on, day);

  if (minute_of_day < 0 || !latest_day || !g_date_valid(latest_day))
    return g_steal_pointer(&line);
  g_autofree char *time = g_strdup_printf("%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  g_autofree char *when = NULL;
  if (g_date_compare(latest_day, known_on) == 0) {
    when = g_strdup(time);
  } else {
    g_autofree char *latest = day_month(words, latest_day);
    when = g_strdup_printf("%s %s", latest, time);
  }
  g_autofree char *latest_line = g_strdup_printf(words->latest, when);
  return g_strdup_printf("%s (%s)", line, latest_line);
}

char *
fl_credits_line(const char *lang, char *const *credits)
{
  const Words *words = fl_words_for(lang);
  char *line = credits ? g_strjoinv(" · ", (char **)credits) : g_strdup("");

  for (int i = 0; words->credit_words[0][i] && words->credit_words[1][i]; i++) {
    g_auto(GStrv) parts = g_strsplit(line, words->credit_words[0][i], -1);
    g_free(line);
    line = g_strjoinv(words->credit_words[1][i], parts);
  }
  return line;
}

/* One credit without what it gave and with only its licence in brackets: "Coasts, rivers:
 * GSHHG (Wessel & Smith, LGPL)" -> "GSHHG (LGPL)". */
static char *
short_credit(const char *item)
{
  const char *what = strstr(item, ": ");
  const char *source = what ? what + 2 : item;
  const char *open = strchr(source, '(');
  const char *close = open ? strchr(open, ')') : NULL;
  const char *licence = close ? g_strrstr_len(open, close - open, ", ") : NULL;
  if (licence == NULL)
    return g_strdup(source);
  return g_strdup_printf("%.*s(%.*s)%s", (int)(open - source), source,
                         (int)(close - licence - 2), licence + 2, close + 1);
}

char *
fl_credits_short(const char *line)
{
  g_auto(GStrv) credits = g_strsplit(line, " \xC2\xB7 ", -1);  /* " · " */
  for (guint c = 0; credits[c]; c++) {
    g_auto(GStrv) items = g_strsplit(credits[c], "; ", -1);
    for (guint i = 0; items[i]; i++) {
      char *shorter = short_credit(items[i]);
      g_free(items[i]);
      items[i] = shorter;
    }
    g_free(credits[c]);
    credits[c] = g_strjoinv("; ", items);
  }
  return g_strjoinv(" \xC2\xB7 ", credits);
}
