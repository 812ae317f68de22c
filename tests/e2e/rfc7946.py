"""Checks GeoJSON files against RFC 7946: a FeatureCollection of Features, no "crs" member,
positions of two numbers, longitude first within the theatre (Syria: 35-43 E, 32-38 N),
polygon rings closed, outer rings counterclockwise and holes clockwise (section 3.1.6).
usage: python3 rfc7946.py FILE..."""
import json
import sys

TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def area(ring):
    """Twice the signed area: positive for a counterclockwise ring."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))


def position(p, where):
    assert isinstance(p, list) and len(p) == 2, (where, p)
    assert all(isinstance(v, (int, float)) for v in p), (where, p)
    assert 35 < p[0] < 43 and 32 < p[1] < 38, (where, "not lon, lat in Syria", p)


def polygon(rings, where):
    for i, ring in enumerate(rings):
        for p in ring:
            position(p, where)
        assert len(ring) >= 4 and ring[0] == ring[-1], (where, "ring not closed")
        if i == 0:
            assert area(ring) > 0, (where, "outer ring clockwise")
        else:
            assert area(ring) < 0, (where, "hole counterclockwise")


def check(path):
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    assert collection["type"] == "FeatureCollection", path
    assert "crs" not in collection, (path, "a crs member")
    assert collection["features"], (path, "no feature")
    for n, feature in enumerate(collection["features"]):
        where = f"{path}: feature {n}"
        assert feature["type"] == "Feature", where
        assert isinstance(feature["properties"], dict), where
        geometry = feature["geometry"]
        kind, coordinates = geometry["type"], geometry["coordinates"]
        assert kind in TYPES, (where, kind)
        if kind == "Point":
            position(coordinates, where)
        elif kind == "LineString":
            for p in coordinates:
                position(p, where)
        elif kind == "MultiLineString":
            for line in coordinates:
                for p in line:
                    position(p, where)
        elif kind == "Polygon":
            polygon(coordinates, where)
        elif kind == "MultiPolygon":
            for part in coordinates:
                polygon(part, where)


for path in sys.argv[1:]:
    check(path)
print("ok", len(sys.argv) - 1, "files")
