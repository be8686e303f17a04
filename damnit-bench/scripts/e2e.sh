#!/usr/bin/env bash
# End-to-end benchmark: DAMNIT, restic and borg ingest the same series of project versions, in the
# same run, on the same machine. Each version is mirrored (rsync -a --delete, so unchanged files keep
# their mtimes) into one working directory that every tool backs up in turn, each as a command
# (`damnit commit` through bin/damnit with its default settings, `restic backup`, `borg create`), so
# JVM start-up counts like any process start. A second row, damnit-lib, commits the same version
# in-process (org.damnit.bench.EndToEnd, -Xmx256m, from its own mirror), as a pipeline that embeds the
# library sees it, and reports the CPU seconds its delta attempts took and the bytes they saved.
# The whole series is run RUNS times (fresh repositories each time; the tools' order rotates from run
# to run, so a slow spell of the shared machine does not always hit the same tool).
# Prints one row per run, tool and version (input bytes, bytes stored by that version, store size,
# ingest seconds and MB/s, restore seconds, peak memory: RSS, heap for damnit-lib, byte-identical,
# delta CPU s and bytes saved for damnit-lib) into WORK/rows.tsv, then the medians per version and of
# the series totals, with DAMNIT's speed as a ratio of borg's and restic's in each run and the median of
# those ratios. Before the series, a 300 MB file (v1's TSV and random bytes), then v2's edit of it, is
# committed and restored by `damnit` in a 64 MiB heap (JAVA_OPTS=-Xmx64m): WORK/lowheap.tsv. The load of
# the machine (uptime) before each version goes to WORK/load.log.
# Usage: e2e.sh [VERSIONS_DIR] [WORK] [RUNS]   (VERSIONS_DIR defaults to a fresh gen-project.sh output)
set -euo pipefail
need=()
for t in restic:restic borg:borgbackup rsync:rsync python3:python3; do
  command -v "${t%%:*}" >/dev/null || need+=("${t#*:}")
done
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
  echo "installing ${need[*]}" >&2
  apt-get update -q >&2 && apt-get install -y -q "${need[@]}" >&2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
versions="${1:-}"
work="${2:-/tmp/damnit-e2e/run}"
runs="${3:-3}"
if [[ -z "$versions" ]]; then
  versions=/tmp/damnit-e2e/versions
  [[ -d "$versions/v5" ]] || "$here/gen-project.sh" "$versions" >&2
fi
jar="$root/damnit-bench/target/damnit-bench.jar"
(cd "$root" && mvn -q -B -DskipTests -pl damnit-bench,damnit-cli -am package >&2)   # in the reactor; nothing into ~/.m2
export RESTIC_PASSWORD=benchmark BORG_PASSPHRASE="" BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
damnit="$root/bin/damnit"
unset JAVA_OPTS   # the command as users run it: bin/damnit's own heap and collector
rm -rf "$work" && mkdir -p "$work"
rows="$work/rows.tsv"
printf 'run\ttool\tversion\tinput_bytes\tstored_bytes\tstore_total\tingest_s\tingest_MBps\trestore_s\tpeak_MiB\tidentical\tdelta_cpu_s\tdelta_attempted\tdelta_won\tdelta_saved\n' > "$rows"

now() { date +%s.%N; }
size() { du -sb "$1" | cut -f1; }
row() { # run tool version input before after s e rs re rss same [delta columns]
  awk -v r="$1" -v t="$2" -v v="$3" -v i="$4" -v st=$(($6 - $5)) -v tot="$6" -v s="$7" -v e="$8" -v rs="$9" -v re="${10}" \
    -v rss="${11}" -v same="${12}" \
    'BEGIN{printf "%s\t%s\t%s\t%d\t%d\t%d\t%.2f\t%.1f\t%.2f\t%d\t%s\t\t\t\t\n", r, t, v, i, st, tot, e-s, i/1e6/(e-s), re-rs, rss, same}' | tee -a "$rows" >&2
}

run_damnit() { # run version input
  sync
  local before after s e rs re rss same
  before=$(size "$tree/.damnit/store"); s=$(now)
  /usr/bin/time -f %M -o "$work/rss" "$damnit" -C "$tree" commit -q -m "$2" >/dev/null
  e=$(now); after=$(size "$tree/.damnit/store"); rss=$(( $(cat "$work/rss") / 1024 ))
  sync; rs=$(now); "$damnit" -C "$tree" restore -q --to "$work/damnit-out" >/dev/null; re=$(now)
  same=$(diff -r --exclude=.damnit "$tree" "$work/damnit-out" >/dev/null && echo yes || echo NO); rm -rf "$work/damnit-out"
  row "$1" damnit "$2" "$3" "$before" "$after" "$s" "$e" "$rs" "$re" "$rss" "$same"
}
run_lib() { # run version
  sync
  java -Xmx256m -cp "$jar" org.damnit.bench.EndToEnd "$libtree" "$2" | sed "s/^damnit/$1\tdamnit-lib/" | tee -a "$rows" >&2
}
run_restic() { # run version input
  sync
  local before after s e rs re rss same
  before=$(size "$restic_repo"); s=$(now)
  /usr/bin/time -f %M -o "$work/rss" restic backup --repo "$restic_repo" -q --host bench --exclude "$tree/.damnit" "$tree" >/dev/null
  e=$(now); after=$(size "$restic_repo"); rss=$(( $(cat "$work/rss") / 1024 ))
  sync; rs=$(now); restic restore latest --repo "$restic_repo" -q --target "$work/restic-out" >/dev/null; re=$(now)
  same=$(diff -r --exclude=.damnit "$tree" "$work/restic-out$tree" >/dev/null && echo yes || echo NO); rm -rf "$work/restic-out"
  row "$1" restic "$2" "$3" "$before" "$after" "$s" "$e" "$rs" "$re" "$rss" "$same"
}
run_borg() { # run version input (zstd level 3, like DAMNIT's default)
  sync
  local before after s e rs re rss same
  before=$(size "$borg_repo"); s=$(now)
  /usr/bin/time -f %M -o "$work/rss" borg create --compression zstd,3 --exclude "$tree/.damnit" "$borg_repo::$2" "$tree" >/dev/null
  e=$(now); after=$(size "$borg_repo"); rss=$(( $(cat "$work/rss") / 1024 ))
  mkdir -p "$work/borg-out"; sync; rs=$(now); (cd "$work/borg-out" && borg extract "$borg_repo::$2" >/dev/null); re=$(now)
  same=$(diff -r --exclude=.damnit "$tree" "$work/borg-out$tree" >/dev/null && echo yes || echo NO); rm -rf "$work/borg-out"
  row "$1" borg "$2" "$3" "$before" "$after" "$s" "$e" "$rs" "$re" "$rss" "$same"
}

low_heap() { # a 300 MB file commits (then edited, with deltas) and restores with JAVA_OPTS=-Xmx64m
  local d="$work/lowheap" v s e rs re rss same
  rm -rf "$d" && mkdir -p "$d/tree"
  "$damnit" init "$d/tree" >/dev/null
  printf 'version\tbytes\tcommit_s\tcommit_peak_MiB\trestore_s\trestore_peak_MiB\tidentical\n' > "$work/lowheap.tsv"
  for v in v1 v2; do
    { cat "$versions/$v/results/expression.tsv" "$versions/$v/raw/run001.bin" || true; } | head -c 300000000 > "$d/tree/big.dat"   # (cat is cut off by head)
    sync; s=$(now)
    JAVA_OPTS=-Xmx64m /usr/bin/time -f %M -o "$work/rss" "$damnit" -C "$d/tree" commit -q -m "$v" >/dev/null
    e=$(now); rss=$(( $(cat "$work/rss") / 1024 ))
    sync; rs=$(now)
    JAVA_OPTS=-Xmx64m /usr/bin/time -f %M -o "$work/rss2" "$damnit" -C "$d/tree" restore -q --to "$d/out" >/dev/null
    re=$(now)
    same=$(cmp -s "$d/tree/big.dat" "$d/out/big.dat" && echo yes || echo NO); rm -rf "$d/out"
    awk -v v="$v" -v s="$s" -v e="$e" -v rs="$rs" -v re="$re" -v a="$rss" -v b=$(( $(cat "$work/rss2") / 1024 )) -v same="$same" \
      'BEGIN{printf "%s\t300000000\t%.2f\t%d\t%.2f\t%d\t%s\n", v, e-s, a, re-rs, b, same}' | tee -a "$work/lowheap.tsv" >&2
  done
  rm -rf "$d"
}
low_heap

tools=(damnit lib restic borg)
for ((r = 1; r <= runs; r++)); do
  tree="$work/project"; libtree="$work/project-lib"; restic_repo="$work/restic"; borg_repo="$work/borg"
  rm -rf "$tree" "$libtree" "$restic_repo" "$borg_repo"; mkdir -p "$tree" "$libtree"
  "$damnit" init "$tree" >/dev/null
  restic init --repo "$restic_repo" -q
  borg init -e none "$borg_repo" 2>/dev/null
  for vdir in "$versions"/v*; do
    v="$(basename "$vdir")"
    rsync -a --delete --exclude=.damnit "$vdir/" "$tree/"
    rsync -a --delete --exclude=.damnit "$vdir/" "$libtree/"
    input=$(du -sb --exclude=.damnit "$tree" | cut -f1)
    echo "run $r $v $(uptime)" >> "$work/load.log"
    for ((k = 0; k < ${#tools[@]}; k++)); do
      t="${tools[$(( (k + r - 1) % ${#tools[@]} ))]}"
      case "$t" in
        damnit) run_damnit "$r" "$v" "$input" ;;
        lib) run_lib "$r" "$v" ;;
        restic) run_restic "$r" "$v" "$input" ;;
        borg) run_borg "$r" "$v" "$input" ;;
      esac
    done
  done
done
python3 "$here/e2e-summary.py" "$rows"
echo
echo "A 300 MB file in a 64 MiB heap (JAVA_OPTS=-Xmx64m):"
column -t "$work/lowheap.tsv"
echo
echo "Load (uptime) before each version:"
cat "$work/load.log"
