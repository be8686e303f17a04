#!/usr/bin/env python3
"""Medians of the e2e.sh rows (per version, and of each run's series totals) as Markdown tables."""
import csv
import statistics
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
tools = [t for t in ("damnit", "damnit-lib", "restic", "borg") if any(r["tool"] == t for r in rows)]
versions = sorted({r["version"] for r in rows}, key=lambda v: (len(v), v))
runs = sorted({r["run"] for r in rows})
by = defaultdict(list)
for r in rows:
    by[(r["tool"], r["version"])].append(r)


def med(tool, version, field):
    vals = [float(r[field]) for r in by[(tool, version)] if r.get(field)]
    return statistics.median(vals) if vals else float("nan")


def total(tool, run, field):
    return sum(float(r[field]) for r in rows if r["tool"] == tool and r["run"] == run and r.get(field))


print(f"Medians of {len(runs)} run(s).\n")
print("| version | tool | input MB | stored MB | ingest s | restore s | peak MiB | identical | delta CPU s | delta saved MB |")
print("|---|---|---:|---:|---:|---:|---:|---|---:|---:|")
for v in versions:
    for t in tools:
        same = "yes" if all(r["identical"] == "yes" for r in by[(t, v)]) else "NO"
        dc = med(t, v, "delta_cpu_s")
        ds = med(t, v, "delta_saved")
        print(f"| {v} | {t} | {med(t, v, 'input_bytes') / 1e6:.1f} | {med(t, v, 'stored_bytes') / 1e6:.2f} | "
              f"{med(t, v, 'ingest_s'):.2f} | {med(t, v, 'restore_s'):.2f} | {med(t, v, 'peak_MiB'):.0f} | {same} | "
              + (f"{dc:.2f} | {ds / 1e6:.2f} |" if dc == dc else " | |"))
print()
print("DAMNIT's speed as a ratio (the other tool's time / DAMNIT's in the same run, above 1 is faster; the median of")
print("the runs' ratios, then each run's in brackets):\n")
print("| version | damnit ingest ÷ borg | ÷ restic | damnit-lib ingest ÷ borg | ÷ restic | damnit restore ÷ borg | ÷ restic |")
print("|---|---:|---:|---:|---:|---:|---:|")


def ratio(a, b):
    return b / a if a > 0 else float("nan")


def value(tool, version, run, field):
    if version == "total":
        return total(tool, run, field)
    vals = [float(r[field]) for r in by[(tool, version)] if r["run"] == run and r.get(field)]
    return vals[0] if vals else float("nan")


def cell(tool, other, version, field):
    rs = [ratio(value(tool, version, run, field), value(other, version, run, field)) for run in runs]
    rs = [x for x in rs if x == x]
    if not rs:
        return ""
    return f"{statistics.median(rs):.2f} ({' '.join(f'{x:.2f}' for x in rs)})"


for v in versions + ["total"]:
    print(f"| {v} | {cell('damnit', 'borg', v, 'ingest_s')} | {cell('damnit', 'restic', v, 'ingest_s')} | "
          f"{cell('damnit-lib', 'borg', v, 'ingest_s')} | {cell('damnit-lib', 'restic', v, 'ingest_s')} | "
          f"{cell('damnit', 'borg', v, 'restore_s')} | {cell('damnit', 'restic', v, 'restore_s')} |")
print()
print("Series totals (median of the runs' sums): " + ", ".join(
    f"{t} {statistics.median(total(t, run, 'ingest_s') for run in runs):.2f} s ingest, "
    f"{statistics.median(total(t, run, 'stored_bytes') for run in runs) / 1e6:.1f} MB stored"
    for t in tools))
