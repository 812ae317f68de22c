/* export.c - the state of a date, or of a series of dates, as GIS layers written by OGR
 * (through the GIS module): the places here, the zones, front line and arrows worked out on a
 * map of each date (ground.c). */
#include <frontline/export.h>

#include "render/ground.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

static const struct {
  const char *name, *driver, *extension;
  const char *layer_options[4];
  gboolean date_fields;   /* dates as date fields: CSV would write 2024/12/06 */
  gboolean one_layer;     /* the format holds one layer */
} formats[] = {
    [FL_EXPORT_GEOJSON] = {"geojson", "GeoJSON", "geojson", {"RFC7946=YES", "WRITE_NAME=NO", NULL},
                           TRUE, TRUE},
    [FL_EXPORT_GPKG] = {"gpkg", "GPKG", "gpkg", {NULL}, TRUE, FALSE},
    /* no geometry column: the places' lat and lon are columns, as in the TSV */
    [FL_EXPORT_CSV] = {"csv", "CSV", "csv",
                       {"SEPARATOR=COMMA", "STRING_QUOTING=IF_NEEDED", NULL}, FALSE, TRUE},
};

/* The layers' names, indexed by FlExportLayer (the default is none of them). */
static const char *const layer_names[] = {NULL, "places", "zones", "front", "arrows"};

gboolean
fl_export_format_parse(const char *name, FlExportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS(formats); i++)
    if (g_ascii_strcasecmp(name, formats[i].name) == 0) {
      *format = (FlExportFormat)i;
      return TRUE;
    }
  return FALSE;
}

gboolean
fl_export_layer_parse(const char *name, FlExportLayer *layer)
{
  for (guint i = FL_EXPORT_LAYER_PLACES; name && i < G_N_ELEMENTS(layer_names); i++)
    if (g_str_equal(name, layer_names[i])) {
      *layer = (FlExportLayer)i;
      return TRUE;
    }
  return FALSE;
}

gboolean
fl_export_options_check(const FlExportOptions *options, GError **error)
{
  if ((guint)options->format >= G_N_ELEMENTS(formats) ||
      (guint)options->layer >= G_N_ELEMENTS(layer_names)) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_LAYER, "no such format or layer");
    return FALSE;
  }
  if (options->format == FL_EXPORT_CSV && options->layer > FL_EXPORT_LAYER_PLACES) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_LAYER,
                "a CSV file holds only the places, not the layer '%s': write it as geojson or "
                "gpkg",
                layer_names[options->layer]);
    return FALSE;
  }
  return TRUE;
}

/* An export being made: the labels' language, the places' columns (a name_xx per theatre
 * language) and the map the ground is worked out on. */
typedef struct {
  const FlPipeline *pipeline;
  const FlExportOptions *options;
  char *lang;                 /* the labels' language: the first of "fr+ar" */
  GPtrArray *languages;       /* const char *: the theatre's languages, once each */
  GPtrArray *name_columns;    /* char *, owned: "name_fr"... per language */
  GArray *place_columns;      /* FlGisColumn */
  GPtrArray *columns;         /* GArray of FlGisColumn: the ground layers' with labels added */
  FlMap *map;                 /* NULL until the ground is needed */
} Export;

static void
export_init(Export *export, const FlPipeline *pipeline, const FlExportOptions *options)
{
  const FlTheatre *theatre = pipeline->theatre;
  static const FlGisColumn head[] = {{"place_id", FL_GIS_TEXT}, {"name", FL_GIS_TEXT}};
  static const FlGisColumn tail[] = {
      {"lat", FL_GIS_REAL},          {"lon", FL_GIS_REAL},        {"kind", FL_GIS_TEXT},
      {"faction", FL_GIS_TEXT},      {"faction_label", FL_GIS_TEXT}, {"color", FL_GIS_TEXT},
      {"status", FL_GIS_TEXT},       {"confidence", FL_GIS_TEXT}, {"since", FL_GIS_DATE},
      {"reported", FL_GIS_DATE},     {"basis", FL_GIS_TEXT},      {"evidence", FL_GIS_TEXT},
      {"date", FL_GIS_DATE}};

  memset(export, 0, sizeof *export);
  export->pipeline = pipeline;
  export->options = options;
  export->lang = fl_theatre_labels_language(theatre, options->lang);
  export->place_columns = g_array_new(FALSE, FALSE, sizeof(FlGisColumn));
  export->columns = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  g_array_append_vals(export->place_columns, head, G_N_ELEMENTS(head));
  export->languages = g_ptr_array_new();
  export->name_columns = g_ptr_array_new_with_free_func(g_free);
  for (guint l = 0; theatre->languages && theatre->languages[l]; l++) {
    const char *language = theatre->languages[l];
    if (g_ptr_array_find_with_equal_func(export->languages, language, g_str_equal, NULL))
      continue;
    g_ptr_array_add(export->languages, (gpointer)language);
    char *name = g_strconcat("name_", language, NULL);
    g_ptr_array_add(export->name_columns, name);
    FlGisColumn column = {name, FL_GIS_TEXT};
    g_array_append_val(export->place_columns, column);
  }
  g_array_append_vals(export->place_columns, tail, G_N_ELEMENTS(tail));
}

static void
export_clear(Export *export)
{
  fl_map_free(export->map);
  g_array_unref(export->place_columns);
  g_ptr_array_unref(export->columns);
  g_ptr_array_unref(export->languages);
  g_ptr_array_unref(export->name_columns);
  g_free(export->lang);
}

/* The index of the column called name in layer, or -1. */
static gint
column_index(const FlGisLayer *layer, const char *name)
{
  for (guint c = 0; c < layer->n_columns; c++)
    if (g_str_equal(layer->columns[c].name, name))
      return (gint)c;
  return -1;
}

/* Every faction_label of layer in the labels' language (the ground's are in the theatre's
 * first). */
static void
relabel_factions(const Export *export, FlGisLayer *layer)
{
  const FlTheatre *theatre = export->pipeline->theatre;
  gint id = column_index(layer, "faction"), label = column_index(layer, "faction_label");

  if (id < 0 || label < 0)
    return;
  for (guint f = 0; f < fl_gis_layer_size(layer); f++) {
    char **values = (char **)layer->values->pdata + f * layer->n_columns;
    gint faction = fl_theatre_find_faction(theatre, values[id]);
    if (faction >= 0) {
      g_free(values[label]);
      values[label] = g_strdup(fl_faction_label(theatre->factions->pdata[faction], export->lang));
    }
  }
}

/* The labels a ground layer gains, each right after the id it names: a faction's or a
 * place's, in the labels' language. */
static const struct {
  const char *layer, *id_column;
  FlGisColumn label_column;
  gboolean place;   /* the id is a place's, else a faction's */
} id_labels[] = {
    {"front", "left_faction", {"left_label", FL_GIS_TEXT}, FALSE},
    {"front", "right_faction", {"right_label", FL_GIS_TEXT}, FALSE},
    {"arrows", "from_place", {"from_name", FL_GIS_TEXT}, TRUE},
    {"arrows", "to_place", {"to_name", FL_GIS_TEXT}, TRUE},
};

/* The label of the id in column c of layer, when id_labels gives it one: newly allocated,
 * else NULL. */
static char *
id_label(const Export *export, const FlGisLayer *layer, guint c, const char *id)
{
  const FlTheatre *theatre = export->pipeline->theatre;

  for (guint i = 0; i < G_N_ELEMENTS(id_labels); i++) {
    if (!g_str_equal(id_labels[i].layer, layer->name) ||
        !g_str_equal(id_labels[i].id_column, layer->columns[c].name))
      continue;
    gint found = id_labels[i].place ? fl_theatre_find_place(theatre, id)
                                    : fl_theatre_find_faction(theatre, id);
    if (found < 0)
      return g_strdup("");
    if (id_labels[i].place)
      return g_strdup(fl_place_label(theatre->places->pdata[found], export->lang));
    return g_strdup(fl_faction_label(theatre->factions->pdata[found], export->lang));
  }
  return NULL;
}

/* Adds to layer the label columns of id_labels, each after its id; the new columns are kept
 * in export->columns. */
static void
add_id_labels(Export *export, FlGisLayer *layer)
{
  GArray *columns = g_array_new(FALSE, FALSE, sizeof(FlGisColumn));
  guint n_old = layer->n_columns;

  for (guint c = 0; c < n_old; c++) {
    g_array_append_val(columns, layer->columns[c]);
    for (guint i = 0; i < G_N_ELEMENTS(id_labels); i++)
      if (g_str_equal(id_labels[i].layer, layer->name) &&
          g_str_equal(id_labels[i].id_column, layer->columns[c].name))
        g_array_append_val(columns, id_labels[i].label_column);
  }
  if (columns->len == n_old) {
    g_array_unref(columns);
    return;
  }
  GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
  for (guint f = 0; f < fl_gis_layer_size(layer); f++)
    for (guint c = 0; c < n_old; c++) {
      char *value = layer->values->pdata[f * n_old + c];
      char *label = id_label(export, layer, c, value);
      g_ptr_array_add(values, g_strdup(value));
      if (label)
        g_ptr_array_add(values, label);
    }
  g_ptr_array_unref(layer->values);
  layer->values = values;
  layer->columns = (const FlGisColumn *)columns->data;
  layer->n_columns = columns->len;
  g_ptr_array_add(export->columns, columns);
}

/* Every theatre place on date, a point each, into layer (initialised here): the columns of
 * export->place_columns, in order. */
static void
places_layer(const Export *export, const GDate *date, FlGisLayer *layer)
{
  const FlTheatre *theatre = export->pipeline->theatre;
  const FlControl *control = export->pipeline->control;
  guint n_columns = export->place_columns->len;
  char iso[11];

  g_autofree FlBasis *bases = fl_control_bases(control, date);
  fl_gis_layer_init(layer, "places", FL_GIS_POINTS,
                    (const FlGisColumn *)export->place_columns->data, n_columns);
  fl_date_format_iso(date, iso);
  for (guint p = 0; p < theatre->places->len; p++) {
    const FlPlace *place = theatre->places->pdata[p];
    if (!place->in_theatre)
      continue;
    FlPlaceState state;
    fl_control_state_at(control, p, date, &state);
    char since[11], reported[11] = "";
    GDate last;
    if (fl_control_reported(control, p, date, &last))
      fl_date_format_iso(&last, reported);
    g_autofree char **row = g_new0(char *, n_columns);
    guint c = 0;
    row[c++] = g_strdup(place->id);
    row[c++] = g_strdup(fl_place_label(place, export->lang));
    for (guint l = 0; l < export->languages->len; l++)
      row[c++] = g_strdup(fl_place_label(place, export->languages->pdata[l]));
    row[c++] = g_strdup_printf("%.5f", place->lat);
    row[c++] = g_strdup_printf("%.5f", place->lon);
    row[c++] = g_strdup(fl_place_kind_name(place->kind));
    fl_ground_faction_values(theatre, state.faction, row + c);  /* faction, label, color */
    c += 3;
    row[c++] = g_strdup(fl_status_name(state.status));
    row[c++] = g_strdup(fl_confidence_name(state.confidence));
    row[c++] = g_strdup(fl_date_format_iso(&state.since, since));
    row[c++] = g_strdup(reported);
    row[c++] = g_strdup(fl_basis_name(bases[p]));
    row[c++] = fl_pipeline_evidence(export->pipeline, &state);
    row[c++] = g_strdup(iso);
    g_assert(c == n_columns);
    double point[2] = {place->lon, place->lat};
    fl_gis_layer_add(layer, row, point, NULL);
  }
  relabel_factions(export, layer);
}

/* The layers options ask for on date, made into layers (n_layers of them, to clear). */
static gboolean
make_layers(Export *export, const GDate *date, FlGisLayer layers[4], guint *n_layers,
            GError **error)
{
  const FlExportOptions *options = export->options;
  gboolean all = options->layer == FL_EXPORT_LAYER_DEFAULT && !formats[options->format].one_layer;
  gboolean places = all || options->layer <= FL_EXPORT_LAYER_PLACES;
  gboolean wanted[3] = {all || options->layer == FL_EXPORT_LAYER_ZONES,
                        all || options->layer == FL_EXPORT_LAYER_FRONT,
                        all || options->layer == FL_EXPORT_LAYER_ARROWS};
  FlGisLayer *ground[3] = {NULL, NULL, NULL};

  *n_layers = 0;
  if (places)
    places_layer(export, date, &layers[(*n_layers)++]);
  if (!wanted[0] && !wanted[1] && !wanted[2])
    return TRUE;
  for (guint i = 0; i < 3; i++)
    if (wanted[i])
      ground[i] = &layers[(*n_layers)++];
  if (export->map == NULL) {
    /* the map draws nothing: the generic family spares it the map fonts, which an export
     * does not need */
    FlMapOptions map_options;
    FlStyle *style = fl_style_new();
    fl_style_set(style, "labels.font", "sans-serif", NULL, NULL);
    fl_map_options_init(&map_options);
    map_options.style = style;
    map_options.cache_dir = options->cache_dir;
    export->map = fl_map_new(export->pipeline->theatre, &map_options, error);
    fl_style_free(style);
    if (export->map == NULL)
      return FALSE;
  }
  if (!fl_ground_layers(export->map, export->pipeline->control, date, ground[0], ground[1],
                        ground[2], error))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (ground[i]) {
      relabel_factions(export, ground[i]);
      add_id_labels(export, ground[i]);
    }
  return TRUE;
}

static void
clear_layers(FlGisLayer *layers, guint n_layers)
{
  for (guint i = 0; i < n_layers; i++)
    if (layers[i].values)
      fl_gis_layer_clear(&layers[i]);
}

/* ---- a series: one feature per period of unchanged state ---- */

/* A layer of a series: the columns of a date's layer with "date" replaced by valid_from and
 * valid_to, a feature per period in which a feature of the dates' layers keeps its values and
 * its geometry. */
typedef struct {
  FlGisLayer layer;
  GArray *columns;      /* FlGisColumn, names borrowed from the dates' layers */
  gint date_column;     /* in the dates' layers, or -1 */
  GHashTable *open;     /* GBytes (values and geometry) -> 1 + the feature of the last period */
  GArray *last;         /* guint per feature: the index in the series of its last date */
} SeriesLayer;

static void
series_layer_init(SeriesLayer *series, const FlGisLayer *first)
{
  static const FlGisColumn period[] = {{"valid_from", FL_GIS_DAY_START},
                                       {"valid_to", FL_GIS_DAY_START}};

  series->columns = g_array_new(FALSE, FALSE, sizeof(FlGisColumn));
  series->date_column = column_index(first, "date");
  for (guint c = 0; c < first->n_columns; c++)
    if ((gint)c != series->date_column)
      g_array_append_val(series->columns, first->columns[c]);
  g_array_append_vals(series->columns, period, G_N_ELEMENTS(period));
  fl_gis_layer_init(&series->layer, first->name, first->geometry,
                    (const FlGisColumn *)series->columns->data, series->columns->len);
  series->open = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                       (GDestroyNotify)g_bytes_unref, NULL);
  series->last = g_array_new(FALSE, FALSE, sizeof(guint));
}

static void
series_layer_clear(SeriesLayer *series)
{
  if (series->columns == NULL)
    return;
  fl_gis_layer_clear(&series->layer);
  g_hash_table_unref(series->open);
  g_array_unref(series->last);
  g_array_unref(series->columns);
}

/* What tells a feature of a date's layer from another: its values but the date, its
 * geometry. */
static GBytes *
feature_key(const SeriesLayer *series, const FlGisLayer *day, guint feature)
{
  char **values = (char **)day->values->pdata + feature * day->n_columns;
  GByteArray *key = g_byte_array_new();
  gconstpointer geometry;
  gsize size;

  for (guint c = 0; c < day->n_columns; c++)
    if ((gint)c != series->date_column)
      g_byte_array_append(key, (const guint8 *)values[c], (guint)strlen(values[c]) + 1);
  if (day->geometry == FL_GIS_POINTS) {
    geometry = &g_array_index(day->lonlat, double, 2 * feature);
    size = 2 * sizeof(double);
  } else {
    geometry = g_bytes_get_data(day->wkb->pdata[feature], &size);
  }
  g_byte_array_append(key, geometry, (guint)size);
  return g_byte_array_free_to_bytes(key);
}

/* Adds the features of day, the layer of the index-th date of the series (iso): each one
 * the same as in the date before extends its period, any other opens one. */
static void
series_layer_add(SeriesLayer *series, const FlGisLayer *day, guint index, const char *iso)
{
  guint n_columns = series->columns->len;

  for (guint f = 0; f < fl_gis_layer_size(day); f++) {
    GBytes *key = feature_key(series, day, f);
    guint found = GPOINTER_TO_UINT(g_hash_table_lookup(series->open, key));
    if (found > 0 && g_array_index(series->last, guint, found - 1) + 1 == index) {
      g_array_index(series->last, guint, found - 1) = index;
      g_bytes_unref(key);
      continue;
    }
    char **values = (char **)day->values->pdata + f * day->n_columns;
    g_autofree char **row = g_new0(char *, n_columns);
    guint r = 0;
    for (guint c = 0; c < day->n_columns; c++)
      if ((gint)c != series->date_column)
        row[r++] = g_strdup(values[c]);
    row[r++] = g_strdup(iso);
    row[r++] = g_strdup("");   /* valid_to: once the series is complete */
    if (day->geometry == FL_GIS_POINTS)
      fl_gis_layer_add(&series->layer, row, &g_array_index(day->lonlat, double, 2 * f), NULL);
    else
      fl_gis_layer_add(&series->layer, row, NULL, g_bytes_ref(day->wkb->pdata[f]));
    g_array_append_val(series->last, index);
    g_hash_table_replace(series->open, key, GUINT_TO_POINTER(series->last->len));
  }
}

/* Sets each feature's valid_to: the date of the series after its last one, or end. */
static void
series_layer_close(SeriesLayer *series, const GArray *dates, const GDate *end)
{
  guint n_columns = series->columns->len;

  for (guint f = 0; f < series->last->len; f++) {
    guint last = g_array_index(series->last, guint, f);
    const GDate *to = last + 1 < dates->len ? &g_array_index(dates, GDate, last + 1) : end;
    char **value = (char **)series->layer.values->pdata + (f + 1) * n_columns - 1;
    char iso[11];
    g_free(*value);
    *value = g_strdup(fl_date_format_iso(to, iso));
  }
}

/* The layers of every date of dates, merged into series (n_series of them, to clear). */
static gboolean
make_series(Export *export, const GArray *dates, SeriesLayer series[4], guint *n_series,
            GError **error)
{
  *n_series = 0;
  for (guint d = 0; d < dates->len; d++) {
    const GDate *date = &g_array_index(dates, GDate, d);
    FlGisLayer day[4] = {0};
    guint n_day = 0;
    char iso[11];
    if (!make_layers(export, date, day, &n_day, error)) {
      clear_layers(day, G_N_ELEMENTS(day));
      return FALSE;
    }
    for (; *n_series < n_day; (*n_series)++)
      series_layer_init(&series[*n_series], &day[*n_series]);
    for (guint i = 0; i < n_day; i++)
      series_layer_add(&series[i], &day[i], d, fl_date_format_iso(date, iso));
    clear_layers(day, n_day);
  }
  /* the last date stands for as long as the step before it (a day when there is none) */
  GDate end = g_array_index(dates, GDate, dates->len - 1);
  guint step = 1;
  if (dates->len > 1)
    step = (guint)fl_date_days_between(&g_array_index(dates, GDate, dates->len - 2), &end);
  g_date_add_days(&end, MAX(step, 1u));
  for (guint i = 0; i < *n_series; i++)
    series_layer_close(&series[i], dates, &end);
  return TRUE;
}

/* ---- the file ---- */

/* Writes the layers of dates (a series when series, else the state of the first date) into
 * file (in a temporary folder, with the format's extension); path names the target. */
static gboolean
write_dataset(const FlPipeline *pipeline, const GArray *dates, gboolean series,
              const FlExportOptions *options, const char *file, const char *path,
              GError **error)
{
  const FlOgr *ogr = fl_ogr_get(FL_EXPORT_ERROR, FL_EXPORT_ERROR_DRIVER, error);
  FlGisLayer layers[4] = {0};
  SeriesLayer periods[4];
  guint n_layers = 0;
  Export export;
  gboolean ok;

  if (!ogr)
    return FALSE;
  memset(periods, 0, sizeof periods);
  if (!fl_theatre_check_labels_language(pipeline->theatre, options->lang, error))
    return FALSE;
  export_init(&export, pipeline, options);
  if (series) {
    ok = make_series(&export, dates, periods, &n_layers, error);
    for (guint i = 0; ok && i < n_layers; i++)
      layers[i] = periods[i].layer;
  } else {
    ok = make_layers(&export, &g_array_index(dates, GDate, 0), layers, &n_layers, error);
  }
  ok = ok && ogr->write_layers(file, path, formats[options->format].driver,
                               formats[options->format].layer_options,
                               formats[options->format].date_fields, layers, n_layers, error);
  if (series)
    for (guint i = 0; i < G_N_ELEMENTS(periods); i++)
      series_layer_clear(&periods[i]);
  else
    clear_layers(layers, G_N_ELEMENTS(layers));
  export_clear(&export);
  return ok;
}

/* Writes the export into path, or (path NULL) into *contents: made in a folder of its own
 * (beside path, or in the temporary folder) so that the driver sees the format's extension and
 * a failure or a signal leaves nothing behind, then renamed into place (or copied into a
 * special file, or read). */
static gboolean
export_to(const FlPipeline *pipeline, const GArray *dates, gboolean series,
          const FlExportOptions *options, const char *path, GBytes **contents, GError **error)
{
  g_autofree char *temp_dir = NULL;
  g_autofree char *temp_file = NULL;
  g_autofree char *suffix = g_strconcat(".", formats[options->format].extension, NULL);
  g_autofree char *named = path ? g_path_get_basename(path) : NULL;
  /* the target's own name when it has the format's extension (what a reader of the folder
   * sees while it is written), else export.EXT */
  g_autofree char *base = named && g_str_has_suffix(named, suffix) && strlen(named) < 200
                              ? g_strdup(named)
                              : g_strconcat("export", suffix, NULL);
  g_autofree char *in_tmp = g_build_filename(g_get_tmp_dir(), base, NULL);
  const char *target = path ? path : "standard output";
  gboolean ok = FALSE;
  GError *local = NULL;

  if (!fl_export_options_check(options, error))
    return FALSE;
  if (dates->len == 0) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_DATES, "no date to export");
    return FALSE;
  }
  if (path && g_file_test(path, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, "%s: is a folder", path);
    return FALSE;
  }
  temp_dir = fl_output_temp_folder(path ? path : in_tmp, &local);
  if (temp_dir == NULL) {
    g_set_error_literal(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, local->message);
    g_error_free(local);
    return FALSE;
  }
  temp_file = g_build_filename(temp_dir, base, NULL);
  fl_output_watch(temp_file);
  ok = write_dataset(pipeline, dates, series, options, temp_file, target, error);
  if (ok && path && !fl_output_commit(temp_file, path, &local)) {
    g_set_error_literal(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, local->message);
    g_error_free(local);
    ok = FALSE;
  }
  if (ok && !path) {
    char *bytes;
    gsize len;
    if (g_file_get_contents(temp_file, &bytes, &len, &local)) {
      *contents = g_bytes_new_take(bytes, len);
    } else {
      g_set_error(error, FL_EXPORT_ERROR, FL_EXPORT_ERROR_OUTPUT, "standard output: %s",
                  local->message);
      g_error_free(local);
      ok = FALSE;
    }
  }
  /* whatever the driver left (the file on failure, a GeoPackage's journal) goes */
  GDir *left = g_dir_open(temp_dir, 0, NULL);
  for (const char *name; left && (name = g_dir_read_name(left));) {
    g_autofree char *file = g_build_filename(temp_dir, name, NULL);
    g_remove(file);
  }
  if (left)
    g_dir_close(left);
  g_rmdir(temp_dir);
  fl_output_forget(temp_file);
  fl_output_forget(temp_dir);
  return ok;
}

gboolean
fl_export_state(const FlPipeline *pipeline, const GDate *date, const FlExportOptions *options,
                const char *path, GError **error)
{
  g_autoptr(GArray) dates = g_array_new(FALSE, FALSE, sizeof(GDate));
  g_array_append_val(dates, *date);
  return export_to(pipeline, dates, FALSE, options, path, NULL, error);
}

gboolean
fl_export_series(const FlPipeline *pipeline, const GArray *dates, const FlExportOptions *options,
                 const char *path, GError **error)
{
  return export_to(pipeline, dates, TRUE, options, path, NULL, error);
}

GBytes *
fl_export_bytes(const FlPipeline *pipeline, const GArray *dates, gboolean series,
                const FlExportOptions *options, GError **error)
{
  GBytes *contents = NULL;
  if (!export_to(pipeline, dates, series, options, NULL, &contents, error))
    return NULL;
  return contents;
}
