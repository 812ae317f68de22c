"""Reading the theatre's TSV files (header row, tab-separated, one fact per line), shared by the
data build scripts."""


def read_tsv(path, die):
    """Returns (header, rows as dicts); calls die(message) on a row with the wrong column count.
    Blank lines and lines starting with '#' (comments) are skipped, as the program does."""
    with open(path, encoding='utf-8', newline='') as f:
        lines = f.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    header = lines[0].split('\t')
    rows = []
    for n, line in enumerate(lines[1:], 2):
        if line == '' or line.startswith('#'):
            continue
        cells = line.split('\t')
        if len(cells) != len(header):
            die(f'{path}:{n}: {len(cells)} columns, expected {len(header)}')
        rows.append(dict(zip(header, cells)))
    return header, rows
