/* gis.c - finds and opens the GIS and OGR modules (see gis.h), each once per process. */
#include "gis.h"

#include <frontline/export.h>
#include <frontline/render.h>
#include <gmodule.h>

/* The folder of the running executable, or NULL where the system does not say. */
static char *
executable_dir(void)
{
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);

  return exe ? g_path_get_dirname(exe) : NULL;
}

char **
fl_module_candidates(const char *file)
{
  GPtrArray *paths = g_ptr_array_new();
  g_autofree char *dir = executable_dir();

  /* beside the program (the build tree), else in lib/frontline of its installed tree: found
   * from the program's place, so that the tree can move */
  if (dir) {
    g_ptr_array_add(paths, g_build_filename(dir, file, NULL));
    g_ptr_array_add(paths, g_build_filename(dir, FL_GIS_MODULE_RELATIVE_DIR, file, NULL));
  }
  g_ptr_array_add(paths, NULL);
  return (char **)g_ptr_array_free(paths, FALSE);
}

char *
fl_gis_module_path(void)
{
  g_auto(GStrv) candidates = fl_module_candidates(FL_GIS_MODULE_FILE);

  for (guint i = 0; candidates[i]; i++)
    if (g_file_test(candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup(candidates[i]);
  return NULL;
}

gconstpointer
fl_module_load(const char *file, const char *entry_name, const char *what,
               FlModuleAccept accept, char **message)
{
  g_auto(GStrv) candidates = fl_module_candidates(file);
  GString *tried = g_string_new(NULL);
  gconstpointer table = NULL;

  for (guint i = 0; candidates[i] && !table; i++) {
    GModule *module;
    gpointer entry = NULL;
    if (!g_file_test(candidates[i], G_FILE_TEST_IS_REGULAR)) {
      g_string_append_printf(tried, "%s%s", tried->len ? ", " : "", candidates[i]);
      continue;
    }
    module = g_module_open(candidates[i], G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    if (!module || !g_module_symbol(module, entry_name, &entry) || !entry) {
      g_string_append_printf(tried, "%s%s (%s)", tried->len ? ", " : "", candidates[i],
                             g_module_error());
      if (module)
        g_module_close(module);
      continue;
    }
    table = accept(entry);
    if (!table) {
      g_string_append_printf(tried, "%s%s (of another build)", tried->len ? ", " : "",
                             candidates[i]);
      g_module_close(module);
      continue;
    }
    g_module_make_resident(module);   /* its functions are kept for the process */
  }
  if (!table)
    *message = g_strdup_printf("%s cannot be loaded: tried %s", what, tried->str);
  g_string_free(tried, TRUE);
  return table;
}

typedef struct {
  gconstpointer table;
  char *message;   /* why it could not be loaded */
} Loaded;

/* A module to load: its file, entry point, name in messages and ABI check. */
typedef struct {
  const char *file, *entry, *what;
  FlModuleAccept accept;
} Module;

/* The GIS module's table, when its ABI is this build's. */
static gconstpointer
accept_gis(gpointer entry)
{
  const FlGis *gis = ((FlGisEntry)entry)(FL_RENDER_ERROR);
  return gis && gis->abi == FL_GIS_ABI ? gis : NULL;
}

/* The OGR module's table, when its ABI is this build's. */
static gconstpointer
accept_ogr(gpointer entry)
{
  const FlOgr *ogr = ((FlOgrEntry)entry)(FL_EXPORT_ERROR);
  return ogr && ogr->abi == FL_OGR_ABI ? ogr : NULL;
}

static const Module gis_module = {FL_GIS_MODULE_FILE, FL_GIS_ENTRY,
                                  "the GIS module (PROJ, SQLite)", accept_gis};
static const Module ogr_module = {FL_OGR_MODULE_FILE, FL_OGR_ENTRY, "the OGR module (GDAL)",
                                  accept_ogr};

static gpointer
load(gpointer data)
{
  const Module *module = data;
  Loaded *loaded = g_new0(Loaded, 1);
  loaded->table = fl_module_load(module->file, module->entry, module->what, module->accept,
                                 &loaded->message);
  return loaded;
}

/* The module's table, loaded on the first call through once, or NULL with error set in domain
 * and code. */
static gconstpointer
loaded_table(GOnce *once, const Module *module, GQuark domain, gint code, GError **error)
{
  const Loaded *loaded = g_once(once, load, (gpointer)module);

  if (!loaded->table)
    g_set_error_literal(error, domain, code, loaded->message);
  return loaded->table;
}

const FlGis *
fl_gis_get(GQuark domain, gint code, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  return loaded_table(&once, &gis_module, domain, code, error);
}

const FlOgr *
fl_ogr_get(GQuark domain, gint code, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  return loaded_table(&once, &ogr_module, domain, code, error);
}

void
fl_gis_features_init(FlGisFeatures *features)
{
  features->points = g_array_new(FALSE, FALSE, sizeof(double));
  features->runs = g_array_new(FALSE, FALSE, sizeof(FlGisRun));
  features->features = g_array_new(FALSE, FALSE, sizeof(FlGisFeature));
}

void
fl_gis_features_clear(FlGisFeatures *features)
{
  g_clear_pointer(&features->points, g_array_unref);
  g_clear_pointer(&features->runs, g_array_unref);
  g_clear_pointer(&features->features, g_array_unref);
}

void
fl_gis_layer_init(FlGisLayer *layer, const char *name, FlGisGeometry geometry,
                  const FlGisColumn *columns, guint n_columns)
{
  layer->name = name;
  layer->geometry = geometry;
  layer->columns = columns;
  layer->n_columns = n_columns;
  layer->values = g_ptr_array_new_with_free_func(g_free);
  layer->lonlat = g_array_new(FALSE, FALSE, sizeof(double));
  layer->wkb = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
}

void
fl_gis_layer_add(FlGisLayer *layer, char **values, const double *lonlat, GBytes *wkb)
{
  for (guint c = 0; c < layer->n_columns; c++)
    g_ptr_array_add(layer->values, values[c]);
  if (layer->geometry == FL_GIS_POINTS)
    g_array_append_vals(layer->lonlat, lonlat, 2);
  else
    g_ptr_array_add(layer->wkb, wkb);
}

void
fl_gis_layer_clear(FlGisLayer *layer)
{
  g_clear_pointer(&layer->values, g_ptr_array_unref);
  g_clear_pointer(&layer->lonlat, g_array_unref);
  g_clear_pointer(&layer->wkb, g_ptr_array_unref);
}
