#!/usr/bin/env python3
"""check-labels.py - check that a theatre's map labels are press spellings.

usage: scripts/check-labels.py THEATRE_DIR [LANG...]     (LANG default: fr en)

The places checked are those the map can label, by the map's rule (src/lib/render/draw.c,
place_rank and label_candidates): every settlement of the theatre's country (kinds capital,
region-seat, district-seat, subdistrict-seat, town) outside the areas of kind `occupied`,
and the foreign capitals; and the rivers and countries the map names. Whether a place falls on
the frame is not looked at: every place that can be on a map of the theatre is checked.

For each of them and each LANG, the label (name_LANG, which the map falls back from to `name`)
  * is given: name_LANG is not empty, so the map never shows the GeoNames transliteration;
  * is written in Latin letters, French accented letters, spaces, hyphens and apostrophes
    only (no transliteration marks such as ḩ ş ţ ā ī ū ‘ ’ ʼ);
  * has no GeoNames article (`Al Bab`, `Jisr ash Shughur`: the press writes `Al-Bab`,
    `Jisr al-Shughur`);
  * is the curated one: a place of places.tsv (generated) has a row in names-curated.tsv with
    both names, and places.tsv carries them (scripts/build-gazetteer.py --names-only);
and no two places share a label in one language. Prints every problem; exits 1 if any.
Stdlib only.
"""
import configparser
import os
import re
import sys
import theatre_tsv

SETTLEMENTS = {'capital', 'region-seat', 'governorate-seat', 'district-seat', 'subdistrict-seat', 'town'}
NAMED = {'river', 'country'}
FRENCH = 'àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ'
LETTERS = re.compile(r"^[A-Za-z" + FRENCH + r"]+(?:[ '\-][A-Za-z" + FRENCH + r"]+)*$")
ARTICLE = re.compile(r"(?:^|[ '\-])(?:[Aa][lrsdtzn]|[Aa]sh|[Aa]th|[Aa]dh) ")

problems = []


def die(msg):
    print('check-labels: ' + msg, file=sys.stderr)
    sys.exit(2)


def read_tsv(path):
    return theatre_tsv.read_tsv(path, die)[1]


def rings(wkt):
    """The rings of a WKT POLYGON as lists of (lon, lat)."""
    body = re.match(r'\s*POLYGON\s*\(\((.*)\)\)\s*$', wkt, re.S)
    if not body:
        die(f'not a POLYGON: {wkt[:40]}')
    return [[tuple(map(float, pt.split())) for pt in ring.split(',')]
            for ring in re.split(r'\)\s*,\s*\(', body.group(1))]


def inside(ring, lon, lat):
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def in_polygon(polygon, lon, lat):
    return inside(polygon[0], lon, lat) and not any(inside(h, lon, lat) for h in polygon[1:])


def main():
    if len(sys.argv) < 2:
        die('usage: check-labels.py THEATRE_DIR [LANG...]')
    theatre_dir = sys.argv[1]
    langs = sys.argv[2:] or ['fr', 'en']
    ini = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=None)
    ini.read(os.path.join(theatre_dir, 'theatre.ini'), encoding='utf-8')
    country = ini['theatre']['country']
    files = ini['files']
    occupied = []
    if 'baseline_zones' in files:
        for z in read_tsv(os.path.join(theatre_dir, files['baseline_zones'])):
            if z.get('kind') == 'occupied':
                occupied.append(rings(z['wkt']))
    curated = {r['geonameid']: r
               for r in read_tsv(os.path.join(theatre_dir, 'names-curated.tsv'))}

    labelled = []   # (file, place)
    for name in files['places'].split(';'):
        for p in read_tsv(os.path.join(theatre_dir, name)):
            lon, lat = float(p['lon']), float(p['lat'])
            if p['kind'] in SETTLEMENTS and p['country'] == country:
                if any(in_polygon(area, lon, lat) for area in occupied):
                    continue   # out of the theatre: a foreign place, never labelled
            elif p['kind'] not in NAMED and p['kind'] != 'foreign-capital':
                continue       # foreign cities and regions: not labelled
            labelled.append((name, p))

    for lang in langs:
        seen = {}
        for name, p in labelled:
            where = f'{name}: {p["id"]}'
            label = p[f'name_{lang}'] or p['name']
            if not p[f'name_{lang}']:
                problems.append(f'{where}: no name_{lang}: the map shows the GeoNames '
                                f'"{p["name"]}"')
            elif not LETTERS.match(label):
                bad = ''.join(sorted({c for c in label
                                      if not re.match(r"[A-Za-z" + FRENCH + r" '\-]", c)}))
                problems.append(f'{where}: name_{lang} "{label}" has characters a press '
                                f'spelling lacks: "{bad}"')
            elif ARTICLE.search(label):
                problems.append(f'{where}: name_{lang} "{label}" has a GeoNames article '
                                '(write "al-X")')
            if name == 'places.tsv':
                c = curated.get(p['geonameid'])
                if c is None or not c[f'name_{lang}']:
                    problems.append(f'{where}: no curated name_{lang} in names-curated.tsv '
                                    f'(geonameid {p["geonameid"]})')
                elif c[f'name_{lang}'] != p[f'name_{lang}']:
                    problems.append(f'{where}: name_{lang} "{p[f"name_{lang}"]}" is not the '
                                    f'curated "{c[f"name_{lang}"]}": run '
                                    'scripts/build-gazetteer.py --names-only')
            if label in seen:
                problems.append(f'{where}: name_{lang} "{label}" is also the label of '
                                f'{seen[label]}')
            else:
                seen[label] = p['id']

    for line in problems:
        print(line)
    print(f'check-labels: {len(labelled)} labelled places, {", ".join(langs)}: '
          f'{len(problems)} problems', file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
