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
   "déduite : derrière l'avancée", "sans nouvelles depuis l'avancée"},
  {"en",
   {"January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"},
   {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
   "Situation on %s %s %d", NULL, "Control of localities", "contested", "besieged", "abandoned",
   "claimed, unconfirmed", "control unknown", "Reports", "contested or besieged ground",
   "front line", "advance (last %d days)", "changed hands since %s", "main road (schematic)",
   "desert, steppe: follows its towns", "occupied ground", "deconfliction zone",
   "inferred: behind the advance", "not reported since the advance"},
  {"ar",
   {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول"},
   {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "تشرين الأول", "تشرين الثاني", "كانون الأول"},
   "الوضع في %s %s %d", NULL, "السيطرة على المناطق", "متنازع عليها", "محاصرة", "مهجورة",
   "ادعاء غير مؤكد", "سيطرة غير معروفة", "التقارير", "أرض متنازع عليها أو محاصرة",
   "خط الجبهة", "تقدّم (آخر %d يومًا)", "تغيّرت السيطرة عليها منذ %s",
   "طريق رئيسي (مسار تقريبي)", "بادية: تتبع بلداتها", "أرض محتلة", "منطقة منع الاشتباك",
   "مستنتجة: خلف التقدّم", "لا أخبار منذ التقدّم"},
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
