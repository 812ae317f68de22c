#!/usr/bin/env python3
"""new-theatre.py - write a complete, working theatre folder from packaged data.

usage: scripts/new-theatre.py DIR --country CC[,CC...] --extent W,S,E,N --from DATE --to DATE
                              [--lang fr,en,...] [--zones FILE] [--min-population N]
                              [--id ID] [--node-modules DIR] [--locale-dir DIR]

The steps, each a script of its own (gazetteer/README.md, "A new theatre"):
  1. basemap.conf, then scripts/build-basemap.sh     -> basemap.gpkg (any box, landlocked too)
  2. gazetteer.conf, then scripts/build-gazetteer.py -> places.tsv (the places of the countries
     inside the extent, above the population floor, names in every language of --lang)
  3. factions.tsv, actors.tsv and the other tables: skeletons whose comments say what to fill
  4. baseline-zones.tsv from --zones (a GeoJSON or GeoPackage of polygons or multipolygons with
     a 'faction' attribute), then scripts/build-baseline.py -> baseline.tsv; without --zones
     both are empty (no place has a known holder on the baseline date)
  5. theatre.ini: extent, a Lambert conformal conic projection with standard parallels at 1/6
     and 5/6 of the extent, languages, dates, files, credits
The folder is built under a temporary name next to DIR and renamed to DIR at the end; an error or
a signal (INT, TERM, HUP) removes it. DIR must not exist. Exit status: 0 done, 2 a bad option
(the message names it), 4 a step failed (its message names the file), 128 + N on signal N.
"""
import argparse
import csv
import datetime
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Faction colours of the skeleton: apart in hue and lightness (the analyst changes them).
PALETTE = ['#e43000', '#2f6fb5', '#50917d', '#f0cc00', '#8e44ad', '#352e32', '#e67e22',
           '#16a085']
ZONE_KINDS = {'control', 'deconfliction', 'occupied'}


class Failure(Exception):
    """A step failed; status 2 for a bad option, 4 otherwise (as the program's exit codes)."""

    def __init__(self, message, status=4):
        super().__init__(message)
        self.status = status


def usage_error(option, message):
    raise Failure(f'{option}: {message}', 2)


# --- options ---------------------------------------------------------------------------------

def parse_extent(text):
    try:
        w, s, e, n = (float(v) for v in text.split(','))
    except ValueError:
        usage_error('--extent', f"'{text}' is not W,S,E,N in degrees (e.g. 44.5,39,47.5,40.5)")
    if not (-180 <= w < e <= 180 and -80 <= s < n <= 80):
        usage_error('--extent', f"'{text}': want west < east in [-180, 180] and south < north "
                    'in [-80, 80]')
    if e - w > 40 or n - s > 30:
        usage_error('--extent', f"'{text}' is larger than 40 x 30 degrees: a theatre is a region")
    return w, s, e, n


def parse_date(option, text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        usage_error(option, f"'{text}' is not a date YYYY-MM-DD")


def parse_options(argv):
    ap = argparse.ArgumentParser(prog='frontline theatre new',
                                 description='write a complete, working theatre folder')
    ap.add_argument('dir')
    ap.add_argument('--country', required=True)
    ap.add_argument('--extent', required=True)
    ap.add_argument('--from', dest='first', required=True)
    ap.add_argument('--to', dest='last', required=True)
    ap.add_argument('--lang', default='en')
    ap.add_argument('--zones')
    ap.add_argument('--min-population', type=int, default=1000)
    ap.add_argument('--id')
    ap.add_argument('--node-modules', default=os.path.join(HERE, 'data', 'node_modules'))
    ap.add_argument('--locale-dir', default='/usr/share/locale')
    ap.add_argument('--lexicons', default=os.path.join(HERE, '..', 'gazetteer', 'lang'))
    a = ap.parse_args(argv)
    a.countries = [c.strip().upper() for c in a.country.split(',') if c.strip()]
    for c in a.countries:
        if not re.fullmatch(r'[A-Z]{2}', c):
            usage_error('--country', f"'{c}' is not an ISO 3166-1 alpha-2 code (AM, AZ, UA...)")
    if not a.countries:
        usage_error('--country', 'no country code')
    a.extent = parse_extent(a.extent)
    a.first, a.last = parse_date('--from', a.first), parse_date('--to', a.last)
    if a.first > a.last:
        usage_error('--to', f"{a.last} is before --from {a.first}")
    a.languages = [v.strip() for v in a.lang.split(',') if v.strip()]
    for lang in a.languages:
        if not re.fullmatch(r'[a-z]{2,3}', lang):
            usage_error('--lang', f"'{lang}' is not a language code (fr, en, ar, uk...)")
    if not a.languages or len(set(a.languages)) != len(a.languages):
        usage_error('--lang', f"'{a.lang}': give each language once")
    if a.min_population < 0:
        usage_error('--min-population', f"{a.min_population} is not a population")
    a.dir = os.path.normpath(a.dir)
    a.node_modules, a.locale_dir = os.path.abspath(a.node_modules), os.path.abspath(a.locale_dir)
    a.zones = a.zones and os.path.abspath(a.zones)
    a.id = a.id or re.sub(r'[^A-Za-z0-9_-]+', '-', os.path.basename(a.dir)).strip('-')
    if not re.fullmatch(r'[A-Za-z0-9][A-Za-z0-9_-]*', a.id):
        usage_error('--id', f"'{a.id}' is not a name for files (ASCII letters, digits, - and _)")
    if os.path.lexists(a.dir):
        usage_error(a.dir, 'already exists: a new theatre goes into a new folder')
    if a.zones and not os.path.isfile(a.zones):
        usage_error('--zones', f"{a.zones}: no such file")
    lexicons = [lang for lang in a.languages
                if os.path.exists(os.path.join(a.lexicons, lang + '.tsv'))]
    if not lexicons:
        known = sorted(f[:-4] for f in os.listdir(a.lexicons) if re.fullmatch(r'[a-z]+[.]tsv', f))
        usage_error('--lang', f"no language of '{a.lang}' has a lexicon in gazetteer/lang "
                    f"({', '.join(known)}): list one of them so that reports can be read")
    return a


# --- running the steps -------------------------------------------------------------------------

RUNNING = []   # the step's process, stopped by a signal


def run(step, args, times, scratch):
    """Runs a step's script in the scratch folder (gmt writes its history where it runs)."""
    started = time.monotonic()
    print(f'theatre new: {step}...', file=sys.stderr, flush=True)
    proc = subprocess.Popen(args, cwd=scratch)
    RUNNING.append(proc)
    status = proc.wait()
    RUNNING.remove(proc)
    if status != 0:
        raise Failure(f'{step} failed (status {status}; its message is above)')
    times.append((step, time.monotonic() - started))


def output(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure(f'{args[0]} failed: {r.stderr.strip()}')
    return r.stdout


def map_box(extent):
    """The base map's box: the extent widened so that a 16:9 page and an A4 portrait page both
    stay on data, plus a tenth on every side; degrees rounded outwards to 0.1."""
    w, s, e, n = extent
    c = math.cos(math.radians((s + n) / 2))
    width, height = (e - w) * c, n - s       # in degrees of latitude
    need_w = max(width, height * 16 / 9) * 1.2 / c
    need_h = max(height, width * 297 / 210) * 1.2
    cx, cy = (w + e) / 2, (s + n) / 2
    return (max(-180.0, math.floor((cx - need_w / 2) * 10) / 10),
            max(-85.0, math.floor((cy - need_h / 2) * 10) / 10),
            min(180.0, math.ceil((cx + need_w / 2) * 10) / 10),
            min(85.0, math.ceil((cy + need_h / 2) * 10) / 10))


def countries_in(box, node_modules):
    """ISO alpha-2 codes of the Natural Earth 1:50m countries whose bounds meet box."""
    atlas = os.path.join(node_modules, 'world-atlas', 'countries-50m.json')
    codes_path = os.path.join(node_modules, 'i18n-iso-countries', 'codes.json')
    for p in (atlas, codes_path):
        if not os.path.exists(p):
            raise Failure(f'missing {p} -- install the pinned inputs with: '
                          '(cd scripts/data && npm ci --ignore-scripts)')
    with open(codes_path, encoding='utf-8') as f:
        alpha2 = {c[2]: c[0] for c in json.load(f)}
    text = output(['ogrinfo', '-ro', '-q', '-spat'] + [str(v) for v in box] +
                  [atlas, 'countries'])
    return sorted({alpha2[i] for i in re.findall(r'id \(String\) = (\d+)', text) if i in alpha2})


def country_names(codes, languages, node_modules):
    """The theatre's name in each language: its countries' names joined by a dash."""
    names = {}
    for lang in languages:
        p = os.path.join(node_modules, 'i18n-iso-countries', 'langs', lang + '.json')
        if not os.path.exists(p):
            continue
        with open(p, encoding='utf-8') as f:
            table = json.load(f)['countries']
        parts = [table.get(c) for c in codes]
        parts = [v[0] if isinstance(v, list) else v for v in parts]
        if all(parts):
            names[lang] = ' – '.join(parts)
    return names


def write(path, text):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


def place_columns(languages):
    return (['id', 'geonameid', 'name'] + ['name_' + lang for lang in languages] +
            ['lat', 'lon', 'kind', 'admin1', 'population', 'country'])


# --- the files ---------------------------------------------------------------------------------

def write_confs(d, a, box, dcw):
    w, s, e, n = a.extent
    neighbours = [c for c in dcw if c not in a.countries]
    locator = (max(-180, round((w + e) / 2 - 25)), max(-85, round((s + n) / 2 - 18)),
               min(180, round((w + e) / 2 + 25)), min(85, round((s + n) / 2 + 18)))
    write(os.path.join(d, 'basemap.conf'), f"""\
# Parameters of scripts/build-basemap.sh (key = value, # starts a comment), written by
# 'frontline theatre new'. Box: the extent {w} {s} {e} {n} widened for a 16:9 and an A4
# portrait page, plus a margin.
box = {' '.join(f'{v:g}' for v in box)}
# DCW-GMT countries (ISO 3166-1 alpha-2): every country with land in the box (Natural Earth).
dcw = {' '.join(dcw)}
shore_res = f
river_res = f
# Optional: ceasefire = COUNTRY_A|COUNTRY_B|label (a Natural Earth shared border), drop_lake.
locator_box = {' '.join(f'{v:g}' for v in locator)}
""")
    write(os.path.join(d, 'gazetteer.conf'), f"""\
# Parameters of scripts/build-gazetteer.py (key = value, # starts a comment), written by
# 'frontline theatre new'. Change them, then rerun the script (gazetteer/README.md).
country = {' '.join(a.countries)}
# The theatre's places: those of cities500 inside home_box with at least min_population people.
home_box = {w:g} {s:g} {e:g} {n:g}
min_population = {a.min_population}
# Neighbours' cities inside box with at least foreign_min_population people.
box = {' '.join(f'{v:g}' for v in box)}
neighbours = {' '.join(neighbours)}
foreign_min_population = 100000
# capitals = GEONAMEID ...  (foreign capitals shown even outside the box)
# exclude = GEONAMEID ...   (places left out: duplicates, sections of a city, wrong points)
# admin1 = CC.NN Name       (a first-level division's name as the theatre spells it)
languages = {' '.join(a.languages)}
""")


def write_tables(d, a, factions):
    langs = a.languages
    write(os.path.join(d, 'places-extra.tsv'), '\t'.join(place_columns(langs)) + '\n')
    write(os.path.join(d, 'names-curated.tsv'),
          '\t'.join(['id', 'geonameid'] + ['name_' + lang for lang in langs] + ['note']) + '\n')
    write(os.path.join(d, 'aliases.tsv'), 'place_id\talias\tlang\tnote\n')
    write(os.path.join(d, 'not-places.tsv'), 'phrase\tnote\n')
    write(os.path.join(d, 'baseline-overrides.tsv'), 'place_id\tfaction\tsource\n')
    rows = []
    for i, f in enumerate(factions):
        rows.append('\t'.join([f] + [f] * len(langs) + [PALETTE[i % len(PALETTE)], '', '', '',
                                                        '', 'TO FILL: labels, colours, dates']))
    write(os.path.join(d, 'factions.tsv'),
          '\t'.join(['id'] + ['label_' + lang for lang in langs] +
                    ['color', 'print_color', 'valid_from', 'valid_to', 'allies', 'note']) +
          '\n# TO FILL: one row per party shown on the map (gazetteer/README.md, "factions.tsv"):\n'
          '# a lowercase id, its label in each language (empty: the English one, else the id),\n'
          '# a colour #RRGGBB, its colour in print (styles/print.ini; empty: the colour), the\n'
          "# dates it exists (empty: open) and its allies (ids split by ';'). The rows below\n"
          "# come from the zones file's 'faction' attribute.\n" +
          ''.join(r + '\n' for r in rows))
    examples = ''.join(f'# en\t{f} forces\t{f}\n' for f in factions) or '# en\tarmy\tgovernment\n'
    write(os.path.join(d, 'actors.tsv'),
          '# TO FILL: the names that stand for a faction in reports (gazetteer/README.md,\n'
          '# "actors.tsv"): lang (a language of the theatre, or * for all), actor (matched like\n'
          "# report text; a word ending in '*' matches any word it begins), faction (an id of\n"
          '# factions.tsv). Without rows, no report names a side and no event is read. E.g.:\n' +
          examples + 'lang\tactor\tfaction\n')


def read_zones(path, factions_out):
    """The zones file's polygons as baseline-zones.tsv rows (multipolygons split), in the order
    of the file; the faction ids go to factions_out."""
    layers = re.findall(r'^\d+: (.+?)(?: \([^()]*\))?$', output(['ogrinfo', '-ro', '-q', path]),
                        re.M)
    if not layers:
        raise Failure(f'--zones {path}: no layer')
    if len(layers) > 1:
        print(f'theatre new: --zones {path}: {len(layers)} layers, reading the first '
              f'({layers[0]})', file=sys.stderr)
    with tempfile.TemporaryDirectory() as t:
        csv_path = os.path.join(t, 'zones.csv')
        r = subprocess.run(['ogr2ogr', '-f', 'CSV', csv_path, path, layers[0],
                            '-t_srs', 'EPSG:4326',
                            '-explodecollections', '-nlt', 'POLYGON', '-dim', 'XY',
                            '-lco', 'GEOMETRY=AS_WKT'], capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure(f'--zones {path}: cannot be read as polygons: {r.stderr.strip()}')
        with open(csv_path, encoding='utf-8', newline='') as f:
            rows = list(csv.DictReader(f))
    if rows and 'faction' not in rows[0]:
        raise Failure(f"--zones {path}: no 'faction' attribute (it has: "
                      f"{', '.join(k for k in rows[0] if k != 'WKT')})")
    out = []
    for n, z in enumerate(rows, 1):
        faction, kind = z['faction'].strip(), (z.get('kind') or 'control').strip()
        if kind not in ZONE_KINDS:
            raise Failure(f"--zones {path}: feature {n}: kind '{kind}' is not control, "
                          'deconfliction or occupied')
        if kind == 'occupied':
            faction = ''
        elif not re.fullmatch(r'[a-z0-9][a-z0-9-]*', faction):
            raise Failure(f"--zones {path}: feature {n}: faction '{faction}' is not an id "
                          '(lowercase ASCII letters, digits and hyphens)')
        wkt = re.sub(r'-?\d+\.\d+', lambda m: f'{float(m.group()):.5f}'.rstrip('0').rstrip('.'),
                     z['WKT'])
        if not wkt.upper().startswith('POLYGON'):
            raise Failure(f'--zones {path}: feature {n} is no polygon')
        if faction and faction not in factions_out:
            factions_out.append(faction)
        name = (z.get('name') or '').strip() or f'{faction or kind} {n}'
        cells = [faction, kind, name, '', '', '', wkt, os.path.basename(path)]
        if any('\t' in c or '\n' in c for c in cells):
            raise Failure(f'--zones {path}: feature {n}: a tab or a newline in an attribute')
        out.append('\t'.join(cells))
    if not out:
        raise Failure(f'--zones {path}: no polygon')
    return out


def write_ini(d, a, names, lexicons):
    w, s, e, n = a.extent
    lat1, lat2 = s + (n - s) / 6, s + 5 * (n - s) / 6
    proj = (f'+proj=lcc +lat_0={(s + n) / 2:.4g} +lon_0={(w + e) / 2:.4g} +lat_1={lat1:.4g} '
            f'+lat_2={lat2:.4g} +datum=WGS84 +units=m +no_defs')
    name_lines = ''.join(f'name_{lang} = {names[lang]}\n' for lang in a.languages if lang in names)
    write(os.path.join(d, 'theatre.ini'), f"""\
# Written by 'frontline theatre new'. Keys are documented in gazetteer/README.md.

[theatre]
id = {a.id}
{name_lines}country = {';'.join(a.countries)}
# Map extent in degrees: west;south;east;north
extent = {w:g};{s:g};{e:g};{n:g}
# Lambert conformal conic, standard parallels at 1/6 and 5/6 of the extent, centred on it.
projection = {proj}
languages = {';'.join(a.languages)}
baseline_date = {a.first.isoformat()}
# The dates this theatre covers: first;last
period = {a.first.isoformat()};{a.last.isoformat()}

[ground]
# The double-lined rivers (WDBII level 1) part the ground; the reach of each kind of place is
# the default (gazetteer/README.md, "[ground]").
barrier_levels = 1

[files]
places = places.tsv;places-extra.tsv
aliases = aliases.tsv
factions = factions.tsv
actors = actors.tsv
not_places = not-places.tsv
baseline_zones = baseline-zones.tsv
baseline = baseline.tsv
basemap = basemap.gpkg
lexicons = {lexicons}
# The matcher rules of the script the names come from (gazetteer/README.md, "Matcher rules"):
# matcher = {lexicons}/match-arabic.tsv or {lexicons}/match-cyrillic.tsv

# [words]
# The map's words of this theatre, replacing the language files' (gazetteer/README.md, "Map
# words"), in one language or, without [lang], in all; e.g. what open ground stands for:
# open_ground[en] = open ground: follows its towns

[credits]
basemap = Coasts, lakes, rivers, borders: GSHHG/WDBII/DCW (Wessel & Smith, LGPL); locator map: Natural Earth; reservoirs: © OpenStreetMap contributors (ODbL)
gazetteer = Places: GeoNames (CC BY 4.0)
""")


def write_readme(d, a, times, zones_note):
    w, s, e, n = a.extent
    steps = ''.join(f'| {step} | {secs:.0f} s |\n' for step, secs in times)
    write(os.path.join(d, 'README.md'), f"""\
# Theatre `{a.id}`

Written by `frontline theatre new --country {','.join(a.countries)} --extent {w:g},{s:g},{e:g},{n:g}
--from {a.first} --to {a.last} --lang {','.join(a.languages)}`. The files and their columns are
described in `gazetteer/README.md`.

| step | time |
|---|---|
{steps}
Still to do by hand (gazetteer/README.md, "A new theatre"):

* `factions.tsv`: labels and colours of the parties ({zones_note});
* `actors.tsv`: the names that stand for each party in reports;
* `names-curated.tsv`, `aliases.tsv`: the press spellings of the key places;
* `baseline-zones.tsv` or `baseline-overrides.tsv`, then `scripts/build-baseline.py`;
* the sources of this folder's data, here.
""")


def build(a, tmp, times, scratch):
    started = time.monotonic()
    factions, zones = [], []
    if a.zones:   # read first: a bad zones file stops before the minutes of the base map
        zones = read_zones(a.zones, factions)
    zones_secs = time.monotonic() - started
    box = map_box(a.extent)
    dcw = countries_in(box, a.node_modules)
    missing = [c for c in a.countries if c not in dcw]
    if missing:
        usage_error('--country', f"{', '.join(missing)}: no land inside --extent (the "
                    f"countries there: {', '.join(dcw) or 'none'})")
    write_confs(tmp, a, box, dcw)
    run('base map (scripts/build-basemap.sh)',
        ['sh', os.path.join(HERE, 'build-basemap.sh'), '-n', a.node_modules,
         '-o', os.path.join(tmp, 'basemap.gpkg'), os.path.join(tmp, 'basemap.conf')],
        times, scratch)
    run('gazetteer (scripts/build-gazetteer.py)',
        [sys.executable, os.path.join(HERE, 'build-gazetteer.py'), '--node-modules',
         a.node_modules, '--locale-dir', a.locale_dir, tmp], times, scratch)
    with open(os.path.join(tmp, 'places.tsv'), encoding='utf-8') as f:
        n_home = sum(1 for line in f if line.rstrip('\n').split('\t')[-1] in a.countries)
    if n_home == 0:
        usage_error('--extent', f'no place of {",".join(a.countries)} with at least '
                    f'{a.min_population} people inside it (GeoNames cities500)')
    started = time.monotonic()
    write_tables(tmp, a, factions)
    write(os.path.join(tmp, 'baseline-zones.tsv'),
          'faction\tkind\tname\tlabel_fr\tlabel_en\tlabel_ar\twkt\tsource\n' +
          ''.join(z + '\n' for z in zones))
    times.append(('skeletons and zones', zones_secs + time.monotonic() - started))
    if zones:
        run('baseline (scripts/build-baseline.py)',
            [sys.executable, os.path.join(HERE, 'build-baseline.py'), '--unzoned-ok', tmp],
            times, scratch)
    else:
        write(os.path.join(tmp, 'baseline.tsv'), 'place_id\tfaction\tsource\n')
    # relative to the final folder, which lies next to tmp
    lexicons = os.path.relpath(os.path.abspath(a.lexicons), os.path.abspath(a.dir))
    write_ini(tmp, a, country_names(a.countries, a.languages, a.node_modules), lexicons)
    zones_note = (f'{len(factions)} from the zones file' if factions
                  else 'none yet: add them, with zones')
    write_readme(tmp, a, times, zones_note)


def main(argv):
    try:
        a = parse_options(argv)
    except Failure as e:
        print(f'theatre new: {e}', file=sys.stderr)
        return e.status
    parent = os.path.dirname(os.path.abspath(a.dir))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='.' + os.path.basename(a.dir) + '.', dir=parent)

    def on_signal(number, frame):
        for proc in RUNNING:
            proc.terminate()
        raise Failure(f'interrupted (signal {number})', 128 + number)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    started, times = time.monotonic(), []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            build(a, tmp, times, scratch)
        os.chmod(tmp, 0o755)
        os.rename(tmp, a.dir)
    except Failure as e:
        print(f'theatre new: {e}', file=sys.stderr)
        return e.status
    finally:
        for proc in RUNNING:
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f'theatre new: wrote {a.dir} in {time.monotonic() - started:.0f} s ' +
          '(' + ', '.join(f'{step.split(" (")[0]} {secs:.0f} s' for step, secs in times) + ')',
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
