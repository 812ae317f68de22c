/* quarks.c - the error domains of the map stage and of the GIS export, which the GIS module
 * reports in: defined in a file that calls no other, so that every file of the stage uses them
 * without calling back into the file of the public API. */
#include <frontline/export.h>
#include <frontline/render.h>

G_DEFINE_QUARK(fl-render-error-quark, fl_render_error)
G_DEFINE_QUARK(fl-export-error-quark, fl_export_error)
