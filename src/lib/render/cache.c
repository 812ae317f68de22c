/* cache.c - prepared maps kept between runs.
 *
 * Preparing a map reads the base map with OGR (through the GIS module, which loads GDAL and
 * PROJ), clips and projects its layers, and computes the zones with GEOS: most of a single
 * render's time. None of it depends on the date, the reports or the style, so fl_map_new()
 * keeps the result in a file under FlMapOptions.cache_dir, and the next map of the same
 * configuration reads it back (a few milliseconds, and neither GDAL nor PROJ is loaded).
 *
 * One file per configuration (base map path, projection, extent, page), named by a digest of
 * it: map-<16 hex digits>.cache, replaced when its inputs change. It holds two parts, each
 * with the SHA-256 of everything it is made from:
 *   base   the projection's fit, the frame and the base layers in page units: from the base
 *          map file's identity (device, inode, size, modification and change times: a file
 *          written again or replaced has another), the theatre's country, the locator map's
 *          width and zoom, the projection, the extent and the page;
 *   zones  the place points and the zones: from the base part's digest, each place's
 *          position, kind, population and whether it is in the theatre, the theatre's
 *          baseline zones (kind, faction, polygon, whether labelled) and [ground] settings, and
 *          the style's [zones] smooth.
 * Beside it, map-<the same digits>.plan keeps what the last plan of that configuration asked for
 * PNG pages (fl_plan_new() with FL_PLAN_PICTURES): the layers that do not change with the date as
 * pictures (raster.c: page, land and water; rivers, borders and roads; labels, scale bar and
 * locator map; the legend, when the plan's dates share it), the room of the furniture and the boxes
 * the layout fixed, so a PNG from the cache lays out no label. They depend on the plan, not only on
 * the map, so they are kept apart, with the plan's own digest: of the zones part's digest, the
 * PNG's size, the whole style, the title, the map's words, what labels and the legend say (every
 * place's names in the label languages and its country, every faction's name, what the plan's
 * legend lists), the roads, the arrow heads of the plan's dates (which the labels keep clear of),
 * the places of the story (labelled first), the day the legend's row of changes counts from (a
 * legend pictured for one date) and the fonts (the versions of Cairo, Pixman, Pango, HarfBuzz,
 * FreeType and fontconfig, and the modification times of fontconfig's font folders and
 * configuration files, as fontconfig itself checks its own caches). Laying the labels out again
 * would cost a warm PNG render about 40 ms, half its time, hence this second file.
 * A page drawn in full (SVG, PDF: fl_plan_new() without FL_PLAN_PICTURES) has its labels laid
 * out instead: map-<the same digits>.labels keeps them for the same digest (each label's place,
 * text, font and attributes in Pango's text forms, alignment, wrap, position, angle and leader),
 * with the furniture's room and the boxes the layout fixed, as the plan file does; a layout
 * whose font or attributes would not read back equal is not kept.
 * The digests also cover the cache format, the library versions and the identities of the
 * running program and of the GIS module, so a rebuilt program never reads what another build
 * prepared; the file's name covers them too, so two builds sharing a folder keep a file each
 * (cache-folder.c bounds the folder).
 *
 * A file is a 32-byte header (magic, format, CRC-32 and length of the payload), then the
 * payload, a GVariant of MAP_TYPE, PLAN_TYPE or LABELS_TYPE. It is written whole under a
 * temporary name and renamed, read through a mapping, and checked before use (header, CRC,
 * every count and index): a short, damaged or foreign file is ignored, the map, the pictures or
 * the labels prepared again and the file replaced. */
#define _POSIX_C_SOURCE 200809L   /* st_mtim, st_ctim */
#include "render-internal.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <geos_c.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <hb.h>
#include <pixman.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>

#define CACHE_MAGIC "FLMAPC\r\n"
#define CACHE_FORMAT 7u
/* The largest cache file read: a map of 20,000 pixels a side with every layer is a few
 * hundred MB */
#define CACHE_FILE_MAX ((guint64)1 << 30)

/* base digest, projection (scale, x0, y0, px_per_km), frame, layers (points, parts, shapes),
 * zones digest, place points, zones (zones.c) */
#define MAP_TYPE "(ay(dddd)(dddd)a(a(dd)a(uu)a(uui))aya(dd)v)"
/* the plan's digest, furniture boxes (title, legend, scale, credits, locator map, then the
 * legend's scale and columns), pictures (raster.c words), what the layout fixed (FlItem: kind,
 * place, box) */
#define PLAN_TYPE "(aya(dddd)aaua(iidddd))"
/* the plan's digest, furniture boxes (as PLAN_TYPE's), the placed labels of a page drawn in
 * full (LABEL_TYPE: the places', the roads' shields, the areas' names), what the layout fixed */
#define LABELS_TYPE "(aya(dddd)aa(usssiiidddbdddd)a(iidddd))"
/* a label: its place (or road, or area), text, font and attributes (Pango's text forms),
 * alignment, wrap width and mode, top-left, angle, whether it has a leader and the leader */
#define LABEL_TYPE "(usssiiidddbdddd)"

typedef struct {
  char magic[8];
  guint32 format;
  guint32 crc;        /* CRC-32 of the payload */
  guint64 length;     /* of the payload */
  guint64 reserved;   /* 0; keeps the payload 8-aligned */
} Header;

G_STATIC_ASSERT(sizeof(Header) == 32);
G_STATIC_ASSERT(sizeof(FlPagePoint) == 16 && sizeof(FlPart) == 8 && sizeof(FlShape) == 12 &&
                sizeof(FlRect) == 32 && sizeof(FlItem) == 40);

/* ---- digests ---- */

void
fl_digest_bytes(GChecksum *checksum, gconstpointer data, gsize size)
{
  guint64 length = size;

  g_checksum_update(checksum, (const guchar *)&length, sizeof length);
  g_checksum_update(checksum, data, size);
}

void
fl_digest_string(GChecksum *checksum, const char *text)
{
  fl_digest_bytes(checksum, text ? text : "", text ? strlen(text) : 0);
}

/* What identifies a file's contents without reading it. FALSE when it cannot be read. */
static gboolean
digest_file_identity(GChecksum *checksum, const char *path)
{
  GStatBuf st;

  if (!path || g_stat(path, &st) != 0)
    return FALSE;
  gint64 identity[] = {(gint64)st.st_dev, (gint64)st.st_ino, (gint64)st.st_size,
                       (gint64)st.st_mtim.tv_sec, (gint64)st.st_mtim.tv_nsec,
                       (gint64)st.st_ctim.tv_sec, (gint64)st.st_ctim.tv_nsec};
  fl_digest_string(checksum, path);
  FL_DIGEST_VALUE(checksum, identity);
  return TRUE;
}

/* The build: cache format, library versions and the running program's identity. */
static void
digest_build(GChecksum *checksum)
{
  fl_digest_string(checksum, "frontline map cache");
  fl_digest_string(checksum, fl_version());
  guint32 format = CACHE_FORMAT;
  FL_DIGEST_VALUE(checksum, format);
  fl_digest_string(checksum, GEOSversion());
  fl_digest_string(checksum, FL_GIS_VERSIONS);
  if (!digest_file_identity(checksum, "/proc/self/exe"))
    fl_digest_string(checksum, "no program identity");
  /* the module that reads and projects the base map, looked at but not loaded */
  g_autofree char *module = fl_gis_module_path();
  if (!digest_file_identity(checksum, module))
    fl_digest_string(checksum, "no GIS module");
}

static void
digest_end(GChecksum *checksum, guint8 digest[32])
{
  gsize size = 32;

  g_checksum_get_digest(checksum, digest, &size);
  g_checksum_free(checksum);
}

gboolean
fl_cache_key_init(FlCacheKey *key, const FlMap *map, const char *dir, const char *definition,
                  const double extent[4])
{
  const FlTheatre *theatre = map->theatre;
  GChecksum *base = g_checksum_new(G_CHECKSUM_SHA256);
  GChecksum *zones = g_checksum_new(G_CHECKSUM_SHA256);
  GChecksum *slot = g_checksum_new(G_CHECKSUM_SHA256);
  double page[] = {map->width, map->height, map->unit, map->png_scale};

  memset(key, 0, sizeof *key);
  /* the configuration and the build, which name the file: two builds sharing a folder keep
   * a file each rather than replacing each other's at every map */
  digest_build(slot);
  fl_digest_string(slot, theatre->basemap_path);
  fl_digest_string(slot, definition);
  fl_digest_bytes(slot, extent, 4 * sizeof(double));
  FL_DIGEST_VALUE(slot, page);
  /* the base part */
  digest_build(base);
  if (!digest_file_identity(base, theatre->basemap_path)) {
    g_checksum_free(base);
    g_checksum_free(zones);
    g_checksum_free(slot);
    return FALSE;
  }
  g_autofree char *countries = g_strjoinv(";", theatre->countries);
  fl_digest_string(base, countries);
  /* the locator layer is read for the ground the locator map shows */
  double inset[] = {fl_style_number(map->style, FL_STYLE_INSET_WIDTH) > 0,
                    fl_style_number(map->style, FL_STYLE_INSET_ZOOM)};
  FL_DIGEST_VALUE(base, inset);
  fl_digest_string(base, definition);
  fl_digest_bytes(base, extent, 4 * sizeof(double));
  FL_DIGEST_VALUE(base, page);
  digest_end(base, key->base);
  /* the zones part */
  fl_digest_bytes(zones, key->base, sizeof key->base);
  guint32 n_places = theatre->places->len;
  FL_DIGEST_VALUE(zones, n_places);
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    struct {
      double lon, lat;
      gint64 population;
      gint32 kind, in_theatre;
    } facts = {place->lon, place->lat, place->population, place->kind, place->in_theatre};
    FL_DIGEST_VALUE(zones, facts);
  }
  /* the baseline zones the open ground follows, the occupied and deconfliction areas */
  guint32 n_areas = theatre->areas->len;
  FL_DIGEST_VALUE(zones, n_areas);
  for (guint a = 0; a < n_areas; a++) {
    const FlArea *area = theatre->areas->pdata[a];
    guint32 n_points = area->n_rings ? area->ring_ends[area->n_rings - 1] : 0;
    struct {
      gint32 kind, faction;
      guint32 n_rings, labelled;
    } facts = {area->kind, area->faction, area->n_rings,
               *area->label_fr || *area->label_en || *area->label_ar};
    FL_DIGEST_VALUE(zones, facts);
    fl_digest_bytes(zones, area->ring_ends, area->n_rings * sizeof(guint));
    fl_digest_bytes(zones, area->points, 2 * n_points * sizeof(double));
  }
  /* how the places hold the ground: the theatre's [ground], the style's closing */
  FL_DIGEST_VALUE(zones, theatre->ground);
  double smooth = fl_style_number(map->style, FL_STYLE_ZONES_SMOOTH);
  FL_DIGEST_VALUE(zones, smooth);
  digest_end(zones, key->zones);
  g_autofree char *name = g_strdup_printf("map-%.16s.cache", g_checksum_get_string(slot));
  g_checksum_free(slot);
  key->path = g_build_filename(dir, name, NULL);
  /* map-<digits>.plan beside it */
  key->plan_path = g_strdup_printf("%.*splan", (int)(strlen(key->path) - strlen("cache")),
                                   key->path);
  /* and map-<digits>.labels */
  key->labels_path = g_strdup_printf("%.*slabels", (int)(strlen(key->path) - strlen("cache")),
                                     key->path);
  key->definition = g_strdup(definition);
  return TRUE;
}

void
fl_cache_key_clear(FlCacheKey *key)
{
  g_free(key->path);
  g_free(key->plan_path);
  g_free(key->labels_path);
  g_free(key->definition);
  memset(key, 0, sizeof *key);
}

/* The fonts as fontconfig finds them: its folders and configuration files, by modification
 * time (as fontconfig itself decides whether its own caches hold), and the libraries that
 * shape and draw text. */
static void
digest_fonts(GChecksum *checksum, PangoContext *pango)
{
  /* a font loaded through Pango waits for the fontconfig set-up Pango runs in a thread (the
   * furniture needs that font anyway), so fontconfig is not set up twice */
  PangoFont *font = pango_context_load_font(pango, pango_context_get_font_description(pango));
  FcConfig *config = FcConfigReference(NULL);
  FcStrList *lists[2] = {FcConfigGetFontDirs(config), FcConfigGetConfigFiles(config)};
  FT_Library freetype;
  FT_Int version[3] = {0, 0, 0};

  for (int l = 0; l < 2; l++) {
    for (FcChar8 *path; lists[l] && (path = FcStrListNext(lists[l]));) {
      GStatBuf st;
      gint64 mtime[2] = {0, 0};
      if (g_stat((const char *)path, &st) == 0)
        mtime[0] = (gint64)st.st_mtim.tv_sec, mtime[1] = (gint64)st.st_mtim.tv_nsec;
      fl_digest_string(checksum, (const char *)path);
      FL_DIGEST_VALUE(checksum, mtime);
    }
    if (lists[l])
      FcStrListDone(lists[l]);
  }
  FcConfigDestroy(config);
  if (font)
    g_object_unref(font);
  if (FT_Init_FreeType(&freetype) == 0) {
    FT_Library_Version(freetype, &version[0], &version[1], &version[2]);
    FT_Done_FreeType(freetype);
  }
  FL_DIGEST_VALUE(checksum, version);
  int fontconfig = FcGetVersion();
  FL_DIGEST_VALUE(checksum, fontconfig);
  fl_digest_string(checksum, cairo_version_string());
  fl_digest_string(checksum, pixman_version_string());
  fl_digest_string(checksum, pango_version_string());
  fl_digest_string(checksum, hb_version_string());
}

void
fl_cache_plan_digest(const FlPlan *plan, guint8 digest[32])
{
  const FlMap *map = plan->map;
  const FlCacheKey *key = map->cache_key;
  const FlTheatre *theatre = map->theatre;
  GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
  GString *style = g_string_new(NULL);
  gint32 png[2] = {map->png_width, map->png_height};
  guint32 count;

  fl_digest_bytes(checksum, key->zones, sizeof key->zones);   /* the base part's, the places' */
  FL_DIGEST_VALUE(checksum, png);
  FL_DIGEST_VALUE(checksum, map->png_scale);
  fl_style_write(map->style, style);
  fl_digest_string(checksum, style->str);
  g_string_free(style, TRUE);
  fl_digest_string(checksum, map->title);
  g_autofree char *legend = fl_legend_key(map, plan->legend);   /* the legend's room */
  fl_digest_string(checksum, legend);
  g_autofree char *words = fl_map_words_text(map);   /* the legend's and title's words */
  fl_digest_string(checksum, words);
  guint32 known_on = g_date_valid(&map->known_on) ? g_date_get_julian(&map->known_on) : 0;
  FL_DIGEST_VALUE(checksum, known_on);
  g_autofree char *countries = g_strjoinv(";", theatre->countries);
  fl_digest_string(checksum, countries);
  count = theatre->places->len;
  FL_DIGEST_VALUE(checksum, count);
  for (guint i = 0; i < theatre->places->len; i++) {
    const FlPlace *place = theatre->places->pdata[i];
    fl_digest_string(checksum, fl_place_label(place, map->lang));
    fl_digest_string(checksum, map->other_lang ? fl_place_label(place, map->other_lang) : NULL);
    fl_digest_string(checksum, place->country);
  }
  count = theatre->factions->len;
  FL_DIGEST_VALUE(checksum, count);
  for (guint i = 0; i < theatre->factions->len; i++)
    fl_digest_string(checksum, fl_faction_label(theatre->factions->pdata[i], map->lang));
  /* the roads, drawn and numbered in the pictures */
  count = theatre->roads ? theatre->roads->len : 0;
  FL_DIGEST_VALUE(checksum, count);
  for (guint i = 0; i < count; i++) {
    const FlRoad *road = theatre->roads->pdata[i];
    fl_digest_string(checksum, road->ref);
    fl_digest_bytes(checksum, road->places, road->n_places * sizeof(guint));
  }
  /* the arrow heads of the plan's dates, which the labels keep clear of */
  count = plan->heads->len;
  FL_DIGEST_VALUE(checksum, count);
  if (count)
    fl_digest_bytes(checksum, plan->heads->data, count * sizeof(FlRect));
  /* the story's places, labelled first */
  fl_digest_bytes(checksum, plan->story, theatre->places->len);
  /* the day the legend's row of changes counts from, when the legend is a picture of one date */
  const FlSituation *changes = NULL;
  guint32 since = 0;
  if (fl_pictures_legend(plan, &changes) && changes && g_date_valid(&changes->since))
    since = g_date_get_julian(&changes->since);
  FL_DIGEST_VALUE(checksum, since);
  digest_fonts(checksum, map->pango);
  digest_end(checksum, digest);
}

/* ---- reading ---- */

static gboolean
digest_matches(GVariant *root, gsize index, const guint8 digest[32])
{
  g_autoptr(GVariant) child = g_variant_get_child_value(root, index);
  gsize size = 0;
  gconstpointer stored = g_variant_get_fixed_array(child, &size, 1);

  return size == 32 && memcmp(stored, digest, 32) == 0;
}

/* A fixed-size array as a new GArray of its items; NULL when it is too long to index. */
static GArray *
array_of(GVariant *array, gsize size)
{
  gsize n = 0;
  gconstpointer items = g_variant_get_fixed_array(array, &n, size);
  GArray *copy;

  if (n > G_MAXUINT / 2)
    return NULL;
  copy = g_array_sized_new(FALSE, FALSE, (guint)size, (guint)n);
  if (n)
    g_array_append_vals(copy, items, (guint)n);
  return copy;
}

/* One layer: its arrays, every part within the points and every shape within the parts. */
static gboolean
restore_layer(FlShapes *shapes, GVariant *layer)
{
  g_autoptr(GVariant) points = g_variant_get_child_value(layer, 0);
  g_autoptr(GVariant) parts = g_variant_get_child_value(layer, 1);
  g_autoptr(GVariant) features = g_variant_get_child_value(layer, 2);

  shapes->points = array_of(points, sizeof(FlPagePoint));
  shapes->parts = array_of(parts, sizeof(FlPart));
  shapes->shapes = array_of(features, sizeof(FlShape));
  if (!shapes->points || !shapes->parts || !shapes->shapes)
    return FALSE;
  for (guint i = 0; i < shapes->points->len; i++) {
    const FlPagePoint *p = &g_array_index(shapes->points, FlPagePoint, i);
    if (!isfinite(p->x) || !isfinite(p->y))
      return FALSE;
  }
  for (guint i = 0; i < shapes->parts->len; i++) {
    const FlPart *part = &g_array_index(shapes->parts, FlPart, i);
    if (part->n == 0 || part->first > shapes->points->len ||
        part->n > shapes->points->len - part->first)
      return FALSE;
  }
  for (guint i = 0; i < shapes->shapes->len; i++) {
    const FlShape *shape = &g_array_index(shapes->shapes, FlShape, i);
    if (shape->first_part > shapes->parts->len ||
        shape->n_parts > shapes->parts->len - shape->first_part)
      return FALSE;
  }
  return TRUE;
}

/* The base part: projection, frame, layers. FALSE (map untouched) when it does not hold. */
static gboolean
restore_base(FlMap *map, GVariant *root, const FlCacheKey *key)
{
  g_autoptr(GVariant) fit = g_variant_get_child_value(root, 1);
  g_autoptr(GVariant) frame = g_variant_get_child_value(root, 2);
  g_autoptr(GVariant) layers = g_variant_get_child_value(root, 3);
  FlShapes restored[FL_N_LAYERS];
  double scale, x0, y0, px_per_km;
  FlRect rect;
  gboolean ok;

  memset(restored, 0, sizeof restored);
  g_variant_get(fit, "(dddd)", &scale, &x0, &y0, &px_per_km);
  g_variant_get(frame, "(dddd)", &rect.x, &rect.y, &rect.width, &rect.height);
  ok = isfinite(scale) && scale > 0 && isfinite(x0) && isfinite(y0) && isfinite(px_per_km) &&
       px_per_km > 0 && isfinite(rect.x) && isfinite(rect.y) && isfinite(rect.width) &&
       isfinite(rect.height) && g_variant_n_children(layers) == FL_N_LAYERS;
  for (int i = 0; ok && i < FL_N_LAYERS; i++) {
    g_autoptr(GVariant) layer = g_variant_get_child_value(layers, i);
    ok = restore_layer(&restored[i], layer);
  }
  if (!ok) {
    for (int i = 0; i < FL_N_LAYERS; i++)
      fl_shapes_clear(&restored[i]);
    return FALSE;
  }
  fl_projection_restore(&map->projection, key->definition, scale, x0, y0, px_per_km);
  map->frame = rect;
  fl_basemap_inset_view(map);
  memcpy(map->layers, restored, sizeof restored);
  return TRUE;
}

/* The zones part: place points and zones. FALSE (map untouched) when it does not hold. */
static gboolean
restore_zones(FlMap *map, GVariant *root)
{
  g_autoptr(GVariant) points = g_variant_get_child_value(root, 5);
  g_autoptr(GVariant) boxed = g_variant_get_child_value(root, 6);
  g_autoptr(GVariant) saved = g_variant_get_variant(boxed);
  GArray *place_xy = array_of(points, sizeof(FlPagePoint));
  FlZones *zones = NULL;

  if (place_xy && place_xy->len == map->theatre->places->len)
    zones = fl_zones_restore(map, saved);
  if (!zones) {
    if (place_xy)
      g_array_unref(place_xy);
    return FALSE;
  }
  g_array_set_size(place_xy, MAX(place_xy->len, 1));   /* as project_places() allocates */
  map->place_xy = (FlPagePoint *)g_array_free(place_xy, FALSE);
  map->zones = zones;
  return TRUE;
}

/* The file at path as a GVariant of type, checked (magic, format, length, CRC), or NULL. */
static GVariant *
read_file(const char *path, const char *type)
{
  /* O_NONBLOCK: a FIFO put in the file's place does not wait for a writer; it, a device or a
   * file larger than any cache file is ignored like a damaged one */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  GMappedFile *mapped = NULL;
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      (guint64)st.st_size <= CACHE_FILE_MAX)
    mapped = g_mapped_file_new_from_fd(fd, FALSE, NULL);
  if (fd >= 0)
    close(fd);   /* the mapping stays */
  g_autoptr(GBytes) bytes = mapped ? g_mapped_file_get_bytes(mapped) : NULL;
  g_autoptr(GBytes) payload = NULL;
  const guint8 *data;
  gsize size = 0;
  Header header;

  if (mapped)
    g_mapped_file_unref(mapped);
  data = bytes ? g_bytes_get_data(bytes, &size) : NULL;
  if (!data || size < sizeof header)
    return NULL;
  memcpy(&header, data, sizeof header);
  if (memcmp(header.magic, CACHE_MAGIC, sizeof header.magic) != 0 ||
      header.format != CACHE_FORMAT || header.length != size - sizeof header ||
      libdeflate_crc32(0, data + sizeof header, header.length) != header.crc)
    return NULL;
  payload = g_bytes_new_from_bytes(bytes, sizeof header, header.length);
  return g_variant_ref_sink(g_variant_new_from_bytes(G_VARIANT_TYPE(type), payload, FALSE));
}

FlCached
fl_cache_load(FlMap *map, const FlCacheKey *key)
{
  g_autoptr(GVariant) root = read_file(key->path, MAP_TYPE);

  if (!root || !digest_matches(root, 0, key->base) || !restore_base(map, root, key))
    return FL_CACHED_NOTHING;
  fl_cache_touch(key->path);
  if (!digest_matches(root, 4, key->zones) || !restore_zones(map, root))
    return FL_CACHED_BASE;
  return FL_CACHED_ALL;
}

static gboolean
rect_finite(const FlRect *rect)
{
  return isfinite(rect->x) && isfinite(rect->y) && isfinite(rect->width) &&
         isfinite(rect->height);
}

/* The furniture's room: FALSE (layout untouched) when it does not hold. */
static gboolean
restore_furniture(FlLayout *layout, GVariant *root)
{
  FlRect legend_size = {0, 0, 0, 0};   /* the legend's scale and columns */
  FlRect *furniture[] = {&layout->title_box, &layout->legend_box, &layout->scale_box,
                         &layout->credits_box, &layout->inset_box, &legend_size};
  g_autoptr(GVariant) boxes = g_variant_get_child_value(root, 1);
  gsize n = 0;
  const FlRect *rects = g_variant_get_fixed_array(boxes, &n, sizeof(FlRect));

  if (n != G_N_ELEMENTS(furniture))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!rect_finite(&rects[i]))
      return FALSE;
  for (gsize i = 0; i < n; i++)
    *furniture[i] = rects[i];
  layout->legend_scale = legend_size.x, layout->legend_columns = (int)legend_size.y;
  return TRUE;
}

/* What the layout fixed, each item checked, or NULL. */
static GArray *
restore_fixed(const FlMap *map, GVariant *root)
{
  g_autoptr(GVariant) items = g_variant_get_child_value(root, 3);
  GArray *fixed = array_of(items, sizeof(FlItem));

  for (guint i = 0; fixed && i < fixed->len; i++) {
    const FlItem *item = &g_array_index(fixed, FlItem, i);
    if (item->kind < FL_ITEM_LABEL || item->kind > FL_ITEM_FURNITURE || item->place < -1 ||
        item->place >= (gint)map->theatre->places->len || !rect_finite(&item->box))
      g_clear_pointer(&fixed, g_array_unref);
  }
  return fixed;
}

gboolean
fl_cache_load_plan(FlPlan *plan, const guint8 digest[32])
{
  const FlMap *map = plan->map;
  g_autoptr(GVariant) root =
      map->cache_key ? read_file(map->cache_key->plan_path, PLAN_TYPE) : NULL;
  g_autoptr(GVariant) rasters = root ? g_variant_get_child_value(root, 2) : NULL;
  FlRaster *restored[FL_N_CACHES] = {NULL};
  FlLayout layout = {0};
  GArray *fixed = NULL;
  gboolean ok;

  if (!root || !digest_matches(root, 0, digest) || !restore_furniture(&layout, root) ||
      g_variant_n_children(rasters) != FL_N_CACHES || !(fixed = restore_fixed(map, root)))
    return FALSE;
  ok = TRUE;
  for (int i = 0; ok && i < FL_N_CACHES; i++) {
    g_autoptr(GVariant) words = g_variant_get_child_value(rasters, i);
    g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes(words);
    restored[i] = fl_raster_restore(bytes, map->png_width, map->png_height);
    ok = restored[i] != NULL;
  }
  if (!ok) {
    for (int i = 0; i < FL_N_CACHES; i++)
      fl_raster_free(restored[i]);
    g_array_unref(fixed);
    return FALSE;
  }
  layout.fixed = fixed;
  plan->layout = layout;
  memcpy(plan->pictures, restored, sizeof restored);
  fl_cache_touch(map->cache_key->plan_path);
  return TRUE;
}

/* One label of a group whose indices are below bound, its layout made afresh in the map's
 * context; FALSE (nothing made) when the value does not hold. */
static gboolean
restore_label(const FlMap *map, GVariant *value, guint bound, FlLabel *label)
{
  const char *text, *font_text, *attrs_text;
  gint32 alignment, width, wrap;
  PangoAttrList *attrs = NULL;
  PangoFontDescription *font;

  g_variant_get(value, "(u&s&s&siiidddbdddd)", &label->place, &text, &font_text, &attrs_text,
                &alignment, &width, &wrap, &label->x, &label->y, &label->angle, &label->leader,
                &label->leader_from.x, &label->leader_from.y, &label->leader_to.x,
                &label->leader_to.y);
  if (label->place >= bound || alignment < PANGO_ALIGN_LEFT || alignment > PANGO_ALIGN_RIGHT ||
      wrap < PANGO_WRAP_WORD || wrap > PANGO_WRAP_WORD_CHAR || width < -1 ||
      !isfinite(label->x) || !isfinite(label->y) || !isfinite(label->angle) ||
      !isfinite(label->leader_from.x) || !isfinite(label->leader_from.y) ||
      !isfinite(label->leader_to.x) || !isfinite(label->leader_to.y) ||
      (*attrs_text && !(attrs = pango_attr_list_from_string(attrs_text))))
    return FALSE;
  label->layout = pango_layout_new(map->pango);
  font = pango_font_description_from_string(font_text);
  pango_layout_set_font_description(label->layout, font);
  pango_font_description_free(font);
  pango_layout_set_text(label->layout, text, -1);
  pango_layout_set_alignment(label->layout, (PangoAlignment)alignment);
  pango_layout_set_width(label->layout, width);
  pango_layout_set_wrap(label->layout, (PangoWrapMode)wrap);
  if (attrs) {
    pango_layout_set_attributes(label->layout, attrs);
    pango_attr_list_unref(attrs);
  }
  return TRUE;
}

gboolean
fl_cache_load_labels(FlPlan *plan, const guint8 digest[32])
{
  const FlMap *map = plan->map;
  const FlTheatre *theatre = map->theatre;
  g_autoptr(GVariant) root =
      map->cache_key ? read_file(map->cache_key->labels_path, LABELS_TYPE) : NULL;
  g_autoptr(GVariant) groups = root ? g_variant_get_child_value(root, 2) : NULL;
  const guint bounds[] = {theatre->places->len, theatre->roads ? theatre->roads->len : 0,
                          theatre->areas->len};
  FlLayout layout = {0};
  GArray **arrays[] = {&layout.labels, &layout.shields, &layout.area_labels};

  if (!root || !digest_matches(root, 0, digest) || !restore_furniture(&layout, root) ||
      g_variant_n_children(groups) != G_N_ELEMENTS(arrays) ||
      !(layout.fixed = restore_fixed(map, root)))
    return FALSE;
  for (gsize g = 0; g < G_N_ELEMENTS(arrays); g++) {
    g_autoptr(GVariant) group = g_variant_get_child_value(groups, g);
    gsize n = g_variant_n_children(group);
    *arrays[g] = g_array_sized_new(FALSE, FALSE, sizeof(FlLabel), (guint)MIN(n, 4096));
    for (gsize i = 0; i < n; i++) {
      g_autoptr(GVariant) value = g_variant_get_child_value(group, i);
      FlLabel label = {0};
      if (!restore_label(map, value, bounds[g], &label)) {
        fl_layout_clear(&layout);
        return FALSE;
      }
      g_array_append_val(*arrays[g], label);
    }
  }
  plan->layout = layout;
  fl_cache_touch(map->cache_key->labels_path);
  return TRUE;
}

/* ---- writing ---- */

static GVariant *
fixed_array(const char *element_type, const GArray *array, gsize size)
{
  return g_variant_new_fixed_array(G_VARIANT_TYPE(element_type), array->len ? array->data : NULL,
                                   array->len, size);
}

static GVariant *
map_variant(const FlMap *map, const FlCacheKey *key)
{
  GVariantBuilder layers;
  const FlProjection *p = &map->projection;
  const FlRect *f = &map->frame;
  guint n_places = map->theatre->places->len;

  g_variant_builder_init(&layers, G_VARIANT_TYPE("a(a(dd)a(uu)a(uui))"));
  for (int i = 0; i < FL_N_LAYERS; i++) {
    const FlShapes *shapes = &map->layers[i];
    g_variant_builder_add_value(
        &layers, g_variant_new("(@a(dd)@a(uu)@a(uui))",
                               fixed_array("(dd)", shapes->points, sizeof(FlPagePoint)),
                               fixed_array("(uu)", shapes->parts, sizeof(FlPart)),
                               fixed_array("(uui)", shapes->shapes, sizeof(FlShape))));
  }
  GVariant *children[] = {
    g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, key->base, sizeof key->base, 1),
    g_variant_new("(dddd)", p->scale, p->x0, p->y0, p->px_per_km),
    g_variant_new("(dddd)", f->x, f->y, f->width, f->height),
    g_variant_builder_end(&layers),
    g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, key->zones, sizeof key->zones, 1),
    g_variant_new_fixed_array(G_VARIANT_TYPE("(dd)"), n_places ? map->place_xy : NULL, n_places,
                              sizeof(FlPagePoint)),
    g_variant_new_variant(fl_zones_save(map->zones)),
  };
  return g_variant_ref_sink(g_variant_new_tuple(children, G_N_ELEMENTS(children)));
}

/* The furniture's room, as restore_furniture() reads it. */
static GVariant *
furniture_value(const FlLayout *l)
{
  const FlRect furniture[] = {l->title_box, l->legend_box, l->scale_box, l->credits_box,
                              l->inset_box, {l->legend_scale, l->legend_columns, 0, 0}};

  return g_variant_new_fixed_array(G_VARIANT_TYPE("(dddd)"), furniture, G_N_ELEMENTS(furniture),
                                   sizeof(FlRect));
}

static GVariant *
plan_variant(const FlPlan *plan, const guint8 digest[32])
{
  const FlLayout *l = &plan->layout;
  GVariantBuilder rasters;

  g_variant_builder_init(&rasters, G_VARIANT_TYPE("aau"));
  for (int i = 0; i < FL_N_CACHES; i++)
    g_variant_builder_add_value(
        &rasters, g_variant_new_from_bytes(G_VARIANT_TYPE("au"),
                                           fl_raster_words(plan->pictures[i]), TRUE));
  GVariant *children[] = {
    g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, digest, 32, 1),
    furniture_value(l),
    g_variant_builder_end(&rasters),
    fixed_array("(iidddd)", l->fixed, sizeof(FlItem)),
  };
  return g_variant_ref_sink(g_variant_new_tuple(children, G_N_ELEMENTS(children)));
}

/* One placed label as a value, or NULL when its layout would not be made again the same from
 * it: a font or attributes whose text forms do not read back equal, or a setting it does not
 * keep. */
static GVariant *
label_value(const FlLabel *label)
{
  PangoLayout *layout = label->layout;
  const PangoFontDescription *font = pango_layout_get_font_description(layout);
  PangoAttrList *attrs = pango_layout_get_attributes(layout);
  g_autofree char *font_text = font ? pango_font_description_to_string(font) : NULL;
  g_autofree char *attrs_text = attrs ? pango_attr_list_to_string(attrs) : g_strdup("");
  PangoFontDescription *font_back = font ? pango_font_description_from_string(font_text) : NULL;
  PangoAttrList *attrs_back = *attrs_text ? pango_attr_list_from_string(attrs_text) : NULL;
  gboolean same =
      font_back && pango_font_description_equal(font, font_back) &&
      (attrs_back ? attrs && pango_attr_list_equal(attrs, attrs_back) : !*attrs_text) &&
      pango_layout_get_ellipsize(layout) == PANGO_ELLIPSIZE_NONE &&
      pango_layout_get_indent(layout) == 0 && pango_layout_get_spacing(layout) == 0 &&
      pango_layout_get_line_spacing(layout) == 0 && !pango_layout_get_justify(layout) &&
      !pango_layout_get_single_paragraph_mode(layout) && pango_layout_get_auto_dir(layout) &&
      pango_layout_get_height(layout) == -1 && !pango_layout_get_tabs(layout);

  if (font_back)
    pango_font_description_free(font_back);
  if (attrs_back)
    pango_attr_list_unref(attrs_back);
  if (!same)
    return NULL;
  return g_variant_new(LABEL_TYPE, label->place, pango_layout_get_text(layout), font_text,
                       attrs_text, (gint32)pango_layout_get_alignment(layout),
                       (gint32)pango_layout_get_width(layout),
                       (gint32)pango_layout_get_wrap(layout), label->x, label->y, label->angle,
                       label->leader, label->leader_from.x, label->leader_from.y,
                       label->leader_to.x, label->leader_to.y);
}

/* Writes root under a header into path, replacing it atomically; a cache that cannot be
 * written only means the next map is prepared again. */
static void
write_file(const char *path, GVariant *root)
{
  g_autofree char *dir = g_path_get_dirname(path);
  gsize length = g_variant_get_size(root);
  guint8 *contents = g_malloc(sizeof(Header) + length);
  Header header = {CACHE_MAGIC, CACHE_FORMAT, 0, length, 0};

  g_variant_store(root, contents + sizeof header);
  header.crc = libdeflate_crc32(0, contents + sizeof header, length);
  memcpy(contents, &header, sizeof header);
  if (g_mkdir_with_parents(dir, 0700) == 0 &&
      g_file_set_contents_full(path, (const char *)contents, (gssize)(sizeof header + length),
                               G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    fl_cache_trim(dir, path);
  g_free(contents);
}

void
fl_cache_save(const FlMap *map, const FlCacheKey *key)
{
  g_autoptr(GVariant) root = map_variant(map, key);

  write_file(key->path, root);
}

void
fl_cache_save_plan(const FlPlan *plan, const guint8 digest[32])
{
  g_autoptr(GVariant) root = NULL;

  if (!plan->map->cache_key || !plan->pictures[FL_CACHE_UNDER] || !plan->layout.fixed)
    return;
  root = plan_variant(plan, digest);
  write_file(plan->map->cache_key->plan_path, root);
}

void
fl_cache_save_labels(const FlPlan *plan, const guint8 digest[32])
{
  const FlLayout *l = &plan->layout;
  const GArray *arrays[] = {l->labels, l->shields, l->area_labels};
  GVariantBuilder groups;

  if (!plan->map->cache_key || !plan->labelled || !l->fixed)
    return;
  g_variant_builder_init(&groups, G_VARIANT_TYPE("aa" LABEL_TYPE));
  for (gsize g = 0; g < G_N_ELEMENTS(arrays); g++) {
    g_variant_builder_open(&groups, G_VARIANT_TYPE("a" LABEL_TYPE));
    for (guint i = 0; arrays[g] && i < arrays[g]->len; i++) {
      GVariant *value = label_value(&g_array_index(arrays[g], FlLabel, i));
      if (!value) {   /* kept whole or not at all */
        g_variant_builder_clear(&groups);
        return;
      }
      g_variant_builder_add_value(&groups, value);
    }
    g_variant_builder_close(&groups);
  }
  GVariant *children[] = {
    g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, digest, 32, 1),
    furniture_value(l),
    g_variant_builder_end(&groups),
    fixed_array("(iidddd)", l->fixed, sizeof(FlItem)),
  };
  g_autoptr(GVariant) root =
      g_variant_ref_sink(g_variant_new_tuple(children, G_N_ELEMENTS(children)));
  write_file(plan->map->cache_key->labels_path, root);
}
