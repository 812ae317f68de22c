#!/usr/bin/env python3
"""check-palette.py - how far apart a map's faction colours stay for colour-blind readers and in
grayscale.

usage: scripts/check-palette.py THEATRE_DIR [STYLE.ini]

Takes the faction colours of THEATRE_DIR/factions.tsv (the column STYLE.ini's [colors] factions
names: color or print_color), replaced by the [factions] section of STYLE.ini when given, and
prints:
  - each colour, its CIE L* (the lightness a grayscale print keeps) and how it looks under
    protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1,
    applied to linear sRGB);
  - for normal vision and each simulation, the smallest CIEDE2000 difference between two
    factions and which pair it is;
  - the smallest L* difference between two factions (grayscale), and each faction's contrast
    with the colour of places no faction holds (the style's colors.nobody, white by default).
As a rule of thumb a CIEDE2000 difference under 10 is hard to tell apart on small map dots, and
an L* difference under 10 is hard to tell apart in grayscale. Stdlib only.

usage: scripts/check-palette.py --drawn FRONTLINE THEATRE_DIR STYLE.ini REPORT... \
           [--min-de N] [--min-l N]

checks the tints the map actually draws: each faction's colour laid over the style's land colour
at its [zones] opacity, for the pairs of factions whose zones touch on a map of the reports
(the baseline date and every report's date: FRONTLINE state --format gpkg, then GDAL's SQLite
dialect through ogrinfo). Prints each touching pair's smallest CIEDE2000 difference over normal
vision and the three simulations, and its L* difference, and how far the mark of a change of
hands ([changes] color) stays from every faction's colour; exits 1 when one is under --min-de
(CIEDE2000) or --min-l (L*, grayscale print).
"""
import configparser
import itertools
import math
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import theatre_tsv  # noqa: E402

MACHADO = {
    'protanopia': ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    'deuteranopia': ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    'tritanopia': ((1.255528, -0.076749, -0.178779),
                   (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def die(message):
    print('check-palette: ' + message, file=sys.stderr)
    sys.exit(1)


def parse_hex(text):
    text = text.strip()
    if len(text) not in (7, 9) or text[0] != '#':
        die(f"'{text}' is not a colour (#rrggbb)")
    return tuple(int(text[i:i + 2], 16) / 255 for i in (1, 3, 5))


def to_linear(c):
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def from_linear(c):
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(rgb, matrix):
    linear = [to_linear(c) for c in rgb]
    return tuple(from_linear(sum(m * c for m, c in zip(row, linear))) for row in matrix)


def to_lab(rgb):
    r, g, b = (to_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2):
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0
    if c1p * c2p:
        dh = h2p - h1p
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    dhp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lp, cp = (l1 + l2) / 2, (c1p + c2p) / 2
    hp = h1p + h2p
    if c1p * c2p:
        if abs(h1p - h2p) <= 180:
            hp = (h1p + h2p) / 2
        else:
            hp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hp - 30)) + 0.24 * math.cos(math.radians(2 * hp))
         + 0.32 * math.cos(math.radians(3 * hp + 6)) - 0.20 * math.cos(math.radians(4 * hp - 63)))
    d_theta = 30 * math.exp(-(((hp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp ** 7 / (cp ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (lp - 50) ** 2 / math.sqrt(20 + (lp - 50) ** 2)
    sc = 1 + 0.045 * cp
    sh = 1 + 0.015 * cp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhp / sh) ** 2
                     + rt * (dc / sc) * (dhp / sh))


def hex_of(rgb):
    return '#' + ''.join(f'{round(c * 255):02x}' for c in rgb)


def theatre_colours(rows, style):
    """The factions' colours: the column of factions.tsv the style's [colors] factions names
    (color, print_color; an empty print_color is the color)."""
    column = style.get('colors', 'factions', fallback='color') if style else 'color'
    return {row['id']: parse_hex(row.get(column) or row['color']) for row in rows}


def read_style(path, rows):
    """The style's faction colours over the theatre's factions (rows of factions.tsv), its land
    colour and zone opacity."""
    style = configparser.ConfigParser(comment_prefixes=('#', ';'), interpolation=None)
    if not style.read(path, encoding='utf-8'):
        die(f'{path}: cannot read the style')
    colours = theatre_colours(rows, style)
    if style.has_section('factions'):
        for faction, value in style.items('factions'):
            if faction not in colours:
                die(f'{path}: [factions] {faction}: no such faction')
            colours[faction] = parse_hex(value)
    defaults = configparser.ConfigParser(comment_prefixes=('#', ';'), interpolation=None)
    defaults.read(os.path.join(os.path.dirname(os.path.abspath(path)), 'default.ini'),
                  encoding='utf-8')
    def get(section, key):
        for source in (style, defaults):
            if source.has_option(section, key):
                return source.get(section, key)
        die(f'{path}: no [{section}] {key}, here or in default.ini')
    return (colours, parse_hex(get('colors', 'land')), float(get('zones', 'opacity')),
            parse_hex(get('changes', 'color')))


def touching_pairs(frontline, theatre, reports):
    """The pairs of factions whose zones touch on the baseline date or a report's date."""
    dates = set()
    for report in reports:
        with open(report, encoding='utf-8') as f:
            for line in f:
                m = re.match(r'Date:\s*(\d{4}-\d{2}-\d{2})', line)
                if m:
                    dates.add(m.group(1))
                    break
    ini = configparser.ConfigParser(comment_prefixes=('#', ';'), interpolation=None)
    ini.read(os.path.join(theatre, 'theatre.ini'), encoding='utf-8')
    for section in ini.sections():
        if ini.has_option(section, 'baseline_date'):
            dates.add(ini.get(section, 'baseline_date'))
    pairs = set()
    sql = ('SELECT DISTINCT a.faction AS fa, b.faction AS fb FROM zones a, zones b '
           'WHERE a.faction < b.faction AND ST_Intersects(ST_Buffer(a.geom, 0.02), b.geom)')
    with tempfile.TemporaryDirectory() as tmp:
        for date in sorted(dates):
            out = os.path.join(tmp, date + '.gpkg')
            subprocess.run([frontline, 'state', '--theatre', theatre, '--date', date, '--format',
                            'gpkg', '-o', out] + reports, check=True)
            rows = subprocess.run(['ogrinfo', '-q', '-dialect', 'SQLite', '-sql', sql, out],
                                  check=True, capture_output=True, text=True).stdout
            found = re.findall(r'fa \(String\) = (\S+)\s+fb \(String\) = (\S+)', rows)
            pairs.update(found)
    if not pairs:
        die('no two factions touch on any map of the reports: nothing checked')
    return sorted(pairs)


def check_drawn(args):
    """--drawn: the tints the map draws, for the factions that touch."""
    min_de = min_l = 0.0
    rest = []
    i = 0
    while i < len(args):
        if args[i] in ('--min-de', '--min-l') and i + 1 < len(args):
            value = float(args[i + 1])
            if args[i] == '--min-de':
                min_de = value
            else:
                min_l = value
            i += 2
        else:
            rest.append(args[i])
            i += 1
    if len(rest) < 4:
        die('usage: check-palette.py --drawn FRONTLINE THEATRE_DIR STYLE.ini REPORT... '
            '[--min-de N] [--min-l N]')
    frontline, theatre, style_path, reports = rest[0], rest[1], rest[2], rest[3:]
    _, rows = theatre_tsv.read_tsv(os.path.join(theatre, 'factions.tsv'), die)
    colours, land, opacity, changed = read_style(style_path, rows)
    tint = {f: tuple(opacity * c + (1 - opacity) * l for c, l in zip(rgb, land))
            for f, rgb in colours.items()}
    visions = {'normal': None, **MACHADO}
    failed = False
    print(f'{style_path}: zones at opacity {opacity} over {hex_of(land)}')
    for a, b in touching_pairs(frontline, theatre, reports):
        worst = min((ciede2000(to_lab(tint[a] if m is None else simulate(tint[a], m)),
                               to_lab(tint[b] if m is None else simulate(tint[b], m))), v)
                    for v, m in visions.items())
        dl = abs(to_lab(tint[a])[0] - to_lab(tint[b])[0])
        bad = worst[0] < min_de or dl < min_l
        failed |= bad
        print(f'{a + " / " + b:<22} {hex_of(tint[a])} {hex_of(tint[b])}  CIEDE2000 '
              f'{worst[0]:5.1f} ({worst[1]})  L* {dl:5.1f}{"  TOO CLOSE" if bad else ""}')
    # the mark of a change of hands is no faction's colour, for every reader
    worst = min((ciede2000(to_lab(changed if m is None else simulate(changed, m)),
                           to_lab(rgb if m is None else simulate(rgb, m))), f, v)
                for v, m in visions.items() for f, rgb in colours.items())
    bad = worst[0] < min_de
    failed |= bad
    print(f'changed hands {hex_of(changed)} to the nearest faction colour ({worst[1]}): '
          f'CIEDE2000 {worst[0]:5.1f} ({worst[2]}){"  TOO CLOSE" if bad else ""}')
    sys.exit(1 if failed else 0)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--drawn':
        check_drawn(sys.argv[2:])
    if len(sys.argv) not in (2, 3):
        die('usage: check-palette.py THEATRE_DIR [STYLE.ini]')
    theatre = sys.argv[1]
    _, rows = theatre_tsv.read_tsv(os.path.join(theatre, 'factions.tsv'), die)
    colours = theatre_colours(rows, None)
    nobody = parse_hex('#ffffff')
    if len(sys.argv) == 3:
        style = configparser.ConfigParser(comment_prefixes=('#', ';'), interpolation=None)
        style.read(sys.argv[2], encoding='utf-8')
        colours = theatre_colours(rows, style)
        if style.has_section('factions'):
            for faction, value in style.items('factions'):
                if faction not in colours:
                    die(f'{sys.argv[2]}: [factions] {faction}: no such faction in {theatre}')
                colours[faction] = parse_hex(value)
        if style.has_option('colors', 'nobody'):
            nobody = parse_hex(style.get('colors', 'nobody'))

    visions = {'normal': None, **MACHADO}
    seen = {vision: {f: (rgb if m is None else simulate(rgb, m)) for f, rgb in colours.items()}
            for vision, m in visions.items()}
    print(f"{'faction':<12} {'colour':<8} {'L*':>5}  " +
          '  '.join(f'{v:<12}' for v in MACHADO))
    for faction, rgb in colours.items():
        print(f'{faction:<12} {hex_of(rgb):<8} {to_lab(rgb)[0]:5.1f}  ' +
              '  '.join(f'{hex_of(seen[v][faction]):<12}' for v in MACHADO))
    print()
    for vision in visions:
        labs = {f: to_lab(rgb) for f, rgb in seen[vision].items()}
        d, a, b = min((ciede2000(labs[a], labs[b]), a, b)
                      for a, b in itertools.combinations(labs, 2))
        print(f'min CIEDE2000 {vision:<13} {d:5.1f}  ({a} / {b})')
    lightness = {f: to_lab(rgb)[0] for f, rgb in colours.items()}
    d, a, b = min((abs(lightness[a] - lightness[b]), a, b)
                  for a, b in itertools.combinations(lightness, 2))
    print(f'min L* difference (grayscale) {d:5.1f}  ({a} / {b})')
    nobody_l = to_lab(nobody)[0]
    d, f = min((abs(nobody_l - l), f) for f, l in lightness.items())
    print(f'min L* difference with places held by nobody ({hex_of(nobody)}) {d:5.1f}  ({f})')


if __name__ == '__main__':
    main()
