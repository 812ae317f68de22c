/* frontline/frontline.h - the whole public API:
 * report -> places -> events -> control -> render. */
#ifndef FRONTLINE_H
#define FRONTLINE_H

#include <frontline/base.h>
#include <frontline/report.h>
#include <frontline/theatre.h>
#include <frontline/places.h>
#include <frontline/events.h>
#include <frontline/control.h>
#include <frontline/style.h>
#include <frontline/render.h>
#include <frontline/pipeline.h>
#include <frontline/export.h>

#endif
