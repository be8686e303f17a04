#!/usr/bin/env bash
# Where a commit's and a restore's CPU time goes: `damnit commit` (bin/damnit, default settings) of each
# version of a gen-project.sh series after the one before, and a full restore of the last, each under
# `perf record` (with -XX:+DumpPerfMapAtExit, so compiled Java frames have names); the samples bucketed
# by thread and symbol (perf-buckets.py: JIT compiling, interpreter, digests, zstd, chunking, GC, kernel
# reads and writes...). Prints one column per run, in percent of its samples, and the CPU seconds sampled.
# Needs perf (Debian: linux-perf). Usage: profile.sh VERSIONS_DIR [WORK]
set -euo pipefail
command -v perf >/dev/null || { echo "profile.sh needs perf (apt-get install linux-perf)" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
damnit="$(cd "$here/../.." && pwd)/bin/damnit"
versions="${1:?usage: profile.sh VERSIONS_DIR [WORK]}"
work="${2:-/tmp/damnit-profile}"
rm -rf "$work" && mkdir -p "$work/tree"
"$damnit" init "$work/tree" >/dev/null
export JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"
runs=()
for vdir in "$versions"/v*; do
  v="$(basename "$vdir")"
  rsync -a --delete --exclude=.damnit "$vdir/" "$work/tree/"
  sync
  perf record -q -F 999 -o "$work/commit-$v.perf" -- "$damnit" -C "$work/tree" commit -q -m "$v" >/dev/null 2>&1
  runs+=("commit-$v")
done
sync
perf record -q -F 999 -o "$work/restore-$v.perf" -- "$damnit" -C "$work/tree" restore -q --to "$work/out" >/dev/null 2>&1
runs+=("restore-$v")
rm -rf "$work/out"
python3 - "$work" "$here/perf-buckets.py" "${runs[@]}" <<'PY'
import re, subprocess, sys
work, buckets, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
data, order, cpu = {}, [], {}
for r in runs:
    f = f"{work}/{r}.perf"
    for line in subprocess.run([buckets, f], capture_output=True, text=True).stdout.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
        if m:
            data[(m[2], r)] = float(m[1])
            order += [m[2]] if m[2] not in order else []
    n = subprocess.run(["perf", "script", "-i", f, "-F", "comm"], capture_output=True, text=True).stdout.count("\n")
    cpu[r] = n / 999
print("| where (% of CPU samples) | " + " | ".join(runs) + " |")
print("|---|" + "---:|" * len(runs))
for k in order:
    print(f"| {k} | " + " | ".join(f"{data.get((k, r), 0):.0f}" for r in runs) + " |")
print("| CPU s sampled | " + " | ".join(f"{cpu[r]:.2f}" for r in runs) + " |")
PY
