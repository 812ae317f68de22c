#!/usr/bin/env python3
"""build-baseline.py - write a theatre's baseline.tsv (who held each settlement on the baseline date).

usage: scripts/build-baseline.py [--unzoned-ok] THEATRE_DIR

Reads, in THEATRE_DIR:
  gazetteer.conf           `country` (only the places of that country, or those countries, get a
                           row)
  places.tsv, places-extra.tsv
  baseline-zones.tsv       faction, kind, name, wkt (lon/lat POLYGON), source: approximate control
                           zones, and areas of other kinds (gazetteer/README.md)
  baseline-overrides.tsv   place_id, faction, source: per-place decisions that win over the zones
  factions.tsv             the faction ids allowed
Writes baseline.tsv (place_id, faction, source), sorted by place_id, for every place of `country`
whose kind is a settlement (not river, region, country or sea). A place takes the faction of the
smallest zone that contains it (so an enclave drawn inside a larger zone wins); its source names
that zone. A place whose smallest zone is of kind `occupied` (held by none of the theatre's
factions: the Golan) gets no row: it is out of the theatre. A place inside no zone is an error,
or with --unzoned-ok gets no row (no known holder: zones drawn for part of a new theatre).
Stdlib only; point in polygon by ray casting.
"""
import os
import re
import sys
import theatre_tsv

NOT_SETTLEMENTS = {'river', 'region', 'country', 'sea'}
KINDS = {'', 'control', 'deconfliction', 'occupied'}


def die(msg):
    print('build-baseline: ' + msg, file=sys.stderr)
    sys.exit(1)


def read_tsv(path):
    return theatre_tsv.read_tsv(path, die)[1]


def parse_polygon(text, where):
    """POLYGON((x y, ...), (hole...)) -> list of rings, each a list of (x, y)."""
    m = re.fullmatch(r'\s*POLYGON\s*\(\s*(.*)\s*\)\s*', text, re.I)
    if not m:
        die(f'{where}: only POLYGON WKT is supported')
    rings = []
    for ring in re.findall(r'\(([^()]*)\)', m.group(1)):
        pts = [tuple(map(float, p.split())) for p in ring.split(',')]
        if len(pts) < 4 or pts[0] != pts[-1]:
            die(f'{where}: ring not closed or too short')
        rings.append(pts)
    if not rings:
        die(f'{where}: empty polygon')
    return rings


def in_ring(x, y, ring):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def in_polygon(x, y, rings):
    return in_ring(x, y, rings[0]) and not any(in_ring(x, y, h) for h in rings[1:])


def area(rings):
    def ring_area(r):
        return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(r, r[1:]))) / 2
    return ring_area(rings[0]) - sum(ring_area(h) for h in rings[1:])


def read_country(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0]
            if '=' in line and line.split('=', 1)[0].strip() == 'country':
                return line.split('=', 1)[1].strip()
    die(f'{path}: country missing')


def main():
    args = sys.argv[1:]
    unzoned_ok = '--unzoned-ok' in args
    args = [a for a in args if a != '--unzoned-ok']
    if len(args) != 1:
        die('usage: build-baseline.py [--unzoned-ok] THEATRE_DIR')
    d = args[0]
    countries = set(read_country(os.path.join(d, 'gazetteer.conf')).replace(',', ' ').split())
    factions = {r['id'] for r in read_tsv(os.path.join(d, 'factions.tsv'))}
    places = read_tsv(os.path.join(d, 'places.tsv')) + read_tsv(os.path.join(d, 'places-extra.tsv'))
    ids = [p['id'] for p in places]
    if len(ids) != len(set(ids)):
        die('a place id occurs twice in places.tsv and places-extra.tsv')

    zones = []
    for n, z in enumerate(read_tsv(os.path.join(d, 'baseline-zones.tsv')), 2):
        kind = z.get('kind', '')
        if kind not in KINDS:
            die(f'baseline-zones.tsv:{n}: unknown kind {kind}')
        if (kind == 'occupied') != (z['faction'] == ''):
            die(f'baseline-zones.tsv:{n}: an occupied zone, and only it, has no faction')
        if z['faction'] and z['faction'] not in factions:
            die(f'baseline-zones.tsv:{n}: unknown faction {z["faction"]}')
        rings = parse_polygon(z['wkt'], f'baseline-zones.tsv:{n}')
        zones.append((area(rings), z['name'], z['faction'], rings))
    zones.sort(key=lambda z: (z[0], z[1]))

    overrides = {}
    for n, o in enumerate(read_tsv(os.path.join(d, 'baseline-overrides.tsv')), 2):
        if o['faction'] not in factions:
            die(f'baseline-overrides.tsv:{n}: unknown faction {o["faction"]}')
        if o['place_id'] not in ids:
            die(f'baseline-overrides.tsv:{n}: unknown place {o["place_id"]}')
        if o['place_id'] in overrides:
            die(f'baseline-overrides.tsv:{n}: {o["place_id"]} twice')
        overrides[o['place_id']] = o

    out_rows = []
    for p in places:
        if p['country'] not in countries or p['kind'] in NOT_SETTLEMENTS:
            continue
        if p['id'] in overrides:
            o = overrides[p['id']]
            out_rows.append((p['id'], o['faction'], 'override: ' + o['source']))
            continue
        x, y = float(p['lon']), float(p['lat'])
        hit = next((z for z in zones if in_polygon(x, y, z[3])), None)
        if hit is None and unzoned_ok:
            continue
        if hit is None:
            die(f'{p["id"]} ({y} N, {x} E) lies in no zone of baseline-zones.tsv')
        if hit[2]:   # an occupied zone's places are out of the theatre
            out_rows.append((p['id'], hit[2], 'zone: ' + hit[1]))

    out_rows.sort()
    out = os.path.join(d, 'baseline.tsv')
    with open(out + '.tmp', 'w', encoding='utf-8', newline='\n') as f:
        f.write('place_id\tfaction\tsource\n')
        for r in out_rows:
            f.write('\t'.join(r) + '\n')
    os.replace(out + '.tmp', out)
    counts = {}
    for r in out_rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    print(f'build-baseline: wrote {out}: {len(out_rows)} places; ' +
          ', '.join(f'{k} {v}' for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == '__main__':
    main()
