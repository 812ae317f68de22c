"""Plays a series GeoPackage with QGIS's temporal controller, headless (PyQGIS), as a QGIS user
does: each layer's temporal properties take its start and end from valid_from and valid_to,
the navigation steps a day at a time over the series, and on each frame the features QGIS
shows must be those of that day's own export (by count, and for the places by id, faction
and status).
usage: python3 qgis-temporal.py SERIES.gpkg FROM TO DAY_DIR   (DAY_DIR/YYYY-MM-DD.gpkg each)"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsDateTimeRange, QgsFeatureRequest, QgsInterval,  # noqa
                       QgsTemporalNavigationObject, QgsUnitTypes, QgsVectorLayer,
                       QgsVectorLayerTemporalContext, QgsVectorLayerTemporalProperties)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime  # noqa: E402

series, first, last, day_dir = sys.argv[1:5]
app = QgsApplication([], False)
app.initQgis()


def day(text):
    return QDate.fromString(text, "yyyy-MM-dd")


def places_key(features):
    return sorted((f["place_id"], f["faction"], f["status"]) for f in features)


failures = []
navigation = QgsTemporalNavigationObject()
navigation.setTemporalExtents(QgsDateTimeRange(QDateTime(day(first), QTime(0, 0)),
                                               QDateTime(day(last).addDays(1), QTime(0, 0))))
navigation.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalDays))
frames = navigation.totalFrameCount()
for name in ("places", "zones", "front", "arrows"):
    layer = QgsVectorLayer(f"{series}|layername={name}", name, "ogr")
    assert layer.isValid(), f"{series}: no layer {name}"
    for field in ("valid_from", "valid_to"):
        assert layer.fields().field(field).typeName() in ("Date", "DateTime"), (name, field)
    properties = layer.temporalProperties()
    properties.setIsActive(True)
    properties.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    properties.setStartField("valid_from")
    properties.setEndField("valid_to")
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    for frame in range(frames):
        navigation.setCurrentFrameNumber(frame)
        span = navigation.dateTimeRangeForFrameNumber(frame)
        date = span.begin().date().toString("yyyy-MM-dd")
        request = QgsFeatureRequest().setFilterExpression(
            properties.createFilterString(context, span))
        shown = list(layer.getFeatures(request))
        own = QgsVectorLayer(f"{day_dir}/{date}.gpkg|layername={name}", name, "ogr")
        expected = list(own.getFeatures())
        if len(shown) != len(expected):
            failures.append(f"{name} {date}: QGIS shows {len(shown)}, the day has "
                            f"{len(expected)}")
        elif name == "places" and places_key(shown) != places_key(expected):
            failures.append(f"places {date}: not the day's states")
    print(name, layer.featureCount(), "features,", frames, "frames")
if failures:
    print("\n".join(failures))
sys.stdout.flush()
# no exitQgis(): with layers still referenced from Python, it crashes on the way out
os._exit(1 if failures else 0)
