#!/usr/bin/env python3
"""Times frontline against MapServer's map2img and Mapnik on the peers' reference map harness.

    python3 scripts/bench-peers.py HARNESS FRONTLINE [ROUNDS]

HARNESS is the folder of the peers' harness (its data prepared by its prep-data.sh), FRONTLINE
the program. Each case runs hyperfine -N in ROUNDS rounds (default 5) of a few runs each, the
commands' order reversed every other round, so that a busy machine weighs on all alike; it
prints the medians of wall time and of CPU time (user + system: hyperfine's mean of a round) and
each one's ratio to map2img's (to Mapnik's for the series). The machine's load is printed with
each case. Cases: warm PNG, SVG, PDF (frontline reads its cache, filled before), cold PNG
(--no-cache), and a series: frontline batch of 365 days from an empty cache, -j 1 and -j 2,
against Mapnik's batch of the harness's 30 dates in one process, per map.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

PY = "/usr/bin/python3"   # Debian's, which has python3-mapnik (the harness's config.sh)


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def rounds(cases, n_rounds, runs, cwd):
    """cases: [(name, command)]; returns {name: (median wall, median CPU)} in seconds."""
    wall = {name: [] for name, _ in cases}
    cpu = {name: [] for name, _ in cases}
    loads = [load()]
    for r in range(n_rounds):
        order = cases if r % 2 == 0 else cases[::-1]
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            args = ["hyperfine", "-N", "-w", "1", "-r", str(runs), "--style", "none",
                    "--export-json", out.name]
            for name, command in order:
                args += ["-n", name, command]
            subprocess.run(args, check=True, cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            for result in json.load(open(out.name))["results"]:
                wall[result["command"]] += result["times"]
                cpu[result["command"]].append(result["user"] + result["system"])
        loads.append(load())
    print(f"  load (1 min) before and after each round: {' '.join(loads)}")
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name]))
            for name, _ in cases}


def report(medians, reference, per=None):
    per = per or {}
    ref_wall, ref_cpu = (v / per.get(reference, 1) for v in medians[reference])
    for name, (w, c) in medians.items():
        w, c = w / per.get(name, 1), c / per.get(name, 1)
        if per:   # a series: maps per second, against the reference's
            print(f"  {name:<16} {w * 1000:8.1f} ms wall, {c * 1000:7.1f} ms CPU per map: "
                  f"{ref_wall / w:.2f}x {reference}'s maps per second ({ref_cpu / c:.2f}x "
                  "per CPU second)")
        else:
            print(f"  {name:<16} {w * 1000:8.1f} ms wall, {c * 1000:7.1f} ms CPU: "
                  f"{w / ref_wall:.2f}x / {c / ref_cpu:.2f}x {reference}'s")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    harness, frontline = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    n_rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    reports = " ".join(os.path.join(source, "reports", name)
                       for name in sorted(os.listdir(os.path.join(source, "reports")))
                       if name.endswith(".txt"))
    work = tempfile.mkdtemp()
    cache = os.path.join(work, "cache")
    mapfile = "-conf mapserver/mapserver.conf -m mapserver/syria.map"

    def render(ext, cold=False):
        flag = " --no-cache" if cold else ""
        return (f"env FRONTLINE_CACHE_DIR={cache} {frontline} render{flag} --date 2024-12-07 "
                f"-o {work}/frontline.{ext} {reports}")

    for ext in ("png", "svg", "pdf"):
        subprocess.run(render(ext).split(), check=True)   # fills the cache
        print(f"warm {ext.upper()}, the full map of 2024-12-07:")
        report(rounds([("frontline", render(ext)),
                       ("map2img", f"map2img {mapfile} -i {ext} -o {work}/map2img.{ext}"),
                       ("mapnik", f"{PY} mapnik/render.py -f {ext} -o {work}/mapnik.{ext}")],
                      n_rounds, 4, harness), "map2img")
    print("cold PNG (--no-cache):")
    report(rounds([("frontline", render("png", cold=True)),
                   ("map2img", f"map2img {mapfile} -o {work}/map2img.png"),
                   ("mapnik", f"{PY} mapnik/render.py -f png -o {work}/mapnik.png")],
                  n_rounds, 3, harness), "map2img")

    def series(jobs):
        where = os.path.join(work, f"series-{jobs}")
        return (f"sh -c 'rm -rf {where}; FRONTLINE_CACHE_DIR={where}/cache exec {frontline} "
                f"batch {reports} --from 2024-11-26 --to 2025-11-25 --format png -j {jobs} "
                f"-o {where}/maps'")
    print("series: 365 maps (frontline batch, an empty cache) and Mapnik's 30 in one process:")
    report(rounds([("frontline -j 1", series(1)),
                   ("mapnik", f"{PY} mapnik/render.py --batch data/dates.txt {work}/mapnik"),
                   ("frontline -j 2", series(2))], max(2, n_rounds // 2), 1, harness),
           "mapnik", per={"frontline -j 1": 365, "frontline -j 2": 365, "mapnik": 30})
    subprocess.run(["rm", "-rf", work], check=True)


if __name__ == "__main__":
    main()
