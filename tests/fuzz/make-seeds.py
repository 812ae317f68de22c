#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the test
fixtures, the theatre data and the example reports: small pieces (< 8 KB), named by origin.
usage: tests/fuzz/make-seeds.py   (from anywhere; rewrites the seed files it makes)"""
import glob
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
LIMIT = 8000


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    if len(data) > LIMIT:
        cut = data.rfind(b"\n", 0, LIMIT)
        data = data[: cut + 1 if cut > 0 else LIMIT]
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def case_texts(path):
    """The report texts of a .case file: what follows '---' up to '===' (split at @report)."""
    text = read(path)
    head, sep, rest = text.partition(b"\n---\n")
    if not sep:
        return []
    body = rest.split(b"\n===\n")[0] + b"\n"
    if b"@report " in body:
        out = []
        for chunk in body.split(b"@report ")[1:]:
            line, _, report = chunk.partition(b"\n")
            fields = line.split()
            header = b"Date: " + fields[0] + b"\n"
            if len(fields) > 1:
                header += b"Lang: " + fields[1] + b"\n"
            out.append(header + b"\n" + report)
        return out
    meta = {}
    for line in head.splitlines():
        line = line.lstrip(b"# ")
        key, colon, value = line.partition(b":")
        if colon:
            meta[key.strip()] = value.strip()
    header = b""
    if b"date" in meta:
        header += b"Date: " + meta[b"date"] + b"\n"
    if b"lang" in meta:
        header += b"Lang: " + meta[b"lang"] + b"\n"
    return [header + b"\n" + body if header else body]


def table_pieces(rel, rows=(3, 12, 40)):
    """The header and the first rows of a TSV, in a few sizes."""
    lines = read(rel).splitlines(keepends=True)
    start = next(i for i, l in enumerate(lines) if not l.startswith(b"#") and l.strip())
    out = []
    for n in rows:
        out.append(b"".join(lines[: start + 1 + n]))
    # a slice from the middle under the same header
    mid = len(lines) // 2
    out.append(lines[start] + b"".join(lines[mid : mid + 10]))
    return out


def main():
    # report: report-dates cases, every case text, the example reports, made-up edge cases
    reports = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/cases/*/*.case"))):
        rel = os.path.relpath(path, ROOT)
        if "/styles/" in rel:
            continue
        for i, text in enumerate(case_texts(rel)):
            reports.append((os.path.basename(rel)[:-5] + ("-%d" % i if i else ""), text))
    for path in sorted(glob.glob(os.path.join(ROOT, "reports/*.txt"))):
        reports.append(("report-" + os.path.basename(path)[:-4], read(os.path.relpath(path, ROOT))))
    made = {
        "header-time": b"Date: 2024-12-07T23:19+02:00\nSource: AFP\nLang: fr\nTitle: x\n\nAlep.\n",
        "header-crlf-bom": b"\xef\xbb\xbfDate: 2024-12-01\r\nLang: en\r\n\r\nRebels took Aleppo.\r\n",
        "utf16": b"\xff\xfeD\x00a\x00t\x00e\x00",
        "latin1": b"Date: 2024-12-01\n\nLes rebelles sont entr\xe9s \xe0 Alep.\n",
        "dateline-dots": b"Hama, 5.12.2024 - Les rebelles avancent.\n",
        "dateline-us": b"Fighting near Homs.\nReuters 12/07/2024 23:19\n",
        "dateline-french": b"Damas, le 7 d\xc3\xa9cembre 2024\nLe r\xc3\xa9gime recule.\n2024-12-07\n",
        "dateline-impossible": b"AP 31/02/2024\n",
        "header-bad-key": b"Date: 2024-12-01\nAuthor: x\n\ntext\n",
        "nul-bytes": b"Date: 2024-12-01\n\nAlep\x00 Homs\n",
    }
    reports += sorted(made.items())
    for name, text in reports:
        write("report", name, text)
        write("pipeline", name, text)

    # manifest
    write("manifest", "reports-index", read("reports/INDEX.tsv"))
    write("manifest", "unit", b"file\tdate\tlanguage\tsource\tnote\na.txt\t2024-12-02\tfr\tAFP\t\n"
          b"b.txt\t2024-12-03T08:05\ten\tAP\t\n")
    write("manifest", "crlf-dup", b"FILE\tDate\tlang\r\nsub/a.txt\t2024-12-02 23:59\tfr\r\n"
          b"other/a.txt\t2024-12-04\ten\r\n# comment\r\n\r\n/abs/c.txt\t2024-12-05\t\r\n")
    write("manifest", "bad-date", b"file\tdate\na.txt\t2024-13-02\n")
    write("manifest", "short-row", b"date\tfile\n2024-12-02\n")

    # gazetteer: places \f aliases \f not-places \f actors \f place overlay \f alias overlay
    places = table_pieces("gazetteer/syria/places.tsv")
    extra = table_pieces("gazetteer/syria/places-extra.tsv", rows=(5,))
    aliases = table_pieces("gazetteer/syria/aliases.tsv")
    not_places = read("gazetteer/syria/not-places.tsv")
    actors = read("gazetteer/syria/actors.tsv")
    for i, piece in enumerate(places):
        write("gazetteer", "places-%d" % i, piece)
    write("gazetteer", "places-extra", extra[0])
    alias_places = b"".join(read("gazetteer/syria/places.tsv").splitlines(keepends=True)[:60])
    for i, piece in enumerate(aliases[:3]):
        write("gazetteer", "places-aliases-%d" % i, alias_places + b"\f" + piece)
    write("gazetteer", "all-four", alias_places + b"\f" + aliases[1] + b"\f" + not_places +
          b"\f" + actors)
    write("gazetteer", "examples-places", read("tests/data/examples-places.tsv"))
    # the overlays replace two places, add one and give an alias
    rows = alias_places.splitlines(keepends=True)[:20]
    added = b"new-place" + rows[10][rows[10].index(b"\t"):]
    overlay = rows[0] + rows[5] + rows[6] + added
    write("gazetteer", "overlays", b"".join(rows) + b"\f\f\f\f" + overlay +
          b"\f" + b"place_id\talias\tlang\tnote\nnew-place\tNouvelle\tfr\t\n")

    # factions: factions \f baseline \f actors \f baseline zones
    factions = read("gazetteer/syria/factions.tsv")
    # the target reads the first 80 places only: baselines of those
    known = {l.split(b"\t")[0] for l in read("gazetteer/syria/places.tsv").splitlines()[1:81]}
    lines = read("gazetteer/syria/baseline.tsv").splitlines(keepends=True)
    rows = [l for l in lines[1:] if l.split(b"\t")[0] in known]
    baseline = [lines[0] + b"".join(rows[:n]) for n in (3, 12, 40)]
    write("factions", "factions", factions)
    for i, piece in enumerate(baseline):
        write("factions", "factions-baseline-%d" % i, factions + b"\f" + piece)
    write("factions", "factions-baseline-actors", factions + b"\f" + baseline[1] + b"\f" + actors)
    zones = b"".join(read("gazetteer/syria/baseline-zones.tsv").splitlines(keepends=True)[:4])
    write("factions", "factions-zones", factions + b"\f" + baseline[1] + b"\f\f" + zones)
    write("factions", "successor-loop", b"id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\tvalid_from\t"
          b"valid_to\tsuccessor\na\t\t\t\t#000000\t\t2024-12-01\tb\nb\t\t\t\t#ffffff\t\t"
          b"2024-12-02\ta\n")
    write("factions", "no-successor-column", b"id\tlabel_fr\tlabel_en\tlabel_ar\tcolor\t"
          b"valid_from\tvalid_to\nrebels\tR\tR\tR\t#00ff00\t2024-11-27\t\n")

    # lexicon: the language files whole and in pieces
    for lang in ("fr", "en"):
        text = read("gazetteer/lang/%s.tsv" % lang)
        write("lexicon", lang, text)
        for i, piece in enumerate(table_pieces("gazetteer/lang/%s.tsv" % lang, rows=(5, 20))):
            write("lexicon", "%s-%d" % (lang, i), piece)

    # style: the shipped styles and the cases' style text
    for path in sorted(glob.glob(os.path.join(ROOT, "styles/*.ini"))):
        write("style", "styles-" + os.path.basename(path)[:-4], read(os.path.relpath(path, ROOT)))
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/cases/styles/*.case"))):
        text = read(os.path.relpath(path, ROOT))
        parts = text.split(b"\n---\n")
        write("style", "case-" + os.path.basename(path)[:-5], parts[-1])


if __name__ == "__main__":
    main()
